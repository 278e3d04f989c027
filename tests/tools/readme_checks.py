#!/usr/bin/python3
"""readme_checks.py -- the README's check table, from `irready checks --json`

    readme_checks.py IRREADY            print the table
    readme_checks.py IRREADY --update   rewrite it in README.md between the
                                        <!-- checks:begin/end --> markers
    readme_checks.py IRREADY --check    exit 1 when README.md is out of date

The catalog is the source of truth; the README must not drift from it.
"""
import json
import subprocess
import sys

BEGIN, END = '<!-- checks:begin -->', '<!-- checks:end -->'
PHASES = ['preparation', 'detection', 'containment', 'post-incident']
TITLES = {'preparation': 'Preparation', 'detection': 'Detection & Analysis',
          'containment': 'Containment, Eradication & Recovery',
          'post-incident': 'Post-incident'}
BASE = {'sts:GetCallerIdentity', 'ec2:DescribeRegions'}


def table(irready):
    out = subprocess.run([irready, 'checks', '--json'], check=True,
                         capture_output=True, text=True).stdout
    checks = json.loads(out)['checks']
    lines = []
    for ph in PHASES:
        rows = [c for c in checks if c['phase'] == ph]
        if not rows:
            continue
        lines.append(f'### {TITLES[ph]} ({len(rows)})\n')
        lines.append('| id | severity | scope | passes when | org-managed / shared '
                     'resources | IAM actions |')
        lines.append('|---|---|---|---|---|---|')
        for c in rows:
            acts = ', '.join(f'`{a}`' for a in c['iam_actions']
                             if a not in BASE)
            title = c['title'].replace('|', '\\|')
            estates = (c.get('estates') or '—').replace('|', '\\|')
            lines.append(f"| `{c['id']}` | {c['severity']} | {c['scope']} "
                         f"| {title} | {estates} | {acts or '—'} |")
        lines.append('')
    return '\n'.join(lines)


def main():
    irready = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else ''
    t = table(irready)
    if not mode:
        print(t)
        return 0
    readme = open('README.md', encoding='utf-8').read()
    a, b = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    new = readme[:a] + '\n' + t + '\n' + readme[b:]
    if mode == '--check':
        if new != readme:
            print('README.md check table is out of date: run '
                  'tests/tools/readme_checks.py IRREADY --update',
                  file=sys.stderr)
            return 1
        return 0
    open('README.md', 'w', encoding='utf-8').write(new)
    return 0


if __name__ == '__main__':
    sys.exit(main())
