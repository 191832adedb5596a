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
  fonts       zh: most glyphs of the body paragraphs come from a CJK font (no tofu);
              other languages: the body paragraphs were rendered with at least one font.

Prints one line per file and check, then "N passed, M failed".
Exit status: 0 all passed, 1 a check failed, 2 Chromium (or websocket-client) is missing or would not start.

Needs: Chromium (Debian: chromium), CJK fonts (Debian: fonts-noto-cjk), the PyPI package
websocket-client; scripts/install-browser-deps.sh installs all three.
Environment: CHROMIUM=/path/to/browser overrides the browser that is looked for.
"""

import argparse
import atexit
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
INSTALL_HINT = ("install the Debian packages 'chromium' and 'fonts-noto-cjk' "
                "(apt-get install -y chromium fonts-noto-cjk), or run scripts/install-browser-deps.sh")

# Family names of fonts that cover Han characters (Noto CJK, Source Han, WenQuanYi, AR PL, Droid
# fallback, and the Windows and macOS ones).
CJK_FAMILY = re.compile(
    r"CJK|Source Han|\bHan (Sans|Serif)\b|\bHei|Heiti|SimHei|JhengHei|YaHei|\bSong|Songti|SimSun|FangSong"
    r"|\bMing|MingLiU|KaiTi|Kaiti|WenQuanYi|\bWQY|AR PL|Droid Sans Fallback|Noto (Sans|Serif) (SC|TC|HK|JP|KR)\b"
    r"|PingFang|Hiragino|Yu Gothic|Yu Mincho|MS Gothic|MS Mincho|Malgun|Gulim|Batang|Sarasa|LXGW",
    re.IGNORECASE)


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
    headed = sum(1 for element in root.iter() if any(child.tag == heading for child in element))
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
    """The platform fonts of the first body paragraphs, summed: {family: glyphs}."""
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
    fonts = {}
    for node_id in ids:
        res = browser.call("CSS.getPlatformFontsForNode", {"nodeId": node_id}, session)
        for f in res.get("fonts", []):
            fonts[f["familyName"]] = fonts.get(f["familyName"], 0) + f.get("glyphCount", 0)
    return len(ids), fonts


def check_fonts(browser, session, lang):
    n, fonts = paragraph_fonts(browser, session)
    if n == 0:
        return False, "no body paragraph to ask for fonts"
    total = sum(fonts.values())
    listing = ", ".join("%s: %d glyphs" % (k, v) for k, v in sorted(fonts.items(), key=lambda kv: -kv[1]))
    if total == 0:
        return False, "no platform font rendered the first %d paragraph(s) (%s)" % (n, listing or "none")
    if lang.startswith("zh"):
        cjk = sum(v for k, v in fonts.items() if CJK_FAMILY.search(k))
        share = cjk / total
        detail = "%.0f%% of %d glyphs in CJK fonts (%s)" % (100 * share, total, listing)
        if share < CJK_SHARE:
            return False, detail + " — Chinese is not rendered with a CJK font (tofu?): " \
                                   "install fonts-noto-cjk"
        return True, detail
    return True, listing


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
        for check in ("stylesheet", "paragraphs", "headings", "links", "overflow", "fonts"):
            report.line(False, name, check, "page did not load: %s" % e)
        close_target(browser, target, session)
        return

    lang = page_language(browser, session, html_path)
    for check, run in (("stylesheet", lambda: check_stylesheets(browser, session)),
                       ("paragraphs", lambda: check_paragraphs(browser, session, html_path)),
                       ("headings", lambda: check_headings(browser, session, html_path)),
                       ("links", lambda: check_links(browser, session, html_path)),
                       ("overflow", lambda: check_overflow(browser, session, width)),
                       ("fonts", lambda: check_fonts(browser, session, lang))):
        try:
            ok, detail = run()
        except (CDPError, KeyError, TypeError) as e:
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
                check_file(browser, report, f, args.width, args.height)
    finally:
        browser.stop()
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
