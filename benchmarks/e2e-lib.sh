# Shared by run-e2e.sh and run-soak.sh (sourced, not run): the scripted working desktop on a
# private Xvfb and process sampling from /proc (the scratch folder, cleanup and start_xvfb come
# from xvfb-lib.sh).
# Expects the caller to have set: OUT (results folder), SIZE (WxH), and `set -euo pipefail`.

# The desktop's defaults, for callers that leave them unset.
LINES_PER_S=${LINES_PER_S:-4}
SCROLL_PX=${SCROLL_PX:-120}
SCROLL_MS=${SCROLL_MS:-2000}
if [[ -z ${PAGE:-} ]]; then
  if command -v chromium >/dev/null; then PAGE=chromium; else PAGE=less; fi
fi

source benchmarks/xvfb-lib.sh
CLK_TCK=$(getconf CLK_TCK)

# Names each missing tool with the package that provides it (Debian/Ubuntu names), then exits 3.
require_tools() {
  local missing=() tool
  declare -A pkg=([Xvfb]=xvfb [xterm]=xterm [xclock]=x11-apps [xdotool]=xdotool [ffmpeg]=ffmpeg
    [python3]=python3 [java]=openjdk-17-jdk-headless [jstat]=openjdk-17-jdk-headless
    [chromium]=chromium [less]=less)
  for tool in "$@"; do
    command -v "$tool" >/dev/null || missing+=("${pkg[$tool]:-$tool}")
  done
  if ((${#missing[@]} > 0)); then
    echo "$(basename "$0"): missing tools; install them with:" \
      "sudo apt-get install -y $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
    exit 3
  fi
}

# Build-like output, about LINES_PER_S lines a second, forever: compiler, test and link lines
# with varying names and counts, as a terminal shows during a long build.
build_output_script() {
  cat <<'EOF'
mods=(capture-core cli benchmarks native-config session-tools viewer policy store)
pkgs=(source diff redact encode input session policy internal json ocr x11)
verbs=("Compiling" "Compiling" "Compiling" "Running" "Testing" "Linking" "Copying" "Scanning")
n=0
delay=$(awk -v r="$LINES_PER_S" 'BEGIN { printf "%.3f", 1 / r }')
while :; do
  n=$((n + 1))
  m=${mods[RANDOM % ${#mods[@]}]}
  p=${pkgs[RANDOM % ${#pkgs[@]}]}
  case $((n % 9)) in
    0) printf '[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ %s ---\n' "$m" ;;
    1) printf '[INFO] Tests run: %d, Failures: 0, Errors: 0, Skipped: %d, Time elapsed: %d.%03d s - in io.screentrail.%s.%sTest\n' \
         $((RANDOM % 40 + 1)) $((RANDOM % 3)) $((RANDOM % 9)) $((RANDOM % 1000)) "$p" "${p^}Stage" ;;
    2) printf '  CC       src/%s/%s_%04x.o\n' "$p" "$m" $RANDOM ;;
    5) printf '[WARNING] %s/src/main/java/io/screentrail/%s/Item%d.java:[%d,%d] unchecked call\n' \
         "$m" "$p" $((RANDOM % 90)) $((RANDOM % 400)) $((RANDOM % 80)) ;;
    *) printf '[INFO] %s %d source files to %s/target/classes (%s) %d%%\n' \
         "${verbs[RANDOM % ${#verbs[@]}]}" $((RANDOM % 120 + 1)) "$m" "$p" $((n % 101)) ;;
  esac
  read -r -t "$delay" <> <(:) || true  # sleep without a fork per line
done
EOF
}

# A long local page: headings, prose, a table and code blocks; scrolls by SCROLL_PX every
# SCROLL_MS and starts over at the bottom.
write_page() {
  python3 - "$1" "$SCROLL_PX" "$SCROLL_MS" <<'EOF'
import random, sys
path, px, ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(7)
words = ("capture frame redaction session encoder writer timeline budget latency monitor "
         "window pixel buffer thread queue record stats change damage tile hash policy input "
         "keyboard mouse export viewer storage rate sample").split()
def sentence():
    s = " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 18)))
    return s[0].upper() + s[1:] + "."
parts = ["<!doctype html><html><head><meta charset=utf-8><title>Design notes</title><style>",
         "body{font:15px/1.45 sans-serif;margin:24px 40px;color:#222}",
         "pre{background:#f3f3f3;padding:8px;font:13px monospace}",
         "td,th{border:1px solid #ccc;padding:3px 8px}table{border-collapse:collapse}</style>",
         "</head><body>"]
for sec in range(1, 61):
    parts.append(f"<h2>{sec}. {rnd.choice(words).title()} {rnd.choice(words)}</h2>")
    for _ in range(3):
        parts.append("<p>" + " ".join(sentence() for _ in range(4)) + "</p>")
    if sec % 3 == 0:
        parts.append("<table><tr><th>name</th><th>value</th><th>unit</th></tr>")
        for _ in range(6):
            parts.append(f"<tr><td>{rnd.choice(words)}</td><td>{rnd.randint(1, 99999)}</td>"
                         f"<td>{rnd.choice(['ms', 'MB', 'fps', '%'])}</td></tr>")
        parts.append("</table>")
    if sec % 4 == 0:
        parts.append("<pre>" + "\n".join(
            f"  {rnd.choice(words)}.{rnd.choice(words)}({rnd.randint(0, 999)});"
            for _ in range(8)) + "</pre>")
parts.append(f"""<script>
setInterval(function () {{
  if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 2) window.scrollTo(0, 0);
  else window.scrollBy(0, {px});
}}, {ms});
</script></body></html>""")
open(path, "w").write("\n".join(parts))
EOF
}

# The working desktop: build output in an xterm (left), an xclock updating every second (top
# right), and a scrolling page below it: Chromium (PAGE=chromium) or less paged by xdotool
# (PAGE=less), both every SCROLL_MS.
start_desktop() {
  if [[ ${DESKTOP:-working} == quiet ]]; then
    start_quiet_desktop
    return
  fi
  local w=${SIZE%x*} h=${SIZE#*x}
  local cols=${TERM_COLS:-120} rows=${TERM_ROWS:-45}
  local px=$((w * 47 / 100)) pw=$((w * 52 / 100)) ph=$((h * 70 / 100)) py=$((h * 25 / 100))
  build_output_script >"$WORK/build-output.sh"
  echo "+ xterm -geometry ${cols}x${rows}+0+0 -e bash --norc --noprofile build-output.sh" \
    "(LINES_PER_S=$LINES_PER_S)"
  LINES_PER_S=$LINES_PER_S xterm -geometry "${cols}x${rows}+0+0" -title build \
    -e bash --norc --noprofile "$WORK/build-output.sh" >/dev/null 2>&1 &
  PIDS+=("$!")
  echo "+ xclock -update 1 -geometry 220x220-10+10"
  xclock -update 1 -geometry 220x220-10+10 >/dev/null 2>&1 &
  PIDS+=("$!")
  write_page "$WORK/page.html"
  if [[ $PAGE == chromium ]]; then
    local chrome=(chromium --no-sandbox --user-data-dir="$WORK/chromium" --no-first-run
      --no-default-browser-check --disable-gpu --disable-background-networking
      --disable-component-update --disable-features=Translate,MediaRouter --password-store=basic
      --window-position="$px,$py" --window-size="$pw,$ph" --app="file://$WORK/page.html")
    echo "+ ${chrome[*]}"
    "${chrome[@]}" >"$WORK/chromium.log" 2>&1 &
    PIDS+=("$!")
    wait_for_window 60 --class chromium
  else
    python3 - "$WORK/page.html" >"$WORK/page.txt" <<'EOF'
import html, re, sys
print(html.unescape(re.sub(r"<[^>]+>", "", open(sys.argv[1]).read())))
EOF
    local lcols=$((pw / 6)) lrows=$((ph / 13))
    echo "+ xterm -geometry ${lcols}x${lrows}+$px+$py -e less page.txt (xdotool: 'd' every ${SCROLL_MS} ms)"
    xterm -geometry "${lcols}x${lrows}+$px+$py" -title page -e less -R "$WORK/page.txt" \
      >/dev/null 2>&1 &
    PIDS+=("$!")
    local win
    win=$(timeout 20 xdotool search --sync --onlyvisible --name '^page$' | head -n1)
    (while :; do sleep "$(awk -v m="$SCROLL_MS" 'BEGIN { print m / 1000 }')"
       xdotool key --window "$win" d 2>/dev/null || exit 0; done) &
    PIDS+=("$!")
  fi
  wait_for_window 20 --class xterm
  wait_for_window 20 --class xclock
  sleep 3 # let the page lay out and the first lines scroll in
}

# grab_screens DIR N RATE: starts a private Xvfb with the working desktop, grabs N screens, RATE
# a second, with ffmpeg x11grab into DIR/screen-NN.png (lossless), then stops everything it
# started.
grab_screens() {
  start_xvfb
  export DISPLAY=$DISPLAY_NAME
  start_desktop
  sleep 4 # the page's first scrolls and a screenful of build output
  echo "+ ffmpeg -f x11grab -framerate $3 -i $DISPLAY -frames:v $2 screen-%02d.png"
  ffmpeg -loglevel error -f x11grab -framerate "$3" -video_size "$SIZE" -i "$DISPLAY" \
    -frames:v "$2" "$1/screen-%02d.png"
  cleanup
}

# wait_for_window SECONDS XDOTOOL-SEARCH-ARGS...: until a visible window matches. Not `search
# --sync`: it fails with BadWindow when a window it looks at goes away meanwhile (Chromium's
# short-lived windows at start-up), which ended whole runs.
wait_for_window() {
  local limit=$1 i
  shift
  for ((i = 0; i < limit * 4; i++)); do
    xdotool search --onlyvisible "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "no window matching '$*' appeared in $limit s" >&2
  return 1
}

# DESKTOP=quiet: one xterm at a bash prompt and nothing else, so that no pixel changes at all:
# what a recorder costs when there is nothing to record.
start_quiet_desktop() {
  echo "+ xterm -geometry 80x24+0+0 -e bash --norc --noprofile (quiet desktop)"
  xterm -geometry 80x24+0+0 -title quiet -e bash --norc --noprofile >/dev/null 2>&1 &
  PIDS+=("$!")
  wait_for_window 20 --class xterm
  sleep 3
}

# utime+stime of a process in clock ticks (all its threads).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# VmRSS or VmHWM of a process in kB.
mem_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# Per-thread "name<TAB>ticks" of a process (thread names may hold spaces).
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    # A thread may end between the listing and the read: it is simply left out.
    { sed -E 's/^[0-9]+ \((.*)\) [A-Za-z] (.*)$/\1\t\2/' "$t/stat" 2>/dev/null |
      awk -F'\t' '{ split($2, f, " "); print $1 "\t" f[11] + f[12] }'; } || true
  done
}

# Sums two thread_ticks dumps into "delta_seconds<TAB>name", the busiest first.
thread_delta() {
  awk -F'\t' -v hz="$CLK_TCK" 'NR == FNR { before[$1] += $2; next } { after[$1] += $2 }
    END { for (n in after) printf "%.2f\t%s\n", (after[n] - before[n]) / hz, n }' "$1" "$2" |
    sort -rn
}

# Frame records in a session's timeline.bin: after a 16-byte file header, each record is a
# 12-byte header (magic, length, CRC) and a JSON payload; a frame's starts {"type":"frame".
count_frames() {
  python3 - "$1/timeline.bin" <<'EOF'
import os, struct, sys
path = sys.argv[1]
data = open(path, "rb").read() if os.path.exists(path) else b""
pos, n = 16, 0
while pos + 12 <= len(data):
    length = struct.unpack_from("<I", data, pos + 4)[0]
    if pos + 12 + length > len(data):
        break
    n += data[pos + 12:pos + 12 + length].startswith(b'{"type":"frame"')
    pos += 12 + length
print(n)
EOF
}

# Redaction per stored frame, over frame records FROM+1..TO of a session's timeline.bin (the
# window): mean lines found, OCR reads, cache hits and redaction ms (the encoder thread's wall
# time, OCR waits included), from each frame's "redaction" object.
redaction_summary() {
  python3 - "$1/timeline.bin" "$2" "$3" <<'EOF'
import json, os, struct, sys
path, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read() if os.path.exists(path) else b""
pos, n, sums, frames = 16, 0, [0, 0, 0, 0, 0, 0], 0
while pos + 12 <= len(data):
    length = struct.unpack_from("<I", data, pos + 4)[0]
    if pos + 12 + length > len(data):
        break
    body = data[pos + 12:pos + 12 + length]
    pos += 12 + length
    if not body.startswith(b'{"type":"frame"'):
        continue
    n += 1
    if n <= first or n > last:
        continue
    r = json.loads(body).get("redaction", {})
    if r.get("status", "off") == "off":
        continue
    frames += 1
    for i, k in enumerate(("lines", "ocrLines", "cacheHits", "micros", "unreadableAgain",
                           "overBudget")):
        sums[i] += r.get(k, 0)
f = max(frames, 1)
print(f"# redaction per stored frame in the window ({frames} frames): {sums[0] / f:.1f} lines,"
      f" {sums[1] / f:.1f} OCR reads, {sums[2] / f:.1f} cache hits, {sums[3] / f / 1000:.0f} ms,"
      f" {sums[4] / f:.1f} hidden unread again, {sums[5] / f:.1f} hidden over the OCR allowance")
EOF
}

# The last frame= value in an ffmpeg -progress file.
ffmpeg_frames() { awk -F= '$1 == "frame" { f = $2 } END { print f + 0 }' "$1" 2>/dev/null; }

# Bytes under a path (file or folder).
bytes_of() { du -sb "$1" 2>/dev/null | cut -f1; }

write_env() {
  {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
    echo "jdk: $(java -version 2>&1 | tr '\n' ' ')"
    echo "ffmpeg: $(ffmpeg -hide_banner -version 2>/dev/null | head -n1)"
    echo "xvfb: $(dpkg-query -W -f '${Version}' xvfb 2>/dev/null || echo unknown)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)$(
      git diff --quiet HEAD -- capture-core cli 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "screentrail JVM flags: launcher defaults (SCREENTRAIL_JVM_DEFAULTS):" \
      "${SCREENTRAIL_JVM_DEFAULTS-as ./screentrail sets them}; SCREENTRAIL_JAVA_OPTS:" \
      "${SCREENTRAIL_JAVA_OPTS:-none}; MALLOC_ARENA_MAX: ${MALLOC_ARENA_MAX:-as ./screentrail sets it}"
    [[ ${DESKTOP:-working} == quiet ]] && echo "desktop: $SIZE, quiet (one idle xterm)"
    [[ ${DESKTOP:-working} == quiet ]] ||
    echo "desktop: $SIZE, page=$PAGE, build output $LINES_PER_S lines/s in a ${TERM_COLS:-120}x${TERM_ROWS:-45} xterm, scroll ${SCROLL_PX}px" \
      "every ${SCROLL_MS} ms, xclock -update 1"
  } | tee "$1"
}
