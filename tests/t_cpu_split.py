#!/usr/bin/python3
"""t_cpu_split.py -- IRREADY_CPU_SPLIT, make bench's view of where a replay's CPU goes.

With the variable set, `irready audit --replay` prints one line on stderr,
"cpu split: read R ms, parse P ms, evaluate E ms, report W ms, rest X ms of
T ms": every phase took CPU on a fixture that has XML and JSON answers,
checks and a report, and the parts with the rest make the total. Without
it there is no such line, and the findings are the same either way. (Live
runs ignore the variable: src/core/cli.c turns the timing on only with
--replay.) TAP output.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interchange_runs as ir  # noqa: E402

S = os.path.join(ir.ROOT, "fixtures", "org")
LINE = re.compile(r"^cpu split: read ([\d.]+) ms, parse ([\d.]+) ms, "
                  r"evaluate ([\d.]+) ms, report ([\d.]+) ms, "
                  r"rest (-?[\d.]+) ms of ([\d.]+) ms$", re.M)


def audit(out, split):
    with open(os.path.join(S, "scenario.json")) as fh:
        now = json.load(fh)["now"]
    env = dict(os.environ)
    env.pop("IRREADY_CPU_SPLIT", None)
    if split:
        env["IRREADY_CPU_SPLIT"] = "1"
    return subprocess.run([ir.BIN, "audit", "--replay", S, "--org", "--now", now,
                           "--format", "json", "--quiet", "--output-dir", out],
                          capture_output=True, text=True, cwd=ir.ROOT, env=env)


def findings(d):
    with open(os.path.join(d, "findings.json")) as fh:
        return json.dumps(json.load(fh)["findings"], sort_keys=True)


def main():
    t = ir.Tap()
    with ir.tmpdir() as tmp:
        a = audit(os.path.join(tmp, "split"), True)
        b = audit(os.path.join(tmp, "plain"), False)
        lines = LINE.findall(a.stderr)
        t.ok(a.returncode in (0, 1) and len(lines) == 1,
             "IRREADY_CPU_SPLIT: one cpu split line", [a.stderr[-2000:]])
        if lines:
            read, parse, ev, rep, rest, total = map(float, lines[0])
            parts = (read, parse, ev, rep)
            t.ok(min(parts) > 0 and rest >= 0,
                 "read, parse, evaluate and report each took CPU (%s)"
                 % ", ".join(lines[0]))
            t.ok(abs(sum(parts) + rest - total) <= 0.3,
                 "with the rest they make the total (%.1f + %.1f of %.1f)"
                 % (sum(parts), rest, total))
        t.ok(b.returncode in (0, 1) and "cpu split" not in b.stderr,
             "no split without IRREADY_CPU_SPLIT", [b.stderr[-2000:]])
        t.ok(findings(os.path.join(tmp, "split")) ==
             findings(os.path.join(tmp, "plain")),
             "the same findings with the split as without")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
