#!/bin/sh
# t_html_browser.sh -- load report.html in headless Chromium and check it
#
# Generates a 100,000-finding report and a 60-finding one with
# $O/tests/tools/gen_report, then drives Debian's Chromium over the
# DevTools protocol (tests/browser/html_check.py, python3 stdlib only):
# no console errors, no network requests, filtering, search, paging,
# sorting, hostile names rendered as text, no dialogs, the no-JavaScript
# fallback; on a replay audit of fixtures/neglected: the "what to fix
# first" view, filter counts that follow the other filters, CLI fixes
# filled in, a readable colour per grade; diff.html of neglected ->
# well-prepared: filters, counts, search, sort. Screenshots go to
# tests/out/html/. Skips without Chromium.
O=${O:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
OUT=tests/out/html
GEN=$O/tests/tools/gen_report

if ! [ -x "$CHROMIUM" ]; then
	echo "1..0 # SKIP $CHROMIUM not installed (Debian package chromium; make check installs it)"
	exit 0
fi
if ! [ -x "$PYTHON" ]; then
	echo "1..0 # SKIP $PYTHON not installed (Debian package python3; make check installs it)"
	exit 0
fi

n=0
failed=0
tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

rm -rf "$OUT"
mkdir -p "$OUT"
if ! [ -x "$GEN" ]; then
	tap 1 "$GEN is built (make $GEN)"
	echo "1..$n"
	exit 1
fi
"$GEN" "$OUT/big" 100000 >"$OUT/gen.log" 2>&1
tap $? "gen_report writes a 100000-finding report"
"$GEN" "$OUT/small" 60 >>"$OUT/gen.log" 2>&1
tap $? "gen_report writes a 60-finding report"
if ! [ -s "$OUT/big/report.html" ] || ! [ -s "$OUT/small/report.html" ]; then
	sed 's/^/# /' "$OUT/gen.log"
	echo "1..$n"
	exit 1
fi
echo "# report.html size at 100000 findings: $(wc -c <"$OUT/big/report.html") bytes"

# Static checks on the file: hostile names only ever appear escaped, and
# nothing is loaded from elsewhere.
big=$OUT/big/report.html
raw=0
for s in '<img src=x' '</script><script>alert' '<!--<script>'; do
	grep -q -F "$s" "$big" && raw=1
done
grep -q -F '&lt;img src=x onerror=alert(1)&gt;' "$big" || raw=1
tap $raw "hostile names are escaped in the HTML and the JSON block"
grep -q -i -E '(src|href|action)="?(https?:)?//|@import|url\(' "$big"
[ $? -eq 1 ]
tap $? "no external references (src/href URLs, @import, url())"

# The driver's TAP goes to a private file: two runs in one tree must not
# read each other's results.
tapf=$(mktemp) || exit 1
trap 'rm -f "$tapf"' EXIT
# a real audit's report: the fix-first view, counts, filled-in fixes
"$O/irready" audit --replay fixtures/neglected --format html,json --quiet \
	--output-dir "$OUT/neglected" >"$OUT/neglected.log" 2>&1
[ -s "$OUT/neglected/report.html" ]
tap $? "a replay audit of fixtures/neglected writes report.html" "$OUT/neglected.log"
"$O/irready" audit --replay fixtures/well-prepared --format json --quiet \
	--output-dir "$OUT/prepared" >>"$OUT/neglected.log" 2>&1
"$O/irready" diff --quiet --output-dir "$OUT/diff" "$OUT/neglected" \
	"$OUT/prepared" >>"$OUT/neglected.log" 2>&1
[ -s "$OUT/diff/diff.html" ]
tap $? "irready diff of neglected -> well-prepared writes diff.html"
"$PYTHON" tests/browser/html_check.py "$CHROMIUM" "$OUT/big/report.html" \
	"$OUT/small/report.html" "$OUT" $((n + 1)) \
	"$OUT/neglected/report.html" "$OUT/diff/diff.html" >"$tapf" 2>&1
rc=$?
cat "$tapf"
n=$((n + $(grep -c -E '^(not )?ok ' "$tapf")))
if grep -q '^not ok ' "$tapf"; then
	failed=$((failed + 1))
elif [ "$rc" -ne 0 ]; then
	tap 1 "browser driver exited with status $rc"
elif ! grep -q '^# done$' "$tapf"; then
	tap 1 "browser driver ran to the end"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
