#!/usr/bin/python3
"""t_ocsf.py -- --format ocsf and ocsf-ndjson validate against OCSF 1.3.0.

Runs irready over every fixture scenario (and the neglected one with
waivers, tests/interchange_runs.py) with --format ocsf,ocsf-ndjson and
checks every Detection Finding against the vendored schema
(tests/vendor/ocsf, validator tests/ocsf_schema.py): required attributes,
types, enums, siblings, profiles, classification. Also: the NDJSON file
holds the same objects as the array, one per finding in findings.json
(same finding_info.uid), and irready's statuses map as README "OCSF" says.
Finally the validator itself must reject broken events, so a validator
that accepts everything fails here. TAP output; stdlib only.
"""
import copy
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interchange_runs as ir  # noqa: E402
import ocsf_schema  # noqa: E402

CLASS = "detection_finding"
# irready status -> (status_id, unmapped.compliance.status_id); README "OCSF"
MAPPING = {
    "PASS": (1, 1), "FAIL": (1, 3), "ERROR": (1, 2), "MANUAL": (1, 2),
    "NOT_APPLICABLE": (1, 99), "WAIVED": (3, None),
}
SEVERITY = {"critical": 5, "high": 4, "medium": 3, "low": 2, "info": 1}


def main():
    t = ir.Tap()
    schema = ocsf_schema.Schema(os.path.join(ir.ROOT, "tests", "vendor", "ocsf"))
    t.ok(schema.version == "1.3.0", "vendored schema is OCSF 1.3.0")
    seen = set()
    sample = None
    with ir.tmpdir() as tmp:
        for label, out, rc, err in ir.runs("ocsf,ocsf-ndjson,json", tmp):
            if not t.ok(rc in (0, 1), "%s: audit ran (exit %d)" % (label, rc),
                        err.splitlines()):
                continue
            with open(os.path.join(out, "findings.ocsf.json"), encoding="utf-8") as fh:
                events = json.load(fh)
            with open(os.path.join(out, "findings.ocsf.ndjson"), encoding="utf-8") as fh:
                lines = [json.loads(line) for line in fh if line.strip()]
            with open(os.path.join(out, "findings.json"), encoding="utf-8") as fh:
                findings = json.load(fh)["findings"]
            t.ok(len(events) == len(findings) and len(events) > 0,
                 "%s: one event per finding (%d events, %d findings)"
                 % (label, len(events), len(findings)))
            t.ok(lines == events, "%s: ndjson holds the array's events, in order" % label)
            errs = []
            for ev in events:
                for e in schema.validate_event(ev, CLASS):
                    errs.append("%s: %s" % (ev.get("finding_info", {}).get("uid"), e))
            t.ok(not errs, "%s: %d events valid against OCSF %s %s"
                 % (label, len(events), schema.version, CLASS), errs)
            bad = []
            for ev, f in zip(events, findings):
                st = f["status"]
                seen.add(st)
                want_sid, want_cid = MAPPING[st]
                comp = ev["unmapped"]["compliance"]
                if want_cid is None:
                    want_cid = MAPPING[f["verdict"]][1]
                got = (ev["finding_info"]["uid"], ev["status_code"], ev["status_id"],
                       comp["status_id"], ev["severity_id"],
                       ev["cloud"]["account"]["uid"], ev["metadata"]["event_code"])
                want = (f["finding_id"], st, want_sid, want_cid,
                        SEVERITY[f["severity"]], f["account_id"], f["check_id"])
                if got != want:
                    bad.append("%s: got %s, want %s" % (f["finding_id"], got, want))
                if f["resource_id"] and ev["resources"][0]["uid"] != f["resource_id"]:
                    bad.append("%s: resource %s" % (f["finding_id"], ev["resources"][0]))
                if st == "WAIVED" and ev["status_detail"] != f["waiver"]:
                    bad.append("%s: waiver not in status_detail" % f["finding_id"])
                if sample is None and st == "FAIL" and f["frameworks"]:
                    sample = ev
            t.ok(not bad, "%s: statuses, severities, ids map as documented" % label, bad)
    t.ok(seen >= set(MAPPING), "every status is covered by the scenarios (seen %s)"
         % sorted(seen))

    # the validator must catch what it claims to catch
    if t.ok(sample is not None, "a FAIL event with frameworks to mutate"):
        def broken(fn):
            ev = copy.deepcopy(sample)
            fn(ev)
            return schema.validate_event(ev, CLASS)
        cases = [
            ("missing finding_info.uid", lambda e: e["finding_info"].pop("uid")),
            ("missing metadata.product", lambda e: e["metadata"].pop("product")),
            ("severity_id out of enum", lambda e: e.update(severity_id=7)),
            ("status caption mismatch", lambda e: e.update(status="Resolved")),
            ("string for a timestamp", lambda e: e.update(time="2026-11-28")),
            ("unknown attribute", lambda e: e.update(compliance={"standards": ["x"]})),
            ("wrong type_uid", lambda e: e.update(type_uid=200301)),
            ("wrong class_uid", lambda e: e.update(class_uid=2003)),
            ("cloud profile not applied", lambda e: e["metadata"].update(profiles=[])),
            ("array expected", lambda e: e.update(resources=e["resources"][0])),
            ("wrong metadata.version", lambda e: e["metadata"].update(version="1.2.0")),
            ("resource without uid or name", lambda e: e["resources"][0].pop("uid")),
        ]
        for name, fn in cases:
            errs = broken(fn)
            t.ok(errs, "validator rejects: %s (%s)" % (name, errs[:1]))
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
