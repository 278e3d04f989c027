/*
 * aws_client.c -- one API call through the configured transport
 *
 * aws_call() is what collectors use: it sends through the transport,
 * hands the response to the recorder, and turns non-2xx answers into a
 * struct aws_error naming the action and region. A request marked 'memo'
 * is answered from an identical earlier one of the run when there is one
 * (no call, no request-log line): the plan asks each listing once.
 */
#include "aws.h"
#include "aws_allowlist.h"
#include "aws_record.h"
#include "aws_validate.h"
#include "irready.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

struct memo_entry {
	char *key;
	int status;
	struct strbuf body;
};

struct aws_memo {
	struct memo_entry *v;
	size_t n, alloc;
};

static char *memo_key(const struct aws_request *req)
{
	return xasprintf("%s\n%s\n%s\n%s\n%s\n%s\n%s",
			 req->account ? req->account : "-", req->region,
			 req->service, req->action,
			 req->resource ? req->resource : "",
			 req->token ? req->token : "",
			 req->json_body ? req->json_body : "{}");
}

/* A kept answer for 'key' into 'resp': 1, or 0 when there is none. */
static int memo_get(struct aws_client *c, const char *key,
		    struct aws_response *resp)
{
	int hit = 0;

	pthread_mutex_lock(&memo_lock);
	for (size_t i = 0; c->memo && i < c->memo->n && !hit; i++) {
		const struct memo_entry *e = &c->memo->v[i];

		if (strcmp(e->key, key))
			continue;
		resp->status = e->status;
		hit = !strbuf_add(&resp->body, e->body.buf, e->body.len);
	}
	pthread_mutex_unlock(&memo_lock);
	return hit;
}

static void memo_put(struct aws_client *c, char *key,
		     const struct aws_response *resp)
{
	struct memo_entry *e;

	pthread_mutex_lock(&memo_lock);
	if (!c->memo)
		c->memo = xcalloc(1, sizeof(*c->memo));
	ALLOC_GROW(c->memo->v, c->memo->n + 1, c->memo->alloc);
	e = &c->memo->v[c->memo->n++];
	e->key = key;
	e->status = resp->status;
	strbuf_init(&e->body, 0);
	strbuf_add(&e->body, resp->body.buf, resp->body.len);
	pthread_mutex_unlock(&memo_lock);
}

void aws_client_release(struct aws_client *c)
{
	for (size_t i = 0; c->memo && i < c->memo->n; i++) {
		free(c->memo->v[i].key);
		strbuf_release(&c->memo->v[i].body);
	}
	if (c->memo)
		free(c->memo->v);
	free(c->memo);
	c->memo = NULL;
}

/*
 * With IRREADY_REQUEST_LOG_PARAMS set, each request's line is followed by
 * "# paging=<token parameter or -> params=<n>=<v>&... body=<json>": what
 * tests/t_paging.py compares with botocore's paginators.
 */
static void log_params(FILE *f, const struct aws_request *req)
{
	fprintf(f, "# paging=%s params=",
		req->token_param ? req->token_param : "-");
	for (size_t i = 0; i < req->nparams; i++)
		fprintf(f, "%s%s=%s", i ? "&" : "", req->params[i].name,
			req->params[i].value ? req->params[i].value : "");
	fprintf(f, " body=%s\n", req->json_body ? req->json_body : "");
}

static void log_request(struct aws_client *c, const struct aws_request *req)
{
	static int with_params = -1;

	pthread_mutex_lock(&log_lock);
	if (with_params < 0)
		with_params = getenv("IRREADY_REQUEST_LOG_PARAMS") != NULL;
	fprintf(c->request_log, "%s %s %s:%s%s%s%s%s\n",
		req->account ? req->account : "-", req->region, req->service,
		req->action, req->resource ? " resource=" : "",
		req->resource ? req->resource : "", req->token ? " token=" : "",
		req->token ? req->token : "");
	if (with_params)
		log_params(c->request_log, req);
	pthread_mutex_unlock(&log_lock);
}

int aws_call(struct aws_client *c, const struct aws_request *req,
	     struct aws_response *resp, struct aws_error *err)
{
	const struct aws_service *svc = aws_service_find(req->service);
	char *key = NULL;
	int rc;

	if (!svc)
		BUG("unknown service '%s'", req->service);
	aws_response_init(resp);
	aws_error_clear(err);
	snprintf(err->action, sizeof(err->action), "%s:%s", req->service,
		 req->action);
	snprintf(err->region, sizeof(err->region), "%s", req->region);
	/*
	 * Defence in depth: a region or account that slipped past the
	 * decoders never becomes a host name, a signed URL or a path.
	 */
	if ((!req->region || (strcmp(req->region, "global") &&
			      !aws_valid_region(req->region))) ||
	    (req->account && !aws_valid_account(req->account))) {
		char r[80], a[80];

		aws_escape_value(req->region, r, sizeof(r));
		aws_escape_value(req->account, a, sizeof(a));
		aws_error_set(err, IRREADY_EPARSE, "InvalidIdentifier",
			      "refusing %s:%s in region '%s' of account '%s'",
			      req->service, req->action, r, a);
		return IRREADY_EPARSE;
	}
	/* read-only by construction: nothing else leaves irready */
	rc = aws_allowlist_check(req, c->drill, err);
	if (rc)
		return rc;
	if (req->memo) {
		key = memo_key(req);
		if (memo_get(c, key, resp)) {
			free(key);
			return 0;
		}
	}
	__atomic_add_fetch(&c->calls, 1, __ATOMIC_RELAXED);
	if (c->request_log)
		log_request(c, req);

	rc = c->transport->send(c->transport, req, resp, err);
	if (rc) {
		__atomic_add_fetch(&c->errors, 1, __ATOMIC_RELAXED);
		if (!err->rc)
			err->rc = rc;
		free(key);
		return rc;
	}
	if (c->recorder)
		aws_recorder_store(c->recorder, req, resp);
	if (resp->status >= 200 && resp->status < 300) {
		if (key)
			memo_put(c, key, resp);
		return 0;
	}
	free(key);
	aws_error_parse(svc->protocol, resp, err);
	if (resp->attempts > 1) {
		size_t n = strlen(err->message);

		snprintf(err->message + n, sizeof(err->message) - n,
			 " (after %d attempts)", resp->attempts);
	}
	__atomic_add_fetch(&c->errors, 1, __ATOMIC_RELAXED);
	return err->rc;
}
