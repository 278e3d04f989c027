/*
 * rpo_rto_defined.c -- recovery point and recovery time objectives are
 * defined (attested in the policy; MANUAL otherwise, see attest.h)
 */
#include "attest.h"

static int run(const struct check_ctx *cx, struct findings *out)
{
	return attest_run(cx, out, "rpo_rto_defined",
			  "recovery point and recovery time objectives are "
			  "defined for the workloads",
			  "the owners have agreed and documented RPO and RTO "
			  "per workload");
}

const struct check check_rpo_rto_defined = {
	.id = "rpo_rto_defined",
	.title = "Recovery point and recovery time objectives are defined",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = 0,
	.guidance = "Recover: know how much data loss and downtime each "
		    "workload tolerates",
	.rationale = "Whether to restore from last night's snapshot, rebuild "
		     "from an AMI or keep a compromised system running for "
		     "evidence depends on how much loss and downtime the "
		     "business accepts. Without agreed RPO and RTO that "
		     "decision is made under pressure, and backup schedules "
		     "cannot be checked against anything.",
	.remediation = "1. With each workload owner, agree the recovery "
		       "point objective (data loss) and recovery time "
		       "objective (downtime).\n"
		       "2. Check the backup and snapshot schedules against "
		       "the RPO, and restore tests against the RTO.\n"
		       "3. Attest it in the policy: {\"check\": "
		       "\"rpo_rto_defined\", \"date\": \"YYYY-MM-DD\", "
		       "\"evidence\": \"<link>\", \"owner\": \"<who>\"}.",
	.cli_fix = "aws backup list-backup-plans",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/wellarchitected/latest/"
		   "reliability-pillar/rel_planning_for_recovery_objective_"
		   "defined_recovery.html",
	.frameworks = "REL13-BP01;NIST-CSF-2.0:RC.RP-01",
	.extra_actions = NULL,
	.run = run,
};
