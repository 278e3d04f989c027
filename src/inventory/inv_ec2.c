/*
 * inv_ec2.c -- EC2 collectors: regions, VPCs, flow logs, volumes, snapshots
 * (this account's, and the public ones)
 *
 * EC2 answers in its own XML dialect: <xxxSet><item> lists, <nextToken>
 * pagination, lower-camel element names (../shared/aws-wire-formats.md 2.1).
 */
#include "inv_pager.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>

static const char *tag_name(struct arena *a, const xmlNode *item)
{
	const xmlNode *set = axml_child(item, "tagSet");

	for (xmlNode *t = axml_items(set); t; t = axml_next(t)) {
		char key[128];

		axml_copy(t, "key", key, sizeof(key));
		if (!strcmp(key, "Name"))
			return axml_str(a, t, "value");
	}
	return NULL;
}

static struct aws_request ec2_request(const char *action)
{
	struct aws_request req = { .service = "ec2",
				   .action = action,
				   .token_param = "NextToken" };
	return req;
}

/* DescribeRegions */

struct regions_arg {
	const char *const *only;
	size_t nonly;
	int seen;
	const struct aws_request *req;
};

static int wanted(const struct regions_arg *ra, const char *name)
{
	if (!ra->nonly)
		return 1;
	for (size_t i = 0; i < ra->nonly; i++)
		if (!strcmp(ra->only[i], name))
			return 1;
	return 0;
}

static int regions_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	struct regions_arg *ra = arg;
	xmlNode *set = axml_child(res, "regionInfo");

	for (xmlNode *it = axml_items(set); it; it = axml_next(it)) {
		char name[64], opt[64];

		axml_copy(it, "regionName", name, sizeof(name));
		axml_copy(it, "optInStatus", opt, sizeof(opt));
		if (!name[0])
			continue;
		if (!aws_valid_region_in(name, aws_partition(ra->req->region)))
			return inv_invalid(cx, ra->req, "regionName", name);
		ra->seen++;
		/* absent optInStatus: an older API answer, region enabled */
		if (opt[0] && strcmp(opt, "opt-in-not-required") &&
		    strcmp(opt, "opted-in")) {
			debug("skipping region %s (%s)", name, opt);
			continue;
		}
		if (wanted(ra, name))
			inv_add_region(cx->acct, name);
	}
	return 0;
}

static int cmp_region(const void *a, const void *b)
{
	return strcmp(((const struct inv_region *)a)->name,
		      ((const struct inv_region *)b)->name);
}

int inv_collect_regions(struct collect_ctx *cx, const char *const *only,
			size_t nonly)
{
	struct aws_request req = ec2_request("DescribeRegions");
	struct regions_arg ra = { only, nonly, 0, &req };
	int rc;

	aws_request_param(&req, "AllRegions", "true");
	req.token_param = NULL;
	rc = inv_xml_call(cx, &req, regions_page, &ra);
	if (!rc && !ra.seen)
		rc = inv_malformed(cx, &req, "no regions");
	if (!rc)
		qsort(cx->acct->regions, cx->acct->nregions,
		      sizeof(*cx->acct->regions), cmp_region);
	return rc;
}

/* DescribeVpcs */

static int vpcs_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	for (xmlNode *it = axml_items(axml_child(res, "vpcSet")); it;
	     it = axml_next(it)) {
		struct inv_vpc *v = INV_PUSH(cx->region->vpcs);

		v->id = axml_str(cx->arena, it, "vpcId");
		v->owner = axml_str(cx->arena, it, "ownerId");
		v->state = axml_str(cx->arena, it, "state");
		v->cidr = axml_str(cx->arena, it, "cidrBlock");
		v->is_default = axml_bool(it, "isDefault", 0);
		v->name = tag_name(cx->arena, it);
		if (!v->id)
			return inv_malformed(cx, arg, "a VPC without vpcId");
	}
	return 0;
}

int inv_collect_vpc(struct collect_ctx *cx)
{
	struct aws_request req = ec2_request("DescribeVpcs");

	return inv_xml_pages(cx, &req, "nextToken", vpcs_page, &req);
}

/* DescribeFlowLogs */

static int flow_logs_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	for (xmlNode *it = axml_items(axml_child(res, "flowLogSet")); it;
	     it = axml_next(it)) {
		struct inv_flow_log *f = INV_PUSH(cx->region->flow_logs);

		f->id = axml_str(cx->arena, it, "flowLogId");
		f->resource_id = axml_str(cx->arena, it, "resourceId");
		f->traffic_type = axml_str(cx->arena, it, "trafficType");
		f->status = axml_str(cx->arena, it, "flowLogStatus");
		f->deliver_status =
			axml_str(cx->arena, it, "deliverLogsStatus");
		f->destination_type =
			axml_str(cx->arena, it, "logDestinationType");
		f->destination = axml_str(cx->arena, it, "logDestination");
		if (!f->id || !f->resource_id)
			return inv_malformed(cx, arg, "a flow log without ids");
	}
	return 0;
}

int inv_collect_flow_logs(struct collect_ctx *cx)
{
	struct aws_request req = ec2_request("DescribeFlowLogs");

	return inv_xml_pages(cx, &req, "nextToken", flow_logs_page, &req);
}

/* DescribeVolumes */

static int volumes_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	for (xmlNode *it = axml_items(axml_child(res, "volumeSet")); it;
	     it = axml_next(it)) {
		struct inv_volume *v = INV_PUSH(cx->region->volumes);
		xmlNode *att = axml_items(axml_child(it, "attachmentSet"));

		v->id = axml_str(cx->arena, it, "volumeId");
		v->state = axml_str(cx->arena, it, "status");
		v->az = axml_str(cx->arena, it, "availabilityZone");
		v->create_time = axml_time(it, "createTime");
		v->size_gib = axml_long(it, "size", 0);
		v->encrypted = axml_bool(it, "encrypted", 0);
		v->name = tag_name(cx->arena, it);
		if (att)
			v->instance_id = axml_str(cx->arena, att, "instanceId");
		if (!v->id)
			return inv_malformed(cx, arg,
					     "a volume without volumeId");
	}
	return 0;
}

int inv_collect_volumes(struct collect_ctx *cx)
{
	struct aws_request req = ec2_request("DescribeVolumes");

	return inv_xml_pages(cx, &req, "nextToken", volumes_page, &req);
}

/*
 * DescribeSnapshots (Owner=self: public snapshots would be millions) for
 * SNAPSHOTS; with RestorableBy=all, this account's public snapshots for
 * PUBLIC_SNAPSHOTS.
 */

/* A page's snapshotSet, onto SNAPSHOTS or, if 'public', PUBLIC_SNAPSHOTS. */
static int snapshot_items(struct collect_ctx *cx, xmlNode *res, void *req,
			  int public)
{
	for (xmlNode *it = axml_items(axml_child(res, "snapshotSet")); it;
	     it = axml_next(it)) {
		struct inv_snapshot *s =
			public ? INV_PUSH(cx->region->public_snapshots)
			       : INV_PUSH(cx->region->snapshots);

		s->id = axml_str(cx->arena, it, "snapshotId");
		s->volume_id = axml_str(cx->arena, it, "volumeId");
		s->state = axml_str(cx->arena, it, "status");
		s->start_time = axml_time(it, "startTime");
		if (!s->id)
			return inv_malformed(cx, req,
					     "a snapshot without snapshotId");
	}
	return 0;
}

static int snapshots_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	return snapshot_items(cx, res, arg, 0);
}

static int public_snapshots_page(struct collect_ctx *cx, xmlNode *res,
				 void *arg)
{
	return snapshot_items(cx, res, arg, 1);
}

/* volume_id order, NULLs last (recovery_snapshot_coverage bisects) */
static int cmp_snap_vol(const void *a, const void *b)
{
	const struct inv_snapshot *x = a, *y = b;

	if (!x->volume_id || !y->volume_id)
		return !x->volume_id - !y->volume_id;
	return strcmp(x->volume_id, y->volume_id);
}

int inv_collect_snapshots(struct collect_ctx *cx)
{
	struct aws_request req = ec2_request("DescribeSnapshots");
	int rc;

	aws_request_param(&req, "Owner.1", "self");
	rc = inv_xml_pages(cx, &req, "nextToken", snapshots_page, &req);
	if (!rc && cx->region->snapshots.n > 1)
		qsort(cx->region->snapshots.v, cx->region->snapshots.n,
		      sizeof(*cx->region->snapshots.v), cmp_snap_vol);
	return rc;
}

/*
 * 'resource' "all" names the replay file apart from the snapshots
 * dataset's Owner=self listing.
 */
int inv_collect_public_snapshots(struct collect_ctx *cx)
{
	struct aws_request req = ec2_request("DescribeSnapshots");

	req.resource = "all";
	aws_request_param(&req, "Owner.1", "self");
	aws_request_param(&req, "RestorableBy.1", "all");
	return inv_xml_pages(cx, &req, "nextToken", public_snapshots_page,
			     &req);
}
