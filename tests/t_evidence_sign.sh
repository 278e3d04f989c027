#!/bin/sh
# t_evidence_sign.sh -- signed evidence bundles (src/core/evidence_sign.c)
#
# For each key type (Ed25519, RSA -> RSA-PSS, ECDSA P-256), generated with
# the openssl CLI: audit --record B --output-dir B --sign KEY, then
# `evidence verify B --pubkey PUB` passes, OpenSSL's own CLI verifies the
# same signature, and a flipped byte in a response, in a report, in the
# manifest or in the signature fails it (exit 1) naming what changed; so
# do another key, a missing signature, and an extra or missing file.
O=${O:-build}
BIN=$O/irready
n=0
failed=0
tap() { # rc description [log]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ -n "$3" ] && [ -f "$3" ] && sed 's/^/#   /' "$3" | head -20
		failed=$((failed + 1))
	fi
}
if ! command -v openssl >/dev/null 2>&1; then
	echo "1..0 # SKIP openssl CLI not installed"
	exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/irready-sign.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

flip() { # file: flip one bit of the middle byte
	python3 - "$1" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x01
open(p, "wb").write(bytes(b))
PY
}
flip_sig() { # sig file: flip one bit inside the signature bytes
	python3 - "$1" <<'PY'
import base64, json, sys
p = sys.argv[1]
j = json.load(open(p))
s = bytearray(base64.b64decode(j["signature"]))
s[len(s) // 2] ^= 0x01
j["signature"] = base64.b64encode(bytes(s)).decode()
open(p, "w").write(json.dumps(j))
PY
}
# expect_bad name dir pub pattern: verify exits 1 and prints pattern
expect_bad() {
	"$BIN" evidence verify "$2" --pubkey "$3" >"$TMP/v.out" 2>&1
	rc=$?
	[ $rc -eq 1 ] && grep -q -- "$4" "$TMP/v.out"
	tap $? "$1: exit 1 (got $rc), says '$4'" "$TMP/v.out"
}

gen() { # type: KEY.pem and KEY.pub
	case $1 in
	ed25519) openssl genpkey -algorithm ed25519 -out "$TMP/$1.pem" ;;
	rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
		-out "$TMP/$1.pem" ;;
	ecdsa) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$TMP/$1.pem" ;;
	esac 2>/dev/null && openssl pkey -in "$TMP/$1.pem" -pubout -out "$TMP/$1.pub"
}

for k in ed25519 rsa ecdsa; do
	gen $k
	tap $? "$k: key pair generated"
	B=$TMP/$k
	"$BIN" audit --replay fixtures/well-prepared --now 2026-11-01T00:00:00Z \
		--record "$B" --output-dir "$B" --format html,csv,json --sign "$TMP/$k.pem" \
		>"$TMP/a.out" 2>&1
	rc=$?
	[ $rc -le 1 ] && [ -s "$B/manifest.json.sig" ] && grep -q "^signed $B/manifest.json" "$TMP/a.out"
	tap $? "$k: audit --record --sign writes manifest.json.sig (exit $rc)" "$TMP/a.out"
	kid=$(openssl pkey -pubin -in "$TMP/$k.pub" -outform DER | sha256sum | cut -c1-64)
	grep -q "\"key_id\":[[:space:]]*\"sha256:$kid\"" "$B/manifest.json.sig"
	tap $? "$k: key id is the SHA-256 of the public key's DER" "$B/manifest.json.sig"
	grep -q '"path":[[:space:]]*"findings.csv"' "$B/manifest.json" &&
		grep -q '"path":[[:space:]]*"report.html"' "$B/manifest.json"
	tap $? "$k: the reports written into the bundle are in its manifest"
	"$BIN" evidence verify "$B" --pubkey "$TMP/$k.pub" >"$TMP/v.out" 2>&1
	rc=$?
	[ $rc -eq 0 ] && grep -q "^SIGNED  manifest.json: valid" "$TMP/v.out" &&
		grep -q ", 0 problems" "$TMP/v.out"
	tap $? "$k: evidence verify --pubkey passes (exit $rc)" "$TMP/v.out"

	# the same signature through OpenSSL's CLI
	python3 -c 'import base64,json,sys; sys.stdout.buffer.write(base64.b64decode(json.load(open(sys.argv[1]))["signature"]))' \
		"$B/manifest.json.sig" >"$TMP/sig.bin"
	case $k in
	ed25519) openssl pkeyutl -verify -pubin -inkey "$TMP/$k.pub" -rawin \
		-in "$B/manifest.json" -sigfile "$TMP/sig.bin" ;;
	rsa) openssl dgst -sha256 -sigopt rsa_padding_mode:pss \
		-sigopt rsa_pss_saltlen:32 -verify "$TMP/$k.pub" \
		-signature "$TMP/sig.bin" "$B/manifest.json" ;;
	ecdsa) openssl dgst -sha256 -verify "$TMP/$k.pub" \
		-signature "$TMP/sig.bin" "$B/manifest.json" ;;
	esac >"$TMP/o.out" 2>&1
	tap $? "$k: openssl verifies the signature too" "$TMP/o.out"

	resp=$(cd "$B" && find . -name '*.http' | sort | head -1 | sed 's#^\./##')
	for what in response report manifest signature; do
		rm -rf "$TMP/c"
		cp -r "$B" "$TMP/c"
		case $what in
		response) flip "$TMP/c/$resp"; pat="CHANGED $resp" ;;
		report) flip "$TMP/c/findings.csv"; pat="CHANGED findings.csv" ;;
		manifest) flip "$TMP/c/manifest.json"; pat="BADSIG  manifest.json" ;;
		signature) flip_sig "$TMP/c/manifest.json.sig"; pat="BADSIG  manifest.json" ;;
		esac
		expect_bad "$k: a flipped byte in the $what" "$TMP/c" "$TMP/$k.pub" "$pat"
	done
done

# reports in a subdirectory of the recording; an older run's file there
# is not sealed as this run's
B2=$TMP/sub
mkdir -p "$B2/report" && echo stale >"$B2/report/junit.xml"
"$BIN" audit --replay fixtures/well-prepared --now 2026-11-01T00:00:00Z \
	--record "$B2" --output-dir "$B2/report" --format csv,json \
	--sign "$TMP/ed25519.pem" --quiet >"$TMP/a.out" 2>&1
grep -q '"path":[[:space:]]*"report/findings.csv"' "$B2/manifest.json" &&
	! grep -q 'report/junit.xml' "$B2/manifest.json"
tap $? "--output-dir DIR/report: this run's reports sealed, a stale file not" "$TMP/a.out"
"$BIN" evidence verify "$B2" --pubkey "$TMP/ed25519.pub" >"$TMP/v.out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "EXTRA   report/junit.xml" "$TMP/v.out" &&
	grep -q "^SIGNED" "$TMP/v.out"
tap $? "the stale file is EXTRA, the signature valid (exit $rc)" "$TMP/v.out"

# another key, no signature, extra and missing files
B=$TMP/ed25519
expect_bad "verified with another key" "$B" "$TMP/rsa.pub" "BADSIG  manifest.json.sig: signed by key"
rm -rf "$TMP/c" && cp -r "$B" "$TMP/c" && rm "$TMP/c/manifest.json.sig"
expect_bad "an unsigned bundle with --pubkey" "$TMP/c" "$TMP/ed25519.pub" "UNSIGNED"
rm -rf "$TMP/c" && cp -r "$B" "$TMP/c" && echo x >"$TMP/c/extra.txt" && rm "$TMP/c/report.html"
expect_bad "an extra file" "$TMP/c" "$TMP/ed25519.pub" "EXTRA   extra.txt"
expect_bad "a missing file" "$TMP/c" "$TMP/ed25519.pub" "MISSING report.html"
"$BIN" evidence verify "$B" --pubkey "$TMP/nonexistent.pub" >"$TMP/v.out" 2>&1
tap $(($? != 3)) "an unreadable public key: exit 3" "$TMP/v.out"

# evidence sign on an existing bundle; a private key as --pubkey works
rm -rf "$TMP/c" && cp -r "$B" "$TMP/c" && rm "$TMP/c/manifest.json.sig"
"$BIN" evidence sign "$TMP/c" --key "$TMP/ecdsa.pem" >"$TMP/s.out" 2>&1 &&
	"$BIN" evidence verify "$TMP/c" --pubkey "$TMP/ecdsa.pem" >"$TMP/v.out" 2>&1
tap $? "evidence sign DIR --key, verified with the key file itself" "$TMP/v.out"
openssl genpkey -algorithm ed25519 -aes256 -pass pass:x -out "$TMP/enc.pem" 2>/dev/null
"$BIN" evidence sign "$TMP/c" --key "$TMP/enc.pem" </dev/null >"$TMP/s.out" 2>&1
rc=$?
[ $rc -eq 3 ] && grep -q "unencrypted" "$TMP/s.out"
tap $? "an encrypted key is refused, no prompt (exit $rc)" "$TMP/s.out"
"$BIN" audit --replay fixtures/well-prepared --sign "$TMP/ed25519.pem" --output-dir "$TMP/x" >"$TMP/u.out" 2>&1
tap $(($? != 2)) "--sign without --record is a usage error" "$TMP/u.out"

echo "1..$n"
[ "$failed" -eq 0 ]
