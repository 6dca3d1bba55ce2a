#!/usr/bin/env bash
# Runs the load generator's scenarios against 1, 2 or 3 Roster nodes sharing one Redis, the counterpart of
# embedded-suite.sh. The script starts its own throwaway redis-server on loopback (never the machine's 6379), empties
# it before every fresh set of nodes, and starts the nodes itself; each group gets fresh nodes and runs once
# unrecorded first, so that both JVMs are warm when measured. Every result .txt starts with the number of nodes
# running and the Redis version.
#
# usage: bench/scripts/redis-suite.sh [results-dir]     (from the repository root, after ./mvnw -DskipTests package;
#                                                         default results-dir: bench/results/redis)
#        ROSTER_BENCH_ONLY=fanout bench/scripts/redis-suite.sh ...   runs only some groups: churn, latency, fanout, truth
#        ROSTER_BENCH_QUICK=1 bench/scripts/redis-suite.sh /tmp/redis-smoke   a smoke run with tiny settings (3 s
#                                                         durations, 50/200 members, rates 50/100, 100 users): checks
#                                                         that the script works, measures nothing worth recording
#        ROSTER_BENCH_REDIS_PORT=16395 ...   the redis-server's port (default: the first free one of 16390-16399;
#                                            a port given here must be free, the script never uses a Redis it did not
#                                            start)
#        ROSTER_BENCH_NODE_PORT=18091 ...    the first node's port; the others take the next two
set -euo pipefail

RESULTS=${1:-bench/results/redis}
TOKEN=bench-$$-0123456789abcdef01
BENCH="java -jar bench/target/roster-bench.jar"
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18091}
ONLY=${ROSTER_BENCH_ONLY:-churn,latency,fanout,truth}

if [ "${ROSTER_BENCH_QUICK:-0}" = 1 ]; then
  DURATION=3s; WARM_DURATION=2s; WARM_MESSAGES=10; CHURN_USERS=20
  RATE_LOW=50; JOINERS_LOW=20; RATE_HIGH=100; JOINERS_HIGH=40
  MEMBERS=50; MESSAGES=10; MEMBERS_LARGE=200; MESSAGES_LARGE=5; TRUTH_USERS=100
else
  # warm-ups long enough for the JIT: the first thousand broadcasts of a fresh node cost half again as much CPU
  DURATION=20s; WARM_DURATION=10s; WARM_MESSAGES=200; CHURN_USERS=50
  RATE_LOW=200; JOINERS_LOW=50; RATE_HIGH=1000; JOINERS_HIGH=100
  MEMBERS=1000; MESSAGES=50; MEMBERS_LARGE=10000; MESSAGES_LARGE=20; TRUTH_USERS=1000
fi

die() { echo "redis-suite: $*" >&2; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/redis-lib.sh"

for jar in bootstrap/target/roster.jar bench/target/roster-bench.jar; do
  [ -f "$jar" ] || die "$jar is missing: run from the repository root after ./mvnw -DskipTests package"
done
command -v redis-server >/dev/null || die "redis-server is not installed"
command -v redis-cli >/dev/null || die "redis-cli is not installed"

pick_redis_port

# the nodes run from a copy under their own name, so that nothing that stops roster.jar processes by name stops them
WORK=$(mktemp -d)
SERVER_JAR=$WORK/roster-bench-node.jar
cp bootstrap/target/roster.jar "$SERVER_JAR"
REDIS_PID=
NODE_PIDS=()
NODE_URLS=()
FAILED=()

mkdir -p "$RESULTS"

cleanup() {
  stop_nodes
  stop_redis
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

urls() { local IFS=,; echo "${NODE_URLS[*]:0:$1}"; }

# run NAME URLS ARGS...: one measured run, recorded in NAME.txt and NAME.json; --server-pid only when one node runs
run() {
  local name=$1 urls=$2; shift 2
  local pid_args=() pid_note= dead= i
  if [ ${#NODE_PIDS[@]} -eq 1 ]; then
    pid_args=(--server-pid "${NODE_PIDS[0]}")
    pid_note=' --server-pid $SERVER_PID'
  fi
  {
    echo "# nodes running: ${#NODE_PIDS[@]} ($(urls ${#NODE_PIDS[@]})), all on one Redis at $REDIS_URL"
    echo "# redis: $REDIS_VERSION"
    echo "### $BENCH $* --url $urls --admin-token \$TOKEN$pid_note --json $RESULTS/$name.json"
  } | tee "$RESULTS/$name.txt"
  if ! $BENCH "$@" --url "$urls" --admin-token "$TOKEN" "${pid_args[@]}" --json "$RESULTS/$name.json" \
      | grep -v '^\[' | tee -a "$RESULTS/$name.txt"; then
    echo "(exit code above 0: the run failed)" | tee -a "$RESULTS/$name.txt"
    FAILED+=("$name")
  fi
  for i in "${!NODE_PIDS[@]}"; do
    kill -0 "${NODE_PIDS[$i]}" 2>/dev/null || dead+=" node-$((i + 1))"
  done
  if [ -n "$dead" ]; then
    echo "(node(s) no longer running after this run:$dead)" | tee -a "$RESULTS/$name.txt"
    FAILED+=("$name")
  fi
}

# warm URLS ARGS...: one unrecorded run
warm() {
  local urls=$1; shift
  $BENCH "$@" --url "$urls" --admin-token "$TOKEN" >/dev/null 2>&1 || true
}

wanted() { [[ ,$ONLY, == *,$1,* ]]; }

start_redis

if wanted churn; then
  start_nodes 1 churn
  warm "$(urls 1)" churn --users "$CHURN_USERS" --duration "$WARM_DURATION"
  run churn-1nodes "$(urls 1)" churn --users "$CHURN_USERS" --duration "$DURATION"
  stop_nodes
fi

if wanted latency; then
  start_nodes 2 latency
  warm "$(urls 2)" presence-latency --joiners "$JOINERS_HIGH" --rate "$RATE_HIGH" --duration "$WARM_DURATION"
  run "presence-latency-$RATE_LOW-2nodes" "$(urls 2)" presence-latency \
    --watchers 10 --joiners "$JOINERS_LOW" --rate "$RATE_LOW" --duration "$DURATION"
  run "presence-latency-$RATE_HIGH-2nodes" "$(urls 2)" presence-latency \
    --watchers 10 --joiners "$JOINERS_HIGH" --rate "$RATE_HIGH" --duration "$DURATION"
  # a third node, idle but on the same Redis: what it costs the other two
  start_nodes 3 latency
  warm "$(urls 2)" presence-latency --joiners "$JOINERS_HIGH" --rate "$RATE_HIGH" --duration "$WARM_DURATION"
  run "presence-latency-$RATE_HIGH-3nodes" "$(urls 2)" presence-latency \
    --watchers 10 --joiners "$JOINERS_HIGH" --rate "$RATE_HIGH" --duration "$DURATION"
  stop_nodes
fi

if wanted fanout; then
  for n in 1 2 3; do
    start_nodes "$n" fanout
    warm "$(urls "$n")" fanout --members "$MEMBERS" --messages "$WARM_MESSAGES" --timeout 30s
    run "fanout-$MEMBERS-${n}nodes" "$(urls "$n")" fanout --members "$MEMBERS" --messages "$MESSAGES" --timeout 30s
    if [ "$n" != 2 ]; then
      run "fanout-$MEMBERS_LARGE-${n}nodes" "$(urls "$n")" fanout \
        --members "$MEMBERS_LARGE" --messages "$MESSAGES_LARGE" --timeout 60s
    fi
    stop_nodes
  done
fi

if wanted truth; then
  start_nodes 3 truth
  warm "$(urls 3)" truth --users 100
  run "truth-$TRUTH_USERS-3nodes" "$(urls 3)" truth --users "$TRUTH_USERS"
  stop_nodes
fi

if [ ${#FAILED[@]} -gt 0 ]; then
  echo "failed runs: ${FAILED[*]}" >&2
  exit 1
fi
echo "all runs passed; results in $RESULTS"
