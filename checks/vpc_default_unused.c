/*
 * vpc_default_unused.c -- nothing runs in a default VPC
 *
 * Per default VPC: FAIL when a running instance or any network interface
 * is in it. Every network interface counts, whatever created it (a stopped
 * instance, Lambda, a load balancer, a NAT gateway, an endpoint) and
 * whether or not it is attached: each one is a workload, or its leftover,
 * living in a network that was never designed. Interfaces that belong to
 * a running instance already named are not counted twice.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_running_instance(const struct inv_region *r, const char *id)
{
	for (size_t i = 0; id && i < r->instances.n; i++)
		if (!strcmp(r->instances.v[i].id, id) &&
		    !strcasecmp(r->instances.v[i].state, "running"))
			return 1;
	return 0;
}

/* Append "a, b, c (+N more)" style items to 'buf'. */
static void list_add(char *buf, size_t size, size_t *shown, const char *item)
{
	size_t len = strlen(buf);

	if (*shown < 3)
		snprintf(buf + len, size - len, "%s%s", *shown ? ", " : "",
			 item);
	(*shown)++;
}

static void list_end(char *buf, size_t size, size_t shown)
{
	size_t len = strlen(buf);

	if (shown > 3)
		snprintf(buf + len, size - len, " (+%zu more)", shown - 3);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t ndefault = 0;

	for (size_t i = 0; i < r->vpcs.n; i++) {
		const struct inv_vpc *v = &r->vpcs.v[i];
		char arn[160], insts[512] = "", enis[512] = "";
		size_t ninst = 0, neni = 0;

		if (!v->is_default)
			continue;
		ndefault++;
		for (size_t k = 0; k < r->instances.n; k++) {
			const struct inv_instance *in = &r->instances.v[k];

			if (!in->vpc_id || strcmp(in->vpc_id, v->id) ||
			    strcasecmp(in->state, "running"))
				continue;
			list_add(insts, sizeof(insts), &ninst, in->id);
		}
		for (size_t k = 0; k < r->enis.n; k++) {
			const struct inv_eni *e = &r->enis.v[k];
			char item[160];

			if (!e->vpc_id || strcmp(e->vpc_id, v->id) ||
			    is_running_instance(r, e->instance_id))
				continue;
			snprintf(item, sizeof(item), "%s (%s%s%s)", e->id,
				 e->type ? e->type : "interface",
				 e->instance_id ? " of " : "",
				 e->instance_id ? e->instance_id : "");
			list_add(enis, sizeof(enis), &neni, item);
		}
		list_end(insts, sizeof(insts), ninst);
		list_end(enis, sizeof(enis), neni);
		check_arn(cx, arn, sizeof(arn), "ec2", r->name,
			  v->owner ? v->owner : cx->acct->id, "vpc/%s", v->id);
		if (!ninst && !neni)
			findings_add(out, CHECK_PASS, "AWS::EC2::VPC", arn,
				     "default VPC %s in %s is unused: no "
				     "running instance and no network "
				     "interface",
				     v->id, r->name);
		else
			findings_add(out, CHECK_FAIL, "AWS::EC2::VPC", arn,
				     "default VPC %s in %s is in use: %zu "
				     "running instance%s%s%s%s and %zu other "
				     "network interface%s%s%s",
				     v->id, r->name, ninst,
				     ninst == 1 ? "" : "s", ninst ? " (" : "",
				     insts, ninst ? ")" : "", neni,
				     neni == 1 ? "" : "s", neni ? ": " : "",
				     enis);
	}
	if (!ndefault)
		findings_add(out, CHECK_NA, "AWS::EC2::VPC", r->name,
			     "no default VPC in %s", r->name);
	return 0;
}

const struct check check_vpc_default_unused = {
	.id = "vpc_default_unused",
	.title = "No workload runs in a default VPC",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_VPC | NEED_INSTANCES | NEED_ENIS,
	.guidance = "Prepare: run workloads only in networks designed for "
		    "isolation",
	.rationale = "A default VPC has public subnets that give every "
		     "instance a public IP, one flat network and no flow "
		     "logs. Workloads there are exposed by default, hard to "
		     "isolate without collateral damage, and leave no network "
		     "record to investigate.",
	.remediation = "1. List what uses the default VPC: aws ec2 "
		       "describe-network-interfaces --filters "
		       "Name=vpc-id,Values=<VPC_ID>.\n"
		       "2. Move each workload to a purpose-built VPC (private "
		       "subnets, flow logs, restrictive NACLs).\n"
		       "3. Delete the default VPC in every region once it is "
		       "empty, or at least keep it empty with an SCP denying "
		       "ec2:RunInstances in it.",
	.cli_fix = "aws ec2 delete-vpc --vpc-id <DEFAULT_VPC_ID> "
		   "--region <REGION>",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/vpc/latest/userguide/"
		   "default-vpc.html",
	.frameworks = "SEC05-BP01;NIST-CSF-2.0:PR.IR-01",
	.run = run,
};
