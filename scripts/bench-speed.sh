#!/usr/bin/env bash
# How fast each core ran during each row of a load-harness run, from scripts/coreprobe.c's samples.
#   scripts/bench-speed.sh RUN_LOG PROBE_CPU0 PROBE_CPU1
# RUN_LOG is the harness's own output (its "[bench HH:MM:SS] ..." lines); each PROBE file holds
# "HH:MM:SS.mmm µs switches" lines of one core; a sample during which the probe was switched out for another task
# is left out (its CPU time is not to be trusted on this VM, see coreprobe.c). A row's window runs from its line to the next one (its result line or the next row); a
# throughput row keeps only its measured seconds (after its warm-up). For each row and core it prints the median
# time of the probe's fixed loop in that window, and their mean, over the run's fast time for that core (the 10th
# percentile of all its samples): 1.00 is the core at its usual speed, 1.40 means everything on it took 40 %
# longer. The median shows a core slowed throughout; the mean also counts short stalls (a vCPU the host took away
# for a few milliseconds lands whole in the one sample it hit). On a busy core a row keeps a sample or two a
# second, and reads a little above 1 at the core's usual speed (1.04 by hand with nginx busy on it).
# The harness runs the gateway under test (and nginx) on CPU 1 in the throughput and 1,000-stream rows, and
# everything on CPU 0 in the latency and one-at-a-time stream rows; "hop core" is that one.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 RUN_LOG PROBE_CPU0 PROBE_CPU1" >&2; exit 2; }
awk '
function secs(t,   p) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
# The median of v[1..n] (insertion sort: a row has at most a few hundred samples).
function median(v, n,   i, j, x) {
  for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
  return n == 0 ? 0 : (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
}
FILENAME == ARGV[1] {
  if (match($0, /^\[bench [0-9:]+\] /)) {
    t = secs(substr($0, 8, 8)); rest = substr($0, RLENGTH + 1)
    if (rows > 0 && !closed[rows]) { end[rows] = t; closed[rows] = 1 }
    if (rest ~ /^(throughput|latency) r[0-9]+ [^ ]+:/ || rest ~ /^(stream|hold) [^ ]+:/) {
      rows++; split(rest, w, " "); name[rows] = w[1] " " w[2] (w[1] ~ /^(throughput|latency)$/ ? " " w[3] : "")
      sub(/:$/, "", name[rows]); start[rows] = t; clock[rows] = substr($0, 8, 8)
      measured[rows] = (w[1] == "throughput" && match(rest, /then [0-9]+s/)) ? substr(rest, RSTART + 5, RLENGTH - 6) + 0 : 0
      hop[rows] = (w[1] == "throughput" || w[1] == "hold") ? 1 : 0
    }
  }
  next
}
$3 + 0 > 0 { next }
{ core = (FILENAME == ARGV[2]) ? 0 : 1; n[core]++; at[core, n[core]] = secs($1); us[core, n[core]] = $2 + 0 }
END {
  for (c = 0; c <= 1; c++) {
    m = n[c]
    for (i = 1; i <= m; i++) all[i] = us[c, i]
    median(all, m); fast[c] = m ? all[int(m / 10) + 1] : 0
  }
  printf "| row | at | hop core | CPU 0 | CPU 1 |\n|---|---|--:|--:|--:|\n"
  for (r = 1; r <= rows; r++) {
    if (!closed[r]) continue
    from = measured[r] ? end[r] - measured[r] : start[r]
    line = "| " name[r] " | " clock[r] " | " hop[r]
    for (c = 0; c <= 1; c++) {
      k = 0; sum = 0
      for (i = 1; i <= n[c]; i++) if (at[c, i] >= from && at[c, i] < end[r]) { v[++k] = us[c, i]; sum += us[c, i] }
      line = line (k && fast[c] ? sprintf(" | %.2f / %.2f", median(v, k) / fast[c], sum / k / fast[c]) : " | –")
    }
    print line " |"
  }
  printf "\nmedian / mean of the loop'"'"'s time over its fast time, the 10th percentile of each core'"'"'s samples not switched out: CPU 0 %.1f µs (%d samples), CPU 1 %.1f µs (%d)\n", fast[0], n[0], fast[1], n[1]
}' "$1" "$2" "$3"
