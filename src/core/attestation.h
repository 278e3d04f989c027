/*
 * attestation.h -- a person's statement that a MANUAL item was done
 *
 * Loaded from a policy's "attestations" (policy.c); the MANUAL checks read
 * them through struct check_ctx, so check.h needs this and not policy.h.
 */
#ifndef ATTESTATION_H
#define ATTESTATION_H

#include <time.h>

struct attestation {
	const char *check; /* one of the manual ids (policy.c manual_ids) */
	time_t date;       /* 00:00:00 UTC */
	char date_str[11];
	const char *evidence, *owner;
	const char *origin;
};

#endif
