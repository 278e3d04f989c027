/*
 * cfn_stacks_managed.c -- infrastructure is managed as CloudFormation
 * stacks, and none has drifted
 *
 * Per region, over the stacks ListStacks returns (DELETE_COMPLETE ones
 * dropped by the collector): each stack whose StackDriftStatus is DRIFTED
 * is a FAIL, every other stack a PASS (NOT_CHECKED and UNKNOWN say so in
 * the message). A region with non-default VPCs but no stack at all is a
 * FAIL: its network was built by hand. VPCs shared in through AWS RAM do
 * not count: they are built in their owner's account. Neither:
 * NOT_APPLICABLE.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t nvpc = 0, nshared = 0;
	const char *owner = NULL;

	for (size_t i = 0; i < r->stacks.n; i++) {
		const struct inv_stack *s = &r->stacks.v[i];
		const char *d = s->drift ? s->drift : "NOT_CHECKED";

		if (!strcasecmp(d, "DRIFTED"))
			findings_add(out, CHECK_FAIL,
				     "AWS::CloudFormation::Stack", s->id,
				     "stack %s in %s has drifted from its "
				     "template (%s): the deployed resources "
				     "are not what the code says",
				     s->name, r->name, s->status);
		else if (!strcasecmp(d, "IN_SYNC"))
			findings_add(out, CHECK_PASS,
				     "AWS::CloudFormation::Stack", s->id,
				     "stack %s in %s is in sync with its "
				     "template (%s)",
				     s->name, r->name, s->status);
		else
			findings_add(out, CHECK_PASS,
				     "AWS::CloudFormation::Stack", s->id,
				     "stack %s in %s (%s) is not known to have "
				     "drifted (drift %s: run drift detection "
				     "to be sure)",
				     s->name, r->name, s->status, d);
	}
	if (r->stacks.n)
		return 0;
	for (size_t i = 0; i < r->vpcs.n; i++) {
		const char *o = inv_vpc_shared_by(cx->acct->id, &r->vpcs.v[i]);

		if (o) {
			/* built in its owner's account */
			nshared++;
			owner = o;
		} else {
			nvpc += !r->vpcs.v[i].is_default;
		}
	}
	if (!nvpc && nshared)
		findings_add(out, CHECK_NA, "AWS::CloudFormation::Stack",
			     r->name,
			     "no CloudFormation stack in %s; its %zu "
			     "non-default VPC%s %s shared with this account "
			     "through AWS RAM (owner: account %s), built and "
			     "judged in the owner's account",
			     r->name, nshared, nshared == 1 ? "" : "s",
			     nshared == 1 ? "is" : "are", owner);
	else if (nvpc)
		findings_add(out, CHECK_FAIL, "AWS::CloudFormation::Stack",
			     r->name,
			     "no CloudFormation stack in %s, which has %zu "
			     "non-default VPC%s: infrastructure built by hand "
			     "cannot be rebuilt or compared with a known-good "
			     "definition after an incident",
			     r->name, nvpc, nvpc == 1 ? "" : "s");
	else
		findings_add(out, CHECK_NA, "AWS::CloudFormation::Stack",
			     r->name,
			     "no CloudFormation stack and no non-default VPC "
			     "in %s",
			     r->name);
	return 0;
}

const struct check check_cfn_stacks_managed = {
	.id = "cfn_stacks_managed",
	.title = "Infrastructure is managed as CloudFormation stacks without "
		 "drift",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_STACKS | NEED_VPC,
	.guidance = "Recover: be able to rebuild infrastructure from a "
		    "known-good definition",
	.rationale = "Infrastructure as code is the known-good baseline: "
		     "drift detection shows what an intruder (or anyone) "
		     "changed by hand, and a clean stack can be redeployed "
		     "into a fresh account during recovery.",
	.remediation = "1. Define the region's networks and workloads in "
		       "CloudFormation (or import existing resources into "
		       "stacks).\n"
		       "2. Run drift detection regularly (an EventBridge "
		       "schedule, or the AWS Config rule "
		       "cloudformation-stack-drift-detection-check).\n"
		       "3. Investigate and reconcile every DRIFTED stack.",
	.cli_fix = "aws cloudformation detect-stack-drift --stack-name "
		   "<STACK_NAME>",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/"
		   "UserGuide/using-cfn-stack-drift.html",
	.frameworks = "SEC01-BP06;NIST-CSF-2.0:PR.PS-01",
	.run = run,
};
