/*
 * test_decide_evidence.c -- decision tables of the evidence-bucket checks
 * (versioning, Object Lock, lifecycle archive) and the attested game day
 *
 * Each case builds a small inventory (decide.h), runs one check through
 * the runner's per-scope logic and asserts status and message: PASS,
 * FAIL, NOT_APPLICABLE, ERROR (a needed dataset, an S3 call, a source of
 * evidence buckets, a future attestation), the retention boundaries
 * (limit-1, limit, limit+1 days) and the S3 status values read.
 */
#include "decide.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void set_err(struct aws_error *e, const char *code, const char *action)
{
	snprintf(e->code, sizeof(e->code), "%s", code);
	snprintf(e->action, sizeof(e->action), "%s", action);
	snprintf(e->region, sizeof(e->region), "eu-west-1");
}

/* An evidence bucket a trail delivers to, owned, in eu-west-1. */
static struct inv_bucket *bucket(struct world *w, const char *name)
{
	struct inv_bucket *b =
		INV_PUSH(&w->acct.arena[DS_S3_BUCKETS], w->acct.buckets);

	b->name = name;
	b->roles = INV_BUCKET_TRAIL;
	b->evidence = 1;
	b->owned = 1;
	b->exists = 1;
	b->location_checked = 1;
	b->region = "eu-west-1";
	b->versioning_checked = b->lock_checked = b->lifecycle_checked = 1;
	b->logging_checked = 1;
	return b;
}

/* What every evidence check does besides its own judgement. */
static void common(struct world *w, const char *id)
{
	struct inv_bucket *b;

	/* someone else's bucket: audited there */
	world_reset(w);
	b = bucket(w, "central");
	b->owned = 0;
	b->location_checked = 0;
	decide(w, id);
	expect(w, CHECK_NA, "arn:aws:s3:::central",
	       "CloudTrail bucket central is not in this account's bucket "
	       "list: it is owned by another account");

	world_reset(w);
	b = bucket(w, "ev");
	b->location_checked = 0;
	set_err(&b->location_err, "AccessDenied", "s3:GetBucketLocation");
	decide(w, id);
	expect(w, CHECK_ERROR, "arn:aws:s3:::ev",
	       "could not read the location of CloudTrail bucket ev: "
	       "AccessDenied on s3:GetBucketLocation in eu-west-1");

	/* buckets of interest that are not evidence are not judged */
	world_reset(w);
	bucket(w, "runbooks")->evidence = 0;
	decide(w, id);
	expect(w, CHECK_NA, "",
	       "no evidence bucket: the policy lists none and no CloudTrail "
	       "trail, Config delivery channel or VPC flow log delivers to S3 "
	       "in account 123456789012");

	/* a source of evidence buckets that could not be read */
	world_reset(w);
	world_fail(w, DS_CONFIG, 0);
	w->acct.bucket_sources_missing = INV_BUCKET_CONFIG;
	decide(w, id);
	expect(w, CHECK_ERROR, "",
	       "could not identify every evidence bucket of account "
	       "123456789012, so the buckets these deliver to are not "
	       "evaluated: Config delivery channels (AccessDeniedException on "
	       "test:Denied in eu-west-1) could not be read");

	/* ... unless the policy names the evidence buckets */
	world_reset(w);
	{
		static const char *const names[] = { "ev" };

		w->prm.evidence_buckets = names;
		w->prm.nevidence_buckets = 1;
	}
	world_fail(w, DS_FLOW_LOGS, 0);
	w->acct.bucket_sources_missing = INV_BUCKET_FLOW_LOGS;
	b = bucket(w, "ev");
	b->roles = INV_BUCKET_EVIDENCE;
	b->location_checked = 0;
	decide(w, id);
	expect(w, CHECK_ERROR, "arn:aws:s3:::ev",
	       "the location of evidence bucket ev");
	is_int(w->out.n, 1, "%s: named evidence buckets need no sources", id);
}

/* evidence_versioning */

static void versioning(struct world *w)
{
	struct inv_bucket *b;

	b = bucket(w, "ev");
	b->versioning = "Enabled";
	b->mfa_delete = "Enabled";
	decide(w, DECIDES("evidence_versioning"));
	expect(w, CHECK_PASS, "arn:aws:s3:::ev",
	       "CloudTrail bucket ev in eu-west-1 is versioned; MFA delete is "
	       "enabled");

	/* MFADelete: Enabled | Disabled, absent when never set */
	world_reset(w);
	b = bucket(w, "ev");
	b->versioning = "Enabled";
	b->mfa_delete = "Disabled";
	decide(w, "evidence_versioning");
	expect(w, CHECK_PASS, "arn:aws:s3:::ev",
	       "is versioned; MFA delete is not enabled");

	/* BucketVersioningStatus: Enabled | Suspended, absent when never */
	world_reset(w);
	b = bucket(w, "ev");
	b->versioning = "Suspended";
	decide(w, "evidence_versioning");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev",
	       "CloudTrail bucket ev in eu-west-1 has versioning Suspended: "
	       "overwritten or deleted objects are not kept; MFA delete is "
	       "not enabled");

	world_reset(w);
	bucket(w, "ev");
	decide(w, "evidence_versioning");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev",
	       "CloudTrail bucket ev in eu-west-1 has never been versioned: "
	       "an overwrite or delete destroys the only copy");

	world_reset(w);
	b = bucket(w, "ev");
	b->versioning_checked = 0;
	set_err(&b->versioning_err, "AccessDenied", "s3:GetBucketVersioning");
	decide(w, "evidence_versioning");
	expect(w, CHECK_ERROR, "arn:aws:s3:::ev",
	       "could not read the versioning of CloudTrail bucket ev: "
	       "AccessDenied on s3:GetBucketVersioning in eu-west-1");

	/* several buckets, each judged; roles in words */
	world_reset(w);
	b = bucket(w, "a");
	b->roles = INV_BUCKET_TRAIL | INV_BUCKET_CONFIG;
	b->versioning = "Enabled";
	b = bucket(w, "b");
	b->roles = INV_BUCKET_FLOW_LOGS;
	decide(w, "evidence_versioning");
	expect(w, CHECK_PASS, "arn:aws:s3:::a",
	       "CloudTrail and Config bucket "
	       "a in eu-west-1 is versioned");
	expect(w, CHECK_FAIL, "arn:aws:s3:::b",
	       "flow-log bucket b in eu-west-1 has never been versioned");

	common(w, "evidence_versioning");

	/* BucketVersioningStatus, MFADeleteStatus in another casing */
	world_reset(w);
	b = bucket(w, "ev");
	b->versioning = "ENABLED";
	b->mfa_delete = "enabled";
	decide(w, "evidence_versioning");
	expect(w, CHECK_PASS, "arn:aws:s3:::ev",
	       "CloudTrail bucket ev in eu-west-1 is versioned; MFA delete is "
	       "enabled");
}

/* evidence_object_lock */

static struct inv_bucket *locked(struct world *w, const char *mode, long days,
				 long years)
{
	struct inv_bucket *b = bucket(w, "ev");

	b->lock_enabled = 1;
	b->lock_mode = mode;
	b->lock_days = days;
	b->lock_years = years;
	return b;
}

static void object_lock(struct world *w)
{
	/* evidence_retention_min_days 365 */
	static const struct {
		long days, years;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ 364, 0, CHECK_FAIL,
		  "CloudTrail bucket ev in eu-west-1 locks new objects for "
		  "only "
		  "364 days (COMPLIANCE mode), fewer than the 365 days of "
		  "evidence retention" },
		{ 365, 0, CHECK_PASS,
		  "CloudTrail bucket ev in eu-west-1 locks new objects for 365 "
		  "days in COMPLIANCE mode (at least 365 required)" },
		{ 366, 0, CHECK_PASS, "locks new objects for 366 days" },
		{ 0, 1, CHECK_PASS, "locks new objects for 365 days" },
		{ 0, 7, CHECK_PASS, "locks new objects for 2555 days" },
	};
	struct inv_bucket *b;

	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		world_reset(w);
		locked(w, "COMPLIANCE", rows[i].days, rows[i].years);
		decide(w, i ? "evidence_object_lock"
			    : DECIDES("evidence_object_lock"));
		expect(w, rows[i].st, "arn:aws:s3:::ev", rows[i].msg);
	}

	/* ObjectLockRetentionMode: GOVERNANCE | COMPLIANCE */
	world_reset(w);
	locked(w, "GOVERNANCE", 400, 0);
	decide(w, "evidence_object_lock");
	expect(w, CHECK_PASS, "arn:aws:s3:::ev",
	       "locks new objects for 400 days in GOVERNANCE mode, which "
	       "holders of s3:BypassGovernanceRetention can override (at "
	       "least 365 required)");

	/* the policy's minimum */
	world_reset(w);
	w->prm.evidence_retention_min_days = 90;
	locked(w, "GOVERNANCE", 89, 0);
	decide(w, "evidence_object_lock");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev",
	       "only 89 days (GOVERNANCE mode), fewer than the 90 days");

	world_reset(w);
	locked(w, NULL, 0, 0);
	decide(w, "evidence_object_lock");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev",
	       "CloudTrail bucket ev in eu-west-1 has Object Lock enabled but "
	       "no default retention: new objects are not locked unless the "
	       "writer asks");

	world_reset(w);
	locked(w, "COMPLIANCE", 0, 0);
	decide(w, "evidence_object_lock");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev", "no default retention");

	world_reset(w);
	bucket(w, "ev");
	decide(w, "evidence_object_lock");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev",
	       "CloudTrail bucket ev in eu-west-1 does not have Object Lock "
	       "enabled: its objects can be deleted or overwritten");

	world_reset(w);
	b = bucket(w, "ev");
	b->lock_checked = 0;
	set_err(&b->lock_err, "AccessDenied", "s3:GetObjectLockConfiguration");
	decide(w, "evidence_object_lock");
	expect(w, CHECK_ERROR, "arn:aws:s3:::ev",
	       "could not read the Object Lock configuration of CloudTrail "
	       "bucket ev: AccessDenied on s3:GetObjectLockConfiguration");

	common(w, "evidence_object_lock");

	/* ObjectLockRetentionMode in another casing */
	world_reset(w);
	locked(w, "Governance", 400, 0);
	decide(w, "evidence_object_lock");
	expect(w, CHECK_PASS, "arn:aws:s3:::ev",
	       "which holders of s3:BypassGovernanceRetention can override");
}

/* evidence_lifecycle_archive */

static struct inv_lifecycle_rule *lc_rule(struct world *w, struct inv_bucket *b,
					  const char *id, const char *status)
{
	struct inv_lifecycle_rule *r;
	struct inv_lifecycle_rule *v =
		arena_alloc(&w->mem, (b->nrules + 1) * sizeof(*v));

	if (b->nrules)
		memcpy(v, b->rules, b->nrules * sizeof(*v));
	b->rules = v;
	r = &v[b->nrules++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->status = status;
	return r;
}

static struct inv_lifecycle_rule *archive(struct world *w, struct inv_bucket *b,
					  const char *cls, long days)
{
	struct inv_lifecycle_rule *r = lc_rule(w, b, "archive", "Enabled");

	r->archive_class = cls;
	r->archive_days = days;
	return r;
}

static void lifecycle(struct world *w)
{
	/* expiration and noncurrent expiration around 365 days */
	static const struct {
		long exp, noncurrent;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ 364, 0, CHECK_FAIL,
		  "CloudTrail bucket ev in eu-west-1: lifecycle rule 'expire' "
		  "expires objects after 364 days, sooner than the 365 days of "
		  "evidence retention" },
		{ 365, 0, CHECK_PASS,
		  "no rule expires them before the retention period" },
		{ 366, 0, CHECK_PASS, "no rule expires them before" },
		{ 0, 364, CHECK_FAIL,
		  "lifecycle rule 'expire' deletes noncurrent (overwritten or "
		  "deleted) versions after 364 days, sooner than the 365 "
		  "days" },
		{ 0, 365, CHECK_PASS, "and no rule expires them" },
	};
	/* the archive storage classes the collector reports */
	static const char *const classes[] = { "GLACIER", "DEEP_ARCHIVE",
					       "GLACIER_IR" };
	struct inv_bucket *b;
	struct inv_lifecycle_rule *r;

	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		world_reset(w);
		b = bucket(w, "ev");
		archive(w, b, "GLACIER", 90);
		r = lc_rule(w, b, "expire", "Enabled");
		r->expiration_days = rows[i].exp;
		r->noncurrent_expiration_days = rows[i].noncurrent;
		decide(w, i ? "evidence_lifecycle_archive"
			    : DECIDES("evidence_lifecycle_archive"));
		expect(w, rows[i].st, "arn:aws:s3:::ev", rows[i].msg);
	}

	for (size_t i = 0; i < ARRAY_LEN(classes); i++) {
		world_reset(w);
		archive(w, bucket(w, "ev"), classes[i], 30);
		decide(w, "evidence_lifecycle_archive");
		expect(w, CHECK_PASS, "arn:aws:s3:::ev",
		       w_fmt(w,
			     "CloudTrail bucket ev in eu-west-1: lifecycle "
			     "rule 'archive' moves objects to %s after 30 "
			     "days, and no rule expires them",
			     classes[i]));
	}

	world_reset(w);
	archive(w, bucket(w, "ev"), "GLACIER", -1)->prefix = "AWSLogs/";
	decide(w, "evidence_lifecycle_archive");
	expect(w, CHECK_PASS, "arn:aws:s3:::ev",
	       "lifecycle rule 'archive' (prefix AWSLogs/) moves objects to "
	       "GLACIER on a set date");

	world_reset(w);
	r = archive(w, bucket(w, "ev"), "GLACIER", 0);
	r->prefix = "AWSLogs/";
	r->filtered = 1;
	decide(w, "evidence_lifecycle_archive");
	expect(w, CHECK_PASS, "arn:aws:s3:::ev",
	       "(prefix AWSLogs/ and a filter) moves objects to GLACIER after "
	       "0 days");

	/* a dated expiration deletes everything that day */
	world_reset(w);
	b = bucket(w, "ev");
	archive(w, b, "GLACIER", 30);
	r = lc_rule(w, b, "cleanup", "Enabled");
	r->expiration_date = 1798761600L; /* 2027-01-01 */
	r->filtered = 1;
	decide(w, "evidence_lifecycle_archive");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev",
	       "lifecycle rule 'cleanup' (filtered) expires every object on "
	       "2027-01-01, sooner than the 365 days");

	/* ExpirationStatus: Enabled | Disabled; disabled rules do nothing */
	world_reset(w);
	b = bucket(w, "ev");
	archive(w, b, "GLACIER", 30);
	lc_rule(w, b, "off", "Disabled")->expiration_days = 1;
	decide(w, "evidence_lifecycle_archive");
	expect(w, CHECK_PASS, "arn:aws:s3:::ev", "and no rule expires them");

	world_reset(w);
	b = bucket(w, "ev");
	archive(w, b, "GLACIER", 30)->status = "Disabled";
	decide(w, "evidence_lifecycle_archive");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev",
	       "CloudTrail bucket ev in eu-west-1 has no enabled rule with an "
	       "archive transition: nothing moves to Glacier or Deep Archive");

	world_reset(w);
	b = bucket(w, "ev");
	lc_rule(w, b, "expire", "Enabled")->expiration_days = 3650;
	decide(w, "evidence_lifecycle_archive");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev",
	       "has no enabled rule with an archive transition");

	/* NoSuchLifecycleConfiguration: checked, no rules */
	world_reset(w);
	bucket(w, "ev");
	decide(w, "evidence_lifecycle_archive");
	expect(w, CHECK_FAIL, "arn:aws:s3:::ev",
	       "has no lifecycle configuration: nothing moves to Glacier or "
	       "Deep Archive, so keeping evidence for 365 days costs S3 "
	       "Standard prices");

	world_reset(w);
	b = bucket(w, "ev");
	b->lifecycle_checked = 0;
	set_err(&b->lifecycle_err, "AccessDenied",
		"s3:GetBucketLifecycleConfiguration");
	decide(w, "evidence_lifecycle_archive");
	expect(w, CHECK_ERROR, "arn:aws:s3:::ev",
	       "could not read the lifecycle configuration of CloudTrail "
	       "bucket ev: AccessDenied on s3:GetBucketLifecycleConfiguration");

	common(w, "evidence_lifecycle_archive");

	/* ExpirationStatus in another casing */
	world_reset(w);
	archive(w, bucket(w, "ev"), "GLACIER", 90)->status = "ENABLED";
	decide(w, "evidence_lifecycle_archive");
	expect(w, CHECK_PASS, "arn:aws:s3:::ev",
	       "lifecycle rule 'archive' moves objects to GLACIER after 90 "
	       "days");
}

/* game_day_recent: an attested practice, no AWS data */

static void attest(struct world *w, const char *check, long days_ago)
{
	struct attestation *a;
	time_t when = NOW - days_ago * DAY;
	struct tm tm;

	world_attest(w, check, when);
	a = &w->att[w->natt - 1];
	gmtime_r(&when, &tm);
	strftime(a->date_str, sizeof(a->date_str), "%Y-%m-%d", &tm);
}

static void game_day(struct world *w)
{
	/* attestation_max_age_days 365: the 365th day still counts */
	static const struct {
		long age;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ 1, CHECK_PASS,
		  "attested on 2026-11-27 by ir@example.com (1 day old, within "
		  "365): https://wiki.example/ir" },
		{ 364, CHECK_PASS, "(364 days old, within 365)" },
		{ 365, CHECK_PASS, "(365 days old, within 365)" },
		{ 366, CHECK_FAIL,
		  "last attested 2025-11-27 by ir@example.com, older than 365 "
		  "days (366 days ago): attest again after a game day" },
		{ 0, CHECK_PASS, "(0 days old, within 365)" },
	};

	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		world_reset(w);
		attest(w, "game_day_recent", rows[i].age);
		decide(w, i ? "game_day_recent" : DECIDES("game_day_recent"));
		expect(w, rows[i].st, "", rows[i].msg);
	}

	/* the newest attestation decides */
	world_reset(w);
	attest(w, "game_day_recent", 800);
	attest(w, "game_day_recent", 30);
	attest(w, "game_day_recent", 400);
	decide(w, "game_day_recent");
	expect(w, CHECK_PASS, "", "(30 days old, within 365)");

	/* the policy's limit */
	world_reset(w);
	w->prm.attestation_max_age_days = 90;
	attest(w, "game_day_recent", 91);
	decide(w, "game_day_recent");
	expect(w, CHECK_FAIL, "", "older than 90 days (91 days ago)");

	/* nothing attested (or only other practices): MANUAL */
	world_reset(w);
	attest(w, "ir_plan_tested", 10);
	decide(w, "game_day_recent");
	expect(w, CHECK_MANUAL, "",
	       "not attested that a security game day was run. After a game "
	       "day or red-team simulation");

	world_reset(w);
	decide(w, "game_day_recent");
	expect(w, CHECK_MANUAL, "",
	       "{\"check\": \"game_day_recent\", \"date\": \"YYYY-MM-DD\"");
	ok(strstr(w->out.v[0].message, "it counts for 365 days") != NULL,
	   "game day: MANUAL says how long an attestation counts");

	/* dated tomorrow: an error in the policy, whatever else is there */
	world_reset(w);
	attest(w, "game_day_recent", 10);
	attest(w, "game_day_recent", -1);
	w->att[1].origin = "policy.json: $.attestations[1]";
	decide(w, "game_day_recent");
	expect(w, CHECK_ERROR, "",
	       "the attestation of game_day_recent (policy.json: "
	       "$.attestations[1]) is dated 2026-11-29, in the future (today "
	       "is 2026-11-28): correct its date in the policy");

	/* no dataset: an account whose collection failed still decides */
	world_reset(w);
	for (int d = 0; d < DS__COUNT; d++)
		world_fail(w, (enum inv_dataset)d, 0);
	attest(w, "game_day_recent", 5);
	decide(w, "game_day_recent");
	expect(w, CHECK_PASS, "", "(5 days old, within 365)");
}

static const struct {
	const char *name;
	void (*fn)(struct world *);
} cases[] = {
	{ "evidence_versioning", versioning },
	{ "evidence_object_lock", object_lock },
	{ "evidence_lifecycle_archive", lifecycle },
	{ "game_day_recent", game_day },
};

int main(void)
{
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct check *c = check_find(cases[i].name);
		struct world w;

		printf("# %s\n", cases[i].name);
		world_init(&w);
		cases[i].fn(&w);
		world_release(&w);
		if (c && c->needs)
			expect_needs_error(cases[i].name);
	}
	return done_testing();
}
