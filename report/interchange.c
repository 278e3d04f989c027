/*
 * interchange.c -- framework references, JSON keys and times for the
 * interchange formats (OCSF, SARIF, ASFF)
 */
#include "interchange.h"
#include "irready.h"
#include "report.h"

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
	fprintf(out, "%lld", (long long)t * 1000);
}

void jw_time(FILE *out, time_t t)
{
	char buf[32];

	format_iso8601(t, buf, sizeof(buf));
	json_string(out, buf);
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
