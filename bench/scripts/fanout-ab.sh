#!/usr/bin/env bash
# Fan-out on one node, two builds alternated, warm, in one run:
#   bench/scripts/fanout-ab.sh BEFORE.jar AFTER.jar [RESULTS_DIR] [ROUNDS]
# Each round starts a fresh node of each build in turn (A then B, the next round B then A), warms it with two
# unrecorded passes of 100 messages to 1,000 members, then records the server CPU per delivered frame and the time
# until all members have each message. Run from the repository root after ./mvnw -DskipTests package.
#
# Environment (all optional):
#   FANOUT_MEMBERS   members of the recorded room (default 1000); the warm-up stays at 1,000
#   FANOUT_MESSAGES  messages of the recorded pass (default 50)
#   FANOUT_STORE     embedded (default) or redis: the node on a throwaway loopback Redis the script starts on a free
#                    port (redis-lib.sh), emptied before every node
#   FANOUT_TIMEOUT   the generator's --timeout (default 30s)
# Prints one line per run and, at the end, the CPU per frame of every run of each build with its median; the same
# goes to RESULTS_DIR/summary.txt. Every figure carries the load average before and after its run.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE.jar AFTER.jar [RESULTS_DIR] [ROUNDS]" >&2; exit 2; }
A_JAR=$1; B_JAR=$2; OUT=${3:-bench/results/fanout-ab}; ROUNDS=${4:-4}
MEMBERS=${FANOUT_MEMBERS:-1000}; MESSAGES=${FANOUT_MESSAGES:-50}; STORE=${FANOUT_STORE:-embedded}
TIMEOUT=${FANOUT_TIMEOUT:-30s}
die() { echo "fanout-ab: $*" >&2; exit 1; }
case $STORE in embedded | redis) ;; *) die "FANOUT_STORE is embedded or redis, not $STORE" ;; esac
for f in "$A_JAR" "$B_JAR" bench/target/roster-bench.jar; do [ -f "$f" ] || die "$f is missing"; done
mkdir -p "$OUT"
RESULTS=$OUT
WORK=$(mktemp -d)
REDIS_PID=
NODE_PIDS=()
NODE_URLS=()
# shellcheck source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
pid=
cleanup() {
  if [ -n "$pid" ]; then stop_pid "$pid"; fi
  stop_redis
  rm -rf "$WORK"
}
trap cleanup EXIT
BENCH="java -jar bench/target/roster-bench.jar"
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18473}; URL=http://127.0.0.1:$NODE_PORT
export ROSTER_ADMIN_TOKEN=fanout-ab-$$-0123456789abcdef
STORE_ENV=()
if [ "$STORE" = redis ]; then
  command -v redis-server >/dev/null || die "redis-server is not installed"
  pick_redis_port
  start_redis
  # a node on Redis runs without authentication only when told to
  STORE_ENV=(ROSTER_REDIS_URL="$REDIS_URL" ROSTER_AUTH=dev)
fi
load() { cut -d' ' -f1 /proc/loadavg; }
{
  echo "A: $A_JAR"
  echo "B: $B_JAR"
  echo "members $MEMBERS, messages $MESSAGES, store $STORE${REDIS_VERSION:+ ($REDIS_VERSION)}, rounds $ROUNDS, $(nproc) cores"
} | tee "$OUT/builds.txt"
ROWS=$OUT/rows.txt
: >"$ROWS"
for round in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for which in $order; do
    jar=$A_JAR; [ "$which" = B ] && jar=$B_JAR
    if port_busy "$NODE_PORT"; then die "port $NODE_PORT is already in use; set ROSTER_BENCH_NODE_PORT"; fi
    if [ "$STORE" = redis ]; then flush_redis; fi
    env "${CLEAR_ENV[@]}" ROSTER_NODE_ID=fan-$which ROSTER_PORT=$NODE_PORT ROSTER_ADMIN_TOKEN=$ROSTER_ADMIN_TOKEN \
      "${STORE_ENV[@]}" java -Xmx1g -jar "$jar" >"$OUT/node-$which-$round.log" 2>&1 &
    pid=$!
    wait_ready "$pid" "$URL" || die "the node of $which did not become ready, see $OUT/node-$which-$round.log"
    $BENCH fanout --url "$URL" --members 1000 --messages 100 --timeout "$TIMEOUT" >/dev/null 2>&1 || true
    $BENCH fanout --url "$URL" --members 1000 --messages 100 --timeout "$TIMEOUT" >/dev/null 2>&1 || true
    before=$(load)
    $BENCH fanout --url "$URL" --members "$MEMBERS" --messages "$MESSAGES" --timeout "$TIMEOUT" --server-pid "$pid" \
      --json "$OUT/fanout-$which-$round.json" >"$OUT/fanout-$which-$round.txt" 2>&1 || true
    after=$(load)
    stop_pid "$pid"; pid=
    cpu=$(awk '/per delivered frame/ {print $6}' "$OUT/fanout-$which-$round.txt")
    p50=$(awk '/^send->all members/ {print $4}' "$OUT/fanout-$which-$round.txt")
    result=$(awk '/^result:/ {print $2}' "$OUT/fanout-$which-$round.txt")
    echo "$which $round ${cpu:-none} ${p50:-none} $before $after ${result:-none}" >>"$ROWS"
    echo "$which round $round: ${cpu:-none} us per delivered frame; send->all p50 ${p50:-none} ms; load $before -> $after; ${result:-none}"
  done
done
{
  echo
  echo "build  server CPU per delivered frame (us), each run in round order  | median"
  for which in A B; do
    runs=$(awk -v w="$which" '$1 == w && $3 != "none" {print $3}' "$ROWS")
    median=$(echo "$runs" | sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "none"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}')
    echo "$which      $(echo "$runs" | tr '\n' ' ')| $median"
  done
} | tee "$OUT/summary.txt"
