/*
 * history_db.c -- SQLite and PostgreSQL behind history_db.h
 *
 * A thin layer: open, exec, prepared statements with text parameters and
 * text results. SQLite runs in WAL mode (readers never block the one
 * writer) with a 120 s busy timeout (writers queue: 50 shards writing
 * 10,000 findings each at once took 32 s); PostgreSQL connections take
 * every libpq setting from the URL and the PG* environment (PGPASSFILE,
 * PGSSLMODE ...), so nothing secret has to be on the command line.
 */
#include "history_db.h"
#include "irready.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct hdb {
	sqlite3 *lite;
	PGconn *pg;
	unsigned long nstmt; /* PostgreSQL prepared statement names */
};

struct hdb_stmt {
	struct hdb *db;
	int nparams;
	/* SQLite */
	sqlite3_stmt *ls;
	int lrc; /* the last sqlite3_step() result */
	int started;
	/* PostgreSQL */
	char name[32];
	PGresult *res;
	int row, nrows;
};

static int is_pg_url(const char *t)
{
	return !strncmp(t, "postgresql://", 13) ||
	       !strncmp(t, "postgres://", 11);
}

char *hdb_display(const char *target)
{
	const char *auth, *at = NULL, *colon;
	size_t alen;

	if (!is_pg_url(target))
		return xstrdup(target);
	/* a password in the query string (?password=): mask the query */
	if (strstr(target, "password=")) {
		const char *q = strchr(target, '?');

		return xasprintf("%.*s***", (int)(q ? q - target + 1 : 0),
				 target);
	}
	/* userinfo ends at the authority's last '@' (an unescaped '@' in a
	 * password must not leak its tail) */
	auth = strstr(target, "://") + 3;
	alen = strcspn(auth, "/?");
	for (size_t i = 0; i < alen; i++)
		if (auth[i] == '@')
			at = auth + i;
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (!colon)
		return xstrdup(target);
	return xasprintf("%.*s:***%s", (int)(colon - target), target, at);
}

static int lite_error(struct hdb *db, const char *what)
{
	return error_rc(IRREADY_EIO, "history: %s: %s", what,
			sqlite3_errmsg(db->lite));
}

/* libpq's message, trimmed of its final newline. */
static int pg_error(const char *what, const char *msg)
{
	size_t n = msg ? strlen(msg) : 0;

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	return error_rc(IRREADY_EIO, "history: %s: %.*s", what, (int)n,
			msg ? msg : "");
}

int hdb_open(const char *target, struct hdb **out)
{
	struct hdb *db = xcalloc(1, sizeof(*db));
	char *shown = hdb_display(target);
	int rc = 0, pragma_rc = SQLITE_OK;

	*out = NULL;
	if (is_pg_url(target)) {
		db->pg = PQconnectdb(target);
		if (PQstatus(db->pg) != CONNECTION_OK) {
			char *what = xasprintf("cannot connect to '%s'", shown);

			rc = pg_error(what, PQerrorMessage(db->pg));
			free(what);
			goto fail;
		}
		/* quiet NOTICEs ("relation exists, skipping") */
		rc = hdb_exec(db, "SET client_min_messages = warning");
		if (rc)
			goto fail;
	} else {
		if (sqlite3_open_v2(target, &db->lite,
				    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
				    NULL) != SQLITE_OK) {
			char *what = xasprintf("cannot open '%s'", shown);

			rc = db->lite ? lite_error(db, what)
				      : error_rc(IRREADY_EIO,
						 "history: %s: out of memory",
						 what);
			free(what);
			goto fail;
		}
		sqlite3_busy_timeout(db->lite, 120000);
		/*
		 * The first statement: where "not a database" shows. Two
		 * processes opening a new store at once race to switch it to
		 * WAL, and that switch can answer SQLITE_BUSY at once without
		 * calling the busy handler: try again for up to 10 s.
		 */
		for (int tries = 0;; tries++) {
			int lrc = sqlite3_exec(db->lite,
					       "PRAGMA journal_mode=WAL;"
					       "PRAGMA synchronous=NORMAL;"
					       "PRAGMA cache_size=-65536",
					       NULL, NULL, NULL);
			struct timespec pause = { 0, 50 * 1000000L };

			if ((lrc != SQLITE_BUSY && lrc != SQLITE_LOCKED) ||
			    tries >= 200) {
				pragma_rc = lrc;
				break;
			}
			nanosleep(&pause, NULL);
		}
		if (pragma_rc != SQLITE_OK) {
			char *what = xasprintf("cannot open '%s'", shown);

			rc = lite_error(db, what);
			free(what);
			goto fail;
		}
	}
	free(shown);
	*out = db;
	return 0;
fail:
	free(shown);
	hdb_close(db);
	return rc ? rc : IRREADY_EIO;
}

void hdb_close(struct hdb *db)
{
	if (!db)
		return;
	if (db->lite)
		sqlite3_close(db->lite);
	if (db->pg)
		PQfinish(db->pg);
	free(db);
}

int hdb_is_pg(const struct hdb *db)
{
	return db->pg != NULL;
}

int hdb_exec(struct hdb *db, const char *sql)
{
	if (db->pg) {
		PGresult *r = PQexec(db->pg, sql);
		ExecStatusType s = PQresultStatus(r);
		int rc = 0;

		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
			rc = pg_error("statement failed",
				      PQresultErrorMessage(r));
		PQclear(r);
		return rc;
	}
	if (sqlite3_exec(db->lite, sql, NULL, NULL, NULL) != SQLITE_OK)
		return lite_error(db, "statement failed");
	return 0;
}

int hdb_begin(struct hdb *db)
{
	return hdb_exec(db, db->pg ? "BEGIN" : "BEGIN IMMEDIATE");
}

int hdb_commit(struct hdb *db)
{
	return hdb_exec(db, "COMMIT");
}

void hdb_rollback(struct hdb *db)
{
	if (db->pg) {
		PQclear(PQexec(db->pg, "ROLLBACK"));
		return;
	}
	if (!sqlite3_get_autocommit(db->lite))
		sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
}

int hdb_prepare(struct hdb *db, const char *sql, int nparams,
		struct hdb_stmt **out)
{
	struct hdb_stmt *st = xcalloc(1, sizeof(*st));

	st->db = db;
	st->nparams = nparams;
	*out = NULL;
	if (db->pg) {
		PGresult *r;
		int rc = 0;

		snprintf(st->name, sizeof(st->name), "irready_%lu",
			 ++db->nstmt);
		r = PQprepare(db->pg, st->name, sql, nparams, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = pg_error("cannot prepare a statement",
				      PQresultErrorMessage(r));
		PQclear(r);
		if (rc) {
			free(st);
			return rc;
		}
	} else if (sqlite3_prepare_v2(db->lite, sql, -1, &st->ls, NULL) !=
		   SQLITE_OK) {
		int rc = lite_error(db, "cannot prepare a statement");

		free(st);
		return rc;
	}
	*out = st;
	return 0;
}

int hdb_run(struct hdb_stmt *st, const char *const *params)
{
	if (st->db->pg) {
		ExecStatusType s;

		PQclear(st->res);
		st->res = PQexecPrepared(st->db->pg, st->name, st->nparams,
					 params, NULL, NULL, 0);
		s = PQresultStatus(st->res);
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
			return pg_error("statement failed",
					PQresultErrorMessage(st->res));
		st->row = -1;
		st->nrows = PQntuples(st->res);
		return 0;
	}
	sqlite3_reset(st->ls);
	sqlite3_clear_bindings(st->ls);
	for (int i = 0; i < st->nparams; i++) {
		char name[16];
		int idx;

		snprintf(name, sizeof(name), "$%d", i + 1);
		idx = sqlite3_bind_parameter_index(st->ls, name);
		if (!idx)
			BUG("history statement lacks parameter %s", name);
		if (sqlite3_bind_text(st->ls, idx, params[i], -1,
				      SQLITE_TRANSIENT) != SQLITE_OK)
			return lite_error(st->db, "cannot bind a parameter");
	}
	st->lrc = sqlite3_step(st->ls);
	st->started = 0;
	if (st->lrc != SQLITE_ROW && st->lrc != SQLITE_DONE)
		return lite_error(st->db, "statement failed");
	return 0;
}

int hdb_next(struct hdb_stmt *st)
{
	if (st->db->pg)
		return ++st->row < st->nrows ? 1 : 0;
	if (st->started) {
		if (st->lrc != SQLITE_ROW)
			return 0;
		st->lrc = sqlite3_step(st->ls);
	}
	st->started = 1;
	if (st->lrc == SQLITE_ROW)
		return 1;
	if (st->lrc == SQLITE_DONE)
		return 0;
	lite_error(st->db, "reading rows failed");
	return -1;
}

const char *hdb_col(struct hdb_stmt *st, int i)
{
	if (st->db->pg)
		return PQgetisnull(st->res, st->row, i)
			       ? NULL
			       : PQgetvalue(st->res, st->row, i);
	return (const char *)sqlite3_column_text(st->ls, i);
}

void hdb_finalize(struct hdb_stmt *st)
{
	if (!st)
		return;
	if (st->db->pg) {
		char *sql = xasprintf("DEALLOCATE %s", st->name);

		PQclear(st->res);
		if (PQstatus(st->db->pg) == CONNECTION_OK &&
		    PQtransactionStatus(st->db->pg) != PQTRANS_INERROR)
			PQclear(PQexec(st->db->pg, sql));
		free(sql);
	} else {
		sqlite3_finalize(st->ls);
	}
	free(st);
}
