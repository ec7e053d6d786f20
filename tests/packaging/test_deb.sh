#!/usr/bin/env bash
# Usage: test_deb.sh BUILD_DIR SOURCE_DIR
# Builds the .debs with CPack and checks them: `gleaner` (daemon, plugins, unit, documentation, manual
# page, completion; no configuration in /etc, maintainer scripts that enable the service but start it
# only once a configuration exists) and `gleaner-dev` (the SDK). Then unpacks `gleaner` into a
# temporary root and starts the packaged daemon there (check-config on the shipped example, a --once
# run with the packaged plugins) — everything short of installing into this machine's /.
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d /tmp/gleaner-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT

(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
daemon_deb=$(ls "$work"/out/gleaner_*.deb)
dev_deb=$(ls "$work"/out/gleaner-dev_*.deb)
echo "built $(basename "$daemon_deb") and $(basename "$dev_deb")"

require() {  # require DEB PATH...: every PATH is in the package
  local deb=$1; shift
  local contents; contents=$(dpkg-deb -c "$deb")
  local path
  for path in "$@"; do
    grep -q " $path\$" <<< "$contents" || { echo "missing from $(basename "$deb"): $path"; echo "$contents"; exit 1; }
  done
}
require "$daemon_deb" ./usr/bin/gleaner ./usr/lib/gleaner/plugins/gleaner_sqlite.so ./usr/lib/gleaner/plugins/gleaner_jsonl.so \
  ./usr/lib/systemd/system/gleaner.service ./usr/lib/sysusers.d/gleaner.conf ./usr/lib/tmpfiles.d/gleaner.conf \
  ./usr/share/doc/gleaner/README.md ./usr/share/doc/gleaner/examples/gleaner.yaml ./usr/share/man/man1/gleaner.1 \
  ./usr/share/bash-completion/completions/gleaner
require "$dev_deb" ./usr/include/gleaner/plugin.h ./usr/include/gleaner/plugin.hpp ./usr/include/gleaner/settings.hpp \
  ./usr/include/gleaner/template.hpp
daemon_files=$(dpkg-deb -c "$daemon_deb")
dev_files=$(dpkg-deb -c "$dev_deb")
# find_package(Gleaner) finds it under /usr/lib/<triplet>/cmake on Debian.
grep -qE " ./usr/lib/([a-z0-9_]+-linux-gnu/)?cmake/Gleaner/GleanerConfig.cmake$" <<< "$dev_files" ||
  { echo "missing from the -dev package: the Gleaner CMake package"; exit 1; }
if grep -q " ./usr/include/" <<< "$daemon_files"; then echo "the SDK leaked into the daemon package"; exit 1; fi
if grep -q " ./etc/" <<< "$daemon_files"; then echo "the daemon package ships a file in /etc"; exit 1; fi
if grep -q "test_" <<< "$daemon_files$dev_files"; then echo "test plugins leaked into a package"; exit 1; fi

dpkg-deb -e "$daemon_deb" "$work/control"
for f in postinst prerm postrm; do test -f "$work/control/$f" || { echo "no $f"; exit 1; }; done
grep -q "^Depends:.*libcurl4" "$work/control/control" || { echo "shlibdeps missing"; cat "$work/control/control"; exit 1; }
# Enabled, but started only when the operator has a configuration; the unit waits for one too.
grep -q "systemctl enable gleaner.service" "$work/control/postinst"
grep -q 'if \[ -f /etc/gleaner/gleaner.yaml \]' "$work/control/postinst"
dpkg-deb -x "$daemon_deb" "$work/root"
grep -q "^ConditionPathExists=/etc/gleaner/gleaner.yaml$" "$work/root/usr/lib/systemd/system/gleaner.service"

bin="$work/root/usr/bin/gleaner"
"$bin" --version
# The shipped example, its /var/lib/gleaner (made by the package's tmpfiles entry) moved under $work.
mkdir -p "$work/var/lib/gleaner"
sed "s|/var/lib/gleaner|$work/var/lib/gleaner|g" "$work/root/usr/share/doc/gleaner/examples/gleaner.yaml" > "$work/shipped.yaml"
"$bin" check-config "$work/shipped.yaml"
# Start the packaged daemon on a page next to it, storing with the packaged sqlite plugin.
cp "$src/tests/e2e/fixtures/vizzion.html" "$work/page.html"
cat > "$work/run.yaml" <<YAML
state_dir: state
sources:
  - { name: local, type: page, urls: [ "file:page.html" ] }
plugins:
  - { name: archive, type: sqlite, config: { path: articles.db } }
YAML
"$bin" run --config "$work/run.yaml" --once
test "$(sqlite3 "$work/articles.db" 'SELECT COUNT(*) FROM articles')" = 1
echo "packaged daemon ran and stored the article"
