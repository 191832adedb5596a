#!/usr/bin/env python3
"""The peer: Plenary's build re-done the usual Python way, for `make bench` to compare against.

Reads the same meeting with PyYAML (its C loader when libyaml is there, as any careful Python
project would), resolves the same inline markup (numbering, eIds, references above/below,
footnotes numbered in the original's reading order, symbols, decisions, statistics from
`plenary stats --format json`, tables and bar-chart figures), and renders Akoma Ntoso XML and
HTML with Jinja2 templates equivalent to Plenary's (bench/peer/templates/). Writes
<out>/<meeting>/<doc>/<lang>.xml/.html, with the Akoma Ntoso each figure's <lang>.figure-N.svg
(atomically, as Plenary does), index.html and plenary.css.

    peer.py MEETING --out DIR --stats STATS.json [--templates Templates] [--formats akn,html]
            [--jobs N] [--only n0001,n0002]

Prints one JSON line with its own phase timings on stdout.
"""
import argparse
import datetime
import decimal
import json
import math
import os
import re
import sys
import time

sys.dont_write_bytecode = True

import yaml  # noqa: E402
import jinja2  # noqa: E402
import markupsafe  # noqa: E402

try:
    Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    Loader = yaml.SafeLoader

HERE = os.path.dirname(os.path.abspath(__file__))
ALPHA3 = {"en": "eng", "zh": "zho", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara"}
MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ZH_DIGITS = "零一二三四五六七八九"
EN_CARDINALS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
             "twelve": "twelfth"}


def load_yaml(path, loader=None):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=loader or Loader)


class Num(str):
    """A plain scalar YAML reads as a number, kept as typed (`12.50`, `2013`): a table's figures
    keep their fraction digits, and a header's year is written as typed, as Plenary reads them."""
    __slots__ = ()


class DocumentLoader(Loader):
    """document.yaml's loader: numbers stay their text (a table reads them itself)."""


def _typed_number(loader, node):
    return Num(node.value)


DocumentLoader.add_constructor("tag:yaml.org,2002:int", _typed_number)
DocumentLoader.add_constructor("tag:yaml.org,2002:float", _typed_number)


def text_of(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


# ---------------------------------------------------------------- language formatting

def number(n):
    return "{:,}".format(n)


def roman(n):
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for amount, numeral in table:
        while n >= amount:
            out += numeral
            n -= amount
    return out


def letters(n):
    out = ""
    while n > 0:
        n -= 1
        out = chr(97 + n % 26) + out
        n //= 26
    return out


def zh_numeral(n):
    if n < 10:
        return ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else ZH_DIGITS[tens]) + "十" + (ZH_DIGITS[ones] if ones else "")


def en_cardinal(n):
    if n < 20:
        return EN_CARDINALS[n]
    tens, ones = divmod(n, 10)
    return EN_TENS[tens] + ("-" + EN_CARDINALS[ones] if ones else "")


def ordinal(n, lang):
    # ICU's spelled-out ordinal ("%spellout-ordinal"): "Sixth", "第六"; the zh catalog adds 次.
    if lang != "en":
        return "第%s" % zh_numeral(n)
    words = en_cardinal(n).split("-")
    last = words[-1]
    words[-1] = IRREGULAR.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    result = "-".join(words)
    return result[0].upper() + result[1:]


def date_text(d, lang):
    if lang == "zh":
        return "%d年%d月%d日" % (d.year, d.month, d.day)
    return "%d %s %d" % (d.day, MONTHS[d.month], d.year)


def date_range(a, b, lang):
    if lang == "zh":
        if (a.year, a.month) == (b.year, b.month):
            return "%d年%d月%d日至%d日" % (a.year, a.month, a.day, b.day)
        return "%s至%s" % (date_text(a, lang), date_text(b, lang))
    if (a.year, a.month) == (b.year, b.month):
        return "%d–%d %s %d" % (a.day, b.day, MONTHS[a.month], a.year)
    if a.year == b.year:
        return "%d %s–%d %s %d" % (a.day, MONTHS[a.month], b.day, MONTHS[b.month], a.year)
    return "%s–%s" % (date_text(a, lang), date_text(b, lang))


def as_date(value):
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


class Catalog:
    PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

    def __init__(self, path):
        self.entries = {key: text_of(value) for key, value in load_yaml(path).items()}

    # ICU's names of the languages, in English and Chinese (Plenary's Catalog.languageName):
    # a catalog's `language-xx` overrides them; `language-names-from: en` names them in English.
    ICU_NAMES = {
        "en": {"en": "English", "zh": "Chinese", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic"},
        "zh": {"en": "英语", "zh": "中文", "fr": "法语", "es": "西班牙语", "ru": "俄语", "ar": "阿拉伯语"},
    }

    # ICU's name of a language in the language itself (Plenary's Catalog.ownName).
    OWN_NAMES = {"en": "English", "zh": "中文", "fr": "français", "es": "español", "ru": "русский", "ar": "العربية"}

    def own_name(self, code):
        return self.entries.get("language-" + code) or self.OWN_NAMES[code]

    def language_name(self, code, lang):
        if "language-" + code in self.entries:
            return self.entries["language-" + code]
        return self.ICU_NAMES[self.entries.get("language-names-from", lang)][code]

    def __call__(self, key, **arguments):
        def fill(match):
            return arguments[match.group(1)]
        return self.PLACEHOLDER.sub(fill, self.entries[key])


# ---------------------------------------------------------------- inline markup

class MarkupError(Exception):
    pass


def parse_inline(source):
    """Text with markup → nodes: ('text', s), ('em', [...]), ('tag', name, argument)."""
    nodes, index = _sequence(source, 0, False)
    return nodes


def _sequence(value, index, in_emphasis):
    result = []
    text = []
    end = len(value)
    while index < end:
        # Skip ordinary text in one step, as Plenary's parser does.
        m = _CANDIDATE.search(value, index)
        stop = m.start() if m else end
        if stop > index:
            text.append(value[index:stop])
            index = stop
        if index >= end:
            break
        c = value[index]
        if c == "\\" and index + 1 < end and value[index + 1] in "*[\\":
            text.append(value[index + 1])
            index += 2
            continue
        if c == "*":
            index += 1
            if text:
                result.append(("text", "".join(text)))
                text = []
            if in_emphasis:
                return result, index
            inner, index = _sequence(value, index, True)
            result.append(("em", inner))
            continue
        if c == "[" and index + 1 < end and value[index + 1] == "[":
            if text:
                result.append(("text", "".join(text)))
                text = []
            close = value.find("]]", index)
            if close < 0:
                raise MarkupError("`[[` is never closed")
            body = value[index + 2:close].strip()
            name = body.split(None, 1)[0] if body else ""
            argument = body[len(name):].strip()
            result.append(("tag", name, argument))
            index = close + 2
            continue
        text.append(c)
        index += 1
    if in_emphasis:
        raise MarkupError("emphasis opened with `*` is never closed")
    if text:
        result.append(("text", "".join(text)))
    return result, index


_CANDIDATE = re.compile(r"[\\*\[]")


def footnote_ids(nodes):
    for node in nodes:
        if node[0] == "tag" and node[1] == "footnote":
            yield node[2]
        elif node[0] == "em":
            yield from footnote_ids(node[1])


# ---------------------------------------------------------------- structure and numbering

class Unit:
    __slots__ = ("kind", "id", "level", "content", "list", "entries")

    def __init__(self, kind, id, level=None, content=(), list=(), entries=()):
        self.kind, self.id, self.level = kind, id, level
        self.content, self.list, self.entries = content, list, entries


def read_items(nodes):
    items = []
    for node in nodes or []:
        if isinstance(node, dict):
            items.append(Unit("item", node["item"], list=read_items(node.get("list"))))
        else:
            items.append(Unit("item", text_of(node)))
    return items


def read_blocks(nodes):
    blocks = []
    for node in nodes or []:
        if not isinstance(node, dict):
            blocks.append(Unit("paragraph", text_of(node)))
            continue
        kind = next(iter(node))
        if kind in ("section", "subsection", "component"):
            blocks.append(Unit("section", node[kind], level=kind, content=read_blocks(node.get("content"))))
        elif kind == "para":
            blocks.append(Unit("paragraph", node["para"], list=read_items(node.get("list"))))
        elif kind == "decision":
            entries = []
            for entry in node.get("elements") or []:
                if isinstance(entry, dict) and "group" in entry:
                    entries.append(Unit("group", entry["group"]))
                elif isinstance(entry, dict):
                    entries.append(Unit("element", entry["element"], list=read_items(entry.get("list"))))
                else:
                    entries.append(Unit("element", text_of(entry)))
            blocks.append(Unit("decision", node["decision"], entries=entries))
        elif kind == "table":
            blocks.append(read_table(node))
        elif kind == "figure":
            blocks.append(read_figure(node))
        else:
            raise ValueError("unknown structure entry %r" % kind)
    return blocks


# ---------------------------------------------------------------- tables and figures

class TableError(ValueError):
    pass


class Table:
    """A `table:` block as written (Plenary's Table): cells are ('text', id), ('number', (value,
    fraction digits)), ('literal', text), ('empty',), ('dash',), ('group', name), ('sum',),
    ('row-sum',), ('stat', id, value, group), each with its column and row span."""
    kind = "table"

    def __init__(self, node):
        self.id = text_of(node["table"])
        columns = node.get("columns")
        if not columns:
            raise TableError("table `%s` has no `columns`" % self.id)
        self.columns = []
        for column in columns:
            if column not in ("text", "number"):
                raise TableError("unknown column `%s`" % column)
            self.columns.append(column)
        self.header_column = node.get("header-column", True) is not False
        self.wide = node.get("wide", False) is True
        self.head = [read_row(row, "head") for row in node.get("head") or []]
        # Each body entry is a part of the table (a <tbody>); rows outside groups, as written,
        # are one part until a group comes.
        self.body = []
        for entry in node.get("body") or []:
            part = read_row_group(entry)
            last = self.body[-1] if self.body else None
            if (part["heading"] is None and part["subtotal"] is None and not part["computed"] and last is not None
                    and last["heading"] is None and last["subtotal"] is None and not last["computed"]):
                last["rows"] += part["rows"]
            else:
                self.body.append(part)
        if not any(part["rows"] for part in self.body):
            raise TableError("table `%s` has no body rows" % self.id)
        self.total = read_row(node["total"], "total") if node.get("total") is not None else None
        self.notes = [text_of(n) for n in node.get("notes") or []]
        self.source = text_of(node["source"]) if node.get("source") is not None else None

    def text_ids(self):
        """Its words' ids in reading order (Plenary's Table.textIds)."""
        ids = [self.id]

        def add(row):
            ids.extend(cell[0][1] for cell in row if cell[0][0] == "text")
        for row in self.head:
            add(row)
        for part in self.body:
            if part["heading"] is not None:
                ids.append(part["heading"])
            for row in part["rows"]:
                add(row)
            if part["subtotal"] is not None:
                add(part["subtotal"])
        if self.total is not None:
            add(self.total)
        return ids + self.notes + ([self.source] if self.source is not None else [])


_TABLE_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,6})?\Z")


def table_number(text):
    """`-1372.50` → (Decimal, fraction digits); None if it is not a number Plenary reads."""
    if not _TABLE_NUMBER.match(text):
        return None
    return decimal.Decimal(text), len(text.split(".", 1)[1]) if "." in text else 0


def read_row_group(entry):
    if isinstance(entry, list):
        return {"heading": None, "rows": [read_row(entry, "body")], "subtotal": None, "computed": False}
    if "group" in entry:
        rows = [read_row(row, "body") for row in entry.get("rows") or []]
        if not rows:
            raise TableError("the row group `%s` has no `rows`" % entry["group"])
        subtotal = read_row(entry["subtotal"], "subtotal") if entry.get("subtotal") is not None else None
        return {"heading": text_of(entry["group"]), "rows": rows, "subtotal": subtotal, "computed": False}
    if "groups" in entry:
        groups = [text_of(g) for g in entry["groups"]]
        if len(set(groups)) != len(groups):
            raise TableError("a group is listed twice in `groups`")
        if "cells" not in entry:
            raise TableError("computed rows need `cells:`")
        cells = read_row(entry["cells"], "body", computed=True)
        rows = []
        for group in groups:
            row = []
            for content, cols, span in cells:
                if content[0] == "group":
                    content = ("group", group)
                elif content[0] == "stat":
                    content = ("stat", content[1], content[2], group)
                row.append((content, cols, span))
            rows.append(row)
        return {"heading": None, "rows": rows, "subtotal": None, "computed": True}
    raise TableError("unknown body entry `%s`" % next(iter(entry)))


def read_row(node, part, computed=False):
    """A row: a list of (content, column span, row span)."""
    if not isinstance(node, list) or not node:
        raise TableError("a table row is a list of cells")
    return [read_cell(item, part, computed) for item in node]


def read_cell(node, part, computed):
    if not isinstance(node, dict):
        return scalar_cell(node, part, computed), 1, 1
    content = ("empty",)
    statistic = value = None
    for key, item in node.items():
        if key == "text":
            content = ("text", text_of(item))
        elif key == "number":
            content = scalar_cell(item, part, computed, number_only=True)
        elif key == "sum":
            if item not in ("column", "row"):
                raise TableError("a sum is `column` or `row`, not `%s`" % item)
            content = keyword_cell("row-sum" if item == "row" else "sum", part)
        elif key == "stat":
            statistic = text_of(item)
        elif key == "value":
            if item not in ("count", "denominator", "percent"):
                raise TableError("unknown value `%s` of a statistic" % item)
            value = item
        elif key not in ("cols", "rows"):
            raise TableError("unknown key `%s` in a cell" % key)
    if statistic is not None:
        if part == "head":
            raise TableError("a statistic cannot stand in a header row")
        content = ("stat", statistic, value or "count", "*" if computed else None)
    elif value is not None:
        raise TableError("`value` belongs to a statistic")
    cols, rows = int(node.get("cols", 1)), int(node.get("rows", 1))
    if not (1 <= cols <= 64 and 1 <= rows <= 64):
        raise TableError("a span is from 1 to 64")
    if (cols > 1 or rows > 1) and part in ("subtotal", "total") and content[0] == "sum":
        raise TableError("a sum cannot span columns or rows")
    return content, cols, rows


def scalar_cell(node, part, computed, number_only=False):
    if node is None:
        if number_only:
            raise TableError("`~` is not a number")
        return ("empty",)
    if isinstance(node, Num):
        number_ = table_number(node)
        if number_ is None:
            raise TableError("`%s` is not a number Plenary can read" % node)
        return ("literal", str(node)) if part == "head" else ("number", number_)
    if isinstance(node, (list, dict)):
        raise TableError("a cell is an id, a number or a mapping")
    text = text_of(node)
    if text != "-" and (number_only or text[:1].isdigit() or text[:1] in "-."):
        raise TableError("`%s` is not a number Plenary can read (a quoted number, grouping, …)" % text)
    if text == "-":
        return ("dash",)
    if text in ("sum", "row-sum"):
        return keyword_cell(text, part)
    if text == "group":
        if not computed:
            raise TableError("`group` stands in computed rows")
        return ("group", "*")
    return ("text", text)


def keyword_cell(word, part):
    if word == "sum":
        if part not in ("subtotal", "total"):
            raise TableError("`sum` stands in a `subtotal:` or `total:` row")
        return ("sum",)
    if part == "head":
        raise TableError("`row-sum` cannot stand in a header row")
    return ("row-sum",)


class Figure:
    kind = "figure"

    def __init__(self, node):
        self.id = text_of(node["figure"])
        for key in node:
            if key not in ("figure", "chart", "stat", "value", "groups", "axis", "source"):
                raise TableError("unknown key `%s` in a figure" % key)
        if node.get("chart", "bar") != "bar":
            raise TableError("unknown chart `%s`" % node["chart"])
        self.statistic = text_of(node.get("stat") or "")
        self.value = node.get("value", "percent")
        if self.value not in ("percent", "count"):
            raise TableError("a chart shows `percent` or `count`, not `%s`" % self.value)
        self.groups = [text_of(g) for g in node.get("groups") or []]
        if not self.statistic or not self.groups:
            raise TableError("figure `%s` needs `stat` and `groups`" % self.id)
        self.axis = text_of(node["axis"]) if node.get("axis") is not None else None
        self.source = text_of(node["source"]) if node.get("source") is not None else None

    def text_ids(self):
        return [self.id] + [i for i in (self.axis, self.source) if i is not None]


def read_table(node):
    return Table(node)


def read_figure(node):
    return Figure(node)


def statistic_value(stats, id, value, group):
    """A statistic's count, denominator or percentage for a group (None: over all Parties)."""
    row = stats.get((id, group or "all"))
    if row is None:
        if (id, "all") not in stats:
            raise TableError("unknown statistic `%s`" % id)
        raise TableError("the statistic `%s` has no breakdown for `%s`" % (id, group))
    if value == "percent" and group is not None and not row["denominator"]:
        raise TableError("no Party of %s answered question %s" % (group, row["question"]))
    return int(row[value])


def plain_number(number_):
    """A figure as typed: digits and a point, its fraction digits kept (TableGrid.plain)."""
    value, digits = number_
    text = "{:f}".format(value.quantize(decimal.Decimal(1).scaleb(-digits), rounding=decimal.ROUND_HALF_UP))
    if text.startswith("-") and decimal.Decimal(text) == 0:
        text = text[1:]
    return text


def add_numbers(a, b):
    return a[0] + b[0], max(a[1], b[1])


class TableGrid:
    """Port of Plenary's TableGrid: the table on its grid, spans placed, sums computed and typed
    totals checked, statistics looked up; the same in every language."""

    def __init__(self, table, stats):
        self.table = table
        self.stats = stats
        self.rows = []
        width = len(table.columns)
        self.place(table.head, "header", -1, [])
        body_rows = []
        for part, group in enumerate(table.body):
            if group["heading"] is not None:
                self.rows.append({"kind": "group", "part": part, "cells": [
                    {"column": 0, "cols": width, "rows": 1, "content": ("text", group["heading"]), "header": True,
                     "rowsum": False, "percent": False, "group": None}]})
            placed = self.place(group["rows"], "body", part, [])
            body_rows += placed
            if group["subtotal"] is not None:
                self.place([group["subtotal"]], "subtotal", part, placed)
        if table.total is not None:
            self.place([table.total], "total", -2, body_rows)
        self.fraction_digits = [0] * width
        for row in self.rows:
            if row["kind"] == "header":
                continue
            for cell in row["cells"]:
                if cell["cols"] == 1 and cell["content"][0] == "number":
                    column = cell["column"]
                    self.fraction_digits[column] = max(self.fraction_digits[column], cell["content"][1][1])

    def place(self, source, kind, part, sums):
        width = len(self.table.columns)
        covered = [0] * width
        placed = []
        for source_row in source:
            row = {"kind": kind, "part": part, "cells": []}
            column = 0
            for content, cols, rows in source_row:
                while column < width and covered[column] > 0:
                    column += 1
                if column + cols > width:
                    raise TableError("a row of table `%s` is wider than its %d columns" % (self.table.id, width))
                for spanned in range(column, column + cols):
                    covered[spanned] = rows
                cell = {"column": column, "cols": cols, "rows": rows, "content": ("empty",),
                        "header": kind == "header" or (self.table.header_column and column == 0),
                        "rowsum": False, "percent": False, "group": None}
                cell["content"] = self.evaluate(content, cell, row, sums, kind)
                row["cells"].append(cell)
                column += cols
            if sum(1 for c in covered if c > 0) != width:
                raise TableError("a row of table `%s` does not fill its %d columns" % (self.table.id, width))
            covered = [max(0, c - 1) for c in covered]
            placed.append(row)
            self.rows.append(row)
        if source and any(c > 0 for c in covered):
            raise TableError("a cell of table `%s` spans more rows than there are" % self.table.id)
        return placed

    def evaluate(self, content, cell, row, sums, kind):
        what = content[0]
        if cell["header"] and what == "number":
            return ("literal", plain_number(content[1]))
        if what == "number":
            if kind in ("subtotal", "total"):
                total = self.column_sum(cell["column"], sums)
                if total is None:
                    raise TableError("this %s has no numbers above it to add up" % kind)
                if total[0] != content[1][0]:
                    raise TableError("this %s is %s but its column adds up to %s" % (kind, plain_number(content[1]), plain_number(total)))
            return content
        if what == "stat":
            _, id, value, group = content
            figure = statistic_value(self.stats, id, value, group)
            cell["percent"] = value == "percent"
            cell["group"] = group
            return ("number", (decimal.Decimal(figure), 0))
        if what == "sum":
            total = self.column_sum(cell["column"], sums)
            if total is None:
                raise TableError("`sum` has no numbers above it in its column")
            return ("number", total)
        if what == "row-sum":
            cell["rowsum"] = True
            total, any_ = (decimal.Decimal(0), 0), False
            for earlier in row["cells"]:
                if earlier["header"] or earlier["rowsum"]:
                    continue
                if earlier["percent"]:
                    raise TableError("`row-sum` would add percentages")
                if earlier["content"][0] == "number":
                    total = add_numbers(total, earlier["content"][1])
                    any_ = True
            if not any_:
                raise TableError("`row-sum` has no numbers before it in its row")
            return ("number", total)
        return content

    def column_sum(self, column, rows):
        total, any_, groups = (decimal.Decimal(0), 0), False, set()
        for row in rows:
            for cell in row["cells"]:
                if not (cell["column"] <= column < cell["column"] + cell["cols"]) or cell["content"][0] != "number":
                    continue
                if cell["percent"]:
                    raise TableError("this column holds percentages: they cannot be added up")
                if cell["group"] is not None:
                    groups.add(cell["group"])
                if cell["cols"] != 1:
                    raise TableError("this column cannot be summed: a number above spans several columns")
                total = add_numbers(total, cell["content"][1])
                any_ = True
        if groups & {"LDC", "SIDS"} and len(groups) > 1:
            raise TableError("LDC and SIDS overlap the other groups: their figures cannot be added up")
        return total if any_ else None


class Numbering:
    """Port of Plenary's Numbering: kind, ordinal, eId and reading order of every unit."""

    def __init__(self, body, annex):
        self.entries = {}
        self.order = 0
        self.paragraphs = 0
        self.tables = self.figures = 0  # numbered through the whole document, annex included
        self.blocks(body, "", False)
        if annex is not None:
            self.add(annex[0], ("annex",), 1, "att_1")
            self.paragraphs = 0
            self.blocks(annex[1], "att_1__", True)

    def add(self, id, kind, ordinal, eid):
        self.order += 1
        self.entries[id] = (kind, ordinal, eid, self.order)

    def blocks(self, blocks, prefix, in_annex):
        sections = 0
        for block in blocks:
            if block.kind == "section":
                sections += 1
                eid = "%s%s_%d" % (prefix, "sec" if block.level == "section" else "subsec", sections)
                self.add(block.id, ("section", block.level, in_annex), sections, eid)
                self.blocks(block.content, eid + "__", in_annex)
            elif block.kind == "paragraph":
                self.paragraphs += 1
                eid = "%spara_%d" % ("att_1__" if in_annex else "", self.paragraphs)
                self.add(block.id, ("paragraph", in_annex), self.paragraphs, eid)
                self.items(block.list, eid, 1)
            elif block.kind == "table":
                self.tables += 1
                self.add(block.id, ("table",), self.tables, "%stable_%d" % ("att_1__" if in_annex else "", self.tables))
            elif block.kind == "figure":
                self.figures += 1
                self.add(block.id, ("figure",), self.figures, "%sfig_%d" % ("att_1__" if in_annex else "", self.figures))
            else:
                eid = prefix + "hcontainer_decision"
                self.add(block.id, ("decision",), 1, eid)
                elements = groups = 0
                for entry in block.entries:
                    if entry.kind == "group":
                        groups += 1
                        self.add(entry.id, ("group",), groups, "%s__crossHeading_%d" % (eid, groups))
                    else:
                        elements += 1
                        element = "%s__point_%s" % (eid, letters(elements))
                        self.add(entry.id, ("element",), elements, element)
                        self.items(entry.list, element, 2)

    def items(self, items, parent, depth):
        for index, item in enumerate(items):
            eid = "%s__list_1__point_%s" % (parent, item_label(index + 1, depth))
            self.add(item.id, ("item", depth), index + 1, eid)
            self.items(item.list, eid, depth + 1)


def item_label(n, depth):
    return letters(n) if depth % 2 == 1 else roman(n).lower()


def reading_order(body, annex, footnotes):
    ids = ["title"]

    def items(units):
        for unit in units:
            ids.append(unit.id)
            items(unit.list)

    def walk(blocks):
        for block in blocks:
            if block.kind == "section":
                ids.append(block.id)
                walk(block.content)
            elif block.kind == "paragraph":
                ids.append(block.id)
                items(block.list)
            elif block.kind in ("table", "figure"):
                ids.extend(block.text_ids())
            else:
                for entry in block.entries:
                    ids.append(entry.id)
                    items(entry.list)
    walk(body)
    if annex is not None:
        ids.append(annex[0])
        walk(annex[1])
    return ids + list(footnotes)


# ---------------------------------------------------------------- the meeting

class Meeting:
    def __init__(self, folder, templates, stats_path):
        self.folder = folder
        self.id = os.path.basename(os.path.normpath(folder))
        m = load_yaml(os.path.join(folder, "meeting.yaml"))
        self.body = m["body"]
        self.actor = m["actor"]
        self.session = int(m["session"])
        self.venue = m["venue"]
        self.start, self.end = as_date(m["dates"]["start"]), as_date(m["dates"]["end"])
        self.languages = [text_of(code) for code in m["languages"]]
        self.provisional_agenda = m.get("provisional-agenda")
        self.agenda = read_agenda(m.get("agenda"))
        self.agenda_numbers = set(agenda_numbers(self.agenda))
        self.symbols = set(m.get("symbols") or {})
        self.decisions = set(m.get("decisions") or {})
        self.catalogs = {lang: Catalog(os.path.join(templates, "strings", lang + ".yaml")) for lang in self.languages}
        with open(stats_path, encoding="utf-8") as f:
            rows = json.load(f)
        # (statistic, group) → row; group "all" is the overall figure.
        self.stats = {(row["statistic"], row["group"]): row for row in rows}
        self.templates = templates
        self.kinds = {}
        # Every document's manifest, read once: its kind says whether the peer renders it (notes
        # only), and its symbol finds the provisional agenda, whose texts are the agenda's titles.
        docs = os.path.join(folder, "documents")
        self.manifests = {}
        for name in sorted(os.listdir(docs)):
            path = os.path.join(docs, name, "document.yaml")
            if os.path.exists(path):
                self.manifests[name] = load_yaml(path, DocumentLoader)
        self.document_ids = [name for name, d in self.manifests.items()
                             if d["kind"] == "note" and "decision-from" not in d]
        self.agenda_texts = {}
        owner = next((name for name, d in self.manifests.items()
                      if self.provisional_agenda is not None and text_of(d["symbol"]) == self.provisional_agenda), None)
        if owner is not None:
            d = self.manifests[owner]
            original = os.path.join(docs, owner, text_of(d["original"]) + ".yaml")
            fallback = load_yaml(original) if os.path.exists(original) else {}
            for lang in self.languages:
                path = os.path.join(docs, owner, lang + ".yaml")
                texts = load_yaml(path) if os.path.exists(path) else {}
                self.agenda_texts[lang] = (texts, fallback)
        self._agenda_values = {}

    def kind(self, name):
        """Templates/kinds/<name>.yaml: the kind's Akoma Ntoso names and its default template."""
        if name not in self.kinds:
            self.kinds[name] = load_yaml(os.path.join(self.templates, "kinds", name + ".yaml"))
        return self.kinds[name]

    def agenda_title(self, item, lang):
        if item["title"] is not None:
            title = item["title"]
            return [{"t": "text", "v": text_of(title.get(lang) or title.get(self.languages[0]) or "")}]
        if lang not in self.agenda_texts:
            raise KeyError("agenda item %s has no title (no provisional agenda `%s`)" % (item["number"], self.provisional_agenda))
        texts, fallback = self.agenda_texts[lang]
        entry = texts.get(item["id"])
        if entry is None:
            entry = fallback.get(item["id"])
        if entry is None:
            raise KeyError("agenda item `%s` has no title" % item["id"])
        # Titles are plain text here (the agenda's own markup would need its own numbering).
        return [{"t": "text", "v": text_of(entry["text"] if isinstance(entry, dict) else entry)}]

    def agenda_values(self, lang):
        """The meeting's agenda as the templates read it (`meeting.agenda`), once per language."""
        if lang not in self._agenda_values:
            s = self.catalogs[lang]

            def values(items, depth):
                out = []
                for item in items:
                    n = ".".join(number(int(part)) for part in item["number"].split("."))
                    out.append({"number": n, "label": s("agenda-listing-number" if depth == 1 else "agenda-listing-subnumber", n=n),
                                "eId": "item_" + item["number"].replace(".", "-"), "title": self.agenda_title(item, lang),
                                "items": values(item["items"], depth + 1)})
                return out
            self._agenda_values[lang] = values(self.agenda, 1)
        return self._agenda_values[lang]


def read_agenda(nodes, prefix="", depth=1):
    """meeting.yaml's `agenda`: ids, or {item: id, items: [...], number: n, title: {lang: …}};
    numbered 1., 2., … and 2.1, 2.2, … in order, an explicit `number` restarting the count."""
    items = []
    following = 1
    for node in nodes or []:
        if isinstance(node, dict):
            id = text_of(node["item"])
            n = "%s%d" % (prefix, int(node["number"])) if "number" in node else "%s%d" % (prefix, following)
            title = node.get("title")
            subitems = node.get("items")
        else:
            id, n, title, subitems = text_of(node), "%s%d" % (prefix, following), None, None
        if subitems and depth > 1:
            raise ValueError("a sub-item cannot have sub-items")
        item = {"id": id, "number": n, "title": title, "items": []}
        if subitems:
            item["items"] = read_agenda(subitems, n + ".", depth + 1)
        items.append(item)
        following = int(n.split(".")[-1]) + 1
    return items


def agenda_numbers(items):
    for item in items:
        yield item["number"]
        yield from agenda_numbers(item["items"])


class Document:
    def __init__(self, meeting, doc_id):
        folder = os.path.join(meeting.folder, "documents", doc_id)
        d = meeting.manifests[doc_id]
        self.id = doc_id
        self.symbol = text_of(d["symbol"])
        self.kind = d["kind"]
        kind = meeting.kind(self.kind)
        self.akn = kind["akn"]
        self.template = d.get("template") or kind.get("template")
        self.proponent = d.get("proponent") or kind.get("proponent")
        items = d.get("agenda-item")
        self.agenda_items = [] if items is None else [text_of(i) for i in (items if isinstance(items, list) else [items])]
        for item in self.agenda_items:
            if item not in meeting.agenda_numbers:
                raise KeyError("agenda item %s is not in the meeting's agenda" % item)
        self.date = as_date(d["date"])
        self.distribution = d.get("distribution", "general")
        self.original = text_of(d["original"])
        self.reissue = bool(d.get("reissue", False))
        self.body = read_blocks(d.get("body"))
        a = d.get("annex")
        self.annex = (a["id"], read_blocks(a.get("content"))) if a else None
        self.footnotes = [text_of(f) for f in d.get("footnotes") or []]
        if self.kind != "note" or self.template != "note" or "decision-from" in d:
            raise ValueError("the peer renders notes only (the bench compares notes)")
        self.texts = {}
        for lang in meeting.languages:
            path = os.path.join(folder, lang + ".yaml")
            if os.path.exists(path):
                self.texts[lang] = load_yaml(path)
        self.numbering = Numbering(self.body, self.annex)
        # Tables laid out once (the same in every language); each language formats their numbers.
        self.grids = {}
        for block in all_blocks(self.body, self.annex):
            if block.kind == "table":
                self.grids[block.id] = TableGrid(block, meeting.stats)
        # Footnotes are numbered in the order the original-language text cites them.
        self.footnote_numbers = {}
        original = self.texts[self.original]
        for id in reading_order(self.body, self.annex, self.footnotes):
            entry = original.get(id)
            if entry is None:
                continue
            parts = [entry.get("verb"), entry.get("text")] if isinstance(entry, dict) else [entry]
            for part in parts:
                if part is None:
                    continue
                for fn in footnote_ids(parse_inline(text_of(part))):
                    self.footnote_numbers.setdefault(fn, len(self.footnote_numbers) + 1)


def all_blocks(body, annex):
    """Every block of the body and the annex, depth first."""
    def walk(blocks):
        for block in blocks:
            yield block
            if block.kind == "section":
                yield from walk(block.content)
    yield from walk(body)
    if annex is not None:
        yield from walk(annex[1])


def grouped_decimal(number_):
    """A table's figure as English and Chinese write it: "1,372.50", "-12" (LanguageFormatter.decimal)."""
    digits = plain_number(number_)
    negative = digits.startswith("-")
    parts = digits.lstrip("-").split(".", 1)
    text = ("-" if negative else "") + "{:,}".format(int(parts[0]))
    return text + ("." + parts[1] if len(parts) > 1 else "")


def coordinate(value):
    """One decimal, rounded half away from zero, as Plenary writes a chart's coordinates."""
    scaled = abs(value * 10)
    tenths = math.floor(scaled)
    if scaled - tenths >= 0.5:
        tenths += 1
    return "%s%d.%d" % ("-" if value * 10 < 0 and tenths else "", tenths // 10, tenths % 10)


def plain_text(nodes):
    """Markup as plain text (Plenary's plainText: a footnote is its number)."""
    out = []
    for node in nodes:
        if node["t"] == "text":
            out.append(node["v"])
        elif node["t"] == "fn":
            out.append(node["number"])
        else:
            out.append(plain_text(node["c"]))
    return "".join(out)


def container_eid(eid):
    """`table_1` → `hcontainer_table-1`; `att_1__table_1` → `att_1__hcontainer_table-1`."""
    parts = eid.split("__")
    own = parts.pop()
    return "__".join(parts + ["hcontainer_" + own.replace("_", "-")])


CHART_WIDTH, CHART_HEIGHT = 520.0, 280.0
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 64.0, 12.0, 28.0, 40.0


class Resolver:
    """One document in one language → the dict the templates read (the same fields as Plenary's)."""

    def __init__(self, meeting, document, lang):
        self.m, self.d, self.lang = meeting, document, lang
        self.s = meeting.catalogs[lang]
        self.texts = document.texts.get(lang, {})
        self.original = document.texts[document.original]
        self.numbering = document.numbering.entries
        self.figures = []  # met while resolving, in order: each is also written as an SVG file

    def entry(self, id):
        entry = self.texts.get(id)
        if entry is None:
            entry = self.original.get(id)
        if entry is None:
            raise KeyError("`%s` has no text" % id)
        return entry

    def text(self, id, current=None):
        entry = self.entry(id)
        return self.inline(text_of(entry["text"] if isinstance(entry, dict) else entry), current)

    def inline(self, source, current):
        out = []
        for node in self.resolve(parse_inline(source), current):
            if node["t"] == "text" and out and out[-1]["t"] == "text":
                out[-1] = {"t": "text", "v": out[-1]["v"] + node["v"]}
            else:
                out.append(node)
        return out

    def resolve(self, nodes, current):
        for node in nodes:
            if node[0] == "text":
                yield {"t": "text", "v": node[1]}
            elif node[0] == "em":
                yield {"t": "em", "c": self.inline_nodes(node[1], current)}
            else:
                yield self.tag(node[1], node[2], current)

    def inline_nodes(self, nodes, current):
        out = []
        for node in self.resolve(nodes, current):
            if node["t"] == "text" and out and out[-1]["t"] == "text":
                out[-1] = {"t": "text", "v": out[-1]["v"] + node["v"]}
            else:
                out.append(node)
        return out

    def label(self, entry):
        kind, ordinal = entry[0], entry[1]
        if kind[0] == "section":
            if kind[1] == "section" and not kind[2]:
                return zh_numeral(ordinal) if self.lang == "zh" else roman(ordinal)
            if kind[1] in ("section", "subsection"):
                return letters(ordinal).upper()
            return str(ordinal)
        if kind[0] == "item":
            return item_label(ordinal, kind[1])
        if kind[0] == "element":
            return letters(ordinal)
        return str(ordinal)

    def tag(self, name, argument, current):
        s = self.s
        if name == "para":
            if ".." in argument:
                ids, shape = [part.strip() for part in argument.split("..")], "range"
            else:
                ids = [part.strip() for part in argument.split(",")]
                shape = {1: "one", 2: "two"}.get(len(ids), "list")
            targets = [self.numbering[id] for id in ids]
            numbers = [number(t[1]) for t in targets]
            args = {"a": numbers[0]}
            if shape in ("range", "two"):
                args["b"] = numbers[1]
            elif shape == "list":
                args["list"] = s("list-separator").join(numbers[:-1])
                args["last"] = numbers[-1]
            current_order = self.numbering[current][3] if current in self.numbering else 0
            direction = "above" if targets[0][3] < current_order else "below"
            return {"t": "ref", "href": "#" + targets[0][2],
                    "c": [{"t": "text", "v": s("ref-para-%s-%s" % (shape, direction), **args)}]}
        if name == "section":
            entry = self.numbering[argument]
            return {"t": "ref", "href": "#" + entry[2], "c": [{"t": "text", "v": s("ref-section", n=self.label(entry))}]}
        if name in ("table", "figure"):
            parts = argument.split()
            if len(parts) > 2 or (len(parts) == 2 and parts[1] != "bare"):
                raise MarkupError("`[[%s …]]` takes the %s's id and optionally `bare`" % (name, name))
            entry = self.numbering.get(parts[0])
            if entry is None or entry[0][0] != name:
                raise KeyError("no %s `%s` in this document" % (name, parts[0]))
            current_order = self.numbering[current][3] if current in self.numbering else 0
            direction = "" if len(parts) == 2 else "-above" if entry[3] <= current_order else "-below"
            return {"t": "ref", "href": "#" + entry[2], "c": [{"t": "text", "v": s("ref-%s%s" % (name, direction), n=str(entry[1]))}]}
        if name == "number":
            return {"t": "text", "v": self.label(self.numbering[argument])}
        if name == "annex":
            return {"t": "ref", "href": "#att_1", "c": [{"t": "text", "v": s("ref-annex")}]}
        if name == "footnote":
            n = self.d.footnote_numbers[argument]
            return {"t": "fn", "number": str(n), "eId": "fnote_%d" % n}
        if name == "symbol":
            if argument not in self.m.symbols:
                raise KeyError("unknown document symbol `%s`" % argument)
            return {"t": "text", "v": argument}
        if name == "decision":
            parts = argument.split(" ")
            if parts[0] not in self.m.decisions:
                raise KeyError("unknown decision `%s`" % parts[0])
            return {"t": "text", "v": parts[0] if len(parts) == 2 else s("ref-decision", n=parts[0])}
        if name == "link":
            parts = [part.strip() for part in argument.split("|", 1)]
            return {"t": "link", "url": parts[0], "c": [{"t": "text", "v": parts[1] if len(parts) > 1 else parts[0]}]}
        if name == "stat":
            parts = argument.split(" ")
            form = parts[1] if len(parts) > 1 else "count"
            row = self.m.stats[(parts[0], parts[2] if len(parts) > 2 else "all")]
            if form == "percent":
                value = row["formatted"][self.lang]
            elif form == "question":
                value = text_of(row["question"])
            elif form == "denominator":
                value = number(row["denominator"])
            else:
                value = number(row["count"])
            return {"t": "text", "v": value}
        raise MarkupError("unknown markup `[[%s`" % name)

    # -- the value tree

    def language(self, code):
        return {"code": code, "alpha3": ALPHA3.get(code, code), "tag": "zh-Hans" if code == "zh" else code,
                "name": self.s.language_name(code, self.lang)}

    def document(self):
        m, d, s, lang = self.m, self.d, self.s, self.lang
        iso = d.date.isoformat()
        number_ = d.symbol.replace("/", "-")
        work = "/akn/un/%s/%s/%s/%s/%s" % (d.akn["element"], d.akn["subtype"], m.actor, iso, number_)
        expression = "%s/%s@%s" % (work, ALPHA3.get(lang, lang), iso)
        meeting = {
            "body": m.body.get(lang) or m.body[m.languages[0]],
            "session": s("session", ordinal=ordinal(m.session, lang)),
            "venue": m.venue.get(lang, ""),
            "dates": date_range(m.start, m.end, lang),
            "actor": m.actor,
            "agenda": m.agenda_values(lang),
        }
        agenda = None
        if d.agenda_items:
            numbers = [".".join(number(int(part)) for part in item.split(".")) for item in d.agenda_items]
            if len(numbers) == 1:
                phrase, suffix = numbers[0], ""
            else:
                phrase, suffix = s("and-list", list=s("list-separator").join(numbers[:-1]), last=numbers[-1]), "-many"
            agenda = {"item": phrase, "before": s("agenda-before" + suffix, item=phrase),
                      "after": s("agenda-after" + suffix, item=phrase), "symbol": m.provisional_agenda}
        lines = [] if lang == d.original else [s.language_name(lang, lang).upper()]
        lines.append("%s %s" % (s("original"), s.language_name(d.original, lang).upper()))
        cited = sorted((n, id) for id, n in d.footnote_numbers.items() if id in d.footnotes)
        return {
            "id": d.id, "symbol": d.symbol, "kind": d.kind,
            "language": self.language(lang), "original": self.language(d.original),
            "isOriginal": lang == d.original, "languages": [self.language(code) for code in m.languages],
            "languageLines": lines,
            "proponent": "" if d.proponent in (None, "none") else s(d.proponent, body=m.body.get(lang, ""),
                                                                     session=meeting["session"], ordinal=ordinal(m.session, lang).lower()),
            "title": self.text("title"),
            "date": date_text(d.date, lang), "dateISO": iso,
            "distribution": s("distribution-" + d.distribution), "reissue": d.reissue,
            "meeting": meeting,
            "akn": {"type": d.akn["element"], "name": d.akn["name"], "subtype": d.akn["subtype"],
                    "work": work, "expression": expression,
                    "manifestation": expression + ".xml",
                    "originalExpression": "%s/%s@%s" % (work, ALPHA3.get(d.original, d.original), iso),
                    "number": number_, "date": iso, "actor": m.actor},
            "agenda": agenda,
            "body": [self.block(block) for block in d.body],
            "annex": None if d.annex is None else {
                "eId": "att_1", "title": self.text(d.annex[0]), "content": [self.block(block) for block in d.annex[1]]},
            "footnotes": [{"number": str(n), "eId": "fnote_%d" % n, "text": self.text(id)} for n, id in cited],
            "figures": self.figures,
        }

    def block(self, block):
        entry = self.numbering[block.id]
        if block.kind == "section":
            n = self.label(entry)
            return {"kind": "section", "level": block.level, "number": n, "label": self.s(block.level + "-number", n=n),
                    "eId": entry[2], "heading": self.text(block.id, block.id),
                    "content": [self.block(inner) for inner in block.content]}
        if block.kind == "paragraph":
            n = self.label(entry)
            return {"kind": "paragraph", "number": n, "label": self.s("paragraph-number", n=n), "eId": entry[2],
                    "text": self.text(block.id, block.id), "list": [self.item(item, None) for item in block.list]}
        if block.kind == "table":
            return self.table(block)
        if block.kind == "figure":
            figure = self.figure(block)
            self.figures.append(figure)
            return figure
        return self.decision(block)

    # -- tables and figures (Resolver+Table.swift)

    def table(self, table):
        entry = self.numbering[table.id]
        grid = self.d.grids[table.id]
        s = self.s
        head, sections, section = [], [], None
        for row in grid.rows:
            value = self.table_row(row, grid)
            if row["kind"] == "header":
                head.append(value)
                continue
            if section is None or section["part"] != row["part"]:
                kind = "total" if row["kind"] == "total" else "body" if table.body[row["part"]]["heading"] is None else "group"
                section = {"part": row["part"], "class": None if kind == "body" else kind, "rows": []}
                sections.append(section)
            section["rows"].append(value)
        return {"kind": "table", "eId": entry[2], "containerEId": container_eid(entry[2]),
                "label": s("table-label", n=str(entry[1])), "caption": self.text(table.id, table.id),
                "class": "table-block wide" if table.wide else "table-block",
                "columns": table.columns, "head": head, "sections": sections,
                "notes": [self.text(note, table.id) for note in table.notes],
                "source": None if table.source is None else self.text(table.source, table.id)}

    def table_row(self, row, grid):
        columns = grid.table.columns
        cells = []
        for cell in row["cells"]:
            first, span = cell["column"], cell["cols"]
            numeric = all(c == "number" for c in columns[first:first + span])
            content = cell["content"]
            what = content[0]
            pad = ""
            if what == "text":
                text = self.text(content[1], grid.table.id)
            elif what == "literal":
                text = [{"t": "text", "v": content[1]}]
            elif what == "dash":
                text = [{"t": "text", "v": "\u2013"}]
            elif what == "group":
                text = [{"t": "text", "v": self.s("group-" + content[1])}]
            elif what == "number":
                text = [{"t": "text", "v": grouped_decimal(content[1])}]
                digits = content[1][1]
                missing = grid.fraction_digits[first + span - 1] - digits if numeric else 0
                if missing > 0:
                    pad = ("." if digits == 0 else "") + "0" * missing
            else:
                text = []
            if not cell["header"]:
                scope = None
            elif row["kind"] == "header":
                scope = "colgroup" if span > 1 else "col"
            elif row["kind"] == "group":
                scope = "rowgroup"
            else:
                scope = "row"
            number_class = what == "number" or (numeric and (span == 1 if row["kind"] == "header" else not cell["header"]))
            cells.append({"header": cell["header"], "scope": scope, "class": "number" if number_class else None,
                          "text": text, "pad": pad, "cols": str(span) if span > 1 else None,
                          "rows": str(cell["rows"]) if cell["rows"] > 1 else None})
        kind = row["kind"]
        return {"class": None if kind == "body" else "group-heading" if kind == "group" else kind, "cells": cells}

    def figure(self, figure):
        s = self.s
        entry = self.numbering[figure.id]
        caption = self.text(figure.id, figure.id)
        title = plain_text(caption)
        values = [(group, statistic_value(self.m.stats, figure.statistic, figure.value, group)) for group in figure.groups]
        # The value axis: 0–100 for percentages; for counts a round step (1, 2 or 5 × 10ⁿ) with
        # at most five intervals above the largest bar.
        largest = max((v for _, v in values), default=0)
        step = 20
        if figure.value != "percent":
            scale, found = 1, False
            while scale < 1000000000 and not found:
                for factor in (1, 2, 5):
                    step = factor * scale
                    if step * 5 >= largest:
                        found = True
                        break
                else:
                    scale *= 10
        maximum = 100 if figure.value == "percent" else max(step, int(math.ceil(float(largest) / float(step))) * step)
        plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
        plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
        baseline = CHART_TOP + plot_height
        ticks = []
        for tick in range(0, maximum + 1, step):
            y = baseline - float(tick) / float(maximum) * plot_height
            ticks.append({"y": coordinate(y), "labelY": coordinate(y + 4), "label": number(tick)})
        slot = plot_width if not values else plot_width / float(len(values))
        bar_width = slot * 0.6
        bars, described = [], []
        for index, (group, value) in enumerate(values):
            height = float(value) / float(maximum) * plot_height
            x = CHART_LEFT + float(index) * slot + (slot - bar_width) / 2
            formatted = number(value)
            bars.append({"x": coordinate(x), "y": coordinate(baseline - height), "width": coordinate(bar_width),
                         "height": coordinate(height), "centre": coordinate(x + bar_width / 2),
                         "valueY": coordinate(baseline - height - 6), "labelY": coordinate(baseline + 18),
                         "value": formatted, "label": s("group-short-" + group)})
            shown = s("percent", n=formatted) if figure.value == "percent" else formatted
            described.append(s("figure-alt-value", group=s("group-" + group), value=shown))
        axis = "" if figure.axis is None else plain_text(self.text(figure.axis, figure.id))
        return {"kind": "figure", "eId": entry[2], "containerEId": container_eid(entry[2]),
                "label": s("figure-label", n=str(entry[1])), "caption": caption, "title": title,
                "alt": s("figure-alt", title=title, values=s("list-separator").join(described)),
                "number": entry[1], "src": "%s.figure-%d.svg" % (self.lang, entry[1]),
                "width": str(int(CHART_WIDTH)), "height": str(int(CHART_HEIGHT)),
                "viewBox": "0 0 %d %d" % (CHART_WIDTH, CHART_HEIGHT),
                "plotLeft": coordinate(CHART_LEFT), "plotRight": coordinate(CHART_WIDTH - CHART_RIGHT),
                "baseline": coordinate(baseline), "axis": axis,
                "axisX": coordinate(16), "axisY": coordinate(CHART_TOP + plot_height / 2),
                "tickX": coordinate(CHART_LEFT - 6), "ticks": ticks, "bars": bars,
                "source": None if figure.source is None else self.text(figure.source, figure.id)}

    def item(self, item, punctuation):
        entry = self.numbering[item.id]
        content = self.text(item.id, item.id)
        if punctuation is not None and not item.list:
            content.append({"t": "text", "v": punctuation})
        n = self.label(entry)
        return {"number": n, "label": self.s("item-number", n=n), "eId": entry[2], "text": content,
                "list": [self.item(inner, punctuation) for inner in item.list]}

    def decision(self, block):
        s = self.s
        elements = [entry for entry in block.entries if entry.kind == "element"]
        last = elements[-1].id if elements else None
        entries = []
        for entry in block.entries:
            if entry.kind == "group":
                entries.append({"kind": "group", "eId": self.numbering[entry.id][2], "heading": self.text(entry.id, entry.id)})
                continue
            close = s("decision-end" if entry.id == last else "decision-separator")
            source = self.entry(entry.id)
            content = []
            if isinstance(source, dict):
                verb = self.inline(text_of(source["verb"]), entry.id)
                content += [{"t": "em", "c": verb}] if s("decision-verb-style") == "emphasis" else verb
                content.append({"t": "text", "v": s("decision-verb-joiner")})
                content += self.inline(text_of(source["text"]), entry.id)
            else:
                content += self.inline(text_of(source), entry.id)
            if not entry.list:
                content.append({"t": "text", "v": close})
            items = [self.item(item, close if i == len(entry.list) - 1 else s("decision-separator"))
                     for i, item in enumerate(entry.list)]
            numbered = self.numbering[entry.id]
            n = self.label(numbered)
            entries.append({"kind": "element", "number": n, "label": s("item-number", n=n), "eId": numbered[2],
                            "text": content, "list": items})
        return {"kind": "decision", "eId": self.numbering[block.id][2], "entries": entries}


# ---------------------------------------------------------------- rendering and writing

def _escape_attribute(value):
    """An attribute's free text (`alt`) escaped as Plenary's serialiser does: & < > and `"` as &quot;."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return markupsafe.Markup(text.replace("\r", "&#13;"))


def render(template, **values):
    """A template rendered as Plenary writes text: the autoescape's `&#34;` and `&#39;` (only text
    makes them: the one attribute with free text, `alt`, is escaped by `_escape_attribute`) are
    quotes again, and a CR is a reference. Once over the output, rather than a finalize per value."""
    out = template.render(**values)
    if "&#" in out:
        out = out.replace("&#34;", '"').replace("&#39;", "'")
    if "\r" in out:
        out = out.replace("\r", "&#13;")
    return out.encode("utf-8")


def environment():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(HERE, "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["attribute"] = _escape_attribute
    return env


def write_atomic(path, data):
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except FileNotFoundError:
        pass
    temporary = path + ".tmp-%d" % os.getpid()
    with open(temporary, "wb") as f:
        f.write(data)
    os.replace(temporary, path)
    return True


class Builder:
    def __init__(self, meeting_folder, out, templates, stats, formats):
        self.meeting = Meeting(meeting_folder, templates, stats)
        self.out = os.path.join(out, self.meeting.id)
        self.templates = templates
        self.formats = formats
        env = environment()
        self.compiled = {fmt: env.get_template("note.%s.j2" % ("akn.xml" if fmt == "akn" else "html")) for fmt in formats}
        self.chart = env.get_template("figure.svg.j2")
        self.index = env.get_template("index.html.j2")
        self.timing = {"load": 0.0, "resolve": 0.0, "render": 0.0, "write": 0.0}

    def build(self, doc_id):
        t0 = time.perf_counter()
        document = Document(self.meeting, doc_id)
        t1 = time.perf_counter()
        self.timing["load"] += t1 - t0
        folder = os.path.join(self.out, doc_id)
        os.makedirs(folder, exist_ok=True)
        titles = {}
        for lang in self.meeting.languages:
            t1 = time.perf_counter()
            doc = Resolver(self.meeting, document, lang).document()
            titles[lang] = "".join(plain(node) for node in doc["title"])
            t2 = time.perf_counter()
            self.timing["resolve"] += t2 - t1
            for fmt in self.formats:
                t2 = time.perf_counter()
                data = render(self.compiled[fmt], doc=doc, meeting=doc["meeting"], lang=lang, s=self.meeting.catalogs[lang])
                t3 = time.perf_counter()
                write_atomic(os.path.join(folder, "%s.%s" % (lang, "xml" if fmt == "akn" else "html")), data)
                t4 = time.perf_counter()
                self.timing["render"] += t3 - t2
                self.timing["write"] += t4 - t3
                if fmt != "akn":
                    continue
                # Each figure also as an SVG file beside the Akoma Ntoso, which refers to it.
                for figure in doc["figures"]:
                    t2 = time.perf_counter()
                    data = render(self.chart, figure=figure, lang=doc["language"]["tag"])
                    t3 = time.perf_counter()
                    write_atomic(os.path.join(folder, figure["src"]), data)
                    t4 = time.perf_counter()
                    self.timing["render"] += t3 - t2
                    self.timing["write"] += t4 - t3
        return doc_id, document.symbol, titles

    def finish(self, entries):
        m = self.meeting
        lang = m.languages[0]
        s = m.catalogs[lang]
        index = {
            "meeting": {"body": m.body.get(lang, ""), "session": s("session", ordinal=ordinal(m.session, lang)),
                        "venue": m.venue.get(lang, ""), "dates": date_range(m.start, m.end, lang)},
            "language": {"code": lang, "tag": "zh-Hans" if lang == "zh" else lang},
            "documents": [{"symbol": symbol, "id": doc_id, "versions": [
                {"language": code, "languageName": m.catalogs[code].own_name(code), "title": titles.get(code, ""),
                 "html": "%s/%s.html" % (doc_id, code), "xml": "%s/%s.xml" % (doc_id, code)}
                for code in m.languages]} for doc_id, symbol, titles in entries],
        }
        write_atomic(os.path.join(self.out, "index.html"),
                     render(self.index, doc=index, lang=lang, s=s))
        with open(os.path.join(self.templates, "plenary.css"), "rb") as f:
            write_atomic(os.path.join(self.out, "plenary.css"), f.read())


def plain(node):
    if node["t"] == "text":
        return node["v"]
    if node["t"] == "fn":
        return ""
    return "".join(plain(inner) for inner in node.get("c", ()))


_WORKER = None


def _init_worker(args):
    # Forked from the parent: its builder (meeting, manifests, templates) is already here.
    global _WORKER
    if _WORKER is None:
        _WORKER = Builder(*args)


def _work(doc_id):
    return _WORKER.build(doc_id)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("meeting")
    parser.add_argument("--out", required=True)
    parser.add_argument("--stats", required=True, help="`plenary stats --format json` of the meeting")
    parser.add_argument("--templates", default=os.path.join(os.path.dirname(os.path.dirname(HERE)), "Templates"))
    parser.add_argument("--formats", default="akn,html")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    started = time.perf_counter()
    formats = [f for f in args.formats.split(",") if f]
    setup = (args.meeting, args.out, args.templates, args.stats, formats)
    builder = Builder(*setup)
    ids = builder.meeting.document_ids
    if args.only:
        wanted = set(args.only.split(","))
        ids = [i for i in ids if i in wanted]
    if args.jobs > 1:
        global _WORKER
        _WORKER = builder
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(args.jobs, _init_worker, (setup,)) as pool:
            entries = pool.map(_work, ids, chunksize=8)
    else:
        entries = [builder.build(doc_id) for doc_id in ids]
    builder.finish(entries)
    timing = {k: round(v, 3) for k, v in builder.timing.items()}
    timing["total"] = round(time.perf_counter() - started, 3)
    print(json.dumps({"documents": len(ids), "languages": len(builder.meeting.languages), "formats": formats,
                      "yaml_loader": Loader.__name__, "timing": timing if args.jobs == 1 else {"total": timing["total"]}}))


if __name__ == "__main__":
    main()
