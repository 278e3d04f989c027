/*
 * lifecycle.h -- audit history as data, and what it says about findings
 *
 * struct history_data is the history store read back (src/core/history.c
 * fills it from SQLite or PostgreSQL; tests build it by hand): the runs in
 * time order with their scope and stored scores, and the findings of every
 * run that were not PASS (a PASS says no more than the finding's absence).
 * It owns all its strings; history_data_release() frees them.
 *
 * Lifecycle rules (lifecycle_compute):
 *  - A finding is open in a run where its status is FAIL.
 *  - It is resolved by a later run that assessed its unit (check, account,
 *    region) and did not find it failing: PASS, NOT_APPLICABLE, or absent.
 *  - A run assessed a unit when the unit is in the run's scope (account,
 *    region or "global", selected check) and holds no ERROR there. Outside
 *    that, or with ERROR, or MANUAL, the finding is "not assessed": its
 *    state does not move. WAIVED does not move it either: a waiver is
 *    not a fix.
 *  - Failing again after being resolved reopens it (a new episode).
 *  - Time to resolve is resolved_at - opened_at per episode, counted per
 *    severity for episodes resolved within the window.
 */
#ifndef LIFECYCLE_H
#define LIFECYCLE_H

#include <stddef.h>
#include <time.h>

#include "findings.h"

struct hist_check {
	char *id;
	int regional; /* 0: runs once per account, region "global" */
	enum ir_phase phase;
	enum severity severity;
};

struct hist_score {
	char *grp; /* "overall", "phase", "account", "region" */
	char *key; /* "" for overall */
	int valid; /* 0: nothing scored */
	double score, coverage;
	long selected, evaluated;
};

struct hist_run {
	char *id;
	time_t started, finished, at; /* at: evaluated_at, the run's date */
	char *tool_version, *mode, *source, *policy_name, *policy_digest;
	char **accounts;      /* sorted */
	char **account_names; /* parallel to accounts, entries may be NULL */
	size_t naccounts;
	char **regions; /* sorted */
	size_t nregions;
	struct hist_check *checks; /* sorted by id */
	size_t nchecks;
	struct hist_score *scores;
	size_t nscores;
	long nfindings; /* every finding, PASS included */
	/* FAIL findings per severity, by history_data_sort(): overall, per
	 * phase, per account (naccounts rows) and per region (nregions
	 * rows, then one for "global") */
	size_t open[SEV__COUNT];
	size_t open_phase[PHASE__COUNT][SEV__COUNT];
	size_t (*open_account)[SEV__COUNT];
	size_t (*open_region)[SEV__COUNT];
};

struct hist_finding {
	size_t run; /* index into history_data.runs */
	char id[17];
	char *check_id, *account_id, *region;
	enum ir_phase phase;
	enum severity severity;
	enum check_status status;
	char *resource_id, *message, *waiver; /* may be NULL */
};

struct history_data {
	struct hist_run *runs; /* by (at, id) */
	size_t nruns;
	struct hist_finding *f; /* by (id, run) after history_data_sort() */
	size_t nf;
	/* "<run>\x1f<check>\x1f<account>\x1f<region>" of every ERROR, sorted */
	char **err_units;
	size_t nerr;
};

void history_data_release(struct history_data *h);
/* Sort runs by (at, id), remap findings, sort findings by (id, run). */
void history_data_sort(struct history_data *h);
/* The stored score of group (grp, key) in run 'r', or NULL. */
const struct hist_score *hist_run_score(const struct hist_run *r,
					const char *grp, const char *key);
/*
 * FAIL findings of severity 'sev' in run 'r': all ('grp' NULL or
 * "overall"), or of one "phase", "account" or "region" 'key'.
 */
size_t hist_open_count(const struct hist_run *r, enum severity sev,
		       const char *grp, const char *key);
/* Did run 'r' (index 'ri') assess the unit (check, account, region)? */
int hist_assessed(const struct history_data *h, size_t ri, const char *check,
		  const char *account, const char *region);

enum lc_state { LC_OPEN, LC_RESOLVED };

struct lc_finding {
	const struct hist_finding *last; /* the last failing observation */
	enum lc_state state;             /* after the last run */
	int assessed_last;               /* the last run assessed it */
	time_t first_seen, last_seen;    /* runs where it was FAIL */
	time_t opened_at;   /* start of the current (or last) episode */
	time_t resolved_at; /* 0 while open */
	unsigned reopened;  /* times it failed again after a resolution */
	double age_days;    /* open: as_of - opened_at; resolved: 0 */
};

struct lc_ttr {
	size_t resolved;    /* episodes resolved in the window */
	double median, p90; /* days; valid when resolved > 0 */
	size_t open;        /* open after the last run */
	double oldest_open_days;
};

struct lifecycle {
	struct lc_finding *v; /* findings that ever failed, by id */
	size_t n;
	time_t as_of; /* the last run's date */
	long window_days;
	struct lc_ttr ttr[SEV__COUNT];
};

/*
 * Compute the lifecycle of every finding that failed in some run of 'h'
 * (sorted), with time to resolve over the 'window_days' before the last
 * run (0: all of history). 'lc' points into 'h'; release 'lc' first.
 */
void lifecycle_compute(struct lifecycle *lc, const struct history_data *h,
		       long window_days);
void lifecycle_release(struct lifecycle *lc);
/* Nearest-rank percentile 'p' (0-100) of 'n' sorted values. */
double lc_percentile(const double *sorted, size_t n, double p);

#endif
