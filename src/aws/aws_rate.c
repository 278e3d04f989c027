/*
 * aws_rate.c -- the pacer: token buckets at a fraction of AWS's quotas
 *
 * See aws_rate.h. aws_rate_plan() is pure: which bucket a call draws from
 * and at what rate (an override, else the documented quota x the
 * fraction, else the undocumented default). The pacer keeps one bucket
 * per (account, region, group) in a hash table under one mutex, held only
 * for the arithmetic, never while sleeping. Throttling halves a bucket's
 * rate (not below 0.5/s) and empties it; each success adds a tenth of the
 * planned rate back, up to the planned rate (AIMD).
 */
#include "aws_map.h"
#include "aws_rate.h"
#include "irready.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int aws_rate_override_parse(const char *s, struct aws_rate_override *o,
			    char *why, size_t n)
{
	const char *eq = strchr(s, '='), *colon;
	char *end;
	double v;

	memset(o, 0, sizeof(*o));
	if (!eq || eq == s || !eq[1]) {
		snprintf(why, n,
			 "invalid rate '%s': expected SERVICE[:Action]=N", s);
		return -1;
	}
	v = strtod(eq + 1, &end);
	if (*end || !(v > 0) || v > 1e6) {
		snprintf(why, n,
			 "invalid rate '%s': N must be a number of requests "
			 "per second above 0",
			 s);
		return -1;
	}
	colon = memchr(s, ':', (size_t)(eq - s));
	if (colon == s || (colon && colon + 1 == eq)) {
		snprintf(why, n, "invalid rate '%s': empty service or action",
			 s);
		return -1;
	}
	o->service = xstrndup(s, (size_t)((colon ? colon : eq) - s));
	o->action =
		colon ? xstrndup(colon + 1, (size_t)(eq - colon - 1)) : NULL;
	o->rate = v;
	return 0;
}

void aws_rate_override_release(struct aws_rate_override *o)
{
	free(o->service);
	free(o->action);
	memset(o, 0, sizeof(*o));
}

int aws_rate_overrides_add(const char *list, struct aws_rate_override **v,
			   size_t *n, char *why, size_t wn)
{
	const char *p = list;

	for (;;) {
		size_t len = strcspn(p, ",");
		char *one = xstrndup(p, len);
		struct aws_rate_override o;
		int rc = aws_rate_override_parse(one, &o, why, wn);

		free(one);
		if (rc)
			return -1;
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = o;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

void aws_rate_overrides_free(struct aws_rate_override *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		aws_rate_override_release(&v[i]);
	free(v);
}

void aws_rate_plan(const char *service, const char *action,
		   const struct aws_rate_override *ov, size_t nov,
		   double fraction, struct aws_rate_plan *out)
{
	const struct aws_rate_override *by_svc = NULL, *by_act = NULL;
	const struct aws_quota *q;

	memset(out, 0, sizeof(*out));
	if (fraction <= 0)
		fraction = AWS_RATE_FRACTION;
	for (size_t i = 0; i < nov; i++) {
		if (strcmp(ov[i].service, service))
			continue;
		if (!ov[i].action)
			by_svc = &ov[i];
		else if (action && !strcmp(ov[i].action, action))
			by_act = &ov[i];
	}
	if (by_act || by_svc) {
		out->rate = by_act ? by_act->rate : by_svc->rate;
		out->burst = out->rate < 1 ? 1 : out->rate;
		snprintf(out->group, sizeof(out->group), "%s%s%s", service,
			 by_act ? ":" : "", by_act ? action : "");
		out->source = "override";
		return;
	}
	q = aws_quota_find(service, action);
	if (!q) {
		out->rate = AWS_RATE_UNDOCUMENTED;
		out->burst = 2 * AWS_RATE_UNDOCUMENTED;
		snprintf(out->group, sizeof(out->group), "%s", service);
		out->source = "undocumented";
		return;
	}
	out->rate = q->rate * fraction;
	out->burst = (q->burst > 0 ? q->burst : q->rate) * fraction;
	if (out->burst < 1)
		out->burst = 1;
	if (q->action || q->per_action)
		snprintf(out->group, sizeof(out->group), "%s:%s", service,
			 action ? action : "");
	else
		snprintf(out->group, sizeof(out->group), "%s", service);
	out->source = "documented";
}

/* The pacer */

struct bucket {
	double tokens, rate, max_rate, burst, last;
};

struct aws_rate {
	pthread_mutex_t lock;
	struct aws_rate_override *ov;
	size_t nov;
	double fraction, fixed_rate;
	struct aws_map buckets; /* "account/region/group" -> struct bucket */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s,
			       (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts))
		;
}

/*
 * A bucket that has refilled to its burst at its planned rate is in the
 * state bucket_for() would create it in: it can go when the table needs
 * room, and comes back the same when its key is asked again. An
 * Organization's finished accounts would otherwise leave ~45 buckets per
 * region behind (380,000 for 500 accounts x 17 regions).
 */
static int bucket_idle(const void *v)
{
	const struct bucket *b = v;

	return b->rate >= b->max_rate &&
	       b->tokens + (now_s() - b->last) * b->rate >= b->burst;
}

struct aws_rate *aws_rate_new(const struct aws_rate_override *ov, size_t nov,
			      double fraction, double fixed_rate)
{
	struct aws_rate *r = xcalloc(1, sizeof(*r));

	pthread_mutex_init(&r->lock, NULL);
	r->ov = nov ? xcalloc(nov, sizeof(*r->ov)) : NULL;
	for (size_t i = 0; i < nov; i++) {
		r->ov[i].service = xstrdup(ov[i].service);
		r->ov[i].action = ov[i].action ? xstrdup(ov[i].action) : NULL;
		r->ov[i].rate = ov[i].rate;
	}
	r->nov = nov;
	r->fraction = fraction;
	r->fixed_rate = fixed_rate;
	r->buckets.drop = bucket_idle;
	r->buckets.free_value = free;
	return r;
}

void aws_rate_free(struct aws_rate *r)
{
	if (!r)
		return;
	aws_map_release(&r->buckets, free);
	for (size_t i = 0; i < r->nov; i++)
		aws_rate_override_release(&r->ov[i]);
	free(r->ov);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/* The plan of a call and its bucket's key. */
static void plan_key(const struct aws_rate *r, const char *acct_region,
		     const char *service, const char *action,
		     struct aws_rate_plan *p, char *key, size_t n)
{
	aws_rate_plan(service, action, r->ov, r->nov, r->fraction, p);
	if (r->fixed_rate > 0) {
		p->rate = r->fixed_rate;
		p->burst = 2 * r->fixed_rate;
	}
	snprintf(key, n, "%s/%s", acct_region, p->group);
}

/* The bucket of a call, created at its planned rate; under the lock. */
static struct bucket *bucket_for(struct aws_rate *r, const char *acct_region,
				 const char *service, const char *action)
{
	struct aws_rate_plan p;
	char key[256];
	struct bucket *b;

	plan_key(r, acct_region, service, action, &p, key, sizeof(key));
	b = aws_map_get(&r->buckets, key);
	if (b)
		return b;
	b = xmalloc(sizeof(*b));
	aws_map_put(&r->buckets, key, b);
	b->rate = b->max_rate = p.rate;
	b->burst = p.burst;
	b->tokens = p.burst;
	b->last = now_s();
	return b;
}

void aws_rate_take(struct aws_rate *r, const char *acct_region,
		   const char *service, const char *action)
{
	for (;;) {
		double t = now_s(), wait;
		struct bucket *b;

		pthread_mutex_lock(&r->lock);
		b = bucket_for(r, acct_region, service, action);
		b->tokens += (t - b->last) * b->rate;
		if (b->tokens > b->burst)
			b->tokens = b->burst;
		b->last = t;
		if (b->tokens >= 1.0) {
			b->tokens -= 1.0;
			pthread_mutex_unlock(&r->lock);
			return;
		}
		wait = (1.0 - b->tokens) / b->rate;
		pthread_mutex_unlock(&r->lock);
		sleep_s(wait + 0.001);
	}
}

void aws_rate_feedback(struct aws_rate *r, const char *acct_region,
		       const char *service, const char *action, int throttled)
{
	struct bucket *b;

	pthread_mutex_lock(&r->lock);
	b = bucket_for(r, acct_region, service, action);
	if (throttled) {
		b->rate = b->rate / 2 > 0.5 ? b->rate / 2 : 0.5;
		if (b->tokens > 0)
			b->tokens = 0;
	} else if (b->rate < b->max_rate) {
		b->rate += 0.1 * b->max_rate;
		if (b->rate > b->max_rate)
			b->rate = b->max_rate;
	}
	pthread_mutex_unlock(&r->lock);
}

size_t aws_rate_buckets(struct aws_rate *r)
{
	size_t n;

	pthread_mutex_lock(&r->lock);
	n = r->buckets.used;
	pthread_mutex_unlock(&r->lock);
	return n;
}

double aws_rate_current(struct aws_rate *r, const char *acct_region,
			const char *service, const char *action)
{
	struct aws_rate_plan p;
	char key[256];
	const struct bucket *b;
	double rate;

	plan_key(r, acct_region, service, action, &p, key, sizeof(key));
	pthread_mutex_lock(&r->lock);
	b = aws_map_get(&r->buckets, key);
	rate = b ? b->rate : 0;
	pthread_mutex_unlock(&r->lock);
	return rate;
}
