#!/usr/bin/python3
# t_endpoints.py -- every endpoint irready calls, per partition, against
# botocore's endpoints.json
#
# `irready endpoints --json` (hidden) prints, for an audit at home in
# us-east-1, eu-west-1, cn-north-1, cn-northwest-1, us-gov-west-1 and
# us-gov-east-1, the URL and signing region of each service irready talks
# to: the partition-global services (IAM, Organizations, Account, Support)
# and S3's "global" calls (ListBuckets, GetBucketLocation) at the home's
# partition endpoint, every other service in the home region. Each is
# compared with what endpoints.json says for that partition: the
# partitionEndpoint's hostname and credentialScope for a global service,
# the region's hostname (explicit or the partition's template) otherwise.
# A service endpoints.json does not list in a partition (Account in
# aws-us-gov) must resolve to nothing, so the audit says so instead of
# calling another partition's host. TAP output.
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, os.environ.get('O', 'build'), 'irready')
ENDPOINTS = '/usr/lib/python3/dist-packages/botocore/data/endpoints.json'

n = 0
failed = 0


def ok(cond, msg):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', n, msg))


def load_endpoints():
    try:
        import botocore.loaders
        return botocore.loaders.Loader().load_data('endpoints')
    except Exception:
        with open(ENDPOINTS) as f:
            return json.load(f)


def partition_of(data, region):
    for p in data['partitions']:
        if region in p['regions']:
            return p
    sys.exit('no partition for %s' % region)


def expected(p, prefix, region):
    """(host, signing region) endpoints.json gives for 'prefix' in 'region'
    ("global": the partition endpoint), or None when the partition has no
    such service."""
    svc = p['services'].get(prefix)
    if svc is None:
        return None
    if region == 'global':
        pe = svc.get('partitionEndpoint')
        if pe:
            e = svc['endpoints'][pe]
            host = e.get('hostname') or '%s.%s.%s' % (prefix, pe, p['dnsSuffix'])
            return host, e.get('credentialScope', {}).get('region')
        # a regional service's "global" calls (S3 ListBuckets): the
        # partition's global region, that of IAM's partition endpoint
        iam = p['services']['iam']
        region = iam['endpoints'][iam['partitionEndpoint']]['credentialScope']['region']
    e = svc.get('endpoints', {}).get(region, {})
    tmpl = e.get('hostname') or svc.get('defaults', {}).get('hostname') \
        or p['defaults']['hostname']
    host = tmpl.replace('{service}', prefix).replace('{region}', region) \
        .replace('{dnsSuffix}', p['dnsSuffix'])
    return host, e.get('credentialScope', {}).get('region', region)


def main():
    env = {k: v for k, v in os.environ.items() if not k.startswith('AWS_ENDPOINT_URL')}
    out = subprocess.run([BIN, 'endpoints', '--json'], env=env, capture_output=True,
                         text=True)
    ok(out.returncode == 0, 'irready endpoints --json exits 0 (%s)' % out.stderr.strip())
    if out.returncode:
        print('1..%d' % n)
        return 1
    rows = json.loads(out.stdout)
    services = {s['name']: s for s in json.loads(subprocess.run(
        [BIN, 'services', '--json'], capture_output=True, text=True).stdout)}
    data = load_endpoints()
    globals_seen = set()
    for r in rows:
        p = partition_of(data, r['home'])
        prefix = services[r['service']]['endpoint_prefix']
        exp = expected(p, prefix, r['region'])
        what = '%s %s from home %s (%s)' % (r['service'], r['region'], r['home'],
                                          p['partition'])
        if r['region'] == 'global':
            globals_seen.add(r['service'])
        elif exp is None:
            # a regional service the partition does not offer: nothing to
            # compare (the call answers an error there, as with the SDKs)
            continue
        if exp is None:
            ok(r['url'] is None, '%s: no endpoint, as endpoints.json says (got %s)'
               % (what, r['url']))
            continue
        hosts = {exp[0]}
        if exp[0] == 's3.amazonaws.com':
            # botocore's s3 us_east_1_regional_endpoint=regional form
            hosts.add('s3.us-east-1.amazonaws.com')
        ok(r['url'] in ['https://' + h for h in hosts] and r['signing_region'] == exp[1],
           '%s: %s signed %s (endpoints.json: https://%s signed %s)'
           % (what, r['url'], r['signing_region'], exp[0], exp[1]))
    for s in ('iam', 'organizations', 'account', 'support', 's3'):
        ok(s in globals_seen, '%s is among the global calls compared' % s)
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
