/*
 * sns_alert_subscribers.c -- the alert topics (params.alert_topic_names)
 * exist, are not open to everyone, and reach a person or a tool
 *
 * Account-level: a topic is looked for by name in every audited region,
 * and each copy found is judged on its own, its finding filed under the
 * topic's region (a region whose topics could not be listed makes the
 * check ERROR, reported by the runner).
 *
 * Not public: no Allow statement of the topic policy names everyone as
 * principal ("*", {"AWS":"*"}, or NotPrincipal) unless it carries a
 * condition on one of the keys that pin the caller to an account,
 * organization, source resource or VPC endpoint (aws:SourceOwner,
 * aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID, ...). The default
 * topic policy, {"AWS":"*"} limited by AWS:SourceOwner, is not public.
 *
 * Reaches someone: at least one confirmed subscription (its
 * SubscriptionArn is an ARN, not PendingConfirmation) over email,
 * email-json, sms, lambda, sqs, firehose, application (mobile push) or
 * https. Plain http subscriptions do not count: alerts about an intrusion
 * should not cross the internet in clear text, where they can be read or
 * forged.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static const char *const restricting[] = {
	"aws:sourceowner",       "aws:sourceaccount",
	"aws:sourcearn",         "aws:principalorgid",
	"aws:principalorgpaths", "aws:principalaccount",
	"aws:principalarn",      "aws:sourcevpce",
	"aws:sourcevpc",         "aws:userid",
	"aws:username",          "aws:principalservicename",
};

static const char *const good_protocols[] = {
	"email", "email-json", "sms",         "lambda",
	"sqs",   "firehose",   "application", "https",
};

/* Does a space-separated key list name a restricting key? */
static int restricted(const char *keys)
{
	for (size_t i = 0; i < sizeof(restricting) / sizeof(*restricting);
	     i++) {
		size_t n = strlen(restricting[i]);

		for (const char *p = strstr(keys, restricting[i]); p;
		     p = strstr(p + 1, restricting[i]))
			if ((p == keys || p[-1] == ' ') &&
			    (p[n] == ' ' || !p[n]))
				return 1;
	}
	return 0;
}

static int public_topic(const struct inv_sns_topic *t)
{
	for (size_t i = 0; i < t->nopen_grants; i++)
		if (!restricted(t->open_grants[i]))
			return 1;
	return 0;
}

static int good_protocol(const char *p)
{
	for (size_t i = 0;
	     p && i < sizeof(good_protocols) / sizeof(*good_protocols); i++)
		if (!strcmp(p, good_protocols[i]))
			return 1;
	return 0;
}

static void judge(const struct inv_region *r, const struct inv_sns_topic *t,
		  struct findings *out)
{
	size_t good = 0, pending = 0, http = 0;
	const char *proto = NULL;

	if (t->err.code[0]) {
		findings_add(out, CHECK_ERROR, "AWS::SNS::Topic", t->arn,
			     "alert topic %s could not be read (%s%s%s)",
			     t->arn, t->err.code, t->err.message[0] ? ": " : "",
			     t->err.message);
		return;
	}
	if (t->policy_unreadable) {
		findings_add(out, CHECK_ERROR, "AWS::SNS::Topic", t->arn,
			     "topic %s: its access policy is not JSON, so "
			     "who may publish cannot be judged",
			     t->arn);
		return;
	}
	if (public_topic(t)) {
		findings_add(out, CHECK_FAIL, "AWS::SNS::Topic", t->arn,
			     "alert topic %s is public: its policy allows "
			     "everyone without a condition that limits the "
			     "caller, so anyone can read or forge alerts",
			     t->arn);
		return;
	}
	for (size_t i = 0; i < r->sns_subscriptions.n; i++) {
		const struct inv_sns_subscription *s =
			&r->sns_subscriptions.v[i];

		if (strcmp(s->topic_arn, t->arn))
			continue;
		if (!s->confirmed) {
			pending++;
			continue;
		}
		if (!good_protocol(s->protocol)) {
			http++;
			continue;
		}
		if (!good++)
			proto = s->protocol;
	}
	if (good)
		findings_add(out, CHECK_PASS, "AWS::SNS::Topic", t->arn,
			     "alert topic %s is not public and has %zu "
			     "confirmed subscription%s (e.g. %s)",
			     t->arn, good, good == 1 ? "" : "s", proto);
	else
		findings_add(out, CHECK_FAIL, "AWS::SNS::Topic", t->arn,
			     "alert topic %s reaches nobody: no confirmed "
			     "subscription over email, SMS, Lambda, SQS, "
			     "Firehose, mobile push or HTTPS (%zu pending, %zu "
			     "over plain HTTP)",
			     t->arn, pending, http);
}

/*
 * The topic's region, from its ARN (arn:PARTITION:sns:REGION:ACCOUNT:NAME),
 * else the region it was listed in: an account-scope check still files a
 * finding about a regional resource under that resource's region.
 */
static void judge_in_region(const struct inv_region *r,
			    const struct inv_sns_topic *t, struct findings *out)
{
	const char *saved = out->region, *p = t->arn;
	char region[32];
	int field = 0;

	snprintf(region, sizeof(region), "%s", r->name);
	for (; p && *p && field < 3; p++)
		field += *p == ':';
	if (p && field == 3) {
		size_t n = strcspn(p, ":");

		if (n && n < sizeof(region) && p[n] == ':') {
			memcpy(region, p, n);
			region[n] = 0;
		}
	}
	out->region = region;
	judge(r, t, out);
	out->region = saved;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct params *p = cx->params;

	if (!p->nalert_topic_names) {
		findings_add(out, CHECK_NA, "AWS::SNS::Topic", a->id,
			     "no alert topics named in the policy "
			     "(params.alert_topic_names)");
		return 0;
	}
	for (size_t k = 0; k < p->nalert_topic_names; k++) {
		const char *name = p->alert_topic_names[k];
		size_t found = 0;

		for (size_t i = 0; i < a->nregions; i++) {
			const struct inv_region *r = &a->regions[i];

			for (size_t j = 0; j < r->sns_topics.n; j++) {
				const struct inv_sns_topic *t =
					&r->sns_topics.v[j];

				if (!t->attrs_checked || strcmp(t->name, name))
					continue;
				found++;
				judge_in_region(r, t, out);
			}
		}
		if (found)
			continue;
		findings_add(out, CHECK_FAIL, "AWS::SNS::Topic", name,
			     "alert topic '%s' does not exist in any audited "
			     "region: alarms and rules have nowhere to notify",
			     name);
	}
	return 0;
}

const struct check check_sns_alert_subscribers = {
	.id = "sns_alert_subscribers",
	.title = "Alert topics exist, are private and have confirmed "
		 "subscribers",
	.phase = PHASE_DETECTION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_SNS_TOPICS,
	.guidance = "Detect: make sure alerts reach a human",
	.rationale = "Alarms, EventBridge rules and Config notifications all "
		     "end at an SNS topic. A topic with no confirmed "
		     "subscriber swallows every alert; a topic anyone can "
		     "publish to or subscribe to lets an attacker flood "
		     "responders with noise, forge an all-clear or read the "
		     "alerts about their own intrusion.",
	.remediation = "1. Create each topic named in params.alert_topic_names "
		       "(in the regions your alarms and rules use).\n"
		       "2. Subscribe the on-call channel: an email list, an "
		       "HTTPS integration (PagerDuty, Opsgenie, chat) or a "
		       "Lambda function, and confirm the subscription.\n"
		       "3. Keep the topic policy limited to your account "
		       "(AWS:SourceOwner / aws:SourceAccount) and the services "
		       "that publish to it; encrypt the topic with KMS.",
	.cli_fix = "aws sns create-topic --name security-alerts && aws sns "
		   "subscribe --topic-arn <TOPIC_ARN> --protocol email "
		   "--notification-endpoint security-oncall@example.com",
	.cfn = "SecurityAlertsTopic:\n  Type: AWS::SNS::Topic\n"
	       "  Properties:\n    TopicName: security-alerts\n"
	       "    KmsMasterKeyId: alias/aws/sns\n"
	       "    Subscription:\n"
	       "      - Protocol: email\n"
	       "        Endpoint: security-oncall@example.com",
	.doc_url = "https://docs.aws.amazon.com/sns/latest/dg/"
		   "sns-security-best-practices.html",
	.frameworks = "SEC10-BP01;SEC10-BP06;NIST-CSF-2.0:DE.AE-06;"
		      "NIST-CSF-2.0:RS.CO-02",
	.extra_actions = NULL,
	.run = run,
};
