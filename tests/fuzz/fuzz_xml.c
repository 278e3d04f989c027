/*
 * fuzz_xml.c -- axml_parse() and the walking helpers the XML collectors
 * use (aws_xml.h): every element is visited with axml_items/axml_next/
 * axml_child; leaves are read back by name, as one- and two-step paths,
 * with axml_str (into an arena), axml_copy, axml_bool, axml_long and
 * axml_time; the whole document's text once; and the collectors' typical
 * paths are tried at every element.
 */
#define FUZZ_HAVE_GEN_SEEDS
#include "aws_xml.h"
#include "fuzz.h"

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

static void read_child(const xmlNode *n, const char *name)
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

static void walk(const xmlNode *n, int depth)
{
	if (depth > 64)
		return;
	for (const char *const *p = paths;
	     p < paths + sizeof(paths) / sizeof(paths[0]); p++)
		sink += axml_path(n, *p) != NULL;
	for (xmlNode *c = axml_items(n); c; c = c->next) {
		xmlNode *g;

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
			for (xmlNode *s = axml_next(c); s; s = axml_next(s))
				sink++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	xmlDoc *doc = axml_parse((const char *)data, len);
	xmlNode *root;

	if (!doc)
		return 0;
	root = xmlDocGetRootElement(doc);
	if (root) {
		sink += axml_is(root, "Response");
		walk(root, 0);
		/* the whole document's text, once */
		{
			char *t = axml_str(&arena, (xmlNode *)doc,
					   (const char *)root->name);

			sink += t ? strlen(t) : 0;
		}
	}
	xmlFreeDoc(doc);
	arena_release(&arena);
	return 0;
}
