/*
 * log_analytics_ready.c -- somewhere to search and correlate logs
 *
 * Account-level: one of these in any audited region passes.
 *   - an OpenSearch Service domain (any engine);
 *   - an ENABLED Athena workgroup with a query result location
 *     (ResultConfiguration.OutputLocation). The built-in "primary"
 *     workgroup is judged like any other: out of the box it has no
 *     result location, so it only counts once someone configured it,
 *     which is the sign that Athena is actually set up for queries;
 *   - a CloudTrail Lake event data store that is not being deleted
 *     (Status ENABLED, or no Status, which newer APIs omit).
 * One found passes whatever happened in other regions
 * (decides_on_partial); without one, a region that could not be listed
 * might hold the only one: ERROR naming those regions.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int usable(const struct inv_log_store *s)
{
	if (!strcmp(s->kind, "athena"))
		return s->state && !strcasecmp(s->state, "ENABLED") &&
		       s->location;
	if (!strcmp(s->kind, "cloudtrail-lake"))
		return !s->state || !strcasecmp(s->state, "ENABLED");
	return 1;
}

static const char *kind_name(const char *kind)
{
	if (!strcmp(kind, "athena"))
		return "Athena workgroup";
	if (!strcmp(kind, "cloudtrail-lake"))
		return "CloudTrail Lake event data store";
	return "OpenSearch domain";
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_log_store *unread = NULL;
	const struct inv_region *unread_r = NULL;
	size_t unusable = 0;
	char failed[512];

	for (size_t i = 0; i < a->nregions; i++) {
		const struct inv_region *r = &a->regions[i];

		if (r->status[DS_LOG_ANALYTICS].state == INV_FAILED)
			continue; /* named below if it matters */
		for (size_t j = 0; j < r->log_stores.n; j++) {
			const struct inv_log_store *s = &r->log_stores.v[j];

			if (!usable(s)) {
				if (s->err.code[0] && !unread) {
					unread = s;
					unread_r = r;
				}
				unusable++;
				continue;
			}
			findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
				     "%s '%s' in %s can search and correlate "
				     "logs%s%s",
				     kind_name(s->kind), s->name, r->name,
				     s->location ? ", results in " : "",
				     s->location ? s->location : "");
			return 0;
		}
	}
	if (check_failed_regions(a, DS_LOG_ANALYTICS, failed, sizeof(failed)))
		findings_add(out, CHECK_ERROR, "AWS::::Account", a->id,
			     "no OpenSearch domain, configured Athena "
			     "workgroup or CloudTrail Lake event data store in "
			     "the regions that answered, and could not collect "
			     "%s in %s: one there could be ready",
			     inv_dataset_desc(DS_LOG_ANALYTICS), failed);
	else if (unread)
		findings_add(out, CHECK_ERROR, "AWS::::Account", a->id,
			     "no ready log analytics service found, and %s "
			     "'%s' in %s could not be read (%s%s%s): it could "
			     "be one",
			     kind_name(unread->kind), unread->name,
			     unread_r->name, unread->err.code,
			     unread->err.message[0] ? ": " : "",
			     unread->err.message);
	else
		findings_add(
			out, CHECK_FAIL, "AWS::::Account", a->id,
			"no OpenSearch domain, configured Athena workgroup or "
			"CloudTrail Lake event data store in any audited "
			"region%s",
			unusable ? " (only unconfigured or disabled ones)"
				 : "");
	return 0;
}

const struct check check_log_analytics_ready = {
	.id = "log_analytics_ready",
	.title = "A log analytics service is ready for investigations",
	.phase = PHASE_DETECTION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_LOG_ANALYTICS,
	.guidance = "Detect: be able to query the logs you keep",
	.rationale = "Logs in S3 answer questions only once something can "
		     "query them. Setting up Athena tables, an OpenSearch "
		     "domain or a CloudTrail Lake store during an incident "
		     "costs hours while the intruder is still active; having "
		     "one ready turns \"what else did this key do?\" into a "
		     "query that runs in minutes.",
	.remediation = "1. Pick one: an Athena workgroup with a result "
		       "location and tables over the CloudTrail, flow log and "
		       "ALB buckets; a CloudTrail Lake event data store; or an "
		       "OpenSearch domain fed by your log pipeline.\n"
		       "2. Save the investigation queries you will need "
		       "(activity by access key, by source IP, by role "
		       "session) and test them.\n"
		       "3. Grant the incident response role access to it.",
	.cli_fix = "aws athena create-work-group --name ir-investigations "
		   "--configuration 'ResultConfiguration={OutputLocation="
		   "s3://<BUCKET>/athena-results/},"
		   "EnforceWorkGroupConfiguration=true'",
	.cfn = "Workgroup:\n  Type: AWS::Athena::WorkGroup\n  Properties:\n"
	       "    Name: ir-investigations\n    State: ENABLED\n"
	       "    WorkGroupConfiguration:\n"
	       "      EnforceWorkGroupConfiguration: true\n"
	       "      ResultConfiguration:\n"
	       "        OutputLocation: !Sub s3://${ResultsBucket}/athena/",
	.doc_url = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
		   "cloudtrail-lake.html",
	.frameworks = "SEC10-BP06;SEC04-BP02;NIST-CSF-2.0:DE.AE-03",
	.extra_actions = NULL,
	.run = run,
	.decides_on_partial = 1,
};
