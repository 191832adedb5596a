#!/usr/bin/env python3
"""Writes a synthetic meeting of N notes the size and shape of the reference note.

Each note is a copy of Meetings/bs-copmop-6/documents/cp-6-7 (document.yaml, en.yaml, zh.yaml,
zh.origin.yaml) under documents/n0001 … with its own symbol (registered in meeting.yaml's
`symbols`), its own date, its own title and a per-copy set of word substitutions outside the
inline markup, so that no two documents have the same text. data/ (the statistics) and the rest of
meeting.yaml are kept as they are; so is the provisional agenda (cp-6-1), copied as it is because
it holds the titles of meeting.yaml's agenda, which every document prints. The other documents
(the stand-alone decision, the annotations, the adopted decision, the report) are dropped, and so are
the languages other than English and Chinese (`languages: [en, zh]`): the figures stay comparable
with those measured before the meeting had six.

    python3 bench/gen.py --count 1000 --out /tmp/plenary-bench/meetings/bench-1000

The folder is replaced if it exists. Standard library only.
"""
import argparse
import datetime
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SOURCE = os.path.join(REPO, "Meetings", "bs-copmop-6")
NOTE = "cp-6-7"
AGENDA = "cp-6-1"

# Per-copy substitutions: copy i applies the pairs whose bit is set in i, so copies differ in
# wording while keeping the length and the markup of the original.
EN_SWAPS = [
    ("Action Plan", "action plan"),
    ("Coordination Mechanism", "coordination mechanism"),
    ("biosafety", "bio-safety"),
    ("Secretariat", "secretariat"),
    ("organizations", "organisations"),
    ("strengthen", "reinforce"),
    ("capacity-building", "capacity development"),
    ("Governments", "States"),
]
ZH_SWAPS = [
    ("行动计划", "行动方案"),
    ("协调机制", "协调体制"),
    ("生物安全", "生物安全性"),
    ("秘书处", "秘书机构"),
    ("相关组织", "有关组织"),
    ("加强", "增强"),
    ("能力建设", "能力发展"),
    ("国家政府", "国政府"),
]
MARKUP = re.compile(r"(\[\[.*?\]\])", re.S)


def substitute(text, swaps, index):
    """Applies the swaps selected by the bits of `index` outside `[[…]]` markup and outside keys."""
    chosen = [pair for bit, pair in enumerate(swaps) if (index >> bit) & 1]
    if not chosen:
        return text
    parts = MARKUP.split(text)
    for n in range(0, len(parts), 2):
        for old, new in chosen:
            parts[n] = parts[n].replace(old, new)
    return "".join(parts)


def retitle(text, title):
    return re.sub(r"^title: .*$", lambda _: "title: " + title, text, count=1, flags=re.M)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", required=True, help="the meeting folder to write (replaced)")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    if os.path.commonpath([out, REPO]) == REPO and not out.startswith(os.path.join(REPO, "bench", "work")):
        sys.exit("gen.py: refusing to write inside the repository (use /tmp/… or bench/work/)")

    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "documents"))
    shutil.copytree(os.path.join(SOURCE, "data"), os.path.join(out, "data"))

    note = os.path.join(SOURCE, "documents", NOTE)
    with open(os.path.join(note, "document.yaml"), encoding="utf-8") as f:
        structure = f.read()
    texts = {}
    for name in ("en.yaml", "zh.yaml", "zh.origin.yaml"):
        path = os.path.join(note, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                texts[name] = f.read()

    symbols = []
    start = datetime.date(2012, 6, 1)
    for i in range(1, args.count + 1):
        doc_id = "n%04d" % i
        symbol = "UNEP/CBD/BS/COP-MOP/6/BENCH/%04d" % i
        date = start + datetime.timedelta(days=(i * 7) % 120)
        folder = os.path.join(out, "documents", doc_id)
        os.makedirs(folder)
        doc = re.sub(r"^symbol: .*$", "symbol: " + symbol, structure, count=1, flags=re.M)
        doc = re.sub(r"^date: .*$", "date: " + date.isoformat(), doc, count=1, flags=re.M)
        doc = re.sub(r"^# .*$", "# %s — synthetic copy %d of %s (bench/gen.py)" % (symbol, i, NOTE), doc, count=1, flags=re.M)
        with open(os.path.join(folder, "document.yaml"), "w", encoding="utf-8") as f:
            f.write(doc)
        en_title = '"Status of capacity-building activities, part %04d"' % i
        zh_title = "能力建设活动的现状（第%04d部分）" % i
        for name, text in texts.items():
            if name == "en.yaml":
                text = retitle(substitute(text, EN_SWAPS, i), en_title)
            elif name == "zh.yaml":
                text = retitle(substitute(text, ZH_SWAPS, i), zh_title)
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write(text)
        symbols.append((symbol, en_title.strip('"'), zh_title))

    shutil.copytree(os.path.join(SOURCE, "documents", AGENDA), os.path.join(out, "documents", AGENDA))

    with open(os.path.join(SOURCE, "meeting.yaml"), encoding="utf-8") as f:
        meeting = f.read()
    lines = meeting.split("\n")
    at = lines.index("symbols:") + 1
    added = []
    for symbol, en, zh in symbols:
        added += ["  %s:" % symbol, '    en: "%s"' % en, "    zh: %s" % zh]
    lines[at:at] = added
    lines[0] = "# Synthetic benchmark meeting: %d copies of %s (bench/gen.py). " % (args.count, NOTE) + lines[0].lstrip("# ")
    # The benchmark stays the English and Chinese build it has always measured (and that the
    # peer renders): the bundled meeting's other four languages are left out.
    lines = ["languages: [en, zh]" if line.startswith("languages:") else line for line in lines]
    with open(os.path.join(out, "meeting.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))

    total = 0
    for root, _, files in os.walk(out):
        total += sum(os.path.getsize(os.path.join(root, name)) for name in files)
    print("gen.py: %d notes and the provisional agenda in %s (%.1f MB of sources)" % (args.count, out, total / 1e6))


if __name__ == "__main__":
    main()
