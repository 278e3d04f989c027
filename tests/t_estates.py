#!/usr/bin/python3
# t_estates.py -- verdicts on the estates people actually run (issue 16)
#
# Each case derives a scratch scenario from fixtures/well-prepared the way
# a real estate differs from it -- a KMS key whose policy does not delegate
# to IAM, a member account of an organization-trail Organization, a VPC
# shared in through RAM, ... -- replays it with `irready audit --replay`,
# and asserts the verdicts: one resource's error is that resource's ERROR,
# a resource owned elsewhere is NOT_APPLICABLE with its owner named, and so
# on. The derived files are then checked by t_conformance.py
# (FIXTURES_DIR) like the shipped ones, so that every replayed answer is
# one AWS could have sent. TAP output.
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, os.environ.get('O', 'build'), 'irready')
PYTHON = os.environ.get('PYTHON', '/usr/bin/python3')
SRC = os.path.join(ROOT, 'fixtures', 'well-prepared')
ACCT = '111122223333'

n = 0
failed = 0


def ok(cond, msg):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', n, msg))
    return cond


def diag(s):
    for line in str(s).splitlines():
        print('# ' + line)


def http(status, reason, ctype, body, rid='00000000-0000-4000-8000-0000000000%02d'):
    """A replayed response file's text."""
    global _rid
    _rid += 1
    rid = rid % _rid
    # '{rid}' in the body: the same request id as the header's
    return ('HTTP/1.1 %d %s\nContent-Type: %s\nx-amzn-RequestId: %s\n\n%s'
            % (status, reason, ctype, rid, body.replace('{rid}', rid)))


_rid = 0


def json_error(status, code, message, ctype='application/x-amz-json-1.1'):
    return http(status, 'Bad Request' if status == 400 else 'Forbidden', ctype,
                json.dumps({'__type': code, 'message': message}))


class Scenario:
    """A scratch copy of well-prepared to edit."""

    def __init__(self, base, name, src=SRC, acct=ACCT):
        self.dir = os.path.join(base, name)
        self.name = name
        self.acct = acct
        shutil.copytree(src, self.dir)

    def path(self, region, fname):
        return os.path.join(self.dir, self.acct, region, fname)

    def read(self, region, fname):
        with open(self.path(region, fname)) as f:
            return f.read()

    def write(self, region, fname, text):
        with open(self.path(region, fname), 'w') as f:
            f.write(text)

    def remove(self, region, fname):
        os.unlink(self.path(region, fname))

    def rename(self, region, old, new):
        os.rename(self.path(region, old), self.path(region, new))

    def edit_json(self, region, fname, fn):
        """Apply fn to the JSON body of a replayed response."""
        text = self.read(region, fname)
        head, body = text.split('\n\n', 1)
        doc = json.loads(body)
        doc = fn(doc) or doc
        self.write(region, fname, head + '\n\n' + json.dumps(doc))

    def sub(self, region, fname, old, new, count=1):
        text = self.read(region, fname)
        if old not in text:
            raise SystemExit('%s/%s: %r not found' % (region, fname, old))
        self.write(region, fname, text.replace(old, new, count))

    def audit(self, *args, params=False):
        out = os.path.join(self.dir + '.out')
        log = os.path.join(self.dir + '.requests')
        env = dict(os.environ, IRREADY_REQUEST_LOG=log)
        if params:
            env['IRREADY_REQUEST_LOG_PARAMS'] = '1'
        p = subprocess.run([BIN, 'audit', '--replay', self.dir, '--format', 'csv',
                            '--output-dir', out, '--quiet'] + list(args),
                           capture_output=True, text=True, env=env)
        if p.returncode not in (0, 1):
            diag(p.stderr)
        with open(os.path.join(out, 'findings.csv')) as f:
            rows = list(csv.DictReader(f))
        # a missing file shows on stderr (a dataset) or in a finding (a
        # per-resource call such as the drill's AssumeRole)
        missing = re.findall(r'ReplayMissing[^\n]*', p.stderr) + [
            r['message'] for r in rows if 'ReplayMissing' in r['message']]
        ok(not missing, '%s: every request has a file%s' % (self.name,
                                                            '' if not missing else ': ' + missing[0]))
        return rows


def pick(rows, check, region=None):
    return [r for r in rows if r['check_id'] == check and (region is None or r['region'] == region)]


def verdicts(rows):
    return sorted(r['status'] for r in rows)


def case_kms_key_denies_iam(base):
    """A key whose policy does not delegate to IAM answers DescribeKey with
    AccessDeniedException: that key is ERROR, the region's other keys are
    judged (before: both KMS checks ERROR for us-east-1)."""
    s = Scenario(base, 'kms-denies-iam')
    key = '1ca88823-102f-474c-af6e-1b8c29375868'
    s.write('us-east-1', 'kms.DescribeKey.%s.http' % key, json_error(
        400, 'AccessDeniedException',
        'User: arn:aws:sts::%s:assumed-role/IRReadyAuditor/irready is not authorized to '
        'perform: kms:DescribeKey on resource: arn:aws:kms:us-east-1:%s:key/%s because no '
        'resource-based policy allows the kms:DescribeKey action' % (ACCT, ACCT, key)))
    s.remove('us-east-1', 'kms.GetKeyRotationStatus.%s.http' % key)
    rows = s.audit()
    for check in ('kms_cmk_rotation', 'kms_keys_pending_deletion'):
        got = pick(rows, check, 'us-east-1')
        err = [r for r in got if r['status'] == 'ERROR']
        ok(len(err) == 1 and key in err[0]['resource_id']
           and 'AccessDeniedException' in err[0]['message'],
           '%s: the key that denies IAM is ERROR on its own (%s)'
           % (check, '; '.join(r['message'] for r in err)))
        ok(any(r['status'] == 'PASS' for r in got),
           '%s: the other keys of us-east-1 are still judged (%s)' % (check, verdicts(got)))
    return s


def case_kms_rotation_denied(base):
    """DescribeKey answers but GetKeyRotationStatus of one key answers
    AccessDeniedException (the key policy grants kms:DescribeKey only):
    kms_cmk_rotation is ERROR for that key alone, the other key is judged,
    and kms_keys_pending_deletion, which needs no rotation status, judges
    every key (before: the region's KMS data failed, both checks ERROR)."""
    s = Scenario(base, 'kms-rotation-denied')
    key = '1234abcd-12ab-34cd-56ef-1234567890ab'
    s.write('us-east-1', 'kms.GetKeyRotationStatus.%s.http' % key, json_error(
        400, 'AccessDeniedException',
        'User: arn:aws:sts::%s:assumed-role/IRReadyAuditor/irready is not authorized to '
        'perform: kms:GetKeyRotationStatus on resource: arn:aws:kms:us-east-1:%s:key/%s '
        'because no resource-based policy allows the kms:GetKeyRotationStatus action'
        % (ACCT, ACCT, key)))
    rows = s.audit()
    got = pick(rows, 'kms_cmk_rotation', 'us-east-1')
    err = [r for r in got if r['status'] == 'ERROR']
    ok(len(err) == 1 and key in err[0]['resource_id']
       and 'AccessDeniedException' in err[0]['message'],
       'kms_cmk_rotation: the key whose rotation status is denied is ERROR on its own (%s)'
       % '; '.join(r['message'] for r in err))
    ok(any(r['status'] != 'ERROR' for r in got),
       'kms_cmk_rotation: the other keys of us-east-1 are still judged (%s)' % verdicts(got))
    got = pick(rows, 'kms_keys_pending_deletion', 'us-east-1')
    ok(got and not any(r['status'] == 'ERROR' for r in got),
       'kms_keys_pending_deletion: judged from DescribeKey (%s)' % verdicts(got))
    return s


def case_org_trail_member(base):
    """A member account of an Organization whose trail is an organization
    trail of the management account: GetEventSelectors answers an error
    (before: the CLOUDTRAIL dataset failed, 10 checks ERROR)."""
    s = Scenario(base, 'org-trail-member')
    mgmt = '999988887777'
    old_arn = 'arn:aws:cloudtrail:us-east-1:%s:trail/management-events' % ACCT
    new_arn = 'arn:aws:cloudtrail:us-east-1:%s:trail/aws-controltower-BaselineCloudTrail' % mgmt
    old_f = old_arn.replace(':', '_').replace('/', '_')
    new_f = new_arn.replace(':', '_').replace('/', '_')

    def org(doc):
        t = doc['trailList'][0]
        t['TrailARN'] = new_arn
        t['Name'] = 'aws-controltower-BaselineCloudTrail'
        t['IsOrganizationTrail'] = True
        # Control Tower: the trail's log group is the management account's
        t['CloudWatchLogsLogGroupArn'] = t['CloudWatchLogsLogGroupArn'].replace(ACCT, mgmt)
        t['CloudWatchLogsRoleArn'] = t['CloudWatchLogsRoleArn'].replace(ACCT, mgmt)
    s.edit_json('us-east-1', 'cloudtrail.DescribeTrails.http', org)
    s.rename('us-east-1', 'cloudtrail.GetTrailStatus.%s.http' % old_f,
             'cloudtrail.GetTrailStatus.%s.http' % new_f)
    s.remove('us-east-1', 'cloudtrail.GetEventSelectors.%s.http' % old_f)
    s.write('us-east-1', 'cloudtrail.GetEventSelectors.%s.http' % new_f, json_error(
        400, 'TrailNotFoundException',
        'Unknown trail: %s for the user: %s' % (new_arn, ACCT)))
    with open(os.path.join(s.dir, 'scenario.json')) as f:
        sc = json.load(f)
    sc.setdefault('external_accounts', []).append(mgmt)
    with open(os.path.join(s.dir, 'scenario.json'), 'w') as f:
        json.dump(sc, f, indent=2)
    rows = s.audit()
    trail_checks = sorted({r['check_id'] for r in rows if 'cloudtrail' in r['check_id']}
                          | {'baseline_cloudwatch_alarms'})
    for check in trail_checks:
        got = pick(rows, check)
        dataset_err = [r for r in got if r['status'] == 'ERROR'
                       and 'could not collect' in r['message']]
        ok(got and not dataset_err, '%s: judged despite the error on the organization trail (%s)'
           % (check, verdicts(got)))
    got = pick(rows, 'cloudtrail_multi_region')
    ok(len(got) == 1 and got[0]['status'] == 'ERROR' and mgmt in got[0]['message']
       and 'TrailNotFoundException' in got[0]['message'] and got[0]['resource_id'] == new_arn,
       'cloudtrail_multi_region: the organization trail whose selectors could not be read is '
       'ERROR naming its owner (%s)' % (got[0]['message'] if got else 'no finding'))
    got = pick(rows, 'cloudtrail_cloudwatch_logs')
    ok(verdicts(got) == ['PASS'], 'cloudtrail_cloudwatch_logs: GetTrailStatus answered, so it '
       'passes (%s)' % verdicts(got))
    got = pick(rows, 'baseline_cloudwatch_alarms')
    ok(got and all(r['status'] == 'NOT_APPLICABLE' and 'judged in account %s' % mgmt
                   in r['message'] for r in got),
       'baseline_cloudwatch_alarms: the organization trail\'s log group is the management '
       'account\'s, judged there (%s)' % '; '.join(r['status'] + ' ' + r['message'] for r in got))
    return s


def case_dlm_archive(base):
    """A DLM policy with a monthly schedule that keeps 3 snapshots in the
    standard tier and 12 more in the archive tier (AWS allows archiving
    for schedules of 28 days or more): (3 + 12) x 28 days >= 365 PASSes
    (before: the archive rule was ignored, 84 days, FAIL)."""
    s = Scenario(base, 'dlm-archive')
    fname = 'dlm.GetLifecyclePolicy.policy-0ce6f139ffd259423.http'

    def archive(doc):
        doc['Policy']['PolicyDetails']['Schedules'] = [{
            'Name': 'monthly-archive',
            'CopyTags': True,
            'CreateRule': {'Location': 'CLOUD', 'CronExpression': 'cron(0 3 1 * ? *)'},
            'RetainRule': {'Count': 3},
            'ArchiveRule': {'RetainRule': {'RetentionArchiveTier': {'Count': 12}}},
        }]
    s.edit_json('us-east-1', fname, archive)
    rows = s.audit()
    got = pick(rows, 'snapshot_retention_policy', 'us-east-1')
    ok(len(got) == 1 and got[0]['status'] == 'PASS' and '420 days' in got[0]['message'],
       'snapshot_retention_policy: standard + archive retention counts (%s)'
       % '; '.join(r['status'] + ' ' + r['message'] for r in got))
    return s


def case_ram_participant(base):
    """A participant account of a VPC shared through AWS RAM: DescribeVpcs
    lists the network account's VPC (ownerId 999988887777); the
    participant sees neither its flow logs nor its query logging
    association. vpc_flow_logs_enabled and dns_query_logging are
    NOT_APPLICABLE for it, naming the owner (before: FAIL)."""
    s = Scenario(base, 'ram-participant')
    owner = '999988887777'
    vpc = 'vpc-0b2c3d4e5f6071829'
    s.sub('us-east-1', 'ec2.DescribeVpcs.http',
          '<vpcId>%s</vpcId>\n            <ownerId>%s</ownerId>' % (vpc, ACCT),
          '<vpcId>%s</vpcId>\n            <ownerId>%s</ownerId>' % (vpc, owner))
    text = s.read('us-east-1', 'ec2.DescribeFlowLogs.http')
    text = re.sub(r'\n        <item>(?:(?!</item>\n        </?item).)*?<resourceId>%s</resourceId>'
                  r'.*?</item>' % vpc, '', text, count=1, flags=re.S)
    s.write('us-east-1', 'ec2.DescribeFlowLogs.http', text)

    def drop(doc):
        doc['ResolverQueryLogConfigAssociations'] = [
            a for a in doc['ResolverQueryLogConfigAssociations'] if a['ResourceId'] != vpc]
        doc['TotalCount'] = doc['TotalFilteredCount'] = len(doc['ResolverQueryLogConfigAssociations'])
    s.edit_json('us-east-1', 'route53resolver.ListResolverQueryLogConfigAssociations.http', drop)
    with open(os.path.join(s.dir, 'scenario.json')) as f:
        sc = json.load(f)
    sc.setdefault('external_accounts', []).append(owner)
    with open(os.path.join(s.dir, 'scenario.json'), 'w') as f:
        json.dump(sc, f, indent=2)
    rows = s.audit()
    for check in ('vpc_flow_logs_enabled', 'dns_query_logging'):
        got = [r for r in pick(rows, check, 'us-east-1') if vpc in r['resource_id']]
        ok(len(got) == 1 and got[0]['status'] == 'NOT_APPLICABLE'
           and 'account %s' % owner in got[0]['message'] and owner in got[0]['resource_id'],
           '%s: the shared VPC is its owner\'s to judge (%s)'
           % (check, '; '.join(r['status'] + ' ' + r['message'] for r in got)))
        own = [r for r in pick(rows, check, 'us-east-1') if vpc not in r['resource_id']]
        ok(own and all(r['status'] == 'PASS' for r in own),
           '%s: the participant\'s own VPC is judged (%s)' % (check, verdicts(own)))
    return s


def case_region_denied(base):
    """eu-west-1 answers AccessDenied to ses:ListIdentities and
    opensearch:ListDomainNames (an SCP that denies a region, a permission
    boundary): the verified identity and the Athena workgroup of us-east-1
    still decide the account-level checks (before: ERROR), and the
    dashboards, global, are listed once."""
    s = Scenario(base, 'region-denied')
    for svc, op, ns in (('ses', 'ListIdentities', 'http://ses.amazonaws.com/doc/2010-12-01/'),):
        s.write('eu-west-1', '%s.%s.http' % (svc, op), http(
            403, 'Forbidden', 'text/xml',
            '<ErrorResponse xmlns="%s">\n  <Error>\n    <Type>Sender</Type>\n'
            '    <Code>AccessDenied</Code>\n    <Message>User: arn:aws:sts::%s:assumed-role/'
            'IRReadyAuditor/irready is not authorized to perform: %s:%s with an explicit deny '
            'in a service control policy</Message>\n  </Error>\n  <RequestId>{rid}'
            '</RequestId>\n</ErrorResponse>\n' % (ns, ACCT, svc, op)))
    s.write('eu-west-1', 'opensearch.ListDomainNames.http', http(
        403, 'Forbidden', 'application/json',
        json.dumps({'message': 'User: arn:aws:sts::%s:assumed-role/IRReadyAuditor/irready is '
                    'not authorized to perform: es:ListDomainNames with an explicit deny in a '
                    'service control policy' % ACCT})
        ).replace('Content-Type: application/json\n',
                  'Content-Type: application/json\nx-amzn-ErrorType: AccessDeniedException\n'))
    for f in ('athena.ListWorkGroups.http', 'athena.GetWorkGroup.primary.http',
              'cloudtrail.ListEventDataStores.http'):
        s.remove('eu-west-1', f)
    rows = s.audit()
    for check in ('ses_identity_verified', 'log_analytics_ready'):
        got = pick(rows, check)
        ok(len(got) == 1 and got[0]['status'] == 'PASS' and 'us-east-1' in got[0]['message'],
           '%s: what us-east-1 answered decides despite eu-west-1 (%s)'
           % (check, '; '.join(r['status'] + ' ' + r['message'] for r in got)))
    got = pick(rows, 'cloudwatch_dashboards')
    ok(len(got) == 1 and got[0]['status'] == 'PASS' and ' in ' not in got[0]['message'],
       'cloudwatch_dashboards: global, no home region named (%s)'
       % '; '.join(r['message'] for r in got))
    return s


def case_delegated_org_admin(base):
    """A member account registered as the delegated administrator for
    Organizations (AWS SRA's security tooling account): DescribeOrganization
    names another management account, yet ListRoots and the rest answer.
    The three management-account checks judge it (before: NOT_APPLICABLE,
    'a member ... managed from the management account')."""
    acct = '777788889999'
    s = Scenario(base, 'delegated-org-admin',
                 os.path.join(ROOT, 'fixtures', 'access-denied'), acct)
    mgmt = '999988887777'

    def member(doc):
        o = doc['Organization']
        o['MasterAccountId'] = mgmt
        o['MasterAccountArn'] = o['MasterAccountArn'].replace(acct, mgmt)
        o['Arn'] = o['Arn'].replace(acct, mgmt)
    s.edit_json('global', 'organizations.DescribeOrganization.http', member)
    with open(os.path.join(s.dir, 'scenario.json')) as f:
        sc = json.load(f)
    sc.setdefault('external_accounts', []).append(mgmt)
    with open(os.path.join(s.dir, 'scenario.json'), 'w') as f:
        json.dump(sc, f, indent=2)
    rows = s.audit()
    for check in ('org_security_ous', 'org_containment_scp', 'org_delegated_security_admin'):
        got = pick(rows, check)
        ok(got and not any(r['status'] == 'NOT_APPLICABLE' for r in got),
           '%s: judged in the delegated administrator (%s)'
           % (check, '; '.join(r['status'] + ' ' + r['message'][:90] for r in got)))
    return s


def case_ir_role_path(base):
    """The IR role lives at a path (/incident-response/IRReadOnly): the
    drill simulates the role's real ARN, from IAM_AUTHZ (before: the
    path-less arn:...:role/IRReadOnly, which IAM answers NoSuchEntity)."""
    s = Scenario(base, 'ir-role-path')
    s.sub('global', 'iam.GetAccountAuthorizationDetails.http',
          '<Path>/</Path>\n        <RoleName>IRReadOnly</RoleName>',
          '<Path>/incident-response/</Path>\n        <RoleName>IRReadOnly</RoleName>')
    s.sub('global', 'iam.GetAccountAuthorizationDetails.http',
          '<Arn>arn:aws:iam::%s:role/IRReadOnly</Arn>' % ACCT,
          '<Arn>arn:aws:iam::%s:role/incident-response/IRReadOnly</Arn>' % ACCT)
    # one simulation per containment action: <role>#<action>
    gdir = os.path.dirname(s.path('global', 'x'))
    pre = 'iam.SimulatePrincipalPolicy.arn_aws_iam__%s_role_' % ACCT
    for f in sorted(os.listdir(gdir)):
        if f.startswith(pre + 'IRReadOnly_'):
            s.rename('global', f, f.replace(pre, pre + 'incident-response_'))
    # the dry runs are signed as the IR role: AssumeRole of its real ARN
    s.rename('us-east-1', 'sts.AssumeRole.arn_aws_iam__%s_role_IRReadOnly.http' % ACCT,
             'sts.AssumeRole.arn_aws_iam__%s_role_incident-response_IRReadOnly.http' % ACCT)
    rows = s.audit('--drill', '--checks', 'ir_containment_drill', params=True)
    got = pick(rows, 'ir_containment_drill')
    ok(got and not [r for r in got if r['status'] == 'ERROR'],
       'ir_containment_drill: simulation and dry runs under the role at its path, no ERROR (%s)'
       % '; '.join(r['status'] + ' ' + r['message'][:100] for r in got
                   if r['status'] == 'ERROR'))
    got = [r for r in pick(rows, 'ir_containment_drill') if 'IRReadOnly' in r['resource_id']]
    ok(got and all(r['resource_id'].endswith('role/incident-response/IRReadOnly')
                   and r['status'] == 'PASS' for r in got),
       'ir_containment_drill: the IR role is simulated at its path (%s)'
       % '; '.join(r['status'] + ' ' + r['resource_id'] for r in got))
    with open(s.dir + '.requests') as f:
        lines = f.read().split('\n')
    sims = [lines[i + 1] for i, line in enumerate(lines[:-1])
            if 'iam:SimulatePrincipalPolicy' in line]
    ok(sims and all('ContextEntries.member.1.ContextKeyName=aws:MultiFactorAuthPresent'
                    '&ContextEntries.member.1.ContextKeyValues.member.1=true' in p
                    for p in sims),
       'the simulation is made in the context of a responder signed in with MFA (%s)'
       % (sims[0][:160] if sims else 'no simulation'))
    return s


def case_guardduty_member(base):
    """A GuardDuty member of a delegated administrator (999988887777):
    GetAdministratorAccount answers its administrator, and the member has
    no publishing destination of its own (the administrator exports the
    members' findings). guardduty_findings_export is NOT_APPLICABLE there
    naming the administrator (before: FAIL 'not exported')."""
    s = Scenario(base, 'guardduty-member')
    det = '3513d5180fdf9258e8d7650c098cf683'
    admin = '999988887777'
    s.edit_json('us-east-1', 'guardduty.ListPublishingDestinations.%s.http' % det,
                lambda d: d.update(destinations=[]))
    s.remove('us-east-1', 'guardduty.DescribePublishingDestination.'
             '14c6a8e0b2d44f6a8c0e2f4a6b8d0e2f.http')
    s.edit_json('us-east-1', 'guardduty.GetAdministratorAccount.%s.http' % det,
                lambda d: d.update(administrator={
                    'accountId': admin, 'invitationId': '84b0a63b8ee3e7ea8c2f1e6d5a4b3c21',
                    'relationshipStatus': 'Enabled', 'invitedAt': '2024-02-12T10:00:00.000Z'}))
    with open(os.path.join(s.dir, 'scenario.json')) as f:
        sc = json.load(f)
    sc.setdefault('external_accounts', []).append(admin)
    with open(os.path.join(s.dir, 'scenario.json'), 'w') as f:
        json.dump(sc, f, indent=2)
    # and routes none itself: its only GuardDuty rule is disabled
    s.sub('us-east-1', 'events.ListRules.http', '"State":"ENABLED"', '"State":"DISABLED"')
    rows = s.audit()
    got = pick(rows, 'guardduty_findings_export', 'us-east-1')
    ok(len(got) == 1 and got[0]['status'] == 'NOT_APPLICABLE' and admin in got[0]['message'],
       'guardduty_findings_export: the member\'s findings are exported by its administrator (%s)'
       % '; '.join(r['status'] + ' ' + r['message'] for r in got))
    got = pick(rows, 'events_findings_routed', 'us-east-1')
    ok(len(got) == 1 and got[0]['status'] == 'NOT_APPLICABLE' and admin in got[0]['message'],
       'events_findings_routed: the member\'s findings are routed by its administrator (%s)'
       % '; '.join(r['status'] + ' ' + r['message'] for r in got))
    return s


def case_central_root(base):
    """A member account whose root credentials the Organization's
    centralised root access management deleted: the credential report's
    root row has no MFA and no keys, GetAccountSummary's
    AccountPasswordPresent is 0. iam_root_protected PASSes (before: FAIL,
    critical, 'has no MFA')."""
    import base64
    s = Scenario(base, 'central-root')
    text = s.read('global', 'iam.GetCredentialReport.http')
    m = re.search(r'<Content>([^<]+)</Content>', text)
    lines = base64.b64decode(m.group(1)).decode().split('\n')
    hdr = lines[0].split(',')
    for i, line in enumerate(lines):
        f = line.split(',')
        if f and f[0] == '<root_account>':
            f[hdr.index('mfa_active')] = 'false'
            for k in ('access_key_1_active', 'access_key_2_active'):
                f[hdr.index(k)] = 'false'
            lines[i] = ','.join(f)
    s.write('global', 'iam.GetCredentialReport.http', text.replace(
        m.group(1), base64.b64encode('\n'.join(lines).encode()).decode()))
    entries = ''.join('      <entry>\n        <key>%s</key>\n        <value>%d</value>\n'
                      '      </entry>\n' % kv for kv in (
                          ('Users', 3), ('UsersQuota', 5000), ('AccountMFAEnabled', 0),
                          ('AccountAccessKeysPresent', 0), ('AccountPasswordPresent', 0),
                          ('AccountSigningCertificatesPresent', 0)))
    s.write('global', 'iam.GetAccountSummary.http', http(
        200, 'OK', 'text/xml',
        '<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n'
        '  <GetAccountSummaryResult>\n    <SummaryMap>\n%s    </SummaryMap>\n'
        '  </GetAccountSummaryResult>\n  <ResponseMetadata>\n    <RequestId>{rid}'
        '</RequestId>\n  </ResponseMetadata>\n</GetAccountSummaryResponse>\n' % entries))
    rows = s.audit()
    got = pick(rows, 'iam_root_protected')
    ok(len(got) == 1 and got[0]['status'] == 'PASS' and 'no password' in got[0]['message'],
       'iam_root_protected: a root without password or keys is protected (%s)'
       % '; '.join(r['status'] + ' ' + r['message'] for r in got))
    return s


BIG_SNAPSHOTS = 40000


def case_big_account(base):
    """40,000 snapshots in us-east-1 (about 22 MB of DescribeSnapshots,
    past the replay's 4 MiB and the live 16 MiB response cap): irready
    sends MaxResults and follows nextToken through 40 pages of 1000, so
    recovery_snapshot_coverage is judged (before: one unpaged answer,
    ERROR). The pages repeat well-prepared's conformant items with other
    ids: t_conformance.py checks the first, second and last page (all 40
    would be 22 MB to parse) with the rest of the scenario."""
    s = Scenario(base, 'big-account')
    fname = 'ec2.DescribeSnapshots.http'
    text = s.read('us-east-1', fname)
    head, body = text.split('\n\n', 1)
    pre, rest = body.split('<snapshotSet>', 1)
    items, post = rest.rsplit('</snapshotSet>', 1)
    own = re.findall(r'\s*<item>.*?</item>', items, flags=re.S)
    old = ('\n        <item>\n            <snapshotId>snap-%017x</snapshotId>\n'
           '            <volumeId>vol-0e1f2a3b4c5d6e7f8</volumeId>\n'
           '            <status>completed</status>\n'
           '            <startTime>2025-%02d-%02dT03:00:00.000Z</startTime>\n'
           '            <progress>100%%</progress>\n            <ownerId>%s</ownerId>\n'
           '            <volumeSize>20</volumeSize>\n'
           '            <description>hourly snapshot</description>\n'
           '            <encrypted>true</encrypted>\n'
           '            <storageTier>standard</storageTier>\n        </item>')
    allitems = own + [old % (0x100000 + i, 1 + i % 12, 1 + i % 28, ACCT)
                      for i in range(BIG_SNAPSHOTS - len(own))]
    npages = (len(allitems) + 999) // 1000
    for p in range(npages):
        chunk = ''.join(allitems[p * 1000:(p + 1) * 1000])
        tok = '<nextToken>big-p%d</nextToken>\n' % (p + 2) if p + 1 < npages else ''
        rid = '00000000-0000-4000-8000-%012d' % (500 + p)
        page_head = re.sub(r'x-amzn-RequestId: \S+', 'x-amzn-RequestId: ' + rid, head)
        page_pre = re.sub(r'<requestId>[^<]+</requestId>', '<requestId>%s</requestId>' % rid, pre)
        name = fname if p == 0 else 'ec2.DescribeSnapshots.page-big-p%d.http' % (p + 1)
        s.write('us-east-1', name, page_head + '\n\n' + page_pre + '<snapshotSet>' + chunk
                + '\n    </snapshotSet>\n    ' + tok + post.lstrip())
    # the pages t_conformance.py reads: the first, the second, the last
    s.conformance_drop = [os.path.join(ACCT, 'us-east-1', 'ec2.DescribeSnapshots.page-big-p%d.http'
                                       % (p + 1)) for p in range(2, npages - 1)]
    rows = s.audit(params=True)
    got = pick(rows, 'recovery_snapshot_coverage', 'us-east-1')
    ok(got and not any(r['status'] == 'ERROR' for r in got),
       'recovery_snapshot_coverage: %d snapshots read in %d pages, judged (%s)'
       % (len(allitems), npages, verdicts(got)))
    with open(s.dir + '.requests') as f:
        lines = f.read().split('\n')
    sent = [lines[i + 1] for i, line in enumerate(lines[:-1])
            if ' us-east-1 ec2:DescribeSnapshots' in line and 'resource=' not in line]
    ok(len(sent) == npages and all('MaxResults=1000' in p for p in sent),
       'DescribeSnapshots was sent %d times, each with MaxResults=1000 (%s)'
       % (len(sent), sent[0] if sent else 'none'))
    return s


def partition_case(base, name, partition, regions):
    """well-prepared moved to another partition with make_scenarios.py's
    rewriting (regions, ARNs, hashed file-name parts): every ARN irready
    writes is in that partition, and a waiver written with the real ARN
    matches (before: hand-built arn:aws: ids, FAIL instead of WAIVED)."""
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'tools'))
    import make_scenarios as ms
    src = ms.load_scenario(os.path.join(ROOT, 'fixtures'), 'well-prepared')
    rw = ms.Rewrite({ACCT: ACCT}, regions,
                    {'arn:aws:': 'arn:%s:' % partition, 'arn_aws_': 'arn_%s_' % partition})
    out = {}
    ms.copy_account(out, name, src['files'], ACCT, ACCT, rw,
                    regions={regions.get(r, r): r for r in ('global', 'us-east-1', 'eu-west-1')})
    home = regions['us-east-1']
    allowed = set(regions.values())
    for k in list(out):
        # the Account Management API has no endpoint in aws-us-gov: irready
        # asks nothing there, so no answer can be recorded
        if partition == 'aws-us-gov' and k[2].startswith('account.'):
            del out[k]
            continue
        # DescribeRegions lists the partition's own regions only (irready
        # refuses a region of another partition as a malformed answer)
        if k[2].startswith('ec2.DescribeRegions'):
            out[k] = re.sub(rb'\s*<item>\s*<regionName>([^<]*)</regionName>.*?</item>',
                            lambda m: m.group(0) if m.group(1).decode() in allowed
                            else b'', out[k], flags=re.S)
        # outside the commercial partition GetBucketLocation always names
        # the region: the empty answer means us-east-1 only there
        if k[2].startswith('s3.GetBucketLocation.'):
            out[k] = out[k].replace(b'<LocationConstraint xmlns="http://s3.amazonaws.com/doc/'
                                    b'2006-03-01/"/>',
                                    b'<LocationConstraint xmlns="http://s3.amazonaws.com/doc/'
                                    b'2006-03-01/">' + home.encode() + b'</LocationConstraint>')
    meta = dict(src['meta'])
    meta['home_region'] = home
    meta['description'] = 'well-prepared in partition %s (t_estates.py)' % partition
    meta.pop('expect', None)
    ms.write_scenario(base, name, meta, out)
    s = Scenario.__new__(Scenario)
    s.dir, s.name = os.path.join(base, name), name
    # a longer partition name can push a sanitized ARN past 100 bytes
    # (hashed form): rename each file to the name its request asks for
    log = os.path.join(base, name + '.probe')
    subprocess.run([BIN, 'audit', '--replay', s.dir, '--format', 'csv', '--output-dir',
                    log + '.out', '--quiet'], env=dict(os.environ, IRREADY_REQUEST_LOG=log),
                   capture_output=True)
    with open(log) as f:
        for line in f:
            m = re.match(r'^(\S+) (\S+) ([^\s:]+):(\S+) resource=(.*?)(?: token=.*)?$',
                         line.rstrip('\n'))
            if not m:
                continue
            acct, region, svc, op, res = m.groups()
            d = os.path.join(s.dir, acct, region)
            want = '%s.%s.%s.http' % (svc, op, ms.sanitize(res))
            if os.path.exists(os.path.join(d, want)):
                continue
            for fn in os.listdir(d):
                if fn.startswith('%s.%s.' % (svc, op)) and fn.endswith('.http') and \
                        ms.sanitize(res)[:60] in fn:
                    os.rename(os.path.join(d, fn), os.path.join(d, want))
                    break
    key = 'arn:%s:iam::%s:user/alice/access_key_2' % (partition, ACCT)
    pol = os.path.join(base, name + '.policy.json')
    with open(pol, 'w') as f:
        json.dump({'name': 'waive', 'extends': 'readiness',
                   'waivers': [{'check': 'iam_access_keys_rotated', 'resource': key,
                                'reason': 'rotation scheduled', 'owner': 'ir@example.com',
                                'expires': '2027-01-31'}]}, f)
    rows = s.audit('--policy', pol)
    arns = [r['resource_id'] for r in rows if r['resource_id'].startswith('arn:')]
    wrong = [a for a in arns if not a.startswith('arn:%s:' % partition)]
    ok(arns and not wrong, '%s: all %d ARNs irready writes are in %s%s'
       % (name, len(arns), partition, ': ' + ', '.join(sorted(set(wrong))[:5]) if wrong else ''))
    got = [r for r in pick(rows, 'iam_access_keys_rotated') if r['resource_id'] == key]
    ok(len(got) == 1 and got[0]['status'] == 'WAIVED',
       '%s: a waiver written with the real %s ARN matches (%s)'
       % (name, partition, '; '.join(r['status'] + ' ' + r['resource_id'] for r in got)))
    for check in ('account_security_contact', 'account_contacts_distinct'):
        got = pick(rows, check)
        if partition == 'aws-us-gov':
            ok(len(got) == 1 and got[0]['status'] == 'NOT_APPLICABLE' and
               'has no endpoint in partition aws-us-gov' in got[0]['message'],
               '%s: %s has no Account Management API, nothing asked (%s)'
               % (name, check, '; '.join(r['status'] + ' ' + r['message'] for r in got)))
        else:
            ok(len(got) == 1 and got[0]['status'] == 'PASS',
               '%s: %s read through the partition\'s Account endpoint (%s)'
               % (name, check, verdicts(got)))
    errs = [r for r in rows if r['status'] == 'ERROR']
    ok(not errs, '%s: nothing is ERROR (%s)' % (name, '; '.join(
        r['check_id'] + ': ' + r['message'][:120] for r in errs[:3])))
    return s


def case_aws_cn(base):
    return partition_case(base, 'aws-cn', 'aws-cn',
                          {'us-east-1': 'cn-north-1', 'eu-west-1': 'cn-northwest-1'})


def case_aws_us_gov(base):
    return partition_case(base, 'aws-us-gov', 'aws-us-gov',
                          {'us-east-1': 'us-gov-west-1', 'eu-west-1': 'us-gov-east-1'})


CASES = [case_kms_key_denies_iam, case_kms_rotation_denied, case_org_trail_member, case_dlm_archive,
         case_ram_participant, case_region_denied, case_delegated_org_admin,
         case_ir_role_path, case_guardduty_member, case_central_root, case_big_account,
         case_aws_cn, case_aws_us_gov]


def main():
    base = tempfile.mkdtemp(prefix='irready-estates-')
    try:
        made = []
        for c in CASES:
            made.append(c(base))
        # the derived scenarios are answers AWS could have sent (one at a
        # time: each repeats well-prepared's request ids)
        for s in made:
            fx = os.path.join(base, 'fixtures-' + s.name)
            os.mkdir(fx)
            shutil.move(s.dir, os.path.join(fx, s.name))
            for f in getattr(s, 'conformance_drop', []):
                os.unlink(os.path.join(fx, s.name, f))
            p = subprocess.run([PYTHON, os.path.join(ROOT, 'tests', 't_conformance.py')],
                               env=dict(os.environ, FIXTURES_DIR=fx), capture_output=True,
                               text=True)
            bad = [l for l in p.stdout.splitlines() if l.startswith('not ok')]
            ok(p.returncode == 0 and not bad, '%s passes t_conformance.py%s'
               % (s.name, '' if not bad else ': ' + '; '.join(bad[:5])))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
