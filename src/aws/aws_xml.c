/*
 * aws_xml.c -- XML responses through libxml2's SAX2 parser (see aws_xml.h)
 *
 * libxml2 checks well-formedness and decodes references and CDATA; the
 * callbacks below only record what the collectors read:
 *
 *  - every element is one struct axml_node, handed out from blocks of
 *    1,024 (no node moves, none is allocated on its own);
 *  - all character data goes, in document order, into one buffer no
 *    larger than the input, and an element's text is the span between its
 *    start and end tags: the concatenated text of its descendants, as
 *    xmlNodeGetContent() gave it from a DOM;
 *  - names are libxml2's own (its parser interns them in the context's
 *    dictionary), so a document keeps its parser context until
 *    axml_free(), and two elements of one name share one pointer.
 *
 * A thread keeps one idle parser context and one freed document, so the
 * next page reuses the context, its dictionary, the node blocks and the
 * text buffer.
 */
#include "aws_xml.h"
#include "irready.h"
#include "text.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libxml2's own bound on nesting without XML_PARSE_HUGE is 256 */
#define MAX_DEPTH 512
/* nodes per block */
#define BLOCK_NODES 1024
/*
 * What a thread keeps between pages: a text buffer up to 512 KiB and node
 * blocks up to 512 KiB (12 blocks). Larger pages (EC2's 1,000-item pages
 * reach 1.4 MB) free theirs, so 64 threads hold at most 64 MiB; the huge
 * account's replay measured no CPU difference from 4 MiB caps.
 */
#define KEEP_BYTES  (512u << 10)
#define KEEP_BLOCKS (KEEP_BYTES / (BLOCK_NODES * sizeof(struct axml_node)))
/* a context whose dictionary has grown this large is not kept */
#define KEEP_NAMES 4096
/* libxml2's XML_MAX_TEXT_LENGTH: the DOM truncated longer text nodes */
#define MAX_TEXT_RUN 10000000

struct frame {
	struct axml_node *node, *last; /* the element, its last child */
};

struct node_block {
	struct node_block *next;
	struct axml_node n[BLOCK_NODES];
};

struct axml_doc {
	struct axml_node *root;
	struct node_block *blocks, *cur; /* all blocks; the one in use */
	size_t used;                     /* nodes taken from 'cur' */
	char *text;
	size_t tlen, tcap;
	size_t run; /* bytes of the current text run */
	int failed, depth;
	xmlParserCtxtPtr ctxt; /* owns the names */
	struct frame stack[MAX_DEPTH];
};

/* Per thread, like aws_json.c: the first unusable value of this page. */
static _Thread_local char bad_element[96];

static void mark_bad(const char *path, const char *why)
{
	if (!bad_element[0])
		snprintf(bad_element, sizeof(bad_element), "%s (%s)", path,
			 why);
}

int axml_take_error(char *buf, size_t n)
{
	int bad = bad_element[0] != '\0';

	if (n)
		snprintf(buf, n, "%s", bad_element);
	bad_element[0] = '\0';
	return bad;
}

/*
 * A document type declaration at 'p' (a '<' with 9 bytes after it):
 * "<!DOCTYPE" in any case (XML is case-sensitive, but a lenient parser is
 * not ours to predict). AWS never sends one; it is the only way to declare
 * entities.
 */
static int doctype_at(const char *p)
{
	static const char kw[] = "<!doctype";

	if (p[1] != '!')
		return 0;
	for (size_t k = 2; k < sizeof(kw) - 1; k++)
		if ((p[k] | 0x20) != kw[k])
			return 0;
	return 1;
}

/* by its '!', which is rarer than '<' in AWS's answers */
int axml_has_doctype(const char *data, size_t len)
{
	const char *p, *end;

	if (!data || len < 9)
		return 0;
	p = data + 1;
	end = data + len;
	while ((p = memchr(p, '!', (size_t)(end - p))) != NULL) {
		if (end - p >= 8 && p[-1] == '<' && doctype_at(p - 1))
			return 1;
		p++;
	}
	return 0;
}

static int ascii(const unsigned char *p, size_t words)
{
	uint64_t w, all = 0;

	for (size_t k = 0; k < words; k++) {
		memcpy(&w, p + 8 * k, 8);
		all |= w;
	}
	return !(all & 0x8080808080808080ull);
}

/* text_utf8_valid() with ASCII taken 32, then 8 bytes at a time */
static int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t l;

		if (n - i >= 32 && ascii(p + i, 4)) {
			i += 32;
			continue;
		}
		if (n - i >= 8 && ascii(p + i, 1)) {
			i += 8;
			continue;
		}
		l = text_utf8_seq(p + i, n - i);
		if (!l)
			return 0;
		i += l;
	}
	return 1;
}

/* ---- building, from libxml2's callbacks ---- */

static _Thread_local struct axml_doc *building;

static void fail(struct axml_doc *d)
{
	d->failed = 1;
	xmlStopParser(d->ctxt);
}

static struct axml_node *new_node(struct axml_doc *d)
{
	if (d->used == BLOCK_NODES) {
		struct node_block **next = d->cur ? &d->cur->next : &d->blocks;

		if (!*next) {
			*next = malloc(sizeof(**next));
			if (!*next)
				return NULL;
			(*next)->next = NULL;
		}
		d->cur = *next;
		d->used = 0;
	}
	return &d->cur->n[d->used++];
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		     const xmlChar *uri, int nb_ns, const xmlChar **ns,
		     int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	struct axml_doc *d = building;
	struct axml_node *e;

	if (d->failed)
		return;
	if (d->depth == MAX_DEPTH || !(e = new_node(d))) {
		fail(d);
		return;
	}
	/* an undeclared prefix stays in the name, as the DOM kept it */
	if (prefix && !uri) {
		const xmlChar *q =
			xmlDictQLookup(d->ctxt->dict, prefix, localname);

		if (q)
			localname = q;
	}
	*e = (struct axml_node){ (const char *)localname, NULL, NULL,
				 d->text + d->tlen, 0 };
	if (d->depth) {
		struct frame *f = &d->stack[d->depth - 1];

		if (f->last)
			f->last->next = e;
		else
			f->node->child = e;
		f->last = e;
	} else if (!d->root) {
		d->root = e;
	}
	d->stack[d->depth++] = (struct frame){ e, NULL };
	d->run = 0;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		   const xmlChar *uri)
{
	struct axml_doc *d = building;
	struct axml_node *e;

	if (d->failed || !d->depth)
		return;
	e = d->stack[--d->depth].node;
	e->len = (size_t)(d->text + d->tlen - e->text);
	d->run = 0;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct axml_doc *d = building;

	if (d->failed || !d->depth || len <= 0)
		return;
	/* decoded text is never longer than its source: a bug if it is */
	if ((size_t)len > d->tcap - d->tlen ||
	    (d->run += (size_t)len) > MAX_TEXT_RUN) {
		fail(d);
		return;
	}
	memcpy(d->text + d->tlen, ch, (size_t)len);
	d->tlen += (size_t)len;
}

/* a comment or processing instruction ends a DOM text node */
static void on_comment(void *ctx, const xmlChar *value)
{
	building->run = 0;
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	building->run = 0;
}

/* ---- per-thread reuse ---- */

struct xml_thread {
	xmlParserCtxtPtr ctxt; /* idle, or NULL */
	struct axml_doc *spare;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t key;
static xmlSAXHandler handler;
/* the main thread's state stays reachable here (no destructor runs) */
static _Thread_local struct xml_thread *self;

/* Free the node blocks after the first 'keep'. */
static void free_blocks(struct axml_doc *d, size_t keep)
{
	struct node_block **b = &d->blocks;

	while (*b && keep--)
		b = &(*b)->next;
	while (*b) {
		struct node_block *next = (*b)->next;

		free(*b);
		*b = next;
	}
}

static void doc_destroy(struct axml_doc *d)
{
	if (!d)
		return;
	if (d->ctxt)
		xmlFreeParserCtxt(d->ctxt);
	free_blocks(d, 0);
	free(d->text);
	free(d);
}

static void thread_destroy(void *p)
{
	struct xml_thread *t = p;

	if (t->ctxt)
		xmlFreeParserCtxt(t->ctxt);
	doc_destroy(t->spare);
	free(t);
	self = NULL;
}

static void init_once(void)
{
	/*
	 * Elements and character data only: no internal or external subset,
	 * no entity declarations or lookups (a reference to any entity but
	 * the five predefined ones is then a well-formedness error, as it
	 * was for the DOM), no document built.
	 */
	memset(&handler, 0, sizeof(handler));
	handler.initialized = XML_SAX2_MAGIC;
	handler.startElementNs = on_start;
	handler.endElementNs = on_end;
	handler.characters = on_text;
	handler.ignorableWhitespace = on_text;
	handler.cdataBlock = on_text;
	handler.comment = on_comment;
	handler.processingInstruction = on_pi;
	pthread_key_create(&key, thread_destroy);
}

static struct xml_thread *thread_state(void)
{
	if (!self) {
		pthread_once(&once, init_once);
		self = xcalloc(1, sizeof(*self));
		pthread_setspecific(key, self);
	}
	return self;
}

static xmlParserCtxtPtr take_ctxt(struct xml_thread *t)
{
	xmlParserCtxtPtr c = t->ctxt;

	t->ctxt = NULL;
	if (!c) {
		c = xmlNewParserCtxt();
		if (!c)
			return NULL;
		*c->sax = handler;
	}
	return c;
}

static struct axml_doc *build(const char *data, size_t len)
{
	struct xml_thread *t = thread_state();
	struct axml_doc *d = t->spare ? t->spare : xcalloc(1, sizeof(*d));

	t->spare = NULL;
	d->root = NULL;
	d->cur = NULL;
	d->used = BLOCK_NODES;
	d->tlen = d->run = 0;
	d->failed = d->depth = 0;
	d->ctxt = take_ctxt(t);
	if (d->tcap < len + 1) {
		free(d->text);
		d->text = malloc(len + 1);
		d->tcap = d->text ? len + 1 : 0;
	}
	if (!d->ctxt || !d->text) {
		axml_free(d);
		return NULL;
	}
	building = d;
	/* no XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_DTDATTR */
	xmlCtxtReadMemory(d->ctxt, data, (int)len, "response.xml", "UTF-8",
			  XML_PARSE_NONET | XML_PARSE_NOERROR |
				  XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	building = NULL;
	if (!d->ctxt->wellFormed || d->failed || !d->root) {
		axml_free(d);
		return NULL;
	}
	return d;
}

static struct axml_doc *parse(const char *data, size_t len)
{
	if (!data || !len || len > (size_t)INT32_MAX)
		return NULL;
	if (axml_has_doctype(data, len))
		return NULL;
	if (!utf8_valid(data, len)) {
		/* AWS sends UTF-8: keep the valid parts, the rest is U+FFFD */
		size_t n;
		char *fixed = text_utf8_repair(data, len, &n);
		struct axml_doc *doc =
			n <= (size_t)INT32_MAX ? build(fixed, n) : NULL;

		free(fixed);
		return doc;
	}
	return build(data, len);
}

struct axml_doc *axml_parse(const char *data, size_t len)
{
	long long t = phase_start();
	struct axml_doc *doc = parse(data, len);

	phase_end(PHASE_PARSE, t);
	return doc;
}

struct axml_node *axml_root(const struct axml_doc *doc)
{
	return doc ? doc->root : NULL;
}

void axml_free(struct axml_doc *d)
{
	struct xml_thread *t;

	if (!d)
		return;
	t = thread_state();
	/* keep the context (and its names) unless another is kept already */
	if (d->ctxt && !t->ctxt && xmlDictSize(d->ctxt->dict) < KEEP_NAMES) {
		t->ctxt = d->ctxt;
		d->ctxt = NULL;
	}
	if (d->ctxt) {
		xmlFreeParserCtxt(d->ctxt);
		d->ctxt = NULL;
	}
	if (t->spare) {
		doc_destroy(d);
		return;
	}
	free_blocks(d, KEEP_BLOCKS);
	if (d->tcap > KEEP_BYTES) {
		free(d->text);
		d->text = NULL;
		d->tcap = 0;
	}
	t->spare = d;
}

/* ---- reading ---- */

int axml_is(const struct axml_node *n, const char *name)
{
	return n && (!name || n->name == name || !strcmp(n->name, name));
}

struct axml_node *axml_child(const struct axml_node *n, const char *name)
{
	if (!n)
		return NULL;
	for (struct axml_node *c = n->child; c; c = c->next)
		if (axml_is(c, name))
			return c;
	return NULL;
}

struct axml_node *axml_next(const struct axml_node *n)
{
	if (!n)
		return NULL;
	for (struct axml_node *c = n->next; c; c = c->next)
		if (axml_is(c, n->name))
			return c;
	return NULL;
}

struct axml_node *axml_items(const struct axml_node *wrapper)
{
	return wrapper ? wrapper->child : NULL;
}

struct axml_node *axml_path(const struct axml_node *n, const char *path)
{
	const char *p = path;

	while (n && *p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		const struct axml_node *c;

		if (len >= 128) /* as long as any AWS element name */
			return NULL;
		for (c = n->child; c; c = c->next)
			if (!strncmp(c->name, p, len) && !c->name[len])
				break;
		n = c;
		p += len;
		if (*p == '/')
			p++;
	}
	return (struct axml_node *)n;
}

char *axml_str(struct arena *a, const struct axml_node *n, const char *path)
{
	const struct axml_node *c = axml_path(n, path);

	return c ? arena_strndup(a, c->text, c->len) : NULL;
}

void axml_copy(const struct axml_node *n, const char *path, char *buf,
	       size_t size)
{
	const struct axml_node *c = axml_path(n, path);
	size_t k = c ? c->len : 0;

	if (!size)
		return;
	if (k >= size)
		k = size - 1;
	if (k)
		memcpy(buf, c->text, k);
	buf[k] = '\0';
}

/*
 * The text at 'path' without surrounding whitespace, NUL-terminated in
 * 'small' or, when longer, in a malloc'd copy left in '*heap'; NULL when
 * missing.
 */
static const char *trimmed(const struct axml_node *n, const char *path,
			   char *small, size_t size, char **heap)
{
	const struct axml_node *c = axml_path(n, path);
	const char *s, *e;
	char *out;

	*heap = NULL;
	if (!c)
		return NULL;
	s = c->text;
	e = s + c->len;
	while (s < e && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' ||
			 e[-1] == '\r'))
		e--;
	out = (size_t)(e - s) < size ? small
				     : (*heap = xmalloc((size_t)(e - s) + 1));
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return out;
}

int axml_bool(const struct axml_node *n, const char *path, int dflt)
{
	char small[16], *heap;
	const char *t = trimmed(n, path, small, sizeof(small), &heap);
	int v = dflt;

	if (t && !strcasecmp(t, "true"))
		v = 1;
	else if (t && !strcasecmp(t, "false"))
		v = 0;
	else if (t && *t)
		mark_bad(path, "not a boolean");
	free(heap);
	return v;
}

long axml_long(const struct axml_node *n, const char *path, long dflt)
{
	char small[64], *heap;
	const char *t = trimmed(n, path, small, sizeof(small), &heap);
	long v;

	if (!t || parse_long(t, &v)) {
		if (t && *t)
			mark_bad(path, "not an integer");
		v = dflt;
	}
	free(heap);
	return v;
}

time_t axml_time(const struct axml_node *n, const char *path)
{
	char small[64], *heap;
	const char *t = trimmed(n, path, small, sizeof(small), &heap);
	time_t v = 0;

	if (t && parse_iso8601(t, &v)) {
		if (*t)
			mark_bad(path, "not a timestamp");
		v = 0;
	}
	free(heap);
	return v;
}
