/*
 * inv_org.c -- Organizations membership: organizations:DescribeOrganization
 *
 * AWSOrganizationsNotInUseException is an answer, not an error: the
 * account is standalone.
 */
#include "inv_pager.h"
#include "irready.h"

#include <string.h>

static int org_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(page, "Organization");
	struct inv_org *org = &cx->acct->org;

	if (!cJSON_IsObject(o))
		return inv_malformed(cx, arg, "no Organization object");
	org->member = 1;
	org->id = ajson_str(cx->arena, o, "Id");
	org->arn = ajson_str(cx->arena, o, "Arn");
	org->feature_set = ajson_str(cx->arena, o, "FeatureSet");
	org->master_account_id = ajson_str(cx->arena, o, "MasterAccountId");
	return 0;
}

int inv_collect_org(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "organizations",
				   .action = "DescribeOrganization",
				   .region = "global" };
	int rc = inv_json_call(cx, &req, org_page, &req);

	if (rc && !strcmp(cx->err->code, "AWSOrganizationsNotInUseException")) {
		memset(&cx->acct->org, 0, sizeof(cx->acct->org));
		aws_error_clear(cx->err);
		return 0;
	}
	return rc;
}
