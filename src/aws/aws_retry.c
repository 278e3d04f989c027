/*
 * aws_retry.c -- retry rules: modes, attempts, the retry quota, backoff
 *
 * See aws_retry.h. Sources: the AWS SDKs and Tools reference guide,
 * "Retry behavior" (docs.aws.amazon.com/sdkref/latest/guide/
 * feature-retry-behavior.html), botocore retries/standard.py (attempts,
 * backoff, quota costs) and retries/quota.py (capacity 500), botocore's
 * legacy _retry.json (5 attempts, rand x 2^(n-1) s, no quota).
 */
#include "aws_retry.h"
#include "irready.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const mode_names[] = {
	[AWS_RETRY_STANDARD] = "standard",
	[AWS_RETRY_LEGACY] = "legacy",
	[AWS_RETRY_ADAPTIVE] = "adaptive",
};

const char *aws_retry_mode_name(enum aws_retry_mode m)
{
	return m < ARRAY_SIZE(mode_names) ? mode_names[m] : "?";
}

static int parse_mode(const char *s, enum aws_retry_mode *m)
{
	for (size_t i = 0; i < ARRAY_SIZE(mode_names); i++)
		if (!strcasecmp(s, mode_names[i])) {
			*m = (enum aws_retry_mode)i;
			return 0;
		}
	return -1;
}

int aws_retry_config_resolve(struct aws_retry_config *c, const char *env_mode,
			     const char *env_attempts, const char *cfg_mode,
			     const char *cfg_attempts, char *why, size_t n)
{
	const char *mode = env_mode && *env_mode ? env_mode : NULL;
	const char *att = env_attempts && *env_attempts ? env_attempts : NULL;
	const char *mode_src = "AWS_RETRY_MODE", *att_src = "AWS_MAX_ATTEMPTS";

	memset(c, 0, sizeof(*c));
	c->mode = AWS_RETRY_STANDARD;
	c->mode_from = "default";
	if (!mode && cfg_mode && *cfg_mode) {
		mode = cfg_mode;
		mode_src = "retry_mode (config file)";
	}
	if (!att && cfg_attempts && *cfg_attempts) {
		att = cfg_attempts;
		att_src = "max_attempts (config file)";
	}
	if (mode) {
		if (parse_mode(mode, &c->mode)) {
			snprintf(why, n,
				 "invalid %s '%s': expected standard, "
				 "adaptive or legacy",
				 mode_src, mode);
			return -1;
		}
		c->mode_from = mode_src;
	}
	c->max_attempts = c->mode == AWS_RETRY_LEGACY ? 5 : 3;
	c->throttle_attempts = AWS_RETRY_THROTTLE_ATTEMPTS;
	if (att) {
		long v;

		if (parse_long(att, &v) || v < 1 || v > 100) {
			snprintf(why, n,
				 "invalid %s '%s': expected a whole number "
				 "from 1 to 100",
				 att_src, att);
			return -1;
		}
		c->max_attempts = c->throttle_attempts = (int)v;
		c->explicit_attempts = 1;
	}
	return 0;
}

void aws_retry_quota_init(struct aws_retry_quota *q)
{
	q->available = AWS_RETRY_QUOTA_CAPACITY;
}

int aws_retry_quota_acquire(struct aws_retry_quota *q, int cost)
{
	if (cost > q->available)
		return 0;
	q->available -= cost;
	return 1;
}

void aws_retry_quota_success(struct aws_retry_quota *q, int last_cost)
{
	q->available += last_cost > 0 ? last_cost : AWS_RETRY_NO_RETRY_REFUND;
	if (q->available > AWS_RETRY_QUOTA_CAPACITY)
		q->available = AWS_RETRY_QUOTA_CAPACITY;
}

int aws_retry_decide(const struct aws_retry_config *c,
		     struct aws_retry_quota *q, enum aws_retry_kind kind,
		     int non_aws_body, int n, int *cost)
{
	int limit = c->max_attempts, price;

	*cost = 0;
	switch (kind) {
	case AWS_RETRY_FINAL:
		return 0;
	case AWS_RETRY_SKEW:
		return n == 1;
	case AWS_RETRY_THROTTLE:
		return n < c->throttle_attempts;
	case AWS_RETRY_TRANSIENT:
	case AWS_RETRY_TIMEOUT:
		break;
	}
	if (non_aws_body && limit > 2)
		limit = 2;
	if (n >= limit)
		return 0;
	if (c->mode == AWS_RETRY_LEGACY || !q)
		return 1;
	price = kind == AWS_RETRY_TIMEOUT ? AWS_RETRY_TIMEOUT_COST
					  : AWS_RETRY_COST;
	if (!aws_retry_quota_acquire(q, price))
		return 0;
	*cost = price;
	return 1;
}

long aws_retry_delay_ms(const struct aws_retry_config *c,
			enum aws_retry_kind kind, int n, double r, long base_ms,
			long cap_ms, long retry_after_ms)
{
	double base = (double)base_ms, d;

	if (base_ms <= 0)
		base = kind == AWS_RETRY_THROTTLE    ? 100
		       : c->mode == AWS_RETRY_LEGACY ? 1000
						     : 50;
	d = r * fmin((double)cap_ms, base * pow(2, n - 1));
	if (retry_after_ms >= 0 && retry_after_ms <= cap_ms &&
	    (double)retry_after_ms > d)
		d = (double)retry_after_ms;
	return (long)d;
}
