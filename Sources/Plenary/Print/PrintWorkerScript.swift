/// The Python program each print worker runs (`python3 -c`): WeasyPrint behind a pipe. Kept in the
/// binary rather than beside it, so that a `plenary` copied elsewhere still prints.
enum PrintWorkerScript {
    static let source = #"""
# Plenary's print worker: prints the pages Plenary sends it with WeasyPrint, one at a time, for as
# long as its standard input stays open. Plenary starts one per job (--jobs), so that WeasyPrint's
# start (importing it takes most of a second) is paid once per build, not once per page.
#
# Protocol, one request at a time: Plenary writes a JSON line {"html", "css"}; the worker answers
# with a JSON line {"ok", "size", "pages", "warnings", "stylesheet_warnings", "error"} followed by
# `size` bytes of PDF. At start it writes {"ok": true, "version": ...} (or the error that stops it).
# Its own prints go to standard error: standard output carries the protocol only. Warnings are
# capped (a page full of bad CSS must not make an answer Plenary refuses to read).
import json, logging, os, sys, threading, time

# A worker whose Plenary is gone (killed, interrupted) stops at once rather than finishing its page.
parent = os.getppid()
def watch_parent():
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(1)
threading.Thread(target=watch_parent, daemon=True).start()

out = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)

def answer(header, body=b""):
    out.write(json.dumps(header, ensure_ascii=True).encode() + b"\n")
    out.write(body)
    out.flush()

try:
    import weasyprint
except Exception as error:  # the engine is missing or broken: say so and stop
    answer({"ok": False, "error": f"{type(error).__name__}: {error}"})
    sys.exit(0)

LONGEST_WARNING = 300
MOST_WARNINGS = 20

class Collect(logging.Handler):
    """WeasyPrint's warnings (CSS it ignores, resources it could not load), kept for the answer:
    the first MOST_WARNINGS distinct ones, each cut to LONGEST_WARNING characters, and a count."""
    def __init__(self):
        super().__init__(logging.WARNING)
        self.reset()
    def reset(self):
        self.messages = []
        self.seen = set()
        self.more = 0
    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        message = message[:LONGEST_WARNING]
        if message in self.seen:
            return
        self.seen.add(message)
        if len(self.messages) < MOST_WARNINGS:
            self.messages.append(message)
        else:
            self.more += 1
    def kept(self, leaving=()):
        kept = [m for m in self.messages if m not in leaving]
        return kept + ([f"and {self.more} more warnings"] if self.more else [])

collect = Collect()
weasyprint.LOGGER.addHandler(collect)
weasyprint.LOGGER.propagate = False
weasyprint.LOGGER.setLevel(logging.WARNING)

# The page's one stylesheet link resolves here; nothing else is fetched but data: URLs (a page from
# a hostile template could name file:///etc/passwd or a URL on the network: both are refused and
# reported).
BASE = "https://plenary.invalid/meeting/document/page.html"
STYLESHEET = "https://plenary.invalid/meeting/plenary.css"

stylesheet_warnings = {}

class PageFetcher(weasyprint.URLFetcher):
    """Serves the stylesheet and refuses everything else, keeping what was asked for."""
    def __init__(self, css):
        super().__init__()
        self.css = css
        self.refused = []
    def fetch(self, url, headers=None):
        if url == STYLESHEET:
            return weasyprint.urls.URLFetcherResponse(url, self.css.encode("utf-8"), {"Content-Type": "text/css; charset=utf-8"})
        if url.startswith("data:"):  # inside the page already (the stylesheet's footnote rule)
            return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError("Plenary prints pages with no resources but their stylesheet")

def print_page(request):
    css = request.get("css") or ""
    fetcher = PageFetcher(css)
    # The stylesheet's own warnings, told apart from the page's: parsed alone once, they carry the
    # stylesheet's lines and columns.
    if css not in stylesheet_warnings:
        collect.reset()
        weasyprint.CSS(string=css, base_url=STYLESHEET)
        stylesheet_warnings[css] = collect.kept()
    own = stylesheet_warnings[css]
    collect.reset()
    document = weasyprint.HTML(string=request["html"], base_url=BASE, url_fetcher=fetcher).render()
    # PDF/UA-1: tagged (headings, paragraphs, lists, tables), the title shown, XMP metadata; the
    # identifier is a hash of the content and no date is written, so the bytes depend on the page only.
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True)
    warnings = collect.kept(leaving=set(own))
    if fetcher.refused:
        return {"ok": False, "error": "the page asks for " + ", ".join(sorted(set(fetcher.refused))[:3]) +
                ": a printed page may load nothing but its stylesheet"}, b""
    return {"ok": True, "size": len(pdf), "pages": len(document.pages), "warnings": warnings,
            "stylesheet_warnings": own}, pdf

answer({"ok": True, "version": weasyprint.__version__})
for line in sys.stdin.buffer:
    try:
        request = json.loads(line)
        header, body = print_page(request)
    except Exception as error:
        header, body = {"ok": False, "error": f"{type(error).__name__}: {error}"}, b""
    answer(header, body)
"""#
}
