/*
 * score.c -- readiness scores (see score.h for the rules)
 */
#include "score.h"
#include "check.h"
#include "irready.h"

#include <stdlib.h>
#include <string.h>

char score_grade(double v)
{
	v += 1e-9; /* 3/5 of 100 is 59.99999999999999 in binary */
	if (v >= 90.0)
		return 'A';
	if (v >= 80.0)
		return 'B';
	if (v >= 70.0)
		return 'C';
	if (v >= 60.0)
		return 'D';
	return 'F';
}

static size_t sel_index(const struct check *const *sel, size_t nsel,
			const struct check *c)
{
	for (size_t i = 0; i < nsel; i++)
		if (sel[i] == c)
			return i;
	return nsel;
}

/* Reduce per-check counters to a score. */
static void finish(struct score *out, size_t (*cnt)[CHECK__COUNT],
		   const enum severity *sev, const struct check *const *sel,
		   size_t nsel)
{
	double num = 0, den = 0;

	out->selected = nsel;
	for (size_t i = 0; i < nsel; i++) {
		size_t *c = cnt[i];
		size_t pf = c[CHECK_PASS] + c[CHECK_FAIL];
		size_t total = 0;
		int w = severity_weight(sev[i]);

		for (int s = 0; s < CHECK__COUNT; s++) {
			total += c[s];
			out->counts[s] += c[s];
		}
		if (total && !c[CHECK_ERROR] && !c[CHECK_MANUAL])
			out->evaluated++;
		if (pf && w > 0) {
			num += w * ((double)c[CHECK_PASS] / (double)pf);
			den += w;
		}
	}
	out->valid = den > 0;
	out->value = out->valid ? 100.0 * num / den : 0.0;
	out->grade = out->valid ? score_grade(out->value) : '-';
	out->coverage =
		nsel ? 100.0 * (double)out->evaluated / (double)nsel : 0.0;
}

/*
 * Severity overrides change a finding's severity, so the weight is the
 * finding's: take the first finding's severity per check for the group.
 */
void score_group(struct score *out, const struct findings *f,
		 const struct check *const *sel, size_t nsel,
		 int (*match)(const struct finding *x, const void *arg),
		 const void *arg)
{
	size_t(*cnt)[CHECK__COUNT] = xcalloc(nsel ? nsel : 1, sizeof(*cnt));
	enum severity *sev = xcalloc(nsel ? nsel : 1, sizeof(*sev));
	unsigned char *seen = xcalloc(nsel ? nsel : 1, 1);

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nsel; i++)
		sev[i] = sel[i]->severity;
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		size_t k;

		if (match && !match(x, arg))
			continue;
		k = sel_index(sel, nsel, x->check);
		if (k >= nsel)
			continue;
		cnt[k][x->status]++;
		if (!seen[k]) {
			/* the policy's severity override travels on findings */
			sev[k] = x->severity;
			seen[k] = 1;
		}
	}
	finish(out, cnt, sev, sel, nsel);
	free(cnt);
	free(sev);
	free(seen);
}

static int match_phase(const struct finding *x, const void *arg)
{
	return x->check->phase == *(const enum ir_phase *)arg;
}

static int match_account(const struct finding *x, const void *arg)
{
	return !strcmp(x->account_id, arg);
}

static int match_region(const struct finding *x, const void *arg)
{
	return !strcmp(x->region, arg);
}

static int has_key(const struct score_group *g, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(g[i].key, key))
			return 1;
	return 0;
}

static int cmp_group(const void *a, const void *b)
{
	const struct score_group *x = a, *y = b;

	if (!strcmp(x->key, "global"))
		return -1;
	if (!strcmp(y->key, "global"))
		return 1;
	return strcmp(x->key, y->key);
}

void scores_compute(struct scores *s, const struct findings *f,
		    const struct check *const *sel, size_t nsel)
{
	size_t alloc_a = 0, alloc_r = 0;

	memset(s, 0, sizeof(*s));
	score_group(&s->overall, f, sel, nsel, NULL, NULL);
	for (int p = 0; p < PHASE__COUNT; p++) {
		enum ir_phase ph = (enum ir_phase)p;
		const struct check **psel =
			xcalloc(nsel ? nsel : 1, sizeof(*psel));
		size_t n = 0;

		for (size_t i = 0; i < nsel; i++)
			if (sel[i]->phase == ph)
				psel[n++] = sel[i];
		score_group(&s->phase[p], f, psel, n, match_phase, &ph);
		free(psel);
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];

		if (!has_key(s->accounts, s->naccounts, x->account_id)) {
			ALLOC_GROW(s->accounts, s->naccounts + 1, alloc_a);
			s->accounts[s->naccounts].key = xstrdup(x->account_id);
			s->accounts[s->naccounts].label =
				x->account_name ? xstrdup(x->account_name)
						: NULL;
			s->naccounts++;
		}
		if (!has_key(s->regions, s->nregions, x->region)) {
			ALLOC_GROW(s->regions, s->nregions + 1, alloc_r);
			s->regions[s->nregions].key = xstrdup(x->region);
			s->regions[s->nregions].label = NULL;
			s->nregions++;
		}
	}
	for (size_t i = 0; i < s->naccounts; i++)
		score_group(&s->accounts[i].score, f, sel, nsel, match_account,
			    s->accounts[i].key);
	if (s->nregions > 1)
		qsort(s->regions, s->nregions, sizeof(*s->regions), cmp_group);
	/* a region's coverage counts the checks that run there */
	{
		const struct check **rsel =
			xcalloc(nsel ? nsel : 1, sizeof(*rsel));

		for (size_t i = 0; i < s->nregions; i++) {
			int global = !strcmp(s->regions[i].key, "global");
			size_t n = 0;

			for (size_t k = 0; k < nsel; k++)
				if ((sel[k]->scope == CHECK_SCOPE_ACCOUNT) ==
				    global)
					rsel[n++] = sel[k];
			score_group(&s->regions[i].score, f, rsel, n,
				    match_region, s->regions[i].key);
		}
		free(rsel);
	}
	/* per check, overall */
	s->nchecks = nsel;
	s->checks = xcalloc(nsel ? nsel : 1, sizeof(*s->checks));
	for (size_t i = 0; i < nsel; i++)
		s->checks[i].check = sel[i];
	for (size_t i = 0; i < f->n; i++) {
		size_t k = sel_index(sel, nsel, f->v[i].check);

		if (k < nsel)
			s->checks[k].counts[f->v[i].status]++;
	}
	for (size_t i = 0; i < nsel; i++) {
		struct check_summary *c = &s->checks[i];
		size_t pf = c->counts[CHECK_PASS] + c->counts[CHECK_FAIL];

		c->scored = pf > 0;
		c->result = pf ? (double)c->counts[CHECK_PASS] / (double)pf : 0;
	}
}

void scores_release(struct scores *s)
{
	for (size_t i = 0; i < s->naccounts; i++) {
		free(s->accounts[i].key);
		free(s->accounts[i].label);
	}
	for (size_t i = 0; i < s->nregions; i++) {
		free(s->accounts ? NULL : NULL);
		free(s->regions[i].key);
		free(s->regions[i].label);
	}
	free(s->accounts);
	free(s->regions);
	free(s->checks);
	memset(s, 0, sizeof(*s));
}
