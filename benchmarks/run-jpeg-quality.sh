#!/usr/bin/env bash
# What a lower JPEG quality takes from a data team: grabs N screens of run-e2e.sh's working
# desktop (an xterm printing build output, an xclock, a scrolling page) as lossless PNG, encodes
# each with the engine's JPEG encoder at every quality in QUALITIES (JpegQualityProbe), and runs
# tesseract on the lossless screen and on each decoded JPEG. It prints the bytes of a whole frame
# at each quality and the share of the lossless screen's words (each counted as often as it
# occurs) that tesseract still reads, per quality.
# Everything it started is stopped on exit.
#
# Usage:  benchmarks/run-jpeg-quality.sh [N]      (default 2 screens)
# Environment: QUALITIES (default "50 60 70 80 90"); PAGE, LINES_PER_S, SCROLL_PX, SCROLL_MS,
#   TERM_COLS, TERM_ROWS as run-e2e.sh.
# Results in benchmarks/target/: jpeg-quality/ (screens, decoded images, OCR text) and
# jpeg-quality.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/target
SIZE=${SIZE:-1920x1080}
N=${1:-2}
QUALITIES=${QUALITIES:-50 60 70 80 90}
. benchmarks/e2e-lib.sh
source benchmarks/build-jar.sh
require_tools Xvfb xterm xclock xdotool ffmpeg python3 java tesseract "$PAGE"
build_if_needed
dir=$OUT/jpeg-quality
rm -rf "$dir"
mkdir -p "$dir"
grab_screens "$dir" "$N" 0.5
java -cp "$JAR" io.screentrail.bench.encode.JpegQualityProbe "$dir" "${QUALITIES// /,}" \
  "$dir"/screen-??.png >"$dir/bytes.tsv"
for img in "$dir"/screen-*.png; do
  OMP_THREAD_LIMIT=1 tesseract "$img" "${img%.png}" >/dev/null 2>&1
done
{
  date -u '+%Y-%m-%d %H:%M UTC'
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(tesseract --version 2>&1 | head -n1)"
  python3 - "$dir" <<'PY'
import collections, csv, os, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(d, "bytes.tsv")), delimiter="\t"))
def words(path):
    return collections.Counter(open(path, encoding="utf-8", errors="replace").read().split())
print("| quality | bytes of a whole 1080p frame (mean) | words read, share of the lossless screen's |")
print("|---:|---:|---:|")
for q in sorted({int(r["quality"]) for r in rows}):
    size = [int(r["bytes"]) for r in rows if int(r["quality"]) == q]
    kept = total = 0
    for r in rows:
        if int(r["quality"]) != q:
            continue
        ref = words(os.path.join(d, r["screen"] + ".txt"))
        got = words(os.path.join(d, f"{r['screen']}-q{q}.txt"))
        kept += sum((ref & got).values())
        total += sum(ref.values())
    print(f"| {q} | {sum(size) / len(size):,.0f} | {100 * kept / max(total, 1):.1f} % of {total} |")
PY
} | tee "$OUT/jpeg-quality.txt"
