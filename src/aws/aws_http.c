/*
 * aws_http.c -- HTTP exchanges on libcurl (see aws_http.h)
 *
 * Each thread keeps one easy handle (keep-alive per thread); all of them
 * share one connection cache, DNS cache and TLS session cache through a
 * curl share with mutexes, so a pool of workers reuses connections.
 */
#include "aws_http.h"
#include "irready.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static CURLSH *share;
static pthread_mutex_t share_locks[CURL_LOCK_DATA_LAST];
static pthread_key_t easy_key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void lock_cb(CURL *h, curl_lock_data data, curl_lock_access a, void *u)
{
	(void)h;
	(void)a;
	(void)u;
	pthread_mutex_lock(&share_locks[data]);
}

static void unlock_cb(CURL *h, curl_lock_data data, void *u)
{
	(void)h;
	(void)u;
	pthread_mutex_unlock(&share_locks[data]);
}

static void easy_destroy(void *p)
{
	curl_easy_cleanup(p);
}

static void init_once(void)
{
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&share_locks[i], NULL);
	share = curl_share_init();
	curl_share_setopt(share, CURLSHOPT_LOCKFUNC, lock_cb);
	curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, unlock_cb);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
	pthread_key_create(&easy_key, easy_destroy);
}

void aws_http_global_init(void)
{
	pthread_once(&once, init_once);
}

int aws_url_is_loopback(const char *url)
{
	char why[160];

	/* parsed by curl, no user-info, the host itself loopback */
	return !aws_url_check(url, 0, why, sizeof(why));
}

int aws_url_escape(struct strbuf *sb, const char *s)
{
	char *e = curl_easy_escape(NULL, s, (int)strlen(s));
	int rc;

	if (!e)
		return IRREADY_ENOMEM;
	rc = strbuf_adds(sb, e);
	curl_free(e);
	return rc;
}

struct sink {
	struct aws_response *resp;
	int too_large;
};

static size_t on_body(char *p, size_t size, size_t nmemb, void *u)
{
	struct sink *s = u;
	size_t n = size * nmemb;

	if (strbuf_add(&s->resp->body, p, n)) {
		s->too_large = 1;
		return 0;
	}
	return n;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *u)
{
	struct sink *s = u;
	size_t n = size * nmemb;
	const char *colon = memchr(p, ':', n);

	if (n >= 5 && !strncmp(p, "HTTP/", 5)) {
		/* a new response (redirect, 100-continue): drop old headers */
		struct aws_response *r = s->resp;

		for (size_t i = 0; i < r->nheaders; i++) {
			free(r->headers[i].name);
			free(r->headers[i].value);
		}
		r->nheaders = 0;
		return n;
	}
	if (colon)
		aws_response_add_header(s->resp, p, (size_t)(colon - p),
					colon + 1, n - (size_t)(colon + 1 - p));
	return n;
}

/*
 * The thread's handle. The options every request shares are set once,
 * when it is made; http_setopts() sets the rest each time (a
 * curl_easy_reset() and ~20 options per request cost more than the
 * request's own set-up).
 */
static CURL *thread_easy(void)
{
	const char *ca;
	CURL *e;

	aws_http_global_init();
	e = pthread_getspecific(easy_key);
	if (e)
		return e;
	e = curl_easy_init();
	if (!e)
		return NULL;
	pthread_setspecific(easy_key, e);
	ca = getenv("AWS_CA_BUNDLE");
	curl_easy_setopt(e, CURLOPT_SHARE, share);
	curl_easy_setopt(e, CURLOPT_MAXCONNECTS, 256L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, "irready/" IRREADY_VERSION);
	if (ca && *ca)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca);
	return e;
}

/* The request headers as curl wants them; caller frees the list. */
static struct curl_slist *http_headers(const struct http_request *r)
{
	struct curl_slist *hdrs = NULL;
	struct strbuf h = STRBUF_INIT;

	for (size_t i = 0; i < r->nheaders; i++) {
		strbuf_reset(&h);
		strbuf_adds(&h, r->headers[i].name);
		strbuf_add(&h, ": ", 2);
		strbuf_adds(&h, r->headers[i].value);
		hdrs = curl_slist_append(hdrs, strbuf_str(&h));
	}
	strbuf_release(&h);
	/* libcurl would add these; AWS does not want them signed or sent */
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (!r->body_len)
		hdrs = curl_slist_append(hdrs, "Content-Type:");
	return hdrs;
}

/*
 * What changes from request to request: URL, method, body, headers, the
 * sink, timeouts. The method is set from scratch each time: the previous
 * request's body is replaced by an empty one (no pointer into freed
 * memory stays in the handle), then HTTPGET undoes POST and NOBODY.
 */
static void http_setopts(CURL *e, const struct http_request *r,
			 struct curl_slist *hdrs, struct sink *sink)
{
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
	curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
	if (!strcmp(r->method, "POST") || r->body_len) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)r->body_len);
	} else if (!strcmp(r->method, "HEAD")) {
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, sink);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, sink);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 r->connect_timeout_ms ? r->connect_timeout_ms
					       : 10000L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
			 r->timeout_ms ? r->timeout_ms : 60000L);
}

/*
 * Whether plain http:// to 'url' is allowed: its host is loopback. The
 * answer for the last scheme://host:port seen is kept per thread (a run
 * asks the same endpoint every time; curl's URL parser cost more than the
 * rest of the request set-up); an authority with user information,
 * '?', '#' or '\\' is always parsed afresh.
 */
static int plain_allowed(const char *url)
{
	static __thread char last[256];
	static __thread int last_ok;
	const char *a = strstr(url, "://");
	size_t n = a ? (size_t)(a + 3 - url) + strcspn(a + 3, "/") : 0;
	int cacheable = n && n < sizeof(last) && !memchr(url, '@', n) &&
			!memchr(url, '?', n) && !memchr(url, '#', n) &&
			!memchr(url, '\\', n);
	int ok;

	if (cacheable && last[0] && strlen(last) == n && !memcmp(last, url, n))
		return last_ok;
	ok = aws_url_is_loopback(url);
	if (cacheable) {
		memcpy(last, url, n);
		last[n] = '\0';
		last_ok = ok;
	}
	return ok;
}

int aws_http_perform(const struct http_request *r, struct aws_response *resp,
		     struct aws_error *err)
{
	struct curl_slist *hdrs;
	struct sink sink = { resp, 0 };
	const char *code = "ConnectionError";
	CURL *e;
	CURLcode cc;
	long status = 0;

	if (!strncasecmp(r->url, "http://", 7) && !r->allow_plain &&
	    !plain_allowed(r->url)) {
		aws_error_set(err, IRREADY_EHTTP, "InsecureEndpoint",
			      "refusing plain http:// to a non-loopback host "
			      "(%s); use https or --allow-insecure-http",
			      r->url);
		return IRREADY_EHTTP;
	}
	e = thread_easy();
	if (!e) {
		aws_error_set(err, IRREADY_EHTTP, "ConnectionError",
			      "cannot initialise libcurl");
		return IRREADY_EHTTP;
	}
	resp->body.max = r->max_body ? r->max_body : STRBUF_HTTP_MAX;
	hdrs = http_headers(r);
	http_setopts(e, r, hdrs, &sink);
	cc = curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdrs);
	if (sink.too_large) {
		aws_error_set(err, IRREADY_EHTTP, "ResponseTooLarge",
			      "response body over %zu bytes", resp->body.max);
		return IRREADY_EHTTP;
	}
	if (cc != CURLE_OK) {
		if (cc == CURLE_OPERATION_TIMEDOUT)
			code = "Timeout";
		else if (cc == CURLE_SSL_CONNECT_ERROR ||
			 cc == CURLE_PEER_FAILED_VERIFICATION ||
			 cc == CURLE_SSL_CACERT_BADFILE)
			code = "TLSError";
		aws_error_set(err, IRREADY_EHTTP, code, "%s: %s", r->url,
			      curl_easy_strerror(cc));
		return IRREADY_EHTTP;
	}
	resp->status = (int)status;
	return 0;
}
