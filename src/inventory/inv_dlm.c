/*
 * inv_dlm.c -- Data Lifecycle Manager policies (rest-json, per region)
 *
 * GET /policies lists every policy (summaries: id, type, state; DLM does
 * not page); GET /policies/{id}/ gives the schedules of snapshot and AMI
 * policies: how often they create (interval or cron) and how long they
 * retain (a count or an age). Event-based (cross-account copy) policies
 * create nothing and are not asked about.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int list_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *p;

	if (!ajson_array(page, "Policies"))
		return inv_malformed(cx, arg, "no Policies list");
	cJSON_ArrayForEach(p, ajson_array(page, "Policies"))
	{
		struct inv_dlm_policy *dp =
			INV_PUSH(cx->arena, cx->region->dlm_policies);

		dp->id = ajson_str(cx->arena, p, "PolicyId");
		dp->description = ajson_str(cx->arena, p, "Description");
		dp->state = ajson_str(cx->arena, p, "State");
		dp->type = ajson_str(cx->arena, p, "PolicyType");
		if (!dp->id)
			return inv_malformed(cx, arg,
					     "a policy without PolicyId");
		if (!aws_valid_id(dp->id)) /* a REST path segment */
			return inv_invalid(cx, arg, "PolicyId", dp->id);
	}
	return 0;
}

static const char *joined(struct arena *a, const cJSON *list)
{
	char buf[256] = "";
	const cJSON *v;

	cJSON_ArrayForEach(v, list)
	{
		if (!cJSON_IsString(v))
			continue;
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 buf[0] ? "," : "", v->valuestring);
	}
	return buf[0] ? arena_strdup(a, buf) : NULL;
}

static int policy_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_dlm_policy *dp = arg;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(page, "Policy");
	const cJSON *det = cJSON_GetObjectItemCaseSensitive(p, "PolicyDetails");
	const cJSON *scheds = ajson_array(det, "Schedules");
	const cJSON *s;
	size_t n = (size_t)cJSON_GetArraySize(scheds);

	if (!cJSON_IsObject(p))
		return IRREADY_EPARSE;
	dp->arn = ajson_str(cx->arena, p, "PolicyArn");
	if (ajson_get(p, "State"))
		dp->state = ajson_str(cx->arena, p, "State");
	if (ajson_get(det, "PolicyType"))
		dp->type = ajson_str(cx->arena, det, "PolicyType");
	dp->resource_types =
		joined(cx->arena, ajson_array(det, "ResourceTypes"));
	dp->schedules =
		n ? arena_alloc(cx->arena, n * sizeof(*dp->schedules)) : NULL;
	cJSON_ArrayForEach(s, scheds)
	{
		struct inv_dlm_schedule *ds = &dp->schedules[dp->nschedules++];
		const cJSON *cr =
			cJSON_GetObjectItemCaseSensitive(s, "CreateRule");
		const cJSON *rr =
			cJSON_GetObjectItemCaseSensitive(s, "RetainRule");
		const cJSON *at;

		ds->name = ajson_str(cx->arena, s, "Name");
		ds->create_interval = (long)ajson_num(cr, "Interval", 0);
		ds->create_unit = ajson_str(cx->arena, cr, "IntervalUnit");
		ds->cron = ajson_str(cx->arena, cr, "CronExpression");
		ds->retain_count = (long)ajson_num(rr, "Count", 0);
		ds->retain_interval = (long)ajson_num(rr, "Interval", 0);
		ds->retain_unit = ajson_str(cx->arena, rr, "IntervalUnit");
		at = cJSON_GetObjectItemCaseSensitive(s, "ArchiveRule");
		at = at ? cJSON_GetObjectItemCaseSensitive(at, "RetainRule")
			: NULL;
		at = at ? cJSON_GetObjectItemCaseSensitive(
				  at, "RetentionArchiveTier")
			: NULL;
		ds->archive_count = (long)ajson_num(at, "Count", 0);
		ds->archive_interval = (long)ajson_num(at, "Interval", 0);
		ds->archive_unit = ajson_str(cx->arena, at, "IntervalUnit");
	}
	return 0;
}

int inv_collect_dlm(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "dlm",
				   .action = "GetLifecyclePolicies",
				   .method = "GET",
				   .path = "/policies" };
	int rc = inv_json_call(cx, &req, list_page, &req);

	for (size_t i = 0; !rc && i < cx->region->dlm_policies.n; i++) {
		struct inv_dlm_policy *dp = &cx->region->dlm_policies.v[i];
		struct aws_request preq = { .service = "dlm",
					    .action = "GetLifecyclePolicy",
					    .method = "GET",
					    .resource = dp->id };

		if (dp->type &&
		    strcasecmp(dp->type, "EBS_SNAPSHOT_MANAGEMENT") &&
		    strcasecmp(dp->type, "IMAGE_MANAGEMENT"))
			continue;
		preq.path = arena_printf(cx->arena, "/policies/%s/", dp->id);
		rc = inv_json_call(cx, &preq, policy_page, dp);
		if (rc == IRREADY_EPARSE && !cx->err->code[0])
			rc = inv_malformed(cx, &preq, "no Policy");
		if (!rc)
			dp->detailed = 1;
		/* an error about this policy is the policy's */
		rc = inv_resource_error(cx, rc, &dp->err);
	}
	return rc;
}

/* `irready inventory`: what DLM holds */
static void dlm_json(cJSON *o, const struct inv_account *acct,
		     const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "dlm_policies");
	for (size_t i = 0; i < r->dlm_policies.n; i++) {
		const struct inv_dlm_policy *p = &r->dlm_policies.v[i];
		cJSON *x = cJSON_CreateObject(), *s;

		inv_json_str(x, "id", p->id);
		inv_json_str(x, "type", p->type);
		inv_json_str(x, "state", p->state);
		s = cJSON_AddArrayToObject(x, "schedules");
		for (size_t k = 0; k < p->nschedules; k++) {
			const struct inv_dlm_schedule *d = &p->schedules[k];
			cJSON *y = cJSON_CreateObject();

			inv_json_str(y, "name", d->name);
			cJSON_AddNumberToObject(y, "create_interval_hours",
						(double)d->create_interval);
			inv_json_str(y, "cron", d->cron);
			cJSON_AddNumberToObject(y, "retain_count",
						(double)d->retain_count);
			cJSON_AddNumberToObject(y, "retain_interval",
						(double)d->retain_interval);
			inv_json_str(y, "retain_unit", d->retain_unit);
			if (d->archive_count || d->archive_interval) {
				cJSON_AddNumberToObject(
					y, "archive_count",
					(double)d->archive_count);
				cJSON_AddNumberToObject(
					y, "archive_interval",
					(double)d->archive_interval);
				inv_json_str(y, "archive_unit",
					     d->archive_unit);
			}
			cJSON_AddItemToArray(s, y);
		}
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_dlm = {
	.name = "DLM",
	.scope = INV_REGION,
	.description = "Data Lifecycle Manager policies",
	.actions = "dlm:GetLifecyclePolicies dlm:GetLifecyclePolicy",
	.collect = inv_collect_dlm,
	.dump = dlm_json,
};
