#!/bin/sh
# t_deb.sh -- the Debian package installs and runs from a scratch root
#
# Run by 'make package-check' (after 'make deb'), from the repository
# root: O=<build dir> sh tests/package/t_deb.sh (TAP). .ci/run runs it.
#
#   metadata  $O/irready_<version>_<arch>.deb: Package, Version (from
#             src/base/irready.h), Architecture (dpkg's); Depends names
#             the package of every shared library the binary NEEDs (found
#             independently: objdump -p, then dpkg -S) and ca-certificates
#   contents  binary, every policy, the deploy entrypoint, irready(1),
#             copyright (the LICENSE), README
#   install   dpkg --root into an empty root (dependencies forced: the
#             root has no libc), and dpkg-deb -x; from there, in a
#             directory without policies/: 'irready version', the man page
#             renders every command, and a replay audit of
#             fixtures/neglected writes the findings the build tree's
#             binary writes; without the installed readiness.json the
#             profile is not found (so the installed policies were used);
#             dpkg -r removes every file
O=${O:-build}
REPO=$(pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
NOW=2026-11-28T00:00:00Z

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
finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
	exit $?
}

version=$(sed -n 's/^#define IRREADY_VERSION "\(.*\)"$/\1/p' src/base/irready.h)
arch=$(dpkg --print-architecture)
DEB=$O/irready_${version}_${arch}.deb
[ -s "$DEB" ]
tap $? "make deb built $DEB"
[ -s "$DEB" ] || finish

field() { dpkg-deb -f "$DEB" "$1"; }
[ "$(field Package)" = irready ] && [ "$(field Version)" = "$version" ] &&
	[ "$(field Architecture)" = "$arch" ]
tap $? "control: irready $(field Version) $(field Architecture)"

# Depends against the binary's NEEDED libraries, found independently
dpkg-deb -x "$DEB" "$TMP/x"
depends=$(field Depends)
missing=
for so in $(objdump -p "$TMP/x/usr/bin/irready" | awk '$1 == "NEEDED" { print $2 }'); do
	path=$(ldconfig -p | awk -v so="$so" '$1 == so { print $NF; exit }')
	pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n 1 | cut -d: -f1)
	[ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -n 1 | cut -d: -f1)
	case ", $depends," in
	*", $pkg "* | *", $pkg,"*) ;;
	*) missing="$missing $so($pkg)" ;;
	esac
done
[ -z "$missing" ] && [ -n "$depends" ]
tap $? "Depends ($depends) names the package of every NEEDED library${missing:+; missing:$missing}"
case ", $depends," in *", ca-certificates,"*) r=0 ;; *) r=1 ;; esac
tap $r "Depends names ca-certificates (TLS to AWS)"

want="usr/bin/irready usr/share/irready/deploy/entrypoint.sh
usr/share/man/man1/irready.1.gz usr/share/doc/irready/copyright
usr/share/doc/irready/README.md.gz"
for p in policies/*.json; do
	want="$want usr/share/irready/$p"
done
absent=
for f in $want; do
	[ -f "$TMP/x/$f" ] || absent="$absent $f"
done
[ -z "$absent" ]
tap $? "the package holds the binary, every policy, the entrypoint, the man page, copyright and README${absent:+; absent:$absent}"
cmp -s LICENSE "$TMP/x/usr/share/doc/irready/copyright"
tap $? "copyright is the LICENSE"

# dpkg --root: a real install into an empty root
R=$TMP/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/log"
: >"$R/var/lib/dpkg/status"
: >"$R/var/lib/dpkg/available"
dpkg --root="$R" --force-depends --force-script-chrootless --log=/dev/null \
	-i "$DEB" >"$TMP/dpkg-i.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ -x "$R/usr/bin/irready" ] &&
	dpkg --root="$R" -s irready 2>/dev/null | grep -q '^Status: install ok installed'
tap $? "dpkg --root installs it (exit $rc)" "$TMP/dpkg-i.out"

mkdir -p "$TMP/cwd"
cd "$TMP/cwd" || exit 1
got=$(env -u IRREADY_POLICY_DIR "$R/usr/bin/irready" version 2>&1)
[ "$got" = "irready $version" ]
tap $? "the installed 'irready version': $got"

MANWIDTH=200 man -l "$R/usr/share/man/man1/irready.1.gz" >"$TMP/man.txt" 2>"$TMP/man.err"
bad=
for c in $("$R/usr/bin/irready" --help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z-]*\) .*/\1/p'); do
	grep -q "^   $c\$" "$TMP/man.txt" || bad="$bad $c"
done
[ -z "$bad" ] && [ ! -s "$TMP/man.err" ] && grep -q 'EXIT STATUS' "$TMP/man.txt"
tap $? "irready(1) renders without warnings and has a section per command${bad:+; missing:$bad}" "$TMP/man.err"

env -u IRREADY_POLICY_DIR "$R/usr/bin/irready" audit --replay "$REPO/fixtures/neglected" \
	--now "$NOW" --format csv,json --quiet --output-dir inst >"$TMP/inst.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] && [ -s inst/findings.csv ]
tap $? "a replay audit with the installed binary and policies (exit $rc, want 1)" "$TMP/inst.out"
"$REPO/$O/irready" audit --replay "$REPO/fixtures/neglected" --now "$NOW" \
	--format csv --quiet --output-dir tree >/dev/null 2>&1
cmp inst/findings.csv tree/findings.csv >"$TMP/d" 2>&1
tap $? "its findings.csv is the build tree's" "$TMP/d"

mv "$R/usr/share/irready/policies/readiness.json" "$TMP/readiness.json"
env -u IRREADY_POLICY_DIR "$R/usr/bin/irready" audit --replay "$REPO/fixtures/neglected" \
	--now "$NOW" --format csv --quiet --output-dir gone >"$TMP/gone.out" 2>&1
rc=$?
mv "$TMP/readiness.json" "$R/usr/share/irready/policies/readiness.json"
[ "$rc" -ge 2 ] && grep -q 'readiness' "$TMP/gone.out"
tap $? "without the installed readiness.json the audit stops (exit $rc): the installed policies were the ones used" "$TMP/gone.out"
cd "$REPO" || exit 1

dpkg --root="$R" --force-depends --force-script-chrootless --log=/dev/null \
	-r irready >"$TMP/dpkg-r.out" 2>&1
rc=$?
left=$(find "$R/usr" -type f 2>/dev/null | head -n 5)
[ "$rc" -eq 0 ] && [ -z "$left" ]
tap $? "dpkg -r removes every file (exit $rc)${left:+; left: $left}" "$TMP/dpkg-r.out"
finish
