#!/usr/bin/env bash
# Churn on one Redis-backed node, two builds alternated on one throwaway loopback Redis, warm, in one run:
#   bench/scripts/churn-ab.sh BEFORE.jar AFTER.jar [RESULTS_DIR] [ROUNDS]
# BEFORE.jar is a roster.jar built from the commit to compare with (git worktree add, then ./mvnw -DskipTests package).
# Each round runs A then B, and the next B then A, so that a machine warming up or cooling down favours neither.
# Around each measured run it also saves Redis's CPU time (INFO cpu, before and after) and the counts and times of
# the commands it ran (INFO commandstats, reset before), as redis-*-<build>-<round>.txt. Each round ends with the same
# churn against bench's floor-server (churn-floor-<round>.*): a do-nothing WebSocket server on Roster's Jetty, whose
# CPU per cycle is what the handshake, the TCP connection and Jetty cost by themselves on this machine.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE.jar AFTER.jar [RESULTS_DIR] [ROUNDS]" >&2; exit 2; }
A_JAR=$1; B_JAR=$2; OUT=${3:-bench/results/ab}; ROUNDS=${4:-3}
BENCH="java -jar bench/target/roster-bench.jar"
REDIS_PORT=${ROSTER_BENCH_REDIS_PORT:-16413}; NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18471}
[ "$REDIS_PORT" != 6379 ] || { echo "refusing port 6379: this script starts its own Redis" >&2; exit 2; }
mkdir -p "$OUT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --logfile "$OUT/redis.log"
trap 'redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true' EXIT
sleep 0.5
export ROSTER_ADMIN_TOKEN=churn-ab-$$-0123456789abcdef
for round in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for which in $order; do
    jar=$A_JAR; [ "$which" = B ] && jar=$B_JAR
    redis-cli -p "$REDIS_PORT" flushall >/dev/null
    ROSTER_REDIS_URL=redis://127.0.0.1:$REDIS_PORT ROSTER_AUTH=dev ROSTER_NODE_ID=churn-$which \
      ROSTER_PORT=$NODE_PORT java -Xmx512m -jar "$jar" >"$OUT/node-$which-$round.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 150); do curl -sf "localhost:$NODE_PORT/health/ready" >/dev/null && break; sleep 0.2; done
    $BENCH churn --url "http://127.0.0.1:$NODE_PORT" --users 50 --duration 10s >/dev/null 2>&1
    # Redis's own share of the measured window: its CPU time before and after, and each command's count and time
    redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
    redis-cli -p "$REDIS_PORT" info cpu | tr -d '\r' >"$OUT/redis-cpu-before-$which-$round.txt"
    $BENCH churn --url "http://127.0.0.1:$NODE_PORT" --users 50 --duration 20s --server-pid "$pid" \
      --json "$OUT/churn-$which-$round.json" >"$OUT/churn-$which-$round.txt" 2>&1
    redis-cli -p "$REDIS_PORT" info cpu | tr -d '\r' >"$OUT/redis-cpu-after-$which-$round.txt"
    redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' >"$OUT/redis-commandstats-$which-$round.txt"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$which round $round: $(grep -E 'cycles per second|server CPU per cycle' "$OUT/churn-$which-$round.txt" \
      | tr -s ' ' | paste -sd ';')"
  done
  $BENCH floor-server --port "$NODE_PORT" --duration 10m >"$OUT/floor-$round.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do curl -sf "localhost:$NODE_PORT/health/ready" >/dev/null && break; sleep 0.2; done
  $BENCH churn --url "http://127.0.0.1:$NODE_PORT" --users 50 --duration 10s >/dev/null 2>&1
  $BENCH churn --url "http://127.0.0.1:$NODE_PORT" --users 50 --duration 20s --server-pid "$pid" \
    --json "$OUT/churn-floor-$round.json" >"$OUT/churn-floor-$round.txt" 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "floor round $round: $(grep -E 'cycles per second|server CPU per cycle' "$OUT/churn-floor-$round.txt" \
    | tr -s ' ' | paste -sd ';')"
done
