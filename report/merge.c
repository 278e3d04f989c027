/*
 * merge.c -- combine shard outputs (see merge.h)
 */
#include "merge.h"
#include "check.h"
#include "irready.h"
#include "score.h"
#include "sha256.h"
#include "strbuf.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *jget(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int status_parse(const char *s, enum check_status *out)
{
	for (int i = 0; i < CHECK__COUNT; i++)
		if (s && !strcmp(s, status_name((enum check_status)i))) {
			*out = (enum check_status)i;
			return 0;
		}
	return -1;
}

static void push_unique(char ***v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return;
	*v = xrealloc(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = xstrdup(s);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static time_t jtime(const cJSON *o, const char *k)
{
	time_t t = 0;

	if (!jget(o, k) || parse_iso8601(jget(o, k), &t))
		return 0;
	return t;
}

/* The shard's selected checks, from score.checks. */
static int shard_checks(const cJSON *j, const char *path,
			const struct check **sel, size_t *n)
{
	const cJSON *c;

	*n = 0;
	cJSON_ArrayForEach(
		c,
		cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(j, "score"), "checks"))
	{
		const struct check *ck = check_find(
			jget(c, "check_id") ? jget(c, "check_id") : "");

		if (!ck)
			return error_rc(IRREADY_EPARSE,
					"'%s': unknown check '%s' (a newer "
					"irready wrote it?)",
					path,
					jget(c, "check_id")
						? jget(c, "check_id")
						: "(none)");
		for (size_t i = 0; i < *n; i++)
			if (sel[i] == ck)
				return error_rc(IRREADY_EPARSE,
						"'%s': check '%s' is listed "
						"twice",
						path, ck->id);
		sel[(*n)++] = ck; /* distinct: at most check_count */
	}
	return 0;
}

static int add_findings(struct merged *m, const cJSON *j, const char *path)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(j, "findings"))
	{
		const struct check *ck = check_find(
			jget(x, "check_id") ? jget(x, "check_id") : "");
		enum check_status st, verdict;
		enum severity sev;
		struct finding *f;
		time_t at = jtime(x, "collected_at");

		if (!ck || status_parse(jget(x, "status"), &st) ||
		    severity_parse(jget(x, "severity") ? jget(x, "severity")
						       : "",
				   &sev) ||
		    !jget(x, "account_id") || !jget(x, "region"))
			return error_rc(
				IRREADY_EPARSE,
				"'%s': a finding is incomplete or names "
				"an unknown check",
				path);
		if (status_parse(jget(x, "verdict"), &verdict))
			verdict = st;
		m->findings.check = ck;
		m->findings.account_id = jget(x, "account_id");
		m->findings.region = jget(x, "region");
		m->findings.severity = sev;
		m->findings.collected_at = at;
		f = findings_add(&m->findings, st, jget(x, "resource_type"),
				 jget(x, "resource_id"), "%s",
				 jget(x, "message") ? jget(x, "message") : "");
		f->verdict = verdict;
		f->waiver = findings_intern(&m->findings, jget(x, "waiver"));
		f->account_name =
			findings_intern(&m->findings, jget(x, "account_name"));
		f->ou_path = findings_intern(&m->findings, jget(x, "ou_path"));
		if (jget(x, "finding_id") &&
		    strcmp(jget(x, "finding_id"), f->id))
			return error_rc(IRREADY_EPARSE,
					"'%s': finding %s does not match its "
					"account, region, check and resource",
					path, jget(x, "finding_id"));
	}
	return 0;
}

/* What the shards must agree on, from the first one. */
struct merge_state {
	const struct check **sel; /* room for check_count */
	char *digest, *first;     /* the policy digest; the first path */
	time_t now0;              /* the evaluation time */
	char *run_id;             /* the first shard's run.run_id */
	int count;                /* its N */
	char **seen;              /* seen[I-1]: the path of shard I, or NULL */
	int cur;                  /* the shard being read: its I */
	int whole; /* one whole run, not shards (merge_load_run) */
};

void merge_shard_run_id(const struct report *r, char *buf, size_t size)
{
	const struct run_info *ri = r->run;
	struct strbuf sb = STRBUF_INIT;
	char hex[SHA256_HEX_LEN];
	const char *id = ri->run_id;
	size_t k = 0;

	if (!id) {
		/* what the shards of one audit share, and nothing else */
		strbuf_addf(&sb, "irready-run\n%lld\n%d\n%s\n%s\n%s\n",
			    (long long)ri->now, ri->shard_count,
			    ri->policy_digest ? ri->policy_digest : "",
			    ri->mode ? ri->mode : "",
			    ri->source ? ri->source : "");
		for (size_t i = 0; r->scores && i < r->scores->nchecks; i++)
			strbuf_addf(&sb, "%s\n",
				    r->scores->checks[i].check->id);
		sha256_hex(sb.buf, sb.len, hex);
		hex[16] = '\0';
		id = hex;
	}
	for (const char *p = id; *p && k + 1 < size; p++) /* --run-id: no
							     quotes, no
							     controls */
		if (*p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
			buf[k++] = *p;
	if (size)
		buf[k] = '\0';
	strbuf_release(&sb);
}

void merge_write_shard(FILE *out, const struct report *r)
{
	char id[160];

	merge_shard_run_id(r, id, sizeof(id));
	fprintf(out, ",\"shard\":{\"index\":%d,\"count\":%d},\"run_id\":\"%s\"",
		r->run->shard_index, r->run->shard_count, id);
}

void merge_part_digest(const struct finding *v, size_t n, char hex[65])
{
	char **line = xcalloc(n ? n : 1, sizeof(*line));
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		line[i] = xasprintf("%s|%s|%s|%s\n", v[i].id,
				    status_name(v[i].status),
				    status_name(v[i].verdict),
				    severity_name(v[i].severity));
	if (n > 1)
		qsort(line, n, sizeof(*line), cmp_strp);
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(&sb, line[i]);
		free(line[i]);
	}
	sha256_hex(sb.buf ? sb.buf : "", sb.len, hex);
	strbuf_release(&sb);
	free(line);
}

/*
 * run.shard and run.run_id of the shard at 'shown': it must be shard I/N
 * of the first shard's run, and the first shard I seen. 0 or IRREADY_EUSAGE.
 */
static int merge_shard_id(struct merge_state *st, const cJSON *run,
			  const char *shown, int is_first)
{
	const cJSON *sh = cJSON_GetObjectItemCaseSensitive(run, "shard");
	const cJSON *vi = cJSON_GetObjectItemCaseSensitive(sh, "index");
	const cJSON *vn = cJSON_GetObjectItemCaseSensitive(sh, "count");
	const char *id = jget(run, "run_id");
	int i, n;

	if (st->whole)
		return 0;
	if (!cJSON_IsNumber(vi) || !cJSON_IsNumber(vn) || !id ||
	    vn->valuedouble < 1 || vn->valuedouble > 100000 ||
	    vi->valuedouble < 1 || vi->valuedouble > vn->valuedouble ||
	    vi->valuedouble != (int)vi->valuedouble ||
	    vn->valuedouble != (int)vn->valuedouble)
		return error_rc(IRREADY_EUSAGE,
				"'%s' is not a shard's output (its run has "
				"no shard I/N and run id): merge takes the "
				"outputs of 'irready audit --shard I/N'",
				shown);
	i = (int)vi->valuedouble;
	n = (int)vn->valuedouble;
	if (is_first) {
		st->run_id = xstrdup(id);
		st->count = n;
		st->seen = xcalloc((size_t)n, sizeof(*st->seen));
	} else if (n != st->count || strcmp(id, st->run_id)) {
		return error_rc(IRREADY_EUSAGE,
				"'%s' is shard %d/%d of run %s, but '%s' is "
				"of run %s with %d shards: not one audit",
				shown, i, n, id, st->first, st->run_id,
				st->count);
	}
	if (st->seen[i - 1])
		return error_rc(IRREADY_EUSAGE,
				"shard %d/%d is given twice: '%s' and '%s'", i,
				n, st->seen[i - 1], shown);
	st->seen[i - 1] = xstrdup(shown);
	st->cur = i;
	return 0;
}

/* After the last shard: every one of 1..N was given. */
static int merge_all_shards(const struct merge_state *st)
{
	struct strbuf miss = STRBUF_INIT;
	int rc = 0, nmiss = 0;

	for (int i = 0; i < st->count; i++)
		if (!st->seen[i]) {
			if (nmiss++ < 10)
				strbuf_addf(&miss, "%s%d",
					    nmiss > 1 ? ", " : "", i + 1);
		}
	if (nmiss)
		rc = error_rc(IRREADY_EUSAGE,
			      "shard%s %s%s of %d %s missing (run %s): merge "
			      "needs every shard 1..%d once",
			      nmiss > 1 ? "s" : "", miss.buf,
			      nmiss > 10 ? ", ..." : "", st->count,
			      nmiss > 1 ? "are" : "is", st->run_id, st->count);
	strbuf_release(&miss);
	return rc;
}

static char *jdup(const cJSON *o, const char *k, const char *dflt)
{
	return xstrdup(jget(o, k) ? jget(o, k) : dflt);
}

/* Add run.KEY (a non-negative count) to '*sum'. */
static void add_count(const cJSON *run, const char *key, unsigned long *sum)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(run, key);

	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e15)
		*sum += (unsigned long)v->valuedouble;
}

/* Add the strings of array run.KEY to the set (*v, *n). */
static void add_strings(const cJSON *run, const char *key, char ***v, size_t *n)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(run, key))
	{
		if (cJSON_IsString(e))
			push_unique(v, n, e->valuestring);
	}
}

/* The first shard sets the checks, policy, mode and evaluation time. */
static void merge_first(struct merged *m, struct merge_state *st,
			const cJSON *run, size_t ns, const char *shown)
{
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(run, "policy");

	m->checks = xcalloc(ns ? ns : 1, sizeof(*m->checks));
	memcpy(m->checks, st->sel, ns * sizeof(*st->sel));
	m->nchecks = ns;
	st->digest = jdup(pol, "digest", "");
	m->run.policy_name = jdup(pol, "name", "");
	m->run.policy_digest = xstrdup(st->digest);
	m->run.mode = jdup(run, "mode", "merge");
	m->run.source = jdup(run, "source", "");
	m->run.fail_on = jdup(run, "fail_on", "high");
	m->run.started = jtime(run, "started");
	m->run.finished = jtime(run, "finished");
	st->now0 = jtime(run, "evaluated_at");
	st->first = xstrdup(shown);
	add_strings(run, "waivers", &m->waiver_notes, &m->nwaiver_notes);
}

/* Every later shard must be of the same audit: 0 or IRREADY_EUSAGE. */
static int merge_same_audit(const struct merged *m,
			    const struct merge_state *st, const cJSON *run,
			    size_t ns, const char *shown)
{
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(run, "policy");

	if (ns != m->nchecks ||
	    memcmp(st->sel, m->checks, ns * sizeof(*st->sel)) ||
	    strcmp(st->digest,
		   jget(pol, "digest") ? jget(pol, "digest") : "") ||
	    jtime(run, "evaluated_at") != st->now0)
		return error_rc(IRREADY_EUSAGE,
				"'%s' and '%s' are not shards of one audit "
				"(their checks, policy or evaluation time "
				"differ)",
				st->first, shown);
	return 0;
}

/* Widen the run's times, add its counts, accounts and regions. */
static void merge_run(struct merged *m, const cJSON *run)
{
	time_t t;

	t = jtime(run, "started");
	if (t && t < m->run.started)
		m->run.started = t;
	t = jtime(run, "finished");
	if (t > m->run.finished)
		m->run.finished = t;
	add_count(run, "api_calls", &m->run.api_calls);
	add_count(run, "api_errors", &m->run.api_errors);
	add_strings(run, "accounts", &m->run.accounts, &m->run.naccounts);
	add_strings(run, "regions", &m->run.regions, &m->run.nregions);
}

/*
 * run.selection (the filters that narrowed the checks) and run.frameworks
 * (--framework): the first shard sets them in 'm', every later one must
 * carry the same, else IRREADY_EUSAGE naming both files. The strings are
 * owned by 'm' (merge_release()).
 */
static int merge_selection(struct merged *m, const struct merge_state *st,
			   const cJSON *run, const char *shown, int is_first)
{
	static const char *const keys[] = { "checks", "phase", "severity",
					    "services", "exclude_checks" };
	const char **dst[] = { &m->run.sel_checks, &m->run.sel_phase,
			       &m->run.sel_severity, &m->run.sel_services,
			       &m->run.sel_exclude };
	const cJSON *sel = cJSON_GetObjectItemCaseSensitive(run, "selection");
	const cJSON *fw = cJSON_GetObjectItemCaseSensitive(run, "frameworks");
	struct strbuf ids = STRBUF_INIT;
	const cJSON *e;
	int differs = 0;

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *v = jget(sel, keys[i]);

		if (is_first)
			*dst[i] = v ? xstrdup(v) : NULL;
		else if (!*dst[i] != !v || (v && strcmp(*dst[i], v)))
			differs = 1;
	}
	strbuf_init(&ids, (size_t)1 << 16);
	cJSON_ArrayForEach(e, fw)
	{
		if (cJSON_IsString(e))
			strbuf_addf(&ids, "%s%s", ids.len ? "," : "",
				    e->valuestring);
	}
	if (is_first)
		m->run.frameworks = ids.len ? xstrdup(ids.buf) : NULL;
	else if (!m->run.frameworks != !ids.len ||
		 (ids.len && strcmp(m->run.frameworks, ids.buf)))
		differs = 1;
	strbuf_release(&ids);
	if (differs)
		return error_rc(IRREADY_EUSAGE,
				"'%s' and '%s' are not shards of one audit "
				"(their run.selection or run.frameworks "
				"differ: --checks, --phase, --severity, "
				"--services, --exclude-checks, --framework)",
				st->first, shown);
	return 0;
}

/* One shard's findings.json at 'path' into 'm'. */
static int merge_shard(struct merged *m, struct merge_state *st,
		       const char *path, int is_first)
{
	char *shown = NULL;
	cJSON *j = report_read_json(path, &shown, 0, "");
	const cJSON *run;
	size_t ns = 0;
	int rc;

	if (!j)
		return IRREADY_EIO;
	run = cJSON_GetObjectItemCaseSensitive(j, "run");
	rc = merge_shard_id(st, run, shown, is_first);
	if (!rc)
		rc = shard_checks(j, shown, st->sel, &ns);
	if (!rc && is_first)
		merge_first(m, st, run, ns, shown);
	else if (!rc)
		rc = merge_same_audit(m, st, run, ns, shown);
	if (!rc)
		rc = merge_selection(m, st, run, shown, is_first);
	if (!rc) {
		size_t n0 = m->findings.n;

		merge_run(m, run);
		rc = add_findings(m, j, shown);
		if (!rc && !st->whole) {
			struct merge_part *pt;

			if (is_first)
				m->parts = xcalloc((size_t)st->count,
						   sizeof(*m->parts));
			pt = &m->parts[st->cur - 1];
			pt->nfindings = (long)(m->findings.n - n0);
			pt->path = xstrdup(shown);
			/* no findings: v may be NULL (no offset on it) */
			merge_part_digest(pt->nfindings ? m->findings.v + n0
							: NULL,
					  m->findings.n - n0, pt->digest);
		}
	}
	cJSON_Delete(j);
	free(shown);
	return rc;
}

static int merge_load_state(char *const *paths, size_t n, struct merged *m,
			    struct merge_state *stp)
{
	struct merge_state st = *stp;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	findings_init(&m->findings);
	st.sel = xcalloc(check_count, sizeof(*st.sel));
	for (size_t i = 0; i < n && !rc; i++)
		rc = merge_shard(m, &st, paths[i], i == 0);
	if (!rc && !st.whole)
		rc = merge_all_shards(&st);
	m->run.now = st.now0;
	m->run.tool_version = IRREADY_VERSION;
	if (m->run.naccounts > 1)
		qsort(m->run.accounts, m->run.naccounts, sizeof(char *),
		      cmp_strp);
	if (m->run.nregions > 1)
		qsort(m->run.regions, m->run.nregions, sizeof(char *),
		      cmp_strp);
	findings_sort(&m->findings);
	if (!st.whole) {
		m->shards = st.count;
		m->shard_run_id = st.run_id;
		st.run_id = NULL;
	}
	free(st.sel);
	free(st.digest);
	free(st.first);
	free(st.run_id);
	for (int i = 0; st.seen && i < st.count; i++)
		free(st.seen[i]);
	free(st.seen);
	if (rc)
		merge_release(m);
	return rc;
}

int merge_load(char *const *paths, size_t n, struct merged *m)
{
	struct merge_state st = { 0 };

	return merge_load_state(paths, n, m, &st);
}

int merge_load_run(const char *path, struct merged *m)
{
	struct merge_state st = { .whole = 1 };
	char *paths[1] = { (char *)path };

	return merge_load_state(paths, 1, m, &st);
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void merge_release(struct merged *m)
{
	findings_release(&m->findings);
	free(m->checks);
	free((char *)m->run.policy_name);
	free((char *)m->run.policy_digest);
	free((char *)m->run.mode);
	free((char *)m->run.source);
	free((char *)m->run.fail_on);
	free((char *)m->run.sel_checks);
	free((char *)m->run.sel_phase);
	free((char *)m->run.sel_severity);
	free((char *)m->run.sel_services);
	free((char *)m->run.sel_exclude);
	free((char *)m->run.frameworks);
	free_strv(m->run.accounts, m->run.naccounts);
	free_strv(m->run.regions, m->run.nregions);
	free_strv(m->waiver_notes, m->nwaiver_notes);
	for (int i = 0; m->parts && i < m->shards; i++)
		free(m->parts[i].path);
	free(m->parts);
	free(m->shard_run_id);
	memset(m, 0, sizeof(*m));
}
