#!/usr/bin/python3
# mutate.py -- plant known bugs one at a time; the tests must catch each
# (`make mutate`, not part of `make check`)
#
# The working tree is copied (git ls-files: tracked and untracked, not
# ignored) into a scratch directory under $TMPDIR; the real tree is never
# written. The scratch copy is built once and its relevant tests are run
# unmutated (the baseline: a test that fails there cannot catch anything
# and is reported). Then, for each mutation below: plant it (a literal
# replacement in one file), rebuild incrementally, run the mutation's
# tests, restore the file. A mutation is CAUGHT when at least one of its
# tests fails, SURVIVED when all pass, and ABSENT when its code is not in
# this tree (a feature another branch is adding, or code that moved): the
# pattern is reported so the list can follow the code.
#
# Output: one line per mutation, then "N caught, N survived, N absent".
# Exit 0 only when every mutation was caught.
#
# Environment: MUTATE_ONLY="name1 name2" runs a subset; MUTATE_KEEP=1
# keeps the scratch tree; PYTHON (default /usr/bin/python3).
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")
UNIT = "build/tests/test_*"       # every unit binary (seconds)
DECIDE = "build/tests/test_decide_*"  # decision tables (issue 17)
FUZZ = "build/tests/fuzz/replay_*"  # reproducers and seeds
GOLDEN = "sh tests/t_golden.sh"
LIVE = PYTHON + " tests/t_integration.py"
HOSTILE = PYTHON + " tests/t_hostile.py"

# name, layer, file, old, new, tests (shell commands or globs of binaries)
MUTATIONS = [
    ("flow-log-status", "check decision", "checks/vpc_flow_logs_enabled.c",
     '\t\t\tif (f->status && strcmp(f->status, "ACTIVE"))\n'
     '\t\t\t\tcontinue;\n',
     "",
     [DECIDE, UNIT, GOLDEN]),
    ("sign-content-sha256", "signer", "src/aws/aws_https.c",
     '\t\tsh[n++] = (struct sigv4_header){ "x-amz-content-sha256",\n'
     '\t\t\t\t\t\t payload };\n',
     '\t\t(void)payload; /* mutation: x-amz-content-sha256 unsigned */\n',
     [UNIT, PYTHON + " tests/t_record.py", LIVE]),
    ("score-weight", "scoring weight", "src/core/findings.c",
     "sev_weights[SEV__COUNT] = { 10, 5, 3, 1, 0 };",
     "sev_weights[SEV__COUNT] = { 10, 5, 1, 1, 0 };",
     [UNIT, GOLDEN]),
    ("csv-guard-account-name", "CSV guard, findings.csv account_name",
     "report/csv.c",
     '\t\tcsv_cell(out, x->account_name ? x->account_name : "", 0);\n',
     '\t\tfprintf(out, ",\\"%s\\"",\n'
     '\t\t\tx->account_name ? x->account_name : "");\n',
     [UNIT, GOLDEN, PYTHON + " tests/t_csv_safety.py"]),
    ("csv-guard-diff", "CSV guard, diff.csv", "report/diff.c",
     "\t\tcsv_cell(out, r->resource_id, 0);\n",
     '\t\tfprintf(out, ",\\"%s\\"", r->resource_id ? r->resource_id : "");\n',
     [UNIT, GOLDEN, PYTHON + " tests/t_csv_safety.py"]),
    ("csv-guard-shared", "CSV guard, shared (csv_neutralise)",
     "report/escape.c",
     "\tif (*fixed == '=' || *fixed == '+' || *fixed == '-' || "
     "*fixed == '@' ||\n"
     "\t    *fixed == '\\t' || *fixed == '\\r') {\n",
     "\tif (0) {\n",
     [UNIT, GOLDEN, PYTHON + " tests/t_csv_safety.py"]),
    ("never-retry", "retry loop", "src/aws/aws_https.c",
     "\t\tif (!retry) {\n",
     "\t\tif (1 || !retry) {\n",
     [UNIT, LIVE]),
    ("waiver-never-expires", "waiver expiry", "src/core/policy_waivers.c",
     "\treturn now >= w->expires + 86400;\n",
     "\treturn 0 && now >= w->expires + 86400;\n",
     [UNIT, GOLDEN]),
    # the pager's list-member check (inv_pager.c list_members), which runs
    # before any collector sees a page: caught by t_hostile's
    # json-list-shape / xml-list-shape cases
    ("decoder-shape", "decoder shape check (JSON)",
     "src/inventory/inv_pager.c",
     "\t} else if (list &&\n"
     "\t\t   !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, list))) {\n",
     "\t} else if (0 &&\n"
     "\t\t   !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, list))) {\n",
     [UNIT, FUZZ, GOLDEN, HOSTILE]),
    ("decoder-shape-xml", "decoder shape check (XML)",
     "src/inventory/inv_pager.c",
     "\t} else if (list && !axml_child(result, list)) {\n",
     "\t} else if (0 && list && !axml_child(result, list)) {\n",
     [UNIT, FUZZ, GOLDEN, HOSTILE]),
    ("replay-path", "replay path validation", "src/aws/aws_replay.c",
     "\t\tout[i] = (isalnum(c) || c == '_' || c == '.' || c == '-')\n",
     "\t\tout[i] = (isalnum(c) || c == '_' || c == '.' || c == '-' ||\n"
     "\t\t\t  c == '/')\n",
     [UNIT, FUZZ, GOLDEN, "sh tests/t_fixture_coverage.sh"]),
]


def sh(cmd, cwd, log, timeout=1800):
    """Run 'cmd' in 'cwd'; output to 'log'. Returns the exit status."""
    env = dict(os.environ)
    env.pop("UPDATE", None)
    env.pop("CI", None)
    with open(log, "w") as f:
        try:
            return subprocess.run(cmd, shell=True, cwd=cwd, stdout=f,
                                  stderr=subprocess.STDOUT, env=env,
                                  timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            f.write("\nmutate: timeout after %d s\n" % timeout)
            return 124


def expand(tests, cwd):
    """Shell commands; a glob of binaries becomes one command each."""
    out = []
    for t in tests:
        if t.startswith("build/"):
            out += sorted(os.path.relpath(p, cwd)
                          for p in glob.glob(os.path.join(cwd, t))
                          if os.access(p, os.X_OK))
        else:
            out.append(t)
    # DECIDE is inside UNIT: run (and name) each command once
    return list(dict.fromkeys(out))


def build(cwd, log):
    return sh("make -j2 --no-print-directory binaries "
              "$(ls tests/unit/test_*.c | sed 's|tests/unit/|build/tests/|; "
              "s|\\.c$||') "
              "$(ls tests/tools/*.c 2>/dev/null | sed 's|tests/tools/|build/"
              "tests/tools/|; s|\\.c$||') "
              "$(ls tests/fuzz/fuzz_*.c | sed 's|tests/fuzz/fuzz_|build/tests/"
              "fuzz/replay_|; s|\\.c$||')", cwd, log)


def main():
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"],
                         capture_output=True, text=True).stdout.strip()
    if not top:
        print("mutate: not in a git work tree")
        return 2
    only = os.environ.get("MUTATE_ONLY", "").split()
    muts = [m for m in MUTATIONS if not only or m[0] in only]
    scratch = tempfile.mkdtemp(prefix="irready-mutate-")
    tree = os.path.join(scratch, "tree")
    logs = os.path.join(scratch, "logs")
    os.makedirs(logs)
    t0 = time.monotonic()
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"], cwd=top, capture_output=True).stdout
    for rel in files.decode().split("\0"):
        if not rel or not os.path.isfile(os.path.join(top, rel)):
            continue
        dst = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(os.path.join(top, rel), dst)
    print("mutate: scratch copy of %s in %s" % (top, tree))
    try:
        if build(tree, os.path.join(logs, "build-base.log")):
            print("mutate: the unmutated tree does not build (see %s)"
                  % os.path.join(logs, "build-base.log"))
            return 2
        # the baseline: every test any mutation uses, unmutated
        base_bad = set()
        cmds = []
        for m in muts:
            for c in expand(m[5], tree):
                if c not in cmds:
                    cmds.append(c)
        for i, c in enumerate(cmds):
            if sh(c, tree, os.path.join(logs, "base-%d.log" % i)):
                base_bad.add(c)
                print("mutate: baseline FAILS (excluded): %s (see %s)"
                      % (c, os.path.join(logs, "base-%d.log" % i)))
        print("mutate: baseline: %d test commands, %d failing, %.0f s"
              % (len(cmds), len(base_bad), time.monotonic() - t0))
        results = []
        for k, (name, layer, rel, old, new, tests) in enumerate(muts):
            path = os.path.join(tree, rel)
            t1 = time.monotonic()
            try:
                with open(path) as f:
                    orig = f.read()
            except OSError:
                orig = None
            if orig is None or orig.count(old) != 1:
                why = "no %s" % rel if orig is None else \
                    "pattern found %d times in %s" % (orig.count(old), rel)
                results.append((name, layer, "ABSENT", why))
                print("%-24s %-38s ABSENT   (%s)" % (name, layer, why))
                continue
            with open(path, "w") as f:
                f.write(orig.replace(old, new))
            try:
                blog = os.path.join(logs, "build-%s.log" % name)
                if build(tree, blog):
                    verdict, why = "CAUGHT", "does not build (%s)" % blog
                else:
                    caught = []
                    for i, c in enumerate(expand(tests, tree)):
                        if c in base_bad:
                            continue
                        lg = os.path.join(logs, "%s-%d.log" % (name, i))
                        if sh(c, tree, lg):
                            caught.append(c)
                    if caught:
                        verdict = "CAUGHT"
                        why = "by " + ", ".join(caught)
                    else:
                        verdict = "SURVIVED"
                        ran = [c for c in expand(tests, tree)
                               if c not in base_bad]
                        why = "all %d test commands passed (%s)" % (
                            len(ran), ", ".join(tests))
            finally:
                with open(path, "w") as f:
                    f.write(orig)
                # the restored file must be older than nothing: touch it
                os.utime(path, None)
            results.append((name, layer, verdict, why))
            print("%-24s %-38s %-8s (%.0f s) %s"
                  % (name, layer, verdict, time.monotonic() - t1, why))
            sys.stdout.flush()
        build(tree, os.path.join(logs, "build-restored.log"))
        n = {v: sum(1 for r in results if r[2] == v)
             for v in ("CAUGHT", "SURVIVED", "ABSENT")}
        print()
        print("%d caught, %d survived, %d absent (%.0f s)"
              % (n["CAUGHT"], n["SURVIVED"], n["ABSENT"],
                 time.monotonic() - t0))
        return 0 if n["CAUGHT"] == len(results) else 1
    finally:
        if os.environ.get("MUTATE_KEEP"):
            print("mutate: kept %s" % scratch)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
