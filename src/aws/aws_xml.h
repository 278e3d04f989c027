/*
 * aws_xml.h -- reading the XML protocols (ec2, query, rest-xml)
 *
 * Elements are matched by local name, namespaces ignored (botocore does the
 * same). Text is copied into an arena, so no xmlNode outlives the
 * collector that parsed it.
 */
#ifndef AWS_XML_H
#define AWS_XML_H

#include <libxml/tree.h>
#include <time.h>

#include "arena.h"

/*
 * Parse 'len' bytes; NULL on malformed input, and on any document with a
 * document type declaration (the only place entities can be declared, and
 * AWS never sends one), so no entity is ever expanded. Network access is
 * off. Free with xmlFreeDoc().
 */
xmlDoc *axml_parse(const char *data, size_t len);
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
xmlNode *axml_child(const xmlNode *n, const char *name);
/* Next element sibling with the same local name as 'n'. */
xmlNode *axml_next(const xmlNode *n);
/* Follow a path of child names, "a/b/c"; NULL when any step is missing. */
xmlNode *axml_path(const xmlNode *n, const char *path);
/* Text of the child at 'path', copied into 'a'; NULL when missing. */
char *axml_str(struct arena *a, const xmlNode *n, const char *path);
/* Text of the child at 'path' into buf (truncated); "" when missing. */
void axml_copy(const xmlNode *n, const char *path, char *buf, size_t size);
/* "true" → 1, "false" → 0, missing → 'dflt'. */
int axml_bool(const xmlNode *n, const char *path, int dflt);
long axml_long(const xmlNode *n, const char *path, long dflt);
/* ISO-8601 child → epoch; 0 when missing or malformed. */
time_t axml_time(const xmlNode *n, const char *path);
/* Whether the local name of 'n' is 'name'. */
int axml_is(const xmlNode *n, const char *name);

/*
 * Iterate the entries of a list wrapper: for (it = axml_items(w); it;
 * it = axml_next(it)) -- the element children, whatever their name
 * (<item>, <member>, or a model-specific name).
 */
xmlNode *axml_items(const xmlNode *wrapper);

#endif
