/*
 * aws_xml.c -- XML response helpers on libxml2 (see aws_xml.h)
 */
#include "aws_xml.h"
#include "irready.h"
#include "text.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>

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
 * A document type declaration, anywhere: "<!DOCTYPE" (XML is
 * case-sensitive, but a lenient parser is not ours to predict, so any
 * case). AWS never sends one; it is the only way to declare entities.
 */
int axml_has_doctype(const char *data, size_t len)
{
	static const char kw[] = "<!doctype";
	const size_t kl = sizeof(kw) - 1;

	for (size_t i = 0; i + kl <= len; i++) {
		size_t k;

		if (data[i] != '<' || data[i + 1] != '!')
			continue;
		for (k = 2; k < kl; k++)
			if ((data[i + k] | 0x20) != kw[k])
				break;
		if (k == kl)
			return 1;
	}
	return 0;
}

static xmlDoc *parse(const char *data, size_t len)
{
	/* no XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_DTDATTR */
	return xmlReadMemory(data, (int)len, "response.xml", "UTF-8",
			     XML_PARSE_NONET | XML_PARSE_NOERROR |
				     XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
}

xmlDoc *axml_parse(const char *data, size_t len)
{
	if (!data || !len || len > (size_t)INT32_MAX)
		return NULL;
	if (axml_has_doctype(data, len))
		return NULL;
	if (!text_utf8_valid(data, len)) {
		/* AWS sends UTF-8: keep the valid parts, the rest is U+FFFD */
		size_t n;
		char *fixed = text_utf8_repair(data, len, &n);
		xmlDoc *doc = n <= (size_t)INT32_MAX ? parse(fixed, n) : NULL;

		free(fixed);
		return doc;
	}
	return parse(data, len);
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
	else if (t && *t)
		mark_bad(path, "not a boolean");
	free(t);
	return v;
}

long axml_long(const xmlNode *n, const char *path, long dflt)
{
	char *t = trimmed(n, path);
	long v;

	if (!t || parse_long(t, &v)) {
		if (t && *t)
			mark_bad(path, "not an integer");
		v = dflt;
	}
	free(t);
	return v;
}

time_t axml_time(const xmlNode *n, const char *path)
{
	char *t = trimmed(n, path);
	time_t v = 0;

	if (t && parse_iso8601(t, &v)) {
		if (*t)
			mark_bad(path, "not a timestamp");
		v = 0;
	}
	free(t);
	return v;
}
