#!/bin/sh
# t_history_pg.sh -- the history store on a real PostgreSQL server
#
# Starts a throwaway server (Debian's postgresql: initdb and pg_ctl from
# /usr/lib/postgresql/*/bin) in a temporary directory, as the invoking
# user or, under root, as 'nobody' (PostgreSQL refuses to run as root),
# listening on a Unix socket only, and stops it at the end. Then: two
# audits of different fixtures into it and into a SQLite file give the
# same `irready trend` output, byte for byte; a run is recorded once; a
# password in the URL never reaches any output; PG* environment works.
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
[ "$v" = 3 ]
tap $? "schema_migrations at version 3 (got $v)"

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

as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1
audit well-prepared 2026-11-01 p3 "$URL"
rc=$?
[ $rc -eq 3 ] && [ -s "$TMP/p3/findings.json" ] && ! grep -q Sup3rSecret "$TMP/p3.out"
tap $? "server stopped: exit 3 (got $rc), reports written, password masked" "$TMP/p3.out"

echo "1..$n"
[ "$failed" -eq 0 ]
