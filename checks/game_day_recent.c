/*
 * game_day_recent.c -- a security game day (simulation) was run recently
 * (attested in the policy; MANUAL otherwise, see attest.h)
 */
#include "attest.h"

static int run(const struct check_ctx *cx, struct findings *out)
{
	return attest_run(cx, out, "game_day_recent",
			  "a security game day was run",
			  "a game day or red-team simulation of a realistic "
			  "incident");
}

const struct check check_game_day_recent = {
	.id = "game_day_recent",
	.title = "A security game day was run recently",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = 0,
	.guidance = "Prepare: run simulations",
	.rationale = "A game day exercises the people, tools and permissions "
		     "together against a realistic scenario (leaked keys, a "
		     "crypto-miner, a public bucket). It is the only way to "
		     "learn whether detection fires, whether the team can "
		     "reach the data they need and how long containment "
		     "really takes.",
	.remediation = "1. Pick a realistic scenario and run it in a sandbox "
		       "account with the real on-call team.\n"
		       "2. Measure time to detect and to contain; record what "
		       "broke.\n"
		       "3. Attest it in the policy: {\"check\": "
		       "\"game_day_recent\", \"date\": \"YYYY-MM-DD\", "
		       "\"evidence\": \"<link>\", \"owner\": \"<who>\"}.",
	.cli_fix = "aws guardduty create-sample-findings --detector-id "
		   "<DETECTOR_ID>",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/wellarchitected/latest/"
		   "security-pillar/sec_incident_response_run_game_days.html",
	.frameworks = "SEC10-BP07;NIST-CSF-2.0:ID.IM-02",
	.extra_actions = NULL,
	.run = run,
};
