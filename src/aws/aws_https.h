/*
 * aws_https.h -- the live transport: AWS over HTTPS
 *
 * Encodes a struct aws_request for its service's protocol, resolves the
 * endpoint, signs with SigV4, sends through aws_http_perform(), and
 * retries the way the SDKs' standard mode does. A token bucket per
 * (account, region, service) paces requests so an audit never starves
 * production of API quota; throttling halves that key's rate.
 */
#ifndef AWS_HTTPS_H
#define AWS_HTTPS_H

#include "aws.h"

struct aws_creds_provider;

struct aws_https_opts {
	struct aws_creds_provider *creds;    /* default provider (not owned) */
	const char *endpoint_url;            /* --endpoint-url or NULL */
	int max_attempts;                    /* 0: 10 */
	long retry_base_ms;                  /* 0: 100 */
	long retry_cap_ms;                   /* 0: 20000 */
	double rate;                         /* requests/s per key; 0: 20 */
	double burst;                        /* 0: 2 x rate */
	long connect_timeout_ms, timeout_ms; /* 0: 10 s, 60 s */
	struct aws_recorder *recorder; /* told every credential, to mask */
	int allow_plain; /* --allow-insecure-http: any http:// endpoint */
	/* the audit's home region: its partition is the one of "global"
	 * requests (IAM, Organizations, ... in aws-cn or aws-us-gov) */
	const char *home_region;
};

struct aws_transport *aws_https_new(const struct aws_https_opts *o);

/*
 * Use 'p' (not owned) for requests to 'account' instead of the default
 * provider (assumed-role credentials of an Organization member).
 */
void aws_https_set_account_creds(struct aws_transport *t, const char *account,
				 struct aws_creds_provider *p);

/*
 * Encode 'req' for its protocol into method, path (URI-encoded once),
 * query string and body; exposed for tests. Caller releases the strbufs.
 */
struct aws_wire {
	const char *method;
	struct strbuf path, query, body;
	const char *content_type;
	char target[160]; /* X-Amz-Target or "" */
};
int aws_https_encode(const struct aws_request *req, struct aws_wire *w);
void aws_wire_release(struct aws_wire *w);

#endif
