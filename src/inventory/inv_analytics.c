/*
 * inv_analytics.c -- where logs can be searched and correlated: OpenSearch
 * domains, Athena workgroups, CloudTrail Lake event data stores
 *
 * OpenSearch ListDomainNames (rest-json, GET /2021-01-01/domain, not
 * paged); Athena ListWorkGroups (json, NextToken) and GetWorkGroup for
 * each enabled workgroup, for its query result location; CloudTrail
 * ListEventDataStores (json, NextToken). A region where CloudTrail Lake is
 * not offered answers UnsupportedOperationException: no stores there.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>
#include <strings.h>

static int domains_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *d;

	cJSON_ArrayForEach(d, ajson_array(page, "DomainNames"))
	{
		struct inv_log_store *s =
			INV_PUSH(cx->arena, cx->region->log_stores);

		s->kind = "opensearch";
		s->name = ajson_str(cx->arena, d, "DomainName");
		s->state = ajson_str(cx->arena, d, "EngineType");
		if (!s->name)
			return inv_malformed(cx, arg,
					     "a domain without DomainName");
		s->arn = arena_printf(cx->arena, "arn:%s:es:%s:%s:domain/%s",
				      aws_partition(cx->region->name),
				      cx->region->name, cx->acct->id, s->name);
	}
	return 0;
}

static int workgroups_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *w;

	cJSON_ArrayForEach(w, ajson_array(page, "WorkGroups"))
	{
		struct inv_log_store *s =
			INV_PUSH(cx->arena, cx->region->log_stores);

		s->kind = "athena";
		s->name = ajson_str(cx->arena, w, "Name");
		s->state = ajson_str(cx->arena, w, "State");
		if (!s->name)
			return inv_malformed(cx, arg,
					     "a workgroup without Name");
		s->arn = arena_printf(cx->arena,
				      "arn:%s:athena:%s:%s:workgroup/%s",
				      aws_partition(cx->region->name),
				      cx->region->name, cx->acct->id, s->name);
	}
	return 0;
}

static int workgroup_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_log_store *s = arg;
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(page, "WorkGroup");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(w, "Configuration");
	const cJSON *r =
		cJSON_GetObjectItemCaseSensitive(c, "ResultConfiguration");

	s->location = ajson_str(cx->arena, r, "OutputLocation");
	if (s->location && !*s->location)
		s->location = NULL;
	return 0;
}

static int stores_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, ajson_array(page, "EventDataStores"))
	{
		struct inv_log_store *s =
			INV_PUSH(cx->arena, cx->region->log_stores);

		s->kind = "cloudtrail-lake";
		s->arn = ajson_str(cx->arena, e, "EventDataStoreArn");
		s->name = ajson_str(cx->arena, e, "Name");
		s->state = ajson_str(cx->arena, e, "Status");
		if (!s->arn)
			return inv_malformed(cx, arg,
					     "an event data store "
					     "without EventDataStoreArn");
		if (!s->name)
			s->name = s->arn;
	}
	return 0;
}

int inv_collect_log_analytics(struct collect_ctx *cx)
{
	struct aws_request dreq = { .service = "opensearch",
				    .action = "ListDomainNames",
				    .method = "GET",
				    .path = "/2021-01-01/domain" };
	struct aws_request wreq = { .service = "athena",
				    .action = "ListWorkGroups",
				    .json_body = "{}",
				    .token_param = "NextToken" };
	struct aws_request sreq = { .service = "cloudtrail",
				    .action = "ListEventDataStores",
				    .json_body = "{}",
				    .token_param = "NextToken" };
	size_t first;
	int rc;

	rc = inv_json_call(cx, &dreq, domains_page, &dreq);
	if (rc)
		return rc;
	first = cx->region->log_stores.n;
	rc = inv_json_pages(cx, &wreq, "NextToken", workgroups_page, &wreq);
	for (size_t i = first; !rc && i < cx->region->log_stores.n; i++) {
		struct inv_log_store *s = &cx->region->log_stores.v[i];
		struct aws_request greq = { .service = "athena",
					    .action = "GetWorkGroup",
					    .resource = s->name };

		if (!s->state || strcasecmp(s->state, "ENABLED"))
			continue;
		greq.json_body = ajson_body(cx->arena, "WorkGroup", s->name);
		rc = inv_json_call(cx, &greq, workgroup_page, s);
		/* deleted meanwhile, or denied by a tag condition */
		rc = inv_resource_error(cx, rc, &s->err);
	}
	if (rc)
		return rc;
	rc = inv_json_pages(cx, &sreq, "NextToken", stores_page, &sreq);
	if (rc && !strcmp(cx->err->code, "UnsupportedOperationException")) {
		aws_error_clear(cx->err);
		rc = 0;
	}
	return rc;
}

/* `irready inventory`: what LOG_ANALYTICS holds */
static void log_analytics_json(cJSON *o, const struct inv_account *acct,
			       const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "log_stores");
	for (size_t i = 0; i < r->log_stores.n; i++) {
		const struct inv_log_store *st = &r->log_stores.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "kind", st->kind);
		inv_json_str(x, "name", st->name);
		inv_json_str(x, "state", st->state);
		inv_json_str(x, "location", st->location);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_log_analytics = {
	.name = "LOG_ANALYTICS",
	.scope = INV_REGION,
	.description = "OpenSearch domains, Athena workgroups and CloudTrail "
		       "Lake stores",
	.actions = "opensearch:ListDomainNames athena:ListWorkGroups "
		   "athena:GetWorkGroup cloudtrail:ListEventDataStores",
	.collect = inv_collect_log_analytics,
	.dump = log_analytics_json,
};
