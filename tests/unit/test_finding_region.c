/*
 * test_finding_region.c -- a finding about a regional resource carries
 * that resource's region (issue 11): findings_add() reads it from the
 * resource's ARN when the check's context is "global"; global resources
 * (IAM, S3, Organizations), ids that are not ARNs and regional contexts
 * keep theirs, and the finding id follows the region.
 */
#include "check.h"
#include "irready.h"
#include "tap.h"

#include <string.h>

static const char *region_of(const char *ctx_region, const char *resource)
{
	static char out[64];
	struct findings f;
	struct finding *x;

	findings_init(&f);
	f.check = check_find("cloudtrail_integrity");
	f.account_id = "111122223333";
	f.region = ctx_region;
	x = findings_add(&f, CHECK_FAIL, "AWS::X::Y", resource, "m");
	snprintf(out, sizeof(out), "%s", x->region);
	findings_release(&f);
	return out;
}

int main(void)
{
	static const struct {
		const char *ctx, *resource, *want;
	} cases[] = {
		{ "global", "arn:aws:cloudtrail:us-east-1:111122223333:trail/t",
		  "us-east-1" },
		{ "global",
		  "arn:aws:sns:eu-west-1:111122223333:security-alerts",
		  "eu-west-1" },
		{ "global", "arn:aws-us-gov:cloudtrail:us-gov-west-1:1:trail/t",
		  "us-gov-west-1" },
		{ "global", "arn:aws:iam::111122223333:role/IRReadOnly",
		  "global" },
		{ "global", "arn:aws:s3:::evidence-bucket", "global" },
		{ "global", "111122223333", "global" },
		{ "global", "arn:aws:cloudtrail", "global" },
		{ "global", "", "global" },
		{ "eu-west-1", "arn:aws:kms:us-east-1:111122223333:key/k",
		  "eu-west-1" },
	};
	char a[17], b[17];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(region_of(cases[i].ctx, cases[i].resource),
		       cases[i].want, "%s in context %s", cases[i].resource,
		       cases[i].ctx);
	finding_make_id("1", "us-east-1", "c", "r", a);
	finding_make_id("1", "global", "c", "r", b);
	ok(strcmp(a, b), "the finding id follows the region");
	/*
	 * The id is the first 16 hex digits of SHA-256 over
	 * "account|region|check|resource" (digests from Python's hashlib),
	 * whether the key fits findings.c's stack buffer (511 bytes and
	 * fewer) or not (512 and more, a long S3 ARN).
	 */
	{
		char big[700];

		finding_make_id("111122223333", "us-east-1", "kms_cmk_rotation",
				"arn:aws:kms:us-east-1:111122223333:key/k", a);
		is_str(a, "1059681d23655c88", "the id of a short key");
		snprintf(big, sizeof(big), "arn:aws:s3:::%0600d", 0);
		memset(big + 13, 'b', 600);
		finding_make_id("111122223333", "global", "evidence_versioning",
				big, a);
		is_str(a, "8da4ac0d8efd78e5", "the id of a 640-byte key");
		memset(big, 'x', 500);
		big[500] = '\0';
		finding_make_id("1", "global", "c", big, a);
		is_str(a, "836c7d4ace254582", "the id of a 511-byte key");
		big[500] = 'x';
		big[501] = '\0';
		finding_make_id("1", "global", "c", big, a);
		is_str(a, "14ea7e38715f452d", "the id of a 512-byte key");
	}
	return done_testing();
}
