#!/usr/bin/python3
# t_retry.py -- retries as the SDKs do them, against tests/aws_endpoint.py
#
# An endpoint that answers HTTP 500 with an HTML page to every call of one
# operation (tests/fault_html.py) must cost that operation at most 3.5 s
# in total with default settings: the standard retry mode's 3 attempts, a
# non-AWS body retried once, full-jitter backoff. The ERROR findings say
# how many attempts were made, and so does the verbose log. Also: an
# explicit AWS_MAX_ATTEMPTS=1 (or the config file's max_attempts = 1) makes
# one attempt; an invalid AWS_RETRY_MODE, config-file max_attempts or
# --rate is a usage error (exit 2) naming the setting; --rate ec2=4 paces
# a region's EC2 calls at 4 per second after a burst of 4.
#
# TAP output. Run from the repository root with Debian's /usr/bin/python3
# (python3-botocore); O is the build directory (default "build").
import collections
import csv
import os
import subprocess
import sys
import tempfile
import time
import shutil

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import aws_endpoint as ae
    import fault_html
except ImportError as e:
    print("not ok 1 - import aws_endpoint (%s)" % e)
    print("1..1")
    sys.exit(1)

O = os.environ.get("O", "build")
IRREADY = os.path.join(O, "irready")
NOW = "2026-11-28T00:00:00Z"
SCENARIO = os.path.join("fixtures", "well-prepared")
DEAD = "config:DescribeConfigurationRecorders"
BOUND = 3.5
_n = 0
_failed = 0


def ok(cond, desc, diag=None):
    global _n, _failed
    _n += 1
    if not cond:
        _failed += 1
    print("%sok %d - %s" % ("" if cond else "not ", _n, desc))
    if not cond and diag:
        for line in str(diag).splitlines()[:40]:
            print("#   " + line)
    sys.stdout.flush()


def env(tmp, extra=None):
    e = {"PATH": "/usr/bin:/bin", "HOME": tmp, "LANG": "C.UTF-8", "TZ": "UTC",
         "AWS_ACCESS_KEY_ID": ae.DEFAULT_AKID,
         "AWS_SECRET_ACCESS_KEY": ae.DEFAULT_SECRET,
         "AWS_CONFIG_FILE": os.path.join(tmp, "nonexistent", "config"),
         "AWS_SHARED_CREDENTIALS_FILE": os.path.join(tmp, "nonexistent",
                                                    "credentials"),
         "AWS_EC2_METADATA_DISABLED": "true", "NO_COLOR": "1"}
    e.update(extra or {})
    return e


def run(tmp, name, extra_env=None, dead=(), args=()):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    log = os.path.join(d, "endpoint.jsonl")
    if dead:
        fault_html.answer_html_500(dead)
    port, stop, _ = ae.start(SCENARIO, log=log, quiet=True)
    t0 = time.monotonic()
    try:
        p = subprocess.run([IRREADY, "audit", "--endpoint-url",
                            "http://127.0.0.1:%d" % port, "--region",
                            "us-east-1", "--now", NOW, "--output-dir",
                            os.path.join(d, "out"), "--format", "csv",
                            "--quiet"] + list(args),
                           capture_output=True, text=True,
                           env=env(d, extra_env), timeout=600)
    finally:
        stop()
        fault_html.restore()
    r = {"rc": p.returncode, "stderr": p.stderr,
         "seconds": time.monotonic() - t0, "log": ae.read_log(log)}
    path = os.path.join(d, "out", "findings.csv")
    r["rows"] = list(csv.DictReader(open(path, encoding="utf-8"))) \
        if os.path.exists(path) else []
    return r


def calls_of(log, action):
    """(first t, last t, attempts) per distinct call of 'action'."""
    svc, act = action.split(":")
    calls = {}
    for x in log:
        if x["service"] == svc and x["action"] == act:
            k = (x["account"], x["region"], x["resource"], x["token"])
            calls.setdefault(k, []).append(x["t"])
    return {k: (min(v), max(v), len(v)) for k, v in calls.items()}


def main():
    if not os.access(IRREADY, os.X_OK):
        ok(False, "irready binary %s (build it first: make)" % IRREADY)
        print("1..%d" % _n)
        return 1
    tmp = tempfile.mkdtemp(prefix="irready-retry-")
    try:
        clean = run(tmp, "clean")
        dead = run(tmp, "dead", dead=[DEAD])
        calls = calls_of(dead["log"], DEAD)
        cost = sum(last - first for first, last, _ in calls.values())
        attempts = [n for _, _, n in calls.values()]
        html = sum(1 for x in dead["log"] if x["fault"] == "html-500")
        ok(dead["rc"] in (0, 1) and calls and html == sum(attempts),
           "500 (HTML) to every %s: the audit completes (exit %s, %d calls,"
           " %d answered 500)" % (DEAD, dead["rc"], len(calls), html),
           dead["stderr"][-2000:])
        ok(calls and cost <= BOUND,
           "the dead operation costs %.2f s in total (<= %.1f s) with "
           "default settings; the audit took %.1f s (clean run %.1f s)"
           % (cost, BOUND, dead["seconds"], clean["seconds"]))
        ok(attempts and all(n == 2 for n in attempts),
           "a non-AWS 5xx body is retried once: attempts per call %s"
           % attempts)
        errs = [x for x in dead["rows"]
                if x["check_id"] == "config_recorder_all_regions"]
        ok(errs and all(x["status"] == "ERROR" and
                        "after 2 attempts" in x["message"] and
                        DEAD in x["message"] for x in errs),
           "the ERROR findings name %s and say 'after 2 attempts'" % DEAD,
           [x["message"] for x in errs[:3]])
        def counts(log):
            return collections.Counter(
                (x["service"], x["action"], x["region"],
                 x["resource"] or "", x["token"] or "") for x in log
                if "%s:%s" % (x["service"], x["action"]) != DEAD)
        other, base = counts(dead["log"]), counts(clean["log"])
        more = [k for k, n in other.items() if n > base.get(k, 0)]
        ok(other and not more,
           "no other call made more often than in the clean run (%d calls; "
           "%d there)" % (sum(other.values()), sum(base.values())), more[:10])

        one = run(tmp, "one", {"AWS_MAX_ATTEMPTS": "1"}, dead=[DEAD])
        n1 = [n for _, _, n in calls_of(one["log"], DEAD).values()]
        ok(n1 and all(n == 1 for n in n1),
           "AWS_MAX_ATTEMPTS=1: one attempt per call %s" % n1)

        verbose = run(tmp, "verbose", {"AWS_RETRY_MODE": "legacy"},
                      dead=[DEAD], args=["--verbose"])
        ok("retry 1 of %s" % DEAD in verbose["stderr"] and
           "after 2 attempts" in verbose["stderr"] and
           "mode legacy" in verbose["stderr"],
           "the verbose log shows the retry, the attempts and the mode",
           "\n".join(l for l in verbose["stderr"].splitlines()
                     if "ttempt" in l or "retr" in l)[:2000])

        bad = run(tmp, "bad-mode", {"AWS_RETRY_MODE": "turbo"})
        ok(bad["rc"] == 2 and "AWS_RETRY_MODE" in bad["stderr"] and
           "turbo" in bad["stderr"] and not bad["log"],
           "AWS_RETRY_MODE=turbo: exit %s before any call, naming it"
           % bad["rc"], bad["stderr"])

        badrate = run(tmp, "bad-rate", args=["--rate", "kms=fast"])
        ok(badrate["rc"] == 2 and "--rate" in badrate["stderr"] and
           "kms=fast" in badrate["stderr"] and not badrate["log"],
           "--rate kms=fast: exit %s before any call, naming it"
           % badrate["rc"], badrate["stderr"])
        slow = run(tmp, "rate", args=["--rate", "ec2=4"])
        ts = sorted(x["t"] for x in slow["log"]
                    if x["service"] == "ec2" and x["region"] == "us-east-1")
        need = (len(ts) - 4) / 4.0  # beyond the burst of 4, 4 per second
        span = ts[-1] - ts[0] if ts else 0
        ok(slow["rc"] in (0, 1) and len(ts) > 8 and span >= 0.9 * need,
           "--rate ec2=4: %d EC2 calls in us-east-1 took %.2f s (>= %.2f s "
           "at 4/s after a burst of 4)" % (len(ts), span, need),
           slow["stderr"][-1000:])

        cfgdir = os.path.join(tmp, "cfg")
        os.makedirs(cfgdir)
        cfg = os.path.join(cfgdir, "config")
        with open(cfg, "w") as f:
            f.write("[default]\nmax_attempts = 0\n")
        badcfg = run(tmp, "bad-config", {"AWS_CONFIG_FILE": cfg})
        ok(badcfg["rc"] == 2 and "max_attempts (config file)" in
           badcfg["stderr"],
           "config file max_attempts = 0: exit %s naming it" % badcfg["rc"],
           badcfg["stderr"])
        with open(cfg, "w") as f:
            f.write("[default]\nmax_attempts = 1\n")
        cfg1 = run(tmp, "config-1", {"AWS_CONFIG_FILE": cfg}, dead=[DEAD])
        n1 = [n for _, _, n in calls_of(cfg1["log"], DEAD).values()]
        ok(n1 and all(n == 1 for n in n1),
           "config file max_attempts = 1: one attempt per call %s" % n1,
           cfg1["stderr"][-1000:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % _n)
    return 1 if _failed else 0


if __name__ == "__main__":
    sys.exit(main())
