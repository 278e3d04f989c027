/*
 * vpc_sg_admin_ports.c -- no security group admits the internet to SSH,
 * RDP or everything
 *
 * Per security group: FAIL when an inbound rule whose sources include
 * 0.0.0.0/0 or ::/0 allows all traffic (protocol -1), every port of a
 * protocol (0-65535), or TCP 22 or 3389.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int tcp(const char *p)
{
	return !strcmp(p, "tcp") || !strcmp(p, "6");
}

/* What the rule opens to the internet, or NULL. */
static const char *opens(const struct inv_sg_rule *p, char *buf, size_t n)
{
	if (!p->world4 && !p->world6)
		return NULL;
	if (!strcmp(p->protocol, "-1"))
		return "all traffic";
	if (p->has_ports && p->from_port <= 0 && p->to_port >= 65535) {
		snprintf(buf, n, "all %s ports", p->protocol);
		return buf;
	}
	if (!tcp(p->protocol))
		return NULL;
	if (!p->has_ports)
		return "all tcp ports";
	if (p->from_port <= 22 && 22 <= p->to_port) {
		snprintf(buf, n, "tcp %ld-%ld (SSH)", p->from_port, p->to_port);
		return buf;
	}
	if (p->from_port <= 3389 && 3389 <= p->to_port) {
		snprintf(buf, n, "tcp %ld-%ld (RDP)", p->from_port, p->to_port);
		return buf;
	}
	return NULL;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;

	for (size_t i = 0; i < r->sgs.n; i++) {
		const struct inv_sg *g = &r->sgs.v[i];
		char arn[160], what[512] = "";
		size_t nopen = 0;

		for (size_t k = 0; k < g->ningress; k++) {
			const struct inv_sg_rule *p = &g->ingress[k];
			char buf[64];
			const char *o = opens(p, buf, sizeof(buf));
			size_t len = strlen(what);

			if (!o)
				continue;
			nopen++;
			snprintf(what + len, sizeof(what) - len,
				 "%s%s from %s%s%s", len ? "; " : "", o,
				 p->world4 ? "0.0.0.0/0" : "",
				 p->world4 && p->world6 ? " and " : "",
				 p->world6 ? "::/0" : "");
		}
		check_arn(cx, arn, sizeof(arn), "ec2", r->name,
			  g->owner ? g->owner : cx->acct->id,
			  "security-group/%s", g->id);
		if (nopen)
			findings_add(out, CHECK_FAIL, "AWS::EC2::SecurityGroup",
				     arn,
				     "security group %s (%s) in %s "
				     "admits the internet: %s",
				     g->id, g->name ? g->name : "?",
				     g->vpc_id ? g->vpc_id : r->name, what);
		else
			findings_add(out, CHECK_PASS, "AWS::EC2::SecurityGroup",
				     arn,
				     "security group %s (%s) in %s admits "
				     "no internet traffic to SSH, RDP or "
				     "all ports",
				     g->id, g->name ? g->name : "?",
				     g->vpc_id ? g->vpc_id : r->name);
	}
	if (!r->sgs.n)
		findings_add(out, CHECK_NA, "AWS::EC2::SecurityGroup", r->name,
			     "no security groups in %s", r->name);
	return 0;
}

const struct check check_vpc_sg_admin_ports = {
	.id = "vpc_sg_admin_ports",
	.title = "No security group admits the internet to SSH, RDP or all "
		 "ports",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_SECURITY_GROUPS,
	.guidance = "Prepare: reduce the attack surface an intruder can reach",
	.rationale = "A security group open to the whole internet on SSH, RDP "
		     "or every port is how most EC2 compromises start: "
		     "credential brute force, exploited services, and an easy "
		     "way back in after containment.",
	.remediation = "1. Remove the inbound rules from 0.0.0.0/0 and ::/0 "
		       "to 22, 3389 and all ports.\n"
		       "2. Allow administration from known ranges only, or "
		       "better use Systems Manager Session Manager or EC2 "
		       "Instance Connect Endpoint.\n"
		       "3. Detect regressions with AWS Config "
		       "(restricted-ssh, restricted-common-ports).",
	.cli_fix = "aws ec2 revoke-security-group-ingress --group-id <SG_ID> "
		   "--protocol tcp --port 22 --cidr 0.0.0.0/0",
	.cfn = "AdminSg:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n"
	       "    GroupDescription: admin from the corporate range only\n"
	       "    VpcId: !Ref Vpc\n    SecurityGroupIngress:\n"
	       "      - IpProtocol: tcp\n        FromPort: 22\n"
	       "        ToPort: 22\n        CidrIp: 203.0.113.0/24",
	.doc_url = "https://docs.aws.amazon.com/vpc/latest/userguide/"
		   "vpc-security-groups.html",
	.frameworks = "CIS-3.0:5.2;CIS-3.0:5.3;FSBP:EC2.13;FSBP:EC2.14;"
		      "SEC05-BP02;NIST-CSF-2.0:PR.IR-01",
	.run = run,
};
