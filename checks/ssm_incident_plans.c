/*
 * ssm_incident_plans.c -- Incident Manager has response plans and contacts
 *
 * Incident Manager is configured once per account, in the regions of its
 * replication set, so this is an account-level check over the audited
 * regions: it passes when one region answers with at least one response
 * plan and at least one contact. When none does and a region could not be
 * read, the verdict is ERROR (that region may hold them), never FAIL.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_im_region *failed = NULL;
	char seen[512] = "";
	size_t len = 0;

	for (size_t i = 0; i < a->im_regions.n; i++) {
		const struct inv_im_region *m = &a->im_regions.v[i];

		if (m->failed) {
			if (!failed)
				failed = m;
			continue;
		}
		if (m->nplans && m->ncontacts) {
			findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
				     "Incident Manager in %s has %zu response "
				     "plan%s (e.g. %s) and %zu contact%s "
				     "(e.g. %s)",
				     m->region, m->nplans,
				     m->nplans == 1 ? "" : "s",
				     m->first_plan ? m->first_plan : "?",
				     m->ncontacts, m->ncontacts == 1 ? "" : "s",
				     m->first_contact ? m->first_contact : "?");
			return 0;
		}
		if (len < sizeof(seen))
			len += (size_t)snprintf(
				seen + len, sizeof(seen) - len,
				"%s%s: %zu plan%s, %zu contact%s",
				len ? "; " : "", m->region, m->nplans,
				m->nplans == 1 ? "" : "s", m->ncontacts,
				m->ncontacts == 1 ? "" : "s");
	}
	if (failed) {
		const struct aws_error *e = &failed->err;

		findings_add(out, CHECK_ERROR, "", a->id,
			     "could not collect %s in %s: %s on %s in %s: %s",
			     inv_dataset_desc(DS_INCIDENT_MANAGER),
			     failed->region, e->code, e->action, e->region,
			     e->message);
		return 0;
	}
	if (*seen)
		findings_add(out, CHECK_FAIL, "AWS::::Account", a->id,
			     "Incident Manager has no region with both a "
			     "response plan and a contact (%s)",
			     seen);
	return 0;
}

const struct check check_ssm_incident_plans = {
	.id = "ssm_incident_plans",
	.title = "Incident Manager has response plans and contacts",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_INCIDENT_MANAGER,
	.guidance = "Prepare: define who is engaged and how, before the "
		    "incident",
	.rationale = "A response plan ties an alarm or finding to an "
		     "incident with a severity, a chat channel, a runbook and "
		     "the on-call contacts to engage. Without plans and "
		     "contacts, the first hour of an incident is spent "
		     "finding people and deciding how to work.",
	.remediation =
		"1. Open Systems Manager Incident Manager and create "
		"a replication set in your primary regions.\n"
		"2. Create contacts (with engagement plans) for the "
		"on-call responders, and an escalation plan.\n"
		"3. Create response plans for your main incident "
		"types, each with engagements, a chat channel and an "
		"SSM Automation runbook.\n"
		"4. Start incidents from EventBridge rules or CloudWatch "
		"alarms, and rehearse with a test incident.",
	.cli_fix = "aws ssm-incidents create-response-plan --name "
		   "security-incident --incident-template "
		   "title=\"Security incident\",impact=2 --engagements "
		   "arn:aws:ssm-contacts:<REGION>:<ACCOUNT_ID>:contact/"
		   "<ALIAS> --region <REGION>",
	.cfn = "ResponsePlan:\n  Type: AWS::SSMIncidents::ResponsePlan\n"
	       "  Properties:\n    Name: security-incident\n"
	       "    IncidentTemplate:\n      Title: Security incident\n"
	       "      Impact: 2\n    Engagements:\n"
	       "      - !GetAtt OnCallContact.Arn",
	.doc_url = "https://docs.aws.amazon.com/incident-manager/latest/"
		   "userguide/response-plans.html",
	.frameworks = "SEC10-BP01;SEC10-BP02;NIST-CSF-2.0:RS.MA-01",
	.run = run,
};
