/*
 * inv_ses.c -- SES identities and whether they are verified
 *
 * The classic SES API (query protocol, service "ses" on the "email"
 * endpoint): ListIdentities (NextToken paging) names every email address
 * and domain the account has asked to verify; GetIdentityVerificationAttributes
 * gives their status, for up to SES_BATCH (16) identities a call (the API
 * takes 100). Each such call is named by
 * the first identity it asks about.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <string.h>

#define SES_BATCH 16 /* identities a call (fixtures are cut this way) */

static int list_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	(void)arg;
	for (struct axml_node *it = axml_items(axml_child(res, "Identities"));
	     it; it = axml_next(it)) {
		struct inv_ses_identity *id =
			INV_PUSH(cx->arena, cx->region->ses_identities);

		id->name = axml_str(cx->arena, it, "");
	}
	return 0;
}

static int attrs_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	(void)arg;
	for (struct axml_node *e =
		     axml_items(axml_child(res, "VerificationAttributes"));
	     e; e = axml_next(e)) {
		char *key = axml_str(cx->arena, e, "key");

		for (size_t i = 0; key && i < cx->region->ses_identities.n;
		     i++) {
			struct inv_ses_identity *id =
				&cx->region->ses_identities.v[i];

			if (id->name && !strcmp(id->name, key))
				id->status =
					axml_str(cx->arena, e,
						 "value/VerificationStatus");
		}
	}
	return 0;
}

int inv_collect_ses_identities(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "ses",
				   .action = "ListIdentities",
				   .token_param = "NextToken" };
	size_t n;
	int rc = inv_xml_pages(cx, &req, "NextToken", list_page, &req);

	n = cx->region->ses_identities.n;
	for (size_t i = 0; !rc && i < n; i += SES_BATCH) {
		struct aws_request areq = {
			.service = "ses",
			.action = "GetIdentityVerificationAttributes",
			.resource = cx->region->ses_identities.v[i].name
		};

		for (size_t k = i; k < n && k < i + SES_BATCH; k++)
			aws_request_param(&areq,
					  arena_printf(cx->arena,
						       "Identities.member.%zu",
						       k - i + 1),
					  cx->region->ses_identities.v[k].name);
		rc = inv_xml_call(cx, &areq, attrs_page, &areq);
	}
	return rc;
}

/* `irready inventory`: what SES_IDENTITIES holds */
static void ses_identities_json(cJSON *o, const struct inv_account *acct,
				const struct inv_region *r)
{
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "ses_identities");
	for (size_t i = 0; i < r->ses_identities.n; i++) {
		x = cJSON_CreateObject();
		inv_json_str(x, "name", r->ses_identities.v[i].name);
		inv_json_str(x, "status", r->ses_identities.v[i].status);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_ses_identities = {
	.name = "SES_IDENTITIES",
	.scope = INV_REGION,
	.description = "SES identities",
	.actions = "ses:ListIdentities ses:GetIdentityVerificationAttributes",
	.collect = inv_collect_ses_identities,
	.dump = ses_identities_json,
};
