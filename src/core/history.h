/*
 * history.h -- the audit history store (SQLite file or PostgreSQL URL)
 *
 * Every run appended with history_append() becomes one row in runs, its
 * scope (accounts, regions, selected checks), its scores and coverage as
 * the report printed them, and the status of every finding, all in one
 * transaction: a run is in the store completely or not at all. The schema
 * is schema/history/NNNN_*.sql, applied in order at open (each migration
 * in its own transaction, recorded in schema_migrations). README.md has
 * the tables.
 */
#ifndef HISTORY_H
#define HISTORY_H

#include "lifecycle.h"
#include "report.h"

struct history_store;

/* Who ran the audit: the caller ARN per account (entries may be NULL). */
struct history_callers {
	char **accounts, **arns;
	size_t n;
};

/* Migrations known to this build: their count is the latest version. */
int history_latest_version(void);

/*
 * Open 'target' and migrate it to 'version' (0: the latest). A store with
 * a newer schema than this build knows is refused. 0 or IRREADY_EIO.
 */
int history_open(const char *target, int version, struct history_store **out);
void history_close(struct history_store *h);
/* The store's schema version (0 for an empty database). */
int history_version(struct history_store *h);

/*
 * Append the run 'r' (its findings sorted, scores computed) and, when
 * known ('who' may be NULL), the caller identity per account. Its id, 16
 * hex digits derived from the run's times, policy and scope, goes to
 * 'run_id'. Returns 0, 1 when that run is already in the store (nothing
 * written), or IRREADY_EIO with a message (nothing written).
 */
int history_append(struct history_store *h, const struct report *r,
		   const struct history_callers *who, char run_id[17]);

/*
 * Read every run back, sorted (history_data_sort): its findings but the
 * PASS ones, unless 'with_pass' (the review tells a regression from a new
 * failure by them). 0 or IRREADY_EIO.
 */
int history_load(struct history_store *h, struct history_data *out,
		 int with_pass);

/*
 * The audit/merge hook: open 'target', append 'r', close, say so on
 * stdout unless 'quiet'. Returns 0, or IRREADY_EIO after a message that
 * names the store (a URL's password masked) and says the reports were
 * written anyway.
 */
int history_record(const char *target, const struct report *r,
		   const struct history_callers *who, int quiet);

/*
 * Sharded runs. Each shard of `audit --shard I/N --history` writes its
 * part of the run (history_record_part); the run, created by whichever
 * shard comes first, stays 'open' -- invisible to history_load(), so to
 * trend, review and the lifecycle -- until `merge --history` checks that
 * parts 1..N are all there and closes it (history_close_run). The run's
 * id is derived from the shards' run.run_id and N (history_sharded_id).
 */
struct merged;

/*
 * The shard hook: write this shard's part of its run in one transaction,
 * replacing the part an earlier attempt of the same shard wrote. Returns
 * 0 (also when the run is closed and this part is what it holds), or
 * IRREADY_EIO after a message (the store unreachable, the run closed
 * with another result for this shard, a run of the same id that is
 * another audit).
 */
int history_record_part(const char *target, const struct report *r,
			const struct history_callers *who, int quiet);

/*
 * The merge hook: close the sharded run that 'm' (merge_load() of the
 * shard files, or history_load_merged()) describes, whose merged report
 * is 'r': the store must hold parts 1..N, each the one m->parts says
 * (findings count and digest); then the run gets its merged times,
 * counts, regions and scores and is closed, in one transaction. When the
 * store holds nothing of the run (shards run without --history), the
 * whole run is recorded as before. 0 (also: already closed),
 * IRREADY_EUSAGE when parts are missing or differ (named), IRREADY_EIO.
 */
int history_close_run(const char *target, const struct report *r,
		      const struct merged *m, int quiet);

/*
 * `merge --history T --run-id ID` without shard files: the sharded run
 * 'id' (its history id, or the shards' run.run_id) read back from the
 * store as merge_load() would have read its shards. 0, IRREADY_EUSAGE
 * (no such run; parts missing, named), IRREADY_EIO.
 */
int history_load_merged(const char *target, const char *id, struct merged *m);

/* The open (incomplete) sharded runs of a store, for `history list`. */
struct history_open_run {
	char id[17];
	char *shard_run_id, *missing; /* missing: "2, 5" */
	time_t at;
	int shards, parts;
};
int history_open_runs(struct history_store *h, struct history_open_run **out,
		      size_t *n);
void history_open_runs_free(struct history_open_run *v, size_t n);

/* --history, else $IRREADY_HISTORY, else NULL. */
const char *history_target(const char *opt);

#endif
