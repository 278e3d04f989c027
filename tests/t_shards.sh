#!/bin/sh
# t_shards.sh -- irready merge knows its shards
#
# Run from the repository root: O=<build dir> sh tests/t_shards.sh (TAP).
# fixtures/org audited as --shard I/3 (and a leftover --shard 4/4):
# every shard's findings.json carries run.shard {index, count} and one
# run_id; merge takes exactly shards 1..N of one run, each once, and
# refuses duplicates (`merge a a b c`), missing shards, mixed runs and
# plain (unsharded) outputs with exit 2, leaving an earlier merged output
# as it was.
O=${O:-build}
BIN=$O/irready
S=fixtures/org
NOW=2026-11-28T00:00:00Z
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

n=0
failed=0
tap() { # tap STATUS NAME [DIAG-FILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		if [ -n "${3:-}" ] && [ -s "$3" ]; then
			head -n 20 "$3" | sed 's/^/# /'
		fi
	fi
}

shard() { # shard DIR I/N [more audit options]
	dir=$1
	spec=$2
	shift 2
	"$BIN" audit --replay "$S" --org --now "$NOW" --shard "$spec" \
		--format json --quiet --output-dir "$TMP/$dir" "$@" \
		>"$TMP/$dir.out" 2>&1
	rc=$?
	[ "$rc" -le 1 ]
	tap $? "audit --shard $spec $* (exit $rc)" "$TMP/$dir.out"
}
# field FILE EXPR: a Python expression over j = the findings.json
field() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>&1
}
# refused NAME PATTERN ARGS...: merge exits 2 saying PATTERN
refused() {
	name=$1
	pat=$2
	shift 2
	"$BIN" merge --quiet --format csv,json --output-dir "$TMP/merged" "$@" \
		>"$TMP/refused.out" 2>&1
	rc=$?
	[ "$rc" -eq 2 ] && grep -q "$pat" "$TMP/refused.out"
	tap $? "merge refuses $name: exit 2 (got $rc), says '$pat'" "$TMP/refused.out"
	cmp -s "$TMP/merged/findings.csv" "$TMP/merged.csv"
	tap $? "... and leaves the earlier merged/findings.csv as it was"
}

shard s1 1/3
shard s2 2/3
shard s3 3/3
shard s44 4/4
shard r1 1/2 --run-id job-a
shard r2 2/2 --run-id job-b
shard q1 1/2 --run-id job-c
shard q2 2/2 --run-id job-c

got=$(field "$TMP/s2/findings.json" 'j["run"]["shard"]')
[ "$got" = "{'index': 2, 'count': 3}" ]
tap $? "findings.json run.shard of shard 2/3 (got $got)"
id1=$(field "$TMP/s1/findings.json" 'j["run"]["run_id"]')
id3=$(field "$TMP/s3/findings.json" 'j["run"]["run_id"]')
id4=$(field "$TMP/s44/findings.json" 'j["run"]["run_id"]')
[ -n "$id1" ] && [ "$id1" = "$id3" ] && [ "$id1" != "$id4" ]
tap $? "shards of one run share a derived run_id, another N differs ($id1 $id3 $id4)"
got=$(field "$TMP/q1/findings.json" 'j["run"]["run_id"]')
[ "$got" = job-c ]
tap $? "--run-id is recorded as run.run_id (got $got)"

"$BIN" audit --replay "$S" --org --now "$NOW" --format json --quiet \
	--output-dir "$TMP/single" >"$TMP/single.out" 2>&1
got=$(field "$TMP/single/findings.json" '"shard" in j["run"] or "run_id" in j["run"]')
[ "$got" = False ]
tap $? "an unsharded run's findings.json has no shard or run_id (got $got)"

"$BIN" merge --quiet --format csv,json --output-dir "$TMP/merged" \
	"$TMP/s3" "$TMP/s1" "$TMP/s2" >"$TMP/merge.out" 2>&1
rc=$?
[ "$rc" -le 1 ] && [ -s "$TMP/merged/findings.csv" ]
tap $? "merge of shards 3, 1, 2 of one run (exit $rc)" "$TMP/merge.out"
cp "$TMP/merged/findings.csv" "$TMP/merged.csv"
got=$(field "$TMP/merged/findings.json" '"shard" in j["run"] or "run_id" in j["run"]')
[ "$got" = False ]
tap $? "the merged findings.json is a whole run: no shard, no run_id (got $got)"

refused "a duplicate shard (merge a a b c)" "shard 1/3 is given twice" \
	"$TMP/s1" "$TMP/s1" "$TMP/s2" "$TMP/s3"
refused "a missing shard" "shard 3 of 3 is missing" "$TMP/s1" "$TMP/s2"
refused "a leftover shard of another run" "not one audit" \
	"$TMP/s1" "$TMP/s2" "$TMP/s44"
refused "shards with different --run-id" "run job-a" "$TMP/r1" "$TMP/r2"
refused "an unsharded output" "is not a shard's output" \
	"$TMP/single" "$TMP/s1"

"$BIN" merge --quiet --format csv --output-dir "$TMP/mq" "$TMP/q2" \
	"$TMP/q1" >"$TMP/mq.out" 2>&1
rc=$?
[ "$rc" -le 1 ]
tap $? "shards with one --run-id merge (exit $rc)" "$TMP/mq.out"

"$BIN" audit --replay "$S" --run-id x --output-dir "$TMP/x" \
	>"$TMP/x.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q 'needs --shard' "$TMP/x.out"
tap $? "--run-id without --shard is a usage error (exit $rc)" "$TMP/x.out"
"$BIN" audit --replay "$S" --shard 1/2 --run-id 'a b' --output-dir "$TMP/x" \
	>"$TMP/x.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q -- '--run-id takes' "$TMP/x.out"
tap $? "--run-id 'a b' is a usage error (exit $rc)" "$TMP/x.out"

echo "1..$n"
[ "$failed" -eq 0 ]
