/*
 * test_sigv4_cache.c -- signing keys cached per (access key, secret, date,
 * region, service) sign exactly as without the cache
 */
#include "aws_sigv4.h"
#include "irready.h"
#include "sha256.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

static void sign_svc(const char *secret, const char *region,
		     const char *service, time_t now, struct sigv4_key_cache *c,
		     char out[65])
{
	struct sigv4_header h[2] = { { "host", "ec2.amazonaws.com" },
				     { "x-amz-date", "" } };
	char amz[17];
	struct sigv4_params p = { .access_key = "AKIDEXAMPLE",
				  .secret_key = secret,
				  .region = region,
				  .service = service,
				  .now = now,
				  .method = "POST",
				  .path = "/",
				  .headers = h,
				  .nheaders = 2,
				  .body = "Action=DescribeVpcs",
				  .body_len = 19,
				  .key_cache = c };
	struct sigv4_result r;

	aws_sigv4_amz_date(now, amz);
	h[1].value = amz;
	out[0] = '\0';
	if (!aws_sigv4_sign(&p, &r))
		snprintf(out, 65, "%s", r.signature);
	aws_sigv4_result_release(&r);
}

static void sign(const char *secret, const char *region, time_t now,
		 struct sigv4_key_cache *c, char out[65])
{
	sign_svc(secret, region, "ec2", now, c, out);
}

/*
 * Another service in a region already signed for derives its key from the
 * cached region key: each signature as without the cache, and a secret
 * that differs never borrows another's region key.
 */
static void t_region_keys(void)
{
	static const char *const svcs[] = { "kms", "logs", "sns", "ec2" };
	struct sigv4_key_cache *c = aws_sigv4_key_cache_new();
	const time_t t = 1795824000;
	unsigned long hits, misses;
	char a[65], b[65];
	int same = 1;

	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < 4; i++) {
			const char *secret = round ? "secret-b" : "secret-a";

			sign_svc(secret, "eu-west-1", svcs[i], t, c, a);
			sign_svc(secret, "eu-west-1", svcs[i], t, NULL, b);
			same &= a[0] && !strcmp(a, b);
		}
	aws_sigv4_key_cache_stats(c, &hits, &misses);
	ok(same && misses == 8 && hits == 0,
	   "four services in one region, two secrets: every signature as "
	   "without the cache (%lu derived)",
	   misses);
	sign_svc("secret-a", "eu-west-1", "kms", t, c, a);
	sign_svc("secret-a", "eu-west-1", "kms", t, NULL, b);
	aws_sigv4_key_cache_stats(c, &hits, &misses);
	ok(!strcmp(a, b) && hits == 1, "and the first key is still reused");
	aws_sigv4_key_cache_free(c);
}

static void hex(const unsigned char *d, char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* RFC 4231 test cases 2 and 6 (a key longer than the block) */
static void t_hmac(void)
{
	unsigned char mac[32], big[131];
	char h[65];

	hmac_sha256_raw("Jefe", 4, "what do ya want for nothing?", 28, mac);
	hex(mac, h);
	is_str(h,
	       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec384"
	       "3",
	       "HMAC-SHA256, RFC 4231 case 2");
	memset(big, 0xaa, sizeof(big));
	hmac_sha256_raw(
		big, sizeof(big),
		"Test Using Larger Than Block-Size Key - Hash Key First", 54,
		mac);
	hex(mac, h);
	is_str(h,
	       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f5"
	       "4",
	       "HMAC-SHA256, RFC 4231 case 6 (131-byte key)");
}

int main(void)
{
	struct sigv4_key_cache *c = aws_sigv4_key_cache_new();
	unsigned long hits, misses;
	const time_t t = 1795824000; /* 2026-11-28 */
	char plain[65], cached[65], again[65], other[65], day2[65];
	int same = 1;

	t_hmac();
	t_region_keys();

	sign("secret-1", "us-east-1", t, NULL, plain);
	sign("secret-1", "us-east-1", t, c, cached);
	sign("secret-1", "us-east-1", t + 60, c, again);
	ok(plain[0] && !strcmp(plain, cached),
	   "a cached signing key signs as the uncached one");
	aws_sigv4_key_cache_stats(c, &hits, &misses);
	is_int(misses, 1, "the first request derives the key");
	is_int(hits, 1, "the next one (same day, region, service) reuses it");
	sign("secret-1", "us-east-1", t + 60, NULL, plain);
	is_str(again, plain, "and its signature is right");
	sign("secret-2", "us-east-1", t, c, other);
	sign("secret-2", "us-east-1", t, NULL, plain);
	aws_sigv4_key_cache_stats(c, &hits, &misses);
	ok(!strcmp(other, plain) && misses == 2,
	   "same access key, another secret: derived again, signed right");
	sign("secret-1", "us-east-1", t + 86400, c, day2);
	sign("secret-1", "us-east-1", t + 86400, NULL, plain);
	aws_sigv4_key_cache_stats(c, &hits, &misses);
	ok(!strcmp(day2, plain) && misses == 3, "the next day: a new key");
	for (int i = 0; i < 40; i++) {
		char region[32], a[65], b[65];

		snprintf(region, sizeof(region), "xx-test-%d", i % 20);
		sign("secret-1", region, t, c, a);
		sign("secret-1", region, t, NULL, b);
		same &= a[0] && !strcmp(a, b);
	}
	aws_sigv4_key_cache_stats(c, &hits, &misses);
	ok(same && misses <= 3 + 20 + 2 && hits >= 1 + 20 - 2,
	   "20 regions, twice: every signature right, the second round "
	   "mostly reused (%lu derived, %lu reused)",
	   misses, hits);
	aws_sigv4_key_cache_free(c);
	return done_testing();
}
