/*
 * fuzz_merge.c -- the findings.json reader of `irready merge` (report/
 * merge.h): merge_load() over up to four shard files, then what
 * cmd_merge does with the result (scores, every report writer, into
 * /dev/null)
 *
 * The input is the shards separated by FUZZ_SEP.
 */
#define FUZZ_HAVE_INIT
#define FUZZ_HAVE_GEN_SEEDS
#include "merge.h"
#include "fuzz_findings.h"

#define MAX_SHARDS 4

static char paths[MAX_SHARDS][4200];

static void fuzz_init(void)
{
	for (int i = 0; i < MAX_SHARDS; i++)
		snprintf(paths[i], sizeof(paths[i]), "%s/shard%d.json",
			 fuzz_tmpdir(), i);
}

/*
 * 'text' (a findings.json) as shard 'i' of 'n' of one run: merge takes
 * only shards 1..N of one run, each once. Returns a new string.
 */
static char *as_shard(const char *text, int i, int n)
{
	cJSON *j = cJSON_Parse(text), *run, *sh;
	char *out;

	if (!j)
		return NULL;
	run = cJSON_GetObjectItemCaseSensitive(j, "run");
	if (cJSON_IsObject(run)) {
		sh = cJSON_AddObjectToObject(run, "shard");
		cJSON_AddNumberToObject(sh, "index", i);
		cJSON_AddNumberToObject(sh, "count", n);
		cJSON_AddStringToObject(run, "run_id", "fuzz-run");
	}
	out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return out;
}

/* The first 'n' of 't' as shards 1..n of one run, joined as a seed. */
static void seed_shards(const char *dir, const char *name, char *const *t,
			int n)
{
	char *s[3] = { NULL, NULL, NULL };
	int ok = 1;

	for (int i = 0; i < n; i++)
		ok &= (s[i] = as_shard(t[i], i + 1, n)) != NULL;
	if (ok)
		fuzz_seed_join(dir, name, s, (size_t)n);
	for (int i = 0; i < n; i++)
		free(s[i]);
}

static void fuzz_gen_seeds(const char *dir)
{
	glob_t g;
	char *t[3], *dup[2], name[64];

	if (glob("tests/golden/*/expected.findings.json", 0, NULL, &g))
		return;
	for (size_t a = 0; a < g.gl_pathc; a++) {
		/* one shard; two and three shards of the same audit */
		t[0] = fuzz_findings_cut(g.gl_pathv[a], 0, 10, 6);
		t[1] = fuzz_findings_cut(g.gl_pathv[a], 10, 6, 6);
		t[2] = fuzz_findings_cut(g.gl_pathv[a], 16, 4, 6);
		if (t[0] && t[1] && t[2]) {
			snprintf(name, sizeof(name), "golden-%zu-1", a);
			seed_shards(dir, name, t, 1);
			snprintf(name, sizeof(name), "golden-%zu-2", a);
			seed_shards(dir, name, t, 2);
			snprintf(name, sizeof(name), "golden-%zu-3", a);
			seed_shards(dir, name, t, 3);
			/* refused: shard 1 of 2, twice */
			dup[0] = as_shard(t[0], 1, 2);
			dup[1] = as_shard(t[0], 1, 2);
			snprintf(name, sizeof(name), "golden-%zu-dup", a);
			if (dup[0] && dup[1])
				fuzz_seed_join(dir, name, dup, 2);
			free(dup[0]);
			free(dup[1]);
		}
		for (int i = 0; i < 3; i++)
			free(t[i]);
		/* every selected check: what score.checks really holds */
		t[0] = fuzz_findings_cut(g.gl_pathv[a], 0, 4, 1000);
		if (t[0]) {
			snprintf(name, sizeof(name), "golden-%zu-all-checks",
				 a);
			seed_shards(dir, name, t, 1);
		}
		free(t[0]);
	}
	globfree(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_part parts[FUZZ_MAX_PARTS];
	size_t n = fuzz_split(data, len, parts, FUZZ_MAX_PARTS);
	char *argv[MAX_SHARDS];
	struct merged m;
	struct scores s;
	struct report rep = { 0 };
	FILE *out = fuzz_devnull();

	if (n > MAX_SHARDS)
		n = MAX_SHARDS;
	for (size_t i = 0; i < n; i++) {
		if (fuzz_write_file(paths[i], parts[i].p, parts[i].n))
			abort();
		argv[i] = paths[i];
	}
	if (merge_load(argv, n, &m))
		return 0;
	scores_compute(&s, &m.findings, m.checks, m.nchecks);
	rep.findings = &m.findings;
	rep.scores = &s;
	rep.run = &m.run;
	rep.waiver_notes = (const char *const *)m.waiver_notes;
	rep.nwaiver_notes = m.nwaiver_notes;
	report_write_json(&rep, out);
	report_write_csv(&rep, out);
	report_write_html(&rep, out);
	report_write_junit(&rep, out);
	report_write_summary(&rep, out, 1, "out",
			     REPORT_HTML | REPORT_CSV | REPORT_JSON |
				     REPORT_JUNIT);
	scores_release(&s);
	merge_release(&m);
	return 0;
}
