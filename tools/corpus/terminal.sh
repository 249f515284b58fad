#!/bin/bash
# Renders real terminal screens: starts an Xvfb, runs each script in a real xterm
# filling the 1280x800 screen, and captures the root window with ImageMagick's import.
#
#   tools/corpus/terminal.sh SCRIPT.sh OUT.png [SCRIPT.sh OUT.png ...]
#
# A script names its xterm colours and font on a "# xterm-options:" line, prints its
# session, then touches $SCREENTRAIL_DONE and sleeps; the capture waits for that file.
set -euo pipefail
[ $# -ge 2 ] && [ $(($# % 2)) -eq 0 ] || { echo "usage: $0 SCRIPT.sh OUT.png [SCRIPT.sh OUT.png ...]" >&2; exit 2; }
for tool in Xvfb xterm import xdpyinfo xwininfo; do
  command -v "$tool" >/dev/null || { echo "$0: $tool missing; run tools/corpus/setup.sh" >&2; exit 1; }
done

display=""
for n in $(seq 90 199); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=":$n"; break; fi
done
[ -n "$display" ] || { echo "$0: no free X display in :90-:199" >&2; exit 1; }

# -br: black root; -dpi 96 so xterm's point sizes map to the same pixels everywhere.
Xvfb "$display" -screen 0 1280x800x24 -dpi 96 -nolisten tcp -br >/dev/null 2>&1 &
xvfb=$!
term=""
cleanup() { [ -n "$term" ] && kill "$term" 2>/dev/null; kill "$xvfb" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 300); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
xdpyinfo -display "$display" >/dev/null 2>&1 || { echo "$0: Xvfb did not start on $display" >&2; exit 1; }

while [ $# -gt 0 ]; do
  script=$1 out=$2; shift 2
  opts=$(sed -n 's/^# xterm-options: //p' "$script")
  bg=$(sed -n 's/.*-bg \([^ ]*\).*/\1/p' <<<"$opts")
  fg=$(sed -n 's/.*-fg \([^ ]*\).*/\1/p' <<<"$opts")
  face=$(sed -n 's/.*-fa \(.*\) -fs.*/\1/p' <<<"$opts")
  size=$(sed -n 's/.*-fs \([0-9.]*\).*/\1/p' <<<"$opts")
  look=(-bg "$bg" -fg "$fg" -fa "$face" -fs "$size" -bw 0 +sb -xrm 'XTerm*internalBorder: 6' -xrm 'XTerm*cursorBlink: false')
  # Measure the font's cell on a 10x5 probe window, so the real window fills the screen
  # exactly and long lines wrap at its visible right edge.
  probe_file=$(mktemp -u)
  DISPLAY=$display xterm -geometry 10x5+0+0 "${look[@]}" -e sh -c "echo \$WINDOWID > $probe_file; sleep 30" >/dev/null 2>&1 &
  probe=$!
  for _ in $(seq 100); do [ -s "$probe_file" ] && break; sleep 0.1; done
  sleep 0.3
  read -r width height < <(xwininfo -display "$display" -id "$(cat "$probe_file")" | awk '/Width:/{w=$2} /Height:/{h=$2} END{print w, h}')
  kill "$probe" 2>/dev/null; wait "$probe" 2>/dev/null || true; rm -f "$probe_file"
  cell_w=$(( (width - 12) / 10 )) cell_h=$(( (height - 12) / 5 ))
  cols=$(( (1280 - 12) / cell_w )) rows=$(( (800 - 12) / cell_h ))
  done_file=$(mktemp -u)
  SCREENTRAIL_DONE=$done_file DISPLAY=$display xterm -geometry "${cols}x${rows}+0+0" "${look[@]}" -title "${script##*/}" \
      -e bash "$script" >/dev/null 2>&1 &
  term=$!
  for _ in $(seq 150); do [ -e "$done_file" ] && break; sleep 0.1; done
  [ -e "$done_file" ] || { echo "$0: $script did not finish" >&2; exit 1; }
  sleep 0.7   # let xterm paint the last lines
  mkdir -p "$(dirname "$out")"
  import -display "$display" -window root "$out"
  kill "$term" 2>/dev/null; wait "$term" 2>/dev/null || true; term=""
  rm -f "$done_file"
done
