/*
 * inv_sns.c -- SNS topics, who their access policy opens them to, and
 * their subscriptions
 *
 * ListTopics (query, NextToken paging), then for every topic
 * GetTopicAttributes and ListSubscriptionsByTopic, the topics side by side
 * on the pool (inv_fanout). Collectors do not see
 * the policy's parameters, so every topic is described, not only the
 * alert topics a check asks about: two calls per topic.
 *
 * The topic policy is read here, since checks cannot parse JSON: each
 * Allow statement whose principal is everyone ("*", {"AWS":"*"}, or a
 * NotPrincipal) is kept as the list of its condition keys, and the check
 * judges whether those restrict it. A condition whose value is "*" does
 * not restrict anything and is left out.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdlib.h>

#include <ctype.h>
#include <string.h>

static int list_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	for (struct axml_node *it = axml_items(axml_child(res, "Topics")); it;
	     it = axml_next(it)) {
		struct inv_sns_topic *t =
			INV_PUSH(cx->arena, cx->region->sns_topics);
		const char *colon;

		t->arn = axml_str(cx->arena, it, "TopicArn");
		if (!t->arn)
			return inv_malformed(cx, arg,
					     "a topic without TopicArn");
		colon = strrchr(t->arn, ':');
		t->name = colon ? colon + 1 : t->arn;
	}
	return 0;
}

static int is_star(const cJSON *v)
{
	const cJSON *e;

	if (cJSON_IsString(v))
		return !strcmp(v->valuestring, "*");
	cJSON_ArrayForEach(
		e, (cJSON_IsArray(v) ? v : NULL)) if (cJSON_IsString(e) &&
						      !strcmp(e->valuestring,
							      "*")) return 1;
	return 0;
}

/* Principal "*", {"AWS": "*"} or {"AWS": [..., "*"]}. */
static int principal_everyone(const cJSON *p)
{
	if (cJSON_IsString(p))
		return !strcmp(p->valuestring, "*");
	return cJSON_IsObject(p) &&
	       is_star(cJSON_GetObjectItemCaseSensitive(p, "AWS"));
}

/* "aws:sourceowner aws:sourcearn": the keys of a Condition block. */
static const char *condition_keys(struct arena *a, const cJSON *cond)
{
	struct strbuf sb = STRBUF_INIT;
	const cJSON *op, *kv;
	const char *out;

	strbuf_init(&sb, 0);
	cJSON_ArrayForEach(op, (cJSON_IsObject(cond) ? cond : NULL))
	{
		cJSON_ArrayForEach(kv, (cJSON_IsObject(op) ? op : NULL))
		{
			if (is_star(kv) || !kv->string)
				continue;
			if (sb.len)
				strbuf_addch(&sb, ' ');
			for (const char *c = kv->string; *c; c++)
				strbuf_addch(&sb,
					     (char)tolower((unsigned char)*c));
		}
	}
	out = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return out;
}

#define MAX_OPEN_GRANTS 64

struct grants {
	const char *v[MAX_OPEN_GRANTS];
	size_t n;
};

static void read_statement(struct arena *a, const cJSON *st, struct grants *g)
{
	const char *effect = ajson_get(st, "Effect");

	if (!effect || strcmp(effect, "Allow"))
		return;
	if (!principal_everyone(
		    cJSON_GetObjectItemCaseSensitive(st, "Principal")) &&
	    !cJSON_GetObjectItemCaseSensitive(st, "NotPrincipal"))
		return;
	if (g->n < MAX_OPEN_GRANTS)
		g->v[g->n++] = condition_keys(
			a, cJSON_GetObjectItemCaseSensitive(st, "Condition"));
}

static void read_policy(struct collect_ctx *cx, struct inv_sns_topic *t,
			const char *doc)
{
	cJSON *pol = cJSON_Parse(doc);
	const cJSON *stmts, *st;
	struct grants g = { .n = 0 };

	if (!cJSON_IsObject(pol)) {
		t->policy_unreadable = 1;
		cJSON_Delete(pol);
		return;
	}
	stmts = cJSON_GetObjectItemCaseSensitive(pol, "Statement");
	if (cJSON_IsObject(stmts))
		read_statement(cx->arena, stmts, &g);
	cJSON_ArrayForEach(st, (cJSON_IsArray(stmts) ? stmts : NULL))
		read_statement(cx->arena, st, &g);
	if (g.n) {
		t->open_grants = arena_alloc(cx->arena, g.n * sizeof(*g.v));
		memcpy(t->open_grants, g.v, g.n * sizeof(*g.v));
		t->nopen_grants = g.n;
	}
	cJSON_Delete(pol);
}

static int attrs_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	struct inv_sns_topic *t = arg;

	t->attrs_checked = 1;
	for (struct axml_node *e = axml_items(axml_child(res, "Attributes")); e;
	     e = axml_next(e)) {
		char key[64];

		axml_copy(e, "key", key, sizeof(key));
		if (!strcmp(key, "Policy")) {
			char *doc = axml_str(cx->arena, e, "value");

			if (doc)
				read_policy(cx, t, doc);
		} else if (!strcmp(key, "SubscriptionsConfirmed")) {
			t->subscriptions_confirmed = axml_long(e, "value", 0);
		} else if (!strcmp(key, "SubscriptionsPending")) {
			t->subscriptions_pending = axml_long(e, "value", 0);
		}
	}
	return 0;
}

/* A topic's subscriptions, gathered apart while the topics fan out. */
struct topic_subs {
	INV_VEC(struct inv_sns_subscription) subs;
};

struct subs_arg {
	struct inv_sns_topic *t;
	struct topic_subs *out;
};

static int subs_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	struct subs_arg *sa = arg;

	for (struct axml_node *it =
		     axml_items(axml_child(res, "Subscriptions"));
	     it; it = axml_next(it)) {
		struct inv_sns_subscription *s =
			INV_PUSH(cx->arena, sa->out->subs);

		s->topic_arn = sa->t->arn;
		s->arn = axml_str(cx->arena, it, "SubscriptionArn");
		s->protocol = axml_str(cx->arena, it, "Protocol");
		s->endpoint = axml_str(cx->arena, it, "Endpoint");
		/* "PendingConfirmation", or "Deleted" while it goes away */
		s->confirmed = s->arn && !strncmp(s->arn, "arn:", 4);
	}
	return 0;
}

/* Topic i, on the pool: its attributes, then its subscriptions. */
static int topic_item(struct collect_ctx *cx, size_t i, void *arg)
{
	struct inv_sns_topic *t = &cx->region->sns_topics.v[i];
	struct subs_arg sa = { t, (struct topic_subs *)arg + i };
	struct aws_request treq = { .service = "sns",
				    .action = "GetTopicAttributes",
				    .resource = t->arn };
	int rc;

	aws_request_param(&treq, "TopicArn", t->arn);
	rc = inv_xml_call(cx, &treq, attrs_page, t);
	if (rc && !strcmp(cx->err->code, "NotFound")) {
		/* deleted since ListTopics: nothing to judge */
		aws_error_clear(cx->err);
		return 0;
	}
	/* a topic policy that denies the auditor is the topic's */
	rc = inv_resource_error(cx, rc, &t->err);
	if (rc)
		return rc;
	if (t->err.code[0]) {
		t->attrs_checked = 1;
		return 0;
	}
	treq.action = "ListSubscriptionsByTopic";
	treq.token_param = "NextToken";
	rc = inv_xml_pages(cx, &treq, "NextToken", subs_page, &sa);
	return inv_resource_error(cx, rc, &t->err);
}

int inv_collect_sns_topics(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "sns",
				   .action = "ListTopics",
				   .token_param = "NextToken" };
	int rc = inv_xml_pages(cx, &req, "NextToken", list_page, &req);
	size_t n = cx->region->sns_topics.n;
	struct topic_subs *subs;

	if (rc || !n)
		return rc;
	subs = xcalloc(n, sizeof(*subs));
	rc = inv_fanout(cx, n, topic_item, subs);
	/* in the topics' order, whichever finished first */
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < subs[i].subs.n; k++)
			*(struct inv_sns_subscription *)INV_PUSH(
				cx->arena, cx->region->sns_subscriptions) =
				subs[i].subs.v[k];
	}
	free(subs);
	return rc;
}

/* `irready inventory`: what SNS_TOPICS holds */
static void sns_topics_json(cJSON *o, const struct inv_account *acct,
			    const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "sns_topics");
	for (size_t i = 0; i < r->sns_topics.n; i++) {
		const struct inv_sns_topic *t = &r->sns_topics.v[i];
		cJSON *g;

		x = cJSON_CreateObject();
		inv_json_str(x, "arn", t->arn);
		cJSON_AddBoolToObject(x, "attributes", t->attrs_checked);
		g = cJSON_AddArrayToObject(x, "open_grants");
		for (size_t k = 0; k < t->nopen_grants; k++)
			cJSON_AddItemToArray(
				g, cJSON_CreateString(t->open_grants[k]));
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "sns_subscriptions");
	for (size_t i = 0; i < r->sns_subscriptions.n; i++) {
		const struct inv_sns_subscription *su =
			&r->sns_subscriptions.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "topic_arn", su->topic_arn);
		inv_json_str(x, "protocol", su->protocol);
		cJSON_AddBoolToObject(x, "confirmed", su->confirmed);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_sns_topics = {
	.name = "SNS_TOPICS",
	.scope = INV_REGION,
	.description = "SNS topics and their subscriptions",
	.actions = "sns:ListTopics sns:GetTopicAttributes "
		   "sns:ListSubscriptionsByTopic",
	.collect = inv_collect_sns_topics,
	.dump = sns_topics_json,
};
