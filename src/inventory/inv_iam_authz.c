/*
 * inv_iam_authz.c -- IAM users, groups, roles and customer-managed
 * policies with their policy documents (the IAM_AUTHZ dataset)
 *
 * One paginated call, iam:GetAccountAuthorizationDetails with Filter User,
 * Role, Group and LocalManagedPolicy (Marker/IsTruncated), gives every
 * principal's inline policies and attached managed policy ARNs, every
 * role's trust policy and RoleLastUsed, and every customer-managed policy
 * with its versions. Documents arrive URL-encoded; they are decoded and
 * parsed into struct inv_policy_doc (a document that does not parse keeps
 * valid = 0 and its error, for the checks to report). AWS-managed
 * policies are not listed: principals name them by ARN only.
 */
#include "inv_pager.h"
#include "inv_json.h"
#include "inv_policy.h"
#include "irready.h"

#include <string.h>

static void parse_doc(struct collect_ctx *cx, struct axml_node *n,
		      const char *path, struct inv_policy_doc *doc)
{
	char *raw = axml_str(cx->arena, n, path);

	inv_policy_parse(cx->arena, inv_url_decode(cx->arena, raw), doc);
}

static size_t count_items(const struct axml_node *wrapper)
{
	size_t n = 0;

	for (struct axml_node *m = axml_items(wrapper); m; m = axml_next(m))
		n++;
	return n;
}

/* <XxxPolicyList><member><PolicyName/><PolicyDocument/></member>... */
static void inline_policies(struct collect_ctx *cx, struct axml_node *n,
			    const char *list, struct inv_iam_entity *e)
{
	struct axml_node *w = axml_child(n, list);
	size_t cnt = count_items(w), i = 0;
	struct inv_iam_inline_policy *v;

	if (!cnt)
		return;
	v = arena_alloc(cx->arena, cnt * sizeof(*v));
	for (struct axml_node *m = axml_items(w); m && i < cnt;
	     m = axml_next(m)) {
		v[i].name = axml_str(cx->arena, m, "PolicyName");
		parse_doc(cx, m, "PolicyDocument", &v[i].doc);
		i++;
	}
	e->inline_policies = v;
	e->ninline_policies = i;
}

static void attached_policies(struct collect_ctx *cx, struct axml_node *n,
			      struct inv_iam_entity *e)
{
	struct axml_node *w = axml_child(n, "AttachedManagedPolicies");
	size_t cnt = count_items(w), i = 0;
	const char **v;

	if (!cnt)
		return;
	v = arena_alloc(cx->arena, cnt * sizeof(*v));
	for (struct axml_node *m = axml_items(w); m && i < cnt;
	     m = axml_next(m)) {
		char *arn = axml_str(cx->arena, m, "PolicyArn");

		if (arn)
			v[i++] = arn;
	}
	e->attached = v;
	e->nattached = i;
}

static int entities(struct collect_ctx *cx, struct axml_node *res,
		    const char *list, enum inv_iam_kind kind, void *req)
{
	static const char *const name_el[] = { "UserName", "GroupName",
					       "RoleName" };
	static const char *const inline_el[] = { "UserPolicyList",
						 "GroupPolicyList",
						 "RolePolicyList" };

	for (struct axml_node *m = axml_items(axml_child(res, list)); m;
	     m = axml_next(m)) {
		struct inv_iam_entity *e =
			INV_PUSH(cx->arena, cx->acct->iam_entities);

		e->kind = kind;
		e->name = axml_str(cx->arena, m, name_el[kind]);
		e->arn = axml_str(cx->arena, m, "Arn");
		e->path = axml_str(cx->arena, m, "Path");
		e->created = axml_time(m, "CreateDate");
		if (!e->name || !e->arn)
			return inv_malformed(cx, req,
					     "an entity without a "
					     "name or Arn");
		inline_policies(cx, m, inline_el[kind], e);
		attached_policies(cx, m, e);
		if (kind != INV_IAM_ROLE)
			continue;
		parse_doc(cx, m, "AssumeRolePolicyDocument", &e->trust);
		e->last_used = axml_time(m, "RoleLastUsed/LastUsedDate");
		e->last_used_region =
			axml_str(cx->arena, m, "RoleLastUsed/Region");
	}
	return 0;
}

static int policies(struct collect_ctx *cx, struct axml_node *res, void *req)
{
	for (struct axml_node *m = axml_items(axml_child(res, "Policies")); m;
	     m = axml_next(m)) {
		struct inv_iam_policy *p =
			INV_PUSH(cx->arena, cx->acct->iam_policies);
		struct axml_node *def = NULL;

		p->name = axml_str(cx->arena, m, "PolicyName");
		p->arn = axml_str(cx->arena, m, "Arn");
		p->path = axml_str(cx->arena, m, "Path");
		p->default_version = axml_str(cx->arena, m, "DefaultVersionId");
		p->attachments = axml_long(m, "AttachmentCount", 0);
		if (!p->name || !p->arn)
			return inv_malformed(cx, req,
					     "a policy without a "
					     "name or Arn");
		for (struct axml_node *v =
			     axml_items(axml_child(m, "PolicyVersionList"));
		     v; v = axml_next(v)) {
			char id[32];

			axml_copy(v, "VersionId", id, sizeof(id));
			if (axml_bool(v, "IsDefaultVersion", 0) ||
			    (p->default_version &&
			     !strcmp(id, p->default_version))) {
				def = v;
				break;
			}
		}
		if (def) {
			parse_doc(cx, def, "Document", &p->doc);
		} else {
			memset(&p->doc, 0, sizeof(p->doc));
			p->doc.error = "no default policy version";
		}
	}
	return 0;
}

static int authz_page(struct collect_ctx *cx, struct axml_node *res, void *req)
{
	int rc = entities(cx, res, "UserDetailList", INV_IAM_USER, req);

	if (!rc)
		rc = entities(cx, res, "GroupDetailList", INV_IAM_GROUP, req);
	if (!rc)
		rc = entities(cx, res, "RoleDetailList", INV_IAM_ROLE, req);
	if (!rc)
		rc = policies(cx, res, req);
	return rc;
}

int inv_collect_iam_authz(struct collect_ctx *cx)
{
	struct aws_request req = { .service = "iam",
				   .action = "GetAccountAuthorizationDetails",
				   .region = "global",
				   .token_param = "Marker" };

	aws_request_param(&req, "Filter.member.1", "User");
	aws_request_param(&req, "Filter.member.2", "Role");
	aws_request_param(&req, "Filter.member.3", "Group");
	aws_request_param(&req, "Filter.member.4", "LocalManagedPolicy");
	return inv_xml_pages(cx, &req, "Marker", authz_page, &req);
}

/* `irready inventory`: what IAM_AUTHZ holds */
static void iam_authz_json(cJSON *o, const struct inv_account *acct,
			   const struct inv_region *r)
{
	static const char *const kinds[] = { "user", "group", "role" };
	cJSON *a, *x;

	a = cJSON_AddArrayToObject(o, "iam_entities");
	for (size_t i = 0; i < acct->iam_entities.n; i++) {
		const struct inv_iam_entity *e = &acct->iam_entities.v[i];
		cJSON *p;

		x = cJSON_CreateObject();
		inv_json_str(x, "kind", kinds[e->kind]);
		inv_json_str(x, "name", e->name);
		inv_json_str(x, "arn", e->arn);
		inv_json_str(x, "path", e->path);
		inv_json_time(x, "created", e->created);
		p = cJSON_AddArrayToObject(x, "inline_policies");
		for (size_t k = 0; k < e->ninline_policies; k++)
			cJSON_AddItemToArray(
				p, cJSON_CreateString(
					   e->inline_policies[k].name
						   ? e->inline_policies[k].name
						   : ""));
		inv_json_strs(x, "attached", e->attached, e->nattached);
		/* roles only; null for users and groups */
		if (e->kind == INV_IAM_ROLE && e->trust.valid)
			cJSON_AddNumberToObject(x, "trust_statements",
						(double)e->trust.nstatements);
		else
			cJSON_AddNullToObject(x, "trust_statements");
		inv_json_time(x, "last_used", e->last_used);
		inv_json_str(x, "last_used_region", e->last_used_region);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "iam_policies");
	for (size_t i = 0; i < acct->iam_policies.n; i++) {
		const struct inv_iam_policy *p = &acct->iam_policies.v[i];

		x = cJSON_CreateObject();
		inv_json_str(x, "name", p->name);
		inv_json_str(x, "arn", p->arn);
		inv_json_str(x, "default_version", p->default_version);
		cJSON_AddNumberToObject(x, "attachments",
					(double)p->attachments);
		if (p->doc.valid)
			cJSON_AddNumberToObject(x, "statements",
						(double)p->doc.nstatements);
		else
			cJSON_AddNullToObject(x, "statements");
		cJSON_AddItemToArray(a, x);
	}
}

const struct dataset ds_iam_authz = {
	.name = "IAM_AUTHZ",
	.scope = INV_ACCOUNT,
	.description = "IAM users, groups, roles and customer-managed policies",
	.actions = "iam:GetAccountAuthorizationDetails",
	.collect = inv_collect_iam_authz,
	.dump = iam_authz_json,
};
