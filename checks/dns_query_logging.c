/*
 * dns_query_logging.c -- Route 53 Resolver query logging covers every VPC
 *
 * A VPC passes when a query logging configuration is associated with it
 * and the association is ACTIVE. CREATING, ACTION_NEEDED (the destination
 * went away or lost permissions) and FAILED associations log nothing.
 * A VPC shared in through AWS RAM is NOT_APPLICABLE, its owner named.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

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
		const struct inv_query_log_assoc *good = NULL, *bad = NULL;
		const char *owner = inv_vpc_shared_by(cx->acct->id, v);
		char arn[160];

		for (size_t j = 0; j < r->query_log_assocs.n; j++) {
			const struct inv_query_log_assoc *q =
				&r->query_log_assocs.v[j];

			if (strcmp(q->resource_id, v->id))
				continue;
			if (q->status && !strcasecmp(q->status, "ACTIVE"))
				good = q;
			else
				bad = q;
		}
		check_arn(cx, arn, sizeof(arn), "ec2", r->name,
			  v->owner ? v->owner : cx->acct->id, "vpc/%s", v->id);
		if (owner && !good)
			findings_add(out, CHECK_NA, "AWS::EC2::VPC", arn,
				     "%s in %s is shared with account %s by "
				     "its owner, account %s (AWS RAM): query "
				     "logging is associated with a VPC by its "
				     "owner, so it is judged in account %s%s",
				     v->id, r->name, cx->acct->id, owner, owner,
				     check_unassessed_note(cx, owner));
		else if (good)
			findings_add(out, CHECK_PASS, "AWS::EC2::VPC", arn,
				     "%s in %s logs its DNS queries (query log "
				     "config %s)",
				     v->id, r->name,
				     good->config_id ? good->config_id : "?");
		else if (bad)
			findings_add(
				out, CHECK_FAIL, "AWS::EC2::VPC", arn,
				"%s in %s has a query logging association "
				"that is %s%s%s",
				v->id, r->name,
				bad->status ? bad->status : "not active",
				bad->error && strcasecmp(bad->error, "NONE")
					? ": "
					: "",
				bad->error && strcasecmp(bad->error, "NONE")
					? bad->error
					: "");
		else
			findings_add(out, CHECK_FAIL, "AWS::EC2::VPC", arn,
				     "%s in %s does not log DNS queries", v->id,
				     r->name);
	}
	return 0;
}

const struct check check_dns_query_logging = {
	.id = "dns_query_logging",
	.title = "Route 53 Resolver query logging covers every VPC",
	.phase = PHASE_DETECTION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_VPC | NEED_RESOLVER_QUERY_LOGS,
	.guidance = "Detect: keep a record of name lookups",
	.rationale = "Malware resolves its command-and-control domains and "
		     "exfiltration often rides on DNS. Resolver query logs "
		     "show which instance looked up which name and when, "
		     "which scopes an incident and finds the other infected "
		     "hosts; GuardDuty's own DNS analysis keeps no queryable "
		     "record.",
	.remediation = "1. Create a Resolver query logging configuration that "
		       "delivers to CloudWatch Logs, S3 or Firehose.\n"
		       "2. Associate it with every VPC (or share it through "
		       "AWS RAM from a central account).\n"
		       "3. Watch associations in ACTION_NEEDED: the "
		       "destination lost its permissions.",
	.cli_fix = "aws route53resolver create-resolver-query-log-config "
		   "--name vpc-dns-queries --destination-arn "
		   "<LOG_GROUP_OR_BUCKET_ARN> && aws route53resolver "
		   "associate-resolver-query-log-config "
		   "--resolver-query-log-config-id <CONFIG_ID> --resource-id "
		   "<VPC_ID>",
	.cfn = "QueryLogConfig:\n  Type: AWS::Route53Resolver::"
	       "ResolverQueryLoggingConfig\n  Properties:\n"
	       "    DestinationArn: !GetAtt DnsLogGroup.Arn\n"
	       "QueryLogAssociation:\n  Type: AWS::Route53Resolver::"
	       "ResolverQueryLoggingConfigAssociation\n  Properties:\n"
	       "    ResolverQueryLogConfigId: !Ref QueryLogConfig\n"
	       "    ResourceId: !Ref Vpc",
	.doc_url = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
		   "resolver-query-logs.html",
	.frameworks = "SEC04-BP01;SEC10-BP06;NIST-CSF-2.0:DE.CM-01",
	.extra_actions = NULL,
	.run = run,
};
