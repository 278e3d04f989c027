/*
 * exitcode.h -- the one place an audit's exit code is decided
 *
 * audit and merge both end here, so a CI gate reads the same rules
 * whichever produced the report (README.md "Exit codes"):
 *
 *   3  nothing could be assessed: units were selected, none was assessed
 *      and at least one is ERROR; or coverage is below --min-coverage
 *   1  a FAIL at or above --fail-on; or, with --fail-on-error, any ERROR
 *   0  otherwise
 *
 * Usage errors (2) and the failures before any finding exists (no
 * credentials, unreadable replay directory: 3) are decided where they
 * happen.
 */
#ifndef EXITCODE_H
#define EXITCODE_H

#include "findings.h"

struct score;

struct exit_rules {
	enum severity fail_on; /* a FAIL at or above this exits 1 */
	double min_coverage;   /* percent; < 0: no minimum */
	int fail_on_error;     /* any ERROR exits 1 */
	/*
	 * A shard of --shard I/N: what was assessed is judged over the whole
	 * run by `irready merge` (a shard may hold nothing but an account
	 * whose role cannot be assumed), so the coverage rules (exit 3) are
	 * the merge's; the shard only warns.
	 */
	int coverage_at_merge;
};

/* Default rules: --fail-on high, no minimum coverage, ERROR tolerated. */
void exit_rules_init(struct exit_rules *r);

/*
 * The exit code for findings 'f' scored as 'overall' (the run's overall
 * score, whose units say what was assessed). Says why on stderr when the
 * code is 3, or 1 because of an ERROR.
 */
int exitcode_decide(const struct exit_rules *r, const struct findings *f,
		    const struct score *overall);

/* Parse --min-coverage PCT ("80", "80%", "92.5"): 0, or -1 after saying. */
int exitcode_parse_coverage(const char *arg, double *out);

#endif
