#!/usr/bin/python3
# t_integration.py -- irready's live mode against a local AWS-compatible endpoint
#
# Part 1 (endpoint self-tests) checks tests/aws_endpoint.py on its own with
# botocore clients and hand-signed raw requests: the replay naming rule,
# routing for every protocol (a botocore walk of the first eight datasets'
# call graph must be served each of their fixture files), SigV4
# verification and auth errors, missing fixtures, and every fault flag.
#
# Part 2 runs `irready audit` without --replay against the endpoint
# (--endpoint-url http://127.0.0.1:PORT) in an isolated environment, for
# each scenario and with faults, and compares findings.csv with the replay
# run's, the fixtures read with the replay run's IRREADY_REQUEST_LOG, and
# the actions called with policies/iam-readonly.json. Random faults run
# with --max-fault-streak 2 (so a client with 3 or more attempts always gets
# through). Nothing here is skipped: a live run that fails (an option
# rejected, no transport, a crash) fails its assertions.
#
# TAP output. Run from the repository root with Debian's /usr/bin/python3
# (python3-botocore); O is the build directory (default "build").
import concurrent.futures
import csv
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import http.client
from unittest import mock

os.environ["AWS_CONFIG_FILE"] = "/nonexistent/irready-test/config"
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/irready-test/creds"
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
for _v in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
           "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "HTTP_PROXY",
           "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY",
           "all_proxy"):
    os.environ.pop(_v, None)

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
    import botocore.exceptions
    import botocore.session
    from botocore.config import Config
    import aws_endpoint as ae
except ImportError as e:
    print("not ok 1 - import botocore / aws_endpoint (%s); run with Debian's "
          "/usr/bin/python3 and python3-botocore" % e)
    print("1..1")
    sys.exit(1)

O = os.environ.get("O", "build")
IRREADY = os.path.join(O, "irready")
NOW = "2026-11-28T00:00:00Z"
SCENARIOS = ["well-prepared", "neglected", "access-denied"]
AKID, SECRET = ae.DEFAULT_AKID, ae.DEFAULT_SECRET
POLICY = "policies/iam-readonly.json"
HANG_BOUND = 120.0

_n = 0
_failed = 0
_lock = threading.Lock()


def ok(cond, desc, diag=None):
    global _n, _failed
    with _lock:
        _n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", _n, desc))
        if not cond:
            _failed += 1
            if diag:
                for ln in str(diag).rstrip("\n").split("\n")[:40]:
                    print("#   " + ln)
        sys.stdout.flush()
    return cond


def note(msg):
    with _lock:
        for ln in str(msg).split("\n"):
            print("# " + ln)
        sys.stdout.flush()


def fixture_files(scenario):
    root = os.path.join("fixtures", scenario)
    out = set()
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".http"):
                out.add(os.path.relpath(os.path.join(d, f), root))
    return out


def scenario_account(scenario):
    with open(os.path.join("fixtures", scenario, "scenario.json")) as f:
        return json.load(f)["accounts"][0]


def start_ep(scenario, **opts):
    """The endpoint in this process, without stderr notes (the log has
    everything)."""
    opts.setdefault("quiet", True)
    return ae.start(scenario, **opts)


# --------------------------------------------------------------------------
# clients


_session = botocore.session.get_session()
_clients = {}


def client(port, service, region="us-east-1", akid=AKID, secret=SECRET,
           token=None, attempts=1, timeout=10):
    """A botocore client for the endpoint (cached: creating one is slow)."""
    key = (port, service, region, akid, secret, token, attempts, timeout)
    if key not in _clients:
        _clients[key] = _new_client(port, service, region, akid, secret,
                                    token, attempts, timeout)
    return _clients[key]


def _new_client(port, service, region, akid, secret, token, attempts,
                timeout):
    return _session.create_client(
        service, region_name=region,
        endpoint_url="http://127.0.0.1:%d" % port,
        aws_access_key_id=akid, aws_secret_access_key=secret,
        aws_session_token=token,
        config=Config(retries={"total_max_attempts": attempts,
                               "mode": "standard"},
                      connect_timeout=timeout, read_timeout=timeout,
                      s3={"addressing_style": "path"}))


def error_of(fn, *a, **kw):
    """(code, status, headers) of the ClientError fn raises, or None."""
    try:
        fn(*a, **kw)
    except botocore.exceptions.ClientError as e:
        md = e.response.get("ResponseMetadata", {})
        return (e.response.get("Error", {}).get("Code"),
                md.get("HTTPStatusCode"), md.get("HTTPHeaders", {}))
    return None


class FixedDatetime(datetime.datetime):
    fixed = None

    @classmethod
    def utcnow(cls):
        return cls.fixed


def raw_call(port, method, path, service, region, body=b"", headers=None,
             akid=AKID, secret=SECRET, token=None, when=None, timeout=10,
             tamper=None):
    """Sign a request with botocore (SigV4Auth, or S3SigV4Auth for s3) and
    send it with http.client. Returns (status, headers dict, body) or raises
    on a connection problem. 'when' pins the signing clock; 'tamper'
    changes the signed request before it is sent."""
    host = "127.0.0.1:%d" % port
    req = botocore.awsrequest.AWSRequest(method=method,
                                         url="http://%s%s" % (host, path),
                                         data=body, headers=headers or {})
    req.headers["Host"] = host
    creds = botocore.credentials.Credentials(akid, secret, token)
    cls = botocore.auth.S3SigV4Auth if service == "s3" else \
        botocore.auth.SigV4Auth
    signer = cls(creds, service, region)
    if when:
        FixedDatetime.fixed = when
        with mock.patch.object(botocore.auth.datetime, "datetime",
                               FixedDatetime):
            signer.add_auth(req)
    else:
        signer.add_auth(req)
    hdrs = {k: v for k, v in req.headers.items()}
    if tamper:
        tamper(hdrs)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        conn.close()


def raw_bytes(port, method, path, service, region, body=b"", headers=None,
              timeout=5):
    """Like raw_call, but returns every byte the server sent before it
    closed the connection (for --drop / --truncate)."""
    host = "127.0.0.1:%d" % port
    req = botocore.awsrequest.AWSRequest(method=method,
                                         url="http://%s%s" % (host, path),
                                         data=body, headers=headers or {})
    req.headers["Host"] = host
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(AKID, SECRET),
                            service, region).add_auth(req)
    lines = ["%s %s HTTP/1.1" % (method, path)]
    for k, v in req.headers.items():
        lines.append("%s: %s" % (k, v))
    lines.append("Content-Length: %d" % len(body))
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(raw)
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


EC2_FORM = ("application/x-www-form-urlencoded; charset=utf-8")


def ec2_body(action, **params):
    from urllib.parse import urlencode
    d = {"Action": action, "Version": "2016-11-15"}
    d.update(params)
    return urlencode(d).encode()


# --------------------------------------------------------------------------
# a botocore walk of the call graph (fixtures/README.md)


class Stop(Exception):
    """A call failed: the rest of its dataset is not collected."""


WALK_ACTIONS = {
    "sts": {"GetCallerIdentity"},
    "ec2": {"DescribeRegions", "DescribeVpcs", "DescribeFlowLogs",
            "DescribeVolumes", "DescribeSnapshots"},
    "cloudtrail": {"DescribeTrails", "GetTrailStatus", "GetEventSelectors"},
    "organizations": {"DescribeOrganization"},
    "iam": {"GetCredentialReport", "ListUsers", "ListAccessKeys"},
    "config": {"DescribeConfigurationRecorders",
               "DescribeConfigurationRecorderStatus",
               "DescribeDeliveryChannels"},
    "guardduty": {"ListDetectors", "GetDetector"},
    "kms": {"ListKeys", "DescribeKey", "GetKeyRotationStatus"},
}


def walk_files(scenario):
    """The scenario's fixtures that walk() knows how to ask for."""
    out = set()
    for f in fixture_files(scenario):
        svc, action = os.path.basename(f).split(".")[:2]
        if action in WALK_ACTIONS.get(svc, ()):
            out.add(f)
    return out


def walk(port, scenario):
    """Make the calls of irready's eight datasets with botocore, as the
    collectors do (fixtures/README.md): a failed call ends its dataset."""
    with open(os.path.join("fixtures", scenario, "scenario.json")) as f:
        home = json.load(f).get("home_region", "us-east-1")

    def call(fn, **kw):
        try:
            return fn(**kw)
        except botocore.exceptions.ClientError:
            raise Stop()

    def pages(c, op, **kw):
        try:
            return list(c.get_paginator(op).paginate(**kw))
        except botocore.exceptions.ClientError:
            raise Stop()

    def dataset(fn, *a):
        try:
            return fn(*a)
        except Stop:
            return None

    def trails():
        ct = client(port, "cloudtrail", home)
        for t in call(ct.describe_trails,
                      includeShadowTrails=True).get("trailList", []):
            if t.get("IsMultiRegionTrail"):
                c = client(port, "cloudtrail", t["HomeRegion"])
                call(c.get_trail_status, Name=t["TrailARN"])
                call(c.get_event_selectors, TrailName=t["TrailARN"])

    def iam_keys():
        iam = client(port, "iam", home)
        err = error_of(iam.get_credential_report)
        if not err or err[0] != "ReportNotPresent":
            return
        for pg in pages(iam, "list_users"):
            for u in pg.get("Users", []):
                call(iam.list_access_keys, UserName=u["UserName"])

    def config(r):
        cfg = client(port, "config", r)
        call(cfg.describe_configuration_recorders)
        call(cfg.describe_configuration_recorder_status)
        call(cfg.describe_delivery_channels)

    def guardduty(r):
        gd = client(port, "guardduty", r)
        for pg in pages(gd, "list_detectors"):
            for d in pg.get("DetectorIds", []):
                call(gd.get_detector, DetectorId=d)

    def kms(r):
        c = client(port, "kms", r)
        for pg in pages(c, "list_keys"):
            for k in pg.get("Keys", []):
                md = call(c.describe_key, KeyId=k["KeyId"])["KeyMetadata"]
                spec = md.get("KeySpec") or md.get("CustomerMasterKeySpec")
                if md.get("KeyManager") == "CUSTOMER" and \
                        md.get("KeyState") == "Enabled" and \
                        spec in (None, "SYMMETRIC_DEFAULT") and \
                        md.get("Origin", "AWS_KMS") == "AWS_KMS":
                    call(c.get_key_rotation_status, KeyId=k["KeyId"])

    dataset(lambda: call(client(port, "sts", home).get_caller_identity))
    regions = dataset(lambda: call(client(port, "ec2", home).describe_regions,
                                   AllRegions=True)) or {}
    enabled = [r["RegionName"] for r in regions.get("Regions", [])
               if r.get("OptInStatus") in ("opt-in-not-required",
                                           "opted-in")]
    dataset(trails)
    dataset(lambda: call(client(port, "organizations",
                                home).describe_organization))
    dataset(iam_keys)
    for r in enabled:
        ec2 = client(port, "ec2", r)
        dataset(pages, ec2, "describe_vpcs")
        dataset(pages, ec2, "describe_flow_logs")
        dataset(pages, ec2, "describe_volumes")
        dataset(lambda: pages(ec2, "describe_snapshots", OwnerIds=["self"]))
        dataset(lambda: pages(ec2, "describe_snapshots", OwnerIds=["self"],
                              RestorableByUserIds=["all"]))
        dataset(config, r)
        dataset(guardduty, r)
        dataset(kms, r)


# --------------------------------------------------------------------------
# part 1: the endpoint


def t_sanitizer():
    ok(ae.sanitize("arn:aws:cloudtrail:us-east-1:111122223333:trail/main") ==
       "arn_aws_cloudtrail_us-east-1_111122223333_trail_main"
       and ae.sanitize("jenkins+ci@corp") == "jenkins_ci_corp"
       and ae.sanitize("tok/p3==") == "tok_p3__"
       and ae.sanitize("x" * 100) == "x" * 100
       and ae.sanitize("é") == "__",
       "sanitizer: fixtures/README.md examples, 100 bytes kept, UTF-8 "
       "bytes each become _")
    # the access-denied trail ARN is > 100 bytes: hashed form
    acct = scenario_account("access-denied")
    with open("fixtures/access-denied/%s/us-east-1/cloudtrail.DescribeTrails"
              ".http" % acct, "rb") as f:
        body = ae.parse_fixture(f.read())[3]
    arns = [t["TrailARN"] for t in json.loads(body)["trailList"]
            if t.get("IsMultiRegionTrail")]
    want = set(f for f in fixture_files("access-denied")
               if "GetTrailStatus" in f or "GetEventSelectors" in f)
    got = set(os.path.relpath(ae.replay_path(acct, "eu-west-1", "cloudtrail",
                                             a, arn), acct)
              for arn in arns for a in ("GetTrailStatus",
                                        "GetEventSelectors"))
    got = set(os.path.join(acct, g) for g in got)
    ok(arns and len(arns[0].encode()) > 100 and got == want,
       "sanitizer: the >100-byte trail ARN gives the hashed file names",
       "want %s\ngot  %s" % (sorted(want), sorted(got)))


def t_walks():
    for sc in SCENARIOS:
        port, stop, log = start_ep(os.path.join("fixtures", sc))
        try:
            walk(port, sc)
        finally:
            stop()
        recs = ae.read_log(log)
        os.unlink(log)
        served = set(r["file"] for r in recs if r["file"] and
                     r["status"] is not None and not r["fault"])
        want = walk_files(sc)
        missing = [r["file"] for r in recs if r["fault"] == "missing-fixture"]
        bad = [r for r in recs if not r["signature_ok"]]
        ok(served == want and not missing and not bad and recs,
           "%s: a botocore walk of the eight datasets' call graph (%d "
           "requests, ec2/query/json/rest-json) is served each of their "
           "fixtures, signatures verified"
           % (sc, len(recs)),
           "not served: %s\nno fixture: %s\nbad signatures: %s"
           % (sorted(want - served), missing, bad[:3]))


def t_auth():
    sc = os.path.join("fixtures", "well-prepared")
    port, stop, log = start_ep(sc, keys=[
        "%s:%s:111122223333" % (AKID, SECRET),
        "ASIATEMPORARYKEY:temp-secret:111122223333:the-session-token"])
    try:
        cases = [("ec2", lambda c: c.describe_vpcs(), "AuthFailure", 401,
                  "SignatureDoesNotMatch", 403),
                 ("iam", lambda c: c.get_credential_report(),
                  "InvalidClientTokenId", 403, "SignatureDoesNotMatch", 403),
                 ("kms", lambda c: c.list_keys(),
                  "UnrecognizedClientException", 400,
                  "InvalidSignatureException", 400),
                 ("guardduty", lambda c: c.list_detectors(),
                  "UnrecognizedClientException", 403,
                  "InvalidSignatureException", 403)]
        for svc, call, k_code, k_st, s_code, s_st in cases:
            e1 = error_of(call, client(port, svc, akid="AKIDUNKNOWN"))
            e2 = error_of(call, client(port, svc, secret="wrong-secret"))
            ok(e1 and e1[:2] == (k_code, k_st) and e2 and
               e2[:2] == (s_code, s_st),
               "%s: unknown key -> %s %d, bad signature -> %s %d"
               % (svc, k_code, k_st, s_code, s_st), "got %s / %s"
               % (e1 and e1[:2], e2 and e2[:2]))
        e = error_of(lambda: client(port, "sts", akid="ASIATEMPORARYKEY",
                                    secret="temp-secret")
                     .get_caller_identity())
        r = client(port, "sts", akid="ASIATEMPORARYKEY", secret="temp-secret",
                   token="the-session-token").get_caller_identity()
        ok(e and e[0] == "InvalidClientTokenId" and
           r.get("Account") == "111122223333",
           "a key with a session token: refused without X-Amz-Security-Token,"
           " served with it", "without: %s" % (e,))
        # clock skew: signed 20 minutes ago
        past = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
        res = []
        for svc, region, path, body, hdrs in [
                ("ec2", "us-east-1", "/", ec2_body("DescribeVpcs"),
                 {"Content-Type": EC2_FORM}),
                ("kms", "us-east-1", "/", b"{}",
                 {"Content-Type": "application/x-amz-json-1.1",
                  "X-Amz-Target": "TrentService.ListKeys"})]:
            st, h, b = raw_call(port, "POST", path, svc, region, body, hdrs,
                                when=past)
            res.append((st, b))
        ok(res[0][0] == 400 and b"RequestExpired" in res[0][1] and
           res[1][0] == 400 and b"InvalidSignatureException" in res[1][1],
           "X-Amz-Date 20 minutes old -> ec2 RequestExpired, json "
           "InvalidSignatureException", res)
        # a signed header changed in transit
        st, h, b = raw_call(
            port, "POST", "/", "kms", "us-east-1",
            b'{"KeyId":"1ca88823-102f-474c-af6e-1b8c29375868"}',
            {"Content-Type": "application/x-amz-json-1.1",
             "X-Amz-Target": "TrentService.DescribeKey"},
            tamper=lambda hd: hd.update({"X-Amz-Target":
                                         "TrentService.GetKeyRotationStatus"}))
        ok(st == 400 and b"InvalidSignatureException" in b,
           "a signed header altered after signing -> InvalidSignature", (st, b))
        # a query string signed by botocore, sent as is
        st, h, b = raw_call(port, "GET", "/detector?maxResults=50&nextToken="
                            "a%2Fb%3D%3D", "guardduty", "us-east-1")
        ok(st == 404 and h.get("x-amzn-errortype", "").startswith(
            "UnknownOperationException"),
           "rest-json GET with an encoded query string verifies; a missing "
           "page answers 404 UnknownOperationException", (st, h, b))
    finally:
        stop()
    recs = ae.read_log(log)
    os.unlink(log)
    nbad = sum(1 for r in recs if not r["signature_ok"])
    ok(nbad == 12 and all(r["status"] for r in recs),
       "the log marks auth failures signature_ok=false (12) and records "
       "every status", [(r["service"], r["auth_error"], r["status"])
                        for r in recs])


def t_missing():
    """Calls (or resources, or pages) that no scenario has a file for."""
    port, stop, log = start_ep("fixtures/well-prepared")
    try:
        e1 = error_of(client(port, "ec2").describe_snapshots,
                      OwnerIds=["self"], NextToken="no-such-page")
        e2 = error_of(client(port, "iam").list_access_keys,
                      UserName="no-such-user")
        e3 = error_of(client(port, "kms").describe_key,
                      KeyId="no-such-key")
        e4 = error_of(client(port, "guardduty").get_detector,
                      DetectorId="0" * 32)
        e5 = error_of(client(port, "s3").get_bucket_versioning,
                      Bucket="no-such-bucket")
    finally:
        stop()
    got = [e and e[:2] for e in (e1, e2, e3, e4, e5)]
    ok(got == [("InvalidAction", 400), ("InvalidAction", 400),
               ("UnknownOperationException", 400),
               ("UnknownOperationException", 404),
               ("NotImplemented", 501)],
       "no fixture -> unknown-operation error in each protocol's envelope "
       "(ec2, query, json, rest-json, rest-xml)", got)
    recs = ae.read_log(log)
    os.unlink(log)
    files = [r["file"] for r in recs if r["fault"] == "missing-fixture"]
    acct = "111122223333"
    want = [acct + "/us-east-1/ec2.DescribeSnapshots.page-no-such-page.http",
            acct + "/global/iam.ListAccessKeys.no-such-user.http",
            acct + "/us-east-1/kms.DescribeKey.no-such-key.http",
            acct + "/us-east-1/guardduty.GetDetector.%s.http" % ("0" * 32),
            acct + "/us-east-1/s3.GetBucketVersioning.no-such-bucket.http"]
    ok(files == want and all(r["signature_ok"] for r in recs),
       "missing fixtures are logged with the file they would be (resource "
       "and page token from form, JSON, path; s3 signed with S3SigV4Auth)",
       "\n".join(map(str, files)))


def t_faults():
    wp = "fixtures/well-prepared"
    # throttling, every protocol, with Retry-After
    port, stop, log = start_ep(wp, throttle=1.0, retry_after=3)
    try:
        got = [error_of(client(port, "ec2").describe_vpcs),
               error_of(client(port, "iam").get_credential_report),
               error_of(client(port, "kms").list_keys),
               error_of(client(port, "guardduty").list_detectors)]
    finally:
        stop()
    codes = [g and g[:2] for g in got]
    ok(codes == [("RequestLimitExceeded", 503), ("Throttling", 400),
                 ("ThrottlingException", 400),
                 ("TooManyRequestsException", 429)] and
       all(g and g[2].get("retry-after") == "3" for g in got) and
       got[3][2].get("x-amzn-errortype", "").startswith(
           "TooManyRequestsException"),
       "--throttle 1 --retry-after 3: ec2/query/json/rest-json throttling "
       "errors with Retry-After", got)
    os.unlink(log)

    # bounded streaks: a 3-attempt client always gets through
    port, stop, log = start_ep(wp, throttle=1.0, max_fault_streak=2)
    try:
        r = client(port, "kms", attempts=3).list_keys()
    finally:
        stop()
    sts = [x["status"] for x in ae.read_log(log)]
    ok(len(r.get("Keys", [])) == 2 and sts == [400, 400, 200],
       "--throttle 1 --max-fault-streak 2: two throttles, then served", sts)
    os.unlink(log)

    # the seeded RNG: roughly the requested fraction, reproducible
    def fraction(seed):
        port, stop, log = start_ep(wp, throttle=0.3, seed=seed)
        try:
            c = client(port, "ec2")
            for _ in range(60):
                error_of(c.describe_vpcs)
        finally:
            stop()
        f = [x["fault"] for x in ae.read_log(log)]
        os.unlink(log)
        return f
    a, b = fraction(7), fraction(7)
    n = sum(1 for x in a if x == "throttle")
    ok(a == b and 8 <= n <= 30,
       "--throttle 0.3 --seed 7: %d/60 throttled, same draws on a rerun" % n)

    # 5xx
    port, stop, log = start_ep(wp, error_rate=1.0, error_status=503)
    try:
        got = [error_of(client(port, "ec2").describe_vpcs),
               error_of(client(port, "config").describe_delivery_channels)]
    finally:
        stop()
    os.unlink(log)
    port, stop, log = start_ep(wp, error_rate=1.0, error_status=500)
    try:
        got += [error_of(client(port, "iam").get_credential_report)]
    finally:
        stop()
    os.unlink(log)
    got = [g and g[:2] for g in got]
    ok(got == [("ServiceUnavailable", 503), ("ServiceUnavailable", 503),
               ("InternalError", 500)],
       "--error-rate 1 --error-status 503|500: 5xx in the protocol's "
       "envelope", got)

    # deny
    port, stop, log = start_ep(wp, deny=["config", "ec2", "guardduty", "iam"])
    try:
        got = [error_of(client(port, "config").describe_delivery_channels),
               error_of(client(port, "ec2").describe_vpcs),
               error_of(client(port, "guardduty").list_detectors),
               error_of(client(port, "iam").get_credential_report),
               error_of(client(port, "kms").list_keys)]
    finally:
        stop()
    os.unlink(log)
    got = [g and g[:2] for g in got]
    ok(got == [("AccessDeniedException", 400), ("UnauthorizedOperation", 403),
               ("AccessDeniedException", 403), ("AccessDenied", 403), None],
       "--deny: json/ec2/rest-json/query access-denied errors, other "
       "services served", got)

    # malformed
    port, stop, log = start_ep(wp, malformed=["DescribeVpcs",
                                              "kms:ListKeys"])
    try:
        st1, _, b1 = raw_call(port, "POST", "/", "ec2", "us-east-1",
                              ec2_body("DescribeVpcs"),
                              {"Content-Type": EC2_FORM})
        st2, _, b2 = raw_call(port, "POST", "/", "kms", "us-east-1", b"{}",
                              {"Content-Type": "application/x-amz-json-1.1",
                               "X-Amz-Target": "TrentService.ListKeys"})
        st3, _, b3 = raw_call(port, "POST", "/", "ec2", "us-east-1",
                              ec2_body("DescribeVolumes"),
                              {"Content-Type": EC2_FORM})
    finally:
        stop()
    os.unlink(log)
    ok((st1, b1, st2, b2) == (200, b"<html>oops", 200, b'{"broken":') and
       st3 == 200 and b"<volumeSet>" in b3,
       "--malformed DescribeVpcs / kms:ListKeys: 200 with a garbage body; "
       "other actions served", (st1, b1, st2, b2, st3))

    # delay
    port, stop, log = start_ep(wp, delay_ms=300)
    try:
        t0 = time.monotonic()
        client(port, "sts").get_caller_identity()
        dt = time.monotonic() - t0
    finally:
        stop()
    os.unlink(log)
    ok(0.3 <= dt < 3, "--delay-ms 300: answered after %.2f s" % dt)

    # drop, truncate
    port, stop, log = start_ep(wp, drop=1.0)
    try:
        out = raw_bytes(port, "POST", "/", "ec2", "us-east-1",
                        ec2_body("DescribeVpcs"), {"Content-Type": EC2_FORM})
    finally:
        stop()
    recs = ae.read_log(log)
    os.unlink(log)
    ok(out == b"" and recs[0]["fault"] == "drop" and
       recs[0]["status"] is None,
       "--drop 1: the connection closes with no response", (out, recs))
    port, stop, log = start_ep(wp, truncate=1.0)
    try:
        out = raw_bytes(port, "POST", "/", "ec2", "us-east-1",
                        ec2_body("DescribeVpcs"), {"Content-Type": EC2_FORM})
    finally:
        stop()
    os.unlink(log)
    head, _, body = out.partition(b"\r\n\r\n")
    clen = [int(ln.split(b":", 1)[1]) for ln in head.split(b"\r\n")
            if ln.lower().startswith(b"content-length:")]
    ok(head.startswith(b"HTTP/1.1 200") and clen and
       0 < len(body) < clen[0] and len(body) == clen[0] // 2,
       "--truncate 1: full Content-Length, half the body, then close",
       (head, len(body), clen))

    # hang: the client times out, stop() does not wait for the hung thread
    port, stop, log = start_ep(wp, hang=["kms"])
    try:
        t0 = time.monotonic()
        try:
            raw_call(port, "POST", "/", "kms", "us-east-1", b"{}",
                     {"Content-Type": "application/x-amz-json-1.1",
                      "X-Amz-Target": "TrentService.ListKeys"}, timeout=1)
            hung = False
        except socket.timeout:
            hung = True
        dt = time.monotonic() - t0
        r = client(port, "sts").get_caller_identity()
    finally:
        t1 = time.monotonic()
        stop()
        dstop = time.monotonic() - t1
    os.unlink(log)
    ok(hung and 0.9 <= dt < 3 and r.get("Account") == "111122223333" and
       dstop < 3,
       "--hang kms: kms requests never answered (client timed out after "
       "%.1f s), others served, stop() in %.2f s" % (dt, dstop))

    # keep-alive: one connection, several requests
    port, stop, log = start_ep(wp)
    try:
        c = client(port, "ec2")
        for _ in range(5):
            c.describe_vpcs()
    finally:
        stop()
    conns = set(x["conn"] for x in ae.read_log(log))
    os.unlink(log)
    ok(len(conns) == 1, "HTTP/1.1 keep-alive: 5 requests on one connection",
       conns)


def t_cli():
    tmp = tempfile.mkdtemp(prefix="irready-ep-")
    log = os.path.join(tmp, "log.jsonl")
    p = subprocess.Popen([sys.executable, "tests/aws_endpoint.py",
                          "fixtures/neglected", "--log", log, "--key",
                          "AKIDCLI:cli-secret:444455556666"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    try:
        line = p.stdout.readline()
        port = int(line.split()[1]) if line.startswith("PORT ") else 0
        r = client(port, "sts", akid="AKIDCLI", secret="cli-secret") \
            .get_caller_identity() if port else {}
        e = error_of(client(port, "sts").get_caller_identity) if port \
            else None
        # bound to 127.0.0.1 only: 127.0.0.2 (also loopback) is refused
        try:
            socket.create_connection(("127.0.0.2", port), timeout=2).close()
            only_lo = False
        except OSError:
            only_lo = True
        p.send_signal(signal.SIGTERM)
        rc = p.wait(timeout=10)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    recs = ae.read_log(log) if os.path.exists(log) else []
    shutil.rmtree(tmp, ignore_errors=True)
    ok(port > 0 and r.get("Account") == "444455556666" and e and
       e[0] == "InvalidClientTokenId" and rc == 0 and len(recs) == 2 and
       only_lo,
       "CLI: prints PORT, --key maps the account, the default key is not "
       "accepted with --key given, listens on 127.0.0.1 only, exits 0 on "
       "SIGTERM, logs JSON lines",
       (line, r.get("Account"), e, rc, recs, only_lo))


# --------------------------------------------------------------------------
# part 2: irready live mode


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def irready_env(tmp, extra=None):
    env = {"PATH": "/usr/bin:/bin", "HOME": tmp, "LANG": "C.UTF-8",
           "TZ": "UTC",
           "AWS_ACCESS_KEY_ID": AKID, "AWS_SECRET_ACCESS_KEY": SECRET,
           "AWS_CONFIG_FILE": os.path.join(tmp, "nonexistent", "config"),
           "AWS_SHARED_CREDENTIALS_FILE": os.path.join(tmp, "nonexistent",
                                                      "credentials"),
           "AWS_EC2_METADATA_DISABLED": "true", "NO_COLOR": "1"}
    env.update(extra or {})
    return env


class Run:
    pass


def replay_run(scenario, tmp):
    out = os.path.join(tmp, "replay-" + scenario)
    reqlog = os.path.join(tmp, "replay-%s.requests" % scenario)
    p = subprocess.run([IRREADY, "audit", "--replay",
                        os.path.join("fixtures", scenario), "--now", NOW,
                        "--output-dir", out, "--format", "csv,json",
                        "--quiet"], capture_output=True, text=True,
                       env=irready_env(tmp, {"IRREADY_REQUEST_LOG": reqlog}),
                       timeout=120)
    r = Run()
    r.rc, r.stderr = p.returncode, p.stderr
    r.files = None
    if os.path.exists(reqlog):
        with open(reqlog, encoding="utf-8") as f:
            r.files = sorted(request_log_file(ln) for ln in f if ln.strip())
    path = os.path.join(out, "findings.csv")
    r.csv = open(path, encoding="utf-8").read() if os.path.exists(path) \
        else None
    r.rows = read_csv(path) if r.csv is not None else []
    return r


REQLOG_RX = re.compile(r"^(\S+) (\S+) ([^\s:]+):(\S+)"
                       r"(?: resource=(.*?))?(?: token=(.*))?$")


def request_log_file(line):
    """A line of IRREADY_REQUEST_LOG ("account region service:Action
    [resource=R] [token=T]") -> the fixture file it reads."""
    m = REQLOG_RX.match(line.rstrip("\n"))
    if not m:
        return "?unparsed: " + line.strip()
    return ae.replay_path(*m.groups())


def live_run(scenario, tmp, name, env_extra=None, **ep_opts):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    log = os.path.join(d, "endpoint.jsonl")
    port, stop, _ = start_ep(os.path.join("fixtures", scenario), log=log,
                             **ep_opts)
    out = os.path.join(d, "out")
    r = Run()
    r.name = name
    t0 = time.monotonic()
    try:
        p = subprocess.run([IRREADY, "audit", "--endpoint-url",
                            "http://127.0.0.1:%d" % port, "--region",
                            "us-east-1", "--now", NOW, "--output-dir", out,
                            "--format", "csv,json", "--quiet"],
                           capture_output=True, text=True,
                           env=irready_env(d, env_extra), timeout=600)
        r.rc, r.stdout, r.stderr = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        r.rc, r.stdout, r.stderr = None, "", "timed out after 600 s"
    r.seconds = time.monotonic() - t0
    stop()
    path = os.path.join(out, "findings.csv")
    r.csv = open(path, encoding="utf-8").read() if os.path.exists(path) \
        else None
    r.rows = read_csv(path) if r.csv is not None else []
    r.log = ae.read_log(log)
    return r


def csv_diff(a, b):
    import difflib
    return "".join(list(difflib.unified_diff(
        (a or "").splitlines(True), (b or "").splitlines(True),
        "replay", "live", n=0))[:40])


def rows_without(rows, check):
    """Rows of every check but 'check' (an id, or a set of ids)."""
    drop = {check} if isinstance(check, str) else set(check)
    return [r for r in rows if r["check_id"] not in drop]


def only_errors_new(rows, clean):
    """Every verdict of a fault run that the clean run does not have is an
    ERROR: a fault never turns into a PASS or a FAIL. (The same verdict on
    the same resource with another message is not a new verdict.)"""
    def verdict(r):
        return (r["account_id"], r["region"], r["check_id"],
                r["resource_id"], r["status"])
    seen = set(verdict(r) for r in clean)
    return all(r["status"] == "ERROR" for r in rows
               if verdict(r) not in seen)


def checks_calling(prefix):
    """Ids of the checks whose IAM actions (irready checks --json) start
    with 'prefix' ("config:", "ec2:DescribeVpcs"): a fault on that call
    may change their findings, so they are left out of "the rest equal"."""
    p = subprocess.run([IRREADY, "checks", "--json"], capture_output=True,
                       text=True, timeout=60)
    try:
        cat = json.loads(p.stdout)["checks"]
    except (ValueError, KeyError):
        return set()
    return set(c["id"] for c in cat
               if any(a.startswith(prefix) for a in c.get("iam_actions", [])))


def describe(run):
    return "exit %s after %.1f s; stderr:\n%s" % (
        run.rc, run.seconds, (run.stderr or "")[-2000:])


def load_policy_actions():
    if not os.path.exists(POLICY):
        return None
    with open(POLICY) as f:
        j = json.load(f)
    acts = j.get("actions")
    if acts is None:  # an IAM policy document
        acts = []
        for st in j.get("Statement", []):
            a = st.get("Action", [])
            acts += [a] if isinstance(a, str) else a
    return set(a.lower() for a in acts)


def t_live():
    live_names = (
        ["%s: live run over the endpoint gives the replay's findings.csv"
         % s for s in SCENARIOS] +
        ["%s: every request's signature verified" % s for s in SCENARIOS] +
        ["%s: the live run reads the same fixtures, as often, as the "
         "replay run" % s for s in SCENARIOS] +
        ["%s: every service:Action called is in %s" % (s, POLICY)
         for s in SCENARIOS] +
        ["--throttle 0.3: findings identical to the clean run",
         "--deny config: config_recorder_all_regions ERROR, the rest equal",
         "--malformed DescribeVpcs: vpc_flow_logs_enabled ERROR naming "
         "ec2:DescribeVpcs, no crash, the rest equal",
         "--hang kms: finishes in < %d s, kms_cmk_rotation ERROR, the rest "
         "equal" % HANG_BOUND,
         "--error-rate 0.2 --error-status 503: findings identical",
         "--drop 0.1: findings identical",
         "--truncate 0.1: findings identical"])
    if not os.access(IRREADY, os.X_OK):
        ok(False, "irready binary %s (build it first: make)" % IRREADY)
        for n in live_names:
            ok(False, n, "no irready binary")
        return
    tmp = tempfile.mkdtemp(prefix="irready-int-")
    try:
        _t_live(tmp, live_names)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _t_live(tmp, live_names):
    replays = {s: replay_run(s, tmp) for s in SCENARIOS}
    for s, r in replays.items():
        ok(r.rc in (0, 1) and r.rows,
           "%s: replay run (the baseline) exits %s with %d findings"
           % (s, r.rc, len(r.rows)), r.stderr)
    runs = {"well-prepared": live_run("well-prepared", tmp, "probe")}
    hang_env = {"IRREADY_HTTP_TIMEOUT_MS": "2000",
                "IRREADY_CONNECT_TIMEOUT_MS": "2000"}
    # retries absorb the random faults: at most 2 in a row per request
    streak = 2
    jobs = {
        "neglected": ("neglected", {}, {}),
        "access-denied": ("access-denied", {}, {}),
        "throttle": ("well-prepared", {}, {"throttle": 0.3, "seed": 1,
                                           "max_fault_streak": streak}),
        "deny": ("well-prepared", {}, {"deny": ["config"]}),
        "malformed": ("well-prepared", {}, {"malformed": ["DescribeVpcs"]}),
        "hang": ("well-prepared", hang_env, {"hang": ["kms"]}),
        "error": ("well-prepared", {}, {"error_rate": 0.2,
                                        "error_status": 503, "seed": 2,
                                        "max_fault_streak": streak}),
        "drop": ("well-prepared", {}, {"drop": 0.1, "seed": 3,
                                       "max_fault_streak": streak}),
        "truncate": ("well-prepared", {}, {"truncate": 0.1, "seed": 4,
                                           "max_fault_streak": streak}),
    }
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as ex:
        futs = {name: ex.submit(live_run, sc, tmp, name, env, **opts)
                for name, (sc, env, opts) in jobs.items()}
        for name, f in futs.items():
            runs[name] = f.result()

    policy = load_policy_actions()
    for s in SCENARIOS:
        r, base = runs[s], replays[s]
        ok(r.rc in (0, 1) and r.csv is not None and r.csv == base.csv,
           "%s: live run over the endpoint gives the replay's findings.csv "
           "(%d requests, %.1f s)" % (s, len(r.log), r.seconds),
           describe(r) + "\n" + csv_diff(base.csv, r.csv))
        bad = [x for x in r.log if not x["signature_ok"]]
        ok(r.log and not bad, "%s: every request's signature verified (%d)"
           % (s, len(r.log)), [(x["service"], x["action"], x["auth_error"])
                               for x in bad[:5]])
        served = sorted(x["file"] for x in r.log if x["file"])
        missing = sorted(set(x["file"] for x in r.log
                             if x["fault"] == "missing-fixture"))
        ok(base.files and served == base.files and not missing,
           "%s: the live run reads the same fixtures, as often, as the "
           "replay run (%d), none missing" % (s, len(served)),
           "replay only: %s\nlive only: %s\nno fixture for: %s"
           % (sorted(set(base.files or []) - set(served)),
              sorted(set(served) - set(base.files or [])), missing))
        called = set("%s:%s" % (x["service"], x["action"]) for x in r.log
                     if x["action"])
        extra = sorted(a for a in called
                       if policy is None or a.lower() not in policy)
        ok(policy is not None and not extra,
           "%s: every service:Action called (%d) is in %s"
           % (s, len(called), POLICY),
           extra if policy is not None else "%s is missing" % POLICY)

    base = replays["well-prepared"]
    clean = base.rows

    def identical(name, desc):
        r = runs[name]
        faults = {}
        for x in r.log:
            if x["fault"]:
                faults[x["fault"]] = faults.get(x["fault"], 0) + 1
        ok(r.rc in (0, 1) and r.csv == base.csv and faults,
           "%s (%d requests, faults %s, %.1f s)"
           % (desc, len(r.log), json.dumps(faults, sort_keys=True),
              r.seconds), describe(r) + "\n" + csv_diff(base.csv, r.csv))

    identical("throttle", "--throttle 0.3: findings identical to the clean "
              "run")
    r = runs["deny"]
    cfg = [x for x in r.rows if x["check_id"] == "config_recorder_all_regions"]
    dep = checks_calling("config:") | {"config_recorder_all_regions"}
    ok(r.rc in (0, 1) and cfg and all(x["status"] == "ERROR" for x in cfg)
       and rows_without(r.rows, dep) == rows_without(clean, dep) and
       only_errors_new(r.rows, clean),
       "--deny config: config_recorder_all_regions ERROR (%d), every other "
       "change an ERROR, the rest equal" % len(cfg), describe(r) + "\n" + csv_diff(base.csv, r.csv))
    r = runs["malformed"]
    vpc = [x for x in r.rows if x["check_id"] == "vpc_flow_logs_enabled"]
    ok(r.rc in (0, 1) and vpc and
       all(x["status"] == "ERROR" and "ec2:DescribeVpcs" in x["message"]
           for x in vpc) and
       rows_without(r.rows, checks_calling("ec2:DescribeVpcs")) ==
       rows_without(clean, checks_calling("ec2:DescribeVpcs")) and
       only_errors_new(r.rows, clean),
       "--malformed DescribeVpcs: vpc_flow_logs_enabled ERROR naming "
       "ec2:DescribeVpcs, no crash (exit %s), the rest equal" % r.rc,
       describe(r) + "\n" + csv_diff(base.csv, r.csv))
    r = runs["hang"]
    kms = [x for x in r.rows if x["check_id"] == "kms_cmk_rotation"]
    note("--hang kms with 2 s timeouts: the audit took %.1f s" % r.seconds)
    ok(r.rc in (0, 1) and r.seconds < HANG_BOUND and kms and
       all(x["status"] == "ERROR" for x in kms) and
       rows_without(r.rows, checks_calling("kms:")) ==
       rows_without(clean, checks_calling("kms:")) and
       only_errors_new(r.rows, clean),
       "--hang kms: finishes in %.1f s (< %d s), kms_cmk_rotation ERROR, "
       "the rest equal" % (r.seconds, HANG_BOUND),
       describe(r) + "\n" + csv_diff(base.csv, r.csv))
    identical("error", "--error-rate 0.2 --error-status 503: findings "
              "identical")
    identical("drop", "--drop 0.1: findings identical")
    identical("truncate", "--truncate 0.1: findings identical")


def main():
    t0 = time.monotonic()
    t_sanitizer()
    t_walks()
    t_auth()
    t_missing()
    t_faults()
    t_cli()
    note("endpoint self-tests: %.1f s" % (time.monotonic() - t0))
    t_live()
    print("1..%d" % _n)
    note("%.1f s" % (time.monotonic() - t0))
    return 1 if _failed else 0


if __name__ == "__main__":
    sys.exit(main())
