/*
 * account_security_contact.c -- the SECURITY alternate contact is
 * registered, so AWS can reach the security team about this account
 */
#include "check.h"

#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;

	if (check_contacts_no_api(cx, out))
		return 0;
	for (size_t i = 0; i < a->alternate_contacts.n; i++) {
		const struct inv_alternate_contact *c =
			&a->alternate_contacts.v[i];

		if (strcasecmp(c->type, "SECURITY"))
			continue;
		if (c->registered && c->email && *c->email)
			findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
				     "the security contact of account %s is "
				     "%s <%s>",
				     a->id, c->name ? c->name : "(no name)",
				     c->email);
		else
			findings_add(out, CHECK_FAIL, "AWS::::Account", a->id,
				     "account %s has no security contact: AWS "
				     "security notifications (abuse reports, "
				     "leaked keys) go to the root email only",
				     a->id);
		return 0;
	}
	return 0; /* not collected: the runner reports NOT_APPLICABLE */
}

const struct check check_account_security_contact = {
	.id = "account_security_contact",
	.title = "A security contact is registered for the account",
	.phase = PHASE_PREPARATION,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_ACCOUNT_CONTACTS,
	.guidance = "Prepare: identify key personnel and external resources",
	.rationale = "AWS tells an account about abuse reports, exposed "
		     "credentials found on public repositories and "
		     "compromised resources through its security contact. "
		     "Without one those notices go to the root email, often "
		     "an unread mailbox, and an incident starts days late.",
	.remediation = "1. Choose a monitored security team address (a "
		       "distribution list, not a person).\n"
		       "2. Register it as the SECURITY alternate contact of "
		       "every account; from the management account this can "
		       "be done for members with --account-id.\n"
		       "3. Test that mail to it reaches the on-call.",
	.cli_fix = "aws account put-alternate-contact --alternate-contact-type "
		   "SECURITY --email-address security@example.com --name "
		   "\"Security team\" --phone-number \"+1-555-0100\" --title "
		   "\"Security\"",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/accounts/latest/reference/"
		   "manage-acct-update-contact-alternate.html",
	.frameworks = "CIS-3.0:1.2;FSBP:Account.1;SEC10-BP01;"
		      "NIST-CSF-2.0:RS.CO-02",
	.extra_actions = NULL,
	.run = run,
};
