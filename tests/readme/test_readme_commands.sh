#!/usr/bin/env bash
# Usage: test_readme_commands.sh SOURCE_DIR BUILD_DIR
# Runs the shell blocks of README.md as written, line by line, against the demo: in a sandbox laid out
# like the repository (scripts/ and config/ copied, build/ linked, `gleaner` on PATH as after an
# install), so `scripts/run --once` fills the sandbox's var/ and the queries after it read that.
# A line fails the test when it exits non-zero. The few lines that cannot run here are listed below
# with the reason, and reported as skipped.
set -uo pipefail
src=$1 build=$2
sandbox=$(mktemp -d /tmp/gleaner-readme.XXXXXX)
trap 'rm -rf "$sandbox"' EXIT
cp -r "$src/scripts" "$src/config" "$src/README.md" "$sandbox/"
ln -s "$(cd "$build" && pwd)" "$sandbox/build"
export PATH="$sandbox/build:$PATH"

# Lines (exactly as in the README) that are not run here, and why.
declare -A skipped=(
  ["scripts/test         # the same set-up, then the whole test suite through CTest"]="it is the suite this test belongs to"
  ["cmake --install build --prefix /usr/local --component sdk     # or a .deb/\`cmake --install build\`"]="installs outside the sandbox; tests/sdk installs the SDK into a temporary prefix"
  ["cmake -S . -B build && cmake --build build"]="the plugin tutorial's build; tests/sdk builds examples/plugin-hello the same way"
  ["gleaner check-config gleaner.yaml && gleaner run --config gleaner.yaml --once"]="the plugin tutorial's run; tests/sdk runs it with the built plugin"
)

# The lines of ```sh blocks, joined where a line ends inside an open quote (multi-line SQL).
mapfile -t commands < <(awk '
  /^```sh$/ { inside = 1; next }
  /^```/    { inside = 0; next }
  inside {
    line = pending == "" ? $0 : pending "\n" $0
    quotes = gsub(/"/, "\"", line)
    if (quotes % 2 == 1) { pending = line; next }
    pending = ""
    gsub(/\n/, "\036", line)   # one command per output line; newlines restored below
    print line
  }' "$src/README.md")

ran=0 failed=0 skips=0
cd "$sandbox"
for command in "${commands[@]}"; do
  command=${command//$'\036'/$'\n'}
  [ -z "${command// /}" ] && continue
  if [ -n "${skipped[$command]+set}" ]; then
    echo "skipped: $command  (${skipped[$command]})"
    skips=$((skips + 1))
    continue
  fi
  echo "\$ $command"
  if ! output=$(bash -c "$command" 2>&1); then
    echo "FAILED: $command"; echo "$output" | tail -20
    failed=$((failed + 1))
  else
    echo "$output" | tail -5
  fi
  ran=$((ran + 1))
done
# Every listed skip must still be in the README, or the list hides nothing and should shrink.
for line in "${!skipped[@]}"; do
  grep -qF -- "$line" "$src/README.md" || { echo "skip list names a line the README no longer has: $line"; failed=$((failed + 1)); }
done
echo "README commands: $ran run, $failed failed, $skips skipped"
[ "$failed" -eq 0 ] && [ "$ran" -gt 0 ]
