/*
 * findings.c -- the findings list and the names of statuses, phases and
 * severities (see findings.h)
 */
#include "findings.h"
#include "check.h"
#include "irready.h"
#include "sha256.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

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

/*
 * The strings of a list's findings: text blocks filled front to back (no
 * alignment, no per-string header) and an open-addressing set over the
 * interned ones, which live in the blocks too. A string longer than a
 * block gets a block of its own.
 */
#define TEXT_BLOCK 65536

struct text_block {
	struct text_block *next;
	size_t size, off;
	char data[];
};

/* An open-addressing set of strings (they live elsewhere). */
struct strset {
	const char **slot; /* NULL = empty */
	size_t n, mask;    /* entries; slots - 1 (a power of two - 1) */
};

struct findings_text {
	struct text_block *head;
	size_t blocks;     /* bytes of the blocks, headers included */
	struct strset set; /* the interned strings */
};

static struct findings_text *text_of(struct findings *f)
{
	if (!f->text)
		f->text = xcalloc(1, sizeof(*f->text));
	return f->text;
}

/* Room for 'n' bytes at the end of the current block, or a new block. */
static char *text_room(struct findings_text *t, size_t n)
{
	struct text_block *b = t->head;

	if (!b || b->size - b->off < n) {
		size_t sz = n > TEXT_BLOCK ? n : TEXT_BLOCK;

		b = xmalloc(sizeof(*b) + sz);
		b->size = sz;
		b->off = 0;
		b->next = t->head;
		t->head = b;
		t->blocks += sizeof(*b) + sz;
	}
	return b->data + b->off;
}

static const char *text_add(struct findings_text *t, const char *s, size_t n)
{
	char *p = text_room(t, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	t->head->off += n + 1;
	return p;
}

/* printf into the blocks: formatted in place when it fits. */
static const char *text_vprintf(struct findings_text *t, const char *fmt,
				va_list ap)
{
	struct text_block *b = t->head;
	size_t room = b ? b->size - b->off : 0;
	char *p = b ? b->data + b->off : NULL;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(p, room, fmt, ap);
	if (n < 0)
		n = 0; /* an encoding error: an empty message */
	if ((size_t)n >= room) {
		p = text_room(t, (size_t)n + 1);
		vsnprintf(p, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	p[n] = '\0';
	t->head->off += (size_t)n + 1;
	return p;
}

static size_t str_hash(const char *s)
{
	size_t h = 14695981039346656037u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void strset_grow(struct strset *set)
{
	size_t slots = set->slot ? (set->mask + 1) * 2 : 64;
	const char **old = set->slot;
	size_t old_slots = old ? set->mask + 1 : 0;

	set->slot = xcalloc(slots, sizeof(*set->slot));
	set->mask = slots - 1;
	for (size_t i = 0; i < old_slots; i++) {
		size_t h;

		if (!old[i])
			continue;
		for (h = str_hash(old[i]) & set->mask; set->slot[h];
		     h = (h + 1) & set->mask)
			;
		set->slot[h] = old[i];
	}
	free(old);
}

/*
 * The slot of 's' in 'set': the equal string's, or the empty one where it
 * goes (the caller fills it and counts it). The set stays at most half full.
 */
static const char **strset_slot(struct strset *set, const char *s)
{
	size_t h;

	if (!set->slot || (set->n + 1) * 2 > set->mask + 1)
		strset_grow(set);
	for (h = str_hash(s) & set->mask; set->slot[h]; h = (h + 1) & set->mask)
		if (!strcmp(set->slot[h], s))
			break;
	return &set->slot[h];
}

const char *findings_intern(struct findings *f, const char *s)
{
	struct findings_text *t;
	const char **slot;

	if (!s)
		return NULL;
	t = text_of(f);
	slot = strset_slot(&t->set, s);
	if (!*slot) {
		*slot = text_add(t, s, strlen(s));
		t->set.n++;
	}
	return *slot;
}

const char *findings_strdup(struct findings *f, const char *s)
{
	return s ? text_add(text_of(f), s, strlen(s)) : NULL;
}

size_t findings_bytes(const struct findings *f)
{
	size_t n = f->alloc * sizeof(*f->v);

	if (f->text)
		n += sizeof(*f->text) + f->text->blocks +
		     (f->text->set.slot
			      ? (f->text->set.mask + 1) * sizeof(char *)
			      : 0);
	return n;
}

void findings_init(struct findings *f)
{
	memset(f, 0, sizeof(*f));
}

void findings_release(struct findings *f)
{
	if (f->text) {
		struct text_block *b = f->text->head, *next;

		for (; b; b = next) {
			next = b->next;
			free(b);
		}
		free(f->text->set.slot);
		free(f->text);
	}
	free(f->v);
	findings_init(f);
}

/*
 * A finding's strings in the spill format, in this order: u32 length
 * (NONE for NULL), then the bytes. The first six are interned.
 */
#define NSTR      8
#define NINTERNED 6
#define NONE      0xffffffffu

static void finding_strs(struct finding *x, const char **v[NSTR])
{
	v[0] = &x->account_id;
	v[1] = &x->region;
	v[2] = &x->resource_type;
	v[3] = &x->waiver;
	v[4] = &x->account_name;
	v[5] = &x->ou_path;
	v[6] = &x->resource_id;
	v[7] = &x->message;
}

void findings_append(struct findings *dst, const struct findings *src)
{
	for (size_t i = 0; i < src->n; i++) {
		struct finding x = src->v[i];
		const char **v[NSTR];

		finding_strs(&x, v);
		for (int k = 0; k < NSTR; k++)
			*v[k] = k < NINTERNED ? findings_intern(dst, *v[k])
					      : findings_strdup(dst, *v[k]);
		ALLOC_GROW(dst->v, dst->n + 1, dst->alloc);
		dst->v[dst->n++] = x;
	}
}

int findings_spill(struct findings *f, FILE *fp)
{
	struct findings keep = *f;
	int bad = 0;

	for (size_t i = 0; !bad && i < f->n; i++) {
		struct finding x = f->v[i];
		const char **v[NSTR];

		finding_strs(&x, v);
		bad |= fwrite(&x, sizeof(x), 1, fp) != 1;
		for (int k = 0; !bad && k < NSTR; k++) {
			uint32_t len = *v[k] ? (uint32_t)strlen(*v[k]) : NONE;

			bad |= fwrite(&len, sizeof(len), 1, fp) != 1 ||
			       (len != NONE && len &&
				fwrite(*v[k], len, 1, fp) != 1);
		}
	}
	if (bad || fflush(fp))
		return IRREADY_EIO;
	f->v = NULL;
	f->text = NULL;
	findings_release(&keep); /* what 'f' held */
	f->n = f->alloc = 0;
	return 0;
}

/*
 * Read a string into the list's storage: interned (through 'scratch') or
 * packed into the text blocks, where a string already read back (the
 * set 'packed') is kept once -- a resource judged by several checks, a
 * message every account shares: about a third of the reloaded text of a
 * 500-account run. '*at' counts the bytes read.
 */
static int read_str(struct findings *f, FILE *fp, int interned, char **scratch,
		    size_t *cap, struct strset *packed, const char **out,
		    off_t *at)
{
	uint32_t len;
	char *p;

	if (fread(&len, sizeof(len), 1, fp) != 1)
		return IRREADY_EIO;
	*at += (off_t)sizeof(len);
	if (len == NONE) {
		*out = NULL;
		return 0;
	}
	if (interned) {
		if (len + 1 > *cap) {
			*cap = (size_t)len + 1;
			*scratch = xrealloc(*scratch, *cap);
		}
		p = *scratch;
	} else {
		p = text_room(text_of(f), (size_t)len + 1);
	}
	if (len && fread(p, len, 1, fp) != 1)
		return IRREADY_EIO;
	p[len] = '\0';
	*at += (off_t)len;
	if (interned) {
		*out = findings_intern(f, p);
	} else {
		const char **slot = strset_slot(packed, p);

		if (!*slot) {
			/* new: keep it where it was read */
			f->text->head->off += (size_t)len + 1;
			*slot = p;
			packed->n++;
		}
		*out = *slot;
	}
	return 0;
}

int findings_unspill(struct findings *f, FILE *fp, off_t end)
{
	struct strset packed = { 0 };
	char *scratch = NULL;
	size_t cap = 0;
	struct finding x;
	off_t at = ftello(fp);
	int rc = at < 0 ? IRREADY_EIO : 0;

	while (!rc && at < end) {
		const char **v[NSTR];

		if (fread(&x, sizeof(x), 1, fp) != 1) {
			rc = IRREADY_EIO;
			break;
		}
		at += (off_t)sizeof(x);
		finding_strs(&x, v);
		for (int k = 0; !rc && k < NSTR; k++)
			rc = read_str(f, fp, k < NINTERNED, &scratch, &cap,
				      &packed, v[k], &at);
		if (rc)
			break;
		ALLOC_GROW(f->v, f->n + 1, f->alloc);
		f->v[f->n++] = x;
	}
	free(scratch);
	free(packed.slot);
	return rc || at != end ? IRREADY_EIO : 0;
}

void finding_make_id(const char *account, const char *region, const char *check,
		     const char *resource, char out[17])
{
	char hex[SHA256_HEX_LEN], small[512];
	const char *res = resource ? resource : "";
	int n = snprintf(small, sizeof(small), "%s|%s|%s|%s", account, region,
			 check, res);
	char *key =
		n >= 0 && (size_t)n < sizeof(small)
			? small
			: xasprintf("%s|%s|%s|%s", account, region, check, res);

	/* a long resource id is hashed from the heap, not truncated */
	sha256_hex(key, strlen(key), hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
	if (key != small)
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
	struct findings_text *t;
	struct finding *x;
	va_list ap;

	if (!f->check || !f->account_id || !f->region)
		BUG("findings_add outside a check context");
	t = text_of(f);
	ALLOC_GROW(f->v, f->n + 1, f->alloc);
	x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->check = f->check;
	x->account_id = findings_intern(f, f->account_id);
	/*
	 * A finding about a regional resource carries that resource's region,
	 * even from an account-scope check (a trail, a topic): where the
	 * resource lives is where a responder fixes it, and what its waivers
	 * name. Coverage units still follow the check's scope (score.c).
	 */
	if (!strcmp(region, "global") && resource_id &&
	    arn_region(resource_id, where, sizeof(where)))
		region = where;
	x->region = findings_intern(f, region);
	x->status = x->verdict = st;
	x->severity = f->severity;
	x->resource_type =
		findings_intern(f, resource_type ? resource_type : "");
	x->resource_id = text_add(t, resource_id ? resource_id : "",
				  resource_id ? strlen(resource_id) : 0);
	x->collected_at = f->collected_at;
	va_start(ap, fmt);
	x->message = text_vprintf(t, fmt, ap);
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
