/*
 * org.c -- listing an Organization's accounts and choosing a run's share
 * (see org.h)
 */
#include "org.h"
#include "inv_pager.h"
#include "irready.h"
#include "sha256.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

struct walk {
	struct org_accounts *out;
	/* OU queue: ids and their paths */
	char **ids, **paths;
	size_t n, alloc, head;
	const char *cur_path;
	const struct aws_request *req; /* for messages */
};

static struct org_account *find(struct org_accounts *a, const char *id)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].id, id))
			return &a->v[i];
	return NULL;
}

static int accounts_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct walk *w = arg;
	const cJSON *a;

	cJSON_ArrayForEach(a, ajson_array(page, "Accounts"))
	{
		const char *id = ajson_get(a, "Id");
		struct org_account *x;

		if (!id)
			return IRREADY_EPARSE;
		if (!aws_valid_account(id))
			return inv_invalid(cx, w->req, "Id", id);
		if (find(w->out, id))
			continue;
		ALLOC_GROW(w->out->v, w->out->n + 1, w->out->alloc);
		x = &w->out->v[w->out->n++];
		memset(x, 0, sizeof(*x));
		x->id = xstrdup(id);
		x->name = xstrdup(ajson_get(a, "Name") ? ajson_get(a, "Name")
						       : "");
		x->status =
			xstrdup(ajson_get(a, "Status") ? ajson_get(a, "Status")
						       : "ACTIVE");
	}
	return 0;
}

static void enqueue(struct walk *w, const char *id, const char *path)
{
	ALLOC_GROW(w->ids, w->n + 1, w->alloc);
	w->paths = xrealloc(w->paths, w->alloc * sizeof(*w->paths));
	w->ids[w->n] = xstrdup(id);
	w->paths[w->n] = xstrdup(path);
	w->n++;
}

static int roots_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, ajson_array(page, "Roots"))
	{
		const char *id = ajson_get(r, "Id");

		if (id)
			enqueue(arg, id, "Root");
	}
	return 0;
}

static int ous_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct walk *w = arg;
	const cJSON *ou;

	cJSON_ArrayForEach(ou, ajson_array(page, "OrganizationalUnits"))
	{
		const char *id = ajson_get(ou, "Id");
		const char *name = ajson_get(ou, "Name");
		char *path;

		if (!id)
			return IRREADY_EPARSE;
		path = xasprintf("%s/%s", w->cur_path, name ? name : id);
		enqueue(w, id, path);
		free(path);
	}
	return 0;
}

static int parent_accounts_page(struct collect_ctx *cx, const cJSON *page,
				void *arg)
{
	struct walk *w = arg;
	const cJSON *a;

	cJSON_ArrayForEach(a, ajson_array(page, "Accounts"))
	{
		const char *id = ajson_get(a, "Id");
		struct org_account *x = id ? find(w->out, id) : NULL;

		if (x && !x->ou_path)
			x->ou_path = xstrdup(w->cur_path);
	}
	return 0;
}

static int org_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(page, "Organization");
	const char *m = ajson_get(o, "MasterAccountId");
	const char *id = ajson_get(o, "Id");
	struct org_accounts *out = arg;

	if (!m || !id)
		return IRREADY_EPARSE;
	if (!aws_valid_account(m)) {
		struct aws_request req = { .service = "organizations",
					   .action = "DescribeOrganization",
					   .region = "global" };

		return inv_invalid(cx, &req, "MasterAccountId", m);
	}
	out->management_id = xstrdup(m);
	out->org_id = xstrdup(id);
	out->org_arn =
		ajson_get(o, "Arn") ? xstrdup(ajson_get(o, "Arn")) : NULL;
	out->feature_set = ajson_get(o, "FeatureSet")
				   ? xstrdup(ajson_get(o, "FeatureSet"))
				   : NULL;
	return 0;
}

static int delegated_page(struct collect_ctx *cx, const cJSON *page, void *arg)
{
	struct walk *w = arg;
	const cJSON *a;

	(void)cx;
	cJSON_ArrayForEach(a, ajson_array(page, "DelegatedAdministrators"))
	{
		const char *id = ajson_get(a, "Id");
		struct org_account *x = id ? find(w->out, id) : NULL;

		if (x)
			x->owner = 1;
	}
	return 0;
}

/*
 * The owners of the Organization's central mechanisms: the management
 * account, and the delegated administrators when the caller may list
 * them (a refusal is no error: the audit goes on without them).
 */
static void mark_owners(struct collect_ctx *cx, struct walk *w,
			const struct aws_request *base)
{
	struct aws_request req = *base;
	struct org_account *m = w->out->management_id
					? find(w->out, w->out->management_id)
					: NULL;

	if (m)
		m->owner = 1;
	req.action = "ListDelegatedAdministrators";
	req.resource = NULL;
	req.json_body = "{}";
	if (inv_json_pages(cx, &req, "NextToken", delegated_page, w))
		aws_error_clear(cx->err);
}

static int cmp_account(const void *a, const void *b)
{
	return strcmp(((const struct org_account *)a)->id,
		      ((const struct org_account *)b)->id);
}

int org_list_accounts(struct aws_client *client, const char *caller,
		      const char *home, struct org_accounts *out,
		      struct aws_error *err)
{
	struct inv_account acct = { 0 };
	struct collect_ctx cx = {
		.client = client, .acct = &acct, .arena = &acct.meta, .err = err
	};
	struct walk w = { .out = out };
	/* the tree's answers are ORG_ADMIN's too (memo: asked once) */
	struct aws_request req = { .service = "organizations",
				   .region = "global",
				   .json_body = "{}",
				   .token_param = "NextToken",
				   .memo = 1 };
	int rc;

	memset(out, 0, sizeof(*out));
	w.req = &req;
	acct.id = caller;
	acct.home_region = home;
	req.action = "DescribeOrganization";
	req.token_param = NULL;
	rc = inv_json_call(&cx, &req, org_page, out);
	if (!rc) {
		req.action = "ListAccounts";
		req.token_param = "NextToken";
		rc = inv_json_pages(&cx, &req, "NextToken", accounts_page, &w);
	}
	if (!rc) {
		req.action = "ListRoots";
		rc = inv_json_pages(&cx, &req, "NextToken", roots_page, &w);
	}
	while (!rc && w.head < w.n) {
		size_t i = w.head++;
		struct aws_request preq = req;
		char *body = ajson_body(&acct.meta, "ParentId", w.ids[i]);

		w.cur_path = w.paths[i];
		preq.resource = w.ids[i];
		preq.json_body = body;
		preq.action = "ListOrganizationalUnitsForParent";
		rc = inv_json_pages(&cx, &preq, "NextToken", ous_page, &w);
		if (!rc) {
			preq.action = "ListAccountsForParent";
			rc = inv_json_pages(&cx, &preq, "NextToken",
					    parent_accounts_page, &w);
		}
	}
	if (!rc)
		mark_owners(&cx, &w, &req);
	if (rc == IRREADY_EPARSE && !err->code[0])
		inv_malformed(&cx, &req, "an answer without account ids");
	for (size_t i = 0; i < w.n; i++) {
		free(w.ids[i]);
		free(w.paths[i]);
	}
	free(w.ids);
	free(w.paths);
	arena_release(&acct.meta);
	if (rc) {
		org_accounts_release(out);
		return rc;
	}
	for (size_t i = 0; i < out->n; i++)
		if (!out->v[i].ou_path)
			out->v[i].ou_path = xstrdup("Root");
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_account);
	return 0;
}

void org_accounts_release(struct org_accounts *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].id);
		free(a->v[i].name);
		free(a->v[i].status);
		free(a->v[i].ou_path);
	}
	free(a->v);
	free(a->management_id);
	free(a->org_id);
	free(a->org_arn);
	free(a->feature_set);
	memset(a, 0, sizeof(*a));
}

int org_shard_of(const char *account_id, int count)
{
	unsigned char md[SHA256_RAW_LEN];
	unsigned long long h = 0;

	sha256_raw(account_id, strlen(account_id), md);
	for (int i = 0; i < 8; i++)
		h = (h << 8) | md[i];
	return (int)(h % (unsigned long long)count) + 1;
}

static int in_list(const char *id, const char *list)
{
	char *copy = xstrdup(list), *save = NULL;
	int hit = 0;

	for (char *t = strtok_r(copy, ",", &save); t && !hit;
	     t = strtok_r(NULL, ",", &save))
		hit = !fnmatch(t, id, 0);
	free(copy);
	return hit;
}

int org_account_selected(const char *id, const char *include,
			 const char *exclude)
{
	if (include && !in_list(id, include))
		return 0;
	return !(exclude && in_list(id, exclude));
}
