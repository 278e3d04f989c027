#!/usr/bin/python3
# t_drill_live.py -- the containment drill tests the IR role, not the auditor
#
# Runs `irready audit --drill --checks ir_containment_drill` live (no
# --replay) against tests/aws_endpoint.py over fixtures/well-prepared, with
# the auditor's long-term test key. The endpoint answers sts:AssumeRole
# with freshly minted temporary credentials and logs, for each EC2 dry run,
# which access key signed it (tests/aws_endpoint_drill.py; a dry run signed
# by the auditor's own key is answered UnauthorizedOperation there). Checks:
#
#   * the stand-in itself: a dry run signed by the auditor's key is
#     refused, one signed by an assumed role's key is DryRunOperation (so
#     the assertions below can fail);
#   * irready assumes the IR role (its ARN from GetAccountAuthorizationDetails)
#     once, signed by the auditor, and signs ModifyInstanceAttribute,
#     CreateSnapshot and CreateTags with the IR role's key id, never the
#     auditor's, all with DryRun=true; the EC2 finding is PASS and names the
#     IR role;
#   * with the IR role's AssumeRole denied (--deny-assume), no dry run is
#     sent and the EC2 finding is ERROR ("cannot test", AccessDenied on
#     sts:AssumeRole), not FAIL;
#   * without --drill, no AssumeRole and no dry run is sent.
#
# TAP output. Run from the repository root with Debian's /usr/bin/python3
# (python3-botocore); O is the build directory (default "build").
import csv
import os
import subprocess
import sys
import tempfile

os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import botocore.exceptions
    import botocore.session
    from botocore.config import Config
    import aws_endpoint as ae
except ImportError as e:
    print("not ok 1 - import botocore / aws_endpoint (%s)" % e)
    print("1..1")
    sys.exit(1)

O = os.environ.get("O", "build")
IRREADY = os.path.join(O, "irready")
NOW = "2026-11-28T00:00:00Z"
SCENARIO = "fixtures/well-prepared"
ACCOUNT = "111122223333"
IR_ROLE = "arn:aws:iam::%s:role/IRReadOnly" % ACCOUNT
INSTANCE = "i-0a9b8c7d6e5f40312"
DRY_RUNS = {"ModifyInstanceAttribute", "CreateSnapshot", "CreateTags"}

_n = 0
_failed = 0


def ok(cond, desc, diag=None):
    global _n, _failed
    _n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", _n, desc))
    if not cond:
        _failed += 1
        for ln in str(diag or "").rstrip("\n").split("\n")[:30]:
            if ln:
                print("#   " + ln)
    sys.stdout.flush()
    return cond


def env(tmp):
    return {"PATH": "/usr/bin:/bin", "HOME": tmp, "LANG": "C.UTF-8",
            "TZ": "UTC", "AWS_ACCESS_KEY_ID": ae.DEFAULT_AKID,
            "AWS_SECRET_ACCESS_KEY": ae.DEFAULT_SECRET,
            "AWS_CONFIG_FILE": os.path.join(tmp, "none", "config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(tmp, "none", "creds"),
            "AWS_EC2_METADATA_DISABLED": "true", "NO_COLOR": "1"}


def audit(tmp, name, drill=True, **ep_opts):
    d = os.path.join(tmp, name)
    os.makedirs(d)
    log = os.path.join(d, "endpoint.jsonl")
    port, stop, _ = ae.start(SCENARIO, log=log, quiet=True, **ep_opts)
    out = os.path.join(d, "out")
    try:
        p = subprocess.run(
            [IRREADY, "audit", "--endpoint-url", "http://127.0.0.1:%d" % port,
             "--region", "us-east-1", "--now", NOW,
             "--checks", "ir_containment_drill" if drill else "iam_ir_roles",
             "--output-dir", out, "--format", "csv", "--quiet"]
            + (["--drill"] if drill else []),
            capture_output=True, text=True, env=env(d), timeout=300)
    finally:
        stop()
    path = os.path.join(out, "findings.csv")
    rows = []
    if os.path.exists(path):
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    return p, ae.read_log(log), rows


def ec2_row(rows):
    return next((r for r in rows if r.get("resource_type") ==
                 "AWS::EC2::Instance"), None)


def t_stand_in():
    """The stand-in refuses the auditor's dry runs and serves the role's."""
    log = None
    port, stop, _ = ae.start(SCENARIO, quiet=True)
    try:
        s = botocore.session.get_session()
        cfg = Config(retries={"max_attempts": 1})
        url = "http://127.0.0.1:%d" % port
        sts = s.create_client("sts", region_name="us-east-1", endpoint_url=url,
                              aws_access_key_id=ae.DEFAULT_AKID,
                              aws_secret_access_key=ae.DEFAULT_SECRET,
                              config=cfg)
        cr = sts.assume_role(RoleArn=IR_ROLE,
                             RoleSessionName="t-drill")["Credentials"]

        def dry_run(akid, secret, token):
            ec2 = s.create_client("ec2", region_name="us-east-1",
                                  endpoint_url=url, aws_access_key_id=akid,
                                  aws_secret_access_key=secret,
                                  aws_session_token=token, config=cfg)
            try:
                ec2.create_tags(DryRun=True, Resources=[INSTANCE],
                                Tags=[{"Key": "k", "Value": "v"}])
            except botocore.exceptions.ClientError as e:
                return e.response["Error"]["Code"]
            return "no error"
        ok(dry_run(ae.DEFAULT_AKID, ae.DEFAULT_SECRET, None) ==
           "UnauthorizedOperation",
           "stand-in: a dry run signed by the auditor's key is refused")
        ok(dry_run(cr["AccessKeyId"], cr["SecretAccessKey"],
                   cr["SessionToken"]) == "DryRunOperation",
           "stand-in: a dry run signed by the assumed IR role succeeds")
    finally:
        stop()
    return log


def t_drill(tmp):
    p, log, rows = audit(tmp, "drill")
    assumes = [e for e in log if e.get("action") == "AssumeRole"]
    ok(len(assumes) == 1 and assumes[0].get("resource") == IR_ROLE and
       assumes[0].get("status") == 200,
       "--drill assumes the IR role once (%s)" % IR_ROLE,
       "%r\n%s" % (assumes, p.stderr))
    minted = assumes[0]["assume"]["access_key_id"] if assumes and \
        assumes[0].get("assume") else None
    ok(bool(assumes) and assumes[0].get("signature_ok") and
       assumes[0].get("account") == ACCOUNT,
       "AssumeRole is signed with the auditor's credentials",
       "%r" % assumes)
    runs = [e for e in log if e.get("service") == "ec2" and
            e.get("action") in DRY_RUNS]
    ok({e["action"] for e in runs} == DRY_RUNS,
       "the three EC2 dry runs are sent", "%r" % runs)
    signers = {(e.get("signed_by") or {}).get("access_key_id") for e in runs}
    ok(minted is not None and signers == {minted},
       "every dry run is signed with the IR role's key id %s" % minted,
       "signed by %r" % signers)
    ok(ae.DEFAULT_AKID not in signers,
       "no dry run is signed with the auditor's key id %s" % ae.DEFAULT_AKID)
    ok(all((e.get("signed_by") or {}).get("role_arn") == IR_ROLE
           for e in runs) and runs,
       "the dry runs' key belongs to %s" % IR_ROLE)
    ok(all(e.get("status") == 412 and not e.get("fault") for e in runs) and
       runs, "EC2 answered DryRunOperation (412) to each",
       "%r" % [(e.get("action"), e.get("status"), e.get("fault"))
               for e in runs])
    r = ec2_row(rows)
    ok(r is not None and r["status"] == "PASS" and
       ("IR role %s may contain instance %s" % (IR_ROLE, INSTANCE))
       in r["message"],
       "the instance finding is PASS and names the IR role",
       "%r\n%s" % (r, p.stderr))


def t_denied(tmp):
    p, log, rows = audit(tmp, "denied", deny_assume=[ACCOUNT])
    assumes = [e for e in log if e.get("action") == "AssumeRole"]
    ok(len(assumes) == 1 and assumes[0].get("status") == 403,
       "AssumeRole of the IR role is denied (--deny-assume)", "%r" % assumes)
    runs = [e for e in log if e.get("service") == "ec2" and
            e.get("action") in DRY_RUNS]
    ok(not runs, "no dry run is sent when the IR role cannot be assumed",
       "%r" % runs)
    r = ec2_row(rows)
    ok(r is not None and r["status"] == "ERROR" and
       r["message"].startswith("cannot test whether IR role %s" % IR_ROLE)
       and "AccessDenied on sts:AssumeRole" in r["message"],
       "the instance finding is ERROR (cannot test), not FAIL",
       "%r\n%s" % (r, p.stderr))


def t_no_drill(tmp):
    p, log, rows = audit(tmp, "no-drill", drill=False)
    sent = [e.get("action") for e in log
            if e.get("action") == "AssumeRole" or
            (e.get("service") == "ec2" and e.get("action") in DRY_RUNS)]
    ok(bool(log) and not sent,
       "without --drill: no AssumeRole and no dry run",
       "%r\n%s" % (sent, p.stderr))


def main():
    if not os.access(IRREADY, os.X_OK):
        ok(False, "%s is built" % IRREADY)
    else:
        t_stand_in()
        with tempfile.TemporaryDirectory(prefix="t_drill_live.") as tmp:
            t_drill(tmp)
            t_denied(tmp)
            t_no_drill(tmp)
    print("1..%d" % _n)
    return 1 if _failed else 0


if __name__ == "__main__":
    sys.exit(main())
