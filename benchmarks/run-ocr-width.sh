#!/usr/bin/env bash
# What squeezing the lines given to OCR does to its time and its reading: renders xterm screens
# of planted values (cards, keys, tokens, passwords, addresses among ordinary words) under a
# private Xvfb in five small fonts (the bitmap fonts 6x13, 7x13, 9x15 and DejaVu Sans Mono at
# 7 and 8 pt), writes the text each shows, and runs OcrWidthProbe on them and on run-redact.sh's
# dense terminal screen and web page when those exist, each squeeze setting in turn, rounds
# alternating, in one JVM. Everything it started is stopped on exit.
#
# Usage:  benchmarks/run-ocr-width.sh [SQUEEZES [ROUNDS]]     (default 1,0.9,0.8,0.7,0.6 and 3)
# Results in benchmarks/target/ocr-width/: the screens, their texts and ocr-width.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/ocr-width
SQUEEZES=${1:-1,0.9,0.8,0.7,0.6}
ROUNDS=${2:-3}
for tool in Xvfb xterm xdotool import; do
  command -v "$tool" >/dev/null || { echo "run-ocr-width.sh: $tool is not installed" >&2; exit 1; }
done
source benchmarks/build-jar.sh
build_if_needed
mkdir -p $OUT

source benchmarks/xvfb-lib.sh
start_xvfb 1280x1024
export DISPLAY=$DISPLAY_NAME

# 36 lines: a planted value between ordinary words on each, numbered so no two are alike.
text() {
  local i
  for i in 0 1 2 3; do
    echo "row$i card 3782-822463-1000$i end of the month"
    echo "user$i pays with card 4111 1111 1111 111$i mail jane.doe$i@example.com ok"
    echo "aws AKIAIOSFODNN7EXAMPL$i region eu-west-$i"
    echo "secret aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE$i"
    echo "token ghp_R4nd0mT0k3nV4lu3Xy2AbCdEfGhIjKlMnO$i and xoxb-2048-4096-AbCdEfGh$i"
    echo "pass password=Hunter$i!Zebra for the build server"
    echo "ssn 078-05-112$i phone +44 20 7946 095$i call back"
    echo "url https://admin:S3cr3t$i@db.internal.example.org:5432/main"
    echo "iban DE89 3704 0044 0532 0130 0$i transfer pending"
  done
}
args=()
for font in 6x13 7x13 9x15 dejavu7 dejavu8; do
  case $font in
    dejavu*) opts=(-fa 'DejaVu Sans Mono' -fs "${font#dejavu}") ;;
    *) opts=(-fn "$font") ;;
  esac
  text > "$OUT/$font.txt"
  xterm "${opts[@]}" -geometry 100x36+0+0 -title "width-$font" \
    -e bash --norc --noprofile -c "cat $OUT/$font.txt; sleep 600" &
  win=$(timeout 60 xdotool search --sync --name "^width-$font\$" | head -1)
  sleep 2
  import -window "$win" "$OUT/$font.png"
  kill $! 2>/dev/null || true
  args+=("$OUT/$font.png:$OUT/$font.txt")
done
for extra in benchmarks/target/redact-base.png benchmarks/target/redact-page.png; do
  [[ -f $extra ]] && args+=("$extra")
done

cmd=(java ${JAVA_OPTS:-} -cp $JAR io.screentrail.bench.redact.OcrWidthProbe "$SQUEEZES" "$ROUNDS"
  "${args[@]}")
echo "${cmd[*]}"
{ date -u '+%Y-%m-%d %H:%M UTC'; echo "load $(cut -d' ' -f1-3 /proc/loadavg)";
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"; } | tee $OUT/ocr-width.txt
"${cmd[@]}" | tee -a $OUT/ocr-width.txt
