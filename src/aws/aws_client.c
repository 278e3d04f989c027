/*
 * aws_client.c -- one API call through the configured transport
 *
 * aws_call() is what collectors use: it sends through the transport,
 * hands the response to the recorder, and turns non-2xx answers into a
 * struct aws_error naming the action and region.
 */
#include "aws.h"
#include "aws_allowlist.h"
#include "aws_record.h"
#include "irready.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

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
	int rc;

	if (!svc)
		BUG("unknown service '%s'", req->service);
	aws_response_init(resp);
	aws_error_clear(err);
	snprintf(err->action, sizeof(err->action), "%s:%s", req->service,
		 req->action);
	snprintf(err->region, sizeof(err->region), "%s", req->region);
	/* read-only by construction: nothing else leaves irready */
	rc = aws_allowlist_check(req, c->drill, err);
	if (rc)
		return rc;
	__atomic_add_fetch(&c->calls, 1, __ATOMIC_RELAXED);
	if (c->request_log)
		log_request(c, req);

	rc = c->transport->send(c->transport, req, resp, err);
	if (rc) {
		__atomic_add_fetch(&c->errors, 1, __ATOMIC_RELAXED);
		if (!err->rc)
			err->rc = rc;
		return rc;
	}
	if (c->recorder)
		aws_recorder_store(c->recorder, req, resp);
	if (resp->status >= 200 && resp->status < 300)
		return 0;
	aws_error_parse(svc->protocol, resp, err);
	__atomic_add_fetch(&c->errors, 1, __ATOMIC_RELAXED);
	return err->rc;
}
