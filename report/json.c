/*
 * json.c -- findings.json, schema "irready.findings/1"
 *
 * {"schema", "tool", "run", "score", "findings": [...]} with the CSV's
 * fields per finding plus "verdict" (the check's own verdict, which a
 * waiver does not change). Streamed, not built as a tree, so 100,000
 * findings cost no more memory than the findings themselves. `irready
 * diff` and `irready merge` read this file back with report_read_json().
 */
#include "check.h"
#include "irready.h"
#include "report.h"
#include "merge.h"
#include "strbuf.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SCHEMA "irready.findings/1"

/*
 * 'k' is one of this file's literal key names: nothing to escape, and a
 * few bytes, put one at a time (the writer's thread owns 'out')
 */
static void jkey(FILE *out, const char *k, int *first)
{
	if (!*first)
		putc_unlocked(',', out);
	*first = 0;
	putc_unlocked('"', out);
	for (; *k; k++)
		putc_unlocked(*k, out);
	putc_unlocked('"', out);
	putc_unlocked(':', out);
}

static void jtime(FILE *out, time_t t)
{
	char buf[32];

	if (!t) {
		fputs("null", out);
		return;
	}
	format_iso8601(t, buf, sizeof(buf));
	json_string(out, buf);
}

static void jstrings(FILE *out, char **v, size_t n)
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		json_string(out, v[i]);
	}
	fputc(']', out);
}

static void jscore(FILE *out, const struct score *s)
{
	int first = 1;
	char g[2] = { s->grade, 0 };

	fputc('{', out);
	jkey(out, "score", &first);
	if (s->valid)
		fprintf(out, "%.2f", s->value);
	else
		fputs("null", out);
	jkey(out, "grade", &first);
	if (s->valid)
		json_string(out, g);
	else
		fputs("null", out);
	jkey(out, "coverage", &first);
	fprintf(out, "%.2f", s->coverage);
	jkey(out, "checks_selected", &first);
	fprintf(out, "%zu", s->selected);
	jkey(out, "checks_evaluated", &first);
	fprintf(out, "%zu", s->evaluated);
	jkey(out, "units", &first);
	fprintf(out, "%zu", s->units);
	jkey(out, "units_assessed", &first);
	fprintf(out, "%zu", s->units_assessed);
	jkey(out, "units_error", &first);
	fprintf(out, "%zu", s->units_error);
	jkey(out, "units_manual", &first);
	fprintf(out, "%zu", s->units_manual);
	jkey(out, "units_attested", &first);
	fprintf(out, "%zu", s->units_attested);
	jkey(out, "counts", &first);
	fputc('{', out);
	for (int i = 0; i < CHECK__COUNT; i++)
		fprintf(out, "%s\"%s\":%zu", i ? "," : "",
			status_name((enum check_status)i), s->counts[i]);
	fputs("}}", out);
}

static void jgroups(FILE *out, const struct score_group *g, size_t n,
		    const char *keyname)
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		fputc('{', out);
		json_string(out, keyname);
		fputc(':', out);
		json_string(out, g[i].key);
		if (g[i].label) {
			fputs(",\"name\":", out);
			json_string(out, g[i].label);
		}
		fputs(",\"score\":", out);
		jscore(out, &g[i].score);
		fputc('}', out);
	}
	fputc(']', out);
}

/*
 * run.selection: the options that narrowed the policy's checks, null when
 * not given (present only when one is), so diff and coverage know what
 * was selected.
 */
static void json_selection(FILE *out, const struct run_info *ri)
{
	fputs("{\"checks\":", out);
	json_string(out, ri->sel_checks);
	fputs(",\"phase\":", out);
	json_string(out, ri->sel_phase);
	fputs(",\"severity\":", out);
	json_string(out, ri->sel_severity);
	fputs(",\"services\":", out);
	json_string(out, ri->sel_services);
	fputs(",\"exclude_checks\":", out);
	json_string(out, ri->sel_exclude);
	fputc('}', out);
}

/*
 * run.frameworks: the --framework ids the run wrote compliance-<id>.csv
 * for, as an array (present only when given), so merge writes them too.
 */
static void json_frameworks(FILE *out, const char *ids)
{
	int n = 0;

	fputc('[', out);
	for (const char *p = ids; *p;) {
		size_t len = strcspn(p, ",");

		if (len) {
			char *id = xasprintf("%.*s", (int)len, p);

			if (n++)
				fputc(',', out);
			json_string(out, id);
			free(id);
		}
		p += len + (p[len] == ',');
	}
	fputc(']', out);
}

/* The last time jfinding() formatted: findings mostly share theirs. */
struct jtime_memo {
	time_t t;
	char buf[32];
};

static void jfinding(FILE *out, const struct finding *x, struct jtime_memo *m)
{
	int first = 1;

	fputc('{', out);
	jkey(out, "finding_id", &first);
	json_string(out, x->id);
	jkey(out, "account_id", &first);
	json_string(out, x->account_id);
	jkey(out, "region", &first);
	json_string(out, x->region);
	jkey(out, "phase", &first);
	json_string(out, phase_name(x->check->phase));
	jkey(out, "check_id", &first);
	json_string(out, x->check->id);
	jkey(out, "check_title", &first);
	json_string(out, x->check->title);
	jkey(out, "severity", &first);
	json_string(out, severity_name(x->severity));
	jkey(out, "status", &first);
	json_string(out, status_name(x->status));
	jkey(out, "verdict", &first);
	json_string(out, status_name(x->verdict));
	jkey(out, "resource_type", &first);
	json_string(out, x->resource_type);
	jkey(out, "resource_id", &first);
	json_string(out, x->resource_id);
	jkey(out, "message", &first);
	json_string(out, x->message);
	jkey(out, "remediation", &first);
	json_string(out, x->status == CHECK_FAIL ? x->check->remediation : "");
	jkey(out, "waiver", &first);
	json_string(out, x->waiver);
	jkey(out, "frameworks", &first);
	json_string(out, x->check->frameworks ? x->check->frameworks : "");
	jkey(out, "collected_at", &first);
	if (!x->collected_at) {
		fputs("null", out);
	} else {
		if (!m->buf[0] || m->t != x->collected_at) {
			m->t = x->collected_at;
			format_iso8601(m->t, m->buf, sizeof(m->buf));
		}
		json_string(out, m->buf);
	}
	if (x->account_name) {
		jkey(out, "account_name", &first);
		json_string(out, x->account_name);
	}
	if (x->ou_path) {
		jkey(out, "ou_path", &first);
		json_string(out, x->ou_path);
	}
	fputc('}', out);
}

static void jfindings(FILE *out, const struct findings *f)
{
	struct jtime_memo memo = { 0 };

	for (size_t i = 0; i < f->n; i++) {
		fputs(i ? ",\n" : "\n", out);
		jfinding(out, &f->v[i], &memo);
	}
}

int report_write_json(const struct report *r, FILE *out)
{
	const struct run_info *ri = r->run;
	const struct scores *s = r->scores;
	int first = 1;

	fputs("{\"schema\":\"" SCHEMA "\",", out);
	fputs("\"tool\":{\"name\":\"irready\",\"version\":", out);
	json_string(out, ri->tool_version);
	fputs("},\n\"run\":{", out);
	jkey(out, "mode", &first);
	json_string(out, ri->mode);
	jkey(out, "source", &first);
	json_string(out, ri->source);
	jkey(out, "accounts", &first);
	jstrings(out, ri->accounts, ri->naccounts);
	jkey(out, "regions", &first);
	jstrings(out, ri->regions, ri->nregions);
	/* the selected checks: with accounts and regions, the run's scope */
	jkey(out, "checks", &first);
	fputc('[', out);
	for (size_t i = 0; i < r->scores->nchecks; i++) {
		if (i)
			fputc(',', out);
		json_string(out, r->scores->checks[i].check->id);
	}
	fputc(']', out);
	jkey(out, "policy", &first);
	fputs("{\"name\":", out);
	json_string(out, ri->policy_name);
	fputs(",\"digest\":", out);
	json_string(out, ri->policy_digest);
	fputc('}', out);
	jkey(out, "started", &first);
	jtime(out, ri->started);
	jkey(out, "finished", &first);
	jtime(out, ri->finished);
	jkey(out, "evaluated_at", &first);
	jtime(out, ri->now);
	jkey(out, "duration_seconds", &first);
	fprintf(out, "%ld", (long)(ri->finished - ri->started));
	jkey(out, "api_calls", &first);
	fprintf(out, "%lu", ri->api_calls);
	jkey(out, "api_errors", &first);
	fprintf(out, "%lu", ri->api_errors);
	jkey(out, "fail_on", &first);
	json_string(out, ri->fail_on);
	jkey(out, "waivers", &first);
	jstrings(out, (char **)r->waiver_notes, r->nwaiver_notes);
	if (ri->sel_checks || ri->sel_phase || ri->sel_severity ||
	    ri->sel_services || ri->sel_exclude) {
		jkey(out, "selection", &first);
		json_selection(out, ri);
	}
	if (ri->shard_count)
		merge_write_shard(out, r);
	if (ri->frameworks) {
		jkey(out, "frameworks", &first);
		json_frameworks(out, ri->frameworks);
	}
	fputs("},\n\"score\":{\"overall\":", out);
	jscore(out, &s->overall);
	fputs(",\"phases\":{", out);
	for (int p = 0; p < PHASE__COUNT; p++) {
		fprintf(out, "%s\"%s\":", p ? "," : "",
			phase_name((enum ir_phase)p));
		jscore(out, &s->phase[p]);
	}
	fputs("},\"accounts\":", out);
	jgroups(out, s->accounts, s->naccounts, "account_id");
	fputs(",\"regions\":", out);
	jgroups(out, s->regions, s->nregions, "region");
	fputs(",\"checks\":[", out);
	for (size_t i = 0; i < s->nchecks; i++) {
		const struct check_summary *c = &s->checks[i];

		fprintf(out, "%s{\"check_id\":", i ? ",\n" : "\n");
		json_string(out, c->check->id);
		fprintf(out,
			",\"phase\":\"%s\",\"severity\":\"%s\",\"result\":",
			phase_name(c->check->phase),
			severity_name(c->check->severity));
		if (c->scored)
			fprintf(out, "%.4f", c->result);
		else
			fputs("null", out);
		fputs(",\"counts\":{", out);
		for (int k = 0; k < CHECK__COUNT; k++)
			fprintf(out, "%s\"%s\":%zu", k ? "," : "",
				status_name((enum check_status)k),
				c->counts[k]);
		fputs("}}", out);
	}
	fputs("]},\n\"findings\":[", out);
	jfindings(out, r->findings);
	fputs("\n]}\n", out);
	return ferror(out) ? IRREADY_EIO : 0;
}

struct cJSON *report_read_json(const char *path, char **resolved,
			       int need_findings, const char *hint)
{
	struct stat st;
	struct strbuf sb = STRBUF_INIT;
	const cJSON *schema;
	char *p;
	cJSON *j;

	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		p = xasprintf("%s/findings.json", path);
	else
		p = xstrdup(path);
	strbuf_init(&sb, (size_t)1 << 30);
	if (strbuf_read_file(&sb, p)) {
		error_rc(IRREADY_EIO, "cannot read '%s'", p);
		goto fail;
	}
	j = cJSON_ParseWithLength(sb.buf, sb.len);
	schema = cJSON_IsObject(j)
			 ? cJSON_GetObjectItemCaseSensitive(j, "schema")
			 : NULL;
	if (!cJSON_IsString(schema) || strcmp(schema->valuestring, SCHEMA) ||
	    (need_findings &&
	     !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "findings")))) {
		cJSON_Delete(j);
		error_rc(IRREADY_EPARSE,
			 "'%s' is not an irready findings.json%s", p, hint);
		goto fail;
	}
	strbuf_release(&sb);
	*resolved = p;
	return j;
fail:
	strbuf_release(&sb);
	free(p);
	return NULL;
}
