/*
 * vpc_nacl_admin_ports.c -- no network ACL admits the internet to SSH/RDP
 *
 * Per network ACL, per admin port (22, 3389) and source (0.0.0.0/0,
 * ::/0): the ingress entries are evaluated in ruleNumber order, as AWS
 * does, and only those whose source is the whole internet decide: the
 * first one whose protocol is -1 (all) or 6 (TCP) and whose port range
 * covers the port (an entry without a range covers every port) wins. An
 * ALLOW there is a FAIL; a lower-numbered DENY shadows any later ALLOW.
 * An entry for a narrower source cannot close the port to the whole
 * internet, and cannot open it to the whole internet either, so it is
 * skipped.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static const long admin_ports[] = { 22, 3389 };

static int covers(const struct inv_nacl_entry *e, long port)
{
	if (!strcmp(e->protocol, "-1"))
		return 1;
	if (strcmp(e->protocol, "6"))
		return 0;
	return !e->has_ports || (e->from_port <= port && port <= e->to_port);
}

static int from_world(const struct inv_nacl_entry *e, int v6)
{
	return v6 ? e->ipv6_cidr && !strcmp(e->ipv6_cidr, "::/0")
		  : e->cidr && !strcmp(e->cidr, "0.0.0.0/0");
}

/* The deciding ingress entry for (port, family), or NULL (default deny). */
static const struct inv_nacl_entry *decide(const struct inv_nacl *acl,
					   long port, int v6)
{
	const struct inv_nacl_entry *best = NULL;

	for (size_t i = 0; i < acl->nentries; i++) {
		const struct inv_nacl_entry *e = &acl->entries[i];

		if (e->egress || !from_world(e, v6) || !covers(e, port))
			continue;
		if (!best || e->rule_number < best->rule_number)
			best = e;
	}
	return best;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;

	for (size_t i = 0; i < r->nacls.n; i++) {
		const struct inv_nacl *acl = &r->nacls.v[i];
		char arn[160], label[256], open[512] = "", shut[512] = "";
		size_t nopen = 0, nshut = 0;

		for (size_t p = 0; p < 2; p++) {
			for (int v6 = 0; v6 <= 1; v6++) {
				const struct inv_nacl_entry *e =
					decide(acl, admin_ports[p], v6);
				char *buf = e && e->allow ? open : shut;
				size_t len = strlen(buf);

				/* nothing, or only the catch-all '*' entry */
				if (!e ||
				    (!e->allow && e->rule_number >= 32767))
					continue;
				snprintf(buf + len, sizeof(open) - len,
					 "%srule %ld %s %s to %ld",
					 len ? "; " : "", e->rule_number,
					 e->allow ? "allows" : "denies",
					 v6 ? "::/0" : "0.0.0.0/0",
					 admin_ports[p]);
				if (e->allow)
					nopen++;
				else
					nshut++;
			}
		}
		check_arn(cx, arn, sizeof(arn), "ec2", r->name, cx->acct->id,
			  "network-acl/%s", acl->id);
		snprintf(label, sizeof(label),
			 "%s%s%s%s%s in %s (%zu subnet%s)", acl->id,
			 acl->name ? " (" : "", acl->name ? acl->name : "",
			 acl->name ? ")" : "",
			 acl->is_default ? " [default]" : "",
			 acl->vpc_id ? acl->vpc_id : "?", acl->nassociations,
			 acl->nassociations == 1 ? "" : "s");
		if (nopen)
			findings_add(out, CHECK_FAIL, "AWS::EC2::NetworkAcl",
				     arn,
				     "network ACL %s in %s admits the internet "
				     "to remote administration: %s",
				     label, r->name, open);
		else
			findings_add(out, CHECK_PASS, "AWS::EC2::NetworkAcl",
				     arn,
				     "network ACL %s in %s admits no internet "
				     "traffic to ports 22 and 3389%s%s%s",
				     label, r->name, nshut ? " (" : "", shut,
				     nshut ? ")" : "");
	}
	if (!r->nacls.n)
		findings_add(out, CHECK_NA, "AWS::EC2::NetworkAcl", r->name,
			     "no network ACLs in %s", r->name);
	return 0;
}

const struct check check_vpc_nacl_admin_ports = {
	.id = "vpc_nacl_admin_ports",
	.title = "No network ACL admits the internet to SSH or RDP",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_NACLS,
	.guidance = "Prepare: reduce the attack surface an intruder can reach",
	.rationale = "SSH and RDP open to the internet are the most scanned "
		     "and brute-forced entry points. A network ACL that admits "
		     "them leaves each subnet's hosts one weak password or "
		     "leaked key away from compromise, and makes subnet-level "
		     "containment start from an open door.",
	.remediation = "1. Add ingress DENY entries for TCP 22 and 3389 from "
		       "0.0.0.0/0 and ::/0, numbered below the broad ALLOW "
		       "entries.\n"
		       "2. Or replace the broad ALLOW with entries for the "
		       "ports your workloads serve.\n"
		       "3. Administer hosts through Systems Manager Session "
		       "Manager instead of SSH/RDP.",
	.cli_fix = "aws ec2 create-network-acl-entry --network-acl-id "
		   "<ACL_ID> --ingress --rule-number 90 --protocol tcp "
		   "--port-range From=22,To=22 --cidr-block 0.0.0.0/0 "
		   "--rule-action deny",
	.cfn = "DenySsh:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n"
	       "    NetworkAclId: !Ref Acl\n    RuleNumber: 90\n"
	       "    Protocol: 6\n    RuleAction: deny\n    Egress: false\n"
	       "    CidrBlock: 0.0.0.0/0\n    PortRange: {From: 22, To: 22}",
	.doc_url = "https://docs.aws.amazon.com/vpc/latest/userguide/"
		   "vpc-network-acls.html",
	.frameworks = "CIS-3.0:5.1;FSBP:EC2.21;SEC05-BP02;"
		      "NIST-CSF-2.0:PR.IR-01",
	.run = run,
};
