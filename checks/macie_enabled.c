/*
 * macie_enabled.c -- Amazon Macie is enabled in every region
 *
 * "Macie is not enabled" (AccessDeniedException with that message, or
 * ResourceNotFoundException) is collected as data and fails here; an IAM
 * denial of macie2:GetMacieSession is an ERROR (see inv_macie.c).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	const struct inv_macie *m = &r->macie;

	if (m->enabled && m->status && !strcasecmp(m->status, "ENABLED"))
		findings_add(out, CHECK_PASS, "AWS::Macie::Session",
			     cx->acct->id, "Macie is enabled in %s", r->name);
	else if (m->enabled)
		findings_add(
			out, CHECK_FAIL, "AWS::Macie::Session", cx->acct->id,
			"Macie in %s is %s: no sensitive-data discovery "
			"runs",
			r->name, m->status ? m->status : "in an unknown state");
	else
		findings_add(out, CHECK_FAIL, "AWS::Macie::Session",
			     cx->acct->id, "Macie is not enabled in %s (%s)",
			     r->name, m->reason ? m->reason : "no session");
	return 0;
}

const struct check check_macie_enabled = {
	.id = "macie_enabled",
	.title = "Amazon Macie is enabled in every region",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_MACIE,
	.guidance = "Prepare: know where sensitive data lives",
	.rationale = "Whether an incident is a notifiable breach depends on "
		     "what data the attacker could reach. Macie's inventory "
		     "of buckets holding personal or secret data, and its "
		     "alerts on public or shared buckets, let responders "
		     "scope data exposure and meet notification deadlines.",
	.remediation = "1. Enable Macie in every enabled region (for an "
		       "organization, from the delegated administrator with "
		       "auto-enable).\n"
		       "2. Turn on automated sensitive data discovery.\n"
		       "3. Publish Macie findings to Security Hub and route "
		       "policy findings to the security team.",
	.cli_fix = "aws macie2 enable-macie --status ENABLED "
		   "--finding-publishing-frequency FIFTEEN_MINUTES "
		   "--region <REGION>",
	.cfn = "MacieSession:\n  Type: AWS::Macie::Session\n  Properties:\n"
	       "    Status: ENABLED\n"
	       "    FindingPublishingFrequency: FIFTEEN_MINUTES",
	.doc_url = "https://docs.aws.amazon.com/macie/latest/user/"
		   "getting-started.html",
	.frameworks = "FSBP:Macie.1;SEC10-BP06;NIST-CSF-2.0:ID.AM-07",
	.run = run,
};
