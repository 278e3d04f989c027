/*
 * fuzz_json.c -- ajson_parse() and the member helpers the JSON collectors
 * use (aws_json.h): every member of every object, at any depth, is read
 * with ajson_get/ajson_str (into an arena)/ajson_bool/ajson_num/
 * ajson_time/ajson_array; string values go back through ajson_body().
 */
#define FUZZ_HAVE_GEN_SEEDS
#include "aws_json.h"
#include "fuzz.h"

static void fuzz_gen_seeds(const char *dir)
{
	fuzz_seed_files(dir, "fixtures", ".http", FUZZ_FILES_BODY, '{');
	fuzz_seed_files(dir, "fixtures", "scenario.json", FUZZ_FILES_RAW, 0);
	fuzz_seed_files(dir, "tests/diff", ".json", FUZZ_FILES_RAW, 0);
	fuzz_seed_files(dir, "policies", ".json", FUZZ_FILES_RAW, 0);
}

static struct arena arena;
static unsigned long sink;

static void walk(const cJSON *v, int depth)
{
	const cJSON *c;

	if (depth > 64)
		return;
	if (cJSON_IsObject(v)) {
		cJSON_ArrayForEach(c, v)
		{
			const char *k = c->string ? c->string : "";
			char *s = ajson_str(&arena, v, k);

			sink += ajson_get(v, k) != NULL;
			sink += s ? strlen(s) : 0;
			sink += (unsigned long)ajson_bool(v, k, 7);
			sink += ajson_num(v, k, -1.5) > 0;
			sink += (unsigned long)ajson_time(v, k);
			sink += ajson_array(v, k) != NULL;
			if (s && depth < 3)
				sink += strlen(ajson_body(&arena, k, s));
		}
	}
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		cJSON_ArrayForEach(c, v) walk(c, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	cJSON *j = ajson_parse((const char *)data, len);

	if (j) {
		/* absent keys and the empty key */
		sink += ajson_get(j, "__type") != NULL;
		sink += (unsigned long)ajson_time(j, "");
		walk(j, 0);
		cJSON_Delete(j);
	}
	arena_release(&arena);
	return 0;
}
