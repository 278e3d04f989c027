#!/bin/sh
# t_shards.sh -- irready merge knows its shards
#
# Run from the repository root: O=<build dir> sh tests/t_shards.sh (TAP).
# fixtures/org audited as --shard I/3 (and a leftover --shard 4/4):
# every shard's findings.json carries run.shard {index, count} and one
# run_id; merge takes exactly shards 1..N of one run, each once, and
# refuses duplicates (`merge a a b c`), missing shards, mixed runs and
# plain (unsharded) outputs with exit 2, leaving an earlier merged output
# as it was. With --history (SQLite): shards write their parts at once,
# a re-run shard replaces its part, merge closes the run from the store
# or cross-checks the shard files against it, a missing or different
# part keeps the run open (exit 2), and the merged run's trend is the
# unsharded run's. tests/t_history_pg.sh does the same on PostgreSQL.
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

# --- the history store: each shard writes its part, merge closes the run
H=$TMP/h.db
hshard() { # hshard DIR I/N STORE [more audit options]: no tap
	dir=$1
	spec=$2
	store=$3
	shift 3
	"$BIN" audit --replay "$S" --org --now "$NOW" --shard "$spec" \
		--format json --output-dir "$TMP/$dir" \
		--history "$store" "$@" >"$TMP/$dir.out" 2>&1
}
q() { sqlite3 "$1" "$2" 2>&1; }
# three shards at once on a new store (WAL, busy timeout, one writer
# at a time; each shard one transaction)
hshard h1 1/3 "$H" &
p1=$!
hshard h2 2/3 "$H" &
p2=$!
hshard h3 3/3 "$H"
r3=$?
wait $p1
r1=$?
wait $p2
r2=$?
[ $r1 -le 1 ] && [ $r2 -le 1 ] && [ $r3 -le 1 ] &&
	[ "$(q "$H" 'SELECT COUNT(*) FROM run_parts')" = 3 ] &&
	[ "$(q "$H" "SELECT state FROM runs")" = open ]
tap $? "3 shards writing their parts at once: 3 parts, one open run ($r1 $r2 $r3)" "$TMP/h1.out"
nf=0
for i in 1 2 3; do
	nf=$((nf + $(field "$TMP/h$i/findings.json" 'len(j["findings"])')))
done
[ "$(q "$H" 'SELECT COUNT(*) FROM findings')" = "$nf" ] &&
	[ "$(q "$H" 'SELECT SUM(findings) FROM run_parts')" = "$nf" ] &&
	[ "$(q "$H" 'SELECT COUNT(*) FROM findings WHERE shard IS NULL')" = 0 ]
tap $? "every finding of every shard stored once, tagged with its shard ($nf)"
"$BIN" trend --history "$H" --output-dir "$TMP/t0" >"$TMP/t0.out" 2>&1
rc=$?
[ $rc -eq 3 ] && grep -q "holds no run" "$TMP/t0.out" && grep -q "incomplete: 1 sharded run open" "$TMP/t0.out"
tap $? "trend leaves the open run out and says so (exit $rc)" "$TMP/t0.out"
"$BIN" history list --history "$H" >"$TMP/l0.out" 2>&1 &&
	grep -q "^[0-9a-f]\{16\}  2026-11-28T00:00:00Z  *3/3  -  *$id1\$" "$TMP/l0.out"
tap $? "history list shows it as an open run, 3/3 parts" "$TMP/l0.out"

# a re-run shard replaces its part: same rows, no duplicate
before=$(q "$H" 'SELECT COUNT(*) FROM findings')
hshard h2 2/3 "$H" --quiet
hshard h2b 2/3 "$H"
rc=$?
[ $rc -le 1 ] && grep -q "replacing its earlier part" "$TMP/h2b.out" &&
	[ "$(q "$H" 'SELECT COUNT(*) FROM findings')" = "$before" ] &&
	[ "$(q "$H" 'SELECT COUNT(*) FROM run_parts')" = 3 ]
tap $? "a re-run shard replaces its part ($before findings still)" "$TMP/h2b.out"

# merge from the store alone (--run-id): the reports of a file merge
"$BIN" merge --history "$H" --run-id "$id1" --format json,csv \
	--output-dir "$TMP/hm" >"$TMP/hm.out" 2>&1
rc=$?
[ $rc -le 1 ] && grep -q "closed in $H" "$TMP/hm.out" &&
	[ "$(q "$H" "SELECT state FROM runs")" = closed ] &&
	[ "$(q "$H" "SELECT findings FROM runs")" = "$nf" ]
tap $? "merge --history --run-id closes the run from the store (exit $rc)" "$TMP/hm.out"
cmp "$TMP/hm/findings.csv" "$TMP/merged.csv" >"$TMP/cmp" 2>&1
tap $? "... its findings.csv is the file merge's, byte for byte" "$TMP/cmp"
"$BIN" merge --history "$H" --format json --output-dir "$TMP/hm2" \
	"$TMP/h1" "$TMP/h2b" "$TMP/h3" >"$TMP/hm2.out" 2>&1
rc=$?
[ $rc -le 1 ] && grep -q "already closed" "$TMP/hm2.out" &&
	[ "$(q "$H" 'SELECT COUNT(*) FROM runs')" = 1 ]
tap $? "merging the shard files again: already closed, nothing added" "$TMP/hm2.out"
hshard h1c 1/3 "$H"
rc=$?
[ $rc -le 1 ] && grep -q "already in .* (the run is closed)" "$TMP/h1c.out"
tap $? "a shard re-run after the close, same results: no change (exit $rc)" "$TMP/h1c.out"

# the trend of the sharded run = the trend of the same audit unsharded
U=$TMP/u.db
"$BIN" audit --replay "$S" --org --now "$NOW" --format json --quiet \
	--output-dir "$TMP/u" --history "$U" >"$TMP/u.out" 2>&1
"$BIN" trend --history "$H" --output-dir "$TMP/th" --quiet >"$TMP/th.out" 2>&1 &&
	"$BIN" trend --history "$U" --output-dir "$TMP/tu" --quiet >>"$TMP/th.out" 2>&1
tap $? "trend of the merged run and of the unsharded run" "$TMP/th.out"
idh=$(q "$H" 'SELECT run_id FROM runs')
idu=$(q "$U" 'SELECT run_id FROM runs')
for f in trend.csv trend.html lifecycle.csv; do
	sed "s/$idh/RUN/g" "$TMP/th/$f" >"$TMP/a"
	sed "s/$idu/RUN/g" "$TMP/tu/$f" >"$TMP/b"
	[ -s "$TMP/a" ] && diff "$TMP/a" "$TMP/b" >"$TMP/cmp" 2>&1
	tap $? "$f: sharded and unsharded give the same (but the run id)" "$TMP/cmp"
done

# a later sharded run with shard 3 missing: no finding of the merged run
# is resolved by it, it is no run for trend or review
"$BIN" trend --history "$H" --output-dir "$TMP/tl1" --quiet >"$TMP/tl1.out" 2>&1
hshard l1 1/3 "$H" --now 2026-12-05T00:00:00Z
hshard l2 2/3 "$H" --now 2026-12-05T00:00:00Z
"$BIN" trend --history "$H" --output-dir "$TMP/tl2" >"$TMP/tl2.out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "incomplete: 1 sharded run open" "$TMP/tl2.out" &&
	cmp "$TMP/tl1/lifecycle.csv" "$TMP/tl2/lifecycle.csv" >"$TMP/cmp" 2>&1 &&
	cmp "$TMP/tl1/trend.csv" "$TMP/tl2/trend.csv" >>"$TMP/cmp" 2>&1 &&
	grep -q '"open"' "$TMP/tl2/lifecycle.csv" && ! grep -q '"resolved"' "$TMP/tl2/lifecycle.csv"
tap $? "a later run missing shard 3: trend and lifecycle unchanged, nothing resolved (exit $rc)" "$TMP/cmp"
"$BIN" review --history "$H" --since 2026-11-30 --output-dir "$TMP/rv" >"$TMP/rv.out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "nothing since" "$TMP/rv.out"
tap $? "review sees no run after the merged one (exit $rc)" "$TMP/rv.out"

# shards with a selection, --framework and the merge from the store: every
# report file is the file merge's (run.json has a fresh id per write)
for i in 1 2; do
	hshard f$i $i/2 "$TMP/f.db" --run-id job-f --severity medium \
		--services cloudtrail,guardduty,iam,s3,ec2 \
		--exclude-checks 'iam_unused_*' --framework nist-csf-2.0,cis-3.0
done
"$BIN" merge --history "$TMP/f.db" --run-id job-f --output-dir "$TMP/fa" \
	--quiet >"$TMP/fa.out" 2>&1
"$BIN" merge --output-dir "$TMP/fb" --quiet "$TMP/f1" "$TMP/f2" >"$TMP/fb.out" 2>&1
rm -f "$TMP/fa/run.json" "$TMP/fb/run.json"
[ -s "$TMP/fa/compliance-cis-3.0.csv" ] && diff -r "$TMP/fa" "$TMP/fb" >"$TMP/cmp" 2>&1
tap $? "with --severity/--services/--exclude-checks/--framework: merge from the store = merge of the files" "$TMP/cmp"

# a missing shard: the run stays open, trend ignores it, merge names it
M=$TMP/m.db
hshard m1 1/3 "$M" --run-id job-m
hshard m2 2/3 "$M" --run-id job-m
"$BIN" trend --history "$M" --output-dir "$TMP/tm" >"$TMP/tm.out" 2>&1
rc=$?
[ $rc -eq 3 ] && grep -q "incomplete: 1 sharded run open" "$TMP/tm.out"
tap $? "shard 3 missing: trend shows no run (exit $rc)" "$TMP/tm.out"
"$BIN" history list --history "$M" >"$TMP/lm.out" 2>&1 &&
	grep -q " 2/3  3  *job-m\$" "$TMP/lm.out"
tap $? "history list: job-m open, 2/3 parts, shard 3 missing" "$TMP/lm.out"
"$BIN" merge --history "$M" --run-id job-m --output-dir "$TMP/mm" \
	>"$TMP/mm.out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "shard 3 of 3 is missing from '$M'" "$TMP/mm.out" &&
	[ "$(q "$M" "SELECT state FROM runs")" = open ] && ! [ -e "$TMP/mm" ]
tap $? "merge --run-id: exit 2 (got $rc) naming shard 3, run still open, nothing written" "$TMP/mm.out"
hshard m3 3/3 "$M" --run-id job-m
"$BIN" merge --history "$M" --run-id job-m --output-dir "$TMP/mm" --quiet \
	>"$TMP/mm.out" 2>&1
rc=$?
[ $rc -le 1 ] && [ "$(q "$M" "SELECT state FROM runs")" = closed ]
tap $? "shard 3 comes: the merge closes the run (exit $rc)" "$TMP/mm.out"

# the shard files and the stored parts disagree: exit 2, run stays open
X=$TMP/x.db
for i in 1 2 3; do hshard x$i $i/3 "$X" --run-id job-x; done
python3 - "$TMP/x2/findings.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
f = next(f for f in j["findings"] if f["status"] == "PASS")
f["status"] = f["verdict"] = "FAIL"
json.dump(j, open(sys.argv[1], "w"))
PY
"$BIN" merge --history "$X" --format json --output-dir "$TMP/xm" \
	"$TMP/x1" "$TMP/x2" "$TMP/x3" >"$TMP/xm.out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "not the parts of run .*shard 2/3" "$TMP/xm.out" &&
	[ "$(q "$X" "SELECT state FROM runs")" = open ]
tap $? "shard file differs from its stored part: exit 2 (got $rc), named, run open" "$TMP/xm.out"
# the same --run-id for another audit: that shard's write is refused
hshard y1 1/3 "$X" --run-id job-x --checks guardduty_enabled
rc=$?
[ $rc -eq 3 ] && grep -q "is another audit" "$TMP/y1.out" && [ -s "$TMP/y1/findings.json" ]
tap $? "another audit under the same --run-id: exit 3 (got $rc), reports written" "$TMP/y1.out"
"$BIN" merge --run-id job-x --output-dir "$TMP/xm" "$TMP/x1" >"$TMP/xm.out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "no DIR" "$TMP/xm.out"
tap $? "merge --run-id with shard dirs: usage error (exit $rc)" "$TMP/xm.out"

echo "1..$n"
[ "$failed" -eq 0 ]
