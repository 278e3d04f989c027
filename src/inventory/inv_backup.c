/*
 * inv_backup.c -- AWS Backup plans, their selections, and the vaults
 * (rest-json, per region)
 *
 * GET /backup/plans/ lists the plans (nextToken paging); for each plan,
 * GET /backup/plans/{id}/ gives its rules (target vault, lifecycle, copy
 * actions) and GET /backup/plans/{id}/selections/ its resource
 * assignments (only their number is kept: a plan without one backs up
 * nothing). GET /backup-vaults/ lists the vaults with their Vault Lock
 * state (Locked, MinRetentionDays, MaxRetentionDays), so no
 * DescribeBackupVault call is needed.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>

static int plans_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *p;

	if (!ajson_array(page, "BackupPlansList") &&
	    cJSON_GetObjectItemCaseSensitive(page, "BackupPlansList"))
		return inv_malformed(cx, arg,
				     "a BackupPlansList that is not "
				     "a list");
	cJSON_ArrayForEach(p, ajson_array(page, "BackupPlansList"))
	{
		struct inv_backup_plan *bp =
			INV_PUSH(cx->arena, cx->region->backup_plans);

		bp->id = ajson_str(cx->arena, p, "BackupPlanId");
		bp->arn = ajson_str(cx->arena, p, "BackupPlanArn");
		bp->name = ajson_str(cx->arena, p, "BackupPlanName");
		if (!bp->id)
			return inv_malformed(cx, arg,
					     "a plan without BackupPlanId");
		if (!aws_valid_id(bp->id)) /* a REST path segment */
			return inv_invalid(cx, arg, "BackupPlanId", bp->id);
	}
	return 0;
}

/* A Lifecycle object's DeleteAfterDays; 0 when the points never expire. */
static long delete_after(const cJSON *o)
{
	const cJSON *lc = cJSON_GetObjectItemCaseSensitive(o, "Lifecycle");

	return cJSON_IsObject(lc) ? (long)ajson_num(lc, "DeleteAfterDays", 0)
				  : 0;
}

static int plan_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_backup_plan *bp = arg;
	const cJSON *plan =
		cJSON_GetObjectItemCaseSensitive(page, "BackupPlan");
	const cJSON *rules = ajson_array(plan, "Rules");
	const cJSON *r;
	size_t n = (size_t)cJSON_GetArraySize(rules);

	if (!cJSON_IsObject(plan))
		return IRREADY_EPARSE;
	if (!bp->name)
		bp->name = ajson_str(cx->arena, plan, "BackupPlanName");
	bp->rules = n ? arena_alloc(cx->arena, n * sizeof(*bp->rules)) : NULL;
	cJSON_ArrayForEach(r, rules)
	{
		struct inv_backup_rule *br = &bp->rules[bp->nrules++];
		const cJSON *copies = ajson_array(r, "CopyActions");
		const cJSON *c;
		const cJSON *lc =
			cJSON_GetObjectItemCaseSensitive(r, "Lifecycle");
		size_t nc = (size_t)cJSON_GetArraySize(copies);

		br->name = ajson_str(cx->arena, r, "RuleName");
		br->target_vault =
			ajson_str(cx->arena, r, "TargetBackupVaultName");
		br->schedule = ajson_str(cx->arena, r, "ScheduleExpression");
		br->delete_after_days = delete_after(r);
		br->cold_after_days =
			cJSON_IsObject(lc)
				? (long)ajson_num(
					  lc, "MoveToColdStorageAfterDays", 0)
				: 0;
		br->copies =
			nc ? arena_alloc(cx->arena, nc * sizeof(*br->copies))
			   : NULL;
		cJSON_ArrayForEach(c, copies)
		{
			struct inv_backup_copy *bc = &br->copies[br->ncopies];

			bc->destination = ajson_str(
				cx->arena, c, "DestinationBackupVaultArn");
			bc->delete_after_days = delete_after(c);
			if (bc->destination)
				br->ncopies++;
		}
	}
	return 0;
}

static int selections_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_backup_plan *bp = arg;

	bp->nselections += (size_t)cJSON_GetArraySize(
		ajson_array(page, "BackupSelectionsList"));
	return 0;
}

static int vaults_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, ajson_array(page, "BackupVaultList"))
	{
		struct inv_backup_vault *bv =
			INV_PUSH(cx->arena, cx->region->backup_vaults);

		bv->name = ajson_str(cx->arena, v, "BackupVaultName");
		bv->arn = ajson_str(cx->arena, v, "BackupVaultArn");
		bv->locked = ajson_bool(v, "Locked", 0);
		bv->min_retention_days =
			(long)ajson_num(v, "MinRetentionDays", 0);
		bv->max_retention_days =
			(long)ajson_num(v, "MaxRetentionDays", 0);
		bv->lock_date = ajson_time(v, "LockDate");
		bv->recovery_points =
			(long)ajson_num(v, "NumberOfRecoveryPoints", 0);
		if (!bv->name)
			return inv_malformed(cx, arg,
					     "a vault without BackupVaultName");
	}
	return 0;
}

/* Plan i, on the pool: GetBackupPlan, then its selections. */
static int plan_item(struct collect_ctx *cx, size_t i, void *arg)
{
	struct inv_backup_plan *bp = &cx->region->backup_plans.v[i];
	struct aws_request preq = { .service = "backup",
				    .action = "GetBackupPlan",
				    .method = "GET",
				    .resource = bp->id };
	int rc;

	preq.path = arena_printf(cx->arena, "/backup/plans/%s/", bp->id);
	rc = inv_json_call(cx, &preq, plan_page, bp);
	if (rc == IRREADY_EPARSE && !cx->err->code[0])
		rc = inv_malformed(cx, &preq, "no BackupPlan");
	/* an error about this plan is the plan's */
	rc = inv_resource_error(cx, rc, &bp->err);
	if (rc || bp->err.code[0])
		return rc;
	preq = (struct aws_request){ .service = "backup",
				     .action = "ListBackupSelections",
				     .method = "GET",
				     .resource = bp->id,
				     .token_param = "nextToken" };
	preq.path =
		arena_printf(cx->arena, "/backup/plans/%s/selections/", bp->id);
	rc = inv_json_pages(cx, &preq, "NextToken", selections_page, bp);
	return inv_resource_error(cx, rc, &bp->err);
}

int inv_collect_backup_plans(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "backup",
				   .action = "ListBackupPlans",
				   .method = "GET",
				   .path = "/backup/plans/",
				   .token_param = "nextToken" };
	int rc = inv_json_pages(cx, &req, "NextToken", plans_page, &req);

	/* the plans side by side on the pool */
	if (!rc)
		rc = inv_fanout(cx, cx->region->backup_plans.n, plan_item,
				NULL);
	if (rc)
		return rc;
	req = (struct aws_request){ .service = "backup",
				    .action = "ListBackupVaults",
				    .method = "GET",
				    .path = "/backup-vaults/",
				    .token_param = "nextToken" };
	return inv_json_pages(cx, &req, "NextToken", vaults_page, &req);
}

/* `irready inventory`: what BACKUP_PLANS holds */
static void backup_plans_json(cJSON *o, const struct inv_account *acct,
			      const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "backup_plans");

	for (size_t i = 0; i < r->backup_plans.n; i++) {
		const struct inv_backup_plan *p = &r->backup_plans.v[i];
		cJSON *x = cJSON_CreateObject(), *rules;

		inv_json_str(x, "id", p->id);
		inv_json_str(x, "name", p->name);
		cJSON_AddNumberToObject(x, "selections",
					(double)p->nselections);
		rules = cJSON_AddArrayToObject(x, "rules");
		for (size_t k = 0; k < p->nrules; k++) {
			const struct inv_backup_rule *ru = &p->rules[k];
			cJSON *y = cJSON_CreateObject(), *c;

			inv_json_str(y, "name", ru->name);
			inv_json_str(y, "target_vault", ru->target_vault);
			cJSON_AddNumberToObject(y, "delete_after_days",
						(double)ru->delete_after_days);
			c = cJSON_AddArrayToObject(y, "copy_to");
			for (size_t j = 0; j < ru->ncopies; j++)
				cJSON_AddItemToArray(
					c, cJSON_CreateString(
						   ru->copies[j].destination));
			cJSON_AddItemToArray(rules, y);
		}
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "backup_vaults");
	for (size_t i = 0; i < r->backup_vaults.n; i++) {
		const struct inv_backup_vault *v = &r->backup_vaults.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "name", v->name);
		cJSON_AddBoolToObject(x, "locked", v->locked);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_backup_plans = {
	.name = "BACKUP_PLANS",
	.scope = INV_REGION,
	.description = "AWS Backup plans and vaults",
	.actions = "backup:ListBackupPlans backup:GetBackupPlan "
		   "backup:ListBackupSelections backup:ListBackupVaults",
	.collect = inv_collect_backup_plans,
	.dump = backup_plans_json,
};

/*
 * BACKUP_POINTS: ListRecoveryPointsByBackupVault for every vault of the
 * region that BACKUP_PLANS listed with recovery points in it (an empty
 * vault has none to list). Each call is named by its vault.
 */
static int points_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, ajson_array(page, "RecoveryPoints"))
	{
		struct inv_backup_point *bp =
			INV_PUSH(cx->arena, cx->region->backup_points);

		bp->arn = ajson_str(cx->arena, v, "RecoveryPointArn");
		bp->resource_arn = ajson_str(cx->arena, v, "ResourceArn");
		bp->resource_type = ajson_str(cx->arena, v, "ResourceType");
		bp->vault = ajson_str(cx->arena, v, "BackupVaultName");
		bp->status = ajson_str(cx->arena, v, "Status");
		bp->created = ajson_time(v, "CreationDate");
		if (!bp->arn)
			return inv_malformed(cx, arg,
					     "a recovery point without "
					     "RecoveryPointArn");
	}
	return 0;
}

int inv_collect_backup_points(struct collect_ctx *cx)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < cx->region->backup_vaults.n; i++) {
		const struct inv_backup_vault *bv =
			&cx->region->backup_vaults.v[i];
		struct aws_request req = {
			.service = "backup",
			.action = "ListRecoveryPointsByBackupVault",
			.method = "GET",
			.resource = bv->name,
			.token_param = "nextToken"
		};

		if (bv->recovery_points <= 0)
			continue;
		req.path = arena_printf(cx->arena,
					"/backup-vaults/%s/recovery-points/",
					bv->name);
		rc = inv_json_pages(cx, &req, "NextToken", points_page, &req);
	}
	return rc;
}

static void backup_points_json(cJSON *o, const struct inv_account *acct,
			       const struct inv_region *r)
{
	cJSON *a = cJSON_AddArrayToObject(o, "backup_points");

	for (size_t i = 0; i < r->backup_points.n; i++) {
		const struct inv_backup_point *p = &r->backup_points.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "arn", p->arn);
		inv_json_str(x, "resource_arn", p->resource_arn);
		inv_json_str(x, "vault", p->vault);
		inv_json_str(x, "status", p->status);
		inv_json_time(x, "created", p->created);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_backup_points = {
	.name = "BACKUP_POINTS",
	.scope = INV_REGION,
	.description = "AWS Backup recovery points",
	.actions = "backup:ListRecoveryPointsByBackupVault",
	.inputs = INV_NEED(DS_BACKUP_PLANS),
	.collect = inv_collect_backup_points,
	.dump = backup_points_json,
};
