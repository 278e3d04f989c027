/*
 * baseline_cloudwatch_alarms.c -- the CIS metric filters exist on the
 * CloudTrail log group, each with an alarm that notifies someone
 *
 * Which log group: the CloudWatch Logs group of the account's
 * multi-region trails (or, if none of those delivers to CloudWatch Logs,
 * of any trail that does). The check is regional but judges once: in the
 * region of that log group, with one finding per baseline item (CIS AWS
 * Foundations 3.0, 4.1-4.6, 4.10, 4.11); the other regions are
 * NOT_APPLICABLE, so a denial in a region that holds no trail log group
 * does not hide the verdict. With no trail delivering to CloudWatch Logs
 * every item fails, in the home region.
 *
 * How a filter is matched: its pattern, with white space and double
 * quotes removed, must contain every key term of the item, each followed
 * by a character that cannot continue a name (so "CreatePolicy" does not
 * match inside "CreatePolicyVersion"):
 *
 *   root use              $.userIdentity.type=Root
 *   unauthorized calls    $.errorCode=*UnauthorizedOperation and
 *                         $.errorCode=AccessDenied*
 *   sign-in without MFA   $.eventName=ConsoleLogin and
 *                         $.additionalEventData.MFAUsed!=Yes
 *   sign-in failures      $.eventName=ConsoleLogin and
 *                         $.errorMessage=Failedauthentication
 *   IAM policy changes    $.eventName=X for the 16 policy calls CIS lists
 *   CloudTrail changes    CreateTrail UpdateTrail DeleteTrail StartLogging
 *                         StopLogging
 *   SG changes            Authorize/RevokeSecurityGroupIngress/Egress,
 *                         Create/DeleteSecurityGroup
 *   NACL changes          Create/DeleteNetworkAcl[Entry],
 *                         ReplaceNetworkAclEntry/Association
 *
 * The CIS patterns' noise filters (invokedBy NOT EXISTS, the HeadBucket
 * and delivery.logs exclusions) and the && / || structure are not
 * required: they narrow a filter, they do not decide what it watches. The
 * filter's metric (name and namespace) must then have a metric alarm with
 * actions enabled and at least one alarm action.
 *
 * Metric filters and alarms are one dataset: if either call failed in the
 * judging region, the runner reports ERROR there (a denied DescribeAlarms
 * next to a readable DescribeMetricFilters proves nothing). An item not
 * found while another trail log group's region failed is ERROR too.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

#define MAX_TERMS 17

struct item {
	const char *key;  /* resource id: "cis-baseline/<key>" */
	const char *what; /* "root account usage" */
	const char *cis;
	const char *terms[MAX_TERMS];
};

#define EV "$.eventName="

static const struct item items[] = {
	{ "root-account-usage",
	  "root account usage",
	  "4.3",
	  { "$.userIdentity.type=Root" } },
	{ "unauthorized-api-calls",
	  "unauthorized API calls",
	  "4.1",
	  { "$.errorCode=*UnauthorizedOperation",
	    "$.errorCode=AccessDenied*" } },
	{ "console-signin-without-mfa",
	  "console sign-in without MFA",
	  "4.2",
	  { EV "ConsoleLogin", "$.additionalEventData.MFAUsed!=Yes" } },
	{ "console-auth-failures",
	  "console authentication failures",
	  "4.6",
	  { EV "ConsoleLogin", "$.errorMessage=Failedauthentication" } },
	{ "iam-policy-changes",
	  "IAM policy changes",
	  "4.4",
	  { EV "DeleteGroupPolicy", EV "DeleteRolePolicy",
	    EV "DeleteUserPolicy", EV "PutGroupPolicy", EV "PutRolePolicy",
	    EV "PutUserPolicy", EV "CreatePolicy", EV "DeletePolicy",
	    EV "CreatePolicyVersion", EV "DeletePolicyVersion",
	    EV "AttachRolePolicy", EV "DetachRolePolicy", EV "AttachUserPolicy",
	    EV "DetachUserPolicy", EV "AttachGroupPolicy",
	    EV "DetachGroupPolicy" } },
	{ "cloudtrail-changes",
	  "CloudTrail configuration changes",
	  "4.5",
	  { EV "CreateTrail", EV "UpdateTrail", EV "DeleteTrail",
	    EV "StartLogging", EV "StopLogging" } },
	{ "security-group-changes",
	  "security group changes",
	  "4.10",
	  { EV "AuthorizeSecurityGroupIngress",
	    EV "AuthorizeSecurityGroupEgress", EV "RevokeSecurityGroupIngress",
	    EV "RevokeSecurityGroupEgress", EV "CreateSecurityGroup",
	    EV "DeleteSecurityGroup" } },
	{ "nacl-changes",
	  "network ACL changes",
	  "4.11",
	  { EV "CreateNetworkAcl", EV "CreateNetworkAclEntry",
	    EV "DeleteNetworkAcl", EV "DeleteNetworkAclEntry",
	    EV "ReplaceNetworkAclEntry", EV "ReplaceNetworkAclAssociation" } },
};

#define NITEMS     (sizeof(items) / sizeof(items[0]))
#define MAX_GROUPS 8

/* A CloudTrail log group: its region and name, from its ARN. */
struct group {
	char region[32], account[16], name[512];
	const struct inv_region *r; /* NULL: region not audited */
};

static int parse_group(const char *arn, struct group *g)
{
	const char *p = arn, *lg = strstr(arn, ":log-group:");
	size_t n;

	/* arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*] */
	for (int i = 0; i < 3 && p; i++) {
		p = strchr(p, ':');
		if (p)
			p++;
	}
	if (!p || !lg || !strchr(p, ':'))
		return -1;
	n = (size_t)(strchr(p, ':') - p);
	if (!n || n >= sizeof(g->region))
		return -1;
	memcpy(g->region, p, n);
	g->region[n] = '\0';
	p += n + 1;
	n = strcspn(p, ":");
	snprintf(g->account, sizeof(g->account), "%.*s",
		 (int)(n < sizeof(g->account) ? n : 0), p);
	snprintf(g->name, sizeof(g->name), "%s", lg + strlen(":log-group:"));
	n = strlen(g->name);
	if (n > 2 && !strcmp(g->name + n - 2, ":*"))
		g->name[n - 2] = '\0';
	return 0;
}

static int name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '*' || c == '.';
}

/* Does the squeezed pattern hold 'term' as a whole term? */
static int has_term(const char *pat, const char *term)
{
	size_t n = strlen(term);

	for (const char *p = strstr(pat, term); p; p = strstr(p + 1, term))
		if (!name_char(p[n]))
			return 1;
	return 0;
}

static int matches(const char *pattern, const struct item *it)
{
	char sq[4096];
	size_t n = 0;

	if (!pattern)
		return 0;
	for (const char *p = pattern; *p && n + 1 < sizeof(sq); p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
		    *p != '"')
			sq[n++] = *p;
	sq[n] = '\0';
	for (size_t k = 0; k < MAX_TERMS && it->terms[k]; k++)
		if (!has_term(sq, it->terms[k]))
			return 0;
	return 1;
}

static const struct inv_alarm *alarm_for(const struct inv_region *r,
					 const struct inv_metric_filter *f)
{
	for (size_t i = 0; f->metric_name && i < r->alarms.n; i++) {
		const struct inv_alarm *a = &r->alarms.v[i];

		if (a->metric_name && !strcmp(a->metric_name, f->metric_name) &&
		    a->metric_namespace && f->metric_namespace &&
		    !strcmp(a->metric_namespace, f->metric_namespace) &&
		    a->actions_enabled && a->nactions)
			return a;
	}
	return NULL;
}

static void judge(const struct item *it, const struct group *gs, size_t ng,
		  const struct inv_region *failed, struct findings *out)
{
	const struct inv_metric_filter *orphan = NULL;
	const struct group *orphan_g = NULL;
	char res[96];

	snprintf(res, sizeof(res), "cis-baseline/%s", it->key);
	for (size_t k = 0; k < ng; k++) {
		const struct inv_region *r = gs[k].r;

		for (size_t i = 0; r && i < r->metric_filters.n; i++) {
			const struct inv_metric_filter *f =
				&r->metric_filters.v[i];
			const struct inv_alarm *a;

			if (!f->log_group || strcmp(f->log_group, gs[k].name) ||
			    !matches(f->pattern, it))
				continue;
			a = alarm_for(r, f);
			if (!a) {
				orphan = f;
				orphan_g = &gs[k];
				continue;
			}
			findings_add(
				out, CHECK_PASS, "AWS::Logs::MetricFilter", res,
				"metric filter '%s' on log group %s (%s) "
				"counts %s (CIS %s); alarm '%s' notifies %s",
				f->name, gs[k].name, gs[k].region, it->what,
				it->cis, a->name ? a->name : "?",
				a->first_action ? a->first_action : "?");
			return;
		}
	}
	if (failed) {
		const struct aws_error *e =
			&failed->status[DS_METRIC_ALARMS].err;

		/* the group in that region might hold it: unknown, not FAIL */
		findings_add(out, CHECK_ERROR, "", res,
			     "%s: no match in %s, and could not collect %s: "
			     "%s%s%s%s%s",
			     it->what, gs[0].region,
			     inv_dataset_desc(DS_METRIC_ALARMS),
			     e->code[0] ? e->code : "error",
			     e->action[0] ? " on " : "", e->action,
			     e->region[0] ? " in " : "", e->region);
		return;
	}
	if (orphan)
		findings_add(out, CHECK_FAIL, "AWS::Logs::MetricFilter", res,
			     "metric filter '%s' on log group %s (%s) counts "
			     "%s, but no alarm with actions watches its metric "
			     "%s/%s",
			     orphan->name, orphan_g->name, orphan_g->region,
			     it->what,
			     orphan->metric_namespace ? orphan->metric_namespace
						      : "?",
			     orphan->metric_name ? orphan->metric_name : "?");
	else
		findings_add(out, CHECK_FAIL, "AWS::Logs::MetricFilter", res,
			     "no metric filter on the CloudTrail log group%s "
			     "%s (%s) matches the CIS %s pattern for %s",
			     ng > 1 ? "s, e.g." : "", gs[0].name, gs[0].region,
			     it->cis, it->what);
}

static const struct inv_region *find_region(const struct inv_account *a,
					    const char *name)
{
	for (size_t i = 0; name && i < a->nregions; i++)
		if (!strcmp(a->regions[i].name, name))
			return &a->regions[i];
	return NULL;
}

/*
 * The CloudTrail log groups to look at: those of multi-region trails, or
 * of any trail when no multi-region trail delivers to CloudWatch Logs.
 * Groups in another account (an organization trail's, in the management
 * or log-archive account) are left out; '*elsewhere' gets the first trail
 * that delivers to one.
 */
static size_t trail_groups(const struct inv_account *a, struct group *gs,
			   const struct inv_trail **elsewhere)
{
	size_t ng = 0;
	int multi = 0;

	for (size_t i = 0; i < a->trails.n; i++)
		multi |=
			a->trails.v[i].multi_region && a->trails.v[i].log_group;
	for (size_t i = 0; i < a->trails.n && ng < MAX_GROUPS; i++) {
		const struct inv_trail *t = &a->trails.v[i];
		struct group *g = &gs[ng];
		int dup = 0;

		if (!t->log_group || (multi && !t->multi_region) ||
		    parse_group(t->log_group, g))
			continue;
		/* another account's group (an organization trail's): its
		 * filters and alarms live there */
		if (g->account[0] && a->id && strcmp(g->account, a->id)) {
			if (!*elsewhere)
				*elsewhere = t;
			continue;
		}
		for (size_t k = 0; k < ng; k++)
			dup |= !strcmp(gs[k].name, g->name) &&
			       !strcmp(gs[k].region, g->region);
		if (dup)
			continue;
		g->r = find_region(a, g->region);
		ng++;
	}
	return ng;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_region *here = cx->region, *home, *failed = NULL;
	struct group gs[MAX_GROUPS], use[MAX_GROUPS];
	const struct inv_trail *elsewhere = NULL;
	size_t ng = trail_groups(a, gs, &elsewhere), nuse = 0;

	if (!ng && elsewhere) {
		struct group g;

		parse_group(elsewhere->log_group, &g);
		findings_add(out, CHECK_NA, "AWS::Logs::LogGroup", here->name,
			     "%strail '%s' delivers to log group %s in "
			     "account %s (%s): its metric filters and alarms "
			     "live there, so the baseline is judged in account "
			     "%s%s",
			     elsewhere->organization ? "organization " : "",
			     elsewhere->name, g.name, g.account, g.region,
			     g.account, check_unassessed_note(cx, g.account));
		return 0;
	}
	if (!ng) {
		/* judged once: in the home region, else the first audited */
		home = find_region(a, a->home_region);
		if (!home)
			home = &a->regions[0];
		if (here != home) {
			findings_add(out, CHECK_NA, "AWS::Logs::MetricFilter",
				     here->name,
				     "no CloudTrail log group: the baseline is "
				     "judged in %s",
				     home->name);
			return 0;
		}
		for (size_t k = 0; k < NITEMS; k++) {
			char res[96];

			snprintf(res, sizeof(res), "cis-baseline/%s",
				 items[k].key);
			findings_add(out, CHECK_FAIL, "AWS::Logs::MetricFilter",
				     res,
				     "no CloudTrail trail delivers to "
				     "CloudWatch Logs, so nothing can raise "
				     "an alarm on %s (CIS %s)",
				     items[k].what, items[k].cis);
		}
		return 0;
	}
	/* judged once, in the region of the first audited trail log group */
	for (size_t k = 0; k < ng; k++) {
		if (!gs[k].r)
			continue;
		if (!nuse && gs[k].r != here) {
			findings_add(
				out, CHECK_NA, "AWS::Logs::MetricFilter",
				here->name,
				"the CloudTrail log group %s is in %s: the "
				"baseline is judged there",
				gs[k].name, gs[k].region);
			return 0;
		}
		if (gs[k].r->status[DS_METRIC_ALARMS].state == INV_FAILED) {
			if (!failed)
				failed = gs[k].r;
			continue;
		}
		use[nuse++] = gs[k];
	}
	if (!nuse) {
		findings_add(out, CHECK_NA, "AWS::Logs::LogGroup", here->name,
			     "the CloudTrail log group %s is in %s, which this "
			     "audit does not cover",
			     gs[0].name, gs[0].region);
		return 0;
	}
	for (size_t k = 0; k < NITEMS; k++)
		judge(&items[k], use, nuse, failed, out);
	return 0;
}

const struct check check_baseline_cloudwatch_alarms = {
	.id = "baseline_cloudwatch_alarms",
	.title = "CIS metric filters and alarms watch the CloudTrail log group",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_CLOUDTRAIL | NEED_METRIC_ALARMS,
	.guidance = "Prepare: alert on the API calls attackers make first",
	.rationale = "Root sign-ins, bursts of AccessDenied, console logins "
		     "without MFA and changes to IAM policies, trails, "
		     "security groups and network ACLs are how account "
		     "takeovers and defence evasion begin. Metric filters on "
		     "the CloudTrail log group with alarms that page someone "
		     "turn those events into a response in minutes instead "
		     "of a discovery weeks later.",
	.remediation = "1. Make sure a multi-region trail delivers to a "
		       "CloudWatch Logs group (see cloudtrail_cloudwatch_logs)."
		       "\n"
		       "2. For each missing item, create the CIS metric filter "
		       "on that log group (put-metric-filter) with a metric in "
		       "a namespace such as CISBenchmark.\n"
		       "3. Create an alarm on each metric (Sum >= 1 over 5 "
		       "minutes) whose action is your security alert SNS "
		       "topic, and confirm someone is subscribed.",
	.cli_fix = "aws logs put-metric-filter --log-group-name "
		   "<CLOUDTRAIL_LOG_GROUP> --filter-name root-account-usage "
		   "--metric-transformations metricName=RootAccountUsage,"
		   "metricNamespace=CISBenchmark,metricValue=1 "
		   "--filter-pattern '{ $.userIdentity.type = \"Root\" && "
		   "$.userIdentity.invokedBy NOT EXISTS && $.eventType != "
		   "\"AwsServiceEvent\" }' && aws cloudwatch put-metric-alarm "
		   "--alarm-name root-account-usage --metric-name "
		   "RootAccountUsage --namespace CISBenchmark --statistic Sum "
		   "--period 300 --threshold 1 --comparison-operator "
		   "GreaterThanOrEqualToThreshold --evaluation-periods 1 "
		   "--alarm-actions <SNS_TOPIC_ARN>",
	.cfn = "RootUseFilter:\n  Type: AWS::Logs::MetricFilter\n"
	       "  Properties:\n    LogGroupName: !Ref TrailLogGroup\n"
	       "    FilterPattern: '{ $.userIdentity.type = \"Root\" && "
	       "$.userIdentity.invokedBy NOT EXISTS && $.eventType != "
	       "\"AwsServiceEvent\" }'\n"
	       "    MetricTransformations:\n"
	       "      - MetricName: RootAccountUsage\n"
	       "        MetricNamespace: CISBenchmark\n"
	       "        MetricValue: '1'\n"
	       "RootUseAlarm:\n  Type: AWS::CloudWatch::Alarm\n"
	       "  Properties:\n    MetricName: RootAccountUsage\n"
	       "    Namespace: CISBenchmark\n    Statistic: Sum\n"
	       "    Period: 300\n    EvaluationPeriods: 1\n    Threshold: 1\n"
	       "    ComparisonOperator: GreaterThanOrEqualToThreshold\n"
	       "    AlarmActions: [!Ref SecurityAlertsTopic]",
	.doc_url = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
		   "cloudwatch-alarms-for-cloudtrail.html",
	.frameworks = "CIS-3.0:4.1;CIS-3.0:4.2;CIS-3.0:4.3;CIS-3.0:4.4;"
		      "CIS-3.0:4.5;CIS-3.0:4.6;CIS-3.0:4.10;CIS-3.0:4.11;"
		      "SEC04-BP02;SEC10-BP06;NIST-CSF-2.0:DE.CM-09",
	.extra_actions = NULL,
	.run = run,
};
