#!/usr/bin/python3
# aws_endpoint.py -- a local AWS-compatible endpoint that serves a fixture scenario
#
# Serves fixtures/<scenario>/ (see fixtures/README.md) over plain HTTP on
# 127.0.0.1 and behaves like AWS on the wire:
#
#   * routing as AWS does it: the service comes from the SigV4 credential
#     scope, the region from the scope (IAM, Organizations, Account and
#     Support are global: their files are under global/), the action from
#     the form body or query string (ec2, query), from X-Amz-Target (json)
#     or from a REST route table (rest-json, rest-xml; REST_ROUTES, then
#     routes derived from the botocore model);
#   * the resource from RESOURCE_PARAMS, the page token from NextToken,
#     nextToken, Marker or NextMarker; the file is
#     <scenario>/<account>/<region|global>/<service>.<Action>[.<res>][.page-<tok>].http
#     named exactly like aws_replay_path()/aws_replay_sanitize() in
#     src/aws/aws_replay.c;
#   * the account from the access key id (--key AKID:SECRET:ACCOUNT[:TOKEN]);
#   * every signature verified independently with botocore's SigV4Auth
#     (S3SigV4Auth for s3), X-Amz-Date within --max-skew (default 900 s,
#     AWS's 15 minutes) of now, the session token when the key has one;
#     as strict as AWS about what is signed: host and every x-amz-* header
#     sent must be in SignedHeaders, and x-amz-content-sha256 for S3;
#     failures get the protocol's auth error (SignatureDoesNotMatch,
#     RequestTimeTooSkewed, ...);
#   * a missing file gets the protocol's unknown-operation error;
#   * faults on demand: --throttle, --error-rate/--error-status, --deny,
#     --delay-ms, --hang, --drop, --truncate, --malformed, --retry-after;
#   * sts:AssumeRole (for irready audit --org): see "sts:AssumeRole" below.
#
# Every request is logged as one JSON line to --log:
#   {"service","action","region","account","resource","token","method",
#    "path","signature_ok","status","fault","file","auth_error","conn","t"}
# (conn = the client's address:port, one per TCP connection)
# status is null when no response was sent (drop, hang).
#
# Command line (Debian's /usr/bin/python3 with python3-botocore):
#   tests/aws_endpoint.py SCENARIO_DIR [--port 0] [--log FILE]
#       [--key AKID:SECRET:ACCOUNT[:TOKEN]]... [--seed N]
#       [--throttle F] [--retry-after S] [--error-rate F] [--error-status 500|503]
#       [--deny SERVICE]... [--hang SERVICE]... [--hang-seconds S]
#       [--delay-ms N] [--drop F] [--truncate F] [--malformed [SVC:]ACTION]...
#       [--max-fault-streak N] [--max-skew SECONDS] [--verbose] [--quiet]
#       [--deny-assume ACCOUNT]...
# prints "PORT <n>" on stdout once listening; SIGTERM/SIGINT stop it.
#
# As a module: start(scenario, **opts) -> (port, stop_fn, log_path), with the
# options above as keyword arguments (keys=[...], deny=[...], hang=[...],
# malformed=[...], throttle=0.3, error_rate=..., error_status=..., seed=...,
# delay_ms=..., drop=..., truncate=..., retry_after=..., max_fault_streak=...,
# hang_seconds=..., max_skew=..., log=PATH, port=0, verbose=False,
# quiet=False). Missing fixtures and bad signatures are noted on stderr
# unless quiet; --verbose logs every request there too.
#
# --max-fault-streak N (default 0 = unlimited): after N consecutive random
# faults (throttle, error, drop, truncate) on the same request (same
# account, region, service, action, resource and token), the next attempt
# is served normally. Retries are otherwise independent draws. With N below
# the client's retry budget, a fault run is reproducible: retries always
# absorb the faults.
#
# sts:AssumeRole (query protocol, signed with any known key) is answered,
# not read from a fixture: the 12-digit account of RoleArn gets freshly
# minted temporary credentials (ASIA... key id, secret, session token;
# derived from the role, session name and a per-role counter, so a run is
# reproducible), registered like a --key for that account with the token
# required, so that requests signed with them are served from that
# account's directory. Expiration is DurationSeconds (default 3600) ahead.
# --deny-assume ACCOUNT (repeatable; deny_assume=[...]) answers 403
# AccessDenied for that account's roles instead. The log line of an
# AssumeRole call has account = the caller's, resource = RoleArn, and
# "assume": {"role_arn", "role_account", "session_name", "external_id",
# "duration", "access_key_id"} (access_key_id null when denied).
import argparse
import aws_endpoint_drill  # --drill: who signed the EC2 dry runs
import aws_endpoint_securityhub  # BatchImportFindings (irready export)
import datetime
import hashlib
import http
import http.server
import json
import os
import random
import re
import signal
import socket
import socketserver
import sys
import tempfile
import threading
import time
import uuid
from urllib.parse import parse_qsl, unquote, urlsplit

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.loaders

DEFAULT_AKID = "AKIDIRREADYTEST"
DEFAULT_SECRET = "irready-test-secret-key"

# SigV4 credential-scope (signing) name -> botocore service name, where they
# differ. Anything else is its own botocore name.
SIGNING_TO_SERVICE = {
    "access-analyzer": "accessanalyzer",
    "monitoring": "cloudwatch",
    "elasticloadbalancing": "elbv2",  # Version=2012-06-01 -> elb
    "states": "stepfunctions",
    "email": "ses",
    "execute-api": "apigateway",
    "es": "opensearch",  # irready speaks OpenSearch, not the legacy "es"
}

# Files under <account>/global/.
GLOBAL_SERVICES = {"iam", "organizations", "account", "support"}
# Calls of regional services that irready sends as "global" (signed for
# us-east-1): S3's account-wide bucket list and bucket-region lookup.
GLOBAL_ACTIONS = {("s3", "ListBuckets"), ("s3", "GetBucketLocation")}

# (service, action) -> the request parameter that tells calls apart
# (fixtures/README.md). Form parameter (ec2, query), JSON member (json), or
# path label / query-string key / JSON member (rest-*).
RESOURCE_PARAMS = {
    ("iam", "ListAccessKeys"): "UserName",
    ("kms", "DescribeKey"): "KeyId",
    ("kms", "GetKeyRotationStatus"): "KeyId",
    ("cloudtrail", "GetTrailStatus"): "Name",
    ("cloudtrail", "GetEventSelectors"): "TrailName",
    ("guardduty", "GetDetector"): "detectorId",
    # GetFindings batches are named by their first finding id (a list)
    ("guardduty", "GetFindings"): "findingIds",
    ("organizations", "ListOrganizationalUnitsForParent"): "ParentId",
    ("organizations", "ListAccountsForParent"): "ParentId",
    ("organizations", "ListDelegatedAdministrators"): "ServicePrincipal",
    ("organizations", "DescribePolicy"): "PolicyId",
    ("iam", "GetLoginProfile"): "UserName",
    ("iam", "GetAccessKeyLastUsed"): "AccessKeyId",
    ("account", "GetAlternateContact"): "AlternateContactType",
    ("events", "ListTargetsByRule"): "Rule",
    ("sns", "GetTopicAttributes"): "TopicArn",
    ("sns", "ListSubscriptionsByTopic"): "TopicArn",
    ("athena", "GetWorkGroup"): "WorkGroup",
    ("ses", "GetIdentityVerificationAttributes"): "Identities.member.1",
    ("wafv2", "GetWebACLForResource"): "ResourceArn",
    ("wafv2", "ListWebACLs"): "Scope",
    ("wafv2", "GetLoggingConfiguration"): "ResourceArn",
    ("ec2", "DescribeImages"): "ImageId.1",  # a batch: its first id
    ("ec2", "DescribeSnapshots"): "RestorableBy.1",  # "all": public ones
    # the containment drill (irready audit --drill): dry runs, simulation
    ("ec2", "ModifyInstanceAttribute"): "InstanceId",
    ("ec2", "CreateSnapshot"): "VolumeId",
    ("ec2", "CreateTags"): "ResourceId.1",
    # one simulation per (role, action): "<PolicySourceArn>#<action>"
    ("iam", "SimulatePrincipalPolicy"): "PolicySourceArn",
    ("iam", "GetRole"): "RoleName",
}

# Page-token parameters, in the order they are looked for.
TOKEN_PARAMS = ("NextToken", "nextToken", "Marker", "NextMarker")
TOKEN_PARAMS_EXTRA = {"s3": ("continuation-token", "marker")}

# REST routes: (service, method, path template, action, resource label).
# A template may carry required query keys after '?' ("/{Bucket}?lifecycle",
# "/{Bucket}?list-type=2"); "{name+}" is greedy. These are tried first; for
# rest-* services not listed here, routes are derived from the botocore
# model (http.method / http.requestUri), and the resource is
# RESOURCE_PARAMS's parameter or else the first path label.
REST_ROUTES = [
    ("guardduty", "GET", "/detector", "ListDetectors", None),
    ("guardduty", "GET", "/detector/{detectorId}", "GetDetector",
     "detectorId"),
    ("guardduty", "POST", "/detector/{detectorId}/findings", "ListFindings",
     "detectorId"),
    ("guardduty", "POST", "/detector/{detectorId}/findings/get",
     "GetFindings", "findingIds"),
    ("guardduty", "GET", "/detector/{detectorId}/publishingDestination",
     "ListPublishingDestinations", "detectorId"),
    ("guardduty", "GET",
     "/detector/{detectorId}/publishingDestination/{destinationId}",
     "DescribePublishingDestination", "destinationId"),
    ("guardduty", "GET", "/detector/{detectorId}/malware-scan-settings",
     "GetMalwareScanSettings", "detectorId"),
    ("guardduty", "GET", "/detector/{detectorId}/administrator",
     "GetAdministratorAccount", "detectorId"),
    ("inspector2", "POST", "/status/batch/get", "BatchGetAccountStatus",
     None),
    ("macie2", "GET", "/macie", "GetMacieSession", None),
    ("securityhub", "GET", "/accounts", "DescribeHub", None),
    ("securityhub", "POST", "/standards/get", "GetEnabledStandards", None),
    ("accessanalyzer", "GET", "/analyzer", "ListAnalyzers", None),
    ("ssm-incidents", "POST", "/listResponsePlans", "ListResponsePlans",
     None),
    # S3 (path-style, as irready addresses an IP/localhost endpoint):
    ("s3", "GET", "/", "ListBuckets", None),
    ("s3", "GET", "/{Bucket}?lifecycle", "GetBucketLifecycleConfiguration",
     "Bucket"),
    ("s3", "GET", "/{Bucket}?location", "GetBucketLocation", "Bucket"),
    ("s3", "GET", "/{Bucket}?versioning", "GetBucketVersioning", "Bucket"),
    ("s3", "GET", "/{Bucket}?object-lock", "GetObjectLockConfiguration",
     "Bucket"),
    ("s3", "GET", "/{Bucket}?logging", "GetBucketLogging", "Bucket"),
    # S3 Control (the account id travels in x-amz-account-id)
    ("s3control", "GET", "/v20180820/configuration/publicAccessBlock",
     "GetPublicAccessBlock", None),
    # AWS Backup, DLM
    ("backup", "GET", "/backup/plans/", "ListBackupPlans", None),
    ("backup", "GET", "/backup/plans/{backupPlanId}/", "GetBackupPlan",
     "backupPlanId"),
    ("backup", "GET", "/backup/plans/{backupPlanId}/selections/",
     "ListBackupSelections", "backupPlanId"),
    ("backup", "GET", "/backup-vaults/", "ListBackupVaults", None),
    ("dlm", "GET", "/policies", "GetLifecyclePolicies", None),
    ("dlm", "GET", "/policies/{policyId}/", "GetLifecyclePolicy",
     "policyId"),
]

PROTO_CONTENT_TYPE = {
    "ec2": "text/xml;charset=UTF-8",
    "query": "text/xml",
    "json": "application/x-amz-json-1.1",
    "rest-json": "application/json",
    "rest-xml": "application/xml",
}

CORAL = ":http://internal.amazon.com/coral/com.amazon.coral.service/"

# --------------------------------------------------------------------------
# naming (src/aws/aws_replay.c)


def sanitize(s):
    """aws_replay_sanitize(): bytes outside [A-Za-z0-9_.-] become '_'; over
    100 bytes: the first 80, '-', 16 hex digits of SHA-256 of the original."""
    raw = s.encode("utf-8") if isinstance(s, str) else bytes(s)
    out = "".join(chr(c) if (0x30 <= c <= 0x39 or 0x41 <= c <= 0x5A or
                             0x61 <= c <= 0x7A or c in b"_.-") else "_"
                  for c in raw)
    if len(raw) > 100:
        out = out[:80] + "-" + hashlib.sha256(raw).hexdigest()[:16]
    return out


def replay_path(account, region, service, action, resource=None, token=None):
    """aws_replay_path(): <account>/<region>/<svc>.<Action>[.<res>][.page-<tok>].http"""
    name = "%s.%s" % (service, action)
    if resource is not None:
        name += "." + sanitize(resource)
    if token:
        name += ".page-" + sanitize(token)
    return "%s/%s/%s.http" % (account, region, name)


# --------------------------------------------------------------------------
# botocore models


class Models:
    def __init__(self):
        self._loader = botocore.loaders.Loader()
        self._lock = threading.Lock()
        self._models = {}
        self._routes = {}

    def model(self, service):
        with self._lock:
            if service not in self._models:
                try:
                    self._models[service] = self._loader.load_service_model(
                        service, "service-2")
                except Exception:
                    self._models[service] = None
            return self._models[service]

    def metadata(self, service):
        m = self.model(service)
        return m["metadata"] if m else {}

    def protocol(self, service):
        return self.metadata(service).get("protocol")

    def routes(self, service):
        with self._lock:
            cached = self._routes.get(service)
        if cached is not None:
            return cached
        routes = [Route(*r) for r in REST_ROUTES if r[0] == service]
        m = self.model(service)
        derived = []
        if m and m["metadata"].get("protocol", "").startswith("rest"):
            for op, spec in m.get("operations", {}).items():
                h = spec.get("http") or {}
                if not h.get("method") or not h.get("requestUri"):
                    continue
                derived.append(Route(service, h["method"], h["requestUri"],
                                     op, RESOURCE_PARAMS.get((service, op),
                                                             "")))
        derived.sort(key=Route.sort_key)
        routes += derived
        with self._lock:
            self._routes[service] = routes
        return routes


class Route:
    def __init__(self, service, method, template, action, resource):
        self.service, self.method, self.action = service, method, action
        path, _, q = template.partition("?")
        self.query = {}
        for part in q.split("&") if q else []:
            k, eq, v = part.partition("=")
            self.query[k] = v if eq else None
        self.labels = []
        self.literal = 0
        self.greedy = 0
        rx = ""
        for tok in re.split(r"(\{[^}]+\})", path):
            if tok.startswith("{"):
                name = tok[1:-1]
                greedy = name.endswith("+")
                name = name.rstrip("+")
                group = "g%d" % len(self.labels)
                self.labels.append(name)
                self.greedy += greedy
                rx += "(?P<%s>%s)" % (group, ".+" if greedy else "[^/]+")
            else:
                self.literal += len(tok)
                rx += re.escape(tok)
        self.rx = re.compile(rx + r"/?" if path not in ("/", "") else "/")
        # "" from the model means "the first label"
        if resource == "":
            resource = self.labels[0] if self.labels else None
        self.resource = resource

    def sort_key(self):
        return (-len(self.query), -self.literal, self.greedy)

    def match(self, method, path, query):
        if method != self.method:
            return None
        m = self.rx.fullmatch(path)
        if not m:
            return None
        for k, v in self.query.items():
            if k not in query or (v is not None and query[k] != v):
                return None
        return {self.labels[i]: unquote(m.group("g%d" % i))
                for i in range(len(self.labels))}


# --------------------------------------------------------------------------
# error envelopes


def _xml(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def error_response(proto, service, status, code, message, models=None,
                   headers=None):
    """(status, [(header, value)], body bytes) for an AWS error in the
    envelope of 'proto'."""
    rid = str(uuid.uuid4())
    hdrs = [("x-amzn-RequestId", rid)]
    if proto == "ec2":
        body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>"
                "<Errors><Error><Code>%s</Code><Message>%s</Message></Error>"
                "</Errors><RequestID>%s</RequestID></Response>"
                % (_xml(code), _xml(message), rid))
        hdrs.append(("Content-Type", PROTO_CONTENT_TYPE["ec2"]))
    elif proto == "query":
        ns = ""
        if models is not None:
            ns = models.metadata(service).get("xmlNamespace") or ""
        body = ("<ErrorResponse%s>\n  <Error>\n    <Type>%s</Type>\n"
                "    <Code>%s</Code>\n    <Message>%s</Message>\n  </Error>\n"
                "  <RequestId>%s</RequestId>\n</ErrorResponse>\n"
                % (' xmlns="%s"' % _xml(ns) if ns else "",
                   "Receiver" if status >= 500 else "Sender",
                   _xml(code), _xml(message), rid))
        hdrs.append(("Content-Type", PROTO_CONTENT_TYPE["query"]))
    elif proto == "json":
        key = "Message" if service == "organizations" else "message"
        body = json.dumps({"__type": code, key: message},
                          separators=(",", ":"))
        ver = "1.1"
        if models is not None:
            ver = models.metadata(service).get("jsonVersion") or "1.1"
        hdrs.append(("Content-Type", "application/x-amz-json-" + ver))
    elif proto == "rest-xml":
        hdrs = [("x-amz-request-id", rid.replace("-", "")[:16].upper()),
                ("x-amz-id-2", "irready/" + rid),
                ("Content-Type", PROTO_CONTENT_TYPE["rest-xml"])]
        body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>"
                "<Code>%s</Code><Message>%s</Message><RequestId>%s</RequestId>"
                "<HostId>irready/%s</HostId></Error>"
                % (_xml(code), _xml(message), hdrs[0][1], rid))
    else:  # rest-json (and anything unknown)
        hdrs.append(("x-amzn-ErrorType", code + CORAL))
        hdrs.append(("Content-Type", PROTO_CONTENT_TYPE["rest-json"]))
        body = json.dumps({"message": message, "__type": code},
                          separators=(",", ":"))
    return status, hdrs + list(headers or []), body.encode("utf-8")


# per protocol: (status, code)
ERRORS = {
    "unknown_key": {"ec2": (401, "AuthFailure"),
                    "query": (403, "InvalidClientTokenId"),
                    "json": (400, "UnrecognizedClientException"),
                    "rest-json": (403, "UnrecognizedClientException"),
                    "rest-xml": (403, "InvalidAccessKeyId")},
    "bad_token": {"ec2": (401, "AuthFailure"),
                  "query": (403, "InvalidClientTokenId"),
                  "json": (400, "UnrecognizedClientException"),
                  "rest-json": (403, "UnrecognizedClientException"),
                  "rest-xml": (400, "InvalidToken")},
    "signature": {"ec2": (403, "SignatureDoesNotMatch"),
                  "query": (403, "SignatureDoesNotMatch"),
                  "json": (400, "InvalidSignatureException"),
                  "rest-json": (403, "InvalidSignatureException"),
                  "rest-xml": (403, "SignatureDoesNotMatch")},
    "skew": {"ec2": (400, "RequestExpired"),
             "query": (403, "SignatureDoesNotMatch"),
             "json": (400, "InvalidSignatureException"),
             "rest-json": (403, "InvalidSignatureException"),
             "rest-xml": (403, "RequestTimeTooSkewed")},
    "missing_auth": {"ec2": (401, "AuthFailure"),
                     "query": (403, "MissingAuthenticationToken"),
                     "json": (400, "MissingAuthenticationTokenException"),
                     "rest-json": (403, "MissingAuthenticationTokenException"),
                     "rest-xml": (403, "AccessDenied")},
    "incomplete": {"ec2": (400, "IncompleteSignature"),
                   "query": (400, "IncompleteSignature"),
                   "json": (400, "IncompleteSignatureException"),
                   "rest-json": (403, "IncompleteSignatureException"),
                   "rest-xml": (400, "AuthorizationHeaderMalformed")},
    "deny": {"ec2": (403, "UnauthorizedOperation"),
             "query": (403, "AccessDenied"),
             "json": (400, "AccessDeniedException"),
             "rest-json": (403, "AccessDeniedException"),
             "rest-xml": (403, "AccessDenied")},
    "throttle": {"ec2": (503, "RequestLimitExceeded"),
                 "query": (400, "Throttling"),
                 "json": (400, "ThrottlingException"),
                 "rest-json": (429, "TooManyRequestsException"),
                 "rest-xml": (503, "SlowDown")},
    "unknown_op": {"ec2": (400, "InvalidAction"),
                   "query": (400, "InvalidAction"),
                   "json": (400, "UnknownOperationException"),
                   "rest-json": (404, "UnknownOperationException"),
                   "rest-xml": (501, "NotImplemented")},
    500: {"ec2": (500, "InternalError"), "query": (500, "InternalError"),
          "json": (500, "InternalError"), "rest-json": (500, "InternalError"),
          "rest-xml": (500, "InternalError")},
    503: {"ec2": (503, "ServiceUnavailable"),
          "query": (503, "ServiceUnavailable"),
          "json": (503, "ServiceUnavailable"),
          "rest-json": (503, "ServiceUnavailable"),
          "rest-xml": (503, "ServiceUnavailable")},
}

MALFORMED_BODY = {"ec2": b"<html>oops", "query": b"<html>oops",
                  "rest-xml": b"<html>oops", "json": b'{"broken":',
                  "rest-json": b'{"broken":'}


def parse_fixture(data):
    """A fixture file -> (status, reason, [(name, value)], body)."""
    head_end = data.find(b"\n\n")
    crlf_end = data.find(b"\r\n\r\n")
    if crlf_end != -1 and (head_end == -1 or crlf_end < head_end):
        head, body = data[:crlf_end], data[crlf_end + 4:]
    elif head_end != -1:
        head, body = data[:head_end], data[head_end + 2:]
    else:
        head, body = data, b""
    lines = head.decode("utf-8").replace("\r\n", "\n").split("\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise ValueError("not an HTTP response")
    status = int(parts[1])
    reason = parts[2] if len(parts) > 2 else ""
    hdrs = []
    for ln in lines[1:]:
        if not ln:
            continue
        k, _, v = ln.partition(":")
        hdrs.append((k.strip(), v.strip()))
    return status, reason, hdrs, body


# --------------------------------------------------------------------------
# the server


class Options:
    def __init__(self, scenario, keys=None, log=None, seed=20261128,
                 throttle=0.0, retry_after=None, error_rate=0.0,
                 error_status=500, deny=(), hang=(), hang_seconds=3600.0,
                 delay_ms=0, drop=0.0, truncate=0.0, malformed=(),
                 max_fault_streak=0, max_skew=900, port=0, verbose=False,
                 quiet=False, deny_assume=(), drill_roles=None):
        self.scenario = os.path.abspath(scenario)
        # role ARN -> policy statements: aws_endpoint_drill evaluates
        # SimulatePrincipalPolicy for these roles instead of a fixture
        self.drill_roles = dict(drill_roles or {})
        with open(os.path.join(self.scenario, "scenario.json")) as f:
            sc = json.load(f)
        self.accounts = list(sc.get("accounts") or [])
        self.keys = {}
        for k in keys or []:
            if isinstance(k, str):
                k = k.split(":")
            k = list(k)
            if len(k) not in (3, 4) or not all(k[:3]):
                raise ValueError("--key wants AKID:SECRET:ACCOUNT[:TOKEN], "
                                 "got %r" % ":".join(k))
            self.keys[k[0]] = {"secret": k[1], "account": k[2],
                               "token": k[3] if len(k) == 4 else None}
        if not self.keys:
            if not self.accounts:
                raise ValueError("%s/scenario.json lists no accounts"
                                 % self.scenario)
            self.keys[DEFAULT_AKID] = {"secret": DEFAULT_SECRET,
                                       "account": self.accounts[0],
                                       "token": None}
        self.log = log
        self.seed = seed
        self.throttle = float(throttle or 0)
        self.retry_after = retry_after
        self.error_rate = float(error_rate or 0)
        self.error_status = int(error_status or 500)
        if self.error_status not in (500, 503):
            raise ValueError("--error-status must be 500 or 503")
        self.deny = {canon_service(s) for s in deny or ()}
        self.hang = {canon_service(s) for s in hang or ()}
        self.hang_seconds = float(hang_seconds)
        self.delay_ms = int(delay_ms or 0)
        self.drop = float(drop or 0)
        self.truncate = float(truncate or 0)
        self.malformed = set(malformed or ())
        self.max_fault_streak = int(max_fault_streak or 0)
        self.max_skew = float(max_skew)
        self.port = int(port)
        self.verbose = verbose
        self.quiet = quiet  # no stderr notes (missing fixture, bad signature)
        # sts:AssumeRole: accounts whose roles may not be assumed, and how
        # many sets of credentials were minted per role (keys are in
        # self.keys, with their session token required)
        self.deny_assume = {str(a) for a in deny_assume or ()}
        self.minted = {}
        self.minted_lock = threading.Lock()


def canon_service(s):
    return SIGNING_TO_SERVICE.get(s, s)


class Endpoint(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    address_family = socket.AF_INET

    def __init__(self, opts):
        self.opts = opts
        self.models = Models()
        self.rng = random.Random(opts.seed)
        self.rng_lock = threading.Lock()
        self.streaks = {}
        self.stopping = threading.Event()
        self.conns = set()
        self.conns_lock = threading.Lock()
        if opts.log:
            self.log_path = opts.log
        else:
            fd, self.log_path = tempfile.mkstemp(prefix="aws-endpoint-",
                                                 suffix=".jsonl")
            os.close(fd)
        self.log_file = open(self.log_path, "a", encoding="utf-8")
        self.log_lock = threading.Lock()
        super().__init__(("127.0.0.1", opts.port), Handler)

    # connection tracking, so stop() can close keep-alive connections
    def process_request(self, request, client_address):
        with self.conns_lock:
            self.conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self.conns_lock:
            self.conns.discard(request)
        super().shutdown_request(request)

    def close_all(self):
        with self.conns_lock:
            conns = list(self.conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def draw_fault(self, key):
        """One random fault (or None) for a request, from independent draws
        of the seeded RNG; at most --max-fault-streak in a row per key."""
        o = self.opts
        with self.rng_lock:
            streak = self.streaks.get(key, 0)
            fault = None
            if not (o.max_fault_streak and streak >= o.max_fault_streak):
                for name, p in (("drop", o.drop), ("throttle", o.throttle),
                                ("error", o.error_rate),
                                ("truncate", o.truncate)):
                    if p and self.rng.random() < p:
                        fault = name
                        break
            self.streaks[key] = streak + 1 if fault else 0
            return fault

    def write_log(self, rec):
        line = json.dumps(rec, sort_keys=True)
        with self.log_lock:
            if not self.log_file.closed:
                self.log_file.write(line + "\n")
                self.log_file.flush()
        if self.opts.verbose:
            sys.stderr.write("aws_endpoint: %s\n" % line)


AUTH_RX = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*"
    r"SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "irready-test-endpoint"

    def version_string(self):
        return self.server_version
    timeout = 300  # an idle keep-alive connection is closed after this

    def setup(self):
        super().setup()
        # headers and body go out in separate writes: without this, Nagle
        # and the client's delayed ACK add ~40 ms to every response
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):
        if self.server.opts.verbose:
            sys.stderr.write("aws_endpoint: " + (fmt % args) + "\n")

    def do_GET(self):
        self.handle_aws()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_GET

    # ---- request reading

    def read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            out = b""
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n",
                                                             b""):
                        pass
                    return out
                out += self.rfile.read(size)
                self.rfile.readline(65537)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    # ---- main

    def handle_aws(self):
        srv = self.server
        body = self.read_body()
        split = urlsplit(self.path)
        raw_path, raw_query = split.path or "/", split.query
        rec = {"service": None, "action": None, "region": None,
               "account": None, "resource": None, "token": None,
               "method": self.command, "path": self.path,
               "signature_ok": False, "status": None, "fault": None,
               "file": None, "auth_error": None,
               "conn": "%s:%d" % self.client_address[:2],
               "t": round(time.time(), 3)}
        try:
            self._handle(rec, body, raw_path, raw_query)
        except (BrokenPipeError, ConnectionResetError):
            rec["fault"] = rec["fault"] or "client-gone"
            self.close_connection = True
        except Exception as e:  # a bug here must not look like AWS
            import traceback
            traceback.print_exc()
            rec["fault"] = "internal-error: %s" % e
            try:
                self.send_raw(500, "Internal Server Error",
                              [("Content-Type", "text/plain")],
                              b"aws_endpoint internal error", rec)
            except OSError:
                self.close_connection = True
        srv.write_log(rec)

    def _handle(self, rec, body, raw_path, raw_query):
        srv = self.server
        opts = srv.opts
        headers = self.headers
        self.delay()  # --delay-ms: every response

        # --- who is calling, for which service and region
        auth = headers.get("Authorization")
        m = AUTH_RX.match(auth.strip()) if auth else None
        scope = m.group(1).split("/") if m else None
        if scope and len(scope) == 5:
            akid, sdate, region, signing, term = scope
        else:
            akid = sdate = region = signing = term = None
        service = canon_service(signing) if signing else self.guess_service(
            body)
        form = {}
        ctype = (headers.get("Content-Type") or "").lower()
        if self.command == "POST" and "x-www-form-urlencoded" in ctype:
            form = dict(parse_qsl(body.decode("utf-8", "replace"),
                                  keep_blank_values=True))
        qs = dict(parse_qsl(raw_query, keep_blank_values=True))
        if service == "elbv2" and (form.get("Version") or qs.get(
                "Version")) == "2012-06-01":
            service = "elb"
        if service == "s3" and raw_path.startswith("/v20180820/"):
            service = "s3control"
        proto = srv.models.protocol(service) if service else None
        rec["service"] = service
        if region:
            rec["region"] = "global" if service in GLOBAL_SERVICES else region

        # --- route: action, resource, token
        route_err = None
        action = resource = token = None
        jbody = None
        if proto in ("json", "rest-json") and body:
            try:
                jbody = json.loads(body)
                if not isinstance(jbody, dict):
                    jbody = None
            except ValueError:
                jbody = None
                if proto == "json":
                    route_err = ("SerializationException",
                                 "Start of structure or map found where "
                                 "not expected")
        if proto in ("ec2", "query"):
            params = dict(qs)
            params.update(form)
            action = params.get("Action")
            if action:
                rp = RESOURCE_PARAMS.get((service, action))
                resource = params.get(rp) if rp else None
                if resource and action == "SimulatePrincipalPolicy" and \
                        params.get("ActionNames.member.1"):
                    resource += "#" + params["ActionNames.member.1"]
            token = first(params, TOKEN_PARAMS)
        elif proto == "json":
            target = headers.get("X-Amz-Target") or ""
            prefix, _, op = target.rpartition(".")
            want = srv.models.metadata(service).get("targetPrefix")
            if op and (not want or prefix == want):
                action = op
            if action and jbody is not None:
                rp = RESOURCE_PARAMS.get((service, action))
                if rp and isinstance(jbody.get(rp), str):
                    resource = jbody.get(rp)
                token = first(jbody, TOKEN_PARAMS)
        elif proto in ("rest-json", "rest-xml"):
            for r in srv.models.routes(service):
                labels = r.match(self.command, raw_path, qs)
                if labels is None:
                    continue
                action = r.action
                rp = r.resource
                if rp:
                    resource = labels.get(rp)
                    if resource is None:
                        resource = qs.get(rp)
                    if resource is None and jbody is not None and \
                            isinstance(jbody.get(rp), str):
                        resource = jbody.get(rp)
                    if resource is None and jbody is not None and \
                            isinstance(jbody.get(rp), list) and \
                            jbody[rp] and isinstance(jbody[rp][0], str):
                        resource = jbody[rp][0]  # a batch: its first id
                keys = TOKEN_PARAMS + TOKEN_PARAMS_EXTRA.get(service, ())
                token = first(qs, keys)
                if token is None and jbody is not None:
                    token = first(jbody, keys)
                break
        if token == "":
            token = None
        if (service, action) in GLOBAL_ACTIONS and rec["region"]:
            rec["region"] = "global"
        rec["action"], rec["resource"], rec["token"] = action, resource, token
        eproto = proto or self.guess_proto(body)

        # --- authentication
        if not auth:
            return self.fail(rec, eproto, service, "missing_auth",
                             "Request is missing Authentication Token",
                             fault="auth")
        if not m or not scope or len(scope) != 5 or term != "aws4_request":
            return self.fail(rec, eproto, service, "incomplete",
                             "Authorization header requires 'Credential', "
                             "'Signature' and 'SignedHeaders' parameters "
                             "with a scope <date>/<region>/<service>/"
                             "aws4_request", fault="auth")
        key = opts.keys.get(akid)
        if key is None:
            return self.fail(rec, eproto, service, "unknown_key",
                             "The security token included in the request "
                             "is invalid.", fault="auth",
                             auth_error="unknown access key %s" % akid)
        rec["account"] = key["account"]
        sent_token = headers.get("X-Amz-Security-Token")
        if key["token"] is not None and sent_token != key["token"]:
            return self.fail(rec, eproto, service, "bad_token",
                             "The security token included in the request "
                             "is invalid.", fault="auth",
                             auth_error="session token missing" if
                             sent_token is None else "wrong session token")
        amz_date = headers.get("X-Amz-Date")
        try:
            when = datetime.datetime.strptime(amz_date or "", "%Y%m%dT%H%M%SZ")
            when = when.replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return self.fail(rec, eproto, service, "incomplete",
                             "Authorization header requires existence of "
                             "either a 'X-Amz-Date' or a 'Date' header.",
                             fault="auth", auth_error="bad X-Amz-Date %r"
                             % amz_date)
        skew = abs(time.time() - when.timestamp())
        if skew > opts.max_skew:
            now = datetime.datetime.now(datetime.timezone.utc)
            return self.fail(rec, eproto, service, "skew",
                             "Signature expired: %s is now earlier than %s "
                             "(%s - 15 min.)" % (
                                 amz_date, now.strftime("%Y%m%dT%H%M%SZ"),
                                 now.strftime("%Y%m%dT%H%M%SZ")),
                             fault="auth", auth_error="clock skew %ds"
                             % skew)
        why = None
        if sdate != amz_date[:8]:
            why = "credential scope date %s is not the X-Amz-Date's" % sdate
        why = why or self.verify_signature(m, akid, key, region, signing,
                                           amz_date, body, raw_path,
                                           raw_query)
        if why:
            return self.fail(rec, eproto, service, "signature",
                             "The request signature we calculated does not "
                             "match the signature you provided. Check your "
                             "AWS Secret Access Key and signing method. "
                             "Consult the service documentation for "
                             "details.", fault="auth", auth_error=why)
        rec["signature_ok"] = True
        if aws_endpoint_drill.handle(self, rec, key, akid, service, action, body, raw_query):
            return  # the drill's dry runs: signed by the IR role?

        # --- routing errors
        if proto is None:
            return self.fail(rec, "rest-json", service, "unknown_op",
                             "unknown service '%s'" % signing,
                             fault="unknown-service")
        if route_err:
            st, hd, bd = error_response(proto, service, 400, route_err[0],
                                        route_err[1], srv.models)
            return self.send_error_resp(rec, st, hd, bd, "bad-request")
        if not action:
            return self.fail(rec, proto, service, "unknown_op",
                             "no operation in this request "
                             "(%s %s)" % (self.command, raw_path),
                             fault="unknown-operation")

        # --- persistent faults
        if service in opts.hang:
            rec["fault"] = "hang"
            self.close_connection = True
            srv.stopping.wait(opts.hang_seconds)
            return
        if service in opts.deny:
            msg = ("User: arn:aws:sts::%s:assumed-role/IRReadyAuditor/irready "
                   "is not authorized to perform: %s:%s"
                   % (key["account"], service, action))
            if proto == "ec2":
                msg = "You are not authorized to perform this operation."
            return self.fail(rec, proto, service, "deny", msg, fault="deny")

        # --- random faults, independent per request (bounded streaks)
        skey = (rec["account"], rec["region"], service, action, resource,
                token)
        fault = srv.draw_fault(skey)
        if fault == "drop":
            rec["fault"] = "drop"
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if fault == "throttle":
            extra = []
            if opts.retry_after is not None:
                extra.append(("Retry-After", str(opts.retry_after)))
            st, code = ERRORS["throttle"][proto]
            st, hd, bd = error_response(proto, service, st, code,
                                        "Rate exceeded", srv.models, extra)
            return self.send_error_resp(rec, st, hd, bd, "throttle")
        if fault == "error":
            st, code = ERRORS[opts.error_status][proto]
            msg = ("We encountered an internal error. Please try again."
                   if st == 500 else
                   "The service is unavailable. Please try again shortly.")
            st, hd, bd = error_response(proto, service, st, code, msg,
                                        srv.models)
            return self.send_error_resp(rec, st, hd, bd, "error-%d" % st)

        # --- malformed
        if action in opts.malformed or "%s:%s" % (service, action) in \
                opts.malformed:
            return self.send_raw(200, "OK", [
                ("x-amzn-RequestId", str(uuid.uuid4())),
                ("Content-Type", PROTO_CONTENT_TYPE[proto])],
                MALFORMED_BODY[proto], rec, fault="malformed",
                truncate=fault == "truncate")

        # --- securityhub:BatchImportFindings (irready export), not a fixture
        if aws_endpoint_securityhub.handle(self, rec, key, service, action, jbody, region):
            return
        # --- sts:AssumeRole: minted credentials, not a fixture (see the top)
        if service == "sts" and action == "AssumeRole":
            params = dict(qs)
            params.update(form)
            return self.assume_role(rec, key, params,
                                    truncate=fault == "truncate")

        # --- the fixture
        rel = replay_path(rec["account"], rec["region"], service, action,
                          resource, token)
        rec["file"] = rel
        path = os.path.join(opts.scenario, rel)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            if not opts.quiet:
                sys.stderr.write("aws_endpoint: no fixture %s (%s:%s)\n"
                                 % (rel, service, action))
            return self.fail(rec, proto, service, "unknown_op",
                             "The action %s is not valid for this web "
                             "service." % action if proto in ("ec2", "query")
                             else "No fixture for %s:%s" % (service, action),
                             fault="missing-fixture")
        status, reason, hdrs, fbody = parse_fixture(data)
        return self.send_raw(status, reason, hdrs, fbody, rec,
                             truncate=fault == "truncate")

    # ---- sts:AssumeRole

    def assume_role(self, rec, key, params, truncate=False):
        """Mint and register temporary credentials for RoleArn's account,
        or 403 AccessDenied for a --deny-assume account."""
        opts = self.server.opts
        role_arn = params.get("RoleArn") or ""
        session = params.get("RoleSessionName") or ""
        rec["resource"] = role_arn
        m = re.match(r"^arn:(aws[a-z-]*):iam::(\d{12}):role/(?:.*/)?"
                     r"([\w+=,.@-]+)$", role_arn)
        try:
            duration = int(params.get("DurationSeconds") or 3600)
        except ValueError:
            duration = -1
        info = {"role_arn": role_arn, "role_account": m.group(2) if m
                else None, "session_name": session,
                "external_id": params.get("ExternalId"),
                "mfa_serial": params.get("SerialNumber"),
                "mfa_code": params.get("TokenCode"),
                "duration": duration, "access_key_id": None}
        rec["assume"] = info
        xid = info["external_id"]
        if not m or not re.match(r"^[\w+=,.@-]{2,64}$", session) or \
                not 900 <= duration <= 43200 or (
                    xid is not None and
                    not re.match(r"^[\w+=,.@:/-]{2,1224}$", xid)):
            st, hd, bd = error_response(
                "query", "sts", 400, "ValidationError",
                "1 validation error detected: RoleArn, RoleSessionName, "
                "ExternalId or DurationSeconds is not valid",
                self.server.models)
            return self.send_error_resp(rec, st, hd, bd, "bad-request")
        partition, account, role = m.groups()
        caller = "arn:%s:sts::%s:assumed-role/IRReadyAuditor/irready" % (
            partition, key["account"])
        if account in opts.deny_assume:
            st, hd, bd = error_response(
                "query", "sts", 403, "AccessDenied",
                "User: %s is not authorized to perform: sts:AssumeRole on "
                "resource: %s" % (caller, role_arn), self.server.models)
            return self.send_error_resp(rec, st, hd, bd, "deny-assume")
        with opts.minted_lock:
            n = opts.minted.get(role_arn, 0) + 1
            opts.minted[role_arn] = n
        seed = hashlib.sha256(("%s\0%s\0%d" % (role_arn, session, n))
                              .encode()).digest()
        alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        akid = "ASIA" + "".join(alnum[b % 32] for b in seed[:16])
        secret = hashlib.sha256(b"secret" + seed).hexdigest()[:40]
        token = "IQoJb3JpZ2luX2Vj" + hashlib.sha512(b"token" + seed) \
            .hexdigest()
        opts.keys[akid] = {"secret": secret, "account": account,
                           "token": token, "role_arn": role_arn}
        info["access_key_id"] = akid
        expires = datetime.datetime.now(datetime.timezone.utc) + \
            datetime.timedelta(seconds=duration)
        role_id = "AROA" + "".join(alnum[b % 32] for b in
                                   hashlib.sha256(role_arn.encode())
                                   .digest()[:17])
        rid = str(uuid.UUID(bytes=hashlib.md5(seed).digest()))
        body = ("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/"
                "2011-06-15/\">\n  <AssumeRoleResult>\n"
                "    <AssumedRoleUser>\n"
                "      <AssumedRoleId>%s:%s</AssumedRoleId>\n"
                "      <Arn>arn:%s:sts::%s:assumed-role/%s/%s</Arn>\n"
                "    </AssumedRoleUser>\n    <Credentials>\n"
                "      <AccessKeyId>%s</AccessKeyId>\n"
                "      <SecretAccessKey>%s</SecretAccessKey>\n"
                "      <SessionToken>%s</SessionToken>\n"
                "      <Expiration>%s</Expiration>\n"
                "    </Credentials>\n  </AssumeRoleResult>\n"
                "  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n"
                "  </ResponseMetadata>\n</AssumeRoleResponse>\n"
                % (role_id, _xml(session), partition, account, _xml(role),
                   _xml(session), akid, secret, token,
                   expires.strftime("%Y-%m-%dT%H:%M:%SZ"), rid))
        return self.send_raw(200, "OK", [("x-amzn-RequestId", rid),
                                         ("Content-Type", "text/xml")],
                             body.encode("utf-8"), rec, truncate=truncate)

    # ---- helpers

    def guess_service(self, body):
        t = self.headers.get("X-Amz-Target") or ""
        prefixes = {"TrentService": "kms",
                    "StarlingDoveService": "config",
                    "AWSOrganizationsV20161128": "organizations",
                    "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101":
                    "cloudtrail"}
        return prefixes.get(t.rpartition(".")[0])

    def guess_proto(self, body):
        if self.headers.get("X-Amz-Target"):
            return "json"
        if b"Action=" in body or "Action=" in self.path:
            return "query"
        return "rest-json"

    def delay(self):
        if self.server.opts.delay_ms:
            self.server.stopping.wait(self.server.opts.delay_ms / 1000.0)

    def verify_signature(self, m, akid, key, region, signing, amz_date,
                         body, raw_path, raw_query):
        """None when the signature is right, else why not. The request is
        rebuilt as a botocore AWSRequest with the signed headers and signed
        again with botocore's SigV4Auth (S3SigV4Auth for s3)."""
        signed = m.group(2).lower().split(";")
        sent_sig = m.group(3).lower()
        # AWS's rules, which a client's own choice of signed headers must
        # not escape: host and every x-amz-* header sent are signed, and an
        # S3 request signs x-amz-content-sha256 (AWS SigV4 docs, "Create a
        # canonical request"; S3 "Signature Calculations for the
        # Authorization Header"). Authorization itself is never signed.
        if "host" not in signed:
            return "host is not a signed header"
        for name in sorted(set(k.lower() for k in self.headers.keys())):
            if name.startswith("x-amz-") and name not in signed:
                return "%s was sent but is not a signed header" % name
        if signing == "s3" and "x-amz-content-sha256" not in signed:
            return "x-amz-content-sha256 is not a signed header"
        host = self.headers.get("Host") or "127.0.0.1:%d" % \
            self.server.server_address[1]
        req = botocore.awsrequest.AWSRequest(
            method=self.command, url="http://%s%s" % (host, raw_path),
            data=body)
        # the query string, decoded, so that botocore canonicalises it the
        # way AWS does (uri-encode every key and value, sort)
        params = []
        if raw_query:
            for pair in raw_query.split("&"):
                k, _, v = pair.partition("=")
                params.append((unquote(k), unquote(v)))
        req.params = params
        for name in signed:
            vals = self.headers.get_all(name)
            if not vals:
                return "signed header %s is missing" % name
            for v in vals:
                req.headers[name] = v
        req.context["timestamp"] = amz_date
        creds = botocore.credentials.Credentials(akid, key["secret"],
                                                 key["token"])
        s3 = signing == "s3"
        cls = botocore.auth.S3SigV4Auth if s3 else botocore.auth.SigV4Auth
        signer = cls(creds, signing, region)
        if s3:
            sha = self.headers.get("X-Amz-Content-SHA256")
            if not sha:
                return "missing x-amz-content-sha256"
            if sha != "UNSIGNED-PAYLOAD" and \
                    sha != hashlib.sha256(body).hexdigest():
                return "x-amz-content-sha256 does not match the body"
        creq = signer.canonical_request(req)
        sts = signer.string_to_sign(req, creq)
        sig = signer.signature(sts, req)
        if sig != sent_sig:
            return "signature mismatch; canonical request:\n" + creq
        return None

    def fail(self, rec, proto, service, kind, message, fault=None,
             auth_error=None):
        st, code = ERRORS[kind][proto]
        if auth_error:
            rec["auth_error"] = auth_error
            o = self.server.opts
            if o.verbose or (kind == "signature" and not o.quiet):
                sys.stderr.write("aws_endpoint: %s %s: %s\n"
                                 % (code, service, auth_error))
        st, hd, bd = error_response(proto, service, st, code, message,
                                    self.server.models)
        return self.send_error_resp(rec, st, hd, bd, fault)

    def send_error_resp(self, rec, status, hdrs, body, fault):
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        return self.send_raw(status, reason, hdrs, body, rec, fault=fault)

    def send_raw(self, status, reason, hdrs, body, rec, fault=None,
                 truncate=False):
        if fault == "truncate":
            fault, truncate = None, True
        if fault and not rec["fault"]:
            rec["fault"] = fault
        if truncate:
            rec["fault"] = rec["fault"] + "+truncate" if rec["fault"] \
                else "truncate"
        self.send_response(status, reason)
        for k, v in hdrs:
            if k.lower() in ("content-length", "connection",
                             "transfer-encoding", "date", "server"):
                continue
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        rec["status"] = status
        if self.command != "HEAD":
            self.wfile.write(body[:len(body) // 2] if truncate else body)
        self.wfile.flush()
        if truncate:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def first(d, keys):
    for k in keys:
        v = d.get(k)
        if isinstance(v, str):
            return v
    return None


# --------------------------------------------------------------------------
# entry points


def start(scenario, **opts):
    """Start the endpoint in this process (daemon threads). Returns
    (port, stop_fn, log_path)."""
    o = Options(scenario, **opts)
    srv = Endpoint(o)
    t = threading.Thread(target=srv.serve_forever, kwargs={
                         "poll_interval": 0.1}, daemon=True)
    t.start()
    done = []

    def stop():
        if done:
            return
        done.append(1)
        srv.stopping.set()
        srv.shutdown()
        srv.close_all()
        srv.server_close()
        with srv.log_lock:
            srv.log_file.close()

    return srv.server_address[1], stop, srv.log_path


def read_log(path):
    """The endpoint's log as a list of dicts."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                out.append(json.loads(line))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Serve an irready fixture scenario as a local "
                    "AWS-compatible endpoint on 127.0.0.1.")
    ap.add_argument("scenario", help="fixtures/<scenario> directory")
    ap.add_argument("--port", type=int, default=0,
                    help="TCP port on 127.0.0.1 (0 = ephemeral)")
    ap.add_argument("--log", help="JSON-lines request log")
    ap.add_argument("--key", action="append", default=[],
                    metavar="AKID:SECRET:ACCOUNT[:TOKEN]",
                    help="an access key (repeatable); default %s:%s for the "
                    "scenario's first account" % (DEFAULT_AKID,
                                                  DEFAULT_SECRET))
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--throttle", type=float, default=0.0,
                    metavar="FRACTION")
    ap.add_argument("--retry-after", type=int, metavar="SECONDS",
                    help="add Retry-After to throttling responses")
    ap.add_argument("--error-rate", type=float, default=0.0,
                    metavar="FRACTION")
    ap.add_argument("--error-status", type=int, default=500,
                    choices=(500, 503))
    ap.add_argument("--deny", action="append", default=[],
                    metavar="SERVICE")
    ap.add_argument("--hang", action="append", default=[],
                    metavar="SERVICE")
    ap.add_argument("--hang-seconds", type=float, default=3600.0)
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--drop", type=float, default=0.0, metavar="FRACTION")
    ap.add_argument("--truncate", type=float, default=0.0,
                    metavar="FRACTION")
    ap.add_argument("--malformed", action="append", default=[],
                    metavar="[SERVICE:]ACTION")
    ap.add_argument("--max-fault-streak", type=int, default=0, metavar="N",
                    help="at most N random faults in a row for the same "
                    "request (0 = unlimited)")
    ap.add_argument("--max-skew", type=float, default=900,
                    metavar="SECONDS")
    ap.add_argument("--verbose", action="store_true",
                    help="every request on stderr too")
    ap.add_argument("--quiet", action="store_true",
                    help="no stderr notes for missing fixtures or bad "
                    "signatures (they are in the log either way)")
    ap.add_argument("--deny-assume", action="append", default=[],
                    metavar="ACCOUNT",
                    help="answer sts:AssumeRole of this account's roles "
                    "with 403 AccessDenied (repeatable)")
    a = ap.parse_args(argv)
    try:
        o = Options(a.scenario, keys=a.key, log=a.log, seed=a.seed,
                    throttle=a.throttle, retry_after=a.retry_after,
                    error_rate=a.error_rate, error_status=a.error_status,
                    deny=a.deny, hang=a.hang, hang_seconds=a.hang_seconds,
                    delay_ms=a.delay_ms, drop=a.drop, truncate=a.truncate,
                    malformed=a.malformed,
                    max_fault_streak=a.max_fault_streak,
                    max_skew=a.max_skew, port=a.port, verbose=a.verbose,
                    quiet=a.quiet, deny_assume=a.deny_assume)
    except (OSError, ValueError) as e:
        sys.stderr.write("aws_endpoint: %s\n" % e)
        return 2
    srv = Endpoint(o)
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    t = threading.Thread(target=srv.serve_forever, kwargs={
                         "poll_interval": 0.1}, daemon=True)
    t.start()
    sys.stdout.write("PORT %d\n" % srv.server_address[1])
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    srv.stopping.set()
    srv.shutdown()
    srv.close_all()
    srv.server_close()
    with srv.log_lock:
        srv.log_file.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
