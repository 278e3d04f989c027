/*
 * history.c -- the audit history store: migrations, append, load
 *
 * The SQL lives in schema/history/NNNN_name.sql (embedded by the build,
 * see GNUmakefile HISTORY_SQL) and runs unchanged on SQLite and
 * PostgreSQL through history_db.c. Where the two differ, the difference
 * is here and commented: the migration lock.
 */
#include "history_int.h"
#include "check.h"
#include "irready.h"
#include "sha256.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* $(O)/report/assets.c, from schema/history/ */
extern const char history_sql_0001_runs[];
extern const char history_sql_0002_scores[];
extern const char history_sql_0003_caller_identity[];
extern const char history_sql_0004_run_parts[];

static const struct migration {
	const char *name;
	const char *sql;
} migrations[] = {
	{ "0001_runs", history_sql_0001_runs },
	{ "0002_scores", history_sql_0002_scores },
	{ "0003_caller_identity", history_sql_0003_caller_identity },
	{ "0004_run_parts", history_sql_0004_run_parts },
};

int history_latest_version(void)
{
	return (int)ARRAY_SIZE(migrations);
}

const char *history_target(const char *opt)
{
	const char *env = getenv("IRREADY_HISTORY");

	if (opt && *opt)
		return opt;
	return env && *env ? env : NULL;
}

/* One row, one column of 'sql' (no parameters) as a long; -1 on error. */
static long query_long(struct hdb *db, const char *sql)
{
	struct hdb_stmt *st;
	long v = -1;

	if (hdb_prepare(db, sql, 0, &st))
		return -1;
	if (!hdb_run(st, NULL) && hdb_next(st) == 1)
		v = hdb_col(st, 0) ? strtol(hdb_col(st, 0), NULL, 10) : 0;
	hdb_finalize(st);
	return v;
}

int history_version(struct history_store *h)
{
	return (int)query_long(
		h->db,
		"SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
}

/* Apply migration 'v' (1-based) unless another process just did. */
static int migrate_one(struct history_store *h, int v)
{
	const struct migration *m = &migrations[v - 1];
	struct hdb_stmt *st = NULL;
	char ver[16], now[24];
	const char *params[3] = { ver, m->name, now };
	long cur;
	int rc;

	if ((rc = hdb_begin(h->db)))
		return rc;
	/* SQLite: BEGIN IMMEDIATE holds the write lock; PostgreSQL: the
	 * advisory lock history_open() holds */
	cur = query_long(h->db, "SELECT COALESCE(MAX(version), 0) FROM "
				"schema_migrations");
	if (cur < 0) {
		rc = IRREADY_EIO;
		goto fail;
	}
	if (cur >= v) {
		hdb_rollback(h->db);
		return 0;
	}
	if ((rc = hdb_exec(h->db, m->sql))) {
		error_rc(IRREADY_EIO, "history: migration %s failed on '%s'",
			 m->name, h->shown);
		goto fail;
	}
	snprintf(ver, sizeof(ver), "%d", v);
	snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
	if ((rc = hdb_prepare(h->db,
			      "INSERT INTO schema_migrations (version, name, "
			      "applied_at) VALUES ($1, $2, $3)",
			      3, &st)) ||
	    (rc = hdb_run(st, params)))
		goto fail;
	hdb_finalize(st);
	return hdb_commit(h->db);
fail:
	hdb_finalize(st);
	hdb_rollback(h->db);
	return rc ? rc : IRREADY_EIO;
}

int history_open(const char *target, int version, struct history_store **out)
{
	struct history_store *h = xcalloc(1, sizeof(*h));
	int cur, rc;

	*out = NULL;
	h->shown = hdb_display(target);
	if (version <= 0 || version > history_latest_version())
		version = history_latest_version();
	if ((rc = hdb_open(target, &h->db)))
		goto fail;
	/*
	 * Dialects differ: on PostgreSQL two processes creating the same
	 * table at once can fail even with IF NOT EXISTS, so the whole
	 * open-and-migrate holds a session advisory lock (released by
	 * pg_advisory_unlock below, or when the connection closes).
	 */
	if (hdb_is_pg(h->db) &&
	    (rc = hdb_exec(h->db, "SELECT pg_advisory_lock(7340115)")))
		goto fail;
	rc = hdb_exec(h->db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			     "version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
			     "applied_at BIGINT NOT NULL)");
	if (rc)
		goto fail;
	cur = history_version(h);
	if (cur < 0) {
		rc = IRREADY_EIO;
		goto fail;
	}
	if (cur > history_latest_version()) {
		rc = error_rc(IRREADY_EIO,
			      "history '%s' has schema version %d; this "
			      "irready knows up to %d (upgrade irready)",
			      h->shown, cur, history_latest_version());
		goto fail;
	}
	for (int v = cur + 1; v <= version; v++)
		if ((rc = migrate_one(h, v)))
			goto fail;
	if (hdb_is_pg(h->db) &&
	    (rc = hdb_exec(h->db, "SELECT pg_advisory_unlock(7340115)")))
		goto fail;
	*out = h;
	return 0;
fail:
	history_close(h);
	return rc ? rc : IRREADY_EIO;
}

void history_close(struct history_store *h)
{
	if (!h)
		return;
	hdb_close(h->db);
	free(h->shown);
	free(h);
}

/* The run id: SHA-256 of what identifies a run, first 16 hex digits. */
static void run_make_id(const struct report *r, char out[17])
{
	const struct run_info *ri = r->run;
	struct strbuf sb = STRBUF_INIT;
	char hex[SHA256_HEX_LEN];

	strbuf_addf(&sb, "%lld|%lld|%lld|%s|%s|%zu|", (long long)ri->started,
		    (long long)ri->finished, (long long)ri->now,
		    ri->policy_digest ? ri->policy_digest : "",
		    ri->source ? ri->source : "", r->findings->n);
	for (size_t i = 0; i < ri->naccounts; i++)
		strbuf_addf(&sb, "a:%s|", ri->accounts[i]);
	for (size_t i = 0; i < ri->nregions; i++)
		strbuf_addf(&sb, "r:%s|", ri->regions[i]);
	for (size_t i = 0; i < r->scores->nchecks; i++)
		strbuf_addf(&sb, "c:%s|", r->scores->checks[i].check->id);
	sha256_hex(sb.buf, sb.len, hex);
	memcpy(out, hex, 16);
	out[16] = 0;
	strbuf_release(&sb);
}

void history_sharded_id(const char *sid, int shards, char out[17])
{
	char *key = xasprintf("irready-sharded-run\n%s\n%d\n", sid, shards);
	char hex[SHA256_HEX_LEN];

	sha256_hex(key, strlen(key), hex);
	memcpy(out, hex, 16);
	out[16] = 0;
	free(key);
}

int history_exec_params(struct hdb *db, const char *sql, int n,
			const char *const *params)
{
	struct hdb_stmt *st;
	int rc;

	if ((rc = hdb_prepare(db, sql, n, &st)))
		return rc;
	rc = hdb_run(st, params);
	hdb_finalize(st);
	return rc;
}

void history_fmt_long(char *buf, size_t n, long long v)
{
	snprintf(buf, n, "%lld", v);
}

/* One run's row: a shard's first write adds ON CONFLICT (see below). */
#define RUNS_INSERT                                                            \
	"INSERT INTO runs (run_id, started, finished, evaluated_at, "          \
	"recorded_at, tool_version, mode, source, policy_name, "               \
	"policy_digest, fail_on, api_calls, api_errors, findings, state, "     \
	"shards, shard_run_id, sel_checks, sel_phase, sel_severity, "          \
	"sel_services, sel_exclude, frameworks, waiver_notes) VALUES ($1, "    \
	"$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "  \
	"$17, $18, $19, $20, $21, $22, $23, $24)"

/*
 * RETURNING after ON CONFLICT DO NOTHING says whether the row is new:
 * PostgreSQL since 9.5, SQLite since 3.35 both spell it this way.
 */
int history_put_run(struct hdb *db, const char *id, const struct report *r,
		    const char *state, const char *sid, int shards, int if_new,
		    int *inserted)
{
	const struct run_info *ri = r->run;
	char t[4][24], calls[24], errs[24], nf[24], ns[24];
	const char *p[24];
	struct strbuf notes = STRBUF_INIT;
	struct hdb_stmt *st;
	int rc, more = 0;

	history_fmt_long(t[0], sizeof(t[0]), (long long)ri->started);
	history_fmt_long(t[1], sizeof(t[1]), (long long)ri->finished);
	history_fmt_long(t[2], sizeof(t[2]), (long long)ri->now);
	history_fmt_long(t[3], sizeof(t[3]), (long long)time(NULL));
	history_fmt_long(calls, sizeof(calls), (long long)ri->api_calls);
	history_fmt_long(errs, sizeof(errs), (long long)ri->api_errors);
	/* an open run's findings are counted when it closes */
	history_fmt_long(nf, sizeof(nf),
			 strcmp(state, "open") ? (long long)r->findings->n : 0);
	history_fmt_long(ns, sizeof(ns), (long long)shards);
	p[0] = id;
	p[1] = t[0];
	p[2] = t[1];
	p[3] = t[2];
	p[4] = t[3];
	p[5] = ri->tool_version ? ri->tool_version : IRREADY_VERSION;
	p[6] = ri->mode;
	p[7] = ri->source;
	p[8] = ri->policy_name;
	p[9] = ri->policy_digest;
	p[10] = ri->fail_on;
	p[11] = calls;
	p[12] = errs;
	p[13] = nf;
	p[14] = state;
	p[15] = sid ? ns : NULL;
	p[16] = sid;
	p[17] = ri->sel_checks;
	p[18] = ri->sel_phase;
	p[19] = ri->sel_severity;
	p[20] = ri->sel_services;
	p[21] = ri->sel_exclude;
	p[22] = ri->frameworks;
	for (size_t i = 0; i < r->nwaiver_notes; i++)
		strbuf_addf(&notes, "%s%s", i ? "\n" : "", r->waiver_notes[i]);
	p[23] = notes.len ? notes.buf : NULL;
	if ((rc = hdb_prepare(db,
			      if_new ? RUNS_INSERT
				      " ON CONFLICT (run_id) DO NOTHING "
				      "RETURNING run_id"
				     : RUNS_INSERT,
			      24, &st))) {
		strbuf_release(&notes);
		return rc;
	}
	rc = hdb_run(st, p);
	if (!rc && if_new)
		more = hdb_next(st);
	hdb_finalize(st);
	strbuf_release(&notes);
	if (more < 0)
		return IRREADY_EIO;
	if (inserted)
		*inserted = if_new ? more == 1 : 1;
	return rc;
}

/*
 * A whole run 'r' as 'id' (closed at once); 'sid'/'shards' when it is a
 * merge of shards that did not write their parts. 1 when 'id' is there.
 */
int history_append_whole(struct history_store *h, const struct report *r,
			 const struct history_callers *who, const char *sid,
			 int shards, const char *id)
{
	struct hdb_stmt *st = NULL;
	const char *p[1] = { id };
	int rc, exists = 0;

	if ((rc = hdb_begin(h->db)))
		return rc;
	if ((rc = hdb_prepare(h->db, "SELECT 1 FROM runs WHERE run_id = $1", 1,
			      &st)) ||
	    (rc = hdb_run(st, p)))
		goto fail;
	exists = hdb_next(st) == 1;
	hdb_finalize(st);
	st = NULL;
	if (exists) {
		hdb_rollback(h->db);
		return 1;
	}
	if ((rc = history_put_run(h->db, id, r, "closed", sid, shards, 0,
				  NULL)) ||
	    (rc = history_put_accounts(h->db, id, r, who, NULL)) ||
	    (rc = history_put_regions(h->db, id, r)) ||
	    (rc = history_put_checks(h->db, id, r, 0)) ||
	    (rc = history_put_scores(h->db, id, r->scores)) ||
	    (rc = history_put_findings(h->db, id, r->findings, NULL)) ||
	    (rc = hdb_commit(h->db)))
		goto fail;
	return 0;
fail:
	hdb_finalize(st);
	hdb_rollback(h->db);
	return error_rc(IRREADY_EIO,
			"history: run %s not recorded in '%s' (nothing "
			"written)",
			id, h->shown);
}

int history_append(struct history_store *h, const struct report *r,
		   const struct history_callers *who, char run_id[17])
{
	run_make_id(r, run_id);
	return history_append_whole(h, r, who, NULL, 0, run_id);
}

/* Run ids -> indexes, for the rows of the other tables. */
struct run_index {
	const char *id;
	size_t i;
};

static int cmp_index(const void *a, const void *b)
{
	return strcmp(((const struct run_index *)a)->id,
		      ((const struct run_index *)b)->id);
}

static struct hist_run *find_run(struct history_data *d,
				 const struct run_index *ix, const char *id,
				 size_t *pos)
{
	struct run_index key = { id, 0 };
	const struct run_index *e;

	if (!id)
		return NULL;
	e = bsearch(&key, ix, d->nruns, sizeof(*ix), cmp_index);
	if (!e)
		return NULL;
	if (pos)
		*pos = e->i;
	return &d->runs[e->i];
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static long col_long(struct hdb_stmt *st, int i)
{
	const char *s = hdb_col(st, i);

	return s ? strtol(s, NULL, 10) : 0;
}

static int load_runs(struct hdb *db, struct history_data *d)
{
	struct hdb_stmt *st;
	size_t alloc = 0;
	int rc, more;

	if ((rc = hdb_prepare(db,
			      "SELECT run_id, started, finished, "
			      "evaluated_at, tool_version, mode, source, "
			      "policy_name, policy_digest, findings FROM runs "
			      "WHERE state = 'closed'",
			      0, &st)) ||
	    (rc = hdb_run(st, NULL))) {
		hdb_finalize(st);
		return rc;
	}
	while ((more = hdb_next(st)) == 1) {
		struct hist_run *r;

		ALLOC_GROW(d->runs, d->nruns + 1, alloc);
		r = &d->runs[d->nruns++];
		memset(r, 0, sizeof(*r));
		r->id = xstrdup(hdb_col(st, 0));
		r->started = (time_t)col_long(st, 1);
		r->finished = (time_t)col_long(st, 2);
		r->at = (time_t)col_long(st, 3);
		r->tool_version = dup_or_null(hdb_col(st, 4));
		r->mode = dup_or_null(hdb_col(st, 5));
		r->source = dup_or_null(hdb_col(st, 6));
		r->policy_name = dup_or_null(hdb_col(st, 7));
		r->policy_digest = dup_or_null(hdb_col(st, 8));
		r->nfindings = col_long(st, 9);
	}
	hdb_finalize(st);
	return more < 0 ? IRREADY_EIO : 0;
}

/* The rows of 'sql', each handed to 'fn' with its run. */
static int load_rows(struct hdb *db, struct history_data *d,
		     const struct run_index *ix, const char *sql,
		     void (*fn)(struct history_data *, size_t,
				struct hist_run *, struct hdb_stmt *))
{
	struct hdb_stmt *st;
	int rc, more;

	if ((rc = hdb_prepare(db, sql, 0, &st)) || (rc = hdb_run(st, NULL))) {
		hdb_finalize(st);
		return rc;
	}
	while ((more = hdb_next(st)) == 1) {
		size_t pos = 0;
		struct hist_run *r = find_run(d, ix, hdb_col(st, 0), &pos);

		if (r)
			fn(d, pos, r, st);
	}
	hdb_finalize(st);
	return more < 0 ? IRREADY_EIO : 0;
}

static void row_account(struct history_data *d, size_t pos, struct hist_run *r,
			struct hdb_stmt *st)
{
	r->accounts =
		xrealloc(r->accounts, (r->naccounts + 1) * sizeof(char *));
	r->account_names =
		xrealloc(r->account_names, (r->naccounts + 1) * sizeof(char *));
	r->accounts[r->naccounts] = xstrdup(hdb_col(st, 1));
	r->account_names[r->naccounts++] = dup_or_null(hdb_col(st, 2));
}

static void row_region(struct history_data *d, size_t pos, struct hist_run *r,
		       struct hdb_stmt *st)
{
	r->regions = xrealloc(r->regions, (r->nregions + 1) * sizeof(char *));
	r->regions[r->nregions++] = xstrdup(hdb_col(st, 1));
}

static void row_check(struct history_data *d, size_t pos, struct hist_run *r,
		      struct hdb_stmt *st)
{
	struct hist_check *c;

	r->checks = xrealloc(r->checks, (r->nchecks + 1) * sizeof(*c));
	c = &r->checks[r->nchecks++];
	c->id = xstrdup(hdb_col(st, 1));
	c->phase = PHASE_PREPARATION;
	c->severity = SEV_INFO;
	phase_parse(hdb_col(st, 2), &c->phase);
	severity_parse(hdb_col(st, 3), &c->severity);
	c->regional = hdb_col(st, 4) && !strcmp(hdb_col(st, 4), "region");
}

static void row_score(struct history_data *d, size_t pos, struct hist_run *r,
		      struct hdb_stmt *st)
{
	struct hist_score *s;

	r->scores = xrealloc(r->scores, (r->nscores + 1) * sizeof(*s));
	s = &r->scores[r->nscores++];
	s->grp = xstrdup(hdb_col(st, 1));
	s->key = xstrdup(hdb_col(st, 2) ? hdb_col(st, 2) : "");
	s->valid = hdb_col(st, 3) != NULL;
	s->score = s->valid ? strtod(hdb_col(st, 3), NULL) : 0;
	s->coverage = hdb_col(st, 4) ? strtod(hdb_col(st, 4), NULL) : 0;
	s->selected = col_long(st, 5);
	s->evaluated = col_long(st, 6);
}

static size_t findings_alloc;

static void row_finding(struct history_data *d, size_t pos, struct hist_run *r,
			struct hdb_stmt *st)
{
	struct hist_finding *x;
	const char *id = hdb_col(st, 1), *status = hdb_col(st, 7);

	ALLOC_GROW(d->f, d->nf + 1, findings_alloc);
	x = &d->f[d->nf++];
	memset(x, 0, sizeof(*x));
	x->run = pos;
	snprintf(x->id, sizeof(x->id), "%s", id ? id : "");
	x->check_id = xstrdup(hdb_col(st, 2) ? hdb_col(st, 2) : "");
	x->account_id = xstrdup(hdb_col(st, 3) ? hdb_col(st, 3) : "");
	x->region = xstrdup(hdb_col(st, 4) ? hdb_col(st, 4) : "");
	phase_parse(hdb_col(st, 5), &x->phase);
	x->severity = SEV_INFO;
	severity_parse(hdb_col(st, 6), &x->severity);
	x->status = CHECK_ERROR;
	for (int i = 0; i < CHECK__COUNT; i++)
		if (status &&
		    !strcmp(status, status_name((enum check_status)i)))
			x->status = (enum check_status)i;
	x->resource_id = dup_or_null(hdb_col(st, 8));
	x->message = dup_or_null(hdb_col(st, 9));
	x->waiver = dup_or_null(hdb_col(st, 10));
}

#define FINDINGS_SQL                                                           \
	"SELECT run_id, finding_id, check_id, account_id, region, phase, "     \
	"severity, status, resource_id, message, waiver FROM findings"

int history_load(struct history_store *h, struct history_data *out,
		 int with_pass)
{
	struct run_index *ix;
	int rc;

	memset(out, 0, sizeof(*out));
	findings_alloc = 0;
	if ((rc = load_runs(h->db, out)))
		goto fail;
	ix = xcalloc(out->nruns ? out->nruns : 1, sizeof(*ix));
	for (size_t i = 0; i < out->nruns; i++) {
		ix[i].id = out->runs[i].id;
		ix[i].i = i;
	}
	qsort(ix, out->nruns, sizeof(*ix), cmp_index);
	/* PASS rows are left out: a PASS moves a finding no more than its
	 * absence from an assessed unit does (lifecycle.h) */
	rc = load_rows(h->db, out, ix,
		       "SELECT run_id, account_id, account_name FROM "
		       "run_accounts",
		       row_account);
	if (!rc)
		rc = load_rows(h->db, out, ix,
			       "SELECT run_id, region FROM run_regions",
			       row_region);
	if (!rc)
		rc = load_rows(h->db, out, ix,
			       "SELECT run_id, check_id, phase, severity, "
			       "scope FROM run_checks",
			       row_check);
	if (!rc)
		rc = load_rows(h->db, out, ix,
			       "SELECT run_id, grp, grp_key, score, coverage, "
			       "checks_selected, checks_evaluated FROM "
			       "run_scores",
			       row_score);
	if (!rc)
		rc = load_rows(h->db, out, ix,
			       with_pass ? FINDINGS_SQL
					 : FINDINGS_SQL
				       " WHERE status <> 'PASS'",
			       row_finding);
	free(ix);
	if (rc)
		goto fail;
	/* sorting is ours (strcmp): PostgreSQL's collation is the server's */
	history_data_sort(out);
	return 0;
fail:
	history_data_release(out);
	return error_rc(IRREADY_EIO, "history: cannot read '%s'", h->shown);
}

int history_record(const char *target, const struct report *r,
		   const struct history_callers *who, int quiet)
{
	struct history_store *h = NULL;
	char id[17] = "";
	char *shown = hdb_display(target);
	int rc;

	rc = history_open(target, 0, &h);
	if (!rc)
		rc = history_append(h, r, who, id);
	history_close(h);
	if (rc == 1) {
		if (!quiet)
			printf("  history:  run %s already in %s\n", id, shown);
		rc = 0;
	} else if (rc) {
		error_rc(IRREADY_EIO,
			 "history: the run was not recorded in '%s'; the "
			 "reports are written",
			 shown);
	} else if (!quiet) {
		printf("  history:  run %s recorded in %s\n", id, shown);
	}
	free(shown);
	return rc;
}
