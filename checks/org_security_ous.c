/*
 * org_security_ous.c -- Security and Forensics OUs hold active accounts
 * (management account)
 *
 * An OU belongs to the Security category when its name contains
 * "security", to Forensics when it contains "forensic" (case-insensitive:
 * "Security", "Security-Prod", "Forensics", "IR-Forensic"); a Forensics OU
 * nested under Security counts for both. Each category passes when one of
 * its OUs holds an ACTIVE account anywhere beneath it. Only the management
 * account can list the organization: member accounts are
 * NOT_APPLICABLE, and standalone accounts too (org_member fails them).
 */
#include "org_management.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Whether 'parent' is 'ou_id' or lies beneath it. */
static int beneath(const struct inv_account *a, const char *parent,
		   const char *ou_id)
{
	for (size_t depth = 0; parent && depth <= a->org_ous.n; depth++) {
		const char *up = NULL;

		if (!strcmp(parent, ou_id))
			return 1;
		for (size_t i = 0; i < a->org_ous.n; i++)
			if (a->org_ous.v[i].id &&
			    !strcmp(a->org_ous.v[i].id, parent))
				up = a->org_ous.v[i].parent_id;
		parent = up;
	}
	return 0;
}

static size_t active_accounts(const struct inv_account *a, const char *ou_id,
			      const char **example)
{
	size_t n = 0;

	for (size_t i = 0; i < a->org_accounts.n; i++) {
		const struct inv_org_account *x = &a->org_accounts.v[i];

		if (!x->status || strcasecmp(x->status, "ACTIVE") ||
		    !beneath(a, x->parent_id, ou_id))
			continue;
		if (!n)
			*example = x->name ? x->name : x->id;
		n++;
	}
	return n;
}

static void category(const struct check_ctx *cx, struct findings *out,
		     const char *label, int forensics)
{
	const struct inv_account *a = cx->acct;
	const struct inv_org_admin *oa = &a->org_admin;
	const struct inv_org_ou *first = NULL;
	char pseudo[160];

	for (size_t i = 0; i < a->org_ous.n; i++) {
		const struct inv_org_ou *ou = &a->org_ous.v[i];
		const char *example = NULL;
		size_t n;

		if (!(forensics ? ou->forensics : ou->security) || !ou->id)
			continue;
		if (!first)
			first = ou;
		n = active_accounts(a, ou->id, &example);
		if (!n)
			continue;
		findings_add(out, CHECK_PASS,
			     "AWS::Organizations::OrganizationalUnit",
			     ou->arn ? ou->arn : ou->id,
			     "%s OU %s (%s) holds %zu active account%s, "
			     "e.g. %s",
			     label, ou->name ? ou->name : "?", ou->id, n,
			     n == 1 ? "" : "s", example);
		return;
	}
	if (first) {
		findings_add(out, CHECK_FAIL,
			     "AWS::Organizations::OrganizationalUnit",
			     first->arn ? first->arn : first->id,
			     "%s OU %s (%s) holds no active account", label,
			     first->name ? first->name : "?", first->id);
		return;
	}
	snprintf(pseudo, sizeof(pseudo), "%s/%s OU",
		 oa->org_id ? oa->org_id : a->id, label);
	findings_add(out, CHECK_FAIL, "AWS::Organizations::OrganizationalUnit",
		     pseudo,
		     "organization %s has no %s OU (no OU name contains "
		     "\"%s\")",
		     oa->org_id ? oa->org_id : "?", label,
		     forensics ? "forensic" : "security");
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_org_admin *oa = &cx->acct->org_admin;

	if (org_management_only(cx, out, "its OUs can only be listed from",
				"the organization's OUs and accounts",
				oa->tree_failed, &oa->tree_err))
		return 0;
	category(cx, out, "Security", 0);
	category(cx, out, "Forensics", 1);
	return 0;
}

const struct check check_org_security_ous = {
	.id = "org_security_ous",
	.title = "Security and Forensics OUs hold active accounts",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_ORG_ADMIN,
	.guidance = "Prepare: isolate security tooling and forensic work in "
		    "dedicated accounts",
	.rationale = "A Security OU holds the accounts that administer "
		     "detection and keep logs out of reach of workload "
		     "accounts; a Forensics OU holds clean-room accounts "
		     "where responders copy snapshots and analyse them "
		     "without touching production or tipping off an "
		     "attacker. Creating them mid-incident costs hours.",
	.remediation = "1. In the management account, create a Security OU "
		       "under the root (aws organizations "
		       "create-organizational-unit).\n"
		       "2. Create or move the security tooling and log "
		       "archive accounts into it.\n"
		       "3. Create a Forensics OU (under Security or the root) "
		       "with at least one forensics account, its own SCPs "
		       "and pre-provisioned IR roles.\n"
		       "4. Document both in the incident response plan.",
	.cli_fix = "aws organizations create-organizational-unit --parent-id "
		   "<ROOT_ID> --name Security && aws organizations "
		   "create-organizational-unit --parent-id <SECURITY_OU_ID> "
		   "--name Forensics",
	.cfn = "SecurityOU:\n  Type: AWS::Organizations::OrganizationalUnit\n"
	       "  Properties:\n    Name: Security\n    ParentId: <ROOT_ID>\n"
	       "ForensicsOU:\n  Type: AWS::Organizations::OrganizationalUnit\n"
	       "  Properties:\n    Name: Forensics\n"
	       "    ParentId: !GetAtt SecurityOU.Id",
	.doc_url =
		"https://docs.aws.amazon.com/whitepapers/latest/"
		"organizing-your-aws-environment/security-ou-and-accounts.html",
	.frameworks = "SEC01-BP01;SEC10-BP03;NIST-CSF-2.0:GV.RR-01",
	.run = run,
};
