#!/bin/sh
# entrypoint.sh -- run one shard of an Organization audit on any engine
#
# Works unchanged as a Kubernetes Indexed Job pod, an AWS Batch array
# child, or an ECS task started by a Step Functions Distributed Map: the
# shard index comes from whichever variable the engine sets.
#
#   SHARD_COUNT              N, the number of shards (required)
#   JOB_COMPLETION_INDEX     Kubernetes Indexed Job (0-based)
#   AWS_BATCH_JOB_ARRAY_INDEX  AWS Batch array job (0-based)
#   SHARD_INDEX              anything else, e.g. Step Functions (1-based)
#   OUTPUT_URI               where shard-<I>/ goes: a directory, or
#                            s3://bucket/prefix (needs the aws CLI)
#   IRREADY                  the binary (default: irready on PATH)
#   IRREADY_ARGS             more audit options (--role-name, --policy, ...)
#   RUN_TIME                 the evaluation time every shard shares
#                            (ISO-8601, e.g. the orchestrator's start
#                            time); default: today 00:00 UTC. Shards with
#                            different times cannot be merged.
#
# Then run `entrypoint.sh merge` once every shard is done: it collects
# shard-*/findings.json under OUTPUT_URI and writes OUTPUT_URI/merged/.
set -eu
IRREADY=${IRREADY:-irready}
: "${SHARD_COUNT:?set SHARD_COUNT to the number of shards}"
: "${OUTPUT_URI:?set OUTPUT_URI to a directory or s3://bucket/prefix}"

case "$OUTPUT_URI" in
s3://*) remote=1 ;;
*) remote=0 ;;
esac

if [ "${1:-audit}" = merge ]; then
	work=$(mktemp -d)
	if [ "$remote" = 1 ]; then
		aws s3 cp --recursive --exclude '*' --include 'shard-*/findings.json' \
			"$OUTPUT_URI/" "$work/"
	else
		cp -R "$OUTPUT_URI"/shard-* "$work/"
	fi
	n=$(find "$work" -name findings.json | wc -l)
	if [ "$n" -ne "$SHARD_COUNT" ]; then
		echo "entrypoint: found $n of $SHARD_COUNT shard outputs" >&2
		exit 3
	fi
	rc=0
	# shellcheck disable=SC2046
	"$IRREADY" merge --output-dir "$work/merged" --format html,csv,json,junit \
		$(find "$work" -name findings.json -exec dirname {} \; | sort) || rc=$?
	if [ "$remote" = 1 ]; then
		aws s3 cp --recursive "$work/merged" "$OUTPUT_URI/merged/"
	else
		rm -rf "$OUTPUT_URI/merged"
		cp -R "$work/merged" "$OUTPUT_URI/merged"
	fi
	rm -rf "$work"
	exit "$rc"
fi

if [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
	index=$((JOB_COMPLETION_INDEX + 1))
elif [ -n "${AWS_BATCH_JOB_ARRAY_INDEX:-}" ]; then
	index=$((AWS_BATCH_JOB_ARRAY_INDEX + 1))
else
	index=${SHARD_INDEX:?set SHARD_INDEX (1-based) on this engine}
fi
run_time=${RUN_TIME:-$(date -u +%Y-%m-%dT00:00:00Z)}
out=$(mktemp -d)
rc=0
# shellcheck disable=SC2086
"$IRREADY" audit --org --shard "$index/$SHARD_COUNT" --now "$run_time" \
	--quiet --format json --output-dir "$out" ${IRREADY_ARGS:-} || rc=$?
# 0 and 1 are completed audits; anything else failed the shard
if [ "$rc" -gt 1 ]; then
	echo "entrypoint: shard $index/$SHARD_COUNT failed (exit $rc)" >&2
	exit "$rc"
fi
if [ "$remote" = 1 ]; then
	aws s3 cp --recursive "$out" "$OUTPUT_URI/shard-$index/"
else
	mkdir -p "$OUTPUT_URI/shard-$index"
	cp "$out"/* "$OUTPUT_URI/shard-$index/"
fi
rm -rf "$out"
