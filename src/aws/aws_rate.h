/*
 * aws_rate.h -- request rates: AWS's documented quotas and irready's pacer
 *
 * aws_quota.c holds the table of request rates AWS documents for the read
 * calls irready makes (per service, and per operation where AWS documents
 * one), each row citing its source. aws_rate.c paces requests with one
 * token bucket per (account, region, service[, operation group]) at a
 * fraction of those rates (AWS_RATE_FRACTION), so that an audit leaves
 * production most of its quota; throttling halves a bucket's rate and
 * successes bring it back (AIMD). --rate and the policy file's "rates"
 * override a row.
 */
#ifndef AWS_RATE_H
#define AWS_RATE_H

#include <stddef.h>

/* One documented quota. */
struct aws_quota {
	const char *service; /* irready's service name ("ec2", "kms") */
	const char *action;  /* NULL: every action of the service */
	double rate;         /* requests per second AWS allows (refill) */
	double burst;        /* bucket size AWS documents; 0: none (= rate) */
	int per_action;      /* each action has a bucket of its own at this */
	const char *source;  /* where AWS documents it; NULL: undocumented */
};

/*
 * The share of a documented quota irready uses by default: a quota is per
 * account and Region and shared with everything else in the account
 * (consoles, CI, the workloads themselves), so an audit takes at most a
 * quarter of it and leaves three quarters to production.
 */
#define AWS_RATE_FRACTION 0.25
/*
 * Where AWS documents no quota: a conservative rate in requests/s, used
 * as is (no fraction), with a burst of twice that.
 */
#define AWS_RATE_UNDOCUMENTED 10.0

/*
 * The row for 'service':'action': the action's own row, else the
 * service's, else NULL (undocumented).
 */
const struct aws_quota *aws_quota_find(const char *service, const char *action);
/* The whole table, for README/tests. */
const struct aws_quota *aws_quota_table(size_t *n);

/* An override: --rate SERVICE[:Action]=N, or the policy's "rates". */
struct aws_rate_override {
	char *service;
	char *action; /* NULL: the whole service */
	double rate;  /* requests/s, used as is (no fraction) */
};

/*
 * Parse "SERVICE[:Action]=N" (N > 0, decimals allowed) into 'o' (strings
 * owned by 'o'; aws_rate_override_release()). Returns 0, or -1 with a
 * message in 'why' (size 'n').
 */
int aws_rate_override_parse(const char *s, struct aws_rate_override *o,
			    char *why, size_t n);
void aws_rate_override_release(struct aws_rate_override *o);
/*
 * Append the comma-separated overrides of 'list' to '*v' ('*n' of them;
 * free with aws_rate_overrides_free()). 0, or -1 with 'why' filled.
 */
int aws_rate_overrides_add(const char *list, struct aws_rate_override **v,
			   size_t *n, char *why, size_t wn);
void aws_rate_overrides_free(struct aws_rate_override *v, size_t n);

/* What a request is paced at. */
struct aws_rate_plan {
	double rate, burst;
	char group[64];     /* "kms" or "ec2:DescribeInstances": the bucket */
	const char *source; /* "documented", "override", "undocumented" */
};

/*
 * The pace of 'service':'action' given 'ov' ('nov' overrides, the later
 * winning; an action override beats a service one) and 'fraction' of the
 * documented rates (<= 0: AWS_RATE_FRACTION). Pure.
 */
void aws_rate_plan(const char *service, const char *action,
		   const struct aws_rate_override *ov, size_t nov,
		   double fraction, struct aws_rate_plan *out);

/* The pacer: thread-safe. */
struct aws_rate;

/* Copies 'ov'. A 'fixed_rate' > 0 paces every bucket at that instead. */
struct aws_rate *aws_rate_new(const struct aws_rate_override *ov, size_t nov,
			      double fraction, double fixed_rate);
void aws_rate_free(struct aws_rate *r);
/* Take a token for 'account_region' ("acct/region") and the call's group. */
void aws_rate_take(struct aws_rate *r, const char *account_region,
		   const char *service, const char *action);
/* Throttled: halve that bucket's rate; else creep back (AIMD). */
void aws_rate_feedback(struct aws_rate *r, const char *account_region,
		       const char *service, const char *action, int throttled);
/*
 * Buckets held, and the current rate of the call's bucket (0: none held).
 * A bucket back at its planned rate and full is dropped when the table
 * needs room (it would be created in that state again).
 */
size_t aws_rate_buckets(struct aws_rate *r);
double aws_rate_current(struct aws_rate *r, const char *account_region,
			const char *service, const char *action);

#endif
