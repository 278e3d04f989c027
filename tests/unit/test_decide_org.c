/*
 * test_decide_org.c -- decision tables for the Organizations and account
 * checks: org_member, org_containment_scp, org_delegated_security_admin,
 * org_security_ous and support_plan_premium (see decide.h)
 *
 * Values are Organizations' on the wire: FeatureSet ALL or
 * CONSOLIDATED_BILLING; account and delegated-administrator Status
 * ACTIVE, SUSPENDED, PENDING_CLOSURE.
 */
#include "decide.h"

#define MGMT "123456789012"

/* org_member */

static void member(struct world *w)
{
	struct inv_org *o = &w->acct.org;

	decide(w, DECIDES("org_member"));
	expect(w, CHECK_FAIL, "",
	       "account 123456789012 is not a member of an AWS Organization: "
	       "no SCP guardrails");

	o->member = 1;
	o->id = "o-abc123";
	o->feature_set = "CONSOLIDATED_BILLING";
	decide(w, "org_member");
	expect(w, CHECK_FAIL, "",
	       "account 123456789012 is in organization o-abc123 with feature "
	       "set CONSOLIDATED_BILLING, not ALL");

	o->feature_set = NULL;
	decide(w, "org_member");
	expect(w, CHECK_FAIL, "", "with feature set (unknown), not ALL");

	o->feature_set = "ALL";
	o->master_account_id = "999988887777";
	decide(w, "org_member");
	expect(w, CHECK_PASS, "",
	       "account 123456789012 is in organization o-abc123 with all "
	       "features (management account 999988887777)");

	o->master_account_id = NULL;
	decide(w, "org_member");
	expect(w, CHECK_PASS, "", "(management account ?)");

	/* OrganizationFeatureSet in another casing is the same value */
	o->feature_set = "All";
	decide(w, "org_member");
	expect(w, CHECK_PASS, "", "with all features");
	o->feature_set = "ALL";

	expect_errors_per_need(w, "org_member");
}

/* The management account of organization o-abc123, features ALL. */
static void management(struct world *w)
{
	struct inv_org_admin *oa = &w->acct.org_admin;

	oa->member = 1;
	oa->management = 1;
	oa->org_id = "o-abc123";
	oa->org_arn = "arn:aws:organizations::" MGMT ":organization/o-abc123";
	oa->feature_set = "ALL";
	oa->master_account_id = MGMT;
	oa->root_id = "r-ab12";
	oa->root_arn = "arn:aws:organizations::" MGMT ":root/o-abc123/r-ab12";
	oa->scp_enabled = 1;
}

static void set_err(struct aws_error *e, const char *code, const char *action)
{
	snprintf(e->code, sizeof(e->code), "%s", code);
	snprintf(e->action, sizeof(e->action), "%s", action);
	snprintf(e->region, sizeof(e->region), "us-east-1");
	snprintf(e->message, sizeof(e->message), "not authorized");
}

/*
 * The three management-account checks on a standalone account, a member
 * account, and a management account whose part of ORG_ADMIN failed.
 */
static void management_only(struct world *w)
{
	static const struct {
		const char *id, *listed, *what;
	} rows[] = {
		{ "org_containment_scp", "SCPs are managed from",
		  "the service control policies" },
		{ "org_delegated_security_admin",
		  "delegated administrators are listed from",
		  "the delegated administrators" },
		{ "org_security_ous", "its OUs can only be listed from",
		  "the organization's OUs and accounts" },
	};
	struct inv_org_admin *oa = &w->acct.org_admin;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(oa, 0, sizeof(*oa));
		if (!strcmp(rows[i].id, "org_containment_scp"))
			decide(w, DECIDES("org_containment_scp"));
		else if (!strcmp(rows[i].id, "org_delegated_security_admin"))
			decide(w, DECIDES("org_delegated_security_admin"));
		else
			decide(w, DECIDES("org_security_ous"));
		expect(w, CHECK_NA, "",
		       "account 123456789012 is not in an Organization "
		       "(org_member reports it)");

		oa->member = 1;
		oa->org_id = "o-abc123";
		oa->master_account_id = "999988887777";
		decide(w, rows[i].id);
		expect(w, CHECK_NA, "",
		       w_fmt(w,
			     "account 123456789012 is a member of organization "
			     "o-abc123: %s the management account 999988887777",
			     rows[i].listed));

		/* the delegated administrator for Organizations lists the
		 * same: judged (here its parts failed, so ERROR, not N/A) */
		oa->delegated_admin = 1;
		oa->scp_failed = oa->tree_failed = oa->delegated_failed = 1;
		set_err(&oa->scp_err, "AccessDeniedException",
			"organizations:ListPolicies");
		set_err(&oa->tree_err, "AccessDeniedException",
			"organizations:ListOrganizationalUnitsForParent");
		set_err(&oa->delegated_err, "AccessDeniedException",
			"organizations:ListDelegatedAdministrators");
		decide(w, rows[i].id);
		expect(w, CHECK_ERROR, "",
		       w_fmt(w, "could not collect %s", rows[i].what));
		oa->delegated_admin = 0;
		oa->scp_failed = oa->tree_failed = oa->delegated_failed = 0;

		management(w);
		oa->scp_failed = oa->tree_failed = oa->delegated_failed = 1;
		set_err(&oa->scp_err, "AccessDeniedException",
			"organizations:ListPolicies");
		set_err(&oa->tree_err, "AccessDeniedException",
			"organizations:ListOrganizationalUnitsForParent");
		set_err(&oa->delegated_err, "AccessDeniedException",
			"organizations:ListDelegatedAdministrators");
		decide(w, rows[i].id);
		expect(w, CHECK_ERROR, "",
		       w_fmt(w,
			     "could not collect %s: AccessDeniedException on "
			     "organizations:",
			     rows[i].what));

		/* the whole dataset failed */
		oa->scp_failed = oa->tree_failed = oa->delegated_failed = 0;
		expect_errors_per_need(w, rows[i].id);
	}
}

/* Each management check reads only its own part of ORG_ADMIN. */
static void management_parts(struct world *w)
{
	struct inv_org_admin *oa = &w->acct.org_admin;

	management(w);
	oa->tree_failed = oa->delegated_failed = 1;
	decide(w, "org_containment_scp");
	expect(w, CHECK_PASS, "root/", "service control policies are enabled");

	oa->tree_failed = 0;
	oa->delegated_failed = 0;
	oa->scp_failed = 1;
	decide(w, "org_security_ous");
	expect(w, CHECK_FAIL, "Security OU", "has no Security OU");
	decide(w, "org_delegated_security_admin");
	expect(w, CHECK_FAIL, "guardduty", "GuardDuty has no delegated");
}

/* org_containment_scp */

static struct inv_scp *scp(struct world *w, const char *id, const char *name,
			   enum inv_scp_deny_all how)
{
	struct inv_scp *p =
		INV_PUSH(&w->acct.arena[DS_ORG_ADMIN], w->acct.scps);

	p->id = id;
	p->name = name;
	p->arn = w_fmt(w,
		       "arn:aws:organizations::" MGMT
		       ":policy/o-abc123/service_control_policy/%s",
		       id);
	p->deny_all = how;
	return p;
}

static void containment(struct world *w)
{
	struct inv_org_admin *oa = &w->acct.org_admin;
	struct inv_scp *p;

	management(w);
	oa->feature_set = "CONSOLIDATED_BILLING";
	decide(w, "org_containment_scp");
	expect(w, CHECK_FAIL, "",
	       "organization o-abc123 has feature set CONSOLIDATED_BILLING: "
	       "service control policies are unavailable");

	oa->feature_set = "ALL";
	scp(w, "p-FullAWSAccess", "FullAWSAccess", INV_SCP_NO_DENY_ALL)
		->aws_managed = 1;
	decide(w, "org_containment_scp");
	ok(w->out.n == 2, "two verdicts: root and policy (%zu)", w->out.n);
	expect(w, CHECK_PASS, "root/o-abc123/r-ab12",
	       "service control policies are enabled on root r-ab12 of "
	       "organization o-abc123");
	expect(w, CHECK_FAIL, "quarantine SCP",
	       "none of the 0 customer-managed SCPs of organization o-abc123 "
	       "denies every action: no quarantine policy is ready");

	/* OrganizationFeatureSet in another casing is the same value */
	oa->feature_set = "All";
	decide(w, "org_containment_scp");
	expect(w, CHECK_PASS, "root/o-abc123/r-ab12",
	       "service control policies are enabled on root r-ab12");
	oa->feature_set = "ALL";

	/* an AWS-managed deny-all would not be ours to attach */
	w->acct.scps.v[0].deny_all = INV_SCP_DENY_ALL;
	decide(w, "org_containment_scp");
	expect(w, CHECK_FAIL, "quarantine SCP", "none of the 0");

	scp(w, "p-region", "DenyRegions", INV_SCP_NO_DENY_ALL);
	decide(w, "org_containment_scp");
	expect(w, CHECK_FAIL, "quarantine SCP",
	       "none of the 1 customer-managed SCP of organization");

	p = scp(w, "p-tag", "QuarantineTagged", INV_SCP_DENY_ALL_TAGGED);
	p->condition_key = "aws:PrincipalTag/quarantine";
	decide(w, "org_containment_scp");
	expect(w, CHECK_PASS, "p-tag",
	       "SCP QuarantineTagged (p-tag) denies every action to tagged "
	       "principals or resources, keyed on aws:PrincipalTag/quarantine: "
	       "a quarantine policy is ready");

	p = scp(w, "p-exempt", "DenyAllButIR", INV_SCP_DENY_ALL_EXEMPTING);
	p->condition_key = "aws:PrincipalArn";
	decide(w, "org_containment_scp");
	expect(w, CHECK_PASS, "p-tag", "QuarantineTagged");

	/* an unconditional deny-all is preferred */
	scp(w, "p-all", "Quarantine", INV_SCP_DENY_ALL);
	decide(w, "org_containment_scp");
	expect(w, CHECK_PASS, "p-all",
	       "SCP Quarantine (p-all) denies every action: a quarantine "
	       "policy is ready");

	w->acct.scps.n = 1;
	p = scp(w, "p-exempt", "DenyAllButIR", INV_SCP_DENY_ALL_EXEMPTING);
	p->condition_key = "aws:PrincipalArn";
	decide(w, "org_containment_scp");
	expect(w, CHECK_PASS, "p-exempt",
	       "denies every action except to exempted principals, keyed on "
	       "aws:PrincipalArn");

	/* SCPs disabled on the root: the policy cannot take effect */
	oa->scp_enabled = 0;
	decide(w, "org_containment_scp");
	expect(w, CHECK_FAIL, "root/o-abc123/r-ab12",
	       "service control policies are not enabled on root r-ab12 of "
	       "organization o-abc123: no SCP, quarantine included, can take "
	       "effect");
	expect(w, CHECK_PASS, "p-exempt", "a quarantine policy is ready");
}

/* org_delegated_security_admin */

static struct inv_org_delegation *delegate(struct world *w, const char *svc,
					   const char *account,
					   const char *status)
{
	struct inv_org_delegation *d =
		INV_PUSH(&w->acct.arena[DS_ORG_ADMIN], w->acct.org_delegations);

	d->service = svc;
	d->account_id = account;
	d->account_name = "Security";
	d->status = status;
	return d;
}

static void delegated(struct world *w)
{
	static const char *const principals[] = { "guardduty.amazonaws.com",
						  "securityhub.amazonaws.com",
						  "config.amazonaws.com" };
	struct inv_org_admin *oa = &w->acct.org_admin;

	management(w);
	oa->feature_set = "CONSOLIDATED_BILLING";
	decide(w, "org_delegated_security_admin");
	expect_all(w, CHECK_FAIL, 3);
	expect(w, CHECK_FAIL, "securityhub",
	       "organization o-abc123 has feature set CONSOLIDATED_BILLING: "
	       "Security Hub cannot be delegated to a security account");

	oa->feature_set = "ALL";
	decide(w, "org_delegated_security_admin");
	expect_all(w, CHECK_FAIL, 3);
	expect(w, CHECK_FAIL, "guardduty",
	       "GuardDuty has no delegated administrator: it can only be "
	       "administered from the management account 123456789012");

	for (size_t i = 0; i < 3; i++)
		delegate(w, principals[i], "222233334444", "ACTIVE");
	decide(w, "org_delegated_security_admin");
	expect_all(w, CHECK_PASS, 3);
	expect(w, CHECK_PASS, "config.amazonaws.com",
	       "AWS Config is administered by delegated account 222233334444 "
	       "(Security)");

	/* Config through its other principal; no account name */
	w->acct.org_delegations.n = 0;
	delegate(w, "config-multiaccountsetup.amazonaws.com", "222233334444",
		 NULL)
		->account_name = NULL;
	decide(w, "org_delegated_security_admin");
	expect(w, CHECK_PASS, "config.amazonaws.com",
	       "administered by delegated account 222233334444");
	ok(!strstr(w->out.v[2].message, "("), "no name, no parentheses: %s",
	   w->out.v[2].message);
	expect(w, CHECK_FAIL, "securityhub", "has no delegated administrator");

	/* feature set and DelegatedAdministrator status in another casing */
	oa->feature_set = "all";
	w->acct.org_delegations.n = 0;
	for (size_t i = 0; i < 3; i++)
		delegate(w, principals[i], "222233334444", "Active");
	decide(w, "org_delegated_security_admin");
	expect_all(w, CHECK_PASS, 3);
	oa->feature_set = "ALL";
}

static void delegated_states(struct world *w)
{
	static const struct {
		const char *status;
		enum check_status st;
	} rows[] = {
		{ "ACTIVE", CHECK_PASS },
		{ NULL, CHECK_PASS },
		{ "SUSPENDED", CHECK_FAIL },
		{ "PENDING_CLOSURE", CHECK_FAIL },
	};

	management(w);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		w->acct.org_delegations.n = 0;
		delegate(w, "guardduty.amazonaws.com", "222233334444",
			 rows[i].status);
		decide(w, "org_delegated_security_admin");
		expect(w, rows[i].st, "guardduty",
		       rows[i].st == CHECK_PASS
			       ? "delegated account 222233334444"
			       : w_fmt(w,
				       "GuardDuty is delegated to account "
				       "222233334444, which is %s: it can only "
				       "be administered from the management "
				       "account 123456789012",
				       rows[i].status));
	}

	/* an active delegate beside a suspended one */
	delegate(w, "guardduty.amazonaws.com", "555566667777", "ACTIVE");
	decide(w, "org_delegated_security_admin");
	expect(w, CHECK_PASS, "guardduty", "delegated account 555566667777");

	/* delegated to the management account itself */
	w->acct.org_delegations.n = 0;
	delegate(w, "guardduty.amazonaws.com", MGMT, "ACTIVE");
	decide(w, "org_delegated_security_admin");
	expect(w, CHECK_FAIL, "guardduty",
	       "GuardDuty is delegated to the management account 123456789012 "
	       "itself");

	/* an active delegate elsewhere wins */
	delegate(w, "guardduty.amazonaws.com", "222233334444", "ACTIVE");
	decide(w, "org_delegated_security_admin");
	expect(w, CHECK_PASS, "guardduty", "delegated account 222233334444");

	/* an entry without an account id is ignored */
	w->acct.org_delegations.n = 0;
	delegate(w, "guardduty.amazonaws.com", NULL, "ACTIVE");
	decide(w, "org_delegated_security_admin");
	expect(w, CHECK_FAIL, "guardduty", "has no delegated administrator");
}

/* org_security_ous */

static struct inv_org_ou *ou(struct world *w, const char *id, const char *name,
			     const char *parent, int security, int forensics)
{
	struct inv_org_ou *o =
		INV_PUSH(&w->acct.arena[DS_ORG_ADMIN], w->acct.org_ous);

	o->id = id;
	o->name = name;
	o->parent_id = parent;
	o->arn = w_fmt(w, "arn:aws:organizations::" MGMT ":ou/o-abc123/%s", id);
	o->security = security;
	o->forensics = forensics;
	o->in_scope = security || forensics;
	return o;
}

static struct inv_org_account *account(struct world *w, const char *id,
				       const char *name, const char *parent,
				       const char *status)
{
	struct inv_org_account *a =
		INV_PUSH(&w->acct.arena[DS_ORG_ADMIN], w->acct.org_accounts);

	a->id = id;
	a->name = name;
	a->parent_id = parent;
	a->status = status;
	return a;
}

static void security_ous(struct world *w)
{
	management(w);
	decide(w, "org_security_ous");
	expect_all(w, CHECK_FAIL, 2);
	expect(w, CHECK_FAIL, "o-abc123/Security OU",
	       "organization o-abc123 has no Security OU (no OU name contains "
	       "\"security\")");
	expect(w, CHECK_FAIL, "o-abc123/Forensics OU",
	       "has no Forensics OU (no OU name contains \"forensic\")");

	ou(w, "ou-sec", "Security", "r-ab12", 1, 0);
	ou(w, "ou-for", "IR-Forensics", "ou-sec", 0, 1);
	decide(w, "org_security_ous");
	expect(w, CHECK_FAIL, "ou-sec",
	       "Security OU Security (ou-sec) holds no active account");
	expect(w, CHECK_FAIL, "ou-for",
	       "Forensics OU IR-Forensics (ou-for) holds no active account");

	/* not active: suspended, closing, unknown */
	account(w, "333344445555", "old-log", "ou-sec", "SUSPENDED");
	account(w, "444455556666", "closing", "ou-sec", "PENDING_CLOSURE");
	account(w, "555566667777", "unknown", "ou-sec", NULL);
	decide(w, "org_security_ous");
	expect(w, CHECK_FAIL, "ou-sec", "holds no active account");

	/* an active account in the nested Forensics OU counts for both */
	account(w, "666677778888", "forensics-lab", "ou-for", "ACTIVE");
	decide(w, "org_security_ous");
	expect(w, CHECK_PASS, "ou-sec",
	       "Security OU Security (ou-sec) holds 1 active account, e.g. "
	       "forensics-lab");
	expect(w, CHECK_PASS, "ou-for",
	       "Forensics OU IR-Forensics (ou-for) holds 1 active account");

	account(w, "777788889999", NULL, "ou-sec", "ACTIVE");
	decide(w, "org_security_ous");
	expect(w, CHECK_PASS, "ou-sec",
	       "holds 2 active accounts, e.g. forensics-lab");

	/* AccountStatus in another casing is the same value */
	w->acct.org_accounts.n = 0;
	account(w, "666677778888", "forensics-lab", "ou-for", "Active");
	decide(w, "org_security_ous");
	expect(w, CHECK_PASS, "ou-for",
	       "Forensics OU IR-Forensics (ou-for) holds 1 active account");
}

static void security_ous_elsewhere(struct world *w)
{
	management(w);
	/* an active account outside the OU does not count */
	ou(w, "ou-sec", "security-prod", "r-ab12", 1, 0);
	ou(w, "ou-wl", "Workloads", "r-ab12", 0, 0);
	ou(w, "ou-for2", "Forensic", "r-ab12", 0, 1);
	account(w, "111100002222", "app", "ou-wl", "ACTIVE");
	account(w, "111100003333", "lab", "ou-for2", "ACTIVE");
	decide(w, "org_security_ous");
	expect(w, CHECK_FAIL, "ou-sec",
	       "Security OU security-prod (ou-sec) holds no active account");
	expect(w, CHECK_PASS, "ou-for2",
	       "Forensics OU Forensic (ou-for2) "
	       "holds 1 active account, e.g. lab");

	/* the first Security OU with an active account passes */
	ou(w, "ou-sec2", "Security", "r-ab12", 1, 0);
	account(w, "111100004444", NULL, "ou-sec2", "ACTIVE");
	decide(w, "org_security_ous");
	expect(w, CHECK_PASS, "ou-sec2",
	       "Security OU Security (ou-sec2) holds 1 active account, e.g. "
	       "111100004444");
}

/* support_plan_premium */

static void support(struct world *w)
{
	decide(w, DECIDES("support_plan_premium"));
	expect(w, CHECK_FAIL, "",
	       "account 123456789012 has Basic or Developer support (the "
	       "Support API answered SubscriptionRequiredException)");

	w->acct.support.premium = 1;
	w->acct.support.levels = "low, normal, high, urgent, critical";
	decide(w, "support_plan_premium");
	expect(w, CHECK_PASS, "",
	       "account 123456789012 has a Business or Enterprise support plan "
	       "(severity levels: low, normal, high, urgent, critical)");

	w->acct.support.levels = "";
	decide(w, "support_plan_premium");
	expect(w, CHECK_PASS, "", "(severity levels: none listed)");
	w->acct.support.levels = NULL;
	decide(w, "support_plan_premium");
	expect(w, CHECK_PASS, "", "(severity levels: none listed)");

	expect_errors_per_need(w, "support_plan_premium");
}

static void (*const cases[])(struct world *) = {
	member,    management_only,  management_parts, containment,
	delegated, delegated_states, security_ous,     security_ous_elsewhere,
	support,
};

int main(void)
{
	static struct world w;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		world_init(&w);
		cases[i](&w);
		world_release(&w);
	}
	return done_testing();
}
