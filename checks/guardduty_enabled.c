/*
 * guardduty_enabled.c -- a GuardDuty detector is enabled in every region
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	char arn[160];

	for (size_t i = 0; i < r->detectors.n; i++) {
		const struct inv_detector *d = &r->detectors.v[i];

		check_arn(cx, arn, sizeof(arn), "guardduty", r->name,
			  cx->acct->id, "detector/%s", d->id);
		if (!strcasecmp(d->status, "ENABLED"))
			findings_add(out, CHECK_PASS,
				     "AWS::GuardDuty::Detector", arn,
				     "GuardDuty detector %s is enabled in %s",
				     d->id, r->name);
		else
			findings_add(out, CHECK_FAIL,
				     "AWS::GuardDuty::Detector", arn,
				     "GuardDuty detector %s in %s is %s", d->id,
				     r->name, d->status);
	}
	if (!r->detectors.n) {
		check_arn(cx, arn, sizeof(arn), "guardduty", r->name,
			  cx->acct->id, "detector");
		findings_add(out, CHECK_FAIL, "AWS::GuardDuty::Detector", arn,
			     "GuardDuty is not enabled in %s: no threat "
			     "detection for this region",
			     r->name);
	}
	return 0;
}

const struct check check_guardduty_enabled = {
	.id = "guardduty_enabled",
	.title = "GuardDuty is enabled in every enabled region",
	.phase = PHASE_PREPARATION,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_GUARDDUTY,
	.guidance = "Detect: enable managed threat detection everywhere",
	.rationale = "GuardDuty turns CloudTrail, VPC flow and DNS logs into "
		     "findings about compromised credentials, crypto-mining "
		     "and exfiltration. Attackers deliberately use regions "
		     "where it is off.",
	.remediation = "1. Enable GuardDuty in every enabled region, "
		       "preferably organization-wide from a delegated "
		       "administrator account.\n"
		       "2. Turn on auto-enable for new member accounts.\n"
		       "3. Route findings to the incident team (EventBridge "
		       "rule on aws.guardduty).",
	.cli_fix = "aws guardduty create-detector --enable "
		   "--finding-publishing-frequency FIFTEEN_MINUTES "
		   "--region <REGION>",
	.cfn = "Detector:\n  Type: AWS::GuardDuty::Detector\n  Properties:\n"
	       "    Enable: true\n    FindingPublishingFrequency: "
	       "FIFTEEN_MINUTES",
	.doc_url = "https://docs.aws.amazon.com/guardduty/latest/ug/"
		   "guardduty_settingup.html",
	.frameworks = "FSBP:GuardDuty.1;SEC10-BP06;NIST-CSF-2.0:DE.AE-02",
	.run = run,
};
