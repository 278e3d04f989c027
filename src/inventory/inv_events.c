/*
 * inv_events.c -- EventBridge rules on the default event bus, and the
 * targets of those that can route GuardDuty or Security Hub findings
 *
 * ListRules (json, NextToken paging) gives each rule's EventPattern, a
 * JSON document in a string. irready reads its "source" field (at the top
 * level or in a "$or" branch) and notes whether it matches aws.guardduty
 * or aws.securityhub: an exact value, "prefix", "equals-ignore-case" or
 * "wildcard" matchers. Only those rules get ListTargetsByRule, so an
 * account with hundreds of rules costs one call per routing rule, not one
 * per rule.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <fnmatch.h>
#include <string.h>
#include <strings.h>

/* Does one element of a "source" array match the source 'want'? */
static int source_value_matches(const cJSON *v, const char *want)
{
	const char *s;

	if (cJSON_IsString(v))
		return !strcmp(v->valuestring, want);
	if (!cJSON_IsObject(v))
		return 0;
	s = ajson_get(v, "prefix");
	if (s && *s && !strncmp(want, s, strlen(s)))
		return 1;
	s = ajson_get(v, "equals-ignore-case");
	if (s && !strcasecmp(want, s))
		return 1;
	s = ajson_get(v, "wildcard");
	if (s && !fnmatch(s, want, 0))
		return 1;
	return 0;
}

static int source_matches(const cJSON *pattern, const char *want)
{
	const cJSON *src, *v, *alt;

	if (!cJSON_IsObject(pattern))
		return 0;
	src = cJSON_GetObjectItemCaseSensitive(pattern, "source");
	if (cJSON_IsString(src) && !strcmp(src->valuestring, want))
		return 1;
	cJSON_ArrayForEach(
		v,
		(cJSON_IsArray(src)
			 ? src
			 : NULL)) if (source_value_matches(v, want)) return 1;
	cJSON_ArrayForEach(
		alt,
		ajson_array(pattern, "$or")) if (source_matches(alt,
								want)) return 1;
	return 0;
}

static int rules_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, ajson_array(page, "Rules"))
	{
		struct inv_event_rule *er =
			INV_PUSH(cx->arena, cx->region->event_rules);
		cJSON *pat;

		er->name = ajson_str(cx->arena, r, "Name");
		er->arn = ajson_str(cx->arena, r, "Arn");
		er->state = ajson_str(cx->arena, r, "State");
		er->pattern = ajson_str(cx->arena, r, "EventPattern");
		if (!er->name)
			return inv_malformed(cx, arg, "a rule without Name");
		if (!er->pattern)
			continue; /* a schedule */
		pat = cJSON_Parse(er->pattern);
		er->source_guardduty = source_matches(pat, "aws.guardduty");
		er->source_securityhub = source_matches(pat, "aws.securityhub");
		cJSON_Delete(pat);
	}
	return 0;
}

static int targets_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_event_rule *er = arg;
	const cJSON *t;

	er->targets_checked = 1;
	cJSON_ArrayForEach(t, ajson_array(page, "Targets"))
	{
		if (!er->first_target)
			er->first_target = ajson_str(cx->arena, t, "Arn");
		er->ntargets++;
	}
	return 0;
}

/* Rule i, on the pool: the targets of a GuardDuty or Security Hub rule. */
static int rule_item(struct collect_ctx *cx, size_t i, void *arg)
{
	struct inv_event_rule *er = &cx->region->event_rules.v[i];
	struct aws_request treq = { .service = "events",
				    .action = "ListTargetsByRule",
				    .resource = er->name,
				    .token_param = "NextToken" };
	int rc;

	if (!er->source_guardduty && !er->source_securityhub)
		return 0;
	treq.json_body = ajson_body(cx->arena, "Rule", er->name);
	rc = inv_json_pages(cx, &treq, "NextToken", targets_page, er);
	/* an error about this rule (deleted meanwhile) is the rule's */
	return inv_resource_error(cx, rc, &er->targets_err);
}

int inv_collect_event_rules(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "events",
				   .action = "ListRules",
				   .json_body = "{}",
				   .token_param = "NextToken" };
	int rc = inv_json_pages(cx, &req, "NextToken", rules_page, &req);

	if (rc)
		return rc;
	return inv_fanout(cx, cx->region->event_rules.n, rule_item, NULL);
}

/* `irready inventory`: what EVENT_RULES holds */
static void event_rules_json(cJSON *o, const struct inv_account *acct,
			     const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "event_rules");
	for (size_t i = 0; i < r->event_rules.n; i++) {
		const struct inv_event_rule *er = &r->event_rules.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "name", er->name);
		inv_json_str(x, "state", er->state);
		cJSON_AddBoolToObject(x, "source_guardduty",
				      er->source_guardduty);
		cJSON_AddBoolToObject(x, "source_securityhub",
				      er->source_securityhub);
		if (er->targets_checked)
			cJSON_AddNumberToObject(x, "targets",
						(double)er->ntargets);
		else
			cJSON_AddNullToObject(x, "targets");
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_event_rules = {
	.name = "EVENT_RULES",
	.scope = INV_REGION,
	.description = "EventBridge rules and their targets",
	.actions = "events:ListRules events:ListTargetsByRule",
	.collect = inv_collect_event_rules,
	.dump = event_rules_json,
};
