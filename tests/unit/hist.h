/*
 * hist.h -- hand-built histories for the lifecycle and review tests: runs
 * at day offsets from T0 over one or two accounts and regions (checks c1,
 * c2 regional, c3 account-wide) and findings observed in them. Everything
 * is allocated with xmalloc; the tests release it with history_release().
 */
#ifndef TEST_HIST_H
#define TEST_HIST_H

#include "irready.h"
#include "lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define T0  1788220800 /* 2026-09-01 */

static inline char **strv(const char *a, const char *b)
{
	char **v = xcalloc(2, sizeof(char *));

	v[0] = xstrdup(a);
	if (b)
		v[1] = xstrdup(b);
	return v;
}

/* Run 'i' at day 'day' over 'accounts' x 'regions', checks c1 c2 c3. */
static inline void add_run(struct history_data *h, int day, const char *acc1,
			   const char *acc2, const char *reg1, const char *reg2)
{
	struct hist_run *r;
	static const struct {
		const char *id;
		int regional;
	} checks[] = { { "c1", 1 }, { "c2", 1 }, { "c3", 0 } };

	h->runs = xrealloc(h->runs, (h->nruns + 1) * sizeof(*r));
	r = &h->runs[h->nruns++];
	memset(r, 0, sizeof(*r));
	r->id = xasprintf("run-%02d", day);
	r->at = T0 + (time_t)day * DAY;
	r->accounts = strv(acc1, acc2);
	r->account_names = xcalloc(2, sizeof(char *));
	r->naccounts = acc2 ? 2 : 1;
	r->regions = strv(reg1, reg2);
	r->nregions = reg2 ? 2 : 1;
	r->checks = xcalloc(3, sizeof(*r->checks));
	r->nchecks = 3;
	for (int i = 0; i < 3; i++) {
		r->checks[i].id = xstrdup(checks[i].id);
		r->checks[i].regional = checks[i].regional;
	}
}

static inline void add_obs(struct history_data *h, size_t run, const char *id,
			   const char *check, const char *account,
			   const char *region, enum severity sev,
			   enum check_status st)
{
	struct hist_finding *x;

	h->f = xrealloc(h->f, (h->nf + 1) * sizeof(*x));
	x = &h->f[h->nf++];
	memset(x, 0, sizeof(*x));
	x->run = run;
	snprintf(x->id, sizeof(x->id), "%s", id);
	x->check_id = xstrdup(check);
	x->account_id = xstrdup(account);
	x->region = xstrdup(region);
	x->severity = sev;
	x->status = st;
}

#endif
