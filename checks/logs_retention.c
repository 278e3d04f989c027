/*
 * logs_retention.c -- CloudWatch Logs log groups keep their events for at
 * least params.log_retention_min_days
 *
 * A log group without retentionInDays never expires its events: that
 * passes. Intrusions are found months after they start (the median dwell
 * time is measured in weeks), so a 7-day default throws away the record
 * of the beginning before anyone knows to look.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	long min = cx->params->log_retention_min_days;

	if (!r->log_groups.n) {
		findings_add(out, CHECK_NA, "AWS::Logs::LogGroup", r->name,
			     "no CloudWatch Logs log groups in %s", r->name);
		return 0;
	}
	for (size_t i = 0; i < r->log_groups.n; i++) {
		const struct inv_log_group *g = &r->log_groups.v[i];
		char arn[1200];
		size_t n;

		/* DescribeLogGroups' arn ends in ":*"; the group's does not */
		snprintf(arn, sizeof(arn), "%s", g->arn ? g->arn : g->name);
		n = strlen(arn);
		if (n > 2 && !strcmp(arn + n - 2, ":*"))
			arn[n - 2] = '\0';
		if (!g->retention_days)
			findings_add(out, CHECK_PASS, "AWS::Logs::LogGroup",
				     arn,
				     "log group %s in %s never expires its "
				     "events",
				     g->name, r->name);
		else if (g->retention_days >= min)
			findings_add(out, CHECK_PASS, "AWS::Logs::LogGroup",
				     arn,
				     "log group %s in %s keeps events %ld days "
				     "(at least %ld)",
				     g->name, r->name, g->retention_days, min);
		else
			findings_add(out, CHECK_FAIL, "AWS::Logs::LogGroup",
				     arn,
				     "log group %s in %s keeps events only %ld "
				     "day%s, less than the %ld the policy "
				     "requires",
				     g->name, r->name, g->retention_days,
				     g->retention_days == 1 ? "" : "s", min);
	}
	return 0;
}

const struct check check_logs_retention = {
	.id = "logs_retention",
	.title = "CloudWatch Logs log groups keep events long enough",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_LOG_GROUPS,
	.guidance = "Prepare: retain logs for as long as investigations look "
		    "back",
	.rationale = "Investigations reconstruct what happened from the "
		     "first foothold on, often weeks or months before the "
		     "detection. Log groups that expire events after days "
		     "erase exactly that history; retention is cheap "
		     "compared with an investigation that cannot reach the "
		     "start of the intrusion.",
	.remediation = "1. Set the retention of each short-lived log group to "
		       "at least the policy's log_retention_min_days "
		       "(put-retention-policy; valid values include 365, 400, "
		       "545, 731, 1827, 3653).\n"
		       "2. Export or subscribe older data to S3 with lifecycle "
		       "rules to Glacier if keeping it in CloudWatch Logs is "
		       "too costly.\n"
		       "3. Set retention when log groups are created (in "
		       "CloudFormation, Lambda or the agent configuration) so "
		       "new groups start compliant.",
	.cli_fix = "aws logs put-retention-policy --log-group-name "
		   "<LOG_GROUP> --retention-in-days 365",
	.cfn = "LogGroup:\n  Type: AWS::Logs::LogGroup\n  Properties:\n"
	       "    LogGroupName: /app/example\n    RetentionInDays: 365",
	.doc_url = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/"
		   "Working-with-log-groups-and-streams.html",
	.frameworks = "SEC04-BP01;SEC10-BP03;NIST-CSF-2.0:PR.PS-04",
	.extra_actions = NULL,
	.run = run,
};
