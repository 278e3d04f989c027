/*
 * interchange.c -- framework references, JSON keys and times for the
 * interchange formats (OCSF, SARIF, ASFF)
 */
#include "interchange.h"
#include "check.h"
#include "irready.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *prefix;
	const char *standard;
} standards[] = {
	{ "CIS-3.0:", "CIS AWS Foundations Benchmark v3.0.0" },
	{ "FSBP:", "AWS Foundational Security Best Practices" },
	{ "NIST-CSF-2.0:", "NIST Cybersecurity Framework 2.0" },
	{ "SEC", "AWS Well-Architected Framework" },
	{ "REL", "AWS Well-Architected Framework" },
};

static const char *standard_of(const char *ref)
{
	for (size_t i = 0; i < ARRAY_SIZE(standards); i++)
		if (!strncmp(ref, standards[i].prefix,
			     strlen(standards[i].prefix)))
			return standards[i].standard;
	return NULL;
}

size_t fw_refs(const char *frameworks, struct fw_ref *v, size_t max)
{
	const char *p = frameworks;
	size_t n = 0;

	while (p && *p && n < max) {
		size_t len = strcspn(p, ";");
		struct fw_ref *r = &v[n];

		while (len && (*p == ' ')) {
			p++;
			len--;
		}
		if (len) {
			snprintf(r->ref, sizeof(r->ref), "%.*s",
				 (int)(len < sizeof(r->ref)
					       ? len
					       : sizeof(r->ref) - 1),
				 p);
			r->standard = standard_of(r->ref);
			if (!r->standard) {
				/* unknown: the part before ':', or all of it */
				snprintf(r->other, sizeof(r->other), "%.*s",
					 (int)strcspn(r->ref, ":"), r->ref);
				r->standard = r->other;
			}
			n++;
		}
		p += len;
		if (*p == ';')
			p++;
	}
	return n;
}

size_t fw_standards(const struct fw_ref *v, size_t n, const char **out,
		    size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < max; i++) {
		const char *s = v[i].standard;
		size_t j;

		for (j = 0; j < k; j++)
			if (!strcmp(out[j], s))
				break;
		if (j == k)
			out[k++] = s;
	}
	return k;
}

void jw_key(FILE *out, const char *k, int *first)
{
	if (!*first)
		fputc(',', out);
	*first = 0;
	fputc('"', out);
	json_escape(out, k);
	fputs("\":", out);
}

void jw_ms(FILE *out, time_t t)
{
	/* one time for every finding of a run: format it once per thread */
	static _Thread_local time_t last;
	static _Thread_local int have;
	static _Thread_local char buf[32];

	if (!have || t != last) {
		snprintf(buf, sizeof(buf), "%lld", (long long)t * 1000);
		last = t;
		have = 1;
	}
	fputs(buf, out);
}

void jw_time(FILE *out, time_t t)
{
	/* one time for every finding of a run: format it once per thread */
	static _Thread_local time_t last;
	static _Thread_local int have;
	static _Thread_local char buf[48];

	if (!have || t != last) {
		char iso[32];

		format_iso8601(t, iso, sizeof(iso));
		snprintf(buf, sizeof(buf), "\"%s\"", iso);
		last = t;
		have = 1;
	}
	fputs(buf, out);
}

const char *arn_partition_of(const char *id, char *buf, size_t size)
{
	size_t len;

	if (!id || strncmp(id, "arn:", 4))
		return NULL;
	len = strcspn(id + 4, ":");
	if (!len || !id[4 + len])
		return NULL;
	snprintf(buf, size, "%.*s", (int)len, id + 4);
	return buf;
}

void frag_cache_init(struct frag_cache *fc, size_t nslots,
		     void (*render)(FILE *out, const struct check *c,
				    size_t slot, const void *ctx),
		     const void *ctx)
{
	memset(fc, 0, sizeof(*fc));
	fc->render = render;
	fc->ctx = ctx;
	fc->nslots = nslots;
	fc->buf = xcalloc(check_count * nslots + 1, sizeof(*fc->buf));
	fc->len = xcalloc(check_count * nslots + 1, sizeof(*fc->len));
}

/* The registry index of 'c', or check_count when it is not registered. */
static size_t frag_index(struct frag_cache *fc, const struct check *c)
{
	size_t i;

	if (c == fc->last)
		return fc->last_i;
	for (i = 0; i < check_count; i++)
		if (check_registry[i] == c)
			break;
	fc->last = c;
	fc->last_i = i;
	return i;
}

void frag_put(struct frag_cache *fc, FILE *out, const struct check *c,
	      size_t slot)
{
	size_t i, k;
	FILE *m;

	if (!fc->buf) { /* not initialised: no cache */
		fc->render(out, c, slot, fc->ctx);
		return;
	}
	i = frag_index(fc, c);
	if (i == check_count || slot >= fc->nslots) {
		fc->render(out, c, slot, fc->ctx);
		return;
	}
	k = i * fc->nslots + slot;
	if (!fc->buf[k]) {
		m = open_memstream(&fc->buf[k], &fc->len[k]);
		if (!m) {
			fc->render(out, c, slot, fc->ctx);
			return;
		}
		fc->render(m, c, slot, fc->ctx);
		if (fclose(m)) {
			free(fc->buf[k]);
			fc->buf[k] = NULL;
			fc->render(out, c, slot, fc->ctx);
			return;
		}
	}
	fwrite(fc->buf[k], 1, fc->len[k], out);
}

void frag_cache_release(struct frag_cache *fc)
{
	for (size_t k = 0; fc->buf && k < check_count * fc->nslots; k++)
		free(fc->buf[k]);
	free(fc->buf);
	free(fc->len);
	memset(fc, 0, sizeof(*fc));
}

void jw_once_init(struct jw_once *o)
{
	memset(o, 0, sizeof(*o));
	o->len = -1;
	o->m = open_memstream(&o->buf, &o->size);
}

void jw_once_set(struct jw_once *o, const char *s)
{
	o->len = -1;
	if (!o->m || fseek(o->m, 0, SEEK_SET))
		return;
	jw_string(o->m, s);
	if (!fflush(o->m) && !ferror(o->m))
		o->len = ftell(o->m);
}

void jw_once_put(const struct jw_once *o, FILE *out, const char *s)
{
	if (o->len >= 0)
		fwrite(o->buf, 1, (size_t)o->len, out);
	else
		json_string(out, s);
}

void jw_once_release(struct jw_once *o)
{
	if (o->m)
		fclose(o->m);
	free(o->buf);
	memset(o, 0, sizeof(*o));
	o->len = -1;
}

/* 1 for the bytes escape.c writes verbatim in every mode. */
static const unsigned char jw_plain[256] = {
	[' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['\''] = 1,
	['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1,
	['.'] = 1, ['/'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
	['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	[':'] = 1, [';'] = 1, ['='] = 1, ['?'] = 1, ['@'] = 1, ['A'] = 1,
	['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1,
	['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1,
	['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1,
	['Z'] = 1, ['['] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
};

/* The length of 's' when it is a plain string, else -1. */
static long jw_plain_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (jw_plain[p[n]])
		n++;
	return p[n] ? -1 : (long)n;
}

void jw_string(FILE *out, const char *s)
{
	long n = s ? jw_plain_len(s) : -1;

	if (n < 0) {
		json_string(out, s);
		return;
	}
	putc('"', out);
	fwrite(s, 1, (size_t)n, out);
	putc('"', out);
}

void jw_escape(FILE *out, const char *s)
{
	long n = s ? jw_plain_len(s) : -1;

	if (n < 0)
		json_escape(out, s);
	else
		fwrite(s, 1, (size_t)n, out);
}
