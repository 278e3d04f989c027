#!/usr/bin/python3
"""t_record.py -- --record writes a replayable, secret-free recording

A live audit over the local endpoint (tests/aws_endpoint.py) with session
credentials is recorded with --record; then:
  - replaying the recording gives the live run's findings.csv, byte for byte
  - manifest.json lists every file with its SHA-256 and size, the caller
    identity, regions and times, and the hashes verify
  - no access key id, secret key, session token, Authorization header or
    signature appears anywhere in the recording
TAP output. Env O: the build directory (default build).
"""
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__))))
import aws_endpoint as ae  # noqa: E402

O = os.environ.get("O", "build")
IRREADY = os.path.join(O, "irready")
NOW = "2026-11-28T00:00:00Z"
SCENARIO = "fixtures/well-prepared"
AKID = "ASIAIRREADYRECORD001"
SECRET = "irready/record+test/secret-key-0123456789"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLEirreadySessionToken+/=="
ACCOUNT = "111122223333"

n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond:
        failed += 1
        for line in (diag or "").splitlines()[:20]:
            print("#   " + line)
    sys.stdout.flush()


def env(tmp):
    return {"PATH": "/usr/bin:/bin", "HOME": tmp, "LANG": "C.UTF-8",
            "TZ": "UTC", "AWS_ACCESS_KEY_ID": AKID,
            "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": TOKEN,
            "AWS_CONFIG_FILE": os.path.join(tmp, "none", "config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(tmp, "none", "creds"),
            "AWS_EC2_METADATA_DISABLED": "true", "NO_COLOR": "1"}


def main():
    if not os.access(IRREADY, os.X_OK):
        print("not ok 1 - %s is built (make binaries)" % IRREADY)
        print("1..1")
        return 1
    tmp = tempfile.mkdtemp(prefix="irready-record-")
    port, stop, log = ae.start(SCENARIO,
                               keys=["%s:%s:%s:%s" % (AKID, SECRET, ACCOUNT,
                                                      TOKEN)],
                               log=os.path.join(tmp, "endpoint.log"))
    rec = os.path.join(tmp, "recording")
    live = os.path.join(tmp, "live")
    try:
        p = subprocess.run([IRREADY, "audit", "--endpoint-url",
                            "http://127.0.0.1:%d" % port, "--region",
                            "us-east-1", "--now", NOW, "--record", rec,
                            "--output-dir", live, "--format", "csv,json",
                            "--quiet"], env=env(tmp), capture_output=True,
                           text=True, timeout=300)
    finally:
        stop()
    ok(p.returncode in (0, 1), "live run with --record completes (exit %d)"
       % p.returncode, p.stderr)
    entries = ae.read_log(log)
    ok(entries and all(e.get("signature_ok") for e in entries),
       "every request of the live run was signed correctly (%d)"
       % len(entries))

    # the recording replays to the same findings
    replay = os.path.join(tmp, "replay")
    q = subprocess.run([IRREADY, "audit", "--replay", rec, "--output-dir",
                        replay, "--format", "csv,json", "--quiet"],
                       capture_output=True, text=True, timeout=300)
    ok(q.returncode == p.returncode,
       "replaying the recording exits as the live run did (%d)"
       % q.returncode, q.stderr)
    a = open(os.path.join(live, "findings.csv"), "rb").read()
    b = open(os.path.join(replay, "findings.csv"), "rb").read()
    ok(a == b, "replay of the recording gives the live run's findings.csv "
       "(%d rows)" % (a.count(b"\n") - 1))
    with open(os.path.join(replay, "findings.json")) as f:
        j = json.load(f)
    ok(j["run"]["evaluated_at"] == NOW,
       "the replay evaluates as of the recording's time by default")

    # manifest
    with open(os.path.join(rec, "manifest.json")) as f:
        man = json.load(f)
    ok(man.get("schema") == "irready.manifest/1", "manifest schema")
    files = {x["path"]: x for x in man.get("files", [])}
    on_disk = set()
    for root, _, names in os.walk(rec):
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), rec)
            if rel != "manifest.json":
                on_disk.add(rel)
    ok(set(files) == on_disk, "the manifest lists exactly the recorded "
       "files (%d)" % len(files), "missing: %s\nextra: %s" % (
           sorted(on_disk - set(files))[:5], sorted(set(files) - on_disk)[:5]))
    bad = []
    for rel, x in files.items():
        data = open(os.path.join(rec, rel), "rb").read()
        if hashlib.sha256(data).hexdigest() != x["sha256"] or \
                len(data) != x["bytes"]:
            bad.append(rel)
    ok(not bad, "every file's SHA-256 and size match the manifest", str(bad))
    accts = man.get("accounts", [])
    ok(accts and accts[0].get("account_id") == ACCOUNT and
       "arn:aws:" in (accts[0].get("caller_arn") or ""),
       "the manifest names the caller identity")
    ok(man.get("regions") and man.get("started") and man.get("finished"),
       "the manifest has regions and start/finish times")
    ok(os.path.exists(os.path.join(rec, "scenario.json")),
       "scenario.json makes the recording a replay directory")

    # irready evidence verify
    v = subprocess.run([IRREADY, "evidence", "verify", rec],
                       capture_output=True, text=True)
    ok(v.returncode == 0 and "0 problems" in v.stdout,
       "irready evidence verify passes on the recording", v.stdout + v.stderr)
    victim = sorted(files)[0]
    with open(os.path.join(rec, victim), "ab") as f:
        f.write(b" ")
    with open(os.path.join(rec, "extra.http"), "w") as f:
        f.write("HTTP/1.1 200 OK\n\n")
    v = subprocess.run([IRREADY, "evidence", "verify", rec],
                       capture_output=True, text=True)
    ok(v.returncode == 1 and ("CHANGED " + victim) in v.stdout and
       "EXTRA   extra.http" in v.stdout,
       "a changed and an unlisted file fail verification", v.stdout)
    os.unlink(os.path.join(rec, "extra.http"))

    # nothing secret anywhere
    leaks = []
    needles = [AKID.encode(), SECRET.encode(), TOKEN.encode(),
               b"Authorization:", b"AWS4-HMAC-SHA256", b"X-Amz-Signature",
               b"x-amz-security-token"]
    for rel in on_disk | {"manifest.json"}:
        data = open(os.path.join(rec, rel), "rb").read()
        for s in needles:
            if s in data:
                leaks.append("%s: %s" % (rel, s.decode()))
    ok(not leaks, "no credential, token, signature or auth header in the "
       "recording", "\n".join(leaks[:10]))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
