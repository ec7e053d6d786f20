#!/usr/bin/env bash
# Usage: test_extract_examples.sh BUILD_DIR SOURCE_DIR
# Installs the SDK into a temporary prefix, builds examples/extract-c against it exactly as an outside
# C programmer would (find_package(Gleaner) -> Gleaner::extract) and runs it on a saved page; then runs
# the Python ctypes example against the installed libgleaner-extract. Both must print the article.
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d /tmp/gleaner-extract-sdk.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" --component sdk >/dev/null
test -f "$work/prefix/include/gleaner/extract.h"
test -f "$work/prefix/share/gleaner/article.schema.json"
lib=$(find "$work/prefix" -name 'libgleaner-extract.so.1' | head -n 1)
test -n "$lib" || { echo "libgleaner-extract.so.1 was not installed"; exit 1; }
# Only the C API is exported.
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort | tr '\n' ' ')
[ "$exported" = "gleaner_extract gleaner_extract_error gleaner_extract_free gleaner_extract_json gleaner_extract_version " ] \
  || { echo "unexpected exports: $exported"; exit 1; }

cmake -S "$src/examples/extract-c" -B "$work/c-build" -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/c-build" >/dev/null
page="$src/tests/e2e/fixtures/wework.html"
expected="New York State Attorney General investigating WeWork and former CEO"
"$work/c-build/extract-article" "$page" https://news.example/wework > "$work/c.json"
python3 - "$work/c.json" "$expected" <<'PY'
import json, sys
article = json.load(open(sys.argv[1]))
assert article["title"] == sys.argv[2], article["title"]
assert article["page_type"] == "article" and article["word_count"] > 100, article["page_type"]
assert article["url"] == "https://news.example/wework"
PY
echo "C example: $(head -c 200 "$work/c.json" | tr '\n' ' ')..."

# A ThreadSanitizer build's library cannot be loaded into a Python not built with TSan (its runtime
# needs static TLS that dlopen cannot give, and preloaded it crashes Python): scripts/test without
# --tsan runs this part.
if [[ $(ldd "$lib") == *libtsan* ]]; then
  echo "Python example: not run against a ThreadSanitizer build"
  exit 0
fi
python_out=$(python3 "$src/examples/extract-python/extract_article.py" "$page" "$lib")
case "$python_out" in
  "article | $expected | "*" words") echo "Python example: $python_out" ;;
  *) echo "Python example printed: $python_out"; exit 1 ;;
esac
