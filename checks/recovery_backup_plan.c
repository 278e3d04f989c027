/*
 * recovery_backup_plan.c -- per region: an AWS Backup plan with resource
 * assignments, backing up into a vault under Vault Lock, with a copy to
 * another region or account
 *
 * One finding per region, for the best plan there. A region with no plan
 * is FAIL when it has EBS volumes to protect, else NOT_APPLICABLE.
 * Vault Lock comes from ListBackupVaults (Locked); a copy counts when its
 * destination vault ARN names another region or another account.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static const struct inv_backup_vault *vault(const struct inv_region *r,
					    const char *name)
{
	for (size_t i = 0; name && i < r->backup_vaults.n; i++)
		if (!strcmp(r->backup_vaults.v[i].name, name))
			return &r->backup_vaults.v[i];
	return NULL;
}

/* arn:aws:backup:<region>:<account>:backup-vault:<name> elsewhere? */
static int elsewhere(const char *arn, const char *region, const char *acct)
{
	char f[6][96] = { "" };
	int n = 0;
	const char *p = arn;

	while (n < 6 && *p) {
		size_t len = strcspn(p, ":");

		snprintf(f[n++], sizeof(f[0]), "%.*s", (int)len, p);
		p += len;
		if (*p == ':')
			p++;
	}
	if (n < 5)
		return 0;
	return strcmp(f[3], region) || strcmp(f[4], acct);
}

struct verdict {
	const struct inv_backup_plan *plan;
	const char *locked_vault; /* a rule's target vault under Vault Lock */
	const char *copy_to;      /* a copy destination elsewhere */
	const char *vault;        /* a target vault, locked or not */
};

static void judge(const struct check_ctx *cx, const struct inv_backup_plan *p,
		  struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->plan = p;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct inv_backup_rule *ru = &p->rules[i];
		const struct inv_backup_vault *bv =
			vault(cx->region, ru->target_vault);

		if (!v->vault)
			v->vault = ru->target_vault;
		if (bv && bv->locked && !v->locked_vault)
			v->locked_vault = bv->name;
		for (size_t k = 0; k < ru->ncopies && !v->copy_to; k++)
			if (elsewhere(ru->copies[k].destination,
				      cx->region->name, cx->acct->id))
				v->copy_to = ru->copies[k].destination;
	}
}

static int score(const struct verdict *v)
{
	return (v->plan->nselections > 0) * 4 + !!v->locked_vault * 2 +
	       !!v->copy_to;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	struct verdict best = { 0 }, v;
	const struct inv_backup_plan *unread = NULL;
	char gaps[400] = "";

	for (size_t i = 0; i < r->backup_plans.n; i++) {
		if (r->backup_plans.v[i].err.code[0]) {
			/* deleted meanwhile, or denied: unread */
			if (!unread)
				unread = &r->backup_plans.v[i];
			continue;
		}
		judge(cx, &r->backup_plans.v[i], &v);
		if (!best.plan || score(&v) > score(&best))
			best = v;
	}
	if (unread && (!best.plan || score(&best) < 7)) {
		findings_add(
			out, CHECK_ERROR, "AWS::Backup::BackupPlan",
			unread->arn ? unread->arn : r->name,
			"Backup plan '%s' in %s could not be read (%s%s%s): "
			"it could be the one that protects the region",
			unread->name ? unread->name : unread->id, r->name,
			unread->err.code, unread->err.message[0] ? ": " : "",
			unread->err.message);
		return 0;
	}
	if (!best.plan) {
		if (r->volumes.n)
			findings_add(out, CHECK_FAIL, "AWS::Backup::BackupPlan",
				     r->name,
				     "no AWS Backup plan in %s, which has %zu "
				     "EBS volume%s",
				     r->name, r->volumes.n,
				     r->volumes.n == 1 ? "" : "s");
		else
			findings_add(out, CHECK_NA, "AWS::Backup::BackupPlan",
				     r->name,
				     "no AWS Backup plan and no EBS volume in "
				     "%s",
				     r->name);
		return 0;
	}
	if (score(&best) == 7) {
		findings_add(out, CHECK_PASS, "AWS::Backup::BackupPlan",
			     r->name,
			     "Backup plan '%s' in %s assigns %zu resource "
			     "selection%s, backs up into vault %s under Vault "
			     "Lock and copies to %s",
			     best.plan->name ? best.plan->name : best.plan->id,
			     r->name, best.plan->nselections,
			     best.plan->nselections == 1 ? "" : "s",
			     best.locked_vault, best.copy_to);
		return 0;
	}
	if (!best.plan->nselections)
		snprintf(gaps + strlen(gaps), sizeof(gaps) - strlen(gaps),
			 "; it has no resource assignment, so it backs up "
			 "nothing");
	if (!best.locked_vault)
		snprintf(gaps + strlen(gaps), sizeof(gaps) - strlen(gaps),
			 "; its vault%s%s is not under Vault Lock, so an "
			 "intruder can delete the recovery points",
			 best.vault ? " " : "", best.vault ? best.vault : "");
	if (!best.copy_to)
		snprintf(gaps + strlen(gaps), sizeof(gaps) - strlen(gaps),
			 "; it copies to no other region or account");
	findings_add(out, CHECK_FAIL, "AWS::Backup::BackupPlan", r->name,
		     "best Backup plan in %s is '%s' (of %zu)%s", r->name,
		     best.plan->name ? best.plan->name : best.plan->id,
		     r->backup_plans.n, gaps);
	return 0;
}

const struct check check_recovery_backup_plan = {
	.id = "recovery_backup_plan",
	.title = "A Backup plan with a locked vault and an off-site copy "
		 "protects each region",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_BACKUP_PLANS | NEED_VOLUMES,
	.guidance = "Recover: keep backups an intruder cannot destroy",
	.rationale = "Ransomware and destructive intruders delete backups "
		     "before they strike. Recovery needs a plan that "
		     "actually selects resources, a vault under Vault Lock "
		     "whose recovery points nobody can delete early, and a "
		     "copy in another region or account that survives the "
		     "loss of this one.",
	.remediation = "1. Create a Backup plan with a rule and a resource "
		       "assignment (tags or ARNs) covering the workloads.\n"
		       "2. Apply Vault Lock to its target vault "
		       "(put-backup-vault-lock-configuration; compliance mode "
		       "once tested).\n"
		       "3. Add a copy action to a vault in another region or "
		       "a separate backup account.",
	.cli_fix = "aws backup put-backup-vault-lock-configuration "
		   "--backup-vault-name <VAULT> --min-retention-days 7 "
		   "--max-retention-days 400 --changeable-for-days 3",
	.cfn = "Vault:\n  Type: AWS::Backup::BackupVault\n  Properties:\n"
	       "    BackupVaultName: primary\n    LockConfiguration:\n"
	       "      MinRetentionDays: 7\n      MaxRetentionDays: 400\n"
	       "Plan:\n  Type: AWS::Backup::BackupPlan\n  Properties:\n"
	       "    BackupPlan:\n      BackupPlanName: daily\n"
	       "      BackupPlanRule:\n        - RuleName: daily\n"
	       "          TargetBackupVault: !Ref Vault\n"
	       "          ScheduleExpression: cron(0 5 ? * * *)\n"
	       "          CopyActions:\n"
	       "            - DestinationBackupVaultArn: <DR_VAULT_ARN>",
	.doc_url = "https://docs.aws.amazon.com/aws-backup/latest/devguide/"
		   "vault-lock.html",
	.frameworks = "FSBP:EC2.28;NIST-CSF-2.0:PR.DS-11",
	.run = run,
};
