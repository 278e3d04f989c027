/*
 * history_rows.c -- the rows of a run in the history store
 *
 * The writers history.c (whole runs) and history_parts.c (a shard's
 * part, the close of a sharded run) share: a run's accounts, regions,
 * selected checks, scores and findings, each inside the caller's
 * transaction (history_int.h).
 */
#include "history_int.h"
#include "check.h"
#include "irready.h"
#include "score.h"

#include <stdio.h>
#include <string.h>

static int put_score(struct hdb_stmt *st, const char *id, const char *grp,
		     const char *key, const struct score *s)
{
	char sc[32], cov[32], sel[24], ev[24];
	const char *p[7] = { id, grp, key, s->valid ? sc : NULL, cov, sel, ev };

	snprintf(sc, sizeof(sc), "%.4f", s->value);
	snprintf(cov, sizeof(cov), "%.4f", s->coverage);
	history_fmt_long(sel, sizeof(sel), (long long)s->selected);
	history_fmt_long(ev, sizeof(ev), (long long)s->evaluated);
	return hdb_run(st, p);
}

int history_put_scores(struct hdb *db, const char *id, const struct scores *s)
{
	struct hdb_stmt *st;
	int rc;

	if ((rc = hdb_prepare(db,
			      "INSERT INTO run_scores (run_id, grp, grp_key, "
			      "score, coverage, checks_selected, "
			      "checks_evaluated) VALUES ($1, $2, $3, $4, $5, "
			      "$6, $7)",
			      7, &st)))
		return rc;
	rc = put_score(st, id, "overall", "", &s->overall);
	for (int p = 0; !rc && p < PHASE__COUNT; p++)
		rc = put_score(st, id, "phase", phase_name((enum ir_phase)p),
			       &s->phase[p]);
	for (size_t i = 0; !rc && i < s->naccounts; i++)
		rc = put_score(st, id, "account", s->accounts[i].key,
			       &s->accounts[i].score);
	for (size_t i = 0; !rc && i < s->nregions; i++)
		rc = put_score(st, id, "region", s->regions[i].key,
			       &s->regions[i].score);
	hdb_finalize(st);
	return rc;
}

int history_put_accounts(struct hdb *db, const char *id, const struct report *r,
			 const struct history_callers *who, const char *shard)
{
	const struct run_info *ri = r->run;
	const struct scores *s = r->scores;
	struct hdb_stmt *st;
	int rc;

	if ((rc = hdb_prepare(db,
			      "INSERT INTO run_accounts (run_id, account_id, "
			      "account_name, caller_arn, shard, ou_path) "
			      "VALUES ($1, $2, $3, $4, $5, $6)",
			      6, &st)))
		return rc;
	for (size_t i = 0; !rc && i < ri->naccounts; i++) {
		const char *name = NULL, *arn = NULL, *ou = NULL;
		const char *p[6];

		for (size_t k = 0; k < s->naccounts; k++)
			if (!strcmp(s->accounts[k].key, ri->accounts[i]))
				name = s->accounts[k].label;
		for (size_t k = 0; who && k < who->n; k++)
			if (who->accounts[k] &&
			    !strcmp(who->accounts[k], ri->accounts[i]))
				arn = who->arns[k];
		p[0] = id;
		p[1] = ri->accounts[i];
		p[2] = name;
		/* findings carry the OU path (--org): the account's first */
		for (size_t k = 0; !ou && k < r->findings->n; k++)
			if (r->findings->v[k].ou_path &&
			    !strcmp(r->findings->v[k].account_id,
				    ri->accounts[i]))
				ou = r->findings->v[k].ou_path;
		p[3] = arn;
		p[4] = shard;
		p[5] = ou;
		rc = hdb_run(st, p);
	}
	hdb_finalize(st);
	return rc;
}

int history_put_regions(struct hdb *db, const char *id, const struct report *r)
{
	const struct run_info *ri = r->run;
	struct hdb_stmt *st;
	int rc;

	if ((rc = hdb_prepare(db,
			      "INSERT INTO run_regions (run_id, region) "
			      "VALUES ($1, $2)",
			      2, &st)))
		return rc;
	for (size_t i = 0; !rc && i < ri->nregions; i++) {
		const char *p[2] = { id, ri->regions[i] };

		rc = hdb_run(st, p);
	}
	hdb_finalize(st);
	return rc;
}

int history_put_checks(struct hdb *db, const char *id, const struct report *r,
		       int if_new)
{
	const struct scores *s = r->scores;
	struct hdb_stmt *st;
	int rc;

	if ((rc = hdb_prepare(db,
			      if_new ? "INSERT INTO run_checks (run_id, "
				       "check_id, phase, severity, scope) "
				       "VALUES ($1, $2, $3, $4, $5) ON "
				       "CONFLICT (run_id, check_id) DO NOTHING"
				     : "INSERT INTO run_checks (run_id, "
				       "check_id, phase, severity, scope) "
				       "VALUES ($1, $2, $3, $4, $5)",
			      5, &st)))
		return rc;
	for (size_t i = 0; !rc && i < s->nchecks; i++) {
		const struct check *c = s->checks[i].check;
		const char *p[5] = { id, c->id, phase_name(c->phase),
				     severity_name(c->severity),
				     c->scope == CHECK_SCOPE_REGION
					     ? "region"
					     : "account" };

		rc = hdb_run(st, p);
	}
	hdb_finalize(st);
	return rc;
}

int history_put_findings(struct hdb *db, const char *id,
			 const struct findings *f, const char *shard)
{
	struct hdb_stmt *st;
	int rc;

	if ((rc = hdb_prepare(db,
			      "INSERT INTO findings (run_id, finding_id, "
			      "check_id, account_id, region, phase, severity, "
			      "status, verdict, resource_type, resource_id, "
			      "message, waiver, shard, collected_at) VALUES "
			      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
			      "$12, $13, $14, $15)",
			      15, &st)))
		return rc;
	for (size_t i = 0; !rc && i < f->n; i++) {
		const struct finding *x = &f->v[i];
		char at[24];
		const char *p[15] = {
			id,
			x->id,
			x->check->id,
			x->account_id,
			x->region,
			phase_name(x->check->phase),
			severity_name(x->severity),
			status_name(x->status),
			status_name(x->verdict),
			x->resource_type,
			x->resource_id,
			x->message,
			x->waiver,
			shard,
			x->collected_at ? at : NULL,
		};

		history_fmt_long(at, sizeof(at), (long long)x->collected_at);
		rc = hdb_run(st, p);
	}
	hdb_finalize(st);
	return rc;
}
