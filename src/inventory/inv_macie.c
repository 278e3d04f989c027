/*
 * inv_macie.c -- Macie (macie2) session (rest-json GET /macie)
 *
 * When Macie is not enabled in a region, GetMacieSession fails with
 * AccessDeniedException (403) whose message is "Macie is not enabled"
 * (the AWS CLI shows "An error occurred (AccessDeniedException) when
 * calling the GetMacieSession operation: Macie is not enabled."), or with
 * ResourceNotFoundException. Both are answers: the session is recorded as
 * not enabled. An AccessDeniedException with any other message (the IAM
 * "is not authorized to perform: macie2:GetMacieSession") is a real
 * permission denial and fails the dataset.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>

static int session_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_macie *m = &cx->region->macie;

	(void)arg;
	m->enabled = 1;
	m->status = ajson_str(cx->arena, page, "status");
	return 0;
}

static int not_enabled_answer(const struct aws_error *e)
{
	if (!strcmp(e->code, "ResourceNotFoundException"))
		return 1;
	return !strcmp(e->code, "AccessDeniedException") &&
	       contains_ci(e->message, "Macie is not enabled");
}

int inv_collect_macie(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "macie2",
				   .action = "GetMacieSession",
				   .method = "GET",
				   .path = "/macie" };
	int rc = inv_json_call(cx, &req, session_page, NULL);

	if (rc && not_enabled_answer(cx->err)) {
		struct inv_macie *m = &cx->region->macie;

		m->enabled = 0;
		m->status = NULL;
		m->reason = arena_printf(cx->arena, "%s: %s", cx->err->code,
					 cx->err->message);
		aws_error_clear(cx->err);
		return 0;
	}
	return rc;
}

/* `irready inventory`: what MACIE holds */
static void macie_json(cJSON *o, const struct inv_account *acct,
		       const struct inv_region *r)
{
	cJSON *x;

	if (r->status[DS_MACIE].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "macie");
		cJSON_AddBoolToObject(x, "enabled", r->macie.enabled);
		inv_json_str(x, "status", r->macie.status);
		inv_json_str(x, "reason", r->macie.reason);
	}
}

const struct dataset ds_macie = {
	.name = "MACIE",
	.scope = INV_REGION,
	.description = "Macie session",
	.actions = "macie2:GetMacieSession",
	.collect = inv_collect_macie,
	.dump = macie_json,
};
