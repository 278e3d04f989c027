/*
 * aws_json.c -- JSON response helpers on cJSON (see aws_json.h)
 */
#include "aws_json.h"
#include "irready.h"

#include <math.h>
#include <string.h>

cJSON *ajson_parse(const char *data, size_t len)
{
	cJSON *j;

	if (!data || !len)
		return NULL;
	j = cJSON_ParseWithLength(data, len);
	if (j && !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

const char *ajson_get(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

char *ajson_str(struct arena *a, const cJSON *o, const char *key)
{
	return arena_strdup(a, ajson_get(o, key));
}

int ajson_bool(const cJSON *o, const char *key, int dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (cJSON_IsTrue(v))
		return 1;
	if (cJSON_IsFalse(v))
		return 0;
	return dflt;
}

double ajson_num(const cJSON *o, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) && isfinite(v->valuedouble) ? v->valuedouble
							     : dflt;
}

time_t ajson_time(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	time_t t = 0;

	if (cJSON_IsNumber(v) && isfinite(v->valuedouble) &&
	    v->valuedouble > 0 && v->valuedouble < 1e11)
		return (time_t)v->valuedouble;
	if (cJSON_IsString(v) && !parse_iso8601(v->valuestring, &t))
		return t;
	return 0;
}

const cJSON *ajson_array(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

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
