/*
 * inv_sts.c -- who is auditing: sts:GetCallerIdentity
 *
 * The first call of every account. Its failure means the account cannot
 * be assessed at all (exit 3 when no account can be). The account that
 * lists the Organization for --org asked it already (the runner fills its
 * id and caller ARN): one call per identity.
 */
#include "inv_pager.h"
#include "irready.h"

#include <string.h>

static int identity_page(struct collect_ctx *cx, struct axml_node *res,
			 void *arg)
{
	char *account = axml_str(&cx->acct->meta, res, "Account");

	cx->acct->caller_arn = axml_str(&cx->acct->meta, res, "Arn");
	if (!account || !*account || !cx->acct->caller_arn)
		return inv_malformed(cx, arg, "no Account or Arn");
	if (!aws_valid_account(account))
		return inv_invalid(cx, arg, "Account", account);
	if (!aws_valid_arn(cx->acct->caller_arn))
		return inv_invalid(cx, arg, "Arn", cx->acct->caller_arn);
	if (cx->acct->id && strcmp(cx->acct->id, account)) {
		aws_error_set(cx->err, IRREADY_EAWS, "AccountMismatch",
			      "credentials belong to account %s, not %s",
			      account, cx->acct->id);
		return IRREADY_EAWS;
	}
	cx->acct->id = account;
	return 0;
}

int inv_collect_identity(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "sts",
				   .action = "GetCallerIdentity" };

	if (cx->acct->id && cx->acct->caller_arn)
		return 0;
	return inv_xml_call(cx, &req, identity_page, &req);
}

const struct dataset ds_identity = {
	.name = "IDENTITY",
	.scope = INV_ACCOUNT,
	.description = "Caller identity",
	.actions = "sts:GetCallerIdentity",
	.gate = 1,
	.collect = inv_collect_identity,
};
