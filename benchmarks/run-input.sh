#!/usr/bin/env bash
# Input latency on a real X server: hook-to-queue time and how late after frames catch the
# settled screen. Starts a private Xvfb with an xterm, runs ActionLatencyProbe with DISPLAY set.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/build-jar.sh
build_if_needed
exec 3< <(exec Xvfb -displayfd 1 -noreset -nolisten tcp -screen 0 1280x800x24 2>/dev/null)
xvfb_pid=$!
read -r -u 3 n
display=":$n"
export DISPLAY=$display
xterm -geometry 80x24+0+0 -e bash --norc --noprofile &
sleep 2
trap 'kill $(jobs -p) "$xvfb_pid" 2>/dev/null || true' EXIT
cmd=(java -cp benchmarks/target/benchmarks.jar io.screentrail.bench.input.ActionLatencyProbe "${1:-20}")
echo "${cmd[*]}   (DISPLAY=$display)"
"${cmd[@]}"
