/*
 * inv_inspector.c -- Inspector (inspector2) account status (rest-json)
 *
 * POST /status/batch/get {"accountIds":["<this account>"]} gives the
 * account's overall state and the EC2, ECR and Lambda scan states in the
 * region. An account that never enabled Inspector answers DISABLED: data,
 * not an error. A 'failedAccounts' entry for this account is an error.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *state_status(struct collect_ctx *cx, const cJSON *o,
				const char *key)
{
	const cJSON *st = key ? cJSON_GetObjectItemCaseSensitive(o, key) : o;

	return cJSON_IsObject(st) ? ajson_str(cx->arena, st, "status") : NULL;
}

static int status_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const struct aws_request *req = arg;
	struct inv_inspector *in = &cx->region->inspector;
	const cJSON *a;

	cJSON_ArrayForEach(a, ajson_array(page, "accounts"))
	{
		const char *id = ajson_get(a, "accountId");
		const cJSON *rs;

		if (!id || strcmp(id, cx->acct->id))
			continue;
		rs = cJSON_GetObjectItemCaseSensitive(a, "resourceState");
		in->state = state_status(
			cx, cJSON_GetObjectItemCaseSensitive(a, "state"), NULL);
		in->ec2 = state_status(cx, rs, "ec2");
		in->ecr = state_status(cx, rs, "ecr");
		in->lambda = state_status(cx, rs, "lambda");
		return 0;
	}
	cJSON_ArrayForEach(a, ajson_array(page, "failedAccounts"))
	{
		const char *id = ajson_get(a, "accountId");
		const char *code = ajson_get(a, "errorCode");
		const char *msg = ajson_get(a, "errorMessage");

		if (!id || strcmp(id, cx->acct->id))
			continue;
		aws_error_clear(cx->err);
		snprintf(cx->err->action, sizeof(cx->err->action), "%s:%s",
			 req->service, req->action);
		snprintf(cx->err->region, sizeof(cx->err->region), "%s",
			 req->region);
		aws_error_set(cx->err,
			      code && !strcasecmp(code, "ACCESS_DENIED")
				      ? IRREADY_EDENIED
				      : IRREADY_EAWS,
			      code ? code : "FailedAccount", "%s",
			      msg ? msg
				  : "the account status was not returned");
		return cx->err->rc;
	}
	return inv_malformed(cx, req, "no status for this account");
}

int inv_collect_inspector(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "inspector2",
				   .action = "BatchGetAccountStatus",
				   .method = "POST",
				   .path = "/status/batch/get" };

	req.json_body = arena_printf(cx->arena, "{\"accountIds\":[\"%s\"]}",
				     cx->acct->id);
	req.region = cx->region->name;
	return inv_json_call(cx, &req, status_page, &req);
}

/* `irready inventory`: what INSPECTOR holds */
static void inspector_json(cJSON *o, const struct inv_account *acct,
			   const struct inv_region *r)
{
	cJSON *x;

	if (r->status[DS_INSPECTOR].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "inspector");
		inv_json_str(x, "state", r->inspector.state);
		inv_json_str(x, "ec2", r->inspector.ec2);
		inv_json_str(x, "ecr", r->inspector.ecr);
		inv_json_str(x, "lambda", r->inspector.lambda);
	}
}

const struct dataset ds_inspector = {
	.name = "INSPECTOR",
	.scope = INV_REGION,
	.description = "Inspector account status",
	.actions = "inspector2:BatchGetAccountStatus",
	.collect = inv_collect_inspector,
	.dump = inspector_json,
};
