"""interchange_runs.py -- run irready over every fixture scenario once.

Shared by the format tests (t_ocsf.py, t_sarif.py, t_asff.py): for each
fixtures/<scenario>/ (with scenario.json) it runs

    $O/irready audit --replay fixtures/<s> --now <scenario now> [--org]
                     --format F --output-dir TMP/<s>

(--org when scenario.json lists more than one account), plus one run of
the neglected scenario with a policy that waives findings, so WAIVED is
covered too. Yields (label, output dir, exit code, stderr).
"""
import json
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, os.environ.get("O", "build"), "irready")

WAIVER_POLICY = {
    "name": "format-tests",
    "extends": "readiness",
    "waivers": [
        {"check": "vpc_*", "reason": "lab VPCs, torn down weekly",
         "owner": "alice@example.com", "ticket": "SEC-1",
         "expires": "2027-12-31"},
        {"check": "kms_cmk_rotation", "reason": "keys rotate in the HSM",
         "owner": "bob@example.com", "expires": "2027-12-31"},
    ],
}


def scenarios():
    fx = os.path.join(ROOT, "fixtures")
    for name in sorted(os.listdir(fx)):
        path = os.path.join(fx, name, "scenario.json")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as fh:
                yield name, json.load(fh)


def runs(fmt, tmp):
    """Yield (label, outdir, rc, stderr) for every scenario and the waiver run."""
    pol = os.path.join(tmp, "waivers.json")
    with open(pol, "w", encoding="utf-8") as fh:
        json.dump(WAIVER_POLICY, fh)
    todo = []
    for name, sc in scenarios():
        args = ["--replay", os.path.join(ROOT, "fixtures", name),
                "--now", sc["now"]]
        if len(sc.get("accounts", [])) > 1:
            args.append("--org")
        todo.append((name, args))
        if name == "neglected":
            todo.append(("neglected+waivers", args + ["--policy", pol]))
    for label, args in todo:
        out = os.path.join(tmp, label)
        p = subprocess.run([BIN, "audit"] + args + ["--format", fmt,
                                                   "--output-dir", out],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, cwd=ROOT)
        yield label, out, p.returncode, p.stderr


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=()):
        self.n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, name))
        if not cond:
            self.failed += 1
            for line in list(diag)[:20]:
                print("#   %s" % line)
        return cond

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def tmpdir():
    return tempfile.TemporaryDirectory(prefix="irready-fmt.")
