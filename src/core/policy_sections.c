/*
 * policy_sections.c -- the sections of a policy file
 *
 * One reader per top-level key: "checks" (include, exclude, phases),
 * "severity_overrides", "params" (through the params table in params.c),
 * "rates" (request rates, aws_rate.h), "waivers" and "attestations". Each
 * validates what it reads, reports every problem with its JSON path
 * (policy_perr()) and merges the result into the policy being loaded, as
 * documented in policy.h. Called by policy.c for each file of the extends
 * chain, parent first.
 */
#include "policy.h"
#include "policy_int.h"
#include "check.h"
#include "aws.h"
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

static const char *const checks_keys[] = { "include", "exclude", "phases",
					   NULL };
static const char *const waiver_keys[] = { "check",    "accounts", "regions",
					   "resource", "reason",   "owner",
					   "ticket",   "expires",  NULL };
static const char *const attestation_keys[] = { "check", "date", "evidence",
						"owner", NULL };

/* ---- sections ---- */

void policy_load_checks(struct ctx *cx, const cJSON *v)
{
	const cJSON *inc, *exc, *ph;
	const char **arr = NULL;
	size_t n = 0;

	if (!cJSON_IsObject(v)) {
		policy_type_error(cx, "$.checks", "an object", v);
		return;
	}
	policy_check_keys(cx, v, "$.checks", checks_keys);
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
	if (inc && !policy_get_strings(cx, inc, "$.checks.include",
				       policy_check_check_ref, 1, &arr, &n)) {
		cx->p->include = arr;
		cx->p->ninclude = n;
	}
	if (exc && !policy_get_strings(cx, exc, "$.checks.exclude",
				       policy_check_check_ref, 1, &arr, &n)) {
		cx->p->exclude = arr;
		cx->p->nexclude = n;
	}
	if (ph && !policy_get_strings(cx, ph, "$.checks.phases",
				      policy_check_phase, 1, &arr, &n)) {
		enum ir_phase *phases =
			n ? arena_alloc(&cx->p->mem, n * sizeof(*phases))
			  : NULL;

		for (size_t i = 0; i < n; i++)
			phase_parse(arr[i], &phases[i]);
		cx->p->phases = phases;
		cx->p->nphases = n;
	}
}

void policy_load_overrides(struct ctx *cx, const cJSON *v)
{
	struct policy *p = cx->p;
	struct severity_override *ov;
	size_t n = p->noverrides;

	if (!cJSON_IsObject(v)) {
		policy_type_error(cx, "$.severity_overrides", "an object", v);
		return;
	}
	policy_check_keys(cx, v, "$.severity_overrides", NULL);
	ov = arena_alloc(&p->mem,
			 (n + (size_t)cJSON_GetArraySize(v)) * sizeof(*ov));
	if (n)
		memcpy(ov, p->overrides, n * sizeof(*ov));
	for (const cJSON *e = v->child; e; e = e->next) {
		char *kp = policy_key_path("$.severity_overrides", e->string);
		const struct check *c = check_find(e->string);
		enum severity sev;
		char buf[96], sb[128];
		size_t k;

		if (!c) {
			struct suggestion sg = { e->string, NULL, 0 };

			policy_suggest_check(&sg);
			policy_perr(cx, kp, "unknown check '%s'%s",
				    policy_shown(buf, sizeof(buf), e->string),
				    policy_suggest_text(&sg, sb, sizeof(sb)));
		} else if (!cJSON_IsString(e)) {
			policy_type_error(cx, kp, "a severity string", e);
		} else if (severity_parse(e->valuestring, &sev)) {
			policy_perr(
				cx, kp,
				"'%s' is not a severity (critical, high, "
				"medium, "
				"low, info)",
				policy_shown(buf, sizeof(buf), e->valuestring));
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
			policy_type_error(cx, path, "a number of days", v);
		} else if (x < 0 || x > (double)PARAM_DAYS_MAX ||
			   x != (double)(long)x) {
			policy_perr(
				cx, path,
				"%g is not a whole number of days (0 to %ld)",
				x, PARAM_DAYS_MAX);
		} else {
			*(long *)(base + d->off) = (long)x;
		}
		break;
	}
	case PARAM_BUCKET:
	case PARAM_ACCOUNT:
	case PARAM_PATTERN:
	case PARAM_TAG_KEY: {
		const char *s, *err;

		if (cJSON_IsNull(v) && d->type != PARAM_PATTERN &&
		    d->type != PARAM_TAG_KEY) {
			*(const char **)(base + d->off) = NULL;
			break;
		}
		s = policy_get_string(cx, v, path);
		if (!s)
			break;
		err = params_check_value(d, s);
		if (err) {
			policy_perr(cx, path, "'%s' %s",
				    policy_shown(buf, sizeof(buf), s), err);
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

		if (policy_get_strings(cx, v, path, NULL, 1, &arr, &n))
			break;
		for (size_t i = 0; i < n; i++) {
			const char *err = params_check_value(d, arr[i]);
			char *ep;

			if (!err) {
				if (d->type == PARAM_BUCKETS)
					arr[i] = params_bucket_name(arr[i]);
				continue;
			}
			ep = policy_index_path(path, (int)i);
			policy_perr(cx, ep, "'%s' %s",
				    policy_shown(buf, sizeof(buf), arr[i]),
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

void policy_load_params(struct ctx *cx, const cJSON *v)
{
	if (!cJSON_IsObject(v)) {
		policy_type_error(cx, "$.params", "an object", v);
		return;
	}
	policy_check_keys(cx, v, "$.params", NULL);
	for (const cJSON *e = v->child; e; e = e->next) {
		char *kp = policy_key_path("$.params", e->string);
		const struct param_desc *d = params_find(e->string);

		if (d) {
			load_param(cx, d, e, kp);
		} else {
			struct suggestion sg = { e->string, NULL, 0 };
			char sb[128];

			for (size_t i = 0; i < params_count; i++)
				policy_suggest_try(&sg, params_table[i].name);
			if (sg.best)
				policy_perr(cx, kp, "unknown parameter%s",
					    policy_suggest_text(&sg, sb,
								sizeof(sb)));
			else
				policy_perr(cx, kp,
					    "unknown parameter (see "
					    "policies/README.md)");
		}
		free(kp);
	}
}

/* A required non-empty string member; NULL after reporting. */
/*
 * "rates": {"SERVICE": N, "SERVICE:Action": N}, requests per second per
 * account and Region (N > 0); a key the parent set is replaced.
 */
void policy_load_rates(struct ctx *cx, const cJSON *v)
{
	struct policy *p = cx->p;
	struct policy_rate *r;
	size_t n = p->nrates;

	if (!cJSON_IsObject(v)) {
		policy_type_error(cx, "$.rates", "an object", v);
		return;
	}
	r = arena_alloc(&p->mem,
			(n + (size_t)cJSON_GetArraySize(v)) * sizeof(*r));
	if (n)
		memcpy(r, p->rates, n * sizeof(*r));
	for (const cJSON *e = v->child; e; e = e->next) {
		char *kp = policy_key_path("$.rates", e->string);
		const char *colon = strchr(e->string, ':');
		char *svc =
			xstrndup(e->string, colon ? (size_t)(colon - e->string)
						  : strlen(e->string));
		char buf[96];
		size_t k;

		if (!aws_service_find(svc) || (colon && !colon[1])) {
			policy_perr(cx, kp,
				    "'%s' is not SERVICE or SERVICE:Action of "
				    "a service irready calls",
				    policy_shown(buf, sizeof(buf), e->string));
		} else if (!cJSON_IsNumber(e)) {
			policy_type_error(cx, kp,
					  "a number of requests per second", e);
		} else if (!(e->valuedouble > 0) || e->valuedouble > 1e6) {
			policy_perr(cx, kp,
				    "%g is not a rate: requests per second "
				    "above 0, at most 1000000",
				    e->valuedouble);
		} else {
			const char *act = colon ? colon + 1 : NULL;

			for (k = 0; k < n; k++)
				if (!strcmp(r[k].service, svc) &&
				    !!r[k].action == !!act &&
				    (!act || !strcmp(r[k].action, act)))
					break;
			r[k].service = arena_strdup(&p->mem, svc);
			r[k].action = act ? arena_strdup(&p->mem, act) : NULL;
			r[k].rate = e->valuedouble;
			if (k == n)
				n++;
		}
		free(svc);
		free(kp);
	}
	p->rates = r;
	p->nrates = n;
}

static const char *required(struct ctx *cx, const cJSON *o, const char *path,
			    const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char *kp;
	const char *s;

	if (!v) {
		policy_perr(cx, path, "missing '%s'", key);
		return NULL;
	}
	kp = policy_key_path(path, key);
	s = policy_get_string(cx, v, kp);
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
	if (policy_parse_date(s, t)) {
		char *kp = policy_key_path(path, key);

		policy_perr(cx, kp, "'%s' is not a date (YYYY-MM-DD)",
			    policy_shown(buf, sizeof(buf), s));
		free(kp);
		return -1;
	}
	memcpy(str, s, 11);
	return 0;
}

const char *const policy_star[1] = { "*" };

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
		policy_type_error(cx, path, "an object", o);
		return -1;
	}
	policy_check_keys(cx, o, path, waiver_keys);
	memset(w, 0, sizeof(*w));
	s = required(cx, o, path, "check");
	if (s && policy_check_check_ref(s, msg, sizeof(msg))) {
		char *kp = policy_key_path(path, "check");

		policy_perr(cx, kp, "%s", msg);
		free(kp);
	}
	w->check = arena_strdup(a, s);

	w->accounts = policy_star;
	w->naccounts = 1;
	v = cJSON_GetObjectItemCaseSensitive(o, "accounts");
	if (v) {
		char *kp = policy_key_path(path, "accounts");

		if (!policy_get_strings(cx, v, kp, policy_check_account_glob, 0,
					&arr, &w->naccounts))
			w->accounts = arr;
		free(kp);
	}
	w->regions = policy_star;
	w->nregions = 1;
	v = cJSON_GetObjectItemCaseSensitive(o, "regions");
	if (v) {
		char *kp = policy_key_path(path, "regions");

		if (!policy_get_strings(cx, v, kp, policy_check_region_glob, 0,
					&arr, &w->nregions))
			w->regions = arr;
		free(kp);
	}
	w->resource = "*";
	v = cJSON_GetObjectItemCaseSensitive(o, "resource");
	if (v) {
		char *kp = policy_key_path(path, "resource");
		char buf[96];

		s = policy_get_string(cx, v, kp);
		if (s && !strncmp(s, "arn:", 4) && !policy_arn_fields(s))
			policy_perr(cx, kp,
				    "'%s' is not an ARN pattern "
				    "(arn:partition:service:region:account:"
				    "resource)",
				    policy_shown(buf, sizeof(buf), s));
		else if (s)
			w->resource = arena_strdup(a, s);
		free(kp);
	}
	w->reason = arena_strdup(a, required(cx, o, path, "reason"));
	w->owner = arena_strdup(a, required(cx, o, path, "owner"));
	v = cJSON_GetObjectItemCaseSensitive(o, "ticket");
	if (v && !cJSON_IsNull(v)) {
		char *kp = policy_key_path(path, "ticket");

		w->ticket = arena_strdup(a, policy_get_string(cx, v, kp));
		free(kp);
	}
	required_date(cx, o, path, "expires", &w->expires, w->expires_str);
	w->origin = arena_printf(a, "%s: %s", cx->file, path);
	return cx->ld->nerr == before ? 0 : -1;
}

void policy_load_waivers(struct ctx *cx, const cJSON *v)
{
	struct policy *p = cx->p;
	struct waiver *ws;
	size_t n = p->nwaivers;
	int m;

	if (!cJSON_IsArray(v)) {
		policy_type_error(cx, "$.waivers", "an array of waivers", v);
		return;
	}
	m = cJSON_GetArraySize(v);
	if (!m)
		return;
	ws = arena_alloc(&p->mem, (n + (size_t)m) * sizeof(*ws));
	if (n)
		memcpy(ws, p->waivers, n * sizeof(*ws));
	for (int i = 0; i < m; i++) {
		char *ip = policy_index_path("$.waivers", i);

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
		policy_type_error(cx, path, "an object", o);
		return -1;
	}
	policy_check_keys(cx, o, path, attestation_keys);
	memset(at, 0, sizeof(*at));
	s = required(cx, o, path, "check");
	if (s && !policy_is_manual_id(s)) {
		char *kp = policy_key_path(path, "check");

		policy_perr(cx, kp,
			    "'%s' is not a manual check (game_day_recent, "
			    "ir_plan_tested, lessons_learned_recorded, "
			    "rpo_rto_defined)",
			    policy_shown(buf, sizeof(buf), s));
		free(kp);
	}
	at->check = arena_strdup(a, s);
	required_date(cx, o, path, "date", &at->date, at->date_str);
	at->evidence = arena_strdup(a, required(cx, o, path, "evidence"));
	at->owner = arena_strdup(a, required(cx, o, path, "owner"));
	at->origin = arena_printf(a, "%s: %s", cx->file, path);
	return cx->ld->nerr == before ? 0 : -1;
}

void policy_load_attestations(struct ctx *cx, const cJSON *v)
{
	struct policy *p = cx->p;
	struct attestation *as;
	size_t n = p->nattestations;
	int m;

	if (!cJSON_IsArray(v)) {
		policy_type_error(cx, "$.attestations",
				  "an array of attestations", v);
		return;
	}
	m = cJSON_GetArraySize(v);
	if (!m)
		return;
	as = arena_alloc(&p->mem, (n + (size_t)m) * sizeof(*as));
	if (n)
		memcpy(as, p->attestations, n * sizeof(*as));
	for (int i = 0; i < m; i++) {
		char *ip = policy_index_path("$.attestations", i);

		if (!load_attestation(cx, cJSON_GetArrayItem(v, i), ip, &as[n]))
			n++;
		free(ip);
	}
	p->attestations = as;
	p->nattestations = n;
}
