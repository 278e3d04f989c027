/*
 * aws_sigv4.h -- AWS Signature Version 4 (AWS4-HMAC-SHA256) signing
 *
 * A pure signer: no global state, no I/O, no clock (the caller passes the
 * signing time), so it is thread-safe and reproducible. It signs exactly
 * what it is given; the HTTP layer decides which headers go on the wire
 * and must send the same ones. tests/sigv4/ (the AWS suite) and
 * tests/t_sigv4_botocore.py (a differential test against botocore) pin the
 * behaviour.
 *
 * Ownership: every string in 'struct sigv4_params' is borrowed for the
 * call; 'struct sigv4_result' owns its strings until
 * aws_sigv4_result_release().
 */
#ifndef AWS_SIGV4_H
#define AWS_SIGV4_H

#include <stddef.h>
#include <time.h>

struct strbuf;

#define SIGV4_ALGORITHM        "AWS4-HMAC-SHA256"
#define SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"
#define SIGV4_EMPTY_SHA256                                                     \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/*
 * One header as it goes on the wire. Names are case-insensitive; values
 * are trimmed and inner whitespace runs (spaces, tabs, folded line breaks)
 * become one space. Repeated names are joined with ',' in array order.
 */
struct sigv4_header {
	const char *name;
	const char *value;
};

/*
 * Derived signing keys (kSigning: 4 of the 5 HMACs of a signature) per
 * (access key, secret, date, region, service), so that a run signs most
 * requests with one HMAC. Thread-safe (its own lock, held for a lookup or
 * an insert, never while deriving). It holds no secret: SHA-256("AWS4" +
 * secret) tells secrets apart; the keys are day-scoped and cleansed by
 * aws_sigv4_key_cache_free().
 */
struct sigv4_key_cache;

struct sigv4_key_cache *aws_sigv4_key_cache_new(void);
void aws_sigv4_key_cache_free(struct sigv4_key_cache *c);
/* Lookups answered from the cache, and keys derived. */
void aws_sigv4_key_cache_stats(struct sigv4_key_cache *c, unsigned long *hits,
			       unsigned long *misses);

struct sigv4_params {
	const char *access_key;
	const char *secret_key;
	const char *region;  /* credential-scope region */
	const char *service; /* signing name, e.g. "sts", "s3" */
	time_t now;         /* signing time; must match the x-amz-date header */
	const char *method; /* "GET", "POST", ... (used as given) */
	/*
	 * The path exactly as it goes on the wire, i.e. already
	 * percent-encoded once by the caller; NULL or "" means "/". Non-S3:
	 * dot segments and empty segments are removed and the result is
	 * URI-encoded again (botocore's double encoding). S3: used as is.
	 */
	const char *path;
	/*
	 * The raw query string without '?', or NULL. Each key and value is
	 * percent-decoded and re-encoded ('+' is a literal plus, not a
	 * space); pairs are sorted by key, then value; a key without '='
	 * gets an empty value; empty pairs ("a=1&&b=2") are dropped.
	 */
	const char *query;
	/* every header to sign: host, x-amz-date, x-amz-security-token, ... */
	const struct sigv4_header *headers;
	size_t nheaders;
	const void *body; /* may be NULL when body_len is 0 */
	size_t body_len;
	int s3; /* S3 rules: no path normalisation, no second encoding */
	/*
	 * Optional: a precomputed lower-case hex SHA-256 of the body, or
	 * "UNSIGNED-PAYLOAD"; NULL means hash 'body'. At most 64 characters.
	 * (For S3 the caller also sends it as x-amz-content-sha256.)
	 */
	const char *payload_hash;
	/* Optional: derived keys to reuse and fill. */
	struct sigv4_key_cache *key_cache;
};

struct sigv4_result {
	char *canonical_request; /* owned */
	char *string_to_sign;    /* owned */
	char *authorization;     /* owned: the Authorization header value */
	char signature[65];      /* lower-case hex */
	char payload_hash[65];   /* what the canonical request used */
};

/*
 * Sign the request in 'p' into 'out' (which need not be initialised).
 * Returns 0, or IRREADY_EUSAGE for missing or malformed parameters
 * (nothing is allocated then), or IRREADY_ENOMEM. On success release
 * 'out' with aws_sigv4_result_release(). The derived keys are wiped.
 */
int aws_sigv4_sign(const struct sigv4_params *p, struct sigv4_result *out);
/* Free the strings in 'r' and zero it; a zeroed 'r' is a no-op. */
void aws_sigv4_result_release(struct sigv4_result *r);

/*
 * Write 't' as the X-Amz-Date form "20150830T123600Z" into 'buf'; 'buf'
 * is "" when 't' cannot be represented.
 */
void aws_sigv4_amz_date(time_t t, char buf[17]);

/*
 * Append the SigV4 URI encoding of 's' ('n' bytes, may hold NULs) to
 * 'sb': A-Z a-z 0-9 - . _ ~ are kept, '/' is kept when 'keep_slash',
 * every other byte becomes %XX with upper-case hex. Returns 0 or the
 * strbuf error (IRREADY_ENOMEM).
 */
int aws_uri_encode(struct strbuf *sb, const char *s, size_t n, int keep_slash);

#endif
