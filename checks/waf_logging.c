/*
 * waf_logging.c -- every WAF web ACL logs its requests
 *
 * Regional web ACLs in each region, and CloudFront web ACLs (listed in
 * us-east-1, where they live, and only when us-east-1 is audited). A web
 * ACL passes when GetLoggingConfiguration returns a configuration.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;

	if (!r->web_acls.n) {
		findings_add(out, CHECK_NA, "AWS::WAFv2::WebACL", r->name,
			     "no WAF web ACLs in %s", r->name);
		return 0;
	}
	for (size_t i = 0; i < r->web_acls.n; i++) {
		const struct inv_web_acl *w = &r->web_acls.v[i];
		const char *scope =
			w->scope && !strcasecmp(w->scope, "CLOUDFRONT")
				? "CloudFront"
				: "regional";

		if (!w->logging && w->logging_err.code[0])
			findings_add(out, CHECK_ERROR, "AWS::WAFv2::WebACL",
				     w->arn,
				     "could not read the logging configuration "
				     "of %s web ACL %s in %s (%s%s%s)",
				     scope, w->name ? w->name : w->arn, r->name,
				     w->logging_err.code,
				     w->logging_err.message[0] ? ": " : "",
				     w->logging_err.message);
		else if (w->logging)
			findings_add(out, CHECK_PASS, "AWS::WAFv2::WebACL",
				     w->arn, "%s web ACL %s in %s logs to %s",
				     scope, w->name ? w->name : w->arn, r->name,
				     w->log_destination ? w->log_destination
							: "?");
		else
			findings_add(
				out, CHECK_FAIL, "AWS::WAFv2::WebACL", w->arn,
				"%s web ACL %s in %s does not log: "
				"blocked and allowed requests leave no "
				"record",
				scope, w->name ? w->name : w->arn, r->name);
	}
	return 0;
}

const struct check check_waf_logging = {
	.id = "waf_logging",
	.title = "WAF web ACLs log the requests they inspect",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_WAF_ACLS,
	.guidance = "Prepare: keep request-level evidence of web attacks",
	.rationale = "WAF logs hold each inspected request: client address, "
		     "headers, URI, the rule that matched and the action. "
		     "They show what an attacker tried, whether it got "
		     "through, and from where, which load balancer access "
		     "logs alone do not.",
	.remediation =
		"1. Create a destination whose name starts with "
		"aws-waf-logs-: a CloudWatch Logs group, an S3 bucket or "
		"a Firehose stream.\n"
		"2. Enable logging on each web ACL "
		"(put-logging-configuration), redacting fields that "
		"carry secrets such as the Authorization header.\n"
		"3. Give the log destination a retention that meets "
		"your evidence policy.",
	.cli_fix = "aws wafv2 put-logging-configuration "
		   "--logging-configuration ResourceArn=<WEB_ACL_ARN>,"
		   "LogDestinationConfigs=<AWS_WAF_LOGS_DESTINATION_ARN>",
	.cfn = "WafLogging:\n  Type: AWS::WAFv2::LoggingConfiguration\n"
	       "  Properties:\n    ResourceArn: !GetAtt WebAcl.Arn\n"
	       "    LogDestinationConfigs:\n"
	       "      - !GetAtt WafLogGroup.Arn",
	.doc_url = "https://docs.aws.amazon.com/waf/latest/developerguide/"
		   "logging.html",
	.frameworks = "SEC04-BP01;SEC10-BP06;NIST-CSF-2.0:PR.PS-04",
	.extra_actions = NULL,
	.run = run,
};
