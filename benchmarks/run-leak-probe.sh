#!/usr/bin/env bash
# A privacy probe of the whole recorder: a private Xvfb (1000x700) with an xterm in the 6x13 font,
# taller than the screen, printing `userN pays with card 4111 1111 1111 1111 mail
# jane.doeN@example.com ok` every 0.15 s (first filling the screen, then scrolling), recorded RUNS
# times for 10 s at 2 fps by `./screentrail record` with redaction on (the default); each session
# is exported as frames and every frame is read back with the engine's own OCR (LeakProbe). Prints
# per run the frames stored, the grabs redone and the lines with a legible value, and exits 1
# when any value was legible. Everything it started is stopped on exit.
#
# Usage:  benchmarks/run-leak-probe.sh [RUNS]      (default 10; about 30 s a run)
# Results in benchmarks/target/leak-probe/: leak-probe.txt and, for a run with a legible value,
# its exported frames (run-N/).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/target/leak-probe
RUNS=${1:-10}
for tool in Xvfb xterm python3; do
  command -v "$tool" >/dev/null || { echo "run-leak-probe.sh: $tool is not installed" >&2; exit 1; }
done
source benchmarks/build-jar.sh
build_if_needed
rm -rf "$OUT"
mkdir -p "$OUT"

source benchmarks/xvfb-lib.sh
start_xvfb 1000x700
export DISPLAY=$DISPLAY_NAME
xterm -fn 6x13 -geometry 200x80+0+0 -e bash --norc --noprofile -c \
  'i=6000; while :; do i=$((i + 1));
     echo "user$i pays with card 4111 1111 1111 1111 mail jane.doe$i@example.com ok"; sleep 0.15;
   done' &
PIDS+=($!)
sleep 2

./screentrail --help >/dev/null # builds the launcher's jar once, outside the runs
{ date -u '+%Y-%m-%d %H:%M UTC'; echo "load $(cut -d' ' -f1-3 /proc/loadavg)";
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"; } | tee "$OUT/leak-probe.txt"
total=0
for run in $(seq 1 "$RUNS"); do
  session="$WORK/session-$run"
  ./screentrail record --out "$session" --fps 2 --duration 10s >/dev/null 2>"$WORK/record-$run.log" \
    || { cat "$WORK/record-$run.log" >&2; exit 1; }
  ./screentrail export "$session" --format frames --out "$WORK/frames-$run" >/dev/null
  counts=$(./screentrail inspect "$session" --json | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(d["framesStored"], d["framesCaptured"], d.get("performance", {}).get("grabsRedone", 0))')
  read -r stored captured redone <<<"$counts"
  set +e
  java -cp "$JAR" io.screentrail.bench.redact.LeakProbe "$WORK/frames-$run"/* >"$WORK/probe-$run.txt"
  set -e
  legible=$(grep -c '^LEGIBLE' "$WORK/probe-$run.txt" || true)
  total=$((total + legible))
  echo "run $run: $stored frames stored of $captured captured, $redone grabs redone, $legible lines with a legible value" \
    | tee -a "$OUT/leak-probe.txt"
  if ((legible > 0)); then
    grep '^LEGIBLE' "$WORK/probe-$run.txt" | head -5 | tee -a "$OUT/leak-probe.txt"
    cp -r "$WORK/frames-$run" "$OUT/run-$run"
  fi
done
echo "$RUNS runs, $total lines with a legible value" | tee -a "$OUT/leak-probe.txt"
((total == 0))
