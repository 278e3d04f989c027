/*
 * check_filter.c -- --severity, --services and --exclude-checks
 *
 * See check_filter.h. The services come from the same action lists as
 * `irready iam-policy` (catalog_actions() in cli_catalog.c), so the two
 * never disagree about what a check calls.
 */
#include "check_filter.h"
#include "check.h"
#include "cli.h"
#include "inv.h"
#include "irready.h"
#include "policy.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_base_action(const char *act)
{
	const char *p = INV_BASE_ACTIONS;
	size_t len = strlen(act);

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n == len && !strncmp(p, act, n))
			return 1;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* Add the service prefix of every non-base action of 'c' to 'v'. */
static void add_services(char ***v, size_t *n, size_t *alloc,
			 const struct check *c)
{
	char **acts = catalog_actions(c);

	for (size_t i = 0; acts[i]; i++) {
		size_t len = strcspn(acts[i], ":");
		int seen = 0;

		if (is_base_action(acts[i]))
			continue;
		for (size_t k = 0; k < *n && !seen; k++)
			seen = strlen((*v)[k]) == len &&
			       !strncmp((*v)[k], acts[i], len);
		if (seen)
			continue;
		ALLOC_GROW(*v, *n + 2, *alloc);
		(*v)[(*n)++] = xasprintf("%.*s", (int)len, acts[i]);
	}
	catalog_actions_free(acts);
}

static char **finish(char **v, size_t n, size_t alloc)
{
	if (n)
		qsort(v, n, sizeof(*v), cmp_strp);
	ALLOC_GROW(v, n + 1, alloc);
	v[n] = NULL;
	return v;
}

char **check_services(const struct check *c)
{
	char **v = NULL;
	size_t n = 0, alloc = 0;

	add_services(&v, &n, &alloc, c);
	return finish(v, n, alloc);
}

char **check_services_all(void)
{
	char **v = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < check_count; i++)
		add_services(&v, &n, &alloc, check_registry[i]);
	return finish(v, n, alloc);
}

void check_services_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Whether the comma list 'list' holds 'word' exactly. */
static int list_has(const char *list, const char *word)
{
	size_t len = strlen(word);

	while (*list) {
		size_t n = strcspn(list, ",");

		if (n == len && !strncmp(list, word, n))
			return 1;
		list += n;
		if (*list == ',')
			list++;
	}
	return 0;
}

/* Whether a pattern of the comma list 'globs' matches 'id'. */
static int globs_match(const char *globs, const char *id)
{
	char *copy = xstrdup(globs), *save = NULL;
	int hit = 0;

	for (char *t = strtok_r(copy, ",", &save); t && !hit;
	     t = strtok_r(NULL, ",", &save))
		hit = !fnmatch(t, id, 0);
	free(copy);
	return hit;
}

static int set_severity(struct check_filter *f, const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL;
	unsigned mask = 0;
	int count = 0;
	enum severity sev = SEV_INFO;

	for (char *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (severity_parse(t, &sev)) {
			error_rc(IRREADY_EUSAGE,
				 "unknown severity '%s' in --severity "
				 "(critical, high, medium, low, info)",
				 t);
			free(copy);
			return -1;
		}
		mask |= 1u << sev;
		count++;
	}
	free(copy);
	if (!count) {
		error_rc(IRREADY_EUSAGE, "--severity takes SEV or SEV,SEV,..");
		return -1;
	}
	if (count == 1) /* one value: at or above it */
		for (int s = 0; s <= (int)sev; s++)
			mask |= 1u << s;
	f->severity = arg;
	f->sev_mask = mask;
	return 0;
}

static int set_services(struct check_filter *f, const char *arg)
{
	char **all = check_services_all();
	char *copy = xstrdup(arg), *save = NULL;
	int rc = 0, count = 0;

	for (char *t = strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		int known = 0;

		count++;
		for (size_t i = 0; all[i] && !known; i++)
			known = !strcmp(all[i], t);
		if (!known)
			rc = error_rc(IRREADY_EUSAGE,
				      "no check calls service '%s' (see "
				      "'irready checks --list-services')",
				      t);
	}
	if (!rc && !count)
		rc = error_rc(IRREADY_EUSAGE, "--services takes S,S,..");
	free(copy);
	check_services_free(all);
	if (rc)
		return -1;
	f->services = arg;
	return 0;
}

static int set_exclude(struct check_filter *f, const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL;
	int rc = 0, count = 0;

	for (char *t = strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		int hit = 0;

		count++;
		for (size_t i = 0; i < check_count && !hit; i++)
			hit = !fnmatch(t, check_registry[i]->id, 0);
		if (!hit)
			rc = error_rc(IRREADY_EUSAGE,
				      "unknown check '%s' in --exclude-checks "
				      "(see 'irready checks')",
				      t);
	}
	if (!rc && !count)
		rc = error_rc(IRREADY_EUSAGE,
			      "--exclude-checks takes ID,ID,..");
	free(copy);
	if (rc)
		return -1;
	f->exclude = arg;
	return 0;
}

int check_filter_set(struct check_filter *f, enum check_filter_kind kind,
		     const char *arg)
{
	switch (kind) {
	case CHECK_FILTER_SEVERITY:
		return set_severity(f, arg);
	case CHECK_FILTER_SERVICES:
		return set_services(f, arg);
	case CHECK_FILTER_EXCLUDE:
		return set_exclude(f, arg);
	}
	BUG("unknown filter %d", (int)kind);
	return -1;
}

int check_filter_active(const struct check_filter *f)
{
	return f->severity || f->services || f->exclude;
}

int check_filter_match(const struct check_filter *f, const struct check *c,
		       enum severity sev)
{
	if (f->severity && !(f->sev_mask & (1u << sev)))
		return 0;
	if (f->exclude && globs_match(f->exclude, c->id))
		return 0;
	if (f->services) {
		char **svcs = check_services(c);
		int hit = 0;

		for (size_t i = 0; svcs[i] && !hit; i++)
			hit = list_has(f->services, svcs[i]);
		check_services_free(svcs);
		if (!hit)
			return 0;
	}
	return 1;
}

int check_filter_apply(const struct check_filter *f, const struct check **sel,
		       int n, const struct policy *pol)
{
	int k = 0;

	for (int i = 0; i < n; i++) {
		enum severity sev =
			pol ? policy_severity(pol, sel[i]) : sel[i]->severity;

		if (check_filter_match(f, sel[i], sev))
			sel[k++] = sel[i];
	}
	return k;
}
