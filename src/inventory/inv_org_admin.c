/*
 * inv_org_admin.c -- what the management account can list (Organizations)
 *
 * The ORG dataset's organizations:DescribeOrganization answer first (an
 * input: asked once per account, not again here): a standalone account
 * gets no further call. A member account (MasterAccountId is another
 * account) is asked ListRoots: only the management account and a
 * delegated administrator for Organizations may list the organization,
 * so an ordinary member is refused (any error answer: nothing more is
 * asked) and a delegated administrator (delegated_admin) goes on like the
 * management account. There, three independent parts, each recording its
 * own failure in struct inv_org_admin:
 *
 *   tree        ListRoots, then ListOrganizationalUnitsForParent from the
 *               root down (every OU), then ListAccountsForParent for each
 *               OU whose name, or an ancestor's, contains "security" or
 *               "forensic" (case-insensitive: "Security", "Security-Prod",
 *               "Forensics", "IR-Forensic");
 *   delegated   ListDelegatedAdministrators(ServicePrincipal=...) for
 *               GuardDuty, Security Hub and AWS Config (both of Config's
 *               principals);
 *   scp         ListPolicies(Filter=SERVICE_CONTROL_POLICY) and
 *               DescribePolicy for each customer-managed SCP, whose
 *               content is classified here (see scp_classify()), since
 *               checks cannot parse JSON. The root's policy types (from
 *               ListRoots) belong to this part too.
 *
 * Delegation and SCPs need all features; with consolidated billing only
 * they are not asked for.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const delegated_principals[] = {
	"guardduty.amazonaws.com",
	"securityhub.amazonaws.com",
	"config.amazonaws.com",
	"config-multiaccountsetup.amazonaws.com",
};

static int roots_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_org_admin *oa = &cx->acct->org_admin;
	const cJSON *r, *t;

	(void)arg;
	cJSON_ArrayForEach(r, ajson_array(page, "Roots"))
	{
		if (oa->root_id) /* an organization has one root */
			break;
		oa->root_id = ajson_str(cx->arena, r, "Id");
		oa->root_arn = ajson_str(cx->arena, r, "Arn");
		cJSON_ArrayForEach(t, ajson_array(r, "PolicyTypes"))
		{
			const char *type = ajson_get(t, "Type");
			const char *st = ajson_get(t, "Status");

			if (type && st &&
			    !strcasecmp(type, "SERVICE_CONTROL_POLICY") &&
			    !strcasecmp(st, "ENABLED"))
				oa->scp_enabled = 1;
		}
	}
	return 0;
}

struct parent {
	const char *id;
	int in_scope;
};

static int ous_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const struct parent *p = arg;
	const cJSON *o;

	cJSON_ArrayForEach(o, ajson_array(page, "OrganizationalUnits"))
	{
		struct inv_org_ou *ou = INV_PUSH(cx->arena, cx->acct->org_ous);

		ou->id = ajson_str(cx->arena, o, "Id");
		ou->arn = ajson_str(cx->arena, o, "Arn");
		ou->name = ajson_str(cx->arena, o, "Name");
		ou->parent_id = p->id;
		ou->security = contains_ci(ou->name, "security");
		ou->forensics = contains_ci(ou->name, "forensic");
		ou->in_scope = p->in_scope || ou->security || ou->forensics;
	}
	return 0;
}

static int accounts_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const char *parent = arg;
	const cJSON *a;

	cJSON_ArrayForEach(a, ajson_array(page, "Accounts"))
	{
		struct inv_org_account *x =
			INV_PUSH(cx->arena, cx->acct->org_accounts);

		x->id = ajson_str(cx->arena, a, "Id");
		if (!aws_valid_account(x->id)) {
			struct aws_request req = {
				.service = "organizations",
				.action = "ListAccountsForParent",
				.region = "global"
			};

			return inv_invalid(cx, &req, "Id", x->id);
		}
		x->arn = ajson_str(cx->arena, a, "Arn");
		x->name = ajson_str(cx->arena, a, "Name");
		x->status = ajson_str(cx->arena, a, "Status");
		x->parent_id = parent;
	}
	return 0;
}

/* {"<key>":"<value>"} request bodies for the json protocol */
static struct aws_request org_req(struct collect_ctx *cx, const char *action,
				  const char *key, const char *value)
{
	struct aws_request req = { .service = "organizations",
				   .action = action,
				   .region = "global",
				   .token_param = "NextToken" };

	if (key) {
		req.json_body = ajson_body(cx->arena, key, value);
		req.resource = value;
	}
	return req;
}

/*
 * The tree's listings are the ones the --org walk (src/core/org.c) made
 * in the management account: 'memo' answers them from there.
 */
static struct aws_request tree_req(struct collect_ctx *cx, const char *action,
				   const char *key, const char *value)
{
	struct aws_request req = org_req(cx, action, key, value);

	req.memo = 1;
	return req;
}

static int collect_tree(struct collect_ctx *cx)
{
	struct inv_org_admin *oa = &cx->acct->org_admin;
	struct aws_request req = tree_req(cx, "ListRoots", NULL, NULL);
	struct parent root;
	int rc = inv_json_pages(cx, &req, "NextToken", roots_page, NULL);

	if (rc)
		return rc;
	if (!oa->root_id)
		return inv_malformed(cx, &req, "no root");
	root = (struct parent){ oa->root_id, 0 };
	req = tree_req(cx, "ListOrganizationalUnitsForParent", "ParentId",
		       root.id);
	rc = inv_json_pages(cx, &req, "NextToken", ous_page, &root);
	/* breadth first: the vector grows while it is walked */
	for (size_t i = 0; !rc && i < cx->acct->org_ous.n; i++) {
		struct parent p = { cx->acct->org_ous.v[i].id,
				    cx->acct->org_ous.v[i].in_scope };

		if (!p.id)
			continue;
		req = tree_req(cx, "ListOrganizationalUnitsForParent",
			       "ParentId", p.id);
		rc = inv_json_pages(cx, &req, "NextToken", ous_page, &p);
	}
	for (size_t i = 0; !rc && i < cx->acct->org_ous.n; i++) {
		const struct inv_org_ou *ou = &cx->acct->org_ous.v[i];

		if (!ou->in_scope || !ou->id)
			continue;
		req = tree_req(cx, "ListAccountsForParent", "ParentId", ou->id);
		rc = inv_json_pages(cx, &req, "NextToken", accounts_page,
				    (void *)ou->id);
	}
	return rc;
}

static int delegated_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const char *service = arg;
	const cJSON *d;

	cJSON_ArrayForEach(d, ajson_array(page, "DelegatedAdministrators"))
	{
		struct inv_org_delegation *x =
			INV_PUSH(cx->arena, cx->acct->org_delegations);

		x->service = service;
		x->account_id = ajson_str(cx->arena, d, "Id");
		x->account_name = ajson_str(cx->arena, d, "Name");
		x->status = ajson_str(cx->arena, d, "Status");
	}
	return 0;
}

static int collect_delegated(struct collect_ctx *cx)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < ARRAY_SIZE(delegated_principals); i++) {
		struct aws_request req =
			org_req(cx, "ListDelegatedAdministrators",
				"ServicePrincipal", delegated_principals[i]);

		rc = inv_json_pages(cx, &req, "NextToken", delegated_page,
				    (void *)delegated_principals[i]);
	}
	return rc;
}

static int policies_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *p;

	(void)arg;
	cJSON_ArrayForEach(p, ajson_array(page, "Policies"))
	{
		struct inv_scp *x = INV_PUSH(cx->arena, cx->acct->scps);

		x->id = ajson_str(cx->arena, p, "Id");
		x->arn = ajson_str(cx->arena, p, "Arn");
		x->name = ajson_str(cx->arena, p, "Name");
		x->aws_managed = ajson_bool(p, "AwsManaged", 0);
	}
	return 0;
}

/* A string member equal to 'want', or an array holding it. */
static int has_value(const cJSON *v, const char *want)
{
	const cJSON *e, *arr = cJSON_IsArray(v) ? v : NULL;

	if (cJSON_IsString(v))
		return !strcmp(v->valuestring, want);
	cJSON_ArrayForEach(e, arr)
	{
		if (cJSON_IsString(e) && !strcmp(e->valuestring, want))
			return 1;
	}
	return 0;
}

static int principal_key(const char *k)
{
	return !strcasecmp(k, "aws:PrincipalArn") ||
	       !strcasecmp(k, "aws:userid") || !strcasecmp(k, "aws:username");
}

/*
 * A Deny statement's condition, for a quarantine: none (DENY_ALL); only
 * tag keys ("aws:PrincipalTag/Quarantine", "aws:ResourceTag/..."), maybe
 * with principal exemptions (TAGGED); or only negated principal matches
 * such as ArnNotLike aws:PrincipalArn = the IR/break-glass role
 * (EXEMPTING). Anything else (aws:RequestedRegion, ...) restricts rather
 * than quarantines: NO_DENY_ALL.
 */
static enum inv_scp_deny_all condition_class(const cJSON *cond,
					     const char **key)
{
	const cJSON *op, *k;
	int tags = 0, exempt = 0, other = 0;

	*key = NULL;
	if (!cond)
		return INV_SCP_DENY_ALL;
	if (!cJSON_IsObject(cond))
		return INV_SCP_NO_DENY_ALL;
	cJSON_ArrayForEach(op, cond)
	{
		int negated = op->string && strstr(op->string, "Not") != NULL;

		if (!cJSON_IsObject(op)) {
			other++;
			continue;
		}
		cJSON_ArrayForEach(k, op)
		{
			if (!k->string) {
				other++;
			} else if (contains_ci(k->string, "tag/")) {
				tags++;
				if (!*key)
					*key = k->string;
			} else if (principal_key(k->string) && negated) {
				exempt++;
				if (!*key)
					*key = k->string;
			} else {
				other++;
			}
		}
	}
	if (other || (!tags && !exempt))
		return INV_SCP_NO_DENY_ALL;
	return tags ? INV_SCP_DENY_ALL_TAGGED : INV_SCP_DENY_ALL_EXEMPTING;
}

/* Best (lowest non-zero) class over the policy's Deny * on * statements. */
static void scp_classify(struct collect_ctx *cx, struct inv_scp *x,
			 const char *content)
{
	cJSON *doc = content ? cJSON_Parse(content) : NULL;
	const cJSON *stmts = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
	const cJSON *s;
	cJSON *one = NULL;

	x->deny_all = INV_SCP_NO_DENY_ALL;
	if (cJSON_IsObject(stmts)) { /* a lone statement */
		one = cJSON_CreateArray();
		cJSON_AddItemReferenceToArray(one, (cJSON *)stmts);
		stmts = one;
	}
	if (!cJSON_IsArray(stmts))
		stmts = NULL;
	cJSON_ArrayForEach(s, stmts)
	{
		const cJSON *res =
			cJSON_GetObjectItemCaseSensitive(s, "Resource");
		const char *key = NULL;
		enum inv_scp_deny_all c;

		if (!has_value(cJSON_GetObjectItemCaseSensitive(s, "Effect"),
			       "Deny") ||
		    !has_value(cJSON_GetObjectItemCaseSensitive(s, "Action"),
			       "*") ||
		    cJSON_GetObjectItemCaseSensitive(s, "NotAction") ||
		    cJSON_GetObjectItemCaseSensitive(s, "NotResource") ||
		    (res && !has_value(res, "*")))
			continue;
		c = condition_class(
			cJSON_GetObjectItemCaseSensitive(s, "Condition"), &key);
		if (c != INV_SCP_NO_DENY_ALL &&
		    (x->deny_all == INV_SCP_NO_DENY_ALL || c < x->deny_all)) {
			x->deny_all = c;
			x->condition_key = arena_strdup(cx->arena, key);
		}
	}
	cJSON_Delete(one);
	cJSON_Delete(doc);
}

static int policy_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct inv_scp *x = arg;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(page, "Policy");

	scp_classify(cx, x, ajson_get(p, "Content"));
	return 0;
}

static int collect_scps(struct collect_ctx *cx)
{
	struct aws_request req = org_req(cx, "ListPolicies", NULL, NULL);
	int rc;

	/* one call: no resource, the filter is fixed */
	req.json_body = "{\"Filter\":\"SERVICE_CONTROL_POLICY\"}";
	rc = inv_json_pages(cx, &req, "NextToken", policies_page, NULL);
	for (size_t i = 0; !rc && i < cx->acct->scps.n; i++) {
		struct inv_scp *x = &cx->acct->scps.v[i];

		if (x->aws_managed || !x->id) /* FullAWSAccess allows all */
			continue;
		req = org_req(cx, "DescribePolicy", "PolicyId", x->id);
		rc = inv_json_call(cx, &req, policy_page, x);
	}
	return rc;
}

/* Move a part's failure out of cx->err into the record. */
static void part_failed(struct collect_ctx *cx, int *failed,
			struct aws_error *err)
{
	*failed = 1;
	*err = *cx->err;
	aws_error_clear(cx->err);
}

int inv_collect_org_admin(struct collect_ctx *cx)
{
	struct inv_org_admin *oa = &cx->acct->org_admin;
	const struct inv_org *org = &cx->acct->org;
	const struct inv_status *st = &cx->acct->status[DS_ORG];
	int rc;

	if (st->state != INV_OK) {
		/* DescribeOrganization failed: so does this, for that reason */
		*cx->err = st->err;
		return st->err.rc ? st->err.rc : IRREADY_EAWS;
	}
	memset(oa, 0, sizeof(*oa));
	if (!org->member)
		return 0;
	oa->member = 1;
	oa->org_id = arena_strdup(cx->arena, org->id);
	oa->org_arn = arena_strdup(cx->arena, org->arn);
	oa->feature_set = arena_strdup(cx->arena, org->feature_set);
	oa->master_account_id = arena_strdup(cx->arena, org->master_account_id);
	oa->management = oa->master_account_id &&
			 !strcmp(oa->master_account_id, cx->acct->id);
	rc = collect_tree(cx);
	if (rc && !oa->management && !oa->root_id) {
		/* ListRoots refused: an ordinary member */
		debug("%s: a member, not a delegated administrator (%s)",
		      cx->acct->id, cx->err->code);
		aws_error_clear(cx->err);
		return 0;
	}
	oa->delegated_admin = !oa->management;
	if (rc) {
		part_failed(cx, &oa->tree_failed, &oa->tree_err);
		if (!oa->root_id) { /* ListRoots: SCP types unknown too */
			oa->scp_failed = 1;
			oa->scp_err = oa->tree_err;
		}
	}
	if (!oa->feature_set || strcasecmp(oa->feature_set, "ALL"))
		return 0;
	if (collect_delegated(cx))
		part_failed(cx, &oa->delegated_failed, &oa->delegated_err);
	if (!oa->scp_failed && collect_scps(cx))
		part_failed(cx, &oa->scp_failed, &oa->scp_err);
	return 0;
}

/* `irready inventory`: what ORG_ADMIN holds */
static void org_admin_json(cJSON *o, const struct inv_account *acct,
			   const struct inv_region *r)
{
	const struct inv_org_admin *oa = &acct->org_admin;
	cJSON *a, *x;

	if (acct->status[DS_ORG_ADMIN].state != INV_OK)
		return;
	x = cJSON_AddObjectToObject(o, "org_admin");
	cJSON_AddBoolToObject(x, "member", oa->member);
	cJSON_AddBoolToObject(x, "management", oa->management);
	if (oa->delegated_admin)
		cJSON_AddBoolToObject(x, "delegated_admin", 1);
	inv_json_str(x, "root_id", oa->root_id);
	cJSON_AddBoolToObject(x, "scp_enabled", oa->scp_enabled);
	inv_json_failure(x, "tree_error", oa->tree_failed, &oa->tree_err);
	inv_json_failure(x, "delegated_error", oa->delegated_failed,
			 &oa->delegated_err);
	inv_json_failure(x, "scp_error", oa->scp_failed, &oa->scp_err);
	a = cJSON_AddArrayToObject(x, "ous");
	for (size_t i = 0; i < acct->org_ous.n; i++) {
		const struct inv_org_ou *ou = &acct->org_ous.v[i];
		cJSON *y = cJSON_CreateObject();

		inv_json_str(y, "id", ou->id);
		inv_json_str(y, "name", ou->name);
		inv_json_str(y, "parent_id", ou->parent_id);
		cJSON_AddBoolToObject(y, "security", ou->security);
		cJSON_AddBoolToObject(y, "forensics", ou->forensics);
		cJSON_AddItemToArray(a, y);
	}
	a = cJSON_AddArrayToObject(x, "accounts");
	for (size_t i = 0; i < acct->org_accounts.n; i++) {
		const struct inv_org_account *m = &acct->org_accounts.v[i];
		cJSON *y = cJSON_CreateObject();

		inv_json_str(y, "id", m->id);
		inv_json_str(y, "name", m->name);
		inv_json_str(y, "status", m->status);
		inv_json_str(y, "parent_id", m->parent_id);
		cJSON_AddItemToArray(a, y);
	}
	a = cJSON_AddArrayToObject(x, "delegated_administrators");
	for (size_t i = 0; i < acct->org_delegations.n; i++) {
		const struct inv_org_delegation *d =
			&acct->org_delegations.v[i];
		cJSON *y = cJSON_CreateObject();

		inv_json_str(y, "service", d->service);
		inv_json_str(y, "account_id", d->account_id);
		inv_json_str(y, "status", d->status);
		cJSON_AddItemToArray(a, y);
	}
	a = cJSON_AddArrayToObject(x, "scps");
	for (size_t i = 0; i < acct->scps.n; i++) {
		const struct inv_scp *p = &acct->scps.v[i];
		cJSON *y = cJSON_CreateObject();

		inv_json_str(y, "id", p->id);
		inv_json_str(y, "name", p->name);
		cJSON_AddBoolToObject(y, "aws_managed", p->aws_managed);
		cJSON_AddNumberToObject(y, "deny_all", p->deny_all);
		inv_json_str(y, "condition_key", p->condition_key);
		cJSON_AddItemToArray(a, y);
	}
}

const struct dataset ds_org_admin = {
	.name = "ORG_ADMIN",
	.scope = INV_ACCOUNT,
	.description =
		"Organization structure, delegated administrators and SCPs",
	.actions = "organizations:ListRoots "
		   "organizations:ListOrganizationalUnitsForParent "
		   "organizations:ListAccountsForParent "
		   "organizations:ListDelegatedAdministrators "
		   "organizations:ListPolicies organizations:DescribePolicy",
	.inputs = INV_NEED(DS_ORG),
	.collect = inv_collect_org_admin,
	.dump = org_admin_json,
};
