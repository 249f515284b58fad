#!/usr/bin/env bash
# End to end against ffmpeg: starts a private Xvfb with a scripted working desktop (an xterm
# printing build output, an xclock updating every second, a page scrolling every 2 s), then
# records it with each recorder in turn, one after another on the same running desktop:
#   screentrail record --no-redact, screentrail record (redaction on),
#   ffmpeg x11grab -> MJPEG (-q:v 3, yuvj420p), ffmpeg x11grab -> libx264 -preset ultrafast
#   (yuv420p), each at every rate in FPS_LIST.
# Each recorder runs WARMUP s (start-up, excluded), then a steady window of WINDOW s measured
# from /proc: CPU (utime+stime) and the X server's CPU at both ends, RSS every 5 s, VmHWM at the
# end, bytes and frames stored during the window. Then a table with the ratios to ffmpeg MJPEG
# at the same rate. Everything it started is stopped on exit, also on failure or Ctrl-C.
#
# Usage:  benchmarks/run-e2e.sh
# Environment:
#   FPS_LIST      rates to record at (default: "1 2")
#   WARMUP        seconds after start that are not measured (default: 20)
#   WINDOW        seconds measured (default: 60)
#   RECORDERS     which recorders, in order (default: "ffmpeg-mjpeg ffmpeg-x264 screentrail-noredact
#                 screentrail-redact")
#   PAGE          chromium or less (default: chromium when installed)
#   DESKTOP       working (default) or quiet: one idle xterm, nothing on the screen changes
#   TERM_COLS, TERM_ROWS   size of the build-output xterm, 6x13 font (default: 120x45)
#   SCREENTRAIL_JAVA_OPTS   JVM flags for ./screentrail, as the launcher takes them
#   TYPE_CPS      when set, xdotool types into the build-output (or quiet) xterm at about this many
#                 characters a second during each window (no Enter: the line is cleared with
#                 Ctrl+U), to measure the input path under a typing burst
#   BUDGET        the CPU budget of recorder screentrail-redact-budget (redaction on, --cpu-budget
#                 BUDGET; default 5%); BUDGET2 that of screentrail-redact-budget2 (default 3.5%)
#   SCREENTRAIL   the launcher to measure (default: ./screentrail; another build's copy for A/B)
#   SCREENTRAIL_BASE  a second launcher (another build's copy) for A/B within one run, on one
#                 desktop: recorders screentrail-noredact-base and screentrail-redact-base use it,
#                 e.g. RECORDERS="ffmpeg-mjpeg screentrail-noredact-base screentrail-noredact"
#   KEEP          a directory to move each screentrail session into after its run (default: the
#                 sessions are deleted), to look at what was stored and redacted
# Results in benchmarks/target/: e2e-results.tsv (one row per run), e2e-table.md, e2e-env.txt,
# e2e-<recorder>-<fps>fps.log (output, per-thread CPU of the window for screentrail, inspect).
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=benchmarks/target
SIZE=${SIZE:-1920x1080}
FPS_LIST=${FPS_LIST:-1 2}
WARMUP=${WARMUP:-20}
WINDOW=${WINDOW:-60}
SCREENTRAIL=${SCREENTRAIL:-./screentrail}
RECORDERS=${RECORDERS:-ffmpeg-mjpeg ffmpeg-x264 screentrail-noredact screentrail-redact}
LINES_PER_S=${LINES_PER_S:-4}
SCROLL_PX=${SCROLL_PX:-120}
SCROLL_MS=${SCROLL_MS:-2000}
if [[ -z ${PAGE:-} ]]; then
  if command -v chromium >/dev/null; then PAGE=chromium; else PAGE=less; fi
fi
. benchmarks/e2e-lib.sh

tools=(Xvfb xterm xclock xdotool ffmpeg python3 java "$PAGE")
require_tools "${tools[@]}"
mkdir -p "$OUT"

# Build before anything is measured (the launcher builds when sources changed).
echo "+ $SCREENTRAIL --help"
"$SCREENTRAIL" --help >/dev/null
if [[ -n ${SCREENTRAIL_BASE:-} ]]; then
  echo "+ $SCREENTRAIL_BASE --help"
  "$SCREENTRAIL_BASE" --help >/dev/null
fi

write_env "$OUT/e2e-env.txt"
start_xvfb
export DISPLAY=$DISPLAY_NAME
echo "Xvfb pid $XVFB_PID on DISPLAY=$DISPLAY"
start_desktop

printf 'recorder\tfps\twindow_s\tcpu_s\txvfb_cpu_s\trss_median_mb\trss_max_mb\thwm_mb\tbytes\tframes\n' \
  >"$OUT/e2e-results.tsv"

# run_one RECORDER FPS: records for WARMUP + WINDOW seconds and appends a row to the results.
run_one() {
  local rec=$1 fps=$2 log="$OUT/e2e-$1-${2}fps.log" store cmd pid stop_signal=INT launcher=""
  case $rec in
    screentrail-*)
      store="$WORK/session-$rec-$fps"
      launcher=$SCREENTRAIL
      [[ $rec == *-base ]] && launcher=${SCREENTRAIL_BASE:?"$rec needs SCREENTRAIL_BASE"}
      cmd=("$launcher" record --out "$store" --fps "$fps")
      [[ $rec == screentrail-noredact* ]] && cmd+=(--no-redact)
      [[ $rec == screentrail-redact-budget ]] && cmd+=(--cpu-budget "${BUDGET:-5%}")
      [[ $rec == screentrail-redact-budget2 ]] && cmd+=(--cpu-budget "${BUDGET2:-3.5%}")
      stop_signal=TERM
      ;;
    ffmpeg-*)
      store="$WORK/$rec-$fps.mkv"
      cmd=(ffmpeg -nostdin -hide_banner -loglevel error -progress "$WORK/progress-$rec-$fps"
        -f x11grab -framerate "$fps" -video_size "$SIZE" -i "$DISPLAY")
      if [[ $rec == ffmpeg-mjpeg ]]; then
        cmd+=(-c:v mjpeg -q:v 3 -pix_fmt yuvj420p)
      else
        cmd+=(-c:v libx264 -preset ultrafast -pix_fmt yuv420p)
      fi
      cmd+=(-y "$store")
      ;;
    *) echo "unknown recorder '$rec'; known: ${RECORDERS}" >&2; exit 2 ;;
  esac
  # The launcher rebuilds when a source changed since: do it here, not inside the warm-up.
  [[ $rec == screentrail-* ]] && "$launcher" --help >/dev/null
  echo
  echo "=== $rec at $fps fps ==="
  echo "+ DISPLAY=$DISPLAY ${cmd[*]}" | tee "$log"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
  "${cmd[@]}" >>"$log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  sleep "$WARMUP"
  kill -0 "$pid" 2>/dev/null || { echo "$rec exited during warm-up; see $log" >&2; tail "$log" >&2; exit 1; }

  # frames: records in frames.bin for screentrail, ffmpeg's own frame count otherwise
  frames_now() {
    if [[ $rec == screentrail-* ]]; then count_frames "$store"
    else ffmpeg_frames "$WORK/progress-$rec-$fps"; fi
  }
  local t0 t1 c0 c1 x0 x1 b0 b1 f0 f1 rss=() hwm
  local typist=""
  if [[ -n ${TYPE_CPS:-} ]]; then
    xdotool mousemove 100 100
    (while :; do
       xdotool type --delay "$((1000 / TYPE_CPS))" "typing burst for the input path " || exit 0
       xdotool key ctrl+u || exit 0
     done) >/dev/null 2>&1 &
    typist=$!
    PIDS+=("$typist")
  fi
  thread_ticks "$pid" >"$WORK/threads0"
  t0=$(date +%s.%N); c0=$(cpu_ticks "$pid"); x0=$(cpu_ticks "$XVFB_PID")
  b0=$(bytes_of "$store"); f0=$(frames_now)
  rss+=("$(mem_kb "$pid" VmRSS)")
  for ((i = 0; i < WINDOW / 5; i++)); do
    sleep 5
    rss+=("$(mem_kb "$pid" VmRSS)")
  done
  t1=$(date +%s.%N); c1=$(cpu_ticks "$pid"); x1=$(cpu_ticks "$XVFB_PID")
  b1=$(bytes_of "$store"); f1=$(frames_now); hwm=$(mem_kb "$pid" VmHWM)
  thread_ticks "$pid" >"$WORK/threads1"
  [[ -n $typist ]] && { kill "$typist" 2>/dev/null || true; wait "$typist" 2>/dev/null || true; }
  {
    echo "# per-thread CPU seconds in the window:"
    thread_delta "$WORK/threads0" "$WORK/threads1" | awk '$1 > 0' | head -n 25
    echo "# RSS kB every 5 s: ${rss[*]}"
    echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    if [[ $rec == screentrail-* ]]; then redaction_summary "$store" "$f0" "$f1"; fi
  } | tee -a "$log"

  kill -"$stop_signal" "$pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ $rec == screentrail-* ]]; then
    echo "+ $launcher inspect $store" >>"$log"
    "$launcher" inspect "$store" >>"$log" 2>&1 || echo "inspect failed; see $log" >&2
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rec" "$fps" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" \
    "$(awk -v a="$c0" -v b="$c1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')" \
    "$(awk -v a="$x0" -v b="$x1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')" \
    "$(printf '%s\n' "${rss[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", v[int((NR + 1) / 2)] / 1024 }')" \
    "$(printf '%s\n' "${rss[@]}" | sort -n | tail -n1 | awk '{ printf "%.0f", $1 / 1024 }')" \
    "$(awk -v k="$hwm" 'BEGIN { printf "%.0f", k / 1024 }')" \
    "$((b1 - b0))" "$((f1 - f0))" | tee -a "$OUT/e2e-results.tsv"
  if [[ -n ${KEEP:-} && $rec == screentrail-* ]]; then
    mkdir -p "$KEEP" && rm -rf "${KEEP:?}/$(basename "$store")" && mv "$store" "$KEEP/"
  else
    rm -rf "$store"
  fi
}

for fps in $FPS_LIST; do
  for rec in $RECORDERS; do
    run_one "$rec" "$fps"
  done
done

echo
python3 - "$OUT/e2e-results.tsv" <<'EOF' | tee "$OUT/e2e-table.md"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
mjpeg = {r["fps"]: float(r["cpu_s"]) / float(r["window_s"]) for r in rows
         if r["recorder"] == "ffmpeg-mjpeg"}
print("| recorder | fps | CPU s per minute | % of one core | vs ffmpeg MJPEG | Xvfb CPU s per minute "
      "| RSS MB median / max (VmHWM) | bytes in window | MB per hour | frames stored |")
print("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|")
for r in rows:
    w = float(r["window_s"])
    per_s = float(r["cpu_s"]) / w
    ratio = f"{per_s / mjpeg[r['fps']]:.2f}x" if r["fps"] in mjpeg and mjpeg[r["fps"]] else "-"
    mb_h = int(r["bytes"]) / w * 3600 / 1e6
    print(f"| {r['recorder']} | {r['fps']} | {per_s * 60:.2f} | {per_s * 100:.1f} % | {ratio} "
          f"| {float(r['xvfb_cpu_s']) / w * 60:.2f} | {r['rss_median_mb']} / {r['rss_max_mb']} "
          f"({r['hwm_mb']}) | {int(r['bytes']):,} | {mb_h:.0f} | {r['frames']} |")
EOF
echo
echo "Results in $OUT: e2e-results.tsv, e2e-table.md, e2e-env.txt, e2e-*fps.log"
