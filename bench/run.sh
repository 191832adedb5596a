#!/usr/bin/env bash
# `make bench`: builds Plenary's release binary in its own folder (.build-bench), installs the
# peer's and the floor's Python packages when missing (Jinja2, PyYAML, lxml from PyPI), and runs
# bench/run.py, which prints the results and appends them to bench/RESULTS.md.
#   bench/run.sh [--count 1000] [--runs 3] [--work DIR] [--no-peer] …   (see bench/run.py --help)
#   BENCH_PLENARY=path/to/plenary bench/run.sh …   times that binary instead of building one
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BENCH_PLENARY:-}" ]; then
  echo "bench: swift build -c release --product plenary --scratch-path .build-bench" >&2
  swift build -c release --product plenary --scratch-path .build-bench >&2
  BENCH_PLENARY=.build-bench/release/plenary
fi
for module in jinja2:jinja2 yaml:pyyaml lxml:lxml; do
  python3 -c "import ${module%%:*}" 2>/dev/null || python3 -m pip install --quiet "${module##*:}" >&2
done
exec python3 bench/run.py --plenary "$BENCH_PLENARY" "$@"
