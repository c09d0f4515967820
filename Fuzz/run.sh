#!/usr/bin/env bash
# Fuzzes the answers reader and validator with libFuzzer and AddressSanitizer.
#   bash Fuzz/run.sh [SECONDS]     (default 60; the issue's long run used 600)
# The seed corpus is every answers fixture, valid and invalid; the working
# corpus and any crash files stay in Fuzz/.build (never committed).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}

# Every module is built with AddressSanitizer and libFuzzer's coverage
# (edges and comparisons); the harness links libFuzzer's driver without its
# main from the toolchain, since SwiftPM gives executables their own.
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
driver=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -1)
flags=(-c debug -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table
       -Xlinker "$driver" -Xlinker -lstdc++ --product FuzzAnswers)
swift build "${flags[@]}"
binary=$(swift build "${flags[@]}" --show-bin-path)/FuzzAnswers

corpus=.build/corpus
mkdir -p "$corpus" .build/artifacts
cp ../Tests/FNHardenTests/Fixtures/answers/* ../Tests/FNHardenTests/Fixtures/invalid/*.yaml \
   ../Tests/FNHardenTests/Fixtures/snippets/*.yaml ../checklists/examples/*.yaml "$corpus"/

# -detect_leaks=0 (and ASAN_OPTIONS, for the check at exit): LeakSanitizer
# counts the knowledge base, loaded once into a global, as leaked (32 KB of
# indirect-enum boxes it can't trace, the same on an empty input); growth per
# input is still caught by -rss_limit_mb.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
# -rss_limit_mb bounds memory (the alias bomb must be refused, not expanded);
# -max_len covers the largest fixture; inputs above the 1 MiB cap are refused
# before parsing, which the tests check.
"$binary" "$corpus" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix=.build/artifacts/ -print_final_stats=1 -dict=answers.dict -detect_leaks=0
