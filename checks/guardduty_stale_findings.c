/*
 * guardduty_stale_findings.c -- no active high-severity GuardDuty finding
 * is older than params.guardduty_finding_max_age_days
 *
 * One verdict per detector: the findings are the ones GuardDuty still
 * holds active (not archived) with severity >= 7 (high and critical);
 * a finding's age counts from its createdAt.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	long max_age = cx->params->guardduty_finding_max_age_days;

	for (size_t i = 0; i < r->gd_finding_detectors.n; i++) {
		const char *det = r->gd_finding_detectors.v[i];
		const struct inv_gd_finding *oldest = NULL;
		size_t active = 0, stale = 0;
		char arn[160];

		for (size_t j = 0; j < r->gd_findings.n; j++) {
			const struct inv_gd_finding *f = &r->gd_findings.v[j];

			if (strcmp(f->detector_id, det))
				continue;
			active++;
			if (!f->created_at ||
			    days_between(f->created_at, cx->now) <= max_age)
				continue;
			stale++;
			if (!oldest || f->created_at < oldest->created_at)
				oldest = f;
		}
		check_arn(cx, arn, sizeof(arn), "guardduty", r->name,
			  cx->acct->id, "detector/%s", det);
		if (!active) {
			findings_add(
				out, CHECK_PASS, "AWS::GuardDuty::Detector",
				arn,
				"GuardDuty detector %s in %s has no active "
				"high-severity finding",
				det, r->name);
			continue;
		}
		if (!stale) {
			findings_add(
				out, CHECK_PASS, "AWS::GuardDuty::Detector",
				arn,
				"GuardDuty detector %s in %s has no active "
				"high-severity finding older than %ld "
				"days (%zu newer, in triage)",
				det, r->name, max_age, active);
			continue;
		}
		findings_add(out, CHECK_FAIL, "AWS::GuardDuty::Detector", arn,
			     "GuardDuty detector %s in %s has %zu active "
			     "high-severity finding%s older than %ld days; "
			     "the oldest, %s (severity %.1f%s%s), is %ld days "
			     "old (finding %s)",
			     det, r->name, stale, stale == 1 ? "" : "s",
			     max_age, oldest->type ? oldest->type : "?",
			     oldest->severity,
			     oldest->resource_type ? ", resource " : "",
			     oldest->resource_type ? oldest->resource_type : "",
			     days_between(oldest->created_at, cx->now),
			     oldest->id ? oldest->id : "?");
	}
	if (!r->gd_finding_detectors.n)
		findings_add(out, CHECK_NA, "AWS::GuardDuty::Detector", r->name,
			     "no GuardDuty detector in %s: no findings to "
			     "triage (guardduty_enabled reports the region)",
			     r->name);
	return 0;
}

const struct check check_guardduty_stale_findings = {
	.id = "guardduty_stale_findings",
	.title = "No high-severity GuardDuty finding is left untriaged",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_GUARDDUTY_FINDINGS,
	.guidance = "Post-incident: close the loop on every detection",
	.rationale = "An active high-severity finding that nobody has "
		     "archived or resolved for weeks is either an incident "
		     "still in progress or noise that trains the team to "
		     "ignore alerts. Either way the detection-to-response "
		     "loop is broken, and the next real compromise will sit "
		     "in the same queue.",
	.remediation = "1. List the old findings: aws guardduty list-findings "
		       "with the criteria service.archived = false and "
		       "severity >= 7, then get-findings for the details.\n"
		       "2. Triage each one: investigate and remediate true "
		       "positives following your runbook; archive false "
		       "positives with a reason.\n"
		       "3. For recurring benign patterns, create a "
		       "suppression rule (filter with action ARCHIVE) instead "
		       "of leaving them open.\n"
		       "4. Route new high-severity findings to an owner with "
		       "a response-time target (EventBridge rule on "
		       "aws.guardduty to the on-call channel or ticketing).",
	.cli_fix = "aws guardduty archive-findings --detector-id "
		   "<DETECTOR_ID> --finding-ids <FINDING_ID> --region <REGION>",
	.cfn = "HighSeverityFindingsRule:\n  Type: AWS::Events::Rule\n"
	       "  Properties:\n    EventPattern:\n"
	       "      source: [aws.guardduty]\n"
	       "      detail-type: [GuardDuty Finding]\n"
	       "      detail:\n        severity: [{numeric: ['>=', 7]}]\n"
	       "    Targets:\n      - Arn: !Ref SecurityAlertsTopic\n"
	       "        Id: security-alerts",
	.doc_url = "https://docs.aws.amazon.com/guardduty/latest/ug/"
		   "guardduty_findings.html",
	.frameworks = "SEC10-BP08;NIST-CSF-2.0:RS.MA-02;NIST-CSF-2.0:DE.AE-02",
	.run = run,
};
