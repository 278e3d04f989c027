/*
 * inv_accessanalyzer.c -- IAM Access Analyzer analyzers (rest-json)
 *
 * GET /analyzer (ListAnalyzers, nextToken in the query string), account
 * and organization analyzers alike.
 */
#include "inv_pager.h"
#include "irready.h"

static int analyzers_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *a;

	(void)arg;
	cJSON_ArrayForEach(a, ajson_array(page, "analyzers"))
	{
		struct inv_analyzer *x = INV_PUSH(cx->region->analyzers);

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
