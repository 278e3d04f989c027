#!/usr/bin/python3
# synth_server.py -- a synthetic AWS endpoint for irready's benchmark
#
# Generates AWS answers on the fly for a synthetic Organization: N accounts,
# R regions, optionally one huge account (account 0, all of its bulk in its
# first region). Everything is deterministic from --seed; nothing is read
# but irready's service table (`irready services --json`: which service
# speaks which protocol, as irready sends it) and botocore's service models (REST
# routes, and a well-formed empty answer for any operation this file does
# not generate explicitly).
#
#   * one port; ThreadingHTTPServer with HTTP/1.1 keep-alive parsed by
#     hand, TCP_NODELAY; --workers N forks N processes that accept on the
#     one listening socket (Python's GIL would otherwise cap the endpoint
#     at one core);
#   * --latency-ms L: every answer leaves L ms after its request arrived
#     (generation time included, so a slow page costs max(L, gen), not L+gen);
#   * SigV4 is NOT verified (speed): the account comes from the access key
#     id, which embeds it: AKIA<account>..., and the keys AssumeRole mints
#     are ASIA<account>...; the region and service from the credential scope;
#   * operations generated explicitly are the Handlers methods below; any
#     other operation botocore knows gets a well-formed empty answer built
#     from its output shape (lists empty, booleans false); unknown ones the
#     protocol's unknown-operation error;
#   * every request is counted in memory, keyed (account, region, service,
#     action, resource, page), plus an exact-duplicate count keyed by the
#     full request (method, path, query, body), the TCP connections
#     accepted and a timeline (arrival, answer, account); --stats FILE gets
#     them as JSON at shutdown (SIGTERM/SIGINT), merged over the workers;
#     with one worker GET /__bench/stats also returns them live.
#
# Command line:
#   bench/synth_server.py [--port 0] [--accounts N] [--regions R] [--huge]
#       [--scale F] [--latency-ms L] [--seed S] [--workers N] [--stats FILE]
# prints "PORT <n>" on stdout once listening.
#
# As a module (bench/run.py): World(...) is the synthetic data, the same
# object the server answers from, so the benchmark's call plan is computed
# from exactly the data served.
import argparse
import base64
import email.utils
import json
import os
import re
import resource as rusage
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import aws_shapes  # noqa: E402

REGION_NAMES = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2",
                "eu-central-1", "ap-northeast-1", "ca-central-1", "sa-east-1",
                "eu-north-1", "ap-south-1", "us-east-2", "us-west-1",
                "eu-west-2", "eu-west-3", "ap-northeast-2", "ap-southeast-1",
                "ap-northeast-3"]
NOT_OPTED_IN = ["af-south-1", "me-south-1"]

# What a regular account holds per region, and per account.
REGULAR_REGION = dict(vpcs=2, flow_logs=1, volumes=20, snapshots=40,
                      public_snapshots=0, instances=10, amis=3, images=2,
                      enis=14, sgs=4, nacls=2, kms=5, topics=2, rules=3,
                      log_groups=5, metric_filters=2, alarms=2, dashboards=1,
                      detectors=1, gd_destinations=1, analyzers=1,
                      standards=1, recorders=1)
REGULAR_ACCOUNT = dict(users=10, roles=6, groups=2, policies=3, buckets=20,
                       trails=1, scps=2)
# The huge account (account 0 with --huge): its first region, and account.
HUGE_REGION = dict(snapshots=100000, volumes=20000, instances=10000,
                   amis=60, enis=10500, sgs=200, kms=2000)
HUGE_ACCOUNT = dict(users=5000, roles=300, groups=50, policies=100,
                    buckets=1000)

# Page sizes, as AWS pages when irready sends no MaxResults.
PAGE = dict(ec2=1000, kms=100, iam_authz=100, org=20, logs=50)

EPOCH = 1767225600  # 2026-01-01T00:00:00Z
KMS_MGR = "CUSTOMER"


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t))


def xesc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


# --------------------------------------------------------------------------
# the synthetic world


class World:
    """Accounts, regions and what each holds; ids encode (account index,
    region index, item index) so any request can be answered statelessly."""

    def __init__(self, accounts=1, regions=4, huge=False, seed=1, scale=1.0):
        base = (seed % 8 + 1) * 10 ** 11
        self.accounts = ["%012d" % (base + i * 1009) for i in range(accounts)]
        self.index = {a: i for i, a in enumerate(self.accounts)}
        self.mgmt = self.accounts[0]
        self.regions = REGION_NAMES[:regions]
        self.rindex = {r: i for i, r in enumerate(self.regions)}
        self.huge = huge
        self.scale = scale
        self.seed = seed
        self.org_id = "o-bench%05d" % (seed % 100000)
        self.root_id = "r-b%03d" % (seed % 1000)

    # sizes
    def region_counts(self, acct, region):
        c = dict(REGULAR_REGION)
        ai = self.index.get(acct, 0)
        if self.huge and ai == 0 and self.rindex.get(region, -1) == 0:
            for k, v in HUGE_REGION.items():
                c[k] = max(1, int(v * self.scale))
        return c

    def account_counts(self, acct):
        c = dict(REGULAR_ACCOUNT)
        if self.huge and self.index.get(acct, 0) == 0:
            for k, v in HUGE_ACCOUNT.items():
                c[k] = max(1, int(v * self.scale))
        return c

    def ai(self, acct):
        return self.index.get(acct, 0)

    def ri(self, region):
        return self.rindex.get(region, 0)

    # Organization layout: root holds the management account; Security OU
    # (child: Forensics) holds accounts 1-2 (3 in Forensics); Workloads the
    # odd others, Sandbox the even others.
    OUS = [("ou-sec", "Security", "root"), ("ou-wkl", "Workloads", "root"),
           ("ou-sbx", "Sandbox", "root"), ("ou-frn", "Forensics", "ou-sec")]

    def ou_id(self, key):
        return "%s-%s" % (self.root_id.replace("r-", "ou-"), key[3:])

    def parent_of(self, i):
        if i == 0:
            return "root"
        if i in (1, 2):
            return "ou-sec"
        if i == 3:
            return "ou-frn"
        return "ou-wkl" if i % 2 else "ou-sbx"

    def parent_id(self, key):
        return self.root_id if key == "root" else self.ou_id(key)

    def parent_key(self, pid):
        if pid == self.root_id:
            return "root"
        for k, _, _ in self.OUS:
            if self.ou_id(k) == pid:
                return k
        return None

    def child_ous(self, pkey):
        return [(k, n) for k, n, p in self.OUS if p == pkey]

    def accounts_of(self, pkey):
        return [a for i, a in enumerate(self.accounts)
                if self.parent_of(i) == pkey]

    def all_parents(self):
        """BFS order from the root, as org_list_accounts() walks it."""
        out, q = [], ["root"]
        while q:
            k = q.pop(0)
            out.append(k)
            q += [c for c, _ in self.child_ous(k)]
        return out

    def in_scope_ous(self):
        """ORG_ADMIN lists accounts only under Security/Forensics OUs."""
        return ["ou-sec", "ou-frn"]

    # ids
    @staticmethod
    def hexid(prefix, ai, ri, i):
        return "%s-%04x%02x%011x" % (prefix, ai, ri, i)

    @staticmethod
    def idx(s):
        try:
            return int(s[-11:], 16)
        except ValueError:
            return -1

    def kms_id(self, ai, ri, i):
        return "%08x-%04x-4000-8000-%012x" % (ai, ri, i)

    @staticmethod
    def kms_class(i):
        # 0-6 customer enabled symmetric (rotatable); 7 AWS managed;
        # 8 customer disabled; 9 customer asymmetric
        return i % 10

    def kms_rotatable(self, i):
        return self.kms_class(i) <= 6

    def detector_id(self, ai, ri):
        return "%08x%08x%016x" % (ai, ri, 0xd37ec7)

    def topic_arn(self, acct, region, i):
        return "arn:aws:sns:%s:%s:security-alerts-%d" % (region, acct, i)

    def bucket_names(self, acct):
        c = self.account_counts(acct)
        special = ["cloudtrail-logs-%s" % acct, "config-%s" % acct,
                   "flowlogs-%s" % acct]
        rest = ["data-%s-%05d" % (acct, i) for i in range(c["buckets"] - 3)]
        return special + rest

    def trail(self, acct):
        return dict(name="management-events",
                    arn="arn:aws:cloudtrail:us-east-1:%s:trail/"
                        "management-events" % acct,
                    home="us-east-1", bucket="cloudtrail-logs-%s" % acct)

    def rules(self):
        """(name, pattern or None): the first routes GuardDuty findings."""
        return [("guardduty-findings", '{"source":["aws.guardduty"]}'),
                ("nightly-backup", None),
                ("ec2-state-change", '{"source":["aws.ec2"]}')]

    def scps(self):
        return [("p-FullAWSAccess", "FullAWSAccess", True),
                ("p-bench00000001", "deny-leave-org", False),
                ("p-bench00000002", "ir-containment", False)]

    def amis(self, ai, ri, n):
        return [self.hexid("ami", ai, ri, k) for k in range(n)]

    def running_amis(self, acct, region):
        """The distinct AMIs of running instances, sorted (irready asks for
        them in sorted chunks of 15, the chunk's first id as resource)."""
        c = self.region_counts(acct, region)
        ai, ri = self.ai(acct), self.ri(region)
        ids = set()
        for i in range(c["instances"]):
            if i % 10 != 9:
                ids.add(self.hexid("ami", ai, ri, i % c["amis"]))
            if len(ids) == c["amis"]:
                break
        return sorted(ids)


# --------------------------------------------------------------------------
# services and protocols (from irready's own table)

def irready_table(what):
    """`irready <what> --json`: irready's own table, read through the binary
    ($IRREADY, else build/irready) rather than by parsing its C."""
    exe = os.environ.get("IRREADY", os.path.join(ROOT, "build", "irready"))
    out = subprocess.run([exe, what, "--json"], stdout=subprocess.PIPE,
                         check=True).stdout
    return json.loads(out)


def load_services():
    """{service: (protocol, signing name, global)} and {signing: [svc]}."""
    svcs = {s["name"]: (s["protocol"], s["signing_name"], s["global"])
            for s in irready_table("services")}
    by_sign = {}
    for s, (_, sign, _) in svcs.items():
        by_sign.setdefault(sign, []).append(s)
    return svcs, by_sign


class Models:
    """botocore models, loaded on first use."""

    def __init__(self):
        self.lock = threading.Lock()
        self.cache = {}
        self.routes = {}
        self.loader = None

    def model(self, service):
        with self.lock:
            if service in self.cache:
                return self.cache[service]
            try:
                if self.loader is None:
                    import botocore.loaders
                    self.loader = botocore.loaders.Loader()
                m = self.loader.load_service_model(service, "service-2")
            except Exception:
                m = None
            self.cache[service] = m
            return m

    def rest_routes(self, service):
        with self.lock:
            r = self.routes.get(service)
        if r is not None:
            return r
        m = self.model(service)
        out = []
        for op, spec in (m or {}).get("operations", {}).items():
            h = spec.get("http") or {}
            if spec.get("deprecated"):
                continue  # GetBucketLifecycle shares its URI
            if h.get("method") and h.get("requestUri"):
                out.append(Route(h["method"], h["requestUri"], op))
        out.sort(key=lambda x: (-len(x.query), -x.literal, x.greedy))
        with self.lock:
            self.routes[service] = out
        return out


class Route:
    def __init__(self, method, template, action):
        self.method, self.action = method, action
        path, _, q = template.partition("?")
        self.query = {}
        for part in q.split("&") if q else []:
            k, eq, v = part.partition("=")
            self.query[k] = v if eq else None
        self.labels, self.literal, self.greedy = [], 0, 0
        path = path.rstrip("/") or "/"
        rx = ""
        for tok in re.split(r"(\{[^}]+\})", path):
            if tok.startswith("{"):
                name = tok[1:-1]
                g = name.endswith("+")
                self.labels.append(name.rstrip("+"))
                self.greedy += g
                rx += "(.+?)" if g else "([^/]+)"
            else:
                self.literal += len(tok)
                rx += re.escape(tok)
        self.rx = re.compile("/" if path == "/" else rx + "/?")

    def match(self, method, path, query):
        if method != self.method:
            return None
        m = self.rx.fullmatch(path)
        if not m:
            return None
        for k, v in self.query.items():
            if k not in query or (v is not None and query[k] != v):
                return None
        return {self.labels[i]: unquote(m.group(i + 1))
                for i in range(len(self.labels))}


# --------------------------------------------------------------------------
# answers


class Answer(Exception):
    """An AWS error answer: raise Answer(status, code, message)."""

    def __init__(self, status, code, message=""):
        super().__init__(code)
        self.status, self.code, self.message = status, code, message


EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"


def page_of(token):
    """Page index from our tokens "p<N>x<salt>"; 0 for none."""
    if not token:
        return 0
    try:
        return int(token[1:token.index("x")])
    except (ValueError, IndexError):
        raise Answer(400, "InvalidNextToken", "bad token %r" % token)


def mktoken(page, *salt):
    return "p%dx%08x" % (page, zlib.crc32("/".join(salt).encode()))


def client_page(q, default):
    """The page size of a listing: the request's limit parameter (as
    botocore names it) up to the largest AWS documents, else 'default'."""
    key, mx = aws_shapes.page_limit(q.service, q.action)
    try:
        want = int(q.params.get(key)) if key and q.params.get(key) else 0
    except (TypeError, ValueError):
        want = 0
    return min(want, mx or want) if want > 0 else default


def slice_page(n, page, size):
    start = page * size
    end = min(n, start + size)
    return range(start, end), end < n


def tags(name):
    return ("<tagSet><item><key>Name</key><value>%s</value></item>"
            "<item><key>env</key><value>prod</value></item></tagSet>" % name)


class Req:
    __slots__ = ("account", "region", "service", "action", "proto", "params",
                 "labels", "query", "method", "path", "token", "page",
                 "resource")


class Handlers:
    """One method per explicitly generated operation: svc__Action(req)
    returning (status, content-type, body bytes) or the inner document for
    the protocol wrapper (see Server.wrap)."""

    def __init__(self, world):
        self.w = world

    # ---------------------------------------------------------------- sts
    def sts__GetCallerIdentity(self, q):
        a = q.account
        return ("<Arn>arn:aws:sts::%s:assumed-role/bench/irready</Arn>"
                "<UserId>AROABENCH:irready</UserId><Account>%s</Account>"
                % (a, a))

    def sts__AssumeRole(self, q):
        arn = q.params.get("RoleArn", "")
        parts = arn.split(":")
        acct = parts[4] if len(parts) > 4 else q.account
        exp = iso(time.time() + 3600)
        return ("<Credentials><AccessKeyId>ASIA%sBENCH</AccessKeyId>"
                "<SecretAccessKey>bench-secret-%s</SecretAccessKey>"
                "<SessionToken>bench-token-%s</SessionToken>"
                "<Expiration>%s</Expiration></Credentials>"
                "<AssumedRoleUser><AssumedRoleId>AROABENCH:%s</AssumedRoleId>"
                "<Arn>arn:aws:sts::%s:assumed-role/%s</Arn></AssumedRoleUser>"
                % (acct, acct, acct, exp, q.params.get("RoleSessionName", ""),
                   acct, parts[-1].split("/")[-1] if parts else "role"))

    # ---------------------------------------------------------------- ec2
    def ec2__DescribeRegions(self, q):
        items = "".join(
            "<item><regionName>%s</regionName><regionEndpoint>ec2.%s."
            "amazonaws.com</regionEndpoint><optInStatus>%s</optInStatus>"
            "</item>" % (r, r, st)
            for r, st in [(r, "opt-in-not-required") for r in self.w.regions]
            + [(r, "not-opted-in") for r in NOT_OPTED_IN])
        return "<regionInfo>%s</regionInfo>" % items

    def _ec2_list(self, q, setname, n, item, size=None):
        size = size or PAGE["ec2"]
        rng, more = slice_page(n, q.page, size)
        parts = ["<%s>" % setname]
        parts += [item(i) for i in rng]
        parts.append("</%s>" % setname)
        if more:
            parts.append("<nextToken>%s</nextToken>" % mktoken(
                q.page + 1, q.account, q.region, q.action, q.resource or ""))
        return "".join(parts)

    def ec2__DescribeVpcs(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri, a = self.w.ai(q.account), self.w.ri(q.region), q.account
        W = self.w

        def item(i):
            d = i == 0
            return ("<item><vpcId>%s</vpcId><ownerId>%s</ownerId>"
                    "<state>available</state><cidrBlock>%s</cidrBlock>"
                    "<dhcpOptionsId>dopt-0a1b2c3d</dhcpOptionsId>"
                    "<instanceTenancy>default</instanceTenancy>"
                    "<isDefault>%s</isDefault>%s</item>"
                    % (W.hexid("vpc", ai, ri, i), a,
                       "172.31.0.0/16" if d else "10.%d.0.0/16" % (i % 250),
                       "true" if d else "false",
                       "" if d else tags("workload-%d" % i)))
        return self._ec2_list(q, "vpcSet", c["vpcs"], item)

    def ec2__DescribeFlowLogs(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri, W = self.w.ai(q.account), self.w.ri(q.region), self.w

        def item(i):
            return ("<item><creationTime>%s</creationTime><deliverLogsStatus>"
                    "SUCCESS</deliverLogsStatus><flowLogId>%s</flowLogId>"
                    "<flowLogStatus>ACTIVE</flowLogStatus><resourceId>%s"
                    "</resourceId><trafficType>ALL</trafficType>"
                    "<logDestinationType>s3</logDestinationType>"
                    "<logDestination>arn:aws:s3:::flowlogs-%s/%s/"
                    "</logDestination><maxAggregationInterval>600"
                    "</maxAggregationInterval></item>"
                    % (iso(EPOCH), W.hexid("fl", ai, ri, i),
                       W.hexid("vpc", ai, ri, 1 + i % max(1, c["vpcs"] - 1)),
                       q.account, q.region))
        return self._ec2_list(q, "flowLogSet", c["flow_logs"], item)

    def ec2__DescribeVolumes(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri, W = self.w.ai(q.account), self.w.ri(q.region), self.w
        ninst = c["instances"]
        az = q.region + "a"

        def item(i):
            att = ""
            if i < ninst:
                att = ("<item><volumeId>%s</volumeId><instanceId>%s"
                       "</instanceId><device>/dev/xvda</device><status>"
                       "attached</status><attachTime>%s</attachTime>"
                       "<deleteOnTermination>true</deleteOnTermination>"
                       "</item>" % (W.hexid("vol", ai, ri, i),
                                    W.hexid("i", ai, ri, i), iso(EPOCH)))
            return ("<item><volumeId>%s</volumeId><size>%d</size>"
                    "<snapshotId/><availabilityZone>%s</availabilityZone>"
                    "<status>%s</status><createTime>%s</createTime>"
                    "<attachmentSet>%s</attachmentSet>%s<volumeType>gp3"
                    "</volumeType><iops>3000</iops><encrypted>%s</encrypted>"
                    "<throughput>125</throughput><multiAttachEnabled>false"
                    "</multiAttachEnabled></item>"
                    % (W.hexid("vol", ai, ri, i), 8 + i % 500, az,
                       "in-use" if i < ninst else "available",
                       iso(EPOCH - i * 60), att, tags("vol-%d" % i),
                       "true" if i % 4 else "false"))
        return self._ec2_list(q, "volumeSet", c["volumes"], item)

    def _snapshot(self, ai, ri, i, nvol, acct):
        W = self.w
        return ("<item><snapshotId>%s</snapshotId><volumeId>%s</volumeId>"
                "<status>completed</status><startTime>%s</startTime>"
                "<progress>100%%</progress><ownerId>%s</ownerId>"
                "<volumeSize>%d</volumeSize><description>daily backup %d"
                "</description><encrypted>true</encrypted>"
                "<storageTier>standard</storageTier>%s</item>"
                % (W.hexid("snap", ai, ri, i),
                   W.hexid("vol", ai, ri, i % max(1, nvol)),
                   iso(EPOCH - (i % 720) * 3600), acct, 8 + i % 500, i,
                   tags("snap-%d" % i)))

    def ec2__DescribeSnapshots(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri = self.w.ai(q.account), self.w.ri(q.region)
        n = c["public_snapshots"] if q.resource == "all" else c["snapshots"]
        return self._ec2_list(
            q, "snapshotSet", n,
            lambda i: self._snapshot(ai, ri, i, c["volumes"], q.account))

    def ec2__DescribeInstances(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri, W = self.w.ai(q.account), self.w.ri(q.region), self.w
        nvpc, nsg, namis = c["vpcs"], c["sgs"], c["amis"]
        nvol = c["volumes"]

        def item(i):
            run = i % 10 != 9
            vpc = W.hexid("vpc", ai, ri, 1 + i % max(1, nvpc - 1))
            sg = W.hexid("sg", ai, ri, i % nsg)
            bdm = ""
            if i < nvol:
                bdm = ("<item><deviceName>/dev/xvda</deviceName><ebs>"
                       "<volumeId>%s</volumeId><status>attached</status>"
                       "<attachTime>%s</attachTime><deleteOnTermination>true"
                       "</deleteOnTermination></ebs></item>"
                       % (W.hexid("vol", ai, ri, i), iso(EPOCH)))
            return ("<item><reservationId>%s</reservationId><ownerId>%s"
                    "</ownerId><groupSet/><instancesSet><item><instanceId>%s"
                    "</instanceId><imageId>%s</imageId><instanceState><code>"
                    "%d</code><name>%s</name></instanceState>"
                    "<privateDnsName>ip-10-0-%d-%d.ec2.internal"
                    "</privateDnsName><keyName>ops</keyName>"
                    "<amiLaunchIndex>0</amiLaunchIndex><instanceType>m6i.large"
                    "</instanceType><launchTime>%s</launchTime><placement>"
                    "<availabilityZone>%sa</availabilityZone><tenancy>default"
                    "</tenancy></placement><monitoring><state>disabled</state>"
                    "</monitoring><subnetId>%s</subnetId><vpcId>%s</vpcId>"
                    "<privateIpAddress>10.0.%d.%d</privateIpAddress>"
                    "<groupSet><item><groupId>%s</groupId><groupName>app"
                    "</groupName></item></groupSet><architecture>x86_64"
                    "</architecture><rootDeviceType>ebs</rootDeviceType>"
                    "<rootDeviceName>/dev/xvda</rootDeviceName>"
                    "<blockDeviceMapping>%s</blockDeviceMapping>"
                    "<virtualizationType>hvm</virtualizationType>%s"
                    "<hypervisor>xen</hypervisor><ebsOptimized>true"
                    "</ebsOptimized></item></instancesSet></item>"
                    % (W.hexid("r", ai, ri, i), q.account,
                       W.hexid("i", ai, ri, i),
                       W.hexid("ami", ai, ri, i % namis),
                       16 if run else 80, "running" if run else "stopped",
                       (i >> 8) & 255, i & 255, iso(EPOCH - i * 600), q.region,
                       W.hexid("subnet", ai, ri, i % 6), vpc,
                       (i >> 8) & 255, i & 255, sg, bdm,
                       tags("app-%d" % i)))
        return self._ec2_list(q, "reservationSet", c["instances"], item)

    def ec2__DescribeImages(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri, W = self.w.ai(q.account), self.w.ri(q.region), self.w
        if q.params.get("Owner.1") == "self":
            def item(i):
                return ("<item><imageId>%s</imageId><imageLocation>%s/golden"
                        "-%d</imageLocation><imageState>available"
                        "</imageState><imageOwnerId>%s</imageOwnerId>"
                        "<creationDate>%s</creationDate><isPublic>false"
                        "</isPublic><architecture>x86_64</architecture>"
                        "<imageType>machine</imageType><name>golden-%d</name>"
                        "<rootDeviceType>ebs</rootDeviceType>"
                        "<blockDeviceMapping><item><deviceName>/dev/xvda"
                        "</deviceName><ebs><snapshotId>%s</snapshotId>"
                        "<volumeSize>8</volumeSize></ebs></item>"
                        "</blockDeviceMapping>%s</item>"
                        % (W.hexid("ami", ai, ri, 0x100000 + i), q.account,
                           i, q.account, iso(EPOCH - i * 86400), i,
                           W.hexid("snap", ai, ri, i), tags("golden-%d" % i)))
            return self._ec2_list(q, "imagesSet", c["images"], item)
        ids = [v for k, v in sorted(q.params.items())
               if k.startswith("ImageId.")]
        out = []
        for iid in ids:
            out.append("<item><imageId>%s</imageId><imageLocation>amazon/"
                       "al2023-%s</imageLocation><imageState>available"
                       "</imageState><imageOwnerId>137112412989"
                       "</imageOwnerId><creationDate>%s</creationDate>"
                       "<isPublic>true</isPublic><architecture>x86_64"
                       "</architecture><imageType>machine</imageType><name>"
                       "al2023-ami-%s</name><imageOwnerAlias>amazon"
                       "</imageOwnerAlias><rootDeviceType>ebs"
                       "</rootDeviceType></item>"
                       % (iid, iid, iso(EPOCH - 86400 * 30), iid))
        return "<imagesSet>%s</imagesSet>" % "".join(out)

    def ec2__DescribeNetworkInterfaces(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri, W = self.w.ai(q.account), self.w.ri(q.region), self.w
        ninst, nvpc = c["instances"], c["vpcs"]

        def item(i):
            att = ""
            if i < ninst:
                att = ("<attachment><attachmentId>%s</attachmentId>"
                       "<instanceId>%s</instanceId><instanceOwnerId>%s"
                       "</instanceOwnerId><deviceIndex>0</deviceIndex>"
                       "<status>attached</status></attachment>"
                       % (W.hexid("eni-attach", ai, ri, i),
                          W.hexid("i", ai, ri, i), q.account))
            kind = "interface" if i < ninst or i % 3 else "nat_gateway"
            return ("<item><networkInterfaceId>%s</networkInterfaceId>"
                    "<subnetId>%s</subnetId><vpcId>%s</vpcId>"
                    "<availabilityZone>%sa</availabilityZone><description>"
                    "%s</description><ownerId>%s</ownerId>"
                    "<requesterManaged>%s</requesterManaged><status>%s"
                    "</status><macAddress>02:00:00:00:%02x:%02x</macAddress>"
                    "<privateIpAddress>10.0.%d.%d</privateIpAddress>"
                    "<sourceDestCheck>true</sourceDestCheck><groupSet/>%s"
                    "<interfaceType>%s</interfaceType><tagSet/></item>"
                    % (W.hexid("eni", ai, ri, i),
                       W.hexid("subnet", ai, ri, i % 6),
                       W.hexid("vpc", ai, ri, 1 + i % max(1, nvpc - 1)),
                       q.region, "app eni %d" % i, q.account,
                       "false" if kind == "interface" else "true",
                       "in-use" if att else "available",
                       (i >> 8) & 255, i & 255, (i >> 8) & 255, i & 255,
                       att, kind))
        return self._ec2_list(q, "networkInterfaceSet", c["enis"], item)

    def ec2__DescribeSecurityGroups(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri, W = self.w.ai(q.account), self.w.ri(q.region), self.w
        nvpc = c["vpcs"]

        def item(i):
            ingress = ("<item><ipProtocol>tcp</ipProtocol><fromPort>443"
                       "</fromPort><toPort>443</toPort><groups/><ipRanges>"
                       "<item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>"
                       "<ipv6Ranges/><prefixListIds/></item>")
            if i % 7 == 3:
                ingress += ("<item><ipProtocol>tcp</ipProtocol><fromPort>22"
                            "</fromPort><toPort>22</toPort><groups/>"
                            "<ipRanges><item><cidrIp>10.0.0.0/8</cidrIp>"
                            "</item></ipRanges><ipv6Ranges/><prefixListIds/>"
                            "</item>")
            return ("<item><ownerId>%s</ownerId><groupId>%s</groupId>"
                    "<groupName>%s</groupName><groupDescription>app tier %d"
                    "</groupDescription><vpcId>%s</vpcId><ipPermissions>%s"
                    "</ipPermissions><ipPermissionsEgress><item><ipProtocol>"
                    "-1</ipProtocol><groups/><ipRanges><item><cidrIp>"
                    "0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/>"
                    "<prefixListIds/></item></ipPermissionsEgress>%s</item>"
                    % (q.account, W.hexid("sg", ai, ri, i),
                       "default" if i == 0 else "app-%d" % i, i,
                       W.hexid("vpc", ai, ri, i % max(1, nvpc)), ingress,
                       tags("app-%d" % i)))
        return self._ec2_list(q, "securityGroupInfo", c["sgs"], item)

    def ec2__DescribeNetworkAcls(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri, W = self.w.ai(q.account), self.w.ri(q.region), self.w

        def item(i):
            return ("<item><networkAclId>%s</networkAclId><vpcId>%s</vpcId>"
                    "<default>true</default><entrySet><item><ruleNumber>100"
                    "</ruleNumber><protocol>-1</protocol><ruleAction>allow"
                    "</ruleAction><egress>true</egress><cidrBlock>0.0.0.0/0"
                    "</cidrBlock></item><item><ruleNumber>100</ruleNumber>"
                    "<protocol>-1</protocol><ruleAction>allow</ruleAction>"
                    "<egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock>"
                    "</item></entrySet><associationSet/><tagSet/><ownerId>%s"
                    "</ownerId></item>"
                    % (W.hexid("acl", ai, ri, i), W.hexid("vpc", ai, ri, i),
                       q.account))
        return self._ec2_list(q, "networkAclSet", c["nacls"], item)

    def ec2__GetEbsEncryptionByDefault(self, q):
        return "<ebsEncryptionByDefault>true</ebsEncryptionByDefault>"

    def ec2__GetSnapshotBlockPublicAccessState(self, q):
        # newer than Debian's botocore model: answered here, not from it
        return "<state>block-all-sharing</state>"

    # ---------------------------------------------------------------- iam
    def iam__GetCredentialReport(self, q):
        c = self.w.account_counts(q.account)
        a = q.account
        head = ("user,arn,user_creation_time,password_enabled,"
                "password_last_used,password_last_changed,"
                "password_next_rotation,mfa_active,access_key_1_active,"
                "access_key_1_last_rotated,access_key_1_last_used_date,"
                "access_key_1_last_used_region,"
                "access_key_1_last_used_service,access_key_2_active,"
                "access_key_2_last_rotated,access_key_2_last_used_date,"
                "access_key_2_last_used_region,"
                "access_key_2_last_used_service,cert_1_active,"
                "cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
        t0 = "2024-01-01T00:00:00+00:00"
        rows = [head,
                "<root_account>,arn:aws:iam::%s:root,%s,not_supported,%s,"
                "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,"
                "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A" % (a, t0, t0)]
        recent = time.strftime("%Y-%m-%dT%H:%M:%S+00:00",
                               time.gmtime(time.time() - 86400 * 3))
        for i in range(c["users"]):
            pw = i % 3 == 0
            k1 = i % 2 == 0
            rows.append(
                "user-%05d,arn:aws:iam::%s:user/user-%05d,%s,%s,%s,%s,N/A,"
                "%s,%s,%s,%s,%s,%s,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
                % (i, a, i, t0, "true" if pw else "false",
                   recent if pw else "N/A", t0 if pw else "N/A",
                   "true" if pw else "false", "true" if k1 else "false",
                   recent if k1 else "N/A", recent if k1 else "N/A",
                   "us-east-1" if k1 else "N/A", "s3" if k1 else "N/A"))
        b64 = base64.b64encode(("\n".join(rows) + "\n").encode()).decode()
        return ("<Content>%s</Content><ReportFormat>text/csv</ReportFormat>"
                "<GeneratedTime>%s</GeneratedTime>"
                % (b64, iso(time.time() - 600)))

    def iam__GetAccountAuthorizationDetails(self, q):
        c = self.w.account_counts(q.account)
        a = q.account
        trust = ("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B"
                 "%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22"
                 "Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A"
                 "%22sts%3AAssumeRole%22%7D%5D%7D")
        doc = ("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B"
               "%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22s3%3A"
               "GetObject%22%5D%2C%22Resource%22%3A%22*%22%7D%5D%7D")
        # one listing over users, groups, roles, policies; 100 per page
        nu, ng, nr, np = c["users"], c["groups"], c["roles"], c["policies"]
        total = nu + ng + nr + np
        rng, more = slice_page(total, q.page,
                               client_page(q, PAGE["iam_authz"]))
        users, groups, roles, pols = [], [], [], []
        for k in rng:
            if k < nu:
                users.append(
                    "<member><Path>/</Path><UserName>user-%05d</UserName>"
                    "<UserId>AIDA%012d</UserId><Arn>arn:aws:iam::%s:user/"
                    "user-%05d</Arn><CreateDate>2024-01-01T00:00:00Z"
                    "</CreateDate><UserPolicyList/><GroupList><member>"
                    "developers</member></GroupList><AttachedManagedPolicies>"
                    "<member><PolicyName>ReadOnlyAccess</PolicyName>"
                    "<PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess"
                    "</PolicyArn></member></AttachedManagedPolicies>"
                    "<Tags/></member>" % (k, k, a, k))
            elif k < nu + ng:
                g = k - nu
                groups.append(
                    "<member><Path>/</Path><GroupName>group-%d</GroupName>"
                    "<GroupId>AGPA%012d</GroupId><Arn>arn:aws:iam::%s:group/"
                    "group-%d</Arn><CreateDate>2024-01-01T00:00:00Z"
                    "</CreateDate><GroupPolicyList/><AttachedManagedPolicies/>"
                    "</member>" % (g, g, a, g))
            elif k < nu + ng + nr:
                r = k - nu - ng
                name = ["IncidentResponder", "ForensicsAnalyst",
                        "AWSSupportAccess"][r] if r < 3 else "app-role-%d" % r
                roles.append(
                    "<member><Path>/</Path><RoleName>%s</RoleName><RoleId>"
                    "AROA%012d</RoleId><Arn>arn:aws:iam::%s:role/%s</Arn>"
                    "<CreateDate>2024-01-01T00:00:00Z</CreateDate>"
                    "<AssumeRolePolicyDocument>%s</AssumeRolePolicyDocument>"
                    "<InstanceProfileList/><RolePolicyList/>"
                    "<AttachedManagedPolicies><member><PolicyName>"
                    "SecurityAudit</PolicyName><PolicyArn>arn:aws:iam::aws:"
                    "policy/SecurityAudit</PolicyArn></member>"
                    "</AttachedManagedPolicies><Tags/><RoleLastUsed>"
                    "<LastUsedDate>%s</LastUsedDate><Region>us-east-1"
                    "</Region></RoleLastUsed></member>"
                    % (name, r, a, name, trust, iso(time.time() - 86400)))
            else:
                p = k - nu - ng - nr
                pols.append(
                    "<member><PolicyName>app-policy-%d</PolicyName>"
                    "<PolicyId>ANPA%012d</PolicyId><Arn>arn:aws:iam::%s:"
                    "policy/app-policy-%d</Arn><Path>/</Path>"
                    "<DefaultVersionId>v1</DefaultVersionId><AttachmentCount>"
                    "1</AttachmentCount><IsAttachable>true</IsAttachable>"
                    "<CreateDate>2024-01-01T00:00:00Z</CreateDate>"
                    "<UpdateDate>2024-01-01T00:00:00Z</UpdateDate>"
                    "<PolicyVersionList><member><Document>%s</Document>"
                    "<VersionId>v1</VersionId><IsDefaultVersion>true"
                    "</IsDefaultVersion><CreateDate>2024-01-01T00:00:00Z"
                    "</CreateDate></member></PolicyVersionList></member>"
                    % (p, p, a, p, doc))
        out = ["<UserDetailList>%s</UserDetailList>" % "".join(users),
               "<GroupDetailList>%s</GroupDetailList>" % "".join(groups),
               "<RoleDetailList>%s</RoleDetailList>" % "".join(roles),
               "<Policies>%s</Policies>" % "".join(pols),
               "<IsTruncated>%s</IsTruncated>" % ("true" if more else
                                                  "false")]
        if more:
            out.append("<Marker>%s</Marker>" % mktoken(
                q.page + 1, q.account, q.action))
        return "".join(out)

    def iam__GetAccountSummary(self, q):
        return ("<SummaryMap><entry><key>AccountMFAEnabled</key><value>1"
                "</value></entry><entry><key>AccountAccessKeysPresent</key>"
                "<value>0</value></entry></SummaryMap>")

    # ---------------------------------------------------------------- kms
    def kms__ListKeys(self, q):
        c = self.w.region_counts(q.account, q.region)
        ai, ri = self.w.ai(q.account), self.w.ri(q.region)
        rng, more = slice_page(c["kms"], q.page, client_page(q, PAGE["kms"]))
        keys = []
        for i in rng:
            kid = self.w.kms_id(ai, ri, i)
            keys.append({"KeyId": kid, "KeyArn": "arn:aws:kms:%s:%s:key/%s"
                         % (q.region, q.account, kid)})
        out = {"Keys": keys, "Truncated": more}
        if more:
            out["NextMarker"] = mktoken(q.page + 1, q.account, q.region,
                                        q.action)
        return out

    def kms__ListAliases(self, q):
        # AWS creates an alias/aws/<service> alias for each AWS managed key
        c = self.w.region_counts(q.account, q.region)
        ai, ri = self.w.ai(q.account), self.w.ri(q.region)
        managed = [i for i in range(c["kms"]) if self.w.kms_class(i) == 7]
        rng, more = slice_page(len(managed), q.page, client_page(q, 50))
        out = {"Aliases": [
            {"AliasName": "alias/aws/service-%d" % managed[k],
             "AliasArn": "arn:aws:kms:%s:%s:alias/aws/service-%d"
             % (q.region, q.account, managed[k]),
             "TargetKeyId": self.w.kms_id(ai, ri, managed[k])}
            for k in rng], "Truncated": more}
        if more:
            out["NextMarker"] = mktoken(q.page + 1, q.account, q.region,
                                        q.action)
        return out

    def _key_index(self, q):
        kid = q.params.get("KeyId", "")
        try:
            return int(kid.rsplit("-", 1)[1], 16)
        except (ValueError, IndexError):
            raise Answer(400, "NotFoundException", "Invalid keyId %s" % kid)

    def kms__DescribeKey(self, q):
        i = self._key_index(q)
        cls = self.w.kms_class(i)
        kid = q.params["KeyId"]
        md = {"AWSAccountId": q.account, "KeyId": kid,
              "Arn": "arn:aws:kms:%s:%s:key/%s" % (q.region, q.account, kid),
              "CreationDate": EPOCH - i * 3600, "Enabled": cls != 8,
              "Description": "key %d" % i, "KeyUsage": "ENCRYPT_DECRYPT",
              "KeyState": "Disabled" if cls == 8 else "Enabled",
              "Origin": "AWS_KMS",
              "KeyManager": "AWS" if cls == 7 else "CUSTOMER",
              "CustomerMasterKeySpec": "RSA_2048" if cls == 9
              else "SYMMETRIC_DEFAULT",
              "KeySpec": "RSA_2048" if cls == 9 else "SYMMETRIC_DEFAULT",
              "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
              "MultiRegion": False}
        return {"KeyMetadata": md}

    def kms__GetKeyRotationStatus(self, q):
        i = self._key_index(q)
        return {"KeyRotationEnabled": i % 3 != 0}

    # ----------------------------------------------------------------- s3
    def s3__ListBuckets(self, q):
        names = self.w.bucket_names(q.account)
        items = "".join("<Bucket><Name>%s</Name><CreationDate>%s"
                        "</CreationDate></Bucket>" % (n, iso(EPOCH - k * 3600))
                        for k, n in enumerate(names))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<ListAllMyBucketsResult xmlns="%s"><Owner><ID>%064x</ID>'
                '<DisplayName>bench</DisplayName></Owner><Buckets>%s'
                '</Buckets></ListAllMyBucketsResult>'
                % (S3_NS, int(q.account), items))

    def _bucket(self, q):
        b = q.resource or ""
        if not b.endswith(q.account) and q.account not in b:
            raise Answer(404, "NoSuchBucket",
                         "The specified bucket does not exist")
        return b

    def s3__GetBucketLocation(self, q):
        self._bucket(q)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<LocationConstraint xmlns="%s"/>' % S3_NS)

    def s3__GetBucketVersioning(self, q):
        self._bucket(q)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<VersioningConfiguration xmlns="%s"><Status>Enabled'
                '</Status></VersioningConfiguration>' % S3_NS)

    def s3__GetObjectLockConfiguration(self, q):
        b = self._bucket(q)
        if not b.startswith("cloudtrail-logs-"):
            raise Answer(404, "ObjectLockConfigurationNotFoundError",
                         "Object Lock configuration does not exist for this "
                         "bucket")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<ObjectLockConfiguration xmlns="%s"><ObjectLockEnabled>'
                'Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>'
                'GOVERNANCE</Mode><Days>365</Days></DefaultRetention></Rule>'
                '</ObjectLockConfiguration>' % S3_NS)

    def s3__GetBucketLifecycleConfiguration(self, q):
        self._bucket(q)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<LifecycleConfiguration xmlns="%s"><Rule><ID>archive</ID>'
                '<Filter><Prefix></Prefix></Filter><Status>Enabled</Status>'
                '<Transition><Days>90</Days><StorageClass>GLACIER'
                '</StorageClass></Transition><Expiration><Days>2555</Days>'
                '</Expiration></Rule></LifecycleConfiguration>' % S3_NS)

    def s3__GetBucketLogging(self, q):
        self._bucket(q)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<BucketLoggingStatus xmlns="%s"><LoggingEnabled>'
                '<TargetBucket>access-logs-%s</TargetBucket><TargetPrefix>'
                'ct/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>'
                % (S3_NS, q.account))

    def s3control__GetPublicAccessBlock(self, q):
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<PublicAccessBlockConfiguration xmlns="http://awss3control.'
                'amazonaws.com/doc/2018-08-20/"><BlockPublicAcls>true'
                '</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>'
                '<BlockPublicPolicy>true</BlockPublicPolicy>'
                '<RestrictPublicBuckets>true</RestrictPublicBuckets>'
                '</PublicAccessBlockConfiguration>')

    # ------------------------------------------------------ organizations
    def _org_account(self, a):
        i = self.w.ai(a)
        return {"Id": a, "Arn": "arn:aws:organizations::%s:account/%s/%s"
                % (self.w.mgmt, self.w.org_id, a),
                "Email": "aws+%d@example.com" % i,
                "Name": "management" if i == 0 else "account-%03d" % i,
                "Status": "ACTIVE", "JoinedMethod": "CREATED",
                "JoinedTimestamp": EPOCH - 86400 * 365}

    def _paged(self, q, key, items, size, token_key="NextToken"):
        rng, more = slice_page(len(items), q.page, size)
        out = {key: [items[i] for i in rng]}
        if more:
            out[token_key] = mktoken(q.page + 1, q.account, q.action,
                                     q.resource or "")
        return out

    def organizations__DescribeOrganization(self, q):
        m = self.w.mgmt
        return {"Organization": {
            "Id": self.w.org_id,
            "Arn": "arn:aws:organizations::%s:organization/%s"
                   % (m, self.w.org_id),
            "FeatureSet": "ALL",
            "MasterAccountArn": "arn:aws:organizations::%s:account/%s/%s"
                                % (m, self.w.org_id, m),
            "MasterAccountId": m, "MasterAccountEmail": "aws+0@example.com",
            "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY",
                                      "Status": "ENABLED"}]}}

    def organizations__ListAccounts(self, q):
        return self._paged(q, "Accounts",
                           [self._org_account(a) for a in self.w.accounts],
                           PAGE["org"])

    def organizations__ListRoots(self, q):
        return {"Roots": [{
            "Id": self.w.root_id, "Name": "Root",
            "Arn": "arn:aws:organizations::%s:root/%s/%s"
                   % (self.w.mgmt, self.w.org_id, self.w.root_id),
            "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY",
                             "Status": "ENABLED"}]}]}

    def organizations__ListOrganizationalUnitsForParent(self, q):
        key = self.w.parent_key(q.params.get("ParentId", ""))
        if key is None:
            raise Answer(400, "ParentNotFoundException", "no such parent")
        ous = [{"Id": self.w.ou_id(k), "Name": n,
                "Arn": "arn:aws:organizations::%s:ou/%s/%s"
                       % (self.w.mgmt, self.w.org_id, self.w.ou_id(k))}
               for k, n in self.w.child_ous(key)]
        return self._paged(q, "OrganizationalUnits", ous, PAGE["org"])

    def organizations__ListAccountsForParent(self, q):
        key = self.w.parent_key(q.params.get("ParentId", ""))
        if key is None:
            raise Answer(400, "ParentNotFoundException", "no such parent")
        return self._paged(q, "Accounts", [self._org_account(a) for a in
                                           self.w.accounts_of(key)],
                           PAGE["org"])

    def organizations__ListDelegatedAdministrators(self, q):
        sp = q.params.get("ServicePrincipal", "")
        out = []
        # unfiltered (no ServicePrincipal): every delegated administrator
        if len(self.w.accounts) > 1 and (not sp or sp.split(".")[0] in (
                "guardduty", "securityhub")):
            a = self._org_account(self.w.accounts[1])
            a.update({"DelegationEnabledDate": EPOCH})
            out.append(a)
        return {"DelegatedAdministrators": out}

    def organizations__ListPolicies(self, q):
        return {"Policies": [{
            "Id": pid, "Name": name, "Type": "SERVICE_CONTROL_POLICY",
            "AwsManaged": managed, "Description": name,
            "Arn": "arn:aws:organizations::%s:policy/%s/"
                   "service_control_policy/%s" % (self.w.mgmt,
                                                   self.w.org_id, pid)}
            for pid, name, managed in self.w.scps()]}

    def organizations__DescribePolicy(self, q):
        pid = q.params.get("PolicyId", "")
        for p, name, managed in self.w.scps():
            if p == pid:
                content = {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Deny",
                    "Action": ["organizations:LeaveOrganization"]
                    if "leave" in name else ["ec2:RunInstances"],
                    "Resource": "*"}]}
                return {"Policy": {"PolicySummary": {
                    "Id": p, "Name": name, "Type": "SERVICE_CONTROL_POLICY",
                    "AwsManaged": managed},
                    "Content": json.dumps(content)}}
        raise Answer(400, "PolicyNotFoundException", "no such policy")

    # --------------------------------------------------------- cloudtrail
    def cloudtrail__DescribeTrails(self, q):
        t = self.w.trail(q.account)
        return {"trailList": [{
            "Name": t["name"], "S3BucketName": t["bucket"],
            "IncludeGlobalServiceEvents": True, "IsMultiRegionTrail": True,
            "HomeRegion": t["home"], "TrailARN": t["arn"],
            "LogFileValidationEnabled": True,
            "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:%s:"
                                         "log-group:cloudtrail:*" % q.account,
            "CloudWatchLogsRoleArn": "arn:aws:iam::%s:role/ct" % q.account,
            "KmsKeyId": "arn:aws:kms:us-east-1:%s:key/%s"
                        % (q.account, self.w.kms_id(self.w.ai(q.account), 0,
                                                    0)),
            "HasCustomEventSelectors": False, "HasInsightSelectors": False,
            "IsOrganizationTrail": False}]}

    def cloudtrail__GetTrailStatus(self, q):
        now = time.time()
        return {"IsLogging": True, "LatestDeliveryTime": now - 300,
                "LatestCloudWatchLogsDeliveryTime": now - 120,
                "StartLoggingTime": EPOCH - 86400 * 365,
                "LatestDigestDeliveryTime": now - 3600}

    def cloudtrail__GetEventSelectors(self, q):
        return {"TrailARN": self.w.trail(q.account)["arn"],
                "EventSelectors": [{"ReadWriteType": "All",
                                    "IncludeManagementEvents": True,
                                    "DataResources": [],
                                    "ExcludeManagementEventSources": []}]}

    # ------------------------------------------------------------- config
    def config__DescribeConfigurationRecorders(self, q):
        return {"ConfigurationRecorders": [{
            "name": "default",
            "roleARN": "arn:aws:iam::%s:role/config" % q.account,
            "recordingGroup": {"allSupported": True,
                               "includeGlobalResourceTypes":
                                   q.region == "us-east-1",
                               "resourceTypes": []}}]}

    def config__DescribeConfigurationRecorderStatus(self, q):
        return {"ConfigurationRecordersStatus": [{
            "name": "default", "recording": True, "lastStatus": "SUCCESS",
            "lastStartTime": EPOCH, "lastStatusChangeTime": time.time()}]}

    def config__DescribeDeliveryChannels(self, q):
        return {"DeliveryChannels": [{
            "name": "default", "s3BucketName": "config-%s" % q.account,
            "snsTopicARN": self.w.topic_arn(q.account, q.region, 0)}]}

    # ---------------------------------------------------------- guardduty
    def guardduty__ListDetectors(self, q):
        c = self.w.region_counts(q.account, q.region)
        return {"detectorIds": [self.w.detector_id(self.w.ai(q.account),
                                                   self.w.ri(q.region))]
                [:c["detectors"]]}

    def guardduty__GetDetector(self, q):
        t = iso(EPOCH)
        feats = [{"name": n, "status": "ENABLED", "updatedAt": t}
                 for n in ("CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS",
                           "S3_DATA_EVENTS", "EKS_AUDIT_LOGS",
                           "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS",
                           "LAMBDA_NETWORK_LOGS")]
        return {"createdAt": t, "findingPublishingFrequency": "SIX_HOURS",
                "serviceRole": "arn:aws:iam::%s:role/aws-service-role/"
                               "guardduty.amazonaws.com/"
                               "AWSServiceRoleForAmazonGuardDuty" % q.account,
                "status": "ENABLED", "updatedAt": t, "features": feats,
                "tags": {}}

    def guardduty__ListFindings(self, q):
        return {"findingIds": []}

    def guardduty__GetFindings(self, q):
        return {"findings": []}

    def guardduty__ListPublishingDestinations(self, q):
        c = self.w.region_counts(q.account, q.region)
        return {"destinations": [
            {"destinationId": "%032x" % (0xde5700 + i),
             "destinationType": "S3", "status": "PUBLISHING"}
            for i in range(c["gd_destinations"])]}

    def guardduty__DescribePublishingDestination(self, q):
        return {"destinationId": q.resource, "destinationType": "S3",
                "status": "PUBLISHING",
                "publishingFailureStartTimestamp": 0,
                "destinationProperties": {
                    "destinationArn": "arn:aws:s3:::gd-findings-%s"
                                      % q.account,
                    "kmsKeyArn": "arn:aws:kms:%s:%s:key/%s"
                                 % (q.region, q.account, self.w.kms_id(
                                     self.w.ai(q.account),
                                     self.w.ri(q.region), 0))}}

    def guardduty__GetMalwareScanSettings(self, q):
        return {"scanResourceCriteria": {"include": {}, "exclude": {}},
                "ebsSnapshotPreservation": "RETENTION_WITH_FINDING"}

    # ------------------------------------------------------------ sns
    def sns__ListTopics(self, q):
        c = self.w.region_counts(q.account, q.region)
        return "<Topics>%s</Topics>" % "".join(
            "<member><TopicArn>%s</TopicArn></member>"
            % self.w.topic_arn(q.account, q.region, i)
            for i in range(c["topics"]))

    def sns__GetTopicAttributes(self, q):
        arn = q.params.get("TopicArn", "")
        pol = json.dumps({"Version": "2008-10-17", "Statement": [{
            "Sid": "owner", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": ["SNS:Publish", "SNS:Subscribe"], "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceOwner": q.account}}}]})
        attrs = [("Policy", pol), ("Owner", q.account), ("TopicArn", arn),
                 ("SubscriptionsConfirmed", "1"),
                 ("SubscriptionsPending", "0"),
                 ("SubscriptionsDeleted", "0"),
                 ("DisplayName", "alerts")]
        return "<Attributes>%s</Attributes>" % "".join(
            "<entry><key>%s</key><value>%s</value></entry>"
            % (k, xesc(v)) for k, v in attrs)

    def sns__ListSubscriptions(self, q):
        # one subscription per topic (as ListSubscriptionsByTopic answers)
        c = self.w.region_counts(q.account, q.region)
        rng, more = slice_page(c["topics"], q.page, 100)
        subs = []
        for i in rng:
            arn = self.w.topic_arn(q.account, q.region, i)
            subs.append(
                "<member><SubscriptionArn>%s:%08x-0000-4000-8000-"
                "000000000001</SubscriptionArn><Owner>%s</Owner><Protocol>"
                "email</Protocol><Endpoint>secops@example.com</Endpoint>"
                "<TopicArn>%s</TopicArn></member>"
                % (arn, zlib.crc32(arn.encode()), q.account, arn))
        return "<Subscriptions>%s</Subscriptions>%s" % (
            "".join(subs), "<NextToken>%s</NextToken>" % mktoken(
                q.page + 1, q.account, q.region, q.action) if more else "")

    def sns__ListSubscriptionsByTopic(self, q):
        arn = q.params.get("TopicArn", "")
        return ("<Subscriptions><member><SubscriptionArn>%s:%08x-0000-4000-"
                "8000-000000000001</SubscriptionArn><Owner>%s</Owner>"
                "<Protocol>email</Protocol><Endpoint>secops@example.com"
                "</Endpoint><TopicArn>%s</TopicArn></member></Subscriptions>"
                % (arn, zlib.crc32(arn.encode()), q.account, arn))

    # --------------------------------------------------------- events/logs
    def events__ListRules(self, q):
        rules = []
        for name, pat in self.w.rules():
            r = {"Name": name, "State": "ENABLED", "EventBusName": "default",
                 "Arn": "arn:aws:events:%s:%s:rule/%s"
                        % (q.region, q.account, name)}
            if pat:
                r["EventPattern"] = pat
            else:
                r["ScheduleExpression"] = "rate(1 day)"
            rules.append(r)
        return {"Rules": rules}

    def events__ListTargetsByRule(self, q):
        return {"Targets": [{"Id": "alerts", "Arn": self.w.topic_arn(
            q.account, q.region, 0)}]}

    def logs__DescribeLogGroups(self, q):
        c = self.w.region_counts(q.account, q.region)
        groups = [{"logGroupName": "cloudtrail" if i == 0
                   else "/aws/lambda/app-%d" % i,
                   "creationTime": EPOCH * 1000, "retentionInDays": 365,
                   "metricFilterCount": 2 if i == 0 else 0,
                   "arn": "arn:aws:logs:%s:%s:log-group:%s:*"
                          % (q.region, q.account, "cloudtrail" if i == 0
                             else "/aws/lambda/app-%d" % i),
                   "storedBytes": 1024 * i}
                  for i in range(c["log_groups"])]
        return self._paged(q, "logGroups", groups, PAGE["logs"],
                           token_key="nextToken")

    def logs__DescribeMetricFilters(self, q):
        c = self.w.region_counts(q.account, q.region)
        pats = [("root-usage", '{ $.userIdentity.type = "Root" }',
                 "RootAccountUsage"),
                ("unauthorized", '{ ($.errorCode = "*UnauthorizedOperation")'
                 ' || ($.errorCode = "AccessDenied*") }', "Unauthorized")]
        return {"metricFilters": [
            {"filterName": n, "filterPattern": p, "logGroupName": "cloudtrail",
             "creationTime": EPOCH * 1000,
             "metricTransformations": [{"metricName": m,
                                        "metricNamespace": "CISBenchmark",
                                        "metricValue": "1"}]}
            for n, p, m in pats[:c["metric_filters"]]]}

    def cloudwatch__DescribeAlarms(self, q):
        c = self.w.region_counts(q.account, q.region)
        ms = ["RootAccountUsage", "Unauthorized"]
        return "<MetricAlarms>%s</MetricAlarms><CompositeAlarms/>" % "".join(
            "<member><AlarmName>%s</AlarmName><AlarmArn>arn:aws:cloudwatch:"
            "%s:%s:alarm:%s</AlarmArn><ActionsEnabled>true</ActionsEnabled>"
            "<AlarmActions><member>%s</member></AlarmActions><MetricName>%s"
            "</MetricName><Namespace>CISBenchmark</Namespace><StateValue>OK"
            "</StateValue><Statistic>Sum</Statistic><Period>300</Period>"
            "<EvaluationPeriods>1</EvaluationPeriods><Threshold>1.0"
            "</Threshold><ComparisonOperator>GreaterThanOrEqualToThreshold"
            "</ComparisonOperator></member>"
            % (m, q.region, q.account, m,
               self.w.topic_arn(q.account, q.region, 0), m)
            for m in ms[:c["alarms"]])

    def cloudwatch__ListDashboards(self, q):
        c = self.w.region_counts(q.account, q.region)
        return "<DashboardEntries>%s</DashboardEntries>" % "".join(
            "<member><DashboardName>security-%d</DashboardName><DashboardArn>"
            "arn:aws:cloudwatch::%s:dashboard/security-%d</DashboardArn>"
            "<LastModified>%s</LastModified><Size>2048</Size></member>"
            % (i, q.account, i, iso(EPOCH)) for i in range(c["dashboards"]))

    # ------------------------------------------------- security services
    def securityhub__DescribeHub(self, q):
        return {"HubArn": "arn:aws:securityhub:%s:%s:hub/default"
                          % (q.region, q.account),
                "SubscribedAt": iso(EPOCH), "AutoEnableControls": True,
                "ControlFindingGenerator": "SECURITY_CONTROL"}

    def securityhub__ListFindingAggregators(self, q):
        return {"FindingAggregators": []}

    def securityhub__GetEnabledStandards(self, q):
        return {"StandardsSubscriptions": [{
            "StandardsSubscriptionArn": "arn:aws:securityhub:%s:%s:"
                                        "subscription/aws-foundational-"
                                        "security-best-practices/v/1.0.0"
                                        % (q.region, q.account),
            "StandardsArn": "arn:aws:securityhub:%s::standards/aws-"
                            "foundational-security-best-practices/v/1.0.0"
                            % q.region,
            "StandardsInput": {}, "StandardsStatus": "READY"}]}

    def inspector2__BatchGetAccountStatus(self, q):
        en = {"status": "ENABLED"}
        return {"accounts": [{"accountId": q.account,
                              "state": en,
                              "resourceState": {"ec2": {"status": "ENABLED"},
                                                "ecr": {"status": "ENABLED"},
                                                "lambda": {"status":
                                                           "DISABLED"}}}],
                "failedAccounts": []}

    def macie2__GetMacieSession(self, q):
        return {"createdAt": iso(EPOCH), "findingPublishingFrequency":
                "FIFTEEN_MINUTES", "serviceRole": "arn:aws:iam::%s:role/macie"
                % q.account, "status": "ENABLED", "updatedAt": iso(EPOCH)}

    def accessanalyzer__ListAnalyzers(self, q):
        return {"analyzers": [{"arn": "arn:aws:access-analyzer:%s:%s:"
                                      "analyzer/account" % (q.region,
                                                            q.account),
                               "name": "account", "type": "ACCOUNT",
                               "status": "ACTIVE",
                               "createdAt": iso(EPOCH), "tags": {}}]}

    def account__GetAlternateContact(self, q):
        t = q.params.get("AlternateContactType", "SECURITY")
        return {"AlternateContact": {
            "AlternateContactType": t,
            "EmailAddress": "%s@example.com" % t.lower(),
            "Name": "%s team" % t.title(), "PhoneNumber": "+1-555-0100",
            "Title": "%s lead" % t.title()}}

    def support__DescribeSeverityLevels(self, q):
        return {"severityLevels": [{"code": c, "name": c.title()} for c in
                                   ("low", "normal", "high", "urgent",
                                    "critical")]}


# --------------------------------------------------------------------------
# protocols


# (service, action) -> where the request names the resource it is about:
# a form parameter (ec2, query), a JSON member (json, rest-json body) or a
# path label (rest). Unlisted REST operations use their first path label.
RESOURCE_PARAMS = {
    ("iam", "ListAccessKeys"): "UserName",
    ("iam", "GetLoginProfile"): "UserName",
    ("iam", "GetAccessKeyLastUsed"): "AccessKeyId",
    ("kms", "DescribeKey"): "KeyId",
    ("kms", "GetKeyRotationStatus"): "KeyId",
    ("cloudtrail", "GetTrailStatus"): "Name",
    ("cloudtrail", "GetEventSelectors"): "TrailName",
    ("organizations", "ListOrganizationalUnitsForParent"): "ParentId",
    ("organizations", "ListAccountsForParent"): "ParentId",
    ("organizations", "ListDelegatedAdministrators"): "ServicePrincipal",
    ("organizations", "DescribePolicy"): "PolicyId",
    ("account", "GetAlternateContact"): "AlternateContactType",
    ("events", "ListTargetsByRule"): "Rule",
    ("sns", "GetTopicAttributes"): "TopicArn",
    ("sns", "ListSubscriptionsByTopic"): "TopicArn",
    ("athena", "GetWorkGroup"): "WorkGroup",
    ("ses", "GetIdentityVerificationAttributes"): "Identities.member.1",
    ("wafv2", "GetWebACLForResource"): "ResourceArn",
    ("wafv2", "ListWebACLs"): "Scope",
    ("wafv2", "GetLoggingConfiguration"): "ResourceArn",
    ("sts", "AssumeRole"): "RoleArn",
    ("guardduty", "DescribePublishingDestination"): "destinationId",
    ("ec2", "DescribeImages"): "ImageId.1",
    ("ec2", "DescribeSnapshots"): "RestorableBy.1",
}
# Calls of regional services irready sends as account-wide ("global").
GLOBAL_ACTIONS = {("s3", "ListBuckets"), ("s3", "GetBucketLocation")}
TOKEN_PARAMS = ("NextToken", "nextToken", "Marker", "NextMarker",
                "continuation-token", "marker")

ERRORS_UNKNOWN = {"ec2": (400, "InvalidAction"),
                  "query": (400, "InvalidAction"),
                  "json": (400, "UnknownOperationException"),
                  "rest-json": (404, "UnknownOperationException"),
                  "rest-xml": (501, "NotImplemented")}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def __init__(self, addr, world, latency_ms=0.0, stats=None):
        super().__init__(addr, Handler)
        self.world = world
        self.h = Handlers(world)
        self.latency = latency_ms / 1000.0
        self.stats_path = stats
        self.services, self.by_sign = load_services()
        self.models = Models()
        self.lock = threading.Lock()
        self.counts = {}
        self.idents = {}
        self.errors = {}
        self.requests = 0
        self.bytes_out = 0
        self.timeline = []  # (arrived, answered, account index), from t0
        self.connections = 0
        self.t0 = time.monotonic()
        self.ru0 = rusage.getrusage(rusage.RUSAGE_SELF)
        self._date = (0, "")

    def preload(self):
        """Load the models and REST routes now, not while being timed."""
        for svc, (proto, _, _) in self.services.items():
            self.models.model(svc)
            if proto.startswith("rest"):
                self.models.rest_routes(svc)

    def get_request(self):
        sock, addr = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.lock:
            self.connections += 1
        return sock, addr

    def date(self):
        now = int(time.time())
        d = self._date
        if d[0] != now:
            d = (now, email.utils.formatdate(now, usegmt=True))
            self._date = d
        return d[1]

    # -- routing
    def route(self, method, path, query, headers, body):
        q = Req()
        q.method, q.path = method, path
        auth = headers.get("authorization") or ""
        akid, region, sign = "", "us-east-1", ""
        k = auth.find("Credential=")
        if k >= 0:
            cred = auth[k + 11:auth.find(",", k)].split("/")
            if len(cred) >= 4:
                akid, region, sign = cred[0], cred[2], cred[3]
        q.account = akid[4:16] if len(akid) >= 16 else self.world.mgmt
        svc = None
        cands = self.by_sign.get(sign) or []
        if sign == "s3":
            svc = "s3control" if path.startswith("/v20180820") else "s3"
        elif len(cands) == 1:
            svc = cands[0]
        elif cands:
            svc = cands[0]
        else:
            svc = sign or "unknown"
        proto, _, glob = self.services.get(svc, (None, None, False))
        if proto is None:
            m = self.models.model(svc)
            proto = m["metadata"]["protocol"] if m else "json"
        q.service, q.proto = svc, proto
        q.query = dict(parse_qsl(query, keep_blank_values=True))
        q.labels = {}
        if proto in ("ec2", "query"):
            q.params = dict(parse_qsl(body.decode("utf-8", "replace"),
                                      keep_blank_values=True))
            q.params.update(q.query)
            q.action = q.params.get("Action", "")
        elif proto == "json":
            tgt = headers.get("x-amz-target") or ""
            q.action = tgt.rsplit(".", 1)[-1]
            try:
                q.params = json.loads(body) if body else {}
            except ValueError:
                q.params = {}
        else:
            q.params = {}
            if body and proto == "rest-json":
                try:
                    q.params = json.loads(body)
                except ValueError:
                    pass
            q.params.update(q.query)
            q.action = ""
            for r in self.models.rest_routes(svc):
                lab = r.match(method, path, q.query)
                if lab is not None:
                    q.action, q.labels = r.action, lab
                    break
            q.params.update(q.labels)
        q.region = "global" if glob or (svc, q.action) in GLOBAL_ACTIONS \
            else region
        # resource and page
        res = None
        p = RESOURCE_PARAMS.get((svc, q.action))
        if p:
            v = q.params.get(p)
            if v is None:  # a path label named by its member (DestinationId)
                v = next((x for k, x in q.params.items()
                          if k.lower() == p.lower()), None)
            if isinstance(v, list):
                v = v[0] if v else None
            res = v if v is None else str(v)
        elif svc == "s3" and q.labels.get("Bucket"):
            res = q.labels["Bucket"]
        elif q.labels:
            res = next(iter(q.labels.values()))
        if (svc, q.action) == ("guardduty", "GetFindings"):
            ids = q.params.get("findingIds") or []
            res = ids[0] if ids else None
        if (svc, q.action) == ("ec2", "DescribeImages") and \
                q.params.get("Owner.1") == "self":
            res = "self"
        q.resource = res
        tok = None
        for t in TOKEN_PARAMS:
            if q.params.get(t):
                tok = q.params[t]
                break
        q.token = tok
        return q

    def empty_answer(self, q):
        """A well-formed empty answer from botocore's output shape, or the
        protocol's unknown-operation error."""
        m = self.models.model(q.service)
        op = (m or {}).get("operations", {}).get(q.action)
        if not op:
            st, code = ERRORS_UNKNOWN.get(q.proto, (400, "UnknownOperation"))
            raise Answer(st, code, "synthetic endpoint: no %s:%s"
                         % (q.service, q.action))
        shapes = m["shapes"]
        out = (op.get("output") or {}).get("shape")
        members = shapes.get(out, {}).get("members", {}) if out else {}
        if q.proto in ("json", "rest-json"):
            o = {}
            for name, spec in members.items():
                if spec.get("location"):
                    continue
                t = shapes.get(spec["shape"], {}).get("type")
                key = spec.get("locationName", name)
                if t == "list":
                    o[key] = []
                elif t == "map":
                    o[key] = {}
                elif t == "boolean":
                    o[key] = False
            return o
        parts = []
        for name, spec in members.items():
            t = shapes.get(spec["shape"], {}).get("type")
            key = spec.get("locationName", name)
            if q.proto == "ec2" and "locationName" not in spec:
                key = name[0].lower() + name[1:]
            if t == "list":
                parts.append("<%s/>" % key)
            elif t == "boolean":
                parts.append("<%s>false</%s>" % (key, key))
        if q.proto == "rest-xml":
            root = shapes.get(out, {}).get("locationName", q.action +
                                           "Result") if out else "Result"
            return ('<?xml version="1.0" encoding="UTF-8"?>\n<%s xmlns="%s">'
                    '%s</%s>' % (root, S3_NS, "".join(parts), root))
        return "".join(parts)

    def wrap(self, q, inner):
        """The protocol envelope: (status, content type, body bytes)."""
        rid = "%08x-bench-4000-8000-%012x" % (os.getpid(), self.requests)
        if q.proto == "ec2":
            body = ('<?xml version="1.0" encoding="UTF-8"?>\n<%sResponse '
                    'xmlns="%s"><requestId>%s</requestId>%s</%sResponse>'
                    % (q.action, EC2_NS, rid, inner, q.action))
            return 200, "text/xml;charset=UTF-8", body.encode()
        if q.proto == "query":
            m = self.models.model(q.service)
            ns = (m or {}).get("metadata", {}).get("xmlNamespace", "")
            body = ('<%sResponse xmlns="%s">\n  <%sResult>%s</%sResult>\n'
                    '  <ResponseMetadata><RequestId>%s</RequestId>'
                    '</ResponseMetadata>\n</%sResponse>\n'
                    % (q.action, ns, q.action, inner, q.action, rid,
                       q.action))
            return 200, "text/xml", body.encode()
        if q.proto == "json":
            ver = "1.1"
            m = self.models.model(q.service)
            if m:
                ver = m["metadata"].get("jsonVersion", "1.1")
            return (200, "application/x-amz-json-" + ver,
                    json.dumps(inner, separators=(",", ":")).encode())
        if q.proto == "rest-json":
            return (200, "application/json",
                    json.dumps(inner, separators=(",", ":")).encode())
        return 200, "application/xml", inner.encode()

    def error(self, q, e):
        rid = "bench-%d" % self.requests
        p = q.proto if q else "json"
        if p == "ec2":
            body = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response>'
                    '<Errors><Error><Code>%s</Code><Message>%s</Message>'
                    '</Error></Errors><RequestID>%s</RequestID></Response>'
                    % (e.code, xesc(e.message), rid))
            return e.status, "text/xml;charset=UTF-8", body.encode(), []
        if p == "query":
            body = ('<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code>'
                    '<Message>%s</Message></Error><RequestId>%s</RequestId>'
                    '</ErrorResponse>' % (e.code, xesc(e.message), rid))
            return e.status, "text/xml", body.encode(), []
        if p == "rest-xml":
            body = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s'
                    '</Code><Message>%s</Message><RequestId>%s</RequestId>'
                    '</Error>' % (e.code, xesc(e.message), rid))
            return e.status, "application/xml", body.encode(), []
        body = json.dumps({"__type": e.code, "message": e.message})
        hdr = [("x-amzn-ErrorType", e.code)] if p == "rest-json" else []
        ct = "application/json" if p == "rest-json" else \
            "application/x-amz-json-1.1"
        return e.status, ct, body.encode(), hdr

    def answer(self, method, path, query, headers, body):
        q = None
        extra = []
        try:
            q = self.route(method, path, query, headers, body)
            q.page = page_of(q.token)
            if q.service == "organizations" and q.account != self.h.w.mgmt \
                    and q.action != "DescribeOrganization":
                # only the management account (or a delegated
                # administrator, which this world has none of) may list
                raise Answer(400, "AccessDeniedException",
                             "You don't have permissions to access this "
                             "resource.")
            fn = getattr(self.h, "%s__%s" % (q.service.replace("-", "_"),
                                             q.action), None)
            inner = fn(q) if fn else self.empty_answer(q)
            if isinstance(inner, tuple):
                status, ctype, data = inner
            else:
                status, ctype, data = self.wrap(q, inner)
        except Answer as e:
            status, ctype, data, extra = self.error(q, e)
        except Exception as e:  # a bug here must not hang irready
            import traceback
            traceback.print_exc()
            status, ctype, data, extra = self.error(
                q, Answer(500, "InternalError", repr(e)))
        key = (q.account, q.region, q.service, q.action, q.resource,
               q.page) if q else ("?", "?", "?", "?", None, 0)
        ident = hash((key[:4], method, path, query, body))
        with self.lock:
            self.requests += 1
            self.bytes_out += len(data)
            self.counts[key] = self.counts.get(key, 0) + 1
            self.idents[ident] = self.idents.get(ident, 0) + 1
            if status >= 300:
                ek = (key[2], key[3], status)
                self.errors[ek] = self.errors.get(ek, 0) + 1
        return status, ctype, data, extra, key[0]

    def note(self, t_in, t_out, account):
        with self.lock:
            self.timeline.append((round(t_in - self.t0, 4),
                                  round(t_out - self.t0, 4),
                                  self.world.index.get(account, -1)))

    def stats(self, timeline=False):
        ru = rusage.getrusage(rusage.RUSAGE_SELF)
        with self.lock:
            tl = list(self.timeline)
            counts = [[list(k[:5]) + [k[5]], v]
                      for k, v in self.counts.items()]
            dups = sum(v - 1 for v in self.idents.values() if v > 1)
            return {"requests": self.requests, "bytes_out": self.bytes_out,
                    "connections": self.connections,
                    "wall_s": time.monotonic() - self.t0,
                    "cpu_s": (ru.ru_utime - self.ru0.ru_utime) +
                             (ru.ru_stime - self.ru0.ru_stime),
                    "exact_duplicates": dups,
                    "errors": [[list(k), v] for k, v in self.errors.items()],
                    "counts": counts,
                    "timeline": tl if timeline else None}


class Handler(socketserver.StreamRequestHandler):
    """HTTP/1.1 with keep-alive, parsed by hand: http.server's header
    parsing (the email package) costs more than generating most answers."""
    wbufsize = 0

    def handle(self):
        srv, rf = self.server, self.rfile
        while True:
            line = rf.readline(65537)
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                continue
            t0 = time.monotonic()
            try:
                method, target, _ = line.decode("latin-1").split(" ", 2)
            except ValueError:
                return
            headers = {}
            while True:
                h = rf.readline(65537)
                if h in (b"\r\n", b"\n", b""):
                    break
                k, _, v = h.decode("latin-1").partition(":")
                headers[k.strip().lower()] = v.strip()
            if headers.get("expect", "").lower() == "100-continue":
                self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            n = int(headers.get("content-length") or 0)
            body = rf.read(n) if n else b""
            path, _, query = target.partition("?")
            if path.startswith("/__bench/"):
                data = json.dumps(srv.stats("timeline" in query)).encode()
                self._send(200, "application/json", data, [])
            else:
                status, ctype, data, extra, acct = srv.answer(
                    method, path, query, headers, body)
                wait = srv.latency - (time.monotonic() - t0)
                if wait > 0:
                    time.sleep(wait)
                self._send(status, ctype, data, extra)
                srv.note(t0, time.monotonic(), acct)
            if headers.get("connection", "").lower() == "close":
                return

    def _send(self, status, ctype, data, extra):
        head = ["HTTP/1.1 %d %s" % (status, "OK" if status < 300 else "Error"),
                "Content-Type: " + ctype,
                "Content-Length: %d" % len(data),
                "Date: " + self.server.date(),
                "x-amzn-RequestId: bench"]
        head += ["%s: %s" % kv for kv in extra]
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)


def merge_stats(parts):
    """One stats object from the workers'."""
    out = {"requests": 0, "bytes_out": 0, "wall_s": 0.0, "cpu_s": 0.0,
           "exact_duplicates": 0, "errors": [], "counts": [],
           "timeline": [], "workers": len(parts)}
    counts, errors, idents = {}, {}, {}
    out["connections"] = 0
    for p in parts:
        for k in ("requests", "bytes_out", "cpu_s", "connections"):
            out[k] += p[k]
        out["wall_s"] = max(out["wall_s"], p["wall_s"])
        for k, v in p["counts"]:
            counts[tuple(k)] = counts.get(tuple(k), 0) + v
        for k, v in p["errors"]:
            errors[tuple(k)] = errors.get(tuple(k), 0) + v
        for k, v in p.get("idents") or []:
            idents[k] = idents.get(k, 0) + v
        out["timeline"] += p.get("timeline") or []
    out["counts"] = [[list(k), v] for k, v in counts.items()]
    out["errors"] = [[list(k), v] for k, v in errors.items()]
    out["exact_duplicates"] = sum(v - 1 for v in idents.values() if v > 1)
    return out


def worker(srv, stats_path):
    """A forked worker: serve until SIGTERM, then write its stats."""
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    srv.ru0 = rusage.getrusage(rusage.RUSAGE_SELF)  # a child starts at 0
    th = threading.Thread(target=srv.serve_forever,
                          kwargs={"poll_interval": 0.2}, daemon=True)
    th.start()
    done.wait()
    srv.shutdown()
    st = srv.stats(timeline=True)
    with srv.lock:
        st["idents"] = list(srv.idents.items())
    with open(stats_path, "w") as f:
        json.dump(st, f)
    os._exit(0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--accounts", type=int, default=1)
    ap.add_argument("--regions", type=int, default=4)
    ap.add_argument("--huge", action="store_true")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply the huge account's sizes")
    ap.add_argument("--latency-ms", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1,
                    help="processes accepting on the one port (prefork); "
                    "stats then only at exit, in --stats")
    ap.add_argument("--stats", help="write request counts here at exit")
    o = ap.parse_args(argv)
    world = World(o.accounts, o.regions, o.huge, o.seed, o.scale)
    srv = Server(("127.0.0.1", o.port), world, o.latency_ms, o.stats)
    srv.preload()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    if o.workers > 1:
        tmp = tempfile.mkdtemp(prefix="synth-stats-")
        srv.socket.setblocking(False)  # a worker must not sit in accept()
        pids = []
        for k in range(o.workers):
            pid = os.fork()
            if pid == 0:
                worker(srv, os.path.join(tmp, "%d.json" % k))
            pids.append(pid)
        print("PORT %d" % srv.server_address[1], flush=True)
        done.wait()
        parts = []
        for k, pid in enumerate(pids):
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            path = os.path.join(tmp, "%d.json" % k)
            try:
                with open(path) as f:
                    parts.append(json.load(f))
                os.unlink(path)
            except (OSError, ValueError):
                pass
        os.rmdir(tmp)
        st = merge_stats(parts)
    else:
        th = threading.Thread(target=srv.serve_forever, kwargs={
            "poll_interval": 0.2}, daemon=True)
        th.start()
        print("PORT %d" % srv.server_address[1], flush=True)
        done.wait()
        srv.shutdown()
        st = srv.stats(timeline=True)
        st["workers"] = 1
    if o.stats:
        with open(o.stats, "w") as f:
            json.dump(st, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
