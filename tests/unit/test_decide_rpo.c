/*
 * test_decide_rpo.c -- decision table for recovery_rpo_met (see decide.h)
 *
 * The clock is NOW (2026-11-28T00:00:00Z); the tag key is the default,
 * "rpo", unless a case sets params.rpo_tag_key. Recovery points: completed
 * EBS snapshots of a volume, available self-owned AMIs of an instance
 * (linked by a snapshot of one of its volumes or by a tag naming it).
 */
#include "decide.h"
#include "html_int.h"

#define HOUR 3600L

static struct inv_tag *tags1(struct world *w, const char *key,
			     const char *value)
{
	struct inv_tag *t = arena_alloc(&w->mem, sizeof(*t));

	t->key = w_str(w, key);
	t->value = w_str(w, value);
	return t;
}

static struct inv_volume *volume(struct world *w, int r, const char *id,
				 const char *rpo)
{
	struct inv_volume *v = INV_PUSH(&w->regions[r].arena[DS_VOLUMES],
					w->regions[r].volumes);

	v->id = id;
	v->state = "in-use";
	if (rpo) {
		v->tags = tags1(w, "rpo", rpo);
		v->ntags = 1;
	}
	return v;
}

static void snapshot(struct world *w, int r, const char *id, const char *vol,
		     const char *state, long age)
{
	struct inv_snapshot *s = INV_PUSH(&w->regions[r].arena[DS_SNAPSHOTS],
					  w->regions[r].snapshots);

	s->id = id;
	s->volume_id = vol;
	s->state = state;
	s->start_time = NOW - age;
}

static struct inv_instance *instance(struct world *w, int r, const char *id,
				     const char *state, const char *rpo)
{
	struct inv_instance *in = INV_PUSH(&w->regions[r].arena[DS_INSTANCES],
					   w->regions[r].instances);

	in->id = id;
	in->state = state;
	if (rpo) {
		in->tags = tags1(w, "rpo", rpo);
		in->ntags = 1;
	}
	return in;
}

/* A self-owned AMI tagged with the instance id it backs up. */
static struct inv_image *image(struct world *w, int r, const char *id,
			       const char *of, const char *state, long age)
{
	struct inv_image *im =
		INV_PUSH(&w->regions[r].arena[DS_IMAGES], w->regions[r].images);

	im->id = id;
	im->state = state;
	im->created = NOW - age;
	im->tags = tags1(w, "SourceInstance", of);
	im->ntags = 1;
	return im;
}

static void nothing_declared(struct world *w)
{
	decide(w, DECIDES("recovery_rpo_met"));
	expect(w, CHECK_MANUAL, "", "rpo=24h");
	volume(w, 0, "vol-plain", NULL);
	instance(w, 0, "i-plain", "running", NULL);
	snapshot(w, 0, "snap-1", "vol-plain", "completed", HOUR);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_MANUAL, "", "tag each workload");
	w->prm.rpo_tag_key = "RecoveryPoint";
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_MANUAL, "", "RecoveryPoint=<RPO>");
}

static void volume_within_and_beyond(struct world *w)
{
	volume(w, 0, "vol-a", "24h");
	snapshot(w, 0, "snap-old", "vol-a", "completed", 30 * HOUR);
	snapshot(w, 0, "snap-new", "vol-a", "completed", 5 * HOUR);
	snapshot(w, 0, "snap-pending", "vol-a", "pending", HOUR);
	snapshot(w, 0, "snap-other", "vol-b", "completed", HOUR);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_PASS, "vol-a",
	       "effective RPO 5h 0m (declared 24h), newest recovery point "
	       "snap-new of 2026-11-27T19:00:00Z");
	w->prm.rpo_tag_key = "RPO"; /* keys compare without case */
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_PASS, "vol-a", "snap-new");
	w->prm.rpo_tag_key = "rpo";

	w->regions[0].snapshots.v[1].start_time = NOW - 24 * HOUR;
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_PASS, "vol-a", "effective RPO 1d 0h (declared 24h)");
	w->regions[0].snapshots.v[1].start_time = NOW - 24 * HOUR - 60;
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_FAIL, "vol-a", "effective RPO 1d 0h (declared 24h)");
	w->regions[0].snapshots.v[1].state = "error";
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_FAIL, "vol-a", "effective RPO 1d 6h (declared 24h)");
	w->regions[0].snapshots.v[0].state = "error";
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_FAIL, "vol-a",
	       "has no completed recovery point (declared RPO 24h)");
}

static void durations(struct world *w)
{
	static const struct {
		const char *rpo;
		enum check_status st;
	} t[] = {
		{ "30m", CHECK_FAIL },
		{ "2h", CHECK_PASS },
		{ "90M", CHECK_PASS },
		{ "1d", CHECK_PASS },
		{ "1w", CHECK_PASS },
		{ " 4h ", CHECK_PASS },
		{ "4 h", CHECK_PASS },
		{ "daily", CHECK_FAIL },
		{ "24", CHECK_FAIL },
		{ "0h", CHECK_FAIL },
		{ "h", CHECK_FAIL },
		{ "-4h", CHECK_FAIL },
		{ "4hours", CHECK_FAIL },
		{ "", CHECK_FAIL },
		{ "99999999999999999999d", CHECK_FAIL },
	};
	struct inv_volume *v = volume(w, 0, "vol-d", "1h");

	snapshot(w, 0, "snap-d", "vol-d", "completed", 70 * 60);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v->tags = tags1(w, "rpo", t[i].rpo);
		decide(w, "recovery_rpo_met");
		expect(w, t[i].st, "vol-d", NULL);
	}
	v->tags = tags1(w, "rpo", "daily");
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_FAIL, "vol-d",
	       "declares rpo='daily', which is not a duration");
}

static void instances_and_amis(struct world *w)
{
	struct inv_instance *in = instance(w, 0, "i-web", "running", "7d");

	instance(w, 0, "i-gone", "terminated", "7d");
	decide(w, "recovery_rpo_met");
	expect_all(w, CHECK_FAIL, 1);
	expect(w, CHECK_FAIL, "i-web", "no completed recovery point");

	image(w, 0, "ami-old", "i-web", "available", 9 * 86400L);
	image(w, 0, "ami-new", "i-web", "pending", HOUR);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_FAIL, "i-web",
	       "effective RPO 9d 0h (declared 7d), newest recovery point "
	       "ami-old");
	image(w, 0, "ami-ok", "i-web", "available", 2 * 86400L);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_PASS, "i-web", "effective RPO 2d 0h (declared 7d)");

	/* linked through a snapshot of one of its volumes */
	w->regions[0].images.n = 0;
	{
		static const char *vols[] = { "vol-root" };
		static const char *snaps[] = { "snap-root" };
		struct inv_image *im = image(w, 0, "ami-vol", "unrelated",
					     "available", 3 * HOUR);

		in->volume_ids = vols;
		in->nvolumes = 1;
		im->snapshot_ids = snaps;
		im->nsnapshots = 1;
		snapshot(w, 0, "snap-root", "vol-root", "completed", 3 * HOUR);
	}
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_PASS, "i-web", "ami-vol");
}

static void errors(struct world *w)
{
	world_regions(w, 2);
	volume(w, 0, "vol-eu", "24h");
	instance(w, 0, "i-eu", "running", "24h");
	snapshot(w, 0, "snap-eu", "vol-eu", "completed", HOUR);
	volume(w, 1, "vol-us", "24h");
	snapshot(w, 1, "snap-us", "vol-us", "completed", HOUR);

	world_fail(w, DS_IMAGES, 0);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_ERROR, "i-eu",
	       "declares an RPO, but its recovery points could not be read");
	expect(w, CHECK_ERROR, "i-eu", "AccessDeniedException");
	expect(w, CHECK_PASS, "vol-eu", "snap-eu");
	expect(w, CHECK_PASS, "vol-us", "snap-us");
	w->regions[0].status[DS_IMAGES].state = INV_OK;

	world_fail(w, DS_SNAPSHOTS, 0);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_ERROR, "vol-eu", "could not be read");
	expect(w, CHECK_ERROR, "i-eu", "could not be read");
	expect(w, CHECK_PASS, "vol-us", "snap-us");
	w->regions[0].status[DS_SNAPSHOTS].state = INV_OK;

	/* the declarations of a region are unknown: ERROR for the region */
	world_fail(w, DS_VOLUMES, 1);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_ERROR, "us-east-1", "RPOs declared there are unknown");
	expect(w, CHECK_PASS, "vol-eu", NULL);
	expect(w, CHECK_FAIL, "i-eu", "no completed recovery point");
	w->regions[0].volumes.n = 0;
	w->regions[0].instances.n = 0;
	decide(w, "recovery_rpo_met");
	expect_all(w, CHECK_ERROR, 1); /* not MANUAL: us-east-1 is unknown */
	w->regions[1].status[DS_VOLUMES].state = INV_OK;
	world_fail(w, DS_INSTANCES, 0);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_ERROR, "eu-west-1", "EC2 instances");
	expect(w, CHECK_PASS, "vol-us", NULL);
}

static void params_key(struct world *w)
{
	const struct param_desc *d = params_find("rpo_tag_key");

	ok(d && d->type == PARAM_TAG_KEY, "rpo_tag_key is a tag key param");
	ok(d && !strcmp(w->prm.rpo_tag_key, "rpo"), "default tag key rpo");
	ok(d && !params_check_value(d, "RecoveryPoint"), "a tag key is valid");
	ok(d && params_check_value(d, ""), "an empty key is not");
	ok(d && params_check_value(d, "aws:backup"), "aws: keys are not");
}

static struct inv_db_instance *database(struct world *w, int r, const char *id,
					const char *rpo)
{
	struct inv_db_instance *d =
		INV_PUSH(&w->regions[r].arena[DS_DB_INSTANCES],
			 w->regions[r].db_instances);

	d->id = id;
	d->status = "available";
	d->tags = tags1(w, "rpo", rpo);
	d->ntags = 1;
	return d;
}

static void db_snapshot(struct world *w, int r, const char *id, const char *db,
			const char *status, long age)
{
	struct inv_db_snapshot *s =
		INV_PUSH(&w->regions[r].arena[DS_DB_SNAPSHOTS],
			 w->regions[r].db_snapshots);

	s->id = id;
	s->db_instance_id = db;
	s->status = status;
	s->type = "manual";
	s->created = NOW - age;
}

static void databases(struct world *w)
{
	struct inv_db_instance *d = database(w, 0, "orders-db", "1h");

	decide(w, "recovery_rpo_met");
	expect(w, CHECK_FAIL, "orders-db", "no completed recovery point");
	expect(w, CHECK_FAIL, "arn:aws:rds:eu-west-1:123456789012:db:orders-db",
	       NULL);
	db_snapshot(w, 0, "snap-creating", "orders-db", "creating", 60);
	db_snapshot(w, 0, "before-upgrade", "orders-db", "available",
		    40 * 86400L);
	db_snapshot(w, 0, "other-db-snap", "other-db", "available", 60);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_FAIL, "orders-db",
	       "effective RPO 40d 0h (declared 1h), newest recovery point "
	       "before-upgrade");
	/* automated backups: point-in-time restore is the newest point */
	d->backup_retention = 7;
	d->latest_restorable = NOW - 300;
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_PASS, "orders-db",
	       "effective RPO 5m (declared 1h), newest recovery point "
	       "LatestRestorableTime (point-in-time restore)");
	d->backup_retention = 0; /* retention off: the time is stale */
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_FAIL, "orders-db", "before-upgrade");
	d->status = "deleting";
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_MANUAL, "", "RDS DB instance");
	d->status = "available";

	world_fail(w, DS_DB_SNAPSHOTS, 0);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_ERROR, "orders-db", "RDS DB snapshots");
	w->regions[0].status[DS_DB_SNAPSHOTS].state = INV_OK;
	world_fail(w, DS_DB_INSTANCES, 0);
	decide(w, "recovery_rpo_met");
	expect_all(w, CHECK_ERROR, 1);
	expect(w, CHECK_ERROR, "eu-west-1", "RDS DB instances");
}

static void backup_point(struct world *w, int r, const char *arn,
			 const char *resource, const char *status, long age)
{
	struct inv_backup_point *p =
		INV_PUSH(&w->regions[r].arena[DS_BACKUP_POINTS],
			 w->regions[r].backup_points);

	p->arn = arn;
	p->resource_arn = resource;
	p->status = status;
	p->vault = "primary";
	p->created = NOW - age;
}

static void backup_points(struct world *w)
{
	const char *vol = "arn:aws:ec2:eu-west-1:123456789012:volume/vol-b";

	volume(w, 0, "vol-b", "24h");
	snapshot(w, 0, "snap-b", "vol-b", "completed", 3 * 86400L);
	backup_point(w, 0, "rp-other",
		     "arn:aws:ec2:eu-west-1:123456789012:"
		     "volume/vol-z",
		     "COMPLETED", HOUR);
	backup_point(w, 0, "rp-partial", vol, "PARTIAL", HOUR);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_FAIL, "vol-b", "effective RPO 3d 0h (declared 24h)");
	backup_point(w, 0, "rp-new", vol, "COMPLETED", 2 * HOUR);
	backup_point(w, 0, "rp-old", vol, "COMPLETED", 5 * 86400L);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_PASS, "vol-b",
	       "effective RPO 2h 0m (declared 24h), newest recovery point "
	       "rp-new");

	/* unreadable: a PASS from the snapshots stands, else ERROR */
	world_fail(w, DS_BACKUP_POINTS, 0);
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_ERROR, "vol-b",
	       "declares an RPO of 24h, but no recovery point within it "
	       "among its snapshots, newest snap-b, and its AWS Backup "
	       "recovery points could not be read (AccessDeniedException");
	w->regions[0].snapshots.v[0].start_time = NOW - HOUR;
	decide(w, "recovery_rpo_met");
	expect(w, CHECK_PASS, "vol-b", "snap-b");
}

/* report.html's section reads the check's findings back */
static void report_bands(struct world *w)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	world_regions(w, 2);
	volume(w, 0, "vol-fresh", "4h");
	snapshot(w, 0, "snap-f", "vol-fresh", "completed", 2 * HOUR);
	volume(w, 0, "vol-stale", "24h");
	snapshot(w, 0, "snap-s", "vol-stale", "completed", 9 * 86400L);
	volume(w, 0, "vol-none", "24h");
	volume(w, 0, "vol-bad", "weekly");
	instance(w, 1, "i-denied", "running", "1d");
	world_fail(w, DS_IMAGES, 1);
	decide(w, "recovery_rpo_met");
	mem = open_memstream(&buf, &len);
	html_write_rpo(mem, &w->out);
	fclose(mem);
	ok(buf && strstr(buf, "<td class=\"brk\">123456789012</td>"
			      "<td class=\"num\">0</td>"
			      "<td class=\"num\">1</td>"
			      "<td class=\"num\">0</td>"
			      "<td class=\"num\">0</td>"
			      "<td class=\"num\">1</td>"
			      "<td class=\"num\">1</td>"
			      "<td class=\"num\">2</td>"
			      "<td class=\"num\">9d 0h</td>"
			      "<td class=\"num\">1 of 5</td>"),
	   "RPO section: one per band, none, not checked, oldest, met");
	free(buf);

	buf = NULL;
	world_reset(w);
	decide(w, "recovery_rpo_met"); /* MANUAL: nothing declared */
	mem = open_memstream(&buf, &len);
	html_write_rpo(mem, &w->out);
	fclose(mem);
	ok(buf && !*buf, "no RPO section when nothing declares one");
	free(buf);
}

static void (*const cases[])(struct world *) = {
	nothing_declared, volume_within_and_beyond,
	durations,        instances_and_amis,
	errors,           params_key,
	report_bands,     databases,
	backup_points,
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
