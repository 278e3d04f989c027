/*
 * html_rpo.c -- the "Effective RPO" section of report.html: per account,
 * how many workloads' newest recovery point falls in each age band
 *
 * It reads the findings of recovery_rpo_met only (so it works the same on
 * a fresh audit and on merged findings.json files): their verdict (a
 * waived finding counts by the check's own verdict) and the "effective
 * RPO <age>" phrase of their message, written by checks/recovery_rpo_met.c
 * as "45m", "3h 20m" or "2d 4h". A finding without that phrase is a
 * workload with no completed recovery point ("none") or whose RPO could
 * not be checked (a value that is not a duration, or recovery points that
 * could not be read: "not checked"). The section is left out when no
 * workload declares an RPO.
 */
#include "check.h"
#include "html_int.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

enum { B_1H, B_4H, B_24H, B_7D, B_MORE, B_NONE, B_UNCHECKED, B__COUNT };

static const char *const band_title[B__COUNT] = {
	"&le; 1h", "&le; 4h",  "&le; 24h",    "&le; 7d",
	"&gt; 7d", "No point", "Not checked",
};

struct rpo_row {
	const struct finding *first; /* names the account */
	size_t band[B__COUNT];
	size_t met, total;
	long worst; /* seconds; -1: none measured */
};

/* "2d 4h" / "3h 20m" / "45m" at 's' -> seconds, or -1. */
static long age_seconds(const char *s)
{
	long total = 0;
	int parts = 0;

	while (*s >= '0' && *s <= '9') {
		char *end;
		long n = strtol(s, &end, 10);

		if (*end == 'd')
			total += n * 86400;
		else if (*end == 'h')
			total += n * 3600;
		else if (*end == 'm')
			total += n * 60;
		else
			return -1;
		parts++;
		s = end + 1;
		if (*s != ' ')
			break;
		s++;
	}
	return parts ? total : -1;
}

static int band_of(const struct finding *x, long *age)
{
	const char *p = strstr(x->message, "effective RPO ");

	*age = -1;
	if (x->verdict == CHECK_ERROR)
		return B_UNCHECKED;
	if (x->verdict != CHECK_PASS && x->verdict != CHECK_FAIL)
		return -1; /* MANUAL, NOT_APPLICABLE: no workload */
	if (!p)
		return strstr(x->message, "no completed recovery point")
			       ? B_NONE
			       : B_UNCHECKED;
	*age = age_seconds(p + strlen("effective RPO "));
	if (*age < 0)
		return B_UNCHECKED;
	return *age <= 3600        ? B_1H
	       : *age <= 4 * 3600  ? B_4H
	       : *age <= 86400     ? B_24H
	       : *age <= 7 * 86400 ? B_7D
				   : B_MORE;
}

static void put_age(FILE *out, long s)
{
	if (s < 3600)
		fprintf(out, "%ldm", s / 60);
	else if (s < 86400)
		fprintf(out, "%ldh %ldm", s / 3600, s % 3600 / 60);
	else
		fprintf(out, "%ldd %ldh", s / 86400, s % 86400 / 3600);
}

void html_write_rpo(FILE *out, const struct findings *f)
{
	struct rpo_row *rows = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; f && i < f->n; i++) {
		const struct finding *x = &f->v[i];
		struct rpo_row *row = NULL;
		long age;
		int b;

		if (!x->check || strcmp(x->check->id, "recovery_rpo_met") ||
		    !x->message || !x->account_id)
			continue;
		b = band_of(x, &age);
		if (b < 0)
			continue;
		/* an ERROR about a whole region is not a workload */
		if (b == B_UNCHECKED && x->verdict == CHECK_ERROR &&
		    !strstr(x->message, "declares an RPO"))
			continue;
		for (size_t k = 0; k < n && !row; k++)
			if (!strcmp(rows[k].first->account_id, x->account_id))
				row = &rows[k];
		if (!row) {
			if (n == alloc) {
				size_t na = alloc ? 2 * alloc : 8;
				struct rpo_row *nr =
					realloc(rows, na * sizeof(*rows));

				if (!nr)
					break; /* the section is a summary */
				rows = nr;
				alloc = na;
			}
			row = &rows[n++];
			memset(row, 0, sizeof(*row));
			row->first = x;
			row->worst = -1;
		}
		row->band[b]++;
		row->total++;
		row->met += x->verdict == CHECK_PASS;
		if (age > row->worst)
			row->worst = age;
	}
	if (!n) {
		free(rows);
		return;
	}
	fputs("<section class=\"card\" aria-labelledby=\"rpo-h\">\n"
	      "<h2 id=\"rpo-h\">Effective RPO</h2>\n"
	      "<p>Workloads tagged with a recovery point objective "
	      "(<span class=\"mono\">recovery_rpo_met</span>), by the age of "
	      "their newest completed snapshot or AMI.</p>\n"
	      "<div class=\"scroll\"><table>\n<thead><tr><th>Account</th>",
	      out);
	for (int b = 0; b < B__COUNT; b++)
		fprintf(out, "<th class=\"num\">%s</th>", band_title[b]);
	fputs("<th class=\"num\">Oldest</th><th class=\"num\">Meet RPO</th>"
	      "</tr></thead>\n<tbody>\n",
	      out);
	for (size_t k = 0; k < n; k++) {
		fputs("<tr><td class=\"brk\">", out);
		html_put_account(out, rows[k].first);
		fputs("</td>", out);
		for (int b = 0; b < B__COUNT; b++) {
			fputs("<td class=\"num\">", out);
			html_put_count(out, rows[k].band[b]);
			fputs("</td>", out);
		}
		fputs("<td class=\"num\">", out);
		if (rows[k].worst >= 0)
			put_age(out, rows[k].worst);
		else
			fputs("&mdash;", out);
		fputs("</td><td class=\"num\">", out);
		html_put_count(out, rows[k].met);
		fputs(" of ", out);
		html_put_count(out, rows[k].total);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
	free(rows);
}
