/*
 * diff.h -- irready diff OLD NEW: the post-incident improvement review
 *
 * Compares two findings.json files by their stable finding ids and
 * classifies every finding:
 *   new failure    FAIL now, and was not PASS before (absent, ERROR, ...)
 *   regressed      PASS before, FAIL now
 *   still failing  FAIL before and now
 *   resolved       FAIL before, not failing now (PASS, WAIVED, or gone)
 *   not assessed   PASS or FAIL before, ERROR now: nobody knows; or the
 *                  finding's (account, region, check) is outside one
 *                  run's scope, so its absence there says nothing
 *   unchanged      everything else (same status, or PASS/NA/MANUAL moves)
 * plus the score change overall and per phase.
 *
 * A run's scope is what its findings.json says it covered: run.accounts,
 * run.regions, run.checks (else score.checks) and run.policy. A list a
 * file does not have (hand-written or older files) covers everything.
 * When the scopes differ, the score change is computed over the common
 * scope only (findings both runs covered, with score.c's definition), and
 * diff warns when the accounts or the policies' digests differ.
 */
#ifndef DIFF_H
#define DIFF_H

#include <stdio.h>

enum diff_class {
	DIFF_NEW_FAILURE,
	DIFF_REGRESSED,
	DIFF_STILL_FAILING,
	DIFF_RESOLVED,
	DIFF_NOT_ASSESSED,
	DIFF_UNCHANGED,
	DIFF__COUNT
};

/* "new failure", "regressed", ...: each class's name in every writer */
extern const char *const diff_class_names[DIFF__COUNT];

struct diff_row {
	enum diff_class cls;
	char *finding_id, *account_id, *region, *phase, *check_id, *title,
		*severity, *resource_id, *old_status, *new_status, *message;
};

struct diff_scope {
	char **accounts, **regions, **checks; /* sorted */
	size_t naccounts, nregions, nchecks;
	int has_accounts, has_regions, has_checks; /* 0: covers everything */
	char *policy_name, *policy_digest;
};

struct diff_side {
	char *path, *source, *evaluated_at;
	struct diff_scope scope;
	double overall;
	int overall_valid;
	double phase[4];
	int phase_valid[4];
};

struct diff {
	struct diff_side old, new;
	struct diff_row *rows;
	size_t nrows, alloc;
	size_t counts[DIFF__COUNT];
	int same_scope; /* the scopes are the same: stored scores compared */
	size_t nscoped; /* findings outside the other run's scope */
};

/*
 * Load OLD and NEW (a findings.json file, or a directory holding one)
 * and classify. 0, or IRREADY_EIO / IRREADY_EPARSE with a message.
 */
int diff_compute(const char *old_path, const char *new_path, struct diff *d);
void diff_release(struct diff *d);

int diff_write_json(const struct diff *d, FILE *out);
int diff_write_csv(const struct diff *d, FILE *out);
int diff_write_html(const struct diff *d, FILE *out);
void diff_write_summary(const struct diff *d, FILE *out);

/* Write diff.json, diff.csv and diff.html into 'dir' atomically. */
int diff_write_files(const struct diff *d, const char *dir);

#endif
