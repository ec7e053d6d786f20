#!/usr/bin/env bash
# Usage: test_out_of_tree_plugin.sh BUILD_DIR SOURCE_DIR GLEANER_BINARY
# Installs the SDK into a temporary prefix, builds examples/plugin-hello against it exactly as a
# plugin author outside this tree would, then runs `gleaner run --once` with that plugin and checks
# that it received the article.
set -euo pipefail
build=$1 src=$2 gleaner=$3
work=$(mktemp -d /tmp/gleaner-sdk.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" --component sdk >/dev/null
test -f "$work/prefix/include/gleaner/plugin.h"
test -f "$work/prefix/include/gleaner/plugin.hpp"

cmake -S "$src/examples/plugin-hello" -B "$work/hello-build" -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/hello-build" >/dev/null
plugin="$work/hello-build/gleaner_hello.so"
test -f "$plugin"

cp "$src/tests/e2e/fixtures/wework.html" "$work/page.html"
cat > "$work/gleaner.yaml" <<YAML
state_dir: state
sources:
  - name: local
    type: page
    urls: [ "file:page.html" ]
plugins:
  - name: greeter
    path: $plugin
    config: { greeting: Bonjour, file: hello.txt }
YAML
"$gleaner" check-config "$work/gleaner.yaml"
"$gleaner" run --config "$work/gleaner.yaml" --once 2> "$work/run.log" || { cat "$work/run.log"; exit 1; }
expected="Bonjour, New York State Attorney General investigating WeWork and former CEO"
if ! grep -q "^$expected (" "$work/hello.txt"; then
  echo "hello.txt does not hold the greeting:"; cat "$work/hello.txt" 2>/dev/null; cat "$work/run.log"; exit 1
fi
echo "out-of-tree plugin delivered: $(cat "$work/hello.txt")"
