#!/usr/bin/env bash
# Webhook delivery on 1 and 2 Roster nodes sharing one throwaway loopback Redis: the bench's `webhook` scenario runs
# the receiver (127.0.0.1, signatures verified, 200 at once), the nodes POST every event to it, and each run reports
# the lag from each event's `at` to its receipt, the events delivered per second at a steady offered rate, and any
# event missing, doubled or out of its user's order. Each set of nodes is fresh (Redis emptied first) and warmed by
# one unrecorded run. Every result .txt starts with the nodes, the Redis version and the webhook settings.
#
# usage: bench/scripts/webhook-lag.sh [results-dir]   (from the repository root, after ./mvnw -DskipTests package;
#                                                      default results-dir: bench/results/events/webhook)
#        ROSTER_BENCH_QUICK=1 bench/scripts/webhook-lag.sh bench/target/webhook-smoke   3 s runs at low rates: checks that the
#                                                      script works, measures nothing worth recording
#        ROSTER_BENCH_NODES="1 2"            which node counts to run (default: 1 2)
#        ROSTER_BENCH_BASELINE=0             skips the baseline: the same load on one node without a webhook
#                                            (`webhook --no-receiver`), for the server CPU per op that delivery adds
#        ROSTER_BENCH_RATES="200 1000"       offered joins+leaves per second, one measured run each (default: 200 1000)
#        ROSTER_BENCH_REDIS_PORT=16395 ...   the redis-server's port (default: the first free one of 16390-16399; the
#                                            script never uses a Redis it did not start)
#        ROSTER_BENCH_NODE_PORT=18481 ...    the first node's port; the second takes the next one
#        ROSTER_BENCH_RECEIVER_PORT=18480 ...  the receiver's port
set -euo pipefail

RESULTS=${1:-bench/results/events/webhook}
TOKEN=bench-$$-0123456789abcdef01
SECRET=bench-webhook-$$-$(date +%s)-0123456789abcdef0123456789
BENCH="java -jar bench/target/roster-bench.jar"
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18481}
RECEIVER_PORT=${ROSTER_BENCH_RECEIVER_PORT:-18480}
NODE_COUNTS=${ROSTER_BENCH_NODES:-1 2}
USERS=50

if [ "${ROSTER_BENCH_QUICK:-0}" = 1 ]; then
  DURATION=3s; WARM_DURATION=2s; RATES=${ROSTER_BENCH_RATES:-50 100}; USERS=10
else
  DURATION=20s; WARM_DURATION=10s; RATES=${ROSTER_BENCH_RATES:-200 1000}
fi

die() { echo "webhook-lag: $*" >&2; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/redis-lib.sh"

for jar in bootstrap/target/roster.jar bench/target/roster-bench.jar; do
  [ -f "$jar" ] || die "$jar is missing: run from the repository root after ./mvnw -DskipTests package"
done
for c in redis-server redis-cli curl; do command -v "$c" >/dev/null || die "$c is not installed"; done

pick_redis_port
if port_busy "$RECEIVER_PORT"; then die "port $RECEIVER_PORT is already in use; set ROSTER_BENCH_RECEIVER_PORT"; fi
HOOK_URL=http://127.0.0.1:$RECEIVER_PORT/hook

# the nodes run from a copy under their own name, so that nothing that stops roster.jar processes by name stops them
WORK=$(mktemp -d)
SERVER_JAR=$WORK/roster-bench-node.jar
cp bootstrap/target/roster.jar "$SERVER_JAR"
REDIS_PID=
NODE_PIDS=()
NODE_URLS=()
FAILED=()

mkdir -p "$RESULTS"

# webhook_nodes COUNT [LABEL]: start_nodes delivering to the receiver's port (or, with LABEL webhook-off, delivering
# nowhere)
webhook_nodes() {
  local count=$1 label=${2:-webhook} hook=()
  [ "$label" = webhook-off ] || hook=(ROSTER_WEBHOOK_URL="$HOOK_URL" ROSTER_WEBHOOK_SECRET="$SECRET")
  start_nodes "$count" "$label" "${hook[@]}"
}

cleanup() {
  stop_nodes
  stop_redis
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

urls() { local IFS=,; echo "${NODE_URLS[*]}"; }

# run NAME ARGS...: one measured run, recorded in NAME.txt and NAME.json; --server-pid only when one node runs
run() {
  local name=$1; shift
  local pid_args=() pid_note= dead= i
  if [ ${#NODE_PIDS[@]} -eq 1 ]; then
    pid_args=(--server-pid "${NODE_PIDS[0]}")
    pid_note=' --server-pid $SERVER_PID'
  fi
  {
    echo "# nodes running: ${#NODE_PIDS[@]} ($(urls)), all on one Redis at $REDIS_URL"
    echo "# redis: $REDIS_VERSION"
    if [[ " $* " == *" --no-receiver "* ]]; then
      echo "# webhook: none (the nodes have no ROSTER_WEBHOOK_URL); ROSTER_EVENTS_* at their defaults"
    else
      echo "# webhook: ROSTER_WEBHOOK_URL=$HOOK_URL, other ROSTER_WEBHOOK_* and ROSTER_EVENTS_* at their defaults"
    fi
    echo "### $BENCH $* --url $(urls) --admin-token \$TOKEN --secret \$SECRET$pid_note --json $RESULTS/$name.json"
  } | tee "$RESULTS/$name.txt"
  if ! $BENCH "$@" --url "$(urls)" --admin-token "$TOKEN" --secret "$SECRET" --receiver-port "$RECEIVER_PORT" \
      "${pid_args[@]}" --json "$RESULTS/$name.json" | grep -v '^\[' | tee -a "$RESULTS/$name.txt"; then
    echo "(exit code above 0: the run failed)" | tee -a "$RESULTS/$name.txt"
    FAILED+=("$name")
  fi
  # which node delivered, and where the shared position stands
  echo "# GET /api/webhooks: $(curl -s -H "Authorization: Bearer $TOKEN" "${NODE_URLS[0]}/api/webhooks" || true)" \
    | tee -a "$RESULTS/$name.txt"
  for i in "${!NODE_PIDS[@]}"; do
    kill -0 "${NODE_PIDS[$i]}" 2>/dev/null || dead+=" node-$((i + 1))"
  done
  if [ -n "$dead" ]; then
    echo "(node(s) no longer running after this run:$dead)" | tee -a "$RESULTS/$name.txt"
    FAILED+=("$name")
  fi
}

# warm ARGS...: one unrecorded run
warm() {
  $BENCH "$@" --url "$(urls)" --admin-token "$TOKEN" --secret "$SECRET" --receiver-port "$RECEIVER_PORT" \
    >/dev/null 2>&1 || true
}

start_redis

if [ "${ROSTER_BENCH_BASELINE:-1}" = 1 ]; then
  webhook_nodes 1 webhook-off
  warm webhook --no-receiver --users "$USERS" --rate "${RATES##* }" --duration "$WARM_DURATION"
  for rate in $RATES; do
    run "webhook-off-$rate-1nodes" webhook --no-receiver --users "$USERS" --rate "$rate" --duration "$DURATION"
  done
  stop_nodes
fi

for n in $NODE_COUNTS; do
  webhook_nodes "$n"
  warm webhook --users "$USERS" --rate "${RATES##* }" --duration "$WARM_DURATION"
  for rate in $RATES; do
    run "webhook-$rate-${n}nodes" webhook --users "$USERS" --rate "$rate" --duration "$DURATION"
  done
  stop_nodes
done

if [ ${#FAILED[@]} -gt 0 ]; then
  echo "failed runs: ${FAILED[*]}" >&2
  exit 1
fi
echo "all runs passed; results in $RESULTS"
