#!/usr/bin/env bash
# The benchmarks of issue #10, side by side in one run, on release builds:
# the floor (a Foundation hello-world), generate with every output for a
# typical and a worst-case answers file, validate, the wizard's time to its
# first prompt, batch generation of 1,000 answers files, and audit of a
# template of 1,000 apps; best and median of RUNS runs, peak memory, and the
# ratio to the floor. Results go in BENCHMARKS.md by hand: a benchmark, not a
# test (CI prints a short run and never fails on a time).
#
#   bash Benchmarks/run.sh [RUNS]        (default 10; CI uses 2)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
bin="$(bash Benchmarks/build.sh)"
work=.build/benchmarks
mkdir -p "$work"
# The floor as issue #10 sets it (a Foundation hello-world, release build:
# Swift's libraries loaded at run time), and the same with them linked in,
# as fnharden is built here, to show what linking alone is worth.
swiftc -O Benchmarks/hello.swift -o "$work/hello" 2>/dev/null
swiftc -O -static-stdlib Benchmarks/hello.swift -o "$work/hello-static" 2>/dev/null

# 1,000 answers files: the answers an audit infers for a generated template.
if [ ! -f "$work/answers-1000/func-bench-1000.yaml" ]; then
  python3 Benchmarks/make_template.py 1000 > "$work/apps-1000.json"
  "$bin/fnharden" audit "$work/apps-1000.json" --output "$work/audit-1000" --force --format json --snippets none 2>/dev/null
  mkdir -p "$work/answers-1000"
  for folder in "$work"/audit-1000/func-*; do cp "$folder/answers.yaml" "$work/answers-1000/$(basename "$folder").yaml"; done
fi
[ -f "$work/apps-1000.json" ] || python3 Benchmarks/make_template.py 1000 > "$work/apps-1000.json"
python3 Benchmarks/make_template.py 1 > "$work/apps-1.json"

f="$bin/fnharden"
# Each run writes into a folder of its own, as a first run does: a rerun
# over unchanged files writes nothing (README), and is timed on its own.
# The last set is moved aside, not deleted, before the runs: ext4 without
# a journal, as on the development machine, skips inodes deleted in the
# last minute when it makes a file, one by one (BENCHMARKS.md).
out="$work/out"
old="$work/old-$$"
[ ! -e "$out" ] || mv "$out" "$old"
trap 'rm -rf "$out" "$old"' EXIT
mkdir -p "$out"
"$f" generate --answers "$work/answers-1000" --output "$out/batch" --as-of 2026-11-29 2>/dev/null
python3 Benchmarks/measure.py "$runs" \
  "floor (hello-world)=$work/hello" \
  "hello-world, libraries linked in=$work/hello-static" \
  "generate typical (all outputs)=$f generate --answers checklists/examples/contoso-orders.yaml --output $out/typical-{run} --as-of 2026-11-29" \
  "generate worst case (all outputs)=$f generate --answers Tests/FNHardenTests/Fixtures/answers/worst-case.yaml --output $out/worst-{run} --as-of 2026-11-29" \
  "validate=$f validate checklists/examples/contoso-orders.yaml" \
  "wizard: first prompt=pty:[1/:$f wizard --fresh --save $out/wizard.yaml" \
  "audit, 1 app=$f audit $work/apps-1.json --output $out/audit-1-{run} --format json --snippets none" \
  "batch generate, 1,000 files=$f generate --answers $work/answers-1000 --output $out/batch-{run} --as-of 2026-11-29" \
  "the same batch again, --force=$f generate --answers $work/answers-1000 --output $out/batch --force --as-of 2026-11-29" \
  "audit, 1,000 apps=$f audit $work/apps-1000.json --output $out/audit-1000-{run} --format json --snippets none"
