/*
 * cloudtrail_integrity.c -- trails validate their log files and encrypt
 * them with a KMS key
 *
 * Every trail DescribeTrails lists from the home region (its own
 * single-region trails, and multi-region and organization trails homed
 * anywhere) is judged on its own: digest files (LogFileValidationEnabled)
 * let responders prove the logs were not edited, and SSE-KMS (KmsKeyId)
 * puts reading them behind a key policy an intruder must also defeat.
 * In --org runs an organization trail is judged once, in the account that
 * owns it: the members' findings are NOT_APPLICABLE, naming it.
 */
#include "check.h"

#include <stdio.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;

	if (!a->trails.n) {
		findings_add(out, CHECK_NA, "AWS::CloudTrail::Trail", a->id,
			     "no CloudTrail trails in account %s", a->id);
		return 0;
	}
	for (size_t i = 0; i < a->trails.n; i++) {
		const struct inv_trail *t = &a->trails.v[i];

		if (check_org_trail_elsewhere(cx, t,
					      "its log file validation and "
					      "encryption are judged",
					      out))
			continue;
		if (t->log_validation && t->kms_key)
			findings_add(out, CHECK_PASS, "AWS::CloudTrail::Trail",
				     t->arn,
				     "trail '%s' (home %s) validates its log "
				     "files and encrypts them with %s%s",
				     t->name, t->home_region, t->kms_key,
				     check_org_trail_fallback(cx, t));
		else
			findings_add(
				out, CHECK_FAIL, "AWS::CloudTrail::Trail",
				t->arn, "trail '%s' (home %s) %s%s%s%s",
				t->name, t->home_region,
				t->log_validation
					? ""
					: "has log file validation off, so "
					  "edited or deleted log files go "
					  "unnoticed",
				t->log_validation || t->kms_key ? "" : ", and ",
				t->kms_key ? ""
					   : "is not encrypted with a KMS "
					     "key (SSE-KMS)",
				check_org_trail_fallback(cx, t));
	}
	return 0;
}

const struct check check_cloudtrail_integrity = {
	.id = "cloudtrail_integrity",
	.title = "CloudTrail log files are validated and KMS-encrypted",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_CLOUDTRAIL,
	.guidance = "Prepare: make audit logs trustworthy as evidence",
	.rationale = "After an intrusion the first question about CloudTrail "
		     "is whether the logs can be believed. Digest files prove "
		     "that no log file was altered or removed after delivery, "
		     "and SSE-KMS means reading the logs takes a KMS grant as "
		     "well as S3 access, so one leaked bucket permission does "
		     "not expose them.",
	.remediation = "1. Enable log file validation on the trail "
		       "(update-trail --enable-log-file-validation).\n"
		       "2. Create a customer-managed KMS key whose policy lets "
		       "cloudtrail.amazonaws.com encrypt and your responders "
		       "decrypt, and set it as the trail's KmsKeyId.\n"
		       "3. Validate the logs periodically (aws cloudtrail "
		       "validate-logs) so you know the digests work before an "
		       "incident.",
	.cli_fix = "aws cloudtrail update-trail --name <TRAIL> "
		   "--enable-log-file-validation --kms-key-id <KMS_KEY_ARN>",
	.cfn = "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n"
	       "    IsLogging: true\n    IsMultiRegionTrail: true\n"
	       "    EnableLogFileValidation: true\n"
	       "    KMSKeyId: !GetAtt TrailKey.Arn\n"
	       "    S3BucketName: !Ref TrailBucket",
	.doc_url = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
		   "cloudtrail-log-file-validation-intro.html",
	.frameworks = "CIS-3.0:3.2;CIS-3.0:3.5;FSBP:CloudTrail.2;"
		      "FSBP:CloudTrail.4;SEC10-BP03;NIST-CSF-2.0:PR.DS-01",
	.extra_actions = NULL,
	.run = run,
};
