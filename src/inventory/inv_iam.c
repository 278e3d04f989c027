/*
 * inv_iam.c -- IAM users, their passwords and access keys, and the root
 * user (the IAM_KEYS dataset)
 *
 * First the credential report (iam:GetCredentialReport, one call for the
 * whole account): every user's password and key dates and last use, and
 * the <root_account> row (MFA, root access keys). When there is none
 * (ReportNotPresent, ReportExpired, ReportInProgress) irready does not
 * generate one -- that would be a write -- and asks for the same facts one
 * by one: iam:ListUsers (PasswordLastUsed), iam:ListAccessKeys and
 * iam:GetLoginProfile per user, iam:GetAccessKeyLastUsed per active key,
 * and iam:GetAccountSummary for the root user. With a report whose root
 * row shows neither MFA nor keys, GetAccountSummary's
 * AccountPasswordPresent says whether root has a password at all.
 *
 * Those last three only serve the last-use and root checks, so their
 * failures do not fail the dataset (the key-age check keeps its data):
 * a failed GetLoginProfile or GetAccessKeyLastUsed is kept in
 * acct->iam_last_use_err (and no further last-use call is made), a failed
 * GetAccountSummary in acct->iam_root.err. GetLoginProfile's NoSuchEntity
 * is an answer: the user has no console password.
 */
#include "iam_credreport.h"
#include "inv_json.h"
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

static int report_true(const char *s)
{
	return s && !strcasecmp(s, "true");
}

static void report_root(struct collect_ctx *cx, const struct credreport *cr,
			size_t i)
{
	struct inv_iam_root *root = &cx->acct->iam_root;

	root->known = 1;
	root->source = "credential report";
	root->mfa_enabled = report_true(credreport_get(cr, i, "mfa_active"));
	root->access_keys =
		report_true(credreport_get(cr, i, "access_key_1_active")) +
		report_true(credreport_get(cr, i, "access_key_2_active"));
}

static void report_user(struct collect_ctx *cx, const struct credreport *cr,
			size_t i)
{
	struct inv_iam_user *u = INV_PUSH(cx->arena, cx->acct->iam_users);

	u->name = arena_strdup(cx->arena, credreport_get(cr, i, "user"));
	u->arn = arena_strdup(cx->arena, credreport_get(cr, i, "arn"));
	u->created = report_time(credreport_get(cr, i, "user_creation_time"));
	u->password_enabled =
		report_true(credreport_get(cr, i, "password_enabled"));
	if (!u->password_enabled)
		return;
	/* N/A: never changed since it was set, at the user's creation */
	u->password_set =
		report_time(credreport_get(cr, i, "password_last_changed"));
	if (!u->password_set)
		u->password_set = u->created;
	u->password_last_used =
		report_time(credreport_get(cr, i, "password_last_used"));
}

static int report_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
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
		return inv_malformed(cx, arg,
				     "a credential report that is "
				     "not the expected CSV");
	}
	for (size_t i = 0; i < cr.nrows; i++) {
		const char *user = credreport_get(&cr, i, "user");
		const char *arn = credreport_get(&cr, i, "arn");

		if (user && !strcmp(user, "<root_account>"))
			report_root(cx, &cr, i);
		else if (user)
			report_user(cx, &cr, i);
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
			if (!report_true(active))
				continue;
			key = INV_PUSH(cx->arena, cx->acct->access_keys);
			key->user = arena_strdup(cx->arena, user);
			key->user_arn = arena_strdup(cx->arena, arn);
			key->key_id =
				arena_printf(cx->arena, "access_key_%d", k);
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

/* Without a credential report */

static int users_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	for (struct axml_node *m = axml_items(axml_child(res, "Users")); m;
	     m = axml_next(m)) {
		struct inv_iam_user *u =
			INV_PUSH(cx->arena, cx->acct->iam_users);

		u->name = axml_str(cx->arena, m, "UserName");
		u->arn = axml_str(cx->arena, m, "Arn");
		u->created = axml_time(m, "CreateDate");
		/* absent: never used, or no password (GetLoginProfile says) */
		u->password_last_used = axml_time(m, "PasswordLastUsed");
		if (!u->name)
			return IRREADY_EPARSE;
	}
	return 0;
}

struct keys_arg {
	const char *arn;
};

static int keys_page(struct collect_ctx *cx, struct axml_node *res, void *arg)
{
	struct keys_arg *ka = arg;

	for (struct axml_node *m =
		     axml_items(axml_child(res, "AccessKeyMetadata"));
	     m; m = axml_next(m)) {
		struct inv_access_key *k =
			INV_PUSH(cx->arena, cx->acct->access_keys);
		char status[32];

		k->user = axml_str(cx->arena, m, "UserName");
		k->user_arn = ka->arn;
		k->key_id = axml_str(cx->arena, m, "AccessKeyId");
		axml_copy(m, "Status", status, sizeof(status));
		k->active = !strcasecmp(status, "Active");
		k->created = axml_time(m, "CreateDate");
		if (!k->key_id || !k->user)
			return IRREADY_EPARSE;
	}
	return 0;
}

static int login_profile_page(struct collect_ctx *cx, struct axml_node *res,
			      void *arg)
{
	struct inv_iam_user *u = arg;
	struct axml_node *lp = axml_child(res, "LoginProfile");

	if (!lp)
		return IRREADY_EPARSE;
	u->password_enabled = 1;
	u->password_set = axml_time(lp, "CreateDate");
	return 0;
}

static int key_last_used_page(struct collect_ctx *cx, struct axml_node *res,
			      void *arg)
{
	struct inv_access_key *k = arg;

	/* never used: ServiceName and Region "N/A", no LastUsedDate */
	k->last_used = axml_time(res, "AccessKeyLastUsed/LastUsedDate");
	return 0;
}

/*
 * A call that only feeds last-use data: its failure is remembered in
 * acct->iam_last_use_err instead of failing the dataset. Returns 0 after
 * the call (answered or failed), or 1 when an earlier one already failed.
 */
static int last_use_call(struct collect_ctx *cx, struct aws_request *req,
			 inv_xml_page_fn fn, void *arg, const char *what)
{
	struct inv_account *a = cx->acct;
	int rc;

	if (a->iam_last_use_failed)
		return 1;
	rc = inv_xml_call(cx, req, fn, arg);
	if (rc == IRREADY_EPARSE && !cx->err->code[0])
		inv_malformed(cx, req, what);
	if (rc && !strcmp(req->action, "GetLoginProfile") &&
	    !strcmp(cx->err->code, "NoSuchEntity"))
		rc = 0; /* no console password */
	if (rc) {
		a->iam_last_use_failed = 1;
		a->iam_last_use_err = *cx->err;
	}
	aws_error_clear(cx->err);
	return 0;
}

static int summary_page(struct collect_ctx *cx, struct axml_node *res,
			void *arg)
{
	struct inv_iam_root *root = &cx->acct->iam_root;
	int mfa = -1, keys = -1, no_password = 0;

	for (struct axml_node *e = axml_items(axml_child(res, "SummaryMap")); e;
	     e = axml_next(e)) {
		char key[64];
		long v = axml_long(e, "value", -1);

		axml_copy(e, "key", key, sizeof(key));
		if (!strcasecmp(key, "AccountMFAEnabled"))
			mfa = v > 0;
		else if (!strcasecmp(key, "AccountAccessKeysPresent"))
			keys = v > 0;
		else if (!strcasecmp(key, "AccountPasswordPresent"))
			no_password = v == 0;
	}
	if (mfa < 0 || keys < 0)
		return inv_malformed(cx, arg,
				     "no AccountMFAEnabled or "
				     "AccountAccessKeysPresent");
	root->known = 1;
	root->source = "GetAccountSummary";
	root->mfa_enabled = mfa;
	root->access_keys = keys; /* present or not: the count is not given */
	root->no_password = no_password;
	return 0;
}

static int password_page(struct collect_ctx *cx, struct axml_node *res,
			 void *arg)
{
	for (struct axml_node *e = axml_items(axml_child(res, "SummaryMap")); e;
	     e = axml_next(e)) {
		char key[64];

		axml_copy(e, "key", key, sizeof(key));
		if (!strcasecmp(key, "AccountPasswordPresent"))
			cx->acct->iam_root.no_password =
				axml_long(e, "value", -1) == 0;
	}
	return 0;
}

/*
 * A root user without MFA per the credential report: does it have a
 * password at all? (The report says not_supported for root's password.)
 * Without one and without keys nobody can sign in as root -- the member
 * account of an Organization that manages root access centrally. A
 * failed call leaves it unknown.
 */
static void root_password(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "iam",
				   .action = "GetAccountSummary",
				   .region = "global" };

	if (inv_xml_call(cx, &req, password_page, &req))
		cx->acct->iam_root.no_password = 0; /* not known */
	aws_error_clear(cx->err);
}

static void root_from_summary(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "iam",
				   .action = "GetAccountSummary",
				   .region = "global" };

	if (inv_xml_call(cx, &req, summary_page, &req)) {
		cx->acct->iam_root.known = 0;
		cx->acct->iam_root.err = *cx->err;
	}
	aws_error_clear(cx->err);
}

static int list_users(struct collect_ctx *cx)
{
	struct inv_account *a = cx->acct;
	struct aws_request req = { .service = "iam",
				   .action = "ListUsers",
				   .region = "global",
				   .token_param = "Marker" };
	int rc;

	rc = inv_xml_pages(cx, &req, "Marker", users_page, NULL);
	if (rc == IRREADY_EPARSE && !cx->err->code[0])
		rc = inv_malformed(cx, &req, "a user without UserName");
	for (size_t i = 0; !rc && i < a->iam_users.n; i++) {
		struct inv_iam_user *u = &a->iam_users.v[i];
		struct aws_request kreq = { .service = "iam",
					    .action = "ListAccessKeys",
					    .region = "global",
					    .token_param = "Marker",
					    .resource = u->name };
		struct aws_request preq = { .service = "iam",
					    .action = "GetLoginProfile",
					    .region = "global",
					    .resource = u->name };
		struct keys_arg ka = { u->arn };
		size_t first = a->access_keys.n;

		aws_request_param(&kreq, "UserName", u->name);
		rc = inv_xml_pages(cx, &kreq, "Marker", keys_page, &ka);
		if (rc == IRREADY_EPARSE && !cx->err->code[0])
			rc = inv_malformed(cx, &kreq, "a key without ids");
		if (rc)
			break;
		aws_request_param(&preq, "UserName", u->name);
		last_use_call(cx, &preq, login_profile_page, u,
			      "no LoginProfile");
		for (size_t k = first; k < a->access_keys.n; k++) {
			struct inv_access_key *key = &a->access_keys.v[k];
			struct aws_request lreq = {
				.service = "iam",
				.action = "GetAccessKeyLastUsed",
				.region = "global",
				.resource = key->key_id
			};

			if (!key->active)
				continue;
			aws_request_param(&lreq, "AccessKeyId", key->key_id);
			last_use_call(cx, &lreq, key_last_used_page, key,
				      "no AccessKeyLastUsed");
		}
	}
	if (!rc)
		root_from_summary(cx);
	return rc;
}

int inv_collect_iam_keys(struct collect_ctx *cx)
{
	struct inv_account *a = cx->acct;
	struct aws_request req = { .service = "iam",
				   .action = "GetCredentialReport",
				   .region = "global" };
	int rc = inv_xml_call(cx, &req, report_page, &req);

	if (rc && (!strcmp(cx->err->code, "ReportNotPresent") ||
		   !strcmp(cx->err->code, "ReportExpired") ||
		   !strcmp(cx->err->code, "ReportInProgress"))) {
		debug("%s: no credential report (%s), listing users", a->id,
		      cx->err->code);
		a->access_keys.n = 0;
		a->iam_users.n = 0;
		memset(&a->iam_root, 0, sizeof(a->iam_root));
		aws_error_clear(cx->err);
		rc = list_users(cx);
	} else if (!rc && a->iam_root.known && !a->iam_root.mfa_enabled &&
		   !a->iam_root.access_keys) {
		root_password(cx);
	}
	return rc;
}

/* `irready inventory`: what IAM_KEYS holds */
static void iam_keys_json(cJSON *o, const struct inv_account *acct,
			  const struct inv_region *r)
{
	cJSON *a, *x;

	cJSON_AddBoolToObject(o, "keys_from_credential_report",
			      acct->keys_from_credential_report);
	a = cJSON_AddArrayToObject(o, "access_keys");
	for (size_t i = 0; i < acct->access_keys.n; i++) {
		const struct inv_access_key *k = &acct->access_keys.v[i];
		x = cJSON_CreateObject();
		inv_json_str(x, "user", k->user);
		inv_json_str(x, "user_arn", k->user_arn);
		inv_json_str(x, "key_id", k->key_id);
		cJSON_AddBoolToObject(x, "active", k->active);
		inv_json_time(x, "created", k->created);
		inv_json_time(x, "last_used", k->last_used);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "iam_users");
	for (size_t i = 0; i < acct->iam_users.n; i++) {
		const struct inv_iam_user *u = &acct->iam_users.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "name", u->name);
		inv_json_str(x, "arn", u->arn);
		inv_json_time(x, "created", u->created);
		cJSON_AddBoolToObject(x, "password_enabled",
				      u->password_enabled);
		inv_json_time(x, "password_set", u->password_set);
		inv_json_time(x, "password_last_used", u->password_last_used);
		cJSON_AddItemToArray(a, x);
	}
	if (acct->status[DS_IAM_KEYS].state == INV_OK) {
		x = cJSON_AddObjectToObject(o, "iam_root");
		cJSON_AddBoolToObject(x, "known", acct->iam_root.known);
		cJSON_AddBoolToObject(x, "mfa_enabled",
				      acct->iam_root.mfa_enabled);
		cJSON_AddNumberToObject(x, "access_keys",
					acct->iam_root.access_keys);
		inv_json_str(x, "source", acct->iam_root.source);
		if (!acct->iam_root.known)
			inv_json_str(x, "error", acct->iam_root.err.code);
		inv_json_str(o, "iam_last_use_error",
			     acct->iam_last_use_failed
				     ? acct->iam_last_use_err.code
				     : NULL);
	}
}

const struct dataset ds_iam_keys = {
	.name = "IAM_KEYS",
	.scope = INV_ACCOUNT,
	.description = "IAM users and access keys",
	.actions = "iam:GetCredentialReport iam:ListUsers iam:ListAccessKeys "
		   "iam:GetAccessKeyLastUsed iam:GetLoginProfile "
		   "iam:GetAccountSummary",
	.collect = inv_collect_iam_keys,
	.dump = iam_keys_json,
};
