/*
 * interchange.h -- helpers shared by the interchange formats
 *
 * OCSF (ocsf.c), SARIF (sarif.c) and ASFF (asff.c) all stream JSON and
 * all turn a check's framework references ("CIS-3.0:3.7;FSBP:EC2.6;
 * SEC10-BP03") into standards and requirements. Only the fragment cache
 * allocates (and frees in frag_cache_release()).
 */
#ifndef INTERCHANGE_H
#define INTERCHANGE_H

#include <stdio.h>
#include <time.h>

/* One framework reference, split out of a check's 'frameworks' string. */
struct fw_ref {
	char ref[96];         /* "CIS-3.0:3.7" (truncated if longer) */
	const char *standard; /* "CIS AWS Foundations Benchmark v3.0.0" */
	char other[48];       /* 'standard' for an unknown prefix */
};

/*
 * Split 'frameworks' (';'-separated, may be NULL) into at most 'max'
 * references in 'v'; empty items are skipped. Returns how many.
 */
size_t fw_refs(const char *frameworks, struct fw_ref *v, size_t max);

/*
 * The distinct standards of 'v[0..n)' in first-seen order, into 'out'
 * (at most 'max'). Returns how many.
 */
size_t fw_standards(const struct fw_ref *v, size_t n, const char **out,
		    size_t max);

/* A JSON object key: a comma unless '*first', then "k":. */
void jw_key(FILE *out, const char *k, int *first);

/* Milliseconds since the epoch, as a JSON number. */
void jw_ms(FILE *out, time_t t);

/* RFC 3339 UTC time as a JSON string ("2026-11-28T00:00:00Z"). */
void jw_time(FILE *out, time_t t);

/*
 * The partition of an ARN ("aws", "aws-cn", "aws-us-gov") into 'buf', or
 * NULL when 'id' is not an ARN.
 */
const char *arn_partition_of(const char *id, char *buf, size_t size);

struct check;

/*
 * Per-check JSON fragments, rendered once and written for every finding
 * of that check: a writer's text that depends only on the check (and the
 * run) is escaped once per check instead of once per finding. 'render'
 * writes fragment 'slot' (< 'nslots') of check 'c' to 'out'; 'ctx' is
 * passed through. Checks outside the registry, and a cache with no
 * frag_cache_init() (only render, ctx and nslots set), render each time.
 */
struct frag_cache {
	void (*render)(FILE *out, const struct check *c, size_t slot,
		       const void *ctx);
	const void *ctx;
	size_t nslots;
	char **buf; /* check_count * nslots, NULL until rendered */
	size_t *len;
	const struct check *last; /* the last check looked up, and its index */
	size_t last_i;
};

void frag_cache_init(struct frag_cache *fc, size_t nslots,
		     void (*render)(FILE *out, const struct check *c,
				    size_t slot, const void *ctx),
		     const void *ctx);
/* Write fragment 'slot' of check 'c' (rendering it the first time). */
void frag_put(struct frag_cache *fc, FILE *out, const struct check *c,
	      size_t slot);
void frag_cache_release(struct frag_cache *fc);

/*
 * A JSON string escaped once and written several times, in one buffer
 * reused for every finding (OCSF writes a finding's message up to three
 * times). jw_once_set() escapes 's' (json_string(), so NULL is null);
 * jw_once_put() writes it. Without a buffer (open_memstream failed),
 * jw_once_put() escapes 's' again.
 */
struct jw_once {
	FILE *m;
	char *buf;
	size_t size;
	long len; /* bytes of 'buf' holding the string; -1: none */
};

void jw_once_init(struct jw_once *o);
void jw_once_set(struct jw_once *o, const char *s);
void jw_once_put(const struct jw_once *o, FILE *out, const char *s);
void jw_once_release(struct jw_once *o);

/*
 * json_string() and json_escape() (escape.c), with a fast path: a string
 * of printable ASCII that needs no escaping ("a plain string": no '"',
 * '\\', '<', '>', '&', control or non-ASCII byte) is written as is, in one
 * fwrite; any other string goes to the shared escaper, so the output is
 * the same byte for byte.
 */
void jw_string(FILE *out, const char *s);
void jw_escape(FILE *out, const char *s);

#endif
