/*
 * inv_snapshot_bpa.c -- block public access for EBS snapshots (SNAPSHOT_BPA)
 *
 * ec2:GetSnapshotBlockPublicAccessState, once per region: whether
 * snapshots of this account may be shared publicly there. The answer's
 * <state> is block-all-sharing, block-new-sharing or unblocked; an answer
 * without one is malformed (ERROR), never "unblocked" by default.
 */
#include "inv_json.h"
#include "inv_pager.h"
#include "irready.h"

#include <string.h>

static int state_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	static const char *const states[] = { "block-all-sharing",
					      "block-new-sharing",
					      "unblocked" };
	const char *st = axml_str(cx->arena, res, "state");

	for (size_t i = 0; st && i < ARRAY_SIZE(states); i++)
		if (!strcmp(st, states[i])) {
			cx->region->snapshot_bpa_state = st;
			return 0;
		}
	return inv_malformed(cx, arg,
			     st ? "an unknown snapshot block public "
				  "access state"
				: "no state");
}

int inv_collect_snapshot_bpa(struct collect_ctx *cx)
{
	struct aws_request req = {
		.service = "ec2", .action = "GetSnapshotBlockPublicAccessState"
	};

	return inv_xml_call(cx, &req, state_page, &req);
}

/* `irready inventory`: what SNAPSHOT_BPA holds */
static void snapshot_bpa_json(cJSON *o, const struct inv_account *acct,
			      const struct inv_region *r)
{
	if (r->status[DS_SNAPSHOT_BPA].state == INV_OK)
		inv_json_str(o, "snapshot_block_public_access",
			     r->snapshot_bpa_state);
}

const struct dataset ds_snapshot_bpa = {
	.name = "SNAPSHOT_BPA",
	.scope = INV_REGION,
	.description = "Block public access for EBS snapshots",
	.actions = "ec2:GetSnapshotBlockPublicAccessState",
	.collect = inv_collect_snapshot_bpa,
	.dump = snapshot_bpa_json,
};
