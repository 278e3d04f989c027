#!/bin/sh
# entrypoint.sh -- run one shard of an Organization audit, or the merge,
# on any engine
#
#   entrypoint.sh [audit] [IRREADY-AUDIT-OPTION...]    one shard
#   entrypoint.sh merge [IRREADY-MERGE-OPTION...]      after every shard
#   entrypoint.sh run [IRREADY-AUDIT-OPTION...]        one whole --org
#       audit, no shards: html, csv, json and junit to OUTPUT_URI/RUN_ID/
#       (RUN_ID default: the UTC start time), e.g. a weekly scheduled task
#
# Works unchanged as a Kubernetes Indexed Job pod, an AWS Batch array
# child, or an ECS task (Step Functions Distributed Map, EventBridge
# Scheduler): the shard index comes from whichever variable the engine
# sets. 'make install' puts it in PREFIX/share/irready/deploy/.
#
#   SHARD_COUNT              N, the number of shards (required, 1..100000)
#   JOB_COMPLETION_INDEX     Kubernetes Indexed Job (0-based)
#   AWS_BATCH_JOB_ARRAY_INDEX  AWS Batch array job (0-based)
#   SHARD_INDEX              anything else, e.g. Step Functions (1-based)
#   OUTPUT_URI               where shard-<I>/ and merged/ go: a directory,
#                            or s3://bucket/prefix (needs the aws CLI)
#   RUN_TIME                 the evaluation time every shard shares
#                            (ISO-8601, e.g. the orchestrator's start
#                            time); default: today 00:00 UTC
#   RUN_ID                   the run the shards belong to (the
#                            orchestrator's run/execution id), recorded in
#                            every findings.json; merge refuses shards of
#                            different runs. Default: derived by irready.
#   IRREADY                  the binary (default: irready on PATH)
#   IRREADY_ARGS             more options, ONE PER LINE (newlines separate
#                            arguments; spaces and * are kept as written)
#   FAIL_ON_FINDINGS         1: exit 1 when the merged audit has failing
#                            findings (a CI gate); default 0, because for a
#                            batch engine a finished audit is a success
#
# The command line's own arguments after the mode are passed to irready
# as they are (an engine's command array is the safest way to pass them).
#
# Exit status, so that engines retry only what a retry can fix:
#   0  done: the shard's output, or merged/, is in OUTPUT_URI (findings or
#      not, unless FAIL_ON_FINDINGS=1: then 1 when something fails)
#   2  refused: bad configuration, usage error, or merge refused (missing,
#      duplicate or mixed shards); a previous merged/ is left as it was.
#      Do not retry.
#   3  could not assess or could not store the output (credentials,
#      identity, network, S3). Worth a retry.
set -eu
IRREADY=${IRREADY:-irready}
mode=audit
case "${1:-}" in
audit | merge | run)
	mode=$1
	shift
	;;
esac

die() { # die STATUS MESSAGE
	echo "entrypoint: $2" >&2
	exit "$1"
}
[ -n "${OUTPUT_URI:-}" ] || die 2 "set OUTPUT_URI to a directory or s3://bucket/prefix"
[ "$mode" = run ] && SHARD_COUNT=${SHARD_COUNT:-1}
[ -n "${SHARD_COUNT:-}" ] || die 2 "set SHARD_COUNT to the number of shards"
case "$SHARD_COUNT" in
'' | *[!0-9]*) die 2 "SHARD_COUNT must be a number, not '$SHARD_COUNT'" ;;
esac
if [ "$SHARD_COUNT" -lt 1 ] || [ "$SHARD_COUNT" -gt 100000 ]; then
	die 2 "SHARD_COUNT must be 1 to 100000, not $SHARD_COUNT"
fi
case "$OUTPUT_URI" in
s3://*) remote=1 ;;
*) remote=0 ;;
esac
OUTPUT_URI=${OUTPUT_URI%/}

# IRREADY_ARGS, one argument per line, go before "$@": no word splitting
# on spaces, no globbing.
if [ -n "${IRREADY_ARGS:-}" ]; then
	set -f
	nl='
'
	old_ifs=$IFS
	IFS=$nl
	# shellcheck disable=SC2086
	set -- $IRREADY_ARGS "$@"
	IFS=$old_ifs
	set +f
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 3' INT TERM

# publish DIR DEST: upload or copy a finished output directory
publish() {
	if [ "$remote" = 1 ]; then
		aws s3 cp --only-show-errors --recursive "$1" "$2/" ||
			die 3 "cannot upload to $2/"
	elif ! { mkdir -p "$2" && cp "$1"/* "$2/"; }; then
		die 3 "cannot write $2/"
	fi
}

if [ "$mode" = run ]; then
	run_id=${RUN_ID:-$(date -u +%Y-%m-%dT%H%M%SZ)}
	case "$run_id" in
	*[!A-Za-z0-9_.:-]*) die 2 "RUN_ID takes A-Z a-z 0-9 _.:-, not '$run_id'" ;;
	esac
	set -- audit --org --quiet --format html,csv,json,junit \
		--output-dir "$work/out" "$@"
	if [ -n "${RUN_TIME:-}" ]; then
		set -- "$@" --now "$RUN_TIME"
	fi
	rc=0
	"$IRREADY" "$@" || rc=$?
	case $rc in
	0 | 1) ;;
	2) die 2 "audit: usage error (exit 2), not retrying" ;;
	*) die 3 "audit could not assess (exit $rc)" ;;
	esac
	publish "$work/out" "$OUTPUT_URI/$run_id"
	echo "entrypoint: reports written to $OUTPUT_URI/$run_id (irready exit $rc)"
	if [ "$rc" = 1 ] && [ "${FAIL_ON_FINDINGS:-0}" = 1 ]; then
		exit 1
	fi
	exit 0
fi

if [ "$mode" = merge ]; then
	# exactly shard-1..shard-N: a leftover shard-<N+1> is not picked up,
	# and irready merge refuses shards of another run or a duplicate
	missing=
	i=1
	while [ "$i" -le "$SHARD_COUNT" ]; do
		mkdir -p "$work/shard-$i"
		if [ "$remote" = 1 ]; then
			aws s3 cp --only-show-errors \
				"$OUTPUT_URI/shard-$i/findings.json" \
				"$work/shard-$i/findings.json" 2>/dev/null ||
				missing="$missing $i"
		elif [ -f "$OUTPUT_URI/shard-$i/findings.json" ]; then
			cp "$OUTPUT_URI/shard-$i/findings.json" "$work/shard-$i/"
		else
			missing="$missing $i"
		fi
		i=$((i + 1))
	done
	[ -z "$missing" ] ||
		die 2 "no findings.json for shard(s)$missing of $SHARD_COUNT in $OUTPUT_URI"
	i=1
	set -- merge --output-dir "$work/merged" --format html,csv,json,junit \
		"$@"
	while [ "$i" -le "$SHARD_COUNT" ]; do
		set -- "$@" "$work/shard-$i"
		i=$((i + 1))
	done
	rc=0
	"$IRREADY" "$@" || rc=$?
	case $rc in
	0 | 1) ;;
	2) die 2 "irready merge refused the shards (exit 2); $OUTPUT_URI/merged is unchanged" ;;
	*) die 3 "irready merge failed (exit $rc); $OUTPUT_URI/merged is unchanged" ;;
	esac
	# publish: only a complete merged/ replaces the previous one
	if [ "$remote" = 1 ]; then
		aws s3 sync --only-show-errors --delete "$work/merged" \
			"$OUTPUT_URI/merged/" || die 3 "cannot upload to $OUTPUT_URI/merged/"
	else
		rm -rf "$OUTPUT_URI/.merged.new" "$OUTPUT_URI/.merged.old"
		cp -R "$work/merged" "$OUTPUT_URI/.merged.new" ||
			die 3 "cannot write $OUTPUT_URI/.merged.new"
		if [ -e "$OUTPUT_URI/merged" ]; then
			mv "$OUTPUT_URI/merged" "$OUTPUT_URI/.merged.old"
		fi
		mv "$OUTPUT_URI/.merged.new" "$OUTPUT_URI/merged"
		rm -rf "$OUTPUT_URI/.merged.old"
	fi
	echo "entrypoint: merged $SHARD_COUNT shard(s) into $OUTPUT_URI/merged (irready exit $rc)"
	if [ "$rc" = 1 ] && [ "${FAIL_ON_FINDINGS:-0}" = 1 ]; then
		exit 1
	fi
	exit 0
fi

if [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
	index=$JOB_COMPLETION_INDEX
	base=0
elif [ -n "${AWS_BATCH_JOB_ARRAY_INDEX:-}" ]; then
	index=$AWS_BATCH_JOB_ARRAY_INDEX
	base=0
elif [ -n "${SHARD_INDEX:-}" ]; then
	index=$SHARD_INDEX
	base=1
else
	die 2 "no shard index: set SHARD_INDEX (1-based) on this engine"
fi
case "$index" in
'' | *[!0-9]*) die 2 "the shard index must be a number, not '$index'" ;;
esac
index=$((index + 1 - base))
if [ "$index" -lt 1 ] || [ "$index" -gt "$SHARD_COUNT" ]; then
	die 2 "shard $index is not in 1..$SHARD_COUNT"
fi
run_time=${RUN_TIME:-$(date -u +%Y-%m-%dT00:00:00Z)}
set -- audit --org --shard "$index/$SHARD_COUNT" --now "$run_time" \
	--quiet --format json --output-dir "$work/out" "$@"
if [ -n "${RUN_ID:-}" ]; then
	set -- "$@" --run-id "$RUN_ID"
fi
rc=0
"$IRREADY" "$@" || rc=$?
case $rc in
0 | 1) ;; # a completed audit, with or without failing findings
2) die 2 "shard $index/$SHARD_COUNT: usage error (exit 2), not retrying" ;;
*) die 3 "shard $index/$SHARD_COUNT could not be assessed (exit $rc)" ;;
esac
publish "$work/out" "$OUTPUT_URI/shard-$index"
echo "entrypoint: shard $index/$SHARD_COUNT written to $OUTPUT_URI/shard-$index (irready exit $rc)"
exit 0
