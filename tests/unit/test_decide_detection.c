/*
 * test_decide_detection.c -- decision tables of the detection and
 * containment checks: GuardDuty (detectors, protection plans, findings
 * export, malware-scan snapshots, stale findings), EventBridge routing of
 * findings, EBS encryption by default and public snapshots, quarantine
 * security groups and CloudFormation drift
 *
 * Each case builds a small inventory (decide.h), runs one check through
 * the runner's per-scope logic and asserts status and message: PASS,
 * FAIL, NOT_APPLICABLE, ERROR for every needed dataset, the day a limit
 * is reached, and the enum values AWS documents for the fields read.
 */
#include "decide.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void set_err(struct aws_error *e, const char *code, const char *action)
{
	snprintf(e->code, sizeof(e->code), "%s", code);
	snprintf(e->action, sizeof(e->action), "%s", action);
	snprintf(e->region, sizeof(e->region), "eu-west-1");
	snprintf(e->message, sizeof(e->message), "not allowed");
}

/* guardduty_enabled */

static struct inv_detector *detector(struct world *w, int r, const char *id,
				     const char *status)
{
	struct inv_detector *d = INV_PUSH(&w->regions[r].arena[DS_GUARDDUTY],
					  w->regions[r].detectors);

	d->id = id;
	d->status = status;
	return d;
}

static void gd_enabled(struct world *w)
{
	/* DetectorStatus: ENABLED | DISABLED; the collector's UNKNOWN */
	static const char *const off[] = { "DISABLED", "UNKNOWN" };

	detector(w, 0, "d1", "ENABLED");
	decide(w, DECIDES("guardduty_enabled"));
	expect(w, CHECK_PASS,
	       "arn:aws:guardduty:eu-west-1:123456789012:detector/d1",
	       "GuardDuty detector d1 is enabled in eu-west-1");

	for (size_t i = 0; i < ARRAY_LEN(off); i++) {
		world_reset(w);
		detector(w, 0, "d1", off[i]);
		decide(w, "guardduty_enabled");
		expect(w, CHECK_FAIL, "detector/d1",
		       w_fmt(w, "GuardDuty detector d1 in eu-west-1 is %s",
			     off[i]));
	}

	/* no detector is a FAIL in every region, not NOT_APPLICABLE */
	world_reset(w);
	world_regions(w, 3);
	detector(w, 1, "d2", "ENABLED");
	decide(w, "guardduty_enabled");
	expect(w, CHECK_FAIL, "eu-west-1:123456789012:detector",
	       "GuardDuty is not enabled in eu-west-1: no threat detection");
	expect(w, CHECK_PASS, "us-east-1:123456789012:detector/d2",
	       "enabled in us-east-1");
	expect(w, CHECK_FAIL, "ap-south-1:123456789012:detector",
	       "GuardDuty is not enabled in ap-south-1");

	/* enums in any casing: the model's is not always the wire's */
	world_reset(w);
	detector(w, 0, "d1", "Enabled");
	decide(w, "guardduty_enabled");
	expect(w, CHECK_PASS, "detector/d1",
	       "GuardDuty detector d1 is enabled in eu-west-1");
}

/* guardduty_findings_export, guardduty_malware_snapshot_retention */

static struct inv_gd_settings *settings(struct world *w, const char *det)
{
	struct inv_gd_settings *s =
		INV_PUSH(&w->regions[0].arena[DS_GUARDDUTY_SETTINGS],
			 w->regions[0].gd_settings);

	s->detector_id = det;
	s->ebs_snapshot_preservation = "RETENTION_WITH_FINDING";
	return s;
}

static struct inv_gd_destination *dest(struct world *w, const char *det,
				       const char *status, const char *kms)
{
	struct inv_gd_destination *d =
		INV_PUSH(&w->regions[0].arena[DS_GUARDDUTY_SETTINGS],
			 w->regions[0].gd_destinations);

	d->detector_id = det;
	d->id = "dest-1";
	d->type = "S3";
	d->status = status;
	d->arn = "arn:aws:s3:::gd-findings";
	d->kms_key_arn = kms;
	return d;
}

#define KMS "arn:aws:kms:eu-west-1:123456789012:key/gd"

static void gd_export(struct world *w)
{
	/* PublishingStatus values other than PUBLISHING */
	static const char *const stopped[] = {
		"PENDING_VERIFICATION", "STOPPED",
		"UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY"
	};

	settings(w, "d1");
	dest(w, "d1", "PUBLISHING", KMS);
	decide(w, DECIDES("guardduty_findings_export"));
	expect(w, CHECK_PASS, "detector/d1",
	       "GuardDuty detector d1 in eu-west-1 publishes findings to "
	       "arn:aws:s3:::gd-findings, encrypted with " KMS);

	for (size_t i = 0; i < ARRAY_LEN(stopped); i++) {
		world_reset(w);
		settings(w, "d1");
		dest(w, "d1", stopped[i], KMS);
		decide(w, "guardduty_findings_export");
		expect(w, CHECK_FAIL, "detector/d1",
		       w_fmt(w,
			     "has S3 destination arn:aws:s3:::gd-findings in "
			     "state %s: findings are not being exported",
			     stopped[i]));
	}

	world_reset(w);
	settings(w, "d1");
	dest(w, "d1", "PUBLISHING", NULL);
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_FAIL, "detector/d1",
	       "exports findings to arn:aws:s3:::gd-findings without a KMS "
	       "key");

	world_reset(w);
	settings(w, "d1");
	dest(w, "d1", "PUBLISHING", "")->arn = NULL;
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_FAIL, "detector/d1",
	       "exports findings to dest-1 "
	       "without a KMS key");

	/* a member detector: its administrator exports its findings */
	world_reset(w);
	settings(w, "d1")->administrator = "999988887777";
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_NA, "detector/d1",
	       "GuardDuty detector d1 in eu-west-1 is a member of "
	       "administrator account 999988887777, which exports its "
	       "findings: judged in account 999988887777");
	ok(!strstr(w->out.v[0].message, "could not assess"),
	   "guardduty_findings_export: no note when the administrator is "
	   "not known to be unassessed");
	/* --org, the administrator could not be assessed: said so */
	w_org_unassessed(w, "999988887777");
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_NA, "detector/d1",
	       "judged in account 999988887777 (which this --org run could "
	       "not assess: see its ERROR findings; nothing there is judged "
	       "yet)");
	dest(w, "d1", "PUBLISHING", KMS);
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_PASS, "detector/d1", "publishes findings to");

	/* one good destination is enough */
	world_reset(w);
	settings(w, "d1");
	dest(w, "d1", "STOPPED", KMS);
	dest(w, "d1", "PUBLISHING", KMS)->arn = "arn:aws:s3:::second";
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_PASS, "detector/d1",
	       "publishes findings to "
	       "arn:aws:s3:::second");

	/* another detector's destination, or a non-S3 one, does not count */
	world_reset(w);
	settings(w, "d1");
	dest(w, "d2", "PUBLISHING", KMS);
	dest(w, "d1", "PUBLISHING", KMS)->type = "KINESIS";
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_FAIL, "detector/d1",
	       "GuardDuty detector d1 in eu-west-1 exports no findings: they "
	       "are deleted after 90 days");

	world_reset(w);
	set_err(&settings(w, "d1")->export_err, "AccessDeniedException",
		"guardduty:ListPublishingDestinations");
	w->regions[0].gd_settings.v[0].export_failed = 1;
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_ERROR, "detector/d1",
	       "could not collect the publishing destinations of GuardDuty "
	       "detector d1: AccessDeniedException on "
	       "guardduty:ListPublishingDestinations in eu-west-1: not "
	       "allowed");

	world_reset(w);
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_NA, "",
	       "no GuardDuty detector in eu-west-1 "
	       "(guardduty_enabled reports the region)");

	/* DestinationType and PublishingStatus in another casing */
	world_reset(w);
	settings(w, "d1");
	dest(w, "d1", "Publishing", KMS)->type = "s3";
	decide(w, "guardduty_findings_export");
	expect(w, CHECK_PASS, "detector/d1",
	       "publishes findings to arn:aws:s3:::gd-findings");
}

static void gd_malware(struct world *w)
{
	settings(w, "d1");
	decide(w, DECIDES("guardduty_malware_snapshot_retention"));
	expect(w, CHECK_PASS, "detector/d1",
	       "GuardDuty detector d1 in eu-west-1 keeps the EBS snapshots of "
	       "malware scans that find malware");

	/* EbsSnapshotPreservation: NO_RETENTION | RETENTION_WITH_FINDING */
	world_reset(w);
	settings(w, "d1")->ebs_snapshot_preservation = "NO_RETENTION";
	decide(w, "guardduty_malware_snapshot_retention");
	expect(w, CHECK_FAIL, "detector/d1",
	       "deletes the EBS snapshots of malware scans even when malware "
	       "is found (ebsSnapshotPreservation NO_RETENTION)");

	world_reset(w);
	settings(w, "d1")->ebs_snapshot_preservation = NULL;
	decide(w, "guardduty_malware_snapshot_retention");
	expect(w, CHECK_FAIL, "detector/d1",
	       "(ebsSnapshotPreservation not reported)");

	/* the export call failing does not stop this check */
	world_reset(w);
	settings(w, "d1")->export_failed = 1;
	decide(w, "guardduty_malware_snapshot_retention");
	expect(w, CHECK_PASS, "detector/d1", "keeps the EBS snapshots");

	world_reset(w);
	set_err(&settings(w, "d1")->malware_err, "BadRequestException",
		"guardduty:GetMalwareScanSettings");
	w->regions[0].gd_settings.v[0].malware_failed = 1;
	decide(w, "guardduty_malware_snapshot_retention");
	expect(w, CHECK_ERROR, "detector/d1",
	       "could not collect the malware-scan settings of GuardDuty "
	       "detector d1: BadRequestException on "
	       "guardduty:GetMalwareScanSettings in eu-west-1");

	world_reset(w);
	decide(w, "guardduty_malware_snapshot_retention");
	expect(w, CHECK_NA, "", "no GuardDuty detector in eu-west-1");

	/* EbsSnapshotPreservation in another casing */
	world_reset(w);
	settings(w, "d1")->ebs_snapshot_preservation = "Retention_With_Finding";
	decide(w, "guardduty_malware_snapshot_retention");
	expect(w, CHECK_PASS, "detector/d1", "keeps the EBS snapshots");
}

/* guardduty_protection_plans */

static struct inv_detector *planned(struct world *w, const char *st)
{
	struct inv_detector *d = detector(w, 0, "d1", "ENABLED");

	d->s3_logs = d->ebs_malware = d->eks_audit_logs = d->rds_login =
		d->lambda_network = st;
	return d;
}

static void volume(struct world *w, const char *id)
{
	struct inv_volume *v = INV_PUSH(&w->regions[0].arena[DS_VOLUMES],
					w->regions[0].volumes);

	v->id = id;
	v->state = "in-use";
}

static void gd_plans(struct world *w)
{
	w->acct.buckets_owned = 2;
	volume(w, "vol-1");
	planned(w, "ENABLED");
	decide(w, DECIDES("guardduty_protection_plans"));
	expect(w, CHECK_PASS, "detector/d1",
	       "GuardDuty detector d1 in eu-west-1 has S3 protection, EBS "
	       "malware protection, EKS audit-log monitoring, RDS protection, "
	       "Lambda protection on");

	world_reset(w);
	w->acct.buckets_owned = 2;
	planned(w, "ENABLED")->rds_login = "DISABLED";
	decide(w, "guardduty_protection_plans");
	/* irready lists no RDS databases (nor EKS clusters, Lambda
	 * functions): those plans are reported, never required */
	expect(w, CHECK_PASS, "detector/d1",
	       "has S3 protection, EBS malware protection, EKS audit-log "
	       "monitoring, Lambda protection on; RDS protection DISABLED "
	       "(not judged: irready does not list RDS databases)");

	/* EBS malware scanning matters where there are volumes */
	world_reset(w);
	volume(w, "vol-1");
	volume(w, "vol-2");
	planned(w, "ENABLED")->ebs_malware = "DISABLED";
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_FAIL, "detector/d1",
	       "has EBS malware protection (2 EBS volumes in the region) off");

	world_reset(w);
	w->acct.buckets_owned = 1;
	planned(w, "ENABLED")->ebs_malware = "DISABLED";
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_PASS, "detector/d1",
	       "EBS malware protection DISABLED (no EBS volumes: not needed)");

	/* S3 protection matters where the account owns buckets */
	world_reset(w);
	planned(w, "ENABLED")->s3_logs = "DISABLED";
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_PASS, "detector/d1",
	       "S3 protection DISABLED (no S3 buckets in the account: not "
	       "needed)");

	world_reset(w);
	w->acct.buckets_owned = 1;
	planned(w, "ENABLED")->s3_logs = "DISABLED";
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_FAIL, "detector/d1", "has S3 protection off");

	/* several off, one not reported */
	world_reset(w);
	planned(w, "DISABLED")->lambda_network = NULL;
	w->regions[0].detectors.v[0].s3_logs = "ENABLED";
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_PASS, "detector/d1",
	       "has S3 protection on; EBS malware protection DISABLED (no EBS "
	       "volumes: not needed); EKS audit-log monitoring DISABLED (not "
	       "judged: irready does not list EKS clusters); RDS protection "
	       "DISABLED (not judged: irready does not list RDS databases); "
	       "Lambda protection not reported");
	w->acct.buckets_owned = 1;
	w->regions[0].detectors.v[0].s3_logs = "DISABLED";
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_FAIL, "detector/d1",
	       "has S3 protection off; EBS malware protection DISABLED (no "
	       "EBS volumes: not needed); EKS audit-log monitoring DISABLED "
	       "(not judged");

	/* a suspended detector says so */
	world_reset(w);
	planned(w, "ENABLED")->status = "DISABLED";
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_PASS, "detector/d1",
	       "GuardDuty detector d1 in eu-west-1 (suspended) has");

	world_reset(w);
	planned(w, NULL);
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_NA, "detector/d1",
	       "GuardDuty detector d1 in eu-west-1 reports no protection "
	       "plan: S3 protection not reported;");

	world_reset(w);
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_NA, "",
	       "no GuardDuty detector in eu-west-1 "
	       "(guardduty_enabled reports the region)");

	/* FeatureStatus and DetectorStatus in another casing */
	world_reset(w);
	w->acct.buckets_owned = 1;
	volume(w, "vol-1");
	planned(w, "Enabled");
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_PASS, "detector/d1",
	       "has S3 protection, EBS malware protection, EKS audit-log "
	       "monitoring, RDS protection, Lambda protection on");
	world_reset(w);
	planned(w, "ENABLED")->status = "disabled";
	decide(w, "guardduty_protection_plans");
	expect(w, CHECK_PASS, "detector/d1", "(suspended) has");
}

/* guardduty_stale_findings */

static struct inv_gd_finding *finding(struct world *w, const char *det,
				      const char *id, long age_days)
{
	struct inv_gd_finding *f =
		INV_PUSH(&w->regions[0].arena[DS_GUARDDUTY_FINDINGS],
			 w->regions[0].gd_findings);

	f->detector_id = det;
	f->id = id;
	f->type = "UnauthorizedAccess:EC2/SSHBruteForce";
	f->resource_type = "Instance";
	f->severity = 8.0;
	f->created_at = NOW - age_days * DAY;
	f->updated_at = NOW;
	return f;
}

static void listed(struct world *w, const char *det)
{
	*INV_PUSH(&w->regions[0].arena[DS_GUARDDUTY_FINDINGS],
		  w->regions[0].gd_finding_detectors) = det;
}

static void gd_stale(struct world *w)
{
	/* guardduty_finding_max_age_days 7: the 7th day is still triage */
	static const struct {
		long age;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ 6, CHECK_PASS,
		  "has no active high-severity finding older than 7 days (1 "
		  "newer, in triage)" },
		{ 7, CHECK_PASS, "older than 7 days (1 newer, in triage)" },
		{ 8, CHECK_FAIL,
		  "GuardDuty detector d1 in eu-west-1 has 1 active "
		  "high-severity finding older than 7 days; the oldest, "
		  "UnauthorizedAccess:EC2/SSHBruteForce (severity 8.0, "
		  "resource Instance), is 8 days old (finding f1)" },
	};

	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		world_reset(w);
		listed(w, "d1");
		finding(w, "d1", "f1", rows[i].age);
		decide(w, i ? "guardduty_stale_findings"
			    : DECIDES("guardduty_stale_findings"));
		expect(w, rows[i].st, "detector/d1", rows[i].msg);
	}

	world_reset(w);
	listed(w, "d1");
	decide(w, "guardduty_stale_findings");
	expect(w, CHECK_PASS, "detector/d1",
	       "GuardDuty detector d1 in eu-west-1 has no active "
	       "high-severity finding");

	/* the oldest is named; fresh ones and another detector's aside */
	world_reset(w);
	listed(w, "d1");
	listed(w, "d2");
	finding(w, "d1", "f-old", 40)->resource_type = NULL;
	finding(w, "d1", "f-mid", 10);
	finding(w, "d1", "f-new", 1);
	finding(w, "d2", "f-other", 100);
	decide(w, "guardduty_stale_findings");
	expect(w, CHECK_FAIL, "detector/d1",
	       "has 2 active high-severity findings older than 7 days; the "
	       "oldest, UnauthorizedAccess:EC2/SSHBruteForce (severity 8.0), "
	       "is 40 days old (finding f-old)");
	expect(w, CHECK_FAIL, "detector/d2", "100 days old (finding f-other)");

	/* no creation date: not judged stale */
	world_reset(w);
	listed(w, "d1");
	finding(w, "d1", "f1", 0)->created_at = 0;
	decide(w, "guardduty_stale_findings");
	expect(w, CHECK_PASS, "detector/d1", "(1 newer, in triage)");

	/* the policy's limit */
	world_reset(w);
	w->prm.guardduty_finding_max_age_days = 1;
	listed(w, "d1");
	finding(w, "d1", "f1", 2);
	decide(w, "guardduty_stale_findings");
	expect(w, CHECK_FAIL, "detector/d1", "older than 1 days");

	world_reset(w);
	decide(w, "guardduty_stale_findings");
	expect(w, CHECK_NA, "",
	       "no GuardDuty detector in eu-west-1: no "
	       "findings to triage");
}

/* events_findings_routed */

static struct inv_event_rule *rule(struct world *w, const char *name,
				   const char *state, int gd, int sh,
				   size_t ntargets)
{
	struct inv_event_rule *r =
		INV_PUSH(&w->regions[0].arena[DS_EVENT_RULES],
			 w->regions[0].event_rules);

	r->name = name;
	r->arn =
		w_fmt(w, "arn:aws:events:eu-west-1:123456789012:rule/%s", name);
	r->state = state;
	r->source_guardduty = gd;
	r->source_securityhub = sh;
	r->targets_checked = gd || sh;
	r->ntargets = ntargets;
	r->first_target =
		ntargets ? "arn:aws:sns:eu-west-1:123456789012:ir" : NULL;
	return r;
}

static void events_aggregated(struct world *w);

static void events_routed(struct world *w)
{
	rule(w, "gd", "ENABLED", 1, 0, 1);
	decide(w, DECIDES("events_findings_routed"));
	expect(w, CHECK_PASS, "event-bus/default",
	       "rule 'gd' in eu-west-1 routes GuardDuty findings to "
	       "arn:aws:sns:eu-west-1:123456789012:ir");
	ok(!strstr(w->out.v[0].message, "more targets"),
	   "events: one target is not 'more'");

	/* RuleState: ENABLED | DISABLED |
	 * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS */
	world_reset(w);
	rule(w, "sh", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS", 0, 1, 3);
	decide(w, "events_findings_routed");
	expect(w, CHECK_PASS, "",
	       "rule 'sh' in eu-west-1 routes Security Hub findings to "
	       "arn:aws:sns:eu-west-1:123456789012:ir (and more targets)");

	world_reset(w);
	rule(w, "both", "ENABLED", 1, 1, 1);
	decide(w, "events_findings_routed");
	expect(w, CHECK_PASS, "", "routes GuardDuty and Security Hub findings");

	world_reset(w);
	rule(w, "gd", "DISABLED", 1, 0, 1);
	decide(w, "events_findings_routed");
	expect(w, CHECK_FAIL, "",
	       "rule 'gd' in eu-west-1 matches GuardDuty findings but is "
	       "DISABLED");

	world_reset(w);
	rule(w, "gd", NULL, 1, 0, 1);
	decide(w, "events_findings_routed");
	expect(w, CHECK_FAIL, "", "but is not enabled");

	/* ListTargetsByRule answered an error: ERROR naming the rule */
	world_reset(w);
	rule(w, "gd", "ENABLED", 1, 0, 0)->targets_checked = 0;
	snprintf(w->regions[0].event_rules.v[0].targets_err.code,
		 sizeof(w->regions[0].event_rules.v[0].targets_err.code),
		 "ResourceNotFoundException");
	decide(w, "events_findings_routed");
	expect(w, CHECK_ERROR, "",
	       "rule 'gd' in eu-west-1 matches GuardDuty findings, but its "
	       "targets could not be listed (ResourceNotFoundException)");
	rule(w, "sh", "ENABLED", 0, 1, 1);
	decide(w, "events_findings_routed");
	expect(w, CHECK_PASS, "", "rule 'sh' in eu-west-1 routes");

	/* no local routing, but the detector is a GuardDuty member: its
	 * findings reach the administrator's bus, judged there */
	world_reset(w);
	rule(w, "gd", "DISABLED", 1, 0, 1);
	settings(w, "d1")->administrator = "999988887777";
	decide(w, "events_findings_routed");
	expect(w, CHECK_NA, "",
	       "no rule of account 123456789012 routes findings in eu-west-1, "
	       "but its GuardDuty detector d1 is a member of administrator "
	       "account 999988887777, whose event bus in eu-west-1 receives "
	       "its findings: routing is judged in account 999988887777");
	/* consulted, not needed: when it failed, judged on local rules */
	world_fail(w, DS_GUARDDUTY_SETTINGS, 0);
	decide(w, "events_findings_routed");
	expect(w, CHECK_FAIL, "", "matches GuardDuty findings but is DISABLED");

	/* an enabled rule without a target outranks a disabled one */
	world_reset(w);
	rule(w, "off", "DISABLED", 1, 0, 1);
	rule(w, "empty", "ENABLED", 0, 1, 0);
	decide(w, "events_findings_routed");
	expect(w, CHECK_FAIL, "",
	       "rule 'empty' in eu-west-1 matches Security Hub findings but "
	       "has no target: they go nowhere");

	/* any routing rule will do */
	world_reset(w);
	rule(w, "empty", "ENABLED", 1, 0, 0);
	rule(w, "good", "ENABLED", 1, 0, 1);
	decide(w, "events_findings_routed");
	expect(w, CHECK_PASS, "", "rule 'good'");

	world_reset(w);
	rule(w, "backup", "ENABLED", 0, 0, 1);
	decide(w, "events_findings_routed");
	expect(w, CHECK_FAIL, "",
	       "no EventBridge rule in eu-west-1 routes GuardDuty or Security "
	       "Hub findings (1 rule on the default bus)");

	/* no rule is a FAIL, not NOT_APPLICABLE */
	world_reset(w);
	decide(w, "events_findings_routed");
	expect(w, CHECK_FAIL, "", "(0 rules on the default bus)");

	/* RuleState in another casing */
	world_reset(w);
	rule(w, "gd", "Enabled_With_All_CloudTrail_Management_Events", 1, 0, 1);
	decide(w, "events_findings_routed");
	expect(w, CHECK_PASS, "", "rule 'gd' in eu-west-1 routes GuardDuty");
	events_aggregated(w);
}

/*
 * A Security Hub finding aggregator of the account, described in region
 * 'r' (its aggregation region), linking 'mode' and 'regions' (NULL-ended).
 */
static struct inv_sh_aggregator *sh_agg(struct world *w, int r,
					const char *mode, const char **regions)
{
	struct inv_sh_aggregator *g =
		INV_PUSH(&w->regions[r].arena[DS_SH_AGGREGATOR],
			 w->regions[r].sh_aggregators);

	g->arn = w_fmt(w,
		       "arn:aws:securityhub:%s:123456789012:"
		       "finding-aggregator/agg-1",
		       w->regions[r].name);
	g->account = "123456789012";
	g->region = w->regions[r].name;
	g->linking_mode = mode;
	g->described = 1;
	for (; regions && *regions; regions++)
		*INV_PUSH(&w->regions[r].arena[DS_SH_AGGREGATOR], g->regions) =
			*regions;
	return g;
}

/* A rule of region 'r' (rule() writes region 0's). */
static void rule_in(struct world *w, int r, const char *name, int gd, int sh)
{
	struct inv_event_rule *x =
		INV_PUSH(&w->regions[r].arena[DS_EVENT_RULES],
			 w->regions[r].event_rules);

	x->name = name;
	x->state = "ENABLED";
	x->source_guardduty = gd;
	x->source_securityhub = sh;
	x->targets_checked = 1;
	x->ntargets = 1;
	x->first_target = "arn:aws:sns:us-east-1:123456789012:ir";
}

/* Cross-region aggregation: routing is judged in the aggregation region */
static void events_aggregated(struct world *w)
{
	static const char *only_ap[] = { "ap-south-1", NULL };
	static const char *not_eu[] = { "eu-west-1", NULL };

	/* ALL_REGIONS into us-east-1: eu-west-1 is judged there */
	world_reset(w);
	world_regions(w, 2);
	sh_agg(w, 1, "ALL_REGIONS", NULL);
	rule_in(w, 1, "sh", 0, 1);
	decide(w, "events_findings_routed");
	expect_nth(
		w, 0, CHECK_NA,
		"no rule of account 123456789012 routes findings in eu-west-1, "
		"but Security Hub aggregates the findings of eu-west-1 into "
		"us-east-1 (arn:aws:securityhub:us-east-1:123456789012:"
		"finding-aggregator/agg-1, ALL_REGIONS): routing is judged in "
		"us-east-1");
	expect_nth(w, 1, CHECK_PASS,
		   "routes Security Hub findings to arn:aws:sns:us-east-1:"
		   "123456789012:ir, those Security Hub aggregates from its "
		   "linked "
		   "regions included");

	/* a linked region's own rule still passes it */
	rule_in(w, 0, "local", 1, 0);
	decide(w, "events_findings_routed");
	expect_nth(w, 0, CHECK_PASS,
		   "rule 'local' in eu-west-1 routes GuardDuty");

	/* the aggregation region routing GuardDuty only: linked go nowhere */
	world_reset(w);
	world_regions(w, 2);
	sh_agg(w, 1, "ALL_REGIONS", NULL);
	rule_in(w, 1, "gd", 1, 0);
	decide(w, "events_findings_routed");
	expect_nth(w, 1, CHECK_FAIL,
		   "rule 'gd' in us-east-1 routes only GuardDuty findings, but "
		   "us-east-1 is Security Hub's aggregation region");

	/* SPECIFIED_REGIONS: only those are linked */
	world_reset(w);
	world_regions(w, 3);
	sh_agg(w, 1, "SPECIFIED_REGIONS", only_ap);
	rule_in(w, 1, "sh", 0, 1);
	decide(w, "events_findings_routed");
	expect_nth(w, 0, CHECK_FAIL, "no EventBridge rule in eu-west-1");
	expect_nth(w, 2, CHECK_NA, "findings of ap-south-1 into us-east-1");

	/* ALL_REGIONS_EXCEPT_SPECIFIED: the listed ones are not */
	world_reset(w);
	world_regions(w, 3);
	sh_agg(w, 1, "ALL_REGIONS_EXCEPT_SPECIFIED", not_eu);
	rule_in(w, 1, "sh", 0, 1);
	decide(w, "events_findings_routed");
	expect_nth(w, 0, CHECK_FAIL, "no EventBridge rule in eu-west-1");
	expect_nth(w, 2, CHECK_NA,
		   "(arn:aws:securityhub:us-east-1:123456789012:"
		   "finding-aggregator/agg-1, "
		   "ALL_REGIONS_EXCEPT_SPECIFIED)");

	/* NO_REGIONS links nothing; GuardDuty-only is then fine */
	world_reset(w);
	world_regions(w, 2);
	sh_agg(w, 1, "NO_REGIONS", NULL);
	rule_in(w, 1, "gd", 1, 0);
	decide(w, "events_findings_routed");
	expect_nth(w, 0, CHECK_FAIL, "no EventBridge rule in eu-west-1");
	expect_nth(w, 1, CHECK_PASS, "routes GuardDuty findings");

	/* not described (its region not audited, or it failed there) */
	world_reset(w);
	world_regions(w, 2);
	sh_agg(w, 1, "ALL_REGIONS", NULL)->described = 0;
	decide(w, "events_findings_routed");
	expect_nth(w, 0, CHECK_FAIL, "no EventBridge rule in eu-west-1");
	world_reset(w);
	world_regions(w, 2);
	sh_agg(w, 1, "ALL_REGIONS", NULL);
	world_fail(w, DS_SH_AGGREGATOR, 1);
	decide(w, "events_findings_routed");
	expect_nth(w, 0, CHECK_FAIL, "no EventBridge rule in eu-west-1");

	/* --org: a GuardDuty member's administrator aggregates its findings */
	world_reset(w);
	settings(w, "d1")->administrator = "999988887777";
	w_org_mech(w, INV_ORG_AGGREGATOR, "999988887777", "us-east-1",
		   "arn:aws:securityhub:us-east-1:999988887777:"
		   "finding-aggregator/agg-9")
		->linking_mode = "ALL_REGIONS";
	decide(w, "events_findings_routed");
	expect(w, CHECK_NA, "",
	       "whose event bus in eu-west-1 receives its findings (and "
	       "aggregates them into us-east-1): routing is judged in account "
	       "999988887777");
}

/* ebs_default_encryption, ebs_snapshot_public_block */

static void ebs_encryption(struct world *w)
{
	w->regions[0].ebs_encryption_default = 1;
	decide(w, DECIDES("ebs_default_encryption"));
	expect(w, CHECK_PASS, "",
	       "EBS encryption by default is on in "
	       "eu-west-1");

	/* every region on its own: no NOT_APPLICABLE */
	world_reset(w);
	world_regions(w, 2);
	w->regions[1].ebs_encryption_default = 1;
	decide(w, "ebs_default_encryption");
	is_int(w->out.n, 2, "ebs encryption: one finding per region");
	ok(w->out.v[0].status == CHECK_FAIL &&
		   strstr(w->out.v[0].message,
			  "EBS encryption by default is off in eu-west-1: new "
			  "volumes") &&
		   w->out.v[1].status == CHECK_PASS &&
		   strstr(w->out.v[1].message, "on in us-east-1"),
	   "ebs encryption: off in eu-west-1 FAILs, on in us-east-1 PASSes");
}

static struct inv_snapshot *snapshot(struct world *w, int pub, const char *id,
				     const char *vol)
{
	struct inv_snapshot *s =
		pub ? INV_PUSH(&w->regions[0].arena[DS_PUBLIC_SNAPSHOTS],
			       w->regions[0].public_snapshots)
		    : INV_PUSH(&w->regions[0].arena[DS_SNAPSHOTS],
			       w->regions[0].snapshots);

	s->id = id;
	s->volume_id = vol;
	s->state = "completed";
	s->start_time = NOW - DAY;
	return s;
}

static void snapshot_public(struct world *w)
{
	snapshot(w, 0, "snap-1", "vol-1");
	snapshot(w, 1, "snap-1", "vol-1");
	decide(w, DECIDES("ebs_snapshot_public_block"));
	expect(w, CHECK_FAIL, "arn:aws:ec2:eu-west-1::snapshot/snap-1",
	       "snapshot snap-1 (of vol-1) in eu-west-1 is public: anyone can "
	       "create a volume from it");

	world_reset(w);
	snapshot(w, 1, "snap-2", NULL);
	snapshot(w, 1, "snap-3", "vol-3");
	decide(w, "ebs_snapshot_public_block");
	expect_all(w, CHECK_FAIL, 2);
	expect(w, CHECK_FAIL, "snapshot/snap-2",
	       "snapshot snap-2 in eu-west-1 is public");

	world_reset(w);
	snapshot(w, 0, "snap-1", "vol-1");
	decide(w, "ebs_snapshot_public_block");
	expect(w, CHECK_PASS, "",
	       "none of the 1 EBS snapshot owned in eu-west-1 is public");

	world_reset(w);
	snapshot(w, 0, "snap-1", "vol-1");
	snapshot(w, 0, "snap-2", "vol-1");
	decide(w, "ebs_snapshot_public_block");
	expect(w, CHECK_PASS, "", "none of the 2 EBS snapshots owned");

	world_reset(w);
	decide(w, "ebs_snapshot_public_block");
	expect(w, CHECK_NA, "", "no EBS snapshots owned in eu-west-1");

	/* SnapshotBlockPublicAccessState in another casing */
	world_reset(w);
	w->regions[0].snapshot_bpa_state = "Unblocked";
	decide(w, "ebs_snapshot_public_block");
	expect(w, CHECK_FAIL, "",
	       "block public access for snapshots is off (unblocked) in "
	       "eu-west-1");
}

/* ec2_quarantine_sg */

static struct inv_vpc *vpc(struct world *w, const char *id, const char *name)
{
	struct inv_vpc *v =
		INV_PUSH(&w->regions[0].arena[DS_VPC], w->regions[0].vpcs);

	v->id = id;
	v->name = name;
	v->state = "available";
	return v;
}

static struct inv_instance *instance(struct world *w, const char *id,
				     const char *vpc_id, const char *state)
{
	struct inv_instance *in = INV_PUSH(&w->regions[0].arena[DS_INSTANCES],
					   w->regions[0].instances);

	in->id = id;
	in->vpc_id = vpc_id;
	in->state = state;
	return in;
}

static struct inv_sg *sg(struct world *w, const char *id, const char *vpc_id,
			 const char *name, size_t nin, size_t neg)
{
	struct inv_sg *g = INV_PUSH(&w->regions[0].arena[DS_SECURITY_GROUPS],
				    w->regions[0].sgs);

	g->id = id;
	g->vpc_id = vpc_id;
	g->name = name;
	g->description = "managed by terraform";
	g->ningress = nin;
	g->negress = neg;
	/* the rule contents are not read, only how many there are */
	g->ingress =
		nin ? arena_alloc(&w->mem, nin * sizeof(*g->ingress)) : NULL;
	g->egress = neg ? arena_alloc(&w->mem, neg * sizeof(*g->egress)) : NULL;
	return g;
}

static void quarantine(struct world *w)
{
	/* instance states: the live ones, and the two that do not count */
	static const char *const live[] = { "pending", "running", "stopping",
					    "stopped" };
	static const char *const gone[] = { "shutting-down", "terminated" };
	struct inv_tag *tag;

	vpc(w, "vpc-1", "prod");
	instance(w, "i-1", "vpc-1", "running");
	sg(w, "sg-q", "vpc-1", "quarantine", 0, 0);
	decide(w, DECIDES("ec2_quarantine_sg"));
	expect(w, CHECK_PASS, "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-1",
	       "VPC vpc-1 (prod) in eu-west-1 (1 instance) has isolation "
	       "security group sg-q (quarantine) with no inbound or outbound "
	       "rule");

	for (size_t i = 0; i < ARRAY_LEN(live); i++) {
		world_reset(w);
		vpc(w, "vpc-1", NULL);
		instance(w, "i-1", "vpc-1", live[i]);
		instance(w, "i-2", "vpc-1", "running");
		sg(w, "sg-q", "vpc-1", "x", 0, 0)->description =
			"Forensic ISOLATION group";
		decide(w, "ec2_quarantine_sg");
		expect(w, CHECK_PASS, "vpc/vpc-1",
		       "VPC vpc-1 in eu-west-1 (2 instances) has isolation");
	}
	for (size_t i = 0; i < ARRAY_LEN(gone); i++) {
		world_reset(w);
		vpc(w, "vpc-1", NULL);
		instance(w, "i-1", "vpc-1", gone[i]);
		decide(w, "ec2_quarantine_sg");
		expect(w, CHECK_NA, "", "no VPC with instances in eu-west-1");
	}

	/* a label in a tag key or value */
	world_reset(w);
	vpc(w, "vpc-1", NULL);
	instance(w, "i-1", "vpc-1", "running");
	{
		struct inv_sg *g = sg(w, "sg-t", "vpc-1", "ir", 0, 0);

		tag = arena_alloc(&w->mem, sizeof(*tag));
		tag->key = "purpose";
		tag->value = "Containment";
		g->tags = tag;
		g->ntags = 1;
	}
	decide(w, "ec2_quarantine_sg");
	expect(w, CHECK_PASS, "vpc/vpc-1", "sg-t (ir)");

	/* labelled but still with the default egress rule */
	world_reset(w);
	vpc(w, "vpc-1", "prod");
	instance(w, "i-1", "vpc-1", "running");
	sg(w, "sg-q", "vpc-1", "quarantine", 0, 1);
	decide(w, "ec2_quarantine_sg");
	expect(w, CHECK_FAIL, "vpc/vpc-1",
	       "has no usable isolation security group: sg-q (quarantine) "
	       "still has 0 inbound and 1 outbound rule");

	world_reset(w);
	vpc(w, "vpc-1", "prod");
	instance(w, "i-1", "vpc-1", "running");
	sg(w, "sg-e", "vpc-1", "spare", 0, 0);
	sg(w, "sg-q", "vpc-2", "quarantine", 0, 0); /* another VPC's */
	decide(w, "ec2_quarantine_sg");
	expect(w, CHECK_FAIL, "vpc/vpc-1",
	       "has no isolation security group (empty group sg-e has no "
	       "rules but no quarantine/isolation label)");

	world_reset(w);
	vpc(w, "vpc-1", "prod");
	vpc(w, "vpc-2", "empty");
	instance(w, "i-1", "vpc-1", "running");
	sg(w, "sg-d", "vpc-1", "default", 1, 1);
	decide(w, "ec2_quarantine_sg");
	is_int(w->out.n, 1, "quarantine: a VPC without instances is skipped");
	expect(w, CHECK_FAIL, "vpc/vpc-1",
	       "VPC vpc-1 (prod) in eu-west-1 (1 instance) has no isolation "
	       "security group");

	world_reset(w);
	decide(w, "ec2_quarantine_sg");
	expect(w, CHECK_NA, "", "no VPC with instances in eu-west-1");

	/* InstanceStateName in another casing: a terminated instance does
	 * not count */
	world_reset(w);
	vpc(w, "vpc-1", NULL);
	instance(w, "i-1", "vpc-1", "Terminated");
	instance(w, "i-2", "vpc-1", "SHUTTING-DOWN");
	decide(w, "ec2_quarantine_sg");
	expect(w, CHECK_NA, "", "no VPC with instances in eu-west-1");
}

/* cfn_stacks_managed */

static struct inv_stack *stack(struct world *w, const char *name,
			       const char *status, const char *drift)
{
	struct inv_stack *s =
		INV_PUSH(&w->regions[0].arena[DS_STACKS], w->regions[0].stacks);

	s->name = name;
	s->id = w_fmt(w,
		      "arn:aws:cloudformation:eu-west-1:123456789012:stack/%s/"
		      "1",
		      name);
	s->status = status;
	s->drift = drift;
	s->created = NOW - 100 * DAY;
	return s;
}

static void cfn(struct world *w)
{
	/* StackDriftStatus: DRIFTED | IN_SYNC | UNKNOWN | NOT_CHECKED */
	static const char *const unknown[] = { "UNKNOWN", "NOT_CHECKED", NULL };

	stack(w, "app", "CREATE_COMPLETE", "IN_SYNC");
	decide(w, DECIDES("cfn_stacks_managed"));
	expect(w, CHECK_PASS, "stack/app",
	       "stack app in eu-west-1 is in sync with its template "
	       "(CREATE_COMPLETE)");

	world_reset(w);
	stack(w, "app", "UPDATE_COMPLETE", "DRIFTED");
	decide(w, "cfn_stacks_managed");
	expect(w, CHECK_FAIL, "stack/app",
	       "stack app in eu-west-1 has drifted from its template "
	       "(UPDATE_COMPLETE)");

	for (size_t i = 0; i < ARRAY_LEN(unknown); i++) {
		world_reset(w);
		stack(w, "app", "UPDATE_ROLLBACK_COMPLETE", unknown[i]);
		decide(w, "cfn_stacks_managed");
		expect(w, CHECK_PASS, "stack/app",
		       w_fmt(w,
			     "stack app in eu-west-1 "
			     "(UPDATE_ROLLBACK_COMPLETE) is not known to have "
			     "drifted (drift %s: run drift detection",
			     unknown[i] ? unknown[i] : "NOT_CHECKED"));
	}

	world_reset(w);
	vpc(w, "vpc-d", NULL)->is_default = 1;
	vpc(w, "vpc-1", "prod");
	decide(w, "cfn_stacks_managed");
	expect(w, CHECK_FAIL, "",
	       "no CloudFormation stack in eu-west-1, which has 1 non-default "
	       "VPC: infrastructure built by hand");

	world_reset(w);
	vpc(w, "vpc-d", NULL)->is_default = 1;
	decide(w, "cfn_stacks_managed");
	expect(w, CHECK_NA, "",
	       "no CloudFormation stack and no non-default VPC in eu-west-1");

	world_reset(w);
	decide(w, "cfn_stacks_managed");
	expect(w, CHECK_NA, "", "no CloudFormation stack and no non-default");

	/* VPCs shared in through RAM are built in the owner's account */
	world_reset(w);
	vpc(w, "vpc-d", NULL)->is_default = 1;
	vpc(w, "vpc-s", "shared")->owner = "999988887777";
	decide(w, "cfn_stacks_managed");
	expect(w, CHECK_NA, "",
	       "no CloudFormation stack in eu-west-1; its 1 non-default VPC is "
	       "shared with this account through AWS RAM (owner: account "
	       "999988887777), built and judged in the owner's account");
	vpc(w, "vpc-own", "mine");
	decide(w, "cfn_stacks_managed");
	expect(w, CHECK_FAIL, "",
	       "which has 1 non-default VPC: infrastructure");

	/* StackDriftStatus in another casing */
	world_reset(w);
	stack(w, "app", "UPDATE_COMPLETE", "Drifted");
	decide(w, "cfn_stacks_managed");
	expect(w, CHECK_FAIL, "stack/app", "has drifted from its template");
	world_reset(w);
	stack(w, "app", "CREATE_COMPLETE", "in_sync");
	decide(w, "cfn_stacks_managed");
	expect(w, CHECK_PASS, "stack/app", "is in sync with its template");
}

static const struct {
	const char *name;
	void (*fn)(struct world *);
} cases[] = {
	{ "guardduty_enabled", gd_enabled },
	{ "guardduty_findings_export", gd_export },
	{ "guardduty_malware_snapshot_retention", gd_malware },
	{ "guardduty_protection_plans", gd_plans },
	{ "guardduty_stale_findings", gd_stale },
	{ "events_findings_routed", events_routed },
	{ "ebs_default_encryption", ebs_encryption },
	{ "ebs_snapshot_public_block", snapshot_public },
	{ "ec2_quarantine_sg", quarantine },
	{ "cfn_stacks_managed", cfn },
};

int main(void)
{
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct world w;

		printf("# %s\n", cases[i].name);
		world_init(&w);
		cases[i].fn(&w);
		world_release(&w);
		expect_needs_error(cases[i].name);
	}
	return done_testing();
}
