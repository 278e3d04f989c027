/*
 * evidence_sign.c -- sign and verify a bundle's manifest.json (OpenSSL EVP)
 *
 * See evidence_sign.h for the signature file. Only manifest.json is
 * signed: it holds the SHA-256 of every other file, so `irready evidence
 * verify DIR --pubkey PEM` checks the signature, then every hash
 * (aws_recording_verify), and a changed byte anywhere is caught by one or
 * the other. Keys are read from PEM files; an encrypted private key is
 * refused rather than prompting (audits run unattended).
 */
#include "evidence_sign.h"
#include "cli.h"
#include "irready.h"
#include "report.h"
#include "sha256.h"
#include "strbuf.h"

#include <cJSON.h>
#include <limits.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SIG_SCHEMA "irready.signature/1"

/* Write 's' to 'path' through a temporary file and rename. */
static int write_atomic(const char *path, const char *s)
{
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int rc = 0;

	if (!f || fputs(s, f) < 0 || fputc('\n', f) < 0)
		rc = IRREADY_EIO;
	if (f && fclose(f))
		rc = IRREADY_EIO;
	if (!rc && rename(tmp, path))
		rc = IRREADY_EIO;
	if (rc) {
		remove(tmp);
		error_rc(rc, "cannot write '%s'", path);
	}
	free(tmp);
	return rc;
}

/* Refuse to prompt for a passphrase. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	*(int *)u = 1;
	return -1;
}

static EVP_PKEY *read_key(const char *file, int private)
{
	FILE *f = fopen(file, "r");
	EVP_PKEY *k = NULL;
	int asked = 0;

	if (!f) {
		error_rc(IRREADY_EIO, "cannot read key '%s'", file);
		return NULL;
	}
	if (private) {
		k = PEM_read_PrivateKey(f, NULL, no_passphrase, &asked);
	} else {
		k = PEM_read_PUBKEY(f, NULL, no_passphrase, &asked);
		if (!k) { /* a private key holds its public half */
			rewind(f);
			k = PEM_read_PrivateKey(f, NULL, no_passphrase, &asked);
		}
	}
	fclose(f);
	if (!k)
		error_rc(IRREADY_EIO, "'%s' is not a%s PEM %s key%s", file,
			 asked ? "n unencrypted" : "",
			 private ? "private" : "public",
			 asked ? " (decrypt it first: openssl pkey -in KEY "
				 "-out PLAIN)"
			       : "");
	return k;
}

/* "ed25519", "ecdsa-sha256", "rsa-pss-sha256", or NULL (unsupported). */
static const char *key_algorithm(EVP_PKEY *k)
{
	switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_ED25519:
		return "ed25519";
	case EVP_PKEY_EC:
		return "ecdsa-sha256";
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
		return "rsa-pss-sha256";
	default:
		return NULL;
	}
}

/* "sha256:<hex>" of the public key's DER SubjectPublicKeyInfo. */
static char *key_id(EVP_PKEY *k)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	char hex[SHA256_HEX_LEN];

	if (n <= 0)
		return NULL;
	sha256_hex(der, (size_t)n, hex);
	OPENSSL_free(der);
	return xasprintf("sha256:%s", hex);
}

/* A digest-sign/verify context for 'k' with our parameters. */
static EVP_MD_CTX *sig_ctx(EVP_PKEY *k, int sign)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	const EVP_MD *h = EVP_PKEY_get_base_id(k) == EVP_PKEY_ED25519
				  ? NULL
				  : EVP_sha256();
	int ok;

	if (!md)
		return NULL;
	ok = sign ? EVP_DigestSignInit(md, &pctx, h, NULL, k)
		  : EVP_DigestVerifyInit(md, &pctx, h, NULL, k);
	if (ok == 1 && !strcmp(key_algorithm(k), "rsa-pss-sha256"))
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx,
						  RSA_PKCS1_PSS_PADDING) == 1 &&
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) == 1 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1;
	if (ok != 1) {
		EVP_MD_CTX_free(md);
		return NULL;
	}
	return md;
}

int evidence_sign(const char *dir, const char *keyfile, FILE *out)
{
	char *path = xasprintf("%s/manifest.json", dir);
	char *sigpath = xasprintf("%s/" EVIDENCE_SIG_NAME, dir);
	struct strbuf sb = STRBUF_INIT;
	EVP_PKEY *k = NULL;
	EVP_MD_CTX *md = NULL;
	unsigned char *sig = NULL, *b64 = NULL;
	size_t siglen = 0;
	char *kid = NULL, *json = NULL;
	const char *alg;
	cJSON *o = NULL;
	int rc = IRREADY_EIO;

	strbuf_init(&sb, (size_t)256 << 20);
	if (strbuf_read_file(&sb, path)) {
		error_rc(IRREADY_EIO,
			 "cannot read '%s' (sign a --record "
			 "directory)",
			 path);
		goto out;
	}
	if (!(k = read_key(keyfile, 1)))
		goto out;
	if (!(alg = key_algorithm(k))) {
		error_rc(IRREADY_EIO,
			 "'%s': unsupported key type (Ed25519, EC or RSA)",
			 keyfile);
		goto out;
	}
	kid = key_id(k);
	md = sig_ctx(k, 1);
	if (!kid || !md ||
	    EVP_DigestSign(md, NULL, &siglen, (unsigned char *)sb.buf,
			   sb.len) != 1 ||
	    !(sig = OPENSSL_malloc(siglen)) ||
	    EVP_DigestSign(md, sig, &siglen, (unsigned char *)sb.buf, sb.len) !=
		    1) {
		error_rc(IRREADY_EIO, "signing with '%s' failed", keyfile);
		goto out;
	}
	b64 = xmalloc(4 * ((siglen + 2) / 3) + 1);
	EVP_EncodeBlock(b64, sig, (int)siglen);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "schema", SIG_SCHEMA);
	cJSON_AddStringToObject(o, "signed_file", "manifest.json");
	cJSON_AddStringToObject(o, "algorithm", alg);
	cJSON_AddStringToObject(o, "key_id", kid);
	cJSON_AddStringToObject(o, "signature", (char *)b64);
	json = cJSON_Print(o);
	rc = write_atomic(sigpath, json);
	if (!rc && out)
		fprintf(out, "signed %s/manifest.json (%s, key %s)\n", dir, alg,
			kid);
out:
	cJSON_free(json);
	cJSON_Delete(o);
	free(b64);
	OPENSSL_free(sig);
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	free(kid);
	strbuf_release(&sb);
	free(path);
	free(sigpath);
	return rc;
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Base64 'in' into 'out' (malloc'd); its length, or -1 when not base64. */
static int unbase64(const char *in, unsigned char **out)
{
	size_t n = strlen(in);
	int len, pad = 0;

	*out = NULL;
	if (!n || n % 4 ||
	    strspn(in, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
		       "opqrstuvwxyz0123456789+/=") != n)
		return -1;
	*out = xmalloc(n / 4 * 3 + 1);
	len = EVP_DecodeBlock(*out, (const unsigned char *)in, (int)n);
	if (len < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	if (in[n - 1] == '=')
		pad++;
	if (in[n - 2] == '=')
		pad++;
	return len - pad;
}

int evidence_verify_signature(const char *dir, const char *pubfile, FILE *out)
{
	char *path = xasprintf("%s/manifest.json", dir);
	char *sigpath = xasprintf("%s/" EVIDENCE_SIG_NAME, dir);
	struct strbuf sb = STRBUF_INIT, sf = STRBUF_INIT;
	EVP_PKEY *k = NULL;
	EVP_MD_CTX *md = NULL;
	unsigned char *sig = NULL;
	char *kid = NULL;
	const char *alg, *want_kid, *b64;
	cJSON *o = NULL;
	int siglen, rc = IRREADY_EPARSE;

	if (!(k = read_key(pubfile, 0))) {
		rc = IRREADY_EIO;
		goto out;
	}
	kid = key_id(k);
	strbuf_init(&sb, (size_t)256 << 20);
	strbuf_init(&sf, (size_t)1 << 20);
	if (strbuf_read_file(&sf, sigpath)) {
		fprintf(out, "UNSIGNED %s (no %s)\n", dir, EVIDENCE_SIG_NAME);
		goto out;
	}
	o = cJSON_ParseWithLength(sf.buf, sf.len);
	alg = jstr(o, "algorithm");
	want_kid = jstr(o, "key_id");
	b64 = jstr(o, "signature");
	if (!jstr(o, "schema") || strcmp(jstr(o, "schema"), SIG_SCHEMA) ||
	    !alg || !want_kid || !b64 ||
	    strcmp(jstr(o, "signed_file") ? jstr(o, "signed_file") : "",
		   "manifest.json")) {
		fprintf(out, "BADSIG  %s (not an irready signature)\n",
			EVIDENCE_SIG_NAME);
		goto out;
	}
	if (!kid || strcmp(want_kid, kid)) {
		fprintf(out, "BADSIG  %s: signed by key %s, not by '%s' (%s)\n",
			EVIDENCE_SIG_NAME, want_kid, pubfile, kid ? kid : "?");
		goto out;
	}
	if (!key_algorithm(k) || strcmp(alg, key_algorithm(k))) {
		fprintf(out, "BADSIG  %s: algorithm %s does not fit the key\n",
			EVIDENCE_SIG_NAME, alg);
		goto out;
	}
	if (strbuf_read_file(&sb, path)) {
		fprintf(out, "MISSING manifest.json\n");
		goto out;
	}
	siglen = unbase64(b64, &sig);
	md = sig_ctx(k, 0);
	if (siglen <= 0 || !md ||
	    EVP_DigestVerify(md, sig, (size_t)siglen,
			     (const unsigned char *)sb.buf, sb.len) != 1) {
		fprintf(out, "BADSIG  manifest.json: the signature does not "
			     "verify (manifest or signature changed)\n");
		goto out;
	}
	fprintf(out, "SIGNED  manifest.json: valid %s signature by key %s\n",
		alg, kid);
	rc = 0;
out:
	cJSON_Delete(o);
	free(sig);
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	free(kid);
	strbuf_release(&sb);
	strbuf_release(&sf);
	free(path);
	free(sigpath);
	return rc;
}

int evidence_sign_main(int argc, char **argv)
{
	const char *dir = NULL, *key = NULL;
	int bad = 0;

	for (int i = 2; i < argc && !bad; i++) {
		if (!strcmp(argv[i], "--key") && i + 1 < argc)
			key = argv[++i];
		else if (!dir && argv[i][0] != '-')
			dir = argv[i];
		else
			bad = 1;
	}
	if (bad || !dir || !key) {
		error_rc(IRREADY_EUSAGE,
			 "usage: irready evidence sign DIR --key PEM");
		return 2;
	}
	return evidence_sign(dir, key, stdout) ? 3 : 0;
}
