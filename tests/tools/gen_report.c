/*
 * gen_report.c -- write a synthetic report.html for browser tests
 *
 * usage: gen_report OUTDIR N
 *
 * Builds N findings spread over the real checks in check_registry[],
 * several accounts and regions and every status, scores them and writes
 * OUTDIR/report.html. The first findings carry hostile names (markup, a
 * "</script>" and a spreadsheet formula) so the tests can check that
 * they render as text. Everything is deterministic: a fixed-seed PRNG
 * and fixed times, so two runs write the same file.
 */
#include "irready.h"
#include "report.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const accounts[][2] = {
	{ "111111111111", "Production" },
	{ "222222222222", "Staging" },
	{ "333333333333", "Security tooling" },
	{ "444444444444", "<b>Sandbox</b> & \"Labs\"" },
	{ "555555555555", "Log archive" },
};

static const char *const regions[] = {
	"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2",
};

static const char *const hostile[] = {
	"<img src=x onerror=alert(1)>",
	"</script><script>alert(2)</script>",
	"=cmd|' /C calc'!A0",
	"<!--<script>alert(3)</script>",
};

static const char *const types[] = {
	"AWS::EC2::VPC",          "AWS::KMS::Key",    "AWS::IAM::User",
	"AWS::CloudTrail::Trail", "AWS::EC2::Volume",
};

/* xorshift32: deterministic and good enough to spread findings */
static unsigned rng_state = 2463534242u;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state % n;
}

/* PASS 55%, FAIL 25%, ERROR 5%, WAIVED 5%, MANUAL 5%, NA 5% */
static enum check_status pick_status(void)
{
	unsigned v = rnd(100);

	if (v < 55)
		return CHECK_PASS;
	if (v < 80)
		return CHECK_FAIL;
	if (v < 85)
		return CHECK_ERROR;
	if (v < 90)
		return CHECK_WAIVED;
	if (v < 95)
		return CHECK_MANUAL;
	return CHECK_NA;
}

static void add_one(struct findings *f, size_t i, const char *resource,
		    enum check_status st)
{
	const struct check *c = f->check;
	struct finding *x;
	const char *type = types[i % ARRAY_SIZE(types)];

	switch (st) {
	case CHECK_ERROR:
		x = findings_add(f, st, type, resource,
				 "AccessDenied on %s in %s: not authorized to "
				 "perform this action",
				 c->id, f->region);
		break;
	case CHECK_MANUAL:
		x = findings_add(f, st, type, resource,
				 "attest that %s is in place", c->title);
		break;
	case CHECK_NA:
		x = findings_add(f, st, type, resource,
				 "nothing to evaluate in %s", f->region);
		break;
	case CHECK_PASS:
		x = findings_add(f, st, type, resource, "%s: compliant",
				 resource);
		break;
	default:
		x = findings_add(f, st, type, resource, "%s does not meet: %s",
				 resource, c->title);
		break;
	}
	if (st == CHECK_WAIVED) {
		x->verdict = CHECK_FAIL;
		char *w = xasprintf("accepted risk for finding %zu "
				    "(secops, SEC-%zu, until 2026-12-31)",
				    i, 1000 + i % 97);

		/* the list owns a finding's strings (findings.h) */
		x->waiver = findings_strdup(f, w);
		free(w);
	}
}

int main(int argc, char **argv)
{
	struct findings f;
	struct scores scores;
	struct run_info run = { 0 };
	struct report rep = { 0 };
	char *acct_ids[ARRAY_SIZE(accounts)];
	char *region_ids[ARRAY_SIZE(regions)];
	long n;
	int rc;

	if (argc != 3 || parse_long(argv[2], &n) || n < 0) {
		fprintf(stderr, "usage: gen_report OUTDIR N\n");
		return 2;
	}
	if (!check_count) {
		fprintf(stderr, "gen_report: no checks registered\n");
		return 1;
	}
	findings_init(&f);
	f.collected_at = 1767225600; /* 2026-01-01T00:00:00Z */
	for (long i = 0; i < n; i++) {
		size_t k = (size_t)i;
		const struct check *c = check_registry[k % check_count];
		size_t a = rnd(ARRAY_SIZE(accounts));
		enum check_status st = pick_status();
		char res[160];
		struct finding *x;

		f.check = c;
		f.account_id = accounts[a][0];
		f.severity = c->severity;
		f.region = c->scope == CHECK_SCOPE_ACCOUNT
				   ? "global"
				   : regions[rnd(ARRAY_SIZE(regions))];
		if (k < ARRAY_SIZE(hostile)) {
			/*
			 * The hostile ones: FAIL and critical, so they show
			 * among the top failures too.
			 */
			a = 0;
			f.check = check_registry[0];
			f.account_id = accounts[a][0];
			f.severity = SEV_CRITICAL;
			snprintf(res, sizeof(res), "%s", hostile[k]);
			st = CHECK_FAIL;
		} else {
			snprintf(res, sizeof(res),
				 "arn:aws:ec2:%s:%s:resource/r-%08zx", f.region,
				 f.account_id, k);
		}
		add_one(&f, k, res, st);
		x = &f.v[f.n - 1];
		x->account_name = findings_intern(&f, accounts[a][1]);
	}
	findings_sort(&f);
	scores_compute(&scores, &f, check_registry, check_count);

	for (size_t i = 0; i < ARRAY_SIZE(accounts); i++)
		acct_ids[i] = (char *)accounts[i][0];
	for (size_t i = 0; i < ARRAY_SIZE(regions); i++)
		region_ids[i] = (char *)regions[i];
	run.tool_version = IRREADY_VERSION;
	run.mode = "replay";
	run.source = "synthetic (gen_report)";
	run.policy_name = "readiness";
	run.policy_digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c"
			    "d15d6c15b0f00a08";
	run.accounts = acct_ids;
	run.naccounts = ARRAY_SIZE(accounts);
	run.regions = region_ids;
	run.nregions = ARRAY_SIZE(regions);
	run.started = 1767225600;
	run.finished = 1767225600 + 42;
	run.now = run.finished;
	run.api_calls = 1234;
	run.api_errors = 17;
	run.fail_on = "high";

	rep.findings = &f;
	rep.scores = &scores;
	rep.run = &run;
	rc = report_write_file(argv[1], "report.html", report_write_html, &rep);
	scores_release(&scores);
	findings_release(&f);
	return rc ? 1 : 0;
}
