/*
 * recovery_rpo_met.c -- the newest recovery point of every workload that
 * declares a recovery point objective is younger than that objective
 *
 * A workload declares its RPO with a tag (key params.rpo_tag_key, "rpo"
 * by default, compared without case; value a duration: a whole number
 * followed by m, h, d or w, as "4h", "24h" or "7d"). Per region of the
 * account:
 *   - an EBS volume's recovery points are its completed snapshots (AWS
 *     Backup's EBS recovery points and Data Lifecycle Manager's are EBS
 *     snapshots too, so DescribeSnapshots Owner=self sees them all);
 *   - an instance's (not terminated) are its available self-owned AMIs
 *     (AWS Backup's EC2 recovery points are AMIs), linked to it as
 *     recovery_ami_coverage links them: one of the AMI's snapshots was
 *     taken from one of the instance's volumes, or a tag value of the AMI
 *     is the instance id or ARN;
 *   - an RDS DB instance's (not being deleted) are its available DB
 *     snapshots (automated, manual and AWS Backup's) and, when automated
 *     backups are on, its point-in-time restore limit
 *     (LatestRestorableTime), usually minutes old;
 *   - and, for all three, the COMPLETED AWS Backup recovery points whose
 *     ResourceArn is the resource's (ListRecoveryPointsByBackupVault).
 *     When those could not be listed, a resource that the other points
 *     do not already show within its RPO is ERROR: one could be newer.
 * The effective RPO is the age of the newest one at the audit's clock:
 * FAIL when it is older than declared or there is none, PASS otherwise;
 * the message says "effective RPO <age> (declared <rpo>)", which the
 * report's RPO table reads. A declared value that is not a duration is a
 * FAIL (the objective cannot be checked). ERROR per resource when its
 * recovery points could not be listed in its region, and per region when
 * the resources themselves could not be (declarations unknown there).
 * MANUAL when nothing in the account declares an RPO.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* "24h" -> seconds; 0 when 'v' is not a whole number and one unit. */
static long rpo_seconds(const char *v)
{
	long n = 0, unit;
	const char *p = v;

	while (*p == ' ')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (*p - '0');
		if (n > 5256000L) /* 10 years of minutes */
			return 0;
	}
	switch (*p == ' ' ? p[1] : *p) {
	case 'm':
	case 'M':
		unit = 60;
		break;
	case 'h':
	case 'H':
		unit = 3600;
		break;
	case 'd':
	case 'D':
		unit = 86400;
		break;
	case 'w':
	case 'W':
		unit = 7 * 86400;
		break;
	default:
		return 0;
	}
	p += *p == ' ' ? 2 : 1;
	while (*p == ' ')
		p++;
	if (*p || n == 0 || n * unit / unit != n || n * unit > 3650L * 86400)
		return 0;
	return n * unit;
}

/* An age in words: "45m", "3h 20m", "2d 4h". */
static const char *age_text(long s, char *buf, size_t size)
{
	if (s < 0)
		s = 0;
	if (s < 3600)
		snprintf(buf, size, "%ldm", s / 60);
	else if (s < 86400)
		snprintf(buf, size, "%ldh %ldm", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, size, "%ldd %ldh", s / 86400, s % 86400 / 3600);
	return buf;
}

static const char *declared_rpo(const struct check_ctx *cx,
				const struct inv_tag *tags, size_t n)
{
	const char *key = cx->params->rpo_tag_key;

	for (size_t i = 0; key && i < n; i++)
		if (tags[i].key && !strcasecmp(tags[i].key, key))
			return tags[i].value ? tags[i].value : "";
	return NULL;
}

static const char *tag_of(const struct inv_tag *tags, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (tags[i].key && !strcmp(tags[i].key, key))
			return tags[i].value;
	return NULL;
}

static void utc(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (!t || !gmtime_r(&t, &tm) ||
	    !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "unknown time");
}

/*
 * One workload's verdict from its declared value and newest recovery
 * point ('point' NULL: none, 'when' its time).
 */
static void judge(const struct check_ctx *cx, const struct inv_region *r,
		  struct findings *out, const char *type, const char *arn,
		  const char *what, const char *declared, const char *point,
		  time_t when)
{
	const struct inv_status *bk = &r->status[DS_BACKUP_POINTS];
	long rpo = rpo_seconds(declared), age;
	char a[32], d[32], at[32], e[400];
	size_t k = 0, len;

	/* AWS Backup's recovery points of the resource, by its ARN */
	for (size_t i = 0; bk->state == INV_OK && i < r->backup_points.n; i++) {
		const struct inv_backup_point *p = &r->backup_points.v[i];

		if (!p->resource_arn || strcmp(p->resource_arn, arn) ||
		    !p->status || strcasecmp(p->status, "COMPLETED") ||
		    (point && p->created <= when))
			continue;
		point = p->arn;
		when = p->created;
	}

	if (!rpo) {
		findings_add(out, CHECK_FAIL, type, arn,
			     "%s declares %s='%s', which is not a duration "
			     "(a whole number and m, h, d or w: 4h, 24h, 7d): "
			     "its RPO cannot be checked",
			     what, cx->params->rpo_tag_key, declared);
		return;
	}
	/* the declared value as written, trimmed: "24h" */
	while (declared[k] == ' ')
		k++;
	snprintf(d, sizeof(d), "%s", declared + k);
	len = strlen(d);
	while (len && d[len - 1] == ' ')
		d[--len] = '\0';
	if (bk->state == INV_FAILED &&
	    (!point || (long)(cx->now - when) > rpo)) {
		findings_add(out, CHECK_ERROR, type, arn,
			     "%s declares an RPO of %s, but no recovery point "
			     "within it among its snapshots%s%s, and its AWS "
			     "Backup recovery points could not be read (%s)",
			     what, d, point ? ", newest " : "",
			     point ? point : "",
			     inv_error_text(&bk->err, e, sizeof(e)));
		return;
	}
	if (!point) {
		findings_add(out, CHECK_FAIL, type, arn,
			     "%s has no completed recovery point (declared "
			     "RPO %s)",
			     what, d);
		return;
	}
	age = (long)(cx->now - when);
	age_text(age, a, sizeof(a));
	utc(when, at, sizeof(at));
	findings_add(out, age > rpo ? CHECK_FAIL : CHECK_PASS, type, arn,
		     "%s: effective RPO %s (declared %s), newest recovery "
		     "point %s of %s",
		     what, a, d, point, at);
}

/* ERROR for a workload whose recovery points could not be listed. */
static void unread(struct findings *out, const char *type, const char *arn,
		   const char *what, enum inv_dataset ds,
		   const struct inv_status *st)
{
	char e[400];

	findings_add(out, CHECK_ERROR, type, arn,
		     "%s declares an RPO, but its recovery points could not "
		     "be read (%s: %s)",
		     what, inv_dataset_desc(ds),
		     inv_error_text(&st->err, e, sizeof(e)));
}

static void label(char *buf, size_t size, const char *kind, const char *id,
		  const struct inv_tag *tags, size_t ntags, const char *region)
{
	const char *name = tag_of(tags, ntags, "Name");
	const char *wl = tag_of(tags, ntags, "Workload");

	snprintf(buf, size, "%s %s%s%s%s in %s%s%s%s", kind, id,
		 name ? " (" : "", name ? name : "", name ? ")" : "", region,
		 wl ? " (workload " : "", wl ? wl : "", wl ? ")" : "");
}

static size_t volumes(const struct check_ctx *cx, const struct inv_region *r,
		      struct findings *out)
{
	const struct inv_status *snaps = &r->status[DS_SNAPSHOTS];
	size_t n = 0;

	for (size_t i = 0; i < r->volumes.n; i++) {
		const struct inv_volume *v = &r->volumes.v[i];
		const char *rpo = declared_rpo(cx, v->tags, v->ntags);
		const struct inv_snapshot *best = NULL;
		char arn[160], what[300];

		if (!rpo)
			continue;
		n++;
		check_arn(cx, arn, sizeof(arn), "ec2", r->name, cx->acct->id,
			  "volume/%s", v->id);
		label(what, sizeof(what), "volume", v->id, v->tags, v->ntags,
		      r->name);
		if (snaps->state == INV_FAILED) {
			unread(out, "AWS::EC2::Volume", arn, what, DS_SNAPSHOTS,
			       snaps);
			continue;
		}
		for (size_t j = 0; j < r->snapshots.n; j++) {
			const struct inv_snapshot *s = &r->snapshots.v[j];

			if (!s->volume_id || strcmp(s->volume_id, v->id) ||
			    !s->state || strcasecmp(s->state, "completed"))
				continue;
			if (!best || s->start_time > best->start_time)
				best = s;
		}
		judge(cx, r, out, "AWS::EC2::Volume", arn, what, rpo,
		      best ? best->id : NULL, best ? best->start_time : 0);
	}
	return n;
}

static const char *snapshot_volume(const struct inv_region *r, const char *snap)
{
	for (size_t i = 0; i < r->snapshots.n; i++)
		if (r->snapshots.v[i].id && !strcmp(r->snapshots.v[i].id, snap))
			return r->snapshots.v[i].volume_id;
	return NULL;
}

static int image_of(const struct inv_region *r, const struct inv_image *im,
		    const struct inv_instance *in, const char *arn)
{
	for (size_t i = 0; i < im->ntags; i++)
		if (im->tags[i].value && (!strcmp(im->tags[i].value, in->id) ||
					  !strcmp(im->tags[i].value, arn)))
			return 1;
	for (size_t s = 0; s < im->nsnapshots; s++) {
		const char *vol = snapshot_volume(r, im->snapshot_ids[s]);

		for (size_t v = 0; vol && v < in->nvolumes; v++)
			if (!strcmp(vol, in->volume_ids[v]))
				return 1;
	}
	return 0;
}

static size_t instances(const struct check_ctx *cx, const struct inv_region *r,
			struct findings *out)
{
	const struct inv_status *imgs = &r->status[DS_IMAGES];
	const struct inv_status *snaps = &r->status[DS_SNAPSHOTS];
	size_t n = 0;

	for (size_t i = 0; i < r->instances.n; i++) {
		const struct inv_instance *in = &r->instances.v[i];
		const char *rpo = declared_rpo(cx, in->tags, in->ntags);
		const struct inv_image *best = NULL;
		char arn[160], what[300];

		if (!rpo ||
		    (in->state && (!strcasecmp(in->state, "terminated") ||
				   !strcasecmp(in->state, "shutting-down"))))
			continue;
		n++;
		check_arn(cx, arn, sizeof(arn), "ec2", r->name, cx->acct->id,
			  "instance/%s", in->id);
		label(what, sizeof(what), "instance", in->id, in->tags,
		      in->ntags, r->name);
		if (imgs->state == INV_FAILED || snaps->state == INV_FAILED) {
			int img = imgs->state == INV_FAILED;

			unread(out, "AWS::EC2::Instance", arn, what,
			       img ? DS_IMAGES : DS_SNAPSHOTS,
			       img ? imgs : snaps);
			continue;
		}
		for (size_t j = 0; j < r->images.n; j++) {
			const struct inv_image *im = &r->images.v[j];

			if (!im->state || strcasecmp(im->state, "available") ||
			    !image_of(r, im, in, arn))
				continue;
			if (!best || im->created > best->created)
				best = im;
		}
		judge(cx, r, out, "AWS::EC2::Instance", arn, what, rpo,
		      best ? best->id : NULL, best ? best->created : 0);
	}
	return n;
}

/*
 * An RDS DB instance's recovery points: its available snapshots
 * (automated, manual, AWS Backup) and, with automated backups on, the
 * point-in-time restore limit (LatestRestorableTime).
 */
static size_t databases(const struct check_ctx *cx, const struct inv_region *r,
			struct findings *out)
{
	const struct inv_status *snaps = &r->status[DS_DB_SNAPSHOTS];
	size_t n = 0;

	for (size_t i = 0; i < r->db_instances.n; i++) {
		const struct inv_db_instance *d = &r->db_instances.v[i];
		const char *rpo = declared_rpo(cx, d->tags, d->ntags);
		const struct inv_db_snapshot *best = NULL;
		const char *point = NULL;
		time_t when = 0;
		char arn[200], what[300];

		if (!rpo || (d->status && !strcasecmp(d->status, "deleting")))
			continue;
		n++;
		if (d->arn)
			snprintf(arn, sizeof(arn), "%s", d->arn);
		else
			check_arn(cx, arn, sizeof(arn), "rds", r->name,
				  cx->acct->id, "db:%s", d->id);
		label(what, sizeof(what), "DB instance", d->id, d->tags,
		      d->ntags, r->name);
		if (snaps->state == INV_FAILED) {
			unread(out, "AWS::RDS::DBInstance", arn, what,
			       DS_DB_SNAPSHOTS, snaps);
			continue;
		}
		for (size_t j = 0; j < r->db_snapshots.n; j++) {
			const struct inv_db_snapshot *s = &r->db_snapshots.v[j];

			if (!s->db_instance_id ||
			    strcmp(s->db_instance_id, d->id) || !s->status ||
			    strcasecmp(s->status, "available"))
				continue;
			if (!best || s->created > best->created)
				best = s;
		}
		if (best) {
			point = best->id;
			when = best->created;
		}
		if (d->backup_retention > 0 && d->latest_restorable &&
		    d->latest_restorable > when) {
			point = "LatestRestorableTime (point-in-time restore)";
			when = d->latest_restorable;
		}
		judge(cx, r, out, "AWS::RDS::DBInstance", arn, what, rpo, point,
		      when);
	}
	return n;
}

static int run(const struct check_ctx *cx, struct findings *out)
{
	const struct inv_account *a = cx->acct;
	size_t declared = 0, blind = 0;
	char failed[512] = "";
	size_t len = 0;

	for (size_t i = 0; i < a->nregions; i++) {
		const struct inv_region *r = &a->regions[i];
		static const enum inv_dataset lists[] = { DS_VOLUMES,
							  DS_INSTANCES,
							  DS_DB_INSTANCES };

		for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
			const struct inv_status *st = &r->status[lists[k]];
			char e[400];

			if (st->state != INV_FAILED)
				continue;
			blind++;
			findings_add(out, CHECK_ERROR, "", r->name,
				     "could not collect %s in %s (%s): the "
				     "RPOs declared there are unknown",
				     inv_dataset_desc(lists[k]), r->name,
				     inv_error_text(&st->err, e, sizeof(e)));
			if (len < sizeof(failed))
				len += (size_t)snprintf(
					failed + len, sizeof(failed) - len,
					"%s%s", len ? ", " : "", r->name);
		}
		if (r->status[DS_VOLUMES].state == INV_OK)
			declared += volumes(cx, r, out);
		if (r->status[DS_INSTANCES].state == INV_OK)
			declared += instances(cx, r, out);
		if (r->status[DS_DB_INSTANCES].state == INV_OK)
			declared += databases(cx, r, out);
	}
	if (!declared && !blind)
		findings_add(out, CHECK_MANUAL, "AWS::::Account", a->id,
			     "no EBS volume, EC2 instance or RDS DB instance "
			     "declares a recovery point objective: tag each "
			     "workload's volumes, instances and databases with "
			     "%s=<RPO> (e.g. %s=24h, 4h, 7d), or set "
			     "params.rpo_tag_key to the tag key in use",
			     cx->params->rpo_tag_key, cx->params->rpo_tag_key);
	return 0;
}

const struct check check_recovery_rpo_met = {
	.id = "recovery_rpo_met",
	.title = "Workloads' newest recovery points meet their declared RPO",
	.phase = PHASE_POST_INCIDENT,
	.severity = SEV_HIGH,
	.scope = CHECK_SCOPE_ACCOUNT,
	.needs = NEED_VOLUMES | NEED_SNAPSHOTS | NEED_INSTANCES | NEED_IMAGES |
		 NEED_DB_INSTANCES | NEED_DB_SNAPSHOTS | NEED_BACKUP_POINTS,
	.guidance = "Recover: know your RPO/RTO, and whether the backups "
		    "actually meet it",
	.rationale = "An RPO that exists only on paper says nothing about how "
		     "much data a restore loses. When the newest snapshot or "
		     "image of a workload is older than the loss its owners "
		     "accepted, recovering from ransomware or a destructive "
		     "attack loses more than agreed, and nobody knows until "
		     "the restore.",
	.remediation = "1. Tag each workload's volumes, instances and DB "
		       "instances with its RPO (params.rpo_tag_key, default "
		       "rpo: rpo=24h).\n"
		       "2. Schedule AWS Backup (or Data Lifecycle Manager) "
		       "snapshots and AMIs at least as often as the RPO; turn "
		       "on RDS automated backups (point-in-time restore).\n"
		       "3. Watch failed and skipped backup jobs: the effective "
		       "RPO grows with every missed one.",
	.cli_fix = "aws ec2 create-tags --resources <VOLUME_OR_INSTANCE_ID> "
		   "--tags Key=rpo,Value=24h && aws backup start-backup-job "
		   "--backup-vault-name <VAULT> --resource-arn <ARN> "
		   "--iam-role-arn <BACKUP_ROLE_ARN>",
	.cfn = "Plan:\n  Type: AWS::Backup::BackupPlan\n  Properties:\n"
	       "    BackupPlan:\n      BackupPlanName: rpo-4h\n"
	       "      BackupPlanRule:\n        - RuleName: every-4h\n"
	       "          TargetBackupVault: !Ref Vault\n"
	       "          ScheduleExpression: cron(0 0/4 * * ? *)\n"
	       "          Lifecycle: { DeleteAfterDays: 35 }",
	.doc_url = "https://docs.aws.amazon.com/wellarchitected/latest/"
		   "reliability-pillar/rel_backing_up_data_periodic_recovery_"
		   "testing_data.html",
	.frameworks = "REL09-BP01;REL13-BP01;NIST-CSF-2.0:RC.RP-03",
	.extra_actions = NULL,
	.run = run,
	.decides_on_partial = 1,
};
