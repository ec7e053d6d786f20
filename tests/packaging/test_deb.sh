#!/usr/bin/env bash
# Usage: test_deb.sh BUILD_DIR SOURCE_DIR
# Builds the .deb with CPack, checks its layout and maintainer scripts, unpacks it into a temporary
# root and starts the packaged daemon there (check-config on the shipped config, then a --once run
# with the packaged plugins) — everything short of installing into this machine's /.
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d /tmp/gleaner-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT

(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
deb=$(ls "$work"/out/gleaner_*.deb)
echo "built $(basename "$deb")"
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/gleaner ./usr/lib/gleaner/plugins/gleaner_sqlite.so ./usr/lib/gleaner/plugins/gleaner_jsonl.so \
            ./etc/gleaner/gleaner.yaml ./usr/lib/systemd/system/gleaner.service ./usr/lib/sysusers.d/gleaner.conf \
            ./usr/lib/tmpfiles.d/gleaner.conf ./usr/include/gleaner/plugin.h ./usr/include/gleaner/plugin.hpp \
            ; do
  echo "$contents" | grep -q " $path\$" || { echo "missing from the package: $path"; echo "$contents"; exit 1; }
done
# find_package(Gleaner) finds it under /usr/lib/<triplet>/cmake on Debian.
echo "$contents" | grep -qE " ./usr/lib/([a-z0-9_]+-linux-gnu/)?cmake/Gleaner/GleanerConfig.cmake$" ||
  { echo "missing from the package: the Gleaner CMake package"; exit 1; }
if echo "$contents" | grep -q "test_"; then echo "test plugins leaked into the package"; exit 1; fi
dpkg-deb -e "$deb" "$work/control"
for f in postinst prerm postrm conffiles; do test -f "$work/control/$f" || { echo "no $f"; exit 1; }; done
grep -q "^/etc/gleaner/gleaner.yaml$" "$work/control/conffiles"
grep -q "^Depends:.*libcurl4" "$work/control/control" || { echo "shlibdeps missing"; cat "$work/control/control"; exit 1; }

dpkg-deb -x "$deb" "$work/root"
bin="$work/root/usr/bin/gleaner"
"$bin" version
# The shipped config, its /var/lib/gleaner (made by the package's tmpfiles entry) moved under $work.
mkdir -p "$work/var/lib/gleaner"
sed "s|/var/lib/gleaner|$work/var/lib/gleaner|g" "$work/root/etc/gleaner/gleaner.yaml" > "$work/shipped.yaml"
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
