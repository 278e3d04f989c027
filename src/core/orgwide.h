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
#include "inv_collect.h"

/*
 * Add the central mechanisms of the assessed accounts of 'inv' to 'ow'
 * (strings copied into ow->mem; an ARN already noted is not added twice):
 * ACTIVE organization analyzers (ACCESS_ANALYZER), finding aggregators
 * described in their aggregation region (SH_AGGREGATOR) and organization
 * trails read by the account that owns them (CLOUDTRAIL); and the ids of
 * the accounts that could not be assessed at all (ow->unassessed).
 */
void orgwide_note(struct inv_orgwide *ow, const struct inventory *inv);
/*
 * The accounts 'ids' (n of them) that may own central mechanisms but are
 * not audited by this run (--shard, --accounts): collect only the datasets
 * orgwide_note() reads that 'opts' asks for (in 'home', at 'now', with
 * 'client'), note them in 'ow' and free them, so that a member's verdict
 * does not depend on the share of the Organization it was audited in.
 */
void orgwide_note_context(struct inv_orgwide *ow, char *const *ids, size_t n,
			  const char *home, time_t now,
			  struct aws_client *client,
			  const struct collect_opts *opts);
void orgwide_release(struct inv_orgwide *ow);

#endif
