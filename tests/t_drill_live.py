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
#   * without --drill, no AssumeRole and no dry run is sent;
#   * the policy simulation (tests/aws_endpoint_drill.py evaluates it for
#     the roles given as drill_roles, as IAM would): one call per action
#     with the ResourceArns a runbook acts on and the context a responder
#     has (MFA, region, the target's tags). A role allowed only on the
#     account's instances/volumes/... (resource-scoped), only on instances
#     tagged Workload=storefront (tag-conditioned) or only with MFA is
#     PASS, and would FAIL were ResourceArns, the tags or MFA not sent
#     (the stand-in is asked the same question without them); a role
#     allowed nothing is FAIL, naming the resources and context;
#   * with GetAccountAuthorizationDetails denied, the IR role's ARN (with
#     its path) comes from iam:GetRole.
#
# TAP output. Run from the repository root with Debian's /usr/bin/python3
# (python3-botocore); O is the build directory (default "build").
import csv
import json
import os
import shutil
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
    import aws_endpoint_drill as ae_drill
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


def audit(tmp, name, drill=True, scenario=SCENARIO, extra=(), **ep_opts):
    d = os.path.join(tmp, name)
    os.makedirs(d)
    log = os.path.join(d, "endpoint.jsonl")
    port, stop, _ = ae.start(scenario, log=log, quiet=True, **ep_opts)
    out = os.path.join(d, "out")
    try:
        p = subprocess.run(
            [IRREADY, "audit", "--endpoint-url", "http://127.0.0.1:%d" % port,
             "--region", "us-east-1", "--now", NOW,
             "--checks", "ir_containment_drill" if drill else "iam_ir_roles",
             "--output-dir", out, "--format", "csv", "--quiet"]
            + (["--drill"] if drill else []) + list(extra),
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


GLOBAL = os.path.join(ACCOUNT, "global")
AUTHZ = os.path.join(GLOBAL, "iam.GetAccountAuthorizationDetails.http")
EC2 = ["ec2:ModifyInstanceAttribute", "ec2:CreateSnapshot", "ec2:CreateTags"]
OTHERS = ["iam:UpdateAccessKey", "iam:PutRolePolicy", "kms:DisableKey",
          "s3:PutBucketPolicy", "wafv2:UpdateIPSet"]


def arn(name, path="/"):
    return "arn:aws:iam::%s:role%s%s" % (ACCOUNT, path, name)


# the fixture roles, as their policies would read in IAM
SCOPED = [{"Effect": "Allow", "Action": EC2, "Resource": [
              "arn:aws:ec2:*:%s:instance/*" % ACCOUNT,
              "arn:aws:ec2:*:%s:security-group/*" % ACCOUNT,
              "arn:aws:ec2:*:%s:volume/*" % ACCOUNT,
              "arn:aws:ec2:*::snapshot/*"]},
          {"Effect": "Allow", "Action": ["iam:UpdateAccessKey"],
           "Resource": "arn:aws:iam::%s:user/*" % ACCOUNT},
          {"Effect": "Allow", "Action": ["iam:PutRolePolicy"],
           "Resource": "arn:aws:iam::%s:role/*" % ACCOUNT},
          {"Effect": "Allow", "Action": ["kms:DisableKey"],
           "Resource": "arn:aws:kms:*:%s:key/*" % ACCOUNT},
          {"Effect": "Allow", "Action": ["s3:PutBucketPolicy"],
           "Resource": "arn:aws:s3:::*"},
          {"Effect": "Allow", "Action": ["wafv2:UpdateIPSet"],
           "Resource": "arn:aws:wafv2:*:%s:regional/ipset/*" % ACCOUNT}]
TAGGED = [{"Effect": "Allow",
           "Action": ["ec2:ModifyInstanceAttribute", "ec2:CreateTags"],
           "Resource": "*", "Condition": {"StringEquals": {
               "ec2:ResourceTag/Workload": "storefront"}}},
          {"Effect": "Allow", "Action": ["ec2:CreateSnapshot"] + OTHERS,
           "Resource": "*"}]
MFA = [{"Effect": "Allow", "Action": EC2 + OTHERS, "Resource": "*",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]
NOTHING = [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]
ROLES = {"IRScoped": SCOPED, "IRTagged": TAGGED, "IRMfa": MFA,
         "IRNothing": NOTHING}

ROLE_XML = """      <member>
        <Path>%s</Path>
        <RoleName>%s</RoleName>
        <RoleId>AROA%s</RoleId>
        <Arn>%s</Arn>
        <CreateDate>2025-01-10T09:00:00Z</CreateDate>
        <AssumeRolePolicyDocument>%%7B%%22Version%%22%%3A%%222012-10-17%%22%%2C%%22Statement%%22%%3A%%5B%%5D%%7D</AssumeRolePolicyDocument>
        <InstanceProfileList/>
        <RolePolicyList/>
        <AttachedManagedPolicies/>
        <Tags/>
        <RoleLastUsed/>
      </member>
"""


def scenario_with_roles(tmp):
    """well-prepared, its IAM listing extended with the ROLES."""
    d = os.path.join(tmp, "scenario-roles")
    shutil.copytree(SCENARIO, d)
    path = os.path.join(d, AUTHZ)
    with open(path) as f:
        s = f.read()
    add = "".join(ROLE_XML % ("/", n, n.upper().ljust(17, "X")[:17], arn(n))
                  for n in ROLES)
    s = s.replace("<RoleDetailList>\n", "<RoleDetailList>\n" + add, 1)
    with open(path, "w") as f:
        f.write(s)
    pol = os.path.join(tmp, "roles-policy.json")
    with open(pol, "w") as f:
        json.dump({"params": {"ir_role_names": list(ROLES)}}, f)
    return d, pol


def sim_calls(log, role):
    return [e for e in log if e.get("action") == "SimulatePrincipalPolicy"
            and (e.get("simulated") or {}).get("params", {})
            .get("PolicySourceArn") == role]


def role_row(rows, role):
    return next((r for r in rows if r.get("resource_id") == role), None)


def without(params, prefix):
    """The simulation's params without those starting 'prefix' (and the
    context entry whose name starts 'prefix')."""
    drop = set()
    i = 1
    while "ContextEntries.member.%d.ContextKeyName" % i in params:
        if params["ContextEntries.member.%d.ContextKeyName" % i] \
                .startswith(prefix):
            drop.add("ContextEntries.member.%d." % i)
        i += 1
    return {k: v for k, v in params.items()
            if not k.startswith(prefix) and
            not any(k.startswith(x) for x in drop)}


def decisions(body):
    import re
    return re.findall(r"<EvalDecision>(\w+)</EvalDecision>", body.decode())


def t_simulation(tmp):
    scen, pol = scenario_with_roles(tmp)
    roles = {arn(n): st for n, st in ROLES.items()}
    p, log, rows = audit(tmp, "simulation", scenario=scen,
                         extra=["--policy", pol], drill_roles=roles)
    for n in ("IRScoped", "IRTagged", "IRMfa"):
        calls = sim_calls(log, arn(n))
        acts = [c["simulated"]["params"].get("ActionNames.member.1")
                for c in calls]
        ok(sorted(acts) == sorted(EC2 + OTHERS) and
           all(c["simulated"]["params"].get("ResourceArns.member.1")
               for c in calls),
           "%s: one simulation per containment action, each with "
           "ResourceArns" % n, "%r" % acts)
        r = role_row(rows, arn(n))
        ok(r is not None and r["status"] == "PASS" and
           "aws:MultiFactorAuthPresent=true" in r["message"] and
           "aws:RequestedRegion=us-east-1" in r["message"],
           "%s: PASS, naming the context assumed" % n,
           "%r\n%s" % (r, p.stderr))
    r = role_row(rows, arn("IRTagged"))
    ok(r is not None and "ec2:ResourceTag/Workload=storefront" in
       r["message"], "IRTagged: the message says which tag it assumed",
       "%r" % r)
    r = role_row(rows, arn("IRNothing"))
    ok(r is not None and r["status"] == "FAIL" and
       "ec2:ModifyInstanceAttribute (implicitDeny on arn:aws:ec2:us-east-1:"
       "%s:instance/%s" % (ACCOUNT, INSTANCE) in r["message"] and
       "wafv2:UpdateIPSet (implicitDeny on arn:aws:wafv2:us-east-1:%s:"
       "regional/ipset/*)" % ACCOUNT in r["message"],
       "IRNothing: FAIL, naming each action and the resources denied",
       "%r" % r)
    # the same questions without what the runbook carries: the stand-in
    # (IAM's rules) then denies, so the PASSes above depend on them
    calls = {c["simulated"]["params"]["ActionNames.member.1"]: c
             for c in sim_calls(log, arn("IRScoped"))}
    prm = calls["ec2:ModifyInstanceAttribute"]["simulated"]["params"]
    bare = without(prm, "ResourceArns.")
    ok(decisions(ae_drill.simulate(SCOPED, prm)[0]) == ["allowed"] and
       decisions(ae_drill.simulate(SCOPED, bare)[0]) == ["implicitDeny"],
       "IRScoped: without ResourceArns the simulation is implicitDeny")
    prm = [c for c in sim_calls(log, arn("IRTagged")) if c["simulated"][
        "params"]["ActionNames.member.1"] == "ec2:CreateTags"][0][
        "simulated"]["params"]
    notag = without(prm, "ec2:ResourceTag/")
    body = ae_drill.simulate(TAGGED, notag)[0]
    ok(decisions(ae_drill.simulate(TAGGED, prm)[0]) == ["allowed"] and
       decisions(body) == ["implicitDeny"] and
       b"ec2:ResourceTag/Workload" in body,
       "IRTagged: without the instance's tags the simulation is "
       "implicitDeny, missing ec2:ResourceTag/Workload")
    prm = sim_calls(log, arn("IRMfa"))[0]["simulated"]["params"]
    ok(decisions(ae_drill.simulate(MFA, prm)[0]) == ["allowed"] and
       decisions(ae_drill.simulate(
           MFA, without(prm, "aws:MultiFactorAuthPresent"))[0]) ==
       ["implicitDeny"],
       "IRMfa: without aws:MultiFactorAuthPresent the simulation is "
       "implicitDeny")


def t_get_role(tmp):
    """IAM_AUTHZ denied: the IR role's ARN, path included, from GetRole."""
    d = os.path.join(tmp, "scenario-getrole")
    shutil.copytree(SCENARIO, d)
    with open(os.path.join(d, AUTHZ), "w") as f:
        f.write("HTTP/1.1 403 Forbidden\nContent-Type: text/xml\n"
                "x-amzn-RequestId: 0a8f3b6e-4c1d-4e2f-9a3b-5c6d7e8f9a0b\n\n"
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/"
                "2010-05-08/\">\n  <Error>\n    <Type>Sender</Type>\n"
                "    <Code>AccessDenied</Code>\n    <Message>not authorized"
                "</Message>\n  </Error>\n  <RequestId>0a8f3b6e-4c1d-4e2f-"
                "9a3b-5c6d7e8f9a0b</RequestId>\n</ErrorResponse>\n")
    role = arn("IRReadOnly", "/incident-response/")
    with open(os.path.join(d, GLOBAL, "iam.GetRole.IRReadOnly.http"),
              "w") as f:
        f.write("HTTP/1.1 200 OK\nContent-Type: text/xml\n"
                "x-amzn-RequestId: 1b9f3b6e-4c1d-4e2f-9a3b-5c6d7e8f9a0b\n\n"
                "<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/"
                "2010-05-08/\">\n  <GetRoleResult>\n    <Role>\n"
                "      <Path>/incident-response/</Path>\n"
                "      <RoleName>IRReadOnly</RoleName>\n"
                "      <RoleId>AROAEXAMPLEIRROLE01</RoleId>\n"
                "      <Arn>%s</Arn>\n"
                "      <CreateDate>2025-01-10T09:00:00Z</CreateDate>\n"
                "    </Role>\n  </GetRoleResult>\n  <ResponseMetadata>\n"
                "    <RequestId>1b9f3b6e-4c1d-4e2f-9a3b-5c6d7e8f9a0b"
                "</RequestId>\n  </ResponseMetadata>\n</GetRoleResponse>\n"
                % role)
    # a second IR role IAM does not know: NoSuchEntity
    with open(os.path.join(d, GLOBAL, "iam.GetRole.Ghost.http"), "w") as f:
        f.write("HTTP/1.1 404 Not Found\nContent-Type: text/xml\n"
                "x-amzn-RequestId: 2c9f3b6e-4c1d-4e2f-9a3b-5c6d7e8f9a0b\n\n"
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/"
                "2010-05-08/\">\n  <Error>\n    <Type>Sender</Type>\n"
                "    <Code>NoSuchEntity</Code>\n    <Message>The role with "
                "name Ghost cannot be found.</Message>\n  </Error>\n"
                "  <RequestId>2c9f3b6e-4c1d-4e2f-9a3b-5c6d7e8f9a0b"
                "</RequestId>\n</ErrorResponse>\n")
    pol = os.path.join(tmp, "ghost-policy.json")
    with open(pol, "w") as f:
        json.dump({"params": {"ir_role_names": ["Ghost", "IRReadOnly"]}}, f)
    p, log, rows = audit(tmp, "getrole", scenario=d, extra=["--policy", pol],
                         drill_roles={role: MFA})
    gets = sorted((e.get("resource"), e.get("status")) for e in log
                  if e.get("action") == "GetRole")
    ok(gets == [("Ghost", 404), ("IRReadOnly", 200)],
       "IAM_AUTHZ denied: iam:GetRole is asked for each IR role",
       "%r\n%s" % (gets, p.stderr))
    r = role_row(rows, arn("Ghost"))
    ok(r is not None and r["status"] == "FAIL" and
       "does not exist (NoSuchEntity)" in r["message"],
       "GetRole's NoSuchEntity: that IR role is FAIL (does not exist)",
       "%r" % r)
    assumes = [e.get("resource") for e in log
               if e.get("action") == "AssumeRole"]
    sims = {(e.get("simulated") or {}).get("params", {})
            .get("PolicySourceArn") for e in log
            if e.get("action") == "SimulatePrincipalPolicy"}
    ok(assumes == [role] and sims == {role},
       "the existing role is assumed and simulated at its path (%s)" % role,
       "%r %r" % (assumes, sims))
    r = role_row(rows, role)
    ok(r is not None and r["status"] == "PASS", "and it is PASS",
       "%r\n%s" % (r, p.stderr))


def main():
    if not os.access(IRREADY, os.X_OK):
        ok(False, "%s is built" % IRREADY)
    else:
        t_stand_in()
        with tempfile.TemporaryDirectory(prefix="t_drill_live.") as tmp:
            t_drill(tmp)
            t_denied(tmp)
            t_no_drill(tmp)
            t_simulation(tmp)
            t_get_role(tmp)
    print("1..%d" % _n)
    return 1 if _failed else 0


if __name__ == "__main__":
    sys.exit(main())
