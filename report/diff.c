/*
 * diff.c -- compare two audits (see diff.h)
 *
 * Reads findings.json with cJSON, joins the findings on finding_id (stable
 * for the same account, region, check and resource), and writes the
 * result as JSON, CSV and a self-contained HTML page. Rows are sorted by
 * class (worst first), then account, check, region and resource, so the
 * output is deterministic.
 */
#include "diff.h"
#include "check.h"
#include "irready.h"
#include "report.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

const char *const diff_class_names[DIFF__COUNT] = {
	"new failure", "regressed",    "still failing",
	"resolved",    "not assessed", "unchanged",
};

static const char *const phase_keys[4] = { "preparation", "detection",
					   "containment", "post-incident" };

static const char *jget(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *dupn(const char *s)
{
	return xstrdup(s ? s : "");
}

static void side_info(const cJSON *j, const char *path, struct diff_side *s)
{
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(j, "run");
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(j, "score");
	const cJSON *ov = cJSON_GetObjectItemCaseSensitive(score, "overall");
	const cJSON *ph = cJSON_GetObjectItemCaseSensitive(score, "phases");
	const cJSON *v;

	s->path = xstrdup(path);
	s->source = dupn(jget(run, "source"));
	s->evaluated_at = dupn(jget(run, "evaluated_at"));
	v = cJSON_GetObjectItemCaseSensitive(ov, "score");
	s->overall_valid = cJSON_IsNumber(v);
	s->overall = s->overall_valid ? v->valuedouble : 0;
	for (int i = 0; i < 4; i++) {
		v = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(ph, phase_keys[i]),
			"score");
		s->phase_valid[i] = cJSON_IsNumber(v);
		s->phase[i] = s->phase_valid[i] ? v->valuedouble : 0;
	}
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The strings of JSON array 'arr' into a sorted list; 0 when no array. */
static int read_list(const cJSON *arr, char ***v, size_t *n)
{
	const cJSON *x;

	if (!cJSON_IsArray(arr))
		return 0;
	cJSON_ArrayForEach(x, arr)
	{
		const char *str = cJSON_IsString(x)   ? x->valuestring
				  : cJSON_IsObject(x) ? jget(x, "check_id")
						      : NULL;

		if (!str)
			continue;
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = xstrdup(str);
	}
	if (*n > 1)
		qsort(*v, *n, sizeof(**v), cmp_strp);
	return 1;
}

static void scope_read(const cJSON *j, struct diff_scope *sc)
{
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(j, "run");
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(run, "policy");
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(j, "score");

	sc->has_accounts =
		read_list(cJSON_GetObjectItemCaseSensitive(run, "accounts"),
			  &sc->accounts, &sc->naccounts);
	sc->has_regions =
		read_list(cJSON_GetObjectItemCaseSensitive(run, "regions"),
			  &sc->regions, &sc->nregions);
	sc->has_checks =
		read_list(cJSON_GetObjectItemCaseSensitive(run, "checks"),
			  &sc->checks, &sc->nchecks);
	if (!sc->has_checks) /* older files: the per-check summaries */
		sc->has_checks = read_list(
			cJSON_GetObjectItemCaseSensitive(score, "checks"),
			&sc->checks, &sc->nchecks);
	sc->policy_name = dupn(jget(pol, "name"));
	sc->policy_digest = dupn(jget(pol, "digest"));
}

static void scope_release(struct diff_scope *sc)
{
	for (size_t i = 0; i < sc->naccounts; i++)
		free(sc->accounts[i]);
	for (size_t i = 0; i < sc->nregions; i++)
		free(sc->regions[i]);
	for (size_t i = 0; i < sc->nchecks; i++)
		free(sc->checks[i]);
	free(sc->accounts);
	free(sc->regions);
	free(sc->checks);
	free(sc->policy_name);
	free(sc->policy_digest);
}

static int listed(char *const *v, size_t n, const char *s)
{
	return s && n && bsearch(&s, v, n, sizeof(*v), cmp_strp);
}

/*
 * A check whose verdict in one unit reads data from outside it: an
 * account-wide check over regional data ("a dashboard in any region"), or
 * a regional check over account-wide data (the CIS alarm baseline, judged
 * in the region the trail delivers to, or the first audited one). Two
 * runs over different regions cannot compare it.
 */
static int region_bound(const char *check_id)
{
	const struct check *c = check_id ? check_find(check_id) : NULL;
	enum inv_scope other;

	if (!c)
		return 0;
	other = c->scope == CHECK_SCOPE_ACCOUNT ? INV_REGION : INV_ACCOUNT;
	for (int k = 0; k < DS__COUNT; k++)
		if ((c->needs & INV_NEED(k)) &&
		    inv_dataset_scope((enum inv_dataset)k) == other)
			return 1;
	return 0;
}

/* Did the run of scope 'sc' look at (account, region, check)? */
static int covers(const struct diff_scope *sc, const cJSON *f)
{
	const char *acct = jget(f, "account_id"), *reg = jget(f, "region");

	if (sc->has_accounts && !listed(sc->accounts, sc->naccounts, acct))
		return 0;
	if (sc->has_checks &&
	    !listed(sc->checks, sc->nchecks, jget(f, "check_id")))
		return 0;
	return !sc->has_regions || (reg && !strcmp(reg, "global")) ||
	       listed(sc->regions, sc->nregions, reg);
}

static int same_list(int ha, char *const *a, size_t na, int hb, char *const *b,
		     size_t nb)
{
	if (ha != hb || na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return 0;
	return 1;
}

static int scope_same(const struct diff_scope *a, const struct diff_scope *b)
{
	return same_list(a->has_accounts, a->accounts, a->naccounts,
			 b->has_accounts, b->accounts, b->naccounts) &&
	       same_list(a->has_regions, a->regions, a->nregions,
			 b->has_regions, b->regions, b->nregions) &&
	       same_list(a->has_checks, a->checks, a->nchecks, b->has_checks,
			 b->checks, b->nchecks);
}

static int regions_differ(const struct diff_scope *a,
			  const struct diff_scope *b)
{
	return a->has_regions && b->has_regions &&
	       !same_list(1, a->regions, a->nregions, 1, b->regions,
			  b->nregions);
}

/*
 * Is 'f' inside the common scope of runs 'a' and 'b': both covered its
 * account, region and check, and, if they audited different regions, its
 * check's verdict does not depend on them?
 */
static int comparable(const struct diff_scope *a, const struct diff_scope *b,
		      const cJSON *f)
{
	if (!covers(a, f) || !covers(b, f))
		return 0;
	return !regions_differ(a, b) || !region_bound(jget(f, "check_id"));
}

/* How many of 'a' the other list holds (all when it has no list). */
static size_t common(char *const *a, size_t na, int hb, char *const *b,
		     size_t nb)
{
	size_t k = 0;

	for (size_t i = 0; i < na; i++)
		k += !hb || listed(b, nb, a[i]);
	return k;
}

/*
 * The side's scores over the findings the other run covered too, by
 * score.c's definition: per check passed / (passed + failed), weighted by
 * the finding's severity, over checks with a PASS or FAIL.
 */
static void common_scores(const cJSON *j, const struct diff_scope *mine,
			  const struct diff_scope *other, struct diff_side *s)
{
	struct acc {
		const char *check;
		int phase, w;
		size_t pass, fail;
	} *v = NULL;
	size_t n = 0;
	double num[5] = { 0 }, den[5] = { 0 };
	const cJSON *f;

	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(j, "findings"))
	{
		const char *check = jget(f, "check_id"),
			   *st = jget(f, "status");
		const char *ph = jget(f, "phase");
		enum severity sev = SEV_INFO;
		size_t k;

		if (!check || !st || !comparable(mine, other, f))
			continue;
		for (k = 0; k < n; k++)
			if (!strcmp(v[k].check, check))
				break;
		if (k == n) {
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n].check = check;
			v[n].phase = 4;
			for (int p = 0; ph && p < 4; p++)
				if (!strcmp(ph, phase_keys[p]))
					v[n].phase = p;
			if (severity_parse(jget(f, "severity")
						   ? jget(f, "severity")
						   : "info",
					   &sev))
				sev = SEV_INFO;
			v[n].w = severity_weight(sev);
			v[n].pass = v[n].fail = 0;
			n++;
		}
		v[k].pass += !strcmp(st, "PASS");
		v[k].fail += !strcmp(st, "FAIL");
	}
	for (size_t k = 0; k < n; k++) {
		size_t pf = v[k].pass + v[k].fail;
		double r;

		if (!pf || v[k].w <= 0)
			continue;
		r = v[k].w * ((double)v[k].pass / (double)pf);
		num[4] += r;
		den[4] += v[k].w;
		if (v[k].phase < 4) {
			num[v[k].phase] += r;
			den[v[k].phase] += v[k].w;
		}
	}
	s->overall_valid = den[4] > 0;
	s->overall = s->overall_valid ? 100.0 * num[4] / den[4] : 0;
	for (int p = 0; p < 4; p++) {
		s->phase_valid[p] = den[p] > 0;
		s->phase[p] = s->phase_valid[p] ? 100.0 * num[p] / den[p] : 0;
	}
	free(v);
}

struct entry {
	const char *id;
	const cJSON *f;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->id,
		      ((const struct entry *)b)->id);
}

static struct entry *index_findings(const cJSON *j, size_t *n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "findings");
	const cJSON *f;
	size_t k = 0, cap = (size_t)cJSON_GetArraySize(arr);
	struct entry *v = xcalloc(cap ? cap : 1, sizeof(*v));

	cJSON_ArrayForEach(f, arr)
	{
		const char *id = jget(f, "finding_id");

		if (id && k < cap)
			v[k++] = (struct entry){ id, f };
	}
	qsort(v, k, sizeof(*v), cmp_entry);
	*n = k;
	return v;
}

static const cJSON *find(const struct entry *v, size_t n, const char *id)
{
	struct entry key = { id, NULL };
	const struct entry *e = bsearch(&key, v, n, sizeof(*v), cmp_entry);

	return e ? e->f : NULL;
}

static enum diff_class classify(const char *o, const char *n)
{
	int ofail = o && !strcmp(o, "FAIL"), opass = o && !strcmp(o, "PASS");
	int nfail = n && !strcmp(n, "FAIL");

	if (nfail)
		return ofail   ? DIFF_STILL_FAILING
		       : opass ? DIFF_REGRESSED
			       : DIFF_NEW_FAILURE;
	if (ofail && n && !strcmp(n, "ERROR"))
		return DIFF_NOT_ASSESSED;
	if (ofail)
		return DIFF_RESOLVED;
	if (opass && n && !strcmp(n, "ERROR"))
		return DIFF_NOT_ASSESSED;
	return DIFF_UNCHANGED;
}

/* 'out_of_scope': the other run did not cover it, so "not assessed". */
static void add_row(struct diff *d, const cJSON *o, const cJSON *n,
		    int out_of_scope)
{
	const cJSON *f = n ? n : o;
	struct diff_row *r;

	ALLOC_GROW(d->rows, d->nrows + 1, d->alloc);
	r = &d->rows[d->nrows++];
	r->cls = out_of_scope ? DIFF_NOT_ASSESSED
			      : classify(o ? jget(o, "status") : NULL,
					 n ? jget(n, "status") : NULL);
	d->nscoped += out_of_scope;
	r->finding_id = dupn(jget(f, "finding_id"));
	r->account_id = dupn(jget(f, "account_id"));
	r->region = dupn(jget(f, "region"));
	r->phase = dupn(jget(f, "phase"));
	r->check_id = dupn(jget(f, "check_id"));
	r->title = dupn(jget(f, "check_title"));
	r->severity = dupn(jget(f, "severity"));
	r->resource_id = dupn(jget(f, "resource_id"));
	r->old_status = dupn(o ? jget(o, "status") : "");
	r->new_status = dupn(n ? jget(n, "status") : "");
	r->message = dupn(jget(f, "message"));
	d->counts[r->cls]++;
}

static int cmp_row(const void *a, const void *b)
{
	const struct diff_row *x = a, *y = b;
	int c;

	if (x->cls != y->cls)
		return (int)x->cls - (int)y->cls;
	if ((c = strcmp(x->account_id, y->account_id)))
		return c;
	if ((c = strcmp(x->check_id, y->check_id)))
		return c;
	if ((c = strcmp(x->region, y->region)))
		return c;
	return strcmp(x->resource_id, y->resource_id);
}

/* Say when the two runs did not look at the same thing, or by one rule. */
static void warn_scope(const struct diff *d)
{
	const struct diff_scope *o = &d->old.scope, *n = &d->new.scope;

	if (o->has_accounts && n->has_accounts &&
	    !same_list(1, o->accounts, o->naccounts, 1, n->accounts,
		       n->naccounts))
		warning("OLD and NEW audited different accounts (%zu and %zu, "
			"%zu in common): findings of the others are not "
			"assessed, and the score change covers the common "
			"ones only",
			o->naccounts, n->naccounts,
			common(o->accounts, o->naccounts, 1, n->accounts,
			       n->naccounts));
	if (*o->policy_digest && *n->policy_digest &&
	    strcmp(o->policy_digest, n->policy_digest))
		warning("OLD and NEW were judged by different policies ('%s' "
			"%.12s, '%s' %.12s): a change may be the policy's, not "
			"the account's",
			o->policy_name, o->policy_digest, n->policy_name,
			n->policy_digest);
}

int diff_compute(const char *old_path, const char *new_path, struct diff *d)
{
	const char *hint = " (schema irready.findings/1)";
	char *op = NULL, *np = NULL;
	cJSON *o = NULL, *n = NULL;
	struct entry *ov = NULL, *nv = NULL;
	size_t on = 0, nn = 0;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	o = report_read_json(old_path, &op, 1, hint);
	n = o ? report_read_json(new_path, &np, 1, hint) : NULL;
	if (!o || !n) {
		rc = IRREADY_EIO;
		goto out;
	}
	side_info(o, op, &d->old);
	side_info(n, np, &d->new);
	scope_read(o, &d->old.scope);
	scope_read(n, &d->new.scope);
	d->same_scope = scope_same(&d->old.scope, &d->new.scope);
	if (!d->same_scope) {
		common_scores(o, &d->old.scope, &d->new.scope, &d->old);
		common_scores(n, &d->new.scope, &d->old.scope, &d->new);
	}
	ov = index_findings(o, &on);
	nv = index_findings(n, &nn);
	for (size_t i = 0; i < nn; i++) {
		const cJSON *prev = find(ov, on, nv[i].id);
		const char *was = prev ? jget(prev, "status") : NULL;
		const char *now = jget(nv[i].f, "status");
		int same = was && now && !strcmp(was, now);

		add_row(d, prev, nv[i].f,
			!same && !comparable(&d->old.scope, &d->new.scope,
					     nv[i].f));
	}
	for (size_t i = 0; i < on; i++)
		if (!find(nv, nn, ov[i].id))
			add_row(d, ov[i].f, NULL,
				!comparable(&d->old.scope, &d->new.scope,
					    ov[i].f));
	if (d->nrows > 1)
		qsort(d->rows, d->nrows, sizeof(*d->rows), cmp_row);
	warn_scope(d);
out:
	free(ov);
	free(nv);
	free(op);
	free(np);
	cJSON_Delete(o);
	cJSON_Delete(n);
	return rc;
}

static void side_release(struct diff_side *s)
{
	free(s->path);
	free(s->source);
	free(s->evaluated_at);
	scope_release(&s->scope);
}

void diff_release(struct diff *d)
{
	for (size_t i = 0; i < d->nrows; i++) {
		struct diff_row *r = &d->rows[i];

		free(r->finding_id);
		free(r->account_id);
		free(r->region);
		free(r->phase);
		free(r->check_id);
		free(r->title);
		free(r->severity);
		free(r->resource_id);
		free(r->old_status);
		free(r->new_status);
		free(r->message);
	}
	free(d->rows);
	side_release(&d->old);
	side_release(&d->new);
	memset(d, 0, sizeof(*d));
}

static void jstr(FILE *out, const char *s)
{
	fputc('"', out);
	json_escape(out, s);
	fputc('"', out);
}

static void jscore(FILE *out, int valid, double v)
{
	if (valid)
		fprintf(out, "%.2f", v);
	else
		fputs("null", out);
}

static void jchange(FILE *out, int ov, double o, int nv, double n)
{
	fputs("{\"old\":", out);
	jscore(out, ov, o);
	fputs(",\"new\":", out);
	jscore(out, nv, n);
	fputs(",\"change\":", out);
	jscore(out, ov && nv, n - o);
	fputc('}', out);
}

static void jlist(FILE *out, int has, char *const *v, size_t n)
{
	if (!has) {
		fputs("null", out);
		return;
	}
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		jstr(out, v[i]);
	}
	fputc(']', out);
}

static void jside(FILE *out, const struct diff_side *s)
{
	fputs("{\"path\":", out);
	jstr(out, s->path);
	fputs(",\"source\":", out);
	jstr(out, s->source);
	fputs(",\"evaluated_at\":", out);
	jstr(out, s->evaluated_at);
	fputs(",\"scope\":{\"accounts\":", out);
	jlist(out, s->scope.has_accounts, s->scope.accounts,
	      s->scope.naccounts);
	fputs(",\"regions\":", out);
	jlist(out, s->scope.has_regions, s->scope.regions, s->scope.nregions);
	fputs(",\"checks\":", out);
	jlist(out, s->scope.has_checks, s->scope.checks, s->scope.nchecks);
	fputs(",\"policy\":{\"name\":", out);
	jstr(out, s->scope.policy_name);
	fputs(",\"digest\":", out);
	jstr(out, s->scope.policy_digest);
	fputs("}}}", out);
}

int diff_write_json(const struct diff *d, FILE *out)
{
	fputs("{\"schema\":\"irready.diff/1\",\"old\":", out);
	jside(out, &d->old);
	fputs(",\"new\":", out);
	jside(out, &d->new);
	fprintf(out, ",\n\"same_scope\":%s,\"outside_common_scope\":%zu",
		d->same_scope ? "true" : "false", d->nscoped);
	fputs(",\n\"score_change\":{\"overall\":", out);
	jchange(out, d->old.overall_valid, d->old.overall, d->new.overall_valid,
		d->new.overall);
	fputs(",\"phases\":{", out);
	for (int i = 0; i < 4; i++) {
		fprintf(out, "%s\"%s\":", i ? "," : "", phase_keys[i]);
		jchange(out, d->old.phase_valid[i], d->old.phase[i],
			d->new.phase_valid[i], d->new.phase[i]);
	}
	fputs("}},\n\"counts\":{", out);
	for (int i = 0; i < DIFF__COUNT; i++)
		fprintf(out, "%s\"%s\":%zu", i ? "," : "", diff_class_names[i],
			d->counts[i]);
	fputs("},\n\"findings\":[", out);
	for (size_t i = 0; i < d->nrows; i++) {
		const struct diff_row *r = &d->rows[i];

		fputs(i ? ",\n{" : "\n{", out);
		fputs("\"class\":", out);
		jstr(out, diff_class_names[r->cls]);
		fputs(",\"finding_id\":", out);
		jstr(out, r->finding_id);
		fputs(",\"account_id\":", out);
		jstr(out, r->account_id);
		fputs(",\"region\":", out);
		jstr(out, r->region);
		fputs(",\"phase\":", out);
		jstr(out, r->phase);
		fputs(",\"check_id\":", out);
		jstr(out, r->check_id);
		fputs(",\"severity\":", out);
		jstr(out, r->severity);
		fputs(",\"resource_id\":", out);
		jstr(out, r->resource_id);
		fputs(",\"old_status\":", out);
		jstr(out, r->old_status);
		fputs(",\"new_status\":", out);
		jstr(out, r->new_status);
		fputs(",\"message\":", out);
		jstr(out, r->message);
		fputc('}', out);
	}
	fputs("\n]}\n", out);
	return ferror(out) ? IRREADY_EIO : 0;
}

int diff_write_csv(const struct diff *d, FILE *out)
{
	static const char *const cols[] = {
		"class",      "finding_id", "account_id", "region",
		"phase",      "check_id",   "severity",   "resource_id",
		"old_status", "new_status", "message",
	};

	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		csv_cell(out, cols[i], i == 0);
	fputs("\r\n", out);
	for (size_t i = 0; i < d->nrows; i++) {
		const struct diff_row *r = &d->rows[i];

		csv_cell(out, diff_class_names[r->cls], 1);
		csv_cell(out, r->finding_id, 0);
		csv_cell(out, r->account_id, 0);
		csv_cell(out, r->region, 0);
		csv_cell(out, r->phase, 0);
		csv_cell(out, r->check_id, 0);
		csv_cell(out, r->severity, 0);
		csv_cell(out, r->resource_id, 0);
		csv_cell(out, r->old_status, 0);
		csv_cell(out, r->new_status, 0);
		csv_cell(out, r->message, 0);
		fputs("\r\n", out);
	}
	return ferror(out) ? IRREADY_EIO : 0;
}

static void scope_text(FILE *out, const struct diff_scope *sc)
{
	if (sc->has_accounts)
		fprintf(out, "%zu account%s", sc->naccounts,
			sc->naccounts == 1 ? "" : "s");
	else
		fputs("accounts not recorded", out);
	if (sc->has_regions)
		fprintf(out, ", %zu region%s", sc->nregions,
			sc->nregions == 1 ? "" : "s");
	if (sc->has_checks)
		fprintf(out, ", %zu check%s", sc->nchecks,
			sc->nchecks == 1 ? "" : "s");
	if (*sc->policy_name)
		fprintf(out, ", policy %s (%.12s)", sc->policy_name,
			sc->policy_digest);
}

static int scope_known(const struct diff_scope *sc)
{
	return sc->has_accounts || sc->has_regions || sc->has_checks;
}

void diff_write_summary(const struct diff *d, FILE *out)
{
	const struct diff_scope *o = &d->old.scope, *n = &d->new.scope;

	fputs("irready diff — post-incident improvement review\n", out);
	if (scope_known(o) || scope_known(n)) {
		fputs("  old: ", out);
		scope_text(out, o);
		fputs("\n  new: ", out);
		scope_text(out, n);
		fputc('\n', out);
	}
	if (!d->same_scope) {
		size_t na = o->has_accounts ? common(o->accounts, o->naccounts,
						     n->has_accounts,
						     n->accounts, n->naccounts)
					    : n->naccounts;
		size_t nr = o->has_regions ? common(o->regions, o->nregions,
						    n->has_regions, n->regions,
						    n->nregions)
					   : n->nregions;
		size_t nc = o->has_checks ? common(o->checks, o->nchecks,
						   n->has_checks, n->checks,
						   n->nchecks)
					  : n->nchecks;

		fprintf(out,
			"  the scopes differ: scores compare the common scope "
			"(%zu account%s, %zu region%s, %zu check%s); %zu "
			"finding%s outside it: not assessed\n",
			na, na == 1 ? "" : "s", nr, nr == 1 ? "" : "s", nc,
			nc == 1 ? "" : "s", d->nscoped,
			d->nscoped == 1 ? "" : "s");
	}
	fputs("  overall ", out);
	if (d->old.overall_valid && d->new.overall_valid)
		fprintf(out, "%.1f → %.1f (%+.1f)\n", d->old.overall,
			d->new.overall, d->new.overall - d->old.overall);
	else
		fputs("n/a\n", out);
	for (int i = 0; i < 4; i++)
		if (d->old.phase_valid[i] || d->new.phase_valid[i]) {
			fprintf(out, "  %-14s ", phase_keys[i]);
			if (d->old.phase_valid[i] && d->new.phase_valid[i])
				fprintf(out, "%.1f → %.1f (%+.1f)\n",
					d->old.phase[i], d->new.phase[i],
					d->new.phase[i] - d->old.phase[i]);
			else
				fputs("n/a\n", out);
		}
	fputs("  ", out);
	for (int i = 0; i < DIFF__COUNT; i++)
		fprintf(out, "%s%zu %s", i ? ", " : "", d->counts[i],
			diff_class_names[i]);
	fputc('\n', out);
}

static int w_json(const void *d, FILE *out)
{
	return diff_write_json(d, out);
}

static int w_csv(const void *d, FILE *out)
{
	return diff_write_csv(d, out);
}

static int w_html(const void *d, FILE *out)
{
	return diff_write_html(d, out);
}

int diff_write_files(const struct diff *d, const char *dir)
{
	int rc = 0;

	rc |= report_write_atomic(dir, "diff.json", w_json, d);
	rc |= report_write_atomic(dir, "diff.csv", w_csv, d);
	rc |= report_write_atomic(dir, "diff.html", w_html, d);
	return rc ? IRREADY_EIO : 0;
}
