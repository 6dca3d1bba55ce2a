# Shell functions the bench scripts share to run a throwaway loopback Redis and Roster node processes; sourced, not
# run, right after the sourcing script defined die. Before calling them it sets RESULTS and WORK (and, for the
# nodes, NODE_PORT, TOKEN, SERVER_JAR, REDIS_PID= and NODE_PIDS=() NODE_URLS=()).

# whether anything accepts connections on this loopback port
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_redis_port: sets REDIS_PORT, REDIS_URL and REDIS_VERSION for the Redis the script will start: the port is
# ROSTER_BENCH_REDIS_PORT when set (never 6379), else the first free one of 16390-16399
pick_redis_port() {
  local p
  if [ -n "${ROSTER_BENCH_REDIS_PORT:-}" ]; then
    REDIS_PORT=$ROSTER_BENCH_REDIS_PORT
    [ "$REDIS_PORT" != 6379 ] || die "refusing port 6379: the script starts its own Redis and never uses the machine's"
    if port_busy "$REDIS_PORT"; then die "port $REDIS_PORT is already in use; choose a free ROSTER_BENCH_REDIS_PORT"; fi
  else
    REDIS_PORT=
    for p in $(seq 16390 16399); do
      if ! port_busy "$p"; then REDIS_PORT=$p; break; fi
    done
    [ -n "$REDIS_PORT" ] || die "ports 16390-16399 are all in use; set ROSTER_BENCH_REDIS_PORT to a free port"
  fi
  REDIS_URL=redis://127.0.0.1:$REDIS_PORT
  REDIS_VERSION=$(redis-server --version)
}

# wait_ready PID URL: whether the node answers ready within ROSTER_BENCH_READY_S seconds (default 120: a node on a
# busy machine, or several JVMs starting at once, can take well over 30 s); false at once when its process ended
wait_ready() {
  local _
  for _ in $(seq 1 $(( ${ROSTER_BENCH_READY_S:-120} * 2 ))); do
    kill -0 "$1" 2>/dev/null || return 1
    if curl -sf -o /dev/null "$2/health/ready"; then return 0; fi
    sleep 0.5
  done
  return 1
}

redis() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

# whether the Redis answering on REDIS_PORT is the one this script started (flushall goes nowhere else)
redis_is_ours() {
  [ -n "$REDIS_PID" ] && [ "$(redis info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')" = "$REDIS_PID" ]
}

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
    >"$RESULTS/redis-server.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 40); do
    if redis_is_ours; then return 0; fi
    kill -0 "$REDIS_PID" 2>/dev/null || die "redis-server exited at start, see $RESULTS/redis-server.log"
    sleep 0.25
  done
  die "redis-server on port $REDIS_PORT did not answer in 10 s"
}

stop_redis() {
  if [ -n "$REDIS_PID" ]; then
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=
  fi
}

flush_redis() {
  redis_is_ours || die "the Redis on port $REDIS_PORT is not the one this script started; not flushing it"
  redis flushall >/dev/null
}

# ends one process: TERM, up to 20 s to exit, then KILL
stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_nodes() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${NODE_PIDS[@]}"; do stop_pid "$pid"; done
  NODE_PIDS=()
  NODE_URLS=()
}

# the nodes get only the ROSTER_* variables set here, whatever the caller's environment holds
CLEAR_ENV=()
for v in $(compgen -e); do
  case $v in ROSTER_*) CLEAR_ENV+=(-u "$v") ;; esac
done

# start_nodes COUNT LABEL [VAR=VALUE...]: stops any running nodes, empties Redis, starts COUNT fresh nodes (with these
# variables too) and waits until all are ready; their logs go to RESULTS/LABEL-<COUNT>nodes-node-<i>.log
start_nodes() {
  local count=$1 label=$2 i port
  shift 2
  stop_nodes
  flush_redis
  for i in $(seq 1 "$count"); do
    port=$((NODE_PORT + i - 1))
    if port_busy "$port"; then die "port $port is already in use; set ROSTER_BENCH_NODE_PORT"; fi
    env "${CLEAR_ENV[@]}" ROSTER_PORT="$port" ROSTER_NODE_ID="node-$i" ROSTER_ADMIN_TOKEN="$TOKEN" ROSTER_AUTH=dev \
      ROSTER_REDIS_URL="$REDIS_URL" "$@" java -jar "$SERVER_JAR" >"$RESULTS/$label-${count}nodes-node-$i.log" 2>&1 &
    NODE_PIDS+=($!)
    NODE_URLS+=("http://127.0.0.1:$port")
  done
  for i in $(seq 0 $((count - 1))); do
    wait_ready "${NODE_PIDS[$i]}" "${NODE_URLS[$i]}" || die "node-$((i + 1)) (${NODE_URLS[$i]}) did not become \
ready in ${ROSTER_BENCH_READY_S:-120} s, see $RESULTS/$label-${count}nodes-node-$((i + 1)).log"
  done
}
