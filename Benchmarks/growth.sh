#!/usr/bin/env bash
# How time grows (issue #10): with the knowledge base (the same answers on the
# real knowledge base and on one with every item twice, both read with
# --data-dir) and with the batch size (125, 250, 500 and 1,000 answers files).
# Both should be linear: a ratio near 2 for twice the items (less, as start-up
# doesn't double), and 2x per doubling of the batch.
#
#   bash Benchmarks/growth.sh [RUNS]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
bash Benchmarks/run.sh 1 > /dev/null   # builds, and makes the 1,000 answers files
bin="$(bash Benchmarks/build.sh)"
work=.build/benchmarks
rm -rf "$work/kb1" && mkdir -p "$work/kb1" && cp -r checklists locales "$work/kb1/"
python3 Benchmarks/double_kb.py "$work/kb2"
for size in 125 250 500; do
  rm -rf "$work/answers-$size" && mkdir -p "$work/answers-$size"
  ls "$work/answers-1000" | sort | head -n "$size" | while read -r name; do cp "$work/answers-1000/$name" "$work/answers-$size/"; done
done
f="$bin/fnharden"
# Every run writes into a folder of its own, removed at the end (as in run.sh).
out="$work/growth-$$"
trap 'rm -rf "$out"' EXIT
echo "Knowledge base (39 items, then 78):"
python3 Benchmarks/measure.py "$runs" \
  "generate, 39 items=$f generate --answers checklists/examples/contoso-orders.yaml --data-dir $work/kb1 --output $out/kb1-{run} --as-of 2026-11-29" \
  "generate, 78 items=$f generate --answers checklists/examples/contoso-orders.yaml --data-dir $work/kb2 --output $out/kb2-{run} --as-of 2026-11-29"
echo "Batch size:"
python3 Benchmarks/measure.py "$runs" \
  "batch, 125 files=$f generate --answers $work/answers-125 --output $out/b125-{run} --as-of 2026-11-29" \
  "batch, 250 files=$f generate --answers $work/answers-250 --output $out/b250-{run} --as-of 2026-11-29" \
  "batch, 500 files=$f generate --answers $work/answers-500 --output $out/b500-{run} --as-of 2026-11-29" \
  "batch, 1,000 files=$f generate --answers $work/answers-1000 --output $out/b1000-{run} --as-of 2026-11-29"
