/*
 * cloudtrail_multi_region.c -- a multi-region trail logs management events
 * (read and write)
 *
 * An organization trail whose selectors a member cannot read is ERROR
 * naming its owner; in an --org run that has read it in the owning
 * account (inventory.orgwide), the member is NOT_APPLICABLE instead: the
 * trail is judged once, there. When the owner could not be assessed in
 * that run, the member's ERROR says so.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_trail *best = NULL, *unread = NULL;
	int multi = 0;
	char why[512] = "";

	for (size_t i = 0; i < a->trails.n; i++) {
		const struct inv_trail *t = &a->trails.v[i];

		if (!t->multi_region)
			continue;
		multi++;
		if (!t->status_checked || !t->selectors_checked) {
			/* its status or selectors answered an error */
			if (!unread)
				unread = t;
			continue;
		}
		if (t->is_logging && t->mgmt_read && t->mgmt_write) {
			best = t;
			break;
		}
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
			 "%strail '%s' %s", why[0] ? "; " : "", t->name,
			 !t->is_logging ? "is not logging"
			 : !(t->mgmt_read || t->mgmt_write)
				 ? "does not log management events"
			 : !t->mgmt_read ? "logs only write management events"
					 : "logs only read management events");
	}
	if (best) {
		findings_add(out, CHECK_PASS, "AWS::CloudTrail::Trail",
			     best->arn,
			     "%strail '%s' (home %s) is logging read and write "
			     "management events in every region",
			     best->organization ? "organization " : "",
			     best->name, best->home_region);
		return 0;
	}
	if (unread &&
	    check_org_trail_elsewhere(
		    cx, unread, "its event selectors are read and judged", out))
		return 0;
	if (unread) {
		char owner[16];
		int lost;

		check_trail_owner(unread, owner, sizeof(owner));
		lost = unread->organization && check_org_unassessed(cx, owner);
		findings_add(
			out, CHECK_ERROR, "AWS::CloudTrail::Trail", unread->arn,
			"%strail '%s' (home %s%s%s) covers every region, "
			"but whether it is logging all management events "
			"could not be read from account %s (%s: %s)%s%s%s%s%s",
			unread->organization ? "organization " : "",
			unread->name, unread->home_region,
			owner[0] ? ", account " : "", owner, a->id,
			unread->detail_err.code[0] ? unread->detail_err.code
						   : "no answer",
			unread->detail_err.message, why[0] ? "; " : "", why,
			lost ? "; account " : "", lost ? owner : "",
			lost ? ", which owns it, could not be assessed in this "
			       "--org run, so it is not judged there"
			     : "");
		return 0;
	}
	if (!multi) {
		findings_add(out, CHECK_FAIL, "AWS::CloudTrail::Trail", a->id,
			     "no multi-region CloudTrail trail in account %s "
			     "(%zu single-region trail%s): API activity in "
			     "other regions goes unrecorded",
			     a->id, a->trails.n, a->trails.n == 1 ? "" : "s");
		return 0;
	}
	findings_add(out, CHECK_FAIL, "AWS::CloudTrail::Trail", a->id,
		     "no multi-region trail records all management events: %s",
		     why);
	return 0;
}

const struct check check_cloudtrail_multi_region = {
	.id = "cloudtrail_multi_region",
	.title = "A multi-region CloudTrail trail logs all management events",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_CLOUDTRAIL,
	.guidance = "Prepare: capture an authoritative record of API activity",
	.rationale = "CloudTrail is the primary evidence of who did what in "
		     "an AWS incident. Without a multi-region trail that "
		     "records read and write management events, an attacker "
		     "operating in an unused region leaves no trace.",
	.remediation = "1. Create (or convert) a trail with "
		       "--is-multi-region-trail, ideally an organization trail "
		       "from the management account.\n"
		       "2. Keep the default event selector (ReadWriteType All, "
		       "management events included).\n"
		       "3. Start logging and deliver to a bucket in a separate "
		       "log-archive account.",
	.cli_fix = "aws cloudtrail create-trail --name org-trail "
		   "--s3-bucket-name <BUCKET> --is-multi-region-trail "
		   "--enable-log-file-validation && aws cloudtrail "
		   "start-logging --name org-trail",
	.cfn = "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n"
	       "    IsLogging: true\n    IsMultiRegionTrail: true\n"
	       "    IncludeGlobalServiceEvents: true\n"
	       "    EnableLogFileValidation: true\n"
	       "    S3BucketName: !Ref TrailBucket",
	.doc_url = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
		   "receive-cloudtrail-log-files-from-multiple-regions.html",
	.frameworks = "CIS-3.0:3.1;FSBP:CloudTrail.1;SEC10-BP06;"
		      "NIST-CSF-2.0:DE.CM-09",
	.extra_actions = NULL,
	.run = run,
};
