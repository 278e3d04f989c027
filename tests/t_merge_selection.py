#!/usr/bin/python3
"""t_merge_selection.py -- irready merge keeps the shards' selection and frameworks.

Shards of `irready audit --org --shard I/N` run with filters (--severity,
--services, --exclude-checks) and --framework record them in findings.json
(run.selection, run.frameworks). Merging them must give the single run's
run.selection and run.frameworks, the same compliance-<id>.csv files
(byte-identical), and a terminal summary that lists them; shards whose
selection or frameworks differ are refused, naming both. TAP output.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interchange_runs as ir  # noqa: E402

S = os.path.join(ir.ROOT, "fixtures", "org")
FWS = "nist-csf-2.0,cis-3.0,aws-ir-guide"
SEL = ["--severity", "medium", "--services", "cloudtrail,guardduty,iam,s3,ec2",
       "--exclude-checks", "iam_unused_*"]


def irready(*args):
    return subprocess.run([ir.BIN] + list(args), capture_output=True, text=True, cwd=ir.ROOT)


def audit(out, *extra):
    with open(os.path.join(S, "scenario.json")) as fh:
        now = json.load(fh)["now"]
    return irready("audit", "--replay", S, "--org", "--now", now, "--format", "json",
                   "--quiet", "--output-dir", out, *extra)


def run_of(d):
    with open(os.path.join(d, "findings.json")) as fh:
        return json.load(fh)["run"]


def main():
    t = ir.Tap()
    with ir.tmpdir() as tmp:
        single = os.path.join(tmp, "single")
        r = audit(single, *SEL, "--framework", FWS)
        t.ok(r.returncode in (0, 1), "single run with filters and --framework", [r.stderr])
        want = run_of(single)
        t.ok(want.get("selection", {}).get("severity") == "medium" and
             want.get("frameworks") == FWS.split(","),
             "findings.json records run.selection and run.frameworks (%s, %s)"
             % (want.get("selection"), want.get("frameworks")))
        shards = []
        for i in (1, 2):
            d = os.path.join(tmp, "shard-%d" % i)
            r = audit(d, *SEL, "--framework", FWS, "--shard", "%d/2" % i)
            # exit 3: shard 2/2 holds only the account whose role is denied
            t.ok(r.returncode in (0, 1, 3) and os.path.exists(os.path.join(d, "findings.json")),
                 "shard %d/2 ran (exit %d)" % (i, r.returncode), [r.stderr])
            shards.append(d)
        merged = os.path.join(tmp, "merged")
        r = irready("merge", "--format", "json", "--output-dir", merged, *shards)
        t.ok(r.returncode in (0, 1), "merge of the shards (exit %d)" % r.returncode,
             [r.stderr])
        got = run_of(merged)
        t.ok(got.get("selection") == want.get("selection"),
             "merged run.selection is the single run's", [got.get("selection")])
        t.ok(got.get("frameworks") == want.get("frameworks"),
             "merged run.frameworks is the single run's", [got.get("frameworks")])
        for fid in FWS.split(","):
            name = "compliance-%s.csv" % fid
            a = os.path.join(single, name)
            b = os.path.join(merged, name)
            same = os.path.exists(b) and open(a, "rb").read() == open(b, "rb").read()
            t.ok(same, "merged %s is byte-identical to the single run's" % name)
            t.ok("  compliance: %s/%s\n" % (merged, name) in r.stdout,
                 "the merge summary lists %s" % name, r.stdout.splitlines()[-6:])

        # shards of different selections or frameworks are refused
        other = os.path.join(tmp, "other-sel")
        # the same checks, selected by a differently written filter
        audit(other, "--severity", "medium", "--services", "cloudtrail,guardduty,iam,s3,ec2",
              "--exclude-checks", "iam_unused_roles,iam_unused_credentials",
              "--framework", FWS, "--shard", "2/2")
        nofw = os.path.join(tmp, "other-fw")
        audit(nofw, *SEL, "--framework", "cis-3.0", "--shard", "2/2")
        for d, what in [(other, "--exclude-checks"), (nofw, "--framework")]:
            r = irready("merge", "--output-dir", os.path.join(tmp, "refused"), shards[0], d)
            t.ok(r.returncode != 0 and "run.selection or run.frameworks differ" in r.stderr and
                 shards[0] in r.stderr and d in r.stderr,
                 "shards with a different %s are refused, naming both (exit %d)"
                 % (what, r.returncode), [r.stderr])
        # and a plain run (no filters) has neither key
        plain = os.path.join(tmp, "plain")
        audit(plain, "--shard", "1/2")
        t.ok("selection" not in run_of(plain) and "frameworks" not in run_of(plain),
             "without filters or --framework, run has neither key")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
