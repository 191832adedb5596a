#!/usr/bin/env bash
# Renders the first page (A4 at 96 dpi: 794 x 1123 CSS px) of each language of every document of
# the bundled meeting (the note UNEP/CBD/BS/COP-MOP/6/7, the agendas, the decisions, the report)
# with headless Chromium, as PNG files <document>-<language>.png in the folder given as $1
# (default: screenshots/): every <language>.html the build wrote, whichever languages are present
# (en, zh, and fr, es, ru, ar where the meeting has them; the Arabic pages right to left), in the
# order of the six UN languages (ar zh en fr ru es), then any other; and every table and figure of those pages on its own, cut out of the page
# at the same width, as <document>-<language>-table_1.png, <document>-<language>-fig_1.png (named by
# the element's id; table_N / fig_N when it has none), through the DevTools protocol
# (Page.captureScreenshot with the element's box as clip; Python with websocket-client).
# Exits non-zero if Chromium is missing or a screenshot was not written.
#
#   scripts/screenshots.sh [OUT_DIR]
#
# CHROMIUM=/path/to/browser overrides the browser; scripts/install-browser-deps.sh installs it.
# MEETING=/path/to/Output/<meeting> takes the pages of another built meeting.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-screenshots}"
meeting="${MEETING:-$repo/Output/bs-copmop-6}"
width=794
height=1123

browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then browser="$(command -v "$name")"; break; fi
  done
fi
if [ -z "$browser" ] || ! command -v "$browser" >/dev/null 2>&1; then
  echo "screenshots: Chromium was not found: install the Debian packages 'chromium', 'fonts-noto-cjk' and" \
       "'fonts-noto-core' (apt-get install -y chromium fonts-noto-cjk fonts-noto-core)," \
       "or run scripts/install-browser-deps.sh" >&2
  exit 2
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
profile="$(mktemp -d "${TMPDIR:-/tmp}/plenary-screenshots.XXXXXX")"
trap 'rm -rf "$profile"' EXIT

# The pages: each document's <language>.html (not index.html), the UN languages first, in UN order.
pages=()
for doc_dir in "$meeting"/*/; do
  [ -d "$doc_dir" ] || continue
  for lang in ar zh en fr ru es; do
    [ -f "$doc_dir$lang.html" ] && pages+=("$doc_dir$lang.html")
  done
  for page in "$doc_dir"*.html; do
    [ -f "$page" ] || continue
    case "$(basename "$page" .html)" in ar|zh|en|fr|ru|es|index) ;; *) pages+=("$page") ;; esac
  done
done
if [ "${#pages[@]}" -eq 0 ]; then
  echo "screenshots: no page under $meeting (build the meeting first: plenary build)" >&2
  exit 1
fi
langs="$(for page in "${pages[@]}"; do basename "$page" .html; done | sort -u | tr '\n' ' ')"
echo "screenshots: ${#pages[@]} pages, languages: ${langs% }"

status=0
for page in "${pages[@]}"; do
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

# Tables and figures, one PNG each, cut out of the page rendered at the same width.
python="${PYTHON:-python3}"
if ! "$python" -c 'import websocket' >/dev/null 2>&1; then
  echo "screenshots: the Python package websocket-client is missing (tables and figures not shot):" \
       "run scripts/install-browser-deps.sh" >&2
  exit 2
fi
CHROMIUM="$browser" "$python" - "$repo/scripts/browser-check.py" "$out" "$width" "$height" "${pages[@]}" <<'PY' || status=$?
import base64, importlib.util, sys
from pathlib import Path
from urllib.parse import quote

check_script, out, width, height, pages = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
spec = importlib.util.spec_from_file_location("browser_check", check_script)
bc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bc)

# The box of each table's block (caption, table, notes) and of each figure, in page coordinates.
BOXES_JS = r"""
(() => {
  const boxes = [];
  const add = (el, kind, n, id) => {
    const r = el.getBoundingClientRect();
    boxes.push({name: id || (kind + '_' + n), x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height});
  };
  document.querySelectorAll('table.akn-table').forEach((t, i) => add(t.closest('.table-block') || t, 'table', i + 1, t.id));
  document.querySelectorAll('figure').forEach((f, i) => add(f, 'fig', i + 1, f.id));
  return boxes;
})()
"""

status = 0
browser = bc.Browser(width, height)
try:
    try:
        browser.start()
    except bc.EnvironmentProblem as e:
        print("screenshots: %s" % e, file=sys.stderr)
        sys.exit(2)
    for page in pages:
        page = Path(page).resolve()
        doc, lang = page.parent.name, page.stem
        target = session = None
        try:
            target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for method in ("Page.enable", "Runtime.enable"):
                browser.call(method, {}, session)
            browser.call("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
            browser.call("Page.navigate", {"url": "file://" + quote(str(page))}, session)
            browser.wait_event("Page.loadEventFired", session, bc.LOAD_TIMEOUT)
            browser.evaluate("document.fonts.ready.then(() => true)", session, bc.LOAD_TIMEOUT)
            for box in browser.evaluate(BOXES_JS, session):
                png = out / ("%s-%s-%s.png" % (doc, lang, box["name"]))
                if box["width"] < 1 or box["height"] < 1:
                    print("FAIL %s %s %s: not drawn" % (doc, lang, box["name"]), file=sys.stderr)
                    status = 1
                    continue
                pad = 8   # a margin around the element, inside the page
                x, y = max(0, box["x"] - pad), max(0, box["y"] - pad)
                clip = {"x": x, "y": y, "width": box["width"] + box["x"] - x + pad,
                        "height": box["height"] + box["y"] - y + pad, "scale": 1}
                shot = browser.call("Page.captureScreenshot", {"format": "png", "clip": clip,
                                                               "captureBeyondViewport": True}, session)
                png.write_bytes(base64.b64decode(shot["data"]))
                print("wrote %s" % png)
        except bc.CDPError as e:
            print("FAIL %s %s: %s" % (doc, lang, e), file=sys.stderr)
            status = 1
        finally:
            bc.close_target(browser, target, session)
finally:
    browser.stop()
sys.exit(status)
PY

# The printed note: the first two pages of each language's PDF (the masthead, then the running
# header), as <document>-<language>-pdf-1.png and -pdf-2.png, by poppler's pdftoppm at 96 dpi.
note="$meeting/cp-6-7"
if ls "$note"/*.pdf >/dev/null 2>&1; then
  for pdf in "$note"/*.pdf; do
    lang="$(basename "$pdf" .pdf)"
    pdftoppm -r 96 -png -f 1 -l 2 "$pdf" "$out/cp-6-7-$lang-pdf"
    for n in 1 2; do
      for made in "$out/cp-6-7-$lang-pdf-$n.png" "$out/cp-6-7-$lang-pdf-0$n.png" "$out/cp-6-7-$lang-pdf-00$n.png"; do
        [ -f "$made" ] && [ "$made" != "$out/cp-6-7-$lang-pdf-$n.png" ] && mv "$made" "$out/cp-6-7-$lang-pdf-$n.png"
      done
      [ -f "$out/cp-6-7-$lang-pdf-$n.png" ] || { echo "screenshots: page $n of $pdf was not rendered" >&2; exit 1; }
    done
  done
else
  echo "screenshots: no PDF of the note in $note: run 'make documents' first" >&2
  exit 1
fi
exit "$status"
