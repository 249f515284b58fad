#!/usr/bin/env bash
# Soak: records the scripted working desktop of run-e2e.sh with redaction on for SOAK_SECONDS
# (10 minutes by default) and samples the recorder every SAMPLE_S seconds: RSS, heap in use and
# old generation in use (jstat -gc), metaspace, CPU. Prints the series and a verdict on growth
# after warm-up: a least-squares trend through the samples after warm-up, for RSS and for heap
# in use, and the medians of the first and last thirds of them. Everything it started is stopped on exit, also on failure or Ctrl-C.
#
# Usage:  benchmarks/run-soak.sh
# Environment:
#   SOAK_SECONDS  how long to record (default: 600)
#   SAMPLE_S      seconds between samples (default: 15)
#   WARMUP        seconds at the start left out of the verdict (default: 60)
#   FPS           capture rate (default: 1)
#   PAGE, TERM_COLS, TERM_ROWS, SCREENTRAIL_JAVA_OPTS   as for run-e2e.sh
# Results in benchmarks/target/: soak-series.tsv, soak-verdict.txt, soak-env.txt, soak.log.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=benchmarks/target
SIZE=${SIZE:-1920x1080}
SOAK_SECONDS=${SOAK_SECONDS:-600}
SAMPLE_S=${SAMPLE_S:-15}
WARMUP=${WARMUP:-60}
FPS=${FPS:-1}
LINES_PER_S=${LINES_PER_S:-4}
SCROLL_PX=${SCROLL_PX:-120}
SCROLL_MS=${SCROLL_MS:-2000}
if [[ -z ${PAGE:-} ]]; then
  if command -v chromium >/dev/null; then PAGE=chromium; else PAGE=less; fi
fi
. benchmarks/e2e-lib.sh
# jstat reads the JVM's performance data, which the launcher turns off by default.
export SCREENTRAIL_JAVA_OPTS="-XX:+UsePerfData ${SCREENTRAIL_JAVA_OPTS:-}"

require_tools Xvfb xterm xclock xdotool python3 java jstat "$PAGE"
mkdir -p "$OUT"
echo "+ ./screentrail --help"
./screentrail --help >/dev/null

write_env "$OUT/soak-env.txt"
start_xvfb
export DISPLAY=$DISPLAY_NAME
echo "Xvfb pid $XVFB_PID on DISPLAY=$DISPLAY"
start_desktop

./screentrail --help >/dev/null # rebuilds now if a source changed since the first check
log="$OUT/soak.log"
store="$WORK/session-soak"
cmd=(./screentrail record --out "$store" --fps "$FPS")
echo "+ DISPLAY=$DISPLAY ${cmd[*]}" | tee "$log"
"${cmd[@]}" >>"$log" 2>&1 &
pid=$!
PIDS+=("$pid")

# jstat -gc prints one header line and one value line; pick columns by name (kB).
heap_sample() {
  jstat -gc "$1" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { printf "%.1f\t%.1f\t%.1f", ($(c["S0U"]) + $(c["S1U"]) + $(c["EU"]) + $(c["OU"])) / 1024,
        $(c["OU"]) / 1024, $(c["MU"]) / 1024 }'
}

series="$OUT/soak-series.tsv"
printf 't_s\trss_mb\theap_used_mb\told_used_mb\tmetaspace_mb\tcpu_s\tsession_mb\n' | tee "$series"
start=$(date +%s)
while :; do
  sleep "$SAMPLE_S"
  kill -0 "$pid" 2>/dev/null || { echo "the recorder exited; see $log" >&2; tail "$log" >&2; exit 1; }
  t=$(($(date +%s) - start))
  printf '%d\t%.1f\t%s\t%.1f\t%.1f\n' "$t" "$(awk -v k="$(mem_kb "$pid" VmRSS)" 'BEGIN { print k / 1024 }')" \
    "$(heap_sample "$pid")" "$(awk -v t="$(cpu_ticks "$pid")" -v hz="$CLK_TCK" 'BEGIN { print t / hz }')" \
    "$(awk -v b="$(bytes_of "$store")" 'BEGIN { print b / 1048576 }')" | tee -a "$series"
  ((t >= SOAK_SECONDS)) && break
done
hwm=$(mem_kb "$pid" VmHWM)
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
wait "$pid" 2>/dev/null || true
echo "+ ./screentrail inspect $store" >>"$log"
./screentrail inspect "$store" >>"$log" 2>&1 || echo "inspect failed; see $log" >&2
grep -E '^(Frames|Size|Result|Duration)' "$log" || true

python3 - "$series" "$WARMUP" "$hwm" <<'EOF' | tee "$OUT/soak-verdict.txt"
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")]
warm = [r for r in rows if int(r["t_s"]) >= int(sys.argv[2])]
print(f"VmHWM at the end: {int(sys.argv[3]) / 1024:.0f} MB; {len(warm)} samples after warm-up")
verdict = True
# Growth: a trend above 5 % of the median per hour (at least 2 MB/hour). A 10-minute run cannot
# tell a leak from a cache that is still filling: it says whether anything still grows.
for col in ("rss_mb", "heap_used_mb", "old_used_mb"):
    vals = [float(r[col]) for r in warm]
    k = max(1, len(vals) // 3)
    first, last = statistics.median(vals[:k]), statistics.median(vals[-k:])
    # growth per hour from a least-squares line through the samples after warm-up
    ts = [int(r["t_s"]) for r in warm]
    mt, mv = statistics.mean(ts), statistics.mean(vals)
    den = sum((t - mt) ** 2 for t in ts) or 1
    slope = sum((t - mt) * (v - mv) for t, v in zip(ts, vals)) / den * 3600
    grows = slope > max(2.0, 0.05 * statistics.median(vals))
    verdict &= not grows
    print(f"{col}: first third median {first:.1f} MB, last third median {last:.1f} MB, "
          f"trend {slope:+.1f} MB/hour, min {min(vals):.1f}, max {max(vals):.1f}: "
          f"{'still grows' if grows else 'flat'}")
print("verdict:", "no growth after warm-up" if verdict else "growth after warm-up")
EOF
echo "Results in $OUT: soak-series.tsv, soak-verdict.txt, soak-env.txt, soak.log"
