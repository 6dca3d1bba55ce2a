# Shell functions the bench scripts share to run a throwaway loopback Redis and Roster node processes; sourced, not
# run. The sourcing script defines die, REDIS_PORT, RESULTS and WORK first, and sets REDIS_PID= and NODE_PIDS=().

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
