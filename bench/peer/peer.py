#!/usr/bin/env python3
"""The peer: Plenary's build re-done the usual Python way, for `make bench` to compare against.

Reads the same meeting with PyYAML (its C loader when libyaml is there, as any careful Python
project would), resolves the same inline markup (numbering, eIds, references above/below,
footnotes numbered in the original's reading order, symbols, decisions, statistics from
`plenary stats --format json`), and renders Akoma Ntoso XML and HTML with Jinja2 templates
equivalent to Plenary's (bench/peer/templates/). Writes <out>/<meeting>/<doc>/<lang>.xml/.html
(atomically, as Plenary does), index.html and plenary.css.

    peer.py MEETING --out DIR --stats STATS.json [--templates Templates] [--formats akn,html]
            [--jobs N] [--only n0001,n0002]

Prints one JSON line with its own phase timings on stdout.
"""
import argparse
import datetime
import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True

import yaml  # noqa: E402
import jinja2  # noqa: E402

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


def load_yaml(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=Loader)


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
    if lang != "en":
        return "第%s次" % zh_numeral(n)
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
        else:
            raise ValueError("unknown structure entry %r" % kind)
    return blocks


class Numbering:
    """Port of Plenary's Numbering: kind, ordinal, eId and reading order of every unit."""

    def __init__(self, body, annex):
        self.entries = {}
        self.order = 0
        self.paragraphs = 0
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
                self.manifests[name] = load_yaml(path)
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


class Resolver:
    """One document in one language → the dict the templates read (the same fields as Plenary's)."""

    def __init__(self, meeting, document, lang):
        self.m, self.d, self.lang = meeting, document, lang
        self.s = meeting.catalogs[lang]
        self.texts = document.texts.get(lang, {})
        self.original = document.texts[document.original]
        self.numbering = document.numbering.entries

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
                "name": self.s("language-" + code)}

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
        lines = [] if lang == d.original else [s("language-" + lang).upper()]
        lines.append("%s %s" % (s("original"), s("language-" + d.original).upper()))
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
        return self.decision(block)

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

def environment():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(HERE, "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
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
                data = self.compiled[fmt].render(doc=doc, meeting=doc["meeting"], lang=lang,
                                                 s=self.meeting.catalogs[lang]).encode("utf-8")
                t3 = time.perf_counter()
                write_atomic(os.path.join(folder, "%s.%s" % (lang, "xml" if fmt == "akn" else "html")), data)
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
                {"language": code, "languageName": m.catalogs[code]("language-" + code), "title": titles.get(code, ""),
                 "html": "%s/%s.html" % (doc_id, code), "xml": "%s/%s.xml" % (doc_id, code)}
                for code in m.languages]} for doc_id, symbol, titles in entries],
        }
        write_atomic(os.path.join(self.out, "index.html"),
                     self.index.render(doc=index, lang=lang, s=s).encode("utf-8"))
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
