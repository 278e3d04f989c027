#!/usr/bin/python3
# t_deploy.py -- deploy/, the Dockerfile and the recipes, as far as this
# machine can check them without a cluster, an AWS account or a container
# engine
#
#   entrypoint  deploy/entrypoint.sh against a stub irready (a shell script
#               that records its argv and exits with the code asked for):
#               every exit code of audit and merge, what the engines see
#               (0 done, 2 refused, 3 retry), arguments kept whole (spaces,
#               '*', one per line in IRREADY_ARGS), RUN_ID, the index of
#               every engine, a refused or failed merge leaving the previous
#               merged/ as it was, exactly shard-1..N handed to merge
#   kubernetes  the manifests parse; Pod Security "restricted" fields,
#               deadlines, TTL, no retry on exit 2, a namespace, an RWX
#               class, the merge Job in its own file; the Kubernetes JSON
#               schemas (kubernetes-models, from 'make deploy-tools');
#               run.sh against a stub kubectl: namespace, shards, wait with
#               -n, merge only after the shards completed
#   batch, ecs  botocore's RegisterJobDefinition, RegisterTaskDefinition
#               and SubmitJob input shapes (ParamValidator); retry on exit
#               3 only, as Batch evaluates evaluateOnExit; submit.sh against
#               a stub aws: array size >= 2, one plain job for N = 1
#   stepfuncs   asl-validator (from 'make deploy-tools'); every Next exists;
#               the retry Choice; CreateStateMachine and the role's
#               CreateRole/PutRolePolicy shapes; the role allows what the
#               definition does
#   dockerfile  parsed: multi-stage, debian:12-slim runtime whose libraries
#               are exactly the binary's (dpkg-shlibdeps), non-root USER
#               matching the manifests' uid, ENTRYPOINT ["irready"], a
#               /reports volume; every deploy/ image is this one
#   recipes     member-role.yaml's policy equals `irready iam-policy`,
#               org-audit.yaml's task role `irready iam-policy --org`
#               (sync-policies.py --check, and compared here); trust with
#               the external id; Scheduler -> Fargate -> S3 with optional
#               Object Lock; cfn-lint when installed. The GitHub Actions
#               and GitLab recipes parse, use OIDC, keep the reports and
#               gate, and their audit scripts run against the stub for
#               each exit code; entrypoint.sh run; deploy/README.md shows
#               the commands
#   shellcheck  every deploy/ script (when shellcheck is installed)
#
# Validators missing here are reported as skipped, unless
# DEPLOY_TOOLS_REQUIRED=1 ('make package-check'). Run from the repository
# root with Debian's /usr/bin/python3 (python3-botocore, python3-yaml);
# O is the build directory (default "build").
import fnmatch
import glob
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

O = os.environ.get("O", "build")
BIN = os.path.join(O, "irready")
REQUIRED = os.environ.get("DEPLOY_TOOLS_REQUIRED") == "1"
NODE_MODULES = os.path.join(O, "node", "node_modules")
EP = "/usr/local/share/irready/deploy/entrypoint.sh"

n_tests = 0
n_fail = 0


def ok(cond, name, diag=None):
    global n_tests, n_fail
    n_tests += 1
    if not cond:
        n_fail += 1
    print("%sok %d - %s" % ("" if cond else "not ", n_tests, name))
    if not cond and diag:
        for line in str(diag).splitlines()[:30]:
            print("#   " + line)
    sys.stdout.flush()


def skip(name, why):
    """A check this machine cannot make: a failure if REQUIRED."""
    global n_tests
    if REQUIRED:
        ok(False, name, "required, but " + why)
    else:
        # a TAP skip: the harness counts it (and fails it on CI)
        n_tests += 1
        print("ok %d - %s # SKIP %s" % (n_tests, name, why))
        sys.stdout.flush()


try:
    import yaml
    import botocore.session
    from botocore.validate import ParamValidator
except ImportError as e:
    print("not ok 1 - import yaml and botocore (%s): python3-yaml, "
          "python3-botocore" % e)
    print("1..1")
    sys.exit(1)

SESSION = botocore.session.get_session()
TMP = tempfile.mkdtemp(prefix="t_deploy.")


def shape_errors(service, operation, params):
    model = SESSION.get_service_model(service)
    shape = model.operation_model(operation).input_shape
    return ParamValidator().validate(params, shape).generate_report()


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_exec(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, 0o755)


# ------------------------------------------------------------ entrypoint
STUB = os.path.join(TMP, "irready-stub")
write_exec(STUB, r"""#!/bin/sh
# records argv (one per line, then a blank line); writes a findings.json
# into --output-dir; exits $STUB_RC
log=${STUB_LOG:?}
for a in "$@"; do printf '%s\n' "$a"; done >>"$log"
echo >>"$log"
out=
prev=
for a in "$@"; do
	[ "$prev" = --output-dir ] && out=$a
	prev=$a
done
if [ -n "$out" ] && [ "${STUB_RC:-0}" -le 1 ]; then
	mkdir -p "$out"
	echo "{\"stub\": \"$1\"}" >"$out/findings.json"
fi
exit "${STUB_RC:-0}"
""")


def entrypoint(args, env, rc=0):
    """Run entrypoint.sh; returns (exit, [argv of each irready call], err)."""
    log = os.path.join(TMP, "stub.log")
    if os.path.exists(log):
        os.unlink(log)
    e = {"PATH": "/usr/bin:/bin", "IRREADY": STUB, "STUB_LOG": log,
         "STUB_RC": str(rc), "TMPDIR": TMP}
    e.update(env)
    p = subprocess.run(["sh", "deploy/entrypoint.sh"] + args, env=e,
                       capture_output=True, text=True)
    calls = []
    if os.path.exists(log):
        with open(log, encoding="utf-8") as f:
            calls = [c.split("\n") for c in f.read().split("\n\n") if c]
    return p.returncode, calls, p.stdout + p.stderr


def entrypoint_tests():
    out = os.path.join(TMP, "out")
    base = {"SHARD_COUNT": "3", "OUTPUT_URI": out}
    # audit: what each irready exit becomes
    for irc, want in ((0, 0), (1, 0), (2, 2), (3, 3), (4, 3)):
        shutil.rmtree(out, ignore_errors=True)
        rc, calls, err = entrypoint(["audit"], dict(base, SHARD_INDEX="2"),
                                    irc)
        wrote = os.path.exists(os.path.join(out, "shard-2", "findings.json"))
        ok(rc == want and wrote == (irc <= 1),
           "audit, irready exits %d: entrypoint exits %d (got %d), "
           "shard-2/ %s" % (irc, want, rc,
                            "written" if irc <= 1 else "not written"), err)
    # arguments: whole, unglobbed; IRREADY_ARGS one per line
    open(os.path.join(TMP, "globbait"), "w").close()
    rc, calls, err = entrypoint(
        ["audit", "--role-name", "Role With Spaces", "--accounts", "*"],
        dict(base, SHARD_INDEX="1", RUN_ID="exec-42",
             RUN_TIME="2026-11-28T00:00:00Z",
             IRREADY_ARGS="--external-id\nid with space*\n"))
    argv = calls[0] if calls else []
    want = ["audit", "--org", "--shard", "1/3", "--now",
            "2026-11-28T00:00:00Z", "--quiet", "--format", "json",
            "--output-dir"]
    ok(rc == 0 and argv[:len(want)] == want,
       "audit runs irready audit --org --shard 1/3 --now RUN_TIME ...",
       "%r\n%s" % (argv, err))
    tail = argv[len(want) + 1:]
    ok(tail == ["--external-id", "id with space*", "--role-name",
                "Role With Spaces", "--accounts", "*", "--run-id",
                "exec-42"],
       "IRREADY_ARGS (one per line) then the command line's arguments, "
       "whole and unglobbed, then --run-id RUN_ID", repr(tail))
    for var, val, shard in (("JOB_COMPLETION_INDEX", "0", "1/3"),
                            ("AWS_BATCH_JOB_ARRAY_INDEX", "2", "3/3"),
                            ("SHARD_INDEX", "3", "3/3")):
        rc, calls, err = entrypoint([], dict(base, **{var: val}))
        got = calls[0][3] if calls and len(calls[0]) > 3 else None
        ok(rc == 0 and got == shard, "%s=%s is shard %s (got %s)"
           % (var, val, shard, got), err)
    for env, what in ((dict(base, SHARD_INDEX="4"), "shard 4 of 3"),
                      (dict(base, JOB_COMPLETION_INDEX="x"), "index x"),
                      (dict(OUTPUT_URI=out, SHARD_INDEX="1"),
                       "no SHARD_COUNT"),
                      (dict(base, SHARD_COUNT="0", SHARD_INDEX="1"),
                       "SHARD_COUNT 0"),
                      (base, "no index")):
        rc, calls, err = entrypoint(["audit"], env)
        ok(rc == 2 and not calls, "%s: exit 2 (no retry) without running "
           "irready (got %d)" % (what, rc), err)

    # merge: shard-1..3 present, a leftover shard-4, a previous merged/
    def lay():
        shutil.rmtree(out, ignore_errors=True)
        for i in (1, 2, 3, 4):
            os.makedirs(os.path.join(out, "shard-%d" % i))
            with open(os.path.join(out, "shard-%d" % i, "findings.json"),
                      "w") as f:
                f.write("{}")
        os.makedirs(os.path.join(out, "merged"))
        with open(os.path.join(out, "merged", "old"), "w") as f:
            f.write("previous run")

    def previous_kept():
        return (os.path.exists(os.path.join(out, "merged", "old")) and
                not os.path.exists(os.path.join(out, "merged",
                                                "findings.json")))
    for irc, foe, want in ((0, "0", 0), (1, "0", 0), (1, "1", 1),
                           (2, "0", 2), (3, "0", 3), (5, "0", 3)):
        lay()
        rc, calls, err = entrypoint(["merge"],
                                    dict(base, FAIL_ON_FINDINGS=foe), irc)
        replaced = os.path.exists(os.path.join(out, "merged",
                                               "findings.json"))
        fine = (replaced and not os.path.exists(
            os.path.join(out, "merged", "old"))) if irc <= 1 \
            else previous_kept()
        ok(rc == want and fine,
           "merge, irready exits %d%s: entrypoint exits %d (got %d), "
           "merged/ %s" % (irc, " with FAIL_ON_FINDINGS=1" if foe == "1"
                           else "", want, rc,
                           "replaced" if irc <= 1 else "left as it was"),
           err)
        if irc == 0:
            argv = calls[0] if calls else []
            shards = [os.path.basename(a) for a in argv
                      if re.search(r"/shard-\d+$", a)]
            ok(argv[:1] == ["merge"] and shards == ["shard-1", "shard-2",
                                                    "shard-3"],
               "merge gets exactly shard-1..3, not the leftover shard-4",
               repr(argv))
    lay()
    os.unlink(os.path.join(out, "shard-2", "findings.json"))
    rc, calls, err = entrypoint(["merge"], base)
    ok(rc == 2 and not calls and previous_kept() and "2" in err,
       "merge with shard-2 missing: exit 2, names it, merged/ left as it "
       "was (got %d)" % rc, err)


# ------------------------------------------------------------ kubernetes
K8S = "deploy/kubernetes"


def k8s_docs(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def restricted_problems(job):
    """What Pod Security 'restricted' would refuse in a Job's pod."""
    probs = []
    pod = job["spec"]["template"]["spec"]
    psc = pod.get("securityContext", {})
    for c in pod["containers"]:
        sc = c.get("securityContext", {})
        if not (sc.get("runAsNonRoot", psc.get("runAsNonRoot"))):
            probs.append("%s: runAsNonRoot" % c["name"])
        if sc.get("allowPrivilegeEscalation") is not False:
            probs.append("%s: allowPrivilegeEscalation" % c["name"])
        if sc.get("capabilities", {}).get("drop") != ["ALL"]:
            probs.append("%s: capabilities.drop ALL" % c["name"])
        sp = sc.get("seccompProfile", psc.get("seccompProfile", {}))
        if sp.get("type") not in ("RuntimeDefault", "Localhost"):
            probs.append("%s: seccompProfile" % c["name"])
        if (sc.get("runAsUser", psc.get("runAsUser")) or 0) == 0:
            probs.append("%s: runAsUser 0" % c["name"])
    for v in pod.get("volumes", []):
        if not ({"persistentVolumeClaim", "emptyDir", "configMap", "secret",
                 "projected", "downwardAPI", "ephemeral", "csi"} & set(v)):
            probs.append("volume %s: type not allowed" % v["name"])
    return probs


def no_retry_on_2(job, container):
    for r in job["spec"].get("podFailurePolicy", {}).get("rules", []):
        oe = r.get("onExitCodes", {})
        if (r["action"] in ("FailIndex", "FailJob") and
                oe.get("operator") == "In" and 2 in oe.get("values", []) and
                oe.get("containerName", container) == container):
            return True
    return False


def kubernetes_tests(images):
    ns_docs = k8s_docs(os.path.join(K8S, "namespace.yaml"))
    shards = k8s_docs(os.path.join(K8S, "shards-job.yaml"))
    merge = k8s_docs(os.path.join(K8S, "merge-job.yaml"))
    ok(len(shards) == 1 and shards[0]["kind"] == "Job" and
       shards[0]["spec"].get("completionMode") == "Indexed" and
       len(merge) == 1 and merge[0]["kind"] == "Job" and
       merge[0]["spec"]["template"]["spec"]["containers"][0]["command"]
       [-1] == "merge",
       "the shard Job (Indexed) and the merge Job are in separate files, "
       "so applying the shards never starts the merge")
    kinds = {d["kind"]: d for d in ns_docs}
    ns = kinds.get("Namespace", {}).get("metadata", {})
    ok(ns.get("labels", {}).get("pod-security.kubernetes.io/enforce") ==
       "restricted",
       "namespace.yaml creates the namespace, enforcing Pod Security "
       "'restricted'")
    every = ns_docs + shards + merge
    names = sorted({d["metadata"].get("namespace", "") for d in every
                    if d["kind"] != "Namespace"})
    ok(names == [ns.get("name")], "every object is in that namespace (%s)"
       % names)
    pvc = kinds.get("PersistentVolumeClaim", {}).get("spec", {})
    ok(pvc.get("accessModes") == ["ReadWriteMany"] and
       pvc.get("storageClassName"),
       "the PVC is ReadWriteMany with a storage class named (%s), not EKS's "
       "default EBS class" % pvc.get("storageClassName"))
    for job in shards + merge:
        name = job["metadata"]["name"]
        spec = job["spec"]
        cont = spec["template"]["spec"]["containers"][0]
        p = restricted_problems(job)
        ok(not p, "%s: passes Pod Security 'restricted'" % name, p)
        ok(spec.get("activeDeadlineSeconds", 0) > 0 and
           spec.get("ttlSecondsAfterFinished", 0) > 0,
           "%s: activeDeadlineSeconds and ttlSecondsAfterFinished" % name)
        ok(no_retry_on_2(job, cont["name"]),
           "%s: exit 2 (refused) fails without retries (podFailurePolicy)"
           % name)
        ok(cont["command"][0] == EP, "%s runs %s" % (name, EP))
        images.append(("kubernetes " + name, cont["image"]))
    s = shards[0]["spec"]
    env = {e["name"]: e.get("value")
           for e in s["template"]["spec"]["containers"][0]["env"]}
    menv = {e["name"]: e.get("value")
            for e in merge[0]["spec"]["template"]["spec"]["containers"][0]
            ["env"]}
    ok(str(s["completions"]) == env["SHARD_COUNT"] == menv["SHARD_COUNT"]
       and env["OUTPUT_URI"] == menv["OUTPUT_URI"] and
       "IRREADY_ARGS" not in env,
       "completions = SHARD_COUNT of both Jobs, one OUTPUT_URI, options as "
       "args (not IRREADY_ARGS)")

    # the Kubernetes schemas
    node = shutil.which("node")
    if node and os.path.isdir(os.path.join(NODE_MODULES,
                                           "kubernetes-models")):
        script = os.path.join(TMP, "k8s.js")
        with open(script, "w") as f:
            f.write("""
const docs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
let bad = 0;
for (const d of docs) {
  const [g, v] = d.apiVersion.includes('/') ? d.apiVersion.split('/')
                                             : ['', d.apiVersion];
  const m = require('kubernetes-models/' + (g ? g + '/' : '') + v + '/' +
                    d.kind);
  try { new m[d.kind](d).validate(); }
  catch (e) { bad++; console.log(d.kind + ' ' + d.metadata.name + ': ' +
                                 e.message); }
}
process.exit(bad ? 1 : 0);
""")

        def schema(docs):
            p = subprocess.run([node, script], input=json.dumps(docs),
                               capture_output=True, text=True,
                               env=dict(os.environ, NODE_PATH=NODE_MODULES))
            return p.returncode, p.stdout + p.stderr
        rc, out = schema(every)
        ok(rc == 0, "every manifest is valid against the Kubernetes schemas "
           "(kubernetes-models)", out)
        broken = json.loads(json.dumps(shards[0]))
        broken["spec"]["completions"] = "eight"
        rc, out = schema([broken])
        ok(rc != 0 and "completions" in out,
           "... and the schema check refuses completions: \"eight\"", out)
    else:
        skip("the Kubernetes schemas", "node or %s/kubernetes-models is "
             "missing (make deploy-tools)" % NODE_MODULES)

    # run.sh against a stub kubectl
    for outcome in ("Complete", "Failed"):
        log = os.path.join(TMP, "kubectl.log")
        if os.path.exists(log):
            os.unlink(log)
        kubectl = os.path.join(TMP, "kubectl")
        write_exec(kubectl, """#!/bin/sh
{ printf '%%s ' "$@"; echo; } >>"%s"
case "$1" in
create) cat >"%s/created-$(grep -c '^create' "%s")" ;;
get) echo "%s " ;;
esac
""" % (log, TMP, log, outcome))
        p = subprocess.run(
            ["sh", os.path.join(K8S, "run.sh")],
            env={"PATH": "/usr/bin:/bin", "KUBECTL": kubectl,
                 "RUN_ID": "run-test-1", "RUN_TIME": "2026-11-28T00:00:00Z",
                 "SHARD_COUNT": "3", "IMAGE": "registry.test/irready:9",
                 "POLL": "0"},
            capture_output=True, text=True)
        with open(log) as f:
            calls = f.read().splitlines()
        verbs = [c.split()[0] for c in calls]
        if outcome == "Complete":
            ok(p.returncode == 0 and verbs == ["apply", "create", "get",
                                               "create", "get"] and
               calls[0].endswith("namespace.yaml ") and
               "-n irready" in calls[2] and
               "irready-shards-run-test-1" in calls[2] and
               "irready-merge-run-test-1" in calls[4],
               "run.sh: namespace, shards, wait -n irready for "
               "irready-shards-<run>, then merge, then wait",
               "\n".join(calls) + p.stderr)
            rendered = [k8s_docs(os.path.join(TMP, "created-%d" % i))[0]
                        for i in (1, 2)]
            sj, mj = rendered
            senv = {e["name"]: e.get("value") for e in
                    sj["spec"]["template"]["spec"]["containers"][0]["env"]}
            menv = {e["name"]: e.get("value") for e in
                    mj["spec"]["template"]["spec"]["containers"][0]["env"]}
            ok(sj["spec"]["completions"] == 3 and
               sj["spec"]["parallelism"] == 3 and
               senv["SHARD_COUNT"] == menv["SHARD_COUNT"] == "3" and
               senv["RUN_ID"] == "run-test-1" and
               senv["RUN_TIME"] == "2026-11-28T00:00:00Z" and
               senv["OUTPUT_URI"] == menv["OUTPUT_URI"] ==
               "/out/run-test-1" and
               sj["spec"]["template"]["spec"]["containers"][0]["image"] ==
               "registry.test/irready:9",
               "run.sh fills in SHARD_COUNT=3 everywhere, RUN_ID, RUN_TIME, "
               "the image and a per-run OUTPUT_URI",
               json.dumps([senv, menv]))
        else:
            ok(p.returncode == 1 and verbs == ["apply", "create", "get"],
               "run.sh: a Failed shard Job stops the run (exit 1), no merge",
               "\n".join(calls) + p.stderr)


# ------------------------------------------------------------ aws batch
def batch_decision(strategy, exit_code, status_reason="Essential container "
                   "in task exited", reason=""):
    """What Batch does with a failed attempt: the first matching rule."""
    for r in strategy.get("evaluateOnExit", []):
        if "onExitCode" in r and not fnmatch.fnmatchcase(str(exit_code),
                                                         r["onExitCode"]):
            continue
        if "onStatusReason" in r and not fnmatch.fnmatchcase(
                status_reason, r["onStatusReason"]):
            continue
        if "onReason" in r and not fnmatch.fnmatchcase(reason,
                                                       r["onReason"]):
            continue
        return r["action"].upper()
    return "RETRY"


def batch_tests(images):
    for f, mode in (("job-definition.json", "audit"),
                    ("merge-job-definition.json", "merge")):
        path = "deploy/aws-batch/" + f
        jd = load_json(path)
        err = shape_errors("batch", "RegisterJobDefinition", jd)
        ok(not err, "%s: a valid RegisterJobDefinition input (botocore)"
           % path, err)
        cp = jd["containerProperties"]
        ok(cp["command"][:2] == [EP, mode], "%s runs entrypoint.sh %s"
           % (path, mode), repr(cp["command"]))
        rs = jd["retryStrategy"]
        got = {c: batch_decision(rs, c) for c in (1, 2, 3, 137)}
        ok(got == {1: "EXIT", 2: "EXIT", 3: "RETRY", 137: "EXIT"} and
           rs["attempts"] >= 2,
           "%s: retried on exit 3 only (%s)" % (f, got))
        ok(cp.get("user") == "10001" and cp.get("readonlyRootFilesystem"),
           "%s: runs as uid 10001 with a read-only root" % f)
        images.append(("aws-batch " + f, cp["image"]))

    # submit.sh against a stub aws CLI
    log = os.path.join(TMP, "aws.log")
    aws = os.path.join(TMP, "aws")
    write_exec(aws, """#!/bin/sh
for a in "$@"; do printf '%%s\\n' "$a"; done >>"%s"
echo >>"%s"
echo "job-$(grep -c '^$' "%s")"
""" % (log, log, log))

    def submit(count):
        if os.path.exists(log):
            os.unlink(log)
        p = subprocess.run(
            ["sh", "deploy/aws-batch/submit.sh"],
            env={"PATH": "/usr/bin:/bin", "AWS": aws, "JOB_QUEUE": "q",
                 "SHARD_COUNT": str(count), "RUN_ID": "run-7",
                 "OUTPUT_URI": "s3://bucket/irready"},
            capture_output=True, text=True)
        calls = []
        if os.path.exists(log):
            with open(log) as f:
                calls = [c.split("\n") for c in f.read().split("\n\n") if c]
        return p.returncode, calls, p.stdout + p.stderr

    def as_params(argv):
        """aws batch submit-job ARGS as SubmitJob parameters."""
        m = {"--job-name": "jobName", "--job-queue": "jobQueue",
             "--job-definition": "jobDefinition"}
        params = {}
        it = iter(argv[2:])
        for a in it:
            if a in m:
                params[m[a]] = next(it)
            elif a == "--array-properties":
                params["arrayProperties"] = {
                    "size": int(next(it).split("=")[1])}
            elif a == "--depends-on":
                params["dependsOn"] = [{"jobId": next(it).split("=")[1]}]
            elif a == "--container-overrides":
                params["containerOverrides"] = json.loads(next(it))
            elif a in ("--query", "--output"):
                next(it)
        return params
    rc, calls, out = submit(3)
    ps = [as_params(c) for c in calls]
    errs = [shape_errors("batch", "SubmitJob", p) for p in ps]
    ok(rc == 0 and len(ps) == 2 and not any(errs),
       "submit.sh SHARD_COUNT=3: two valid SubmitJob calls (botocore)",
       out + "\n".join(errs))
    if len(ps) == 2:
        env = {e["name"]: e["value"]
               for e in ps[0]["containerOverrides"]["environment"]}
        ok(ps[0].get("arrayProperties") == {"size": 3} and
           ps[0]["jobDefinition"] == "irready-shard" and
           ps[1]["jobDefinition"] == "irready-merge" and
           ps[1]["dependsOn"] == [{"jobId": "job-1"}] and
           env.get("RUN_ID") == "run-7" and
           env.get("OUTPUT_URI") == "s3://bucket/irready/run-7",
           "... an array of 3, then the merge depending on it; RUN_ID and "
           "a per-run OUTPUT_URI", json.dumps(ps))
    rc, calls, out = submit(1)
    ps = [as_params(c) for c in calls]
    env = {e["name"]: e["value"]
           for e in ps[0]["containerOverrides"]["environment"]} if ps else {}
    ok(rc == 0 and len(ps) == 2 and "arrayProperties" not in ps[0] and
       env.get("SHARD_INDEX") == "1",
       "submit.sh SHARD_COUNT=1: a plain job with SHARD_INDEX=1 (Batch "
       "arrays take 2 to 10,000)", out + json.dumps(ps))
    for bad in (0, 10001):
        rc, calls, out = submit(bad)
        ok(rc == 2 and not calls, "submit.sh SHARD_COUNT=%d: exit 2, "
           "nothing submitted" % bad, out)


# ------------------------------------------------------------ ecs, sfn
def ecs_sfn_tests(images):
    td = load_json("deploy/ecs/task-definition.json")
    err = shape_errors("ecs", "RegisterTaskDefinition", td)
    ok(not err, "deploy/ecs/task-definition.json: a valid "
       "RegisterTaskDefinition input (botocore)", err)
    c = td["containerDefinitions"][0]
    ok(c["name"] == "irready" and c["command"][0] == EP and
       c.get("user", "").split(":")[0] == "10001" and
       c.get("readonlyRootFilesystem"),
       "the task's container 'irready' runs entrypoint.sh as uid 10001, "
       "read-only root")
    images.append(("ecs task-definition.json", c["image"]))

    path = "deploy/step-functions/state-machine.asl.json"
    sm = load_json(path)
    node = shutil.which("node")
    asl = os.path.join(NODE_MODULES, ".bin", "asl-validator")
    if node and os.path.exists(asl):
        p = subprocess.run([asl, "--json-path", path], capture_output=True,
                           text=True)
        ok(p.returncode == 0, "asl-validator: %s is valid" % path,
           p.stdout + p.stderr)
        broken = json.loads(json.dumps(sm))
        broken["States"]["MergeInput"]["Next"] = "NoSuchState"
        bp = os.path.join(TMP, "broken.asl.json")
        with open(bp, "w") as f:
            json.dump(broken, f)
        p = subprocess.run([asl, "--json-path", bp], capture_output=True,
                           text=True)
        ok(p.returncode != 0, "... and refuses a Next to a missing state",
           p.stdout + p.stderr)
    else:
        skip("asl-validator", "node or %s is missing (make deploy-tools)"
             % asl)

    def machines(states, found):
        found.append(states)
        for st in states.values():
            if "ItemProcessor" in st:
                machines(st["ItemProcessor"]["States"], found)
        return found
    missing = []
    for states in machines(sm["States"], []):
        for name, st in states.items():
            nexts = [st.get("Next"), st.get("Default")] + \
                [c.get("Next") for c in st.get("Choices", [])] + \
                [c.get("Next") for c in st.get("Catch", [])]
            missing += ["%s -> %s" % (name, x) for x in nexts
                        if x and x not in states]
    ok(not missing, "every Next, Default and Catch target exists", missing)
    inner = sm["States"]["Shards"]["ItemProcessor"]["States"]
    audit = inner["AuditShard"]
    ov = audit["Parameters"]["Overrides"]["ContainerOverrides"][0]
    env = {e["Name"] for e in ov["Environment"]}
    ok(ov["Command"][:2] == [EP, "audit"] and
       {"SHARD_INDEX", "SHARD_COUNT", "RUN_TIME", "RUN_ID",
        "OUTPUT_URI"} <= env and "Retry" not in audit,
       "each shard task: entrypoint.sh audit with SHARD_INDEX, SHARD_COUNT, "
       "RUN_TIME, RUN_ID, OUTPUT_URI; no blanket Retry")
    ch = inner["ShardRetryable"]
    text = json.dumps(ch)
    ok(ch["Type"] == "Choice" and '"NumericEquals": 3' in text and
       ch["Default"] == "ShardFailed" and
       inner["ShardFailed"]["Type"] == "Fail",
       "a failed shard task is retried only for exit 3 (or when it never "
       "ran), and fails otherwise")
    err = shape_errors("stepfunctions", "CreateStateMachine", {
        "name": "irready-org-audit", "definition": json.dumps(sm),
        "roleArn": "arn:aws:iam::111111111111:role/IRReadyStateMachine",
        "type": "STANDARD"})
    ok(not err, "a valid CreateStateMachine input (botocore)", err)
    trust = load_json("deploy/step-functions/role-trust-policy.json")
    pol = load_json("deploy/step-functions/role-policy.json")
    errs = shape_errors("iam", "CreateRole", {
        "RoleName": "IRReadyStateMachine",
        "AssumeRolePolicyDocument": json.dumps(trust)}) + shape_errors(
        "iam", "PutRolePolicy", {"RoleName": "IRReadyStateMachine",
                                 "PolicyName": "irready",
                                 "PolicyDocument": json.dumps(pol)})
    ok(not errs and trust["Statement"][0]["Principal"]["Service"] ==
       "states.amazonaws.com", "the state machine's role: valid CreateRole "
       "and PutRolePolicy inputs, trusted by states.amazonaws.com", errs)
    actions = set()
    passed = set()
    for st in pol["Statement"]:
        a = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
        actions |= set(a)
        if "iam:PassRole" in a:
            passed |= set(st["Resource"])
    need = {"ecs:RunTask", "ecs:DescribeTasks", "ecs:StopTask",
            "events:PutTargets", "events:PutRule", "events:DescribeRule",
            "states:StartExecution", "iam:PassRole"}
    ok(need <= actions and {td["taskRoleArn"], td["executionRoleArn"]} <=
       passed,
       "the role allows runTask.sync, the Distributed Map's child "
       "executions, and passing the task definition's two roles",
       sorted(need - actions))


# ------------------------------------------------------------ dockerfile
def dockerfile_tests(images):
    with open("Dockerfile", encoding="utf-8") as f:
        text = f.read()
    # instructions, continuation lines joined
    lines = re.sub(r"\\\n", " ", text).splitlines()
    ins = [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1].strip()
            if len(ln.split(None, 1)) > 1 else "")
           for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    args = {}
    stages = []  # [name, base, [instructions]]
    for k, v in ins:
        if k == "ARG" and not stages:
            name, _, val = v.partition("=")
            args[name] = val
        elif k == "FROM":
            m = re.match(r"(\S+)(?:\s+AS\s+(\S+))?$", v, re.I)
            base = re.sub(r"\$\{(\w+)\}", lambda x: args.get(x.group(1), ""),
                          m.group(1))
            stages.append([m.group(2), base, []])
        elif stages:
            stages[-1][2].append((k, v))
    names = [s[0] for s in stages]
    final = stages[-1] if stages else None

    def resolved(stage):
        """(debian image, every instruction) of a stage, through its bases"""
        chain = []
        while stage:
            chain.insert(0, stage)
            stage = next((s for s in stages if s[0] == stage[1]), None)
        return chain[0][1], [i for s in chain for i in s[2]]
    ok(len(stages) >= 2 and final[0] == "runtime" and "build" in names,
       "Dockerfile: multi-stage (%s), the default (last) stage is 'runtime'"
       % names)
    base, final_ins = resolved(final) if final else ("", [])
    ok(base == "debian:12-slim" and stages[0][1] == "debian:12-slim",
       "build and runtime are debian:12-slim (runtime: %s)" % base)

    def last(kind):
        v = [x for k, x in final_ins if k == kind]
        return v[-1] if v else None
    user = last("USER") or ""
    ok(user and user.split(":")[0] not in ("0", "root"),
       "the runtime runs as a non-root USER (%s)" % user)
    ok(user.split(":")[0] == "10001",
       "... uid 10001, the manifests' runAsUser")
    ok(json.loads(last("ENTRYPOINT") or "null") == ["irready"],
       "ENTRYPOINT [\"irready\"] (exec form)")
    ok(last("WORKDIR") == "/reports" and "/reports" in (last("VOLUME") or ""),
       "reports go to /reports, a VOLUME and the working directory")
    runtime_run = " ".join(x for k, x in final_ins if k == "RUN")
    m = re.search(r"--no-install-recommends\s+((?:[a-z0-9.+-]+\s*)+)",
                  runtime_run)
    pkgs = set(m.group(1).split()) if m else set()
    ok("build-essential" not in pkgs and not any(p.endswith("-dev")
                                                 for p in pkgs) and
       "gcc" not in pkgs, "the runtime installs no compiler or -dev "
       "package (%s)" % sorted(pkgs))
    # the runtime libraries are exactly what the binary links
    dep = None
    if shutil.which("dpkg-shlibdeps") and os.path.exists(BIN):
        w = os.path.join(TMP, "shl")
        os.makedirs(os.path.join(w, "debian"))
        with open(os.path.join(w, "debian", "control"), "w") as f:
            f.write("Source: irready\n\nPackage: irready\n"
                    "Architecture: any\n")
        p = subprocess.run(["dpkg-shlibdeps", "-O",
                            "-e" + os.path.abspath(BIN)], cwd=w,
                           capture_output=True, text=True)
        mm = re.search(r"shlibs:Depends=(.*)", p.stdout)
        if mm:
            dep = {d.strip().split()[0] for d in mm.group(1).split(",")}
    if dep:
        # a sanitizer build (make asan) also links the sanitizer runtimes,
        # which the image's release build does not
        want = (dep - {"libc6", "libasan8", "libubsan1", "libtsan2",
                       "liblsan0"}) | {"ca-certificates"}
        ok(pkgs == want, "the runtime's packages are the binary's libraries "
           "(dpkg-shlibdeps) plus ca-certificates: %s" % sorted(want),
           "Dockerfile: %s" % sorted(pkgs))
    else:
        skip("runtime packages against dpkg-shlibdeps",
             "no dpkg-shlibdeps or no %s" % BIN)
    s3 = next((s for s in stages if s[0] == "s3"), None)
    ok(s3 and "awscli" in " ".join(x for k, x in s3[2] if k == "RUN") and
       [x for k, x in resolved(s3)[1] if k == "USER"][-1].startswith(
           "10001"),
       "the 's3' stage adds the aws CLI (for OUTPUT_URI=s3://) and stays "
       "uid 10001")
    with open(".dockerignore", encoding="utf-8") as f:
        ign = {ln.strip() for ln in f if ln.strip() and
               not ln.startswith("#")}
    ok({"build", ".git"} <= ign, ".dockerignore keeps build/ and .git out "
       "of the context")
    # every image deploy/ names is this one, plain or -s3 (S3 output)
    with open("src/base/irready.h", encoding="utf-8") as f:
        version = re.search(r'#define IRREADY_VERSION "(.*)"',
                            f.read()).group(1)
    bad = [(w, i) for w, i in images
           if not re.fullmatch(r"[a-z0-9./-]*/?irready:%s(-s3)?"
                               % re.escape(version), i)]
    s3_needed = [(w, i) for w, i in images
                 if not w.startswith("kubernetes") and
                 not i.endswith("-s3")]
    ok(images and not bad and not s3_needed,
       "every deploy/ image is irready:%s from this Dockerfile (the -s3 "
       "target where output goes to S3)" % version, bad + s3_needed)


# ------------------------------------------------------------ recipes
class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref, !Sub, ...) as dicts."""


def _cfn_tag(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        v = loader.construct_scalar(node)
        if suffix == "GetAtt":
            v = v.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        v = loader.construct_sequence(node, deep=True)
    else:
        v = loader.construct_mapping(node, deep=True)
    return {name: v}


CfnLoader.add_multi_constructor("!", _cfn_tag)


def cfn(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=CfnLoader)


def resolve(v, params):
    """Fn::Sub and Ref of parameters (and AWS::Partition) as strings."""
    if isinstance(v, dict) and set(v) == {"Fn::Sub"}:
        return re.sub(r"\$\{([\w:]+)\}",
                      lambda m: params.get(m.group(1), m.group(0)),
                      v["Fn::Sub"])
    if isinstance(v, dict) and set(v) == {"Ref"} and v["Ref"] in params:
        return params[v["Ref"]]
    if isinstance(v, dict):
        return {k: resolve(x, params) for k, x in v.items()}
    if isinstance(v, list):
        return [resolve(x, params) for x in v]
    return v


def iam_policy(*args):
    p = subprocess.run([BIN, "iam-policy"] + list(args), capture_output=True,
                       text=True)
    return json.loads(p.stdout) if p.returncode == 0 else None


def run_stub_script(script, env, rc):
    """Run a recipe's shell lines with irready = a stub exiting 'rc'."""
    d = tempfile.mkdtemp(dir=TMP)
    shutil.copy(STUB, os.path.join(d, "irready"))
    log = os.path.join(d, "stub.log")
    e = {"PATH": d + ":/usr/bin:/bin", "STUB_LOG": log, "STUB_RC": str(rc)}
    e.update(env)
    p = subprocess.run(["sh", "-e", "-c", script], cwd=d, env=e,
                       capture_output=True, text=True)
    argv = []
    if os.path.exists(log):
        with open(log) as f:
            argv = f.read().split("\n\n")[0].split("\n")
    return p.returncode, argv, d, p.stdout + p.stderr


def recipes_tests():
    version = re.search(r'#define IRREADY_VERSION "(.*)"',
                        open("src/base/irready.h").read()).group(1)
    # CloudFormation: the policies are irready's
    p = subprocess.run([sys.executable or "python3",
                        "deploy/cloudformation/sync-policies.py", BIN,
                        "--check"], capture_output=True, text=True)
    ok(p.returncode == 0, "the templates' policies are what `irready "
       "iam-policy` prints now (sync-policies.py --check)",
       p.stdout + p.stderr)
    mr = cfn("deploy/cloudformation/member-role.yaml")
    oa = cfn("deploy/cloudformation/org-audit.yaml")
    role = mr["Resources"]["AuditRole"]["Properties"]
    mdefs = {k: v.get("Default") for k, v in mr["Parameters"].items()}
    odefs = {k: v.get("Default") for k, v in oa["Parameters"].items()}
    ok(len(role["Policies"]) == 1 and
       role["Policies"][0]["PolicyDocument"] == iam_policy() and
       "ManagedPolicyArns" not in role,
       "member-role.yaml: the role's one policy equals `irready iam-policy`")
    trust = role["AssumeRolePolicyDocument"]["Statement"]
    params = dict({k: "<%s>" % k for k in mdefs}, **{"AWS::Partition":
                                                    "aws"})
    params.update({k: v for k, v in mdefs.items() if v})
    t = resolve(trust, params)
    ok(len(t) == 1 and t[0]["Action"] == "sts:AssumeRole" and
       t[0]["Principal"] == {"AWS": "arn:aws:iam::<AuditAccountId>:root"} and
       t[0]["Condition"]["StringEquals"] == {"sts:ExternalId":
                                             "<ExternalId>"} and
       t[0]["Condition"]["ArnEquals"]["aws:PrincipalArn"] ==
       "arn:aws:iam::<AuditAccountId>:role/IRReadyAuditor" and
       resolve(role["RoleName"], params) == "IRReadyAudit",
       "member-role.yaml: IRReadyAudit trusts only the audit account's "
       "IRReadyAuditor, with the external id", json.dumps(t))
    ok(mdefs["AuditorRoleName"] == odefs["TaskRoleName"] and
       mdefs["RoleName"] == odefs["MemberRoleName"],
       "the two templates agree on the role names (%s, %s)"
       % (odefs["TaskRoleName"], odefs["MemberRoleName"]))
    res = oa["Resources"]
    pols = {p["PolicyName"]: p["PolicyDocument"]
            for p in res["TaskRole"]["Properties"]["Policies"]}
    # iam-policy writes the member role's partition as "*" (it runs before
    # any audit); the template names its own, ${AWS::Partition}
    got = resolve(pols.get("irready-org-audit"),
                  {"AWS::Partition": "*",
                   "MemberRoleName": odefs["MemberRoleName"]})
    ok(got == iam_policy("--org", "--role-name", odefs["MemberRoleName"]),
       "org-audit.yaml: the task role's audit policy equals `irready "
       "iam-policy --org --role-name %s`" % odefs["MemberRoleName"])
    cont = res["TaskDefinition"]["Properties"]["ContainerDefinitions"][0]
    cmd = cont["Command"]
    ok(cmd[:2] == [EP, "run"] and
       cmd[cmd.index("--role-name") + 1] == {"Ref": "MemberRoleName"} and
       cmd[cmd.index("--external-id") + 1] == {"Ref": "ExternalId"} and
       cont["User"].startswith("10001") and
       odefs["Image"].endswith(":%s-s3" % version),
       "org-audit.yaml: the task runs entrypoint.sh run --role-name "
       "MemberRoleName --external-id ExternalId as uid 10001, image "
       "irready:%s-s3" % version, json.dumps(cmd))
    sched = res["Schedule"]["Properties"]
    tgt = sched["Target"]
    ok(res["Schedule"]["Type"] == "AWS::Scheduler::Schedule" and
       tgt["EcsParameters"]["LaunchType"] == "FARGATE" and
       tgt["Arn"] == {"Fn::GetAtt": ["Cluster", "Arn"]} and
       odefs["ScheduleExpression"].startswith("cron(") and
       " MON " in odefs["ScheduleExpression"],
       "org-audit.yaml: EventBridge Scheduler runs the Fargate task weekly "
       "(%s)" % odefs["ScheduleExpression"])
    bucket = res["ReportBucket"]["Properties"]
    env = {e["Name"]: e["Value"] for e in cont["Environment"]}
    ok(oa["Conditions"]["UseObjectLock"] and
       bucket["ObjectLockEnabled"]["Fn::If"][0] == "UseObjectLock" and
       bucket["ObjectLockConfiguration"]["Fn::If"][1]["Rule"]
       ["DefaultRetention"]["Days"] == {"Ref": "ObjectLockRetentionDays"}
       and odefs["ObjectLockRetentionDays"] == 0 and
       env["OUTPUT_URI"] == {"Fn::Sub": "s3://${ReportBucket}/irready"} and
       pols["irready-reports"]["Statement"][0]["Action"] == "s3:PutObject",
       "org-audit.yaml: reports to the bucket, Object Lock optional (off by "
       "default)")
    lint = shutil.which("cfn-lint")
    if lint:
        p = subprocess.run([lint, "deploy/cloudformation/member-role.yaml",
                            "deploy/cloudformation/org-audit.yaml"],
                           capture_output=True, text=True)
        ok(p.returncode == 0, "cfn-lint: both templates", p.stdout)
        bad = os.path.join(TMP, "bad.yaml")
        with open("deploy/cloudformation/org-audit.yaml") as f:
            text = f.read()
        with open(bad, "w") as f:
            f.write(text.replace("Type: AWS::Scheduler::Schedule",
                                 "Type: AWS::Scheduler::Schedul"))
        p = subprocess.run([lint, bad], capture_output=True, text=True)
        ok(p.returncode != 0, "... and cfn-lint refuses a misspelt "
           "resource type", p.stdout)
    else:
        print("# SKIP cfn-lint: not installed (it is not in Debian or npm)")

    # iam-policy --org covers every Organizations and STS call of --org
    log = os.path.join(TMP, "requests.log")
    subprocess.run([BIN, "audit", "--replay", "fixtures/org", "--org",
                    "--now", "2026-11-28T00:00:00Z", "--quiet", "--format",
                    "csv", "--output-dir", os.path.join(TMP, "org")],
                   env=dict(os.environ, IRREADY_REQUEST_LOG=log),
                   capture_output=True)
    with open(log) as f:  # botocore names; these two services match IAM's
        called = {ln.split()[2] for ln in f if len(ln.split()) >= 3 and
                  ln.split()[2].split(":")[0] in ("organizations", "sts")}
    pol = iam_policy("--org") or {"Statement": []}
    allowed = set()
    for st in pol["Statement"]:
        a = st["Action"]
        allowed |= set(a if isinstance(a, list) else [a])
    org_only = allowed - {a for st in (iam_policy() or {})
                          .get("Statement", []) for a in st["Action"]}
    ok(called and called <= allowed and "sts:AssumeRole" in org_only and
       "organizations:ListAccounts" in org_only,
       "`irready iam-policy --org` allows every organizations/sts call of a "
       "replayed --org audit (%d actions), adds ListAccounts and "
       "sts:AssumeRole"
       % len(called), sorted(called - allowed))

    # GitHub Actions
    with open("deploy/github-actions/irready.yml", encoding="utf-8") as f:
        gh = yaml.safe_load(f)
    on = gh.get("on", gh.get(True))  # YAML 1.1 reads 'on' as true
    steps = gh["jobs"]["audit"]["steps"]
    by = {st.get("name"): st for st in steps}
    uses = [st.get("uses", "").split("@")[0] for st in steps]
    creds = next(st for st in steps if st.get("uses", "").startswith(
        "aws-actions/configure-aws-credentials"))
    ok("schedule" in on and gh["permissions"]["id-token"] == "write" and
       creds["with"]["role-to-assume"] and
       gh["env"]["IRREADY_VERSION"] == version,
       "github-actions: scheduled, OIDC (id-token: write) to "
       "role-to-assume, irready %s" % version)
    up = by.get("Upload the reports", {})
    gate = by.get("Gate on --fail-on", {})
    order = [st.get("name") for st in steps]
    ok(up.get("if") == "always()" and up["with"]["path"] ==
       "irready-out/" and "actions/upload-artifact" in uses and
       order.index("Audit") < order.index("Upload the reports") <
       order.index("Gate on --fail-on") and
       "steps.audit.outputs.exit == '1'" in gate.get("if", ""),
       "github-actions: audit, upload the reports always, then gate")
    audit = by["Audit"]
    for rc, want_exit, want_out in ((0, 0, "exit=0"), (1, 0, "exit=1"),
                                    (3, 3, "exit=3")):
        gho = os.path.join(TMP, "gh-output")
        open(gho, "w").close()
        got, argv, d, out = run_stub_script(
            audit["run"], {"GITHUB_OUTPUT": gho, "FAIL_ON": "medium",
                           "EXTRA_ARGS": "--org --role-name IRReadyAudit"},
            rc)
        with open(gho) as f:
            written = f.read().strip()
        ok(got == want_exit and written == want_out and
           argv[:2] == ["audit", "--output-dir"] and
           "--fail-on" in argv and
           argv[argv.index("--fail-on") + 1] == "medium" and
           argv[-3:] == ["--org", "--role-name", "IRReadyAudit"],
           "github-actions Audit step, irready exits %d: step exits %d, "
           "outputs %s" % (rc, want_exit, want_out),
           "%d %r %r\n%s" % (got, written, argv, out))
    build = by["Build and install the Debian package"]["run"]
    ok("make -C irready-src deb" in build and
       "irready_${IRREADY_VERSION}_amd64.deb" in build,
       "github-actions: installs the package 'make deb' builds")

    # GitLab
    with open("deploy/gitlab-ci.yml", encoding="utf-8") as f:
        gl = yaml.safe_load(f)
    job = gl["irready-audit"]
    ok(job["id_tokens"]["AWS_OIDC_TOKEN"]["aud"] == "sts.amazonaws.com" and
       job["artifacts"]["when"] == "always" and
       job["artifacts"]["reports"]["junit"] == "irready-out/junit.xml" and
       "make -C irready-src deb" in " ".join(gl["irready-build"]["script"])
       and gl["variables"]["IRREADY_VERSION"] == version,
       "gitlab-ci: OIDC id token for STS, the reports kept always, junit "
       "in the test report, built with make deb")
    script = "\n".join(job["script"][1:])  # after the apt-get install
    for rc, want in ((0, 0), (1, 1), (2, 2)):
        got, argv, d, out = run_stub_script(
            script, {"AWS_OIDC_TOKEN": "tok", "CI_BUILDS_DIR": TMP,
                     "IRREADY_ROLE_ARN": "arn:aws:iam::1:role/R",
                     "IRREADY_FAIL_ON": "high", "IRREADY_ARGS": ""}, rc)
        ok(got == want and argv[:2] == ["audit", "--output-dir"] and
           not os.path.exists(os.path.join(TMP, ".irready-oidc-token")),
           "gitlab-ci audit script, irready exits %d: job exits %d, token "
           "file removed" % (rc, want), "%d %r\n%s" % (got, argv, out))
    # the environment irready reads: exported by the script
    got, argv, d, out = run_stub_script(
        script.replace("irready audit", "env >env.txt; irready audit"),
        {"AWS_OIDC_TOKEN": "tok", "CI_BUILDS_DIR": TMP,
         "IRREADY_ROLE_ARN": "arn:aws:iam::1:role/R",
         "IRREADY_FAIL_ON": "high", "IRREADY_ARGS": ""}, 0)
    with open(os.path.join(d, "env.txt")) as f:
        envs = f.read()
    ok("AWS_ROLE_ARN=arn:aws:iam::1:role/R" in envs and
       "AWS_WEB_IDENTITY_TOKEN_FILE=%s/.irready-oidc-token" % TMP in envs,
       "gitlab-ci: irready gets AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE")

    # entrypoint.sh run: the scheduled task's mode
    out = os.path.join(TMP, "runout")
    for irc, want in ((0, 0), (1, 0), (2, 2), (3, 3)):
        shutil.rmtree(out, ignore_errors=True)
        rc, calls, err = entrypoint(["run", "--role-name", "IRReadyAudit"],
                                    {"OUTPUT_URI": out,
                                     "RUN_ID": "2026-11-30T030000Z"}, irc)
        argv = calls[0] if calls else []
        wrote = os.path.exists(os.path.join(out, "2026-11-30T030000Z",
                                            "findings.json"))
        ok(rc == want and wrote == (irc <= 1) and
           argv[:3] == ["audit", "--org", "--quiet"] and
           "html,csv,json,junit" in argv and argv[-2:] == ["--role-name",
                                                          "IRReadyAudit"],
           "entrypoint.sh run, irready exits %d: exit %d, reports %s "
           "OUTPUT_URI/RUN_ID/" % (irc, want, "in" if irc <= 1 else "not in"),
           "%d %r\n%s" % (rc, argv, err))

    # the README shows how to deploy them
    with open("deploy/README.md", encoding="utf-8") as f:
        readme = f.read()
    need = ["create-stack-set", "create-stack-instances",
            "cloudformation deploy", "org-audit.yaml", "member-role.yaml",
            "github-actions/irready.yml", "gitlab-ci.yml", "make deb",
            "make image", "run.sh", "submit.sh", "kubectl wait -n",
            "--timeout"]
    miss = [w for w in need if w not in readme]
    ok(not miss, "deploy/README.md shows the deploy commands", miss)


def shellcheck_tests():
    sc = shutil.which("shellcheck")
    scripts = sorted(glob.glob("deploy/*.sh") + glob.glob("deploy/*/*.sh"))
    if not sc:
        skip("shellcheck", "shellcheck is not installed")
        return
    p = subprocess.run([sc, "-s", "sh"] + scripts, capture_output=True,
                       text=True)
    ok(p.returncode == 0, "shellcheck -s sh: %s" % " ".join(scripts),
       p.stdout)


def main():
    images = []
    entrypoint_tests()
    kubernetes_tests(images)
    batch_tests(images)
    ecs_sfn_tests(images)
    dockerfile_tests(images)
    recipes_tests()
    shellcheck_tests()
    shutil.rmtree(TMP, ignore_errors=True)
    print("1..%d" % n_tests)
    return 1 if n_fail else 0


sys.exit(main())
