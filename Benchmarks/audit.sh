#!/usr/bin/env bash
# Benchmark of `fnharden audit` against `checkov -f` on the same ARM
# template of 1, 100 and 1,000 function apps (issue #9). Prints each time
# (best of RUNS for fnharden, of CHECKOV_RUNS for Checkov) and the ratio.
#
#   bash Benchmarks/audit.sh [RUNS] [CHECKOV_RUNS]
#
# fnharden writes what Checkov reports: every app's checklist (JSON) and
# inferred answers file; snippets are left out (Checkov writes none).
# Checkov comes from the test venv (bash Tests/run.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
checkov_runs="${2:-1}"
checkov=".build/test-tools/bin/checkov"
[ -x "$checkov" ] || { echo "Checkov is missing: run bash Tests/run.sh once (it installs the venv)" >&2; exit 2; }
fnharden="$(bash Benchmarks/build.sh)/fnharden"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Best wall time of N runs of a command, in seconds. `{run}` in an argument
# becomes the run's number: each fnharden run writes into a folder of its
# own, as a first audit does (a rerun over the same files writes nothing
# that is unchanged, README).
best() {
    local n="$1"; shift
    python3 - "$n" "$@" <<'PY'
import subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
times = []
for run in range(runs):
    this = [argument.replace("{run}", str(run)) for argument in command]
    start = time.perf_counter()
    subprocess.run(this, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times.append(time.perf_counter() - start)
print(f"{min(times):.4f}")
PY
}

printf '%-6s %12s %12s %10s\n' apps fnharden checkov ratio
for count in 1 100 1000; do
    template="$work/apps-$count.json"
    python3 Benchmarks/make_template.py "$count" > "$template"
    mine="$(best "$runs" "$fnharden" audit "$template" --output "$work/out-$count-{run}" --format json --snippets none --as-of 2026-11-29)"
    # The audit must have succeeded for its time to mean anything.
    "$fnharden" audit "$template" --output "$work/out-$count" --force --format json --snippets none --as-of 2026-11-29 2>/dev/null
    theirs="$(BC_SKIP_MAPPING=TRUE best "$checkov_runs" "$checkov" -f "$template" --framework arm -o json --skip-download)"
    ratio="$(python3 -c "print(f'{$theirs / $mine:.0f}x')")"
    printf '%-6s %11ss %11ss %10s\n' "$count" "$mine" "$theirs" "$ratio"
done
