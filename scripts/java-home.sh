# Sourced by ./ft and ./run-tests: points JAVA_HOME at a JDK 21 or newer, or says which one is needed.
ft_java_version() {
  # Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
  local home=$1 version=""
  [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$version"
}

ft_find_java_home() {
  local candidate best="" best_version=0 version seen=""
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* /opt/java/*; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    version=$(ft_java_version "$candidate")
    [ -n "$version" ] || continue
    seen="$seen $version"
    # Prefer $JAVA_HOME when it is recent enough; otherwise take the newest JDK found.
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$version" -ge 21 ]; then best=$candidate; break; fi
    if [ "$version" -gt "$best_version" ]; then best=$candidate; best_version=$version; fi
  done
  if [ -z "$best" ] || [ "$(ft_java_version "$best")" -lt 21 ]; then
    echo "ft needs a JDK 21 or newer; found only:${seen:- none}. Install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
    return 1
  fi
  echo "$best"
}

JAVA_HOME=$(ft_find_java_home) || exit 1
export JAVA_HOME
if [ "$(ft_java_version "$JAVA_HOME")" -ge 24 ]; then
  # Maven's own Guice reaches for sun.misc.Unsafe; allow it so builds do not warn.
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
