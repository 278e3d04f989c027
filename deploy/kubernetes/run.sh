#!/bin/sh
# run.sh -- one Organization audit on Kubernetes: the shards, then the merge
#
#   IMAGE=registry.example.com/irready:0.1.0 SHARD_COUNT=8 sh run.sh
#
# Applies namespace.yaml, creates irready-shards-<RUN_ID> from
# shards-job.yaml (RUN_ID, RUN_TIME, IMAGE and SHARD_COUNT filled in),
# waits for it to complete or fail (TIMEOUT seconds at most), and only
# then creates irready-merge-<RUN_ID> and waits for that. The reports end
# up on the volume in /out/<RUN_ID>/merged/. Exit 0 when both Jobs
# completed; 1 when one failed or timed out (kubectl describe tells why).
#
#   RUN_ID       default run-<UTC date and time>; names the Jobs and the
#                output directory, recorded in every findings.json
#   RUN_TIME     the evaluation time all shards share (default: now)
#   SHARD_COUNT  default 8;  IMAGE: default the manifests' image
#   TIMEOUT      seconds per Job (default 14400); KUBECTL (default kubectl)
set -eu
dir=$(dirname "$0")
NS=irready
KUBECTL=${KUBECTL:-kubectl}
RUN_ID=${RUN_ID:-run-$(date -u +%Y%m%d-%H%M%S)}
RUN_TIME=${RUN_TIME:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
SHARD_COUNT=${SHARD_COUNT:-8}
TIMEOUT=${TIMEOUT:-14400}
IMAGE=${IMAGE:-}
case "$SHARD_COUNT$TIMEOUT" in
*[!0-9]*) echo "run.sh: SHARD_COUNT and TIMEOUT are numbers" >&2 && exit 2 ;;
esac
case "$RUN_ID" in
*[!a-z0-9-]* | -* | *-) echo "run.sh: RUN_ID takes a-z 0-9 and inner '-' (a Job name)" >&2 && exit 2 ;;
esac

# render FILE: the manifest with this run's values
render() {
	sed -e "s/RUN_ID_VALUE/$RUN_ID/g" -e "s/RUN_TIME_VALUE/$RUN_TIME/g" \
		-e "/# = SHARD_COUNT/s/[0-9][0-9]*/$SHARD_COUNT/" \
		${IMAGE:+-e "s|image: .*|image: $IMAGE|"} "$1"
}
# wait_job NAME: 0 once Complete; 1 once Failed, or after TIMEOUT seconds
wait_job() {
	end=$(($(date +%s) + TIMEOUT))
	while :; do
		st=$($KUBECTL get job -n "$NS" "$1" -o \
			jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}') ||
			st= # not found yet, or the API hiccuped: ask again
		case " $st " in
		*" Complete "*) return 0 ;;
		*" Failed "*)
			echo "run.sh: job $1 failed: kubectl describe job -n $NS $1" >&2
			return 1
			;;
		esac
		if [ "$(date +%s)" -ge "$end" ]; then
			echo "run.sh: job $1 not done after ${TIMEOUT}s" >&2
			return 1
		fi
		sleep "${POLL:-15}"
	done
}

$KUBECTL apply -f "$dir/namespace.yaml"
render "$dir/shards-job.yaml" | $KUBECTL create -f -
wait_job "irready-shards-$RUN_ID"
render "$dir/merge-job.yaml" | $KUBECTL create -f -
wait_job "irready-merge-$RUN_ID"
echo "run.sh: reports in /out/$RUN_ID/merged/ on the irready-out volume"
