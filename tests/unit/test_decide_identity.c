/*
 * test_decide_identity.c -- decision tables of the account and IAM checks:
 * contacts, Access Analyzer, access-key age, unused credentials and roles,
 * the root user, the support role, "*" on "*" policies and the trust of
 * the incident-response roles
 *
 * Each case builds a small inventory (decide.h), runs one check through
 * the runner's per-scope logic and asserts status and message: PASS,
 * FAIL, NOT_APPLICABLE, ERROR for every needed dataset, and the day a
 * limit is reached (limit-1, limit, limit+1, counted in floored days).
 */
#include "decide.h"
#include "inv_policy.h"

/* A fresh world for the next row of a table. */
static struct inv_alternate_contact *contact(struct world *w, const char *type,
					     const char *email)
{
	struct inv_alternate_contact *c =
		INV_PUSH(&w->acct.arena[DS_ACCOUNT_CONTACTS],
			 w->acct.alternate_contacts);

	c->type = type;
	c->registered = email != NULL;
	c->email = email;
	c->name = email ? w_fmt(w, "%s team", type) : NULL;
	return c;
}

/* account_security_contact */

static void security_contact(struct world *w)
{
	contact(w, "BILLING", "billing@example.com");
	contact(w, "SECURITY", "sec@example.com");
	decide(w, DECIDES("account_security_contact"));
	expect(w, CHECK_PASS, "", "is SECURITY team <sec@example.com>");

	world_reset(w);
	contact(w, "SECURITY", "sec@example.com")->name = NULL;
	decide(w, "account_security_contact");
	expect(w, CHECK_PASS, "", "(no name) <sec@example.com>");

	/* GetAlternateContact: ResourceNotFoundException */
	world_reset(w);
	contact(w, "SECURITY", NULL);
	decide(w, "account_security_contact");
	expect(w, CHECK_FAIL, "",
	       "account 123456789012 has no security "
	       "contact");

	world_reset(w);
	contact(w, "SECURITY", "");
	decide(w, "account_security_contact");
	expect(w, CHECK_FAIL, "", "go to the root email only");

	/* the SECURITY type was not among those read: nothing to judge */
	world_reset(w);
	contact(w, "BILLING", "billing@example.com");
	contact(w, "OPERATIONS", "ops@example.com");
	decide(w, "account_security_contact");
	expect(w, CHECK_NA, "", "nothing to evaluate");

	world_reset(w);
	decide(w, "account_security_contact");
	expect(w, CHECK_NA, "", "nothing to evaluate in 123456789012");

	/* aws-us-gov: no Account Management API, nothing was asked */
	world_reset(w);
	w->acct.contacts_no_api = "aws-us-gov";
	decide(w, "account_security_contact");
	expect(w, CHECK_NA, "",
	       "the AWS Account Management API has no endpoint in partition "
	       "aws-us-gov, so account 123456789012 has no alternate contacts "
	       "of its own to read");
}

/* account_contacts_distinct */

static void contacts_distinct(struct world *w)
{
	contact(w, "SECURITY", "sec@example.com");
	contact(w, "BILLING", "billing@example.com");
	contact(w, "OPERATIONS", "ops@example.com");
	decide(w, DECIDES("account_contacts_distinct"));
	expect(w, CHECK_PASS, "",
	       "are distinct: SECURITY <sec@example.com>, BILLING "
	       "<billing@example.com>, OPERATIONS <ops@example.com>");

	/* e-mail addresses compare case-insensitively */
	world_reset(w);
	contact(w, "SECURITY", "team@example.com");
	contact(w, "BILLING", "Team@Example.com");
	contact(w, "OPERATIONS", "ops@example.com");
	decide(w, "account_contacts_distinct");
	expect(w, CHECK_FAIL, "",
	       "SECURITY and BILLING share Team@Example.com");

	world_reset(w);
	contact(w, "SECURITY", "sec@example.com");
	contact(w, "BILLING", "billing@example.com");
	contact(w, "OPERATIONS", NULL);
	decide(w, "account_contacts_distinct");
	expect(w, CHECK_FAIL, "", "are not distinct: no OPERATIONS contact");

	/* one missing, two shared: both reasons */
	world_reset(w);
	contact(w, "SECURITY", NULL);
	contact(w, "BILLING", "a@example.com");
	contact(w, "OPERATIONS", "a@example.com");
	decide(w, "account_contacts_distinct");
	expect(w, CHECK_FAIL, "",
	       "no SECURITY contact; BILLING and OPERATIONS share "
	       "a@example.com");

	/* an empty address is no contact, and shares nothing */
	world_reset(w);
	contact(w, "SECURITY", "");
	contact(w, "BILLING", "b@example.com");
	decide(w, "account_contacts_distinct");
	expect(w, CHECK_FAIL, "", "no SECURITY contact");

	world_reset(w);
	decide(w, "account_contacts_distinct");
	expect(w, CHECK_NA, "", "nothing to evaluate");

	world_reset(w);
	w->acct.contacts_no_api = "aws-us-gov";
	decide(w, "account_contacts_distinct");
	expect(w, CHECK_NA, "",
	       "no endpoint in partition aws-us-gov, so account 123456789012 "
	       "has no alternate contacts of its own to read: set and audit "
	       "them on the standard AWS account it is associated with");
}

/* iam_access_analyzer (regional) */

static struct inv_analyzer *analyzer(struct world *w, int r, const char *name,
				     const char *type, const char *status)
{
	struct inv_analyzer *a =
		INV_PUSH(&w->regions[r].arena[DS_ACCESS_ANALYZER],
			 w->regions[r].analyzers);

	a->name = name;
	a->type = type;
	a->status = status;
	a->arn = w_fmt(w, "arn:aws:access-analyzer:%s:123456789012:analyzer/%s",
		       w->regions[r].name, name);
	return a;
}

static void access_analyzer_org(struct world *w);

static void access_analyzer(struct world *w)
{
	/* AnalyzerStatus: ACTIVE | CREATING | DISABLED | FAILED */
	static const char *const not_active[] = { "CREATING", "DISABLED",
						  "FAILED" };
	static const char *const other_types[] = {
		"ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS",
		"ACCOUNT_INTERNAL_ACCESS", "ORGANIZATION_INTERNAL_ACCESS"
	};

	analyzer(w, 0, "acct", "ACCOUNT", "ACTIVE");
	decide(w, DECIDES("iam_access_analyzer"));
	expect(w, CHECK_PASS, "",
	       "IAM Access Analyzer acct (ACCOUNT) is active in eu-west-1");

	for (size_t i = 0; i < 3; i++) {
		world_reset(w);
		analyzer(w, 0, "org", "ORGANIZATION", not_active[i]);
		decide(w, "iam_access_analyzer");
		expect(w, CHECK_FAIL, "",
		       w_fmt(w,
			     "no IAM Access Analyzer analyzer is active "
			     "in eu-west-1: org is %s",
			     not_active[i]));
	}

	/* any active analyzer will do, whichever comes first */
	world_reset(w);
	analyzer(w, 0, "old", "ACCOUNT", "FAILED");
	analyzer(w, 0, "org", "ORGANIZATION", "ACTIVE");
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_PASS, "", "org (ORGANIZATION) is active");

	/*
	 * Type: ACCOUNT | ORGANIZATION report external access; the unused-
	 * and internal-access analyzers do not, however ACTIVE
	 */
	for (size_t i = 0; i < 4; i++) {
		world_reset(w);
		analyzer(w, 0, "other", other_types[i], "ACTIVE");
		decide(w, "iam_access_analyzer");
		expect(w, CHECK_FAIL, "",
		       w_fmt(w,
			     "no IAM Access Analyzer external access analyzer "
			     "in eu-west-1: other is of type %s, which does "
			     "not report resources shared outside the account",
			     other_types[i]));
	}

	world_reset(w);
	analyzer(w, 0, "unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE");
	analyzer(w, 0, "org", "ORGANIZATION", "DISABLED");
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_FAIL, "", "is active in eu-west-1: org is DISABLED");

	world_reset(w);
	analyzer(w, 0, "unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE");
	analyzer(w, 0, "acct", "ACCOUNT", "ACTIVE");
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_PASS, "", "acct (ACCOUNT) is active in eu-west-1");

	world_reset(w);
	analyzer(w, 0, "odd", "ACCOUNT", NULL);
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_FAIL, "", "odd is in an unknown state");

	/* no analyzer is a FAIL, not NOT_APPLICABLE: every region needs one */
	world_reset(w);
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_FAIL, "",
	       "no IAM Access Analyzer analyzer in eu-west-1: resources");

	world_reset(w);
	world_regions(w, 3);
	analyzer(w, 1, "acct", "ACCOUNT", "ACTIVE");
	decide(w, "iam_access_analyzer");
	is_int(w->out.n, 3, "access analyzer: one finding per region");
	ok(w->out.v[0].status == CHECK_FAIL &&
		   !strcmp(w->out.v[0].region, "eu-west-1") &&
		   w->out.v[1].status == CHECK_PASS &&
		   !strcmp(w->out.v[1].region, "us-east-1") &&
		   w->out.v[2].status == CHECK_FAIL &&
		   !strcmp(w->out.v[2].region, "ap-south-1"),
	   "access analyzer: only the region with an active analyzer passes");

	/* Type and AnalyzerStatus in another casing are the same values */
	world_reset(w);
	analyzer(w, 0, "org", "Organization", "active");
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_PASS, "",
	       "IAM Access Analyzer org (Organization) is active in eu-west-1");
	access_analyzer_org(w);
}

/* A member of organization o-a1b2c3d4e5 whose management is 111122223333. */
static void org_member_of(struct world *w)
{
	w->acct.org.member = 1;
	w->acct.org.id = "o-a1b2c3d4e5";
	w->acct.org.master_account_id = "111122223333";
}

/* Organization analyzers: judged where they live */
static void access_analyzer_org(struct world *w)
{
	static const char *const arn =
		"arn:aws:access-analyzer:eu-west-1:222233334444:analyzer/org";

	/* the owner (management or delegated administrator) passes */
	world_reset(w);
	org_member_of(w);
	analyzer(w, 0, "org", "ORGANIZATION", "ACTIVE");
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_PASS, "",
	       "org (ORGANIZATION) is active in eu-west-1: it covers every "
	       "account of the Organization o-a1b2c3d4e5 there");

	/* --org: a member is judged in the analyzer's account */
	world_reset(w);
	org_member_of(w);
	w_org_mech(w, INV_ORG_ANALYZER, "222233334444", "eu-west-1", arn);
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_NA, "",
	       "covered in eu-west-1 by organization analyzer "
	       "arn:aws:access-analyzer:eu-west-1:222233334444:analyzer/org "
	       "in account 222233334444: judged in account 222233334444");

	/* ... also where the Organization has none: that account FAILs it */
	world_reset(w);
	org_member_of(w);
	world_regions(w, 2);
	w_org_mech(w, INV_ORG_ANALYZER, "222233334444", "eu-west-1", arn);
	decide(w, "iam_access_analyzer");
	expect_nth(w, 0, CHECK_NA,
		   "covered in eu-west-1 by organization analyzer");
	expect_nth(
		w, 1, CHECK_NA,
		"the Organization's analyzers run from account 222233334444 (");
	expect_nth(w, 1, CHECK_NA,
		   "which has none active in us-east-1: judged in account "
		   "222233334444");

	/* its own active analyzer still passes the member */
	world_reset(w);
	org_member_of(w);
	analyzer(w, 0, "acct", "ACCOUNT", "ACTIVE");
	w_org_mech(w, INV_ORG_ANALYZER, "222233334444", "eu-west-1", arn);
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_PASS, "", "acct (ACCOUNT) is active in eu-west-1");

	/* the owner's own entry in the list does not excuse the owner */
	world_reset(w);
	w->acct.id = "222233334444";
	w_org_mech(w, INV_ORG_ANALYZER, "222233334444", "us-east-1", arn);
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_FAIL, "",
	       "no IAM Access Analyzer analyzer in eu-west-1");

	/* an owner with an organization analyzer elsewhere only */
	world_reset(w);
	org_member_of(w);
	world_regions(w, 2);
	analyzer(w, 1, "org", "ORGANIZATION", "ACTIVE");
	decide(w, "iam_access_analyzer");
	expect_nth(
		w, 0, CHECK_FAIL,
		"runs the Organization's analyzers (one in us-east-1) but none "
		"covers eu-west-1");
	expect_nth(w, 1, CHECK_PASS,
		   "covers every account of the Organization");

	/*
	 * Audited alone, a member cannot see an organization analyzer: FAIL,
	 * saying what could not be seen and how to credit it
	 */
	world_reset(w);
	org_member_of(w);
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_FAIL, "",
	       "account 123456789012 is a member of organization "
	       "o-a1b2c3d4e5, whose organization analyzer (if any) lives in "
	       "the management account 111122223333 or a delegated "
	       "administrator and cannot be seen from here");
	expect(w, CHECK_FAIL, "", "audit the Organization with --org");

	/* the management account and standalone accounts get no such note */
	world_reset(w);
	org_member_of(w);
	w->acct.org.master_account_id = "123456789012";
	decide(w, "iam_access_analyzer");
	ok(w->out.n == 1 && !strstr(w->out.v[0].message, "--org"),
	   "access analyzer: no member note for the management account");

	/*
	 * --org, but the account that would run the Organization's analyzers
	 * could not be assessed at all: the member falls back to its own
	 * analyzers (FAIL) and the message says why
	 */
	world_reset(w);
	org_member_of(w);
	w_org_unassessed(w, "222233334444");
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_FAIL, "",
	       "no IAM Access Analyzer analyzer in eu-west-1: resources");
	expect(w, CHECK_FAIL, "",
	       "no account this --org run assessed runs an active "
	       "organization analyzer, and 1 account (222233334444) could not "
	       "be assessed: an organization analyzer there is not seen, so "
	       "account 123456789012 is judged on its own analyzers");
	/* the analyzer of an assessed account still answers for it */
	w_org_mech(w, INV_ORG_ANALYZER, "555566667777", "eu-west-1",
		   "arn:aws:access-analyzer:eu-west-1:555566667777:analyzer/o");
	decide(w, "iam_access_analyzer");
	expect(w, CHECK_NA, "", "judged in account 555566667777");
}

/* iam_access_keys_rotated */

static struct inv_access_key *key(struct world *w, const char *user,
				  const char *id, int active, time_t created)
{
	struct inv_access_key *k =
		INV_PUSH(&w->acct.arena[DS_IAM_KEYS], w->acct.access_keys);

	k->user = user;
	k->user_arn = w_fmt(w, "arn:aws:iam::123456789012:user/%s", user);
	k->key_id = id;
	k->active = active;
	k->created = created;
	return k;
}

static void keys_rotated(struct world *w)
{
	/* CIS 1.14: rotated every 90 days or less; days are floored */
	static const struct {
		time_t created;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ NOW - 89 * DAY, CHECK_PASS, "is 89 days old (limit 90)" },
		{ NOW - 90 * DAY, CHECK_PASS, "is 90 days old (limit 90)" },
		{ NOW - 90 * DAY - DAY + 1, CHECK_PASS, "is 90 days old" },
		{ NOW - 91 * DAY, CHECK_FAIL,
		  "active access key AKIA1 of user alice is 91 days old "
		  "(limit 90)" },
		{ NOW + DAY, CHECK_PASS, "is 0 days old" }, /* clock skew */
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		world_reset(w);
		key(w, "alice", "AKIA1", 1, rows[i].created);
		decide(w, i ? "iam_access_keys_rotated"
			    : DECIDES("iam_access_keys_rotated"));
		expect(w, rows[i].st, "user/alice/AKIA1", rows[i].msg);
	}

	world_reset(w);
	key(w, "alice", "AKIA1", 1, 0);
	decide(w, "iam_access_keys_rotated");
	expect(w, CHECK_FAIL, "AKIA1", "has no known creation or rotation");

	/* the policy's limit, and one finding per active key */
	world_reset(w);
	w->prm.access_key_max_age_days = 30;
	key(w, "alice", "AKIA1", 1, NOW - 30 * DAY);
	key(w, "bob", "AKIA2", 1, NOW - 31 * DAY);
	key(w, "carol", "AKIA3", 0, NOW - 900 * DAY);
	decide(w, "iam_access_keys_rotated");
	is_int(w->out.n, 2, "keys rotated: the inactive key is skipped");
	expect(w, CHECK_PASS, "AKIA1", "30 days old (limit 30)");
	expect(w, CHECK_FAIL, "AKIA2", "31 days old (limit 30)");

	world_reset(w);
	key(w, "carol", "AKIA3", 0, NOW - 900 * DAY);
	decide(w, "iam_access_keys_rotated");
	expect(w, CHECK_NA, "", "no active IAM access keys in account");

	world_reset(w);
	decide(w, "iam_access_keys_rotated");
	expect(w, CHECK_NA, "", "no active IAM access keys");
}

/* iam_unused_credentials */

static struct inv_iam_user *user(struct world *w, const char *name, time_t set,
				 time_t used)
{
	struct inv_iam_user *u =
		INV_PUSH(&w->acct.arena[DS_IAM_KEYS], w->acct.iam_users);

	u->name = name;
	u->arn = w_fmt(w, "arn:aws:iam::123456789012:user/%s", name);
	u->password_enabled = 1;
	u->password_set = set;
	u->password_last_used = used;
	return u;
}

static void unused_credentials(struct world *w)
{
	/* CIS 1.12: unused for 45 days or greater fails, the limit day too */
	static const struct {
		long idle;
		enum check_status st;
		const char *pw, *key;
	} rows[] = {
		{ 44, CHECK_PASS, "last used 44 days ago (limit 45)",
		  "last used 44 days ago (limit 45)" },
		{ 45, CHECK_FAIL, "has not been used for 45 days (limit 45)",
		  "has not been used for 45 days (limit 45): deactivate" },
		{ 46, CHECK_FAIL, "has not been used for 46 days",
		  "has not been used for 46 days" },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		world_reset(w);
		user(w, "alice", NOW - 400 * DAY, NOW - rows[i].idle * DAY);
		key(w, "bob", "AKIAB", 1, NOW - 400 * DAY)->last_used =
			NOW - rows[i].idle * DAY;
		decide(w, i ? "iam_unused_credentials"
			    : DECIDES("iam_unused_credentials"));
		expect(w, rows[i].st, "user/alice", rows[i].pw);
		expect(w, rows[i].st, "AKIAB", rows[i].key);
	}

	/* 44 days and 23 hours is 44 whole days: still within the limit */
	world_reset(w);
	user(w, "alice", NOW - 400 * DAY, NOW - 45 * DAY + 3600);
	decide(w, "iam_unused_credentials");
	expect(w, CHECK_PASS, "user/alice", "44 days ago");

	/* never used: the clock runs from when it was set or created */
	world_reset(w);
	user(w, "new", NOW - 44 * DAY, 0);
	user(w, "stale", NOW - 45 * DAY, 0);
	key(w, "fresh", "AKIAF", 1, NOW - DAY);
	key(w, "idle", "AKIAI", 1, NOW - 45 * DAY);
	decide(w, "iam_unused_credentials");
	expect(w, CHECK_PASS, "user/new", "was set 44 days ago");
	expect(w, CHECK_FAIL, "user/stale",
	       "was set 45 days ago and never used (limit 45): disable it");
	expect(w, CHECK_PASS, "AKIAF", "was created 1 day ago");
	expect(w, CHECK_FAIL, "AKIAI",
	       "was created 45 days ago and never used (limit 45)");

	/* a password reset after its last use: idle since the reset */
	world_reset(w);
	user(w, "reset", NOW - 2 * DAY, NOW - 300 * DAY);
	decide(w, "iam_unused_credentials");
	expect(w, CHECK_PASS, "user/reset", "was set 2 days ago");

	world_reset(w);
	user(w, "nodate", 0, 0);
	key(w, "nodate", "AKIAN", 1, 0);
	decide(w, "iam_unused_credentials");
	expect(w, CHECK_FAIL, "user/nodate",
	       "console password with no known last use or creation date");
	expect(w, CHECK_FAIL, "AKIAN", "has no known last use or creation");

	/* the policy's limit */
	world_reset(w);
	w->prm.credential_unused_days = 90;
	key(w, "bob", "AKIAB", 1, NOW - 89 * DAY);
	decide(w, "iam_unused_credentials");
	expect(w, CHECK_PASS, "AKIAB", "89 days ago (limit 90)");

	/* disabled passwords, inactive keys and the root's are skipped */
	world_reset(w);
	user(w, "nopw", NOW - 900 * DAY, 0)->password_enabled = 0;
	key(w, "bob", "AKIAB", 0, NOW - 900 * DAY);
	key(w, "<root_account>", "access_key_1", 1, NOW - 900 * DAY);
	decide(w, "iam_unused_credentials");
	expect(w, CHECK_NA, "",
	       "no IAM user in account 123456789012 has a "
	       "console password or an active access key");

	world_reset(w);
	user(w, "alice", NOW - 900 * DAY, 0);
	w->acct.iam_last_use_failed = 1;
	snprintf(w->acct.iam_last_use_err.code,
		 sizeof(w->acct.iam_last_use_err.code), "AccessDenied");
	snprintf(w->acct.iam_last_use_err.action,
		 sizeof(w->acct.iam_last_use_err.action),
		 "iam:GetAccessKeyLastUsed");
	decide(w, "iam_unused_credentials");
	expect(w, CHECK_ERROR, "",
	       "could not collect when IAM credentials were last used: "
	       "AccessDenied on iam:GetAccessKeyLastUsed");
}

/* iam_root_protected */

static void root(struct world *w, int mfa, int keys)
{
	w->acct.iam_root.known = 1;
	w->acct.iam_root.mfa_enabled = mfa;
	w->acct.iam_root.access_keys = keys;
	w->acct.iam_root.source = "credential report";
}

static void root_protected(struct world *w)
{
	root(w, 1, 0);
	decide(w, DECIDES("iam_root_protected"));
	expect(w, CHECK_PASS, "arn:aws:iam::123456789012:root",
	       "has MFA and no access keys (credential report)");

	world_reset(w);
	root(w, 0, 0);
	decide(w, "iam_root_protected");
	expect(w, CHECK_FAIL, "",
	       "root user of account 123456789012 has no "
	       "MFA (credential report)");

	world_reset(w);
	root(w, 1, 1);
	w->acct.iam_root.source = "GetAccountSummary";
	decide(w, "iam_root_protected");
	expect(w, CHECK_FAIL, "",
	       "123456789012 has an active access key (GetAccountSummary)");

	world_reset(w);
	root(w, 0, 2);
	decide(w, "iam_root_protected");
	expect(w, CHECK_FAIL, "", "has no MFA and has active access keys");

	/* no password and no keys: nobody can sign in as root (centralised
	 * root access management deleted the member's root credentials) */
	world_reset(w);
	root(w, 0, 0);
	w->acct.iam_root.no_password = 1;
	decide(w, "iam_root_protected");
	expect(w, CHECK_PASS, "",
	       "the root user of account 123456789012 has no password and no "
	       "access keys, so nobody can sign in as root");
	w->acct.iam_root.access_keys = 1;
	decide(w, "iam_root_protected");
	expect(w, CHECK_FAIL, "", "has no MFA and has an active access key");

	/* the partition comes from the caller's ARN */
	world_reset(w);
	root(w, 1, 0);
	w->acct.caller_arn = "arn:aws-cn:sts::123456789012:assumed-role/a/b";
	decide(w, "iam_root_protected");
	expect(w, CHECK_PASS, "arn:aws-cn:iam::123456789012:root", "has MFA");

	/* neither source answered */
	world_reset(w);
	snprintf(w->acct.iam_root.err.code, sizeof(w->acct.iam_root.err.code),
		 "AccessDenied");
	snprintf(w->acct.iam_root.err.action,
		 sizeof(w->acct.iam_root.err.action), "iam:GetAccountSummary");
	decide(w, "iam_root_protected");
	expect(w, CHECK_ERROR, "",
	       "could not learn how the root user is protected: AccessDenied "
	       "on iam:GetAccountSummary");

	world_reset(w);
	decide(w, "iam_root_protected");
	expect(w, CHECK_ERROR, "", "no <root_account> row in the credential");
}

/* iam_support_role, iam_unused_roles, iam_ir_roles */

static struct inv_iam_entity *role(struct world *w, const char *name,
				   const char *trust)
{
	struct inv_iam_entity *e =
		INV_PUSH(&w->acct.arena[DS_IAM_AUTHZ], w->acct.iam_entities);

	e->kind = INV_IAM_ROLE;
	e->name = name;
	e->arn = w_fmt(w, "arn:aws:iam::123456789012:role/%s", name);
	e->path = "/";
	e->created = NOW - 1000 * DAY;
	inv_policy_parse(&w->mem, trust ? trust : "{\"Statement\":[]}",
			 &e->trust);
	return e;
}

static struct inv_iam_entity *attach(struct world *w, struct inv_iam_entity *e,
				     const char *a, const char *b)
{
	const char **v = arena_alloc(&w->mem, 2 * sizeof(*v));

	v[0] = a;
	v[1] = b;
	e->attached = v;
	e->nattached = b ? 2 : 1;
	return e;
}

#define SUPPORT "arn:aws:iam::aws:policy/AWSSupportAccess"

static void support_role(struct world *w)
{
	role(w, "app", NULL);
	attach(w, role(w, "support", NULL),
	       "arn:aws:iam::aws:policy/ReadOnlyAccess", SUPPORT);
	decide(w, DECIDES("iam_support_role"));
	expect(w, CHECK_PASS, "role/support",
	       "AWSSupportAccess is attached to 1 role: support");

	/* the partition does not matter; the first ARN names the finding */
	world_reset(w);
	attach(w, role(w, "zeta", NULL), SUPPORT, NULL);
	attach(w, role(w, "alpha", NULL),
	       "arn:aws-us-gov:iam::aws:policy/AWSSupportAccess", NULL);
	decide(w, "iam_support_role");
	expect(w, CHECK_PASS, "role/alpha", "attached to 2 roles: zeta, alpha");

	/* a customer policy of the same name is not AWS's */
	world_reset(w);
	attach(w, role(w, "lookalike", NULL),
	       "arn:aws:iam::123456789012:policy/AWSSupportAccess", NULL);
	decide(w, "iam_support_role");
	expect(w, CHECK_FAIL, "",
	       "no role in account 123456789012 holds the "
	       "AWSSupportAccess policy (1 role)");

	/* a user holding it is not a role */
	world_reset(w);
	attach(w, role(w, "u", NULL), SUPPORT, NULL)->kind = INV_IAM_USER;
	decide(w, "iam_support_role");
	expect(w, CHECK_FAIL, "", "(0 roles): nobody is set up");

	world_reset(w);
	decide(w, "iam_support_role");
	expect(w, CHECK_FAIL, "", "(0 roles)");
}

static void unused_roles(struct world *w)
{
	static const struct {
		long idle;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ 1, CHECK_PASS,
		  "role app was last used 1 day ago in "
		  "us-east-1 (limit 90)" },
		{ 89, CHECK_PASS, "last used 89 days ago" },
		{ 90, CHECK_PASS,
		  "last used 90 days ago in us-east-1 (limit "
		  "90)" },
		{ 91, CHECK_FAIL,
		  "role app was last used 91 days ago in "
		  "us-east-1 (limit 90)" },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct inv_iam_entity *e;

		world_reset(w);
		e = role(w, "app", NULL);
		e->last_used = NOW - rows[i].idle * DAY;
		e->last_used_region = "us-east-1";
		decide(w, i ? "iam_unused_roles" : DECIDES("iam_unused_roles"));
		expect(w, rows[i].st, "role/app", rows[i].msg);
	}

	/* never used: judged once older than the limit */
	world_reset(w);
	role(w, "young", NULL)->created = NOW - 90 * DAY;
	role(w, "old", NULL)->created = NOW - 91 * DAY;
	decide(w, "iam_unused_roles");
	is_int(w->out.n, 1, "unused roles: a role 90 days old is not judged");
	expect(w, CHECK_FAIL, "role/old",
	       "role old has not been used in the period IAM tracks (created "
	       "91 days ago; limit 90)");

	/* no creation date: judged on its last use */
	world_reset(w);
	role(w, "undated", NULL)->created = 0;
	w->acct.iam_entities.v[0].last_used = NOW - 100 * DAY;
	decide(w, "iam_unused_roles");
	expect(w, CHECK_FAIL, "role/undated", "last used 100 days ago (limit");

	/* skipped: service-linked, incident-response, break-glass, users */
	world_reset(w);
	role(w, "AWSServiceRoleForSupport", NULL)->path =
		"/aws-service-role/support.amazonaws.com/";
	role(w, "IRReadOnly", NULL);
	role(w, "BreakGlass", NULL);
	role(w, "alice", NULL)->kind = INV_IAM_USER;
	role(w, "young", NULL)->created = NOW - 10 * DAY;
	decide(w, "iam_unused_roles");
	expect(w, CHECK_NA, "",
	       "no IAM role in account 123456789012 is old enough to judge "
	       "(4 roles;");

	world_reset(w);
	decide(w, "iam_unused_roles");
	expect(w, CHECK_NA, "", "(0 roles;");

	/* Control Tower's roles are not the customer's to remove */
	world_reset(w);
	role(w, "aws-controltower-AdministratorExecutionRole", NULL);
	role(w, "AWSControlTowerExecution", NULL);
	decide(w, "iam_unused_roles");
	expect(w, CHECK_NA, "",
	       "(2 roles; service-linked, incident-response and break-glass "
	       "roles are skipped, and so are AWS Control Tower's and "
	       "AWS-reserved roles)");

	/* an Identity Center role: advice on its permission set */
	world_reset(w);
	role(w, "AWSReservedSSO_Admin_0123456789abcdef", NULL)->path =
		"/aws-reserved/sso.amazonaws.com/";
	decide(w, "iam_unused_roles");
	expect(w, CHECK_FAIL, "AWSReservedSSO_Admin",
	       "it belongs to an IAM Identity Center permission set: remove "
	       "that permission set's assignment to this account in IAM "
	       "Identity Center (deleting the role here is undone)");
	w->acct.iam_entities.v[0].last_used = NOW - 200 * DAY;
	decide(w, "iam_unused_roles");
	expect(w, CHECK_FAIL, "AWSReservedSSO_Admin",
	       "(limit 90): remove its permission set's assignment to this "
	       "account in IAM Identity Center");
}

#define TRUST(principal, extra)                                                \
	"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" principal       \
	",\"Action\":\"sts:AssumeRole\"" extra "}]}"
#define OWN "{\"AWS\":\"arn:aws:iam::123456789012:root\"}"
#define MFA                                                                    \
	",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"

static void ir_roles(struct world *w)
{
	static const struct {
		const char *trust;
		enum check_status st;
		const char *msg;
	} ir[] = {
		{ TRUST(OWN, ""), CHECK_PASS,
		  "incident-response role IRReadOnly is trusted only by "
		  "arn:aws:iam::123456789012:root" },
		{ TRUST("{\"AWS\":\"123456789012\"}", ""), CHECK_PASS,
		  "trusted only by 123456789012" },
		{ TRUST("{\"Federated\":\"arn:aws:iam::123456789012:saml-"
			"provider/idp\"}",
			""),
		  CHECK_PASS,
		  "trusted only by arn:aws:iam::123456789012:saml" },
		{ TRUST("\"*\"", ""), CHECK_FAIL,
		  "trusts any principal (\"*\")" },
		{ TRUST("{\"AWS\":\"*\"}", ""), CHECK_FAIL,
		  "trusts any principal" },
		{ TRUST("{\"Service\":\"ec2.amazonaws.com\"}", ""), CHECK_FAIL,
		  "trusts the Service principal ec2.amazonaws.com, but is "
		  "meant for people" },
		{ TRUST("{\"Federated\":\"accounts.google.com\"}", ""),
		  CHECK_FAIL,
		  "trusts the web identity provider accounts.google.com" },
		{ TRUST("{\"AWS\":\"AROAEXAMPLEID\"}", ""), CHECK_FAIL,
		  "trusts AROAEXAMPLEID, which names no account" },
		{ TRUST("{\"AWS\":\"arn:aws:iam::999999999999:root\"}", ""),
		  CHECK_FAIL,
		  "trusts arn:aws:iam::999999999999:root of account "
		  "999999999999, another account (the policy sets no "
		  "security_account_id)" },
		{ "{\"Statement\":[{\"Effect\":\"Allow\",\"NotPrincipal\":"
		  "{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":"
		  "\"sts:AssumeRole\"}]}",
		  CHECK_FAIL, "statement 1 uses NotPrincipal" },
		{ "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":" OWN
		  ",\"Action\":\"sts:AssumeRole\"}]}",
		  CHECK_FAIL, "its trust policy lets no one assume it" },
		{ "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" OWN
		  ",\"Action\":\"sts:TagSession\"}]}",
		  CHECK_FAIL, "lets no one assume it" },
		{ "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" OWN
		  ",\"Action\":\"sts:*\"}]}",
		  CHECK_PASS, "trusted only by" },
	};
	static const struct {
		const char *trust;
		enum check_status st;
		const char *msg;
	} bg[] = {
		{ TRUST(OWN, MFA), CHECK_PASS,
		  "break-glass role BreakGlass is trusted only by "
		  "arn:aws:iam::123456789012:root, with MFA" },
		{ TRUST(OWN, ",\"Condition\":{\"NumericLessThan\":{\"aws:"
			     "MultiFactorAuthAge\":\"3600\"}}"),
		  CHECK_PASS, ", with MFA" },
		{ TRUST(OWN, ""), CHECK_FAIL,
		  "statement 1 does not require MFA" },
		{ TRUST(OWN, ",\"Condition\":{\"Bool\":{\"aws:"
			     "MultiFactorAuthPresent\":\"false\"}}"),
		  CHECK_FAIL, "does not require MFA" },
		{ TRUST(OWN, ",\"Condition\":{\"BoolIfExists\":{\"aws:"
			     "MultiFactorAuthPresent\":\"true\"}}"),
		  CHECK_FAIL, "does not require MFA" },
	};

	/*
	 * the default policy's names IRReadOnly and BreakGlass are hints: both
	 * missing and nothing recognisable is MANUAL (unconfigured), a name
	 * the user set that does not exist is FAIL
	 */
	decide(w, DECIDES("iam_ir_roles"));
	is_int(w->out.n, 2, "ir roles: one finding per named role");
	expect(w, CHECK_MANUAL, "IRReadOnly",
	       "no role is named IRReadOnly and none is recognisable as an "
	       "incident-response role");
	expect(w, CHECK_MANUAL, "BreakGlass",
	       "\"breakglass_role_names\": [\"<RoleName>\"]");

	for (size_t i = 0; i < sizeof(ir) / sizeof(ir[0]); i++) {
		world_reset(w);
		w->prm.nbreakglass_role_names = 0;
		role(w, "IRReadOnly", ir[i].trust);
		decide(w, "iam_ir_roles");
		expect(w, ir[i].st, "role/IRReadOnly", ir[i].msg);
	}
	for (size_t i = 0; i < sizeof(bg) / sizeof(bg[0]); i++) {
		world_reset(w);
		w->prm.nir_role_names = 0;
		role(w, "BreakGlass", bg[i].trust);
		decide(w, "iam_ir_roles");
		expect(w, bg[i].st, "role/BreakGlass", bg[i].msg);
	}

	/* the security account may hold the responders */
	world_reset(w);
	w->prm.nbreakglass_role_names = 0;
	w->prm.security_account_id = "999999999999";
	role(w, "IRReadOnly",
	     TRUST("{\"AWS\":[\"arn:aws:iam::999999999999:role/Responder\","
		   "\"arn:aws:iam::123456789012:root\"]}",
		   ""));
	decide(w, "iam_ir_roles");
	expect(w, CHECK_PASS, "role/IRReadOnly",
	       "trusted only by arn:aws:iam::999999999999:role/Responder; "
	       "arn:aws:iam::123456789012:root");

	world_reset(w);
	w->prm.nbreakglass_role_names = 0;
	w->prm.security_account_id = "999999999999";
	role(w, "IRReadOnly",
	     TRUST("{\"AWS\":\"arn:aws:iam::888888888888:root\"}", ""));
	decide(w, "iam_ir_roles");
	expect(w, CHECK_FAIL, "role/IRReadOnly",
	       "which is neither this account nor the security account "
	       "999999999999");

	world_reset(w);
	w->prm.nbreakglass_role_names = 0;
	role(w, "IRReadOnly", "not json");
	decide(w, "iam_ir_roles");
	expect(w, CHECK_ERROR, "role/IRReadOnly",
	       "could not read the trust policy of incident-response role "
	       "IRReadOnly");

	world_reset(w);
	w->prm.nir_role_names = 0;
	w->prm.nbreakglass_role_names = 0;
	decide(w, "iam_ir_roles");
	expect(w, CHECK_NA, "",
	       "the policy names no incident-response or break-glass role");
}

/* iam_no_star_admin_policies */

static void managed(struct world *w, const char *name, long attachments,
		    const char *doc)
{
	struct inv_iam_policy *p =
		INV_PUSH(&w->acct.arena[DS_IAM_AUTHZ], w->acct.iam_policies);

	p->name = name;
	p->arn = w_fmt(w, "arn:aws:iam::123456789012:policy/%s", name);
	p->attachments = attachments;
	inv_policy_parse(&w->mem, doc, &p->doc);
}

static void inline_policy(struct world *w, struct inv_iam_entity *e,
			  const char *name, const char *doc)
{
	struct inv_iam_inline_policy *ip = arena_alloc(&w->mem, sizeof(*ip));

	memset(ip, 0, sizeof(*ip));
	ip->name = name;
	inv_policy_parse(&w->mem, doc, &ip->doc);
	e->inline_policies = ip;
	e->ninline_policies = 1;
}

#define STMT(action, resource)                                                 \
	"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" action             \
	",\"Resource\":" resource "}]}"

static void star_admin(struct world *w)
{
	static const struct {
		const char *doc;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ STMT("\"*\"", "\"*\""), CHECK_FAIL,
		  "customer-managed policy P (attached 1 time) allows every "
		  "action on every resource (statement 1): full administrator "
		  "access" },
		{ STMT("[\"s3:GetObject\",\"*:*\"]", "[\"*\"]"), CHECK_FAIL,
		  "allows every action on every resource" },
		{ "{\"Statement\":[{\"Sid\":\"Ro\",\"Effect\":\"Allow\","
		  "\"Action\":\"s3:Get*\",\"Resource\":\"*\"},{\"Sid\":\"All\","
		  "\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
		  "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"
		  "}]}",
		  CHECK_FAIL, "(statement 2, Sid All, with a condition)" },
		{ STMT("\"*\"", "\"arn:aws:s3:::bucket/*\""), CHECK_PASS,
		  "customer-managed policy P (attached 1 time) does not allow "
		  "\"*\" on \"*\"" },
		{ STMT("\"s3:*\"", "\"*\""), CHECK_PASS, "does not allow" },
		{ "{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":"
		  "\"iam:*\",\"Resource\":\"*\"}]}",
		  CHECK_PASS, "does not allow" },
		{ "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\","
		  "\"Resource\":\"*\"}]}",
		  CHECK_PASS, "does not allow" },
		{ "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
		  "\"NotResource\":\"arn:aws:s3:::x\"}]}",
		  CHECK_PASS, "does not allow" },
		{ "[1,2]", CHECK_ERROR,
		  "could not read the document of customer-managed policy P" },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		world_reset(w);
		managed(w, "P", 1, rows[i].doc);
		decide(w, i ? "iam_no_star_admin_policies"
			    : DECIDES("iam_no_star_admin_policies"));
		expect(w, rows[i].st, "policy/P", rows[i].msg);
	}

	world_reset(w);
	managed(w, "P", 3, STMT("\"*\"", "\"*\""));
	decide(w, "iam_no_star_admin_policies");
	expect(w, CHECK_FAIL, "policy/P", "(attached 3 times)");

	/* inline policies of users, groups and roles */
	world_reset(w);
	inline_policy(w, role(w, "app", NULL), "admin", STMT("\"*\"", "\"*\""));
	{
		struct inv_iam_entity *g = role(w, "ops", NULL);

		g->kind = INV_IAM_GROUP;
		g->arn = "arn:aws:iam::123456789012:group/ops";
		inline_policy(w, g, "read", STMT("\"ec2:Describe*\"", "\"*\""));
	}
	decide(w, "iam_no_star_admin_policies");
	expect(w, CHECK_FAIL, "role/app#admin",
	       "inline policy admin of role app allows every action");
	expect(w, CHECK_PASS, "group/ops#read",
	       "inline policy read of group ops does not allow");

	/* a permission set's inline policy is fixed in Identity Center */
	world_reset(w);
	{
		struct inv_iam_entity *e =
			role(w, "AWSReservedSSO_Power_0123456789abcdef", NULL);

		e->path = "/aws-reserved/sso.amazonaws.com/eu-west-1/";
		inline_policy(w, e, "AwsSSOInlinePolicy",
			      STMT("\"*\"", "\"*\""));
	}
	decide(w, "iam_no_star_admin_policies");
	expect(w, CHECK_FAIL, "#AwsSSOInlinePolicy",
	       "inline policy AwsSSOInlinePolicy of role "
	       "AWSReservedSSO_Power_0123456789abcdef (managed by IAM Identity "
	       "Center: change the permission set's inline policy in IAM "
	       "Identity Center, edits to the role are undone) allows every");

	/* unattached policies are not judged */
	world_reset(w);
	managed(w, "Unattached", 0, STMT("\"*\"", "\"*\""));
	decide(w, "iam_no_star_admin_policies");
	expect(w, CHECK_NA, "",
	       "no attached customer-managed or inline IAM policy in account "
	       "123456789012");

	world_reset(w);
	decide(w, "iam_no_star_admin_policies");
	expect(w, CHECK_NA, "", "no attached customer-managed");
}

static const struct {
	const char *name;
	void (*fn)(struct world *);
} cases[] = {
	{ "account_security_contact", security_contact },
	{ "account_contacts_distinct", contacts_distinct },
	{ "iam_access_analyzer", access_analyzer },
	{ "iam_access_keys_rotated", keys_rotated },
	{ "iam_unused_credentials", unused_credentials },
	{ "iam_root_protected", root_protected },
	{ "iam_support_role", support_role },
	{ "iam_unused_roles", unused_roles },
	{ "iam_ir_roles", ir_roles },
	{ "iam_no_star_admin_policies", star_admin },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct world w;

		printf("# %s\n", cases[i].name);
		world_init(&w);
		cases[i].fn(&w);
		world_release(&w);
		expect_needs_error(cases[i].name);
	}
	return done_testing();
}
