/*
 * inv_cloudformation.c -- CloudFormation stacks (query protocol)
 *
 * ListStacks returns summaries of every stack of the region, deleted ones
 * included for 90 days; DELETE_COMPLETE stacks are dropped here. The
 * summary carries DriftInformation/StackDriftStatus (DRIFTED, IN_SYNC,
 * UNKNOWN, NOT_CHECKED), so no per-stack call is needed.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>
#include <strings.h>

static int stacks_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	for (struct axml_node *it =
		     axml_items(axml_child(res, "StackSummaries"));
	     it; it = axml_next(it)) {
		char status[64];
		struct inv_stack *s;

		axml_copy(it, "StackStatus", status, sizeof(status));
		if (!strcasecmp(status, "DELETE_COMPLETE"))
			continue;
		s = INV_PUSH(cx->arena, cx->region->stacks);
		s->id = axml_str(cx->arena, it, "StackId");
		s->name = axml_str(cx->arena, it, "StackName");
		s->status = arena_strdup(cx->arena, status);
		s->drift = axml_str(cx->arena, it,
				    "DriftInformation/StackDriftStatus");
		s->parent_id = axml_str(cx->arena, it, "ParentId");
		s->created = axml_time(it, "CreationTime");
		s->drift_checked = axml_time(it, "DriftInformation/"
						 "LastCheckTimestamp");
		if (!s->id || !s->name || !status[0])
			return inv_malformed(cx, arg,
					     "a stack without "
					     "StackId, StackName or "
					     "StackStatus");
	}
	return 0;
}

int inv_collect_stacks(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "cloudformation",
				   .action = "ListStacks",
				   .token_param = "NextToken" };

	return inv_xml_pages(cx, &req, "NextToken", stacks_page, &req);
}

/* `irready inventory`: what STACKS holds */
static void stacks_json(cJSON *o, const struct inv_account *acct,
			const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "stacks");
	for (size_t i = 0; i < r->stacks.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", r->stacks.v[i].id);
		inv_json_str(x, "name", r->stacks.v[i].name);
		inv_json_str(x, "status", r->stacks.v[i].status);
		inv_json_str(x, "drift", r->stacks.v[i].drift);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_stacks = {
	.name = "STACKS",
	.scope = INV_REGION,
	.description = "CloudFormation stacks",
	.actions = "cloudformation:ListStacks",
	.collect = inv_collect_stacks,
	.dump = stacks_json,
};
