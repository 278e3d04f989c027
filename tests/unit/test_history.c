/*
 * test_history.c -- the SQLite history store (src/core/history.c): every
 * migration path, append and read back, one transaction per run, newer
 * schemas refused, passwords masked
 */
#include "check.h"
#include "history.h"
#include "history_db.h"
#include "irready.h"
#include "merge.h"
#include "score.h"
#include "tap.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/irready-history-XXXXXX";

static long count(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static int exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* A small run at 'now': guardduty FAIL in two regions, one PASS. */
struct fake {
	struct findings f;
	struct scores s;
	struct run_info ri;
	struct report r;
	const struct check *sel[2];
	char *accounts[1], *regions[2];
};

/* the account of the next fake_init() */
static char *fake_account = "111122223333";

static void fake_init(struct fake *k, time_t now, int dup)
{
	memset(k, 0, sizeof(*k));
	findings_init(&k->f);
	k->sel[0] = check_find("guardduty_enabled");
	k->sel[1] = check_find("iam_root_protected");
	k->f.account_id = fake_account;
	k->f.check = k->sel[0];
	k->f.severity = k->sel[0]->severity;
	k->f.region = "eu-west-1";
	findings_add(&k->f, CHECK_FAIL, "AWS::GuardDuty::Detector", "det-1",
		     "disabled");
	if (dup)
		findings_add(&k->f, CHECK_FAIL, "AWS::GuardDuty::Detector",
			     "det-1", "disabled, twice");
	k->f.region = "us-east-1";
	findings_add(&k->f, CHECK_PASS, "AWS::GuardDuty::Detector", "det-2",
		     "enabled");
	k->f.check = k->sel[1];
	k->f.severity = k->sel[1]->severity;
	k->f.region = "global";
	findings_add(&k->f, CHECK_FAIL, "AWS::IAM::Root", "root",
		     "no MFA = 'x'");
	findings_sort(&k->f);
	scores_compute(&k->s, &k->f, k->sel, 2);
	k->accounts[0] = fake_account;
	k->regions[0] = "eu-west-1";
	k->regions[1] = "us-east-1";
	k->ri.tool_version = "test";
	k->ri.mode = "replay";
	k->ri.source = "fixtures/x";
	k->ri.policy_name = "readiness";
	k->ri.policy_digest = "abc";
	k->ri.accounts = k->accounts;
	k->ri.naccounts = 1;
	k->ri.regions = k->regions;
	k->ri.nregions = 2;
	k->ri.started = k->ri.finished = k->ri.now = now;
	k->ri.fail_on = "high";
	k->r.findings = &k->f;
	k->r.scores = &k->s;
	k->r.run = &k->ri;
}

static void fake_release(struct fake *k)
{
	scores_release(&k->s);
	findings_release(&k->f);
}

static void test_migrations(void)
{
	char *path = xasprintf("%s/old.db", dir);
	struct history_store *h;
	struct history_data d;

	/* a store as version 1 left it, with one run in it */
	ok(!history_open(path, 1, &h), "open at version 1");
	is_int(history_version(h), 1, "schema version 1");
	history_close(h);
	ok(count(path, "SELECT COUNT(*) FROM sqlite_master WHERE "
		       "name = 'run_scores'") == 0,
	   "version 1 has no run_scores");
	is_int(exec(path, "INSERT INTO runs (run_id, started, finished, "
			  "evaluated_at, recorded_at, tool_version, findings) "
			  "VALUES ('oldrun', 1, 2, 3, 4, '0.0.9', 0)"),
	       SQLITE_OK, "a run written under version 1");

	/* the current build migrates it and keeps the run */
	ok(!history_open(path, 0, &h), "reopen migrates");
	is_int(history_version(h), history_latest_version(),
	       "now at the latest version");
	ok(!history_load(h, &d, 0), "load after migration");
	is_int(d.nruns, 1, "the old run survived");
	is_str(d.nruns ? d.runs[0].id : NULL, "oldrun", "by its id");
	history_data_release(&d);
	history_close(h);
	is_int(count(path, "SELECT COUNT(*) FROM schema_migrations"),
	       history_latest_version(), "one schema_migrations row each");
	{
		sqlite3 *db;
		sqlite3_stmt *st;
		char mode[16] = "";

		if (sqlite3_open(path, &db) == SQLITE_OK &&
		    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st,
				       NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				snprintf(mode, sizeof(mode), "%s",
					 (const char *)sqlite3_column_text(st,
									   0));
			sqlite3_finalize(st);
		}
		sqlite3_close(db);
		is_str(mode, "wal", "the store is in WAL mode");
	}
	free(path);

	/* from nothing straight to the latest, and every version in between */
	for (int v = 1; v <= history_latest_version(); v++) {
		char *p = xasprintf("%s/v%d.db", dir, v);

		ok(!history_open(p, v, &h), "fresh store at version %d", v);
		history_close(h);
		ok(!history_open(p, 0, &h), "version %d migrates to latest", v);
		is_int(history_version(h), history_latest_version(),
		       "version %d -> latest", v);
		history_close(h);
		free(p);
	}
}

static void test_append(void)
{
	char *path = xasprintf("%s/h.db", dir);
	struct history_store *h;
	struct history_data d;
	struct fake a, b, bad;
	char id1[17], id2[17], id3[17];
	char *who_acc[1] = { "111122223333" };
	char *who_arn[1] = { "arn:aws:iam::111122223333:role/IRAudit" };
	struct history_callers who = { who_acc, who_arn, 1 };
	long before;

	fake_init(&a, 1788220800, 0);
	fake_init(&b, 1788220800 + 86400, 0);
	fake_init(&bad, 1788220800 + 2 * 86400, 1);
	ok(!history_open(path, 0, &h), "open a new store");
	is_int(history_append(h, &a.r, &who, id1), 0, "append run 1");
	is_int(strlen(id1), 16, "run id of 16 hex digits");
	is_int(history_append(h, &a.r, NULL, id2), 1,
	       "the same run again: skipped");
	is_str(id2, id1, "same id");
	is_int(history_append(h, &b.r, NULL, id2), 0, "append run 2");
	history_close(h);
	is_int(count(path, "SELECT COUNT(*) FROM run_accounts WHERE "
			   "caller_arn = 'arn:aws:iam::111122223333:role/"
			   "IRAudit'"),
	       1, "the caller identity of run 1 stored");
	ok(!history_open(path, 0, &h), "reopen");
	ok(strcmp(id1, id2), "another run, another id");
	history_close(h);

	/* a failure mid-run (a duplicate finding id) leaves nothing */
	before = count(path, "SELECT COUNT(*) FROM findings");
	is_int(before, 6, "six finding rows (PASS included)");
	ok(!history_open(path, 0, &h), "reopen");
	ok(history_append(h, &bad.r, NULL, id3) == IRREADY_EIO,
	   "a run whose insert fails half-way is an error");
	history_close(h);
	is_int(count(path, "SELECT COUNT(*) FROM runs"), 2, "no third run row");
	is_int(count(path, "SELECT COUNT(*) FROM findings"), before,
	       "no finding rows of the failed run");
	is_int(count(path, "SELECT COUNT(*) FROM run_scores WHERE run_id "
			   "NOT IN (SELECT run_id FROM runs)"),
	       0, "no orphan scores");

	ok(!history_open(path, 0, &h), "reopen to read");
	ok(!history_load(h, &d, 0), "load");
	is_int(d.nruns, 2, "two runs");
	is_str(d.runs[0].id, id1, "oldest first");
	is_int(d.runs[0].naccounts, 1, "scope: one account");
	is_int(d.runs[0].nregions, 2, "scope: two regions");
	is_int(d.runs[0].nchecks, 2, "scope: two checks");
	ok(d.runs[0].checks[0].regional != d.runs[0].checks[1].regional,
	   "one regional check, one account check");
	is_int(d.nf, 4, "four non-PASS findings over two runs");
	{
		const struct hist_score *s =
			hist_run_score(&d.runs[1], "overall", "");

		ok(s && s->valid, "overall score stored");
		ok(s && fabs(s->score - a.s.overall.value) < 1e-4,
		   "score read back as computed (%.4f)", s ? s->score : -1);
		ok(hist_run_score(&d.runs[1], "phase", "preparation") != NULL,
		   "phase scores stored");
		ok(hist_run_score(&d.runs[1], "account", "111122223333") !=
			   NULL,
		   "account score stored");
	}
	is_str(d.f[0].message ? "has" : NULL, "has", "messages stored");
	history_data_release(&d);
	ok(!history_load(h, &d, 1), "load with the PASS findings");
	is_int(d.nf, 6, "six findings over two runs, PASS included");
	history_data_release(&d);
	history_close(h);

	/* a newer schema than this build knows is refused */
	is_int(exec(path, "INSERT INTO schema_migrations VALUES (999, "
			  "'9999_future', 0)"),
	       SQLITE_OK, "pretend a newer irready migrated it");
	ok(history_open(path, 0, &h) == IRREADY_EIO, "newer schema refused");
	fake_release(&a);
	fake_release(&b);
	fake_release(&bad);
	free(path);
}

/* A store at version 3 with a run in it: after 0004 the run is closed. */
static void test_migrate_3(void)
{
	char *path = xasprintf("%s/v3run.db", dir);
	struct history_store *h;
	struct history_data d;

	ok(!history_open(path, 3, &h), "a store at version 3");
	history_close(h);
	is_int(exec(path, "INSERT INTO runs (run_id, started, finished, "
			  "evaluated_at, recorded_at, tool_version, findings) "
			  "VALUES ('v3run', 1, 2, 3, 4, '0.1.0', 1);"
			  "INSERT INTO run_accounts VALUES ('v3run', "
			  "'111122223333', NULL, 'arn:x');"
			  "INSERT INTO findings (run_id, finding_id, check_id, "
			  "account_id, region, phase, severity, status, "
			  "verdict) VALUES ('v3run', '0123456789abcdef', "
			  "'guardduty_enabled', '111122223333', 'eu-west-1', "
			  "'detection', 'high', 'FAIL', 'FAIL')"),
	       SQLITE_OK, "a run written at version 3");
	ok(!history_open(path, 0, &h), "version 3 migrates to latest");
	ok(!history_load(h, &d, 0), "load");
	is_int(d.nruns, 1, "the version 3 run is a (closed) run");
	is_int(d.nf, 1, "with its finding");
	history_data_release(&d);
	history_close(h);
	is_int(count(path, "SELECT COUNT(*) FROM runs WHERE state = 'closed' "
			   "AND shards IS NULL"),
	       1, "state closed, not sharded");
	free(path);
}

/* Two shards write their parts; open until closed; re-runs replace. */
static void test_parts(void)
{
	char *path = xasprintf("%s/parts.db", dir);
	struct history_store *h;
	struct history_data d;
	struct history_open_run *open = NULL;
	size_t nopen = 0;
	struct merged m;
	struct fake a, b;
	struct scores s;
	struct report rep = { 0 };

	fake_account = "111122223333";
	fake_init(&a, 1788220800, 0);
	fake_account = "444455556666";
	fake_init(&b, 1788220800, 0);
	fake_account = "111122223333";
	a.ri.shard_index = 1;
	b.ri.shard_index = 2;
	a.ri.shard_count = b.ri.shard_count = 2;
	a.ri.run_id = b.ri.run_id = "job-u";
	is_int(history_record_part(path, &a.r, NULL, 1), 0, "shard 1/2 writes");
	is_int(history_record_part(path, &a.r, NULL, 1), 0, "again: replaced");
	is_int(count(path, "SELECT COUNT(*) FROM findings"), (long)a.f.n,
	       "a re-run shard does not duplicate its findings");
	ok(!history_open(path, 0, &h), "open");
	ok(!history_load(h, &d, 0), "load");
	is_int(d.nruns, 0, "an open run is no run to trend");
	history_data_release(&d);
	ok(!history_open_runs(h, &open, &nopen), "the open runs");
	is_int(nopen, 1, "one open run");
	is_str(nopen ? open[0].missing : NULL, "2", "shard 2 missing");
	is_str(nopen ? open[0].shard_run_id : NULL, "job-u", "its run id");
	history_open_runs_free(open, nopen);
	history_close(h);
	is_int(history_load_merged(path, "job-u", &m), IRREADY_EUSAGE,
	       "merge from the store with shard 2 missing: refused");
	is_int(history_record_part(path, &b.r, NULL, 1), 0, "shard 2/2 writes");
	is_int(history_load_merged(path, "job-u", &m), 0,
	       "merge from the store");
	is_int(m.findings.n, a.f.n + b.f.n, "every finding of both parts");
	is_int(m.run.naccounts, 2, "both accounts");
	scores_compute(&s, &m.findings, m.checks, m.nchecks);
	rep.findings = &m.findings;
	rep.scores = &s;
	rep.run = &m.run;
	is_int(history_close_run(path, &rep, &m, 1), 0, "the merge closes it");
	scores_release(&s);
	merge_release(&m);
	ok(!history_open(path, 0, &h), "open");
	ok(!history_load(h, &d, 0), "load");
	is_int(d.nruns, 1, "the closed run is a run");
	is_int(d.nruns ? d.runs[0].naccounts : 0, 2, "with both accounts");
	history_data_release(&d);
	history_close(h);
	fake_release(&a);
	fake_release(&b);
	free(path);
}

/*
 * With IRREADY_TEST_PG_URL (tests/t_history_pg.sh sets it to a throwaway
 * server's database): the same migration paths on PostgreSQL, from every
 * earlier version, a run written at that version surviving as a closed
 * run. The database's public schema is dropped before each version.
 */
static void test_pg_migrations(const char *url)
{
	for (int v = 1; v <= history_latest_version(); v++) {
		struct history_store *h;
		struct history_data d;
		struct hdb *db;

		ok(!hdb_open(url, &db), "PostgreSQL: connect");
		ok(!hdb_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA "
				 "public"),
		   "PostgreSQL: an empty database");
		hdb_close(db);
		ok(!history_open(url, v, &h),
		   "PostgreSQL: a store at version %d", v);
		history_close(h);
		ok(!hdb_open(url, &db), "PostgreSQL: connect");
		ok(!hdb_exec(db,
			     "INSERT INTO runs (run_id, started, finished, "
			     "evaluated_at, recorded_at, tool_version, "
			     "findings) VALUES ('old', 1, 2, 3, 4, '0.0.9', "
			     "0)"),
		   "PostgreSQL: a run written at version %d", v);
		hdb_close(db);
		ok(!history_open(url, 0, &h), "PostgreSQL: version %d migrates",
		   v);
		is_int(history_version(h), history_latest_version(),
		       "PostgreSQL: version %d -> latest", v);
		ok(!history_load(h, &d, 0), "PostgreSQL: load");
		is_int(d.nruns, 1, "PostgreSQL: the version %d run is a run",
		       v);
		history_data_release(&d);
		history_close(h);
	}
}

static void test_display(void)
{
	char *s;

	s = hdb_display("postgresql://alice:s3cret@db.example.com:5432/ir");
	is_str(s, "postgresql://alice:***@db.example.com:5432/ir",
	       "password in userinfo masked");
	free(s);
	s = hdb_display("postgres://db/ir?sslmode=verify-full&password=x");
	ok(!strstr(s, "password=x"), "password in the query masked (%s)", s);
	free(s);
	s = hdb_display("postgresql://bob:p@ss:w@db:5432/ir?sslmode=require");
	is_str(s, "postgresql://bob:***@db:5432/ir?sslmode=require",
	       "an unescaped '@' in the password leaks nothing");
	free(s);
	s = hdb_display("postgresql://db/ir?user=x&password=s3cret");
	ok(!strstr(s, "s3cret"), "password= in the query masked (%s)", s);
	free(s);
	s = hdb_display("postgresql:///ir?host=/tmp/a@b");
	is_str(s, "postgresql:///ir?host=/tmp/a@b",
	       "an '@' after the authority is no userinfo");
	free(s);
	s = hdb_display("postgresql://alice@db/ir");
	is_str(s, "postgresql://alice@db/ir", "no password: unchanged");
	free(s);
	s = hdb_display("/var/lib/irready/h.db");
	is_str(s, "/var/lib/irready/h.db", "a file path is itself");
	free(s);
}

int main(void)
{
	char *cmd;

	if (!mkdtemp(dir))
		return 1;
	test_migrations();
	test_append();
	test_migrate_3();
	test_parts();
	test_display();
	if (getenv("IRREADY_TEST_PG_URL"))
		test_pg_migrations(getenv("IRREADY_TEST_PG_URL"));
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
	free(cmd);
	return done_testing();
}
