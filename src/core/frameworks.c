/*
 * frameworks.c -- find, load and validate frameworks/<id>.json
 *
 * See frameworks.h. The format:
 *   {"id", "title", "version", "source", "mapping",
 *    "requirements": [{"id", "title", "checks": ["check_id", ...]}]}
 * "mapping" says where the requirement-to-check mapping comes from; it is
 * documentation for the reader and not loaded.
 */
#include "frameworks.h"
#include "check.h"
#include "irready.h"
#include "strbuf.h"

#include <cJSON.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A framework id: [a-z0-9-], so it is safe in a file name. */
static int is_framework_id(const char *s)
{
	if (!*s || strlen(s) > 64)
		return 0;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '-' || *c == '.'))
			return 0;
	return *s != '.';
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **framework_ids(void)
{
	char dirs[6][PATH_MAX];
	size_t nd = data_dirs("frameworks", "IRREADY_FRAMEWORKS_DIR", dirs,
			      ARRAY_SIZE(dirs));
	char **v = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < nd; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;

		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);
			char *id;
			int seen = 0;

			if (len <= 5 || strcmp(e->d_name + len - 5, ".json"))
				continue;
			id = xasprintf("%.*s", (int)(len - 5), e->d_name);
			for (size_t k = 0; k < n; k++)
				seen |= !strcmp(v[k], id);
			if (seen || !is_framework_id(id)) {
				free(id);
				continue;
			}
			ALLOC_GROW(v, n + 2, alloc);
			v[n++] = id;
		}
		closedir(d);
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_strp);
	ALLOC_GROW(v, n + 1, alloc);
	v[n] = NULL;
	return v;
}

void framework_ids_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static char *find_file(const char *id)
{
	char dirs[6][PATH_MAX];
	size_t nd = data_dirs("frameworks", "IRREADY_FRAMEWORKS_DIR", dirs,
			      ARRAY_SIZE(dirs));

	for (size_t i = 0; i < nd; i++) {
		char *path = xasprintf("%s/%s.json", dirs[i], id);

		if (!access(path, R_OK))
			return path;
		free(path);
	}
	return NULL;
}

void framework_release(struct framework *fw)
{
	for (size_t i = 0; i < fw->nreqs; i++) {
		free(fw->reqs[i].id);
		free(fw->reqs[i].title);
		for (size_t k = 0; k < fw->reqs[i].nchecks; k++)
			free(fw->reqs[i].checks[k]);
		free(fw->reqs[i].checks);
	}
	free(fw->reqs);
	free(fw->id);
	free(fw->title);
	free(fw->version);
	free(fw->source);
	free(fw->path);
	memset(fw, 0, sizeof(*fw));
}

static char *str_field(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) && *v->valuestring ? xstrdup(v->valuestring)
						    : NULL;
}

static int load_requirement(struct framework *fw, const cJSON *o, size_t i)
{
	struct fw_requirement *r = &fw->reqs[fw->nreqs];
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(o, "checks");
	const cJSON *c;

	r->id = str_field(o, "id");
	r->title = str_field(o, "title");
	fw->nreqs++;
	if (!r->id || !r->title || !cJSON_IsArray(checks))
		return error_rc(IRREADY_EPARSE,
				"'%s': requirements[%zu] needs \"id\", "
				"\"title\" and \"checks\" (an array, maybe "
				"empty)",
				fw->path, i);
	for (size_t k = 0; k + 1 < fw->nreqs; k++)
		if (!strcmp(fw->reqs[k].id, r->id))
			return error_rc(IRREADY_EPARSE,
					"'%s': requirement '%s' is listed "
					"twice",
					fw->path, r->id);
	r->checks = xcalloc((size_t)cJSON_GetArraySize(checks) + 1,
			    sizeof(*r->checks));
	cJSON_ArrayForEach(c, checks)
	{
		if (!cJSON_IsString(c) || !check_find(c->valuestring))
			return error_rc(IRREADY_EPARSE,
					"'%s': requirement '%s' names an "
					"unknown check '%s'",
					fw->path, r->id,
					cJSON_IsString(c) ? c->valuestring
							  : "(not a string)");
		r->checks[r->nchecks++] = xstrdup(c->valuestring);
	}
	return 0;
}

int framework_load(const char *id, struct framework *fw)
{
	struct strbuf sb = STRBUF_INIT;
	const cJSON *reqs, *o;
	cJSON *j = NULL;
	char *fid = NULL;
	size_t i = 0;
	int rc = 0;

	memset(fw, 0, sizeof(*fw));
	fw->path = is_framework_id(id) ? find_file(id) : NULL;
	if (!fw->path) {
		char **ids = framework_ids();
		struct strbuf names = STRBUF_INIT;

		strbuf_init(&names, 4096);
		for (size_t k = 0; ids[k]; k++)
			strbuf_addf(&names, "%s%s", k ? ", " : "", ids[k]);
		rc = error_rc(IRREADY_EUSAGE,
			      "unknown framework '%s' (shipped: %s; see "
			      "'irready frameworks')",
			      id, names.len ? names.buf : "none found");
		strbuf_release(&names);
		framework_ids_free(ids);
		goto out;
	}
	strbuf_init(&sb, (size_t)4 << 20);
	if (strbuf_read_file(&sb, fw->path)) {
		rc = error_rc(IRREADY_EIO, "cannot read '%s'", fw->path);
		goto out;
	}
	j = cJSON_ParseWithLength(sb.buf, sb.len);
	reqs = cJSON_GetObjectItemCaseSensitive(j, "requirements");
	fw->id = str_field(j, "id");
	fw->title = str_field(j, "title");
	fw->version = str_field(j, "version");
	fw->source = str_field(j, "source");
	fid = fw->id;
	if (!cJSON_IsObject(j) || !fid || !fw->title || !fw->version ||
	    !fw->source || !cJSON_IsArray(reqs)) {
		rc = error_rc(IRREADY_EPARSE,
			      "'%s' is not a framework file (\"id\", "
			      "\"title\", \"version\", \"source\" and "
			      "\"requirements\" are required)",
			      fw->path);
		goto out;
	}
	if (strcmp(fid, id)) {
		rc = error_rc(IRREADY_EPARSE, "'%s' has \"id\" '%s', not '%s'",
			      fw->path, fid, id);
		goto out;
	}
	fw->reqs = xcalloc((size_t)cJSON_GetArraySize(reqs) + 1,
			   sizeof(*fw->reqs));
	cJSON_ArrayForEach(o, reqs)
	{
		rc = load_requirement(fw, o, i++);
		if (rc)
			goto out;
	}
out:
	cJSON_Delete(j);
	strbuf_release(&sb);
	if (rc)
		framework_release(fw);
	return rc;
}

int framework_has_check(const struct framework *fw, const char *check_id)
{
	for (size_t i = 0; i < fw->nreqs; i++)
		for (size_t k = 0; k < fw->reqs[i].nchecks; k++)
			if (!strcmp(fw->reqs[i].checks[k], check_id))
				return 1;
	return 0;
}

int framework_load_list(const char *ids, struct framework **out, size_t *n)
{
	char *copy = xstrdup(ids), *save = NULL;
	int rc = 0;

	*out = NULL;
	*n = 0;
	for (char *t = strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		rc = framework_load(t, &(*out)[*n]);
		if (!rc)
			(*n)++;
	}
	free(copy);
	if (!rc && !*n)
		rc = error_rc(IRREADY_EUSAGE, "--framework takes ID[,ID]");
	if (rc) {
		for (size_t i = 0; i < *n; i++)
			framework_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
