#!/usr/bin/python3
# make_org_ct.py -- derive fixtures/org-ct: an AWS Organization built the
# way AWS Control Tower and the AWS Security Reference Architecture build
# one (imported by make_scenarios.py, which writes and --checks it)
#
# fixtures/org-ct -- o-ct7s4r2a9q, audited with --org from the management
# account. Every account but Sandbox is well-prepared's files re-numbered;
# what makes the estate Control Tower's is rewritten on top:
#   210000000001  Management   Root           owns the organization trail
#                 aws-controltower-BaselineCloudTrail (multi-region, to the
#                 Log Archive's bucket, its log group, metric filters and
#                 alarms here); IAM Access Analyzer delegated: no analyzer
#                 of its own; GuardDuty member of Audit; delegations for
#                 GuardDuty and Security Hub to Audit (access-denied's
#                 management files, re-numbered)
#   210000000002  Audit        Root/Security  Security Tooling: GuardDuty
#                 and Security Hub delegated administrator, an ORGANIZATION
#                 analyzer in both regions, a Security Hub finding
#                 aggregator in us-east-1 linking ALL_REGIONS and one
#                 EventBridge rule there for GuardDuty and Security Hub
#                 findings (none in eu-west-1, a linked region)
#   210000000003  Log Archive  Root/Security  owns the trail bucket
#                 aws-controltower-logs-210000000003-us-east-1, which logs
#                 to aws-controltower-s3-access-logs-...; GuardDuty member
#   210000000004  Workload     Root/Workloads/Prod  GuardDuty member without
#                 rules of its own; centralised root access (no root
#                 password, keys or MFA); a participant in Network's VPC;
#                 Control Tower's AWSControlTowerExecution role and an IAM
#                 Identity Center permission-set role nobody uses
#   210000000005  Sandbox      Root/Sandbox   neglected's files re-numbered:
#                 a newly enrolled account whose own settings still fail
#   210000000006  Network      Root/Infrastructure  shares its VPC
#                 vpc-0b2c3d4e5f6071829 with Workload through AWS RAM
#                 (Workload's DescribeVpcs names Network as the owner; its
#                 flow log and query logging are Network's); GuardDuty
#                 member, centralised root access
# Members (all but Management) see the organization trail as members do
# (DescribeTrails lists it, GetEventSelectors answers
# TrailNotFoundException), answer DescribeOrganization with the member view
# and ListRoots with AccessDeniedException. Security Hub answers an empty
# ListFindingAggregators outside the Audit account.

import json
import re

import make_scenarios as ms

SCN = "org-ct"
ORG_ID = "o-ct7s4r2a9q"
MGMT = "210000000001"
AUDIT = "210000000002"
LOGS = "210000000003"
WORK = "210000000004"
SANDBOX = "210000000005"
NET = "210000000006"
HOME = "us-east-1"
ROOT_ID = "r-ct7s"
OU = {"Security": "ou-ct7s-5ec0a1b2", "Workloads": "ou-ct7s-9a7e3c41",
      "Prod": "ou-ct7s-1f4d8b26", "Sandbox": "ou-ct7s-3c6e9a05",
      "Infrastructure": "ou-ct7s-7d2e4f60"}
SPEC = {
    "org_id": ORG_ID, "mgmt": MGMT, "root_id": ROOT_ID, "ou": OU,
    "tree": {ROOT_ID: (["Security", "Infrastructure", "Workloads",
                        "Sandbox"], [MGMT]),
             OU["Security"]: ([], [AUDIT, LOGS]),
             OU["Infrastructure"]: ([], [NET]),
             OU["Workloads"]: (["Prod"], []),
             OU["Prod"]: ([], [WORK]),
             OU["Sandbox"]: ([], [SANDBOX])},
    "accounts": [
        (MGMT, "Management", "aws-management@example.com", "ACTIVE",
         "1.642176003118E9", "INVITED"),
        (AUDIT, "Audit", "aws-audit@example.com", "ACTIVE",
         "1.707731803944E9", "CREATED"),
        (LOGS, "Log Archive", "aws-log-archive@example.com", "ACTIVE",
         "1.707731804127E9", "CREATED"),
        (WORK, "Workload", "aws-workload@example.com", "ACTIVE",
         "1.707732011275E9", "CREATED"),
        (SANDBOX, "Sandbox", "aws-sandbox@example.com", "ACTIVE",
         "1.707732398207E9", "CREATED"),
        (NET, "Network", "aws-network@example.com", "ACTIVE",
         "1.707732104533E9", "CREATED"),
    ],
    "page": 3,
    "token": "AAEAAC7sQoQMf7tJZx0V3b2yFvd1n8eHyKHQ0G2i9pWmRc4=",
}
TRAIL = "aws-controltower-BaselineCloudTrail"
TRAIL_ARN = "arn:aws:cloudtrail:%s:%s:trail/%s" % (HOME, MGMT, TRAIL)
BUCKET = "aws-controltower-logs-%s-%s" % (LOGS, HOME)
ACCESS_LOGS = "aws-controltower-s3-access-logs-%s-%s" % (LOGS, HOME)
AGGREGATOR = ("arn:aws:securityhub:%s:%s:finding-aggregator/"
              "4f7c2b1e-9d3a-4c5e-8b6f-0a1d2e3f4a5b" % (HOME, AUDIT))
# the accounts that are GuardDuty members of Audit
GD_MEMBERS = (MGMT, LOGS, WORK, NET)
# Network's VPC shared with Workload through AWS RAM
SHARED_VPC = "vpc-0b2c3d4e5f6071829"


def edit_json(out, key, fn):
    head, body = ms.split_http(out[key])
    doc = json.loads(body)
    fn(doc)
    out[key] = ms.join_http(head, json.dumps(doc, separators=(",", ":"))
                            .encode("utf-8"))


def put_json(out, key, obj, status="HTTP/1.1 200 OK",
             ctype="application/json"):
    rid = ms.new_id("00000000-0000-4000-8000-000000000000",
                    "%s/%s/%s/%s" % ((SCN,) + key))
    out[key] = ms.http_file(status, [("Content-Type", ctype),
                                     ("x-amzn-RequestId", rid)],
                            json.dumps(obj, separators=(",", ":")))


def files_of(out, acct, region, prefix):
    return sorted(k for k in out if k[0] == acct and k[1] == region
                  and k[2].startswith(prefix))


def rename(out, key, new_name):
    out[key[:2] + (new_name,)] = out.pop(key)


def trail_files(out, acct, member):
    """The organization trail as account 'acct' sees it."""
    key = (acct, HOME, "cloudtrail.DescribeTrails.http")

    def org_trail(doc):
        t = doc["trailList"][0]
        t.update(Name=TRAIL, TrailARN=TRAIL_ARN, S3BucketName=BUCKET,
                 IsOrganizationTrail=True)
        for k in ("CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn",
                  "KmsKeyId"):
            t[k] = t[k].replace(acct, MGMT)
    edit_json(out, key, org_trail)
    for action in ("GetTrailStatus", "GetEventSelectors"):
        for k in files_of(out, acct, HOME, "cloudtrail.%s." % action):
            rename(out, k, "cloudtrail.%s.%s.http"
                   % (action, ms.sanitize(TRAIL_ARN)))
    if member:
        # a member cannot read the organization trail's selectors
        k = (acct, HOME, "cloudtrail.GetEventSelectors.%s.http"
             % ms.sanitize(TRAIL_ARN))
        put_json(out, k, {"__type": "TrailNotFoundException",
                          "Message": "Unknown trail: %s for the user: %s"
                          % (TRAIL_ARN, acct)},
                 status="HTTP/1.1 400 Bad Request",
                 ctype="application/x-amz-json-1.1")


def sandbox_trails(out):
    """Sandbox keeps its own single-region trail and, as every member
    does, sees the organization trail too (as Workload sees it)."""
    src = json.loads(ms.split_http(out[(WORK, HOME,
                                        "cloudtrail.DescribeTrails.http")])
                     [1])["trailList"][0]
    edit_json(out, (SANDBOX, HOME, "cloudtrail.DescribeTrails.http"),
              lambda d: d["trailList"].append(src))
    for action in ("GetTrailStatus", "GetEventSelectors"):
        fn = "cloudtrail.%s.%s.http" % (action, ms.sanitize(TRAIL_ARN))
        head, body = ms.split_http(out[(WORK, HOME, fn)])
        head, text = ms.rewrite_request_ids(
            head, body.decode("utf-8").replace(WORK, SANDBOX),
            "%s/%s/%s" % (SCN, SANDBOX, fn))
        out[(SANDBOX, HOME, fn)] = ms.join_http(head, text.encode("utf-8"))


def ram_participant(out):
    """Workload runs in Network's VPC, shared through AWS RAM: DescribeVpcs
    names Network as its owner, and Workload sees neither its flow logs nor
    its query logging association (Network's own files keep them)."""
    key = (WORK, HOME, "ec2.DescribeVpcs.http")
    head, body = ms.split_http(out[key])
    old = "<vpcId>%s</vpcId>\n            <ownerId>%s</ownerId>" % (
        SHARED_VPC, WORK)
    text = body.decode("utf-8")
    if old not in text:
        raise SystemExit("make_org_ct: no %s in Workload's DescribeVpcs"
                         % SHARED_VPC)
    text = text.replace(old, old.replace(WORK, NET))
    out[key] = ms.join_http(head, text.encode("utf-8"))
    key = (WORK, HOME, "ec2.DescribeFlowLogs.http")
    head, body = ms.split_http(out[key])
    text = re.sub(r"\n        <item>(?:(?!</item>\n        </?item).)*?"
                  r"<resourceId>%s</resourceId>.*?</item>" % SHARED_VPC, "",
                  body.decode("utf-8"), count=1, flags=re.S)
    out[key] = ms.join_http(head, text.encode("utf-8"))

    def drop(doc):
        doc["ResolverQueryLogConfigAssociations"] = [
            a for a in doc["ResolverQueryLogConfigAssociations"]
            if a["ResourceId"] != SHARED_VPC]
        doc["TotalCount"] = doc["TotalFilteredCount"] = len(
            doc["ResolverQueryLogConfigAssociations"])
    edit_json(out, (WORK, HOME, "route53resolver."
                    "ListResolverQueryLogConfigAssociations.http"), drop)


def ct_role(acct, path, name, rid, trust, policy, last_used):
    """A RoleDetailList member of GetAccountAuthorizationDetails."""
    from urllib.parse import quote
    doc = quote(json.dumps(trust, separators=(",", ":")), safe="")
    used = ("        <RoleLastUsed>\n          <LastUsedDate>%s</LastUsedDate>\n"
            "          <Region>us-east-1</Region>\n        </RoleLastUsed>\n"
            % last_used if last_used else "        <RoleLastUsed/>\n")
    return ("      <member>\n        <Path>%s</Path>\n"
            "        <RoleName>%s</RoleName>\n        <RoleId>%s</RoleId>\n"
            "        <Arn>arn:aws:iam::%s:role%s%s</Arn>\n"
            "        <CreateDate>2024-02-12T10:00:00Z</CreateDate>\n"
            "        <AssumeRolePolicyDocument>%s</AssumeRolePolicyDocument>\n"
            "        <InstanceProfileList/>\n        <RolePolicyList/>\n"
            "        <AttachedManagedPolicies>\n          <member>\n"
            "            <PolicyName>%s</PolicyName>\n"
            "            <PolicyArn>arn:aws:iam::aws:policy/%s</PolicyArn>\n"
            "          </member>\n        </AttachedManagedPolicies>\n"
            "%s"
            "      </member>\n"
            % (path, name, rid, acct, path, name, doc, policy, policy, used))


def ct_roles(out, acct):
    """Control Tower's execution role (trusted by the management account,
    last used at enrolment) and an IAM Identity Center permission-set role
    (/aws-reserved/sso.amazonaws.com/) nobody has used."""
    key = (acct, "global", "iam.GetAccountAuthorizationDetails.http")
    head, body = ms.split_http(out[key])
    text = body.decode("utf-8")
    roles = ct_role(acct, "/", "AWSControlTowerExecution",
                    "AROACTEXECUTION%sX" % acct[-5:],
                    {"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Principal": {
                            "AWS": "arn:aws:iam::%s:root" % MGMT},
                         "Action": "sts:AssumeRole"}]},
                    "AdministratorAccess", "2024-02-12T10:05:00Z")
    roles += ct_role(acct, "/aws-reserved/sso.amazonaws.com/",
                     "AWSReservedSSO_AWSReadOnlyAccess_3f1c9a7e2b5d4c60",
                     "AROASSOREADONLY%sX" % acct[-5:],
                     {"Version": "2012-10-17", "Statement": [
                         {"Effect": "Allow", "Principal": {
                             "Federated": "arn:aws:iam::%s:saml-provider/"
                             "AWSSSO_4b2c1f8e0d9a7c63_DO_NOT_DELETE" % acct},
                          "Action": ["sts:AssumeRoleWithSAML",
                                     "sts:TagSession"]}]},
                     "ReadOnlyAccess", None)
    text = text.replace("    </RoleDetailList>",
                        roles + "    </RoleDetailList>", 1)
    out[key] = ms.join_http(head, text.encode("utf-8"))


def no_analyzers(out, acct):
    for k in [k for k in out if k[0] == acct and
              k[2] == "accessanalyzer.ListAnalyzers.http"]:
        edit_json(out, k, lambda d: d.update(analyzers=[]))


def no_finding_rules(out, acct):
    """No EventBridge rule of its own routes findings: they are dropped."""
    for k in [k for k in out if k[0] == acct and
              k[2] == "events.ListRules.http"]:
        kept = []

        def drop(doc):
            for r in doc["Rules"]:
                if "aws.guardduty" in r.get("EventPattern", "") or \
                        "aws.securityhub" in r.get("EventPattern", ""):
                    continue
                kept.append(r)
            doc["Rules"] = kept
        edit_json(out, k, drop)
        names = {r["Name"] for r in kept}
        for t in [t for t in out if t[:2] == k[:2] and
                  t[2].startswith("events.ListTargetsByRule.")]:
            if t[2][len("events.ListTargetsByRule."):-5] not in names:
                del out[t]


def gd_member(out, acct):
    """A GuardDuty member of Audit: administrator Audit, no publishing
    destination of its own (Audit exports the members' findings)."""
    for k in [k for k in out if k[0] == acct and
              k[2].startswith("guardduty.GetAdministratorAccount.")]:
        edit_json(out, k, lambda d: d.update(administrator={
            "accountId": AUDIT,
            "invitationId": "84b0a63b8ee3e7ea8c2f1e6d5a4b3c21",
            "relationshipStatus": "Enabled",
            "invitedAt": "2024-02-12T10:00:00.000Z"}))
    for k in [k for k in out if k[0] == acct and
              k[2].startswith("guardduty.ListPublishingDestinations.")]:
        edit_json(out, k, lambda d: d.update(destinations=[]))
    for k in [k for k in out if k[0] == acct and
              k[2].startswith("guardduty.DescribePublishingDestination.")]:
        del out[k]


def central_root(out, acct):
    """Centralised root access: the root has no password, keys or MFA."""
    import base64
    key = (acct, "global", "iam.GetCredentialReport.http")
    head, body = ms.split_http(out[key])
    text = body.decode("utf-8")
    m = re.search(r"<Content>([^<]+)</Content>", text)
    lines = base64.b64decode(m.group(1)).decode().split("\n")
    hdr = lines[0].split(",")
    for i, line in enumerate(lines):
        f = line.split(",")
        if f and f[0] == "<root_account>":
            for col in ("password_enabled", "mfa_active",
                        "access_key_1_active", "access_key_2_active"):
                if col in hdr and f[hdr.index(col)] not in ("not_supported",):
                    f[hdr.index(col)] = "false"
            lines[i] = ",".join(f)
    text = text.replace(m.group(1), base64.b64encode(
        "\n".join(lines).encode()).decode())
    out[key] = ms.join_http(head, text.encode("utf-8"))


def audit_account(out):
    """Audit: the aggregator, one rule for both sources in us-east-1."""
    for region in ("us-east-1", "eu-west-1"):
        k = (AUDIT, region, "securityhub.ListFindingAggregators.http")
        edit_json(out, k, lambda d: d.update(FindingAggregators=[
            {"FindingAggregatorArn": AGGREGATOR}]))
    put_json(out, (AUDIT, HOME, "securityhub.GetFindingAggregator.%s.http"
                   % ms.sanitize(AGGREGATOR)),
             {"FindingAggregatorArn": AGGREGATOR,
              "FindingAggregationRegion": HOME,
              "RegionLinkingMode": "ALL_REGIONS", "Regions": []})

    def both(doc):
        for r in doc["Rules"]:
            if "aws.guardduty" in r.get("EventPattern", ""):
                r["EventPattern"] = json.dumps(
                    {"source": ["aws.guardduty", "aws.securityhub"]},
                    separators=(",", ":"))
                r["Description"] = ("GuardDuty and Security Hub findings "
                                    "(all regions) to the security alerts "
                                    "topic")
    edit_json(out, (AUDIT, HOME, "events.ListRules.http"), both)
    no_finding_rules_in(out, AUDIT, "eu-west-1")


def no_finding_rules_in(out, acct, region):
    sub = {k: v for k, v in out.items() if k[:2] == (acct, region)}
    for k in sub:
        del out[k]
    no_finding_rules(sub, acct)
    out.update(sub)


def log_archive(out):
    """Log Archive owns the trail bucket, which logs its access."""
    key = (LOGS, "global", "s3.ListBuckets.http")
    head, body = ms.split_http(out[key])
    text = body.decode("utf-8")
    first = re.search(r"<Bucket>.*?</Bucket>", text, re.S).group(0)
    new = re.sub(r"<Name>[^<]*</Name>", "<Name>%s</Name>" % BUCKET, first)
    text = text.replace(first, new + first, 1)
    out[key] = ms.join_http(head, text.encode("utf-8"))


S3_HDRS = [("Content-Type", "application/xml"), ("Server", "AmazonS3")]


def put_s3(out, key, body):
    rid = ms.new_id("D211F15103FE174D", "%s/%s/%s/%s" % ((SCN,) + key))
    out[key] = ms.http_file("HTTP/1.1 200 OK",
                            [("x-amz-request-id", rid)] + S3_HDRS,
                            '<?xml version="1.0" encoding="UTF-8"?>\n'
                            + body)


def log_archive_bucket(out):
    """The trail bucket's answers in Log Archive: like its flow-log
    bucket's (versioned, locked, archived), plus server access logging to
    the Control Tower access-log bucket."""
    own = "vpc-flow-logs-%s" % LOGS
    for k in [k for k in out if k[0] == LOGS and k[2].endswith(
            ".%s.http" % own)]:
        name = k[2][:-len(".%s.http" % own)]
        head, body = ms.split_http(out[k])
        head, text = ms.rewrite_request_ids(
            head, body.decode("utf-8"), "%s/%s/%s" % (SCN, k[1], BUCKET))
        out[k[:2] + ("%s.%s.http" % (name, BUCKET),)] = ms.join_http(
            head, text.encode("utf-8"))
    put_s3(out, (LOGS, HOME, "s3.GetBucketLogging.%s.http" % BUCKET),
           '<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/'
           '2006-03-01/">\n  <LoggingEnabled>\n    <TargetBucket>%s'
           '</TargetBucket>\n    <TargetPrefix></TargetPrefix>\n  '
           '</LoggingEnabled>\n</BucketLoggingStatus>' % ACCESS_LOGS)


def no_root_password(out, acct):
    """GetAccountSummary: no root password, keys or MFA device."""
    entries = "".join(
        "      <entry>\n        <key>%s</key>\n        <value>%d</value>\n"
        "      </entry>\n" % kv for kv in (
            ("Users", 3), ("UsersQuota", 5000), ("AccountMFAEnabled", 0),
            ("AccountAccessKeysPresent", 0), ("AccountPasswordPresent", 0),
            ("AccountSigningCertificatesPresent", 0)))
    key = (acct, "global", "iam.GetAccountSummary.http")
    rid = ms.new_id("00000000-0000-4000-8000-000000000000",
                    "%s/%s/gas" % (SCN, acct))
    out[key] = ms.http_file(
        "HTTP/1.1 200 OK", [("Content-Type", "text/xml"),
                            ("x-amzn-RequestId", rid)],
        '<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/'
        '2010-05-08/">\n  <GetAccountSummaryResult>\n    <SummaryMap>\n'
        '%s    </SummaryMap>\n  </GetAccountSummaryResult>\n'
        '  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n'
        '  </ResponseMetadata>\n</GetAccountSummaryResponse>\n'
        % (entries, rid))


def delegations(out):
    """Audit is the delegated administrator of every security service the
    management-account checks ask about (Control Tower and SRA)."""
    for k in [k for k in out if k[:2] == (MGMT, "global") and
              k[2].startswith("organizations.ListDelegatedAdministrators.")]:
        a = dict(ms.account_obj(AUDIT, SPEC))
        a["DelegationEnabledDate"] = ms.Coral("1.707815204662E9")
        ms.replace_body(out, k, SCN, ms.org_file(
            "%s/%s/%s" % ((SCN,) + k[1:]), {"DelegatedAdministrators": [a]}))


def make_org_ct(src):
    wp, ng = src["well-prepared"], src["neglected"]
    wp_acct = wp["meta"]["accounts"][0]
    ng_acct = ng["meta"]["accounts"][0]
    out = {}
    _, tmpl = ms.describe_org(wp["files"], wp_acct)
    org = ms.organization_obj(tmpl, SPEC)

    def not_org(r, fn):
        return not fn.startswith("organizations.")
    # well-prepared's GuardDuty export prefix names its organization
    wp_org = tmpl["Organization"]["Id"]
    for acct in (MGMT, AUDIT, LOGS, WORK, NET):
        ms.copy_account(out, SCN, wp["files"], wp_acct, acct,
                        ms.Rewrite({wp_acct: acct}, extra={wp_org: ORG_ID}),
                        keep=not_org)
    ms.copy_account(out, SCN, ng["files"], ng_acct, SANDBOX,
                    ms.Rewrite({ng_acct: SANDBOX}), keep=not_org)
    for acct in (MGMT, AUDIT, LOGS, WORK, SANDBOX, NET):
        ms.replace_body(out, (acct, "global",
                              "organizations.DescribeOrganization.http"),
                        SCN, ms.org_file("%s/%s/do" % (SCN, acct), org))
        if acct != MGMT:
            ms.replace_body(out, (acct, "global",
                                  "organizations.ListRoots.http"),
                            SCN, ms.org_denied("%s/%s/lr" % (SCN, acct)))
    # the management account's Organizations files: the tree, and the
    # donor's delegations and SCPs with Audit as the delegated admin
    donor = src[ms.MGMT_DONOR]
    donor_acct = donor["meta"]["accounts"][0]
    _, dorg = ms.describe_org(donor["files"], donor_acct)
    ids = {old: AUDIT for old in ms.DONOR_IDS}
    ids[donor_acct] = MGMT
    rw = ms.Rewrite(ids, extra={dorg["Organization"]["Id"]: ORG_ID})
    ms.copy_account(out, SCN, donor["files"], donor_acct, MGMT, rw,
                    keep=lambda r, fn: r == "global" and
                    fn.startswith("organizations.") and
                    not ms.TREE_FILES.match(fn))
    out.update(ms.org_tree_files(SCN, donor["files"], donor_acct, SPEC))

    trail_files(out, MGMT, member=False)
    for acct in (AUDIT, LOGS, WORK, NET):
        trail_files(out, acct, member=True)
    sandbox_trails(out)
    for acct in (MGMT, LOGS, WORK, NET):
        no_analyzers(out, acct)
        no_finding_rules(out, acct)
    for acct in GD_MEMBERS:
        gd_member(out, acct)
    for acct in (AUDIT, LOGS, WORK, NET):
        central_root(out, acct)
        no_root_password(out, acct)
    audit_account(out)
    ram_participant(out)
    ct_roles(out, WORK)
    log_archive(out)
    log_archive_bucket(out)
    delegations(out)
    ms.all_delegated(out, SCN, MGMT)
    meta = {
        "description":
            "An AWS Organization built the way AWS Control Tower and the "
            "AWS Security Reference Architecture build one, derived by "
            "tests/tools/make_org_ct.py (do not edit; re-run "
            "tests/tools/make_scenarios.py). Audit it with --org from the "
            "management account %s, which owns the organization trail %s "
            "(to the Log Archive bucket %s; log group, metric filters and "
            "alarms in the management account). Audit %s (Root/Security) "
            "is the delegated administrator for GuardDuty and Security "
            "Hub, runs IAM Access Analyzer organization analyzers in both "
            "regions and a Security Hub finding aggregator in us-east-1 "
            "linking ALL_REGIONS, routed by one EventBridge rule there. Log "
            "Archive %s owns the trail bucket. Workload %s "
            "(Root/Workloads/Prod) is a GuardDuty member with no rules of "
            "its own and centralised root access (no root credentials); so "
            "are Audit, Log Archive and Network %s (Root/Infrastructure), "
            "which shares its VPC %s with Workload through AWS RAM "
            "(Workload sees neither its flow logs nor its query logging). "
            "Sandbox %s (Root/Sandbox) is neglected's account, newly "
            "enrolled. Every account but Sandbox is well-prepared's files "
            "re-numbered."
            % (MGMT, TRAIL, BUCKET, AUDIT, LOGS, WORK, NET, SHARED_VPC,
               SANDBOX),
        "accounts": [MGMT, AUDIT, LOGS, WORK, SANDBOX, NET],
        "home_region": wp["meta"]["home_region"],
        "now": wp["meta"]["now"],
        # the organization trail's ARN names the management account
        "external_accounts": [MGMT],
    }
    return meta, out
