/*
 * test_policy.c -- policy loading, validation, extends, waivers and
 * attestations
 *
 * Runs from the repository root: the inputs are the shipped profiles in
 * policies/ and the files in tests/policy/. Error text is checked exactly, by
 * capturing stderr (fd 2) into a temporary file.
 */
#include "tap.h"

#include "sha256.h"
#include "check.h"
#include "irready.h"
#include "policy.h"
#include "strbuf.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <unistd.h>

/* What tests/policy/child.json selects: its globs minus base's exclude. */
static size_t child_selection(void)
{
	size_t n = 0;

	for (size_t i = 0; i < check_count; i++) {
		const char *id = check_registry[i]->id;

		n += (!fnmatch("cloudtrail_*", id, 0) ||
		      !fnmatch("kms_*", id, 0) || !fnmatch("org_*", id, 0)) &&
		     strcmp(id, "org_member");
	}
	return n;
}

int cmd_policy(int argc, char **argv);

/* ---- capturing fd 1 or 2 ---- */

struct capture {
	int fd, saved, tmp;
	char path[64];
};

static void capture_start(struct capture *c, int fd)
{
	fflush(stdout);
	fflush(stderr);
	c->fd = fd;
	snprintf(c->path, sizeof(c->path), "/tmp/test_policy.XXXXXX");
	c->tmp = mkstemp(c->path);
	if (c->tmp < 0) {
		perror("mkstemp");
		exit(1);
	}
	c->saved = dup(fd);
	dup2(c->tmp, fd);
}

/* Stop capturing; returns what was written (caller frees). */
static char *capture_end(struct capture *c)
{
	struct strbuf sb = STRBUF_INIT;

	fflush(stdout);
	fflush(stderr);
	dup2(c->saved, c->fd);
	close(c->saved);
	close(c->tmp);
	strbuf_read_file(&sb, c->path);
	unlink(c->path);
	return strbuf_detach(&sb, NULL);
}

/* Load 'file' with stderr captured into '*err' (caller frees). */
static int load(const char *file, struct policy *p, char **err)
{
	struct capture c;
	int rc;

	capture_start(&c, 2);
	rc = policy_load(file, p);
	*err = capture_end(&c);
	return rc;
}

/* Run `irready policy ARGS` with stdout and stderr captured. */
static int run_cmd(char **out, char **err, int argc, char **argv)
{
	struct capture co, ce;
	int rc;

	capture_start(&co, 1);
	capture_start(&ce, 2);
	rc = cmd_policy(argc, argv);
	*err = capture_end(&ce);
	*out = capture_end(&co);
	return rc;
}

static time_t at(const char *iso)
{
	time_t t = 0;

	if (parse_iso8601(iso, &t))
		BUG("bad test time '%s'", iso);
	return t;
}

static char *file_sha256(const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;
	char *hex = xmalloc(65);

	strbuf_read_file(&sb, a);
	if (b)
		strbuf_read_file(&sb, b);
	sha256_hex(strbuf_str(&sb), sb.len, hex);
	strbuf_release(&sb);
	return hex;
}

static const struct check *C(const char *id)
{
	const struct check *c = check_find(id);

	if (!c)
		BUG("no check '%s' in the registry", id);
	return c;
}

/* ---- shipped profiles ---- */

static void test_shipped(void)
{
	struct policy p;
	struct params d;
	char *err, *sum;
	int rc;

	params_defaults(&d);
	setenv("IRREADY_POLICY_DIR", "policies", 1);

	rc = load(NULL, &p, &err);
	is_int(rc, 0, "NULL loads the readiness profile");
	is_str(err, "", "readiness: no errors");
	free(err);
	is_str(p.name, "readiness", "readiness: name");
	sum = file_sha256("policies/readiness.json", NULL);
	is_str(p.digest, sum, "readiness: digest is sha256 of the file");
	free(sum);
	{
		size_t n = 0;

		for (size_t i = 0; i < check_count; i++)
			n += policy_selects(&p, check_registry[i]);
		is_int(n, check_count, "readiness selects every check");
	}
	ok(!memcmp(&p.params, &d, offsetof(struct params, runbook_bucket)),
	   "readiness: numeric params are the defaults");
	is_int(p.params.access_key_max_age_days, 90, "access_key_max_age_days");
	is_int(p.params.credential_unused_days, 45, "credential_unused_days");
	is_int(p.params.attestation_max_age_days, 365,
	       "attestation_max_age_days");
	ok(p.params.runbook_bucket == NULL, "runbook_bucket unset");
	ok(p.params.security_account_id == NULL, "security_account_id unset");
	is_str(p.params.runbook_document_pattern, "IR-*",
	       "runbook_document_pattern");
	is_int(p.params.nevidence_buckets, 0, "no evidence buckets");
	is_int(p.params.nir_role_names, 1, "one IR role");
	is_str(p.params.ir_role_names[0], "IRReadOnly", "IR role name");
	is_str(p.params.breakglass_role_names[0], "BreakGlass",
	       "break-glass role name");
	is_str(p.params.alert_topic_names[0], "security-alerts",
	       "alert topic name");
	is_int(p.nwaivers, 0, "readiness: no waivers");
	is_int(p.nattestations, 0, "readiness: no attestations");
	is_int(policy_severity(&p, C("kms_cmk_rotation")),
	       C("kms_cmk_rotation")->severity, "readiness: no override");
	policy_release(&p);

	rc = load("post-incident", &p, &err);
	is_int(rc, 0, "post-incident loads");
	is_str(err, "", "post-incident: no errors");
	free(err);
	is_str(p.name, "post-incident", "post-incident: name");
	sum = file_sha256("policies/readiness.json",
			  "policies/post-incident.json");
	is_str(p.digest, sum,
	       "post-incident: digest covers parent, then child");
	free(sum);
	ok(policy_selects(&p, C("cloudtrail_multi_region")),
	   "post-incident selects cloudtrail_*");
	ok(!policy_selects(&p, C("kms_cmk_rotation")),
	   "post-incident leaves out preparation checks");
	is_int(p.nphases, 2, "post-incident: two phases");
	for (size_t i = 0; i < check_count; i++) {
		const struct check *c = check_registry[i];
		int want = c->phase == PHASE_DETECTION ||
			   c->phase == PHASE_POST_INCIDENT ||
			   !strncmp(c->id, "cloudtrail_", 11) ||
			   !strcmp(c->id, "ir_plan_tested") ||
			   !strcmp(c->id, "rpo_rto_defined") ||
			   !strcmp(c->id, "game_day_recent") ||
			   !strcmp(c->id, "lessons_learned_recorded");

		if (want != policy_selects(&p, c))
			ok(0, "post-incident selection of %s", c->id);
	}
	policy_release(&p);

	rc = load("evidence", &p, &err);
	is_int(rc, 0, "evidence loads");
	is_str(err, "", "evidence: no errors");
	free(err);
	is_str(p.name, "evidence", "evidence: name");
	ok(policy_selects(&p, C("cloudtrail_multi_region")) &&
		   policy_selects(&p, C("config_recorder_all_regions")) &&
		   policy_selects(&p, C("vpc_flow_logs_enabled")),
	   "evidence selects the logging checks");
	ok(!policy_selects(&p, C("guardduty_enabled")) &&
		   !policy_selects(&p, C("iam_access_keys_rotated")),
	   "evidence leaves out the others");
	policy_release(&p);

	/* the same profile by path: same digest */
	rc = load("policies/evidence.json", &p, &err);
	is_int(rc, 0, "a profile loads by path too");
	free(err);
	sum = file_sha256("policies/readiness.json", "policies/evidence.json");
	is_str(p.digest, sum, "evidence by path: same digest");
	free(sum);
	policy_release(&p);

	/* without $IRREADY_POLICY_DIR: found next to the binary or ./ */
	unsetenv("IRREADY_POLICY_DIR");
	rc = load("readiness", &p, &err);
	is_int(rc, 0, "readiness found without IRREADY_POLICY_DIR");
	free(err);
	policy_release(&p);
	setenv("IRREADY_POLICY_DIR", "policies", 1);

	rc = load("readines", &p, &err);
	is_int(rc, IRREADY_EPOLICY, "a misspelt profile is a policy error");
	is_str(err,
	       "irready: error: unknown profile 'readines' (did you mean "
	       "'readiness'?)\n",
	       "misspelt profile: message");
	free(err);
	ok(p.name == NULL && p.nwaivers == 0, "failed load leaves it zeroed");
	policy_release(&p); /* no-op */

	rc = load("tests/policy/none.json", &p, &err);
	is_int(rc, IRREADY_EPOLICY, "a missing file is a policy error");
	is_str(err,
	       "irready: error: cannot read policy 'tests/policy/none.json': "
	       "No such file or directory\n",
	       "missing file: message");
	free(err);
}

/* ---- extends and merging ---- */

static void test_extends(void)
{
	struct policy p;
	char *err;
	int rc;

	rc = load("tests/policy/child.json", &p, &err);
	is_int(rc, 0, "child.json loads");
	is_str(err, "", "child.json: no errors");
	free(err);
	is_str(p.name, "child", "a file without name is named after itself");
	is_str(p.path, "tests/policy/child.json", "path");
	{
		struct strbuf sb = STRBUF_INIT;
		char hex[65];

		strbuf_read_file(&sb, "policies/readiness.json");
		strbuf_read_file(&sb, "tests/policy/base.json");
		strbuf_read_file(&sb, "tests/policy/child.json");
		sha256_hex(sb.buf, sb.len, hex);
		is_str(p.digest, hex,
		       "digest: readiness, base, child in order");
		strbuf_release(&sb);
	}

	/* params merge key by key: child over parent over defaults */
	is_int(p.params.access_key_max_age_days, 60, "child param wins");
	is_int(p.params.credential_unused_days, 20, "parent param kept");
	is_int(p.params.snapshot_max_age_days, 14, "child-only param");
	is_int(p.params.log_retention_min_days, 365, "default kept");
	ok(p.params.runbook_bucket == NULL, "child null unsets the bucket");
	is_int(p.params.nevidence_buckets, 2, "parent's evidence buckets");
	is_str(p.params.evidence_buckets[0], "evidence-a",
	       "s3:// prefix stripped");
	is_str(p.params.evidence_buckets[1], "evidence-b", "bare bucket");
	is_str(p.params.security_account_id, "111111111111", "account id");
	is_int(p.params.nir_role_names, 2, "parent's role list");
	is_str(p.params.ir_role_names[1], "IRForensics", "second role");
	is_int(p.params.nalert_topic_names, 2, "child's topics");
	is_str(p.params.alert_topic_names[1], "sec-page.fifo", "fifo topic");

	/* selection: child include replaces; parent exclude stays */
	ok(policy_selects(&p, C("cloudtrail_multi_region")), "cloudtrail_*");
	ok(policy_selects(&p, C("kms_cmk_rotation")), "kms_*");
	ok(!policy_selects(&p, C("org_member")),
	   "parent's exclude still applies");
	ok(!policy_selects(&p, C("guardduty_enabled")),
	   "not included by the child");
	{
		/* the child's globs minus the parent's exclude, by hand */
		size_t n = 0, want = child_selection();

		for (size_t i = 0; i < check_count; i++)
			n += policy_selects(&p, check_registry[i]) != 0;
		ok(want >= 3, "the catalog has cloudtrail_, kms_, org_ checks");
		is_int(n, want, "policy_selects takes the child's globs");
	}

	/* severity overrides merge */
	is_int(policy_severity(&p, C("kms_cmk_rotation")), SEV_CRITICAL,
	       "child override replaces parent's");
	is_int(policy_severity(&p, C("org_member")), SEV_INFO,
	       "parent override kept");
	is_int(policy_severity(&p, C("guardduty_enabled")),
	       C("guardduty_enabled")->severity, "no override");
	is_int(p.noverrides, 2, "two overrides");

	/* waivers and attestations add up, parent first */
	is_int(p.nwaivers, 2, "waivers add up");
	is_str(p.waivers[0].reason, "from the parent", "parent waiver first");
	is_str(p.waivers[0].origin, "tests/policy/base.json: $.waivers[0]",
	       "parent waiver origin");
	is_str(p.waivers[0].resource, "*", "resource defaults to *");
	is_int(p.waivers[0].naccounts, 1, "accounts default");
	is_str(p.waivers[0].accounts[0], "*", "accounts default to *");
	is_str(p.waivers[0].regions[0], "*", "regions default to *");
	ok(p.waivers[0].ticket == NULL, "no ticket");
	is_str(p.waivers[1].origin, "tests/policy/child.json: $.waivers[0]",
	       "child waiver origin");
	is_str(p.waivers[1].ticket, "SEC-9", "ticket");
	is_int(p.waivers[1].nregions, 2, "two regions");
	is_str(p.waivers[1].expires_str, "2026-01-31", "expires text");
	is_int(p.waivers[1].expires, at("2026-01-31T00:00:00Z"),
	       "expires is midnight UTC");
	is_int(p.nattestations, 2, "attestations add up");
	is_str(p.attestations[0].check, "ir_plan_tested", "parent attestation");
	is_str(p.attestations[1].check, "game_day_recent", "child attestation");
	is_str(p.attestations[1].origin,
	       "tests/policy/child.json: $.attestations[0]",
	       "attestation origin");
	policy_release(&p);

	/* the parent on its own: its name, readiness' include */
	rc = load("tests/policy/base.json", &p, &err);
	is_int(rc, 0, "base.json loads");
	free(err);
	is_str(p.name, "base", "name from the file");
	ok(policy_selects(&p, C("guardduty_enabled")), "inherits include *");
	ok(!policy_selects(&p, C("org_member")), "its own exclude");
	is_str(p.params.runbook_bucket, "ir-runbooks-123", "bucket");
	policy_release(&p);

	/* phases alone select by phase; no include means no "*" */
	rc = load("tests/policy/phases.json", &p, &err);
	is_int(rc, 0, "phases.json loads");
	free(err);
	is_str(p.name, "phases only", "name");
	is_int(p.ninclude, 0, "phases without include: no include");
	ok(policy_selects(&p, C("org_member")), "preparation phase selected");
	ok(!policy_selects(&p, C("kms_cmk_rotation")), "excluded by glob");
	ok(!policy_selects(&p, C("guardduty_enabled")), "excluded by id");
	policy_release(&p);
}

/* ---- errors ---- */

/* What errors.json must produce, one message per line, in this order. */
static const char *const errors_lines[] = {
	"$.nmae: unknown key (did you mean 'name'?)",
	"$.extends: expected a string, got a number",
	"$.name: expected a string, got a number",
	"$.checks.phase: unknown key (did you mean 'phases'?)",
	"$.checks.include[0]: unknown check 'cloudtrail_multiregion' (did you "
	"mean 'cloudtrail_multi_region'?)",
	"$.checks.include[1]: 'nothing_*' matches no check",
	"$.checks.include[2]: expected a string, got a number",
	"$.checks.exclude: expected an array of strings, got a string",
	"$.severity_overrides.kms_cmk_rotation: 'urgent' is not a severity "
	"(critical, high, medium, low, info)",
	"$.severity_overrides.no_such_thing: unknown check 'no_such_thing'",
	"$.severity_overrides.org_member: expected a severity string, got a "
	"number",
	"$.params.access_key_max_age_days: -1 is not a whole number of days (0 "
	"to 36500)",
	"$.params.snapshot_max_age_days: expected a number of days, got a "
	"string",
	"$.params.log_retention_min_days: 1.5 is not a whole number of days (0 "
	"to 36500)",
	"$.params.acess_key_max_age_days: unknown parameter (did you mean "
	"'access_key_max_age_days'?)",
	"$.params.runbook_bucket: 'Bad_Bucket' is not an S3 bucket name "
	"(\"s3://name\" or \"name\": 3-63 of a-z 0-9 . -)",
	"$.params.runbook_document_pattern: expected a string, got null",
	"$.params.security_account_id: '1234' is not an AWS account id (12 "
	"digits)",
	"$.params.ir_role_names: expected an array of strings, got a string",
	"$.params.alert_topic_names[1]: 'bad topic' is not an SNS topic name "
	"(1-256 of A-Z a-z 0-9 _ -, optionally .fifo)",
	"$.params.evidence_buckets[1]: must not be empty",
	"$.waivers[0]: missing 'owner'",
	"$.waivers[0].expires: '2026-02-30' is not a date (YYYY-MM-DD)",
	"$.waivers[1].tikcet: unknown key (did you mean 'ticket'?)",
	"$.waivers[1].accounts[0]: '1234' is not an account id (12 digits) or "
	"a glob",
	"$.waivers[1].regions[1]: 'mars-1' is not a region (\"us-east-1\", "
	"\"global\") or a glob",
	"$.waivers[1].resource: 'arn:aws:kms' is not an ARN pattern "
	"(arn:partition:service:region:account:resource)",
	"$.waivers[1].reason: must not be empty",
	"$.waivers[2]: expected an object, got a string",
	"$.waivers[3].check: 'no_such_*' matches no check",
	"$.waivers[3].accounts: must not be empty (use [\"*\"] for all)",
	"$.waivers[3].expires: expected a string, got a number",
	"$.attestations[0].check: 'vpc_flow_logs_enabled' is not a manual "
	"check (game_day_recent, ir_plan_tested, lessons_learned_recorded, "
	"rpo_rto_defined)",
	"$.attestations[0].date: '2026-13-01' is not a date (YYYY-MM-DD)",
	"$.attestations[1]: missing 'evidence'",
	"$.attestations[1]: missing 'owner'",
};

static char *errors_expected(void)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(errors_lines); i++)
		strbuf_addf(&sb,
			    "irready: error: tests/policy/errors.json: %s\n",
			    errors_lines[i]);
	return strbuf_detach(&sb, NULL);
}

static void expect_error(const char *file, const char *want, const char *name)
{
	struct policy p;
	char *err;
	int rc = load(file, &p, &err);

	is_int(rc, IRREADY_EPOLICY, "%s: IRREADY_EPOLICY", name);
	is_str(err, want, "%s: message", name);
	ok(p.name == NULL && p.path == NULL && p.nwaivers == 0,
	   "%s: policy left zeroed", name);
	free(err);
}

static void test_errors(void)
{
	char *all = errors_expected();

	expect_error("tests/policy/errors.json", all,
		     "every error in errors.json");
	free(all);
	expect_error("tests/policy/bad-json.json",
		     "irready: error: tests/policy/bad-json.json: invalid JSON "
		     "at line 3, column 32\n",
		     "invalid JSON");
	expect_error("tests/policy/not-object.json",
		     "irready: error: tests/policy/not-object.json: $: "
		     "expected an object, got an array\n",
		     "top level not an object");
	expect_error("tests/policy/dup-keys.json",
		     "irready: error: tests/policy/dup-keys.json: $.name: "
		     "duplicate key\n"
		     "irready: error: tests/policy/dup-keys.json: "
		     "$.params.ami_max_age_days: duplicate key\n",
		     "duplicate keys");
	expect_error("tests/policy/cycle-a.json",
		     "irready: error: tests/policy/cycle-b.json: $.extends: "
		     "cycle: tests/policy/cycle-a.json -> "
		     "tests/policy/cycle-b.json -> tests/policy/cycle-a.json\n",
		     "extends cycle");
	expect_error("tests/policy/self.json",
		     "irready: error: tests/policy/self.json: $.extends: "
		     "cycle: tests/policy/self.json -> "
		     "tests/policy/./self.json\n",
		     "extends itself");
	expect_error("tests/policy/missing-parent.json",
		     "irready: error: tests/policy/missing-parent.json: "
		     "$.extends: cannot read "
		     "'tests/policy/no-such-parent.json': No such file or "
		     "directory\n",
		     "missing parent");
	expect_error("tests/policy/unknown-profile.json",
		     "irready: error: tests/policy/unknown-profile.json: "
		     "$.extends: unknown profile 'readines' (did you mean "
		     "'readiness'?)\n",
		     "unknown profile in extends");
	expect_error("tests/policy/child-of-bad.json",
		     "irready: error: tests/policy/parent-bad.json: "
		     "$.params.role_unused_days: expected a number of days, "
		     "got a string\n"
		     "irready: error: tests/policy/child-of-bad.json: "
		     "$.severity_overrides.org_member: 'severe' is not a "
		     "severity (critical, high, medium, low, info)\n",
		     "errors in parent and child both reported");
}

/* A chain of POLICY_MAX_DEPTH + 1 files in a temporary directory. */
static void test_depth(void)
{
	char dir[] = "/tmp/test_policy_depth.XXXXXX";
	char path[128], want[512];
	int n = POLICY_MAX_DEPTH + 1;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	for (int i = 0; i < n; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/p%d.json", dir, i);
		f = fopen(path, "w");
		if (i + 1 < n)
			fprintf(f, "{\"extends\": \"p%d.json\"}\n", i + 1);
		else
			fputs("{}\n", f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/p0.json", dir);
	snprintf(want, sizeof(want),
		 "irready: error: %s/p%d.json: $.extends: extends chain "
		 "longer than %d files\n",
		 dir, POLICY_MAX_DEPTH - 1, POLICY_MAX_DEPTH);
	expect_error(path, want, "extends chain too deep");
	snprintf(path, sizeof(path), "%s/p1.json", dir);
	{
		struct policy p;
		char *err;

		is_int(load(path, &p, &err), 0, "a chain of %d files loads",
		       POLICY_MAX_DEPTH);
		free(err);
		policy_release(&p);
	}
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/p%d.json", dir, i);
		unlink(path);
	}
	rmdir(dir);
}

/* ---- waivers ---- */

static struct finding *add(struct findings *f, const char *check,
			   const char *account, const char *region,
			   enum check_status st, const char *resource)
{
	f->check = C(check);
	f->account_id = account;
	f->region = region;
	f->severity = f->check->severity;
	return findings_add(f, st, "AWS::Test", resource, "test finding");
}

#define VPC_ARN(region, acct, id) "arn:aws:ec2:" region ":" acct ":vpc/" id

static void build_findings(struct findings *f)
{
	findings_init(f);
	/* 0: [0] on its last day; [5] when [0] has expired */
	add(f, "vpc_flow_logs_enabled", "111111111111", "eu-west-1", CHECK_FAIL,
	    VPC_ARN("eu-west-1", "111111111111", "vpc-0abc1"));
	/* 1: region outside eu-*, resource not vpc-0abc1 */
	add(f, "vpc_flow_logs_enabled", "111111111111", "us-east-1", CHECK_FAIL,
	    VPC_ARN("us-east-1", "111111111111", "vpc-0abc2"));
	/* 2: another account */
	add(f, "vpc_flow_logs_enabled", "999999999999", "eu-west-1", CHECK_FAIL,
	    VPC_ARN("eu-west-1", "999999999999", "vpc-0abc3"));
	/* 3: PASS is never waived */
	add(f, "vpc_flow_logs_enabled", "111111111111", "eu-west-1", CHECK_PASS,
	    VPC_ARN("eu-west-1", "111111111111", "vpc-0abc4"));
	/* 4: only an expired waiver covers it */
	add(f, "kms_cmk_rotation", "111111111111", "eu-west-1", CHECK_FAIL,
	    "arn:aws:kms:eu-west-1:111111111111:key/k1");
	/* 5: account glob, plain resource glob */
	add(f, "iam_access_keys_rotated", "222222222222", "global", CHECK_FAIL,
	    "AKIAEXAMPLE1");
	/* 6: account outside 2222* */
	add(f, "iam_access_keys_rotated", "333333333333", "global", CHECK_FAIL,
	    "AKIAEXAMPLE2");
	/* 7: ARN pattern against a bare id in the right account/region */
	add(f, "vpc_flow_logs_enabled", "333333333333", "us-west-2", CHECK_FAIL,
	    "vpc-0def99");
	/* 8: same bare id, other region */
	add(f, "vpc_flow_logs_enabled", "333333333333", "us-east-1", CHECK_FAIL,
	    "vpc-0def99");
	/* 9: ERROR is never waived */
	add(f, "vpc_flow_logs_enabled", "111111111111", "eu-west-1",
	    CHECK_ERROR, VPC_ARN("eu-west-1", "111111111111", "vpc-0abc5"));
}

static void test_waivers(void)
{
	struct policy p;
	struct findings f;
	char *err;
	time_t now = at("2026-06-15T12:00:00Z");
	int rc;

	rc = load("tests/policy/waivers.json", &p, &err);
	is_int(rc, 0, "waivers.json loads");
	is_str(err, "", "waivers.json: no errors");
	free(err);
	is_int(p.nwaivers, 6, "six waivers");
	is_int(policy_check_dates(&p, now), 0, "no attestation dates");

	build_findings(&f);
	policy_apply_waivers(&p, &f, now);
	is_int(f.v[0].status, CHECK_WAIVED, "ARN pattern + account + region");
	is_int(f.v[0].verdict, CHECK_FAIL, "waived finding keeps its verdict");
	is_str(f.v[0].waiver,
	       "legacy VPC, mirrored traffic (alice@example.com, SEC-123, "
	       "until 2026-06-15)",
	       "waiver text with ticket");
	is_int(f.v[1].status, CHECK_FAIL, "region glob does not match");
	ok(f.v[1].waiver == NULL, "no waiver text on a FAIL");
	is_int(f.v[2].status, CHECK_FAIL, "account does not match");
	is_int(f.v[3].status, CHECK_PASS, "PASS stays PASS");
	ok(f.v[3].waiver == NULL, "PASS gets no waiver text");
	is_int(f.v[4].status, CHECK_FAIL, "expired waiver does not apply");
	is_int(f.v[5].status, CHECK_WAIVED, "account glob, plain resource");
	is_str(f.v[5].waiver,
	       "deploy key (carol@example.com, until 2027-01-01)",
	       "waiver text without ticket");
	is_int(f.v[6].status, CHECK_FAIL, "account glob does not match");
	is_int(f.v[7].status, CHECK_WAIVED, "ARN pattern covers a bare id");
	is_int(f.v[8].status, CHECK_FAIL,
	       "ARN pattern's region field applies to a bare id");
	is_int(f.v[9].status, CHECK_ERROR, "ERROR stays ERROR");
	is_int(f.v[9].verdict, CHECK_ERROR, "ERROR verdict untouched");

	is_int(p.waivers[0].matched, 1, "waiver 0 matched one");
	is_int(p.waivers[1].matched, 0, "expired waiver matched none");
	is_int(p.waivers[2].matched, 1, "waiver 2 matched one");
	is_int(p.waivers[3].matched, 0, "waiver 3 matched none");
	is_int(p.waivers[4].matched, 1, "waiver 4 matched one");
	is_int(p.waivers[5].matched, 0,
	       "waiver 5 matched none: the first matching waiver wins");
	is_int(policy_waiver_state(&p.waivers[0], now), WAIVER_ACTIVE,
	       "active");
	is_int(policy_waiver_state(&p.waivers[1], now), WAIVER_EXPIRED,
	       "expired");
	is_int(policy_waiver_state(&p.waivers[3], now), WAIVER_UNUSED,
	       "unused");
	is_str(waiver_state_name(WAIVER_UNUSED), "unused", "state name");
	{
		struct capture c;
		char *w;

		capture_start(&c, 2);
		policy_warn_waivers(&p, now);
		w = capture_end(&c);
		is_str(w,
		       "irready: warning: waiver tests/policy/waivers.json: "
		       "$.waivers[1] (kms_*) expired on 2026-06-14 and no "
		       "longer applies\n"
		       "irready: warning: waiver tests/policy/waivers.json: "
		       "$.waivers[3] (guardduty_enabled) matched no failing "
		       "finding\n"
		       "irready: warning: waiver tests/policy/waivers.json: "
		       "$.waivers[5] (vpc_flow_logs_enabled) matched no "
		       "failing finding\n",
		       "expired and unused waivers are reported");
		free(w);
	}
	findings_release(&f);
	policy_release(&p);

	/* the boundary: a waiver applies through its expiry day, UTC */
	rc = load("tests/policy/waivers.json", &p, &err);
	free(err);
	ok(!policy_waiver_expired(&p.waivers[0], at("2026-06-15T00:00:00Z")),
	   "applies at the start of its last day");
	ok(!policy_waiver_expired(&p.waivers[0], at("2026-06-15T23:59:59Z")),
	   "applies until the end of its last day");
	ok(policy_waiver_expired(&p.waivers[0], at("2026-06-16T00:00:00Z")),
	   "expired the next day");

	build_findings(&f);
	policy_apply_waivers(&p, &f, at("2026-06-15T23:59:59Z"));
	is_int(f.v[0].status, CHECK_WAIVED, "waived at 23:59:59 on expiry day");
	is_int(p.waivers[0].matched, 1, "by waiver 0");
	findings_release(&f);
	policy_release(&p);

	rc = load("tests/policy/waivers.json", &p, &err);
	free(err);
	build_findings(&f);
	now = at("2026-06-16T00:00:00Z");
	policy_apply_waivers(&p, &f, now);
	is_int(f.v[0].status, CHECK_WAIVED,
	       "the next day the next matching waiver applies");
	is_str(f.v[0].waiver,
	       "fallback (frank@example.com, SEC-7, until "
	       "2027-01-01)",
	       "a plain id covers the ARN's resource");
	is_int(p.waivers[0].matched, 0, "expired waiver matched none");
	is_int(policy_waiver_state(&p.waivers[0], now), WAIVER_EXPIRED,
	       "expired the day after");
	is_int(p.waivers[5].matched, 1, "fallback waiver used");
	findings_release(&f);
	policy_release(&p);
	(void)rc;
}

/* ---- attestations ---- */

static void test_attestations(void)
{
	struct policy p;
	time_t now = at("2026-06-15T12:00:00Z");
	char *err;
	int rc;

	rc = load("tests/policy/attest.json", &p, &err);
	is_int(rc, 0, "attest.json loads (future dates are checked later)");
	free(err);
	{
		struct capture c;

		capture_start(&c, 2);
		rc = policy_check_dates(&p, now);
		err = capture_end(&c);
		is_int(rc, IRREADY_EPOLICY, "a future attestation is an error");
		is_str(err,
		       "irready: error: tests/policy/attest.json: "
		       "$.attestations[3].date: '2026-07-01' is in the future "
		       "(today is 2026-06-15)\n",
		       "future attestation: message");
		free(err);
	}
	is_int(policy_check_dates(&p, at("2026-07-01T00:00:00Z")), 0,
	       "dated today is fine");

	policy_release(&p);
}

/* ---- irready policy ---- */

static void test_cmd(void)
{
	char *out, *err, *all;
	int rc;

	{
		char *argv[] = { "policy",
				 "validate",
				 "--now",
				 "2026-06-15T12:00:00Z",
				 "tests/policy/waivers.json",
				 NULL };

		rc = run_cmd(&out, &err, 5, argv);
		is_int(rc, 0, "validate: exit 0");
		char want[160];

		/* readiness selects the whole catalog */
		snprintf(
			want, sizeof(want),
			"policy tests/policy/waivers.json is valid: %zu checks "
			"selected, 6 waivers (1 expired), 0 attestations\n",
			check_count);
		is_str(out, want, "validate: summary");
		is_str(err, "", "validate: nothing on stderr");
		free(out);
		free(err);
	}
	{
		char *argv[] = { "policy", "validate",
				 "--now=2026-03-01T00:00:00Z",
				 "tests/policy/child.json", NULL };
		char want[160];

		snprintf(want, sizeof(want),
			 "policy tests/policy/child.json is valid: %zu checks "
			 "selected, 2 waivers (1 expired), 2 attestations\n",
			 child_selection());
		rc = run_cmd(&out, &err, 4, argv);
		is_int(rc, 0, "validate child: exit 0");
		is_str(out, want, "validate child: summary");
		free(out);
		free(err);
	}
	{
		char *argv[] = { "policy", "validate", "readiness", NULL };
		char want[160];

		snprintf(want, sizeof(want),
			 "policy readiness is valid: %zu check%s selected, 0 "
			 "waivers (0 expired), 0 attestations\n",
			 check_count, check_count == 1 ? "" : "s");
		rc = run_cmd(&out, &err, 3, argv);
		is_int(rc, 0, "validate a profile name");
		is_str(out, want, "validate profile: summary");
		free(out);
		free(err);
	}
	{
		char *argv[] = { "policy", "validate",
				 "tests/policy/errors.json", NULL };

		rc = run_cmd(&out, &err, 3, argv);
		is_int(rc, 2, "invalid policy: exit 2");
		is_str(out, "", "invalid policy: nothing on stdout");
		all = errors_expected();
		is_str(err, all, "invalid policy: every error");
		free(all);
		free(out);
		free(err);
	}
	{
		char *argv[] = { "policy",
				 "validate",
				 "--now",
				 "2026-06-15T12:00:00Z",
				 "tests/policy/attest.json",
				 NULL };

		rc = run_cmd(&out, &err, 5, argv);
		is_int(rc, 2, "future attestation: exit 2");
		is_str(out, "", "future attestation: nothing on stdout");
		free(out);
		free(err);
	}
	{
		char *argv[] = { "policy", "--help", NULL };

		rc = run_cmd(&out, &err, 2, argv);
		is_int(rc, 0, "--help: exit 0");
		ok(!strncmp(out, "usage: irready policy validate", 30),
		   "--help: usage on stdout");
		free(out);
		free(err);
	}
	{
		char *argv[] = { "policy", NULL };

		rc = run_cmd(&out, &err, 1, argv);
		is_int(rc, 2, "no subcommand: exit 2");
		ok(strstr(err, "usage: irready policy") != NULL,
		   "no subcommand: usage on stderr");
		free(out);
		free(err);
	}
	{
		char *argv[] = { "policy", "check", "x.json", NULL };

		rc = run_cmd(&out, &err, 3, argv);
		is_int(rc, 2, "unknown subcommand: exit 2");
		ok(!strncmp(err,
			    "irready: error: unknown policy command 'check'\n",
			    47),
		   "unknown subcommand: message");
		free(out);
		free(err);
	}
	{
		char *argv[] = { "policy", "validate", NULL };

		rc = run_cmd(&out, &err, 2, argv);
		is_int(rc, 2, "validate without FILE: exit 2");
		free(out);
		free(err);
	}
	{
		char *argv[] = { "policy", "validate", "a.json", "b.json",
				 NULL };

		rc = run_cmd(&out, &err, 4, argv);
		is_int(rc, 2, "validate with two files: exit 2");
		free(out);
		free(err);
	}
}

/* ---- params ---- */

static void test_params(void)
{
	const struct param_desc *d;

	is_int(params_count, 17, "seventeen parameters");
	d = params_find("runbook_bucket");
	ok(d && d->type == PARAM_BUCKET, "params_find");
	ok(!params_find("nope"), "params_find unknown");
	ok(!params_check_value(d, "s3://a.b-c"), "s3:// bucket");
	ok(params_check_value(d, "ab") != NULL, "too short a bucket");
	ok(params_check_value(d, "a..b") != NULL, "bucket with ..");
	ok(params_check_value(d, "-ab") != NULL, "bucket starting with -");
	d = params_find("ir_role_names");
	ok(!params_check_value(d, "IR+Role=,.@_-1"), "role name characters");
	ok(params_check_value(d, "IR/Role") != NULL, "role name with /");
	d = params_find("security_account_id");
	ok(!params_check_value(d, "012345678901"), "account id");
	ok(params_check_value(d, "01234567890a") != NULL, "not digits");
	for (size_t i = 0; i < params_count; i++)
		ok(params_table[i].def && params_table[i].doc,
		   "%s has a default and a description", params_table[i].name);
}

int main(void)
{
	test_params();
	test_shipped();
	test_extends();
	test_errors();
	test_depth();
	test_waivers();
	test_attestations();
	test_cmd();
	return done_testing();
}
