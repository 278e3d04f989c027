"""ocsf_schema.py -- validate OCSF events against the vendored schema.

Stdlib only. Reads the schema's source files (tests/vendor/ocsf/, see its
SOURCE) the way the OCSF schema server compiles them:

  * a class is its events/**/<name>.json merged over the classes it
    "extends" (detection_finding -> finding -> base_event); an object is
    objects/<name>.json merged over its "extends" chain (resource_details ->
    _resource -> _entity -> object);
  * "$include" pulls in includes/*.json and profiles/*.json; attributes of a
    profile file belong to that profile unless the class says
    "profile": null;
  * each attribute is the dictionary.json definition deep-merged with the
    class/object's (so an enum adds to the dictionary's 0 Unknown/99 Other).

validate_event() checks, recursively through every object present: unknown
attributes (strict), required attributes, profile attributes only when the
profile is listed in metadata.profiles, types (string/integer/long/float/
boolean/json and derived types with their regex), arrays, enum values,
enum siblings (status_id 1 -> status "New" unless 99 Other), the entity
constraint at_least_one/just_one, and the classification arithmetic
(class_uid = category_uid * 1000 + class uid, type_uid = class_uid * 100 +
activity_id, captions). Returns a list of error strings.
"""
import json
import os
import re

PRIMITIVE = {
    "string_t": str,
    "integer_t": int,
    "long_t": int,
    "float_t": (int, float),
    "boolean_t": bool,
}


def deep_merge(base, over):
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


class Schema:
    def __init__(self, root):
        self.root = root
        self.version = self._load("version.json")["version"]
        self.dictionary = self._load("dictionary.json")
        self.dict_attrs = self.dictionary["attributes"]
        self.types = self.dictionary["types"]["attributes"]
        self.categories = self._load("categories.json")["attributes"]
        self.events = {}
        for dirpath, _dirs, files in os.walk(os.path.join(root, "events")):
            for fn in files:
                if fn.endswith(".json"):
                    d = self._load(os.path.relpath(os.path.join(dirpath, fn), root))
                    self.events[d["name"]] = d
        self.profiles = set()
        self._objects = {}

    def _load(self, rel):
        path = os.path.join(self.root, rel)
        if not os.path.exists(path):
            raise KeyError("schema file %s is not vendored (copy it from "
                           "the commit named in SOURCE)" % rel)
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)

    def _own_attributes(self, d):
        attrs = {}
        for inc in d.get("attributes", {}).get("$include", []):
            idoc = self._load(inc)
            prof = idoc.get("name") if idoc.get("meta") == "profile" else None
            if prof:
                self.profiles.add(prof)
            for k, v in idoc["attributes"].items():
                v = dict(v)
                if prof and "profile" not in v:
                    v["profile"] = prof
                attrs[k] = deep_merge(attrs.get(k, {}), v)
        for k, v in d.get("attributes", {}).items():
            if k == "$include":
                continue
            attrs[k] = deep_merge(attrs.get(k, {}), v)
        return attrs

    def _resolve(self, d, loader):
        chain = [d]
        while chain[-1].get("extends"):
            chain.append(loader(chain[-1]["extends"]))
        attrs, constraints = {}, {}
        for doc in reversed(chain):
            attrs = deep_merge(attrs, self._own_attributes(doc))
            constraints.update(doc.get("constraints", {}))
        full = {}
        for k, v in attrs.items():
            base = self.dict_attrs.get(k)
            if base is None:
                raise KeyError("attribute %s of %s is not in dictionary.json"
                               % (k, d["name"]))
            full[k] = deep_merge(base, v)
        return full, constraints

    def event_class(self, name):
        d = self.events[name]
        attrs, cons = self._resolve(d, lambda n: self.events[n])
        cat = None
        for doc_name in self._chain_names(name):
            cat = cat or self.events[doc_name].get("category")
        return {"name": name, "caption": d["caption"], "uid": d.get("uid"),
                "category": cat, "attributes": attrs, "constraints": cons}

    def _chain_names(self, name):
        while name:
            yield name
            name = self.events[name].get("extends")

    def obj(self, name):
        if name not in self._objects:
            d = self._load("objects/%s.json" % name)
            attrs, cons = self._resolve(
                d, lambda n: self._load("objects/%s.json" % n))
            self._objects[name] = {"name": name, "caption": d.get("caption"),
                                   "attributes": attrs, "constraints": cons}
        return self._objects[name]

    # ---- validation -------------------------------------------------
    def _base_type(self, t):
        regexes = []
        seen = 0
        while t not in PRIMITIVE and t != "json_t" and seen < 10:
            td = self.types.get(t)
            if td is None:
                return None, regexes
            if "regex" in td:
                regexes.append(td["regex"])
            t = td["type"]
            seen += 1
        return t, regexes

    def _value(self, v, attr, name, path, profiles, errs):
        t = attr.get("type")
        if t == "object":
            if not isinstance(v, dict):
                errs.append("%s: must be an object" % path)
            return
        if t in self.types:
            base, regexes = self._base_type(t)
            if base is None:
                errs.append("%s: unknown type %s" % (path, t))
                return
            if base == "json_t":
                return
            py = PRIMITIVE[base]
            if isinstance(v, bool) and base != "boolean_t":
                errs.append("%s: %r is a boolean, not %s" % (path, v, t))
                return
            if not isinstance(v, py):
                errs.append("%s: %r is not of type %s" % (path, v, t))
                return
            if base == "integer_t" and not -2**31 <= v < 2**31:
                errs.append("%s: %r out of integer_t range" % (path, v))
            if base == "long_t" and not -2**63 <= v < 2**63:
                errs.append("%s: %r out of long_t range" % (path, v))
            for rx in regexes:
                if not re.match(rx, v):
                    errs.append("%s: %r does not match %s's regex" % (path, v, t))
            enum = attr.get("enum")
            if enum is not None and str(v) not in enum:
                errs.append("%s: %r is not one of %s" % (path, v, sorted(enum, key=int)))
            return
        # an object type
        if not isinstance(v, dict):
            errs.append("%s: must be a %s object" % (path, t))
            return
        try:
            o = self.obj(t)
        except KeyError as e:
            errs.append("%s: %s" % (path, e))
            return
        self._object(v, o["attributes"], o["constraints"], path, profiles, errs)

    def _object(self, d, attrs, constraints, path, profiles, errs):
        for k, v in d.items():
            p = "%s.%s" % (path, k) if path else k
            a = attrs.get(k)
            if a is None:
                errs.append("%s: not an attribute of this object" % p)
                continue
            prof = a.get("profile")
            if prof and prof not in profiles:
                errs.append("%s: belongs to profile '%s', which "
                            "metadata.profiles does not list" % (p, prof))
            if v is None:
                errs.append("%s: null (omit the attribute instead)" % p)
                continue
            if a.get("is_array"):
                if not isinstance(v, list):
                    errs.append("%s: must be an array" % p)
                    continue
                for i, item in enumerate(v):
                    self._value(item, a, k, "%s[%d]" % (p, i), profiles, errs)
            else:
                if isinstance(v, list):
                    errs.append("%s: must not be an array" % p)
                    continue
                self._value(v, a, k, p, profiles, errs)
            sib = a.get("sibling")
            if sib and "enum" in a and sib in d and isinstance(v, int):
                cap = a["enum"].get(str(v), {}).get("caption")
                if v != 99 and cap is not None and d[sib] != cap:
                    errs.append("%s: %r but %s is %r (expected %r)"
                                % (p, v, sib, d[sib], cap))
                if v == 99 and not d[sib]:
                    errs.append("%s: 99 Other needs a non-empty %s" % (p, sib))
        for k, a in attrs.items():
            prof = a.get("profile")
            if a.get("requirement") == "required" and k not in d and \
                    (not prof or prof in profiles):
                errs.append("%s: required attribute missing"
                            % ("%s.%s" % (path, k) if path else k))
        for kind, names in constraints.items():
            present = [n for n in names if n in d]
            if kind == "at_least_one" and not present:
                errs.append("%s: needs at least one of %s" % (path or "event", names))
            if kind == "just_one" and len(present) != 1:
                errs.append("%s: needs exactly one of %s" % (path or "event", names))

    def validate_event(self, ev, class_name):
        errs = []
        if not isinstance(ev, dict):
            return ["event is not an object"]
        cls = self.event_class(class_name)
        cat = self.categories[cls["category"]]
        meta = ev.get("metadata") if isinstance(ev.get("metadata"), dict) else {}
        profiles = meta.get("profiles", []) or []
        for p in profiles:
            if p not in self.profiles:
                errs.append("metadata.profiles: '%s' is not a profile this "
                            "class can apply" % p)
        class_uid = cat["uid"] * 1000 + cls["uid"]
        # as the schema server does: the class's own uids are the enums
        attrs = dict(cls["attributes"])
        attrs["class_uid"] = dict(attrs["class_uid"], enum={str(class_uid): {"caption": cls["caption"]}})
        attrs["category_uid"] = dict(attrs["category_uid"], enum={str(cat["uid"]): {"caption": cat["caption"]}})
        self._object(ev, attrs, cls["constraints"], "", set(profiles), errs)
        want = {"category_uid": cat["uid"], "category_name": cat["caption"],
                "class_uid": class_uid, "class_name": cls["caption"]}
        for k, v in want.items():
            if k in ev and ev[k] != v:
                errs.append("%s: %r, expected %r" % (k, ev[k], v))
        act = ev.get("activity_id")
        if isinstance(act, int):
            if ev.get("type_uid") != class_uid * 100 + act:
                errs.append("type_uid: %r, expected %d" % (ev.get("type_uid"), class_uid * 100 + act))
            acap = cls["attributes"]["activity_id"]["enum"].get(str(act), {}).get("caption")
            if "type_name" in ev and acap and ev["type_name"] != "%s: %s" % (cls["caption"], acap):
                errs.append("type_name: %r, expected %r" % (ev["type_name"], "%s: %s" % (cls["caption"], acap)))
        if meta.get("version") != self.version:
            errs.append("metadata.version: %r, the schema is %s" % (meta.get("version"), self.version))
        return errs
