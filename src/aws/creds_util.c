/*
 * creds_util.c -- what the credential providers share: secret hygiene,
 * small files, URL splitting, the credential-agent request, JSON answers
 *
 * See creds_internal.h. Secrets pass through strbufs, HTTP bodies and
 * cJSON trees; the creds_wipe_* helpers cleanse each before it is freed.
 */
#include "creds_internal.h"
#include "aws_json.h"
#include "irready.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

/* Plain-http hosts of the instance and container credential agents. */
static const char *const metadata_hosts[] = {
	"169.254.169.254", "fd00:ec2::254", /* EC2 IMDS */
	ECS_HOST,                           /* ECS agent */
	"169.254.170.23",  "fd00:ec2::23",  /* EKS Pod Identity agent */
};

const char *const creds_agent_names[4] = { "AccessKeyId", "SecretAccessKey",
					   "Token", "Expiration" };

const char *creds_getenv(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

void creds_free_secret(char *s)
{
	if (!s)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}

void creds_wipe_strbuf(struct strbuf *sb)
{
	if (sb->buf)
		OPENSSL_cleanse(sb->buf, sb->alloc);
	strbuf_release(sb);
}

void creds_wipe_response(struct aws_response *resp)
{
	creds_wipe_strbuf(&resp->body);
	aws_response_release(resp);
}

/* Wipe every string in 'j' (cJSON owns them) before cJSON_Delete(). */
void creds_wipe_json(cJSON *j)
{
	for (cJSON *c = j; c; c = c->next) {
		if (c->valuestring)
			OPENSSL_cleanse(c->valuestring, strlen(c->valuestring));
		if (c->child)
			creds_wipe_json(c->child);
	}
}

void aws_creds_release(struct aws_creds *c)
{
	if (!c)
		return;
	free(c->access_key);
	creds_free_secret(c->secret_key);
	creds_free_secret(c->session_token);
	memset(c, 0, sizeof(*c));
}

void creds_set(struct aws_creds *c, const char *ak, const char *sk,
	       const char *token, time_t expiration, const char *source)
{
	c->access_key = xstrdup(ak);
	c->secret_key = xstrdup(sk);
	c->session_token = token && *token ? xstrdup(token) : NULL;
	c->expiration = expiration;
	c->source = source;
}

void creds_copy(struct aws_creds *dst, const struct aws_creds *src)
{
	creds_set(dst, src->access_key, src->secret_key, src->session_token,
		  src->expiration, src->source);
}

void creds_err_prefix(struct aws_error *err, const char *fmt, ...)
{
	char *old = xstrdup(err->message);
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	snprintf(err->message, sizeof(err->message), "%s: %s", strbuf_str(&sb),
		 old);
	strbuf_release(&sb);
	free(old);
}

/* The first line of 's', control characters dropped, at most 'n'-1 bytes. */
void creds_first_line(const char *s, char *buf, size_t n)
{
	size_t j = 0;

	for (; *s && *s != '\n' && j + 1 < n; s++)
		if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf[j++] = *s;
	buf[j] = '\0';
}

void creds_trim_end(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* Read a small file into 'sb' (capped); 0, or IRREADY_EIO / ENOMEM. */
int creds_read_file(struct strbuf *sb, const char *path, size_t max)
{
	strbuf_init(sb, max);
	return strbuf_read_file(sb, path);
}

/* Expand a leading "~/" from HOME; caller frees. */
char *creds_expand_home(const char *path)
{
	const char *home = creds_getenv("HOME");

	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

int creds_url_split(const char *url, struct creds_url *u)
{
	const char *h, *end, *port = NULL, *dflt;
	size_t hn, alen;

	if (!strncasecmp(url, "https://", 8)) {
		u->https = 1;
		h = url + 8;
	} else if (!strncasecmp(url, "http://", 7)) {
		u->https = 0;
		h = url + 7;
	} else {
		return -1;
	}
	dflt = u->https ? "443" : "80";
	end = h + strcspn(h, "/?#");
	if (*h == '[') {
		const char *rb = memchr(h, ']', (size_t)(end - h));

		if (!rb)
			return -1;
		hn = (size_t)(rb - h - 1);
		if (hn >= sizeof(u->host))
			return -1;
		memcpy(u->host, h + 1, hn);
		if (rb + 1 < end && rb[1] == ':')
			port = rb + 2;
	} else {
		const char *colon = memchr(h, ':', (size_t)(end - h));

		hn = (size_t)((colon ? colon : end) - h);
		if (hn >= sizeof(u->host))
			return -1;
		memcpy(u->host, h, hn);
		if (colon)
			port = colon + 1;
	}
	u->host[hn] = '\0';
	if (!hn)
		return -1;
	alen = (size_t)(end - h);
	if (port && (size_t)(end - port) == strlen(dflt) &&
	    !strncmp(port, dflt, strlen(dflt)))
		alen = (size_t)(port - 1 - h); /* the default port is implied */
	if (alen >= sizeof(u->host_hdr))
		return -1;
	memcpy(u->host_hdr, h, alen);
	u->host_hdr[alen] = '\0';
	u->path = end;
	return 0;
}

int creds_is_metadata_host(const char *host)
{
	for (size_t i = 0; i < ARRAY_SIZE(metadata_hosts); i++)
		if (!strcasecmp(host, metadata_hosts[i]))
			return 1;
	return 0;
}

/*
 * These agents speak plain http on link-local addresses, allowed for
 * exactly those hosts (and anywhere with --allow-insecure-http).
 */
int creds_agent_perform(const struct http_request *r, int attempts,
			int allow_plain, struct aws_response *resp,
			struct aws_error *err)
{
	struct http_request req = *r;
	const char *h = strstr(r->url, "://");
	char host[64];
	size_t n;
	int rc = IRREADY_EHTTP;

	req.allow_plain = allow_plain;
	h = h ? h + 3 : r->url;
	if (*h == '[') {
		h++;
		n = strcspn(h, "]");
	} else {
		n = strcspn(h, ":/?");
	}
	if (n < sizeof(host)) {
		memcpy(host, h, n);
		host[n] = '\0';
		req.allow_plain |= creds_is_metadata_host(host);
	}
	for (int i = 0; i < attempts; i++) {
		creds_wipe_response(resp);
		aws_response_init(resp);
		rc = aws_http_perform(&req, resp, err);
		if (rc && !strcmp(err->code, "InsecureEndpoint"))
			break;
		if (!rc && resp->status < 500)
			break;
	}
	return rc;
}

int creds_from_json(const cJSON *o, const char *const n[4], int ms,
		    const char *source, struct aws_creds *out)
{
	const char *ak = ajson_get(o, n[0]), *sk = ajson_get(o, n[1]);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, n[3]);
	time_t exp = 0;

	if (!ak || !*ak || !sk || !*sk)
		return -1;
	if (cJSON_IsString(e)) {
		if (parse_iso8601(e->valuestring, &exp))
			return -1;
	} else if (cJSON_IsNumber(e)) {
		if (!(e->valuedouble > 0 && e->valuedouble < 1e15))
			return -1;
		exp = (time_t)(ms ? e->valuedouble / 1000 : e->valuedouble);
	} else if (e && !cJSON_IsNull(e)) {
		return -1;
	}
	creds_set(out, ak, sk, ajson_get(o, n[2]), exp, source);
	return 0;
}
