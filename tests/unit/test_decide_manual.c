/*
 * test_decide_manual.c -- decision tables for three attested checks:
 * ir_plan_tested, lessons_learned_recorded and rpo_rto_defined (see
 * decide.h and checks/attest.h)
 *
 * The same table runs for each: no attestation is MANUAL; the newest
 * attestation decides, PASS up to params.attestation_max_age_days old
 * (365 by default) and FAIL after; a date after today is ERROR.
 */
#include "decide.h"

#include <time.h>

/* Attest 'check' 'days' before NOW (negative: after), with its date. */
static void attest(struct world *w, const char *check, long days)
{
	struct attestation *a;
	struct tm tm;

	world_attest(w, check, NOW - days * DAY);
	a = &w->att[w->natt - 1];
	gmtime_r(&a->date, &tm);
	strftime(a->date_str, sizeof(a->date_str), "%Y-%m-%d", &tm);
}

static const struct {
	long days;
	enum check_status st;
	const char *msg;
} ages[] = {
	{ 0, CHECK_PASS,
	  "attested on 2026-11-28 by ir@example.com (0 days old, within "
	  "365): https://wiki.example/ir" },
	{ 1, CHECK_PASS,
	  "attested on 2026-11-27 by ir@example.com (1 day old" },
	{ 364, CHECK_PASS, "(364 days old, within 365)" },
	{ 365, CHECK_PASS,
	  "attested on 2025-11-28 by ir@example.com (365 days "
	  "old, within 365)" },
	{ 366, CHECK_FAIL,
	  "last attested 2025-11-27 by ir@example.com, older than 365 days "
	  "(366 days ago): attest again after" },
	{ 1000, CHECK_FAIL, "older than 365 days (1000 days ago)" },
	{ -1, CHECK_ERROR,
	  "is dated 2026-11-29, in the future (today is "
	  "2026-11-28): correct its date in the policy" },
};

static void attested(struct world *w, const char *id, const char *what)
{
	/* none, or only another check's */
	attest(w, "game_day_recent", 0);
	decide(w, id);
	expect(w, CHECK_MANUAL, "",
	       w_fmt(w, "not attested that %s. After %s", what,
		     !strcmp(id, "ir_plan_tested")
			     ? "a tabletop or live test of the plan"
		     : !strcmp(id, "rpo_rto_defined")
			     ? "the owners have agreed and documented RPO and "
			       "RTO per workload"
			     : "a post-incident or post-exercise review"));
	expect(w, CHECK_MANUAL, "",
	       w_fmt(w, "{\"check\": \"%s\", \"date\": \"YYYY-MM-DD\"", id));
	expect(w, CHECK_MANUAL, "", "it counts for 365 days");

	for (size_t i = 0; i < sizeof(ages) / sizeof(ages[0]); i++) {
		w->natt = 0;
		attest(w, id, ages[i].days);
		decide(w, id);
		expect(w, ages[i].st, "", ages[i].msg);
	}

	/* the newest decides */
	w->natt = 0;
	attest(w, id, 400);
	attest(w, id, 10);
	attest(w, id, 700);
	decide(w, id);
	expect(w, CHECK_PASS, "", "(10 days old, within 365)");

	/* a future date anywhere is an ERROR, even beside a fresh one */
	attest(w, id, -30);
	decide(w, id);
	expect(w, CHECK_ERROR, "", "is dated 2026-12-28, in the future");

	/* a policy's own period */
	w->natt = 0;
	w->prm.attestation_max_age_days = 90;
	attest(w, id, 90);
	decide(w, id);
	expect(w, CHECK_PASS, "", "(90 days old, within 90)");
	w->natt = 0;
	attest(w, id, 91);
	decide(w, id);
	expect(w, CHECK_FAIL, "", "older than 90 days (91 days ago)");

	/* no owner recorded */
	w->att[0].owner = NULL;
	decide(w, id);
	expect(w, CHECK_FAIL, "", "by ?, older than 90 days");
}

static void plan_tested(struct world *w)
{
	decide(w, DECIDES("ir_plan_tested"));
	expect(w, CHECK_MANUAL, "",
	       "not attested that the incident response "
	       "plan was tested");
	attested(w, "ir_plan_tested", "the incident response plan was tested");
}

static void lessons(struct world *w)
{
	decide(w, DECIDES("lessons_learned_recorded"));
	expect(w, CHECK_MANUAL, "",
	       "not attested that lessons learned were "
	       "recorded");
	attested(w, "lessons_learned_recorded",
		 "lessons learned were recorded and their actions tracked");
}

static void rpo_rto(struct world *w)
{
	decide(w, DECIDES("rpo_rto_defined"));
	expect(w, CHECK_MANUAL, "",
	       "not attested that recovery point and "
	       "recovery time objectives are defined");
	attested(w, "rpo_rto_defined",
		 "recovery point and recovery time objectives are defined for "
		 "the workloads");
}

/* The attested checks need no dataset: a failed one does not stop them. */
static void no_needs(struct world *w)
{
	static const char *const ids[] = { "ir_plan_tested",
					   "lessons_learned_recorded",
					   "rpo_rto_defined" };

	for (int d = 0; d < DS__COUNT; d++)
		world_fail(w, (enum inv_dataset)d, 0);
	for (size_t i = 0; i < 3; i++) {
		const struct check *c = check_find(ids[i]);

		ok(c && !c->needs && c->scope == CHECK_SCOPE_ACCOUNT,
		   "%s needs no dataset", ids[i]);
		decide(w, ids[i]);
		expect(w, CHECK_MANUAL, "", "not attested that");
	}
}

static void (*const cases[])(struct world *) = {
	plan_tested,
	lessons,
	rpo_rto,
	no_needs,
};

int main(void)
{
	static struct world w;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		world_init(&w);
		cases[i](&w);
		world_release(&w);
	}
	return done_testing();
}
