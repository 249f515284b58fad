#!/usr/bin/env bash
# Redaction cost on a full 1920x1080 screen of text, per kind of change. Starts a private Xvfb
# with two terminals filling the screen (DejaVu Sans Mono 11 on the left, the classic 6x13 bitmap
# font on the right, both full of text), grabs the screen three times with ImageMagick's import:
#   base      the terminals at a prompt;
#   typed     one more character typed at the left prompt;
#   scrolled  Enter pressed in the right terminal, so it scrolled by one line;
# and has headless Chromium shoot a web page of the redaction corpus at 1920x1080 (a more
# typical screen: less text, proportional fonts); then runs RedactScreenProbe on them.
# Everything it started is stopped on exit.
#
# Usage:  benchmarks/run-redact.sh [REPS]          (default 5)
# Results in benchmarks/target/: redact-screen.txt and the four PNG screens.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target
REPS=${1:-5}
for tool in Xvfb xterm xdotool import chromium; do
  command -v "$tool" >/dev/null || { echo "run-redact.sh: $tool is not installed" >&2; exit 1; }
done
source benchmarks/build-jar.sh
build_if_needed
mkdir -p $OUT

exec 3< <(exec Xvfb -displayfd 1 -noreset -nolisten tcp -screen 0 1920x1080x24 2>/dev/null)
xvfb_pid=$!
trap 'kill $(jobs -p) "$xvfb_pid" 2>/dev/null || true' EXIT
read -r -u 3 n
export DISPLAY=":$n"

# Text the terminals show: the project's own sources, as a developer's screen would.
left_text=capture-core/src/main/java/io/screentrail/CaptureEngine.java
right_text=capture-core/src/main/java/io/screentrail/redact/Redactor.java
xterm -geometry 136x61+0+0 -fa 'DejaVu Sans Mono' -fs 11 -title left \
  -e bash --norc --noprofile -c "head -c 20000 $left_text | tail -n 80; exec bash --norc --noprofile" &
xterm -geometry 158x81+960+0 -title right \
  -e bash --norc --noprofile -c "tail -n 100 $right_text; exec bash --norc --noprofile" &
# Waits for both windows (a loaded machine starts xterm slowly), then for their text.
left=$(timeout 60 xdotool search --sync --name '^left$' | head -1)
right=$(timeout 60 xdotool search --sync --name '^right$' | head -1)
sleep 3

grab() { import -window root "$OUT/redact-$1.png"; }
grab base
# Real key events through XTest to the focused window (xterm ignores synthetic ones).
xdotool windowfocus --sync "$left" type x
sleep 1
grab typed
xdotool key BackSpace windowfocus --sync "$right" key Return
sleep 1
grab scrolled

# A web page at full HD: the corpus's webmail screen.
page=tools/corpus/pages/webmail.html
profile=$(mktemp -d)
timeout 90 chromium --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size=1920,1080 --hide-scrollbars \
  --screenshot="$OUT/redact-page.png" "file://$PWD/$page" >/dev/null 2>&1
rm -rf "$profile"

cmd=(java ${JAVA_OPTS:-} -cp $JAR io.screentrail.bench.redact.RedactScreenProbe
  "$OUT/redact-base.png" "$OUT/redact-typed.png" "$OUT/redact-scrolled.png" "$REPS"
  "$OUT/redact-page.png")
echo "${cmd[*]}"
{ date -u '+%Y-%m-%d %H:%M UTC'; echo "load $(cut -d' ' -f1-3 /proc/loadavg)";
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"; } | tee $OUT/redact-screen.txt
"${cmd[@]}" | tee -a $OUT/redact-screen.txt
