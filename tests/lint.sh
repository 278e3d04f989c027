#!/bin/sh
# lint.sh -- the style gate (make lint): clang-format with the repo's
# .clang-format, the list/layering rules a compiler cannot see, and the
# size limits (800-line files, 100-line functions unless a comment says why).
#
# Prints one line per problem and exits 1 when there is any.
cd "$(dirname "$0")/.." || exit 2
problems=0
say() {
	echo "lint: $*"
	problems=$((problems + 1))
}

# 1. Formatting: every C file of ours, as clang-format 14 would write it.
CF=${CLANG_FORMAT:-clang-format}
if command -v "$CF" >/dev/null 2>&1; then
	files=$(ls src/*/*.c src/*/*.h checks/*.c checks/*.h report/*.c \
		report/*.h tests/unit/*.c tests/unit/*.h tests/tools/*.c \
		tests/fuzz/*.c tests/fuzz/*.h 2>/dev/null)
	# shellcheck disable=SC2086
	out=$("$CF" --dry-run $files 2>&1 | grep 'warning:' | cut -d: -f1 | sort -u)
	for f in $out; do
		say "$f: not clang-format clean (run: clang-format -i $f)"
	done
else
	say "clang-format not found (apt-get install clang-format)"
fi

# 2. Every check file is listed once in checks.def, sorted, and vice versa.
listed=$(sed -n 's/^CHECK(\([a-z0-9_]*\)).*/\1/p' checks/checks.def)
files=$(ls checks/*.c | sed 's#checks/##; s#\.c$##' | grep -v '^registry$')
[ "$listed" = "$(echo "$listed" | LC_ALL=C sort -u)" ] ||
	say "checks/checks.def: not sorted or has duplicates"
for f in $files; do
	echo "$listed" | grep -qx "$f" || say "checks/$f.c: not listed in checks/checks.def"
done
for c in $listed; do
	[ -f "checks/$c.c" ] || say "checks/checks.def: $c has no checks/$c.c"
done

# 3. Layering: which headers each layer may include.
#    checks/ -- the check API and the inventory types only (no AWS layer,
#    no third-party library); report/ -- no AWS layer (report/embed.c is
#    a build tool, not part of the report, and hashes with OpenSSL).
out=$(
	grep -n '#include' checks/*.c checks/*.h |
		grep -E '"aws[a-z_]*\.h"|<(curl|libxml|openssl)/|<cJSON\.h>|<csv\.h>' |
		sed 's/$/: checks see only check.h and the inventory/'
	grep -n '#include' report/*.c report/*.h |
		grep -v '^report/embed\.c:' |
		grep -E '"aws[a-z_]*\.h"|<(curl|libxml|openssl)/' |
		sed 's/$/: reports never see the AWS layer/'
)
if [ -n "$out" ]; then
	echo "$out" | sed 's/^/lint: /'
	problems=$((problems + $(echo "$out" | wc -l)))
fi

# 3a. One ARN builder: no check or report formats "arn:aws:..." itself
#     (aws-cn and aws-us-gov ARNs would miss their waivers); check_arn()
#     and arn_format() write the scope's partition.
out=$(grep -n '"arn:aws[^"]*%' checks/*.c report/*.c src/*/*.c |
	sed 's/$/: builds an aws-partition ARN by hand (use check_arn)/')
if [ -n "$out" ]; then
	echo "$out" | sed 's/^/lint: /'
	problems=$((problems + $(echo "$out" | wc -l)))
fi

# 3b. ...and transitively: every check compiles with only the base layer,
#     the inventory's public header (inv.h, datasets.def) and the core's
#     findings/params/attestation headers on the include path.
CC=${CC:-cc}
if command -v "$CC" >/dev/null 2>&1; then
	inc=$(mktemp -d)
	for h in src/base/*.h src/inventory/inv.h src/inventory/datasets.def \
		src/core/findings.h src/core/params.h src/core/attestation.h; do
		ln -s "$PWD/$h" "$inc/"
	done
	for f in checks/*.c; do
		"$CC" -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
			-fsyntax-only -I"$inc" -Ichecks "$f" >"$inc/out" 2>&1 ||
			say "$f: does not compile with only the check API on the include path: $(grep -m1 error "$inc/out")"
	done
	rm -rf "$inc"
fi

# 4. Each library stays in its layer.
only_in() { # pattern allowed-path-regex
	grep -rln "$1" src checks report | grep -Ev "$2" |
		while IFS= read -r f; do echo "lint: $f: includes $1 outside $2"; done
}
out=$(
	only_in '<curl/' '^src/(aws/|core/main\.c)'
	only_in '<libxml/' '^src/(aws/|inventory/inv_pager\.c|core/main\.c)'
	only_in '<csv\.h>' '^(src/inventory/iam_credreport\.c|report/csv\.c)'
	# the history store's databases behind src/core/history_db.h
	only_in '<sqlite3\.h>\|<libpq-fe\.h>' '^src/core/history_db\.c'
	# one SHA-256 helper (src/base/sha256.h), no twins
	only_in 'EVP_Digest(\|[^_]SHA256(' '^(src/base/sha256\.c|src/aws/creds_sso\.c|report/embed\.c)'
)
if [ -n "$out" ]; then
	echo "$out"
	problems=$((problems + $(echo "$out" | wc -l)))
fi

# 5. Files a reader can hold: no production .c file over 800 lines, no
#    function over 100 unless the comment right above it says why, with
#    the words "than ~100 lines" (a table of cases, a string constant).
prod=$(for f in src/*/*.c checks/*.c report/*.c; do
	[ "$f" = report/embed.c ] || echo "$f" # a build tool, not irready
done)
out=$(
	# shellcheck disable=SC2016,SC2086
	awk '
		FNR == 1 { fn = ""; why = 0; cend = -1 }
		/\/\*/ { incom = 1; cwhy = 0 }
		incom && tolower($0) ~ /than ~100 lines/ { cwhy = 1 }
		incom && /\*\// { incom = 0; cend = FNR; lastwhy = cwhy }
		/^[a-z].*\(/ && !/;$/ && fn == "" {
			fn = $0; start = FNR; why = (cend == FNR - 1) && lastwhy
		}
		/^}/ && fn != "" {
			if (FNR - start > 100 && !why)
				printf "%s:%d: function of %d lines (over 100, and no comment saying why): %s\n",
					FILENAME, start, FNR - start, substr(fn, 1, 50)
			fn = ""
		}
		' $prod
	# shellcheck disable=SC2086
	wc -l $prod | awk '$2 != "total" && $1 > 800 {
			printf "%s: %d lines (over 800: split it by concern)\n", $2, $1 }'
)
if [ -n "$out" ]; then
	echo "$out" | sed 's/^/lint: /'
	problems=$((problems + $(echo "$out" | wc -l)))
fi

if [ "$problems" -gt 0 ]; then
	echo "lint: $problems problem(s)"
	exit 1
fi
echo "lint: clean"
