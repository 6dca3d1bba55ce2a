#!/usr/bin/env bash
# The Redis commands idle nodes send, on a standalone Redis and on a 3-master Redis Cluster, for each build given,
# alternating the builds round by round: one idle node, then two, each counted over a 20 s window after 12 s of
# settling. Every Redis (and every cluster master) is a throwaway loopback redis-server this script starts.
#   bench/scripts/idle-redis-ab.sh RESULTS_DIR [LABEL=JAR ...]     # default: current=bootstrap/target/roster.jar
#   ROSTER_BENCH_ROUNDS=2 (rounds of every build), ROSTER_BENCH_WINDOW_S=20, ROSTER_BENCH_SETTLE_S=12,
#   ROSTER_BENCH_READY_S=180 (how long a node may take to start)
# Counts, per window: MONITOR lines of each server (what the nodes send, one round trip each, split by command; the
# lines of commands run inside scripts are counted apart) and INFO commandstats (every command Redis executed).
# Results: RESULTS_DIR/<label>-<standalone|cluster>-r<round>-<n>nodes.{monitor-summary,commandstats}.txt and
# RESULTS_DIR/summary.txt (one line per window, with the load average).
set -euo pipefail
die() { echo "idle-redis-ab: $*" >&2; exit 1; }
[ $# -ge 1 ] || die "usage: $0 RESULTS_DIR [LABEL=JAR ...]"
RESULTS=$1; shift
JARS=("$@"); [ ${#JARS[@]} -gt 0 ] || JARS=("current=bootstrap/target/roster.jar")
ROUNDS=${ROSTER_BENCH_ROUNDS:-2}; WINDOW=${ROSTER_BENCH_WINDOW_S:-20}; SETTLE=${ROSTER_BENCH_SETTLE_S:-12}
mkdir -p "$RESULTS"; RESULTS=$(cd "$RESULTS" && pwd)
WORK=$(mktemp -d /tmp/roster-idle-ab.XXXXXX)
# shellcheck source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
for spec in "${JARS[@]}"; do [ -f "${spec#*=}" ] || die "no jar ${spec#*=}"; done
# a node on a loaded machine may take longer to start: ROSTER_BENCH_READY_S (180 here) for redis-lib's wait_ready
export ROSTER_BENCH_READY_S=${ROSTER_BENCH_READY_S:-180}
TOKEN=idle-ab-$$-0123456789abcdef
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18470}
REDIS_PID=; NODE_PIDS=(); NODE_URLS=(); CLUSTER_PIDS=(); CLUSTER_PORTS=()

stop_cluster() {
  local pid
  for pid in "${CLUSTER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${CLUSTER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  CLUSTER_PIDS=(); CLUSTER_PORTS=()
}
cleanup() { stop_nodes; stop_redis; stop_cluster; rm -rf "$WORK"; }
trap cleanup EXIT

# three cluster-enabled masters on free loopback ports (the bus port is the port + 10000), made one cluster
start_cluster() {
  local p dir
  for p in $(seq 16440 16469); do
    [ ${#CLUSTER_PORTS[@]} -lt 3 ] || break
    if ! port_busy "$p" && ! port_busy $((p + 10000)); then CLUSTER_PORTS+=("$p"); fi
  done
  [ ${#CLUSTER_PORTS[@]} -eq 3 ] || die "no three free ports in 16440-16469 for the cluster"
  for p in "${CLUSTER_PORTS[@]}"; do
    dir=$WORK/cluster-$p; mkdir -p "$dir"
    redis-server --port "$p" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" --cluster-enabled yes \
      --cluster-config-file nodes.conf --cluster-node-timeout 2000 >"$RESULTS/cluster-$p.log" 2>&1 &
    CLUSTER_PIDS+=($!)
  done
  for p in "${CLUSTER_PORTS[@]}"; do
    for _ in $(seq 1 40); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.25; done
  done
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${CLUSTER_PORTS[@]}") --cluster-replicas 0 --cluster-yes \
    >"$RESULTS/cluster-create.log" 2>&1 || die "redis-cli --cluster create failed, see $RESULTS/cluster-create.log"
  for _ in $(seq 1 60); do
    if redis-cli -p "${CLUSTER_PORTS[0]}" cluster info | tr -d '\r' | grep -q '^cluster_state:ok'; then return 0; fi
    sleep 0.5
  done
  die "the cluster did not become ok"
}

flush_cluster() { local p; for p in "${CLUSTER_PORTS[@]}"; do redis-cli -p "$p" flushall >/dev/null; done; }

# start_cluster_nodes COUNT JAR LABEL: like start_nodes, on the cluster
start_cluster_nodes() {
  local count=$1 jar=$2 label=$3 i port seeds
  stop_nodes; flush_cluster
  seeds=$(printf '127.0.0.1:%s,' "${CLUSTER_PORTS[@]}"); seeds=${seeds%,}
  for i in $(seq 1 "$count"); do
    port=$((NODE_PORT + i - 1))
    if port_busy "$port"; then die "port $port is already in use; set ROSTER_BENCH_NODE_PORT"; fi
    env "${CLEAR_ENV[@]}" ROSTER_PORT="$port" ROSTER_NODE_ID="node-$i" ROSTER_ADMIN_TOKEN="$TOKEN" ROSTER_AUTH=dev \
      ROSTER_REDIS_CLUSTER="$seeds" java -Xmx256m -jar "$jar" >"$RESULTS/$label-${count}nodes-node-$i.log" 2>&1 &
    NODE_PIDS+=($!); NODE_URLS+=("http://127.0.0.1:$port")
  done
  for i in $(seq 0 $((count - 1))); do
    wait_ready "${NODE_PIDS[$i]}" "${NODE_URLS[$i]}" || die "node-$((i + 1)) did not become ready, see $RESULTS"
  done
}

# count_window NAME PORT...: MONITOR and commandstats of these servers over one window
count_window() {
  local name=$1 p mon=() sent inner total=0 load
  shift
  for p in "$@"; do redis-cli -p "$p" config resetstat >/dev/null; done
  for p in "$@"; do
    timeout "$WINDOW" redis-cli -p "$p" monitor >"$WORK/monitor-$p.txt" 2>/dev/null &
    mon+=($!)
  done
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  for p in "${mon[@]}"; do wait "$p" 2>/dev/null || true; done
  : >"$RESULTS/$name.commandstats.txt"
  for p in "$@"; do
    redis-cli -p "$p" info commandstats | tr -d '\r' | grep cmdstat | sed "s/^/$p /" >>"$RESULTS/$name.commandstats.txt"
    total=$((total + $(redis-cli -p "$p" info stats | tr -d '\r' | sed -n 's/^total_commands_processed://p')))
  done
  # a MONITOR line: <time> [<db> <client or "lua">] "<command>" ...; the first line of each is its "OK"
  cat "$WORK"/monitor-*.txt | grep '^[0-9]' >"$WORK/lines.txt" || true
  sent=$(grep -vc ' lua\] ' "$WORK/lines.txt" || true)
  inner=$(grep -c ' lua\] ' "$WORK/lines.txt" || true)
  { echo "# sent by the nodes, by command (one round trip each), over ${WINDOW} s"
    grep -v ' lua\] ' "$WORK/lines.txt" | awk '{print toupper($4)}' | tr -d '"' | sort | uniq -c | sort -rn
    echo "# run inside scripts, by command"
    grep ' lua\] ' "$WORK/lines.txt" | awk '{print toupper($4)}' | tr -d '"' | sort | uniq -c | sort -rn
  } >"$RESULTS/$name.monitor-summary.txt"
  rm -f "$WORK"/monitor-*.txt
  printf '%-34s sent %6d (%6.1f/s)  inside scripts %6d  executed %6d (%6.1f/s)  load %s\n' "$name" "$sent" \
    "$(echo "$sent / $WINDOW" | bc -l)" "$inner" "$total" "$(echo "$total / $WINDOW" | bc -l)" "$load" \
    | tee -a "$RESULTS/summary.txt"
}

pick_redis_port
echo "# $(date -u +%FT%TZ) $REDIS_VERSION; window ${WINDOW} s after ${SETTLE} s; builds: ${JARS[*]}" \
  | tee -a "$RESULTS/summary.txt"
start_redis
start_cluster
for round in $(seq 1 "$ROUNDS"); do
  order=("${JARS[@]}")
  # every other round runs the builds in the reverse order
  if [ $((round % 2)) -eq 0 ]; then
    order=(); for ((i = ${#JARS[@]} - 1; i >= 0; i--)); do order+=("${JARS[$i]}"); done
  fi
  for spec in "${order[@]}"; do
    label=${spec%%=*}; SERVER_JAR=${spec#*=}
    for n in 1 2; do
      start_nodes "$n" "$label-standalone-r$round" && sleep "$SETTLE"
      count_window "$label-standalone-r$round-${n}nodes" "$REDIS_PORT"
      start_cluster_nodes "$n" "$SERVER_JAR" "$label-cluster-r$round" && sleep "$SETTLE"
      count_window "$label-cluster-r$round-${n}nodes" "${CLUSTER_PORTS[@]}"
    done
  done
done
stop_nodes
