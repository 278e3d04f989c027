/*
 * findings.c -- the findings list and the names of statuses, phases and
 * severities (see findings.h)
 */
#include "findings.h"
#include "check.h"
#include "irready.h"
#include "sha256.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const phase_names[PHASE__COUNT] = {
	"preparation", "detection", "containment", "post-incident"
};
static const char *const phase_titles[PHASE__COUNT] = {
	"Preparation", "Detection & Analysis",
	"Containment, Eradication & Recovery", "Post-incident"
};
static const char *const sev_names[SEV__COUNT] = { "critical", "high", "medium",
						   "low", "info" };
static const int sev_weights[SEV__COUNT] = { 10, 5, 3, 1, 0 };
static const char *const status_names[CHECK__COUNT] = {
	"PASS", "FAIL", "ERROR", "WAIVED", "MANUAL", "NOT_APPLICABLE"
};

const char *phase_name(enum ir_phase p)
{
	return (unsigned)p < PHASE__COUNT ? phase_names[p] : "?";
}

const char *phase_title(enum ir_phase p)
{
	return (unsigned)p < PHASE__COUNT ? phase_titles[p] : "?";
}

const char *severity_name(enum severity s)
{
	return (unsigned)s < SEV__COUNT ? sev_names[s] : "?";
}

int severity_weight(enum severity s)
{
	return (unsigned)s < SEV__COUNT ? sev_weights[s] : 0;
}

const char *status_name(enum check_status s)
{
	return (unsigned)s < CHECK__COUNT ? status_names[s] : "?";
}

int severity_parse(const char *s, enum severity *out)
{
	for (int i = 0; i < SEV__COUNT; i++)
		if (!strcmp(s, sev_names[i])) {
			*out = (enum severity)i;
			return 0;
		}
	return -1;
}

int phase_parse(const char *s, enum ir_phase *out)
{
	for (int i = 0; i < PHASE__COUNT; i++)
		if (!strcmp(s, phase_names[i])) {
			*out = (enum ir_phase)i;
			return 0;
		}
	return -1;
}

void findings_init(struct findings *f)
{
	memset(f, 0, sizeof(*f));
}

static void finding_release(struct finding *x)
{
	free(x->account_id);
	free(x->region);
	free(x->resource_type);
	free(x->resource_id);
	free(x->message);
	free(x->waiver);
	free(x->account_name);
	free(x->ou_path);
}

void findings_release(struct findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		finding_release(&f->v[i]);
	free(f->v);
	findings_init(f);
}

void finding_make_id(const char *account, const char *region, const char *check,
		     const char *resource, char out[17])
{
	char hex[SHA256_HEX_LEN];
	char *key = xasprintf("%s|%s|%s|%s", account, region, check,
			      resource ? resource : "");

	sha256_hex(key, strlen(key), hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
	free(key);
}

/*
 * The region of a regional resource named by its ARN
 * ("arn:aws:cloudtrail:us-east-1:111122223333:trail/t" -> "us-east-1") into
 * 'buf', or NULL when 'id' is not an ARN or names a global resource (IAM,
 * S3 buckets, Organizations: an empty region field).
 */
static const char *arn_region(const char *id, char *buf, size_t size)
{
	const char *p = id;
	size_t n;

	if (strncmp(p, "arn:", 4))
		return NULL;
	for (int field = 0; field < 3; field++) { /* arn, partition, service */
		p = strchr(p, ':');
		if (!p)
			return NULL;
		p++;
	}
	n = strcspn(p, ":");
	if (!n || n >= size || !p[n])
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

struct finding *findings_add(struct findings *f, enum check_status st,
			     const char *resource_type, const char *resource_id,
			     const char *fmt, ...)
{
	char where[64];
	const char *region = f->region;
	struct finding *x;
	va_list ap;
	int n;

	if (!f->check || !f->account_id || !f->region)
		BUG("findings_add outside a check context");
	ALLOC_GROW(f->v, f->n + 1, f->alloc);
	x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->check = f->check;
	x->account_id = xstrdup(f->account_id);
	/*
	 * A finding about a regional resource carries that resource's region,
	 * even from an account-scope check (a trail, a topic): where the
	 * resource lives is where a responder fixes it, and what its waivers
	 * name. Coverage units still follow the check's scope (score.c).
	 */
	if (!strcmp(region, "global") && resource_id &&
	    arn_region(resource_id, where, sizeof(where)))
		region = where;
	x->region = xstrdup(region);
	x->status = x->verdict = st;
	x->severity = f->severity;
	x->resource_type = xstrdup(resource_type ? resource_type : "");
	x->resource_id = xstrdup(resource_id ? resource_id : "");
	x->collected_at = f->collected_at;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	x->message = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(x->message, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	finding_make_id(x->account_id, x->region, f->check->id, x->resource_id,
			x->id);
	return x;
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;

	c = strcmp(a->account_id, b->account_id);
	if (c)
		return c;
	if (a->check->phase != b->check->phase)
		return (int)a->check->phase - (int)b->check->phase;
	c = strcmp(a->check->id, b->check->id);
	if (c)
		return c;
	/* "global" sorts before regions */
	c = strcmp(a->region, b->region);
	if (c) {
		if (!strcmp(a->region, "global"))
			return -1;
		if (!strcmp(b->region, "global"))
			return 1;
		return c;
	}
	c = strcmp(a->resource_id, b->resource_id);
	if (c)
		return c;
	return strcmp(a->message, b->message);
}

void findings_sort(struct findings *f)
{
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), cmp_finding);
}
