#!/bin/sh
# build-deb.sh -- irready_<version>_<arch>.deb from a staged install
#
#   sh deploy/package/build-deb.sh ROOT OUTDIR
#
# ROOT holds what 'make install-files PREFIX=/usr DESTDIR=ROOT' put there
# (usr/bin/irready, usr/share/irready/..., usr/share/man/man1/irready.1).
# This adds the Debian parts: the licence as usr/share/doc/irready/
# copyright, README.md and a changelog (gzip -9n), the man page
# compressed, md5sums, and DEBIAN/control whose Depends come from
# dpkg-shlibdeps over the binary (the shared libraries it links, with
# their minimum versions), plus ca-certificates for TLS to AWS. The
# package is built with dpkg-deb --root-owner-group (no fakeroot needed)
# and its path printed.
set -eu
ROOT=${1:?usage: build-deb.sh ROOT OUTDIR}
OUT=${2:?usage: build-deb.sh ROOT OUTDIR}
BIN=$ROOT/usr/bin/irready
[ -x "$BIN" ] || {
	echo "build-deb.sh: no $BIN (run make install-files first)" >&2
	exit 1
}
version=$(sed -n 's/^#define IRREADY_VERSION "\(.*\)"$/\1/p' src/base/irready.h)
arch=$(dpkg --print-architecture)
if [ -z "$version" ] || [ -z "$arch" ]; then
	echo "build-deb.sh: no version in src/base/irready.h or no dpkg architecture" >&2
	exit 1
fi

strip --strip-unneeded --remove-section=.comment --remove-section=.note "$BIN"
doc=$ROOT/usr/share/doc/irready
install -d "$doc"
install -m 644 LICENSE "$doc/copyright"
gzip -9n <README.md >"$doc/README.md.gz"
date=$(git log -1 --format=%aD 2>/dev/null || date -R)
printf 'irready (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- irready maintainers <irready@example.org>  %s\n' \
	"$version" "$version" "$date" | gzip -9n >"$doc/changelog.Debian.gz"
if [ -f "$ROOT/usr/share/man/man1/irready.1" ]; then
	gzip -9nf "$ROOT/usr/share/man/man1/irready.1"
fi
chmod 644 "$doc"/* "$ROOT/usr/share/man/man1/"*

# Depends: dpkg-shlibdeps wants a debian/control beside it
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/debian"
printf 'Source: irready\n\nPackage: irready\nArchitecture: any\n' >"$work/debian/control"
abs_bin=$(cd "$(dirname "$BIN")" && pwd)/irready
shlibs=$(cd "$work" && dpkg-shlibdeps -O -e"$abs_bin" 2>"$work/shlibdeps.err" |
	sed -n 's/^shlibs:Depends=//p')
if [ -z "$shlibs" ]; then
	echo "build-deb.sh: dpkg-shlibdeps found no dependencies:" >&2
	cat "$work/shlibdeps.err" >&2
	exit 1
fi

rm -rf "$ROOT/DEBIAN"
install -d "$ROOT/DEBIAN"
(cd "$ROOT" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$ROOT/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
cat >"$ROOT/DEBIAN/control" <<CONTROL
Package: irready
Version: $version
Architecture: $arch
Maintainer: irready maintainers <irready@example.org>
Installed-Size: $size
Depends: $shlibs, ca-certificates
Section: admin
Priority: optional
Homepage: https://github.com/irready/irready
Description: audit AWS incident-response readiness
 irready collects AWS account data through the read-only AWS APIs, runs
 checks of incident-response readiness over it (logging, detection,
 containment, recovery), and writes scored HTML, CSV, JSON and JUnit
 reports. It audits one account or a whole AWS Organization, replays
 recorded responses offline, and compares audits over time.
CONTROL
find "$ROOT" -type d -exec chmod 755 {} +
mkdir -p "$OUT"
deb=$OUT/irready_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$deb" >/dev/null
echo "$deb"
