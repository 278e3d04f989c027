/*
 * cloudtrail_bucket_separate_account.c -- trails deliver outside this
 * account: an organization trail, or a bucket another account owns
 *
 * One finding per trail. Ownership comes from ListBuckets: a trail bucket
 * that this account's ListBuckets does not return belongs to another
 * account (S3 bucket names are global). In --org runs an organization
 * trail is judged once, in the account that owns it: the members'
 * findings are NOT_APPLICABLE, naming it.
 */
#include "check.h"

#include <stdio.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;

	for (size_t i = 0; i < a->trails.n; i++) {
		const struct inv_trail *t = &a->trails.v[i];
		const struct inv_bucket *b =
			t->bucket ? inv_bucket_find(a, t->bucket) : NULL;

		if (check_org_trail_elsewhere(
			    cx, t, "where its logs go is judged", out))
			continue;
		if (t->organization)
			findings_add(out, CHECK_PASS, "AWS::CloudTrail::Trail",
				     t->arn,
				     "trail '%s' is an organization trail: "
				     "its logs are delivered under the "
				     "management account's control%s%s%s",
				     t->name, t->bucket ? ", to " : "",
				     t->bucket ? t->bucket : "",
				     check_org_trail_fallback(cx, t));
		else if (!t->bucket)
			findings_add(out, CHECK_FAIL, "AWS::CloudTrail::Trail",
				     t->arn, "trail '%s' names no S3 bucket",
				     t->name);
		else if (b && b->owned)
			findings_add(out, CHECK_FAIL, "AWS::CloudTrail::Trail",
				     t->arn,
				     "trail '%s' delivers to %s, a bucket in "
				     "this account: anyone who takes over "
				     "account %s can delete or rewrite the "
				     "record of what they did",
				     t->name, t->bucket, a->id);
		else
			findings_add(out, CHECK_PASS, "AWS::CloudTrail::Trail",
				     t->arn,
				     "trail '%s' delivers to %s, which is not "
				     "in this account's bucket list: another "
				     "account owns it",
				     t->name, t->bucket);
	}
	return 0;
}

const struct check check_cloudtrail_bucket_separate_account = {
	.id = "cloudtrail_bucket_separate_account",
	.title = "CloudTrail logs are delivered to another account",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_CLOUDTRAIL | NEED_S3_BUCKETS,
	.guidance = "Prepare: capture an authoritative record of API activity",
	.rationale = "Logs kept in the account they describe are only as "
		     "trustworthy as that account's administrators. An "
		     "organization trail, or a bucket in a dedicated "
		     "log-archive account, keeps the record out of an "
		     "intruder's reach even with administrator access here.",
	.remediation = "1. Create an organization trail from the management "
		       "account (or a delegated administrator), or point the "
		       "trail at a bucket in a log-archive account.\n"
		       "2. Give the bucket a policy that lets CloudTrail "
		       "write and nobody in the workload accounts delete.\n"
		       "3. Once the new trail delivers, delete the in-account "
		       "trail or keep it only as a secondary copy.",
	.cli_fix = "aws cloudtrail update-trail --name <TRAIL> "
		   "--s3-bucket-name <LOG_ARCHIVE_BUCKET>",
	.cfn = "OrgTrail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n"
	       "    IsOrganizationTrail: true\n    IsMultiRegionTrail: true\n"
	       "    IsLogging: true\n"
	       "    S3BucketName: <LOG_ARCHIVE_BUCKET>",
	.doc_url = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
		   "creating-trail-organization.html",
	.frameworks = "SEC10-BP03;NIST-CSF-2.0:RS.AN-07",
	.run = run,
};
