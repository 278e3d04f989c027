/*
 * s3_public_access_block.c -- account-level S3 Block Public Access has all
 * four settings on
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_s3_pab *p = &cx->acct->s3_pab;
	const char *id = cx->acct->id;
	const struct {
		int on;
		const char *name;
	} set[] = {
		{ p->block_public_acls, "BlockPublicAcls" },
		{ p->ignore_public_acls, "IgnorePublicAcls" },
		{ p->block_public_policy, "BlockPublicPolicy" },
		{ p->restrict_public_buckets, "RestrictPublicBuckets" },
	};
	char off[160] = "";

	if (!p->configured) {
		findings_add(out, CHECK_FAIL,
			     "AWS::S3::AccountPublicAccessBlock", id,
			     "account %s has no S3 Block Public Access "
			     "configuration: one bucket policy or ACL is "
			     "enough to publish evidence or data",
			     id);
		return 0;
	}
	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		if (!set[i].on)
			snprintf(off + strlen(off), sizeof(off) - strlen(off),
				 ", %s", set[i].name);
	if (off[0])
		findings_add(out, CHECK_FAIL,
			     "AWS::S3::AccountPublicAccessBlock", id,
			     "account %s has S3 Block Public Access only "
			     "partly on; off: %s",
			     id, off + 2);
	else
		findings_add(out, CHECK_PASS,
			     "AWS::S3::AccountPublicAccessBlock", id,
			     "account %s blocks public S3 access with all four "
			     "account-level settings",
			     id);
	return 0;
}

const struct check check_s3_public_access_block = {
	.id = "s3_public_access_block",
	.title = "Account-level S3 Block Public Access is fully on",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_S3_PAB,
	.guidance = "Post-incident: preserve evidence so it stands up",
	.rationale = "A compromised principal can publish a bucket -- "
		     "evidence, logs or data -- with one policy or ACL "
		     "change. Account-level Block Public Access overrides "
		     "every bucket's settings, so neither a mistake during "
		     "recovery nor an intruder can expose one.",
	.remediation = "1. Turn on all four account-level settings "
		       "(BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, "
		       "RestrictPublicBuckets).\n"
		       "2. Move anything that must be public behind "
		       "CloudFront with origin access control first.\n"
		       "3. Enforce it organization-wide with an SCP denying "
		       "s3:PutAccountPublicAccessBlock.",
	.cli_fix = "aws s3control put-public-access-block --account-id "
		   "<ACCOUNT_ID> --public-access-block-configuration "
		   "BlockPublicAcls=true,IgnorePublicAcls=true,"
		   "BlockPublicPolicy=true,RestrictPublicBuckets=true",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
		   "configuring-block-public-access-account.html",
	.frameworks = "CIS-3.0:2.1.4;FSBP:S3.1;NIST-CSF-2.0:PR.DS-01",
	.run = run,
};
