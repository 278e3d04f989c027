#!/bin/sh
# t_fanout.sh -- per-resource follow-up calls fan out on the pool
# (inv_fanout), and completion order leaves no trace: for every replay
# fixture, `irready inventory` and the audit's findings.csv and
# findings.json are byte-identical at --concurrency 1, 4 and 32.
#
# Run from the repository root: O=<build dir> sh tests/t_fanout.sh (TAP).
O=${O:-build}
IRREADY=$O/irready
NOW=2026-11-28T00:00:00Z
PYTHON=${PYTHON:-python3}
n=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

for f in mixed well-prepared neglected access-denied org; do
	org=
	[ "$f" = org ] && org=--org
	for c in 1 4 32; do
		"$IRREADY" inventory --replay "fixtures/$f" $org --concurrency $c \
			--now $NOW >"$tmp/inv-$f-$c.json" 2>/dev/null
		"$IRREADY" audit --replay "fixtures/$f" $org --concurrency $c \
			--now $NOW --format csv,json --quiet \
			--output-dir "$tmp/out-$f-$c" >/dev/null 2>&1
	done
	test -s "$tmp/inv-$f-1.json" && test -s "$tmp/out-$f-1/findings.csv"
	ok $? "$f: an inventory and findings at --concurrency 1"
	same=0
	for c in 4 32; do
		cmp -s "$tmp/inv-$f-1.json" "$tmp/inv-$f-$c.json" || same=1
		cmp -s "$tmp/out-$f-1/findings.csv" \
			"$tmp/out-$f-$c/findings.csv" || same=1
		# the run's timing differs; the findings do not
		for x in 1 $c; do
			"$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d.get("findings"), sort_keys=True))' \
				"$tmp/out-$f-$x/findings.json" >"$tmp/f-$x.json" ||
				same=1
		done
		cmp -s "$tmp/f-1.json" "$tmp/f-$c.json" || same=1
	done
	ok $same "$f: the same inventory and findings at --concurrency 4 and 32"
done
echo "1..$n"
exit $fail
