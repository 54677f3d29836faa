#!/usr/bin/env bash
# JMH micro-benchmarks of the hot paths (frame codec, chunk hashing), from src/test/java/dev/nectar/ft/bench.
#
#   bench/jmh.sh [JMH OPTIONS]      e.g. bench/jmh.sh ChunkHash -f 1 -wi 2 -i 3
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/java-home.sh"
cd "$root"
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" \
  org.openjdk.jmh.Main "$@"
