/*
 * lessons_learned_recorded.c -- lessons learned from incidents and
 * exercises are recorded and acted on (attested in the policy; MANUAL
 * otherwise, see attest.h)
 */
#include "attest.h"

static int run(const struct check_ctx *cx, struct findings *out)
{
	return attest_run(cx, out, "lessons_learned_recorded",
			  "lessons learned were recorded and their actions "
			  "tracked",
			  "a post-incident or post-exercise review with "
			  "owned follow-up actions");
}

const struct check check_lessons_learned_recorded = {
	.id = "lessons_learned_recorded",
	.title = "Lessons learned are recorded and acted on",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = 0,
	.guidance = "Improve: establish a framework for learning from "
		    "incidents",
	.rationale = "The same root causes return when reviews are not "
		     "written down or their actions have no owner. A "
		     "blameless review after every incident and exercise, "
		     "with tracked actions, is what turns an incident into "
		     "better readiness.",
	.remediation = "1. Hold a blameless review after each incident and "
		       "exercise (what happened, why, what helped, what "
		       "hindered).\n"
		       "2. Track each action with an owner and a due date "
		       "until it is done.\n"
		       "3. Attest it in the policy: {\"check\": "
		       "\"lessons_learned_recorded\", \"date\": "
		       "\"YYYY-MM-DD\", \"evidence\": \"<link>\", \"owner\": "
		       "\"<who>\"}.",
	.cli_fix = "aws ssm-incidents list-incident-records",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/wellarchitected/latest/"
		   "security-pillar/sec_incident_response_establish_"
		   "incident_framework.html",
	.frameworks = "SEC10-BP08;NIST-CSF-2.0:ID.IM-03",
	.extra_actions = NULL,
	.run = run,
};
