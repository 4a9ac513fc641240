#!/bin/sh
# The memograd command in a script: a gradient of an expression, then a short training run that
# saves its model, each output checked. npm puts the package's `memograd` on PATH for npm scripts;
# elsewhere, call it as `npx memograd`.
set -eu

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# d/dx (x² + sin y) = 2x = 6 and d/dy = cos 0 = 1 at x = 3, y = 0.
memograd grad "x*x + sin(y)" x=3 y=0 | tee "$out/grad.txt"
grep -q '^d/dx *6$' "$out/grad.txt" || { echo "wrong d/dx" >&2; exit 1; }
grep -q '^d/dy *1$' "$out/grad.txt" || { echo "wrong d/dy" >&2; exit 1; }

# A short training run on moons: it must write the model and the pictures, and exit 0.
memograd train --steps 20 --samples 60 --layers 8 --quiet --out "$out/pictures" --save "$out/model.json"
test -s "$out/model.json" || { echo "no model written" >&2; exit 1; }
ls "$out/pictures" | grep -q '\.svg$' || { echo "no pictures drawn" >&2; exit 1; }

# A bad option is a usage error: exit status 2.
status=0
memograd train --steps -1 >/dev/null 2>&1 || status=$?
test "$status" -eq 2 || { echo "expected exit status 2 for a bad option, got $status" >&2; exit 1; }

echo "cli-script: ok"
