#!/usr/bin/env bash
# What the event log costs a connect and a close: churn on one Redis-backed node, the build before the log (A) and
# this tree's build (B) alternated on one throwaway loopback Redis, by churn-ab.sh, then summed up.
#
# usage: bench/scripts/events-ab.sh [RESULTS_DIR] [ROUNDS] [BASE_COMMIT]
#        (from the repository root, after ./mvnw -DskipTests package; default RESULTS_DIR bench/results/events/churn-ab,
#         ROUNDS 4, BASE_COMMIT 3e87a09: the ports of the event log are there, nothing appends to it yet)
# A is built from BASE_COMMIT in a temporary directory (git archive, then ./mvnw -o -DskipTests package there; the
# local Maven repository is not written); B is bootstrap/target/roster.jar as it is. Each round runs A then B, the
# next B then A (see churn-ab.sh): 50 virtual users looping open -> welcome -> close, 10 s warm-up, 20 s measured.
# The nodes get no webhook: what is measured is the append inside the commit, not the delivery.
# Prints, and writes to RESULTS_DIR/summary.txt, each round's cycles/s and server CPU per cycle, then the mean and
# median of each build and B's difference from A.
set -euo pipefail
OUT=${1:-bench/results/events/churn-ab}; ROUNDS=${2:-4}; BASE=${3:-3e87a09}

die() { echo "events-ab: $*" >&2; exit 1; }
for f in bootstrap/target/roster.jar bench/target/roster-bench.jar bench/scripts/churn-ab.sh; do
  [ -f "$f" ] || die "$f is missing: run from the repository root after ./mvnw -DskipTests package"
done
for c in git jq redis-server redis-cli curl; do command -v "$c" >/dev/null || die "$c is not installed"; done
BASE_SHA=$(git rev-parse --verify "$BASE^{commit}") || die "no commit $BASE"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

echo "building A from $BASE_SHA in $WORK/base (log: $OUT/build-A.log)"
mkdir "$WORK/base"
git archive "$BASE_SHA" | tar -x -C "$WORK/base"
(cd "$WORK/base" && ./mvnw -o -q -DskipTests package -pl bootstrap -am) >"$OUT/build-A.log" 2>&1 \
  || die "building $BASE_SHA failed, see $OUT/build-A.log"
cp "$WORK/base/bootstrap/target/roster.jar" "$WORK/roster-A.jar"
cp bootstrap/target/roster.jar "$WORK/roster-B.jar"

{
  echo "A: $BASE_SHA ($(git log -1 --format=%s "$BASE_SHA" | cut -c1-100))"
  echo "B: bootstrap/target/roster.jar of $(git rev-parse HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (with uncommitted changes)')"
  echo "machine: $(nproc) cores, $(redis-server --version | cut -d' ' -f1-3), $(java -version 2>&1 | head -1)"
} | tee "$OUT/builds.txt"

# the nodes get only the ROSTER_* variables churn-ab.sh sets, whatever the caller's environment holds
CLEAR_ENV=()
for v in $(compgen -e); do
  case $v in ROSTER_BENCH_*) ;; ROSTER_*) CLEAR_ENV+=(-u "$v") ;; esac
done
env "${CLEAR_ENV[@]}" bench/scripts/churn-ab.sh "$WORK/roster-A.jar" "$WORK/roster-B.jar" "$OUT" "$ROUNDS"

# one row per measured run: build round cycles/s serverCPU/cycle redisCPU/cycle evalsha/cycle xadd/cycle
#                           xread/cycle xrange/cycle load passed node+Redis-CPU/cycle
# (XADD runs inside the commit script; XREAD is a node's tailer waking on appends; XRANGE runs inside the log's read
#  script, whoever reads: the dashboard's follower on each node, delivery, the API)
redis_cpu() { awk -F: '/^used_cpu_(sys|user):/ {t += $2} END {printf "%.6f", t}' "$1"; }
cmdstat() { # FILE COMMAND FIELD: a field of one command's INFO commandstats line, 0 when it did not run
  awk -F'[:,=]' -v c="cmdstat_$2" -v f="$3" '$1 == c {for (i = 2; i < NF; i += 2) if ($i == f) v = $(i + 1)}
    END {print v + 0}' "$1"
}
ROWS=$WORK/rows.txt
: >"$ROWS"
for round in $(seq 1 "$ROUNDS"); do
  for which in A B; do
    f=$OUT/churn-$which-$round.json
    [ -f "$f" ] || { echo "$which round $round: no result" >&2; continue; }
    read -r cycles cps scpu load passed < <(jq -r '[.figures.cycles.value, .figures["cycles per second"].value,
        .figures["server CPU per cycle"].value, .figures["machine load average before"].value, .passed] | @tsv' "$f")
    rcpu=$(awk -v a="$(redis_cpu "$OUT/redis-cpu-after-$which-$round.txt")" \
      -v b="$(redis_cpu "$OUT/redis-cpu-before-$which-$round.txt")" -v c="$cycles" 'BEGIN {print (a - b) * 1e6 / c}')
    stats=$OUT/redis-commandstats-$which-$round.txt
    eps=$(awk -v n="$(cmdstat "$stats" evalsha calls)" -v c="$cycles" 'BEGIN {print n / c}')
    per_cycle() { awk -v n="$(cmdstat "$stats" "$1" calls)" -v c="$cycles" 'BEGIN {print n / c}'; }
    echo "$which $round $cps $scpu $rcpu $eps $(per_cycle xadd) $(per_cycle xread) $(per_cycle xrange) $load $passed \
      $(awk -v a="$scpu" -v b="$rcpu" 'BEGIN {print a + b}')" >>"$ROWS"
  done
done

# mean and median of column COL of build WHICH's rows
stat() {
  awk -v w="$1" -v col="$2" '$1 == w {v[n++] = $col; s += $col}
    END {if (n == 0) {print "- -"; exit}
         for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) {t = v[i]; v[i] = v[j]; v[j] = t}
         m = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
         printf "%.1f %.1f %.1f %.1f\n", s / n, m, v[0], v[n - 1]}' "$ROWS"
}

{
  printf '%-5s %-5s %9s %13s %13s %10s %8s %8s %8s %6s\n' round build cycles/s "server CPU/c" "Redis CPU/c" \
    "evalsha/c" "xadd/c" "xread/c" "xrange/c" "load"
  awk '{printf "%-5s %-5s %9.0f %10.0f us %10.0f us %10.2f %8.2f %8.3f %8.3f %6.2f%s\n", $2, $1, $3, $4, $5, $6, $7,
    $8, $9, $10, ($11 == "true" ? "" : "  (run FAILED)")}' "$ROWS"
  echo
  echo "per build: mean / median / min-max (c = cycle)"
  for which in A B; do
    for col in "3 cycles/s" "4 server CPU per cycle (us)" "5 Redis CPU per cycle (us)" \
        "12 node+Redis CPU per cycle (us)" "7 xadd per cycle"; do
      read -r mean median lo hi < <(stat "$which" "${col%% *}")
      printf '%s  %-28s %9s / %9s / %s-%s\n' "$which" "${col#* }" "$mean" "$median" "$lo" "$hi"
    done
  done
  echo
  for col in "3 cycles/s" "4 server CPU per cycle" "5 Redis CPU per cycle" "12 node+Redis CPU per cycle"; do
    read -r am amed _ _ < <(stat A "${col%% *}")
    read -r bm bmed _ _ < <(stat B "${col%% *}")
    awk -v n="${col#* }" -v am="$am" -v amed="$amed" -v bm="$bm" -v bmed="$bmed" 'BEGIN {
      printf "B against A, %s: %+.1f %% on the mean, %+.1f %% on the median\n", n, (bm / am - 1) * 100,
        (bmed / amed - 1) * 100}'
  done
} | tee "$OUT/summary.txt"
