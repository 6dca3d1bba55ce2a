#!/usr/bin/env bash
# Runs the load generator's scenarios against one Roster node on the embedded default (no Redis), as recorded in
# docs/BENCHMARKS.md. Each idle run gets a fresh server so that its RSS per connection starts from a clean process;
# the other scenarios share one server and run once unrecorded first, so that both JVMs are warm when measured.
#
# usage: bench/scripts/embedded-suite.sh [results-dir]     (from the repository root, after ./mvnw -DskipTests package)
#        ROSTER_BENCH_ONLY=fanout bench/scripts/embedded-suite.sh ...   runs only some groups: idle, scenarios, fanout
set -euo pipefail

RESULTS=${1:-bench/results}
PORT=${ROSTER_BENCH_PORT:-18080}
TOKEN=bench-$$-0123456789abcdef01
# the server runs from a copy under its own name, so that nothing that stops roster.jar processes by name stops it
WORK=$(mktemp -d)
SERVER_JAR=$WORK/roster-bench-node.jar
cp bootstrap/target/roster.jar "$SERVER_JAR"
BENCH="java -jar bench/target/roster-bench.jar"
URL=http://127.0.0.1:$PORT
SERVER_PID=

mkdir -p "$RESULTS"

start_server() {
  ROSTER_PORT=$PORT ROSTER_ADMIN_TOKEN=$TOKEN java -jar "$SERVER_JAR" >"$RESULTS/server-$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 60); do
    if curl -sf -o /dev/null "$URL/health/ready"; then return 0; fi
    sleep 0.5
  done
  echo "server did not become ready in 30 s" >&2
  return 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

run() {
  local name=$1; shift
  echo "### $BENCH $* --url $URL --admin-token \$TOKEN --server-pid \$SERVER_PID --json $RESULTS/$name.json" | tee "$RESULTS/$name.txt"
  if ! $BENCH "$@" --url "$URL" --admin-token "$TOKEN" --server-pid "$SERVER_PID" --json "$RESULTS/$name.json" \
      | grep -v '^\[' | tee -a "$RESULTS/$name.txt"; then
    echo "(exit code above 0: the run failed)" | tee -a "$RESULTS/$name.txt"
  fi
}

warm() {
  $BENCH "$@" --url "$URL" --admin-token "$TOKEN" >/dev/null || true
}

ONLY=${ROSTER_BENCH_ONLY:-idle,scenarios,fanout}

wanted() { [[ ,$ONLY, == *,$1,* ]]; }

if wanted idle; then
  # 19,000: the most one process may hold here (20,000 descriptors), for the generator as for the server
  for n in 1000 10000 19000; do
    start_server "idle-$n"
    run "idle-$n" idle --connections "$n" --duration 10s
    stop_server
  done
fi

if wanted scenarios; then
  start_server scenarios
  # warm-ups long enough for the JIT: a fresh node spends half again as much CPU on its first few thousand cycles
  warm churn --users 50 --duration 10s
  run churn churn --users 50 --duration 20s
  warm presence-latency --joiners 100 --rate 1000 --duration 10s
  run presence-latency-200 presence-latency --watchers 10 --joiners 50 --rate 200 --duration 20s
  run presence-latency-1000 presence-latency --watchers 10 --joiners 100 --rate 1000 --duration 20s
  stop_server
fi

if wanted fanout; then
  start_server fanout
  warm fanout --members 1000 --messages 200 --timeout 30s
  run fanout-10 fanout --members 10 --messages 50
  run fanout-1000 fanout --members 1000 --messages 50 --timeout 30s
  run fanout-10000 fanout --members 10000 --messages 20 --timeout 60s
  stop_server
fi
