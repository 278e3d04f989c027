#!/bin/sh
# submit.sh -- one Organization audit on AWS Batch: an array job of
# SHARD_COUNT shards, then the merge job that depends on the whole array
# (aws CLI v2). Register the two definitions first:
#   aws batch register-job-definition --cli-input-json file://job-definition.json
#   aws batch register-job-definition --cli-input-json file://merge-job-definition.json
#   JOB_QUEUE=irready-queue SHARD_COUNT=8 OUTPUT_URI=s3://bucket/prefix ./submit.sh
#
# Batch array jobs take 2 to 10,000 children: SHARD_COUNT=1 submits one
# plain job (SHARD_INDEX=1) instead. RUN_ID (default run-<UTC time>)
# names the run in every findings.json and its output prefix
# OUTPUT_URI/RUN_ID/; RUN_TIME (default now) is the evaluation time.
set -eu
: "${JOB_QUEUE:?set JOB_QUEUE}" "${SHARD_COUNT:?set SHARD_COUNT}" "${OUTPUT_URI:?set OUTPUT_URI}"
AWS=${AWS:-aws}
RUN_TIME=${RUN_TIME:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
RUN_ID=${RUN_ID:-run-$(date -u +%Y%m%d-%H%M%S)}
case "$SHARD_COUNT" in
'' | *[!0-9]*) echo "submit.sh: SHARD_COUNT is a number" >&2 && exit 2 ;;
esac
if [ "$SHARD_COUNT" -lt 1 ] || [ "$SHARD_COUNT" -gt 10000 ]; then
	echo "submit.sh: SHARD_COUNT takes 1 to 10000 (AWS Batch's array limit)" >&2
	exit 2
fi
case "$OUTPUT_URI" in
s3://*) ;;
*) echo "submit.sh: OUTPUT_URI is s3://bucket/prefix" >&2 && exit 2 ;;
esac
# the values go into JSON as they are: keep them to safe characters
for v in "$OUTPUT_URI" "$RUN_ID" "$RUN_TIME"; do
	case "$v" in
	*[!A-Za-z0-9_.:/+-]*)
		echo "submit.sh: '$v' has characters other than A-Z a-z 0-9 _.:/+-" >&2
		exit 2
		;;
	esac
done
out=${OUTPUT_URI%/}/$RUN_ID
env_json="[{\"name\":\"SHARD_COUNT\",\"value\":\"$SHARD_COUNT\"},{\"name\":\"OUTPUT_URI\",\"value\":\"$out\"},{\"name\":\"RUN_TIME\",\"value\":\"$RUN_TIME\"},{\"name\":\"RUN_ID\",\"value\":\"$RUN_ID\"}]"
if [ "$SHARD_COUNT" -ge 2 ]; then
	shards=$($AWS batch submit-job --job-name "irready-shards-$RUN_ID" \
		--job-queue "$JOB_QUEUE" --job-definition irready-shard \
		--array-properties "size=$SHARD_COUNT" \
		--container-overrides "{\"environment\":$env_json}" \
		--query jobId --output text)
else
	one="[{\"name\":\"SHARD_INDEX\",\"value\":\"1\"},${env_json#\[}"
	shards=$($AWS batch submit-job --job-name "irready-shards-$RUN_ID" \
		--job-queue "$JOB_QUEUE" --job-definition irready-shard \
		--container-overrides "{\"environment\":$one}" \
		--query jobId --output text)
fi
merge=$($AWS batch submit-job --job-name "irready-merge-$RUN_ID" \
	--job-queue "$JOB_QUEUE" --job-definition irready-merge \
	--depends-on "jobId=$shards" \
	--container-overrides "{\"environment\":$env_json}" \
	--query jobId --output text)
echo "shards: $shards; merge: $merge; reports in $out/merged/"
