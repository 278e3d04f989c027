/*
 * runner.h -- an audit from options to exit code
 */
#ifndef RUNNER_H
#define RUNNER_H

#include <time.h>

#include "check_filter.h"
#include "findings.h"

struct aws_rate_override;

struct audit_opts {
	const char *replay_dir; /* NULL: live AWS */
	const char *output_dir; /* default "irready-out" */
	unsigned formats;       /* REPORT_* bits */
	const char *checks;     /* "id,id" or NULL for all */
	const char *phase;      /* phase name or NULL */
	const char *regions;    /* "all", "r1,r2" or NULL (= all) */
	const char *region;     /* home region */
	const char *profile;
	const char *policy_file;
	const char *endpoint_url;
	const char *record_dir; /* --record DIR */
	time_t now;             /* 0: the clock (or the recording's time) */
	int concurrency;
	enum severity fail_on;
	double min_coverage; /* --min-coverage PCT; < 0: none */
	int fail_on_error;   /* --fail-on-error */
	int quiet, color;
	int progress;       /* progress bar on stderr */
	int dump_inventory; /* `irready inventory`: print what was collected */
	/* Organizations */
	int org;               /* --org: every account of the Organization */
	const char *role_name; /* default OrganizationAccountAccessRole */
	const char *external_id;
	const char *accounts; /* --accounts ID,.. (globs) */
	const char *exclude_accounts;
	int shard_index, shard_count; /* --shard I/N, 1-based; 0: no sharding */
	const char *run_id;     /* --run-id; NULL: derived (shards only) */
	const char *mfa_token;  /* --mfa-token */
	int mfa_prompt;         /* stdin is a terminal: ask for MFA codes */
	int accounts_in_flight; /* accounts collected at once (default 8) */
	int drill;              /* --drill: the containment drill too */

	/* --severity, --services, --exclude-checks */
	struct check_filter filter;
	const char *frameworks; /* --framework ID,..: compliance-<id>.csv */
	int allow_plain;        /* --allow-insecure-http */
	/* IRREADY_REQUEST_LOG: a file that gets one line per API call */
	const char *request_log;
	/* --rate SERVICE[:Action]=N,..: beat the policy's "rates" (owned) */
	struct aws_rate_override *rates;
	size_t nrates;
	const char *history;  /* --history FILE|URL (or IRREADY_HISTORY) */
	const char *sign_key; /* --sign KEY.pem: sign the --record manifest */
};

enum {
	EXIT_OK = 0,
	EXIT_FAILING = 1,
	EXIT_USAGE = 2,
	EXIT_CANNOT_ASSESS = 3,
};

int runner_audit(const struct audit_opts *o);

/*
 * Select checks by comma-separated ids (with * wildcards) and phase.
 * Checks that need the containment drill (NEED_DRILL) are selected only
 * when 'drill' is set; naming one without it is a usage error. Returns
 * the count, with pointers in 'out' (check_count entries), or -1 naming
 * the unknown id on stderr.
 */
int runner_select(const char *ids, const char *phase, int drill,
		  const struct check **out);

/*
 * Run one check in one scope (cx->region NULL: the account): ERROR naming
 * the dataset and AWS error when its data is missing, else run(), else
 * NOT_APPLICABLE when it found nothing to judge. Findings go to 'out',
 * whose check/account/severity context the caller has set.
 */
struct check_ctx;
void runner_run_scope(const struct check *c, const struct check_ctx *cx,
		      struct findings *out);

/*
 * Run the 'nsel' selected checks over every account of 'inv', in order,
 * into 'out' (an unassessed account gets one ERROR per check). With
 * 'release', each dataset is released (inv_release) once the last
 * selected check that reads it (its needs, consults and peeks, and what
 * those are built from) has run for the account: nothing may read the
 * inventory's data afterwards, only its accounts' and regions' names.
 */
struct inventory;
struct policy;
void runner_evaluate(struct inventory *inv, const struct policy *pol,
		     const struct check *const *sel, size_t nsel,
		     struct findings *out, int release);

#endif
