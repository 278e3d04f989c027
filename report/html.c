/*
 * html.c -- the self-contained HTML report
 *
 * report.html is one file an executive can open from a mail attachment or
 * a file share: inline CSS, inline SVG charts and a little inline JS, and
 * no fetches of any kind (a Content-Security-Policy forbids them). The
 * overview, the most important failures and the ERROR, WAIVED and MANUAL
 * sections are rendered here in C, so the report reads and prints without
 * JavaScript. The findings table is rendered by the script from a JSON
 * block, one page at a time, which keeps 100,000 findings responsive;
 * without JavaScript a static table of the first STATIC_ROWS findings
 * (failures and errors first) stands in for it.
 *
 * The stylesheet and both scripts are files under report/assets/, built
 * into this program by report/embed.c (see html_assets.h), which also
 * computes the script hashes the Content-Security-Policy allows: an
 * injected <script> or onerror= attribute is refused even if an escaping
 * bug let one through.
 *
 * Everything that came from AWS or a check is escaped: html_escape() in
 * markup, json_escape_script() inside the JSON block (so "</script>" in
 * a resource name cannot end it), and the script only ever assigns data
 * to textContent.
 *
 * The JSON block ("irready-data") has short keys to stay small:
 *   st, sv, ph  status, severity and phase names, indexed by enum value
 *   ck          checks: {id, t title, p phase, s severity, r rationale,
 *               m remediation, x cli fix, f cfn or null, d doc url,
 *               w frameworks}
 *   ac, rg, rt  accounts [id, name], regions, resource types
 *   f           findings, each [check, account, region, status, severity,
 *               resource type, finding id, resource, message] (indexes into
 *               the tables above), plus [waiver, verdict] when waived
 */
#include "irready.h"
#include "report.h"
#include "check.h"
#include "html_assets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOP_FAILURES  20  /* "most important failures first" */
#define STATIC_ROWS   500 /* the no-JavaScript findings table */
#define SECTION_ROWS  200 /* ERROR, WAIVED and MANUAL tables */
#define META_ACCOUNTS 8   /* accounts named in the header */

/* The order statuses are shown in: what needs attention first. */
static const enum check_status status_order[CHECK__COUNT] = {
	CHECK_FAIL,   CHECK_ERROR, CHECK_MANUAL,
	CHECK_WAIVED, CHECK_PASS,  CHECK_NA,
};

static const char *const status_label[CHECK__COUNT] = {
	[CHECK_PASS] = "Pass",     [CHECK_FAIL] = "Fail",
	[CHECK_ERROR] = "Error",   [CHECK_WAIVED] = "Waived",
	[CHECK_MANUAL] = "Manual", [CHECK_NA] = "Not applicable",
};

/* A count with thousands separators: 100,000. */
static void put_count(FILE *out, size_t n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%zu", n);

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			fputc(',', out);
		fputc(buf[i], out);
	}
}

static void put_time(FILE *out, time_t t)
{
	char buf[32];

	if (!t) {
		fputs("&mdash;", out);
		return;
	}
	format_iso8601(t, buf, sizeof(buf));
	html_escape(out, buf);
}

static void put_score(FILE *out, const struct score *s)
{
	if (s->valid)
		fprintf(out, "%.1f", s->value);
	else
		fputs("n/a", out);
}

/* CSS suffix for a score's grade: "A".."F", or "na". */
static const char *grade_class(const struct score *s)
{
	if (!s->valid)
		return "na";
	switch (s->grade) {
	case 'A':
		return "A";
	case 'B':
		return "B";
	case 'C':
		return "C";
	case 'D':
		return "D";
	default:
		return "F";
	}
}

/* NOT_APPLICABLE is shown as "N/A" to keep the column narrow. */
static void put_status(FILE *out, enum check_status st)
{
	fprintf(out, "<span class=\"b b-%s\" title=\"%s\">%s</span>",
		status_name(st), status_name(st),
		st == CHECK_NA ? "N/A" : status_name(st));
}

static void put_severity(FILE *out, enum severity sv)
{
	fprintf(out, "<span class=\"v v-%s\">%s</span>", severity_name(sv),
		severity_name(sv));
}

static void put_check(FILE *out, const struct check *c)
{
	fputs("<span class=\"ck\">", out);
	html_escape(out, c->title);
	fputs("</span><span class=\"ckid mono\">", out);
	html_escape(out, c->id);
	fputs("</span>", out);
}

static void put_account(FILE *out, const struct finding *x)
{
	if (x->account_name && *x->account_name) {
		html_escape(out, x->account_name);
		fputs("<span class=\"ckid mono\">", out);
		html_escape(out, x->account_id);
		fputs("</span>", out);
	} else {
		html_escape(out, x->account_id);
	}
}

/* A list of names: the first 'max', then "and N more". */
static void put_list(FILE *out, char *const *v, size_t n, size_t max)
{
	if (!n) {
		fputs("&mdash;", out);
		return;
	}
	for (size_t i = 0; i < n && i < max; i++) {
		if (i)
			fputs(", ", out);
		html_escape(out, v[i]);
	}
	if (n > max) {
		fputs(" and ", out);
		put_count(out, n - max);
		fputs(" more", out);
	}
}

static void write_head(FILE *out, const struct run_info *run)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\" class=\"nojs\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" "
	      "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	      "script-src ",
	      out);
	fputs(report_script_csp, out);
	fputs("; base-uri 'none'; form-action 'none'\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"generator\" content=\"irready ",
	      out);
	html_escape(out, run && run->tool_version ? run->tool_version
						  : IRREADY_VERSION);
	fputs("\">\n<title>irready &mdash; incident-response readiness "
	      "report</title>\n<style>\n",
	      out);
	fputs(report_css, out);
	fprintf(out, "</style>\n<script>%s</script>\n</head>\n<body>\n",
		report_head_js);
}

static void meta_item(FILE *out, const char *label)
{
	fprintf(out, "<div><dt>%s</dt><dd>", label);
}

static void write_header(FILE *out, const struct report *r)
{
	const struct run_info *run = r->run;
	const char *ver =
		run && run->tool_version ? run->tool_version : IRREADY_VERSION;
	char digest[13];

	fputs("<header class=\"top\"><div class=\"wrap\">\n"
	      "<h1>irready &mdash; incident-response readiness report</h1>\n"
	      "<p class=\"sub\">",
	      out);
	if (run) {
		put_count(out, run->naccounts);
		fputs(run->naccounts == 1 ? " account" : " accounts", out);
		fputs(" &middot; ", out);
		put_count(out, run->nregions);
		fputs(run->nregions == 1 ? " region" : " regions", out);
		fputs(" &middot; finished ", out);
		put_time(out, run->finished);
		fputs(" &middot; ", out);
	}
	put_count(out, r->findings->n);
	fputs(r->findings->n == 1 ? " finding</p>\n" : " findings</p>\n", out);
	fputs("<dl class=\"meta\">\n", out);
	if (run) {
		meta_item(out, "Mode");
		html_escape(out, run->mode);
		fputs("</dd></div>\n", out);
		meta_item(out, "Source");
		html_escape(out, run->source);
		fputs("</dd></div>\n", out);
		meta_item(out, "Accounts");
		put_list(out, run->accounts, run->naccounts, META_ACCOUNTS);
		fputs("</dd></div>\n", out);
		meta_item(out, "Regions");
		put_list(out, run->regions, run->nregions, META_ACCOUNTS);
		fputs("</dd></div>\n", out);
		meta_item(out, "Policy");
		html_escape(out,
			    run->policy_name ? run->policy_name : "(default)");
		if (run->policy_digest && *run->policy_digest) {
			fputs(" <span class=\"mono\" title=\"sha256 ", out);
			html_escape(out, run->policy_digest);
			fputs("\">", out);
			snprintf(digest, sizeof(digest), "%.12s",
				 run->policy_digest);
			html_escape(out, digest);
			fputs("</span>", out);
		}
		fputs("</dd></div>\n", out);
		meta_item(out, "Started");
		put_time(out, run->started);
		fputs("</dd></div>\n", out);
		meta_item(out, "Finished");
		put_time(out, run->finished);
		if (run->started && run->finished >= run->started)
			fprintf(out, " (%lds)",
				(long)(run->finished - run->started));
		fputs("</dd></div>\n", out);
		meta_item(out, "API calls");
		fprintf(out, "%lu", run->api_calls);
		if (run->api_errors)
			fprintf(out, " (%lu failed)", run->api_errors);
		fputs("</dd></div>\n", out);
		if (run->fail_on) {
			meta_item(out, "Fails at");
			html_escape(out, run->fail_on);
			fputs(" or above</dd></div>\n", out);
		}
	}
	meta_item(out, "Tool");
	fputs("irready ", out);
	html_escape(out, ver);
	fputs("</dd></div>\n</dl>\n</div></header>\n", out);
}

/* One stacked bar of the status counts, in status_order. */
static void write_status_bar(FILE *out, const struct score *s)
{
	size_t total = 0;
	double x = 0;

	for (int i = 0; i < CHECK__COUNT; i++)
		total += s->counts[i];
	fputs("<svg class=\"stack\" viewBox=\"0 0 1000 18\" "
	      "preserveAspectRatio=\"none\" role=\"img\" "
	      "aria-label=\"Findings by status\">",
	      out);
	fputs("<rect width=\"1000\" height=\"18\" rx=\"4\" class=\"f-na\"/>",
	      out);
	for (int i = 0; total && i < CHECK__COUNT; i++) {
		enum check_status st = status_order[i];
		double w = 1000.0 * (double)s->counts[st] / (double)total;

		if (!s->counts[st])
			continue;
		fprintf(out,
			"<rect x=\"%.2f\" width=\"%.2f\" height=\"18\" "
			"class=\"fs-%s\"><title>%s: %zu</title></rect>",
			x, w, status_name(st), status_name(st), s->counts[st]);
		x += w;
	}
	fputs("</svg>\n", out);
}

static void write_hero(FILE *out, const struct scores *sc,
		       const struct findings *f)
{
	const struct score *s = &sc->overall;
	size_t fails[SEV__COUNT] = { 0 };

	fputs("<section class=\"card hero\" id=\"overview\" "
	      "aria-labelledby=\"ov-h\">\n<div>\n"
	      "<h2 id=\"ov-h\">Overall readiness</h2>\n"
	      "<div class=\"scorebox\">",
	      out);
	fprintf(out, "<div class=\"grade g-%s\" aria-label=\"grade\">%s</div>",
		grade_class(s), s->valid ? grade_class(s) : "&ndash;");
	fputs("<div><div class=\"score\">", out);
	put_score(out, s);
	if (s->valid)
		fputs(" <small>/ 100</small>", out);
	fputs("</div>\n<div class=\"cov\">Coverage ", out);
	fprintf(out, "%.0f%%", s->coverage);
	fprintf(out, " &middot; %zu of %zu checks fully evaluated</div>",
		s->evaluated, s->selected);
	fputs("</div></div>\n"
	      "<p class=\"note\">Score: weighted pass rate over checks with a "
	      "PASS or FAIL result (critical 10, high 5, medium 3, low 1). "
	      "Grades: A &ge; 90, B &ge; 80, C &ge; 70, D &ge; 60. ERROR and "
	      "MANUAL lower coverage, not the score.</p>\n</div>\n<div>\n"
	      "<h3>Findings by status</h3>\n<div class=\"tiles\">",
	      out);
	for (int i = 0; i < CHECK__COUNT; i++) {
		enum check_status st = status_order[i];

		fprintf(out, "<div class=\"tile t-%s\"><b>", status_name(st));
		put_count(out, s->counts[st]);
		fprintf(out, "</b><span>%s</span></div>", status_label[st]);
	}
	fputs("</div>\n", out);
	write_status_bar(out, s);
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].status == CHECK_FAIL &&
		    (unsigned)f->v[i].severity < SEV__COUNT)
			fails[f->v[i].severity]++;
	fputs("<h3 class=\"sevh\">Failing findings by severity</h3>\n"
	      "<div class=\"sevs\">",
	      out);
	for (int i = 0; i < SEV__COUNT; i++) {
		fputs("<span>", out);
		put_severity(out, (enum severity)i);
		fputs(" <b>", out);
		put_count(out, fails[i]);
		fputs("</b></span>", out);
	}
	fputs("</div>\n</div>\n</section>\n", out);
}

/*
 * The phase chart: a label and value line above each bar, the grade
 * thresholds (60..90) marked on the tracks, and an axis naming the grade
 * bands underneath.
 */
static void write_phase_chart(FILE *out, const struct scores *sc)
{
	static const struct {
		int x;
		const char *text, *cls;
	} axis[] = {
		{ 0, "0", "sm" },    { 30, "F", "sm b" }, { 60, "60", "sm" },
		{ 65, "D", "sm b" }, { 70, "70", "sm" },  { 75, "C", "sm b" },
		{ 80, "80", "sm" },  { 85, "B", "sm b" }, { 90, "90", "sm" },
		{ 95, "A", "sm b" },
	};
	const int w = 560, row = 58, bar = 18, top = 24;
	const int h = row * PHASE__COUNT + 20;

	fputs("<section class=\"card\" aria-labelledby=\"ph-h\">\n"
	      "<h2 id=\"ph-h\">Score by incident-response phase</h2>\n",
	      out);
	fprintf(out,
		"<svg class=\"bars\" viewBox=\"0 0 %d %d\" role=\"img\" "
		"aria-labelledby=\"ph-t\"><title id=\"ph-t\">Score by "
		"lifecycle phase</title>\n",
		w, h);
	for (int p = 0; p < PHASE__COUNT; p++) {
		const struct score *s = &sc->phase[p];
		int y = p * row;

		fprintf(out, "<text x=\"0\" y=\"%d\" class=\"lbl\">", y + 15);
		html_escape(out, phase_title((enum ir_phase)p));
		fprintf(out,
			"</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
			"class=\"val\">",
			w, y + 15);
		put_score(out, s);
		if (s->valid)
			fprintf(out, " &#183; %c", s->grade);
		fprintf(out,
			"<tspan class=\"sm\" dx=\"10\">coverage %.0f%%</tspan>"
			"</text>",
			s->coverage);
		fprintf(out,
			"<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" "
			"rx=\"3\" class=\"trk\"/>",
			y + top, w, bar);
		if (s->valid && s->value > 0)
			fprintf(out,
				"<rect x=\"0\" y=\"%d\" width=\"%.1f\" "
				"height=\"%d\" rx=\"3\" class=\"f-%s\"/>",
				y + top, w * s->value / 100.0, bar,
				grade_class(s));
		else if (!s->valid)
			fprintf(out,
				"<text x=\"8\" y=\"%d\" class=\"sm\">n/a "
				"&#8212; nothing scored in this phase</text>",
				y + top + 13);
		for (int t = 60; t <= 90; t += 10)
			fprintf(out,
				"<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" "
				"y2=\"%d\" class=\"thr\"/>",
				w * t / 100.0, w * t / 100.0, y + top,
				y + top + bar);
		fputc('\n', out);
	}
	for (size_t i = 0; i < ARRAY_SIZE(axis); i++)
		fprintf(out,
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" "
			"class=\"%s\">%s</text>",
			w * axis[i].x / 100.0, h - 4,
			axis[i].x ? "middle" : "start", axis[i].cls,
			axis[i].text);
	fputs("\n</svg>\n</section>\n", out);
}

/* A 100x10 bar for table rows. */
static void put_minibar(FILE *out, const struct score *s)
{
	fputs("<svg class=\"mini\" width=\"120\" height=\"10\" "
	      "viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
	      "aria-hidden=\"true\"><rect width=\"100\" height=\"10\" rx=\"2\" "
	      "class=\"trk\" fill=\"#e9edf2\"/>",
	      out);
	if (s->valid && s->value > 0)
		fprintf(out,
			"<rect width=\"%.1f\" height=\"10\" rx=\"2\" "
			"class=\"f-%s\"/>",
			s->value, grade_class(s));
	fputs("</svg>", out);
}

static void write_group_table(FILE *out, const char *id, const char *title,
			      const char *keyname, const struct score_group *g,
			      size_t n)
{
	fprintf(out,
		"<section class=\"card\" aria-labelledby=\"%s\">\n"
		"<h2 id=\"%s\">%s</h2>\n<div class=\"scroll\"><table>\n"
		"<thead><tr><th>%s</th><th class=\"num\">Score</th>"
		"<th>Grade</th><th class=\"num\">Coverage</th>"
		"<th class=\"num\">Fail</th><th class=\"num\">Error</th>"
		"<th><span class=\"sr\">Bar</span></th>"
		"</tr></thead>\n<tbody>\n",
		id, id, title, keyname);
	for (size_t i = 0; i < n; i++) {
		const struct score *s = &g[i].score;

		fputs("<tr><td class=\"brk\">", out);
		if (g[i].label && *g[i].label) {
			html_escape(out, g[i].label);
			fputs("<span class=\"ckid mono\">", out);
			html_escape(out, g[i].key);
			fputs("</span>", out);
		} else {
			fputs("<span class=\"mono\">", out);
			html_escape(out, g[i].key);
			fputs("</span>", out);
		}
		fputs("</td><td class=\"num\">", out);
		put_score(out, s);
		fprintf(out, "</td><td>%s</td><td class=\"num\">%.0f%%</td>",
			s->valid ? grade_class(s) : "&mdash;", s->coverage);
		fputs("<td class=\"num\">", out);
		put_count(out, s->counts[CHECK_FAIL]);
		fputs("</td><td class=\"num\">", out);
		put_count(out, s->counts[CHECK_ERROR]);
		fputs("</td><td>", out);
		put_minibar(out, s);
		fputs("</td></tr>\n", out);
	}
	if (!n)
		fputs("<tr><td colspan=\"7\" class=\"empty\">No findings."
		      "</td></tr>\n",
		      out);
	fputs("</tbody></table></div>\n</section>\n", out);
}

static void write_checks_table(FILE *out, const struct scores *sc)
{
	fputs("<section class=\"card\" aria-labelledby=\"ck-h\">\n"
	      "<h2 id=\"ck-h\">Checks</h2>\n<div class=\"scroll\"><table>\n"
	      "<thead><tr><th>Check</th><th>Severity</th>"
	      "<th class=\"num\">Pass</th><th class=\"num\">Fail</th>"
	      "<th class=\"num\">Error</th><th class=\"num\">Result</th>"
	      "</tr></thead>\n<tbody>\n",
	      out);
	for (size_t i = 0; i < sc->nchecks; i++) {
		const struct check_summary *c = &sc->checks[i];
		const size_t *n = c->counts;

		fputs("<tr><td class=\"brk\"><span class=\"ck\">", out);
		html_escape(out, c->check->title);
		fputs("</span><span class=\"ckid\"><span class=\"mono\">", out);
		html_escape(out, c->check->id);
		fputs("</span> &middot; ", out);
		html_escape(out, phase_title(c->check->phase));
		fputs("</span></td><td>", out);
		put_severity(out, c->check->severity);
		fputs("</td><td class=\"num\">", out);
		put_count(out, n[CHECK_PASS]);
		fputs("</td><td class=\"num\">", out);
		put_count(out, n[CHECK_FAIL]);
		fputs("</td><td class=\"num\">", out);
		put_count(out, n[CHECK_ERROR]);
		fputs("</td><td class=\"num\">", out);
		if (c->scored)
			fprintf(out, "%.0f%%", 100.0 * c->result);
		else
			fputs("n/a", out);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}

static int cmp_failure(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa;
	const struct finding *b = *(const struct finding *const *)pb;
	int c;

	if (a->severity != b->severity)
		return (int)a->severity - (int)b->severity;
	c = strcmp(a->check->id, b->check->id);
	if (c)
		return c;
	return a < b ? -1 : a > b;
}

static void write_top_failures(FILE *out, const struct findings *f)
{
	const struct finding **v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].status == CHECK_FAIL;
	fputs("<section class=\"card\" id=\"top\" aria-labelledby=\"top-h\">\n"
	      "<h2 id=\"top-h\">Most important failures first</h2>\n",
	      out);
	if (!n) {
		fputs("<p class=\"empty\">No failing findings.</p>\n"
		      "</section>\n",
		      out);
		return;
	}
	v = xmalloc(n * sizeof(*v));
	n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].status == CHECK_FAIL)
			v[n++] = &f->v[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_failure);
	fputs("<ol class=\"topf\">\n", out);
	for (size_t i = 0; i < n && i < TOP_FAILURES; i++) {
		const struct finding *x = v[i];

		fputs("<li><div>", out);
		put_severity(out, x->severity);
		fputs("</div><div><span class=\"t\">", out);
		html_escape(out, x->check->title);
		fputs("</span> <span class=\"where\">&middot; ", out);
		if (x->account_name && *x->account_name) {
			html_escape(out, x->account_name);
			fputc(' ', out);
		}
		html_escape(out, x->account_id);
		fputs(" &middot; ", out);
		html_escape(out, x->region);
		fputs("</span><div class=\"r mono brk\">", out);
		html_escape(out, x->resource_id);
		fputs("</div></div><div class=\"m brk\">", out);
		html_escape(out, x->message);
		fputs("</div></li>\n", out);
	}
	fputs("</ol>\n", out);
	if (n > TOP_FAILURES) {
		fputs("<p class=\"more\">", out);
		put_count(out, n - TOP_FAILURES);
		fprintf(out,
			" more failing findings. <button type=\"button\" "
			"class=\"js-only\" data-show-status=\"%d\">Show all "
			"failures</button></p>\n",
			CHECK_FAIL);
	}
	fputs("</section>\n", out);
	free(v);
}

/*
 * A finding's check, account, region and resource cells, from inside the
 * check's open cell to the opening of the next one.
 */
static void put_where(FILE *out, const struct finding *x)
{
	put_check(out, x->check);
	fputs("</td><td class=\"brk\">", out);
	put_account(out, x);
	fputs("</td><td class=\"mono\">", out);
	html_escape(out, x->region);
	fputs("</td><td class=\"mono brk\">", out);
	html_escape(out, x->resource_id);
	fputs("</td><td class=\"brk\">", out);
}

static void put_finding_row(FILE *out, const struct finding *x)
{
	fputs("<tr><td>", out);
	put_status(out, x->status);
	fputs("</td><td>", out);
	put_severity(out, x->severity);
	fputs("</td><td class=\"brk\">", out);
	put_where(out, x);
	html_escape(out, x->message);
	fputs("</td></tr>\n", out);
}

/*
 * The findings section: the controls and empty table the script fills,
 * and the static first STATIC_ROWS (FAIL, then ERROR, then the rest in
 * report order) for readers without JavaScript.
 */
static void write_findings(FILE *out, const struct findings *f)
{
	static const struct {
		const char *key, *label, *cls;
	} cols[] = {
		{ "status", "Status", "c-st" },
		{ "severity", "Severity", "c-sv" },
		{ "check", "Check", "c-ck" },
		{ "account", "Account", "c-ac" },
		{ "region", "Region", "c-rg" },
		{ "resource", "Resource", "c-rs" },
		{ "message", "Message", "c-ms" },
	};
	static const struct {
		const char *id, *label;
	} filters[] = {
		{ "status", "Status" },   { "severity", "Severity" },
		{ "phase", "Phase" },     { "check", "Check" },
		{ "account", "Account" }, { "region", "Region" },
	};
	size_t shown = 0;

	fputs("<section class=\"card\" id=\"findings\" "
	      "aria-labelledby=\"fx-h\">\n<h2 id=\"fx-h\">All findings</h2>\n"
	      "<p id=\"fx-loading\" class=\"js-only\">Loading ",
	      out);
	put_count(out, f->n);
	fputs(" findings&hellip;</p>\n<div id=\"fx\" hidden>\n"
	      "<div class=\"controls\" role=\"search\">\n",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(filters); i++)
		fprintf(out,
			"<label>%s <select id=\"flt-%s\"></select></label>\n",
			filters[i].label, filters[i].id);
	fputs("<label class=\"q\">Search <input id=\"flt-q\" type=\"search\" "
	      "placeholder=\"Resource, message, check, account&hellip;\" "
	      "autocomplete=\"off\"></label>\n"
	      "<button id=\"flt-reset\" type=\"button\">Reset</button>\n"
	      "</div>\n<p class=\"summary\" aria-live=\"polite\">Showing "
	      "<b id=\"fx-range\"></b> of <b id=\"fx-count\"></b> matching "
	      "findings (<span id=\"fx-total\"></span> in total). "
	      "findings.csv has every finding.</p>\n"
	      "<table id=\"fx-table\" class=\"ft\">\n<thead><tr>"
	      "<th class=\"tgc\"><span class=\"sr\">Details</span></th>",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		fprintf(out,
			"<th class=\"%s\" data-k=\"%s\">"
			"<button type=\"button\">%s</button></th>",
			cols[i].cls, cols[i].key, cols[i].label);
	fputs("</tr></thead>\n<tbody id=\"fx-rows\"></tbody>\n</table>\n"
	      "<nav class=\"pager\" aria-label=\"Pages\">"
	      "<button id=\"pg-first\" type=\"button\">&laquo; First</button>"
	      "<button id=\"pg-prev\" type=\"button\">&lsaquo; Previous"
	      "</button><span id=\"pg-info\"></span>"
	      "<button id=\"pg-next\" type=\"button\">Next &rsaquo;</button>"
	      "<button id=\"pg-last\" type=\"button\">Last &raquo;</button>"
	      "</nav>\n</div>\n",
	      out);

	fputs("<div id=\"fx-static\">\n<p class=\"summary\">", out);
	if (f->n > STATIC_ROWS) {
		fputs("Showing the first ", out);
		put_count(out, STATIC_ROWS);
		fputs(" of <b>", out);
		put_count(out, f->n);
		fputs("</b> findings, failures and errors first. ", out);
	} else {
		fputs("<b>", out);
		put_count(out, f->n);
		fputs("</b> findings, failures and errors first. ", out);
	}
	fputs("Filtering, sorting and paging need JavaScript; findings.csv "
	      "has every finding.</p>\n<table class=\"ft\">\n<thead><tr>",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		fprintf(out, "<th class=\"%s\">%s</th>", cols[i].cls,
			cols[i].label);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (int pass = 0; pass < 3 && shown < STATIC_ROWS; pass++) {
		for (size_t i = 0; i < f->n && shown < STATIC_ROWS; i++) {
			enum check_status st = f->v[i].status;
			int want = pass == 0   ? st == CHECK_FAIL
				   : pass == 1 ? st == CHECK_ERROR
					       : st != CHECK_FAIL &&
							 st != CHECK_ERROR;

			if (!want)
				continue;
			put_finding_row(out, &f->v[i]);
			shown++;
		}
	}
	if (!f->n)
		fputs("<tr><td colspan=\"7\" class=\"empty\">No findings."
		      "</td></tr>\n",
		      out);
	fputs("</tbody></table>\n</div>\n</section>\n", out);
}

/*
 * A compact table of the findings with status 'st': ERROR (what could
 * not be collected, and why), WAIVED and MANUAL.
 */
static void write_status_section(FILE *out, const struct report *r,
				 enum check_status st, const char *id,
				 const char *title, const char *intro)
{
	const struct findings *f = r->findings;
	size_t n = 0, shown = 0;
	int waived = st == CHECK_WAIVED;

	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].status == st;
	fprintf(out,
		"<section class=\"card\" id=\"%s\" aria-labelledby=\"%s-h\">\n"
		"<h2 id=\"%s-h\">%s <span class=\"b b-%s\">",
		id, id, id, title, status_name(st));
	put_count(out, n);
	fputs("</span>", out);
	if (n)
		fprintf(out,
			"<button type=\"button\" class=\"js-only sec-act\" "
			"data-show-status=\"%d\">Show in findings table"
			"</button>",
			st);
	fprintf(out, "</h2>\n<p class=\"note\">%s</p>\n", intro);
	if (waived && r->nwaiver_notes) {
		fputs("<ul>\n", out);
		for (size_t i = 0; i < r->nwaiver_notes; i++) {
			fputs("<li>", out);
			html_escape(out, r->waiver_notes[i]);
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	if (!n) {
		fputs("</section>\n", out);
		return;
	}
	fputs("<div class=\"scroll\"><table class=\"ft\">\n<thead><tr>"
	      "<th class=\"c-ck\">Check</th><th class=\"c-ac\">Account</th>"
	      "<th class=\"c-rg\">Region</th><th class=\"c-rs\">Resource"
	      "</th>",
	      out);
	fputs(waived ? "<th>Waiver</th><th class=\"c-st\">Verdict</th>"
		     : "<th>Message</th>",
	      out);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < f->n && shown < SECTION_ROWS; i++) {
		const struct finding *x = &f->v[i];

		if (x->status != st)
			continue;
		shown++;
		fputs("<tr><td class=\"brk\">", out);
		put_where(out, x);
		if (waived) {
			html_escape(out, x->waiver ? x->waiver : x->message);
			fputs("</td><td>", out);
			put_status(out, x->verdict);
		} else {
			html_escape(out, x->message);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
	if (n > shown) {
		fputs("<p class=\"more\">Showing the first ", out);
		put_count(out, shown);
		fputs(" of ", out);
		put_count(out, n);
		fputs("; filter the findings table by status, or see "
		      "findings.csv.</p>\n",
		      out);
	}
	fputs("</section>\n", out);
}

/*
 * A string table: each distinct string gets the next index. Strings are
 * borrowed from the findings; open addressing on an FNV-1a hash.
 */
struct strtab {
	const char **v;
	size_t n, alloc;
	size_t *slot; /* index + 1; 0 is empty */
	size_t cap;
};

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static size_t strtab_intern(struct strtab *t, const char *s)
{
	size_t i;

	if (!s)
		s = "";
	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;

		free(t->slot);
		t->slot = xcalloc(cap, sizeof(*t->slot));
		t->cap = cap;
		for (size_t k = 0; k < t->n; k++) {
			i = str_hash(t->v[k]) & (cap - 1);
			while (t->slot[i])
				i = (i + 1) & (cap - 1);
			t->slot[i] = k + 1;
		}
	}
	i = str_hash(s) & (t->cap - 1);
	while (t->slot[i]) {
		if (!strcmp(t->v[t->slot[i] - 1], s))
			return t->slot[i] - 1;
		i = (i + 1) & (t->cap - 1);
	}
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n] = s;
	t->slot[i] = ++t->n;
	return t->n - 1;
}

static void strtab_release(struct strtab *t)
{
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

struct checktab {
	const struct check **v;
	size_t n, alloc;
};

static size_t checktab_index(struct checktab *t, const struct check *c)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i] == c)
			return i;
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n] = c;
	return t->n++;
}

static void json_names(FILE *out, const char *key, int n,
		       const char *(*name)(int))
{
	fprintf(out, "\"%s\":[", key);
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		json_string_script(out, name(i));
	}
	fputs("],\n", out);
}

static const char *status_at(int i)
{
	return status_name((enum check_status)i);
}

static const char *severity_at(int i)
{
	return severity_name((enum severity)i);
}

static const char *phase_at(int i)
{
	return phase_title((enum ir_phase)i);
}

/*
 * The data block. The findings come first, interning checks, accounts,
 * regions and resource types as they go; the tables follow (JSON objects
 * are unordered, so one pass does).
 */
static void write_data(FILE *out, const struct report *r)
{
	const struct findings *f = r->findings;
	const struct scores *sc = r->scores;
	struct strtab acc = { 0 }, reg = { 0 }, typ = { 0 };
	struct checktab ck = { 0 };
	const char **acc_name = NULL;
	size_t acc_alloc = 0;
	const struct check *last = NULL;
	size_t last_i = 0;

	/* selected checks first, in registry order, even without findings */
	for (size_t i = 0; sc && i < sc->nchecks; i++)
		checktab_index(&ck, sc->checks[i].check);

	fputs("<script type=\"application/json\" id=\"irready-data\">"
	      "{\"v\":1,\n\"f\":[",
	      out);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		size_t a, before = acc.n;

		if (x->check != last) {
			last = x->check;
			last_i = checktab_index(&ck, x->check);
		}
		a = strtab_intern(&acc, x->account_id);
		if (acc.n > before) {
			ALLOC_GROW(acc_name, acc.n, acc_alloc);
			acc_name[a] = NULL;
		}
		if (!acc_name[a] && x->account_name && *x->account_name)
			acc_name[a] = x->account_name;
		fprintf(out, "%s[%zu,%zu,%zu,%d,%d,%zu,", i ? ",\n" : "",
			last_i, a, strtab_intern(&reg, x->region),
			(int)x->status, (int)x->severity,
			strtab_intern(&typ, x->resource_type));
		json_string_script(out, x->id);
		fputc(',', out);
		json_string_script(out, x->resource_id);
		fputc(',', out);
		json_string_script(out, x->message);
		if (x->waiver || x->status == CHECK_WAIVED) {
			fputc(',', out);
			json_string_script(out, x->waiver ? x->waiver : "");
			fprintf(out, ",%d", (int)x->verdict);
		}
		fputc(']', out);
	}
	fputs("],\n", out);
	json_names(out, "st", CHECK__COUNT, status_at);
	json_names(out, "sv", SEV__COUNT, severity_at);
	json_names(out, "ph", PHASE__COUNT, phase_at);

	fputs("\"ck\":[", out);
	for (size_t i = 0; i < ck.n; i++) {
		const struct check *c = ck.v[i];

		fputs(i ? ",\n{\"id\":" : "\n{\"id\":", out);
		json_string_script(out, c->id);
		fputs(",\"t\":", out);
		json_string_script(out, c->title);
		fprintf(out, ",\"p\":%d,\"s\":%d,\"r\":", (int)c->phase,
			(int)c->severity);
		json_string_script(out, c->rationale);
		fputs(",\"m\":", out);
		json_string_script(out, c->remediation);
		fputs(",\"x\":", out);
		json_string_script(out, c->cli_fix);
		fputs(",\"f\":", out);
		json_string_script(out, c->cfn);
		fputs(",\"d\":", out);
		json_string_script(out, c->doc_url);
		fputs(",\"w\":", out);
		json_string_script(out, c->frameworks);
		fputc('}', out);
	}
	fputs("],\n\"ac\":[", out);
	for (size_t i = 0; i < acc.n; i++) {
		const char *name = acc_name[i];

		/* fall back to the score group's label */
		for (size_t k = 0; !name && sc && k < sc->naccounts; k++)
			if (!strcmp(sc->accounts[k].key, acc.v[i]))
				name = sc->accounts[k].label;
		fputs(i ? ",[" : "[", out);
		json_string_script(out, acc.v[i]);
		fputc(',', out);
		json_string_script(out, name ? name : "");
		fputc(']', out);
	}
	fputs("],\n\"rg\":[", out);
	for (size_t i = 0; i < reg.n; i++) {
		if (i)
			fputc(',', out);
		json_string_script(out, reg.v[i]);
	}
	fputs("],\n\"rt\":[", out);
	for (size_t i = 0; i < typ.n; i++) {
		if (i)
			fputc(',', out);
		json_string_script(out, typ.v[i]);
	}
	fputs("]}</script>\n", out);

	free(acc_name);
	free(ck.v);
	strtab_release(&acc);
	strtab_release(&reg);
	strtab_release(&typ);
}

int report_write_html(const struct report *r, FILE *out)
{
	static const struct scores none;
	const struct scores *sc = r->scores ? r->scores : &none;

	write_head(out, r->run);
	write_header(out, r);
	fputs("<main class=\"wrap\">\n", out);
	write_hero(out, sc, r->findings);
	fputs("<div class=\"grid2 row2\">\n", out);
	write_phase_chart(out, sc);
	write_group_table(out, "acct-h", "Score by account", "Account",
			  sc->accounts, sc->naccounts);
	fputs("</div>\n<div class=\"grid2 row2\">\n", out);
	write_group_table(out, "reg-h", "Score by region", "Region",
			  sc->regions, sc->nregions);
	write_checks_table(out, sc);
	fputs("</div>\n", out);
	write_top_failures(out, r->findings);
	write_findings(out, r->findings);
	write_status_section(
		out, r, CHECK_ERROR, "errors", "Could not assess",
		"Data that could not be collected: each message names the "
		"action, permission or region that failed. These findings are "
		"neither PASS nor FAIL; fix access and run again.");
	write_status_section(
		out, r, CHECK_WAIVED, "waived", "Waived",
		"Findings covered by an unexpired waiver in the policy. They "
		"count as neither pass nor fail.");
	write_status_section(
		out, r, CHECK_MANUAL, "manual", "Needs attestation",
		"People and process items the tool cannot see (playbooks, "
		"contacts, exercises). Attest them in the policy file.");
	fputs("</main>\n<footer>Generated by irready ", out);
	html_escape(out, r->run && r->run->tool_version ? r->run->tool_version
							: IRREADY_VERSION);
	if (r->run && r->run->now) {
		fputs(" on ", out);
		put_time(out, r->run->now);
	}
	fputs(". This file makes no network requests. findings.csv and "
	      "findings.json hold every finding.</footer>\n",
	      out);
	write_data(out, r);
	fprintf(out, "<script>%s</script>\n</body>\n</html>\n", report_js);
	return ferror(out) ? IRREADY_EIO : 0;
}
