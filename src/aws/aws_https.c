/*
 * aws_https.c -- the live transport (see aws_https.h)
 *
 * Per protocol (../shared/aws-protocols.md):
 *   ec2, query  POST / with Action=..&Version=..&params, form-encoded
 *   json        POST / with X-Amz-Target: <prefix>.<Action>, JSON body
 *   rest-json   the operation's method and path, params as query string
 *   rest-xml    S3: path-style for IP/localhost endpoints, else virtual host
 * Retries: capped exponential backoff with full jitter on throttling
 * codes, 5xx, transient codes and connection errors; Retry-After is
 * honoured; RequestTimeTooSkewed-type answers correct the signing clock
 * from the server's Date header and retry.
 */
#include "aws_https.h"
#include "aws_creds.h"
#include "aws_http.h"
#include "aws_map.h"
#include "aws_rate.h"
#include "aws_record.h"
#include "aws_retry.h"
#include "aws_sigv4.h"
#include "sha256.h"
#include "irready.h"

#include <cJSON.h>
#include <curl/curl.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct https {
	struct aws_transport t;
	struct aws_https_opts o;
	char *endpoint_url;
	char *home_region; /* NULL: us-east-1's partition */
	pthread_mutex_t lock;
	struct aws_rate *rate;
	struct sigv4_key_cache *key_cache; /* signing keys, shared by threads */
	struct aws_retry_config retry;
	struct aws_map quotas; /* "region/service" -> struct aws_retry_quota */
	struct aws_map accts;  /* account id -> its credentials provider */
	long skew;             /* seconds to add to the local clock (atomic) */
};

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts))
		;
}

/* Thread-safe jitter source. */
static double jitter(void)
{
	static __thread unsigned int seed;

	if (!seed)
		seed = (unsigned int)time(NULL) ^ (unsigned int)pthread_self();
	return (double)rand_r(&seed) / ((double)RAND_MAX + 1.0);
}

static int form_add(struct strbuf *sb, const char *k, const char *v)
{
	int rc = 0;

	if (sb->len)
		rc |= strbuf_addch(sb, '&');
	rc |= aws_url_escape(sb, k);
	rc |= strbuf_addch(sb, '=');
	rc |= aws_url_escape(sb, v);
	return rc ? IRREADY_ENOMEM : 0;
}

/* S3 sub-resources go bare: ?versioning, not ?versioning= */
static int query_add(struct strbuf *sb, const char *k, const char *v)
{
	int rc = 0;

	if (*v)
		return form_add(sb, k, v);
	if (sb->len)
		rc |= strbuf_addch(sb, '&');
	rc |= aws_url_escape(sb, k);
	return rc ? IRREADY_ENOMEM : 0;
}

/* An IP-address or localhost endpoint: no DNS for host labels. */
static int endpoint_is_local(const char *base)
{
	const char *h = strstr(base, "://");
	int ip = 1;

	h = h ? h + 3 : base;
	for (const char *p = h; *p && *p != ':' && *p != '/'; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			ip = 0;
	return ip || *h == '[' || !strncmp(h, "localhost", 9);
}

/*
 * S3 addressing as the SDKs do: virtual-hosted (bucket.s3.region...) for
 * DNS-compatible bucket names, path-style (/bucket/...) for names with
 * dots or capitals and for endpoints whose host is an IP address or
 * localhost (emulators).
 */
static int s3_path_style(const char *base, const char *bucket)
{
	if (endpoint_is_local(base))
		return 1;
	for (const char *p = bucket; *p; p++)
		if (*p == '.' || (*p >= 'A' && *p <= 'Z') || *p == '_')
			return 1;
	return 0;
}

static char *s3_base(const char *base, const char *bucket, int path_style)
{
	const char *h = strstr(base, "://");

	if (path_style || !h)
		return xstrdup(base);
	return xasprintf("%.*s%s.%s", (int)(h + 3 - base), base, bucket, h + 3);
}

void aws_wire_release(struct aws_wire *w)
{
	strbuf_release(&w->path);
	strbuf_release(&w->query);
	strbuf_release(&w->body);
}

int aws_https_encode(const struct aws_request *req, struct aws_wire *w)
{
	const struct aws_service *svc = aws_service_find(req->service);
	int rc = 0;

	memset(w, 0, sizeof(*w));
	strbuf_init(&w->path, 0);
	strbuf_init(&w->query, 0);
	strbuf_init(&w->body, 0);
	if (!svc)
		return IRREADY_EUSAGE;
	switch (svc->protocol) {
	case AWS_PROTO_EC2:
	case AWS_PROTO_QUERY:
		w->method = "POST";
		strbuf_adds(&w->path, "/");
		w->content_type =
			"application/x-www-form-urlencoded; charset=utf-8";
		rc |= form_add(&w->body, "Action", req->action);
		rc |= form_add(&w->body, "Version", svc->api_version);
		for (size_t i = 0; i < req->nparams; i++)
			rc |= form_add(&w->body, req->params[i].name,
				       req->params[i].value);
		if (req->token && req->token_param)
			rc |= form_add(&w->body, req->token_param, req->token);
		break;
	case AWS_PROTO_JSON: {
		const char *jb = req->json_body ? req->json_body : "{}";
		cJSON *j;
		char *s;

		w->method = "POST";
		strbuf_adds(&w->path, "/");
		w->content_type = !strcmp(svc->json_version, "1.0")
					  ? "application/x-amz-json-1.0"
					  : "application/x-amz-json-1.1";
		snprintf(w->target, sizeof(w->target), "%s.%s",
			 svc->target_prefix, req->action);
		/* most listings: "{}" prints as itself, no parse needed */
		if (!strcmp(jb, "{}") && !(req->token && req->token_param)) {
			rc |= strbuf_add(&w->body, "{}", 2);
			break;
		}
		j = cJSON_Parse(jb);
		if (!cJSON_IsObject(j)) {
			cJSON_Delete(j);
			BUG("%s:%s json_body is not an object", req->service,
			    req->action);
		}
		if (req->token && req->token_param)
			cJSON_AddStringToObject(j, req->token_param,
						req->token);
		s = cJSON_PrintUnformatted(j);
		rc |= strbuf_adds(&w->body, s);
		cJSON_free(s);
		cJSON_Delete(j);
		break;
	}
	case AWS_PROTO_REST_JSON:
	case AWS_PROTO_REST_XML:
		w->method = req->method ? req->method : "GET";
		/*
		 * collectors build paths from ids; encode all but '/'
		 * (aws_uri_encode: curl_easy_escape cannot keep '/')
		 */
		rc |= aws_uri_encode(&w->path, req->path ? req->path : "/",
				     strlen(req->path ? req->path : "/"), 1);
		for (size_t i = 0; i < req->nparams; i++)
			rc |= query_add(&w->query, req->params[i].name,
					req->params[i].value);
		/*
		 * Operations with a JSON body (POST /detector/{id}/findings,
		 * POST /standards/get) page in the body; the others in the
		 * query string.
		 */
		if (req->token && req->token_param && !req->json_body)
			rc |= form_add(&w->query, req->token_param, req->token);
		if (req->json_body && req->token && req->token_param) {
			cJSON *j = cJSON_Parse(req->json_body);
			char *s;

			if (!cJSON_IsObject(j)) {
				cJSON_Delete(j);
				BUG("%s:%s json_body is not an object",
				    req->service, req->action);
			}
			cJSON_AddStringToObject(j, req->token_param,
						req->token);
			s = cJSON_PrintUnformatted(j);
			rc |= strbuf_adds(&w->body, s);
			cJSON_free(s);
			cJSON_Delete(j);
			w->content_type = "application/json";
		} else if (req->json_body) {
			rc |= strbuf_adds(&w->body, req->json_body);
			w->content_type = "application/json";
		}
		break;
	}
	return rc ? IRREADY_ENOMEM : 0;
}

static int is_skew_error(const struct aws_error *e)
{
	return !strcmp(e->code, "RequestTimeTooSkewed") ||
	       !strcmp(e->code, "RequestExpired") ||
	       !strcmp(e->code, "RequestInTheFuture") ||
	       (!strcmp(e->code, "InvalidSignatureException") &&
		strstr(e->message, "expired")) ||
	       (!strcmp(e->code, "SignatureDoesNotMatch") &&
		strstr(e->message, "expired"));
}

/*
 * "Date: Sat, 28 Nov 2026 19:05:28 GMT" → epoch, 0 when unparsable:
 * curl_getdate() reads RFC 1123 (and the older HTTP date forms).
 */
static time_t http_date(const char *s)
{
	time_t t = s ? curl_getdate(s, NULL) : -1;

	return t > 0 ? t : 0;
}

static struct aws_creds_provider *creds_for(struct https *h,
					    const char *account)
{
	void *p = NULL;
	int set = 0;

	/* an account set without a provider (its role failed) stays without */
	if (account) {
		pthread_mutex_lock(&h->lock);
		set = aws_map_find(&h->accts, account, &p);
		pthread_mutex_unlock(&h->lock);
	}
	return set ? p : h->o.creds;
}

void aws_https_set_account_creds(struct aws_transport *t, const char *account,
				 struct aws_creds_provider *p)
{
	struct https *h = (struct https *)t;

	pthread_mutex_lock(&h->lock);
	aws_map_put(&h->accts, account, p);
	pthread_mutex_unlock(&h->lock);
}

/* The host part of a URL, with any port ("127.0.0.1:8080"). */
static char *url_host(const char *url)
{
	const char *h = strstr(url, "://");
	size_t n;

	h = h ? h + 3 : url;
	n = strcspn(h, "/?");
	return xstrndup(h, n);
}

/* One signed attempt. */
static int attempt(struct https *h, const struct aws_request *req,
		   const struct aws_service *svc, const struct aws_wire *w,
		   const char *base, const char *sign_region,
		   struct aws_response *resp, struct aws_error *err)
{
	struct aws_creds cr = { 0 };
	const struct aws_creds *use = req->creds ? req->creds : &cr;
	struct sigv4_params sp = { 0 };
	struct sigv4_result sr = { 0 };
	struct sigv4_header sh[8 + AWS_MAX_HEADERS];
	struct http_header hh[9 + AWS_MAX_HEADERS];
	struct http_request hr = { 0 };
	char amz_date[17], payload[65];
	char *host = url_host(base), *url = NULL;
	struct strbuf u = STRBUF_INIT;
	size_t n = 0;
	time_t t;
	int rc;

	/* the drill's dry runs bring the IR role's credentials */
	rc = req->creds ? 0
			: aws_creds_get(creds_for(h, req->account), &cr, err);
	if (rc)
		goto out;
	if (h->o.recorder) {
		aws_recorder_add_secret(h->o.recorder, use->access_key);
		aws_recorder_add_secret(h->o.recorder, use->secret_key);
		aws_recorder_add_secret(h->o.recorder, use->session_token);
	}
	t = time(NULL) + __atomic_load_n(&h->skew, __ATOMIC_RELAXED);
	aws_sigv4_amz_date(t, amz_date);
	sh[n++] = (struct sigv4_header){ "host", host };
	sh[n++] = (struct sigv4_header){ "x-amz-date", amz_date };
	if (w->content_type)
		sh[n++] = (struct sigv4_header){ "content-type",
						 w->content_type };
	if (w->target[0])
		sh[n++] = (struct sigv4_header){ "x-amz-target", w->target };
	if (svc->protocol == AWS_PROTO_REST_XML) {
		sha256_hex(w->body.buf, w->body.len, payload);
		sh[n++] = (struct sigv4_header){ "x-amz-content-sha256",
						 payload };
	}
	if (use->session_token && *use->session_token)
		sh[n++] = (struct sigv4_header){ "x-amz-security-token",
						 use->session_token };
	for (size_t i = 0; i < req->nheaders && i < AWS_MAX_HEADERS; i++)
		sh[n++] = (struct sigv4_header){ req->headers[i].name,
						 req->headers[i].value };
	sp.access_key = use->access_key;
	sp.secret_key = use->secret_key;
	sp.region = sign_region;
	sp.service = svc->signing_name;
	sp.now = t;
	sp.method = w->method;
	sp.path = strbuf_str(&w->path);
	sp.query = w->query.len ? w->query.buf : NULL;
	sp.headers = sh;
	sp.nheaders = n;
	sp.body = w->body.buf;
	sp.body_len = w->body.len;
	sp.s3 = svc->protocol == AWS_PROTO_REST_XML;
	sp.key_cache = h->key_cache;
	rc = aws_sigv4_sign(&sp, &sr);
	if (rc) {
		aws_error_set(err, rc, "SigningError", "cannot sign %s:%s",
			      req->service, req->action);
		goto out;
	}
	/* host is set by libcurl from the URL */
	for (size_t i = 1; i < n; i++)
		hh[i - 1] = (struct http_header){ sh[i].name, sh[i].value };
	hh[n - 1] = (struct http_header){ "Authorization", sr.authorization };
	strbuf_adds(&u, base);
	strbuf_add(&u, w->path.buf, w->path.len);
	if (w->query.len) {
		strbuf_addch(&u, '?');
		strbuf_add(&u, w->query.buf, w->query.len);
	}
	url = strbuf_detach(&u, NULL);
	hr.method = w->method;
	hr.url = url;
	hr.headers = hh;
	hr.nheaders = n;
	hr.body = w->body.buf;
	hr.body_len = w->body.len;
	hr.connect_timeout_ms = h->o.connect_timeout_ms;
	hr.timeout_ms = h->o.timeout_ms;
	hr.allow_plain = h->o.allow_plain;
	rc = aws_http_perform(&hr, resp, err);
out:
	aws_sigv4_result_release(&sr);
	aws_creds_release(&cr);
	free(host);
	free(url);
	return rc;
}

static void reset_response(struct aws_response *resp)
{
	aws_response_release(resp);
	aws_response_init(resp);
}

/*
 * The base URL for 'req' (caller frees) and its signing region: the
 * resolved endpoint, with the S3 Control account label, and S3's bucket
 * as a virtual host or, path-style, in front of 'w->path'.
 */
static char *https_base(struct https *h, const struct aws_request *req,
			const struct aws_service *svc, struct aws_wire *w,
			char *sign_region, size_t n)
{
	char *base = aws_endpoint_resolve_home(svc, req->region, h->home_region,
					       h->endpoint_url, sign_region, n);

	if (!base)
		return NULL;
	if (req->host_label && !endpoint_is_local(base)) {
		char *b = s3_base(base, req->host_label, 0);

		free(base);
		base = b;
	}
	if (svc->protocol == AWS_PROTO_REST_XML && req->host_prefix) {
		int ps = s3_path_style(base, req->host_prefix);
		char *b = s3_base(base, req->host_prefix, ps);

		free(base);
		base = b;
		if (ps) {
			struct strbuf p = STRBUF_INIT;

			strbuf_addch(&p, '/');
			aws_url_escape(&p, req->host_prefix);
			strbuf_add(&p, w->path.buf, w->path.len);
			strbuf_release(&w->path);
			w->path = p;
		}
	}
	return base;
}

/*
 * What attempt 'n', which ended in 'rc' / 'resp', was: fills 'e' from an
 * error answer and '*non_aws' (a 5xx whose body is no AWS error: an HTML
 * page from a proxy). A clock-skew answer corrects the signing clock from
 * the server's Date.
 */
static enum aws_retry_kind https_classify(struct https *h,
					  const struct aws_service *svc, int rc,
					  const struct aws_response *resp,
					  struct aws_error *e, int *non_aws)
{
	*non_aws = 0;
	if (rc) {
		/* credentials errors are final; connection ones retry */
		if (rc != IRREADY_EHTTP ||
		    !strcmp(e->code, "InsecureEndpoint") ||
		    !strcmp(e->code, "ResponseTooLarge"))
			return AWS_RETRY_FINAL;
		return !strcmp(e->code, "Timeout") ? AWS_RETRY_TIMEOUT
						   : AWS_RETRY_TRANSIENT;
	}
	if (resp->status < 300)
		return AWS_RETRY_FINAL;
	aws_error_parse(svc->protocol, resp, e);
	if (is_skew_error(e)) {
		time_t server = http_date(aws_response_header(resp, "date"));

		if (server)
			__atomic_store_n(&h->skew, (long)(server - time(NULL)),
					 __ATOMIC_RELAXED);
		return AWS_RETRY_SKEW;
	}
	if (aws_error_is_throttle(e->code, resp->status))
		return AWS_RETRY_THROTTLE;
	if (!aws_error_is_transient(e->code, resp->status))
		return AWS_RETRY_FINAL;
	/* aws_error_parse() names an unrecognised body by its status */
	*non_aws = resp->status >= 500 && atoi(e->code) == resp->status;
	return AWS_RETRY_TRANSIENT;
}

/* The retry quota of the endpoint 'key' ("region/service"), locked. */
static struct aws_retry_quota *quota_find(struct https *h, const char *key)
{
	struct aws_retry_quota *q = aws_map_get(&h->quotas, key);

	if (!q) {
		q = xmalloc(sizeof(*q));
		aws_retry_quota_init(q);
		aws_map_put(&h->quotas, key, q);
	}
	return q;
}

static int https_decide(struct https *h, const char *ep,
			enum aws_retry_kind kind, int non_aws, int n, int *cost)
{
	int retry;

	pthread_mutex_lock(&h->lock);
	retry = aws_retry_decide(&h->retry, quota_find(h, ep), kind, non_aws, n,
				 cost);
	pthread_mutex_unlock(&h->lock);
	return retry;
}

static void https_refund(struct https *h, const char *ep, int last_cost)
{
	pthread_mutex_lock(&h->lock);
	aws_retry_quota_success(quota_find(h, ep), last_cost);
	pthread_mutex_unlock(&h->lock);
}

/* A transport failure after 'n' attempts, into the caller's 'err'. */
static void https_fail(struct aws_error *err, const struct aws_error *e, int rc,
		       int n)
{
	memcpy(err->code, e->code, sizeof(err->code));
	memcpy(err->message, e->message, sizeof(err->message));
	/* a credentials failure names its own call */
	if (e->action[0]) {
		memcpy(err->action, e->action, sizeof(err->action));
		memcpy(err->region, e->region, sizeof(err->region));
	}
	err->rc = rc;
	if (n > 1)
		snprintf(err->message + strlen(err->message),
			 sizeof(err->message) - strlen(err->message),
			 " (after %d attempts)", n);
}

/* The wait before attempt 'n' + 1 (aws_retry_delay_ms), Retry-After too. */
static long https_backoff(const struct https *h, enum aws_retry_kind kind,
			  int n, int rc, const struct aws_response *resp)
{
	const char *ra = rc ? NULL : aws_response_header(resp, "retry-after");
	long s, ra_ms = -1;

	if (ra && !parse_long(ra, &s) && s >= 0 &&
	    s <= h->o.retry_cap_ms / 1000)
		ra_ms = s * 1000;
	return aws_retry_delay_ms(&h->retry, kind, n, jitter(),
				  h->o.retry_base_ms, h->o.retry_cap_ms, ra_ms);
}

static const char *const kind_names[] = {
	[AWS_RETRY_FINAL] = "final",     [AWS_RETRY_TRANSIENT] = "transient",
	[AWS_RETRY_TIMEOUT] = "timeout", [AWS_RETRY_THROTTLE] = "throttling",
	[AWS_RETRY_SKEW] = "clock skew",
};

static int https_send(struct aws_transport *t, const struct aws_request *req,
		      struct aws_response *resp, struct aws_error *err)
{
	struct https *h = (struct https *)t;
	const struct aws_service *svc = aws_service_find(req->service);
	struct aws_wire w;
	char sign_region[32], key[160], ep[96];
	char *base;
	int rc = 0, n, last_cost = 0;

	if (!svc)
		BUG("unknown service '%s'", req->service);
	rc = aws_https_encode(req, &w);
	if (rc) {
		aws_wire_release(&w);
		return rc;
	}
	base = https_base(h, req, svc, &w, sign_region, sizeof(sign_region));
	if (!base) {
		aws_wire_release(&w);
		aws_error_set(err, IRREADY_EAWS, "NoEndpointInPartition",
			      "%s has no endpoint in partition %s",
			      req->service,
			      aws_partition(h->home_region ? h->home_region
							   : "us-east-1"));
		return IRREADY_EAWS;
	}
	snprintf(key, sizeof(key), "%s/%s", req->account, req->region);
	snprintf(ep, sizeof(ep), "%s/%s", req->region, req->service);
	for (n = 1;; n++) {
		struct aws_error e;
		enum aws_retry_kind kind;
		long delay;
		int retry, non_aws, cost;

		aws_error_clear(&e);
		aws_rate_take(h->rate, key, req->service, req->action);
		reset_response(resp);
		rc = attempt(h, req, svc, &w, base, sign_region, resp, &e);
		kind = https_classify(h, svc, rc, resp, &e, &non_aws);
		aws_rate_feedback(h->rate, key, req->service, req->action,
				  kind == AWS_RETRY_THROTTLE);
		if (!rc && resp->status < 300) {
			https_refund(h, ep, last_cost);
			break;
		}
		retry = https_decide(h, ep, kind, non_aws, n, &cost);
		if (!retry) {
			if (n > 1 || kind != AWS_RETRY_FINAL)
				debug("%s:%s in %s: %s after %d attempt%s "
				      "(%s, retry mode %s)",
				      req->service, req->action, req->region,
				      e.code[0] ? e.code : "error", n,
				      n > 1 ? "s" : "", kind_names[kind],
				      aws_retry_mode_name(h->retry.mode));
			if (rc)
				https_fail(err, &e, rc, n);
			break;
		}
		last_cost = cost;
		delay = https_backoff(h, kind, n, rc, resp);
		debug("retry %d of %s:%s in %s after %s (%s, %ld ms)", n,
		      req->service, req->action, req->region,
		      e.code[0] ? e.code : "error", kind_names[kind], delay);
		sleep_ms(delay);
	}
	resp->attempts = n;
	free(base);
	aws_wire_release(&w);
	return rc;
}

static void https_free(struct aws_transport *t)
{
	struct https *h = (struct https *)t;
	unsigned long hits, misses;

	aws_sigv4_key_cache_stats(h->key_cache, &hits, &misses);
	debug("signing keys: %lu derived, %lu reused", misses, hits);
	aws_sigv4_key_cache_free(h->key_cache);
	aws_map_release(&h->accts, NULL);
	aws_rate_free(h->rate);
	aws_map_release(&h->quotas, free);
	free(h->endpoint_url);
	free(h->home_region);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

static long env_ms(const char *name, long dflt)
{
	const char *v = getenv(name);
	long n;

	if (v && !parse_long(v, &n) && n > 0)
		return n;
	return dflt;
}

struct aws_transport *aws_https_new(const struct aws_https_opts *o,
				    struct aws_error *err)
{
	struct https *h;
	struct aws_retry_config rc;
	char why[200];
	const char *cfg_mode = NULL, *cfg_att = NULL;

	if (o->creds)
		aws_creds_profile_retry(o->creds, &cfg_mode, &cfg_att);
	if (aws_retry_config_resolve(&rc, getenv("AWS_RETRY_MODE"),
				     getenv("AWS_MAX_ATTEMPTS"), cfg_mode,
				     cfg_att, why, sizeof(why))) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidRetryConfig", "%s",
			      why);
		return NULL;
	}
	h = xcalloc(1, sizeof(*h));
	h->t.name = "https";
	h->t.send = https_send;
	h->t.free = https_free;
	h->o = *o;
	h->retry = rc;
	if (o->max_attempts > 0)
		h->retry.max_attempts = h->retry.throttle_attempts =
			o->max_attempts;
	h->endpoint_url = o->endpoint_url ? xstrdup(o->endpoint_url) : NULL;
	h->o.endpoint_url = h->endpoint_url;
	h->home_region = o->home_region ? xstrdup(o->home_region) : NULL;
	h->o.home_region = h->home_region;
	if (!h->o.retry_base_ms)
		h->o.retry_base_ms = env_ms("IRREADY_RETRY_BASE_MS", 0);
	if (!h->o.retry_cap_ms)
		h->o.retry_cap_ms = 20000;
	h->rate = aws_rate_new(o->rates, o->nrates, o->rate_fraction, o->rate);
	h->key_cache = aws_sigv4_key_cache_new();
	if (!h->o.connect_timeout_ms)
		h->o.connect_timeout_ms =
			env_ms("IRREADY_CONNECT_TIMEOUT_MS", 10000);
	if (!h->o.timeout_ms)
		h->o.timeout_ms = env_ms("IRREADY_HTTP_TIMEOUT_MS", 60000);
	pthread_mutex_init(&h->lock, NULL);
	aws_http_global_init();
	debug("retries: mode %s (%s), %d attempts, %d on throttling",
	      aws_retry_mode_name(h->retry.mode), h->retry.mode_from,
	      h->retry.max_attempts, h->retry.throttle_attempts);
	return &h->t;
}
