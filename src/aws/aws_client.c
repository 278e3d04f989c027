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
#include "aws_validate.h"
#include "irready.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void log_request(struct aws_client *c, const struct aws_request *req)
{
	pthread_mutex_lock(&log_lock);
	fprintf(c->request_log, "%s %s %s:%s%s%s%s%s\n",
		req->account ? req->account : "-", req->region, req->service,
		req->action, req->resource ? " resource=" : "",
		req->resource ? req->resource : "", req->token ? " token=" : "",
		req->token ? req->token : "");
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
	rc = aws_allowlist_check(req, err);
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
