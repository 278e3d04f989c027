/*
 * inv_config.c -- AWS Config recorders, their status and delivery channels
 *
 * Three calls per region: DescribeConfigurationRecorders,
 * DescribeConfigurationRecorderStatus and DescribeDeliveryChannels. Status
 * is joined to its recorder by name.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>

static int recorders_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, ajson_array(page, "ConfigurationRecorders"))
	{
		struct inv_config_recorder *rec =
			INV_PUSH(cx->arena, cx->region->recorders);
		const cJSON *g =
			cJSON_GetObjectItemCaseSensitive(r, "recordingGroup");

		rec->name = ajson_str(cx->arena, r, "name");
		rec->role_arn = ajson_str(cx->arena, r, "roleARN");
		/* no recordingGroup: the default, all supported types */
		rec->all_supported = g ? ajson_bool(g, "allSupported", 0) : 1;
		rec->include_global =
			g ? ajson_bool(g, "includeGlobalResourceTypes", 0) : 0;
		if (!rec->name)
			return inv_malformed(cx, arg,
					     "a recorder without name");
	}
	return 0;
}

static int status_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, ajson_array(page, "ConfigurationRecordersStatus"))
	{
		const char *name = ajson_get(s, "name");

		for (size_t i = 0; name && i < cx->region->recorders.n; i++) {
			struct inv_config_recorder *rec =
				&cx->region->recorders.v[i];

			if (strcmp(rec->name, name))
				continue;
			rec->has_status = 1;
			rec->recording = ajson_bool(s, "recording", 0);
			rec->last_status =
				ajson_str(cx->arena, s, "lastStatus");
			rec->last_error_code =
				ajson_str(cx->arena, s, "lastErrorCode");
			rec->last_start = ajson_time(s, "lastStartTime");
		}
	}
	return 0;
}

static int channels_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, ajson_array(page, "DeliveryChannels"))
	{
		struct inv_delivery_channel *ch =
			INV_PUSH(cx->arena, cx->region->channels);

		ch->name = ajson_str(cx->arena, c, "name");
		ch->bucket = ajson_str(cx->arena, c, "s3BucketName");
		ch->sns_topic = ajson_str(cx->arena, c, "snsTopicARN");
	}
	return 0;
}

int inv_collect_config(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "config",
				   .action = "DescribeConfigurationRecorders",
				   .json_body = "{}" };
	int rc = inv_json_call(cx, &req, recorders_page, &req);

	if (!rc) {
		req.action = "DescribeConfigurationRecorderStatus";
		rc = inv_json_call(cx, &req, status_page, &req);
	}
	if (!rc) {
		req.action = "DescribeDeliveryChannels";
		rc = inv_json_call(cx, &req, channels_page, &req);
	}
	return rc;
}

/* `irready inventory`: what CONFIG holds */
static void config_json(cJSON *o, const struct inv_account *acct,
			const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "config_recorders");
	for (size_t i = 0; i < r->recorders.n; i++) {
		const struct inv_config_recorder *c = &r->recorders.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "name", c->name);
		cJSON_AddBoolToObject(x, "all_supported", c->all_supported);
		cJSON_AddBoolToObject(x, "include_global", c->include_global);
		cJSON_AddBoolToObject(x, "recording", c->recording);
		inv_json_str(x, "last_status", c->last_status);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "delivery_channels");
	for (size_t i = 0; i < r->channels.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "name", r->channels.v[i].name);
		inv_json_str(x, "bucket", r->channels.v[i].bucket);
		inv_json_str(x, "sns_topic", r->channels.v[i].sns_topic);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_config = {
	.name = "CONFIG",
	.scope = INV_REGION,
	.description = "AWS Config recorders",
	.actions = "config:DescribeConfigurationRecorders "
		   "config:DescribeConfigurationRecorderStatus "
		   "config:DescribeDeliveryChannels",
	.collect = inv_collect_config,
	.dump = config_json,
};
