/*
 * test_manual_checks.c -- the people-and-process checks (ir_plan_tested,
 * rpo_rto_defined, game_day_recent, lessons_learned_recorded) over check
 * contexts carrying the policy's attestations: fixtures cannot attest, so
 * PASS, FAIL (stale) and ERROR (future date) are shown here
 */
#include "check.h"
#include "irready.h"
#include "params.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

#define NOW 1795824000 /* 2026-11-28T00:00:00Z */
#define DAY 86400

static const char *const manual_ids[] = { "ir_plan_tested", "rpo_rto_defined",
					  "game_day_recent",
					  "lessons_learned_recorded" };

struct world {
	struct inventory inv;
	struct inv_account acct;
	struct params prm;
	struct findings out;
	struct attestation at[8];
	size_t nat;
};

static void world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	params_defaults(&w->prm);
	w->acct.id = "111122223333";
	w->acct.assessed = 1;
	w->inv.accounts = &w->acct;
	w->inv.naccounts = 1;
	w->inv.now = NOW;
	findings_init(&w->out);
}

/* An attestation of 'check' dated 'days' before NOW (negative: after). */
static void attest(struct world *w, const char *check, long days,
		   const char *date_str, const char *owner)
{
	struct attestation *a = &w->at[w->nat++];

	memset(a, 0, sizeof(*a));
	a->check = check;
	a->date = NOW - days * DAY;
	snprintf(a->date_str, sizeof(a->date_str), "%s", date_str);
	a->evidence = "https://wiki.example.com/ir/exercise";
	a->owner = owner;
	a->origin = "policy.json: $.attestations[0]";
}

/*
 * Run 'id' with the attestations (or none when 'with' is 0); the status
 * of its only finding, or -1. Its message is left in 'msg'.
 */
static int run(struct world *w, const char *id, int with, const char **msg)
{
	const struct check *c = check_find(id);
	struct check_ctx cx = { .inv = &w->inv,
				.acct = &w->acct,
				.params = &w->prm,
				.now = NOW,
				.attestations = with ? w->at : NULL,
				.nattestations = with ? w->nat : 0 };

	*msg = "";
	if (!c) {
		ok(0, "%s is registered", id);
		return -1;
	}
	findings_release(&w->out);
	findings_init(&w->out);
	w->out.check = c;
	w->out.account_id = w->acct.id;
	w->out.region = "global";
	c->run(&cx, &w->out);
	if (w->out.n != 1) {
		printf("# %s: %zu findings\n", id, w->out.n);
		return -1;
	}
	*msg = w->out.v[0].message;
	printf("# %s: %s: %s\n", id, status_name(w->out.v[0].status), *msg);
	return (int)w->out.v[0].status;
}

static void test_descriptors(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(manual_ids); i++) {
		const struct check *c = check_find(manual_ids[i]);

		if (!ok(c != NULL, "%s is registered", manual_ids[i]))
			continue;
		is_int(c->phase, PHASE_POST_INCIDENT, "%s: post-incident",
		       manual_ids[i]);
		is_int(c->severity, SEV_MEDIUM, "%s: medium", manual_ids[i]);
		is_int(c->scope, CHECK_SCOPE_ACCOUNT, "%s: account scope",
		       manual_ids[i]);
		is_int(c->needs, 0, "%s: needs no AWS data", manual_ids[i]);
	}
}

static void test_each(const char *id)
{
	struct world w;
	const char *msg;

	world_init(&w);
	is_int(run(&w, id, 0, &msg), CHECK_MANUAL,
	       "%s: no attestations (runner gives none) is MANUAL", id);
	ok(strstr(msg, id) && strstr(msg, "\"attestations\"") &&
		   strstr(msg, "365 days"),
	   "%s: the MANUAL message says how to attest", id);

	attest(&w, "some_other_check", 10, "2026-11-18", "nobody");
	is_int(run(&w, id, 1, &msg), CHECK_MANUAL,
	       "%s: another check's attestation does not count", id);

	attest(&w, id, 695, "2025-01-02", "alice@example.com");
	is_int(run(&w, id, 1, &msg), CHECK_FAIL,
	       "%s: an attestation 695 days old is FAIL", id);
	ok(strstr(msg, "last attested 2025-01-02") &&
		   strstr(msg, "older than 365 days"),
	   "%s: the FAIL message names the date and the limit", id);

	attest(&w, id, 88, "2026-09-01", "bob@example.com");
	is_int(run(&w, id, 1, &msg), CHECK_PASS,
	       "%s: the newest attestation (88 days) decides: PASS", id);
	ok(strstr(msg, "2026-09-01") && strstr(msg, "bob@example.com") &&
		   strstr(msg, "https://wiki.example.com/ir/exercise"),
	   "%s: the PASS message has date, owner and evidence", id);

	w.prm.attestation_max_age_days = 30;
	is_int(run(&w, id, 1, &msg), CHECK_FAIL,
	       "%s: attestation_max_age_days 30 makes 88 days stale", id);
	w.prm.attestation_max_age_days = 88;
	is_int(run(&w, id, 1, &msg), CHECK_PASS,
	       "%s: exactly attestation_max_age_days old still passes", id);
	w.prm.attestation_max_age_days = 365;

	attest(&w, id, 0, "2026-11-28", "carol@example.com");
	is_int(run(&w, id, 1, &msg), CHECK_PASS, "%s: attested today is PASS",
	       id);

	attest(&w, id, -34, "2027-01-01", "mallory@example.com");
	is_int(run(&w, id, 1, &msg), CHECK_ERROR,
	       "%s: an attestation dated in the future is ERROR", id);
	ok(strstr(msg, "2027-01-01") && strstr(msg, "future") &&
		   strstr(msg, "2026-11-28"),
	   "%s: the ERROR message names the date and today", id);
	findings_release(&w.out);
}

int main(void)
{
	test_descriptors();
	for (size_t i = 0; i < ARRAY_SIZE(manual_ids); i++)
		test_each(manual_ids[i]);
	return done_testing();
}
