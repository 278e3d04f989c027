/*
 * policy.c -- load, validate and merge policies; apply waivers and
 * attestations
 *
 * A policy file is JSON (design.md §3, policies/README.md). Loading walks
 * the "extends" chain parent first, merging each file into one struct
 * policy: scalars and params key by key, selection and severity overrides
 * as documented in policy.h, waivers and attestations appended. Every
 * problem is reported with the file and the JSON path ("$.waivers[2].
 * expires") and loading goes on, so one run shows all of them. cJSON
 * stays in this file: what leaves it is plain strings in the policy's
 * arena.
 */
#include "policy.h"
#include "aws_sigv4.h"
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

#ifndef IRREADY_DATADIR
#define IRREADY_DATADIR "/usr/local/share/irready"
#endif

#define POLICY_MAX_BYTES ((size_t)1 << 20)

/*
 * People-and-process items: MANUAL findings until attested. They may not
 * be in the check registry yet, but policies can already name them.
 */
static const char *const manual_ids[] = {
	"game_day_recent",
	"ir_plan_tested",
	"lessons_learned_recorded",
	"rpo_rto_defined",
};

static const char *const shipped_profiles =
	"readiness, post-incident, evidence";

static const char *const top_keys[] = {
	"name",   "description", "extends",      "checks", "severity_overrides",
	"params", "waivers",     "attestations", NULL,
};
static const char *const checks_keys[] = { "include", "exclude", "phases",
					   NULL };
static const char *const waiver_keys[] = { "check",    "accounts", "regions",
					   "resource", "reason",   "owner",
					   "ticket",   "expires",  NULL };
static const char *const attestation_keys[] = { "check", "date", "evidence",
						"owner", NULL };

struct loader {
	struct policy *p;
	int nerr;
	int have_selection; /* some file set "include" or "phases" */
	const char *top_name;
	struct strbuf bytes; /* every file, parent first, for the digest */
	int depth;
	const char *chain[POLICY_MAX_DEPTH + 1]; /* display names */
	char *real[POLICY_MAX_DEPTH + 1];        /* realpath()s */
};

/* The file being read, for error messages. */
struct ctx {
	struct loader *ld;
	struct policy *p;
	const char *file;
};

/* ---- messages ---- */

/*
 * Copy 's' into 'buf' for a message: control bytes become '?', and long
 * strings are cut with "...", so a hostile policy cannot scribble on the
 * terminal.
 */
static const char *shown(char *buf, size_t n, const char *s)
{
	size_t i = 0;

	for (; *s && i + 4 < n; s++)
		buf[i++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s;
	if (*s) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
	return buf;
}

static void perr(struct ctx *cx, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void perr(struct ctx *cx, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	error_rc(IRREADY_EPOLICY, "%s: %s: %s", cx->file, path, msg);
	cx->ld->nerr++;
}

static const char *type_name(const cJSON *v)
{
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	return "invalid JSON";
}

static void type_error(struct ctx *cx, const char *path, const char *want,
		       const cJSON *v)
{
	perr(cx, path, "expected %s, got %s", want, type_name(v));
}

/* "$.a" + "b" -> "$.a.b", or "$.a[\"odd key\"]" (caller frees) */
static char *key_path(const char *parent, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	int plain = (*key >= 'a' && *key <= 'z') ||
		    (*key >= 'A' && *key <= 'Z') || *key == '_';

	for (const char *k = key; *k && plain; k++)
		plain = (*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
			(*k >= '0' && *k <= '9') || *k == '_';
	strbuf_adds(&sb, parent);
	if (plain) {
		strbuf_addf(&sb, ".%s", key);
	} else {
		char buf[96];

		strbuf_adds(&sb, "[\"");
		for (const char *k = shown(buf, sizeof(buf), key); *k; k++) {
			if (*k == '"' || *k == '\\')
				strbuf_addch(&sb, '\\');
			strbuf_addch(&sb, *k);
		}
		strbuf_adds(&sb, "\"]");
	}
	return strbuf_detach(&sb, NULL);
}

static char *index_path(const char *parent, int i)
{
	return xasprintf("%s[%d]", parent, i);
}

/* Levenshtein distance, for "did you mean"; long strings are 'far'. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[65];

	if (la > 64 || lb > 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best;

			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

struct suggestion {
	const char *word;
	const char *best;
	size_t dist;
};

static void suggest_try(struct suggestion *s, const char *cand)
{
	size_t d = distance(s->word, cand);
	size_t limit = strlen(s->word) / 3 + 1;

	if (d <= limit && (!s->best || d < s->dist)) {
		s->best = cand;
		s->dist = d;
	}
}

/* " (did you mean 'x'?)" or "" */
static const char *suggest_text(const struct suggestion *s, char *buf, size_t n)
{
	if (!s->best)
		return "";
	snprintf(buf, n, " (did you mean '%s'?)", s->best);
	return buf;
}

/* ---- small validators ---- */

static int is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static int is_manual_id(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(manual_ids); i++)
		if (!strcmp(manual_ids[i], id))
			return 1;
	return 0;
}

static int known_id(const char *id)
{
	return check_find(id) || is_manual_id(id);
}

static int glob_matches_any(const char *pat)
{
	for (size_t i = 0; i < check_count; i++)
		if (!fnmatch(pat, check_registry[i]->id, 0))
			return 1;
	for (size_t i = 0; i < ARRAY_SIZE(manual_ids); i++)
		if (!fnmatch(pat, manual_ids[i], 0))
			return 1;
	return 0;
}

static void suggest_check(struct suggestion *s)
{
	for (size_t i = 0; i < check_count; i++)
		suggest_try(s, check_registry[i]->id);
	for (size_t i = 0; i < ARRAY_SIZE(manual_ids); i++)
		suggest_try(s, manual_ids[i]);
}

/*
 * "YYYY-MM-DD", a real calendar date; 'out' = 00:00:00 UTC that day.
 * (parse_iso8601() takes February 30th; a policy date must not.)
 */
static int parse_date(const char *s, time_t *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	int y, m, d, dim;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || m < 1 || m > 12)
		return -1;
	dim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		dim = 29;
	if (d < 1 || d > dim)
		return -1;
	return parse_iso8601(s, out);
}

static void format_date(time_t t, char buf[11])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "us-east-1", "us-gov-west-1", "eu-central-2": ll(-word)+-digits */
static int looks_like_region(const char *s)
{
	const char *p = s;
	int words = 0;

	if (!(p[0] >= 'a' && p[0] <= 'z' && p[1] >= 'a' && p[1] <= 'z' &&
	      p[2] == '-'))
		return 0;
	p += 3;
	for (;;) {
		const char *w = p;

		while (*p >= 'a' && *p <= 'z')
			p++;
		if (p == w || *p != '-')
			break;
		words++;
		p++;
	}
	if (!words || !*p)
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return !*p && p[-1] != '-';
}

/* ---- arena helpers ---- */

static const char **strs_alloc(struct policy *p, size_t n)
{
	return n ? arena_alloc(&p->mem, n * sizeof(const char *)) : NULL;
}

/* ---- generic getters ---- */

/*
 * Report unknown (when 'keys' is not NULL) and duplicate keys of object
 * 'o' at 'path'.
 */
static void check_keys(struct ctx *cx, const cJSON *o, const char *path,
		       const char *const *keys)
{
	for (const cJSON *k = o->child; k; k = k->next) {
		char *kp = key_path(path, k->string);
		int dup = 0, known = !keys;

		for (const cJSON *e = o->child; e != k; e = e->next)
			dup |= !strcmp(e->string, k->string);
		for (size_t i = 0; keys && keys[i]; i++)
			known |= !strcmp(keys[i], k->string);
		if (dup) {
			perr(cx, kp, "duplicate key");
		} else if (!known) {
			struct suggestion s = { k->string, NULL, 0 };
			struct strbuf list = STRBUF_INIT;
			char sb[128];

			for (size_t i = 0; keys[i]; i++) {
				suggest_try(&s, keys[i]);
				strbuf_addf(&list, "%s%s", i ? ", " : "",
					    keys[i]);
			}
			if (s.best)
				perr(cx, kp, "unknown key%s",
				     suggest_text(&s, sb, sizeof(sb)));
			else
				perr(cx, kp, "unknown key (expected %s)",
				     strbuf_str(&list));
			strbuf_release(&list);
		}
		free(kp);
	}
}

/*
 * A non-empty string at 'path', or NULL after reporting what is wrong.
 */
static const char *get_string(struct ctx *cx, const cJSON *v, const char *path)
{
	if (!cJSON_IsString(v)) {
		type_error(cx, path, "a string", v);
		return NULL;
	}
	if (!*v->valuestring ||
	    strspn(v->valuestring, " \t\r\n") == strlen(v->valuestring)) {
		perr(cx, path, "must not be empty");
		return NULL;
	}
	return v->valuestring;
}

/*
 * Checks one element of a string array: 0, or -1 with the complete
 * message in 'msg'.
 */
typedef int (*elem_check)(const char *s, char *msg, size_t n);

/*
 * An array of non-empty strings at 'path', each passing 'check' (may be
 * NULL); copied into the arena. Returns 0, or -1 when anything was
 * reported.
 */
static int get_strings(struct ctx *cx, const cJSON *v, const char *path,
		       elem_check check, int allow_empty, const char ***out,
		       size_t *nout)
{
	int n, bad = 0;
	const char **arr;

	if (!cJSON_IsArray(v)) {
		type_error(cx, path, "an array of strings", v);
		return -1;
	}
	n = cJSON_GetArraySize(v);
	if (!n && !allow_empty) {
		perr(cx, path, "must not be empty (use [\"*\"] for all)");
		return -1;
	}
	arr = strs_alloc(cx->p, (size_t)n);
	for (int i = 0; i < n; i++) {
		const cJSON *e = cJSON_GetArrayItem(v, i);
		char *ep = index_path(path, i), msg[384];
		const char *s = get_string(cx, e, ep);

		if (!s)
			bad = 1;
		else if (check && check(s, msg, sizeof(msg))) {
			perr(cx, ep, "%s", msg);
			bad = 1;
		} else {
			arr[i] = arena_strdup(&cx->p->mem, s);
		}
		free(ep);
	}
	*out = arr;
	*nout = (size_t)n;
	return bad ? -1 : 0;
}

/* ---- element checks ---- */

/* An existing check id, one of the manual ids, or a glob matching one. */
static int check_check_ref(const char *s, char *msg, size_t n)
{
	char buf[96], sb[128];
	struct suggestion sg = { s, NULL, 0 };

	if (is_glob(s)) {
		if (glob_matches_any(s))
			return 0;
		snprintf(msg, n, "'%s' matches no check",
			 shown(buf, sizeof(buf), s));
		return -1;
	}
	if (known_id(s))
		return 0;
	suggest_check(&sg);
	snprintf(msg, n, "unknown check '%s'%s", shown(buf, sizeof(buf), s),
		 suggest_text(&sg, sb, sizeof(sb)));
	return -1;
}

static int check_account_glob(const char *s, char *msg, size_t n)
{
	char buf[96];

	if (is_glob(s) || all_digits(s, 12))
		return 0;
	snprintf(msg, n, "'%s' is not an account id (12 digits) or a glob",
		 shown(buf, sizeof(buf), s));
	return -1;
}

static int check_region_glob(const char *s, char *msg, size_t n)
{
	char buf[96];

	if (is_glob(s) || !strcmp(s, "global") || looks_like_region(s))
		return 0;
	snprintf(msg, n,
		 "'%s' is not a region (\"us-east-1\", \"global\") or a glob",
		 shown(buf, sizeof(buf), s));
	return -1;
}

static int check_phase(const char *s, char *msg, size_t n)
{
	enum ir_phase ph;
	char buf[96];

	if (!phase_parse(s, &ph))
		return 0;
	snprintf(msg, n,
		 "'%s' is not a phase (preparation, detection, containment, "
		 "post-incident)",
		 shown(buf, sizeof(buf), s));
	return -1;
}

/* ARN patterns: "arn:" and at least five ':' (six fields). */
static int arn_fields(const char *s)
{
	int colons = 0;

	if (strncmp(s, "arn:", 4))
		return 0;
	for (; *s; s++)
		colons += *s == ':';
	return colons >= 5;
}

/* ---- sections ---- */

static void load_checks(struct ctx *cx, const cJSON *v)
{
	const cJSON *inc, *exc, *ph;
	const char **arr = NULL;
	size_t n = 0;

	if (!cJSON_IsObject(v)) {
		type_error(cx, "$.checks", "an object", v);
		return;
	}
	check_keys(cx, v, "$.checks", checks_keys);
	inc = cJSON_GetObjectItemCaseSensitive(v, "include");
	exc = cJSON_GetObjectItemCaseSensitive(v, "exclude");
	ph = cJSON_GetObjectItemCaseSensitive(v, "phases");
	if (inc || ph) {
		/* include and phases together are the selection */
		cx->ld->have_selection = 1;
		cx->p->include = NULL;
		cx->p->ninclude = 0;
		cx->p->phases = NULL;
		cx->p->nphases = 0;
	}
	if (inc && !get_strings(cx, inc, "$.checks.include", check_check_ref, 1,
				&arr, &n)) {
		cx->p->include = arr;
		cx->p->ninclude = n;
	}
	if (exc && !get_strings(cx, exc, "$.checks.exclude", check_check_ref, 1,
				&arr, &n)) {
		cx->p->exclude = arr;
		cx->p->nexclude = n;
	}
	if (ph &&
	    !get_strings(cx, ph, "$.checks.phases", check_phase, 1, &arr, &n)) {
		enum ir_phase *phases =
			n ? arena_alloc(&cx->p->mem, n * sizeof(*phases))
			  : NULL;

		for (size_t i = 0; i < n; i++)
			phase_parse(arr[i], &phases[i]);
		cx->p->phases = phases;
		cx->p->nphases = n;
	}
}

static void load_overrides(struct ctx *cx, const cJSON *v)
{
	struct policy *p = cx->p;
	struct severity_override *ov;
	size_t n = p->noverrides;

	if (!cJSON_IsObject(v)) {
		type_error(cx, "$.severity_overrides", "an object", v);
		return;
	}
	check_keys(cx, v, "$.severity_overrides", NULL);
	ov = arena_alloc(&p->mem,
			 (n + (size_t)cJSON_GetArraySize(v)) * sizeof(*ov));
	if (n)
		memcpy(ov, p->overrides, n * sizeof(*ov));
	for (const cJSON *e = v->child; e; e = e->next) {
		char *kp = key_path("$.severity_overrides", e->string);
		const struct check *c = check_find(e->string);
		enum severity sev;
		char buf[96], sb[128];
		size_t k;

		if (!c) {
			struct suggestion sg = { e->string, NULL, 0 };

			suggest_check(&sg);
			perr(cx, kp, "unknown check '%s'%s",
			     shown(buf, sizeof(buf), e->string),
			     suggest_text(&sg, sb, sizeof(sb)));
		} else if (!cJSON_IsString(e)) {
			type_error(cx, kp, "a severity string", e);
		} else if (severity_parse(e->valuestring, &sev)) {
			perr(cx, kp,
			     "'%s' is not a severity (critical, high, medium, "
			     "low, info)",
			     shown(buf, sizeof(buf), e->valuestring));
		} else {
			for (k = 0; k < n && ov[k].check != c; k++)
				;
			ov[k].check = c;
			ov[k].severity = sev;
			if (k == n)
				n++;
		}
		free(kp);
	}
	p->overrides = ov;
	p->noverrides = n;
}

static void load_param(struct ctx *cx, const struct param_desc *d,
		       const cJSON *v, const char *path)
{
	struct params *prm = &cx->p->params;
	char *base = (char *)prm;
	char buf[96];

	switch (d->type) {
	case PARAM_DAYS: {
		double x = v->valuedouble;

		if (!cJSON_IsNumber(v)) {
			type_error(cx, path, "a number of days", v);
		} else if (x < 0 || x > (double)PARAM_DAYS_MAX ||
			   x != (double)(long)x) {
			perr(cx, path,
			     "%g is not a whole number of days (0 to %ld)", x,
			     PARAM_DAYS_MAX);
		} else {
			*(long *)(base + d->off) = (long)x;
		}
		break;
	}
	case PARAM_BUCKET:
	case PARAM_ACCOUNT:
	case PARAM_PATTERN: {
		const char *s, *err;

		if (cJSON_IsNull(v) && d->type != PARAM_PATTERN) {
			*(const char **)(base + d->off) = NULL;
			break;
		}
		s = get_string(cx, v, path);
		if (!s)
			break;
		err = params_check_value(d, s);
		if (err) {
			perr(cx, path, "'%s' %s", shown(buf, sizeof(buf), s),
			     err);
			break;
		}
		if (d->type == PARAM_BUCKET)
			s = params_bucket_name(s);
		*(const char **)(base + d->off) = arena_strdup(&cx->p->mem, s);
		break;
	}
	case PARAM_BUCKETS:
	case PARAM_ROLES:
	case PARAM_TOPICS: {
		const char **arr = NULL;
		size_t n = 0;
		int bad = 0;

		if (get_strings(cx, v, path, NULL, 1, &arr, &n))
			break;
		for (size_t i = 0; i < n; i++) {
			const char *err = params_check_value(d, arr[i]);
			char *ep;

			if (!err) {
				if (d->type == PARAM_BUCKETS)
					arr[i] = params_bucket_name(arr[i]);
				continue;
			}
			ep = index_path(path, (int)i);
			perr(cx, ep, "'%s' %s", shown(buf, sizeof(buf), arr[i]),
			     err);
			free(ep);
			bad = 1;
		}
		if (bad)
			break;
		*(const char *const **)(base + d->off) = arr;
		*(size_t *)(base + d->count_off) = n;
		break;
	}
	}
}

static void load_params(struct ctx *cx, const cJSON *v)
{
	if (!cJSON_IsObject(v)) {
		type_error(cx, "$.params", "an object", v);
		return;
	}
	check_keys(cx, v, "$.params", NULL);
	for (const cJSON *e = v->child; e; e = e->next) {
		char *kp = key_path("$.params", e->string);
		const struct param_desc *d = params_find(e->string);

		if (d) {
			load_param(cx, d, e, kp);
		} else {
			struct suggestion sg = { e->string, NULL, 0 };
			char sb[128];

			for (size_t i = 0; i < params_count; i++)
				suggest_try(&sg, params_table[i].name);
			if (sg.best)
				perr(cx, kp, "unknown parameter%s",
				     suggest_text(&sg, sb, sizeof(sb)));
			else
				perr(cx, kp,
				     "unknown parameter (see "
				     "policies/README.md)");
		}
		free(kp);
	}
}

/* A required non-empty string member; NULL after reporting. */
static const char *required(struct ctx *cx, const cJSON *o, const char *path,
			    const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char *kp;
	const char *s;

	if (!v) {
		perr(cx, path, "missing '%s'", key);
		return NULL;
	}
	kp = key_path(path, key);
	s = get_string(cx, v, kp);
	free(kp);
	return s;
}

/* A required "YYYY-MM-DD" member into 't' and 'str'; -1 after reporting. */
static int required_date(struct ctx *cx, const cJSON *o, const char *path,
			 const char *key, time_t *t, char str[11])
{
	const char *s = required(cx, o, path, key);
	char buf[96];

	if (!s)
		return -1;
	if (parse_date(s, t)) {
		char *kp = key_path(path, key);

		perr(cx, kp, "'%s' is not a date (YYYY-MM-DD)",
		     shown(buf, sizeof(buf), s));
		free(kp);
		return -1;
	}
	memcpy(str, s, 11);
	return 0;
}

static const char *const star[] = { "*" };

static int load_waiver(struct ctx *cx, const cJSON *o, const char *path,
		       struct waiver *w)
{
	struct arena *a = &cx->p->mem;
	const cJSON *v;
	const char **arr;
	const char *s;
	char msg[384];
	int before = cx->ld->nerr;

	if (!cJSON_IsObject(o)) {
		type_error(cx, path, "an object", o);
		return -1;
	}
	check_keys(cx, o, path, waiver_keys);
	memset(w, 0, sizeof(*w));
	s = required(cx, o, path, "check");
	if (s && check_check_ref(s, msg, sizeof(msg))) {
		char *kp = key_path(path, "check");

		perr(cx, kp, "%s", msg);
		free(kp);
	}
	w->check = arena_strdup(a, s);

	w->accounts = star;
	w->naccounts = 1;
	v = cJSON_GetObjectItemCaseSensitive(o, "accounts");
	if (v) {
		char *kp = key_path(path, "accounts");

		if (!get_strings(cx, v, kp, check_account_glob, 0, &arr,
				 &w->naccounts))
			w->accounts = arr;
		free(kp);
	}
	w->regions = star;
	w->nregions = 1;
	v = cJSON_GetObjectItemCaseSensitive(o, "regions");
	if (v) {
		char *kp = key_path(path, "regions");

		if (!get_strings(cx, v, kp, check_region_glob, 0, &arr,
				 &w->nregions))
			w->regions = arr;
		free(kp);
	}
	w->resource = "*";
	v = cJSON_GetObjectItemCaseSensitive(o, "resource");
	if (v) {
		char *kp = key_path(path, "resource");
		char buf[96];

		s = get_string(cx, v, kp);
		if (s && !strncmp(s, "arn:", 4) && !arn_fields(s))
			perr(cx, kp,
			     "'%s' is not an ARN pattern "
			     "(arn:partition:service:region:account:resource)",
			     shown(buf, sizeof(buf), s));
		else if (s)
			w->resource = arena_strdup(a, s);
		free(kp);
	}
	w->reason = arena_strdup(a, required(cx, o, path, "reason"));
	w->owner = arena_strdup(a, required(cx, o, path, "owner"));
	v = cJSON_GetObjectItemCaseSensitive(o, "ticket");
	if (v && !cJSON_IsNull(v)) {
		char *kp = key_path(path, "ticket");

		w->ticket = arena_strdup(a, get_string(cx, v, kp));
		free(kp);
	}
	required_date(cx, o, path, "expires", &w->expires, w->expires_str);
	w->origin = arena_printf(a, "%s: %s", cx->file, path);
	return cx->ld->nerr == before ? 0 : -1;
}

static void load_waivers(struct ctx *cx, const cJSON *v)
{
	struct policy *p = cx->p;
	struct waiver *ws;
	size_t n = p->nwaivers;
	int m;

	if (!cJSON_IsArray(v)) {
		type_error(cx, "$.waivers", "an array of waivers", v);
		return;
	}
	m = cJSON_GetArraySize(v);
	if (!m)
		return;
	ws = arena_alloc(&p->mem, (n + (size_t)m) * sizeof(*ws));
	if (n)
		memcpy(ws, p->waivers, n * sizeof(*ws));
	for (int i = 0; i < m; i++) {
		char *ip = index_path("$.waivers", i);

		if (!load_waiver(cx, cJSON_GetArrayItem(v, i), ip, &ws[n]))
			n++;
		free(ip);
	}
	p->waivers = ws;
	p->nwaivers = n;
}

static int load_attestation(struct ctx *cx, const cJSON *o, const char *path,
			    struct attestation *at)
{
	struct arena *a = &cx->p->mem;
	const char *s;
	char buf[96];
	int before = cx->ld->nerr;

	if (!cJSON_IsObject(o)) {
		type_error(cx, path, "an object", o);
		return -1;
	}
	check_keys(cx, o, path, attestation_keys);
	memset(at, 0, sizeof(*at));
	s = required(cx, o, path, "check");
	if (s && !is_manual_id(s)) {
		char *kp = key_path(path, "check");

		perr(cx, kp,
		     "'%s' is not a manual check (game_day_recent, "
		     "ir_plan_tested, lessons_learned_recorded, "
		     "rpo_rto_defined)",
		     shown(buf, sizeof(buf), s));
		free(kp);
	}
	at->check = arena_strdup(a, s);
	required_date(cx, o, path, "date", &at->date, at->date_str);
	at->evidence = arena_strdup(a, required(cx, o, path, "evidence"));
	at->owner = arena_strdup(a, required(cx, o, path, "owner"));
	at->origin = arena_printf(a, "%s: %s", cx->file, path);
	return cx->ld->nerr == before ? 0 : -1;
}

static void load_attestations(struct ctx *cx, const cJSON *v)
{
	struct policy *p = cx->p;
	struct attestation *as;
	size_t n = p->nattestations;
	int m;

	if (!cJSON_IsArray(v)) {
		type_error(cx, "$.attestations", "an array of attestations", v);
		return;
	}
	m = cJSON_GetArraySize(v);
	if (!m)
		return;
	as = arena_alloc(&p->mem, (n + (size_t)m) * sizeof(*as));
	if (n)
		memcpy(as, p->attestations, n * sizeof(*as));
	for (int i = 0; i < m; i++) {
		char *ip = index_path("$.attestations", i);

		if (!load_attestation(cx, cJSON_GetArrayItem(v, i), ip, &as[n]))
			n++;
		free(ip);
	}
	p->attestations = as;
	p->nattestations = n;
}

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

/* The directories that may hold shipped profiles, in search order. */
static size_t profile_dirs(char dirs[][PATH_MAX], size_t max)
{
	const char *env = getenv("IRREADY_POLICY_DIR");
	char exe[PATH_MAX];
	ssize_t n;
	size_t k = 0;

	if (env && *env && k < max)
		snprintf(dirs[k++], PATH_MAX, "%s", env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (k < max)
				snprintf(dirs[k++], PATH_MAX,
					 "%.*s/../policies", PATH_MAX - 16,
					 exe);
			if (k < max)
				snprintf(dirs[k++], PATH_MAX, "%.*s/policies",
					 PATH_MAX - 16, exe);
		}
	}
	if (k < max)
		snprintf(dirs[k++], PATH_MAX, "%s/policies", IRREADY_DATADIR);
	if (k < max)
		snprintf(dirs[k++], PATH_MAX, "policies");
	return k;
}

/*
 * The file of shipped profile 'name' (caller frees), or NULL with the
 * directories searched in 'looked' (caller releases).
 */
static char *find_profile(const char *name, struct strbuf *looked)
{
	char dirs[6][PATH_MAX];
	size_t n = profile_dirs(dirs, ARRAY_SIZE(dirs));

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
		suggest_try(&sg, names[i]);
	if (sg.best)
		snprintf(buf, n, "unknown profile '%s' (did you mean '%s'?)",
			 shown(nb, sizeof(nb), name), sg.best);
	else
		snprintf(buf, n,
			 "unknown profile '%s' (shipped: %s; looked in %s)",
			 shown(nb, sizeof(nb), name), shipped_profiles,
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
	ext = get_string(cx, v, "$.extends");
	if (!ext)
		return;
	if (is_profile_name(ext)) {
		struct strbuf looked = STRBUF_INIT;

		path = find_profile(ext, &looked);
		if (!path)
			perr(cx, "$.extends", "%s",
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
		type_error(cx, "$", "an object", root);
		return;
	}
	check_keys(cx, root, "$", top_keys);
	v = cJSON_GetObjectItemCaseSensitive(root, "extends");
	if (v)
		load_extends(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "name");
	if (v) {
		const char *s = get_string(cx, v, "$.name");

		if (s && cx->ld->depth == 1)
			cx->ld->top_name = arena_strdup(&cx->p->mem, s);
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "description");
	if (v)
		get_string(cx, v, "$.description");
	v = cJSON_GetObjectItemCaseSensitive(root, "checks");
	if (v)
		load_checks(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "severity_overrides");
	if (v)
		load_overrides(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "params");
	if (v)
		load_params(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "waivers");
	if (v)
		load_waivers(cx, v);
	v = cJSON_GetObjectItemCaseSensitive(root, "attestations");
	if (v)
		load_attestations(cx, v);
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
 * Load 'file' into ld->p: its parents first (through "extends"), then its
 * own keys. 'from' is the file that extends it (NULL for the top one):
 * problems finding or reading 'file' are reported there, at $.extends.
 */
static void load_file(struct loader *ld, const char *file, struct ctx *from)
{
	struct ctx cx = { ld, ld->p, NULL };
	struct strbuf sb = STRBUF_INIT;
	char *real = NULL;
	const char *body, *end = NULL;
	cJSON *root = NULL;
	enum safefile_err sf = SAFEFILE_OK;
	int rc, err;

	cx.file = arena_strdup(&ld->p->mem, file);
	if (ld->depth >= POLICY_MAX_DEPTH) {
		perr(from, "$.extends", "extends chain longer than %d files",
		     POLICY_MAX_DEPTH);
		return;
	}
	strbuf_init(&sb, POLICY_MAX_BYTES);
	errno = 0;
	real = realpath(file, NULL);
	err = errno;
	if (real) {
		for (int i = 0; i < ld->depth; i++) {
			struct strbuf chain = STRBUF_INIT;

			if (strcmp(ld->real[i], real))
				continue;
			for (int k = 0; k < ld->depth; k++)
				strbuf_addf(&chain, "%s -> ", ld->chain[k]);
			strbuf_adds(&chain, cx.file);
			perr(from, "$.extends", "cycle: %s",
			     strbuf_str(&chain));
			strbuf_release(&chain);
			goto out;
		}
	}
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
			perr(from, "$.extends", "cannot read '%s': %s", cx.file,
			     why);
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

	body = strbuf_str(&sb);
	if (memchr(body, '\0', sb.len)) {
		error_rc(IRREADY_EPOLICY, "%s: not a JSON text (NUL byte)",
			 cx.file);
		ld->nerr++;
		goto pop;
	}
	if (sb.len >= 3 && !memcmp(body, "\xef\xbb\xbf", 3))
		body += 3; /* a UTF-8 byte order mark */
	root = cJSON_ParseWithLengthOpts(body, strlen(body) + 1, &end, 1);
	if (!root) {
		int line, col;

		locate(body, end ? end : body, &line, &col);
		error_rc(IRREADY_EPOLICY,
			 "%s: invalid JSON at line %d, column %d", cx.file,
			 line, col);
		ld->nerr++;
		goto pop;
	}
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
					 shown(nb, sizeof(nb), file_or_profile),
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
		out->include = star;
		out->ninclude = 1;
	}
	aws_sha256_hex(strbuf_str(&ld.bytes), ld.bytes.len, out->digest);
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

size_t policy_select(const struct policy *p, const struct check **out)
{
	size_t n = 0;

	for (size_t i = 0; i < check_count; i++)
		if (policy_selects(p, check_registry[i]))
			out[n++] = check_registry[i];
	return n;
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

	format_date(now, today);
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

int policy_waiver_expired(const struct waiver *w, time_t now)
{
	return now >= w->expires + 86400;
}

/*
 * Split an ARN (or ARN pattern) into its six fields, the last one being
 * everything after the fifth ':'. 'buf' receives a copy with the first
 * five ':' turned into NULs (caller frees). Returns 0, or -1 when 's' is
 * not an ARN.
 */
static int arn_split(const char *s, char **buf, const char *f[6])
{
	char *c;
	int k = 1;

	if (!arn_fields(s))
		return -1;
	*buf = xstrdup(s);
	f[0] = *buf;
	for (c = *buf; *c && k < 6; c++) {
		if (*c == ':') {
			*c = '\0';
			f[k++] = c + 1;
		}
	}
	return 0;
}

/* The part of an ARN resource field after "type/" or "type:", or NULL. */
static const char *after_type(const char *res)
{
	const char *c = res + strcspn(res, "/:");

	return *c ? c + 1 : NULL;
}

/* An ARN field pattern: empty or "*" matches anything. */
static int field_ok(const char *pat, const char *s)
{
	return !*pat || !fnmatch(pat, s, 0);
}

/*
 * Whether resource pattern 'pat' covers resource 'id' of a finding in
 * 'account' and 'region'. A plain glob matches the id; against an ARN it
 * also matches the ARN's resource field or the part after its type
 * ("vpc-0abc*" covers arn:aws:ec2:...:vpc/vpc-0abc1). An ARN pattern
 * matches an ARN field by field; against a bare id its account and
 * region fields must match the finding's and its resource field (or the
 * part after the type) the id.
 */
static int match_resource(const char *pat, const char *id, const char *account,
			  const char *region)
{
	char *pb = NULL, *ib = NULL;
	const char *pf[6], *rf[6], *t;
	int pa, ia, hit = 0;

	pa = !arn_split(pat, &pb, pf);
	ia = !arn_split(id, &ib, rf);
	if (pa && ia) {
		hit = 1;
		for (int i = 0; i < 6 && hit; i++)
			hit = !fnmatch(pf[i], rf[i], 0);
	} else if (pa) {
		hit = field_ok(pf[3], region) && field_ok(pf[4], account) &&
		      (!fnmatch(pf[5], id, 0) ||
		       ((t = after_type(pf[5])) && !fnmatch(t, id, 0)));
	} else if (!fnmatch(pat, id, 0)) {
		hit = 1;
	} else if (ia) {
		hit = !fnmatch(pat, rf[5], 0) ||
		      ((t = after_type(rf[5])) && !fnmatch(pat, t, 0));
	}
	free(pb);
	free(ib);
	return hit;
}

static int any_match(const char *const *pats, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!fnmatch(pats[i], s, 0))
			return 1;
	return 0;
}

static int waiver_matches(const struct waiver *w, const struct finding *x)
{
	return x->check && !fnmatch(w->check, x->check->id, 0) &&
	       any_match(w->accounts, w->naccounts, x->account_id) &&
	       any_match(w->regions, w->nregions, x->region) &&
	       match_resource(w->resource, x->resource_id, x->account_id,
			      x->region);
}

void policy_apply_waivers(struct policy *p, struct findings *f, time_t now)
{
	for (size_t i = 0; i < f->n; i++) {
		struct finding *x = &f->v[i];

		if (x->status != CHECK_FAIL)
			continue;
		for (size_t k = 0; k < p->nwaivers; k++) {
			struct waiver *w = &p->waivers[k];

			if (policy_waiver_expired(w, now) ||
			    !waiver_matches(w, x))
				continue;
			x->status = CHECK_WAIVED;
			free(x->waiver);
			x->waiver = xasprintf(
				"%s (%s%s%s, until %s)", w->reason, w->owner,
				w->ticket ? ", " : "",
				w->ticket ? w->ticket : "", w->expires_str);
			w->matched++;
			break;
		}
	}
}

enum waiver_state policy_waiver_state(const struct waiver *w, time_t now)
{
	if (policy_waiver_expired(w, now))
		return WAIVER_EXPIRED;
	return w->matched ? WAIVER_ACTIVE : WAIVER_UNUSED;
}

const char *waiver_state_name(enum waiver_state s)
{
	switch (s) {
	case WAIVER_ACTIVE:
		return "active";
	case WAIVER_UNUSED:
		return "unused";
	case WAIVER_EXPIRED:
		return "expired";
	}
	return "?";
}

void policy_warn_waivers(const struct policy *p, time_t now)
{
	for (size_t i = 0; i < p->nwaivers; i++) {
		const struct waiver *w = &p->waivers[i];

		switch (policy_waiver_state(w, now)) {
		case WAIVER_EXPIRED:
			warning("waiver %s (%s) expired on %s and no longer "
				"applies",
				w->origin, w->check, w->expires_str);
			break;
		case WAIVER_UNUSED:
			warning("waiver %s (%s) matched no failing finding",
				w->origin, w->check);
			break;
		case WAIVER_ACTIVE:
			break;
		}
	}
}

const struct attestation *policy_attestation(const struct policy *p,
					     const char *check_id, time_t now)
{
	const struct attestation *best = NULL;

	for (size_t i = 0; i < p->nattestations; i++) {
		const struct attestation *a = &p->attestations[i];

		if (strcmp(a->check, check_id) || a->date > now)
			continue;
		if (!best || a->date > best->date)
			best = a;
	}
	return best;
}

void policy_apply_attestations(const struct policy *p, struct findings *f,
			       time_t now)
{
	long max = p->params.attestation_max_age_days;

	for (size_t i = 0; i < f->n; i++) {
		struct finding *x = &f->v[i];
		const struct attestation *a;
		long age;

		if (x->status != CHECK_MANUAL || !x->check)
			continue;
		a = policy_attestation(p, x->check->id, now);
		if (!a)
			continue;
		age = days_between(a->date, now);
		free(x->message);
		if (age <= max) {
			x->status = x->verdict = CHECK_PASS;
			x->message =
				xasprintf("attested on %s by %s: %s",
					  a->date_str, a->owner, a->evidence);
		} else {
			x->message = xasprintf("last attested on %s by %s, "
					       "%ld days ago (more than %ld): "
					       "attest again",
					       a->date_str, a->owner, age, max);
		}
	}
}
