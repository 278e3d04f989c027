/*
 * test_retry.c -- retry modes and attempts from the environment and the
 * config file, the retry quota's arithmetic, the retry decision, backoff
 */
#include "aws_creds.h"
#include "aws_retry.h"
#include "irready.h"
#include "tap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void t_resolve(void)
{
	struct aws_retry_config c;
	char why[200];

	is_int(aws_retry_config_resolve(&c, NULL, NULL, NULL, NULL, why,
					sizeof(why)),
	       0, "nothing set resolves");
	is_str(aws_retry_mode_name(c.mode), "standard",
	       "default mode is standard");
	is_int(c.max_attempts, 3, "standard: 3 attempts");
	is_int(c.throttle_attempts, AWS_RETRY_THROTTLE_ATTEMPTS,
	       "throttling keeps irready's budget by default");
	is_int(c.explicit_attempts, 0, "no explicit max_attempts");

	aws_retry_config_resolve(&c, NULL, NULL, "legacy", NULL, why,
				 sizeof(why));
	is_str(aws_retry_mode_name(c.mode), "legacy",
	       "config file retry_mode = legacy");
	is_int(c.max_attempts, 5, "legacy: botocore's 5 attempts");

	aws_retry_config_resolve(&c, "adaptive", NULL, "legacy", "7", why,
				 sizeof(why));
	is_str(aws_retry_mode_name(c.mode), "adaptive",
	       "AWS_RETRY_MODE beats the config file");
	is_int(c.max_attempts, 7, "config max_attempts applies");
	is_int(c.throttle_attempts, 7,
	       "an explicit max_attempts applies to throttling too");

	aws_retry_config_resolve(&c, NULL, "2", NULL, "9", why, sizeof(why));
	is_int(c.max_attempts, 2, "AWS_MAX_ATTEMPTS beats the config file");
	is_str(c.mode_from, "default", "mode still the default");

	aws_retry_config_resolve(&c, "", "", "Standard", NULL, why,
				 sizeof(why));
	is_str(aws_retry_mode_name(c.mode), "standard",
	       "empty variables do not count; mode is case-insensitive");

	ok(aws_retry_config_resolve(&c, "fast", NULL, NULL, NULL, why,
				    sizeof(why)) &&
		   strstr(why, "AWS_RETRY_MODE") && strstr(why, "'fast'"),
	   "unknown AWS_RETRY_MODE refused, named: %s", why);
	ok(aws_retry_config_resolve(&c, NULL, NULL, NULL, "0", why,
				    sizeof(why)) &&
		   strstr(why, "max_attempts (config file)"),
	   "max_attempts 0 refused, source named: %s", why);
	ok(aws_retry_config_resolve(&c, NULL, "3x", NULL, NULL, why,
				    sizeof(why)),
	   "max_attempts '3x' refused");
}

static void t_quota(void)
{
	struct aws_retry_quota q;
	int n = 0;

	aws_retry_quota_init(&q);
	is_int(q.available, 500, "quota starts at 500");
	while (aws_retry_quota_acquire(&q, AWS_RETRY_COST))
		n++;
	is_int(n, 100, "100 retries at 5 empty it");
	is_int(q.available, 0, "nothing left");
	is_int(aws_retry_quota_acquire(&q, 5), 0, "an empty quota refuses");
	aws_retry_quota_success(&q, 0);
	is_int(q.available, 1, "a success without retry refunds 1");
	aws_retry_quota_success(&q, AWS_RETRY_TIMEOUT_COST);
	is_int(q.available, 11, "a success after a retry refunds its cost");
	is_int(aws_retry_quota_acquire(&q, AWS_RETRY_TIMEOUT_COST), 1,
	       "a timeout retry takes 10");
	is_int(q.available, 1, "leaving 1");
	is_int(aws_retry_quota_acquire(&q, AWS_RETRY_TIMEOUT_COST), 0,
	       "10 is not there");
	is_int(q.available, 1, "a refused acquire takes nothing");
	aws_retry_quota_init(&q);
	aws_retry_quota_success(&q, 5);
	is_int(q.available, 500, "never above capacity");
}

static void t_decide(void)
{
	struct aws_retry_config c;
	struct aws_retry_quota q;
	char why[100];
	int cost, n;

	aws_retry_config_resolve(&c, NULL, NULL, NULL, NULL, why, sizeof(why));
	aws_retry_quota_init(&q);
	ok(aws_retry_decide(&c, &q, AWS_RETRY_TRANSIENT, 0, 1, &cost) &&
		   cost == 5 && q.available == 495,
	   "standard: a 5xx is retried, the quota pays 5");
	ok(aws_retry_decide(&c, &q, AWS_RETRY_TRANSIENT, 0, 2, &cost),
	   "attempt 2 retried");
	ok(!aws_retry_decide(&c, &q, AWS_RETRY_TRANSIENT, 0, 3, &cost) &&
		   cost == 0 && q.available == 490,
	   "attempt 3 is the last; a refusal costs nothing");
	ok(aws_retry_decide(&c, &q, AWS_RETRY_TRANSIENT, 1, 1, &cost),
	   "a non-AWS 5xx body is retried once");
	ok(!aws_retry_decide(&c, &q, AWS_RETRY_TRANSIENT, 1, 2, &cost),
	   "and no more");
	ok(aws_retry_decide(&c, &q, AWS_RETRY_TIMEOUT, 0, 1, &cost) &&
		   cost == 10,
	   "a timeout retry costs 10");
	ok(!aws_retry_decide(&c, &q, AWS_RETRY_FINAL, 0, 1, &cost),
	   "AccessDenied and the like are final");
	ok(aws_retry_decide(&c, &q, AWS_RETRY_SKEW, 0, 1, &cost) && !cost &&
		   !aws_retry_decide(&c, &q, AWS_RETRY_SKEW, 0, 2, &cost),
	   "clock skew: one free retry");
	n = 1;
	while (aws_retry_decide(&c, &q, AWS_RETRY_THROTTLE, 0, n, &cost))
		n++;
	is_int(n, AWS_RETRY_THROTTLE_ATTEMPTS,
	       "throttling gets irready's budget of attempts");
	ok(!cost, "throttling retries do not draw on the quota");
	q.available = 4;
	ok(!aws_retry_decide(&c, &q, AWS_RETRY_TRANSIENT, 0, 1, &cost),
	   "standard: no retry when the quota is empty");
	ok(aws_retry_decide(&c, &q, AWS_RETRY_THROTTLE, 0, 1, &cost),
	   "throttling still retried with an empty quota");

	aws_retry_config_resolve(&c, "legacy", NULL, NULL, NULL, why,
				 sizeof(why));
	ok(aws_retry_decide(&c, &q, AWS_RETRY_TRANSIENT, 0, 4, &cost) && !cost,
	   "legacy: attempt 4 of 5 retried, no quota");
	ok(!aws_retry_decide(&c, &q, AWS_RETRY_TRANSIENT, 0, 5, &cost),
	   "legacy: 5 attempts");
	aws_retry_config_resolve(&c, NULL, "1", NULL, NULL, why, sizeof(why));
	ok(!aws_retry_decide(&c, NULL, AWS_RETRY_TRANSIENT, 0, 1, &cost) &&
		   !aws_retry_decide(&c, NULL, AWS_RETRY_THROTTLE, 0, 1, &cost),
	   "AWS_MAX_ATTEMPTS=1: nothing is retried, throttling included");
}

static void t_delay(void)
{
	struct aws_retry_config c;
	char why[100];

	aws_retry_config_resolve(&c, NULL, NULL, NULL, NULL, why, sizeof(why));
	is_int(aws_retry_delay_ms(&c, AWS_RETRY_TRANSIENT, 1, 0.5, 0, 20000,
				  -1),
	       25, "standard: 0.5 x 50 ms");
	is_int(aws_retry_delay_ms(&c, AWS_RETRY_TRANSIENT, 2, 0.5, 0, 20000,
				  -1),
	       50, "doubles per attempt");
	is_int(aws_retry_delay_ms(&c, AWS_RETRY_THROTTLE, 1, 0.5, 0, 20000, -1),
	       50, "throttling: 0.5 x 100 ms");
	is_int(aws_retry_delay_ms(&c, AWS_RETRY_TRANSIENT, 30, 0.999, 0, 20000,
				  -1),
	       19980, "capped at 20 s");
	is_int(aws_retry_delay_ms(&c, AWS_RETRY_TRANSIENT, 1, 0.5, 0, 20000,
				  3000),
	       3000, "a longer Retry-After wins");
	is_int(aws_retry_delay_ms(&c, AWS_RETRY_TRANSIENT, 1, 0.5, 0, 20000,
				  30000),
	       25, "a Retry-After past the cap is ignored");
	is_int(aws_retry_delay_ms(&c, AWS_RETRY_TRANSIENT, 1, 0.5, 10, 20000,
				  -1),
	       5, "IRREADY_RETRY_BASE_MS overrides the base");
	aws_retry_config_resolve(&c, "legacy", NULL, NULL, NULL, why,
				 sizeof(why));
	is_int(aws_retry_delay_ms(&c, AWS_RETRY_TRANSIENT, 3, 0.5, 0, 20000,
				  -1),
	       2000, "legacy: rand x 2^(n-1) s");
}

/* retry_mode and max_attempts read from a profile of the config file */
static void t_config_file(void)
{
	char dir[] = "/tmp/irready-retry-XXXXXX", path[64];
	struct aws_creds_provider *p = NULL;
	struct aws_creds_opts o = { 0 };
	struct aws_retry_config c;
	struct aws_error err;
	const char *mode = NULL, *att = NULL;
	char why[100];
	FILE *f;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "%s/config", dir);
	f = fopen(path, "w");
	fputs("[default]\nregion = eu-west-1\n\n"
	      "[profile audit]\naws_access_key_id = AKIDCFG\n"
	      "aws_secret_access_key = s3cret\nretry_mode = adaptive\n"
	      "max_attempts = 4\n",
	      f);
	fclose(f);
	setenv("AWS_CONFIG_FILE", path, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/irready", 1);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	o.profile = "audit";
	aws_error_clear(&err);
	if (!ok(!aws_creds_provider_new(&o, &p, &err),
		"provider for profile 'audit'"))
		printf("# %s: %s\n", err.code, err.message);
	if (p) {
		aws_creds_profile_retry(p, &mode, &att);
		is_str(mode, "adaptive", "retry_mode read from the profile");
		is_str(att, "4", "max_attempts read from the profile");
		aws_retry_config_resolve(&c, NULL, NULL, mode, att, why,
					 sizeof(why));
		ok(c.mode == AWS_RETRY_ADAPTIVE && c.max_attempts == 4 &&
			   c.explicit_attempts,
		   "the profile's settings resolve");
		aws_creds_provider_free(p);
	}
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	t_resolve();
	t_quota();
	t_decide();
	t_delay();
	t_config_file();
	return done_testing();
}
