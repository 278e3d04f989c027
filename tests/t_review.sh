#!/bin/sh
# t_review.sh -- irready review end to end, and the history pages in a
# browser
#
# Two audits of the 'mixed' account five months apart (the second with a
# waiver, two attestations and one region only) into a history store;
# review --since a date and --since a run id agree; the page names the
# regression, the attestations due and missing, the waiver's owner and
# the findings the second run did not assess; hostile policy text is
# escaped. Then review.html and trend.html load in headless Chromium
# (tests/browser/page_check.py): no console errors, no requests, print
# rules, PDF. The browser part skips without Chromium.
O=${O:-build}
BIN=$O/irready
PYTHON=${PYTHON:-/usr/bin/python3}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
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
TMP=$(mktemp -d "${TMPDIR:-/tmp}/irready-review.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
H=$TMP/h.db
cat >"$TMP/pol.json" <<'JSON'
{"name": "review-test", "extends": "readiness",
 "waivers": [{"check": "iam_access_keys_rotated", "accounts": ["*"],
   "regions": ["*"], "resource": "*",
   "reason": "<img src=x onerror=alert(1)> vendor key",
   "owner": "alice@example.com", "ticket": "SEC-9", "expires": "2027-03-31"}],
 "attestations": [
   {"check": "lessons_learned_recorded", "date": "2026-11-20",
    "evidence": "https://wiki/ir/ll", "owner": "carol@example.com"},
   {"check": "ir_plan_tested", "date": "2025-01-01",
    "evidence": "https://wiki/ir/t", "owner": "dave@example.com"}]}
JSON
"$BIN" audit --replay fixtures/mixed --now 2026-06-01T00:00:00Z \
	--output-dir "$TMP/r1" --history "$H" --quiet >"$TMP/a1.out" 2>&1
tap $(($? > 1)) "baseline audit recorded" "$TMP/a1.out"
"$BIN" audit --replay fixtures/mixed --now 2026-11-28T00:00:00Z \
	--policy "$TMP/pol.json" --regions us-east-1 --fail-on critical \
	--output-dir "$TMP/r2" --history "$H" --quiet >"$TMP/a2.out" 2>&1
tap $(($? > 1)) "current audit (waiver, attestations, one region) recorded" "$TMP/a2.out"
"$BIN" review --history "$H" --since 2026-07-01 --incident-date 2026-11-25 \
	--output-dir "$TMP/rv" >"$TMP/rv.out" 2>&1
tap $? "review --since DATE --incident-date DATE" "$TMP/rv.out"
R=$TMP/rv/review.html
grep -q "^irready review: 0 regressed" "$TMP/rv.out" &&
	grep -q "not assessed" "$TMP/rv.out"
tap $? "summary: the waived key is no regression; eu-west-1 not assessed" "$TMP/rv.out"
grep -q "lessons_learned_recorded.*due: not since the incident" "$R" &&
	grep -q "ir_plan_tested.*due: attestation too old" "$R" &&
	grep -q "game_day_recent.*missing: never attested" "$R" &&
	grep -q "carol@example.com" "$R"
tap $? "attestations: due since the incident, too old, missing, with owners"
grep -q '<td>alice@example.com</td>' "$R"
tap $? "open items: the waiver's owner"
grep -q '&lt;img src=x onerror=alert(1)&gt;' "$R" && ! grep -q '<img src=x' "$R"
tap $? "policy text is escaped"
grep -q 'Not assessed in one of the runs ([1-9]' "$R" &&
	grep -q 'eu-west-1</td><td class="st"><span class="b b-FAIL"[^>]*>FAIL</span> &rarr; not assessed' "$R"
tap $? "eu-west-1 failures are 'not assessed', not resolved"
grep -q 'Resolved since the baseline (0)' "$R"
tap $? "nothing counted as resolved for lack of assessment"
run1=$(sqlite3 "$H" 'SELECT run_id FROM runs ORDER BY evaluated_at LIMIT 1')
"$BIN" review --history "$H" --since "$(echo "$run1" | cut -c1-8)" \
	--incident-date 2026-11-25 --output-dir "$TMP/rv2" --quiet >"$TMP/rv2.out" 2>&1 &&
	cmp "$R" "$TMP/rv2/review.html" >"$TMP/cmp" 2>&1
tap $? "--since RUN (an id prefix) gives the same page" "$TMP/cmp"
"$BIN" review --since 2026-07-01 --output-dir "$TMP/rv3" --quiet \
	"$TMP/r1" "$TMP/r2/findings.json" >"$TMP/rv3.out" 2>&1 &&
	grep -q 'Not assessed in one of the runs' "$TMP/rv3/review.html"
tap $? "review from findings.json files" "$TMP/rv3.out"
"$BIN" review --history "$H" --since 2026-01-01 --output-dir "$TMP/rv4" >"$TMP/rv4.out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "no run on or before 2026-01-01" "$TMP/rv4.out"
tap $? "--since before every run: usage error (exit $rc)" "$TMP/rv4.out"
"$BIN" review --history "$H" --since 2026-12-01 --output-dir "$TMP/rv4" >"$TMP/rv4.out" 2>&1
tap $(($? != 2)) "--since after the last run: nothing to review (exit 2)" "$TMP/rv4.out"
"$BIN" trend --history "$H" --output-dir "$TMP/tr" --quiet >"$TMP/tr.out" 2>&1
tap $? "trend of the same store" "$TMP/tr.out"

if [ -x "$CHROMIUM" ] && [ -x "$PYTHON" ]; then
	tapf=$TMP/browser.tap
	"$PYTHON" tests/browser/page_check.py "$CHROMIUM" "$TMP" $((n + 1)) \
		"$R" "$TMP/tr/trend.html" >"$tapf" 2>&1
	rc=$?
	cat "$tapf"
	n=$((n + $(grep -c -E '^(not )?ok ' "$tapf")))
	if grep -q '^not ok ' "$tapf"; then
		failed=$((failed + 1))
	elif [ "$rc" -ne 0 ]; then
		tap 1 "browser driver exited with status $rc"
	fi
else
	echo "# chromium or python3 missing: browser checks skipped"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
