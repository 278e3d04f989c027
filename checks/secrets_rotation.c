/*
 * secrets_rotation.c -- Secrets Manager secrets rotate automatically, and
 * did rotate on schedule
 *
 * A secret passes when RotationEnabled is true and its last rotation (or,
 * never rotated, its creation) is at most the rotation period plus
 * ROTATION_SLACK_DAYS old. The period is RotationRules
 * AutomaticallyAfterDays, else a "rate(N days|hours)" ScheduleExpression;
 * for a cron() schedule, whose period irready does not compute, a
 * rotation within UNKNOWN_PERIOD_DAYS is required. Replicas (PrimaryRegion
 * elsewhere) are judged in their primary region; secrets scheduled for
 * deletion are skipped. A secret another service owns (OwningService:
 * RDS's master-user secrets, ...) without rotation is NOT_APPLICABLE:
 * its rotation is set through that service.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROTATION_SLACK_DAYS 2 /* the rotation window, plus a retry */
#define UNKNOWN_PERIOD_DAYS 365

/* The rotation period in days: AutomaticallyAfterDays or rate(); 0. */
static long period_days(const struct inv_secret *s)
{
	const char *e = s->schedule;
	char *end;
	long n;

	if (s->rotation_days > 0)
		return s->rotation_days;
	if (!e || strncmp(e, "rate(", 5))
		return 0;
	n = strtol(e + 5, &end, 10);
	if (n <= 0)
		return 0;
	while (*end == ' ')
		end++;
	if (!strncmp(end, "day", 3))
		return n;
	if (!strncmp(end, "hour", 4))
		return 1;
	return 0;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_region *r = cx->region;
	size_t n = 0;

	for (size_t i = 0; i < r->secrets.n; i++) {
		const struct inv_secret *s = &r->secrets.v[i];
		long period, limit, age;
		time_t last;

		if (s->deleted ||
		    (s->primary_region && strcmp(s->primary_region, r->name)))
			continue;
		n++;
		if (!s->rotation_enabled && s->owning_service) {
			/* rotation is the owning service's setting */
			findings_add(out, CHECK_NA,
				     "AWS::SecretsManager::Secret", s->arn,
				     "secret %s in %s is managed by %s "
				     "(OwningService): its rotation is "
				     "configured through %s, not Secrets "
				     "Manager, so it is not judged here",
				     s->name, r->name, s->owning_service,
				     s->owning_service);
			continue;
		}
		if (!s->rotation_enabled) {
			findings_add(out, CHECK_FAIL,
				     "AWS::SecretsManager::Secret", s->arn,
				     "secret %s in %s does not rotate "
				     "automatically%s",
				     s->name, r->name,
				     s->last_rotated ? "" : " and never has");
			continue;
		}
		period = period_days(s);
		limit = period ? period + ROTATION_SLACK_DAYS
			       : UNKNOWN_PERIOD_DAYS;
		last = s->last_rotated ? s->last_rotated : s->created;
		age = last ? days_between(last, cx->now) : -1;
		if (age < 0)
			findings_add(out, CHECK_FAIL,
				     "AWS::SecretsManager::Secret", s->arn,
				     "secret %s in %s has rotation enabled but "
				     "no known rotation or creation date",
				     s->name, r->name);
		else if (age > limit && s->last_rotated)
			findings_add(
				out, CHECK_FAIL, "AWS::SecretsManager::Secret",
				s->arn,
				"secret %s in %s was last rotated %ld days "
				"ago, but should rotate every %s%ld days: "
				"its rotation is failing",
				s->name, r->name, age,
				period ? "" : "(cron schedule, at least) ",
				period ? period : (long)UNKNOWN_PERIOD_DAYS);
		else if (age > limit)
			findings_add(out, CHECK_FAIL,
				     "AWS::SecretsManager::Secret", s->arn,
				     "secret %s in %s has rotation enabled but "
				     "has not rotated since it was created %ld "
				     "days ago: its rotation is failing",
				     s->name, r->name, age);
		else {
			char sched[160];

			if (period)
				snprintf(sched, sizeof(sched),
					 "every %ld day%s", period,
					 period == 1 ? "" : "s");
			else
				snprintf(sched, sizeof(sched), "on %s",
					 s->schedule ? s->schedule
						     : "a schedule");
			findings_add(out, CHECK_PASS,
				     "AWS::SecretsManager::Secret", s->arn,
				     "secret %s in %s rotates %s (%s %ld day%s "
				     "ago)",
				     s->name, r->name, sched,
				     s->last_rotated ? "last rotated"
						     : "created",
				     age, age == 1 ? "" : "s");
		}
	}
	if (!n)
		findings_add(out, CHECK_NA, "AWS::SecretsManager::Secret",
			     r->name, "no Secrets Manager secrets in %s",
			     r->name);
	return 0;
}

const struct check check_secrets_rotation = {
	.id = "secrets_rotation",
	.title = "Secrets Manager secrets rotate automatically",
	.phase = PHASE_CONTAINMENT,
	.severity = SEV_MEDIUM,
	.scope = CHECK_SCOPE_REGION,
	.needs = NEED_SECRETS,
	.guidance = "Contain: be able to revoke leaked credentials quickly",
	.rationale = "When a secret leaks, containment means rotating it "
		     "now. A secret with working automatic rotation can be "
		     "rotated on demand in minutes by a tested Lambda; one "
		     "that never rotated is rotated by hand, under pressure, "
		     "by someone hunting for every consumer.",
	.remediation = "1. Attach a rotation function (the AWS templates "
		       "cover RDS, Redshift and DocumentDB) and a schedule.\n"
		       "2. Rotate once immediately and check the application "
		       "picks up the new value.\n"
		       "3. Alarm on RotationFailed events from Secrets "
		       "Manager.",
	.cli_fix = "aws secretsmanager rotate-secret --secret-id <SECRET> "
		   "--rotation-lambda-arn <LAMBDA_ARN> --rotation-rules "
		   "'{\"AutomaticallyAfterDays\": 30}'",
	.cfn = "SecretRotation:\n  Type: "
	       "AWS::SecretsManager::RotationSchedule\n"
	       "  Properties:\n    SecretId: !Ref Secret\n"
	       "    RotationLambdaARN: !GetAtt RotationFunction.Arn\n"
	       "    RotationRules:\n      AutomaticallyAfterDays: 30",
	.doc_url = "https://docs.aws.amazon.com/secretsmanager/latest/"
		   "userguide/rotating-secrets.html",
	.frameworks = "FSBP:SecretsManager.1;FSBP:SecretsManager.2;"
		      "FSBP:SecretsManager.4;SEC02-BP03;NIST-CSF-2.0:PR.AA-01",
	.extra_actions = NULL,
	.run = run,
};
