/*
 * inv.c -- the inventory, the dataset table and the collection driver
 *
 * inv_collect_datasets() turns (account, region, dataset) into tasks and
 * runs them on one small pool of threads, wave after wave: IDENTITY, then
 * REGIONS (which tells the later waves which regions there are), then
 * every dataset whose inputs are complete. Each task writes only its own
 * dataset's status, arena and arrays, so tasks share nothing but the
 * client; completion order leaves no trace because checks run later over
 * the finished inventory. The collectors' own plumbing (inv_call, paging)
 * is inv_pager.c.
 */
#include "inv_collect.h"
#include "irready.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct dataset *const datasets[DS__COUNT] = {
#define DATASET(NAME, name) [DS_##NAME] = &ds_##name,
#include "datasets.def"
#undef DATASET
};

const struct dataset *inv_dataset(enum inv_dataset ds)
{
	return datasets[ds];
}

inv_collector_fn inv_collector(enum inv_dataset ds)
{
	return datasets[ds]->collect;
}

const char *inv_dataset_name(enum inv_dataset ds)
{
	return datasets[ds]->name;
}

const char *inv_dataset_actions(enum inv_dataset ds)
{
	return datasets[ds]->actions;
}

enum inv_scope inv_dataset_scope(enum inv_dataset ds)
{
	return datasets[ds]->scope;
}

const char *inv_dataset_desc(enum inv_dataset ds)
{
	return datasets[ds]->description;
}

void *inv_vec_push(struct arena *arena, void *vec, size_t elsize)
{
	struct {
		unsigned char *v;
		size_t n, alloc;
	} *g = vec;
	unsigned char *p;

	if (g->n + 1 > g->alloc) {
		size_t na = g->alloc ? g->alloc * 2 : 8;

		g->v = arena_realloc(arena, g->v, g->alloc * elsize,
				     na * elsize);
		g->alloc = na;
	}
	p = g->v + g->n * elsize;
	memset(p, 0, elsize);
	g->n++;
	return p;
}

/* Every vector of a dataset lives in its arena: releasing it frees them. */
void inv_free(struct inventory *inv)
{
	for (size_t i = 0; i < inv->naccounts; i++) {
		struct inv_account *a = &inv->accounts[i];

		for (size_t r = 0; r < a->nregions; r++)
			for (int d = 0; d < DS__COUNT; d++)
				arena_release(&a->regions[r].arena[d]);
		free(a->regions);
		for (int d = 0; d < DS__COUNT; d++)
			arena_release(&a->arena[d]);
		arena_release(&a->meta);
	}
	free(inv->accounts);
	inv->accounts = NULL;
	inv->naccounts = inv->alloc_accounts = 0;
}

void inv_release(struct inv_account *a, enum inv_dataset ds)
{
	arena_release(&a->arena[ds]);
	for (size_t r = 0; r < a->nregions; r++)
		arena_release(&a->regions[r].arena[ds]);
	a->released |= INV_NEED(ds);
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

/* The collection pool */

struct task {
	struct inv_account *acct;
	struct inv_region *region;
	enum inv_dataset ds;
};

struct fanout {
	struct fanout *next_open; /* the pool's list of open fan-outs */
	size_t n, claimed, done;  /* under the pool's lock */
	size_t failed;            /* lowest failed index so far, or n */
	inv_fanout_fn fn;
	void *arg;
	const struct collect_ctx *parent;
	struct aws_error *errs; /* one per item */
	int *rcs;
	struct arena *arenas; /* one per thread that joined */
	size_t nslots, maxslots;
	pthread_cond_t all_done;
};

struct inv_pool {
	struct task *tasks;
	size_t ntasks, alloc;
	size_t end;          /* the end of the wave being collected */
	size_t next;         /* under 'lock' */
	size_t done;         /* atomic */
	size_t running;      /* tasks started and not finished, under 'lock' */
	struct fanout *open; /* fan-outs with items to claim, under 'lock' */
	pthread_mutex_t lock;
	pthread_cond_t work; /* an item to claim, or the wave is over */
	pthread_cond_t idle; /* a helper has finished the wave */
	unsigned wave;       /* bumped as a wave starts, under 'lock' */
	int nidle;           /* helpers done with this wave, under 'lock' */
	int quit;            /* the last wave is over, under 'lock' */
	int nthreads;
	struct aws_client *client;
	time_t now;
	const struct collect_opts *opts;
	int stop; /* atomic: tells the progress thread to finish */
	struct inv_progress *counters; /* run-wide, or NULL */
};

static int gates_ok(const struct inv_account *a)
{
	for (int d = 0; d < DS__COUNT; d++)
		if (datasets[d]->gate && a->status[d].state != INV_OK)
			return 0;
	return 1;
}

/* A gate failed: the account cannot be assessed; say so once, here. */
static void gate_failed(struct inv_account *a)
{
	warning("account %s cannot be assessed: %s on %s in %s: %s",
		a->id ? a->id : "?", a->fatal.code, a->fatal.action,
		a->fatal.region, a->fatal.message);
	if (!a->id)
		a->id = "unknown";
}

static void run_task(struct inv_pool *p, struct task *t)
{
	const struct dataset *ds = datasets[t->ds];
	struct inv_status *st =
		t->region ? &t->region->status[t->ds] : &t->acct->status[t->ds];
	struct collect_ctx cx = {
		.client = p->client,
		.acct = t->acct,
		.region = t->region,
		.arena = t->region ? &t->region->arena[t->ds]
				   : &t->acct->arena[t->ds],
		/* a gate's failure is the account's */
		.err = ds->gate ? &t->acct->fatal : &st->err,
		.now = p->now,
		.params = p->opts->params,
		.only_regions = p->opts->only_regions,
		.nonly_regions = p->opts->nonly_regions,
		.pool = p,
	};
	int rc = ds->collect(&cx);

	if (ds->gate) {
		st->state = rc ? INV_FAILED : INV_OK;
		if (rc)
			gate_failed(t->acct);
		else if (gates_ok(t->acct))
			t->acct->assessed = 1;
	} else if (rc) {
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

/*
 * Run items of 'f' until none is left to claim, with an arena of this
 * thread's own. Called with the pool's lock held (or without a pool);
 * returns with it held.
 */
static void fanout_help(struct inv_pool *p, struct fanout *f)
{
	struct collect_ctx sub = *f->parent;
	size_t slot = f->nslots++;

	if (slot >= f->maxslots)
		BUG("fan-out joined by more threads than the pool has");
	sub.arena = &f->arenas[slot];
	while (f->claimed < f->n) {
		size_t i = f->claimed++;
		int run = i < f->failed, rc = 0;

		if (p)
			pthread_mutex_unlock(&p->lock);
		if (run) {
			sub.err = &f->errs[i];
			rc = f->fn(&sub, i, f->arg);
		}
		if (p)
			pthread_mutex_lock(&p->lock);
		f->rcs[i] = rc;
		if (rc && i < f->failed)
			f->failed = i;
		if (++f->done == f->n && p)
			pthread_cond_signal(&f->all_done);
	}
}

static void fanout_unlink(struct inv_pool *p, struct fanout *f)
{
	for (struct fanout **pp = &p->open; *pp; pp = &(*pp)->next_open)
		if (*pp == f) {
			*pp = f->next_open;
			return;
		}
}

int inv_fanout(struct collect_ctx *cx, size_t n, inv_fanout_fn fn, void *arg)
{
	struct inv_pool *p = cx->pool;
	struct fanout f = {
		.n = n, .failed = n, .fn = fn, .arg = arg, .parent = cx
	};
	int rc = 0;

	if (!n)
		return 0;
	f.maxslots = p ? (size_t)p->nthreads + 1 : 1;
	f.errs = xcalloc(n, sizeof(*f.errs));
	f.rcs = xcalloc(n, sizeof(*f.rcs));
	f.arenas = xcalloc(f.maxslots, sizeof(*f.arenas));
	if (p) {
		pthread_cond_init(&f.all_done, NULL);
		pthread_mutex_lock(&p->lock);
		if (n > 1) {
			f.next_open = p->open;
			p->open = &f;
			pthread_cond_broadcast(&p->work);
		}
	}
	fanout_help(p, &f);
	if (p) {
		fanout_unlink(p, &f);
		while (f.done < f.n)
			pthread_cond_wait(&f.all_done, &p->lock);
		pthread_mutex_unlock(&p->lock);
		pthread_cond_destroy(&f.all_done);
	}
	/* what a loop stopping at its first failure would leave */
	if (f.failed < n) {
		rc = f.rcs[f.failed];
		*cx->err = f.errs[f.failed];
	}
	for (size_t s = 0; s < f.nslots; s++)
		arena_adopt(cx->arena, &f.arenas[s]);
	free(f.arenas);
	free(f.rcs);
	free(f.errs);
	return rc;
}

/*
 * A thread's share of the wave: items of open fan-outs first (they finish
 * tasks already under way), then the wave's next task; it waits while
 * tasks are running, since they may still fan out, and returns when none
 * is. Called, and returns, with the pool's lock held.
 */
static void work_wave(struct inv_pool *p)
{
	for (;;) {
		if (p->open) {
			struct fanout *f = p->open;

			/* fully claimed: no longer open */
			if (f->claimed >= f->n || f->nslots >= f->maxslots) {
				p->open = f->next_open;
				continue;
			}
			fanout_help(p, f);
			continue;
		}
		if (p->next < p->end) {
			struct task *t = &p->tasks[p->next++];

			p->running++;
			pthread_mutex_unlock(&p->lock);
			run_task(p, t);
			__atomic_add_fetch(&p->done, 1, __ATOMIC_RELAXED);
			if (p->counters)
				__atomic_add_fetch(&p->counters->done, 1,
						   __ATOMIC_RELAXED);
			pthread_mutex_lock(&p->lock);
			if (!--p->running && p->next >= p->end)
				pthread_cond_broadcast(&p->work);
			continue;
		}
		if (!p->running)
			break;
		pthread_cond_wait(&p->work, &p->lock);
	}
}

/*
 * A helper thread: every wave of the collection, started once (a thread
 * per wave cost its start and its per-thread decoder buffers each time).
 */
static void *helper(void *arg)
{
	struct inv_pool *p = arg;
	unsigned seen = 0;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->wave == seen && !p->quit)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->quit)
			break;
		seen = p->wave;
		work_wave(p);
		p->nidle++;
		pthread_cond_signal(&p->idle);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/*
 * "collecting  37/120 datasets  412 calls  3 errors  0:12 elapsed, ~0:27
 * left" on stderr, redrawn five times a second.
 */
static void *progress(void *arg)
{
	struct inv_pool *p = arg;
	struct timespec start, now, tick = { 0, 200000000L };

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!__atomic_load_n(&p->stop, __ATOMIC_RELAXED)) {
		size_t done = __atomic_load_n(&p->done, __ATOMIC_RELAXED);
		size_t total = __atomic_load_n(&p->end, __ATOMIC_RELAXED);
		long el, eta;

		nanosleep(&tick, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
		el = (long)(now.tv_sec - start.tv_sec);
		eta = done && total > done
			      ? (long)((double)el * (double)(total - done) /
				       (double)done)
			      : -1;
		fprintf(stderr,
			"\r\033[Kcollecting %zu/%zu datasets  %lu calls  %lu "
			"errors  %ld:%02ld elapsed",
			done, total,
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

/* What a dataset waits for: its inputs, and REGIONS unless it is a gate. */
static inv_needs dataset_inputs(int d)
{
	return datasets[d]->inputs |
	       (datasets[d]->gate ? 0 : INV_NEED(DS_REGIONS));
}

/* 0 for a dataset that reads none, else 1 + the latest of its inputs. */
static int dataset_wave(int d, int depth)
{
	int w = 0;

	if (depth > DS__COUNT)
		BUG("dataset inputs form a cycle at %s", datasets[d]->name);
	for (int i = 0; i < DS__COUNT; i++) {
		int wi;

		if (!(dataset_inputs(d) & INV_NEED(i)))
			continue;
		wi = dataset_wave(i, depth + 1) + 1;
		if (wi > w)
			w = wi;
	}
	return w;
}

int inv_dataset_wave(enum inv_dataset ds)
{
	return dataset_wave((int)ds, 0);
}

inv_needs inv_needs_closure(inv_needs needs)
{
	inv_needs prev;

	do {
		prev = needs;
		for (int d = 0; d < DS__COUNT; d++)
			if (needs & INV_NEED(d))
				needs |= datasets[d]->inputs;
	} while (needs != prev);
	return needs;
}

static int account_inputs_ok(const struct inv_account *a, inv_needs in)
{
	for (int d = 0; d < DS__COUNT; d++)
		if ((in & INV_NEED(d)) && a->status[d].state != INV_OK)
			return 0;
	return 1;
}

static void add_task(struct inv_pool *p, struct inv_account *a,
		     struct inv_region *r, int d)
{
	ALLOC_GROW(p->tasks, p->ntasks + 1, p->alloc);
	p->tasks[p->ntasks++] = (struct task){ a, r, (enum inv_dataset)d };
	if (p->counters)
		__atomic_add_fetch(&p->counters->total, 1, __ATOMIC_RELAXED);
}

/*
 * The tasks of wave 'w', added once the waves before it are done: a gate
 * runs while the gates before it succeeded; any other dataset only for an
 * assessed account, once per region for a regional one.
 */
static void plan_wave(struct inv_pool *p, struct inventory *inv,
		      inv_needs needs, int w)
{
	for (size_t i = 0; i < inv->naccounts; i++) {
		struct inv_account *a = &inv->accounts[i];

		for (int d = 0; d < DS__COUNT; d++) {
			const struct dataset *ds = datasets[d];

			if (!(needs & INV_NEED(d)) || dataset_wave(d, 0) != w)
				continue;
			if (ds->gate ? !account_inputs_ok(a, ds->inputs)
				     : !a->assessed)
				continue;
			if (ds->scope == INV_ACCOUNT) {
				add_task(p, a, NULL, d);
				continue;
			}
			for (size_t r = 0; r < a->nregions; r++)
				add_task(p, a, &a->regions[r], d);
		}
	}
}

/*
 * Run the tasks planned from 'first' on this thread and the helpers
 * (started at the first wave), and return when every helper has left
 * the wave, so the next one can be planned.
 */
static void run_wave(struct inv_pool *p, size_t first, pthread_t *th,
		     int *started)
{
	if (!p->wave) /* the first wave: start the helpers */
		for (int i = 1; i < p->nthreads; i++)
			if (!pthread_create(&th[*started], NULL, helper, p))
				(*started)++;
	pthread_mutex_lock(&p->lock);
	p->next = first;
	__atomic_store_n(&p->end, p->ntasks, __ATOMIC_RELAXED);
	p->nidle = 0;
	p->wave++;
	pthread_cond_broadcast(&p->work);
	work_wave(p); /* this thread works too */
	while (p->nidle < *started)
		pthread_cond_wait(&p->idle, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

static void stop_helpers(struct inv_pool *p, pthread_t *th, int started)
{
	pthread_mutex_lock(&p->lock);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}

size_t inv_collect_datasets(struct inventory *inv, struct aws_client *client,
			    const struct collect_opts *opts)
{
	struct inv_pool p = { .client = client,
			      .now = inv->now,
			      .opts = opts,
			      .counters = opts->counters };
	inv_needs needs = inv_needs_closure(opts->needs);
	int nthreads = opts->concurrency > 0 ? opts->concurrency : 1;
	int nwaves = 0, have_bar = 0, started = 0;
	pthread_t *th, bar;
	size_t assessed = 0;

	for (int d = 0; d < DS__COUNT; d++) {
		if (datasets[d]->gate)
			needs |= INV_NEED(d);
		if (dataset_wave(d, 0) + 1 > nwaves)
			nwaves = dataset_wave(d, 0) + 1;
	}
	th = xcalloc((size_t)nthreads, sizeof(*th));
	p.nthreads = nthreads;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.idle, NULL);
	if (opts->progress && !p.counters && inv->naccounts &&
	    !pthread_create(&bar, NULL, progress, &p))
		have_bar = 1;
	/* one wave after the other; the threads of a wave share its tasks */
	for (int w = 0; w < nwaves; w++) {
		size_t first = p.ntasks;

		plan_wave(&p, inv, needs, w);
		/* every thread: idle ones take the tasks' fan-outs */
		if (p.ntasks > first)
			run_wave(&p, first, th, &started);
	}
	stop_helpers(&p, th, started);
	if (have_bar) {
		__atomic_store_n(&p.stop, 1, __ATOMIC_RELAXED);
		pthread_join(bar, NULL);
	}
	pthread_cond_destroy(&p.idle);
	pthread_cond_destroy(&p.work);
	pthread_mutex_destroy(&p.lock);
	free(th);
	free(p.tasks);
	for (size_t i = 0; i < inv->naccounts; i++)
		assessed += inv->accounts[i].assessed != 0;
	return assessed;
}
