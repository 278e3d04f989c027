/*
 * inv_pager.c -- paging loops shared by the collectors
 *
 * inv_xml_pages() and inv_json_pages() make the call, parse each page and
 * hand it to a per-page callback, following the protocol's token until it
 * stops. A page that does not parse, a token that repeats, or more than
 * INV_MAX_PAGES pages is a malformed response (ERROR), never a silent
 * partial result.
 */
#include "inv_pager.h"
#include "irready.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INV_MAX_PAGES 100000

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

int inv_xml_pages(struct collect_ctx *cx, struct aws_request *req,
		  const char *token_path, inv_xml_page_fn fn, void *arg)
{
	const struct aws_service *svc = aws_service_find(req->service);
	struct seen seen = { 0 };
	char *token = NULL;
	long page;
	int rc = 0;

	for (page = 0; page < INV_MAX_PAGES; page++) {
		struct aws_response resp;
		xmlDoc *doc = NULL;
		xmlNode *root, *result;
		char *next = NULL;

		req->token = token;
		rc = inv_call(cx, req, &resp);
		if (rc) {
			aws_response_release(&resp);
			break;
		}
		doc = axml_parse(resp.body.buf, resp.body.len);
		root = doc ? xmlDocGetRootElement(doc) : NULL;
		result = root;
		if (root && svc->protocol == AWS_PROTO_QUERY) {
			char wrap[128];

			snprintf(wrap, sizeof(wrap), "%sResult", req->action);
			result = axml_child(root, wrap);
		}
		if (!result) {
			rc = inv_malformed(cx, req, "a body that is not the "
						    "expected XML document");
		} else {
			rc = fn(cx, result, arg);
			if (rc == INV_PAGE_LAST)
				rc = 0; /* and no next page */
			else if (!rc && token_path &&
				 axml_bool(result, "IsTruncated", 1)) {
				next = axml_str(cx->arena, result, token_path);
				if (next && !*next)
					next = NULL;
			}
		}
		if (doc)
			xmlFreeDoc(doc);
		aws_response_release(&resp);
		if (rc || !next)
			break;
		if (token_seen(&seen, next)) {
			rc = inv_malformed(cx, req, "the same page token twice");
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

int inv_json_pages(struct collect_ctx *cx, struct aws_request *req,
		   const char *token_key, inv_json_page_fn fn, void *arg)
{
	struct seen seen = { 0 };
	char *token = NULL;
	long page;
	int rc = 0;

	for (page = 0; page < INV_MAX_PAGES; page++) {
		struct aws_response resp;
		cJSON *j = NULL;
		char *next = NULL;

		req->token = token;
		rc = inv_call(cx, req, &resp);
		if (rc) {
			aws_response_release(&resp);
			break;
		}
		j = ajson_parse(resp.body.buf, resp.body.len);
		if (!j) {
			rc = inv_malformed(cx, req, "a body that is not a "
						    "JSON object");
		} else {
			rc = fn(cx, j, arg);
			if (rc == INV_PAGE_LAST)
				rc = 0; /* and no next page */
			else if (!rc && token_key &&
				 ajson_bool(j, "Truncated", 1)) {
				next = ajson_str(cx->arena, j, token_key);
				if (next && !*next)
					next = NULL;
			}
		}
		cJSON_Delete(j);
		aws_response_release(&resp);
		if (rc || !next)
			break;
		if (token_seen(&seen, next)) {
			rc = inv_malformed(cx, req, "the same page token twice");
			break;
		}
		token = next;
	}
	if (!rc && page == INV_MAX_PAGES)
		rc = inv_malformed(cx, req, "more pages than irready reads");
	free(seen.v);
	req->token = NULL;
	return rc;
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
