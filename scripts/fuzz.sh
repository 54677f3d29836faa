#!/usr/bin/env bash
# Fuzzes what other nodes and people hand a node, with Jazzer, one target after another, five minutes each. A target
# is a @FuzzTest method: WireDecoders_FuzzTest (every decoder of the wire) and Ticket_FuzzTest (tickets).
#   scripts/fuzz.sh                                           every target
#   scripts/fuzz.sh WireDecoders_FuzzTest#frames Ticket_FuzzTest#ticketsCarryingAnyJson    those named
# What a run learns stays in .cifuzz-corpus/ (not committed). An input that breaks a target is written to the test
# resources beside the class (CLASSInputs/METHOD/), where the unit tests replay it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for method in frames transferRequests transferResponses workerMessages announcements relayLines; do
    targets+=("WireDecoders_FuzzTest#$method")
  done
  targets+=("Ticket_FuzzTest#ticketsCarryingAnyJson")
fi
# Coverage from the node's own classes and Jackson, which parses every body. Left to itself, Jazzer instruments the
# classes on the class path, and under Maven's test runner that is one manifest jar: it would fuzz blind. Its hooks,
# which the unit tests turn off (src/test/resources/junit-platform.properties), are on again: they carry the coverage.
export JAZZER_FUZZ=1 JAZZER_INSTRUMENTATION_INCLUDES='dev.nectar.**:com.fasterxml.**'
for target in "${targets[@]}"; do
  echo "fuzz: $target" >&2
  ./mvnw -B -Djazzer.hooks=true -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false test
done
