/*
 * evidence_object_lock.c -- evidence and log buckets have an Object Lock
 * default retention of at least params.evidence_retention_min_days
 *
 * Evidence buckets are params.evidence_buckets, or else the buckets that
 * receive CloudTrail, Config and S3 flow logs (see inv_s3.c). A bucket this
 * account does not own is NOT_APPLICABLE here: it is audited in its own
 * account (evidence.h).
 */
#include "evidence.h"

#include <string.h>
#include <strings.h>

static void judge(const struct check_ctx *cx, const struct inv_bucket *b,
		  const char *arn, const char *roles, struct findings *out)
{
	long min = cx->params->evidence_retention_min_days;
	long days;

	if (!b->lock_checked) {
		evidence_unread(b, arn, roles, "the Object Lock configuration",
				&b->lock_err, out);
		return;
	}
	if (!b->lock_enabled) {
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "%s %s in %s does not have Object Lock enabled: "
			     "its objects can be deleted or overwritten by "
			     "whoever holds write access",
			     roles, b->name, b->region);
		return;
	}
	days = b->lock_days ? b->lock_days : b->lock_years * 365;
	if (!b->lock_mode || !days) {
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "%s %s in %s has Object Lock enabled but no "
			     "default retention: new objects are not locked "
			     "unless the writer asks",
			     roles, b->name, b->region);
		return;
	}
	if (days < min) {
		findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
			     "%s %s in %s locks new objects for only %ld days "
			     "(%s mode), fewer than the %ld days of evidence "
			     "retention",
			     roles, b->name, b->region, days, b->lock_mode,
			     min);
		return;
	}
	findings_add(out, CHECK_PASS, "AWS::S3::Bucket", arn,
		     "%s %s in %s locks new objects for %ld days in %s "
		     "mode%s (at least %ld required)",
		     roles, b->name, b->region, days, b->lock_mode,
		     !strcasecmp(b->lock_mode, "GOVERNANCE")
			     ? ", which holders of "
			       "s3:BypassGovernanceRetention can override"
			     : "",
		     min);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	return evidence_run(cx, out, judge);
}

const struct check check_evidence_object_lock = {
	.id = "evidence_object_lock",
	.title = "Evidence and log buckets lock objects for the retention "
		 "period",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	/* S3_BUCKETS reads Config and flow logs too (inv_needs_closure) */
	.needs = NEED_S3_BUCKETS | NEED_CLOUDTRAIL,
	.guidance = "Post-incident: preserve evidence so it stands up",
	.rationale = "An intruder with administrator access deletes the logs "
		     "that record the intrusion. Object Lock with a default "
		     "retention makes every log object and evidence artefact "
		     "immutable for the retention period, so the record "
		     "survives the incident and the investigation can rely "
		     "on it.",
	.remediation = "1. Object Lock can be enabled on an existing, "
		       "versioned bucket (put-object-lock-configuration) or "
		       "chosen when a new evidence bucket is created.\n"
		       "2. Set a default retention of at least the evidence "
		       "retention period, in COMPLIANCE mode for evidence "
		       "that nobody, including root, may shorten.\n"
		       "3. Keep evidence buckets in a separate log-archive "
		       "account.",
	.cli_fix = "aws s3api put-object-lock-configuration --bucket <BUCKET> "
		   "--object-lock-configuration '{\"ObjectLockEnabled\":"
		   "\"Enabled\",\"Rule\":{\"DefaultRetention\":{\"Mode\":"
		   "\"COMPLIANCE\",\"Days\":365}}}'",
	.cfn = "EvidenceBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n"
	       "    ObjectLockEnabled: true\n"
	       "    ObjectLockConfiguration:\n"
	       "      ObjectLockEnabled: Enabled\n      Rule:\n"
	       "        DefaultRetention:\n          Mode: COMPLIANCE\n"
	       "          Days: 365\n"
	       "    VersioningConfiguration:\n      Status: Enabled",
	.doc_url = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
		   "object-lock.html",
	.frameworks = "FSBP:S3.15;SEC10-BP03;NIST-CSF-2.0:RS.AN-07",
	.run = run,
};
