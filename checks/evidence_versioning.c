/*
 * evidence_versioning.c -- evidence and log buckets are versioned; MFA
 * delete is reported
 *
 * Evidence buckets as in evidence.h; someone else's bucket is
 * NOT_APPLICABLE here.
 */
#include "evidence.h"

#include <string.h>
#include <strings.h>

static void judge(const struct check_ctx *cx, const struct inv_bucket *b,
		  const char *arn, const char *roles, struct findings *out)
{
	const char *mfa;

	if (!b->versioning_checked) {
		evidence_unread(b, arn, roles, "the versioning",
				&b->versioning_err, out);
		return;
	}
	mfa = b->mfa_delete && !strcasecmp(b->mfa_delete, "Enabled")
		      ? "MFA delete is enabled"
		      : "MFA delete is not enabled";
	if (b->versioning && !strcasecmp(b->versioning, "Enabled"))
		findings_add(out, CHECK_PASS, "AWS::S3::Bucket", arn,
			     "%s %s in %s is versioned; %s", roles, b->name,
			     b->region, mfa);
	else if (b->versioning)
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "%s %s in %s has versioning %s: overwritten or "
			     "deleted objects are not kept; %s",
			     roles, b->name, b->region, b->versioning, mfa);
	else
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "%s %s in %s has never been versioned: an "
			     "overwrite or delete destroys the only copy",
			     roles, b->name, b->region);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	return evidence_run(cx, out, judge);
}

const struct check check_evidence_versioning = {
	.id = "evidence_versioning",
	.title = "Evidence and log buckets are versioned",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	/* S3_BUCKETS reads Config and flow logs too (inv_needs_closure) */
	.needs = NEED_S3_BUCKETS | NEED_CLOUDTRAIL,
	.guidance = "Post-incident: preserve evidence so it stands up",
	.rationale = "With versioning, an object that is overwritten or "
		     "deleted -- by an intruder covering tracks or by "
		     "mistake -- stays recoverable as a noncurrent version, "
		     "and Object Lock requires it. MFA delete adds a second "
		     "factor to permanently deleting a version or turning "
		     "versioning off.",
	.remediation = "1. Enable versioning on every evidence and log "
		       "bucket.\n"
		       "2. Consider MFA delete (set by the root user with its "
		       "MFA device) or, better, Object Lock.\n"
		       "3. Add a lifecycle rule for noncurrent versions that "
		       "keeps them at least as long as the evidence "
		       "retention.",
	.cli_fix = "aws s3api put-bucket-versioning --bucket <BUCKET> "
		   "--versioning-configuration Status=Enabled",
	.cfn = "EvidenceBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n"
	       "    VersioningConfiguration:\n      Status: Enabled",
	.doc_url = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
		   "Versioning.html",
	.frameworks = "CIS-3.0:2.1.2;FSBP:S3.14;SEC10-BP03;"
		      "NIST-CSF-2.0:RS.AN-07",
	.run = run,
};
