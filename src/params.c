/*
 * params.c -- the documented defaults of the check parameters
 */
#include "params.h"

void params_defaults(struct params *p)
{
	p->access_key_max_age_days = 90;
	p->snapshot_max_age_days = 7;
	p->credential_unused_days = 45;
	p->log_retention_min_days = 365;
	p->evidence_retention_min_days = 365;
	p->guardduty_finding_max_age_days = 7;
	p->role_unused_days = 90;
	p->attestation_max_age_days = 365;
	p->ami_max_age_days = 30;
}
