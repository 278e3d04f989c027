#!/bin/sh
# t_decision_coverage.sh -- every check has a decision table
#
# A decision table is a tests/unit/test_decide_*.c file that runs the check
# through decide.h; it marks the check covered by writing DECIDES("<id>")
# on the line of the check's first decide(). For every id in
# checks/checks.def this prints one TAP line: ok when some test_decide_*.c
# holds DECIDES("<id>"), not ok naming the check otherwise. A DECIDES() of
# an id that checks.def does not list (a typo, a retired check) is a
# not ok too, so the mark cannot drift from the registry.
cd "$(dirname "$0")/.." || exit 2

n=0
failed=0
tap() { # tap STATUS NAME
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

ids=$(sed -n 's/^CHECK(\([a-z0-9_]*\)).*/\1/p' checks/checks.def)
tables=$(ls tests/unit/test_decide_*.c 2>/dev/null)
if [ -z "$ids" ]; then
	echo "not ok 1 - no check ids in checks/checks.def"
	echo "1..1"
	exit 1
fi
for id in $ids; do
	# shellcheck disable=SC2086
	where=$(grep -lF "DECIDES(\"$id\")" $tables /dev/null 2>/dev/null |
		head -1)
	if [ -n "$where" ]; then
		tap 0 "$id has a decision table ($where)"
	else
		tap 1 "$id has no decision table: no tests/unit/test_decide_*.c says DECIDES(\"$id\")"
	fi
done

# shellcheck disable=SC2086
marked=$(cat $tables /dev/null | grep -o 'DECIDES("[^"]*")' |
	sed 's/^DECIDES("\(.*\)")$/\1/' | sort -u)
for m in $marked; do
	echo "$ids" | grep -qx "$m" ||
		tap 1 "DECIDES(\"$m\") names no check in checks/checks.def"
done

echo "1..$n"
[ "$failed" -eq 0 ]
