/*
 * inv_support.c -- the support plan (the SUPPORT dataset)
 *
 * The AWS Support API answers only on Business, Enterprise On-Ramp and
 * Enterprise plans. support:DescribeSeverityLevels (json, a global
 * service signed in us-east-1) is the cheapest call: an answer means a
 * premium plan; SubscriptionRequiredException is an answer too -- Basic
 * or Developer support -- not an error.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>

static int levels_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_support *s = &cx->acct->support;
	struct strbuf sb;
	const cJSON *l;

	if (!ajson_array(page, "severityLevels"))
		return inv_malformed(cx, arg, "no severityLevels list");
	strbuf_init(&sb, 0);
	cJSON_ArrayForEach(l, ajson_array(page, "severityLevels"))
	{
		const char *code = ajson_get(l, "code");

		if (!code)
			continue;
		if (sb.len)
			strbuf_adds(&sb, ", ");
		strbuf_adds(&sb, code);
	}
	s->premium = 1;
	s->levels = arena_strdup(cx->arena, strbuf_str(&sb));
	strbuf_release(&sb);
	return 0;
}

int inv_collect_support(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "support",
				   .action = "DescribeSeverityLevels",
				   .region = "global",
				   .json_body = "{}" };
	int rc = inv_json_call(cx, &req, levels_page, &req);

	if (rc && !strcmp(cx->err->code, "SubscriptionRequiredException")) {
		memset(&cx->acct->support, 0, sizeof(cx->acct->support));
		cx->acct->support.reason =
			arena_strdup(cx->arena, cx->err->message);
		aws_error_clear(cx->err);
		rc = 0;
	}
	return rc;
}

/* `irready inventory`: what SUPPORT holds */
static void support_json(cJSON *o, const struct inv_account *acct,
			 const struct inv_region *r)
{
	cJSON *x;

	if (acct->status[DS_SUPPORT].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "support");
		cJSON_AddBoolToObject(x, "premium", acct->support.premium);
		inv_json_str(x, "levels", acct->support.levels);
	}
}

const struct dataset ds_support = {
	.name = "SUPPORT",
	.scope = INV_ACCOUNT,
	.description = "Support plan",
	.actions = "support:DescribeSeverityLevels",
	.collect = inv_collect_support,
	.dump = support_json,
};
