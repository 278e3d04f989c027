/*
 * test_sigv4.c -- aws_sigv4.c against the AWS SigV4 test suite
 *
 * Walks tests/sigv4/ (run from the repository root; IRREADY_SIGV4_DIR
 * overrides it), parses each <case>.req, signs it with the suite's fixed
 * credentials and time, and compares the canonical request, the string to
 * sign and the Authorization value as three assertions, so a failure
 * shows the first stage that went wrong. Then a few direct tests of the
 * encoder, the hash and the S3 and query rules the suite does not cover.
 */
#include "aws_sigv4.h"
#include "sha256.h"
#include "irready.h"
#include "strbuf.h"
#include "tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define SUITE_AK     "AKIDEXAMPLE"
#define SUITE_SK     "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SUITE_REGION "us-east-1"
#define SUITE_SVC    "service"
#define SUITE_TIME   "2015-08-30T12:36:00Z"
#define SUITE_CASES  34
#define SHA256_ABC                                                             \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

struct req {
	char *method;
	char *path;
	char *query; /* NULL when the target has no '?' */
	char **names;
	char **values;
	size_t nheaders, alloc_names, alloc_values;
	char *body;
	size_t body_len;
};

static void req_release(struct req *r)
{
	size_t i;

	free(r->method);
	free(r->path);
	free(r->query);
	for (i = 0; i < r->nheaders; i++) {
		free(r->names[i]);
		free(r->values[i]);
	}
	free(r->names);
	free(r->values);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

static void req_add_header(struct req *r, const char *name, size_t nlen,
			   const char *value, size_t vlen)
{
	ALLOC_GROW(r->names, r->nheaders + 1, r->alloc_names);
	ALLOC_GROW(r->values, r->nheaders + 1, r->alloc_values);
	r->names[r->nheaders] = xstrndup(name, nlen);
	r->values[r->nheaders] = xstrndup(value, vlen);
	r->nheaders++;
}

static const char *req_header(const struct req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->names[i], name))
			return r->values[i];
	return NULL;
}

/*
 * Parse a suite .req: "METHOD target HTTP/1.1", "Name:value" lines (a
 * line starting with a space or tab continues the previous value; the
 * line break is kept, the signer folds it), a blank line, the body. The
 * target may hold spaces, so the version is found from the right.
 */
static int req_parse(struct req *r, const char *buf, size_t len)
{
	const char *end = buf + len, *p = buf, *eol, *sp, *ver, *q;
	size_t n;

	memset(r, 0, sizeof(*r));
	eol = memchr(p, '\n', len);
	if (!eol)
		eol = end;
	sp = memchr(p, ' ', (size_t)(eol - p));
	if (!sp)
		return -1;
	r->method = xstrndup(p, (size_t)(sp - p));
	ver = NULL;
	for (q = sp + 1; q + 6 <= eol; q++)
		if (!memcmp(q, " HTTP/", 6))
			ver = q;
	if (!ver)
		ver = eol;
	q = memchr(sp + 1, '?', (size_t)(ver - sp - 1));
	if (q) {
		r->path = xstrndup(sp + 1, (size_t)(q - sp - 1));
		r->query = xstrndup(q + 1, (size_t)(ver - q - 1));
	} else {
		r->path = xstrndup(sp + 1, (size_t)(ver - sp - 1));
	}
	p = eol < end ? eol + 1 : end;

	while (p < end) {
		const char *colon;

		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		n = (size_t)(eol - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (!n) {
			p = eol < end ? eol + 1 : end;
			r->body_len = (size_t)(end - p);
			r->body = xstrndup(p, r->body_len);
			return 0;
		}
		if ((*p == ' ' || *p == '\t') && r->nheaders) {
			char **v = &r->values[r->nheaders - 1];
			char *joined = xasprintf("%s\n%.*s", *v, (int)n, p);

			free(*v);
			*v = joined;
		} else {
			colon = memchr(p, ':', n);
			if (!colon)
				return -1;
			req_add_header(r, p, (size_t)(colon - p), colon + 1,
				       n - (size_t)(colon - p) - 1);
		}
		p = eol < end ? eol + 1 : end;
	}
	return 0;
}

static int read_file(const char *dir, const char *name, const char *ext,
		     struct strbuf *sb)
{
	char *path = xasprintf("%s/%s.%s", dir, name, ext);
	int rc;

	strbuf_init(sb, STRBUF_FIXTURE_MAX);
	rc = strbuf_read_file(sb, path);
	if (rc)
		printf("# cannot read '%s'\n", path);
	free(path);
	return rc;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect every directory under 'dir' that holds <basename>.req. */
static void find_cases(const char *dir, char ***list, size_t *n, size_t *alloc)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		char *sub, *req;

		if (de->d_name[0] == '.')
			continue;
		sub = xasprintf("%s/%s", dir, de->d_name);
		if (stat(sub, &st) || !S_ISDIR(st.st_mode)) {
			free(sub);
			continue;
		}
		req = xasprintf("%s/%s.req", sub, de->d_name);
		if (!stat(req, &st) && S_ISREG(st.st_mode)) {
			ALLOC_GROW(*list, *n + 1, *alloc);
			(*list)[(*n)++] = xstrdup(sub);
		}
		free(req);
		find_cases(sub, list, n, alloc);
		free(sub);
	}
	closedir(d);
}

/*
 * get-vanilla-with-session-token carries its token only in the .creq; add
 * it as botocore's harness does. (post-sts-header-after has none there.)
 */
static void add_token_from_creq(struct req *r, const char *creq)
{
	static const char key[] = "\nx-amz-security-token:";
	const char *t = strstr(creq, key), *e;

	if (!t || req_header(r, "x-amz-security-token"))
		return;
	t += strlen(key);
	e = strchr(t, '\n');
	if (!e)
		e = t + strlen(t);
	req_add_header(r, "X-Amz-Security-Token", 20, t, (size_t)(e - t));
}

static void run_case(const char *dir, time_t now)
{
	const char *name = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	const char *label = dir;
	struct strbuf reqf, creq, sts, authz;
	struct sigv4_header *hs = NULL;
	struct sigv4_result res = { 0 };
	struct sigv4_params p = { 0 };
	struct req r = { 0 };
	size_t i;
	int rc;

	if (!strncmp(dir, "tests/sigv4/", 12))
		label = dir + 12;
	rc = read_file(dir, name, "req", &reqf);
	rc |= read_file(dir, name, "creq", &creq);
	rc |= read_file(dir, name, "sts", &sts);
	rc |= read_file(dir, name, "authz", &authz);
	if (!rc && req_parse(&r, reqf.buf, reqf.len)) {
		printf("# cannot parse %s.req\n", name);
		rc = -1;
	}
	if (!rc) {
		add_token_from_creq(&r, strbuf_str(&creq));
		hs = xcalloc(r.nheaders ? r.nheaders : 1, sizeof(*hs));
		for (i = 0; i < r.nheaders; i++) {
			hs[i].name = r.names[i];
			hs[i].value = r.values[i];
		}
		p.access_key = SUITE_AK;
		p.secret_key = SUITE_SK;
		p.region = SUITE_REGION;
		p.service = SUITE_SVC;
		p.now = now;
		p.method = r.method;
		p.path = r.path;
		p.query = r.query;
		p.headers = hs;
		p.nheaders = r.nheaders;
		p.body = r.body;
		p.body_len = r.body_len;
		rc = aws_sigv4_sign(&p, &res);
		if (rc)
			printf("# %s: sign failed: %s\n", name,
			       irready_strerror(rc));
	}
	is_str(res.canonical_request, rc ? "(setup failed)" : creq.buf,
	       "%s: canonical request", label);
	is_str(res.string_to_sign, rc ? "(setup failed)" : sts.buf,
	       "%s: string to sign", label);
	is_str(res.authorization, rc ? "(setup failed)" : authz.buf,
	       "%s: authorization", label);

	aws_sigv4_result_release(&res);
	free(hs);
	req_release(&r);
	strbuf_release(&reqf);
	strbuf_release(&creq);
	strbuf_release(&sts);
	strbuf_release(&authz);
}

static void test_suite(time_t now)
{
	const char *root = getenv("IRREADY_SIGV4_DIR");
	char **cases = NULL;
	size_t n = 0, alloc = 0, i;

	if (!root)
		root = "tests/sigv4";
	find_cases(root, &cases, &n, &alloc);
	if (n > 1)
		qsort(cases, n, sizeof(*cases), str_cmp);
	is_int(n, SUITE_CASES, "found the suite's cases under %s", root);
	for (i = 0; i < n; i++) {
		run_case(cases[i], now);
		free(cases[i]);
	}
	free(cases);
}

static void test_encode(void)
{
	struct strbuf sb;
	static const char nul[] = "a\0b";

	strbuf_init(&sb, 0);
	aws_uri_encode(&sb, "AZaz09-._~", 10, 0);
	is_str(strbuf_str(&sb), "AZaz09-._~", "uri_encode keeps unreserved");
	strbuf_reset(&sb);
	aws_uri_encode(&sb, "/a b/c", 6, 1);
	is_str(strbuf_str(&sb), "/a%20b/c", "uri_encode keep_slash");
	strbuf_reset(&sb);
	aws_uri_encode(&sb, "/a b/c", 6, 0);
	is_str(strbuf_str(&sb), "%2Fa%20b%2Fc", "uri_encode encodes '/'");
	strbuf_reset(&sb);
	aws_uri_encode(&sb, "+*=&%$!'()", 10, 1);
	is_str(strbuf_str(&sb), "%2B%2A%3D%26%25%24%21%27%28%29",
	       "uri_encode reserved, upper-case hex");
	strbuf_reset(&sb);
	aws_uri_encode(&sb, "\xe1\x88\xb4\xc3\xa9", 5, 0);
	is_str(strbuf_str(&sb), "%E1%88%B4%C3%A9", "uri_encode UTF-8 bytes");
	strbuf_reset(&sb);
	aws_uri_encode(&sb, nul, 3, 0);
	is_str(strbuf_str(&sb), "a%00b", "uri_encode embedded NUL");
	strbuf_release(&sb);
}

static void test_hash_and_date(time_t now)
{
	char hex[65], date[17];

	sha256_hex("", 0, hex);
	is_str(hex, SIGV4_EMPTY_SHA256, "sha256 of the empty string");
	sha256_hex(NULL, 0, hex);
	is_str(hex, SIGV4_EMPTY_SHA256, "sha256 of NULL, 0");
	sha256_hex("abc", 3, hex);
	is_str(hex, SHA256_ABC, "sha256 of 'abc' (FIPS 180-2)");
	{
		unsigned char raw[SHA256_RAW_LEN];

		sha256_raw("abc", 3, raw);
		ok(raw[0] == 0xba && raw[1] == 0x78 && raw[31] == 0xad,
		   "sha256_raw of 'abc': the same digest, as bytes");
	}
	aws_sigv4_amz_date(now, date);
	is_str(date, "20150830T123600Z", "amz date");
	aws_sigv4_amz_date(0, date);
	is_str(date, "19700101T000000Z", "amz date of the epoch");
}

/* Sign a GET with only a host header; returns the canonical request. */
static char *sign_simple(time_t now, const char *path, const char *query,
			 int s3, const char *payload_hash)
{
	struct sigv4_header h[] = { { "Host", "example.amazonaws.com" } };
	struct sigv4_params p = { 0 };
	struct sigv4_result res;
	char *creq = NULL;

	p.access_key = SUITE_AK;
	p.secret_key = SUITE_SK;
	p.region = SUITE_REGION;
	p.service = s3 ? "s3" : SUITE_SVC;
	p.now = now;
	p.method = "GET";
	p.path = path;
	p.query = query;
	p.headers = h;
	p.nheaders = ARRAY_SIZE(h);
	p.s3 = s3;
	p.payload_hash = payload_hash;
	if (aws_sigv4_sign(&p, &res))
		return xstrdup("(sign failed)");
	creq = res.canonical_request;
	res.canonical_request = NULL;
	aws_sigv4_result_release(&res);
	return creq;
}

#define CREQ_TAIL "\nhost:example.amazonaws.com\n\nhost\n" SIGV4_EMPTY_SHA256

static void test_rules(time_t now)
{
	struct sigv4_params p = { 0 };
	struct sigv4_result res;
	char *s;

	s = sign_simple(now, "/a%20b/./c//d/../e%2Fx", NULL, 0, NULL);
	is_str(s, "GET\n/a%2520b/c/e%252Fx\n" CREQ_TAIL,
	       "non-S3 path: normalised, then encoded a second time");
	free(s);
	s = sign_simple(now, "/bucket/a%20b//c/../d/", NULL, 1, NULL);
	is_str(s, "GET\n/bucket/a%20b//c/../d/\n" CREQ_TAIL,
	       "S3 path: verbatim");
	free(s);
	s = sign_simple(now, "", NULL, 0, NULL);
	is_str(s, "GET\n/\n" CREQ_TAIL, "empty path is '/'");
	free(s);
	s = sign_simple(now, "/a/b/../..", NULL, 0, NULL);
	is_str(s, "GET\n/\n" CREQ_TAIL, "path that normalises away is '/'");
	free(s);
	s = sign_simple(now, "/", "b=2&a=1&a=0&&c&d=%7e+x&e=%zz%4", 0, NULL);
	is_str(s, "GET\n/\na=0&a=1&b=2&c=&d=~%2Bx&e=%25zz%254" CREQ_TAIL,
	       "query: sorted, re-encoded, bare key, empty pair dropped");
	free(s);
	s = sign_simple(now, "/", "Param=b&Param-3=a", 0, NULL);
	is_str(s, "GET\n/\nParam=b&Param-3=a" CREQ_TAIL,
	       "query sorts by key before value");
	free(s);
	s = sign_simple(now, "/", NULL, 1, SIGV4_UNSIGNED_PAYLOAD);
	is_str(s,
	       "GET\n/\n\nhost:example.amazonaws.com\n\nhost\n"
	       "UNSIGNED-PAYLOAD",
	       "precomputed payload hash");
	free(s);

	p.access_key = SUITE_AK;
	p.region = SUITE_REGION;
	p.service = SUITE_SVC;
	p.method = "GET";
	is_int(aws_sigv4_sign(&p, &res), IRREADY_EUSAGE,
	       "missing secret key is a usage error");
	ok(!res.authorization && !res.canonical_request,
	   "nothing allocated on error");
	aws_sigv4_result_release(&res);
}

int main(void)
{
	time_t now;

	if (parse_iso8601(SUITE_TIME, &now)) {
		printf("Bail out! cannot parse %s\n", SUITE_TIME);
		return 1;
	}
	test_suite(now);
	test_encode();
	test_hash_and_date(now);
	test_rules(now);
	return done_testing();
}
