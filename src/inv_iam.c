/*
 * inv_iam.c -- IAM users' access keys
 *
 * First the credential report (iam:GetCredentialReport, one call for the
 * whole account). When there is none (ReportNotPresent, ReportExpired,
 * ReportInProgress) irready does not generate one -- that would be a write
 * -- and lists users and their keys instead (iam:ListUsers,
 * iam:ListAccessKeys), which gives ages but not last use.
 */
#include "iam_credreport.h"
#include "inv_pager.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static time_t report_time(const char *s)
{
	time_t t = 0;

	if (!s || parse_iso8601(s, &t))
		return 0;
	return t;
}

static int report_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	struct credreport cr;
	char *b64 = NULL;
	unsigned char *csv = NULL;
	size_t len = 0;
	int rc = 0;

	b64 = axml_str(cx->arena, res, "Content");
	if (!b64)
		return inv_malformed(cx, arg, "no Content");
	csv = base64_decode(b64, strlen(b64), &len);
	if (!csv)
		return inv_malformed(cx, arg, "Content that is not base64");
	if (credreport_parse((const char *)csv, len, &cr)) {
		free(csv);
		return inv_malformed(cx, arg, "a credential report that is "
					      "not the expected CSV");
	}
	for (size_t i = 0; i < cr.nrows; i++) {
		const char *user = credreport_get(&cr, i, "user");
		const char *arn = credreport_get(&cr, i, "arn");

		for (int k = 1; k <= 2; k++) {
			char col[64];
			const char *active, *rotated, *used;
			struct inv_access_key *key;

			snprintf(col, sizeof(col), "access_key_%d_active", k);
			active = credreport_get(&cr, i, col);
			snprintf(col, sizeof(col), "access_key_%d_last_rotated",
				 k);
			rotated = credreport_get(&cr, i, col);
			snprintf(col, sizeof(col),
				 "access_key_%d_last_used_date", k);
			used = credreport_get(&cr, i, col);
			/* a key slot that was never used has N/A rotation */
			if (!active || strcasecmp(active, "true"))
				continue;
			key = INV_PUSH(cx->acct->access_keys);
			key->user = arena_strdup(cx->arena, user);
			key->user_arn = arena_strdup(cx->arena, arn);
			key->key_id = arena_printf(cx->arena, "access_key_%d",
						   k);
			key->active = 1;
			key->created = report_time(rotated);
			key->last_used = report_time(used);
		}
	}
	cx->acct->keys_from_credential_report = 1;
	credreport_release(&cr);
	free(csv);
	return rc;
}

struct user {
	const char *name, *arn;
};

struct user_list {
	INV_VEC(struct user) users;
};

static int users_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	struct user_list *ul = arg;

	for (xmlNode *m = axml_items(axml_child(res, "Users")); m;
	     m = axml_next(m)) {
		struct user *u = INV_PUSH(ul->users);

		u->name = axml_str(cx->arena, m, "UserName");
		u->arn = axml_str(cx->arena, m, "Arn");
		if (!u->name)
			return IRREADY_EPARSE;
	}
	return 0;
}

struct keys_arg {
	const char *arn;
};

static int keys_page(struct collect_ctx *cx, xmlNode *res, void *arg)
{
	struct keys_arg *ka = arg;

	for (xmlNode *m = axml_items(axml_child(res, "AccessKeyMetadata")); m;
	     m = axml_next(m)) {
		struct inv_access_key *k = INV_PUSH(cx->acct->access_keys);
		char status[32];

		k->user = axml_str(cx->arena, m, "UserName");
		k->user_arn = ka->arn;
		k->key_id = axml_str(cx->arena, m, "AccessKeyId");
		axml_copy(m, "Status", status, sizeof(status));
		k->active = !strcmp(status, "Active");
		k->created = axml_time(m, "CreateDate");
		if (!k->key_id || !k->user)
			return IRREADY_EPARSE;
	}
	return 0;
}

static int list_keys(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "iam", .action = "ListUsers",
				   .region = "global", .token_param = "Marker" };
	struct user_list ul = { 0 };
	int rc;

	rc = inv_xml_pages(cx, &req, "Marker", users_page, &ul);
	if (rc == IRREADY_EPARSE && !cx->err->code[0])
		rc = inv_malformed(cx, &req, "a user without UserName");
	for (size_t i = 0; !rc && i < ul.users.n; i++) {
		struct aws_request kreq = { .service = "iam",
					    .action = "ListAccessKeys",
					    .region = "global",
					    .token_param = "Marker",
					    .resource = ul.users.v[i].name };
		struct keys_arg ka = { ul.users.v[i].arn };

		aws_request_param(&kreq, "UserName", ul.users.v[i].name);
		rc = inv_xml_pages(cx, &kreq, "Marker", keys_page, &ka);
		if (rc == IRREADY_EPARSE && !cx->err->code[0])
			rc = inv_malformed(cx, &kreq, "a key without ids");
	}
	free(ul.users.v);
	return rc;
}

int inv_collect_iam_keys(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "iam",
				   .action = "GetCredentialReport",
				   .region = "global" };
	int rc = inv_xml_call(cx, &req, report_page, &req);

	if (rc && (!strcmp(cx->err->code, "ReportNotPresent") ||
		   !strcmp(cx->err->code, "ReportExpired") ||
		   !strcmp(cx->err->code, "ReportInProgress"))) {
		debug("%s: no credential report (%s), listing users",
		      cx->acct->id, cx->err->code);
		cx->acct->access_keys.n = 0;
		aws_error_clear(cx->err);
		rc = list_keys(cx);
	}
	return rc;
}
