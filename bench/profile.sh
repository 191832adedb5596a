#!/usr/bin/env bash
# Where Plenary's time goes: callgrind on a small synthetic batch, --jobs 1, then the functions with
# the largest inclusive cost (demangled).
#   bench/profile.sh [NOTES=20]      (BENCH_PLENARY, BENCH_WORK as for run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
notes=${1:-20}
work=${BENCH_WORK:-/tmp/plenary-bench}
if [ -z "${BENCH_PLENARY:-}" ]; then
  swift build -c release --product plenary --scratch-path .build-bench >&2
fi
plenary=$(realpath "${BENCH_PLENARY:-.build-bench/release/plenary}")
python3 bench/gen.py --count "$notes" --out "$work/meetings/bench-$notes" >&2
rm -rf "$work/profile-out" "$work/callgrind.out"
# Valgrind 3.19 cannot read the DWARF 5 that Swift 6 writes: profile a copy without debug info
# (function names stay, from the symbol table).
cp "$plenary" "$work/plenary-nodebug" && strip --strip-debug "$work/plenary-nodebug"
( cd "$work" && valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
    "$work/plenary-nodebug" build "meetings/bench-$notes" --output profile-out --jobs 1 --quiet --templates "$repo/Templates" ) 2>"$work/valgrind.log"
demangle() { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; }
echo "== inclusive cost (top 60) =="
callgrind_annotate --inclusive=yes --threshold=100 "$work/callgrind.out" | demangle | sed -n '1,80p' | cut -c1-220
echo "== self cost (top 40) =="
callgrind_annotate --threshold=100 "$work/callgrind.out" | demangle | sed -n '1,60p' | cut -c1-220
