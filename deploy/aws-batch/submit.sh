#!/bin/sh
# submit.sh -- an AWS Batch array job of SHARD_COUNT shards, then the merge
# job that depends on the whole array (aws CLI v2).
#   JOB_QUEUE=irready-queue SHARD_COUNT=8 OUTPUT_URI=s3://bucket/prefix ./submit.sh
set -eu
: "${JOB_QUEUE:?}" "${SHARD_COUNT:?}" "${OUTPUT_URI:?}"
RUN_TIME=${RUN_TIME:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
env_json="[{\"name\":\"SHARD_COUNT\",\"value\":\"$SHARD_COUNT\"},{\"name\":\"OUTPUT_URI\",\"value\":\"$OUTPUT_URI\"},{\"name\":\"RUN_TIME\",\"value\":\"$RUN_TIME\"}]"
array=$(aws batch submit-job --job-name irready-shards --job-queue "$JOB_QUEUE" \
	--job-definition irready-shard --array-properties "size=$SHARD_COUNT" \
	--parameters mode=audit \
	--container-overrides "{\"environment\":$env_json}" \
	--query jobId --output text)
aws batch submit-job --job-name irready-merge --job-queue "$JOB_QUEUE" \
	--job-definition irready-shard --depends-on "jobId=$array" \
	--parameters mode=merge \
	--container-overrides "{\"environment\":$env_json}" \
	--query jobId --output text
echo "shards: $array; results in $OUTPUT_URI/merged/"
