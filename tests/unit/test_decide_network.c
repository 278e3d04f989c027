/*
 * test_decide_network.c -- decision tables for the network checks:
 * vpc_flow_logs_enabled, vpc_default_unused, vpc_sg_admin_ports,
 * vpc_nacl_admin_ports, vpc_workload_separation, waf_logging and
 * waf_public_endpoints (see decide.h)
 *
 * Enum values are AWS's, as DescribeFlowLogs, DescribeInstances,
 * DescribeSecurityGroups, DescribeNetworkAcls and the WAFv2/ELBv2 APIs
 * spell them on the wire.
 */
#include "decide.h"

/* vpc_flow_logs_enabled */

static struct inv_vpc *vpc(struct world *w, int r, const char *id, int dflt)
{
	struct inv_vpc *v =
		INV_PUSH(&w->regions[r].arena[DS_VPC], w->regions[r].vpcs);

	v->id = id;
	v->owner = w->acct.id;
	v->state = "available";
	v->is_default = dflt;
	return v;
}

static struct inv_flow_log *flow_log(struct world *w, int r, const char *id,
				     const char *vpc_id, const char *traffic,
				     const char *deliver)
{
	struct inv_flow_log *f = INV_PUSH(&w->regions[r].arena[DS_FLOW_LOGS],
					  w->regions[r].flow_logs);

	f->id = id;
	f->resource_id = vpc_id;
	f->traffic_type = traffic;
	f->status = "ACTIVE";
	f->deliver_status = deliver;
	f->destination_type = "cloud-watch-logs";
	f->destination = "arn:aws:logs:eu-west-1:123456789012:log-group:vpc";
	return f;
}

static void flow_logs_basic(struct world *w)
{
	/* no VPC: nothing to log */
	decide(w, DECIDES("vpc_flow_logs_enabled"));
	expect(w, CHECK_NA, "", "no VPCs in eu-west-1");

	vpc(w, 0, "vpc-a", 0)->name = "prod";
	flow_log(w, 0, "fl-1", "vpc-a", "ALL", "SUCCESS");
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "vpc/vpc-a",
	       "vpc-a (prod) in eu-west-1 has flow log fl-1 capturing ALL "
	       "traffic to cloud-watch-logs");

	w->regions[0].flow_logs.v[0].traffic_type = "REJECT";
	w->regions[0].flow_logs.v[0].destination_type = "s3";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "vpc/vpc-a", "capturing REJECT traffic to s3");

	w->regions[0].flow_logs.v[0].traffic_type = "ACCEPT";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_FAIL, "vpc/vpc-a",
	       "capturing only ACCEPT traffic: rejected connections");

	/* a flow log of another VPC does not count */
	vpc(w, 0, "vpc-b", 1);
	w->regions[0].flow_logs.v[0].traffic_type = "ALL";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "vpc/vpc-a", "capturing ALL traffic");
	expect(w, CHECK_FAIL, "vpc/vpc-b",
	       "vpc-b [default] in eu-west-1 has no active flow log");
	ok(w->out.n == 2, "one finding per VPC (%zu)", w->out.n);

	/* TrafficType in another casing is the same value */
	w->regions[0].flow_logs.v[0].traffic_type = "Reject";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "vpc/vpc-a", "capturing Reject traffic");
}

static void flow_logs_delivery(struct world *w)
{
	struct inv_flow_log *f;

	vpc(w, 0, "vpc-a", 0);
	f = flow_log(w, 0, "fl-1", "vpc-a", "ALL", "FAILED");
	f->deliver_error = "Access error";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_FAIL, "",
	       "has flow log fl-1 capturing ALL traffic, but its delivery to "
	       "cloud-watch-logs failed (Access error): nothing is being "
	       "recorded");

	f->deliver_error = NULL;
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_FAIL, "", "failed (no error message)");

	/* older answers without deliverLogsStatus: delivering */
	f->deliver_status = NULL;
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "", "capturing ALL traffic");

	/* a delivering capturing log beside the failed one passes */
	f->deliver_status = "FAILED";
	flow_log(w, 0, "fl-2", "vpc-a", "REJECT", "SUCCESS");
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "", "flow log fl-2 capturing REJECT");

	/* FlowLogStatus, DeliverLogsStatus in another casing (free strings
	 * in the model, upper case in the EC2 docs and the AWS CLI) */
	w->regions[0].flow_logs.n = 1;
	f->deliver_status = "Failed";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_FAIL, "", "failed (no error message)");
	f->deliver_status = "Success";
	f->status = "Active";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "", "capturing ALL traffic");
}

static void flow_logs_delivery_mixed(struct world *w)
{
	vpc(w, 0, "vpc-a", 0);
	/* the failed ALL log is the one to name, not the ACCEPT-only one */
	flow_log(w, 0, "fl-accept", "vpc-a", "ACCEPT", "SUCCESS");
	flow_log(w, 0, "fl-all", "vpc-a", "ALL", "FAILED")->deliver_error =
		"Rate limited";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_FAIL, "",
	       "flow log fl-all capturing ALL traffic, but its delivery");
	expect(w, CHECK_FAIL, "", "(Rate limited)");

	/* both ACCEPT-only, one failing: the capture gap is the finding */
	w->regions[0].flow_logs.v[1].traffic_type = "ACCEPT";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_FAIL, "", "flow log fl-accept capturing only ACCEPT");

	/* only a failed ACCEPT log: delivery failed */
	w->regions[0].flow_logs.n = 0;
	flow_log(w, 0, "fl-x", "vpc-a", "ACCEPT", "FAILED")->deliver_error =
		"Unknown error";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_FAIL, "",
	       "fl-x capturing ACCEPT traffic, but its delivery to "
	       "cloud-watch-logs failed (Unknown error)");
}

static void flow_logs_status_filter(struct world *w)
{
	struct inv_flow_log *f;

	/*
	 * FlowLogStatus is documented as ACTIVE only; anything else (a log
	 * being deleted) must not count. Dropping the filter turns this FAIL
	 * into a PASS.
	 */
	vpc(w, 0, "vpc-a", 0);
	f = flow_log(w, 0, "fl-1", "vpc-a", "ALL", "SUCCESS");
	f->status = "INACTIVE";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_FAIL, "", "has no active flow log");

	f->status = NULL; /* not reported: taken as active */
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "", "flow log fl-1");

	/* a failed-delivery log that is not ACTIVE is ignored too */
	f->status = "INACTIVE";
	f->deliver_status = "FAILED";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_FAIL, "", "has no active flow log");
}

static void flow_logs_regions(struct world *w)
{
	world_regions(w, 2);
	vpc(w, 0, "vpc-a", 0);
	flow_log(w, 0, "fl-1", "vpc-a", "ALL", "SUCCESS");
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "vpc-a", "in eu-west-1");
	expect(w, CHECK_NA, "us-east-1", "no VPCs in us-east-1");

	/* a VPC shared in through RAM: the owner's flow logs, not ours */
	world_release(w);
	world_init(w);
	vpc(w, 0, "vpc-s", 0)->owner = "999988887777";
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_NA, "999988887777:vpc/vpc-s",
	       "vpc-s in eu-west-1 is shared with account 123456789012 by its "
	       "owner, account 999988887777 (AWS RAM): only the owner can "
	       "create or see its flow logs, so it is judged in account "
	       "999988887777");
	/* --org, the owner could not be assessed: still its, and said so */
	w_org_unassessed(w, "999988887777");
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_NA, "999988887777:vpc/vpc-s",
	       "so it is judged in account 999988887777 (which this --org run "
	       "could not assess: see its ERROR findings");
	/* one the participant can see (its owner's, visible) still passes */
	flow_log(w, 0, "fl-1", "vpc-s", "ALL", "SUCCESS");
	decide(w, "vpc_flow_logs_enabled");
	expect(w, CHECK_PASS, "vpc/vpc-s", "has flow log fl-1");

	world_regions(w, 1);
	expect_errors_per_need(w, "vpc_flow_logs_enabled");
}

/* vpc_default_unused */

static struct inv_instance *instance(struct world *w, int r, const char *id,
				     const char *state, const char *vpc_id)
{
	struct inv_instance *in = INV_PUSH(&w->regions[r].arena[DS_INSTANCES],
					   w->regions[r].instances);

	in->id = id;
	in->state = state;
	in->vpc_id = vpc_id;
	return in;
}

static struct inv_eni *eni(struct world *w, int r, const char *id,
			   const char *vpc_id, const char *type,
			   const char *instance_id)
{
	struct inv_eni *e =
		INV_PUSH(&w->regions[r].arena[DS_ENIS], w->regions[r].enis);

	e->id = id;
	e->vpc_id = vpc_id;
	e->type = type;
	e->instance_id = instance_id;
	e->status = instance_id ? "in-use" : "available";
	return e;
}

static void default_vpc(struct world *w)
{
	vpc(w, 0, "vpc-work", 0);
	instance(w, 0, "i-work", "running", "vpc-work");
	decide(w, DECIDES("vpc_default_unused"));
	expect(w, CHECK_NA, "", "no default VPC in eu-west-1");

	vpc(w, 0, "vpc-dflt", 1);
	decide(w, "vpc_default_unused");
	expect(w, CHECK_PASS, "",
	       "default VPC vpc-dflt in eu-west-1 is unused: no running "
	       "instance and no network interface");

	/* states other than running are not running instances */
	instance(w, 0, "i-gone", "terminated", "vpc-dflt");
	instance(w, 0, "i-pend", "pending", "vpc-dflt");
	instance(w, 0, "i-stop", "stopped", "vpc-dflt");
	decide(w, "vpc_default_unused");
	expect(w, CHECK_PASS, "", "is unused");

	/* ...but the interface of a stopped instance is in use */
	eni(w, 0, "eni-stop", "vpc-dflt", "interface", "i-stop");
	decide(w, "vpc_default_unused");
	expect(w, CHECK_FAIL, "",
	       "is in use: 0 running instances and 1 other network "
	       "interface: eni-stop (interface of i-stop)");

	/* a running instance's own interface is not counted twice */
	w->regions[0].enis.n = 0;
	instance(w, 0, "i-run", "running", "vpc-dflt");
	eni(w, 0, "eni-run", "vpc-dflt", "interface", "i-run");
	decide(w, "vpc_default_unused");
	expect(w, CHECK_FAIL, "",
	       "1 running instance (i-run) and 0 other network interfaces");

	/* any interface, attached or not: Lambda, NAT gateway */
	eni(w, 0, "eni-l", "vpc-dflt", "lambda", NULL);
	eni(w, 0, "eni-n", "vpc-dflt", "nat_gateway", NULL);
	decide(w, "vpc_default_unused");
	expect(w, CHECK_FAIL, "",
	       "2 other network interfaces: eni-l (lambda), eni-n "
	       "(nat_gateway)");

	/* InstanceStateName in another casing is the same value */
	world_reset(w);
	vpc(w, 0, "vpc-dflt", 1);
	instance(w, 0, "i-run", "Running", "vpc-dflt");
	decide(w, "vpc_default_unused");
	expect(w, CHECK_FAIL, "", "1 running instance (i-run)");
}

static void default_vpc_many(struct world *w)
{
	static const char *const ids[] = { "i-1", "i-2", "i-3", "i-4", "i-5" };

	vpc(w, 0, "vpc-dflt", 1);
	for (size_t i = 0; i < 5; i++)
		instance(w, 0, ids[i], "running", "vpc-dflt");
	decide(w, "vpc_default_unused");
	expect(w, CHECK_FAIL, "",
	       "5 running instances (i-1, i-2, i-3 (+2 more))");

	w->regions[0].instances.n = 0;
	expect_errors_per_need(w, "vpc_default_unused");
}

/* vpc_sg_admin_ports */

static struct inv_sg_rule *sg_rule(struct world *w, const char *id,
				   const char *proto, long from, long to)
{
	struct inv_sg *g = INV_PUSH(&w->regions[0].arena[DS_SECURITY_GROUPS],
				    w->regions[0].sgs);
	struct inv_sg_rule *p = arena_alloc(&w->mem, sizeof(*p));

	g->id = id;
	g->name = "web";
	g->vpc_id = "vpc-a";
	g->ingress = p;
	g->ningress = 1;
	p->protocol = proto;
	p->has_ports = from != -2;
	p->from_port = from;
	p->to_port = to;
	p->world4 = 1;
	p->nsources = 1;
	return p;
}

static void sg_admin_ports(struct world *w)
{
	static const struct {
		const char *proto;
		long from, to; /* from -2: no port range */
		int world4, world6;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ "tcp", 22, 22, 1, 0, CHECK_FAIL,
		  "tcp 22-22 (SSH) from 0.0.0.0/0" },
		{ "tcp", 3389, 3389, 0, 1, CHECK_FAIL,
		  "tcp 3389-3389 (RDP) from ::/0" },
		{ "tcp", 21, 23, 1, 1, CHECK_FAIL,
		  "tcp 21-23 (SSH) from 0.0.0.0/0 and ::/0" },
		{ "tcp", 3388, 3390, 1, 0, CHECK_FAIL, "tcp 3388-3390 (RDP)" },
		{ "tcp", 21, 21, 1, 0, CHECK_PASS,
		  "admits no internet traffic" },
		{ "tcp", 23, 3388, 1, 0, CHECK_PASS,
		  "admits no internet traffic" },
		{ "tcp", 3390, 65534, 1, 1, CHECK_PASS,
		  "to SSH, RDP or all ports" },
		{ "tcp", 443, 443, 1, 1, CHECK_PASS, "admits no internet" },
		{ "6", 22, 22, 1, 0, CHECK_FAIL, "tcp 22-22 (SSH)" },
		{ "tcp", -2, 0, 1, 0, CHECK_FAIL,
		  "all tcp ports from 0.0.0.0/0" },
		{ "-1", -2, 0, 1, 0, CHECK_FAIL, "all traffic from 0.0.0.0/0" },
		{ "udp", 0, 65535, 0, 1, CHECK_FAIL,
		  "all udp ports from ::/0" },
		{ "tcp", 0, 65535, 1, 0, CHECK_FAIL, "all tcp ports" },
		{ "udp", 22, 22, 1, 0, CHECK_PASS, "admits no internet" },
		{ "17", 3389, 3389, 1, 0, CHECK_PASS, "admits no internet" },
		{ "icmp", -1, -1, 1, 1, CHECK_PASS, "admits no internet" },
		{ "icmpv6", -1, -1, 0, 1, CHECK_PASS, "admits no internet" },
		{ "tcp", 22, 22, 0, 0, CHECK_PASS, "admits no internet" },
		{ "-1", -2, 0, 0, 0, CHECK_PASS, "admits no internet" },
	};

	decide(w, DECIDES("vpc_sg_admin_ports"));
	expect(w, CHECK_NA, "", "no security groups in eu-west-1");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct inv_sg_rule *p;

		w->regions[0].sgs.n = 0;
		p = sg_rule(w, "sg-1", rows[i].proto, rows[i].from, rows[i].to);
		p->world4 = rows[i].world4;
		p->world6 = rows[i].world6;
		decide(w, "vpc_sg_admin_ports");
		expect(w, rows[i].st, "security-group/sg-1", rows[i].msg);
	}
}

static void sg_admin_ports_more(struct world *w)
{
	struct inv_sg *g;

	/* egress rules open to the world are not admission */
	sg_rule(w, "sg-out", "-1", -2, 0);
	g = &w->regions[0].sgs.v[0];
	g->egress = g->ingress;
	g->negress = 1;
	g->ingress = NULL;
	g->ningress = 0;
	/* and a group of several rules names each open one */
	sg_rule(w, "sg-two", "tcp", 22, 22);
	g = &w->regions[0].sgs.v[1];
	g->ingress = arena_alloc(&w->mem, 2 * sizeof(*g->ingress));
	g->ningress = 2;
	g->ingress[0] = (struct inv_sg_rule){ .protocol = "tcp",
					      .has_ports = 1,
					      .from_port = 22,
					      .to_port = 22,
					      .world4 = 1 };
	g->ingress[1] = (struct inv_sg_rule){ .protocol = "tcp",
					      .has_ports = 1,
					      .from_port = 3389,
					      .to_port = 3389,
					      .world6 = 1 };
	decide(w, "vpc_sg_admin_ports");
	expect(w, CHECK_PASS, "sg-out", "admits no internet traffic");
	expect(w, CHECK_FAIL, "sg-two",
	       "security group sg-two (web) in vpc-a admits the internet: tcp "
	       "22-22 (SSH) from 0.0.0.0/0; tcp 3389-3389 (RDP) from ::/0");

	w->regions[0].sgs.n = 1;
	expect_errors_per_need(w, "vpc_sg_admin_ports");
}

/* vpc_nacl_admin_ports */

static struct inv_nacl *nacl(struct world *w, const char *id, size_t n)
{
	struct inv_nacl *a =
		INV_PUSH(&w->regions[0].arena[DS_NACLS], w->regions[0].nacls);

	a->id = id;
	a->vpc_id = "vpc-a";
	a->nassociations = 2;
	a->entries = arena_alloc(&w->mem, n * sizeof(*a->entries));
	return a;
}

/* Add an ingress entry; 'from' -2 means no port range. */
static struct inv_nacl_entry *entry(struct inv_nacl *a, long rule,
				    const char *proto, const char *cidr,
				    int allow, long from, long to)
{
	struct inv_nacl_entry *e = &a->entries[a->nentries++];

	e->rule_number = rule;
	e->protocol = proto;
	if (cidr && strchr(cidr, ':'))
		e->ipv6_cidr = cidr;
	else
		e->cidr = cidr;
	e->allow = allow;
	e->has_ports = from != -2;
	e->from_port = from;
	e->to_port = to;
	return e;
}

static void nacl_default(struct world *w)
{
	struct inv_nacl *a;

	decide(w, DECIDES("vpc_nacl_admin_ports"));
	expect(w, CHECK_NA, "", "no network ACLs in eu-west-1");

	/* the default network ACL AWS creates: allow all, then '*' deny */
	a = nacl(w, "acl-dflt", 4);
	a->is_default = 1;
	entry(a, 100, "-1", "0.0.0.0/0", 1, -2, 0);
	entry(a, 101, "-1", "::/0", 1, -2, 0);
	entry(a, 32767, "-1", "0.0.0.0/0", 0, -2, 0);
	entry(a, 32768, "-1", "::/0", 0, -2, 0);
	decide(w, "vpc_nacl_admin_ports");
	expect(w, CHECK_FAIL, "network-acl/acl-dflt",
	       "network ACL acl-dflt [default] in vpc-a (2 subnets) in "
	       "eu-west-1 admits the internet to remote administration: rule "
	       "100 allows 0.0.0.0/0 to 22; rule 101 allows ::/0 to 22; rule "
	       "100 allows 0.0.0.0/0 to 3389; rule 101 allows ::/0 to 3389");

	/* only the catch-all deny: closed, and not worth naming */
	a->entries += 2;
	a->nentries = 2;
	decide(w, "vpc_nacl_admin_ports");
	expect(w, CHECK_PASS, "",
	       "admits no internet traffic to ports 22 and 3389");
	ok(!strstr(w->out.v[0].message, "denies"),
	   "the catch-all deny is not listed: %s", w->out.v[0].message);

	/* entries only: none at all is the implicit deny */
	a->nentries = 0;
	decide(w, "vpc_nacl_admin_ports");
	expect(w, CHECK_PASS, "", "admits no internet traffic");
}

static void nacl_rules(struct world *w)
{
	static const struct {
		const char *proto;
		long from, to;
		const char *cidr;
		int allow;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ "6", 22, 22, "0.0.0.0/0", 1, CHECK_FAIL,
		  "rule 100 allows 0.0.0.0/0 to 22" },
		{ "6", 3389, 3389, "::/0", 1, CHECK_FAIL,
		  "rule 100 allows ::/0 to 3389" },
		{ "6", 0, 65535, "0.0.0.0/0", 1, CHECK_FAIL,
		  "allows 0.0.0.0/0 to 22; rule 100 allows 0.0.0.0/0 to 3389" },
		{ "6", -2, 0, "0.0.0.0/0", 1, CHECK_FAIL,
		  "rule 100 allows 0.0.0.0/0 to 22" },
		{ "6", 23, 3388, "0.0.0.0/0", 1, CHECK_PASS,
		  "admits no internet traffic" },
		{ "6", 3390, 65535, "0.0.0.0/0", 1, CHECK_PASS,
		  "admits no internet traffic" },
		/* the ephemeral range includes 3389 */
		{ "6", 1024, 65535, "0.0.0.0/0", 1, CHECK_FAIL,
		  "remote administration: rule 100 allows 0.0.0.0/0 to 3389" },
		{ "17", 22, 22, "0.0.0.0/0", 1, CHECK_PASS,
		  "admits no internet traffic" },
		{ "1", -2, 0, "0.0.0.0/0", 1, CHECK_PASS,
		  "admits no internet traffic" },
		{ "6", 22, 22, "10.0.0.0/8", 1, CHECK_PASS,
		  "admits no internet traffic" },
		{ "6", 22, 22, "0.0.0.0/1", 1, CHECK_PASS,
		  "admits no internet traffic" },
		{ "6", 22, 22, "0.0.0.0/0", 0, CHECK_PASS,
		  "(rule 100 denies 0.0.0.0/0 to 22)" },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct inv_nacl *a;

		w->regions[0].nacls.n = 0;
		a = nacl(w, "acl-1", 1);
		entry(a, 100, rows[i].proto, rows[i].cidr, rows[i].allow,
		      rows[i].from, rows[i].to);
		decide(w, "vpc_nacl_admin_ports");
		expect(w, rows[i].st, "acl-1", rows[i].msg);
	}
}

static void nacl_order(struct world *w)
{
	struct inv_nacl *a = nacl(w, "acl-1", 4);

	/* a lower-numbered DENY shadows the ALLOW, listed in any order */
	entry(a, 200, "-1", "0.0.0.0/0", 1, -2, 0);
	entry(a, 90, "6", "0.0.0.0/0", 0, 22, 22);
	decide(w, "vpc_nacl_admin_ports");
	expect(w, CHECK_FAIL, "",
	       "admits the internet to remote administration: rule 200 allows "
	       "0.0.0.0/0 to 3389");
	ok(!strstr(w->out.v[0].message, "to 22;") &&
		   !strstr(w->out.v[0].message, "allows 0.0.0.0/0 to 22"),
	   "port 22 is shut by rule 90: %s", w->out.v[0].message);

	/* the ALLOW first: the later DENY cannot close it */
	a->entries[1].rule_number = 300;
	decide(w, "vpc_nacl_admin_ports");
	expect(w, CHECK_FAIL, "", "rule 200 allows 0.0.0.0/0 to 22");

	/* egress entries never decide admission */
	a->entries[0].egress = 1;
	a->entries[1].rule_number = 90;
	decide(w, "vpc_nacl_admin_ports");
	expect(w, CHECK_PASS, "", "(rule 90 denies 0.0.0.0/0 to 22)");

	expect_errors_per_need(w, "vpc_nacl_admin_ports");
}

/* vpc_workload_separation */

static void workload(struct world *w, const char *region, const char *id,
		     int dflt)
{
	struct inv_workload_vpc *v = INV_PUSH(&w->acct.arena[DS_WORKLOAD_VPCS],
					      w->acct.workload_vpcs);

	v->region = region;
	v->id = id;
	v->is_default = dflt;
}

static void separation(struct world *w)
{
	decide(w, DECIDES("vpc_workload_separation"));
	expect(w, CHECK_NA, "", "no workloads in account 123456789012");

	workload(w, "eu-west-1", "vpc-1", 0);
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_FAIL, "",
	       "all workloads of account 123456789012 share one non-default "
	       "VPC, vpc-1 in eu-west-1: one network");

	workload(w, "us-east-1", "vpc-dflt", 1);
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_FAIL, "", "share one non-default VPC, vpc-1 in");

	workload(w, "us-east-1", "vpc-2", 0);
	w->acct.workload_vpcs.v[2].name = "payments";
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_PASS, "",
	       "span 2 non-default VPCs: vpc-1 in eu-west-1, vpc-2 (payments) "
	       "in us-east-1");

	workload(w, "eu-west-1", "vpc-3", 0);
	workload(w, "eu-west-1", "vpc-4", 0);
	workload(w, "eu-west-1", "vpc-5", 0);
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_PASS, "", "span 5 non-default VPCs");
	expect(w, CHECK_PASS, "", "vpc-4 in eu-west-1 (+1 more)");
}

static void separation_default_only(struct world *w)
{
	workload(w, "eu-west-1", "vpc-d1", 1);
	workload(w, "us-east-1", "vpc-d2", 1);
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_FAIL, "", "share default VPCs only");
}

static void separation_org(struct world *w)
{
	workload(w, "eu-west-1", "vpc-1", 0);
	w->acct.org.member = 1;
	w->acct.org.id = "o-abc123";
	w->acct.org.feature_set = "ALL";
	/* the management account is no boundary for its own workloads */
	w->acct.org.master_account_id = w->acct.id;
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_FAIL, "", "share one non-default VPC");

	w->acct.org.master_account_id = NULL;
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_FAIL, "", "share one non-default VPC");

	w->acct.org.master_account_id = "999988887777";
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_PASS, "",
	       "is a member account of organization o-abc123: its workloads "
	       "(1 non-default VPC) are separated");

	expect_errors_per_need(w, "vpc_workload_separation");
}

static void separation_other_account(struct world *w)
{
	static struct inv_workload_vpc theirs = { "eu-west-1", "vpc-9", NULL,
						  0 };
	static struct inv_account other;

	workload(w, "eu-west-1", "vpc-1", 0);
	other.id = "210987654321";
	other.workload_vpcs.v = &theirs;
	other.workload_vpcs.n = 1;
	w->inv.accounts = &other;
	w->inv.naccounts = 1;
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_FAIL, "", "share one non-default VPC"); /* unassessed */

	other.assessed = 1;
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_PASS, "",
	       "workloads span several audited accounts (123456789012 and "
	       "210987654321 at least)");
}

static void separation_partial(struct world *w)
{
	w->acct.workload_vpcs_failed = 1;
	snprintf(w->acct.workload_vpcs_err.code,
		 sizeof(w->acct.workload_vpcs_err.code),
		 "UnauthorizedOperation");
	snprintf(w->acct.workload_vpcs_err.action,
		 sizeof(w->acct.workload_vpcs_err.action),
		 "ec2:DescribeInstances");
	snprintf(w->acct.workload_vpcs_err.region,
		 sizeof(w->acct.workload_vpcs_err.region), "us-east-1");
	/* none found and a region unreadable: not NA */
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_ERROR, "",
	       "only 0 non-default VPCs with workloads found in account "
	       "123456789012, and us-east-1 could not be listed: "
	       "UnauthorizedOperation on ec2:DescribeInstances");

	workload(w, "eu-west-1", "vpc-1", 0);
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_ERROR, "", "only 1 non-default VPC with workloads");

	/* two found already: the missing region cannot change the verdict */
	workload(w, "eu-west-1", "vpc-2", 0);
	decide(w, "vpc_workload_separation");
	expect(w, CHECK_PASS, "", "span 2 non-default VPCs");
}

/* waf_logging */

static struct inv_web_acl *web_acl(struct world *w, int r, const char *name,
				   const char *scope)
{
	struct inv_web_acl *a = INV_PUSH(&w->regions[r].arena[DS_WAF_ACLS],
					 w->regions[r].web_acls);

	a->name = name;
	a->scope = scope;
	a->arn = w_fmt(w, "arn:aws:wafv2:%s:123456789012:%s/webacl/%s/1",
		       w->regions[r].name,
		       !strcmp(scope, "CLOUDFRONT") ? "global" : "regional",
		       name);
	return a;
}

static void waf_logging(struct world *w)
{
	struct inv_web_acl *a;

	decide(w, DECIDES("waf_logging"));
	expect(w, CHECK_NA, "", "no WAF web ACLs in eu-west-1");

	a = web_acl(w, 0, "edge", "REGIONAL");
	a->logging = 1;
	a->log_destination = "arn:aws:firehose:eu-west-1:123456789012:"
			     "deliverystream/aws-waf-logs-edge";
	decide(w, "waf_logging");
	expect(w, CHECK_PASS, "webacl/edge",
	       "regional web ACL edge in eu-west-1 logs to "
	       "arn:aws:firehose:eu-west-1:123456789012:deliverystream/"
	       "aws-waf-logs-edge");

	a->log_destination = NULL;
	decide(w, "waf_logging");
	expect(w, CHECK_PASS, "webacl/edge", "logs to ?");

	a = web_acl(w, 0, "cdn", "CLOUDFRONT");
	a->name = NULL;
	decide(w, "waf_logging");
	expect(w, CHECK_FAIL, "webacl/cdn",
	       "CloudFront web ACL arn:aws:wafv2:eu-west-1:123456789012:global/"
	       "webacl/cdn/1 in eu-west-1 does not log: blocked and allowed "
	       "requests leave no record");
	ok(w->out.n == 2, "one finding per web ACL (%zu)", w->out.n);

	/* GetLoggingConfiguration answered an error: that ACL's ERROR */
	snprintf(w->regions[0].web_acls.v[1].logging_err.code,
		 sizeof(w->regions[0].web_acls.v[1].logging_err.code),
		 "WAFInvalidOperationException");
	decide(w, "waf_logging");
	expect(w, CHECK_ERROR, "webacl/cdn",
	       "could not read the logging configuration of CloudFront web "
	       "ACL");
	expect(w, CHECK_PASS, "webacl/edge", "logs to");

	w->regions[0].web_acls.n = 1;
	expect_errors_per_need(w, "waf_logging");
}

/* waf_public_endpoints */

static struct inv_load_balancer *lb(struct world *w, const char *name,
				    const char *type, const char *scheme)
{
	struct inv_load_balancer *b =
		INV_PUSH(&w->regions[0].arena[DS_LOAD_BALANCERS],
			 w->regions[0].load_balancers);

	b->name = name;
	b->type = type;
	b->scheme = scheme;
	b->state = "active";
	b->arn = w_fmt(w,
		       "arn:aws:elasticloadbalancing:eu-west-1:123456789012:"
		       "loadbalancer/app/%s/50dc6c495c0c9188",
		       name);
	/* the collector asks WAF about internet-facing ALBs only */
	b->waf_checked = !strcmp(type, "application") &&
			 !strcmp(scheme, "internet-facing");
	return b;
}

static void waf_endpoints(struct world *w)
{
	struct inv_load_balancer *b;

	decide(w, DECIDES("waf_public_endpoints"));
	expect(w, CHECK_NA, "",
	       "no internet-facing Application Load Balancer in eu-west-1");

	lb(w, "inner", "application", "internal");
	lb(w, "nlb", "network", "internet-facing");
	lb(w, "gw", "gateway", "internal");
	decide(w, "waf_public_endpoints");
	expect(w, CHECK_NA, "", "no internet-facing Application Load Balancer");

	b = lb(w, "shop", "application", "internet-facing");
	decide(w, "waf_public_endpoints");
	expect(w, CHECK_FAIL, "shop",
	       "internet-facing ALB shop in eu-west-1 has no WAF web ACL");
	ok(w->out.n == 1, "internal ALB and NLB not judged (%zu)", w->out.n);

	b->web_acl_arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/"
			 "webacl/edge/1";
	decide(w, "waf_public_endpoints");
	expect(w, CHECK_PASS, "shop",
	       "is protected by web ACL arn:aws:wafv2:eu-west-1:123456789012:"
	       "regional/webacl/edge/1");

	b->web_acl_name = "edge";
	decide(w, "waf_public_endpoints");
	expect(w, CHECK_PASS, "shop",
	       "internet-facing ALB shop in eu-west-1 is protected by web ACL "
	       "edge");

	/* GetWebACLForResource answered an error: that ALB's ERROR */
	b = lb(w, "api", "application", "internet-facing");
	b->waf_checked = 0;
	snprintf(b->waf_err.code, sizeof(b->waf_err.code),
		 "AccessDeniedException");
	decide(w, "waf_public_endpoints");
	expect(w, CHECK_ERROR, "app/api/",
	       "could not learn which web ACL protects internet-facing ALB "
	       "api in eu-west-1 (AccessDeniedException)");
	expect(w, CHECK_PASS, "app/shop/", "is protected by web ACL edge");
	w->regions[0].load_balancers.n--;

	expect_errors_per_need(w, "waf_public_endpoints");
}

static void (*const cases[])(struct world *) = {
	flow_logs_basic,
	flow_logs_delivery,
	flow_logs_delivery_mixed,
	flow_logs_status_filter,
	flow_logs_regions,
	default_vpc,
	default_vpc_many,
	sg_admin_ports,
	sg_admin_ports_more,
	nacl_default,
	nacl_rules,
	nacl_order,
	separation,
	separation_default_only,
	separation_org,
	separation_other_account,
	separation_partial,
	waf_logging,
	waf_endpoints,
};

int main(void)
{
	static struct world w;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		world_init(&w);
		cases[i](&w);
		world_release(&w);
	}
	return done_testing();
}
