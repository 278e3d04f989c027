#!/usr/bin/python3
# t_creds.py -- the credential chain's network sources, end to end
#
# Starts local stand-ins on 127.0.0.1 ephemeral ports for STS, the IAM
# Identity Center portal, the ECS/EKS container agent and EC2 IMDS, runs
# "$O/tests/test_creds --live" against them (its TAP lines are passed
# through, renumbered, prefixed "c:"), then checks what each server saw:
# every sts:AssumeRole signature recomputed independently with botocore's
# SigV4Auth from the received request and the known test secrets, the
# ExternalId / DurationSeconds / RoleSessionName sent, the chained call
# signed with the first role's keys and token, web identity unsigned, the
# SSO bearer header, the container Authorization from the token file, the
# IMDSv2 token PUT and its header on every GET, and the refresh count.
# Run from the repository root with Debian's /usr/bin/python3
# (python3-botocore); O is the build directory (default "build").
import datetime
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

try:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as e:
    print("not ok 1 - import botocore (%s); run with Debian's "
          "/usr/bin/python3 and python3-botocore" % e)
    print("1..1")
    sys.exit(1)

O = os.environ.get("O", "build")
BIN = os.path.join(O, "tests", "test_creds")

# The keys test_creds.c --live configures, and the ones we hand out.
SECRETS = {"AKIDBASEEXAMPLE": "BASE/Sekr1t+key"}
ROLES = {
    "arn:aws:iam::111122223333:role/Audit":
        ("ASIAAUDIT", "AUDIT/Sekr1t", "AUDIT-TOKEN-Sekr1t"),
    "arn:aws:iam::111122223333:role/Second":
        ("ASIASECOND", "SECOND/Sekr1t", "SECOND-TOKEN-Sekr1t"),
    "arn:aws:iam::111122223333:role/WebId":
        ("ASIAWEBID", "WEBID/Sekr1t", "WEBID-TOKEN-Sekr1t"),
}
for _ak, _sk, _tok in ROLES.values():
    SECRETS[_ak] = _sk
DENIED = "arn:aws:iam::111122223333:role/Denied"
SSO_BEARER = "SSO-ACCESS-TOKEN-Sekr1t"
CONTAINER_AUTH = "container-auth-token"
IMDS_SESSION = "imds-session-token-0123456789"
IMDS_ROLE = "irready-instance-role"
FORM_TYPE = "application/x-www-form-urlencoded; charset=utf-8"

n_tests = 0
n_fail = 0


def ok(cond, name, diag=None):
    global n_tests, n_fail
    n_tests += 1
    if not cond:
        n_fail += 1
    print("%sok %d - %s" % ("" if cond else "not ", n_tests, name))
    if not cond and diag:
        for line in str(diag).splitlines():
            print("#   " + line)
    sys.stdout.flush()


def iso(seconds_from_now):
    t = (datetime.datetime.now(datetime.timezone.utc) +
         datetime.timedelta(seconds=seconds_from_now))
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Recorder(BaseHTTPRequestHandler):
    """Records every request, then lets the subclass answer it."""
    log = None  # set per subclass
    lock = threading.Lock()

    def log_message(self, fmt, *args):
        pass

    def _record(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        rec = {"method": self.command, "path": self.path,
               "headers": {k.lower(): v for k, v in self.headers.items()},
               "body": body}
        with self.lock:
            self.log.append(rec)
        return rec

    def _send(self, status, body, ctype="text/plain", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.answer(self._record())

    def do_POST(self):
        self.answer(self._record())

    def do_PUT(self):
        self.answer(self._record())


def sts_credentials_xml(action, creds):
    ak, sk, tok = creds
    return ("<%sResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            "<%sResult><Credentials>"
            "<AccessKeyId>%s</AccessKeyId>"
            "<SecretAccessKey>%s</SecretAccessKey>"
            "<SessionToken>%s</SessionToken>"
            "<Expiration>%s</Expiration>"
            "</Credentials></%sResult>"
            "<ResponseMetadata><RequestId>rid-1</RequestId>"
            "</ResponseMetadata></%sResponse>"
            % (action, action, escape(ak), escape(sk), escape(tok),
               iso(3600), action, action))


class STS(Recorder):
    log = []

    def answer(self, rec):
        form = urllib.parse.parse_qs(rec["body"].decode(),
                                     keep_blank_values=True)
        action = form.get("Action", [""])[0]
        arn = form.get("RoleArn", [""])[0]
        if arn == DENIED:
            self._send(403,
                       "<ErrorResponse><Error><Type>Sender</Type>"
                       "<Code>AccessDenied</Code><Message>User is not "
                       "authorized to perform: sts:AssumeRole on resource: "
                       "%s</Message></Error><RequestId>rid-2</RequestId>"
                       "</ErrorResponse>" % arn, "text/xml")
        elif action in ("AssumeRole", "AssumeRoleWithWebIdentity") and \
                arn in ROLES:
            self._send(200, sts_credentials_xml(action, ROLES[arn]),
                       "text/xml")
        else:
            self._send(400, "<ErrorResponse><Error><Code>InvalidAction"
                       "</Code></Error></ErrorResponse>", "text/xml")


class SSO(Recorder):
    log = []

    def answer(self, rec):
        if rec["headers"].get("x-amz-sso_bearer_token") != SSO_BEARER:
            self._send(401, '{"message":"Session token not found or invalid"}',
                       "application/json",
                       [("x-amzn-ErrorType", "UnauthorizedException")])
            return
        self._send(200, json.dumps({"roleCredentials": {
            "accessKeyId": "ASIASSO", "secretAccessKey": "SSO/Sekr1t",
            "sessionToken": "SSO-TOKEN-Sekr1t",
            "expiration": 4070908800000}}), "application/json")


class Container(Recorder):
    log = []
    refreshes = 0

    def answer(self, rec):
        if rec["headers"].get("authorization") != CONTAINER_AUTH:
            self._send(401, '{"code":"Unauthorized","message":"bad token"}',
                       "application/json")
            return
        if rec["path"] == "/refresh":
            with self.lock:
                Container.refreshes += 1
                n = Container.refreshes
            ak = "ASIAREFRESH%d" % n
        else:
            ak = "ASIACONTAINER"
        self._send(200, json.dumps({
            "AccessKeyId": ak, "SecretAccessKey": "CONTAINER/Sekr1t",
            "Token": "CONTAINER-TOKEN-Sekr1t", "Expiration": iso(3600),
            "RoleArn": "arn:aws:iam::111122223333:role/Task"}),
            "application/json")


class IMDS(Recorder):
    log = []

    def answer(self, rec):
        h = rec["headers"]
        if rec["method"] == "PUT" and rec["path"] == "/latest/api/token":
            if "x-aws-ec2-metadata-token-ttl-seconds" not in h:
                self._send(400, "missing ttl")
            else:
                self._send(200, IMDS_SESSION)
            return
        if h.get("x-aws-ec2-metadata-token") != IMDS_SESSION:
            self._send(401, "")
            return
        base = "/latest/meta-data/iam/security-credentials/"
        if rec["path"] == base:
            self._send(200, IMDS_ROLE)
        elif rec["path"] == base + IMDS_ROLE:
            self._send(200, json.dumps({
                "Code": "Success", "LastUpdated": iso(0),
                "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS",
                "SecretAccessKey": "IMDS/Sekr1t",
                "Token": "IMDS-TOKEN-Sekr1t", "Expiration": iso(21600)}),
                "application/json")
        else:
            self._send(404, "")


def serve(handler):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, "http://127.0.0.1:%d" % srv.server_address[1]


AUTH_RE = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/"
                     r"([^/]+)/aws4_request, SignedHeaders=([^,]+), "
                     r"Signature=([0-9a-f]{64})$")


def verify_sigv4(rec):
    """Recompute the signature with botocore; returns (ok, info dict)."""
    h = rec["headers"]
    m = AUTH_RE.match(h.get("authorization", ""))
    if not m:
        return False, {"why": "no parsable Authorization header"}
    ak, date, region, service, signed, sig = m.groups()
    info = {"ak": ak, "region": region, "service": service,
            "signed": signed.split(";")}
    if ak not in SECRETS:
        info["why"] = "unknown access key"
        return False, info
    missing = [n for n in info["signed"] if n not in h]
    if missing:
        info["why"] = "signed headers not sent: %s" % missing
        return False, info
    req = AWSRequest(method=rec["method"],
                     url="http://%s%s" % (h["host"], rec["path"]),
                     headers={n: h[n] for n in info["signed"]},
                     data=rec["body"])
    req.context["timestamp"] = h.get("x-amz-date", "")
    auth = SigV4Auth(Credentials(ak, SECRETS[ak],
                                 h.get("x-amz-security-token")),
                     service, region)
    canonical = auth.canonical_request(req)
    expected = auth.signature(auth.string_to_sign(req, canonical), req)
    info["why"] = "signature %s, botocore %s\n%s" % (sig, expected, canonical)
    return expected == sig and date == h.get("x-amz-date", "")[:8], info


def form_of(rec):
    return {k: v[0] for k, v in urllib.parse.parse_qs(
        rec["body"].decode(), keep_blank_values=True).items()}


def check_sts():
    calls = [(r, form_of(r)) for r in STS.log]
    assume = [(r, f) for r, f in calls if f.get("Action") == "AssumeRole"]
    web = [(r, f) for r, f in calls
           if f.get("Action") == "AssumeRoleWithWebIdentity"]
    ok(len(assume) == 5, "sts: five AssumeRole calls (audit, audit+second, "
       "denied, direct)", [f for _, f in calls])
    for r, f in assume:
        good, info = verify_sigv4(r)
        ok(good, "sts: AssumeRole %s signature verified by botocore "
           "(key %s)" % (f.get("RoleArn", "?").split("/")[-1],
                         info.get("ak")), info.get("why"))
        ok(info.get("service") == "sts" and
           {"host", "x-amz-date", "content-type"} <= set(info.get("signed",
                                                                  [])),
           "sts: scope service sts, host/x-amz-date/content-type signed",
           info)
        ok(r["headers"].get("content-type") == FORM_TYPE and
           f.get("Version") == "2011-06-15" and r["method"] == "POST" and
           r["path"] == "/",
           "sts: POST / form, Version 2011-06-15", r["headers"])
    audit = [(r, f) for r, f in assume
             if f.get("RoleArn", "").endswith("/Audit")]
    profiled = [(r, f) for r, f in audit if "ExternalId" in f]
    ok(len(profiled) == 2, "sts: the audit profile's calls carry ExternalId",
       [f for _, f in audit])
    for r, f in profiled:
        ok(f.get("ExternalId") == "ext-123" and
           f.get("DurationSeconds") == "900" and
           f.get("RoleSessionName") == "irready-test",
           "sts: external_id, duration_seconds, role_session_name sent", f)
        ok(verify_sigv4(r)[1].get("ak") == "AKIDBASEEXAMPLE" and
           "x-amz-security-token" not in r["headers"],
           "sts: audit role assumed with the source_profile's static keys")
    ok(verify_sigv4(profiled[0][0])[1].get("region") == "us-west-2"
       if profiled else False,
       "sts: signed for the profile's region (us-west-2)")
    second = [(r, f) for r, f in assume
              if f.get("RoleArn", "").endswith("/Second")]
    ok(len(second) == 1, "sts: one chained call for role Second")
    if second:
        r, f = second[0]
        info = verify_sigv4(r)[1]
        ok(info.get("ak") == "ASIAAUDIT" and
           r["headers"].get("x-amz-security-token") == "AUDIT-TOKEN-Sekr1t"
           and "x-amz-security-token" in info.get("signed", []),
           "sts: chained call signed with the first role's keys and token",
           info)
    direct = [f for _, f in audit if "ExternalId" not in f]
    ok(len(direct) == 1 and
       re.match(r"^irready-\d+$", direct[0].get("RoleSessionName", "")) and
       "DurationSeconds" not in direct[0],
       "sts: aws_creds_assume_role defaults (irready-<epoch>, no duration)",
       direct)
    ok(len(web) == 1, "sts: one AssumeRoleWithWebIdentity call")
    if web:
        r, f = web[0]
        ok("authorization" not in r["headers"] and
           "x-amz-security-token" not in r["headers"],
           "sts: web identity call is unsigned", r["headers"])
        ok(f.get("WebIdentityToken") == "eyJ.web.identity.token" and
           f.get("RoleSessionName") == "webid-session" and
           f.get("RoleArn") == "arn:aws:iam::111122223333:role/WebId",
           "sts: web identity token (trimmed), role and session name", f)


def check_sso():
    ok(len(SSO.log) == 1, "sso: one GetRoleCredentials call")
    if SSO.log:
        r = SSO.log[0]
        u = urllib.parse.urlsplit(r["path"])
        q = dict(urllib.parse.parse_qsl(u.query))
        ok(r["method"] == "GET" and u.path == "/federation/credentials" and
           q == {"role_name": "ReadOnly", "account_id": "111122223333"},
           "sso: GET /federation/credentials?role_name&account_id", r["path"])
        ok(r["headers"].get("x-amz-sso_bearer_token") == SSO_BEARER,
           "sso: x-amz-sso_bearer_token from the login cache")


def check_container():
    creds = [r for r in Container.log if r["path"] == "/creds"]
    ok(len(creds) == 1 and creds[0]["method"] == "GET",
       "container: one GET of the full URI")
    ok(all(r["headers"].get("authorization") == CONTAINER_AUTH
           for r in Container.log),
       "container: Authorization from the token file (not the variable)",
       [r["headers"].get("authorization") for r in Container.log])
    ok(Container.refreshes == 2,
       "container: exactly two fetches for fetch + cached + refresh",
       Container.refreshes)


def check_imds():
    puts = [r for r in IMDS.log if r["method"] == "PUT"]
    gets = [r for r in IMDS.log if r["method"] == "GET"]
    ok(len(puts) >= 1 and all(
        r["path"] == "/latest/api/token" and
        r["headers"].get("x-aws-ec2-metadata-token-ttl-seconds") == "21600"
        for r in puts),
       "imds: PUT /latest/api/token with the TTL header",
       [(r["path"], r["headers"]) for r in puts])
    ok(IMDS.log and IMDS.log[0]["method"] == "PUT",
       "imds: the token comes first (IMDSv2)")
    ok(gets and all(r["headers"].get("x-aws-ec2-metadata-token") ==
                    IMDS_SESSION for r in gets),
       "imds: every GET carries the session token")
    paths = [r["path"] for r in gets]
    base = "/latest/meta-data/iam/security-credentials/"
    ok(base in paths and base + IMDS_ROLE in paths,
       "imds: role name, then the role's credentials", paths)


def main():
    servers = {}
    for name, cls in (("STS", STS), ("SSO", SSO), ("CONTAINER", Container),
                      ("IMDS", IMDS)):
        servers[name] = serve(cls)
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    for name, (_, url) in servers.items():
        env["IRREADY_LIVE_" + name] = url

    if not os.access(BIN, os.X_OK):
        ok(False, "%s is built (make %s)" % (BIN, BIN))
        print("1..%d" % n_tests)
        return 1
    try:
        p = subprocess.run([BIN, "--live"], env=env, capture_output=True,
                           text=True, timeout=120)
        out, rc = p.stdout, p.returncode
        err = p.stderr
    except subprocess.TimeoutExpired as e:
        out, rc, err = (e.stdout or ""), -1, "timeout"
        if isinstance(out, bytes):
            out = out.decode(errors="replace")
    c_tests = 0
    for line in out.splitlines():
        m = re.match(r"^(not )?ok \d+ - (.*)$", line)
        if m:
            c_tests += 1
            ok(not m.group(1), "c: " + m.group(2))
        elif line.startswith("#") or line.startswith("Bail out!"):
            print(line)
    ok(rc == 0 and c_tests > 30,
       "test_creds --live exited 0 after %d tests" % c_tests,
       (err or "")[-2000:])
    for leak in ("Sekr1t",):
        ok(leak not in err, "nothing secret on test_creds's stderr")

    check_sts()
    check_sso()
    check_container()
    check_imds()
    for srv, _ in servers.values():
        srv.shutdown()
    print("1..%d" % n_tests)
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
