/*
 * inv_cloudtrail.c -- CloudTrail trails, their status and event selectors
 *
 * DescribeTrails in the home region with shadow trails included lists
 * every trail that covers it, multi-region and organization trails from
 * other home regions among them. For each multi-region trail, GetTrailStatus
 * and GetEventSelectors are asked in the trail's home region, by ARN; a
 * single-region trail that delivers to CloudWatch Logs gets GetTrailStatus
 * too, for its LatestCloudWatchLogsDeliveryTime. An AWS error answering
 * either (a member account asking about its organization's trail) is kept
 * on the trail (detail_err, the first one), not the dataset's: what
 * DescribeTrails says about the trail still counts.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int trails_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *list = ajson_array(page, "trailList");
	const cJSON *t;

	if (!list && cJSON_GetObjectItemCaseSensitive(page, "trailList"))
		return inv_malformed(cx, arg, "a trailList that is not a list");
	cJSON_ArrayForEach(t, list)
	{
		struct inv_trail *tr = INV_PUSH(cx->arena, cx->acct->trails);

		tr->name = ajson_str(cx->arena, t, "Name");
		tr->arn = ajson_str(cx->arena, t, "TrailARN");
		tr->home_region = ajson_str(cx->arena, t, "HomeRegion");
		tr->bucket = ajson_str(cx->arena, t, "S3BucketName");
		tr->kms_key = ajson_str(cx->arena, t, "KmsKeyId");
		tr->log_group =
			ajson_str(cx->arena, t, "CloudWatchLogsLogGroupArn");
		tr->multi_region = ajson_bool(t, "IsMultiRegionTrail", 0);
		tr->organization = ajson_bool(t, "IsOrganizationTrail", 0);
		tr->log_validation =
			ajson_bool(t, "LogFileValidationEnabled", 0);
		if (!tr->name || !tr->arn || !tr->home_region)
			return inv_malformed(cx, arg,
					     "a trail without Name, TrailARN "
					     "or HomeRegion");
		if (!aws_valid_region_in(
			    tr->home_region,
			    aws_partition(
				    ((const struct aws_request *)arg)->region)))
			return inv_invalid(cx, arg, "HomeRegion",
					   tr->home_region);
		if (tr->bucket && !aws_valid_bucket(tr->bucket))
			return inv_invalid(cx, arg, "S3BucketName", tr->bucket);
	}
	return 0;
}

static int status_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_trail *tr = arg;

	tr->status_checked = 1;
	tr->is_logging = ajson_bool(page, "IsLogging", 0);
	tr->latest_delivery = ajson_time(page, "LatestDeliveryTime");
	tr->latest_cwl_delivery =
		ajson_time(page, "LatestCloudWatchLogsDeliveryTime");
	tr->cwl_delivery_error =
		ajson_str(cx->arena, page, "LatestCloudWatchLogsDeliveryError");
	if (tr->cwl_delivery_error && !*tr->cwl_delivery_error)
		tr->cwl_delivery_error = NULL;
	return 0;
}

/* Does an advanced selector pick management events, and which kinds? */
static void advanced_selector(const cJSON *sel, struct inv_trail *tr)
{
	const cJSON *fs, *f;
	int mgmt = 0, ro_true = 0, ro_false = 0, ro_field = 0;

	fs = ajson_array(sel, "FieldSelectors");
	cJSON_ArrayForEach(f, fs)
	{
		const char *field = ajson_get(f, "Field");
		const cJSON *eq = ajson_array(f, "Equals");
		const cJSON *v;

		if (!field || !eq)
			continue;
		cJSON_ArrayForEach(v, eq)
		{
			if (!cJSON_IsString(v))
				continue;
			if (!strcmp(field, "eventCategory") &&
			    !strcmp(v->valuestring, "Management"))
				mgmt = 1;
			if (!strcmp(field, "readOnly")) {
				ro_field = 1;
				ro_true |= !strcmp(v->valuestring, "true");
				ro_false |= !strcmp(v->valuestring, "false");
			}
		}
	}
	if (!mgmt)
		return;
	/* no readOnly field: both kinds */
	if (!ro_field || ro_true)
		tr->mgmt_read = 1;
	if (!ro_field || ro_false)
		tr->mgmt_write = 1;
}

static int selectors_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_trail *tr = arg;
	const cJSON *sel;

	tr->selectors_checked = 1;
	cJSON_ArrayForEach(sel, ajson_array(page, "EventSelectors"))
	{
		const char *rw = ajson_get(sel, "ReadWriteType");

		if (!ajson_bool(sel, "IncludeManagementEvents", 1))
			continue;
		if (!rw || !strcasecmp(rw, "All") ||
		    !strcasecmp(rw, "ReadOnly"))
			tr->mgmt_read = 1;
		if (!rw || !strcasecmp(rw, "All") ||
		    !strcasecmp(rw, "WriteOnly"))
			tr->mgmt_write = 1;
	}
	cJSON_ArrayForEach(sel, ajson_array(page, "AdvancedEventSelectors"))
		advanced_selector(sel, tr);
	return 0;
}

int inv_collect_cloudtrail(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "cloudtrail",
				   .action = "DescribeTrails",
				   .json_body =
					   "{\"includeShadowTrails\":true}" };
	int rc = inv_json_call(cx, &req, trails_page, &req);

	for (size_t i = 0; !rc && i < cx->acct->trails.n; i++) {
		struct inv_trail *tr = &cx->acct->trails.v[i];
		struct aws_request sreq = { .service = "cloudtrail",
					    .action = "GetTrailStatus",
					    .region = tr->home_region,
					    .resource = tr->arn };
		struct aws_request ereq = sreq;
		struct aws_error sel_err = { 0 };

		/* single-region trails: status only for CloudWatch Logs */
		if (!tr->multi_region && !tr->log_group)
			continue;
		sreq.json_body = ajson_body(cx->arena, "Name", tr->arn);
		rc = inv_json_call(cx, &sreq, status_page, tr);
		rc = inv_resource_error(cx, rc, &tr->detail_err);
		if (rc || !tr->multi_region)
			continue;
		ereq.action = "GetEventSelectors";
		ereq.json_body = ajson_body(cx->arena, "TrailName", tr->arn);
		rc = inv_json_call(cx, &ereq, selectors_page, tr);
		rc = inv_resource_error(cx, rc, &sel_err);
		if (!tr->detail_err.code[0])
			tr->detail_err = sel_err;
	}
	return rc;
}

/* `irready inventory`: what CLOUDTRAIL holds */
static void cloudtrail_json(cJSON *o, const struct inv_account *acct,
			    const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "trails");
	for (size_t i = 0; i < acct->trails.n; i++) {
		const struct inv_trail *t = &acct->trails.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "name", t->name);
		inv_json_str(x, "arn", t->arn);
		inv_json_str(x, "home_region", t->home_region);
		inv_json_str(x, "log_group", t->log_group);
		inv_json_str(x, "kms_key", t->kms_key);
		cJSON_AddBoolToObject(x, "log_validation", t->log_validation);
		inv_json_time(x, "latest_cwl_delivery", t->latest_cwl_delivery);
		cJSON_AddBoolToObject(x, "multi_region", t->multi_region);
		cJSON_AddBoolToObject(x, "organization", t->organization);
		if (t->detail_err.code[0])
			inv_json_err(x, "detail_error", &t->detail_err);
		if (t->status_checked)
			cJSON_AddBoolToObject(x, "is_logging", t->is_logging);
		else
			cJSON_AddNullToObject(x, "is_logging");
		if (t->selectors_checked) {
			cJSON_AddBoolToObject(x, "mgmt_read", t->mgmt_read);
			cJSON_AddBoolToObject(x, "mgmt_write", t->mgmt_write);
		} else {
			cJSON_AddNullToObject(x, "mgmt_read");
			cJSON_AddNullToObject(x, "mgmt_write");
		}
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_cloudtrail = {
	.name = "CLOUDTRAIL",
	.scope = INV_ACCOUNT,
	.description = "CloudTrail trails",
	.actions = "cloudtrail:DescribeTrails cloudtrail:GetTrailStatus "
		   "cloudtrail:GetEventSelectors",
	.collect = inv_collect_cloudtrail,
	.dump = cloudtrail_json,
};
