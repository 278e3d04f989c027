/*
 * history_int.h -- what history.c shares with history_parts.c
 *
 * Not an API: the store's handle and the writers both files use. Each
 * writer runs inside the caller's transaction and returns 0 or
 * IRREADY_EIO (the database's message already printed).
 */
#ifndef HISTORY_INT_H
#define HISTORY_INT_H

#include "history.h"
#include "history_db.h"

struct history_store {
	struct hdb *db;
	char *shown; /* the target for messages, password masked */
};

/* Run 'sql' once with 'n' params. */
int history_exec_params(struct hdb *db, const char *sql, int n,
			const char *const *params);
void history_fmt_long(char *buf, size_t n, long long v);

/*
 * The runs row of 'r' as 'id': 'state' "open" or "closed"; 'sid' and
 * 'shards' (the shards' run.run_id and N) NULL and 0 for a run that was
 * not sharded; 'if_new' adds ON CONFLICT DO NOTHING RETURNING run_id, and
 * '*inserted' says whether the row is new.
 */
int history_put_run(struct hdb *db, const char *id, const struct report *r,
		    const char *state, const char *sid, int shards, int if_new,
		    int *inserted);
/* run_accounts rows of the run's accounts, tagged 'shard' (NULL: whole). */
int history_put_accounts(struct hdb *db, const char *id, const struct report *r,
			 const struct history_callers *who, const char *shard);
int history_put_regions(struct hdb *db, const char *id, const struct report *r);
/* run_checks rows; 'if_new': ON CONFLICT DO NOTHING. */
int history_put_checks(struct hdb *db, const char *id, const struct report *r,
		       int if_new);
int history_put_scores(struct hdb *db, const char *id, const struct scores *s);
/* findings rows, tagged 'shard' (NULL: whole). */
int history_put_findings(struct hdb *db, const char *id,
			 const struct findings *f, const char *shard);

/*
 * A whole run 'r' as 'id', closed at once, in one transaction; 'sid' and
 * 'shards' for a merge of shards that did not write their parts. 0, 1
 * when 'id' is already there (nothing written), IRREADY_EIO.
 */
int history_append_whole(struct history_store *h, const struct report *r,
			 const struct history_callers *who, const char *sid,
			 int shards, const char *id);

/* strcmp() == 0, NULL as "". */
int history_streq(const char *a, const char *b);
/*
 * The shards i+1 with miss[i] set, of 'count', as "1, 4, 7" (ten at
 * most, then ", ..."), malloc'd; their number in '*n'.
 */
char *history_list_shards(const char *miss, int count, int *n);

/* The id of sharded run 'sid' of 'shards' shards (16 hex digits). */
void history_sharded_id(const char *sid, int shards, char out[17]);

#endif
