/*
 * events_findings_routed.c -- an enabled EventBridge rule sends GuardDuty
 * or Security Hub findings somewhere, in every region
 *
 * GuardDuty and Security Hub publish findings to the default event bus
 * of the region they are raised in, so routing is judged per region. A
 * rule counts when its pattern's "source" matches aws.guardduty or
 * aws.securityhub (see inv_events.c), it is ENABLED, and it has at least
 * one target. A pattern without a "source" (a catch-all) is not counted:
 * it is rarely meant as finding routing and cannot be told apart from
 * unrelated automation. Without such a rule, a region whose GuardDuty
 * detector is a member of an administrator account is NOT_APPLICABLE:
 * the member's findings reach the administrator's bus, where they are
 * routed and judged (GUARDDUTY_SETTINGS is consulted, not needed: when it
 * could not be collected, the region is judged on its own rules).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int enabled(const struct inv_event_rule *er)
{
	return er->state && !strncasecmp(er->state, "ENABLED", 7);
}

static const char *sources(const struct inv_event_rule *er)
{
	if (er->source_guardduty && er->source_securityhub)
		return "GuardDuty and Security Hub";
	return er->source_guardduty ? "GuardDuty" : "Security Hub";
}

/*
 * A GuardDuty detector of this region that is a member of an
 * administrator account (GUARDDUTY_SETTINGS, consulted when collected):
 * GuardDuty sends a member's findings to the administrator's default bus
 * in the same region too, where the Organization routes them.
 */
static const struct inv_gd_settings *gd_member(const struct inv_region *r)
{
	if (r->status[DS_GUARDDUTY_SETTINGS].state != INV_OK)
		return NULL;
	for (size_t i = 0; i < r->gd_settings.n; i++)
		if (r->gd_settings.v[i].administrator)
			return &r->gd_settings.v[i];
	return NULL;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_gd_settings *member;
	const struct inv_event_rule *disabled = NULL, *untargeted = NULL,
				    *unread = NULL;
	char id[160];

	check_arn(cx, id, sizeof(id), "events", r->name, cx->acct->id,
		  "event-bus/default");
	for (size_t i = 0; i < r->event_rules.n; i++) {
		const struct inv_event_rule *er = &r->event_rules.v[i];

		if (!er->source_guardduty && !er->source_securityhub)
			continue;
		if (!enabled(er)) {
			disabled = er;
			continue;
		}
		if (!er->targets_checked && er->targets_err.code[0]) {
			unread = er;
			continue;
		}
		if (!er->ntargets) {
			untargeted = er;
			continue;
		}
		findings_add(out, CHECK_PASS, "AWS::Events::EventBus", id,
			     "rule '%s' in %s routes %s findings to %s%s",
			     er->name, r->name, sources(er),
			     er->first_target ? er->first_target : "?",
			     er->ntargets > 1 ? " (and more targets)" : "");
		return 0;
	}
	if ((member = gd_member(r)))
		findings_add(out, CHECK_NA, "AWS::Events::EventBus", id,
			     "no rule of account %s routes findings in %s, but "
			     "its GuardDuty detector %s is a member of "
			     "administrator account %s, whose event bus in %s "
			     "receives its findings: routing is judged in "
			     "account %s",
			     cx->acct->id, r->name, member->detector_id,
			     member->administrator, r->name,
			     member->administrator);
	else if (unread)
		findings_add(out, CHECK_ERROR, "AWS::Events::EventBus", id,
			     "rule '%s' in %s matches %s findings, but its "
			     "targets could not be listed (%s%s%s)",
			     unread->name, r->name, sources(unread),
			     unread->targets_err.code,
			     unread->targets_err.message[0] ? ": " : "",
			     unread->targets_err.message);
	else if (untargeted)
		findings_add(out, CHECK_FAIL, "AWS::Events::EventBus", id,
			     "rule '%s' in %s matches %s findings but has no "
			     "target: they go nowhere",
			     untargeted->name, r->name, sources(untargeted));
	else if (disabled)
		findings_add(out, CHECK_FAIL, "AWS::Events::EventBus", id,
			     "rule '%s' in %s matches %s findings but is %s",
			     disabled->name, r->name, sources(disabled),
			     disabled->state ? disabled->state : "not enabled");
	else
		findings_add(out, CHECK_FAIL, "AWS::Events::EventBus", id,
			     "no EventBridge rule in %s routes GuardDuty or "
			     "Security Hub findings (%zu rule%s on the default "
			     "bus)",
			     r->name, r->event_rules.n,
			     r->event_rules.n == 1 ? "" : "s");
	return 0;
}

const struct check check_events_findings_routed = {
	.id = "events_findings_routed",
	.title = "GuardDuty or Security Hub findings are routed to responders",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_EVENT_RULES,
	.consults = NEED_GUARDDUTY_SETTINGS,
	.guidance = "Prepare: deliver detections to the people and tools "
		    "that act on them",
	.rationale = "A finding nobody sees is not a detection. GuardDuty "
		     "and Security Hub only publish findings to EventBridge "
		     "in the region that raised them; without an enabled "
		     "rule and a target (an SNS topic, a ticketing or chat "
		     "integration, an automated response) findings wait in a "
		     "console until someone happens to look.",
	.remediation = "1. In every region, create an EventBridge rule on the "
		       "default bus with the pattern {\"source\": "
		       "[\"aws.guardduty\"]} (and/or aws.securityhub).\n"
		       "2. Add a target: the security alert SNS topic, an "
		       "incident-management integration or a response Lambda "
		       "function.\n"
		       "3. Deploy it with a StackSet so new regions get it, or "
		       "aggregate findings into one region with Security Hub "
		       "cross-region aggregation and route from there.",
	.cli_fix = "aws events put-rule --name guardduty-findings "
		   "--event-pattern '{\"source\":[\"aws.guardduty\"],"
		   "\"detail-type\":[\"GuardDuty Finding\"]}' && aws events "
		   "put-targets --rule guardduty-findings --targets "
		   "Id=alerts,Arn=<SNS_TOPIC_ARN>",
	.cfn = "FindingsRule:\n  Type: AWS::Events::Rule\n  Properties:\n"
	       "    State: ENABLED\n    EventPattern:\n"
	       "      source: [aws.guardduty]\n"
	       "      detail-type: [GuardDuty Finding]\n"
	       "    Targets:\n      - Id: alerts\n"
	       "        Arn: !Ref SecurityAlertsTopic",
	.doc_url = "https://docs.aws.amazon.com/eventbridge/latest/ref/"
		   "events-ref-guardduty.html",
	.frameworks = "SEC10-BP06;SEC04-BP03;NIST-CSF-2.0:DE.AE-06;"
		      "NIST-CSF-2.0:RS.MA-01",
	.extra_actions = NULL,
	.run = run,
};
