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
