#!/usr/bin/env bash
# The Redis commands idle nodes send: one node, then two, each over a 20 s window after 12 s of settling, on a
# throwaway loopback redis-server; INFO commandstats of each window goes to RESULTS_DIR.
#   bench/scripts/idle-redis-commands.sh [RESULTS_DIR]
set -euo pipefail
OUT=${1:-bench/results/idle}; JAR=bootstrap/target/roster.jar
REDIS_PORT=${ROSTER_BENCH_REDIS_PORT:-16411}
[ "$REDIS_PORT" != 6379 ] || { echo "refusing port 6379: this script starts its own Redis" >&2; exit 2; }
mkdir -p "$OUT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --logfile "$OUT/redis.log"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true' EXIT
sleep 0.5
export ROSTER_REDIS_URL=redis://127.0.0.1:$REDIS_PORT ROSTER_AUTH=dev ROSTER_ADMIN_TOKEN=idle-redis-$$-0123456789abcdef
for n in 1 2; do
  ROSTER_NODE_ID=idle-$n ROSTER_PORT=$((18460 + n)) java -Xmx256m -jar "$JAR" >"$OUT/node-$n.log" 2>&1 &
  pids+=($!)
  sleep 12
  redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
  sleep 20
  redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | grep cmdstat >"$OUT/idle-commandstats-$n-nodes.txt"
  total=$(redis-cli -p "$REDIS_PORT" info stats | tr -d '\r' | sed -n 's/^total_commands_processed://p')
  echo "$n idle node(s): $total commands in 20 s (commands run inside scripts included)"
done
