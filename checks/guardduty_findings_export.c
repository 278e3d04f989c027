/*
 * guardduty_findings_export.c -- GuardDuty findings are exported to S3,
 * encrypted with a KMS key
 *
 * Per detector: a publishing destination of type S3 in status PUBLISHING
 * with a KMS key passes. GuardDuty keeps findings for 90 days only; the
 * S3 export is the durable copy an investigation relies on. A member
 * detector (GetAdministratorAccount: relationship Enabled) without its
 * own destination is NOT_APPLICABLE: the administrator account exports
 * the members' findings, and is judged there.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;

	for (size_t i = 0; i < r->gd_settings.n; i++) {
		const struct inv_gd_settings *s = &r->gd_settings.v[i];
		const struct inv_gd_destination *good = NULL, *weak = NULL;
		const struct aws_error *e = &s->export_err;
		char arn[160];

		check_arn(cx, arn, sizeof(arn), "guardduty", r->name,
			  cx->acct->id, "detector/%s", s->detector_id);
		if (s->export_failed) {
			findings_add(out, CHECK_ERROR,
				     "AWS::GuardDuty::Detector", arn,
				     "could not collect the publishing "
				     "destinations of GuardDuty detector %s: "
				     "%s on %s in %s: %s",
				     s->detector_id, e->code, e->action,
				     e->region, e->message);
			continue;
		}
		for (size_t j = 0; j < r->gd_destinations.n; j++) {
			const struct inv_gd_destination *d =
				&r->gd_destinations.v[j];

			if (strcmp(d->detector_id, s->detector_id) ||
			    !d->type || strcasecmp(d->type, "S3"))
				continue;
			if (d->status && !strcasecmp(d->status, "PUBLISHING") &&
			    d->kms_key_arn && *d->kms_key_arn)
				good = d;
			else if (!weak)
				weak = d;
		}
		if (!good && s->administrator)
			/* members cannot export: the administrator does */
			findings_add(
				out, CHECK_NA, "AWS::GuardDuty::Detector", arn,
				"GuardDuty detector %s in %s is a member of "
				"administrator account %s, which exports "
				"its findings: judged in account %s%s",
				s->detector_id, r->name, s->administrator,
				s->administrator,
				check_unassessed_note(cx, s->administrator));
		else if (good)
			findings_add(out, CHECK_PASS,
				     "AWS::GuardDuty::Detector", arn,
				     "GuardDuty detector %s in %s publishes "
				     "findings to %s, encrypted with %s",
				     s->detector_id, r->name,
				     good->arn ? good->arn : "S3",
				     good->kms_key_arn);
		else if (weak && weak->status &&
			 strcasecmp(weak->status, "PUBLISHING"))
			findings_add(out, CHECK_FAIL,
				     "AWS::GuardDuty::Detector", arn,
				     "GuardDuty detector %s in %s has S3 "
				     "destination %s in state %s: findings are "
				     "not being exported",
				     s->detector_id, r->name,
				     weak->arn ? weak->arn : weak->id,
				     weak->status);
		else if (weak)
			findings_add(out, CHECK_FAIL,
				     "AWS::GuardDuty::Detector", arn,
				     "GuardDuty detector %s in %s exports "
				     "findings to %s without a KMS key",
				     s->detector_id, r->name,
				     weak->arn ? weak->arn : weak->id);
		else
			findings_add(out, CHECK_FAIL,
				     "AWS::GuardDuty::Detector", arn,
				     "GuardDuty detector %s in %s exports no "
				     "findings: they are deleted after 90 days",
				     s->detector_id, r->name);
	}
	if (!r->gd_settings.n)
		findings_add(out, CHECK_NA, "AWS::GuardDuty::Detector", r->name,
			     "no GuardDuty detector in %s (guardduty_enabled "
			     "reports the region)",
			     r->name);
	return 0;
}

const struct check check_guardduty_findings_export = {
	.id = "guardduty_findings_export",
	.title = "GuardDuty findings are exported to S3 with KMS encryption",
	.phase = PHASE_DETECTION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_GUARDDUTY_SETTINGS,
	.guidance = "Detect: keep detection history beyond the service's "
		    "retention",
	.rationale = "GuardDuty keeps findings for 90 days. Intrusions are "
		     "often discovered months later, and the findings that "
		     "marked the initial access are then gone unless they "
		     "were exported. Encrypting the export with a KMS key "
		     "keeps the evidence confidential and access to it "
		     "auditable.",
	.remediation = "1. Create (or choose) a central S3 bucket and a "
		       "symmetric KMS key whose policies allow "
		       "guardduty.amazonaws.com to write and encrypt.\n"
		       "2. In GuardDuty > Settings > Findings export options, "
		       "configure the bucket and key (or use the CLI below) "
		       "in every region.\n"
		       "3. Set the finding publishing frequency to 15 "
		       "minutes.\n"
		       "4. Protect the bucket: versioning, Object Lock and a "
		       "lifecycle to archive storage.",
	.cli_fix = "aws guardduty create-publishing-destination --detector-id "
		   "<DETECTOR_ID> --destination-type S3 "
		   "--destination-properties DestinationArn=arn:aws:s3:::"
		   "<BUCKET>,KmsKeyArn=arn:aws:kms:<REGION>:<ACCOUNT_ID>:key/"
		   "<KEY_ID> --region <REGION>",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/guardduty/latest/ug/"
		   "guardduty_exportfindings.html",
	.frameworks = "SEC04-BP02;SEC10-BP03;NIST-CSF-2.0:DE.AE-03;"
		      "NIST-CSF-2.0:PR.DS-11",
	.run = run,
};
