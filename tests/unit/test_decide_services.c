/*
 * test_decide_services.c -- decision tables for the security-service,
 * key, secret, logging and alerting checks: inspector_enabled,
 * macie_enabled, securityhub_enabled, kms_cmk_rotation,
 * kms_keys_pending_deletion, secrets_rotation, ssm_parameters_securestring,
 * ssm_managed_instances, ses_identity_verified, sns_alert_subscribers,
 * log_analytics_ready, logs_retention and s3_public_access_block (see
 * decide.h)
 *
 * Enum values are the services' own, as their APIs return them:
 * Inspector2 ENABLING/ENABLED/DISABLING/DISABLED/SUSPENDING/SUSPENDED;
 * Macie ENABLED/PAUSED; Security Hub standards PENDING/READY/FAILED/
 * DELETING/INCOMPLETE; KMS KeyState Enabled/Disabled/PendingDeletion/
 * PendingReplicaDeletion/PendingImport/Unavailable/Creating/Updating;
 * SSM PingStatus Online/ConnectionLost/Inactive; SES VerificationStatus
 * Pending/Success/Failed/TemporaryFailure/NotStarted; CloudTrail Lake
 * Status CREATED/ENABLED/PENDING_DELETION/STARTING_INGESTION/
 * STOPPING_INGESTION/STOPPED_INGESTION.
 */
#include "decide.h"

/* inspector_enabled */

static void inspector(struct world *w)
{
	static const struct {
		const char *state, *ec2, *ecr, *lambda;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ "ENABLED", "ENABLED", "ENABLED", "ENABLED", CHECK_PASS,
		  "Inspector scans EC2, ECR and Lambda in eu-west-1" },
		{ NULL, "ENABLED", "ENABLED", "ENABLED", CHECK_PASS,
		  "Inspector scans EC2, ECR and Lambda" },
		{ "ENABLED", "DISABLED", "ENABLED", "ENABLED", CHECK_FAIL,
		  "Inspector in eu-west-1 (account ENABLED) does not scan "
		  "everything: EC2 DISABLED" },
		{ "ENABLED", "ENABLED", "ENABLING", "ENABLED", CHECK_FAIL,
		  "does not scan everything: ECR ENABLING" },
		{ "ENABLED", "ENABLED", "ENABLED", "DISABLING", CHECK_FAIL,
		  "everything: Lambda DISABLING" },
		{ "SUSPENDED", "SUSPENDED", "SUSPENDING", NULL, CHECK_FAIL,
		  "(account SUSPENDED) does not scan everything: EC2 "
		  "SUSPENDED, "
		  "ECR SUSPENDING, Lambda not reported" },
		{ "DISABLED", "DISABLED", "DISABLED", "DISABLED", CHECK_FAIL,
		  "(account DISABLED) does not scan everything: EC2 DISABLED, "
		  "ECR DISABLED, Lambda DISABLED" },
		{ NULL, NULL, NULL, NULL, CHECK_FAIL,
		  "Inspector in eu-west-1 (account not reported) does not scan "
		  "everything: EC2 not reported, ECR not reported, Lambda not "
		  "reported" },
		/* an enum in another casing is the same value */
		{ "Enabled", "enabled", "ENABLED", "ENABLED", CHECK_PASS,
		  "Inspector scans EC2, ECR and Lambda in eu-west-1" },
	};
	struct inv_inspector *in = &w->regions[0].inspector;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		in->state = rows[i].state;
		in->ec2 = rows[i].ec2;
		in->ecr = rows[i].ecr;
		in->lambda = rows[i].lambda;
		if (!i)
			decide(w, DECIDES("inspector_enabled"));
		else
			decide(w, "inspector_enabled");
		expect(w, rows[i].st, "", rows[i].msg);
	}
	expect_errors_per_need(w, "inspector_enabled");

	/* per region: one finding each */
	in->ec2 = "ENABLED";
	world_regions(w, 2);
	decide(w, "inspector_enabled");
	ok(w->out.n == 2 && w->out.v[0].status == CHECK_PASS &&
		   w->out.v[1].status == CHECK_FAIL &&
		   strstr(w->out.v[1].message, "Inspector in us-east-1"),
	   "eu-west-1 PASS, us-east-1 FAIL (%zu findings)", w->out.n);
}

/* macie_enabled */

static void macie(struct world *w)
{
	struct inv_macie *m = &w->regions[0].macie;

	decide(w, DECIDES("macie_enabled"));
	expect(w, CHECK_FAIL, "",
	       "Macie is not enabled in eu-west-1 (no "
	       "session)");

	m->reason = "Macie is not enabled.";
	decide(w, "macie_enabled");
	expect(w, CHECK_FAIL, "",
	       "Macie is not enabled in eu-west-1 (Macie is not enabled.)");

	m->enabled = 1;
	m->status = "ENABLED";
	decide(w, "macie_enabled");
	expect(w, CHECK_PASS, "", "Macie is enabled in eu-west-1");

	m->status = "PAUSED";
	decide(w, "macie_enabled");
	expect(w, CHECK_FAIL, "",
	       "Macie in eu-west-1 is PAUSED: no sensitive-data discovery "
	       "runs");

	m->status = NULL;
	decide(w, "macie_enabled");
	expect(w, CHECK_FAIL, "", "Macie in eu-west-1 is in an unknown state");

	/* MacieStatus in another casing is the same value */
	m->status = "Enabled";
	decide(w, "macie_enabled");
	expect(w, CHECK_PASS, "", "Macie is enabled in eu-west-1");

	m->status = "ENABLED";
	expect_errors_per_need(w, "macie_enabled");
}

/* securityhub_enabled */

static void standard(struct world *w, const char *arn, const char *status)
{
	struct inv_sh_standard *s =
		INV_PUSH(&w->regions[0].arena[DS_SECURITYHUB],
			 w->regions[0].sh_standards);

	s->standards_arn = arn;
	s->status = status;
}

static void securityhub(struct world *w)
{
	static const char *const not_ready[] = { "PENDING", "FAILED",
						 "DELETING", NULL };
	struct inv_securityhub *h = &w->regions[0].securityhub;

	decide(w, DECIDES("securityhub_enabled"));
	expect(w, CHECK_FAIL, "hub/default",
	       "Security Hub is not enabled in eu-west-1 (no hub)");

	h->reason = "Account 123456789012 is not subscribed to AWS Security "
		    "Hub";
	decide(w, "securityhub_enabled");
	expect(w, CHECK_FAIL, "", "(Account 123456789012 is not subscribed");

	h->subscribed = 1;
	decide(w, "securityhub_enabled");
	expect(w, CHECK_FAIL,
	       "arn:aws:securityhub:eu-west-1:123456789012:hub/"
	       "default",
	       "Security Hub is enabled in eu-west-1 but no standard is "
	       "enabled (0 subscriptions, none READY)");

	for (size_t i = 0; i < sizeof(not_ready) / sizeof(not_ready[0]); i++) {
		w->regions[0].sh_standards.n = 0;
		standard(w,
			 "arn:aws:securityhub:eu-west-1::standards/"
			 "aws-foundational-security-best-practices/v/1.0.0",
			 not_ready[i]);
		decide(w, "securityhub_enabled");
		expect(w, CHECK_FAIL, "", "(1 subscription, none READY)");
	}

	/* StandardsStatus in another casing is the same value */
	w->regions[0].sh_standards.v[0].status = "ready";
	decide(w, "securityhub_enabled");
	expect(w, CHECK_PASS, "", "Security Hub is enabled in eu-west-1");

	h->hub_arn = "arn:aws:securityhub:eu-west-1:123456789012:hub/custom";
	w->regions[0].sh_standards.v[0].status = "READY";
	decide(w, "securityhub_enabled");
	expect(w, CHECK_PASS, "hub/custom",
	       "Security Hub is enabled in eu-west-1 with 1 standard "
	       "(aws-foundational-security-best-practices/v/1.0.0)");

	standard(w,
		 "arn:aws:securityhub:::ruleset/cis-aws-foundations-"
		 "benchmark/v/1.2.0",
		 "INCOMPLETE");
	standard(w, "arn:aws:securityhub:eu-west-1::standards/pci-dss/v/3.2.1",
		 "DELETING");
	w->regions[0].sh_standards.v[0].status = "PENDING";
	decide(w, "securityhub_enabled");
	expect(w, CHECK_PASS, "",
	       "with 1 standard (cis-aws-foundations-benchmark/v/1.2.0)");

	w->regions[0].sh_standards.v[0].status = "READY";
	decide(w, "securityhub_enabled");
	expect(w, CHECK_PASS, "",
	       "with 2 standards (aws-foundational-security-best-practices/v/"
	       "1.0.0, ...)");

	expect_errors_per_need(w, "securityhub_enabled");
}

/* kms_cmk_rotation, kms_keys_pending_deletion */

static struct inv_kms_key *key(struct world *w, const char *id,
			       const char *manager, const char *state)
{
	struct inv_kms_key *k =
		INV_PUSH(&w->regions[0].arena[DS_KMS], w->regions[0].keys);

	k->id = id;
	k->arn = w_fmt(w, "arn:aws:kms:eu-west-1:123456789012:key/%s", id);
	k->manager = manager;
	k->state = state;
	k->spec = "SYMMETRIC_DEFAULT";
	k->usage = "ENCRYPT_DECRYPT";
	k->origin = "AWS_KMS";
	return k;
}

static void kms_rotation(struct world *w)
{
	static const struct {
		const char *manager, *state, *spec, *origin;
	} skipped[] = {
		{ "AWS", "Enabled", "SYMMETRIC_DEFAULT", "AWS_KMS" },
		{ "CUSTOMER", "Disabled", "SYMMETRIC_DEFAULT", "AWS_KMS" },
		{ "CUSTOMER", "PendingDeletion", "SYMMETRIC_DEFAULT",
		  "AWS_KMS" },
		{ "CUSTOMER", "PendingImport", "SYMMETRIC_DEFAULT",
		  "EXTERNAL" },
		{ "CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT", "EXTERNAL" },
		{ "CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT", "AWS_CLOUDHSM" },
		{ "CUSTOMER", "Enabled", "SYMMETRIC_DEFAULT",
		  "EXTERNAL_KEY_STORE" },
		{ "CUSTOMER", "Enabled", "RSA_2048", "AWS_KMS" },
		{ "CUSTOMER", "Enabled", "HMAC_256", "AWS_KMS" },
		{ "CUSTOMER", "Enabled", "ECC_NIST_P256", "AWS_KMS" },
		{ "CUSTOMER", "Unavailable", "SYMMETRIC_DEFAULT", "AWS_KMS" },
		{ NULL, "Enabled", "SYMMETRIC_DEFAULT", "AWS_KMS" },
	};
	struct inv_kms_key *k;

	decide(w, DECIDES("kms_cmk_rotation"));
	expect(w, CHECK_NA, "",
	       "no enabled customer-managed symmetric keys in eu-west-1 (0 "
	       "keys in total)");

	for (size_t i = 0; i < sizeof(skipped) / sizeof(skipped[0]); i++) {
		w->regions[0].keys.n = 0;
		k = key(w, "k-1", skipped[i].manager, skipped[i].state);
		k->spec = skipped[i].spec;
		k->origin = skipped[i].origin;
		decide(w, "kms_cmk_rotation");
		expect(w, CHECK_NA, "",
		       "no enabled customer-managed symmetric keys in "
		       "eu-west-1 "
		       "(1 key in total)");
	}

	w->regions[0].keys.n = 0;
	k = key(w, "k-1", "CUSTOMER", "Enabled");
	k->rotation_checked = 1;
	k->rotation_enabled = 1;
	decide(w, "kms_cmk_rotation");
	expect(w, CHECK_PASS, "key/k-1",
	       "key k-1 in eu-west-1 rotates "
	       "automatically");

	/* older answers without KeySpec or Origin: symmetric, KMS material */
	k->spec = NULL;
	k->origin = NULL;
	decide(w, "kms_cmk_rotation");
	expect(w, CHECK_PASS, "key/k-1", "rotates automatically");

	k->rotation_enabled = 0;
	k->description = "payments";
	decide(w, "kms_cmk_rotation");
	expect(w, CHECK_FAIL, "key/k-1",
	       "key k-1 in eu-west-1 (payments) does not rotate");
	k->description = "";
	decide(w, "kms_cmk_rotation");
	expect(w, CHECK_FAIL, "key/k-1",
	       "key k-1 in eu-west-1 does not "
	       "rotate");

	key(w, "k-aws", "AWS", "Enabled");
	decide(w, "kms_cmk_rotation");
	ok(w->out.n == 1, "the AWS-managed key is not judged (%zu)", w->out.n);

	/* one key's error is that key's ERROR; the others are judged */
	w->regions[0].keys.n = 0;
	k = key(w, "k-ok", "CUSTOMER", "Enabled");
	k->rotation_checked = k->rotation_enabled = 1;
	k = key(w, "k-deny", NULL, NULL);
	k->spec = k->usage = k->origin = NULL;
	snprintf(k->describe_err.code, sizeof(k->describe_err.code),
		 "AccessDeniedException");
	decide(w, "kms_cmk_rotation");
	expect(w, CHECK_ERROR, "key/k-deny",
	       "key k-deny in eu-west-1 could not be described "
	       "(AccessDeniedException: ): its key policy may not delegate "
	       "to IAM");
	expect(w, CHECK_PASS, "key/k-ok", "rotates automatically");

	w->regions[0].keys.n = 0;
	k = key(w, "k-rot", "CUSTOMER", "Enabled");
	snprintf(k->rotation_err.code, sizeof(k->rotation_err.code),
		 "AccessDeniedException");
	decide(w, "kms_cmk_rotation");
	expect(w, CHECK_ERROR, "key/k-rot",
	       "the rotation status of key k-rot in eu-west-1 could not be "
	       "read (AccessDeniedException");

	expect_errors_per_need(w, "kms_cmk_rotation");
}

static void kms_deletion(struct world *w)
{
	static const char *const fine[] = { "Enabled",       "Disabled",
					    "PendingImport", "Unavailable",
					    "Creating",      "Updating" };
	struct inv_kms_key *k;

	decide(w, DECIDES("kms_keys_pending_deletion"));
	expect(w, CHECK_NA, "",
	       "no customer-managed KMS keys in eu-west-1 (0 keys in total)");

	key(w, "k-aws", "AWS", "PendingDeletion");
	decide(w, "kms_keys_pending_deletion");
	expect(w, CHECK_NA, "",
	       "no customer-managed KMS keys in eu-west-1 (1 key in total)");

	w->regions[0].keys.n = 0;
	k = key(w, "k-1", "CUSTOMER", NULL);
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		k->state = fine[i];
		decide(w, "kms_keys_pending_deletion");
		expect(w, CHECK_PASS, "key/k-1",
		       w_fmt(w,
			     "key k-1 in eu-west-1 is %s, not scheduled for "
			     "deletion",
			     fine[i]));
	}
	k->state = NULL;
	decide(w, "kms_keys_pending_deletion");
	expect(w, CHECK_PASS, "key/k-1", "is in an unknown state");

	/* KeyManager and KeyState in another casing are the same values */
	k->manager = "Customer";
	k->state = "PENDINGDELETION";
	decide(w, "kms_keys_pending_deletion");
	expect(w, CHECK_FAIL, "key/k-1", "is scheduled for deletion");
	k->manager = "CUSTOMER";

	k->state = "PendingDeletion";
	k->deletion_date = NOW + 7 * DAY;
	k->description = "old backups";
	decide(w, "kms_keys_pending_deletion");
	expect(w, CHECK_FAIL, "key/k-1",
	       "key k-1 in eu-west-1 (old backups) is scheduled for deletion "
	       "on 2026-12-05: data encrypted under it becomes unrecoverable");

	k->deletion_date = NOW + 1;
	decide(w, "kms_keys_pending_deletion");
	expect(w, CHECK_FAIL, "key/k-1", "deletion on 2026-11-28: data");

	k->deletion_date = NOW;
	decide(w, "kms_keys_pending_deletion");
	expect(w, CHECK_FAIL, "key/k-1", "on 2026-11-28 (overdue): data");

	k->deletion_date = 0;
	k->state = "PendingReplicaDeletion";
	k->description = NULL;
	decide(w, "kms_keys_pending_deletion");
	expect(w, CHECK_FAIL, "key/k-1",
	       "key k-1 in eu-west-1 is scheduled for deletion: data");

	/* a key that cannot be described is that key's ERROR only */
	k->state = "Enabled";
	k = key(w, "k-deny", NULL, NULL);
	snprintf(k->describe_err.code, sizeof(k->describe_err.code),
		 "AccessDeniedException");
	decide(w, "kms_keys_pending_deletion");
	expect(w, CHECK_ERROR, "key/k-deny",
	       "key k-deny in eu-west-1 could not be described "
	       "(AccessDeniedException: ): whether it is scheduled for "
	       "deletion is unknown");
	expect(w, CHECK_PASS, "key/k-1", "is Enabled, not scheduled");

	expect_errors_per_need(w, "kms_keys_pending_deletion");
}

/* secrets_rotation */

static struct inv_secret *secret(struct world *w, const char *name)
{
	struct inv_secret *s = INV_PUSH(&w->regions[0].arena[DS_SECRETS],
					w->regions[0].secrets);

	s->name = name;
	s->arn = w_fmt(w,
		       "arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
		       "%s-AbCdEf",
		       name);
	s->created = NOW - 400 * DAY;
	return s;
}

static void secrets_basic(struct world *w)
{
	struct inv_secret *s;

	decide(w, DECIDES("secrets_rotation"));
	expect(w, CHECK_NA, "", "no Secrets Manager secrets in eu-west-1");

	/* scheduled for deletion; a replica of another region's secret */
	secret(w, "gone")->deleted = NOW - DAY;
	secret(w, "replica")->primary_region = "us-east-1";
	decide(w, "secrets_rotation");
	expect(w, CHECK_NA, "", "no Secrets Manager secrets in eu-west-1");

	w->regions[0].secrets.n = 0;
	s = secret(w, "db");
	s->primary_region = "eu-west-1";
	decide(w, "secrets_rotation");
	expect(w, CHECK_FAIL, "secret:db",
	       "secret db in eu-west-1 does not rotate automatically and "
	       "never has");

	s->last_rotated = NOW - 500 * DAY;
	decide(w, "secrets_rotation");
	expect(w, CHECK_FAIL, "secret:db",
	       "secret db in eu-west-1 does not rotate automatically");
	ok(!strstr(w->out.v[0].message, "never"), "it rotated once: %s",
	   w->out.v[0].message);

	s->rotation_enabled = 1;
	s->rotation_days = 30;
	s->last_rotated = 0;
	s->created = 0;
	decide(w, "secrets_rotation");
	expect(w, CHECK_FAIL, "secret:db",
	       "secret db in eu-west-1 has rotation enabled but no known "
	       "rotation or creation date");

	/* owned by another service: its rotation is set there */
	w->regions[0].secrets.n = 0;
	s = secret(w, "rds!db-1");
	s->owning_service = "rds";
	decide(w, "secrets_rotation");
	expect(w, CHECK_NA, "secret:rds!db-1",
	       "secret rds!db-1 in eu-west-1 is managed by rds "
	       "(OwningService): its rotation is configured through rds, not "
	       "Secrets Manager");
	s->rotation_enabled = 1;
	s->rotation_days = 7;
	s->last_rotated = NOW - 3 * DAY;
	decide(w, "secrets_rotation");
	expect(w, CHECK_PASS, "secret:rds!db-1", "rotates every 7 days");

	expect_errors_per_need(w, "secrets_rotation");
}

static void secrets_periods(struct world *w)
{
	static const struct {
		long days;         /* AutomaticallyAfterDays */
		const char *sched; /* ScheduleExpression */
		long age;          /* days since the last rotation */
		int rotated;       /* 0: never, age counts from creation */
		enum check_status st;
		const char *msg;
	} rows[] = {
		/* 30 days, plus 2 of slack */
		{ 30, NULL, 31, 1, CHECK_PASS,
		  "rotates every 30 days (last rotated 31 days ago)" },
		{ 30, NULL, 32, 1, CHECK_PASS, "(last rotated 32 days ago)" },
		{ 30, NULL, 33, 1, CHECK_FAIL,
		  "secret db in eu-west-1 was last rotated 33 days ago, but "
		  "should rotate every 30 days: its rotation is failing" },
		{ 30, NULL, 32, 0, CHECK_PASS, "(created 32 days ago)" },
		{ 30, NULL, 33, 0, CHECK_FAIL,
		  "has rotation enabled but has not rotated since it was "
		  "created 33 days ago" },
		{ 1, NULL, 1, 1, CHECK_PASS,
		  "rotates every 1 day (last rotated 1 day ago)" },
		{ 1, NULL, 3, 1, CHECK_PASS, "rotates every 1 day" },
		{ 1, NULL, 4, 1, CHECK_FAIL, "should rotate every 1 days" },
		/* rate() expressions */
		{ 0, "rate(10 days)", 12, 1, CHECK_PASS,
		  "rotates every 10 days" },
		{ 0, "rate(10 days)", 13, 1, CHECK_FAIL,
		  "should rotate every 10 days" },
		{ 0, "rate(1 day)", 3, 1, CHECK_PASS, "rotates every 1 day" },
		{ 0, "rate(4 hours)", 3, 1, CHECK_PASS, "rotates every 1 day" },
		{ 0, "rate(4 hours)", 4, 1, CHECK_FAIL,
		  "should rotate every 1 days" },
		/* the days win over the expression */
		{ 7, "rate(30 days)", 10, 1, CHECK_FAIL,
		  "should rotate every 7 days" },
		/* cron(): at least yearly */
		{ 0, "cron(0 16 1,15 * ? *)", 365, 1, CHECK_PASS,
		  "rotates on cron(0 16 1,15 * ? *) (last rotated 365 days "
		  "ago)" },
		{ 0, "cron(0 16 1,15 * ? *)", 366, 1, CHECK_FAIL,
		  "was last rotated 366 days ago, but should rotate every "
		  "(cron "
		  "schedule, at least) 365 days" },
		{ 0, NULL, 365, 1, CHECK_PASS, "rotates on a schedule" },
		{ 0, "rate(0 days)", 366, 1, CHECK_FAIL,
		  "(cron schedule, at " },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct inv_secret *s;

		w->regions[0].secrets.n = 0;
		s = secret(w, "db");
		s->rotation_enabled = 1;
		s->rotation_days = rows[i].days;
		s->schedule = rows[i].sched;
		if (rows[i].rotated)
			s->last_rotated = NOW - rows[i].age * DAY;
		else
			s->created = NOW - rows[i].age * DAY;
		decide(w, "secrets_rotation");
		expect(w, rows[i].st, "secret:db", rows[i].msg);
	}
}

/* ssm_parameters_securestring */

static void ssm_parameters(struct world *w)
{
	static const struct {
		const char *name, *type;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ "/prod/db/password", "String", CHECK_FAIL,
		  "parameter /prod/db/password in eu-west-1 looks secret "
		  "(\"password\") but is a plain String" },
		{ "GithubToken", "StringList", CHECK_FAIL,
		  "looks secret (\"Token\") but is a plain StringList" },
		{ "api_key2", "String", CHECK_FAIL, "(\"key\")" },
		{ "APIKey", "String", CHECK_FAIL, "(\"Key\")" },
		{ "/app/SECRETS", "String", CHECK_FAIL, "(\"SECRETS\")" },
		{ "license", "String", CHECK_FAIL, "(\"license\")" },
		{ "ldap.passwd", "String", CHECK_FAIL, "(\"passwd\")" },
		{ "svc-credentials", "String", CHECK_FAIL,
		  "(\"credentials\")" },
		{ "keys", "String", CHECK_FAIL, "(\"keys\")" },
		{ "/prod/db/password", "SecureString", CHECK_PASS,
		  "parameter /prod/db/password in eu-west-1 is a "
		  "SecureString" },
		{ "monkey-count", "String", CHECK_NA,
		  "no parameter in eu-west-1 has a secret-looking name (1 "
		  "parameter)" },
		{ "keyboard-layout", "String", CHECK_NA,
		  "secret-looking name" },
		{ "keyss", "String", CHECK_NA, "secret-looking name" },
		{ "tokenizer", "String", CHECK_NA, "secret-looking name" },
		{ "passwords-policy", "String", CHECK_FAIL, "(\"passwords\")" },
		/* ParameterType in another casing is the same value */
		{ "/prod/db/password", "SECURESTRING", CHECK_PASS,
		  "is a SecureString" },
	};

	decide(w, DECIDES("ssm_parameters_securestring"));
	expect(w, CHECK_NA, "",
	       "no parameter in eu-west-1 has a secret-looking name (0 "
	       "parameters)");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct inv_ssm_parameter *p;

		w->regions[0].ssm_parameters.n = 0;
		p = INV_PUSH(&w->regions[0].arena[DS_SSM_PARAMETERS],
			     w->regions[0].ssm_parameters);
		p->name = rows[i].name;
		p->type = rows[i].type;
		decide(w, "ssm_parameters_securestring");
		expect(w, rows[i].st, "", rows[i].msg);
	}
}

static void ssm_parameters_arn(struct world *w)
{
	struct inv_ssm_parameter *p =
		INV_PUSH(&w->regions[0].arena[DS_SSM_PARAMETERS],
			 w->regions[0].ssm_parameters);

	p->name = "/prod/db/password";
	p->type = "SecureString";
	p->key_id = "alias/aws/ssm";
	decide(w, "ssm_parameters_securestring");
	expect(w, CHECK_PASS,
	       "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password",
	       "is a SecureString encrypted with alias/aws/ssm");

	/* the partition follows the region (check_arn) */
	w->acct.caller_arn = "arn:aws-cn:sts::123456789012:assumed-role/a/b";
	w->regions[0].name = "cn-north-1";
	p->name = "db-token";
	decide(w, "ssm_parameters_securestring");
	expect(w, CHECK_PASS,
	       "arn:aws-cn:ssm:cn-north-1:123456789012:parameter/db-token",
	       "parameter db-token");
	w->regions[0].name = "eu-west-1";

	expect_errors_per_need(w, "ssm_parameters_securestring");
}

/* ssm_managed_instances */

static void ssm_instances(struct world *w)
{
	static const struct {
		const char *ping;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ "Online", CHECK_PASS,
		  "instance i-1 (web) in eu-west-1 is an online SSM managed "
		  "instance (agent 3.3.40.0)" },
		{ "ConnectionLost", CHECK_FAIL,
		  "instance i-1 (web) in eu-west-1 is registered with SSM but "
		  "its agent is ConnectionLost" },
		{ "Inactive", CHECK_FAIL, "but its agent is Inactive" },
		{ NULL, CHECK_FAIL, "but its agent is unknown" },
		/* PingStatus in another casing is the same value */
		{ "ONLINE", CHECK_PASS, "is an online SSM managed instance" },
	};
	struct inv_instance *in;
	struct inv_ssm_instance *m;

	decide(w, DECIDES("ssm_managed_instances"));
	expect(w, CHECK_NA, "", "no running instances in eu-west-1");

	in = INV_PUSH(&w->regions[0].arena[DS_INSTANCES],
		      w->regions[0].instances);
	in->id = "i-stopped";
	in->state = "stopped";
	decide(w, "ssm_managed_instances");
	expect(w, CHECK_NA, "", "no running instances in eu-west-1");

	in = INV_PUSH(&w->regions[0].arena[DS_INSTANCES],
		      w->regions[0].instances);
	in->id = "i-1";
	in->name = "web";
	in->state = "running";
	decide(w, "ssm_managed_instances");
	expect(w, CHECK_FAIL, "instance/i-1",
	       "instance i-1 (web) in eu-west-1 is not an SSM managed "
	       "instance");
	ok(w->out.n == 1, "the stopped instance is not judged (%zu)", w->out.n);

	m = INV_PUSH(&w->regions[0].arena[DS_SSM_INSTANCES],
		     w->regions[0].ssm_instances);
	m->id = "i-other";
	m->ping_status = "Online";
	decide(w, "ssm_managed_instances");
	expect(w, CHECK_FAIL, "instance/i-1", "is not an SSM managed");

	m->id = "i-1";
	m->agent_version = "3.3.40.0";
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		m->ping_status = rows[i].ping;
		decide(w, "ssm_managed_instances");
		expect(w, rows[i].st, "instance/i-1", rows[i].msg);
	}
	m->ping_status = "Online";
	m->agent_version = NULL;
	decide(w, "ssm_managed_instances");
	expect(w, CHECK_PASS, "instance/i-1", "(agent ?)");

	expect_errors_per_need(w, "ssm_managed_instances");
}

/* ses_identity_verified */

static void ses_identity(struct world *w, int r, const char *name,
			 const char *status)
{
	struct inv_ses_identity *id =
		INV_PUSH(&w->regions[r].arena[DS_SES_IDENTITIES],
			 w->regions[r].ses_identities);

	id->name = name;
	id->status = status;
}

static void ses(struct world *w)
{
	static const char *const unverified[] = { "Pending", "Failed",
						  "TemporaryFailure",
						  "NotStarted", NULL };

	world_regions(w, 2);
	decide(w, DECIDES("ses_identity_verified"));
	expect(w, CHECK_FAIL, "", "no SES identity in any audited region");

	for (size_t i = 0; i < sizeof(unverified) / sizeof(unverified[0]);
	     i++) {
		w->regions[0].ses_identities.n = 0;
		ses_identity(w, 0, "example.com", unverified[i]);
		decide(w, "ses_identity_verified");
		expect(w, CHECK_FAIL, "",
		       "none of the 1 SES identities is "
		       "verified");
	}

	/* VerificationStatus in another casing is the same value */
	w->regions[0].ses_identities.n = 0;
	ses_identity(w, 0, "example.com", "SUCCESS");
	decide(w, "ses_identity_verified");
	expect(w, CHECK_PASS, "",
	       "SES identity example.com in eu-west-1 is verified");
	w->regions[0].ses_identities.n = 0;
	ses_identity(w, 0, "example.com", "Failed");

	/* a verified identity in a region not audited does not count */
	ses_identity(w, 2, "ops@example.com", "Success");
	decide(w, "ses_identity_verified");
	expect(w, CHECK_FAIL, "", "none of the 1 SES identities");

	ses_identity(w, 1, "alerts@example.com", "Pending");
	ses_identity(w, 1, "example.org", "Success");
	decide(w, "ses_identity_verified");
	expect(w, CHECK_PASS, "",
	       "SES identity example.org in us-east-1 is verified");

	/*
	 * a region that could not be listed: a verified identity elsewhere
	 * still decides (PASS); without one, ERROR naming the region
	 */
	world_fail(w, DS_SES_IDENTITIES, 0);
	decide(w, "ses_identity_verified");
	expect(w, CHECK_PASS, "",
	       "SES identity example.org in us-east-1 is verified");
	w->regions[1].ses_identities.v[1].status = "Pending";
	decide(w, "ses_identity_verified");
	expect(w, CHECK_ERROR, "",
	       "no verified SES identity in the 1 region that answered (2 "
	       "identities), and could not collect SES identities in "
	       "eu-west-1 (AccessDeniedException): one there could be "
	       "verified");
	w->regions[1].ses_identities.v[1].status = "Success";
	w->regions[0].status[DS_SES_IDENTITIES].state = INV_OK;

	world_regions(w, 1);
	expect_errors_per_need(w, "ses_identity_verified");
}

/* sns_alert_subscribers */

static struct inv_sns_topic *topic(struct world *w, int r, const char *name)
{
	struct inv_sns_topic *t = INV_PUSH(&w->regions[r].arena[DS_SNS_TOPICS],
					   w->regions[r].sns_topics);

	t->name = name;
	t->arn = w_fmt(w, "arn:aws:sns:%s:123456789012:%s", w->regions[r].name,
		       name);
	t->attrs_checked = 1;
	return t;
}

static struct inv_sns_subscription *sub(struct world *w, int r,
					const struct inv_sns_topic *t,
					const char *protocol, int confirmed)
{
	struct inv_sns_subscription *s =
		INV_PUSH(&w->regions[r].arena[DS_SNS_TOPICS],
			 w->regions[r].sns_subscriptions);

	s->topic_arn = t->arn;
	s->protocol = protocol;
	s->confirmed = confirmed;
	s->endpoint = "ir@example.com";
	s->arn = confirmed ? w_fmt(w, "%s:0b6941c6", t->arn)
			   : "PendingConfirmation";
	return s;
}

static void sns_basic(struct world *w)
{
	struct inv_sns_topic *t;
	static const char *const none[] = { NULL };

	decide(w, DECIDES("sns_alert_subscribers"));
	expect(w, CHECK_FAIL, "security-alerts",
	       "alert topic 'security-alerts' does not exist in any audited "
	       "region: alarms and rules have nowhere to notify");

	/* a topic deleted while irready looked is not there */
	t = topic(w, 0, "security-alerts");
	t->attrs_checked = 0;
	topic(w, 0, "other-alerts");
	t = &w->regions[0].sns_topics.v[0]; /* the push may have moved it */
	decide(w, "sns_alert_subscribers");
	expect(w, CHECK_FAIL, "security-alerts", "does not exist");

	t->attrs_checked = 1;
	decide(w, "sns_alert_subscribers");
	expect(w, CHECK_FAIL, "security-alerts",
	       "alert topic arn:aws:sns:eu-west-1:123456789012:security-alerts "
	       "reaches nobody: no confirmed subscription over email, SMS, "
	       "Lambda, SQS, Firehose, mobile push or HTTPS (0 pending, 0 over "
	       "plain HTTP)");

	sub(w, 0, &w->regions[0].sns_topics.v[1], "email", 1); /* not ours */
	sub(w, 0, t, "email", 0);
	sub(w, 0, t, "http", 1);
	decide(w, "sns_alert_subscribers");
	expect(w, CHECK_FAIL, "security-alerts",
	       "(1 pending, 1 over plain "
	       "HTTP)");

	sub(w, 0, t, "sqs", 1);
	sub(w, 0, t, "email", 1);
	decide(w, "sns_alert_subscribers");
	expect(w, CHECK_PASS, "security-alerts",
	       "alert topic arn:aws:sns:eu-west-1:123456789012:security-alerts "
	       "is not public and has 2 confirmed subscriptions (e.g. sqs)");

	/* no alert topic named in the policy */
	w->prm.alert_topic_names = none;
	w->prm.nalert_topic_names = 0;
	decide(w, "sns_alert_subscribers");
	expect(w, CHECK_NA, "",
	       "no alert topics named in the policy "
	       "(params.alert_topic_names)");
}

static void sns_protocols(struct world *w)
{
	static const struct {
		const char *protocol;
		enum check_status st;
	} rows[] = {
		{ "email", CHECK_PASS },       { "email-json", CHECK_PASS },
		{ "sms", CHECK_PASS },         { "lambda", CHECK_PASS },
		{ "sqs", CHECK_PASS },         { "firehose", CHECK_PASS },
		{ "application", CHECK_PASS }, { "https", CHECK_PASS },
		{ "http", CHECK_FAIL },        { "HTTPS", CHECK_FAIL },
		{ NULL, CHECK_FAIL },
	};
	struct inv_sns_topic *t = topic(w, 0, "security-alerts");

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		w->regions[0].sns_subscriptions.n = 0;
		sub(w, 0, t, rows[i].protocol, 1);
		decide(w, "sns_alert_subscribers");
		expect(w, rows[i].st, "",
		       rows[i].st == CHECK_PASS
			       ? w_fmt(w, "1 confirmed subscription (e.g. %s)",
				       rows[i].protocol)
			       : "(0 pending, 1 over plain HTTP)");
	}
}

static void sns_policy(struct world *w)
{
	static const struct {
		const char *grant; /* condition keys of an open statement */
		enum check_status st;
	} rows[] = {
		{ "", CHECK_FAIL },
		{ "aws:sourceowner", CHECK_PASS },
		{ "aws:sourceaccount aws:sourcearn", CHECK_PASS },
		{ "aws:securetransport aws:principalorgid", CHECK_PASS },
		{ "aws:sourcevpce", CHECK_PASS },
		{ "aws:principalarn", CHECK_PASS },
		{ "aws:securetransport", CHECK_FAIL },
		{ "aws:sourceownerx", CHECK_FAIL },
		{ "xaws:sourceowner", CHECK_FAIL },
		{ "sns:protocol", CHECK_FAIL },
	};
	struct inv_sns_topic *t = topic(w, 0, "security-alerts");
	const char **grants = arena_alloc(&w->mem, 2 * sizeof(char *));

	sub(w, 0, t, "email", 1);
	t->open_grants = grants;
	t->nopen_grants = 1;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		grants[0] = rows[i].grant;
		decide(w, "sns_alert_subscribers");
		expect(w, rows[i].st, "",
		       rows[i].st == CHECK_PASS
			       ? "is not public and has 1 confirmed"
			       : "alert topic arn:aws:sns:eu-west-1:"
				 "123456789012:security-alerts is public: its "
				 "policy allows everyone without a condition");
	}
	/* one unrestricted statement among restricted ones is enough */
	grants[0] = "aws:sourceowner";
	grants[1] = "";
	t->nopen_grants = 2;
	decide(w, "sns_alert_subscribers");
	expect(w, CHECK_FAIL, "", "is public");

	t->policy_unreadable = 1;
	decide(w, "sns_alert_subscribers");
	expect(w, CHECK_ERROR, "",
	       "topic arn:aws:sns:eu-west-1:123456789012:security-alerts: its "
	       "access policy is not JSON");
}

static void sns_regions(struct world *w)
{
	static const char *const names[] = { "security-alerts", "ir-pager" };
	struct inv_sns_topic *t;

	world_regions(w, 2);
	w->prm.alert_topic_names = names;
	w->prm.nalert_topic_names = 2;
	t = topic(w, 0, "security-alerts");
	sub(w, 0, t, "lambda", 1);
	t = topic(w, 1, "security-alerts");
	sub(w, 1, t, "email", 0);
	decide(w, "sns_alert_subscribers");
	ok(w->out.n == 3, "each copy judged, and the missing one (%zu)",
	   w->out.n);
	expect(w, CHECK_PASS, "eu-west-1:123456789012:security-alerts",
	       "(e.g. lambda)");
	expect(w, CHECK_FAIL, "us-east-1:123456789012:security-alerts",
	       "reaches nobody");
	expect(w, CHECK_FAIL, "ir-pager",
	       "alert topic 'ir-pager' does not exist in any audited region");

	/* subscriptions are matched by topic ARN, not by region */
	w->regions[1].sns_subscriptions.n = 0;
	sub(w, 0, t, "email", 1);
	decide(w, "sns_alert_subscribers");
	expect(w, CHECK_FAIL, "us-east-1:123456789012:security-alerts",
	       "reaches nobody");

	/* a topic whose policy denies the auditor: that topic's ERROR */
	snprintf(t->err.code, sizeof(t->err.code), "AuthorizationError");
	decide(w, "sns_alert_subscribers");
	expect(w, CHECK_ERROR, "us-east-1:123456789012:security-alerts",
	       "could not be read (AuthorizationError)");
	t->err.code[0] = '\0';

	world_regions(w, 1);
	expect_errors_per_need(w, "sns_alert_subscribers");
}

/* log_analytics_ready */

static struct inv_log_store *store(struct world *w, int r, const char *kind,
				   const char *name, const char *state)
{
	struct inv_log_store *s =
		INV_PUSH(&w->regions[r].arena[DS_LOG_ANALYTICS],
			 w->regions[r].log_stores);

	s->kind = kind;
	s->name = name;
	s->state = state;
	s->arn = w_fmt(w, "arn:aws:%s:%s:123456789012:%s", kind,
		       w->regions[r].name, name);
	return s;
}

static void log_analytics(struct world *w)
{
	static const struct {
		const char *kind, *state, *location;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ "opensearch", "OpenSearch_2.11", NULL, CHECK_PASS,
		  "OpenSearch domain 'logs' in us-east-1 can search and "
		  "correlate logs" },
		{ "opensearch", NULL, NULL, CHECK_PASS, "OpenSearch domain" },
		{ "athena", "ENABLED", "s3://athena-results/", CHECK_PASS,
		  "Athena workgroup 'logs' in us-east-1 can search and "
		  "correlate logs, results in s3://athena-results/" },
		{ "athena", "ENABLED", NULL, CHECK_FAIL,
		  "(only unconfigured or disabled ones)" },
		{ "athena", "DISABLED", "s3://athena-results/", CHECK_FAIL,
		  "(only unconfigured or disabled ones)" },
		{ "cloudtrail-lake", "ENABLED", NULL, CHECK_PASS,
		  "CloudTrail Lake event data store 'logs' in us-east-1 can "
		  "search and correlate logs" },
		{ "cloudtrail-lake", NULL, NULL, CHECK_PASS,
		  "CloudTrail Lake event data store" },
		{ "cloudtrail-lake", "PENDING_DELETION", NULL, CHECK_FAIL,
		  "(only unconfigured or disabled ones)" },
		{ "cloudtrail-lake", "STOPPED_INGESTION", NULL, CHECK_FAIL,
		  "(only unconfigured or disabled ones)" },
		{ "cloudtrail-lake", "CREATED", NULL, CHECK_FAIL,
		  "(only unconfigured or disabled ones)" },
		/* WorkGroupState, EventDataStoreStatus in another casing */
		{ "athena", "Enabled", "s3://athena-results/", CHECK_PASS,
		  "Athena workgroup 'logs' in us-east-1 can search" },
		{ "cloudtrail-lake", "enabled", NULL, CHECK_PASS,
		  "CloudTrail Lake event data store 'logs' in us-east-1 can" },
	};

	world_regions(w, 2);
	decide(w, DECIDES("log_analytics_ready"));
	expect(w, CHECK_FAIL, "",
	       "no OpenSearch domain, configured Athena workgroup or "
	       "CloudTrail "
	       "Lake event data store in any audited region");
	ok(!strstr(w->out.v[0].message, "only"), "nothing unusable seen");

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct inv_log_store *s;

		w->regions[1].log_stores.n = 0;
		s = store(w, 1, rows[i].kind, "logs", rows[i].state);
		s->location = rows[i].location;
		decide(w, "log_analytics_ready");
		expect(w, rows[i].st, "",
		       rows[i].st == CHECK_PASS
			       ? w_fmt(w, "%s", rows[i].msg)
			       : w_fmt(w,
				       "no OpenSearch domain, configured "
				       "Athena "
				       "workgroup or CloudTrail Lake event "
				       "data "
				       "store in any audited region %s",
				       rows[i].msg));
	}

	/* the default primary workgroup, unconfigured, beside a domain */
	w->regions[1].log_stores.n = 0;
	store(w, 0, "athena", "primary", "ENABLED");
	store(w, 1, "opensearch", "siem", "OpenSearch_2.11");
	decide(w, "log_analytics_ready");
	expect(w, CHECK_PASS, "", "OpenSearch domain 'siem' in us-east-1");

	/*
	 * a region that could not be listed: the domain found elsewhere
	 * decides; without it, ERROR naming the region
	 */
	world_fail(w, DS_LOG_ANALYTICS, 0);
	decide(w, "log_analytics_ready");
	expect(w, CHECK_PASS, "", "OpenSearch domain 'siem' in us-east-1");
	w->regions[1].log_stores.n = 0;
	decide(w, "log_analytics_ready");
	expect(w, CHECK_ERROR, "",
	       "in the regions that answered, and could not collect "
	       "OpenSearch domains, Athena workgroups and CloudTrail Lake "
	       "stores in eu-west-1 (AccessDeniedException)");
	w->regions[0].status[DS_LOG_ANALYTICS].state = INV_OK;

	/* a workgroup GetWorkGroup could not read: it could be the one */
	w->regions[1].log_stores.n = 0;
	snprintf(store(w, 1, "athena", "ir", "ENABLED")->err.code,
		 sizeof(w->regions[1].log_stores.v[0].err.code),
		 "InvalidRequestException");
	decide(w, "log_analytics_ready");
	expect(w, CHECK_ERROR, "",
	       "no ready log analytics service found, and Athena workgroup "
	       "'ir' in us-east-1 could not be read (InvalidRequestException)");
	w->regions[1].log_stores.n = 0;

	/* a region not audited does not count */
	store(w, 1, "opensearch", "siem", "OpenSearch_2.11");
	world_regions(w, 1);
	decide(w, "log_analytics_ready");
	expect(w, CHECK_FAIL, "", "(only unconfigured or disabled ones)");

	expect_errors_per_need(w, "log_analytics_ready");
}

/* logs_retention */

static void logs_retention(struct world *w)
{
	static const struct {
		long days;
		enum check_status st;
		const char *msg;
	} rows[] = {
		{ 0, CHECK_PASS,
		  "log group /aws/lambda/f in eu-west-1 never expires its "
		  "events" },
		{ 1, CHECK_FAIL,
		  "log group /aws/lambda/f in eu-west-1 keeps events only 1 "
		  "day, less than the 365 the policy requires" },
		{ 7, CHECK_FAIL,
		  "keeps events only 7 days, less than the 365" },
		{ 364, CHECK_FAIL, "keeps events only 364 days" },
		{ 365, CHECK_PASS,
		  "log group /aws/lambda/f in eu-west-1 keeps events 365 days "
		  "(at least 365)" },
		{ 366, CHECK_PASS, "keeps events 366 days (at least 365)" },
		{ 3653, CHECK_PASS, "keeps events 3653 days" },
	};
	struct inv_log_group *g;

	decide(w, DECIDES("logs_retention"));
	expect(w, CHECK_NA, "", "no CloudWatch Logs log groups in eu-west-1");

	g = INV_PUSH(&w->regions[0].arena[DS_LOG_GROUPS],
		     w->regions[0].log_groups);
	g->name = "/aws/lambda/f";
	g->arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/"
		 "f:*";
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		g->retention_days = rows[i].days;
		decide(w, "logs_retention");
		expect(w, rows[i].st, "", rows[i].msg);
	}
	is_str(w->out.v[0].resource_id,
	       "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f",
	       "the log group's ARN, without DescribeLogGroups' ':*'");

	/* a policy asking for less */
	w->prm.log_retention_min_days = 90;
	g->retention_days = 90;
	decide(w, "logs_retention");
	expect(w, CHECK_PASS, "", "keeps events 90 days (at least 90)");
	g->retention_days = 60;
	decide(w, "logs_retention");
	expect(w, CHECK_FAIL, "", "only 60 days, less than the 90");

	g->arn = NULL;
	decide(w, "logs_retention");
	is_str(w->out.v[0].resource_id, "/aws/lambda/f",
	       "no ARN: the name stands in");

	expect_errors_per_need(w, "logs_retention");
}

/* s3_public_access_block */

static void s3_pab(struct world *w)
{
	static const char *const names[] = { "BlockPublicAcls",
					     "IgnorePublicAcls",
					     "BlockPublicPolicy",
					     "RestrictPublicBuckets" };
	struct inv_s3_pab *p = &w->acct.s3_pab;

	p->checked = 1;
	decide(w, DECIDES("s3_public_access_block"));
	expect(w, CHECK_FAIL, "",
	       "account 123456789012 has no S3 Block Public Access "
	       "configuration");

	p->configured = 1;
	decide(w, "s3_public_access_block");
	expect(w, CHECK_FAIL, "",
	       "account 123456789012 has S3 Block Public Access only partly "
	       "on; off: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, "
	       "RestrictPublicBuckets");

	for (int off = 0; off < 4; off++) {
		p->block_public_acls = off != 0;
		p->ignore_public_acls = off != 1;
		p->block_public_policy = off != 2;
		p->restrict_public_buckets = off != 3;
		decide(w, "s3_public_access_block");
		expect(w, CHECK_FAIL, "",
		       w_fmt(w, "only partly on; off: %s", names[off]));
		ok(w->out.n == 1 && !strchr(w->out.v[0].message, ','),
		   "only %s named off", names[off]);
	}
	p->restrict_public_buckets = 1;
	decide(w, "s3_public_access_block");
	expect(w, CHECK_PASS, "",
	       "account 123456789012 blocks public S3 access with all four "
	       "account-level settings");

	/* the settings without a configuration do not count */
	p->configured = 0;
	decide(w, "s3_public_access_block");
	expect(w, CHECK_FAIL, "",
	       "has no S3 Block Public Access configuration");

	p->configured = 1;
	expect_errors_per_need(w, "s3_public_access_block");
}

static void (*const cases[])(struct world *) = {
	inspector,
	macie,
	securityhub,
	kms_rotation,
	kms_deletion,
	secrets_basic,
	secrets_periods,
	ssm_parameters,
	ssm_parameters_arn,
	ssm_instances,
	ses,
	sns_basic,
	sns_protocols,
	sns_policy,
	sns_regions,
	log_analytics,
	logs_retention,
	s3_pab,
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
