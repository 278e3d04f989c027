#!/usr/bin/python3
"""t_conformance.py -- check every replay fixture against botocore's models.

Run from the repo root with Debian's python3 (python3-botocore):

    /usr/bin/python3 tests/t_conformance.py

Generic: it knows no service, operation or check of irready. Everything is
derived from the file name and botocore's data, so adding a service or a
scenario needs no edit here. For every
fixtures/<scenario>/<account>/<region|global>/<service>.<Action>[.<res>][.page-<tok>].http:

  * <service> is a botocore service name (any of
    loader.list_available_services('service-2'); newest API version), and
    <Action> an operation of it. The protocol comes from the model metadata:
    ec2, query, json, rest-json or rest-xml;
  * the directory fits the service: partition-global services (endpoints.json
    says isRegionalized=false, or the partition endpoint is the only one:
    iam, organizations, account, route53, cloudfront, support, ...) live under
    global/, every other service under a region. S3 is special: ListBuckets
    and GetBucketLocation may be under global/ or a region; per-bucket calls
    must be under a region, the bucket's region when a GetBucketLocation file
    of that account says which;
  * the name parts are sanitized (fixtures/README.md);
  * the raw HTTP response (status line, headers, blank line, body) is
    well-formed and its headers fit the protocol (Content-Type, request id);
  * botocore parses it exactly as it would a live response
    (botocore.parsers.create_parser(protocol).parse(...)): 2xx without an
    Error key and with the model's status code; non-2xx with a non-empty
    Error.Code that is modeled for the service or a generic AWS code, with the
    model's error.httpStatusCode;
  * the envelope is right: EC2/awsQuery root <Action>Response, awsQuery
    <Action>Result + ResponseMetadata; error envelopes per protocol (EC2
    <Response><Errors>, awsQuery <ErrorResponse>, json __type, rest-json
    x-amzn-ErrorType, rest-xml bare S3 <Error> or <ErrorResponse>, S3
    Control's <ErrorResponse> without <Type> but with <HostId>, S3 HEAD
    errors without a body);
  * STRICT member validation: botocore silently ignores unknown members, so
    every XML element / attribute and JSON key of a success body (and every
    header-bound output member) must be a member of the model shape (by wire
    name) recursively, with scalar types and enum values checked, so a typo
    fails. rest-xml: the root element is not checked (S3 names it freely);
    flattened lists and xsi:type attributes follow the model; string/blob
    payloads (S3 GetBucketPolicy) are opaque;
  * iam.GetCredentialReport: the CSV has the documented header and types;
  * no secrets: no aws_secret_access_key, no X-Amz-Security-Token, no
    <SecretAccessKey>, and no 40-character secret-looking string near an
    AKIA/ASIA key id;
  * every 12-digit account in an ARN is the directory's account (except
    Organizations ARNs, which name the management account, and the accounts
    listed in scenario.json "external_accounts").
Per scenario: scenario.json parses (description, accounts, home_region, now);
every account has a directory and nothing else is there; GetCallerIdentity
returns the directory's account; regions that DescribeRegions reports as not
opted in have no directory. Across all fixtures: request ids are unique.

Which files must exist (irready's call graph) is NOT checked here:
tests/t_fixture_coverage.sh runs irready over each scenario and requires every
call to have a file and every file to be served. Scores are covered by the
golden tests. Output is TAP; exit status 1 on any failure. No network access:
sockets are disabled.

Environment: FIXTURES_DIR (default fixtures/) so that a scratch copy can prove
a check bites.
"""
import base64
import binascii
import csv
import io
import json
import os
import re
import socket
import sys
import xml.etree.ElementTree as ET

try:
    import botocore
    import botocore.loaders
    import botocore.model
    import botocore.parsers
    from botocore.awsrequest import HeadersDict
except ImportError as e:
    print("not ok 1 - import botocore (%s); run with Debian's /usr/bin/python3 and python3-botocore" % e)
    print('1..1')
    sys.exit(1)


def _no_network(*a, **k):
    raise RuntimeError('t_conformance.py must not use the network')


socket.socket.connect = socket.socket.connect_ex = _no_network
socket.create_connection = socket.getaddrinfo = _no_network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.environ.get('FIXTURES_DIR') or os.path.join(ROOT, 'fixtures')
if not os.path.isabs(FIXTURES):
    FIXTURES = os.path.join(ROOT, FIXTURES)

# Partition-global services, in addition to what endpoints.json says (a
# fallback should endpoints.json change shape).
GLOBAL_FALLBACK = {'iam', 'organizations', 'account', 'route53', 'cloudfront', 'support'}
# S3 operations that may live under global/ as well as under a region.
S3_ANYWHERE = {'ListBuckets', 'GetBucketLocation'}
ENABLED_OPT_IN = ('opt-in-not-required', 'opted-in')
CR_HEADER = ['user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used',
             'password_last_changed', 'password_next_rotation', 'mfa_active', 'access_key_1_active',
             'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
             'access_key_1_last_used_service', 'access_key_2_active', 'access_key_2_last_rotated',
             'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
             'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated']
CR_DATES = {'user_creation_time', 'password_last_used', 'password_last_changed', 'password_next_rotation',
            'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_2_last_rotated',
            'access_key_2_last_used_date', 'cert_1_last_rotated', 'cert_2_last_rotated'}
CR_BOOLS = {'password_enabled', 'mfa_active', 'access_key_1_active', 'access_key_2_active', 'cert_1_active',
            'cert_2_active'}
# Error codes AWS sends for any operation of any service (auth, throttling,
# validation, ...) although the models do not list them, with their status
# where it is fixed (None: not checked).
GENERIC_ERRORS = {
    'AccessDenied': 403, 'AccessDeniedException': None, 'UnauthorizedOperation': 403,
    'UnauthorizedException': None, 'UnrecognizedClientException': 400, 'InvalidClientTokenId': 403,
    'SignatureDoesNotMatch': 403, 'InvalidSignatureException': 400, 'IncompleteSignature': 400,
    'MissingAuthenticationToken': 403, 'AuthFailure': 401, 'ExpiredToken': None, 'ExpiredTokenException': 400,
    'RequestExpired': None, 'OptInRequired': 403, 'SubscriptionRequiredException': 400,
    'Throttling': 400, 'ThrottlingException': None, 'RequestLimitExceeded': 503, 'TooManyRequestsException': None,
    'SlowDown': 503, 'InternalFailure': 500, 'InternalError': 500, 'InternalServerError': 500,
    'InternalServerException': 500, 'ServiceUnavailable': 503, 'ServiceUnavailableException': 503,
    'Unavailable': 503, 'ValidationException': 400, 'ValidationError': 400, 'InvalidParameterValue': 400,
    'InvalidAction': 400, 'ResourceNotFoundException': None, 'AllAccessDisabled': 403,
    'PermanentRedirect': 301, 'AuthorizationHeaderMalformed': 400,
}
# EC2's answer to DryRun=true when the call would have succeeded (the
# containment drill, irready audit --drill): an error envelope, HTTP 412.
GENERIC_ERRORS['DryRunOperation'] = 412
# S3 answers "this bucket has no <configuration>" with unmodeled 404 codes
# (NoSuchLifecycleConfiguration, ServerSideEncryptionConfigurationNotFoundError, ...).
NOT_CONFIGURED_RE = re.compile(r'^(NoSuch[A-Z]\w*|\w+NotFound(Error|Exception)?)$')
ISO_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$')
ARN_ACCOUNT_RE = re.compile(rb'arn:aws[a-z-]*:([a-z0-9-]+):[a-z0-9-]*:(\d{12}):')
KEY_ID_RE = re.compile(rb'(?:AKIA|ASIA)[A-Z0-9]{16}')
SECRET_RE = re.compile(rb'(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])')
SECRET_WORDS_RE = re.compile(rb'aws_secret_access_key|x-amz-security-token|<SecretAccessKey>\s*[^<\s]'
                             rb'|"SecretAccessKey"\s*:\s*"[^"]', re.I)
NAME_RE = re.compile(r'^([a-z0-9-]+)\.([A-Za-z0-9]+)(?:\.(.+))?\.http$')
REGION_RE = re.compile(r'^[a-z]{2}(-[a-z]+)+-\d$')


class Fail(Exception):
    pass


# ---------------------------------------------------------------- models
_loader = botocore.loaders.create_loader()
_available = None
_models = {}
_global = None


def service_model(svc):
    global _available
    if _available is None:
        _available = set(_loader.list_available_services('service-2'))
    if svc not in _available:
        raise Fail('%r is not a botocore service name (botocore %s knows %d services)'
                   % (svc, botocore.__version__, len(_available)))
    if svc not in _models:  # load_service_model picks the newest API version
        _models[svc] = botocore.model.ServiceModel(supplemented(svc, _loader.load_service_model(svc, 'service-2')),
                                                   svc)
    return _models[svc]


def supplemented(svc, model):
    """The model plus tests/botocore-supplement/<svc>.json: operations (and
    their shapes) newer than the installed botocore, copied from a newer
    botocore's model. Only what the installed model lacks is added: new
    operations and shapes, and new values of an existing shape's enum
    (iam's summaryKeyType gained AccountPasswordPresent)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'botocore-supplement', svc + '.json')
    if not os.path.exists(path):
        return model
    with open(path) as f:
        sup = json.load(f)
    for kind in ('operations', 'shapes'):
        for name, v in sup.get(kind, {}).items():
            cur = model[kind].setdefault(name, v)
            if cur is not v and 'enum' in cur and 'enum' in v:
                cur['enum'] = cur['enum'] + [e for e in v['enum'] if e not in cur['enum']]
    return model


def is_global(svc, sm):
    """True for a partition-global service (endpoints.json, partition aws)."""
    global _global
    if _global is None:
        _global = {}
        try:
            for part in _loader.load_data('endpoints')['partitions']:
                if part['partition'] != 'aws':
                    continue
                for prefix, d in part['services'].items():
                    pe = d.get('partitionEndpoint')
                    eps = [e for e in d.get('endpoints', {}) if 'fips' not in e]
                    _global[prefix] = d.get('isRegionalized') is False or bool(
                        pe and d.get('isRegionalized') is not True and eps == [pe])
        except (KeyError, TypeError, ValueError):
            pass
    prefix = sm.metadata.get('endpointPrefix', svc)
    return svc in GLOBAL_FALLBACK or _global.get(prefix, False)


def error_catalog(sm):
    """code -> (exception shape, http status or None) for every modeled exception of the service."""
    cat = {}
    for name in sm.shape_names:
        sh = sm.shape_for(name)
        if sh.metadata.get('exception'):
            err = sh.metadata.get('error') or {}
            cat[err.get('code', name)] = (sh, err.get('httpStatusCode'))
    return cat


def message_keys(sm, code):
    """Wire names the service uses for an error message ('message' or 'Message')."""
    cat = error_catalog(sm)
    keys = []
    shapes = [cat[code][0]] if code in cat else [v[0] for v in cat.values()]
    for sh in shapes:
        for mname, ms in sh.members.items():
            if mname.lower() == 'message':
                keys.append(ms.serialization.get('name', mname))
    if not keys:
        return {'message', 'Message'}
    return {max(set(keys), key=keys.count)}


# ---------------------------------------------------------------- raw HTTP
def parse_http(raw):
    sep = raw.find(b'\n\n')
    sep2 = raw.find(b'\r\n\r\n')
    if sep2 != -1 and (sep == -1 or sep2 < sep):
        head, body = raw[:sep2], raw[sep2 + 4:]
    elif sep != -1:
        head, body = raw[:sep], raw[sep + 2:]
    else:
        raise Fail('no empty line between headers and body')
    lines = head.decode('ascii').replace('\r\n', '\n').split('\n')
    m = re.match(r'^HTTP/1\.[01] (\d{3}) [A-Za-z][A-Za-z -]*$', lines[0])
    if not m:
        raise Fail('bad status line %r' % lines[0])
    headers = HeadersDict()
    for ln in lines[1:]:
        hm = re.match(r'^([A-Za-z0-9-]+): ?(.*)$', ln)
        if not hm:
            raise Fail('bad header line %r' % ln)
        if hm.group(1) in headers:
            raise Fail('duplicate header %s' % hm.group(1))
        headers[hm.group(1)] = hm.group(2)
    return int(m.group(1)), headers, body


# ---------------------------------------------------------------- strict validation
def local(tag):
    return tag.rsplit('}', 1)[-1]


def ns_of(tag):
    return tag[1:].split('}', 1)[0] if tag.startswith('{') else None


def wire_members(shape, json_body=False):
    """Wire name -> member shape of the members carried in the body (as botocore names them)."""
    out = {}
    for mname, ms in shape.members.items():
        if 'location' in ms.serialization:  # header / headers / statusCode / uri members are not in the body
            continue
        if not json_body and ms.serialization.get('xmlAttribute'):
            continue
        if not json_body and ms.type_name == 'list' and ms.serialization.get('flattened'):
            out[ms.member.serialization.get('name') or ms.serialization.get('name', mname)] = ms
        else:
            out[ms.serialization.get('name', mname)] = ms
    return out


def check_scalar(shape, value, where, errs, text):
    t = shape.type_name
    if t == 'string':
        if not isinstance(value, str):
            errs.append('%s: expected a string for %s, got %r' % (where, shape.name, value))
        # case-insensitively: the wire's casing is not always the model's
        # (Config sends lastStatus "SUCCESS", the model says Success);
        # tests/t_enums.py holds fixtures to the AWS CLI examples' casing
        elif shape.enum and value.lower() not in {e.lower() for e in shape.enum}:
            errs.append('%s: %r is not one of %s.enum %s' % (where, value, shape.name, list(shape.enum)))
    elif t == 'boolean':
        ok = value in ('true', 'false') if text else isinstance(value, bool)
        if not ok:
            errs.append('%s: expected a boolean, got %r' % (where, value))
    elif t in ('integer', 'long', 'byte', 'short'):
        ok = (re.match(r'^-?\d+$', value) is not None) if text else (
            isinstance(value, int) and not isinstance(value, bool))
        if not ok:
            errs.append('%s: expected an integer, got %r' % (where, value))
    elif t in ('float', 'double'):
        if text:
            try:
                float(value)
            except ValueError:
                errs.append('%s: expected a number, got %r' % (where, value))
        elif isinstance(value, bool) or not isinstance(value, (int, float, str)):
            errs.append('%s: expected a number, got %r' % (where, value))
    elif t == 'timestamp':
        fmt = shape.serialization.get('timestampFormat')
        if fmt == 'unixTimestamp' and text:
            try:
                float(value)
            except ValueError:
                errs.append('%s: expected an epoch-seconds number, got %r' % (where, value))
        elif text or fmt == 'iso8601':
            if not isinstance(value, str) or not ISO_RE.match(value):
                errs.append('%s: expected an ISO-8601 timestamp, got %r' % (where, value))
        elif fmt == 'rfc822':
            if not isinstance(value, str):
                errs.append('%s: expected an RFC 822 timestamp, got %r' % (where, value))
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            errs.append('%s: expected an epoch-seconds number, got %r' % (where, value))
    elif t == 'blob':
        try:
            base64.b64decode(re.sub(r'\s+', '', value), validate=True)
        except (binascii.Error, TypeError, ValueError):
            errs.append('%s: invalid base64 blob' % where)
    else:
        errs.append('%s: unhandled type %s' % (where, t))


def check_xml_attributes(elem, shape, where, errs):
    allowed = {}
    if shape.type_name == 'structure':
        for mname, ms in shape.members.items():
            if ms.serialization.get('xmlAttribute'):
                allowed[ms.serialization.get('name', mname).split(':')[-1]] = ms
    for k, v in elem.attrib.items():
        ms = allowed.get(local(k))
        if ms is None:
            errs.append('%s: unexpected attribute %s=%r' % (where, local(k), v))
        else:
            check_scalar(ms, v, '%s/@%s' % (where, local(k)), errs, text=True)


def walk_xml(elem, shape, where, errs):
    check_xml_attributes(elem, shape, where, errs)
    children = list(elem)
    t = shape.type_name
    if t in ('structure', 'list', 'map'):
        if elem.text and elem.text.strip():
            errs.append('%s: unexpected text %r in %s' % (where, elem.text.strip(), t))
        for c in children:
            if c.tail and c.tail.strip():
                errs.append('%s: unexpected text %r' % (where, c.tail.strip()))
    if t == 'structure':
        wire = wire_members(shape)
        seen = set()
        for c in children:
            tag = local(c.tag)
            if tag not in wire:
                errs.append('%s/%s: not a member of %s (known: %s)' % (where, tag, shape.name, ', '.join(sorted(wire))))
                continue
            ms = wire[tag]
            flat = ms.type_name == 'list' and ms.serialization.get('flattened')
            if tag in seen and not flat:
                errs.append('%s/%s: repeated element' % (where, tag))
            seen.add(tag)
            walk_xml(c, ms.member if flat else ms, '%s/%s' % (where, tag), errs)
    elif t == 'list':
        item = shape.member.serialization.get('name', 'member')
        for i, c in enumerate(children):
            if local(c.tag) != item:
                errs.append('%s/%s: list %s items must be <%s>' % (where, local(c.tag), shape.name, item))
            walk_xml(c, shape.member, '%s/%s[%d]' % (where, item, i), errs)
    elif t == 'map':
        kname = shape.key.serialization.get('name', 'key')
        vname = shape.value.serialization.get('name', 'value')
        for c in children:
            if local(c.tag) != 'entry':
                errs.append('%s/%s: map entries must be <entry>' % (where, local(c.tag)))
                continue
            names = [local(x.tag) for x in c]
            if sorted(names) != sorted([kname, vname]):
                errs.append('%s/entry: expected <%s> and <%s>, got %s' % (where, kname, vname, names))
            for x in c:
                walk_xml(x, shape.key if local(x.tag) == kname else shape.value, '%s/entry/%s' % (where, local(x.tag)),
                         errs)
    else:
        if children:
            errs.append('%s: scalar %s has child elements' % (where, shape.name))
            return
        check_scalar(shape, elem.text or '', where, errs, text=True)


def walk_json(value, shape, where, errs, member=False):
    if value is None:
        if not member:  # botocore drops null members; null list items / documents are wrong
            errs.append('%s: null' % where)
        return
    if getattr(shape, 'is_document_type', False):
        return
    t = shape.type_name
    if t == 'structure':
        if not isinstance(value, dict):
            errs.append('%s: expected an object for %s' % (where, shape.name))
            return
        wire = wire_members(shape, json_body=True)
        for k, v in value.items():
            if k not in wire:
                errs.append('%s.%s: not a member of %s (known: %s)' % (where, k, shape.name, ', '.join(sorted(wire))))
            else:
                walk_json(v, wire[k], '%s.%s' % (where, k), errs, member=True)
    elif t == 'list':
        if not isinstance(value, list):
            errs.append('%s: expected an array for %s' % (where, shape.name))
            return
        for i, v in enumerate(value):
            walk_json(v, shape.member, '%s[%d]' % (where, i), errs)
    elif t == 'map':
        if not isinstance(value, dict):
            errs.append('%s: expected an object for map %s' % (where, shape.name))
            return
        for k, v in value.items():
            check_scalar(shape.key, k, '%s{key}' % where, errs, text=False)
            walk_json(v, shape.value, '%s[%r]' % (where, k), errs, member=True)
    else:
        check_scalar(shape, value, where, errs, text=False)


def check_header_members(out, headers, errs):
    """rest-*: output members bound to a header must hold a value of their type."""
    if out is None:
        return
    for mname, ms in out.members.items():
        if ms.serialization.get('location') != 'header':
            continue
        hname = ms.serialization.get('name', mname)
        if hname not in headers:
            continue
        v = headers[hname]
        where = 'header %s' % hname
        if ms.type_name == 'list':
            for i, x in enumerate(v.split(',')):
                check_scalar(ms.member, x.strip(), '%s[%d]' % (where, i), errs, text=True)
        elif ms.type_name == 'timestamp':
            continue  # HTTP-date by default; botocore's parse already vetted it
        elif ms.type_name == 'string' and ms.serialization.get('jsonvalue'):
            try:
                json.loads(base64.b64decode(v))
            except (ValueError, binascii.Error):
                errs.append('%s: not base64-encoded JSON' % where)
        elif ms.type_name in ('structure', 'map'):
            errs.append('%s: %s cannot be a header' % (where, ms.type_name))
        else:
            check_scalar(ms, v, where, errs, text=True)


# ---------------------------------------------------------------- one fixture file
def is_xml_ctype(c):
    return c.startswith('application/xml') or c.startswith('text/xml')


def payload_shape(out):
    """(member name, shape) of the output's payload member, or (None, None)."""
    if out is None:
        return None, None
    p = out.serialization.get('payload')
    return (p, out.members[p]) if p else (None, None)


def expected_status(proto, code, cat, svc):
    if code in cat:
        return cat[code][1] or 400
    if code == 'AccessDeniedException':
        return 403 if proto == 'rest-json' else 400
    if code == 'ResourceNotFoundException' and proto == 'rest-json':
        return 404
    if code in GENERIC_ERRORS:
        return GENERIC_ERRORS[code]
    if proto == 'rest-xml' and NOT_CONFIGURED_RE.match(code):
        return 404
    if re.match(r'^[1-5]\d\d$', code):
        return int(code)
    return None


def check_file(path, svc, op, acct, ctx):
    """Return (status, parsed, request id) or raise Fail with every problem found."""
    sm = service_model(svc)
    try:
        om = sm.operation_model(op)
    except botocore.model.OperationNotFoundError:
        raise Fail('%s has no operation %s (botocore %s)' % (svc, op, botocore.__version__))
    proto = sm.protocol
    if proto not in botocore.parsers.PROTOCOL_PARSERS:
        raise Fail('unsupported protocol %r' % proto)
    with open(path, 'rb') as f:
        raw = f.read()
    status, headers, body = parse_http(raw)
    ok = 200 <= status < 300
    out = om.output_shape
    pname, pshape = payload_shape(out)
    opaque = ok and pshape is not None and pshape.type_name in ('string', 'blob')
    errs = []
    ctype = headers.get('Content-Type', '')
    if proto in ('ec2', 'query'):
        if not ctype.startswith('text/xml'):
            errs.append('Content-Type %r, want text/xml' % ctype)
    elif proto == 'json':
        want_ct = 'application/x-amz-json-%s' % sm.metadata.get('jsonVersion', '1.0')
        if not ctype.startswith(want_ct):
            errs.append('Content-Type %r, want %s' % (ctype, want_ct))
    elif body.strip() and not opaque:
        if proto == 'rest-json' and not (ctype.startswith('application/json')
                                         or ctype.startswith('application/x-amz-json-')):
            errs.append('Content-Type %r, want application/json' % ctype)
        if proto == 'rest-xml' and not is_xml_ctype(ctype):
            errs.append('Content-Type %r, want application/xml' % ctype)
    if 'Content-Length' in headers and headers['Content-Length'] != str(len(body)) and om.http.get('method') != 'HEAD':
        errs.append('Content-Length %s but the body has %d bytes' % (headers['Content-Length'], len(body)))
    if om.http.get('method') == 'HEAD' and body:
        errs.append('a HEAD response has no body')
    rid_hdr = headers.get('x-amzn-RequestId')
    if proto in ('json', 'rest-json') and not rid_hdr:
        errs.append('missing x-amzn-RequestId header')
    allowed_accts = {acct} | ctx.get('external_accounts', set())
    others = sorted({a.decode() for s, a in ARN_ACCOUNT_RE.findall(body)
                     if s != b'organizations'} - allowed_accts)  # Organizations ARNs name the management account
    if others:
        errs.append('ARNs name account(s) %s, not %s (list other accounts in scenario.json "external_accounts")'
                    % (', '.join(others), acct))

    parser = botocore.parsers.create_parser(proto)
    try:
        parsed = parser.parse({'status_code': status, 'headers': headers, 'body': body}, out)
    except Exception as e:  # botocore raises ResponseParserError and friends
        raise Fail('botocore cannot parse it: %s: %s' % (type(e).__name__, (str(e).splitlines() or [''])[0]))
    meta_rid = parsed.get('ResponseMetadata', {}).get('RequestId')
    if not meta_rid:
        errs.append('botocore found no request id')
    elif rid_hdr and rid_hdr != meta_rid:
        errs.append('x-amzn-RequestId %s differs from the body request id %s' % (rid_hdr, meta_rid))

    if ok:
        if 'Error' in parsed:
            errs.append('2xx response parsed with an Error: %r' % parsed['Error'])
        if status != (om.http.get('responseCode') or 200):
            errs.append('status %d, the model says %s' % (status, om.http.get('responseCode') or 200))
        if proto in ('rest-json', 'rest-xml'):
            check_header_members(out, headers, errs)
        check_success_body(proto, op, om, sm, body, errs)
        if (svc, op) == ('iam', 'GetCredentialReport') and 'Content' in parsed:
            credential_report(parsed, acct, errs)
    else:
        code = parsed.get('Error', {}).get('Code')
        if not code:
            raise Fail('non-2xx response without an Error.Code: %r' % parsed)
        cat = error_catalog(sm)
        op_codes = {(e.metadata.get('error') or {}).get('code', e.name) for e in om.error_shapes}
        bodiless = proto == 'rest-xml' and not body.strip() and re.match(r'^[1-5]\d\d$', code)
        if bodiless and om.http.get('method') != 'HEAD':
            errs.append('only HEAD errors may come without a body')
        elif not bodiless and code not in op_codes and code not in cat and code not in GENERIC_ERRORS and not (
                proto == 'rest-xml' and NOT_CONFIGURED_RE.match(code)):
            errs.append('error code %r is neither modeled for %s nor a generic AWS code' % (code, op))
        want = expected_status(proto, code, cat, svc)
        if want and status != want:
            errs.append('error %s should have HTTP status %d, not %d' % (code, want, status))
        if status < 300:
            errs.append('error responses need a 3xx/4xx/5xx status, not %d' % status)
        if not bodiless:
            check_error_body(proto, sm, code, cat, headers, body, errs)
    if errs:
        raise Fail('; '.join(errs))
    return status, parsed, meta_rid


def check_success_body(proto, op, om, sm, body, errs):
    out = om.output_shape
    if proto in ('ec2', 'query'):
        root = ET.fromstring(body)
        if local(root.tag) != op + 'Response':
            errs.append('root element <%s>, want <%sResponse>' % (local(root.tag), op))
        ns = ns_of(root.tag)
        want_ns = sm.metadata.get('xmlNamespace')
        if proto == 'ec2':
            want_ns = want_ns.rstrip('/') + '/'
        if want_ns and ns != want_ns:
            errs.append('root namespace %r, want %r' % (ns, want_ns))
        if proto == 'ec2':
            kids = [local(c.tag) for c in root]
            if kids.count('requestId') != 1:
                errs.append('EC2 response needs exactly one <requestId>')
            shell = ET.Element('x')
            shell.extend([c for c in root if local(c.tag) != 'requestId'])
            if out is not None:
                walk_xml(shell, out, op + 'Response', errs)
            elif len(shell):
                errs.append('operation has no output, but the body has members')
        else:
            wrapper = out.serialization.get('resultWrapper') if out is not None else None
            want = ([wrapper] if wrapper else []) + ['ResponseMetadata']
            kids = [local(c.tag) for c in root]
            if kids != want:
                errs.append('children of <%sResponse> are %s, want %s' % (op, kids, want))
            for c in root:
                if local(c.tag) == 'ResponseMetadata':
                    if [local(x.tag) for x in c] != ['RequestId']:
                        errs.append('<ResponseMetadata> must hold exactly <RequestId>')
                elif wrapper and local(c.tag) == wrapper:
                    walk_xml(c, out, '%s/%s' % (op + 'Response', wrapper), errs)
        return
    pname, pshape = payload_shape(out)
    if pshape is not None and pshape.type_name in ('string', 'blob'):
        return  # opaque payload (S3 GetBucketPolicy): botocore hands it over as is
    if not body.strip():
        return  # no body: every member absent (HEAD, 204, or an empty configuration)
    if out is None:
        errs.append('operation has no output, but there is a body')
        return
    shape = pshape if pshape is not None else out
    if proto == 'rest-xml':
        root = ET.fromstring(body)
        wire = wire_members(shape)
        if (pshape is None and local(root.tag) in wire and not list(root)
                and wire[local(root.tag)].type_name not in ('structure', 'list', 'map') and len(wire) == 1):
            # a lone scalar member as the root (S3 GetBucketLocation: <LocationConstraint>EU</..>);
            # an empty one is null (GetBucketLocation: the bucket is in us-east-1)
            if (root.text or '').strip() or root.attrib:
                walk_xml(root, wire[local(root.tag)], local(root.tag), errs)
        else:
            walk_xml(root, shape, local(root.tag), errs)  # the root element's name is not checked
    else:
        try:
            doc = json.loads(body.decode('utf-8'))
        except ValueError as e:
            errs.append('invalid JSON: %s' % e)
            return
        walk_json(doc, shape, op, errs)


def check_error_body(proto, sm, code, cat, headers, body, errs):
    if proto == 'ec2':
        root = ET.fromstring(body)
        if root.tag != 'Response' or [c.tag for c in root] != ['Errors', 'RequestID']:
            errs.append('EC2 error must be <Response><Errors>..</Errors><RequestID>..</RequestID></Response>')
            return
        errors = list(root[0])
        if not errors or any(e.tag != 'Error' for e in errors):
            errs.append('<Errors> must contain <Error> elements')
        for e in errors:
            names = [c.tag for c in e]
            if names not in (['Code', 'Message'], ['Code']):
                errs.append('<Error> children %s, want Code, Message' % names)
    elif proto == 'rest-xml' and sm.service_name == 's3control':
        # S3 Control: <ErrorResponse><Error><Code/><Message/>[<AccountId/>..]</Error>
        # <RequestId/><HostId/></ErrorResponse>, no namespace, no <Type>
        root = ET.fromstring(body)
        if root.tag != 'ErrorResponse' or [c.tag for c in root] != ['Error', 'RequestId', 'HostId']:
            errs.append('S3 Control error must be <ErrorResponse><Error>..</Error><RequestId>..</RequestId>'
                        '<HostId>..</HostId></ErrorResponse> (no namespace)')
            return
        names = [c.tag for c in root[0]]
        if names[:2] != ['Code', 'Message'] or any(len(c) for c in root[0]):
            errs.append('<Error> must start with <Code>, <Message> and hold only text, got %s' % names)
        hrid = headers.get('x-amz-request-id')
        if hrid and root[1].text != hrid:
            errs.append('<RequestId> %s differs from x-amz-request-id %s' % (root[1].text, hrid))
    elif proto == 'query' or (proto == 'rest-xml' and local(ET.fromstring(body).tag) == 'ErrorResponse'):
        root = ET.fromstring(body)
        if local(root.tag) != 'ErrorResponse' or [local(c.tag) for c in root] != ['Error', 'RequestId']:
            errs.append('%s error must be <ErrorResponse><Error>..</Error><RequestId>..</RequestId>'
                        % ('awsQuery' if proto == 'query' else 'rest-xml'))
            return
        want_ns = sm.metadata.get('xmlNamespace')
        if want_ns and ns_of(root.tag) != want_ns:
            errs.append('ErrorResponse namespace %r, want %r' % (ns_of(root.tag), want_ns))
        e = root[0]
        names = [local(c.tag) for c in e]
        if names not in (['Type', 'Code', 'Message'], ['Type', 'Code'], ['Type', 'Code', 'Message', 'Detail']):
            errs.append('<Error> children %s, want Type, Code, Message' % names)
        typ = [c for c in e if local(c.tag) == 'Type']
        if typ and typ[0].text not in ('Sender', 'Receiver'):
            errs.append('<Type> must be Sender or Receiver')
    elif proto == 'rest-xml':  # S3: a bare <Error>
        root = ET.fromstring(body)
        if root.tag != 'Error':
            errs.append('S3 error must be a bare <Error> (no namespace), not <%s>' % root.tag)
            return
        names = [c.tag for c in root]
        if names[:1] != ['Code'] or 'Message' not in names:
            errs.append('<Error> must start with <Code> and hold <Message>, got %s' % names)
        for c in root:
            if len(c):
                errs.append('<Error>/<%s> must be text' % c.tag)
        rid = root.find('RequestId')
        hrid = headers.get('x-amz-request-id')
        if rid is not None and hrid and rid.text != hrid:
            errs.append('<RequestId> %s differs from x-amz-request-id %s' % (rid.text, hrid))
    else:
        try:
            doc = json.loads(body.decode('utf-8'))
        except ValueError as e:
            errs.append('invalid JSON error body: %s' % e)
            return
        if not isinstance(doc, dict):
            errs.append('JSON error body must be an object')
            return
        msg_keys = message_keys(sm, code)
        allowed = {'__type', 'code', 'Code', 'Type'} | msg_keys
        shape = cat[code][0] if code in cat else None
        if shape is not None:
            members = wire_members(shape, json_body=True)
            rest = {k: v for k, v in doc.items() if k not in allowed or k in members}
            walk_json(rest, shape, 'error', errs)
        else:
            extra = set(doc) - allowed
            if extra:
                errs.append('error body keys %s not in %s' % (sorted(extra), sorted(allowed)))
        if not (set(doc) & msg_keys):
            errs.append('error body lacks a %s key' % ' or '.join(sorted(msg_keys)))
        if proto == 'json' and '__type' not in doc:
            errs.append('JSON error body lacks __type')
        if proto == 'rest-json':
            et = headers.get('x-amzn-ErrorType')
            if not et:
                errs.append('rest-json error lacks the x-amzn-ErrorType header')
            elif '__type' in doc and et.split(':', 1)[0] != doc['__type'].rsplit('#', 1)[-1]:
                errs.append('x-amzn-ErrorType %r disagrees with __type %r' % (et, doc['__type']))


def credential_report(parsed, acct, problems):
    """iam.GetCredentialReport: the CSV of aws-wire-formats.md 3.5."""
    try:
        text = parsed['Content'].decode('utf-8')
    except (KeyError, AttributeError, UnicodeDecodeError):
        problems.append('credential report Content is not UTF-8 CSV')
        return
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != CR_HEADER:
        problems.append('credential report header differs from aws-wire-formats.md 3.5')
        return
    if '<root_account>' not in [r[0] for r in rows[1:]]:
        problems.append('credential report has no <root_account> row')
    for r in rows[1:]:
        if len(r) != len(CR_HEADER):
            problems.append('credential report row %r has %d fields' % (r[:1], len(r)))
            continue
        row = dict(zip(CR_HEADER, r))
        for c in CR_DATES:
            v = row[c]
            if v not in ('N/A', 'not_supported', 'no_information') and not ISO_RE.match(v):
                problems.append('credential report %s %s=%r is not ISO-8601/N/A' % (row['user'], c, v))
        for c in CR_BOOLS:
            if row[c].lower() not in ('true', 'false', 'not_supported'):
                problems.append('credential report %s %s=%r is not a boolean' % (row['user'], c, row[c]))
        if not re.match(r'arn:aws(-cn|-us-gov)?:iam::%s:' % acct, row['arn']):
            problems.append('credential report %s arn is not in account %s' % (row['user'], acct))
        for n in (1, 2):
            if row['access_key_%d_active' % n].lower() == 'true' and not ISO_RE.match(
                    row['access_key_%d_last_rotated' % n]):
                problems.append('credential report %s key %d is active without a rotation date' % (row['user'], n))


# ---------------------------------------------------------------- secrets
def secrets_in(raw):
    found = [m.group(0).decode('latin-1')[:40] for m in SECRET_WORDS_RE.finditer(raw)]
    for m in KEY_ID_RE.finditer(raw):
        near = raw[max(0, m.start() - 300):m.end() + 300]
        for s in SECRET_RE.findall(near):
            if re.search(rb'[a-z]', s) and re.search(rb'[A-Z]', s) and re.search(rb'[0-9/+]', s):
                found.append('40-character secret-looking %s...%s near %s' % (
                    s[:4].decode(), s[-4:].decode(), m.group(0).decode()))
    return found


# ---------------------------------------------------------------- file name and place
def split_name(fn, region):
    """(svc, op, rest) from a file name; Fail if the name or its place is wrong."""
    m = NAME_RE.match(fn)
    if not m:
        raise Fail('file name is not <service>.<Action>[.<resource>][.page-<token>].http')
    svc, op, rest = m.group(1), m.group(2), m.group(3)
    sm = service_model(svc)
    if op not in sm.operation_names:
        raise Fail('%s has no operation %s (botocore %s)' % (svc, op, botocore.__version__))
    if region != 'global' and not REGION_RE.match(region):
        raise Fail('%r is neither a region name nor global' % region)
    if svc == 's3':
        if region == 'global' and op not in S3_ANYWHERE:
            raise Fail('s3.%s%s belongs under the bucket\'s region, not global/'
                       % (op, '.' + rest if rest else ''))
    elif is_global(svc, sm) != (region == 'global'):
        raise Fail('%s is a %s service: its files belong under %s/' % (
            svc, 'partition-global' if is_global(svc, sm) else 'regional',
            'global' if is_global(svc, sm) else '<region>'))
    if rest is not None:
        if re.search(r'[^A-Za-z0-9_.-]', rest):
            raise Fail('name part %r is not sanitized' % rest)
        pm = re.match(r'^(?:(.+)\.)?page-(.+)$', rest)
        parts = [pm.group(1), pm.group(2)] if pm else [rest]
        for part in parts:
            if part is not None and len(part) > 100:
                raise Fail('name part %r is longer than 100 bytes (sanitizer: 80 bytes + "-" + 16 hex)' % part[:20])
        if parts[-1] == '':
            raise Fail('empty name part')
    return svc, op, rest


def bucket_region(body):
    """Region named by an S3 GetBucketLocation body (empty: us-east-1; EU: eu-west-1)."""
    loc = (ET.fromstring(body).text or '').strip()
    return {'': 'us-east-1', 'EU': 'eu-west-1'}.get(loc, loc)


# ---------------------------------------------------------------- main
class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, ok, name, reason=None, diag=()):
        self.n += 1
        if ok:
            print('ok %d - %s' % (self.n, name))
        else:
            self.failed += 1
            print('not ok %d - %s: %s' % (self.n, name, reason))
        for d in diag:
            print('# ' + d)
        sys.stdout.flush()


def load_scenario(sdir):
    with open(os.path.join(sdir, 'scenario.json'), encoding='utf-8') as fh:
        meta = json.load(fh)
    problems = []
    if not isinstance(meta, dict):
        raise Fail('not a JSON object')
    for k, typ in (('description', str), ('accounts', list), ('home_region', str), ('now', str)):
        if not isinstance(meta.get(k), typ):
            problems.append('%s must be a %s' % (k, typ.__name__))
    for k, typ in (('expect', dict), ('external_accounts', list)):
        if k in meta and not isinstance(meta[k], typ):
            problems.append('%s must be a %s' % (k, typ.__name__))
    if not problems:
        for k in ('accounts', 'external_accounts'):
            if not all(isinstance(x, str) and re.match(r'^\d{12}$', x) for x in meta.get(k, [])):
                problems.append('%s must be 12-digit strings' % k)
        if not REGION_RE.match(meta['home_region']):
            problems.append('home_region %r is not a region' % meta['home_region'])
        if not re.match(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$', meta['now']):
            problems.append('now must be YYYY-MM-DDTHH:MM:SSZ')
        entries = set(os.listdir(sdir))
        extra = entries - set(meta['accounts']) - {'scenario.json'}
        if extra:
            problems.append('unexpected entries %s (not listed in accounts)' % sorted(extra))
        missing = set(meta['accounts']) - entries
        if missing:
            problems.append('accounts %s have no directory' % sorted(missing))
    if problems:
        raise Fail('; '.join(problems))
    return meta


def main():
    tap = Tap()
    print('# botocore %s from %s' % (botocore.__version__, os.path.dirname(botocore.__file__)))
    if not os.path.isdir(FIXTURES):
        tap.result(False, 'fixtures', 'no fixtures directory %s' % FIXTURES)
        print('1..%d' % tap.n)
        return 1
    scenarios = sorted(d for d in os.listdir(FIXTURES) if os.path.isdir(os.path.join(FIXTURES, d)))
    if not scenarios:
        tap.result(False, 'fixtures', 'no scenario in %s' % FIXTURES)
    request_ids = {}
    for scn in scenarios:
        sdir = os.path.join(FIXTURES, scn)
        rel_meta = os.path.join('fixtures', scn, 'scenario.json')
        try:
            meta = load_scenario(sdir)
            tap.result(True, rel_meta)
        except (OSError, ValueError, Fail) as e:
            tap.result(False, rel_meta, str(e))
            meta = None
        ctx = {'external_accounts': set((meta or {}).get('external_accounts', []))}

        parsed = {}  # (acct, region, file name) -> (status, parsed, body)
        for dirpath, dirnames, filenames in os.walk(sdir):
            dirnames.sort()
            for fn in sorted(filenames):
                if fn == 'scenario.json' and dirpath == sdir:
                    continue
                full = os.path.join(dirpath, fn)
                rel = os.path.relpath(full, FIXTURES)
                name = os.path.join('fixtures', rel)
                try:
                    with open(full, 'rb') as fh:
                        raw = fh.read()
                    leaks = secrets_in(raw)
                    if leaks:
                        raise Fail('looks like a secret: %s (use AWS-documentation example ids, no keys/tokens)'
                                   % '; '.join(leaks))
                    parts = rel.split(os.sep)
                    if len(parts) != 4 or not fn.endswith('.http'):
                        raise Fail('want fixtures/<scenario>/<account>/<region|global>/<file>.http')
                    _, acct, region, _ = parts
                    if not re.match(r'^\d{12}$', acct):
                        raise Fail('account directory %r is not a 12-digit id' % acct)
                    svc, op, rest = split_name(fn, region)
                    st, p, rid = check_file(full, svc, op, acct, ctx)
                    parsed[(acct, region, fn)] = (st, p, raw)
                    request_ids.setdefault(rid, []).append(name)
                    tap.result(True, name)
                except (Fail, ET.ParseError, UnicodeDecodeError, OSError) as e:
                    tap.result(False, name, str(e))

        if meta is None:
            continue
        try:
            scenario_checks(tap, scn, sdir, meta, parsed)
        except Exception as e:  # a bug or an unexpected fixture shape: fail, don't crash
            tap.result(False, 'fixtures/%s: scenario checks' % scn, '%s: %s' % (type(e).__name__, e))

    dups = sorted('%s in %s' % (rid, ', '.join(names)) for rid, names in request_ids.items() if len(names) > 1)
    tap.result(not dups, 'fixtures: request ids are unique', '; '.join(dups[:10]) + (' ...' if len(dups) > 10 else ''))
    print('1..%d' % tap.n)
    return 1 if tap.failed else 0


def scenario_checks(tap, scn, sdir, meta, parsed):
    problems = []
    for acct in meta['accounts']:
        adir = os.path.join(sdir, acct)
        home = meta['home_region']
        ident = parsed.get((acct, home, 'sts.GetCallerIdentity.http'))
        if ident and 200 <= ident[0] < 300 and ident[1].get('Account') != acct:
            problems.append('%s: GetCallerIdentity Account is %r' % (acct, ident[1].get('Account')))
        # Not-opted-in regions have no files (DescribeRegions in any region directory).
        regs = [v for (a, r, fn), v in parsed.items()
                if a == acct and fn == 'ec2.DescribeRegions.http' and 200 <= v[0] < 300]
        status = {}
        for v in regs:
            for r in v[1].get('Regions', []):
                status[r.get('RegionName')] = r.get('OptInStatus')
        dirs = sorted(d for d in os.listdir(adir) if os.path.isdir(os.path.join(adir, d))) if os.path.isdir(
            adir) else []
        for d in dirs:
            if d == 'global' or not status:
                continue
            if d not in status:
                problems.append('%s/%s is not a region DescribeRegions lists' % (acct, d))
            elif status[d] not in ENABLED_OPT_IN:
                problems.append('%s/%s is %s but has files' % (acct, d, status[d]))
        # S3 per-bucket calls live in the bucket's region.
        where = {}
        for (a, r, fn), (st, p, raw) in parsed.items():
            m = re.match(r'^s3\.GetBucketLocation\.(.+)\.http$', fn)
            if a == acct and m and 200 <= st < 300:
                where[m.group(1)] = bucket_region(parse_http(raw)[2])
        for (a, r, fn) in parsed:
            m = NAME_RE.match(fn)
            if a != acct or m.group(1) != 's3' or m.group(2) in S3_ANYWHERE or not m.group(3):
                continue
            for bucket, breg in where.items():
                rest = m.group(3)
                if (rest == bucket or rest.startswith(bucket + '.page-')) and r != breg:
                    problems.append('%s/%s/%s: bucket %s is in %s (GetBucketLocation)' % (acct, r, fn, bucket, breg))
    tap.result(not problems, 'fixtures/%s: account identity, opted-out regions, S3 bucket regions' % scn,
               '; '.join(problems[:12]) + (' ...' if len(problems) > 12 else ''))


if __name__ == '__main__':
    sys.exit(main())
