#!/usr/bin/python3
"""t_frameworks.py -- frameworks/*.json, irready frameworks, --framework.

The shipped mappings must be well-formed, cite their source, and agree
with the catalog: for the tag-derived files (cis-3.0, nist-csf-2.0,
nist-800-61r3, aws-wa-sec10, nist-800-61r2 by phase, cis-7.0 through its
crosswalk to cis-3.0) a requirement
lists exactly the checks whose descriptors carry its tag, and every tag
names a requirement (frameworks/derive.py holds the rules). For every fixture scenario, `audit --framework` writes one
compliance-<id>.csv row per requirement, in the file's order, whose status,
failing resources and evidence are recomputed here from findings.json with
the rules of report/compliance.c (README "Framework reports"). A test
framework (IRREADY_FRAMEWORKS_DIR) covers MANUAL for a requirement no check
evidences, formula guarding, and the load errors. TAP output.
"""
import csv
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interchange_runs as ir  # noqa: E402

sys.path.insert(0, os.path.join(ir.ROOT, "frameworks"))
import derive  # noqa: E402

FWDIR = os.path.join(ir.ROOT, "frameworks")
PHASES = {"3.1": "preparation", "3.2": "detection", "3.3": "containment",
          "3.4": "post-incident"}


def irready(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([ir.BIN] + list(args), capture_output=True, text=True,
                          cwd=ir.ROOT, env=e)


def expected_rows(fw, fj):
    selected = {c["check_id"] for c in fj["score"]["checks"]}
    rows = []
    for q in fw["requirements"]:
        fs = [f for f in fj["findings"] if f["check_id"] in q["checks"]]
        pas = [f for f in fs if f["status"] == "PASS"]
        fail = [f for f in fs if f["status"] == "FAIL"]
        man = [f for f in fs if f["status"] == "MANUAL"]
        if not q["checks"]:
            st = "MANUAL"
        elif not selected & set(q["checks"]):
            st = "NOT_ASSESSED"
        elif fail and pas:
            st = "PARTIAL"
        elif fail:
            st = "FAIL"
        elif pas:
            st = "PASS"
        elif man:
            st = "MANUAL"
        else:
            st = "NOT_ASSESSED"

        def cap(v):
            return ";".join(v[:100] + (["... %d more" % (len(v) - 100)] if len(v) > 100 else []))
        ev = [f["finding_id"] for f in fs if f["status"] in ("PASS", "FAIL")]
        res = [f["resource_id"] or f["account_id"] for f in fail]
        rows.append([fw["id"], q["id"], q["title"], st, ";".join(q["checks"]), cap(res), cap(ev)])
    return rows


def main():
    t = ir.Tap()
    cat = json.loads(irready("checks", "--json").stdout)["checks"]
    ids = {c["id"] for c in cat}
    fws = {}
    for fn in sorted(f for f in os.listdir(FWDIR) if f.endswith(".json")):
        with open(os.path.join(FWDIR, fn)) as fh:
            fw = json.load(fh)
        fws[fw["id"]] = fw
        reqs = fw["requirements"]
        t.ok(fn == fw["id"] + ".json" and all(fw.get(k) for k in
                                              ("title", "version", "source", "mapping")),
             "%s: id, title, version, source (citation) and mapping" % fn)
        t.ok(len({q["id"] for q in reqs}) == len(reqs) and reqs,
             "%s: requirement ids unique" % fn)
        bad = [(q["id"], c) for q in reqs for c in q["checks"] if c not in ids]
        t.ok(not bad, "%s: every check is in the catalog" % fn, bad)
    sec = fws.get("aws-wa-sec10")
    if t.ok(sec, "aws-wa-sec10 ships"):
        t.ok([q["id"] for q in sec["requirements"]] == ["SEC10-BP%02d" % i for i in range(1, 9)],
             "aws-wa-sec10: BP01-BP08")
    nist = fws.get("nist-800-61r2")
    if t.ok(nist, "nist-800-61r2 ships"):
        t.ok([q["id"] for q in nist["requirements"]] == list(PHASES),
             "nist-800-61r2: the four phases")
    # one source of truth: the descriptors' tags (or phases) give "checks"
    for fid, n in [("cis-3.0", 62), ("cis-7.0", 70), ("nist-csf-2.0", 106),
                   ("nist-800-61r3", 22), ("aws-wa-sec10", 8), ("nist-800-61r2", 4)]:
        fw = fws.get(fid)
        if not t.ok(fw and len(fw["requirements"]) == n,
                    "%s ships with its %d requirements" % (fid, n)):
            continue
        bad = [(q["id"], q["checks"], derive.derived_checks(fid, q, cat))
               for q in fw["requirements"]
               if sorted(q["checks"]) != sorted(derive.derived_checks(fid, q, cat))]
        t.ok(not bad, "%s: each requirement lists exactly the checks tagged with it "
             "(python3 frameworks/derive.py rewrites them)" % fid, bad)
        orphans = derive.orphan_tags(fw, cat)
        t.ok(not orphans, "%s: every tag in the descriptors names a requirement" % fid, orphans)
    csf = fws.get("nist-csf-2.0")
    if csf:
        ids = [q["id"] for q in csf["requirements"]]
        per = {f: sum(1 for i in ids if i.startswith(f + ".")) for f in ("GV", "ID", "PR", "DE", "RS", "RC")}
        t.ok(per == {"GV": 31, "ID": 21, "PR": 22, "DE": 11, "RS": 13, "RC": 8} and
             all(re.fullmatch(r"(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d\d", i) for i in ids),
             "nist-csf-2.0: the CSWP 29 subcategories per function (%s)" % per)
        r3 = fws.get("nist-800-61r3")
        t.ok(r3 and [q["id"] for q in r3["requirements"]] ==
             list(dict.fromkeys(i[:5] for i in ids)),
             "nist-800-61r3: the CSF 2.0 categories, in CSF order")
    cis3, cis7 = fws.get("cis-3.0"), fws.get("cis-7.0")
    if cis3 and cis7:
        ids3 = [q["id"] for q in cis3["requirements"]]
        walked = [i for q in cis7["requirements"] for i in q.get("cis_3_0", [])]
        tagged = {q["id"] for q in cis3["requirements"] if q["checks"]}
        t.ok(set(walked) <= set(ids3) and len(walked) == len(set(walked)) and tagged <= set(walked),
             "cis-7.0: the crosswalk names v3.0.0 recommendations, each once, and carries "
             "every one a check evidences", sorted(set(walked) - set(ids3)) + sorted(tagged - set(walked)))
    irg = fws.get("aws-ir-guide")
    if t.ok(irg, "aws-ir-guide ships"):
        man = [q["id"] for q in irg["requirements"] if not q["checks"]]
        t.ok(derive.derived_checks("aws-ir-guide", {"id": "OPS-1"}, cat) is None and man and
             all(q["checks"] == sorted(set(q["checks"])) for q in irg["requirements"]),
             "aws-ir-guide: mapped by hand, sorted, no duplicates; unmapped sections kept (%s)"
             % ", ".join(man))
    for fid in ("cis-3.0", "cis-7.0", "nist-csf-2.0", "nist-800-61r3", "aws-ir-guide"):
        src = (fws.get(fid) or {}).get("source", "")
        t.ok(re.search(r"https://", src) and re.search(r"20\d\d-\d\d-\d\d", src),
             "%s cites its source with a URL and a date" % fid)
    lj = json.loads(irready("frameworks", "--json").stdout)["frameworks"]
    t.ok([(f["id"], [(q["id"], q["checks"]) for q in f["requirements"]]) for f in lj] ==
         [(i, [(q["id"], q["checks"]) for q in fws[i]["requirements"]]) for i in sorted(fws)],
         "irready frameworks --json lists the files")
    for i, fw in fws.items():
        got = [c["id"] for c in json.loads(irready("checks", "--json", "--framework", i).stdout)["checks"]]
        want = [c["id"] for c in cat if any(c["id"] in q["checks"] for q in fw["requirements"])]
        t.ok(got == want, "checks --framework %s: the mapped checks (%d)" % (i, len(want)))
    r = irready("audit", "--replay", "fixtures/neglected", "--framework", "cis-9.9")
    t.ok(r.returncode == 2 and "unknown framework 'cis-9.9'" in r.stderr and
         "aws-wa-sec10" in r.stderr, "an unknown framework: usage error listing the shipped")

    with ir.tmpdir() as tmp:
        for name, sc in ir.scenarios():
            out = os.path.join(tmp, name)
            args = ["audit", "--replay", "fixtures/" + name, "--now", sc["now"],
                    "--format", "json", "--framework", ",".join(sorted(fws)),
                    "--output-dir", out, "--quiet"]
            if len(sc["accounts"]) > 1:
                args.append("--org")
            r = irready(*args)
            if not t.ok(r.returncode in (0, 1), "%s: audit --framework ran" % name,
                        r.stderr.splitlines()):
                continue
            with open(os.path.join(out, "findings.json")) as fh:
                fj = json.load(fh)
            for i, fw in sorted(fws.items()):
                with open(os.path.join(out, "compliance-%s.csv" % i), newline="") as fh:
                    rows = list(csv.reader(fh))
                t.ok(rows[0] == ["framework", "requirement_id", "requirement_title", "status",
                                 "checks", "failing_resources", "evidence"],
                     "%s/%s: header" % (name, i))
                want = expected_rows(fw, fj)
                diff = [(g, w) for g, w in zip(rows[1:], want) if g != w]
                t.ok(len(rows) - 1 == len(want) and not diff,
                     "%s/%s: %d requirements, statuses %s" % (
                         name, i, len(want), sorted({w[3] for w in want})),
                     ["got %s\nwant %s" % (g[:6], w[:6]) for g, w in diff])
        # report.html: a section per framework with the CSV's statuses
        out = os.path.join(tmp, "html")
        r = irready("audit", "--replay", "fixtures/neglected", "--now", "2026-11-28T00:00:00Z",
                    "--format", "html", "--framework", ",".join(sorted(fws)),
                    "--output-dir", out, "--quiet")
        with open(os.path.join(out, "report.html"), encoding="utf-8") as fh:
            html = fh.read()
        for i in sorted(fws):
            with open(os.path.join(out, "compliance-%s.csv" % i), newline="") as fh:
                want = {row[1]: row[3] for row in list(csv.reader(fh))[1:]}
            got = dict(re.findall(r'<span class="ckid mono">([^<]+)</span></td><td>'
                                  r'<span class="b b-[A-Z_]+">([A-Z_]+)</span>',
                                  html.split('id="fw-%s"' % i, 1)[-1].split("</section>")[0]))
            t.ok('aria-labelledby="fw-%s"' % i in html and got == want,
                 "report.html: the %s section has the CSV's statuses" % i)

        # a narrowed selection: the other phases are NOT_ASSESSED
        out = os.path.join(tmp, "narrow")
        r = irready("audit", "--replay", "fixtures/neglected", "--phase", "detection",
                    "--framework", "nist-800-61r2", "--format", "json",
                    "--output-dir", out, "--quiet")
        with open(os.path.join(out, "compliance-nist-800-61r2.csv"), newline="") as fh:
            st = {row[1]: row[3] for row in list(csv.reader(fh))[1:]}
        t.ok(st["3.1"] == st["3.3"] == st["3.4"] == "NOT_ASSESSED" and
             st["3.2"] in ("PASS", "FAIL", "PARTIAL"),
             "--phase detection: the other phases are NOT_ASSESSED (%s)" % st)

        # a test framework: MANUAL, formula guard, load errors
        fdir = os.path.join(tmp, "fw")
        os.makedirs(fdir)

        def put(fid, reqs, **extra):
            doc = {"id": fid, "title": "Test", "version": "1", "source": "tests",
                   "mapping": "by hand", "requirements": reqs}
            doc.update(extra)
            with open(os.path.join(fdir, fid + ".json"), "w") as fh:
                json.dump(doc, fh)
        put("test-fw", [{"id": "T1", "title": "=HYPERLINK(\"http://x\")", "checks": []},
                        {"id": "T2", "title": "flow logs", "checks": ["vpc_flow_logs_enabled"]}])
        put("bad-check", [{"id": "T1", "title": "x", "checks": ["no_such_check"]}])
        put("dup-req", [{"id": "T1", "title": "x", "checks": []},
                        {"id": "T1", "title": "y", "checks": []}])
        put("wrong-id", [], id="other")
        env = {"IRREADY_FRAMEWORKS_DIR": fdir}
        out = os.path.join(tmp, "test-fw")
        r = irready("audit", "--replay", "fixtures/neglected", "--framework", "test-fw",
                    "--format", "json", "--output-dir", out, "--quiet", env=env)
        with open(os.path.join(out, "compliance-test-fw.csv"), newline="") as fh:
            rows = list(csv.reader(fh))
        t.ok(r.returncode in (0, 1) and rows[1][1] == "T1" and rows[1][3] == "MANUAL",
             "a requirement no check evidences is listed as MANUAL")
        t.ok(rows[1][2].startswith("'="), "requirement titles are formula-guarded (%s)" % rows[1][2])
        t.ok(rows[2][3] == "FAIL", "T2 (vpc_flow_logs_enabled on neglected) FAILs")
        r = irready("audit", "--replay", "fixtures/neglected", "--framework", "test-fw",
                    "--format", "html", "--output-dir", out, "--quiet", env=env)
        with open(os.path.join(out, "report.html"), encoding="utf-8") as fh:
            html = fh.read()
        t.ok("=HYPERLINK(&quot;http://x&quot;)" in html and "HYPERLINK(\"" not in html and
             "none: a person must attest it" in html,
             "report.html escapes requirement titles and shows the unmapped one")
        for fid, msg in [("bad-check", "unknown check 'no_such_check'"),
                         ("dup-req", "requirement 'T1' is listed twice"),
                         ("wrong-id", "has \"id\" 'other', not 'wrong-id'")]:
            r = irready("audit", "--replay", "fixtures/neglected", "--framework", fid,
                        "--output-dir", out, env=env)
            t.ok(r.returncode == 2 and msg in r.stderr and fid + ".json" in r.stderr,
                 "%s: exit 2 naming the file (%s)" % (fid, r.stderr.strip()))
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
