/*
 * test_lifecycle.c -- finding lifecycle and time to resolve on hand-built
 * histories (report/lifecycle.c)
 */
#include "irready.h"
#include "lifecycle.h"
#include "hist.h"
#include "tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct lc_finding *find(const struct lifecycle *lc, const char *id)
{
	for (size_t i = 0; i < lc->n; i++)
		if (!strcmp(lc->v[i].last->id, id))
			return &lc->v[i];
	return NULL;
}

/*
 * Five runs, days 0 10 20 30 40, account A in eu-west-1 (B only in the
 * first run; run 10 covers us-east-1 only).
 */
static void build(struct history_data *h)
{
	memset(h, 0, sizeof(*h));
	/* added out of order: history_data_sort() must put them right */
	add_run(h, 20, "A", NULL, "eu-west-1", NULL);
	add_run(h, 0, "A", "B", "eu-west-1", NULL);
	add_run(h, 10, "A", NULL, "us-east-1", NULL);
	add_run(h, 30, "A", NULL, "eu-west-1", NULL);
	add_run(h, 40, "A", NULL, "eu-west-1", NULL);
	/* indexes before sorting: 0=day20 1=day0 2=day10 3=day30 4=day40 */
	/* f1 (high): FAIL 0, absent 10 (out of scope), absent 20
	 * (assessed: resolved, 20 days), FAIL 30 (reopened), FAIL 40 */
	add_obs(h, 1, "f1", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_FAIL);
	add_obs(h, 3, "f1", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_FAIL);
	add_obs(h, 4, "f1", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_FAIL);
	/* f2 (critical): FAIL 0; day 10 out of scope; day 20 its unit is
	 * ERROR; PASS day 30: resolved after 30 days */
	add_obs(h, 1, "f2", "c2", "A", "eu-west-1", SEV_CRITICAL, CHECK_FAIL);
	add_obs(h, 0, "e2", "c2", "A", "eu-west-1", SEV_CRITICAL, CHECK_ERROR);
	add_obs(h, 3, "f2", "c2", "A", "eu-west-1", SEV_CRITICAL, CHECK_PASS);
	/* f3 (high): account B, never assessed again: open, 40 days */
	add_obs(h, 1, "f3", "c1", "B", "eu-west-1", SEV_HIGH, CHECK_FAIL);
	/* f4 (high, account-scope c3): FAIL 0, WAIVED 10 (no move),
	 * absent 20 (resolved, 20 days), still absent after */
	add_obs(h, 1, "f4", "c3", "A", "global", SEV_HIGH, CHECK_FAIL);
	add_obs(h, 2, "f4", "c3", "A", "global", SEV_HIGH, CHECK_WAIVED);
	/* f5 (medium): MANUAL then FAIL: first seen day 10 */
	add_obs(h, 1, "f5", "c3", "A", "global", SEV_MEDIUM, CHECK_MANUAL);
	add_obs(h, 2, "f5", "c3", "A", "global", SEV_MEDIUM, CHECK_FAIL);
	history_data_sort(h);
}

static void test_states(void)
{
	struct history_data h;
	struct lifecycle lc;
	const struct lc_finding *l;

	build(&h);
	is_int(h.runs[0].at, T0, "runs sorted by date");
	is_str(h.runs[2].id, "run-20", "third run is day 20");
	ok(!hist_assessed(&h, 1, "c1", "A", "eu-west-1"),
	   "day 10 did not assess eu-west-1 (out of its regions)");
	ok(hist_assessed(&h, 2, "c1", "A", "eu-west-1"),
	   "day 20 assessed c1/A/eu-west-1");
	ok(!hist_assessed(&h, 2, "c2", "A", "eu-west-1"),
	   "day 20 did not assess c2/A/eu-west-1 (ERROR there)");
	ok(!hist_assessed(&h, 2, "c1", "B", "eu-west-1"),
	   "day 20 did not assess account B");
	ok(hist_assessed(&h, 1, "c3", "A", "global"),
	   "an account-scope check is assessed whatever the regions");
	ok(!hist_assessed(&h, 2, "c1", "A", "global"),
	   "a regional check has no global unit");

	/* open counts per run, from history_data_sort() */
	is_int(hist_open_count(&h.runs[0], SEV_HIGH, NULL, NULL), 3,
	       "day 0: three high FAIL (f1, f3, f4)");
	is_int(hist_open_count(&h.runs[0], SEV_CRITICAL, "overall", ""), 1,
	       "day 0: one critical FAIL");
	is_int(hist_open_count(&h.runs[0], SEV_HIGH, "account", "B"), 1,
	       "day 0: account B has one");
	is_int(hist_open_count(&h.runs[0], SEV_HIGH, "region", "global"), 1,
	       "day 0: one high in global");
	is_int(hist_open_count(&h.runs[0], SEV_HIGH, "region", "eu-west-1"), 2,
	       "day 0: two high in eu-west-1");
	is_int(hist_open_count(&h.runs[1], SEV_MEDIUM, "phase", "preparation"),
	       1, "day 10: f5 (phase preparation) counted in its phase");
	is_int(hist_open_count(&h.runs[2], SEV_HIGH, NULL, NULL), 0,
	       "day 20: nothing failing");
	is_int(hist_open_count(&h.runs[0], SEV_HIGH, "account", "Z"), 0,
	       "an account not in the run: 0");
	lifecycle_compute(&lc, &h, 0);
	is_int(lc.n, 5, "five findings ever failed");
	is_int(lc.as_of, T0 + 40 * DAY, "as of the last run");

	l = find(&lc, "f1");
	ok(l && l->state == LC_OPEN, "f1 is open");
	is_int(l->reopened, 1, "f1 reopened once");
	is_int(l->first_seen, T0, "f1 first seen day 0");
	is_int(l->last_seen, T0 + 40 * DAY, "f1 last seen day 40");
	is_int(l->opened_at, T0 + 30 * DAY, "f1's open episode began day 30");
	ok(fabs(l->age_days - 10) < 1e-9, "f1 is 10 days old (got %.2f)",
	   l->age_days);
	ok(l->assessed_last, "f1 assessed by the last run");

	l = find(&lc, "f2");
	ok(l && l->state == LC_RESOLVED, "f2 resolved");
	is_int(l->resolved_at, T0 + 30 * DAY,
	       "f2 resolved day 30, not day 10 (out of scope) or 20 (ERROR)");
	is_int(l->reopened, 0, "f2 never reopened");

	l = find(&lc, "f3");
	ok(l && l->state == LC_OPEN, "f3 (account no longer audited) open");
	ok(!l->assessed_last, "f3 not assessed by the last run");
	ok(fabs(l->age_days - 40) < 1e-9, "f3 is 40 days old");

	l = find(&lc, "f4");
	ok(l && l->state == LC_RESOLVED, "f4 resolved");
	is_int(l->resolved_at, T0 + 20 * DAY,
	       "f4 resolved day 20: the waiver on day 10 is no fix");

	l = find(&lc, "f5");
	is_int(l->first_seen, T0 + 10 * DAY,
	       "f5 first seen day 10 (MANUAL "
	       "before)");
	ok(l->state == LC_RESOLVED, "f5 resolved day 20 (absent)");

	/* time to resolve: high {20 (f1), 20 (f4)}, critical {30} */
	is_int(lc.ttr[SEV_HIGH].resolved, 2, "two high episodes resolved");
	ok(fabs(lc.ttr[SEV_HIGH].median - 20) < 1e-9, "high median 20 days");
	ok(fabs(lc.ttr[SEV_HIGH].p90 - 20) < 1e-9, "high p90 20 days");
	is_int(lc.ttr[SEV_HIGH].open, 2, "two high open (f1, f3)");
	ok(fabs(lc.ttr[SEV_HIGH].oldest_open_days - 40) < 1e-9,
	   "oldest high open 40 days");
	is_int(lc.ttr[SEV_CRITICAL].resolved, 1, "one critical resolved");
	ok(fabs(lc.ttr[SEV_CRITICAL].median - 30) < 1e-9,
	   "critical median 30 days");
	is_int(lc.ttr[SEV_MEDIUM].resolved, 1, "one medium resolved");
	ok(fabs(lc.ttr[SEV_MEDIUM].median - 10) < 1e-9,
	   "medium: 10 days (day 10 to 20)");
	lifecycle_release(&lc);

	/* a 15-day window before day 40 holds only f2's resolution (day 30) */
	lifecycle_compute(&lc, &h, 15);
	is_int(lc.ttr[SEV_HIGH].resolved, 0, "window: no high resolved");
	is_int(lc.ttr[SEV_CRITICAL].resolved, 1, "window: critical resolved");
	is_int(lc.ttr[SEV_HIGH].open, 2, "window does not change what is open");
	lifecycle_release(&lc);
	history_data_release(&h);
}

/* Many episodes of one severity: median and p90 by nearest rank. */
static void test_percentiles(void)
{
	struct history_data h;
	struct lifecycle lc;
	double v[10];

	for (int i = 0; i < 10; i++)
		v[i] = i + 1;
	ok(lc_percentile(v, 10, 50) == 5, "p50 of 1..10 is 5");
	ok(lc_percentile(v, 10, 90) == 9, "p90 of 1..10 is 9");
	ok(lc_percentile(v, 1, 90) == 1, "p90 of one value is it");
	ok(lc_percentile(v, 0, 50) == 0, "no values: 0");

	/* ten findings failing from day 0, resolved at days 1..10 */
	memset(&h, 0, sizeof(h));
	for (int d = 0; d <= 10; d++)
		add_run(&h, d, "A", NULL, "eu-west-1", NULL);
	for (int k = 1; k <= 10; k++) {
		char id[8];

		snprintf(id, sizeof(id), "g%02d", k);
		for (int d = 0; d < k; d++)
			add_obs(&h, (size_t)d, id, "c1", "A", "eu-west-1",
				SEV_LOW, CHECK_FAIL);
	}
	history_data_sort(&h);
	lifecycle_compute(&lc, &h, 0);
	is_int(lc.ttr[SEV_LOW].resolved, 10, "ten low resolved");
	ok(fabs(lc.ttr[SEV_LOW].median - 5) < 1e-9, "median 5 days (got %.2f)",
	   lc.ttr[SEV_LOW].median);
	ok(fabs(lc.ttr[SEV_LOW].p90 - 9) < 1e-9, "p90 9 days (got %.2f)",
	   lc.ttr[SEV_LOW].p90);
	is_int(lc.ttr[SEV_LOW].open, 0, "none open");
	lifecycle_release(&lc);
	history_data_release(&h);
}

int main(void)
{
	test_states();
	test_percentiles();
	return done_testing();
}
