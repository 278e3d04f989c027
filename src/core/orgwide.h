/*
 * orgwide.h -- the Organization's central mechanisms, across an --org
 * run's batches
 *
 * The runner notes, before it evaluates a batch of accounts, what each
 * of them runs for the whole Organization (struct inv_orgwide, inv.h):
 * so a member's check can say which account answers for it. The runner
 * owns the struct; orgwide_release() frees it.
 */
#ifndef ORGWIDE_H
#define ORGWIDE_H

#include "inv.h"

/*
 * Add the central mechanisms of the assessed accounts of 'inv' to 'ow'
 * (strings copied into ow->mem; an ARN already noted is not added twice):
 * ACTIVE organization analyzers (ACCESS_ANALYZER) and finding aggregators
 * described in their aggregation region (SH_AGGREGATOR).
 */
void orgwide_note(struct inv_orgwide *ow, const struct inventory *inv);
void orgwide_release(struct inv_orgwide *ow);

#endif
