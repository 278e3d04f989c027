/*
 * ssm_managed_instances.c -- every running instance is reachable through
 * Systems Manager
 *
 * Per running instance: PASS when DescribeInstanceInformation lists it
 * with PingStatus Online; FAIL when it is missing (no agent, no instance
 * profile with AmazonSSMManagedInstanceCore, no route to the SSM
 * endpoints) or its agent is ConnectionLost/Inactive.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct inv_ssm_instance *managed(const struct inv_region *r,
					      const char *id)
{
	for (size_t i = 0; i < r->ssm_instances.n; i++)
		if (!strcmp(r->ssm_instances.v[i].id, id))
			return &r->ssm_instances.v[i];
	return NULL;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t n = 0;

	for (size_t i = 0; i < r->instances.n; i++) {
		const struct inv_instance *in = &r->instances.v[i];
		const struct inv_ssm_instance *m;
		char arn[160], label[256];

		if (strcasecmp(in->state, "running"))
			continue;
		n++;
		check_arn(cx, arn, sizeof(arn), "ec2", r->name, cx->acct->id,
			  "instance/%s", in->id);
		snprintf(label, sizeof(label), "%s%s%s%s", in->id,
			 in->name ? " (" : "", in->name ? in->name : "",
			 in->name ? ")" : "");
		m = managed(r, in->id);
		if (m && m->ping_status &&
		    !strcasecmp(m->ping_status, "Online"))
			findings_add(out, CHECK_PASS, "AWS::EC2::Instance", arn,
				     "instance %s in %s is an online SSM "
				     "managed instance (agent %s)",
				     label, r->name,
				     m->agent_version ? m->agent_version : "?");
		else if (m)
			findings_add(out, CHECK_FAIL, "AWS::EC2::Instance", arn,
				     "instance %s in %s is registered with SSM "
				     "but its agent is %s: no Run Command or "
				     "Session Manager access during an "
				     "incident",
				     label, r->name,
				     m->ping_status ? m->ping_status
						    : "unknown");
		else
			findings_add(out, CHECK_FAIL, "AWS::EC2::Instance", arn,
				     "instance %s in %s is not an SSM managed "
				     "instance: no agent-based triage, memory "
				     "capture or isolation without SSH/RDP",
				     label, r->name);
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::EC2::Instance", r->name,
			     "no running instances in %s", r->name);
	return 0;
}

const struct check check_ssm_managed_instances = {
	.id = "ssm_managed_instances",
	.title = "Every running instance is an online SSM managed instance",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_INSTANCES | NEED_SSM_INSTANCES,
	.guidance = "Prepare: pre-deploy the tools responders need on every "
		    "host",
	.rationale = "Systems Manager is how responders reach a host without "
		     "opening SSH or RDP: run triage and memory-capture "
		     "commands, collect logs, and apply containment at "
		     "scale. An instance the agent does not manage has to be "
		     "handled by hand, under pressure.",
	.remediation =
		"1. Attach an instance profile with the "
		"AmazonSSMManagedInstanceCore managed policy.\n"
		"2. Make sure the SSM agent is installed and running "
		"(it is preinstalled on Amazon Linux and Windows AMIs).\n"
		"3. Give the instance a route to the ssm, ssmmessages "
		"and ec2messages endpoints (NAT or VPC interface "
		"endpoints).\n"
		"4. Or enable Default Host Management Configuration to "
		"manage every instance of the region.",
	.cli_fix = "aws ec2 associate-iam-instance-profile --instance-id "
		   "<INSTANCE_ID> --iam-instance-profile "
		   "Name=<PROFILE_WITH_AmazonSSMManagedInstanceCore>",
	.cfn = "InstanceRole:\n  Type: AWS::IAM::Role\n  Properties:\n"
	       "    AssumeRolePolicyDocument:\n      Version: '2012-10-17'\n"
	       "      Statement:\n        - Effect: Allow\n"
	       "          Principal: {Service: ec2.amazonaws.com}\n"
	       "          Action: sts:AssumeRole\n    ManagedPolicyArns:\n"
	       "      - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
	.doc_url = "https://docs.aws.amazon.com/systems-manager/latest/"
		   "userguide/managed_instances.html",
	.frameworks = "FSBP:SSM.1;SEC10-BP06;NIST-CSF-2.0:RS.MI-01",
	.run = run,
};
