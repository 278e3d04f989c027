"""aws_endpoint_securityhub.py -- securityhub:BatchImportFindings for aws_endpoint.py

tests/aws_endpoint.py serves read-only fixtures; `irready export
security-hub` is the one command that writes, and its only call,
BatchImportFindings, is answered here instead of from a fixture (the
endpoint calls handle() after authentication and its fault injection, so
signatures are verified and --throttle/--error-rate apply to it too):

  * the JSON body must pass botocore's ParamValidator for the operation's
    input shape (1-100 findings), plus the model's enums and patterns,
    which ParamValidator skips; otherwise 400 InvalidInputException naming
    the first problem;
  * per finding: AwsAccountId must be the caller's account and ProductArn
    must be arn:<partition>:securityhub:<the signed region>:<caller>:
    product/<caller>/default, else it is a FailedFindings entry
    (AccessDeniedException / InvalidProductArn);
  * IRREADY_TEST_SH_FAIL (a regex on the finding Id) fails matching
    findings with InvalidInput ("rejected by the test"), every time;
    IRREADY_TEST_SH_TRANSIENT (a regex) fails matching findings the first
    time each Id is seen with InternalException, so a client's retry of
    transient partial failures can be tested;
  * the answer is 200 {"SuccessCount","FailedCount","FailedFindings"}.

The log line gets "imported": [Ids] and "failed": [[Id, ErrorCode]].
"""
import json
import os
import re
import sys
import threading
import uuid

_model = {}
_seen = set()
_lock = threading.Lock()


def _shapes():
    if not _model:
        import botocore.session
        from botocore.validate import ParamValidator
        s = botocore.session.get_session()
        op = s.get_service_model("securityhub").operation_model("BatchImportFindings")
        _model["input"] = op.input_shape
        _model["pv"] = ParamValidator()
    return _model["input"], _model["pv"]


def _walk(value, shape, path):
    t = shape.type_name
    if t == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                r = _walk(v, shape.members[k], "%s.%s" % (path, k))
                if r:
                    return r
    elif t == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            r = _walk(v, shape.member, "%s[%d]" % (path, i))
            if r:
                return r
    elif t == "map" and isinstance(value, dict):
        for k, v in value.items():
            r = _walk(v, shape.value, "%s.%s" % (path, k))
            if r:
                return r
    elif t == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            return "%s: %r is not one of %s" % (path, value, shape.enum)
        pat = shape.metadata.get("pattern")
        if pat and not re.match(pat, value, re.S):
            return "%s: %r does not match %s" % (path, value, pat)
    return None


def handle(h, rec, key, service, action, jbody, region):
    """Answer BatchImportFindings (True), or leave the request alone."""
    if service != "securityhub" or action != "BatchImportFindings":
        return False
    error_response = sys.modules[type(h).__module__].error_response
    shape, pv = _shapes()
    body = jbody if isinstance(jbody, dict) else {}
    report = pv.validate(body, shape)
    problem = report.generate_report().splitlines()[0] if report.has_errors() \
        else _walk(body, shape, "")
    if problem:
        st, hd, bd = error_response("rest-json", service, 400, "InvalidInputException",
                                    problem, h.server.models)
        h.send_error_resp(rec, st, hd, bd, "invalid-input")
        return True
    caller = key["account"]
    fail_rx = os.environ.get("IRREADY_TEST_SH_FAIL")
    transient_rx = os.environ.get("IRREADY_TEST_SH_TRANSIENT")
    imported, failed = [], []
    arn_rx = re.compile(r"^arn:aws(-cn|-us-gov)?:securityhub:%s:%s:product/%s/default$"
                        % (re.escape(region or ""), caller, caller))
    for f in body["Findings"]:
        fid = f["Id"]
        err = None
        if f["AwsAccountId"] != caller:
            err = ("AccessDeniedException",
                   "finding for account %s imported by %s" % (f["AwsAccountId"], caller))
        elif not arn_rx.match(f["ProductArn"]):
            err = ("InvalidProductArn", "ProductArn %s is not this account's "
                   "product in %s" % (f["ProductArn"], region))
        elif fail_rx and re.search(fail_rx, fid):
            err = ("InvalidInput", "rejected by the test")
        elif transient_rx and re.search(transient_rx, fid):
            with _lock:
                first = fid not in _seen
                _seen.add(fid)
            if first:
                err = ("InternalException", "try again")
        if err:
            failed.append({"Id": fid, "ErrorCode": err[0], "ErrorMessage": err[1]})
        else:
            imported.append(fid)
    rec["imported"] = imported
    rec["failed"] = [[x["Id"], x["ErrorCode"]] for x in failed]
    out = json.dumps({"FailedCount": len(failed), "SuccessCount": len(imported),
                      "FailedFindings": failed}).encode()
    h.send_raw(200, "OK", [("x-amzn-RequestId", str(uuid.uuid4())),
                           ("Content-Type", "application/json")], out, rec)
    return True
