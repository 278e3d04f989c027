/*
 * aws_https.h -- the live transport: AWS over HTTPS
 *
 * Encodes a struct aws_request for its service's protocol, resolves the
 * endpoint, signs with SigV4, sends through aws_http_perform(), and
 * retries by the rules of aws_retry.h (the SDKs' modes, a retry quota per
 * endpoint). aws_rate.h paces requests at a fraction of AWS's documented
 * quotas so an audit never starves production of API quota; throttling
 * halves that bucket's rate.
 */
#ifndef AWS_HTTPS_H
#define AWS_HTTPS_H

#include "aws.h"
#include "aws_rate.h"

struct aws_creds_provider;

struct aws_https_opts {
	struct aws_creds_provider *creds; /* default provider (not owned) */
	const char *endpoint_url;         /* --endpoint-url or NULL */
	int max_attempts;     /* > 0: beats AWS_MAX_ATTEMPTS and the profile */
	long retry_base_ms;   /* 0: IRREADY_RETRY_BASE_MS, else per mode */
	long retry_cap_ms;    /* 0: 20000 */
	double rate;          /* > 0: every bucket at this (tests); 0: table */
	double rate_fraction; /* of documented quotas; 0: AWS_RATE_FRACTION */
	const struct aws_rate_override *rates; /* --rate, policy (copied) */
	size_t nrates;
	long connect_timeout_ms, timeout_ms; /* 0: 10 s, 60 s */
	struct aws_recorder *recorder; /* told every credential, to mask */
	int allow_plain; /* --allow-insecure-http: any http:// endpoint */
	/* the audit's home region: its partition is the one of "global"
	 * requests (IAM, Organizations, ... in aws-cn or aws-us-gov) */
	const char *home_region;
};

/*
 * NULL with 'err' filled (IRREADY_EUSAGE) when the retry settings of the
 * environment or the profile are invalid.
 */
struct aws_transport *aws_https_new(const struct aws_https_opts *o,
				    struct aws_error *err);

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
