#!/usr/bin/python3
"""t_tables.py -- irready's own tables, as tools read them

`irready datasets --json` and `irready services --json` (hidden; bench/
reads them instead of parsing C) agree with the sources they come from:
  - datasets: one per line of src/inventory/datasets.def, in its order;
    scopes, gates, inputs and waves are consistent (an input is collected
    in an earlier wave; IDENTITY and REGIONS are the gates, first)
  - policies/iam-readonly.json is what the descriptors declare: every
    dataset action is in "actions" or "drill_actions", and every action
    there is declared by a dataset; the file is byte for byte what
    `irready iam-policy --allowlist` prints (`make policies` writes it)
  - services: every service a dataset's actions name is in the table,
    with a known protocol and a signing name
  - a usage error without --json
TAP output. Env O: the build directory (default build).
"""
import json
import os
import re
import subprocess
import sys

O = os.environ.get("O", "build")
IRREADY = os.path.join(O, "irready")

n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond:
        failed += 1
        if diag:
            print("# " + str(diag).replace("\n", "\n# "))


def table(what):
    p = subprocess.run([IRREADY, what, "--json"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    ok(p.returncode == 0, "irready %s --json exits 0" % what, p.stderr)
    return json.loads(p.stdout)


ds = table("datasets")
names = [d["name"] for d in ds]
with open("src/inventory/datasets.def") as f:
    listed = re.findall(r"^DATASET\((\w+), (\w+)\)", f.read(), re.M)
ok(names == [a for a, _ in listed],
   "datasets --json lists datasets.def's %d datasets in order" % len(listed),
   "json %s\ndef  %s" % (names, [a for a, _ in listed]))
ok(all(b == a.lower() for a, b in listed),
   "datasets.def: each descriptor symbol is its NAME in lower case")
ok(names[:2] == ["IDENTITY", "REGIONS"] and
   [d["name"] for d in ds if d["gate"]] == ["IDENTITY", "REGIONS"],
   "IDENTITY and REGIONS are the gates, first")
by = {d["name"]: d for d in ds}
bad = []
for d in ds:
    if d["scope"] not in ("account", "region") or not d["description"] \
            or not d["actions"]:
        bad.append("%s: scope/description/actions" % d["name"])
    for i in d["inputs"]:
        if i not in by or by[i]["wave"] >= d["wave"]:
            bad.append("%s: input %s not in an earlier wave" % (d["name"], i))
    if not d["gate"] and d["wave"] <= by["REGIONS"]["wave"]:
        bad.append("%s: collected before REGIONS" % d["name"])
ok(not bad, "every dataset has a scope, description and actions, and "
   "comes after its inputs and the gates", "\n".join(bad))

with open("policies/iam-readonly.json") as f:
    pol = json.load(f)
allowed = set(pol["actions"]) | set(pol.get("drill_actions", []))
# (no check declares extra_actions today; test_allowlist.c covers those)
declared = {a for d in ds for a in d["actions"]}
STALE = "policies/iam-readonly.json is stale: run make policies"
ok(declared <= allowed, "every declared action is in iam-readonly.json",
   "%s\nmissing: %s" % (STALE, sorted(declared - allowed)))
ok(allowed <= declared, "iam-readonly.json holds no action nothing declares",
   "%s\nundeclared: %s" % (STALE, sorted(allowed - declared)))
p = subprocess.run([IRREADY, "iam-policy", "--allowlist"],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
with open("policies/iam-readonly.json", "rb") as f:
    ok(p.returncode == 0 and p.stdout == f.read(),
       "iam-readonly.json is what `irready iam-policy --allowlist` prints",
       STALE)

sv = table("services")
svc = {s["name"]: s for s in sv}
protos = {"ec2", "query", "json", "rest-json", "rest-xml"}
ok(all(s["protocol"] in protos and s["signing_name"] and
       s["endpoint_prefix"] for s in sv),
   "services: %d rows, each with a known protocol, signing name and "
   "endpoint prefix" % len(sv))
used = {a.split(":")[0] for d in ds for a in d["actions"]}
ok(used <= set(svc), "every service the datasets call is in the table",
   sorted(used - set(svc)))
ok(svc.get("iam", {}).get("global") is True and
   svc.get("ec2", {}).get("global") is False,
   "iam is global, ec2 regional")

p = subprocess.run([IRREADY, "datasets"], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
ok(p.returncode == 2 and b"usage" in p.stderr,
   "irready datasets without --json is a usage error (exit 2)")

print("1..%d" % n)
sys.exit(1 if failed else 0)
