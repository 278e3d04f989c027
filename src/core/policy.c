/*
 * policy.c -- load and merge policies: files, profiles, the extends chain
 *
 * A policy file is JSON (design.md §3, policies/README.md). Loading walks
 * the "extends" chain parent first, merging each file into one struct
 * policy: scalars and params key by key, selection and severity overrides
 * as documented in policy.h, waivers and attestations appended. Every
 * problem is reported with the file and the JSON path ("$.waivers[2].
 * expires") and loading goes on, so one run shows all of them. cJSON
 * stays in policy*.c: what leaves them is plain strings in the policy's
 * arena. The sections are read by policy_sections.c with the helpers of
 * policy_json.c; waivers are applied by policy_waivers.c.
 */
#include "policy.h"
#include "policy_int.h"
#include "sha256.h"
#include "check.h"
#include "irready.h"
#include "safefile.h"
#include "strbuf.h"

#include <cJSON.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POLICY_MAX_BYTES ((size_t)1 << 20)

static const char *const shipped_profiles =
	"readiness, post-incident, evidence";

static const char *const top_keys[] = {
	"name",   "description", "extends",      "checks", "severity_overrides",
	"params", "waivers",     "attestations", "rates",  NULL,
};

/* ---- finding files ---- */

/* A profile name: no '/', no ".json" suffix, only [A-Za-z0-9_-]. */
static int is_profile_name(const char *s)
{
	if (!*s)
		return 0;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
			return 0;
	return 1;
}

/*
 * The file of shipped profile 'name' (caller frees), or NULL with the
 * directories searched in 'looked' (caller releases).
 */
static char *find_profile(const char *name, struct strbuf *looked)
{
	char dirs[6][PATH_MAX];
	size_t n = data_dirs("policies", "IRREADY_POLICY_DIR", dirs,
			     ARRAY_SIZE(dirs));

	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s.json", dirs[i], name);
		char *real;

		if (!access(path, R_OK)) {
			real = realpath(path, NULL);
			if (real) {
				free(path);
				return real;
			}
			return path;
		}
		free(path);
		strbuf_addf(looked, "%s%s", i ? ", " : "", dirs[i]);
	}
	return NULL;
}

/* What to say when profile 'name' was not found, into 'buf'. */
static const char *no_profile(const char *name, const struct strbuf *looked,
			      char *buf, size_t n)
{
	static const char *const names[] = { "readiness", "post-incident",
					     "evidence" };
	struct suggestion sg = { name, NULL, 0 };
	char nb[96];

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		policy_suggest_try(&sg, names[i]);
	if (sg.best)
		snprintf(buf, n, "unknown profile '%s' (did you mean '%s'?)",
			 policy_shown(nb, sizeof(nb), name), sg.best);
	else
		snprintf(buf, n,
			 "unknown profile '%s' (shipped: %s; looked in %s)",
			 policy_shown(nb, sizeof(nb), name), shipped_profiles,
			 strbuf_str(looked));
	return buf;
}

static void load_file(struct loader *ld, const char *file, struct ctx *from);

static void load_extends(struct ctx *cx, const cJSON *v)
{
	const char *ext;
	char *path = NULL, buf[384];

	if (cJSON_IsNull(v))
		return;
	ext = policy_get_string(cx, v, "$.extends");
	if (!ext)
		return;
	if (is_profile_name(ext)) {
		struct strbuf looked = STRBUF_INIT;

		path = find_profile(ext, &looked);
		if (!path)
			policy_perr(cx, "$.extends", "%s",
				    no_profile(ext, &looked, buf, sizeof(buf)));
		strbuf_release(&looked);
	} else if (ext[0] == '/' || !strchr(cx->file, '/')) {
		path = xstrdup(ext);
	} else {
		const char *slash = strrchr(cx->file, '/');

		path = xasprintf("%.*s/%s", (int)(slash - cx->file), cx->file,
				 ext);
	}
	if (path)
		load_file(cx->ld, path, cx);
	free(path);
}

static void load_json(struct ctx *cx, const cJSON *root)
{
	const cJSON *v;

	if (!cJSON_IsObject(root)) {
		policy_type_error(cx, "$", "an object", root);
		return;
	}
	policy_check_keys(cx, root, "$", top_keys);
	v = cJSON_GetObjectItemCaseSensitive(root, "extends");
	if (v)
		load_extends(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "name");
	if (v) {
		const char *s = policy_get_string(cx, v, "$.name");

		if (s && cx->ld->depth == 1)
			cx->ld->top_name = arena_strdup(&cx->p->mem, s);
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "description");
	if (v)
		policy_get_string(cx, v, "$.description");
	v = cJSON_GetObjectItemCaseSensitive(root, "checks");
	if (v)
		policy_load_checks(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "severity_overrides");
	if (v)
		policy_load_overrides(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "params");
	if (v)
		policy_load_params(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "rates");
	if (v)
		policy_load_rates(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "waivers");
	if (v)
		policy_load_waivers(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "attestations");
	if (v)
		policy_load_attestations(cx, v);
}

/* Where cJSON stopped, as "line L, column C". */
static void locate(const char *buf, const char *at, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (const char *c = buf; c < at; c++) {
		if (*c == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/*
 * Whether 'real' (a realpath) is already being loaded further up the
 * chain; if so, the cycle is reported at $.extends of 'from'.
 */
static int in_chain(struct loader *ld, const char *real, const char *file,
		    struct ctx *from)
{
	for (int i = 0; i < ld->depth; i++) {
		struct strbuf chain = STRBUF_INIT;

		if (strcmp(ld->real[i], real))
			continue;
		for (int k = 0; k < ld->depth; k++)
			strbuf_addf(&chain, "%s -> ", ld->chain[k]);
		strbuf_adds(&chain, file);
		policy_perr(from, "$.extends", "cycle: %s", strbuf_str(&chain));
		strbuf_release(&chain);
		return 1;
	}
	return 0;
}

/*
 * The JSON text 'sb' read from 'file', parsed (caller cJSON_Delete()s),
 * or NULL with the problem reported: a NUL byte, or invalid JSON with its
 * line and column. A UTF-8 byte order mark is skipped.
 */
static cJSON *parse_json(struct loader *ld, const char *file,
			 const struct strbuf *sb)
{
	const char *body = strbuf_str(sb), *end = NULL;
	cJSON *root;

	if (memchr(body, '\0', sb->len)) {
		error_rc(IRREADY_EPOLICY, "%s: not a JSON text (NUL byte)",
			 file);
		ld->nerr++;
		return NULL;
	}
	if (sb->len >= 3 && !memcmp(body, "\xef\xbb\xbf", 3))
		body += 3; /* a UTF-8 byte order mark */
	root = cJSON_ParseWithLengthOpts(body, strlen(body) + 1, &end, 1);
	if (!root) {
		int line, col;

		locate(body, end ? end : body, &line, &col);
		error_rc(IRREADY_EPOLICY,
			 "%s: invalid JSON at line %d, column %d", file, line,
			 col);
		ld->nerr++;
	}
	return root;
}

/*
 * Load 'file' into ld->p: its parents first (through "extends"), then its
 * own keys. 'from' is the file that extends it (NULL for the top one):
 * problems finding or reading 'file' are reported there, at $.extends.
 */
static void load_file(struct loader *ld, const char *file, struct ctx *from)
{
	struct ctx cx = { ld, ld->p, NULL };
	struct strbuf sb = STRBUF_INIT;
	char *real = NULL;
	cJSON *root = NULL;
	enum safefile_err sf = SAFEFILE_OK;
	int rc, err;

	cx.file = arena_strdup(&ld->p->mem, file);
	if (ld->depth >= POLICY_MAX_DEPTH) {
		policy_perr(from, "$.extends",
			    "extends chain longer than %d files",
			    POLICY_MAX_DEPTH);
		return;
	}
	strbuf_init(&sb, POLICY_MAX_BYTES);
	errno = 0;
	real = realpath(file, NULL);
	err = errno;
	if (real && in_chain(ld, real, cx.file, from))
		goto out;
	rc = IRREADY_EIO;
	if (real) {
		/*
		 * The resolved path, without following a link again, and
		 * only a regular file: a FIFO must not hang validation.
		 */
		errno = 0;
		rc = safefile_read(&sb, real, &sf);
		err = sf == SAFEFILE_IO ? errno : 0;
	}
	if (rc) {
		const char *why = rc == IRREADY_ENOMEM ? "larger than 1 MiB"
				  : err                ? strerror(err)
				  : real               ? safefile_strerror(sf)
						       : "read error";

		if (from)
			policy_perr(from, "$.extends", "cannot read '%s': %s",
				    cx.file, why);
		else {
			error_rc(IRREADY_EPOLICY, "cannot read policy '%s': %s",
				 cx.file, why);
			ld->nerr++;
		}
		goto out;
	}
	ld->chain[ld->depth] = cx.file;
	ld->real[ld->depth] = real;
	ld->depth++;

	root = parse_json(ld, cx.file, &sb);
	if (!root)
		goto pop;
	load_json(&cx, root);
	/* after the parents: the digest covers parent bytes first */
	strbuf_add(&ld->bytes, sb.buf, sb.len);
	cJSON_Delete(root);
pop:
	ld->depth--;
out:
	free(real);
	strbuf_release(&sb);
}

/* ---- public ---- */

int policy_load(const char *file_or_profile, struct policy *out)
{
	struct loader ld = { 0 };
	char *path = NULL;
	const char *slash, *base;

	memset(out, 0, sizeof(*out));
	params_defaults(&out->params);
	ld.p = out;
	strbuf_init(&ld.bytes, 0);
	if (!file_or_profile)
		file_or_profile = "readiness";
	if (is_profile_name(file_or_profile)) {
		struct strbuf looked = STRBUF_INIT;

		path = find_profile(file_or_profile, &looked);
		if (!path) {
			char buf[512], nb[96];

			if (!access(file_or_profile, F_OK))
				error_rc(IRREADY_EPOLICY,
					 "unknown profile '%s' (for the file, "
					 "write './%s')",
					 policy_shown(nb, sizeof(nb),
						      file_or_profile),
					 nb);
			else
				error_rc(IRREADY_EPOLICY, "%s",
					 no_profile(file_or_profile, &looked,
						    buf, sizeof(buf)));
			strbuf_release(&looked);
			goto fail;
		}
		strbuf_release(&looked);
	} else {
		path = xstrdup(file_or_profile);
	}
	load_file(&ld, path, NULL);
	if (ld.nerr)
		goto fail;

	out->path = arena_strdup(&out->mem, path);
	if (ld.top_name) {
		out->name = ld.top_name;
	} else {
		size_t n;

		slash = strrchr(path, '/');
		base = slash ? slash + 1 : path;
		n = strlen(base);
		if (n > 5 && !strcmp(base + n - 5, ".json"))
			n -= 5;
		out->name = arena_strndup(&out->mem, base, n);
	}
	if (!ld.have_selection) {
		out->include = policy_star;
		out->ninclude = 1;
	}
	sha256_hex(strbuf_str(&ld.bytes), ld.bytes.len, out->digest);
	strbuf_release(&ld.bytes);
	free(path);
	return 0;
fail:
	strbuf_release(&ld.bytes);
	free(path);
	policy_release(out);
	return IRREADY_EPOLICY;
}

void policy_release(struct policy *p)
{
	arena_release(&p->mem);
	memset(p, 0, sizeof(*p));
}

int policy_selects(const struct policy *p, const struct check *c)
{
	int want = 0;

	for (size_t i = 0; i < p->ninclude && !want; i++)
		want = !fnmatch(p->include[i], c->id, 0);
	for (size_t i = 0; i < p->nphases && !want; i++)
		want = p->phases[i] == c->phase;
	for (size_t i = 0; i < p->nexclude && want; i++)
		want = fnmatch(p->exclude[i], c->id, 0) != 0;
	return want;
}

enum severity policy_severity(const struct policy *p, const struct check *c)
{
	for (size_t i = 0; i < p->noverrides; i++)
		if (p->overrides[i].check == c)
			return p->overrides[i].severity;
	return c->severity;
}

int policy_check_dates(const struct policy *p, time_t now)
{
	char today[11];
	int rc = 0;

	policy_format_date(now, today);
	for (size_t i = 0; i < p->nattestations; i++) {
		const struct attestation *a = &p->attestations[i];

		if (a->date > now)
			rc = error_rc(IRREADY_EPOLICY,
				      "%s.date: '%s' is in the future (today "
				      "is %s)",
				      a->origin, a->date_str, today);
	}
	return rc;
}
