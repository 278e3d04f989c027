/*
 * junit.c -- junit.xml for CI dashboards
 *
 * One <testsuite> per account, one <testcase> per (check, account,
 * region): any FAIL makes it a <failure>, any ERROR an <error>; a case
 * whose findings are all NOT_APPLICABLE, MANUAL or WAIVED is <skipped>.
 * Findings are sorted by (account, phase, check, region), so each case is
 * a contiguous run.
 */
#include "check.h"
#include "irready.h"
#include "report.h"

#include <string.h>

static int same_case(const struct finding *a, const struct finding *b)
{
	return a->check == b->check && !strcmp(a->account_id, b->account_id) &&
	       !strcmp(a->region, b->region);
}

static void write_case(FILE *out, const struct finding *v, size_t n)
{
	size_t counts[CHECK__COUNT] = { 0 };

	for (size_t i = 0; i < n; i++)
		counts[v[i].status]++;
	fputs("    <testcase classname=\"", out);
	xml_escape(out, v[0].account_id);
	fputc('.', out);
	xml_escape(out, v[0].region);
	fputs("\" name=\"", out);
	xml_escape(out, v[0].check->id);
	fputs("\">\n", out);
	if (counts[CHECK_FAIL] || counts[CHECK_ERROR]) {
		int is_fail = counts[CHECK_FAIL] > 0;

		fprintf(out, "      <%s type=\"%s\" message=\"%zu %s\">",
			is_fail ? "failure" : "error",
			is_fail ? "FAIL" : "ERROR",
			is_fail ? counts[CHECK_FAIL] : counts[CHECK_ERROR],
			is_fail ? "failing resource(s)" : "error(s)");
		for (size_t i = 0; i < n; i++) {
			if (v[i].status != CHECK_FAIL &&
			    v[i].status != CHECK_ERROR)
				continue;
			fputs(status_name(v[i].status), out);
			fputs(" ", out);
			xml_escape(out, v[i].resource_id);
			fputs(": ", out);
			xml_escape(out, v[i].message);
			fputc('\n', out);
		}
		if (is_fail) {
			fputs("Remediation:\n", out);
			xml_escape(out, v[0].check->remediation);
			fputc('\n', out);
		}
		fprintf(out, "</%s>\n", is_fail ? "failure" : "error");
	} else if (!counts[CHECK_PASS]) {
		fputs("      <skipped message=\"", out);
		fputs(counts[CHECK_WAIVED]   ? "waived"
		      : counts[CHECK_MANUAL] ? "manual attestation required"
					     : "not applicable",
		      out);
		fputs("\"/>\n", out);
	}
	fputs("    </testcase>\n", out);
}

int report_write_junit(const struct report *r, FILE *out)
{
	const struct findings *f = r->findings;
	size_t tests = 0, failures = 0, errors = 0, skipped = 0;

	/* totals first, for the <testsuites> element */
	for (size_t i = 0; i < f->n;) {
		size_t j = i, fl = 0, er = 0, ps = 0;

		while (j < f->n && same_case(&f->v[i], &f->v[j])) {
			fl += f->v[j].status == CHECK_FAIL;
			er += f->v[j].status == CHECK_ERROR;
			ps += f->v[j].status == CHECK_PASS;
			j++;
		}
		tests++;
		failures += fl > 0;
		errors += !fl && er;
		skipped += !fl && !er && !ps;
		i = j;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out,
		"<testsuites name=\"irready\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"%zu\" skipped=\"%zu\">\n",
		tests, failures, errors, skipped);
	for (size_t i = 0; i < f->n;) {
		size_t end = i;

		while (end < f->n &&
		       !strcmp(f->v[end].account_id, f->v[i].account_id))
			end++;
		fputs("  <testsuite name=\"account ", out);
		xml_escape(out, f->v[i].account_id);
		fputs("\">\n", out);
		for (size_t j = i; j < end;) {
			size_t k = j;

			while (k < end && same_case(&f->v[j], &f->v[k]))
				k++;
			write_case(out, &f->v[j], k - j);
			j = k;
		}
		fputs("  </testsuite>\n", out);
		i = end;
	}
	fputs("</testsuites>\n", out);
	return ferror(out) ? IRREADY_EIO : 0;
}
