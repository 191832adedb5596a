#!/usr/bin/env bash
# The template language's two figures (`make bench-templates`): compiling every template of the
# bundled meeting, and rendering the full note (cp-6-7) into a tree, per language and format.
# Release build, --jobs 1, from `plenary build --timings`; each run prints one line, then the
# medians. Rendering is averaged over 100 copies of the note (bench/gen.py) per run: one render
# takes about a millisecond, too little to time alone. Chinese is the two-language build minus
# the English-only one (the note is translated from Chinese, so it cannot be built alone).
#   bench/templates.sh [RUNS=5]      (BENCH_PLENARY, BENCH_WORK as for run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=${BENCH_WORK:-/tmp/plenary-bench}
if [ -z "${BENCH_PLENARY:-}" ]; then
  echo "bench: swift build -c release --product plenary --scratch-path .build-bench" >&2
  swift build -c release --product plenary --scratch-path .build-bench >&2
fi
plenary=$(realpath "${BENCH_PLENARY:-.build-bench/release/plenary}")
notes="$work/meetings/notes-100"
python3 bench/gen.py --count 100 --out "$notes" >&2
rm -rf "$notes-en" && cp -r "$notes" "$notes-en"
sed -i 's/^languages: \[en, zh\]$/languages: [en]/' "$notes-en/meeting.yaml"
grep -q '^languages: \[en\]$' "$notes-en/meeting.yaml" || { echo "bench: cannot make the English-only meeting" >&2; exit 1; }

# `plenary build --timings` prints "render akn   12.345 ms in all,    0.123 ms each (200)".
stage() { awk -v name="$1" '$0 ~ "^" name " " { for (i = 1; i <= NF; i++) if ($i == "ms" && $(i + 1) == "in") print $(i - 1) }'; }
build() { rm -rf "$work/templates-out"; "$plenary" build "$@" -o "$work/templates-out" --timings --jobs 1 --templates Templates 2>&1; }

results="$work/templates-runs.txt"
: > "$results"
for run in $(seq "$runs"); do
  compile=$(build | stage "compile templates")
  en=$(build "$notes-en"); both=$(build "$notes")
  line=$(python3 - "$compile" "$(stage 'render akn' <<< "$en")" "$(stage 'render html' <<< "$en")" \
                   "$(stage 'render akn' <<< "$both")" "$(stage 'render html' <<< "$both")" <<'EOF'
import sys
compile, en_akn, en_html, both_akn, both_html = map(float, sys.argv[1:])
# Totals over 100 notes: English alone, then both languages.
print(f"{compile:.2f} {en_akn / 100:.3f} {en_html / 100:.3f} {(both_akn - en_akn) / 100:.3f} {(both_html - en_html) / 100:.3f}")
EOF
)
  echo "$line" >> "$results"
  read -r c ea eh za zh <<< "$line"
  echo "run $run: compile $c ms; render en AKN $ea ms, en HTML $eh ms, zh AKN $za ms, zh HTML $zh ms"
done
python3 - "$results" <<'EOF'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
names = ["compile templates", "render en AKN", "render en HTML", "render zh AKN", "render zh HTML"]
targets = [5.0, 1.0, 1.0, 1.0, 1.0]
print(f"\nmedian of {len(rows)} runs (min-max), release, --jobs 1:")
for i, (name, target) in enumerate(zip(names, targets)):
    values = [row[i] for row in rows]
    verdict = "under" if statistics.median(values) < target else "NOT under"
    print(f"  {name:18} {statistics.median(values):7.3f} ms  ({min(values):.3f}-{max(values):.3f})  {verdict} {target:g} ms")
EOF
