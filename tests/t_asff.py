#!/usr/bin/python3
"""t_asff.py -- --format asff is what securityhub:BatchImportFindings takes.

Runs irready over every fixture scenario (and the neglected one with
waivers, tests/interchange_runs.py) with --format asff,json and checks
findings.asff.json:

  * every finding, in batches of 100 as BatchImportFindings sends them,
    passes botocore's ParamValidator for the operation's input shape
    (Debian python3-botocore's securityhub model);
  * what ParamValidator does not check: enum values and patterns of the
    model, walked recursively, and the documented ASFF limits (Title 256,
    Description 1024, Recommendation.Text 512, Id/GeneratorId 512,
    ProductFields 50 pairs of 128/2048, RelatedRequirements 32,
    Resources 32, Types 50), ISO-8601 times, ProductArn's form;
  * the mapping (README "ASFF") against findings.json: Id, account,
    Compliance.Status, Workflow.Status, Severity, resource.
Validating broken findings must fail, so a validator that accepts
everything fails here. TAP output.
"""
import copy
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interchange_runs as ir  # noqa: E402

COMPLIANCE = {"PASS": "PASSED", "FAIL": "FAILED", "ERROR": "NOT_AVAILABLE",
              "MANUAL": "WARNING", "NOT_APPLICABLE": "NOT_AVAILABLE"}
WORKFLOW = {"PASS": "RESOLVED", "WAIVED": "SUPPRESSED"}
LABEL = {"critical": "CRITICAL", "high": "HIGH", "medium": "MEDIUM",
         "low": "LOW", "info": "INFORMATIONAL"}
TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
LIMITS = [(("Title",), 256), (("Description",), 1024), (("Id",), 512),
          (("GeneratorId",), 512), (("Remediation", "Recommendation", "Text"), 512)]


def model():
    import botocore.session
    from botocore.validate import ParamValidator
    s = botocore.session.get_session()
    op = s.get_service_model("securityhub").operation_model("BatchImportFindings")
    return op.input_shape, ParamValidator()


def walk(value, shape, path, errs):
    """Enums and patterns of the model, which ParamValidator skips."""
    t = shape.type_name
    if t == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                walk(v, shape.members[k], "%s.%s" % (path, k), errs)
    elif t == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            walk(v, shape.member, "%s[%d]" % (path, i), errs)
    elif t == "map" and isinstance(value, dict):
        for k, v in value.items():
            walk(v, shape.value, "%s[%s]" % (path, k), errs)
    elif t == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            errs.append("%s: %r not in %s" % (path, value, shape.enum))
        pat = shape.metadata.get("pattern")
        if pat and not re.match(pat, value, re.S):
            errs.append("%s: %r does not match %s" % (path, value, pat))


def check_finding(f, shape, errs):
    walk(f, shape, f.get("Id", "?"), errs)
    for keys, limit in LIMITS:
        v = f
        for k in keys:
            v = v.get(k) if isinstance(v, dict) else None
        if v is not None and len(v) > limit:
            errs.append("%s: %s is %d characters (max %d)" % (f["Id"], ".".join(keys), len(v), limit))
    pf = f.get("ProductFields", {})
    if len(pf) > 50 or any(len(k) > 128 or len(v) > 2048 for k, v in pf.items()):
        errs.append("%s: ProductFields over the limits" % f["Id"])
    if len(f.get("Compliance", {}).get("RelatedRequirements", [])) > 32:
        errs.append("%s: more than 32 RelatedRequirements" % f["Id"])
    if not 1 <= len(f.get("Resources", [])) <= 32 or len(f.get("Types", [])) > 50:
        errs.append("%s: Resources/Types count" % f["Id"])
    for k in ("CreatedAt", "UpdatedAt"):
        if not TIME_RE.match(f.get(k, "")):
            errs.append("%s: %s %r is not ISO-8601 UTC" % (f["Id"], k, f.get(k)))
    m = re.match(r"^arn:(aws|aws-cn|aws-us-gov):securityhub:([a-z0-9-]+):(\d{12}):product/(\d{12})/default$",
                 f.get("ProductArn", ""))
    if not m or m.group(2) != f.get("Region") or m.group(3) != f["AwsAccountId"]:
        errs.append("%s: ProductArn %r" % (f["Id"], f.get("ProductArn")))


def validate(findings, shape, pv):
    errs = []
    for i in range(0, len(findings), 100):
        batch = {"Findings": findings[i:i + 100]}
        report = pv.validate(batch, shape)
        if report.has_errors():
            errs.extend(report.generate_report().splitlines())
    fshape = shape.members["Findings"].member
    for f in findings:
        check_finding(f, fshape, errs)
    return errs


def main():
    t = ir.Tap()
    try:
        shape, pv = model()
    except Exception as e:  # noqa: BLE001
        print("1..0 # SKIP botocore's securityhub model: %s" % e)
        return 0
    sample = None
    seen = set()
    with ir.tmpdir() as tmp:
        for label, out, rc, err in ir.runs("asff,json", tmp):
            if not t.ok(rc in (0, 1), "%s: audit ran (exit %d)" % (label, rc), err.splitlines()):
                continue
            with open(os.path.join(out, "findings.asff.json"), encoding="utf-8") as fh:
                asff = json.load(fh)
            with open(os.path.join(out, "findings.json"), encoding="utf-8") as fh:
                fj = json.load(fh)["findings"]
            t.ok(len(asff) == len(fj) and asff, "%s: one ASFF finding per finding (%d)" % (label, len(fj)))
            errs = validate(asff, shape, pv)
            t.ok(not errs, "%s: %d findings valid for BatchImportFindings" % (label, len(asff)), errs)
            t.ok(len({a["Id"] for a in asff}) == len(asff), "%s: Ids are unique" % label)
            bad = []
            for a, f in zip(asff, fj):
                st = f["status"]
                seen.add(st)
                comp = COMPLIANCE[f["verdict"] if st == "WAIVED" else st]
                got = (a["Id"], a["AwsAccountId"], a["Compliance"]["Status"],
                       a["Workflow"]["Status"], a["Severity"]["Label"],
                       a["Resources"][0]["Id"], a["ProductFields"]["irready/status"])
                want = ("irready/%s/%s" % (f["check_id"], f["finding_id"]), f["account_id"],
                        comp, WORKFLOW.get(st, "NEW"),
                        "INFORMATIONAL" if st == "PASS" else LABEL[f["severity"]],
                        f["resource_id"] or f["account_id"], st)
                if got != want:
                    bad.append("got %s want %s" % (got, want))
                if f["region"] != "global" and a["Region"] != f["region"]:
                    bad.append("%s: Region %s" % (a["Id"], a["Region"]))
                if sample is None and len(a["Description"]) > 20:
                    sample = a
            t.ok(not bad, "%s: mapping as documented" % label, bad)
    t.ok(seen >= set(COMPLIANCE) | {"WAIVED"}, "every status covered (%s)" % sorted(seen))
    if t.ok(sample is not None, "a finding to break"):
        cases = [
            ("missing Title", lambda f: f.pop("Title")),
            ("bad Compliance.Status", lambda f: f["Compliance"].update(Status="OK")),
            ("bad Severity.Label", lambda f: f["Severity"].update(Label="SEVERE")),
            ("Resources not a list", lambda f: f.update(Resources={"Type": "Other", "Id": "x"})),
            ("blank Description", lambda f: f.update(Description="   ")),
            ("Title over 256", lambda f: f.update(Title="x" * 257)),
            ("bad Partition", lambda f: f["Resources"][0].update(Partition="aws-mars")),
            ("unknown member", lambda f: f.update(Colour="red")),
        ]
        for name, fn in cases:
            b = copy.deepcopy(sample)
            fn(b)
            t.ok(validate([b], shape, pv), "rejects: %s" % name)
        t.ok(pv.validate({"Findings": []}, shape).has_errors(),
             "an empty batch is rejected (min 1)")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
