# Sourced by ./ft and ./run-tests: points JAVA_HOME at a JDK 25 or newer, or says which one is needed.
ft_read_java_version() {
  # Sets ft_version to the feature version (17, 21, 25, ...) of the JDK at $1, or to nothing. Reads the release file
  # with the shell's builtins and sets a variable rather than printing: every process started here is a few
  # milliseconds of every ft command.
  local home=$1 line
  ft_version=""
  [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) ft_version=${line#JAVA_VERSION=\"}; ft_version=${ft_version%%[!0-9]*}; break ;;
      esac
    done < "$home/release"
  fi
  if [ -z "$ft_version" ]; then
    ft_version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
}

ft_subcommand() {
  # Sets ft_subcommand_name to the ft command's name in "$@" (node, get, ...): the first argument that is not
  # --home DIR, or nothing. A variable rather than printed, for the reason above.
  ft_subcommand_name=""
  while [ $# -gt 0 ]; do
    case $1 in
      --home) [ $# -ge 2 ] && shift; shift ;;
      --home=*) shift ;;
      *) ft_subcommand_name=$1; return 0 ;;
    esac
  done
}

ft_find_java_home() {
  # Sets JAVA_HOME and FT_JAVA_VERSION: $JAVA_HOME when it is a JDK 25 or newer, else the newest JDK found.
  local candidate best="" best_version=0 seen="" javac
  if [ -n "${JAVA_HOME:-}" ]; then
    ft_read_java_version "$JAVA_HOME"
    if [ "${ft_version:-0}" -ge 25 ]; then FT_JAVA_VERSION=$ft_version; return 0; fi
  fi
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if javac=$(command -v javac); then
    javac=$(readlink -f "$javac")
    candidates+=("${javac%/bin/javac}")
  fi
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* /opt/java/*; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    ft_read_java_version "$candidate"
    [ -n "$ft_version" ] || continue
    seen="$seen $ft_version"
    if [ "$ft_version" -gt "$best_version" ]; then best=$candidate; best_version=$ft_version; fi
  done
  if [ -z "$best" ] || [ "$best_version" -lt 25 ]; then
    echo "ft needs a JDK 25 or newer; found only:${seen:- none}. Install one (for example: apt-get install openjdk-25-jdk-headless, or Temurin 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$best
  FT_JAVA_VERSION=$best_version
}

ft_find_java_home || exit 1
export JAVA_HOME
# Maven's own Guice reaches for sun.misc.Unsafe; allow it so builds do not warn.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
