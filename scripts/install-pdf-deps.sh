#!/usr/bin/env bash
# Installs what `plenary build --formats pdf` and the PDF tests need, when it is missing:
# WeasyPrint (PyPI, the version Plenary is tested with: its bytes are what the determinism tests
# and the manifest expect), the Pango it draws text with, the fonts of the six UN languages
# (fonts-liberation: Latin and Cyrillic; fonts-noto-cjk: Chinese; fonts-noto-core: Noto Naskh
# Arabic), and poppler-utils (pdftotext, pdffonts, pdftoppm: the tests and `make screenshots`).
# Idempotent, and silent when everything is already there.
#
#   scripts/install-pdf-deps.sh
#
# WeasyPrint goes into PYTHON (default python3) with pip; where pip refuses (a Debian system Python,
# PEP 668) into the virtual environment .venv-pdf/ of the project, which the Makefile then hands to
# Plenary as PLENARY_PYTHON. Prints the Python that has it, last.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/apt-install.sh

version=70.0
python="${PYTHON:-python3}"
[ -x .venv-pdf/bin/python ] && python=.venv-pdf/bin/python

missing=()
if ! installed libpango-1.0-0 && ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0'; then missing+=(libpango-1.0-0); fi
if ! installed libpangoft2-1.0-0 && ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then missing+=(libpangoft2-1.0-0); fi
if ! installed fonts-liberation && ! has_font "Liberation Serif"; then missing+=(fonts-liberation); fi
if ! installed fonts-noto-cjk && ! has_font "Noto Serif CJK SC"; then missing+=(fonts-noto-cjk); fi
if ! installed fonts-noto-core && ! has_font "Noto Naskh Arabic"; then missing+=(fonts-noto-core); fi
for tool in pdftotext pdffonts pdftoppm; do
  if ! command -v "$tool" >/dev/null 2>&1; then missing+=(poppler-utils); break; fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-pdf-deps: installing ${missing[*]}" >&2
  apt_install "${missing[@]}"
fi

has_weasyprint() {
  [ "$("$1" -c 'import importlib.metadata as m; print(m.version("weasyprint"))' 2>/dev/null || true)" = "$version" ] &&
    "$1" -c 'import weasyprint' >/dev/null 2>&1
}
if ! has_weasyprint "$python"; then
  echo "install-pdf-deps: installing WeasyPrint $version for $python" >&2
  if ! "$python" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "weasyprint==$version" >&2; then
    # A Python that refuses pip (PEP 668): a virtual environment of the project's own.
    "${PYTHON:-python3}" -m venv .venv-pdf >&2 || { apt_install python3-venv && "${PYTHON:-python3}" -m venv .venv-pdf >&2; }
    python=.venv-pdf/bin/python
    "$python" -m pip install --quiet --disable-pip-version-check "weasyprint==$version" >&2
  fi
  has_weasyprint "$python" || { echo "install-pdf-deps: WeasyPrint $version is still missing for $python" >&2; exit 1; }
fi
echo "$python"
