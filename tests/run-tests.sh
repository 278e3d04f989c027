#!/bin/sh
# run-tests.sh -- run every test and end with "N passed, N failed"
#
# Every test program speaks TAP: unit binaries ($O/tests/test_*), and the
# scripts tests/t_*.sh and tests/t_*.py (run with $PYTHON, Debian's python3
# with python3-botocore). A program that exits non-zero without a failing
# TAP line counts as one failure, so a crash is never a pass.
O=${O:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
export O PYTHON
OUT=tests/out
mkdir -p "$OUT"
pass=0
fail=0
failed_list=""

run_one() {
	name=$1
	shift
	log="$OUT/$(basename "$name").tap"
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		printf '%-40s %4d passed, %d FAILED (see %s)\n' "$name" "$p" "$f" "$log"
		grep -A8 '^not ok' "$log" | head -40 | sed 's/^/    /'
		failed_list="$failed_list $name"
	else
		printf '%-40s %4d passed\n' "$name" "$p"
	fi
}

for t in "$O"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" "$t"
done
for t in tests/t_*.sh; do
	[ -f "$t" ] || continue
	run_one "$(basename "$t")" sh "$t"
done
for t in tests/t_*.py; do
	[ -f "$t" ] || continue
	run_one "$(basename "$t")" "$PYTHON" "$t"
done

echo
[ -n "$failed_list" ] && echo "failing:$failed_list"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
