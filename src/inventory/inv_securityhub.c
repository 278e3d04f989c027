/*
 * inv_securityhub.c -- Security Hub hub and enabled standards (rest-json)
 *
 * GET /accounts (DescribeHub) tells whether the account is subscribed in
 * the region. Not subscribed is an answer, not an error: Security Hub
 * says InvalidAccessException (401) "Account 111122223333 is not
 * subscribed to AWS Security Hub", or ResourceNotFoundException for a hub
 * that does not exist. Any other InvalidAccessException, and
 * AccessDeniedException, fail the dataset. With a hub, POST /standards/get
 * (GetEnabledStandards, NextToken in the body) lists its standards.
 *
 * SH_AGGREGATOR: GET /findingAggregator/list (ListFindingAggregators,
 * NextToken in the query string) in every region; the aggregator's ARN
 * names its aggregation region, and there only GET
 * /findingAggregator/get/{arn} (GetFindingAggregator) tells the linked
 * regions. A region not subscribed answers as DescribeHub does: no
 * aggregator there.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>

static int hub_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_securityhub *h = &cx->region->securityhub;

	(void)arg;
	h->subscribed = 1;
	h->hub_arn = ajson_str(cx->arena, page, "HubArn");
	return 0;
}

static int standards_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const struct aws_request *req = arg;
	const cJSON *s, *list = ajson_array(page, "StandardsSubscriptions");

	if (!list)
		return inv_malformed(cx, req, "no StandardsSubscriptions");
	cJSON_ArrayForEach(s, list)
	{
		struct inv_sh_standard *x =
			INV_PUSH(cx->arena, cx->region->sh_standards);

		x->subscription_arn =
			ajson_str(cx->arena, s, "StandardsSubscriptionArn");
		x->standards_arn = ajson_str(cx->arena, s, "StandardsArn");
		x->status = ajson_str(cx->arena, s, "StandardsStatus");
	}
	return 0;
}

/*
 * Not subscribed, in each form it comes: InvalidAccessException with the
 * "not subscribed" message (JSON body, or an XML <ErrorResponse> envelope,
 * which aws_error.c reads for JSON services too), or with no message at
 * all (the code only in x-amzn-ErrorType, an empty body). An
 * InvalidAccessException that says something else, and any
 * AccessDenied, stay errors.
 */
static int not_subscribed_answer(const struct aws_error *e)
{
	if (!strcmp(e->code, "ResourceNotFoundException"))
		return 1;
	if (strcmp(e->code, "InvalidAccessException"))
		return 0;
	return !e->message[0] || contains_ci(e->message, "not subscribed");
}

int inv_collect_securityhub(struct collect_ctx *cx)
{
	struct aws_request hreq = { .service = "securityhub",
				    .action = "DescribeHub",
				    .method = "GET",
				    .path = "/accounts" };
	struct aws_request sreq = { .service = "securityhub",
				    .action = "GetEnabledStandards",
				    .method = "POST",
				    .path = "/standards/get",
				    .json_body = "{}",
				    .token_param = "NextToken" };
	int rc = inv_json_call(cx, &hreq, hub_page, NULL);

	if (rc && not_subscribed_answer(cx->err)) {
		struct inv_securityhub *h = &cx->region->securityhub;

		h->subscribed = 0;
		h->reason = arena_printf(cx->arena, "%s%s%s", cx->err->code,
					 cx->err->message[0] ? ": " : "",
					 cx->err->message);
		aws_error_clear(cx->err);
		return 0;
	}
	if (rc)
		return rc;
	return inv_json_pages(cx, &sreq, "NextToken", standards_page, &sreq);
}

/* Field 'n' (0-based, ':'-separated) of 'arn' in the arena, or NULL. */
static const char *arn_field(struct arena *a, const char *arn, int n)
{
	const char *p = arn, *end;

	for (int i = 0; i < n && p; i++) {
		p = strchr(p, ':');
		if (p)
			p++;
	}
	if (!p)
		return NULL;
	end = strchr(p, ':');
	return arena_strndup(a, p, end ? (size_t)(end - p) : strlen(p));
}

static int aggregators_page(struct collect_ctx *cx, const cJSON *page,
			    void *arg)
{
	const struct aws_request *req = arg;
	const cJSON *g, *list = ajson_array(page, "FindingAggregators");

	if (!list)
		return inv_malformed(cx, req, "no FindingAggregators");
	cJSON_ArrayForEach(g, list)
	{
		const char *arn = ajson_get(g, "FindingAggregatorArn");
		struct inv_sh_aggregator *x;

		if (!arn || !aws_valid_arn(arn))
			return inv_invalid(cx, req, "FindingAggregatorArn",
					   arn ? arn : "");
		x = INV_PUSH(cx->arena, cx->region->sh_aggregators);
		x->arn = arena_strdup(cx->arena, arn);
		x->region = arn_field(cx->arena, arn, 3);
		x->account = arn_field(cx->arena, arn, 4);
	}
	return 0;
}

static int aggregator_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_sh_aggregator *x = arg;
	const cJSON *r;

	x->described = 1;
	if (ajson_get(page, "FindingAggregationRegion"))
		x->region =
			ajson_str(cx->arena, page, "FindingAggregationRegion");
	x->linking_mode = ajson_str(cx->arena, page, "RegionLinkingMode");
	cJSON_ArrayForEach(r, ajson_array(page, "Regions"))
	{
		if (cJSON_IsString(r))
			*INV_PUSH(cx->arena, x->regions) =
				arena_strdup(cx->arena, r->valuestring);
	}
	return 0;
}

int inv_collect_sh_aggregator(struct collect_ctx *cx)
{
	struct aws_request lreq = { .service = "securityhub",
				    .action = "ListFindingAggregators",
				    .method = "GET",
				    .path = "/findingAggregator/list",
				    .token_param = "NextToken" };
	int rc =
		inv_json_pages(cx, &lreq, "NextToken", aggregators_page, &lreq);

	if (rc && not_subscribed_answer(cx->err)) {
		aws_error_clear(cx->err);
		return 0;
	}
	for (size_t i = 0; !rc && i < cx->region->sh_aggregators.n; i++) {
		struct inv_sh_aggregator *x = &cx->region->sh_aggregators.v[i];
		struct aws_request greq = { .service = "securityhub",
					    .action = "GetFindingAggregator",
					    .method = "GET",
					    .resource = x->arn };

		if (!x->region || strcmp(x->region, cx->region->name))
			continue; /* described in its aggregation region */
		greq.path = arena_printf(cx->arena, "/findingAggregator/get/%s",
					 x->arn);
		rc = inv_json_call(cx, &greq, aggregator_page, x);
	}
	return rc;
}

/* `irready inventory`: what SH_AGGREGATOR holds */
static void sh_aggregator_json(cJSON *o, const struct inv_account *acct,
			       const struct inv_region *r)
{
	cJSON *a, *x, *l;

	(void)acct;
	if (r->status[DS_SH_AGGREGATOR].state != INV_OK)
		return;
	a = cJSON_AddArrayToObject(o, "securityhub_aggregators");
	for (size_t i = 0; i < r->sh_aggregators.n; i++) {
		const struct inv_sh_aggregator *g = &r->sh_aggregators.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "arn", g->arn);
		inv_json_str(x, "aggregation_region", g->region);
		inv_json_str(x, "linking_mode", g->linking_mode);
		l = cJSON_AddArrayToObject(x, "regions");
		for (size_t k = 0; k < g->regions.n; k++)
			cJSON_AddItemToArray(
				l, cJSON_CreateString(g->regions.v[k]));
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_sh_aggregator = {
	.name = "SH_AGGREGATOR",
	.scope = INV_REGION,
	.description = "Security Hub cross-region finding aggregator",
	.actions = "securityhub:GetFindingAggregator "
		   "securityhub:ListFindingAggregators",
	.collect = inv_collect_sh_aggregator,
	.dump = sh_aggregator_json,
};

/* `irready inventory`: what SECURITYHUB holds */
static void securityhub_json(cJSON *o, const struct inv_account *acct,
			     const struct inv_region *r)
{
	cJSON *a, *x;

	if (r->status[DS_SECURITYHUB].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "securityhub");
		cJSON_AddBoolToObject(x, "subscribed",
				      r->securityhub.subscribed);
		inv_json_str(x, "hub_arn", r->securityhub.hub_arn);
		inv_json_str(x, "reason", r->securityhub.reason);
		a = cJSON_AddArrayToObject(x, "standards");
		for (size_t i = 0; i < r->sh_standards.n; i++) {
			cJSON *y = cJSON_CreateObject();

			inv_json_str(y, "standards_arn",
				     r->sh_standards.v[i].standards_arn);
			inv_json_str(y, "status", r->sh_standards.v[i].status);
			cJSON_AddItemToArray(a, y);
		}
	}
}

const struct dataset ds_securityhub = {
	.name = "SECURITYHUB",
	.scope = INV_REGION,
	.description = "Security Hub and its standards",
	.actions = "securityhub:DescribeHub securityhub:GetEnabledStandards",
	.collect = inv_collect_securityhub,
	.dump = securityhub_json,
};
