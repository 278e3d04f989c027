/*
 * test_rate.c -- the quota table's lookup, --rate parsing, the pace a call
 * gets (documented x fraction, overrides, undocumented), the pacer
 */
#include "aws.h"
#include "aws_rate.h"
#include "irready.h"
#include "policy.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Load a policy whose text is 'json'; policy_load()'s return. */
static int load(const char *json, struct policy *p)
{
	char path[] = "/tmp/irready-rates-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		return -100;
	fputs(json, f);
	fclose(f);
	rc = policy_load(path, p);
	unlink(path);
	return rc;
}

/* The policy file's "rates": loaded, merged over the parent, validated. */
static void t_policy(void)
{
	struct policy p = { 0 };

	setenv("IRREADY_POLICY_DIR", "policies", 1);
	is_int(load("{\"extends\": \"readiness\", \"rates\": {\"kms\": 50, "
		    "\"ec2:DescribeInstances\": 2.5, \"kms\": 40}}",
		    &p),
	       0, "a policy with rates loads");
	ok(p.nrates == 2 && !strcmp(p.rates[0].service, "kms") &&
		   !p.rates[0].action && p.rates[0].rate == 40 &&
		   !strcmp(p.rates[1].service, "ec2") &&
		   !strcmp(p.rates[1].action, "DescribeInstances") &&
		   p.rates[1].rate == 2.5,
	   "service and service:Action rows; a repeated key replaces (%zu)",
	   p.nrates);
	policy_release(&p);
	ok(load("{\"rates\": {\"kmss\": 5}}", &p) != 0,
	   "an unknown service is a policy error");
	policy_release(&p);
	ok(load("{\"rates\": {\"kms\": 0}}", &p) != 0,
	   "a rate of 0 is a policy error");
	policy_release(&p);
	ok(load("{\"rates\": {\"kms:\": 3}}", &p) != 0,
	   "an empty action is a policy error");
	policy_release(&p);
	ok(load("{\"rates\": [1]}", &p) != 0, "rates must be an object");
	policy_release(&p);
}

static void t_table(void)
{
	const struct aws_quota *q, *t;
	size_t n;

	q = aws_quota_find("kms", "DescribeKey");
	ok(q && q->rate == 2000 && q->action,
	   "kms:DescribeKey has its own documented quota");
	q = aws_quota_find("ec2", "DescribeInstances");
	ok(q && !q->action && q->rate == 20 && q->burst == 100 && q->per_action,
	   "ec2 actions: 20/s refill, 100 burst, a bucket each");
	ok(!aws_quota_find("iam", "ListUsers"), "iam: nothing documented");
	ok(!aws_quota_find("kms", "ListAliases"),
	   "an action without its row and no service row: undocumented");
	t = aws_quota_table(&n);
	for (size_t i = 0; i < n; i++) {
		ok(aws_service_find(t[i].service) && t[i].rate > 0 &&
			   t[i].source &&
			   !strncmp(t[i].source, "https://docs.aws.amazon.com/",
				    28),
		   "row %zu (%s%s%s) names a known service, a rate and an "
		   "AWS documentation page",
		   i, t[i].service, t[i].action ? ":" : "",
		   t[i].action ? t[i].action : "");
	}
}

static void t_parse(void)
{
	struct aws_rate_override o, *v = NULL;
	size_t n = 0;
	char why[200];

	is_int(aws_rate_override_parse("kms=50", &o, why, sizeof(why)), 0,
	       "kms=50 parses");
	ok(!strcmp(o.service, "kms") && !o.action && o.rate == 50,
	   "service kms, no action, 50/s");
	aws_rate_override_release(&o);
	is_int(aws_rate_override_parse("ec2:DescribeInstances=2.5", &o, why,
				       sizeof(why)),
	       0, "service:action=decimal parses");
	ok(!strcmp(o.service, "ec2") &&
		   !strcmp(o.action, "DescribeInstances") && o.rate == 2.5,
	   "ec2:DescribeInstances at 2.5/s");
	aws_rate_override_release(&o);
	ok(aws_rate_override_parse("kms", &o, why, sizeof(why)) &&
		   strstr(why, "SERVICE[:Action]=N"),
	   "no '=' refused: %s", why);
	ok(aws_rate_override_parse("kms=0", &o, why, sizeof(why)), "0 refused");
	ok(aws_rate_override_parse("kms=-3", &o, why, sizeof(why)),
	   "negative refused");
	ok(aws_rate_override_parse("kms=fast", &o, why, sizeof(why)),
	   "a word refused");
	ok(aws_rate_override_parse(":X=3", &o, why, sizeof(why)),
	   "empty service refused");
	ok(aws_rate_override_parse("kms:=3", &o, why, sizeof(why)),
	   "empty action refused");
	is_int(aws_rate_overrides_add("kms=50,ec2:DescribeVpcs=4", &v, &n, why,
				      sizeof(why)),
	       0, "a comma list parses");
	is_int(n, 2, "into two overrides");
	ok(aws_rate_overrides_add("s3=1,bad", &v, &n, why, sizeof(why)),
	   "a bad element refuses the list");
	aws_rate_overrides_free(v, n);
}

static void t_plan(void)
{
	struct aws_rate_plan p;
	struct aws_rate_override ov[3] = {
		{ "kms", NULL, 40 },
		{ "kms", "GetKeyRotationStatus", 7 },
		{ "kms", NULL, 60 },
	};

	aws_rate_plan("kms", "DescribeKey", NULL, 0, 0, &p);
	ok(p.rate == 2000 * AWS_RATE_FRACTION &&
		   p.burst == 2000 * AWS_RATE_FRACTION &&
		   !strcmp(p.group, "kms:DescribeKey") &&
		   !strcmp(p.source, "documented"),
	   "kms:DescribeKey at the fraction of 2000/s, own bucket (%g)",
	   p.rate);
	aws_rate_plan("ec2", "DescribeVpcs", NULL, 0, 0.5, &p);
	ok(p.rate == 10 && p.burst == 50 &&
		   !strcmp(p.group, "ec2:DescribeVpcs"),
	   "fraction 0.5 of ec2's 20/s and 100 burst, per action (%g/%g)",
	   p.rate, p.burst);
	aws_rate_plan("s3", "GetBucketVersioning", NULL, 0, 0, &p);
	is_str(p.group, "s3", "s3: one bucket for the service");
	aws_rate_plan("iam", "ListUsers", NULL, 0, 0, &p);
	ok(p.rate == AWS_RATE_UNDOCUMENTED &&
		   p.burst == 2 * AWS_RATE_UNDOCUMENTED &&
		   !strcmp(p.source, "undocumented") && !strcmp(p.group, "iam"),
	   "iam: the undocumented default, unscaled");
	aws_rate_plan("kms", "DescribeKey", ov, 3, 0, &p);
	ok(p.rate == 60 && !strcmp(p.group, "kms") &&
		   !strcmp(p.source, "override"),
	   "the later service override wins, one bucket for the service");
	aws_rate_plan("kms", "GetKeyRotationStatus", ov, 3, 0, &p);
	ok(p.rate == 7 && !strcmp(p.group, "kms:GetKeyRotationStatus"),
	   "an action override beats a service one");
	aws_rate_plan("ec2", "DescribeVpcs", ov, 3, 0, &p);
	is_str(p.source, "documented", "other services keep the table");
}

/* The pacer: a burst, then the refill rate. */
static void t_pacer(void)
{
	struct aws_rate_override ov = { "iam", NULL, 50 };
	struct aws_rate *r = aws_rate_new(&ov, 1, 0, 0);
	struct timespec t0, t1;
	double dt;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 50; i++)
		aws_rate_take(r, "111/us-east-1", "iam", "ListUsers");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	dt = (double)(t1.tv_sec - t0.tv_sec) +
	     (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ok(dt < 0.2, "a burst of 50 at 50/s goes at once (%.3f s)", dt);
	for (int i = 0; i < 10; i++)
		aws_rate_take(r, "111/us-east-1", "iam", "ListUsers");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dt = (double)(t0.tv_sec - t1.tv_sec) +
	     (double)(t0.tv_nsec - t1.tv_nsec) / 1e9;
	ok(dt >= 0.15, "then 10 more take >= 0.15 s at 50/s (%.3f s)", dt);
	for (int i = 0; i < 5; i++)
		aws_rate_take(r, "222/us-east-1", "iam", "ListUsers");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	dt = (double)(t1.tv_sec - t0.tv_sec) +
	     (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ok(dt < 0.1, "another account has its own bucket (%.3f s)", dt);
	/* many keys: the table grows, each new bucket starts full */
	for (int i = 0; i < 2000; i++) {
		char k[32];

		snprintf(k, sizeof(k), "%d/eu-west-1", i);
		aws_rate_take(r, k, "ec2", "DescribeVpcs");
		aws_rate_take(r, k, "ec2", "DescribeVpcs");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dt = (double)(t0.tv_sec - t1.tv_sec) +
	     (double)(t0.tv_nsec - t1.tv_nsec) / 1e9;
	ok(dt < 1.0, "4000 calls over 2000 fresh buckets never wait (%.3f s)",
	   dt);
	aws_rate_free(r);
}

/*
 * Buckets of finished accounts do not pile up (an Organization leaves
 * ~45 per account and region): full ones at their planned rate go when
 * the table needs room; a throttled one stays, its slower rate kept.
 */
static void t_idle_buckets(void)
{
	struct aws_rate *r = aws_rate_new(NULL, 0, 0, 1e6);
	size_t most = 0;

	aws_rate_take(r, "999/us-east-1", "ec2", "DescribeVpcs");
	aws_rate_feedback(r, "999/us-east-1", "ec2", "DescribeVpcs", 1);
	for (int i = 0; i < 20000; i++) {
		char k[32];

		snprintf(k, sizeof(k), "%d/eu-west-1", i);
		aws_rate_take(r, k, "kms", "DescribeKey");
		aws_rate_feedback(r, k, "kms", "DescribeKey", 0);
		if (aws_rate_buckets(r) > most)
			most = aws_rate_buckets(r);
	}
	ok(most < 1000,
	   "20,000 keys used once each: at most %zu buckets held at a time",
	   most);
	ok(aws_rate_current(r, "999/us-east-1", "ec2", "DescribeVpcs") == 5e5,
	   "the throttled bucket is kept at half its rate (%g/s)",
	   aws_rate_current(r, "999/us-east-1", "ec2", "DescribeVpcs"));
	aws_rate_take(r, "7/eu-west-1", "kms", "DescribeKey");
	ok(aws_rate_current(r, "7/eu-west-1", "kms", "DescribeKey") == 1e6,
	   "a dropped key comes back at its planned rate");
	aws_rate_free(r);
}

int main(void)
{
	t_table();
	t_parse();
	t_plan();
	t_pacer();
	t_idle_buckets();
	t_policy();
	return done_testing();
}
