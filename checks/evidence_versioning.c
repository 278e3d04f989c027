/*
 * evidence_versioning.c -- evidence and log buckets are versioned; MFA
 * delete is reported
 *
 * Evidence buckets as in evidence_object_lock.c; someone else's bucket is
 * NOT_APPLICABLE here.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

/*
 * Findings shared by the evidence checks for buckets that cannot be judged
 * here: someone else's (NA) or one whose location could not be read
 * (ERROR). Returns 1 when it added a finding.
 */
static int not_here(const struct inv_bucket *b, const char *arn,
		    const char *roles, struct findings *out)
{
	char e[600];

	if (!b->owned) {
		findings_add(out, CHECK_NA, "AWS::S3::Bucket", arn,
			     "%s %s is not in this account's bucket list: it "
			     "is owned by another account (or does not "
			     "exist); audit it there",
			     roles, b->name);
		return 1;
	}
	if (!b->location_checked) {
		findings_add(out, CHECK_ERROR, "AWS::S3::Bucket", arn,
			     "could not read the location of %s %s: %s", roles,
			     b->name,
			     inv_error_text(&b->location_err, e, sizeof(e)));
		return 1;
	}
	return 0;
}

/*
 * After the buckets: ERROR when some source of evidence buckets could not
 * be read (their buckets are missing from the evaluation), else NA when
 * there was nothing to evaluate. Evidence buckets named by the policy do
 * not depend on those sources.
 */
static void sources(const struct check_ctx *cx, size_t n, struct findings *out)
{
	char why[800];

	if (cx->params->nevidence_buckets)
		return;
	if (inv_bucket_sources_error(cx->acct, why, sizeof(why)))
		findings_add(out, CHECK_ERROR, "AWS::S3::Bucket", cx->acct->id,
			     "could not identify every evidence bucket of "
			     "account %s, so the buckets these deliver to are "
			     "not evaluated: %s could not be read",
			     cx->acct->id, why);
	else if (!n)
		findings_add(out, CHECK_NA, "AWS::S3::Bucket", cx->acct->id,
			     "no evidence bucket: the policy lists none and no "
			     "CloudTrail trail, Config delivery channel or VPC "
			     "flow log delivers to S3 in account %s",
			     cx->acct->id);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	size_t n = 0;

	for (size_t i = 0; i < a->buckets.n; i++) {
		const struct inv_bucket *b = &a->buckets.v[i];
		char arn[300], roles[96], e[600];
		const char *mfa;

		if (!b->evidence)
			continue;
		n++;
		snprintf(arn, sizeof(arn), "arn:aws:s3:::%s", b->name);
		inv_bucket_roles(b, roles, sizeof(roles));
		if (not_here(b, arn, roles, out))
			continue;
		if (!b->versioning_checked) {
			findings_add(out, CHECK_ERROR, "AWS::S3::Bucket", arn,
				     "could not read the versioning of %s %s: "
				     "%s",
				     roles, b->name,
				     inv_error_text(&b->versioning_err, e,
						    sizeof(e)));
			continue;
		}
		mfa = b->mfa_delete && !strcmp(b->mfa_delete, "Enabled")
			      ? "MFA delete is enabled"
			      : "MFA delete is not enabled";
		if (b->versioning && !strcmp(b->versioning, "Enabled"))
			findings_add(out, CHECK_PASS, "AWS::S3::Bucket", arn,
				     "%s %s in %s is versioned; %s", roles,
				     b->name, b->region, mfa);
		else if (b->versioning)
			findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
				     "%s %s in %s has versioning %s: "
				     "overwritten or deleted objects are not "
				     "kept; %s",
				     roles, b->name, b->region, b->versioning,
				     mfa);
		else
			findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
				     "%s %s in %s has never been versioned: "
				     "an overwrite or delete destroys the "
				     "only copy",
				     roles, b->name, b->region);
	}
	sources(cx, n, out);
	return 0;
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
