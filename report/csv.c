/*
 * csv.c -- findings.csv: RFC 4180, UTF-8, header row, libcsv quoting
 *
 * Columns, in this order forever (new ones go at the end):
 *   finding_id,account_id,region,phase,check_id,check_title,severity,
 *   status,resource_type,resource_id,message,remediation,waiver,
 *   frameworks,collected_at,account_name,ou_path
 * Cells starting with = + - @ tab or CR get a leading ' so a spreadsheet
 * shows them as text instead of evaluating them. csv_cell() writes
 * diff.csv's cells too (diff.c).
 */
#include "check.h"
#include "irready.h"
#include "report.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

static const char *const columns[] = {
	"finding_id",    "account_id",  "region",       "phase",
	"check_id",      "check_title", "severity",     "status",
	"resource_type", "resource_id", "message",      "remediation",
	"waiver",        "frameworks",  "collected_at", "account_name",
	"ou_path",
};

void csv_cell(FILE *out, const char *s, int first)
{
	char *safe = csv_neutralise(s);

	if (!first)
		fputc(',', out);
	csv_fwrite2(out, safe, strlen(safe), '"');
	free(safe);
}

int report_write_csv(const struct report *r, FILE *out)
{
	const struct findings *f = r->findings;

	for (size_t i = 0; i < ARRAY_SIZE(columns); i++)
		csv_cell(out, columns[i], i == 0);
	fputs("\r\n", out);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		char when[32];

		format_iso8601(x->collected_at, when, sizeof(when));
		csv_cell(out, x->id, 1);
		csv_cell(out, x->account_id, 0);
		csv_cell(out, x->region, 0);
		csv_cell(out, phase_name(x->check->phase), 0);
		csv_cell(out, x->check->id, 0);
		csv_cell(out, x->check->title, 0);
		csv_cell(out, severity_name(x->severity), 0);
		csv_cell(out, status_name(x->status), 0);
		csv_cell(out, x->resource_type, 0);
		csv_cell(out, x->resource_id, 0);
		csv_cell(out, x->message, 0);
		csv_cell(out,
			 x->status == CHECK_FAIL ? x->check->remediation : "",
			 0);
		csv_cell(out, x->waiver ? x->waiver : "", 0);
		csv_cell(out, x->check->frameworks ? x->check->frameworks : "",
			 0);
		csv_cell(out, when, 0);
		csv_cell(out, x->account_name ? x->account_name : "", 0);
		csv_cell(out, x->ou_path ? x->ou_path : "", 0);
		fputs("\r\n", out);
	}
	return ferror(out) ? IRREADY_EIO : 0;
}
