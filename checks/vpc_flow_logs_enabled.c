/*
 * vpc_flow_logs_enabled.c -- every VPC has an active flow log
 *
 * Per VPC, over its flow logs whose status is ACTIVE (or not reported):
 * PASS when one captures ALL or REJECT traffic and its delivery has not
 * failed (deliverLogsStatus is not FAILED); FAIL when the only capturing
 * ones fail to deliver (the log exists but writes nothing: a missing
 * role permission, a deleted bucket, throttling), when they capture only
 * ACCEPT traffic, or when there is none. A VPC shared in through AWS RAM
 * (owned by another account) is NOT_APPLICABLE, its owner named: a
 * participant cannot create or describe its flow logs.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int captures(const char *traffic)
{
	return traffic &&
	       (!strcasecmp(traffic, "ALL") || !strcasecmp(traffic, "REJECT"));
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;

	if (!r->vpcs.n) {
		findings_add(out, CHECK_NA, "AWS::EC2::VPC", r->name,
			     "no VPCs in %s", r->name);
		return 0;
	}
	for (size_t i = 0; i < r->vpcs.n; i++) {
		const struct inv_vpc *v = &r->vpcs.v[i];
		const struct inv_flow_log *good = NULL, *weak = NULL,
					  *broken = NULL;
		const char *owner = inv_vpc_shared_by(cx->acct->id, v);
		char arn[160], label[256];

		for (size_t j = 0; j < r->flow_logs.n; j++) {
			const struct inv_flow_log *f = &r->flow_logs.v[j];

			if (strcmp(f->resource_id, v->id))
				continue;
			if (f->status && strcasecmp(f->status, "ACTIVE"))
				continue;
			if (f->deliver_status &&
			    !strcasecmp(f->deliver_status, "FAILED")) {
				if (!broken || captures(f->traffic_type))
					broken = f;
			} else if (captures(f->traffic_type)) {
				good = f;
			} else {
				weak = f;
			}
		}
		check_arn(cx, arn, sizeof(arn), "ec2", r->name,
			  v->owner ? v->owner : cx->acct->id, "vpc/%s", v->id);
		snprintf(label, sizeof(label), "%s%s%s%s%s", v->id,
			 v->name ? " (" : "", v->name ? v->name : "",
			 v->name ? ")" : "", v->is_default ? " [default]" : "");
		if (owner && !good)
			findings_add(out, CHECK_NA, "AWS::EC2::VPC", arn,
				     "%s in %s is shared with account %s by "
				     "its owner, account %s (AWS RAM): only "
				     "the owner can create or see its flow "
				     "logs, so it is judged in account %s%s",
				     label, r->name, cx->acct->id, owner, owner,
				     check_unassessed_note(cx, owner));
		else if (good)
			findings_add(
				out, CHECK_PASS, "AWS::EC2::VPC", arn,
				"%s in %s has flow log %s capturing %s "
				"traffic to %s",
				label, r->name, good->id, good->traffic_type,
				good->destination_type ? good->destination_type
						       : "?");
		else if (broken && (!weak || captures(broken->traffic_type)))
			findings_add(out, CHECK_FAIL, "AWS::EC2::VPC", arn,
				     "%s in %s has flow log %s capturing %s "
				     "traffic, but its delivery to %s failed "
				     "(%s): nothing is being recorded",
				     label, r->name, broken->id,
				     broken->traffic_type ? broken->traffic_type
							  : "?",
				     broken->destination_type
					     ? broken->destination_type
					     : "?",
				     broken->deliver_error &&
						     *broken->deliver_error
					     ? broken->deliver_error
					     : "no error message");
		else if (weak)
			findings_add(out, CHECK_FAIL, "AWS::EC2::VPC", arn,
				     "%s in %s has flow log %s capturing only "
				     "%s traffic: rejected connections are "
				     "not recorded",
				     label, r->name, weak->id,
				     weak->traffic_type ? weak->traffic_type
							: "?");
		else
			findings_add(out, CHECK_FAIL, "AWS::EC2::VPC", arn,
				     "%s in %s has no active flow log", label,
				     r->name);
	}
	return 0;
}

const struct check check_vpc_flow_logs_enabled = {
	.id = "vpc_flow_logs_enabled",
	.title = "Every VPC has an active flow log",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_VPC | NEED_FLOW_LOGS,
	.guidance = "Prepare: enable network logging before you need it",
	.rationale = "Flow logs are the only record of which hosts talked to "
		     "which during an intrusion: lateral movement, "
		     "command-and-control and exfiltration. They cannot be "
		     "turned on after the fact.",
	.remediation = "1. Create a flow log for the VPC with traffic type ALL "
		       "(or at least REJECT).\n"
		       "2. Deliver to a central S3 bucket or CloudWatch Logs "
		       "group with retention that meets your evidence policy.\n"
		       "3. Enforce it for new VPCs (Config rule "
		       "vpc-flow-logs-enabled, or an SCP-backed pipeline).",
	.cli_fix = "aws ec2 create-flow-logs --resource-type VPC "
		   "--resource-ids <VPC_ID> --traffic-type ALL "
		   "--log-destination-type s3 --log-destination "
		   "arn:aws:s3:::<BUCKET>/vpc-flow-logs/",
	.cfn = "FlowLog:\n  Type: AWS::EC2::FlowLog\n  Properties:\n"
	       "    ResourceId: !Ref Vpc\n    ResourceType: VPC\n"
	       "    TrafficType: ALL\n    LogDestinationType: s3\n"
	       "    LogDestination: !Sub arn:aws:s3:::${LogBucket}/vpc/",
	.doc_url = "https://docs.aws.amazon.com/vpc/latest/userguide/"
		   "flow-logs.html",
	.frameworks = "CIS-3.0:3.7;FSBP:EC2.6;SEC10-BP06;NIST-CSF-2.0:DE.CM-01",
	.run = run,
};
