/*
 * decide.h -- decision tables for checks: a hand-built inventory (one
 * account, up to DECIDE_REGIONS regions), one check run through the
 * runner's own per-scope logic (runner_run_scope: ERROR when a needed
 * dataset failed, NOT_APPLICABLE when run() found nothing), and
 * expectations on the findings it produced.
 *
 * A test file is a list of cases:
 *
 *	static void case_limit_day(struct world *w)
 *	{
 *		struct inv_access_key *k = INV_PUSH(
 *			&w->acct.arena[DS_IAM_KEYS], w->acct.access_keys);
 *		...
 *		decide(w, "iam_access_keys_rotated");
 *		expect(w, CHECK_FAIL, "AKIA1", "90 days");
 *	}
 *
 * A vector grows in the arena of the dataset that fills it, as in a
 * collector (the account's or the region's arena[DS_...]), and
 * world_release() releases them all; tests allocate strings with
 * w_str()/w_fmt() from the world's arena. Only what a case sets is non-zero;
 *the account is assessed, every dataset is INV_OK unless a case marks one
 *failed with world_fail().
 *
 * decide() prints every finding as a TAP comment, so a failing case shows
 * what the check said. DECIDES("id") in a test file registers the check as
 * covered for t_decision_coverage.sh (which greps for it): put it on the
 * line of the first decide() of each check.
 */
#ifndef DECIDE_H
#define DECIDE_H

#include "check.h"
#include "irready.h"
#include "params.h"
#include "runner.h"
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW            1795824000L /* 2026-11-28T00:00:00Z */
#define DAY            86400L
#define DECIDE_REGIONS 3
#define DECIDES(id)    (id)

struct world {
	struct inventory inv;
	struct inv_account acct;
	struct inv_region regions[DECIDE_REGIONS];
	struct params prm;
	struct findings out;
	struct arena mem;
	struct attestation *att;
	size_t natt;
	struct inv_orgwide ow; /* w_org_mech(): an --org run's */
};

static inline void world_init(struct world *w)
{
	static const char *const names[DECIDE_REGIONS] = { "eu-west-1",
							   "us-east-1",
							   "ap-south-1" };

	memset(w, 0, sizeof(*w));
	params_defaults(&w->prm);
	w->acct.id = "123456789012";
	w->acct.caller_arn = "arn:aws:sts::123456789012:assumed-role/a/b";
	w->acct.home_region = "eu-west-1";
	w->acct.assessed = 1;
	w->acct.regions = w->regions;
	w->acct.nregions = 1;
	for (int r = 0; r < DECIDE_REGIONS; r++) {
		w->regions[r].name = names[r];
		for (int d = 0; d < DS__COUNT; d++)
			w->regions[r].status[d].state = INV_OK;
	}
	for (int d = 0; d < DS__COUNT; d++)
		w->acct.status[d].state = INV_OK;
	w->inv.accounts = &w->acct;
	w->inv.naccounts = 1;
	w->inv.now = NOW;
	findings_init(&w->out);
}

static inline void world_release(struct world *w);

/* Start over: release the world and build a new one. */
static inline void world_reset(struct world *w)
{
	world_release(w);
	world_init(w);
}

/* Use 'n' regions (1..DECIDE_REGIONS): eu-west-1, us-east-1, ap-south-1. */
static inline void world_regions(struct world *w, size_t n)
{
	w->acct.nregions = n;
}

/*
 * Release the world. INV_PUSH'd vectors live in the arenas of their
 * datasets (the account's or a region's arena[DS_...]), so releasing
 * them frees every vector a case pushed.
 */
static inline void world_release(struct world *w)
{
	for (int d = 0; d < DS__COUNT; d++) {
		arena_release(&w->acct.arena[d]);
		for (int r = 0; r < DECIDE_REGIONS; r++)
			arena_release(&w->regions[r].arena[d]);
	}
	free(w->att);
	free(w->ow.v);
	arena_release(&w->ow.mem);
	findings_release(&w->out);
	arena_release(&w->mem);
}

/*
 * Make the run an --org run (inventory.orgwide) and add a central
 * mechanism of 'kind' that account 'account' runs in 'region'.
 */
static inline struct inv_org_mech *
w_org_mech(struct world *w, enum inv_org_kind kind, const char *account,
	   const char *region, const char *arn)
{
	struct inv_org_mech *m;

	ALLOC_GROW(w->ow.v, w->ow.n + 1, w->ow.alloc);
	m = &w->ow.v[w->ow.n++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->account = account;
	m->region = region;
	m->arn = arn;
	w->inv.orgwide = &w->ow;
	return m;
}

/*
 * Make the run an --org run in which account 'account' could not be
 * assessed at all (its role could not be assumed).
 */
static inline void w_org_unassessed(struct world *w, const char *account)
{
	*INV_PUSH(&w->ow.mem, w->ow.unassessed) = account;
	w->inv.orgwide = &w->ow;
}

/* A copy of 's' in the world's arena. */
static inline const char *w_str(struct world *w, const char *s)
{
	return s ? arena_strdup(&w->mem, s) : NULL;
}

static inline const char *w_fmt(struct world *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline const char *w_fmt(struct world *w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return arena_strdup(&w->mem, buf);
}

/* Mark dataset 'ds' failed (AccessDenied) in region 'r', or the account. */
static inline void world_fail(struct world *w, enum inv_dataset ds, int r)
{
	struct inv_status *st = inv_dataset_scope(ds) == INV_ACCOUNT
					? &w->acct.status[ds]
					: &w->regions[r].status[ds];

	st->state = INV_FAILED;
	snprintf(st->err.code, sizeof(st->err.code), "AccessDeniedException");
	snprintf(st->err.action, sizeof(st->err.action), "test:Denied");
	snprintf(st->err.region, sizeof(st->err.region), "%s",
		 inv_dataset_scope(ds) == INV_ACCOUNT ? "global"
						      : w->regions[r].name);
}

/* Add an attestation for 'check' dated 'when' (the MANUAL items). */
static inline void world_attest(struct world *w, const char *check, time_t when)
{
	struct attestation *a;

	w->att = realloc(w->att, (w->natt + 1) * sizeof(*w->att));
	if (!w->att)
		abort();
	a = &w->att[w->natt++];
	memset(a, 0, sizeof(*a));
	a->check = w_str(w, check);
	a->date = when;
	a->evidence = w_str(w, "https://wiki.example/ir");
	a->owner = w_str(w, "ir@example.com");
}

/*
 * Run check 'id' over the world (every region in use for a regional
 * check), replacing the previous findings. Returns the number of findings.
 */
static inline size_t decide(struct world *w, const char *id)
{
	const struct check *c = check_find(id);
	struct check_ctx cx = { .inv = &w->inv,
				.acct = &w->acct,
				.params = &w->prm,
				.now = NOW,
				.attestations = w->att,
				.nattestations = w->natt };

	findings_release(&w->out);
	findings_init(&w->out);
	if (!c) {
		ok(0, "%s is registered", id);
		return 0;
	}
	w->out.check = c;
	w->out.account_id = w->acct.id;
	w->out.severity = c->severity;
	if (c->scope == CHECK_SCOPE_ACCOUNT) {
		runner_run_scope(c, &cx, &w->out);
	} else {
		for (size_t r = 0; r < w->acct.nregions; r++) {
			cx.region = &w->regions[r];
			runner_run_scope(c, &cx, &w->out);
		}
	}
	for (size_t i = 0; i < w->out.n; i++)
		printf("# %s %s %s %s: %s\n", id,
		       status_name(w->out.v[i].status), w->out.v[i].region,
		       w->out.v[i].resource_id, w->out.v[i].message);
	return w->out.n;
}

/*
 * The finding whose resource id contains 'resource' (NULL or "": the only
 * finding, which must then be alone), or NULL.
 */
static inline const struct finding *w_find(const struct world *w,
					   const char *resource)
{
	if (!resource || !*resource)
		return w->out.n == 1 ? &w->out.v[0] : NULL;
	for (size_t i = 0; i < w->out.n; i++)
		if (strstr(w->out.v[i].resource_id, resource))
			return &w->out.v[i];
	return NULL;
}

/*
 * Assert that the finding for 'resource' (see w_find) has status 'st' and
 * a message containing 'msg' (NULL: any message). One TAP line.
 */
#define expect(w, st, resource, msg)                                           \
	expect_at((w), (st), (resource), (msg), __FILE__, __LINE__)
static inline void expect_at(const struct world *w, enum check_status st,
			     const char *resource, const char *msg,
			     const char *file, int line)
{
	const struct finding *f = w_find(w, resource);
	const char *what = resource && *resource ? resource : "(only finding)";

	if (!f) {
		ok(0, "%s:%d: %s %s: a finding for %s (%zu findings)", file,
		   line, w->out.check ? w->out.check->id : "?", status_name(st),
		   what, w->out.n);
		return;
	}
	ok(f->status == st && (!msg || strstr(f->message, msg)),
	   "%s:%d: %s %s on %s%s%s", file, line, w->out.check->id,
	   status_name(st), what, msg ? " says " : "", msg ? msg : "");
	if (f->status != st)
		printf("#   got status %s\n", status_name(f->status));
	if (msg && !strstr(f->message, msg))
		printf("#   got message '%s'\n", f->message);
}

/*
 * Assert that finding 'i' (in the order the check wrote them: region by
 * region) has status 'st' and says 'msg'. One TAP line.
 */
static inline void expect_nth(const struct world *w, size_t i,
			      enum check_status st, const char *msg)
{
	ok(i < w->out.n && w->out.v[i].status == st &&
		   strstr(w->out.v[i].message, msg),
	   "finding %zu is %s and says %s", i, status_name(st), msg);
	if (i < w->out.n)
		printf("#   got %s '%s'\n", status_name(w->out.v[i].status),
		       w->out.v[i].message);
}

/* Assert that every finding has status 'st' and there are 'n' of them. */
#define expect_all(w, st, n) expect_all_at((w), (st), (n), __FILE__, __LINE__)
static inline void expect_all_at(const struct world *w, enum check_status st,
				 size_t n, const char *file, int line)
{
	size_t same = 0;

	for (size_t i = 0; i < w->out.n; i++)
		same += w->out.v[i].status == st;
	ok(same == n && w->out.n == n, "%s:%d: %s: %zu findings, all %s", file,
	   line, w->out.check ? w->out.check->id : "?", n, status_name(st));
}

/*
 * ERROR for every dataset check 'id' needs: in a fresh world where only
 * that dataset failed (in region 0 when regional), every finding is ERROR
 * and names the dataset and the AWS error. One TAP line per dataset;
 * returns how many datasets the check needs.
 */
static inline size_t expect_needs_error(const char *id)
{
	const struct check *c = check_find(id);
	size_t n = 0;

	for (int d = 0; c && d < DS__COUNT; d++) {
		const char *desc = inv_dataset_desc((enum inv_dataset)d);
		struct world w;
		size_t bad = 0;

		if (!(c->needs & INV_NEED(d)))
			continue;
		world_init(&w);
		world_fail(&w, (enum inv_dataset)d, 0);
		decide(&w, id);
		for (size_t i = 0; i < w.out.n; i++)
			bad += w.out.v[i].status != CHECK_ERROR ||
			       !strstr(w.out.v[i].message, desc) ||
			       !strstr(w.out.v[i].message,
				       "AccessDeniedException");
		ok(w.out.n && !bad, "%s ERROR when '%s' failed (%zu findings)",
		   id, desc, w.out.n);
		world_release(&w);
		n++;
	}
	ok(c && n, "%s needs datasets (%zu)", id, n);
	return n;
}

/*
 * For each dataset in the needs of check 'id': mark it failed alone
 * (region 0 for a regional dataset), run the check, and assert that its
 * findings are one ERROR naming that dataset; then restore the dataset.
 * Build a world whose verdict would otherwise be PASS or FAIL, with one
 * region in use. One TAP line per dataset.
 */
#define expect_errors_per_need(w, id)                                          \
	expect_errors_per_need_at((w), (id), __FILE__, __LINE__)
static inline void expect_errors_per_need_at(struct world *w, const char *id,
					     const char *file, int line)
{
	const struct check *c = check_find(id);

	if (!c || !c->needs) {
		ok(0, "%s:%d: %s is registered and needs a dataset", file, line,
		   id);
		return;
	}
	for (int d = 0; d < DS__COUNT; d++) {
		struct inv_status *st, saved;
		const char *desc = inv_dataset_desc((enum inv_dataset)d);
		const struct finding *f;

		if (!(c->needs & INV_NEED(d)))
			continue;
		st = inv_dataset_scope((enum inv_dataset)d) == INV_ACCOUNT
			     ? &w->acct.status[d]
			     : &w->regions[0].status[d];
		saved = *st;
		world_fail(w, (enum inv_dataset)d, 0);
		decide(w, id);
		f = w->out.n == 1 ? &w->out.v[0] : NULL;
		ok(f && f->status == CHECK_ERROR && strstr(f->message, desc) &&
			   strstr(f->message, "AccessDeniedException"),
		   "%s:%d: %s ERROR when '%s' failed", file, line, id, desc);
		if (!f)
			printf("#   got %zu findings\n", w->out.n);
		*st = saved;
	}
}

#endif
