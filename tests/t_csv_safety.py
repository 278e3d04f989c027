#!/usr/bin/python3
# t_csv_safety.py -- every CSV cell irready writes is safe to open in a
# spreadsheet, end to end, with hostile values in every free-text field
#
# A copy of fixtures/org (an Organization of four accounts, audited with
# --org) has its free text rewritten with formula-injection payloads:
# account names, OU and root names (so account_name and ou_path are
# hostile), every tag value and every description, in JSON and XML bodies
# alike. A policy adds hostile IR role names, break-glass role names,
# alert topic names (they become resource ids and messages), waiver
# reasons, owners and tickets (the waiver column) and attestation evidence.
# Two audits with different hostile policies are then compared with
# `irready diff` and `irready trend`. Every column of every row of
# findings.csv, diff.csv, compliance-<id>.csv, trend.csv and lifecycle.csv
# is checked: a cell beginning with = + - @ TAB or CR must have been
# neutralised with a leading "'" (design.md "Output files"). So that the
# test cannot pass by saying nothing, the payloads must be seen to reach
# the columns that carry them: at the start of account_name, resource_id
# and waiver (diff.csv: resource_id), inside ou_path and message (which
# always begin with "Root/" or irready's own prose).
#
# TAP output; run from the repository root (O = build directory).
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

O = os.environ.get("O", "build")
IRREADY = os.path.join(O, "irready")
NOW = "2026-11-28T00:00:00Z"
HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1+1)", "\tTAB",
           "\rCR", "=HYPERLINK(\"http://x\")<script>alert(1)</script>",
           "<script>alert(2)</script>"]
DANGER = ("=", "+", "-", "@", "\t", "\r")
_n = 0
_failed = 0


def ok(cond, desc, diag=None):
    global _n, _failed
    _n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", _n, desc))
    if not cond:
        _failed += 1
        if diag:
            for ln in str(diag).rstrip("\n").split("\n")[:30]:
                print("#   " + ln)
    sys.stdout.flush()
    return cond


class Hostile:
    """Hands out the payloads in turn, the same one for the same text."""
    def __init__(self, salt=0):
        self.i = salt
        self.seen = {}

    def __call__(self, orig):
        if orig not in self.seen:
            self.seen[orig] = HOSTILE[self.i % len(HOSTILE)]
            self.i += 1
        return self.seen[orig]


ORG_NAME_FILES = ("organizations.ListAccounts", "organizations.ListRoots",
                  "organizations.ListOrganizationalUnitsForParent",
                  "organizations.DescribeAccount")
DESC_KEYS = ("Description", "description")


def rewrite_json(v, h, org_names):
    if isinstance(v, list):
        return [rewrite_json(x, h, org_names) for x in v]
    if not isinstance(v, dict):
        return v
    out = {}
    is_tag = ("Key" in v and "Value" in v) or ("key" in v and "value" in v)
    for k, x in v.items():
        if isinstance(x, str) and (k in DESC_KEYS or
                                   (is_tag and k in ("Value", "value")) or
                                   (org_names and k == "Name")):
            out[k] = h(x)
        else:
            out[k] = rewrite_json(x, h, org_names)
    return out


def xml_text(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\t", "&#9;").replace("\r", "&#13;"))


def rewrite_xml(body, h):
    def sub(m):
        return "<%s>%s</%s>" % (m.group(1), xml_text(h(m.group(2))),
                                m.group(1))
    body = re.sub(r"<(Description|description)>([^<]*)</\1>", sub, body)
    # tag values: <key>..</key><value>..</value> (ec2), <Key>..<Value> (query)
    body = re.sub(r"(<[Kk]ey>[^<]*</[Kk]ey>\s*)<([Vv]alue)>([^<]*)</\2>",
                  lambda m: "%s<%s>%s</%s>" % (m.group(1), m.group(2),
                                               xml_text(h(m.group(3))),
                                               m.group(2)), body)
    return body


def hostile_scenario(src, dst):
    shutil.copytree(src, dst)
    h = Hostile()
    changed = 0
    for d, _, files in os.walk(dst):
        for f in files:
            if not f.endswith(".http"):
                continue
            p = os.path.join(d, f)
            with open(p, encoding="utf-8") as fh:
                raw = fh.read()
            sep = "\r\n\r\n" if "\r\n\r\n" in raw else "\n\n"
            head, _, body = raw.partition(sep)
            new = body
            b = body.strip()
            if b.startswith("{") or b.startswith("["):
                try:
                    j = json.loads(b)
                except ValueError:
                    continue
                org = f.startswith(ORG_NAME_FILES)
                j2 = rewrite_json(j, h, org)
                if j2 != j:
                    new = json.dumps(j2, separators=(",", ":"))
            elif b.startswith("<"):
                new = rewrite_xml(body, h)
            if new != body:
                changed += 1
                with open(p, "w", encoding="utf-8") as fh:
                    fh.write(head + sep + new)
    return changed, h.seen


def policy(path, salt, waive):
    n = len(HOSTILE)
    pick = [HOSTILE[(salt + i) % n] for i in range(n)]
    # names the policy validator accepts (IAM: A-Z a-z 0-9 + = , . @ _ -;
    # SNS: A-Z a-z 0-9 _ -) that still begin with a formula character
    roles = ["=1+1", "+SUM", "-1", "@SUM", "=cmd,x", "@x", "=y", "+z"]
    roles = roles[salt:] + roles[:salt]
    topics = ["-1", "-cmd"] if salt == 0 else ["-2", "-cmd"]
    p = {"name": "hostile", "extends": "readiness",
         "params": {"ir_role_names": roles[:5],
                    "breakglass_role_names": roles[5:],
                    "alert_topic_names": topics},
         "waivers": [], "attestations": [
             {"check": "ir_plan_tested", "date": "2026-10-01",
              "evidence": pick[0], "owner": pick[1]}]}
    if waive:
        for i, chk in enumerate(("vpc_flow_logs_enabled", "iam_ir_roles",
                                 "guardduty_enabled", "kms_cmk_rotation")):
            p["waivers"].append({"check": chk, "reason": pick[i],
                                 "owner": pick[i + 1],
                                 "ticket": pick[i + 2],
                                 "expires": "2027-03-31"})
    with open(path, "w") as f:
        json.dump(p, f)


def run(args):
    env = dict(os.environ, NO_COLOR="1", TZ="UTC")
    r = subprocess.run([IRREADY] + args, capture_output=True, text=True,
                       env=env, timeout=600)
    return r.returncode, r.stderr


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


PAYLOAD_MARKS = ("=cmd", "@SUM", "\tTAB", "\rCR", "<script>", "=1+1",
                 "+SUM", "=HYPERLINK")


def audit_csv(name, rows, carriers, inside=()):
    """One line per column: no cell starts with a formula character. Then
    one per carrier column: payloads reached its start, neutralised; and
    one per 'inside' column: payloads reached it (where the column's own
    text always comes first, e.g. "Root/..." or a message's prose)."""
    if not ok(len(rows) > 1, "%s: has a header and %d rows"
              % (name, len(rows) - 1)):
        return
    header = rows[0]
    width_bad = [i for i, r in enumerate(rows) if len(r) != len(header)]
    ok(not width_bad, "%s: every row has the header's %d columns"
       % (name, len(header)), width_bad[:10])
    guarded = {}
    for ci, col in enumerate(header):
        bad = []
        guarded[col] = 0
        for ri, r in enumerate(rows[1:], 2):
            if ci >= len(r):
                continue
            cell = r[ci]
            if cell.startswith(DANGER):
                bad.append("row %d: %r" % (ri, cell[:80]))
            elif cell.startswith("'") and cell[1:].startswith(DANGER):
                guarded[col] += 1
        ok(not bad, "%s: column %s: no cell starts with = + - @ TAB CR "
           "(%d neutralised with ')" % (name, col, guarded[col]),
           "\n".join(bad[:10]))
    for col in inside:
        ci = header.index(col) if col in header else -1
        n = sum(1 for r in rows[1:] if ci >= 0 and ci < len(r) and
                any(m in r[ci] for m in PAYLOAD_MARKS))
        ok(n > 0, "%s: hostile values reached column %s (%d cells)"
           % (name, col, n), "column missing" if ci < 0 else
           "no payload in %s: the test proves nothing there" % col)
    for col in carriers:
        ok(guarded.get(col, 0) > 0, "%s: hostile values reached column %s "
           "(%d cells), neutralised" % (name, col, guarded.get(col, 0)),
           "column missing" if col not in guarded else
           "no cell of %s starts with ' and a formula character: the "
           "payloads did not get there, so the test proves nothing" % col)


def main():
    if not os.access(IRREADY, os.X_OK):
        ok(False, "%s is built (make binaries)" % IRREADY)
        print("1..%d" % _n)
        return 1
    tmp = tempfile.mkdtemp(prefix="irready-csv-")
    try:
        sc = os.path.join(tmp, "org")
        changed, seen = hostile_scenario("fixtures/org", sc)
        ok(changed > 10 and len(seen) > 10,
           "a copy of fixtures/org with hostile account, OU and root names, "
           "tag values and descriptions (%d files, %d strings)"
           % (changed, len(seen)))
        outs = []
        for k, (salt, waive) in enumerate(((0, True), (3, False))):
            pol = os.path.join(tmp, "policy-%d.json" % k)
            policy(pol, salt, waive)
            out = os.path.join(tmp, "run-%d" % k)
            rc, err = run(["audit", "--replay", sc, "--org", "--policy",
                           pol, "--now", NOW, "--format", "csv,json",
                           "--framework", "cis-3.0,aws-wa-sec10",
                           "--output-dir", out, "--quiet"])
            ok(rc in (0, 1) and
               os.path.exists(os.path.join(out, "findings.csv")),
               "audit %d of the hostile Organization (hostile policy, %s) "
               "exits %d" % (k + 1, "waivers" if waive else "no waivers",
                             rc), err)
            outs.append(out)
        for k, out in enumerate(outs):
            p = os.path.join(out, "findings.csv")
            if os.path.exists(p):
                audit_csv("findings.csv (audit %d)" % (k + 1), read_rows(p),
                          ("account_name", "resource_id") +
                          (("waiver",) if k == 0 else ()),
                          ("ou_path", "message"))
        dout = os.path.join(tmp, "diff")
        rc, err = run(["diff", "--output-dir", dout, "--quiet", outs[0],
                       outs[1]])
        p = os.path.join(dout, "diff.csv")
        ok(rc in (0, 1) and os.path.exists(p),
           "irready diff of the two audits exits %d, writes diff.csv" % rc,
           err)
        if os.path.exists(p):
            audit_csv("diff.csv", read_rows(p), ("resource_id",),
                      ("message",))
        # --framework's compliance-<id>.csv: every column is checked; the
        # hostile resources of this scenario are not failing resources of a
        # mapped requirement, so no payload is required to reach it here
        # (the writer is the same csv_cell() as findings.csv's)
        for fw in ("cis-3.0", "aws-wa-sec10"):
            p = os.path.join(outs[0], "compliance-%s.csv" % fw)
            ok(os.path.exists(p), "audit 1 wrote compliance-%s.csv" % fw)
            if os.path.exists(p):
                audit_csv("compliance-%s.csv" % fw, read_rows(p), (), ())
        # irready trend over the two runs: trend.csv and lifecycle.csv
        tout = os.path.join(tmp, "trend")
        rc, err = run(["trend", "--output-dir", tout, "--quiet",
                       os.path.join(outs[0], "findings.json"),
                       os.path.join(outs[1], "findings.json")])
        ok(rc == 0, "irready trend of the two audits exits %d" % rc, err)
        for name in ("trend.csv", "lifecycle.csv"):
            p = os.path.join(tout, name)
            ok(os.path.exists(p), "irready trend wrote %s" % name)
            if not os.path.exists(p):
                continue
            rows = read_rows(p)
            hdr = rows[0] if rows else []
            carriers = tuple(c for c in hdr if c in ("resource_id",
                                                     "account_name"))
            audit_csv(name, rows, carriers, ())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % _n)
    return 1 if _failed else 0


if __name__ == "__main__":
    sys.exit(main())
