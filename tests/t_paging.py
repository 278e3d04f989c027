#!/usr/bin/python3
# t_paging.py -- every pageable operation irready calls is sent paged
#
# Runs `irready audit` (with --drill, and --org where the scenario is an
# Organization) and `irready inventory` over every fixture scenario with
# IRREADY_REQUEST_LOG and IRREADY_REQUEST_LOG_PARAMS, which logs each
# request's token parameter, form/query parameters and JSON body. For each
# operation botocore's paginators-1.json marks pageable:
#
#   * the request follows the continuation token: its token parameter is
#     the paginator's input_token, as the wire names it (the model's
#     locationName: "nextToken" in rest-json query strings, "NextToken" in
#     EC2 forms);
#   * EC2 requests carry the paginator's limit_key (MaxResults): without
#     it EC2 answers everything at once (DescribeSnapshots, DescribeVolumes,
#     DescribeSecurityGroups, ...), and a big account's answer passes the
#     response size cap. Requests that name their resources (ImageId.1,
#     SnapshotId.N, ...) are bounded by those ids and exempt: EC2 rejects
#     MaxResults with them.
#
# TAP output; one line per operation.
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import botocore.loaders
except ImportError as e:
    print('not ok 1 - import botocore (%s)' % e)
    print('1..1')
    sys.exit(1)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, os.environ.get('O', 'build'), 'irready')
FIXTURES = os.path.join(ROOT, 'fixtures')
LINE_RE = re.compile(r'^(\S+) (\S+) ([^\s:]+):(\S+)')
PARAMS_RE = re.compile(r'^# paging=(\S+) params=(\S*) body=(.*)$')
# EC2 id-list parameters: a request naming resources is bounded by them
ID_LIST_RE = re.compile(r'^(ImageId|InstanceId|SnapshotId|VolumeId|GroupId|VpcId|'
                        r'NetworkInterfaceId|NetworkAclId|FlowLogId)\.\d+$')

n = 0
failed = 0
loader = botocore.loaders.Loader()


def ok(cond, msg):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', n, msg))


def runs(tmp):
    """Yield request-log paths, one per irready run."""
    k = 0
    for sc in sorted(os.listdir(FIXTURES)):
        d = os.path.join(FIXTURES, sc)
        if not os.path.isfile(os.path.join(d, 'scenario.json')):
            continue
        with open(os.path.join(d, 'scenario.json')) as f:
            org = 'org' in json.load(f).get('description', '').lower() and sc == 'org'
        cmds = [['audit', '--replay', d, '--drill', '--format', 'csv']]
        if org:
            cmds.append(['audit', '--replay', d, '--org', '--format', 'csv'])
        cmds.append(['inventory', '--replay', d])
        for c in cmds:
            k += 1
            log = os.path.join(tmp, 'req%d.log' % k)
            env = dict(os.environ, IRREADY_REQUEST_LOG=log, IRREADY_REQUEST_LOG_PARAMS='1')
            args = [BIN] + c
            if c[0] == 'audit':
                args += ['--output-dir', os.path.join(tmp, 'out%d' % k), '--quiet']
            subprocess.run(args, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            yield log


def requests(log):
    if not os.path.exists(log):
        return
    last = None
    with open(log) as f:
        for line in f:
            line = line.rstrip('\n')
            m = PARAMS_RE.match(line)
            if m and last:
                params = dict(p.split('=', 1) for p in m.group(2).split('&') if p)
                body = m.group(3)
                try:
                    body = json.loads(body) if body else {}
                except ValueError:
                    body = {}
                yield last[0], last[1], m.group(1), params, body
                last = None
                continue
            m = LINE_RE.match(line)
            if m:
                last = (m.group(3), m.group(4))


_models = {}


def model(svc):
    if svc not in _models:
        api = loader.load_service_model(svc, 'service-2')
        try:
            pag = loader.load_service_model(svc, 'paginators-1')['pagination']
        except Exception:
            pag = {}
        _models[svc] = (api, pag)
    return _models[svc]


def wire_name(api, op, member):
    shape = api['operations'][op].get('input', {}).get('shape')
    m = api['shapes'].get(shape, {}).get('members', {}).get(member, {})
    return m.get('locationName', member)


def main():
    seen = {}
    with tempfile.TemporaryDirectory(prefix='irready-paging-') as tmp:
        nlogs = 0
        for log in runs(tmp):
            nlogs += 1
            for svc, op, paging, params, body in requests(log):
                seen.setdefault((svc, op), []).append((paging, params, body))
    ok(len(seen) > 50, 'the runs logged requests with their parameters (%d operations)' % len(seen))
    for (svc, op), reqs in sorted(seen.items()):
        api, pag = model(svc)
        p = pag.get(op)
        if not p:
            continue
        tokens = p['input_token'] if isinstance(p['input_token'], list) else [p['input_token']]
        names = {wire_name(api, op, t) for t in tokens} | set(tokens)
        bad_tok = [r for r in reqs if r[0] not in names]
        protocol = api['metadata']['protocol']
        bad_lim = []
        if protocol == 'ec2' and p.get('limit_key'):
            lim = wire_name(api, op, p['limit_key'])
            for r in reqs:
                if any(ID_LIST_RE.match(k) for k in r[1]):
                    continue
                if lim not in r[1] and p['limit_key'] not in r[1]:
                    bad_lim.append(r)
        ok(not bad_tok and not bad_lim,
           '%s:%s is pageable and sent paged (token %s%s; %d request%s)%s%s'
           % (svc, op, '/'.join(sorted(names)),
              ', limit ' + p['limit_key'] if protocol == 'ec2' and p.get('limit_key') else '',
              len(reqs), '' if len(reqs) == 1 else 's',
              ': token parameter %s' % bad_tok[0][0] if bad_tok else '',
              ': no %s in %s' % (p['limit_key'], bad_lim[0][1]) if bad_lim else ''))
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
