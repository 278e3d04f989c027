/*
 * trend.c -- trend.html, trend.csv and lifecycle.csv
 *
 * The page uses the report's stylesheet (report/assets/report.css) and
 * draws its charts as inline SVG in C: no script at all, so its
 * Content-Security-Policy allows none, and it reads the same offline, in
 * a mail client or printed. Every string from the store is escaped.
 */
#include "html_assets.h"
#include "html_int.h"
#include "irready.h"
#include "report.h"
#include "score.h"
#include "trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Extra rules for the history pages, after report.css. */
static const char trend_css[] =
	".chart{width:100%;height:auto;max-height:260px}\n"
	".chart .ax{stroke:var(--line);stroke-width:1}\n"
	".chart .l1{fill:none;stroke:var(--accent);stroke-width:2}\n"
	".chart .l2{fill:none;stroke:var(--manual);stroke-width:2;"
	"stroke-dasharray:5 3}\n"
	".chart .l3{fill:none;stroke:var(--fail);stroke-width:2}\n"
	".chart .l4{fill:none;stroke:#3d1558;stroke-width:2}\n"
	".chart text{font-size:11px;fill:var(--muted)}\n"
	".key span{display:inline-block;width:14px;height:3px;"
	"vertical-align:middle;margin:0 4px 0 12px}\n"
	".card{margin-bottom:16px}\n"
	".grid2{margin-bottom:16px}.grid2>.card{margin-bottom:0}\n"
	"table.runs td,table.runs th{white-space:nowrap}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"@media print{.card{break-inside:avoid}}\n";

void trend_page_head(FILE *out, const char *title, const char *extra_css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" "
	      "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	      "base-uri 'none'; form-action 'none'\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"generator\" content=\"irready " IRREADY_VERSION
	      "\">\n<title>irready &mdash; ",
	      out);
	html_escape(out, title);
	fputs("</title>\n<style>\n", out);
	fputs(report_css, out);
	fputs(trend_css, out);
	if (extra_css)
		fputs(extra_css, out);
	fputs("</style>\n</head>\n<body>\n", out);
}

static void put_date(FILE *out, time_t t)
{
	char buf[32];

	if (!t) {
		fputs("&mdash;", out);
		return;
	}
	format_iso8601(t, buf, sizeof(buf));
	buf[10] = 0;
	fputs(buf, out);
}

static void put_score(FILE *out, const struct hist_score *s)
{
	if (!s || !s->valid) {
		fputs("&mdash;", out);
		return;
	}
	fprintf(out, "%.1f <small>%c</small>", s->score, score_grade(s->score));
}

static void put_cov(FILE *out, const struct hist_score *s)
{
	if (!s) {
		fputs("&mdash;", out);
		return;
	}
	fprintf(out, "%.1f%%", s->coverage);
}

/*
 * A line chart of 'nser' series over the runs, values 0..'ymax' (NAN: no
 * point), x labelled with run dates.
 */
static void line_chart(FILE *out, const struct history_data *h,
		       double *const *ser, const char *const *cls, int nser,
		       double ymax, const char *label)
{
	const double W = 720, H = 220, L = 40, R = 12, T = 10, B = 28;
	size_t n = h->nruns;

	fprintf(out,
		"<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"aria-label=\"",
		W, H);
	html_escape(out, label);
	fputs("\">\n", out);
	for (int g = 0; g <= 4; g++) {
		double y = T + (H - T - B) * (1 - g / 4.0);

		fprintf(out,
			"<line class=\"ax\" x1=\"%.0f\" x2=\"%.0f\" "
			"y1=\"%.1f\" y2=\"%.1f\"/>"
			"<text x=\"%.0f\" y=\"%.1f\" "
			"text-anchor=\"end\">%.0f</text>\n",
			L, W - R, y, y, L - 6, y + 4, ymax * g / 4.0);
	}
	for (int s = 0; s < nser; s++) {
		int pen = 0;

		fprintf(out, "<path class=\"%s\" d=\"", cls[s]);
		for (size_t i = 0; i < n; i++) {
			double x = n > 1 ? L + (W - L - R) * (double)i /
							   (double)(n - 1)
					 : L + (W - L - R) / 2;
			double y;

			if (isnan(ser[s][i])) {
				pen = 0;
				continue;
			}
			y = T + (H - T - B) * (1 - ser[s][i] / ymax);
			fprintf(out, "%s%.1f %.1f ", pen ? "L" : "M", x, y);
			pen = 1;
		}
		fputs("\"/>\n", out);
		/* single points would be invisible as a path */
		for (size_t i = 0; i < n; i++) {
			double x = n > 1 ? L + (W - L - R) * (double)i /
							   (double)(n - 1)
					 : L + (W - L - R) / 2;

			if (isnan(ser[s][i]))
				continue;
			fprintf(out,
				"<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" "
				"r=\"2.5\"/>",
				cls[s], x,
				T + (H - T - B) * (1 - ser[s][i] / ymax));
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < n; i++) {
		size_t step = n > 8 ? (n + 7) / 8 : 1;
		double x = n > 1 ? L + (W - L - R) * (double)i / (double)(n - 1)
				 : L + (W - L - R) / 2;

		if (i % step && i + 1 != n)
			continue;
		fprintf(out, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">",
			x, H - 8,
			n == 1       ? "middle"
			: i == 0     ? "start"
			: i + 1 == n ? "end"
				     : "middle");
		put_date(out, h->runs[i].at);
		fputs("</text>", out);
	}
	fputs("\n</svg>\n", out);
}

static void key_item(FILE *out, const char *color, const char *label)
{
	fprintf(out, "<span style=\"background:%s\"></span>%s", color, label);
}

static void write_charts(FILE *out, const struct history_data *h)
{
	size_t n = h->nruns;
	double *sc = xcalloc(n, sizeof(double)),
	       *cov = xcalloc(n, sizeof(double));
	double *crit = xcalloc(n, sizeof(double)),
	       *high = xcalloc(n, sizeof(double));
	double ymax = 4;

	for (size_t i = 0; i < n; i++) {
		const struct hist_score *s =
			hist_run_score(&h->runs[i], "overall", "");

		sc[i] = s && s->valid ? s->score : NAN;
		cov[i] = s ? s->coverage : NAN;
		crit[i] = (double)hist_open_count(&h->runs[i], SEV_CRITICAL,
						  NULL, NULL);
		high[i] = (double)hist_open_count(&h->runs[i], SEV_HIGH, NULL,
						  NULL);
		if (crit[i] > ymax)
			ymax = crit[i];
		if (high[i] > ymax)
			ymax = high[i];
	}
	ymax = ceil(ymax / 4) * 4;
	fputs("<div class=\"grid2\">\n<section class=\"card\"><h3>Score and "
	      "coverage (overall)</h3>\n",
	      out);
	{
		double *ser[2] = { sc, cov };
		const char *cls[2] = { "l1", "l2" };

		line_chart(out, h, ser, cls, 2, 100,
			   "overall score and coverage per run");
	}
	fputs("<p class=\"note key\">", out);
	key_item(out, "var(--accent)", "score");
	key_item(out, "var(--manual)", "coverage %");
	fputs("</p></section>\n<section class=\"card\"><h3>Open critical and "
	      "high findings</h3>\n",
	      out);
	{
		double *ser[2] = { crit, high };
		const char *cls[2] = { "l4", "l3" };

		line_chart(out, h, ser, cls, 2, ymax,
			   "open critical and high findings per run");
	}
	fputs("<p class=\"note key\">", out);
	key_item(out, "#3d1558", "critical");
	key_item(out, "var(--fail)", "high");
	fputs("</p></section>\n</div>\n", out);
	free(sc);
	free(cov);
	free(crit);
	free(high);
}

static void write_runs(FILE *out, const struct history_data *h)
{
	/* short titles: the table is wide enough already */
	static const char *const ph[PHASE__COUNT] = {
		"Preparation", "Detection", "Containment", "Post-incident"
	};

	fputs("<section class=\"card\"><h2>Runs</h2><div class=\"scroll\">"
	      "<table class=\"runs\"><thead><tr><th>Date</th><th>Run</th>"
	      "<th class=\"num\">Accounts</th><th class=\"num\">Score</th>"
	      "<th class=\"num\">Coverage</th>",
	      out);
	for (int p = 0; p < PHASE__COUNT; p++)
		fprintf(out, "<th class=\"num\">%s</th>", ph[p]);
	fputs("<th class=\"num\">Open critical</th><th class=\"num\">Open "
	      "high</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = h->nruns; i-- > 0;) {
		const struct hist_run *r = &h->runs[i];

		fputs("<tr><td>", out);
		put_date(out, r->at);
		fputs("</td><td class=\"mono\">", out);
		html_escape(out, r->id);
		fprintf(out,
			"</td><td class=\"num\">%zu</td><td class=\"num\">",
			r->naccounts);
		put_score(out, hist_run_score(r, "overall", ""));
		fputs("</td><td class=\"num\">", out);
		put_cov(out, hist_run_score(r, "overall", ""));
		fputs("</td>", out);
		for (int p = 0; p < PHASE__COUNT; p++) {
			const struct hist_score *s = hist_run_score(
				r, "phase", phase_name((enum ir_phase)p));

			fputs("<td class=\"num\">", out);
			put_score(out, s);
			fputs(" &middot; ", out);
			put_cov(out, s);
			fputs("</td>", out);
		}
		fprintf(out,
			"<td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
			"</tr>\n",
			hist_open_count(&h->runs[i], SEV_CRITICAL, NULL, NULL),
			hist_open_count(&h->runs[i], SEV_HIGH, NULL, NULL));
	}
	fputs("</tbody></table></div><p class=\"note\">Phase cells: score "
	      "&middot; coverage.</p></section>\n",
	      out);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every account of any run, sorted, distinct (pointers into 'h'). */
static const char **all_accounts(const struct history_data *h, size_t *n)
{
	const char **v = NULL;
	size_t k = 0;

	for (size_t i = 0; i < h->nruns; i++)
		for (size_t a = 0; a < h->runs[i].naccounts; a++) {
			v = xrealloc(v, (k + 1) * sizeof(char *));
			v[k++] = h->runs[i].accounts[a];
		}
	if (k > 1)
		qsort(v, k, sizeof(char *), cmp_strp);
	*n = 0;
	for (size_t i = 0; i < k; i++)
		if (!*n || strcmp(v[*n - 1], v[i]))
			v[(*n)++] = v[i];
	return v;
}

static void write_accounts(FILE *out, const struct history_data *h)
{
	size_t na, first = h->nruns > 8 ? h->nruns - 8 : 0;
	const char **acc = all_accounts(h, &na);

	fputs("<section class=\"card\"><h2>Per account</h2><div "
	      "class=\"scroll\"><table><thead><tr><th>Account</th>",
	      out);
	for (size_t i = first; i < h->nruns; i++) {
		fputs("<th class=\"num\">", out);
		put_date(out, h->runs[i].at);
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody>\n", out);
	for (size_t a = 0; a < na; a++) {
		fputs("<tr><td class=\"mono\">", out);
		html_escape(out, acc[a]);
		fputs("</td>", out);
		for (size_t i = first; i < h->nruns; i++) {
			const struct hist_score *s =
				hist_run_score(&h->runs[i], "account", acc[a]);

			fputs("<td class=\"num\">", out);
			if (s) {
				put_score(out, s);
				fputs(" &middot; ", out);
				put_cov(out, s);
			} else {
				fputs("not assessed", out);
			}
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fprintf(out,
		"</tbody></table></div><p class=\"note\">Score &middot; "
		"coverage per run (the last %zu runs).</p></section>\n",
		h->nruns - first);
	free(acc);
}

static void write_ttr(FILE *out, const struct lifecycle *lc)
{
	fputs("<section class=\"card\"><h2>Time to resolve</h2><table><thead>"
	      "<tr><th>Severity</th><th class=\"num\">Resolved</th>"
	      "<th class=\"num\">Median (days)</th><th class=\"num\">90th "
	      "percentile (days)</th><th class=\"num\">Open now</th><th "
	      "class=\"num\">Oldest open (days)</th></tr></thead><tbody>\n",
	      out);
	for (int s = 0; s < SEV__COUNT; s++) {
		const struct lc_ttr *t = &lc->ttr[s];

		fputs("<tr><td>", out);
		html_put_severity(out, (enum severity)s);
		fprintf(out, "</td><td class=\"num\">%zu</td>", t->resolved);
		if (t->resolved)
			fprintf(out,
				"<td class=\"num\">%.1f</td><td "
				"class=\"num\">%.1f</td>",
				t->median, t->p90);
		else
			fputs("<td class=\"num\">&mdash;</td><td "
			      "class=\"num\">&mdash;</td>",
			      out);
		fprintf(out, "<td class=\"num\">%zu</td><td class=\"num\">",
			t->open);
		if (t->open)
			fprintf(out, "%.1f", t->oldest_open_days);
		else
			fputs("&mdash;", out);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table><p class=\"note\">", out);
	if (lc->window_days)
		fprintf(out,
			"Findings resolved in the %ld days before the last "
			"run. ",
			lc->window_days);
	else
		fputs("Findings resolved over all of the history. ", out);
	fputs("A finding is resolved by a run that assessed its check, "
	      "account and region and did not find it failing; a run that "
	      "did not assess it (out of its scope, or ERROR) leaves it as "
	      "it was. Median and 90th percentile are nearest-rank.</p>"
	      "</section>\n",
	      out);
}

static int cmp_age(const void *a, const void *b)
{
	const struct lc_finding *x = *(const struct lc_finding *const *)a;
	const struct lc_finding *y = *(const struct lc_finding *const *)b;

	if (x->age_days != y->age_days)
		return x->age_days > y->age_days ? -1 : 1;
	if (x->last->severity != y->last->severity)
		return x->last->severity < y->last->severity ? -1 : 1;
	return strcmp(x->last->id, y->last->id);
}

static void write_open(FILE *out, const struct lifecycle *lc)
{
	const struct lc_finding **v = xcalloc(lc->n ? lc->n : 1, sizeof(*v));
	size_t n = 0, max = 200;

	for (size_t i = 0; i < lc->n; i++)
		if (lc->v[i].state == LC_OPEN &&
		    lc->v[i].last->severity <= SEV_HIGH)
			v[n++] = &lc->v[i];
	qsort(v, n, sizeof(*v), cmp_age);
	fputs("<section class=\"card\"><h2>Open critical and high "
	      "findings, oldest first</h2>",
	      out);
	if (!n) {
		fputs("<p>None.</p></section>\n", out);
		free(v);
		return;
	}
	fputs("<div class=\"scroll\"><table><thead><tr><th>Severity</th>"
	      "<th>Check</th><th>Account</th><th>Region</th><th>Resource</th>"
	      "<th>First seen</th><th class=\"num\">Age (days)</th>"
	      "<th class=\"num\">Reopened</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < n && i < max; i++) {
		const struct hist_finding *x = v[i]->last;

		fputs("<tr><td>", out);
		html_put_severity(out, x->severity);
		fputs("</td><td class=\"mono\">", out);
		html_escape(out, x->check_id);
		fputs("</td><td class=\"mono\">", out);
		html_escape(out, x->account_id);
		fputs("</td><td>", out);
		html_escape(out, x->region);
		fputs("</td><td class=\"mono brk\">", out);
		html_escape(out, x->resource_id ? x->resource_id : "");
		fputs("</td><td>", out);
		put_date(out, v[i]->first_seen);
		fprintf(out,
			"</td><td class=\"num\">%.1f</td><td "
			"class=\"num\">%u</td></tr>\n",
			v[i]->age_days, v[i]->reopened);
	}
	fputs("</tbody></table></div>", out);
	if (n > max)
		fprintf(out, "<p class=\"note\">%zu more in lifecycle.csv.</p>",
			n - max);
	fputs("</section>\n", out);
	free(v);
}

int trend_write_html(const struct history_data *h, const struct lifecycle *lc,
		     FILE *out)
{
	trend_page_head(out, "readiness trend", NULL);
	fputs("<header class=\"top\"><div class=\"wrap\"><h1>Incident-response "
	      "readiness trend</h1><div class=\"sub\">",
	      out);
	fprintf(out, "%zu run%s, ", h->nruns, h->nruns == 1 ? "" : "s");
	put_date(out, h->nruns ? h->runs[0].at : 0);
	fputs(" to ", out);
	put_date(out, h->nruns ? h->runs[h->nruns - 1].at : 0);
	fputs("</div></div></header>\n<main class=\"wrap\">\n", out);
	write_charts(out, h);
	write_runs(out, h);
	write_accounts(out, h);
	write_ttr(out, lc);
	write_open(out, lc);
	fputs("</main>\n</body>\n</html>\n", out);
	return ferror(out) ? IRREADY_EIO : 0;
}

static void csv_num(FILE *out, double v, int valid)
{
	if (valid)
		fprintf(out, ",%.2f", v);
	else
		fputc(',', out);
}

static void csv_group_row(FILE *out, const struct history_data *h, size_t ri,
			  const struct hist_score *s)
{
	const struct hist_run *r = &h->runs[ri];
	char at[32], grade[2] = { 0, 0 };
	const char *grp = strcmp(s->grp, "overall") ? s->grp : NULL;

	format_iso8601(r->at, at, sizeof(at));
	csv_cell(out, r->id, 1);
	csv_cell(out, at, 0);
	csv_cell(out, s->grp, 0);
	csv_cell(out, s->key, 0);
	csv_num(out, s->score, s->valid);
	grade[0] = s->valid ? score_grade(s->score) : 0;
	csv_cell(out, grade, 0);
	csv_num(out, s->coverage, 1);
	fprintf(out, ",%ld,%ld,%zu,%zu\r\n", s->selected, s->evaluated,
		hist_open_count(&h->runs[ri], SEV_CRITICAL, grp, s->key),
		hist_open_count(&h->runs[ri], SEV_HIGH, grp, s->key));
}

int trend_write_csv(const struct history_data *h, FILE *out)
{
	static const char *const order[] = { "overall", "phase", "account",
					     "region" };

	fputs("run_id,evaluated_at,group,key,score,grade,coverage,"
	      "checks_selected,checks_evaluated,open_critical,open_high\r\n",
	      out);
	for (size_t i = 0; i < h->nruns; i++)
		for (size_t g = 0; g < ARRAY_SIZE(order); g++)
			for (size_t k = 0; k < h->runs[i].nscores; k++)
				if (!strcmp(h->runs[i].scores[k].grp, order[g]))
					csv_group_row(out, h, i,
						      &h->runs[i].scores[k]);
	return ferror(out) ? IRREADY_EIO : 0;
}

static void csv_time(FILE *out, time_t t)
{
	char buf[32] = "";

	if (t)
		format_iso8601(t, buf, sizeof(buf));
	csv_cell(out, buf, 0);
}

int trend_write_lifecycle_csv(const struct history_data *h,
			      const struct lifecycle *lc, FILE *out)
{
	fputs("finding_id,check_id,account_id,region,severity,state,"
	      "first_seen,last_seen,opened_at,resolved_at,age_days,reopened,"
	      "assessed_in_last_run,resource_id,message\r\n",
	      out);
	for (size_t i = 0; i < lc->n; i++) {
		const struct lc_finding *l = &lc->v[i];
		const struct hist_finding *x = l->last;

		csv_cell(out, x->id, 1);
		csv_cell(out, x->check_id, 0);
		csv_cell(out, x->account_id, 0);
		csv_cell(out, x->region, 0);
		csv_cell(out, severity_name(x->severity), 0);
		csv_cell(out, l->state == LC_OPEN ? "open" : "resolved", 0);
		csv_time(out, l->first_seen);
		csv_time(out, l->last_seen);
		csv_time(out, l->opened_at);
		csv_time(out, l->resolved_at);
		fprintf(out, ",%.1f,%u,%s", l->age_days, l->reopened,
			l->assessed_last ? "yes" : "no");
		csv_cell(out, x->resource_id ? x->resource_id : "", 0);
		csv_cell(out, x->message ? x->message : "", 0);
		fputs("\r\n", out);
	}
	return ferror(out) ? IRREADY_EIO : 0;
}

struct trend_ctx {
	const struct history_data *h;
	const struct lifecycle *lc;
};

static int w_html(const void *ctx, FILE *out)
{
	const struct trend_ctx *c = ctx;

	return trend_write_html(c->h, c->lc, out);
}

static int w_csv(const void *ctx, FILE *out)
{
	return trend_write_csv(((const struct trend_ctx *)ctx)->h, out);
}

static int w_lc(const void *ctx, FILE *out)
{
	const struct trend_ctx *c = ctx;

	return trend_write_lifecycle_csv(c->h, c->lc, out);
}

int trend_write_files(const struct history_data *h, const struct lifecycle *lc,
		      const char *dir)
{
	struct trend_ctx c = { h, lc };

	if (report_write_atomic(dir, "trend.html", w_html, &c) ||
	    report_write_atomic(dir, "trend.csv", w_csv, &c) ||
	    report_write_atomic(dir, "lifecycle.csv", w_lc, &c))
		return IRREADY_EIO;
	return 0;
}

void trend_write_summary(const struct history_data *h,
			 const struct lifecycle *lc, FILE *out, const char *dir)
{
	const struct hist_run *first = &h->runs[0],
			      *last = &h->runs[h->nruns - 1];
	const struct hist_score *a = hist_run_score(first, "overall", "");
	const struct hist_score *b = hist_run_score(last, "overall", "");
	char d0[32], d1[32];

	format_iso8601(first->at, d0, sizeof(d0));
	format_iso8601(last->at, d1, sizeof(d1));
	fprintf(out, "irready trend: %zu run%s, %.10s to %.10s\n", h->nruns,
		h->nruns == 1 ? "" : "s", d0, d1);
	if (a && b && a->valid && b->valid)
		fprintf(out,
			"  score:    %.1f -> %.1f, coverage %.1f%% -> %.1f%%\n",
			a->score, b->score, a->coverage, b->coverage);
	fprintf(out, "  open:     %zu critical, %zu high (last run)\n",
		lc->ttr[SEV_CRITICAL].open, lc->ttr[SEV_HIGH].open);
	for (int s = SEV_CRITICAL; s <= SEV_HIGH; s++)
		if (lc->ttr[s].resolved)
			fprintf(out,
				"  resolved: %zu %s, median %.1f days, p90 "
				"%.1f days\n",
				lc->ttr[s].resolved,
				severity_name((enum severity)s),
				lc->ttr[s].median, lc->ttr[s].p90);
	fprintf(out, "  trend:    %s/trend.html\n", dir);
}
