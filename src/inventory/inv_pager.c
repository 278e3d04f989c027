/*
 * inv_pager.c -- the collectors' plumbing: calls, malformed answers, paging
 *
 * inv_call() makes one call in the collector's account and region, with
 * the failure recorded in the dataset's status; inv_malformed() turns a
 * successful call whose body lacks what it must have into an ERROR.
 * inv_xml_pages() and inv_json_pages() make the call, parse each page and
 * hand it to a per-page callback, following the protocol's token until it
 * stops. A page that does not parse, a token that repeats, or more than
 * INV_MAX_PAGES pages is a malformed response (ERROR), never a silent
 * partial result.
 */
#include "inv_pager.h"
#include "irready.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INV_MAX_PAGES 100000

int inv_call(struct collect_ctx *cx, struct aws_request *req,
	     struct aws_response *resp)
{
	req->account = cx->acct->id;
	if (!req->region)
		req->region =
			cx->region ? cx->region->name : cx->acct->home_region;
	return aws_call(cx->client, req, resp, cx->err);
}

int inv_malformed(struct collect_ctx *cx, const struct aws_request *req,
		  const char *what)
{
	aws_error_clear(cx->err);
	snprintf(cx->err->action, sizeof(cx->err->action), "%s:%s",
		 req->service, req->action);
	snprintf(cx->err->region, sizeof(cx->err->region), "%s", req->region);
	aws_error_set(cx->err, IRREADY_EPARSE, "MalformedResponse",
		      "%s:%s returned %s", req->service, req->action, what);
	return IRREADY_EPARSE;
}

int inv_resource_error(struct collect_ctx *cx, int rc, struct aws_error *dst)
{
	if (rc != IRREADY_EDENIED && rc != IRREADY_EAWS)
		return rc;
	*dst = *cx->err;
	dst->rc = rc;
	aws_error_clear(cx->err);
	return 0;
}

/* Tokens seen in one listing: a cycle (A, B, A) is a malformed answer. */
struct seen {
	const char **v;
	size_t n, alloc;
};

static int token_seen(struct seen *s, const char *tok)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], tok))
			return 1;
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n++] = tok;
	return 0;
}

/*
 * The paging loop: call, read the page with 'one', follow the token until
 * there is none. A repeated token or more than INV_MAX_PAGES pages is
 * malformed. one(cx, req, resp, pager, &next) parses 'resp', hands the
 * page to the collector's callback and returns what that returns
 * (INV_PAGE_LAST included), or inv_malformed() when the body does not
 * parse; when the callback returned 0 and the page says more follow, it
 * sets 'next' to the next page's token (arena-owned).
 */
static int pages(struct collect_ctx *cx, struct aws_request *req,
		 int (*one)(struct collect_ctx *, const struct aws_request *,
			    const struct aws_response *, void *, char **),
		 void *pager)
{
	struct seen seen = { 0 };
	char *token = NULL;
	long page;
	int rc = 0;

	for (page = 0; page < INV_MAX_PAGES; page++) {
		struct aws_response resp;
		char *next = NULL;

		req->token = token;
		rc = inv_call(cx, req, &resp);
		if (!rc)
			rc = one(cx, req, &resp, pager, &next);
		aws_response_release(&resp);
		if (rc == INV_PAGE_LAST)
			rc = 0; /* and no next page */
		if (next && !*next)
			next = NULL;
		if (rc || !next)
			break;
		if (token_seen(&seen, next)) {
			rc = inv_malformed(cx, req,
					   "the same page token twice");
			break;
		}
		token = next; /* arena-owned */
	}
	if (!rc && page == INV_MAX_PAGES)
		rc = inv_malformed(cx, req, "more pages than irready reads");
	free(seen.v);
	req->token = NULL;
	return rc;
}

int inv_invalid(struct collect_ctx *cx, const struct aws_request *req,
		const char *field, const char *value)
{
	char esc[160], what[256];

	aws_escape_value(value, esc, sizeof(esc));
	snprintf(what, sizeof(what), "an invalid %s '%s'", field, esc);
	return inv_malformed(cx, req, what);
}

/*
 * The list member each listing pages over. AWS sends it on every page,
 * empty or not (an EC2 answer without <securityGroupInfo> is not "no
 * groups", it is not a DescribeSecurityGroups answer), so a page without it
 * is malformed. Checked here, once, rather than in every collector.
 */
static const struct {
	const char *service, *action, *member;
} list_members[] = {
	{ "ec2", "DescribeFlowLogs", "flowLogSet" },
	{ "ec2", "DescribeImages", "imagesSet" },
	{ "ec2", "DescribeInstances", "reservationSet" },
	{ "ec2", "DescribeNetworkAcls", "networkAclSet" },
	{ "ec2", "DescribeNetworkInterfaces", "networkInterfaceSet" },
	{ "ec2", "DescribeRegions", "regionInfo" },
	{ "ec2", "DescribeSecurityGroups", "securityGroupInfo" },
	{ "ec2", "DescribeSnapshots", "snapshotSet" },
	{ "ec2", "DescribeVolumes", "volumeSet" },
	{ "ec2", "DescribeVpcs", "vpcSet" },
	{ "ec2", "GetEbsEncryptionByDefault", "ebsEncryptionByDefault" },
	{ "cloudtrail", "DescribeTrails", "trailList" },
	{ "logs", "DescribeLogGroups", "logGroups" },
	{ "kms", "ListKeys", "Keys" },
};

static const char *list_member(const struct aws_request *req)
{
	for (size_t i = 0; i < ARRAY_SIZE(list_members); i++)
		if (!strcmp(list_members[i].service, req->service) &&
		    !strcmp(list_members[i].action, req->action))
			return list_members[i].member;
	return NULL;
}

/* After a page's callback: a noted type error is a malformed answer. */
static int type_checked(struct collect_ctx *cx, const struct aws_request *req,
			int rc, int (*take)(char *, size_t))
{
	char bad[96], what[160];

	if (!take(bad, sizeof(bad)) || rc > 0)
		return rc;
	snprintf(what, sizeof(what), "a member %s", bad);
	return inv_malformed(cx, req, what);
}

struct xml_pager {
	const struct aws_service *svc;
	const char *token_path;
	inv_xml_page_fn fn;
	void *arg;
};

static int xml_page(struct collect_ctx *cx, const struct aws_request *req,
		    const struct aws_response *resp, void *pager, char **next)
{
	const struct xml_pager *p = pager;
	struct axml_doc *doc = axml_parse(resp->body.buf, resp->body.len);
	struct axml_node *root = doc ? axml_root(doc) : NULL;
	struct axml_node *result = root;
	int rc;

	const char *list = list_member(req);
	char wrap[128];

	snprintf(wrap, sizeof(wrap), "%sResponse", req->action);
	if (root && p->svc->protocol == AWS_PROTO_QUERY) {
		snprintf(wrap, sizeof(wrap), "%sResult", req->action);
		result = axml_child(root, wrap);
	} else if (root && p->svc->protocol == AWS_PROTO_EC2 &&
		   !axml_is(root, wrap)) {
		result = NULL; /* <SomethingElse/> */
	}
	if (!result) {
		rc = inv_malformed(
			cx, req,
			!doc && axml_has_doctype(resp->body.buf, resp->body.len)
				? "a document type declaration"
				: "a body that is not the expected "
				  "XML document");
	} else if (list && !axml_child(result, list)) {
		snprintf(wrap, sizeof(wrap), "no %s", list);
		rc = inv_malformed(cx, req, wrap);
	} else {
		axml_take_error(NULL, 0);
		rc = p->fn(cx, result, p->arg);
		if (!rc && p->token_path && axml_bool(result, "IsTruncated", 1))
			*next = axml_str(cx->arena, result, p->token_path);
		rc = type_checked(cx, req, rc, axml_take_error);
	}
	if (doc)
		axml_free(doc);
	return rc;
}

int inv_xml_pages(struct collect_ctx *cx, struct aws_request *req,
		  const char *token_path, inv_xml_page_fn fn, void *arg)
{
	struct xml_pager p = { aws_service_find(req->service), token_path, fn,
			       arg };

	return pages(cx, req, xml_page, &p);
}

struct json_pager {
	const char *token_key;
	inv_json_page_fn fn;
	void *arg;
};

static int json_page(struct collect_ctx *cx, const struct aws_request *req,
		     const struct aws_response *resp, void *pager, char **next)
{
	const struct json_pager *p = pager;
	cJSON *j = ajson_parse(resp->body.buf, resp->body.len);
	int rc;

	const char *list = list_member(req);

	if (!j) {
		rc = inv_malformed(cx, req, "a body that is not a JSON object");
	} else if (list &&
		   !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, list))) {
		char what[96];

		snprintf(what, sizeof(what), "no %s list", list);
		rc = inv_malformed(cx, req, what);
	} else {
		ajson_take_error(NULL, 0);
		rc = p->fn(cx, j, p->arg);
		if (!rc && p->token_key && ajson_bool(j, "Truncated", 1))
			*next = ajson_str(cx->arena, j, p->token_key);
		rc = type_checked(cx, req, rc, ajson_take_error);
	}
	cJSON_Delete(j);
	return rc;
}

int inv_json_pages(struct collect_ctx *cx, struct aws_request *req,
		   const char *token_key, inv_json_page_fn fn, void *arg)
{
	struct json_pager p = { token_key, fn, arg };

	return pages(cx, req, json_page, &p);
}

int inv_xml_call(struct collect_ctx *cx, struct aws_request *req,
		 inv_xml_page_fn fn, void *arg)
{
	return inv_xml_pages(cx, req, NULL, fn, arg);
}

int inv_json_call(struct collect_ctx *cx, struct aws_request *req,
		  inv_json_page_fn fn, void *arg)
{
	return inv_json_pages(cx, req, NULL, fn, arg);
}

struct inv_tag *inv_xml_tags(struct arena *a, const struct axml_node *item,
			     const char *set, const char *key,
			     const char *value, size_t *n)
{
	const struct axml_node *w = axml_child(item, set);
	struct inv_tag *v;
	size_t k = 0;

	*n = 0;
	for (struct axml_node *t = axml_items(w); t; t = axml_next(t))
		(*n)++;
	if (!*n)
		return NULL;
	v = arena_alloc(a, *n * sizeof(*v));
	for (struct axml_node *t = axml_items(w); t; t = axml_next(t), k++) {
		v[k].key = axml_str(a, t, key);
		v[k].value = axml_str(a, t, value);
		if (!v[k].key)
			v[k].key = "";
		if (!v[k].value)
			v[k].value = "";
	}
	return v;
}
