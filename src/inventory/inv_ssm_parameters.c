/*
 * inv_ssm_parameters.c -- Systems Manager Parameter Store parameters (the
 * SSM_PARAMETERS dataset)
 *
 * ssm:DescribeParameters (json, NextToken paging) lists names and types
 * only; parameter values are never read.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

static int params_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, ajson_array(page, "Parameters"))
	{
		struct inv_ssm_parameter *x =
			INV_PUSH(cx->arena, cx->region->ssm_parameters);

		x->name = ajson_str(cx->arena, p, "Name");
		x->type = ajson_str(cx->arena, p, "Type");
		x->key_id = ajson_str(cx->arena, p, "KeyId");
		x->last_modified = ajson_time(p, "LastModifiedDate");
		if (!x->name || !x->type)
			return inv_malformed(cx, arg,
					     "a parameter without "
					     "Name or Type");
	}
	return 0;
}

int inv_collect_ssm_parameters(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "ssm",
				   .action = "DescribeParameters",
				   .json_body = "{}",
				   .token_param = "NextToken" };

	return inv_json_pages(cx, &req, "NextToken", params_page, &req);
}

/* `irready inventory`: what SSM_PARAMETERS holds */
static void ssm_parameters_json(cJSON *o, const struct inv_account *acct,
				const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "ssm_parameters");
	for (size_t i = 0; i < r->ssm_parameters.n; i++) {
		const struct inv_ssm_parameter *p = &r->ssm_parameters.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "name", p->name);
		inv_json_str(x, "type", p->type);
		inv_json_str(x, "key_id", p->key_id);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_ssm_parameters = {
	.name = "SSM_PARAMETERS",
	.scope = INV_REGION,
	.description = "SSM parameters",
	.actions = "ssm:DescribeParameters",
	.collect = inv_collect_ssm_parameters,
	.dump = ssm_parameters_json,
};
