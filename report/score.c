/*
 * score.c -- readiness scores (see score.h for the rules)
 */
#include "score.h"
#include "check.h"
#include "irready.h"

#include <stdlib.h>
#include <stdint.h>
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

/* Reduce per-check counters to a score (coverage comes from the units). */
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
}

/*
 * The units of a run: every (check, account, region) a selected check
 * runs in, with what its findings said. Units are stored account by
 * account, check by check, region by region, so an account is a slice.
 */
enum { U_SEEN = 1, U_ERROR = 2, U_MANUAL = 4 };

struct unit {
	size_t acct, check, region; /* region 0 is "global" */
	unsigned char flags;
};

struct universe {
	const char **accts; /* sorted, distinct */
	size_t nacct;
	const char **regions; /* [0] "global", then sorted, distinct */
	size_t nregion;
	size_t **ra; /* per account: its region indexes */
	size_t *nra;
	size_t *first; /* first unit of each account; [nacct] = n */
	size_t *acc_before, *reg_before; /* per check: scope counts before */
	struct unit *u;
	size_t n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t uniq_sorted(const char **v, size_t n)
{
	size_t k = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (!k || strcmp(v[k - 1], v[i]))
			v[k++] = v[i];
	return k;
}

static size_t find_str(const char *const *v, size_t n, const char *key)
{
	const char *const *hit =
		n ? bsearch(&key, v, n, sizeof(*v), cmp_str) : NULL;

	return hit ? (size_t)(hit - v) : n;
}

static int regional(const struct check *c)
{
	return c->scope == CHECK_SCOPE_REGION;
}

/* Units of (account 'a', check 'k'): the first index and the count. */
static size_t unit_base(const struct universe *u, size_t a, size_t k,
			const struct check *const *sel, size_t *count)
{
	*count = regional(sel[k]) ? u->nra[a] : 1;
	return u->first[a] + u->acc_before[k] + u->reg_before[k] * u->nra[a];
}

/*
 * The axes: the accounts, and "global" then the regions, that the
 * selected checks' findings name (sorted, each once).
 */
static void universe_axes(struct universe *u, const struct findings *f,
			  const struct check *const *sel, size_t nsel)
{
	size_t alloc_a = 0, alloc_r = 0;

	memset(u, 0, sizeof(*u));
	ALLOC_GROW(u->accts, 1, alloc_a);
	ALLOC_GROW(u->regions, 1, alloc_r);
	u->regions[u->nregion++] = "global";
	/*
	 * A run's findings name a few hundred accounts and a few regions, in
	 * long runs of the same one: a name equal to the last one added is
	 * not added again, so the arrays stay that small (not one entry per
	 * finding: 700,000 findings were 11 MiB here at the report's peak).
	 */
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];

		if (sel_index(sel, nsel, x->check) >= nsel)
			continue;
		if (!u->nacct ||
		    strcmp(u->accts[u->nacct - 1], x->account_id)) {
			ALLOC_GROW(u->accts, u->nacct + 1, alloc_a);
			u->accts[u->nacct++] = x->account_id;
		}
		if (regional(x->check) && strcmp(x->region, "global") &&
		    strcmp(u->regions[u->nregion - 1], x->region)) {
			ALLOC_GROW(u->regions, u->nregion + 1, alloc_r);
			u->regions[u->nregion++] = x->region;
		}
	}
	u->nacct = uniq_sorted(u->accts, u->nacct);
	u->nregion = 1 + uniq_sorted(u->regions + 1, u->nregion - 1);
}

/*
 * u->ra[a]: the regions account 'a' was audited in (index into
 * u->regions; not assessed at all: the run's regions, else "global").
 */
static void universe_account_regions(struct universe *u,
				     const struct findings *f,
				     const struct check *const *sel,
				     size_t nsel)
{
	unsigned char *has;

	has = xcalloc(u->nacct * u->nregion + 1, 1);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		size_t a, r;

		if (sel_index(sel, nsel, x->check) >= nsel ||
		    !regional(x->check))
			continue;
		a = find_str(u->accts, u->nacct, x->account_id);
		r = 1 + find_str(u->regions + 1, u->nregion - 1, x->region);
		if (a < u->nacct && r < u->nregion)
			has[a * u->nregion + r] = 1;
	}
	u->ra = xcalloc(u->nacct + 1, sizeof(*u->ra));
	u->nra = xcalloc(u->nacct + 1, sizeof(*u->nra));
	for (size_t a = 0; a < u->nacct; a++) {
		int none = 1;

		u->ra[a] = xcalloc(u->nregion, sizeof(**u->ra));
		for (size_t r = 1; r < u->nregion; r++)
			none &= !has[a * u->nregion + r];
		/* not assessed at all: the run's regions, else "global" */
		for (size_t r = 1; r < u->nregion; r++)
			if (none || has[a * u->nregion + r])
				u->ra[a][u->nra[a]++] = r;
		if (!u->nra[a])
			u->ra[a][u->nra[a]++] = 0;
	}
	free(has);
}

/* One unit per (account, check[, region]), accounts then checks in order. */
static void universe_units(struct universe *u, const struct check *const *sel,
			   size_t nsel)
{
	size_t alloc = 0;

	u->acc_before = xcalloc(nsel + 1, sizeof(size_t));
	u->reg_before = xcalloc(nsel + 1, sizeof(size_t));
	for (size_t k = 0; k < nsel; k++) {
		u->acc_before[k + 1] = u->acc_before[k] + !regional(sel[k]);
		u->reg_before[k + 1] = u->reg_before[k] + regional(sel[k]);
	}
	u->first = xcalloc(u->nacct + 1, sizeof(size_t));
	for (size_t a = 0; a < u->nacct; a++) {
		u->first[a] = u->n;
		for (size_t k = 0; k < nsel; k++) {
			size_t cnt = regional(sel[k]) ? u->nra[a] : 1;

			for (size_t j = 0; j < cnt; j++) {
				ALLOC_GROW(u->u, u->n + 1, alloc);
				u->u[u->n].acct = a;
				u->u[u->n].check = k;
				u->u[u->n].region =
					regional(sel[k]) ? u->ra[a][j] : 0;
				u->u[u->n].flags = 0;
				u->n++;
			}
		}
	}
	u->first[u->nacct] = u->n;
}

/* What the findings say about each unit: seen, ERROR, MANUAL. */
static void universe_mark(struct universe *u, const struct findings *f,
			  const struct check *const *sel, size_t nsel)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		size_t k = sel_index(sel, nsel, x->check), a, base, cnt;
		unsigned char fl = U_SEEN;

		if (k >= nsel)
			continue;
		a = find_str(u->accts, u->nacct, x->account_id);
		if (a >= u->nacct)
			continue;
		if (x->status == CHECK_ERROR)
			fl |= U_ERROR;
		if (x->status == CHECK_MANUAL)
			fl |= U_MANUAL;
		base = unit_base(u, a, k, sel, &cnt);
		if (regional(x->check) && strcmp(x->region, "global")) {
			size_t r = 1 + find_str(u->regions + 1, u->nregion - 1,
						x->region);

			for (size_t j = 0; j < cnt; j++)
				if (u->u[base + j].region == r)
					u->u[base + j].flags |= fl;
			continue;
		}
		/* account scope, or a regional check's account-wide ERROR */
		for (size_t j = 0; j < cnt; j++)
			u->u[base + j].flags |= fl;
	}
}

static void universe_build(struct universe *u, const struct findings *f,
			   const struct check *const *sel, size_t nsel)
{
	universe_axes(u, f, sel, nsel);
	universe_account_regions(u, f, sel, nsel);
	universe_units(u, sel, nsel);
	universe_mark(u, f, sel, nsel);
}

static void universe_release(struct universe *u)
{
	for (size_t a = 0; a < u->nacct; a++)
		free(u->ra[a]);
	free(u->ra);
	free(u->nra);
	free(u->accts);
	free(u->regions);
	free(u->first);
	free(u->acc_before);
	free(u->reg_before);
	free(u->u);
	memset(u, 0, sizeof(*u));
}

/*
 * Coverage of the units in [from, to) for which 'match' (called with a
 * finding that names the unit's check, account and region) is true.
 */
static void cover(struct score *out, const struct universe *u,
		  const struct check *const *sel, size_t from, size_t to,
		  int (*match)(const struct finding *x, const void *arg),
		  const void *arg)
{
	out->units = out->units_assessed = out->units_error = 0;
	out->units_manual = out->units_attested = 0;
	for (size_t i = from; i < to; i++) {
		const struct unit *x = &u->u[i];

		if (match) {
			struct finding fx = { 0 };

			fx.check = sel[x->check];
			fx.account_id = (char *)u->accts[x->acct];
			fx.region = (char *)u->regions[x->region];
			if (!match(&fx, arg))
				continue;
		}
		out->units++;
		if (x->flags & U_ERROR) {
			out->units_error++;
		} else if (x->flags & U_MANUAL) {
			out->units_manual++;
		} else if (x->flags & U_SEEN) {
			out->units_assessed++;
			if (!sel[x->check]->needs)
				out->units_attested++;
		}
	}
	out->coverage = out->units ? 100.0 * (double)out->units_assessed /
					     (double)out->units
				   : 0.0;
}

/*
 * Severity overrides change a finding's severity, so the weight is the
 * finding's: take the first finding's severity per check for the group.
 */
static void score_findings(struct score *out, const struct findings *f,
			   const struct check *const *sel, size_t nsel,
			   int (*match)(const struct finding *x,
					const void *arg),
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

void score_group(struct score *out, const struct findings *f,
		 const struct check *const *sel, size_t nsel,
		 int (*match)(const struct finding *x, const void *arg),
		 const void *arg)
{
	struct universe u;

	score_findings(out, f, sel, nsel, match, arg);
	universe_build(&u, f, sel, nsel);
	cover(out, &u, sel, 0, u.n, match, arg);
	universe_release(&u);
}

static int match_phase(const struct finding *x, const void *arg)
{
	return x->check->phase == *(const enum ir_phase *)arg;
}

static int match_account(const struct finding *x, const void *arg)
{
	return !strcmp(x->account_id, arg);
}

/* A finding of an account-scope check belongs to the "global" unit. */
static const char *unit_region(const struct finding *x)
{
	return regional(x->check) ? x->region : "global";
}

static int match_region(const struct finding *x, const void *arg)
{
	return !strcmp(unit_region(x), arg);
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

/*
 * Each account's score from its own findings: the findings are grouped by
 * account once (counting sort on the universe's account index, order
 * kept), not scanned whole once per account -- 500 accounts with a
 * million findings were 500 million string compares.
 */
static void score_accounts(struct scores *s, const struct findings *f,
			   const struct check *const *sel, size_t nsel,
			   const struct universe *u)
{
	size_t n = u->nacct, most = 0;
	size_t *start = xcalloc(n + 2, sizeof(*start));
	/* 32-bit indices: half the report's peak of 8-byte ones */
	uint32_t *of = xmalloc((f->n ? f->n : 1) * sizeof(*of));
	uint32_t *order = xmalloc((f->n ? f->n : 1) * sizeof(*order));
	size_t *at = xmalloc((n + 1) * sizeof(*at));
	struct findings sub = { 0 };

	if (f->n >= UINT32_MAX) /* 400 GiB of findings: not in memory */
		BUG("score_accounts: %zu findings", f->n);
	for (size_t i = 0; i < f->n; i++) {
		of[i] = (uint32_t)find_str(u->accts, n, f->v[i].account_id);
		start[of[i] + 1]++;
	}
	for (size_t a = 0; a <= n; a++) {
		if (start[a + 1] > most)
			most = start[a + 1];
		start[a + 1] += start[a];
		at[a] = start[a];
	}
	for (size_t i = 0; i < f->n; i++)
		order[at[of[i]]++] = (uint32_t)i;
	sub.v = xmalloc((most ? most : 1) * sizeof(*sub.v));
	for (size_t i = 0; i < s->naccounts; i++) {
		size_t a = find_str(u->accts, n, s->accounts[i].key);

		if (a >= n) {
			score_findings(&s->accounts[i].score, f, sel, nsel,
				       match_account, s->accounts[i].key);
			continue;
		}
		sub.n = 0;
		for (size_t j = start[a]; j < start[a + 1]; j++)
			sub.v[sub.n++] = f->v[order[j]];
		score_findings(&s->accounts[i].score, &sub, sel, nsel, NULL,
			       NULL);
		cover(&s->accounts[i].score, u, sel, u->first[a],
		      u->first[a + 1], NULL, NULL);
	}
	free(sub.v);
	free(at);
	free(order);
	free(of);
	free(start);
}

void scores_compute(struct scores *s, const struct findings *f,
		    const struct check *const *sel, size_t nsel)
{
	size_t alloc_a = 0, alloc_r = 0;
	struct universe u;

	memset(s, 0, sizeof(*s));
	universe_build(&u, f, sel, nsel);
	score_findings(&s->overall, f, sel, nsel, NULL, NULL);
	cover(&s->overall, &u, sel, 0, u.n, NULL, NULL);
	for (int p = 0; p < PHASE__COUNT; p++) {
		enum ir_phase ph = (enum ir_phase)p;
		const struct check **psel =
			xcalloc(nsel ? nsel : 1, sizeof(*psel));
		size_t n = 0;

		for (size_t i = 0; i < nsel; i++)
			if (sel[i]->phase == ph)
				psel[n++] = sel[i];
		score_findings(&s->phase[p], f, psel, n, match_phase, &ph);
		cover(&s->phase[p], &u, sel, 0, u.n, match_phase, &ph);
		free(psel);
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		const struct finding *prev = i ? &f->v[i - 1] : NULL;

		/* findings come grouped: the previous one's keys are known */
		if (prev && !strcmp(prev->account_id, x->account_id) &&
		    !strcmp(unit_region(prev), unit_region(x)))
			continue;
		if (!has_key(s->accounts, s->naccounts, x->account_id)) {
			ALLOC_GROW(s->accounts, s->naccounts + 1, alloc_a);
			s->accounts[s->naccounts].key = xstrdup(x->account_id);
			s->accounts[s->naccounts].label =
				x->account_name ? xstrdup(x->account_name)
						: NULL;
			s->naccounts++;
		}
		if (!has_key(s->regions, s->nregions, unit_region(x))) {
			ALLOC_GROW(s->regions, s->nregions + 1, alloc_r);
			s->regions[s->nregions].key = xstrdup(unit_region(x));
			s->regions[s->nregions].label = NULL;
			s->nregions++;
		}
	}
	score_accounts(s, f, sel, nsel, &u);
	if (s->nregions > 1)
		qsort(s->regions, s->nregions, sizeof(*s->regions), cmp_group);
	/* a region's units are those of the checks that run there */
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
			score_findings(&s->regions[i].score, f, rsel, n,
				       match_region, s->regions[i].key);
			cover(&s->regions[i].score, &u, sel, 0, u.n,
			      match_region, s->regions[i].key);
		}
		free(rsel);
	}
	universe_release(&u);
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
		free(s->regions[i].key);
		free(s->regions[i].label);
	}
	free(s->accounts);
	free(s->regions);
	free(s->checks);
	memset(s, 0, sizeof(*s));
}
