/*
 * test_review.c -- the review's comparison in common scope
 * (report/review.c) on a hand-built history
 */
#include "irready.h"
#include "lifecycle.h"
#include "review.h"
#include "hist.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static int has(const struct review *rv, enum review_kind k, const char *id)
{
	for (size_t i = 0; i < rv->n[k]; i++) {
		const struct review_item *it = &rv->v[k][i];
		const struct hist_finding *x = it->now ? it->now : it->before;

		if (!strcmp(x->id, id))
			return 1;
	}
	return 0;
}

int main(void)
{
	struct history_data h;
	struct review rv;

	memset(&h, 0, sizeof(h));
	add_run(&h, 0, "A", "B", "eu-west-1", "us-east-1");
	add_run(&h, 30, "A", NULL, "eu-west-1", NULL);
	/* regressed: PASS -> FAIL */
	add_obs(&h, 0, "reg", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_PASS);
	add_obs(&h, 1, "reg", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_FAIL);
	/* new: absent -> FAIL; and NOT_APPLICABLE -> FAIL */
	add_obs(&h, 1, "new", "c3", "A", "global", SEV_MEDIUM, CHECK_FAIL);
	add_obs(&h, 0, "na", "c3", "A", "global", SEV_LOW, CHECK_NA);
	add_obs(&h, 1, "na", "c3", "A", "global", SEV_LOW, CHECK_FAIL);
	/* still failing, and FAIL -> WAIVED -> nowhere but open items */
	add_obs(&h, 0, "still", "c2", "A", "eu-west-1", SEV_CRITICAL,
		CHECK_FAIL);
	add_obs(&h, 1, "still", "c2", "A", "eu-west-1", SEV_CRITICAL,
		CHECK_FAIL);
	add_obs(&h, 0, "waived", "c2", "A", "eu-west-1", SEV_HIGH, CHECK_FAIL);
	add_obs(&h, 1, "waived", "c2", "A", "eu-west-1", SEV_HIGH,
		CHECK_WAIVED);
	/* resolved: FAIL -> PASS, FAIL -> gone (assessed) */
	add_obs(&h, 0, "fixed", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_FAIL);
	add_obs(&h, 1, "fixed", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_PASS);
	add_obs(&h, 0, "gone", "c3", "A", "global", SEV_HIGH, CHECK_FAIL);
	/* not assessed: region dropped, account dropped, ERROR now */
	add_obs(&h, 0, "us", "c1", "A", "us-east-1", SEV_HIGH, CHECK_FAIL);
	add_obs(&h, 0, "acctB", "c1", "B", "eu-west-1", SEV_HIGH, CHECK_FAIL);
	add_obs(&h, 0, "err", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_FAIL);
	add_obs(&h, 1, "err", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_ERROR);
	/* PASS both times, and a finding failing in neither: not listed */
	add_obs(&h, 0, "ok", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_PASS);
	add_obs(&h, 1, "ok", "c1", "A", "eu-west-1", SEV_HIGH, CHECK_PASS);
	history_data_sort(&h);

	review_compute(&rv, &h, 0, 1, 0);
	ok(has(&rv, RV_REGRESSED, "reg"), "PASS -> FAIL regressed");
	is_int(rv.n[RV_REGRESSED], 1, "one regression");
	ok(has(&rv, RV_NEW, "new") && has(&rv, RV_NEW, "na"),
	   "absent or NOT_APPLICABLE -> FAIL is new");
	is_int(rv.n[RV_NEW], 2, "two new failures");
	ok(has(&rv, RV_STILL, "still"), "FAIL -> FAIL still failing");
	is_int(rv.n[RV_STILL], 1, "one still failing");
	ok(has(&rv, RV_RESOLVED, "fixed") && has(&rv, RV_RESOLVED, "gone"),
	   "FAIL -> PASS and FAIL -> gone (assessed) resolved");
	is_int(rv.n[RV_RESOLVED], 2, "two resolved");
	ok(has(&rv, RV_NOT_ASSESSED, "us"), "region not audited: not assessed");
	ok(has(&rv, RV_NOT_ASSESSED, "acctB"),
	   "account not audited: not assessed");
	ok(has(&rv, RV_NOT_ASSESSED, "err"), "ERROR now: not assessed");
	is_int(rv.n[RV_NOT_ASSESSED], 3, "three not assessed");
	ok(!has(&rv, RV_RESOLVED, "waived") && !has(&rv, RV_STILL, "waived"),
	   "a waiver is neither a fix nor a failure");
	ok(review_is_attestation("lessons_learned_recorded") &&
		   review_is_attestation("game_day_recent") &&
		   !review_is_attestation("guardduty_enabled"),
	   "attestation checks known");
	review_release(&rv);
	history_data_release(&h);
	return done_testing();
}
