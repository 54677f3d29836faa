# Sourced by ./ft and ./run-tests: points JAVA_HOME at a JDK 21 or newer, or says which one is needed.
ft_java_version() {
  # Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing. Reads the release file with the shell's
  # builtins: every process started here is a few milliseconds of every ft command.
  local home=$1 line version=""
  [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) version=${line#JAVA_VERSION=\"}; version=${version%%[!0-9]*}; break ;;
      esac
    done < "$home/release"
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$version"
}

ft_subcommand() {
  # Prints the ft command's name in "$@" (node, get, ...): the first argument that is not --home DIR.
  while [ $# -gt 0 ]; do
    case $1 in
      --home) [ $# -ge 2 ] && shift; shift ;;
      --home=*) shift ;;
      *) echo "$1"; return 0 ;;
    esac
  done
}

ft_find_java_home() {
  local candidate best="" best_version=0 version seen=""
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(ft_java_version "$JAVA_HOME")
    if [ "${version:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
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
FT_JAVA_VERSION=$(ft_java_version "$JAVA_HOME")
if [ "$FT_JAVA_VERSION" -ge 24 ]; then
  # Maven's own Guice reaches for sun.misc.Unsafe; allow it so builds do not warn.
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
