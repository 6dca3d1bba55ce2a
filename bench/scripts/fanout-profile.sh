#!/usr/bin/env bash
# Where a node's CPU goes while it broadcasts: one embedded node of SERVER.jar, warmed with 200 messages to 1,000
# members, then a Java Flight Recorder recording (jcmd JFR.start, settings=profile) around one fanout run of
# MESSAGES messages to MEMBERS members, with the node's user and system CPU ticks (/proc) before and after it.
#   bench/scripts/fanout-profile.sh SERVER.jar LABEL [RESULTS_DIR] [MEMBERS] [MESSAGES]
#   bench/scripts/fanout-profile.sh --summarise LABEL [RESULTS_DIR]     (only summarises RESULTS_DIR/LABEL.jfr again)
# Writes to RESULTS_DIR (default bench/results/fanout-2/profiles): LABEL.jfr, LABEL-fanout.txt (the run's figures
# and the ticks) and LABEL-profile.txt: samples per thread, top frames (self), methods on the stack (inclusive, whole
# stacks), and how the samples under LocalDelivery.message (the broadcasts) split between the parts of the send path.
# Run from the repository root after ./mvnw -DskipTests package; needs jcmd and jfr.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 SERVER.jar|--summarise LABEL [RESULTS_DIR] [MEMBERS] [MESSAGES]" >&2; exit 2; }
SERVER_JAR=$1; LABEL=$2; OUT=${3:-bench/results/fanout-2/profiles}; MEMBERS=${4:-1000}; MESSAGES=${5:-300}
die() { echo "fanout-profile: $*" >&2; exit 1; }
for c in jcmd jfr curl; do command -v "$c" >/dev/null || die "$c is not installed"; done

summarise() {
  {
    echo "# $LABEL.jfr: jdk.ExecutionSample around one fanout run (joins included); see $LABEL-fanout.txt"
    jfr summary "$OUT/$LABEL.jfr" | grep -E 'Start|Duration|jdk.ExecutionSample '
    jfr print --stack-depth 64 --events jdk.ExecutionSample "$OUT/$LABEL.jfr" | awk '
      BEGIN { np = split("Connections.session Connection.send WebSocketCoreSession.sendFrame FrameFlusher.enqueue FrameFlusher.process SocketChannel.write", part, " ") }
      function flush() {
        for (i = 0; i < n; i++) { f = st[i]; if (i == 0) top[f]++; if (!(f in seen)) { seen[f] = 1; on[f]++ } }
        if ("dev.roster.application.service.LocalDelivery.message" in seen) {
          broadcast++
          for (p = 1; p <= np; p++) for (f in seen) if (index(f, "." part[p]) && substr(f, length(f) - length(part[p]) + 1) == part[p]) { hit[p]++; break }
        }
        n = 0; delete seen
      }
      /sampledThread = "/ { name = $0; sub(/^[^"]*"/, "", name); sub(/".*/, "", name); gsub(/[0-9]+/, "N", name); threads[name]++ }
      /stackTrace = \[/ { flush(); samples++; next }
      /^[[:space:]]+[a-zA-Z_$][a-zA-Z0-9_.$]*\(.*line:/ { frame = $1; sub(/\(.*/, "", frame); st[n++] = frame }
      END {
        flush()
        printf "samples: %d\n\n## samples per thread (digits as N): share, thread\n", samples
        for (t in threads) printf "%5.1f%%  %s\n", 100 * threads[t] / samples, t | "sort -rn | head -12"
        close("sort -rn | head -12")
        printf "\n## the broadcasts: %d samples under LocalDelivery.message; share of them on the stack of\n", broadcast
        for (p = 1; p <= np; p++) printf "%5.1f%%  %s\n", broadcast ? 100 * hit[p] / broadcast : 0, part[p]
        printf "\n## top frames (self): share, method\n"
        for (f in top) printf "%5.1f%%  %s\n", 100 * top[f] / samples, f | "sort -rn | head -40"
        close("sort -rn | head -40")
        printf "\n## on the stack (inclusive): share, method\n"
        for (f in on) printf "%5.1f%%  %s\n", 100 * on[f] / samples, f | "sort -rn | head -70"
        close("sort -rn | head -70")
      }'
  } >"$OUT/$LABEL-profile.txt"
}
if [ "$SERVER_JAR" = --summarise ]; then
  [ -f "$OUT/$LABEL.jfr" ] || die "$OUT/$LABEL.jfr is missing"
  summarise
  exit 0
fi
[ -f "$SERVER_JAR" ] && [ -f bench/target/roster-bench.jar ] || die "the server jar or bench/target/roster-bench.jar is missing"
mkdir -p "$OUT"
RESULTS=$OUT
WORK=$(mktemp -d)
REDIS_PID=
# shellcheck source=redis-lib.sh
. "$(dirname "$0")/redis-lib.sh"
pid=
trap '[ -n "$pid" ] && stop_pid "$pid"; rm -rf "$WORK"' EXIT
BENCH="java -jar bench/target/roster-bench.jar"
NODE_PORT=${ROSTER_BENCH_NODE_PORT:-18481}; URL=http://127.0.0.1:$NODE_PORT
port_busy "$NODE_PORT" && die "port $NODE_PORT is already in use; set ROSTER_BENCH_NODE_PORT"
export ROSTER_ADMIN_TOKEN=fanout-profile-$$-0123456789abcdef
env "${CLEAR_ENV[@]}" ROSTER_NODE_ID=profile ROSTER_PORT=$NODE_PORT ROSTER_ADMIN_TOKEN=$ROSTER_ADMIN_TOKEN \
  java -Xmx1g -jar "$SERVER_JAR" >"$OUT/$LABEL-node.log" 2>&1 &
pid=$!
wait_ready "$pid" "$URL" || die "the node did not become ready, see $OUT/$LABEL-node.log"
$BENCH fanout --url "$URL" --members 1000 --messages 200 --timeout 60s >/dev/null 2>&1 || true
jcmd "$pid" JFR.start name=fanout settings=profile >/dev/null
ticks_before=$(awk '{print "user " $14 ", system " $15}' "/proc/$pid/stat")
$BENCH fanout --url "$URL" --members "$MEMBERS" --messages "$MESSAGES" --timeout 60s --server-pid "$pid" \
  >"$WORK/fanout.txt" 2>&1 || true
ticks_after=$(awk '{print "user " $14 ", system " $15}' "/proc/$pid/stat")
jcmd "$pid" JFR.stop name=fanout filename="$OUT/$LABEL.jfr" >/dev/null
stop_pid "$pid"; pid=
{
  grep -v '^\[' "$WORK/fanout.txt"
  echo "node CPU ticks (1/$(getconf CLK_TCK) s) before the run: $ticks_before; after: $ticks_after"
} >"$OUT/$LABEL-fanout.txt"
summarise
echo "fanout-profile: $OUT/$LABEL.jfr, $OUT/$LABEL-fanout.txt, $OUT/$LABEL-profile.txt"
