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
 * aws:PrincipalOrgID does not make "*" acceptable here. A role missing
 * from the account is a FAIL; with neither list set, NOT_APPLICABLE.
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

static void judge(const struct check_ctx *cx, struct findings *out,
		  const char *name, int breakglass)
{
	const char *what = breakglass ? "break-glass" : "incident-response";
	const struct inv_iam_entity *role = find_role(cx->acct, name);
	struct verdict v = { "", "", 0 };

	if (!role) {
		findings_add(out, CHECK_FAIL, "AWS::IAM::Role", name,
			     "%s role %s does not exist in account %s", what,
			     name, cx->acct->id);
		return;
	}
	if (!role->trust.valid) {
		findings_add(out, CHECK_ERROR, "AWS::IAM::Role", role->arn,
			     "could not read the trust policy of %s role %s: "
			     "%s",
			     what, name,
			     role->trust.error ? role->trust.error : "absent");
		return;
	}
	evaluate(cx, role, breakglass, &v);
	if (v.problems[0])
		findings_add(out, CHECK_FAIL, "AWS::IAM::Role", role->arn,
			     "%s role %s: %s", what, name, v.problems);
	else
		findings_add(out, CHECK_PASS, "AWS::IAM::Role", role->arn,
			     "%s role %s is trusted only by %s%s", what, name,
			     v.trusted, breakglass ? ", with MFA" : "");
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
