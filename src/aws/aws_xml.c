/*
 * aws_xml.c -- XML response helpers on libxml2 (see aws_xml.h)
 */
#include "aws_xml.h"
#include "irready.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>

xmlDoc *axml_parse(const char *data, size_t len)
{
	if (!data || !len || len > (size_t)INT32_MAX)
		return NULL;
	return xmlReadMemory(data, (int)len, "response.xml", NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR |
				     XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
}

int axml_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       (!name || !strcmp((const char *)n->name, name));
}

xmlNode *axml_child(const xmlNode *n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlNode *c = n->children; c; c = c->next)
		if (axml_is(c, name))
			return c;
	return NULL;
}

xmlNode *axml_next(const xmlNode *n)
{
	if (!n)
		return NULL;
	for (xmlNode *c = n->next; c; c = c->next)
		if (axml_is(c, (const char *)n->name))
			return c;
	return NULL;
}

xmlNode *axml_items(const xmlNode *wrapper)
{
	return axml_child(wrapper, NULL);
}

xmlNode *axml_path(const xmlNode *n, const char *path)
{
	char name[128];
	const char *p = path;

	while (n && *p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		if (len >= sizeof(name))
			return NULL;
		memcpy(name, p, len);
		name[len] = '\0';
		n = axml_child(n, name);
		p += len;
		if (*p == '/')
			p++;
	}
	return (xmlNode *)n;
}

/* Concatenated text content of an element (no markup); caller frees. */
static char *text_of(const xmlNode *n)
{
	xmlChar *t;
	char *s;

	if (!n)
		return NULL;
	t = xmlNodeGetContent(n);
	if (!t)
		return xstrdup("");
	s = xstrdup((const char *)t);
	xmlFree(t);
	return s;
}

char *axml_str(struct arena *a, const xmlNode *n, const char *path)
{
	char *t = text_of(axml_path(n, path));
	char *s;

	if (!t)
		return NULL;
	s = arena_strdup(a, t);
	free(t);
	return s;
}

void axml_copy(const xmlNode *n, const char *path, char *buf, size_t size)
{
	char *t = text_of(axml_path(n, path));

	if (!size)
		return;
	snprintf(buf, size, "%s", t ? t : "");
	free(t);
}

static char *trimmed(const xmlNode *n, const char *path)
{
	char *t = text_of(axml_path(n, path));
	char *s, *e;

	if (!t)
		return NULL;
	s = t;
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' ||
			 e[-1] == '\r'))
		e--;
	*e = '\0';
	memmove(t, s, (size_t)(e - s) + 1);
	return t;
}

int axml_bool(const xmlNode *n, const char *path, int dflt)
{
	char *t = trimmed(n, path);
	int v = dflt;

	if (t && !strcasecmp(t, "true"))
		v = 1;
	else if (t && !strcasecmp(t, "false"))
		v = 0;
	free(t);
	return v;
}

long axml_long(const xmlNode *n, const char *path, long dflt)
{
	char *t = trimmed(n, path);
	long v;

	if (!t || parse_long(t, &v))
		v = dflt;
	free(t);
	return v;
}

time_t axml_time(const xmlNode *n, const char *path)
{
	char *t = trimmed(n, path);
	time_t v = 0;

	if (t && parse_iso8601(t, &v))
		v = 0;
	free(t);
	return v;
}
