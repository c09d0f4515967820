#!/usr/bin/env bash
# Builds the release binary the benchmarks time, as the README installs it:
# Swift's libraries linked in (--static-swift-stdlib), which halves
# start-up. Prints the folder that holds it.
#
#   bin="$(bash Tests/Benchmarks/build.sh)"
set -euo pipefail
cd "$(dirname "$0")/../.."
flags=(-c release --static-swift-stdlib --product fnharden)
# Build output goes to standard error (the linker warns about Foundation's own mktemp).
swift build "${flags[@]}" >&2
swift build "${flags[@]}" --show-bin-path
