#!/usr/bin/env python3
"""Render Plenary's HTML in headless Chromium and check what a reader would see.

Usage:
    scripts/browser-check.py [--width PX] [--height PX] [FILE.html ...]

Without files it checks every *.html under Output/ (next to this script's folder) except index.html.

For every file, from the DOM as Chromium rendered it:
  stylesheet  every <link rel="stylesheet"> loaded and is not empty (else the other checks mean little);
  paragraphs  the number of numbered .akn-paragraph elements equals the number of <paragraph>
              elements with a <num> in the sibling Akoma Ntoso file (same name, .xml), and is > 0;
              the unnumbered ones (.akn-paragraph.unnumbered) equal those without a <num>;
  headings    the headings drawn (.akn-heading, .akn-crossHeading, .akn-agendaItem) equal the
              elements with a <heading> and the <crossHeading>s (other than preambular ones) in
              the Akoma Ntoso file: agenda items, group headings and unnumbered headings included;
  links       every link inside the page (#…) lands on an element, every link to another page
              (../doc/lang.html#…) on an existing file, and the contents list has as many
              entries as the Akoma Ntoso <toc>;
  overflow    at an A4-wide viewport (794 px) nothing is wider than the page:
              documentElement.scrollWidth <= clientWidth and no element or text run ends right of it;
  fonts       the first body paragraphs (CSS.getPlatformFontsForNode): zh: most glyphs come from a CJK
              font; ar (and the other right-to-left languages): most glyphs come from an Arabic font
              (a family named Naskh, Arabic, Amiri, Kufi, Scheherazade, …), not from a Latin one that
              happens to have Arabic letters; every language (ru, fr, es, en …): the paragraphs were
              rendered with at least one font, none is a LastResort/.notdef font, and no tofu: every
              character of their text (default-ignorable ones aside) is in the character set of one of
              the fonts that drew them (fontconfig's fc-list; skipped for a font it does not know);
  direction   dir on <html> is "rtl" on an Arabic (right-to-left) page and "ltr" or absent otherwise,
              and the body's computed direction agrees; in the first numbered paragraphs, points and
              agenda items the number's box stands at the start of its text's: right of it in rtl
              (number.left >= content.right - 1), left of it in ltr (number.right <= content.left + 1);
              the masthead is mirrored (the organisation right of the symbol block in rtl, left in ltr);
              in an rtl page every <bdi> and [dir=ltr] element is laid out left to right: measured with
              a DOM Range on each character (Arabic and Hebrew letters, spaces and marks aside), on
              every line it occupies, each character's left edge is right of the previous one's, so a
              symbol such as UNEP/CBD/BS/COP-MOP/6/7 reads in order (its first character left of its
              last).

Only on a page with tables (table.akn-table in the HTML or <table> in the Akoma Ntoso):
  tables      as many table.akn-table as <table> in the Akoma Ntoso; each has a non-empty <caption>,
              every th a scope (col, colgroup, row or rowgroup), a thead, and no header row outside it
              (a tr.header, or a row of th scope=col/colgroup only); at the A4-wide viewport the table
              lies within the page (its box between 0 and clientWidth) and no cell's content overflows
              it (scrollWidth <= clientWidth + 1, caption included);
  decimals    in each column of number cells (td.number; a cell spanning columns counts for the last
              one), the decimal separators stand at the same x within 1 px: measured with a DOM Range
              on the text node characters, the left edge of the separator (the language's, from
              Intl.NumberFormat, with its own digits or Latin ones: ar '٫' or '.'), or when the number
              has none the right edge of its last digit (where the invisible .decimal-pad's separator
              begins); a number runs left to right in an rtl page too, so the edges are the same there;
              empty and nil (–) cells are skipped;
  print-header (last, in the live DOM, undone afterwards) with print media, for each table: all but
              the table's .table-block is hidden, its body rows (not the total) are repeated until it
              is taller than two A4 pages, the page is printed (Page.printToPDF, A4,
              preferCSSPageSize) and pdftotext reads the PDF: the text of every cell of the table's
              first header row is on the first page that shows it and on the next one (thead is
              repeated: display: table-header-group); a cell is looked for in the -layout text and,
              since a cell that wraps is interleaved there with its neighbours, in the -raw text,
              whitespace ignored; a right-to-left (Arabic) cell word by word, since pdftotext sets
              such lines in visual word order (bidi controls and presentation forms normalised away).
Only on a page with figures (figure in the HTML or <tblock class="figure"> in the Akoma Ntoso):
  figures     as many figure elements as <tblock class="figure">; each has a non-empty figcaption and
              an inline svg with role="img", a non-empty <title> and <desc>, aria-labelledby ids that
              exist; the svg is drawn (not 0 px), within the page width, in its viewBox's proportions
              (2 %), and no chart text sticks out of it (a label cut off); zh: most glyphs of the svg's
              text elements come from a CJK font (CSS.getPlatformFontsForNode, as for fonts).
The headings check leaves out the <heading> of a <tblock class="figure"> (the figure's caption,
counted by figures). A page with neither tables nor figures gets none of these lines.

Prints one line per file and check, then "N passed, M failed".
Exit status: 0 all passed, 1 a check failed, 2 Chromium (or websocket-client, or pdftotext when a page
has a table) is missing or would not start.

Needs: Chromium (Debian: chromium), CJK fonts (Debian: fonts-noto-cjk), Arabic fonts (Debian:
fonts-noto-core, with Noto Naskh Arabic), pdftotext (Debian: poppler-utils), the PyPI package
websocket-client; fc-list (fontconfig) for the tofu test; scripts/install-browser-deps.sh installs them.
Environment: CHROMIUM=/path/to/browser overrides the browser that is looked for.
"""

import argparse
import atexit
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
REPO = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 30.0   # seconds for Chromium to write DevToolsActivePort
COMMAND_TIMEOUT = 30.0   # seconds for any one DevTools command
LOAD_TIMEOUT = 30.0      # seconds for a page's load event (and its web fonts)
CJK_SHARE = 0.5          # the share of glyphs a CJK font must have rendered in a zh paragraph
ARABIC_SHARE = 0.5       # the share of glyphs an Arabic font must have rendered in an ar paragraph
DIRECTION_SAMPLE = 5     # the numbered paragraphs (and points, agenda items) the direction check measures
INSTALL_HINT = ("install the Debian packages 'chromium', 'fonts-noto-cjk', 'fonts-noto-core' and 'poppler-utils' "
                "(apt-get install -y chromium fonts-noto-cjk fonts-noto-core poppler-utils), "
                "or run scripts/install-browser-deps.sh")

# Family names of fonts that cover Han characters (Noto CJK, Source Han, WenQuanYi, AR PL, Droid
# fallback, and the Windows and macOS ones).
CJK_FAMILY = re.compile(
    r"CJK|Source Han|\bHan (Sans|Serif)\b|\bHei|Heiti|SimHei|JhengHei|YaHei|\bSong|Songti|SimSun|FangSong"
    r"|\bMing|MingLiU|KaiTi|Kaiti|WenQuanYi|\bWQY|AR PL|Droid Sans Fallback|Noto (Sans|Serif) (SC|TC|HK|JP|KR)\b"
    r"|PingFang|Hiragino|Yu Gothic|Yu Mincho|MS Gothic|MS Mincho|Malgun|Gulim|Batang|Sarasa|LXGW",
    re.IGNORECASE)

# Family names of fonts made for the Arabic script (Noto, SIL, KACST, Arabeyes, and the Windows and
# macOS ones). A Latin font that also has Arabic letters (DejaVu Sans, Arial) does not count.
ARABIC_FAMILY = re.compile(
    r"Naskh|Arabic|Arab\b|Amiri|Kufi|Nastaliq|Scheherazade|Lateef|Harmattan|Alkalami|KacstOne|\bKacst"
    r"|Thabit|Lemonada|Geeza|Baghdad|Nadeem|Sakkal|Majalla|Aldhabi|Andalus|Uthman|Vazir|Markazi|Tajawal"
    r"|Cairo\b|Mada\b|Rubik Arabic|Al Bayan|Damascus|DecoType",
    re.IGNORECASE)
# Languages written right to left (their pages must have <html dir="rtl">).
RTL_LANGUAGES = {"ar", "fa", "he", "iw", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"}
# A font that stands for "no font has this character".
NOTDEF_FAMILY = re.compile(r"LastResort|\.notdef", re.IGNORECASE)


def is_rtl_language(lang):
    return lang.lower().replace("_", "-").split("-")[0] in RTL_LANGUAGES


class EnvironmentProblem(Exception):
    """Chromium or a Python package is missing or would not start: exit status 2."""


class CDPError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Chromium and the DevTools protocol

def find_chromium():
    override = os.environ.get("CHROMIUM") or os.environ.get("CHROME")
    if override:
        path = shutil.which(override)
        if not path:
            raise EnvironmentProblem("CHROMIUM=%s is not an executable: %s" % (override, INSTALL_HINT))
        return path
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    raise EnvironmentProblem("Chromium was not found on PATH: " + INSTALL_HINT)


class Browser:
    """One headless Chromium started by us; stop() always kills it and removes its profile."""

    def __init__(self, width, height):
        self.proc = None
        self.ws = None
        self.profile = tempfile.mkdtemp(prefix="plenary-chromium-")
        self.next_id = 0
        self.events = []
        self.width, self.height = width, height

    def start(self):
        try:
            import websocket  # noqa: F401  (websocket-client)
        except ImportError:
            raise EnvironmentProblem("the Python package websocket-client is missing: "
                                     "pip install websocket-client (or run scripts/install-browser-deps.sh)")
        exe = find_chromium()
        args = [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                "--user-data-dir=" + self.profile, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--hide-scrollbars", "--mute-audio", "--window-size=%d,%d" % (self.width, self.height),
                "about:blank"]
        self.log_path = os.path.join(self.profile, "chromium.log")
        log = open(self.log_path, "wb")
        try:
            # A session of its own, so that stop() can kill Chromium's helper processes with it.
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         start_new_session=True)
        except OSError as e:
            raise EnvironmentProblem("could not run %s: %s; %s" % (exe, e, INSTALL_HINT))
        finally:
            log.close()
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + STARTUP_TIMEOUT
        lines = []
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise EnvironmentProblem("Chromium exited at start with status %s%s; %s"
                                         % (self.proc.returncode, self._log_tail(), INSTALL_HINT))
            try:
                with open(port_file) as f:
                    lines = f.read().split("\n")
                if len(lines) >= 2 and lines[0].strip().isdigit() and lines[1].strip():
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise EnvironmentProblem("Chromium did not open its DevTools port within %ds%s; %s"
                                     % (STARTUP_TIMEOUT, self._log_tail(), INSTALL_HINT))
        import websocket
        url = "ws://127.0.0.1:%s%s" % (lines[0].strip(), lines[1].strip())
        try:
            self.ws = websocket.create_connection(url, timeout=COMMAND_TIMEOUT, suppress_origin=True)
        except Exception as e:
            raise EnvironmentProblem("could not connect to Chromium's DevTools at %s: %s" % (url, e))

    def _log_tail(self):
        try:
            with open(self.log_path, errors="replace") as f:
                tail = [l for l in f.read().splitlines() if l.strip()][-5:]
            return (":\n    " + "\n    ".join(tail)) if tail else ""
        except OSError:
            return ""

    def stop(self):
        if self.ws is not None:
            try:
                self.ws.settimeout(2)
                self._send_raw("Browser.close", {}, None)
            except Exception:
                pass
            try:
                self.ws.close()
            except Exception:
                pass
            self.ws = None
        if self.proc is not None:
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                pass
            if self.proc.poll() is None:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    self.proc.kill()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            else:
                # The browser is gone; make sure no helper of its group outlives it.
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            self.proc = None
        shutil.rmtree(self.profile, ignore_errors=True)

    def _send_raw(self, method, params, session):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        return self.next_id

    def _receive(self, deadline):
        import websocket
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CDPError("timed out")
        self.ws.settimeout(remaining)
        try:
            raw = self.ws.recv()
        except websocket.WebSocketTimeoutException:
            raise CDPError("timed out")
        except (websocket.WebSocketException, OSError) as e:
            raise CDPError("lost the connection to Chromium: %s" % e)
        return json.loads(raw)

    def call(self, method, params=None, session=None, timeout=COMMAND_TIMEOUT):
        if self.ws is None:
            raise CDPError("not connected to Chromium")
        mid = self._send_raw(method, params or {}, session)
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = self._receive(deadline)
            except CDPError as e:
                raise CDPError("%s: %s" % (method, e))
            if msg.get("id") == mid:
                if "error" in msg:
                    raise CDPError("%s: %s" % (method, msg["error"].get("message", msg["error"])))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, method, session, timeout):
        deadline = time.monotonic() + timeout
        while True:
            for i, ev in enumerate(self.events):
                if ev.get("method") == method and ev.get("sessionId") == session:
                    del self.events[i]
                    return ev.get("params", {})
            msg = self._receive(deadline)
            if "method" in msg:
                self.events.append(msg)

    def evaluate(self, expression, session, timeout=COMMAND_TIMEOUT):
        res = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True}, session, timeout)
        if "exceptionDetails" in res:
            d = res["exceptionDetails"]
            raise CDPError("script failed: %s" % d.get("exception", {}).get("description", d.get("text")))
        return res.get("result", {}).get("value")


# --------------------------------------------------------------------------------------------
# The checks

OVERFLOW_JS = r"""
(() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const tol = 0.5;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList && el.classList.length) s += '.' + Array.from(el.classList).join('.');
    return s;
  };
  const snippet = (t) => { t = (t || '').replace(/\s+/g, ' ').trim(); return t.length > 70 ? t.slice(0, 67) + '...' : t; };
  const offenders = [];
  let count = 0;
  // Elements whose box ends right of the page; only the innermost ones are reported.
  const all = Array.from(document.body.querySelectorAll('*'));
  const over = new Set();
  for (const el of all) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > limit + tol) over.add(el);
  }
  for (const el of over) {
    let inner = false;
    for (const c of el.children) if (over.has(c)) { inner = true; break; }
    if (inner) continue;
    count++;
    if (offenders.length < 5) {
      const r = el.getBoundingClientRect();
      offenders.push(`<${describe(el)}> right=${Math.round(r.right)}px: "${snippet(el.textContent)}"`);
    }
  }
  // Text runs that stick out of their own (narrower) boxes.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > limit + tol && !over.has(n.parentElement)) {
      count++;
      if (offenders.length < 5)
        offenders.push(`text in <${describe(n.parentElement)}> right=${Math.round(r.right)}px: "${snippet(n.textContent)}"`);
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: limit, innerWidth: window.innerWidth,
          count, offenders};
})()
"""


def xml_paragraph_count(xml_path):
    """(numbered, unnumbered) <paragraph> elements."""
    root = ET.parse(xml_path).getroot()
    para, num = "{%s}paragraph" % AKN_NS, "{%s}num" % AKN_NS
    numbered = sum(1 for p in root.iter(para) if any(child.tag == num for child in p))
    return numbered, sum(1 for _ in root.iter(para)) - numbered


def xml_heading_count(xml_path):
    root = ET.parse(xml_path).getroot()
    heading, cross = "{%s}heading" % AKN_NS, "{%s}crossHeading" % AKN_NS
    # A figure's <tblock class="figure"> has a <heading> (its caption): the figures check counts those.
    headed = sum(1 for element in root.iter() if any(child.tag == heading for child in element)
                 and not (element.tag == "{%s}tblock" % AKN_NS and "figure" in (element.get("class") or "").split()))
    crossed = sum(1 for element in root.iter(cross) if element.get("refersTo") != "#preamble")
    return headed + crossed


def xml_toc_count(xml_path):
    return sum(1 for _ in ET.parse(xml_path).getroot().iter("{%s}tocItem" % AKN_NS))


def page_language(browser, session, html_path):
    lang = browser.evaluate("document.documentElement.lang || ''", session) or ""
    if lang:
        return lang.lower()
    return html_path.stem.lower()   # en.html, zh.html


def check_stylesheets(browser, session):
    hrefs = browser.evaluate("Array.from(document.querySelectorAll('link[rel~=stylesheet]')).map(l => l.href)",
                             session)
    loaded = {}
    for ev in browser.events:
        if ev.get("method") == "CSS.styleSheetAdded" and ev.get("sessionId") == session:
            header = ev["params"]["header"]
            loaded[header.get("sourceURL")] = max(loaded.get(header.get("sourceURL"), 0), header.get("length", 0))
    if not hrefs:
        return False, "the page links no stylesheet"
    missing = [h for h in hrefs if not loaded.get(h)]
    if missing:
        return False, "not loaded or empty: " + ", ".join(missing)
    return True, ", ".join("%s (%d bytes)" % (h.rsplit("/", 1)[-1], loaded[h]) for h in hrefs)


def check_paragraphs(browser, session, html_path):
    rendered = browser.evaluate("document.querySelectorAll('.akn-paragraph:not(.unnumbered)').length", session)
    unnumbered = browser.evaluate("document.querySelectorAll('.akn-paragraph.unnumbered').length", session)
    xml_path = html_path.with_suffix(".xml")
    if not xml_path.exists():
        return False, "%d rendered, but there is no %s to compare with" % (rendered, xml_path.name)
    try:
        expected, expected_unnumbered = xml_paragraph_count(xml_path)
    except ET.ParseError as e:
        return False, "%s does not parse: %s" % (xml_path.name, e)
    detail = "%d rendered .akn-paragraph (%d unnumbered), %d numbered <paragraph> (%d without <num>) in %s" % (
        rendered, unnumbered, expected, expected_unnumbered, xml_path.name)
    # A page of text has paragraphs; only a listing (the provisional agenda) may have none.
    listing = browser.evaluate("document.querySelectorAll('.agenda .akn-agendaItem').length", session)
    if (expected + expected_unnumbered == 0 or rendered + unnumbered == 0) and not listing:
        return False, detail + " (expected more than 0)"
    return rendered == expected and unnumbered == expected_unnumbered, detail


def check_headings(browser, session, html_path):
    rendered = browser.evaluate("document.querySelectorAll('.akn-heading, .akn-crossHeading, .akn-agendaItem').length", session)
    expected = xml_heading_count(html_path.with_suffix(".xml"))
    return rendered == expected, "%d headings drawn, %d in %s" % (rendered, expected, html_path.with_suffix(".xml").name)


LINKS_JS = r"""
(() => {
  const anchors = Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'));
  const inside = anchors.filter(h => h.startsWith('#'));
  const missing = inside.filter(h => !document.getElementById(decodeURIComponent(h.slice(1))));
  const pages = anchors.filter(h => h.startsWith('../'));
  const toc = document.querySelectorAll('.akn-toc li').length;
  return {inside: inside.length, missing: missing, pages: pages, toc: toc};
})()
"""


def check_links(browser, session, html_path):
    r = browser.evaluate(LINKS_JS, session)
    problems = ["#%s lands nowhere" % h.lstrip("#") for h in r["missing"]]
    for page in r["pages"]:
        path = page.split("#", 1)[0]
        if not (html_path.parent / path).resolve().exists():
            problems.append("%s does not exist" % page)
    toc = xml_toc_count(html_path.with_suffix(".xml"))
    if r["toc"] != toc:
        problems.append("%d contents entries, %d <tocItem> in the XML" % (r["toc"], toc))
    detail = "%d links in the page, %d to other pages, %d contents entries" % (r["inside"], len(r["pages"]), r["toc"])
    return not problems, "; ".join(problems) if problems else detail


def check_overflow(browser, session, width):
    r = browser.evaluate(OVERFLOW_JS, session)
    detail = "scrollWidth %d, clientWidth %d at a %d px viewport" % (r["scrollWidth"], r["clientWidth"], width)
    ok = r["scrollWidth"] <= r["clientWidth"] and r["count"] == 0
    if not ok:
        if r["count"]:
            detail += "; %d element(s)/text run(s) end right of the page, first: %s" % (
                r["count"], "; ".join(r["offenders"]))
        else:
            detail += "; the document scrolls sideways"
    return ok, detail


def paragraph_fonts(browser, session, limit=3):
    """The platform fonts of the first body paragraphs, summed: (count, {family: glyphs}, their text)."""
    doc = browser.call("DOM.getDocument", {"depth": 0}, session)
    root_id = doc["root"]["nodeId"]
    found = browser.call("DOM.querySelectorAll",
                         {"nodeId": root_id, "selector": ".akn-paragraph .akn-content > p"}, session)
    ids = found.get("nodeIds", [])[:limit]
    # A page without paragraphs (the provisional agenda) is asked about its agenda items.
    for selector in (".akn-paragraph", ".akn-agendaItem .akn-content > p"):
        if ids:
            break
        found = browser.call("DOM.querySelectorAll", {"nodeId": root_id, "selector": selector}, session)
        ids = found.get("nodeIds", [])[:limit]
    fonts, custom, texts = {}, set(), []
    for node_id in ids:
        res = browser.call("CSS.getPlatformFontsForNode", {"nodeId": node_id}, session)
        for f in res.get("fonts", []):
            fonts[f["familyName"]] = fonts.get(f["familyName"], 0) + f.get("glyphCount", 0)
            if f.get("isCustomFont"):
                custom.add(f["familyName"])
        obj = browser.call("DOM.resolveNode", {"nodeId": node_id}, session)["object"]
        res = browser.call("Runtime.callFunctionOn", {"objectId": obj["objectId"], "returnByValue": True,
                                                      "functionDeclaration": "function () { return this.textContent; }"},
                           session)
        texts.append(res.get("result", {}).get("value") or "")
        browser.call("Runtime.releaseObject", {"objectId": obj["objectId"]}, session)
    return len(ids), fonts, custom, "".join(texts)


_CHARSETS = {}


def family_charset(family):
    """The code points of a font family, from fontconfig (a list of (first, last) ranges), or None
    when fc-list is missing or does not know the family (a web font, another system)."""
    if family in _CHARSETS:
        return _CHARSETS[family]
    ranges = None
    fc = shutil.which("fc-list")
    if fc:
        pattern = re.sub(r"([\\:,=-])", r"\\\1", family)
        try:
            out = subprocess.run([fc, "--format=%{charset}\n", pattern], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, timeout=20).stdout.decode("ascii", "replace")
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        found = []
        for item in out.split():
            first, _, last = item.partition("-")
            try:
                found.append((int(first, 16), int(last or first, 16)))
            except ValueError:
                pass
        ranges = found or None
    _CHARSETS[family] = ranges
    return ranges


def uncovered_characters(text, families):
    """The characters of text that none of the fonts has (tofu), or None if a font's set is unknown."""
    import unicodedata
    charsets = [family_charset(f) for f in families]
    if not charsets or any(c is None for c in charsets):
        return None
    missing = []
    for ch in sorted(set(text)):
        cp = ord(ch)
        if unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") or 0xFE00 <= cp <= 0xFE0F:
            continue   # controls, bidi marks, ZWJ/ZWNJ, soft hyphens, spaces, variation selectors
        if not any(lo <= cp <= hi for ranges in charsets for lo, hi in ranges):
            missing.append(ch)
    return missing


def check_fonts(browser, session, lang):
    n, fonts, custom, text = paragraph_fonts(browser, session)
    if n == 0:
        return False, "no body paragraph to ask for fonts"
    total = sum(fonts.values())
    listing = ", ".join("%s: %d glyphs" % (k, v) for k, v in sorted(fonts.items(), key=lambda kv: -kv[1]))
    if total == 0:
        return False, "no platform font rendered the first %d paragraph(s) (%s)" % (n, listing or "none")
    notdef = [k for k in fonts if NOTDEF_FAMILY.search(k)]
    if notdef:
        return False, "drawn with %s (%s): a character no installed font has (tofu)" % (", ".join(notdef), listing)
    missing = uncovered_characters(text, [k for k in fonts if k not in custom and fonts[k]])
    if missing:
        return False, "%d character(s) in none of the fonts that drew them (tofu): %s (%s)" % (
            len(missing), " ".join("U+%04X" % ord(c) for c in missing[:8]), listing)
    coverage = "every character in a font that drew it" if missing is not None else \
               "character coverage not checked (fc-list missing or a font it does not know)"
    # A script that needs fonts of its own: most glyphs must come from one of them.
    for applies, family, minimum, what, hint in (
            (lang.startswith("zh"), CJK_FAMILY, CJK_SHARE, "CJK",
             "Chinese is not rendered with a CJK font (tofu?): install fonts-noto-cjk"),
            (is_rtl_language(lang), ARABIC_FAMILY, ARABIC_SHARE, "Arabic",
             "Arabic is not rendered with an Arabic font (:lang(ar) font-family \"Noto Naskh Arabic\", …): "
             "install fonts-noto-core")):
        if not applies:
            continue
        share = sum(v for k, v in fonts.items() if family.search(k)) / total
        detail = "%.0f%% of %d glyphs in %s fonts (%s); %s" % (100 * share, total, what, listing, coverage)
        if share < minimum:
            return False, detail + " — " + hint
        return True, detail
    return True, "%s; %s" % (listing, coverage)


# The direction of the page (issue 17): the html element's dir, where the numbers hang, the
# masthead's columns, and the order of the characters of isolated left-to-right runs.
DIRECTION_JS = r"""
((limit) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width, height: r.height}; };
  const label = (el) => (el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''));
  const snippet = (t) => { t = (t || '').replace(/\s+/g, ' ').trim(); return t.length > 50 ? t.slice(0, 47) + '...' : t; };
  // Numbers and their text: numbered paragraphs, points, agenda items (the first few of each).
  const numbers = [];
  for (const sel of ['.akn-paragraph:not(.unnumbered)', '.akn-point', '.akn-agendaItem']) {
    let taken = 0;
    for (const el of document.querySelectorAll(sel)) {
      if (taken >= limit) break;
      const num = el.querySelector(':scope > .akn-num'), content = el.querySelector(':scope > .akn-content');
      if (!num || !content) continue;
      const n = box(num), c = box(content);
      if (!n.width || !c.width) continue;
      taken++;
      numbers.push({what: label(el), num: num.textContent.trim(), n, c});
    }
  }
  const org = document.querySelector('.masthead-org'), ids = document.querySelector('.masthead-ids');
  const masthead = org && ids ? {org: box(org), ids: box(ids)} : null;
  // Isolated left-to-right runs: each character's box, line by line.
  const isolates = [];
  const range = document.createRange();
  const skip = /[\s\p{Script=Arabic}\p{Script=Hebrew}\p{M}\p{Cf}]/u;
  for (const el of document.body.querySelectorAll('bdi, [dir=ltr]')) {
    const chars = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t && chars.length < 400; t = walker.nextNode())
      for (let k = 0; k < t.data.length && chars.length < 400; k++) {
        const code = t.data.codePointAt(k), ch = String.fromCodePoint(code), len = ch.length;
        if (!skip.test(ch)) {
          range.setStart(t, k); range.setEnd(t, k + len);
          const r = range.getBoundingClientRect();
          if (r.width > 0 || r.height > 0) chars.push({ch, left: r.left, top: r.top, height: r.height});
        }
        k += len - 1;
      }
    if (chars.length < 2) continue;
    let lineTop = chars[0].top, lines = 1, bad = null;
    for (let i = 1; i < chars.length; i++) {
      const a = chars[i - 1], b = chars[i];
      if (Math.abs(b.top - lineTop) > Math.max(a.height, b.height) / 2) { lineTop = b.top; lines++; continue; }
      if (b.left < a.left - 0.5 && !bad) bad = {at: i, prev: a.ch, ch: b.ch, prevLeft: a.left, left: b.left};
    }
    isolates.push({what: label(el), text: snippet(el.textContent), chars: chars.length, lines,
                   first: chars[0].left, last: chars[chars.length - 1].left, bad});
  }
  return {dir: document.documentElement.getAttribute('dir'), lang: document.documentElement.lang,
          bodyDirection: getComputedStyle(document.body).direction, numbers, masthead, isolates};
})
"""


def check_direction(browser, session, lang):
    r = browser.evaluate("(%s)(%d)" % (DIRECTION_JS, DIRECTION_SAMPLE), session)
    rtl = is_rtl_language(lang)
    expected = "rtl" if rtl else "ltr"
    problems = []
    attr = (r["dir"] or "").strip().lower()
    if rtl and attr != "rtl":
        problems.append('<html dir="%s"> on a %s page: a right-to-left language needs dir="rtl"' % (r["dir"] or "", lang)
                        if r["dir"] is not None else '<html> has no dir on a %s page: it needs dir="rtl"' % lang)
    elif not rtl and attr not in ("", "ltr"):
        problems.append('<html dir="%s"> on a %s page (left to right: dir="ltr" or none)' % (r["dir"], lang))
    if r["bodyDirection"] != expected:
        problems.append("the body is laid out %s, not %s (a stylesheet sets direction?)" % (r["bodyDirection"], expected))
    wrong = []
    for item in r["numbers"]:
        n, c = item["n"], item["c"]
        ok = n["left"] >= c["right"] - 1 if rtl else n["right"] <= c["left"] + 1
        if not ok:
            wrong.append('%s "%s" at %.0f-%.0f px, its text at %.0f-%.0f px' % (
                item["what"], item["num"], n["left"], n["right"], c["left"], c["right"]))
    if wrong:
        problems.append("%d of %d numbers not %s of their text (%s): %s" % (
            len(wrong), len(r["numbers"]), "right" if rtl else "left", "rtl" if rtl else "ltr", "; ".join(wrong[:3])))
    m = r["masthead"]
    if m:
        org, ids = m["org"], m["ids"]
        if (rtl and org["left"] < ids["right"] - 1) or (not rtl and org["right"] > ids["left"] + 1):
            problems.append("masthead not %s: the organisation at %.0f-%.0f px, the symbol block at %.0f-%.0f px" % (
                "mirrored" if rtl else "in order", org["left"], org["right"], ids["left"], ids["right"]))
    disordered = []
    if rtl:
        for iso in r["isolates"]:
            if iso["bad"]:
                b = iso["bad"]
                disordered.append('%s "%s": "%s" at x=%.1f left of the "%s" before it at x=%.1f' % (
                    iso["what"], iso["text"], b["ch"], b["left"], b["prev"], b["prevLeft"]))
        if disordered:
            problems.append("%d of %d isolated runs (bdi, [dir=ltr]) not laid out left to right: %s" % (
                len(disordered), len(r["isolates"]), "; ".join(disordered[:3])))
    if problems:
        return False, "; ".join(problems)
    detail = '%s (dir=%s): %d numbers %s of their text' % (
        expected, r["dir"] if r["dir"] is not None else "absent", len(r["numbers"]), "right" if rtl else "left")
    if m:
        detail += ", masthead %s" % ("mirrored" if rtl else "in order")
    if rtl:
        isolates = r["isolates"]
        detail += ", %d isolated runs (bdi, [dir=ltr]) left to right (%d characters%s)" % (
            len(isolates), sum(i["chars"] for i in isolates),
            ", %d over two lines or more" % sum(1 for i in isolates if i["lines"] > 1) if any(i["lines"] > 1 for i in isolates) else "")
    return True, detail


# --------------------------------------------------------------------------------------------
# Tables and figures (issue 16)

# The grid position of every cell (rowspan/colspan honoured), shared by the table checks.
TABLE_GRID_JS = r"""
const plenaryGrid = (table) => {
  const grid = [];   // grid[r][c] = cell
  const place = new Map();   // cell -> {row, col, cols}
  Array.from(table.rows).forEach((tr, r) => {
    grid[r] = grid[r] || [];
    let c = 0;
    for (const cell of tr.cells) {
      while (grid[r][c]) c++;
      const rs = Math.max(1, cell.rowSpan || 1), cs = Math.max(1, cell.colSpan || 1);
      for (let i = 0; i < rs; i++) {
        grid[r + i] = grid[r + i] || [];
        for (let j = 0; j < cs; j++) grid[r + i][c + j] = cell;
      }
      place.set(cell, {row: r, col: c, cols: cs});
      c += cs;
    }
  });
  return place;
};
const plenaryDescribe = (el) => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (el.classList && el.classList.length) s += '.' + Array.from(el.classList).join('.');
  return s;
};
const plenarySnippet = (t) => { t = (t || '').replace(/\s+/g, ' ').trim(); return t.length > 40 ? t.slice(0, 37) + '...' : t; };
const plenaryTableName = (t, i) => t.id ? '#' + t.id : 'table ' + (i + 1);
"""

TABLES_JS = r"""
(() => {""" + TABLE_GRID_JS + r"""
  const limit = document.documentElement.clientWidth;
  const tables = Array.from(document.querySelectorAll('table.akn-table'));
  const problems = [];
  let cells = 0;
  tables.forEach((t, i) => {
    const name = plenaryTableName(t, i);
    const cap = t.querySelector(':scope > caption');
    if (!cap || !cap.textContent.trim()) problems.push(name + ': no caption');
    const unscoped = Array.from(t.querySelectorAll('th')).filter(th => !['col', 'colgroup', 'row', 'rowgroup'].includes(th.getAttribute('scope')));
    if (unscoped.length) problems.push(`${name}: ${unscoped.length} th without scope (first: "${plenarySnippet(unscoped[0].textContent)}")`);
    if (!t.tHead) problems.push(name + ': no thead');
    const stray = Array.from(t.rows).filter(tr => (tr.classList.contains('header') || (tr.cells.length && Array.from(tr.cells).every(c => c.tagName === 'TH' && ['col', 'colgroup'].includes(c.getAttribute('scope'))))) && tr.parentElement.tagName !== 'THEAD');
    if (stray.length) problems.push(`${name}: ${stray.length} header row(s) outside thead (first: "${plenarySnippet(stray[0].textContent)}")`);
    const r = t.getBoundingClientRect();
    if (r.right > limit + 0.5 || r.left < -0.5) problems.push(`${name}: spans ${Math.round(r.left)}–${Math.round(r.right)} px, the page is ${limit} px wide`);
    const over = [];
    for (const cell of t.querySelectorAll('th, td, caption')) {
      cells++;
      if (cell.scrollWidth > cell.clientWidth + 1) over.push(cell);
    }
    if (over.length) problems.push(`${name}: ${over.length} cell(s) whose content overflows, first: <${plenaryDescribe(over[0])}> "${plenarySnippet(over[0].textContent)}" ${over[0].scrollWidth} px in ${over[0].clientWidth} px`);
  });
  return {tables: tables.length, cells, problems};
})()
"""

# Where the decimal separator of each number cell stands: the start edge of the separator character,
# or, when the number has none, the end edge of its last digit (an invisible .decimal-pad follows it,
# holding the separator and the missing digits). Measured with a Range on the text node characters.
DECIMALS_JS = r"""
(() => {""" + TABLE_GRID_JS + r"""
  const lang = document.documentElement.lang || 'en';
  // The language's separator, in its own digits and in Latin digits ('ar': '٫' with ١٢٣, '.' with 123).
  const separators = [];
  for (const tag of [lang, lang + '-u-nu-latn']) {
    try {
      const part = new Intl.NumberFormat(tag).formatToParts(1.5).find(p => p.type === 'decimal');
      if (part && !separators.includes(part.value)) separators.push(part.value);
    } catch (e) {}
  }
  if (!separators.length) separators.push('.');
  let decimal = separators.join(' ');
  const range = document.createRange();
  const tables = Array.from(document.querySelectorAll('table.akn-table'));
  const problems = [];
  let measured = 0, columns = 0, worst = 0;
  tables.forEach((t, i) => {
    const name = plenaryTableName(t, i);
    const place = plenaryGrid(t);
    const byColumn = new Map();
    for (const cell of t.querySelectorAll('td.number')) {
      // A number is laid out left to right in a right-to-left page too (digits, Arabic-Indic ones
      // included, run left to right): the same edges in both directions.
      // The characters of the number, in order, skipping the pad (it has no text of its own).
      const chars = [];
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        for (let k = 0; k < n.data.length; k++) chars.push([n, k, n.data[k]]);
      if (!chars.some(c => /\p{Nd}/u.test(c[2]))) continue;   // empty, or nil (–)
      let at = -1, edge;
      for (let k = chars.length - 1; k >= 0; k--) if (separators.includes(chars[k][2])) { at = k; break; }
      let x;
      if (at >= 0) {
        range.setStart(chars[at][0], chars[at][1]); range.setEnd(chars[at][0], chars[at][1] + 1);
        const r = range.getBoundingClientRect();
        x = r.left;
      } else {
        let k = chars.length - 1;
        while (k >= 0 && !/\p{Nd}/u.test(chars[k][2])) k--;
        range.setStart(chars[k][0], chars[k][1]); range.setEnd(chars[k][0], chars[k][1] + 1);
        const r = range.getBoundingClientRect();
        x = r.right;
      }
      const p = place.get(cell);
      if (!p) continue;
      const col = p.col + p.cols - 1;   // a spanning number ends under the last column it spans
      if (!byColumn.has(col)) byColumn.set(col, []);
      byColumn.get(col).push({x, text: cell.textContent.trim(), row: p.row});
      measured++;
    }
    for (const [col, list] of byColumn) {
      columns++;
      const xs = list.map(e => e.x);
      const spread = Math.max(...xs) - Math.min(...xs);
      worst = Math.max(worst, spread);
      if (spread > 1) {
        // Name the cells farthest from the column's most common position.
        const counts = new Map();
        for (const x of xs) { const k = Math.round(x); counts.set(k, (counts.get(k) || 0) + 1); }
        const mode = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
        const off = list.filter(e => Math.abs(e.x - mode) > 1).map(e => `"${e.text}" ${(e.x - mode).toFixed(1)} px`);
        problems.push(`${name} column ${col + 1}: separators ${spread.toFixed(1)} px apart (${off.slice(0, 3).join(', ')} off the column's ${mode} px)`);
      }
    }
  });
  return {decimal, measured, columns, worst, problems};
})()
"""

FIGURES_JS = r"""
(() => {
  const limit = document.documentElement.clientWidth;
  const figures = Array.from(document.querySelectorAll('figure'));
  const problems = [];
  const fonts = [];
  figures.forEach((f, i) => {
    const name = f.id ? '#' + f.id : 'figure ' + (i + 1);
    const cap = f.querySelector(':scope > figcaption');
    if (!cap || !cap.textContent.trim()) problems.push(name + ': no figcaption');
    const svg = f.querySelector('svg');
    if (!svg) { problems.push(name + ': no inline svg'); return; }
    if (svg.getAttribute('role') !== 'img') problems.push(name + ': the svg has no role="img"');
    const title = svg.querySelector(':scope > title');
    if (!title || !title.textContent.trim()) problems.push(name + ': the svg has no title');
    const desc = svg.querySelector(':scope > desc');
    if (!desc || !desc.textContent.trim()) problems.push(name + ': the svg has no (or an empty) desc');
    const labelled = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const lost = labelled.filter(id => !document.getElementById(id));
    if (lost.length) problems.push(`${name}: aria-labelledby names missing ids ${lost.join(', ')}`);
    const r = svg.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) problems.push(`${name}: the svg is drawn ${Math.round(r.width)}×${Math.round(r.height)} px`);
    if (r.right > limit + 0.5 || r.left < -0.5) problems.push(`${name}: the svg spans ${Math.round(r.left)}–${Math.round(r.right)} px, the page is ${limit} px wide`);
    const vb = svg.viewBox && svg.viewBox.baseVal;
    if (vb && vb.width && vb.height && r.width && r.height) {
      const drawn = r.width / r.height, meant = vb.width / vb.height;
      if (Math.abs(drawn / meant - 1) > 0.02) problems.push(`${name}: drawn ${Math.round(r.width)}×${Math.round(r.height)} px, the viewBox is ${vb.width}×${vb.height} (distorted or letterboxed)`);
    }
    // Every label inside the drawing (an overflowing label is cut off by the svg's viewport).
    const cut = Array.from(svg.querySelectorAll('text')).filter(t => {
      const b = t.getBoundingClientRect();
      return b.width > 0 && (b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1);
    });
    if (cut.length) problems.push(`${name}: ${cut.length} chart text(s) cut off at the svg's edge, first: "${cut[0].textContent.trim().slice(0, 30)}"`);
    const texts = svg.querySelectorAll('text');
    fonts.push({name, texts: texts.length,
                family: texts.length ? getComputedStyle(texts[0]).fontFamily : '',
                page: getComputedStyle(f).fontFamily});
  });
  return {figures: figures.length, problems, fonts};
})()
"""


def xml_table_figure_count(xml_path):
    """(<table>s, <tblock class="figure">s) in the Akoma Ntoso file."""
    root = ET.parse(xml_path).getroot()
    tables = sum(1 for _ in root.iter("{%s}table" % AKN_NS))
    figures = sum(1 for t in root.iter("{%s}tblock" % AKN_NS) if "figure" in (t.get("class") or "").split())
    return tables, figures


def check_tables(browser, session, html_path, width):
    r = browser.evaluate(TABLES_JS, session)
    problems = list(r["problems"])
    expected, _ = xml_table_figure_count(html_path.with_suffix(".xml"))
    if r["tables"] != expected:
        problems.insert(0, "%d table.akn-table drawn, %d <table> in %s" % (r["tables"], expected, html_path.with_suffix(".xml").name))
    if problems:
        return False, "; ".join(problems)
    return True, "%d table(s), %d cells: captioned, every th scoped, header rows in thead, within %d px, no cell overflows" % (
        r["tables"], r["cells"], width)


def check_decimals(browser, session):
    r = browser.evaluate(DECIMALS_JS, session)
    if r["problems"]:
        return False, "; ".join(r["problems"])
    if r["measured"] == 0:
        return True, "no number cells"
    return True, "%d number cells in %d column(s): decimal separators ('%s') aligned within %.2f px" % (
        r["measured"], r["columns"], r["decimal"], r["worst"])


# In print, one table at a time: everything but the table's block is hidden, its body rows are
# repeated until the table is taller than PRINT_PAGES A4 pages, and the page is printed to PDF.
PRINT_PAGES = 2
ISOLATE_JS = r"""
((index, minHeight) => {""" + TABLE_GRID_JS + r"""
  const undo = [];
  const t = document.querySelectorAll('table.akn-table')[index];
  const block = t.closest('.table-block') || t;
  // Hide every element that is not on the way to the table's block, nor inside it.
  for (let el = block; el && el !== document.documentElement; el = el.parentElement) {
    for (const sib of el.parentElement ? el.parentElement.children : []) {
      if (sib === el || sib.tagName === 'HEAD' || sib.tagName === 'STYLE' || sib.tagName === 'LINK') continue;
      undo.push([sib, sib.style.getPropertyValue('display'), sib.style.getPropertyPriority('display')]);
      sib.style.setProperty('display', 'none', 'important');
    }
  }
  // Repeat the body rows (not the total) until the table is tall enough.
  const bodies = Array.from(t.tBodies).filter(b => !b.classList.contains('total'));
  const rows = bodies.flatMap(b => Array.from(b.rows));
  const added = [];
  const target = bodies.length ? bodies[bodies.length - 1] : null;
  let guard = 0;
  while (target && rows.length && t.getBoundingClientRect().height < minHeight && guard++ < 5000) {
    for (const tr of rows) { const c = tr.cloneNode(true); c.removeAttribute('id'); target.appendChild(c); added.push(c); }
  }
  window.__plenaryUndo = () => {
    for (const c of added) c.remove();
    for (const [el, v, p] of undo) { if (v) el.style.setProperty('display', v, p); else el.style.removeProperty('display'); }
  };
  const first = t.tHead ? t.tHead.rows[0] : Array.from(t.rows).find(tr => tr.classList.contains('header'));
  const header = first ? Array.from(first.cells).map(c => c.textContent.replace(/\s+/g, ' ').trim()).filter(Boolean) : [];
  return {name: plenaryTableName(t, index), height: Math.round(t.getBoundingClientRect().height),
          copies: added.length, header};
})
"""


def find_pdftotext():
    path = shutil.which("pdftotext")
    if not path:
        raise EnvironmentProblem("pdftotext was not found on PATH (the print check of tables needs it): "
                                 "install the Debian package 'poppler-utils' (apt-get install -y poppler-utils), "
                                 "or run scripts/install-browser-deps.sh")
    return path


def pdf_pages(pdf_path, mode):
    """The text of each page of a PDF (pdftotext -layout or -raw; pages are separated by form feeds)."""
    out = subprocess.run([find_pdftotext(), mode, "-enc", "UTF-8", str(pdf_path), "-"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if out.returncode != 0:
        raise CDPError("pdftotext failed: %s" % out.stderr.decode("utf-8", "replace").strip())
    pages = out.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def squeeze(text):
    return re.sub(r"\s+", "", text)


BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RTL_TEXT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
WORD = re.compile("[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")


def header_on_page(header, layout_page, raw_page):
    """The header row's cells are all on the page: each cell's text in the -layout text, or (a cell
    that wraps is interleaved with its neighbours there) in reading order (-raw), whitespace ignored.
    A right-to-left cell (Arabic): pdftotext sets its lines in visual word order, wrapped in bidi
    embeddings, and -raw may cut a word apart: each of its words must be a word of either text."""
    import unicodedata
    layout_page, raw_page = (unicodedata.normalize("NFKC", BIDI_CONTROLS.sub("", t)) for t in (layout_page, raw_page))
    layout, raw = squeeze(layout_page), squeeze(raw_page)
    words = set(WORD.findall(layout_page)) | set(WORD.findall(raw_page))
    missing = []
    for cell in header:
        cell = unicodedata.normalize("NFKC", cell)
        if RTL_TEXT.search(cell):
            if not all(w in words for w in WORD.findall(cell)):
                missing.append(cell)
        elif squeeze(cell) not in layout and squeeze(cell) not in raw:
            missing.append(cell)
    return not missing, missing


def check_print_header(browser, session, height):
    count = browser.evaluate("document.querySelectorAll('table.akn-table').length", session)
    if not count:
        return True, "no tables"
    find_pdftotext()
    browser.call("Emulation.setEmulatedMedia", {"media": "print"}, session)
    results, problems = [], []
    try:
        for index in range(count):
            info = browser.evaluate("(%s)(%d, %d)" % (ISOLATE_JS, index, (PRINT_PAGES + 0.25) * height), session)
            try:
                pdf = browser.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False,
                                                       "paperWidth": 8.27, "paperHeight": 11.69},
                                   session, timeout=120)["data"]
            finally:
                browser.evaluate("window.__plenaryUndo && window.__plenaryUndo()", session)
            fd, pdf_path = tempfile.mkstemp(prefix="plenary-table-", suffix=".pdf")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(base64.b64decode(pdf))
                layout, raw = pdf_pages(pdf_path, "-layout"), pdf_pages(pdf_path, "-raw")
            finally:
                os.unlink(pdf_path)
            name, header = info["name"], info["header"]
            if not header:
                problems.append("%s: no header row to look for" % name)
                continue
            # The first page that shows the table's header, and the next one.
            first = next((i for i in range(min(len(layout), len(raw))) if header_on_page(header, layout[i], raw[i])[0]), None)
            if first is None:
                problems.append("%s: header row %s on no page of the %d printed" % (name, header, len(layout)))
                continue
            if first + 1 >= len(layout):
                problems.append("%s: %d rows added, still %d page(s): could not test the repetition" % (name, info["copies"], len(layout)))
                continue
            ok, missing = header_on_page(header, layout[first + 1], raw[first + 1])
            if not ok:
                problems.append("%s: header row on page %d, not on page %d (missing %s) — thead must be "
                                "display: table-header-group in print" % (name, first + 1, first + 2, ", ".join('"%s"' % m for m in missing)))
            else:
                results.append("%s on pages %d and %d of %d" % (name, first + 1, first + 2, len(layout)))
    finally:
        browser.call("Emulation.setEmulatedMedia", {"media": ""}, session)
    if problems:
        return False, "; ".join(problems)
    return True, "header row repeated: " + ", ".join(results)


def svg_text_fonts(browser, session):
    """The platform fonts of the text elements of the figures' charts, summed: {family: glyphs}."""
    doc = browser.call("DOM.getDocument", {"depth": 0}, session)
    found = browser.call("DOM.querySelectorAll", {"nodeId": doc["root"]["nodeId"], "selector": "figure svg text"}, session)
    fonts = {}
    ids = found.get("nodeIds", [])
    for node_id in ids:
        res = browser.call("CSS.getPlatformFontsForNode", {"nodeId": node_id}, session)
        for f in res.get("fonts", []):
            fonts[f["familyName"]] = fonts.get(f["familyName"], 0) + f.get("glyphCount", 0)
    return len(ids), fonts


def check_figures(browser, session, html_path, lang):
    r = browser.evaluate(FIGURES_JS, session)
    problems = list(r["problems"])
    _, expected = xml_table_figure_count(html_path.with_suffix(".xml"))
    if r["figures"] != expected:
        problems.insert(0, "%d figure(s) drawn, %d <tblock class=\"figure\"> in %s" % (r["figures"], expected, html_path.with_suffix(".xml").name))
    n, fonts = svg_text_fonts(browser, session)
    total = sum(fonts.values())
    listing = ", ".join("%s: %d glyphs" % (k, v) for k, v in sorted(fonts.items(), key=lambda kv: -kv[1]))
    detail = "%d figure(s), %d chart texts (%s)" % (r["figures"], n, listing or "no glyphs")
    if n and total == 0:
        problems.append("no platform font rendered the chart texts")
    if lang.startswith("zh") and total:
        share = sum(v for k, v in fonts.items() if CJK_FAMILY.search(k)) / total
        detail = "%d figure(s), %.0f%% of %d chart glyphs in CJK fonts (%s)" % (r["figures"], 100 * share, total, listing)
        if share < CJK_SHARE:
            problems.append("%.0f%% of the chart's %d glyphs in CJK fonts (%s): the labels do not use the page's "
                            "Chinese fonts (svg.chart text { font-family: inherit })" % (100 * share, total, listing))
    if problems:
        return False, "; ".join(problems)
    return True, detail + ": captioned, role=img with title and desc, within the page, no label cut off"


# --------------------------------------------------------------------------------------------

class Report:
    def __init__(self):
        self.passed = self.failed = 0

    def line(self, ok, name, check, detail):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print("%-4s %s %s: %s" % ("ok" if ok else "FAIL", name, check, detail), flush=True)


def display(path):
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def check_file(browser, report, html_path, width, height):
    name = display(html_path)
    session = None
    target = None
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method in ("Page.enable", "Runtime.enable", "DOM.enable", "CSS.enable"):
            browser.call(method, {}, session)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        url = "file://" + quote(str(html_path))
        nav = browser.call("Page.navigate", {"url": url}, session)
        if nav.get("errorText"):
            raise CDPError("could not open %s: %s" % (url, nav["errorText"]))
        browser.wait_event("Page.loadEventFired", session, LOAD_TIMEOUT)
        browser.evaluate("document.fonts.ready.then(() => true)", session, LOAD_TIMEOUT)
    except CDPError as e:
        for check in ("stylesheet", "paragraphs", "headings", "links", "overflow", "fonts", "direction"):
            report.line(False, name, check, "page did not load: %s" % e)
        close_target(browser, target, session)
        return

    lang = page_language(browser, session, html_path)
    for check, run in (("stylesheet", lambda: check_stylesheets(browser, session)),
                       ("paragraphs", lambda: check_paragraphs(browser, session, html_path)),
                       ("headings", lambda: check_headings(browser, session, html_path)),
                       ("links", lambda: check_links(browser, session, html_path)),
                       ("overflow", lambda: check_overflow(browser, session, width)),
                       ("fonts", lambda: check_fonts(browser, session, lang)),
                       ("direction", lambda: check_direction(browser, session, lang))):
        try:
            ok, detail = run()
        except (CDPError, KeyError, TypeError) as e:
            ok, detail = False, "could not check: %s" % e
        report.line(ok, name, check, detail)
    # Tables and figures: only on a page that has some (in the HTML or in its Akoma Ntoso).
    try:
        drawn = browser.evaluate("[document.querySelectorAll('table.akn-table').length, "
                                 "document.querySelectorAll('figure').length]", session)
        try:
            in_xml = xml_table_figure_count(html_path.with_suffix(".xml"))
        except (OSError, ET.ParseError):
            in_xml = (0, 0)
        has_tables, has_figures = drawn[0] or in_xml[0], drawn[1] or in_xml[1]
    except CDPError as e:
        has_tables = has_figures = False
        report.line(False, name, "tables", "could not check: %s" % e)
    checks = []
    if has_tables:
        checks += [("tables", lambda: check_tables(browser, session, html_path, width)),
                   ("decimals", lambda: check_decimals(browser, session))]
    if has_figures:
        checks += [("figures", lambda: check_figures(browser, session, html_path, lang))]
    if has_tables:   # last: it changes the page (and restores it)
        checks += [("print-header", lambda: check_print_header(browser, session, height))]
    for check, run in checks:
        try:
            ok, detail = run()
        except (CDPError, KeyError, TypeError, subprocess.TimeoutExpired) as e:
            ok, detail = False, "could not check: %s" % e
        report.line(ok, name, check, detail)
    close_target(browser, target, session)


def close_target(browser, target, session=None):
    browser.events = [e for e in browser.events if e.get("sessionId") != session]
    if target:
        try:
            browser.call("Target.closeTarget", {"targetId": target}, timeout=5)
        except CDPError:
            pass


def default_files():
    return sorted(p for p in (REPO / "Output").rglob("*.html") if p.name != "index.html")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="HTML files (default: Output/**/*.html except index.html)")
    ap.add_argument("--width", type=int, default=794, help="viewport width in CSS px (A4 at 96 dpi: 794)")
    ap.add_argument("--height", type=int, default=1123, help="viewport height in CSS px (A4: 1123)")
    args = ap.parse_args(argv)

    files = [Path(f).resolve() for f in args.files] if args.files else default_files()
    report = Report()
    missing = [f for f in files if not f.is_file()]
    for f in missing:
        report.line(False, display(f), "exists", "no such file")
    files = [f for f in files if f.is_file()]
    if not files and not missing:
        report.line(False, display(REPO / "Output"), "files", "no HTML file to check")

    browser = Browser(args.width, args.height)
    atexit.register(browser.stop)
    # A signal ends the run through SystemExit, so that finally/atexit kill Chromium.
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, lambda s, _f: sys.exit(128 + s))
    try:
        if files:
            try:
                browser.start()
            except EnvironmentProblem as e:
                print("browser-check: %s" % e, file=sys.stderr)
                return 2
            for f in files:
                try:
                    check_file(browser, report, f, args.width, args.height)
                except EnvironmentProblem as e:   # pdftotext, asked for by the first page with a table
                    print("browser-check: %s" % e, file=sys.stderr)
                    return 2
    finally:
        browser.stop()
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
