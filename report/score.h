/*
 * score.h -- readiness scores (pure arithmetic over findings)
 *
 * A check's result in a group = passed / (passed + failed) over its
 * findings in that group. A group's score = sum(weight * result) /
 * sum(weight) over the checks with at least one PASS or FAIL there, with
 * weights by severity (critical 10, high 5, medium 3, low 1, info 0).
 * Coverage = checks fully evaluated / checks selected, where fully
 * evaluated means at least one finding and no ERROR or MANUAL among them.
 * WAIVED counts as neither pass nor fail; NOT_APPLICABLE is evaluated.
 * In a region group the selected checks are those that run there:
 * account-scope checks for "global", regional checks for a region.
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
	double coverage;  /* 0-100 */
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
