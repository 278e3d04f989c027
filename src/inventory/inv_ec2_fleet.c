/*
 * inv_ec2_fleet.c -- EC2 collectors for workloads and their network
 *
 * Instances (and the AMIs they run), self-owned AMIs, network interfaces,
 * security groups, network ACLs and EBS encryption by default. All are
 * ec2-protocol calls: <xxxSet><item> lists and <nextToken> paging
 * (../shared/aws-wire-formats.md 2.1). inv_ec2.c has the older EC2
 * datasets (VPCs, flow logs, volumes, snapshots, public snapshots).
 *
 * Nested lists (tags, rules, group ids) are copied into the dataset's
 * arena, so only the top-level INV_VEC arrays need freeing.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static size_t count_items(const struct axml_node *wrapper)
{
	size_t n = 0;

	for (struct axml_node *it = axml_items(wrapper); it; it = axml_next(it))
		n++;
	return n;
}

/* The tagSet of an item, in the arena; NULL with *n = 0 when none. */
static struct inv_tag *tags_of(struct arena *a, const struct axml_node *item,
			       size_t *n)
{
	return inv_xml_tags(a, item, "tagSet", "key", "value", n);
}

static const char *tag_value(const struct inv_tag *tags, size_t n,
			     const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tags[i].key, key))
			return tags[i].value;
	return NULL;
}

/*
 * The text at 'path' in each entry of the list 'wrapper' (entries without
 * it are skipped), in the arena.
 */
static const char **strings_of(struct arena *a, const struct axml_node *wrapper,
			       const char *path, size_t *n)
{
	size_t cap = count_items(wrapper), k = 0;
	const char **v;

	*n = 0;
	if (!cap)
		return NULL;
	v = arena_alloc(a, cap * sizeof(*v));
	for (struct axml_node *it = axml_items(wrapper); it;
	     it = axml_next(it)) {
		char *s = axml_str(a, it, path);

		if (s && *s)
			v[k++] = s;
	}
	*n = k;
	return v;
}

/* DescribeInstances: reservationSet/item/instancesSet/item */

static int instances_page(struct collect_ctx *cx, struct axml_node *res,
			  void *arg)
{
	for (struct axml_node *rv =
		     axml_items(axml_child(res, "reservationSet"));
	     rv; rv = axml_next(rv)) {
		for (struct axml_node *it =
			     axml_items(axml_child(rv, "instancesSet"));
		     it; it = axml_next(it)) {
			struct inv_instance *in =
				INV_PUSH(cx->arena, cx->region->instances);

			in->id = axml_str(cx->arena, it, "instanceId");
			in->state =
				axml_str(cx->arena, it, "instanceState/name");
			in->image_id = axml_str(cx->arena, it, "imageId");
			in->vpc_id = axml_str(cx->arena, it, "vpcId");
			in->subnet_id = axml_str(cx->arena, it, "subnetId");
			in->platform = axml_str(cx->arena, it, "platform");
			in->instance_type =
				axml_str(cx->arena, it, "instanceType");
			in->launch_time = axml_time(it, "launchTime");
			in->sg_ids = strings_of(cx->arena,
						axml_child(it, "groupSet"),
						"groupId", &in->nsg);
			in->volume_ids = strings_of(
				cx->arena, axml_child(it, "blockDeviceMapping"),
				"ebs/volumeId", &in->nvolumes);
			in->tags = tags_of(cx->arena, it, &in->ntags);
			in->name = tag_value(in->tags, in->ntags, "Name");
			if (!in->id || !in->state)
				return inv_malformed(cx, arg,
						     "an instance without "
						     "instanceId or state");
		}
	}
	return 0;
}

/* DescribeImages for the AMIs the running instances use */

/* Up to this many ImageId.N per call (AWS_MAX_PARAMS with IncludeDeprecated).
 */
#define AMI_CHUNK 15

static const char *const image_id_param[AMI_CHUNK] = {
	"ImageId.1",  "ImageId.2",  "ImageId.3",  "ImageId.4",  "ImageId.5",
	"ImageId.6",  "ImageId.7",  "ImageId.8",  "ImageId.9",  "ImageId.10",
	"ImageId.11", "ImageId.12", "ImageId.13", "ImageId.14", "ImageId.15",
};

static int amis_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	struct inv_region *r = cx->region;

	for (struct axml_node *it = axml_items(axml_child(res, "imagesSet"));
	     it; it = axml_next(it)) {
		char id[64];
		const char *name, *owner, *state;

		axml_copy(it, "imageId", id, sizeof(id));
		if (!id[0])
			return inv_malformed(cx, arg,
					     "an image without imageId");
		name = axml_str(cx->arena, it, "name");
		owner = axml_str(cx->arena, it, "imageOwnerId");
		state = axml_str(cx->arena, it, "imageState");
		for (size_t i = 0; i < r->instances.n; i++) {
			struct inv_instance *in = &r->instances.v[i];

			if (!in->image_id || strcmp(in->image_id, id))
				continue;
			in->ami_found = 1;
			in->ami_name = name;
			in->ami_owner = owner;
			in->ami_state = state;
		}
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Look up the AMIs of running instances, ImageId.N in sorted chunks (the
 * chunk's first id names the replay file). IncludeDeprecated, because
 * Amazon deprecates public AMIs after two years and DescribeImages hides
 * them otherwise. An AMI that was deregistered comes back as an empty
 * imagesSet while instances still reference it. A failure is kept in
 * region->instance_amis_err and does not fail the instances dataset.
 */
static void collect_instance_amis(struct collect_ctx *cx)
{
	struct inv_region *r = cx->region;
	const char **ids = xcalloc(r->instances.n + 1, sizeof(*ids));
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < r->instances.n; i++) {
		const struct inv_instance *in = &r->instances.v[i];
		int dup = 0;

		if (!in->image_id || strcasecmp(in->state, "running"))
			continue;
		for (size_t k = 0; k < n; k++)
			dup |= !strcmp(ids[k], in->image_id);
		if (!dup)
			ids[n++] = in->image_id;
	}
	if (n > 1)
		qsort(ids, n, sizeof(*ids), cmp_str);
	for (size_t at = 0; !rc && at < n; at += AMI_CHUNK) {
		struct aws_request req = ec2_request("DescribeImages");

		req.resource = ids[at];
		aws_request_param(&req, "IncludeDeprecated", "true");
		for (size_t k = 0; k < AMI_CHUNK && at + k < n; k++)
			aws_request_param(&req, image_id_param[k], ids[at + k]);
		rc = inv_xml_pages(cx, &req, "nextToken", amis_page, &req);
	}
	if (rc) {
		r->instance_amis_failed = 1;
		r->instance_amis_err = *cx->err;
		if (!r->instance_amis_err.rc)
			r->instance_amis_err.rc = rc;
		aws_error_clear(cx->err);
	} else {
		for (size_t i = 0; i < r->instances.n; i++)
			r->instances.v[i].ami_checked =
				r->instances.v[i].image_id &&
				!strcasecmp(r->instances.v[i].state, "running");
	}
	free(ids);
}

int inv_collect_instances(struct collect_ctx *cx)
{
	struct aws_request req = ec2_list("DescribeInstances");
	int rc = inv_xml_pages(cx, &req, "nextToken", instances_page, &req);

	if (!rc)
		collect_instance_amis(cx);
	return rc;
}

/* DescribeImages Owner=self */

static int images_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	for (struct axml_node *it = axml_items(axml_child(res, "imagesSet"));
	     it; it = axml_next(it)) {
		struct inv_image *im = INV_PUSH(cx->arena, cx->region->images);

		im->id = axml_str(cx->arena, it, "imageId");
		im->name = axml_str(cx->arena, it, "name");
		im->state = axml_str(cx->arena, it, "imageState");
		im->created = axml_time(it, "creationDate");
		im->snapshot_ids = strings_of(
			cx->arena, axml_child(it, "blockDeviceMapping"),
			"ebs/snapshotId", &im->nsnapshots);
		im->tags = tags_of(cx->arena, it, &im->ntags);
		if (!im->id)
			return inv_malformed(cx, arg,
					     "an image without imageId");
	}
	return 0;
}

int inv_collect_images(struct collect_ctx *cx)
{
	struct aws_request req = ec2_list("DescribeImages");

	aws_request_param(&req, "Owner.1", "self");
	return inv_xml_pages(cx, &req, "nextToken", images_page, &req);
}

/* DescribeNetworkInterfaces */

static int enis_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	for (struct axml_node *it =
		     axml_items(axml_child(res, "networkInterfaceSet"));
	     it; it = axml_next(it)) {
		struct inv_eni *e = INV_PUSH(cx->arena, cx->region->enis);

		e->id = axml_str(cx->arena, it, "networkInterfaceId");
		e->vpc_id = axml_str(cx->arena, it, "vpcId");
		e->status = axml_str(cx->arena, it, "status");
		e->type = axml_str(cx->arena, it, "interfaceType");
		e->description = axml_str(cx->arena, it, "description");
		e->instance_id =
			axml_str(cx->arena, it, "attachment/instanceId");
		e->requester_managed = axml_bool(it, "requesterManaged", 0);
		if (!e->id)
			return inv_malformed(cx, arg,
					     "a network interface "
					     "without an id");
	}
	return 0;
}

int inv_collect_enis(struct collect_ctx *cx)
{
	struct aws_request req = ec2_list("DescribeNetworkInterfaces");

	return inv_xml_pages(cx, &req, "nextToken", enis_page, &req);
}

/* DescribeSecurityGroups */

static struct inv_sg_rule *rules_of(struct arena *a,
				    const struct axml_node *wrapper, size_t *n)
{
	struct inv_sg_rule *v;
	size_t k = 0;

	*n = count_items(wrapper);
	if (!*n)
		return NULL;
	v = arena_alloc(a, *n * sizeof(*v));
	for (struct axml_node *it = axml_items(wrapper); it;
	     it = axml_next(it), k++) {
		struct inv_sg_rule *p = &v[k];
		const struct axml_node *r4 = axml_child(it, "ipRanges");
		const struct axml_node *r6 = axml_child(it, "ipv6Ranges");

		p->protocol = axml_str(a, it, "ipProtocol");
		p->has_ports = axml_child(it, "fromPort") != NULL;
		p->from_port = axml_long(it, "fromPort", -1);
		p->to_port = axml_long(it, "toPort", -1);
		for (struct axml_node *c = axml_items(r4); c;
		     c = axml_next(c)) {
			char cidr[64];

			axml_copy(c, "cidrIp", cidr, sizeof(cidr));
			p->world4 |= !strcmp(cidr, "0.0.0.0/0");
		}
		for (struct axml_node *c = axml_items(r6); c;
		     c = axml_next(c)) {
			char cidr[64];

			axml_copy(c, "cidrIpv6", cidr, sizeof(cidr));
			p->world6 |= !strcmp(cidr, "::/0");
		}
		p->nsources = count_items(r4) + count_items(r6) +
			      count_items(axml_child(it, "groups")) +
			      count_items(axml_child(it, "prefixListIds"));
		if (!p->protocol)
			p->protocol = "";
	}
	return v;
}

static int sgs_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	for (struct axml_node *it =
		     axml_items(axml_child(res, "securityGroupInfo"));
	     it; it = axml_next(it)) {
		struct inv_sg *g = INV_PUSH(cx->arena, cx->region->sgs);

		g->id = axml_str(cx->arena, it, "groupId");
		g->name = axml_str(cx->arena, it, "groupName");
		g->description = axml_str(cx->arena, it, "groupDescription");
		g->vpc_id = axml_str(cx->arena, it, "vpcId");
		g->owner = axml_str(cx->arena, it, "ownerId");
		g->ingress =
			rules_of(cx->arena, axml_child(it, "ipPermissions"),
				 &g->ningress);
		g->egress = rules_of(cx->arena,
				     axml_child(it, "ipPermissionsEgress"),
				     &g->negress);
		g->tags = tags_of(cx->arena, it, &g->ntags);
		if (!g->id)
			return inv_malformed(cx, arg,
					     "a security group "
					     "without groupId");
	}
	return 0;
}

int inv_collect_security_groups(struct collect_ctx *cx)
{
	struct aws_request req = ec2_list("DescribeSecurityGroups");

	return inv_xml_pages(cx, &req, "nextToken", sgs_page, &req);
}

/* DescribeNetworkAcls */

static int nacls_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	for (struct axml_node *it =
		     axml_items(axml_child(res, "networkAclSet"));
	     it; it = axml_next(it)) {
		struct inv_nacl *acl = INV_PUSH(cx->arena, cx->region->nacls);
		const struct axml_node *set = axml_child(it, "entrySet");
		size_t k = 0;

		acl->id = axml_str(cx->arena, it, "networkAclId");
		acl->vpc_id = axml_str(cx->arena, it, "vpcId");
		acl->is_default = axml_bool(it, "default", 0);
		acl->nassociations =
			count_items(axml_child(it, "associationSet"));
		acl->tags = tags_of(cx->arena, it, &acl->ntags);
		acl->name = tag_value(acl->tags, acl->ntags, "Name");
		acl->nentries = count_items(set);
		if (acl->nentries)
			acl->entries = arena_alloc(
				cx->arena,
				acl->nentries * sizeof(*acl->entries));
		for (struct axml_node *e = axml_items(set); e;
		     e = axml_next(e), k++) {
			struct inv_nacl_entry *en = &acl->entries[k];
			char action[16];

			en->rule_number = axml_long(e, "ruleNumber", -1);
			en->protocol = axml_str(cx->arena, e, "protocol");
			en->egress = axml_bool(e, "egress", 0);
			axml_copy(e, "ruleAction", action, sizeof(action));
			en->allow = !strcasecmp(action, "allow");
			en->cidr = axml_str(cx->arena, e, "cidrBlock");
			en->ipv6_cidr = axml_str(cx->arena, e, "ipv6CidrBlock");
			en->has_ports = axml_child(e, "portRange") != NULL;
			en->from_port = axml_long(e, "portRange/from", -1);
			en->to_port = axml_long(e, "portRange/to", -1);
			if (!en->protocol || en->rule_number < 0)
				return inv_malformed(cx, arg,
						     "a network ACL entry "
						     "without ruleNumber or "
						     "protocol");
		}
		if (!acl->id)
			return inv_malformed(cx, arg,
					     "a network ACL without "
					     "networkAclId");
	}
	return 0;
}

int inv_collect_nacls(struct collect_ctx *cx)
{
	struct aws_request req = ec2_list("DescribeNetworkAcls");

	return inv_xml_pages(cx, &req, "nextToken", nacls_page, &req);
}

/* GetEbsEncryptionByDefault */

static int ebs_default_page(struct collect_ctx *cx, struct axml_node *res,
			    void *arg)
{
	if (!axml_child(res, "ebsEncryptionByDefault"))
		return inv_malformed(cx, arg, "no ebsEncryptionByDefault");
	cx->region->ebs_encryption_default =
		axml_bool(res, "ebsEncryptionByDefault", 0);
	return 0;
}

int inv_collect_ebs_encryption(struct collect_ctx *cx)
{
	struct aws_request req = ec2_request("GetEbsEncryptionByDefault");

	req.token_param = NULL;
	return inv_xml_call(cx, &req, ebs_default_page, &req);
}

/*
 * WORKLOAD_VPCS: computed, no call. The VPCs of every region that hold a
 * workload -- a running instance, or a network interface other than the
 * plumbing kinds (NAT gateway, VPC endpoint, Gateway Load Balancer
 * endpoint, transit gateway attachment). A region whose VPCs, instances
 * or interfaces could not be listed is noted (workload_vpcs_failed), and
 * the dataset stays collected: two workload VPCs elsewhere still decide.
 */

static int plumbing(const char *type)
{
	static const char *const kinds[] = {
		"natGateway",      "nat_gateway",
		"vpc_endpoint",    "gateway_load_balancer_endpoint",
		"transit_gateway",
	};

	for (size_t i = 0; type && i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(type, kinds[i]))
			return 1;
	return 0;
}

static int vpc_busy(const struct inv_region *r, const char *vpc_id)
{
	for (size_t i = 0; i < r->instances.n; i++) {
		const struct inv_instance *in = &r->instances.v[i];

		if (in->vpc_id && !strcmp(in->vpc_id, vpc_id) &&
		    !strcasecmp(in->state, "running"))
			return 1;
	}
	for (size_t i = 0; i < r->enis.n; i++) {
		const struct inv_eni *e = &r->enis.v[i];

		if (e->vpc_id && !strcmp(e->vpc_id, vpc_id) &&
		    !plumbing(e->type))
			return 1;
	}
	return 0;
}

int inv_collect_workload_vpcs(struct collect_ctx *cx)
{
	static const enum inv_dataset inputs[] = { DS_VPC, DS_INSTANCES,
						   DS_ENIS };
	struct inv_account *a = cx->acct;

	for (size_t k = 0; k < a->nregions; k++) {
		const struct inv_region *r = &a->regions[k];
		const struct inv_status *bad = NULL;

		for (size_t d = 0; d < ARRAY_SIZE(inputs) && !bad; d++)
			if (r->status[inputs[d]].state != INV_OK)
				bad = &r->status[inputs[d]];
		if (bad) {
			if (!a->workload_vpcs_failed) {
				a->workload_vpcs_failed = 1;
				a->workload_vpcs_err = bad->err;
				snprintf(a->workload_vpcs_err.region,
					 sizeof(a->workload_vpcs_err.region),
					 "%s", r->name);
			}
			continue;
		}
		for (size_t i = 0; i < r->vpcs.n; i++) {
			const struct inv_vpc *v = &r->vpcs.v[i];
			struct inv_workload_vpc *w;

			if (!vpc_busy(r, v->id))
				continue;
			w = INV_PUSH(cx->arena, a->workload_vpcs);
			w->region = r->name;
			w->id = v->id;
			w->name = v->name;
			w->is_default = v->is_default;
		}
	}
	return 0;
}

/* `irready inventory`: what INSTANCES holds */
static void instances_json(cJSON *o, const struct inv_account *acct,
			   const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "instances");
	for (size_t i = 0; i < r->instances.n; i++) {
		const struct inv_instance *in = &r->instances.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", in->id);
		inv_json_str(x, "state", in->state);
		inv_json_str(x, "vpc_id", in->vpc_id);
		inv_json_str(x, "image_id", in->image_id);
		inv_json_strs(x, "security_groups", in->sg_ids, in->nsg);
		inv_json_strs(x, "volumes", in->volume_ids, in->nvolumes);
		if (in->ami_checked)
			cJSON_AddBoolToObject(x, "ami_found", in->ami_found);
		else
			cJSON_AddNullToObject(x, "ami_found");
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_instances = {
	.name = "INSTANCES",
	.scope = INV_REGION,
	.description = "EC2 instances and the AMIs they run",
	.actions = "ec2:DescribeInstances ec2:DescribeImages",
	.collect = inv_collect_instances,
	.dump = instances_json,
};

/* `irready inventory`: what IMAGES holds */
static void images_json(cJSON *o, const struct inv_account *acct,
			const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "images");
	for (size_t i = 0; i < r->images.n; i++) {
		const struct inv_image *im = &r->images.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", im->id);
		inv_json_str(x, "state", im->state);
		inv_json_time(x, "created", im->created);
		inv_json_strs(x, "snapshots", im->snapshot_ids, im->nsnapshots);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_images = {
	.name = "IMAGES",
	.scope = INV_REGION,
	.description = "Self-owned AMIs",
	.actions = "ec2:DescribeImages",
	.collect = inv_collect_images,
	.dump = images_json,
};

/* `irready inventory`: what ENIS holds */
static void enis_json(cJSON *o, const struct inv_account *acct,
		      const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "network_interfaces");
	for (size_t i = 0; i < r->enis.n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", r->enis.v[i].id);
		inv_json_str(x, "vpc_id", r->enis.v[i].vpc_id);
		inv_json_str(x, "type", r->enis.v[i].type);
		inv_json_str(x, "instance_id", r->enis.v[i].instance_id);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_enis = {
	.name = "ENIS",
	.scope = INV_REGION,
	.description = "Network interfaces",
	.actions = "ec2:DescribeNetworkInterfaces",
	.collect = inv_collect_enis,
	.dump = enis_json,
};

static void sg_rules_json(cJSON *o, const char *k, const struct inv_sg_rule *v,
			  size_t n)
{
	cJSON *a = cJSON_AddArrayToObject(o, k);

	for (size_t i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "protocol", v[i].protocol);
		if (v[i].has_ports) {
			cJSON_AddNumberToObject(x, "from_port", v[i].from_port);
			cJSON_AddNumberToObject(x, "to_port", v[i].to_port);
		}
		cJSON_AddBoolToObject(x, "world4", v[i].world4);
		cJSON_AddBoolToObject(x, "world6", v[i].world6);
		cJSON_AddItemToArray(a, x);
	}
}

/* `irready inventory`: what SECURITY_GROUPS holds */
static void security_groups_json(cJSON *o, const struct inv_account *acct,
				 const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "security_groups");
	for (size_t i = 0; i < r->sgs.n; i++) {
		const struct inv_sg *g = &r->sgs.v[i];
		cJSON *x = cJSON_CreateObject();

		inv_json_str(x, "id", g->id);
		inv_json_str(x, "name", g->name);
		inv_json_str(x, "vpc_id", g->vpc_id);
		sg_rules_json(x, "ingress", g->ingress, g->ningress);
		sg_rules_json(x, "egress", g->egress, g->negress);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_security_groups = {
	.name = "SECURITY_GROUPS",
	.scope = INV_REGION,
	.description = "Security groups",
	.actions = "ec2:DescribeSecurityGroups",
	.collect = inv_collect_security_groups,
	.dump = security_groups_json,
};

/* `irready inventory`: what NACLS holds */
static void nacls_json(cJSON *o, const struct inv_account *acct,
		       const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "network_acls");
	for (size_t i = 0; i < r->nacls.n; i++) {
		const struct inv_nacl *acl = &r->nacls.v[i];
		cJSON *x = cJSON_CreateObject(), *e;

		inv_json_str(x, "id", acl->id);
		inv_json_str(x, "vpc_id", acl->vpc_id);
		cJSON_AddBoolToObject(x, "is_default", acl->is_default);
		e = cJSON_AddArrayToObject(x, "entries");
		for (size_t k = 0; k < acl->nentries; k++) {
			const struct inv_nacl_entry *en = &acl->entries[k];
			cJSON *y = cJSON_CreateObject();

			cJSON_AddNumberToObject(y, "rule_number",
						en->rule_number);
			inv_json_str(y, "protocol", en->protocol);
			cJSON_AddBoolToObject(y, "egress", en->egress);
			cJSON_AddBoolToObject(y, "allow", en->allow);
			inv_json_str(y, "cidr", en->cidr);
			inv_json_str(y, "ipv6_cidr", en->ipv6_cidr);
			if (en->has_ports) {
				cJSON_AddNumberToObject(y, "from_port",
							en->from_port);
				cJSON_AddNumberToObject(y, "to_port",
							en->to_port);
			}
			cJSON_AddItemToArray(e, y);
		}
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_nacls = {
	.name = "NACLS",
	.scope = INV_REGION,
	.description = "Network ACLs",
	.actions = "ec2:DescribeNetworkAcls",
	.collect = inv_collect_nacls,
	.dump = nacls_json,
};

/* `irready inventory`: what EBS_ENCRYPTION holds */
static void ebs_encryption_json(cJSON *o, const struct inv_account *acct,
				const struct inv_region *r)
{
	if (r->status[DS_EBS_ENCRYPTION].state == INV_OK)
		cJSON_AddBoolToObject(o, "ebs_encryption_default",
				      r->ebs_encryption_default);
	else
		cJSON_AddNullToObject(o, "ebs_encryption_default");
}

const struct dataset ds_ebs_encryption = {
	.name = "EBS_ENCRYPTION",
	.scope = INV_REGION,
	.description = "EBS encryption by default",
	.actions = "ec2:GetEbsEncryptionByDefault",
	.collect = inv_collect_ebs_encryption,
	.dump = ebs_encryption_json,
};

/* `irready inventory`: what WORKLOAD_VPCS holds */
static void workload_vpcs_json(cJSON *o, const struct inv_account *acct,
			       const struct inv_region *r)
{
	cJSON *a;

	if (acct->status[DS_WORKLOAD_VPCS].state != INV_NOT_REQUESTED) {
		a = cJSON_AddArrayToObject(o, "workload_vpcs");
		for (size_t i = 0; i < acct->workload_vpcs.n; i++) {
			const struct inv_workload_vpc *w =
				&acct->workload_vpcs.v[i];
			cJSON *x = cJSON_CreateObject();

			inv_json_str(x, "region", w->region);
			inv_json_str(x, "id", w->id);
			cJSON_AddBoolToObject(x, "is_default", w->is_default);
			cJSON_AddItemToArray(a, x);
		}
	}
}

/* computed from VPC, INSTANCES and ENIS (no call of its own) */
const struct dataset ds_workload_vpcs = {
	.name = "WORKLOAD_VPCS",
	.scope = INV_ACCOUNT,
	.description = "VPCs that hold workloads",
	.actions = "ec2:DescribeVpcs ec2:DescribeInstances "
		   "ec2:DescribeNetworkInterfaces",
	.inputs = INV_NEED(DS_VPC) | INV_NEED(DS_INSTANCES) | INV_NEED(DS_ENIS),
	.collect = inv_collect_workload_vpcs,
	.dump = workload_vpcs_json,
};
