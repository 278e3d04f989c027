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
#include <stdarg.h>
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

/*
 * Append the NULL-terminated list of strings to 'sb'. Signing runs once
 * per request: plain copies here instead of printf-style formatting,
 * which cost more than the hashing (callgrind, bench/history.md).
 */
static int cat(struct strbuf *sb, ...)
{
	va_list ap;
	const char *s;
	int rc = 0;

	va_start(ap, sb);
	while (!rc && (s = va_arg(ap, const char *)))
		rc = strbuf_add(sb, s, strlen(s));
	va_end(ap);
	return rc;
}

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
		rc = cat(sb, i ? "&" : "", pairs[i].key, "=", pairs[i].value,
			 (char *)NULL);
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

/*
 * Append 'v' trimmed, with each inner run of whitespace as one space;
 * the runs between are copied whole.
 */
static int add_trimmed(struct strbuf *sb, const char *v)
{
	int first = 1, rc;

	for (;;) {
		size_t n;

		while (*v && is_space((unsigned char)*v))
			v++;
		if (!*v)
			return 0;
		for (n = 0; v[n] && !is_space((unsigned char)v[n]); n++)
			;
		if (!first) {
			rc = strbuf_addch(sb, ' ');
			if (rc)
				return rc;
		}
		rc = strbuf_add(sb, v, n);
		if (rc)
			return rc;
		first = 0;
		v += n;
	}
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
				rc = cat(sb, hs[i].name, ":", (char *)NULL);
			if (!rc)
				rc = cat(names, i ? ";" : "", hs[i].name,
					 (char *)NULL);
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

/* kRegion = HMAC(HMAC("AWS4" + secret, date), region) into 'k2'. */
static int derive_region_key(const char *secret, size_t secret_len,
			     const char *date, const char *region,
			     unsigned char k2[SHA256_DIGEST_LENGTH])
{
	unsigned char k1[SHA256_DIGEST_LENGTH];
	int rc = hmac_sha256(secret, secret_len, date, 8, k1);

	if (!rc)
		rc = hmac_sha256(k1, sizeof(k1), region, strlen(region), k2);
	OPENSSL_cleanse(k1, sizeof(k1));
	return rc;
}

/* kSigning = HMAC(HMAC(kRegion, service), "aws4_request") into 'key'. */
static int derive_service_key(const unsigned char k2[SHA256_DIGEST_LENGTH],
			      const char *service,
			      unsigned char key[SHA256_DIGEST_LENGTH])
{
	unsigned char k3[SHA256_DIGEST_LENGTH];
	int rc = hmac_sha256(k2, SHA256_DIGEST_LENGTH, service, strlen(service),
			     k3);

	if (!rc)
		rc = hmac_sha256(k3, sizeof(k3), "aws4_request", 12, key);
	OPENSSL_cleanse(k3, sizeof(k3));
	return rc;
}

/*
 * Direct-mapped by a hash of the scope: signing keys per (key, day,
 * region, service), and the region keys they derive from per (key, day,
 * region), so a new service in a known region costs two HMACs, not four
 * (an Organization's audit asks each of its ~560 (region, service)
 * scopes per account only two or three times). 256 region slots
 * already answer 94 % of the region lookups at 64 accounts in flight x
 * 17 regions (2048 slots: 96 %).
 */
#define KEY_CACHE_SLOTS    1024
#define REGION_CACHE_SLOTS 256

struct key_slot {
	char scope[128]; /* "AKID/20261128/eu-west-1/ec2" or ".../eu-west-1" */
	unsigned char secret_id[SHA256_DIGEST_LENGTH];
	unsigned char key[SHA256_DIGEST_LENGTH];
	int used;
};

struct sigv4_key_cache {
	pthread_mutex_t lock;
	unsigned long hits, misses;
	struct key_slot slot[KEY_CACHE_SLOTS];
	struct key_slot region[REGION_CACHE_SLOTS];
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

static size_t scope_slot(const char *scope, const unsigned char *id,
			 size_t nslots)
{
	unsigned long h = 5381;

	for (const char *s = scope; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return (h ^ id[0] ^ ((unsigned long)id[1] << 8)) % nslots;
}

/* "AKID/20261128/eu-west-1/ec2" into 'buf': its length, or -1 if too long. */
static int scope_string(char *buf, size_t size, const struct sigv4_params *p,
			const char *date)
{
	const char *part[] = { p->access_key, date, p->region, p->service };
	size_t n = 0;

	for (size_t i = 0; i < 4; i++) {
		size_t k = strlen(part[i]);

		if (i)
			buf[n++] = '/';
		if (n + k + 1 > size || n + k + 1 > INT_MAX)
			return -1;
		memcpy(buf + n, part[i], k);
		n += k;
	}
	buf[n] = '\0';
	return (int)n;
}

/* The key of 'scope' and 'id' in 'slots' into 'key': 1, or 0 if none. */
static int slot_get(struct key_slot *slots, size_t nslots, const char *scope,
		    const unsigned char *id,
		    unsigned char key[SHA256_DIGEST_LENGTH])
{
	struct key_slot *s = &slots[scope_slot(scope, id, nslots)];

	if (!s->used || strcmp(s->scope, scope) ||
	    memcmp(s->secret_id, id, SHA256_DIGEST_LENGTH))
		return 0;
	memcpy(key, s->key, SHA256_DIGEST_LENGTH);
	return 1;
}

static void slot_put(struct key_slot *slots, size_t nslots, const char *scope,
		     const unsigned char *id,
		     const unsigned char key[SHA256_DIGEST_LENGTH])
{
	struct key_slot *s = &slots[scope_slot(scope, id, nslots)];
	size_t n = strlen(scope);

	if (n >= sizeof(s->scope))
		return;
	memcpy(s->scope, scope, n + 1);
	memcpy(s->secret_id, id, SHA256_DIGEST_LENGTH);
	memcpy(s->key, key, SHA256_DIGEST_LENGTH);
	s->used = 1;
}

/*
 * The signing key for 'scope' (NULL: no cache) from 'c', or derived from
 * the cached region key, or from the secret; whatever was derived is kept
 * in 'c'. Slots match on the scope and on SHA-256("AWS4" + secret).
 */
static int cached_key(const struct sigv4_params *p, const char *date,
		      const char *secret, size_t secret_len, char *scope,
		      struct sigv4_key_cache *c,
		      unsigned char key[SHA256_DIGEST_LENGTH])
{
	unsigned char id[SHA256_DIGEST_LENGTH], k2[SHA256_DIGEST_LENGTH];
	char *cut = scope ? strrchr(scope, '/') : NULL;
	int rc, have = 0;

	if (!scope) {
		rc = derive_region_key(secret, secret_len, date, p->region, k2);
		if (!rc)
			rc = derive_service_key(k2, p->service, key);
		OPENSSL_cleanse(k2, sizeof(k2));
		return rc;
	}
	sha256_raw(secret, secret_len, id);
	pthread_mutex_lock(&c->lock);
	if (slot_get(c->slot, KEY_CACHE_SLOTS, scope, id, key)) {
		c->hits++;
		pthread_mutex_unlock(&c->lock);
		OPENSSL_cleanse(id, sizeof(id));
		return 0;
	}
	*cut = '\0'; /* the region's scope: "AKID/20261128/eu-west-1" */
	have = slot_get(c->region, REGION_CACHE_SLOTS, scope, id, k2);
	pthread_mutex_unlock(&c->lock);
	rc = have ? 0
		  : derive_region_key(secret, secret_len, date, p->region, k2);
	if (!rc)
		rc = derive_service_key(k2, p->service, key);
	if (!rc) {
		pthread_mutex_lock(&c->lock);
		if (!have)
			slot_put(c->region, REGION_CACHE_SLOTS, scope, id, k2);
		*cut = '/';
		slot_put(c->slot, KEY_CACHE_SLOTS, scope, id, key);
		c->misses++;
		pthread_mutex_unlock(&c->lock);
	}
	OPENSSL_cleanse(id, sizeof(id));
	OPENSSL_cleanse(k2, sizeof(k2));
	return rc;
}

/* The signing key of 'p' on 'date', through p->key_cache when there is one. */
static int signing_key(const struct sigv4_params *p, const char *date,
		       unsigned char key[SHA256_DIGEST_LENGTH])
{
	size_t secret_len = 4 + strlen(p->secret_key);
	char *secret = xmalloc(secret_len + 1);
	char scope[sizeof(((struct key_slot *)0)->scope)];
	int use =
		p->key_cache && scope_string(scope, sizeof(scope), p, date) > 0;
	int rc;

	memcpy(secret, "AWS4", 4);
	memcpy(secret + 4, p->secret_key, secret_len - 4 + 1);
	rc = cached_key(p, date, secret, secret_len, use ? scope : NULL,
			p->key_cache, key);
	OPENSSL_cleanse(secret, secret_len);
	free(secret);
	return rc;
}

/* The hex HMAC of 'sts' with the signing key into 'sig'. */
static int compute_signature(const struct sigv4_params *p, const char *date,
			     const char *sts, char sig[65])
{
	unsigned char key[SHA256_DIGEST_LENGTH], mac[SHA256_DIGEST_LENGTH];
	int rc = signing_key(p, date, key);

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
	struct strbuf creq, names, sts, auth;
	char amz_date[17], date[9], creq_hash[65];
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&creq, 0);
	strbuf_init(&names, 0);
	strbuf_init(&sts, 0);
	strbuf_init(&auth, 0);
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

	rc = cat(&creq, p->method, "\n", (char *)NULL);
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
		rc = cat(&creq, "\n", strbuf_str(&names), "\n",
			 out->payload_hash, (char *)NULL);
	if (rc)
		goto out;

	sha256_hex(creq.buf, creq.len, creq_hash);
	rc = cat(&sts, SIGV4_ALGORITHM "\n", amz_date, "\n", date, "/",
		 p->region, "/", p->service, "/aws4_request\n", creq_hash,
		 (char *)NULL);
	if (rc)
		goto out;

	rc = compute_signature(p, date, strbuf_str(&sts), out->signature);
	if (rc)
		goto out;

	rc = cat(&auth, SIGV4_ALGORITHM " Credential=", p->access_key, "/",
		 date, "/", p->region, "/", p->service,
		 "/aws4_request, SignedHeaders=", strbuf_str(&names),
		 ", Signature=", out->signature, (char *)NULL);
	if (rc)
		goto out;
	out->authorization = strbuf_detach(&auth, NULL);
	out->canonical_request = strbuf_detach(&creq, NULL);
	out->string_to_sign = strbuf_detach(&sts, NULL);
out:
	strbuf_release(&creq);
	strbuf_release(&names);
	strbuf_release(&sts);
	strbuf_release(&auth);
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
