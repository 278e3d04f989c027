#!/usr/bin/python3
"""t_hostile.py -- nothing AWS (or a recording) sends is trusted unchecked

Runs every case of tests/hostile/gen.py (a recording with one hostile
response) and asserts its exit code, the status of its check's rows and
what the terminal output must and must not hold; then the file-system
cases (evidence verify over symlink loops and a FIFO, a policy extending a
FIFO) and the endpoint-URL cases. Each run has a timeout: a hang is a
failure, not a stuck `make check`. TAP output. Env O: the build directory.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.dom.minidom

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "hostile"))
import gen  # noqa: E402

O = os.environ.get("O", "build")
IRREADY = os.path.abspath(os.path.join(O, "irready"))
NOW = "2026-11-28T00:00:00Z"

n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond:
        failed += 1
        if diag:
            for line in str(diag).splitlines()[:20]:
                print("#   " + line)
    return cond


def run(args, timeout=30, env=None, cwd=None):
    e = dict(os.environ)
    for k in list(e):
        if k.startswith("AWS_"):
            del e[k]
    e["NO_COLOR"] = "1"
    if env:
        e.update(env)
    try:
        p = subprocess.run([IRREADY] + args, capture_output=True,
                           timeout=timeout, env=e, cwd=cwd)
        return p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired as x:
        return "timeout", (x.stdout or b"") + (x.stderr or b"")


def rows(outdir):
    p = os.path.join(outdir, "findings.csv")
    if not os.path.exists(p):
        return []
    with open(p, encoding="utf-8", errors="replace", newline="") as f:
        return list(csv.DictReader(f))


def outputs_valid(outdir):
    """findings.json/.csv strict UTF-8, junit.xml well-formed XML 1.0."""
    problems = []
    for name in ("findings.json", "findings.csv", "junit.xml"):
        p = os.path.join(outdir, name)
        if not os.path.exists(p):
            continue
        data = open(p, "rb").read()
        try:
            text = data.decode("utf-8", errors="strict")
        except UnicodeDecodeError as x:
            problems.append("%s: %s" % (name, x))
            continue
        try:
            if name.endswith(".json"):
                json.loads(text)
            elif name.endswith(".xml"):
                xml.dom.minidom.parseString(data)
        except Exception as x:  # noqa: BLE001 -- any parse failure
            problems.append("%s: %s" % (name, x))
    return problems


def audit_cases(tmp):
    for name in sorted(gen.CASES):
        _, args, want_exit, statuses, must, must_not = gen.CASES[name]
        rec = gen.make(tmp, name)
        out = os.path.join(tmp, name, "out")
        rc, text = run(["audit", "--replay", rec, "--now", NOW,
                        "--format", "csv,json,junit", "--output-dir", out]
                       + args)
        s = term = text.decode("utf-8", errors="replace")
        # what a reader sees: the terminal and the rows' messages
        s += "\n".join(r["message"] for r in rows(out))
        if want_exit is None:
            ok(rc in (0, 3), "%s: exits 0 or 3, not 1 (got %s)" % (name, rc),
               s)
        else:
            ok(rc == want_exit, "%s: exits %s (got %s)" % (name, want_exit,
                                                         rc), s)
        got = {}
        for r in rows(out):
            got.setdefault(r["check_id"], set()).add(r["status"])
        for check, status in sorted(statuses.items()):
            want = set(status) if isinstance(status, tuple) else {status}
            ok(got.get(check) == want,
               "%s: %s rows are %s" % (name, check, "/".join(sorted(want))),
               "got %s\n%s" % (got.get(check), s))
        for m in must:
            ok(m in s, "%s: output says %r" % (name, m), s)
        for m in must_not:
            ok(m not in term, "%s: the terminal shows no %r" % (name, m),
               repr(term[-600:]))
        ok(b"\x1b" not in text, "%s: no raw ESC reaches the terminal" % name)
        problems = outputs_valid(out)
        ok(not problems, "%s: outputs are valid UTF-8/JSON/XML" % name,
           "\n".join(problems))
        # nothing was written or read outside the recording and output
        stray = [p for p in os.listdir(os.path.join(tmp, name))
                 if p not in ("rec", "out", "outside.http")]
        ok(not stray, "%s: nothing written beside the recording" % name,
           stray)


def evidence_cases(tmp):
    rec = os.path.join(tmp, "evidence", "rec")
    rc, text = run(["audit", "--replay", "fixtures/neglected", "--now", NOW,
                    "--checks", "vpc_flow_logs_enabled", "--record", rec,
                    "--output-dir", os.path.join(tmp, "evidence", "out")])
    ok(os.path.exists(os.path.join(rec, "manifest.json")),
       "evidence: the recording has a manifest", text)
    rc, text = run(["evidence", "verify", rec], timeout=30)
    ok(rc == 0, "evidence: a fresh recording verifies (exit %s)" % rc, text)
    os.symlink(".", os.path.join(rec, "l"))
    os.symlink(".", os.path.join(rec, "444455556666", "l2"))
    os.symlink("/", os.path.join(rec, "root"))
    os.mkfifo(os.path.join(rec, "fifo"))
    open(os.path.join(rec, "x\x1b[2Jy"), "w").close()
    os.makedirs(os.path.join(rec, *["d"] * 12))
    rc, text = run(["evidence", "verify", rec], timeout=20)
    s = text.decode("utf-8", errors="replace")
    ok(rc not in (0, "timeout"),
       "evidence: symlink loops, a link to / and a FIFO finish and fail "
       "(exit %s)" % rc, s[:2000])
    for what in ("l (a symbolic link)", "444455556666/l2 (a symbolic link)",
                 "root (a symbolic link)", "fifo (not a regular file)"):
        ok(what in s, "evidence: reports %s" % what, s[:2000])
    ok("EXTRA   x\\x1b[2Jy" in s and b"\x1b" not in text,
       "evidence: a file name's ESC is shown as \\x1b", s[:2000])
    ok("d/d/d/d/d/d/d/d/d (deeper than the depth cap)" in s,
       "evidence: the walk stops at the depth cap", s[:2000])
    ok(s.count("\n") < 20, "evidence: no walk through the loops", s[:2000])


def policy_cases(tmp):
    d = os.path.join(tmp, "policy")
    os.makedirs(d)
    fifo = os.path.join(d, "parent.json")
    os.mkfifo(fifo)
    child = os.path.join(d, "child.json")
    with open(child, "w") as f:
        json.dump({"name": "child", "extends": fifo}, f)
    rc, text = run(["policy", "validate", child], timeout=10)
    s = text.decode("utf-8", errors="replace")
    ok(rc == 2, "policy: extends naming a FIFO is a policy error, no hang "
       "(exit %s)" % rc, s)
    ok("not a regular file" in s, "policy: says the FIFO is not a file", s)
    rc, text = run(["audit", "--replay", "fixtures/neglected", "--policy",
                    child, "--output-dir", os.path.join(d, "out")],
                   timeout=10)
    ok(rc == 2, "policy: audit with that policy exits 2 (exit %s)" % rc,
       text)


LIVE_ENV = {"AWS_ACCESS_KEY_ID": "AKIAIRREADYHOSTILE01",
            "AWS_SECRET_ACCESS_KEY": "hostile/secret", "AWS_REGION":
            "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
            "HOME": "/nonexistent"}


def url_cases(tmp):
    out = os.path.join(tmp, "url-out")
    base = ["audit", "--checks", "vpc_flow_logs_enabled", "--output-dir",
            out]
    # refused by the parsed URL, before any request: exit 2 at once
    for url, why in (("http://127.0.0.1@example.invalid/", "user info"),
                     ("http://127.0.0.1.example.invalid/", "not loopback"),
                     ("https://user:pw@example.invalid/", "user info"),
                     ("http://example.invalid/", "not loopback"),
                     ("ftp://127.0.0.1/", "not http(s)")):
        rc, text = run(base + ["--endpoint-url", url], timeout=10,
                       env=LIVE_ENV)
        ok(rc == 2, "url: --endpoint-url %s refused (%s), exit 2 (got %s)"
           % (url, why, rc), text)
        rc, text = run(base, timeout=10,
                       env=dict(LIVE_ENV, AWS_ENDPOINT_URL_EC2=url))
        ok(rc == 2, "url: AWS_ENDPOINT_URL_EC2=%s refused, exit 2 (got %s)"
           % (url, rc), text)
    # --allow-insecure-http lifts the loopback rule, never the user-info one
    rc, text = run(base + ["--allow-insecure-http", "--endpoint-url",
                           "http://127.0.0.1@example.invalid/"], timeout=10,
                   env=LIVE_ENV)
    ok(rc == 2, "url: user info refused even with --allow-insecure-http "
       "(got %s)" % rc, text)
    # container credentials: the token never goes to a user-info URL
    env = dict(LIVE_ENV, AWS_CONTAINER_CREDENTIALS_FULL_URI=
               "http://127.0.0.1@example.invalid/creds")
    del env["AWS_ACCESS_KEY_ID"]
    del env["AWS_SECRET_ACCESS_KEY"]
    rc, text = run(base, timeout=10, env=env)
    ok(rc in (2, 3) and b"user information" in text,
       "url: AWS_CONTAINER_CREDENTIALS_FULL_URI with user info refused "
       "(exit %s)" % rc, text)


def region_option_cases(tmp):
    """A region the user typed is checked like one AWS sent: exit 2."""
    out = os.path.join(tmp, "region-opt")
    for args, env in ((["--region", "../x"], None),
                      (["--regions", "us-east-1,attacker.invalid/x?"], None),
                      ([], {"AWS_REGION": "../../r1"})):
        rc, text = run(["audit", "--replay", "fixtures/neglected",
                        "--output-dir", out] + args, env=env, timeout=20)
        ok(rc == 2 and b"is not an AWS region" in text,
           "region option %s %s: usage error (exit %s)" % (args, env or "",
                                                          rc), text)


def run_set_cases(tmp):
    """Outputs land as a set; run.json, written last, names them."""
    out = os.path.join(tmp, "runset")
    args = ["audit", "--replay", "fixtures/neglected", "--now", NOW,
            "--checks", "vpc_flow_logs_enabled", "--output-dir", out]
    rc, text = run(args + ["--format", "csv,json,junit,html"])
    try:
        rj = json.load(open(os.path.join(out, "run.json")))
    except (OSError, ValueError) as x:
        rj = {"error": str(x)}
    names = sorted(f.get("name") for f in rj.get("files", []))
    ok(names == ["findings.csv", "findings.json", "junit.xml",
                 "report.html"], "runset: run.json lists the run's files",
       rj)
    ok(all(os.path.getsize(os.path.join(out, f["name"])) == f["bytes"]
           for f in rj.get("files", [])), "runset: with their sizes", rj)
    ok(not [p for p in os.listdir(out) if p.startswith(".")],
       "runset: no staging or temporary file is left", os.listdir(out))
    first_id = rj.get("run_id")
    # a run that cannot put its set in place leaves no run.json behind
    os.unlink(os.path.join(out, "findings.json"))
    os.mkdir(os.path.join(out, "findings.json"))
    open(os.path.join(out, "findings.json", "x"), "w").close()
    rc, text = run(args + ["--format", "csv,json"])
    ok(rc == 3, "runset: a set that cannot be placed exits 3 (got %s)" % rc,
       text)
    ok(not os.path.exists(os.path.join(out, "run.json")),
       "runset: and the directory no longer claims a complete run")
    ok(not [p for p in os.listdir(out) if p.startswith(".")],
       "runset: staging is cleaned up", os.listdir(out))
    shutil.rmtree(os.path.join(out, "findings.json"))
    rc, text = run(args + ["--format", "csv"])
    try:
        rj = json.load(open(os.path.join(out, "run.json")))
    except (OSError, ValueError) as x:
        rj = {"error": str(x)}
    ok(rj.get("run_id") != first_id and
       [f.get("name") for f in rj.get("files", [])] == ["findings.csv"],
       "runset: a csv-only run's run.json lists findings.csv only", rj)


def record_cases(tmp):
    """A recording that ends early still gets a manifest, marked partial."""
    d = gen.make(tmp, "account-traversal")
    rec = os.path.join(tmp, "partial-rec")
    rc, text = run(["audit", "--replay", d, "--record", rec, "--output-dir",
                    os.path.join(tmp, "partial-out")])
    ok(rc == 3, "record: the run cannot assess (exit %s)" % rc, text)
    try:
        man = json.load(open(os.path.join(rec, "manifest.json")))
    except (OSError, ValueError) as x:
        man = {"error": str(x)}
    ok(man.get("partial") is True and man.get("files"),
       "record: manifest.json written, partial, with the recorded files",
       man)
    ok(not [p for r, _, fs in os.walk(rec) for p in fs if ".tmp" in p],
       "record: no temporary file left")
    rc, text = run(["evidence", "verify", rec])
    ok(rc == 0, "record: the partial recording verifies (exit %s)" % rc,
       text)


def diff_cases(tmp):
    """diff.json stays valid UTF-8 whatever findings.json held."""
    d = os.path.join(tmp, "diff")
    os.makedirs(d)
    out = os.path.join(tmp, "hostile-names", "out")
    old = open(os.path.join(out, "findings.json"), "rb").read()
    # an older irready (or a hand edit) left raw invalid bytes and an ESC
    bad = old.replace(b"log group ", b"log \xff\xfe\x1b[2J group ", 1)
    ok(bad != old, "diff: the old findings.json was made hostile")
    with open(os.path.join(d, "old.json"), "wb") as f:
        f.write(bad)
    rc, text = run(["diff", "--output-dir", d, os.path.join(d, "old.json"),
                    os.path.join(out, "findings.json")])
    ok(rc in (0, 1), "diff: runs (exit %s)" % rc, text)
    ok(b"\x1b" not in text, "diff: no raw ESC on the terminal")
    for name in ("diff.json", "diff.csv"):
        p = os.path.join(d, name)
        try:
            t = open(p, "rb").read().decode("utf-8", errors="strict")
            if name.endswith(".json"):
                json.loads(t)
            good = True
        except (OSError, ValueError) as x:
            good, t = False, str(x)
        ok(good, "diff: %s is valid UTF-8%s" % (
            name, " JSON" if name.endswith(".json") else ""), t[:300])


def merge_cases(tmp):
    """A shard whose score lists a check without check_id: a clear error
    (report/merge.c once passed NULL to %s)."""
    d = os.path.join(tmp, "merge")
    rc, text = run(["audit", "--replay", "fixtures/neglected", "--now", NOW,
                    "--checks", "vpc_flow_logs_enabled", "--format", "json",
                    "--shard", "1/1", "--output-dir", os.path.join(d, "a")])
    p = os.path.join(d, "a", "findings.json")
    j = json.load(open(p))
    j["score"]["checks"][0].pop("check_id", None)
    json.dump(j, open(p, "w"))
    rc, text = run(["merge", "--output-dir", os.path.join(d, "o"),
                    os.path.join(d, "a")])
    ok(rc == 3 and b"unknown check '(none)'" in text,
       "merge: a check without check_id is named '(none)' (exit %s)" % rc,
       text)


def seed_cases(tmp):
    """The committed fuzz seeds are what gen.py writes today."""
    d = os.path.join(tmp, "seeds")
    gen.seeds(d)
    committed = os.path.join(HERE, "hostile", "seeds")
    diffs = []
    for root, _, files in os.walk(d):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), d)
            c = os.path.join(committed, rel)
            if not os.path.exists(c) or open(c, "rb").read() != \
                    open(os.path.join(root, f), "rb").read():
                diffs.append(rel)
    ok(not diffs, "seeds: tests/hostile/seeds is up to date (run "
       "python3 tests/hostile/gen.py --seeds tests/hostile/seeds)", diffs)


def main():
    if not os.path.exists(IRREADY):
        print("1..0 # SKIP %s not built" % IRREADY)
        return 0
    tmp = tempfile.mkdtemp(prefix="irready-hostile-")
    try:
        audit_cases(tmp)
        evidence_cases(tmp)
        policy_cases(tmp)
        url_cases(tmp)
        region_option_cases(tmp)
        run_set_cases(tmp)
        record_cases(tmp)
        diff_cases(tmp)
        merge_cases(tmp)
        seed_cases(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
