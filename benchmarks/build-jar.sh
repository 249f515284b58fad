# Sourced by the benchmark scripts (not run): build_if_needed builds benchmarks/target/benchmarks.jar
# when it is missing or older than any source it is made from, so a script never measures stale
# code. A source file being saved while Maven reads it can break the build for a moment: it
# retries twice, a minute apart. Expects to run from the repository root.

JAR=${JAR:-benchmarks/target/benchmarks.jar}

build_if_needed() {
  if [[ -f $JAR ]] && [[ -z $(find benchmarks/src benchmarks/pom.xml capture-core/src/main \
      capture-core/pom.xml pom.xml -newer "$JAR" -print -quit) ]]; then
    return
  fi
  local attempt
  for attempt in 1 2 3; do
    echo "+ mvn -q -B -DskipTests -pl benchmarks -am package"
    if mvn -q -B -DskipTests -pl benchmarks -am package; then return; fi
    if ((attempt < 3)); then echo "build failed, retrying in 60 s" >&2; sleep 60; fi
  done
  echo "$(basename "$0"): the build failed" >&2
  exit 1
}
