/*
 * test_allowlist.c -- policies/iam-readonly.json vs datasets, checks, logs
 *
 * The file is `make policies`'s output (irready iam-policy --allowlist);
 * a failure on what it lists says to run that.
 */
#include "aws.h"
#include "aws_allowlist.h"
#include "check.h"
#include "inv.h"
#include "irready.h"
#include "strbuf.h"
#include "srcdir.h"
#include "tap.h"

#include <cJSON.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALLOWLIST "policies/iam-readonly.json"
/* the file is generated: a stale one is fixed by regenerating it */
#define STALE "policies/iam-readonly.json is stale: run make policies"

static int fresh(int cond)
{
	if (!cond)
		printf("# %s\n", STALE);
	return cond;
}

static char **allow;
static size_t nallow;
/* "drill_actions": sent only with --drill (src/aws/aws_allowlist.h) */
static char **drill;
static size_t ndrill;

static int drill_allowed(const char *action)
{
	for (size_t i = 0; i < ndrill; i++)
		if (!strcmp(drill[i], action))
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int allowed(const char *action)
{
	return bsearch(&action, allow, nallow, sizeof(*allow), cmp_str) != NULL;
}

/*
 * "service:Describe..." with a lower-case service and a read-only verb
 * (Describe, List, Get, or BatchGet as in inspector2:BatchGetAccountStatus).
 */
static int read_only(const char *a)
{
	static const char *const verbs[] = { "Describe", "List", "Get",
					     "BatchGet" };
	const char *colon = strchr(a, ':');
	const char *s;

	if (!colon || colon == a || strchr(a, '*') || strchr(colon + 1, ':'))
		return 0;
	for (s = a; s < colon; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return 0;
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
		size_t n = strlen(verbs[i]);

		if (!strncmp(colon + 1, verbs[i], n) && colon[1 + n] >= 'A' &&
		    colon[1 + n] <= 'Z')
			return 1;
	}
	return 0;
}

static int load(void)
{
	struct strbuf sb = STRBUF_INIT;
	cJSON *j = NULL;
	const cJSON *acts, *a, *desc;
	size_t alloc = 0;
	int bad = 0;

	strbuf_init(&sb, 0);
	if (!ok(!strbuf_read_file(&sb, ALLOWLIST), "%s reads", ALLOWLIST))
		goto out;
	j = cJSON_ParseWithLength(sb.buf, sb.len);
	if (!ok(cJSON_IsObject(j), "%s is a JSON object", ALLOWLIST))
		goto out;
	desc = cJSON_GetObjectItemCaseSensitive(j, "description");
	ok(cJSON_IsString(desc) && desc->valuestring[0],
	   "it has a description");
	acts = cJSON_GetObjectItemCaseSensitive(j, "actions");
	if (!ok(cJSON_IsArray(acts) && cJSON_GetArraySize(acts) > 0,
		"it has a non-empty \"actions\" array"))
		goto out;
	cJSON_ArrayForEach(a, acts)
	{
		if (!cJSON_IsString(a)) {
			bad++;
			continue;
		}
		ALLOC_GROW(allow, nallow + 1, alloc);
		allow[nallow++] = xstrdup(a->valuestring);
	}
	is_int(bad, 0, "every action is a string");
	for (size_t i = 0; i < nallow; i++) {
		ok(read_only(allow[i]), "%s is a Describe/List/Get action",
		   allow[i]);
		if (i)
			ok(fresh(strcmp(allow[i - 1], allow[i]) < 0),
			   "%s sorted after %s, no duplicate", allow[i],
			   allow[i - 1]);
	}
	/* the containment drill's actions: exactly AWS_DRILL_ACTIONS */
	{
		const cJSON *da =
			cJSON_GetObjectItemCaseSensitive(j, "drill_actions");
		char joined[512] = "";
		size_t dalloc = 0;

		cJSON_ArrayForEach(a, da)
		{
			size_t len = strlen(joined);

			if (!cJSON_IsString(a))
				continue;
			ALLOC_GROW(drill, ndrill + 1, dalloc);
			drill[ndrill++] = xstrdup(a->valuestring);
			snprintf(joined + len, sizeof(joined) - len, "%s%s",
				 len ? " " : "", a->valuestring);
		}
		fresh(!strcmp(joined, AWS_DRILL_ACTIONS));
		is_str(joined, AWS_DRILL_ACTIONS,
		       "\"drill_actions\" is AWS_DRILL_ACTIONS, sorted");
	}
out:
	cJSON_Delete(j);
	strbuf_release(&sb);
	/* bsearch needs the order even when the file's is wrong */
	qsort(allow, nallow, sizeof(*allow), cmp_str);
	return nallow > 0;
}

/* Every action the program can call: base, datasets, check extras. */
struct actions {
	char **v;
	size_t n, alloc;
};

static void add_actions(struct actions *acc, const char *list, const char *from)
{
	char *copy = xstrdup(list), *save = NULL;

	for (char *t = strtok_r(copy, " ", &save); t;
	     t = strtok_r(NULL, " ", &save)) {
		ok(fresh(allowed(t) || drill_allowed(t)),
		   "%s (%s) is in the allowlist", t, from);
		ALLOC_GROW(acc->v, acc->n + 1, acc->alloc);
		acc->v[acc->n++] = xstrdup(t);
	}
	free(copy);
}

static void test_declared(void)
{
	struct actions acc = { 0 };

	add_actions(&acc, INV_BASE_ACTIONS, "INV_BASE_ACTIONS");
	for (int d = 0; d < DS__COUNT; d++) {
		const char *list = inv_dataset_actions((enum inv_dataset)d);

		ok(list && *list, "dataset %d (%s) declares actions", d,
		   inv_dataset_desc((enum inv_dataset)d));
		if (list)
			add_actions(&acc, list,
				    inv_dataset_desc((enum inv_dataset)d));
	}
	for (size_t i = 0; i < check_count; i++)
		if (check_registry[i]->extra_actions)
			add_actions(&acc, check_registry[i]->extra_actions,
				    check_registry[i]->id);

	/* and nothing stale: each allowed action is one the program declares */
	qsort(acc.v, acc.n, sizeof(*acc.v), cmp_str);
	for (size_t i = 0; i < nallow; i++) {
		char *key = allow[i];

		ok(fresh(bsearch(&key, acc.v, acc.n, sizeof(*acc.v), cmp_str) !=
			 NULL),
		   "%s is declared by a dataset descriptor or a check", key);
	}
	for (size_t i = 0; i < nallow; i++) {
		char svc[64];
		const char *colon = strchr(allow[i], ':');
		size_t n = colon ? (size_t)(colon - allow[i]) : 0;

		snprintf(svc, sizeof(svc), "%.*s", (int)n, allow[i]);
		ok(aws_service_find(svc) != NULL, "%s: service '%s' is known",
		   allow[i], svc);
	}
	for (size_t i = 0; i < acc.n; i++)
		free(acc.v[i]);
	free(acc.v);
}

/*
 * The collectors' sources: every action name they spell out (.action =
 * "X", ec2_request("X")) is some allowed service's action. A cheap net
 * for a collector call that its descriptor forgot to declare.
 */
static int action_name_allowed(const char *name)
{
	for (size_t i = 0; i < ndrill; i++) {
		const char *colon = strchr(drill[i], ':');

		if (colon && !strcmp(colon + 1, name))
			return 1;
	}
	for (size_t i = 0; i < nallow; i++) {
		const char *colon = strchr(allow[i], ':');

		if (colon && !strcmp(colon + 1, name))
			return 1;
	}
	return 0;
}

static void test_sources(void)
{
	static const char *const pats[] = { "action = \"", "_request(\"" };
	glob_t g;
	size_t found = 0;

	if (!ok(glob("src/inventory/inv_*.c", 0, NULL, &g) == 0,
		"src/inventory/inv_*.c found"))
		return;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_init(&sb, 0);
		if (strbuf_read_file(&sb, g.gl_pathv[i])) {
			strbuf_release(&sb);
			continue;
		}
		for (size_t k = 0; k < ARRAY_SIZE(pats); k++) {
			for (const char *p = strstr(sb.buf, pats[k]); p;
			     p = strstr(p + 1, pats[k])) {
				const char *s = p + strlen(pats[k]);
				const char *e = strchr(s, '"');
				char name[96];

				if (!e || e == s ||
				    (size_t)(e - s) >= sizeof(name) ||
				    s[0] < 'A' || s[0] > 'Z')
					continue;
				snprintf(name, sizeof(name), "%.*s",
					 (int)(e - s), s);
				found++;
				ok(action_name_allowed(name),
				   "%s: %s is allowed", g.gl_pathv[i], name);
			}
		}
		strbuf_release(&sb);
	}
	globfree(&g);
	ok(found > 0, "collector sources name %zu actions", found);
}

/*
 * The golden tests' committed request logs: "account region service:Action
 * ...". Only the committed expected.requests, never what a previous run
 * left in tests/out/ (the test does not depend on what ran before it; the
 * golden test checks that each run's log equals its expected.requests).
 */
/*
 * With --org the caller also lists the Organization: the actions `irready
 * iam-policy --org` grants beyond the audit policy (cli_catalog.c's
 * org_list_actions that iam-readonly.json does not hold).
 */
static int org_listing_allowed(const char *log, const char *action)
{
	char path[1024], args[1024] = "";
	const char *slash = strrchr(log, '/');
	FILE *f;

	snprintf(path, sizeof(path), "%.*sargs",
		 slash ? (int)(slash - log + 1) : 0, log);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(args, sizeof(args), f))
			args[0] = '\0';
		fclose(f);
	}
	return strstr(args, " --org") && !strcmp(action, "organizations:"
							 "ListAccounts");
}

static void test_request_logs(void)
{
	static const char *const pats[] = {
		"tests/golden/*/expected.requests"
	};
	size_t nlogs = 0;

	for (size_t k = 0; k < ARRAY_SIZE(pats); k++) {
		glob_t g;

		if (glob(pats[k], 0, NULL, &g))
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++) {
			FILE *f = fopen(g.gl_pathv[i], "r");
			char line[2048];
			size_t nlines = 0, bad = 0;

			if (!f)
				continue;
			nlogs++;
			while (fgets(line, sizeof(line), f)) {
				char acct[64], region[64], action[160];

				if (sscanf(line, "%63s %63s %159s", acct,
					   region, action) != 3) {
					printf("# %s: unreadable line: %s",
					       g.gl_pathv[i], line);
					bad++;
					continue;
				}
				nlines++;
				if (!allowed(action) &&
				    !drill_allowed(action) &&
				    !org_listing_allowed(g.gl_pathv[i],
							 action)) {
					printf("# %s: %s is not allowed\n",
					       g.gl_pathv[i], action);
					bad++;
				}
			}
			fclose(f);
			is_int(bad, 0, "%s: all %zu logged calls are allowed",
			       g.gl_pathv[i], nlines);
		}
		globfree(&g);
	}
	ok(nlogs > 0, "%zu committed golden request logs read", nlogs);
}

int main(void)
{
	const char *root = test_srcdir();

	if (!ok(root && chdir(root) == 0, "repository root %s",
		root ? root : "(not found)"))
		return done_testing();
	if (load()) {
		test_declared();
		test_sources();
		test_request_logs();
	}
	for (size_t i = 0; i < nallow; i++)
		free(allow[i]);
	free(allow);
	for (size_t i = 0; i < ndrill; i++)
		free(drill[i]);
	free(drill);
	return done_testing();
}
