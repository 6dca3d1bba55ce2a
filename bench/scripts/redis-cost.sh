#!/usr/bin/env bash
# What each operation costs Redis, per operation: commands executed (those a node sends and those its scripts run
# inside Redis), bytes in and out, Redis CPU (INFO cpu) and the time Redis reports for the commands (INFO
# commandstats usec). One node on a throwaway loopback redis-server; each window is measured after CONFIG RESETSTAT,
# and an idle window first gives the node's own background rate, taken off every window in proportion to its length.
#   bench/scripts/redis-cost.sh [RESULTS_DIR]
# Windows: idle (20 s); churn (50 virtual users open -> welcome -> close, 20 s: reconnects inside the grace period);
# joins and leaves of rooms of one (the webhook scenario without a receiver, 500 a second, 20 s); rooms of 100
# (fanout --members 100 --messages 1, five fresh rooms one after the other: each member opens, joins, closes, and
# its grace period runs out). Writes summary.md (the table) and the raw INFO of every window to RESULTS_DIR.
set -euo pipefail
die() { echo "redis-cost: $*" >&2; exit 1; }
cd "$(dirname "$0")/../.."
for c in redis-server redis-cli curl jq python3 java; do command -v "$c" >/dev/null || die "$c is not installed"; done
RESULTS=${1:-bench/results/scaling/redis-cost}
SERVER_JAR=${ROSTER_SERVER_JAR:-bootstrap/target/roster.jar}
BENCH_JAR=bench/target/roster-bench.jar
[ -f "$SERVER_JAR" ] && [ -f "$BENCH_JAR" ] || die "build first: ./mvnw -q -DskipTests package"
QUICK=${ROSTER_BENCH_QUICK:-}
SECONDS_EACH=20; FANOUT_ROOMS=5
[ -n "$QUICK" ] && { SECONDS_EACH=3; FANOUT_ROOMS=1; }
mkdir -p "$RESULTS"
WORK=$(mktemp -d)
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18531}
TOKEN=redis-cost-$$-0123456789abcdef
REDIS_PID=; NODE_PIDS=(); NODE_URLS=()
# shellcheck source=redis-lib.sh
. bench/scripts/redis-lib.sh
cleanup() { stop_nodes; stop_redis; rm -rf "$WORK"; }
trap cleanup EXIT
pick_redis_port
start_redis
start_nodes 1 cost
BENCH=(java -jar "$BENCH_JAR")
URL=${NODE_URLS[0]}
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# window LABEL OPS_SOURCE COMMAND...: runs COMMAND between two snapshots of Redis's counters
window() {
  local label=$1; shift
  redis config resetstat >/dev/null
  redis info cpu | tr -d '\r' >"$RESULTS/$label-cpu-before.txt"
  local t0 load0; t0=$(date +%s.%N); load0=$(loadavg)
  "$@" || echo "$label: the generator reported a failure (see $RESULTS/$label*.txt); this window is left out"
  local t1; t1=$(date +%s.%N)
  redis info cpu | tr -d '\r' >"$RESULTS/$label-cpu-after.txt"
  redis info stats | tr -d '\r' >"$RESULTS/$label-stats.txt"
  redis info commandstats | tr -d '\r' >"$RESULTS/$label-commandstats.txt"
  printf '%s %s %s %s %s\n' "$label" "$t0" "$t1" "$load0" "$(loadavg)" >>"$RESULTS/windows.txt"
  echo "$label: $(awk '{printf "%.1f s", $3 - $2}' <(tail -1 "$RESULTS/windows.txt")), load average $load0 -> $(loadavg)"
}

: >"$RESULTS/windows.txt"
sleep 5
window idle sleep "$SECONDS_EACH"
# warm-ups, unrecorded
"${BENCH[@]}" churn --url "$URL" --admin-token "$TOKEN" --users 50 --duration 5s >/dev/null 2>&1 || true
window churn "${BENCH[@]}" churn --url "$URL" --admin-token "$TOKEN" --users 50 --duration "${SECONDS_EACH}s" --timeout 60s \
  --server-pid "${NODE_PIDS[0]}" --json "$RESULTS/churn.json" >"$RESULTS/churn.txt" 2>&1
window joins "${BENCH[@]}" webhook --no-receiver --url "$URL" --admin-token "$TOKEN" --users 50 --rate 500 \
  --duration "${SECONDS_EACH}s" --server-pid "${NODE_PIDS[0]}" --json "$RESULTS/joins.json" >"$RESULTS/joins.txt" 2>&1
# one window per room of 100: the fanout run, then the members' grace periods running out
room100() {
  "${BENCH[@]}" fanout --url "$URL" --admin-token "$TOKEN" --members 100 --messages 1 --timeout 60s \
    --server-pid "${NODE_PIDS[0]}" --json "$RESULTS/rooms100-$1.json" >"$RESULTS/rooms100-$1.txt" 2>&1 || return 1
  sleep 5
}
for i in $(seq 1 "$FANOUT_ROOMS"); do window "rooms100-$i" room100 "$i"; done

python3 - "$RESULTS" "$FANOUT_ROOMS" <<'EOF' | tee "$RESULTS/summary.md"
import json, sys, os
res, rooms = sys.argv[1], int(sys.argv[2])
def kv(path):
    d = {}
    for line in open(path):
        if ':' in line and not line.startswith('#'):
            k, v = line.strip().split(':', 1)
            d[k] = v
    return d
def cmdstats(label):
    out = {}
    for k, v in kv(f"{res}/{label}-commandstats.txt").items():
        f = dict(x.split('=') for x in v.split(','))
        out[k.replace('cmdstat_', '')] = (int(f['calls']), float(f['usec']))
    return out
windows = {}
for line in open(f"{res}/windows.txt"):
    label, t0, t1, l0, l1 = line.split()
    windows[label] = (float(t1) - float(t0), l0, l1)
def totals(label):
    s = kv(f"{res}/{label}-stats.txt")
    b, a = kv(f"{res}/{label}-cpu-before.txt"), kv(f"{res}/{label}-cpu-after.txt")
    cpu = sum(float(a[k]) - float(b[k]) for k in ('used_cpu_sys', 'used_cpu_user'))
    cs = cmdstats(label)
    sent_like = ('evalsha', 'eval', 'publish', 'subscribe', 'unsubscribe', 'mget', 'hgetall', 'smembers', 'xread')
    return {
        'executed': int(s['total_commands_processed']),
        'in': int(s['total_net_input_bytes']), 'out': int(s['total_net_output_bytes']),
        'cpu_us': cpu * 1e6, 'cmd_us': sum(u for c, u in cs.values()),
        'evalsha': sum(cs.get(k, (0, 0))[0] for k in ('evalsha', 'eval')),
        'publish': cs.get('publish', (0, 0))[0],
        'scripts_us': sum(cs.get(k, (0, 0))[1] for k in ('evalsha', 'eval')),
    }
idle = totals('idle'); idle_s = windows['idle'][0]
def per_op(label, ops):
    t, secs = totals(label), windows[label][0]
    r = {k: (t[k] - idle[k] / idle_s * secs) / ops for k in t}
    return r, secs
def fig(path, name):
    return json.load(open(path))['figures'][name]['value']
def passed(path):
    return os.path.exists(path) and json.load(open(path))['passed']
rows = []
if passed(f"{res}/churn.json"):
    ch = fig(f"{res}/churn.json", 'cycles')
    rows.append(('churn cycle (open inside grace + close)', 'churn', ch, fig(f"{res}/churn.json", 'server CPU per cycle')))
if passed(f"{res}/joins.json"):
    jo = fig(f"{res}/joins.json", 'ops sent (joins and leaves)')
    rows.append(('join or leave, room of one', 'joins', jo, fig(f"{res}/joins.json", 'server CPU per op during the load')))
passed = [f"rooms100-{i}" for i in range(1, rooms + 1)
          if os.path.exists(f"{res}/rooms100-{i}.json") and json.load(open(f"{res}/rooms100-{i}.json"))['passed']
          and f"rooms100-{i}" in windows]
if passed:
    merged = {k: 0 for k in totals(passed[0])}
    for label in passed:
        for k, v in totals(label).items():
            merged[k] += v
    windows['rooms100'] = (sum(windows[l][0] for l in passed), windows[passed[0]][1], windows[passed[-1]][2])
    _totals = totals
    totals = lambda label, _t=_totals, m=merged: m if label == 'rooms100' else _t(label)
    rows.append((f"member of a room of 100: open, join, close, expiry ({len(passed)} rooms)", 'rooms100',
                 100 * len(passed), None))
print("| operation (window) | ops | Redis CPU per op | command time per op (commandstats) | commands executed per op | EVALSHA per op | PUBLISH per op | bytes in per op | bytes out per op | node CPU per op | window | load average |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for name, label, ops, node in rows:
    r, secs = per_op(label, ops)
    w = windows[label]
    print(f"| {name} | {ops:,.0f} | {r['cpu_us']:.1f} µs | {r['cmd_us']:.1f} µs | {r['executed']:.1f} | {r['evalsha']:.2f} | "
          f"{r['publish']:.2f} | {r['in']:,.0f} B | {r['out']:,.0f} B | {'%.0f µs' % node if node else '–'} | "
          f"{secs:.1f} s | {w[1]} → {w[2]} |")
print()
print(f"Idle node, subtracted from each window: {idle['executed'] / idle_s:.0f} commands/s executed, "
      f"{idle['cpu_us'] / idle_s / 1e3:.1f} ms of Redis CPU a second, {idle['in'] / idle_s:,.0f} B/s in, "
      f"{idle['out'] / idle_s:,.0f} B/s out (window {idle_s:.1f} s, load average {windows['idle'][1]} → {windows['idle'][2]}).")
EOF
