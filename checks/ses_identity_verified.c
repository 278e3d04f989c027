/*
 * ses_identity_verified.c -- a verified SES identity exists, so incident
 * notifications can be sent by email from AWS
 *
 * Account-level: a verified identity (VerificationStatus Success, from
 * the classic SES API that Debian's botocore models as "ses") in any
 * audited region passes, whatever happened in the others
 * (decides_on_partial). Without one, a region that could not be listed
 * could hold it: ERROR naming those regions. SES is not offered in every
 * region (its endpoint does not resolve there), so restrict --regions to
 * the regions in use.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	size_t total = 0, nfailed;
	char failed[512];

	for (size_t i = 0; i < a->nregions; i++) {
		const struct inv_region *r = &a->regions[i];

		if (r->status[DS_SES_IDENTITIES].state == INV_FAILED)
			continue; /* named below if it matters */
		for (size_t j = 0; j < r->ses_identities.n; j++) {
			const struct inv_ses_identity *id =
				&r->ses_identities.v[j];

			total++;
			if (!id->status || strcasecmp(id->status, "Success"))
				continue;
			findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
				     "SES identity %s in %s is verified",
				     id->name, r->name);
			return 0;
		}
	}
	nfailed = check_failed_regions(a, DS_SES_IDENTITIES, failed,
				       sizeof(failed));
	if (nfailed)
		findings_add(out, CHECK_ERROR, "AWS::::Account", a->id,
			     "no verified SES identity in the %zu region%s "
			     "that answered (%zu identit%s), and could not "
			     "collect %s in %s: one there could be verified",
			     a->nregions - nfailed,
			     a->nregions - nfailed == 1 ? "" : "s", total,
			     total == 1 ? "y" : "ies",
			     inv_dataset_desc(DS_SES_IDENTITIES), failed);
	else if (total)
		findings_add(out, CHECK_FAIL, "AWS::::Account", a->id,
			     "none of the %zu SES identities is verified",
			     total);
	else
		findings_add(out, CHECK_FAIL, "AWS::::Account", a->id,
			     "no SES identity in any audited region");
	return 0;
}

const struct check check_ses_identity_verified = {
	.id = "ses_identity_verified",
	.title = "A verified SES identity can send incident notifications",
	.phase = PHASE_DETECTION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_SES_IDENTITIES,
	.guidance = "Detect: be able to notify people outside the console",
	.rationale = "Response automation often has to email people: "
		     "owners of an affected resource, a user whose key was "
		     "disabled, stakeholders with a status update. SES only "
		     "sends from verified identities, and verification (DNS "
		     "records, or a click on an emailed link) takes time "
		     "nobody has during an incident.",
	.remediation = "1. Verify a domain (DKIM records) or at least the "
		       "sending address your notifications use.\n"
		       "2. Request production access if the account is still "
		       "in the SES sandbox, so mail can reach unverified "
		       "recipients.\n"
		       "3. Reference the identity in your response runbooks "
		       "and automation.",
	.cli_fix = "aws sesv2 create-email-identity --email-identity "
		   "security-notifications@example.com",
	.cfn = "NotificationIdentity:\n  Type: AWS::SES::EmailIdentity\n"
	       "  Properties:\n    EmailIdentity: example.com",
	.doc_url = "https://docs.aws.amazon.com/ses/latest/dg/"
		   "creating-identities.html",
	.frameworks = "SEC10-BP02;NIST-CSF-2.0:RS.CO-02",
	.extra_actions = NULL,
	.run = run,
	.decides_on_partial = 1,
};
