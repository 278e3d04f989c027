/*
 * kms_cmk_rotation.c -- customer-managed symmetric keys rotate
 */
#include "check.h"

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t n = 0;

	for (size_t i = 0; i < r->keys.n; i++) {
		const struct inv_kms_key *k = &r->keys.v[i];
		const char *id = k->arn ? k->arn : k->id;

		if (k->describe_err.code[0]) {
			n++;
			findings_add(out, CHECK_ERROR, "AWS::KMS::Key", id,
				     "key %s in %s could not be described "
				     "(%s: %s): its key policy may not "
				     "delegate to IAM; its rotation is not "
				     "judged",
				     k->id, r->name, k->describe_err.code,
				     k->describe_err.message);
			continue;
		}
		if (!inv_kms_rotatable(k))
			continue;
		n++;
		if (!k->rotation_checked && k->rotation_err.code[0])
			findings_add(out, CHECK_ERROR, "AWS::KMS::Key", id,
				     "the rotation status of key %s in %s "
				     "could not be read (%s: %s)",
				     k->id, r->name, k->rotation_err.code,
				     k->rotation_err.message);
		else if (k->rotation_enabled)
			findings_add(out, CHECK_PASS, "AWS::KMS::Key", id,
				     "key %s in %s rotates automatically",
				     k->id, r->name);
		else
			findings_add(
				out, CHECK_FAIL, "AWS::KMS::Key", id,
				"key %s in %s%s%s%s does not rotate", k->id,
				r->name,
				k->description && *k->description ? " (" : "",
				k->description && *k->description
					? k->description
					: "",
				k->description && *k->description ? ")" : "");
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::KMS::Key", r->name,
			     "no enabled customer-managed symmetric keys in %s "
			     "(%zu key%s in total)",
			     r->name, r->keys.n, r->keys.n == 1 ? "" : "s");
	return 0;
}

const struct check check_kms_cmk_rotation = {
	.id = "kms_cmk_rotation",
	.title = "Customer-managed KMS keys rotate automatically",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_KMS,
	.guidance = "Contain: limit the blast radius of exposed key material",
	.rationale = "Automatic rotation bounds how much data any one "
		     "generation of key material protects, and is the "
		     "baseline an investigator expects when assessing the "
		     "impact of a key-policy compromise.",
	.remediation =
		"1. Enable automatic rotation on every enabled "
		"customer-managed symmetric key.\n"
		"2. Pick a rotation period (90-2560 days; 365 is the "
		"default).\n"
		"3. Add a Config rule (cmk-backing-key-rotation-enabled) "
		"to keep it on.",
	.cli_fix = "aws kms enable-key-rotation --key-id <KEY_ID>",
	.cfn = "Key:\n  Type: AWS::KMS::Key\n  Properties:\n"
	       "    EnableKeyRotation: true",
	.doc_url = "https://docs.aws.amazon.com/kms/latest/developerguide/"
		   "rotate-keys.html",
	.frameworks = "CIS-3.0:3.6;FSBP:KMS.4;SEC10-BP03;NIST-CSF-2.0:PR.DS-01",
	.run = run,
};
