/*
 * inv_ssm_managed.c -- Systems Manager: managed instances and runbooks
 *
 * json protocol, target AmazonSSM. DescribeInstanceInformation lists the
 * instances the SSM agent has registered (PingStatus Online when it can
 * run commands and sessions now); ListDocuments with Owner=Self and
 * DocumentType=Automation lists the account's own Automation runbooks.
 * Both page with NextToken.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>

static int info_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *it;

	if (!ajson_array(page, "InstanceInformationList"))
		return inv_malformed(cx, arg, "no InstanceInformationList");
	cJSON_ArrayForEach(it, ajson_array(page, "InstanceInformationList"))
	{
		struct inv_ssm_instance *m =
			INV_PUSH(cx->arena, cx->region->ssm_instances);

		m->id = ajson_str(cx->arena, it, "InstanceId");
		m->ping_status = ajson_str(cx->arena, it, "PingStatus");
		m->resource_type = ajson_str(cx->arena, it, "ResourceType");
		m->agent_version = ajson_str(cx->arena, it, "AgentVersion");
		m->platform = ajson_str(cx->arena, it, "PlatformType");
		m->last_ping = ajson_time(it, "LastPingDateTime");
		if (!m->id)
			return inv_malformed(cx, arg,
					     "an instance without "
					     "InstanceId");
	}
	return 0;
}

int inv_collect_ssm_instances(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "ssm",
				   .action = "DescribeInstanceInformation",
				   .json_body = "{}",
				   .token_param = "NextToken" };

	return inv_json_pages(cx, &req, "NextToken", info_page, &req);
}

static int docs_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *it;

	if (!ajson_array(page, "DocumentIdentifiers"))
		return inv_malformed(cx, arg, "no DocumentIdentifiers");
	cJSON_ArrayForEach(it, ajson_array(page, "DocumentIdentifiers"))
	{
		struct inv_ssm_document *d =
			INV_PUSH(cx->arena, cx->region->ssm_documents);

		d->name = ajson_str(cx->arena, it, "Name");
		d->owner = ajson_str(cx->arena, it, "Owner");
		d->type = ajson_str(cx->arena, it, "DocumentType");
		d->version = ajson_str(cx->arena, it, "DocumentVersion");
		d->created = ajson_time(it, "CreatedDate");
		if (!d->name)
			return inv_malformed(cx, arg,
					     "a document without Name");
	}
	return 0;
}

int inv_collect_ssm_documents(struct collect_ctx *cx)
{
	struct aws_request req = {
		.service = "ssm",
		.action = "ListDocuments",
		.json_body = "{\"Filters\":[{\"Key\":\"Owner\",\"Values\":"
			     "[\"Self\"]},{\"Key\":\"DocumentType\","
			     "\"Values\":[\"Automation\"]}]}",
		.token_param = "NextToken"
	};

	return inv_json_pages(cx, &req, "NextToken", docs_page, &req);
}

/* `irready inventory`: what SSM_INSTANCES holds */
static void ssm_instances_json(cJSON *o, const struct inv_account *acct,
			       const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "ssm_instances");
	for (size_t i = 0; i < r->ssm_instances.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", r->ssm_instances.v[i].id);
		inv_json_str(x, "ping_status",
			     r->ssm_instances.v[i].ping_status);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_ssm_instances = {
	.name = "SSM_INSTANCES",
	.scope = INV_REGION,
	.description = "SSM managed instances",
	.actions = "ssm:DescribeInstanceInformation",
	.collect = inv_collect_ssm_instances,
	.dump = ssm_instances_json,
};

/* `irready inventory`: what SSM_DOCUMENTS holds */
static void ssm_documents_json(cJSON *o, const struct inv_account *acct,
			       const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "ssm_documents");
	for (size_t i = 0; i < r->ssm_documents.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "name", r->ssm_documents.v[i].name);
		inv_json_str(x, "type", r->ssm_documents.v[i].type);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_ssm_documents = {
	.name = "SSM_DOCUMENTS",
	.scope = INV_REGION,
	.description = "Self-owned SSM Automation documents",
	.actions = "ssm:ListDocuments",
	.collect = inv_collect_ssm_documents,
	.dump = ssm_documents_json,
};
