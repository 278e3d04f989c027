/*
 * policy_json.c -- reading a policy's JSON: messages, paths, getters and
 * the checks of single values
 *
 * The helpers the loader (policy.c) and the section readers
 * (policy_sections.c) share: error messages that name the file and the
 * JSON path ("$.waivers[2].expires"), "did you mean" suggestions, dates,
 * regions, check ids and globs, and getters that copy strings into the
 * policy's arena. Declared in policy_int.h; cJSON stays in these files.
 */
#include "policy.h"
#include "policy_int.h"
#include "check.h"
#include "irready.h"
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

/* ---- messages ---- */

/*
 * Copy 's' into 'buf' for a message: control bytes become '?', and long
 * strings are cut with "...", so a hostile policy cannot scribble on the
 * terminal.
 */
const char *policy_shown(char *buf, size_t n, const char *s)
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

void policy_perr(struct ctx *cx, const char *path, const char *fmt, ...)
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

void policy_type_error(struct ctx *cx, const char *path, const char *want,
		       const cJSON *v)
{
	policy_perr(cx, path, "expected %s, got %s", want, type_name(v));
}

/* "$.a" + "b" -> "$.a.b", or "$.a[\"odd key\"]" (caller frees) */
char *policy_key_path(const char *parent, const char *key)
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
		for (const char *k = policy_shown(buf, sizeof(buf), key); *k;
		     k++) {
			if (*k == '"' || *k == '\\')
				strbuf_addch(&sb, '\\');
			strbuf_addch(&sb, *k);
		}
		strbuf_adds(&sb, "\"]");
	}
	return strbuf_detach(&sb, NULL);
}

char *policy_index_path(const char *parent, int i)
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

void policy_suggest_try(struct suggestion *s, const char *cand)
{
	size_t d = distance(s->word, cand);
	size_t limit = strlen(s->word) / 3 + 1;

	if (d <= limit && (!s->best || d < s->dist)) {
		s->best = cand;
		s->dist = d;
	}
}

/* " (did you mean 'x'?)" or "" */
const char *policy_suggest_text(const struct suggestion *s, char *buf, size_t n)
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

int policy_is_manual_id(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(manual_ids); i++)
		if (!strcmp(manual_ids[i], id))
			return 1;
	return 0;
}

static int known_id(const char *id)
{
	return check_find(id) || policy_is_manual_id(id);
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

void policy_suggest_check(struct suggestion *s)
{
	for (size_t i = 0; i < check_count; i++)
		policy_suggest_try(s, check_registry[i]->id);
	for (size_t i = 0; i < ARRAY_SIZE(manual_ids); i++)
		policy_suggest_try(s, manual_ids[i]);
}

/*
 * "YYYY-MM-DD", a real calendar date; 'out' = 00:00:00 UTC that day.
 * (parse_iso8601() takes February 30th; a policy date must not.)
 */
int policy_parse_date(const char *s, time_t *out)
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

void policy_format_date(time_t t, char buf[11])
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
void policy_check_keys(struct ctx *cx, const cJSON *o, const char *path,
		       const char *const *keys)
{
	for (const cJSON *k = o->child; k; k = k->next) {
		char *kp = policy_key_path(path, k->string);
		int dup = 0, known = !keys;

		for (const cJSON *e = o->child; e != k; e = e->next)
			dup |= !strcmp(e->string, k->string);
		for (size_t i = 0; keys && keys[i]; i++)
			known |= !strcmp(keys[i], k->string);
		if (dup) {
			policy_perr(cx, kp, "duplicate key");
		} else if (!known) {
			struct suggestion s = { k->string, NULL, 0 };
			struct strbuf list = STRBUF_INIT;
			char sb[128];

			for (size_t i = 0; keys[i]; i++) {
				policy_suggest_try(&s, keys[i]);
				strbuf_addf(&list, "%s%s", i ? ", " : "",
					    keys[i]);
			}
			if (s.best)
				policy_perr(cx, kp, "unknown key%s",
					    policy_suggest_text(&s, sb,
								sizeof(sb)));
			else
				policy_perr(cx, kp, "unknown key (expected %s)",
					    strbuf_str(&list));
			strbuf_release(&list);
		}
		free(kp);
	}
}

/*
 * A non-empty string at 'path', or NULL after reporting what is wrong.
 */
const char *policy_get_string(struct ctx *cx, const cJSON *v, const char *path)
{
	if (!cJSON_IsString(v)) {
		policy_type_error(cx, path, "a string", v);
		return NULL;
	}
	if (!*v->valuestring ||
	    strspn(v->valuestring, " \t\r\n") == strlen(v->valuestring)) {
		policy_perr(cx, path, "must not be empty");
		return NULL;
	}
	return v->valuestring;
}

/*
 * Checks one element of a string array: 0, or -1 with the complete
 * message in 'msg'.
 */

/*
 * An array of non-empty strings at 'path', each passing 'check' (may be
 * NULL); copied into the arena. Returns 0, or -1 when anything was
 * reported.
 */
int policy_get_strings(struct ctx *cx, const cJSON *v, const char *path,
		       elem_check check, int allow_empty, const char ***out,
		       size_t *nout)
{
	int n, bad = 0;
	const char **arr;

	if (!cJSON_IsArray(v)) {
		policy_type_error(cx, path, "an array of strings", v);
		return -1;
	}
	n = cJSON_GetArraySize(v);
	if (!n && !allow_empty) {
		policy_perr(cx, path,
			    "must not be empty (use [\"*\"] for all)");
		return -1;
	}
	arr = strs_alloc(cx->p, (size_t)n);
	for (int i = 0; i < n; i++) {
		const cJSON *e = cJSON_GetArrayItem(v, i);
		char *ep = policy_index_path(path, i), msg[384];
		const char *s = policy_get_string(cx, e, ep);

		if (!s)
			bad = 1;
		else if (check && check(s, msg, sizeof(msg))) {
			policy_perr(cx, ep, "%s", msg);
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
int policy_check_check_ref(const char *s, char *msg, size_t n)
{
	char buf[96], sb[128];
	struct suggestion sg = { s, NULL, 0 };

	if (is_glob(s)) {
		if (glob_matches_any(s))
			return 0;
		snprintf(msg, n, "'%s' matches no check",
			 policy_shown(buf, sizeof(buf), s));
		return -1;
	}
	if (known_id(s))
		return 0;
	policy_suggest_check(&sg);
	snprintf(msg, n, "unknown check '%s'%s",
		 policy_shown(buf, sizeof(buf), s),
		 policy_suggest_text(&sg, sb, sizeof(sb)));
	return -1;
}

int policy_check_account_glob(const char *s, char *msg, size_t n)
{
	char buf[96];

	if (is_glob(s) || all_digits(s, 12))
		return 0;
	snprintf(msg, n, "'%s' is not an account id (12 digits) or a glob",
		 policy_shown(buf, sizeof(buf), s));
	return -1;
}

int policy_check_region_glob(const char *s, char *msg, size_t n)
{
	char buf[96];

	if (is_glob(s) || !strcmp(s, "global") || looks_like_region(s))
		return 0;
	snprintf(msg, n,
		 "'%s' is not a region (\"us-east-1\", \"global\") or a glob",
		 policy_shown(buf, sizeof(buf), s));
	return -1;
}

int policy_check_phase(const char *s, char *msg, size_t n)
{
	enum ir_phase ph;
	char buf[96];

	if (!phase_parse(s, &ph))
		return 0;
	snprintf(msg, n,
		 "'%s' is not a phase (preparation, detection, containment, "
		 "post-incident)",
		 policy_shown(buf, sizeof(buf), s));
	return -1;
}

/* ARN patterns: "arn:" and at least five ':' (six fields). */
int policy_arn_fields(const char *s)
{
	int colons = 0;

	if (strncmp(s, "arn:", 4))
		return 0;
	for (; *s; s++)
		colons += *s == ':';
	return colons >= 5;
}
