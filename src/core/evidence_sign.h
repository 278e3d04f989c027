/*
 * evidence_sign.h -- signed evidence bundles
 *
 * A --record directory's manifest.json lists the SHA-256 of every file;
 * signing it makes the bundle tamper-evident to anyone holding the public
 * key. The signature goes beside it, in manifest.json.sig:
 *
 *   {"schema": "irready.signature/1", "signed_file": "manifest.json",
 *    "algorithm": "ed25519" | "ecdsa-sha256" | "rsa-pss-sha256",
 *    "key_id": "sha256:<hex of the public key's DER SubjectPublicKeyInfo>",
 *    "signature": "<base64>"}
 *
 * RSA-PSS uses SHA-256, MGF1-SHA-256 and a 32-byte salt; ECDSA a DER
 * signature over SHA-256; Ed25519 signs the manifest bytes themselves.
 * The key id is `openssl pkey -pubout -outform DER | sha256sum`.
 */
#ifndef EVIDENCE_SIGN_H
#define EVIDENCE_SIGN_H

#include <stdio.h>

#define EVIDENCE_SIG_NAME "manifest.json.sig"

/* Sign 'dir'/manifest.json with the PEM private key 'keyfile'. */
int evidence_sign(const char *dir, const char *keyfile, FILE *out);

/*
 * Check 'dir'/manifest.json.sig against the PEM public key 'pubfile' (a
 * public key or a private key, whose public half is used), one line to
 * 'out'. 0 valid; IRREADY_EPARSE when the signature is missing, malformed,
 * by another key or does not verify; IRREADY_EIO when the key cannot be
 * read.
 */
int evidence_verify_signature(const char *dir, const char *pubfile, FILE *out);

#endif
