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
"""
import sys
from urllib.parse import parse_qsl

DRY_RUN_ACTIONS = ("ModifyInstanceAttribute", "CreateSnapshot", "CreateTags")


def handle(handler, rec, key, akid, service, action, body, raw_query):
    """True when it answered; False to let the fixture answer."""
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
