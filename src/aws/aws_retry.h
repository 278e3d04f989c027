/*
 * aws_retry.h -- retry rules: modes, attempts, the retry quota, backoff
 *
 * Pure functions (no clock, no lock, no I/O) the live transport
 * (aws_https.c) asks after every failed attempt: is this worth another
 * try, what does it cost the endpoint's retry quota, how long to wait.
 * The rules follow the AWS SDKs (sdkref "Retry behavior", botocore
 * retries/standard.py and retries/quota.py); README.md "Retries" says
 * where irready differs and why.
 */
#ifndef AWS_RETRY_H
#define AWS_RETRY_H

#include <stddef.h>

enum aws_retry_mode {
	AWS_RETRY_STANDARD,
	AWS_RETRY_LEGACY,
	AWS_RETRY_ADAPTIVE,
};

struct aws_retry_config {
	enum aws_retry_mode mode;
	/* attempts for a non-throttling retryable error (the mode's default) */
	int max_attempts;
	/* attempts for throttling: irready's budget, or max_attempts if set */
	int throttle_attempts;
	int explicit_attempts; /* max_attempts came from env or config */
	const char *mode_from; /* "default", "AWS_RETRY_MODE", "config" */
};

/* irready's throttling budget when no max_attempts is configured */
#define AWS_RETRY_THROTTLE_ATTEMPTS 10

/*
 * Resolve the retry settings as the AWS CLI does: each of AWS_RETRY_MODE
 * and AWS_MAX_ATTEMPTS ('env_*') wins over the profile's retry_mode and
 * max_attempts ('cfg_*'); any of the four may be NULL. The mode defaults to
 * standard; max_attempts to the mode's default (standard, adaptive: 3;
 * legacy: 5, botocore's). Returns 0, or -1 with a message in 'why' (size
 * 'n') for an unknown mode or a max_attempts that is not a whole number
 * from 1 to 100.
 */
int aws_retry_config_resolve(struct aws_retry_config *c, const char *env_mode,
			     const char *env_attempts, const char *cfg_mode,
			     const char *cfg_attempts, char *why, size_t n);

const char *aws_retry_mode_name(enum aws_retry_mode m);

/* What a failed attempt was. */
enum aws_retry_kind {
	AWS_RETRY_FINAL,     /* not retryable (denied, validation, ...) */
	AWS_RETRY_TRANSIENT, /* 5xx, transient codes, connection errors */
	AWS_RETRY_TIMEOUT,   /* no answer within the timeout */
	AWS_RETRY_THROTTLE,  /* throttling codes, 429 */
	AWS_RETRY_SKEW,      /* clock skew: retried once, clock corrected */
};

/*
 * The retry quota of one endpoint (SDK standard mode): capacity 500; a
 * retry costs 5, a timeout retry 10; a success refunds the cost of the
 * retry that led to it, or 1 when it needed none; never above capacity.
 * Not locked: the caller serialises.
 */
#define AWS_RETRY_QUOTA_CAPACITY  500
#define AWS_RETRY_COST            5
#define AWS_RETRY_TIMEOUT_COST    10
#define AWS_RETRY_NO_RETRY_REFUND 1

struct aws_retry_quota {
	int available;
};

void aws_retry_quota_init(struct aws_retry_quota *q);
/* Take 'cost'; 0 when not enough is left (then nothing is taken). */
int aws_retry_quota_acquire(struct aws_retry_quota *q, int cost);
/* A success: refund 'last_cost' (the last retry's), or 1 when 0. */
void aws_retry_quota_success(struct aws_retry_quota *q, int last_cost);

/*
 * Whether attempt 'n' (1-based), which failed as 'kind', gets another
 * try under 'c': within the kind's attempts (throttling: throttle_attempts;
 * a skew error or a 5xx whose body is not an AWS error ('non_aws_body'):
 * one retry at most), and, for non-throttling errors in standard and
 * adaptive modes, if the quota 'q' (may be NULL: no quota) pays for it.
 * '*cost' is what was taken from the quota (0 when none).
 */
int aws_retry_decide(const struct aws_retry_config *c,
		     struct aws_retry_quota *q, enum aws_retry_kind kind,
		     int non_aws_body, int n, int *cost);

/*
 * The wait in ms before attempt 'n' + 1, full jitter: 'r' (uniform in
 * [0, 1)) x min(base x 2^(n-1), cap). The base: 'base_ms' when positive
 * (IRREADY_RETRY_BASE_MS), else per mode and kind: throttling 100 ms
 * (irready's limiter does the slowing down), standard/adaptive 50 ms
 * (the SDKs' standard non-throttling scale), legacy 1 s (botocore's
 * legacy rand x 2^(n-1) s). Retry-After ('retry_after_ms', -1 when
 * absent) lengthens the wait within the cap.
 */
long aws_retry_delay_ms(const struct aws_retry_config *c,
			enum aws_retry_kind kind, int n, double r, long base_ms,
			long cap_ms, long retry_after_ms);

#endif
