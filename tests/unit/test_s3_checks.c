/*
 * test_s3_checks.c -- the S3, Backup and DLM checks over hand-built
 * inventories: the cases the fixture scenarios cannot show with the
 * default policy (a configured runbook bucket, the security account,
 * evidence_buckets), and the retention arithmetic
 */
#include "aws.h" /* aws_error_clear */
#include "check.h"
#include "irready.h"
#include "params.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

struct world {
	struct inventory inv;
	struct inv_account acct;
	struct inv_region region;
	struct params prm;
	struct findings out;
};

static void world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	params_defaults(&w->prm);
	w->acct.id = "123456789012";
	w->acct.home_region = "us-east-1";
	w->acct.assessed = 1;
	w->acct.regions = &w->region;
	w->acct.nregions = 1;
	w->region.name = "eu-west-1";
	w->inv.accounts = &w->acct;
	w->inv.naccounts = 1;
	findings_init(&w->out);
}

static void world_release(struct world *w)
{
	for (int d = 0; d < DS__COUNT; d++) {
		arena_release(&w->acct.arena[d]);
		arena_release(&w->region.arena[d]);
	}
	findings_release(&w->out);
}

/* Run check 'id'; the status of its only finding, or -1 (none or many). */
static int run_one(struct world *w, const char *id, int regional)
{
	const struct check *c = check_find(id);
	struct check_ctx cx = { .inv = &w->inv,
				.acct = &w->acct,
				.region = regional ? &w->region : NULL,
				.params = &w->prm,
				.now = 1795824000 /* 2026-11-28 */ };

	if (!c) {
		ok(0, "check %s is registered", id);
		return -1;
	}
	findings_release(&w->out);
	findings_init(&w->out);
	w->out.check = c;
	w->out.account_id = w->acct.id;
	w->out.region = regional ? w->region.name : "global";
	c->run(&cx, &w->out);
	if (w->out.n != 1) {
		printf("# %s: %zu findings\n", id, w->out.n);
		return -1;
	}
	printf("# %s: %s\n", id, w->out.v[0].message);
	return (int)w->out.v[0].status;
}

static struct inv_bucket *bucket(struct world *w, const char *name,
				 unsigned roles)
{
	struct inv_bucket *b =
		INV_PUSH(&w->acct.arena[DS_S3_BUCKETS], w->acct.buckets);

	b->name = name;
	b->roles = roles;
	return b;
}

static void test_runbooks(void)
{
	struct world w;
	struct inv_bucket *b;

	world_init(&w);
	/* issue 11: unconfigured is not failing (test_verdicts.c) */
	is_int(run_one(&w, "runbooks_cross_account", 0), CHECK_MANUAL,
	       "runbooks: no runbook_bucket, nothing named like one: MANUAL");

	w.prm.runbook_bucket = "ir-runbooks";
	b = bucket(&w, "ir-runbooks", INV_BUCKET_RUNBOOK);
	b->exists = 1;
	b->location_err.status = 403;
	snprintf(b->location_err.code, sizeof(b->location_err.code),
		 "AccessDenied");
	is_int(run_one(&w, "runbooks_cross_account", 0), CHECK_NA,
	       "runbooks: another account's bucket, unreadable, is NA");

	b->exists = -1;
	snprintf(b->location_err.code, sizeof(b->location_err.code),
		 "NoSuchBucket");
	b->location_err.status = 404;
	is_int(run_one(&w, "runbooks_cross_account", 0), CHECK_FAIL,
	       "runbooks: NoSuchBucket is FAIL");

	b->exists = 0;
	snprintf(b->location_err.code, sizeof(b->location_err.code),
		 "SlowDown");
	b->location_err.status = 503;
	is_int(run_one(&w, "runbooks_cross_account", 0), CHECK_ERROR,
	       "runbooks: a throttled probe is ERROR");

	aws_error_clear(&b->location_err);
	b->exists = 1;
	b->location_checked = 1;
	b->region = "eu-west-1";
	b->versioning_checked = 1;
	b->versioning = "Enabled";
	is_int(run_one(&w, "runbooks_cross_account", 0), CHECK_PASS,
	       "runbooks: readable, versioned, elsewhere is PASS");
	b->versioning = "Suspended";
	is_int(run_one(&w, "runbooks_cross_account", 0), CHECK_FAIL,
	       "runbooks: readable, suspended is FAIL");
	b->versioning_checked = 0;
	b->versioning_err.status = 403;
	snprintf(b->versioning_err.code, sizeof(b->versioning_err.code),
		 "AccessDenied");
	is_int(run_one(&w, "runbooks_cross_account", 0), CHECK_NA,
	       "runbooks: versioning unreadable is NA");

	b->owned = 1;
	b->versioning_checked = 1;
	b->versioning = "Enabled";
	is_int(run_one(&w, "runbooks_cross_account", 0), CHECK_FAIL,
	       "runbooks: in this (workload) account is FAIL");
	w.prm.security_account_id = "123456789012";
	is_int(run_one(&w, "runbooks_cross_account", 0), CHECK_PASS,
	       "runbooks: in the security account, versioned, is PASS");
	world_release(&w);
}

static void test_evidence(void)
{
	struct world w;
	struct inv_bucket *b;

	world_init(&w);
	is_int(run_one(&w, "evidence_object_lock", 0), CHECK_NA,
	       "evidence: no evidence bucket is NA");

	b = bucket(&w, "logs", INV_BUCKET_FLOW_LOGS);
	b->evidence = 1;
	is_int(run_one(&w, "evidence_versioning", 0), CHECK_NA,
	       "evidence: another account's bucket is NA");

	b->owned = 1;
	snprintf(b->location_err.code, sizeof(b->location_err.code),
		 "AccessDenied");
	is_int(run_one(&w, "evidence_versioning", 0), CHECK_ERROR,
	       "evidence: an unreadable location is ERROR");

	b->location_checked = 1;
	b->region = "eu-west-1";
	b->lock_checked = 1;
	b->lock_enabled = 1;
	b->lock_mode = "COMPLIANCE";
	b->lock_years = 1;
	is_int(run_one(&w, "evidence_object_lock", 0), CHECK_PASS,
	       "object lock: 1 year >= 365 days is PASS");
	b->lock_years = 0;
	b->lock_days = 90;
	is_int(run_one(&w, "evidence_object_lock", 0), CHECK_FAIL,
	       "object lock: 90 days is FAIL");
	b->lock_days = 0;
	is_int(run_one(&w, "evidence_object_lock", 0), CHECK_FAIL,
	       "object lock: enabled without default retention is FAIL");

	{
		struct inv_lifecycle_rule r[2] = { 0 };

		b->rules = r;
		b->nrules = 2;
		b->lifecycle_checked = 1;
		r[0].id = "archive";
		r[0].status = "Enabled";
		r[0].archive_class = "DEEP_ARCHIVE";
		r[0].archive_days = 90;
		r[1].id = "old-versions";
		r[1].status = "Disabled";
		r[1].noncurrent_expiration_days = 30;
		is_int(run_one(&w, "evidence_lifecycle_archive", 0), CHECK_PASS,
		       "lifecycle: archive, disabled short rule is PASS");
		r[1].status = "Enabled";
		is_int(run_one(&w, "evidence_lifecycle_archive", 0), CHECK_FAIL,
		       "lifecycle: noncurrent versions deleted after 30 "
		       "days is FAIL");
		r[1].noncurrent_expiration_days = 0;
		r[1].expiration_date = 1800000000;
		is_int(run_one(&w, "evidence_lifecycle_archive", 0), CHECK_FAIL,
		       "lifecycle: an Expiration Date is FAIL");
		b->rules = NULL;
		b->nrules = 0;
	}

	/* params.evidence_buckets: only the listed buckets are evidence */
	{
		static const char *const list[] = { "forensics" };

		w.prm.evidence_buckets = list;
		w.prm.nevidence_buckets = 1;
		b->evidence = 0;
		is_int(run_one(&w, "evidence_versioning", 0), -1,
		       "evidence: a listed bucket that nothing found adds "
		       "nothing (the runner says NOT_APPLICABLE)");
	}
	world_release(&w);
}

static void test_retention(void)
{
	struct world w;
	struct inv_dlm_policy *p;
	struct inv_dlm_schedule s = { 0 };

	world_init(&w);
	is_int(run_one(&w, "snapshot_retention_policy", 1), CHECK_NA,
	       "retention: nothing at all is NA");
	is_int(run_one(&w, "recovery_backup_plan", 1), CHECK_NA,
	       "backup plan: nothing at all is NA");
	INV_PUSH(&w.region.arena[DS_VOLUMES], w.region.volumes)->id =
		"vol-0123456789abcdef0";
	is_int(run_one(&w, "snapshot_retention_policy", 1), CHECK_FAIL,
	       "retention: volumes without a policy is FAIL");
	is_int(run_one(&w, "recovery_backup_plan", 1), CHECK_FAIL,
	       "backup plan: volumes without a plan is FAIL");

	p = INV_PUSH(&w.region.arena[DS_DLM], w.region.dlm_policies);
	p->id = "policy-0123456789abcdef0";
	p->state = "ENABLED";
	p->type = "EBS_SNAPSHOT_MANAGEMENT";
	p->detailed = 1;
	p->schedules = &s;
	p->nschedules = 1;
	s.retain_count = 400;
	s.cron = "cron(0 3 * * ? *)"; /* daily: 400 days */
	is_int(run_one(&w, "snapshot_retention_policy", 1), CHECK_PASS,
	       "retention: 400 daily (cron) snapshots is PASS");
	s.cron = "cron(0 * * * ? *)"; /* hourly: 16 days */
	is_int(run_one(&w, "snapshot_retention_policy", 1), CHECK_FAIL,
	       "retention: 400 hourly snapshots is FAIL");
	s.cron = "cron(0 3 ? * SUN *)"; /* weekly */
	s.retain_count = 53;
	is_int(run_one(&w, "snapshot_retention_policy", 1), CHECK_PASS,
	       "retention: 53 weekly snapshots is PASS");
	s.cron = NULL;
	s.retain_count = 0;
	s.retain_interval = 11;
	s.retain_unit = "MONTHS";
	is_int(run_one(&w, "snapshot_retention_policy", 1), CHECK_FAIL,
	       "retention: 11 months is FAIL");
	s.retain_interval = 53;
	s.retain_unit = "WEEKS";
	is_int(run_one(&w, "snapshot_retention_policy", 1), CHECK_PASS,
	       "retention: 53 weeks is PASS");
	p->state = "DISABLED";
	is_int(run_one(&w, "snapshot_retention_policy", 1), CHECK_FAIL,
	       "retention: a disabled policy retains nothing");
	world_release(&w);
}

static void test_backup_plan(void)
{
	struct world w;
	struct inv_backup_plan *p;
	struct inv_backup_vault *v;
	struct inv_backup_rule r = { 0 };
	struct inv_backup_copy c = { 0 };

	world_init(&w);
	p = INV_PUSH(&w.region.arena[DS_BACKUP_PLANS], w.region.backup_plans);
	p->id = "2c0ff8e2-6a4c-4d57-9d0c-8f7c1bb2a8a3";
	p->name = "daily";
	p->rules = &r;
	p->nrules = 1;
	p->nselections = 1;
	r.target_vault = "main";
	r.copies = &c;
	r.ncopies = 1;
	c.destination = "arn:aws:backup:eu-west-1:123456789012:"
			"backup-vault:other";
	v = INV_PUSH(&w.region.arena[DS_BACKUP_PLANS], w.region.backup_vaults);
	v->name = "main";
	v->locked = 1;
	is_int(run_one(&w, "recovery_backup_plan", 1), CHECK_FAIL,
	       "backup plan: a copy in the same region and account is not "
	       "off-site");
	c.destination = "arn:aws:backup:eu-west-1:210987654321:"
			"backup-vault:vault";
	is_int(run_one(&w, "recovery_backup_plan", 1), CHECK_PASS,
	       "backup plan: locked vault, cross-account copy is PASS");
	v->locked = 0;
	is_int(run_one(&w, "recovery_backup_plan", 1), CHECK_FAIL,
	       "backup plan: an unlocked vault is FAIL");
	r.delete_after_days = 0;
	is_int(run_one(&w, "snapshot_retention_policy", 1), CHECK_PASS,
	       "retention: a Backup rule without DeleteAfterDays keeps "
	       "forever");
	world_release(&w);
}

int main(void)
{
	test_runbooks();
	test_evidence();
	test_retention();
	test_backup_plan();
	return done_testing();
}
