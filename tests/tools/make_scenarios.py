#!/usr/bin/python3
# make_scenarios.py -- derive fixtures/org and fixtures/mixed from the
# hand-written scenarios (well-prepared, neglected, access-denied)
#
#   /usr/bin/python3 tests/tools/make_scenarios.py           # (re)write them
#   /usr/bin/python3 tests/tools/make_scenarios.py --check   # up to date?
#
# Run from the repository root after changing a hand-written scenario: the
# derived ones follow. Never edit fixtures/org or fixtures/mixed by hand;
# change a rule here instead. The output is a pure function of the input
# files (no clock, no randomness): --check regenerates into a scratch
# directory and compares byte for byte (exit 1 and the differing files when
# stale).
#
# fixtures/org -- an AWS Organization (o-a1b2c3d4e5), audited with --org
#   111122223333  Management   Root/Security   well-prepared's files; its
#                 DescribeOrganization is the management view, plus the
#                 Organization's files (ListAccounts in 2 pages, ListRoots,
#                 ListOrganizationalUnitsForParent/ListAccountsForParent
#                 for every parent) and those of the management-account
#                 checks that are not the OU tree (ListDelegatedAdministrators,
#                 ListPolicies, DescribePolicy, ...) taken from a hand-written
#                 management account (MGMT_DONOR) with its ids rewritten
#   555500006666  Security Tooling  Root/Security  ACTIVE, but its audit
#                 role cannot be assumed: its only file is a 403
#                 sts:GetCallerIdentity (AccessDenied), so the account
#                 is ERROR throughout and the run goes on
#   444400008888  Prod         Root/Workloads/Prod   neglected, re-numbered
#   777700008888  Sandbox      Root/Sandbox          access-denied, re-numbered
#   666600007777  Retired      Root                  SUSPENDED: listed, no
#                 directory (irready skips it)
# Members keep only DescribeOrganization of the Organizations files (the
# member view of the same organization) and get ListRoots refused
# (AccessDeniedException: not the delegated administrator for
# Organizations); everything else of theirs
# (the donor's tree, SCPs, delegations) is gone.
#
# fixtures/mixed -- one account, 222233334444, in three enabled regions
#   global, us-east-1   from well-prepared
#   eu-west-1           from neglected's eu-west-1
#   ap-southeast-2      from access-denied's eu-west-1 (region renamed)
#   DescribeRegions lists the three and ap-east-1 (not opted in).
#
# Rewriting, everywhere (paths, headers, bodies, base64 payloads such as
# the credential report): account ids, region names (mixed's
# ap-southeast-2), file-name parts that the sanitizer hashed (recomputed
# from the rewritten original string, found in the source bodies), and
# request ids (x-amzn-RequestId, x-amz-request-id, x-amz-id-2,
# <requestId>/<RequestId>/<RequestID>): replaced by ids of the same shape
# derived from SHA-256 of (output file, old id), so they stay unique.
import argparse
import base64
import binascii
import filecmp
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile

SOURCES = ("well-prepared", "neglected", "access-denied")

# --------------------------------------------------------------------------
# the Organization

ORG_ID = "o-a1b2c3d4e5"
MGMT = "111122223333"             # well-prepared's account, kept
BROKEN = "555500006666"
PROD = "444400008888"             # neglected's, re-numbered
SANDBOX = "777700008888"          # access-denied's, re-numbered
SUSPENDED = "666600007777"
ROOT_ID = "r-q7x2"
OU = {"Security": "ou-q7x2-5ec0a1b2", "Workloads": "ou-q7x2-9a7e3c41",
      "Prod": "ou-q7x2-1f4d8b26", "Sandbox": "ou-q7x2-3c6e9a05"}
# parent -> (child OUs, accounts directly in it), in listing order
TREE = {ROOT_ID: (["Security", "Workloads", "Sandbox"], [SUSPENDED]),
        OU["Security"]: ([], [MGMT, BROKEN]),
        OU["Workloads"]: (["Prod"], []),
        OU["Prod"]: ([], [PROD]),
        OU["Sandbox"]: ([], [SANDBOX])}
# (id, name, email, status, joined as Coral writes epoch seconds, how);
# ListAccounts pages in this order
ACCOUNTS = [
    (MGMT, "Management", "aws-management@example.com", "ACTIVE",
     "1.642176003118E9", "INVITED"),
    (PROD, "Prod", "aws-prod@example.com", "ACTIVE", "1.707731803944E9",
     "CREATED"),
    (SUSPENDED, "Retired", "aws-retired@example.com", "SUSPENDED",
     "1.64217763041E9", "CREATED"),
    (SANDBOX, "Sandbox", "aws-sandbox@example.com", "ACTIVE",
     "1.707732011275E9", "CREATED"),
    (BROKEN, "Security Tooling", "aws-security-tooling@example.com",
     "ACTIVE", "1.707732398207E9", "CREATED"),
]
LIST_ACCOUNTS_PAGE = 3                   # accounts on the first page
LIST_ACCOUNTS_TOKEN = "AAEAAHhSqoQMf7tJZx0V3b2yFvd1n8eHyKHQ0G2i9pWmRc4="
# The hand-written management account whose other Organizations files
# (delegations, SCPs, ...: whatever the management-account checks ask for
# beyond the OU tree) the management account borrows, and its ids.
MGMT_DONOR = "access-denied"
DONOR_IDS = {"333344445555": BROKEN}     # its delegated administrator

# The same, as one spec: the org helpers below take any such spec
# (tests/tools/make_org_ct.py has another Organization).
ORG = {"org_id": ORG_ID, "mgmt": MGMT, "root_id": ROOT_ID, "ou": OU,
       "tree": TREE, "accounts": ACCOUNTS, "page": LIST_ACCOUNTS_PAGE,
       "token": LIST_ACCOUNTS_TOKEN}
TREE_FILES = re.compile(r"^organizations\.(DescribeOrganization|ListRoots|"
                        r"ListAccounts|ListOrganizationalUnitsForParent|"
                        r"ListAccountsForParent)(\.|$)")

# --------------------------------------------------------------------------
# the mixed account

MIXED = "222233334444"
# output region -> (source scenario, source region)
MIXED_REGIONS = {"global": ("well-prepared", "global"),
                 "us-east-1": ("well-prepared", "us-east-1"),
                 "eu-west-1": ("neglected", "eu-west-1"),
                 "ap-southeast-2": ("access-denied", "eu-west-1")}
MIXED_NOT_OPTED_IN = "ap-east-1"

# --------------------------------------------------------------------------
# reading and writing scenarios


def load_scenario(root, name):
    """{'meta': scenario.json, 'files': {(acct, region, file): bytes}}"""
    sdir = os.path.join(root, name)
    with open(os.path.join(sdir, "scenario.json"), encoding="utf-8") as f:
        meta = json.load(f)
    files = {}
    for acct in sorted(os.listdir(sdir)):
        adir = os.path.join(sdir, acct)
        if not os.path.isdir(adir):
            continue
        for region in sorted(os.listdir(adir)):
            rdir = os.path.join(adir, region)
            for fn in sorted(os.listdir(rdir)):
                with open(os.path.join(rdir, fn), "rb") as f:
                    files[(acct, region, fn)] = f.read()
    return {"meta": meta, "files": files}


def write_scenario(root, name, meta, files):
    sdir = os.path.join(root, name)
    if os.path.isdir(sdir):
        shutil.rmtree(sdir)
    os.makedirs(sdir)
    with open(os.path.join(sdir, "scenario.json"), "w", encoding="utf-8",
              newline="\n") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    for (acct, region, fn), data in sorted(files.items()):
        d = os.path.join(sdir, acct, region)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, fn), "wb") as f:
            f.write(data)


def split_http(data):
    head, sep, body = data.partition(b"\n\n")
    return head.decode("utf-8"), body


def join_http(head, body):
    return head.encode("utf-8") + b"\n\n" + body


def http_file(status_line, headers, body):
    """A fixture file: status line, headers, empty line, body."""
    head = "\n".join([status_line] + ["%s: %s" % h for h in headers])
    return join_http(head, body.encode("utf-8"))


# --------------------------------------------------------------------------
# rewriting


def sanitize(s):
    """aws_replay_sanitize() (src/aws/aws_replay.c)."""
    raw = s.encode("utf-8")
    out = re.sub(rb"[^A-Za-z0-9_.-]", b"_", raw)
    if len(raw) > 100:
        out = out[:80] + b"-" + hashlib.sha256(raw).hexdigest()[:16].encode()
    return out.decode("ascii")


class Rewrite:
    """Account ids and region names, as text."""

    def __init__(self, accounts, regions=None, extra=None):
        self.pairs = []
        for old, new in sorted((accounts or {}).items()):
            self.pairs.append((re.compile(r"(?<!\d)%s(?!\d)" % old), new))
        for old, new in sorted((regions or {}).items()):
            self.pairs.append((re.compile(r"(?<![a-z0-9-])%s(?!\d)"
                                          % re.escape(old)), new))
        for old, new in sorted((extra or {}).items()):
            self.pairs.append((re.compile(re.escape(old)), new))

    def text(self, s):
        for rx, new in self.pairs:
            s = rx.sub(new, s)
        return s

    def base64_payloads(self, s):
        """Base64 strings that decode to text (the credential report's
        CSV, ...) are rewritten inside and re-encoded."""
        def one(m):
            b = m.group(0)
            if len(b) % 4:
                return b
            try:
                raw = base64.b64decode(b, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return b
            if not all(c.isprintable() or c in "\r\n\t" for c in raw):
                return b
            new = self.text(raw)
            if new == raw:
                return b
            return base64.b64encode(new.encode("utf-8")).decode("ascii")
        return re.sub(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40,}={0,2}", one, s)


RID_HEADERS = ("x-amzn-RequestId", "x-amz-request-id", "x-amz-id-2")
RID_TAGS = re.compile(r"<(requestId|RequestId|RequestID)>([^<]+)</\1>")
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def new_id(old, salt):
    """An id shaped like 'old' (hex case, dashes, base64) from a hash of
    (salt, old)."""
    stream = hashlib.sha256(("%s\0%s" % (salt, old)).encode()).digest()
    while len(stream) < len(old):
        stream += hashlib.sha256(stream).digest()
    is_b64 = bool(re.search(r"[+/=g-zG-Z]", old))
    upper = bool(re.search(r"[A-Z]", old)) and not re.search(r"[a-z]", old)
    out = []
    for i, c in enumerate(old):
        if is_b64:
            out.append(B64[stream[i] % 64] if c in B64 else c)
        elif c in "0123456789abcdefABCDEF":
            h = "0123456789abcdef"[stream[i] % 16]
            out.append(h.upper() if upper else h)
        else:
            out.append(c)
    return "".join(out)


def rewrite_request_ids(head, body, salt):
    ids = set()
    for line in head.split("\n")[1:]:
        k, _, v = line.partition(":")
        if k.strip().lower() in (h.lower() for h in RID_HEADERS):
            ids.add(v.strip())
    for m in RID_TAGS.finditer(body):
        ids.add(m.group(2))
    for old in sorted(ids, key=len, reverse=True):
        new = new_id(old, salt)
        head = head.replace(old, new)
        body = body.replace(old, new)
    return head, body


def long_strings(files):
    """Strings of more than 100 bytes in the bodies: the originals of
    hashed file-name parts."""
    out = set()
    for data in files.values():
        _, body = split_http(data)
        text = body.decode("utf-8", "replace")
        out.update(re.findall(r'"((?:[^"\\]|\\.){101,})"', text))
        out.update(re.findall(r">([^<>]{101,})<", text))
    return {s for s in out if len(s.encode("utf-8")) > 100}


HASH_TAIL = re.compile(r"-[0-9a-f]{16}(?=\\.page-|\\.http$)")


def rewrite_name(fn, rw, originals):
    """A file name: hashed parts recomputed from their rewritten
    originals, then ids and regions."""
    done = set()
    for s in sorted(originals):
        h = sanitize(s)
        if h in fn:
            new = sanitize(rw.text(s))
            fn = fn.replace(h, new)
            done.add(new)
    for m in HASH_TAIL.finditer(fn):
        start = m.start() - 80
        part, prefix = fn[start:m.end()], fn[start:m.start()]
        if start > 0 and fn[start - 1] == "." and part not in done and \
                rw.text(prefix) != prefix:
            raise SystemExit("make_scenarios: %s: no body holds the "
                             "original of its hashed part, which cannot be "
                             "rewritten" % fn)
    return rw.text(fn)


def rewrite_file(data, rw, salt):
    head, body = split_http(data)
    text = body.decode("utf-8")
    head = rw.text(head)
    text = rw.base64_payloads(rw.text(text))
    head, text = rewrite_request_ids(head, text, salt)
    return join_http(head, text.encode("utf-8"))


def copy_account(out, scenario, src_files, src_acct, dst_acct, rw,
                 regions=None, keep=None):
    """Copy src_acct's files (regions: {dst region: src region}, default
    all as they are) to dst_acct with 'rw'."""
    originals = long_strings({k: v for k, v in src_files.items()
                              if k[0] == src_acct})
    for (acct, region, fn), data in sorted(src_files.items()):
        if acct != src_acct:
            continue
        dregions = [r for r, s in (regions or {region: region}).items()
                    if s == region]
        for dreg in dregions:
            if keep and not keep(dreg, fn):
                continue
            name = rewrite_name(fn, rw, originals)
            key = (dst_acct, dreg, name)
            out[key] = rewrite_file(data, rw, "%s/%s/%s/%s" % ((scenario,)
                                                             + key))


def replace_body(out, key, scenario, data):
    """Set a generated file, its request ids made unique for its place."""
    head, body = split_http(data)
    head, text = rewrite_request_ids(head, body.decode("utf-8"),
                                     "%s/%s/%s/%s" % ((scenario,) + key))
    out[key] = join_http(head, text.encode("utf-8"))


# --------------------------------------------------------------------------
# Organizations (json 1.1)

ORG_HDRS = [("Content-Type", "application/x-amz-json-1.1")]


class Coral(str):
    """An epoch-seconds timestamp written as Coral does (1.707732398207E9)."""


def coral_json(obj):
    marks = {}

    def mark(o):
        if isinstance(o, Coral):
            marks["@@%d@@" % len(marks)] = str(o)
            return "@@%d@@" % (len(marks) - 1)
        if isinstance(o, dict):
            return {k: mark(v) for k, v in o.items()}
        if isinstance(o, list):
            return [mark(v) for v in o]
        return o
    text = json.dumps(mark(obj), separators=(",", ":"))
    for k, v in marks.items():
        text = text.replace('"%s"' % k, v)
    return text


def org_file(key_seed, obj):
    rid = new_id("00000000-0000-0000-0000-000000000000", key_seed)
    return http_file("HTTP/1.1 200 OK", ORG_HDRS + [("x-amzn-RequestId",
                                                     rid)],
                     coral_json(obj))


def org_denied(key_seed):
    """Organizations' answer to a member that is not a delegated
    administrator (ListRoots)."""
    rid = new_id("00000000-0000-0000-0000-000000000000", key_seed)
    return http_file("HTTP/1.1 400 Bad Request",
                     ORG_HDRS + [("x-amzn-RequestId", rid)],
                     '{"__type":"AccessDeniedException","Message":"You '
                     'don\'t have permissions to access this resource."}')


def org_arn(kind, ident, spec=ORG):
    return "arn:aws:organizations::%s:%s/%s/%s" % (spec["mgmt"], kind,
                                                   spec["org_id"], ident)


def account_obj(acct, spec=ORG):
    for a, name, email, status, joined, how in spec["accounts"]:
        if a == acct:
            return {"Id": a, "Arn": org_arn("account", a, spec),
                    "Email": email, "Name": name, "Status": status,
                    "JoinedMethod": how, "JoinedTimestamp": Coral(joined)}
    raise KeyError(acct)


def organization_obj(template, spec=ORG):
    """DescribeOrganization of the spec's organization (same for the
    management account and members), from well-prepared's answer."""
    mgmt = spec["mgmt"]
    o = dict((template or {}).get("Organization") or {
        "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY",
                                  "Status": "ENABLED"}]})
    o.update({"Id": spec["org_id"],
              "Arn": "arn:aws:organizations::%s:organization/%s"
                     % (mgmt, spec["org_id"]),
              "FeatureSet": "ALL",
              "MasterAccountArn": org_arn("account", mgmt, spec),
              "MasterAccountId": mgmt,
              "MasterAccountEmail": account_obj(mgmt, spec)["Email"]})
    return {"Organization": o}


def describe_org(src_files, acct, region="global"):
    data = src_files.get((acct, region, "organizations.DescribeOrganization"
                                        ".http"))
    if data is None:
        return None, None
    head, body = split_http(data)
    status = int(head.split()[1])
    return status, json.loads(body) if status == 200 else None


def org_tree_files(scn, donor_files, donor_acct, spec=ORG):
    """The Organization's own files, under the management account."""
    out = {}
    mgmt, ou = spec["mgmt"], spec["ou"]
    g = (mgmt, "global")

    def put(fn, obj):
        out[g + (fn,)] = org_file("%s/%s/global/%s" % (scn, mgmt, fn), obj)

    accts = [account_obj(a[0], spec) for a in spec["accounts"]]
    put("organizations.ListAccounts.http",
        {"Accounts": accts[:spec["page"]], "NextToken": spec["token"]})
    put("organizations.ListAccounts.page-%s.http" % sanitize(spec["token"]),
        {"Accounts": accts[spec["page"]:]})
    # the root's policy types: the donor's (they go with its SCP files)
    policy_types = [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]
    dr = donor_files.get((donor_acct, "global",
                          "organizations.ListRoots.http"))
    if dr is not None:
        roots = json.loads(split_http(dr)[1]).get("Roots") or []
        if roots and "PolicyTypes" in roots[0]:
            policy_types = roots[0]["PolicyTypes"]
    put("organizations.ListRoots.http",
        {"Roots": [{"Id": spec["root_id"],
                    "Arn": org_arn("root", spec["root_id"], spec),
                    "Name": "Root", "PolicyTypes": policy_types}]})
    for parent, (ous, accounts) in spec["tree"].items():
        put("organizations.ListOrganizationalUnitsForParent.%s.http"
            % sanitize(parent),
            {"OrganizationalUnits": [
                {"Id": ou[n], "Arn": org_arn("ou", ou[n], spec), "Name": n}
                for n in ous]})
        put("organizations.ListAccountsForParent.%s.http" % sanitize(parent),
            {"Accounts": [account_obj(a, spec) for a in accounts]})
    return out


def all_delegated(out, scn, mgmt):
    """organizations.ListDelegatedAdministrators without a service
    principal (org.c's, for the owners of central mechanisms): every
    account the per-service files delegate to, once."""
    seen, admins = set(), []
    prefix = "organizations.ListDelegatedAdministrators."
    for k in sorted(k for k in out if k[:2] == (mgmt, "global")
                    and k[2].startswith(prefix)):
        body = split_http(out[k])[1].decode("utf-8")
        # keep Coral's timestamps as they are written
        for m in re.finditer(r'\{"Id":"(\d{12})"[^{}]*\}', body):
            if m.group(1) not in seen:
                seen.add(m.group(1))
                admins.append(m.group(0))
    rid = new_id("00000000-0000-0000-0000-000000000000",
                 "%s/%s/lda" % (scn, mgmt))
    out[(mgmt, "global", prefix + "http")] = http_file(
        "HTTP/1.1 200 OK", ORG_HDRS + [("x-amzn-RequestId", rid)],
        '{"DelegatedAdministrators":[%s]}' % ",".join(admins))


def make_org(src, scn="org"):
    wp, ng, ad = (src[s] for s in SOURCES)
    wp_acct, ng_acct, ad_acct = (src[s]["meta"]["accounts"][0]
                                 for s in SOURCES)
    if wp_acct != MGMT:
        raise SystemExit("make_scenarios: well-prepared's account is %s, "
                         "not %s" % (wp_acct, MGMT))
    out = {}
    # the management account: well-prepared, its own Organizations
    # files other than the tree (if it were a management account)
    copy_account(out, scn, wp["files"], wp_acct, MGMT, Rewrite({}),
                 keep=lambda r, fn: not TREE_FILES.match(fn))
    _, tmpl = describe_org(wp["files"], wp_acct)
    org = organization_obj(tmpl)
    replace_body(out, (MGMT, "global", "organizations.DescribeOrganization"
                                       ".http"), scn,
                 org_file("%s/%s/do" % (scn, MGMT), org))
    # ... the donor's other management-account files, if it has none
    donor = src[MGMT_DONOR]
    donor_acct = donor["meta"]["accounts"][0]
    st, dorg = describe_org(donor["files"], donor_acct)
    if not any(k[0] == MGMT and k[2].startswith("organizations.")
               and not TREE_FILES.match(k[2]) for k in out):
        if not (st == 200 and dorg["Organization"].get(
                "MasterAccountId") == donor_acct):
            raise SystemExit("make_scenarios: %s is not a management "
                             "account any more; pick another MGMT_DONOR"
                             % MGMT_DONOR)
        ids = dict(DONOR_IDS)
        ids[donor_acct] = MGMT
        rw = Rewrite(ids, extra={dorg["Organization"]["Id"]: ORG_ID})
        copy_account(out, scn, donor["files"], donor_acct, MGMT, rw,
                     keep=lambda r, fn: r == "global" and
                     fn.startswith("organizations.") and
                     not TREE_FILES.match(fn))
    out.update(org_tree_files(scn, donor["files"], donor_acct))
    all_delegated(out, scn, MGMT)

    # members: everything but the Organization's files, and the member
    # view of the organization
    def not_org(r, fn):
        return not fn.startswith("organizations.")
    for s, acct, new in ((ng, ng_acct, PROD), (ad, ad_acct, SANDBOX)):
        copy_account(out, scn, s["files"], acct, new, Rewrite({acct: new}),
                     keep=not_org)
        replace_body(out, (new, "global", "organizations.DescribeOrganization"
                                          ".http"), scn,
                     org_file("%s/%s/do" % (scn, new), org))
        # not the delegated administrator: ListRoots is refused
        replace_body(out, (new, "global", "organizations.ListRoots.http"),
                     scn, org_denied("%s/%s/lr" % (scn, new)))

    # the account whose role cannot be assumed
    home = wp["meta"]["home_region"]
    role = "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % BROKEN
    rid = new_id("00000000-0000-0000-0000-000000000000",
                 "%s/%s/sts" % (scn, BROKEN))
    body = ('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n'
            "  <Error>\n    <Type>Sender</Type>\n    <Code>AccessDenied</Code>\n"
            "    <Message>User: arn:aws:sts::%s:assumed-role/IRReadyAuditor/"
            "irready is not authorized to perform: sts:AssumeRole on "
            "resource: %s</Message>\n  </Error>\n"
            "  <RequestId>%s</RequestId>\n</ErrorResponse>\n"
            % (MGMT, role, rid))
    out[(BROKEN, home, "sts.GetCallerIdentity.http")] = http_file(
        "HTTP/1.1 403 Forbidden",
        [("Content-Type", "text/xml"), ("x-amzn-RequestId", rid)], body)

    meta = {
        "description":
            "An AWS Organization (%s, all features), derived from the "
            "hand-written scenarios by tests/tools/make_scenarios.py (do "
            "not edit; re-run it). Audit it with --org: the caller is the "
            "management account %s (well-prepared's files, in the Security "
            "OU), which lists 5 accounts (ListAccounts in 2 pages; OU tree "
            "Root -> Security, Workloads -> Prod, Sandbox). Members: %s "
            "(Root/Workloads/Prod, neglected's files re-numbered), %s "
            "(Root/Sandbox, access-denied's files re-numbered), %s "
            "('Security Tooling', Root/Security, ACTIVE but its audit role "
            "cannot be assumed: GetCallerIdentity answers 403 AccessDenied, "
            "so it is ERROR throughout), and %s (SUSPENDED, no directory: "
            "skipped). Members answer DescribeOrganization with the same "
            "organization; the management-account checks' delegation and "
            "SCP files come from %s (GuardDuty and Security Hub delegated "
            "to %s)."
            % (ORG_ID, MGMT, PROD, SANDBOX, BROKEN, SUSPENDED, MGMT_DONOR,
               BROKEN),
        "accounts": [MGMT] + sorted([PROD, SANDBOX, BROKEN]),
        "home_region": home,
        "now": wp["meta"]["now"],
        # the AssumeRole denial names the management account's auditor
        "external_accounts": [MGMT],
    }
    return meta, out


# --------------------------------------------------------------------------
# mixed


def region_item(name, status):
    return ("        <item>\n"
            "            <regionName>%s</regionName>\n"
            "            <regionEndpoint>ec2.%s.amazonaws.com</regionEndpoint>\n"
            "            <optInStatus>%s</optInStatus>\n"
            "        </item>\n" % (name, name, status))


def mixed_regions_body(body):
    """DescribeRegions: the three enabled regions and one not opted in."""
    items = [(r, "opt-in-not-required") for r in MIXED_REGIONS
             if r != "global"] + [(MIXED_NOT_OPTED_IN, "not-opted-in")]
    new = "".join(region_item(r, st) for r, st in sorted(items))
    body, n = re.subn(r"(<regionInfo>\n)(.*?)(\s*</regionInfo>)",
                      lambda m: m.group(1) + new.rstrip("\n") + m.group(3),
                      body, flags=re.S)
    if n != 1:
        raise SystemExit("make_scenarios: DescribeRegions has no "
                         "<regionInfo>")
    return body


# Explicit rules where copying regions of different accounts leaves a file
# that depends on account-level data of another source. (region, file
# name pattern): drop it.
MIXED_DROP = [
    # access-denied's trail is homed in its eu-west-1 and its bucket is
    # there; mixed's trail is well-prepared's (us-east-1) whose bucket
    # belongs to another account: no trail call or trail-bucket call in
    # the region that came from access-denied's eu-west-1
    ("ap-southeast-2", re.compile(r"^cloudtrail\.(GetTrailStatus|"
                                  r"GetEventSelectors)\.")),
    ("ap-southeast-2", re.compile(r"^s3\.[A-Za-z]+\.aws-cloudtrail-logs-")),
]


def make_mixed(src, scn="mixed"):
    out = {}
    home = src["well-prepared"]["meta"]["home_region"]
    for dreg, (sname, sreg) in MIXED_REGIONS.items():
        s = src[sname]
        acct = s["meta"]["accounts"][0]
        regions = {sreg: dreg} if sreg != dreg else None
        rw = Rewrite({acct: MIXED}, regions)

        def keep(r, fn, dreg=dreg):
            return r == dreg and not any(
                dr == r and rx.match(fn) for dr, rx in MIXED_DROP)
        copy_account(out, scn, s["files"], acct, MIXED, rw,
                     regions={dreg: sreg}, keep=keep)
    key = (MIXED, home, "ec2.DescribeRegions.http")
    head, body = split_http(out[key])
    out[key] = join_http(head, mixed_regions_body(body.decode("utf-8"))
                         .encode("utf-8"))
    meta = {
        "description":
            "One account in three enabled regions with mixed outcomes, "
            "derived by tests/tools/make_scenarios.py (do not edit; re-run "
            "it): account-level data (IAM, S3 account settings, "
            "Organizations, contacts, support) and us-east-1 are "
            "well-prepared's, eu-west-1 is neglected's eu-west-1, and "
            "ap-southeast-2 is access-denied's eu-west-1 (denied calls "
            "there are ERROR). ap-east-1 is not opted in. Account %s."
            % MIXED,
        "accounts": [MIXED],
        "home_region": home,
        "now": src["well-prepared"]["meta"]["now"],
    }
    return meta, out


# --------------------------------------------------------------------------


def generate(fixtures, dest):
    src = {s: load_scenario(fixtures, s) for s in SOURCES}
    nows = {s: src[s]["meta"]["now"] for s in SOURCES}
    if len(set(nows.values())) != 1:
        raise SystemExit("make_scenarios: the sources' \"now\" differ: %r"
                         % nows)
    import make_org_ct
    for name, make in (("org", make_org), ("mixed", make_mixed),
                       ("org-ct", make_org_ct.make_org_ct)):
        meta, files = make(src)
        write_scenario(dest, name, meta, files)


def compare(a, b):
    """Relative paths that differ between trees a and b."""
    diffs = []

    def walk(rel):
        da, db = os.path.join(a, rel), os.path.join(b, rel)
        na = set(os.listdir(da)) if os.path.isdir(da) else set()
        nb = set(os.listdir(db)) if os.path.isdir(db) else set()
        for n in sorted(na | nb):
            r = os.path.join(rel, n)
            pa, pb = os.path.join(a, r), os.path.join(b, r)
            if os.path.isdir(pa) or os.path.isdir(pb):
                walk(r)
            elif n not in na or n not in nb or not filecmp.cmp(
                    pa, pb, shallow=False):
                diffs.append(r)
    walk("")
    return diffs


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Derive fixtures/org and fixtures/mixed from the "
        "hand-written scenarios (see the comment at the top).")
    ap.add_argument("--check", action="store_true",
                    help="only verify that fixtures/org and fixtures/mixed "
                    "are what this script writes")
    ap.add_argument("--fixtures", default="fixtures")
    a = ap.parse_args(argv)
    if not a.check:
        generate(a.fixtures, a.fixtures)
        return 0
    tmp = tempfile.mkdtemp(prefix="make-scenarios-")
    try:
        generate(a.fixtures, tmp)
        stale = []
        for name in ("org", "mixed", "org-ct"):
            stale += [os.path.join(a.fixtures, name, d) for d in
                      compare(os.path.join(a.fixtures, name),
                              os.path.join(tmp, name))]
    finally:
        shutil.rmtree(tmp)
    if stale:
        sys.stderr.write("make_scenarios: stale derived fixtures (run "
                         "/usr/bin/python3 tests/tools/make_scenarios.py):\n")
        for p in stale[:40]:
            sys.stderr.write("  %s\n" % p)
        if len(stale) > 40:
            sys.stderr.write("  ... and %d more\n" % (len(stale) - 40))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
