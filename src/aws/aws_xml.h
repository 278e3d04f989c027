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
 * Parse 'len' bytes; NULL on malformed input. Network access and entity
 * expansion are off. Free with xmlFreeDoc().
 */
xmlDoc *axml_parse(const char *data, size_t len);

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
