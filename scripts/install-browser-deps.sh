#!/usr/bin/env bash
# Installs what scripts/browser-check.py and scripts/screenshots.sh need, when it is missing:
# the Debian packages chromium, fonts-noto-cjk (Chinese), fonts-noto-core (Noto Naskh Arabic and
# Noto Sans Arabic, for the Arabic pages; Russian is drawn with fonts-liberation / fonts-dejavu,
# which chromium brings), poppler-utils (pdftotext, for the check that a table's header row is
# repeated on every printed page), and the PyPI package websocket-client.
# Idempotent, and silent when everything is already there.
#
#   scripts/install-browser-deps.sh
#
# PYTHON=python3 names the interpreter that browser-check.py runs with (default: python3).
set -euo pipefail

python="${PYTHON:-python3}"

source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"

missing=()
if ! command -v chromium >/dev/null 2>&1 && ! installed chromium; then missing+=(chromium); fi
if ! installed fonts-noto-cjk; then missing+=(fonts-noto-cjk); fi
# Arabic: any installed Naskh face will do (fonts-noto-core's Noto Naskh Arabic, or one installed
# otherwise); fc-list answers for fonts not installed from a package.
if ! installed fonts-noto-core && ! has_font "Noto Naskh Arabic"; then missing+=(fonts-noto-core); fi
if ! command -v pdftotext >/dev/null 2>&1 && ! installed poppler-utils; then missing+=(poppler-utils); fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-browser-deps: installing ${missing[*]}"
  apt_install "${missing[@]}"
fi

if ! "$python" -c 'import websocket' >/dev/null 2>&1; then
  echo "install-browser-deps: installing websocket-client for $python"
  if ! "$python" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
        websocket-client >/dev/null 2>&1 \
     && ! "$python" -m pip install --quiet --disable-pip-version-check websocket-client; then
    # A Debian system Python refuses pip (PEP 668); Debian packages the same library.
    apt_install python3-websocket
  fi
  "$python" -c 'import websocket' || { echo "install-browser-deps: websocket-client is still missing" >&2; exit 1; }
fi
