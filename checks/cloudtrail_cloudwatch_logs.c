/*
 * cloudtrail_cloudwatch_logs.c -- trails deliver to CloudWatch Logs, and
 * did so recently
 *
 * A trail passes when it names a CloudWatch Logs log group and
 * GetTrailStatus's LatestCloudWatchLogsDeliveryTime is at most a day old:
 * a configured group that stopped receiving events (a broken role, a
 * deleted group) is as useless to the metric-filter alarms as none.
 * In --org runs an organization trail is judged once, in the account that
 * owns it: the members' findings are NOT_APPLICABLE, naming it.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#define CWL_MAX_AGE (24 * 3600) /* seconds */

/* "aws-cloudtrail-logs-1111" from the log group ARN (into 'buf'). */
static const char *group_name(const char *arn, char *buf, size_t size)
{
	const char *p = strstr(arn, ":log-group:");
	size_t n;

	snprintf(buf, size, "%s", p ? p + strlen(":log-group:") : arn);
	n = strlen(buf);
	if (n > 2 && !strcmp(buf + n - 2, ":*"))
		buf[n - 2] = '\0';
	return buf;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;

	if (!a->trails.n) {
		findings_add(out, CHECK_NA, "AWS::CloudTrail::Trail", a->id,
			     "no CloudTrail trails in account %s", a->id);
		return 0;
	}
	for (size_t i = 0; i < a->trails.n; i++) {
		const struct inv_trail *t = &a->trails.v[i];
		const char *err = t->cwl_delivery_error;
		char group[512];
		long age;

		if (check_org_trail_elsewhere(cx, t,
					      "its CloudWatch Logs delivery is "
					      "judged",
					      out))
			continue;
		if (!t->log_group) {
			findings_add(out, CHECK_FAIL, "AWS::CloudTrail::Trail",
				     t->arn,
				     "trail '%s' (home %s) does not deliver to "
				     "CloudWatch Logs: no metric filter or "
				     "alarm can watch its events%s",
				     t->name, t->home_region,
				     check_org_trail_fallback(cx, t));
			continue;
		}
		if (!t->status_checked && t->detail_err.code[0]) {
			findings_add(
				out, CHECK_ERROR, "AWS::CloudTrail::Trail",
				t->arn,
				"%strail '%s' (home %s) names log group %s, "
				"but its status could not be read from "
				"account %s (%s: %s)%s",
				t->organization ? "organization " : "", t->name,
				t->home_region,
				group_name(t->log_group, group, sizeof(group)),
				a->id, t->detail_err.code,
				t->detail_err.message,
				check_org_trail_fallback(cx, t));
			continue;
		}
		if (!t->status_checked || !t->latest_cwl_delivery) {
			findings_add(
				out, CHECK_FAIL, "AWS::CloudTrail::Trail",
				t->arn,
				"trail '%s' (home %s) names log group %s "
				"but has never delivered to it%s%s%s",
				t->name, t->home_region,
				group_name(t->log_group, group, sizeof(group)),
				err ? ": " : "", err ? err : "",
				check_org_trail_fallback(cx, t));
			continue;
		}
		age = cx->now > t->latest_cwl_delivery
			      ? (long)(cx->now - t->latest_cwl_delivery)
			      : 0;
		if (age > CWL_MAX_AGE)
			findings_add(
				out, CHECK_FAIL, "AWS::CloudTrail::Trail",
				t->arn,
				"trail '%s' (home %s) last delivered to "
				"log group %s %ld day%s ago%s%s%s",
				t->name, t->home_region,
				group_name(t->log_group, group, sizeof(group)),
				age / 86400, age / 86400 == 1 ? "" : "s",
				err ? ": " : "", err ? err : "",
				check_org_trail_fallback(cx, t));
		else
			findings_add(
				out, CHECK_PASS, "AWS::CloudTrail::Trail",
				t->arn,
				"trail '%s' (home %s) delivered to log "
				"group %s %ld minutes ago%s",
				t->name, t->home_region,
				group_name(t->log_group, group, sizeof(group)),
				age / 60, check_org_trail_fallback(cx, t));
	}
	return 0;
}

const struct check check_cloudtrail_cloudwatch_logs = {
	.id = "cloudtrail_cloudwatch_logs",
	.title = "CloudTrail trails deliver to CloudWatch Logs",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_CLOUDTRAIL,
	.guidance = "Prepare: make API activity searchable and alertable in "
		    "near real time",
	.rationale = "Trail files in S3 arrive in batches and need a query "
		     "engine; events in CloudWatch Logs can be searched with "
		     "Logs Insights within minutes and drive metric-filter "
		     "alarms on root use, denied calls and configuration "
		     "changes. A delivery that silently stopped leaves those "
		     "alarms watching nothing.",
	.remediation = "1. Create a log group (with a retention that meets "
		       "your evidence policy) and an IAM role CloudTrail can "
		       "assume to write to it.\n"
		       "2. Point the trail at both (update-trail "
		       "--cloud-watch-logs-log-group-arn ... "
		       "--cloud-watch-logs-role-arn ...).\n"
		       "3. If the trail names a group but delivery is stale, "
		       "read LatestCloudWatchLogsDeliveryError in "
		       "get-trail-status and fix the role's trust or "
		       "permissions.",
	.cli_fix = "aws cloudtrail update-trail --name <TRAIL> "
		   "--cloud-watch-logs-log-group-arn <LOG_GROUP_ARN> "
		   "--cloud-watch-logs-role-arn <ROLE_ARN>",
	.cfn = "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n"
	       "    IsLogging: true\n    IsMultiRegionTrail: true\n"
	       "    S3BucketName: !Ref TrailBucket\n"
	       "    CloudWatchLogsLogGroupArn: !GetAtt TrailLogGroup.Arn\n"
	       "    CloudWatchLogsRoleArn: !GetAtt TrailLogsRole.Arn",
	.doc_url = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
		   "send-cloudtrail-events-to-cloudwatch-logs.html",
	.frameworks = "FSBP:CloudTrail.5;SEC04-BP01;SEC10-BP06;"
		      "NIST-CSF-2.0:PR.PS-04",
	.extra_actions = NULL,
	.run = run,
};
