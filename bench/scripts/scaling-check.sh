#!/usr/bin/env bash
# The scale model checked on this machine: a throwaway three-master Redis Cluster on loopback, three Roster nodes on
# it, and at once: idle connections spread over the nodes, churn spread over the nodes, and rooms of 100 (members
# spread over the nodes) one after another. Records, for an idle window and for the loaded one, each shard's Redis
# CPU and commands (INFO cpu, stats, commandstats), each node's CPU (/proc/<pid>/stat) and the generators' reports.
#   bench/scripts/scaling-check.sh [RESULTS_DIR]
# ROSTER_BENCH_QUICK=1 makes every phase a few seconds long: it checks the script and measures nothing.
set -euo pipefail
die() { echo "scaling-check: $*" >&2; exit 1; }
cd "$(dirname "$0")/../.."
for c in redis-server redis-cli curl jq python3 java; do command -v "$c" >/dev/null || die "$c is not installed"; done
RESULTS=${1:-bench/results/scaling/cluster-check}
SERVER_JAR=${ROSTER_SERVER_JAR:-bootstrap/target/roster.jar}
BENCH_JAR=bench/target/roster-bench.jar
[ -f "$SERVER_JAR" ] && [ -f "$BENCH_JAR" ] || die "build first: ./mvnw -q -DskipTests package"
IDLE=${ROSTER_BENCH_IDLE:-2000}; CHURN_USERS=${ROSTER_BENCH_CHURN_USERS:-30}; SECONDS_LOAD=30; ROOMS=4
[ -n "${ROSTER_BENCH_QUICK:-}" ] && { IDLE=300; CHURN_USERS=6; SECONDS_LOAD=4; ROOMS=1; }
mkdir -p "$RESULTS"
WORK=$(mktemp -d)
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18541}
TOKEN=scaling-check-$$-0123456789abcdef
REDIS_PID=; NODE_PIDS=(); NODE_URLS=(); SHARD_PIDS=(); SHARDS=(); BG=()
# shellcheck source=redis-lib.sh
. bench/scripts/redis-lib.sh
cleanup() {
  local pid
  for pid in "${BG[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_nodes
  for pid in "${SHARD_PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# three cluster-enabled redis-servers on free ports (and their bus ports, +10000) from 16450 up, made one cluster
p=16450
while [ ${#SHARDS[@]} -lt 3 ]; do
  [ "$p" -lt 16500 ] || die "no three free ports in 16450-16499 (with their bus ports) for the cluster"
  if ! port_busy "$p" && ! port_busy $((p + 10000)); then
    mkdir -p "$WORK/shard-$p"
    redis-server --port "$p" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK/shard-$p" \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
      >"$RESULTS/shard-$p.log" 2>&1 &
    SHARD_PIDS+=($!); SHARDS+=("$p")
  fi
  p=$((p + 1))
done
for p in "${SHARDS[@]}"; do
  for _ in $(seq 1 40); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.25; done
done
redis-cli --cluster create "${SHARDS[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >"$RESULTS/cluster-create.txt" 2>&1 \
  || die "redis-cli --cluster create failed, see $RESULTS/cluster-create.txt"
for _ in $(seq 1 60); do
  ok=0
  for p in "${SHARDS[@]}"; do redis-cli -p "$p" cluster info | grep -q cluster_state:ok && ok=$((ok + 1)); done
  [ "$ok" = 3 ] && break
  sleep 0.5
done
[ "$ok" = 3 ] || die "the cluster did not become ok"
SEEDS=$(printf '127.0.0.1:%s,' "${SHARDS[@]}"); SEEDS=${SEEDS%,}

for i in 1 2 3; do
  port=$((NODE_PORT + i - 1))
  port_busy "$port" && die "port $port is already in use; set ROSTER_BENCH_NODE_PORT"
  env "${CLEAR_ENV[@]}" ROSTER_PORT="$port" ROSTER_NODE_ID="node-$i" ROSTER_ADMIN_TOKEN="$TOKEN" ROSTER_AUTH=dev \
    ROSTER_REDIS_CLUSTER="$SEEDS" java -jar "$SERVER_JAR" >"$RESULTS/node-$i.log" 2>&1 &
  NODE_PIDS+=($!); NODE_URLS+=("http://127.0.0.1:$port")
done
for i in 0 1 2; do
  wait_ready "${NODE_PIDS[$i]}" "${NODE_URLS[$i]}" || die "node-$((i + 1)) did not become ready, see $RESULTS/node-$((i + 1)).log"
done
URLS=$(IFS=,; echo "${NODE_URLS[*]}")
BENCH=(java -jar "$BENCH_JAR")

# snapshot LABEL WHEN: every shard's INFO and every node's CPU ticks
snapshot() {
  local label=$1 when=$2 p i
  for p in "${SHARDS[@]}"; do
    redis-cli -p "$p" info cpu | tr -d '\r' >"$RESULTS/$label-shard-$p-cpu-$when.txt"
    if [ "$when" = after ]; then
      redis-cli -p "$p" info stats | tr -d '\r' >"$RESULTS/$label-shard-$p-stats.txt"
      redis-cli -p "$p" info commandstats | tr -d '\r' >"$RESULTS/$label-shard-$p-commandstats.txt"
    fi
  done
  for i in 0 1 2; do
    awk '{print $14 + $15}' "/proc/${NODE_PIDS[$i]}/stat" >"$RESULTS/$label-node-$((i + 1))-ticks-$when.txt"
  done
  date +%s.%N >"$RESULTS/$label-time-$when.txt"
  loadavg >"$RESULTS/$label-load-$when.txt"
}
begin() {
  local p
  for p in "${SHARDS[@]}"; do redis-cli -p "$p" config resetstat >/dev/null; done
  snapshot "$1" before
}

sleep 10
begin idle; sleep "$SECONDS_LOAD"; snapshot idle after
echo "idle window: load average $(cat "$RESULTS/idle-load-before.txt") -> $(cat "$RESULTS/idle-load-after.txt")"

# the idle connections, held through the loaded window
HOLD=$((SECONDS_LOAD * 3 + 120))
"${BENCH[@]}" idle --url "$URLS" --admin-token "$TOKEN" --connections "$IDLE" --duration "${HOLD}s" --timeout 60s \
  --json "$RESULTS/idle.json" >"$RESULTS/idle.txt" 2>&1 &
BG+=($!); IDLE_PID=$!
online=0
for _ in $(seq 1 480); do
  online=$(curl -sf -H "Authorization: Bearer $TOKEN" "${NODE_URLS[0]}/api/online/count" | jq -r '.count // 0' || echo 0)
  [ "$online" -ge "$IDLE" ] && break
  kill -0 "$IDLE_PID" 2>/dev/null || die "the idle generator ended early (connections refused or timed out on a machine this busy?), see $RESULTS/idle.txt"
  sleep 0.5
done
[ "$online" -ge "$IDLE" ] || die "only $online of $IDLE idle connections online after 240 s"
echo "$online idle connections online"
sleep 5

begin load
"${BENCH[@]}" churn --url "$URLS" --admin-token "$TOKEN" --users "$CHURN_USERS" --duration "${SECONDS_LOAD}s" --timeout 60s \
  --json "$RESULTS/churn.json" >"$RESULTS/churn.txt" 2>&1 &
BG+=($!); CHURN_PID=$!
started=$(date +%s)
r=0
while [ "$r" -lt "$ROOMS" ] && [ $(( $(date +%s) - started )) -lt "$SECONDS_LOAD" ]; do
  r=$((r + 1))
  "${BENCH[@]}" fanout --url "$URLS" --admin-token "$TOKEN" --members 100 --messages 20 --timeout 60s \
    --json "$RESULTS/rooms100-$r.json" >"$RESULTS/rooms100-$r.txt" 2>&1 || echo "room $r: fanout reported a failure (its truth check also counts the other generators' users), see $RESULTS/rooms100-$r.txt"
done
echo "$r" >"$RESULTS/rooms100-count.txt"
wait "$CHURN_PID" || echo "churn reported a failure (its truth check also counts the other generators' users), see $RESULTS/churn.txt"
snapshot load after
echo "loaded window: load average $(cat "$RESULTS/load-load-before.txt") -> $(cat "$RESULTS/load-load-after.txt")"
kill "$IDLE_PID" 2>/dev/null || true
# which shard holds the event log's slot (every other one answers MOVED)
for p in "${SHARDS[@]}"; do
  case $(redis-cli -p "$p" exists 'roster:{events}:log' 2>&1) in
    0|1) echo "$p" >"$RESULTS/log-shard.txt" ;;
  esac
done

python3 - "$RESULTS" "${SHARDS[*]}" "$IDLE" <<'EOF' | tee "$RESULTS/summary.md"
import json, sys, os
res, shards, idle_n = sys.argv[1], sys.argv[2].split(), int(sys.argv[3])
tick = os.sysconf('SC_CLK_TCK')
def kv(path):
    d = {}
    for line in open(path):
        if ':' in line and not line.startswith('#'):
            k, v = line.strip().split(':', 1)
            d[k] = v
    return d
def num(path):
    return float(open(path).read().strip())
def window(label):
    secs = num(f"{res}/{label}-time-after.txt") - num(f"{res}/{label}-time-before.txt")
    out = {'secs': secs, 'load': (open(f"{res}/{label}-load-before.txt").read().strip(),
                                  open(f"{res}/{label}-load-after.txt").read().strip()), 'shards': {}, 'nodes': {}}
    for p in shards:
        b, a = kv(f"{res}/{label}-shard-{p}-cpu-before.txt"), kv(f"{res}/{label}-shard-{p}-cpu-after.txt")
        cpu = sum(float(a[k]) - float(b[k]) for k in ('used_cpu_sys', 'used_cpu_user'))
        s = kv(f"{res}/{label}-shard-{p}-stats.txt")
        evalsha = 0
        for k, v in kv(f"{res}/{label}-shard-{p}-commandstats.txt").items():
            if k in ('cmdstat_evalsha', 'cmdstat_eval'):
                evalsha += int(dict(x.split('=') for x in v.split(','))['calls'])
        out['shards'][p] = {'cpu': cpu, 'cmds': int(s['total_commands_processed']), 'evalsha': evalsha,
                            'in': int(s['total_net_input_bytes']), 'out': int(s['total_net_output_bytes'])}
    for i in (1, 2, 3):
        t = num(f"{res}/{label}-node-{i}-ticks-after.txt") - num(f"{res}/{label}-node-{i}-ticks-before.txt")
        out['nodes'][i] = t / tick
    return out
def fig(path, name, default=None):
    try:
        return json.load(open(path))['figures'][name]['value']
    except (OSError, KeyError):
        return default
idle, load = window('idle'), window('load')
cycles = fig(f"{res}/churn.json", 'cycles', 0)
rooms = int(open(f"{res}/rooms100-count.txt").read().strip())
frames = sum(fig(f"{res}/rooms100-{r}.json", 'frames during joins', 0) for r in range(1, rooms + 1))
delivered = sum(fig(f"{res}/rooms100-{r}.json", 'messages delivered', 0) for r in range(1, rooms + 1))
print(f"Window: {load['secs']:.1f} s loaded (load average {load['load'][0]} → {load['load'][1]}), "
      f"{idle['secs']:.1f} s idle before (load average {idle['load'][0]} → {idle['load'][1]}).")
print(f"Load: {idle_n:,} idle connections held; churn {cycles:,.0f} cycles ({cycles / load['secs']:.0f}/s); "
      f"{rooms} rooms of 100 (100 opens, joins, closes each; {frames:,.0f} frames during the joins, {delivered:,.0f} messages delivered).")
print()
log_shard = open(f"{res}/log-shard.txt").read().strip() if os.path.exists(f"{res}/log-shard.txt") else "?"
print(f"The event log's slot is on the shard on port {log_shard}.")
print()
print("| shard | idle: Redis CPU | idle: commands/s | loaded: Redis CPU | loaded: commands/s | loaded: EVALSHA/s | loaded: in | loaded: out |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
tot = {'cpu': 0, 'cmds': 0, 'evalsha': 0}
for p in shards:
    i, l = idle['shards'][p], load['shards'][p]
    for k in tot:
        tot[k] += l[k] - i[k] / idle['secs'] * load['secs']
    print(f"| {p} | {100 * i['cpu'] / idle['secs']:.1f} % | {i['cmds'] / idle['secs']:.0f} | "
          f"{100 * l['cpu'] / load['secs']:.1f} % | {l['cmds'] / load['secs']:.0f} | {l['evalsha'] / load['secs']:.0f} | "
          f"{l['in'] / load['secs'] / 1e3:.0f} kB/s | {l['out'] / load['secs'] / 1e3:.0f} kB/s |")
print()
print("| node | idle: CPU | loaded: CPU |")
print("| --- | --- | --- |")
for n in (1, 2, 3):
    print(f"| node-{n} | {100 * idle['nodes'][n] / idle['secs']:.1f} % | {100 * load['nodes'][n] / load['secs']:.1f} % |")
print()
if cycles:
    ops = cycles + rooms * 100
    print(f"Above the idle rate, over all shards: {tot['cpu'] * 1e6 / ops:.1f} µs of Redis CPU, {tot['cmds'] / ops:.1f} commands "
          f"and {tot['evalsha'] / ops:.2f} EVALSHA per churn cycle or room member ({ops:,.0f} of them).")
EOF
