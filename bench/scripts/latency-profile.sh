#!/usr/bin/env bash
# async-profiler profiles of a server under one-op-at-a-time load or churn:
#   bench/scripts/latency-profile.sh [JAR] [RESULTS_DIR] [WHAT]
# (from the repository root, after ./mvnw -DskipTests package; defaults bootstrap/target/roster.jar,
#  bench/results/latency/profile, latency). WHAT is one of
#   latency         two Roster nodes on a throwaway loopback Redis, op-latency at 200 ops/s
#   latency-embedded one Roster node on the embedded default, op-latency at 200 ops/s
#   churn           one Roster node on Redis, 50 users looping open -> welcome -> close
#   churn-embedded  the same on the embedded default
#   floor-latency, floor-churn   the same loads against bench's floor-server (a do-nothing WebSocket server on
#                   Roster's Jetty), for what the client, loopback and Jetty cost by themselves
# Each run: the load unrecorded (warm-up; for op-latency 30 s of its cycles back to back), then three runs of 20 s with the first server profiled: CPU time
# (event=cpu, per thread: where the cores go, with the scenario's report), CPU time again drawn as a flame graph, and
# wall clock (event=wall, per thread: where each thread spends its time, running or waiting).
# Writes WHAT-wall.collapsed.gz (threads merged by group), WHAT-cpu.html (the flame graph of the CPU stacks),
# WHAT-run.txt
# (the scenario's report) and WHAT-summary.txt (profile-summary.sh of both). async-profiler comes from Maven Central
# (tools.profiler:async-profiler, into bench/target/profiler) and is loaded into the running server with jcmd.
set -euo pipefail
SERVER_JAR=${1:-bootstrap/target/roster.jar}; RESULTS=${2:-bench/results/latency/profile}; WHAT=${3:-latency}
PROFILER_VERSION=4.2
BENCH="java -jar bench/target/roster-bench.jar"
TOKEN=profile-$$-0123456789abcdef01
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18601}
SCRIPTS=$(dirname "${BASH_SOURCE[0]}")
die() { echo "latency-profile: $*" >&2; exit 1; }
. "$SCRIPTS/redis-lib.sh"
[ -f "$SERVER_JAR" ] && [ -f bench/target/roster-bench.jar ] || die "run from the repository root after ./mvnw -DskipTests package"
case $WHAT in latency|latency-embedded|churn|churn-embedded|floor-latency|floor-churn) ;;
  *) die "what to profile: latency, latency-embedded, churn, churn-embedded, floor-latency or floor-churn, not $WHAT" ;;
esac

LIB=bench/target/profiler/linux-x64/libasyncProfiler.so
if [ ! -f "$LIB" ]; then
  ./mvnw -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=tools.profiler:async-profiler:$PROFILER_VERSION -DoutputDirectory=bench/target/profiler \
    || die "could not fetch tools.profiler:async-profiler:$PROFILER_VERSION"
  (cd bench/target/profiler && jar xf "async-profiler-$PROFILER_VERSION.jar" linux-x64/libasyncProfiler.so)
fi
LIB=$PWD/$LIB

pick_redis_port
WORK=$(mktemp -d); REDIS_PID=; NODE_PIDS=(); NODE_URLS=()
mkdir -p "$RESULTS"
OUT=$(cd "$RESULTS" && pwd)
trap 'stop_nodes; stop_redis; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# profiler PID COMMAND: async-profiler's agent, loaded into (or told to act in) the running JVM; the options are one
# argument, quoted so that jcmd does not read them as its own name=value pairs
profiler() { jcmd "$1" JVMTI.agent_load "$LIB" "\"$2\"" >/dev/null; }

start_single() {
  stop_nodes
  env "${CLEAR_ENV[@]}" ROSTER_PORT="$NODE_PORT" ROSTER_NODE_ID=node-1 ROSTER_ADMIN_TOKEN="$TOKEN" ROSTER_AUTH=dev \
    "$@" >"$RESULTS/$WHAT-server.log" 2>&1 &
  NODE_PIDS+=($!)
  NODE_URLS+=("http://127.0.0.1:$NODE_PORT")
  wait_ready "${NODE_PIDS[0]}" "${NODE_URLS[0]}" || die "the server did not become ready, see $RESULTS/$WHAT-server.log"
}

case $WHAT in
  latency) start_redis; start_nodes 2 "$WHAT" ;;
  churn) start_redis; start_nodes 1 "$WHAT" ;;
  latency-embedded|churn-embedded) start_single java -jar "$SERVER_JAR" ;;
  floor-*) start_single java -jar bench/target/roster-bench.jar floor-server --port "$NODE_PORT" --duration 10m ;;
esac
urls=$(IFS=,; echo "${NODE_URLS[*]}")
load() {
  case $WHAT in
    *latency*) $BENCH op-latency --url "$urls" --admin-token "$TOKEN" --duration 20s --warmup 10s "$@" ;;
    *) $BENCH churn --url "${NODE_URLS[0]}" --admin-token "$TOKEN" --users 50 --duration 20s "$@" ;;
  esac
}
# warm: the server's code compiled before anything is recorded (at 200 ops/s alone, C2 still compiles after minutes)
case $WHAT in
  *latency*) $BENCH op-latency --url "$urls" --admin-token "$TOKEN" --duration 1s --warmup 30s >/dev/null 2>&1 || true ;;
  *) load >/dev/null 2>&1 || true ;;
esac
pid=${NODE_PIDS[0]}
# CPU time first, with the scenario's own report; then the same load again under the wall-clock profiler
profiler "$pid" "start,event=cpu,interval=200us,threads"
load --server-pid "$pid" | grep -v '^\[' >"$RESULTS/$WHAT-run.txt" || true
profiler "$pid" "stop,file=$OUT/$WHAT-cpu.collapsed,collapsed"
profiler "$pid" "start,event=cpu,interval=200us"
load >/dev/null 2>&1 || true
profiler "$pid" "stop,file=$OUT/$WHAT-cpu.html,flamegraph"
profiler "$pid" "start,event=wall,interval=1ms,threads"
load >/dev/null 2>&1 || true
profiler "$pid" "stop,file=$OUT/$WHAT-wall.collapsed,collapsed"
bash "$SCRIPTS/profile-summary.sh" "$RESULTS/$WHAT-cpu.collapsed" "$RESULTS/$WHAT-wall.collapsed" \
  >"$RESULTS/$WHAT-summary.txt"
# kept small: the CPU stacks (tens of MB) are in the flame graph and the summary; the wall-clock stacks have each
# thread's merged into its group's ("roster-http-#", the per-thread split is in the summary), then compressed
rm "$RESULTS/$WHAT-cpu.collapsed"
bash "$SCRIPTS/profile-summary.sh" --merge-threads "$RESULTS/$WHAT-wall.collapsed" | gzip -9 \
  >"$RESULTS/$WHAT-wall.collapsed.gz"
rm "$RESULTS/$WHAT-wall.collapsed"
echo "recorded in $RESULTS ($WHAT-*)"
