#!/bin/sh
# manpage.sh -- irready(1) from the binary's own --help texts
#
#   sh deploy/package/manpage.sh BIN > irready.1
#
# The synopsis and command list come from 'irready --help', one section
# per command from 'irready <command> --help' (shown as written, so the
# man page never disagrees with the binary), the version from 'irready
# version'. Only the NAME, EXIT STATUS, FILES and SEE ALSO prose is here.
set -eu
BIN=${1:?usage: manpage.sh BIN}
version=$("$BIN" version | sed -n 's/^irready //p')
[ -n "$version" ] || {
	echo "manpage.sh: '$BIN version' printed no version" >&2
	exit 1
}
# roff-safe: backslashes doubled, a leading . or ' escaped
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
# the "commands:" block of 'irready --help': "  name  description"
commands=$("$BIN" --help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z-]*\) .*/\1/p')
[ -n "$commands" ] || {
	echo "manpage.sh: '$BIN --help' lists no commands" >&2
	exit 1
}

cat <<HEAD
.TH IRREADY 1 "" "irready $version" "User Commands"
.SH NAME
irready \\- audit AWS incident-response readiness
.SH SYNOPSIS
.B irready
.I command
.RI [ options ]
.SH DESCRIPTION
.nf
HEAD
"$BIN" --help | esc
echo ".fi"
echo ".SH COMMANDS"
for c in $commands; do
	echo ".SS $c"
	echo ".nf"
	"$BIN" "$c" --help 2>&1 | esc
	echo ".fi"
done
cat <<'TAIL'
.SH EXIT STATUS
.TP
.B 0
completed, nothing failing at or above \-\-fail\-on
.TP
.B 1
completed with failing findings (merge and diff: likewise)
.TP
.B 2
usage error (also: merge refused, the outputs are not shards 1..N of one run)
.TP
.B 3
assessment impossible (no credentials, identity failed, fixtures unreadable)
.SH FILES
.TP
.I /usr/share/irready/policies/
the shipped policy profiles (readiness, post-incident, evidence) and guidance
.TP
.I /usr/share/irready/deploy/entrypoint.sh
runs one shard of an Organization audit on Kubernetes, AWS Batch or ECS
.SH ENVIRONMENT
AWS_PROFILE, AWS_REGION, AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and the rest of the AWS CLI's
credential chain; IRREADY_POLICY_DIR (where shipped profiles are looked up
first); NO_COLOR.
.SH SEE ALSO
.BR aws (1),
/usr/share/doc/irready/README.md.gz
TAIL
