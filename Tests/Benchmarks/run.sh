#!/usr/bin/env bash
# The budgets of Tests/README.md, side by side in one run, on release builds
# as the README installs them: the floor (a Foundation hello-world), generate
# with every output for a typical and a worst-case answers file, validate,
# the wizard's time to its first prompt, generate over 1,000 answers files,
# audit of a template of 1,000 apps, and audit of one of Microsoft's
# quickstart templates beside `checkov -f` on it. Best and median of RUNS
# runs, peak memory, and the ratio to the floor. A benchmark, not a test:
# CI prints a short run and never fails on a time.
#
#   bash Tests/Benchmarks/run.sh [RUNS]        (default 10; CI uses 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-10}"
bin="$(bash Tests/Benchmarks/build.sh)"
work=.build/benchmarks
mkdir -p "$work"
# The floor: a Foundation hello-world, release build, Swift's libraries
# loaded at run time; and the same with them linked in, as fnharden is.
swiftc -O Tests/Benchmarks/hello.swift -o "$work/hello" 2>/dev/null
swiftc -O -static-stdlib Tests/Benchmarks/hello.swift -o "$work/hello-static" 2>/dev/null

# 1,000 answers files: the answers an audit infers for a generated template.
if [ ! -f "$work/answers-1000/func-bench-1000.yaml" ]; then
  python3 Tests/Benchmarks/make_template.py 1000 > "$work/apps-1000.json"
  "$bin/fnharden" audit "$work/apps-1000.json" --output "$work/audit-1000" --force --format json --snippets none 2>/dev/null
  mkdir -p "$work/answers-1000"
  for folder in "$work"/audit-1000/func-*; do cp "$folder/answers.yaml" "$work/answers-1000/$(basename "$folder").yaml"; done
fi
[ -f "$work/apps-1000.json" ] || python3 Tests/Benchmarks/make_template.py 1000 > "$work/apps-1000.json"

f="$bin/fnharden"
# Each run writes into a folder of its own, as a first run does: a rerun
# over unchanged files writes nothing (README). The last set is moved
# aside, not deleted, before the runs: ext4 slows down making files where
# many were deleted in the last minute.
out="$work/out"
old="$work/old-$$"
[ ! -e "$out" ] || mv "$out" "$old"
trap 'rm -rf "$out" "$old"' EXIT
mkdir -p "$out"
cases=(
  "floor (hello-world)=$work/hello"
  "hello-world, libraries linked in=$work/hello-static"
  "generate typical (all outputs)=$f generate --answers checklists/examples/contoso-orders.yaml --output $out/typical-{run} --as-of 2026-11-29"
  "generate worst case (all outputs)=$f generate --answers Tests/FNHardenTests/Fixtures/answers/worst-case.yaml --output $out/worst-{run} --as-of 2026-11-29"
  "validate=$f validate checklists/examples/contoso-orders.yaml"
  "wizard: first prompt=pty:[1/:$f wizard --fresh --save $out/wizard.yaml"
  "batch generate, 1,000 files=$f generate --answers $work/answers-1000 --output $out/batch-{run} --as-of 2026-11-29"
  "audit, 1,000 apps=$f audit $work/apps-1000.json --output $out/audit-1000-{run} --format json --snippets none"
  # The slowest and the largest of the hostile templates: a template from an
  # untrusted pull request must not take down the runner that audits it.
  "audit, hostile: steps=$f audit Tests/FNHardenTests/Fixtures/audit/hostile/step-burner.json --output $out/hostile-steps-{run} --format json --snippets none"
  "audit, hostile: doubling=$f audit Tests/FNHardenTests/Fixtures/audit/hostile/doubling-array.json --output $out/hostile-doubling-{run} --format json --snippets none"
)
# One of Microsoft's quickstart templates, audited as Checkov reads it:
# JSON checklists and inferred answers, no snippets (Checkov writes none).
quickstart=../shared/reference/real-templates/function-app-create-dynamic.json
checkov=.build/test-tools/bin/checkov
if [ -f "$quickstart" ] && [ -x "$checkov" ]; then
  cases+=(
    "audit, one quickstart=$f audit $quickstart --output $out/quickstart-{run} --format json --snippets none"
    "checkov -f, the same quickstart=env BC_SKIP_MAPPING=TRUE $checkov -f $quickstart --framework arm -o json --skip-download"
  )
else
  echo "(no quickstart row: $quickstart or Checkov, which bash Tests/run.sh installs, is missing)" >&2
fi
python3 Tests/Benchmarks/measure.py "$runs" "${cases[@]}"
