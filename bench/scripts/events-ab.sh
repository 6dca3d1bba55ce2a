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

# summary: per round, then mean and median of each build
{
  printf '%-6s %-5s %12s %22s %10s\n' round build "cycles/s" "server CPU/cycle (us)" "load avg"
  for round in $(seq 1 "$ROUNDS"); do
    for which in A B; do
      f=$OUT/churn-$which-$round.json
      [ -f "$f" ] || { echo "$which $round: no result"; continue; }
      jq -r --arg r "$round" --arg w "$which" '[$r, $w, .figures["cycles per second"].value,
          .figures["server CPU per cycle"].value, .figures["machine load average before"].value, .passed]
          | "\(.[0]) \(.[1]) \(.[2]) \(.[3]) \(.[4]) \(.[5])"' "$f" \
        | awk '{printf "%-6s %-5s %12.0f %22.0f %10.2f%s\n", $1, $2, $3, $4, $5, ($6 == "true" ? "" : "  (run FAILED)")}'
    done
  done
  echo
  for which in A B; do
    jq -s '[.[] | {c: .figures["cycles per second"].value, u: .figures["server CPU per cycle"].value}]
        | def med(f): (map(f) | sort) as $s | ($s | length) as $n
            | if $n % 2 == 1 then $s[($n - 1) / 2] else ($s[$n / 2 - 1] + $s[$n / 2]) / 2 end;
          {n: length, cmean: (map(.c) | add / length), cmed: med(.c), cmin: (map(.c) | min), cmax: (map(.c) | max),
           umean: (map(.u) | add / length), umed: med(.u), umin: (map(.u) | min), umax: (map(.u) | max)}' \
      "$OUT"/churn-"$which"-*.json >"$WORK/stats-$which.json"
    jq -r --arg w "$which" '"\($w): \(.n) rounds; cycles/s mean \(.cmean | round), median \(.cmed | round), range \(.cmin | round)-\(.cmax | round); server CPU per cycle mean \(.umean | round) us, median \(.umed | round) us, range \(.umin | round)-\(.umax | round) us"' \
      "$WORK/stats-$which.json"
  done
  jq -rs '"B against A: server CPU per cycle \((.[1].umean / .[0].umean * 100 - 100) * 10 | round / 10) % on the mean, \((.[1].umed / .[0].umed * 100 - 100) * 10 | round / 10) % on the median; cycles/s \((.[1].cmean / .[0].cmean * 100 - 100) * 10 | round / 10) % on the mean, \((.[1].cmed / .[0].cmed * 100 - 100) * 10 | round / 10) % on the median"' \
    "$WORK/stats-A.json" "$WORK/stats-B.json"
} | tee "$OUT/summary.txt"
