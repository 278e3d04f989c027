/*
 * merge.h -- irready merge DIR...: one report from sharded runs
 *
 * Each shard of `irready audit --org --shard I/N` writes its own
 * findings.json; merge reads them all, checks that they are shards of the
 * same audit (same policy digest, checks and evaluation time), and
 * rebuilds the findings, scores and every report file exactly as a single
 * run over all the accounts would have written them. API call counts are
 * summed (each shard also lists the Organization, so the sum is a little
 * higher than one run's).
 *
 * Every shard's findings.json says which shard it is and of which run:
 * run.shard {"index": I, "count": N} and run.run_id (--run-id, or derived
 * from the evaluation time, N, the policy, the source and the checks, so
 * that shards started apart agree without talking). merge takes exactly
 * shards 1..N of one run, each once, and refuses anything else
 * (IRREADY_EUSAGE, naming the files) before it writes a thing.
 */
#ifndef MERGE_H
#define MERGE_H

#include "findings.h"
#include "report.h"

/* One shard as merge read it: what the history store's part must match. */
struct merge_part {
	long nfindings;
	char digest[65]; /* merge_part_digest() of its findings */
	char *path;      /* its findings.json, for messages */
};

struct merged {
	struct findings findings;
	const struct check **checks; /* selected checks, registry order */
	size_t nchecks;
	struct run_info run;
	char **waiver_notes;
	size_t nwaiver_notes;
	/* merge_load(): the shards' run.run_id, N and parts[0..N-1] */
	char *shard_run_id;
	int shards;
	struct merge_part *parts;
};

#include <stdio.h>

/*
 * Write ',"shard":{"index":I,"count":N},"run_id":"ID"' (inside findings.json's
 * "run" object) for a shard's run.
 */
void merge_write_shard(FILE *out, const struct report *r);

/* The run.run_id a shard's findings.json carries (--run-id, or derived). */
void merge_shard_run_id(const struct report *r, char *buf, size_t size);

/*
 * SHA-256 (hex) of findings v[0..n-1] as a set: their ids, statuses,
 * verdicts and severities, whatever their order. A shard's part in the
 * history store and its findings.json agree when their digests do.
 */
void merge_part_digest(const struct finding *v, size_t n, char hex[65]);

/* Read the findings.json of every path (a file or its directory). */
int merge_load(char *const *paths, size_t n, struct merged *m);
/*
 * One whole run's findings.json (a file or its directory) into 'm', as
 * merge_load() reads a shard but without the shard-set rules: history
 * import, trend and review read audits, sharded or not.
 */
int merge_load_run(const char *path, struct merged *m);
void merge_release(struct merged *m);

#endif
