/*
 * inv_json.h -- helpers for the datasets' dump functions (inv_json.c)
 *
 * `irready inventory` prints what the collectors decoded; each dataset
 * writes its own keys (struct dataset .dump) with these. Times are
 * ISO-8601, absent values null.
 */
#ifndef INV_JSON_H
#define INV_JSON_H

#include <cJSON.h>

#include "inv_collect.h"

/* "k": v, or null when v is NULL */
void inv_json_str(cJSON *o, const char *k, const char *v);
/* "k": "2026-11-28T00:00:00Z", or null when t is 0 */
void inv_json_time(cJSON *o, const char *k, time_t t);
/* "k": [v...] */
void inv_json_strs(cJSON *o, const char *k, const char *const *v, size_t n);
/* {"state": "ok"|"failed"|"not_requested"[, code, action, region]} */
cJSON *inv_json_status(const struct inv_status *st);
/* A per-call failure kept on a record (S3 buckets): {code,...} or null. */
void inv_json_err(cJSON *o, const char *k, const struct aws_error *e);
/* "k": a failed status with 'e', only when 'failed' is set. */
void inv_json_failure(cJSON *o, const char *k, int failed,
		      const struct aws_error *e);

#endif
