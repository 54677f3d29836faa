#!/usr/bin/env bash
# Makes the release from target/ft.jar: a self-contained archive with a runtime trimmed by jlink, and a Debian
# package around the same runtime with a systemd unit and shell completion. Run by `./mvnw -Pdist package`.
#
#   scripts/dist.sh VERSION TARGET_DIR     leaves TARGET_DIR/dist/ft-VERSION-linux-x64.tar.gz and ft_VERSION_amd64.deb
set -euo pipefail
version=$1
target=$(cd "$2" && pwd)
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
java_home=${JAVA_HOME:?JAVA_HOME must name the JDK that builds the runtime}
dist="$target/dist"
name="ft-$version"
rm -rf "$dist"
mkdir -p "$dist/$name/bin" "$dist/$name/lib"

# The modules the application needs, as jdeps finds them, and jdk.crypto.ec for the certificates' P-256 keys
# where a JDK still ships it apart from java.base.
modules=$("$java_home/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps "$target/ft.jar")
if "$java_home/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then
  modules="$modules,jdk.crypto.ec"
fi
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --output "$dist/$name/runtime"
echo "$modules" | tr ',' '\n' > "$dist/$name/runtime/MODULES"

cp "$target/ft.jar" "$dist/$name/lib/ft.jar"
cp "$root/scripts/jvm.options" "$dist/$name/lib/jvm.options"
cp "$root/scripts/command.options" "$dist/$name/lib/command.options"
cp "$root/dist/ft" "$dist/$name/bin/ft"
chmod 0755 "$dist/$name/bin/ft"
# The ahead-of-time caches (see StartupTraining): the commands' (lib/ft.aot), trained with the bundled runtime and the
# flags bin/ft gives commands, and the node's (lib/ft-node.aot), made by a node of the training run started by bin/ft
# itself with the flags bin/ft gives nodes.
"$dist/$name/runtime/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  "@$dist/$name/lib/jvm.options" "@$dist/$name/lib/command.options" "@$root/scripts/aot-training.options" \
  "-XX:AOTCacheOutput=$dist/$name/lib/ft.aot" "-Dft.nodeCacheOutput=$dist/$name/lib/ft-node.aot" \
  -cp "$dist/$name/lib/ft.jar" dev.nectar.ft.cli.StartupTraining "$dist/$name/bin/ft" > "$target/ft-aot-training.log" 2>&1 \
  && [ -f "$dist/$name/lib/ft.aot" ] && [ -f "$dist/$name/lib/ft-node.aot" ] \
  || { echo "dist: the start-up caches' training run failed:" >&2; tail -n 20 "$target/ft-aot-training.log" >&2; exit 1; }
mkdir -p "$dist/$name/share/completion"
"$dist/$name/bin/ft" completion bash > "$dist/$name/share/completion/ft.bash"
# zsh autoloads _ft as a function on the first completion of ft: it loads the script (which registers ft's completion
# through zsh's bash completion layer) and completes this first time through the same layer.
{
  echo '#compdef ft'
  "$dist/$name/bin/ft" completion zsh
  echo '_bash_complete -F _complete_ft "$@"'
} > "$dist/$name/share/completion/_ft"
cp "$root/dist/ft.service" "$dist/$name/share/ft.service"
tar -C "$dist" -czf "$dist/$name-linux-x64.tar.gz" --owner=0 --group=0 "$name"

# The Debian package: the same tree under /usr/lib/ft, ft on the PATH, the unit, completion for bash and zsh.
if ! command -v dpkg-deb >/dev/null; then
  echo "dist: $dist/$name-linux-x64.tar.gz; no dpkg-deb on this machine, so no Debian package"
  exit 0
fi
deb="$dist/deb"
mkdir -p "$deb/DEBIAN" "$deb/usr/lib" "$deb/usr/bin" "$deb/lib/systemd/system" \
  "$deb/usr/share/bash-completion/completions" "$deb/usr/share/zsh/vendor-completions" "$deb/usr/share/doc/ft"
cp -a "$dist/$name" "$deb/usr/lib/ft"
rm -rf "$deb/usr/lib/ft/share"
ln -s ../lib/ft/bin/ft "$deb/usr/bin/ft"
cp "$root/dist/ft.service" "$deb/lib/systemd/system/ft.service"
cp "$dist/$name/share/completion/ft.bash" "$deb/usr/share/bash-completion/completions/ft"
cp "$dist/$name/share/completion/_ft" "$deb/usr/share/zsh/vendor-completions/_ft"
cp "$root/README.md" "$deb/usr/share/doc/ft/README.md"
for script in postinst postrm; do
  cp "$root/dist/debian/$script" "$deb/DEBIAN/$script"
  chmod 0755 "$deb/DEBIAN/$script"
done
size_kib=$(du -sk "$deb" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size_kib/" "$root/dist/debian/control" > "$deb/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$dist/ft_${version}_amd64.deb" >/dev/null
rm -rf "$deb"
echo "dist: $(du -h "$dist/$name-linux-x64.tar.gz" | cut -f1) $dist/$name-linux-x64.tar.gz; $(du -h "$dist/ft_${version}_amd64.deb" | cut -f1) $dist/ft_${version}_amd64.deb; modules: $modules"
