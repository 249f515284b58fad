#!/usr/bin/env bash
# A privacy probe of the whole recorder: a scene with fake sensitive values on a private Xvfb,
# recorded RUNS times at 2 fps by `./screentrail record` with redaction on (the default); each
# session is exported as frames and every frame is read back. Prints per run the frames stored,
# the grabs redone and the lines with a legible value, and exits 1 when any value was legible.
# Everything it started is stopped on exit.
#
# SCENE=terminal (the default): Xvfb 1000x700 with an xterm in the 6x13 font, taller than the
# screen, printing `userN pays with card 4111 1111 1111 1111 mail jane.doeN@example.com ok` every
# 0.15 s (first filling the screen, then scrolling); 10 s a recording; frames read with the
# engine's own OCR (LeakProbe).
# SCENE=page: Xvfb 1280x800 with Chromium (--app) showing a long local page (benchmarks/
# leak-page.py: prose, tables and forms in two fonts and four sizes, 11-16 px) holding fake cards,
# e-mail addresses, an SSN, phone numbers, IBANs, an AWS key id and a `password:` field, scrolled
# by 37, 53, 120, 251 px, a smooth 180 px and 160 px in eight small steps, one step every 0.6 s;
# 12 s a recording; frames read with the engine's own OCR and, when the `tesseract` command is
# installed, by it as an independent attacker (PSM 11 on each frame enlarged twice). A value is
# legible when a reading holds enough of it (PlantedValues: 8 digits of a card in a row...).
#
# Usage:  [SCENE=terminal|page] benchmarks/run-leak-probe.sh [RUNS]   (default 10; 30-120 s a run)
# KEEP=1 keeps every run's frames, to look at them (a person reads some lines OCR does not).
# RECORD_FLAGS adds flags to `record` (RECORD_FLAGS=--no-redact shows that the readers find the
# values when nothing is hidden).
# Results in benchmarks/target/leak-probe/SCENE/: leak-probe.txt and, for a run with a legible
# value (every run with KEEP=1), its exported frames (run-N/) and what was read in them.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
SCENE=${SCENE:-terminal}
OUT=benchmarks/target/leak-probe/$SCENE
case $SCENE in
  terminal) tools=(Xvfb xterm python3); seconds=10 ;;
  page) tools=(Xvfb chromium xdotool python3); seconds=12 ;;
  *) echo "run-leak-probe.sh: SCENE must be terminal or page, was $SCENE" >&2; exit 2 ;;
esac
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "run-leak-probe.sh: $tool is not installed" >&2; exit 1; }
done
source benchmarks/build-jar.sh
build_if_needed
rm -rf "$OUT"
mkdir -p "$OUT"

source benchmarks/xvfb-lib.sh
attacker=""
if [[ $SCENE == terminal ]]; then
  start_xvfb 1000x700
  export DISPLAY=$DISPLAY_NAME
  xterm -fn 6x13 -geometry 200x80+0+0 -e bash --norc --noprofile -c \
    'i=6000; while :; do i=$((i + 1));
       echo "user$i pays with card 4111 1111 1111 1111 mail jane.doe$i@example.com ok"; sleep 0.15;
     done' &
  PIDS+=($!)
  sleep 2
  probe_args=()
else
  start_xvfb 1280x800
  export DISPLAY=$DISPLAY_NAME
  python3 benchmarks/leak-page.py "$WORK/page.html" "$WORK/values.tsv"
  probe_args=(--values "$WORK/values.tsv")
  command -v tesseract >/dev/null && attacker=tesseract
fi
# The page restarts for each recording (a fresh scroll from the top, so every run sees the
# same values at different cut heights); the terminal runs throughout.
start_page() {
  # A fresh profile each time: the one before may still be written by children that exit late.
  chromium --no-sandbox --user-data-dir="$WORK/chromium-$run" --no-first-run \
    --no-default-browser-check --disable-gpu --disable-background-networking \
    --disable-component-update --disable-features=Translate,MediaRouter --password-store=basic \
    --window-position=0,0 --window-size=1280,800 --app="file://$WORK/page.html" \
    >"$WORK/chromium.log" 2>&1 &
  page_pid=$!
  PIDS+=("$page_pid")
  for _ in $(seq 120); do
    xdotool search --onlyvisible --class chromium >/dev/null 2>&1 && break
    sleep 0.25
  done
  sleep 3 # the first paint and the first scroll steps
}

./screentrail --help >/dev/null # builds the launcher's jar once, outside the runs
{ date -u '+%Y-%m-%d %H:%M UTC'; echo "load $(cut -d' ' -f1-3 /proc/loadavg)";
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)";
  echo "scene $SCENE, attacker ${attacker:-none}"; } | tee "$OUT/leak-probe.txt"
total=0
for run in $(seq 1 "$RUNS"); do
  session="$WORK/session-$run"
  [[ $SCENE == page ]] && start_page
  ./screentrail record --out "$session" --fps 2 --duration "${seconds}s" ${RECORD_FLAGS:-} \
    >/dev/null 2>"$WORK/record-$run.log" \
    || { cat "$WORK/record-$run.log" >&2; exit 1; }
  ./screentrail export "$session" --format frames --out "$WORK/frames-$run" >/dev/null
  counts=$(./screentrail inspect "$session" --json | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(d["framesStored"], d["framesCaptured"], d.get("performance", {}).get("grabsRedone", 0))')
  read -r stored captured redone <<<"$counts"
  set +e
  java -cp "$JAR" io.screentrail.bench.redact.LeakProbe "${probe_args[@]}" "$WORK/frames-$run"/* \
    >"$WORK/probe-$run.txt"
  set -e
  if [[ $SCENE == page ]]; then
    kill "$page_pid" 2>/dev/null || true
    wait "$page_pid" 2>/dev/null || true
  fi
  legible=$(grep -c '^LEGIBLE' "$WORK/probe-$run.txt" || true)
  line="run $run: $stored frames stored of $captured captured, $redone grabs redone, $legible lines with a legible value"
  attacked=0
  if [[ -n $attacker ]]; then
    # The attacker reads after the recording, so its CPU does not slow the recorder.
    mkdir -p "$WORK/big-$run" "$WORK/text-$run"
    java -cp "$JAR" io.screentrail.bench.redact.LeakProbe --upscale "$WORK/big-$run" "$WORK/frames-$run"/*
    for big in "$WORK/big-$run"/*; do
      OMP_THREAD_LIMIT=1 tesseract "$big" "$WORK/text-$run/$(basename "$big" .png)" --psm 11 \
        >/dev/null 2>&1 || true
    done
    set +e
    java -cp "$JAR" io.screentrail.bench.redact.LeakProbe "${probe_args[@]}" --text \
      "$WORK/text-$run"/*.txt >"$WORK/attack-$run.txt"
    set -e
    attacked=$(grep -c '^LEGIBLE' "$WORK/attack-$run.txt" || true)
    line="$line; tesseract: $attacked frames with a legible value"
  fi
  total=$((total + legible + attacked))
  echo "$line" | tee -a "$OUT/leak-probe.txt"
  if ((legible + attacked > 0)) || [[ ${KEEP:-} == 1 ]]; then
    { grep -h '^LEGIBLE' "$WORK/probe-$run.txt" | head -5 || true
      if [[ -n $attacker ]]; then grep -h '^LEGIBLE' "$WORK/attack-$run.txt" | head -5 || true; fi
    } | tee -a "$OUT/leak-probe.txt"
    cp -r "$WORK/frames-$run" "$OUT/run-$run"
    cp "$WORK/probe-$run.txt" "$OUT/run-$run/probe.txt"
    if [[ -n $attacker ]]; then
      cp "$WORK/attack-$run.txt" "$OUT/run-$run/attack.txt"
      cp -r "$WORK/text-$run" "$OUT/run-$run/tesseract"
    fi
  fi
done
echo "$RUNS runs ($SCENE), $total readings with a legible value" | tee -a "$OUT/leak-probe.txt"
((total == 0))
