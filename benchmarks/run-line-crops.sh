#!/usr/bin/env bash
# Line crops on the end-to-end working desktop (run-e2e.sh's: an xterm printing build output, an
# xclock, a scrolling page): grabs N screens one second apart with ffmpeg x11grab into lossless
# PNG, then runs LineCropProbe on them, which counts the line crops that are new on each screen
# (what the pixel-keyed OCR cache misses) against the pixel rows that are new, and redacts the
# screens in order with real OCR (reads and cache hits per screen).
# Everything it started is stopped on exit.
#
# Usage:  benchmarks/run-line-crops.sh [N]      (default 8 screens)
#         REUSE=1 benchmarks/run-line-crops.sh  (probe the screens of the last grab again, e.g.
#                                               to compare two builds on the same pixels)
# Environment: PAGE, LINES_PER_S, SCROLL_PX, SCROLL_MS, TERM_COLS, TERM_ROWS as run-e2e.sh.
# Results in benchmarks/target/: line-crops/screen-NN.png and line-crops.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/target
SIZE=${SIZE:-1920x1080}
N=${1:-8}
. benchmarks/e2e-lib.sh
source benchmarks/build-jar.sh
build_if_needed
dir=$OUT/line-crops
if [[ -z ${REUSE:-} ]]; then
  require_tools Xvfb xterm xclock xdotool ffmpeg python3 java "$PAGE"
  rm -rf "$dir"
  mkdir -p "$dir"
  grab_screens "$dir" "$N" 1
fi
cmd=(java ${JAVA_OPTS:-} -cp "$JAR" io.screentrail.bench.redact.LineCropProbe "$dir"/screen-*.png)
echo "+ ${cmd[*]}"
{ date -u '+%Y-%m-%d %H:%M UTC'; echo "load $(cut -d' ' -f1-3 /proc/loadavg)";
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(
    git diff --quiet HEAD -- capture-core 2>/dev/null || echo ' (with uncommitted changes)')"
} | tee "$OUT/line-crops.txt"
"${cmd[@]}" | tee -a "$OUT/line-crops.txt"
