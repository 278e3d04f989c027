"""aws_endpoint_drill.py -- the containment drill's EC2 dry runs for aws_endpoint.py

`irready audit --drill` sends three EC2 calls with DryRun=true
(ModifyInstanceAttribute, CreateSnapshot, CreateTags), signed with the
temporary credentials of the IR role it assumed (sts:AssumeRole, answered
by aws_endpoint.py, which registers the minted key with its "role_arn").
The endpoint calls handle() after authentication (the signature is already
verified against that key) and before the fixture is read:

  * the log line gets "signed_by": {"access_key_id", "role_arn"} (role_arn
    null for a long-term --key), so a test can tell whose credentials
    signed each dry run;
  * a call without exactly DryRun=true is answered 400
    InvalidParameterValue: the stand-in never pretends to change anything;
  * a dry run signed by a key that is not an assumed role's (the auditor's
    own) is answered 403 UnauthorizedOperation, as AWS answers a principal
    without the containment permissions: in this stand-in only the IR
    role holds them, so a drill that signs with the auditor's key fails;
  * otherwise the fixture answers (DryRunOperation, HTTP 412).

iam:SimulatePrincipalPolicy for a role of the endpoint's drill_roles
(role ARN -> policy statements, as a test sets them) is evaluated here the
way IAM evaluates identity policies, over the request's ActionNames,
ResourceArns (default "*") and ContextEntries: a statement applies when
its Action and Resource globs match (* and ?; actions case-insensitively)
and every Condition holds (StringEquals, StringLike, Bool, ArnLike, with
...IfExists; a key the context lacks fails the condition and is listed in
MissingContextValues); an applicable Deny is explicitDeny, else an
applicable Allow is allowed, else implicitDeny. With ResourceArns, each
resource's decision is in ResourceSpecificResults and EvalDecision is the
action's overall one (allowed only when allowed on every resource).
Other roles' simulations are answered by their fixtures.
"""
import re
import sys
import uuid
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape


def _glob(pattern, value, fold=False):
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c)
                 for c in pattern)
    return re.fullmatch(rx, value, re.S | (re.I if fold else 0)) is not None


def _list(v):
    return v if isinstance(v, list) else [v]


def _condition(cond, ctx, missing):
    """Whether every operator of a statement's Condition holds in ctx."""
    for op, kv in (cond or {}).items():
        if_exists = op.endswith("IfExists")
        base = op[:-len("IfExists")] if if_exists else op
        for key, want in kv.items():
            have = ctx.get(key.lower())
            if have is None:
                if if_exists:
                    continue
                missing.append(key)
                return False
            want = [str(w).lower() if base == "Bool" else str(w)
                    for w in _list(want)]
            if base in ("StringEquals", "Bool"):
                hit = any(h in want for h in have)
            elif base in ("StringLike", "ArnLike"):
                hit = any(_glob(w, h) for w in want for h in have)
            else:
                raise ValueError("aws_endpoint_drill: condition operator "
                                 "%s is not modelled" % op)
            if not hit:
                return False
    return True


def evaluate(stmts, action, resource, ctx):
    """('allowed'|'explicitDeny'|'implicitDeny', [missing context keys])"""
    allowed, missing = False, []
    for st in stmts:
        if not any(_glob(a, action, fold=True)
                   for a in _list(st.get("Action", []))):
            continue
        if not any(_glob(r, resource)
                   for r in _list(st.get("Resource", "*"))):
            continue
        if not _condition(st.get("Condition"), ctx, missing):
            continue
        if st.get("Effect") == "Deny":
            return "explicitDeny", missing
        allowed = True
    return ("allowed" if allowed else "implicitDeny"), missing


def _members(params, prefix):
    out, i = [], 1
    while prefix + str(i) in params:
        out.append(params[prefix + str(i)])
        i += 1
    return out


def _context(params):
    ctx, i = {}, 1
    while "ContextEntries.member.%d.ContextKeyName" % i in params:
        name = params["ContextEntries.member.%d.ContextKeyName" % i]
        vals = _members(params, "ContextEntries.member.%d."
                        "ContextKeyValues.member." % i)
        if params.get("ContextEntries.member.%d.ContextKeyType" % i) \
                == "boolean":
            vals = [v.lower() for v in vals]
        ctx[name.lower()] = vals
        i += 1
    return ctx


def _missing_xml(keys, indent):
    if not keys:
        return "%s<MissingContextValues/>\n" % indent
    return "%s<MissingContextValues>\n%s%s</MissingContextValues>\n" % (
        indent, "".join("%s  <member>%s</member>\n" % (indent, escape(k))
                        for k in dict.fromkeys(keys)), indent)


def simulate(stmts, params):
    """The SimulatePrincipalPolicy response body for 'params'."""
    ctx = _context(params)
    arns = _members(params, "ResourceArns.member.")
    out = []
    for action in _members(params, "ActionNames.member."):
        per = [(r,) + evaluate(stmts, action, r, ctx) for r in arns or ["*"]]
        decs = [d for _, d, _ in per]
        overall = ("allowed" if all(d == "allowed" for d in decs) else
                   "explicitDeny" if "explicitDeny" in decs else
                   "implicitDeny")
        m = ("      <member>\n        <EvalDecision>%s</EvalDecision>\n"
             "        <EvalActionName>%s</EvalActionName>\n"
             "        <EvalResourceName>%s</EvalResourceName>\n"
             "        <MatchedStatements/>\n"
             % (overall, escape(action), escape(arns[0] if arns else "*")))
        if arns:
            m += "        <MissingContextValues/>\n"
            m += "        <ResourceSpecificResults>\n"
            for r, d, miss in per:
                m += ("          <member>\n"
                      "            <EvalResourceName>%s</EvalResourceName>\n"
                      "            <EvalResourceDecision>%s"
                      "</EvalResourceDecision>\n"
                      "            <MatchedStatements/>\n"
                      % (escape(r), d))
                m += _missing_xml(miss, "            ")
                m += "          </member>\n"
            m += "        </ResourceSpecificResults>\n"
        else:
            m += _missing_xml(per[0][2], "        ")
        out.append(m + "      </member>\n")
    rid = str(uuid.uuid4())
    return ('<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws'
            '.com/doc/2010-05-08/">\n  <SimulatePrincipalPolicyResult>\n'
            '    <IsTruncated>false</IsTruncated>\n    <EvaluationResults>\n'
            '%s    </EvaluationResults>\n  </SimulatePrincipalPolicyResult>\n'
            '  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n'
            '  </ResponseMetadata>\n</SimulatePrincipalPolicyResponse>\n'
            % ("".join(out), rid)).encode(), rid

DRY_RUN_ACTIONS = ("ModifyInstanceAttribute", "CreateSnapshot", "CreateTags")


def handle(handler, rec, key, akid, service, action, body, raw_query):
    """True when it answered; False to let the fixture answer."""
    if service == "iam" and action == "SimulatePrincipalPolicy":
        params = dict(parse_qsl(body.decode("utf-8", "replace"),
                                keep_blank_values=True))
        stmts = handler.server.opts.drill_roles.get(
            params.get("PolicySourceArn"))
        if stmts is None:
            return False
        rec["simulated"] = {"params": params}
        bd, rid = simulate(stmts, params)
        handler.send_raw(200, "OK", [("Content-Type", "text/xml"),
                                     ("x-amzn-RequestId", rid)], bd, rec)
        return True
    if service != "ec2" or action not in DRY_RUN_ACTIONS:
        return False
    params = dict(parse_qsl(raw_query or "", keep_blank_values=True))
    params.update(parse_qsl(body.decode("utf-8", "replace"),
                            keep_blank_values=True))
    rec["signed_by"] = {"access_key_id": akid,
                        "role_arn": key.get("role_arn")}
    if params.get("DryRun") != "true":
        # aws_endpoint's error_response (run as a script or imported)
        ae = sys.modules[type(handler).__module__]
        st, hd, bd = ae.error_response(
            "ec2", service, 400, "InvalidParameterValue",
            "aws_endpoint_drill: %s without DryRun=true" % action,
            handler.server.models)
        handler.send_error_resp(rec, st, hd, bd, "drill-no-dry-run")
        return True
    if not key.get("role_arn"):
        handler.fail(rec, "ec2", service, "deny",
                     "You are not authorized to perform this operation.",
                     fault="drill-not-ir-role")
        return True
    return False
