#!/usr/bin/python3
# t_sigv4_botocore.py -- differential test: aws_sigv4.c against botocore
#
# Generates a few hundred seeded random requests (query-protocol form
# POSTs, JSON-protocol POSTs, REST GETs with awkward paths and queries, S3
# path-style and virtual-host requests, empty and >1 MiB bodies, with and
# without session tokens, many regions and services), signs each with
# Debian's python3-botocore (SigV4Auth / S3SigV4Auth on an AWSRequest with
# the clock pinned), signs the same requests with $O/tests/tools/sigv4_cli
# in one run, and compares the Authorization headers exactly. TAP output;
# a failure shows both canonical requests. Run with /usr/bin/python3 (the
# Debian interpreter that has botocore); O is the build dir (default
# "build"). Exit 0 only when every request matches.
import base64
import datetime
import json
import os
import random
import subprocess
import sys
import types
from unittest import mock

try:
    import botocore
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
    from botocore.utils import percent_encode, percent_encode_sequence
except ImportError as e:
    print("not ok 1 - import botocore (%s); run with Debian's "
          "/usr/bin/python3 and python3-botocore" % e)
    print("1..1")
    sys.exit(1)

SEED = 20150830
O = os.environ.get("O", "build")
CLI = os.path.join(O, "tests", "tools", "sigv4_cli")

REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1",
           "eu-central-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1",
           "af-south-1", "me-south-1", "cn-north-1", "us-gov-west-1"]
QUERY_SERVICES = [("sts", "2011-06-15", ["GetCallerIdentity",
                                         "AssumeRole"]),
                  ("iam", "2010-05-08", ["ListUsers", "GetAccountSummary",
                                         "GenerateCredentialReport"]),
                  ("ec2", "2016-11-15", ["DescribeInstances",
                                         "DescribeFlowLogs"]),
                  ("sns", "2010-03-31", ["ListTopics"]),
                  ("sqs", "2012-11-05", ["ListQueues"]),
                  ("cloudformation", "2010-05-15", ["DescribeStacks"]),
                  ("rds", "2014-10-31", ["DescribeDBInstances"]),
                  ("elasticloadbalancing", "2015-12-01",
                   ["DescribeLoadBalancers"]),
                  ("monitoring", "2010-08-01", ["DescribeAlarms"])]
JSON_SERVICES = [("logs", "Logs_20140328", "1.1",
                  ["DescribeLogGroups", "DescribeMetricFilters"]),
                 ("dynamodb", "DynamoDB_20120810", "1.0", ["ListTables"]),
                 ("kms", "TrentService", "1.1", ["ListKeys",
                                                 "GetKeyRotationStatus"]),
                 ("config", "StarlingDoveService", "1.1",
                  ["DescribeConfigurationRecorders"]),
                 ("cloudtrail",
                  "com.amazonaws.cloudtrail.v20131101."
                  "CloudTrail_20131101", "1.1", ["DescribeTrails"]),
                 ("access-analyzer", "AccessAnalyzer", "1.0",
                  ["ListAnalyzers"])]
REST_SERVICES = ["guardduty", "securityhub", "lambda", "apigateway",
                 "execute-api", "backup", "detective", "es"]
# Characters for awkward names: unreserved, reserved, space, percent,
# and multi-byte UTF-8 (two, three and four bytes).
CHARS = (list("abcXYZ019-._~") + list(" /+=&~*%!'()$,;:@?#[]\"<>^`{|}\\") +
         ["\u00e9", "\u00df", "\u1234", "\u65e5\u672c", "\U0001f600",
          "\u00a0"])


def rstr(rng, lo=1, hi=12, chars=CHARS):
    return "".join(rng.choice(chars) for _ in range(rng.randint(lo, hi)))


def rident(rng, lo=3, hi=12):
    alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(alnum) for _ in range(rng.randint(lo, hi)))


def rcreds(rng):
    up = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    b64 = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
           "0123456789+/")
    token = None
    if rng.random() < 0.4:
        token = "".join(rng.choice(b64) for _ in range(rng.randint(
            100, 800)))
        if rng.random() < 0.3:
            token = "IQoJb3JpZ2luX2VjE//////////" + token + "=="
    ak = ("ASIA" if token else "AKIA") + "".join(
        rng.choice(up) for _ in range(16))
    sk = "".join(rng.choice(b64) for _ in range(40))
    return ak, sk, token


def rtime(rng):
    start = datetime.datetime(2015, 1, 1)
    return start + datetime.timedelta(seconds=rng.randint(0, 15 * 365 *
                                                          86400))


def rpairs(rng, n):
    pairs = []
    for _ in range(n):
        key = rng.choice(["Filter", "Name", "MaxResults", "prefix",
                          "marker", rident(rng), rstr(rng, 1, 6)])
        pairs.append((key, rstr(rng, 0, 14)))
    if pairs and rng.random() < 0.3:
        # repeated key: canonical order is by key, then value
        pairs.append((pairs[0][0], rstr(rng, 0, 8)))
    return pairs


def rquery(rng):
    if rng.random() < 0.3:
        return ""
    q = percent_encode_sequence(rpairs(rng, rng.randint(1, 6)))
    if rng.random() < 0.15:
        q += "&" + rng.choice(["versioning", "acl", "uploads", "flag"])
    return q


def rheaders(rng):
    """Extra headers: mixed case, inner whitespace runs, repeats."""
    hs = []
    if rng.random() < 0.3:
        hs.append(("User-Agent", "Boto3/1.26 irready-test"))
    if rng.random() < 0.25:
        hs.append(("X-Irready-Trim", "  a \t b    c  "))
    if rng.random() < 0.15:
        hs.append(("X-Irready-Empty", rng.choice(["", "   "])))
    if rng.random() < 0.15:
        hs.append(("X-Irready-Dup", "second"))
        hs.append(("x-irready-dup", "first,  again"))
    if rng.random() < 0.1:
        hs.append(("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"))
    return hs


def rjson(rng, depth=0):
    kind = rng.random()
    if depth < 3 and kind < 0.3:
        return {rstr(rng, 1, 8): rjson(rng, depth + 1)
                for _ in range(rng.randint(0, 4))}
    if depth < 3 and kind < 0.45:
        return [rjson(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if kind < 0.6:
        return rng.randint(-10**9, 10**9)
    if kind < 0.65:
        return rng.choice([True, False, None])
    return rstr(rng, 0, 20)


def rpath_segment(rng):
    r = rng.random()
    if r < 0.35:
        return rident(rng)
    if r < 0.7:  # a non-greedy label: every reserved character encoded
        return percent_encode(rstr(rng), safe="")
    if r < 0.8:  # a greedy label: '/' kept
        return percent_encode(rstr(rng), safe="/~")
    return rng.choice([".", "..", "", "%2E", "v1"])


def host_for(rng, service, region):
    suffix = ".amazonaws.com.cn" if region.startswith("cn-") else \
        ".amazonaws.com"
    return "%s.%s%s" % (service, region, suffix)


def gen_query(rng):
    service, version, actions = rng.choice(QUERY_SERVICES)
    region = rng.choice(REGIONS)
    if service == "iam":
        host, region = "iam.amazonaws.com", "us-east-1"
    elif service == "sts" and rng.random() < 0.3:
        host, region = "sts.amazonaws.com", "us-east-1"
    else:
        host = host_for(rng, service, region)
    data = {"Action": rng.choice(actions), "Version": version}
    for key, value in rpairs(rng, rng.randint(0, 6)):
        data[key] = value
    return dict(kind="query", method="POST", url="https://%s/" % host,
                service=service, region=region, data=data,
                headers=[("Content-Type", "application/x-www-form-urlencoded;"
                          " charset=utf-8")] + rheaders(rng))


def gen_json(rng, big=False):
    service, prefix, ver, ops = rng.choice(JSON_SERVICES)
    region = rng.choice(REGIONS)
    obj = rjson(rng)
    if big:
        obj = {"Blob": rstr(rng, 1 << 20, (1 << 20) + 5000)}
    body = json.dumps(obj, ensure_ascii=rng.random() < 0.5)
    data = body if rng.random() < 0.5 else body.encode("utf-8")
    return dict(kind="json", method="POST",
                url="https://%s/" % host_for(rng, service, region),
                service=service, region=region, data=data,
                headers=[("X-Amz-Target", "%s.%s" % (prefix,
                                                      rng.choice(ops))),
                         ("Content-Type",
                          "application/x-amz-json-%s" % ver)] +
                rheaders(rng))


def gen_rest(rng):
    service = rng.choice(REST_SERVICES)
    region = rng.choice(REGIONS)
    host = host_for(rng, service, region)
    scheme = "https"
    if rng.random() < 0.1:
        scheme, host = rng.choice([("http", "localhost:4566"),
                                   ("https", "%s:8443" % host),
                                   ("http", "%s:80" % host)])
    path = "/" + "/".join(rpath_segment(rng)
                          for _ in range(rng.randint(0, 6)))
    if rng.random() < 0.2:
        path += "/"
    query = rquery(rng)
    url = "%s://%s%s" % (scheme, host, path)
    if query:
        url += "?" + query
    method = rng.choice(["GET", "GET", "GET", "DELETE", "HEAD"])
    return dict(kind="rest", method=method, url=url, service=service,
                region=region, data=None, headers=rheaders(rng),
                unsigned=rng.random() < 0.08)


def gen_s3(rng, big=False):
    region = rng.choice(REGIONS)
    bucket = rident(rng, 3, 20)
    key = "/".join(rstr(rng, 1, 10) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.3:  # S3 keeps these: no normalisation
        key = rng.choice(["a//b", "./x", "../y", "d/./e/../f", "g/"]) + key
    ekey = percent_encode(key, safe="/~")
    suffix = ".amazonaws.com.cn" if region.startswith("cn-") else \
        ".amazonaws.com"
    scheme = rng.choice(["https", "https", "http"])
    if rng.random() < 0.5:
        host = "s3.%s%s" % (region, suffix)
        path = "/%s/%s" % (bucket, ekey)
    else:
        host = "%s.s3.%s%s" % (bucket, region, suffix)
        path = "/" + ekey
    method = rng.choice(["GET", "PUT", "HEAD", "DELETE", "POST"])
    data, headers = None, rheaders(rng)
    query = ""
    if method == "GET" and rng.random() < 0.5:
        path = "/" + bucket if host.startswith("s3.") else "/"
        query = percent_encode_sequence(
            [("list-type", "2"), ("prefix", rstr(rng, 0, 8)),
             ("delimiter", "/")] +
            ([("continuation-token", rstr(rng, 4, 20))]
             if rng.random() < 0.3 else []))
    if method in ("PUT", "POST"):
        n = rng.randint((1 << 20) + 1, (1 << 20) * 2) if big else \
            rng.choice([0, 1, rng.randint(2, 5000)])
        data = rng.randbytes(n)
        headers.append(("Content-Type", "application/octet-stream"))
        if rng.random() < 0.3:
            headers.append(("x-amz-meta-Owner", "  team \u00e9  ops "))
    url = "%s://%s%s" % (scheme, host, path)
    if query:
        url += "?" + query
    return dict(kind="s3", method=method, url=url, service="s3",
                region=region, data=data, headers=headers, s3=True,
                unsigned=rng.random() < 0.15)


class CaptureMixin:
    """Keep botocore's canonical request and string to sign."""

    def string_to_sign(self, request, canonical_request):
        sts = super().string_to_sign(request, canonical_request)
        self.captured = (canonical_request, sts)
        return sts


class CaptureSigV4(CaptureMixin, botocore.auth.SigV4Auth):
    pass


class CaptureS3SigV4(CaptureMixin, botocore.auth.S3SigV4Auth):
    pass


def botocore_sign(spec, rng):
    ak, sk, token = rcreds(rng)
    when = rtime(rng)
    creds = botocore.credentials.Credentials(ak, sk, token)
    cls = CaptureS3SigV4 if spec.get("s3") else CaptureSigV4
    auth = cls(creds, spec["service"], spec["region"])
    req = botocore.awsrequest.AWSRequest(method=spec["method"],
                                         url=spec["url"], data=spec["data"])
    for name, value in spec["headers"]:
        req.headers[name] = value  # HTTPHeaders appends: repeats kept
    if spec.get("unsigned"):
        if spec.get("s3"):
            req.context["client_config"] = types.SimpleNamespace(
                s3={"payload_signing_enabled": False})
        else:
            req.context["payload_signing_enabled"] = False
    body = req.body or b""
    with mock.patch("botocore.auth.datetime") as fake:
        fake.datetime.utcnow.return_value = when
        auth.add_auth(req)
    parts = botocore.compat.urlsplit(spec["url"])
    line = {
        "method": spec["method"],
        "host": botocore.auth._host_from_url(spec["url"]),
        "path": parts.path,
        "query": parts.query,
        "headers": [list(h) for h in spec["headers"]],
        "region": spec["region"],
        "service": spec["service"],
        "s3": bool(spec.get("s3")),
        "unsigned_payload": bool(spec.get("unsigned")),
        "access_key": ak,
        "secret_key": sk,
        "amz_date": when.strftime("%Y%m%dT%H%M%SZ"),
    }
    if token:
        line["session_token"] = token
    if rng.random() < 0.5:  # headers as an object when there are no repeats
        names = [h[0].lower() for h in spec["headers"]]
        if len(set(names)) == len(names):
            line["headers"] = dict(spec["headers"])
    try:
        text = body.decode("utf-8")
        if "\0" in text or rng.random() < 0.3:
            raise ValueError
        line["body"] = text
    except ValueError:
        line["body_b64"] = base64.b64encode(body).decode("ascii")
    desc = "%s %s %s %s%s%s body=%d" % (
        spec["kind"], spec["method"], spec["service"], spec["region"],
        " token" if token else "",
        " unsigned" if spec.get("unsigned") else "", len(body))
    return line, req.headers["Authorization"], auth.captured, desc


def main():
    rng = random.Random(SEED)
    specs = []
    for _ in range(100):
        specs.append(gen_query(rng))
    for _ in range(80):
        specs.append(gen_json(rng))
    for _ in range(110):
        specs.append(gen_rest(rng))
    for _ in range(110):
        specs.append(gen_s3(rng))
    for _ in range(3):
        specs.append(gen_s3(rng, big=True))
        specs.append(gen_json(rng, big=True))
    rng.shuffle(specs)

    lines, expected = [], []
    for spec in specs:
        line, authz, captured, desc = botocore_sign(spec, rng)
        lines.append(json.dumps(line))
        expected.append((authz, captured, desc))

    try:
        proc = subprocess.run([CLI], input=("\n".join(lines) + "\n").encode(),
                              stdout=subprocess.PIPE, check=False)
    except OSError as e:
        print("not ok 1 - run %s: %s" % (CLI, e))
        print("1..1")
        return 1
    answers = proc.stdout.decode("utf-8").splitlines()

    n = fails = 0
    for i, (authz, (creq, sts), desc) in enumerate(expected):
        n += 1
        got = json.loads(answers[i]) if i < len(answers) else {
            "error": "no answer"}
        if got.get("authorization") == authz:
            print("ok %d - %s" % (n, desc))
            continue
        fails += 1
        print("not ok %d - %s" % (n, desc))
        if "error" in got:
            print("#   sigv4_cli error: %s" % got["error"])
        print("#   botocore: %s" % authz)
        print("#   irready:  %s" % got.get("authorization"))
        for label, text in (("botocore canonical request", creq),
                            ("irready canonical request",
                             got.get("canonical_request", ""))):
            print("#   %s:" % label)
            for row in text.split("\n"):
                print("#     %s" % row[:300])
    n += 1
    if proc.returncode == 0 and len(answers) == len(expected):
        print("ok %d - sigv4_cli answered all %d requests" % (n,
                                                              len(expected)))
    else:
        fails += 1
        print("not ok %d - sigv4_cli exit %d, %d answers for %d requests" %
              (n, proc.returncode, len(answers), len(expected)))
    print("1..%d" % n)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
