/*
 * securityhub_enabled.c -- Security Hub is enabled with at least one
 * standard in every region
 *
 * Not subscribed (InvalidAccessException "... is not subscribed to AWS
 * Security Hub") is collected as data and fails here; an IAM denial is an
 * ERROR (see inv_securityhub.c). A standard counts when its status is
 * READY, or INCOMPLETE (enabled, some controls could not be).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int counts(const char *st)
{
	return st &&
	       (!strcasecmp(st, "READY") || !strcasecmp(st, "INCOMPLETE"));
}

/* "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0" →
 * "cis-aws-foundations-benchmark/v/1.2.0" */
static const char *short_name(const char *arn)
{
	const char *s = arn ? strstr(arn, ":standards/") : NULL;

	if (s)
		return s + 11;
	s = arn ? strstr(arn, ":ruleset/") : NULL;
	return s ? s + 9 : arn ? arn : "?";
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_securityhub *h = &r->securityhub;
	const struct inv_sh_standard *first = NULL;
	size_t n = 0;
	char arn[160];

	check_arn(cx, arn, sizeof(arn), "securityhub", r->name, cx->acct->id,
		  "hub/default");
	if (!h->subscribed) {
		findings_add(out, CHECK_FAIL, "AWS::SecurityHub::Hub", arn,
			     "Security Hub is not enabled in %s (%s)", r->name,
			     h->reason ? h->reason : "no hub");
		return 0;
	}
	for (size_t i = 0; i < r->sh_standards.n; i++)
		if (counts(r->sh_standards.v[i].status)) {
			if (!first)
				first = &r->sh_standards.v[i];
			n++;
		}
	if (h->hub_arn)
		snprintf(arn, sizeof(arn), "%s", h->hub_arn);
	if (first)
		findings_add(out, CHECK_PASS, "AWS::SecurityHub::Hub", arn,
			     "Security Hub is enabled in %s with %zu "
			     "standard%s (%s%s)",
			     r->name, n, n == 1 ? "" : "s",
			     short_name(first->standards_arn),
			     n > 1 ? ", ..." : "");
	else
		findings_add(out, CHECK_FAIL, "AWS::SecurityHub::Hub", arn,
			     "Security Hub is enabled in %s but no standard "
			     "is enabled (%zu subscription%s, none READY): "
			     "no controls are evaluated",
			     r->name, r->sh_standards.n,
			     r->sh_standards.n == 1 ? "" : "s");
	return 0;
}

const struct check check_securityhub_enabled = {
	.id = "securityhub_enabled",
	.title = "Security Hub is enabled with a standard in every region",
	.phase = PHASE_DETECTION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_SECURITYHUB,
	.guidance = "Detect: aggregate security findings in one place",
	.rationale = "Security Hub collects GuardDuty, Inspector, Macie, IAM "
		     "Access Analyzer and Config findings in one normalised "
		     "format and evaluates the security standards "
		     "continuously. Without it responders must query each "
		     "service in each region while the clock runs.",
	.remediation = "1. Enable Security Hub in every enabled region (for "
		       "an organization, with central configuration from the "
		       "delegated administrator).\n"
		       "2. Enable at least the AWS Foundational Security Best "
		       "Practices standard (and the CIS AWS Foundations "
		       "Benchmark if you report on it).\n"
		       "3. Configure cross-region aggregation to the home "
		       "region and route findings with EventBridge.",
	.cli_fix = "aws securityhub enable-security-hub "
		   "--enable-default-standards --region <REGION>",
	.cfn = "Hub:\n  Type: AWS::SecurityHub::Hub\n  Properties:\n"
	       "    EnableDefaultStandards: true",
	.doc_url = "https://docs.aws.amazon.com/securityhub/latest/userguide/"
		   "securityhub-settingup.html",
	.frameworks = "CIS-3.0:4.16;SEC04-BP02;SEC10-BP06;"
		      "NIST-CSF-2.0:DE.AE-03",
	.run = run,
};
