#!/usr/bin/env python3
"""Checks that two renderings of a document say the same thing: parses both (libxml2 through lxml,
XML or HTML parser by extension; an SVG file is XML) and compares the sequence of element names, the attributes of each
element, and the text with whitespace-only nodes dropped and runs of whitespace collapsed.

    compare.py A B          exit 0 if the same, 1 with the first difference otherwise
"""
import re
import sys

sys.dont_write_bytecode = True

from lxml import etree  # noqa: E402

SPACE = re.compile(r"\s+")


def parse(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".html"):
        return etree.fromstring(data, etree.HTMLParser(encoding="utf-8")), data
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)), data


def shape(root):
    """(element names, attributes per element, normalised text) of a tree."""
    names, attributes, text = [], [], []
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        names.append(etree.QName(element).localname)
        attributes.append(dict(element.attrib))
        if element.text and element.text.strip():
            text.append(element.text)
        if element is not root and element.tail and element.tail.strip():
            text.append(element.tail)
    return names, attributes, SPACE.sub(" ", "".join(text)).strip()


def compare(a, b):
    """None if the files agree, else a one-line description of the first difference.
    Returns (difference, identical_bytes)."""
    root_a, bytes_a = parse(a)
    root_b, bytes_b = parse(b)
    names_a, attrs_a, text_a = shape(root_a)
    names_b, attrs_b, text_b = shape(root_b)
    if names_a != names_b:
        for i, (x, y) in enumerate(zip(names_a, names_b)):
            if x != y:
                return "element %d: <%s> vs <%s>" % (i, x, y), False
        return "%d elements vs %d" % (len(names_a), len(names_b)), False
    if text_a != text_b:
        i = next((i for i, (x, y) in enumerate(zip(text_a, text_b)) if x != y), min(len(text_a), len(text_b)))
        return "text differs at %d: %r vs %r" % (i, text_a[max(0, i - 40):i + 40], text_b[max(0, i - 40):i + 40]), False
    for i, (x, y) in enumerate(zip(attrs_a, attrs_b)):
        if x != y:
            return "attributes of element %d <%s>: %r vs %r" % (i, names_a[i], x, y), False
    return None, bytes_a == bytes_b


if __name__ == "__main__":
    difference, same_bytes = compare(sys.argv[1], sys.argv[2])
    if difference:
        print("differ: " + difference)
        sys.exit(1)
    print("same elements, attributes and text" + ("; identical bytes" if same_bytes else "; bytes differ (escaping or layout)"))
