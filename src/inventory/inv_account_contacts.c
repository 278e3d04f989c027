/*
 * inv_account_contacts.c -- the account's alternate contacts (the
 * ACCOUNT_CONTACTS dataset)
 *
 * account:GetAlternateContact (rest-json, POST /getAlternateContact, a
 * global service signed in us-east-1) once per type: SECURITY, BILLING,
 * OPERATIONS. ResourceNotFoundException is an answer -- that contact is
 * not registered -- not an error. The Account Management API has no
 * endpoint in aws-us-gov (botocore's endpoints.json; t_endpoints.py):
 * there nothing is asked, and contacts_no_api names the partition.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>

static const char *const contact_types[] = { "SECURITY", "BILLING",
					     "OPERATIONS" };

static int contact_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_alternate_contact *c = arg;
	const cJSON *o =
		cJSON_GetObjectItemCaseSensitive(page, "AlternateContact");

	if (!cJSON_IsObject(o))
		return IRREADY_EPARSE;
	c->registered = 1;
	c->name = ajson_str(cx->arena, o, "Name");
	c->title = ajson_str(cx->arena, o, "Title");
	c->email = ajson_str(cx->arena, o, "EmailAddress");
	c->phone = ajson_str(cx->arena, o, "PhoneNumber");
	return 0;
}

int inv_collect_account_contacts(struct collect_ctx *cx)
{
	const struct aws_service *svc = aws_service_find("account");
	const char *home = cx->acct->home_region;
	char sign[32];
	char *url = svc ? aws_endpoint_resolve_home(svc, "global", home, NULL,
						    sign, sizeof(sign))
			: NULL;
	int rc = 0;

	if (svc && !url) {
		cx->acct->contacts_no_api =
			aws_partition(home && *home ? home : "us-east-1");
		return 0;
	}
	free(url);

	for (size_t i = 0; !rc && i < ARRAY_SIZE(contact_types); i++) {
		struct inv_alternate_contact one = { 0 }, *c = &one;
		struct aws_request req = { .service = "account",
					   .action = "GetAlternateContact",
					   .region = "global",
					   .method = "POST",
					   .path = "/getAlternateContact",
					   .resource = contact_types[i] };

		c->type = contact_types[i];
		req.json_body = ajson_body(cx->arena, "AlternateContactType",
					   contact_types[i]);
		rc = inv_json_call(cx, &req, contact_page, c);
		if (rc == IRREADY_EPARSE && !cx->err->code[0])
			rc = inv_malformed(cx, &req, "no AlternateContact");
		if (rc && !strcmp(cx->err->code, "ResourceNotFoundException")) {
			c->registered = 0;
			aws_error_clear(cx->err);
			rc = 0;
		}
		if (!rc)
			*INV_PUSH(cx->arena, cx->acct->alternate_contacts) =
				one;
	}
	return rc;
}

/* `irready inventory`: what ACCOUNT_CONTACTS holds */
static void account_contacts_json(cJSON *o, const struct inv_account *acct,
				  const struct inv_region *r)
{
	cJSON *a, *x;

	if (acct->contacts_no_api)
		inv_json_str(o, "alternate_contacts_api_absent",
			     acct->contacts_no_api);
	a = cJSON_AddArrayToObject(o, "alternate_contacts");
	for (size_t i = 0; i < acct->alternate_contacts.n; i++) {
		const struct inv_alternate_contact *c =
			&acct->alternate_contacts.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "type", c->type);
		cJSON_AddBoolToObject(x, "registered", c->registered);
		inv_json_str(x, "name", c->name);
		inv_json_str(x, "email", c->email);
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_account_contacts = {
	.name = "ACCOUNT_CONTACTS",
	.scope = INV_ACCOUNT,
	.description = "Alternate contacts",
	.actions = "account:GetAlternateContact",
	.collect = inv_collect_account_contacts,
	.dump = account_contacts_json,
};
