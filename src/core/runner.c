/*
 * runner.c -- plan, collect, evaluate, score, report
 *
 * Selects checks, computes the union of datasets they need, drives
 * collection per account and region, turns datasets that could not be
 * collected into ERROR findings (with the AWS error code, action and
 * region), runs the checks over the finished inventory, scores, writes
 * the reports and picks the exit code.
 */
#include "runner.h"
#include "aws.h"
#include "aws_allowlist.h"
#include "aws_creds.h"
#include "aws_http.h"
#include "aws_https.h"
#include "aws_record.h"
#include "check.h"
#include "inv.h"
#include "irready.h"
#include "params.h"
#include "policy.h"
#include "org.h"
#include "report.h"
#include "score.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int runner_select(const char *ids, const char *phase, int drill,
		  const struct check **out)
{
	enum ir_phase ph = PHASE_PREPARATION;
	int n = 0;

	if (phase && phase_parse(phase, &ph)) {
		error_rc(IRREADY_EUSAGE,
			 "unknown phase '%s' (preparation, detection, "
			 "containment, post-incident)",
			 phase);
		return -1;
	}
	if (ids) {
		/* every pattern must match something */
		char *copy = xstrdup(ids), *save = NULL;

		for (char *t = strtok_r(copy, ",", &save); t;
		     t = strtok_r(NULL, ",", &save)) {
			int hit = 0;

			for (size_t i = 0; i < check_count; i++) {
				const struct check *c = check_registry[i];

				hit |= !fnmatch(t, c->id, 0);
				if (!drill && (c->needs & NEED_DRILL) &&
				    !strcmp(t, c->id)) {
					error_rc(IRREADY_EUSAGE,
						 "check '%s' runs only with "
						 "--drill",
						 t);
					free(copy);
					return -1;
				}
			}
			if (!hit) {
				error_rc(IRREADY_EUSAGE,
					 "unknown check '%s' (see 'irready "
					 "checks')",
					 t);
				free(copy);
				return -1;
			}
		}
		free(copy);
	}
	for (size_t i = 0; i < check_count; i++) {
		const struct check *c = check_registry[i];
		int want = 1;

		if (phase && c->phase != ph)
			want = 0;
		if (!drill && (c->needs & NEED_DRILL))
			want = 0; /* not even for "*" */
		if (want && ids) {
			char *copy = xstrdup(ids), *save = NULL;

			want = 0;
			for (char *t = strtok_r(copy, ",", &save); t;
			     t = strtok_r(NULL, ",", &save))
				want |= !fnmatch(t, c->id, 0);
			free(copy);
		}
		if (want)
			out[n++] = c;
	}
	return n;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void split_list(const char *s, char ***out, size_t *n)
{
	char *copy = xstrdup(s), *save = NULL;
	size_t alloc = 0;

	*out = NULL;
	*n = 0;
	for (char *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		ALLOC_GROW(*out, *n + 1, alloc);
		(*out)[(*n)++] = xstrdup(t);
	}
	free(copy);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * The first failed dataset among 'needs' in this scope, or NULL. An
 * account-scope check that reads regional datasets depends on every
 * region: one region's failure makes its verdict unknowable, so it is
 * ERROR rather than a PASS built on partial data.
 */
static const struct inv_status *failed_need(const struct inv_account *a,
					    const struct inv_region *r,
					    inv_needs needs, int *ds_out)
{
	for (int d = 0; d < DS__COUNT; d++) {
		if (!(needs & INV_NEED(d)))
			continue;
		*ds_out = d;
		if (inv_dataset_scope((enum inv_dataset)d) == INV_ACCOUNT) {
			if (a->status[d].state == INV_FAILED)
				return &a->status[d];
		} else if (r) {
			if (r->status[d].state == INV_FAILED)
				return &r->status[d];
		} else {
			for (size_t k = 0; k < a->nregions; k++)
				if (a->regions[k].status[d].state == INV_FAILED)
					return &a->regions[k].status[d];
		}
	}
	return NULL;
}

static void add_error(struct findings *out, const char *resource,
		      const char *what, const struct aws_error *e)
{
	findings_add(out, CHECK_ERROR, "", resource,
		     "could not collect %s: %s%s%s%s%s%s%s", what,
		     e->code[0] ? e->code : "error", e->action[0] ? " on " : "",
		     e->action, e->region[0] ? " in " : "", e->region,
		     e->message[0] ? ": " : "", e->message);
}

void runner_run_scope(const struct check *c, const struct check_ctx *cx,
		      struct findings *out)
{
	const char *scope_res = cx->region ? cx->region->name : cx->acct->id;
	const struct inv_status *st;
	size_t before = out->n;
	int ds = 0;

	out->region = cx->region ? cx->region->name : "global";
	st = failed_need(cx->acct, cx->region, c->needs, &ds);
	if (st) {
		add_error(out, scope_res,
			  inv_dataset_desc((enum inv_dataset)ds), &st->err);
		return;
	}
	if (c->run(cx, out))
		findings_add(out, CHECK_ERROR, "", scope_res,
			     "check %s could not evaluate its data", c->id);
	else if (out->n == before)
		findings_add(out, CHECK_NA, "", scope_res,
			     "nothing to evaluate in %s", scope_res);
}

static void evaluate(const struct inventory *inv, const struct policy *pol,
		     const struct check *const *sel, size_t nsel,
		     struct findings *out)
{
	for (size_t i = 0; i < inv->naccounts; i++) {
		const struct inv_account *a = &inv->accounts[i];
		size_t first = out->n;

		out->account_id = a->id;
		for (size_t k = 0; k < nsel; k++) {
			const struct check *c = sel[k];
			struct check_ctx cx = {
				.inv = inv,
				.acct = a,
				.params = &pol->params,
				.now = inv->now,
				.attestations = pol->attestations,
				.nattestations = pol->nattestations,
			};

			out->check = c;
			out->severity = policy_severity(pol, c);
			if (!a->assessed) {
				out->region = "global";
				add_error(out, a->id, "the account", &a->fatal);
				continue;
			}
			if (c->scope == CHECK_SCOPE_ACCOUNT) {
				runner_run_scope(c, &cx, out);
				continue;
			}
			for (size_t r = 0; r < a->nregions; r++) {
				cx.region = &a->regions[r];
				runner_run_scope(c, &cx, out);
			}
		}
		for (size_t j = first; j < out->n; j++) {
			if (a->name)
				out->v[j].account_name = xstrdup(a->name);
			if (a->ou_path)
				out->v[j].ou_path = xstrdup(a->ou_path);
		}
	}
	findings_sort(out);
}

/* Identity and regions of every account; returns how many were assessed. */
struct disc {
	struct inventory *inv;
	struct aws_client *client;
	const struct audit_opts *o;
	char **only;
	size_t nonly, next, ok;
};

static void *disc_worker(void *arg)
{
	struct disc *d = arg;

	for (;;) {
		size_t i = __atomic_fetch_add(&d->next, 1, __ATOMIC_RELAXED);
		struct inv_account *a;

		if (i >= d->inv->naccounts)
			break;
		a = &d->inv->accounts[i];
		{
			struct collect_ctx cx = { .client = d->client,
						  .acct = a,
						  .arena = &a->meta,
						  .err = &a->fatal,
						  .now = d->inv->now };

			if (inv_collect_identity(&cx) ||
			    inv_collect_regions(&cx,
						(const char *const *)d->only,
						d->nonly)) {
				warning("account %s cannot be assessed: %s on "
					"%s in "
					"%s: %s",
					a->id ? a->id : "?", a->fatal.code,
					a->fatal.action, a->fatal.region,
					a->fatal.message);
				if (!a->id)
					a->id = "unknown";
				continue;
			}
		}
		a->assessed = 1;
		__atomic_add_fetch(&d->ok, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static size_t discover(struct inventory *inv, struct aws_client *client,
		       const struct audit_opts *o)
{
	struct disc d = { inv, client, o, NULL, 0, 0, 0 };
	pthread_t th[64];
	int n = o->concurrency > 0 ? o->concurrency : 8, started = 0;

	if (o->regions && strcmp(o->regions, "all"))
		split_list(o->regions, &d.only, &d.nonly);
	if (n > 64)
		n = 64;
	if ((size_t)n > inv->naccounts)
		n = (int)inv->naccounts;
	for (int i = 1; i < n; i++)
		if (!pthread_create(&th[started], NULL, disc_worker, &d))
			started++;
	disc_worker(&d);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free_list(d.only, d.nonly);
	return d.ok;
}

static void push_name(char ***v, size_t *n, const char *s)
{
	for (size_t k = 0; k < *n; k++)
		if (!strcmp((*v)[k], s))
			return;
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

/* Add this batch's accounts and regions to the run's (kept sorted). */
static void collect_names(const struct inventory *inv, struct run_info *ri)
{
	for (size_t i = 0; i < inv->naccounts; i++) {
		const struct inv_account *a = &inv->accounts[i];

		push_name(&ri->accounts, &ri->naccounts, a->id);
		for (size_t r = 0; r < a->nregions; r++)
			push_name(&ri->regions, &ri->nregions,
				  a->regions[r].name);
	}
	if (ri->naccounts > 1)
		qsort(ri->accounts, ri->naccounts, sizeof(char *), cmp_strp);
	if (ri->nregions > 1)
		qsort(ri->regions, ri->nregions, sizeof(char *), cmp_strp);
}

/* One line per waiver for the report: "active: check resource — why". */
static char **waiver_notes(const struct policy *pol, time_t now, size_t *n)
{
	char **v = xcalloc(pol->nwaivers + 1, sizeof(char *));

	for (size_t i = 0; i < pol->nwaivers; i++) {
		const struct waiver *w = &pol->waivers[i];

		v[i] = xasprintf("%s: %s on %s — %s (%s%s%s, until %s; %zu "
				 "finding%s) [%s]",
				 waiver_state_name(policy_waiver_state(w, now)),
				 w->check, w->resource, w->reason, w->owner,
				 w->ticket ? ", " : "",
				 w->ticket ? w->ticket : "", w->expires_str,
				 w->matched, w->matched == 1 ? "" : "s",
				 w->origin);
	}
	*n = pol->nwaivers;
	return v;
}

/* The accounts a run audits, in order. */
struct plan_account {
	char *id; /* NULL: the credentials' own account, found by identity */
	char *name, *ou;
};

struct plan {
	struct plan_account *v;
	size_t n, alloc;
	struct aws_creds_provider **providers; /* assumed roles, owned */
	size_t nproviders;
};

static void plan_add(struct plan *p, const char *id, const char *name,
		     const char *ou)
{
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n].id = id ? xstrdup(id) : NULL;
	p->v[p->n].name = name && *name ? xstrdup(name) : NULL;
	p->v[p->n].ou = ou ? xstrdup(ou) : NULL;
	p->n++;
}

static void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].id);
		free(p->v[i].name);
		free(p->v[i].ou);
	}
	for (size_t i = 0; i < p->nproviders; i++)
		aws_creds_provider_free(p->providers[i]);
	free(p->providers);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* --accounts, --exclude-accounts and --shard, for a known account id. */
static int wanted_account(const struct audit_opts *o, const char *id)
{
	if (!org_account_selected(id, o->accounts, o->exclude_accounts))
		return 0;
	return !o->shard_count ||
	       org_shard_of(id, o->shard_count) == o->shard_index;
}

/*
 * Who is audited: with --org, every ACTIVE account the Organization
 * lists (the caller's own with its own credentials, the others through
 * --role-name); otherwise the recording's accounts, or the credentials'
 * own account.
 */
static int plan_accounts(const struct audit_opts *o, struct aws_client *client,
			 struct aws_creds_provider *creds, const char *home,
			 const struct aws_scenario *sc, struct plan *p)
{
	struct org_accounts org = { 0 };
	struct inv_account caller = { 0 };
	struct collect_ctx cx = { .client = client,
				  .acct = &caller,
				  .arena = &caller.meta,
				  .err = &caller.fatal };
	const char *role =
		o->role_name ? o->role_name : "OrganizationAccountAccessRole";
	int rc = 0;

	if (!o->org) {
		if (o->replay_dir) {
			for (size_t i = 0; i < sc->naccounts; i++)
				if (wanted_account(o, sc->accounts[i]))
					plan_add(p, sc->accounts[i], NULL,
						 NULL);
		} else {
			plan_add(p, NULL, NULL, NULL);
		}
		if (!p->n && !o->shard_count)
			return error_rc(IRREADY_EUSAGE,
					"no account left to audit after "
					"--accounts/--exclude-accounts");
		return 0;
	}
	/* the caller: the management account or a delegated administrator */
	caller.id = o->replay_dir && sc->naccounts ? sc->accounts[0] : NULL;
	caller.home_region = home;
	if (inv_collect_identity(&cx) ||
	    org_list_accounts(client, caller.id, home, &org, &caller.fatal)) {
		rc = error_rc(IRREADY_EAWS,
			      "cannot list the Organization's accounts: %s on "
			      "%s: %s",
			      caller.fatal.code, caller.fatal.action,
			      caller.fatal.message);
		goto out;
	}
	info("organization: %zu accounts, management account %s", org.n,
	     org.management_id ? org.management_id : "?");
	for (size_t i = 0; i < org.n; i++) {
		const struct org_account *a = &org.v[i];

		if (!wanted_account(o, a->id))
			continue;
		if (strcmp(a->status, "ACTIVE")) {
			info("skipping account %s (%s): %s", a->id, a->name,
			     a->status);
			continue;
		}
		plan_add(p, a->id, a->name, a->ou_path);
		if (creds && strcmp(a->id, caller.id)) {
			struct aws_creds_provider *ap = NULL;
			char *arn = xasprintf("arn:%s:iam::%s:role/%s",
					      aws_partition(home), a->id, role);

			aws_creds_provider_assume(creds, arn, o->external_id,
						  "irready-audit", home,
						  o->endpoint_url, &ap);
			aws_https_set_account_creds(client->transport, a->id,
						    ap);
			p->providers = xrealloc(p->providers,
						(p->nproviders + 1) *
							sizeof(*p->providers));
			p->providers[p->nproviders++] = ap;
			free(arn);
		}
	}
	/* an empty shard is a valid share of the work: an empty report */
	if (!p->n && !o->shard_count)
		rc = error_rc(IRREADY_EUSAGE, "no active account left to audit "
					      "in the Organization");
out:
	org_accounts_release(&org);
	arena_release(&caller.meta);
	return rc;
}

/* Account ids and caller ARNs of the run, for the recording's manifest. */
struct callers {
	char **ids, **arns;
	size_t n;
};

static void push_caller(struct callers *c, const struct inv_account *a)
{
	c->ids = xrealloc(c->ids, (c->n + 1) * sizeof(char *));
	c->arns = xrealloc(c->arns, (c->n + 1) * sizeof(char *));
	c->ids[c->n] = xstrdup(a->id ? a->id : "unknown");
	c->arns[c->n] = a->caller_arn ? xstrdup(a->caller_arn) : NULL;
	c->n++;
}

static void callers_release(struct callers *c)
{
	free_list(c->ids, c->n);
	free_list(c->arns, c->n);
	memset(c, 0, sizeof(*c));
}

int runner_audit(const struct audit_opts *o)
{
	const struct check **sel = xcalloc(check_count, sizeof(*sel));
	struct inventory inv = { 0 };
	struct aws_scenario sc = { 0 };
	struct aws_client client = { 0 };
	struct findings f;
	struct scores scores;
	struct policy pol = { 0 };
	char **notes = NULL;
	size_t nnotes = 0;
	struct run_info ri = { 0 };
	struct report rep = { 0 };
	struct collect_opts copts = { 0 };
	struct aws_creds_provider *creds = NULL;
	struct plan plan = { 0 };
	struct callers callers = { 0 };
	const char *home;
	size_t batch, assessed = 0;
	int nsel, rc = EXIT_CANNOT_ASSESS;
	int have_scores = 0;

	findings_init(&f);
	if (policy_load(o->policy_file, &pol)) {
		rc = EXIT_USAGE;
		goto out;
	}
	nsel = runner_select(o->checks, o->phase, o->drill, sel);
	if (nsel < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	/* --checks and --phase narrow what the policy selects */
	{
		int k = 0;

		for (int i = 0; i < nsel; i++)
			if (policy_selects(&pol, sel[i]))
				sel[k++] = sel[i];
		nsel = k;
	}
	if (!nsel) {
		error_rc(IRREADY_EUSAGE,
			 "no check selected (policy '%s' with "
			 "--checks/--phase)",
			 pol.name);
		rc = EXIT_USAGE;
		goto out;
	}
	/* the read-only guard lets the drill's dry runs through only now */
	client.drill = o->drill;
	if (o->record_dir)
		client.recorder = aws_recorder_new(o->record_dir);
	if (o->replay_dir) {
		if (aws_scenario_load(o->replay_dir, &sc))
			goto out;
		client.transport = aws_replay_new(o->replay_dir);
		home = o->region        ? o->region
		       : sc.home_region ? sc.home_region
					: "us-east-1";
		inv.now = o->now ? o->now : sc.now ? sc.now : time(NULL);
	} else {
		struct aws_creds_opts co = { .profile = o->profile,
					     .region = o->region,
					     .endpoint_url = o->endpoint_url,
					     .allow_plain = o->allow_plain,
					     .mfa_token = o->mfa_token,
					     .mfa_prompt = o->mfa_prompt };
		struct aws_https_opts ho = { .endpoint_url = o->endpoint_url,
					     .recorder = client.recorder,
					     .allow_plain = o->allow_plain };
		struct aws_error err;

		aws_error_clear(&err);
		if (aws_creds_provider_new(&co, &creds, &err)) {
			error_rc(IRREADY_EDENIED,
				 "no usable AWS credentials: %s%s%s", err.code,
				 err.message[0] ? ": " : "", err.message);
			goto out;
		}
		info("credentials: profile '%s' (%s)",
		     aws_creds_profile_name(creds),
		     aws_creds_provider_source(creds));
		ho.creds = creds;
		client.transport = aws_https_new(&ho);
		home = o->region ? o->region
		       : aws_creds_profile_region(creds)
			       ? aws_creds_profile_region(creds)
			       : "us-east-1";
		inv.now = o->now ? o->now : time(NULL);
	}
	if (o->request_log && *o->request_log) {
		client.request_log = fopen(o->request_log, "w");
		if (!client.request_log)
			warning("cannot write request log '%s'",
				o->request_log);
	}
	ri.started = o->now ? o->now : time(NULL);
	if (policy_check_dates(&pol, inv.now)) {
		rc = EXIT_USAGE;
		goto out;
	}

	rc = plan_accounts(o, &client, creds, home, &sc, &plan);
	if (rc) {
		rc = rc == IRREADY_EUSAGE ? EXIT_USAGE : EXIT_CANNOT_ASSESS;
		goto out;
	}
	rc = EXIT_CANNOT_ASSESS;
	for (int i = 0; i < nsel; i++)
		copts.needs |= sel[i]->needs;
	copts.concurrency = o->concurrency > 0 ? o->concurrency : 8;
	copts.progress = o->progress;
	copts.params = &pol.params; /* which buckets matter (S3_BUCKETS) */
	f.collected_at = inv.now;
	/*
	 * Accounts go through in batches: a finished batch is reduced to
	 * findings and its inventory released, so memory stays bounded
	 * however large the Organization.
	 */
	batch = o->dump_inventory           ? plan.n
		: o->accounts_in_flight > 0 ? (size_t)o->accounts_in_flight
					    : 8;
	for (size_t start = 0; start < plan.n; start += batch) {
		size_t end = start + batch < plan.n ? start + batch : plan.n;

		for (size_t i = start; i < end; i++) {
			struct inv_account *a = inv_add_account(&inv);

			a->id = plan.v[i].id
					? arena_strdup(&a->meta, plan.v[i].id)
					: NULL;
			a->name = arena_strdup(&a->meta, plan.v[i].name);
			a->ou_path = arena_strdup(&a->meta, plan.v[i].ou);
			a->home_region = arena_strdup(&a->meta, home);
		}
		assessed += discover(&inv, &client, o);
		inv_collect_datasets(&inv, &client, &copts);
		if (o->dump_inventory) {
			rc = inv_dump_json(&inv, stdout) ? EXIT_CANNOT_ASSESS
							 : EXIT_OK;
			if (!assessed)
				rc = EXIT_CANNOT_ASSESS;
			goto out;
		}
		evaluate(&inv, &pol, sel, (size_t)nsel, &f);
		collect_names(&inv, &ri);
		for (size_t i = 0; i < inv.naccounts; i++)
			push_caller(&callers, &inv.accounts[i]);
		inv_free(&inv);
	}
	/*
	 * With --org an account that cannot be assessed is ERROR findings in
	 * the report; an empty shard is an empty report. Otherwise, nothing
	 * assessed means nothing to say.
	 */
	if (!assessed && plan.n && !o->org) {
		error_rc(IRREADY_EAWS, "no account could be assessed");
		goto out;
	}
	if (!plan.n)
		info("shard %d/%d holds no account: writing an empty report",
		     o->shard_index, o->shard_count);
	findings_sort(&f);
	/* attestations are judged by the MANUAL checks themselves */
	policy_apply_waivers(&pol, &f, inv.now);
	if (!o->quiet)
		policy_warn_waivers(&pol, inv.now);
	notes = waiver_notes(&pol, inv.now, &nnotes);
	scores_compute(&scores, &f, sel, (size_t)nsel);
	have_scores = 1;

	ri.tool_version = IRREADY_VERSION;
	ri.mode = o->replay_dir ? "replay" : "live";
	ri.source = o->replay_dir     ? o->replay_dir
		    : o->endpoint_url ? o->endpoint_url
				      : "aws";
	ri.policy_name = pol.name;
	ri.policy_digest = pol.digest;
	ri.now = inv.now;
	ri.finished = o->now ? o->now : time(NULL);
	ri.api_calls = client.calls;
	ri.api_errors = client.errors;
	ri.fail_on = severity_name(o->fail_on);
	ri.shard_index = o->shard_index;
	ri.shard_count = o->shard_count;
	ri.run_id = o->run_id;
	rep.findings = &f;
	rep.scores = &scores;
	rep.run = &ri;
	rep.waiver_notes = (const char *const *)notes;
	rep.nwaiver_notes = nnotes;

	if (client.recorder) {
		struct record_meta m = { 0 };

		m.accounts = callers.ids;
		m.naccounts = callers.n;
		m.callers = callers.arns;
		m.regions = ri.regions;
		m.nregions = ri.nregions;
		m.home_region = home;
		m.policy_digest = pol.digest;
		m.started = ri.started;
		m.finished = ri.finished;
		m.now = inv.now;
		if (aws_recorder_finish(client.recorder, &m))
			warning("the recording in '%s' is incomplete",
				o->record_dir);
		client.recorder = NULL;
	}
	if (report_write_all(&rep, o->output_dir, o->formats)) {
		rc = EXIT_CANNOT_ASSESS;
		goto out;
	}
	if (!o->quiet)
		report_write_summary(&rep, stdout, o->color, o->output_dir,
				     o->formats);
	rc = EXIT_OK;
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].status == CHECK_FAIL &&
		    f.v[i].severity <= o->fail_on)
			rc = EXIT_FAILING;
out:
	if (have_scores)
		scores_release(&scores);
	free_list(notes, nnotes);
	policy_release(&pol);
	free_list(ri.accounts, ri.naccounts);
	free_list(ri.regions, ri.nregions);
	findings_release(&f);
	inv_free(&inv);
	aws_scenario_release(&sc);
	if (client.transport)
		client.transport->free(client.transport);
	if (client.request_log)
		fclose(client.request_log);
	aws_recorder_free(client.recorder);
	plan_release(&plan);
	callers_release(&callers);
	if (creds)
		aws_creds_provider_free(creds);
	free(sel);
	return rc;
}
