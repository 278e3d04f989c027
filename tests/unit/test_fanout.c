/*
 * test_fanout.c -- per-resource follow-up calls fan out on the driver's
 * pool (inv_fanout): side by side, at most --concurrency at once, results
 * in the resources' order, per-resource errors on the resource, the first
 * failure the dataset's
 */
#include "aws.h"
#include "inv_collect.h"
#include "irready.h"
#include "tap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NKEYS      40
#define DENIED_KEY 7 /* its key policy denies DescribeKey */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int in_flight, max_in_flight, describes;
static int broken_key = -1; /* DescribeKey answers without KeyMetadata */

static void key_id(char *buf, size_t n, int i)
{
	snprintf(buf, n, "%08x-0000-4000-8000-%012x", (unsigned)i, 0xabcU);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

static int fake_send(struct aws_transport *t, const struct aws_request *req,
		     struct aws_response *resp, struct aws_error *err)
{
	const char *a = req->action;
	int i = req->resource ? (int)strtol(req->resource, NULL, 16) : -1;

	resp->status = 200;
	if (!strcmp(a, "GetCallerIdentity")) {
		strbuf_adds(
			&resp->body,
			"<GetCallerIdentityResponse><GetCallerIdentityResult>"
			"<UserId>AIDAEXAMPLE</UserId><Account>111122223333"
			"</Account><Arn>arn:aws:iam::111122223333:user/a</Arn>"
			"</GetCallerIdentityResult></"
			"GetCallerIdentityResponse>");
	} else if (!strcmp(a, "DescribeRegions")) {
		strbuf_adds(&resp->body,
			    "<DescribeRegionsResponse><regionInfo><item>"
			    "<regionName>us-east-1</regionName>"
			    "<regionEndpoint>ec2.us-east-1.amazonaws.com"
			    "</regionEndpoint><optInStatus>"
			    "opt-in-not-required</optInStatus></item>"
			    "</regionInfo></DescribeRegionsResponse>");
	} else if (!strcmp(a, "ListKeys")) {
		strbuf_adds(&resp->body, "{\"Keys\":[");
		for (int k = 0; k < NKEYS; k++) {
			char id[64];

			key_id(id, sizeof(id), k);
			strbuf_addf(&resp->body,
				    "%s{\"KeyId\":\"%s\",\"KeyArn\":\"arn:aws:"
				    "kms:us-east-1:111122223333:key/%s\"}",
				    k ? "," : "", id, id);
		}
		strbuf_adds(&resp->body, "],\"Truncated\":false}");
	} else if (!strcmp(a, "DescribeKey")) {
		pthread_mutex_lock(&mu);
		describes++;
		if (++in_flight > max_in_flight)
			max_in_flight = in_flight;
		pthread_mutex_unlock(&mu);
		sleep_ms(20);
		pthread_mutex_lock(&mu);
		in_flight--;
		pthread_mutex_unlock(&mu);
		if (i == DENIED_KEY) {
			resp->status = 400;
			strbuf_adds(&resp->body,
				    "{\"__type\":\"AccessDeniedException\","
				    "\"message\":\"not for you\"}");
		} else if (i == broken_key) {
			strbuf_adds(&resp->body, "{}");
		} else {
			strbuf_addf(
				&resp->body,
				"{\"KeyMetadata\":{\"KeyId\":\"%s\","
				"\"KeyManager\":\"CUSTOMER\",\"KeyState\":"
				"\"Enabled\",\"KeySpec\":\"SYMMETRIC_DEFAULT\","
				"\"KeyUsage\":\"ENCRYPT_DECRYPT\",\"Origin\":"
				"\"AWS_KMS\",\"Description\":\"key %d\"}}",
				req->resource, i);
		}
	} else if (!strcmp(a, "GetKeyRotationStatus")) {
		strbuf_addf(&resp->body, "{\"KeyRotationEnabled\":%s}",
			    i % 2 ? "false" : "true");
	} else {
		resp->status = 400;
		strbuf_adds(&resp->body, "{\"__type\":\"UnknownOperation\"}");
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One account, one region, KMS at 'concurrency'; the wall time. */
static double collect(struct inventory *inv, int concurrency)
{
	static struct aws_transport t = { .name = "fake", .send = fake_send };
	struct aws_client c = { .transport = &t };
	struct collect_opts o = { .needs = INV_NEED(DS_KMS),
				  .concurrency = concurrency };
	struct inv_account *a;
	double t0;

	memset(inv, 0, sizeof(*inv));
	inv->now = 1700000000;
	a = inv_add_account(inv);
	a->home_region = arena_strdup(&a->meta, "us-east-1");
	in_flight = max_in_flight = describes = 0;
	t0 = now_s();
	inv_collect_datasets(inv, &c, &o);
	aws_client_release(&c);
	return now_s() - t0;
}

static const struct inv_region *region(const struct inventory *inv)
{
	const struct inv_account *a = &inv->accounts[0];

	return a->nregions == 1 ? &a->regions[0] : NULL;
}

/* Keys in ListKeys' order, each with its own description and rotation. */
static int keys_in_order(const struct inv_region *r)
{
	for (size_t i = 0; i < r->keys.n; i++) {
		const struct inv_kms_key *k = &r->keys.v[i];
		char id[64], desc[32];

		key_id(id, sizeof(id), (int)i);
		snprintf(desc, sizeof(desc), "key %zu", i);
		if (strcmp(k->id, id))
			return 0;
		if (i == DENIED_KEY)
			continue;
		if (!k->description || strcmp(k->description, desc) ||
		    !k->rotation_checked || k->rotation_enabled != !(i % 2))
			return 0;
	}
	return 1;
}

int main(void)
{
	struct inventory inv;
	const struct inv_region *r;
	double serial, wide;

	serial = collect(&inv, 1);
	r = region(&inv);
	ok(r && r->status[DS_KMS].state == INV_OK, "one thread: KMS is OK");
	is_int(max_in_flight, 1, "one thread: one DescribeKey at a time");
	is_int(r ? (int)r->keys.n : -1, NKEYS, "every key listed");
	ok(r && keys_in_order(r), "one thread: every key described in order");
	inv_free(&inv);

	wide = collect(&inv, 8);
	r = region(&inv);
	ok(r && r->status[DS_KMS].state == INV_OK, "8 threads: KMS is OK");
	ok(max_in_flight > 1 && max_in_flight <= 8,
	   "8 threads: DescribeKey calls side by side, at most 8 (saw %d)",
	   max_in_flight);
	is_int(describes, NKEYS, "each key described once");
	ok(r && keys_in_order(r),
	   "8 threads: the same keys, descriptions and rotations, in order");
	ok(r &&
		   !strcmp(r->keys.v[DENIED_KEY].describe_err.code,
			   "AccessDeniedException") &&
		   !r->status[DS_KMS].err.code[0],
	   "a key that denies us keeps its error; the dataset has none");
	ok(wide < serial / 2, "the fan-out is faster (%.2f s vs %.2f s)", wide,
	   serial);
	inv_free(&inv);

	/* a malformed answer about one key: the dataset fails, with it */
	broken_key = 12;
	collect(&inv, 8);
	r = region(&inv);
	ok(r && r->status[DS_KMS].state == INV_FAILED,
	   "a malformed DescribeKey fails the dataset");
	ok(r && !strcmp(r->status[DS_KMS].err.code, "MalformedResponse") &&
		   strstr(r->status[DS_KMS].err.action, "DescribeKey"),
	   "with that call's error (%s %s)",
	   r ? r->status[DS_KMS].err.code : "",
	   r ? r->status[DS_KMS].err.action : "");
	ok(r && keys_in_order(r) == 0 && r->keys.v[11].rotation_checked,
	   "the keys before it were described");
	inv_free(&inv);
	return done_testing();
}
