/*
 * aws_json.h -- reading the JSON protocols (json, rest-json)
 *
 * Thin helpers over cJSON for collectors: strings are copied into an arena
 * so no cJSON object outlives the collector that parsed it.
 */
#ifndef AWS_JSON_H
#define AWS_JSON_H

#include <cJSON.h>
#include <time.h>

#include "arena.h"

/* Parse a body; NULL when malformed or not a JSON object. */
cJSON *ajson_parse(const char *data, size_t len);
/* Copy the string member 'key' into 'a'; NULL when absent or not a string. */
char *ajson_str(struct arena *a, const cJSON *o, const char *key);
/* Borrowed string member, NULL when absent. */
const char *ajson_get(const cJSON *o, const char *key);
int ajson_bool(const cJSON *o, const char *key, int dflt);
double ajson_num(const cJSON *o, const char *key, double dflt);
/*
 * Timestamp member: an epoch-seconds number (json protocol default) or an
 * ISO-8601 string (many rest-json models); 0 when absent or malformed.
 */
time_t ajson_time(const cJSON *o, const char *key);
/* Array member, or NULL. */
const cJSON *ajson_array(const cJSON *o, const char *key);

/*
 * Type checks: the accessors above treat an absent or null member as
 * absent, but a member present with the wrong type (a string where a
 * number belongs), a non-finite number or one beyond 2^53, or a timestamp
 * that parses as neither form is malformed. The first such member since
 * the last call is noted per thread; ajson_take_error() copies its
 * description ("retentionInDays (not a number)") into 'buf', clears it,
 * and returns 1 when there was one. The pager calls it after each page.
 */
int ajson_take_error(char *buf, size_t n);

/* {"key":"value"} with 'value' escaped, in 'a'. */
char *ajson_body(struct arena *a, const char *key, const char *value);

#endif
