#!/usr/bin/env bash
# A JFR recording (settings=profile) of nodes under one-op-at-a-time load or churn, on a throwaway loopback Redis:
#   bench/scripts/latency-profile.sh [JAR] [RESULTS_DIR] [latency|churn]
# (from the repository root, after ./mvnw -DskipTests package; defaults bootstrap/target/roster.jar,
#  bench/results/latency/profile, latency). latency: two nodes, op-latency at 200 ops/s, 10 s warm-up, 30 s recorded
# on both nodes (latency-node-a.jfr, latency-node-b.jfr); churn: one node, 50 users looping open -> welcome -> close,
# 10 s warm-up, 20 s recorded (churn-node.jfr). Read them with `jfr summary` and `jfr print --events ...`.
set -euo pipefail
SERVER_JAR=${1:-bootstrap/target/roster.jar}; RESULTS=${2:-bench/results/latency/profile}; WHAT=${3:-latency}
BENCH="java -jar bench/target/roster-bench.jar"
TOKEN=profile-$$-0123456789abcdef01
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18601}
die() { echo "latency-profile: $*" >&2; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/redis-lib.sh"
[ -f "$SERVER_JAR" ] && [ -f bench/target/roster-bench.jar ] || die "run from the repository root after ./mvnw -DskipTests package"
case $WHAT in latency|churn) ;; *) die "what to profile: latency or churn, not $WHAT" ;; esac
pick_redis_port
WORK=$(mktemp -d); REDIS_PID=; NODE_PIDS=(); NODE_URLS=()
mkdir -p "$RESULTS"
trap 'stop_nodes; stop_redis; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
start_redis
if [ "$WHAT" = latency ]; then
  start_nodes 2 profile
  urls="${NODE_URLS[0]},${NODE_URLS[1]}"
  $BENCH op-latency --url "$urls" --admin-token "$TOKEN" --duration 10s >/dev/null 2>&1 || true
  jcmd "${NODE_PIDS[0]}" JFR.start name=p settings=profile filename="$PWD/$RESULTS/latency-node-a.jfr" >/dev/null
  jcmd "${NODE_PIDS[1]}" JFR.start name=p settings=profile filename="$PWD/$RESULTS/latency-node-b.jfr" >/dev/null
  $BENCH op-latency --url "$urls" --admin-token "$TOKEN" --duration 30s --server-pid "${NODE_PIDS[0]}" \
    | grep -v '^\[' >"$RESULTS/latency-run.txt" || true
  jcmd "${NODE_PIDS[0]}" JFR.stop name=p >/dev/null
  jcmd "${NODE_PIDS[1]}" JFR.stop name=p >/dev/null
else
  start_nodes 1 profile
  $BENCH churn --url "${NODE_URLS[0]}" --admin-token "$TOKEN" --users 50 --duration 10s >/dev/null 2>&1 || true
  jcmd "${NODE_PIDS[0]}" JFR.start name=p settings=profile filename="$PWD/$RESULTS/churn-node.jfr" >/dev/null
  $BENCH churn --url "${NODE_URLS[0]}" --admin-token "$TOKEN" --users 50 --duration 20s \
    --server-pid "${NODE_PIDS[0]}" | grep -v '^\[' >"$RESULTS/churn-run.txt" || true
  jcmd "${NODE_PIDS[0]}" JFR.stop name=p >/dev/null
fi
echo "recorded in $RESULTS"
