/*
 * inv_ssm_parameters.c -- Systems Manager Parameter Store parameters (the
 * SSM_PARAMETERS dataset)
 *
 * ssm:DescribeParameters (json, NextToken paging) lists names and types
 * only; parameter values are never read.
 */
#include "inv_pager.h"
#include "irready.h"

static int params_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, ajson_array(page, "Parameters"))
	{
		struct inv_ssm_parameter *x =
			INV_PUSH(cx->region->ssm_parameters);

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
