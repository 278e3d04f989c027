/*
 * sha256.c -- SHA-256 of a byte string, raw or as lower-case hex
 *
 * See sha256.h. EVP_Digest() rather than the deprecated SHA256(), so a
 * FIPS provider serves it too.
 */
#include "sha256.h"
#include "irready.h"

#include <openssl/evp.h>

void sha256_raw(const void *data, size_t n, unsigned char out[SHA256_RAW_LEN])
{
	unsigned int len = 0;

	if (!EVP_Digest(n ? data : (const void *)"", n, out, &len, EVP_sha256(),
			NULL) ||
	    len != SHA256_RAW_LEN)
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
