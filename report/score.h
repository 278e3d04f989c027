/*
 * score.h -- readiness scores (pure arithmetic over findings)
 *
 * A check's result in a group = passed / (passed + failed) over its
 * findings in that group. A group's score = sum(weight * result) /
 * sum(weight) over the checks with at least one PASS or FAIL there, with
 * weights by severity (critical 10, high 5, medium 3, low 1, info 0).
 * WAIVED counts as neither pass nor fail; NOT_APPLICABLE is evaluated.
 *
 * Coverage is counted in units: a unit is (check, account, region) where
 * the region is "global" for an account-scope check and each audited
 * region of the account for a regional one. Coverage = assessed units /
 * selected units. A unit with an ERROR finding (or none at all) is not
 * assessed; a unit whose findings are MANUAL awaits attestation or
 * configuration and is not assessed either, but is counted apart
 * ('units_manual'). An attestation check's assessed unit is 'attested'.
 * So one unreachable account lowers an Organization's coverage by its
 * share of the units, not to zero. An account's regions are those its
 * regional findings name; an account with none (it could not be
 * assessed) gets the run's regions. In a region group the units are
 * those that run there: account-scope checks for "global", regional
 * checks for a region. 'evaluated' keeps the per-check count: checks with
 * findings and no ERROR or MANUAL anywhere.
 */
#ifndef SCORE_H
#define SCORE_H

#include <stddef.h>

#include "findings.h"

struct score {
	int valid;        /* 0: nothing scored (all ERROR/NA/MANUAL/WAIVED) */
	double value;     /* 0-100 */
	char grade;       /* A B C D F, or '-' when !valid */
	size_t selected;  /* checks selected */
	size_t evaluated; /* checks fully evaluated */
	double coverage;  /* 0-100: units_assessed / units */
	size_t units;     /* (check, account, region) units selected */
	size_t units_assessed; /* no ERROR, not MANUAL, with findings */
	size_t units_error;    /* an ERROR among the unit's findings */
	size_t units_manual;   /* MANUAL: awaiting attestation or settings */
	size_t units_attested; /* assessed units of attestation checks */
	size_t counts[CHECK__COUNT];
};

struct score_group {
	char *key;   /* account id or region */
	char *label; /* account name when known */
	struct score score;
};

struct check_summary {
	const struct check *check;
	size_t counts[CHECK__COUNT];
	int scored;
	double result; /* passed / (passed + failed) */
};

struct scores {
	struct score overall;
	struct score phase[PHASE__COUNT];
	struct score_group *accounts;
	size_t naccounts;
	struct score_group *regions;
	size_t nregions;
	struct check_summary
		*checks; /* one per selected check, registry order */
	size_t nchecks;
};

/*
 * Compute every score for 'f' (sorted by account) over the selected
 * checks. 'selected' lists check pointers; 'nsel' their count.
 */
void scores_compute(struct scores *s, const struct findings *f,
		    const struct check *const *selected, size_t nsel);
void scores_release(struct scores *s);

/* Grade for a score value. */
char score_grade(double value);

/*
 * Core: the score of the findings for which 'match' returns true.
 * Exposed for tests and for diff.
 */
void score_group(struct score *out, const struct findings *f,
		 const struct check *const *selected, size_t nsel,
		 int (*match)(const struct finding *x, const void *arg),
		 const void *arg);

#endif
