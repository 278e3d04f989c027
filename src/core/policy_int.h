/*
 * policy_int.h -- what the parts of the policy loader share
 *
 * policy.c reads files and follows the extends chain, policy_sections.c
 * reads each top-level section, policy_json.c holds the helpers both use
 * (messages with JSON paths, suggestions, getters, value checks) and
 * policy_waivers.c applies waivers. Not for use outside src/core/policy*.c.
 *
 * Ownership: strings returned by the getters live in the policy's arena;
 * policy_key_path() and policy_index_path() return malloc'd strings the
 * caller frees.
 */
#ifndef POLICY_INT_H
#define POLICY_INT_H

#include <cJSON.h>
#include <stddef.h>
#include <time.h>

#include "policy.h"
#include "strbuf.h"

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

/* "*": the default of a waiver's accounts and regions, and of include. */
extern const char *const policy_star[1];

/* ---- messages (policy_json.c) ---- */

/* 's' made safe for a message: control bytes '?', long strings cut. */
const char *policy_shown(char *buf, size_t n, const char *s);
/* "FILE: PATH: message", counted as an error of the load. */
void policy_perr(struct ctx *cx, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "expected WANT, got TYPE-OF-V" at 'path'. */
void policy_type_error(struct ctx *cx, const char *path, const char *want,
		       const cJSON *v);
/* "$.parent.key" (or $.parent["odd key"]) and "$.parent[i]"; malloc'd. */
char *policy_key_path(const char *parent, const char *key);
char *policy_index_path(const char *parent, int i);

/* "did you mean" for 'word': feed candidates, then read the text. */
struct suggestion {
	const char *word;
	const char *best;
	size_t dist;
};
void policy_suggest_try(struct suggestion *s, const char *cand);
const char *policy_suggest_text(const struct suggestion *s, char *buf,
				size_t n);
/* Every check id and MANUAL item as a candidate. */
void policy_suggest_check(struct suggestion *s);

/* ---- small validators (policy_json.c) ---- */

int policy_is_manual_id(const char *id);
/* "YYYY-MM-DD" as midnight UTC; 0 or -1. */
int policy_parse_date(const char *s, time_t *out);
void policy_format_date(time_t t, char buf[11]);
/* ARN patterns: "arn:" and at least five ':' (six fields). */
int policy_arn_fields(const char *s);

/* ---- getters (policy_json.c) ---- */

/* Report every key of object 'o' not in 'keys' (NULL-terminated). */
void policy_check_keys(struct ctx *cx, const cJSON *o, const char *path,
		       const char *const *keys);
/* A non-empty string at 'path', copied into the arena, or NULL. */
const char *policy_get_string(struct ctx *cx, const cJSON *v, const char *path);
/* Checks one element: 0, or -1 with a reason in 'msg'. */
typedef int (*elem_check)(const char *s, char *msg, size_t n);
/*
 * An array of non-empty strings at 'path', each passing 'check' (may be
 * NULL); copied into the arena. Returns 0, or -1 when anything was
 * reported.
 */
int policy_get_strings(struct ctx *cx, const cJSON *v, const char *path,
		       elem_check check, int allow_empty, const char ***out,
		       size_t *nout);
int policy_check_check_ref(const char *s, char *msg, size_t n);
int policy_check_account_glob(const char *s, char *msg, size_t n);
int policy_check_region_glob(const char *s, char *msg, size_t n);
int policy_check_phase(const char *s, char *msg, size_t n);

/* ---- sections (policy_sections.c), merged into cx->p ---- */

void policy_load_checks(struct ctx *cx, const cJSON *v);
void policy_load_overrides(struct ctx *cx, const cJSON *v);
void policy_load_rates(struct ctx *cx, const cJSON *v);
void policy_load_params(struct ctx *cx, const cJSON *v);
void policy_load_waivers(struct ctx *cx, const cJSON *v);
void policy_load_attestations(struct ctx *cx, const cJSON *v);

#endif
