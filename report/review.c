/*
 * review.c -- compare a baseline and the current run; review.html
 *
 * The page reuses the report's stylesheet through trend_page_head() and
 * has no script; its print rules keep each section on its page where it
 * fits. Attestation findings are read back from their messages, whose
 * form checks/attest.h fixes ("attested on DATE by OWNER (...)", "last
 * attested DATE by OWNER, ...", "not attested that ...").
 */
#include "irready.h"
#include "html_int.h"
#include "report.h"
#include "review.h"
#include "score.h"
#include "trend.h"

#include <stdlib.h>
#include <string.h>

static const char *const attestation_checks[] = {
	"lessons_learned_recorded",
	"game_day_recent",
	"ir_plan_tested",
	"rpo_rto_defined",
};

int review_is_attestation(const char *check_id)
{
	for (size_t i = 0; i < ARRAY_SIZE(attestation_checks); i++)
		if (!strcmp(check_id, attestation_checks[i]))
			return 1;
	return 0;
}

static void push(struct review *rv, enum review_kind k,
		 const struct hist_finding *before,
		 const struct hist_finding *now)
{
	rv->v[k] = xrealloc(rv->v[k], (rv->n[k] + 1) * sizeof(*rv->v[k]));
	rv->v[k][rv->n[k]].before = before;
	rv->v[k][rv->n[k]++].now = now;
}

/* Did run 'ri' assess this finding's unit, given what it found ('x')? */
static int assessed(const struct history_data *h, size_t ri,
		    const struct hist_finding *x,
		    const struct hist_finding *any)
{
	if (x)
		return x->status != CHECK_ERROR && x->status != CHECK_MANUAL;
	return hist_assessed(h, ri, any->check_id, any->account_id,
			     any->region);
}

void review_compute(struct review *rv, const struct history_data *h,
		    size_t base, size_t cur, time_t incident)
{
	memset(rv, 0, sizeof(*rv));
	rv->h = h;
	rv->base = base;
	rv->cur = cur;
	rv->incident = incident;
	for (size_t lo = 0; lo < h->nf;) {
		const struct hist_finding *b = NULL, *c = NULL,
					  *any = &h->f[lo];
		size_t hi = lo;
		int fb, fc;

		for (; hi < h->nf && !strcmp(h->f[hi].id, any->id); hi++) {
			if (h->f[hi].run == base)
				b = &h->f[hi];
			if (h->f[hi].run == cur)
				c = &h->f[hi];
		}
		lo = hi;
		fb = b && b->status == CHECK_FAIL;
		fc = c && c->status == CHECK_FAIL;
		if (!fb && !fc)
			continue;
		if (!assessed(h, base, b, any) || !assessed(h, cur, c, any)) {
			push(rv, RV_NOT_ASSESSED, b, c);
			continue;
		}
		if (fc && b && b->status == CHECK_PASS)
			push(rv, RV_REGRESSED, b, c);
		else if (fc && (!b || b->status == CHECK_NA))
			push(rv, RV_NEW, b, c);
		else if (fc)
			push(rv, RV_STILL, b, c);
		else if (!c || c->status == CHECK_PASS || c->status == CHECK_NA)
			push(rv, RV_RESOLVED, b, c);
		/* FAIL -> WAIVED: an open item with an owner, listed there */
	}
}

void review_release(struct review *rv)
{
	for (int k = 0; k < RV__COUNT; k++)
		free(rv->v[k]);
	memset(rv, 0, sizeof(*rv));
}

static void put_date(FILE *out, time_t t)
{
	char buf[32];

	format_iso8601(t, buf, sizeof(buf));
	buf[10] = 0;
	fputs(buf, out);
}

static void score_row(FILE *out, const struct review *rv, const char *label,
		      const char *grp, const char *key)
{
	const struct hist_score *a =
		hist_run_score(&rv->h->runs[rv->base], grp, key);
	const struct hist_score *b =
		hist_run_score(&rv->h->runs[rv->cur], grp, key);

	fprintf(out, "<tr><td>%s</td><td class=\"num\">", label);
	if (a && a->valid)
		fprintf(out, "%.1f", a->score);
	else
		fputs("&mdash;", out);
	fputs("</td><td class=\"num\">", out);
	if (b && b->valid)
		fprintf(out, "%.1f", b->score);
	else
		fputs("&mdash;", out);
	fputs("</td><td class=\"num\">", out);
	if (a && b && a->valid && b->valid)
		fprintf(out, "%+.1f", b->score - a->score);
	else
		fputs("&mdash;", out);
	fputs("</td><td class=\"num\">", out);
	if (a && b)
		fprintf(out, "%.0f%% &rarr; %.0f%%", a->coverage, b->coverage);
	else
		fputs("&mdash;", out);
	fputs("</td></tr>\n", out);
}

static void write_scores(FILE *out, const struct review *rv)
{
	fputs("<section class=\"card\"><h2>Readiness since the "
	      "baseline</h2><table><thead><tr><th></th><th "
	      "class=\"num\">Baseline</th><th class=\"num\">Now</th><th "
	      "class=\"num\">Change</th><th class=\"num\">Coverage</th></tr>"
	      "</thead><tbody>\n",
	      out);
	score_row(out, rv, "Overall", "overall", "");
	for (int p = 0; p < PHASE__COUNT; p++)
		score_row(out, rv, phase_title((enum ir_phase)p), "phase",
			  phase_name((enum ir_phase)p));
	fputs("</tbody></table><p class=\"note\">", out);
	fprintf(out,
		"%zu regressed, %zu new failures, %zu resolved, %zu still "
		"failing, %zu not assessed in one of the two runs. Only "
		"findings whose check, account and region both runs assessed "
		"are compared.</p></section>\n",
		rv->n[RV_REGRESSED], rv->n[RV_NEW], rv->n[RV_RESOLVED],
		rv->n[RV_STILL], rv->n[RV_NOT_ASSESSED]);
}

static void item_row(FILE *out, const struct review_item *it, int kind)
{
	const struct hist_finding *x = it->now ? it->now : it->before;

	fputs("<tr><td>", out);
	html_put_severity(out, x->severity);
	fputs("</td><td class=\"mono\">", out);
	html_escape(out, x->check_id);
	fputs("</td><td class=\"mono\">", out);
	html_escape(out, x->account_id);
	fputs(" &middot; ", out);
	html_escape(out, x->region);
	fputs("</td>", out);
	{
		fputs("<td class=\"st\">", out);
		if (it->before)
			html_put_status(out, it->before->status);
		else
			fputs("&mdash;", out);
		fputs(" &rarr; ", out);
		if (it->now)
			html_put_status(out, it->now->status);
		else
			fputs(kind == RV_NOT_ASSESSED ? "not assessed" : "gone",
			      out);
		fputs("</td>", out);
	}
	fputs("<td class=\"brk\">", out);
	html_escape(out, x->message ? x->message : "");
	fputs("</td></tr>\n", out);
}

static int cmp_item(const void *a, const void *b)
{
	const struct review_item *x = a, *y = b;
	const struct hist_finding *p = x->now ? x->now : x->before;
	const struct hist_finding *q = y->now ? y->now : y->before;
	int c;

	if (p->severity != q->severity)
		return p->severity < q->severity ? -1 : 1;
	if ((c = strcmp(p->check_id, q->check_id)))
		return c;
	if ((c = strcmp(p->account_id, q->account_id)))
		return c;
	return strcmp(p->id, q->id);
}

/* A table of the items of 'kinds' whose phase is 'phase' (-1: any). */
static void item_table(FILE *out, const struct review *rv, const char *title,
		       const enum review_kind *kinds, int nkinds, int phase,
		       const char *none)
{
	struct review_item *v = NULL;
	int *kind = NULL;
	size_t n = 0;

	for (int k = 0; k < nkinds; k++)
		for (size_t i = 0; i < rv->n[kinds[k]]; i++) {
			const struct review_item *it = &rv->v[kinds[k]][i];
			const struct hist_finding *x =
				it->now ? it->now : it->before;

			if (phase >= 0 && (int)x->phase != phase)
				continue;
			v = xrealloc(v, (n + 1) * sizeof(*v));
			kind = xrealloc(kind, (n + 1) * sizeof(*kind));
			kind[n] = kinds[k];
			v[n++] = *it;
		}
	fputs("<section class=\"card\"><h2>", out);
	html_escape(out, title);
	fprintf(out, " (%zu)</h2>", n);
	if (!n) {
		fprintf(out, "<p>%s</p></section>\n", none);
		free(v);
		free(kind);
		return;
	}
	/* one kind per table but for regressions + new failures, which
	 * item_row tells apart by the statuses themselves */
	if (nkinds == 1)
		qsort(v, n, sizeof(*v), cmp_item);
	fputs("<div class=\"scroll\"><table><thead><tr><th>Severity</th>"
	      "<th>Check</th><th>Where</th><th>Status</th><th>Finding</th>"
	      "</tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < n; i++)
		item_row(out, &v[i], kind[i]);
	fputs("</tbody></table></div></section>\n", out);
	free(v);
	free(kind);
}

/* "attested on DATE by OWNER (" / "last attested DATE by OWNER, ". */
static void parse_attestation(const char *msg, char date[11], char *owner,
			      size_t owner_len)
{
	const char *p = msg ? strstr(msg, "attested ") : NULL, *by, *end;

	date[0] = 0;
	owner[0] = 0;
	if (!p || !strncmp(msg, "not attested", 12))
		return;
	p += 9;
	if (!strncmp(p, "on ", 3))
		p += 3;
	if (strlen(p) < 10)
		return;
	memcpy(date, p, 10);
	date[10] = 0;
	by = strstr(p, " by ");
	if (!by)
		return;
	by += 4;
	end = by + strcspn(by, ",(");
	while (end > by && end[-1] == ' ')
		end--;
	snprintf(owner, owner_len, "%.*s", (int)(end - by), by);
}

static void write_attestations(FILE *out, const struct review *rv)
{
	const struct history_data *h = rv->h;
	size_t shown = 0;

	fputs("<section class=\"card\"><h2>Lessons learned and game days"
	      "</h2><table><thead><tr><th>Practice</th><th>Account</th>"
	      "<th>State</th><th>Last attested</th><th>Owner</th></tr>"
	      "</thead><tbody>\n",
	      out);
	for (size_t i = 0; i < h->nf; i++) {
		const struct hist_finding *x = &h->f[i];
		char date[11], owner[128];
		const char *state;
		time_t at = 0;

		if (x->run != rv->cur || !review_is_attestation(x->check_id))
			continue;
		parse_attestation(x->message, date, owner, sizeof(owner));
		if (date[0] && parse_iso8601(date, &at))
			at = 0;
		switch (x->status) {
		case CHECK_PASS:
			state = "attested";
			/* lessons from this incident come after it */
			if (rv->incident && at && at < rv->incident &&
			    !strcmp(x->check_id, "lessons_learned_recorded"))
				state = "due: not since the incident";
			break;
		case CHECK_FAIL:
			state = "due: attestation too old";
			break;
		case CHECK_MANUAL:
			state = "missing: never attested";
			break;
		case CHECK_WAIVED:
			state = "waived";
			break;
		default:
			state = "error: see the report";
		}
		fputs("<tr><td class=\"mono\">", out);
		html_escape(out, x->check_id);
		fputs("</td><td class=\"mono\">", out);
		html_escape(out, x->account_id);
		fprintf(out, "</td><td><b>%s</b></td><td>", state);
		html_escape(out, date[0] ? date : "\xe2\x80\x94");
		fputs("</td><td>", out);
		html_escape(out, owner[0] ? owner : "\xe2\x80\x94");
		fputs("</td></tr>\n", out);
		shown++;
	}
	if (!shown)
		fputs("<tr><td colspan=\"5\">The current run did not select "
		      "these checks.</td></tr>\n",
		      out);
	fputs("</tbody></table>", out);
	if (rv->incident) {
		fputs("<p class=\"note\">Incident date: ", out);
		put_date(out, rv->incident);
		fputs(". lessons_learned_recorded attested before it is due "
		      "again.</p>",
		      out);
	}
	fputs("</section>\n", out);
}

/* "reason (owner, ticket, until date)": the owner, or "". */
static void waiver_owner(const char *w, char *owner, size_t n)
{
	const char *p = w ? strrchr(w, '(') : NULL;

	owner[0] = 0;
	if (p)
		snprintf(owner, n, "%.*s", (int)strcspn(p + 1, ",)"), p + 1);
}

static void write_open_items(FILE *out, const struct review *rv)
{
	const struct history_data *h = rv->h;
	size_t shown = 0;

	fputs("<section class=\"card\"><h2>Open items and owners</h2>"
	      "<div class=\"scroll\"><table><thead><tr><th>Severity</th>"
	      "<th>Check</th><th>Where</th><th>Owner</th><th>Item</th></tr>"
	      "</thead><tbody>\n",
	      out);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < h->nf; i++) {
			const struct hist_finding *x = &h->f[i];
			char owner[128] = "";

			if (x->run != rv->cur)
				continue;
			/* first the waived (owned) items, then unowned
			 * critical and high failures */
			if (pass == 0 && x->status != CHECK_WAIVED)
				continue;
			if (pass == 1 && (x->status != CHECK_FAIL ||
					  x->severity > SEV_HIGH ||
					  review_is_attestation(x->check_id)))
				continue;
			if (pass == 0)
				waiver_owner(x->waiver, owner, sizeof(owner));
			fputs("<tr><td>", out);
			html_put_severity(out, x->severity);
			fputs("</td><td class=\"mono\">", out);
			html_escape(out, x->check_id);
			fputs("</td><td class=\"mono\">", out);
			html_escape(out, x->account_id);
			fputs(" &middot; ", out);
			html_escape(out, x->region);
			fputs("</td><td>", out);
			if (owner[0])
				html_escape(out, owner);
			else
				fputs("<b>unassigned</b>", out);
			fputs("</td><td class=\"brk\">", out);
			html_escape(out, pass == 0 && x->waiver ? x->waiver
					 : x->message           ? x->message
								: "");
			fputs("</td></tr>\n", out);
			shown++;
		}
	if (!shown)
		fputs("<tr><td colspan=\"5\">Nothing open.</td></tr>\n", out);
	fputs("</tbody></table></div><p class=\"note\">Waived findings with "
	      "their waiver's owner, then critical and high failures, which "
	      "have none until someone takes them.</p></section>\n",
	      out);
}

static const char review_css[] =
	"@page{margin:14mm}\n"
	"@media print{.top{padding:10px 0}main.wrap{padding-top:8px}"
	"h2{break-after:avoid}tr{break-inside:avoid}"
	".scroll{overflow:visible}}\n"
	"td.st{white-space:nowrap}\n";

int review_write_html(const struct review *rv, FILE *out)
{
	const struct hist_run *b = &rv->h->runs[rv->base];
	const struct hist_run *c = &rv->h->runs[rv->cur];
	static const enum review_kind bad[] = { RV_REGRESSED, RV_NEW };
	static const enum review_kind good[] = { RV_RESOLVED };
	static const enum review_kind still[] = { RV_STILL };
	static const enum review_kind na[] = { RV_NOT_ASSESSED };

	trend_page_head(out, "post-incident review", review_css);
	fputs("<header class=\"top\"><div class=\"wrap\"><h1>Post-incident "
	      "improvement review</h1><div class=\"sub\">Baseline ",
	      out);
	put_date(out, b->at);
	fputs(" (run <span class=\"mono\">", out);
	html_escape(out, b->id);
	fputs("</span>) &rarr; now ", out);
	put_date(out, c->at);
	fputs(" (run <span class=\"mono\">", out);
	html_escape(out, c->id);
	fputs("</span>)", out);
	if (rv->incident) {
		fputs(" &middot; incident ", out);
		put_date(out, rv->incident);
	}
	fputs("</div></div></header>\n<main class=\"wrap\">\n", out);
	write_scores(out, rv);
	item_table(out, rv, "Containment and recovery regressions", bad, 2,
		   PHASE_CONTAINMENT,
		   "None: no containment or recovery item got worse.");
	item_table(out, rv, "All regressions and new failures", bad, 2, -1,
		   "None.");
	write_attestations(out, rv);
	write_open_items(out, rv);
	item_table(out, rv, "Resolved since the baseline", good, 1, -1,
		   "None.");
	item_table(out, rv, "Still failing", still, 1, -1, "None.");
	item_table(out, rv, "Not assessed in one of the runs", na, 1, -1,
		   "None: both runs assessed everything either found "
		   "failing.");
	fputs("</main>\n</body>\n</html>\n", out);
	return ferror(out) ? IRREADY_EIO : 0;
}

void review_write_summary(const struct review *rv, FILE *out, const char *dir)
{
	fprintf(out,
		"irready review: %zu regressed, %zu new failures, %zu "
		"resolved, %zu still failing, %zu not assessed\n"
		"  review:   %s/review.html\n",
		rv->n[RV_REGRESSED], rv->n[RV_NEW], rv->n[RV_RESOLVED],
		rv->n[RV_STILL], rv->n[RV_NOT_ASSESSED], dir);
}
