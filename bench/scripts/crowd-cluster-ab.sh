#!/usr/bin/env bash
# Large rooms over three nodes: the frames 1,000 members joining one room cost when they are spread over three nodes
# on one Redis, two builds alternated in one run, and one node of each build for reference:
#   bench/scripts/crowd-cluster-ab.sh BEFORE.jar AFTER.jar [RESULTS_DIR] [ROUNDS]
# Each round starts three fresh nodes of each build in turn (A then B, the next round B then A) on an emptied Redis
# of the script's own, warms them with an unrecorded fan-out to 200 members, then records `fanout --members 1000
# --messages 20` across the three (the generator spreads the members over them) and the CPU the three node processes
# spent during that run (utime + stime from /proc). ROSTER_LARGE_ROOM is 400: above the ~333 members each node holds,
# below the room's 1,000, so that judged per node the room is never large and judged across the nodes it is from the
# 400th member (ROSTER_BENCH_LARGE_ROOM sets another). After the rounds, one node of each build runs the same, once.
# Every figure line carries the load average. Run from the repository root after ./mvnw -DskipTests package (the
# generator is bench/target/roster-bench.jar).
#        ROSTER_BENCH_REDIS_PORT=16395 ...   the redis-server's port (default: the first free one of 16390-16399)
#        ROSTER_BENCH_NODE_PORT=18491 ...    the first node's port; the others take the next two
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE.jar AFTER.jar [RESULTS_DIR] [ROUNDS]" >&2; exit 2; }
A_JAR=$1; B_JAR=$2; RESULTS=${3:-bench/results/crowd-cluster}; ROUNDS=${4:-3}
BENCH="java -jar bench/target/roster-bench.jar"
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18491}
TOKEN=crowd-ab-$$-0123456789abcdef01
MEMBERS=1000; MESSAGES=20; LARGE_ROOM=${ROSTER_BENCH_LARGE_ROOM:-400}

die() { echo "crowd-cluster-ab: $*" >&2; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/redis-lib.sh"


for jar in "$A_JAR" "$B_JAR" bench/target/roster-bench.jar; do
  [ -f "$jar" ] || die "$jar is missing"
done
command -v redis-server >/dev/null || die "redis-server is not installed"
command -v redis-cli >/dev/null || die "redis-cli is not installed"
mkdir -p "$RESULTS"
pick_redis_port

# the nodes run from copies under their own names, so that nothing that stops roster.jar processes by name stops them
WORK=$(mktemp -d)
cp "$A_JAR" "$WORK/crowd-node-A.jar"
cp "$B_JAR" "$WORK/crowd-node-B.jar"
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

TICKS=$(getconf CLK_TCK)
# the CPU seconds the running nodes have spent so far
nodes_cpu() {
  local pid total=0
  for pid in "${NODE_PIDS[@]}"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  awk -v t="$total" -v hz="$TICKS" 'BEGIN { printf "%.2f", t / hz }'
}
urls() { local IFS=,; echo "${NODE_URLS[*]}"; }
load() { cut -d' ' -f1 /proc/loadavg; }

# measure WHICH COUNT NAME: fresh nodes of build WHICH, warmed, then one recorded run in NAME.txt / NAME.json
measure() {
  local which=$1 count=$2 name=$3 before after load_before
  SERVER_JAR=$WORK/crowd-node-$which.jar
  start_nodes "$count" "$name" ROSTER_LARGE_ROOM="$LARGE_ROOM"
  $BENCH fanout --url "$(urls)" --members 200 --messages 20 --timeout 30s --admin-token "$TOKEN" >/dev/null 2>&1 || true
  load_before=$(load)
  before=$(nodes_cpu)
  {
    echo "# build $which ($( [ "$which" = A ] && echo "$A_JAR" || echo "$B_JAR" )), nodes running: $count ($(urls)), ROSTER_LARGE_ROOM=$LARGE_ROOM, one Redis at $REDIS_URL ($REDIS_VERSION)"
    echo "### $BENCH fanout --members $MEMBERS --messages $MESSAGES --timeout 60s --url $(urls) --json $RESULTS/$name.json"
  } >"$RESULTS/$name.txt"
  $BENCH fanout --url "$(urls)" --members "$MEMBERS" --messages "$MESSAGES" --timeout 60s --admin-token "$TOKEN" \
    --json "$RESULTS/$name.json" 2>&1 | grep -v '^\[' >>"$RESULTS/$name.txt" || echo "(the run failed)" >>"$RESULTS/$name.txt"
  after=$(nodes_cpu)
  echo "nodes' CPU during the run (s)   $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')" >>"$RESULTS/$name.txt"
  stop_nodes
  printf '%s: %s nodes, frames during joins %s (presence %s), join phase %s, nodes CPU %s s, load %s -> %s\n' \
    "$name" "$count" \
    "$(awk '/^frames during joins/ {print $4}' "$RESULTS/$name.txt")" \
    "$(awk '/^presence frames during joins/ {print $5}' "$RESULTS/$name.txt")" \
    "$(awk '/^join phase/ {print $3 " " $4}' "$RESULTS/$name.txt")" \
    "$(awk '/^nodes. CPU during the run/ {print $NF}' "$RESULTS/$name.txt")" \
    "$load_before" "$(load)" | tee -a "$RESULTS/summary.txt"
}

start_redis
for round in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for which in $order; do
    measure "$which" 3 "fanout-3nodes-$which-$round"
  done
done
for which in A B; do
  measure "$which" 1 "fanout-1node-$which"
done
