#!/usr/bin/python3
# aws_shapes.py -- what AWS's own API descriptions say about page sizes and
# rates, for bench/run.py's minimum call plan
#
# Page sizes come from Debian's python3-botocore models: an operation's
# paginator (paginators-1.json) names its limit parameter, and that
# parameter's shape in service-2.json carries the largest value AWS accepts
# ("max"), or its documentation says it ("between 1 and 1000", "Maximum
# value of 1000"). An operation without a limit parameter pages at AWS's
# fixed size, which the bench's synthetic endpoint (bench/synth_server.py
# PAGE) serves. Nothing here reads irready's collectors.
#
# Rates come from the documented-quota table src/aws/aws_quota.c (AWS's
# published per-account request quotas, with their sources), not from the
# fraction of them irready paces itself at.
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOTOCORE = os.environ.get("BOTOCORE_DATA",
                          "/usr/lib/python3/dist-packages/botocore/data")

# The limits AWS documents outside the models (the source is the comment).
DOCUMENTED_ELSEWHERE = {
    # NOT CONFIRMED in AWS's documentation (checked December 2026): the
    # botocore model gives ImageIds no maximum, and the EC2 guide's "List
    # and filter your resources" (its last published source,
    # awsdocs/amazon-ec2-user-guide doc_source/Using_Filtering.md) states
    # no number of values per call; EC2 documents only the error
    # FilterLimitExceeded ("too many filters or too many filter values").
    # 200 is the limit users report meeting (e.g. apache/druid#1954) and
    # stays as the minimum plan's assumption: a larger real limit would
    # lower the minimum by at most one DescribeImages per 200 AMIs.
    ("ec2", "DescribeImages.ImageIds"): 200,
}

_cache = {}


def _load(service, name):
    key = (service, name)
    if key not in _cache:
        d = os.path.join(BOTOCORE, service)
        try:
            ver = sorted(v for v in os.listdir(d)
                         if os.path.isdir(os.path.join(d, v)))[-1]
            with open(os.path.join(d, ver, name)) as f:
                _cache[key] = json.load(f)
        except (OSError, IndexError, ValueError):
            _cache[key] = None
    return _cache[key]


def _doc_max(doc):
    doc = re.sub(r"<[^>]+>", "", doc or "")
    m = re.search(r"between ([\d,]+) and ([\d,]+)", doc) or \
        re.search(r"[Mm]aximum (?:value )?(?:of |is )([\d,]+)", doc) or \
        re.search(r"up to ([\d,]+)", doc)
    return int(m.groups()[-1].replace(",", "")) if m else None


def page_limit(service, action):
    """(limit parameter, the largest page AWS serves) for a paginated
    operation, from botocore; (None, None) when the model says nothing."""
    pag = _load(service, "paginators-1.json")
    svc = _load(service, "service-2.json")
    if not pag or not svc:
        return None, None
    p = pag.get("pagination", {}).get(action) or {}
    key = p.get("limit_key")
    op = svc.get("operations", {}).get(action) or {}
    if not key:
        # a fixed page: "Each call returns ... up to 100"
        return None, _doc_max(op.get("documentation"))
    shape = svc["shapes"].get((op.get("input") or {}).get("shape"), {})
    member = shape.get("members", {}).get(key) or {}
    # a shared shape's "max" (KMS's LimitType: 1000) can be looser than
    # what the parameter's own text says (ListAliases: 1 to 100)
    found = [int(x) for x in (
        svc["shapes"].get(member.get("shape"), {}).get("max"),
        _doc_max(member.get("documentation"))) if x]
    return key, min(found) if found else None


def page_size(service, action, served):
    """The fewest items per page a client can be forced to take: the
    documented maximum, or what the endpoint serves when AWS documents
    none ('served'); never above a fixed page the endpoint serves when the
    operation has no limit parameter."""
    key, mx = page_limit(service, action)
    if key is None:
        return served  # no parameter: the page is AWS's, as served
    return max(served, mx or served)


def documented(service, what):
    return DOCUMENTED_ELSEWHERE[(service, what)]


def read_documented_quotas():
    """{(service, action|None): (rate, burst, per_action)}: the rows of
    src/aws/aws_quota.c as AWS documents them (no pacing fraction)."""
    with open(os.path.join(ROOT, "src", "aws", "aws_quota.c")) as f:
        src = f.read()
    rows = {}
    for m in re.finditer(r'\{\s*"([a-z0-9-]+)",\s*(NULL|"(\w+)"),\s*'
                         r'([0-9.]+),\s*([0-9.]+),\s*([01]),', src):
        rows[(m.group(1), m.group(3))] = (float(m.group(4)),
                                          float(m.group(5)),
                                          m.group(6) == "1")
    return rows


def read_pacing():
    """(fraction, undocumented rate) of irready's default pacer, from
    src/aws/aws_rate.h (AWS_RATE_FRACTION, AWS_RATE_UNDOCUMENTED)."""
    with open(os.path.join(ROOT, "src", "aws", "aws_rate.h")) as f:
        src = f.read()

    def num(name):
        m = re.search(r"#define\s+%s\s+([0-9.]+)" % name, src)
        if not m:
            raise RuntimeError("aws_rate.h: no %s" % name)
        return float(m.group(1))
    return num("AWS_RATE_FRACTION"), num("AWS_RATE_UNDOCUMENTED")


if __name__ == "__main__":
    for s, a in (("ec2", "DescribeSnapshots"), ("kms", "ListKeys"),
                 ("kms", "ListAliases"), ("iam",
                                          "GetAccountAuthorizationDetails"),
                 ("logs", "DescribeLogGroups"), ("sns", "ListTopics"),
                 ("sns", "ListSubscriptions"),
                 ("organizations", "ListAccounts")):
        print(s, a, page_limit(s, a))
