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
	}
}
