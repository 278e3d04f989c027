#!/bin/sh
# t_harness.sh -- tests/run-tests.sh cannot be fooled
#
# Feeds run-tests.sh small crafted TAP programs and checks its verdict and
# its last line: a missing or wrong plan fails, "1..0" needs a SKIP reason,
# "ok ... # SKIP" counts as skipped (not passed) and its reason is listed,
# CI=true turns a skip into a failure, a non-zero exit is a failure, and
# UPDATE never reaches a test.
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
n=0
failed=0
tap() { # rc description [file shown on failure]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[ -n "$3" ] && sed 's/^/#   /' "$3" | tail -20
	fi
}

fake() { # name body: a test script printing 'body' (printf format)
	printf '#!/bin/sh\nprintf %s\n' "'$2'" >"$TMP/$1.sh"
}

# harness CI NAME...: run run-tests.sh on the fakes; output in $TMP/out.txt
harness() {
	ci=$1
	shift
	files=""
	for f in "$@"; do
		files="$files $TMP/$f.sh"
	done
	# shellcheck disable=SC2086
	CI=$ci UPDATE=1 RUN_TESTS_OUT="$TMP/out" sh tests/run-tests.sh \
		$files >"$TMP/out.txt" 2>&1
	echo $? >"$TMP/rc"
}

expect() { # want-last-line want-rc description
	last=$(tail -n 1 "$TMP/out.txt")
	[ "$last" = "$1" ] && [ "$(cat "$TMP/rc")" = "$2" ]
	tap $? "$3 -> '$1', exit $2" "$TMP/out.txt"
}

fake good 'ok 1 - a\nok 2 - b\n1..2\n'
fake noplan 'ok 1 - a\nok 2 - b\n'
fake short '1..3\nok 1 - a\nok 2 - b\n'
fake long '1..1\nok 1 - a\nok 2 - b\n'
fake twoplans '1..1\nok 1 - a\n1..1\n'
fake zero '1..0\n'
fake zeroskip '1..0 # SKIP frobnicator not installed\n'
fake zerolines '1..0 # SKIP reason\nok 1 - a\n'
fake okskip 'ok 1 - a\nok 2 - b # SKIP widget tool missing\n1..2\n'
fake skipnoreason 'ok 1 - a # SKIP\n1..1\n'
fake bad 'ok 1 - a\nnot ok 2 - b\n1..2\n'
printf '#!/bin/sh\necho "ok 1 - a"\necho "1..1"\nexit 3\n' >"$TMP/crash.sh"
printf '#!/bin/sh\n[ -z "$UPDATE" ]; r=$?\n[ $r = 0 ] && echo "ok 1 - UPDATE unset" || echo "not ok 1 - UPDATE=$UPDATE"\necho 1..1\n' >"$TMP/env.sh"

harness "" good
expect "2 passed, 0 failed, 0 skipped" 0 "a plan matching 2 test lines"
harness "" noplan
expect "2 passed, 1 failed, 0 skipped" 1 "no plan fails the file"
harness "" short
expect "2 passed, 1 failed, 0 skipped" 1 "plan 1..3 with 2 test lines fails"
harness "" long
expect "2 passed, 1 failed, 0 skipped" 1 "plan 1..1 with 2 test lines fails"
harness "" twoplans
expect "1 passed, 1 failed, 0 skipped" 1 "two plans fail"
harness "" zero
expect "0 passed, 1 failed, 0 skipped" 1 "1..0 without a SKIP reason fails"
harness "" zeroskip
expect "0 passed, 0 failed, 1 skipped" 0 "1..0 with a SKIP directive and reason is one skip"
grep -q "zeroskip.sh: frobnicator not installed" "$TMP/out.txt"
tap $? "the whole-file skip's reason is in the summary" "$TMP/out.txt"
harness "" zerolines
expect "1 passed, 1 failed, 0 skipped" 1 "1..0 with a SKIP directive followed by test lines fails"
harness "" okskip
expect "1 passed, 0 failed, 1 skipped" 0 "ok with a SKIP directive counts as skipped, not passed"
grep -q "okskip.sh: widget tool missing" "$TMP/out.txt"
tap $? "the skip's reason is in the summary" "$TMP/out.txt"
harness "" skipnoreason
grep -q "skipnoreason.sh: (no reason given)" "$TMP/out.txt"
tap $? "a skip without a reason is listed as such" "$TMP/out.txt"
harness true okskip
expect "1 passed, 1 failed, 1 skipped" 1 "CI=true: a skip is a failure"
harness true zeroskip
expect "0 passed, 1 failed, 1 skipped" 1 "CI=true: a skipped file is a failure"
harness "" bad
expect "1 passed, 1 failed, 0 skipped" 1 "not ok is a failure"
harness "" crash
expect "1 passed, 1 failed, 0 skipped" 1 "exit 3 with every line ok is a failure"
harness "" env
expect "1 passed, 0 failed, 0 skipped" 0 "UPDATE=1 in the environment never reaches a test"
harness "" good okskip bad
expect "4 passed, 1 failed, 1 skipped" 1 "counts add up over files"
[ "$(grep -c ' passed, .* failed, .* skipped$' "$TMP/out.txt")" -ge 1 ] &&
	tail -n 1 "$TMP/out.txt" | grep -q '^[0-9]* passed, [0-9]* failed, [0-9]* skipped$'
tap $? "the last line is exactly 'N passed, N failed, N skipped'" "$TMP/out.txt"
echo "1..$n"
[ "$failed" -eq 0 ]
