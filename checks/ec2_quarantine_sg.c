/*
 * ec2_quarantine_sg.c -- every VPC with instances has an isolation
 * security group ready
 *
 * Per VPC that holds an instance (in any state but terminated or
 * shutting-down): PASS when a security group of that VPC has no inbound
 * and no outbound rule AND says what it is for: its name, description or
 * a tag key or value contains "quarantine", "isolat" (isolation,
 * isolate), "forensic" or "containment" (without case). Requiring the
 * label keeps unused empty groups from counting: responders must be able
 * to find it. A labelled group that still has rules (a new group keeps
 * its default allow-all outbound rule until removed) does not count, and
 * the finding says so.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int mentions(const char *s)
{
	static const char *const words[] = { "quarantine", "isolat", "forensic",
					     "containment" };

	if (!s)
		return 0;
	for (const char *p = s; *p; p++)
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (!strncasecmp(p, words[i], strlen(words[i])))
				return 1;
	return 0;
}

static int labelled(const struct inv_sg *g)
{
	if (mentions(g->name) || mentions(g->description))
		return 1;
	for (size_t i = 0; i < g->ntags; i++)
		if (mentions(g->tags[i].key) || mentions(g->tags[i].value))
			return 1;
	return 0;
}

static int live(const struct inv_instance *in)
{
	return strcasecmp(in->state, "terminated") &&
	       strcasecmp(in->state, "shutting-down");
}

static void check_vpc(const struct check_ctx *cx, const char *vpc_id,
		      size_t ninst, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_sg *good = NULL, *ruled = NULL, *empty = NULL;
	const char *name = NULL;
	char arn[160];

	for (size_t i = 0; i < r->vpcs.n; i++)
		if (!strcmp(r->vpcs.v[i].id, vpc_id))
			name = r->vpcs.v[i].name;
	for (size_t i = 0; i < r->sgs.n && !good; i++) {
		const struct inv_sg *g = &r->sgs.v[i];
		int none = !g->ningress && !g->negress;

		if (!g->vpc_id || strcmp(g->vpc_id, vpc_id))
			continue;
		if (labelled(g) && none)
			good = g;
		else if (labelled(g) && !ruled)
			ruled = g;
		else if (none && !empty)
			empty = g;
	}
	check_arn(cx, arn, sizeof(arn), "ec2", r->name, cx->acct->id, "vpc/%s",
		  vpc_id);
	if (good)
		findings_add(
			out, CHECK_PASS, "AWS::EC2::VPC", arn,
			"VPC %s%s%s%s in %s (%zu instance%s) has isolation "
			"security group %s (%s) with no inbound or "
			"outbound rule",
			vpc_id, name ? " (" : "", name ? name : "",
			name ? ")" : "", r->name, ninst, ninst == 1 ? "" : "s",
			good->id, good->name ? good->name : "?");
	else if (ruled)
		findings_add(out, CHECK_FAIL, "AWS::EC2::VPC", arn,
			     "VPC %s%s%s%s in %s (%zu instance%s) has no "
			     "usable isolation security group: %s (%s) still "
			     "has %zu inbound and %zu outbound rule%s",
			     vpc_id, name ? " (" : "", name ? name : "",
			     name ? ")" : "", r->name, ninst,
			     ninst == 1 ? "" : "s", ruled->id,
			     ruled->name ? ruled->name : "?", ruled->ningress,
			     ruled->negress, ruled->negress == 1 ? "" : "s");
	else
		findings_add(
			out, CHECK_FAIL, "AWS::EC2::VPC", arn,
			"VPC %s%s%s%s in %s (%zu instance%s) has no "
			"isolation security group%s%s%s",
			vpc_id, name ? " (" : "", name ? name : "",
			name ? ")" : "", r->name, ninst, ninst == 1 ? "" : "s",
			empty ? " (empty group " : "", empty ? empty->id : "",
			empty ? " has no rules but no quarantine/"
				"isolation label)"
			      : "");
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t nvpc = 0;

	for (size_t j = 0; j < r->vpcs.n; j++) {
		size_t n = 0;

		for (size_t k = 0; k < r->instances.n; k++)
			n += r->instances.v[k].vpc_id &&
			     live(&r->instances.v[k]) &&
			     !strcmp(r->instances.v[k].vpc_id, r->vpcs.v[j].id);
		if (!n)
			continue;
		nvpc++;
		check_vpc(cx, r->vpcs.v[j].id, n, out);
	}
	if (!nvpc)
		findings_add(out, CHECK_NA, "AWS::EC2::VPC", r->name,
			     "no VPC with instances in %s", r->name);
	return 0;
}

const struct check check_ec2_quarantine_sg = {
	.id = "ec2_quarantine_sg",
	.title = "Every VPC with instances has an isolation security group",
	.phase = PHASE_CONTAINMENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_INSTANCES | NEED_SECURITY_GROUPS | NEED_VPC,
	.guidance = "Contain: pre-provision the means to isolate a host",
	.rationale = "Swapping a compromised instance's security groups for "
		     "one with no rules cuts it off (new connections, and "
		     "existing untracked ones) while keeping it running for "
		     "memory and disk forensics. Creating that group during "
		     "an incident costs time, and a group with the default "
		     "outbound rule still lets the attacker exfiltrate.",
	.remediation = "1. In each VPC create a security group named, for "
		       "example, quarantine-isolation.\n"
		       "2. Remove its default outbound rule, so it has no "
		       "inbound and no outbound rule.\n"
		       "3. Reference it from your containment runbook "
		       "(ModifyInstanceAttribute --groups <SG_ID>).",
	.cli_fix = "aws ec2 create-security-group --vpc-id <VPC_ID> "
		   "--group-name quarantine-isolation --description "
		   "\"IR isolation: no traffic\" && aws ec2 "
		   "revoke-security-group-egress --group-id <NEW_SG_ID> "
		   "--ip-permissions "
		   "'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'",
	/* CloudFormation cannot create a group without outbound rules */
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/security-ir/latest/userguide/"
		   "contain.html",
	.frameworks = "SEC10-BP06;NIST-CSF-2.0:RS.MI-01",
	.run = run,
};
