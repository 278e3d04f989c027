/*
 * vpc_workload_separation.c -- workloads span several VPCs or accounts
 *
 * Account-level, over every audited region, from the WORKLOAD_VPCS
 * dataset: a VPC holds workloads when a running instance, or a network
 * interface other than the plumbing kinds (NAT gateway, VPC endpoint,
 * Gateway Load Balancer endpoint, transit gateway attachment), is in it.
 * The rule:
 *
 *   PASS  the account's workloads are in two or more non-default VPCs;
 *   PASS  the account is a member (not the management account) of an AWS
 *         Organization: the account itself is a separation boundary, and
 *         the Organization holds other accounts;
 *   PASS  another audited account (an Organization scan) also holds
 *         workloads;
 *   NA    no workloads anywhere;
 *   ERROR fewer than two found, but a region's VPCs, instances or
 *         interfaces could not be listed (it may hold the second one);
 *   FAIL  otherwise: one network (or only default VPCs) holds everything,
 *         so isolating one workload isolates them all.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_org *o = &a->org;
	const char *other = NULL;
	char list[768] = "";
	size_t nondefault = 0, shown = 0;

	for (size_t i = 0; i < a->workload_vpcs.n; i++) {
		const struct inv_workload_vpc *w = &a->workload_vpcs.v[i];
		size_t len = strlen(list);

		if (w->is_default)
			continue;
		nondefault++;
		if (shown++ < 4)
			snprintf(list + len, sizeof(list) - len,
				 "%s%s%s%s%s in %s", len ? ", " : "", w->id,
				 w->name ? " (" : "", w->name ? w->name : "",
				 w->name ? ")" : "", w->region);
	}
	if (shown > 4) {
		size_t len = strlen(list);

		snprintf(list + len, sizeof(list) - len, " (+%zu more)",
			 shown - 4);
	}
	for (size_t i = 0; i < cx->inv->naccounts && !other; i++) {
		const struct inv_account *b = &cx->inv->accounts[i];

		if (b != a && b->assessed && b->workload_vpcs.n)
			other = b->id;
	}
	if (!a->workload_vpcs.n && !a->workload_vpcs_failed) {
		findings_add(out, CHECK_NA, "AWS::::Account", a->id,
			     "no workloads in account %s: no running instance "
			     "or workload network interface in any VPC",
			     a->id);
		return 0;
	}
	if (nondefault >= 2) {
		findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
			     "workloads of account %s span %zu non-default "
			     "VPCs: %s",
			     a->id, nondefault, list);
		return 0;
	}
	if (o->member && o->master_account_id &&
	    strcmp(o->master_account_id, a->id)) {
		findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
			     "account %s is a member account of organization "
			     "%s: its workloads (%zu non-default VPC%s) are "
			     "separated from other accounts' at the account "
			     "boundary",
			     a->id, o->id ? o->id : "?", nondefault,
			     nondefault == 1 ? "" : "s");
		return 0;
	}
	if (other) {
		findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
			     "workloads span several audited accounts (%s "
			     "and %s at least)",
			     a->id, other);
		return 0;
	}
	if (a->workload_vpcs_failed) {
		const struct aws_error *e = &a->workload_vpcs_err;

		findings_add(out, CHECK_ERROR, "AWS::::Account", a->id,
			     "only %zu non-default VPC%s with workloads found "
			     "in account %s, and %s could not be listed: %s on "
			     "%s",
			     nondefault, nondefault == 1 ? "" : "s", a->id,
			     e->region, e->code[0] ? e->code : "error",
			     e->action);
		return 0;
	}
	findings_add(out, CHECK_FAIL, "AWS::::Account", a->id,
		     "all workloads of account %s share %s%s: one "
		     "network (and one account) holds everything, so "
		     "containing one workload disrupts the rest",
		     a->id,
		     nondefault ? "one non-default VPC, " : "default VPCs only",
		     nondefault ? list : "");
	return 0;
}

const struct check check_vpc_workload_separation = {
	.id = "vpc_workload_separation",
	.title = "Workloads are separated into several VPCs or accounts",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_WORKLOAD_VPCS | NEED_ORG,
	.guidance = "Prepare: separate workloads so one can be contained "
		    "without the others",
	.rationale = "When every workload shares one network, isolating a "
		     "compromised one means cutting off all of them, and a "
		     "foothold in one reaches the rest. Separate VPCs, or "
		     "better separate accounts, give containment a boundary "
		     "to close.",
	.remediation = "1. Group workloads by sensitivity and owner.\n"
		       "2. Give each group its own VPC, or its own account in "
		       "an AWS Organization (preferred: an account is the "
		       "strongest isolation boundary).\n"
		       "3. Connect them only where needed (Transit Gateway "
		       "or PrivateLink with explicit routes).",
	.cli_fix = "aws organizations create-account --email <EMAIL> "
		   "--account-name <WORKLOAD_NAME>",
	.cfn = "WorkloadVpc:\n  Type: AWS::EC2::VPC\n  Properties:\n"
	       "    CidrBlock: 10.40.0.0/16\n    EnableDnsSupport: true\n"
	       "    EnableDnsHostnames: true",
	.doc_url = "https://docs.aws.amazon.com/whitepapers/latest/"
		   "organizing-your-aws-environment/"
		   "benefits-of-using-multiple-aws-accounts.html",
	.frameworks = "SEC01-BP01;NIST-CSF-2.0:PR.IR-01",
	.run = run,
};
