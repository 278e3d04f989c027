/* test_registry.c -- the check registry: ids, descriptors and checks.def */
#include "check.h"
#include "inv.h"
#include "irready.h"
#include "tap.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Checks that need no AWS dataset, and why. Anything else with needs == 0
 * is a descriptor that forgot its NEED_* bits (the runner would then never
 * report ERROR for it).
 */
static const struct {
	const char *id, *reason;
} no_datasets[] = {
	{ "ir_plan_tested",
	  "process item: MANUAL unless attested in the policy" },
	{ "rpo_rto_defined",
	  "process item: MANUAL unless attested in the policy" },
	{ "game_day_recent",
	  "process item: MANUAL unless attested in the policy" },
	{ "lessons_learned_recorded",
	  "process item: MANUAL unless attested in the policy" },
};

static const char *no_dataset_reason(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(no_datasets); i++)
		if (!strcmp(no_datasets[i].id, id))
			return no_datasets[i].reason;
	return NULL;
}

static int valid_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

static int nonempty(const char *s)
{
	return s && *s;
}

/* "1. ...\n2. ...": every line starts with its number. */
static int numbered_steps(const char *s)
{
	int n = 1;

	while (*s) {
		char want[16];
		const char *nl = strchr(s, '\n');
		int len = snprintf(want, sizeof(want), "%d. ", n);

		if (strncmp(s, want, (size_t)len) || !s[len] || s[len] == '\n')
			return 0;
		if (!nl)
			return 1;
		s = nl + 1;
		n++;
	}
	return 0; /* a trailing newline */
}

/* "CIS-3.0:3.1;FSBP:CloudTrail.1;SEC10-BP06": no empty item, no blank. */
static int framework_list(const char *s)
{
	if (!*s || *s == ';' || s[strlen(s) - 1] == ';' || strstr(s, ";;"))
		return 0;
	for (; *s; s++)
		if (isspace((unsigned char)*s))
			return 0;
	return 1;
}

static int has_space(const char *s)
{
	for (; *s; s++)
		if (isspace((unsigned char)*s))
			return 1;
	return 0;
}

static void test_descriptors(void)
{
	inv_needs all_needs = DS__COUNT >= 64 ? ~0ULL : INV_NEED(DS__COUNT) - 1;

	ok(check_count > 0, "the registry holds %zu checks", check_count);
	for (size_t i = 0; i < check_count; i++) {
		const struct check *c = check_registry[i];
		const char *id = c->id ? c->id : "(null)";
		char *path = xasprintf("checks/%s.c", id);

		ok(valid_id(id), "%s: id matches ^[a-z0-9_]+$", id);
		ok(access(path, R_OK) == 0, "%s: %s exists", id, path);
		if (i > 0)
			ok(strcmp(check_registry[i - 1]->id, id) < 0,
			   "%s: sorted after %s, no duplicate", id,
			   check_registry[i - 1]->id);
		ok(check_find(id) == c, "%s: check_find finds it", id);

		ok(nonempty(c->title), "%s: title", id);
		if (nonempty(c->title)) {
			ok(isupper((unsigned char)c->title[0]),
			   "%s: title in sentence case", id);
			ok(c->title[strlen(c->title) - 1] != '.',
			   "%s: title without a full stop", id);
		}
		ok(nonempty(check_estates(id)) &&
			   check_estates(id)[strlen(check_estates(id)) - 1] ==
				   '.',
		   "%s: estates.def says how org-managed and shared "
		   "resources are judged, as a sentence",
		   id);
		ok(nonempty(c->guidance), "%s: guidance", id);
		ok(nonempty(c->rationale), "%s: rationale", id);
		ok(nonempty(c->remediation) && numbered_steps(c->remediation),
		   "%s: remediation is numbered steps", id);
		ok(nonempty(c->cli_fix) && !strncmp(c->cli_fix, "aws ", 4),
		   "%s: cli_fix is an AWS CLI command", id);
		ok(c->doc_url && !strncmp(c->doc_url, "https://", 8) &&
			   strlen(c->doc_url) > 8 && !has_space(c->doc_url),
		   "%s: doc_url starts with https://", id);
		ok(nonempty(c->frameworks) && framework_list(c->frameworks),
		   "%s: frameworks is a ';'-separated list", id);
		ok(c->run != NULL, "%s: run", id);
		ok((unsigned)c->phase < PHASE__COUNT, "%s: phase", id);
		ok((unsigned)c->severity < SEV__COUNT, "%s: severity", id);
		ok(c->scope == CHECK_SCOPE_ACCOUNT ||
			   c->scope == CHECK_SCOPE_REGION,
		   "%s: scope", id);
		ok((c->needs & ~all_needs) == 0, "%s: needs only NEED_* bits",
		   id);
		ok(c->needs != 0 || no_dataset_reason(id) != NULL,
		   "%s: needs datasets, or documents why it needs none", id);
		free(path);
	}
	ok(check_find("no_such_check") == NULL,
	   "check_find of an unknown id is NULL");
	ok(check_find("") == NULL, "check_find of \"\" is NULL");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int listed(char **v, size_t n, const char *s)
{
	return bsearch(&s, v, n, sizeof(*v), cmp_str) != NULL;
}

/* checks/checks.def against the registry and the directory */
static void test_def_and_directory(void)
{
	FILE *f = fopen("checks/checks.def", "r");
	char line[256];
	char **def = NULL, **files = NULL;
	size_t ndef = 0, adef = 0, nfiles = 0, afiles = 0, bad = 0;
	DIR *d;
	struct dirent *e;

	if (!ok(f != NULL, "checks/checks.def opens"))
		return;
	while (fgets(line, sizeof(line), f)) {
		char name[128];
		char close = 0;

		if (line[0] == '\n' || line[0] == '/' || line[0] == ' ' ||
		    line[0] == '#')
			continue;
		if (sscanf(line, "CHECK(%127[a-z0-9_]%c", name, &close) != 2 ||
		    close != ')') {
			printf("# unexpected checks.def line: %s", line);
			bad++;
			continue;
		}
		ALLOC_GROW(def, ndef + 1, adef);
		def[ndef++] = xstrdup(name);
	}
	fclose(f);
	is_int(bad, 0, "every checks.def line is CHECK(name)");
	is_int(ndef, check_count, "checks.def lines = check_count");
	for (size_t i = 0; i < ndef && i < check_count; i++)
		is_str(check_registry[i]->id, def[i],
		       "registry[%zu] is checks.def line %zu", i, i + 1);

	d = opendir("checks");
	if (!ok(d != NULL, "checks/ opens"))
		goto out;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n < 3 || strcmp(e->d_name + n - 2, ".c") ||
		    !strcmp(e->d_name, "registry.c"))
			continue;
		ALLOC_GROW(files, nfiles + 1, afiles);
		files[nfiles++] = xstrndup(e->d_name, n - 2);
	}
	closedir(d);
	qsort(files, nfiles, sizeof(*files), cmp_str);
	{
		char **sorted = xmalloc((ndef ? ndef : 1) * sizeof(*sorted));

		memcpy(sorted, def, ndef * sizeof(*sorted));
		qsort(sorted, ndef, sizeof(*sorted), cmp_str);
		for (size_t i = 0; i < nfiles; i++)
			ok(listed(sorted, ndef, files[i]),
			   "checks/%s.c is listed in checks.def", files[i]);
		for (size_t i = 0; i < ndef; i++)
			ok(listed(files, nfiles, def[i]),
			   "checks.def entry %s has checks/%s.c", def[i],
			   def[i]);
		free(sorted);
	}
	is_int(nfiles, ndef, "as many check files as checks.def lines");
out:
	for (size_t i = 0; i < ndef; i++)
		free(def[i]);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(def);
	free(files);
}

int main(void)
{
	test_descriptors();
	test_def_and_directory();
	return done_testing();
}
