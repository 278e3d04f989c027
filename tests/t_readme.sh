#!/bin/sh
# t_readme.sh -- README.md tells the truth about the catalog and the CLI
O=${O:-build}
n=0
fail=0
t() { # description, command...
	n=$((n + 1))
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $d"
	else
		echo "not ok $n - $d"
		fail=$((fail + 1))
	fi
}
t "the check table matches irready checks --json" \
	/usr/bin/python3 tests/tools/readme_checks.py "$O/irready" --check
for cmd in audit checks iam-policy inventory policy diff merge evidence version; do
	t "README documents 'irready $cmd'" grep -q "irready $cmd" README.md
done
for opt in $("$O/irready" audit --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	t "README documents audit option $opt" grep -q -- "$opt" README.md
done
t "README names both quickstart commands" sh -c 'grep -q "make demo" README.md && grep -q "make check" README.md'
echo "1..$n"
[ "$fail" -eq 0 ]
