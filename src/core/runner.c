/*
 * runner.c -- plan, collect, evaluate, score, report
 *
 * Selects checks, computes the union of datasets they need, drives
 * collection per account and region, turns datasets that could not be
 * collected into ERROR findings (with the AWS error code, action and
 * region), runs the checks over the finished inventory, scores, writes
 * the reports and picks the exit code. The plan stage's accounts are
 * runner_plan.c; the evaluate stage (and the datasets' release) is
 * runner_eval.c.
 */
#include "runner.h"
#include "runner_plan.h"
#include "history.h"
#include "evidence_sign.h"
#include "aws.h"
#include "aws_allowlist.h"
#include "aws_creds.h"
#include "aws_http.h"
#include "aws_https.h"
#include "aws_rate.h"
#include "aws_record.h"
#include "check.h"
#include "exitcode.h"
#include "inv_collect.h"
#include "irready.h"
#include "params.h"
#include "policy.h"
#include "org.h"
#include "orgwide.h"
#include "report.h"
#include "compliance.h"
#include "progress.h"
#include "score.h"
#include "scope.h"

#include <fnmatch.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/*
 * One audit, stage by stage: plan (policy, checks, datasets), open the
 * transport (replay or live credentials), list the accounts, collect and
 * evaluate them batch by batch, then score and report.
 */
struct audit {
	const struct audit_opts *o;
	const struct check **sel;
	int nsel;
	struct policy pol;
	struct aws_scenario sc;
	struct aws_client client;
	struct aws_creds_provider *creds;
	const char *home;
	time_t now;
	struct collect_opts copts;
	char **only; /* --regions R1,R2 */
	size_t nonly;
	const char *regions; /* --regions, or the recording's */
	char *replay_regions, *reports_rel;
	struct inv_progress pctr;
	struct progress *prog;
	struct plan plan;
	struct callers callers;
	struct findings f;
	struct run_info ri;
	size_t assessed;
	struct aws_rate_override *rates; /* the policy's, then --rate */
	size_t nrates;
	struct inv_orgwide orgwide; /* --org: kept across the batches */
	FILE *spill; /* finished batches' findings, up to spill_end */
	off_t spill_end;
	int spill_failed; /* since then, findings stay in memory */
};

/* Policy and checks: the datasets to collect. Returns an EXIT_* code. */
static int stage_plan(struct audit *au)
{
	const struct audit_opts *o = au->o;
	int k = 0;

	if (policy_load(o->policy_file, &au->pol))
		return EXIT_USAGE;
	au->nsel = runner_select(o->checks, o->phase, o->drill, au->sel);
	if (au->nsel < 0)
		return EXIT_USAGE;
	/* --checks and --phase narrow what the policy selects */
	for (int i = 0; i < au->nsel; i++)
		if (policy_selects(&au->pol, au->sel[i]))
			au->sel[k++] = au->sel[i];
	au->nsel = k;
	/* so do --severity, --services and --exclude-checks */
	au->nsel = check_filter_apply(&o->filter, au->sel, au->nsel, &au->pol);
	if (!au->nsel) {
		error_rc(IRREADY_EUSAGE,
			 "no check selected (policy '%s' with "
			 "--checks/--phase)",
			 au->pol.name);
		return EXIT_USAGE;
	}
	for (int i = 0; i < au->nsel; i++)
		au->copts.needs |= au->sel[i]->needs | au->sel[i]->consults;
	au->copts.concurrency = o->concurrency > 0 ? o->concurrency : 8;
	if (o->concurrency <= 0 && o->replay_dir) {
		/* no latency to hide: more threads than CPUs only contend */
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

		if (ncpu >= 1 && ncpu < au->copts.concurrency)
			au->copts.concurrency = (int)ncpu;
	}
	au->copts.progress = o->progress;
	au->copts.params = &au->pol.params; /* which buckets matter */
	if (o->regions && strcmp(o->regions, "all"))
		split_list(o->regions, &au->only, &au->nonly);
	au->copts.only_regions = (const char *const *)au->only;
	au->copts.nonly_regions = au->nonly;
	return EXIT_OK;
}

/* The policy's "rates", then --rate (the later wins), into 'au'. */
static void audit_rates(struct audit *au)
{
	const struct policy *pol = &au->pol;
	const struct audit_opts *o = au->o;

	au->nrates = pol->nrates + o->nrates;
	au->rates = xcalloc(au->nrates + 1, sizeof(*au->rates));
	for (size_t i = 0; i < pol->nrates; i++)
		au->rates[i] = (struct aws_rate_override){
			xstrdup(pol->rates[i].service),
			pol->rates[i].action ? xstrdup(pol->rates[i].action)
					     : NULL,
			pol->rates[i].rate
		};
	for (size_t i = 0; i < o->nrates; i++)
		au->rates[pol->nrates + i] = (struct aws_rate_override){
			xstrdup(o->rates[i].service),
			o->rates[i].action ? xstrdup(o->rates[i].action) : NULL,
			o->rates[i].rate
		};
}

/* Live: the credential chain and the HTTPS transport. */
static int open_live(struct audit *au)
{
	const struct audit_opts *o = au->o;
	struct aws_creds_opts co = { .profile = o->profile,
				     .region = o->region,
				     .endpoint_url = o->endpoint_url,
				     .allow_plain = o->allow_plain,
				     .mfa_token = o->mfa_token,
				     .mfa_prompt = o->mfa_prompt };
	struct aws_https_opts ho = { .endpoint_url = o->endpoint_url,
				     .recorder = au->client.recorder,
				     .allow_plain = o->allow_plain };
	struct aws_error err;

	aws_error_clear(&err);
	if (aws_creds_provider_new(&co, &au->creds, &err))
		return error_rc(IRREADY_EDENIED,
				"no usable AWS credentials: %s%s%s", err.code,
				err.message[0] ? ": " : "", err.message);
	{
		char who[160];

		info("credentials: %s",
		     progress_creds_label(aws_creds_provider_source(au->creds),
					  aws_creds_profile_name(au->creds),
					  o->profile != NULL, who,
					  sizeof(who)));
	}
	ho.creds = au->creds;
	audit_rates(au);
	ho.rates = au->rates;
	ho.nrates = au->nrates;
	au->home = o->region ? o->region
		   : aws_creds_profile_region(au->creds)
			   ? aws_creds_profile_region(au->creds)
			   : "us-east-1";
	ho.home_region = au->home; /* the partition of "global" calls */
	au->client.transport = aws_https_new(&ho, &err);
	if (!au->client.transport)
		return error_rc(IRREADY_EUSAGE, "%s", err.message);
	au->now = o->now ? o->now : time(NULL);
	return 0;
}

/*
 * The transport (replay or live), the recorder and request log, the
 * audit's clock and home region; then the accounts to audit.
 */
static int stage_open(struct audit *au)
{
	const struct audit_opts *o = au->o;
	int rc;

	au->regions = o->regions;
	if (scope_check_names(o->regions, o->region))
		return EXIT_USAGE;
	/* the read-only guard lets the drill's dry runs through only now */
	au->client.drill = o->drill;
	if (o->record_dir)
		au->client.recorder = aws_recorder_new(o->record_dir);
	if (o->replay_dir) {
		if (aws_scenario_load(o->replay_dir, &au->sc))
			return EXIT_CANNOT_ASSESS;
		/* a replay covers the recorded regions, and no others */
		if (scope_replay_regions(o->replay_dir, &au->sc, o->regions,
					 &au->replay_regions))
			return EXIT_USAGE;
		if (au->replay_regions) {
			au->regions = au->replay_regions;
			free_list(au->only, au->nonly);
			au->only = NULL;
			au->nonly = 0;
			if (strcmp(au->regions, "all"))
				split_list(au->regions, &au->only, &au->nonly);
			au->copts.only_regions = (const char *const *)au->only;
			au->copts.nonly_regions = au->nonly;
		}
		au->client.transport = aws_replay_new(o->replay_dir);
		au->home = o->region            ? o->region
			   : au->sc.home_region ? au->sc.home_region
						: "us-east-1";
		au->now = o->now       ? o->now
			  : au->sc.now ? au->sc.now
				       : time(NULL);
	} else if ((rc = open_live(au))) {
		return rc == IRREADY_EUSAGE ? EXIT_USAGE : EXIT_CANNOT_ASSESS;
	}
	if (o->request_log && *o->request_log) {
		au->client.request_log = fopen(o->request_log, "w");
		if (!au->client.request_log)
			warning("cannot write request log '%s'",
				o->request_log);
	}
	au->ri.started = o->now ? o->now : time(NULL);
	if (policy_check_dates(&au->pol, au->now))
		return EXIT_USAGE;
	rc = plan_accounts(o, &au->client, au->creds, au->home, &au->sc,
			   &au->plan);
	if (rc)
		return rc == IRREADY_EUSAGE ? EXIT_USAGE : EXIT_CANNOT_ASSESS;
	return EXIT_OK;
}

/* Accounts [start, end) of the plan, as empty inventory accounts. */
static void add_accounts(struct audit *au, struct inventory *inv, size_t start,
			 size_t end)
{
	for (size_t i = start; i < end; i++) {
		const struct plan_account *p = &au->plan.v[i];
		struct inv_account *a = inv_add_account(inv);

		a->id = p->id ? arena_strdup(&a->meta, p->id) : NULL;
		a->name = arena_strdup(&a->meta, p->name);
		a->ou_path = arena_strdup(&a->meta, p->ou);
		a->home_region = arena_strdup(&a->meta, au->home);
		/* known from the --org listing: IDENTITY and ORG skip the call
		 */
		a->caller_arn = arena_strdup(&a->meta, p->caller_arn);
		if (p->org_id) {
			a->org.member = 1;
			a->org.id = arena_strdup(&a->meta, p->org_id);
			a->org.arn = arena_strdup(&a->meta, p->org_arn);
			a->org.feature_set =
				arena_strdup(&a->meta, p->feature_set);
			a->org.master_account_id =
				arena_strdup(&a->meta, p->management_id);
		}
	}
}

/*
 * The file a finished batch's findings wait in until the reports: in the
 * output directory (made now, as the reports would make it), where the
 * reports' own temporary files go, else tmpfile()'s; unlinked at once, so
 * nothing is left behind. NULL when neither can be made (the findings
 * then stay in memory).
 */
static FILE *spill_open(const char *dir)
{
	char *path = xasprintf("%s/.irready-findings-XXXXXX", dir);
	int fd = report_make_dirs(dir) ? -1 : mkstemp(path);
	FILE *fp = NULL;

	if (fd >= 0) {
		unlink(path);
		fp = fdopen(fd, "w+");
		if (!fp)
			close(fd);
	}
	free(path);
	return fp ? fp : tmpfile();
}

/* A finished batch's findings to the spill file (or kept, if it fails). */
static void spill_batch(struct audit *au)
{
	if (!au->spill || au->spill_failed)
		return;
	if (!findings_spill(&au->f, au->spill)) {
		au->spill_end = ftello(au->spill);
		return;
	}
	/* the findings from here on stay in memory, behind those spilled */
	warning("cannot write findings to a temporary file: keeping them in "
		"memory");
	au->spill_failed = 1;
}

/*
 * The spilled findings back, in the order they were found, before those
 * still in memory: the reports see the one list they always saw.
 */
static int spill_reload(struct audit *au)
{
	struct findings all = au->f;
	int rc;

	all.v = NULL;
	all.n = all.alloc = 0;
	all.text = NULL;
	rc = fseeko(au->spill, 0, SEEK_SET)
		     ? IRREADY_EIO
		     : findings_unspill(&all, au->spill, au->spill_end);
	fclose(au->spill);
	au->spill = NULL;
	if (rc) {
		findings_release(&all);
		return error_rc(IRREADY_EIO, "cannot read back the findings "
					     "kept in a temporary file");
	}
	findings_append(&all, &au->f);
	findings_release(&au->f);
	au->f = all;
	return 0;
}

/*
 * Collect and evaluate. Accounts go through in batches: a finished batch
 * is reduced to findings and its inventory released, so memory stays
 * bounded however large the Organization; when there is more than one
 * batch, a finished batch's findings wait in a temporary file until the
 * reports, so the findings of finished accounts and the inventories in
 * flight are not in memory at the same time. `irready inventory` collects
 * every account at once and prints the inventory instead (returns its
 * exit code; -1 otherwise).
 */
static int stage_collect(struct audit *au)
{
	const struct audit_opts *o = au->o;
	struct inventory inv = { .now = au->now };
	size_t batch = o->dump_inventory ? au->plan.n
		       : o->accounts_in_flight > 0
			       ? (size_t)o->accounts_in_flight
			       : 8;
	size_t lead = plan_owners(&au->plan); /* the first batch holds them */
	long long t;
	int rc = -1;

	au->f.collected_at = au->now;
	if (!o->dump_inventory && au->plan.n > batch)
		au->spill = spill_open(o->output_dir);
	/* one line for the whole run, across the batches */
	if (o->progress &&
	    (au->prog = progress_start(&au->client, au->plan.n, &au->pctr)))
		au->copts.counters = &au->pctr;
	if (o->org)
		orgwide_note_context(&au->orgwide, au->plan.context,
				     au->plan.ncontext, au->home, au->now,
				     &au->client, &au->copts);
	for (size_t start = 0, end; start < au->plan.n; start = end) {
		end = start + batch;
		if (!start && end < lead)
			end = lead;
		if (end > au->plan.n)
			end = au->plan.n;

		add_accounts(au, &inv, start, end);
		progress_batch(au->prog, end - start);
		au->assessed +=
			inv_collect_datasets(&inv, &au->client, &au->copts);
		if (scope_check_enabled(&inv, au->regions)) {
			rc = EXIT_USAGE;
			break;
		}
		if (o->dump_inventory) {
			rc = inv_dump_json(&inv, stdout) || !au->assessed
				     ? EXIT_CANNOT_ASSESS
				     : EXIT_OK;
			break;
		}
		if (o->org) {
			/* owners first: a batch's members see its owners */
			orgwide_note(&au->orgwide, &inv);
			inv.orgwide = &au->orgwide;
		}
		/* nothing reads a dataset after its checks: release it then */
		t = phase_start();
		runner_evaluate(&inv, &au->pol, au->sel, (size_t)au->nsel,
				&au->f, 1);
		phase_end(PHASE_EVALUATE, t);
		collect_names(&inv, &au->ri);
		for (size_t i = 0; i < inv.naccounts; i++)
			push_caller(&au->callers, &inv.accounts[i]);
		inv_free(&inv);
		spill_batch(au);
#ifdef __GLIBC__
		/* the next batch's threads use other arenas: give back what
		 * this one freed, or the batches' leftovers add up */
		if (au->spill)
			malloc_trim(0);
#endif
		progress_batch_done(au->prog);
	}
	progress_stop(au->prog);
	au->prog = NULL;
	inv_free(&inv);
	debug("peak RSS while collecting: %ld MiB", peak_rss_mib());
	if (au->spill && rc < 0 && spill_reload(au))
		rc = EXIT_CANNOT_ASSESS;
	return rc;
}

/* Close the recording with its manifest. */
static void finish_recording(struct audit *au)
{
	struct record_meta m = { 0 };
	const char *names[32];
	char *fw[16] = { 0 }, *list = NULL, *save = NULL, *id;
	size_t n, k = 0;

	m.accounts = au->callers.ids;
	m.naccounts = au->callers.n;
	m.callers = au->callers.arns;
	m.regions = au->ri.regions;
	m.nregions = au->ri.nregions;
	m.home_region = au->home;
	m.policy_digest = au->pol.digest;
	m.started = au->ri.started;
	m.finished = au->ri.finished;
	m.now = au->now;
	n = report_output_names(au->o->formats, names, ARRAY_SIZE(names));
	/* and --framework's compliance-<id>.csv */
	if (au->o->frameworks)
		list = xstrdup(au->o->frameworks);
	for (id = list ? strtok_r(list, ",", &save) : NULL;
	     id && n + 1 < ARRAY_SIZE(names) && k < ARRAY_SIZE(fw);
	     id = strtok_r(NULL, ",", &save)) {
		fw[k] = xasprintf("compliance-%s.csv", id);
		names[n++] = fw[k++];
		names[n] = NULL;
	}
	free(list);
	m.report_names = names;
	m.reports_dir = au->reports_rel =
		scope_path_under(au->o->record_dir, au->o->output_dir);
	if (aws_recorder_finish(au->client.recorder, &m))
		warning("the recording in '%s' is incomplete",
			au->o->record_dir);
	au->client.recorder = NULL;
	for (size_t i = 0; i < k; i++)
		free(fw[i]);
}

/* Sort, waive, score, write the reports; the exit code. */
static int stage_report(struct audit *au)
{
	const struct audit_opts *o = au->o;
	struct report rep = { 0 };
	struct scores scores;
	size_t nnotes = 0;
	char **notes;
	int rc = EXIT_OK, report_failed;

	findings_sort(&au->f); /* once, over every batch */
	/* attestations are judged by the MANUAL checks themselves */
	policy_apply_waivers(&au->pol, &au->f, au->now);
	if (!o->quiet)
		policy_warn_waivers(&au->pol, au->now);
	notes = waiver_notes(&au->pol, au->now, &nnotes);
	scores_compute(&scores, &au->f, au->sel, (size_t)au->nsel);

	au->ri.tool_version = IRREADY_VERSION;
	au->ri.mode = o->replay_dir ? "replay" : "live";
	au->ri.source = o->replay_dir     ? o->replay_dir
			: o->endpoint_url ? o->endpoint_url
					  : "aws";
	au->ri.policy_name = au->pol.name;
	au->ri.policy_digest = au->pol.digest;
	au->ri.now = au->now;
	au->ri.finished = o->now ? o->now : time(NULL);
	au->ri.api_calls = au->client.calls;
	au->ri.api_errors = au->client.errors;
	au->ri.fail_on = severity_name(o->fail_on);
	au->ri.shard_index = o->shard_index;
	au->ri.shard_count = o->shard_count;
	au->ri.run_id = o->run_id;
	au->ri.sel_checks = o->checks;
	au->ri.sel_phase = o->phase;
	au->ri.sel_severity = o->filter.severity;
	au->ri.sel_services = o->filter.services;
	au->ri.sel_exclude = o->filter.exclude;
	au->ri.home_region = au->home;
	au->ri.frameworks = o->frameworks;
	rep.findings = &au->f;
	rep.scores = &scores;
	rep.run = &au->ri;
	rep.waiver_notes = (const char *const *)notes;
	rep.nwaiver_notes = nnotes;

	/* reports first: inside the recording, the manifest hashes them */
	report_failed =
		report_write_all(&rep, o->output_dir, o->formats) ||
		(o->frameworks && report_write_framework_ids(
					  &rep, o->output_dir, o->frameworks));
	if (au->client.recorder)
		finish_recording(au);
	if (report_failed) {
		rc = EXIT_CANNOT_ASSESS;
		goto out;
	}
	if (!o->quiet)
		report_write_summary(&rep, stdout, o->color, o->output_dir,
				     o->formats);
	{
		struct exit_rules er = {
			.fail_on = o->fail_on,
			.min_coverage = o->min_coverage,
			.fail_on_error = o->fail_on_error,
			.coverage_at_merge = o->shard_count > 0,
		};

		rc = exitcode_decide(&er, &au->f, &scores.overall);
	}
	/*
	 * the manifest (finish_recording) already hashes the reports written
	 * inside the recording; sign it last
	 */
	if (o->record_dir && o->sign_key &&
	    evidence_sign(o->record_dir, o->sign_key, o->quiet ? NULL : stdout))
		rc = EXIT_CANNOT_ASSESS;
	/* after the reports: a store that fails loses nothing (exit 3) */
	if (o->history) {
		struct history_callers who = { au->callers.ids,
					       au->callers.arns,
					       au->callers.n };

		/* a shard writes its part of the run; merge closes it */
		if (o->shard_count
			    ? history_record_part(o->history, &rep, &who,
						  o->quiet)
			    : history_record(o->history, &rep, &who, o->quiet))
			rc = EXIT_CANNOT_ASSESS;
	}
out:
	scores_release(&scores);
	free_list(notes, nnotes);
	return rc;
}

static void audit_release(struct audit *au)
{
	policy_release(&au->pol);
	free_list(au->ri.accounts, au->ri.naccounts);
	free_list(au->ri.regions, au->ri.nregions);
	findings_release(&au->f);
	if (au->spill)
		fclose(au->spill);
	aws_scenario_release(&au->sc);
	if (au->client.transport)
		au->client.transport->free(au->client.transport);
	aws_client_release(&au->client);
	if (au->client.request_log)
		fclose(au->client.request_log);
	aws_recorder_abort(au->client.recorder,
			   "the run ended before it finished");
	plan_release(&au->plan);
	callers_release(&au->callers);
	orgwide_release(&au->orgwide);
	if (au->creds)
		aws_creds_provider_free(au->creds);
	free_list(au->only, au->nonly);
	progress_stop(au->prog);
	free(au->replay_regions);
	free(au->reports_rel);
	aws_rate_overrides_free(au->rates, au->nrates);
	free(au->sel);
}

int runner_audit(const struct audit_opts *o)
{
	struct audit au = { .o = o };
	long long t;
	int rc;

	au.sel = xcalloc(check_count, sizeof(*au.sel));
	findings_init(&au.f);
	rc = stage_plan(&au);
	if (!rc)
		rc = stage_open(&au);
	if (rc)
		goto out;
	rc = stage_collect(&au);
	if (rc >= 0)
		goto out; /* `irready inventory` */
	/*
	 * With --org an account that cannot be assessed is ERROR findings in
	 * the report; an empty shard is an empty report. Otherwise, nothing
	 * assessed means nothing to say.
	 */
	if (!au.assessed && au.plan.n && !o->org) {
		error_rc(IRREADY_EAWS, "no account could be assessed");
		rc = EXIT_CANNOT_ASSESS;
		goto out;
	}
	if (!au.plan.n)
		info("shard %d/%d holds no account: writing an empty report",
		     o->shard_index, o->shard_count);
	t = phase_start();
	rc = stage_report(&au);
	phase_end(PHASE_REPORT, t);
	phase_debug();
	debug("peak RSS of the run: %ld MiB", peak_rss_mib());
out:
	audit_release(&au);
	return rc;
}
