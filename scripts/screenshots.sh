#!/usr/bin/env bash
# Renders the first page (A4 at 96 dpi: 794 x 1123 CSS px) of each language of every document of
# the bundled meeting (the note UNEP/CBD/BS/COP-MOP/6/7, the agendas, the decisions, the report)
# with headless Chromium, as PNG files <document>-<language>.png in the folder given as $1
# (default: screenshots/). Exits non-zero if Chromium is missing or a screenshot was not written.
#
#   scripts/screenshots.sh [OUT_DIR]
#
# CHROMIUM=/path/to/browser overrides the browser; scripts/install-browser-deps.sh installs it.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-screenshots}"
meeting="$repo/Output/bs-copmop-6"
width=794
height=1123

browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then browser="$(command -v "$name")"; break; fi
  done
fi
if [ -z "$browser" ] || ! command -v "$browser" >/dev/null 2>&1; then
  echo "screenshots: Chromium was not found: install the Debian packages 'chromium' and 'fonts-noto-cjk'" \
       "(apt-get install -y chromium fonts-noto-cjk), or run scripts/install-browser-deps.sh" >&2
  exit 2
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
profile="$(mktemp -d "${TMPDIR:-/tmp}/plenary-screenshots.XXXXXX")"
trap 'rm -rf "$profile"' EXIT

status=0
for page in "$meeting"/*/*.html; do
  doc="$(basename "$(dirname "$page")")"
  lang="$(basename "$page" .html)"
  png="$out/$doc-$lang.png"
  if [ ! -f "$page" ]; then
    echo "FAIL $page: no such file" >&2; status=1; continue
  fi
  rm -f "$png"
  # timeout: a hung browser must not hang the build; --kill-after ends it for good.
  if ! timeout --kill-after=5 60 "$browser" --headless=new --no-sandbox --disable-gpu \
        --user-data-dir="$profile/$doc-$lang" --no-first-run --no-default-browser-check \
        --disable-extensions --disable-background-networking --hide-scrollbars \
        --force-device-scale-factor=1 --run-all-compositor-stages-before-draw --window-size="$width,$height" \
        --virtual-time-budget=5000 --screenshot="$png" "file://$page" >"$profile/$doc-$lang.log" 2>&1; then
    echo "FAIL $doc $lang: Chromium failed:" >&2; tail -n 5 "$profile/$doc-$lang.log" >&2; status=1; continue
  fi
  if [ ! -s "$png" ]; then
    echo "FAIL $doc $lang: Chromium wrote no screenshot" >&2; tail -n 5 "$profile/$doc-$lang.log" >&2; status=1; continue
  fi
  echo "wrote $png"
done
exit "$status"
