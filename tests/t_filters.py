#!/usr/bin/python3
"""t_filters.py -- --severity, --services, --exclude-checks, --list-services.

Everything is compared with what `irready checks --json` says about the
whole catalog (severity, services, iam_actions), so no check id is
hard-coded here except in the policy used to combine filters with a
policy. Covers `irready checks` and `irready audit` (neglected replay):
a single severity means at or above, a list means exactly those; a
check's services are the IAM prefixes of its iam_actions without
sts:GetCallerIdentity and ec2:DescribeRegions; filters narrow what the
policy selects and use the policy's severity overrides; the run records
them in findings.json run.selection (absent without filters); bad values
are usage errors (exit 2). TAP output.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interchange_runs as ir  # noqa: E402

ORDER = ["critical", "high", "medium", "low", "info"]
BASE = {"sts:GetCallerIdentity", "ec2:DescribeRegions"}


def irready(*args):
    p = subprocess.run([ir.BIN] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True, cwd=ir.ROOT)
    return p.returncode, p.stdout, p.stderr


def checks(*args):
    rc, out, err = irready("checks", "--json", *args)
    if rc:
        return None
    return json.loads(out)["checks"]


def main():
    t = ir.Tap()
    cat = checks()
    if not t.ok(cat, "irready checks --json lists the catalog"):
        return t.done()
    bad = [c["id"] for c in cat if c["services"] !=
           sorted({a.split(":")[0] for a in c["iam_actions"] if a not in BASE})]
    t.ok(not bad, "services = IAM prefixes of iam_actions without the base calls", bad)

    def ids(cs):
        return [c["id"] for c in cs] if cs is not None else None

    got = ids(checks("--severity", "high"))
    want = [c["id"] for c in cat if ORDER.index(c["severity"]) <= 1]
    t.ok(got == want and want, "--severity high: critical and high (%d)" % len(want))
    got = ids(checks("--severity", "low,critical"))
    want = [c["id"] for c in cat if c["severity"] in ("low", "critical")]
    t.ok(got == want and want, "--severity low,critical: exactly those (%d)" % len(want))
    got = ids(checks("--severity", "info"))
    t.ok(got == [c["id"] for c in cat], "--severity info: everything")
    got = ids(checks("--services", "kms,ec2"))
    want = [c["id"] for c in cat if {"kms", "ec2"} & set(c["services"])]
    t.ok(got == want and want, "--services kms,ec2: checks calling either (%d)" % len(want))
    got = ids(checks("--exclude-checks", "vpc_*,iam_root_protected"))
    want = [c["id"] for c in cat if not c["id"].startswith("vpc_")
            and c["id"] != "iam_root_protected"]
    t.ok(got == want and len(want) < len(cat), "--exclude-checks globs")
    got = ids(checks("--services", "iam", "--severity", "critical",
                     "--exclude-checks", "iam_unused_*", "--phase", "preparation"))
    want = [c["id"] for c in cat if "iam" in c["services"] and c["severity"] == "critical"
            and not c["id"].startswith("iam_unused_") and c["phase"] == "preparation"]
    t.ok(got == want, "filters combine with each other and --phase (%s)" % want)

    rc, out, err = irready("checks", "--list-services", "--json")
    svc = json.loads(out)["services"] if rc == 0 else []
    want = {}
    for c in cat:
        for s in c["services"]:
            want[s] = want.get(s, 0) + 1
    t.ok({s["service"]: s["checks"] for s in svc} == want and
         [s["service"] for s in svc] == sorted(want),
         "--list-services: every service with its check count (%d)" % len(want))
    rc, out, err = irready("checks", "--list-services", "--severity", "critical")
    lines = out.splitlines()[1:]
    want = {}
    for c in cat:
        if c["severity"] == "critical":
            for s in c["services"]:
                want[s] = want.get(s, 0) + 1
    t.ok(rc == 0 and {ln.split()[0]: int(ln.split()[1]) for ln in lines} == want,
         "--list-services counts only the filtered checks")

    for args, msg in [
        (["--severity", "urgent"], "unknown severity 'urgent'"),
        (["--severity", ","], "--severity takes"),
        (["--services", "ec2,lambda"], "no check calls service 'lambda'"),
        (["--exclude-checks", "nosuch_*"], "unknown check 'nosuch_*'"),
    ]:
        for cmd in (["checks"], ["audit", "--replay", "fixtures/neglected"]):
            rc, out, err = irready(*(cmd + args))
            t.ok(rc == 2 and msg in err, "%s %s: usage error (%d: %s)"
                 % (cmd[0], " ".join(args), rc, err.strip()))

    with ir.tmpdir() as tmp:
        sev_ch = [c for c in cat if c["severity"] == "low" and c["services"]][0]
        pol = {"name": "filters", "extends": "readiness",
               "checks": {"include": ["*"], "exclude": ["kms_*"]},
               "severity_overrides": {sev_ch["id"]: "critical"}}
        pf = os.path.join(tmp, "p.json")
        with open(pf, "w") as fh:
            json.dump(pol, fh)
        out = os.path.join(tmp, "out")
        rc, so, err = irready("audit", "--replay", "fixtures/neglected",
                              "--now", "2026-11-28T00:00:00Z", "--policy", pf,
                              "--severity", "critical", "--services",
                              "kms,%s" % sev_ch["services"][0],
                              "--format", "json", "--output-dir", out)
        t.ok(rc in (0, 1), "audit with a policy and filters ran (%d)" % rc, err.splitlines())
        with open(os.path.join(out, "findings.json")) as fh:
            fj = json.load(fh)
        got = [c["check_id"] for c in fj["score"]["checks"]]
        want = [c["id"] for c in cat
                if not c["id"].startswith("kms_")
                and (c["severity"] == "critical" or c["id"] == sev_ch["id"])
                and {"kms", sev_ch["services"][0]} & set(c["services"])
                and "ir_containment_drill" != c["id"]]
        t.ok(got == want and sev_ch["id"] in got,
             "audit: the policy's exclusions and severity override, then the "
             "filters (%s)" % got)
        t.ok({f["check_id"] for f in fj["findings"]} <= set(got),
             "audit: findings only of the selected checks")
        t.ok(fj["run"].get("selection") == {
            "checks": None, "phase": None, "severity": "critical",
            "services": "kms,%s" % sev_ch["services"][0], "exclude_checks": None},
            "findings.json run.selection records the filters (%s)"
            % fj["run"].get("selection"))
        rc, so, err = irready("audit", "--replay", "fixtures/neglected",
                              "--now", "2026-11-28T00:00:00Z", "--format", "json",
                              "--output-dir", out)
        with open(os.path.join(out, "findings.json")) as fh:
            fj = json.load(fh)
        t.ok("selection" not in fj["run"], "no run.selection without filters")
        rc, so, err = irready("audit", "--replay", "fixtures/neglected",
                              "--policy", pf, "--services", "kms",
                              "--format", "json", "--output-dir", out)
        t.ok(rc == 2 and "no check selected" in err,
             "filters that leave nothing selected: usage error (%d)" % rc)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
