/*
 * fuzz_findings.h -- small findings.json seeds for fuzz_diff and
 * fuzz_merge, cut from the golden audits (the real files are 100-150 KiB,
 * too large to mutate well)
 */
#ifndef FUZZ_FINDINGS_H
#define FUZZ_FINDINGS_H

#include <cJSON.h>
#include <glob.h>

#include "fuzz.h"

static void fuzz_trim_array(cJSON *o, const char *key, int from, int count)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
	int n;

	if (!cJSON_IsArray(a))
		return;
	n = cJSON_GetArraySize(a);
	for (int i = n - 1; i >= 0; i--)
		if (i < from || i >= from + count)
			cJSON_DeleteItemFromArray(a, i);
}

/*
 * The golden findings.json 'path' with only findings [from, from+count)
 * and the first 'nchecks' of score.checks; malloc'd text, or NULL.
 */
static char *fuzz_findings_cut(const char *path, int from, int count,
			       int nchecks)
{
	size_t len;
	char *buf = fuzz_slurp(path, &len), *out;
	cJSON *j;

	if (!buf)
		return NULL;
	j = cJSON_ParseWithLength(buf, len);
	free(buf);
	if (!j)
		return NULL;
	fuzz_trim_array(j, "findings", from, count);
	{
		cJSON *score = cJSON_GetObjectItemCaseSensitive(j, "score");

		fuzz_trim_array(score, "checks", 0, nchecks);
		fuzz_trim_array(score, "accounts", 0, 1);
		fuzz_trim_array(score, "regions", 0, 2);
	}
	out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return out;
}

/* Join 'n' texts with FUZZ_SEP and write the seed 'name'. */
static void fuzz_seed_join(const char *dir, const char *name,
			   char *const *texts, size_t n)
{
	size_t total = 0, off = 0, sl = strlen(FUZZ_SEP);
	char *buf;

	for (size_t i = 0; i < n; i++)
		total += strlen(texts[i]) + sl;
	buf = malloc(total + 1);
	if (!buf)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (i) {
			memcpy(buf + off, FUZZ_SEP, sl);
			off += sl;
		}
		memcpy(buf + off, texts[i], strlen(texts[i]));
		off += strlen(texts[i]);
	}
	fuzz_seed_write(dir, name, buf, off);
	free(buf);
}

#endif
