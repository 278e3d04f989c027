/*
 * aws_creds.c -- the credential chain: environment, shared files, STS,
 * SSO, credential_process, container and EC2 IMDS (see aws_creds.h)
 *
 * aws_creds_provider_new() reads the environment and the shared files once
 * and builds a small plan: a chain of 'struct src' nodes, the top one
 * giving the credentials and each assume-role node pointing at the node
 * its base credentials come from. aws_creds_get() walks the chain under
 * the provider's mutex and fetches any node whose credentials are missing
 * or expire within five minutes. The exchanges go through
 * aws_http_perform(); the STS form is signed here with aws_sigv4_sign().
 * Everything that held a secret (file text, response bodies, parsed JSON
 * strings, our copies) is cleansed before it is freed.
 */
#include "aws_creds.h"
#include "aws.h"
#include "aws_http.h"
#include "aws_json.h"
#include "aws_sigv4.h"
#include "aws_xml.h"
#include "irready.h"
#include "strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#define REFRESH_WINDOW   300 /* seconds before expiry that trigger a refresh */
#define PROCESS_OUT_MAX  ((size_t)64 << 10)
#define PROCESS_ERR_MAX  ((size_t)4 << 10)
#define TOKEN_FILE_MAX   ((size_t)64 << 10)
#define CONFIG_FILE_MAX  ((size_t)4 << 20)
#define CREDS_BODY_MAX   ((size_t)1 << 20)
#define MAX_CHAIN        32
#define ECS_HOST         "169.254.170.2"
#define IMDS_V4          "http://169.254.169.254"
#define IMDS_V6          "http://[fd00:ec2::254]"
#define IMDS_TOKEN_TTL   "21600"
#define STS_VERSION      "2011-06-15"
#define STS_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"

/* Plain-http hosts of the instance and container credential agents. */
static const char *const metadata_hosts[] = {
	"169.254.169.254", "fd00:ec2::254", /* EC2 IMDS */
	ECS_HOST,                           /* ECS agent */
	"169.254.170.23",  "fd00:ec2::23",  /* EKS Pod Identity agent */
};

/* Helpers */

static const char *env_get(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static void free_secret(char *s)
{
	if (!s)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}

static void wipe_strbuf(struct strbuf *sb)
{
	if (sb->buf)
		OPENSSL_cleanse(sb->buf, sb->alloc);
	strbuf_release(sb);
}

static void wipe_response(struct aws_response *resp)
{
	wipe_strbuf(&resp->body);
	aws_response_release(resp);
}

/* Wipe every string in 'j' (cJSON owns them) before cJSON_Delete(). */
static void wipe_json(cJSON *j)
{
	for (cJSON *c = j; c; c = c->next) {
		if (c->valuestring)
			OPENSSL_cleanse(c->valuestring, strlen(c->valuestring));
		if (c->child)
			wipe_json(c->child);
	}
}

void aws_creds_release(struct aws_creds *c)
{
	if (!c)
		return;
	free(c->access_key);
	free_secret(c->secret_key);
	free_secret(c->session_token);
	memset(c, 0, sizeof(*c));
}

static void creds_set(struct aws_creds *c, const char *ak, const char *sk,
		      const char *token, time_t expiration, const char *source)
{
	c->access_key = xstrdup(ak);
	c->secret_key = xstrdup(sk);
	c->session_token = token && *token ? xstrdup(token) : NULL;
	c->expiration = expiration;
	c->source = source;
}

static void creds_copy(struct aws_creds *dst, const struct aws_creds *src)
{
	creds_set(dst, src->access_key, src->secret_key, src->session_token,
		  src->expiration, src->source);
}

static time_t clock_time(void)
{
	return time(NULL);
}

/* Replace 'err->message' by "<prefix>: <message>". */
static void err_prefix(struct aws_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void err_prefix(struct aws_error *err, const char *fmt, ...)
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
static void first_line(const char *s, char *buf, size_t n)
{
	size_t j = 0;

	for (; *s && *s != '\n' && j + 1 < n; s++)
		if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf[j++] = *s;
	buf[j] = '\0';
}

static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* Read a small file into 'sb' (capped); 0, or IRREADY_EIO / ENOMEM. */
static int read_small_file(struct strbuf *sb, const char *path, size_t max)
{
	strbuf_init(sb, max);
	return strbuf_read_file(sb, path);
}

/* Expand a leading "~/" from HOME; caller frees. */
static char *expand_home(const char *path)
{
	const char *home = env_get("HOME");

	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

/* INI files, as configparser reads them */

struct ini_kv {
	char *key;   /* lower-cased */
	char *value; /* may be a secret: cleansed on free */
};

struct ini_section {
	char *name; /* the text between the brackets, trimmed */
	struct ini_kv *kv;
	size_t n, alloc;
};

struct ini {
	struct ini_section *sec;
	size_t n, alloc;
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	trim_end(s);
	return s;
}

static void ini_release(struct ini *ini)
{
	for (size_t i = 0; i < ini->n; i++) {
		struct ini_section *s = &ini->sec[i];

		for (size_t j = 0; j < s->n; j++) {
			free(s->kv[j].key);
			free_secret(s->kv[j].value);
		}
		free(s->kv);
		free(s->name);
	}
	free(ini->sec);
	memset(ini, 0, sizeof(*ini));
}

/*
 * Parse 'data' (modified in place) into 'ini'. Errors name the file and
 * the line number, never the line (it may hold a key).
 */
static int ini_parse(struct ini *ini, const char *path, char *data,
		     struct aws_error *err)
{
	struct ini_section *cur = NULL;
	struct ini_kv *last = NULL;
	char *line, *next;
	int lineno = 0;

	for (line = data; line; line = next) {
		char *s, *sep, *key;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		trim_end(line);
		s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s) {
			last = NULL;
			continue;
		}
		if (*s == '#' || *s == ';')
			continue;
		if (s != line && last) {
			/* an indented line continues the value */
			char *v = xasprintf("%s\n%s", last->value, s);

			free_secret(last->value);
			last->value = v;
			continue;
		}
		if (*s == '[') {
			char *end = strrchr(s, ']');

			if (!end) {
				aws_error_set(err, IRREADY_EUSAGE,
					      "InvalidConfig",
					      "cannot parse '%s' line %d: "
					      "unterminated section header",
					      path, lineno);
				return IRREADY_EUSAGE;
			}
			*end = '\0';
			ALLOC_GROW(ini->sec, ini->n + 1, ini->alloc);
			cur = &ini->sec[ini->n++];
			memset(cur, 0, sizeof(*cur));
			cur->name = xstrdup(trim(s + 1));
			last = NULL;
			continue;
		}
		sep = s + strcspn(s, "=:");
		if (!cur || !*sep) {
			aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
				      "cannot parse '%s' line %d: %s", path,
				      lineno,
				      cur ? "expected 'key = value'"
					  : "setting outside a [section]");
			return IRREADY_EUSAGE;
		}
		*sep = '\0';
		key = trim(s);
		for (char *k = key; *k; k++)
			*k = (char)tolower((unsigned char)*k);
		ALLOC_GROW(cur->kv, cur->n + 1, cur->alloc);
		last = &cur->kv[cur->n++];
		last->key = xstrdup(key);
		last->value = xstrdup(trim(sep + 1));
	}
	return 0;
}

/* Load 'path' into 'ini'; a missing file is an empty one. */
static int ini_load(struct ini *ini, const char *path, struct aws_error *err)
{
	struct strbuf sb;
	struct stat st;
	int rc;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	rc = read_small_file(&sb, path, CONFIG_FILE_MAX);
	if (rc) {
		aws_error_set(err, IRREADY_EIO, "InvalidConfig",
			      "cannot read '%s': %s", path,
			      rc == IRREADY_ENOMEM ? "file too large"
						   : strerror(errno));
		rc = IRREADY_EIO;
		goto out;
	}
	if (sb.len)
		rc = ini_parse(ini, path, sb.buf, err);
out:
	wipe_strbuf(&sb);
	return rc;
}

/* The last value of 'key' in 's', NULL when absent or empty. */
static const char *ini_get(const struct ini_section *s, const char *key)
{
	const char *v = NULL;

	if (!s)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->kv[i].key, key))
			v = s->kv[i].value;
	return v && *v ? v : NULL;
}

/*
 * Whether config section 'sec' is "<kind> <name>" for 'name', where the
 * name may be quoted (botocore splits the header with shlex).
 */
static int section_is(const char *sec, const char *kind, const char *name)
{
	size_t k = strlen(kind), n = strlen(name);
	const char *p = sec + k;

	if (strncmp(sec, kind, k) || !isspace((unsigned char)*p))
		return 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '"' || *p == '\'')
		return !strncmp(p + 1, name, n) && p[n + 1] == *p && !p[n + 2];
	return !strcmp(p, name) && !strpbrk(name, " \t");
}

struct cfg {
	struct ini creds, config;
	char *creds_path, *config_path;
};

static const struct ini_section *cfg_config_profile(const struct cfg *c,
						    const char *name)
{
	const struct ini_section *found = NULL;

	for (size_t i = 0; i < c->config.n; i++) {
		const char *s = c->config.sec[i].name;

		if ((!strcmp(name, "default") && !strcmp(s, "default")) ||
		    section_is(s, "profile", name))
			found = &c->config.sec[i];
	}
	return found;
}

static const struct ini_section *cfg_creds_profile(const struct cfg *c,
						   const char *name)
{
	const struct ini_section *found = NULL;

	for (size_t i = 0; i < c->creds.n; i++)
		if (!strcmp(c->creds.sec[i].name, name))
			found = &c->creds.sec[i];
	return found;
}

static const struct ini_section *cfg_sso_session(const struct cfg *c,
						 const char *name)
{
	const struct ini_section *found = NULL;

	for (size_t i = 0; i < c->config.n; i++)
		if (section_is(c->config.sec[i].name, "sso-session", name))
			found = &c->config.sec[i];
	return found;
}

/* A profile setting: the credentials file wins over the config file. */
static const char *prof_get(const struct cfg *c, const char *profile,
			    const char *key)
{
	const char *v = ini_get(cfg_creds_profile(c, profile), key);

	return v ? v : ini_get(cfg_config_profile(c, profile), key);
}

static int prof_exists(const struct cfg *c, const char *profile)
{
	return cfg_creds_profile(c, profile) || cfg_config_profile(c, profile);
}

static int prof_has_static(const struct cfg *c, const char *profile)
{
	return prof_get(c, profile, "aws_access_key_id") ||
	       prof_get(c, profile, "aws_secret_access_key");
}

static int prof_has_role(const struct cfg *c, const char *profile)
{
	return prof_get(c, profile, "role_arn") &&
	       !prof_get(c, profile, "web_identity_token_file");
}

static void cfg_release(struct cfg *c)
{
	ini_release(&c->creds);
	ini_release(&c->config);
	free(c->creds_path);
	free(c->config_path);
}

static int cfg_load(struct cfg *c, struct aws_error *err)
{
	const char *cp = env_get("AWS_SHARED_CREDENTIALS_FILE");
	const char *fp = env_get("AWS_CONFIG_FILE");
	int rc;

	c->creds_path = expand_home(cp ? cp : "~/.aws/credentials");
	c->config_path = expand_home(fp ? fp : "~/.aws/config");
	rc = ini_load(&c->creds, c->creds_path, err);
	if (!rc)
		rc = ini_load(&c->config, c->config_path, err);
	return rc;
}

/* URLs and HTTP */

struct url_parts {
	char host[256];     /* bare host, IPv6 without brackets */
	char host_hdr[300]; /* Host header: host[:port], no default port */
	const char *path;   /* into the URL: "/..." or "" */
	int https;
};

static int url_split(const char *url, struct url_parts *u)
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

static int is_metadata_host(const char *host)
{
	for (size_t i = 0; i < ARRAY_SIZE(metadata_hosts); i++)
		if (!strcasecmp(host, metadata_hosts[i]))
			return 1;
	return 0;
}

/*
 * One request to a credential agent (IMDS, ECS/EKS): short timeouts and
 * 'attempts' tries on transport errors and 5xx answers. These agents speak
 * plain http on link-local addresses, allowed for exactly those hosts.
 */
static int agent_perform(const struct http_request *r, int attempts,
			 struct aws_response *resp, struct aws_error *err)
{
	struct http_request req = *r;
	const char *h = strstr(r->url, "://");
	char host[64];
	size_t n;
	int rc = IRREADY_EHTTP;

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
		req.allow_plain = is_metadata_host(host);
	}
	for (int i = 0; i < attempts; i++) {
		wipe_response(resp);
		aws_response_init(resp);
		rc = aws_http_perform(&req, resp, err);
		if (rc && !strcmp(err->code, "InsecureEndpoint"))
			break;
		if (!rc && resp->status < 500)
			break;
	}
	return rc;
}

/*
 * Credentials from the JSON object 'o' with member names n[0..3]
 * (access key, secret, token, expiration). The expiration is an ISO-8601
 * string, or a number of seconds (milliseconds when 'ms'). Returns 0, or
 * -1 when the keys are missing or the expiration is malformed.
 */
static int json_creds(const cJSON *o, const char *const n[4], int ms,
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

/* STS */

static void form_add(struct strbuf *sb, const char *key, const char *value)
{
	if (sb->len)
		strbuf_addch(sb, '&');
	strbuf_adds(sb, key);
	strbuf_addch(sb, '=');
	aws_uri_encode(sb, value, strlen(value), 0);
}

/*
 * POST the query-protocol 'form' for sts:'action' and read
 * <'action'Result><Credentials>. Signed with 'base' when given (sigv4,
 * service "sts", the region aws_endpoint_resolve() says), unsigned
 * otherwise (AssumeRoleWithWebIdentity).
 */
static int sts_call(const char *action, const struct aws_creds *base,
		    const char *form, const char *region,
		    const char *endpoint_url, struct aws_creds *out,
		    struct aws_error *err)
{
	const struct aws_service *svc = aws_service_find("sts");
	char sign_region[64], amz_date[17], result[96];
	struct sigv4_header sh[4];
	struct http_header hh[5];
	struct sigv4_result sig = { 0 };
	struct http_request r = { 0 };
	struct aws_response resp;
	struct arena a = ARENA_INIT;
	struct url_parts u;
	xmlDoc *doc = NULL;
	xmlNode *c;
	char *base_url, *url = NULL, *ak, *sk, *tok;
	time_t now = time(NULL);
	size_t n = 0;
	int rc = 0;

	aws_response_init(&resp);
	if (!svc)
		BUG("sts missing from the service table");
	if (!region || !*region)
		region = "us-east-1";
	base_url = aws_endpoint_resolve(svc, region, endpoint_url, sign_region,
					sizeof(sign_region));
	url = xasprintf("%s/", base_url);
	free(base_url);
	if (url_split(url, &u)) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidEndpoint",
			      "cannot use STS endpoint '%s'", url);
		rc = IRREADY_EUSAGE;
		goto out;
	}
	aws_sigv4_amz_date(now, amz_date);
	sh[n].name = "Host";
	sh[n++].value = u.host_hdr;
	sh[n].name = "X-Amz-Date";
	sh[n++].value = amz_date;
	sh[n].name = "Content-Type";
	sh[n++].value = STS_CONTENT_TYPE;
	if (base && base->session_token) {
		sh[n].name = "X-Amz-Security-Token";
		sh[n++].value = base->session_token;
	}
	for (size_t i = 0; i < n; i++) {
		hh[i].name = sh[i].name;
		hh[i].value = sh[i].value;
	}
	if (base) {
		struct sigv4_params sp = {
			.access_key = base->access_key,
			.secret_key = base->secret_key,
			.region = sign_region,
			.service = svc->signing_name,
			.now = now,
			.method = "POST",
			.path = *u.path ? u.path : "/",
			.headers = sh,
			.nheaders = n,
			.body = form,
			.body_len = strlen(form),
		};

		rc = aws_sigv4_sign(&sp, &sig);
		if (rc) {
			aws_error_set(err, rc, "SigningError",
				      "cannot sign sts:%s", action);
			goto out;
		}
		hh[n].name = "Authorization";
		hh[n++].value = sig.authorization;
	}
	r.method = "POST";
	r.url = url;
	r.headers = hh;
	r.nheaders = n;
	r.body = form;
	r.body_len = strlen(form);
	r.max_body = CREDS_BODY_MAX;
	rc = aws_http_perform(&r, &resp, err);
	if (rc)
		goto out;
	if (resp.status < 200 || resp.status >= 300) {
		aws_error_parse(AWS_PROTO_QUERY, &resp, err);
		rc = err->rc;
		goto out;
	}
	doc = axml_parse(resp.body.buf, resp.body.len);
	snprintf(result, sizeof(result), "%sResult/Credentials", action);
	c = axml_path(doc ? xmlDocGetRootElement(doc) : NULL, result);
	ak = axml_str(&a, c, "AccessKeyId");
	sk = axml_str(&a, c, "SecretAccessKey");
	tok = axml_str(&a, c, "SessionToken");
	if (!ak || !*ak || !sk || !*sk) {
		aws_error_set(err, IRREADY_EPARSE, "MalformedResponse",
			      "sts:%s answered HTTP %d without credentials",
			      action, resp.status);
		rc = IRREADY_EPARSE;
	} else {
		creds_set(out, ak, sk, tok, axml_time(c, "Expiration"),
			  "assume-role");
	}
	if (sk)
		OPENSSL_cleanse(sk, strlen(sk));
	if (tok)
		OPENSSL_cleanse(tok, strlen(tok));
out:
	if (rc) {
		snprintf(err->action, sizeof(err->action), "sts:%s", action);
		snprintf(err->region, sizeof(err->region), "%s", region);
	}
	if (doc)
		xmlFreeDoc(doc);
	arena_release(&a);
	aws_sigv4_result_release(&sig);
	wipe_response(&resp);
	free(url);
	return rc;
}

int aws_creds_assume_role(const struct aws_creds *base, const char *role_arn,
			  const char *external_id, const char *session_name,
			  int duration_seconds, const char *region,
			  const char *endpoint_url, struct aws_creds *out,
			  struct aws_error *err)
{
	struct strbuf form = STRBUF_INIT;
	char name[64], dur[16];
	int rc;

	memset(out, 0, sizeof(*out));
	aws_error_clear(err);
	if (!base || !base->access_key || !base->secret_key || !role_arn ||
	    !*role_arn) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidParameter",
			      "sts:AssumeRole needs base credentials and a "
			      "role ARN");
		return IRREADY_EUSAGE;
	}
	if (!session_name || !*session_name) {
		snprintf(name, sizeof(name), "irready-%lld",
			 (long long)time(NULL));
		session_name = name;
	}
	form_add(&form, "Action", "AssumeRole");
	form_add(&form, "Version", STS_VERSION);
	form_add(&form, "RoleArn", role_arn);
	form_add(&form, "RoleSessionName", session_name);
	if (external_id && *external_id)
		form_add(&form, "ExternalId", external_id);
	if (duration_seconds > 0) {
		snprintf(dur, sizeof(dur), "%d", duration_seconds);
		form_add(&form, "DurationSeconds", dur);
	}
	rc = sts_call("AssumeRole", base, strbuf_str(&form), region,
		      endpoint_url, out, err);
	if (rc)
		err_prefix(err, "cannot assume role '%s'", role_arn);
	strbuf_release(&form);
	return rc;
}

/* The plan */

enum src_kind {
	SRC_STATIC,
	SRC_ASSUME_ROLE,
	SRC_WEB_IDENTITY,
	SRC_SSO,
	SRC_PROCESS,
	SRC_CONTAINER,
	SRC_IMDS,
};

struct src {
	enum src_kind kind;
	const char *source; /* as aws_creds.source */
	char *profile;      /* where it is configured; NULL: environment */
	/* assume-role and web identity */
	char *role_arn, *external_id, *session_name;
	int duration;
	char *token_file; /* web identity */
	/* sso */
	char *start_url, *sso_region, *account_id, *role_name, *sso_session;
	char *command;    /* credential_process */
	char *url;        /* container, IMDS base */
	struct src *base; /* assume-role: the base credentials */
	/* assume-role on another provider's credentials (not owned) */
	struct aws_creds_provider *base_provider;
	struct aws_creds cur; /* last fetched */
};

struct aws_creds_provider {
	pthread_mutex_t lock;
	struct src *top;
	char *profile, *region, *sts_region, *endpoint_url;
	time_t (*clock)(void);
};

static struct src *src_new(enum src_kind kind, const char *source,
			   const char *profile)
{
	struct src *s = xcalloc(1, sizeof(*s));

	s->kind = kind;
	s->source = source;
	s->profile = profile ? xstrdup(profile) : NULL;
	return s;
}

static char *xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void src_free(struct src *s)
{
	while (s) {
		struct src *base = s->base;

		free(s->profile);
		free(s->role_arn);
		free(s->external_id);
		free(s->session_name);
		free(s->token_file);
		free(s->start_url);
		free(s->sso_region);
		free(s->account_id);
		free(s->role_name);
		free(s->sso_session);
		free(s->command);
		free(s->url);
		aws_creds_release(&s->cur);
		free(s);
		s = base;
	}
}

/* How a source is named in messages: "profile 'x' (sso)" or "container". */
static const char *src_who(const struct src *s, char *buf, size_t n)
{
	if (s->profile)
		snprintf(buf, n, "profile '%s' (%s)", s->profile, s->source);
	else
		snprintf(buf, n, "%s credentials", s->source);
	return buf;
}

/* Fetchers: fill 'out' (zeroed) or return an error naming the source. */

static int fetch_web_identity(struct aws_creds_provider *p, struct src *s,
			      struct aws_creds *out, struct aws_error *err)
{
	struct strbuf tok, form = STRBUF_INIT;
	char name[64], who[320];
	const char *session = s->session_name;
	int rc;

	rc = read_small_file(&tok, s->token_file, TOKEN_FILE_MAX);
	if (rc || !tok.len) {
		aws_error_set(err, IRREADY_EIO, "InvalidWebIdentityToken",
			      "%s: cannot read web identity token file '%s'",
			      src_who(s, who, sizeof(who)), s->token_file);
		rc = IRREADY_EIO;
		goto out;
	}
	trim_end(tok.buf);
	if (!session) {
		snprintf(name, sizeof(name), "irready-%lld",
			 (long long)p->clock());
		session = name;
	}
	form_add(&form, "Action", "AssumeRoleWithWebIdentity");
	form_add(&form, "Version", STS_VERSION);
	form_add(&form, "RoleArn", s->role_arn);
	form_add(&form, "RoleSessionName", session);
	form_add(&form, "WebIdentityToken", tok.buf);
	rc = sts_call("AssumeRoleWithWebIdentity", NULL, strbuf_str(&form),
		      p->sts_region, p->endpoint_url, out, err);
	if (rc)
		err_prefix(err, "%s: cannot assume role '%s'",
			   src_who(s, who, sizeof(who)), s->role_arn);
	else
		out->source = "web-identity";
out:
	wipe_strbuf(&form);
	wipe_strbuf(&tok);
	return rc;
}

/* Lower-case hex SHA-1 of 's' (the SSO token cache key). */
static void sha1_hex(const char *s, char out[41])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!EVP_Digest(s, strlen(s), md, &n, EVP_sha1(), NULL) || n != 20)
		BUG("SHA-1 unavailable");
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[40] = '\0';
}

/*
 * The access token 'aws sso login' cached for 's' into 'token' (caller
 * frees with free_secret()), refusing an expired one.
 */
static int sso_token(struct aws_creds_provider *p, const struct src *s,
		     char **token, struct aws_error *err)
{
	const char *home = env_get("HOME");
	const char *key = s->sso_session ? s->sso_session : s->start_url;
	const char *tok, *exp;
	struct strbuf sb = STRBUF_INIT;
	cJSON *j = NULL;
	char hex[41], when[32], *path = NULL;
	size_t n;
	time_t t;
	int rc = 0;

	sha1_hex(key, hex);
	path = xasprintf("%s/.aws/sso/cache/%s.json", home ? home : ".", hex);
	if (read_small_file(&sb, path, CREDS_BODY_MAX)) {
		aws_error_set(err, IRREADY_EDENIED, "SSOTokenMissing",
			      "profile '%s' (sso): no cached SSO token for "
			      "%s '%s'; run aws sso login --profile %s",
			      s->profile,
			      s->sso_session ? "sso-session" : "start URL", key,
			      s->profile);
		rc = IRREADY_EDENIED;
		goto out;
	}
	j = ajson_parse(sb.buf, sb.len);
	tok = ajson_get(j, "accessToken");
	exp = ajson_get(j, "expiresAt");
	if (!tok || !*tok || !exp) {
		aws_error_set(err, IRREADY_EPARSE, "SSOTokenInvalid",
			      "profile '%s' (sso): the cached SSO token '%s' "
			      "is invalid; run aws sso login --profile %s",
			      s->profile, path, s->profile);
		rc = IRREADY_EPARSE;
		goto out;
	}
	/* the CLI once wrote "2019-11-14T04:05:45UTC" */
	snprintf(when, sizeof(when), "%s", exp);
	n = strlen(when);
	if (n > 3 && !strcmp(when + n - 3, "UTC")) {
		when[n - 3] = 'Z';
		when[n - 2] = '\0';
	}
	if (parse_iso8601(when, &t) || t <= p->clock()) {
		aws_error_set(err, IRREADY_EDENIED, "SSOTokenExpired",
			      "profile '%s' (sso): the SSO session has "
			      "expired; run aws sso login --profile %s",
			      s->profile, s->profile);
		rc = IRREADY_EDENIED;
		goto out;
	}
	*token = xstrdup(tok);
out:
	if (j)
		wipe_json(j);
	cJSON_Delete(j);
	wipe_strbuf(&sb);
	free(path);
	return rc;
}

/* sso:GetRoleCredentials for 's' with the bearer 'token'. */
static int sso_role_credentials(const struct src *s, const char *token,
				struct aws_creds *out, struct aws_error *err)
{
	static const char *const names[4] = { "accessKeyId", "secretAccessKey",
					      "sessionToken", "expiration" };
	const char *portal = env_get("AWS_ENDPOINT_URL_SSO");
	struct strbuf url = STRBUF_INIT;
	struct http_header h[1];
	struct http_request r = { 0 };
	struct aws_response resp;
	char *base;
	cJSON *j = NULL;
	size_t bl;
	int rc;

	aws_response_init(&resp);
	if (portal)
		base = xstrdup(portal);
	else
		base = xasprintf("https://portal.sso.%s.%s", s->sso_region,
				 strcmp(aws_partition(s->sso_region), "aws-cn")
					 ? "amazonaws.com"
					 : "amazonaws.com.cn");
	bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		base[--bl] = '\0';
	strbuf_addf(&url, "%s/federation/credentials?role_name=", base);
	aws_uri_encode(&url, s->role_name, strlen(s->role_name), 0);
	strbuf_adds(&url, "&account_id=");
	aws_uri_encode(&url, s->account_id, strlen(s->account_id), 0);
	h[0].name = "x-amz-sso_bearer_token";
	h[0].value = token;
	r.method = "GET";
	r.url = strbuf_str(&url);
	r.headers = h;
	r.nheaders = 1;
	r.max_body = CREDS_BODY_MAX;
	rc = aws_http_perform(&r, &resp, err);
	if (rc)
		goto out;
	if (resp.status < 200 || resp.status >= 300) {
		aws_error_parse(AWS_PROTO_REST_JSON, &resp, err);
		rc = err->rc;
		if (resp.status == 401 || resp.status == 403) {
			char *m = xstrdup(err->message);

			snprintf(err->message, sizeof(err->message),
				 "%s; run aws sso login --profile %s", m,
				 s->profile);
			free(m);
		}
		goto out;
	}
	j = ajson_parse(resp.body.buf, resp.body.len);
	if (json_creds(cJSON_GetObjectItemCaseSensitive(j, "roleCredentials"),
		       names, 1, "sso", out)) {
		aws_error_set(err, IRREADY_EPARSE, "MalformedResponse",
			      "the SSO portal answered HTTP %d without "
			      "credentials",
			      resp.status);
		rc = IRREADY_EPARSE;
	}
out:
	if (rc) {
		snprintf(err->action, sizeof(err->action),
			 "sso:GetRoleCredentials");
		snprintf(err->region, sizeof(err->region), "%s", s->sso_region);
		err_prefix(err, "profile '%s' (sso, account %s, role %s)",
			   s->profile, s->account_id, s->role_name);
	}
	if (j)
		wipe_json(j);
	cJSON_Delete(j);
	wipe_response(&resp);
	strbuf_release(&url);
	free(base);
	return rc;
}

static int fetch_sso(struct aws_creds_provider *p, struct src *s,
		     struct aws_creds *out, struct aws_error *err)
{
	char *token = NULL;
	int rc;

	rc = sso_token(p, s, &token, err);
	if (!rc)
		rc = sso_role_credentials(s, token, out, err);
	free_secret(token);
	return rc;
}

static void set_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	if (fl >= 0)
		fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
}

/*
 * Run 'cmd' with /bin/sh -c, stdout into 'out' (capped: over the cap the
 * child is killed and '*too_big' set), the start of stderr into 'errs'.
 * '*status' is the wait status. Returns 0 or IRREADY_EIO (no process).
 */
static int run_process(const char *cmd, struct strbuf *out, struct strbuf *errs,
		       int *status, int *too_big)
{
	int op[2] = { -1, -1 }, ep[2] = { -1, -1 };
	struct pollfd pfd[2];
	char buf[4096];
	pid_t pid, w;
	int rc = 0, saved;

	*too_big = 0;
	if (pipe(op) || pipe(ep)) {
		rc = IRREADY_EIO;
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		set_cloexec(op[i]);
		set_cloexec(ep[i]);
	}
	pid = fork();
	if (pid < 0) {
		rc = IRREADY_EIO;
		goto out;
	}
	if (!pid) {
		/* the child: async-signal-safe calls only */
		if (dup2(op[1], 1) < 0 || dup2(ep[1], 2) < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(op[1]);
	close(ep[1]);
	op[1] = ep[1] = -1;
	pfd[0].fd = op[0];
	pfd[1].fd = ep[0];
	pfd[0].events = pfd[1].events = POLLIN;
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				pfd[i].fd = -1;
				continue;
			}
			if (i == 1) {
				strbuf_add(errs, buf, (size_t)n);
			} else if (!*too_big &&
				   strbuf_add(out, buf, (size_t)n)) {
				*too_big = 1;
				kill(pid, SIGKILL);
			}
		}
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	while ((w = waitpid(pid, status, 0)) < 0 && errno == EINTR)
		;
	if (w < 0)
		rc = IRREADY_EIO; /* ECHILD: SIGCHLD ignored, status unknown */
out:
	saved = errno;
	for (int i = 0; i < 2; i++) {
		if (op[i] >= 0)
			close(op[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	errno = saved;
	return rc;
}

static int fetch_process(struct aws_creds_provider *p, struct src *s,
			 struct aws_creds *out, struct aws_error *err)
{
	static const char *const names[4] = { "AccessKeyId", "SecretAccessKey",
					      "SessionToken", "Expiration" };
	struct strbuf so, se;
	const cJSON *v;
	cJSON *j = NULL;
	char line[200];
	int rc, status = 0, too_big;

	strbuf_init(&so, PROCESS_OUT_MAX);
	strbuf_init(&se, PROCESS_ERR_MAX);
	rc = run_process(s->command, &so, &se, &status, &too_big);
	if (rc) {
		aws_error_set(err, IRREADY_EIO, "CredentialProcessError",
			      "profile '%s' (credential_process): cannot run "
			      "the command: %s",
			      s->profile, strerror(errno));
		goto out;
	}
	rc = IRREADY_EIO;
	if (too_big) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): output over "
			      "%zu bytes",
			      s->profile, PROCESS_OUT_MAX);
		goto out;
	}
	first_line(strbuf_str(&se), line, sizeof(line));
	if (WIFSIGNALED(status)) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): killed by "
			      "signal %d%s%s",
			      s->profile, WTERMSIG(status), *line ? ": " : "",
			      line);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): exited with "
			      "status %d%s%s",
			      s->profile,
			      WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			      *line ? ": " : "", line);
		goto out;
	}
	rc = IRREADY_EPARSE;
	j = ajson_parse(so.buf, so.len);
	if (!j) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): output is "
			      "not a JSON object",
			      s->profile);
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(j, "Version");
	if (!cJSON_IsNumber(v) || v->valuedouble != 1) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): unsupported "
			      "Version (only 1 is)",
			      s->profile);
		goto out;
	}
	if (json_creds(j, names, 0, "credential-process", out)) {
		aws_error_set(err, rc, "CredentialProcessError",
			      "profile '%s' (credential_process): output "
			      "lacks AccessKeyId/SecretAccessKey or has a "
			      "malformed Expiration",
			      s->profile);
		goto out;
	}
	rc = 0;
out:
	if (j)
		wipe_json(j);
	cJSON_Delete(j);
	wipe_strbuf(&so);
	wipe_strbuf(&se);
	return rc;
}

/* The Authorization value for the container agent, or NULL. */
static int container_auth(char **auth, struct aws_error *err)
{
	const char *file = env_get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *tok = env_get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	struct strbuf sb;

	*auth = NULL;
	if (file) {
		if (read_small_file(&sb, file, TOKEN_FILE_MAX)) {
			wipe_strbuf(&sb);
			aws_error_set(err, IRREADY_EIO, "InvalidConfig",
				      "container credentials: cannot read "
				      "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE "
				      "'%s'",
				      file);
			return IRREADY_EIO;
		}
		trim_end(sb.buf ? sb.buf : "");
		*auth = xstrdup(strbuf_str(&sb));
		wipe_strbuf(&sb);
	} else if (tok) {
		*auth = xstrdup(tok);
	}
	if (*auth && strpbrk(*auth, "\r\n")) {
		free_secret(*auth);
		*auth = NULL;
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "container credentials: the authorization token "
			      "contains a line break");
		return IRREADY_EUSAGE;
	}
	return 0;
}

static const char *const agent_names[4] = { "AccessKeyId", "SecretAccessKey",
					    "Token", "Expiration" };

static int fetch_container(struct aws_creds_provider *p, struct src *s,
			   struct aws_creds *out, struct aws_error *err)
{
	struct http_header h[1];
	struct http_request r = { 0 };
	struct aws_response resp;
	char *auth = NULL;
	cJSON *j = NULL;
	int rc;

	aws_response_init(&resp);
	rc = container_auth(&auth, err);
	if (rc)
		goto out;
	h[0].name = "Authorization";
	h[0].value = auth;
	r.method = "GET";
	r.url = s->url;
	r.headers = h;
	r.nheaders = auth ? 1 : 0;
	r.connect_timeout_ms = 2000;
	r.timeout_ms = 5000;
	r.max_body = CREDS_BODY_MAX;
	rc = agent_perform(&r, 3, &resp, err);
	if (rc) {
		err_prefix(err, "container credentials");
		goto out;
	}
	if (resp.status < 200 || resp.status >= 300) {
		aws_error_parse(AWS_PROTO_REST_JSON, &resp, err);
		rc = err->rc;
		err_prefix(err, "container credentials: HTTP %d", resp.status);
		goto out;
	}
	j = ajson_parse(resp.body.buf, resp.body.len);
	if (json_creds(j, agent_names, 0, "container", out)) {
		aws_error_set(err, IRREADY_EPARSE, "MalformedResponse",
			      "container credentials: the answer holds no "
			      "credentials");
		rc = IRREADY_EPARSE;
	}
out:
	if (j)
		wipe_json(j);
	cJSON_Delete(j);
	wipe_response(&resp);
	free_secret(auth);
	return rc;
}

static int fetch_imds(struct aws_creds_provider *p, struct src *s,
		      struct aws_creds *out, struct aws_error *err)
{
	struct http_header h[1];
	struct http_request r = { 0 };
	struct aws_response resp;
	const char *code;
	char *url = NULL, *token = NULL, role[256];
	cJSON *j = NULL;
	int rc;

	aws_response_init(&resp);
	r.connect_timeout_ms = 1000;
	r.timeout_ms = 2000;
	r.max_body = CREDS_BODY_MAX;
	r.headers = h;
	r.nheaders = 1;

	url = xasprintf("%s/latest/api/token", s->url);
	h[0].name = "X-aws-ec2-metadata-token-ttl-seconds";
	h[0].value = IMDS_TOKEN_TTL;
	r.method = "PUT";
	r.url = url;
	rc = agent_perform(&r, 2, &resp, err);
	if (!rc && resp.status != 200) {
		aws_error_set(err, IRREADY_EHTTP, "IMDSError",
			      "token request answered HTTP %d", resp.status);
		rc = IRREADY_EHTTP;
	}
	if (rc)
		goto out;
	token = xstrndup(resp.body.buf ? resp.body.buf : "", resp.body.len);
	trim_end(token);

	free(url);
	url = xasprintf("%s/latest/meta-data/iam/security-credentials/",
			s->url);
	h[0].name = "X-aws-ec2-metadata-token";
	h[0].value = token;
	r.method = "GET";
	r.url = url;
	rc = agent_perform(&r, 2, &resp, err);
	if (!rc && resp.status == 404) {
		aws_error_set(err, IRREADY_ENOTFOUND, "IMDSError",
			      "no IAM role is attached to this instance");
		rc = IRREADY_ENOTFOUND;
	} else if (!rc && resp.status != 200) {
		aws_error_set(err, IRREADY_EHTTP, "IMDSError",
			      "role name request answered HTTP %d",
			      resp.status);
		rc = IRREADY_EHTTP;
	}
	if (rc)
		goto out;
	first_line(strbuf_str(&resp.body), role, sizeof(role));
	trim_end(role);
	if (!*role || strchr(role, '/') || strchr(role, '?')) {
		aws_error_set(err, IRREADY_EPARSE, "IMDSError",
			      "no usable IAM role name in the answer");
		rc = IRREADY_EPARSE;
		goto out;
	}

	free(url);
	url = xasprintf("%s/latest/meta-data/iam/security-credentials/%s",
			s->url, role);
	r.url = url;
	rc = agent_perform(&r, 2, &resp, err);
	if (!rc && resp.status != 200) {
		aws_error_set(err, IRREADY_EHTTP, "IMDSError",
			      "credentials request for role '%s' answered "
			      "HTTP %d",
			      role, resp.status);
		rc = IRREADY_EHTTP;
	}
	if (rc)
		goto out;
	j = ajson_parse(resp.body.buf, resp.body.len);
	code = ajson_get(j, "Code");
	if (!j || (code && strcmp(code, "Success")) ||
	    json_creds(j, agent_names, 0, "imds", out)) {
		aws_error_set(err, IRREADY_EPARSE, "IMDSError",
			      "no credentials for role '%s' in the answer%s%s",
			      role, code ? ", code " : "", code ? code : "");
		rc = IRREADY_EPARSE;
	}
out:
	if (rc)
		err_prefix(err, "EC2 instance metadata (%s)", s->url);
	if (j)
		wipe_json(j);
	cJSON_Delete(j);
	wipe_response(&resp);
	free_secret(token);
	free(url);
	return rc;
}

static int expiring(const struct aws_creds *c, time_t now)
{
	return c->expiration && c->expiration - now <= REFRESH_WINDOW;
}

/*
 * Make 's->cur' current: fetch when missing or within the refresh window;
 * on a failed refresh keep credentials that have not expired yet.
 */
static int src_fetch(struct aws_creds_provider *p, struct src *s,
		     struct aws_error *err)
{
	struct aws_creds fresh = { 0 };
	time_t now = p->clock();
	char who[320];
	int rc = 0;

	if (s->kind == SRC_STATIC ||
	    (s->cur.access_key && !expiring(&s->cur, now)))
		return 0;
	switch (s->kind) {
	case SRC_STATIC:
		break;
	case SRC_ASSUME_ROLE:
		if (s->base_provider) {
			struct aws_creds base = { 0 };

			rc = aws_creds_get(s->base_provider, &base, err);
			if (!rc)
				rc = aws_creds_assume_role(
					&base, s->role_arn, s->external_id,
					s->session_name, s->duration,
					p->sts_region, p->endpoint_url, &fresh,
					err);
			aws_creds_release(&base);
			break;
		}
		rc = src_fetch(p, s->base, err);
		if (rc)
			break;
		rc = aws_creds_assume_role(&s->base->cur, s->role_arn,
					   s->external_id, s->session_name,
					   s->duration, p->sts_region,
					   p->endpoint_url, &fresh, err);
		if (rc)
			err_prefix(err, "profile '%s'", s->profile);
		break;
	case SRC_WEB_IDENTITY:
		rc = fetch_web_identity(p, s, &fresh, err);
		break;
	case SRC_SSO:
		rc = fetch_sso(p, s, &fresh, err);
		break;
	case SRC_PROCESS:
		rc = fetch_process(p, s, &fresh, err);
		break;
	case SRC_CONTAINER:
		rc = fetch_container(p, s, &fresh, err);
		break;
	case SRC_IMDS:
		rc = fetch_imds(p, s, &fresh, err);
		break;
	}
	if (!rc && fresh.expiration && fresh.expiration <= now) {
		char when[32];

		format_iso8601(fresh.expiration, when, sizeof(when));
		aws_error_set(err, IRREADY_EDENIED, "ExpiredCredentials",
			      "%s: the credentials returned expired at %s",
			      src_who(s, who, sizeof(who)), when);
		rc = IRREADY_EDENIED;
	}
	if (rc) {
		aws_creds_release(&fresh);
		if (s->cur.access_key && s->cur.expiration > now) {
			debug("%s: refresh failed (%s), keeping credentials "
			      "valid for %lld s",
			      src_who(s, who, sizeof(who)), err->code,
			      (long long)(s->cur.expiration - now));
			return 0;
		}
		return rc;
	}
	fresh.source = s->source;
	aws_creds_release(&s->cur);
	s->cur = fresh;
	return 0;
}

/* Planning: which source applies, read from the environment and files */

struct plan {
	struct cfg cfg;
	const char *visited[MAX_CHAIN];
	size_t nvisited;
};

/* AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or *out NULL. */
static int plan_env(struct src **out, struct aws_error *err)
{
	const char *ak = env_get("AWS_ACCESS_KEY_ID");
	const char *sk = env_get("AWS_SECRET_ACCESS_KEY");
	const char *tok = env_get("AWS_SESSION_TOKEN");

	*out = NULL;
	if (!ak)
		return 0;
	if (!sk) {
		aws_error_set(err, IRREADY_EUSAGE, "PartialCredentials",
			      "AWS_ACCESS_KEY_ID is set but "
			      "AWS_SECRET_ACCESS_KEY is not");
		return IRREADY_EUSAGE;
	}
	if (!tok)
		tok = env_get("AWS_SECURITY_TOKEN");
	*out = src_new(SRC_STATIC, "env", NULL);
	creds_set(&(*out)->cur, ak, sk, tok, 0, "env");
	return 0;
}

/* Static keys of one file's section, or *out NULL. */
static int plan_static(const struct ini_section *sec, const char *profile,
		       const char *source, const char *path, struct src **out,
		       struct aws_error *err)
{
	const char *ak = ini_get(sec, "aws_access_key_id");
	const char *sk = ini_get(sec, "aws_secret_access_key");
	const char *tok = ini_get(sec, "aws_session_token");

	*out = NULL;
	if (!ak)
		return 0;
	if (!sk) {
		aws_error_set(err, IRREADY_EUSAGE, "PartialCredentials",
			      "profile '%s' in '%s' has aws_access_key_id but "
			      "no aws_secret_access_key",
			      profile, path);
		return IRREADY_EUSAGE;
	}
	if (!tok)
		tok = ini_get(sec, "aws_security_token");
	*out = src_new(SRC_STATIC, source, profile);
	creds_set(&(*out)->cur, ak, sk, tok, 0, source);
	return 0;
}

static int plan_web_identity(struct plan *pl, const char *profile, int use_env,
			     struct src **out, struct aws_error *err)
{
	const char *file = NULL, *arn = NULL, *session = NULL;
	struct src *s;

	*out = NULL;
	if (use_env) {
		file = env_get("AWS_WEB_IDENTITY_TOKEN_FILE");
		arn = env_get("AWS_ROLE_ARN");
		session = env_get("AWS_ROLE_SESSION_NAME");
	}
	if (!file)
		file = prof_get(&pl->cfg, profile, "web_identity_token_file");
	if (!file)
		return 0;
	if (!arn)
		arn = prof_get(&pl->cfg, profile, "role_arn");
	if (!session)
		session = prof_get(&pl->cfg, profile, "role_session_name");
	if (!arn) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s' (web-identity): a web identity "
			      "token file is set but no role ARN "
			      "(AWS_ROLE_ARN or role_arn)",
			      profile);
		return IRREADY_EUSAGE;
	}
	s = src_new(SRC_WEB_IDENTITY, "web-identity", profile);
	s->token_file = expand_home(file);
	s->role_arn = xstrdup(arn);
	s->session_name = xstrdup_or_null(session);
	*out = s;
	return 0;
}

static int plan_sso(struct plan *pl, const char *profile, struct src **out,
		    struct aws_error *err)
{
	static const char *const keys[] = { "sso_start_url", "sso_region" };
	const char *account = prof_get(&pl->cfg, profile, "sso_account_id");
	const char *role = prof_get(&pl->cfg, profile, "sso_role_name");
	const char *session = prof_get(&pl->cfg, profile, "sso_session");
	const char *val[2];
	const struct ini_section *ss = NULL;
	struct strbuf missing = STRBUF_INIT;
	struct src *s;
	int rc = 0;

	*out = NULL;
	if (!account && !role)
		return 0;
	if (session) {
		ss = cfg_sso_session(&pl->cfg, session);
		if (!ss) {
			aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
				      "profile '%s' (sso): sso-session '%s' "
				      "does not exist in '%s'",
				      profile, session, pl->cfg.config_path);
			return IRREADY_EUSAGE;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *pv = prof_get(&pl->cfg, profile, keys[i]);
		const char *sv = ini_get(ss, keys[i]);

		if (pv && sv && strcmp(pv, sv)) {
			aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
				      "profile '%s' (sso): %s differs between "
				      "the profile and sso-session '%s'",
				      profile, keys[i], session);
			rc = IRREADY_EUSAGE;
			goto out; /* 'missing' may hold the first key */
		}
		val[i] = sv ? sv : pv;
		if (!val[i])
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "",
				    keys[i]);
	}
	if (!account)
		strbuf_addf(&missing, "%ssso_account_id",
			    missing.len ? ", " : "");
	if (!role)
		strbuf_addf(&missing, "%ssso_role_name",
			    missing.len ? ", " : "");
	if (missing.len) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s' is configured for SSO but lacks %s",
			      profile, strbuf_str(&missing));
		rc = IRREADY_EUSAGE;
		goto out;
	}
	s = src_new(SRC_SSO, "sso", profile);
	s->start_url = xstrdup(val[0]);
	s->sso_region = xstrdup(val[1]);
	s->account_id = xstrdup(account);
	s->role_name = xstrdup(role);
	s->sso_session = xstrdup_or_null(session);
	*out = s;
out:
	strbuf_release(&missing);
	return rc;
}

/*
 * The profile-configured providers, botocore's ProfileProviderBuilder:
 * web identity, SSO, credentials-file keys, credential_process,
 * config-file keys. *out NULL when none applies.
 */
static int plan_profile(struct plan *pl, const char *profile, int use_env,
			struct src **out, struct aws_error *err)
{
	const char *cmd;
	int rc;

	rc = plan_web_identity(pl, profile, use_env, out, err);
	if (rc || *out)
		return rc;
	rc = plan_sso(pl, profile, out, err);
	if (rc || *out)
		return rc;
	rc = plan_static(cfg_creds_profile(&pl->cfg, profile), profile,
			 "shared-credentials", pl->cfg.creds_path, out, err);
	if (rc || *out)
		return rc;
	cmd = prof_get(&pl->cfg, profile, "credential_process");
	if (cmd) {
		*out = src_new(SRC_PROCESS, "credential-process", profile);
		(*out)->command = xstrdup(cmd);
		return 0;
	}
	return plan_static(cfg_config_profile(&pl->cfg, profile), profile,
			   "config", pl->cfg.config_path, out, err);
}

/* Container credentials from the environment, or *out NULL. */
static int plan_container(struct src **out, struct aws_error *err)
{
	const char *rel = env_get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = env_get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	struct url_parts u;
	char why[160];

	*out = NULL;
	if (rel) {
		*out = src_new(SRC_CONTAINER, "container", NULL);
		(*out)->url = xasprintf("http://" ECS_HOST "%s%s",
					*rel == '/' ? "" : "/", rel);
		return 0;
	}
	if (!full)
		return 0;
	if (aws_url_check(full, 1, why, sizeof(why))) {
		/* user-info, not http(s), not a URL: never sent anywhere */
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "AWS_CONTAINER_CREDENTIALS_FULL_URI: %s", why);
		return IRREADY_EUSAGE;
	}
	if (url_split(full, &u) ||
	    (!u.https && !aws_url_is_loopback(full) &&
	     !is_metadata_host(u.host)) ||
	    (!u.https && !strcmp(u.host, "169.254.169.254"))) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "AWS_CONTAINER_CREDENTIALS_FULL_URI must be "
			      "https, or http to a loopback address, " ECS_HOST
			      ", 169.254.170.23 or fd00:ec2::23");
		return IRREADY_EUSAGE;
	}
	*out = src_new(SRC_CONTAINER, "container", NULL);
	(*out)->url = xstrdup(full);
	return 0;
}

static int imds_disabled(void)
{
	const char *v = env_get("AWS_EC2_METADATA_DISABLED");

	return v && !strcasecmp(v, "true");
}

static struct src *plan_imds(void)
{
	const char *ep = env_get("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	const char *mode = env_get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
	struct src *s = src_new(SRC_IMDS, "imds", NULL);
	size_t n;

	if (!ep)
		ep = mode && !strcasecmp(mode, "IPv6") ? IMDS_V6 : IMDS_V4;
	s->url = xstrdup(ep);
	n = strlen(s->url);
	while (n && s->url[n - 1] == '/')
		s->url[--n] = '\0';
	return s;
}

static int plan_credential_source(struct plan *pl, const char *profile,
				  const char *name, struct src **out,
				  struct aws_error *err)
{
	int rc = 0;

	*out = NULL;
	if (!strcmp(name, "Environment")) {
		rc = plan_env(out, err);
	} else if (!strcmp(name, "EcsContainer")) {
		rc = plan_container(out, err);
	} else if (!strcmp(name, "Ec2InstanceMetadata")) {
		if (!imds_disabled())
			*out = plan_imds();
	} else {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s': credential_source '%s' is not "
			      "valid (Environment, Ec2InstanceMetadata or "
			      "EcsContainer)",
			      profile, name);
		return IRREADY_EUSAGE;
	}
	if (!rc && !*out) {
		aws_error_set(err, IRREADY_ENOTFOUND, "NoCredentials",
			      "profile '%s': credential_source %s has no "
			      "credentials",
			      profile, name);
		rc = IRREADY_ENOTFOUND;
	}
	return rc;
}

static int plan_assume_role(struct plan *pl, const char *profile,
			    struct src **out, struct aws_error *err)
{
	const char *sp = prof_get(&pl->cfg, profile, "source_profile");
	const char *cs = prof_get(&pl->cfg, profile, "credential_source");
	const char *dur = prof_get(&pl->cfg, profile, "duration_seconds");
	struct src *base = NULL, *s;
	long d = 0;
	int rc;

	*out = NULL;
	if (sp && cs) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s' has both source_profile and "
			      "credential_source",
			      profile);
		return IRREADY_EUSAGE;
	}
	if (!sp && !cs) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s' has role_arn but neither "
			      "source_profile nor credential_source",
			      profile);
		return IRREADY_EUSAGE;
	}
	if (cs) {
		rc = plan_credential_source(pl, profile, cs, &base, err);
		if (rc)
			return rc;
		goto node;
	}
	if (!prof_exists(&pl->cfg, sp)) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "the source_profile '%s' of profile '%s' does "
			      "not exist",
			      sp, profile);
		return IRREADY_EUSAGE;
	}
	for (size_t i = 0; i < pl->nvisited; i++) {
		struct strbuf chain = STRBUF_INIT;

		if (strcmp(pl->visited[i], sp))
			continue;
		/* a profile may name itself to use its own static keys */
		if (!strcmp(sp, profile) && prof_has_static(&pl->cfg, sp))
			break;
		for (size_t j = 0; j < pl->nvisited; j++)
			strbuf_addf(&chain, "%s -> ", pl->visited[j]);
		strbuf_adds(&chain, sp);
		aws_error_set(err, IRREADY_EUSAGE, "InfiniteLoop",
			      "source_profile loop: %s", strbuf_str(&chain));
		strbuf_release(&chain);
		return IRREADY_EUSAGE;
	}
	if (pl->nvisited == MAX_CHAIN) {
		aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
			      "profile '%s': source_profile chain longer "
			      "than %d",
			      profile, MAX_CHAIN);
		return IRREADY_EUSAGE;
	}
	pl->visited[pl->nvisited++] = sp;
	if (prof_has_static(&pl->cfg, sp) || !prof_has_role(&pl->cfg, sp)) {
		rc = plan_profile(pl, sp, 0, &base, err);
		if (!rc && !base) {
			aws_error_set(err, IRREADY_ENOTFOUND, "NoCredentials",
				      "the source_profile '%s' of profile "
				      "'%s' has no credentials",
				      sp, profile);
			rc = IRREADY_ENOTFOUND;
		}
	} else {
		rc = plan_assume_role(pl, sp, &base, err);
	}
	if (rc)
		return rc;
node:
	s = src_new(SRC_ASSUME_ROLE, "assume-role", profile);
	s->role_arn = xstrdup(prof_get(&pl->cfg, profile, "role_arn"));
	s->external_id =
		xstrdup_or_null(prof_get(&pl->cfg, profile, "external_id"));
	s->session_name = xstrdup_or_null(
		prof_get(&pl->cfg, profile, "role_session_name"));
	/* botocore ignores a duration that is not an integer */
	if (dur && !parse_long(dur, &d) && d > 0 && d <= 43200)
		s->duration = (int)d;
	s->base = base;
	*out = s;
	return 0;
}

/* The public interface */

int aws_creds_provider_new(const struct aws_creds_opts *o,
			   struct aws_creds_provider **out,
			   struct aws_error *err)
{
	struct plan pl = { 0 };
	struct aws_creds_provider *p = xcalloc(1, sizeof(*p));
	const char *profile = o->profile;
	const char *region;
	int explicit_profile = o->profile != NULL;
	int rc;

	*out = NULL;
	aws_error_clear(err);
	pthread_mutex_init(&p->lock, NULL);
	p->clock = o->clock ? o->clock : clock_time;
	if (!profile || !*profile)
		profile = env_get("AWS_PROFILE");
	if (!profile)
		profile = env_get("AWS_DEFAULT_PROFILE");
	if (!profile)
		profile = "default";
	p->profile = xstrdup(profile);
	p->endpoint_url = xstrdup_or_null(o->endpoint_url);

	rc = cfg_load(&pl.cfg, err);
	if (rc)
		goto out;
	if (strcmp(profile, "default") && !prof_exists(&pl.cfg, profile)) {
		aws_error_set(err, IRREADY_EUSAGE, "ProfileNotFound",
			      "the config profile '%s' could not be found "
			      "(in '%s' or '%s')",
			      profile, pl.cfg.creds_path, pl.cfg.config_path);
		rc = IRREADY_EUSAGE;
		goto out;
	}
	region = prof_get(&pl.cfg, profile, "region");
	p->region = xstrdup_or_null(region);
	if (!region)
		region = o->region && *o->region ? o->region : NULL;
	if (!region)
		region = env_get("AWS_REGION");
	if (!region)
		region = env_get("AWS_DEFAULT_REGION");
	p->sts_region = xstrdup(region ? region : "us-east-1");

	pl.visited[pl.nvisited++] = p->profile;
	if (!explicit_profile)
		rc = plan_env(&p->top, err);
	if (!rc && !p->top && prof_has_role(&pl.cfg, profile))
		rc = plan_assume_role(&pl, profile, &p->top, err);
	if (!rc && !p->top)
		rc = plan_profile(&pl, profile, !explicit_profile, &p->top,
				  err);
	if (!rc && !p->top)
		rc = plan_container(&p->top, err);
	if (rc)
		goto out;
	if (!p->top && !imds_disabled()) {
		p->top = plan_imds();
		rc = src_fetch(p, p->top, err);
		if (rc) {
			err_prefix(err,
				   "no credentials found for profile "
				   "'%s' (environment, shared files, web "
				   "identity, container; then EC2 "
				   "instance metadata)",
				   profile);
			snprintf(err->code, sizeof(err->code), "NoCredentials");
			err->rc = rc = IRREADY_ENOTFOUND;
			goto out;
		}
	}
	if (!p->top) {
		aws_error_set(err, IRREADY_ENOTFOUND, "NoCredentials",
			      "no credentials found for profile '%s' "
			      "(environment, shared files, web identity, "
			      "container; EC2 instance metadata disabled)",
			      profile);
		rc = IRREADY_ENOTFOUND;
	}
out:
	cfg_release(&pl.cfg);
	if (rc)
		aws_creds_provider_free(p);
	else
		*out = p;
	return rc;
}

int aws_creds_provider_assume(struct aws_creds_provider *base,
			      const char *role_arn, const char *external_id,
			      const char *session_name, const char *region,
			      const char *endpoint_url,
			      struct aws_creds_provider **out)
{
	struct aws_creds_provider *p = xcalloc(1, sizeof(*p));
	struct src *s = src_new(SRC_ASSUME_ROLE, "assume-role", NULL);

	pthread_mutex_init(&p->lock, NULL);
	p->clock = base->clock;
	p->profile = xstrdup(base->profile);
	p->sts_region = xstrdup(region ? region : base->sts_region);
	p->endpoint_url = xstrdup_or_null(endpoint_url ? endpoint_url
						       : base->endpoint_url);
	s->role_arn = xstrdup(role_arn);
	s->external_id = xstrdup_or_null(external_id);
	s->session_name = xstrdup_or_null(session_name);
	s->base_provider = base;
	p->top = s;
	*out = p;
	return 0;
}

int aws_creds_get(struct aws_creds_provider *p, struct aws_creds *out,
		  struct aws_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	aws_error_clear(err);
	pthread_mutex_lock(&p->lock);
	rc = src_fetch(p, p->top, err);
	if (!rc)
		creds_copy(out, &p->top->cur);
	pthread_mutex_unlock(&p->lock);
	return rc;
}

void aws_creds_provider_free(struct aws_creds_provider *p)
{
	if (!p)
		return;
	src_free(p->top);
	pthread_mutex_destroy(&p->lock);
	free(p->profile);
	free(p->region);
	free(p->sts_region);
	free(p->endpoint_url);
	free(p);
}

const char *aws_creds_profile_region(const struct aws_creds_provider *p)
{
	return p->region;
}

const char *aws_creds_profile_name(const struct aws_creds_provider *p)
{
	return p->profile;
}

const char *aws_creds_provider_source(const struct aws_creds_provider *p)
{
	return p->top->source;
}
