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
#include "compliance.h"
#include "check.h"
#include "html_assets.h"
#include "html_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define META_ACCOUNTS 8 /* accounts named in the header */

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
void html_put_count(FILE *out, size_t n)
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
void html_put_status(FILE *out, enum check_status st)
{
	fprintf(out, "<span class=\"b b-%s\" title=\"%s\">%s</span>",
		status_name(st), status_name(st),
		st == CHECK_NA ? "N/A" : status_name(st));
}

void html_put_severity(FILE *out, enum severity sv)
{
	fprintf(out, "<span class=\"v v-%s\">%s</span>", severity_name(sv),
		severity_name(sv));
}

void html_put_check(FILE *out, const struct check *c)
{
	fputs("<span class=\"ck\">", out);
	html_escape(out, c->title);
	fputs("</span><span class=\"ckid mono\">", out);
	html_escape(out, c->id);
	fputs("</span>", out);
}

void html_put_account(FILE *out, const struct finding *x)
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
		html_put_count(out, n - max);
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
		html_put_count(out, run->naccounts);
		fputs(run->naccounts == 1 ? " account" : " accounts", out);
		fputs(" &middot; ", out);
		html_put_count(out, run->nregions);
		fputs(run->nregions == 1 ? " region" : " regions", out);
		fputs(" &middot; finished ", out);
		put_time(out, run->finished);
		fputs(" &middot; ", out);
	}
	html_put_count(out, r->findings->n);
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
	fprintf(out,
		" &middot; %zu of %zu units assessed (check &times; account "
		"&times; region): %zu ERROR, %zu awaiting attestation or "
		"settings, %zu attested</div>",
		s->units_assessed, s->units, s->units_error, s->units_manual,
		s->units_attested);
	/* the accounts below the overall coverage, lowest first (at most 5) */
	if (sc->naccounts > 1) {
		unsigned char *used = xcalloc(sc->naccounts, 1);
		size_t shown = 0;

		while (shown < 5) {
			size_t k = sc->naccounts;

			for (size_t i = 0; i < sc->naccounts; i++) {
				double c = sc->accounts[i].score.coverage;

				if (used[i] || c >= s->coverage)
					continue;
				if (k == sc->naccounts ||
				    c < sc->accounts[k].score.coverage)
					k = i;
			}
			if (k == sc->naccounts)
				break;
			used[k] = 1;
			fputs(shown ? ", "
				    : "<div class=\"cov\">Pulled down by: ",
			      out);
			html_escape(out, sc->accounts[k].label
						 ? sc->accounts[k].label
						 : sc->accounts[k].key);
			fprintf(out, " %.0f%%", sc->accounts[k].score.coverage);
			shown++;
		}
		if (shown)
			fputs("</div>", out);
		free(used);
	}
	fputs("</div></div>\n"
	      "<p class=\"note\">Score: weighted pass rate over checks with a "
	      "PASS or FAIL result (critical 10, high 5, medium 3, low 1). "
	      "Grades: A &ge; 90, B &ge; 80, C &ge; 70, D &ge; 60. ERROR and "
	      "MANUAL lower coverage, not the score. Coverage = assessed units "
	      "/ selected units; a unit is one check in one account and one "
	      "region (or globally).</p>\n</div>\n<div>\n"
	      "<h3>Findings by status</h3>\n<div class=\"tiles\">",
	      out);
	for (int i = 0; i < CHECK__COUNT; i++) {
		enum check_status st = status_order[i];

		fprintf(out, "<div class=\"tile t-%s\"><b>", status_name(st));
		html_put_count(out, s->counts[st]);
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
		html_put_severity(out, (enum severity)i);
		fputs(" <b>", out);
		html_put_count(out, fails[i]);
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
		html_put_count(out, s->counts[CHECK_FAIL]);
		fputs("</td><td class=\"num\">", out);
		html_put_count(out, s->counts[CHECK_ERROR]);
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
		html_put_severity(out, c->check->severity);
		fputs("</td><td class=\"num\">", out);
		html_put_count(out, n[CHECK_PASS]);
		fputs("</td><td class=\"num\">", out);
		html_put_count(out, n[CHECK_FAIL]);
		fputs("</td><td class=\"num\">", out);
		html_put_count(out, n[CHECK_ERROR]);
		fputs("</td><td class=\"num\">", out);
		if (c->scored)
			fprintf(out, "%.0f%%", 100.0 * c->result);
		else
			fputs("n/a", out);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
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
	html_write_rpo(out, r->findings);
	html_write_frameworks(out, r); /* --framework (compliance.c) */
	html_write_top_failures(out, r->findings);
	html_write_fix_first(out);
	html_write_findings(out, r->findings);
	html_write_status_section(
		out, r, CHECK_ERROR, "errors", "Could not assess",
		"Data that could not be collected: each message names the "
		"action, permission or region that failed. These findings are "
		"neither PASS nor FAIL; fix access and run again.");
	html_write_status_section(
		out, r, CHECK_WAIVED, "waived", "Waived",
		"Findings covered by an unexpired waiver in the policy. They "
		"count as neither pass nor fail.");
	html_write_status_section(
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
	html_write_data(out, r);
	fprintf(out, "<script>%s</script>\n</body>\n</html>\n", report_js);
	return ferror(out) ? IRREADY_EIO : 0;
}
