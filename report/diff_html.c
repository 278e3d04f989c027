/*
 * diff_html.c -- the diff as a self-contained HTML page (see diff.h)
 *
 * diff.html: summary counts, the score change per phase, a filter bar
 * (report/assets/diff.js, allowed by its CSP hash) and one table per
 * class of change. Every AWS-supplied string goes through html_escape().
 */
#include "diff.h"
#include "html_assets.h"
#include "irready.h"
#include "report.h"

#include <stdio.h>

static void hscore(FILE *out, int valid, double v)
{
	if (valid)
		fprintf(out, "%.1f", v);
	else
		fputs("n/a", out);
}

static void hchange(FILE *out, const char *label, int ov, double o, int nv,
		    double n)
{
	fputs("<tr><th>", out);
	html_escape(out, label);
	fputs("</th><td>", out);
	hscore(out, ov, o);
	fputs("</td><td>", out);
	hscore(out, nv, n);
	fputs("</td><td class=\"", out);
	if (ov && nv)
		fprintf(out, "%s\">%+.1f",
			n > o + 0.05   ? "up"
			: n < o - 0.05 ? "down"
				       : "same",
			n - o);
	else
		fputs("same\">–", out);
	fputs("</td></tr>\n", out);
}

/* The document head (CSP, inline style) and the two runs in the header. */
static void html_head(const struct diff *d, FILE *out)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	      "charset=\"utf-8\">"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\""
	      "default-src 'none'; style-src 'unsafe-inline'; script-src ",
	      out);
	fputs(report_script_csp, out);
	fputs("; base-uri 'none'; form-action 'none'\">"
	      "<meta name=\"viewport\" content=\"width=device-width\">"
	      "<title>irready diff</title><style>"
	      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
	      "sans-serif;margin:0;color:#1b2430;background:#f4f6f9}"
	      "header{background:#14213d;color:#fff;padding:18px 24px}"
	      "h1{margin:0;font-size:20px}main{padding:16px 24px}"
	      "section{background:#fff;border:1px solid #dde3ea;"
	      "border-radius:8px;padding:12px 16px;margin:0 0 16px}"
	      "table{border-collapse:collapse;width:100%}th,td{text-align:left;"
	      "padding:4px 8px;border-bottom:1px solid #eef1f5;"
	      "vertical-align:top}td.up{color:#0b7a3e;font-weight:600}"
	      "td.down{color:#b3261e;font-weight:600}.k{font-family:"
	      "ui-monospace,monospace;font-size:12px;word-break:break-all}"
	      ".n{font-size:22px;font-weight:700}.grid{display:flex;gap:12px;"
	      "flex-wrap:wrap}.grid div{min-width:120px}"
	      "@media print{section{break-inside:avoid}#df{display:none}}"
	      "[hidden]{display:none!important}.ctl{display:flex;gap:10px;"
	      "flex-wrap:wrap;align-items:end}.ctl label{font-size:12px;"
	      "color:#5b6573;display:flex;flex-direction:column;gap:3px}"
	      ".ctl select,.ctl input{font:inherit;max-width:230px}"
	      "th button{border:0;background:none;font:inherit;"
	      "font-weight:600;cursor:pointer;padding:0;color:inherit}"
	      "th[aria-sort=ascending] button::after{content:\" \\25B2\"}"
	      "th[aria-sort=descending] button::after{content:\" \\25BC\"}"
	      "</style></head><body>\n<header><h1>irready — post-incident "
	      "improvement review</h1><div>",
	      out);
	html_escape(out, d->old.source);
	fputs(" (", out);
	html_escape(out, d->old.evaluated_at);
	fputs(") → ", out);
	html_escape(out, d->new.source);
	fputs(" (", out);
	html_escape(out, d->new.evaluated_at);
	fputs(")</div></header>\n", out);
}

/* Counts per class, the scope warning and the score change per phase. */
static void html_summary(const struct diff *d, FILE *out)
{
	static const char *const titles[4] = { "Preparation",
					       "Detection & Analysis",
					       "Containment & Recovery",
					       "Post-incident" };

	fputs("<main>\n<section><h2>Summary</h2>"
	      "<div class=\"grid\">",
	      out);
	for (int i = 0; i < DIFF__COUNT; i++)
		fprintf(out, "<div><div class=\"n\">%zu</div>%s</div>",
			d->counts[i], diff_class_names[i]);
	fputs("</div></section>\n", out);
	if (!d->same_scope)
		fprintf(out,
			"<section><h2>Scope</h2><p>The two runs did not cover "
			"the same accounts, regions or checks. The score "
			"change compares only what both covered; %zu "
			"finding%s outside that common scope %s classed "
			"<b>not assessed</b>, never resolved.</p></section>\n",
			d->nscoped, d->nscoped == 1 ? "" : "s",
			d->nscoped == 1 ? "is" : "are");
	fputs("<section><h2>Score change</h2><table>"
	      "<tr><th></th><th>Before</th><th>After</th><th>Change</th></"
	      "tr>\n",
	      out);
	hchange(out, "Overall", d->old.overall_valid, d->old.overall,
		d->new.overall_valid, d->new.overall);
	for (int i = 0; i < 4; i++)
		hchange(out, titles[i], d->old.phase_valid[i], d->old.phase[i],
			d->new.phase_valid[i], d->new.phase[i]);
	fputs("</table></section>\n", out);
}

/* The filter bar; hidden until report/assets/diff.js fills and shows it. */
static void html_filters(FILE *out)
{
	/* filters, search and sort: report/assets/diff.js */
	fputs("<section id=\"df\" hidden><h2>Filter</h2>"
	      "<div class=\"ctl\" role=\"search\">"
	      "<label>Change <select id=\"df-cls\"></select></label>"
	      "<label>Severity <select id=\"df-sev\"></select></label>"
	      "<label>Check <select id=\"df-ck\"></select></label>"
	      "<label>Account <select id=\"df-ac\"></select></label>"
	      "<label>Region <select id=\"df-rg\"></select></label>"
	      "<label>Search <input id=\"df-q\" type=\"search\" "
	      "autocomplete=\"off\"></label>"
	      "<button id=\"df-reset\" type=\"button\">Reset</button></div>"
	      "<p aria-live=\"polite\">Showing <b id=\"df-count\"></b> of "
	      "<b id=\"df-total\"></b> changed findings.</p></section>\n",
	      out);
}

/* One changed finding: a table row with its filter keys as data-*. */
static void html_row(const struct diff_row *r, FILE *out)
{
	fprintf(out, "<tr data-cls=\"%s\" data-sev=\"",
		diff_class_names[r->cls]);
	html_escape(out, r->severity);
	fputs("\" data-ck=\"", out);
	html_escape(out, r->check_id);
	fputs("\" data-ac=\"", out);
	html_escape(out, r->account_id);
	fputs("\" data-rg=\"", out);
	html_escape(out, r->region);
	fputs("\"><td>", out);
	html_escape(out, r->title);
	fputs("<div class=\"k\">", out);
	html_escape(out, r->check_id);
	fputs("</div></td><td>", out);
	html_escape(out, r->severity);
	fputs("</td><td class=\"k\">", out);
	html_escape(out, r->account_id);
	fputs("</td><td>", out);
	html_escape(out, r->region);
	fputs("</td><td class=\"k\">", out);
	html_escape(out, r->resource_id);
	fputs("</td><td>", out);
	html_escape(out, *r->old_status ? r->old_status : "—");
	fputs(" → ", out);
	html_escape(out, *r->new_status ? r->new_status : "—");
	fputs("</td><td>", out);
	html_escape(out, r->message);
	fputs("</td></tr>\n", out);
}

/* The section of one class of change: sortable headings, then its rows. */
static void html_class(const struct diff *d, int c, FILE *out)
{
	static const char *const heads[] = {
		"Check",    "Severity",       "Account", "Region",
		"Resource", "Before → after", "Message",
	};

	fprintf(out,
		"<section data-sec=\"%d\"><h2>%s (<span "
		"class=\"cnt\">%zu</span>)</h2><table><thead><tr>",
		c, diff_class_names[c], d->counts[c]);
	for (size_t k = 0; k < ARRAY_SIZE(heads); k++)
		fprintf(out,
			"<th data-col=\"%zu\"><button type=\"button\">"
			"%s</button></th>",
			k, heads[k]);
	fputs("</tr></thead><tbody>\n", out);
	for (size_t i = 0; i < d->nrows; i++)
		if ((int)d->rows[i].cls == c)
			html_row(&d->rows[i], out);
	fputs("</tbody></table></section>\n", out);
}

int diff_write_html(const struct diff *d, FILE *out)
{
	html_head(d, out);
	html_summary(d, out);
	html_filters(out);
	for (int c = 0; c < DIFF__COUNT; c++)
		if (c != DIFF_UNCHANGED && d->counts[c])
			html_class(d, c, out);
	fprintf(out,
		"<section><p>%zu finding%s unchanged. diff.csv and "
		"diff.json list every finding.</p></section>\n"
		"</main>\n<script>%s</script>\n</body></html>\n",
		d->counts[DIFF_UNCHANGED],
		d->counts[DIFF_UNCHANGED] == 1 ? "" : "s", diff_js);
	return ferror(out) ? IRREADY_EIO : 0;
}
