#!/usr/bin/env bash
# Stage benchmarks on synthetic desktops (no X server needed): change detection, encoding and the
# changed-frame pipeline, each with -prof gc and -prof CpuProfiler (CPU per op, which other load
# on the machine inflates less than wall time), one JMH run per class.
#
# Usage:  benchmarks/run-stages.sh [CLASS ...]
#         (default: TileHashBenchmark EncodeFrameBenchmark ChangedFramePipelineBenchmark)
# Environment:
#   JMH_OPTS  JMH settings (default: -f 1 -wi 3 -w 1s -i 5 -r 1s); add -p name=value to narrow
#   JAVA      java launcher (default: java)
# Results in benchmarks/target/: stages-CLASS.json and .log; stages-env.txt records the JDK, CPU
# and date.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target
JAVA=${JAVA:-java}
JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s}
if (($# > 0)); then
  CLASSES=("$@")
else
  CLASSES=(TileHashBenchmark EncodeFrameBenchmark ChangedFramePipelineBenchmark)
fi

source benchmarks/build-jar.sh

build_if_needed
mkdir -p "$OUT"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
  echo "jdk: $("$JAVA" -version 2>&1 | tr '\n' ' ')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  # Others edit capture-core without committing: a digest of its sources names what was measured.
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo none), capture-core sources" \
    "sha256 $(find capture-core/src/main -name '*.java' -print0 | sort -z | xargs -0 cat |
      sha256sum | cut -c1-12)"
} | tee "$OUT/stages-env.txt"

for class in "${CLASSES[@]}"; do
  # shellcheck disable=SC2206 # JMH_OPTS is a list of words on purpose
  jmh=("$JAVA" -jar "$JAR" "$class" -prof gc -prof io.screentrail.bench.CpuProfiler $JMH_OPTS
    -rf json -rff "$OUT/stages-$class.json")
  echo
  echo "+ ${jmh[*]}" | tee "$OUT/stages-$class.log"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/stages-$class.log"
  "${jmh[@]}" 2>&1 | tee -a "$OUT/stages-$class.log"
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/stages-$class.log"
done

echo
echo "Results in $OUT: stages-*.json, stages-*.log, stages-env.txt"
