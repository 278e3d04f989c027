#!/bin/sh
# run-tests.sh -- run every test; end with "N passed, N failed, N skipped"
#
# Every test program speaks TAP: unit binaries ($O/tests/test_*), the fuzz
# reproducer replay ($O/tests/fuzz/replay_*), and the scripts tests/t_*.sh
# and tests/t_*.py (run with $PYTHON, Debian's python3 with
# python3-botocore). The TAP is parsed, not grepped, so that a file cannot
# pass by saying little:
#   - it must print exactly one plan, and the plan must match the number of
#     test lines ("1..N");
#   - "1..0" is allowed only with "# SKIP reason" (the whole file skipped);
#   - "ok N - ... # SKIP reason" is counted as skipped, not passed;
#   - a non-zero exit without a failing line is one failure (a crash is
#     never a pass).
# Every skip's reason is listed in the summary. CI=true (CI sets it) turns
# every skip into a failure: CI installs everything the tests need.
#
# UPDATE is cleared (only 'make golden-update' rewrites goldens), and the
# run fails if any file under tests/golden/ changed while it ran.
O=${O:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
export O PYTHON
unset UPDATE IRREADY_GOLDEN_UPDATE
OUT=${RUN_TESTS_OUT:-tests/out}
mkdir -p "$OUT"
pass=0
fail=0
skip=0
failed_list=""
skips="$OUT/skips.txt"
: >"$skips"
strict=0
case "${CI:-}" in true | 1 | yes) strict=1 ;; esac

golden_hash() {
	find tests/golden -type f -print 2>/dev/null | LC_ALL=C sort |
		xargs -r sha256sum | sha256sum | cut -d' ' -f1
}

# tap_parse LOG RC: print "pass fail skip problem", problem "-" when none.
# Skip reasons go to $skips as "NAME: reason".
tap_parse() {
	awk -v rc="$2" -v name="$3" -v skips="$skips" '
	function reason(s) {
		sub(/^.*#[ \t]*[Ss][Kk][Ii][Pp][A-Za-z]*[ \t:]*/, "", s)
		return s
	}
	/^1\.\.[0-9]+/ {
		plans++
		planned = $0
		sub(/^1\.\./, "", planned)
		planned = planned + 0
		if (planned == 0) {
			if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/ && reason($0) != "")
				whole = reason($0)
			else
				zero_noreason = 1
		}
		next
	}
	/^not ok([ \t]|$)/ { n++; f++; next }
	/^ok([ \t]|$)/ {
		n++
		if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/) {
			s++
			r = reason($0)
			if (r == "")
				r = "(no reason given)"
			desc = $0
			sub(/[ \t]*#[ \t]*[Ss][Kk][Ii][Pp].*$/, "", desc)
			print name ": " r "  [" desc "]" >> skips
		} else
			p++
		next
	}
	END {
		problem = "-"
		if (plans == 0)
			problem = "no TAP plan (1..N)"
		else if (plans > 1)
			problem = plans " TAP plans"
		else if (zero_noreason)
			problem = "plan 1..0 without # SKIP reason"
		else if (whole != "" && n > 0)
			problem = "plan 1..0 but " n " test lines"
		else if (whole == "" && planned != n)
			problem = "plan 1.." planned " but " n " test lines"
		if (whole != "" && problem == "-") {
			s++
			print name ": " whole "  [whole file]" >> skips
		}
		if (problem == "-" && rc != 0 && f == 0)
			problem = "exited with status " rc
		printf "%d %d %d %s\n", p, f, s, problem
	}' "$1"
}

run_one() {
	name=$1
	shift
	log="$OUT/$(basename "$name").tap"
	before=$(wc -l <"$skips")
	"$@" >"$log" 2>&1 </dev/null
	rc=$?
	set -- $(tap_parse "$log" "$rc" "$name")
	p=$1
	f=$2
	s=$3
	shift 3
	problem=$*
	if [ "$problem" != "-" ]; then
		f=$((f + 1))
		echo "not ok - $name: $problem" >>"$log"
	fi
	if [ "$strict" = 1 ] && [ "$s" -gt 0 ]; then
		f=$((f + s))
		problem="${problem#-} CI=true: $s skipped"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
	if [ "$s" -gt 0 ]; then
		sk=", $s skipped"
	else
		sk=""
	fi
	if [ "$f" -gt 0 ]; then
		printf '%-40s %4d passed, %d FAILED%s (see %s)\n' "$name" "$p" \
			"$f" "$sk" "$log"
		[ "$problem" != "-" ] && echo "    $problem"
		grep -A8 '^not ok' "$log" | head -40 | sed 's/^/    /'
		if [ "$strict" = 1 ] && [ "$s" -gt 0 ]; then
			tail -n +"$((before + 1))" "$skips" | sed 's/^/    skip: /'
		fi
		failed_list="$failed_list $name"
	else
		printf '%-40s %4d passed%s\n' "$name" "$p" "$sk"
	fi
}

golden_before=$(golden_hash)

run_file() {
	case $1 in
	*.sh) run_one "$(basename "$1")" sh "$1" ;;
	*.py) run_one "$(basename "$1")" "$PYTHON" "$1" ;;
	*) run_one "$(basename "$1")" "$1" ;;
	esac
}

if [ $# -gt 0 ]; then
	# the given test programs only (tests/t_harness.sh uses this)
	for t in "$@"; do
		run_file "$t"
	done
else
	for t in "$O"/tests/test_* "$O"/tests/fuzz/replay_*; do
		[ -x "$t" ] || continue
		run_file "$t"
	done
	for t in tests/t_*.sh tests/t_*.py; do
		[ -f "$t" ] || continue
		run_file "$t"
	done
fi

# Goldens change only by 'make golden-update', never during a test run.
if [ $# -eq 0 ]; then
	gl="$OUT/golden-hash.txt"
	if [ "$(golden_hash)" = "$golden_before" ]; then
		printf 'ok 1 - no file under tests/golden/ changed during the run\n1..1\n' >"$gl"
	else
		{
			echo "not ok 1 - files under tests/golden/ changed during the" \
				"run (only 'make golden-update' may rewrite them)"
			git status --short -- tests/golden 2>/dev/null | sed 's/^/#   /'
			echo "1..1"
		} >"$gl"
	fi
	run_one golden-unchanged cat "$gl"
fi

echo
if [ -s "$skips" ]; then
	if [ "$strict" = 1 ]; then
		echo "skipped (each a failure under CI=true):"
	else
		echo "skipped:"
	fi
	sed 's/^/  /' "$skips"
fi
[ -n "$failed_list" ] && echo "failing:$failed_list"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
