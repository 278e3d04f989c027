/*
 * history_runs.c -- sharded runs read back from the history store
 *
 * `irready merge --history T --run-id ID` with no shard files reads the
 * run's parts from the store (history_load_merged) into what merge_load()
 * reads from findings.json files, so the merge writes the same reports
 * and closes the run the same way; `irready history list` shows the runs
 * still open (history_open_runs). history_parts.c writes the parts.
 */
#include "history_int.h"
#include "check.h"
#include "irready.h"
#include "merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Each row of 'sql' (params 'p') handed to 'fn' with 'ctx'. 0, or
 * IRREADY_EIO (reported; also what 'fn' returns non-zero with).
 */
static int each_row(struct hdb *db, const char *sql, int n,
		    const char *const *p,
		    int (*fn)(void *ctx, struct hdb_stmt *st), void *ctx)
{
	struct hdb_stmt *st;
	int rc, more;

	if ((rc = hdb_prepare(db, sql, n, &st)))
		return rc;
	if ((rc = hdb_run(st, p))) {
		hdb_finalize(st);
		return rc;
	}
	while ((more = hdb_next(st)) == 1 && !rc)
		rc = fn(ctx, st);
	hdb_finalize(st);
	return rc ? rc : more < 0 ? IRREADY_EIO : 0;
}

static char *col_dup(struct hdb_stmt *st, int i, const char *dflt)
{
	const char *s = hdb_col(st, i);

	return s ? xstrdup(s) : dflt ? xstrdup(dflt) : NULL;
}

static long long col_ll(struct hdb_stmt *st, int i)
{
	const char *s = hdb_col(st, i);

	return s ? strtoll(s, NULL, 10) : 0;
}

/* What history_load_merged() reads into: the run 'm' of the store 'h'. */
struct load_ctx {
	struct history_store *h;
	struct merged *m;
	char *miss;          /* shards not stored */
	char **names, **ous; /* parallel to m->run.accounts, may be NULL */
	const char *id;
};

static int row_part(void *ctx, struct hdb_stmt *st)
{
	struct load_ctx *x = ctx;
	struct merged *m = x->m;
	long long i = col_ll(st, 0);
	time_t t0 = (time_t)col_ll(st, 1), t1 = (time_t)col_ll(st, 2);
	struct merge_part *pt;

	if (i < 1 || i > m->shards)
		return 0;
	pt = &m->parts[i - 1];
	x->miss[i - 1] = 0;
	pt->nfindings = (long)col_ll(st, 5);
	snprintf(pt->digest, sizeof(pt->digest), "%s",
		 hdb_col(st, 6) ? hdb_col(st, 6) : "");
	pt->path = xasprintf("part %lld/%d of %s", i, m->shards, x->h->shown);
	if (!m->run.started || (t0 && t0 < m->run.started))
		m->run.started = t0;
	if (t1 > m->run.finished)
		m->run.finished = t1;
	m->run.api_calls += (unsigned long)col_ll(st, 3);
	m->run.api_errors += (unsigned long)col_ll(st, 4);
	return 0;
}

static int row_check(void *ctx, struct hdb_stmt *st)
{
	struct load_ctx *x = ctx;
	const struct check *c =
		check_find(hdb_col(st, 0) ? hdb_col(st, 0) : "");

	if (!c)
		return error_rc(IRREADY_EIO,
				"history: run %s in '%s' selects check '%s', "
				"unknown to this irready",
				x->id, x->h->shown, hdb_col(st, 0));
	if (x->m->nchecks < check_count)
		x->m->checks[x->m->nchecks++] = c;
	return 0;
}

static int row_account(void *ctx, struct hdb_stmt *st)
{
	struct load_ctx *x = ctx;
	struct run_info *ri = &x->m->run;

	ri->accounts =
		xrealloc(ri->accounts, (ri->naccounts + 1) * sizeof(char *));
	x->names = xrealloc(x->names, (ri->naccounts + 1) * sizeof(char *));
	x->ous = xrealloc(x->ous, (ri->naccounts + 1) * sizeof(char *));
	ri->accounts[ri->naccounts] = col_dup(st, 0, "");
	x->ous[ri->naccounts] = col_dup(st, 2, NULL);
	x->names[ri->naccounts++] = col_dup(st, 1, NULL);
	return 0;
}

static int row_region(void *ctx, struct hdb_stmt *st)
{
	struct run_info *ri = &((struct load_ctx *)ctx)->m->run;

	for (size_t i = 0; i < ri->nregions; i++)
		if (!strcmp(ri->regions[i],
			    hdb_col(st, 0) ? hdb_col(st, 0) : ""))
			return 0;
	ri->regions =
		xrealloc(ri->regions, (ri->nregions + 1) * sizeof(char *));
	ri->regions[ri->nregions++] = col_dup(st, 0, "");
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_check(const void *a, const void *b)
{
	return strcmp((*(const struct check *const *)a)->id,
		      (*(const struct check *const *)b)->id);
}

/* A finding row, as merge's add_findings() reads one from findings.json. */
static int row_finding(void *ctx, struct hdb_stmt *st)
{
	struct load_ctx *x = ctx;
	struct findings *f = &x->m->findings;
	const struct check *c =
		check_find(hdb_col(st, 0) ? hdb_col(st, 0) : "");
	enum check_status status = CHECK__COUNT, verdict = CHECK__COUNT;
	enum severity sev = SEV_INFO;
	struct finding *nf;

	for (int i = 0; i < CHECK__COUNT; i++) {
		if (history_streq(hdb_col(st, 4),
				  status_name((enum check_status)i)))
			status = (enum check_status)i;
		if (history_streq(hdb_col(st, 5),
				  status_name((enum check_status)i)))
			verdict = (enum check_status)i;
	}
	if (!c || status == CHECK__COUNT || !hdb_col(st, 1) ||
	    !hdb_col(st, 2) || severity_parse(hdb_col(st, 3), &sev))
		return error_rc(IRREADY_EIO,
				"history: run %s in '%s': finding %s is "
				"incomplete or names an unknown check",
				x->id, x->h->shown,
				hdb_col(st, 11) ? hdb_col(st, 11) : "?");
	f->check = c;
	f->account_id = hdb_col(st, 1);
	f->region = hdb_col(st, 2);
	f->severity = sev;
	f->collected_at =
		hdb_col(st, 10) ? (time_t)col_ll(st, 10) : x->m->run.now;
	nf = findings_add(f, status, hdb_col(st, 6), hdb_col(st, 7), "%s",
			  hdb_col(st, 8) ? hdb_col(st, 8) : "");
	nf->verdict = verdict == CHECK__COUNT ? status : verdict;
	nf->waiver = findings_intern(f, hdb_col(st, 9));
	for (size_t i = 0; i < x->m->run.naccounts; i++)
		if (!strcmp(x->m->run.accounts[i], nf->account_id)) {
			nf->account_name = findings_intern(f, x->names[i]);
			nf->ou_path = findings_intern(f, x->ous[i]);
		}
	return 0;
}

/* runs.waiver_notes (one a line) into m->waiver_notes. */
static void split_notes(struct merged *m, const char *notes)
{
	while (notes && *notes) {
		size_t len = strcspn(notes, "\n");

		m->waiver_notes =
			xrealloc(m->waiver_notes,
				 (m->nwaiver_notes + 1) * sizeof(char *));
		m->waiver_notes[m->nwaiver_notes++] =
			xasprintf("%.*s", (int)len, notes);
		notes += len + (notes[len] == '\n');
	}
}

/* The runs row of 'id' into 'x->m'; sets x->id to its history id. */
static int load_run_row(struct load_ctx *x, const char *id, char hid[17])
{
	const char *p[1] = { id };
	struct hdb_stmt *st;
	struct merged *m = x->m;
	int rc, more, nrows = 0;

	if ((rc = hdb_prepare(x->h->db,
			      "SELECT run_id, shard_run_id, shards, "
			      "evaluated_at, mode, source, policy_name, "
			      "policy_digest, fail_on, sel_checks, sel_phase, "
			      "sel_severity, sel_services, sel_exclude, "
			      "frameworks, waiver_notes FROM runs WHERE shards "
			      "IS NOT NULL AND (run_id = $1 OR shard_run_id = "
			      "$1)",
			      1, &st)) ||
	    (rc = hdb_run(st, p))) {
		hdb_finalize(st);
		return rc;
	}
	while ((more = hdb_next(st)) == 1 && nrows++ == 0) {
		snprintf(hid, 17, "%s", hdb_col(st, 0) ? hdb_col(st, 0) : "");
		m->shard_run_id = col_dup(st, 1, "");
		m->shards = (int)col_ll(st, 2);
		m->run.now = (time_t)col_ll(st, 3);
		m->run.mode = col_dup(st, 4, "merge");
		m->run.source = col_dup(st, 5, "");
		m->run.policy_name = col_dup(st, 6, "");
		m->run.policy_digest = col_dup(st, 7, "");
		m->run.fail_on = col_dup(st, 8, "high");
		m->run.sel_checks = col_dup(st, 9, NULL);
		m->run.sel_phase = col_dup(st, 10, NULL);
		m->run.sel_severity = col_dup(st, 11, NULL);
		m->run.sel_services = col_dup(st, 12, NULL);
		m->run.sel_exclude = col_dup(st, 13, NULL);
		m->run.frameworks = col_dup(st, 14, NULL);
		split_notes(m, hdb_col(st, 15));
	}
	hdb_finalize(st);
	if (more < 0)
		return IRREADY_EIO;
	if (!nrows)
		return error_rc(IRREADY_EUSAGE,
				"history: no sharded run '%s' in '%s' "
				"(irready history list shows the runs)",
				id, x->h->shown);
	if (nrows > 1)
		return error_rc(
			IRREADY_EUSAGE,
			"history: '%s' is the run id of %d sharded runs "
			"in '%s' (different N): give the history run "
			"id instead (irready history list)",
			id, nrows, x->h->shown);
	if (m->shards < 1 || m->shards > 100000)
		return error_rc(IRREADY_EIO,
				"history: run %s in '%s' has %d shards", hid,
				x->h->shown, m->shards);
	return 0;
}

/* Every part, the scope and the findings of run 'hid' into x->m. */
static int load_run_rest(struct load_ctx *x, const char *hid)
{
	const char *p[1] = { hid };
	struct merged *m = x->m;
	char *list;
	int rc, nmiss;

	m->parts = xcalloc((size_t)m->shards, sizeof(*m->parts));
	x->miss = xcalloc((size_t)m->shards, 1);
	memset(x->miss, 1, (size_t)m->shards);
	m->checks = xcalloc(check_count, sizeof(*m->checks));
	rc = each_row(x->h->db,
		      "SELECT shard, started, finished, api_calls, "
		      "api_errors, findings, digest FROM run_parts WHERE "
		      "run_id = $1",
		      1, p, row_part, x);
	if (rc)
		return rc;
	list = history_list_shards(x->miss, m->shards, &nmiss);
	if (nmiss)
		rc = error_rc(IRREADY_EUSAGE,
			      "history: shard%s %s of %d %s missing from '%s' "
			      "(run %s, run id '%s'): the run stays open; "
			      "re-run %s with --history",
			      nmiss > 1 ? "s" : "", list, m->shards,
			      nmiss > 1 ? "are" : "is", x->h->shown, hid,
			      m->shard_run_id, nmiss > 1 ? "them" : "it");
	free(list);
	if (!rc)
		rc = each_row(x->h->db,
			      "SELECT check_id FROM run_checks WHERE run_id "
			      "= $1",
			      1, p, row_check, x);
	if (!rc)
		rc = each_row(x->h->db,
			      "SELECT account_id, account_name, ou_path FROM "
			      "run_accounts WHERE run_id = $1",
			      1, p, row_account, x);
	if (!rc)
		rc = each_row(x->h->db,
			      "SELECT region FROM run_part_regions WHERE "
			      "run_id = $1",
			      1, p, row_region, x);
	if (!rc)
		rc = each_row(x->h->db,
			      "SELECT check_id, account_id, region, severity, "
			      "status, verdict, resource_type, resource_id, "
			      "message, waiver, collected_at, finding_id FROM "
			      "findings WHERE run_id = $1",
			      1, p, row_finding, x);
	return rc;
}

int history_load_merged(const char *target, const char *id, struct merged *m)
{
	struct load_ctx x = { .m = m, .id = id };
	char hid[17] = "";
	int rc;

	memset(m, 0, sizeof(*m));
	findings_init(&m->findings);
	/* a mistyped path is no empty store */
	if (!strstr(target, "://") && access(target, F_OK))
		return error_rc(IRREADY_EIO, "no history store at '%s'",
				target);
	rc = history_open(target, 0, &x.h);
	if (!rc)
		rc = load_run_row(&x, id, hid);
	if (!rc) {
		x.id = hid;
		rc = load_run_rest(&x, hid);
	}
	for (size_t i = 0; i < m->run.naccounts; i++) {
		free(x.names ? x.names[i] : NULL);
		free(x.ous ? x.ous[i] : NULL);
	}
	free(x.names);
	free(x.ous);
	free(x.miss);
	history_close(x.h);
	if (rc) {
		merge_release(m);
		return rc;
	}
	/* the order merge_load() leaves them in */
	m->run.tool_version = IRREADY_VERSION;
	if (m->nchecks > 1)
		qsort(m->checks, m->nchecks, sizeof(*m->checks), cmp_check);
	if (m->run.naccounts > 1)
		qsort(m->run.accounts, m->run.naccounts, sizeof(char *),
		      cmp_str);
	if (m->run.nregions > 1)
		qsort(m->run.regions, m->run.nregions, sizeof(char *), cmp_str);
	findings_sort(&m->findings);
	return 0;
}

struct open_ctx {
	struct history_open_run *v;
	size_t n;
};

static int row_open_run(void *ctx, struct hdb_stmt *st)
{
	struct open_ctx *x = ctx;
	struct history_open_run *o;

	x->v = xrealloc(x->v, (x->n + 1) * sizeof(*x->v));
	o = &x->v[x->n++];
	memset(o, 0, sizeof(*o));
	snprintf(o->id, sizeof(o->id), "%s",
		 hdb_col(st, 0) ? hdb_col(st, 0) : "");
	o->shard_run_id = col_dup(st, 1, "");
	o->shards = (int)col_ll(st, 2);
	o->at = (time_t)col_ll(st, 3);
	return 0;
}

/* Which of the 'o->shards' parts of open run 'o' the store holds. */
static int open_run_parts(struct history_store *h, struct history_open_run *o)
{
	size_t ns =
		o->shards > 0 && o->shards <= 100000 ? (size_t)o->shards : 0;
	struct merged m = { .shards = (int)ns };
	struct load_ctx x = { .h = h, .m = &m };
	const char *p[1] = { o->id };
	int rc, nmiss;

	x.miss = xcalloc(ns ? ns : 1, 1);
	memset(x.miss, 1, ns);
	m.parts = xcalloc(ns ? ns : 1, sizeof(*m.parts));
	rc = each_row(h->db,
		      "SELECT shard, started, finished, api_calls, "
		      "api_errors, findings, digest FROM run_parts WHERE "
		      "run_id = $1",
		      1, p, row_part, &x);
	o->missing = history_list_shards(x.miss, (int)ns, &nmiss);
	o->parts = (int)ns - nmiss;
	for (size_t k = 0; k < ns; k++)
		free(m.parts[k].path);
	free(m.parts);
	free(x.miss);
	return rc;
}

int history_open_runs(struct history_store *h, struct history_open_run **out,
		      size_t *n)
{
	struct open_ctx x = { NULL, 0 };
	int rc;

	rc = each_row(h->db,
		      "SELECT run_id, shard_run_id, shards, evaluated_at FROM "
		      "runs WHERE state = 'open'",
		      0, NULL, row_open_run, &x);
	for (size_t i = 0; !rc && i < x.n; i++)
		rc = open_run_parts(h, &x.v[i]);
	if (rc) {
		history_open_runs_free(x.v, x.n);
		x.v = NULL;
		x.n = 0;
	}
	*out = x.v;
	*n = x.n;
	return rc;
}

void history_open_runs_free(struct history_open_run *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].shard_run_id);
		free(v[i].missing);
	}
	free(v);
}
