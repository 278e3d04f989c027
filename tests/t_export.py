#!/usr/bin/python3
"""t_export.py -- `irready export security-hub` against the local endpoint.

tests/aws_endpoint.py (in this process) answers securityhub:
BatchImportFindings through tests/aws_endpoint_securityhub.py: it verifies
every signature, validates every body with botocore's ParamValidator
against the operation's model (plus enums/patterns), checks each finding's
account and ProductArn, and can fail findings on demand
(IRREADY_TEST_SH_FAIL, IRREADY_TEST_SH_TRANSIENT). Checked here: every
finding of an audit is imported once, at most 100 per call, in its
account and region (global ones in --region); permanent partial failures
are reported per finding and exit 1; transient ones are retried; a
finding of another account is refused per finding; throttling is retried
by the transport; usage and input errors; the audit's read-only policy
does not grant the export and `iam-policy --export` grants only it. TAP.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import aws_endpoint as ae
    import interchange_runs as ir
except ImportError as e:
    print("1..0 # SKIP aws_endpoint needs Debian's python3-botocore (%s)" % e)
    sys.exit(0)

NOW = "2026-11-28T00:00:00Z"
SCENARIO = "fixtures/neglected"


def env(tmp):
    return {"PATH": "/usr/bin:/bin", "HOME": tmp, "LANG": "C.UTF-8", "TZ": "UTC",
            "AWS_ACCESS_KEY_ID": ae.DEFAULT_AKID,
            "AWS_SECRET_ACCESS_KEY": ae.DEFAULT_SECRET,
            "AWS_CONFIG_FILE": os.path.join(tmp, "none", "config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(tmp, "none", "creds"),
            "AWS_EC2_METADATA_DISABLED": "true", "NO_COLOR": "1",
            "IRREADY_RETRY_BASE_MS": "1"}


def export(tmp, port, src, *extra, environ=None):
    e = env(tmp)
    e.update(environ or {})
    return subprocess.run([ir.BIN, "export", "security-hub", "--endpoint-url",
                           "http://127.0.0.1:%d" % port, "--region", "us-east-1"]
                          + list(extra) + [src], capture_output=True, text=True,
                          env=e, cwd=ir.ROOT, timeout=300)


def calls(log):
    return [r for r in ae.read_log(log) if r.get("action") == "BatchImportFindings"]


def main():
    t = ir.Tap()
    tmp = tempfile.mkdtemp(prefix="irready-export.")
    audit = os.path.join(tmp, "audit")
    p = subprocess.run([ir.BIN, "audit", "--replay", SCENARIO, "--now", NOW,
                        "--format", "json", "--output-dir", audit, "--quiet"],
                       capture_output=True, text=True, cwd=ir.ROOT)
    t.ok(p.returncode in (0, 1), "audit of %s for the export" % SCENARIO)
    with open(os.path.join(audit, "findings.json")) as fh:
        fj = json.load(fh)
    findings = fj["findings"]
    want_ids = {"irready/%s/%s" % (f["check_id"], f["finding_id"]) for f in findings}
    groups = collections.Counter(
        (f["account_id"], "us-east-1" if f["region"] == "global" else f["region"])
        for f in findings)
    want_calls = sum((n + 99) // 100 for n in groups.values())

    # 1. everything imported
    port, stop, log = ae.start(SCENARIO, quiet=True, log=os.path.join(tmp, "1.jsonl"))
    try:
        r = export(tmp, port, audit)
    finally:
        stop()
    cs = calls(log)
    imported = [i for c in cs for i in c.get("imported") or []]
    t.ok(r.returncode == 0, "export exits 0 (%d: %s)" % (r.returncode, r.stderr.strip()))
    t.ok(cs and all(c["signature_ok"] and c["status"] == 200 for c in cs),
         "every call signed (verified by botocore) and answered 200")
    t.ok(sorted(imported) == sorted(want_ids),
         "every finding imported exactly once (%d)" % len(want_ids))
    t.ok(len(cs) == want_calls and all(len(c["imported"]) <= 100 for c in cs),
         "%d calls of at most 100 findings, one (account, region) each"
         % want_calls)
    t.ok(collections.Counter(c["region"] for c in cs) ==
         collections.Counter(r for (a, r), n in groups.items()
                             for _ in range((n + 99) // 100)),
         "global findings go to --region, the others to their region")
    t.ok("%d of %d findings imported, 0 failed" % (len(want_ids), len(want_ids))
         in r.stdout, "summary: %s" % r.stdout.strip())

    # 2. partial failures: permanent ones reported per finding, transient retried
    perm = sorted(want_ids)[:3]
    trans = sorted(want_ids)[3:8]
    os.environ["IRREADY_TEST_SH_FAIL"] = "|".join(re.escape(i) + "$" for i in perm)
    os.environ["IRREADY_TEST_SH_TRANSIENT"] = "|".join(re.escape(i) + "$" for i in trans)
    port, stop, log = ae.start(SCENARIO, quiet=True, log=os.path.join(tmp, "2.jsonl"))
    try:
        r = export(tmp, port, audit)
    finally:
        stop()
        del os.environ["IRREADY_TEST_SH_FAIL"]
        del os.environ["IRREADY_TEST_SH_TRANSIENT"]
    cs = calls(log)
    imported = [i for c in cs for i in c.get("imported") or []]
    failed = [tuple(x) for c in cs for x in c.get("failed") or []]
    t.ok(r.returncode == 1, "a partial failure exits 1 (%d)" % r.returncode)
    t.ok(all("finding %s was not imported: InvalidInput: rejected by the test" % i
             in r.stderr for i in perm),
         "each permanently failed finding is named with its error", r.stderr.splitlines())
    t.ok(sorted(imported) == sorted(want_ids - set(perm)),
         "the transient failures were sent again and imported")
    t.ok(collections.Counter(i for i, code in failed if code == "InternalException")
         == collections.Counter(trans),
         "each transient failure failed once")
    t.ok("%d of %d findings imported, 3 failed" % (len(want_ids) - 3, len(want_ids))
         in r.stdout, "summary counts the failures: %s" % r.stdout.strip())

    # 3. a finding of another account is refused per finding
    other = os.path.join(tmp, "other")
    os.makedirs(other)
    fj2 = json.loads(json.dumps(fj))
    fj2["findings"][0]["account_id"] = "999988887777"
    with open(os.path.join(other, "findings.json"), "w") as fh:
        json.dump(fj2, fh)
    port, stop, log = ae.start(SCENARIO, quiet=True, log=os.path.join(tmp, "3.jsonl"))
    try:
        r = export(tmp, port, other)
    finally:
        stop()
    t.ok(r.returncode == 1 and "AccessDeniedException" in r.stderr and
         fj2["findings"][0]["finding_id"] in r.stderr,
         "another account's finding is refused and named (%d)" % r.returncode,
         r.stderr.splitlines())

    # 4. throttling: the transport retries
    port, stop, log = ae.start(SCENARIO, quiet=True, throttle=0.5, max_fault_streak=2,
                               log=os.path.join(tmp, "4.jsonl"))
    try:
        r = export(tmp, port, audit)
    finally:
        stop()
    cs = calls(log)
    t.ok(r.returncode == 0 and any(c.get("fault") == "throttle" for c in cs) and
         sorted(i for c in cs for i in c.get("imported") or []) == sorted(want_ids),
         "throttled calls are retried and everything is imported (%d, %d calls)"
         % (r.returncode, len(cs)))

    # 5. the endpoint's validation itself rejects a bad body
    import botocore.session
    from botocore.config import Config
    import botocore.exceptions
    port, stop, log = ae.start(SCENARIO, quiet=True, log=os.path.join(tmp, "5.jsonl"))
    try:
        cl = botocore.session.get_session().create_client(
            "securityhub", region_name="us-east-1",
            endpoint_url="http://127.0.0.1:%d" % port,
            aws_access_key_id=ae.DEFAULT_AKID, aws_secret_access_key=ae.DEFAULT_SECRET,
            config=Config(parameter_validation=False, retries={"max_attempts": 1}))
        code = None
        try:
            cl.batch_import_findings(Findings=[{"Id": "x", "Title": "no account"}])
        except botocore.exceptions.ClientError as e:
            code = e.response["Error"]["Code"]
    finally:
        stop()
    t.ok(code == "InvalidInputException",
         "the endpoint rejects a body botocore's model refuses (%s)" % code)

    # 6. usage and input errors
    r = subprocess.run([ir.BIN, "export"], capture_output=True, text=True)
    t.ok(r.returncode == 2, "'export' without a target: usage (2)")
    r = subprocess.run([ir.BIN, "export", "security-hub"], capture_output=True, text=True)
    t.ok(r.returncode == 2, "'export security-hub' without DIR: usage (2)")
    r = export(tmp, 9, os.path.join(tmp, "nonexistent"))
    t.ok(r.returncode == 3 and "cannot read" in r.stderr,
         "an unreadable DIR: exit 3 (%d: %s)" % (r.returncode, r.stderr.strip()))
    e = env(tmp)
    del e["AWS_ACCESS_KEY_ID"], e["AWS_SECRET_ACCESS_KEY"]
    r = subprocess.run([ir.BIN, "export", "security-hub", "--endpoint-url",
                        "http://127.0.0.1:9", audit], capture_output=True,
                       text=True, env=e)
    t.ok(r.returncode == 3 and "no usable AWS credentials" in r.stderr,
         "no credentials: exit 3 (%d)" % r.returncode)

    # 7. the policies: the audit's does not grant the export
    r = subprocess.run([ir.BIN, "iam-policy"], capture_output=True, text=True)
    audit_pol = json.loads(r.stdout)
    acts = [a for s in audit_pol["Statement"] for a in s["Action"]]
    t.ok("securityhub:BatchImportFindings" not in acts,
         "irready iam-policy does not grant BatchImportFindings")
    with open(os.path.join(ir.ROOT, "policies", "iam-readonly.json")) as fh:
        t.ok("BatchImportFindings" not in fh.read(),
             "policies/iam-readonly.json does not grant it")
    r = subprocess.run([ir.BIN, "iam-policy", "--export"], capture_output=True, text=True)
    pol = json.loads(r.stdout)
    t.ok([a for s in pol["Statement"] for a in s["Action"]] ==
         ["securityhub:BatchImportFindings"],
         "iam-policy --export grants exactly securityhub:BatchImportFindings")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
