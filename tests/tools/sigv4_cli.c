/*
 * sigv4_cli.c -- sign JSON-lines requests with aws_sigv4_sign()
 *
 * The C half of tests/t_sigv4_botocore.py. Each stdin line is one request:
 *
 *   {"method", "host", "path", "query", "headers", "body" | "body_b64",
 *    "region", "service", "s3", "unsigned_payload", "access_key",
 *    "secret_key", "session_token", "amz_date": "YYYYMMDDTHHMMSSZ"}
 *
 * "headers" is an object or an array of [name, value] pairs (repeats
 * allowed). The headers are adjusted the way botocore's SigV4Auth and
 * S3SigV4Auth adjust them before signing: Authorization and botocore's
 * never-signed headers (expect, user-agent, x-amzn-trace-id) are dropped,
 * X-Amz-Date is replaced, X-Amz-Security-Token is replaced when there is
 * a token, S3 (and "unsigned_payload") replace X-Amz-Content-SHA256, and
 * host comes from "host" unless a Host header was given. Each request
 * prints one line, {"authorization", "canonical_request",
 * "string_to_sign"}, or {"error"}; the exit status is 1 if any failed.
 */
#include "aws_sigv4.h"
#include "sha256.h"
#include "irready.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#define MAX_HEADERS 256

struct cli_req {
	struct sigv4_header headers[MAX_HEADERS];
	size_t nheaders;
	char *body; /* owned when decoded from body_b64 */
	size_t body_len;
	char payload_hash[65];
};

static const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int json_bool(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static int b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode standard base64 ('=' padding optional) into a new buffer. */
static int b64_decode(const char *s, char **out, size_t *outlen)
{
	size_t n = strlen(s), len = 0;
	unsigned acc = 0;
	int bits = 0;
	char *buf = xmalloc(n / 4 * 3 + 3);

	for (; *s && *s != '='; s++) {
		int v = b64_value((unsigned char)*s);

		if (v < 0) {
			free(buf);
			return -1;
		}
		acc = (acc << 6 | (unsigned)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[len++] = (char)((acc >> bits) & 0xff);
		}
	}
	*out = buf;
	*outlen = len;
	return 0;
}

/* Parse "20150830T123600Z". */
static int parse_amz_date(const char *s, time_t *t)
{
	char iso[32];
	size_t i;

	if (!s || strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z')
		return -1;
	for (i = 0; i < 15; i++)
		if (i != 8 && (s[i] < '0' || s[i] > '9'))
			return -1;
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4,
		 s + 6, s + 9, s + 11, s + 13);
	return parse_iso8601(iso, t);
}

static int is_dropped(const char *name, int s3, int token, int unsigned_pl)
{
	static const char *const always[] = {
		"authorization", "x-amz-date",      "expect",
		"user-agent",    "x-amzn-trace-id",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(always); i++)
		if (!strcasecmp(name, always[i]))
			return 1;
	if (token && !strcasecmp(name, "x-amz-security-token"))
		return 1;
	if ((s3 || unsigned_pl) && !strcasecmp(name, "x-amz-content-sha256"))
		return 1;
	return 0;
}

static int add_header(struct cli_req *r, const char *name, const char *value)
{
	if (r->nheaders == MAX_HEADERS)
		return -1;
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = value;
	r->nheaders++;
	return 0;
}

static const char *find_header(const struct cli_req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

/* Fill 'r' and 'p' from 'req'; returns an error message or NULL. */
static const char *build(const cJSON *req, struct cli_req *r,
			 struct sigv4_params *p)
{
	const cJSON *hdrs = cJSON_GetObjectItemCaseSensitive(req, "headers");
	const cJSON *h;
	const char *token = json_str(req, "session_token");
	const char *amz_date = json_str(req, "amz_date");
	const char *host = json_str(req, "host");
	const char *b64 = json_str(req, "body_b64");
	const char *body = json_str(req, "body");
	const char *sha;
	int s3 = json_bool(req, "s3");
	int unsigned_pl = json_bool(req, "unsigned_payload");

	if (token && !*token)
		token = NULL;
	p->access_key = json_str(req, "access_key");
	p->secret_key = json_str(req, "secret_key");
	p->region = json_str(req, "region");
	p->service = json_str(req, "service");
	p->method = json_str(req, "method");
	p->path = json_str(req, "path");
	p->query = json_str(req, "query");
	p->s3 = s3;
	if (parse_amz_date(amz_date, &p->now))
		return "bad or missing amz_date";

	if (b64) {
		if (b64_decode(b64, &r->body, &r->body_len))
			return "bad body_b64";
		p->body = r->body;
	} else if (body) {
		p->body = body;
		r->body_len = strlen(body);
	}
	p->body_len = r->body_len;

	cJSON_ArrayForEach(h, hdrs)
	{
		const char *name, *value;

		if (cJSON_IsArray(h)) {
			const cJSON *n = cJSON_GetArrayItem(h, 0);
			const cJSON *v = cJSON_GetArrayItem(h, 1);

			name = cJSON_IsString(n) ? n->valuestring : NULL;
			value = cJSON_IsString(v) ? v->valuestring : NULL;
		} else {
			name = h->string;
			value = cJSON_IsString(h) ? h->valuestring : NULL;
		}
		if (!name || !value)
			return "headers must map names to strings";
		if (!strcasecmp(name, "date"))
			return "a Date header is not supported";
		if (is_dropped(name, s3, token != NULL, unsigned_pl))
			continue;
		if (add_header(r, name, value))
			return "too many headers";
	}

	/* botocore: a caller's X-Amz-Content-SHA256 is the payload hash */
	sha = find_header(r, "x-amz-content-sha256");
	if (unsigned_pl)
		sha = SIGV4_UNSIGNED_PAYLOAD;
	else if (s3)
		sha = NULL;
	if (sha) {
		snprintf(r->payload_hash, sizeof(r->payload_hash), "%s", sha);
	} else {
		sha256_hex(p->body, p->body_len, r->payload_hash);
	}
	p->payload_hash = r->payload_hash;

	if (!find_header(r, "host")) {
		if (!host)
			return "missing host";
		if (add_header(r, "host", host))
			return "too many headers";
	}
	if (add_header(r, "X-Amz-Date", amz_date))
		return "too many headers";
	if (token && add_header(r, "X-Amz-Security-Token", token))
		return "too many headers";
	if ((s3 || unsigned_pl) &&
	    add_header(r, "X-Amz-Content-SHA256", r->payload_hash))
		return "too many headers";
	p->headers = r->headers;
	p->nheaders = r->nheaders;
	return NULL;
}

/* Sign one JSON line and print the answer line; returns 0 or -1. */
static int sign_line(const char *line)
{
	struct cli_req r = { 0 };
	struct sigv4_params p = { 0 };
	struct sigv4_result res = { 0 };
	cJSON *req = NULL, *ans = NULL;
	const char *err = NULL;
	char *txt = NULL;
	int rc = -1;

	req = cJSON_Parse(line);
	ans = cJSON_CreateObject();
	if (!req || !cJSON_IsObject(req))
		err = "not a JSON object";
	else
		err = build(req, &r, &p);
	if (!err) {
		int src = aws_sigv4_sign(&p, &res);

		if (src)
			err = irready_strerror(src);
	}
	if (err) {
		cJSON_AddStringToObject(ans, "error", err);
	} else {
		cJSON_AddStringToObject(ans, "authorization",
					res.authorization);
		cJSON_AddStringToObject(ans, "canonical_request",
					res.canonical_request);
		cJSON_AddStringToObject(ans, "string_to_sign",
					res.string_to_sign);
		rc = 0;
	}
	txt = cJSON_PrintUnformatted(ans);
	if (!txt) {
		rc = -1;
		goto out;
	}
	puts(txt);
out:
	free(txt);
	cJSON_Delete(ans);
	cJSON_Delete(req);
	aws_sigv4_result_release(&res);
	free(r.body);
	return rc;
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int failed = 0;

	for (;;) {
		n = getline(&line, &cap, stdin);
		if (n < 0)
			break;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n)
			continue;
		if (sign_line(line))
			failed = 1;
	}
	free(line);
	if (fflush(stdout))
		failed = 1;
	return failed;
}
