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
	[DS_CONFIG] = inv_collect_config,
	[DS_GUARDDUTY] = inv_collect_guardduty,
	[DS_KMS] = inv_collect_kms,
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
	free(r->recorders.v);
	free(r->channels.v);
	free(r->detectors.v);
	free(r->keys.v);
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
		req->region = cx->region ? cx->region->name
					 : cx->acct->home_region;
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
	size_t next; /* atomic */
	size_t done; /* atomic */
	struct aws_client *client;
	time_t now;
	int stop;    /* atomic: tells the progress thread to finish */
};

static void run_task(struct pool *p, struct task *t)
{
	struct inv_status *st = t->region ? &t->region->status[t->ds]
					  : &t->acct->status[t->ds];
	struct collect_ctx cx = {
		.client = p->client,
		.acct = t->acct,
		.region = t->region,
		.arena = t->region ? &t->region->arena[t->ds]
				   : &t->acct->arena[t->ds],
		.err = &st->err,
		.now = p->now,
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

		if (i >= p->ntasks)
			break;
		run_task(p, &p->tasks[i]);
		__atomic_add_fetch(&p->done, 1, __ATOMIC_RELAXED);
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
			fprintf(stderr, ", ~%ld:%02ld left", eta / 60, eta % 60);
	}
	fputs("\r\033[K", stderr);
	return NULL;
}

void inv_collect_datasets(struct inventory *inv, struct aws_client *client,
			  const struct collect_opts *opts)
{
	struct pool p = { .client = client, .now = inv->now };
	size_t alloc = 0;
	int nthreads = opts->concurrency > 0 ? opts->concurrency : 1;
	pthread_t *th, bar;
	int started = 0, have_bar = 0;

	for (size_t i = 0; i < inv->naccounts; i++) {
		struct inv_account *a = &inv->accounts[i];

		if (!a->assessed)
			continue;
		for (int d = 0; d < DS__COUNT; d++) {
			if (!(opts->needs & INV_NEED(d)))
				continue;
			if (dataset_scope[d] == INV_ACCOUNT) {
				ALLOC_GROW(p.tasks, p.ntasks + 1, alloc);
				p.tasks[p.ntasks++] =
					(struct task){ a, NULL, (enum inv_dataset)d };
				continue;
			}
			for (size_t r = 0; r < a->nregions; r++) {
				ALLOC_GROW(p.tasks, p.ntasks + 1, alloc);
				p.tasks[p.ntasks++] = (struct task){
					a, &a->regions[r], (enum inv_dataset)d
				};
			}
		}
	}
	if ((size_t)nthreads > p.ntasks)
		nthreads = (int)p.ntasks;
	th = xcalloc((size_t)(nthreads > 0 ? nthreads : 1), sizeof(*th));
	if (opts->progress && p.ntasks &&
	    !pthread_create(&bar, NULL, progress, &p))
		have_bar = 1;
	for (int i = 1; i < nthreads; i++)
		if (!pthread_create(&th[started], NULL, worker, &p))
			started++;
	worker(&p); /* this thread works too */
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (have_bar) {
		__atomic_store_n(&p.stop, 1, __ATOMIC_RELAXED);
		pthread_join(bar, NULL);
	}
	free(th);
	free(p.tasks);
}
