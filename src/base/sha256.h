/*
 * sha256.h -- SHA-256 of a byte string, raw or as lower-case hex
 *
 * The one digest helper of the tree (OpenSSL underneath): SigV4 payload
 * hashes, evidence manifests, policy digests, finding ids, shard
 * assignment and long replay file names all go through it. 'data' may be
 * NULL when 'n' is 0. Nothing is allocated; OpenSSL failing to hash is a
 * bug (BUG()).
 */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>

#define SHA256_RAW_LEN 32
#define SHA256_HEX_LEN 65 /* 64 hex digits and the NUL */

void sha256_raw(const void *data, size_t n, unsigned char out[SHA256_RAW_LEN]);
void sha256_hex(const void *data, size_t n, char out[SHA256_HEX_LEN]);
/* HMAC-SHA256 (RFC 2104) of 'data' with 'key' (SigV4's signing chain). */
void hmac_sha256_raw(const void *key, size_t keylen, const void *data, size_t n,
		     unsigned char out[SHA256_RAW_LEN]);

#endif
