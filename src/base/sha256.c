/*
 * sha256.c -- SHA-256 of a byte string, raw or as lower-case hex
 *
 * See sha256.h. EVP_Digest() rather than the deprecated SHA256(), so a
 * FIPS provider serves it too. The digest is fetched from the provider
 * once (EVP_MD_fetch): OpenSSL 3 otherwise looks it up on every call, which
 * cost as much as the hashing itself for SigV4's short strings. HMAC is
 * built on it (two digests, RFC 2104) for the same reason. Each thread
 * keeps one digest context and re-initialises it (EVP_Digest() allocates
 * and frees a context, and its provider state, on every call: a dozen
 * mallocs per signed request); it is freed when the thread ends.
 */
#include "sha256.h"
#include "irready.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

static EVP_MD *fetched;
static pthread_key_t ctx_key;
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

static void ctx_free(void *p)
{
	EVP_MD_CTX_free(p);
}

static void fetch_sha256(void)
{
	fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (pthread_key_create(&ctx_key, ctx_free))
		BUG("SHA-256: no thread key");
}

static const EVP_MD *md_sha256(void)
{
	pthread_once(&fetch_once, fetch_sha256);
	return fetched ? fetched : EVP_sha256();
}

/* The thread's digest context, initialised for SHA-256. */
static EVP_MD_CTX *thread_ctx(void)
{
	const EVP_MD *md = md_sha256();
	EVP_MD_CTX *ctx = pthread_getspecific(ctx_key);

	if (!ctx) {
		ctx = EVP_MD_CTX_new();
		if (!ctx || pthread_setspecific(ctx_key, ctx))
			BUG("SHA-256 unavailable");
	}
	if (!EVP_DigestInit_ex(ctx, md, NULL))
		BUG("SHA-256 unavailable");
	return ctx;
}

void sha256_raw(const void *data, size_t n, unsigned char out[SHA256_RAW_LEN])
{
	EVP_MD_CTX *ctx = thread_ctx();
	unsigned int len = 0;

	if (!EVP_DigestUpdate(ctx, n ? data : (const void *)"", n) ||
	    !EVP_DigestFinal_ex(ctx, out, &len) || len != SHA256_RAW_LEN)
		BUG("SHA-256 unavailable");
}

void hmac_sha256_raw(const void *key, size_t keylen, const void *data, size_t n,
		     unsigned char out[SHA256_RAW_LEN])
{
	unsigned char k[64] = { 0 }, pad[64], inner[SHA256_RAW_LEN];
	EVP_MD_CTX *ctx;
	unsigned int len = 0;
	int ok;

	if (keylen > sizeof(k))
		sha256_raw(key, keylen, k);
	else if (keylen)
		memcpy(k, key, keylen);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	ctx = thread_ctx();
	ok = EVP_DigestUpdate(ctx, pad, sizeof(pad)) &&
	     EVP_DigestUpdate(ctx, n ? data : (const void *)"", n) &&
	     EVP_DigestFinal_ex(ctx, inner, &len);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	ok = ok && EVP_DigestInit_ex(ctx, md_sha256(), NULL) &&
	     EVP_DigestUpdate(ctx, pad, sizeof(pad)) &&
	     EVP_DigestUpdate(ctx, inner, sizeof(inner)) &&
	     EVP_DigestFinal_ex(ctx, out, &len);
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(pad, sizeof(pad));
	OPENSSL_cleanse(inner, sizeof(inner));
	if (!ok || len != SHA256_RAW_LEN)
		BUG("SHA-256 unavailable");
}

void sha256_hex(const void *data, size_t n, char out[SHA256_HEX_LEN])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[SHA256_RAW_LEN];

	sha256_raw(data, n, md);
	for (size_t i = 0; i < SHA256_RAW_LEN; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * SHA256_RAW_LEN] = '\0';
}
