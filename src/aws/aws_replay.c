/*
 * aws_replay.c -- the replay transport: serves recorded AWS responses
 *
 * A scenario directory holds one raw HTTP response per request page,
 * named by aws_replay_path() (see fixtures/README.md). A request with no
 * file is a transport failure naming the file; it never falls back to the
 * network. The same naming is used by --record, so a recording replays.
 */
#include "aws.h"
#include "aws_validate.h"
#include "irready.h"
#include "safefile.h"
#include "sha256.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void aws_request_param(struct aws_request *req, const char *name,
		       const char *value)
{
	if (req->nparams >= AWS_MAX_PARAMS)
		BUG("too many parameters for %s:%s", req->service, req->action);
	req->params[req->nparams].name = name;
	req->params[req->nparams].value = value;
	req->nparams++;
}

/*
 * The status line and headers of a raw response into 'resp'; '*body' is
 * the offset of the body, SIZE_MAX when the headers do not end. 0 or
 * IRREADY_EPARSE.
 */
static int parse_head(const char *data, size_t len, struct aws_response *resp,
		      size_t *body)
{
	const char *p = data, *end = data + len, *eol;
	long status;
	char code[4];

	/* status line: HTTP/1.1 200 OK */
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol || (size_t)(eol - p) < 12 || strncmp(p, "HTTP/", 5))
		return IRREADY_EPARSE;
	p = memchr(p, ' ', (size_t)(eol - p));
	if (!p || eol - p < 4)
		return IRREADY_EPARSE;
	memcpy(code, p + 1, 3);
	code[3] = '\0';
	if (parse_long(code, &status) || status < 100 || status > 599)
		return IRREADY_EPARSE;
	resp->status = (int)status;
	p = eol + 1;
	/* headers up to an empty line */
	for (;;) {
		const char *colon;
		size_t l;

		if (p >= end) {
			*body = SIZE_MAX; /* no body */
			return 0;
		}
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		l = (size_t)(eol - p);
		if (l && p[l - 1] == '\r')
			l--;
		if (!l) {
			p = eol < end ? eol + 1 : end;
			break;
		}
		colon = memchr(p, ':', l);
		if (!colon)
			return IRREADY_EPARSE;
		aws_response_add_header(resp, p, (size_t)(colon - p), colon + 1,
					l - (size_t)(colon + 1 - p));
		p = eol < end ? eol + 1 : end;
	}
	*body = (size_t)(p - data);
	return 0;
}

int aws_http_parse_raw(const char *data, size_t len, struct aws_response *resp)
{
	size_t body;
	int rc = parse_head(data, len, resp, &body);

	if (rc || body == SIZE_MAX)
		return rc;
	return strbuf_add(&resp->body, data + body, len - body);
}

/*
 * aws_http_parse_raw() of a file read into 'sb': the body moves to the
 * front of 'sb', which becomes resp->body, instead of being copied.
 */
static int parse_file(struct strbuf *sb, struct aws_response *resp)
{
	size_t body, max = resp->body.max;
	int rc = parse_head(sb->buf, sb->len, resp, &body);

	if (rc || body == SIZE_MAX)
		return rc;
	if (resp->body.len || body == sb->len)
		return strbuf_add(&resp->body, sb->buf + body, sb->len - body);
	if (max && sb->len - body > max)
		return IRREADY_ENOMEM;
	memmove(sb->buf, sb->buf + body, sb->len - body);
	sb->len -= body;
	sb->buf[sb->len] = '\0';
	strbuf_release(&resp->body);
	resp->body = *sb;
	resp->body.max = max;
	strbuf_init(sb, 0);
	return 0;
}

char *aws_replay_sanitize(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		out[i] = (isalnum(c) || c == '_' || c == '.' || c == '-')
				 ? (char)c
				 : '_';
	}
	out[n] = '\0';
	if (n > 100) {
		char hex[SHA256_HEX_LEN];

		sha256_hex(s, n, hex);
		out[80] = '-';
		memcpy(out + 81, hex, 16);
		out[97] = '\0';
	}
	return out;
}

/* The concatenation of 'n' strings, in one allocation. */
static char *join(const char *const *part, size_t n)
{
	size_t len[16], total = 0;
	char *out, *p;

	if (n > sizeof(len) / sizeof(len[0]))
		BUG("join of %zu strings", n);
	for (size_t i = 0; i < n; i++)
		total += len[i] = strlen(part[i]);
	p = out = xmalloc(total + 1);
	for (size_t i = 0; i < n; i++) {
		memcpy(p, part[i], len[i]);
		p += len[i];
	}
	*p = '\0';
	return out;
}

/*
 * printf's "%s" of NULL: a recording made before the account id was known
 * lives under "(null)/", and replays from there.
 */
static const char *nz(const char *s)
{
	return s ? s : "(null)";
}

char *aws_replay_path(const struct aws_request *req)
{
	char *res = req->resource ? aws_replay_sanitize(req->resource) : NULL;
	char *tok = req->token && *req->token ? aws_replay_sanitize(req->token)
					      : NULL;
	const char *part[] = { nz(req->account), "/",
			       nz(req->region),  "/",
			       nz(req->service), ".",
			       nz(req->action),  res ? "." : "",
			       res ? res : "",   tok ? ".page-" : "",
			       tok ? tok : "",   ".http" };
	char *path = join(part, sizeof(part) / sizeof(part[0]));

	free(res);
	free(tok);
	return path;
}

struct replay {
	struct aws_transport t;
	char *dir;
	int dirfd; /* 'dir', opened once; AT_FDCWD when it could not be */
};

static int replay_send(struct aws_transport *t, const struct aws_request *req,
		       struct aws_response *resp, struct aws_error *err)
{
	struct replay *r = (struct replay *)t;
	struct strbuf sb = STRBUF_INIT;
	enum safefile_err why = SAFEFILE_OK;
	long long started = phase_start();
	char *rel = aws_replay_path(req), *path = NULL;
	int rc;

	strbuf_init(&sb, STRBUF_FIXTURE_MAX);
	/* defence in depth: no component may climb out of the directory */
	if (!aws_valid_path_component(req->account) ||
	    !aws_valid_path_component(req->region)) {
		rc = IRREADY_EPARSE;
		aws_error_set(err, rc, "ReplayRefused",
			      "refusing a replay path outside the recording");
		goto out;
	}
	if (r->dirfd == AT_FDCWD) {
		const char *part[] = { r->dir, "/", rel };

		path = join(part, 3);
	}
	/* relative to the directory: no walk down to it per file */
	rc = safefile_read_at(&sb, r->dirfd, path ? path : rel, &why);
	if (rc && why == SAFEFILE_MISSING) {
		aws_error_set(err, IRREADY_EIO, "ReplayMissing",
			      "no recorded response '%s'", rel);
		goto out;
	}
	if (rc == IRREADY_EIO) {
		/* a link out of the recording, a FIFO, a device: refused */
		aws_error_set(err, IRREADY_EIO, "ReplayRefused",
			      "recorded response '%s' %s", rel,
			      safefile_strerror(why));
		goto out;
	}
	if (rc) {
		aws_error_set(err, rc, "ReplayTooLarge",
			      "recorded response '%s' is over %zu bytes", rel,
			      (size_t)STRBUF_FIXTURE_MAX);
		goto out;
	}
	rc = sb.len ? parse_file(&sb, resp) : aws_http_parse_raw("", 0, resp);
	if (rc)
		aws_error_set(err, IRREADY_EPARSE, "ReplayMalformed",
			      "recorded response '%s' is not an HTTP response",
			      rel);
out:
	strbuf_release(&sb);
	phase_end(PHASE_READ, started);
	debug("replay %s -> %s", rel, rc ? err->code : "ok");
	free(rel);
	free(path);
	return rc;
}

static void replay_free(struct aws_transport *t)
{
	struct replay *r = (struct replay *)t;

	if (r->dirfd != AT_FDCWD)
		close(r->dirfd);
	free(r->dir);
	free(r);
}

struct aws_transport *aws_replay_new(const char *dir)
{
	struct replay *r = xcalloc(1, sizeof(*r));

	r->t.name = "replay";
	r->t.send = replay_send;
	r->t.free = replay_free;
	r->dir = xstrdup(dir);
	/* (it missing: every request fails naming its file, as before) */
	r->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->dirfd < 0)
		r->dirfd = AT_FDCWD;
	return &r->t;
}

/*
 * scenario.json: {"accounts": [...], "home_region": "...", "now": "..."}.
 * Without it, the account directories (12 digits) are the accounts.
 */
#include <cJSON.h>
#include <dirent.h>

static int is_account_id(const char *s)
{
	size_t n = strlen(s);

	if (n != 12)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void aws_scenario_release(struct aws_scenario *sc)
{
	for (size_t i = 0; i < sc->naccounts; i++)
		free(sc->accounts[i]);
	free(sc->accounts);
	for (size_t i = 0; i < sc->nregions; i++)
		free(sc->regions[i]);
	free(sc->regions);
	free(sc->home_region);
	free(sc->description);
	memset(sc, 0, sizeof(*sc));
}

/*
 * scenario.json's text 'sb' (read from 'path') into 'sc': accounts,
 * regions, home_region, description and now. 0, or IRREADY_EPARSE with
 * a message naming 'path'.
 */
static int scenario_parse(const char *path, const struct strbuf *sb,
			  struct aws_scenario *sc)
{
	const cJSON *a, *v;
	cJSON *j;
	size_t alloc = 0;
	int rc = 0;

	j = cJSON_ParseWithLength(sb->buf, sb->len);
	if (!cJSON_IsObject(j)) {
		rc = error_rc(IRREADY_EPARSE, "'%s' is not a JSON object",
			      path);
		goto out;
	}
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(j, "accounts"))
	{
		if (!cJSON_IsString(a) || !is_account_id(a->valuestring)) {
			rc = error_rc(IRREADY_EPARSE,
				      "'%s': accounts must be "
				      "12-digit strings",
				      path);
			goto out;
		}
		ALLOC_GROW(sc->accounts, sc->naccounts + 1, alloc);
		sc->accounts[sc->naccounts++] = xstrdup(a->valuestring);
	}
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(j, "regions"))
	{
		if (!cJSON_IsString(a))
			continue;
		sc->regions = xrealloc(
			sc->regions, (sc->nregions + 1) * sizeof(*sc->regions));
		sc->regions[sc->nregions++] = xstrdup(a->valuestring);
	}
	v = cJSON_GetObjectItemCaseSensitive(j, "home_region");
	if (v && (!cJSON_IsString(v) || !aws_valid_region(v->valuestring))) {
		char esc[96];

		rc = error_rc(IRREADY_EPARSE,
			      "'%s': home_region '%s' is not an AWS "
			      "region",
			      path,
			      aws_escape_value(cJSON_IsString(v)
						       ? v->valuestring
						       : "(not a string)",
					       esc, sizeof(esc)));
		goto out;
	}
	if (v)
		sc->home_region = xstrdup(v->valuestring);
	v = cJSON_GetObjectItemCaseSensitive(j, "description");
	if (cJSON_IsString(v))
		sc->description = xstrdup(v->valuestring);
	v = cJSON_GetObjectItemCaseSensitive(j, "now");
	if (cJSON_IsString(v) && parse_iso8601(v->valuestring, &sc->now)) {
		rc = error_rc(IRREADY_EPARSE, "'%s': bad \"now\" '%s'", path,
			      v->valuestring);
		goto out;
	}
out:
	cJSON_Delete(j);
	return rc;
}

/*
 * Without a scenario.json list: the 12-digit account directories under
 * 'dir', sorted. 0, or IRREADY_EIO when 'dir' cannot be read.
 */
static int scenario_account_dirs(const char *dir, struct aws_scenario *sc)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t alloc = 0;

	if (!d)
		return error_rc(IRREADY_EIO,
				"cannot read replay directory '%s'", dir);
	while ((e = readdir(d))) {
		if (!is_account_id(e->d_name))
			continue;
		ALLOC_GROW(sc->accounts, sc->naccounts + 1, alloc);
		sc->accounts[sc->naccounts++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (sc->naccounts > 1)
		qsort(sc->accounts, sc->naccounts, sizeof(char *), cmp_str);
	return 0;
}

int aws_scenario_load(const char *dir, struct aws_scenario *sc)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = xasprintf("%s/scenario.json", dir);
	enum safefile_err why = SAFEFILE_OK;
	int rc = 0;

	memset(sc, 0, sizeof(*sc));
	strbuf_init(&sb, STRBUF_FIXTURE_MAX);
	rc = safefile_read(&sb, path, &why);
	if (rc && why != SAFEFILE_MISSING) {
		rc = error_rc(IRREADY_EIO, "'%s' %s", path,
			      safefile_strerror(why));
		goto out;
	}
	if (rc)
		rc = 0; /* no scenario.json: the account directories say */
	else
		rc = scenario_parse(path, &sb, sc);
	if (!rc && !sc->naccounts)
		rc = scenario_account_dirs(dir, sc);
	if (!rc && !sc->naccounts)
		rc = error_rc(IRREADY_EIO,
			      "replay directory '%s' holds no "
			      "account (no scenario.json and no "
			      "12-digit account directory)",
			      dir);
out:
	strbuf_release(&sb);
	free(path);
	if (rc)
		aws_scenario_release(sc);
	return rc;
}
