/*
 * check_filter.h -- --severity, --services and --exclude-checks
 *
 * The filters that narrow what the policy (and --checks/--phase) select,
 * for `irready audit` and `irready checks`:
 *   --severity SEV        checks at or above SEV (critical > high > ...)
 *   --severity SEV,SEV..  checks of exactly those severities
 *   --services S,..       checks that call any of those services
 *   --exclude-checks ID,..  drop these checks (* wildcards)
 * A check's severity is the policy's (severity_overrides) when a policy is
 * given. A check's services are the IAM prefixes of the actions its
 * datasets need (as `irready checks --json` lists them in iam_actions),
 * without sts:GetCallerIdentity and ec2:DescribeRegions, which every run
 * makes: vpc_flow_logs_enabled is "ec2", cloudtrail_cloudwatch_logs
 * "cloudtrail". Process items (MANUAL) call nothing and have no service.
 * The struct holds the option strings as given (not owned) and the
 * parsed severities; a zeroed struct filters nothing.
 */
#ifndef CHECK_FILTER_H
#define CHECK_FILTER_H

#include "findings.h"

struct check;
struct policy;

struct check_filter {
	const char *severity; /* "high" or "critical,low"; NULL: any */
	const char *services; /* "ec2,kms"; NULL: any */
	const char *exclude;  /* "vpc_*,iam_root_protected"; NULL: none */
	unsigned sev_mask;    /* 1 << enum severity, from 'severity' */
};

enum check_filter_kind {
	CHECK_FILTER_SEVERITY,
	CHECK_FILTER_SERVICES,
	CHECK_FILTER_EXCLUDE,
};

/*
 * Set one filter from its option argument and validate it: an unknown
 * severity, a service no check calls, or an exclude pattern that matches
 * no check is a usage error (reported). Returns 0 or -1.
 */
int check_filter_set(struct check_filter *f, enum check_filter_kind kind,
		     const char *arg);

/* Whether any filter is set. */
int check_filter_active(const struct check_filter *f);

/* Whether 'c' (of severity 'sev') passes every filter. */
int check_filter_match(const struct check_filter *f, const struct check *c,
		       enum severity sev);

/*
 * Keep the checks of 'sel[0..n)' that pass (severity under 'pol', which
 * may be NULL); returns the new count.
 */
int check_filter_apply(const struct check_filter *f, const struct check **sel,
		       int n, const struct policy *pol);

/*
 * The services of 'c' (see the top), sorted and unique: a NULL-terminated
 * malloc'd array of malloc'd strings; free it with check_services_free().
 */
char **check_services(const struct check *c);
void check_services_free(char **v);

/* Every service of the catalog, the same way. */
char **check_services_all(void);

#endif
