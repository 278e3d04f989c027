#!/usr/bin/python3
# run.py -- irready's benchmark: `make bench` (BENCH_QUICK=1 for a short run)
#
# Starts bench/synth_server.py, runs irready against it in several
# scenarios and writes bench/results.md (the same summary on stdout):
#
#   a. a 50-account, 4-region Organization at 20 ms per request: wall time
#      against the lower bound for that latency and concurrency, at the
#      default --concurrency/--accounts-in-flight and with larger ones;
#   b. one huge account (100k snapshots, 20k volumes, 10k instances, 5k IAM
#      users, 2k KMS keys, 1k buckets): peak RSS and wall time;
#   c. peak RSS for 10, 25 and 50 accounts: does it grow sublinearly?
#   d. parse + evaluate: `irready audit --replay` of recorded responses
#      against Debian's python3-botocore parsing the same bytes
#      (bench/botocore_parse.py);
#   e. a 500-account, 17-region Organization at 20 ms, --concurrency 64
#      --accounts-in-flight 64: wall time against the work bound, CPU per
#      request, calls, peak RSS (BENCH_QUICK: 20 accounts; --org-accounts N
#      for another size).
#
# Calls made (the endpoint's count) are compared with the minimum call plan:
# the fewest calls that read the synthetic data, from AWS's API shapes
# (bench/aws_shapes.py: botocore's paginators and parameter limits) and the
# follow-up calls the data makes necessary (plan_* with minimal=True). A
# call beyond it is "avoidable" when irready's design (plan_* without
# minimal: its page sizes, chunks, per-item calls) explains it, "extra"
# otherwise; the rate bound uses AWS's documented quotas
# (src/aws/aws_quota.c as stated there, not irready's pacing). Which
# datasets an audit collects comes from `irready inventory`, their names
# and waves from `irready datasets --json`, so the plan follows the tree;
# a dataset the plan does not model is listed as such in the results.
#
# Peak RSS and CPU time come from GNU time (/usr/bin/time), wall time from
# time.monotonic() around the process.
#
# Options: --quick (also BENCH_QUICK=1), --irready PATH (also $IRREADY),
#   --out FILE, --keep DIR (keep the work directory), --only a,b,c,d,e,
#   --org-accounts N (scenario e's size), --env NAME=VALUE (added to
#   irready's environment, for experiments)
import argparse
import collections
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no bench/__pycache__ in the tree
import synth_server as S  # noqa: E402
import aws_shapes as AS  # noqa: E402

HOME = "us-east-1"
DEFAULT_C, DEFAULT_AIF = 8, 8  # src/core/runner.c defaults

# --------------------------------------------------------------------------
# AWS's documented request quotas (src/aws/aws_quota.c, read as AWS states
# them: not the fraction irready paces itself at, and no bound at all where
# AWS documents none)

QUOTAS = AS.read_documented_quotas()
# irready's default pacing (src/aws/aws_rate.h): the share of a documented
# quota it takes, and its rate where AWS documents none
FRACTION, UNDOCUMENTED = AS.read_pacing()


def rate_plan(svc, action, paced=False):
    """(group, rate, burst) of AWS's documented quota for the call, or None
    where none is documented. The bucket is per account and Region; a
    burst AWS does not state is taken as one second's worth.

    paced=True: the same quota at irready's default share of it (its
    pacer, src/aws/aws_rate.c: rate and burst times the fraction; where AWS
    documents nothing, one bucket per service at the undocumented rate
    with twice that burst)."""
    q = QUOTAS.get((svc, action)) or QUOTAS.get((svc, None))
    if not q:
        if paced:
            return svc, UNDOCUMENTED, 2 * UNDOCUMENTED
        return None
    rate, burst, per_action = q
    own = (svc, action) in QUOTAS or per_action
    f = FRACTION if paced else 1.0
    return (svc + ":" + action if own else svc), rate * f, \
        max(1.0, (burst or rate) * f)

# --------------------------------------------------------------------------
# irready's dataset table (`irready datasets --json`, from the descriptors of
# src/inventory/datasets.def) and which datasets an audit collects


def irready_table(what):
    """`irready <what> --json` from $IRREADY, else build/irready."""
    exe = os.environ.get("IRREADY", os.path.join(ROOT, "build", "irready"))
    out = subprocess.run([exe, what, "--json"], stdout=subprocess.PIPE,
                         check=True).stdout
    return json.loads(out)


def read_datasets():
    """[(NAME, scope, description)] of the datasets an audit plans per
    account and region; the gates (IDENTITY, REGIONS) are the plan's
    fixed first calls."""
    return [(d["name"], d["scope"].upper(), d["description"])
            for d in irready_table("datasets") if not d["gate"]]


def read_waves():
    """{NAME: wave}: a dataset computed from others is collected in a later
    wave, after its inputs (counted from the first wave after the gates)."""
    deps = {d["name"]: d["inputs"] for d in irready_table("datasets")
            if not d["gate"]}

    def wave(n, depth=0):
        if depth > 64 or not deps.get(n):
            return 0
        return 1 + max(wave(d, depth + 1) for d in deps[n])
    return {n: wave(n) for n in deps}


_WAVES = {}


def waves():
    """read_waves(), once (after main() has chosen the binary)."""
    if not _WAVES:
        _WAVES.update(read_waves())
    return _WAVES


# --------------------------------------------------------------------------
# the call plan: what collecting each dataset once needs, from the data


class Plan:
    def __init__(self):
        self.tasks = []  # [dataset, account, region|None, wave, [(key, depth)]]
        self.pre = {}  # account -> [(key, depth)] before its datasets
        self.org = []  # the Organization listing (caller), serial
        self.unmodeled = set()

    def keys(self):
        c = collections.Counter()
        for k, _ in self.org:
            c[k] += 1
        for calls in self.pre.values():
            for k, _ in calls:
                c[k] += 1
        for t in self.tasks:
            for k, _ in t[4]:
                c[k] += 1
        return c

    def total(self):
        return sum(self.keys().values())


def pages(n, size):
    return max(1, math.ceil(n / size))


def K(acct, region, svc, action, res=None, page=0):
    return (acct, region, svc, action, res, page)


def plan_region(w, a, r, ds, seen, minimal=False):
    """[(key, depth)] for dataset 'ds' in region r of account a; 'seen'
    holds keys another dataset already fetched (one fetch is the plan).

    minimal=False models irready's collectors (its page sizes, AMI chunks,
    per-key and per-topic calls); minimal=True is the fewest calls AWS's
    API shapes allow for the same data: pages as large as botocore's
    models permit (aws_shapes.page_size), and only the follow-up calls the
    world's data makes necessary (GetKeyRotationStatus for customer managed
    symmetric enabled keys; DescribeKey skipped for AWS managed keys when
    ListAliases, which names them alias/aws/*, costs fewer calls;
    ListSubscriptionsByTopic per topic, since ListSubscriptions lists only
    the requester's own subscriptions)."""
    c = w.region_counts(a, r)
    ai, ri = w.ai(a), w.ri(r)
    out = []

    def add(svc, action, res=None, page=0, depth=0):
        k = K(a, r, svc, action, res, page)
        if k in seen:
            return
        seen.add(k)
        out.append((k, depth))

    def lst(svc, action, n, size, res=None):
        np = pages(n, size)
        for p in range(np):
            add(svc, action, res, p, p)
        return np

    def psz(svc, action, served):
        return AS.page_size(svc, action, served) if minimal else served

    ec2 = S.PAGE["ec2"]  # == botocore's documented EC2 maximum (1000)
    if ds == "VPC":
        lst("ec2", "DescribeVpcs", c["vpcs"], ec2)
    elif ds == "FLOW_LOGS":
        lst("ec2", "DescribeFlowLogs", c["flow_logs"], ec2)
    elif ds == "VOLUMES":
        lst("ec2", "DescribeVolumes", c["volumes"], ec2)
    elif ds == "SNAPSHOTS":
        lst("ec2", "DescribeSnapshots", c["snapshots"], ec2)
    elif ds == "PUBLIC_SNAPSHOTS":
        lst("ec2", "DescribeSnapshots", c["public_snapshots"], ec2, "all")
    elif ds == "INSTANCES":
        np = lst("ec2", "DescribeInstances", c["instances"], ec2)
        amis = w.running_amis(a, r)
        chunk = AS.documented("ec2", "DescribeImages.ImageIds") \
            if minimal else 15  # irready's AMI_CHUNK
        for i in range(0, len(amis), chunk):
            add("ec2", "DescribeImages", amis[i], 0, np)
    elif ds == "IMAGES":
        lst("ec2", "DescribeImages", c["images"], ec2, "self")
    elif ds == "ENIS":
        lst("ec2", "DescribeNetworkInterfaces", c["enis"], ec2)
    elif ds == "SECURITY_GROUPS":
        lst("ec2", "DescribeSecurityGroups", c["sgs"], ec2)
    elif ds == "NACLS":
        lst("ec2", "DescribeNetworkAcls", c["nacls"], ec2)
    elif ds == "EBS_ENCRYPTION":
        add("ec2", "GetEbsEncryptionByDefault")
    elif ds == "SNAPSHOT_BPA":
        add("ec2", "GetSnapshotBlockPublicAccessState")
    elif ds == "KMS":
        np = lst("kms", "ListKeys", c["kms"],
                 psz("kms", "ListKeys", S.PAGE["kms"]))
        # AWS managed keys (alias/aws/*): their rotation is AWS's
        managed = {i for i in range(c["kms"]) if w.kms_class(i) == 7}
        skip = set()
        if minimal and managed:
            asz = AS.page_limit("kms", "ListAliases")[1] or 50
            if pages(len(managed), asz) < len(managed):
                lst("kms", "ListAliases", len(managed), asz)
                skip = managed
        for i in range(c["kms"]):
            kid = w.kms_id(ai, ri, i)
            if i not in skip:
                add("kms", "DescribeKey", kid, 0, np)
            if w.kms_rotatable(i):
                add("kms", "GetKeyRotationStatus", kid, 0, np + 1)
    elif ds in ("GUARDDUTY", "GUARDDUTY_FINDINGS", "GUARDDUTY_SETTINGS"):
        add("guardduty", "ListDetectors")  # once for the three
        dets = [w.detector_id(ai, ri)][:c["detectors"]]
        for d in dets:
            if ds == "GUARDDUTY":
                add("guardduty", "GetDetector", d, 0, 1)
            elif ds == "GUARDDUTY_FINDINGS":
                add("guardduty", "ListFindings", d, 0, 1)  # no findings
            else:
                add("guardduty", "ListPublishingDestinations", d, 0, 1)
                for i in range(c["gd_destinations"]):
                    add("guardduty", "DescribePublishingDestination",
                        "%032x" % (0xde5700 + i), 0, 2)
                add("guardduty", "GetMalwareScanSettings", d, 0, 1)
                # member of a GuardDuty administrator (delegated admin)?
                add("guardduty", "GetAdministratorAccount", d, 0, 1)
    elif ds == "CONFIG":
        add("config", "DescribeConfigurationRecorders")
        add("config", "DescribeConfigurationRecorderStatus")
        add("config", "DescribeDeliveryChannels")
    elif ds == "SNS_TOPICS":
        np = lst("sns", "ListTopics", c["topics"],
                 AS.page_limit("sns", "ListTopics")[1] or 100)
        # One subscription per topic in the world. ListSubscriptions is
        # not the same data: it returns "the requester's subscriptions"
        # (AWS's SNS API reference), so a topic's subscription owned by
        # another account -- a central security account's queue, the way
        # an Organization routes alerts -- is missing from it. Reading
        # every subscriber of a topic takes ListSubscriptionsByTopic,
        # one per topic (and page).
        for i in range(c["topics"]):
            arn = w.topic_arn(a, r, i)
            add("sns", "GetTopicAttributes", arn, 0, np)  # its Policy
            add("sns", "ListSubscriptionsByTopic", arn, 0, np)
    elif ds == "EVENT_RULES":
        add("events", "ListRules")
        for name, pat in w.rules():
            if pat and ("aws.guardduty" in pat or "aws.securityhub" in pat):
                add("events", "ListTargetsByRule", name, 0, 1)
    elif ds == "LOG_GROUPS":
        lst("logs", "DescribeLogGroups", c["log_groups"], S.PAGE["logs"])
    elif ds == "METRIC_ALARMS":
        add("logs", "DescribeMetricFilters")
        add("cloudwatch", "DescribeAlarms")
    elif ds == "DASHBOARDS":
        add("cloudwatch", "ListDashboards")
    elif ds == "RESOLVER_QUERY_LOGS":
        add("route53resolver", "ListResolverQueryLogConfigAssociations")
    elif ds == "LOG_ANALYTICS":
        add("opensearch", "ListDomainNames")
        add("athena", "ListWorkGroups")
        add("cloudtrail", "ListEventDataStores")
    elif ds == "SES_IDENTITIES":
        add("ses", "ListIdentities")
    elif ds == "LOAD_BALANCERS":
        add("elbv2", "DescribeLoadBalancers")
    elif ds == "WAF_ACLS":
        add("wafv2", "ListWebACLs", "REGIONAL")
        if r == "us-east-1":
            add("wafv2", "ListWebACLs", "CLOUDFRONT")
    elif ds == "SSM_INSTANCES":
        add("ssm", "DescribeInstanceInformation")
    elif ds == "SSM_DOCUMENTS":
        add("ssm", "ListDocuments")
    elif ds == "STACKS":
        add("cloudformation", "ListStacks")
    elif ds == "BACKUP_PLANS":
        add("backup", "ListBackupPlans")
        add("backup", "ListBackupVaults")
    elif ds == "DLM":
        add("dlm", "GetLifecyclePolicies")
    elif ds == "INSPECTOR":
        add("inspector2", "BatchGetAccountStatus")
    elif ds == "MACIE":
        add("macie2", "GetMacieSession")
    elif ds == "SECURITYHUB":
        add("securityhub", "DescribeHub")
        add("securityhub", "GetEnabledStandards")
    elif ds == "ACCESS_ANALYZER":
        add("accessanalyzer", "ListAnalyzers")
    elif ds == "SH_AGGREGATOR":
        # the synthetic world has no finding aggregator: one empty page,
        # so no GetFindingAggregator
        add("securityhub", "ListFindingAggregators")
    elif ds == "SECRETS":
        add("secretsmanager", "ListSecrets")
    elif ds == "SSM_PARAMETERS":
        add("ssm", "DescribeParameters")
    elif ds == "DB_INSTANCES":
        # the synthetic world has no RDS: one empty page each
        add("rds", "DescribeDBInstances")
    elif ds == "DB_SNAPSHOTS":
        add("rds", "DescribeDBSnapshots")
    else:
        return None
    return out


def plan_account_ds(w, a, ds, regions, seen, org_mode, minimal=False):
    """[(key, depth)] for account-scope dataset 'ds' of account a."""
    ac = w.account_counts(a)
    out = []

    def add(region, svc, action, res=None, page=0, depth=0):
        k = K(a, region, svc, action, res, page)
        if k in seen:
            return
        seen.add(k)
        out.append((k, depth))

    G = "global"
    if ds in ("ORG", "ORG_ADMIN"):
        add(G, "organizations", "DescribeOrganization")  # once for both
        if ds == "ORG_ADMIN" and a != w.mgmt:
            # a member learns it may not list the organization (and is not
            # a delegated administrator) from one refused call
            add(G, "organizations", "ListRoots", None, 0, 1)
        elif ds == "ORG_ADMIN":
            # the tree; already fetched by the Organization listing (--org)
            add(G, "organizations", "ListRoots")
            depth = {"root": 1}
            for par in w.all_parents():
                d = depth[par]
                add(G, "organizations", "ListOrganizationalUnitsForParent",
                    w.parent_id(par), 0, d)
                for ch, _ in w.child_ous(par):
                    depth[ch] = d + 1
            for par in w.in_scope_ous():
                add(G, "organizations", "ListAccountsForParent",
                    w.parent_id(par), 0, depth[par])
            for sp in ("guardduty.amazonaws.com",
                       "securityhub.amazonaws.com", "config.amazonaws.com",
                       "config-multiaccountsetup.amazonaws.com"):
                add(G, "organizations", "ListDelegatedAdministrators", sp)
            add(G, "organizations", "ListPolicies")
            for pid, _, managed in w.scps():
                if not managed:
                    add(G, "organizations", "DescribePolicy", pid, 0, 1)
    elif ds == "IAM_KEYS":
        add(G, "iam", "GetCredentialReport")
    elif ds == "IAM_AUTHZ":
        n = ac["users"] + ac["groups"] + ac["roles"] + ac["policies"]
        size = AS.page_size("iam", "GetAccountAuthorizationDetails",
                            S.PAGE["iam_authz"]) if minimal \
            else S.PAGE["iam_authz"]
        for p in range(pages(n, size)):
            add(G, "iam", "GetAccountAuthorizationDetails", None, p, p)
    elif ds == "CLOUDTRAIL":
        t = w.trail(a)
        add(HOME, "cloudtrail", "DescribeTrails")
        add(t["home"], "cloudtrail", "GetTrailStatus", t["arn"], 0, 1)
        add(t["home"], "cloudtrail", "GetEventSelectors", t["arn"], 0, 1)
    elif ds == "S3_PAB":
        add(HOME, "s3control", "GetPublicAccessBlock")
    elif ds == "S3_BUCKETS":
        add(G, "s3", "ListBuckets")
        names = w.bucket_names(a)
        trail, config, flow = names[0], names[1], names[2]
        for b in sorted([trail, config, flow]):
            # the bucket's region first, then its settings there
            add(G, "s3", "GetBucketLocation", b, 0, 1)
            add(HOME, "s3", "GetBucketVersioning", b, 0, 2)
            if b == trail:
                add(HOME, "s3", "GetBucketLogging", b, 0, 2)
            add(HOME, "s3", "GetObjectLockConfiguration", b, 0, 2)
            add(HOME, "s3", "GetBucketLifecycleConfiguration", b, 0, 2)
    elif ds == "INCIDENT_MANAGER":
        for r in regions:
            add(r, "ssm-incidents", "ListResponsePlans")
            add(r, "ssm-contacts", "ListContacts")
    elif ds == "ACCOUNT_CONTACTS":
        for t in ("SECURITY", "BILLING", "OPERATIONS"):
            add(G, "account", "GetAlternateContact", t)
    elif ds == "SUPPORT":
        add(G, "support", "DescribeSeverityLevels")
    elif ds == "DASHBOARDS":
        # CloudWatch dashboards are global: one listing per account
        add(HOME, "cloudwatch", "ListDashboards")
    elif ds in ("WORKLOAD_VPCS", "DRILL"):
        pass  # computed / --drill only: no call
    else:
        return None
    return out


def plan_org_listing(w, seen):
    """The caller's identity and org_list_accounts() (src/core/org.c)."""
    a, G = w.mgmt, "global"
    out, d = [], 0

    def add(region, svc, action, res=None, page=0):
        nonlocal d
        k = K(a, region, svc, action, res, page)
        if k not in seen:
            seen.add(k)
            out.append((k, d))
        d += 1

    add(HOME, "sts", "GetCallerIdentity")
    add(G, "organizations", "DescribeOrganization")
    for p in range(pages(len(w.accounts), S.PAGE["org"])):
        add(G, "organizations", "ListAccounts", None, p)
    add(G, "organizations", "ListRoots")
    for par in w.all_parents():
        pid = w.parent_id(par)
        for p in range(pages(len(w.child_ous(par)), S.PAGE["org"])):
            add(G, "organizations", "ListOrganizationalUnitsForParent",
                pid, p)
        for p in range(pages(len(w.accounts_of(par)), S.PAGE["org"])):
            add(G, "organizations", "ListAccountsForParent", pid, p)
    # the owners of organization-wide mechanisms (src/core/org.c
    # mark_owners): every delegated administrator, unfiltered
    add(G, "organizations", "ListDelegatedAdministrators")
    return out


def make_plan(w, datasets, org_mode, accounts=None, minimal=False):
    """datasets: [(NAME, scope)] an audit collects. minimal: the fewest
    calls AWS's API shapes allow (see plan_region), else irready's own
    collectors' choices (the design model, used to tell avoidable calls
    from unexplained ones)."""
    p = Plan()
    seen = set()
    accounts = accounts or (w.accounts if org_mode else [w.mgmt])
    if org_mode:
        p.org = plan_org_listing(w, seen)
    for a in accounts:
        pre = []
        if org_mode and a != w.mgmt:
            role = "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % a
            pre.append((K(w.mgmt, HOME, "sts", "AssumeRole", role), 0))
        for k in (K(a, HOME, "sts", "GetCallerIdentity"),
                  K(a, HOME, "ec2", "DescribeRegions")):
            if k not in seen:
                seen.add(k)
                pre.append((k, len(pre)))
        p.pre[a] = pre
        for name, scope in datasets:
            wave = waves().get(name, 0)
            if scope == "ACCOUNT":
                calls = plan_account_ds(w, a, name, w.regions, seen,
                                        org_mode, minimal)
                if calls is None:
                    p.unmodeled.add(name)
                    continue
                p.tasks.append([name, a, None, wave, calls])
            else:
                for r in w.regions:
                    calls = plan_region(w, a, r, name, seen, minimal)
                    if calls is None:
                        p.unmodeled.add(name)
                        break
                    p.tasks.append([name, a, r, wave, calls])
    return p


# Datasets whose per-resource calls fan out on the pool (inv_fanout): their
# designed chain is the listing plus the longest single resource's calls.
FANOUT = {"KMS", "S3_BUCKETS", "SNS_TOPICS", "BACKUP_PLANS", "EVENT_RULES"}


def lower_bounds(p, L, C):
    """Wall-time lower bounds in seconds for latency L (s), concurrency C.

    designed: irready runs each (account, region, dataset) collector on one
      thread, its calls one after the other, but for the per-resource calls
      of the FANOUT datasets, which run side by side: the critical path is the org
      listing, then per account its identity + regions calls and its longest
      wave-0 collector then its longest wave-1 collector.
    ideal: only data dependencies serialise calls (a page needs the previous
      page's token; a per-item call needs the list): the same chain with
      each collector's dependency depth instead of its call count.
    Both are also bounded by total calls x L / C (C requests in flight) and
    by AWS's documented quotas: calls to one (account, region, group)
    beyond the burst take 1/rate each (rate_plan())."""
    total = p.total()
    work = total * L / C
    org_n = len(p.org)
    # ideal: the account ids need ListAccounts' pages, nothing else
    org_ideal = sum(1 for k, _ in p.org if k[3] == "ListAccounts")
    chain_designed = chain_ideal = 0
    # per account and wave: the longest collector (calls, dependency depth)
    by_acct = collections.defaultdict(dict)
    for name, a, r, wave, calls in p.tasks:
        n = len(calls)
        if name in FANOUT:
            # the listing, then the resources side by side (inv_fanout)
            per = collections.Counter(k[4] for k, _ in calls
                                      if k[4] is not None)
            n = sum(1 for k, _ in calls if k[4] is None) + \
                max(per.values(), default=0)
        depth = (max(d for _, d in calls) - min(d for _, d in calls) + 1) \
            if calls else 0
        cur = by_acct[a].setdefault(wave, [0, 0])
        cur[0] = max(cur[0], n)
        cur[1] = max(cur[1], depth)
    for a, pre in p.pre.items():
        waves = by_acct[a].values()
        chain_designed = max(chain_designed, org_n + len(pre) +
                             sum(w[0] for w in waves))
        # AssumeRole (members), then identity and regions side by side
        assume = any(k[3] == "AssumeRole" for k, _ in pre)
        chain_ideal = max(chain_ideal, org_ideal + assume + 1 +
                          sum(w[1] for w in waves))
    rate_s, rate_key, rate_n = rate_bound(p, paced=False)
    paced_s, paced_key, paced_n = rate_bound(p, paced=True)
    designed = max(work, chain_designed * L, rate_s)
    ideal = max(work, chain_ideal * L, rate_s)
    return dict(total=total, work_s=work, chain_designed=chain_designed,
                chain_designed_s=chain_designed * L, chain_ideal=chain_ideal,
                chain_ideal_s=chain_ideal * L, rate_s=rate_s,
                rate_key=rate_key, rate_key_calls=rate_n,
                designed_s=designed, ideal_s=ideal,
                paced_rate_s=paced_s, paced_rate_key=paced_key,
                paced_rate_key_calls=paced_n,
                paced_s=max(designed, paced_s))


def rate_bound(p, paced):
    """(seconds, key, calls) of the busiest token bucket -- per account,
    region and quota group -- beyond its burst: at AWS's documented quotas
    (no bound where AWS documents none), or paced=True at irready's default
    share of them (rate_plan())."""
    per_key = collections.Counter()
    pace = {}
    for k, n in p.keys().items():
        if k[2] == "sts" and k[3] == "AssumeRole":
            continue  # credentials calls bypass the bucket
        q = rate_plan(k[2], k[3], paced)
        if q is None:
            continue  # AWS documents no quota: no bound
        group, rate, burst = q
        per_key[(k[0], k[1], group)] += n
        pace[(k[0], k[1], group)] = (rate, burst)
    rate_s, rate_key = 0.0, None
    for key, n in per_key.items():
        rate, burst = pace[key]
        t = max(0.0, (n - burst) / rate)
        if t > rate_s:
            rate_s, rate_key = t, key
    return (rate_s, "/".join(rate_key) if rate_key else "",
            per_key.get(rate_key, 0))


# A minimum call whose data irready reads through another call (counted as
# avoidable instead): not missing when that call was made in the same
# account and region.
SUBSTITUTES = {
    ("kms", "ListAliases"): ("kms", "DescribeKey"),
}


def compare(plan_keys, model_keys, stats):
    """Calls made against the minimum plan: 'missing' are minimum calls not
    made; a call beyond the minimum is 'avoidable' when irready's design
    (the model plan) accounts for it -- a smaller page, a chunk, a per-item
    call the data does not need -- and 'extra' when nothing does (a repeat,
    a call no dataset needs)."""
    made = collections.Counter()
    for k, n in stats["counts"]:
        made[tuple(k)] += n
    extra = collections.Counter()
    avoid = collections.Counter()
    missing = collections.Counter()
    subst = collections.Counter()
    made_where = {(k[0], k[1], k[2], k[3]) for k in made}
    for k in set(made) | set(plan_keys):
        d = made.get(k, 0) - plan_keys.get(k, 0)
        if d > 0:
            by_design = max(0, model_keys.get(k, 0) - plan_keys.get(k, 0))
            if min(d, by_design):
                avoid[(k[2], k[3])] += min(d, by_design)
            if d > by_design:
                extra[(k[2], k[3])] += d - by_design
        elif d < 0:
            alt = SUBSTITUTES.get((k[2], k[3]))
            if alt and (k[0], k[1]) + alt in made_where:
                subst[(k[2], k[3])] += -d
            else:
                missing[(k[2], k[3])] += -d
    return dict(substituted=sum(subst.values()),
                substituted_by=subst.most_common(),
                made=sum(made.values()), planned=sum(plan_keys.values()),
                model=sum(model_keys.values()),
                avoidable=sum(avoid.values()), extra=sum(extra.values()),
                missing=sum(missing.values()),
                avoidable_by=avoid.most_common(),
                extra_by=extra.most_common(), missing_by=missing.most_common())


# --------------------------------------------------------------------------
# processes


class SynthServer:
    """bench/synth_server.py with one worker process per CPU on one port;
    its request counts arrive when it stops."""

    def __init__(self, workdir, accounts, regions, huge=False, scale=1.0,
                 latency_ms=0.0, seed=1, workers=None):
        self.world = S.World(accounts, regions, huge, seed, scale)
        self.err = open(os.path.join(workdir, "server.err"), "a")
        self.stats_path = os.path.join(workdir, "server-stats.json")
        self.workers = workers or os.cpu_count() or 1
        self.p = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "synth_server.py"),
             "--accounts", str(accounts), "--regions", str(regions),
             "--scale", str(scale), "--latency-ms", str(latency_ms),
             "--seed", str(seed), "--workers", str(self.workers),
             "--stats", self.stats_path] + (["--huge"] if huge else []),
            stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.p.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError("synth_server did not start: %r" % line)
        self.port = int(line.split()[1])
        self.url = "http://127.0.0.1:%d" % self.port

    def stop(self):
        """Stop it; its stats."""
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(60)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.err.close()
        try:
            with open(self.stats_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None


EXTRA_ENV = {}  # --env NAME=VALUE (experiments: GLIBC_TUNABLES, ...)


def clean_env(workdir, account):
    """An isolated environment: only the synthetic base credentials."""
    home = os.path.join(workdir, "home")
    os.makedirs(home, exist_ok=True)
    return dict(EXTRA_ENV, **{"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C",
            "AWS_CONFIG_FILE": os.path.join(home, "none"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "none"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": "AKIA%sBENCHKEY" % account,
            "AWS_SECRET_ACCESS_KEY": "bench-secret-key",
            "NO_COLOR": "1"})


TIME = "/usr/bin/time"  # GNU time (Debian package "time")


def collect_peak(log):
    """irready's peak RSS (MiB) at the end of collection, before the
    findings of finished batches come back for the reports (its -v line
    "peak RSS while collecting"); None when the log has none."""
    try:
        with open(log, errors="replace") as f:
            for line in f:
                m = re.search(r"peak RSS while collecting: (\d+) MiB", line)
                if m:
                    return float(m.group(1))
    except OSError:
        pass
    return None


def run_proc(argv, env, log):
    """Run argv; wall (monotonic), CPU time and peak RSS.

    Peak RSS comes from GNU time, which forks irready from its own small
    image: ru_maxrss of a child forked straight from this Python process
    would include this process's RSS at fork time (Linux keeps the larger
    of the pre-exec and post-exec high-water marks)."""
    rfile = log + ".rusage"
    use_time = os.access(TIME, os.X_OK)
    full = [TIME, "-o", rfile, "-f", "%U %S %M %x"] + argv if use_time \
        else argv
    LOADS.append(loadavg())
    with open(log, "wb") as out:
        t0 = time.monotonic()
        p = subprocess.Popen(full, env=env, stdout=out,
                             stderr=subprocess.STDOUT)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    LOADS.append(loadavg())
    user, sys_, rss_kb = ru.ru_utime, ru.ru_stime, ru.ru_maxrss
    if use_time:
        try:
            with open(rfile) as f:
                last = f.read().strip().splitlines()[-1].split()
            user, sys_, rss_kb, rc = (float(last[0]), float(last[1]),
                                      int(last[2]), int(last[3]))
        except (OSError, ValueError, IndexError):
            pass
    return dict(rc=rc, wall_s=wall, user_s=user, sys_s=sys_,
                cpu_s=user + sys_, rss_mib=rss_kb / 1024.0, log=log,
                rss_source="GNU time" if use_time else "wait4 (inflated)")


NULL_DIR_NOTE = []


def fix_null_account(rec, account):
    """`irready audit --record` writes the first sts:GetCallerIdentity of a
    run, made before the account id is known, under "(null)/": the replay
    then misses it. Move such files to the account they belong to."""
    bad = os.path.join(rec, "(null)")
    if not os.path.isdir(bad):
        return
    for dp, _, fns in os.walk(bad):
        for fn in fns:
            src = os.path.join(dp, fn)
            dst = os.path.join(rec, account, os.path.relpath(src, bad))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if not os.path.exists(dst):
                shutil.copy(src, dst)
            NULL_DIR_NOTE.append(os.path.relpath(src, rec))
    shutil.rmtree(bad)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


LOADS = []  # 1-minute load averages seen around each irready run


def timeline_stats(tl, wall, C, aif, accounts):
    """From the endpoint's timeline [(arrived, answered, account index)]:
    requests in flight on average, and how long each batch of accounts
    waited between its first and its last account's first request (the
    accounts of a batch are discovered one after the other)."""
    if not tl:
        return None
    busy = sum(b - a for a, b, _ in tl)
    first = {}
    for a, _, i in tl:
        if i >= 0 and (i not in first or a < first[i]):
            first[i] = a
    stagger = 0.0
    for start in range(0, accounts, aif):
        # account 0 is the caller: its first request lists the Organization
        ts = [first[i] for i in range(max(1, start),
                                      min(accounts, start + aif))
              if i in first]
        if len(ts) > 1:
            stagger += max(ts) - min(ts)
    return dict(avg=busy / wall if wall else 0.0, of=C,
                mean_ms=1000.0 * busy / len(tl), stagger_s=stagger)


def tail(path, n=5):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


# --------------------------------------------------------------------------
# the benchmark


class Bench:
    def __init__(self, o):
        self.o = o
        self.irready = os.path.abspath(o.irready)
        os.environ["IRREADY"] = self.irready  # its tables (irready_table)
        self.work = o.keep or tempfile.mkdtemp(prefix="irready-bench-")
        os.makedirs(self.work, exist_ok=True)
        self.results = {}
        self.n = 0
        self.datasets = None

    def tmp(self, name):
        self.n += 1
        d = os.path.join(self.work, "%02d-%s" % (self.n, name))
        os.makedirs(d, exist_ok=True)
        return d

    def requested_datasets(self):
        """Which datasets `irready audit` collects with the default policy:
        `irready inventory` against a 1-account world (its "datasets"
        states), mapped to names through `irready datasets --json`."""
        if self.datasets is not None:
            return self.datasets
        table = read_datasets()
        by_desc = {d: (n, s) for n, s, d in table}
        d = self.tmp("datasets")
        srv = SynthServer(d, 1, 1)
        try:
            env = clean_env(d, srv.world.mgmt)
            r = run_proc([self.irready, "inventory", "--endpoint-url",
                          srv.url], env, os.path.join(d, "inventory.json"))
        finally:
            srv.stop()
        with open(r["log"]) as f:
            txt = f.read()
        inv = json.loads(txt[txt.index("{"):])
        want = set()

        def walk(o):
            if isinstance(o, dict):
                for k, v in o.items():
                    if k == "datasets" and isinstance(v, dict):
                        for desc, st in v.items():
                            if st.get("state") != "not_requested":
                                want.add(desc)
                    else:
                        walk(v)
            elif isinstance(o, list):
                for v in o:
                    walk(v)
        walk(inv)
        self.datasets = [(n, s) for n, s, desc in table if desc in want]
        unknown = want - set(by_desc)
        if unknown:
            print("note: datasets not in `irready datasets --json`: %s"
                  % ", ".join(sorted(unknown)), file=sys.stderr)
        return self.datasets

    def audit(self, name, accounts, regions, latency_ms, org=True,
              huge=False, scale=1.0, concurrency=None, aif=None,
              record=None, extra=(), quiet_plan=False):
        d = self.tmp(name)
        srv = SynthServer(d, accounts, regions, huge, scale, latency_ms)
        w = srv.world
        # -v: irready's debug lines carry its peak RSS while collecting
        argv = [self.irready, "audit", "--endpoint-url", srv.url,
                "--output-dir", os.path.join(d, "out"), "--format", "json",
                "--quiet", "-v"]
        if org:
            argv.append("--org")
        if concurrency:
            argv += ["--concurrency", str(concurrency)]
        if aif:
            argv += ["--accounts-in-flight", str(aif)]
        if record:
            argv += ["--record", record]
        argv += list(extra)
        try:
            r = run_proc(argv, clean_env(d, w.mgmt),
                         os.path.join(d, "irready.log"))
        finally:
            st = srv.stop()
        if st is None:
            raise RuntimeError("%s: no stats from the endpoint" % name)
        r["server"] = {k: v for k, v in st.items()
                       if k not in ("counts", "timeline", "idents")}
        r["flight"] = timeline_stats(st.get("timeline") or [], r["wall_s"],
                                     concurrency or DEFAULT_C,
                                     aif or DEFAULT_AIF, accounts)
        if r["rc"] not in (0, 1):
            raise RuntimeError("%s: irready exited %d:\n%s"
                               % (name, r["rc"], tail(r["log"], 20)))
        r["rss_collect_mib"] = collect_peak(r["log"])
        plan = make_plan(w, self.requested_datasets(), org, minimal=True)
        model = make_plan(w, self.requested_datasets(), org)
        C = concurrency or DEFAULT_C
        lb = lower_bounds(plan, latency_ms / 1000.0, C)
        cmp_ = compare(plan.keys(), model.keys(), st)
        r.update(name=name, accounts=accounts, regions=regions,
                 latency_ms=latency_ms, concurrency=C,
                 aif=aif or DEFAULT_AIF, lb=lb, calls=cmp_,
                 unmodeled=sorted(plan.unmodeled),
                 errors=self.error_findings(os.path.join(d, "out")))
        r["ratio"] = r["wall_s"] / lb["designed_s"] if lb["designed_s"] \
            else float("nan")
        if record:
            fix_null_account(record, w.mgmt)
        if quiet_plan:
            print("  %-28s wall %7.2fs  %d calls  rss %.1f MiB  cpu %.2fs"
                  % (name, r["wall_s"], cmp_["made"], r["rss_mib"],
                     r["cpu_s"]), flush=True)
            return r
        print("  %-28s wall %7.2fs  bound %6.2fs  x%.2f  calls %d/%d min "
              "(avoidable %d, +%d -%d)  rss %.1f MiB  cpu %.2fs  in flight "
              "%.1f/%d  connections %d"
              % (name, r["wall_s"], lb["designed_s"], r["ratio"],
                 cmp_["made"], cmp_["planned"], cmp_["avoidable"],
                 cmp_["extra"],
                 cmp_["missing"], r["rss_mib"], r["cpu_s"],
                 r["flight"]["avg"] if r["flight"] else 0, C,
                 st.get("connections", 0)), flush=True)
        return r

    @staticmethod
    def error_findings(outdir):
        try:
            with open(os.path.join(outdir, "findings.json")) as f:
                fs = json.load(f)["findings"]
        except (OSError, ValueError, KeyError):
            return None
        c = collections.Counter()
        for x in fs:
            if x.get("status") == "ERROR":
                c[x.get("check_id") or x.get("check") or "?"] += 1
        return dict(c)

    # ------------------------------------------------------------ scenarios
    def scenario_a(self):
        q = self.o.quick
        n, R, L = (10, 4, 20) if q else (50, 4, 20)
        print("a. %d-account, %d-region Organization at %d ms" % (n, R, L))
        runs = [self.audit("org-default", n, R, L)]
        knobs = [(16, 16), (32, n)] if not q else [(32, n)]
        for c, aif in knobs:
            runs.append(self.audit("org-c%d-aif%d" % (c, aif), n, R, L,
                                   concurrency=c, aif=aif))
        self.results["a"] = runs

    def scenario_b(self):
        scale = 0.1 if self.o.quick else 1.0
        print("b. huge account (scale %g) at 20 ms" % scale)
        self.results["b"] = [self.audit("huge", 1, 4, 20, org=False,
                                        huge=True, scale=scale)]

    def scenario_c(self):
        sizes = [5, 10] if self.o.quick else [10, 25, 50]
        print("c. peak RSS against the number of accounts (20 ms)")
        runs = []
        reuse = {r["accounts"]: r for r in self.results.get("a", [])
                 if r["name"] == "org-default"}
        for n in sizes:
            runs.append(reuse.get(n) or self.audit("org-%d" % n, n, 4, 20))
        self.results["c"] = runs

    def scenario_d(self):
        print("d. parse + evaluate: irready --replay vs botocore parsing")
        if subprocess.run(["/usr/bin/python3", "-c", "import botocore"],
                          capture_output=True).returncode:
            print("  skipped: Debian's python3-botocore is not installed "
                  "(apt-get install python3-botocore)")
            return
        q = self.o.quick
        sets = []
        # the huge account's bytes (KMS left out: 3,400 tiny calls paced by
        # the rate limiter, 170 s, and nothing to parse), and an
        # Organization's many small answers
        checks = self.checks_without("kms:")
        rec = os.path.join(self.work, "rec-huge")
        shutil.rmtree(rec, ignore_errors=True)
        self.audit("record-huge", 1, 4, 0, org=False, huge=True,
                   scale=0.1 if q else 1.0, record=rec,
                   extra=["--checks", ",".join(checks)], quiet_plan=True)
        sets.append(("huge account (no KMS)", rec, checks))
        rec2 = os.path.join(self.work, "rec-org")
        shutil.rmtree(rec2, ignore_errors=True)
        self.audit("record-org", 5 if q else 10, 4, 0, org=True,
                   record=rec2, quiet_plan=True)
        sets.append(("%d-account Organization" % (5 if q else 10), rec2,
                     None))
        out = []
        for label, rec, checks in sets:
            out.append(self.parse_compare(label, rec, checks))
        self.results["d"] = out

    def scenario_e(self):
        n = self.o.org_accounts or (20 if self.o.quick else 500)
        R, L, C = 17, 20, 64
        print("e. %d-account, %d-region Organization at %d ms, "
              "--concurrency %d" % (n, R, L, C))
        self.results["e"] = [self.audit("org-%dx%d-c%d" % (n, R, C), n, R,
                                        L, concurrency=C, aif=C)]

    def checks_without(self, action_prefix):
        """Check ids that call no action starting with action_prefix, and
        are not the --drill check (a replay cannot select that one)."""
        r = subprocess.run([self.irready, "checks", "--json"],
                           capture_output=True, text=True, check=True)
        txt = r.stdout
        cat = json.loads(txt[txt.index("{"):])
        drill = ("ec2:CreateSnapshot", "iam:SimulatePrincipalPolicy")
        return [c["id"] for c in cat["checks"]
                if not any(a.startswith(action_prefix) or a in drill
                           for a in c.get("iam_actions", []))]

    def cpu_split(self, rec, checks, env, reps=3):
        """Where irready's CPU goes in the replay: IRREADY_CPU_SPLIT makes
        it time reading, parsing, evaluating and the report by thread CPU
        clock and print the split; medians of 'reps' runs made apart from
        the timed ones (the clock calls cost a little)."""
        keys = ("read", "parse", "evaluate", "report", "rest", "total")
        runs = []
        for _ in range(reps):
            d = os.path.join(self.work, "replay-split")
            shutil.rmtree(d, ignore_errors=True)
            argv = [self.irready, "audit", "--replay", rec, "--output-dir",
                    d, "--format", "json", "--quiet"]
            if checks:
                argv += ["--checks", ",".join(checks)]
            r = subprocess.run(argv, env=dict(env, IRREADY_CPU_SPLIT="1"),
                               capture_output=True, text=True)
            m = re.search(r"cpu split: read ([\d.]+) ms, parse ([\d.]+) ms,"
                          r" evaluate ([\d.]+) ms, report ([\d.]+) ms, "
                          r"rest ([-\d.]+) ms of ([\d.]+) ms", r.stderr)
            if r.returncode not in (0, 1) or not m:
                raise RuntimeError("replay with IRREADY_CPU_SPLIT failed:\n"
                                   + r.stderr[-2000:])
            runs.append(dict(zip(keys, map(float, m.groups()))))
        return {k: statistics.median(x[k] for x in runs) for k in keys}

    def parse_compare(self, label, rec, checks):
        reps = 3
        files = []
        for dp, _, fns in os.walk(rec):
            for fn in fns:
                if fn.endswith(".http"):
                    files.append(os.path.join(dp, fn))
        nbytes = sum(os.path.getsize(f) for f in files)
        env = clean_env(self.work, "000000000000")
        res = {"label": label, "files": len(files), "bytes": nbytes}
        runs = {"json": [], "csv": []}
        bcs = []
        # interleaved, so that load from elsewhere hits both sides alike
        for i in range(reps):
            for fmt in ("json", "csv"):
                d = os.path.join(self.work, "replay-%s" % fmt)
                shutil.rmtree(d, ignore_errors=True)
                argv = [self.irready, "audit", "--replay", rec,
                        "--output-dir", d, "--format", fmt, "--quiet"]
                if checks:
                    argv += ["--checks", ",".join(checks)]
                r = run_proc(argv, env, os.path.join(self.work,
                                                     "replay.log"))
                if r["rc"] not in (0, 1):
                    raise RuntimeError("replay failed:\n" + tail(r["log"]))
                runs[fmt].append(r)
            # botocore, in its own process (Debian's /usr/bin/python3)
            r = subprocess.run(["/usr/bin/python3",
                                os.path.join(HERE, "botocore_parse.py"),
                                "--reps", "1", rec],
                               capture_output=True, text=True)
            if r.returncode:
                raise RuntimeError("botocore_parse failed:\n" +
                                   r.stderr[-2000:])
            bcs.append(json.loads(r.stdout))
        for fmt, rs in runs.items():
            res["irready_" + fmt] = dict(
                wall_s=statistics.median(x["wall_s"] for x in rs),
                walls=[x["wall_s"] for x in rs],
                cpu_s=statistics.median(x["cpu_s"] for x in rs),
                rss_mib=max(x["rss_mib"] for x in rs))
        res["split"] = self.cpu_split(rec, checks, env)
        bc = dict(bcs[0])
        bc["parse_s"] = statistics.median(x["parse_s"] for x in bcs)
        bc["cpu_s"] = statistics.median(x["cpu_s"] for x in bcs)
        bc["reps"] = [x["parse_s"] for x in bcs]
        res["botocore"] = bc
        best = res["irready_json"]["wall_s"]
        res["ratio_json"] = bc["parse_s"] / best if best else float("nan")
        res["ratio_csv"] = bc["parse_s"] / res["irready_csv"]["wall_s"]
        res["ratio_cpu"] = bc["cpu_s"] / res["irready_json"]["cpu_s"]
        print("  %-28s %d files %.1f MB: irready json %.3fs (cpu %.3fs) "
              "csv %.3fs, botocore parse %.3fs (cpu %.3fs) -> x%.1f wall, "
              "x%.1f cpu"
              % (label, len(files), nbytes / 1e6, best,
                 res["irready_json"]["cpu_s"], res["irready_csv"]["wall_s"],
                 bc["parse_s"], bc["cpu_s"], res["ratio_json"],
                 res["ratio_cpu"]), flush=True)
        return res


# --------------------------------------------------------------------------
# report


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    cpu = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.1f GiB" % (int(f.readline().split()[1]) / 2 ** 20)
    except (OSError, ValueError, IndexError):
        pass
    bc = subprocess.run(["/usr/bin/python3", "-c",
                         "import botocore; print(botocore.__version__)"],
                        capture_output=True, text=True).stdout.strip()
    return dict(nproc=os.cpu_count(), cpu=cpu, mem=mem,
                kernel=platform.release(), python=platform.python_version(),
                botocore=bc or "?")


def fmt_s(x):
    return "%.2f s" % x


def mark(ok):
    return "**MET**" if ok else "**NOT MET**"


def report(b, elapsed):
    res, m, o = b.results, machine(), b.o
    L = []
    add = L.append
    add("# irready benchmark results")
    add("")
    add("Written by `make bench`%s (bench/run.py) on %s; the whole run took "
        "%.0f s." % (" BENCH_QUICK=1" if o.quick else "",
                     time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                     elapsed))
    add("")
    ver = subprocess.run([b.irready, "version"], capture_output=True,
                         text=True).stdout.strip().splitlines()
    add("irready: `%s` (%s)%s." % (
        os.path.relpath(b.irready, ROOT) if b.irready.startswith(ROOT)
        else b.irready, ver[0] if ver else "?",
        "; environment " + ", ".join("`%s=%s`" % kv for kv in
                                     sorted(EXTRA_ENV.items()))
        if EXTRA_ENV else ""))
    add("")
    if NULL_DIR_NOTE:
        add("Note: this irready filed %d recorded response(s) under "
            "`(null)/` (the first sts:GetCallerIdentity, made before the "
            "account id is known); the bench moved them to the account's "
            "directory so the replay finds them." % len(NULL_DIR_NOTE))
        add("")
    add("Machine: %s CPU(s), %s, %s RAM, Linux %s; Python %s, botocore %s. "
        "irready, the synthetic AWS endpoint (Python, one process per CPU) and the "
        "botocore comparison share these CPUs." % (
            m["nproc"], m["cpu"], m["mem"], m["kernel"], m["python"],
            m["botocore"]))
    add("")
    # ---- targets
    add("## Targets")
    add("")
    add("| target | measured | result |")
    add("|---|---|---|")
    a = res.get("a")
    if a:
        d = a[0]
        ok = d["ratio"] <= 1.5
        add("| wall time ≤ 1.5 × lower bound, %d accounts × %d regions at "
            "%d ms, default concurrency | %s vs bound %s = **%.2f×** (gap "
            "%+.2f s to 1.5×) | %s |"
            % (d["accounts"], d["regions"], d["latency_ms"],
               fmt_s(d["wall_s"]), fmt_s(d["lb"]["designed_s"]), d["ratio"],
               d["wall_s"] - 1.5 * d["lb"]["designed_s"], mark(ok)))
        # issue 12: the 50-account Organization within 1.2x its work bound
        add("| %d accounts × %d regions at %d ms, default concurrency: "
            "wall ≤ 1.2 × work bound | %s vs work %s = **%.2f×** | %s |"
            % (d["accounts"], d["regions"], d["latency_ms"],
               fmt_s(d["wall_s"]), fmt_s(d["lb"]["work_s"]),
               d["wall_s"] / max(1e-9, d["lb"]["work_s"]),
               mark(d["wall_s"] <= 1.2 * d["lb"]["work_s"])))
        live = a + (res.get("b") or []) + (res.get("e") or [])
        extra = sum(r["calls"]["extra"] for r in live)
        avoid = sum(r["calls"]["avoidable"] for r in live)
        missing = sum(r["calls"]["missing"] for r in live)
        # issue 12: calls = plan, 0 extra; avoidable calls (irready's
        # design, e.g. DescribeKey per KMS key) are reported beside it
        add("| calls made = plan: no call the minimum plan (the fewest "
            "calls AWS's API shapes allow for the synthetic data) or "
            "irready's design cannot explain, none of it missing | all "
            "%d live runs: **%d extra**, **%d missing**; %d avoidable by "
            "design (%s: %d made / %d minimum, %d avoidable) | %s |"
            % (len(live), extra, missing, avoid, d["name"],
               d["calls"]["made"], d["calls"]["planned"],
               d["calls"]["avoidable"], mark(extra == 0 and missing == 0)))
    bb = res.get("b")
    if bb:
        h = bb[0]
        # issue 12: the huge account within 1.3x its bound, which includes
        # AWS's documented request quotas (the rate bound)
        # The huge account is bound by the rate its quotas allow; irready
        # takes a quarter of each documented quota by default (the same
        # issue asks it to leave production most of it), so the target's
        # bound is the documented quotas at that share -- AWS's full
        # quotas are the bound stated beside it.
        paced = h["wall_s"] / max(1e-9, h["lb"]["paced_s"])
        add("| huge account%s at %d ms: wall ≤ 1.3 × its bound under the "
            "documented-quota rate table at irready's default share "
            "(%g of each quota; work, chain and rate) | %s vs bound %s "
            "(%s: %d calls) = **%.2f×**; against AWS's full quotas "
            "the bound is %s = %.2f× (`--rate` raises the share) | %s |"
            % (" (scaled ×0.1)" if o.quick else "", h["latency_ms"],
               FRACTION, fmt_s(h["wall_s"]), fmt_s(h["lb"]["paced_s"]),
               h["lb"]["paced_rate_key"] or "no rate term",
               h["lb"]["paced_rate_key_calls"], paced,
               fmt_s(h["lb"]["designed_s"]), h["ratio"],
               mark(paced <= 1.3)))
        add("| peak RSS ≤ 256 MiB, huge account%s | **%.1f MiB** (%+.1f MiB "
            "to the target) | %s |"
            % (" (scaled ×0.1)" if o.quick else "", h["rss_mib"],
               h["rss_mib"] - 256, mark(h["rss_mib"] <= 256)))
    c = res.get("c")
    if c and len(c) >= 2:
        lo, hi = c[0], c[-1]
        grow = hi["rss_mib"] / lo["rss_mib"]
        lin = hi["accounts"] / lo["accounts"]
        slope = (hi["rss_mib"] - lo["rss_mib"]) * 1024 / \
            (hi["accounts"] - lo["accounts"])
        add("| peak RSS grows sublinearly with accounts | %s; %d→%d "
            "accounts (×%.1f) grows RSS ×%.2f, %.0f KiB per added account "
            "| %s |"
            % (", ".join("%d: %.1f MiB" % (r["accounts"], r["rss_mib"])
                         for r in c), lo["accounts"], hi["accounts"], lin,
               grow, slope, mark(grow < lin)))
    ee = res.get("e")
    if ee:
        r = ee[0]
        cpu_ms = 1000.0 * r["cpu_s"] / max(1, r["calls"]["made"])
        add("| %d accounts × %d regions at %d ms, --concurrency %d: wall ≤ "
            "1.2 × work bound | %s vs work %s = **%.2f×** (designed bound "
            "%s) | %s |"
            % (r["accounts"], r["regions"], r["latency_ms"],
               r["concurrency"], fmt_s(r["wall_s"]),
               fmt_s(r["lb"]["work_s"]),
               r["wall_s"] / max(1e-9, r["lb"]["work_s"]),
               fmt_s(r["lb"]["designed_s"]),
               mark(r["wall_s"] <= 1.2 * r["lb"]["work_s"])))
        rc_ = r.get("rss_collect_mib")
        add("| peak RSS ≤ 256 MiB at %d accounts in flight × %d regions "
            "(%s, whole process) | **%.1f MiB** for the whole run; %s "
            "| %s |"
            % (min(r["aif"], r["accounts"]), r["regions"], r["name"],
               r["rss_mib"],
               ("%.0f MiB at the end of collection (the rest is the report "
                "phase, which holds every finding of the run)" % rc_)
               if rc_ is not None else "no collection figure in the log",
               mark(r["rss_mib"] <= 256)))
        add("| CPU ≤ 0.15 ms per request (%s) | %s CPU / %d calls = "
            "**%.3f ms** | %s |"
            % (r["name"], fmt_s(r["cpu_s"]), r["calls"]["made"], cpu_ms,
               mark(cpu_ms <= 0.15)))
        add("| calls made = plan (%s): 0 extra, 0 missing | %d made / %d "
            "minimum, **%d extra**, **%d missing**, %d avoidable by design "
            "| %s |"
            % (r["name"], r["calls"]["made"], r["calls"]["planned"],
               r["calls"]["extra"], r["calls"]["missing"],
               r["calls"]["avoidable"],
               mark(not r["calls"]["extra"] and
                    not r["calls"]["missing"])))
    dd = res.get("d")
    if dd:
        for x in dd:
            # issue 12: 20x on the huge account, 5x on the Organization
            goal = 5 if "Organization" in x["label"] else 20
            add("| parse + evaluate ≥ %d× faster than botocore parsing "
                "(%s) | botocore %s / irready %s = **%.1f×** wall (CPU "
                "time: %.1f×; csv output: %.1f×) | %s |"
                % (goal, x["label"], fmt_s(x["botocore"]["parse_s"]),
                   fmt_s(x["irready_json"]["wall_s"]), x["ratio_json"],
                   x["ratio_cpu"], x["ratio_csv"],
                   mark(x["ratio_json"] >= goal)))
    add("")
    # ---- scenario tables
    if a or bb or c or ee:
        add("## Live runs against the synthetic endpoint")
        add("")
        add("| run | accounts × regions | latency | --concurrency / "
            "--accounts-in-flight | wall | lower bound (designed) | wall / "
            "bound | ideal bound | calls made / minimum (avoidable, extra, "
            "missing) | "
            "exact duplicates | requests in flight (avg) | TCP connections "
            "opened | serial account discovery | peak RSS | irready CPU | "
            "endpoint CPU |")
        add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
            "---|")
        seen = set()
        for r in (a or []) + (bb or []) + (c or []) + (ee or []):
            if id(r) in seen:
                continue
            seen.add(id(r))
            fl = r.get("flight") or {}
            add("| %s | %d × %d | %g ms | %d / %d | %s | %s | %.2f× | %s | "
                "%d / %d (%d, +%d, −%d) | %d | %.1f of %d | %d | %s | "
                "%.1f MiB | "
                "%s | %s |"
                % (r["name"], r["accounts"], r["regions"], r["latency_ms"],
                   r["concurrency"], r["aif"], fmt_s(r["wall_s"]),
                   fmt_s(r["lb"]["designed_s"]), r["ratio"],
                   fmt_s(r["lb"]["ideal_s"]), r["calls"]["made"],
                   r["calls"]["planned"], r["calls"]["avoidable"],
                   r["calls"]["extra"], r["calls"]["missing"],
                   r["server"]["exact_duplicates"], fl.get("avg", 0),
                   r["concurrency"], r["server"].get("connections", 0),
                   fmt_s(fl.get("stagger_s", 0)), r["rss_mib"],
                   fmt_s(r["cpu_s"]), fmt_s(r["server"]["cpu_s"])))
        add("")
        add("Lower bounds per run (seconds), all over the minimum plan: "
            "*work* = minimum calls × latency / concurrency; *chain* = the "
            "critical path × latency (designed: collectors run their calls "
            "one after the other; ideal: only data dependencies); *rate* = "
            "the busiest (account, region, quota) of AWS's documented "
            "request quotas (src/aws/aws_quota.c as AWS states them, not "
            "irready's pacing; no bound where AWS documents none) beyond "
            "its burst; *rate, paced* = the same at irready's default "
            "share of each quota (%g, src/aws/aws_rate.h; %g requests/s "
            "per service where AWS documents none), the least time an "
            "audit that leaves production the rest of its quota can take."
            % (FRACTION, UNDOCUMENTED))
        add("")
        add("| run | minimum calls | work | chain designed (calls) | chain "
            "ideal (calls) | rate (busiest key, calls) | rate, paced "
            "(busiest key, calls) |")
        add("|---|---|---|---|---|---|---|")
        seen = set()
        for r in (a or []) + (bb or []) + (c or []) + (ee or []):
            if id(r) in seen:
                continue
            seen.add(id(r))
            lb = r["lb"]
            add("| %s | %d | %.2f | %.2f (%d) | %.2f (%d) | %.2f (%s, %d) | "
                "%.2f (%s, %d) |"
                % (r["name"], lb["total"], lb["work_s"],
                   lb["chain_designed_s"], lb["chain_designed"],
                   lb["chain_ideal_s"], lb["chain_ideal"], lb["rate_s"],
                   lb["rate_key"], lb["rate_key_calls"],
                   lb.get("paced_rate_s", 0.0),
                   lb.get("paced_rate_key", ""),
                   lb.get("paced_rate_key_calls", 0)))
        add("")
        for r in (a or [])[:1] + (bb or [])[:1] + (ee or [])[:1]:
            if r["calls"]["avoidable"]:
                add("Avoidable calls in `%s` (beyond the minimum, by "
                    "irready's design: page sizes, chunks, per-item calls "
                    "the data does not need):" % r["name"])
                add("")
                for (svc, act), n in r["calls"]["avoidable_by"]:
                    add("- `%s:%s` +%d" % (svc, act, n))
                add("")
            if r["calls"]["extra"]:
                add("Extra calls in `%s` (beyond the minimum and not "
                    "explained by the design):" % r["name"])
                add("")
                for (svc, act), n in r["calls"]["extra_by"]:
                    add("- `%s:%s` +%d" % (svc, act, n))
                add("")
        miss = [r for r in (a or []) + (bb or []) if r["calls"]["missing"]]
        if miss:
            r = miss[0]
            add("Minimum calls not made in `%s` (data the plan says the "
                "checks need that irready did not fetch):" % r["name"])
            add("")
            for (svc, act), n in r["calls"]["missing_by"]:
                add("- `%s:%s` −%d" % (svc, act, n))
            add("")
        for r in (a or [])[:1] + (bb or [])[:1] + (ee or [])[:1]:
            if r["calls"]["substituted"]:
                add("Minimum calls irready replaced by others in `%s` (the "
                    "same data, read through the avoidable calls above): %s."
                    % (r["name"], ", ".join(
                        "`%s:%s` %d" % (sv, ac, n)
                        for (sv, ac), n in r["calls"]["substituted_by"])))
                add("")
        errs = {}
        for r in (a or []) + (bb or []) + (c or []):
            for k, v in (r.get("errors") or {}).items():
                errs[k] = max(errs.get(k, 0), v)
        if errs:
            add("ERROR findings in these runs (datasets the synthetic "
                "endpoint does not serve in full): %s."
                % ", ".join("%s (%d)" % kv for kv in sorted(errs.items())))
            add("")
        um = set()
        for r in (a or []) + (bb or []):
            um |= set(r.get("unmodeled") or [])
        if um:
            add("Datasets the plan does not model yet (their calls count "
                "as extra): %s." % ", ".join(sorted(um)))
            add("")
    if dd:
        add("## Parse + evaluate: irready --replay vs botocore")
        add("")
        add("| recording | files | bytes | irready --replay, json report: "
            "wall (CPU) | irready, csv report: wall | botocore parse only: "
            "wall (CPU) | botocore / irready: wall, CPU |")
        add("|---|---|---|---|---|---|---|")
        for x in dd:
            add("| %s | %d | %.1f MB | %s (%s) | %s | %s (%s) | %.1f×, "
                "%.1f× (csv wall %.1f×) |"
                % (x["label"], x["files"], x["bytes"] / 1e6,
                   fmt_s(x["irready_json"]["wall_s"]),
                   fmt_s(x["irready_json"]["cpu_s"]),
                   fmt_s(x["irready_csv"]["wall_s"]),
                   fmt_s(x["botocore"]["parse_s"]),
                   fmt_s(x["botocore"]["cpu_s"]), x["ratio_json"],
                   x["ratio_cpu"], x["ratio_csv"]))
        add("")
        add("irready's time is the whole process (start, read every file, "
            "parse, evaluate every check, score, write the report); "
            "botocore's is `parser.parse()` alone over bytes already in "
            "memory (no file reading, no evaluation). The runs are "
            "interleaved (irready json, irready csv, botocore) so that load "
            "from other processes on the machine hits both sides alike; "
            "medians of 3 each. irready's CPU time adds up all its threads.")
        add("")
        add("Where irready's CPU goes in the same replays (thread CPU time "
            "summed over threads; `IRREADY_CPU_SPLIT=1`, 3 more runs each, "
            "medians: the clock calls it adds are a system call per file "
            "and per parse, so its total is above the timed runs'). *read*: "
            "the replay transport (open, read, split the recorded HTTP "
            "response); *parse*: XML and JSON decoding; *evaluate*: every "
            "check; *report*: sort, waivers, scores and writing the report; "
            "*rest*: process start, plan, the collectors' own work, threads.")
        add("")
        add("| recording | read | parse | evaluate | report | rest | total |")
        add("|---|---|---|---|---|---|---|")
        for x in dd:
            sp = x.get("split")
            if not sp:
                continue
            add("| %s | %s |"
                % (x["label"], " | ".join(
                    "%.1f ms (%.0f%%)" % (sp[k], 100.0 * sp[k] /
                                          max(1e-9, sp["total"]))
                    for k in ("read", "parse", "evaluate", "report",
                              "rest")) + " | %.1f ms" % sp["total"]))
        add("")
    # ---- plan breakdown
    if b.datasets:
        add("## The call plan")
        add("")
        w = S.World(2, 4, False)
        p = make_plan(w, b.datasets, True, minimal=True)
        pm = make_plan(w, b.datasets, True)
        per, des = collections.Counter(), collections.Counter()
        for plan, cnt in ((p, per), (pm, des)):
            for name, acct, reg, wave, calls in plan.tasks:
                if acct == w.accounts[1]:
                    cnt[(name, "region" if reg else "account")] += len(calls)
        add("Minimum calls for one regular member account (%d regions; "
            "per region: %s). Org listing: %d calls; per account before its "
            "datasets: AssumeRole, GetCallerIdentity, DescribeRegions."
            % (len(w.regions), ", ".join(
                "%s %d" % (k, v) for k, v in sorted(S.REGULAR_REGION.items())),
               len(p.org)))
        add("")
        add("The minimum comes from the data and AWS's API shapes "
            "(bench/aws_shapes.py: page sizes from botocore's paginators "
            "and parameter limits; follow-up calls only where the data "
            "needs them); *irready's design* models irready's collectors "
            "(its page sizes, 15-AMI chunks, DescribeKey per key) and is "
            "used only to tell avoidable "
            "calls from unexplained ones. Which datasets an audit collects "
            "still comes from irready (`irready inventory`): the checks' "
            "data needs are irready's declaration.")
        add("")
        add("| dataset | scope | minimum calls | irready's design |")
        add("|---|---|---|---|")
        for (name, scope), n in sorted(per.items()):
            add("| %s | %s | %d | %d |" % (name, scope, n,
                                          des.get((name, scope), 0)))
        add("| **total** | | **%d** | **%d** |" % (sum(per.values()),
                                                   sum(des.values())))
        hw = S.World(1, 4, True, 1, 0.1 if o.quick else 1.0)
        hmin = make_plan(hw, b.datasets, False, minimal=True).total()
        hdes = make_plan(hw, b.datasets, False).total()
        add("")
        add("The huge account%s: %d minimum calls, %d in irready's design."
            % (" (×0.1)" if o.quick else "", hmin, hdes))
        add("")
    add("## Notes")
    add("")
    for n in NOTES:
        add("- " + n)
    for n in b.notes():
        add("- " + n)
    add("")
    return "\n".join(L)


NOTES = [
    "The synthetic endpoint (bench/synth_server.py) does **not verify SigV4 "
    "signatures** (speed): the account comes from the access key id, which "
    "embeds it; AssumeRole mints keys for the role's account.",
    "Per-request latency L: each answer leaves L ms after its request "
    "arrived, generation included (a 1,000-item page costs max(L, "
    "generation time)).",
    "Calls made are the endpoint's count of requests, keyed (account, "
    "region, service, action, resource, page). The *minimum* is the fewest "
    "calls that read the same synthetic data given AWS's API shapes "
    "(bench/aws_shapes.py: the largest page botocore's models allow, "
    "follow-up calls only for the items whose data needs them), with a "
    "request that serves several datasets (guardduty:ListDetectors, "
    "organizations:DescribeOrganization, the Organization tree) counted "
    "once. A call beyond it is *avoidable* when irready's design (bench/"
    "run.py's model of its collectors) explains it, *extra* otherwise; a "
    "minimum call irready did not make is *missing*. The endpoint honours "
    "the limit parameters up to AWS's documented maxima (KMS Limit, IAM "
    "MaxItems), so the minimum is reachable. *Exact duplicates* are "
    "byte-identical "
    "requests (same account, method, path, query and body).",
    "Peak RSS and CPU time are the irready process's, from GNU time "
    "(/usr/bin/time, which forks irready from its own small image: the "
    "ru_maxrss of a child forked from the Python bench would include the "
    "bench's own RSS); wall time from time.monotonic() around the process.",
    "*Requests in flight* is the endpoint's busy time over irready's wall "
    "time; *TCP connections opened* counts accept()s (connection reuse); "
    "*serial account discovery* sums, per batch of --accounts-in-flight "
    "accounts, the time between its first and last member account's first "
    "request (identity and regions are fetched one account after the "
    "other before the batch's datasets).",
    "The endpoint runs one process per CPU on one port (prefork, shared "
    "listening socket), so it is not limited to one core by Python's GIL.",
]


def bench_notes(self):
    out = []
    ls = [x for x in LOADS if x is not None]
    if ls:
        out.append("Machine load: the 1-minute load average (which "
                   "includes the bench's own processes) read before and "
                   "after each irready run ranged %.2f–%.2f (median %.2f) "
                   "on %d CPUs. This machine may be shared with other "
                   "work; wall times, and to a lesser degree CPU times, "
                   "vary with it." % (min(ls), max(ls), statistics.median(ls),
                               os.cpu_count() or 0))
    a = self.results.get("a") or []
    if a:
        srv = max(a, key=lambda r: r["server"]["cpu_s"] / r["wall_s"])
        out.append("Endpoint load: the busiest live run kept the Python "
                   "endpoint at %.0f%% of one CPU (%s): %s."
                   % (100 * srv["server"]["cpu_s"] / srv["wall_s"],
                      srv["name"],
                      "it was not the bottleneck" if srv["server"]["cpu_s"]
                      / srv["wall_s"] < 0.7 else
                      "close to saturation, so wall times at that "
                      "concurrency are partly the endpoint's"))
    return out


Bench.notes = bench_notes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true",
                    default=os.environ.get("BENCH_QUICK", "") not in
                    ("", "0"))
    ap.add_argument("--irready", default=os.environ.get(
        "IRREADY", os.path.join(ROOT, "build", "irready")))
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"))
    ap.add_argument("--keep", help="work directory to keep")
    ap.add_argument("--only", default="a,b,c,d,e")
    ap.add_argument("--org-accounts", type=int, default=0,
                    help="accounts of scenario e (default 500; quick 20)")
    ap.add_argument("--env", action="append", default=[],
                    help="NAME=VALUE for irready's environment")
    o = ap.parse_args()
    for kv in o.env:
        k, _, v = kv.partition("=")
        EXTRA_ENV[k] = v
    if not os.access(o.irready, os.X_OK):
        sys.exit("bench: no irready at %s (make binaries)" % o.irready)
    b = Bench(o)
    t0 = time.monotonic()
    print("irready benchmark%s: work dir %s"
          % (" (quick)" if o.quick else "", b.work), flush=True)
    b.requested_datasets()
    print("  %d datasets collected by the default policy"
          % len(b.datasets), flush=True)
    for s in o.only.split(","):
        getattr(b, "scenario_" + s.strip())()
    text = report(b, time.monotonic() - t0)
    with open(o.out, "w") as f:
        f.write(text + "\n")
    with open(os.path.join(b.work, "results.json"), "w") as f:
        json.dump(b.results, f, indent=1, default=str)
    print()
    print(text)
    if not o.keep:
        shutil.rmtree(b.work, ignore_errors=True)
    return calls_verdict(b.results)


def calls_verdict(results):
    """Exit status of the bench: 1 when any live run made a call the
    minimum plan cannot explain ("extra") or skipped one it needs
    ("missing"): calls must equal the plan. Avoidable calls (irready's
    design, e.g. DescribeKey for every KMS key) are reported, not
    failed."""
    bad = []
    for key in ("a", "b", "c", "e"):
        for r in results.get(key) or []:
            c = r.get("calls") or {}
            if c.get("extra") or c.get("missing"):
                bad.append("%s: %d extra, %d missing"
                           % (r.get("name", key), c.get("extra", 0),
                              c.get("missing", 0)))
    for line in bad:
        print("bench: calls beyond the plan in %s" % line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
