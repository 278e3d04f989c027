#!/usr/bin/python3
"""t_diff_scope.py -- irready diff compares what both runs looked at (issue 11)

Three audits of the same recording against a full one, as in the issue:
  --checks logs_retention  was "114 resolved", score 9.0 -> 33.3, exit 0
  --regions eu-west-1      was "52 resolved"
  another account          was "116 resolved"
A finding absent from NEW because NEW did not cover its check, account or
region is "not assessed", never "resolved"; the summary prints both scopes;
the score change covers the common scope only; different accounts or
policy digests are warned about. Exit codes stay: 1 only for a new
failure or a regression. TAP output. Env O: the build directory.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

O = os.environ.get("O", "build")
IRREADY = os.path.join(O, "irready")
NOW = "2026-11-28T00:00:00Z"
n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond:
        failed += 1
        for line in (diag or "").splitlines()[:20]:
            print("#   " + line)
    sys.stdout.flush()


def audit(out, fixture, *args):
    p = subprocess.run([IRREADY, "audit", "--replay", fixture, "--now", NOW,
                        "--output-dir", out, "--format", "json", "--quiet"]
                       + list(args), capture_output=True, text=True,
                       timeout=300)
    return p


def diff(tmp, old, new, name):
    out = os.path.join(tmp, "diff-" + name)
    p = subprocess.run([IRREADY, "diff", old, new, "--output-dir", out],
                       capture_output=True, text=True, timeout=300)
    with open(os.path.join(out, "diff.json")) as f:
        j = json.load(f)
    return p, j


def main():
    if not os.access(IRREADY, os.X_OK):
        print("1..0 # SKIP %s not built" % IRREADY)
        return 0
    tmp = tempfile.mkdtemp(prefix="irready-diffscope-")
    full = os.path.join(tmp, "full")
    p = audit(full, "fixtures/neglected")
    ok(p.returncode in (0, 1), "full audit of fixtures/neglected", p.stderr)
    with open(os.path.join(full, "findings.json")) as f:
        fj = json.load(f)
    ok(len(fj["run"].get("checks", [])) == 70 and fj["run"]["accounts"]
       and fj["run"]["regions"] and fj["run"]["policy"]["digest"],
       "findings.json records the scope: accounts, regions, checks, "
       "policy digest")

    # 1. --checks subset
    one = os.path.join(tmp, "one")
    audit(one, "fixtures/neglected", "--checks", "logs_retention")
    p, j = diff(tmp, full, one, "checks")
    c = j["counts"]
    ok(c["resolved"] == 0 and c["not assessed"] > 100,
       "--checks subset: nothing resolved, the other checks not assessed "
       "(%d)" % c["not assessed"], json.dumps(c))
    ch = j["score_change"]["overall"]
    ok(ch["old"] is not None and abs(ch["old"] - ch["new"]) < 0.01,
       "--checks subset: the score change covers logs_retention only "
       "(%s -> %s)" % (ch["old"], ch["new"]), json.dumps(ch))
    ok(p.returncode == 0, "--checks subset: exit 0 (no new failure)",
       p.stdout + p.stderr)
    ok("old: 1 account, 2 regions, 70 checks" in p.stdout and
       "new: 1 account, 2 regions, 1 check" in p.stdout and
       "the scopes differ" in p.stdout,
       "--checks subset: the summary prints both scopes", p.stdout)
    ok(j["same_scope"] is False and j["new"]["scope"]["checks"] ==
       ["logs_retention"], "--checks subset: diff.json carries the scopes")

    # 2. --regions subset
    eu = os.path.join(tmp, "eu")
    audit(eu, "fixtures/neglected", "--regions", "eu-west-1")
    p, j = diff(tmp, full, eu, "regions")
    c = j["counts"]
    # a us-east-1 resource that NEW still saw through account-wide data
    # (a trail, whose findings carry its home region) is compared; the
    # rest of us-east-1 is not assessed, and nothing is resolved
    us = [r for r in j["findings"] if r["region"] == "us-east-1"]
    us_gone = [r for r in us if r["class"] != "still failing"]
    seen = [r for r in us if r["class"] == "still failing"]
    ok(c["resolved"] == 0 and us_gone and
       all(r["class"] == "not assessed" for r in us_gone) and
       all(r["check_id"].startswith("cloudtrail_") for r in seen),
       "--regions subset: us-east-1 findings are not assessed, none "
       "resolved (%d)" % len(us_gone), json.dumps(c))
    ok(c["new failure"] == 0 and c["regressed"] == 0 and p.returncode == 0,
       "--regions subset: account-wide verdicts over other regions are not "
       "new failures (exit %d)" % p.returncode, json.dumps(c))
    ch = j["score_change"]["overall"]
    ok(ch["change"] is not None and abs(ch["change"]) < 0.01,
       "--regions subset: same data in the common scope, no score change "
       "(%s)" % ch["change"], json.dumps(ch))

    # 3. different accounts
    wp = os.path.join(tmp, "wp")
    audit(wp, "fixtures/well-prepared")
    p, j = diff(tmp, full, wp, "accounts")
    c = j["counts"]
    ok(c["resolved"] == 0 and c["new failure"] == 0 and
       c["not assessed"] == len(j["findings"]),
       "different accounts: every finding not assessed (%d), none resolved"
       % c["not assessed"], json.dumps(c))
    ok("audited different accounts" in p.stderr,
       "different accounts: a warning says so", p.stderr)
    ok(j["score_change"]["overall"]["change"] is None,
       "different accounts: no common scope, no score change")

    # same scope: nothing changes, stored scores compared
    again = os.path.join(tmp, "again")
    audit(again, "fixtures/neglected")
    p, j = diff(tmp, full, again, "same")
    ok(j["same_scope"] is True and j["counts"]["not assessed"] == 0 and
       "scopes differ" not in p.stdout and p.returncode == 0,
       "same scope: no finding out of scope, exit 0", p.stdout)

    # different policies are warned about
    pol = os.path.join(tmp, "post")
    audit(pol, "fixtures/neglected", "--policy", "post-incident")
    p, j = diff(tmp, full, pol, "policy")
    ok("different policies" in p.stderr,
       "different policy digests: a warning says so", p.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
