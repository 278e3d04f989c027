/*
 * review.h -- irready review: the post-incident improvement review page
 *
 * Compares a baseline run with the current one (both from a history)
 * in their common scope: a finding moves only when both runs assessed its
 * unit (lifecycle.h's rule); otherwise it is "not assessed", never
 * resolved. review.html is one printable page: the score change, what
 * regressed (containment and recovery first), the lessons-learned and
 * game-day attestations due or missing, and the open items with owners.
 * Pure: from a struct history_data loaded with its PASS findings.
 */
#ifndef REVIEW_H
#define REVIEW_H

#include <stdio.h>

#include "lifecycle.h"

enum review_kind {
	RV_REGRESSED,    /* PASS -> FAIL */
	RV_NEW,          /* absent or NOT_APPLICABLE -> FAIL */
	RV_STILL,        /* FAIL (or WAIVED) -> FAIL */
	RV_RESOLVED,     /* FAIL -> PASS, NOT_APPLICABLE or gone */
	RV_NOT_ASSESSED, /* failing in one run, unit not assessed by the other
			  */
	RV__COUNT
};

struct review_item {
	const struct hist_finding *before, *now; /* either may be NULL */
};

struct review {
	const struct history_data *h;
	size_t base, cur; /* run indexes */
	time_t incident;  /* --incident-date, 0 when not given */
	struct review_item *v[RV__COUNT];
	size_t n[RV__COUNT];
};

void review_compute(struct review *rv, const struct history_data *h,
		    size_t base, size_t cur, time_t incident);
void review_release(struct review *rv);
int review_write_html(const struct review *rv, FILE *out);
/* The counts on stdout, and where the page is. */
void review_write_summary(const struct review *rv, FILE *out, const char *dir);

/* The people-and-process checks whose attestations the review lists. */
int review_is_attestation(const char *check_id);

#endif
