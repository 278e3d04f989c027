/*
 * test_identity_checks.c -- the identity, account-settings and secrets
 * checks over hand-built inventories: trust-policy rules of iam_ir_roles
 * (the security account, SAML, MFA forms), "*" on "*", unused roles and
 * credentials, the root user, contacts, KMS deletion, secret rotation and
 * secret-looking parameter names -- cases the fixture scenarios cannot all
 * show with the default policy
 */
#include "check.h"
#include "inv_policy.h"
#include "irready.h"
#include "params.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

#define NOW 1795824000 /* 2026-11-28T00:00:00Z */
#define DAY 86400L

struct world {
	struct inventory inv;
	struct inv_account acct;
	struct inv_region region;
	struct params prm;
	struct findings out;
	struct arena mem;
};

static void world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	params_defaults(&w->prm);
	w->acct.id = "123456789012";
	w->acct.caller_arn = "arn:aws:sts::123456789012:assumed-role/a/b";
	w->acct.assessed = 1;
	w->acct.regions = &w->region;
	w->acct.nregions = 1;
	w->region.name = "eu-west-1";
	w->inv.accounts = &w->acct;
	w->inv.naccounts = 1;
	w->inv.now = NOW;
	findings_init(&w->out);
}

static void world_release(struct world *w)
{
	for (int d = 0; d < DS__COUNT; d++) {
		arena_release(&w->acct.arena[d]);
		arena_release(&w->region.arena[d]);
	}
	findings_release(&w->out);
	arena_release(&w->mem);
}

/* Run check 'id'; its findings are in w->out. */
static void run(struct world *w, const char *id)
{
	const struct check *c = check_find(id);
	struct check_ctx cx = {
		.inv = &w->inv, .acct = &w->acct, .params = &w->prm, .now = NOW
	};

	findings_release(&w->out);
	findings_init(&w->out);
	if (!c) {
		ok(0, "%s is registered", id);
		return;
	}
	cx.region = c->scope == CHECK_SCOPE_REGION ? &w->region : NULL;
	w->out.check = c;
	w->out.account_id = w->acct.id;
	w->out.region = cx.region ? w->region.name : "global";
	c->run(&cx, &w->out);
	for (size_t i = 0; i < w->out.n; i++)
		printf("# %s %s %s: %s\n", id, status_name(w->out.v[i].status),
		       w->out.v[i].resource_id, w->out.v[i].message);
}

/* The status of the finding on 'resource' (a substring), or -1. */
static int status_of(struct world *w, const char *resource)
{
	for (size_t i = 0; i < w->out.n; i++)
		if (strstr(w->out.v[i].resource_id, resource))
			return (int)w->out.v[i].status;
	return -1;
}

/* The message of the finding on 'resource', or "". */
static const char *message_of(struct world *w, const char *resource)
{
	for (size_t i = 0; i < w->out.n; i++)
		if (strstr(w->out.v[i].resource_id, resource))
			return w->out.v[i].message;
	return "";
}

static int only_status(struct world *w)
{
	return w->out.n == 1 ? (int)w->out.v[0].status : -1;
}

static struct inv_iam_entity *role(struct world *w, const char *name,
				   const char *trust)
{
	struct inv_iam_entity *e =
		INV_PUSH(&w->acct.arena[DS_IAM_AUTHZ], w->acct.iam_entities);

	e->kind = INV_IAM_ROLE;
	e->name = name;
	e->arn = arena_printf(&w->mem, "arn:aws:iam::123456789012:role/%s",
			      name);
	e->path = "/";
	e->created = NOW - 1000 * DAY;
	inv_policy_parse(&w->mem, trust, &e->trust);
	return e;
}

#define TRUST(principal, extra)                                                \
	"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" principal       \
	",\"Action\":\"sts:AssumeRole\"" extra "}]}"
#define MFA                                                                    \
	",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"

/* Issue 11: IR roles recognised by what they are, names only a hint. */
static void test_ir_roles_discovery(void)
{
	static const char *const custom[] = { "Responders" };
	struct world w;
	struct inv_iam_entity *e;
	static const char *const audit[] = {
		"arn:aws:iam::aws:policy/SecurityAudit"
	};

	/* a name the policy's author chose must exist */
	world_init(&w);
	w.prm.ir_role_names = custom;
	w.prm.nir_role_names = 1;
	w.prm.nbreakglass_role_names = 0;
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "Responders") == CHECK_FAIL,
	   "ir_roles: a missing role the policy names (not the default): "
	   "FAIL");
	world_release(&w);

	/* trusted by another account, with SecurityAudit: an IR role */
	world_init(&w);
	w.prm.nbreakglass_role_names = 0;
	e = role(&w, "SecOpsInvestigator",
		 TRUST("{\"AWS\":\"arn:aws:iam::999999999999:root\"}", ""));
	e->attached = audit;
	e->nattached = 1;
	role(&w, "AppDeployer",
	     TRUST("{\"AWS\":\"arn:aws:iam::888888888888:root\"}", ""));
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "SecOpsInvestigator") == CHECK_MANUAL &&
		   strstr(message_of(&w, "SecOpsInvestigator"),
			  "\"security_account_id\": \"999999999999\"") &&
		   status_of(&w, "AppDeployer") == -1 && w.out.n == 1,
	   "ir_roles: recognised by trust + SecurityAudit; without "
	   "security_account_id: MANUAL naming the account (a cross-account "
	   "role without an IR policy is not an IR role)");
	w.prm.security_account_id = "999999999999";
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "SecOpsInvestigator") == CHECK_PASS &&
		   strstr(message_of(&w, "SecOpsInvestigator"), "recognised"),
	   "ir_roles: recognised, trusted by the security account: PASS");
	world_release(&w);

	/* an IR-named inline policy counts; a break-glass role by its name */
	world_init(&w);
	w.prm.security_account_id = "999999999999";
	e = role(&w, "Triage",
		 TRUST("{\"AWS\":\"arn:aws:iam::999999999999:role/x\"}", ""));
	{
		static struct inv_iam_inline_policy pol = {
			.name = "incident-response-readonly"
		};

		e->inline_policies = &pol;
		e->ninline_policies = 1;
	}
	role(&w, "emergency-admin",
	     TRUST("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", ""));
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "role/Triage") == CHECK_PASS,
	   "ir_roles: an incident-named inline policy marks an IR role");
	ok(status_of(&w, "emergency-admin") == CHECK_FAIL &&
		   strstr(message_of(&w, "emergency-admin"), "MFA"),
	   "ir_roles: a break-glass role found by name is judged (no MFA: "
	   "FAIL)");
	world_release(&w);
}

static void test_ir_roles(void)
{
	struct world w;

	world_init(&w);
	run(&w, "iam_ir_roles");
	/* the default names are a hint: nothing recognisable is MANUAL */
	ok(status_of(&w, "IRReadOnly") == CHECK_MANUAL &&
		   status_of(&w, "BreakGlass") == CHECK_MANUAL && w.out.n == 2,
	   "ir_roles: no role by the default names, none recognisable: "
	   "MANUAL, one finding each");
	ok(strstr(message_of(&w, "IRReadOnly"), "\"ir_role_names\": [") &&
		   strstr(message_of(&w, "BreakGlass"),
			  "\"breakglass_role_names\": ["),
	   "ir_roles: the MANUAL says which setting to add");

	role(&w, "IRReadOnly",
	     TRUST("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", ""));
	role(&w, "BreakGlass",
	     TRUST("{\"AWS\":\"arn:aws:iam::123456789012:user/bg\"}", MFA));
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "role/IRReadOnly") == CHECK_PASS &&
		   status_of(&w, "role/BreakGlass") == CHECK_PASS,
	   "ir_roles: own account, and MFA on break-glass: PASS");
	world_release(&w);

	world_init(&w);
	role(&w, "IRReadOnly",
	     TRUST("{\"AWS\":[\"arn:aws:iam::999999999999:role/Responder\"]}",
		   ""));
	role(&w, "BreakGlass",
	     TRUST("{\"AWS\":\"999999999999\"}",
		   ",\"Condition\":{\"BoolIfExists\":{"
		   "\"aws:MultiFactorAuthPresent\":\"true\"}}"));
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "IRReadOnly") == CHECK_FAIL,
	   "ir_roles: another account without security_account_id: FAIL");
	w.prm.security_account_id = "999999999999";
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "IRReadOnly") == CHECK_PASS,
	   "ir_roles: the security account: PASS");
	ok(status_of(&w, "BreakGlass") == CHECK_FAIL &&
		   strstr(message_of(&w, "BreakGlass"), "MFA"),
	   "ir_roles: BoolIfExists is not MFA for break-glass: FAIL");
	w.prm.security_account_id = "888888888888";
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "IRReadOnly") == CHECK_FAIL,
	   "ir_roles: an account other than the security account: FAIL");
	world_release(&w);

	world_init(&w);
	role(&w, "IRReadOnly", TRUST("\"*\"", ""));
	role(&w, "BreakGlass", TRUST("{\"AWS\":\"*\"}", MFA));
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "IRReadOnly") == CHECK_FAIL &&
		   status_of(&w, "BreakGlass") == CHECK_FAIL,
	   "ir_roles: Principal \"*\" and {AWS: \"*\"} FAIL, even with MFA");
	world_release(&w);

	world_init(&w);
	role(&w, "IRReadOnly",
	     "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{"
	     "\"Federated\":\"arn:aws:iam::123456789012:saml-provider/"
	     "AWSSSO_0123456789abcdef_DO_NOT_DELETE\"},\"Action\":["
	     "\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]}}");
	role(&w, "BreakGlass",
	     TRUST("{\"AWS\":\"arn:aws:iam::123456789012:root\"}",
		   ",\"Condition\":{\"NumericLessThan\":{"
		   "\"aws:MultiFactorAuthAge\":\"3600\"}}"));
	run(&w, "iam_ir_roles");
	ok(status_of(&w, "IRReadOnly") == CHECK_PASS,
	   "ir_roles: IAM Identity Center SAML provider: PASS");
	ok(status_of(&w, "BreakGlass") == CHECK_PASS,
	   "ir_roles: aws:MultiFactorAuthAge counts as MFA");
	world_release(&w);

	world_init(&w);
	w.prm.nbreakglass_role_names = 0;
	role(&w, "IRReadOnly",
	     "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{"
	     "\"Federated\":\"cognito-identity.amazonaws.com\"},\"Action\":"
	     "\"sts:AssumeRoleWithWebIdentity\"}]}");
	run(&w, "iam_ir_roles");
	is_int(only_status(&w), CHECK_FAIL, "ir_roles: web identity: FAIL");
	w.acct.iam_entities.n = 0;
	role(&w, "IRReadOnly",
	     TRUST("{\"Service\":\"ec2.amazonaws.com\"}", ""));
	run(&w, "iam_ir_roles");
	is_int(only_status(&w), CHECK_FAIL, "ir_roles: a service: FAIL");
	w.acct.iam_entities.n = 0;
	role(&w, "IRReadOnly",
	     "{\"Statement\":[{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":"
	     "\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:*\"}]}");
	run(&w, "iam_ir_roles");
	is_int(only_status(&w), CHECK_FAIL, "ir_roles: NotPrincipal: FAIL");
	w.acct.iam_entities.n = 0;
	role(&w, "IRReadOnly",
	     "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
	     "\"123456789012\"},\"Action\":\"sts:TagSession\"}]}");
	run(&w, "iam_ir_roles");
	ok(only_status(&w) == CHECK_FAIL &&
		   strstr(w.out.v[0].message, "no one"),
	   "ir_roles: a trust policy that grants no assumption: FAIL");
	w.acct.iam_entities.n = 0;
	role(&w, "IRReadOnly",
	     TRUST("{\"AWS\":\"AROAEXAMPLEDELETED0001\"}", ""));
	run(&w, "iam_ir_roles");
	is_int(only_status(&w), CHECK_FAIL,
	       "ir_roles: a unique id (deleted principal): FAIL");
	w.acct.iam_entities.n = 0;
	role(&w, "IRReadOnly", "{\"Statement\":7}");
	run(&w, "iam_ir_roles");
	is_int(only_status(&w), CHECK_ERROR,
	       "ir_roles: an unreadable trust policy: ERROR");
	w.prm.nir_role_names = 0;
	run(&w, "iam_ir_roles");
	is_int(only_status(&w), CHECK_NA,
	       "ir_roles: no names in the policy: NA");
	world_release(&w);
}

static void managed(struct world *w, const char *name, long attachments,
		    const char *doc)
{
	struct inv_iam_policy *p =
		INV_PUSH(&w->acct.arena[DS_IAM_AUTHZ], w->acct.iam_policies);

	p->name = name;
	p->arn = arena_printf(&w->mem, "arn:aws:iam::123456789012:policy/%s",
			      name);
	p->attachments = attachments;
	inv_policy_parse(&w->mem, doc, &p->doc);
}

static void test_star(void)
{
	struct world w;
	struct inv_iam_entity *e;
	struct inv_iam_inline_policy *ip;

	world_init(&w);
	managed(&w, "Unattached", 0,
		"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
		"\"Resource\":\"*\"}}");
	run(&w, "iam_no_star_admin_policies");
	is_int(only_status(&w), CHECK_NA,
	       "star: an unattached policy is not judged (NA)");
	managed(&w, "Admin", 2,
		"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\","
		"\"*:*\"],\"Resource\":[\"*\"]}]}");
	managed(&w, "PowerUser", 1,
		"{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":"
		"\"iam:*\",\"Resource\":\"*\"}]}");
	managed(&w, "Scoped", 1,
		"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
		"\"Resource\":\"arn:aws:s3:::b/*\"},{\"Effect\":\"Deny\","
		"\"Action\":\"*\",\"Resource\":\"*\"}]}");
	e = role(&w, "app", "{\"Statement\":[]}");
	ip = arena_alloc(&w.mem, sizeof(*ip));
	ip->name = "inline-admin";
	inv_policy_parse(
		&w.mem,
		"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
		"\"Resource\":\"*\",\"Condition\":{\"Bool\":{"
		"\"aws:SecureTransport\":\"true\"}}}}",
		&ip->doc);
	e->inline_policies = ip;
	e->ninline_policies = 1;
	run(&w, "iam_no_star_admin_policies");
	is_int(status_of(&w, "policy/Admin"), CHECK_FAIL,
	       "star: \"*:*\" in an action list on [\"*\"]: FAIL");
	is_int(status_of(&w, "policy/PowerUser"), CHECK_PASS,
	       "star: NotAction is not counted as \"*\"");
	is_int(status_of(&w, "policy/Scoped"), CHECK_PASS,
	       "star: \"*\" on one bucket, or a Deny, is not \"*\" on \"*\"");
	is_int(status_of(&w, "role/app#inline-admin"), CHECK_FAIL,
	       "star: an inline role policy, resource ARN#name, with a "
	       "condition: FAIL");
	is_int(status_of(&w, "Unattached"), -1,
	       "star: still no finding for the unattached policy");
	world_release(&w);
}

static void test_unused_roles(void)
{
	struct world w;
	struct inv_iam_entity *e;

	world_init(&w);
	e = role(&w, "AWSServiceRoleForSupport", "{\"Statement\":[]}");
	e->path = "/aws-service-role/support.amazonaws.com/";
	e = role(&w, "young", "{\"Statement\":[]}");
	e->created = NOW - 10 * DAY;
	role(&w, "BreakGlass", "{\"Statement\":[]}");
	run(&w, "iam_unused_roles");
	is_int(only_status(&w), CHECK_NA,
	       "unused roles: service-linked, young and break-glass roles "
	       "are skipped");
	e = role(&w, "stale", "{\"Statement\":[]}");
	e->last_used = NOW - 91 * DAY;
	e = role(&w, "fresh", "{\"Statement\":[]}");
	e->last_used = NOW - 90 * DAY;
	role(&w, "never", "{\"Statement\":[]}");
	run(&w, "iam_unused_roles");
	ok(status_of(&w, "role/stale") == CHECK_FAIL &&
		   status_of(&w, "role/fresh") == CHECK_PASS &&
		   status_of(&w, "role/never") == CHECK_FAIL && w.out.n == 3,
	   "unused roles: 91 days FAIL, 90 days PASS, never used FAIL");
	world_release(&w);
}

static void test_support_role(void)
{
	struct world w;
	struct inv_iam_entity *e;
	static const char *const cn[] = {
		"arn:aws-cn:iam::aws:policy/AWSSupportAccess"
	};
	static const char *const lookalike[] = {
		"arn:aws:iam::123456789012:policy/AWSSupportAccess"
	};

	world_init(&w);
	e = role(&w, "r1", "{\"Statement\":[]}");
	e->attached = lookalike;
	e->nattached = 1;
	run(&w, "iam_support_role");
	is_int(only_status(&w), CHECK_FAIL,
	       "support role: a customer policy named AWSSupportAccess does "
	       "not count");
	e = role(&w, "r2", "{\"Statement\":[]}");
	e->attached = cn;
	e->nattached = 1;
	run(&w, "iam_support_role");
	is_int(only_status(&w), CHECK_PASS,
	       "support role: the AWS managed policy in another partition");
	world_release(&w);
}

static void test_credentials(void)
{
	struct world w;
	struct inv_iam_user *u;
	struct inv_access_key *k;

	world_init(&w);
	run(&w, "iam_unused_credentials");
	is_int(only_status(&w), CHECK_NA, "credentials: none is NA");
	u = INV_PUSH(&w.acct.arena[DS_IAM_KEYS], w.acct.iam_users);
	u->name = "never";
	u->arn = "arn:aws:iam::123456789012:user/never";
	u->password_enabled = 1;
	u->password_set = NOW - 50 * DAY;
	u = INV_PUSH(&w.acct.arena[DS_IAM_KEYS], w.acct.iam_users);
	u->name = "reset";
	u->arn = "arn:aws:iam::123456789012:user/reset";
	u->password_enabled = 1;
	u->password_set = NOW - 2 * DAY;
	u->password_last_used = NOW - 300 * DAY; /* the old password */
	k = INV_PUSH(&w.acct.arena[DS_IAM_KEYS], w.acct.access_keys);
	k->user = "<root_account>";
	k->key_id = "access_key_1";
	k->active = 1;
	k = INV_PUSH(&w.acct.arena[DS_IAM_KEYS], w.acct.access_keys);
	k->user = "new";
	k->user_arn = "arn:aws:iam::123456789012:user/new";
	k->key_id = "AKIA000000000EXAMPLE";
	k->active = 1;
	k->created = NOW - 10 * DAY;
	k = INV_PUSH(&w.acct.arena[DS_IAM_KEYS], w.acct.access_keys);
	k->user = "off";
	k->key_id = "AKIA999999999EXAMPLE";
	k->created = NOW - 999 * DAY;
	run(&w, "iam_unused_credentials");
	ok(status_of(&w, "user/never") == CHECK_FAIL &&
		   status_of(&w, "user/reset") == CHECK_PASS &&
		   status_of(&w, "AKIA000000000EXAMPLE") == CHECK_PASS &&
		   w.out.n == 3,
	   "credentials: a password never used in 50 days FAILs; a fresh "
	   "one and a new key pass; root and inactive keys are skipped");
	w.acct.iam_last_use_failed = 1;
	snprintf(w.acct.iam_last_use_err.code,
		 sizeof(w.acct.iam_last_use_err.code), "AccessDenied");
	run(&w, "iam_unused_credentials");
	ok(only_status(&w) == CHECK_ERROR &&
		   strstr(w.out.v[0].message, "AccessDenied"),
	   "credentials: a failed last-use call is ERROR, not FAIL");
	world_release(&w);
}

static void test_root(void)
{
	struct world w;

	world_init(&w);
	snprintf(w.acct.iam_root.err.code, sizeof(w.acct.iam_root.err.code),
		 "AccessDenied");
	run(&w, "iam_root_protected");
	is_int(only_status(&w), CHECK_ERROR,
	       "root: GetAccountSummary denied is ERROR");
	w.acct.iam_root.known = 1;
	w.acct.iam_root.mfa_enabled = 1;
	w.acct.iam_root.access_keys = 2;
	w.acct.iam_root.source = "credential report";
	run(&w, "iam_root_protected");
	ok(only_status(&w) == CHECK_FAIL &&
		   !strcmp(w.out.v[0].resource_id,
			   "arn:aws:iam::123456789012:root"),
	   "root: MFA but access keys is FAIL, on the root ARN");
	w.acct.caller_arn = "arn:aws-cn:sts::123456789012:assumed-role/a/b";
	w.acct.iam_root.access_keys = 0;
	run(&w, "iam_root_protected");
	ok(only_status(&w) == CHECK_PASS &&
		   !strcmp(w.out.v[0].resource_id,
			   "arn:aws-cn:iam::123456789012:root"),
	   "root: MFA, no keys is PASS; the ARN follows the partition");
	world_release(&w);
}

static void contact(struct world *w, const char *type, const char *email)
{
	struct inv_alternate_contact *c =
		INV_PUSH(&w->acct.arena[DS_ACCOUNT_CONTACTS],
			 w->acct.alternate_contacts);

	c->type = type;
	c->registered = email != NULL;
	c->email = email;
}

static void test_contacts(void)
{
	struct world w;

	world_init(&w);
	contact(&w, "SECURITY", "Sec@Example.com");
	contact(&w, "BILLING", "billing@example.com");
	contact(&w, "OPERATIONS", "sec@example.com");
	run(&w, "account_security_contact");
	is_int(only_status(&w), CHECK_PASS, "contacts: security registered");
	run(&w, "account_contacts_distinct");
	ok(only_status(&w) == CHECK_FAIL &&
		   strstr(w.out.v[0].message, "SECURITY and OPERATIONS"),
	   "contacts: the same address in another case is not distinct");
	w.acct.alternate_contacts.v[2].email = "ops@example.com";
	run(&w, "account_contacts_distinct");
	is_int(only_status(&w), CHECK_PASS, "contacts: three addresses");
	world_release(&w);
}

static void test_kms(void)
{
	struct world w;
	struct inv_kms_key *k;

	world_init(&w);
	k = INV_PUSH(&w.region.arena[DS_KMS], w.region.keys);
	k->id = "aws-key";
	k->manager = "AWS";
	k->state = "PendingDeletion";
	run(&w, "kms_keys_pending_deletion");
	is_int(only_status(&w), CHECK_NA,
	       "kms: AWS-managed keys are not judged (NA)");
	k = INV_PUSH(&w.region.arena[DS_KMS], w.region.keys);
	k->id = "replica";
	k->manager = "CUSTOMER";
	k->state = "PendingReplicaDeletion";
	k->deletion_date = NOW - DAY;
	run(&w, "kms_keys_pending_deletion");
	ok(only_status(&w) == CHECK_FAIL &&
		   strstr(w.out.v[0].message, "overdue"),
	   "kms: PendingReplicaDeletion is FAIL");
	world_release(&w);
}

static struct inv_secret *secret(struct world *w, const char *name, int enabled,
				 long days, long rotated_ago)
{
	struct inv_secret *s =
		INV_PUSH(&w->region.arena[DS_SECRETS], w->region.secrets);

	s->name = name;
	s->arn = name;
	s->rotation_enabled = enabled;
	s->rotation_days = days;
	s->created = NOW - 1000 * DAY;
	s->last_rotated = rotated_ago >= 0 ? NOW - rotated_ago * DAY : 0;
	return s;
}

static void test_secrets(void)
{
	struct world w;
	struct inv_secret *s;

	world_init(&w);
	run(&w, "secrets_rotation");
	is_int(only_status(&w), CHECK_NA, "secrets: none is NA");
	secret(&w, "off", 0, 0, -1);
	secret(&w, "late", 1, 30, 33);
	secret(&w, "slack", 1, 30, 32);
	s = secret(&w, "hourly", 1, 0, 1);
	s->schedule = "rate(12 hours)";
	s = secret(&w, "cron-never", 1, 0, -1);
	s->schedule = "cron(0 4 ? * SUN *)";
	s = secret(&w, "new", 1, 30, -1);
	s->created = NOW - 10 * DAY;
	s = secret(&w, "replica", 0, 0, -1);
	s->primary_region = "us-east-1";
	run(&w, "secrets_rotation");
	ok(status_of(&w, "off") == CHECK_FAIL &&
		   status_of(&w, "late") == CHECK_FAIL &&
		   status_of(&w, "slack") == CHECK_PASS &&
		   status_of(&w, "hourly") == CHECK_PASS &&
		   status_of(&w, "cron-never") == CHECK_FAIL &&
		   status_of(&w, "new") == CHECK_PASS &&
		   status_of(&w, "replica") == -1,
	   "secrets: disabled and late FAIL; within 2 days of slack, "
	   "rate(hours), not yet due PASS; replicas skipped");
	world_release(&w);
}

static void test_parameters(void)
{
	static const struct {
		const char *name;
		int secret;
	} names[] = {
		{ "/prod/db/password", 1 }, { "GithubToken", 1 },
		{ "api_key2", 1 },          { "APIKey", 1 },
		{ "db.passwd", 1 },         { "SECRETS", 1 },
		{ "Credentials", 1 },       { "license", 1 },
		{ "monkey-count", 0 },      { "keyboard-layout", 0 },
		{ "secretary", 0 },         { "tokenizer-config", 0 },
		{ "/app/timeout", 0 },
	};
	struct world w;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct inv_ssm_parameter *p;

		world_init(&w);
		p = INV_PUSH(&w.region.arena[DS_SSM_PARAMETERS],
			     w.region.ssm_parameters);
		p->name = names[i].name;
		p->type = "String";
		run(&w, "ssm_parameters_securestring");
		is_int(only_status(&w), names[i].secret ? CHECK_FAIL : CHECK_NA,
		       "parameters: \"%s\" %s", names[i].name,
		       names[i].secret ? "looks secret" : "does not");
		world_release(&w);
	}
	world_init(&w);
	{
		struct inv_ssm_parameter *p =
			INV_PUSH(&w.region.arena[DS_SSM_PARAMETERS],
				 w.region.ssm_parameters);

		p->name = "/a/token";
		p->type = "SecureString";
	}
	run(&w, "ssm_parameters_securestring");
	ok(only_status(&w) == CHECK_PASS &&
		   !strcmp(w.out.v[0].resource_id,
			   "arn:aws:ssm:eu-west-1:123456789012:parameter/a/"
			   "token"),
	   "parameters: a SecureString passes, resource is its ARN");
	world_release(&w);
}

int main(void)
{
	test_ir_roles();
	test_ir_roles_discovery();
	test_star();
	test_unused_roles();
	test_support_role();
	test_credentials();
	test_root();
	test_contacts();
	test_kms();
	test_secrets();
	test_parameters();
	return done_testing();
}
