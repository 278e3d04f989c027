/*
 * fuzz_diff.c -- the findings.json reader of `irready diff OLD NEW`
 * (report/diff.h): diff_compute() over two temporary files, then every
 * writer (JSON, CSV, HTML, the summary) into /dev/null
 *
 * The input is OLD, FUZZ_SEP, NEW; without a separator it is both.
 */
#define FUZZ_HAVE_INIT
#define FUZZ_HAVE_GEN_SEEDS
#include "diff.h"
#include "fuzz_findings.h"

static char old_path[4200], new_path[4200];

static void fuzz_init(void)
{
	snprintf(old_path, sizeof(old_path), "%s/old.json", fuzz_tmpdir());
	snprintf(new_path, sizeof(new_path), "%s/new.json", fuzz_tmpdir());
}

static void fuzz_gen_seeds(const char *dir)
{
	glob_t g;
	char *t[2], name[64];
	size_t len;

	/* the diff test pair as it is */
	t[0] = fuzz_slurp("tests/diff/old.json", &len);
	t[1] = fuzz_slurp("tests/diff/new.json", &len);
	if (t[0] && t[1])
		fuzz_seed_join(dir, "tests-diff", t, 2);
	free(t[0]);
	free(t[1]);
	if (glob("tests/golden/*/expected.findings.json", 0, NULL, &g))
		return;
	for (size_t a = 0; a < g.gl_pathc; a++)
		for (size_t b = 0; b < g.gl_pathc; b++) {
			t[0] = fuzz_findings_cut(g.gl_pathv[a], 0, 8, 4);
			t[1] = fuzz_findings_cut(g.gl_pathv[b], 4, 8, 4);
			if (t[0] && t[1]) {
				snprintf(name, sizeof(name), "golden-%zu-%zu",
					 a, b);
				fuzz_seed_join(dir, name, t, 2);
			}
			free(t[0]);
			free(t[1]);
		}
	globfree(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_part parts[FUZZ_MAX_PARTS];
	size_t n = fuzz_split(data, len, parts, FUZZ_MAX_PARTS);
	struct diff d;
	FILE *out = fuzz_devnull();

	if (fuzz_write_file(old_path, parts[0].p, parts[0].n) ||
	    fuzz_write_file(new_path, parts[n > 1].p, parts[n > 1].n))
		abort();
	if (diff_compute(old_path, new_path, &d))
		return 0;
	diff_write_json(&d, out);
	diff_write_csv(&d, out);
	diff_write_html(&d, out);
	diff_write_summary(&d, out);
	diff_release(&d);
	return 0;
}
