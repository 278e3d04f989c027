/*
 * inv_cloudwatch.c -- CloudWatch Logs log groups and metric filters,
 * CloudWatch alarms and dashboards
 *
 * CloudWatch Logs speaks json (nextToken paging); CloudWatch itself speaks
 * query in the botocore models irready follows (NextToken paging, lists
 * as <member>). The metric-filter dataset takes both DescribeMetricFilters
 * and DescribeAlarms: a filter without its alarm proves nothing, so if
 * either call fails the dataset fails.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>

/* DescribeLogGroups */

static int log_groups_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *g;

	if (!ajson_array(page, "logGroups") &&
	    cJSON_GetObjectItemCaseSensitive(page, "logGroups"))
		return inv_malformed(cx, arg, "a logGroups that is not a list");
	cJSON_ArrayForEach(g, ajson_array(page, "logGroups"))
	{
		struct inv_log_group *lg =
			INV_PUSH(cx->arena, cx->region->log_groups);

		lg->name = ajson_str(cx->arena, g, "logGroupName");
		lg->arn = ajson_str(cx->arena, g, "arn");
		lg->kms_key = ajson_str(cx->arena, g, "kmsKeyId");
		lg->retention_days = (long)ajson_num(g, "retentionInDays", 0);
		lg->metric_filter_count =
			(long)ajson_num(g, "metricFilterCount", 0);
		if (!lg->name)
			return inv_malformed(
				cx, arg, "a log group without logGroupName");
	}
	return 0;
}

int inv_collect_log_groups(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "logs",
				   .action = "DescribeLogGroups",
				   .json_body = "{}",
				   .token_param = "nextToken" };

	return inv_json_pages(cx, &req, "nextToken", log_groups_page, &req);
}

/* DescribeMetricFilters + DescribeAlarms */

static int filters_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, ajson_array(page, "metricFilters"))
	{
		const cJSON *mt = ajson_array(f, "metricTransformations");
		const cJSON *t;
		const char *name = ajson_str(cx->arena, f, "filterName");
		const char *group = ajson_str(cx->arena, f, "logGroupName");
		const char *pattern = ajson_str(cx->arena, f, "filterPattern");
		int n = 0;

		if (!name)
			return inv_malformed(
				cx, arg, "a metric filter without filterName");
		cJSON_ArrayForEach(t, mt)
		{
			struct inv_metric_filter *m =
				INV_PUSH(cx->arena, cx->region->metric_filters);

			m->name = name;
			m->log_group = group;
			m->pattern = pattern;
			m->metric_name = ajson_str(cx->arena, t, "metricName");
			m->metric_namespace =
				ajson_str(cx->arena, t, "metricNamespace");
			n++;
		}
		if (!n) {
			struct inv_metric_filter *m =
				INV_PUSH(cx->arena, cx->region->metric_filters);

			m->name = name;
			m->log_group = group;
			m->pattern = pattern;
		}
	}
	return 0;
}

static int alarms_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	(void)arg;
	for (struct axml_node *it = axml_items(axml_child(res, "MetricAlarms"));
	     it; it = axml_next(it)) {
		struct inv_alarm *al = INV_PUSH(cx->arena, cx->region->alarms);
		struct axml_node *acts =
			axml_items(axml_child(it, "AlarmActions"));

		al->name = axml_str(cx->arena, it, "AlarmName");
		al->arn = axml_str(cx->arena, it, "AlarmArn");
		al->metric_name = axml_str(cx->arena, it, "MetricName");
		al->metric_namespace = axml_str(cx->arena, it, "Namespace");
		al->state = axml_str(cx->arena, it, "StateValue");
		/* ActionsEnabled defaults to true (PutMetricAlarm) */
		al->actions_enabled = axml_bool(it, "ActionsEnabled", 1);
		for (struct axml_node *a = acts; a; a = axml_next(a)) {
			if (!al->first_action)
				al->first_action = axml_str(cx->arena, a, "");
			al->nactions++;
		}
	}
	return 0;
}

int inv_collect_metric_alarms(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "logs",
				   .action = "DescribeMetricFilters",
				   .json_body = "{}",
				   .token_param = "nextToken" };
	struct aws_request areq = { .service = "cloudwatch",
				    .action = "DescribeAlarms",
				    .token_param = "NextToken" };
	int rc = inv_json_pages(cx, &req, "nextToken", filters_page, &req);

	if (!rc)
		rc = inv_xml_pages(cx, &areq, "NextToken", alarms_page, &areq);
	return rc;
}

/*
 * ListDashboards, once per account (in the home region): dashboards are
 * global -- their ARNs name no region, and any region's endpoint lists
 * them all.
 */

static int dashboards_page(struct collect_ctx *cx, struct axml_node *res,
			   void *arg)
{
	for (struct axml_node *it =
		     axml_items(axml_child(res, "DashboardEntries"));
	     it; it = axml_next(it)) {
		struct inv_dashboard *d =
			INV_PUSH(cx->arena, cx->acct->dashboards);

		d->name = axml_str(cx->arena, it, "DashboardName");
		d->arn = axml_str(cx->arena, it, "DashboardArn");
		if (!d->name)
			return inv_malformed(
				cx, arg, "a dashboard without DashboardName");
	}
	return 0;
}

int inv_collect_dashboards(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "cloudwatch",
				   .action = "ListDashboards",
				   .token_param = "NextToken" };

	return inv_xml_pages(cx, &req, "NextToken", dashboards_page, &req);
}

/* `irready inventory`: what LOG_GROUPS holds */
static void log_groups_json(cJSON *o, const struct inv_account *acct,
			    const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "log_groups");
	for (size_t i = 0; i < r->log_groups.n; i++) {
		const struct inv_log_group *g = &r->log_groups.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "name", g->name);
		inv_json_str(x, "arn", g->arn);
		if (g->retention_days)
			cJSON_AddNumberToObject(x, "retention_days",
						(double)g->retention_days);
		else
			cJSON_AddNullToObject(x, "retention_days");
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_log_groups = {
	.name = "LOG_GROUPS",
	.scope = INV_REGION,
	.description = "CloudWatch Logs log groups",
	.actions = "logs:DescribeLogGroups",
	.collect = inv_collect_log_groups,
	.dump = log_groups_json,
};

/* `irready inventory`: what METRIC_ALARMS holds */
static void metric_alarms_json(cJSON *o, const struct inv_account *acct,
			       const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "metric_filters");
	for (size_t i = 0; i < r->metric_filters.n; i++) {
		const struct inv_metric_filter *f = &r->metric_filters.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "log_group", f->log_group);
		inv_json_str(x, "name", f->name);
		inv_json_str(x, "pattern", f->pattern);
		inv_json_str(x, "metric_name", f->metric_name);
		inv_json_str(x, "metric_namespace", f->metric_namespace);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "alarms");
	for (size_t i = 0; i < r->alarms.n; i++) {
		const struct inv_alarm *al = &r->alarms.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "name", al->name);
		inv_json_str(x, "metric_name", al->metric_name);
		inv_json_str(x, "metric_namespace", al->metric_namespace);
		cJSON_AddBoolToObject(x, "actions_enabled",
				      al->actions_enabled);
		cJSON_AddNumberToObject(x, "alarm_actions",
					(double)al->nactions);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_metric_alarms = {
	.name = "METRIC_ALARMS",
	.scope = INV_REGION,
	.description = "CloudWatch Logs metric filters and CloudWatch alarms",
	.actions = "logs:DescribeMetricFilters cloudwatch:DescribeAlarms",
	.collect = inv_collect_metric_alarms,
	.dump = metric_alarms_json,
};

/* `irready inventory`: what DASHBOARDS holds */
static void dashboards_json(cJSON *o, const struct inv_account *acct,
			    const struct inv_region *r)
{
	cJSON *a;

	a = cJSON_AddArrayToObject(o, "dashboards");
	for (size_t i = 0; i < acct->dashboards.n; i++)
		cJSON_AddItemToArray(
			a, cJSON_CreateString(acct->dashboards.v[i].name));
}

const struct dataset ds_dashboards = {
	.name = "DASHBOARDS",
	.scope = INV_ACCOUNT,
	.description = "CloudWatch dashboards",
	.actions = "cloudwatch:ListDashboards",
	.collect = inv_collect_dashboards,
	.dump = dashboards_json,
};
