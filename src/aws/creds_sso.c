/*
 * creds_sso.c -- IAM Identity Center: the token 'aws sso login' cached,
 * exchanged for role credentials with sso:GetRoleCredentials
 *
 * The cache file is ~/.aws/sso/cache/<sha1 of the sso-session name or
 * the start URL>.json. As the AWS CLI does, a token of an sso-session
 * that expires within 15 minutes is refreshed with the cached refresh
 * token (sso-oidc:CreateToken, grant_type refresh_token; endpoint
 * AWS_ENDPOINT_URL_SSO_OIDC or oidc.<sso_region>) and the cache file
 * rewritten (0600, atomically). A token that cannot be refreshed is used
 * until it expires; an expired one is refused, asking for 'aws sso login'
 * (which needs the user at a browser).
 */
#include "creds_internal.h"
#include "aws_json.h"
#include "irready.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#define SSO_REFRESH_WINDOW (15 * 60) /* botocore's */

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

/* An ISO-8601 cache time; the CLI once wrote "2019-11-14T04:05:45UTC". */
static int cache_time(const char *s, time_t *t)
{
	char when[40];
	size_t n;

	if (!s)
		return -1;
	snprintf(when, sizeof(when), "%s", s);
	n = strlen(when);
	if (n > 3 && !strcmp(when + n - 3, "UTC")) {
		when[n - 3] = 'Z';
		when[n - 2] = '\0';
	}
	return parse_iso8601(when, t);
}

/* Whether the cache entry 'j' can be refreshed at 'now'. */
static int refreshable(const cJSON *j, time_t now)
{
	const char *reg = ajson_get(j, "registrationExpiresAt");
	time_t t;

	if (!ajson_get(j, "refreshToken") || !ajson_get(j, "clientId") ||
	    !ajson_get(j, "clientSecret"))
		return 0;
	return !reg || (!cache_time(reg, &t) && t > now);
}

/* Set the string member 'key' of 'j' to 'v' (old value cleansed). */
static void json_set(cJSON *j, const char *key, const char *v)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(j, key);

	if (cJSON_IsString(old) && old->valuestring)
		OPENSSL_cleanse(old->valuestring, strlen(old->valuestring));
	if (old)
		cJSON_ReplaceItemInObjectCaseSensitive(j, key,
						       cJSON_CreateString(v));
	else
		cJSON_AddStringToObject(j, key, v);
}

/* Rewrite the cache file 'path' with 'j': 0600, through a rename. */
static void cache_write(const char *path, const cJSON *j)
{
	char *text = cJSON_Print(j);
	char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	int fd = text ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600) : -1;
	size_t len = text ? strlen(text) : 0;
	int ok = fd >= 0 && write(fd, text, len) == (ssize_t)len;

	if (fd >= 0 && close(fd))
		ok = 0;
	if (ok && rename(tmp, path))
		ok = 0;
	if (!ok) {
		warning("cannot update the SSO token cache '%s': %s", path,
			strerror(errno));
		if (fd >= 0)
			unlink(tmp);
	}
	if (text) {
		OPENSSL_cleanse(text, len);
		cJSON_free(text);
	}
	free(tmp);
}

/*
 * sso-oidc:CreateToken with the refresh token cached in 'j': on success
 * 'j' holds the new accessToken, expiresAt (and refreshToken, when a new
 * one came) and the cache file 'path' is rewritten.
 */
static int sso_refresh(struct aws_creds_provider *p, const struct creds_src *s,
		       cJSON *j, const char *path, struct aws_error *err)
{
	const char *env = creds_getenv("AWS_ENDPOINT_URL_SSO_OIDC");
	struct http_header h[1] = { { "Content-Type", "application/json" } };
	struct http_request r = { 0 };
	struct aws_response resp;
	cJSON *req = cJSON_CreateObject(), *ans = NULL;
	char *url, *body = NULL, when[32];
	const char *tok, *rt;
	double secs;
	int rc;

	aws_response_init(&resp);
	if (env)
		url = xasprintf("%s%stoken", env,
				env[strlen(env) - 1] == '/' ? "" : "/");
	else
		url = xasprintf("https://oidc.%s.%s/token", s->sso_region,
				strcmp(aws_partition(s->sso_region), "aws-cn")
					? "amazonaws.com"
					: "amazonaws.com.cn");
	cJSON_AddStringToObject(req, "clientId", ajson_get(j, "clientId"));
	cJSON_AddStringToObject(req, "clientSecret",
				ajson_get(j, "clientSecret"));
	cJSON_AddStringToObject(req, "grantType", "refresh_token");
	cJSON_AddStringToObject(req, "refreshToken",
				ajson_get(j, "refreshToken"));
	body = cJSON_PrintUnformatted(req);
	r.method = "POST";
	r.url = url;
	r.headers = h;
	r.nheaders = 1;
	r.body = body;
	r.body_len = body ? strlen(body) : 0;
	r.max_body = CREDS_BODY_MAX;
	r.allow_plain = p->allow_plain;
	rc = body ? aws_http_perform(&r, &resp, err) : IRREADY_ENOMEM;
	if (rc)
		goto out;
	ans = ajson_parse(resp.body.buf, resp.body.len);
	if (resp.status < 200 || resp.status >= 300) {
		aws_error_parse(AWS_PROTO_REST_JSON, &resp, err);
		rc = err->rc ? err->rc : IRREADY_EAWS;
		/* OAuth's {"error", "error_description"} says more */
		if (ajson_get(ans, "error")) {
			const char *type =
				aws_response_header(&resp, "x-amzn-errortype");
			const char *desc = ajson_get(ans, "error_description");
			char code[64];

			if (!type)
				type = ajson_get(ans, "error");
			snprintf(code, sizeof(code), "%.*s",
				 (int)strcspn(type, ":"), type);
			aws_error_set(err, rc, code, "%s: %s",
				      ajson_get(ans, "error"),
				      desc ? desc : "no description");
		}
		goto out;
	}
	tok = ajson_get(ans, "accessToken");
	secs = ajson_num(ans, "expiresIn", -1);
	if (!tok || !*tok || secs <= 0 || secs > 366 * 86400.0) {
		aws_error_set(err, IRREADY_EPARSE, "MalformedResponse",
			      "sso-oidc:CreateToken answered HTTP %d without a "
			      "token",
			      resp.status);
		rc = IRREADY_EPARSE;
		goto out;
	}
	format_iso8601(p->clock() + (time_t)secs, when, sizeof(when));
	json_set(j, "accessToken", tok);
	json_set(j, "expiresAt", when);
	rt = ajson_get(ans, "refreshToken");
	if (rt && *rt)
		json_set(j, "refreshToken", rt);
	cache_write(path, j);
	debug("profile '%s' (sso): refreshed the SSO token of sso-session "
	      "'%s', valid until %s",
	      s->profile, s->sso_session, when);
out:
	if (rc) {
		snprintf(err->action, sizeof(err->action),
			 "sso-oidc:CreateToken");
		snprintf(err->region, sizeof(err->region), "%s", s->sso_region);
	}
	if (ans)
		creds_wipe_json(ans);
	cJSON_Delete(ans);
	creds_wipe_json(req);
	cJSON_Delete(req);
	if (body) {
		OPENSSL_cleanse(body, strlen(body));
		cJSON_free(body);
	}
	creds_wipe_response(&resp);
	free(url);
	return rc;
}

/*
 * The access token 'aws sso login' cached for 's' into 'token' (caller
 * frees with creds_free_secret()): refreshed when it is an sso-session's
 * and expires within SSO_REFRESH_WINDOW; an expired one is refused.
 */
static int sso_token(struct aws_creds_provider *p, const struct creds_src *s,
		     char **token, struct aws_error *err)
{
	const char *home = creds_getenv("HOME");
	const char *key = s->sso_session ? s->sso_session : s->start_url;
	const char *tok, *exp;
	struct strbuf sb = STRBUF_INIT;
	cJSON *j = NULL;
	char hex[41], *path = NULL;
	time_t t, now = p->clock();
	int rc = 0;

	sha1_hex(key, hex);
	path = xasprintf("%s/.aws/sso/cache/%s.json", home ? home : ".", hex);
	if (creds_read_file(&sb, path, CREDS_BODY_MAX)) {
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
	if (cache_time(exp, &t))
		t = 0;
	if (t - now <= SSO_REFRESH_WINDOW && s->sso_session &&
	    refreshable(j, now)) {
		struct aws_error rerr;

		aws_error_clear(&rerr);
		if (!sso_refresh(p, s, j, path, &rerr)) {
			tok = ajson_get(j, "accessToken");
			cache_time(ajson_get(j, "expiresAt"), &t);
		} else if (t <= now) {
			aws_error_set(err, IRREADY_EDENIED, "SSOTokenExpired",
				      "profile '%s' (sso): the SSO session "
				      "has expired and could not be refreshed "
				      "(%s%s%s); run aws sso login --profile "
				      "%s",
				      s->profile, rerr.code,
				      rerr.message[0] ? ": " : "", rerr.message,
				      s->profile);
			rc = IRREADY_EDENIED;
			goto out;
		} else {
			debug("profile '%s' (sso): cannot refresh the SSO "
			      "token (%s); using it until it expires",
			      s->profile, rerr.code);
		}
	}
	if (t <= now) {
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
		creds_wipe_json(j);
	cJSON_Delete(j);
	creds_wipe_strbuf(&sb);
	free(path);
	return rc;
}

/* sso:GetRoleCredentials for 's' with the bearer 'token'. */
/*
 * The GetRoleCredentials URL of 's': AWS_ENDPOINT_URL_SSO or the
 * partition's portal.sso.<region> host, role and account escaped.
 */
static void sso_url(const struct creds_src *s, struct strbuf *url)
{
	const char *portal = creds_getenv("AWS_ENDPOINT_URL_SSO");
	char *base;
	size_t bl;

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
	strbuf_addf(url, "%s/federation/credentials?role_name=", base);
	aws_url_escape(url, s->role_name);
	strbuf_adds(url, "&account_id=");
	aws_url_escape(url, s->account_id);
	free(base);
}

static int sso_role_credentials(const struct creds_src *s, const char *token,
				int allow_plain, struct aws_creds *out,
				struct aws_error *err)
{
	static const char *const names[4] = { "accessKeyId", "secretAccessKey",
					      "sessionToken", "expiration" };
	struct strbuf url = STRBUF_INIT;
	struct http_header h[1];
	struct http_request r = { 0 };
	struct aws_response resp;
	cJSON *j = NULL;
	int rc;

	aws_response_init(&resp);
	sso_url(s, &url);
	h[0].name = "x-amz-sso_bearer_token";
	h[0].value = token;
	r.method = "GET";
	r.url = strbuf_str(&url);
	r.headers = h;
	r.nheaders = 1;
	r.max_body = CREDS_BODY_MAX;
	r.allow_plain = allow_plain;
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
	if (creds_from_json(
		    cJSON_GetObjectItemCaseSensitive(j, "roleCredentials"),
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
		creds_err_prefix(err, "profile '%s' (sso, account %s, role %s)",
				 s->profile, s->account_id, s->role_name);
	}
	if (j)
		creds_wipe_json(j);
	cJSON_Delete(j);
	creds_wipe_response(&resp);
	strbuf_release(&url);
	return rc;
}

int creds_fetch_sso(struct aws_creds_provider *p, struct creds_src *s,
		    struct aws_creds *out, struct aws_error *err)
{
	char *token = NULL;
	int rc;

	rc = sso_token(p, s, &token, err);
	if (!rc)
		rc = sso_role_credentials(s, token, p->allow_plain, out, err);
	creds_free_secret(token);
	return rc;
}

int creds_plan_sso(struct creds_plan *pl, const char *profile,
		   struct creds_src **out, struct aws_error *err)
{
	static const char *const keys[] = { "sso_start_url", "sso_region" };
	const char *account =
		creds_prof_get(&pl->cfg, profile, "sso_account_id");
	const char *role = creds_prof_get(&pl->cfg, profile, "sso_role_name");
	const char *session = creds_prof_get(&pl->cfg, profile, "sso_session");
	const char *val[2];
	const struct ini_section *ss = NULL;
	struct strbuf missing = STRBUF_INIT;
	struct creds_src *s;
	int rc = 0;

	*out = NULL;
	if (!account && !role)
		return 0;
	if (session) {
		ss = creds_cfg_sso_session(&pl->cfg, session);
		if (!ss) {
			aws_error_set(err, IRREADY_EUSAGE, "InvalidConfig",
				      "profile '%s' (sso): sso-session '%s' "
				      "does not exist in '%s'",
				      profile, session, pl->cfg.config_path);
			return IRREADY_EUSAGE;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *pv = creds_prof_get(&pl->cfg, profile, keys[i]);
		const char *sv = creds_ini_get(ss, keys[i]);

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
	s = creds_src_new(SRC_SSO, "sso", profile);
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
