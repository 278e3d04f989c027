#!/bin/sh
# t_history.sh -- the history store end to end: audit --history and
# IRREADY_HISTORY, a run already recorded, a store that cannot be written
# (exit 3, reports kept), history import, merge --org as one run, and
# irready trend from the store and from findings.json files (same output)
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
TMP=$(mktemp -d "${TMPDIR:-/tmp}/irready-hist.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
H=$TMP/h.db
audit() { # fixture date outdir [args]
	f=$1 d=$2 o=$3
	shift 3
	"$BIN" audit --replay "fixtures/$f" --now "${d}T00:00:00Z" \
		--output-dir "$TMP/$o" --format json,csv "$@" >"$TMP/$o.out" 2>&1
}
rows() { sqlite3 "$H" "$1"; }

audit neglected 2026-09-01 a1 --history "$H"
rc=$?
[ $rc -eq 1 ] && grep -q "recorded in $H" "$TMP/a1.out"
tap $? "audit --history records the run (exit $rc, findings FAIL)" "$TMP/a1.out"
IRREADY_HISTORY=$H audit mixed 2026-10-01 a2
rc=$?
[ $rc -le 1 ] && grep -q "recorded in $H" "$TMP/a2.out"
tap $? "IRREADY_HISTORY records the next one (exit $rc)" "$TMP/a2.out"
[ "$(rows 'SELECT COUNT(*) FROM runs')" = 2 ]
tap $? "two runs in the store"
[ "$(rows 'PRAGMA journal_mode')" = wal ]
tap $? "WAL mode"
nf=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$TMP/a1/findings.json")
[ "$(rows "SELECT findings FROM runs ORDER BY evaluated_at LIMIT 1")" = "$nf" ] &&
	[ "$(rows "SELECT COUNT(*) FROM findings f JOIN runs r USING (run_id) WHERE r.evaluated_at = (SELECT MIN(evaluated_at) FROM runs)")" = "$nf" ]
tap $? "every finding of run 1 stored ($nf)"
arn=$(sed -n 's#.*<Arn>\(.*\)</Arn>.*#\1#p' fixtures/neglected/444455556666/*/sts.GetCallerIdentity*.http | head -1)
[ -n "$arn" ] && [ "$(rows "SELECT DISTINCT caller_arn FROM run_accounts WHERE account_id = '444455556666'")" = "$arn" ]
tap $? "the caller identity is stored per account"
audit neglected 2026-09-01 a1b --history "$H"
grep -q "already in" "$TMP/a1b.out" && [ "$(rows 'SELECT COUNT(*) FROM runs')" = 2 ]
tap $? "the same run again is not stored twice" "$TMP/a1b.out"

# a store that cannot be written: exit 3, the reports are there
mkdir "$TMP/ro"
audit neglected 2026-09-01 a3 --history "$TMP/ro"
rc=$?
[ $rc -eq 3 ] && [ -s "$TMP/a3/findings.json" ] &&
	grep -q "not recorded in '$TMP/ro'; the reports are written" "$TMP/a3.out"
tap $? "an unwritable store: exit 3 (got $rc), reports written, clear error" "$TMP/a3.out"
cp "$H" "$TMP/before.db"
audit well-prepared 2026-11-01 a4 --history "postgresql://u:hunter2@127.0.0.1:1/none?connect_timeout=2"
rc=$?
[ $rc -eq 3 ] && [ -s "$TMP/a4/findings.json" ] && ! grep -q hunter2 "$TMP/a4.out" "$TMP/a4"/* &&
	grep -q 'u:\*\*\*@' "$TMP/a4.out"
tap $? "a PostgreSQL server that is down: exit 3 (got $rc), password never shown" "$TMP/a4.out"

# history import, and trend from the store = trend from the files
audit well-prepared 2026-11-01 a4
H2=$TMP/imported.db
"$BIN" history import --history "$H2" "$TMP/a1" "$TMP/a2/findings.json" "$TMP/a4" >"$TMP/imp.out" 2>&1
tap $? "history import of three findings.json" "$TMP/imp.out"
[ "$(sqlite3 "$H2" 'SELECT COUNT(*) FROM runs')" = 3 ]
tap $? "three runs imported"
"$BIN" history list --history "$H2" >"$TMP/list.out" 2>&1 && [ "$(wc -l <"$TMP/list.out")" = 4 ]
tap $? "history list shows them" "$TMP/list.out"
"$BIN" trend --history "$H2" --output-dir "$TMP/t1" >"$TMP/t1.out" 2>&1
tap $? "trend from the store" "$TMP/t1.out"
"$BIN" trend --output-dir "$TMP/t2" --quiet "$TMP/a4" "$TMP/a1" "$TMP/a2" >"$TMP/t2.out" 2>&1
tap $? "trend from findings.json files" "$TMP/t2.out"
for f in trend.html trend.csv lifecycle.csv; do
	cmp "$TMP/t1/$f" "$TMP/t2/$f" >"$TMP/cmp" 2>&1
	tap $? "$f identical from the store and from the files" "$TMP/cmp"
done
[ "$(grep -c '^"' "$TMP/t1/trend.csv")" -gt 3 ] && head -1 "$TMP/t1/trend.csv" | grep -q '^run_id,evaluated_at,group,key,score'
tap $? "trend.csv: header and a row per run and group"
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$TMP/t1/trend.html" &&
	! grep -qi '<script' "$TMP/t1/trend.html" && grep -q '<svg class="chart"' "$TMP/t1/trend.html"
tap $? "trend.html: CSP, no script, inline SVG"
! grep -q '^[^"]*,"[=+@-]' "$TMP/t1/lifecycle.csv"
tap $? "lifecycle.csv cells are formula-guarded"

# merge of Organization shards: one run for the whole Organization
S=fixtures/org
for i in 1 2; do
	"$BIN" audit --replay $S --org --shard $i/2 --now 2026-11-28T00:00:00Z \
		--output-dir "$TMP/s$i" --format json --quiet >"$TMP/s$i.out" 2>&1
done
H3=$TMP/org.db
"$BIN" merge --history "$H3" --output-dir "$TMP/m" --format json "$TMP/s1" "$TMP/s2" >"$TMP/m.out" 2>&1
accts=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["run"]["accounts"]))' "$TMP/m/findings.json")
[ "$(sqlite3 "$H3" 'SELECT COUNT(*) FROM runs')" = 1 ] &&
	[ "$(sqlite3 "$H3" 'SELECT COUNT(*) FROM run_accounts')" = "$accts" ]
tap $? "merge --history: one run with all $accts accounts" "$TMP/m.out"

# a killed writer never leaves part of a run: import a 60,000-finding run,
# wait until its transaction has started writing (the WAL grows), SIGKILL
# it; the store is intact and the run absent. Then let one finish.
python3 - "$TMP/a1/findings.json" "$TMP/big.json" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
fs, n = [], 60000
for i in range(n):
    a, r, c = "444455556666", "us-east-1", "vpc_flow_logs_enabled"
    res = "arn:aws:ec2:%s:%s:vpc/vpc-%08d" % (r, a, i)
    fid = hashlib.sha256(("%s|%s|%s|%s" % (a, r, c, res)).encode()).hexdigest()[:16]
    fs.append({"finding_id": fid, "account_id": a, "region": r,
               "phase": "detection", "check_id": c, "check_title": "t",
               "severity": "high", "status": "FAIL", "verdict": "FAIL",
               "resource_type": "AWS::EC2::VPC", "resource_id": res,
               "message": "m", "remediation": "", "waiver": None,
               "frameworks": "", "collected_at": d["run"]["evaluated_at"]})
d["findings"] = fs
d["run"]["evaluated_at"] = d["run"]["started"] = d["run"]["finished"] = "2026-12-01T00:00:00Z"
json.dump(d, open(sys.argv[2], "w"))
PY
K=$TMP/kill.db
cp "$H" "$K"
consistent() { # integrity ok, and every run has exactly its findings
	[ "$(sqlite3 "$K" 'PRAGMA integrity_check')" = ok ] &&
		[ "$(sqlite3 "$K" 'SELECT COUNT(*) FROM runs r WHERE findings <> (SELECT COUNT(*) FROM findings f WHERE f.run_id = r.run_id)')" = 0 ]
}
sqlite3 "$K" 'PRAGMA journal_mode=WAL; PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
before=$(sqlite3 "$K" 'SELECT COUNT(*) FROM runs')
"$BIN" history import --history "$K" "$TMP/big.json" >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 1000 ] && ! [ -s "$K-wal" ] && kill -0 $pid 2>/dev/null; do
	sleep 0.01
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
consistent && [ "$(sqlite3 "$K" 'SELECT COUNT(*) FROM runs')" = "$before" ]
tap $? "SIGKILL in the middle of writing a run: store intact, the run absent"
"$BIN" history import --history "$K" "$TMP/big.json" >"$TMP/imp2.out" 2>&1 && consistent &&
	[ "$(sqlite3 "$K" 'SELECT COUNT(*) FROM runs')" = $((before + 1)) ]
tap $? "the same import, not killed: the run is there, complete" "$TMP/imp2.out"

# two writers at once on a new store: both wait their turn (WAL, busy
# timeout, BEGIN IMMEDIATE), both runs land
P=$TMP/parallel.db
"$BIN" history import --history "$P" "$TMP/a1" >"$TMP/p1.out" 2>&1 &
p1=$!
"$BIN" history import --history "$P" "$TMP/a2" >"$TMP/p2.out" 2>&1
r2=$?
wait $p1
r1=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ "$(sqlite3 "$P" 'SELECT COUNT(*) FROM runs')" = 2 ]
tap $? "two concurrent writers on a new store: both recorded" "$TMP/p1.out"

# reading commands never create a store
"$BIN" trend --history "$TMP/typo.db" --output-dir "$TMP/tt" >"$TMP/tt.out" 2>&1
rc=$?
[ $rc -eq 3 ] && grep -q "no history store at '$TMP/typo.db'" "$TMP/tt.out" && ! [ -e "$TMP/typo.db" ]
tap $? "trend of a store that does not exist: exit 3 (got $rc), nothing created" "$TMP/tt.out"

# a shard writes its part of the run (tests/t_shards.sh has the rest);
# IRREADY_HISTORY, set for a whole sharded job, works the same way
"$BIN" audit --replay $S --org --shard 1/2 --now 2026-11-28T00:00:00Z \
	--output-dir "$TMP/s9" --format json --history "$TMP/shard.db" >"$TMP/s9.out" 2>&1
rc=$?
[ $rc -le 1 ] && grep -q "shard 1/2 of run [0-9a-f]* recorded in" "$TMP/s9.out" &&
	[ "$(sqlite3 "$TMP/shard.db" "SELECT state || ' ' || shards FROM runs")" = "open 2" ]
tap $? "audit --shard --history writes its part: the run is open (exit $rc)" "$TMP/s9.out"
IRREADY_HISTORY=$TMP/shard.db "$BIN" audit --replay $S --org --shard 2/2 \
	--now 2026-11-28T00:00:00Z --output-dir "$TMP/s10" --format json --quiet >"$TMP/s10.out" 2>&1
rc=$?
[ $rc -le 1 ] && [ "$(sqlite3 "$TMP/shard.db" 'SELECT COUNT(*) FROM run_parts')" = 2 ]
tap $? "IRREADY_HISTORY: the shard writes its part too (exit $rc)" "$TMP/s10.out"
"$BIN" audit --replay $S --org --shard 2/2 --now 2026-11-28T00:00:00Z \
	--output-dir "$TMP/s11" --format json \
	--history "postgresql://u:hunter2@127.0.0.1:1/none?connect_timeout=2" >"$TMP/s11.out" 2>&1
rc=$?
[ $rc -eq 3 ] && [ -s "$TMP/s11/findings.json" ] && ! grep -q hunter2 "$TMP/s11.out" "$TMP/s11"/* &&
	grep -q "shard 2/2 of run [0-9a-f]* was not recorded in 'postgresql://u:\*\*\*@" "$TMP/s11.out"
tap $? "a shard's store down: exit 3 (got $rc), reports written, password never shown" "$TMP/s11.out"

echo "1..$n"
[ "$failed" -eq 0 ]
