/*
 * inv_resolver.c -- Route 53 Resolver query logging associations
 *
 * ListResolverQueryLogConfigAssociations (json, NextToken paging): which
 * VPCs a query logging configuration is attached to, and in what state.
 */
#include "inv_pager.h"
#include "irready.h"

static int assoc_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *a;

	cJSON_ArrayForEach(
		a, ajson_array(page, "ResolverQueryLogConfigAssociations"))
	{
		struct inv_query_log_assoc *q =
			INV_PUSH(cx->region->query_log_assocs);

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
