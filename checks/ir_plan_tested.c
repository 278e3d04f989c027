/*
 * ir_plan_tested.c -- the incident response plan was tested recently
 * (attested in the policy; MANUAL otherwise, see attest.h)
 */
#include "attest.h"

static int run(const struct check_ctx *cx, struct findings *out)
{
	return attest_run(cx, out, "ir_plan_tested",
			  "the incident response plan was tested",
			  "a tabletop or live test of the plan");
}

const struct check check_ir_plan_tested = {
	.id = "ir_plan_tested",
	.title = "The incident response plan was tested recently",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = 0,
	.guidance = "Prepare: develop incident management plans and test them",
	.rationale = "An untested plan fails at the worst moment: contacts "
		     "are stale, the on-call cannot assume the IR role, the "
		     "runbook points at a bucket that no longer exists. A "
		     "test finds those gaps while nothing is burning.",
	.remediation = "1. Schedule a tabletop exercise that walks the plan "
		       "end to end (detection, escalation, containment, "
		       "communication).\n"
		       "2. Record the findings and fix the gaps in the plan.\n"
		       "3. Attest it in the policy: {\"check\": "
		       "\"ir_plan_tested\", \"date\": \"YYYY-MM-DD\", "
		       "\"evidence\": \"<link>\", \"owner\": \"<who>\"}.",
	.cli_fix = "aws ssm-incidents list-response-plans",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/wellarchitected/latest/"
		   "security-pillar/sec_incident_response_develop_management_"
		   "plans.html",
	.frameworks = "SEC10-BP02;SEC10-BP07;NIST-CSF-2.0:ID.IM-02;"
		      "NIST-CSF-2.0:ID.IM-04",
	.extra_actions = NULL,
	.run = run,
};
