#!/usr/bin/python3
# t_org_ct.py -- a Control Tower / AWS SRA Organization (fixtures/org-ct,
# tests/tools/make_org_ct.py) audited with --org: each central mechanism
# is judged once, in the account that owns it, and the members' findings
# name that account; the verdicts do not depend on how the Organization is
# split into shards or batches. When the account that owns a mechanism
# cannot be assessed at all (its role cannot be assumed), the members fall
# back to what they see themselves and their messages say why. TAP output.
#
# Run from the repository root: O=<build dir> /usr/bin/python3 tests/t_org_ct.py
import csv
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IRREADY = os.path.join(ROOT, os.environ.get('O', 'build'), 'irready')
SCN = os.path.join(ROOT, 'fixtures', 'org-ct')
NOW = '2026-11-28T00:00:00Z'
MGMT, AUDIT, LOGS, WORK, SANDBOX, NET = ('2100000000%02d' % i for i in range(1, 7))
SHARED_VPC = 'vpc-0b2c3d4e5f6071829'
n = 0
failed = 0


def ok(cond, msg):
    global n, failed
    n += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', n, msg))
    if not cond:
        failed += 1


def audit(out, *extra, scn=SCN):
    p = subprocess.run([IRREADY, 'audit', '--org', '--replay', scn, '--now', NOW,
                        '--format', 'csv,json', '--output-dir', out, '--quiet']
                       + list(extra), capture_output=True, text=True)
    if p.returncode > 1:
        print('# exit %d: %s' % (p.returncode, p.stderr.strip()))
    return p.returncode


def rows(out):
    with open(os.path.join(out, 'findings.csv'), newline='') as f:
        return list(csv.DictReader(f))


def pick(rs, check, acct=None):
    return [r for r in rs if r['check_id'] == check and (acct is None or r['account_id'] == acct)]


def says(rs, status, text):
    return bool(rs) and all(r['status'] == status and text in r['message'] for r in rs)


def show(rs):
    return '; '.join('%s %s %s' % (r['account_id'][-2:], r['status'], r['message'][:100])
                     for r in rs)


def unassessed_owner(tmp):
    """Audit's role cannot be assumed (its only file a 403 to
    sts:GetCallerIdentity, as fixtures/org's Security Tooling account): the
    organization analyzers and the GuardDuty administration it runs are
    judged nowhere, so the members fall back to their own view and say why
    -- the same in one run and in shards."""
    scn = os.path.join(tmp, 'org-ct-no-audit')
    shutil.copytree(SCN, scn)
    shutil.rmtree(os.path.join(scn, AUDIT))
    os.makedirs(os.path.join(scn, AUDIT, 'us-east-1'))
    with open(os.path.join(ROOT, 'fixtures', 'org', '555500006666', 'us-east-1',
                           'sts.GetCallerIdentity.http')) as f:
        denied = f.read().replace('555500006666', AUDIT).replace('111122223333', MGMT)
    with open(os.path.join(scn, AUDIT, 'us-east-1', 'sts.GetCallerIdentity.http'), 'w') as f:
        f.write(denied)
    single = os.path.join(tmp, 'no-audit')
    ok(audit(single, scn=scn) in (0, 1), 'audit --org with Audit not assessable completes')
    rs = rows(single)
    got = pick(rs, 'iam_access_analyzer', WORK)
    ok(len(got) == 2 and says(got, 'FAIL', '1 account (%s) could not be assessed: an '
                              'organization analyzer there is not seen, so account %s is '
                              'judged on its own analyzers' % (AUDIT, WORK)),
       'iam_access_analyzer: Workload falls back to its own analyzers, saying why (%s)'
       % show(got))
    for check in ('guardduty_findings_export', 'events_findings_routed'):
        got = pick(rs, check, WORK)
        ok(len(got) == 2 and says(got, 'NOT_APPLICABLE', 'judged in account %s (which this '
                                  '--org run could not assess' % AUDIT),
           '%s: Workload\'s administrator could not be assessed, and it says so (%s)'
           % (check, show(got)))
    shards = []
    for i in (1, 2):
        d = os.path.join(tmp, 'no-audit-s%d' % i)
        audit(d, '--shard', '%d/2' % i, scn=scn)
        shards.append(d)
    merged = os.path.join(tmp, 'no-audit-merged')
    subprocess.run([IRREADY, 'merge'] + shards + ['--format', 'csv', '--output-dir',
                                                  merged, '--quiet'], capture_output=True)
    with open(os.path.join(single, 'findings.csv'), 'rb') as a, \
            open(os.path.join(merged, 'findings.csv'), 'rb') as b:
        ok(a.read() == b.read(), 'with Audit not assessable, two merged shards give the '
           'single run\'s findings')


def main():
    tmp = tempfile.mkdtemp(prefix='irready-org-ct-')
    try:
        single = os.path.join(tmp, 'single')
        ok(audit(single) in (0, 1), 'audit --org of fixtures/org-ct completes')
        rs = rows(single)
        ok(not [r for r in rs if r['status'] == 'ERROR'],
           'no ERROR anywhere (%s)' % show([r for r in rs if r['status'] == 'ERROR']))

        # IAM Access Analyzer: the organization analyzer passes in Audit,
        # every other account is judged there
        got = pick(rs, 'iam_access_analyzer', AUDIT)
        ok(len(got) == 2 and says(got, 'PASS', 'covers every account of the Organization'),
           'iam_access_analyzer: PASS in Audit, which owns the organization analyzer (%s)'
           % show(got))
        for acct in (MGMT, LOGS, WORK, SANDBOX, NET):
            got = pick(rs, 'iam_access_analyzer', acct)
            ok(len(got) == 2 and says(got, 'NOT_APPLICABLE', 'by organization analyzer arn:aws:'
                                      'access-analyzer:') and
               says(got, 'NOT_APPLICABLE', 'judged in account %s' % AUDIT),
               'iam_access_analyzer: %s is covered by Audit\'s analyzer (%s)' % (acct, show(got)))

        # findings routing: Audit's aggregation region routes; its linked
        # region and the GuardDuty members are judged there
        got = pick(rs, 'events_findings_routed', AUDIT)
        ok(says([r for r in got if r['region'] == 'us-east-1'], 'PASS',
                'those Security Hub aggregates from its linked regions included'),
           'events_findings_routed: PASS in Audit\'s aggregation region (%s)' % show(got))
        ok(says([r for r in got if r['region'] == 'eu-west-1'], 'NOT_APPLICABLE',
                'aggregates the findings of eu-west-1 into us-east-1'),
           'events_findings_routed: Audit\'s linked region names the aggregation region (%s)'
           % show(got))
        for acct in (MGMT, LOGS, WORK, NET):
            got = pick(rs, 'events_findings_routed', acct)
            ok(len(got) == 2 and says(got, 'NOT_APPLICABLE', 'routing is judged in account %s'
                                      % AUDIT) and says(got, 'NOT_APPLICABLE',
                                                        'aggregates them into us-east-1'),
               'events_findings_routed: GuardDuty member %s is judged in Audit (%s)'
               % (acct, show(got)))
        got = pick(rs, 'events_findings_routed', SANDBOX)
        ok(len(got) == 2 and all(r['status'] == 'FAIL' for r in got),
           'events_findings_routed: Sandbox, no GuardDuty member, still FAILs on its own '
           'rules (%s)' % show(got))

        # the organization trail: judged in the management account
        for check in ('cloudtrail_multi_region', 'cloudtrail_integrity',
                      'cloudtrail_cloudwatch_logs', 'cloudtrail_bucket_separate_account'):
            got = pick(rs, check, MGMT)
            ok(len(got) == 1 and got[0]['status'] == 'PASS',
               '%s: PASS in the management account, which owns the trail (%s)'
               % (check, show(got)))
            for acct in (AUDIT, LOGS, WORK, SANDBOX, NET):
                got = [r for r in pick(rs, check, acct) if 'BaselineCloudTrail' in r['resource_id']]
                ok(len(got) == 1 and says(got, 'NOT_APPLICABLE', 'judged in account %s' % MGMT),
                   '%s: the organization trail is judged in the management account, not '
                   'in %s (%s)' % (check, acct, show(got)))
        got = pick(rs, 'baseline_cloudwatch_alarms')
        ok([r for r in got if r['account_id'] == MGMT and r['status'] == 'PASS'] and
           all(r['status'] == 'NOT_APPLICABLE' and 'judged in account %s' % MGMT in r['message']
               for r in got if r['account_id'] != MGMT),
           'baseline_cloudwatch_alarms: the log group\'s metric filters are judged in the '
           'management account')
        got = pick(rs, 'cloudtrail_bucket_access_logging', LOGS)
        ok(says(got, 'PASS', 'logs its access to aws-controltower-s3-access-logs-'),
           'cloudtrail_bucket_access_logging: the Log Archive bucket is judged in Log Archive '
           '(%s)' % show(got))

        # centralised root access, delegated administrators
        for acct in (AUDIT, LOGS, WORK, NET):
            got = pick(rs, 'iam_root_protected', acct)
            ok(says(got, 'PASS', 'no password and no access keys'),
               'iam_root_protected: %s without root credentials passes (%s)' % (acct, show(got)))
        # Network's VPC shared with Workload through RAM: judged in Network
        for check in ('vpc_flow_logs_enabled', 'dns_query_logging'):
            got = [r for r in pick(rs, check, WORK) if SHARED_VPC in r['resource_id']]
            ok(len(got) == 1 and says(got, 'NOT_APPLICABLE', NET),
               '%s: the shared VPC is Network\'s to judge in Workload (%s)' % (check, show(got)))
            got = [r for r in pick(rs, check, NET) if SHARED_VPC in r['resource_id']]
            ok(len(got) == 1 and got[0]['status'] == 'PASS',
               '%s: Network judges its own shared VPC (%s)' % (check, show(got)))
        # Control Tower's role is not the customer's to remove; an unused
        # Identity Center role is, through its permission set
        got = [r for r in pick(rs, 'iam_unused_roles', WORK) if 'AWSControlTower' in r['resource_id']]
        ok(not got, 'iam_unused_roles: AWSControlTowerExecution is skipped (%s)' % show(got))
        got = [r for r in pick(rs, 'iam_unused_roles', WORK) if 'AWSReservedSSO' in r['resource_id']]
        ok(len(got) == 1 and says(got, 'FAIL', 'permission set'),
           'iam_unused_roles: the unused Identity Center role gets permission-set advice (%s)'
           % show(got))
        got = pick(rs, 'org_delegated_security_admin', MGMT)
        ok(len(got) == 3 and says(got, 'PASS', 'delegated account %s (Audit)' % AUDIT),
           'org_delegated_security_admin: GuardDuty, Security Hub and Config delegated to Audit '
           '(%s)' % show(got))

        # the same verdicts whatever the share: shards (an owner audited in
        # another shard is collected for context) and one account per batch
        shards = []
        for i in (1, 2, 3):
            d = os.path.join(tmp, 's%d' % i)
            audit(d, '--shard', '%d/3' % i)
            shards.append(d)
        merged = os.path.join(tmp, 'merged')
        subprocess.run([IRREADY, 'merge'] + shards + ['--format', 'csv', '--output-dir',
                                                      merged, '--quiet'], capture_output=True)
        with open(os.path.join(single, 'findings.csv'), 'rb') as a, \
                open(os.path.join(merged, 'findings.csv'), 'rb') as b:
            ok(a.read() == b.read(), 'three merged shards give the single run\'s findings')
        small = os.path.join(tmp, 'small')
        audit(small, '--accounts-in-flight', '1')
        with open(os.path.join(single, 'findings.csv'), 'rb') as a, \
                open(os.path.join(small, 'findings.csv'), 'rb') as b:
            ok(a.read() == b.read(), 'one account per batch gives the same findings '
               '(the owners are collected first)')
        ok(not [f for f in os.listdir(small) if f.startswith('.irready-findings')],
           'the findings kept on disk between batches leave no file behind')
        unassessed_owner(tmp)
    finally:
        shutil.rmtree(tmp)
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
