/*
 * params.h -- check parameters, from the policy's "params"
 *
 * Every parameter has a documented default (params_defaults()); a policy
 * overrides them by name.
 */
#ifndef PARAMS_H
#define PARAMS_H

struct params {
	long access_key_max_age_days;   /* 90 */
	long snapshot_max_age_days;     /* 7 */
	long credential_unused_days;    /* 45 */
	long log_retention_min_days;    /* 365 */
	long evidence_retention_min_days; /* 365 */
	long guardduty_finding_max_age_days; /* 7 */
	long role_unused_days;          /* 90 */
	long attestation_max_age_days;  /* 365 */
	long ami_max_age_days;          /* 30 */
};

void params_defaults(struct params *p);

#endif
