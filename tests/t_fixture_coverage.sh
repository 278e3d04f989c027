#!/bin/sh
# t_fixture_coverage.sh -- irready's calls and the fixture files match 1:1
#
# Run from the repo root (O = build directory, default build). For every
# fixtures/<scenario>/ it runs
#
#   IRREADY_REQUEST_LOG=<tmp> $O/irready audit --replay fixtures/<s> \
#       --now <scenario.json now> --quiet --output-dir <tmp> --format json
#   IRREADY_REQUEST_LOG=<tmp> $O/irready inventory --replay fixtures/<s>
#   IRREADY_REQUEST_LOG=<tmp> $O/irready audit --replay fixtures/<s> \
#       --now <now> --drill --checks ir_containment_drill ...
#
# (the last one because the containment drill's dry runs are only sent
# with --drill; a build without --drill fails).
# The request log has one line per API call, "ACCOUNT REGION service:Action
# [resource=R] [token=T]", from which the replay file name is rebuilt with
# the sanitizer of src/aws/aws_replay.c (bytes outside [A-Za-z0-9_.-] -> '_';
# over 100 bytes -> first 80 + '-' + 16 hex digits of SHA-256 of the
# original). Per scenario, three TAP lines:
#   (a) no call lacks its fixture: no inventory dataset failed with
#       ReplayMissing, and every logged call has a file (each one named);
#   (b) no dead fixture: every .http file was served by some logged call;
#   (c) the audit exits 0 or 1 (2 usage, 3 could not assess, >3 a crash).
# So irready's call graph -- enabled regions, pagination, dependent calls,
# not-opted-in regions -- is enforced by irready itself: adding a service or
# a check needs no edit here. t_conformance.py checks each file's contents.
#
# Environment: O (build directory), FIXTURES_DIR (default fixtures, so a
# scratch copy can prove the assertions bite), PYTHON (default /usr/bin/python3).
O=${O:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
FIXTURES=${FIXTURES_DIR:-fixtures}
BIN=$O/irready

n=0
failed=0
tap() { # tap STATUS NAME [DIAG-FILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
	if [ -n "$3" ] && [ -s "$3" ]; then
		sed 's/^/# /' "$3"
	fi
}
finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
	exit $?
}

if ! [ -x "$PYTHON" ]; then
	echo "1..0 # SKIP $PYTHON not installed (Debian package python3; make check installs it)"
	exit 0
fi
if ! [ -x "$BIN" ]; then
	tap 1 "$BIN is built (run make binaries)"
	finish
fi

# The drill's dry-run fixtures are requested only with --drill: a build
# without it fails here rather than leaving those fixtures unchecked.
NO_DRILL=
"$BIN" audit --help 2>&1 | grep -q -- '--drill'
tap $? "irready audit --help lists --drill (the drill's fixtures are checked)"
export NO_DRILL

TMP=$(mktemp -d "${TMPDIR:-/tmp}/irready-coverage.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

# helper.py now SCENARIO.json                      -> prints "now"
# helper.py missing SCENARIO-DIR INVENTORY.json LOG.. -> prints missing calls
# helper.py dead SCENARIO-DIR LOG..                -> prints unserved files
cat >"$TMP/helper.py" <<'EOF'
import hashlib
import json
import os
import re
import sys

LINE_RE = re.compile(r'^(\S+) (\S+) ([^\s:]+):(\S+)(?: resource=(.*?))?(?: token=(.*))?$')


def sanitize(s):
    """src/aws/aws_replay.c aws_replay_sanitize(), byte for byte."""
    raw = s.encode('utf-8', 'surrogateescape')
    out = re.sub(rb'[^A-Za-z0-9_.-]', b'_', raw)
    if len(raw) > 100:
        out = out[:80] + b'-' + hashlib.sha256(raw).hexdigest()[:16].encode()
    return out.decode('ascii')


def logged(logs):
    """(relative file name, log line) for every logged call; bad lines as (None, line)."""
    for log in logs:
        if not os.path.exists(log):
            continue
        with open(log, encoding='utf-8', errors='surrogateescape') as fh:
            for line in fh:
                line = line.rstrip('\n')
                m = LINE_RE.match(line)
                if not m:
                    yield None, line
                    continue
                acct, region, svc, op, res, tok = m.groups()
                name = '%s.%s' % (svc, op)
                if res is not None:
                    name += '.' + sanitize(res)
                if tok:  # an empty token is the first page
                    name += '.page-' + sanitize(tok)
                yield os.path.join(acct, region, name + '.http'), line


def replay_missing(node, path, out):
    if isinstance(node, dict):
        if node.get('code') == 'ReplayMissing':
            out.append('inventory: %s failed with ReplayMissing (%s in %s)'
                       % (' / '.join(path), node.get('action', '?'), node.get('region', '?')))
        for k, v in node.items():
            replay_missing(v, path + [k], out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            replay_missing(v, path + [v['id'] if isinstance(v, dict) and 'id' in v else str(i)], out)


def main():
    mode = sys.argv[1]
    if mode == 'now':
        with open(sys.argv[2], encoding='utf-8') as fh:
            print(json.load(fh)['now'])
        return 0
    sdir = sys.argv[2]
    if mode == 'missing':
        out = []
        try:
            with open(sys.argv[3], encoding='utf-8') as fh:
                inv = json.load(fh)
            replay_missing(inv, [], out)
        except (OSError, ValueError) as e:
            out.append('inventory output is not JSON: %s' % e)
        seen = set()
        for rel, line in logged(sys.argv[4:]):
            if rel is None:
                out.append('unparsable request log line %r' % line)
            elif rel not in seen and not os.path.isfile(os.path.join(sdir, rel)):
                out.append('no fixture %s for the call "%s"' % (rel, line))
            seen.add(rel)
        print('\n'.join(out))
        return 0
    if mode == 'dead':
        served = {rel for rel, line in logged(sys.argv[3:]) if rel}
        # without --drill in this build, its dry-run fixtures cannot be served
        drill = re.compile(r'^(ec2\.(ModifyInstanceAttribute|CreateSnapshot|CreateTags)|'
                           r'iam\.SimulatePrincipalPolicy|sts\.AssumeRole)\.')
        for dirpath, dirnames, filenames in os.walk(sdir):
            dirnames.sort()
            for fn in sorted(filenames):
                rel = os.path.relpath(os.path.join(dirpath, fn), sdir)
                if os.environ.get('NO_DRILL') and drill.match(fn):
                    continue
                if fn.endswith('.http') and rel not in served:
                    print('dead fixture %s (irready never requests it)' % rel)
        return 0
    return 2


sys.exit(main())
EOF

found=0
for d in "$FIXTURES"/*/; do
	[ -d "$d" ] || continue
	d=${d%/}
	s=$(basename "$d")
	found=1
	w=$TMP/$s
	mkdir -p "$w/out"
	if ! now=$("$PYTHON" "$TMP/helper.py" now "$d/scenario.json" 2>"$w/now.err"); then
		tap 1 "$d: scenario.json has \"now\"" "$w/now.err"
		continue
	fi

	IRREADY_REQUEST_LOG=$w/audit.log "$BIN" audit --replay "$d" --now "$now" \
		--quiet --output-dir "$w/out" --format json >"$w/audit.out" 2>"$w/audit.err"
	rc=$?
	IRREADY_REQUEST_LOG=$w/inventory.log "$BIN" inventory --replay "$d" \
		>"$w/inventory.json" 2>"$w/inventory.err"
	irc=$?
	# the containment drill's dry runs are only sent with --drill
	if [ -z "$NO_DRILL" ]; then
		IRREADY_REQUEST_LOG=$w/drill.log "$BIN" audit --replay "$d" \
			--now "$now" --drill --checks ir_containment_drill \
			--quiet --output-dir "$w/out" --format json \
			>"$w/drill.out" 2>"$w/drill.err"
	fi

	# an Organization (its first account lists the accounts: see
	# tests/tools/make_scenarios.py) is audited with --org too, which alone
	# asks for ListAccounts and every OU's accounts
	if ls "$d"/*/global/organizations.ListAccounts.http >/dev/null 2>&1; then
		IRREADY_REQUEST_LOG=$w/org.log "$BIN" audit --replay "$d" \
			--now "$now" --org --quiet --output-dir "$w/out" \
			--format json >"$w/org.out" 2>"$w/org.err"
	fi

	# (a) every call irready made has its fixture
	"$PYTHON" "$TMP/helper.py" missing "$d" "$w/inventory.json" \
		"$w/audit.log" "$w/inventory.log" "$w/drill.log" "$w/org.log" \
		>"$w/missing" 2>&1
	if [ "$irc" -gt 1 ]; then
		echo "irready inventory exited $irc: $(head -c 300 "$w/inventory.err")" >>"$w/missing"
	fi
	if ! [ -s "$w/audit.log" ]; then
		echo "the audit logged no request (IRREADY_REQUEST_LOG unsupported?)" >>"$w/missing"
	fi
	grep -v '^$' "$w/missing" >"$w/missing.txt"
	[ -s "$w/missing.txt" ]
	tap $((1 - $?)) "$d: every call irready makes has a fixture (no ReplayMissing)" "$w/missing.txt"

	# (b) every fixture is served by some call
	"$PYTHON" "$TMP/helper.py" dead "$d" "$w/audit.log" "$w/inventory.log" \
		"$w/drill.log" "$w/org.log" >"$w/dead" 2>&1
	[ -s "$w/dead" ]
	tap $((1 - $?)) "$d: every .http file is requested by irready (no dead fixture)" "$w/dead"

	# (c) the audit itself ran
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
		tap 0 "$d: irready audit exits 0 or 1 (got $rc)"
	else
		head -c 2000 "$w/audit.err" >"$w/rc"
		tap 1 "$d: irready audit exits 0 or 1 (got $rc)" "$w/rc"
	fi
done
if [ "$found" -eq 0 ]; then
	tap 1 "$FIXTURES holds scenarios"
fi
finish
