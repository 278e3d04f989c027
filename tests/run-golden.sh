#!/bin/sh
# run-golden.sh -- end-to-end golden tests, one TAP line per compared file
#
# Each tests/golden/<case>/ holds:
#   args               the irready arguments (one line; OUT stands for the
#                      case's output directory)
#   expected.out       stdout and stderr, then "exit N"
#   expected.requests  (optional) the sorted request log of the run
#   expected.<file>    (optional) a report file to compare, e.g.
#                      expected.findings.csv, expected.findings.json
# Only "run-golden.sh --update" (what 'make golden-update' runs) rewrites
# the expected files from the current output; the environment (UPDATE=1
# and the like) never does, so a test run cannot bless a bug by accident.
O=${O:-build}
update=
case ${1:-} in
--update) update=1 ;;
"") ;;
*)
	echo "usage: run-golden.sh [--update]" >&2
	exit 2
	;;
esac
BIN=${IRREADY:-$O/irready}
n=0
fail=0
top=$(pwd)

for dir in tests/golden/*/; do
	dir=${dir%/}
	case=$(basename "$dir")
	[ -f "$dir/args" ] || continue
	out="tests/out/golden/$case"
	rm -rf "$out"
	mkdir -p "$out/out"
	args=$(sed "s|OUT|$out/out|g" "$dir/args")
	# shellcheck disable=SC2086
	IRREADY_REQUEST_LOG="$out/requests.log" NO_COLOR=1 \
		$BIN $args >"$out/actual.out" 2>&1
	echo "exit $?" >>"$out/actual.out"
	# paths in messages are the case's: make them stable
	sed -i "s|$out/out|OUT|g" "$out/actual.out"
	if [ -f "$out/requests.log" ]; then
		LC_ALL=C sort "$out/requests.log" >"$out/actual.requests"
	fi
	compare() { # name actual expected
		n=$((n + 1))
		if [ -n "$update" ]; then
			cp "$2" "$3"
			echo "ok $n - $case: $1 (updated)"
		elif [ ! -f "$3" ]; then
			echo "not ok $n - $case: $1 has no expected file $3"
			fail=$((fail + 1))
		elif cmp -s "$2" "$3"; then
			echo "ok $n - $case: $1"
		else
			echo "not ok $n - $case: $1 differs"
			diff -u "$3" "$2" | head -40 | sed 's/^/#   /'
			fail=$((fail + 1))
		fi
	}
	compare output "$out/actual.out" "$dir/expected.out"
	if [ -f "$dir/expected.requests" ] || { [ -n "$update" ] && [ -s "$out/actual.requests" ]; }; then
		compare requests "$out/actual.requests" "$dir/expected.requests"
	fi
	for exp in "$dir"/expected.*; do
		[ -f "$exp" ] || continue
		name=${exp##*/expected.}
		case $name in out | requests) continue ;; esac
		if [ -f "$out/out/$name" ]; then
			compare "$name" "$out/out/$name" "$exp"
		else
			n=$((n + 1))
			echo "not ok $n - $case: $name was not written"
			fail=$((fail + 1))
		fi
	done
	if [ -n "$update" ]; then
		for f in findings.csv findings.json junit.xml; do
			[ -f "$out/out/$f" ] && [ ! -f "$dir/expected.$f" ] &&
				cp "$out/out/$f" "$dir/expected.$f"
		done
	fi
	cd "$top" || exit 1
done
echo "1..$n"
[ "$fail" -eq 0 ]
