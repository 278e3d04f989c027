/*
 * recovery_snapshot_coverage.c -- every in-use EBS volume has a recent
 * completed snapshot
 *
 * AWS Backup's EBS recovery points are EBS snapshots owned by the account,
 * so DescribeSnapshots (Owner=self) sees both.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	long max = cx->params->snapshot_max_age_days;
	size_t n = 0;

	for (size_t i = 0; i < r->volumes.n; i++) {
		const struct inv_volume *v = &r->volumes.v[i];
		const struct inv_snapshot *latest = NULL;
		char arn[160], label[256];

		if (!v->state || strcasecmp(v->state, "in-use"))
			continue;
		n++;
		{
			size_t lo = 0, hi = r->snapshots.n;

			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				const char *mv = r->snapshots.v[mid].volume_id;

				if (!mv || strcmp(mv, v->id) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (size_t j = lo; j < r->snapshots.n; j++) {
				const struct inv_snapshot *s =
					&r->snapshots.v[j];

				if (!s->volume_id ||
				    strcmp(s->volume_id, v->id))
					break;
				if (!s->state ||
				    strcasecmp(s->state, "completed"))
					continue;
				if (!latest ||
				    s->start_time > latest->start_time)
					latest = s;
			}
		}
		check_arn(cx, arn, sizeof(arn), "ec2", r->name, cx->acct->id,
			  "volume/%s", v->id);
		snprintf(label, sizeof(label), "%s%s%s%s", v->id,
			 v->name ? " (" : "", v->name ? v->name : "",
			 v->name ? ")" : "");
		if (!latest) {
			findings_add(out, CHECK_FAIL, "AWS::EC2::Volume", arn,
				     "in-use volume %s in %s%s%s has no "
				     "completed snapshot",
				     label, r->name,
				     v->instance_id ? " attached to " : "",
				     v->instance_id ? v->instance_id : "");
		} else {
			long age = days_between(latest->start_time, cx->now);

			if (age > max)
				findings_add(out, CHECK_FAIL,
					     "AWS::EC2::Volume", arn,
					     "newest snapshot of volume %s "
					     "in %s is %s, %ld days old "
					     "(limit %ld)",
					     label, r->name, latest->id, age,
					     max);
			else
				findings_add(out, CHECK_PASS,
					     "AWS::EC2::Volume", arn,
					     "volume %s in %s has snapshot "
					     "%s, %ld days old (limit %ld)",
					     label, r->name, latest->id, age,
					     max);
		}
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::EC2::Volume", r->name,
			     "no in-use EBS volumes in %s", r->name);
	return 0;
}

const struct check check_recovery_snapshot_coverage = {
	.id = "recovery_snapshot_coverage",
	.title = "Every in-use EBS volume has a recent snapshot",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_VOLUMES | NEED_SNAPSHOTS,
	.guidance = "Recover: keep known-good restore points for every "
		    "workload",
	.rationale = "Recovery from ransomware or destructive attacks means "
		     "restoring from a snapshot taken before the compromise; "
		     "volumes without recent snapshots can only be rebuilt "
		     "from scratch.",
	.remediation = "1. Create an AWS Backup plan (or a Data Lifecycle "
		       "Manager policy) that snapshots every in-use volume "
		       "at least every snapshot_max_age_days.\n"
		       "2. Assign resources by tag or select all EBS volumes.\n"
		       "3. Copy recovery points to another account or region "
		       "and lock the vault.",
	.cli_fix = "aws ec2 create-snapshot --volume-id <VOLUME_ID> "
		   "--description 'irready remediation' && aws backup "
		   "create-backup-plan --backup-plan file://daily-ebs.json",
	.cfn = "Plan:\n  Type: AWS::Backup::BackupPlan\n  Properties:\n"
	       "    BackupPlan:\n      BackupPlanName: daily-ebs\n"
	       "      BackupPlanRule:\n        - RuleName: daily\n"
	       "          TargetBackupVault: !Ref Vault\n"
	       "          ScheduleExpression: cron(0 3 * * ? *)\n"
	       "          Lifecycle: { DeleteAfterDays: 35 }",
	.doc_url = "https://docs.aws.amazon.com/aws-backup/latest/devguide/"
		   "creating-a-backup-plan.html",
	.frameworks = "FSBP:EC2.28;SEC10-BP05;NIST-CSF-2.0:RC.RP-03",
	.run = run,
};
