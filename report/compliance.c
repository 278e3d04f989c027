/*
 * compliance.c -- compliance-<framework>.csv: the run against a framework
 *
 * One row per requirement of the framework file (frameworks/<id>.json),
 * in the file's order, none left out:
 *   framework,requirement_id,requirement_title,status,checks,
 *   failing_resources,evidence
 * status, from the findings of the requirement's checks in this run:
 *   MANUAL        no check evidences the requirement (a person must), or
 *                 its checks gave only MANUAL findings (awaiting
 *                 attestation)
 *   NOT_ASSESSED  none of its checks was selected, or they gave no PASS
 *                 or FAIL (only ERROR, NOT_APPLICABLE, WAIVED)
 *   FAIL          FAIL findings and no PASS; PASS: PASS and no FAIL;
 *   PARTIAL       both
 * failing_resources are the FAIL findings' resources and evidence the
 * PASS/FAIL findings' finding_id (rows of findings.csv/findings.json),
 * each at most 100, then "... N more". RFC 4180, formula-guarded cells
 * (csv_cell()). html_write_frameworks() puts the same statuses in
 * report.html, one section per framework.
 */
#include "compliance.h"
#include "check.h"
#include "frameworks.h"
#include "irready.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define LIST_MAX 100

const char *fw_status_name(enum fw_status s)
{
	static const char *const names[] = { "PASS", "FAIL", "PARTIAL",
					     "NOT_ASSESSED", "MANUAL" };

	if ((unsigned)s >= ARRAY_SIZE(names))
		BUG("unknown framework status %d", (int)s);
	return names[s];
}

static int has_check(const struct fw_requirement *q, const char *id)
{
	for (size_t i = 0; i < q->nchecks; i++)
		if (!strcmp(q->checks[i], id))
			return 1;
	return 0;
}

static int selected(const struct scores *s, const struct fw_requirement *q)
{
	for (size_t i = 0; i < s->nchecks; i++)
		if (has_check(q, s->checks[i].check->id))
			return 1;
	return 0;
}

static void list_add(struct strbuf *sb, size_t *n, const char *s)
{
	if (*n < LIST_MAX)
		strbuf_addf(sb, "%s%s", *n ? ";" : "", s);
	(*n)++;
}

static void list_end(struct strbuf *sb, size_t n)
{
	if (n > LIST_MAX)
		strbuf_addf(sb, ";... %zu more", n - LIST_MAX);
}

/* The findings of requirement 'q' in this run, and its status. */
struct fw_tally {
	size_t pass, fail, manual;
	enum fw_status status;
};

static void tally(const struct report *r, const struct fw_requirement *q,
		  struct fw_tally *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < r->findings->n; i++) {
		const struct finding *x = &r->findings->v[i];

		if (!has_check(q, x->check->id))
			continue;
		t->pass += x->status == CHECK_PASS;
		t->fail += x->status == CHECK_FAIL;
		t->manual += x->status == CHECK_MANUAL;
	}
	if (!q->nchecks)
		t->status = FW_MANUAL;
	else if (!r->scores || !selected(r->scores, q))
		t->status = FW_NOT_ASSESSED;
	else if (t->fail && t->pass)
		t->status = FW_PARTIAL;
	else if (t->fail)
		t->status = FW_FAIL;
	else if (t->pass)
		t->status = FW_PASS;
	else if (t->manual)
		t->status = FW_MANUAL;
	else
		t->status = FW_NOT_ASSESSED;
}

static void write_row(FILE *out, const struct report *r,
		      const struct framework *fw,
		      const struct fw_requirement *q)
{
	struct strbuf checks = STRBUF_INIT, failing = STRBUF_INIT,
		      evidence = STRBUF_INIT;
	size_t nfail = 0, nev = 0;
	struct fw_tally t;

	strbuf_init(&checks, (size_t)1 << 20);
	strbuf_init(&failing, (size_t)1 << 20);
	strbuf_init(&evidence, (size_t)1 << 20);
	for (size_t i = 0; i < q->nchecks; i++)
		strbuf_addf(&checks, "%s%s", i ? ";" : "", q->checks[i]);
	for (size_t i = 0; i < r->findings->n; i++) {
		const struct finding *x = &r->findings->v[i];

		if (!has_check(q, x->check->id))
			continue;
		if (x->status == CHECK_PASS) {
			list_add(&evidence, &nev, x->id);
		} else if (x->status == CHECK_FAIL) {
			list_add(&evidence, &nev, x->id);
			list_add(&failing, &nfail,
				 x->resource_id && *x->resource_id
					 ? x->resource_id
					 : x->account_id);
		}
	}
	list_end(&failing, nfail);
	list_end(&evidence, nev);
	tally(r, q, &t);
	csv_cell(out, fw->id, 1);
	csv_cell(out, q->id, 0);
	csv_cell(out, q->title, 0);
	csv_cell(out, fw_status_name(t.status), 0);
	csv_cell(out, checks.len ? checks.buf : "", 0);
	csv_cell(out, failing.len ? failing.buf : "", 0);
	csv_cell(out, evidence.len ? evidence.buf : "", 0);
	fputs("\r\n", out);
	strbuf_release(&checks);
	strbuf_release(&failing);
	strbuf_release(&evidence);
}

/* One framework as a report.html section (badge classes of report.css). */
static void html_framework(FILE *out, const struct report *r,
			   const struct framework *fw)
{
	static const char *const badge[] = { "PASS", "FAIL", "FAIL",
					     "NOT_APPLICABLE", "MANUAL" };

	fputs("<section class=\"card\" aria-labelledby=\"fw-", out);
	html_escape(out, fw->id);
	fputs("\">\n<h2 id=\"fw-", out);
	html_escape(out, fw->id);
	fputs("\">", out);
	html_escape(out, fw->title);
	fputs("</h2>\n<p>", out);
	html_escape(out, fw->version);
	fputs(" &middot; source: ", out);
	html_escape(out, fw->source);
	fputs(" &middot; compliance-", out);
	html_escape(out, fw->id);
	fputs(".csv</p>\n<div class=\"scroll\"><table>\n<thead><tr>"
	      "<th>Requirement</th><th>Status</th><th class=\"num\">Pass"
	      "</th><th class=\"num\">Fail</th><th>Checks</th></tr></thead>"
	      "\n<tbody>\n",
	      out);
	for (size_t i = 0; i < fw->nreqs; i++) {
		const struct fw_requirement *q = &fw->reqs[i];
		struct fw_tally t;

		tally(r, q, &t);
		fputs("<tr><td class=\"brk\"><span class=\"ck\">", out);
		html_escape(out, q->title);
		fputs("</span><span class=\"ckid mono\">", out);
		html_escape(out, q->id);
		fprintf(out,
			"</span></td><td><span class=\"b b-%s\">%s</span></td>"
			"<td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
			"<td class=\"brk mono\">",
			badge[t.status], fw_status_name(t.status), t.pass,
			t.fail);
		for (size_t k = 0; k < q->nchecks; k++) {
			if (k)
				fputs(", ", out);
			html_escape(out, q->checks[k]);
		}
		if (!q->nchecks)
			fputs("none: a person must attest it", out);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n</section>\n", out);
}

void html_write_frameworks(FILE *out, const struct report *r)
{
	struct framework *fws = NULL;
	size_t n = 0;

	if (!r->run || !r->run->frameworks ||
	    framework_load_list(r->run->frameworks, &fws, &n))
		return;
	for (size_t i = 0; i < n; i++) {
		html_framework(out, r, &fws[i]);
		framework_release(&fws[i]);
	}
	free(fws);
}

struct compliance_ctx {
	const struct report *r;
	const struct framework *fw;
};

static int write_one(const void *ctx, FILE *out)
{
	const struct compliance_ctx *c = ctx;
	static const char *const cols[] = {
		"framework", "requirement_id",    "requirement_title", "status",
		"checks",    "failing_resources", "evidence",
	};

	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		csv_cell(out, cols[i], i == 0);
	fputs("\r\n", out);
	for (size_t i = 0; i < c->fw->nreqs; i++)
		write_row(out, c->r, c->fw, &c->fw->reqs[i]);
	return ferror(out) ? IRREADY_EIO : 0;
}

int report_write_framework_ids(const struct report *r, const char *dir,
			       const char *ids)
{
	struct framework *fws = NULL;
	size_t n = 0;
	int rc = framework_load_list(ids, &fws, &n);

	if (!rc)
		rc = report_write_compliance(r, dir, fws, n);
	for (size_t i = 0; i < n; i++)
		framework_release(&fws[i]);
	free(fws);
	return rc;
}

int report_write_compliance(const struct report *r, const char *dir,
			    const struct framework *fws, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		struct compliance_ctx c = { r, &fws[i] };
		char *name = xasprintf("compliance-%s.csv", fws[i].id);

		rc |= report_write_atomic(dir, name, write_one, &c);
		free(name);
	}
	return rc ? IRREADY_EIO : 0;
}
