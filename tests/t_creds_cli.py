#!/usr/bin/python3
# t_creds_cli.py -- credentials like the AWS CLI, end to end through
# `irready audit`: MFA on an assumed role, SSO token refresh
#
#   mfa  tests/aws_endpoint.py serves fixtures/neglected with a base key;
#        a profile assumes a role with mfa_serial. --mfa-token CODE: one
#        sts:AssumeRole carrying SerialNumber and TokenCode, then the audit
#        signed with the minted keys; on a terminal (a pty) without
#        --mfa-token: irready asks "Enter MFA code for <serial>:" on the
#        terminal and sends what was typed; neither (stdin not a terminal):
#        a clear error naming --mfa-token before any call; a code that is
#        not six digits: exit 2
#   sso  an sso-session profile whose cached token expired (or expires
#        within 15 minutes) but has a refresh token: irready calls
#        sso-oidc:CreateToken (grantType refresh_token, the cached client
#        id, secret and refresh token) on a local stand-in
#        (AWS_ENDPOINT_URL_SSO_OIDC), uses the new token for
#        sso:GetRoleCredentials (AWS_ENDPOINT_URL_SSO, the same stand-in),
#        and rewrites the cache (new token, expiry and refresh token, mode
#        0600); a refused refresh of an expired token says to run aws sso
#        login; a token valid for long is used without a refresh
#
# Run from the repository root with Debian's /usr/bin/python3; O is the
# build directory (default "build").
import datetime
import hashlib
import json
import os
import pty
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

O = os.environ.get("O", "build")
IRREADY = os.path.join(O, "irready")
ACCOUNT = "444455556666"
AKID, SECRET = "AKIDMFABASE", "mfa-base-secret"
BASE_ACCOUNT = "999988887777"  # the base key's: not the audited account
SERIAL = "arn:aws:iam::%s:mfa/alice" % ACCOUNT
ROLE = "arn:aws:iam::%s:role/IRReadyAudit" % ACCOUNT
NOW = "2026-11-28T00:00:00Z"
CHECK = "iam_root_protected"

n_tests = 0
n_fail = 0


def ok(cond, name, diag=None):
    global n_tests, n_fail
    n_tests += 1
    if not cond:
        n_fail += 1
    print("%sok %d - %s" % ("" if cond else "not ", n_tests, name))
    if not cond and diag:
        for line in str(diag).splitlines()[:30]:
            print("#   " + line)
    sys.stdout.flush()


TMP = tempfile.mkdtemp(prefix="t_creds_cli.")


def env_for(home, extra=None):
    e = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
         "TZ": "UTC", "AWS_CONFIG_FILE": os.path.join(home, "config"),
         "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"),
         "AWS_EC2_METADATA_DISABLED": "true", "NO_COLOR": "1"}
    e.update(extra or {})
    return e


def audit_args(port, out, *more):
    return [IRREADY, "audit", "--endpoint-url", "http://127.0.0.1:%d" % port,
            "--allow-insecure-http", "--region", "us-east-1",
            "--regions", "us-east-1", "--checks", CHECK, "--now", NOW,
            "--quiet", "--format", "csv", "--output-dir", out] + list(more)


def start_endpoint(log, account):
    p = subprocess.Popen([sys.executable, "tests/aws_endpoint.py",
                          "fixtures/neglected", "--quiet", "--log", log,
                          "--key", "%s:%s:%s" % (AKID, SECRET, account)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    line = p.stdout.readline()
    port = int(line.split()[1]) if line.startswith("PORT ") else 0
    return p, port


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def read_log(log):
    if not os.path.exists(log):
        return []
    with open(log, encoding="utf-8") as f:
        return [json.loads(ln) for ln in f if ln.strip()]


def assumes(recs):
    return [r["assume"] for r in recs if r.get("assume")]


def run_pty(argv, env, answer):
    """Run 'argv' on a new terminal; answer the MFA prompt with 'answer'.
    Returns (exit status, everything the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    seen = b""
    answered = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 1.0)
        if fd in r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if not answered and b"Enter MFA code for" in seen and \
                    seen.rstrip().endswith(b":"):
                os.write(fd, answer.encode() + b"\n")
                answered = True
        else:
            wpid, status = os.waitpid(pid, os.WNOHANG)
            if wpid:
                os.close(fd)
                return os.waitstatus_to_exitcode(status), seen.decode(
                    "utf-8", "replace")
    try:
        os.close(fd)
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


def t_mfa():
    home = os.path.join(TMP, "mfa")
    os.makedirs(home)
    with open(os.path.join(home, "config"), "w") as f:
        f.write("[profile base]\naws_access_key_id = %s\n"
                "aws_secret_access_key = %s\n\n"
                "[profile mfa]\nrole_arn = %s\nsource_profile = base\n"
                "mfa_serial = %s\nregion = us-east-1\n"
                % (AKID, SECRET, ROLE, SERIAL))
    log = os.path.join(home, "endpoint.jsonl")
    ep, port = start_endpoint(log, BASE_ACCOUNT)
    if not port:
        ok(False, "tests/aws_endpoint.py starts", ep.stderr.read())
        return
    try:
        out = os.path.join(home, "flag")
        p = subprocess.run(audit_args(port, out, "--profile", "mfa",
                                      "--mfa-token", "123456"),
                           env=env_for(home), stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=300)
        recs = read_log(log)
        a = assumes(recs)
        ok(p.returncode in (0, 1) and
           os.path.exists(os.path.join(out, "findings.csv")),
           "--mfa-token: the audit through the MFA role completes (exit %d)"
           % p.returncode, p.stderr)
        ok(len(a) == 1 and a[0]["role_arn"] == ROLE and
           a[0]["mfa_serial"] == SERIAL and a[0]["mfa_code"] == "123456",
           "one sts:AssumeRole with SerialNumber %s and TokenCode 123456"
           % SERIAL, json.dumps(a))
        later = [r for r in recs if not r.get("assume")]
        ok(later and all(r["account"] == ACCOUNT and r["signature_ok"]
                         for r in later) and
           not any(r.get("auth_error") for r in later),
           "the audit's %d calls are signed with the role's keys (account "
           "%s, not the base key's %s)" % (len(later), ACCOUNT,
                                            BASE_ACCOUNT),
           json.dumps(later[:2]))

        open(log, "w").close()
        code, shown = run_pty(audit_args(port, os.path.join(home, "tty"),
                                         "--profile", "mfa"),
                              env_for(home), "654321")
        a = assumes(read_log(log))
        ok("Enter MFA code for %s:" % SERIAL in shown and code in (0, 1),
           "on a terminal: asked \"Enter MFA code for %s:\" (exit %s)"
           % (SERIAL, code), shown[-2000:])
        ok(len(a) == 1 and a[0]["mfa_code"] == "654321" and
           a[0]["mfa_serial"] == SERIAL,
           "... and the typed code is the TokenCode sent", json.dumps(a))

        open(log, "w").close()
        p = subprocess.run(audit_args(port, os.path.join(home, "none"),
                                      "--profile", "mfa"),
                           env=env_for(home), stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=300)
        ok(p.returncode >= 2 and "MfaCodeRequired" in p.stderr and
           "--mfa-token" in p.stderr and SERIAL in p.stderr and
           not read_log(log),
           "neither --mfa-token nor a terminal: exit %d, a clear error "
           "naming --mfa-token and the serial, no call made"
           % p.returncode, p.stderr)
        p = subprocess.run(audit_args(port, os.path.join(home, "bad"),
                                      "--profile", "mfa", "--mfa-token",
                                      "12345"),
                           env=env_for(home), stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
        ok(p.returncode == 2 and "six-digit" in p.stderr,
           "--mfa-token 12345: usage error, exit 2 (got %d)" % p.returncode,
           p.stderr)
    finally:
        stop(ep)


# ---------------------------------------------------------------- sso
class SsoStandIn(BaseHTTPRequestHandler):
    """sso-oidc:CreateToken (POST /token) and sso:GetRoleCredentials
    (GET /federation/credentials) on one port."""

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, obj, error_type=None):
        body = json.dumps(obj).encode()
        self.send_response(status)
        if error_type:
            self.send_header("x-amzn-ErrorType", error_type)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        st = self.server.state
        n = int(self.headers.get("Content-Length") or 0)
        req = json.loads(self.rfile.read(n) or b"{}")
        st["create_token"].append(req)
        if st["refuse"]:
            return self.reply(400, {"error": "invalid_grant",
                                    "error_description":
                                        "Refresh token has expired"},
                              "InvalidGrantException")
        self.reply(200, {"accessToken": "NEW-ACCESS-TOKEN",
                         "expiresIn": 28800, "tokenType": "Bearer",
                         "refreshToken": "NEW-REFRESH-TOKEN"})

    def do_GET(self):
        st = self.server.state
        st["get_role"].append({"path": self.path, "bearer": self.headers.get(
            "x-amz-sso_bearer_token")})
        if self.headers.get("x-amz-sso_bearer_token") not in st["valid"]:
            return self.reply(401, {"message": "Session token not found or "
                                    "invalid"})
        exp = int(time.time() + 3600) * 1000
        self.reply(200, {"roleCredentials": {
            "accessKeyId": AKID, "secretAccessKey": SECRET,
            "sessionToken": "", "expiration": exp}})


def iso(seconds_from_now):
    t = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(seconds=seconds_from_now)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def t_sso():
    home = os.path.join(TMP, "sso")
    cache_dir = os.path.join(home, ".aws", "sso", "cache")
    os.makedirs(cache_dir)
    with open(os.path.join(home, "config"), "w") as f:
        f.write("[profile dev]\nsso_session = corp\nsso_account_id = %s\n"
                "sso_role_name = Audit\nregion = us-east-1\n\n"
                "[sso-session corp]\nsso_start_url = https://corp.awsapps."
                "com/start\nsso_region = us-east-1\n"
                "sso_registration_scopes = sso:account:access\n" % ACCOUNT)
    cache = os.path.join(cache_dir,
                         hashlib.sha1(b"corp").hexdigest() + ".json")
    state = {"create_token": [], "get_role": [], "refuse": False,
             "valid": {"NEW-ACCESS-TOKEN", "STILL-VALID-TOKEN"}}
    srv = ThreadingHTTPServer(("127.0.0.1", 0), SsoStandIn)
    srv.state = state
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    sso_url = "http://127.0.0.1:%d" % srv.server_address[1]
    log = os.path.join(home, "endpoint.jsonl")
    ep, port = start_endpoint(log, ACCOUNT)

    def lay(access, expires_in):
        with open(cache, "w") as f:
            json.dump({"startUrl": "https://corp.awsapps.com/start",
                       "region": "us-east-1", "accessToken": access,
                       "expiresAt": iso(expires_in),
                       "clientId": "CLIENT-ID", "clientSecret": "CLIENT-SECRET",
                       "registrationExpiresAt": iso(86400 * 30),
                       "refreshToken": "OLD-REFRESH-TOKEN"}, f)
        state["create_token"].clear()
        state["get_role"].clear()

    def audit(name):
        return subprocess.run(
            audit_args(port, os.path.join(home, name), "--profile", "dev"),
            env=env_for(home, {"AWS_ENDPOINT_URL_SSO": sso_url,
                               "AWS_ENDPOINT_URL_SSO_OIDC": sso_url}),
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=300)
    try:
        if not port:
            ok(False, "tests/aws_endpoint.py starts", ep.stderr.read())
            return
        for label, expires_in in (("expired an hour ago", -3600),
                                  ("expiring in 5 minutes", 300)):
            lay("OLD-ACCESS-TOKEN", expires_in)
            p = audit("refresh")
            ct = state["create_token"]
            ok(p.returncode in (0, 1) and len(ct) == 1 and ct[0] == {
                "clientId": "CLIENT-ID", "clientSecret": "CLIENT-SECRET",
                "grantType": "refresh_token",
                "refreshToken": "OLD-REFRESH-TOKEN"},
               "SSO token %s: one CreateToken with grantType refresh_token "
               "and the cached client and refresh token (exit %d)"
               % (label, p.returncode), "%r\n%s" % (ct, p.stderr))
            ok([g["bearer"] for g in state["get_role"]] ==
               ["NEW-ACCESS-TOKEN"] and
               "role_name=Audit" in state["get_role"][0]["path"] and
               "account_id=%s" % ACCOUNT in state["get_role"][0]["path"],
               "... GetRoleCredentials with the new token",
               json.dumps(state["get_role"]))
            with open(cache) as f:
                c = json.load(f)
            mode = stat.S_IMODE(os.stat(cache).st_mode)
            exp = datetime.datetime.strptime(c["expiresAt"],
                                             "%Y-%m-%dT%H:%M:%SZ")
            left = (exp.replace(tzinfo=datetime.timezone.utc) -
                    datetime.datetime.now(datetime.timezone.utc))
            ok(c["accessToken"] == "NEW-ACCESS-TOKEN" and
               c["refreshToken"] == "NEW-REFRESH-TOKEN" and
               7.5 * 3600 < left.total_seconds() <= 8 * 3600 + 60 and
               c["clientSecret"] == "CLIENT-SECRET" and mode == 0o600,
               "... and the cache holds the new token, expiry (8 h) and "
               "refresh token, mode %o" % mode,
               json.dumps({k: c[k] for k in ("accessToken", "expiresAt",
                                             "refreshToken")}))
        lay("STILL-VALID-TOKEN", 4 * 3600)
        p = audit("valid")
        ok(p.returncode in (0, 1) and not state["create_token"] and
           [g["bearer"] for g in state["get_role"]] ==
           ["STILL-VALID-TOKEN"],
           "a token valid for 4 hours is used as it is, no refresh",
           p.stderr)
        lay("OLD-ACCESS-TOKEN", -60)
        state["refuse"] = True
        p = audit("refused")
        ok(p.returncode >= 2 and len(state["create_token"]) == 1 and
           "SSOTokenExpired" in p.stderr and "aws sso login" in p.stderr
           and "InvalidGrantException: invalid_grant: Refresh token has "
           "expired" in p.stderr and not state["get_role"],
           "an expired token whose refresh is refused: exit %d, says why "
           "and to run aws sso login" % p.returncode, p.stderr)
    finally:
        stop(ep)
        srv.shutdown()


def main():
    if not os.path.exists(IRREADY):
        print("not ok 1 - %s is built" % IRREADY)
        print("1..1")
        return 1
    t_mfa()
    t_sso()
    shutil.rmtree(TMP, ignore_errors=True)
    print("1..%d" % n_tests)
    return 1 if n_fail else 0


sys.exit(main())
