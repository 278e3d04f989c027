#!/usr/bin/python3
# t_endpoint_strict.py -- tests/aws_endpoint.py is as strict as AWS about
# what a request signs
#
# A stand-in that only re-checks the headers the client chose to sign lets
# a signer bug through (dropping x-amz-content-sha256 still "verified").
# Each rule gets a request that is correctly signed over the headers it
# lists, so the only thing wrong is the rule:
#   - host must be a signed header;
#   - every x-amz-* header sent must be signed (x-amz-meta-*, and the
#     session token);
#   - an S3 request signs x-amz-content-sha256 (sent and signed);
#   - X-Amz-Date more than 15 minutes from the server's clock is refused
#     (ec2 RequestExpired, S3 RequestTimeTooSkewed), 14 minutes is not;
# and each refusal is the protocol's documented error envelope and status.
# A correctly signed control request of each kind is served.
#
# TAP output; run from the repository root with Debian's /usr/bin/python3.
import datetime
import http.client
import os
import re
import sys
import tempfile
from unittest import mock

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
    import aws_endpoint as ae
except ImportError as e:
    print("not ok 1 - import botocore / aws_endpoint (%s)" % e)
    print("1..1")
    sys.exit(1)

AKID, SECRET = ae.DEFAULT_AKID, ae.DEFAULT_SECRET
TMP_AKID, TMP_SECRET, TOKEN = "ASIASTRICTTESTKEY", "strict-secret", "tok-1"
ACCOUNT = "111122223333"
_n = 0
_failed = 0


def ok(cond, desc, diag=None):
    global _n, _failed
    _n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", _n, desc))
    if not cond:
        _failed += 1
        if diag is not None:
            for ln in str(diag).rstrip("\n").split("\n")[:30]:
                print("#   " + ln)
    sys.stdout.flush()
    return cond


class FixedDatetime(datetime.datetime):
    fixed = None

    @classmethod
    def utcnow(cls):
        return cls.fixed

    @classmethod
    def now(cls, tz=None):
        return cls.fixed if tz is None else cls.fixed.replace(tzinfo=tz)


def signer_class(base, drop=()):
    """'base' (SigV4Auth or S3SigV4Auth) that leaves the headers in 'drop'
    out of SignedHeaders: the signature stays right for what it lists."""
    class Signer(base):
        def headers_to_sign(self, request):
            h = super().headers_to_sign(request)
            for name in drop:
                if name in h:
                    del h[name]
            return h
    return Signer


def call(port, method, path, service, region, body=b"", headers=None,
         akid=AKID, secret=SECRET, token=None, drop=(), when=None,
         after=None, s3=None):
    """Sign with botocore (S3SigV4Auth for s3 unless s3=False), leaving
    'drop' unsigned; 'after' adds headers after signing. Returns (status,
    body text)."""
    host = "127.0.0.1:%d" % port
    req = botocore.awsrequest.AWSRequest(
        method=method, url="http://%s%s" % (host, path), data=body,
        headers=dict(headers or {}))
    req.headers["Host"] = host
    if s3 is None:
        s3 = service == "s3"
    base = botocore.auth.S3SigV4Auth if s3 else botocore.auth.SigV4Auth
    signer = signer_class(base, drop)(
        botocore.credentials.Credentials(akid, secret, token), service,
        region)
    if when is not None:
        FixedDatetime.fixed = when.replace(tzinfo=None)
        with mock.patch.object(botocore.auth.datetime, "datetime",
                               FixedDatetime):
            signer.add_auth(req)
    else:
        signer.add_auth(req)
    hdrs = dict(req.headers.items())
    hdrs.update(after or {})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def code_of(text):
    m = re.search(r"<Code>([^<]*)</Code>", text)
    if m:
        return m.group(1)
    m = re.search(r'"__type"\s*:\s*"(?:[^"#]*#)?([^"]*)"', text)
    return m.group(1) if m else None


EC2_FORM = "application/x-www-form-urlencoded; charset=utf-8"
EC2_BODY = b"Action=DescribeVpcs&Version=2016-11-15"


def ec2(port, **kw):
    return call(port, "POST", "/", "ec2", "us-east-1", EC2_BODY,
                {"Content-Type": EC2_FORM}, **kw)


def s3(port, **kw):
    return call(port, "GET", "/", "s3", "us-east-1", **kw)


def kms(port, **kw):
    return call(port, "POST", "/", "kms", "us-east-1", b"{}",
                {"Content-Type": "application/x-amz-json-1.1",
                 "X-Amz-Target": "TrentService.ListKeys"}, **kw)


def expect(res, status, code, desc):
    st, text = res
    return ok(st == status and code_of(text) == code,
              "%s -> %d %s" % (desc, status, code),
              "got %s %s\n%s" % (st, code_of(text), text[:600]))


def main():
    tmp = tempfile.mkdtemp(prefix="irready-strict-")
    log = os.path.join(tmp, "endpoint.log")
    port, stop, _ = ae.start(
        "fixtures/well-prepared", log=log, quiet=True,
        keys=["%s:%s:%s" % (AKID, SECRET, ACCOUNT),
              "%s:%s:%s:%s" % (TMP_AKID, TMP_SECRET, ACCOUNT, TOKEN)])
    now = datetime.datetime.now(datetime.timezone.utc)
    try:
        # controls: signed as AWS wants, served
        st, text = ec2(port)
        ok(st == 200 and "<vpcSet>" in text,
           "control: ec2 DescribeVpcs signed over host and x-amz-date -> "
           "200", (st, text[:300]))
        st, text = s3(port)
        ok(st == 200 and "ListAllMyBucketsResult" in text,
           "control: s3 ListBuckets signed over host, x-amz-date and "
           "x-amz-content-sha256 -> 200", (st, text[:300]))
        st, text = kms(port)
        ok(st == 200, "control: kms ListKeys (json, X-Amz-Target signed) "
           "-> 200", (st, text[:300]))
        st, text = ec2(port, akid=TMP_AKID, secret=TMP_SECRET, token=TOKEN)
        ok(st == 200, "control: a session key with X-Amz-Security-Token "
           "signed -> 200", (st, text[:300]))

        # host
        expect(ec2(port, drop=("host",)), 403, "SignatureDoesNotMatch",
               "ec2: host left out of SignedHeaders")
        expect(s3(port, drop=("host",)), 403, "SignatureDoesNotMatch",
               "s3: host left out of SignedHeaders")

        # x-amz-* sent, not signed
        expect(ec2(port, after={"X-Amz-Meta-Note": "added later"}), 403,
               "SignatureDoesNotMatch",
               "ec2: an x-amz-meta-note header sent but not signed")
        expect(kms(port, drop=("x-amz-target",)), 400,
               "InvalidSignatureException",
               "kms (json): X-Amz-Target sent but not signed")
        expect(ec2(port, akid=TMP_AKID, secret=TMP_SECRET, token=TOKEN,
                   drop=("x-amz-security-token",)), 403,
               "SignatureDoesNotMatch",
               "ec2: X-Amz-Security-Token sent but not signed")
        expect(ec2(port, drop=("x-amz-date",)), 403,
               "SignatureDoesNotMatch",
               "ec2: X-Amz-Date sent but not signed")

        # S3: x-amz-content-sha256 signed
        expect(s3(port, drop=("x-amz-content-sha256",)), 403,
               "SignatureDoesNotMatch",
               "s3: x-amz-content-sha256 sent but not signed")
        expect(s3(port, s3=False), 403, "SignatureDoesNotMatch",
               "s3: no x-amz-content-sha256 at all (plain SigV4)")

        # clock skew: AWS allows 15 minutes either way
        m16 = datetime.timedelta(minutes=16)
        m14 = datetime.timedelta(minutes=14)
        expect(ec2(port, when=now - m16), 400, "RequestExpired",
               "ec2: X-Amz-Date 16 minutes old")
        expect(ec2(port, when=now + m16), 400, "RequestExpired",
               "ec2: X-Amz-Date 16 minutes ahead")
        st, text = ec2(port, when=now - m14)
        ok(st == 200, "ec2: X-Amz-Date 14 minutes old is within AWS's 15 "
           "minutes -> 200", (st, text[:300]))
        expect(s3(port, when=now - m16), 403, "RequestTimeTooSkewed",
               "s3: X-Amz-Date 16 minutes old")
        expect(s3(port, when=now + m16), 403, "RequestTimeTooSkewed",
               "s3: X-Amz-Date 16 minutes ahead")
        st, text = s3(port, when=now + m14)
        ok(st == 200, "s3: X-Amz-Date 14 minutes ahead -> 200",
           (st, text[:300]))
    finally:
        stop()
    recs = ae.read_log(log)
    why = [r["auth_error"] or "" for r in recs if not r["signature_ok"]]
    ok(any("host is not a signed header" in w for w in why) and
       any("x-amz-meta-note was sent but is not a signed header" in w
           for w in why) and
       any("x-amz-content-sha256" in w for w in why) and
       any("clock skew" in w for w in why),
       "the log names each rule that refused a request (%d refusals)"
       % len(why), "\n".join(why))
    ok(len(why) == 12, "12 requests refused, the 6 others served",
       "\n".join(why))
    print("1..%d" % _n)
    return 1 if _failed else 0


if __name__ == "__main__":
    sys.exit(main())
