/*
 * inv.c -- the inventory, the dataset table and the collection driver
 *
 * inv_collect_datasets() turns (account, region, dataset) into tasks and
 * runs them on a small pool of threads. Each task writes only its own
 * dataset's status, arena and arrays, so tasks share nothing but the
 * client; completion order leaves no trace because checks run later over
 * the finished inventory.
 */
#include "inv.h"
#include "irready.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const inv_collector_fn collectors[DS__COUNT] = {
	[DS_ORG] = inv_collect_org,
	[DS_IAM_KEYS] = inv_collect_iam_keys,
	[DS_CLOUDTRAIL] = inv_collect_cloudtrail,
	[DS_VPC] = inv_collect_vpc,
	[DS_FLOW_LOGS] = inv_collect_flow_logs,
	[DS_VOLUMES] = inv_collect_volumes,
	[DS_SNAPSHOTS] = inv_collect_snapshots,
	[DS_INSTANCES] = inv_collect_instances,
	[DS_IMAGES] = inv_collect_images,
	[DS_ENIS] = inv_collect_enis,
	[DS_SECURITY_GROUPS] = inv_collect_sgs,
	[DS_NACLS] = inv_collect_nacls,
	[DS_EBS_ENCRYPTION] = inv_collect_ebs_encryption,
	[DS_PUBLIC_SNAPSHOTS] = inv_collect_public_snapshots,
	[DS_SSM_INSTANCES] = inv_collect_ssm_instances,
	[DS_SSM_DOCUMENTS] = inv_collect_ssm_documents,
	[DS_STACKS] = inv_collect_stacks,
	[DS_WORKLOAD_VPCS] = inv_collect_workload_vpcs,
	[DS_DRILL] = inv_collect_drill,
	[DS_S3_PAB] = inv_collect_s3_pab,
	[DS_S3_BUCKETS] = inv_collect_s3_buckets,
	[DS_BACKUP_PLANS] = inv_collect_backup_plans,
	[DS_DLM] = inv_collect_dlm,
	[DS_CONFIG] = inv_collect_config,
	[DS_GUARDDUTY] = inv_collect_guardduty,
	[DS_GUARDDUTY_FINDINGS] = inv_collect_guardduty_findings,
	[DS_GUARDDUTY_SETTINGS] = inv_collect_guardduty_settings,
	[DS_INSPECTOR] = inv_collect_inspector,
	[DS_MACIE] = inv_collect_macie,
	[DS_SECURITYHUB] = inv_collect_securityhub,
	[DS_ACCESS_ANALYZER] = inv_collect_access_analyzer,
	[DS_INCIDENT_MANAGER] = inv_collect_incident_manager,
	[DS_ORG_ADMIN] = inv_collect_org_admin,
	[DS_KMS] = inv_collect_kms,
	[DS_IAM_AUTHZ] = inv_collect_iam_authz,
	[DS_ACCOUNT_CONTACTS] = inv_collect_account_contacts,
	[DS_SUPPORT] = inv_collect_support,
	[DS_SECRETS] = inv_collect_secrets,
	[DS_SSM_PARAMETERS] = inv_collect_ssm_parameters,
	[DS_LOG_GROUPS] = inv_collect_log_groups,
	[DS_METRIC_ALARMS] = inv_collect_metric_alarms,
	[DS_DASHBOARDS] = inv_collect_dashboards,
	[DS_EVENT_RULES] = inv_collect_event_rules,
	[DS_SNS_TOPICS] = inv_collect_sns_topics,
	[DS_RESOLVER_QUERY_LOGS] = inv_collect_resolver_query_logs,
	[DS_LOG_ANALYTICS] = inv_collect_log_analytics,
	[DS_SES_IDENTITIES] = inv_collect_ses_identities,
	[DS_LOAD_BALANCERS] = inv_collect_load_balancers,
	[DS_WAF_ACLS] = inv_collect_waf_acls,
};

static const char *const dataset_desc[DS__COUNT] = {
#define X(name, scope, desc, actions) [DS_##name] = desc,
	INV_DATASETS(X)
#undef X
};

static const enum inv_scope dataset_scope[DS__COUNT] = {
#define X(name, scope, desc, actions) [DS_##name] = scope,
	INV_DATASETS(X)
#undef X
};

static const char *const dataset_actions[DS__COUNT] = {
#define X(name, scope, desc, actions) [DS_##name] = actions,
	INV_DATASETS(X)
#undef X
};

const char *inv_dataset_actions(enum inv_dataset ds)
{
	return dataset_actions[ds];
}

enum inv_scope inv_dataset_scope(enum inv_dataset ds)
{
	return dataset_scope[ds];
}

const char *inv_dataset_desc(enum inv_dataset ds)
{
	return dataset_desc[ds];
}

inv_collector_fn inv_collector(enum inv_dataset ds)
{
	return collectors[ds];
}

void *inv_vec_push(void *vec, size_t elsize)
{
	struct {
		unsigned char *v;
		size_t n, alloc;
	} *g = vec;
	unsigned char *p;

	if (g->n + 1 > g->alloc) {
		size_t na = g->alloc ? g->alloc * 2 : 8;

		g->v = xrealloc(g->v, na * elsize);
		g->alloc = na;
	}
	p = g->v + g->n * elsize;
	memset(p, 0, elsize);
	g->n++;
	return p;
}

static void region_release(struct inv_region *r)
{
	for (int d = 0; d < DS__COUNT; d++)
		arena_release(&r->arena[d]);
	free(r->vpcs.v);
	free(r->flow_logs.v);
	free(r->volumes.v);
	free(r->snapshots.v);
	free(r->instances.v);
	free(r->images.v);
	free(r->enis.v);
	free(r->sgs.v);
	free(r->nacls.v);
	free(r->public_snapshots.v);
	free(r->ssm_instances.v);
	free(r->ssm_documents.v);
	free(r->stacks.v);
	free(r->backup_plans.v);
	free(r->backup_vaults.v);
	free(r->dlm_policies.v);
	free(r->recorders.v);
	free(r->channels.v);
	free(r->detectors.v);
	free(r->gd_finding_detectors.v);
	free(r->gd_findings.v);
	free(r->gd_settings.v);
	free(r->gd_destinations.v);
	free(r->sh_standards.v);
	free(r->analyzers.v);
	free(r->keys.v);
	free(r->secrets.v);
	free(r->ssm_parameters.v);
	free(r->log_groups.v);
	free(r->metric_filters.v);
	free(r->alarms.v);
	free(r->dashboards.v);
	free(r->event_rules.v);
	free(r->sns_topics.v);
	free(r->sns_subscriptions.v);
	free(r->query_log_assocs.v);
	free(r->log_stores.v);
	free(r->ses_identities.v);
	free(r->load_balancers.v);
	free(r->web_acls.v);
}

void inv_free(struct inventory *inv)
{
	for (size_t i = 0; i < inv->naccounts; i++) {
		struct inv_account *a = &inv->accounts[i];

		for (size_t r = 0; r < a->nregions; r++)
			region_release(&a->regions[r]);
		free(a->regions);
		for (int d = 0; d < DS__COUNT; d++)
			arena_release(&a->arena[d]);
		arena_release(&a->meta);
		free(a->access_keys.v);
		free(a->trails.v);
		free(a->workload_vpcs.v);
		free(a->drill_steps.v);
		free(a->buckets.v);
		free(a->iam_users.v);
		free(a->iam_entities.v);
		free(a->iam_policies.v);
		free(a->alternate_contacts.v);
		free(a->org_ous.v);
		free(a->org_accounts.v);
		free(a->org_delegations.v);
		free(a->scps.v);
		free(a->im_regions.v);
	}
	free(inv->accounts);
	inv->accounts = NULL;
	inv->naccounts = inv->alloc_accounts = 0;
}

struct inv_account *inv_add_account(struct inventory *inv)
{
	struct inv_account *a;

	ALLOC_GROW(inv->accounts, inv->naccounts + 1, inv->alloc_accounts);
	a = &inv->accounts[inv->naccounts++];
	memset(a, 0, sizeof(*a));
	return a;
}

struct inv_region *inv_add_region(struct inv_account *a, const char *name)
{
	struct inv_region *r;

	a->regions = xrealloc(a->regions, (a->nregions + 1) * sizeof(*r));
	r = &a->regions[a->nregions++];
	memset(r, 0, sizeof(*r));
	r->name = arena_strdup(&a->meta, name);
	return r;
}

int inv_call(struct collect_ctx *cx, struct aws_request *req,
	     struct aws_response *resp)
{
	req->account = cx->acct->id;
	if (!req->region)
		req->region =
			cx->region ? cx->region->name : cx->acct->home_region;
	return aws_call(cx->client, req, resp, cx->err);
}

int inv_malformed(struct collect_ctx *cx, const struct aws_request *req,
		  const char *what)
{
	aws_error_clear(cx->err);
	snprintf(cx->err->action, sizeof(cx->err->action), "%s:%s",
		 req->service, req->action);
	snprintf(cx->err->region, sizeof(cx->err->region), "%s", req->region);
	aws_error_set(cx->err, IRREADY_EPARSE, "MalformedResponse",
		      "%s:%s returned %s", req->service, req->action, what);
	return IRREADY_EPARSE;
}

/* The collection pool */

struct task {
	struct inv_account *acct;
	struct inv_region *region;
	enum inv_dataset ds;
};

struct pool {
	struct task *tasks;
	size_t ntasks;
	size_t end;  /* the end of the wave being collected */
	size_t next; /* atomic */
	size_t done; /* atomic */
	struct aws_client *client;
	time_t now;
	const struct params *params;
	int stop; /* atomic: tells the progress thread to finish */
	struct inv_progress *counters; /* run-wide, or NULL */
};

static void run_task(struct pool *p, struct task *t)
{
	struct inv_status *st =
		t->region ? &t->region->status[t->ds] : &t->acct->status[t->ds];
	struct collect_ctx cx = {
		.client = p->client,
		.acct = t->acct,
		.region = t->region,
		.arena = t->region ? &t->region->arena[t->ds]
				   : &t->acct->arena[t->ds],
		.err = &st->err,
		.now = p->now,
		.params = p->params,
	};
	int rc = collectors[t->ds](&cx);

	if (rc) {
		st->state = INV_FAILED;
		if (!st->err.rc)
			st->err.rc = rc;
		if (!st->err.code[0])
			snprintf(st->err.code, sizeof(st->err.code), "%s",
				 irready_strerror(rc));
	} else {
		st->state = INV_OK;
		aws_error_clear(&st->err);
	}
}

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED);

		if (i >= p->end)
			break;
		run_task(p, &p->tasks[i]);
		__atomic_add_fetch(&p->done, 1, __ATOMIC_RELAXED);
		if (p->counters)
			__atomic_add_fetch(&p->counters->done, 1,
					   __ATOMIC_RELAXED);
	}
	return NULL;
}

/*
 * "collecting  37/120 datasets  412 calls  3 errors  0:12 elapsed, ~0:27
 * left" on stderr, redrawn five times a second.
 */
static void *progress(void *arg)
{
	struct pool *p = arg;
	struct timespec start, now, tick = { 0, 200000000L };

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!__atomic_load_n(&p->stop, __ATOMIC_RELAXED)) {
		size_t done = __atomic_load_n(&p->done, __ATOMIC_RELAXED);
		long el, eta;

		nanosleep(&tick, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
		el = (long)(now.tv_sec - start.tv_sec);
		eta = done ? (long)((double)el * (double)(p->ntasks - done) /
				    (double)done)
			   : -1;
		fprintf(stderr,
			"\r\033[Kcollecting %zu/%zu datasets  %lu calls  %lu "
			"errors  %ld:%02ld elapsed",
			done, p->ntasks,
			__atomic_load_n(&p->client->calls, __ATOMIC_RELAXED),
			__atomic_load_n(&p->client->errors, __ATOMIC_RELAXED),
			el / 60, el % 60);
		if (eta >= 0)
			fprintf(stderr, ", ~%ld:%02ld left", eta / 60,
				eta % 60);
	}
	fputs("\r\033[K", stderr);
	return NULL;
}

/*
 * Datasets computed from others: a collector that reads another dataset
 * of its account runs in a later wave, once that one is complete.
 */
static const inv_needs dataset_inputs[DS__COUNT] = {
	[DS_S3_BUCKETS] = INV_NEED(DS_CLOUDTRAIL) | INV_NEED(DS_CONFIG) |
			  INV_NEED(DS_FLOW_LOGS),
	[DS_WORKLOAD_VPCS] =
		INV_NEED(DS_VPC) | INV_NEED(DS_INSTANCES) | INV_NEED(DS_ENIS),
	/* the detectors GuardDuty's listing found in the region */
	[DS_GUARDDUTY_FINDINGS] = INV_NEED(DS_GUARDDUTY),
	[DS_GUARDDUTY_SETTINGS] = INV_NEED(DS_GUARDDUTY),
	/* the drill picks its target instance and isolation group */
	[DS_DRILL] = INV_NEED(DS_INSTANCES) | INV_NEED(DS_SECURITY_GROUPS),
};

/* 0 for a dataset that reads none, else 1 + the latest of its inputs. */
static int dataset_wave(int d, int depth)
{
	int w = 0;

	if (depth > DS__COUNT)
		BUG("dataset inputs form a cycle at %s", dataset_desc[d]);
	for (int i = 0; i < DS__COUNT; i++) {
		int wi;

		if (!(dataset_inputs[d] & INV_NEED(i)))
			continue;
		wi = dataset_wave(i, depth + 1) + 1;
		if (wi > w)
			w = wi;
	}
	return w;
}

inv_needs inv_needs_closure(inv_needs needs)
{
	inv_needs prev;

	do {
		prev = needs;
		for (int d = 0; d < DS__COUNT; d++)
			if (needs & INV_NEED(d))
				needs |= dataset_inputs[d];
	} while (needs != prev);
	return needs;
}

void inv_collect_datasets(struct inventory *inv, struct aws_client *client,
			  const struct collect_opts *opts)
{
	struct pool p = { .client = client,
			  .now = inv->now,
			  .params = opts->params,
			  .counters = opts->counters };
	size_t alloc = 0, wave_end[DS__COUNT + 1];
	inv_needs needs = inv_needs_closure(opts->needs);
	int nthreads = opts->concurrency > 0 ? opts->concurrency : 1;
	int nwaves = 0;
	pthread_t *th, bar;
	int started, have_bar = 0;

	for (int w = 0; w <= DS__COUNT; w++) {
		for (size_t i = 0; i < inv->naccounts; i++) {
			struct inv_account *a = &inv->accounts[i];

			if (!a->assessed)
				continue;
			for (int d = 0; d < DS__COUNT; d++) {
				if (!(needs & INV_NEED(d)) ||
				    dataset_wave(d, 0) != w)
					continue;
				if (dataset_scope[d] == INV_ACCOUNT) {
					ALLOC_GROW(p.tasks, p.ntasks + 1,
						   alloc);
					p.tasks[p.ntasks++] = (struct task){
						a, NULL, (enum inv_dataset)d
					};
					continue;
				}
				for (size_t r = 0; r < a->nregions; r++) {
					ALLOC_GROW(p.tasks, p.ntasks + 1,
						   alloc);
					p.tasks[p.ntasks++] = (struct task){
						a, &a->regions[r],
						(enum inv_dataset)d
					};
				}
			}
		}
		if (!nwaves || p.ntasks > wave_end[nwaves - 1])
			wave_end[nwaves++] = p.ntasks;
	}
	if ((size_t)nthreads > p.ntasks)
		nthreads = (int)p.ntasks;
	th = xcalloc((size_t)(nthreads > 0 ? nthreads : 1), sizeof(*th));
	if (p.counters)
		__atomic_add_fetch(&p.counters->total, p.ntasks,
				   __ATOMIC_RELAXED);
	if (opts->progress && !p.counters && p.ntasks &&
	    !pthread_create(&bar, NULL, progress, &p))
		have_bar = 1;
	/* one wave after the other; the threads of a wave share its tasks */
	for (int w = 0; w < nwaves; w++) {
		p.next = w ? wave_end[w - 1] : 0;
		p.end = wave_end[w];
		started = 0;
		for (int i = 1; i < nthreads; i++)
			if (!pthread_create(&th[started], NULL, worker, &p))
				started++;
		worker(&p); /* this thread works too */
		for (int i = 0; i < started; i++)
			pthread_join(th[i], NULL);
	}
	if (have_bar) {
		__atomic_store_n(&p.stop, 1, __ATOMIC_RELAXED);
		pthread_join(bar, NULL);
	}
	free(th);
	free(p.tasks);
}
