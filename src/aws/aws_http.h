/*
 * aws_http.h -- one HTTP exchange over libcurl
 *
 * The only file that talks to libcurl (with aws_https.c, which builds on
 * it). TLS verification is always on (AWS_CA_BUNDLE honoured), proxies come
 * from the environment (HTTPS_PROXY, NO_PROXY), connections, DNS and TLS
 * sessions are shared between threads through a curl share, and response
 * bodies are capped. Plain http:// is refused unless the host is loopback
 * or the request's 'allow_plain' is set (--allow-insecure-http, or a
 * credential agent's link-local address).
 */
#ifndef AWS_HTTP_H
#define AWS_HTTP_H

#include "aws.h"
#include "aws_url.h"

struct http_header {
	const char *name;
	const char *value;
};

struct http_request {
	const char *method;
	const char *url;
	const struct http_header *headers;
	size_t nheaders;
	const void *body;
	size_t body_len;
	long connect_timeout_ms; /* 0: 10 s */
	long timeout_ms;         /* 0: 60 s */
	size_t max_body;         /* 0: STRBUF_HTTP_MAX */
	/*
	 * the caller vouches for this plain http:// URL (IMDS, ECS agents,
	 * or --allow-insecure-http)
	 */
	int allow_plain;
};

/* Call once before threads start (curl_global_init is done by main). */
void aws_http_global_init(void);

/*
 * Perform 'r'. Returns 0 with 'resp' filled (any HTTP status), or
 * IRREADY_EHTTP with 'err' naming the transport failure (code
 * "ConnectionError", "Timeout", "TLSError", "ResponseTooLarge",
 * "InsecureEndpoint").
 */
int aws_http_perform(const struct http_request *r, struct aws_response *resp,
		     struct aws_error *err);

/*
 * Append 's' percent-encoded for a query string or form value: every byte
 * but RFC 3986's unreserved A-Z a-z 0-9 - . _ ~ as %XX (upper-case hex),
 * which is exactly what curl_easy_escape() does and what the AWS query
 * protocol wants. Returns 0, or IRREADY_ENOMEM (strbuf cap or no memory).
 * SigV4's canonical URI keeps '/' in paths, which curl's escape cannot:
 * the signer and the path encoder keep aws_uri_encode() (aws_sigv4.h).
 */
int aws_url_escape(struct strbuf *sb, const char *s);

/* Whether 'url' is http(s) to a loopback host (127.0.0.0/8, ::1, localhost). */
int aws_url_is_loopback(const char *url);

#endif
