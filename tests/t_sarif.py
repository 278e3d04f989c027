#!/usr/bin/python3
"""t_sarif.py -- --format sarif validates against the SARIF 2.1.0 schema.

Runs irready over every fixture scenario (and the neglected one with
waivers, tests/interchange_runs.py) with --format sarif,json and checks
findings.sarif against the vendored SARIF 2.1.0 JSON schema
(tests/vendor/sarif, Debian python3-jsonschema), then against
findings.json: one rule per selected check (help = remediation,
properties phase/severity/frameworks), one result per FAIL and WAIVED
finding (level from severity, logical location = the resource,
partialFingerprints = finding_id, ruleIndex pointing at its rule), WAIVED
results suppressed with the waiver as justification. The schema must also
reject a broken log, so a validator that accepts everything fails. TAP.
"""
import copy
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interchange_runs as ir  # noqa: E402

LEVEL = {"critical": "error", "high": "error", "medium": "warning",
         "low": "note", "info": "note"}


def main():
    t = ir.Tap()
    try:
        import jsonschema
    except ImportError:
        print("1..0 # SKIP python3-jsonschema is not installed (make deps)")
        return 0
    with open(os.path.join(ir.ROOT, "tests", "vendor", "sarif", "sarif-2.1.0.json"),
              encoding="utf-8") as fh:
        schema = json.load(fh)
    validator = jsonschema.Draft7Validator(schema)
    sample = None
    waived_seen = 0
    with ir.tmpdir() as tmp:
        for label, out, rc, err in ir.runs("sarif,json", tmp):
            if not t.ok(rc in (0, 1), "%s: audit ran (exit %d)" % (label, rc),
                        err.splitlines()):
                continue
            with open(os.path.join(out, "findings.sarif"), encoding="utf-8") as fh:
                log = json.load(fh)
            with open(os.path.join(out, "findings.json"), encoding="utf-8") as fh:
                fj = json.load(fh)
            errs = ["%s: %s" % ("/".join(map(str, e.absolute_path)), e.message)
                    for e in validator.iter_errors(log)]
            t.ok(not errs, "%s: valid SARIF 2.1.0" % label, errs)
            run = log["runs"][0]
            rules = run["tool"]["driver"]["rules"]
            checks = [c["check_id"] for c in fj["score"]["checks"]]
            t.ok([r["id"] for r in rules] == checks,
                 "%s: one rule per selected check (%d)" % (label, len(rules)))
            bad = []
            for r in rules:
                p = r["properties"]
                if not (p.get("phase") and p.get("severity") and
                        isinstance(p.get("frameworks"), list) and r["help"]["text"]):
                    bad.append("rule %s: %s" % (r["id"], p))
            t.ok(not bad, "%s: rules carry help, phase, severity, frameworks" % label, bad)
            want = [f for f in fj["findings"] if f["status"] in ("FAIL", "WAIVED")]
            results = run["results"]
            t.ok(len(results) == len(want),
                 "%s: one result per FAIL/WAIVED finding (%d)" % (label, len(want)))
            bad = []
            for res, f in zip(results, want):
                loc = res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                got = (res["ruleId"], rules[res["ruleIndex"]]["id"], res["level"],
                       res["partialFingerprints"]["irreadyFindingId/v1"], loc,
                       res["message"]["text"])
                exp = (f["check_id"], f["check_id"], LEVEL[f["severity"]],
                       f["finding_id"], f["resource_id"] or f["account_id"],
                       f["message"])
                if got != exp:
                    bad.append("got %s want %s" % (got, exp))
                sup = res.get("suppressions")
                if f["status"] == "WAIVED":
                    waived_seen += 1
                    if not sup or sup[0]["justification"] != f["waiver"] or \
                            sup[0]["status"] != "accepted":
                        bad.append("%s: waiver not a suppression: %s" % (f["finding_id"], sup))
                elif sup:
                    bad.append("%s: FAIL is suppressed" % f["finding_id"])
                if sample is None:
                    sample = log
            t.ok(not bad, "%s: results match findings.json" % label, bad)
    t.ok(waived_seen > 0, "WAIVED findings were covered (%d)" % waived_seen)
    if t.ok(sample is not None, "a log with results to break"):
        cases = [
            ("bad level", lambda l: l["runs"][0]["results"][0].update(level="fatal")),
            ("no message", lambda l: l["runs"][0]["results"][0].pop("message")),
            ("wrong version", lambda l: l.update(version="2.0.0")),
            ("rule without id", lambda l: l["runs"][0]["tool"]["driver"]["rules"][0].pop("id")),
            ("bad suppression kind", lambda l: l["runs"][0]["results"][0].update(
                suppressions=[{"kind": "waived"}])),
        ]
        for name, fn in cases:
            broken = copy.deepcopy(sample)
            fn(broken)
            t.ok(not validator.is_valid(broken), "schema rejects: %s" % name)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
