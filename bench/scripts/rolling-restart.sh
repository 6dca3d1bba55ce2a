#!/usr/bin/env bash
# A rolling restart of one of two Roster nodes sharing one throwaway loopback Redis: the bench's `rolling-restart`
# scenario opens N users on each node, then has this script stop node A with SIGTERM and start it again on its port
# while A's clients reconnect with jittered exponential backoff to either node. Each round reports the users announced
# offline (any whose client came back within ROSTER_GRACE_MS fails the round), each client's gap from the close it
# heard to its new welcome (p50/p99/max), the time from SIGTERM until every client is back, the reconnect attempts,
# and the truth on both nodes at the end. Every round starts on fresh nodes (Redis emptied first). Every result .txt
# starts with the nodes, the Redis version, the settings and the load average; A's stop is logged after the run,
# with its exit code (143: stopped by SIGTERM).
#
# usage: bench/scripts/rolling-restart.sh [results-dir]  (from the repository root, after ./mvnw -DskipTests package;
#                                                        default results-dir: bench/results/rolling)
#        ROSTER_BENCH_QUICK=1 bench/scripts/rolling-restart.sh bench/target/rolling-smoke   200 users a node, one
#                                                        round: checks that the script works, measures nothing
#        ROSTER_BENCH_USERS=5000            users on each node (default: 5000)
#        ROSTER_BENCH_ROUNDS=3              rounds (default: 3)
#        ROSTER_BENCH_GRACE_MS=3000         the nodes' ROSTER_GRACE_MS (default: 3000, the nodes' own default)
#        ROSTER_BENCH_TIMEOUT=30s           longest wait for one connection's welcome (default: 30s; a loaded machine
#                                           takes seconds)
#        ROSTER_BENCH_BASELINE_JAR=path     a second roster.jar (built from another commit): rounds alternate between
#                                           it (odd rounds, "base") and bootstrap/target/roster.jar ("this")
#        ROSTER_BENCH_REDIS_PORT=16395 ...  the redis-server's port (default: the first free one of 16390-16399; the
#                                           script never uses a Redis it did not start)
#        ROSTER_BENCH_NODE_PORT=18581 ...   node A's port; node B takes the next one
set -euo pipefail

RESULTS=${1:-bench/results/rolling}
TOKEN=bench-$$-0123456789abcdef01
BENCH="java -jar bench/target/roster-bench.jar"
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18581}
GRACE_MS=${ROSTER_BENCH_GRACE_MS:-3000}
TIMEOUT=${ROSTER_BENCH_TIMEOUT:-30s}
if [ "${ROSTER_BENCH_QUICK:-0}" = 1 ]; then
  USERS=${ROSTER_BENCH_USERS:-200}; ROUNDS=${ROSTER_BENCH_ROUNDS:-1}
else
  USERS=${ROSTER_BENCH_USERS:-5000}; ROUNDS=${ROSTER_BENCH_ROUNDS:-3}
fi

die() { echo "rolling-restart: $*" >&2; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/redis-lib.sh"


for jar in bootstrap/target/roster.jar bench/target/roster-bench.jar; do
  [ -f "$jar" ] || die "$jar is missing: run from the repository root after ./mvnw -DskipTests package"
done
for c in redis-server redis-cli curl; do command -v "$c" >/dev/null || die "$c is not installed"; done
case $USERS in ''|*[!0-9]*) die "ROSTER_BENCH_USERS must be a number" ;; esac
case $ROUNDS in ''|*[!0-9]*) die "ROSTER_BENCH_ROUNDS must be a number" ;; esac
case $GRACE_MS in ''|*[!0-9]*) die "ROSTER_BENCH_GRACE_MS must be a number of milliseconds" ;; esac
if [ -n "${ROSTER_BENCH_BASELINE_JAR:-}" ] && [ ! -f "$ROSTER_BENCH_BASELINE_JAR" ]; then
  die "ROSTER_BENCH_BASELINE_JAR=$ROSTER_BENCH_BASELINE_JAR is missing"
fi

pick_redis_port

# the nodes run from copies under their own names, so that nothing that stops roster.jar processes by name stops them
WORK=$(mktemp -d)
cp bootstrap/target/roster.jar "$WORK/roster-this.jar"
[ -z "${ROSTER_BENCH_BASELINE_JAR:-}" ] || cp "$ROSTER_BENCH_BASELINE_JAR" "$WORK/roster-base.jar"
REDIS_PID=
NODE_PIDS=()
NODE_URLS=()
FAILED=()

mkdir -p "$RESULTS"

cleanup() {
  # node A started again by the restart command is not this shell's child: its pid is in a file
  if [ -f "$WORK/node-a.pid" ]; then stop_pid "$(cat "$WORK/node-a.pid")"; fi
  stop_nodes
  stop_redis
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# write_restart LABEL: the restart command the scenario runs: SIGTERM to node A (pid in $WORK/node-a.pid), at most
# 60 s to exit, then A started again on its port with the same settings, and at most 120 s to get ready
write_restart() {
  local label=$1 log="$RESULTS/$1-node-1-restarted.log"
  {
    echo '#!/usr/bin/env bash'
    echo 'set -euo pipefail'
    printf 'pid=$(cat %q)\n' "$WORK/node-a.pid"
    echo 'start=$(date +%s%N)'
    echo 'kill -TERM "$pid"'
    echo 'for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done'
    echo 'if kill -0 "$pid" 2>/dev/null; then echo "restart: node A did not exit within 60 s" >&2; exit 1; fi'
    echo 'exited=$(date +%s%N)'
    printf 'env %s ROSTER_PORT=%q ROSTER_NODE_ID=node-1 ROSTER_ADMIN_TOKEN=%q ROSTER_AUTH=dev ROSTER_REDIS_URL=%q ' \
      "${CLEAR_ENV[*]}" "$NODE_PORT" "$TOKEN" "$REDIS_URL"
    printf 'ROSTER_GRACE_MS=%q java -jar %q >%q 2>&1 &\n' "$GRACE_MS" "$SERVER_JAR" "$log"
    printf 'echo $! >%q\n' "$WORK/node-a.pid"
    echo 'ready=0'
    echo 'for _ in $(seq 1 1200); do'
    printf '  if curl -sf -o /dev/null %q; then ready=1; break; fi\n' "http://127.0.0.1:$NODE_PORT/health/ready"
    echo '  sleep 0.1'
    echo 'done'
    echo 'if [ "$ready" != 1 ]; then echo "restart: node A was not ready again within 120 s" >&2; exit 1; fi'
    echo 'ready=$(date +%s%N)'
    echo 'echo "restart: node A exited $(( (exited - start) / 1000000 )) ms after SIGTERM, ready again after $(( (ready - start) / 1000000 )) ms"'
  } >"$WORK/restart-a.sh"
  chmod +x "$WORK/restart-a.sh"
}

urls() { local IFS=,; echo "${NODE_URLS[*]}"; }

# round NAME JAR: fresh nodes on JAR, one measured run, recorded in NAME.txt and NAME.json
round() {
  local name=$1 jar=$2 code
  SERVER_JAR=$jar
  start_nodes 2 "$name" ROSTER_GRACE_MS="$GRACE_MS"
  echo "${NODE_PIDS[0]}" >"$WORK/node-a.pid"
  write_restart "$name"
  {
    echo "# nodes: A ${NODE_URLS[0]} (restarted), B ${NODE_URLS[1]}, both on one Redis at $REDIS_URL; jar: $(basename "$jar")"
    echo "# redis: $REDIS_VERSION"
    echo "# settings: ROSTER_GRACE_MS=$GRACE_MS, others at their defaults; $USERS users on each node"
    echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "### $BENCH rolling-restart --users $USERS --grace ${GRACE_MS}ms --timeout $TIMEOUT --url $(urls) --admin-token \$TOKEN --restart-command restart-a.sh --json $RESULTS/$name.json"
  } | tee "$RESULTS/$name.txt"
  if ! $BENCH rolling-restart --users "$USERS" --grace "${GRACE_MS}ms" --timeout "$TIMEOUT" --url "$(urls)" --admin-token "$TOKEN" \
      --restart-command "$WORK/restart-a.sh" --json "$RESULTS/$name.json" 2>&1 | grep -v '^\[' | tee -a "$RESULTS/$name.txt"; then
    echo "(exit code above 0: the run failed)" | tee -a "$RESULTS/$name.txt"
    FAILED+=("$name")
  fi
  # the first A is this shell's child: its exit code says how it stopped (a run that failed before its restart
  # left it running)
  code=0
  if kill -0 "${NODE_PIDS[0]}" 2>/dev/null; then
    code="none (never stopped: the run ended before its restart)"
  else
    wait "${NODE_PIDS[0]}" 2>/dev/null || code=$?
  fi
  {
    echo "# node A's first run exited with $code (143: stopped by SIGTERM); its stop, as it logged it:"
    grep -E "stopping|stopped|still pending|did not hand over" "$RESULTS/$name-2nodes-node-1.log" | sed 's/^/#   /' || true
    echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee -a "$RESULTS/$name.txt"
  [ "$code" = 143 ] || FAILED+=("$name (A exited with $code)")
  [ "$(cat "$WORK/node-a.pid")" = "${NODE_PIDS[0]}" ] || NODE_PIDS+=("$(cat "$WORK/node-a.pid")")
  rm -f "$WORK/node-a.pid"
  stop_nodes
}

start_redis
for r in $(seq 1 "$ROUNDS"); do
  if [ -n "${ROSTER_BENCH_BASELINE_JAR:-}" ] && [ $((r % 2)) = 1 ]; then
    round "rolling-$USERS-base-$r" "$WORK/roster-base.jar"
  else
    round "rolling-$USERS-this-$r" "$WORK/roster-this.jar"
  fi
done

if [ ${#FAILED[@]} -gt 0 ]; then
  echo "failed runs: ${FAILED[*]}" >&2
  exit 1
fi
echo "all runs passed; results in $RESULTS"
