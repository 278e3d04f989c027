/*
 * text.c -- the one-screen terminal summary
 *
 * Score, grade, coverage, counts by status, per-phase scores, the top
 * failures, and where the files are. Colour only when asked (a terminal
 * without NO_COLOR and without --no-color).
 */
#include "check.h"
#include "irready.h"
#include "report.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define C(code) (color ? "\033[" code "m" : "")

static const char *grade_color(char g, int color)
{
	if (!color)
		return "";
	switch (g) {
	case 'A':
	case 'B':
		return "\033[32m";
	case 'C':
	case 'D':
		return "\033[33m";
	default:
		return "\033[31m";
	}
}

static void score_line(FILE *out, const char *label, const struct score *s,
		       int color)
{
	if (s->valid)
		fprintf(out, "  %-38s %s%5.1f  %c%s   coverage %3.0f%%\n",
			label, grade_color(s->grade, color), s->value, s->grade,
			C("0"), s->coverage);
	else
		fprintf(out, "  %-38s   n/a      coverage %3.0f%%\n", label,
			s->coverage);
}

/*
 * What was assessed: units (check, account, region) in all, and, with
 * several accounts, the accounts that pulled coverage down (lowest
 * first, at most five).
 */
static int cmp_cov(const void *a, const void *b)
{
	const struct score_group *x = *(const struct score_group *const *)a;
	const struct score_group *y = *(const struct score_group *const *)b;

	if (x->score.coverage != y->score.coverage)
		return x->score.coverage < y->score.coverage ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void coverage_lines(FILE *out, const struct scores *s)
{
	const struct score *o = &s->overall;
	const struct score_group **low;
	size_t n = 0;

	fprintf(out,
		"\n  coverage: %zu of %zu unit%s assessed (a unit: check x "
		"account x region)\n            %zu ERROR, %zu MANUAL "
		"(awaiting attestation or settings), %zu attested\n",
		o->units_assessed, o->units, o->units == 1 ? "" : "s",
		o->units_error, o->units_manual, o->units_attested);
	if (s->naccounts < 2)
		return;
	low = xcalloc(s->naccounts, sizeof(*low));
	for (size_t i = 0; i < s->naccounts; i++)
		if (s->accounts[i].score.coverage < o->coverage)
			low[n++] = &s->accounts[i];
	qsort(low, n, sizeof(*low), cmp_cov);
	if (n)
		fputs("  coverage pulled down by:\n", out);
	for (size_t i = 0; i < n && i < 5; i++) {
		const struct score_group *g = low[i];

		fprintf(out,
			"    %s%s%s%s %3.0f%%  (%zu of %zu units; %zu ERROR, "
			"%zu MANUAL)\n",
			g->key, g->label ? " (" : "", g->label ? g->label : "",
			g->label ? ")" : "", g->score.coverage,
			g->score.units_assessed, g->score.units,
			g->score.units_error, g->score.units_manual);
	}
	if (n > 5)
		fprintf(out, "    ... and %zu more (see report.html)\n", n - 5);
	free(low);
}

void report_write_summary(const struct report *r, FILE *out, int color,
			  const char *outdir, unsigned formats)
{
	const struct scores *s = r->scores;
	const struct findings *f = r->findings;
	const struct run_info *ri = r->run;
	size_t shown = 0;

	fprintf(out, "%sirready %s%s — incident-response readiness\n", C("1"),
		ri->tool_version, C("0"));
	fprintf(out,
		"  %zu account%s, %zu region%s, %zu check%s, %lu API "
		"call%s (%lu error response%s)\n\n",
		ri->naccounts, ri->naccounts == 1 ? "" : "s", ri->nregions,
		ri->nregions == 1 ? "" : "s", s->overall.selected,
		s->overall.selected == 1 ? "" : "s", ri->api_calls,
		ri->api_calls == 1 ? "" : "s", ri->api_errors,
		ri->api_errors == 1 ? "" : "s");
	score_line(out, "Overall", &s->overall, color);
	for (int p = 0; p < PHASE__COUNT; p++)
		if (s->phase[p].selected)
			score_line(out, phase_title((enum ir_phase)p),
				   &s->phase[p], color);
	fprintf(out,
		"\n  %s%zu PASS%s  %s%zu FAIL%s  %s%zu ERROR%s  %zu "
		"WAIVED  %zu MANUAL  %zu NOT_APPLICABLE\n",
		C("32"), s->overall.counts[CHECK_PASS], C("0"), C("31"),
		s->overall.counts[CHECK_FAIL], C("0"), C("35"),
		s->overall.counts[CHECK_ERROR], C("0"),
		s->overall.counts[CHECK_WAIVED],
		s->overall.counts[CHECK_MANUAL], s->overall.counts[CHECK_NA]);

	coverage_lines(out, s);

	/* top failures: by severity, then in report order */
	for (int sev = 0; sev < SEV__COUNT && shown < 8; sev++) {
		for (size_t i = 0; i < f->n && shown < 8; i++) {
			const struct finding *x = &f->v[i];

			if (x->status != CHECK_FAIL || (int)x->severity != sev)
				continue;
			if (!shown)
				fputs("\n  Top failures:\n", out);
			/* names in messages are AWS's: no raw controls */
			fprintf(out, "  %s%-8s%s ", C("31"),
				severity_name(x->severity), C("0"));
			text_fputs_terminal(x->account_id, out, 0);
			fprintf(out, " %s: ", x->check->id);
			text_fputs_terminal(x->message, out, 0);
			fputc('\n', out);
			shown++;
		}
	}
	if (s->overall.counts[CHECK_ERROR])
		fprintf(out,
			"\n  %s%zu finding%s could not be assessed "
			"(ERROR): see the report's Errors section for "
			"the missing permissions or services%s\n",
			C("35"), s->overall.counts[CHECK_ERROR],
			s->overall.counts[CHECK_ERROR] == 1 ? "" : "s", C("0"));
	if (outdir) {
		fputc('\n', out);
		if (formats & REPORT_HTML)
			fprintf(out, "  report:   %s/report.html\n", outdir);
		if (formats & REPORT_CSV)
			fprintf(out, "  csv:      %s/findings.csv\n", outdir);
		if (formats & REPORT_JSON)
			fprintf(out, "  json:     %s/findings.json\n", outdir);
		if (formats & REPORT_JUNIT)
			fprintf(out, "  junit:    %s/junit.xml\n", outdir);
		if (formats & REPORT_OCSF)
			fprintf(out, "  ocsf:     %s/findings.ocsf.json\n",
				outdir);
		if (formats & REPORT_OCSF_NDJSON)
			fprintf(out, "  ocsf:     %s/findings.ocsf.ndjson\n",
				outdir);
		if (formats & REPORT_SARIF)
			fprintf(out, "  sarif:    %s/findings.sarif\n", outdir);
		if (formats & REPORT_ASFF)
			fprintf(out, "  asff:     %s/findings.asff.json\n",
				outdir);
		for (const char *p = ri->frameworks; p && *p;) {
			size_t len = strcspn(p, ",");

			if (len)
				fprintf(out,
					"  compliance: "
					"%s/compliance-%.*s.csv\n",
					outdir, (int)len, p);
			p += len + (p[len] == ',');
		}
	}
}
