/*
 * account_contacts_distinct.c -- the security, billing and operations
 * alternate contacts are all registered and reach different people
 *
 * "Distinct" compares the email addresses, ignoring case: one mailbox
 * for all three means security notices compete with invoices.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	const struct inv_alternate_contact *c = a->alternate_contacts.v;
	size_t n = a->alternate_contacts.n;
	char why[512] = "", list[512] = "";

	if (check_contacts_no_api(cx, out) || !n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(why), llen = strlen(list);

		if (!c[i].registered || !c[i].email || !*c[i].email) {
			snprintf(why + len, sizeof(why) - len,
				 "%sno %s contact", len ? "; " : "", c[i].type);
			continue;
		}
		snprintf(list + llen, sizeof(list) - llen, "%s%s <%s>",
			 llen ? ", " : "", c[i].type, c[i].email);
		for (size_t k = 0; k < i; k++) {
			if (!c[k].registered || !c[k].email ||
			    strcasecmp(c[k].email, c[i].email))
				continue;
			len = strlen(why);
			snprintf(why + len, sizeof(why) - len,
				 "%s%s and %s share %s", len ? "; " : "",
				 c[k].type, c[i].type, c[i].email);
			break;
		}
	}
	if (why[0])
		findings_add(out, CHECK_FAIL, "AWS::::Account", a->id,
			     "alternate contacts of account %s are not "
			     "distinct: %s",
			     a->id, why);
	else
		findings_add(out, CHECK_PASS, "AWS::::Account", a->id,
			     "alternate contacts of account %s are distinct: "
			     "%s",
			     a->id, list);
	return 0;
}

const struct check check_account_contacts_distinct = {
	.id = "account_contacts_distinct",
	.title = "Security, billing and operations contacts are distinct",
	.phase = PHASE_PREPARATION,
	.severity = SEV_LOW,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_ACCOUNT_CONTACTS,
	.guidance = "Prepare: identify key personnel and external resources",
	.rationale = "AWS routes security notices, billing alerts (an "
		     "unexpected bill is often the first sign of "
		     "crypto-mining) and operational notices to different "
		     "alternate contacts. Missing or shared contacts mean the "
		     "right team hears about an incident late or not at "
		     "all.",
	.remediation = "1. Decide which team owns security, billing and "
		       "operations notices.\n"
		       "2. Register a separate monitored address for each "
		       "alternate contact type.\n"
		       "3. Review them when teams change.",
	.cli_fix = "aws account put-alternate-contact --alternate-contact-type "
		   "OPERATIONS --email-address ops@example.com --name "
		   "\"Operations\" --phone-number \"+1-555-0101\" --title "
		   "\"Operations\"",
	.cfn = NULL,
	.doc_url = "https://docs.aws.amazon.com/accounts/latest/reference/"
		   "manage-acct-update-contact-alternate.html",
	.frameworks = "SEC10-BP01;NIST-CSF-2.0:RS.CO-02",
	.extra_actions = NULL,
	.run = run,
};
