/*
 * cloudwatch_dashboards.c -- the account has at least one CloudWatch
 * dashboard
 *
 * Account-level: CloudWatch dashboards are global (their ARNs name no
 * region, ListDashboards in any region lists them all, and cross-region
 * widgets graph every region), so the DASHBOARDS dataset is collected
 * once per account, and what responders need is one operational view to
 * open during an incident. Any dashboard passes.
 */
#include "check.h"

#include <stdio.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_dashboard *d =
		a->dashboards.n ? &a->dashboards.v[0] : NULL;

	if (d)
		findings_add(out, CHECK_PASS, "AWS::CloudWatch::Dashboard",
			     d->arn ? d->arn : a->id,
			     "%zu CloudWatch dashboard%s, e.g. '%s' "
			     "(dashboards are global: one can graph every "
			     "region)",
			     a->dashboards.n, a->dashboards.n == 1 ? "" : "s",
			     d->name);
	else
		findings_add(out, CHECK_FAIL, "AWS::CloudWatch::Dashboard",
			     a->id, "no CloudWatch dashboard in account %s",
			     a->id);
	return 0;
}

const struct check check_cloudwatch_dashboards = {
	.id = "cloudwatch_dashboards",
	.title = "A CloudWatch dashboard gives responders an operational view",
	.phase = PHASE_DETECTION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_DASHBOARDS,
	.guidance = "Detect: know what normal looks like",
	.rationale = "Telling an attack from a bad deploy starts with seeing "
		     "what changed: error rates, traffic, sign-ins, alarm "
		     "states. A dashboard prepared in advance answers that in "
		     "seconds; building one during an incident costs the "
		     "first, most valuable hour.",
	.remediation = "1. Build a dashboard with the workload's key metrics, "
		       "the security alarms (see baseline_cloudwatch_alarms) "
		       "and a Logs Insights widget over the CloudTrail log "
		       "group.\n"
		       "2. Use cross-region widgets so one dashboard covers "
		       "every region in use.\n"
		       "3. Link it from the incident response runbook.",
	.cli_fix = "aws cloudwatch put-dashboard --dashboard-name "
		   "incident-response --dashboard-body file://dashboard.json",
	.cfn = "Dashboard:\n  Type: AWS::CloudWatch::Dashboard\n"
	       "  Properties:\n    DashboardName: incident-response\n"
	       "    DashboardBody: '{\"widgets\":[{\"type\":\"text\","
	       "\"x\":0,\"y\":0,\"width\":24,\"height\":2,"
	       "\"properties\":{\"markdown\":\"# Incident response\"}}]}'",
	.doc_url = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/"
		   "monitoring/CloudWatch_Dashboards.html",
	.frameworks = "SEC04-BP02;SEC10-BP06;NIST-CSF-2.0:DE.AE-03",
	.extra_actions = NULL,
	.run = run,
};
