/*
 * progress.c -- the run's progress line and credentials label (progress.h)
 *
 *   accounts 3/12  datasets 412/1030  5012 calls  3 errors  1:12 elapsed,
 *   ~3:40 left
 *
 * The estimate counts accounts: those of finished batches, plus the
 * current batch's share of its datasets done, so it does not restart with
 * each batch the way a per-batch count would.
 */
#include "progress.h"
#include "aws.h"
#include "irready.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct progress {
	pthread_t th;
	const struct aws_client *client;
	struct inv_progress *ctr;
	size_t accounts;
	/* written by the runner's thread, read by the drawing one */
	size_t accounts_done, batch, base_total, base_done;
	int stop;
	pthread_mutex_t lock;
};

static void draw(struct progress *p, long el)
{
	size_t total = __atomic_load_n(&p->ctr->total, __ATOMIC_RELAXED);
	size_t done = __atomic_load_n(&p->ctr->done, __ATOMIC_RELAXED);
	double frac;
	size_t adone, batch, btotal, bdone;

	pthread_mutex_lock(&p->lock);
	adone = p->accounts_done;
	batch = p->batch;
	btotal = total - p->base_total;
	bdone = done - p->base_done;
	pthread_mutex_unlock(&p->lock);
	frac = (double)adone;
	if (batch && btotal)
		frac += (double)batch * (double)bdone / (double)btotal;
	fprintf(stderr,
		"\r\033[Kaccounts %zu/%zu  datasets %zu/%zu  %lu calls  %lu "
		"errors  %ld:%02ld elapsed",
		adone, p->accounts, done, total,
		__atomic_load_n(&p->client->calls, __ATOMIC_RELAXED),
		__atomic_load_n(&p->client->errors, __ATOMIC_RELAXED), el / 60,
		el % 60);
	if (frac > 0 && p->accounts) {
		long eta = (long)((double)el * ((double)p->accounts - frac) /
				  frac);

		fprintf(stderr, ", ~%ld:%02ld left", eta / 60, eta % 60);
	}
}

static void *loop(void *arg)
{
	struct progress *p = arg;
	struct timespec start, now, tick = { 0, 200000000L };

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!__atomic_load_n(&p->stop, __ATOMIC_RELAXED)) {
		nanosleep(&tick, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
		draw(p, (long)(now.tv_sec - start.tv_sec));
	}
	fputs("\r\033[K", stderr);
	return NULL;
}

struct progress *progress_start(const struct aws_client *client,
				size_t accounts, struct inv_progress *counters)
{
	struct progress *p = xcalloc(1, sizeof(*p));

	p->client = client;
	p->ctr = counters;
	p->accounts = accounts;
	pthread_mutex_init(&p->lock, NULL);
	if (pthread_create(&p->th, NULL, loop, p)) {
		pthread_mutex_destroy(&p->lock);
		free(p);
		return NULL;
	}
	return p;
}

void progress_batch(struct progress *p, size_t n)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->batch = n;
	p->base_total = __atomic_load_n(&p->ctr->total, __ATOMIC_RELAXED);
	p->base_done = __atomic_load_n(&p->ctr->done, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&p->lock);
}

void progress_batch_done(struct progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->accounts_done += p->batch;
	p->batch = 0;
	pthread_mutex_unlock(&p->lock);
}

void progress_stop(struct progress *p)
{
	if (!p)
		return;
	__atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
	pthread_join(p->th, NULL);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

const char *progress_creds_label(const char *source, const char *profile,
				 int explicit, char *buf, size_t size)
{
	static const struct {
		const char *source, *what;
	} kinds[] = {
		{ "sso", "IAM Identity Center" },
		{ "assume-role", "assumed role" },
		{ "credential-process", "credential_process" },
		{ "shared-credentials", "credentials file" },
		{ "web-identity", "web identity" },
	};
	const char *p = profile ? profile : "default";

	if (!source)
		source = "?";
	if (!strcmp(source, "env")) {
		snprintf(buf, size, "environment (AWS_ACCESS_KEY_ID)");
		return buf;
	}
	if (!strcmp(source, "container")) {
		snprintf(buf, size, "container (ECS/EKS task role)");
		return buf;
	}
	if (!strcmp(source, "imds")) {
		snprintf(buf, size, "EC2 instance metadata (IMDSv2)");
		return buf;
	}
	if (!strcmp(source, "web-identity") && !explicit) {
		const char *tok = getenv("AWS_WEB_IDENTITY_TOKEN_FILE");

		if (tok && *tok) {
			snprintf(buf, size,
				 "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, "
				 "AWS_ROLE_ARN)");
			return buf;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(source, kinds[i].source)) {
			snprintf(buf, size, "profile '%s' (%s)", p,
				 kinds[i].what);
			return buf;
		}
	snprintf(buf, size, "profile '%s' (%s)", p, source);
	return buf;
}
