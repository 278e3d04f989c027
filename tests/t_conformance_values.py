#!/usr/bin/python3
"""t_conformance_values.py -- the values irready decodes agree with botocore's.

Run from the repo root with Debian's python3 (python3-botocore):

    /usr/bin/python3 tests/t_conformance_values.py

t_conformance.py checks that every fixture is a well-formed AWS response.
This test checks the other half: that what irready *decoded* from those
responses -- the values the checks rely on -- is what botocore decodes.

For each fixtures/<scenario>, it runs `irready inventory --replay
fixtures/<scenario>` (JSON of everything the collectors decoded) and,
independently, parses the same .http files with botocore
(botocore.parsers.create_parser(protocol).parse(..., output_shape)), following
the call graph and pagination of fixtures/README.md (page-<sanitized token>
files, dependent per-resource calls). It then compares, per account:

  * identity: GetCallerIdentity Account/Arn, and the enabled regions;
  * each account dataset (Organizations, IAM access keys, CloudTrail trails,
    IAM authorization details, alternate contacts) and each regional
    dataset (VPCs, flow logs, volumes, snapshots, Config recorders and
    delivery channels, GuardDuty detectors, KMS keys, Secrets Manager
    secrets, SSM parameters, EC2 instances and their AMIs' existence,
    self-owned AMIs, network interfaces, security groups, network ACLs,
    EBS encryption by default, public snapshots, SSM managed instances and
    Automation documents, CloudFormation stacks): its
    state (ok, or failed with botocore's Error.Code, the IAM action and the
    region of the first call that failed) and its records, as sets keyed by
    id (AWS order carries no meaning), field by field. Timestamps are compared
    as UTC epoch seconds (botocore's datetime floored; irready's ISO-8601).

One TAP line per compared group (`ok N - <scenario>: <region> <dataset>`),
each mismatch spelled out in the failure reason and `#` lines; `1..N` at the
end; exit status 1 on any failure. No network access: Python sockets are
disabled and irready only replays.

Environment:
  IRREADY             the irready binary (default: $O/irready, O=build)
  FIXTURES_DIR        where the botocore side reads scenarios (default fixtures/)
  IRREADY_REPLAY_DIR  where irready replays them from (default: FIXTURES_DIR)
The last two exist so that a scratch copy with one value changed on one side
can prove the comparison bites.
"""
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import socket
import subprocess
import sys

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
    raise RuntimeError('t_conformance_values.py must not use the network')


socket.socket.connect = socket.socket.connect_ex = _no_network
socket.create_connection = socket.getaddrinfo = _no_network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _repo_path(p):
    return p if os.path.isabs(p) else os.path.join(ROOT, p)


FIXTURES = _repo_path(os.environ.get('FIXTURES_DIR') or 'fixtures')
REPLAY = _repo_path(os.environ.get('IRREADY_REPLAY_DIR') or FIXTURES)
IRREADY = os.environ.get('IRREADY') or os.path.join(_repo_path(os.environ.get('O') or 'build'), 'irready')

GLOBAL_SERVICES = ('iam', 'organizations', 'account')
ENABLED_OPT_IN = ('opt-in-not-required', 'opted-in')
NO_REPORT = ('ReportNotPresent', 'ReportExpired', 'ReportInProgress')  # inv_iam.c: list users instead
CR_NOT_A_DATE = ('N/A', 'not_supported', 'no_information', '')

# irready's dataset descriptions (the descriptors of src/inventory/datasets.def) and the inventory
# arrays each one fills.
ACCOUNT_DATASETS = (('org', 'Organizations membership', ('organization',)),
                    ('iam', 'IAM users and access keys', ('access_keys',)),
                    ('cloudtrail', 'CloudTrail trails', ('trails',)),
                    ('iam_authz', 'IAM users, groups, roles and customer-managed policies',
                     ('iam_entities', 'iam_policies')),
                    ('contacts', 'Alternate contacts', ('alternate_contacts',)))
REGION_DATASETS = (('vpcs', 'VPCs', ('vpcs',)),
                   ('flow_logs', 'VPC flow logs', ('flow_logs',)),
                   ('volumes', 'EBS volumes', ('volumes',)),
                   ('snapshots', 'EBS snapshots', ('snapshots',)),
                   ('config', 'AWS Config recorders', ('config_recorders', 'delivery_channels')),
                   ('guardduty', 'GuardDuty detectors', ('guardduty_detectors',)),
                   ('kms', 'KMS keys', ('kms_keys',)),
                   ('secrets', 'Secrets Manager secrets', ('secrets',)),
                   ('ssm_parameters', 'SSM parameters', ('ssm_parameters',)))


# ---------------------------------------------------------------- file names (fixtures/README.md)
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


# ---------------------------------------------------------------- botocore parsing
_loader = botocore.loaders.create_loader()
_models = {}


def service_model(svc):
    if svc not in _models:
        _models[svc] = botocore.model.ServiceModel(_loader.load_service_model(svc, 'service-2'), svc)
    return _models[svc]


def parse_http(raw):
    """(status, HeadersDict, body) of a raw HTTP response (LF or CRLF)."""
    a, b = raw.find(b'\n\n'), raw.find(b'\r\n\r\n')
    if b != -1 and (a == -1 or b < a):
        head, body = raw[:b], raw[b + 4:]
    elif a != -1:
        head, body = raw[:a], raw[a + 2:]
    else:
        raise ValueError('no empty line between headers and body')
    lines = head.decode('ascii').replace('\r\n', '\n').split('\n')
    status = int(lines[0].split(' ')[1])
    headers = HeadersDict()
    for ln in lines[1:]:
        k, _, v = ln.partition(':')
        headers[k.strip()] = v.strip()
    return status, headers, body


class Missing(Exception):
    """A file the call graph needs is not there (a fixture problem)."""


class DatasetFailed(Exception):
    def __init__(self, code, action, region, partial):
        Exception.__init__(self, '%s %s %s' % (code, action, region))
        self.code, self.action, self.region, self.partial = code, action, region, partial


class AnswerError(Exception):
    """An error response that is an answer, not a failure (NotInUse, ReportNotPresent)."""

    def __init__(self, code):
        Exception.__init__(self, code)
        self.code = code


class Account:
    """The botocore side: one account's fixture directory, call by call."""

    def __init__(self, sdir, acct):
        self.dir = os.path.join(sdir, acct)
        self.ok_calls = 0  # successful calls in the current dataset (partial data on failure)

    def call(self, region, svc, op, resource=None, page=None, answers=()):
        if svc in GLOBAL_SERVICES:
            region = 'global'
        path = os.path.join(self.dir, region, file_name(svc, op, resource, page))
        if not os.path.isfile(path):
            raise Missing(os.path.relpath(path, ROOT))
        with open(path, 'rb') as f:
            status, headers, body = parse_http(f.read())
        sm = service_model(svc)
        om = sm.operation_model(op)
        parsed = botocore.parsers.create_parser(sm.protocol).parse(
            {'status_code': status, 'headers': headers, 'body': body}, om.output_shape)
        if 200 <= status < 300 and 'Error' not in parsed:
            self.ok_calls += 1
            return parsed
        code = parsed.get('Error', {}).get('Code') or 'HTTP %d' % status
        if code in answers:
            raise AnswerError(code)
        raise DatasetFailed(code, '%s:%s' % (svc, op), region, self.ok_calls > 0)

    def pages(self, region, svc, op, token, more, resource=None, answers=()):
        out, page, seen = [], None, set()
        while True:
            p = self.call(region, svc, op, resource, page, answers)
            out.append(p)
            tok = p.get(token)
            if not tok or not more(p) or tok in seen:
                return out
            seen.add(tok)
            page = tok


# ---------------------------------------------------------------- expected values (botocore side)
def epoch(t):
    """UTC epoch seconds (floored) of a datetime, or None."""
    if t is None:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return int(t.timestamp() // 1)


def cr_epoch(s):
    """A credential report date as epoch seconds; N/A etc. are None; garbage stays a string (and mismatches)."""
    if s is None or s in CR_NOT_A_DATE:
        return None
    try:
        return epoch(dt.datetime.fromisoformat(s.replace('Z', '+00:00')))
    except ValueError:
        return s


def exp_org(a, home):
    try:
        o = a.call(home, 'organizations', 'DescribeOrganization',
                   answers=('AWSOrganizationsNotInUseException',)).get('Organization', {})
    except AnswerError:
        return {'organization': {'member': False, 'id': None, 'feature_set': None, 'master_account_id': None}}
    return {'organization': {'member': True, 'id': o.get('Id'), 'feature_set': o.get('FeatureSet'),
                             'master_account_id': o.get('MasterAccountId')}}


def exp_iam(a, home):
    try:
        cr = a.call(home, 'iam', 'GetCredentialReport', answers=NO_REPORT)
    except AnswerError:
        cr = None
    keys = []
    if cr is not None:
        content = cr.get('Content') or b''
        if isinstance(content, str):
            content = content.encode('utf-8')
        rows = list(csv.DictReader(io.StringIO(content.decode('utf-8'))))
        for r in rows:
            for n in (1, 2):
                if (r.get('access_key_%d_active' % n) or '').lower() != 'true':
                    continue
                keys.append({'user': r.get('user'), 'user_arn': r.get('arn'), 'key_id': 'access_key_%d' % n,
                             'active': True, 'created': cr_epoch(r.get('access_key_%d_last_rotated' % n)),
                             'last_used': cr_epoch(r.get('access_key_%d_last_used_date' % n))})
        return {'access_keys': keys, 'keys_from_credential_report': True}
    users = [u for p in a.pages(home, 'iam', 'ListUsers', 'Marker', lambda p: p.get('IsTruncated'))
             for u in p.get('Users', [])]
    failed = False  # inv_iam.c: after a failed last-use call it makes no more
    for u in users:
        first = len(keys)
        for p in a.pages(home, 'iam', 'ListAccessKeys', 'Marker', lambda p: p.get('IsTruncated'),
                         resource=u['UserName']):
            for k in p.get('AccessKeyMetadata', []):
                keys.append({'user': k.get('UserName'), 'user_arn': u.get('Arn'), 'key_id': k.get('AccessKeyId'),
                             'active': k.get('Status') == 'Active', 'created': epoch(k.get('CreateDate')),
                             'last_used': None})  # ListAccessKeys does not say: GetAccessKeyLastUsed
        try:
            if not failed:
                a.call(home, 'iam', 'GetLoginProfile', u['UserName'], answers=('NoSuchEntity',))
        except AnswerError:
            pass
        except DatasetFailed:
            failed = True
        for k in keys[first:]:
            if not k['active'] or failed:
                continue
            try:
                lu = a.call(home, 'iam', 'GetAccessKeyLastUsed', k['key_id'])
                k['last_used'] = epoch((lu.get('AccessKeyLastUsed') or {}).get('LastUsedDate'))
            except DatasetFailed:
                failed = True
    return {'access_keys': keys, 'keys_from_credential_report': False}


def mgmt_from_selectors(sel):
    """(read, write): do the trail's selectors log management read / write events?"""
    read = write = False
    for s in sel.get('EventSelectors', []) or []:
        if not s.get('IncludeManagementEvents', True):
            continue
        rw = s.get('ReadWriteType', 'All')
        read = read or rw in ('All', 'ReadOnly')
        write = write or rw in ('All', 'WriteOnly')
    for s in sel.get('AdvancedEventSelectors', []) or []:
        fs = s.get('FieldSelectors', []) or []
        if not any(f.get('Field') == 'eventCategory' and 'Management' in (f.get('Equals') or []) for f in fs):
            continue
        ro = [v for f in fs if f.get('Field') == 'readOnly' for v in (f.get('Equals') or [])]
        if not ro:
            read = write = True
        else:
            read = read or 'true' in ro
            write = write or 'false' in ro
    return read, write


def exp_cloudtrail(a, home):
    trails = []
    for t in a.call(home, 'cloudtrail', 'DescribeTrails').get('trailList', []):
        e = {'name': t.get('Name'), 'arn': t.get('TrailARN'), 'home_region': t.get('HomeRegion'),
             'multi_region': bool(t.get('IsMultiRegionTrail')), 'organization': bool(t.get('IsOrganizationTrail')),
             'is_logging': None, 'mgmt_read': None, 'mgmt_write': None}  # None: not fetched
        # status for multi-region trails and for any trail delivering to
        # CloudWatch Logs; selectors for multi-region trails only
        # an error answering either is the trail's (inv_cloudtrail.c: a
        # member asking about its organization's trail), not the dataset's
        if e['multi_region'] or t.get('CloudWatchLogsLogGroupArn'):
            try:
                st = a.call(e['home_region'], 'cloudtrail', 'GetTrailStatus', e['arn'])
                e['is_logging'] = bool(st.get('IsLogging'))
            except DatasetFailed:
                pass
        if e['multi_region']:
            try:
                sel = a.call(e['home_region'], 'cloudtrail', 'GetEventSelectors', e['arn'])
                e['mgmt_read'], e['mgmt_write'] = mgmt_from_selectors(sel)
            except DatasetFailed:
                pass
        trails.append(e)
    return {'trails': trails}


def ec2_list(a, region, op, key):
    return [x for p in a.pages(region, 'ec2', op, 'NextToken', lambda p: True) for x in p.get(key, [])]


def exp_vpcs(a, region):
    out = []
    for v in ec2_list(a, region, 'DescribeVpcs', 'Vpcs'):
        names = [t.get('Value') for t in v.get('Tags', []) or [] if t.get('Key') == 'Name']
        out.append({'id': v.get('VpcId'), 'is_default': bool(v.get('IsDefault')),
                    'name': names[0] if names else None})
    return {'vpcs': out}


def exp_flow_logs(a, region):
    return {'flow_logs': [{'id': f.get('FlowLogId'), 'resource_id': f.get('ResourceId'),
                           'traffic_type': f.get('TrafficType'), 'status': f.get('FlowLogStatus'),
                           'deliver_status': f.get('DeliverLogsStatus'),
                           'deliver_error': f.get('DeliverLogsErrorMessage')}
                          for f in ec2_list(a, region, 'DescribeFlowLogs', 'FlowLogs')]}


def exp_volumes(a, region):
    out = []
    for v in ec2_list(a, region, 'DescribeVolumes', 'Volumes'):
        att = v.get('Attachments') or []
        names = [t.get('Value') for t in v.get('Tags', []) or [] if t.get('Key') == 'Name']
        out.append({'id': v.get('VolumeId'), 'state': v.get('State'),
                    'instance_id': att[0].get('InstanceId') if att else None,
                    'name': names[0] if names else None, 'az': v.get('AvailabilityZone'),
                    'create_time': epoch(v.get('CreateTime')), 'size_gib': v.get('Size', 0),
                    'encrypted': bool(v.get('Encrypted'))})
    return {'volumes': out}


def exp_snapshots(a, region):
    return {'snapshots': [{'id': s.get('SnapshotId'), 'volume_id': s.get('VolumeId'), 'state': s.get('State'),
                           'start_time': epoch(s.get('StartTime'))}
                          for s in ec2_list(a, region, 'DescribeSnapshots', 'Snapshots')]}


def exp_config(a, region):
    recs = a.call(region, 'config', 'DescribeConfigurationRecorders').get('ConfigurationRecorders', [])
    stats = a.call(region, 'config', 'DescribeConfigurationRecorderStatus').get('ConfigurationRecordersStatus', [])
    chans = a.call(region, 'config', 'DescribeDeliveryChannels').get('DeliveryChannels', [])
    by_name = {s.get('name'): s for s in stats}
    out = []
    for r in recs:
        g = r.get('recordingGroup')
        st = by_name.get(r.get('name'), {})
        out.append({'name': r.get('name'),
                    # no recordingGroup at all is AWS's default: every supported type
                    'all_supported': bool(g.get('allSupported')) if g is not None else True,
                    'include_global': bool(g.get('includeGlobalResourceTypes')) if g is not None else False,
                    'recording': bool(st.get('recording')), 'last_status': st.get('lastStatus')})
    return {'config_recorders': out,
            'delivery_channels': [{'name': c.get('name'), 'bucket': c.get('s3BucketName'),
                                   'sns_topic': c.get('snsTopicARN')} for c in chans]}


def exp_guardduty(a, region):
    ids = [d for p in a.pages(region, 'guardduty', 'ListDetectors', 'NextToken', lambda p: True)
           for d in p.get('DetectorIds', [])]
    return {'guardduty_detectors': [{'id': d, 'status': a.call(region, 'guardduty', 'GetDetector', d).get('Status')}
                                    for d in ids]}


def exp_kms(a, region):
    keys = [k for p in a.pages(region, 'kms', 'ListKeys', 'NextMarker', lambda p: p.get('Truncated'))
            for k in p.get('Keys', [])]
    out = []
    for k in keys:
        md = a.call(region, 'kms', 'DescribeKey', k['KeyId']).get('KeyMetadata', {})
        e = {'id': k.get('KeyId'), 'manager': md.get('KeyManager'),
             'spec': md.get('KeySpec') or md.get('CustomerMasterKeySpec'), 'state': md.get('KeyState'),
             'origin': md.get('Origin'), 'rotation_enabled': None}
        if (e['manager'], e['spec'], e['state'], e['origin']) == ('CUSTOMER', 'SYMMETRIC_DEFAULT', 'Enabled',
                                                                  'AWS_KMS'):
            rot = a.call(region, 'kms', 'GetKeyRotationStatus', k['KeyId'])
            e['rotation_enabled'] = bool(rot.get('KeyRotationEnabled'))
        out.append(e)
    return {'kms_keys': out}


def policy_statements(raw):
    """Statements in a URL-encoded policy document (inv_policy.c); None when unreadable."""
    from urllib.parse import unquote
    try:
        d = json.loads(unquote(raw)) if raw is not None else None
    except ValueError:
        return None
    st = d.get('Statement') if isinstance(d, dict) else None
    return 1 if isinstance(st, dict) else len(st) if isinstance(st, list) else None


def exp_iam_authz(a, home):
    ents, pols = [], []
    kinds = (('user', 'UserDetailList', 'UserName', 'UserPolicyList'),
             ('group', 'GroupDetailList', 'GroupName', 'GroupPolicyList'),
             ('role', 'RoleDetailList', 'RoleName', 'RolePolicyList'))
    for p in a.pages(home, 'iam', 'GetAccountAuthorizationDetails', 'Marker', lambda p: p.get('IsTruncated')):
        for kind, lst, name, inline in kinds:
            for e in p.get(lst, []):
                lu = e.get('RoleLastUsed') or {}
                ents.append({'kind': kind, 'name': e.get(name), 'arn': e.get('Arn'), 'path': e.get('Path'),
                             'created': epoch(e.get('CreateDate')),
                             'inline_policies': [x.get('PolicyName') for x in e.get(inline, [])],
                             'attached': [x.get('PolicyArn') for x in e.get('AttachedManagedPolicies', [])],
                             'trust_statements': policy_statements(e.get('AssumeRolePolicyDocument'))
                             if kind == 'role' else None,
                             'last_used': epoch(lu.get('LastUsedDate')), 'last_used_region': lu.get('Region')})
        for x in p.get('Policies', []):
            dv = [v for v in x.get('PolicyVersionList', [])
                  if v.get('IsDefaultVersion') or v.get('VersionId') == x.get('DefaultVersionId')]
            pols.append({'name': x.get('PolicyName'), 'arn': x.get('Arn'),
                         'default_version': x.get('DefaultVersionId'), 'attachments': x.get('AttachmentCount', 0),
                         'statements': policy_statements(dv[0].get('Document')) if dv else None})
    return {'iam_entities': ents, 'iam_policies': pols}


def exp_contacts(a, home):
    out = []
    for t in ('SECURITY', 'BILLING', 'OPERATIONS'):  # inv_account_contacts.c
        try:
            c = a.call(home, 'account', 'GetAlternateContact', t,
                       answers=('ResourceNotFoundException',)).get('AlternateContact') or {}
            out.append({'type': t, 'registered': True, 'name': c.get('Name'), 'email': c.get('EmailAddress')})
        except AnswerError:
            out.append({'type': t, 'registered': False, 'name': None, 'email': None})
    return {'alternate_contacts': out}


def exp_secrets(a, region):
    out = []
    for p in a.pages(region, 'secretsmanager', 'ListSecrets', 'NextToken', lambda p: True):
        for x in p.get('SecretList', []):
            rr = x.get('RotationRules') or {}
            out.append({'arn': x.get('ARN'), 'name': x.get('Name'), 'rotation_enabled': bool(x.get('RotationEnabled')),
                        'rotation_days': rr.get('AutomaticallyAfterDays', 0), 'schedule': rr.get('ScheduleExpression'),
                        'last_rotated': epoch(x.get('LastRotatedDate')), 'created': epoch(x.get('CreatedDate')),
                        'primary_region': x.get('PrimaryRegion')})
    return {'secrets': out}


def exp_ssm_parameters(a, region):
    return {'ssm_parameters': [{'name': x.get('Name'), 'type': x.get('Type'), 'key_id': x.get('KeyId')}
                               for p in a.pages(region, 'ssm', 'DescribeParameters', 'NextToken', lambda p: True)
                               for x in p.get('Parameters', [])]}


EXPECT = {'org': exp_org, 'iam': exp_iam, 'cloudtrail': exp_cloudtrail, 'vpcs': exp_vpcs,
          'flow_logs': exp_flow_logs, 'volumes': exp_volumes, 'snapshots': exp_snapshots, 'config': exp_config,
          'guardduty': exp_guardduty, 'kms': exp_kms}

EXPECT.update({'iam_authz': exp_iam_authz, 'contacts': exp_contacts, 'secrets': exp_secrets,
               'ssm_parameters': exp_ssm_parameters})

# records: inventory array -> (key fields, compared fields, timestamp fields)
RECORDS = {
    'access_keys': (('user', 'key_id'), ('user', 'user_arn', 'key_id', 'active', 'created', 'last_used'),
                    ('created', 'last_used')),
    'trails': (('arn',), ('name', 'arn', 'home_region', 'multi_region', 'organization', 'is_logging', 'mgmt_read',
                          'mgmt_write'), ()),
    'vpcs': (('id',), ('id', 'name', 'is_default'), ()),
    'flow_logs': (('id',), ('id', 'resource_id', 'traffic_type', 'status', 'deliver_status', 'deliver_error'), ()),
    'volumes': (('id',), ('id', 'state', 'instance_id', 'name', 'az', 'create_time', 'size_gib', 'encrypted'),
                ('create_time',)),
    'snapshots': (('id',), ('id', 'volume_id', 'state', 'start_time'), ('start_time',)),
    'config_recorders': (('name',), ('name', 'all_supported', 'include_global', 'recording', 'last_status'), ()),
    'delivery_channels': (('name',), ('name', 'bucket', 'sns_topic'), ()),
    'guardduty_detectors': (('id',), ('id', 'status'), ()),
    'kms_keys': (('id',), ('id', 'manager', 'spec', 'state', 'origin', 'rotation_enabled'), ()),
}
RECORDS.update({
    'iam_entities': (('kind', 'name'), ('kind', 'name', 'arn', 'path', 'created', 'inline_policies', 'attached',
                                        'trust_statements', 'last_used', 'last_used_region'),
                     ('created', 'last_used')),
    'iam_policies': (('arn',), ('name', 'arn', 'default_version', 'attachments', 'statements'), ()),
    'alternate_contacts': (('type',), ('type', 'registered', 'name', 'email'), ()),
    'secrets': (('arn',), ('arn', 'name', 'rotation_enabled', 'rotation_days', 'schedule', 'last_rotated', 'created',
                           'primary_region'), ('last_rotated', 'created')),
    'ssm_parameters': (('name',), ('name', 'type', 'key_id'), ()),
})


# ---- compute, network, EBS, SSM and CloudFormation (family d1:
# src/inventory/inv_ec2_fleet.c, inv_ssm_managed.c, inv_cloudformation.c)
def iso_str_epoch(s):
    """An ISO-8601 string member (EC2 Image.CreationDate) as epoch seconds."""
    return epoch(dt.datetime.fromisoformat(s.replace('Z', '+00:00'))) if s else None


def exp_instances(a, region):
    insts = [i for r in ec2_list(a, region, 'DescribeInstances', 'Reservations') for i in r.get('Instances', [])]
    ids = sorted({i['ImageId'] for i in insts if i.get('ImageId') and
                  (i.get('State') or {}).get('Name') == 'running'})
    found = set()
    try:  # the AMIs of running instances, 15 per call named by the first
        for k in range(0, len(ids), 15):
            for im in a.call(region, 'ec2', 'DescribeImages', ids[k]).get('Images', []):
                found.add(im.get('ImageId'))
        looked = True
    except DatasetFailed:  # kept apart: the instances stay collected
        looked = False
    out = []
    for i in insts:
        running = (i.get('State') or {}).get('Name') == 'running' and i.get('ImageId')
        out.append({'id': i.get('InstanceId'), 'state': (i.get('State') or {}).get('Name'),
                    'vpc_id': i.get('VpcId'), 'image_id': i.get('ImageId'),
                    'security_groups': [g['GroupId'] for g in i.get('SecurityGroups', []) if g.get('GroupId')],
                    'volumes': [b['Ebs']['VolumeId'] for b in i.get('BlockDeviceMappings', [])
                                if (b.get('Ebs') or {}).get('VolumeId')],
                    'ami_found': (i.get('ImageId') in found) if looked and running else None})
    return {'instances': out}


def exp_images(a, region):
    return {'images': [{'id': im.get('ImageId'), 'state': im.get('State'),
                        'created': iso_str_epoch(im.get('CreationDate')),
                        'snapshots': [b['Ebs']['SnapshotId'] for b in im.get('BlockDeviceMappings', [])
                                      if (b.get('Ebs') or {}).get('SnapshotId')]}
                       for im in a.call(region, 'ec2', 'DescribeImages').get('Images', [])]}


def exp_enis(a, region):
    return {'network_interfaces': [{'id': e.get('NetworkInterfaceId'), 'vpc_id': e.get('VpcId'),
                                    'type': e.get('InterfaceType'),
                                    'instance_id': (e.get('Attachment') or {}).get('InstanceId')}
                                   for e in ec2_list(a, region, 'DescribeNetworkInterfaces', 'NetworkInterfaces')]}


def sg_rules(perms):
    out = []
    for p in perms or []:
        r = {'protocol': p.get('IpProtocol')}
        if 'FromPort' in p:
            r['from_port'], r['to_port'] = p.get('FromPort'), p.get('ToPort')
        r['world4'] = any(x.get('CidrIp') == '0.0.0.0/0' for x in p.get('IpRanges', []))
        r['world6'] = any(x.get('CidrIpv6') == '::/0' for x in p.get('Ipv6Ranges', []))
        out.append(r)
    return out


def exp_sgs(a, region):
    return {'security_groups': [{'id': g.get('GroupId'), 'name': g.get('GroupName'), 'vpc_id': g.get('VpcId'),
                                 'ingress': sg_rules(g.get('IpPermissions')),
                                 'egress': sg_rules(g.get('IpPermissionsEgress'))}
                                for g in ec2_list(a, region, 'DescribeSecurityGroups', 'SecurityGroups')]}


def nacl_entry(e):
    r = {'rule_number': e.get('RuleNumber'), 'protocol': e.get('Protocol'), 'egress': bool(e.get('Egress')),
         'allow': e.get('RuleAction') == 'allow', 'cidr': e.get('CidrBlock'), 'ipv6_cidr': e.get('Ipv6CidrBlock')}
    if 'PortRange' in e:
        r['from_port'], r['to_port'] = e['PortRange'].get('From'), e['PortRange'].get('To')
    return r


def exp_nacls(a, region):
    return {'network_acls': [{'id': n.get('NetworkAclId'), 'vpc_id': n.get('VpcId'),
                              'is_default': bool(n.get('IsDefault')),
                              'entries': [nacl_entry(e) for e in n.get('Entries', [])]}
                             for n in ec2_list(a, region, 'DescribeNetworkAcls', 'NetworkAcls')]}


def exp_ebs_default(a, region):
    return {'ebs_encryption_default': bool(a.call(region, 'ec2', 'GetEbsEncryptionByDefault')
                                           .get('EbsEncryptionByDefault'))}


def exp_public_snapshots(a, region):
    return {'public_snapshots': [{'id': s.get('SnapshotId'), 'volume_id': s.get('VolumeId')}
                                 for p in a.pages(region, 'ec2', 'DescribeSnapshots', 'NextToken', lambda p: True,
                                                  resource='all')
                                 for s in p.get('Snapshots', [])]}


def exp_ssm_instances(a, region):
    return {'ssm_instances': [{'id': x.get('InstanceId'), 'ping_status': x.get('PingStatus')}
                              for p in a.pages(region, 'ssm', 'DescribeInstanceInformation', 'NextToken',
                                               lambda p: True)
                              for x in p.get('InstanceInformationList', [])]}


def exp_ssm_documents(a, region):
    return {'ssm_documents': [{'name': x.get('Name'), 'type': x.get('DocumentType')}
                              for p in a.pages(region, 'ssm', 'ListDocuments', 'NextToken', lambda p: True)
                              for x in p.get('DocumentIdentifiers', [])]}


def exp_stacks(a, region):
    return {'stacks': [{'id': x.get('StackId'), 'name': x.get('StackName'), 'status': x.get('StackStatus'),
                        'drift': (x.get('DriftInformation') or {}).get('StackDriftStatus')}
                       for p in a.pages(region, 'cloudformation', 'ListStacks', 'NextToken', lambda p: True)
                       for x in p.get('StackSummaries', []) if x.get('StackStatus') != 'DELETE_COMPLETE']}


REGION_DATASETS += (('instances', 'EC2 instances and the AMIs they run', ('instances',)),
                    ('images', 'Self-owned AMIs', ('images',)),
                    ('enis', 'Network interfaces', ('network_interfaces',)),
                    ('sgs', 'Security groups', ('security_groups',)),
                    ('nacls', 'Network ACLs', ('network_acls',)),
                    ('ebs_default', 'EBS encryption by default', ()),
                    ('public_snapshots', 'Public EBS snapshots', ('public_snapshots',)),
                    ('ssm_instances', 'SSM managed instances', ('ssm_instances',)),
                    ('ssm_documents', 'Self-owned SSM Automation documents', ('ssm_documents',)),
                    ('stacks', 'CloudFormation stacks', ('stacks',)))
EXPECT.update({'instances': exp_instances, 'images': exp_images, 'enis': exp_enis, 'sgs': exp_sgs,
               'nacls': exp_nacls, 'ebs_default': exp_ebs_default, 'public_snapshots': exp_public_snapshots,
               'ssm_instances': exp_ssm_instances, 'ssm_documents': exp_ssm_documents, 'stacks': exp_stacks})
RECORDS.update({
    'instances': (('id',), ('id', 'state', 'vpc_id', 'image_id', 'security_groups', 'volumes', 'ami_found'), ()),
    'images': (('id',), ('id', 'state', 'created', 'snapshots'), ('created',)),
    'network_interfaces': (('id',), ('id', 'vpc_id', 'type', 'instance_id'), ()),
    'security_groups': (('id',), ('id', 'name', 'vpc_id', 'ingress', 'egress'), ()),
    'network_acls': (('id',), ('id', 'vpc_id', 'is_default', 'entries'), ()),
    'public_snapshots': (('id',), ('id', 'volume_id'), ()),
    'ssm_instances': (('id',), ('id', 'ping_status'), ()),
    'ssm_documents': (('name',), ('name', 'type'), ()),
    'stacks': (('id',), ('id', 'name', 'status', 'drift'), ()),
})

# ---------------------------------------------------------------- comparison
def iso_epoch(v):
    """irready's ISO-8601 timestamp as epoch seconds; anything else returned as is (so it mismatches)."""
    if not isinstance(v, str):
        return v
    try:
        return epoch(dt.datetime.fromisoformat(v.replace('Z', '+00:00')))
    except ValueError:
        return v


def show(v, is_time=False):
    if is_time and isinstance(v, int):
        return '%d (%s)' % (v, dt.datetime.fromtimestamp(v, dt.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))
    return json.dumps(v)


def compare_records(what, exp, got, errs):
    keys, fields, times = RECORDS[what]
    if not isinstance(got, list):
        errs.append('%s: irready has %s, not a list' % (what, show(got)))
        return

    def index(recs, side):
        idx = {}
        for r in recs:
            k = tuple(r.get(x) for x in keys)
            if k in idx:
                errs.append('%s: %s lists %s twice' % (what, side, '/'.join(map(str, k))))
            idx[k] = r
        return idx

    e_idx, g_idx = index(exp, 'botocore'), index(got, 'irready')
    for k in sorted(set(e_idx) - set(g_idx), key=str):
        errs.append('%s: %s is missing from irready' % (what, '/'.join(map(str, k))))
    for k in sorted(set(g_idx) - set(e_idx), key=str):
        errs.append('%s: irready has %s, which botocore does not' % (what, '/'.join(map(str, k))))
    for k in sorted(set(e_idx) & set(g_idx), key=str):
        e, g = e_idx[k], g_idx[k]
        for f in fields:
            if f not in g:
                errs.append('%s %s: irready has no %s' % (what, '/'.join(map(str, k)), f))
                continue
            ev, gv = e.get(f), g[f]
            if f in times:
                gv = iso_epoch(gv)
            if ev is None and f in ('mgmt_read', 'mgmt_write') and gv in (None, False):
                continue  # selectors not fetched: irready prints false
            if ev != gv or type(ev) is not type(gv):
                errs.append('%s %s: %s botocore=%s irready=%s' % (what, '/'.join(map(str, k)), f,
                                                                   show(ev, f in times), show(gv, f in times)))


def compare_status(exp_fail, got, errs):
    """Dataset state: ok, or failed with botocore's code, the action and the region."""
    if not isinstance(got, dict):
        errs.append('irready lists no state for it')
        return
    if exp_fail is None:
        if got.get('state') != 'ok':
            errs.append('state: botocore=ok irready=%s' % json.dumps(got))
        return
    want = {'state': 'failed', 'code': exp_fail.code, 'action': exp_fail.action, 'region': exp_fail.region}
    for k, v in want.items():
        if got.get(k) != v:
            errs.append('%s: botocore=%s irready=%s' % (k, json.dumps(v), json.dumps(got.get(k))))


def compare_dataset(exp_fn, a, region, arrays, got_obj, got_status, errs, extra=None):
    """Evaluate one dataset on the botocore side and compare it with irready's."""
    a.ok_calls = 0
    fail = None
    try:
        exp = exp_fn(a, region)
    except DatasetFailed as e:
        fail, exp = e, None
    compare_status(fail, got_status, errs)
    if fail is not None:
        if fail.partial:  # a later call failed: what was decoded before it is irready's business
            return 'failed (%s) after %d call(s): records not compared' % (fail.code, a.ok_calls)
        exp = {}
        for arr in arrays:  # the first call failed: nothing can have been decoded
            exp[arr] = {'member': False, 'id': None, 'feature_set': None,
                        'master_account_id': None} if arr == 'organization' else []
    for arr in arrays:
        if arr == 'organization':
            for k, v in exp[arr].items():
                gv = (got_obj.get(arr) or {}).get(k, '<absent>')
                if gv != v or type(gv) is not type(v):
                    errs.append('organization %s: botocore=%s irready=%s' % (k, show(v), show(gv)))
        else:
            compare_records(arr, exp[arr], got_obj.get(arr), errs)
    for k, v in (extra or {}).items():
        if k in exp and got_obj.get(k) != exp[k]:
            errs.append('%s: botocore=%s irready=%s' % (k, show(exp[k]), show(got_obj.get(k))))
    if fail is not None:
        return 'failed: %s %s' % (fail.code, fail.action)
    n = sum(len(exp[arr]) if isinstance(exp[arr], list) else 1 for arr in arrays)
    return '%d record(s)' % n


# ---------------------------------------------------------------- TAP
class Tap:
    def __init__(self):
        self.n = self.failed = 0

    def result(self, ok, name, errs=(), note=None):
        self.n += 1
        if ok:
            print('ok %d - %s%s' % (self.n, name, ' (%s)' % note if note else ''))
        else:
            self.failed += 1
            first = errs[0] if errs else 'failed'
            more = ' (+%d more)' % (len(errs) - 1) if len(errs) > 1 else ''
            print('not ok %d - %s: %s%s' % (self.n, name, first, more))
            for e in errs:
                print('#   ' + e)
        sys.stdout.flush()


def run_irready(sdir):
    env = {k: v for k, v in os.environ.items() if not k.startswith('AWS_')}
    env['AWS_EC2_METADATA_DISABLED'] = 'true'
    p = subprocess.run([IRREADY, 'inventory', '--replay', sdir], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=60)
    if p.returncode != 0:
        raise RuntimeError('exit status %d: %s' % (p.returncode, p.stderr.decode('utf-8', 'replace').strip()[:300]))
    inv = json.loads(p.stdout.decode('utf-8'))
    if inv.get('schema') != 'irready.inventory/1':
        raise RuntimeError('schema %r, want irready.inventory/1' % inv.get('schema'))
    return inv


def check_scenario(tap, scn):
    sdir = os.path.join(FIXTURES, scn)
    with open(os.path.join(sdir, 'scenario.json'), encoding='utf-8') as fh:
        meta = json.load(fh)
    home = meta['home_region']
    try:
        inv = run_irready(os.path.join(REPLAY, scn))
        errs = []
        if inv.get('now') != meta['now']:
            errs.append('now: scenario.json=%s irready=%s' % (meta['now'], inv.get('now')))
        ids = [x.get('id') for x in inv.get('accounts', [])]
        if sorted(ids) != sorted(meta['accounts']):
            errs.append('accounts: scenario.json=%s irready=%s' % (sorted(meta['accounts']), sorted(map(str, ids))))
        tap.result(not errs, '%s: irready inventory --replay' % scn, errs)
    except (OSError, ValueError, RuntimeError, subprocess.SubprocessError) as e:
        tap.result(False, '%s: irready inventory --replay' % scn, ['%s: %s' % (type(e).__name__, e)])
        return
    by_id = {x.get('id'): x for x in inv.get('accounts', [])}
    for acct in meta['accounts']:
        got = by_id.get(acct)
        if got is None:
            continue  # reported above
        a = Account(sdir, acct)
        tag = '%s: %s' % (scn, acct) if len(meta['accounts']) > 1 else scn

        # identity and regions: a failure here means the account is not assessed
        errs, fatal, enabled = [], None, []
        try:
            ident = a.call(home, 'sts', 'GetCallerIdentity')
            for k, v in (('id', ident.get('Account')), ('caller_arn', ident.get('Arn'))):
                if got.get(k) != v:
                    errs.append('%s: botocore=%s irready=%s' % (k, show(v), show(got.get(k))))
            regs = a.call(home, 'ec2', 'DescribeRegions').get('Regions', [])
            enabled = sorted(r['RegionName'] for r in regs if r.get('OptInStatus', 'opt-in-not-required')
                             in ENABLED_OPT_IN)
            if sorted(got.get('regions') or {}) != enabled:
                errs.append('regions: botocore enabled=%s irready=%s' % (enabled, sorted(got.get('regions') or {})))
        except DatasetFailed as e:
            fatal = e
        except Missing as e:
            errs.append('fixture file missing: %s' % e)
        if fatal is None:
            if got.get('assessed') is not True:
                errs.append('assessed: botocore=true irready=%s' % show(got.get('assessed')))
        else:
            if got.get('assessed') is not False:
                errs.append('assessed: botocore=false (%s) irready=%s' % (fatal, show(got.get('assessed'))))
            compare_status(fatal, got.get('error'), errs)
        tap.result(not errs, '%s: identity (GetCallerIdentity, enabled regions)' % tag, errs,
                   '%d region(s)' % len(enabled) if not errs else None)
        if fatal is not None or errs and not enabled:
            continue

        for key, desc, arrays in ACCOUNT_DATASETS:
            errs, note = [], None
            try:
                note = compare_dataset(EXPECT[key], a, home, arrays, got, (got.get('datasets') or {}).get(desc),
                                       errs, extra={'keys_from_credential_report': None} if key == 'iam' else None)
            except Missing as e:
                errs.append('fixture file missing: %s' % e)
            tap.result(not errs, '%s: account %s' % (tag, desc), errs, note)

        for region in enabled:
            greg = (got.get('regions') or {}).get(region)
            for key, desc, arrays in REGION_DATASETS:
                errs, note = [], None
                if not isinstance(greg, dict):
                    errs.append('irready has no region %s' % region)
                else:
                    try:
                        note = compare_dataset(EXPECT[key], a, region, arrays, greg,
                                               (greg.get('datasets') or {}).get(desc), errs,
                                               extra={'ebs_encryption_default': None}
                                               if key == 'ebs_default' else None)
                    except Missing as e:
                        errs.append('fixture file missing: %s' % e)
                tap.result(not errs, '%s: %s %s' % (tag, region, desc), errs, note)


def main():
    tap = Tap()
    print('# botocore %s; irready %s' % (botocore.__version__, IRREADY))
    if not os.access(IRREADY, os.X_OK):
        tap.result(False, 'irready binary', ['%s is not executable (build it, or set IRREADY)' % IRREADY])
        print('1..%d' % tap.n)
        return 1
    scenarios = sorted(d for d in os.listdir(FIXTURES) if os.path.isfile(os.path.join(FIXTURES, d, 'scenario.json')))
    if not scenarios:
        tap.result(False, 'fixtures', ['no scenarios under %s' % FIXTURES])
    for scn in scenarios:
        try:
            check_scenario(tap, scn)
        except Exception as e:  # a bug here or an unexpected fixture shape: fail, don't crash
            tap.result(False, '%s: comparison' % scn, ['%s: %s' % (type(e).__name__, e)])
    print('1..%d' % tap.n)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
