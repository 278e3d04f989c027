/*
 * waf_public_endpoints.c -- every internet-facing Application Load
 * Balancer has a WAF web ACL
 *
 * Only internet-facing load balancers of type application are judged:
 * those are what WAFv2 can protect among ELB load balancers, and what
 * the internet reaches. WAF Classic (waf-regional) associations are not
 * read.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t n = 0;

	for (size_t i = 0; i < r->load_balancers.n; i++) {
		const struct inv_load_balancer *lb = &r->load_balancers.v[i];

		if (!lb->waf_checked && lb->waf_err.code[0]) {
			n++;
			findings_add(
				out, CHECK_ERROR,
				"AWS::ElasticLoadBalancingV2::LoadBalancer",
				lb->arn,
				"could not learn which web ACL protects "
				"internet-facing ALB %s in %s (%s%s%s)",
				lb->name ? lb->name : lb->arn, r->name,
				lb->waf_err.code,
				lb->waf_err.message[0] ? ": " : "",
				lb->waf_err.message);
			continue;
		}
		if (!lb->waf_checked)
			continue; /* internal, or not an ALB */
		n++;
		if (lb->web_acl_arn)
			findings_add(
				out, CHECK_PASS,
				"AWS::ElasticLoadBalancingV2::LoadBalancer",
				lb->arn,
				"internet-facing ALB %s in %s is protected "
				"by web ACL %s",
				lb->name ? lb->name : lb->arn, r->name,
				lb->web_acl_name ? lb->web_acl_name
						 : lb->web_acl_arn);
		else
			findings_add(
				out, CHECK_FAIL,
				"AWS::ElasticLoadBalancingV2::LoadBalancer",
				lb->arn,
				"internet-facing ALB %s in %s has no WAF web "
				"ACL: there is no quick way to block an "
				"attacking address or request pattern",
				lb->name ? lb->name : lb->arn, r->name);
	}
	if (!n)
		findings_add(
			out, CHECK_NA,
			"AWS::ElasticLoadBalancingV2::LoadBalancer", r->name,
			"no internet-facing Application Load Balancer in %s",
			r->name);
	return 0;
}

const struct check check_waf_public_endpoints = {
	.id = "waf_public_endpoints",
	.title = "Internet-facing load balancers are protected by AWS WAF",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_LOAD_BALANCERS,
	.guidance = "Prepare: have a lever to block attacks at the edge",
	.rationale = "When an application is being exploited, the fastest "
		     "containment is a WAF rule: block the attacker's "
		     "addresses, a malicious header or a vulnerable path, in "
		     "minutes and without a deploy. A load balancer without "
		     "a web ACL offers no such lever, and no request-level "
		     "record of the attack.",
	.remediation =
		"1. Create a regional web ACL with the AWS managed "
		"rule groups (core rule set, known bad inputs, IP "
		"reputation), starting in Count mode if needed.\n"
		"2. Associate it with each internet-facing ALB.\n"
		"3. Keep an empty, high-priority IP set block rule ready "
		"for incident use, and enable WAF logging.",
	.cli_fix = "aws wafv2 associate-web-acl --web-acl-arn <WEB_ACL_ARN> "
		   "--resource-arn <ALB_ARN>",
	.cfn = "WebAclAssociation:\n  Type: AWS::WAFv2::WebACLAssociation\n"
	       "  Properties:\n    ResourceArn: !Ref LoadBalancer\n"
	       "    WebACLArn: !GetAtt WebAcl.Arn",
	.doc_url = "https://docs.aws.amazon.com/waf/latest/developerguide/"
		   "web-acl-associating-aws-resource.html",
	.frameworks = "SEC05-BP03;SEC10-BP06;NIST-CSF-2.0:PR.IR-01",
	.extra_actions = NULL,
	.run = run,
};
