/*
 * cloudtrail_bucket_access_logging.c -- the trail buckets have S3 server
 * access logging
 *
 * One finding per distinct trail bucket. A bucket this account does not
 * own is NOT_APPLICABLE: its logging is set, and audited, in its own
 * account (typically a log-archive account).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;

	for (size_t i = 0; i < a->trails.n; i++) {
		const struct inv_trail *t = &a->trails.v[i];
		const struct inv_bucket *b;
		char arn[300], e[600];
		int seen = 0;

		if (!t->bucket)
			continue;
		for (size_t k = 0; k < i; k++)
			seen |= a->trails.v[k].bucket &&
				!strcmp(a->trails.v[k].bucket, t->bucket);
		if (seen)
			continue;
		check_arn(cx, arn, sizeof(arn), "s3", "", "", "%s", t->bucket);
		b = inv_bucket_find(a, t->bucket);
		if (!b || !b->owned) {
			findings_add(out, CHECK_NA, "AWS::S3::Bucket", arn,
				     "trail '%s' delivers to %s, which is not "
				     "in this account's bucket list: it is "
				     "owned by another account; audit its "
				     "access logging there",
				     t->name, t->bucket);
			continue;
		}
		if (!b->location_checked || !b->logging_checked) {
			findings_add(out, CHECK_ERROR, "AWS::S3::Bucket", arn,
				     "could not read the access logging of "
				     "trail bucket %s: %s",
				     b->name,
				     inv_error_text(!b->location_checked
							    ? &b->location_err
							    : &b->logging_err,
						    e, sizeof(e)));
			continue;
		}
		if (b->log_target)
			findings_add(out, CHECK_PASS, "AWS::S3::Bucket", arn,
				     "trail bucket %s in %s logs its access "
				     "to %s/%s",
				     b->name, b->region, b->log_target,
				     b->log_prefix ? b->log_prefix : "");
		else
			findings_add(out, CHECK_FAIL, "AWS::S3::Bucket", arn,
				     "trail bucket %s in %s (trail '%s') has "
				     "no server access logging: reads and "
				     "deletions of the CloudTrail logs "
				     "themselves go unrecorded",
				     b->name, b->region, t->name);
	}
	return 0;
}

const struct check check_cloudtrail_bucket_access_logging = {
	.id = "cloudtrail_bucket_access_logging",
	.title = "The CloudTrail bucket has S3 server access logging",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_CLOUDTRAIL | NEED_S3_BUCKETS,
	.guidance = "Prepare: capture an authoritative record of API activity",
	.rationale = "CloudTrail data events are rarely on for the trail's "
		     "own bucket, so S3 server access logs are the record of "
		     "who read, copied or deleted the audit logs -- the "
		     "first thing a careful intruder goes after.",
	.remediation = "1. Create (or pick) a separate access-log bucket, in "
		       "the same region, that the trail bucket's owner can "
		       "write to.\n"
		       "2. Enable server access logging on the trail bucket "
		       "with a distinct target prefix.\n"
		       "3. Protect the access-log bucket like the trail "
		       "bucket (versioning, retention).",
	.cli_fix = "aws s3api put-bucket-logging --bucket <TRAIL_BUCKET> "
		   "--bucket-logging-status '{\"LoggingEnabled\":"
		   "{\"TargetBucket\":\"<ACCESS_LOG_BUCKET>\","
		   "\"TargetPrefix\":\"cloudtrail-bucket/\"}}'",
	.cfn = "TrailBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n"
	       "    LoggingConfiguration:\n"
	       "      DestinationBucketName: !Ref AccessLogBucket\n"
	       "      LogFilePrefix: cloudtrail-bucket/",
	.doc_url = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
		   "ServerLogs.html",
	.frameworks = "CIS-3.0:3.4;FSBP:CloudTrail.7;SEC10-BP03;"
		      "NIST-CSF-2.0:PR.PS-04",
	.run = run,
};
