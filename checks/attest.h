/*
 * attest.h -- the people-and-process checks: attested, or MANUAL
 *
 * ir_plan_tested, rpo_rto_defined, game_day_recent and
 * lessons_learned_recorded cannot be read from AWS. Each is MANUAL until
 * the policy attests it ("attestations": check, date, evidence, owner);
 * the newest attestation of the check decides:
 *
 *   at most params.attestation_max_age_days old   PASS
 *   older                                          FAIL ("last attested
 *                                                  2025-01-02, older than
 *                                                  365 days")
 *   any attestation dated after today (UTC)        ERROR: a date typo must
 *                                                  neither pass nor fail
 *                                                  silently
 *   none                                           MANUAL, saying how to
 *                                                  attest
 *
 * The policy loader already refuses future dates before an audit runs
 * (policy_check_dates()); the ERROR is for a check context built some
 * other way. Included only by those four check files: attest_run() is
 * the whole of their run().
 */
#ifndef ATTEST_H
#define ATTEST_H

#include "check.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/*
 * 'id' the check id; 'what' the practice, as a sentence fragment ("the
 * incident response plan was tested"); 'when' what to attest after ("a
 * tabletop or live test of the plan").
 */
static inline int attest_run(const struct check_ctx *cx, struct findings *out,
			     const char *id, const char *what, const char *when)
{
	const struct attestation *best = NULL, *future = NULL;
	const char *acct = cx->acct->id;
	long max = cx->params->attestation_max_age_days, age;
	char today[16] = "";
	struct tm tm;

	if (gmtime_r(&cx->now, &tm))
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	for (size_t i = 0; i < cx->nattestations; i++) {
		const struct attestation *a = &cx->attestations[i];

		if (!a->check || strcmp(a->check, id))
			continue;
		if (a->date > cx->now) {
			if (!future || a->date > future->date)
				future = a;
			continue;
		}
		if (!best || a->date > best->date)
			best = a;
	}
	if (future) {
		findings_add(out, CHECK_ERROR, "AWS::::Account", acct,
			     "the attestation of %s%s%s%s is dated %s, in the "
			     "future (today is %s): correct its date in the "
			     "policy",
			     id, future->origin ? " (" : "",
			     future->origin ? future->origin : "",
			     future->origin ? ")" : "", future->date_str,
			     today);
		return 0;
	}
	if (!best) {
		findings_add(out, CHECK_MANUAL, "AWS::::Account", acct,
			     "not attested that %s. After %s, add "
			     "{\"check\": \"%s\", \"date\": \"YYYY-MM-DD\", "
			     "\"evidence\": \"<link to the record>\", "
			     "\"owner\": \"<who>\"} to the policy's "
			     "\"attestations\"; it counts for %ld days",
			     what, when, id, max);
		return 0;
	}
	age = days_between(best->date, cx->now);
	if (age > max)
		findings_add(out, CHECK_FAIL, "AWS::::Account", acct,
			     "last attested %s by %s, older than %ld days "
			     "(%ld days ago): attest again after %s",
			     best->date_str, best->owner ? best->owner : "?",
			     max, age, when);
	else
		findings_add(out, CHECK_PASS, "AWS::::Account", acct,
			     "attested on %s by %s (%ld day%s old, within "
			     "%ld): %s",
			     best->date_str, best->owner ? best->owner : "?",
			     age, age == 1 ? "" : "s", max,
			     best->evidence ? best->evidence : "");
	return 0;
}

#endif
