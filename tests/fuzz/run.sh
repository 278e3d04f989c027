#!/bin/sh
# tests/fuzz/run.sh -- build and run the libFuzzer harnesses (`make fuzz`)
#
#   FUZZ_SECONDS=30    per harness (0: run the seed corpus once, no fuzzing)
#   FUZZ_JOBS=2        harnesses run at the same time
#   FUZZ_TARGETS="xml json"   a subset (names without the fuzz_ prefix)
#   FUZZ_CC=clang      FUZZ_O=build-fuzz
#
# Everything lives in $FUZZ_O: the library built with
# -fsanitize=fuzzer-no-link,address,undefined, the harnesses, the seed
# corpora (regenerated from fixtures/ and tests/ every run), the growing
# corpora (kept between runs), logs and crash artifacts. The reproducers
# committed under tests/fuzz/crashes/<harness>-<n> (minimized inputs of
# fixed crashes) are replayed first, as regression tests, and seed their
# harness. Exit status 1 when a harness crashed, leaked, timed out or ran
# out of memory, or a committed reproducer fails again; the reproducer
# path and the command to replay it are printed.
set -u

O=${FUZZ_O:-build-fuzz}
SECS=${FUZZ_SECONDS:-30}
JOBS=${FUZZ_JOBS:-2}
CLANG=${FUZZ_CC:-clang}
MAKE=${MAKE:-make}
SAN=fuzzer-no-link,address,undefined
PKGS="libcurl openssl libxml-2.0 libcjson"
ALL="http_raw aws_error xml json credreport inv_policy iso8601 policy scenario creds replay diff merge"
TARGETS=${FUZZ_TARGETS:-$ALL}

# -max_len per harness, and whether its stderr is noise (-close_fd_mask=2)
max_len() {
	case $1 in
	iso8601) echo 64 ;;
	scenario | inv_policy | creds) echo 8192 ;;
	aws_error | credreport | policy) echo 16384 ;;
	http_raw | xml | json) echo 32768 ;;
	replay | diff | merge) echo 65536 ;;
	*) echo 16384 ;;
	esac
}
quiet() {
	case $1 in policy | scenario | creds | replay | diff | merge) echo 1 ;; *) echo 0 ;; esac
}

# ---- one harness (run in parallel by the main part below) ----

if [ "${1:-}" = --one ]; then
	h=$2
	bin=$O/fuzz/fuzz_$h
	# the harnesses that write files are several times faster on tmpfs
	tmp=$PWD/$O/tmp/$h
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		tmp=/dev/shm/irready-fuzz-$$-$h
	fi
	mkdir -p "$O/corpus/$h" "$O/artifacts" "$O/logs" "$tmp"
	set -- -max_len="$(max_len "$h")" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$O/artifacts/$h-"
	[ "$(quiet "$h")" = 1 ] && set -- "$@" -close_fd_mask=2
	if [ "$SECS" = 0 ]; then
		set -- "$@" -runs=0
	else
		set -- "$@" -max_total_time="$SECS"
	fi
	TMPDIR=$tmp "$bin" "$@" "$O/corpus/$h" "$O/seeds/$h" \
		</dev/null >"$O/logs/$h.log" 2>&1
	echo $? >"$O/logs/$h.rc"
	rm -rf "$tmp"
	exit 0
fi

# ---- the seed corpora ----

flat() { echo "$1" | sed 's|^\./||; s|[/ ]|_|g'; }
seeds() { # HARNESS [DIR]
	h=$1 d=${2:-$O/seeds/$1}
	rm -rf "$d"
	mkdir -p "$d"
	case $h in
	http_raw | aws_error | xml | json | creds | replay | diff | merge)
		# --seeds: the caller runs fuzz_gen_seeds itself
		[ -n "${SEEDS_SHELL_ONLY:-}" ] && return 0
		# in C (fuzz.h fuzz_seed_files, each harness's fuzz_gen_seeds):
		# a fork per fixture file is slow
		# (fuzz_replay runs every collector over every fixture here:
		# a crash is a finding, reported in the table below)
		FUZZ_GEN_SEEDS=$d TMPDIR=${TMPDIR:-/tmp} "$O/fuzz/fuzz_$h" \
			>"$O/logs/seeds-$h.log" 2>&1 || return 1 ;;
	credreport)
		n=0
		for f in $(find fixtures -name 'iam.GetCredentialReport*.http'); do
			n=$((n + 1))
			sed -n 's:.*<Content>\([^<]*\)</Content>.*:\1:p' "$f" >"$d/b64-$n"
			base64 -d <"$d/b64-$n" >"$d/csv-$n" 2>/dev/null ||
				rm -f "$d/csv-$n"
		done ;;
	inv_policy)
		find fixtures -name 'iam.GetAccountAuthorizationDetails*.http' \
			-exec grep -oh '<[A-Za-z]*PolicyDocument>[^<]*<' {} + |
			sed 's/^<[A-Za-z]*>//; s/<$//' | sort -u |
			awk -v d="$d" '{ f = d "/doc-" NR; printf "%s", $0 > f; close(f) }'
		cp tests/policy/*.json "$d/" ;;
	iso8601)
		n=0
		for s in 2026-01-02T03:04:05Z 2026-01-02T03:04:05.123Z \
			2026-01-02T03:04:05+01:30 2026-01-02T03:04:05-0800 \
			2026-01-02 "2026-01-02 03:04:05z" 1970-01-01T00:00:60Z \
			9999-12-31T23:59:59Z 0000-01-01 12345 -12; do
			n=$((n + 1))
			printf '%s' "$s" >"$d/s-$n"
		done ;;
	policy)
		cp policies/*.json tests/policy/*.json "$d/" ;;
	scenario)
		for f in fixtures/*/scenario.json; do
			cp "$f" "$d/$(flat "$f")"
		done ;;
	esac
	# the hostile corpus (tests/hostile/gen.py --seeds) seeds them too
	for f in tests/hostile/seeds/"$h"/*; do
		[ -f "$f" ] && cp "$f" "$d/"
	done
	# the committed reproducers seed their harness too
	for f in tests/fuzz/crashes/"$h"-*; do
		[ -f "$f" ] && cp "$f" "$d/"
	done
	return 0
}
# --seeds HARNESS DIR: only write the seeds made here in shell (not those
# a harness's fuzz_gen_seeds makes) into DIR. The make check replay
# driver (tests/fuzz/replay_main.c) uses this; nothing is built.
if [ "${1:-}" = --seeds ]; then
	SEEDS_SHELL_ONLY=1 seeds "$2" "$3"
	exit $?
fi

start=$(date +%s)
mkdir -p "$O/fuzz" "$O/logs" "$O/seeds"

# ---- the toolchain: clang with the libFuzzer runtime ----

probe() {
	mkdir -p "$O/probe"
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
		'{ (void)d; (void)n; return 0; }' >"$O/probe/p.c"
	"$CLANG" -fsanitize=fuzzer,address,undefined -o "$O/probe/p" \
		"$O/probe/p.c" >"$O/probe/log" 2>&1
}
if ! probe; then
	ver=$("$CLANG" --version 2>/dev/null |
		sed -n 's/.*clang version \([0-9][0-9]*\).*/\1/p' | head -n 1)
	if [ -n "$ver" ]; then
		need="libclang-rt-$ver-dev"
	else
		need="clang libclang-rt-dev"
	fi
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "irready: fuzz: installing missing packages: $need"
		# shellcheck disable=SC2086
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $need) ||
			exit 1
	fi
	if ! probe; then
		echo "irready: fuzz: '$CLANG -fsanitize=fuzzer' does not link" \
			"(see $O/probe/log)"
		echo "run: sudo apt-get update && sudo apt-get install -y $need"
		exit 1
	fi
fi

# ---- build: the library, then each harness ----

ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
$MAKE --no-print-directory -j"$ncpu" O="$O" CC="$CLANG" SAN="$SAN" \
	CFLAGS="-O1 -g" WERROR= "$O/libirready.a" >"$O/logs/build.log" 2>&1 || {
	cat "$O/logs/build.log"
	echo "irready: fuzz: building $O/libirready.a failed"
	exit 1
}
# shellcheck disable=SC2046
set -- $(pkg-config --cflags $PKGS)
cflags="$* -std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Wno-unused-parameter -Isrc/base -Isrc/aws -Isrc/inventory -Isrc/core -Ichecks -Ireport -Itests/fuzz"
libs="$(pkg-config --libs $PKGS) -lcsv -pthread -lm"
for h in $TARGETS; do
	src=tests/fuzz/fuzz_$h.c bin=$O/fuzz/fuzz_$h
	if [ ! -f "$src" ]; then
		echo "irready: fuzz: no harness $src"
		exit 1
	fi
	fresh=1
	for dep in "$src" tests/fuzz/fuzz.h tests/fuzz/fuzz_findings.h \
		"$O/libirready.a"; do
		[ "$dep" -nt "$bin" ] && fresh=0
	done
	[ -x "$bin" ] && [ $fresh = 1 ] && continue
	# shellcheck disable=SC2086
	"$CLANG" $cflags -o "$bin" "$src" "$O/libirready.a" $libs \
		>"$O/logs/build-$h.log" 2>&1 || {
		cat "$O/logs/build-$h.log"
		echo "irready: fuzz: building $bin failed"
		exit 1
	}
done

# ---- seed corpora, from the repository's files ----

echo "fuzz: built in $(($(date +%s) - start))s"
t=$(date +%s)
run=
for h in $TARGETS; do
	rm -f "$O/logs/$h.rc" "$O/logs/$h.log"
	if seeds "$h"; then
		run="$run $h"
	else
		echo seeds >"$O/logs/$h.rc"
	fi
done
echo "fuzz: seed corpora in $(($(date +%s) - t))s"

# ---- committed reproducers: do they still fail? ----

fail=0 nrepro=0
for f in tests/fuzz/crashes/*; do
	[ -f "$f" ] || continue
	h=$(basename "$f" | sed 's/-[^-]*$//')
	case " $TARGETS " in *" $h "*) ;; *) continue ;; esac
	nrepro=$((nrepro + 1))
	mkdir -p "$O/tmp/$h"
	if ! TMPDIR=$PWD/$O/tmp/$h "$O/fuzz/fuzz_$h" "$f" \
		>"$O/logs/repro-$(basename "$f").log" 2>&1 </dev/null; then
		echo "FAIL fuzz: reproducer $f fails:" \
			"$O/fuzz/fuzz_$h $f (log: $O/logs/repro-$(basename "$f").log)"
		fail=1
	fi
	rm -rf "$O/tmp/$h"
done
[ $nrepro -gt 0 ] && [ $fail = 0 ] &&
	echo "fuzz: $nrepro committed reproducers (tests/fuzz/crashes/) pass"

# ---- fuzz, FUZZ_JOBS harnesses at a time ----

if [ "$SECS" = 0 ]; then
	echo "fuzz: running the seed corpora once ($TARGETS)"
else
	echo "fuzz: ${SECS}s per harness, $JOBS at a time ($TARGETS)"
fi
for h in $run; do echo "$h"; done |
	FUZZ_O=$O FUZZ_SECONDS=$SECS xargs -P "$JOBS" -I{} sh "$0" --one {}

# what went wrong, and where: UBSan's runtime error, the sanitizer's
# SUMMARY line, else libFuzzer's (timeout, out of memory)
cause() {
	w=$(grep -m 1 -oE '[^ ]+:[0-9]+:[0-9]+: runtime error: .*' "$1")
	[ -n "$w" ] && w="UBSan: $w"
	[ -n "$w" ] || w=$(sed -n 's/^SUMMARY: //p' "$1" | head -n 1)
	[ -n "$w" ] || w=$(grep -m 1 -oE 'ERROR: libFuzzer: [a-zA-Z-]+|ALARM: .*' "$1")
	echo "$w"
}
printf '%-11s %9s %10s %7s %7s %8s  %s\n' harness execs exec/s cov ft corpus result
for h in $TARGETS; do
	log=$O/logs/$h.log
	rc=$(cat "$O/logs/$h.rc" 2>/dev/null || echo '?')
	touch "$log"
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p')
	result=ok
	if [ "$rc" = seeds ]; then
		why=$(cause "$O/logs/seeds-$h.log")
		result="FAILED making its seeds from the fixtures: ${why:-?}
            log:        $O/logs/seeds-$h.log"
		fail=1
	elif [ "$rc" != 0 ]; then
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		why=$(cause "$log")
		result="FAILED (rc=$rc) ${why:-see $log}"
		[ -n "$art" ] && result="$result
            reproducer: $art
            replay:     $O/fuzz/fuzz_$h $art
            log:        $log"
		fail=1
	fi
	printf '%-11s %9s %10s %7s %7s %8s  %s\n' "$h" "${execs:--}" \
		"${eps:--}" "${cov:--}" "${ft:--}" "${corp:--}" "$result"
done
echo "fuzz: $(($(date +%s) - start))s in all; logs in $O/logs/"
exit $fail
