/*
 * policy.h -- policies: which checks run, their parameters, severity
 * overrides, waivers and attestations (design.md §3, policies/README.md)
 *
 * policy_load() reads a policy file (or a shipped profile), follows its
 * "extends" chain, validates everything and merges it into one struct
 * policy; the runner then asks policy_selects() and policy_severity() per
 * check, copies 'params' into the check context, and after the checks ran
 * calls policy_apply_waivers() on the findings. Attestations are read and
 * validated here; checks/attest.h decides what they mean for a check.
 *
 * Ownership: a struct policy owns every string and array it points to
 * (one arena); policy_release() frees them all, including the strings in
 * 'params'. Nothing here keeps a pointer to the caller's data.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "attestation.h" /* struct attestation */
#include "findings.h"
#include "params.h"

struct check;

/* extends chains longer than this are an error */
#define POLICY_MAX_DEPTH 16

/* "rates": requests/s for a service or one action (see aws_rate.h). */
struct policy_rate {
	const char *service;
	const char *action; /* NULL: the whole service */
	double rate;
};

struct severity_override {
	const struct check *check;
	enum severity severity;
};

/*
 * A waiver turns FAIL findings into WAIVED until it expires. It matches a
 * finding when every field matches (fnmatch(3) globs, '*' crosses '/'):
 * 'check' the check id; one of 'accounts' the account id; one of
 * 'regions' the region ("global" for account-level findings); 'resource'
 * the resource id (see policies/README.md for ARN patterns).
 */
struct waiver {
	const char *check;
	const char *const *accounts; /* default { "*" } */
	size_t naccounts;
	const char *const *regions; /* default { "*" } */
	size_t nregions;
	const char *resource; /* default "*" */
	const char *reason, *owner;
	const char *ticket;   /* NULL when not given */
	time_t expires;       /* 00:00:00 UTC of the last day it applies */
	char expires_str[11]; /* "YYYY-MM-DD" as written */
	const char *origin;   /* "policies/x.json: $.waivers[2]" */
	size_t matched;       /* findings it waived (policy_apply_waivers) */
};

struct policy {
	/*
	 * the loaded file's "name" (not inherited from parents), else its
	 * file name without ".json"
	 */
	const char *name;
	const char *path; /* the file loaded (the child, not its parents) */
	char digest[65];  /* sha256 of every file's bytes, parent first */

	/*
	 * Selection: a check runs when its id matches one of 'include' or
	 * its phase is one of 'phases', and its id matches none of
	 * 'exclude'. With neither "include" nor "phases" in the policy
	 * chain, 'include' is { "*" }.
	 */
	const char *const *include;
	size_t ninclude;
	const char *const *exclude;
	size_t nexclude;
	const enum ir_phase *phases;
	size_t nphases;

	const struct severity_override *overrides;
	size_t noverrides;

	struct params params; /* defaults, then each file, parent first */

	const struct policy_rate *rates; /* parent's, then the child's */
	size_t nrates;

	struct waiver *waivers; /* parent's first, then the child's */
	size_t nwaivers;
	const struct attestation *attestations;
	size_t nattestations;

	struct arena mem;
};

/*
 * Load a policy. 'file_or_profile' is NULL (the shipped "readiness"
 * profile), a bare profile name ("post-incident": no '/' and no ".json"
 * suffix) or a path. Shipped profiles are looked up, in this order, in
 * $IRREADY_POLICY_DIR, <exe dir>/../policies, <exe dir>/policies,
 * <exe dir>/../share/irready/policies, IRREADY_DATADIR/policies (default
 * /usr/local/share/irready) and last
 * ./policies.
 *
 * Every problem in every file of the chain is printed, one per line, as
 *   irready: error: FILE: $.json.path: what is wrong
 * and then IRREADY_EPOLICY is returned and 'out' is left zeroed (nothing
 * to release). On success returns 0; release 'out' with policy_release().
 */
int policy_load(const char *file_or_profile, struct policy *out);

/* Free everything 'p' owns and zero it; a zeroed policy is a no-op. */
void policy_release(struct policy *p);

/* Whether 'p' selects check 'c' (see struct policy). */
int policy_selects(const struct policy *p, const struct check *c);

/* The severity of 'c' under 'p': its override, else c->severity. */
enum severity policy_severity(const struct policy *p, const struct check *c);

/*
 * Dates that depend on the evaluation time: an attestation dated after
 * the UTC day of 'now' is an error (printed like policy_load()'s).
 * Returns 0 or IRREADY_EPOLICY.
 */
int policy_check_dates(const struct policy *p, time_t now);

/*
 * Whether waiver 'w' has expired at 'now': it applies through its
 * 'expires' day, UTC, inclusive.
 */
int policy_waiver_expired(const struct waiver *w, time_t now);

/*
 * Waive findings. Only FAIL findings are waived (PASS needs no waiver;
 * ERROR, MANUAL and NOT_APPLICABLE are not verdicts about a resource). The
 * first unexpired waiver, in policy order, that matches a FAIL finding
 * sets its status to CHECK_WAIVED, leaves 'verdict' (CHECK_FAIL) alone,
 * sets 'waiver' to "reason (owner, ticket, until YYYY-MM-DD)" (", ticket"
 * only when given) and adds one to the waiver's 'matched'. Expired
 * waivers never apply.
 */
void policy_apply_waivers(struct policy *p, struct findings *f, time_t now);

enum waiver_state {
	WAIVER_ACTIVE,  /* unexpired, and waived at least one finding */
	WAIVER_UNUSED,  /* unexpired, and waived nothing */
	WAIVER_EXPIRED, /* past its expiry: applied to nothing */
};

/* After policy_apply_waivers(): what the report says about 'w'. */
enum waiver_state policy_waiver_state(const struct waiver *w, time_t now);
const char *waiver_state_name(enum waiver_state s); /* "active" ... */

/*
 * Print one warning per expired or unused waiver, e.g.
 *   irready: warning: waiver p.json: $.waivers[1] (kms_cmk_rotation)
 *   expired on 2026-01-31 and no longer applies
 */
void policy_warn_waivers(const struct policy *p, time_t now);

#endif
