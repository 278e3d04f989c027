/*
 * scope.c -- region names and the regions an audit covers (see scope.h)
 */
#include "scope.h"
#include "aws.h"
#include "inv.h"
#include "irready.h"
#include "strbuf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Known regions per partition: botocore's data/endpoints.json
 * ("partitions"[].regions; the copy in python3-botocore on Debian/Ubuntu,
 * /usr/lib/python3/dist-packages/botocore/data/endpoints.json), plus the
 * commercial regions opened after that copy was cut (ap-southeast-4,
 * ap-southeast-5, ap-southeast-7, ca-west-1, il-central-1, mx-central-1,
 * ap-east-2). A region AWS opens later needs a line here; until then
 * --regions all still audits it, since DescribeRegions lists it.
 */
static const struct {
	const char *partition;
	const char *const *regions;
} known[] = {
	{ "aws", (const char *const[]){ "af-south-1",     "ap-east-1",
					"ap-east-2",      "ap-northeast-1",
					"ap-northeast-2", "ap-northeast-3",
					"ap-south-1",     "ap-south-2",
					"ap-southeast-1", "ap-southeast-2",
					"ap-southeast-3", "ap-southeast-4",
					"ap-southeast-5", "ap-southeast-7",
					"ca-central-1",   "ca-west-1",
					"eu-central-1",   "eu-central-2",
					"eu-north-1",     "eu-south-1",
					"eu-south-2",     "eu-west-1",
					"eu-west-2",      "eu-west-3",
					"il-central-1",   "me-central-1",
					"me-south-1",     "mx-central-1",
					"sa-east-1",      "us-east-1",
					"us-east-2",      "us-west-1",
					"us-west-2",      NULL } },
	{ "aws-cn",
	  (const char *const[]){ "cn-north-1", "cn-northwest-1", NULL } },
	{ "aws-us-gov",
	  (const char *const[]){ "us-gov-east-1", "us-gov-west-1", NULL } },
	{ "aws-iso",
	  (const char *const[]){ "us-iso-east-1", "us-iso-west-1", NULL } },
	{ "aws-iso-b", (const char *const[]){ "us-isob-east-1", NULL } },
};

const char *scope_region_partition(const char *region)
{
	for (size_t p = 0; p < ARRAY_SIZE(known); p++)
		for (const char *const *r = known[p].regions; *r; r++)
			if (!strcmp(*r, region))
				return known[p].partition;
	return NULL;
}

/* The closest known name, for "did you mean": same prefix up to the digit. */
static const char *suggest(const char *region)
{
	size_t n = strlen(region);

	while (n && region[n - 1] >= '0' && region[n - 1] <= '9')
		n--;
	for (size_t p = 0; n && p < ARRAY_SIZE(known); p++)
		for (const char *const *r = known[p].regions; *r; r++)
			if (!strncmp(*r, region, n))
				return *r;
	return NULL;
}

static int unknown_region(const char *what, const char *name)
{
	const char *s = suggest(name);

	return error_rc(
		IRREADY_EUSAGE,
		"unknown region '%s' in %s: no AWS partition has it%s%s%s",
		name, what, s ? " (did you mean '" : "", s ? s : "",
		s ? "'?)" : "");
}

int scope_check_names(const char *regions, const char *home)
{
	const char *part = NULL, *first = NULL;
	char *copy, *save = NULL;
	int rc = 0;

	if (home && !scope_region_partition(home)) {
		unknown_region("--region", home);
		return -1;
	}
	if (!regions || !strcmp(regions, "all"))
		return 0;
	copy = xstrdup(regions);
	for (char *t = strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		const char *p = scope_region_partition(t);

		if (!p) {
			unknown_region("--regions", t);
			rc = -1;
		} else if (part && strcmp(p, part)) {
			error_rc(IRREADY_EUSAGE,
				 "--regions mixes partitions: '%s' is in %s, "
				 "'%s' in %s (one set of credentials works in "
				 "one partition)",
				 first, part, t, p);
			rc = -1;
		} else if (!part) {
			part = p;
			first = t;
		}
	}
	if (!rc && home && part && strcmp(part, scope_region_partition(home))) {
		error_rc(IRREADY_EUSAGE,
			 "--regions names %s regions but the home region '%s' "
			 "is in %s",
			 part, home, scope_region_partition(home));
		rc = -1;
	}
	free(copy);
	return rc;
}

static int has_name(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The region directories under 'dir'/<account> for every account. */
static void recorded_dirs(const char *dir, const struct aws_scenario *sc,
			  char ***v, size_t *n)
{
	for (size_t i = 0; i < sc->naccounts; i++) {
		char *path = xasprintf("%s/%s", dir, sc->accounts[i]);
		DIR *d = opendir(path);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			char *sub;
			struct stat st;

			if (!scope_region_partition(e->d_name) ||
			    has_name(*v, *n, e->d_name))
				continue;
			sub = xasprintf("%s/%s", path, e->d_name);
			if (!stat(sub, &st) && S_ISDIR(st.st_mode)) {
				*v = xrealloc(*v, (*n + 1) * sizeof(**v));
				(*v)[(*n)++] = xstrdup(e->d_name);
			}
			free(sub);
		}
		if (d)
			closedir(d);
		free(path);
	}
}

int scope_replay_regions(const char *dir, const struct aws_scenario *sc,
			 const char *regions, char **out)
{
	char **rec = NULL, *copy = NULL, *save = NULL;
	size_t nrec = 0;
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	*out = NULL;
	if (regions && !strcmp(regions, "all"))
		return 0;
	for (size_t i = 0; i < sc->nregions; i++)
		if (!has_name(rec, nrec, sc->regions[i])) {
			rec = xrealloc(rec, (nrec + 1) * sizeof(*rec));
			rec[nrec++] = xstrdup(sc->regions[i]);
		}
	if (!nrec)
		recorded_dirs(dir, sc, &rec, &nrec);
	if (!nrec) /* nothing to go by: DescribeRegions decides, as live */
		return 0;
	if (nrec > 1)
		qsort(rec, nrec, sizeof(*rec), cmp_strp);
	strbuf_init(&sb, 0);
	for (size_t i = 0; i < nrec; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", rec[i]);
	if (regions) {
		copy = xstrdup(regions);
		for (char *t = strtok_r(copy, ",", &save); t && !rc;
		     t = strtok_r(NULL, ",", &save))
			if (!has_name(rec, nrec, t)) {
				error_rc(IRREADY_EUSAGE,
					 "region '%s' is not in the recording "
					 "'%s' (it holds %s)",
					 t, dir, sb.buf);
				rc = -1;
			}
		free(copy);
	} else {
		*out = xstrdup(sb.buf);
		/* "a, b" -> "a,b" */
		for (char *p = *out, *q = *out;; p++) {
			if (*p != ' ')
				*q++ = *p;
			if (!*p)
				break;
		}
	}
	strbuf_release(&sb);
	for (size_t i = 0; i < nrec; i++)
		free(rec[i]);
	free(rec);
	return rc;
}

int scope_check_enabled(const struct inventory *inv, const char *regions)
{
	char *copy, *save = NULL;
	int rc = 0;

	if (!regions || !strcmp(regions, "all"))
		return 0;
	copy = xstrdup(regions);
	for (char *t = strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		size_t assessed = 0, have = 0;
		const char *missing = NULL;

		for (size_t i = 0; i < inv->naccounts; i++) {
			const struct inv_account *a = &inv->accounts[i];
			int found = 0;

			if (!a->assessed)
				continue;
			assessed++;
			for (size_t r = 0; r < a->nregions; r++)
				found |= !strcmp(a->regions[r].name, t);
			have += found;
			if (!found && !missing)
				missing = a->id;
		}
		if (assessed && !have) {
			error_rc(IRREADY_EUSAGE,
				 "region '%s' is not enabled in %s%s "
				 "(DescribeRegions does not list it as "
				 "opt-in-not-required or opted-in)",
				 t, assessed == 1 ? "account " : "any of the ",
				 assessed == 1 ? missing : "audited accounts");
			rc = -1;
		} else if (missing) {
			warning("region '%s' is not enabled in account %s%s: "
				"it is audited where it is",
				t, missing,
				assessed - have > 1 ? " and others" : "");
		}
	}
	free(copy);
	return rc;
}

char *scope_path_under(const char *dir, const char *sub)
{
	char *d = realpath(dir, NULL), *s = realpath(sub, NULL), *out = NULL;
	size_t n = d ? strlen(d) : 0;

	if (d && s && !strcmp(d, s))
		out = xstrdup(""); /* the reports sit beside the responses */
	else if (d && s && !strncmp(d, s, n) && s[n] == '/' && s[n + 1])
		out = xstrdup(s + n + 1);
	free(d);
	free(s);
	return out;
}
