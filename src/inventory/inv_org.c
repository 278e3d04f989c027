/*
 * inv_org.c -- Organizations membership: organizations:DescribeOrganization
 *
 * AWSOrganizationsNotInUseException is an answer, not an error: the
 * account is standalone. In the account that lists the Organization for
 * --org, the listing's answer is already there (the runner fills
 * acct->org): no second call.
 */
#include "inv_pager.h"
#include "inv_json.h"
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
	int rc;

	if (cx->acct->org.member && cx->acct->org.id)
		return 0;
	rc = inv_json_call(cx, &req, org_page, &req);
	if (rc && !strcmp(cx->err->code, "AWSOrganizationsNotInUseException")) {
		memset(&cx->acct->org, 0, sizeof(cx->acct->org));
		aws_error_clear(cx->err);
		return 0;
	}
	return rc;
}

/* `irready inventory`: what ORG holds */
static void org_json(cJSON *o, const struct inv_account *acct,
		     const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddObjectToObject(o, "organization");
	cJSON_AddBoolToObject(a, "member", acct->org.member);
	inv_json_str(a, "id", acct->org.id);
	inv_json_str(a, "feature_set", acct->org.feature_set);
	inv_json_str(a, "master_account_id", acct->org.master_account_id);
}

const struct dataset ds_org = {
	.name = "ORG",
	.scope = INV_ACCOUNT,
	.description = "Organizations membership",
	.actions = "organizations:DescribeOrganization",
	.collect = inv_collect_org,
	.dump = org_json,
};
