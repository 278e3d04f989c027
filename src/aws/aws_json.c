/*
 * aws_json.c -- JSON response helpers on cJSON (see aws_json.h)
 */
#include "aws_json.h"
#include "irready.h"
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The first member of the page being decoded that was present with the
 * wrong type or an unusable number. Per thread: each pool worker decodes
 * its own pages, start to finish, on its own thread.
 */
static _Thread_local char bad_member[96];

static void mark_bad(const char *key, const char *why)
{
	if (!bad_member[0])
		snprintf(bad_member, sizeof(bad_member), "%s (%s)", key, why);
}

int ajson_take_error(char *buf, size_t n)
{
	int bad = bad_member[0] != '\0';

	if (n)
		snprintf(buf, n, "%s", bad_member);
	bad_member[0] = '\0';
	return bad;
}

/* Present and neither null nor of the wanted type: malformed. */
static const cJSON *member(const cJSON *o, const char *key)
{
	return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key)
				 : NULL;
}

static int present(const cJSON *v)
{
	return v && !cJSON_IsNull(v);
}

cJSON *ajson_parse(const char *data, size_t len)
{
	long long t = phase_start();
	cJSON *j;

	if (!data || !len)
		return NULL;
	if (!text_utf8_valid(data, len)) {
		/* names and tags keep their valid parts; the rest is U+FFFD */
		size_t n;
		char *fixed = text_utf8_repair(data, len, &n);

		j = cJSON_ParseWithLength(fixed, n);
		free(fixed);
	} else {
		j = cJSON_ParseWithLength(data, len);
	}
	if (j && !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		j = NULL;
	}
	phase_end(PHASE_PARSE, t);
	return j;
}

const char *ajson_get(const cJSON *o, const char *key)
{
	const cJSON *v = member(o, key);

	if (present(v) && !cJSON_IsString(v))
		mark_bad(key, "not a string");
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

char *ajson_str(struct arena *a, const cJSON *o, const char *key)
{
	return arena_strdup(a, ajson_get(o, key));
}

int ajson_bool(const cJSON *o, const char *key, int dflt)
{
	const cJSON *v = member(o, key);

	if (cJSON_IsTrue(v))
		return 1;
	if (cJSON_IsFalse(v))
		return 0;
	if (present(v))
		mark_bad(key, "not a boolean");
	return dflt;
}

double ajson_num(const cJSON *o, const char *key, double dflt)
{
	const cJSON *v = member(o, key);

	if (!present(v))
		return dflt;
	if (!cJSON_IsNumber(v)) {
		mark_bad(key, "not a number");
		return dflt;
	}
	/* 2^53: every integer AWS sends fits, and converts to long exactly */
	if (!isfinite(v->valuedouble) ||
	    fabs(v->valuedouble) > 9007199254740992.0) {
		mark_bad(key, "a number out of range");
		return dflt;
	}
	return v->valuedouble;
}

time_t ajson_time(const cJSON *o, const char *key)
{
	const cJSON *v = member(o, key);
	time_t t = 0;

	if (cJSON_IsNumber(v) && isfinite(v->valuedouble) &&
	    v->valuedouble > 0 && v->valuedouble < 1e11)
		return (time_t)v->valuedouble;
	if (cJSON_IsString(v) && !parse_iso8601(v->valuestring, &t))
		return t;
	if (present(v))
		mark_bad(key, "not a timestamp");
	return 0;
}

const cJSON *ajson_array(const cJSON *o, const char *key)
{
	const cJSON *v = member(o, key);

	if (present(v) && !cJSON_IsArray(v))
		mark_bad(key, "not a list");
	return cJSON_IsArray(v) ? v : NULL;
}

char *ajson_body(struct arena *a, const char *key, const char *value)
{
	cJSON *o = cJSON_CreateObject();
	char *s, *out;

	cJSON_AddStringToObject(o, key, value);
	s = cJSON_PrintUnformatted(o);
	out = arena_strdup(a, s);
	cJSON_free(s);
	cJSON_Delete(o);
	return out;
}
