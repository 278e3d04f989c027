/*
 * org_delegated_security_admin.c -- GuardDuty, Security Hub and AWS Config
 * are administered from a delegated account, not the management account
 *
 * From ListDelegatedAdministrators(ServicePrincipal=...) in the management
 * account; Config counts with either of its principals
 * (config.amazonaws.com, config-multiaccountsetup.amazonaws.com). A
 * delegated account whose Status is not ACTIVE (SUSPENDED, PENDING_CLOSURE)
 * administers nothing: FAIL, naming it. Member and standalone accounts are
 * NOT_APPLICABLE.
 */
#include "org_management.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct svc {
	const char *name, *principal, *alt_principal;
};

static const struct svc services[] = {
	{ "GuardDuty", "guardduty.amazonaws.com", NULL },
	{ "Security Hub", "securityhub.amazonaws.com", NULL },
	{ "AWS Config", "config.amazonaws.com",
	  "config-multiaccountsetup.amazonaws.com" },
};

static int for_service(const struct inv_org_delegation *d, const struct svc *s)
{
	return d->service &&
	       (!strcmp(d->service, s->principal) ||
		(s->alt_principal && !strcmp(d->service, s->alt_principal)));
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_org_admin *oa = &a->org_admin;

	if (org_management_only(cx, out,
				"delegated administrators are listed from",
				"the delegated administrators",
				oa->delegated_failed, &oa->delegated_err))
		return 0;
	for (size_t k = 0; k < sizeof(services) / sizeof(services[0]); k++) {
		const struct svc *s = &services[k];
		const struct inv_org_delegation *good = NULL, *self = NULL,
						*inactive = NULL;

		if (!oa->feature_set || strcasecmp(oa->feature_set, "ALL")) {
			findings_add(out, CHECK_FAIL,
				     "AWS::Organizations::Organization",
				     s->principal,
				     "organization %s has feature set %s: "
				     "%s cannot be delegated to a security "
				     "account",
				     oa->org_id ? oa->org_id : "?",
				     oa->feature_set ? oa->feature_set : "?",
				     s->name);
			continue;
		}
		for (size_t i = 0; i < a->org_delegations.n; i++) {
			const struct inv_org_delegation *d =
				&a->org_delegations.v[i];

			if (!for_service(d, s) || !d->account_id)
				continue;
			if (!strcmp(d->account_id, a->id))
				self = d;
			else if (!d->status || !strcasecmp(d->status, "ACTIVE"))
				good = good ? good : d;
			else if (!inactive)
				inactive = d;
		}
		if (good)
			findings_add(out, CHECK_PASS,
				     "AWS::Organizations::Organization",
				     s->principal,
				     "%s is administered by delegated account "
				     "%s%s%s%s",
				     s->name, good->account_id,
				     good->account_name ? " (" : "",
				     good->account_name ? good->account_name
							: "",
				     good->account_name ? ")" : "");
		else if (self)
			findings_add(
				out, CHECK_FAIL,
				"AWS::Organizations::Organization",
				s->principal,
				"%s is delegated to the management account "
				"%s itself",
				s->name, a->id);
		else if (inactive)
			findings_add(out, CHECK_FAIL,
				     "AWS::Organizations::Organization",
				     s->principal,
				     "%s is delegated to account %s, which is "
				     "%s: it can only be administered from the "
				     "management account %s",
				     s->name, inactive->account_id,
				     inactive->status, a->id);
		else
			findings_add(out, CHECK_FAIL,
				     "AWS::Organizations::Organization",
				     s->principal,
				     "%s has no delegated administrator: it "
				     "can only be administered from the "
				     "management account %s",
				     s->name, a->id);
	}
	return 0;
}

const struct check check_org_delegated_security_admin = {
	.id = "org_delegated_security_admin",
	.title = "GuardDuty, Security Hub and Config are delegated to a "
		 "security account",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_ORG_ADMIN,
	.guidance = "Prepare: run security services from a dedicated "
		    "security account",
	.rationale = "With a delegated administrator, the security team sees "
		     "and manages GuardDuty, Security Hub and Config for every "
		     "account from one security account, without logging "
		     "into the all-powerful management account during an "
		     "incident, and member accounts cannot switch the "
		     "services off.",
	.remediation = "1. Choose the security tooling account (in the "
		       "Security OU).\n"
		       "2. From the management account, designate it: aws "
		       "guardduty enable-organization-admin-account, aws "
		       "securityhub enable-organization-admin-account, and "
		       "aws organizations register-delegated-administrator "
		       "for config.amazonaws.com.\n"
		       "3. In the delegated account, enable auto-enable for "
		       "new members and add the existing ones.",
	.cli_fix = "aws guardduty enable-organization-admin-account "
		   "--admin-account-id <SECURITY_ACCOUNT_ID> && aws "
		   "securityhub enable-organization-admin-account "
		   "--admin-account-id <SECURITY_ACCOUNT_ID> && aws "
		   "organizations register-delegated-administrator "
		   "--account-id <SECURITY_ACCOUNT_ID> --service-principal "
		   "config.amazonaws.com",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/organizations/latest/"
		   "userguide/orgs_integrate_delegated_admin.html",
	.frameworks = "SEC01-BP01;SEC04-BP02;SEC10-BP05;"
		      "NIST-CSF-2.0:GV.RR-02",
	.run = run,
};
