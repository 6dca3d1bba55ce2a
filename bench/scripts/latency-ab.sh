#!/usr/bin/env bash
# The latency of one operation at a time, two builds alternated in one run: op-latency at 200 ops/s (open, join,
# status, leave, close, one after the other) against two nodes on one throwaway loopback Redis, then against one node
# on the embedded default, and against the floor: bench's floor-server, a do-nothing WebSocket server on the same Jetty
# that speaks just enough of the protocol, so what Roster adds over the client, loopback and Jetty shows.
#
# usage: bench/scripts/latency-ab.sh [RESULTS_DIR] [ROUNDS] [BASE_COMMIT]
#        (from the repository root, after ./mvnw -DskipTests package; default RESULTS_DIR bench/results/latency/ab,
#         ROUNDS 3, BASE_COMMIT main)
#        ROSTER_BENCH_A_JAR=/path/roster.jar ...   use this jar as A instead of building BASE_COMMIT
#        ROSTER_BENCH_DURATION=20s ...             the measured run's length (warm-up: as long, unrecorded)
#        ROSTER_BENCH_RATE=200 ...                 operations per second
#        ROSTER_BENCH_REDIS_PORT ...               as in redis-lib.sh
#        ROSTER_BENCH_NODE_PORT ...                the first node's port, the second takes the next (default: the first
#                                                  free pair from 18561)
# A is BASE_COMMIT built in a temporary directory (git archive, then ./mvnw -o -DskipTests package there; the local
# Maven repository is not written); B is bootstrap/target/roster.jar as it is. Each round runs A then B, the next B then
# A, each on fresh nodes and an emptied Redis, then the floor server. Each run is warmed in the generator's own process
# (op-latency --warmup: the same cycles back to back, unrecorded), so that the generator's client is compiled too: a
# fresh generator warming only the server measured its own cold client (open->welcome 3 to 4 ms against 1 ms warm). Every result file records the load
# average before and after; summary.txt lists each run's p50 and p99 of every latency.
set -euo pipefail
RESULTS=${1:-bench/results/latency/ab}; ROUNDS=${2:-3}; BASE=${3:-main}
DURATION=${ROSTER_BENCH_DURATION:-20s}; RATE=${ROSTER_BENCH_RATE:-200}
WARM=$DURATION
TOKEN=latency-ab-$$-0123456789abcdef
BENCH="java -jar bench/target/roster-bench.jar"

die() { echo "latency-ab: $*" >&2; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/redis-lib.sh"

for f in bootstrap/target/roster.jar bench/target/roster-bench.jar; do
  [ -f "$f" ] || die "$f is missing: run from the repository root after ./mvnw -DskipTests package"
done
for c in git redis-server redis-cli curl jq; do command -v "$c" >/dev/null || die "$c is not installed"; done
[[ $DURATION =~ ^[0-9]+s$ ]] || die "ROSTER_BENCH_DURATION must be whole seconds, like 20s"


pick_redis_port
# the nodes' ports: ROSTER_BENCH_NODE_PORT and the next, else the first free pair of 18561-18598
if [ -n "${ROSTER_BENCH_NODE_PORT:-}" ]; then
  NODE_PORT=$ROSTER_BENCH_NODE_PORT
else
  NODE_PORT=
  for p in $(seq 18561 2 18597); do
    if ! port_busy "$p" && ! port_busy $((p + 1)); then NODE_PORT=$p; break; fi
  done
  [ -n "$NODE_PORT" ] || die "ports 18561-18598 are all in use; set ROSTER_BENCH_NODE_PORT"
fi
WORK=$(mktemp -d)
REDIS_PID=
NODE_PIDS=()
NODE_URLS=()
cleanup() {
  stop_nodes
  stop_redis
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$RESULTS"

if [ -n "${ROSTER_BENCH_A_JAR:-}" ]; then
  cp "$ROSTER_BENCH_A_JAR" "$WORK/roster-A.jar"
  A_NOTE="$ROSTER_BENCH_A_JAR"
else
  BASE_SHA=$(git rev-parse --verify "$BASE^{commit}") || die "no commit $BASE"
  echo "building A from $BASE_SHA in $WORK/base (log: $RESULTS/build-A.log)"
  mkdir "$WORK/base"
  git archive "$BASE_SHA" | tar -x -C "$WORK/base"
  (cd "$WORK/base" && ./mvnw -o -q -DskipTests package -pl bootstrap -am) >"$RESULTS/build-A.log" 2>&1 \
    || die "building $BASE_SHA failed, see $RESULTS/build-A.log"
  cp "$WORK/base/bootstrap/target/roster.jar" "$WORK/roster-A.jar"
  A_NOTE="$BASE_SHA ($(git log -1 --format=%s "$BASE_SHA" | cut -c1-80))"
fi
cp bootstrap/target/roster.jar "$WORK/roster-B.jar"
{
  echo "A: $A_NOTE"
  echo "B: bootstrap/target/roster.jar of $(git rev-parse HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (with uncommitted changes)')"
  echo "machine: $(nproc) cores, $(redis-server --version | cut -d' ' -f1-3), $(java -version 2>&1 | head -1)"
  echo "op-latency --rate $RATE --duration $DURATION --warmup $WARM per run"
} | tee "$RESULTS/builds.txt"

start_redis

# start_embedded JAR: one node on the embedded default (no Redis)
start_embedded() {
  stop_nodes
  env "${CLEAR_ENV[@]}" ROSTER_PORT="$NODE_PORT" ROSTER_NODE_ID=node-1 ROSTER_ADMIN_TOKEN="$TOKEN" ROSTER_AUTH=dev \
    java -jar "$1" >"$RESULTS/$2-embedded-node-1.log" 2>&1 &
  NODE_PIDS+=($!)
  NODE_URLS+=("http://127.0.0.1:$NODE_PORT")
  wait_ready "${NODE_PIDS[0]}" "${NODE_URLS[0]}" \
    || die "the embedded node did not become ready, see $RESULTS/$2-embedded-node-1.log"
}

# start_floor LABEL: the floor server on the first node's port, in place of a node
start_floor() {
  stop_nodes
  java -jar bench/target/roster-bench.jar floor-server --port "$NODE_PORT" --duration 30m \
    >"$RESULTS/$1-floor.log" 2>&1 &
  NODE_PIDS+=($!)
  NODE_URLS+=("http://127.0.0.1:$NODE_PORT")
  wait_ready "${NODE_PIDS[0]}" "${NODE_URLS[0]}" || die "the floor server did not start, see $RESULTS/$1-floor.log"
}

# measure NAME: a warm-up, then the measured run against the running nodes (--server-pid: the first node)
measure() {
  local name=$1 urls
  urls=$(IFS=,; echo "${NODE_URLS[*]}")
  if ! $BENCH op-latency --url "$urls" --admin-token "$TOKEN" --rate "$RATE" --duration "$DURATION" --warmup "$WARM" \
      --server-pid "${NODE_PIDS[0]}" --json "$RESULTS/$name.json" | grep -v '^\[' >"$RESULTS/$name.txt"; then
    echo "(the run failed)" >>"$RESULTS/$name.txt"
  fi
  printf '%-22s load %5s  %s\n' "$name" "$(jq -r '.figures["machine load average before"].value' "$RESULTS/$name.json")" \
    "$(jq -r '.latenciesMicros | to_entries | map("\(.key) \(.value.p50|round)/\(.value.p99|round)") | join("; ")' \
      "$RESULTS/$name.json")" | tee -a "$RESULTS/summary.txt"
}

echo "each line: run, load average before, then each latency's p50/p99 in microseconds" | tee "$RESULTS/summary.txt"
for round in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for which in $order; do
    SERVER_JAR=$WORK/roster-$which.jar
    start_nodes 2 "$which-$round"
    measure "redis-2nodes-$which-$round"
    start_embedded "$SERVER_JAR" "$which-$round"
    measure "embedded-$which-$round"
    stop_nodes
  done
  start_floor "$round"
  measure "floor-$round"
  stop_nodes
done
