#!/usr/bin/env python3
"""The floor: what libxml2 itself costs for Plenary's output, with no rendering at all.

Reads every generated file of a build into memory (not timed), then parses each one with libxml2
(through lxml: the XML parser for .xml, the HTML parser for .html) and serialises the tree back to
bytes. Prints one JSON line: files, bytes, seconds (parse + serialise only).

    floor.py OUTPUT_MEETING_FOLDER [--formats xml,html]
"""
import argparse
import glob
import json
import os
import sys
import time

sys.dont_write_bytecode = True

from lxml import etree  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--formats", default="xml,html")
    args = parser.parse_args()
    formats = args.formats.split(",")
    files = []
    for fmt in formats:
        files += [(fmt, path) for path in sorted(glob.glob(os.path.join(args.folder, "*", "*." + fmt)))]
    blobs = []
    for fmt, path in files:
        with open(path, "rb") as f:
            blobs.append((fmt, f.read()))
    xml_parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    html_parser = etree.HTMLParser(encoding="utf-8", no_network=True)
    size = 0
    started = time.perf_counter()
    for fmt, data in blobs:
        if fmt == "xml":
            out = etree.tostring(etree.fromstring(data, xml_parser), encoding="UTF-8", xml_declaration=True)
        else:
            out = etree.tostring(etree.fromstring(data, html_parser).getroottree(), method="html", encoding="UTF-8",
                                 doctype="<!DOCTYPE html>")
        size += len(data)
        assert out
    seconds = time.perf_counter() - started
    print(json.dumps({"files": len(blobs), "bytes": size, "seconds": seconds,
                      "libxml2": ".".join(map(str, etree.LIBXML_VERSION)), "lxml": etree.__version__}))


if __name__ == "__main__":
    main()
