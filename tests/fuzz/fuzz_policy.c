/*
 * fuzz_policy.c -- policy_load() on a policy file holding the input
 * (policy.h), then everything the runner does with a loaded policy:
 * selection, severities, date checks, waivers and attestations applied to
 * one FAIL and one MANUAL finding per check.
 *
 * The file is <tmp>/p/fuzz.json; the tests/policy files are copied next to
 * it so relative "extends" chains resolve, and IRREADY_POLICY_DIR points
 * at the repository's policies/ for profile names. Errors go to stderr
 * (run.sh runs with -close_fd_mask=2).
 */
#define FUZZ_HAVE_INIT
#include "check.h"
#include "policy.h"
#include "fuzz.h"

#include <glob.h>
#include <limits.h>

static char file[4200];
static const time_t now = 1780272000; /* 2026-06-01T00:00:00Z */

static void copy_dir(const char *pattern, const char *dst)
{
	glob_t g;

	if (glob(pattern, 0, NULL, &g))
		return;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		size_t n;
		char *buf = fuzz_slurp(g.gl_pathv[i], &n);
		const char *base = strrchr(g.gl_pathv[i], '/');
		char path[4400];

		if (!buf)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dst,
			 base ? base + 1 : g.gl_pathv[i]);
		fuzz_write_file(path, buf, n);
		free(buf);
	}
	globfree(&g);
}

static void fuzz_init(void)
{
	char dir[4200], abs[PATH_MAX];

	/* run from the repository root (run.sh does) */
	if (!getenv("IRREADY_POLICY_DIR") && realpath("policies", abs))
		setenv("IRREADY_POLICY_DIR", abs, 1);
	snprintf(dir, sizeof(dir), "%s/p", fuzz_tmpdir());
	mkdir(dir, 0700);
	copy_dir("tests/policy/*.json", dir);
	snprintf(file, sizeof(file), "%s/fuzz.json", dir);
}

static const char *const resources[] = {
	"arn:aws:kms:eu-west-1:111111111111:key/1234",
	"arn:aws:s3:::evidence-bucket",
	"arn:aws:iam::111111111111:role/ir/responder",
	"i-0123456789abcdef0",
	"",
};

static void make_findings(struct findings *f)
{
	findings_init(f);
	f->account_id = "111111111111";
	f->collected_at = now;
	for (size_t i = 0; i < check_count; i++) {
		const struct check *c = check_registry[i];

		f->check = c;
		f->severity = c->severity;
		f->region = i % 3 ? "eu-west-1" : "global";
		findings_add(f, CHECK_FAIL, "AWS::Res",
			     resources[i % (sizeof(resources) /
					    sizeof(resources[0]))],
			     "fail %zu", i);
		findings_add(f, CHECK_MANUAL, "AWS::::Account", "111111111111",
			     "manual");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct policy p;
	struct findings f;

	if (fuzz_write_file(file, data, len))
		abort();
	if (policy_load(file, &p))
		return 0;
	for (size_t i = 0; i < check_count; i++) {
		(void)policy_selects(&p, check_registry[i]);
		(void)policy_severity(&p, check_registry[i]);
	}
	(void)policy_check_dates(&p, now);
	make_findings(&f);
	policy_apply_waivers(&p, &f, now);
	for (size_t i = 0; i < p.nwaivers; i++)
		(void)waiver_state_name(
			policy_waiver_state(&p.waivers[i], now));
	policy_warn_waivers(&p, now);
	findings_release(&f);
	policy_release(&p);
	return 0;
}
