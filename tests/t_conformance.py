#!/usr/bin/python3
"""t_conformance.py -- check every replay fixture against botocore's models.

Run from the repo root with Debian's python3 (python3-botocore):

    /usr/bin/python3 tests/t_conformance.py

For every fixtures/<scenario>/<account>/<region|global>/<svc>.<Action>[...].http:
  * the file name and directory follow fixtures/README.md (sanitizer included);
  * the raw HTTP response (status line, headers, blank line, body) is
    well-formed and its headers fit the protocol;
  * botocore parses it exactly as it would a live response
    (botocore.parsers.create_parser(protocol).parse(...)): 2xx without an
    Error key, non-2xx with a non-empty Error.Code;
  * the envelope is right (EC2/awsQuery root <Action>Response, awsQuery
    <Action>Result, error envelopes per protocol);
  * STRICT member validation: botocore silently ignores unknown members, so
    every XML element / JSON key of a success body must be a member of the
    model shape (by wire name) recursively, with scalar types and enum values
    checked, so a typo fails.
Per scenario: scenario.json parses; the set of files is exactly the set of
calls irready makes (DescribeRegions -> enabled regions, pagination chains,
dependent calls; not-opted-in regions have no files); and the eight checks
evaluated from the fixtures give the pass/fail counts and score in
scenario.json's "expect". Output is TAP; exit status 1 on any failure.
No network access: sockets are disabled.
"""
import base64
import binascii
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import socket
import sys
import xml.etree.ElementTree as ET


import botocore
import botocore.loaders
import botocore.model
import botocore.parsers
from botocore.awsrequest import HeadersDict


def _no_network(*a, **k):
    raise RuntimeError('t_conformance.py must not use the network')


socket.socket.connect = socket.socket.connect_ex = _no_network
socket.create_connection = socket.getaddrinfo = _no_network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'fixtures')

SERVICES = ('ec2', 'iam', 'sts', 'organizations', 'config', 'cloudtrail', 'guardduty', 'kms')
GLOBAL_SERVICES = ('iam', 'organizations')
# Operations whose file name carries a <resource>: the distinguishing request parameter.
RESOURCE_OPS = {
    ('iam', 'ListAccessKeys'): 'UserName',
    ('kms', 'DescribeKey'): 'KeyId',
    ('kms', 'GetKeyRotationStatus'): 'KeyId',
    ('guardduty', 'GetDetector'): 'DetectorId',
    ('cloudtrail', 'GetTrailStatus'): 'TrailARN',
    ('cloudtrail', 'GetEventSelectors'): 'TrailARN',
}
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
# Unmodeled error codes AWS sends for any operation (auth, throttling, ...).
GENERIC_ERRORS = {'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Throttling',
                  'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'AuthFailure',
                  'SignatureDoesNotMatch', 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException',
                  'UnrecognizedClientException', 'InvalidSignatureException', 'RequestExpired',
                  'InternalFailure', 'InternalError', 'ServiceUnavailable', 'Unavailable', 'OptInRequired',
                  'ValidationException', 'ValidationError'}
CHECKS = {  # name: weight (critical 10, high 5, medium 3, low 1)
    'org_member': 3, 'config_recorder_all_regions': 5, 'vpc_flow_logs_enabled': 5,
    'cloudtrail_multi_region': 5, 'guardduty_enabled': 5, 'kms_cmk_rotation': 5,
    'iam_access_keys_rotated': 3, 'recovery_snapshot_coverage': 5}
ACCESS_KEY_MAX_DAYS = 90
SNAPSHOT_MAX_DAYS = 7
ISO_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$')


def sanitize(s):
    """Every byte not in [A-Za-z0-9_.-] becomes '_'; over 100 bytes: 80 bytes + '-' + sha256[:16]."""
    out = re.sub(rb'[^A-Za-z0-9_.-]', b'_', s.encode('utf-8')).decode('ascii')
    if len(out) > 100:
        out = out[:80] + '-' + hashlib.sha256(s.encode('utf-8')).hexdigest()[:16]
    return out


def file_name(svc, op, resource=None, page=None):
    n = '%s.%s' % (svc, op)
    if resource is not None:
        n += '.' + sanitize(resource)
    if page is not None:
        n += '.page-' + sanitize(page)
    return n + '.http'


class Fail(Exception):
    pass


# ---------------------------------------------------------------- models
_loader = botocore.loaders.create_loader()
_models = {}


def service_model(svc):
    if svc not in _models:
        _models[svc] = botocore.model.ServiceModel(_loader.load_service_model(svc, 'service-2'), svc)
    return _models[svc]


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
    out = {}
    for mname, ms in shape.members.items():
        if 'location' in ms.serialization:  # header / statusCode / uri members are not in the body
            continue
        if (not json_body and ms.type_name == 'list' and ms.serialization.get('flattened')
                and ms.member.serialization.get('name')):
            out[ms.member.serialization['name']] = ms
        else:
            out[ms.serialization.get('name', mname)] = ms
    return out


def check_scalar(shape, value, where, errs, text):
    t = shape.type_name
    if t == 'string':
        if not isinstance(value, str):
            errs.append('%s: expected a string for %s, got %r' % (where, shape.name, value))
        elif shape.enum and value not in shape.enum:
            errs.append('%s: %r is not one of %s.enum %s' % (where, value, shape.name, list(shape.enum)))
    elif t == 'boolean':
        ok = value in ('true', 'false') if text else isinstance(value, bool)
        if not ok:
            errs.append('%s: expected a boolean, got %r' % (where, value))
    elif t in ('integer', 'long'):
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
        if text or fmt == 'iso8601':
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


def walk_xml(elem, shape, where, errs):
    if elem.attrib:
        errs.append('%s: unexpected attributes %s' % (where, dict(elem.attrib)))
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


def walk_json(value, shape, where, errs):
    if value is None:
        errs.append('%s: null' % where)
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
                walk_json(v, wire[k], '%s.%s' % (where, k), errs)
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
            walk_json(v, shape.value, '%s[%r]' % (where, k), errs)
    else:
        check_scalar(shape, value, where, errs, text=False)


# ---------------------------------------------------------------- one fixture file
def expected_status(proto, code, cat):
    if code in cat:
        return cat[code][1] or 400
    if proto == 'rest-json' and code == 'AccessDeniedException':
        return 403
    if code in ('UnauthorizedOperation', 'AccessDenied'):
        return 403
    return None


ARN_ACCOUNT_RE = re.compile(rb'arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):')


def check_file(path, svc, op, acct):
    """Return (status, parsed) or raise Fail with every problem found."""
    sm = service_model(svc)
    try:
        om = sm.operation_model(op)
    except botocore.model.OperationNotFoundError:
        raise Fail('%s has no operation %s' % (svc, op))
    proto = sm.protocol
    with open(path, 'rb') as f:
        raw = f.read()
    status, headers, body = parse_http(raw)
    errs = []
    ctype = headers.get('Content-Type', '')
    want_ct = {'ec2': 'text/xml', 'query': 'text/xml', 'rest-json': 'application/json',
               'json': 'application/x-amz-json-%s' % sm.metadata.get('jsonVersion', '1.0')}[proto]
    if not ctype.startswith(want_ct):
        errs.append('Content-Type %r, want %s' % (ctype, want_ct))
    if 'Content-Length' in headers and headers['Content-Length'] != str(len(body)):
        errs.append('Content-Length %s but the body has %d bytes' % (headers['Content-Length'], len(body)))
    rid_hdr = headers.get('x-amzn-RequestId')
    if proto in ('json', 'rest-json') and not rid_hdr:
        errs.append('missing x-amzn-RequestId header')
    if svc != 'organizations':  # Organizations ARNs name the management account
        others = sorted({m.decode() for m in ARN_ACCOUNT_RE.findall(body)} - {acct})
        if others:
            errs.append('ARNs name account(s) %s, not %s' % (', '.join(others), acct))

    parser = botocore.parsers.create_parser(proto)
    try:
        parsed = parser.parse({'status_code': status, 'headers': headers, 'body': body}, om.output_shape)
    except Exception as e:  # botocore raises ResponseParserError and friends
        raise Fail('botocore cannot parse it: %s: %s' % (type(e).__name__, str(e).splitlines()[0]))
    meta_rid = parsed.get('ResponseMetadata', {}).get('RequestId')
    if not meta_rid:
        errs.append('botocore found no request id')
    elif rid_hdr and rid_hdr != meta_rid:
        errs.append('x-amzn-RequestId %s differs from the body request id %s' % (rid_hdr, meta_rid))

    ok = 200 <= status < 300
    if ok:
        if 'Error' in parsed:
            errs.append('2xx response parsed with an Error: %r' % parsed['Error'])
        if status != (om.http.get('responseCode') or 200):
            errs.append('status %d, the model says %s' % (status, om.http.get('responseCode') or 200))
        check_success_body(proto, op, om, sm, body, errs)
        if (svc, op) == ('iam', 'GetCredentialReport') and 'Content' in parsed:
            credential_report_keys(parsed, acct, errs)
    else:
        code = parsed.get('Error', {}).get('Code')
        if not code:
            raise Fail('non-2xx response without an Error.Code: %r' % parsed)
        cat = error_catalog(sm)
        op_codes = {(e.metadata.get('error') or {}).get('code', e.name) for e in om.error_shapes}
        if code not in op_codes and code not in cat and code not in GENERIC_ERRORS:
            errs.append('error code %r is neither modeled for %s nor a generic AWS code' % (code, op))
        want = expected_status(proto, code, cat)
        if want and status != want:
            errs.append('error %s should have HTTP status %d, not %d' % (code, want, status))
        if status < 400:
            errs.append('error responses need a 4xx/5xx status, not %d' % status)
        check_error_body(proto, sm, code, headers, body, errs)
    if errs:
        raise Fail('; '.join(errs))
    return status, parsed


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
        if ns != want_ns:
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
    else:
        try:
            doc = json.loads(body.decode('utf-8')) if body.strip() else {}
        except ValueError as e:
            errs.append('invalid JSON: %s' % e)
            return
        if out is None:
            if doc:
                errs.append('operation has no output, but the body has members')
            return
        payload = out.serialization.get('payload')
        if payload:
            walk_json(doc, out.members[payload], op, errs)
        else:
            walk_json(doc, out, op, errs)


def check_error_body(proto, sm, code, headers, body, errs):
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
    elif proto == 'query':
        root = ET.fromstring(body)
        if local(root.tag) != 'ErrorResponse' or [local(c.tag) for c in root] != ['Error', 'RequestId']:
            errs.append('awsQuery error must be <ErrorResponse><Error>..</Error><RequestId>..</RequestId>')
            return
        if ns_of(root.tag) != sm.metadata.get('xmlNamespace'):
            errs.append('ErrorResponse namespace %r, want %r' % (ns_of(root.tag), sm.metadata.get('xmlNamespace')))
        e = root[0]
        names = [local(c.tag) for c in e]
        if names != ['Type', 'Code', 'Message']:
            errs.append('<Error> children %s, want Type, Code, Message' % names)
        typ = e.find('{*}Type')
        if typ is None:
            typ = e.find('Type')
        if typ is not None and typ.text not in ('Sender', 'Receiver'):
            errs.append('<Type> must be Sender or Receiver')
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
        allowed = {'__type', 'code'} | msg_keys
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


# ---------------------------------------------------------------- scenario call graph
class Account:
    def __init__(self, scn, acct, parsed):
        self.scn, self.acct, self.parsed = scn, acct, parsed
        self.expected = set()
        self.problems = []
        self.broken = False  # a file on the path failed its own checks

    def get(self, region, svc, op, resource=None, page=None):
        rel = os.path.join(self.scn, self.acct, region, file_name(svc, op, resource, page))
        self.expected.add(rel)
        if rel not in self.parsed:
            self.problems.append('missing %s' % rel)
            return None
        st, p = self.parsed[rel]
        if p is None:
            self.broken = True
        return p if p is not None and 200 <= st < 300 else {'__error__': (p or {}).get('Error', {}).get('Code')}

    def pages(self, region, svc, op, token, more, resource=None):
        out, page, seen = [], None, set()
        while True:
            p = self.get(region, svc, op, resource, page)
            if p is None or '__error__' in p:
                return out, (p or {}).get('__error__', 'missing')
            out.append(p)
            tok = p.get(token)
            if not (tok and more(p)):
                return out, None
            if tok in seen:
                self.problems.append('%s %s pagination loops on %r' % (region, op, tok))
                return out, None
            seen.add(tok)
            page = tok


def walk_account(scn, meta, acct, parsed):
    """Follow irready's call graph; return (Account, facts) where facts feeds evaluate()."""
    a = Account(scn, acct, parsed)
    home = meta['home_region']
    f = {'regions': {}, 'errors': []}
    ident = a.get(home, 'sts', 'GetCallerIdentity')
    if ident and '__error__' not in ident and ident.get('Account') != acct:
        a.problems.append('GetCallerIdentity Account %r is not %s' % (ident.get('Account'), acct))
    regs = a.get(home, 'ec2', 'DescribeRegions') or {}
    enabled = [r['RegionName'] for r in regs.get('Regions', []) if r.get('OptInStatus') in ENABLED_OPT_IN]
    disabled = [r['RegionName'] for r in regs.get('Regions', []) if r.get('OptInStatus') not in ENABLED_OPT_IN]
    if regs and home not in enabled:
        a.problems.append('home region %s is not enabled in DescribeRegions' % home)
    if regs and not disabled:
        a.problems.append('DescribeRegions should list a not-opted-in region')
    f['enabled'], f['disabled'] = enabled, disabled

    trails = a.get(home, 'cloudtrail', 'DescribeTrails')
    f['trails'] = None
    if trails and '__error__' not in trails:
        f['trails'] = []
        for t in trails.get('trailList', []):
            if not t.get('IsMultiRegionTrail'):
                continue
            if t.get('HomeRegion') not in enabled:
                a.problems.append('trail %s is homed in %s, which is not enabled' % (t['TrailARN'], t.get('HomeRegion')))
            st = a.get(t['HomeRegion'], 'cloudtrail', 'GetTrailStatus', t['TrailARN'])
            sel = a.get(t['HomeRegion'], 'cloudtrail', 'GetEventSelectors', t['TrailARN'])
            f['trails'].append((t, st, sel))

    f['org'] = a.get('global', 'organizations', 'DescribeOrganization')
    cr = a.get('global', 'iam', 'GetCredentialReport')
    f['keys'] = None
    if cr and '__error__' not in cr:
        f['keys'] = credential_report_keys(cr, acct, [])  # problems are reported on the file's own line
    elif cr and cr['__error__'] == 'ReportNotPresent':
        users, err = a.pages('global', 'iam', 'ListUsers', 'Marker', lambda p: p.get('IsTruncated'))
        f['keys'] = []
        for pg in users:
            for u in pg.get('Users', []):
                kp, kerr = a.pages('global', 'iam', 'ListAccessKeys', 'Marker', lambda p: p.get('IsTruncated'),
                                   resource=u['UserName'])
                for k in (x for p in kp for x in p.get('AccessKeyMetadata', [])):
                    f['keys'].append((u['UserName'], k['Status'] == 'Active', k['CreateDate']))

    for r in enabled:
        g = f['regions'][r] = {}
        for op, lst in (('DescribeVpcs', 'Vpcs'), ('DescribeFlowLogs', 'FlowLogs'), ('DescribeVolumes', 'Volumes'),
                        ('DescribeSnapshots', 'Snapshots')):
            pgs, err = a.pages(r, 'ec2', op, 'NextToken', lambda p: True)
            g[lst] = None if err else [x for p in pgs for x in p.get(lst, [])]
        cfg = [a.get(r, 'config', op) for op in ('DescribeConfigurationRecorders',
                                                 'DescribeConfigurationRecorderStatus', 'DescribeDeliveryChannels')]
        g['config'] = None if any(c is None or '__error__' in c for c in cfg) else cfg
        dets, err = a.pages(r, 'guardduty', 'ListDetectors', 'NextToken', lambda p: True)
        g['detectors'] = None
        if not err:
            g['detectors'] = [a.get(r, 'guardduty', 'GetDetector', d) for p in dets for d in p.get('DetectorIds', [])]
        keys, err = a.pages(r, 'kms', 'ListKeys', 'NextMarker', lambda p: p.get('Truncated'))
        g['kms'] = None
        if not err:
            g['kms'] = []
            for k in (x for p in keys for x in p.get('Keys', [])):
                d = a.get(r, 'kms', 'DescribeKey', k['KeyId'])
                if not d or '__error__' in d:
                    continue
                md = d['KeyMetadata']
                if md.get('KeyId') != k['KeyId']:
                    a.problems.append('DescribeKey %s returned KeyId %s' % (k['KeyId'], md.get('KeyId')))
                rot = None
                if (md.get('KeyManager'), md.get('KeySpec'), md.get('KeyState'), md.get('Origin')) == (
                        'CUSTOMER', 'SYMMETRIC_DEFAULT', 'Enabled', 'AWS_KMS'):
                    rot = a.get(r, 'kms', 'GetKeyRotationStatus', k['KeyId'])
                g['kms'].append((md, rot))
    return a, f


def credential_report_keys(cr, acct, problems):
    try:
        text = cr['Content'].decode('utf-8')
    except (KeyError, AttributeError, UnicodeDecodeError):
        problems.append('credential report Content is not UTF-8 CSV')
        return []
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != CR_HEADER:
        problems.append('credential report header differs from aws-wire-formats.md 3.5')
        return []
    keys = []
    names = [r[0] for r in rows[1:]]
    if '<root_account>' not in names:
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
        if not row['arn'].startswith('arn:aws:iam::%s:' % acct):
            problems.append('credential report %s arn is not in account %s' % (row['user'], acct))
        for n in (1, 2):
            if row['access_key_%d_active' % n].lower() == 'true':
                rot = row['access_key_%d_last_rotated' % n]
                if ISO_RE.match(rot):
                    keys.append((row['user'], True, dt.datetime.fromisoformat(rot.replace('Z', '+00:00'))))
                else:
                    problems.append('credential report %s key %d is active without a rotation date' % (row['user'], n))
    return keys


# ---------------------------------------------------------------- the eight checks
def evaluate(f, now):
    res = {c: [0, 0] for c in CHECKS}

    def add(check, passed):
        res[check][0 if passed else 1] += 1

    org = f['org']
    if org and '__error__' not in org:
        add('org_member', org.get('Organization', {}).get('FeatureSet') == 'ALL')
    elif org and org['__error__'] == 'AWSOrganizationsNotInUseException':
        add('org_member', False)

    if f['trails'] is not None:
        good = False
        for t, st, sel in f['trails']:
            if not st or '__error__' in st or not sel or '__error__' in sel:
                continue
            mgmt = any(s.get('ReadWriteType') == 'All' and s.get('IncludeManagementEvents')
                       for s in sel.get('EventSelectors', []))
            for s in sel.get('AdvancedEventSelectors', []):
                fs = {x['Field']: x for x in s.get('FieldSelectors', [])}
                if fs.get('eventCategory', {}).get('Equals') == ['Management'] and 'readOnly' not in fs:
                    mgmt = True
            good = good or (st.get('IsLogging') and mgmt)
        add('cloudtrail_multi_region', good)

    if f['keys'] is not None:
        for user, active, created in f['keys']:
            if active:
                add('iam_access_keys_rotated', (now - created).total_seconds() <= ACCESS_KEY_MAX_DAYS * 86400)

    for r, g in f['regions'].items():
        if g['config'] is not None:
            recs, stats, chans = g['config']
            stat = {s['name']: s for s in stats.get('ConfigurationRecordersStatus', [])}
            ok = any(rc.get('recordingGroup', {}).get('allSupported') and stat.get(rc['name'], {}).get('recording')
                     and stat.get(rc['name'], {}).get('lastStatus') == 'Success'
                     for rc in recs.get('ConfigurationRecorders', []))
            add('config_recorder_all_regions', ok and bool(chans.get('DeliveryChannels')))
        if g['Vpcs'] is not None and g['FlowLogs'] is not None:
            for v in g['Vpcs']:
                add('vpc_flow_logs_enabled', any(
                    fl.get('ResourceId') == v['VpcId'] and fl.get('FlowLogStatus') == 'ACTIVE'
                    and fl.get('TrafficType') in ('ALL', 'REJECT') for fl in g['FlowLogs']))
        if g['detectors'] is not None:
            add('guardduty_enabled', any(d and d.get('Status') == 'ENABLED' for d in g['detectors']))
        if g['kms'] is not None:
            for md, rot in g['kms']:
                if rot is not None and '__error__' not in rot:
                    add('kms_cmk_rotation', bool(rot.get('KeyRotationEnabled')))
        if g['Volumes'] is not None and g['Snapshots'] is not None:
            for v in g['Volumes']:
                if v.get('State') != 'in-use':
                    continue
                add('recovery_snapshot_coverage', any(
                    s.get('VolumeId') == v['VolumeId'] and s.get('State') == 'completed'
                    and (now - s['StartTime']).total_seconds() <= SNAPSHOT_MAX_DAYS * 86400 for s in g['Snapshots']))
    return res


def score(res):
    num = den = 0.0
    for c, (p, fl) in res.items():
        if p + fl:
            num += CHECKS[c] * p / (p + fl)
            den += CHECKS[c]
    return 100.0 * num / den if den else 0.0


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


def main():
    tap = Tap()
    print('# botocore %s from %s' % (botocore.__version__, os.path.dirname(botocore.__file__)))
    if not os.path.isdir(FIXTURES):
        tap.result(False, 'fixtures', 'no fixtures/ directory')
        print('1..%d' % tap.n)
        return 1
    scenarios = sorted(d for d in os.listdir(FIXTURES) if os.path.isdir(os.path.join(FIXTURES, d)))
    totals = {c: [0, 0] for c in CHECKS}
    for scn in scenarios:
        sdir = os.path.join(FIXTURES, scn)
        meta = None
        rel_meta = os.path.join('fixtures', scn, 'scenario.json')
        try:
            with open(os.path.join(sdir, 'scenario.json'), encoding='utf-8') as fh:
                meta = json.load(fh)
            problems = []
            for k, typ in (('description', str), ('accounts', list), ('home_region', str), ('now', str),
                           ('expect', dict)):
                if not isinstance(meta.get(k), typ):
                    problems.append('%s must be a %s' % (k, typ.__name__))
            if not problems:
                if not all(isinstance(x, str) and re.match(r'^\d{12}$', x) for x in meta['accounts']):
                    problems.append('accounts must be 12-digit strings')
                if not re.match(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$', meta['now']):
                    problems.append('now must be YYYY-MM-DDTHH:MM:SSZ')
                if not isinstance(meta['expect'].get('score'), str):
                    problems.append('expect.score must be a human-readable string')
                extra = set(os.listdir(sdir)) - set(meta['accounts']) - {'scenario.json'}
                if extra:
                    problems.append('unexpected entries %s (not listed in accounts)' % sorted(extra))
            if problems:
                raise Fail('; '.join(problems))
            tap.result(True, rel_meta)
        except (OSError, ValueError, Fail) as e:
            tap.result(False, rel_meta, str(e))
            meta = None

        parsed = {}
        for dirpath, dirnames, filenames in os.walk(sdir):
            dirnames.sort()
            for fn in sorted(filenames):
                if fn == 'scenario.json' and dirpath == sdir:
                    continue
                full = os.path.join(dirpath, fn)
                rel = os.path.relpath(full, FIXTURES)
                name = os.path.join('fixtures', rel)
                try:
                    parts = rel.split(os.sep)
                    if len(parts) != 4 or not fn.endswith('.http'):
                        raise Fail('want fixtures/<scenario>/<account>/<region|global>/<file>.http')
                    _, acct, region, _ = parts
                    if not re.match(r'^\d{12}$', acct):
                        raise Fail('account directory %r is not a 12-digit id' % acct)
                    m = re.match(r'^([a-z0-9-]+)\.([A-Za-z0-9]+)(?:\.(.+))?\.http$', fn)
                    if not m:
                        raise Fail('file name is not <service>.<Action>[.<resource>][.page-<token>].http')
                    svc, op, rest = m.group(1), m.group(2), m.group(3)
                    if svc not in SERVICES:
                        raise Fail('unknown service %r' % svc)
                    if (svc in GLOBAL_SERVICES) != (region == 'global'):
                        raise Fail('%s belongs under %s/' % (svc, 'global' if svc in GLOBAL_SERVICES else '<region>'))
                    if region != 'global' and not re.match(r'^[a-z]{2}(-[a-z]+)+-\d$', region):
                        raise Fail('%r is not a region name' % region)
                    if (svc, op) in RESOURCE_OPS:
                        mm = re.match(r'^(.+?)(?:\.page-(.+))?$', rest or '')
                        if not rest or not mm:
                            raise Fail('%s.%s needs a .<%s> part' % (svc, op, RESOURCE_OPS[(svc, op)]))
                        res_part, page_part = mm.group(1), mm.group(2)
                    else:
                        mm = re.match(r'^page-(.+)$', rest or 'page-x')
                        if rest is not None and not mm:
                            raise Fail('unexpected name part %r (only .page-<token> allowed)' % rest)
                        res_part, page_part = None, mm.group(1) if rest else None
                    for part in (res_part, page_part):
                        if part is not None and (re.search(r'[^A-Za-z0-9_.-]', part) or len(part) > 100):
                            raise Fail('name part %r is not sanitized' % part)
                    st, p = check_file(full, svc, op, acct)
                    parsed[rel] = (st, p)
                    tap.result(True, name)
                except (Fail, ET.ParseError, UnicodeDecodeError) as e:
                    parsed[rel] = (0, None)
                    tap.result(False, name, str(e))

        if meta is None:
            continue
        try:
            scenario_checks(tap, scn, sdir, meta, parsed, totals)
        except Exception as e:  # a bug or an unexpected fixture shape: fail, don't crash
            tap.result(False, 'fixtures/%s: scenario checks' % scn, '%s: %s' % (type(e).__name__, e))

    missing = ['%s (%d pass, %d fail)' % (c, p, fl) for c, (p, fl) in totals.items() if not p or not fl]
    tap.result(not missing, 'fixtures: every check has a PASS and a FAIL resource somewhere',
               'lacking: ' + ', '.join(missing))
    print('1..%d' % tap.n)
    return 1 if tap.failed else 0


def scenario_checks(tap, scn, sdir, meta, parsed, totals):
    # call graph
    problems, facts, broken = [], [], False
    present = set(parsed)
    expected = set()
    for acct in meta['accounts']:
        a, f = walk_account(scn, meta, acct, parsed)
        expected |= a.expected
        problems += a.problems
        broken = broken or a.broken
        facts.append(f)
        for r in f['disabled']:
            if os.path.exists(os.path.join(sdir, acct, r)):
                problems.append('%s/%s is not enabled but has a directory' % (acct, r))
    if broken:  # dependent calls of a broken file cannot be followed
        problems.append('incomplete: fix the failing files above first')
    else:
        for extra in sorted(present - expected):
            problems.append('extra file %s (irready never makes this call)' % extra)
    problems = sorted(set(problems))
    tap.result(not problems, 'fixtures/%s: call graph (enabled regions, pagination, dependent calls)' % scn,
               '; '.join(problems[:12]) + (' ...' if len(problems) > 12 else ''))

    # expected results
    now = dt.datetime.strptime(meta['now'], '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=dt.timezone.utc)
    res = {c: [0, 0] for c in CHECKS}
    for f in facts:
        for c, (p, fl) in evaluate(f, now).items():
            res[c][0] += p
            res[c][1] += fl
    for c in CHECKS:
        totals[c][0] += res[c][0]
        totals[c][1] += res[c][1]
    sc = score(res)
    diag = ['%s: %-28s %d pass / %d fail' % (scn, c, p, fl) for c, (p, fl) in res.items()]
    diag.append('%s: score %.1f' % (scn, sc))
    bad = []
    want = meta['expect'].get('checks')
    if want is not None:
        for c in CHECKS:
            if list(want.get(c, [0, 0])) != res[c]:
                bad.append('%s is %d/%d, expect says %s' % (c, res[c][0], res[c][1], want.get(c)))
        for c in set(want) - set(CHECKS):
            bad.append('unknown check %s in expect.checks' % c)
    rng = meta['expect'].get('score_range')
    if rng is not None and not (rng[0] <= sc <= rng[1]):
        bad.append('score %.1f outside %s' % (sc, rng))
    tap.result(not bad, 'fixtures/%s: expected check results and score' % scn, '; '.join(bad), diag)


if __name__ == '__main__':
    sys.exit(main())
