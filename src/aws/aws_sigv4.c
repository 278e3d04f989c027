/*
 * aws_sigv4.c -- AWS Signature Version 4 (AWS4-HMAC-SHA256) signer
 *
 * Builds the canonical request, the string to sign and the Authorization
 * header value for one request, following the AWS SigV4 test suite
 * (tests/sigv4/) and botocore's SigV4Auth/S3SigV4Auth. Pure: the clock,
 * credentials and headers all come from the caller (see aws_sigv4.h), so
 * aws_https.c signs live requests and the tests sign fixed vectors with
 * the same code.
 *
 * Why not libcurl's CURLOPT_AWS_SIGV4: it reads the clock itself (the
 * test suite and --now need the time injected), shows none of the stages
 * (canonical request, string to sign) the vectors check one by one, and
 * applies one path rule where SigV4 has two (S3 paths encoded once and not
 * normalised, every other service's encoded twice). SigV4's URI encoding
 * keeps '/' in paths, which curl_easy_escape() cannot (aws_uri_encode()).
 */
#include "aws_sigv4.h"
#include "irready.h"
#include "sha256.h"
#include "strbuf.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

static const char hex_upper[] = "0123456789ABCDEF";
static const char hex_lower[] = "0123456789abcdef";

struct canon_header {
	char *name;        /* lower-cased copy, owned */
	const char *value; /* borrowed from the caller */
	size_t idx;        /* position in the caller's array: keeps order */
};

struct canon_pair {
	char *key;   /* encoded, owned */
	char *value; /* encoded, owned */
};

static int is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void to_hex(const unsigned char *in, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex_lower[in[i] >> 4];
		out[2 * i + 1] = hex_lower[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}

static int encode_byte(struct strbuf *sb, unsigned char c, int keep_slash)
{
	char esc[3];

	if (is_unreserved(c) || (keep_slash && c == '/'))
		return strbuf_addch(sb, c);
	esc[0] = '%';
	esc[1] = hex_upper[c >> 4];
	esc[2] = hex_upper[c & 0xf];
	return strbuf_add(sb, esc, 3);
}

int aws_uri_encode(struct strbuf *sb, const char *s, size_t n, int keep_slash)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = encode_byte(sb, (unsigned char)s[i], keep_slash);
		if (rc)
			return rc;
	}
	return 0;
}

void aws_sigv4_amz_date(time_t t, char buf[17])
{
	struct tm tm;

	buf[0] = '\0';
	if (!gmtime_r(&t, &tm))
		return;
	if (strftime(buf, 17, "%Y%m%dT%H%M%SZ", &tm) != 16)
		buf[0] = '\0';
}

/*
 * Percent-decode 's' ('n' bytes; a '%' not followed by two hex digits is
 * a literal '%') and append its SigV4 encoding to 'sb'. Decoding first
 * makes the result canonical whether or not the caller encoded it.
 */
static int reencode(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%' && i + 2 < n) {
			int hi = hex_value((unsigned char)s[i + 1]);
			int lo = hex_value((unsigned char)s[i + 2]);

			if (hi >= 0 && lo >= 0) {
				c = (unsigned char)(hi << 4 | lo);
				i += 2;
			}
		}
		rc = encode_byte(sb, c, 0);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Canonical URI. S3 takes the path verbatim. Everything else removes
 * empty, "." and ".." segments (RFC 3986 5.2.4 plus the duplicate-slash
 * rule), keeps a leading and a trailing '/', and URI-encodes each segment.
 */
static int canonical_uri(struct strbuf *sb, const char *path, int s3)
{
	struct seg {
		const char *s;
		size_t n;
	} *segs = NULL;
	size_t nseg = 0, alloc = 0, len, i;
	const char *p;
	size_t start = sb->len;
	int rc = 0;

	if (!path || !*path)
		return strbuf_addch(sb, '/');
	if (s3)
		return strbuf_adds(sb, path);

	len = strlen(path);
	p = path;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n;

		if (!e)
			e = p + strlen(p);
		n = (size_t)(e - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (nseg)
				nseg--;
		} else if (n && !(n == 1 && p[0] == '.')) {
			ALLOC_GROW(segs, nseg + 1, alloc);
			segs[nseg].s = p;
			segs[nseg].n = n;
			nseg++;
		}
		p = *e ? e + 1 : e;
	}

	if (path[0] == '/') {
		rc = strbuf_addch(sb, '/');
		if (rc)
			goto out;
	}
	for (i = 0; i < nseg; i++) {
		if (i) {
			rc = strbuf_addch(sb, '/');
			if (rc)
				goto out;
		}
		rc = aws_uri_encode(sb, segs[i].s, segs[i].n, 0);
		if (rc)
			goto out;
	}
	if (nseg && path[len - 1] == '/')
		rc = strbuf_addch(sb, '/');
	else if (sb->len == start)
		rc = strbuf_addch(sb, '/');
out:
	free(segs);
	return rc;
}

static int pair_cmp(const void *a, const void *b)
{
	const struct canon_pair *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->value, y->value);
}

/* Canonical query string: see 'query' in aws_sigv4.h. */
static int canonical_query(struct strbuf *sb, const char *query)
{
	struct canon_pair *pairs = NULL;
	size_t npairs = 0, alloc = 0, i;
	struct strbuf kb, vb;
	const char *p = query;
	int rc = 0;

	strbuf_init(&kb, 0);
	strbuf_init(&vb, 0);
	if (!query)
		return 0;
	while (*p) {
		const char *e = strchr(p, '&');
		const char *eq;
		size_t n;

		if (!e)
			e = p + strlen(p);
		n = (size_t)(e - p);
		if (n) {
			eq = memchr(p, '=', n);
			rc = reencode(&kb, p, eq ? (size_t)(eq - p) : n);
			if (!rc && eq)
				rc = reencode(&vb, eq + 1,
					      (size_t)(e - eq - 1));
			if (rc)
				goto out;
			ALLOC_GROW(pairs, npairs + 1, alloc);
			pairs[npairs].key = strbuf_detach(&kb, NULL);
			pairs[npairs].value = strbuf_detach(&vb, NULL);
			npairs++;
		}
		p = *e ? e + 1 : e;
	}
	if (npairs > 1)
		qsort(pairs, npairs, sizeof(*pairs), pair_cmp);
	for (i = 0; i < npairs; i++) {
		rc = strbuf_addf(sb, "%s%s=%s", i ? "&" : "", pairs[i].key,
				 pairs[i].value);
		if (rc)
			goto out;
	}
out:
	for (i = 0; i < npairs; i++) {
		free(pairs[i].key);
		free(pairs[i].value);
	}
	free(pairs);
	strbuf_release(&kb);
	strbuf_release(&vb);
	return rc;
}

static int header_cmp(const void *a, const void *b)
{
	const struct canon_header *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Append 'v' trimmed, with each inner run of whitespace as one space. */
static int add_trimmed(struct strbuf *sb, const char *v)
{
	size_t start = sb->len;
	int pending = 0, rc;

	for (; *v; v++) {
		if (is_space((unsigned char)*v)) {
			pending = 1;
			continue;
		}
		if (pending && sb->len > start) {
			rc = strbuf_addch(sb, ' ');
			if (rc)
				return rc;
		}
		pending = 0;
		rc = strbuf_addch(sb, *v);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Append the canonical header lines (each ending in '\n') to 'sb' and the
 * signed-headers list to 'names'. Headers sort by lower-cased name; equal
 * names keep the caller's order and join with ','.
 */
static int canonical_headers(struct strbuf *sb, struct strbuf *names,
			     const struct sigv4_header *h, size_t n)
{
	struct canon_header *hs = NULL;
	size_t i;
	int rc = 0;

	if (!n)
		return 0;
	hs = xcalloc(n, sizeof(*hs));
	for (i = 0; i < n; i++) {
		char *q;

		hs[i].name = xstrdup(h[i].name);
		for (q = hs[i].name; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
		hs[i].value = h[i].value;
		hs[i].idx = i;
	}
	if (n > 1)
		qsort(hs, n, sizeof(*hs), header_cmp);
	for (i = 0; i < n; i++) {
		if (i && !strcmp(hs[i].name, hs[i - 1].name)) {
			rc = strbuf_addch(sb, ',');
		} else {
			if (i)
				rc = strbuf_addch(sb, '\n');
			if (!rc)
				rc = strbuf_addf(sb, "%s:", hs[i].name);
			if (!rc)
				rc = strbuf_addf(names, "%s%s", i ? ";" : "",
						 hs[i].name);
		}
		if (!rc)
			rc = add_trimmed(sb, hs[i].value);
		if (rc)
			goto out;
	}
	rc = strbuf_addch(sb, '\n');
out:
	for (i = 0; i < n; i++)
		free(hs[i].name);
	free(hs);
	return rc;
}

static int hmac_sha256(const void *key, size_t keylen, const void *data,
		       size_t n, unsigned char out[SHA256_DIGEST_LENGTH])
{
	if (keylen > INT_MAX)
		return IRREADY_EUSAGE;
	hmac_sha256_raw(key, keylen, data, n, out);
	return 0;
}

/* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
 * "aws4_request") into 'key'. */
static int derive_key(const char *secret, size_t secret_len, const char *date,
		      const struct sigv4_params *p,
		      unsigned char key[SHA256_DIGEST_LENGTH])
{
	unsigned char k1[SHA256_DIGEST_LENGTH], k2[SHA256_DIGEST_LENGTH];
	int rc;

	rc = hmac_sha256(secret, secret_len, date, 8, k1);
	if (!rc)
		rc = hmac_sha256(k1, sizeof(k1), p->region, strlen(p->region),
				 k2);
	if (!rc)
		rc = hmac_sha256(k2, sizeof(k2), p->service, strlen(p->service),
				 k1);
	if (!rc)
		rc = hmac_sha256(k1, sizeof(k1), "aws4_request", 12, key);
	OPENSSL_cleanse(k1, sizeof(k1));
	OPENSSL_cleanse(k2, sizeof(k2));
	return rc;
}

#define KEY_CACHE_SLOTS 1024 /* direct-mapped by a hash of the scope */

struct key_slot {
	char scope[128]; /* "AKID/20261128/eu-west-1/ec2" */
	unsigned char secret_id[SHA256_DIGEST_LENGTH];
	unsigned char key[SHA256_DIGEST_LENGTH];
	int used;
};

struct sigv4_key_cache {
	pthread_mutex_t lock;
	unsigned long hits, misses;
	struct key_slot slot[KEY_CACHE_SLOTS];
};

struct sigv4_key_cache *aws_sigv4_key_cache_new(void)
{
	struct sigv4_key_cache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void aws_sigv4_key_cache_free(struct sigv4_key_cache *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

void aws_sigv4_key_cache_stats(struct sigv4_key_cache *c, unsigned long *hits,
			       unsigned long *misses)
{
	pthread_mutex_lock(&c->lock);
	*hits = c->hits;
	*misses = c->misses;
	pthread_mutex_unlock(&c->lock);
}

static size_t scope_slot(const char *scope, const unsigned char *id)
{
	unsigned long h = 5381;

	for (const char *s = scope; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return (h ^ id[0] ^ ((unsigned long)id[1] << 8)) % KEY_CACHE_SLOTS;
}

/*
 * The signing key from 'c' (NULL: none), or derived (and kept there). A
 * slot matches on the scope and on SHA-256("AWS4" + secret).
 */
static int signing_key(const struct sigv4_params *p, const char *date,
		       struct sigv4_key_cache *c,
		       unsigned char key[SHA256_DIGEST_LENGTH])
{
	char *secret = xasprintf("AWS4%s", p->secret_key);
	size_t secret_len = strlen(secret), i = 0;
	unsigned char id[SHA256_DIGEST_LENGTH];
	char scope[sizeof(((struct key_slot *)0)->scope)];
	int rc, n = -1, hit = 0;

	if (c) {
		sha256_raw(secret, secret_len, id);
		n = snprintf(scope, sizeof(scope), "%s/%s/%s/%s", p->access_key,
			     date, p->region, p->service);
	}
	if (n > 0 && (size_t)n < sizeof(scope)) {
		i = scope_slot(scope, id);
		pthread_mutex_lock(&c->lock);
		if (c->slot[i].used && !strcmp(c->slot[i].scope, scope) &&
		    !memcmp(c->slot[i].secret_id, id, sizeof(id))) {
			memcpy(key, c->slot[i].key, SHA256_DIGEST_LENGTH);
			c->hits++;
			hit = 1;
		}
		pthread_mutex_unlock(&c->lock);
	}
	rc = hit ? 0 : derive_key(secret, secret_len, date, p, key);
	if (!rc && !hit && n > 0 && (size_t)n < sizeof(scope)) {
		pthread_mutex_lock(&c->lock);
		memcpy(c->slot[i].scope, scope, (size_t)n + 1);
		memcpy(c->slot[i].secret_id, id, sizeof(id));
		memcpy(c->slot[i].key, key, SHA256_DIGEST_LENGTH);
		c->slot[i].used = 1;
		c->misses++;
		pthread_mutex_unlock(&c->lock);
	}
	OPENSSL_cleanse(secret, secret_len);
	OPENSSL_cleanse(id, sizeof(id));
	free(secret);
	return rc;
}

/* The hex HMAC of 'sts' with the signing key into 'sig'. */
static int compute_signature(const struct sigv4_params *p, const char *date,
			     const char *sts, char sig[65])
{
	unsigned char key[SHA256_DIGEST_LENGTH], mac[SHA256_DIGEST_LENGTH];
	int rc = signing_key(p, date, p->key_cache, key);

	if (!rc)
		rc = hmac_sha256(key, sizeof(key), sts, strlen(sts), mac);
	if (!rc)
		to_hex(mac, sizeof(mac), sig);
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(mac, sizeof(mac));
	return rc;
}

static int params_valid(const struct sigv4_params *p)
{
	size_t i;

	if (!p->access_key || !*p->access_key || !p->secret_key || !p->region ||
	    !*p->region || !p->service || !*p->service || !p->method ||
	    !*p->method)
		return 0;
	if (p->nheaders && !p->headers)
		return 0;
	for (i = 0; i < p->nheaders; i++)
		if (!p->headers[i].name || !*p->headers[i].name ||
		    !p->headers[i].value)
			return 0;
	if (p->body_len && !p->body)
		return 0;
	if (p->payload_hash &&
	    (!*p->payload_hash || strlen(p->payload_hash) > 64))
		return 0;
	return 1;
}

int aws_sigv4_sign(const struct sigv4_params *p, struct sigv4_result *out)
{
	struct strbuf creq, names, sts;
	char amz_date[17], date[9], creq_hash[65];
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&creq, 0);
	strbuf_init(&names, 0);
	strbuf_init(&sts, 0);
	if (!params_valid(p))
		return IRREADY_EUSAGE;
	aws_sigv4_amz_date(p->now, amz_date);
	if (strlen(amz_date) != 16)
		return IRREADY_EUSAGE;
	memcpy(date, amz_date, 8);
	date[8] = '\0';

	if (p->payload_hash)
		snprintf(out->payload_hash, sizeof(out->payload_hash), "%s",
			 p->payload_hash);
	else
		sha256_hex(p->body, p->body_len, out->payload_hash);

	rc = strbuf_addf(&creq, "%s\n", p->method);
	if (!rc)
		rc = canonical_uri(&creq, p->path, p->s3);
	if (!rc)
		rc = strbuf_addch(&creq, '\n');
	if (!rc)
		rc = canonical_query(&creq, p->query);
	if (!rc)
		rc = strbuf_addch(&creq, '\n');
	if (!rc)
		rc = canonical_headers(&creq, &names, p->headers, p->nheaders);
	if (!rc)
		rc = strbuf_addf(&creq, "\n%s\n%s", strbuf_str(&names),
				 out->payload_hash);
	if (rc)
		goto out;

	sha256_hex(creq.buf, creq.len, creq_hash);
	rc = strbuf_addf(&sts,
			 SIGV4_ALGORITHM "\n%s\n%s/%s/%s/aws4_request\n%s",
			 amz_date, date, p->region, p->service, creq_hash);
	if (rc)
		goto out;

	rc = compute_signature(p, date, strbuf_str(&sts), out->signature);
	if (rc)
		goto out;

	out->authorization = xasprintf(
		SIGV4_ALGORITHM " Credential=%s/%s/%s/%s/aws4_request, "
				"SignedHeaders=%s, Signature=%s",
		p->access_key, date, p->region, p->service, strbuf_str(&names),
		out->signature);
	out->canonical_request = strbuf_detach(&creq, NULL);
	out->string_to_sign = strbuf_detach(&sts, NULL);
out:
	strbuf_release(&creq);
	strbuf_release(&names);
	strbuf_release(&sts);
	if (rc)
		aws_sigv4_result_release(out);
	return rc;
}

void aws_sigv4_result_release(struct sigv4_result *r)
{
	free(r->canonical_request);
	free(r->string_to_sign);
	free(r->authorization);
	memset(r, 0, sizeof(*r));
}
