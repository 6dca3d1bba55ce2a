#!/usr/bin/env bash
# Reads async-profiler's collapsed stacks (one "frame;frame;... count" line per stack, the first frame the thread
# when profiled with threads) and prints what latency-profile.sh keeps beside them:
#   bench/scripts/profile-summary.sh CPU.collapsed[.gz] [WALL.collapsed[.gz]]
# CPU: the share of the kernel (stacks ending in a kernel frame), of each library (by each sample's leaf-most frame of
# one), of each group of threads (their names without numbers), the 25 hottest leaf frames, and the 25 of Roster's
# own methods (dev/roster) most often on a stack.
# Wall clock: for each group of threads, how much of its time it was on a CPU or runnable rather than waiting
# (parked, in epoll_wait, sleeping, blocked on a lock or a socket), which tells how many threads an operation wakes.
# With --merge-threads FILE it prints FILE's stacks with each thread's merged into its group's instead (how
# latency-profile.sh keeps a profile small).
set -eu
# a profile as latency-profile.sh keeps it is compressed
stacks() { case $1 in *.gz) gzip -dc "$1" ;; *) cat "$1" ;; esac; }

# the thread frame without its id, numbers and pool suffixes: "[roster-http-12 tid=5]" -> "roster-http-#"
GROUP='function group(t) { sub(/^\[/, "", t); sub(/ tid=[0-9]+\]$/, "", t); sub(/\]$/, "", t); gsub(/[0-9]+/, "#", t); sub(/-acceptor-#@.*/, "-acceptor", t); return t }'

if [ "${1:-}" = --merge-threads ]; then
  [ $# -eq 2 ] && [ -f "$2" ] || { echo "usage: profile-summary.sh --merge-threads FILE.collapsed[.gz]" >&2; exit 2; }
  awk "$GROUP"' { n = $NF; line = $0; sub(/ [0-9]+$/, "", line); i = index(line, ";")
      s["[" group(substr(line, 1, i - 1)) "]" substr(line, i)] += n }
    END { for (k in s) print k, s[k] }' <(stacks "$2")
  exit 0
fi

[ $# -ge 1 ] && [ -f "$1" ] || { echo "usage: profile-summary.sh CPU.collapsed[.gz] [WALL.collapsed[.gz]]" >&2; exit 2; }

echo "== CPU: $1"
awk '{ n = $NF; total += n; if ($0 ~ /_\[k\]/) kernel += n }
     END { printf "samples %d; in the kernel %.1f %%\n", total, 100 * kernel / total }' <(stacks "$1")
echo
echo "-- by library: each sample put to its leaf-most frame of a known library (JIT compiler threads left out)"
awk '{ n = $NF; line = $0; sub(/ [0-9]+$/, "", line); k = split(line, f, ";")
  if (f[1] ~ /CompilerThre/) { jit += n; next }
  owner = ""
  if (f[k] ~ /_\[k\]$/) owner = "kernel"
  else for (i = k; i >= 1; i--) {
    if (f[i] ~ /^dev\/roster\//) { owner = "Roster"; break }
    if (f[i] ~ /^org\/eclipse\/jetty\//) { owner = "Jetty"; break }
    if (f[i] ~ /^io\/(lettuce|netty)\//) { owner = "Lettuce and Netty"; break }
    if (f[i] ~ /^com\/fasterxml\//) { owner = "Jackson"; break }
    if (f[i] ~ /^(ch\/qos|org\/slf4j)\//) { owner = "logging"; break }
    if (f[i] ~ /^io\/micrometer\//) { owner = "Micrometer"; break }
    if (f[i] ~ /^io\/javalin\//) { owner = "Javalin"; break }
  }
  if (owner == "") owner = (f[1] ~ /GC Thread|G1 /) ? "GC" : "JVM and JDK (no library frame)"
  s[owner] += n; total += n }
  END { for (o in s) printf "%6.1f %%  %s\n", 100 * s[o] / total, o
        printf "(%d samples; the JIT compiler threads, left out, had %d more)\n", total, jit }' <(stacks "$1") | sort -rn
echo
echo "-- by thread group (share of all CPU samples)"
awk "$GROUP"' { n = $NF; split($0, f, ";"); g = group(f[1]); s[g] += n; total += n }
  END { for (g in s) printf "%6.1f %%  %s\n", 100 * s[g] / total, g }' <(stacks "$1") | sort -rn | head -20
echo
echo "-- hottest leaf frames (self time)"
awk '{ n = $NF; line = $0; sub(/ [0-9]+$/, "", line); k = split(line, f, ";"); s[f[k]] += n; total += n }
     END { for (x in s) printf "%6.1f %%  %s\n", 100 * s[x] / total, x }' <(stacks "$1") | sort -rn | head -25
echo
echo "-- Roster's own methods (share of samples with the method anywhere on the stack)"
awk '{ n = $NF; line = $0; sub(/ [0-9]+$/, "", line); k = split(line, f, ";"); delete seen
       for (i = 1; i <= k; i++) if (f[i] ~ /^dev\/roster\// && !(f[i] in seen)) { seen[f[i]] = 1; s[f[i]] += n }
       total += n }
     END { for (x in s) printf "%6.1f %%  %s\n", 100 * s[x] / total, x }' <(stacks "$1") | sort -rn | head -25

if [ $# -ge 2 ] && [ -f "$2" ]; then
  echo
  echo "== Wall clock: $2"
  echo "-- by thread group: threads, and the share of their time running (the rest waiting)"
  awk "$GROUP"' { n = $NF; split($0, f, ";"); g = group(f[1])
      waiting = ($0 ~ /epoll_wait|futex_wait|__futex_abstimed_wait|Unsafe_Park|LockSupport\.park|Object\.wait|Thread\.sleep|pthread_cond_(timed)?wait|do_sys_poll|__poll|accept|JVM_Sleep|os::naked_short_sleep|SafepointSynchronize::block|Monitor::wait|PlatformMonitor::wait|PlatformEvent::park/)
      all[g] += n; if (!waiting) run[g] += n; if (!((g, f[1]) in seen)) { seen[g, f[1]] = 1; threads[g]++ } }
    END { for (g in all) if (run[g] > 0) printf "%6.2f %% running  %3d threads  %s\n", 100 * run[g] / all[g], threads[g], g }' <(stacks "$2") \
    | sort -rn | head -30
fi
