#!/bin/sh
# t_history_pg.sh -- the history store on a real PostgreSQL server
#
# Starts a throwaway server (Debian's postgresql: initdb and pg_ctl from
# /usr/lib/postgresql/*/bin) in a temporary directory, as the invoking
# user or, under root, as 'nobody' (PostgreSQL refuses to run as root),
# listening on a Unix socket only, and stops it at the end. Then: two
# audits of different fixtures into it and into a SQLite file give the
# same `irready trend` output, byte for byte; a run is recorded once; a
# password in the URL never reaches any output; PG* environment works;
# sharded runs: shards writing their parts at once, a re-run shard, the
# merge closing the run, a missing shard, the same trend as SQLite's and
# as the unsharded run's.
# Skips when PostgreSQL is not installed (`make check` installs it).
O=${O:-build}
BIN=$(cd "$(dirname "$O/irready")" && pwd)/irready
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
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ] || ! [ -x "$PGBIN/initdb" ]; then
	echo "1..0 # SKIP PostgreSQL server not installed (apt-get install postgresql)"
	exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/irready-pg.XXXXXX") || exit 1
chmod 755 "$TMP"
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	chown nobody "$TMP"
	as_pg() { runuser -u nobody -- "$@"; }
fi
PGDATA=$TMP/data
SOCK=$TMP
PORT=54329
stop() {
	as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1
	rm -rf "$TMP"
}
trap stop EXIT
as_pg "$PGBIN/initdb" -D "$PGDATA" -U irready --auth=trust -E UTF8 \
	--locale=C.UTF-8 >"$TMP/initdb.log" 2>&1
tap $? "initdb in a temporary directory" "$TMP/initdb.log"
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w -t 30 -l "$TMP/pg.log" \
	-o "-c listen_addresses='' -k $SOCK -p $PORT -c fsync=off" start \
	>"$TMP/start.log" 2>&1
tap $? "server started (Unix socket only)" "$TMP/pg.log"
as_pg "$PGBIN/createdb" -h "$SOCK" -p "$PORT" -U irready ir >"$TMP/cdb.log" 2>&1
tap $? "database created" "$TMP/cdb.log"

# the password is not needed (trust) but must never be shown
URL="postgresql://irready:Sup3rSecret@/ir?host=$SOCK&port=$PORT"
audit() { # fixture date outdir store
	"$BIN" audit --replay "fixtures/$1" --now "${2}T00:00:00Z" \
		--output-dir "$TMP/$3" --format json --history "$4" \
		>"$TMP/$3.out" 2>&1
}
audit neglected 2026-09-01 p1 "$URL"
rc=$?
[ $rc -le 1 ] && grep -q "recorded in postgresql://irready:\*\*\*@/ir" "$TMP/p1.out"
tap $? "audit --history postgresql://... (exit $rc), password masked" "$TMP/p1.out"
audit mixed 2026-10-01 p2 "$URL"
tap $(($? > 1)) "a second audit, another fixture" "$TMP/p2.out"
audit mixed 2026-10-01 p2b "$URL"
grep -q "already in" "$TMP/p2b.out"
tap $? "the same run again is not stored twice" "$TMP/p2b.out"
L=$TMP/h.db
audit neglected 2026-09-01 l1 "$L"
audit mixed 2026-10-01 l2 "$L"
tap $(($? > 1)) "the same two audits into SQLite"

"$BIN" trend --history "$URL" --output-dir "$TMP/tp" >"$TMP/tp.out" 2>&1
tap $? "trend from PostgreSQL" "$TMP/tp.out"
"$BIN" trend --history "$L" --output-dir "$TMP/tl" >"$TMP/tl.out" 2>&1
tap $? "trend from SQLite" "$TMP/tl.out"
for f in trend.html trend.csv lifecycle.csv; do
	cmp "$TMP/tp/$f" "$TMP/tl/$f" >"$TMP/cmp" 2>&1
	tap $? "$f: PostgreSQL and SQLite give the same bytes" "$TMP/cmp"
done
grep -rq Sup3rSecret "$TMP"/p1* "$TMP"/p2* "$TMP"/tp* "$TMP/tp.out"
tap $((! $?)) "the URL's password is in no output and no report"

# libpq's own environment: no URL parameters at all
PGHOST=$SOCK PGPORT=$PORT PGUSER=irready PGDATABASE=ir \
	"$BIN" history list --history "postgresql://" >"$TMP/list.out" 2>&1
[ $? -eq 0 ] && [ "$(wc -l <"$TMP/list.out")" = 3 ]
tap $? "PG* environment honoured (history list: 2 runs)" "$TMP/list.out"
v=$(as_pg "$PGBIN/../bin/psql" -h "$SOCK" -p "$PORT" -U irready -d ir -tAc \
	"SELECT MAX(version) FROM schema_migrations" 2>&1)
[ "$v" = 4 ]
tap $? "schema_migrations at version 4 (got $v)"

# two shards' merges (or audits) opening a new database at once: the
# migration lock lets one create the schema, both runs land
as_pg "$PGBIN/createdb" -h "$SOCK" -p "$PORT" -U irready ir2 >/dev/null 2>&1
URL2="postgresql:///ir2?host=$SOCK&port=$PORT&user=irready"
"$BIN" history import --history "$URL2" "$TMP/p1" >"$TMP/c1.out" 2>&1 &
c1=$!
"$BIN" history import --history "$URL2" "$TMP/p2" >"$TMP/c2.out" 2>&1
r2=$?
wait $c1
r1=$?
n2=$(PGHOST=$SOCK PGPORT=$PORT PGUSER=irready PGDATABASE=ir2 "$BIN" history list --history "postgresql://" 2>&1 | wc -l)
[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ "$n2" = 3 ]
tap $? "two writers on a new database at once: schema created once, both runs recorded" "$TMP/c1.out"

# permission denied: a role that may not create tables (PostgreSQL 15
# revokes CREATE on schema public from other roles)
as_pg "$PGBIN/createuser" -h "$SOCK" -p "$PORT" -U irready reader >/dev/null 2>&1
as_pg "$PGBIN/createdb" -h "$SOCK" -p "$PORT" -U irready ir3 >/dev/null 2>&1
audit well-prepared 2026-11-01 p4 "postgresql:///ir3?host=$SOCK&port=$PORT&user=reader"
rc=$?
[ $rc -eq 3 ] && [ -s "$TMP/p4/findings.json" ] && grep -q "permission denied" "$TMP/p4.out" &&
	grep -q "not recorded in" "$TMP/p4.out"
tap $? "permission denied: exit 3 (got $rc), the database's reason, reports written" "$TMP/p4.out"

# sharded runs: three shards write their parts at once (plus a second
# attempt of shard 2 racing the first), merge closes the run from the
# store; the trend is SQLite's byte for byte and the unsharded run's
psql_q() { # DB SQL
	as_pg "$PGBIN/psql" -h "$SOCK" -p "$PORT" -U irready -d "$1" -tAc "$2" 2>&1
}
as_pg "$PGBIN/createdb" -h "$SOCK" -p "$PORT" -U irready ir4 >/dev/null 2>&1
as_pg "$PGBIN/createdb" -h "$SOCK" -p "$PORT" -U irready ir5 >/dev/null 2>&1
as_pg "$PGBIN/createdb" -h "$SOCK" -p "$PORT" -U irready ir6 >/dev/null 2>&1
URL4="postgresql://irready:Sup3rSecret@/ir4?host=$SOCK&port=$PORT"
URL5="postgresql:///ir5?host=$SOCK&port=$PORT&user=irready"
URL6="postgresql:///ir6?host=$SOCK&port=$PORT&user=irready"
NOW=2026-11-28T00:00:00Z
shard() { # DIR I/N STORE [options]
	d=$1 spec=$2 store=$3
	shift 3
	"$BIN" audit --replay fixtures/org --org --now "$NOW" --shard "$spec" \
		--format json --output-dir "$TMP/$d" --history "$store" "$@" \
		>"$TMP/$d.out" 2>&1
}
t0=$(date +%s.%N)
pids=
for i in 1 2 3; do
	shard g$i $i/3 "$URL4" &
	pids="$pids $!"
done
shard g2b 2/3 "$URL4" &
pids="$pids $!"
ok=0
for p in $pids; do
	wait "$p"
	[ $? -le 1 ] || ok=1
done
t1=$(date +%s.%N)
echo "# 4 shard audits writing at once on PostgreSQL: $(awk "BEGIN { print $t1 - $t0 }") s"
nf=0
for i in 1 2 3; do
	nf=$((nf + $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$TMP/g$i/findings.json")))
done
[ $ok -eq 0 ] && [ "$(psql_q ir4 'SELECT COUNT(*) FROM run_parts')" = 3 ] &&
	[ "$(psql_q ir4 'SELECT COUNT(*) FROM findings')" = "$nf" ] &&
	[ "$(psql_q ir4 'SELECT state FROM runs')" = open ]
tap $? "3 shards (and a 2nd attempt of shard 2) at once: 3 parts, $nf findings, run open" "$TMP/g1.out"
grep -q "recorded in postgresql://irready:\*\*\*@/ir4" "$TMP/g1.out"
tap $? "a shard's message masks the password" "$TMP/g1.out"
"$BIN" trend --history "$URL4" --output-dir "$TMP/gt" >"$TMP/gt.out" 2>&1
rc=$?
[ $rc -eq 3 ] && grep -q "incomplete: 1 sharded run open" "$TMP/gt.out"
tap $? "trend leaves the open run out (exit $rc)" "$TMP/gt.out"
shard g3 3/3 "$URL4"
[ $? -le 1 ] && grep -q "replacing its earlier part" "$TMP/g3.out" &&
	[ "$(psql_q ir4 'SELECT COUNT(*) FROM findings')" = "$nf" ]
tap $? "a re-run shard replaces its part" "$TMP/g3.out"
sid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"]["run_id"])' "$TMP/g1/findings.json")
"$BIN" merge --history "$URL4" --run-id "$sid" --format json \
	--output-dir "$TMP/gm" >"$TMP/gm.out" 2>&1
rc=$?
[ $rc -le 1 ] && [ "$(psql_q ir4 'SELECT state FROM runs')" = closed ] &&
	! grep -q Sup3rSecret "$TMP/gm.out"
tap $? "merge --history --run-id closes it on PostgreSQL (exit $rc)" "$TMP/gm.out"
LS=$TMP/shards.db
for i in 1 2 3; do shard k$i $i/3 "$LS"; done
"$BIN" merge --history "$LS" --format json --output-dir "$TMP/km" \
	"$TMP/k1" "$TMP/k2" "$TMP/k3" >"$TMP/km.out" 2>&1
"$BIN" trend --history "$URL4" --output-dir "$TMP/gtp" --quiet >"$TMP/gtp.out" 2>&1 &&
	"$BIN" trend --history "$LS" --output-dir "$TMP/gtl" --quiet >>"$TMP/gtp.out" 2>&1
tap $? "trend of the sharded run, PostgreSQL and SQLite" "$TMP/gtp.out"
for f in trend.html trend.csv lifecycle.csv; do
	cmp "$TMP/gtp/$f" "$TMP/gtl/$f" >"$TMP/cmp" 2>&1
	tap $? "sharded $f: PostgreSQL and SQLite give the same bytes" "$TMP/cmp"
done
"$BIN" audit --replay fixtures/org --org --now "$NOW" --format json \
	--output-dir "$TMP/gu" --history "$URL5" --quiet >"$TMP/gu.out" 2>&1
"$BIN" trend --history "$URL5" --output-dir "$TMP/gtu" --quiet >"$TMP/gtu.out" 2>&1
idh=$(psql_q ir4 'SELECT run_id FROM runs')
idu=$(psql_q ir5 'SELECT run_id FROM runs')
for f in trend.html trend.csv lifecycle.csv; do
	sed "s/$idh/RUN/g" "$TMP/gtp/$f" >"$TMP/a"
	sed "s/$idu/RUN/g" "$TMP/gtu/$f" >"$TMP/b"
	[ -s "$TMP/a" ] && diff "$TMP/a" "$TMP/b" >"$TMP/cmp" 2>&1
	tap $? "$f: sharded = unsharded on PostgreSQL (but the run id)" "$TMP/cmp"
done
# a missing shard: open, not trended, merge names it
shard n1 1/3 "$URL6" --run-id job-m
shard n2 2/3 "$URL6" --run-id job-m
"$BIN" trend --history "$URL6" --output-dir "$TMP/nt" >"$TMP/nt.out" 2>&1
rc=$?
"$BIN" merge --history "$URL6" --run-id job-m --output-dir "$TMP/nm" >"$TMP/nm.out" 2>&1
rc2=$?
[ $rc -eq 3 ] && [ $rc2 -eq 2 ] && grep -q "shard 3 of 3 is missing" "$TMP/nm.out" &&
	[ "$(psql_q ir6 'SELECT state FROM runs')" = open ]
tap $? "shard 3 missing: trend exit $rc, merge exit $rc2 naming it, run open" "$TMP/nm.out"
# a shard slow to commit (its transaction holds what a shard holds for
# 6 s) does not hold up another shard's part: that one is done while the
# slow one is still open
hid=$(psql_q ir6 'SELECT run_id FROM runs')
psql_q ir6 "BEGIN; SELECT state FROM runs WHERE run_id = '$hid' FOR SHARE;
	DELETE FROM findings WHERE run_id = '$hid' AND shard = 1;
	SELECT pg_sleep(6); ROLLBACK" >/dev/null &
slow=$!
sleep 0.5
t0=$(date +%s.%N)
shard n3 3/3 "$URL6" --run-id job-m
rc=$?
t1=$(date +%s.%N)
el=$(awk "BEGIN { print $t1 - $t0 }")
kill -0 $slow 2>/dev/null
alive=$?
wait $slow
[ $rc -le 1 ] && [ $alive -eq 0 ]
tap $? "shard 3 writes while shard 1's transaction is open: not blocked (${el} s)" "$TMP/n3.out"
"$BIN" merge --history "$URL6" --run-id job-m --output-dir "$TMP/nm" --quiet >"$TMP/nm.out" 2>&1
rc=$?
[ $rc -le 1 ] && [ "$(psql_q ir6 'SELECT state FROM runs')" = closed ]
tap $? "then the merge closes job-m (exit $rc)" "$TMP/nm.out"
grep -rq Sup3rSecret "$TMP"/g* "$TMP"/k*
tap $((! $?)) "the URL's password is in no shard or merge output"

# every migration path on PostgreSQL (tests/unit/test_history.c)
as_pg "$PGBIN/createdb" -h "$SOCK" -p "$PORT" -U irready ir7 >/dev/null 2>&1
if [ -x "$O/tests/test_history" ]; then
	IRREADY_TEST_PG_URL="postgresql:///ir7?host=$SOCK&port=$PORT&user=irready" \
		"$O/tests/test_history" >"$TMP/mig.out" 2>&1
	rc=$?
	[ $rc -eq 0 ] && grep -q "^ok .* PostgreSQL: version 3 -> latest" "$TMP/mig.out" &&
		! grep -q "^not ok" "$TMP/mig.out"
	tap $? "migrations from every earlier version on PostgreSQL (test_history)" "$TMP/mig.out"
fi

as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1
audit well-prepared 2026-11-01 p3 "$URL"
rc=$?
[ $rc -eq 3 ] && [ -s "$TMP/p3/findings.json" ] && ! grep -q Sup3rSecret "$TMP/p3.out"
tap $? "server stopped: exit 3 (got $rc), reports written, password masked" "$TMP/p3.out"

echo "1..$n"
[ "$failed" -eq 0 ]
