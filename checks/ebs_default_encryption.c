/*
 * ebs_default_encryption.c -- new EBS volumes are encrypted by default
 *
 * Per region: ec2:GetEbsEncryptionByDefault.
 */
#include "check.h"

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;

	if (r->ebs_encryption_default)
		findings_add(out, CHECK_PASS, "AWS::::Account", cx->acct->id,
			     "EBS encryption by default is on in %s", r->name);
	else
		findings_add(out, CHECK_FAIL, "AWS::::Account", cx->acct->id,
			     "EBS encryption by default is off in %s: new "
			     "volumes and the snapshots taken from them can be "
			     "unencrypted",
			     r->name);
	return 0;
}

const struct check check_ebs_default_encryption = {
	.id = "ebs_default_encryption",
	.title = "EBS encryption by default is enabled in every region",
	.phase = PHASE_CONTAINMENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_EBS_ENCRYPTION,
	.guidance = "Contain: limit what a leaked snapshot or volume exposes",
	.rationale = "Encrypted volumes and snapshots can only be read with "
		     "the KMS key: a snapshot shared or copied by an attacker "
		     "is useless without it, and disabling the key contains "
		     "the data at once. Default encryption removes the "
		     "unencrypted exceptions.",
	.remediation = "1. Enable EBS encryption by default in every region "
		       "(optionally with a customer-managed KMS key).\n"
		       "2. Re-encrypt existing unencrypted volumes by "
		       "snapshot, encrypted copy and restore.\n"
		       "3. Keep it on with an SCP denying "
		       "ec2:DisableEbsEncryptionByDefault.",
	.cli_fix = "aws ec2 enable-ebs-encryption-by-default --region <REGION>",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/ebs/latest/userguide/"
		   "encryption-by-default.html",
	.frameworks = "CIS-3.0:2.2.1;FSBP:EC2.7;SEC08-BP02;"
		      "NIST-CSF-2.0:PR.DS-01",
	.run = run,
};
