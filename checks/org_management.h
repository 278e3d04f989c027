/*
 * org_management.h -- the management-account checks: who can answer them
 *
 * org_delegated_security_admin, org_security_ous and org_containment_scp
 * read what only the management account of an Organization can list
 * (inv_org_admin.c). Before judging, each asks org_management_only():
 * a standalone account is NOT_APPLICABLE (org_member fails it), a member
 * account is NOT_APPLICABLE (the management account is audited for it)
 * unless it is the delegated administrator for Organizations, which can
 * list the same and is judged like the management account, and a failed
 * collection is ERROR. Included only by those three check files.
 */
#ifndef ORG_MANAGEMENT_H
#define ORG_MANAGEMENT_H

#include "check.h"

/*
 * Adds the finding for an account this check cannot judge and returns 1;
 * returns 0 for a management account whose data was collected. 'listed'
 * says how the management account holds the data, as it follows "account
 * A is a member of organization O: " ("SCPs are managed from"); 'what'
 * names the data for the ERROR ("the service control policies"), when
 * 'failed' with the error 'e'.
 */
static inline int org_management_only(const struct check_ctx *cx,
				      struct findings *out, const char *listed,
				      const char *what, int failed,
				      const struct aws_error *e)
{
	const struct inv_account *a = cx->acct;
	const struct inv_org_admin *oa = &a->org_admin;

	if (!oa->member) {
		findings_add(out, CHECK_NA, "AWS::::Account", a->id,
			     "account %s is not in an Organization "
			     "(org_member reports it)",
			     a->id);
		return 1;
	}
	if (!oa->management && !oa->delegated_admin) {
		findings_add(out, CHECK_NA, "AWS::::Account", a->id,
			     "account %s is a member of organization %s: %s "
			     "the management account %s",
			     a->id, oa->org_id ? oa->org_id : "?", listed,
			     oa->master_account_id ? oa->master_account_id
						   : "?");
		return 1;
	}
	if (failed) {
		findings_add(out, CHECK_ERROR, "", a->id,
			     "could not collect %s: %s on %s in %s: %s", what,
			     e->code, e->action, e->region, e->message);
		return 1;
	}
	return 0;
}

#endif
