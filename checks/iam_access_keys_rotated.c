/*
 * iam_access_keys_rotated.c -- active access keys are younger than the
 * policy's access_key_max_age_days
 */
#include "check.h"

#include <stdio.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	long max = cx->params->access_key_max_age_days;
	size_t n = 0;

	for (size_t i = 0; i < a->access_keys.n; i++) {
		const struct inv_access_key *k = &a->access_keys.v[i];
		char id[512];
		long age;

		if (!k->active)
			continue;
		n++;
		snprintf(id, sizeof(id), "%s/%s",
			 k->user_arn ? k->user_arn : k->user, k->key_id);
		if (!k->created) {
			findings_add(out, CHECK_FAIL, "AWS::IAM::AccessKey", id,
				     "active access key %s of user %s has no "
				     "known creation or rotation date",
				     k->key_id, k->user);
			continue;
		}
		age = days_between(k->created, cx->now);
		if (age > max)
			findings_add(out, CHECK_FAIL, "AWS::IAM::AccessKey", id,
				     "active access key %s of user %s is %ld "
				     "days old (limit %ld)",
				     k->key_id, k->user, age, max);
		else
			findings_add(out, CHECK_PASS, "AWS::IAM::AccessKey", id,
				     "access key %s of user %s is %ld days old "
				     "(limit %ld)",
				     k->key_id, k->user, age, max);
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::IAM::AccessKey", a->id,
			     "no active IAM access keys in account %s", a->id);
	return 0;
}

const struct check check_iam_access_keys_rotated = {
	.id = "iam_access_keys_rotated",
	.title = "Active IAM access keys are rotated",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_IAM_KEYS,
	.guidance = "Prepare: reduce long-lived credentials an attacker can "
		    "steal",
	.rationale = "Leaked long-lived access keys are the most common "
		     "initial access in AWS incidents. Old keys have had "
		     "longer to leak and are usually forgotten, so nobody "
		     "notices when they are used.",
	.remediation = "1. Create a new key for the user and deploy it.\n"
		       "2. Deactivate the old key, watch for breakage, then "
		       "delete it.\n"
		       "3. Better: replace user keys with roles (IAM Identity "
		       "Center, instance profiles, OIDC federation).",
	.cli_fix = "aws iam create-access-key --user-name <USER> && aws iam "
		   "update-access-key --user-name <USER> --access-key-id "
		   "<OLD_KEY_ID> --status Inactive",
	.cfn = NULL,
	.doc_url =
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
		"id_credentials_access-keys.html#rotating_access_keys_console",
	.frameworks =
		"CIS-3.0:1.14;FSBP:IAM.3;SEC10-BP03;NIST-CSF-2.0:PR.AA-01",
	.run = run,
};
