#!/bin/bash
# Builds the redaction corpus: real screens holding fake secrets, with ground truth.
#
#   tools/corpus/build.sh            # every screen
#   tools/corpus/build.sh chat login # only these (by source name)
#
# pages/*.html and terminal/*.sh   -> redaction-corpus/screens/<name>.png + truth/<name>.json
# holdout/*.html and holdout/*.sh  -> redaction-corpus/holdout/screens/... + holdout/truth/...
# Pages are shot by headless Chromium at 1280x800; terminal scripts run in real xterms
# on an Xvfb (terminal.sh). truth.py writes each truth file and fails the build when it
# no longer matches its source. Needs: tools/corpus/setup.sh (Debian packages).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus="$root/capture-core/src/test/resources/redaction-corpus"
wanted=" $* "

for tool in chromium python3 Xvfb xterm import; do
  command -v "$tool" >/dev/null || { echo "$0: $tool missing; run tools/corpus/setup.sh" >&2; exit 1; }
done
convert=/usr/bin/convert   # ImageMagick itself, not a stand-in earlier on PATH
[ -x "$convert" ] || { echo "$0: ImageMagick missing; run tools/corpus/setup.sh" >&2; exit 1; }

selected() { [ "$wanted" = "  " ] || [[ "$wanted" == *" $1 "* ]]; }

# Strips metadata (import stamps dates) so rebuilding unchanged screens changes no bytes.
store_png() { "$convert" "$1" -strip -define png:compression-level=9 "PNG24:$2"; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

render_page() {  # page.html out.png
  local profile
  profile=$(mktemp -d -p "$scratch")
  timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1280,800 --hide-scrollbars \
    --screenshot="$scratch/shot.png" "file://$1" >"$scratch/chromium.log" 2>&1 \
    || { cat "$scratch/chromium.log" >&2; echo "$0: chromium failed on $1" >&2; exit 1; }
  store_png "$scratch/shot.png" "$2"
}

count=0
terminal_args=()
for split in dev holdout; do
  if [ "$split" = dev ]; then src_pages="$here/pages" src_terms="$here/terminal" out="$corpus"
  else src_pages="$here/holdout" src_terms="$here/holdout" out="$corpus/holdout"; fi
  mkdir -p "$out/screens" "$out/truth"
  for page in "$src_pages"/*.html; do
    name=$(basename "$page" .html)
    selected "$name" || continue
    python3 "$here/truth.py" "$page" "$out/truth/$name.json"
    render_page "$page" "$out/screens/$name.png"
    echo "page      $split/$name"
    count=$((count + 1))
  done
  for script in "$src_terms"/*.sh; do
    name=$(basename "$script" .sh)
    selected "$name" || continue
    python3 "$here/truth.py" "${script%.sh}.json" "$out/truth/$name.json"
    terminal_args+=("$script" "$scratch/term-$split-$name.png")
  done
done

if [ ${#terminal_args[@]} -gt 0 ]; then
  "$here/terminal.sh" "${terminal_args[@]}"
  for ((i = 0; i < ${#terminal_args[@]}; i += 2)); do
    shot=${terminal_args[i + 1]}
    base=$(basename "$shot" .png); base=${base#term-}
    split=${base%%-*} name=${base#*-}
    if [ "$split" = dev ]; then dest="$corpus/screens/$name.png"; else dest="$corpus/holdout/screens/$name.png"; fi
    store_png "$shot" "$dest"
    echo "terminal  $split/$name"
    count=$((count + 1))
  done
fi
echo "built $count screens under ${corpus#"$root"/} ($(du -sh "$corpus" | cut -f1))"
