#!/usr/bin/python3
# sync-policies.py -- write `irready iam-policy` into the CloudFormation
# templates, so that the roles carry exactly what irready needs
#
#   python3 deploy/cloudformation/sync-policies.py [BIN] [--check]
#
# member-role.yaml gets `irready iam-policy` (the member accounts' role);
# org-audit.yaml's task role gets `irready iam-policy --org --role-name
# IRReadyAudit` with the member role's ARN written as a Fn::Sub of the
# template's MemberRoleName parameter. Each policy sits between the lines
# "# BEGIN irready iam-policy ..." and "# END irready iam-policy" as a
# JSON flow mapping (JSON is YAML). --check: change nothing, exit 1 when a
# template differs from what would be written (tests/t_deploy.py runs it).
# `make policies` runs it, after writing policies/iam-readonly.json.
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MEMBER_ROLE = "IRReadyAudit"  # org-audit.yaml's MemberRoleName default


def policy(binary, *args):
    out = subprocess.run([binary, "iam-policy"] + list(args), check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def org_policy(binary):
    doc = policy(binary, "--org", "--role-name", MEMBER_ROLE)
    arn = "arn:*:iam::*:role/" + MEMBER_ROLE
    for st in doc["Statement"]:
        if st.get("Resource") == arn:
            st["Resource"] = {
                "Fn::Sub": "arn:${AWS::Partition}:iam::*:role/"
                           "${MemberRoleName}"}
    return doc


def splice(text, doc, path):
    """Replace the block between the BEGIN/END markers with 'doc'."""
    m = re.search(r"^( *)# BEGIN irready iam-policy[^\n]*\n(.*?)"
                  r"^ *# END irready iam-policy", text, re.M | re.S)
    if not m:
        raise SystemExit("sync-policies.py: %s has no BEGIN/END irready "
                         "iam-policy markers" % path)
    ind = m.group(1)
    body = json.dumps(doc, indent=2).splitlines()
    block = ind + "PolicyDocument:\n" + "".join(
        ind + "  " + ln + "\n" for ln in body)
    return text[:m.start(2)] + block + text[m.end(2):]


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    binary = args[0] if args else "build/irready"
    stale = []
    for name, doc in (("member-role.yaml", policy(binary)),
                      ("org-audit.yaml", org_policy(binary))):
        path = os.path.join(HERE, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        new = splice(text, doc, path)
        if new != text:
            stale.append(path)
            if not check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
    if check and stale:
        print("out of date with `irready iam-policy`: %s\nrun make policies "
              "(or: python3 deploy/cloudformation/sync-policies.py %s)"
              % (" ".join(stale), binary))
        return 1
    return 0


sys.exit(main())
