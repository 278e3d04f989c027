/*
 * iam_unused_credentials.c -- no console password or active access key
 * has gone unused for the policy's credential_unused_days or more
 *
 * A credential's idle time runs from its last use, or, if it was never
 * used (or last used before it was set), from when it was set: the
 * password's last change (else the user's creation), the key's creation
 * or rotation. Idle time is counted in whole days (floored), and the limit
 * day itself fails: CIS 1.12 disables credentials unused for "45 days or
 * greater". The root user is iam_root_protected's business.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

/* The later of two times; 0 when both are unknown. */
static time_t later(time_t a, time_t b)
{
	return a > b ? a : b;
}

static void password(const struct check_ctx *cx, struct findings *out,
		     const struct inv_iam_user *u, long max)
{
	time_t since = later(u->password_last_used, u->password_set);
	const char *id = u->arn ? u->arn : u->name;
	long idle;

	if (!since) {
		findings_add(out, CHECK_FAIL, "AWS::IAM::User", id,
			     "user %s has a console password with no known "
			     "last use or creation date",
			     u->name);
		return;
	}
	idle = days_between(since, cx->now);
	if (idle < max)
		findings_add(out, CHECK_PASS, "AWS::IAM::User", id,
			     "console password of user %s was %s %ld day%s "
			     "ago (limit %ld)",
			     u->name,
			     since == u->password_last_used ? "last used"
							    : "set",
			     idle, idle == 1 ? "" : "s", max);
	else if (u->password_last_used >= u->password_set)
		findings_add(out, CHECK_FAIL, "AWS::IAM::User", id,
			     "console password of user %s has not been used "
			     "for %ld days (limit %ld): disable it",
			     u->name, idle, max);
	else
		findings_add(out, CHECK_FAIL, "AWS::IAM::User", id,
			     "console password of user %s was set %ld days "
			     "ago and never used (limit %ld): disable it",
			     u->name, idle, max);
}

static void access_key(const struct check_ctx *cx, struct findings *out,
		       const struct inv_access_key *k, long max)
{
	time_t since = later(k->last_used, k->created);
	char id[512];
	long idle;

	snprintf(id, sizeof(id), "%s/%s", k->user_arn ? k->user_arn : k->user,
		 k->key_id);
	if (!since) {
		findings_add(out, CHECK_FAIL, "AWS::IAM::AccessKey", id,
			     "active access key %s of user %s has no known "
			     "last use or creation date",
			     k->key_id, k->user);
		return;
	}
	idle = days_between(since, cx->now);
	if (idle < max)
		findings_add(out, CHECK_PASS, "AWS::IAM::AccessKey", id,
			     "access key %s of user %s was %s %ld day%s ago "
			     "(limit %ld)",
			     k->key_id, k->user,
			     k->last_used >= k->created ? "last used"
							: "created",
			     idle, idle == 1 ? "" : "s", max);
	else if (k->last_used >= k->created)
		findings_add(out, CHECK_FAIL, "AWS::IAM::AccessKey", id,
			     "active access key %s of user %s has not been "
			     "used for %ld days (limit %ld): deactivate it",
			     k->key_id, k->user, idle, max);
	else
		findings_add(out, CHECK_FAIL, "AWS::IAM::AccessKey", id,
			     "active access key %s of user %s was created %ld "
			     "days ago and never used (limit %ld): deactivate "
			     "it",
			     k->key_id, k->user, idle, max);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	long max = cx->params->credential_unused_days;
	size_t n = 0;

	if (a->iam_last_use_failed) {
		const struct aws_error *e = &a->iam_last_use_err;

		findings_add(out, CHECK_ERROR, "AWS::IAM::User", a->id,
			     "could not collect when IAM credentials were "
			     "last used: %s%s%s%s%s%s%s",
			     e->code[0] ? e->code : "error",
			     e->action[0] ? " on " : "", e->action,
			     e->region[0] ? " in " : "", e->region,
			     e->message[0] ? ": " : "", e->message);
		return 0;
	}
	for (size_t i = 0; i < a->iam_users.n; i++) {
		if (!a->iam_users.v[i].password_enabled)
			continue;
		password(cx, out, &a->iam_users.v[i], max);
		n++;
	}
	for (size_t i = 0; i < a->access_keys.n; i++) {
		const struct inv_access_key *k = &a->access_keys.v[i];

		if (!k->active ||
		    (k->user && !strcmp(k->user, "<root_account>")))
			continue;
		access_key(cx, out, k, max);
		n++;
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::IAM::User", a->id,
			     "no IAM user in account %s has a console "
			     "password or an active access key",
			     a->id);
	return 0;
}

const struct check check_iam_unused_credentials = {
	.id = "iam_unused_credentials",
	.title = "Unused IAM passwords and access keys are disabled",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_IAM_KEYS,
	.guidance = "Prepare: reduce long-lived credentials an attacker can "
		    "steal",
	.rationale = "A password or key nobody uses is a credential nobody "
		     "watches: if it leaks, its use stands out to no one, and "
		     "responders waste time asking who owns it. Removing "
		     "dormant credentials shrinks what an attacker can use and "
		     "what a responder must rotate during an incident.",
	.remediation = "1. Confirm with the owner that the credential is no "
		       "longer needed (the credential report shows last "
		       "use).\n"
		       "2. Deactivate the access key, or delete the user's "
		       "login profile; delete the key after a grace period.\n"
		       "3. Prefer roles and IAM Identity Center over IAM user "
		       "credentials.",
	.cli_fix = "aws iam update-access-key --user-name <USER> "
		   "--access-key-id <KEY_ID> --status Inactive && aws iam "
		   "delete-login-profile --user-name <USER>",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
		   "id_credentials_finding-unused.html",
	.frameworks = "CIS-3.0:1.12;FSBP:IAM.22;NIST-CSF-2.0:PR.AA-01",
	.extra_actions = NULL,
	.run = run,
};
