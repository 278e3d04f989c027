/*
 * lifecycle.c -- finding lifecycle and time to resolve over a history
 *
 * Pure: works on a struct history_data however it was filled (see
 * lifecycle.h for the rules). Cost: O(findings x runs) scope lookups, each
 * a binary search.
 */
#include "irready.h"
#include "lifecycle.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void history_data_release(struct history_data *h)
{
	for (size_t i = 0; i < h->nruns; i++) {
		struct hist_run *r = &h->runs[i];

		free(r->id);
		free(r->tool_version);
		free(r->mode);
		free(r->source);
		free(r->policy_name);
		free(r->policy_digest);
		free_strv(r->accounts, r->naccounts);
		free_strv(r->account_names, r->naccounts);
		free_strv(r->regions, r->nregions);
		for (size_t k = 0; k < r->nchecks; k++)
			free(r->checks[k].id);
		free(r->checks);
		for (size_t k = 0; k < r->nscores; k++) {
			free(r->scores[k].grp);
			free(r->scores[k].key);
		}
		free(r->scores);
		free(r->open_account);
		free(r->open_region);
	}
	free(h->runs);
	for (size_t i = 0; i < h->nf; i++) {
		free(h->f[i].check_id);
		free(h->f[i].account_id);
		free(h->f[i].region);
		free(h->f[i].resource_id);
		free(h->f[i].message);
		free(h->f[i].waiver);
	}
	free(h->f);
	free_strv(h->err_units, h->nerr);
	memset(h, 0, sizeof(*h));
}

static int cmp_run(const void *a, const void *b)
{
	const struct hist_run *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int cmp_finding(const void *a, const void *b)
{
	const struct hist_finding *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	return x->run < y->run ? -1 : x->run > y->run;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *unit_key(size_t ri, const char *check, const char *account,
		      const char *region)
{
	return xasprintf("%zu\x1f%s\x1f%s\x1f%s", ri, check, account, region);
}

static int cmp_check(const void *a, const void *b)
{
	return strcmp(((const struct hist_check *)a)->id,
		      ((const struct hist_check *)b)->id);
}

static long index_of(char *const *v, size_t n, const char *s);

/* The open_* counts of every run (runs sorted, findings remapped). */
static void count_open(struct history_data *h)
{
	for (size_t i = 0; i < h->nruns; i++) {
		struct hist_run *r = &h->runs[i];

		memset(r->open, 0, sizeof(r->open));
		memset(r->open_phase, 0, sizeof(r->open_phase));
		free(r->open_account);
		free(r->open_region);
		r->open_account =
			xcalloc(r->naccounts + 1, sizeof(*r->open_account));
		r->open_region =
			xcalloc(r->nregions + 1, sizeof(*r->open_region));
	}
	for (size_t i = 0; i < h->nf; i++) {
		const struct hist_finding *x = &h->f[i];
		struct hist_run *r = &h->runs[x->run];
		long a, g;

		if (x->status != CHECK_FAIL)
			continue;
		r->open[x->severity]++;
		r->open_phase[x->phase][x->severity]++;
		a = index_of(r->accounts, r->naccounts, x->account_id);
		if (a >= 0)
			r->open_account[a][x->severity]++;
		g = strcmp(x->region, "global")
			    ? index_of(r->regions, r->nregions, x->region)
			    : (long)r->nregions;
		if (g >= 0)
			r->open_region[g][x->severity]++;
	}
}

size_t hist_open_count(const struct hist_run *r, enum severity sev,
		       const char *grp, const char *key)
{
	long i;

	if (!grp || !strcmp(grp, "overall"))
		return r->open[sev];
	if (!strcmp(grp, "phase")) {
		enum ir_phase p;

		return phase_parse(key, &p) ? 0 : r->open_phase[p][sev];
	}
	if (!strcmp(grp, "account")) {
		i = index_of(r->accounts, r->naccounts, key);
		return i >= 0 && r->open_account ? r->open_account[i][sev] : 0;
	}
	if (!strcmp(grp, "region")) {
		i = strcmp(key, "global")
			    ? index_of(r->regions, r->nregions, key)
			    : (long)r->nregions;
		return i >= 0 && r->open_region ? r->open_region[i][sev] : 0;
	}
	return 0;
}

void history_data_sort(struct history_data *h)
{
	size_t *map = xcalloc(h->nruns ? h->nruns : 1, sizeof(size_t));
	char **ids = xcalloc(h->nruns ? h->nruns : 1, sizeof(char *));

	/* remember each run's old position by its id pointer */
	for (size_t i = 0; i < h->nruns; i++)
		ids[i] = h->runs[i].id;
	if (h->nruns > 1) /* runs is NULL when there is none */
		qsort(h->runs, h->nruns, sizeof(*h->runs), cmp_run);
	for (size_t i = 0; i < h->nruns; i++)
		for (size_t j = 0; j < h->nruns; j++)
			if (ids[j] == h->runs[i].id)
				map[j] = i;
	for (size_t i = 0; i < h->nf; i++)
		h->f[i].run = map[h->f[i].run];
	if (h->nf > 1)
		qsort(h->f, h->nf, sizeof(*h->f), cmp_finding);
	for (size_t i = 0; i < h->nruns; i++) {
		struct hist_run *r = &h->runs[i];

		/* accounts and their names move together */
		for (size_t a = 1; a < r->naccounts; a++)
			for (size_t b = a; b > 0 && strcmp(r->accounts[b - 1],
							   r->accounts[b]) > 0;
			     b--) {
				char *t = r->accounts[b];
				char *u = r->account_names[b];

				r->accounts[b] = r->accounts[b - 1];
				r->accounts[b - 1] = t;
				r->account_names[b] = r->account_names[b - 1];
				r->account_names[b - 1] = u;
			}
		if (r->nregions > 1)
			qsort(r->regions, r->nregions, sizeof(char *),
			      cmp_strp);
		if (r->nchecks > 1)
			qsort(r->checks, r->nchecks, sizeof(*r->checks),
			      cmp_check);
	}
	free_strv(h->err_units, h->nerr);
	h->err_units = NULL;
	h->nerr = 0;
	for (size_t i = 0; i < h->nf; i++)
		if (h->f[i].status == CHECK_ERROR) {
			h->err_units = xrealloc(h->err_units,
						(h->nerr + 1) * sizeof(char *));
			h->err_units[h->nerr++] =
				unit_key(h->f[i].run, h->f[i].check_id,
					 h->f[i].account_id, h->f[i].region);
		}
	if (h->nerr > 1)
		qsort(h->err_units, h->nerr, sizeof(char *), cmp_strp);
	count_open(h);
	free(map);
	free(ids);
}

const struct hist_score *hist_run_score(const struct hist_run *r,
					const char *grp, const char *key)
{
	for (size_t i = 0; i < r->nscores; i++)
		if (!strcmp(r->scores[i].grp, grp) &&
		    !strcmp(r->scores[i].key, key))
			return &r->scores[i];
	return NULL;
}

static int in_sorted(char *const *v, size_t n, const char *s)
{
	return v && bsearch(&s, v, n, sizeof(char *), cmp_strp) != NULL;
}

/* The index of 's' in the sorted 'v', or -1. */
static long index_of(char *const *v, size_t n, const char *s)
{
	char *const *e = v ? bsearch(&s, v, n, sizeof(char *), cmp_strp) : NULL;

	return e ? (long)(e - v) : -1;
}

/* ERROR in unit (check, account, region) of run 'ri'? */
static int unit_errored(const struct history_data *h, size_t ri,
			const char *check, const char *account,
			const char *region)
{
	char buf[512], *key = buf;
	int n, found;

	if (!h->nerr)
		return 0;
	n = snprintf(buf, sizeof(buf), "%zu\x1f%s\x1f%s\x1f%s", ri, check,
		     account, region);
	if (n < 0 || (size_t)n >= sizeof(buf))
		key = unit_key(ri, check, account, region);
	found = in_sorted(h->err_units, h->nerr, key);
	if (key != buf)
		free(key);
	return found;
}

int hist_assessed(const struct history_data *h, size_t ri, const char *check,
		  const char *account, const char *region)
{
	const struct hist_run *r = &h->runs[ri];
	struct hist_check key = { .id = (char *)check };
	const struct hist_check *c;

	c = bsearch(&key, r->checks, r->nchecks, sizeof(*r->checks), cmp_check);
	if (!c || !in_sorted(r->accounts, r->naccounts, account))
		return 0;
	if (strcmp(region, "global")
		    ? !c->regional ||
			      !in_sorted(r->regions, r->nregions, region)
		    : c->regional)
		return 0;
	return !unit_errored(h, ri, check, account, region);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double lc_percentile(const double *sorted, size_t n, double p)
{
	size_t rank;

	if (!n)
		return 0;
	rank = (size_t)ceil(p / 100.0 * (double)n);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

struct ttr_acc {
	double *v;
	size_t n, alloc;
};

/* One finding id's observations h->f[lo..hi) (sorted by run). */
static void one_finding(struct lifecycle *lc, const struct history_data *h,
			size_t lo, size_t hi, struct ttr_acc *acc)
{
	struct lc_finding out = { 0 };
	const struct hist_finding *any = &h->f[lo];
	int ever = 0, open = 0;
	size_t k = lo;
	time_t wstart = lc->window_days > 0
				? lc->as_of - (time_t)lc->window_days * 86400
				: 0;

	for (size_t ri = 0; ri < h->nruns; ri++) {
		const struct hist_finding *x = NULL;
		int moves;

		while (k < hi && h->f[k].run < ri)
			k++;
		if (k < hi && h->f[k].run == ri)
			x = &h->f[k];
		if (x && x->status == CHECK_FAIL) {
			if (!open) {
				if (ever)
					out.reopened++;
				out.opened_at = h->runs[ri].at;
				out.resolved_at = 0;
			}
			if (!ever)
				out.first_seen = h->runs[ri].at;
			ever = open = 1;
			out.last_seen = h->runs[ri].at;
			out.last = x;
			out.assessed_last = ri + 1 == h->nruns;
			continue;
		}
		/* not failing here: does the run's verdict count? */
		if (x)
			moves = x->status == CHECK_PASS ||
				x->status == CHECK_NA;
		else
			moves = hist_assessed(h, ri, any->check_id,
					      any->account_id, any->region);
		if (ri + 1 == h->nruns)
			out.assessed_last = moves;
		if (!moves || !open)
			continue;
		open = 0;
		out.resolved_at = h->runs[ri].at;
		if (out.resolved_at >= wstart) {
			enum severity s = out.last->severity;
			double days =
				(double)(out.resolved_at - out.opened_at) /
				86400.0;

			lc->ttr[s].resolved++;
			ALLOC_GROW(acc[s].v, acc[s].n + 1, acc[s].alloc);
			acc[s].v[acc[s].n++] = days;
		}
	}
	if (!ever)
		return;
	out.state = open ? LC_OPEN : LC_RESOLVED;
	if (open) {
		struct lc_ttr *t = &lc->ttr[out.last->severity];

		out.age_days = (double)(lc->as_of - out.opened_at) / 86400.0;
		t->open++;
		if (out.age_days > t->oldest_open_days)
			t->oldest_open_days = out.age_days;
	}
	lc->v[lc->n++] = out;
}

void lifecycle_compute(struct lifecycle *lc, const struct history_data *h,
		       long window_days)
{
	struct ttr_acc acc[SEV__COUNT] = { { 0 } };

	memset(lc, 0, sizeof(*lc));
	lc->window_days = window_days;
	lc->as_of = h->nruns ? h->runs[h->nruns - 1].at : 0;
	lc->v = xcalloc(h->nf ? h->nf : 1, sizeof(*lc->v));
	for (size_t lo = 0; lo < h->nf;) {
		size_t hi = lo + 1;

		while (hi < h->nf && !strcmp(h->f[hi].id, h->f[lo].id))
			hi++;
		one_finding(lc, h, lo, hi, acc);
		lo = hi;
	}
	for (int s = 0; s < SEV__COUNT; s++) {
		if (acc[s].n) {
			qsort(acc[s].v, acc[s].n, sizeof(double), cmp_double);
			lc->ttr[s].median =
				lc_percentile(acc[s].v, acc[s].n, 50);
			lc->ttr[s].p90 = lc_percentile(acc[s].v, acc[s].n, 90);
		}
		free(acc[s].v);
	}
}

void lifecycle_release(struct lifecycle *lc)
{
	free(lc->v);
	memset(lc, 0, sizeof(*lc));
}
