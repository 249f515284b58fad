# Sourced by the benchmark scripts that start their own X servers (not run): a scratch folder,
# the processes started (killed in reverse order on exit), and start_xvfb.
# Expects `set -euo pipefail` and the repository root as the working directory.

PIDS=()
WORK=$(mktemp -d)

cleanup() {
  local i pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts Xvfb with one WxH screen ($1, default $SIZE) on a display it picks; sets XVFB_PID and
# DISPLAY_NAME. Exits 3 when it does not start.
start_xvfb() {
  local size=${1:-$SIZE}
  local fd="$WORK/displayfd-$size" log="$WORK/xvfb-$size.log"
  : >"$fd"
  echo "+ Xvfb -displayfd 1 -screen 0 ${size}x24 -nolisten tcp"
  Xvfb -displayfd 1 -screen 0 "${size}x24" -nolisten tcp >"$fd" 2>"$log" &
  XVFB_PID=$!
  PIDS+=("$XVFB_PID")
  for _ in $(seq 200); do
    [[ -s $fd ]] && break
    if ! kill -0 "$XVFB_PID" 2>/dev/null; then
      echo "Xvfb failed to start:" >&2
      cat "$log" >&2
      exit 3
    fi
    sleep 0.1
  done
  [[ -s $fd ]] || { echo "Xvfb reported no display number in 20 s" >&2; exit 3; }
  DISPLAY_NAME=":$(head -n1 "$fd" | tr -d '[:space:]')"
}
