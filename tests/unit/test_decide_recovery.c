/*
 * test_decide_recovery.c -- decision tables for the recovery checks:
 * recovery_ami_coverage, recovery_snapshot_coverage, recovery_backup_plan
 * and snapshot_retention_policy (see decide.h)
 *
 * Limits are the policy defaults: ami_max_age_days 30,
 * snapshot_max_age_days 7, evidence_retention_min_days 365. States are
 * AWS's: DescribeImages (available, pending, disabled, ...),
 * DescribeSnapshots (pending, completed, error, ...), DLM (ENABLED,
 * DISABLED, ERROR; RetainRule IntervalUnit DAYS/WEEKS/MONTHS/YEARS).
 */
#include "decide.h"

/* recovery_ami_coverage */

static struct inv_instance *instance(struct world *w, const char *id,
				     const char *state)
{
	struct inv_instance *in = INV_PUSH(&w->regions[0].arena[DS_INSTANCES],
					   w->regions[0].instances);

	in->id = id;
	in->state = state;
	in->image_id = "ami-0abc";
	in->ami_checked = 1;
	in->ami_found = 1;
	in->ami_state = "available";
	in->ami_name = "al2023-base";
	return in;
}

static void tag(struct world *w, struct inv_instance *in, const char *key,
		const char *value)
{
	struct inv_tag *t = arena_alloc(&w->mem, sizeof(*t) * (in->ntags + 1));

	if (in->ntags)
		memcpy(t, in->tags, sizeof(*t) * in->ntags);
	t[in->ntags].key = key;
	t[in->ntags].value = value;
	in->tags = t;
	in->ntags++;
}

static struct inv_image *image(struct world *w, const char *id, long days_old)
{
	struct inv_image *im =
		INV_PUSH(&w->regions[0].arena[DS_IMAGES], w->regions[0].images);

	im->id = id;
	im->state = "available";
	im->created = NOW - days_old * DAY;
	return im;
}

static void ami_basic(struct world *w)
{
	struct inv_instance *in;

	decide(w, DECIDES("recovery_ami_coverage"));
	expect(w, CHECK_NA, "", "no running instances in eu-west-1");

	instance(w, "i-stopped", "stopped");
	instance(w, "i-gone", "terminated")->ami_found = 0;
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_NA, "", "no running instances in eu-west-1");

	in = instance(w, "i-1", "running");
	in->name = "web";
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_PASS, "instance/i-1",
	       "instance i-1 (web) in eu-west-1 runs AMI ami-0abc "
	       "(al2023-base), which still exists");
	ok(w->out.n == 1, "only running instances are judged (%zu)", w->out.n);

	in->ami_found = 0;
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_FAIL, "instance/i-1",
	       "runs AMI ami-0abc, which no longer exists: it cannot be "
	       "relaunched");

	in->ami_found = 1;
	in->image_id = NULL;
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_FAIL, "instance/i-1", "runs AMI ?, which no longer");

	/* DescribeImages states other than available */
	in->image_id = "ami-0abc";
	in->ami_state = "disabled";
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_FAIL, "instance/i-1",
	       "runs AMI ami-0abc, which is "
	       "disabled");
	in->ami_state = "deregistered";
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_FAIL, "instance/i-1", "which is deregistered");
	in->ami_state = NULL; /* not reported: found is enough */
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_PASS, "instance/i-1", "which still exists");

	/* InstanceStateName and ImageState in another casing */
	world_reset(w);
	instance(w, "i-1", "Running")->ami_state = "Available";
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_PASS, "instance/i-1", "which still exists");
}

static void ami_lookup_failed(struct world *w)
{
	instance(w, "i-1", "running");
	instance(w, "i-2", "running");
	w->regions[0].instance_amis_failed = 1;
	snprintf(w->regions[0].instance_amis_err.code,
		 sizeof(w->regions[0].instance_amis_err.code),
		 "UnauthorizedOperation");
	snprintf(w->regions[0].instance_amis_err.action,
		 sizeof(w->regions[0].instance_amis_err.action),
		 "ec2:DescribeImages");
	snprintf(w->regions[0].instance_amis_err.region,
		 sizeof(w->regions[0].instance_amis_err.region), "eu-west-1");
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_ERROR, "",
	       "could not look up the AMIs of 2 running instances: "
	       "UnauthorizedOperation on ec2:DescribeImages in eu-west-1");

	w->regions[0].instance_amis_failed = 0;
	w->regions[0].instances.n = 1;
	expect_errors_per_need(w, "recovery_ami_coverage");
}

static void ami_tagged(struct world *w)
{
	static const struct {
		const char *key, *value;
		int tagged;
	} tags[] = {
		{ "Workload", "", 1 },     { "workload", "payments", 1 },
		{ "Backup", "daily", 1 },  { "BACKUP", "true", 1 },
		{ "Backup", "false", 0 },  { "backup", "No", 0 },
		{ "Backup", "OFF", 0 },    { "Backup", "none", 0 },
		{ "Backup", "0", 0 },      { "Name", "Workload", 0 },
		{ "Backups", "daily", 0 },
	};

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		struct inv_instance *in;

		w->regions[0].instances.n = 0;
		in = instance(w, "i-1", "running");
		tag(w, in, tags[i].key, tags[i].value);
		decide(w, "recovery_ami_coverage");
		if (tags[i].tagged)
			expect(w, CHECK_FAIL, "",
			       "tagged workload i-1 in eu-west-1 has no "
			       "self-owned AMI of its own");
		else
			expect(w, CHECK_PASS, "", "which still exists");
	}
}

static void ami_backup_age(struct world *w)
{
	static const struct {
		long days;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ 0, CHECK_PASS,
		  "has self-owned AMI ami-bk, 0 days old (limit 30)" },
		{ 1, CHECK_PASS, "ami-bk, 1 day old (limit 30)" },
		{ 29, CHECK_PASS, "29 days old (limit 30)" },
		{ 30, CHECK_PASS, "30 days old (limit 30)" },
		{ 31, CHECK_FAIL,
		  "newest self-owned AMI of tagged workload i-1 in eu-west-1 "
		  "is "
		  "ami-bk, 31 days old (limit 30)" },
	};
	struct inv_instance *in = instance(w, "i-1", "running");
	struct inv_image *im;

	tag(w, in, "Workload", "shop");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		w->regions[0].images.n = 0;
		im = image(w, "ami-bk", rows[i].days);
		/* the AMI names the instance in a tag */
		im->tags = arena_alloc(&w->mem, sizeof(*im->tags));
		im->tags[0].key = "SourceInstance";
		im->tags[0].value = "i-1";
		im->ntags = 1;
		decide(w, "recovery_ami_coverage");
		expect(w, rows[i].st, "", rows[i].msg);
	}
	/* no creation date: not known to be recent */
	w->regions[0].images.v[0].created = 0;
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_FAIL, "", "newest self-owned AMI");

	/* the newest of several decides; unavailable ones do not count */
	w->regions[0].images.v[0].created = NOW - 40 * DAY;
	im = image(w, "ami-new", 2);
	im->state = "pending";
	im->tags = w->regions[0].images.v[0].tags;
	im->ntags = 1;
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_FAIL, "", "is ami-bk, 40 days old");
	im->state = "available";
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_PASS, "", "self-owned AMI ami-new, 2 days old");

	/* by the instance ARN in a tag */
	im->tags = arena_alloc(&w->mem, sizeof(*im->tags));
	im->tags[0].key = "aws:backup:source-resource";
	im->tags[0].value = "arn:aws:ec2:eu-west-1:123456789012:instance/i-1";
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_PASS, "", "self-owned AMI ami-new");
}

static void ami_by_snapshot(struct world *w)
{
	struct inv_instance *in = instance(w, "i-1", "running");
	struct inv_image *im = image(w, "ami-snap", 3);
	struct inv_snapshot *s;

	tag(w, in, "Backup", "weekly");
	in->volume_ids = arena_alloc(&w->mem, sizeof(char *));
	in->volume_ids[0] = "vol-root";
	in->nvolumes = 1;
	im->snapshot_ids = arena_alloc(&w->mem, sizeof(char *));
	im->snapshot_ids[0] = "snap-1";
	im->nsnapshots = 1;
	s = INV_PUSH(&w->regions[0].arena[DS_SNAPSHOTS],
		     w->regions[0].snapshots);
	s->id = "snap-1";
	s->volume_id = "vol-other";
	s->state = "completed";
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_FAIL, "", "has no self-owned AMI of its own");

	s->volume_id = "vol-root";
	decide(w, "recovery_ami_coverage");
	expect(w, CHECK_PASS, "",
	       "tagged workload i-1 in eu-west-1 runs an existing AMI "
	       "(ami-0abc) and has self-owned AMI ami-snap, 3 days old");
}

/* recovery_snapshot_coverage: snapshots sorted by volume id, as collected */

static struct inv_volume *volume(struct world *w, const char *id,
				 const char *state)
{
	struct inv_volume *v = INV_PUSH(&w->regions[0].arena[DS_VOLUMES],
					w->regions[0].volumes);

	v->id = id;
	v->state = state;
	if (!strcmp(state, "in-use"))
		v->instance_id = "i-1";
	return v;
}

static struct inv_snapshot *snapshot(struct world *w, const char *id,
				     const char *vol, const char *state,
				     long days_old)
{
	struct inv_snapshot *s = INV_PUSH(&w->regions[0].arena[DS_SNAPSHOTS],
					  w->regions[0].snapshots);

	s->id = id;
	s->volume_id = vol;
	s->state = state;
	s->start_time = NOW - days_old * DAY;
	return s;
}

static void snap_coverage(struct world *w)
{
	static const struct {
		long days;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ 0, CHECK_PASS, "has snapshot snap-1, 0 days old (limit 7)" },
		{ 6, CHECK_PASS, "6 days old (limit 7)" },
		{ 7, CHECK_PASS,
		  "volume vol-a (data) in eu-west-1 has snapshot snap-1, 7 "
		  "days "
		  "old (limit 7)" },
		{ 8, CHECK_FAIL,
		  "newest snapshot of volume vol-a (data) in eu-west-1 is "
		  "snap-1, 8 days old (limit 7)" },
	};

	decide(w, DECIDES("recovery_snapshot_coverage"));
	expect(w, CHECK_NA, "", "no in-use EBS volumes in eu-west-1");

	volume(w, "vol-spare", "available");
	volume(w, "vol-new", "creating");
	decide(w, "recovery_snapshot_coverage");
	expect(w, CHECK_NA, "", "no in-use EBS volumes in eu-west-1");

	w->regions[0].volumes.n = 0;
	volume(w, "vol-a", "in-use")->name = "data";
	decide(w, "recovery_snapshot_coverage");
	expect(w, CHECK_FAIL, "volume/vol-a",
	       "in-use volume vol-a (data) in eu-west-1 attached to i-1 has "
	       "no completed snapshot");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		w->regions[0].snapshots.n = 0;
		snapshot(w, "snap-1", "vol-a", "completed", rows[i].days);
		decide(w, "recovery_snapshot_coverage");
		expect(w, rows[i].st, "volume/vol-a", rows[i].msg);
	}

	/* VolumeState and SnapshotState in another casing */
	world_reset(w);
	volume(w, "vol-a", "in-use")->state = "In-Use";
	snapshot(w, "snap-1", "vol-a", "Completed", 1);
	decide(w, "recovery_snapshot_coverage");
	expect(w, CHECK_PASS, "volume/vol-a", "has snapshot snap-1, 1 days");
}

static void snap_states(struct world *w)
{
	static const char *const not_done[] = { "pending", "error",
						"recoverable", "recovering" };

	volume(w, "vol-a", "in-use");
	volume(w, "vol-b", "in-use")->instance_id = NULL;
	snapshot(w, "snap-old", "vol-a", "completed", 9);
	snapshot(w, "snap-new", "vol-a", "completed", 1);
	snapshot(w, "snap-x", "vol-a", "pending", 0);
	decide(w, "recovery_snapshot_coverage");
	expect(w, CHECK_PASS, "volume/vol-a", "snap-new, 1 days old");
	/* vol-a's snapshots do not cover vol-b */
	expect(w, CHECK_FAIL, "volume/vol-b",
	       "in-use volume vol-b in eu-west-1 has no completed snapshot");

	w->regions[0].volumes.n = 1;
	for (size_t i = 0; i < sizeof(not_done) / sizeof(not_done[0]); i++) {
		w->regions[0].snapshots.n = 0;
		snapshot(w, "snap-old", "vol-a", "completed", 9);
		snapshot(w, "snap-new", "vol-a", not_done[i], 1);
		decide(w, "recovery_snapshot_coverage");
		expect(w, CHECK_FAIL, "",
		       "newest snapshot of volume vol-a in eu-west-1 is "
		       "snap-old, 9 days old");
	}
	w->regions[0].snapshots.n = 1;
	expect_errors_per_need(w, "recovery_snapshot_coverage");
}

/* recovery_backup_plan */

static struct inv_backup_plan *plan(struct world *w, const char *name,
				    size_t nselections, const char *vault,
				    const char *copy_to)
{
	struct inv_backup_plan *p =
		INV_PUSH(&w->regions[0].arena[DS_BACKUP_PLANS],
			 w->regions[0].backup_plans);
	struct inv_backup_rule *ru = arena_alloc(&w->mem, sizeof(*ru));

	p->id = w_fmt(w, "id-%s", name);
	p->name = name;
	p->nselections = nselections;
	p->rules = ru;
	p->nrules = 1;
	ru->name = "daily";
	ru->target_vault = vault;
	ru->delete_after_days = 35;
	if (copy_to) {
		ru->copies = arena_alloc(&w->mem, sizeof(*ru->copies));
		ru->copies[0].destination = copy_to;
		ru->ncopies = 1;
	}
	return p;
}

static void backup_vault(struct world *w, const char *name, int locked)
{
	struct inv_backup_vault *v =
		INV_PUSH(&w->regions[0].arena[DS_BACKUP_PLANS],
			 w->regions[0].backup_vaults);

	v->name = name;
	v->locked = locked;
}

static void backup_plan(struct world *w)
{
	decide(w, DECIDES("recovery_backup_plan"));
	expect(w, CHECK_NA, "",
	       "no AWS Backup plan and no EBS volume in "
	       "eu-west-1");

	volume(w, "vol-a", "in-use");
	volume(w, "vol-b", "available");
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_FAIL, "",
	       "no AWS Backup plan in eu-west-1, which has 2 EBS volumes");

	w->regions[0].volumes.n = 1;
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_FAIL, "", "which has 1 EBS volume");

	backup_vault(w, "locked", 1);
	backup_vault(w, "open", 0);
	plan(w, "gold", 1, "locked",
	     "arn:aws:backup:us-west-2:123456789012:backup-vault:dr");
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_PASS, "",
	       "Backup plan 'gold' in eu-west-1 assigns 1 resource selection, "
	       "backs up into vault locked under Vault Lock and copies to "
	       "arn:aws:backup:us-west-2:123456789012:backup-vault:dr");

	/* another account, same region: elsewhere too */
	w->regions[0].backup_plans.v[0].rules[0].copies[0].destination =
		"arn:aws:backup:eu-west-1:999988887777:backup-vault:dr";
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_PASS, "",
	       "copies to arn:aws:backup:eu-west-1:"
	       "999988887777");

	/* same region and account: no copy elsewhere */
	w->regions[0].backup_plans.v[0].rules[0].copies[0].destination =
		"arn:aws:backup:eu-west-1:123456789012:backup-vault:second";
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_FAIL, "",
	       "best Backup plan in eu-west-1 is 'gold' (of 1); it copies to "
	       "no other region or account");

	/* not an ARN */
	w->regions[0].backup_plans.v[0].rules[0].copies[0].destination = "dr";
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_FAIL, "", "it copies to no other region or account");
}

static void backup_plan_gaps(struct world *w)
{
	struct inv_backup_plan *p;

	volume(w, "vol-a", "in-use");
	backup_vault(w, "locked", 1);
	backup_vault(w, "open", 0);
	p = plan(w, "silver", 0, "open", NULL);
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_FAIL, "",
	       "best Backup plan in eu-west-1 is 'silver' (of 1); it has no "
	       "resource assignment, so it backs up nothing; its vault open is "
	       "not under Vault Lock, so an intruder can delete the recovery "
	       "points; it copies to no other region or account");

	/* a vault not in ListBackupVaults is not known to be locked */
	p->rules[0].target_vault = "missing";
	p->nselections = 2;
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_FAIL, "",
	       "'silver' (of 1); its vault missing is not "
	       "under Vault Lock");

	p->rules[0].target_vault = NULL;
	p->name = NULL;
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_FAIL, "", "'id-silver' (of 1); its vault is not under");

	/* the best of several plans is judged */
	plan(w, "gold", 3, "locked",
	     "arn:aws:backup:eu-central-1:123456789012:backup-vault:dr");
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_PASS, "",
	       "Backup plan 'gold' in eu-west-1 assigns 3 "
	       "resource selections");

	/* a plan that answered an error: PASS still decides; else ERROR */
	snprintf(w->regions[0].backup_plans.v[0].err.code,
		 sizeof(w->regions[0].backup_plans.v[0].err.code),
		 "AccessDeniedException");
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_PASS, "", "Backup plan 'gold' in eu-west-1");
	w->regions[0].backup_plans.v[1].nselections = 0;
	decide(w, "recovery_backup_plan");
	expect(w, CHECK_ERROR, "",
	       "Backup plan 'id-silver' in eu-west-1 could not be read "
	       "(AccessDeniedException): it could be the one that protects "
	       "the region");
	w->regions[0].backup_plans.v[0].err.code[0] = '\0';

	w->regions[0].backup_plans.n = 1;
	expect_errors_per_need(w, "recovery_backup_plan");
}

/* snapshot_retention_policy */

static struct inv_dlm_schedule *dlm(struct world *w, const char *id,
				    const char *state)
{
	struct inv_dlm_policy *p = INV_PUSH(&w->regions[0].arena[DS_DLM],
					    w->regions[0].dlm_policies);

	p->id = id;
	p->state = state;
	p->type = "EBS_SNAPSHOT_MANAGEMENT";
	p->detailed = 1;
	p->schedules = arena_alloc(&w->mem, sizeof(*p->schedules));
	p->nschedules = 1;
	p->schedules[0].name = "daily";
	p->schedules[0].create_interval = 24;
	p->schedules[0].create_unit = "HOURS";
	return &p->schedules[0];
}

static void retention_basic(struct world *w)
{
	struct inv_dlm_schedule *s;

	decide(w, DECIDES("snapshot_retention_policy"));
	expect(w, CHECK_NA, "",
	       "no snapshot lifecycle policy, Backup plan or EBS volume in "
	       "eu-west-1");

	volume(w, "vol-a", "in-use");
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_FAIL, "",
	       "no enabled DLM snapshot/AMI policy and no assigned Backup plan "
	       "in eu-west-1, which has 1 EBS volume");

	s = dlm(w, "policy-off", "DISABLED");
	s->retain_interval = 400;
	s->retain_unit = "DAYS";
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_FAIL, "",
	       "which has 1 EBS volume (a DLM policy exists but is not "
	       "enabled)");
	w->regions[0].dlm_policies.v[0].state = "ERROR";
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_FAIL, "", "(a DLM policy exists but is not enabled)");

	/* a policy whose details were not read (not snapshot/AMI) is skipped */
	w->regions[0].dlm_policies.v[0].state = "ENABLED";
	w->regions[0].dlm_policies.v[0].detailed = 0;
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_FAIL, "", "no enabled DLM snapshot/AMI policy");
	ok(!strstr(w->out.v[0].message, "not enabled"),
	   "an undetailed policy is not called disabled");

	w->regions[0].dlm_policies.v[0].detailed = 1;
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_PASS, "",
	       "DLM policy policy-off (EBS_SNAPSHOT_MANAGEMENT) in eu-west-1 "
	       "keeps snapshots 400 days (at least 365 required)");

	/* no volumes, but a policy: judged all the same */
	w->regions[0].volumes.n = 0;
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_PASS, "", "keeps snapshots 400 days");

	/* GettablePolicyStateValues, RetentionIntervalUnitValues in
	 * another casing */
	world_reset(w);
	s = dlm(w, "policy-x", "Enabled");
	s->retain_interval = 2;
	s->retain_unit = "years";
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_PASS, "",
	       "DLM policy policy-x (EBS_SNAPSHOT_MANAGEMENT) in eu-west-1 "
	       "keeps snapshots");
}

static void retention_dlm_rules(struct world *w)
{
	static const struct {
		long count, interval;
		const char *unit, *cron;
		long create_hours;
		enum check_status st;
		const char *msg;
	} rows[] = {
		/* age-based */
		{ 0, 365, "DAYS", NULL, 24, CHECK_PASS,
		  "keeps snapshots 365 days" },
		{ 0, 364, "DAYS", NULL, 24, CHECK_FAIL,
		  "nothing in eu-west-1 keeps snapshots for 365 days: DLM "
		  "policy p-1 keeps 364 days" },
		{ 0, 366, "DAYS", NULL, 24, CHECK_PASS,
		  "keeps snapshots 366 days" },
		{ 0, 52, "WEEKS", NULL, 24, CHECK_FAIL, "p-1 keeps 364 days" },
		{ 0, 53, "WEEKS", NULL, 24, CHECK_PASS,
		  "keeps snapshots 371 days" },
		{ 0, 12, "MONTHS", NULL, 24, CHECK_FAIL, "p-1 keeps 360 days" },
		{ 0, 13, "MONTHS", NULL, 24, CHECK_PASS,
		  "keeps snapshots 390 days" },
		{ 0, 1, "YEARS", NULL, 24, CHECK_PASS,
		  "keeps snapshots 365 days" },
		{ 0, 400, "FORTNIGHTS", NULL, 24, CHECK_FAIL,
		  "p-1 keeps 0 days" },
		/* count-based: count x creation interval */
		{ 365, 0, NULL, NULL, 24, CHECK_PASS,
		  "keeps snapshots 365 days" },
		{ 364, 0, NULL, NULL, 24, CHECK_FAIL, "p-1 keeps 364 days" },
		{ 730, 0, NULL, NULL, 12, CHECK_PASS,
		  "keeps snapshots 365 days" },
		{ 729, 0, NULL, NULL, 12, CHECK_FAIL, "p-1 keeps 364 days" },
		{ 1000, 0, NULL, NULL, 1, CHECK_FAIL, "p-1 keeps 41 days" },
		/* cron: daily, weekly, monthly, anything else hourly */
		{ 365, 0, NULL, "cron(0 3 * * ? *)", 0, CHECK_PASS,
		  "keeps snapshots 365 days" },
		{ 364, 0, NULL, "cron(0 3 * * ? *)", 0, CHECK_FAIL,
		  "p-1 keeps 364 days" },
		{ 53, 0, NULL, "cron(0 3 ? * MON *)", 0, CHECK_PASS,
		  "keeps snapshots 371 days" },
		{ 52, 0, NULL, "cron(0 3 ? * MON *)", 0, CHECK_FAIL,
		  "p-1 keeps 364 days" },
		{ 52, 0, NULL, "cron(0 3 ? * MON-FRI *)", 0, CHECK_FAIL,
		  "p-1 keeps 52 days" },
		{ 14, 0, NULL, "cron(0 3 1 * ? *)", 0, CHECK_PASS,
		  "keeps snapshots 392 days" },
		{ 13, 0, NULL, "cron(0 3 1 * ? *)", 0, CHECK_FAIL,
		  "p-1 keeps 364 days" },
		{ 365, 0, NULL, "cron(0 * * * ? *)", 0, CHECK_FAIL,
		  "p-1 keeps 15 days" },
		{ 365, 0, NULL, "cron(0/30 */6 * * ? *)", 0, CHECK_FAIL,
		  "p-1 keeps 15 days" },
	};
	static const struct {
		long count, interval, acount, ainterval;
		const char *aunit, *cron;
		enum check_status st;
		const char *msg;
	} archive[] = {
		/* 30 days standard + 335 days archive */
		{ 0, 30, 0, 335, "DAYS", NULL, CHECK_PASS,
		  "keeps snapshots 365 days" },
		{ 0, 30, 0, 334, "DAYS", NULL, CHECK_FAIL,
		  "p-1 keeps 364 days" },
		{ 0, 30, 0, 1, "YEARS", NULL, CHECK_PASS,
		  "keeps snapshots 395 days" },
		/* count-based: (standard + archive count) x creation period */
		{ 3, 0, 10, 0, NULL, "cron(0 3 1 * ? *)", CHECK_FAIL,
		  "p-1 keeps 364 days" },
		{ 3, 0, 11, 0, NULL, "cron(0 3 1 * ? *)", CHECK_PASS,
		  "keeps snapshots 392 days" },
		/* no archive rule: the standard tier alone */
		{ 0, 30, 0, 0, NULL, NULL, CHECK_FAIL, "p-1 keeps 30 days" },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct inv_dlm_schedule *s;

		w->regions[0].dlm_policies.n = 0;
		s = dlm(w, "p-1", "ENABLED");
		s->retain_count = rows[i].count;
		s->retain_interval = rows[i].interval;
		s->retain_unit = rows[i].unit;
		s->create_interval = rows[i].create_hours;
		s->cron = rows[i].cron;
		decide(w, "snapshot_retention_policy");
		expect(w, rows[i].st, "", rows[i].msg);
	}

	/*
	 * DLM archive rules: snapshots move to the archive tier when the
	 * standard retention is met and stay there for the archive retention
	 */
	for (size_t i = 0; i < sizeof(archive) / sizeof(archive[0]); i++) {
		struct inv_dlm_schedule *s;

		w->regions[0].dlm_policies.n = 0;
		s = dlm(w, "p-1", "ENABLED");
		s->retain_count = archive[i].count;
		s->retain_interval = archive[i].interval;
		s->retain_unit = archive[i].interval ? "DAYS" : NULL;
		s->archive_count = archive[i].acount;
		s->archive_interval = archive[i].ainterval;
		s->archive_unit = archive[i].aunit;
		s->create_interval = archive[i].cron ? 0 : 24;
		s->cron = archive[i].cron;
		decide(w, "snapshot_retention_policy");
		expect(w, archive[i].st, "", archive[i].msg);
	}
}

static void retention_backup(struct world *w)
{
	struct inv_backup_plan *p;
	struct inv_dlm_schedule *s;

	volume(w, "vol-a", "in-use");
	p = plan(w, "daily", 0, "v", NULL);
	p->rules[0].delete_after_days = 0;
	/* a plan without resource assignment backs up nothing */
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_FAIL, "",
	       "no enabled DLM snapshot/AMI policy and no "
	       "assigned Backup plan");

	p->nselections = 1;
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_PASS, "",
	       "Backup plan 'daily' in eu-west-1 keeps snapshots until "
	       "deleted (at least 365 required)");

	p->rules[0].delete_after_days = 365;
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_PASS, "", "keeps snapshots 365 days");

	p->rules[0].delete_after_days = 35;
	s = dlm(w, "p-short", "ENABLED");
	s->retain_count = 7;
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_FAIL, "",
	       "nothing in eu-west-1 keeps snapshots for 365 days: DLM policy "
	       "p-short keeps 7 days; Backup plan 'daily' keeps 35 days");

	/* the longest source decides */
	s->retain_count = 400;
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_PASS, "",
	       "DLM policy p-short (EBS_SNAPSHOT_MANAGEMENT) "
	       "in eu-west-1 keeps snapshots 400 days");

	/* a policy that could not be read (deleted meanwhile, denied) */
	{
		struct inv_dlm_policy *dp =
			INV_PUSH(&w->regions[0].arena[DS_DLM],
				 w->regions[0].dlm_policies);

		dp->id = "p-gone";
		dp->state = "ENABLED";
		snprintf(dp->err.code, sizeof(dp->err.code),
			 "ResourceNotFoundException");
	}
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_PASS, "", "keeps snapshots 400 days");
	s->retain_count = 7;
	decide(w, "snapshot_retention_policy");
	expect(w, CHECK_ERROR, "",
	       "p-gone could not be read in eu-west-1 "
	       "(ResourceNotFoundException); DLM policy p-short keeps 7 days; "
	       "Backup plan 'daily' keeps 35 days: it could keep snapshots "
	       "for 365 days");
	w->regions[0].dlm_policies.n--;

	expect_errors_per_need(w, "snapshot_retention_policy");
}

static void (*const cases[])(struct world *) = {
	ami_basic,       ami_lookup_failed,   ami_tagged,
	ami_backup_age,  ami_by_snapshot,     snap_coverage,
	snap_states,     backup_plan,         backup_plan_gaps,
	retention_basic, retention_dlm_rules, retention_backup,
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
