#!/bin/sh
# t_golden.sh -- the golden end-to-end cases (see run-golden.sh), and proof
# that running them rewrote nothing under tests/golden/
#
# run-golden.sh is run without --update: whatever UPDATE or other variable
# is in the environment, an expected file that changes during the run is a
# failure (the file names are listed).
hash_golden() {
	find tests/golden -type f -print | LC_ALL=C sort | xargs -r sha256sum
}
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
hash_golden >"$TMP/before"
sh tests/run-golden.sh >"$TMP/tap"
rc=$?
hash_golden >"$TMP/after"
grep -v '^1\.\.' "$TMP/tap"
n=$(grep -c -E '^(not )?ok ' "$TMP/tap")
n=$((n + 1))
if cmp -s "$TMP/before" "$TMP/after"; then
	echo "ok $n - no file under tests/golden/ changed during the run"
else
	echo "not ok $n - files under tests/golden/ changed during the run" \
		"(only 'make golden-update' may rewrite them)"
	diff "$TMP/before" "$TMP/after" | sed 's/^/#   /'
	rc=1
fi
echo "1..$n"
exit $rc
