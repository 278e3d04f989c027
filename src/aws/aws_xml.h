/*
 * aws_xml.h -- reading the XML protocols (ec2, query, rest-xml)
 *
 * axml_parse() runs libxml2's SAX2 parser and keeps a compact read-only
 * tree: one struct axml_node per element, no attributes, comments or
 * processing instructions. Elements are matched by local name, namespaces
 * ignored (botocore does the same). Text is copied into the caller's arena
 * by the accessors, so no node outlives the collector that parsed it.
 */
#ifndef AWS_XML_H
#define AWS_XML_H

#include <stddef.h>
#include <time.h>

#include "arena.h"

/*
 * One element. Read-only: the fields are for the accessors below and for
 * walking (next); the node and its strings live until axml_free().
 */
struct axml_node {
	const char *name;        /* local name, one copy per name and page */
	struct axml_node *child; /* first element child */
	struct axml_node *next;  /* next element sibling */
	/*
	 * The character data of the element and all its descendants, in
	 * document order (references decoded, CDATA as text): what
	 * xmlNodeGetContent() gives. Not NUL-terminated.
	 */
	const char *text;
	size_t len;
};

struct axml_doc;

/*
 * Parse 'len' bytes; NULL on malformed input, and on any document with a
 * document type declaration (the only place entities can be declared, and
 * AWS never sends one), so no entity is ever expanded. Network access is
 * off; invalid UTF-8 becomes U+FFFD. Free with axml_free(); the thread's
 * next parse reuses the buffers.
 */
struct axml_doc *axml_parse(const char *data, size_t len);
/* The root element; NULL for a NULL document. */
struct axml_node *axml_root(const struct axml_doc *doc);
void axml_free(struct axml_doc *doc);
/* 1 when 'data' holds "<!DOCTYPE" in any case. */
int axml_has_doctype(const char *data, size_t len);
/*
 * Type checks, as ajson_take_error(): axml_bool(), axml_long() and
 * axml_time() note an element that is present, non-empty and not of their
 * type; this copies the first such note of the thread into 'buf', clears
 * it and returns 1 when there was one.
 */
int axml_take_error(char *buf, size_t n);

/* First element child of 'n' with local name 'name' (NULL: any). */
struct axml_node *axml_child(const struct axml_node *n, const char *name);
/* Next element sibling with the same local name as 'n'. */
struct axml_node *axml_next(const struct axml_node *n);
/* Follow a path of child names, "a/b/c"; NULL when any step is missing. */
struct axml_node *axml_path(const struct axml_node *n, const char *path);
/* Text of the child at 'path', copied into 'a'; NULL when missing. */
char *axml_str(struct arena *a, const struct axml_node *n, const char *path);
/* Text of the child at 'path' into buf (truncated); "" when missing. */
void axml_copy(const struct axml_node *n, const char *path, char *buf,
	       size_t size);
/* "true" → 1, "false" → 0, missing → 'dflt'. */
int axml_bool(const struct axml_node *n, const char *path, int dflt);
long axml_long(const struct axml_node *n, const char *path, long dflt);
/* ISO-8601 child → epoch; 0 when missing or malformed. */
time_t axml_time(const struct axml_node *n, const char *path);
/* Whether the local name of 'n' is 'name' (NULL: any element). */
int axml_is(const struct axml_node *n, const char *name);

/*
 * Iterate the entries of a list wrapper: for (it = axml_items(w); it;
 * it = axml_next(it)) -- the element children, whatever their name
 * (<item>, <member>, or a model-specific name).
 */
struct axml_node *axml_items(const struct axml_node *wrapper);

#endif
