/*
 * inv_ec2.c -- EC2 collectors: regions, VPCs, flow logs, volumes, snapshots
 * (this account's, and the public ones)
 *
 * EC2 answers in its own XML dialect: <xxxSet><item> lists, <nextToken>
 * pagination, lower-camel element names (../shared/aws-wire-formats.md 2.1).
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *tag_name(struct arena *a, const struct axml_node *item)
{
	const struct axml_node *set = axml_child(item, "tagSet");

	for (struct axml_node *t = axml_items(set); t; t = axml_next(t)) {
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

/*
 * A listing, paged as the SDK paginators page it: without MaxResults EC2
 * answers everything at once, and a big account's answer (tens of
 * thousands of snapshots) passes the response size cap.
 */
static struct aws_request ec2_list(const char *action)
{
	struct aws_request req = ec2_request(action);

	aws_request_param(&req, "MaxResults", EC2_PAGE_SIZE);
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

static int regions_page(struct collect_ctx *cx, struct axml_node *res,
			void *arg)
{
	struct regions_arg *ra = arg;
	struct axml_node *set = axml_child(res, "regionInfo");

	for (struct axml_node *it = axml_items(set); it; it = axml_next(it)) {
		char name[64], opt[64];

		axml_copy(it, "regionName", name, sizeof(name));
		axml_copy(it, "optInStatus", opt, sizeof(opt));
		if (!name[0])
			continue;
		if (!aws_valid_region_in(name, aws_partition(ra->req->region)))
			return inv_invalid(cx, ra->req, "regionName", name);
		ra->seen++;
		/* absent optInStatus: an older API answer, region enabled */
		if (opt[0] && strcasecmp(opt, "opt-in-not-required") &&
		    strcasecmp(opt, "opted-in")) {
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

int inv_collect_regions(struct collect_ctx *cx)
{
	struct aws_request req = ec2_request("DescribeRegions");
	struct regions_arg ra = { cx->only_regions, cx->nonly_regions, 0,
				  &req };
	int rc;

	aws_request_param(&req, "AllRegions", "true");
	req.token_param = NULL;
	rc = inv_xml_call(cx, &req, regions_page, &ra);
	if (!rc && !ra.seen)
		rc = inv_malformed(cx, &req, "no regions");
	if (!rc && cx->acct->nregions > 1)
		qsort(cx->acct->regions, cx->acct->nregions,
		      sizeof(*cx->acct->regions), cmp_region);
	return rc;
}

/* the regions' own datasets run only once this has listed them */
const struct dataset ds_regions = {
	.name = "REGIONS",
	.scope = INV_ACCOUNT,
	.description = "Enabled regions",
	.actions = "ec2:DescribeRegions",
	.inputs = INV_NEED(DS_IDENTITY),
	.gate = 1,
	.collect = inv_collect_regions,
};

/* DescribeVpcs */

static int vpcs_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	for (struct axml_node *it = axml_items(axml_child(res, "vpcSet")); it;
	     it = axml_next(it)) {
		struct inv_vpc *v = INV_PUSH(cx->arena, cx->region->vpcs);

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
	struct aws_request req = ec2_list("DescribeVpcs");

	return inv_xml_pages(cx, &req, "nextToken", vpcs_page, &req);
}

/* DescribeFlowLogs */

static int flow_logs_page(struct collect_ctx *cx, struct axml_node *res,
			  void *arg)
{
	for (struct axml_node *it = axml_items(axml_child(res, "flowLogSet"));
	     it; it = axml_next(it)) {
		struct inv_flow_log *f =
			INV_PUSH(cx->arena, cx->region->flow_logs);

		f->id = axml_str(cx->arena, it, "flowLogId");
		f->resource_id = axml_str(cx->arena, it, "resourceId");
		f->traffic_type = axml_str(cx->arena, it, "trafficType");
		f->status = axml_str(cx->arena, it, "flowLogStatus");
		f->deliver_status =
			axml_str(cx->arena, it, "deliverLogsStatus");
		f->deliver_error =
			axml_str(cx->arena, it, "deliverLogsErrorMessage");
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
	struct aws_request req = ec2_list("DescribeFlowLogs");

	return inv_xml_pages(cx, &req, "nextToken", flow_logs_page, &req);
}

/* DescribeVolumes */

static int volumes_page(struct collect_ctx *cx, struct axml_node *res,
			void *arg)
{
	for (struct axml_node *it = axml_items(axml_child(res, "volumeSet"));
	     it; it = axml_next(it)) {
		struct inv_volume *v = INV_PUSH(cx->arena, cx->region->volumes);
		struct axml_node *att =
			axml_items(axml_child(it, "attachmentSet"));

		v->id = axml_str(cx->arena, it, "volumeId");
		v->state = axml_str(cx->arena, it, "status");
		v->az = axml_str(cx->arena, it, "availabilityZone");
		v->create_time = axml_time(it, "createTime");
		v->size_gib = axml_long(it, "size", 0);
		v->encrypted = axml_bool(it, "encrypted", 0);
		v->name = tag_name(cx->arena, it);
		v->tags = inv_xml_tags(cx->arena, it, "tagSet", "key", "value",
				       &v->ntags);
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
	struct aws_request req = ec2_list("DescribeVolumes");

	return inv_xml_pages(cx, &req, "nextToken", volumes_page, &req);
}

/*
 * DescribeSnapshots (Owner=self: public snapshots would be millions) for
 * SNAPSHOTS; with RestorableBy=all, this account's public snapshots for
 * PUBLIC_SNAPSHOTS.
 */

/* A page's snapshotSet, onto SNAPSHOTS or, if 'public', PUBLIC_SNAPSHOTS. */
static int snapshot_items(struct collect_ctx *cx, struct axml_node *res,
			  void *req, int public)
{
	for (struct axml_node *it = axml_items(axml_child(res, "snapshotSet"));
	     it; it = axml_next(it)) {
		struct inv_snapshot *s =
			public ? INV_PUSH(cx->arena,
					  cx->region->public_snapshots)
			       : INV_PUSH(cx->arena, cx->region->snapshots);

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

static int snapshots_page(struct collect_ctx *cx, struct axml_node *res,
			  void *arg)
{
	return snapshot_items(cx, res, arg, 0);
}

static int public_snapshots_page(struct collect_ctx *cx, struct axml_node *res,
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
	struct aws_request req = ec2_list("DescribeSnapshots");
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
	struct aws_request req = ec2_list("DescribeSnapshots");

	req.resource = "all";
	aws_request_param(&req, "Owner.1", "self");
	aws_request_param(&req, "RestorableBy.1", "all");
	return inv_xml_pages(cx, &req, "nextToken", public_snapshots_page,
			     &req);
}

/* `irready inventory`: what VPC holds */
static void vpc_json(cJSON *o, const struct inv_account *acct,
		     const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "vpcs");
	for (size_t i = 0; i < r->vpcs.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", r->vpcs.v[i].id);
		inv_json_str(x, "name", r->vpcs.v[i].name);
		cJSON_AddBoolToObject(x, "is_default", r->vpcs.v[i].is_default);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_vpc = {
	.name = "VPC",
	.scope = INV_REGION,
	.description = "VPCs",
	.actions = "ec2:DescribeVpcs",
	.collect = inv_collect_vpc,
	.dump = vpc_json,
};

/* `irready inventory`: what FLOW_LOGS holds */
static void flow_logs_json(cJSON *o, const struct inv_account *acct,
			   const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "flow_logs");
	for (size_t i = 0; i < r->flow_logs.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", r->flow_logs.v[i].id);
		inv_json_str(x, "resource_id", r->flow_logs.v[i].resource_id);
		inv_json_str(x, "traffic_type", r->flow_logs.v[i].traffic_type);
		inv_json_str(x, "status", r->flow_logs.v[i].status);
		inv_json_str(x, "deliver_status",
			     r->flow_logs.v[i].deliver_status);
		inv_json_str(x, "deliver_error",
			     r->flow_logs.v[i].deliver_error);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_flow_logs = {
	.name = "FLOW_LOGS",
	.scope = INV_REGION,
	.description = "VPC flow logs",
	.actions = "ec2:DescribeFlowLogs",
	.collect = inv_collect_flow_logs,
	.dump = flow_logs_json,
};

/* `irready inventory`: what VOLUMES holds */
static void volumes_json(cJSON *o, const struct inv_account *acct,
			 const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "volumes");
	for (size_t i = 0; i < r->volumes.n; i++) {
		cJSON *x = cJSON_CreateObject();

		const struct inv_volume *v = &r->volumes.v[i];

		inv_json_str(x, "id", v->id);
		inv_json_str(x, "state", v->state);
		inv_json_str(x, "instance_id", v->instance_id);
		inv_json_str(x, "name", v->name);
		inv_json_str(x, "az", v->az);
		inv_json_time(x, "create_time", v->create_time);
		cJSON_AddNumberToObject(x, "size_gib", (double)v->size_gib);
		cJSON_AddBoolToObject(x, "encrypted", v->encrypted);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_volumes = {
	.name = "VOLUMES",
	.scope = INV_REGION,
	.description = "EBS volumes",
	.actions = "ec2:DescribeVolumes",
	.collect = inv_collect_volumes,
	.dump = volumes_json,
};

/* `irready inventory`: what SNAPSHOTS holds */
static void snapshots_json(cJSON *o, const struct inv_account *acct,
			   const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "snapshots");
	for (size_t i = 0; i < r->snapshots.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", r->snapshots.v[i].id);
		inv_json_str(x, "volume_id", r->snapshots.v[i].volume_id);
		inv_json_str(x, "state", r->snapshots.v[i].state);
		inv_json_time(x, "start_time", r->snapshots.v[i].start_time);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_snapshots = {
	.name = "SNAPSHOTS",
	.scope = INV_REGION,
	.description = "EBS snapshots",
	.actions = "ec2:DescribeSnapshots",
	.collect = inv_collect_snapshots,
	.dump = snapshots_json,
};

/* `irready inventory`: what PUBLIC_SNAPSHOTS holds */
static void public_snapshots_json(cJSON *o, const struct inv_account *acct,
				  const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "public_snapshots");
	for (size_t i = 0; i < r->public_snapshots.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", r->public_snapshots.v[i].id);
		inv_json_str(x, "volume_id",
			     r->public_snapshots.v[i].volume_id);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_public_snapshots = {
	.name = "PUBLIC_SNAPSHOTS",
	.scope = INV_REGION,
	.description = "Public EBS snapshots",
	.actions = "ec2:DescribeSnapshots",
	.collect = inv_collect_public_snapshots,
	.dump = public_snapshots_json,
};
