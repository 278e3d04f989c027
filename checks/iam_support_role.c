/*
 * iam_support_role.c -- a role holds the AWS managed policy
 * AWSSupportAccess, so responders can open and follow AWS Support cases
 *
 * Read from the roles' attached managed policies in
 * GetAccountAuthorizationDetails (in any partition:
 * arn:<partition>:iam::aws:policy/AWSSupportAccess). CIS asks for a role
 * specifically; users and groups holding it do not count.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int is_support_access(const char *arn)
{
	static const char suffix[] = ":iam::aws:policy/AWSSupportAccess";
	size_t n = strlen(arn), m = sizeof(suffix) - 1;

	return !strncmp(arn, "arn:", 4) && n > m &&
	       !strcmp(arn + n - m, suffix);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_iam_entity *first = NULL;
	char names[512] = "";
	size_t n = 0, roles = 0;

	for (size_t i = 0; i < a->iam_entities.n; i++) {
		const struct inv_iam_entity *e = &a->iam_entities.v[i];
		size_t len = strlen(names);

		if (e->kind != INV_IAM_ROLE)
			continue;
		roles++;
		for (size_t k = 0; k < e->nattached; k++) {
			if (!is_support_access(e->attached[k]))
				continue;
			if (!first || strcmp(e->arn, first->arn) < 0)
				first = e;
			if (len + 3 < sizeof(names))
				snprintf(names + len, sizeof(names) - len,
					 "%s%s", len ? ", " : "", e->name);
			n++;
			break;
		}
	}
	if (first)
		findings_add(out, CHECK_PASS, "AWS::IAM::Role", first->arn,
			     "AWSSupportAccess is attached to %zu role%s: %s",
			     n, n == 1 ? "" : "s", names);
	else
		findings_add(out, CHECK_FAIL, "AWS::IAM::Role", a->id,
			     "no role in account %s holds the "
			     "AWSSupportAccess policy (%zu role%s): nobody is "
			     "set up to work AWS Support cases during an "
			     "incident",
			     a->id, roles, roles == 1 ? "" : "s");
	return 0;
}

const struct check check_iam_support_role = {
	.id = "iam_support_role",
	.title = "A role holds AWSSupportAccess for AWS Support cases",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_IAM_AUTHZ,
	.guidance = "Prepare: identify key personnel and external resources",
	.rationale = "During an incident AWS Support and the AWS Customer "
		     "Incident Response Team are worked through support "
		     "cases. If no role may open and read them, someone "
		     "reaches for root or an over-privileged user at the "
		     "worst possible time.",
	.remediation = "1. Create a role (e.g. AWSSupportResponder) that your "
		       "responders can assume.\n"
		       "2. Attach the AWS managed policy AWSSupportAccess to "
		       "it.\n"
		       "3. Name it in the incident response plan.",
	.cli_fix = "aws iam attach-role-policy --role-name <ROLE> "
		   "--policy-arn arn:aws:iam::aws:policy/AWSSupportAccess",
	.cfn = "SupportRole:\n  Type: AWS::IAM::Role\n  Properties:\n"
	       "    AssumeRolePolicyDocument:\n"
	       "      Version: '2012-10-17'\n      Statement:\n"
	       "        - Effect: Allow\n"
	       "          Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::"
	       "${AWS::AccountId}:root'}\n"
	       "          Action: sts:AssumeRole\n"
	       "    ManagedPolicyArns:\n"
	       "      - !Sub 'arn:${AWS::Partition}:iam::aws:policy/"
	       "AWSSupportAccess'",
	.doc_url = "https://docs.aws.amazon.com/awssupport/latest/user/"
		   "accessing-support.html",
	.frameworks = "CIS-3.0:1.17;FSBP:IAM.18;SEC10-BP01",
	.extra_actions = NULL,
	.run = run,
};
