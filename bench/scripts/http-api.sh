#!/usr/bin/env bash
# The HTTP API under keep-alive load on one Roster node on a throwaway loopback Redis: the bench's `http` scenario
# runs N keep-alive clients looping GET, with the admin token, on /health/live (the cheapest answer the node gives)
# and on /api/users/http-online (a user the scenario holds online), alternately, at 64 and 8 clients, and reports
# answers/s, p50/p99, answers other than 2xx and the node's CPU per answer. Each server jar given runs as its own
# node (ports NODE_PORT, NODE_PORT+1, ...) on one emptied Redis, all started together and warmed by one unrecorded
# run of each path; the runs then alternate between the nodes run by run (for each client count, round and path,
# every jar in turn), so that a build before a change and one after it are compared in one run of this script
# under the same load from whatever else the machine runs. With
# ROSTER_BENCH_PROFILE=1 (the default), one more /api/users run at 64 clients per jar is recorded by Java Flight
# Recorder (jcmd JFR.start, settings=profile) and summarised into <label>-profile.txt: the sampled top frames
# (where the CPU is spent) and the methods on the most stacks (what it is spent under).
#
# usage: bench/scripts/http-api.sh [results-dir]   (from the repository root, after ./mvnw -DskipTests package;
#                                                  default results-dir: bench/results/http)
#        ROSTER_BENCH_JARS="before=/tmp/roster-before.jar after=bootstrap/target/roster.jar"
#                                             label=jar pairs, measured in this order (default:
#                                             current=bootstrap/target/roster.jar)
#        ROSTER_BENCH_QUICK=1 bench/scripts/http-api.sh bench/target/http-smoke   3 s runs: checks that the script
#                                             works, measures nothing worth recording
#        ROSTER_BENCH_CLIENTS="64 8"          client counts (default: 64 8)
#        ROSTER_BENCH_ROUNDS=2                how many times each path is run per client count, alternately
#        ROSTER_BENCH_PROFILE=0               no profiling run
#        ROSTER_BENCH_KEEP_JFR=1              also keeps each recording as <label>.jfr in the results
#        ROSTER_BENCH_REDIS_PORT=16395 ...    the redis-server's port (default: the first free one of 16390-16399;
#                                             the script never uses a Redis it did not start)
#        ROSTER_BENCH_NODE_PORT=18491 ...     the first node's port (the next jar's node takes the next port)
#        ROSTER_BENCH_PATHS="/health/live /api/users/http-online"   the paths run alternately (default: these two);
#                                             {mid} in a path is the cursor of the page after the first half of the
#                                             online users (read from the node after seeding)
#        ROSTER_BENCH_ONLINE=100000           lists that many users online (seed-000000 ...) before each node
#                                             starts, written straight into the emptied Redis's online index as the
#                                             commit script writes it (ZADD roster:{bN}:online 0 <id>, bucket as
#                                             Keys.bucket: String.hashCode mod 64); then checked through the node:
#                                             /api/online/count and a walk of every /api/online page must find them
#        ROSTER_BENCH_PROFILE_PATH=...        the path of the profiling run (default: /api/users/http-online)
set -euo pipefail

RESULTS=${1:-bench/results/http}
TOKEN=bench-$$-0123456789abcdef01
BENCH="java -jar bench/target/roster-bench.jar"
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18491}
CLIENTS=${ROSTER_BENCH_CLIENTS:-64 8}
ROUNDS=${ROSTER_BENCH_ROUNDS:-2}
JARS=${ROSTER_BENCH_JARS:-current=bootstrap/target/roster.jar}
PROFILE=${ROSTER_BENCH_PROFILE:-1}
USER_PATH=/api/users/http-online
LIVE_PATH=/health/live
PATHS=${ROSTER_BENCH_PATHS:-$LIVE_PATH $USER_PATH}
ONLINE=${ROSTER_BENCH_ONLINE:-0}
PROFILE_PATH=${ROSTER_BENCH_PROFILE_PATH:-$USER_PATH}
# the seeded users are not the run's: its truth check leaves them out
OTHERS=()
if [ "$ONLINE" -gt 0 ]; then OTHERS=(--others-listed seed-); fi

if [ "${ROSTER_BENCH_QUICK:-0}" = 1 ]; then
  DURATION=3s; WARM_DURATION=2s
else
  DURATION=15s; WARM_DURATION=10s
fi

die() { echo "http-api: $*" >&2; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/redis-lib.sh"

[ -f bench/target/roster-bench.jar ] || die "bench/target/roster-bench.jar is missing: run from the repository root after ./mvnw -DskipTests package"
for pair in $JARS; do
  [ -f "${pair#*=}" ] || die "${pair#*=} (${pair%%=*}) is missing"
done
for c in redis-server redis-cli curl jcmd jfr; do command -v "$c" >/dev/null || die "$c is not installed"; done

pick_redis_port

WORK=$(mktemp -d)
REDIS_PID=
NODE_PID=
NODE_URL=
FAILED=()

mkdir -p "$RESULTS"

LABELS=()
NODE_PIDS=()
NODE_URLS=()
MIDS=()

# stop_node: ends every node this script started
stop_node() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do stop_pid "$pid"; done
  NODE_PIDS=()
}

# seed_online N: N users in the online index, as the commit script lists a user (one ZADD per user into its bucket's
# sorted set, score 0); the bucket is Keys.bucket's, Math.floorMod(id.hashCode(), 64)
seed_online() {
  python3 - "$1" <<'PY' | redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --pipe >/dev/null
import sys
n = int(sys.argv[1])
out = sys.stdout
def bucket(user):
    h = 0
    for c in user:
        h = (31 * h + ord(c)) & 0xFFFFFFFF
    if h >= 1 << 31:
        h -= 1 << 32
    return h % 64   # Python's % is floorMod
def command(*parts):
    out.write("*%d\r\n" % len(parts))
    for p in parts:
        out.write("$%d\r\n%s\r\n" % (len(p.encode()), p))
for i in range(n):
    user = "seed-%06d" % i
    command("ZADD", "roster:{b%d}:online" % bucket(user), "0", user)
PY
}

# check_online N URL: the node counts N online users and lists each exactly once over its pages of 1000; prints the
# cursor of the page after the first N/2 (for {mid})
check_online() {
  python3 - "$1" "$2" "$TOKEN" <<'PY'
import json, sys, urllib.request
n, url, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def get(path):
    req = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)
count = get("/api/online/count")["count"]
if count < n:
    sys.exit("the node counts %d online users, not %d" % (count, n))
seen, cursor, mid = set(), None, None
while True:
    page = get("/api/online?limit=1000" + ("&cursor=" + cursor if cursor else ""))
    seen.update(u for u in page["users"] if u.startswith("seed-"))
    cursor = page["next"]
    if mid is None and len(seen) >= n // 2:
        mid = cursor
    if cursor is None:
        break
if len(seen) != n:
    sys.exit("the pages list %d of the %d seeded users" % (len(seen), n))
print(mid or "")
PY
}

# start_node LABEL JAR: one more node, from a copy of JAR under its own name (so that nothing stopping roster.jar
# processes by name stops it), on the next port, waited for until ready
start_node() {
  local label=$1 jar=$WORK/roster-bench-node-$1.jar index=${#NODE_PIDS[@]} port
  cp "$2" "$jar"
  port=$((NODE_PORT + index))
  if port_busy "$port"; then die "port $port is already in use; set ROSTER_BENCH_NODE_PORT"; fi
  env "${CLEAR_ENV[@]}" ROSTER_PORT="$port" ROSTER_NODE_ID="node-$((index + 1))" ROSTER_ADMIN_TOKEN="$TOKEN" \
    ROSTER_AUTH=dev ROSTER_REDIS_URL="$REDIS_URL" java -XX:+FlightRecorder -jar "$jar" >"$RESULTS/$label-node.log" 2>&1 &
  NODE_PIDS+=($!)
  NODE_URLS+=("http://127.0.0.1:$port")
  LABELS+=("$label")
  wait_ready "${NODE_PIDS[$index]}" "${NODE_URLS[$index]}" \
    || die "the $label node (${NODE_URLS[$index]}) did not become ready, see $RESULTS/$label-node.log"
  MIDS+=("")
  if [ "$ONLINE" -gt 0 ]; then
    MIDS[$index]=$(check_online "$ONLINE" "${NODE_URLS[$index]}") \
      || die "the $label node does not list the $ONLINE seeded users"
    echo "# $label: the node lists the $ONLINE seeded users; the cursor after the first half: ${MIDS[$index]}" \
      | tee -a "$RESULTS/seed.txt"
  fi
}

# use_node INDEX: the node that run, warm and path_of work on
use_node() {
  NODE_PID=${NODE_PIDS[$1]}
  NODE_URL=${NODE_URLS[$1]}
  MID=${MIDS[$1]}
  local pair
  for pair in $JARS; do
    if [ "${pair%%=*}" = "${LABELS[$1]}" ]; then JAR_OF_LABEL=${pair#*=}; fi
  done
}

# path_of PATH: the path with {mid} replaced by the node's cursor after the first half of the online users
path_of() { echo "${1//\{mid\}/$MID}"; }

# name_of PATH: a run name for the path: live, users, or its letters and digits (/api/online?limit=100 -> apionlinelimit100)
name_of() {
  case "$1" in
    "$LIVE_PATH") echo live ;;
    "$USER_PATH") echo users ;;
    *) echo "$1" | sed 's/{mid}/mid/; s/[^A-Za-z0-9]//g' ;;
  esac
}

cleanup() {
  stop_node
  stop_redis
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run LABEL NAME ARGS...: one measured run, recorded in LABEL-NAME.txt and .json
run() {
  local label=$1 name=$1-$2; shift 2
  {
    echo "# server: $label ($JAR_OF_LABEL), one node at $NODE_URL on one Redis at $REDIS_URL ($REDIS_VERSION)"
    echo "# machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "### $BENCH $* --url $NODE_URL --admin-token \$TOKEN --server-pid \$SERVER_PID --json $RESULTS/$name.json"
  } | tee "$RESULTS/$name.txt"
  if ! $BENCH "$@" --url "$NODE_URL" --admin-token "$TOKEN" --server-pid "$NODE_PID" --json "$RESULTS/$name.json" \
      | grep -v '^\[' | tee -a "$RESULTS/$name.txt"; then
    echo "(exit code above 0: the run failed)" | tee -a "$RESULTS/$name.txt"
    FAILED+=("$name")
  fi
  kill -0 "$NODE_PID" 2>/dev/null || { echo "(the node is no longer running)" | tee -a "$RESULTS/$name.txt"; FAILED+=("$name"); }
}

# warm ARGS...: one unrecorded run
warm() {
  $BENCH "$@" "${OTHERS[@]}" --url "$NODE_URL" --admin-token "$TOKEN" >/dev/null 2>&1 || true
}

# summarise RECORDING OUT: the sampled stacks' top frames and the methods on the most stacks, 30 of each
summarise() {
  local recording=$1 out=$2
  {
    echo "# $(basename "$recording"): jdk.ExecutionSample of one http run at ${CLIENTS%% *} clients on $(path_of "$PROFILE_PATH")"
    jfr summary "$recording" | grep -E 'Start|Duration|jdk.ExecutionSample '
    jfr print --events jdk.ExecutionSample "$recording" | awk '
      /sampledThread = "/ { name = $0; sub(/^[^"]*"/, "", name); sub(/".*/, "", name); gsub(/[0-9]+/, "N", name); threads[name]++ }
      /stackTrace = \[/ { depth = 0; delete seen; samples++; next }
      /^[[:space:]]+[a-zA-Z_$][a-zA-Z0-9_.$]*\(.*line:/ {
        frame = $1; sub(/\(.*/, "", frame)
        if (depth == 0) top[frame]++
        if (!(frame in seen)) { seen[frame] = 1; on[frame]++ }
        depth++
      }
      END {
        printf "samples: %d\n\n## samples per thread (digits in names as N): share, thread\n", samples
        for (t in threads) printf "%5.1f%%  %s\n", 100 * threads[t] / samples, t | "sort -rn | head -15"
        close("sort -rn | head -15")
        printf "\n## top frames (self): share of samples, method\n", samples
        for (f in top) printf "%5.1f%%  %s\n", 100 * top[f] / samples, f | "sort -rn | head -30"
        close("sort -rn | head -30")
        printf "\n## on the stack (inclusive; Roster, Javalin, Jetty request, Lettuce, Jackson and digest methods only): share, method\n"
        for (f in on) if (f ~ /dev\.roster|javalin|jetty\.server\.(Request|Response|HttpChannel)|lettuce|jackson|MessageDigest|SHA/) printf "%5.1f%%  %s\n", 100 * on[f] / samples, f | "sort -rn | head -40"
        close("sort -rn | head -40")
      }'
  } >"$out"
}

start_redis
flush_redis
if [ "$ONLINE" -gt 0 ]; then seed_online "$ONLINE"; fi
for pair in $JARS; do
  start_node "${pair%%=*}" "${pair#*=}"
done
first_clients=${CLIENTS%% *}
for i in "${!NODE_PIDS[@]}"; do
  use_node "$i"
  for path in $PATHS; do
    warm http --path "$(path_of "$path")" --clients "$first_clients" --duration "$WARM_DURATION"
  done
done
for clients in $CLIENTS; do
  for round in $(seq 1 "$ROUNDS"); do
    for path in $PATHS; do
      for i in "${!NODE_PIDS[@]}"; do
        use_node "$i"
        run "${LABELS[$i]}" "$(name_of "$path")-${clients}c-$round" http --path "$(path_of "$path")" \
          --clients "$clients" --duration "$DURATION" "${OTHERS[@]}"
      done
    done
  done
done
if [ "$PROFILE" = 1 ]; then
  for i in "${!NODE_PIDS[@]}"; do
    use_node "$i"
    label=${LABELS[$i]}
    jcmd "$NODE_PID" JFR.start name=http settings=profile >/dev/null
    warm http --path "$(path_of "$PROFILE_PATH")" --clients "$first_clients" --duration "$DURATION"
    jcmd "$NODE_PID" JFR.stop name=http filename="$WORK/$label.jfr" >/dev/null
    summarise "$WORK/$label.jfr" "$RESULTS/$label-profile.txt"
    if [ "${ROSTER_BENCH_KEEP_JFR:-0}" = 1 ]; then cp "$WORK/$label.jfr" "$RESULTS/"; fi
  done
fi
stop_node

# one line per run: label, path, clients, round, answers/s, p50 and p99 in us, not 2xx, server CPU per answer in us
{
  printf "%-8s %-24s %7s %5s %12s %9s %9s %7s %12s\n" label path clients round answers/s p50us p99us non2xx cpu/answer-us
  for f in "$RESULTS"/*-*c-[0-9]*.json; do
    [ -f "$f" ] || continue
    python3 - "$f" <<'PY'
import json, os, sys
f = sys.argv[1]
r = json.load(open(f))
name = os.path.basename(f)[:-5]
label, kind, clients, rnd = name.rsplit("-", 3)
fig = {k: v["value"] for k, v in r["figures"].items()}
lat = list(r["latenciesMicros"].values())[0]
print("%-8s %-24s %7s %5s %12.0f %9.0f %9.0f %7.0f %12.1f" % (label, r["parameters"]["path"], clients[:-1], rnd,
      fig.get("answer rate", 0), lat["p50"], lat["p99"], fig.get("answers not 2xx", 0), fig.get("server CPU per answer", 0)))
PY
  done
} | tee "$RESULTS/summary.txt"

if [ ${#FAILED[@]} -gt 0 ]; then
  echo "failed runs: ${FAILED[*]}" >&2
  exit 1
fi
echo "all runs passed; results in $RESULTS"
