/*
 * inv_resolver.c -- Route 53 Resolver query logging associations
 *
 * ListResolverQueryLogConfigAssociations (json, NextToken paging): which
 * VPCs a query logging configuration is attached to, and in what state.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

static int assoc_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *a;

	cJSON_ArrayForEach(
		a, ajson_array(page, "ResolverQueryLogConfigAssociations"))
	{
		struct inv_query_log_assoc *q =
			INV_PUSH(cx->arena, cx->region->query_log_assocs);

		q->id = ajson_str(cx->arena, a, "Id");
		q->config_id =
			ajson_str(cx->arena, a, "ResolverQueryLogConfigId");
		q->resource_id = ajson_str(cx->arena, a, "ResourceId");
		q->status = ajson_str(cx->arena, a, "Status");
		q->error = ajson_str(cx->arena, a, "Error");
		if (!q->resource_id)
			return inv_malformed(
				cx, arg, "an association without ResourceId");
	}
	return 0;
}

int inv_collect_resolver_query_logs(struct collect_ctx *cx)
{
	struct aws_request req = {
		.service = "route53resolver",
		.action = "ListResolverQueryLogConfigAssociations",
		.json_body = "{}",
		.token_param = "NextToken"
	};

	return inv_json_pages(cx, &req, "NextToken", assoc_page, &req);
}

/* `irready inventory`: what RESOLVER_QUERY_LOGS holds */
static void resolver_query_logs_json(cJSON *o, const struct inv_account *acct,
				     const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "query_log_associations");
	for (size_t i = 0; i < r->query_log_assocs.n; i++) {
		const struct inv_query_log_assoc *q = &r->query_log_assocs.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "resource_id", q->resource_id);
		inv_json_str(x, "status", q->status);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_resolver_query_logs = {
	.name = "RESOLVER_QUERY_LOGS",
	.scope = INV_REGION,
	.description = "Route 53 Resolver query logging associations",
	.actions = "route53resolver:ListResolverQueryLogConfigAssociations",
	.collect = inv_collect_resolver_query_logs,
	.dump = resolver_query_logs_json,
};
