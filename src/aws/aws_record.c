#define _GNU_SOURCE /* memmem */
/*
 * aws_record.c -- recording a live run as a replayable, verifiable
 * directory (see aws_record.h)
 */
#include "aws_record.h"
#include "sha256.h"
#include "aws_validate.h"
#include "irready.h"
#include "safefile.h"
#include "text.h"

#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct aws_recorder {
	char *dir;
	pthread_mutex_t lock;
	char **secrets;
	size_t nsecrets, alloc_secrets;
	char **files; /* relative paths written */
	size_t nfiles, alloc_files;
	int failed;
};

static const char *const kept_headers[] = {
	"content-type",        "x-amzn-requestid", "x-amz-request-id",
	"x-amz-id-2",          "x-amzn-errortype", "x-amzn-query-error",
	"x-amz-bucket-region", "retry-after",
};

static const char *const s3_debug[] = {
	"AWSAccessKeyId",   "StringToSign",          "StringToSignBytes",
	"CanonicalRequest", "CanonicalRequestBytes", "SignatureProvided",
};

/*
 * sts:AssumeRole (--drill: the IR role's temporary credentials), blanked
 * rather than X-ed so that a recording holds no secret-looking value.
 */
static const char *const sts_secret[] = { "SecretAccessKey", "SessionToken" };

/* Overwrite the text of every <name> element in 'body' with 'fill'. */
static void blank(char *body, size_t len, const char *name, int fill)
{
	char open[64], close[64];
	char *p = body, *e;

	snprintf(open, sizeof(open), "<%s>", name);
	snprintf(close, sizeof(close), "</%s>", name);
	while ((p = memmem(p, len - (size_t)(p - body), open, strlen(open)))) {
		p += strlen(open);
		e = memmem(p, len - (size_t)(p - body), close, strlen(close));
		if (!e)
			break;
		memset(p, fill, (size_t)(e - p));
		p = e;
	}
}

struct aws_recorder *aws_recorder_new(const char *dir)
{
	struct aws_recorder *r = xcalloc(1, sizeof(*r));

	r->dir = xstrdup(dir);
	pthread_mutex_init(&r->lock, NULL);
	return r;
}

void aws_recorder_add_secret(struct aws_recorder *r, const char *s)
{
	if (!s || strlen(s) < 8)
		return;
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->nsecrets; i++)
		if (!strcmp(r->secrets[i], s)) {
			pthread_mutex_unlock(&r->lock);
			return;
		}
	ALLOC_GROW(r->secrets, r->nsecrets + 1, r->alloc_secrets);
	r->secrets[r->nsecrets++] = xstrdup(s);
	pthread_mutex_unlock(&r->lock);
}

static int mkdirs_for(const char *path)
{
	char *tmp = xstrdup(path);
	int rc = 0;

	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(tmp);
	return rc;
}

/* Mask secrets and S3 debug elements in place. */
static void scrub(struct aws_recorder *r, char *body, size_t len)
{
	for (size_t i = 0; i < r->nsecrets; i++) {
		size_t sl = strlen(r->secrets[i]);
		char *p = body;

		while ((p = memmem(p, len - (size_t)(p - body), r->secrets[i],
				   sl))) {
			memset(p, 'X', sl);
			p += sl;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(s3_debug); i++)
		blank(body, len, s3_debug[i], 'X');
	for (size_t i = 0; i < ARRAY_SIZE(sts_secret); i++)
		blank(body, len, sts_secret[i], ' ');
}

static int store_file(struct aws_recorder *r, const char *rel,
		      const struct aws_response *resp);

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	default:
		return "Status";
	}
}

/*
 * The first call of a live run (sts:GetCallerIdentity) is made before the
 * account is known: file it under the account its answer names, where a
 * replay will look for it.
 */
static char *account_of(const struct aws_response *resp)
{
	const char *b = strbuf_str(&resp->body);
	const char *p = strstr(b, "<Account>"), *e;

	if (!p)
		return NULL;
	p += strlen("<Account>");
	e = strstr(p, "</Account>");
	if (!e || e - p != 12 || strspn(p, "0123456789") != 12)
		return NULL;
	return xstrndup(p, 12);
}

int aws_recorder_store(struct aws_recorder *r, const struct aws_request *req,
		       const struct aws_response *resp)
{
	struct aws_request named = *req;
	char *acct = req->account ? NULL : account_of(resp);
	char *rel;

	named.account = req->account ? req->account
			: acct       ? acct
				     : "unknown-account";
	/* defence in depth: nothing is written outside the directory */
	if (!aws_valid_path_component(named.account) ||
	    !aws_valid_path_component(named.region)) {
		free(acct);
		pthread_mutex_lock(&r->lock);
		if (!r->failed) {
			r->failed = 1;
			error_rc(IRREADY_EIO, "refusing to record outside '%s'",
				 r->dir);
		}
		pthread_mutex_unlock(&r->lock);
		return IRREADY_EIO;
	}
	rel = aws_replay_path(&named);
	free(acct);
	{
		int rc = store_file(r, rel, resp);

		free(rel);
		return rc;
	}
}

/*
 * A new temporary file beside 'path', created by mkstemp() (O_EXCL: never
 * an existing file, never through a symbolic link), opened for writing;
 * its name in '*tmp' (caller frees). NULL on failure.
 */
static FILE *open_temp(const char *path, char **tmp)
{
	int fd;
	FILE *f;

	*tmp = xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(*tmp);
	if (fd < 0)
		return NULL;
	fchmod(fd, 0644);
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(*tmp);
	}
	return f;
}

/* Flush, fsync and close 'f', then rename 'tmp' over 'path'; 0 or -1. */
static int commit_temp(FILE *f, const char *tmp, const char *path)
{
	int bad = fflush(f) || ferror(f) || fsync(fileno(f));

	if (fclose(f))
		bad = 1;
	if (!bad && rename(tmp, path))
		bad = 1;
	if (bad)
		unlink(tmp);
	return bad ? -1 : 0;
}

static int store_file(struct aws_recorder *r, const char *rel,
		      const struct aws_response *resp)
{
	char *path = xasprintf("%s/%s", r->dir, rel);
	char *tmp = NULL;
	char *body = xmalloc(resp->body.len + 1);
	FILE *f;
	int rc = 0;

	memcpy(body, strbuf_str(&resp->body), resp->body.len);
	body[resp->body.len] = '\0';
	pthread_mutex_lock(&r->lock);
	scrub(r, body, resp->body.len);
	if (mkdirs_for(path) || !(f = open_temp(path, &tmp))) {
		rc = IRREADY_EIO;
		goto out;
	}
	fprintf(f, "HTTP/1.1 %d %s\n", resp->status, reason(resp->status));
	for (size_t i = 0; i < resp->nheaders; i++)
		for (size_t k = 0; k < ARRAY_SIZE(kept_headers); k++)
			if (!strcasecmp(resp->headers[i].name, kept_headers[k]))
				fprintf(f, "%s: %s\n", resp->headers[i].name,
					resp->headers[i].value);
	fputc('\n', f);
	fwrite(body, 1, resp->body.len, f);
	if (commit_temp(f, tmp, path)) {
		rc = IRREADY_EIO;
		goto out;
	}
	ALLOC_GROW(r->files, r->nfiles + 1, r->alloc_files);
	r->files[r->nfiles++] = xstrdup(rel);
out:
	if (rc && !r->failed) {
		r->failed = 1;
		error_rc(rc, "cannot record '%s'", path);
	}
	pthread_mutex_unlock(&r->lock);
	free(body);
	free(path);
	free(tmp);
	return rc;
}

static void add_time(cJSON *o, const char *k, time_t t)
{
	char buf[32];

	format_iso8601(t, buf, sizeof(buf));
	cJSON_AddStringToObject(o, k, buf);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int write_json(const char *path, cJSON *j)
{
	char *s = cJSON_Print(j);
	char *tmp = NULL;
	FILE *f = open_temp(path, &tmp);
	int rc = 0;

	if (!f) {
		rc = IRREADY_EIO;
	} else {
		fputs(s, f);
		fputc('\n', f);
		if (commit_temp(f, tmp, path))
			rc = IRREADY_EIO;
	}
	if (rc)
		error_rc(rc, "cannot write '%s'", path);
	cJSON_free(s);
	free(tmp);
	return rc;
}

static void list_files(const char *dir, const char *rel, int depth, char ***v,
		       size_t *n, FILE *out, size_t *bad);

/*
 * The "files" array of manifest.json: path, SHA-256 and size of every
 * file recorded, plus 'extra' (may be NULL). 0 or IRREADY_EIO.
 */
static int add_files(struct aws_recorder *r, cJSON *man, const char *extra)
{
	cJSON *a;
	char *path;
	int rc = 0;

	if (r->nfiles > 1)
		qsort(r->files, r->nfiles, sizeof(*r->files), cmp_strp);
	a = cJSON_AddArrayToObject(man, "files");
	{
		size_t total = r->nfiles + (extra ? 1 : 0);

		for (size_t i = 0; i < total; i++) {
			const char *rel = i < r->nfiles ? r->files[i] : extra;
			struct strbuf sb = STRBUF_INIT;
			char hex[65];
			cJSON *o;

			if (i && i < r->nfiles && !strcmp(rel, r->files[i - 1]))
				continue; /* same page fetched twice */
			path = xasprintf("%s/%s", r->dir, rel);
			if (strbuf_read_file(&sb, path)) {
				rc |= error_rc(IRREADY_EIO, "cannot read '%s'",
					       path);
				free(path);
				strbuf_release(&sb);
				continue;
			}
			sha256_hex(sb.buf, sb.len, hex);
			o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "path", rel);
			cJSON_AddStringToObject(o, "sha256", hex);
			cJSON_AddNumberToObject(o, "bytes", (double)sb.len);
			cJSON_AddItemToArray(a, o);
			strbuf_release(&sb);
			free(path);
		}
	}
	return rc;
}

int aws_recorder_abort(struct aws_recorder *r, const char *why)
{
	cJSON *man, *a;
	char *path;
	int rc;

	if (!r)
		return 0;
	pthread_mutex_lock(&r->lock);
	r->failed = 1; /* nothing more is stored */
	pthread_mutex_unlock(&r->lock);
	if (!r->nfiles) {
		aws_recorder_free(r);
		return 0;
	}
	man = cJSON_CreateObject();
	cJSON_AddStringToObject(man, "schema", "irready.manifest/1");
	a = cJSON_AddObjectToObject(man, "tool");
	cJSON_AddStringToObject(a, "name", "irready");
	cJSON_AddStringToObject(a, "version", IRREADY_VERSION);
	cJSON_AddBoolToObject(man, "partial", 1);
	cJSON_AddStringToObject(man, "partial_reason", why);
	rc = add_files(r, man, NULL);
	path = xasprintf("%s/manifest.json", r->dir);
	rc |= write_json(path, man);
	free(path);
	cJSON_Delete(man);
	aws_recorder_free(r);
	return rc ? IRREADY_EIO : 0;
}

/*
 * This run's reports ('names', in 'rel' inside the recording; "" for the
 * recording's own top level) that exist as regular files.
 */
static void add_report_names(struct aws_recorder *r, const char *rel,
			     const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		char *sub = *rel ? xasprintf("%s/%s", rel, names[i])
				 : xstrdup(names[i]);
		char *full = xasprintf("%s/%s", r->dir, sub);
		struct stat st;

		if (!lstat(full, &st) && S_ISREG(st.st_mode)) {
			r->files = xrealloc(r->files,
					    (r->nfiles + 1) * sizeof(char *));
			r->files[r->nfiles++] = sub;
			r->alloc_files = r->nfiles;
		} else {
			free(sub);
		}
		free(full);
	}
}

int aws_recorder_finish(struct aws_recorder *r, const struct record_meta *m)
{
	cJSON *sc = cJSON_CreateObject(), *man = cJSON_CreateObject(), *a;
	char *path;
	int rc = r->failed ? IRREADY_EIO : 0;

	/* scenario.json: what --replay needs */
	cJSON_AddStringToObject(sc, "description",
				"recorded by irready " IRREADY_VERSION);
	a = cJSON_AddArrayToObject(sc, "accounts");
	for (size_t i = 0; i < m->naccounts; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(m->accounts[i]));
	cJSON_AddStringToObject(sc, "home_region", m->home_region);
	/* the regions audited: a replay covers these by default */
	a = cJSON_AddArrayToObject(sc, "regions");
	for (size_t i = 0; i < m->nregions; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(m->regions[i]));
	add_time(sc, "now", m->now);
	path = xasprintf("%s/scenario.json", r->dir);
	mkdirs_for(path);
	rc |= write_json(path, sc);
	free(path);

	/* manifest.json: provenance and a hash of every file */
	cJSON_AddStringToObject(man, "schema", "irready.manifest/1");
	a = cJSON_AddObjectToObject(man, "tool");
	cJSON_AddStringToObject(a, "name", "irready");
	cJSON_AddStringToObject(a, "version", IRREADY_VERSION);
	a = cJSON_AddArrayToObject(man, "accounts");
	for (size_t i = 0; i < m->naccounts; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "account_id", m->accounts[i]);
		if (m->callers && m->callers[i])
			cJSON_AddStringToObject(o, "caller_arn", m->callers[i]);
		cJSON_AddItemToArray(a, o);
	}
	a = cJSON_AddArrayToObject(man, "regions");
	for (size_t i = 0; i < m->nregions; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(m->regions[i]));
	if (m->policy_digest)
		cJSON_AddStringToObject(man, "policy_digest", m->policy_digest);
	add_time(man, "started", m->started);
	add_time(man, "finished", m->finished);
	add_time(man, "evaluated_at", m->now);
	/* the reports written inside the recording, hashed last of all */
	if (m->reports_dir && m->report_names) {
		add_report_names(r, m->reports_dir, m->report_names);
	} else if (m->reports_dir && *m->reports_dir) {
		size_t bad = 0; /* a link or special file: left out, said */

		list_files(r->dir, m->reports_dir, 1, &r->files, &r->nfiles,
			   stderr, &bad);
		r->alloc_files = r->nfiles;
	}
	cJSON_AddBoolToObject(man, "partial", r->failed != 0);
	rc |= add_files(r, man, "scenario.json");
	path = xasprintf("%s/manifest.json", r->dir);
	rc |= write_json(path, man);
	free(path);
	cJSON_Delete(sc);
	cJSON_Delete(man);
	aws_recorder_free(r);
	return rc ? IRREADY_EIO : 0;
}

void aws_recorder_free(struct aws_recorder *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nsecrets; i++) {
		memset(r->secrets[i], 0, strlen(r->secrets[i]));
		free(r->secrets[i]);
	}
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->secrets);
	free(r->files);
	free(r->dir);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/*
 * One line of the verify report: 'tag', the file name as the terminal may
 * show it (names come from the bundle: control characters as \xNN), and
 * an optional note.
 */
static void verify_line(FILE *out, const char *tag, const char *name,
			const char *note)
{
	fputs(tag, out);
	text_fputs_terminal(name, out, 0);
	if (note)
		fprintf(out, " (%s)", note);
	fputc('\n', out);
}

/* A recording is account/region/file deep; a bundle adds a level or two. */
#define VERIFY_MAX_DEPTH 8

/*
 * Collect every regular file under 'dir' (relative paths), but
 * manifest.json and its signature (src/core/evidence_sign.c). The walk never
 * follows a link: lstat() says what each entry is, and a symbolic link, a FIFO,
 * a device or a socket is a problem printed to 'out' and counted in '*bad', as
 * is a tree deeper than VERIFY_MAX_DEPTH.
 */
static void list_files(const char *dir, const char *rel, int depth, char ***v,
		       size_t *n, FILE *out, size_t *bad)
{
	char *path = rel ? xasprintf("%s/%s", dir, rel) : xstrdup(dir);
	DIR *d;
	struct dirent *e;

	if (depth > VERIFY_MAX_DEPTH) {
		verify_line(out, "BAD     ", rel, "deeper than the depth cap");
		(*bad)++;
		free(path);
		return;
	}
	d = opendir(path);
	free(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		char *sub;
		struct stat st;
		char *full;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		sub = rel ? xasprintf("%s/%s", rel, e->d_name)
			  : xstrdup(e->d_name);
		full = xasprintf("%s/%s", dir, sub);
		if (lstat(full, &st)) {
			verify_line(out, "BAD     ", sub, "cannot stat");
			(*bad)++;
			free(sub);
		} else if (S_ISDIR(st.st_mode)) {
			list_files(dir, sub, depth + 1, v, n, out, bad);
			free(sub);
		} else if (!S_ISREG(st.st_mode)) {
			verify_line(out, "BAD     ", sub,
				    S_ISLNK(st.st_mode) ? "a symbolic link"
							: "not a regular file");
			(*bad)++;
			free(sub);
		} else if (!strcmp(sub, "manifest.json") ||
			   !strcmp(sub, "manifest.json.sig")) {
			free(sub);
		} else {
			*v = xrealloc(*v, (*n + 1) * sizeof(char *));
			(*v)[(*n)++] = sub;
		}
		free(full);
	}
	closedir(d);
}

int aws_recording_verify(const char *dir, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = xasprintf("%s/manifest.json", dir);
	char **files = NULL, *seen = NULL;
	size_t nfiles = 0, checked = 0, bad = 0;
	enum safefile_err why = SAFEFILE_OK;
	cJSON *man = NULL;
	const cJSON *f;
	int rc = 0;

	strbuf_init(&sb, (size_t)64 << 20);
	if (safefile_read(&sb, path, &why)) {
		rc = error_rc(IRREADY_EIO, "cannot read '%s': it %s", path,
			      safefile_strerror(why));
		goto out;
	}
	man = cJSON_ParseWithLength(sb.buf, sb.len);
	if (!cJSON_IsObject(man) ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(man, "files"))) {
		rc = error_rc(IRREADY_EPARSE, "'%s' is not an irready manifest",
			      path);
		goto out;
	}
	list_files(dir, NULL, 0, &files, &nfiles, out, &bad);
	if (nfiles > 1)
		qsort(files, nfiles, sizeof(*files), cmp_strp);
	seen = xcalloc(nfiles ? nfiles : 1, 1);
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(man, "files"))
	{
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(f, "path");
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(f, "sha256");
		struct strbuf data = STRBUF_INIT;
		char hex[65], *full;
		int found = 0;

		if (!cJSON_IsString(p) || !cJSON_IsString(h) ||
		    strstr(p->valuestring, "..")) {
			fprintf(out, "BAD     manifest entry without path or "
				     "hash\n");
			bad++;
			continue;
		}
		{
			/* sorted names: a lookup, not a scan (100k-file
			 * bundles) */
			const char *key = p->valuestring;
			char **hit = nfiles ? bsearch(&key, files, nfiles,
						      sizeof(*files), cmp_strp)
					    : NULL;

			if (hit && !seen[hit - files]) {
				seen[hit - files] = 1;
				found = 1;
			}
		}
		full = xasprintf("%s/%s", dir, p->valuestring);
		strbuf_init(&data, (size_t)64 << 20);
		if (!found || safefile_read(&data, full, NULL)) {
			verify_line(out, "MISSING ", p->valuestring, NULL);
			bad++;
		} else {
			sha256_hex(data.buf, data.len, hex);
			if (strcmp(hex, h->valuestring)) {
				verify_line(out, "CHANGED ", p->valuestring,
					    NULL);
				bad++;
			}
		}
		checked++;
		strbuf_release(&data);
		free(full);
	}
	for (size_t i = 0; i < nfiles; i++)
		if (!seen[i]) {
			verify_line(out, "EXTRA   ", files[i],
				    "not in the manifest");
			bad++;
		}
	fprintf(out, "%s: %zu file%s checked, %zu problem%s\n", dir, checked,
		checked == 1 ? "" : "s", bad, bad == 1 ? "" : "s");
	rc = bad ? IRREADY_EPARSE : 0;
out:
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	free(seen);
	cJSON_Delete(man);
	strbuf_release(&sb);
	free(path);
	return rc;
}
