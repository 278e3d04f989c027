/*
 * html_findings.c -- the findings parts of report.html
 *
 * The sections that list findings rather than scores: the most important
 * failures, the findings table (the controls the script drives, plus a
 * static table of the first STATIC_ROWS findings for readers without
 * JavaScript) and the compact ERROR, WAIVED and MANUAL sections. Called
 * by report_write_html() (html.c) in page order; everything from AWS goes
 * through html_escape().
 */
#include "irready.h"
#include "report.h"
#include "check.h"
#include "html_int.h"

#include <stdlib.h>
#include <string.h>

#define TOP_FAILURES 20  /* "most important failures first" */
#define STATIC_ROWS  500 /* the no-JavaScript findings table */
#define SECTION_ROWS 200 /* ERROR, WAIVED and MANUAL tables */

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

void html_write_top_failures(FILE *out, const struct findings *f)
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
		html_put_severity(out, x->severity);
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
		html_put_count(out, n - TOP_FAILURES);
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
	html_put_check(out, x->check);
	fputs("</td><td class=\"brk\">", out);
	html_put_account(out, x);
	fputs("</td><td class=\"mono\">", out);
	html_escape(out, x->region);
	fputs("</td><td class=\"mono brk\">", out);
	html_escape(out, x->resource_id);
	fputs("</td><td class=\"brk\">", out);
}

static void put_finding_row(FILE *out, const struct finding *x)
{
	fputs("<tr><td>", out);
	html_put_status(out, x->status);
	fputs("</td><td>", out);
	html_put_severity(out, x->severity);
	fputs("</td><td class=\"brk\">", out);
	put_where(out, x);
	html_escape(out, x->message);
	fputs("</td></tr>\n", out);
}

/* The findings table's columns: sort key, heading, CSS class. */
static const struct {
	const char *key, *label, *cls;
} cols[] = {
	{ "status", "Status", "c-st" },   { "severity", "Severity", "c-sv" },
	{ "check", "Check", "c-ck" },     { "account", "Account", "c-ac" },
	{ "region", "Region", "c-rg" },   { "resource", "Resource", "c-rs" },
	{ "message", "Message", "c-ms" },
};

/*
 * The interactive part: the filters, the search box, the empty table the
 * script fills one page at a time, and the pager. Hidden until the script
 * has read the JSON block.
 */
static void write_findings_controls(FILE *out, const struct findings *f)
{
	static const struct {
		const char *id, *label;
	} filters[] = {
		{ "status", "Status" },   { "severity", "Severity" },
		{ "phase", "Phase" },     { "check", "Check" },
		{ "account", "Account" }, { "region", "Region" },
	};

	fputs("<section class=\"card\" id=\"findings\" "
	      "aria-labelledby=\"fx-h\">\n<h2 id=\"fx-h\">All findings</h2>\n"
	      "<p id=\"fx-loading\" class=\"js-only\">Loading ",
	      out);
	html_put_count(out, f->n);
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
}

/*
 * For readers without JavaScript (and for print): the first STATIC_ROWS
 * findings, FAIL first, then ERROR, then the rest in report order.
 */
static void write_findings_static(FILE *out, const struct findings *f)
{
	size_t shown = 0;

	fputs("<div id=\"fx-static\">\n<p class=\"summary\">", out);
	if (f->n > STATIC_ROWS) {
		fputs("Showing the first ", out);
		html_put_count(out, STATIC_ROWS);
		fputs(" of <b>", out);
		html_put_count(out, f->n);
		fputs("</b> findings, failures and errors first. ", out);
	} else {
		fputs("<b>", out);
		html_put_count(out, f->n);
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
 * "What to fix first": the script fills one row per failing check, by the
 * score it would gain (report.js fixFirst()).
 */
void html_write_fix_first(FILE *out)
{
	static const char *const heads[] = {
		"#",       "Check",   "Severity",   "Phase",      "Accounts",
		"Regions", "Failing", "Score gain", "First step",
	};

	fputs("<section class=\"card\" id=\"fixfirst\" "
	      "aria-labelledby=\"ff-h\">\n<h2 id=\"ff-h\">What to fix first"
	      "</h2>\n<p class=\"note\">One row per failing check, by the "
	      "points the overall score gains once its failures pass (the "
	      "gains add up to the distance from 100). <i>Show</i> lists "
	      "its failures, each with its fix, filled in with what irready "
	      "knows. This view needs JavaScript; the Checks table has every "
	      "check's result.</p>\n<div id=\"ff\" hidden><div "
	      "class=\"scroll\"><table id=\"ff-table\" class=\"ft\">\n"
	      "<thead><tr>",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(heads); i++)
		fprintf(out, "<th>%s</th>", heads[i]);
	fputs("</tr></thead>\n<tbody id=\"ff-rows\"></tbody>\n</table></div>"
	      "</div>\n</section>\n",
	      out);
}

/* The findings section: the script's controls, then the static table. */
void html_write_findings(FILE *out, const struct findings *f)
{
	write_findings_controls(out, f);
	write_findings_static(out, f);
}

/*
 * A compact table of the findings with status 'st': ERROR (what could
 * not be collected, and why), WAIVED and MANUAL.
 */
void html_write_status_section(FILE *out, const struct report *r,
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
	html_put_count(out, n);
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
			html_put_status(out, x->verdict);
		} else {
			html_escape(out, x->message);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
	if (n > shown) {
		fputs("<p class=\"more\">Showing the first ", out);
		html_put_count(out, shown);
		fputs(" of ", out);
		html_put_count(out, n);
		fputs("; filter the findings table by status, or see "
		      "findings.csv.</p>\n",
		      out);
	}
	fputs("</section>\n", out);
}
