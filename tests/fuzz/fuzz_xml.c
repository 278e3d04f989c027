/*
 * fuzz_xml.c -- axml_parse() and the walking helpers the XML collectors
 * use (aws_xml.h): every element is visited with axml_items/axml_next/
 * axml_child; leaves are read back by name, as one- and two-step paths,
 * with axml_str (into an arena), axml_copy, axml_bool, axml_long and
 * axml_time; the whole document's text once; and the collectors' typical
 * paths are tried at every element.
 *
 * Differential: the SAX-built tree must be what libxml2's DOM gives for
 * the same bytes (the decoder before it, kept here as the reference):
 * the same documents refused, the same elements in the same order, and
 * the same text (xmlNodeGetContent) for the root and every leaf. Any
 * difference aborts.
 */
#define FUZZ_HAVE_GEN_SEEDS
#include "aws_xml.h"
#include "fuzz.h"
#include "text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#define SHARED "../shared/testdata/aws-responses"

static void fuzz_gen_seeds(const char *dir)
{
	fuzz_seed_files(dir, "fixtures", ".http", FUZZ_FILES_BODY, '<');
	fuzz_seed_files(dir, SHARED "/success", ".xml", FUZZ_FILES_RAW, 0);
}

static const char *const paths[] = {
	"Errors/Error",
	"Error/Code",
	"ResponseMetadata/RequestId",
	"vpcSet/item",
	"tagSet/item/key",
	"item/instancesSet/item",
	"ListUsersResult/Users/member",
	"IsTruncated",
	"nextToken",
	"Marker",
	"a/b/c/d/e/f/g/h",
	"",
	"/",
	"//x",
	"x/",
};

static struct arena arena;
static unsigned long sink;

static void read_child(const struct axml_node *n, const char *name)
{
	char buf[48];
	char *s = axml_str(&arena, n, name);

	sink += s ? strlen(s) : 0;
	axml_copy(n, name, buf, sizeof(buf));
	axml_copy(n, name, buf, 1);
	sink += strlen(buf);
	sink += (unsigned long)axml_bool(n, name, 7);
	sink += (unsigned long)axml_long(n, name, -1);
	sink += (unsigned long)axml_time(n, name);
}

static void walk(const struct axml_node *n, int depth)
{
	if (depth > 64)
		return;
	for (const char *const *p = paths;
	     p < paths + sizeof(paths) / sizeof(paths[0]); p++)
		sink += axml_path(n, *p) != NULL;
	for (struct axml_node *c = axml_items(n); c; c = c->next) {
		struct axml_node *g;

		if (!axml_is(c, NULL))
			continue;
		walk(c, depth + 1);
		/*
		 * A path finds the first of its name: read each name once,
		 * and only leaves with every helper (the text of a large
		 * subtree is slow to build under ASan, and collectors read
		 * leaves).
		 */
		if (axml_child(n, (const char *)c->name) != c)
			continue;
		g = axml_child(c, NULL);
		if (!g) {
			read_child(n, (const char *)c->name);
		} else if (!axml_child(g, NULL)) {
			/* a two-step path to a leaf */
			char path[300];

			snprintf(path, sizeof(path), "%s/%s", c->name, g->name);
			read_child(n, path);
		}
		/* the list idiom, once per list */
		if (c == axml_items(n))
			for (struct axml_node *s = axml_next(c); s;
			     s = axml_next(s))
				sink++;
	}
}

/*
 * The DOM decoder axml_parse() replaced, option for option. '*huge' is
 * set when libxml2 stopped at a text node over 10 MB: the DOM went on
 * with a truncated document there, the SAX decoder refuses the page.
 */
static xmlDoc *dom_parse(const char *data, size_t len, int *huge)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR |
			 XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
	xmlParserCtxtPtr c;
	char *fixed = NULL;
	xmlDoc *d;

	*huge = 0;
	if (!len || axml_has_doctype(data, len))
		return NULL;
	if (!text_utf8_valid(data, len))
		data = fixed = text_utf8_repair(data, len, &len);
	c = xmlNewParserCtxt();
	if (!c)
		abort();
	d = xmlCtxtReadMemory(c, data, (int)len, "response.xml", "UTF-8", opts);
	*huge = c->errNo == XML_ERR_NO_MEMORY;
	xmlFreeParserCtxt(c);
	free(fixed);
	if (*huge && d) {
		xmlFreeDoc(d);
		d = NULL;
	}
	return d;
}

static void differ(const char *what, const xmlNode *ref)
{
	fprintf(stderr,
		"fuzz_xml: the SAX tree differs from the DOM: %s at <%s>\n",
		what, ref ? (const char *)ref->name : "?");
	abort();
}

static void same_text(const struct axml_node *n, const xmlNode *ref)
{
	xmlChar *t = xmlNodeGetContent(ref);
	size_t tl = t ? strlen((const char *)t) : 0;

	if (tl != n->len || (tl && memcmp(t, n->text, tl)))
		differ("text", ref);
	xmlFree(t);
}

static const xmlNode *dom_elem(const xmlNode *c)
{
	while (c && c->type != XML_ELEMENT_NODE)
		c = c->next;
	return c;
}

static void same_tree(const struct axml_node *n, const xmlNode *ref)
{
	const struct axml_node *c = n->child;
	const xmlNode *r = dom_elem(ref->children);

	if (strcmp(n->name, (const char *)ref->name))
		differ("name", ref);
	if (!c)
		same_text(n, ref);
	for (; c && r; c = c->next, r = dom_elem(r->next))
		same_tree(c, r);
	if (c || r)
		differ("element children", ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct axml_doc *doc = axml_parse((const char *)data, len);
	int huge;
	xmlDoc *ref = dom_parse((const char *)data, len, &huge);
	struct axml_node *root = axml_root(doc);

	if (!doc != !ref)
		differ(doc ? "accepted what the DOM refused"
			   : "refused what the DOM accepted",
		       NULL);
	if (root) {
		same_tree(root, xmlDocGetRootElement(ref));
		same_text(root, xmlDocGetRootElement(ref));
		sink += axml_is(root, "Response");
		walk(root, 0);
		/* the whole document's text, once */
		{
			char *t = axml_str(&arena, root, "");

			sink += t ? strlen(t) : 0;
		}
	}
	axml_free(doc);
	xmlFreeDoc(ref);
	arena_release(&arena);
	return 0;
}
