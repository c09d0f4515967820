#!/usr/bin/env bash
# Fuzzes with libFuzzer and AddressSanitizer, SECONDS for each target:
#   FuzzAnswers  the answers reader and validator (seeds: every answers fixture)
#   FuzzAudit    the audit's configuration readers and inference (seeds: the
#                real, wild, written and hostile templates, Azure CLI and
#                Terraform fixtures)
#   bash Tests/Fuzz/run.sh [SECONDS] [TARGET]     (default 60, both targets)
# The working corpora and any crash files stay in Tests/Fuzz/.build (never committed).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
targets=${2:-"FuzzAnswers FuzzAudit"}

# Every module is built with AddressSanitizer and libFuzzer's coverage
# (edges and comparisons); the harness links libFuzzer's driver without its
# main from the toolchain, since SwiftPM gives executables their own.
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
driver=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -1)
for target in $targets; do
flags=(-c debug -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table
       -Xlinker "$driver" -Xlinker -lstdc++ --product "$target")
swift build "${flags[@]}"
binary=$(swift build "${flags[@]}" --show-bin-path)/$target

corpus=.build/corpus-$target
mkdir -p "$corpus" .build/artifacts
if [ "$target" = FuzzAnswers ]; then
  cp ../FNHardenTests/Fixtures/answers/* ../FNHardenTests/Fixtures/invalid/*.yaml \
     ../FNHardenTests/Fixtures/snippets/*.yaml ../../checklists/examples/*.yaml "$corpus"/
  dict=answers.dict
else
  cp ../../../shared/reference/real-templates/*.json ../FNHardenTests/Fixtures/audit/*.json \
     ../FNHardenTests/Fixtures/audit/az/*.json ../FNHardenTests/Fixtures/audit/terraform/*.json \
     ../FNHardenTests/Fixtures/audit/hostile/*.json "$corpus"/
  # Other authors' files up to the input size below.
  find ../../../shared/reference/wild-templates -name '*.json' -size -64k -exec cp {} "$corpus"/ \;
  python3 ../FNHardenTests/Audit/make_corpus.py "$corpus" > /dev/null
  dict=audit.dict
fi

# Leak detection is on: memory kept for the life of the process (the
# knowledge base in a global, cached patterns) is listed in lsan.supp, so a
# leak per input fails the run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/lsan.supp}
# -rss_limit_mb bounds memory (the alias bomb must be refused, not expanded);
# -max_len covers the largest fixture; inputs above the 1 MiB cap are refused
# before parsing, which the tests check.
# Templates are larger than answers files: up to 64 KiB per input.
"$binary" "$corpus" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix=.build/artifacts/ -print_final_stats=1 -dict="$dict"
done
