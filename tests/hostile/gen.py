#!/usr/bin/env python3
"""gen.py -- hostile recordings, one per defect class of issue 10

Each case is a small replay recording: fixtures/neglected (account
444455556666) restricted to what one check reads, with one response (or
scenario.json, or a file's type) made hostile. Writing them needs nothing
but the fixtures, so tests/t_hostile.py generates them afresh each run and
`gen.py --seeds DIR` writes just the hostile bodies as fuzz seeds.

    python3 tests/hostile/gen.py OUTDIR          # every case, as recordings
    python3 tests/hostile/gen.py --seeds DIR     # hostile bodies only

A case's expectations live beside its mutation (CASES below): the exit code,
the ERROR rows (check id -> status) and text the output must or must not
hold. tests/t_hostile.py asserts them.
"""
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "fixtures", "neglected")
ACCT = "444455556666"
E1 = os.path.join(ACCT, "us-east-1")
W1 = os.path.join(ACCT, "eu-west-1")
GL = os.path.join(ACCT, "global")

EC2_HDR = ("HTTP/1.1 200 OK\nContent-Type: text/xml;charset=UTF-8\n"
           "x-amzn-RequestId: 00000000-0000-0000-0000-000000000000\n\n")
JSON_HDR = ("HTTP/1.1 200 OK\nContent-Type: application/x-amz-json-1.1\n"
            "x-amzn-RequestId: 00000000-0000-0000-0000-000000000000\n\n")


def read(d, rel):
    with open(os.path.join(d, rel), encoding="utf-8") as f:
        return f.read()


def write(d, rel, text, mode="w"):
    p = os.path.join(d, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    if os.path.lexists(p):
        os.unlink(p)
    with open(p, mode) as f:
        f.write(text)


def subst(d, rel, old, new, count=1):
    t = read(d, rel)
    if old not in t:
        raise SystemExit("gen.py: %r not in %s" % (old, rel))
    write(d, rel, t.replace(old, new, count))


def regions_ec2(d, name):
    """DescribeRegions whose first enabled region is 'name'."""
    subst(d, E1 + "/ec2.DescribeRegions.http",
          "<regionName>eu-west-1</regionName>",
          "<regionName>%s</regionName>" % name)


def doctype_bomb(d):
    ent = "A" * 2000
    refs = "&e;" * 200
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE d [<!ENTITY e "%s">]>\n'
            '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/'
            '2016-11-15/"><requestId>x</requestId><vpcSet><item><vpcId>'
            '%s</vpcId><isDefault>false</isDefault></item></vpcSet>'
            '</DescribeVpcsResponse>' % (ent, refs))
    write(d, E1 + "/ec2.DescribeVpcs.http", EC2_HDR + body)


def wrong_root(d):
    write(d, E1 + "/ec2.DescribeSecurityGroups.http",
          EC2_HDR + "<SomethingElse/>")


def retention(d, value):
    subst(d, E1 + "/logs.DescribeLogGroups.http",
          '"retentionInDays":7', '"retentionInDays":%s' % value)


def fifo_response(d):
    p = os.path.join(d, E1, "ec2.DescribeSecurityGroups.http")
    os.unlink(p)
    os.mkfifo(p)


def symlink_response(d):
    p = os.path.join(d, E1, "ec2.DescribeSecurityGroups.http")
    os.unlink(p)
    # a readable file outside the recording, which parses as a response
    outside = os.path.join(os.path.dirname(d), "outside.http")
    with open(outside, "w") as f:
        f.write(EC2_HDR + "<DescribeSecurityGroupsResponse><securityGroupInfo"
                "/></DescribeSecurityGroupsResponse>")
    os.symlink(outside, p)


def hostile_names(d):
    # an OSC title sequence, a screen clear, invalid UTF-8 (\xff) and a C1
    # control in a log group name, and a NUL-free XML 1.0-forbidden \x01
    name = "/aws/\x1b]0;pwned\x07\x1b[2J\x01bad\xc2\x9b"
    body = json.dumps({"logGroups": [{
        "logGroupName": name, "creationTime": 1651234567890,
        "retentionInDays": 7, "metricFilterCount": 0,
        "arn": "arn:aws:logs:us-east-1:%s:log-group:x:*" % ACCT,
        "storedBytes": 1}]}, ensure_ascii=True)
    data = (JSON_HDR + body).encode("ascii")
    # and one raw invalid byte inside the name
    data = data.replace(b"bad", b"b\xffd")
    write(d, E1 + "/logs.DescribeLogGroups.http", data, mode="wb")


def scenario_home(d):
    sc = json.loads(read(d, "scenario.json"))
    sc["home_region"] = "../../x"
    write(d, "scenario.json", json.dumps(sc))


# name: (mutation, audit arguments, expected exit, {check: status}, must,
# must_not). 'must' and 'must_not' are looked for in stdout+stderr. The
# exit is 3 when the account itself cannot be assessed; a run whose only
# unit is an ERROR exits 0 or 3 (None: either), never 1 -- an ERROR is
# never a verdict.
CASES = {
    "region-traversal": (
        lambda d: regions_ec2(d, "../../r1/payload"),
        ["--checks", "vpc_flow_logs_enabled"], 3, {},
        ["invalid regionName '../../r1/payload'"], ["r1/payload/ec2"]),
    "region-host": (
        lambda d: regions_ec2(d, "attacker.invalid/x?"),
        ["--checks", "vpc_flow_logs_enabled"], 3, {},
        ["regionName"], []),
    "region-partition": (
        lambda d: regions_ec2(d, "cn-north-1"),
        ["--checks", "vpc_flow_logs_enabled"], 3, {},
        ["regionName 'cn-north-1'"], []),
    "account-traversal": (
        lambda d: subst(d, E1 + "/sts.GetCallerIdentity.http",
                        "<Account>444455556666</Account>",
                        "<Account>../../../x</Account>"),
        ["--checks", "vpc_flow_logs_enabled"], 3, {},
        ["invalid Account '../../../x'"], []),
    "scenario-home-region": (
        scenario_home, ["--checks", "vpc_flow_logs_enabled"], 3, {},
        ["home_region"], []),
    "trail-home-region": (
        lambda d: subst(d, E1 + "/cloudtrail.DescribeTrails.http",
                        '"HomeRegion":"us-east-1"',
                        '"HomeRegion":"../../x"'),
        ["--checks", "cloudtrail_multi_region"], None,
        {"cloudtrail_multi_region": "ERROR"}, ["HomeRegion"], []),
    "bucket-location": (
        lambda d: subst(d, GL + "/s3.GetBucketLocation.config-bucket-"
                        "444455556666.http", ">eu-west-1<", ">../x<"),
        ["--checks", "evidence_versioning"], None,
        # the trail's bucket still FAILs; the config bucket is the ERROR
        {"evidence_versioning": ("ERROR", "FAIL")},
        ["invalid LocationConstraint '../x'"], []),
    "detector-id": (
        lambda d: subst(d, W1 + "/guardduty.ListDetectors.http",
                        '"detectorIds":["', '"detectorIds":["../../x'),
        ["--checks", "guardduty_enabled", "--regions", "eu-west-1"], None,
        {"guardduty_enabled": "ERROR"}, ["invalid detectorIds '../../x"],
        []),
    "doctype-bomb": (
        doctype_bomb, ["--checks", "vpc_flow_logs_enabled",
                       "--regions", "us-east-1"], None,
        {"vpc_flow_logs_enabled": "ERROR"},
        ["document type declaration"], []),
    "wrong-root": (
        wrong_root, ["--checks", "vpc_sg_admin_ports",
                     "--regions", "us-east-1"], None,
        {"vpc_sg_admin_ports": "ERROR"}, ["not the expected"], []),
    "string-number": (
        lambda d: retention(d, '"7"'),
        ["--checks", "logs_retention", "--regions", "us-east-1"], None,
        {"logs_retention": "ERROR"}, ["retentionInDays (not a number)"],
        []),
    "huge-number": (
        lambda d: retention(d, "1e400"),
        ["--checks", "logs_retention", "--regions", "us-east-1"], None,
        {"logs_retention": "ERROR"}, ["retentionInDays (a number out"],
        []),
    "fifo-response": (
        fifo_response, ["--checks", "vpc_sg_admin_ports",
                        "--regions", "us-east-1"], None,
        {"vpc_sg_admin_ports": "ERROR"}, ["not a regular file"], []),
    "symlink-response": (
        symlink_response, ["--checks", "vpc_sg_admin_ports",
                           "--regions", "us-east-1"], None,
        {"vpc_sg_admin_ports": "ERROR"}, ["symbolic link"], []),
    # the list member a listing pages over, missing or of the wrong
    # type: malformed, not "no trails" / "no security groups"
    "json-list-shape": (
        lambda d: subst(d, E1 + "/cloudtrail.DescribeTrails.http",
                        '{"trailList":[', '{"trailLists":[', 1),
        ["--checks", "cloudtrail_multi_region"], None,
        {"cloudtrail_multi_region": "ERROR"}, ["no trailList list"], []),
    "xml-list-shape": (
        lambda d: subst(d, E1 + "/ec2.DescribeSecurityGroups.http",
                        "securityGroupInfo>", "securityGroupSet>", 2),
        ["--checks", "vpc_sg_admin_ports", "--regions", "us-east-1"], None,
        {"vpc_sg_admin_ports": "ERROR"}, ["no securityGroupInfo"], []),
    "hostile-names": (
        hostile_names, ["--checks", "logs_retention",
                        "--regions", "us-east-1"], 0,
        {"logs_retention": "FAIL"}, ["\\x1b]0;pwned\\x07"],
        ["\x1b", "\x07"]),
}


def make(out, name):
    d = os.path.join(out, name, "rec")
    if os.path.lexists(os.path.join(out, name)):
        shutil.rmtree(os.path.join(out, name))
    shutil.copytree(SRC, d, symlinks=True)
    CASES[name][0](d)
    return d


SEED_FILES = {
    "region-traversal": E1 + "/ec2.DescribeRegions.http",
    "region-host": E1 + "/ec2.DescribeRegions.http",
    "account-traversal": E1 + "/sts.GetCallerIdentity.http",
    "trail-home-region": E1 + "/cloudtrail.DescribeTrails.http",
    "bucket-location": GL + "/s3.GetBucketLocation.config-bucket-"
                            "444455556666.http",
    "doctype-bomb": E1 + "/ec2.DescribeVpcs.http",
    "detector-id": W1 + "/guardduty.ListDetectors.http",
    "wrong-root": E1 + "/ec2.DescribeSecurityGroups.http",
    "string-number": E1 + "/logs.DescribeLogGroups.http",
    "huge-number": E1 + "/logs.DescribeLogGroups.http",
    "hostile-names": E1 + "/logs.DescribeLogGroups.http",
    "scenario-home-region": "scenario.json",
}


# the fuzz_replay dataset each hostile response feeds
REPLAY_DATASET = {
    "region-traversal": "REGIONS",
    "region-host": "REGIONS",
    "account-traversal": "IDENTITY",
    "trail-home-region": "CLOUDTRAIL",
    "doctype-bomb": "VPC",
    "detector-id": "GUARDDUTY",
    "wrong-root": "SECURITY_GROUPS",
    "string-number": "LOG_GROUPS",
    "huge-number": "LOG_GROUPS",
    "hostile-names": "LOG_GROUPS",
}


def seeds(out):
    """The hostile inputs as fuzz seeds, one directory per harness:
    http_raw (whole responses), xml and json (bodies), scenario
    (scenario.json) and replay (dataset line + response)."""
    import tempfile
    for h in ("http_raw", "xml", "json", "scenario", "replay"):
        os.makedirs(os.path.join(out, h), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, rel in sorted(SEED_FILES.items()):
            d = make(tmp, name)
            with open(os.path.join(d, rel), "rb") as f:
                data = f.read()
            seed = "hostile-" + name

            def put(h, blob):
                with open(os.path.join(out, h, seed), "wb") as f:
                    f.write(blob)
            if rel.endswith("scenario.json"):
                put("scenario", data)
                put("json", data)
                continue
            put("http_raw", data)
            body = data.split(b"\n\n", 1)[-1]
            put("xml" if body.lstrip().startswith(b"<") else "json", body)
            if name in REPLAY_DATASET:
                put("replay", REPLAY_DATASET[name].encode() + b"\n" + data)


def main(argv):
    if len(argv) == 3 and argv[1] == "--seeds":
        seeds(argv[2])
        return 0
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    for name in sorted(CASES):
        make(argv[1], name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
