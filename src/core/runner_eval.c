/*
 * runner_eval.c -- runner.c's evaluate stage
 *
 * Every selected check over every account of a batch, in the scopes it
 * runs in: ERROR when a dataset it needs failed, its verdicts otherwise.
 * A dataset is released as soon as the last check that reads it has run
 * for the account (runner_evaluate), so a batch holds less and less.
 */
#include "runner.h"
#include "check.h"
#include "findings.h"
#include "inv.h"
#include "irready.h"
#include "policy.h"

#include <string.h>

/*
 * The first failed dataset among 'needs' in this scope, or NULL. An
 * account-scope check that reads regional datasets depends on every
 * region: one region's failure makes its verdict unknowable, so it is
 * ERROR rather than a PASS built on partial data -- unless the check
 * says it 'decides_on_partial' (PASS found in any region): then it sees
 * the failed regions and names them itself when they matter.
 */
static const struct inv_status *failed_need(const struct inv_account *a,
					    const struct inv_region *r,
					    inv_needs needs, int partial,
					    int *ds_out)
{
	for (int d = 0; d < DS__COUNT; d++) {
		if (!(needs & INV_NEED(d)))
			continue;
		*ds_out = d;
		if (inv_dataset_scope((enum inv_dataset)d) == INV_ACCOUNT) {
			if (a->status[d].state == INV_FAILED)
				return &a->status[d];
		} else if (r) {
			if (r->status[d].state == INV_FAILED)
				return &r->status[d];
		} else if (!partial) {
			/* (a decides_on_partial check judges them itself) */
			for (size_t k = 0; k < a->nregions; k++)
				if (a->regions[k].status[d].state == INV_FAILED)
					return &a->regions[k].status[d];
		}
	}
	return NULL;
}

static void add_error(struct findings *out, const char *resource,
		      const char *what, const struct aws_error *e)
{
	findings_add(out, CHECK_ERROR, "", resource,
		     "could not collect %s: %s%s%s%s%s%s%s", what,
		     e->code[0] ? e->code : "error", e->action[0] ? " on " : "",
		     e->action, e->region[0] ? " in " : "", e->region,
		     e->message[0] ? ": " : "", e->message);
}

void runner_run_scope(const struct check *c, const struct check_ctx *cx,
		      struct findings *out)
{
	const char *scope_res = cx->region ? cx->region->name : cx->acct->id;
	const struct inv_status *st;
	size_t before = out->n;
	int ds = 0;

	out->region = cx->region ? cx->region->name : "global";
	st = failed_need(cx->acct, cx->region, c->needs, c->decides_on_partial,
			 &ds);
	if (st) {
		add_error(out, scope_res,
			  inv_dataset_desc((enum inv_dataset)ds), &st->err);
		return;
	}
	if (c->run(cx, out))
		findings_add(out, CHECK_ERROR, "", scope_res,
			     "check %s could not evaluate its data", c->id);
	else if (out->n == before)
		findings_add(out, CHECK_NA, "", scope_res,
			     "nothing to evaluate in %s", scope_res);
}

/* For each dataset, the last of the 'nsel' checks that reads it, or -1. */
static void last_readers(const struct check *const *sel, size_t nsel,
			 int last[DS__COUNT])
{
	for (int d = 0; d < DS__COUNT; d++)
		last[d] = -1;
	for (size_t k = 0; k < nsel; k++) {
		/* and what those datasets point into (their inputs) */
		inv_needs reads = inv_needs_closure(
			sel[k]->needs | sel[k]->consults | sel[k]->peeks);

		for (int d = 0; d < DS__COUNT; d++)
			if (reads & INV_NEED(d))
				last[d] = (int)k;
	}
}

void runner_evaluate(struct inventory *inv, const struct policy *pol,
		     const struct check *const *sel, size_t nsel,
		     struct findings *out, int release)
{
	int last[DS__COUNT];

	last_readers(sel, nsel, last);
	for (size_t i = 0; i < inv->naccounts; i++) {
		struct inv_account *a = &inv->accounts[i];
		size_t first = out->n;

		out->account_id = a->id;
		for (size_t k = 0; k < nsel; k++) {
			const struct check *c = sel[k];
			struct check_ctx cx = {
				.inv = inv,
				.acct = a,
				.params = &pol->params,
				.now = inv->now,
				.attestations = pol->attestations,
				.nattestations = pol->nattestations,
			};

			out->check = c;
			out->severity = policy_severity(pol, c);
			if (!a->assessed) {
				out->region = "global";
				add_error(out, a->id, "the account", &a->fatal);
			} else if (c->scope == CHECK_SCOPE_ACCOUNT) {
				runner_run_scope(c, &cx, out);
			} else {
				for (size_t r = 0; r < a->nregions; r++) {
					cx.region = &a->regions[r];
					runner_run_scope(c, &cx, out);
				}
			}
			/* no later check of this account reads them */
			for (int d = 0; release && d < DS__COUNT; d++)
				if (last[d] == (int)k)
					inv_release(a, (enum inv_dataset)d);
		}
		if (out->n > first) {
			const char *name = findings_intern(out, a->name);
			const char *ou = findings_intern(out, a->ou_path);

			for (size_t j = first; j < out->n; j++) {
				out->v[j].account_name = name;
				out->v[j].ou_path = ou;
			}
		}
	}
}
