/*
 * support_plan_premium.c -- the account has Business, Enterprise On-Ramp
 * or Enterprise support: the AWS Support API answers
 */
#include "check.h"

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_support *s = &a->support;

	if (s->premium)
		findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
			     "account %s has a Business or Enterprise support "
			     "plan (severity levels: %s)",
			     a->id,
			     s->levels && *s->levels ? s->levels
						     : "none listed");
	else
		findings_add(out, CHECK_FAIL, "AWS::::Account", a->id,
			     "account %s has Basic or Developer support (the "
			     "Support API answered "
			     "SubscriptionRequiredException): no 24x7 urgent "
			     "cases during an incident",
			     a->id);
	return 0;
}

const struct check check_support_plan_premium = {
	.id = "support_plan_premium",
	.title = "The account has Business or Enterprise support",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_SUPPORT,
	.guidance = "Prepare: identify key personnel and external resources",
	.rationale = "In a serious incident you want AWS on the phone: "
		     "Business and Enterprise plans answer urgent cases "
		     "around the clock and give access to the AWS Customer "
		     "Incident Response Team. On Basic or Developer support "
		     "that help is not there when it is needed.",
	.remediation = "1. Decide which accounts run production workloads.\n"
		       "2. Move them (or the payer account) to Business, "
		       "Enterprise On-Ramp or Enterprise support.\n"
		       "3. Record the support plan and how to open an urgent "
		       "case in the incident response plan.",
	.cli_fix = "aws support describe-severity-levels --region us-east-1",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/awssupport/latest/user/"
		   "aws-support-plans.html",
	.frameworks = "SEC10-BP01;NIST-CSF-2.0:RS.MA-01",
	.extra_actions = NULL,
	.run = run,
};
