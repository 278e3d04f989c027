/*
 * config_delivery_stream.c -- AWS Config streams configuration changes to
 * an SNS topic
 *
 * Per region, per delivery channel: snsTopicARN set. A region with no
 * recorder and no channel is NOT_APPLICABLE here (config_recorder_all_regions
 * fails it already); a recorder without a channel has nothing to stream
 * and fails.
 */
#include "check.h"

#include <stdio.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	char id[256];

	if (!r->channels.n) {
		check_arn(cx, id, sizeof(id), "config", r->name, cx->acct->id,
			  "delivery-channel");
		if (!r->recorders.n)
			findings_add(out, CHECK_NA,
				     "AWS::Config::DeliveryChannel", id,
				     "AWS Config is not set up in %s", r->name);
		else
			findings_add(
				out, CHECK_FAIL, "AWS::Config::DeliveryChannel",
				id,
				"AWS Config in %s has no delivery channel: "
				"configuration changes are neither stored "
				"nor streamed",
				r->name);
		return 0;
	}
	for (size_t i = 0; i < r->channels.n; i++) {
		const struct inv_delivery_channel *c = &r->channels.v[i];

		check_arn(cx, id, sizeof(id), "config", r->name, cx->acct->id,
			  "delivery-channel/%s", c->name ? c->name : "?");
		if (c->sns_topic)
			findings_add(out, CHECK_PASS,
				     "AWS::Config::DeliveryChannel", id,
				     "Config delivery channel '%s' in %s "
				     "streams changes to %s",
				     c->name ? c->name : "?", r->name,
				     c->sns_topic);
		else
			findings_add(
				out, CHECK_FAIL, "AWS::Config::DeliveryChannel",
				id,
				"Config delivery channel '%s' in %s has no "
				"SNS topic: configuration changes are not "
				"streamed to anyone",
				c->name ? c->name : "?", r->name);
	}
	return 0;
}

const struct check check_config_delivery_stream = {
	.id = "config_delivery_stream",
	.title = "AWS Config streams configuration changes to SNS",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_CONFIG,
	.guidance = "Prepare: surface configuration changes as they happen",
	.rationale = "The configuration stream announces every change Config "
		     "records, within minutes: a new access key, an opened "
		     "security group, a disabled trail. Feeding it to an SNS "
		     "topic lets a SIEM or a simple subscriber spot an "
		     "attacker's changes while they are being made, not at "
		     "the next daily snapshot.",
	.remediation = "1. Create (or reuse) an SNS topic for Config "
		       "notifications, with a policy that lets "
		       "config.amazonaws.com publish.\n"
		       "2. Set it as the delivery channel's snsTopicARN "
		       "(put-delivery-channel).\n"
		       "3. Subscribe a consumer that filters the stream: a "
		       "SIEM, an SQS queue or a Lambda function.",
	.cli_fix = "aws configservice put-delivery-channel --delivery-channel "
		   "name=default,s3BucketName=<BUCKET>,snsTopicARN=<TOPIC_ARN>",
	.cfn = "Channel:\n  Type: AWS::Config::DeliveryChannel\n"
	       "  Properties:\n    S3BucketName: !Ref ConfigBucket\n"
	       "    SnsTopicARN: !Ref ConfigTopic",
	.doc_url = "https://docs.aws.amazon.com/config/latest/developerguide/"
		   "notifications-for-AWS-Config.html",
	.frameworks = "SEC04-BP01;SEC10-BP06;NIST-CSF-2.0:DE.CM-09;"
		      "NIST-CSF-2.0:DE.AE-06",
	.extra_actions = NULL,
	.run = run,
};
