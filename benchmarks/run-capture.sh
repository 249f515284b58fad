#!/usr/bin/env bash
# Capture benchmarks against real X servers: for each resolution, starts a private Xvfb of that
# size with an xterm full of text and an xclock on it, exports DISPLAY, and runs
#   1. GrabCpuProbe: CPU per grab, this process and the X server separately: grabs back to back,
#      then one grab every 100 ms as the engine runs at 10 fps (the server's copy costs more when
#      its caches have gone cold), then Robot's non-GTK path (-Dawt.robot.gtk=false);
#   2. CaptureGrabBenchmark (JMH, -prof gc, and -prof CpuProfiler for CPU per op with Xvfb's share).
# Everything it started is stopped on exit, also on failure or Ctrl-C.
#
# Usage:  benchmarks/run-capture.sh [WxH ...]        (default: 1280x720 1920x1080 2560x1440)
# Environment:
#   JMH_OPTS      JMH settings (default: -f 1 -wi 3 -w 1s -i 5 -r 1s)
#   PROBE_FRAMES  XShm grabs per back-to-back probe loop; Robot runs a tenth (default: 2000)
#   PACED_FRAMES  XShm grabs per 10 fps probe loop; Robot runs at least 20 (default: 50)
#   JAVA          java launcher (default: java)
# Results, per resolution, in benchmarks/target/: capture-WxH.json and .log (JMH), grab-cpu-WxH.txt
# (probe); capture-env.txt records the JDK, CPU and date.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target
JAVA=${JAVA:-java}
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s}
PROBE_FRAMES=${PROBE_FRAMES:-2000}
PACED_FRAMES=${PACED_FRAMES:-50}
if (($# > 0)); then SIZES=("$@"); else SIZES=(1280x720 1920x1080 2560x1440); fi

for tool in Xvfb xterm xclock xdotool; do
  command -v "$tool" >/dev/null || { echo "run-capture.sh: $tool is not installed" >&2; exit 1; }
done

source benchmarks/build-jar.sh

source benchmarks/xvfb-lib.sh

# An xterm over about 60% x 85% of the screen (6x13 font), filled with a directory listing and
# left at an interactive prompt, and an analog xclock in the top-right corner.
start_clients() {
  local w=${1%x*} h=${1#*x}
  local cols=$((w * 6 / 10 / 6)) rows=$((h * 85 / 100 / 13))
  xterm -geometry "${cols}x${rows}+10+10" -title "bench" -e bash --norc --noprofile -c \
    "ls -la /usr/lib/x86_64-linux-gnu | head -n $((rows - 4)); exec bash --norc --noprofile -i" \
    >/dev/null 2>&1 &
  PIDS+=("$!")
  xclock -geometry 200x200-10+10 >/dev/null 2>&1 &
  PIDS+=("$!")
  timeout 20 xdotool search --sync --onlyvisible --class xterm >/dev/null
  timeout 20 xdotool search --sync --onlyvisible --class xclock >/dev/null
  sleep 2 # let the listing finish drawing
}

stop_all() {
  cleanup
  WORK=$(mktemp -d)
}

build_if_needed
mkdir -p "$OUT"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
  echo "jdk: $("$JAVA" -version 2>&1 | tr '\n' ' ')"
  echo "xvfb: $(dpkg-query -W -f '${Version}' xvfb 2>/dev/null || echo unknown)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  # The working tree may differ from the commit: a digest of capture-core's sources names what was measured.
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo none), capture-core sources" \
    "sha256 $(find capture-core/src/main -name '*.java' -print0 | sort -z | xargs -0 cat |
      sha256sum | cut -c1-12)"
} | tee "$OUT/capture-env.txt"

for size in "${SIZES[@]}"; do
  [[ $size =~ ^[0-9]+x[0-9]+$ ]] || { echo "size must look like 1920x1080, was '$size'" >&2; exit 2; }
  echo
  echo "=== $size ==="
  start_xvfb "$size"
  export DISPLAY=$DISPLAY_NAME
  echo "Xvfb pid $XVFB_PID on DISPLAY=$DISPLAY"
  start_clients "$size"

  probe=("$JAVA" "-Dclk.tck=$(getconf CLK_TCK)" -cp "$JAR"
    io.screentrail.bench.source.GrabCpuProbe "$XVFB_PID" "$PROBE_FRAMES")
  echo "+ DISPLAY=$DISPLAY ${probe[*]}" | tee "$OUT/grab-cpu-$size.txt"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/grab-cpu-$size.txt"
  "${probe[@]}" | tee -a "$OUT/grab-cpu-$size.txt"
  paced=("$JAVA" "-Dclk.tck=$(getconf CLK_TCK)" -cp "$JAR" io.screentrail.bench.source.GrabCpuProbe
    "$XVFB_PID" "$PACED_FRAMES" xshmGrab,xshmGrabAndDetect,robotGrab,robotGrabAndDetect 100)
  echo "+ DISPLAY=$DISPLAY ${paced[*]}" | tee -a "$OUT/grab-cpu-$size.txt"
  "${paced[@]}" | tee -a "$OUT/grab-cpu-$size.txt"
  # Robot without GTK (the JDK's per-pixel fallback): few frames, it is slow.
  nogtk=("$JAVA" -Dawt.robot.gtk=false "-Dclk.tck=$(getconf CLK_TCK)" -cp "$JAR"
    io.screentrail.bench.source.GrabCpuProbe "$XVFB_PID" 200 robotGrab)
  echo "+ DISPLAY=$DISPLAY ${nogtk[*]}" | tee -a "$OUT/grab-cpu-$size.txt"
  "${nogtk[@]}" | tee -a "$OUT/grab-cpu-$size.txt"

  # shellcheck disable=SC2206 # JMH_OPTS is a list of words on purpose
  jmh=("$JAVA" -jar "$JAR" CaptureGrabBenchmark -p "resolution=$size" -prof gc
    -prof "io.screentrail.bench.CpuProfiler:xvfb=$XVFB_PID" $JMH_OPTS
    -rf json -rff "$OUT/capture-$size.json")
  echo "+ DISPLAY=$DISPLAY ${jmh[*]}" | tee "$OUT/capture-$size.log"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/capture-$size.log"
  "${jmh[@]}" 2>&1 | tee -a "$OUT/capture-$size.log"
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/capture-$size.log"
  stop_all
done

echo
echo "Results in $OUT: capture-*.json, capture-*.log, grab-cpu-*.txt, capture-env.txt"
