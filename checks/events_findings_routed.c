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
 *
 * With a Security Hub finding aggregator (SH_AGGREGATOR, consulted the
 * same way), the findings of every linked region reach the aggregation
 * region as Security Hub findings: routing is judged there, and a linked
 * region without a rule of its own is NOT_APPLICABLE, naming the
 * aggregation region. The aggregation region then needs a rule on
 * aws.securityhub: one on aws.guardduty alone leaves the linked regions'
 * findings unrouted. Regions the aggregator does not link are judged as
 * before. A GuardDuty member's NOT_APPLICABLE names its administrator's
 * aggregation region when the --org run has seen that aggregator.
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

/* 'region' is one of the comma-separated 'csv' */
static int in_csv(const char *csv, const char *region)
{
	size_t n = strlen(region);

	for (const char *p = csv; p && *p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (!strncmp(p, region, n) && (p[n] == ',' || !p[n]))
			return 1;
	}
	return 0;
}

/* Whether RegionLinkingMode 'mode' links a region (whether it is 'listed'). */
static int linking(const char *mode, int listed)
{
	if (!mode)
		return 0;
	if (!strcasecmp(mode, "ALL_REGIONS"))
		return 1;
	if (!strcasecmp(mode, "ALL_REGIONS_EXCEPT_SPECIFIED"))
		return !listed;
	if (!strcasecmp(mode, "SPECIFIED_REGIONS"))
		return listed;
	return 0; /* NO_REGIONS */
}

/*
 * The account's finding aggregator as described in its aggregation
 * region (SH_AGGREGATOR of any audited region), or NULL.
 */
static const struct inv_sh_aggregator *aggregator(const struct inv_account *a)
{
	for (size_t i = 0; i < a->nregions; i++) {
		const struct inv_region *r = &a->regions[i];

		if (r->status[DS_SH_AGGREGATOR].state != INV_OK)
			continue;
		for (size_t k = 0; k < r->sh_aggregators.n; k++)
			if (r->sh_aggregators.v[k].described &&
			    r->sh_aggregators.v[k].region)
				return &r->sh_aggregators.v[k];
	}
	return NULL;
}

/* Whether aggregator 'g' links 'region' into another region. */
static int links(const struct inv_sh_aggregator *g, const char *region)
{
	int listed = 0;

	if (!g || !strcmp(g->region, region))
		return 0;
	for (size_t i = 0; i < g->regions.n; i++)
		listed |= !strcmp(g->regions.v[i], region);
	return linking(g->linking_mode, listed);
}

/* Whether 'region' is the aggregation region of 'g', linking others. */
static int aggregates(const struct inv_sh_aggregator *g, const char *region)
{
	if (!g || strcmp(g->region, region) || !g->linking_mode)
		return 0;
	if (!strcasecmp(g->linking_mode, "SPECIFIED_REGIONS"))
		return g->regions.n > 0;
	return strcasecmp(g->linking_mode, "NO_REGIONS") != 0;
}

/*
 * The aggregator account 'admin' runs (an --org run's orgwide list) when
 * it links 'region', or NULL.
 */
static const struct inv_org_mech *admin_aggregator(const struct check_ctx *cx,
						   const char *admin,
						   const char *region)
{
	const struct inv_orgwide *ow = cx->inv ? cx->inv->orgwide : NULL;

	for (size_t i = 0; ow && i < ow->n; i++) {
		const struct inv_org_mech *m = &ow->v[i];

		if (m->kind == INV_ORG_AGGREGATOR &&
		    !strcmp(m->account, admin) &&
		    (!strcmp(m->region, region) ||
		     linking(m->linking_mode, in_csv(m->regions, region))))
			return m;
	}
	return NULL;
}

/*
 * No rule of the region routes findings: NOT_APPLICABLE where they are
 * routed elsewhere (a GuardDuty administrator, the aggregation region),
 * else the best reason there is (returns 1 when it reported one).
 */
static int elsewhere(const struct check_ctx *cx, const char *id,
		     struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_sh_aggregator *g = NULL;
	const struct inv_gd_settings *member = gd_member(r);
	const struct inv_org_mech *m;

	if (member) {
		m = admin_aggregator(cx, member->administrator, r->name);
		findings_add(
			out, CHECK_NA, "AWS::Events::EventBus", id,
			"no rule of account %s routes findings in %s, but "
			"its GuardDuty detector %s is a member of "
			"administrator account %s, whose event bus in %s "
			"receives its findings%s%s%s: routing is judged in "
			"account %s%s",
			cx->acct->id, r->name, member->detector_id,
			member->administrator, r->name,
			m ? " (and aggregates them into " : "",
			m ? m->region : "", m ? ")" : "", member->administrator,
			check_unassessed_note(cx, member->administrator));
		return 1;
	}
	g = aggregator(cx->acct);
	if (links(g, r->name)) {
		findings_add(out, CHECK_NA, "AWS::Events::EventBus", id,
			     "no rule of account %s routes findings in %s, but "
			     "Security Hub aggregates the findings of %s into "
			     "%s (%s, %s): routing is judged in %s",
			     cx->acct->id, r->name, r->name, g->region, g->arn,
			     g->linking_mode, g->region);
		return 1;
	}
	return 0;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_sh_aggregator *g = NULL;
	const struct inv_event_rule *disabled = NULL, *untargeted = NULL,
				    *unread = NULL, *gd_only = NULL;
	char id[160];

	check_arn(cx, id, sizeof(id), "events", r->name, cx->acct->id,
		  "event-bus/default");
	if (aggregates(aggregator(cx->acct), r->name))
		g = aggregator(cx->acct);
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
		if (g && !er->source_securityhub) {
			gd_only = er; /* the linked regions' go unrouted */
			continue;
		}
		findings_add(out, CHECK_PASS, "AWS::Events::EventBus", id,
			     "rule '%s' in %s routes %s findings to %s%s%s",
			     er->name, r->name, sources(er),
			     er->first_target ? er->first_target : "?",
			     er->ntargets > 1 ? " (and more targets)" : "",
			     g ? ", those Security Hub aggregates from its "
				 "linked regions included"
			       : "");
		return 0;
	}
	if (gd_only)
		findings_add(out, CHECK_FAIL, "AWS::Events::EventBus", id,
			     "rule '%s' in %s routes only GuardDuty findings, "
			     "but %s is Security Hub's aggregation region (%s, "
			     "%s): the findings of the linked regions arrive "
			     "as Security Hub findings and no rule routes them",
			     gd_only->name, r->name, r->name, g->arn,
			     g->linking_mode);
	else if (elsewhere(cx, id, out))
		return 0;
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
	.consults = NEED_GUARDDUTY_SETTINGS | NEED_SH_AGGREGATOR,
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
