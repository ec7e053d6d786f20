#!/usr/bin/env bash
# Usage: test_test_names.sh BUILD_DIR
# The suite's output stays readable: CTest pads every result line to the longest test name, so one
# name of 300 characters (a parameter printed as raw bytes) makes every line that long. Names stay
# under 150 characters; parameterized and typed tests are named by their parameter's name, not its
# printed value or type (NO_PRETTY_VALUES, NO_PRETTY_TYPES). Typed suites with a name generator keep
# a "# TypeParam = ..." tail: CMake 3.25 only strips it after a numeric index.
set -euo pipefail
cd "$1"
long=$(ctest -N | sed -n 's/^ *Test *#[0-9]*: //p' | awk 'length($0) > 150')
if [ -n "$long" ]; then echo "test names over 150 characters:"; echo "$long"; exit 1; fi
echo "$(ctest -N | grep -c 'Test *#') test names, none over 150 characters"
