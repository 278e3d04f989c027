/*
 * history_db.h -- the history store's two databases behind one small API
 *
 * history.c speaks SQL through this: SQLite for a file (the default, WAL
 * mode) and PostgreSQL (libpq) for a postgresql:// or postgres:// URL.
 * Statements use $1, $2 ... placeholders, which both accept (SQLite as
 * named parameters, bound here by name), and every value goes in and
 * comes out as text (NULL for SQL NULL), so one SQL text serves both.
 *
 * Errors are reported once, here, with the database's message; a
 * PostgreSQL URL is only ever shown with its password masked
 * (hdb_display()). Each function returns 0 or IRREADY_EIO.
 */
#ifndef HISTORY_DB_H
#define HISTORY_DB_H

#include <stddef.h>

struct hdb;
struct hdb_stmt;

/* Open 'target' (a file path or a PostgreSQL URL). */
int hdb_open(const char *target, struct hdb **out);
void hdb_close(struct hdb *db);
int hdb_is_pg(const struct hdb *db);

/* 'target' for messages: a URL's password replaced by "***" (malloc'd). */
char *hdb_display(const char *target);

/* Run 'sql' (one or more statements, no parameters, no rows wanted). */
int hdb_exec(struct hdb *db, const char *sql);

/* BEGIN (SQLite: BEGIN IMMEDIATE, the write lock at once), COMMIT, ROLLBACK. */
int hdb_begin(struct hdb *db);
int hdb_commit(struct hdb *db);
void hdb_rollback(struct hdb *db);

/* A statement with 'nparams' parameters $1..$n, run any number of times. */
int hdb_prepare(struct hdb *db, const char *sql, int nparams,
		struct hdb_stmt **out);
/*
 * Execute with 'params' (nparams strings, NULL for SQL NULL), copied.
 * Rows, if any, are read with hdb_next() before the next hdb_run().
 */
int hdb_run(struct hdb_stmt *st, const char *const *params);
/* The next row: 1, 0 after the last, -1 on error (reported). */
int hdb_next(struct hdb_stmt *st);
/* Column 'i' of the current row, NULL for SQL NULL; valid until hdb_next. */
const char *hdb_col(struct hdb_stmt *st, int i);
void hdb_finalize(struct hdb_stmt *st);

#endif
