/*
 * iam_no_star_admin_policies.c -- no attached customer-managed policy and
 * no inline policy allows every action on every resource
 *
 * The CIS 1.16 / FSBP IAM.1 definition: a statement with Effect Allow,
 * Action "*" (or "*:*") and Resource "*", whatever its Condition (a
 * condition narrows who may use it, not what it grants). Deliberately not
 * counted, as in those controls: NotAction and NotResource statements
 * (Allow NotAction [...] on "*" is near-administrator, but what it
 * grants depends on the list, so flagging it would guess), service
 * wildcards ("iam:*"), and AWS-managed policies such as
 * AdministratorAccess (CIS 1.16 targets policies the customer writes).
 * Unattached customer-managed policies grant nothing and are skipped.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int is_star(const char *s)
{
	return s && (!strcmp(s, "*") || !strcmp(s, "*:*"));
}

/* The first statement granting * on *, or NULL; its index in '*idx'. */
static const struct inv_policy_statement *
star_statement(const struct inv_policy_doc *d, size_t *idx)
{
	for (size_t i = 0; i < d->nstatements; i++) {
		const struct inv_policy_statement *st = &d->statements[i];
		int action = 0, resource = 0;

		if (!st->allow || st->not_action || st->not_resource)
			continue;
		for (size_t k = 0; k < st->nactions; k++)
			action |= is_star(st->actions[k]);
		for (size_t k = 0; k < st->nresources; k++)
			resource |= !strcmp(st->resources[k], "*");
		if (action && resource) {
			*idx = i;
			return st;
		}
	}
	return NULL;
}

static const char *const kind_name[] = { "user", "group", "role" };
static const char *const inline_type[] = { "AWS::IAM::UserPolicy",
					   "AWS::IAM::GroupPolicy",
					   "AWS::IAM::RolePolicy" };

static void judge(struct findings *out, const char *type, const char *id,
		  const char *what, const struct inv_policy_doc *d)
{
	const struct inv_policy_statement *st;
	size_t idx = 0;

	if (!d->valid) {
		findings_add(out, CHECK_ERROR, type, id,
			     "could not read the document of %s: %s", what,
			     d->error ? d->error : "not a policy document");
		return;
	}
	st = star_statement(d, &idx);
	if (st)
		findings_add(out, CHECK_FAIL, type, id,
			     "%s allows every action on every resource "
			     "(statement %zu%s%s%s): full administrator access",
			     what, idx + 1, st->sid ? ", Sid " : "",
			     st->sid ? st->sid : "",
			     st->nconditions ? ", with a condition" : "");
	else
		findings_add(out, CHECK_PASS, type, id,
			     "%s does not allow \"*\" on \"*\"", what);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	size_t n = 0;

	for (size_t i = 0; i < a->iam_policies.n; i++) {
		const struct inv_iam_policy *p = &a->iam_policies.v[i];
		char what[320];

		if (p->attachments <= 0)
			continue;
		snprintf(what, sizeof(what),
			 "customer-managed policy %s (attached %ld time%s)",
			 p->name, p->attachments,
			 p->attachments == 1 ? "" : "s");
		judge(out, "AWS::IAM::ManagedPolicy", p->arn, what, &p->doc);
		n++;
	}
	for (size_t i = 0; i < a->iam_entities.n; i++) {
		const struct inv_iam_entity *e = &a->iam_entities.v[i];

		for (size_t k = 0; k < e->ninline_policies; k++) {
			const struct inv_iam_inline_policy *ip =
				&e->inline_policies[k];
			const char *by = inv_iam_managed_by(e);
			char id[600], what[448];

			snprintf(id, sizeof(id), "%s#%s", e->arn, ip->name);
			/* a permission set's role: fix the permission set */
			snprintf(what, sizeof(what),
				 "inline policy %s of %s %s%s%s%s", ip->name,
				 kind_name[e->kind], e->name,
				 by ? " (managed by " : "", by ? by : "",
				 !by ? ""
				 : strcmp(by, "IAM Identity Center")
					 ? ": change it there)"
					 : ": change the permission set's "
					   "inline policy in IAM Identity "
					   "Center, "
					   "edits to the role are undone)");
			judge(out, inline_type[e->kind], id, what, &ip->doc);
			n++;
		}
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::IAM::ManagedPolicy", a->id,
			     "no attached customer-managed or inline IAM "
			     "policy in account %s",
			     a->id);
	return 0;
}

const struct check check_iam_no_star_admin_policies = {
	.id = "iam_no_star_admin_policies",
	.title = "No customer or inline IAM policy grants \"*\" on \"*\"",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_IAM_AUTHZ,
	.guidance = "Prepare: limit the blast radius of a compromised "
		    "identity",
	.rationale = "A principal with a hand-written \"*\" on \"*\" policy "
		     "is an administrator that nobody reviews as one. When "
		     "its credentials leak, the attacker can disable logging, "
		     "create backdoor users and delete evidence, and "
		     "responders must assume the whole account is "
		     "compromised.",
	.remediation = "1. Find who uses the policy (IAM last accessed data, "
		       "CloudTrail) and what they really call.\n"
		       "2. Replace \"*\" with the actions and resources they "
		       "need, or an AWS job-function policy.\n"
		       "3. Keep real administrator access in a few "
		       "MFA-protected roles, not in user or inline policies.",
	.cli_fix = "aws iam create-policy-version --policy-arn <POLICY_ARN> "
		   "--policy-document file://least-privilege.json "
		   "--set-as-default",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
		   "best-practices.html#grant-least-privilege",
	.frameworks = "CIS-3.0:1.16;FSBP:IAM.1;NIST-CSF-2.0:PR.AA-05",
	.extra_actions = NULL,
	.run = run,
};
