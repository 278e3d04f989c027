/*
 * snapshot_retention_policy.c -- per region, a DLM policy or a Backup plan
 * keeps EBS snapshots or AMIs for at least the evidence retention period
 *
 * The bar is params.evidence_retention_min_days: snapshots taken before a
 * compromise are evidence and the clean restore point, and intrusions are
 * found late. (A dedicated snapshot_retention_min_days parameter would
 * let a policy ask for less; see the d2 report.)
 *
 * How long a source retains:
 *   DLM schedule, age-based   RetainRule Interval x unit (DAYS 1, WEEKS 7,
 *                             MONTHS 30, YEARS 365)
 *   DLM schedule, count-based Count x the creation period: CreateRule
 *                             Interval hours; for a cron expression, a
 *                             lower bound (a fixed hour: daily, or weekly /
 *                             monthly when the day fields pin one day;
 *                             anything else: hourly)
 *   DLM archive rule          added to either: RetentionArchiveTier
 *                             Interval x unit, or Count x the creation
 *                             period (snapshots move to the archive tier
 *                             when the standard retention is met, then
 *                             stay there that long)
 *   Backup plan rule          Lifecycle DeleteAfterDays, or forever
 * Only ENABLED snapshot/AMI policies and plans with a resource assignment
 * count. One finding per region, for the longest-retaining source.
 */
#include "check.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FOREVER LONG_MAX

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* A lower bound on the hours between runs of "cron(m h dom mon dow y)". */
static long cron_hours(const char *cron)
{
	char f[6][32] = { "" };
	const char *p = strchr(cron, '(');
	int n = 0;

	p = p ? p + 1 : cron;
	while (n < 6 && *p && *p != ')') {
		size_t len = strcspn(p, " )");

		snprintf(f[n++], sizeof(f[0]), "%.*s", (int)len, p);
		p += len;
		while (*p == ' ')
			p++;
	}
	if (n < 5 || !all_digits(f[1]))
		return 1;
	if (all_digits(f[2]))
		return 28 * 24; /* a day of the month */
	if (strcmp(f[4], "*") && strcmp(f[4], "?") && !strchr(f[4], ',') &&
	    !strchr(f[4], '-'))
		return 7 * 24; /* one day of the week */
	return 24;
}

static long unit_days(const char *unit)
{
	if (!unit)
		return 0;
	if (!strcasecmp(unit, "DAYS"))
		return 1;
	if (!strcasecmp(unit, "WEEKS"))
		return 7;
	if (!strcasecmp(unit, "MONTHS"))
		return 30;
	if (!strcasecmp(unit, "YEARS"))
		return 365;
	return 0;
}

static long schedule_days(const struct inv_dlm_schedule *s)
{
	long hours = 0, days;

	if (s->create_interval)
		hours = s->create_interval; /* IntervalUnit is HOURS */
	else if (s->cron)
		hours = cron_hours(s->cron);
	if (!s->retain_count)
		days = s->retain_interval * unit_days(s->retain_unit);
	else
		days = s->retain_count * hours / 24;
	/* an archive rule moves them to the archive tier, then keeps them */
	if (s->archive_count)
		days += s->archive_count * hours / 24;
	else
		days += s->archive_interval * unit_days(s->archive_unit);
	return days;
}

static long plan_days(const struct inv_backup_plan *p)
{
	long best = 0;

	for (size_t i = 0; i < p->nrules; i++) {
		long d = p->rules[i].delete_after_days;

		if (!d)
			return FOREVER;
		if (d > best)
			best = d;
	}
	return best;
}

static void days_text(long d, char *buf, size_t size)
{
	if (d == FOREVER)
		snprintf(buf, size, "until deleted");
	else
		snprintf(buf, size, "%ld days", d);
}

/*
 * No enabled DLM policy and no assigned Backup plan in 'r': FAIL when
 * it has EBS volumes to protect (saying so when 'ndisabled' DLM policies
 * exist but are not enabled), else NOT_APPLICABLE.
 */
static void no_source(const struct inv_region *r, size_t ndisabled,
		      struct findings *out)
{
	if (r->volumes.n)
		findings_add(
			out, CHECK_FAIL, "AWS::DLM::LifecyclePolicy", r->name,
			"no enabled DLM snapshot/AMI policy and "
			"no assigned Backup plan in %s, which "
			"has %zu EBS volume%s%s",
			r->name, r->volumes.n, r->volumes.n == 1 ? "" : "s",
			ndisabled ? " (a DLM policy exists but "
				    "is not enabled)"
				  : "");
	else
		findings_add(out, CHECK_NA, "AWS::DLM::LifecyclePolicy",
			     r->name,
			     "no snapshot lifecycle policy, Backup "
			     "plan or EBS volume in %s",
			     r->name);
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	long min = cx->params->evidence_retention_min_days;
	long best = -1;
	char what[200] = "", seen[600] = "", d[32];
	size_t nsrc = 0, ndisabled = 0;
	const char *unread = NULL; /* a policy or plan that answered an error */
	const struct aws_error *unread_err = NULL;

	for (size_t i = 0; i < r->dlm_policies.n; i++) {
		const struct inv_dlm_policy *p = &r->dlm_policies.v[i];
		long days = 0;

		if (!p->detailed) {
			if (p->err.code[0] && !unread) {
				unread = p->id;
				unread_err = &p->err;
			}
			continue;
		}
		if (!p->state || strcasecmp(p->state, "ENABLED")) {
			ndisabled++;
			continue;
		}
		for (size_t k = 0; k < p->nschedules; k++) {
			long sd = schedule_days(&p->schedules[k]);

			if (sd > days)
				days = sd;
		}
		nsrc++;
		days_text(days, d, sizeof(d));
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen),
			 "%sDLM policy %s keeps %s", nsrc > 1 ? "; " : "",
			 p->id, d);
		if (days > best) {
			best = days;
			snprintf(what, sizeof(what), "DLM policy %s (%s%s%s)",
				 p->id, p->type ? p->type : "?",
				 p->description ? ", " : "",
				 p->description ? p->description : "");
		}
	}
	for (size_t i = 0; i < r->backup_plans.n; i++) {
		const struct inv_backup_plan *p = &r->backup_plans.v[i];
		long days;

		if (p->err.code[0] && !unread) {
			unread = p->name ? p->name : p->id;
			unread_err = &p->err;
		}
		if (!p->nselections)
			continue;
		days = plan_days(p);
		nsrc++;
		days_text(days, d, sizeof(d));
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen),
			 "%sBackup plan '%s' keeps %s", nsrc > 1 ? "; " : "",
			 p->name ? p->name : p->id, d);
		if (days > best) {
			best = days;
			snprintf(what, sizeof(what), "Backup plan '%s'",
				 p->name ? p->name : p->id);
		}
	}
	if (unread && (!nsrc || best < min)) {
		/* it could be the one that keeps them long enough */
		findings_add(
			out, CHECK_ERROR, "AWS::DLM::LifecyclePolicy", r->name,
			"%s could not be read in %s (%s%s%s)%s%s: it could "
			"keep snapshots for %ld days",
			unread, r->name, unread_err->code,
			unread_err->message[0] ? ": " : "", unread_err->message,
			nsrc ? "; " : "", nsrc ? seen : "", min);
		return 0;
	}
	if (!nsrc) {
		no_source(r, ndisabled, out);
		return 0;
	}
	days_text(best, d, sizeof(d));
	if (best >= min)
		findings_add(out, CHECK_PASS, "AWS::DLM::LifecyclePolicy",
			     r->name,
			     "%s in %s keeps snapshots %s (at least %ld "
			     "required)",
			     what, r->name, d, min);
	else
		findings_add(out, CHECK_FAIL, "AWS::DLM::LifecyclePolicy",
			     r->name,
			     "nothing in %s keeps snapshots for %ld days: %s",
			     r->name, min, seen);
	return 0;
}

const struct check check_snapshot_retention_policy = {
	.id = "snapshot_retention_policy",
	.title = "Snapshot lifecycle keeps AMIs and snapshots for the "
		 "retention period",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_DLM | NEED_BACKUP_PLANS | NEED_VOLUMES,
	.guidance = "Post-incident: preserve evidence so it stands up",
	.rationale = "Intrusions are found weeks or months after they begin. "
		     "Snapshots and AMIs from before the compromise are both "
		     "the forensic baseline and the clean restore point; a "
		     "lifecycle that keeps them only a few days has already "
		     "deleted them by the time anyone looks.",
	.remediation = "1. Create a DLM policy (or a Backup plan rule) for "
		       "the EBS volumes and instances that matter.\n"
		       "2. Retain snapshots at least as long as the evidence "
		       "retention period -- an age-based rule, or a count "
		       "that covers it at the schedule's frequency.\n"
		       "3. Move older snapshots to the archive tier (DLM "
		       "archive rule, Backup cold storage) to keep the cost "
		       "down.",
	.cli_fix = "aws dlm create-lifecycle-policy --description "
		   "\"daily, kept one year\" --state ENABLED "
		   "--execution-role-arn <DLM_ROLE_ARN> --policy-details "
		   "'{\"ResourceTypes\":[\"VOLUME\"],\"TargetTags\":[{\"Key\":"
		   "\"backup\",\"Value\":\"true\"}],\"Schedules\":[{\"Name\":"
		   "\"daily\",\"CreateRule\":{\"Interval\":24,"
		   "\"IntervalUnit\":\"HOURS\"},\"RetainRule\":{\"Interval\":"
		   "1,\"IntervalUnit\":\"YEARS\"}}]}'",
	.cfn = "Policy:\n  Type: AWS::DLM::LifecyclePolicy\n  Properties:\n"
	       "    Description: daily, kept one year\n    State: ENABLED\n"
	       "    ExecutionRoleArn: <DLM_ROLE_ARN>\n    PolicyDetails:\n"
	       "      ResourceTypes: [VOLUME]\n"
	       "      TargetTags: [{Key: backup, Value: 'true'}]\n"
	       "      Schedules:\n        - Name: daily\n"
	       "          CreateRule: {Interval: 24, IntervalUnit: HOURS}\n"
	       "          RetainRule: {Interval: 1, IntervalUnit: YEARS}",
	.doc_url = "https://docs.aws.amazon.com/ebs/latest/userguide/"
		   "snapshot-lifecycle.html",
	.frameworks = "SEC10-BP03;NIST-CSF-2.0:PR.DS-11",
	.run = run,
};
