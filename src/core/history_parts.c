/*
 * history_parts.c -- sharded runs in the history store: parts, closing
 *
 * `audit --shard I/N --history` writes the shard's part of its run, and
 * `merge --history` closes the run (history.h). The design is for many
 * shards writing to one PostgreSQL at once:
 *
 *  - The runs row (state 'open') and its selected checks are created by
 *    whichever shard comes first, in a short transaction of their own
 *    (INSERT ... ON CONFLICT DO NOTHING), so no shard waits for another's
 *    long one. A shard that dies after it leaves an open run with a part
 *    missing: incomplete, and visible as such (`history list`).
 *  - A shard's part is one transaction over rows keyed (run_id, shard):
 *    its run_parts row, its accounts, its regions, its findings. A re-run
 *    of the shard deletes and writes those rows again, so it replaces its
 *    part and never duplicates a finding. Accounts are split between the
 *    shards, so two shards never write the same row: they neither wait
 *    for nor deadlock with each other. Two attempts of the same shard at
 *    once are serialised by a transaction advisory lock (PostgreSQL); the
 *    last one wins.
 *  - Closing locks the runs row first (PostgreSQL: FOR NO KEY UPDATE;
 *    shards hold FOR SHARE while they write), so a shard writing while
 *    the merge closes either finishes first, and is checked, or finds the
 *    run closed.
 *
 * SQLite has a single writer at a time (BEGIN IMMEDIATE, WAL, a busy
 * timeout): shards queue for it, which is fine on one host; the locking
 * clauses are PostgreSQL's only, the one place the SQL differs.
 */
#include "history_int.h"
#include "check.h"
#include "irready.h"
#include "merge.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* part_check_run(): the run is closed and holds this very part */
#define PART_SAME (-1)

/* What a shard writes: its run's id, its own index, its digest. */
struct part_ctx {
	char id[17];
	char sid[160]; /* the shards' run.run_id */
	char shard[16];
	char digest[65];
	int index, count;
};

/*
 * The first row of 'sql' with params 'p': its 'ncols' columns into
 * 'cols' (malloc'd, NULL for SQL NULL). 1, 0 when there is no row, or
 * -1 (reported).
 */
static int select_row(struct hdb *db, const char *sql, int n,
		      const char *const *p, char **cols, int ncols)
{
	struct hdb_stmt *st;
	int more;

	for (int i = 0; i < ncols; i++)
		cols[i] = NULL;
	if (hdb_prepare(db, sql, n, &st))
		return -1;
	if (hdb_run(st, p)) {
		hdb_finalize(st);
		return -1;
	}
	more = hdb_next(st);
	for (int i = 0; more == 1 && i < ncols; i++)
		cols[i] = hdb_col(st, i) ? xstrdup(hdb_col(st, i)) : NULL;
	hdb_finalize(st);
	return more;
}

static void free_cols(char **cols, int n)
{
	for (int i = 0; i < n; i++)
		free(cols[i]);
}

int history_streq(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* The runs row and its checks, if no shard created them yet. */
static int part_create_run(struct history_store *h, const struct report *r,
			   const struct part_ctx *c)
{
	int rc, inserted = 0;

	if ((rc = hdb_begin(h->db)))
		return rc;
	rc = history_put_run(h->db, c->id, r, "open", c->sid, c->count, 1,
			     &inserted);
	if (!rc && inserted)
		rc = history_put_checks(h->db, c->id, r, 1);
	if (!rc)
		rc = hdb_commit(h->db);
	if (rc)
		hdb_rollback(h->db);
	return rc;
}

/* The run's checks are this shard's: 1 yes, 0 no, or -1 (reported). */
static int same_checks(struct hdb *db, const char *id, const struct scores *s)
{
	struct hdb_stmt *st;
	const char *p[1] = { id };
	size_t n = 0, found = 0;
	int more;

	if (hdb_prepare(db, "SELECT check_id FROM run_checks WHERE run_id = $1",
			1, &st))
		return -1;
	if (hdb_run(st, p)) {
		hdb_finalize(st);
		return -1;
	}
	while ((more = hdb_next(st)) == 1) {
		n++;
		for (size_t i = 0; i < s->nchecks; i++)
			if (history_streq(hdb_col(st, 0),
					  s->checks[i].check->id))
				found++;
	}
	hdb_finalize(st);
	if (more < 0)
		return -1;
	return n == s->nchecks && found == n;
}

/*
 * Inside the part's transaction: the run is open and of the same audit.
 * 0 to write, PART_SAME when the run is closed and holds this very
 * part, or IRREADY_EIO after a message.
 */
static int part_check_run(struct history_store *h, const struct report *r,
			  const struct part_ctx *c)
{
	const struct run_info *ri = r->run;
	const char *p[2] = { c->id, c->shard };
	char *run[3], *part[1] = { NULL }, now[24];
	int rc, same;

	/* shards share the row (FOR SHARE), the merge's close waits */
	rc = select_row(h->db,
			hdb_is_pg(h->db)
				? "SELECT state, evaluated_at, policy_digest "
				  "FROM runs WHERE run_id = $1 FOR SHARE"
				: "SELECT state, evaluated_at, policy_digest "
				  "FROM runs WHERE run_id = $1",
			1, p, run, 3);
	if (rc <= 0)
		return rc ? IRREADY_EIO
			  : error_rc(IRREADY_EIO,
				     "history: run %s vanished from '%s'",
				     c->id, h->shown);
	rc = 0;
	history_fmt_long(now, sizeof(now), (long long)ri->now);
	if (!history_streq(run[1], now) ||
	    !history_streq(run[2], ri->policy_digest)) {
		rc = error_rc(
			IRREADY_EIO,
			"history: run %s (run id '%s') in '%s' is another "
			"audit: its evaluation time or policy differs "
			"from shard %d/%d's (reuse of --run-id?)",
			c->id, c->sid, h->shown, c->index, c->count);
		goto out;
	}
	same = same_checks(h->db, c->id, r->scores);
	if (same != 1) {
		rc = same < 0
			     ? IRREADY_EIO
			     : error_rc(IRREADY_EIO,
					"history: run %s (run id '%s') in '%s' "
					"is another audit: its checks differ "
					"from "
					"shard %d/%d's (reuse of --run-id?)",
					c->id, c->sid, h->shown, c->index,
					c->count);
		goto out;
	}
	if (history_streq(run[0], "open"))
		goto out;
	/* closed: the same part again is no news; another is refused */
	rc = select_row(h->db,
			"SELECT digest FROM run_parts WHERE run_id = $1 AND "
			"shard = $2",
			2, p, part, 1);
	if (rc < 0)
		rc = IRREADY_EIO;
	else
		rc = rc == 1 && history_streq(part[0], c->digest)
			     ? PART_SAME
			     : error_rc(IRREADY_EIO,
					"history: run %s in '%s' is closed "
					"(merged) and its shard %d/%d differs "
					"from this one",
					c->id, h->shown, c->index, c->count);
	free(part[0]);
out:
	free_cols(run, 3);
	return rc;
}

static int part_put_row(struct hdb *db, const struct report *r,
			const struct part_ctx *c)
{
	const struct run_info *ri = r->run;
	const struct score *s = &r->scores->overall;
	char n[9][24], sc[32], cov[32];
	const char *p[13];

	history_fmt_long(n[0], sizeof(n[0]), c->count);
	history_fmt_long(n[1], sizeof(n[1]), (long long)ri->started);
	history_fmt_long(n[2], sizeof(n[2]), (long long)ri->finished);
	history_fmt_long(n[3], sizeof(n[3]), (long long)time(NULL));
	history_fmt_long(n[4], sizeof(n[4]), (long long)ri->naccounts);
	history_fmt_long(n[5], sizeof(n[5]), (long long)r->findings->n);
	history_fmt_long(n[6], sizeof(n[6]), (long long)ri->api_calls);
	history_fmt_long(n[7], sizeof(n[7]), (long long)ri->api_errors);
	snprintf(sc, sizeof(sc), "%.4f", s->value);
	snprintf(cov, sizeof(cov), "%.4f", s->coverage);
	p[0] = c->id;
	p[1] = c->shard;
	p[2] = n[0];
	p[3] = n[1];
	p[4] = n[2];
	p[5] = n[3];
	p[6] = n[4];
	p[7] = n[5];
	p[8] = s->valid ? sc : NULL;
	p[9] = cov;
	p[10] = n[6];
	p[11] = n[7];
	p[12] = c->digest;
	return history_exec_params(
		db,
		"INSERT INTO run_parts (run_id, shard, shards, started, "
		"finished, recorded_at, accounts, findings, score, coverage, "
		"api_calls, api_errors, digest) VALUES ($1, $2, $3, $4, $5, "
		"$6, $7, $8, $9, $10, $11, $12, $13)",
		13, p);
}

/* Replace this shard's rows: 0 or IRREADY_EIO; '*replaced' if it had. */
static int part_write(struct history_store *h, const struct report *r,
		      const struct history_callers *who,
		      const struct part_ctx *c, int *replaced)
{
	static const char *const del[] = {
		"DELETE FROM findings WHERE run_id = $1 AND shard = $2",
		"DELETE FROM run_accounts WHERE run_id = $1 AND shard = $2",
		"DELETE FROM run_part_regions WHERE run_id = $1 AND shard = $2",
		"DELETE FROM run_parts WHERE run_id = $1 AND shard = $2",
	};
	const char *p[3] = { c->id, c->shard, NULL };
	char *had[1];
	struct hdb_stmt *st;
	int rc;

	rc = select_row(h->db,
			"SELECT 1 FROM run_parts WHERE run_id = $1 AND shard "
			"= $2",
			2, p, had, 1);
	if (rc < 0)
		return IRREADY_EIO;
	free(had[0]);
	*replaced = rc == 1;
	for (size_t i = 0; i < ARRAY_SIZE(del); i++)
		if ((rc = history_exec_params(h->db, del[i], 2, p)))
			return rc;
	if ((rc = part_put_row(h->db, r, c)) ||
	    (rc = history_put_accounts(h->db, c->id, r, who, c->shard)) ||
	    (rc = hdb_prepare(h->db,
			      "INSERT INTO run_part_regions (run_id, shard, "
			      "region) VALUES ($1, $2, $3)",
			      3, &st)))
		return rc;
	for (size_t i = 0; !rc && i < r->run->nregions; i++) {
		p[2] = r->run->regions[i];
		rc = hdb_run(st, p);
	}
	hdb_finalize(st);
	if (!rc)
		rc = history_put_findings(h->db, c->id, r->findings, c->shard);
	return rc;
}

/* The part's transaction: 0, PART_SAME, IRREADY_EIO. */
static int part_txn(struct history_store *h, const struct report *r,
		    const struct history_callers *who, const struct part_ctx *c,
		    int *replaced)
{
	int rc;

	if ((rc = hdb_begin(h->db)))
		return rc;
	if (hdb_is_pg(h->db)) {
		/* two attempts of one shard at once: one after the other */
		char *key = xasprintf("irready:%s/%s", c->id, c->shard);
		const char *p[1] = { key };

		rc = history_exec_params(h->db,
					 "SELECT pg_advisory_xact_lock("
					 "hashtext($1))",
					 1, p);
		free(key);
	}
	if (!rc)
		rc = part_check_run(h, r, c);
	if (!rc)
		rc = part_write(h, r, who, c, replaced);
	if (!rc)
		rc = hdb_commit(h->db);
	if (rc)
		hdb_rollback(h->db);
	return rc;
}

int history_record_part(const char *target, const struct report *r,
			const struct history_callers *who, int quiet)
{
	struct history_store *h = NULL;
	struct part_ctx c = { .index = r->run->shard_index,
			      .count = r->run->shard_count };
	char *shown = hdb_display(target);
	int rc, replaced = 0;

	merge_shard_run_id(r, c.sid, sizeof(c.sid));
	history_sharded_id(c.sid, c.count, c.id);
	snprintf(c.shard, sizeof(c.shard), "%d", c.index);
	merge_part_digest(r->findings->v, r->findings->n, c.digest);
	rc = history_open(target, 0, &h);
	if (!rc)
		rc = part_create_run(h, r, &c);
	if (!rc)
		rc = part_txn(h, r, who, &c, &replaced);
	history_close(h);
	if (rc == PART_SAME) {
		if (!quiet)
			printf("  history:  shard %d/%d of run %s already in "
			       "%s (the run is closed)\n",
			       c.index, c.count, c.id, shown);
		rc = 0;
	} else if (rc) {
		error_rc(IRREADY_EIO,
			 "history: shard %d/%d of run %s was not recorded in "
			 "'%s'; the reports are written",
			 c.index, c.count, c.id, shown);
	} else if (!quiet) {
		printf("  history:  shard %d/%d of run %s recorded in %s%s; "
		       "'irready merge --history' closes the run\n",
		       c.index, c.count, c.id, shown,
		       replaced ? " (replacing its earlier part)" : "");
	}
	free(shown);
	return rc;
}

/* "1, 4, 7" (ten at most, then "..."), from 'miss' (count entries). */
char *history_list_shards(const char *miss, int count, int *n)
{
	struct strbuf sb = STRBUF_INIT;

	*n = 0;
	for (int i = 0; i < count; i++)
		if (miss[i] && (*n)++ < 10)
			strbuf_addf(&sb, "%s%d", *n > 1 ? ", " : "", i + 1);
	if (*n > 10)
		strbuf_adds(&sb, ", ...");
	return strbuf_detach(&sb, NULL);
}

/*
 * Inside the close: the stored parts are 1..N, each what 'm' read. 0 or
 * IRREADY_EUSAGE (missing or different parts, named), IRREADY_EIO.
 */
static int close_check_parts(struct history_store *h, const char *id,
			     const struct merged *m)
{
	const char *p[1] = { id };
	char *miss = xcalloc((size_t)m->shards, 1);
	struct hdb_stmt *st;
	struct strbuf diff = STRBUF_INIT;
	char *list;
	int rc, more, nmiss;

	memset(miss, 1, (size_t)m->shards);
	if ((rc = hdb_prepare(h->db,
			      "SELECT shard, findings, digest FROM run_parts "
			      "WHERE run_id = $1",
			      1, &st)) ||
	    (rc = hdb_run(st, p))) {
		hdb_finalize(st);
		free(miss);
		return rc;
	}
	while ((more = hdb_next(st)) == 1) {
		long i = hdb_col(st, 0) ? strtol(hdb_col(st, 0), NULL, 10) : 0;
		const struct merge_part *pt;

		if (i < 1 || i > m->shards)
			continue;
		miss[i - 1] = 0;
		pt = &m->parts[i - 1];
		if (!history_streq(hdb_col(st, 2), pt->digest))
			strbuf_addf(&diff,
				    "%sshard %ld/%d: the store holds %s "
				    "findings, '%s' %ld, and they differ",
				    diff.len ? "; " : "", i, m->shards,
				    hdb_col(st, 1) ? hdb_col(st, 1) : "?",
				    pt->path ? pt->path : "?", pt->nfindings);
	}
	hdb_finalize(st);
	list = history_list_shards(miss, m->shards, &nmiss);
	if (more < 0)
		rc = IRREADY_EIO;
	else if (nmiss)
		rc = error_rc(IRREADY_EUSAGE,
			      "history: shard%s %s of %d %s missing from '%s' "
			      "(run %s, run id '%s'): the run stays open; "
			      "re-run %s with --history",
			      nmiss > 1 ? "s" : "", list, m->shards,
			      nmiss > 1 ? "are" : "is", h->shown, id,
			      m->shard_run_id, nmiss > 1 ? "them" : "it");
	else if (diff.len)
		rc = error_rc(IRREADY_EUSAGE,
			      "history: the shard files are not the parts "
			      "of run %s in '%s' (%s): the run stays open",
			      id, h->shown, diff.buf);
	free(list);
	free(miss);
	strbuf_release(&diff);
	return rc;
}

static int close_update_run(struct hdb *db, const char *id,
			    const struct report *r)
{
	const struct run_info *ri = r->run;
	char n[6][24];
	const char *p[8];

	history_fmt_long(n[0], sizeof(n[0]), (long long)ri->started);
	history_fmt_long(n[1], sizeof(n[1]), (long long)ri->finished);
	history_fmt_long(n[2], sizeof(n[2]), (long long)time(NULL));
	history_fmt_long(n[3], sizeof(n[3]), (long long)ri->api_calls);
	history_fmt_long(n[4], sizeof(n[4]), (long long)ri->api_errors);
	history_fmt_long(n[5], sizeof(n[5]), (long long)r->findings->n);
	p[0] = id;
	for (int i = 0; i < 6; i++)
		p[i + 1] = n[i];
	p[7] = ri->tool_version ? ri->tool_version : IRREADY_VERSION;
	return history_exec_params(
		db,
		"UPDATE runs SET started = $2, finished = $3, recorded_at = "
		"$4, api_calls = $5, api_errors = $6, findings = $7, "
		"tool_version = $8, state = 'closed' WHERE run_id = $1",
		8, p);
}

/* how close_txn() went */
enum close_how { CLOSED, ALREADY_CLOSED, RECORDED_WHOLE };

/*
 * The close's transaction: 0 ('*how' says what happened: the store may
 * have held nothing of the run), or IRREADY_EUSAGE/IRREADY_EIO.
 */
static int close_txn(struct history_store *h, const struct report *r,
		     const struct merged *m, const char *id,
		     enum close_how *how)
{
	const char *p[1] = { id };
	char *state[1];
	int rc;

	if ((rc = hdb_begin(h->db)))
		return rc;
	/* the row lock first: shards still writing finish, later ones wait */
	rc = select_row(h->db,
			hdb_is_pg(h->db) ? "SELECT state FROM runs WHERE "
					   "run_id = $1 FOR NO KEY UPDATE"
					 : "SELECT state FROM runs WHERE "
					   "run_id = $1",
			1, p, state, 1);
	*how = CLOSED;
	if (rc == 0) {
		hdb_rollback(h->db);
		rc = history_append_whole(h, r, NULL, m->shard_run_id,
					  m->shards, id);
		*how = rc == 1 ? ALREADY_CLOSED : RECORDED_WHOLE;
		return rc == 1 ? 0 : rc;
	}
	if (rc < 0) {
		rc = IRREADY_EIO;
	} else if (!history_streq(state[0], "open")) {
		*how = ALREADY_CLOSED;
		rc = 0;
		hdb_rollback(h->db);
	} else if (!(rc = close_check_parts(h, id, m)) &&
		   !(rc = close_update_run(h->db, id, r)) &&
		   !(rc = history_put_regions(h->db, id, r)) &&
		   !(rc = history_put_scores(h->db, id, r->scores))) {
		rc = hdb_commit(h->db);
	}
	free(state[0]);
	if (rc)
		hdb_rollback(h->db);
	return rc;
}

int history_close_run(const char *target, const struct report *r,
		      const struct merged *m, int quiet)
{
	struct history_store *h = NULL;
	char id[17];
	char *shown = hdb_display(target);
	enum close_how how = CLOSED;
	int rc;

	history_sharded_id(m->shard_run_id, m->shards, id);
	rc = history_open(target, 0, &h);
	if (!rc)
		rc = close_txn(h, r, m, id, &how);
	history_close(h);
	if (rc == IRREADY_EUSAGE) {
		/* named by close_check_parts() */
	} else if (!rc) {
		if (!quiet)
			printf("  history:  run %s %s %s\n", id,
			       how == ALREADY_CLOSED   ? "already closed in"
			       : how == RECORDED_WHOLE ? "recorded in"
						       : "closed in",
			       shown);
	} else {
		error_rc(IRREADY_EIO,
			 "history: run %s was not closed in '%s'; the reports "
			 "are written",
			 id, shown);
	}
	free(shown);
	return rc;
}
