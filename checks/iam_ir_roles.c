/*
 * iam_ir_roles.c -- the incident-response and break-glass roles named in
 * the policy exist and are trusted only as intended
 *
 * For every role in params.ir_role_names and params.breakglass_role_names
 * (read from GetAccountAuthorizationDetails), each Allow statement of its
 * trust policy that can let someone assume it (an sts:AssumeRole* action,
 * a wildcard, or a NotAction list) is read principal by principal:
 *
 *   allowed   an AWS principal (account id, :root, role, user, assumed
 *             role) of this account or of params.security_account_id;
 *             a SAML provider (IAM Identity Center's AWSSSO_* included)
 *             of one of those accounts
 *   FAIL      Principal "*" or {"AWS": "*"}; NotPrincipal; any other
 *             account; a web-identity (OIDC, Cognito) provider; a service
 *             or CanonicalUser principal (these roles are for people); a
 *             principal id that is not an ARN or account id (usually a
 *             deleted principal); a trust policy nobody can use
 *   break-glass roles, in addition: every such statement must require MFA
 *             with a "Bool" (not "BoolIfExists", which passes when the
 *             key is absent, as it is for long-term keys)
 *             aws:MultiFactorAuthPresent "true" condition, or a
 *             NumericLessThan[Equals] aws:MultiFactorAuthAge
 *
 * Conditions are not otherwise evaluated: a condition such as
 * aws:PrincipalOrgID does not make "*" acceptable here. With neither list
 * set, NOT_APPLICABLE.
 *
 * A role the policy names that is missing is a FAIL -- unless the name is
 * the shipped default (IRReadOnly, BreakGlass), which is only a hint.
 * Then the roles are recognised by what they are:
 *
 *   incident-response  trusted by another account, and carrying
 *                      SecurityAudit, ReadOnlyAccess, ViewOnlyAccess or
 *                      a policy whose name says incident response
 *                      (incident, forensic, responder, IR-...): judged as
 *                      above when the policy sets security_account_id,
 *                      else MANUAL naming the role and the settings
 *   break-glass        a name with breakglass, break-glass or emergency
 *                      in it: judged as above
 *   none recognised    MANUAL, with the setting to add
 */
#include "check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Case-insensitive glob with '*' and '?' (IAM action matching). */
static int glob_ci(const char *p, const char *s)
{
	if (!*p)
		return !*s;
	if (*p == '*')
		return glob_ci(p + 1, s) || (*s && glob_ci(p, s + 1));
	if (!*s)
		return 0;
	if (*p != '?' &&
	    tolower((unsigned char)*p) != tolower((unsigned char)*s))
		return 0;
	return glob_ci(p + 1, s + 1);
}

/* Whether the statement can grant one of the sts:AssumeRole* actions. */
static int grants_assume(const struct inv_policy_statement *st)
{
	static const char *const assume[] = { "sts:AssumeRole",
					      "sts:AssumeRoleWithSAML",
					      "sts:AssumeRoleWithWebIdentity" };

	if (!st->allow)
		return 0;
	if (st->not_action)
		return 1; /* everything but a list: assume it grants */
	for (size_t i = 0; i < st->nactions; i++)
		for (size_t k = 0; k < sizeof(assume) / sizeof(assume[0]); k++)
			if (glob_ci(st->actions[i], assume[k]))
				return 1;
	return 0;
}

static int twelve_digits(const char *s, size_t n)
{
	if (n != 12)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * The account of an AWS principal ("123456789012", "arn:aws:iam::
 * 123456789012:root", "...:role/x", "arn:aws:sts::...:assumed-role/...")
 * into 'acct' (13 bytes); 0 when it names no account.
 */
static int principal_account(const char *v, char *acct)
{
	const char *p = v;

	if (twelve_digits(v, strlen(v))) {
		memcpy(acct, v, 13);
		return 1;
	}
	if (strncmp(v, "arn:", 4))
		return 0;
	/* arn:partition:service:region:account:resource */
	for (int field = 0; field < 4; field++) {
		p = strchr(p, ':');
		if (!p)
			return 0;
		p++;
	}
	if (!strchr(p, ':') || !twelve_digits(p, (size_t)(strchr(p, ':') - p)))
		return 0;
	memcpy(acct, p, 12);
	acct[12] = '\0';
	return 1;
}

static int has_mfa_condition(const struct inv_policy_statement *st)
{
	for (size_t i = 0; i < st->nconditions; i++) {
		const struct inv_policy_condition *c = &st->conditions[i];

		if (!strcasecmp(c->key, "aws:MultiFactorAuthPresent") &&
		    !strcmp(c->op, "Bool"))
			for (size_t k = 0; k < c->nvalues; k++)
				if (!strcasecmp(c->values[k], "true"))
					return 1;
		if (!strcasecmp(c->key, "aws:MultiFactorAuthAge") &&
		    (!strcmp(c->op, "NumericLessThan") ||
		     !strcmp(c->op, "NumericLessThanEquals")))
			return 1;
	}
	return 0;
}

struct verdict {
	char problems[1024];
	char trusted[512];
	size_t nstatements; /* statements that grant assumption */
};

static void note(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void note(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 4 >= size)
		return;
	if (len)
		len += (size_t)snprintf(buf + len, size - len, "; ");
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

static void principal(const struct check_ctx *cx, struct verdict *v,
		      const struct inv_policy_principal *p)
{
	const char *own = cx->acct->id, *sec = cx->params->security_account_id;
	char acct[13];
	int ok_acct;

	if (!strcmp(p->type, "*") || !strcmp(p->value, "*")) {
		note(v->problems, sizeof(v->problems),
		     "trusts any principal (\"*\")");
		return;
	}
	if (!strcmp(p->type, "Service") || !strcmp(p->type, "CanonicalUser")) {
		note(v->problems, sizeof(v->problems),
		     "trusts the %s principal %s, but is meant for people",
		     p->type, p->value);
		return;
	}
	if (!strcmp(p->type, "Federated") &&
	    !strstr(p->value, ":saml-provider/")) {
		note(v->problems, sizeof(v->problems),
		     "trusts the web identity provider %s", p->value);
		return;
	}
	if (!principal_account(p->value, acct)) {
		note(v->problems, sizeof(v->problems),
		     "trusts %s, which names no account (a deleted "
		     "principal?)",
		     p->value);
		return;
	}
	ok_acct = !strcmp(acct, own) || (sec && !strcmp(acct, sec));
	if (!ok_acct) {
		char who[320];

		if (!strcmp(p->value, acct))
			snprintf(who, sizeof(who), "account %s", acct);
		else
			snprintf(who, sizeof(who), "%s of account %s", p->value,
				 acct);
		if (sec)
			note(v->problems, sizeof(v->problems),
			     "trusts %s, which is neither this account nor the "
			     "security account %s",
			     who, sec);
		else
			note(v->problems, sizeof(v->problems),
			     "trusts %s, another account (the policy sets no "
			     "security_account_id)",
			     who);
		return;
	}
	note(v->trusted, sizeof(v->trusted), "%s", p->value);
}

static void evaluate(const struct check_ctx *cx,
		     const struct inv_iam_entity *role, int breakglass,
		     struct verdict *v)
{
	const struct inv_policy_doc *d = &role->trust;

	for (size_t i = 0; i < d->nstatements; i++) {
		const struct inv_policy_statement *st = &d->statements[i];

		if (!grants_assume(st))
			continue;
		v->nstatements++;
		if (st->not_principal) {
			note(v->problems, sizeof(v->problems),
			     "statement %zu uses NotPrincipal: it trusts "
			     "everyone not listed",
			     i + 1);
			continue;
		}
		if (!st->nprincipals)
			note(v->problems, sizeof(v->problems),
			     "statement %zu names no principal", i + 1);
		for (size_t k = 0; k < st->nprincipals; k++)
			principal(cx, v, &st->principals[k]);
		if (breakglass && !has_mfa_condition(st))
			note(v->problems, sizeof(v->problems),
			     "statement %zu does not require MFA (a Bool "
			     "aws:MultiFactorAuthPresent \"true\" condition)",
			     i + 1);
	}
	if (!v->nstatements)
		note(v->problems, sizeof(v->problems),
		     "its trust policy lets no one assume it");
}

static const struct inv_iam_entity *find_role(const struct inv_account *a,
					      const char *name)
{
	for (size_t i = 0; i < a->iam_entities.n; i++) {
		const struct inv_iam_entity *e = &a->iam_entities.v[i];

		if (e->kind == INV_IAM_ROLE && !strcmp(e->name, name))
			return e;
	}
	return NULL;
}

/* PASS/FAIL/ERROR on one role's trust; 'how' says how it was found. */
static void judge_role(const struct check_ctx *cx, struct findings *out,
		       const struct inv_iam_entity *role, int breakglass,
		       const char *how)
{
	const char *what = breakglass ? "break-glass" : "incident-response";
	struct verdict v = { "", "", 0 };

	if (!role->trust.valid) {
		findings_add(out, CHECK_ERROR, "AWS::IAM::Role", role->arn,
			     "could not read the trust policy of %s role %s%s: "
			     "%s",
			     what, role->name, how,
			     role->trust.error ? role->trust.error : "absent");
		return;
	}
	evaluate(cx, role, breakglass, &v);
	if (v.problems[0])
		findings_add(out, CHECK_FAIL, "AWS::IAM::Role", role->arn,
			     "%s role %s%s: %s", what, role->name, how,
			     v.problems);
	else
		findings_add(out, CHECK_PASS, "AWS::IAM::Role", role->arn,
			     "%s role %s%s is trusted only by %s%s", what,
			     role->name, how, v.trusted,
			     breakglass ? ", with MFA" : "");
}

/* Case-insensitive substring. */
static int has_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; s && *s; s++)
		if (!strncasecmp(s, needle, n))
			return 1;
	return 0;
}

/* A policy or role name that says incident response. */
static int ir_named(const char *s)
{
	if (!s)
		return 0;
	if (has_ci(s, "incident") || has_ci(s, "forensic") ||
	    has_ci(s, "responder"))
		return 1;
	/* "IR-...", "ir_...", "IRReadOnly" (IR then a capital) */
	return (!strncasecmp(s, "ir-", 3) || !strncasecmp(s, "ir_", 3) ||
		(s[0] == 'I' && s[1] == 'R' && isupper((unsigned char)s[2])));
}

static const char *policy_name(const char *arn)
{
	const char *p = arn ? strrchr(arn, '/') : NULL;

	return p ? p + 1 : arn;
}

/*
 * The account (other than this one) an assume-role statement of 'role'
 * trusts, into 'acct' (13 bytes); 0 when it trusts no other account.
 */
static int trusted_elsewhere(const struct check_ctx *cx,
			     const struct inv_iam_entity *role, char *acct)
{
	const struct inv_policy_doc *d = &role->trust;

	for (size_t i = 0; d->valid && i < d->nstatements; i++) {
		const struct inv_policy_statement *st = &d->statements[i];

		if (!grants_assume(st) || st->not_principal)
			continue;
		for (size_t k = 0; k < st->nprincipals; k++) {
			const struct inv_policy_principal *p =
				&st->principals[k];

			if (!strcmp(p->type, "AWS") &&
			    principal_account(p->value, acct) &&
			    strcmp(acct, cx->acct->id))
				return 1;
		}
	}
	return 0;
}

/*
 * Is 'role' an incident-response role by what it is: trusted by another
 * account, and carrying SecurityAudit, ReadOnlyAccess (or ViewOnlyAccess)
 * or a policy whose name says incident response? 'why' gets the reason.
 */
static int looks_ir(const struct check_ctx *cx,
		    const struct inv_iam_entity *role, char *acct, char *why,
		    size_t size)
{
	if (!trusted_elsewhere(cx, role, acct))
		return 0;
	for (size_t i = 0; i < role->nattached; i++) {
		const char *n = policy_name(role->attached[i]);

		if (!strcmp(n, "SecurityAudit") ||
		    !strcmp(n, "ReadOnlyAccess") ||
		    !strcmp(n, "ViewOnlyAccess") || ir_named(n)) {
			snprintf(why, size, "trusted by account %s, with %s",
				 acct, n);
			return 1;
		}
	}
	for (size_t i = 0; i < role->ninline_policies; i++)
		if (ir_named(role->inline_policies[i].name)) {
			snprintf(why, size,
				 "trusted by account %s, with inline policy %s",
				 acct, role->inline_policies[i].name);
			return 1;
		}
	return 0;
}

/* A break-glass role by name ("BreakGlass", "break-glass", "emergency"). */
static int looks_breakglass(const struct inv_iam_entity *role)
{
	return has_ci(role->name, "breakglass") ||
	       has_ci(role->name, "break-glass") ||
	       has_ci(role->name, "break_glass") ||
	       has_ci(role->name, "emergency");
}

static int listed(const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return 1;
	return 0;
}

/*
 * No role has the default name ('hint'): recognise the roles of this kind
 * by what they are and judge those; none found is MANUAL with the policy
 * line to add, since irready cannot tell a missing role from one it does
 * not recognise.
 */
static void discover(const struct check_ctx *cx, struct findings *out,
		     const char *hint, int breakglass)
{
	const struct params *p = cx->params;
	const char *sec = p->security_account_id;
	const char *key =
		breakglass ? "breakglass_role_names" : "ir_role_names";
	size_t found = 0;

	for (size_t i = 0; i < cx->acct->iam_entities.n; i++) {
		const struct inv_iam_entity *e = &cx->acct->iam_entities.v[i];
		char acct[13] = "", why[200] = "", how[260];

		if (e->kind != INV_IAM_ROLE ||
		    listed(p->ir_role_names, p->nir_role_names, e->name) ||
		    listed(p->breakglass_role_names, p->nbreakglass_role_names,
			   e->name))
			continue;
		if (breakglass ? !looks_breakglass(e)
			       : !looks_ir(cx, e, acct, why, sizeof(why)))
			continue;
		found++;
		if (!breakglass && !sec) {
			findings_add(out, CHECK_MANUAL, "AWS::IAM::Role",
				     e->arn,
				     "role %s looks like the incident-response "
				     "role (%s), but the policy sets no "
				     "security_account_id, so whether that "
				     "account may be trusted is unknown. If it "
				     "is your security account, add to the "
				     "policy's \"params\": "
				     "\"security_account_id\": \"%s\", "
				     "\"ir_role_names\": [\"%s\"]",
				     e->name, why, acct, e->name);
			continue;
		}
		snprintf(how, sizeof(how),
			 " (recognised as one: %s; name it in %s)",
			 breakglass ? "its name" : why, key);
		judge_role(cx, out, e, breakglass, how);
	}
	if (found)
		return;
	findings_add(out, CHECK_MANUAL, "AWS::IAM::Role", hint,
		     "no role is named %s and none is recognisable as %s "
		     "role (%s), so irready cannot tell whether responders "
		     "have one. Create it, or name yours in the policy's "
		     "\"params\": \"%s\": [\"<RoleName>\"]",
		     hint,
		     breakglass ? "a break-glass" : "an incident-response",
		     breakglass ? "a name with break-glass or emergency in it"
				: "trusted by another account and carrying "
				  "SecurityAudit, ReadOnlyAccess or an "
				  "incident-response policy",
		     key);
}

/*
 * A role named in the policy. A name the policy's author chose must
 * exist (FAIL); the shipped default names are only a hint.
 */
static void judge(const struct check_ctx *cx, struct findings *out,
		  const char *name, int breakglass)
{
	const char *what = breakglass ? "break-glass" : "incident-response";
	const char *dflt = breakglass ? "BreakGlass" : "IRReadOnly";
	const struct inv_iam_entity *role = find_role(cx->acct, name);

	if (role) {
		judge_role(cx, out, role, breakglass, "");
		return;
	}
	if (!strcmp(name, dflt)) {
		discover(cx, out, name, breakglass);
		return;
	}
	findings_add(out, CHECK_FAIL, "AWS::IAM::Role", name,
		     "%s role %s does not exist in account %s", what, name,
		     cx->acct->id);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct params *p = cx->params;

	for (size_t i = 0; i < p->nir_role_names; i++)
		judge(cx, out, p->ir_role_names[i], 0);
	for (size_t i = 0; i < p->nbreakglass_role_names; i++)
		judge(cx, out, p->breakglass_role_names[i], 1);
	if (!p->nir_role_names && !p->nbreakglass_role_names)
		findings_add(out, CHECK_NA, "AWS::IAM::Role", cx->acct->id,
			     "the policy names no incident-response or "
			     "break-glass role (ir_role_names, "
			     "breakglass_role_names)");
	return 0;
}

const struct check check_iam_ir_roles = {
	.id = "iam_ir_roles",
	.title = "Incident-response and break-glass roles exist and are "
		 "trusted as intended",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_IAM_AUTHZ,
	.guidance = "Prepare: pre-provision access for incident responders",
	.rationale = "Responders need to get into an account within minutes, "
		     "including when the identity provider is down, without "
		     "creating access during the incident. The same roles "
		     "are a prize for an attacker: trusting \"*\", an "
		     "arbitrary external account or, for break-glass, anyone "
		     "without MFA turns the IR role into a backdoor.",
	.remediation = "1. Create the roles named in the policy (ir_role_names "
		       "read-only, breakglass_role_names administrative) in "
		       "every account, e.g. with a StackSet.\n"
		       "2. Trust only the security account "
		       "(security_account_id) or your SAML / IAM Identity "
		       "Center provider.\n"
		       "3. Require aws:MultiFactorAuthPresent (Bool, \"true\") "
		       "on the break-glass role and alarm on every use.",
	.cli_fix = "aws iam update-assume-role-policy --role-name <ROLE> "
		   "--policy-document file://trust-security-account.json",
	.cfn = "IRReadOnly:\n  Type: AWS::IAM::Role\n  Properties:\n"
	       "    RoleName: IRReadOnly\n"
	       "    AssumeRolePolicyDocument:\n"
	       "      Version: '2012-10-17'\n      Statement:\n"
	       "        - Effect: Allow\n"
	       "          Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::"
	       "${SecurityAccountId}:root'}\n"
	       "          Action: sts:AssumeRole\n"
	       "          Condition: {Bool: {aws:MultiFactorAuthPresent: "
	       "'true'}}\n"
	       "    ManagedPolicyArns:\n"
	       "      - !Sub 'arn:${AWS::Partition}:iam::aws:policy/"
	       "SecurityAudit'",
	.doc_url = "https://docs.aws.amazon.com/wellarchitected/latest/"
		   "security-pillar/sec_incident_response_pre_provision_"
		   "access.html",
	.frameworks = "SEC10-BP05;NIST-CSF-2.0:PR.AA-05",
	.extra_actions = NULL,
	.run = run,
};
