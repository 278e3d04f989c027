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

/*
 * Global resource types (IAM users, roles, policies, groups) are recorded
 * by the recorder of one region that has includeGlobalResourceTypes
 * (CIS 3.3, AWS's advice: one region only). The home region answers for
 * the account (the first audited region when the home is not audited):
 * when this is that region, no recording all-types recorder anywhere
 * includes them, and every region's recorders are known, add the FAIL
 * and return 1; when a region's recorders could not be read, say which
 * could still hold them (ERROR). Otherwise 0.
 */
static int global_types_missing(const struct check_ctx *cx, const char *id,
				const struct inv_config_recorder *rec,
				struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_region *answers = NULL;
	char unknown[256] = "";

	for (size_t i = 0; i < a->nregions; i++)
		if (a->home_region &&
		    !strcmp(a->regions[i].name, a->home_region))
			answers = &a->regions[i];
	if (!answers && a->nregions)
		answers = &a->regions[0];
	if (answers != cx->region)
		return 0;
	for (size_t i = 0; i < a->nregions; i++) {
		const struct inv_region *r = &a->regions[i];

		if (r->status[DS_CONFIG].state == INV_FAILED) {
			snprintf(unknown + strlen(unknown),
				 sizeof(unknown) - strlen(unknown), "%s%s",
				 unknown[0] ? ", " : "", r->name);
			continue;
		}
		for (size_t k = 0; k < r->recorders.n; k++)
			if (r->recorders.v[k].recording &&
			    r->recorders.v[k].all_supported &&
			    r->recorders.v[k].include_global)
				return 0;
	}
	if (unknown[0])
		findings_add(out, CHECK_ERROR,
			     "AWS::Config::ConfigurationRecorder", id,
			     "Config recorder '%s' in %s records all regional "
			     "types, but no audited region's recorder "
			     "includes global resource types (IAM) and the "
			     "recorders of %s could not be read",
			     rec->name, cx->region->name, unknown);
	else
		findings_add(out, CHECK_FAIL,
			     "AWS::Config::ConfigurationRecorder", id,
			     "no recording Config recorder in any region "
			     "includes global resource types "
			     "(includeGlobalResourceTypes): changes to IAM "
			     "users, roles and policies go unrecorded; include "
			     "them in one region, e.g. in recorder '%s' in %s",
			     rec->name, cx->region->name);
	return 1;
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
	} else if (!global_types_missing(cx, id, rec, out)) {
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
