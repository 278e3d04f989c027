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
 * (csv_cell()).
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

static void write_row(FILE *out, const struct report *r,
		      const struct framework *fw,
		      const struct fw_requirement *q)
{
	struct strbuf checks = STRBUF_INIT, failing = STRBUF_INIT,
		      evidence = STRBUF_INIT;
	size_t pass = 0, fail = 0, manual = 0, nfail = 0, nev = 0;
	enum fw_status st;

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
			pass++;
			list_add(&evidence, &nev, x->id);
		} else if (x->status == CHECK_FAIL) {
			fail++;
			list_add(&evidence, &nev, x->id);
			list_add(&failing, &nfail,
				 x->resource_id && *x->resource_id
					 ? x->resource_id
					 : x->account_id);
		} else if (x->status == CHECK_MANUAL) {
			manual++;
		}
	}
	list_end(&failing, nfail);
	list_end(&evidence, nev);
	if (!q->nchecks)
		st = FW_MANUAL;
	else if (!selected(r->scores, q))
		st = FW_NOT_ASSESSED;
	else if (fail && pass)
		st = FW_PARTIAL;
	else if (fail)
		st = FW_FAIL;
	else if (pass)
		st = FW_PASS;
	else if (manual)
		st = FW_MANUAL;
	else
		st = FW_NOT_ASSESSED;
	csv_cell(out, fw->id, 1);
	csv_cell(out, q->id, 0);
	csv_cell(out, q->title, 0);
	csv_cell(out, fw_status_name(st), 0);
	csv_cell(out, checks.len ? checks.buf : "", 0);
	csv_cell(out, failing.len ? failing.buf : "", 0);
	csv_cell(out, evidence.len ? evidence.buf : "", 0);
	fputs("\r\n", out);
	strbuf_release(&checks);
	strbuf_release(&failing);
	strbuf_release(&evidence);
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
