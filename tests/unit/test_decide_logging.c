/*
 * test_decide_logging.c -- decision tables of the logging checks:
 * CloudTrail (multi-region, integrity, CloudWatch Logs delivery, its
 * bucket's owner and access logging), the CIS metric-filter baseline,
 * dashboards, AWS Config recorders and delivery channels, and Route 53
 * Resolver query logging
 *
 * Each case builds a small inventory (decide.h), runs one check through
 * the runner's per-scope logic and asserts status and message: PASS,
 * FAIL, NOT_APPLICABLE, ERROR for every needed dataset, the delivery-age
 * boundary and the status values AWS documents for the fields read.
 */
#include "decide.h"

static struct inv_trail *trail(struct world *w, const char *name, int multi)
{
	struct inv_trail *t =
		INV_PUSH(&w->acct.arena[DS_CLOUDTRAIL], w->acct.trails);

	t->name = name;
	t->arn = w_fmt(w, "arn:aws:cloudtrail:eu-west-1:123456789012:trail/%s",
		       name);
	t->home_region = "eu-west-1";
	t->multi_region = multi;
	return t;
}

/* A trail that logs read and write management events everywhere. */
static struct inv_trail *good_trail(struct world *w, const char *name)
{
	struct inv_trail *t = trail(w, name, 1);

	t->status_checked = t->selectors_checked = 1;
	t->is_logging = t->mgmt_read = t->mgmt_write = 1;
	return t;
}

static struct inv_bucket *bucket(struct world *w, const char *name, int owned)
{
	struct inv_bucket *b =
		INV_PUSH(&w->acct.arena[DS_S3_BUCKETS], w->acct.buckets);

	b->name = name;
	b->roles = INV_BUCKET_TRAIL;
	b->owned = owned;
	b->exists = owned ? 1 : 0;
	b->location_checked = owned;
	b->region = owned ? "eu-west-1" : NULL;
	return b;
}

static void set_err(struct aws_error *e, const char *code, const char *action)
{
	snprintf(e->code, sizeof(e->code), "%s", code);
	snprintf(e->action, sizeof(e->action), "%s", action);
	snprintf(e->region, sizeof(e->region), "eu-west-1");
}

/* cloudtrail_multi_region */

static void org_trail_once(struct world *w);

static void multi_region(struct world *w)
{
	static const struct {
		int logging, read, write;
		const char *msg;
	} bad[] = {
		{ 0, 1, 1,
		  "no multi-region trail records all management "
		  "events: trail 'all' is not logging" },
		{ 1, 0, 0, "trail 'all' does not log management events" },
		{ 1, 0, 1, "trail 'all' logs only write management events" },
		{ 1, 1, 0, "trail 'all' logs only read management events" },
	};
	struct inv_trail *t;

	good_trail(w, "all");
	decide(w, DECIDES("cloudtrail_multi_region"));
	expect(w, CHECK_PASS, "trail/all",
	       "trail 'all' (home eu-west-1) is logging read and write "
	       "management events in every region");

	world_reset(w);
	good_trail(w, "org")->organization = 1;
	decide(w, "cloudtrail_multi_region");
	expect(w, CHECK_PASS, "trail/org", "organization trail 'org'");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		world_reset(w);
		t = good_trail(w, "all");
		t->is_logging = bad[i].logging;
		t->mgmt_read = bad[i].read;
		t->mgmt_write = bad[i].write;
		decide(w, "cloudtrail_multi_region");
		expect(w, CHECK_FAIL, "", bad[i].msg);
	}

	/* any good multi-region trail will do; the bad ones are listed */
	world_reset(w);
	good_trail(w, "stopped")->is_logging = 0;
	good_trail(w, "good");
	decide(w, "cloudtrail_multi_region");
	expect(w, CHECK_PASS, "trail/good", "trail 'good'");

	world_reset(w);
	good_trail(w, "a")->is_logging = 0;
	good_trail(w, "b")->mgmt_read = 0;
	decide(w, "cloudtrail_multi_region");
	expect(w, CHECK_FAIL, "",
	       "trail 'a' is not logging; trail 'b' logs only write");

	/* a single-region trail, however good, covers one region */
	world_reset(w);
	good_trail(w, "local")->multi_region = 0;
	decide(w, "cloudtrail_multi_region");
	expect(w, CHECK_FAIL, "",
	       "no multi-region CloudTrail trail in account 123456789012 (1 "
	       "single-region trail): API activity in other regions");

	/* no trail at all is a FAIL, not NOT_APPLICABLE */
	world_reset(w);
	decide(w, "cloudtrail_multi_region");
	expect(w, CHECK_FAIL, "", "(0 single-region trails)");

	/* an organization trail whose selectors a member cannot read is
	 * that trail's ERROR, its owner named; a good trail still passes */
	world_reset(w);
	t = trail(w, "org", 1);
	t->arn = "arn:aws:cloudtrail:us-east-1:999988887777:trail/org";
	t->organization = 1;
	t->status_checked = t->is_logging = 1;
	set_err(&t->detail_err, "TrailNotFoundException",
		"cloudtrail:GetEventSelectors");
	decide(w, "cloudtrail_multi_region");
	expect(w, CHECK_ERROR, "trail/org",
	       "organization trail 'org' (home eu-west-1, account "
	       "999988887777) covers every region, but whether it is logging "
	       "all management events could not be read from account "
	       "123456789012 (TrailNotFoundException");
	ok(!strstr(w->out.v[0].message, "could not be assessed"),
	   "cloudtrail_multi_region: no unassessed note outside --org");
	/* --org whose owner could not be assessed: judged here, and said */
	w_org_unassessed(w, "999988887777");
	decide(w, "cloudtrail_multi_region");
	expect(w, CHECK_ERROR, "trail/org", "(TrailNotFoundException");
	expect(w, CHECK_ERROR, "trail/org",
	       "; account 999988887777, which owns it, could not be assessed "
	       "in this --org run, so it is not judged there");
	good_trail(w, "own");
	decide(w, "cloudtrail_multi_region");
	expect(w, CHECK_PASS, "trail/own", "trail 'own'");
	org_trail_once(w);
}

/*
 * --org: an organization trail its owner's account read is judged there,
 * once; the member's findings on it are NOT_APPLICABLE naming the owner,
 * whatever they would have said (ERROR, FAIL or PASS)
 */
static void org_trail_once(struct world *w)
{
	static const char *const arn =
		"arn:aws:cloudtrail:us-east-1:999988887777:trail/org";
	static const char *const checks[] = {
		"cloudtrail_multi_region", "cloudtrail_integrity",
		"cloudtrail_cloudwatch_logs",
		"cloudtrail_bucket_separate_account"
	};
	struct inv_trail *t;

	for (size_t i = 0; i < 4; i++) {
		world_reset(w);
		t = trail(w, "org", 1);
		t->arn = arn;
		t->organization = 1;
		t->status_checked = t->is_logging = 1;
		set_err(&t->detail_err, "TrailNotFoundException",
			"cloudtrail:GetEventSelectors");
		w_org_mech(w, INV_ORG_TRAIL, "999988887777", "us-east-1", arn);
		decide(w, checks[i]);
		expect(w, CHECK_NA, "trail/org",
		       "organization trail 'org' (home eu-west-1) covers "
		       "account 123456789012;");
		expect(w, CHECK_NA, "trail/org",
		       "judged in account 999988887777, which owns it");
	}

	/* in the owner's account the trail is judged as usual */
	world_reset(w);
	w->acct.id = "999988887777";
	t = good_trail(w, "org");
	t->arn = arn;
	t->organization = 1;
	w_org_mech(w, INV_ORG_TRAIL, "999988887777", "us-east-1", arn);
	decide(w, "cloudtrail_multi_region");
	expect(w, CHECK_PASS, "trail/org", "organization trail 'org'");
	decide(w, "cloudtrail_integrity");
	expect(w, CHECK_FAIL, "trail/org", "has log file validation off");

	/* a trail that is not an organization trail is never excused */
	world_reset(w);
	t = trail(w, "org", 1);
	t->arn = arn;
	w_org_mech(w, INV_ORG_TRAIL, "999988887777", "us-east-1", arn);
	decide(w, "cloudtrail_integrity");
	expect(w, CHECK_FAIL, "trail/org", "has log file validation off");

	/*
	 * --org whose owner could not be assessed: the member judges the
	 * trail from what it sees and every message says why; outside --org
	 * (or when the owner was assessed) no such note
	 */
	for (size_t i = 1; i < 4; i++) {
		static const char note[] =
			"(judged here, from what this account sees: the "
			"account that owns this organization trail could not "
			"be assessed in this --org run)";

		world_reset(w);
		t = good_trail(w, "org");
		t->arn = arn;
		t->organization = 1;
		decide(w, checks[i]);
		ok(w->out.n && !strstr(w->out.v[0].message, note),
		   "%s: no fallback note outside --org", checks[i]);
		w_org_unassessed(w, "999988887777");
		decide(w, checks[i]);
		expect(w, i == 3 ? CHECK_PASS : CHECK_FAIL, "trail/org", note);
		ok(w->out.n == 1 && w->out.v[0].status != CHECK_NA,
		   "%s: judged in the member, not NOT_APPLICABLE", checks[i]);
		/* its own trail in the owner's account: no note */
		w->acct.id = "999988887777";
		decide(w, checks[i]);
		ok(w->out.n && !strstr(w->out.v[0].message, note),
		   "%s: no fallback note in the owner's own account",
		   checks[i]);
	}
}

/* cloudtrail_integrity */

static void integrity(struct world *w)
{
	struct inv_trail *t;

	t = trail(w, "t", 1);
	t->log_validation = 1;
	t->kms_key = "arn:aws:kms:eu-west-1:123456789012:key/k";
	decide(w, DECIDES("cloudtrail_integrity"));
	expect(w, CHECK_PASS, "trail/t",
	       "trail 't' (home eu-west-1) validates its log files and "
	       "encrypts them with arn:aws:kms:eu-west-1:123456789012:key/k");

	world_reset(w);
	trail(w, "t", 1)->kms_key = "arn:aws:kms:eu-west-1:1:key/k";
	decide(w, "cloudtrail_integrity");
	expect(w, CHECK_FAIL, "trail/t",
	       "trail 't' (home eu-west-1) has log file validation off, so "
	       "edited or deleted log files go unnoticed");
	ok(!strstr(w->out.v[0].message, "KMS"),
	   "integrity: an encrypted trail is not said to lack KMS");

	world_reset(w);
	trail(w, "t", 0)->log_validation = 1;
	decide(w, "cloudtrail_integrity");
	expect(w, CHECK_FAIL, "trail/t",
	       "trail 't' (home eu-west-1) is not encrypted with a KMS key "
	       "(SSE-KMS)");

	world_reset(w);
	trail(w, "t", 1);
	decide(w, "cloudtrail_integrity");
	expect(w, CHECK_FAIL, "trail/t",
	       "go unnoticed, and is not encrypted with a KMS key");

	/* every trail is judged */
	world_reset(w);
	t = trail(w, "good", 1);
	t->log_validation = 1;
	t->kms_key = "k";
	trail(w, "bad", 1);
	decide(w, "cloudtrail_integrity");
	expect(w, CHECK_PASS, "trail/good", "validates");
	expect(w, CHECK_FAIL, "trail/bad", "validation off");

	world_reset(w);
	decide(w, "cloudtrail_integrity");
	expect(w, CHECK_NA, "", "no CloudTrail trails in account 123456789012");
}

/* cloudtrail_cloudwatch_logs */

#define GROUP "arn:aws:logs:eu-west-1:123456789012:log-group:ct-logs:*"

static void cloudwatch_logs(struct world *w)
{
	/* delivered within the last day passes; a day and a second fails */
	static const struct {
		long age;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ 600, CHECK_PASS,
		  "trail 't' (home eu-west-1) delivered to log group ct-logs "
		  "10 minutes ago" },
		{ DAY - 1, CHECK_PASS, "1439 minutes ago" },
		{ DAY, CHECK_PASS, "1440 minutes ago" },
		{ DAY + 1, CHECK_FAIL,
		  "trail 't' (home eu-west-1) last delivered to log group "
		  "ct-logs 1 day ago" },
		{ 3 * DAY, CHECK_FAIL, "3 days ago" },
		{ -3600, CHECK_PASS, "0 minutes ago" }, /* clock skew */
	};
	struct inv_trail *t;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		world_reset(w);
		t = trail(w, "t", 1);
		t->log_group = GROUP;
		t->status_checked = 1;
		t->latest_cwl_delivery = NOW - rows[i].age;
		decide(w, i ? "cloudtrail_cloudwatch_logs"
			    : DECIDES("cloudtrail_cloudwatch_logs"));
		expect(w, rows[i].st, "trail/t", rows[i].msg);
	}

	/* GetTrailStatus' LatestCloudWatchLogsDeliveryError is quoted */
	world_reset(w);
	t = trail(w, "t", 1);
	t->log_group = GROUP;
	t->status_checked = 1;
	t->latest_cwl_delivery = NOW - 5 * DAY;
	t->cwl_delivery_error = "AccessDeniedException";
	decide(w, "cloudtrail_cloudwatch_logs");
	expect(w, CHECK_FAIL, "trail/t", "5 days ago: AccessDeniedException");

	world_reset(w);
	t = trail(w, "t", 1);
	t->log_group = "arn:aws:logs:eu-west-1:123456789012:log-group:plain";
	t->status_checked = 1;
	t->cwl_delivery_error = "ResourceNotFoundException";
	decide(w, "cloudtrail_cloudwatch_logs");
	expect(w, CHECK_FAIL, "trail/t",
	       "names log group plain but has never delivered to it: "
	       "ResourceNotFoundException");

	world_reset(w);
	trail(w, "t", 1)->log_group = GROUP;
	decide(w, "cloudtrail_cloudwatch_logs");
	expect(w, CHECK_FAIL, "trail/t", "has never delivered to it");

	/* GetTrailStatus answered an error: that trail's ERROR */
	world_reset(w);
	t = trail(w, "t", 1);
	t->log_group = GROUP;
	t->organization = 1;
	set_err(&t->detail_err, "AccessDeniedException",
		"cloudtrail:GetTrailStatus");
	decide(w, "cloudtrail_cloudwatch_logs");
	expect(w, CHECK_ERROR, "trail/t",
	       "organization trail 't' (home eu-west-1) names log group "
	       "ct-logs, but its status could not be read from account "
	       "123456789012 (AccessDeniedException");

	world_reset(w);
	trail(w, "t", 0);
	decide(w, "cloudtrail_cloudwatch_logs");
	expect(w, CHECK_FAIL, "trail/t",
	       "does not deliver to CloudWatch Logs: no metric filter");

	world_reset(w);
	decide(w, "cloudtrail_cloudwatch_logs");
	expect(w, CHECK_NA, "", "no CloudTrail trails in account");
}

/* cloudtrail_bucket_separate_account */

static void separate_account(struct world *w)
{
	trail(w, "t", 1)->bucket = "central-trail";
	decide(w, DECIDES("cloudtrail_bucket_separate_account"));
	expect(w, CHECK_PASS, "trail/t",
	       "trail 't' delivers to central-trail, which is not in this "
	       "account's bucket list: another account owns it");

	/* listed but not owned: the same */
	world_reset(w);
	trail(w, "t", 1)->bucket = "central-trail";
	bucket(w, "central-trail", 0);
	decide(w, "cloudtrail_bucket_separate_account");
	expect(w, CHECK_PASS, "trail/t", "another account owns it");

	world_reset(w);
	trail(w, "t", 1)->bucket = "local-trail";
	bucket(w, "local-trail", 1);
	decide(w, "cloudtrail_bucket_separate_account");
	expect(w, CHECK_FAIL, "trail/t",
	       "trail 't' delivers to local-trail, a bucket in this account: "
	       "anyone who takes over account 123456789012 can delete");

	/* an organization trail is the management account's, bucket or not */
	world_reset(w);
	trail(w, "org", 1)->organization = 1;
	w->acct.trails.v[0].bucket = "local-trail";
	bucket(w, "local-trail", 1);
	decide(w, "cloudtrail_bucket_separate_account");
	expect(w, CHECK_PASS, "trail/org",
	       "trail 'org' is an organization trail: its logs are delivered "
	       "under the management account's control, to local-trail");

	world_reset(w);
	trail(w, "t", 1);
	decide(w, "cloudtrail_bucket_separate_account");
	expect(w, CHECK_FAIL, "trail/t", "trail 't' names no S3 bucket");

	world_reset(w);
	decide(w, "cloudtrail_bucket_separate_account");
	expect(w, CHECK_NA, "", "nothing to evaluate");
}

/* cloudtrail_bucket_access_logging */

static void access_logging(struct world *w)
{
	struct inv_bucket *b;

	trail(w, "t", 1)->bucket = "trail-logs";
	b = bucket(w, "trail-logs", 1);
	b->logging_checked = 1;
	b->log_target = "access-logs";
	b->log_prefix = "trail-logs/";
	decide(w, DECIDES("cloudtrail_bucket_access_logging"));
	expect(w, CHECK_PASS, "arn:aws:s3:::trail-logs",
	       "trail bucket trail-logs in eu-west-1 logs its access to "
	       "access-logs/trail-logs/");

	/* two trails, one bucket: one finding */
	world_reset(w);
	trail(w, "t", 1)->bucket = "trail-logs";
	trail(w, "u", 0)->bucket = "trail-logs";
	bucket(w, "trail-logs", 1)->logging_checked = 1;
	decide(w, "cloudtrail_bucket_access_logging");
	is_int(w->out.n, 1, "access logging: one finding per bucket");
	expect(w, CHECK_FAIL, "arn:aws:s3:::trail-logs",
	       "trail bucket trail-logs in eu-west-1 (trail 't') has no "
	       "server access logging");

	world_reset(w);
	trail(w, "t", 1)->bucket = "central";
	decide(w, "cloudtrail_bucket_access_logging");
	expect(w, CHECK_NA, "arn:aws:s3:::central",
	       "trail 't' delivers to central, which is not in this "
	       "account's bucket list: it is owned by another account");

	world_reset(w);
	trail(w, "t", 1)->bucket = "central";
	bucket(w, "central", 0);
	decide(w, "cloudtrail_bucket_access_logging");
	expect(w, CHECK_NA, "arn:aws:s3:::central",
	       "audit its access logging "
	       "there");

	world_reset(w);
	trail(w, "t", 1)->bucket = "trail-logs";
	b = bucket(w, "trail-logs", 1);
	b->location_checked = 0;
	set_err(&b->location_err, "AccessDenied", "s3:GetBucketLocation");
	decide(w, "cloudtrail_bucket_access_logging");
	expect(w, CHECK_ERROR, "arn:aws:s3:::trail-logs",
	       "could not read the access logging of trail bucket "
	       "trail-logs: AccessDenied on s3:GetBucketLocation in "
	       "eu-west-1");

	world_reset(w);
	trail(w, "t", 1)->bucket = "trail-logs";
	b = bucket(w, "trail-logs", 1);
	set_err(&b->logging_err, "AccessDenied", "s3:GetBucketLogging");
	decide(w, "cloudtrail_bucket_access_logging");
	expect(w, CHECK_ERROR, "arn:aws:s3:::trail-logs",
	       "trail-logs: AccessDenied on s3:GetBucketLogging");

	/* no trail, or no trail with a bucket: nothing to evaluate */
	world_reset(w);
	trail(w, "t", 1);
	decide(w, "cloudtrail_bucket_access_logging");
	expect(w, CHECK_NA, "", "nothing to evaluate in 123456789012");

	world_reset(w);
	decide(w, "cloudtrail_bucket_access_logging");
	expect(w, CHECK_NA, "", "nothing to evaluate");
}

/* cloudwatch_dashboards (dashboards are global: one account dataset) */

static void dashboard(struct world *w, const char *name)
{
	struct inv_dashboard *d =
		INV_PUSH(&w->acct.arena[DS_DASHBOARDS], w->acct.dashboards);

	d->name = name;
	d->arn =
		w_fmt(w, "arn:aws:cloudwatch::123456789012:dashboard/%s", name);
}

static void dashboards(struct world *w)
{
	dashboard(w, "ir");
	decide(w, DECIDES("cloudwatch_dashboards"));
	expect(w, CHECK_PASS, "arn:aws:cloudwatch::123456789012:dashboard/ir",
	       "1 CloudWatch dashboard, e.g. 'ir' (dashboards are global: "
	       "one can graph every region)");

	world_reset(w);
	world_regions(w, 3);
	dashboard(w, "ops");
	dashboard(w, "a");
	dashboard(w, "b");
	decide(w, "cloudwatch_dashboards");
	expect(w, CHECK_PASS, "", "3 CloudWatch dashboards, e.g. 'ops'");

	world_reset(w);
	world_regions(w, 3);
	decide(w, "cloudwatch_dashboards");
	expect(w, CHECK_FAIL, "",
	       "no CloudWatch dashboard in account 123456789012");

	/* a region's failures elsewhere do not matter: collected once */
	world_reset(w);
	world_regions(w, 3);
	world_fail(w, DS_VPC, 2);
	dashboard(w, "ir");
	decide(w, "cloudwatch_dashboards");
	expect(w, CHECK_PASS, "", "e.g. 'ir'");

	world_reset(w);
	world_fail(w, DS_DASHBOARDS, 0);
	decide(w, "cloudwatch_dashboards");
	expect(w, CHECK_ERROR, "",
	       "could not collect CloudWatch dashboards: "
	       "AccessDeniedException on test:Denied in global");
}

/* config_recorder_all_regions, config_delivery_stream */

static struct inv_config_recorder *recorder(struct world *w, int r,
					    const char *name)
{
	struct inv_config_recorder *c = INV_PUSH(
		&w->regions[r].arena[DS_CONFIG], w->regions[r].recorders);

	c->name = name;
	c->role_arn = "arn:aws:iam::123456789012:role/config";
	c->all_supported = c->include_global = 1;
	c->has_status = c->recording = 1;
	c->last_status = "Success";
	return c;
}

static struct inv_delivery_channel *channel(struct world *w, int r,
					    const char *name, const char *topic)
{
	struct inv_delivery_channel *c = INV_PUSH(
		&w->regions[r].arena[DS_CONFIG], w->regions[r].channels);

	c->name = name;
	c->bucket = "config-bucket";
	c->sns_topic = topic;
	return c;
}

static void config_recorder(struct world *w)
{
	/*
	 * ConfigurationRecorderStatus lastStatus: Pending | Success | Failure
	 * | NotApplicable; only a failure (or a value AWS does not document)
	 * is a finding
	 */
	static const struct {
		const char *status, *error;
		enum check_status st;
		const char *msg;
	} last[] = {
		{ "Success", NULL, CHECK_PASS,
		  "records all supported types and delivers" },
		{ "Pending", NULL, CHECK_PASS, "records all supported types" },
		{ "NotApplicable", NULL, CHECK_PASS,
		  "records all supported types" },
		{ NULL, NULL, CHECK_PASS, "records all supported types" },
		{ "Failure", "AccessDenied", CHECK_FAIL,
		  "Config recorder 'default' in eu-west-1 last reported "
		  "Failure: AccessDenied" },
		{ "Failure", NULL, CHECK_FAIL, "last reported Failure" },
		{ "Stalled", NULL, CHECK_FAIL, "last reported Stalled" },
	};

	recorder(w, 0, "default");
	channel(w, 0, "default", NULL);
	decide(w, DECIDES("config_recorder_all_regions"));
	expect(w, CHECK_PASS, "recorder/default",
	       "Config recorder 'default' in eu-west-1 records all supported "
	       "types including global ones and delivers to "
	       "s3://config-bucket");

	for (size_t i = 0; i < sizeof(last) / sizeof(last[0]); i++) {
		world_reset(w);
		recorder(w, 0, "default")->last_status = last[i].status;
		w->regions[0].recorders.v[0].last_error_code = last[i].error;
		w->regions[0].recorders.v[0].include_global = 0;
		channel(w, 0, "default", NULL);
		/* us-east-1 records the global types */
		world_regions(w, 2);
		recorder(w, 1, "global");
		decide(w, "config_recorder_all_regions");
		expect(w, last[i].st, "recorder/default", last[i].msg);
	}

	world_reset(w);
	recorder(w, 0, "default")->recording = 0;
	channel(w, 0, "default", NULL);
	decide(w, "config_recorder_all_regions");
	expect(w, CHECK_FAIL, "recorder/default",
	       "Config recorder 'default' in eu-west-1 is not recording");

	/* DescribeConfigurationRecorderStatus did not list it */
	world_reset(w);
	recorder(w, 0, "default")->has_status = 0;
	channel(w, 0, "default", NULL);
	decide(w, "config_recorder_all_regions");
	expect(w, CHECK_FAIL, "recorder/default", "is not recording");

	world_reset(w);
	recorder(w, 0, "default")->all_supported = 0;
	channel(w, 0, "default", NULL);
	decide(w, "config_recorder_all_regions");
	expect(w, CHECK_FAIL, "recorder/default",
	       "records only selected resource types");

	world_reset(w);
	recorder(w, 0, "default");
	decide(w, "config_recorder_all_regions");
	expect(w, CHECK_FAIL, "recorder/default",
	       "Config recorder 'default' in eu-west-1 has no delivery "
	       "channel");

	/* a recorder that records is preferred to one that does not */
	world_reset(w);
	recorder(w, 0, "off")->recording = 0;
	recorder(w, 0, "on");
	channel(w, 0, "default", NULL);
	decide(w, "config_recorder_all_regions");
	expect(w, CHECK_PASS, "recorder/on", "Config recorder 'on'");

	/* no recorder is a FAIL in every region, not NOT_APPLICABLE */
	world_reset(w);
	world_regions(w, 2);
	recorder(w, 1, "default");
	channel(w, 1, "default", NULL);
	decide(w, "config_recorder_all_regions");
	expect(w, CHECK_FAIL, "eu-west-1:123456789012:recorder",
	       "no AWS Config recorder in eu-west-1: resource history is "
	       "lost");
	expect(w, CHECK_PASS, "us-east-1:123456789012:recorder/default",
	       "in us-east-1 records all");

	/*
	 * global resource types: one region's recorder is enough; when none
	 * includes them the home region (eu-west-1) FAILs, the others pass
	 */
	world_reset(w);
	world_regions(w, 2);
	recorder(w, 0, "default")->include_global = 0;
	channel(w, 0, "default", NULL);
	recorder(w, 1, "default");
	channel(w, 1, "default", NULL);
	decide(w, "config_recorder_all_regions");
	expect_all(w, CHECK_PASS, 2);

	w->regions[1].recorders.v[0].include_global = 0;
	decide(w, "config_recorder_all_regions");
	expect(w, CHECK_FAIL, "eu-west-1:123456789012:recorder/default",
	       "no recording Config recorder in any region includes global "
	       "resource types (includeGlobalResourceTypes): changes to IAM "
	       "users, roles and policies go unrecorded; include them in one "
	       "region, e.g. in recorder 'default' in eu-west-1");
	expect(w, CHECK_PASS, "us-east-1:123456789012:recorder/default",
	       "records all supported types and");

	/* a recorder that includes them but does not record does not count */
	w->regions[1].recorders.v[0].include_global = 1;
	w->regions[1].recorders.v[0].recording = 0;
	decide(w, "config_recorder_all_regions");
	expect(w, CHECK_FAIL, "eu-west-1:123456789012:recorder/default",
	       "no recording Config recorder in any region includes global");

	/* the other region could not be read: ERROR, naming it */
	w->regions[1].recorders.v[0].recording = 1;
	w->regions[1].recorders.v[0].include_global = 0;
	world_fail(w, DS_CONFIG, 1);
	decide(w, "config_recorder_all_regions");
	expect(w, CHECK_ERROR, "eu-west-1:123456789012:recorder/default",
	       "no audited region's recorder includes global resource types "
	       "(IAM) and the recorders of us-east-1 could not be read");
}

static void delivery_stream(struct world *w)
{
	recorder(w, 0, "default");
	channel(w, 0, "default", "arn:aws:sns:eu-west-1:123456789012:config");
	decide(w, DECIDES("config_delivery_stream"));
	expect(w, CHECK_PASS, "delivery-channel/default",
	       "Config delivery channel 'default' in eu-west-1 streams "
	       "changes to arn:aws:sns:eu-west-1:123456789012:config");

	world_reset(w);
	recorder(w, 0, "default");
	channel(w, 0, "default", NULL);
	decide(w, "config_delivery_stream");
	expect(w, CHECK_FAIL, "delivery-channel/default",
	       "Config delivery channel 'default' in eu-west-1 has no SNS "
	       "topic");

	world_reset(w);
	channel(w, 0, NULL, NULL);
	channel(w, 0, "second", "arn:aws:sns:eu-west-1:123456789012:c");
	decide(w, "config_delivery_stream");
	expect(w, CHECK_FAIL, "delivery-channel/?", "channel '?' in eu-west-1");
	expect(w, CHECK_PASS, "delivery-channel/second", "streams changes");

	world_reset(w);
	recorder(w, 0, "default");
	decide(w, "config_delivery_stream");
	expect(w, CHECK_FAIL, "",
	       "AWS Config in eu-west-1 has no delivery "
	       "channel: configuration changes are neither "
	       "stored nor streamed");

	world_reset(w);
	decide(w, "config_delivery_stream");
	expect(w, CHECK_NA, "", "AWS Config is not set up in eu-west-1");
}

/* dns_query_logging */

static struct inv_vpc *vpc(struct world *w, int r, const char *id)
{
	struct inv_vpc *v =
		INV_PUSH(&w->regions[r].arena[DS_VPC], w->regions[r].vpcs);

	v->id = id;
	v->state = "available";
	v->owner = "123456789012";
	return v;
}

static struct inv_query_log_assoc *qlog(struct world *w, const char *vpc_id,
					const char *status, const char *error)
{
	struct inv_query_log_assoc *q =
		INV_PUSH(&w->regions[0].arena[DS_RESOLVER_QUERY_LOGS],
			 w->regions[0].query_log_assocs);

	q->id = "rqlca-1";
	q->config_id = "rqlc-1";
	q->resource_id = vpc_id;
	q->status = status;
	q->error = error;
	return q;
}

static void dns_logging(struct world *w)
{
	/*
	 * ResolverQueryLogConfigAssociationStatus: CREATING | ACTIVE |
	 * ACTION_NEEDED | DELETING | FAILED; Error: NONE |
	 * DESTINATION_NOT_FOUND | ACCESS_DENIED | INTERNAL_SERVICE_ERROR
	 */
	static const struct {
		const char *status, *error, *msg;
	} bad[] = {
		{ "CREATING", "NONE",
		  "vpc-1 in eu-west-1 has a query logging association that is "
		  "CREATING" },
		{ "ACTION_NEEDED", "DESTINATION_NOT_FOUND",
		  "that is ACTION_NEEDED: DESTINATION_NOT_FOUND" },
		{ "DELETING", NULL, "that is DELETING" },
		{ "FAILED", "ACCESS_DENIED", "that is FAILED: ACCESS_DENIED" },
		{ NULL, NULL, "that is not active" },
	};

	vpc(w, 0, "vpc-1");
	qlog(w, "vpc-1", "ACTIVE", "NONE");
	decide(w, DECIDES("dns_query_logging"));
	expect(w, CHECK_PASS, "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-1",
	       "vpc-1 in eu-west-1 logs its DNS queries (query log config "
	       "rqlc-1)");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		world_reset(w);
		vpc(w, 0, "vpc-1");
		qlog(w, "vpc-1", bad[i].status, bad[i].error);
		decide(w, "dns_query_logging");
		expect(w, CHECK_FAIL, "vpc/vpc-1", bad[i].msg);
		if (bad[i].error && !strcmp(bad[i].error, "NONE"))
			ok(!strstr(w->out.v[0].message, "NONE"),
			   "dns logging: Error NONE is not quoted");
	}

	/* one active association is enough */
	world_reset(w);
	vpc(w, 0, "vpc-1");
	qlog(w, "vpc-1", "FAILED", "ACCESS_DENIED");
	qlog(w, "vpc-1", "ACTIVE", "NONE");
	decide(w, "dns_query_logging");
	expect(w, CHECK_PASS, "vpc/vpc-1", "logs its DNS queries");

	/* another VPC's association does not count; a shared VPC's owner */
	world_reset(w);
	vpc(w, 0, "vpc-1");
	vpc(w, 0, "vpc-2")->owner = "999999999999";
	qlog(w, "vpc-2", "ACTIVE", "NONE");
	decide(w, "dns_query_logging");
	expect(w, CHECK_FAIL, "123456789012:vpc/vpc-1",
	       "vpc-1 in eu-west-1 does not log DNS queries");
	expect(w, CHECK_PASS, "999999999999:vpc/vpc-2", "logs its DNS");

	world_reset(w);
	qlog(w, "vpc-gone", "ACTIVE", "NONE");
	decide(w, "dns_query_logging");
	expect(w, CHECK_NA, "", "no VPCs in eu-west-1");

	/* a VPC shared in through RAM is its owner's to log */
	world_reset(w);
	vpc(w, 0, "vpc-shared")->owner = "999988887777";
	vpc(w, 0, "vpc-own");
	decide(w, "dns_query_logging");
	expect(w, CHECK_NA, "999988887777:vpc/vpc-shared",
	       "vpc-shared in eu-west-1 is shared with account 123456789012 "
	       "by its owner, account 999988887777 (AWS RAM): query logging "
	       "is associated with a VPC by its owner, so it is judged in "
	       "account 999988887777");
	expect(w, CHECK_FAIL, "123456789012:vpc/vpc-own",
	       "does not log DNS queries");

	/* Status and Error in another casing are the same values */
	world_reset(w);
	vpc(w, 0, "vpc-1");
	qlog(w, "vpc-1", "Active", "none");
	decide(w, "dns_query_logging");
	expect(w, CHECK_PASS, "vpc/vpc-1", "logs its DNS queries");
	world_reset(w);
	vpc(w, 0, "vpc-1");
	qlog(w, "vpc-1", "Creating", "None");
	decide(w, "dns_query_logging");
	expect(w, CHECK_FAIL, "vpc/vpc-1", "that is Creating");
	ok(!strstr(w->out.v[0].message, "None"),
	   "dns logging: Error None is not quoted");
}

/* baseline_cloudwatch_alarms */

#define CT_GROUP(region) "arn:aws:logs:" region ":123456789012:log-group:ct:*"

/* The CIS AWS Foundations 3.0 section 4 filter patterns, as CIS writes. */
static const struct {
	const char *key, *cis, *pattern;
} cis[] = {
	{ "unauthorized-api-calls", "4.1",
	  "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = "
	  "\"AccessDenied*\") && ($.sourceIPAddress!=\"delivery.logs."
	  "amazonaws.com\") && ($.eventName!=\"HeadBucket\") }" },
	{ "console-signin-without-mfa", "4.2",
	  "{ ($.eventName = \"ConsoleLogin\") && "
	  "($.additionalEventData.MFAUsed != \"Yes\") }" },
	{ "root-account-usage", "4.3",
	  "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT "
	  "EXISTS && $.eventType != \"AwsServiceEvent\" }" },
	{ "iam-policy-changes", "4.4",
	  "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"
	  "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||"
	  "($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||"
	  "($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||"
	  "($.eventName=CreatePolicyVersion)||($.eventName="
	  "DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName="
	  "DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName="
	  "DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName="
	  "DetachGroupPolicy)}" },
	{ "cloudtrail-changes", "4.5",
	  "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
	  "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || "
	  "($.eventName = StopLogging) }" },
	{ "console-auth-failures", "4.6",
	  "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed "
	  "authentication\") }" },
	{ "security-group-changes", "4.10",
	  "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = "
	  "AuthorizeSecurityGroupEgress) || ($.eventName = "
	  "RevokeSecurityGroupIngress) || ($.eventName = "
	  "RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) "
	  "|| ($.eventName = DeleteSecurityGroup) }" },
	{ "nacl-changes", "4.11",
	  "{ ($.eventName = CreateNetworkAcl) || ($.eventName = "
	  "CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || "
	  "($.eventName = DeleteNetworkAclEntry) || ($.eventName = "
	  "ReplaceNetworkAclEntry) || ($.eventName = "
	  "ReplaceNetworkAclAssociation) }" },
};

#define NCIS (sizeof(cis) / sizeof(cis[0]))

static void filter(struct world *w, int r, const char *group, const char *name,
		   const char *pattern)
{
	struct inv_metric_filter *f =
		INV_PUSH(&w->regions[r].arena[DS_METRIC_ALARMS],
			 w->regions[r].metric_filters);

	f->log_group = group;
	f->name = name;
	f->pattern = pattern;
	f->metric_name = name;
	f->metric_namespace = "CISBenchmark";
}

static struct inv_alarm *alarm(struct world *w, int r, const char *metric)
{
	struct inv_alarm *a = INV_PUSH(&w->regions[r].arena[DS_METRIC_ALARMS],
				       w->regions[r].alarms);

	a->name = w_fmt(w, "%s-alarm", metric);
	a->metric_name = metric;
	a->metric_namespace = "CISBenchmark";
	a->state = "OK";
	a->actions_enabled = 1;
	a->nactions = 1;
	a->first_action = "arn:aws:sns:eu-west-1:123456789012:security-alerts";
	return a;
}

/* The whole CIS baseline on log group "ct" of region 'r', all alarmed. */
static void baseline(struct world *w, int r)
{
	for (size_t i = 0; i < NCIS; i++) {
		filter(w, r, "ct", cis[i].key, cis[i].pattern);
		alarm(w, r, cis[i].key);
	}
}

static void cis_trail(struct world *w, const char *group)
{
	struct inv_trail *t = good_trail(w, "main");

	t->log_group = group;
	t->latest_cwl_delivery = NOW - 60;
}

static void cw_alarms(struct world *w)
{
	cis_trail(w, CT_GROUP("eu-west-1"));
	baseline(w, 0);
	decide(w, DECIDES("baseline_cloudwatch_alarms"));
	expect_all(w, CHECK_PASS, NCIS);
	for (size_t i = 0; i < NCIS; i++) {
		const char *res = w_fmt(w, "cis-baseline/%s", cis[i].key);

		expect(w, CHECK_PASS, res,
		       w_fmt(w,
			     "metric filter '%s' on log group ct (eu-west-1) "
			     "counts",
			     cis[i].key));
		expect(w, CHECK_PASS, res,
		       w_fmt(w,
			     "(CIS %s); alarm '%s-alarm' notifies "
			     "arn:aws:sns:eu-west-1:123456789012:security-"
			     "alerts",
			     cis[i].cis, cis[i].key));
	}

	/* each item on its own: without its filter, that one item fails */
	for (size_t k = 0; k < NCIS; k++) {
		world_reset(w);
		cis_trail(w, CT_GROUP("eu-west-1"));
		for (size_t i = 0; i < NCIS; i++) {
			if (i == k)
				continue;
			filter(w, 0, "ct", cis[i].key, cis[i].pattern);
			alarm(w, 0, cis[i].key);
		}
		decide(w, "baseline_cloudwatch_alarms");
		expect(w, CHECK_FAIL, w_fmt(w, "cis-baseline/%s", cis[k].key),
		       w_fmt(w,
			     "no metric filter on the CloudTrail log group ct "
			     "(eu-west-1) matches the CIS %s pattern",
			     cis[k].cis));
	}

	/* a filter whose alarm is missing, has no action or is disabled */
	world_reset(w);
	cis_trail(w, CT_GROUP("eu-west-1"));
	filter(w, 0, "ct", "root", cis[2].pattern);
	filter(w, 0, "ct", "mfa", cis[1].pattern);
	alarm(w, 0, "mfa")->nactions = 0;
	filter(w, 0, "ct", "auth", cis[5].pattern);
	alarm(w, 0, "auth")->actions_enabled = 0;
	filter(w, 0, "ct", "sg", cis[6].pattern);
	alarm(w, 0, "sg")->metric_namespace = "Other";
	decide(w, "baseline_cloudwatch_alarms");
	expect(w, CHECK_FAIL, "cis-baseline/root-account-usage",
	       "metric filter 'root' on log group ct (eu-west-1) counts root "
	       "account usage, but no alarm with actions watches its metric "
	       "CISBenchmark/root");
	expect(w, CHECK_FAIL, "cis-baseline/console-signin-without-mfa",
	       "no alarm with actions watches its metric CISBenchmark/mfa");
	expect(w, CHECK_FAIL, "cis-baseline/console-auth-failures",
	       "no alarm with actions");
	expect(w, CHECK_FAIL, "cis-baseline/security-group-changes",
	       "no alarm with actions");

	/* patterns that only look alike */
	world_reset(w);
	cis_trail(w, CT_GROUP("eu-west-1"));
	filter(w, 0, "ct", "root", "{ $.userIdentity.type = \"RootUser\" }");
	alarm(w, 0, "root");
	filter(w, 0, "ct", "mfa", "{ $.eventName = \"ConsoleLogin\" }");
	alarm(w, 0, "mfa");
	filter(w, 0, "other-group", "trail", cis[4].pattern);
	alarm(w, 0, "trail");
	decide(w, "baseline_cloudwatch_alarms");
	expect(w, CHECK_FAIL, "cis-baseline/root-account-usage",
	       "matches the CIS 4.3 pattern for root account usage");
	expect(w, CHECK_FAIL, "cis-baseline/console-signin-without-mfa",
	       "matches the CIS 4.2 pattern");
	expect(w, CHECK_FAIL, "cis-baseline/cloudtrail-changes",
	       "matches the CIS 4.5 pattern");

	/* no trail delivers to CloudWatch Logs: judged in the home region */
	world_reset(w);
	world_regions(w, 2);
	good_trail(w, "main");
	decide(w, "baseline_cloudwatch_alarms");
	is_int(w->out.n, NCIS + 1, "cw alarms: 8 FAILs at home, 1 NA");
	expect(w, CHECK_FAIL, "cis-baseline/root-account-usage",
	       "no CloudTrail trail delivers to CloudWatch Logs, so nothing "
	       "can raise an alarm on root account usage (CIS 4.3)");
	expect(w, CHECK_NA, "us-east-1",
	       "no CloudTrail log group: the baseline is judged in eu-west-1");

	/* a home region outside the audit: the first audited region */
	world_reset(w);
	world_regions(w, 2);
	w->acct.home_region = "sa-east-1";
	decide(w, "baseline_cloudwatch_alarms");
	expect(w, CHECK_FAIL, "cis-baseline/nacl-changes",
	       "alarm on network ACL changes (CIS 4.11)");
	ok(!strcmp(w->out.v[0].region, "eu-west-1"),
	   "cw alarms: judged in the first audited region");

	/* the log group's region decides where it is judged */
	world_reset(w);
	world_regions(w, 3);
	cis_trail(w, CT_GROUP("us-east-1"));
	baseline(w, 1);
	decide(w, "baseline_cloudwatch_alarms");
	is_int(w->out.n, NCIS + 2, "cw alarms: 8 in us-east-1, 2 NA");
	expect(w, CHECK_NA, "eu-west-1",
	       "the CloudTrail log group ct is in us-east-1: the baseline is "
	       "judged there");
	expect(w, CHECK_PASS, "cis-baseline/unauthorized-api-calls",
	       "on log group ct (us-east-1) counts unauthorized API calls");

	world_reset(w);
	cis_trail(w, CT_GROUP("sa-east-1"));
	decide(w, "baseline_cloudwatch_alarms");
	expect(w, CHECK_NA, "",
	       "the CloudTrail log group ct is in sa-east-1, which this audit "
	       "does not cover");

	/* a second log group whose region failed: no match is unknown */
	world_reset(w);
	world_regions(w, 3);
	cis_trail(w, CT_GROUP("us-east-1"));
	good_trail(w, "second")->log_group = CT_GROUP("ap-south-1");
	filter(w, 1, "ct", "root", cis[2].pattern);
	alarm(w, 1, "root");
	world_fail(w, DS_METRIC_ALARMS, 2);
	decide(w, "baseline_cloudwatch_alarms");
	expect(w, CHECK_PASS, "cis-baseline/root-account-usage",
	       "counts root account usage");
	expect(w, CHECK_ERROR, "cis-baseline/nacl-changes",
	       "network ACL changes: no match in us-east-1, and could not "
	       "collect CloudWatch Logs metric filters and CloudWatch alarms: "
	       "AccessDeniedException on test:Denied in ap-south-1");
	expect(w, CHECK_ERROR, "ap-south-1", "could not collect CloudWatch");

	/* an organization trail whose log group is another account's: the
	 * baseline is judged there, in every region of this one */
	world_reset(w);
	{
		struct inv_trail *t = trail(w, "org", 1);

		t->organization = 1;
		t->log_group = "arn:aws:logs:us-east-1:999988887777:log-group:"
			       "aws-controltower/CloudTrailLogs:*";
	}
	decide(w, "baseline_cloudwatch_alarms");
	expect(w, CHECK_NA, "eu-west-1",
	       "organization trail 'org' delivers to log group "
	       "aws-controltower/CloudTrailLogs in account 999988887777 "
	       "(us-east-1): its metric filters and alarms live there, so the "
	       "baseline is judged in account 999988887777");
}

static const struct {
	const char *name;
	void (*fn)(struct world *);
} cases[] = {
	{ "cloudtrail_multi_region", multi_region },
	{ "cloudtrail_integrity", integrity },
	{ "cloudtrail_cloudwatch_logs", cloudwatch_logs },
	{ "cloudtrail_bucket_separate_account", separate_account },
	{ "cloudtrail_bucket_access_logging", access_logging },
	{ "cloudwatch_dashboards", dashboards },
	{ "config_recorder_all_regions", config_recorder },
	{ "config_delivery_stream", delivery_stream },
	{ "dns_query_logging", dns_logging },
	{ "baseline_cloudwatch_alarms", cw_alarms },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct world w;

		printf("# %s\n", cases[i].name);
		world_init(&w);
		cases[i].fn(&w);
		world_release(&w);
		expect_needs_error(cases[i].name);
	}
	return done_testing();
}
