/*
 * config_recorder_all_regions.c -- AWS Config records everything, in every
 * enabled region
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * lastStatus of DescribeConfigurationRecorderStatus: the API documents
 * Pending, Success, Failure and NotApplicable (neither fails); the AWS CLI
 * prints "SUCCESS"; recordings differ in case. A recorder that has just started
 * is PENDING, not failed.
 */
static int healthy(const char *last_status)
{
	return !strcasecmp(last_status, "SUCCESS") ||
	       !strcasecmp(last_status, "PENDING") ||
	       !strcasecmp(last_status, "NOT_APPLICABLE") ||
	       !strcasecmp(last_status, "NotApplicable");
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const char *acct = cx->acct->id;
	const struct inv_config_recorder *rec;
	char id[128];

	check_arn(cx, id, sizeof(id), "config", r->name, acct, "recorder");
	if (!r->recorders.n) {
		findings_add(out, CHECK_FAIL,
			     "AWS::Config::ConfigurationRecorder", id,
			     "no AWS Config recorder in %s: resource "
			     "history is lost for this region",
			     r->name);
		return 0;
	}
	/* one customer recorder per region; prefer one that records */
	rec = &r->recorders.v[0];
	for (size_t i = 0; i < r->recorders.n; i++)
		if (r->recorders.v[i].recording) {
			rec = &r->recorders.v[i];
			break;
		}
	check_arn(cx, id, sizeof(id), "config", r->name, acct, "recorder/%s",
		  rec->name);
	if (!rec->has_status || !rec->recording) {
		findings_add(out, CHECK_FAIL,
			     "AWS::Config::ConfigurationRecorder", id,
			     "Config recorder '%s' in %s is not recording",
			     rec->name, r->name);
	} else if (rec->last_status && !healthy(rec->last_status)) {
		findings_add(out, CHECK_FAIL,
			     "AWS::Config::ConfigurationRecorder", id,
			     "Config recorder '%s' in %s last reported %s%s%s",
			     rec->name, r->name, rec->last_status,
			     rec->last_error_code ? ": " : "",
			     rec->last_error_code ? rec->last_error_code : "");
	} else if (!rec->all_supported) {
		findings_add(out, CHECK_FAIL,
			     "AWS::Config::ConfigurationRecorder", id,
			     "Config recorder '%s' in %s records only "
			     "selected resource types",
			     rec->name, r->name);
	} else if (!r->channels.n) {
		findings_add(out, CHECK_FAIL,
			     "AWS::Config::ConfigurationRecorder", id,
			     "Config recorder '%s' in %s has no delivery "
			     "channel",
			     rec->name, r->name);
	} else {
		findings_add(out, CHECK_PASS,
			     "AWS::Config::ConfigurationRecorder", id,
			     "Config recorder '%s' in %s records all "
			     "supported types%s and delivers to s3://%s",
			     rec->name, r->name,
			     rec->include_global ? " including global ones"
						 : "",
			     r->channels.v[0].bucket ? r->channels.v[0].bucket
						     : "?");
	}
	return 0;
}

const struct check check_config_recorder_all_regions = {
	.id = "config_recorder_all_regions",
	.title = "AWS Config records all resources in every enabled region",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_CONFIG,
	.guidance = "Prepare: record resource configuration history for "
		    "investigation",
	.rationale = "During an investigation Config's history answers what "
		     "a resource looked like before and after the attacker "
		     "touched it; a region without a recorder is a blind spot "
		     "attackers use.",
	.remediation = "1. Create a recorder for all supported resource types "
		       "(include global types in one region only).\n"
		       "2. Create a delivery channel to a central, "
		       "access-restricted S3 bucket.\n"
		       "3. Start the recorder, in every enabled region "
		       "(a StackSet or a Config conformance pack helps).",
	.cli_fix = "aws configservice put-configuration-recorder "
		   "--configuration-recorder name=default,roleARN=<ROLE_ARN> "
		   "--recording-group allSupported=true,"
		   "includeGlobalResourceTypes=true && aws configservice "
		   "put-delivery-channel --delivery-channel "
		   "name=default,s3BucketName=<BUCKET> && aws configservice "
		   "start-configuration-recorder "
		   "--configuration-recorder-name default",
	.cfn = "Recorder:\n  Type: AWS::Config::ConfigurationRecorder\n"
	       "  Properties:\n    RoleARN: !GetAtt ConfigRole.Arn\n"
	       "    RecordingGroup:\n      AllSupported: true\n"
	       "      IncludeGlobalResourceTypes: true\n"
	       "Channel:\n  Type: AWS::Config::DeliveryChannel\n"
	       "  Properties:\n    S3BucketName: !Ref ConfigBucket",
	.doc_url = "https://docs.aws.amazon.com/config/latest/developerguide/"
		   "stop-start-recorder.html",
	.frameworks =
		"CIS-3.0:3.3;FSBP:Config.1;SEC10-BP06;NIST-CSF-2.0:DE.CM-09",
	.run = run,
};
