/*
 * sha256.c -- SHA-256 of a byte string, raw or as lower-case hex
 *
 * See sha256.h. EVP_Digest() rather than the deprecated SHA256(), so a
 * FIPS provider serves it too. The digest is fetched from the provider
 * once (EVP_MD_fetch): OpenSSL 3 otherwise looks it up on every call, which
 * cost as much as the hashing itself for SigV4's short strings. HMAC is
 * built on it (two digests, RFC 2104) for the same reason.
 */
#include "sha256.h"
#include "irready.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

static EVP_MD *fetched;
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

static void fetch_sha256(void)
{
	fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *md_sha256(void)
{
	pthread_once(&fetch_once, fetch_sha256);
	return fetched ? fetched : EVP_sha256();
}

void sha256_raw(const void *data, size_t n, unsigned char out[SHA256_RAW_LEN])
{
	unsigned int len = 0;

	if (!EVP_Digest(n ? data : (const void *)"", n, out, &len, md_sha256(),
			NULL) ||
	    len != SHA256_RAW_LEN)
		BUG("SHA-256 unavailable");
}

void hmac_sha256_raw(const void *key, size_t keylen, const void *data, size_t n,
		     unsigned char out[SHA256_RAW_LEN])
{
	unsigned char k[64] = { 0 }, pad[64], inner[SHA256_RAW_LEN];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok;

	if (!ctx)
		BUG("SHA-256 unavailable");
	if (keylen > sizeof(k))
		sha256_raw(key, keylen, k);
	else if (keylen)
		memcpy(k, key, keylen);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	ok = EVP_DigestInit_ex(ctx, md_sha256(), NULL) &&
	     EVP_DigestUpdate(ctx, pad, sizeof(pad)) &&
	     EVP_DigestUpdate(ctx, n ? data : (const void *)"", n) &&
	     EVP_DigestFinal_ex(ctx, inner, &len);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	ok = ok && EVP_DigestInit_ex(ctx, md_sha256(), NULL) &&
	     EVP_DigestUpdate(ctx, pad, sizeof(pad)) &&
	     EVP_DigestUpdate(ctx, inner, sizeof(inner)) &&
	     EVP_DigestFinal_ex(ctx, out, &len);
	EVP_MD_CTX_free(ctx);
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
