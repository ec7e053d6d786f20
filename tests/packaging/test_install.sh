#!/usr/bin/env bash
# Usage: test_install.sh BUILD_DIR
# `cmake --install` with a prefix stays inside it: the configuration goes to PREFIX/etc/gleaner, the
# README, manual page and bash completion to PREFIX/share; a second install keeps an edited
# configuration; the installed manual page and completion work.
set -euo pipefail
build=$1
work=$(mktemp -d /tmp/gleaner-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

cmake --install "$build" --prefix "$prefix" > "$work/first.log"
outside=$(grep -E "^-- (Installing|Up-to-date): " "$work/first.log" | grep -v -- "-- [A-Za-z-]*: $prefix/" || true)
if [ -n "$outside" ]; then echo "installed outside the prefix:"; echo "$outside"; exit 1; fi
for path in bin/gleaner lib/gleaner/plugins/gleaner_sqlite.so etc/gleaner/gleaner.yaml share/doc/gleaner/README.md \
            share/man/man1/gleaner.1 share/bash-completion/completions/gleaner include/gleaner/plugin.h; do
  test -e "$prefix/$path" || { echo "not installed: $prefix/$path"; cat "$work/first.log"; exit 1; }
done

# An operator edits the configuration; installing again must not replace it.
echo "# edited by the operator" >> "$prefix/etc/gleaner/gleaner.yaml"
cmake --install "$build" --prefix "$prefix" > "$work/second.log"
grep -q "edited by the operator" "$prefix/etc/gleaner/gleaner.yaml" || { echo "the edited configuration was replaced"; exit 1; }
grep -q "Kept: $prefix/etc/gleaner/gleaner.yaml" "$work/second.log"

# The manual page renders without warnings and documents every command; completion completes.
groff -man -Tutf8 -ww -z "$prefix/share/man/man1/gleaner.1" 2> "$work/man.err"
if [ -s "$work/man.err" ]; then echo "groff warnings:"; cat "$work/man.err"; exit 1; fi
groff -man -Tutf8 -rLL=100n "$prefix/share/man/man1/gleaner.1" 2>/dev/null | sed 's/.\x08//g' > "$work/man.txt"
for command in run check-config status plugins ctl "ctl reload" "dead-letters replay" "state forget" version; do
  grep -q "gleaner $command" "$work/man.txt" || { echo "the manual page lacks gleaner $command"; exit 1; }
done
words=$(bash -c "source '$prefix/share/bash-completion/completions/gleaner'
  COMP_WORDS=(gleaner ch); COMP_CWORD=1; _gleaner; echo \${COMPREPLY[*]}
  COMP_WORDS=(gleaner run --); COMP_CWORD=2; _gleaner; echo \${COMPREPLY[*]}
  COMP_WORDS=(gleaner ctl r); COMP_CWORD=2; _gleaner; echo \${COMPREPLY[*]}")
[ "$(echo "$words" | sed -n 1p)" = "check-config" ] || { echo "completion of 'ch': $words"; exit 1; }
echo "$words" | sed -n 2p | grep -q -- "--config" && echo "$words" | sed -n 2p | grep -q -- "--once" ||
  { echo "completion of 'run --': $words"; exit 1; }
[ "$(echo "$words" | sed -n 3p)" = "reload" ] || { echo "completion of 'ctl r': $words"; exit 1; }
echo "installed inside $prefix; configuration kept; manual page and completion work"
