/*
 * inv_accessanalyzer.c -- IAM Access Analyzer analyzers (rest-json)
 *
 * GET /analyzer (ListAnalyzers, nextToken in the query string), account
 * and organization analyzers alike.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

static int analyzers_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *a;

	(void)arg;
	cJSON_ArrayForEach(a, ajson_array(page, "analyzers"))
	{
		struct inv_analyzer *x =
			INV_PUSH(cx->arena, cx->region->analyzers);

		x->arn = ajson_str(cx->arena, a, "arn");
		x->name = ajson_str(cx->arena, a, "name");
		x->type = ajson_str(cx->arena, a, "type");
		x->status = ajson_str(cx->arena, a, "status");
	}
	return 0;
}

int inv_collect_access_analyzer(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "accessanalyzer",
				   .action = "ListAnalyzers",
				   .method = "GET",
				   .path = "/analyzer",
				   .token_param = "nextToken" };

	return inv_json_pages(cx, &req, "nextToken", analyzers_page, NULL);
}

/* `irready inventory`: what ACCESS_ANALYZER holds */
static void access_analyzer_json(cJSON *o, const struct inv_account *acct,
				 const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "access_analyzers");
	for (size_t i = 0; i < r->analyzers.n; i++) {
		x = cJSON_CreateObject();
		inv_json_str(x, "arn", r->analyzers.v[i].arn);
		inv_json_str(x, "type", r->analyzers.v[i].type);
		inv_json_str(x, "status", r->analyzers.v[i].status);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_access_analyzer = {
	.name = "ACCESS_ANALYZER",
	.scope = INV_REGION,
	.description = "IAM Access Analyzer analyzers",
	.actions = "accessanalyzer:ListAnalyzers",
	.collect = inv_collect_access_analyzer,
	.dump = access_analyzer_json,
};
