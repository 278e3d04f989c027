/*
 * aws_response.c -- struct aws_response: init, release, headers
 *
 * Every transport fills a struct aws_response (aws.h): the live one from
 * libcurl's callbacks (aws_http.c), the replay one from a fixture file
 * (aws_replay.c); the error parser (aws_error.c) and the retry loop read
 * its headers. Kept apart from both transports so none depends on another.
 */
#include "aws.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void aws_response_init(struct aws_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	strbuf_init(&resp->body, STRBUF_HTTP_MAX);
}

void aws_response_release(struct aws_response *resp)
{
	for (size_t i = 0; i < resp->nheaders; i++) {
		free(resp->headers[i].name);
		free(resp->headers[i].value);
	}
	free(resp->headers);
	strbuf_release(&resp->body);
	resp->headers = NULL;
	resp->nheaders = resp->alloc_headers = 0;
	resp->status = 0;
}

void aws_response_add_header(struct aws_response *resp, const char *name,
			     size_t nlen, const char *value, size_t vlen)
{
	while (vlen && (*value == ' ' || *value == '\t')) {
		value++;
		vlen--;
	}
	while (vlen && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t' ||
			value[vlen - 1] == '\r' || value[vlen - 1] == '\n'))
		vlen--;
	ALLOC_GROW(resp->headers, resp->nheaders + 1, resp->alloc_headers);
	resp->headers[resp->nheaders].name = xstrndup(name, nlen);
	resp->headers[resp->nheaders].value = xstrndup(value, vlen);
	resp->nheaders++;
}

const char *aws_response_header(const struct aws_response *resp,
				const char *name)
{
	for (size_t i = 0; i < resp->nheaders; i++)
		if (!strcasecmp(resp->headers[i].name, name))
			return resp->headers[i].value;
	return NULL;
}
