/*
 * iam_unused_roles.c -- no IAM role has gone unused for more than the
 * policy's role_unused_days
 *
 * RoleLastUsed comes with GetAccountAuthorizationDetails (IAM tracks it
 * over a trailing 400 days; absent means not used in that window).
 * Skipped: service-linked roles (path /aws-service-role/: AWS manages
 * them), roles younger than the threshold (not yet had the chance), and
 * the policy's incident-response and break-glass roles, which are meant
 * to sit unused until an incident (iam_ir_roles checks them), and roles
 * AWS Control Tower or AWS manage (inv_iam_managed_by()). An IAM Identity
 * Center role is judged, with advice on its permission set's assignment:
 * deleting the role itself is undone by Identity Center.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int named(const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return 1;
	return 0;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct params *p = cx->params;
	long max = p->role_unused_days;
	size_t n = 0, roles = 0, nmanaged = 0;

	for (size_t i = 0; i < a->iam_entities.n; i++) {
		const struct inv_iam_entity *r = &a->iam_entities.v[i];
		const char *by;
		long idle;

		if (r->kind != INV_IAM_ROLE)
			continue;
		roles++;
		if ((r->path && !strncmp(r->path, "/aws-service-role/", 18)) ||
		    named(p->ir_role_names, p->nir_role_names, r->name) ||
		    named(p->breakglass_role_names, p->nbreakglass_role_names,
			  r->name))
			continue;
		if (r->created && days_between(r->created, cx->now) <= max)
			continue;
		by = inv_iam_managed_by(r);
		if (by && strcmp(by, "IAM Identity Center")) {
			/* Control Tower's and AWS's own: not the customer's */
			nmanaged++;
			continue;
		}
		n++;
		if (!r->last_used) {
			findings_add(
				out, CHECK_FAIL, "AWS::IAM::Role", r->arn,
				"role %s has not been used in the period "
				"IAM tracks (created %ld days ago; limit "
				"%ld): %s",
				r->name, days_between(r->created, cx->now), max,
				by ? "it belongs to an IAM Identity Center "
				     "permission set: remove that permission "
				     "set's assignment to this account in "
				     "IAM Identity Center (deleting the role "
				     "here is undone)"
				   : "remove it or document why it stays");
			continue;
		}
		idle = days_between(r->last_used, cx->now);
		if (idle > max)
			findings_add(out, CHECK_FAIL, "AWS::IAM::Role", r->arn,
				     "role %s was last used %ld days ago%s%s "
				     "(limit %ld)%s",
				     r->name, idle,
				     r->last_used_region ? " in " : "",
				     r->last_used_region ? r->last_used_region
							 : "",
				     max,
				     by ? ": remove its permission set's "
					  "assignment to this account in IAM "
					  "Identity Center"
					: "");
		else
			findings_add(out, CHECK_PASS, "AWS::IAM::Role", r->arn,
				     "role %s was last used %ld day%s ago%s%s "
				     "(limit %ld)",
				     r->name, idle, idle == 1 ? "" : "s",
				     r->last_used_region ? " in " : "",
				     r->last_used_region ? r->last_used_region
							 : "",
				     max);
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::IAM::Role", a->id,
			     "no IAM role in account %s is old enough to judge "
			     "(%zu role%s; service-linked, incident-response "
			     "and break-glass roles are skipped%s)",
			     a->id, roles, roles == 1 ? "" : "s",
			     nmanaged ? ", and so are AWS Control Tower's and "
					"AWS-reserved roles"
				      : "");
	return 0;
}

const struct check check_iam_unused_roles = {
	.id = "iam_unused_roles",
	.title = "No IAM role has gone unused for long",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_IAM_AUTHZ,
	.guidance = "Improve: remove access that an incident showed nobody "
		    "needs",
	.rationale = "Every role is a path an attacker can take, often with "
		     "a trust policy nobody remembers. Roles that are never "
		     "used are the ones least likely to be reviewed, and "
		     "after an incident they are where a persistent backdoor "
		     "hides best.",
	.remediation = "1. Check the role's last activity (IAM console, "
		       "Access Advisor) and ask its owner.\n"
		       "2. Remove its trust policy statements or delete it; "
		       "keep a copy of the definition in code.\n"
		       "3. Tag roles that must stay dormant (other than the IR "
		       "and break-glass roles, which this check skips) and "
		       "waive them in the policy.",
	.cli_fix =
		"aws iam get-role --role-name <ROLE> --query "
		"Role.RoleLastUsed && aws iam delete-role --role-name <ROLE>",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
		   "access_policies_last-accessed.html",
	.frameworks = "NIST-CSF-2.0:PR.AA-05",
	.extra_actions = NULL,
	.run = run,
};
