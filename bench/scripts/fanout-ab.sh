#!/usr/bin/env bash
# Fan-out on one node on the embedded default, two builds alternated, warm, in one run:
#   bench/scripts/fanout-ab.sh BEFORE.jar AFTER.jar [RESULTS_DIR] [ROUNDS]
# Each round starts a fresh node of each build in turn (A then B, the next round B then A), warms it with two
# unrecorded passes of 100 messages to 1,000 members, then records the server CPU per delivered frame and the time
# until all 1,000 members have each of 50 messages. Run from the repository root after ./mvnw -DskipTests package.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE.jar AFTER.jar [RESULTS_DIR] [ROUNDS]" >&2; exit 2; }
A_JAR=$1; B_JAR=$2; OUT=${3:-bench/results/fanout-ab}; ROUNDS=${4:-4}
mkdir -p "$OUT"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null || true' EXIT
BENCH="java -jar bench/target/roster-bench.jar"
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18473}; URL=http://127.0.0.1:$NODE_PORT
export ROSTER_ADMIN_TOKEN=fanout-ab-$$-0123456789abcdef
for round in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for which in $order; do
    jar=$A_JAR; [ "$which" = B ] && jar=$B_JAR
    ROSTER_NODE_ID=fan-$which ROSTER_PORT=$NODE_PORT java -Xmx1g -jar "$jar" >"$OUT/node-$which-$round.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 150); do curl -sf "$URL/health/ready" >/dev/null && break; sleep 0.2; done
    $BENCH fanout --url "$URL" --members 1000 --messages 100 --timeout 30s >/dev/null 2>&1
    $BENCH fanout --url "$URL" --members 1000 --messages 100 --timeout 30s >/dev/null 2>&1
    $BENCH fanout --url "$URL" --members 1000 --messages 50 --timeout 30s --server-pid "$pid" \
      --json "$OUT/fanout-$which-$round.json" >"$OUT/fanout-$which-$round.txt" 2>&1
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    echo "$which round $round: $(grep -E 'per delivered frame' "$OUT/fanout-$which-$round.txt" | tr -s ' ');send->all p50 ms $(awk '/^send->all members/ {print $4}' "$OUT/fanout-$which-$round.txt")"
  done
done
