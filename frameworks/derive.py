#!/usr/bin/python3
"""derive.py -- the "checks" of the tag-derived framework files, from the catalog.

The check descriptors are the one source of truth for which checks evidence
a requirement: each check's `frameworks` field (checks/<id>.c) carries tags
such as "CIS-3.0:3.7", "NIST-CSF-2.0:DE.CM-01" or "SEC10-BP03". For the
framework files below, a requirement's "checks" is derived from those tags
(or, for NIST SP 800-61 Rev. 2, from the checks' phases; for CIS v7.0.0
through each recommendation's "cis_3_0" crosswalk to v3.0.0's tags);
tests/t_frameworks.py fails when a file and the catalog disagree, and

    python3 frameworks/derive.py [build/irready]

rewrites the "checks" arrays (ids and titles are kept as they are). The
AWS Security Incident Response Guide mapping (aws-ir-guide.json) has no
tags in the descriptors and is kept by hand; the loader checks its ids.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
R2_PHASES = {"3.1": "preparation", "3.2": "detection", "3.3": "containment",
             "3.4": "post-incident"}
# framework id -> (tag prefix, how a requirement id matches a tag's rest)
TAGGED = {
    "cis-3.0": ("CIS-3.0:", "exact"),
    "nist-csf-2.0": ("NIST-CSF-2.0:", "exact"),
    "nist-800-61r3": ("NIST-CSF-2.0:", "category"),
    "aws-wa-sec10": ("", "exact"),
}
# framework id -> (the framework its requirements name, the key naming them):
# a requirement is evidenced by the checks of the requirements it continues
CROSSWALK = {
    "cis-7.0": ("cis-3.0", "cis_3_0"),
}


def _matches(rest, req_id, how):
    return rest == req_id if how == "exact" else rest.startswith(req_id + "-")


def derived_checks(fw_id, req, catalog):
    """The check ids (catalog order) that evidence requirement 'req' (its
    dict from the file), or None when 'fw_id' is not derived from the
    catalog."""
    req_id = req["id"]
    if fw_id in CROSSWALK:
        fw_from, key = CROSSWALK[fw_id]
        got = []
        for other in req.get(key, []):
            got += [c for c in derived_checks(fw_from, {"id": other}, catalog) if c not in got]
        return [c["id"] for c in catalog if c["id"] in got]
    if fw_id == "nist-800-61r2":
        return [c["id"] for c in catalog if c["phase"] == R2_PHASES.get(req_id)]
    if fw_id not in TAGGED:
        return None
    prefix, how = TAGGED[fw_id]
    return [c["id"] for c in catalog
            if any(t.startswith(prefix) and _matches(t[len(prefix):], req_id, how)
                   for t in c["frameworks"])]


def orphan_tags(fw, catalog):
    """Tags of the framework's prefix that name no requirement of 'fw'."""
    if fw["id"] not in TAGGED or not TAGGED[fw["id"]][0]:
        return []
    prefix, how = TAGGED[fw["id"]]
    ids = [q["id"] for q in fw["requirements"]]
    return sorted({(c["id"], t) for c in catalog for t in c["frameworks"]
                   if t.startswith(prefix) and
                   not any(_matches(t[len(prefix):], i, how) for i in ids)})


def catalog_of(binary):
    out = subprocess.run([binary, "checks", "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["checks"]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build", "irready")
    catalog = catalog_of(binary)
    rc = 0
    for fn in sorted(os.listdir(HERE)):
        if not fn.endswith(".json"):
            continue
        path = os.path.join(HERE, fn)
        with open(path) as fh:
            fw = json.load(fh)
        if derived_checks(fw["id"], fw["requirements"][0], catalog) is None:
            continue
        for q in fw["requirements"]:
            q["checks"] = sorted(derived_checks(fw["id"], q, catalog))
        for c, t in orphan_tags(fw, catalog):
            print("%s: check %s has tag %s, which names no requirement" % (fn, c, t),
                  file=sys.stderr)
            rc = 1
        with open(path, "w") as fh:
            json.dump(fw, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    return rc


if __name__ == "__main__":
    sys.exit(main())
