/*
 * org_member.c -- the account belongs to an Organization with all features
 */
#include "check.h"

#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_org *o = &a->org;

	if (!o->member) {
		findings_add(out, CHECK_FAIL, "AWS::::Account", a->id,
			     "account %s is not a member of an AWS "
			     "Organization: no SCP guardrails, delegated "
			     "security services or organization trail",
			     a->id);
		return 0;
	}
	if (!o->feature_set || strcasecmp(o->feature_set, "ALL")) {
		findings_add(out, CHECK_FAIL, "AWS::::Account", a->id,
			     "account %s is in organization %s with feature "
			     "set %s, not ALL: SCPs and delegated security "
			     "administration are unavailable",
			     a->id, o->id ? o->id : "?",
			     o->feature_set ? o->feature_set : "(unknown)");
		return 0;
	}
	findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
		     "account %s is in organization %s with all features "
		     "(management account %s)",
		     a->id, o->id ? o->id : "?",
		     o->master_account_id ? o->master_account_id : "?");
	return 0;
}

const struct check check_org_member = {
	.id = "org_member",
	.title = "Account is in an AWS Organization with all features enabled",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_ORG,
	.guidance = "Prepare: establish a multi-account structure with "
		    "centralised security services",
	.rationale = "An Organization with all features lets the incident "
		     "team apply quarantine SCPs, delegate GuardDuty and "
		     "Security Hub to a security account, and run one "
		     "organization trail that a compromised member account "
		     "cannot switch off.",
	.remediation = "1. From the management account, invite this account: "
		       "aws organizations invite-account-to-organization.\n"
		       "2. Accept the handshake in this account.\n"
		       "3. If the organization uses consolidated billing only, "
		       "enable all features: aws organizations "
		       "enable-all-features, and have every member approve.",
	.cli_fix = "aws organizations invite-account-to-organization "
		   "--target Id=<ACCOUNT_ID>,Type=ACCOUNT",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/organizations/latest/"
		   "userguide/orgs_manage_org_support-all-features.html",
	.frameworks = "SEC10-BP01;NIST-CSF-2.0:GV.RR-01",
	.run = run,
};
