/*
 * iam_root_protected.c -- the root user has MFA and no access keys
 *
 * From the credential report's <root_account> row (mfa_active,
 * access_key_N_active) or, without a report, iam:GetAccountSummary
 * (AccountMFAEnabled, AccountAccessKeysPresent). A root user with no
 * password (AccountPasswordPresent 0) and no keys passes without MFA:
 * nobody can sign in as it (a member whose root credentials the
 * Organization's centralised root access management deleted).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_iam_root *r = &a->iam_root;
	char arn[96];

	check_arn(cx, arn, sizeof(arn), "iam", "", a->id, "root");
	if (!r->known) {
		const struct aws_error *e = &r->err;

		findings_add(out, CHECK_ERROR, "AWS::IAM::User", arn,
			     "could not learn how the root user is protected: "
			     "%s%s%s%s%s",
			     e->code[0] ? e->code
					: "no <root_account> row in the "
					  "credential report",
			     e->action[0] ? " on " : "", e->action,
			     e->message[0] ? ": " : "", e->message);
		return 0;
	}
	if (!r->mfa_enabled && !r->access_keys && r->no_password) {
		findings_add(out, CHECK_PASS, "AWS::IAM::User", arn,
			     "the root user of account %s has no password and "
			     "no access keys, so nobody can sign in as root "
			     "(root credentials deleted, as the "
			     "Organization's centralised root access "
			     "management does; %s)",
			     a->id, r->source);
		return 0;
	}
	if (r->mfa_enabled && !r->access_keys) {
		findings_add(out, CHECK_PASS, "AWS::IAM::User", arn,
			     "the root user of account %s has MFA and no "
			     "access keys (%s)",
			     a->id, r->source);
		return 0;
	}
	findings_add(out, CHECK_FAIL, "AWS::IAM::User", arn,
		     "the root user of account %s %s%s%s (%s)", a->id,
		     r->mfa_enabled ? "" : "has no MFA",
		     !r->mfa_enabled && r->access_keys ? " and " : "",
		     !r->access_keys       ? ""
		     : r->access_keys == 1 ? "has an active access key"
					   : "has active access keys",
		     r->source);
	return 0;
}

const struct check check_iam_root_protected = {
	.id = "iam_root_protected",
	.title = "The root user has MFA and no access keys",
	.phase = PHASE_PREPARATION,
	.severity = SEV_CRITICAL,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_IAM_KEYS,
	.guidance = "Prepare: protect the identities an attacker would most "
		    "like to take",
	.rationale = "The root user can do anything, including closing the "
		     "account and changing its contact details, and SCPs do "
		     "not restrict it in a standalone account. A phished root "
		     "password without MFA, or a leaked root access key, is "
		     "an incident that responders cannot contain from inside "
		     "the account.",
	.remediation = "1. Sign in as root and enable MFA (a hardware or "
		       "passkey authenticator, kept with the break-glass "
		       "procedure).\n"
		       "2. Delete every root access key (Security credentials "
		       "page); move their use to IAM roles.\n"
		       "3. In an Organization, consider centralised root "
		       "access management to remove member root credentials.",
	.cli_fix = "aws iam get-account-summary --query "
		   "'SummaryMap.[AccountMFAEnabled,AccountAccessKeysPresent]'",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
		   "root-user-best-practices.html",
	.frameworks = "CIS-3.0:1.4;CIS-3.0:1.5;FSBP:IAM.4;FSBP:IAM.9;"
		      "NIST-CSF-2.0:PR.AA-03",
	.extra_actions = NULL,
	.run = run,
};
