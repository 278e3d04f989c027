#!/bin/sh
# t_image.sh -- the container image: its build steps, and the image itself
# where a container engine runs
#
# Run by 'make package-check', from the repository root:
# O=<build dir> sh tests/package/t_image.sh (TAP).
#
#   stage   the Dockerfile's build-stage commands (its RUN lines after
#           WORKDIR, with /build and /stage moved under a scratch
#           directory) in a clean copy of the tree (git ls-files, less
#           what .dockerignore leaves out): what the image's /usr/local gets holds
#           the binary, the policies and the entrypoint at the path every
#           deploy/ engine runs; the staged binary's replay audit matches
#           the build tree's
#   engine  with docker or podman answering: 'make image', then a replay
#           audit in the image as uid 10001 writing to a mounted /reports,
#           equal to the build tree's findings.csv. Without one: reported
#           as skipped, with the reason.
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
			tail -n 20 "$3" | sed 's/^/# /'
		fi
	fi
}

"$O/irready" audit --replay fixtures/neglected --now "$NOW" --format csv \
	--quiet --output-dir "$TMP/tree" >/dev/null 2>&1

# ---------------------------------------------------------------- stage
# the build context: the tree less .dockerignore's entries (top-level
# names and globs, which is all it uses)
mkdir -p "$TMP/ctx"
ign=$(sed -e '/^#/d' -e '/^$/d' .dockerignore | tr '\n' ' ')
set -f # the patterns are for case, not for the shell's globbing
git ls-files -co --exclude-standard | while IFS= read -r f; do
	top=${f%%/*}
	skip=
	# shellcheck disable=SC2254 # patterns, on purpose
	for pat in $ign; do
		case "$top" in $pat) skip=1 ;; esac
		case "$f" in $pat) skip=1 ;; esac
	done
	[ -n "$skip" ] || printf '%s\n' "$f"
done >"$TMP/ctx.list"
set +f
tar -cf - -T "$TMP/ctx.list" | tar -xf - -C "$TMP/ctx"
[ ! -e "$TMP/ctx/tests" ] && [ ! -e "$TMP/ctx/fixtures" ] && [ -f "$TMP/ctx/GNUmakefile" ]
tap $? "the build context honours .dockerignore (no tests/, fixtures/; $(wc -l <"$TMP/ctx.list") files)"
# the build stage's RUN lines after its WORKDIR, continuation lines joined
awk '/^FROM /{stage=$NF} stage=="build" && /^WORKDIR/{go=1; next}
	stage=="build" && go' Dockerfile |
	sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | sed -n 's/^RUN //p' |
	sed -e "s|O=/build|O=$TMP/b|g" -e "s|DESTDIR=/stage|DESTDIR=$TMP/stage|g" \
		-e "s| /stage/| $TMP/stage/|g" >"$TMP/steps.sh"
grep -q 'install-files' "$TMP/steps.sh"
tap $? "the Dockerfile's build stage runs make binaries and install-files" "$TMP/steps.sh"
(cd "$TMP/ctx" && sh -e "$TMP/steps.sh") >"$TMP/steps.out" 2>&1
tap $? "its commands succeed in a clean copy of the tree" "$TMP/steps.out"
S=$TMP/stage/usr/local
missing=
for f in bin/irready share/irready/deploy/entrypoint.sh share/man/man1/irready.1 \
	share/irready/policies/readiness.json; do
	[ -f "$S/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && [ -x "$S/share/irready/deploy/entrypoint.sh" ]
tap $? "the image's /usr/local gets the binary, policies, man page and share/irready/deploy/entrypoint.sh${missing:+; missing:$missing}"
mkdir -p "$TMP/cwd"
(cd "$TMP/cwd" && "$S/bin/irready" audit --replay "$REPO/fixtures/neglected" \
	--now "$NOW" --format csv --quiet --output-dir out) >"$TMP/staged.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] && cmp "$TMP/cwd/out/findings.csv" "$TMP/tree/findings.csv" >>"$TMP/staged.out" 2>&1
tap $? "the staged binary's replay audit (exit $rc) writes the build tree's findings.csv" "$TMP/staged.out"

# ---------------------------------------------------------------- engine
engine=
why=
for e in docker podman; do
	if command -v "$e" >/dev/null 2>&1; then
		if "$e" info >"$TMP/info" 2>&1; then
			engine=$e
			break
		fi
		why="$e is installed but its daemon does not answer ($(grep -m1 -i 'cannot\|error' "$TMP/info" | cut -c1-100))"
	fi
done
if [ -z "$engine" ]; then
	reason=${why:-neither docker nor podman is installed}
	n=$((n + 1))
	echo "ok $n - make image, then a replay audit in the image # SKIP no container engine: $reason"
else
	make --no-print-directory image ENGINE="$engine" IMAGE=irready:test >"$TMP/build.out" 2>&1
	tap $? "make image ($engine)" "$TMP/build.out"
	mkdir -p "$TMP/reports"
	chmod 777 "$TMP/reports"
	"$engine" run --rm -v "$REPO/fixtures:/fixtures:ro" -v "$TMP/reports:/reports" \
		irready:test audit --replay /fixtures/neglected --now "$NOW" \
		--format csv --quiet --output-dir /reports/img >"$TMP/run.out" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && cmp "$TMP/reports/img/findings.csv" "$TMP/tree/findings.csv" >>"$TMP/run.out" 2>&1
	tap $? "a replay audit in the image (exit $rc) writes the build tree's findings.csv to the mounted /reports" "$TMP/run.out"
	uid=$("$engine" run --rm --entrypoint id irready:test -u 2>&1)
	[ "$uid" = 10001 ]
	tap $? "the image runs as uid 10001 (got $uid)"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
