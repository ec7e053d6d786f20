#!/usr/bin/env bash
# Usage: test_test_names.sh BUILD_DIR
# The suite's output stays readable: CTest pads every result line to the longest test name, so one
# name of 300 characters (a parameter printed as raw bytes) makes every line that long. Names stay
# under 130 characters; parameterized tests are named by their parameter's name (NO_PRETTY_VALUES).
set -euo pipefail
cd "$1"
long=$(ctest -N | sed -n 's/^ *Test *#[0-9]*: //p' | awk 'length($0) > 130')
if [ -n "$long" ]; then echo "test names over 130 characters:"; echo "$long"; exit 1; fi
echo "$(ctest -N | grep -c 'Test *#') test names, none over 130 characters"
