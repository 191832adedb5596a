#!/usr/bin/env python3
"""Build and check the SYNTHETIC per-Party data of the bs-copmop-6 meeting.

    python3 calibrate.py            build parties.csv and answers.csv, then run the check
    python3 calibrate.py --check    recompute every statistic of statistics.yaml from the CSV
                                    files and compare it with the figure printed in
                                    UNEP/CBD/BS/COP-MOP/6/7; exit 1 on any mismatch that is not
                                    listed in UNREPRODUCIBLE below

The real per-Party answers to the second national reports are not bundled: answers.csv is a
synthetic data set, solved so that every statistic comes out as printed in the document, by
regional group and for the LDC and SIDS groups (which overlap the regional groups), with the
group memberships of parties.csv. Python 3 standard library only; the output is deterministic
(the same bytes on every run and machine: no randomness, only SHA-256 orderings and exact
integer/rational arithmetic).
"""

import argparse
import csv
import hashlib
import io
import itertools
import os
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
PARTIES_CSV = os.path.join(HERE, "parties.csv")
ANSWERS_CSV = os.path.join(HERE, "answers.csv")
STATISTICS_YAML = os.path.join(HERE, "statistics.yaml")
# shared/ sits beside the repository: <root>/main/Meetings/bs-copmop-6/data -> <root>/shared
COUNTRIES_CSV = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "countries.csv"))

REGIONS = ["AFR", "APAC", "EEG", "GRULAC", "WEOG"]
GROUPS = REGIONS + ["LDC", "SIDS"]
DENOMINATORS = ("respondents", "parties", "mentions")

# ---------------------------------------------------------------------------------------------
# The figures printed in UNEP/CBD/BS/COP-MOP/6/7 (paragraphs 6-12, 29, 30), per statistic id.
# question: the question number where the document prints it; count: "119 Parties";
# percent: "83%"; groups: the per-group percentages.
# ---------------------------------------------------------------------------------------------
def _g(afr, apac, eeg, grulac, weog, ldc, sids):
    return dict(zip(GROUPS, (afr, apac, eeg, grulac, weog, ldc, sids)))


TARGETS = {
    "capacity-activities": dict(para="p6", question=143, count=119, percent=83,
                                groups=_g(84, 80, 79, 90, 84, 79, 73)),
    "area-hr-training": dict(para="p7", percent=12),
    "area-info-exchange": dict(para="p7", percent=12),
    "area-public-awareness": dict(para="p7", percent=12),
    "area-institutional": dict(para="p7", percent=11),
    "area-risk-assessment": dict(para="p7", percent=9),
    "area-detection": dict(para="p7", percent=8),
    "area-cooperation": dict(para="p7", percent=7),
    "area-risk-management": dict(para="p7", percent=6),
    "area-technology-transfer": dict(para="p7", percent=2),
    "area-confidential-info": dict(para="p7", percent=2),
    "area-transboundary": dict(para="p7", percent=3),
    "area-human-health": dict(para="p7", percent=4),
    "area-documentation": dict(para="p7", percent=4),
    "area-socio-economic": dict(para="p7", percent=4),
    "area-research": dict(para="p7", percent=5),
    "further-needs": dict(para="p8", question=56, count=114),
    "lmo-ffp-assistance": dict(para="p8", count=61, percent=43),
    "received-support": dict(para="p9", question=135, count=89, percent=62,
                             groups=_g(78, 63, 37, 95, 11, 74, 82)),
    "support-multilateral": dict(para="p9", percent=39),
    "support-bilateral": dict(para="p9", percent=37),
    "support-other": dict(para="p9", percent=23),
    "provided-support": dict(para="p10", count=41, percent=29,
                             groups=_g(14, 26, 21, 52, 53, 8, 14)),
    "needs-assessment": dict(para="p11, p30", count=68, percent=48,
                             groups=_g(51, 43, 63, 62, 16, 38, 41)),
    "cb-strategy": dict(para="p11, p29", count=39, percent=27,
                        groups=_g(31, 29, 32, 29, 11, 28, 27)),
    "ra-capacity": dict(para="p12", question=84, count=63, percent=45),
    "ra-mechanism": dict(para="p12", count=95, percent=67),
    "ra-guidelines": dict(para="p12", count=70, percent=50),
    "detection-capacity": dict(para="p12", question=34, count=35, percent=24),
    "detection-partial": dict(para="p12", percent=52),
}

# Figures that no single data set can reproduce: (statistic id, figure) -> reason.
# Every printed figure is reproduced, so this is empty; --check tolerates only what is listed here.
UNREPRODUCIBLE = {}

# ---------------------------------------------------------------------------------------------
# The Parties in 2012: shared/data/countries.csv minus the non-Parties below.
# ---------------------------------------------------------------------------------------------
NON_PARTIES_2012 = {
    # WEOG
    "USA": "not a Party to the Convention",
    "CAN": "signed, never ratified",
    "AUS": "never joined",
    "ISR": "signed, never ratified",
    "ISL": "never joined",
    "AND": "not a Party to the Convention until 2015",
    "SMR": "never joined",
    "MCO": "never joined",
    # EEG
    "RUS": "never joined",
    # GRULAC
    "ARG": "signed, never ratified",
    "CHL": "signed, never ratified",
    "HTI": "signed, never ratified",
    "JAM": "acceded 25 September 2012; Party only from 24 December 2012, after the meeting",
    # AFR
    "CIV": "acceded 2015",
    "GNQ": "not a Party in 2012",
    "STP": "not a Party in 2012",
    "SOM": "not a Party in 2012",
    "SSD": "independent since July 2011; not a Party in 2012",
    # APAC (and Cook Islands, which the CBD counts in Asia-Pacific)
    "AFG": "acceded 2013",
    "LBN": "acceded 2013",
    "IRQ": "acceded 2014",
    "ARE": "acceded 2014",
    "UZB": "acceded 2019",
    "BRN": "not a Party in 2012",
    "COK": "not a Party in 2012",
    "FSM": "not a Party in 2012",
    "KWT": "not a Party in 2012",
    "NPL": "not a Party in 2012",
    "SGP": "never joined",
    "TLS": "not a Party in 2012",
    "TUV": "not a Party in 2012",
    "VUT": "not a Party in 2012",
}

# The EU has no UN regional group; the printed group percentages only add up to the printed
# totals if every respondent belongs to exactly one regional group, so the EU is counted in WEOG.
GROUP_2012 = {"EUU": "WEOG"}

# 2012 UN names where today's names (countries.csv) differ.
NAMES_2012 = {
    "CPV": ("Cape Verde", "佛得角"),
    "CZE": ("Czech Republic", "捷克共和国"),
    "MKD": ("The former Yugoslav Republic of Macedonia", "前南斯拉夫的马其顿共和国"),
    "NLD": ("Netherlands", "荷兰"),
    "SWZ": ("Swaziland", "斯威士兰"),
    "TUR": ("Turkey", "土耳其"),
}

# Parties that joined after the second national reports were due (2011, twelve months before the
# meeting) and so
# are never respondents in the synthetic data.
LATE_PARTIES = {
    "URY": "Party since 31 January 2012",
    "BHR": "Party since 7 May 2012",
}

# ---------------------------------------------------------------------------------------------
# Calibration choices (how the synthetic answers are spread; none of them changes a figure).
# ---------------------------------------------------------------------------------------------
# Multi-answer questions: who answers them, and how many answers a respondent gives on average
# (the total of answers is the smallest one >= this average x respondents that reproduces every
# printed share).
MULTI_ANSWER = {
    144: dict(parent="capacity-activities", per_respondent=Fraction(7, 2)),
    136: dict(parent="received-support", per_respondent=Fraction(3, 2)),
}
# Ungrouped yes/no questions: which Parties tend to say yes. "need": developing countries first
# (LDC/SIDS, then AFR/APAC/GRULAC, then EEG, then WEOG); "capacity": the reverse order.
PROPENSITY = {
    "further-needs": "need",
    "lmo-ffp-assistance": "need",
    "ra-capacity": "capacity",
    "ra-mechanism": "capacity",
    "ra-guidelines": "capacity",
    "detection-capacity": "capacity",
    "detection-partial": "capacity",
}
SPREAD = 2  # weight of the per-Party hash against the tier (0-3) in those orderings

PARTIES_HEADER = ("# Parties to the Cartagena Protocol on Biosafety in 2012 (164: 163 States and the "
                  "European Union), reconstructed for the sample meeting from shared/data/countries.csv "
                  "(UN regional group; LDC in 2012; SIDS) with the 2012 UN names; the EU is counted in "
                  "WEOG. The choice of Parties is explained in README.md.")
ANSWERS_HEADER = ("# SYNTHETIC: these are not the Parties' real answers to the second national reports. "
                  "They were generated by calibrate.py so that the statistics of statistics.yaml "
                  "reproduce the figures printed in UNEP/CBD/BS/COP-MOP/6/7 (paragraphs 6-12), "
                  "overall and by group; any single Party's answers mean nothing.")


def pct(k, n):
    """100 k / n rounded half up to a whole number (exact integer arithmetic)."""
    return (200 * k + n) // (2 * n)


def h(*parts):
    """A stable pseudo-random order key."""
    return hashlib.sha256("/".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def fail(msg):
    print("calibrate.py: error: " + msg, file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------------------------
# statistics.yaml (a small reader for the subset of YAML the file uses)
# ---------------------------------------------------------------------------------------------
def _strip_comment(line):
    out, quote = [], None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        out.append(ch)
    return "".join(out).rstrip()


def _scalar(text, where):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    if text.isdigit():
        return int(text)
    if not text:
        fail(where + ": empty value")
    return text


def _value(text, where):
    text = text.strip()
    if text.startswith("["):
        if not text.endswith("]"):
            fail(where + ": unterminated list")
        inner = text[1:-1].strip()
        return [_scalar(x, where) for x in inner.split(",")] if inner else []
    return _scalar(text, where)


def read_statistics(path=STATISTICS_YAML):
    defs, current = {}, None
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            where = "%s:%d" % (os.path.basename(path), lineno)
            line = _strip_comment(raw.rstrip("\n"))
            if not line.strip():
                continue
            if "\t" in line:
                fail(where + ": tab in indentation")
            indent = len(line) - len(line.lstrip(" "))
            key, sep, rest = line.strip().partition(":")
            if not sep:
                fail(where + ": expected 'key: value'")
            if indent == 0:
                if rest.strip():
                    fail(where + ": a statistic id takes no value on its line")
                if key in defs:
                    fail(where + ": duplicate statistic id " + key)
                current = defs[key] = {"_line": lineno}
            else:
                if current is None:
                    fail(where + ": field outside a statistic")
                current[key] = _value(rest, where)
    for sid, d in defs.items():
        where = "statistics.yaml:%d (%s)" % (d["_line"], sid)
        if not isinstance(d.get("question"), int):
            fail(where + ": question must be a number")
        if not isinstance(d.get("answers"), list) or not d["answers"]:
            fail(where + ": answers must be a non-empty list")
        d.setdefault("denominator", "respondents")
        if d["denominator"] not in DENOMINATORS:
            fail(where + ": denominator must be one of " + ", ".join(DENOMINATORS))
        d.setdefault("groups", [])
        for g in d["groups"]:
            if g not in GROUPS:
                fail(where + ": unknown group " + str(g))
        d.setdefault("rounding", "half-up")
        if d["rounding"] != "half-up":
            fail(where + ": only half-up rounding is supported")
        unknown = set(d) - {"_line", "question", "answers", "denominator", "groups", "rounding"}
        if unknown:
            fail(where + ": unknown field(s) " + ", ".join(sorted(unknown)))
    return defs


# ---------------------------------------------------------------------------------------------
# CSV files
# ---------------------------------------------------------------------------------------------
def _csv_text(comment, header, rows):
    buf = io.StringIO()
    buf.write(comment + "\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    comment = lines[0] if lines and lines[0].startswith("#") else None
    body = [l for l in lines if l and not l.startswith("#")]
    return comment, list(csv.DictReader(body))


def build_parties(countries_path):
    with open(countries_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    known = {r["iso3"] for r in rows}
    for iso in list(NON_PARTIES_2012) + list(GROUP_2012) + list(NAMES_2012) + list(LATE_PARTIES):
        if iso not in known:
            fail("%s is not in %s" % (iso, countries_path))
    parties = []
    for r in rows:
        iso = r["iso3"]
        if iso in NON_PARTIES_2012:
            continue
        name_en, name_zh = NAMES_2012.get(iso, (r["name_en"], r["name_zh"]))
        group = GROUP_2012.get(iso, r["un_group"])
        if group not in REGIONS:
            fail("no regional group for Party " + iso)
        parties.append(dict(iso3=iso, name_en=name_en, name_zh=name_zh, group=group,
                            ldc="yes" if r["ldc"] == "1" else "no",
                            sids="yes" if r["sids"] == "1" else "no"))
    parties.sort(key=lambda p: p["iso3"])
    return parties


def parties_text(parties):
    cols = ("iso3", "name_en", "name_zh", "group", "ldc", "sids")
    return _csv_text(PARTIES_HEADER, cols, [[p[c] for c in cols] for p in parties])


def answers_text(answers):
    rows = sorted(set(answers), key=lambda r: (r[0], r[1], r[2]))
    return _csv_text(ANSWERS_HEADER, ("party", "question", "answer"), rows)


def in_group(p, g):
    if g == "LDC":
        return p["ldc"] == "yes"
    if g == "SIDS":
        return p["sids"] == "yes"
    return p["group"] == g


def cell_of(p):
    return (p["group"], p["ldc"] == "yes", p["sids"] == "yes")


def cell_groups(cell):
    region, ldc, sids = cell
    return [region] + (["LDC"] if ldc else []) + (["SIDS"] if sids else [])


# ---------------------------------------------------------------------------------------------
# The solver
# ---------------------------------------------------------------------------------------------
def _region_splits(sizes, total):
    """All ways to put `total` into cells of the given sizes."""
    out = []

    def rec(i, left, acc):
        if i == len(sizes) - 1:
            if 0 <= left <= sizes[i]:
                out.append(acc + [left])
            return
        for x in range(0, min(sizes[i], left) + 1):
            rec(i + 1, left - x, acc + [x])

    if sizes:
        rec(0, total, [])
    elif total == 0:
        out.append([])
    return out


def solve_cells(sizes, targets, expected, keep_all=False):
    """Counts per cell (region, ldc, sids) with 0 <= x <= size, whose sums over every group in
    `targets` equal the target, minimising sum (x - expected)^2. Returns the best assignment
    as a list of (cost, assignment) with assignment a dict cell -> count, best first (only the
    best one unless keep_all); [] when there is none."""
    cells_by_region = {r: sorted(c for c in sizes if c[0] == r) for r in REGIONS}
    states = {(0, 0): [(Fraction(0), ())]}
    for r in REGIONS:
        cells = cells_by_region[r]
        if r in targets:
            splits = _region_splits([sizes[c] for c in cells], targets[r])
        else:
            splits = [list(x) for x in itertools.product(*[range(sizes[c] + 1) for c in cells])]
        new = {}
        for split in splits:
            cost = sum((Fraction(x) - expected[c]) ** 2 for c, x in zip(cells, split))
            dl = sum(x for c, x in zip(cells, split) if c[1])
            ds = sum(x for c, x in zip(cells, split) if c[2])
            part = tuple(zip(cells, split))
            for (l, s), options in states.items():
                key = (l + dl, s + ds)
                if "LDC" in targets and key[0] > targets["LDC"]:
                    continue
                if "SIDS" in targets and key[1] > targets["SIDS"]:
                    continue
                for c0, acc in options:
                    new.setdefault(key, []).append((c0 + cost, acc + part))
        for key in new:
            new[key].sort()
            if not keep_all:
                new[key] = new[key][:1]
        states = new
    results = []
    for (l, s), options in states.items():
        if "LDC" in targets and l != targets["LDC"]:
            continue
        if "SIDS" in targets and s != targets["SIDS"]:
            continue
        results.extend(options)
    results.sort()
    return [(cost, dict(acc)) for cost, acc in results]


def pool_sizes(parties):
    """Respondents per group and yes-counts per group for the grouped statistics (p6, p9-p11),
    derived from the printed figures alone."""
    grouped = [s for s, t in TARGETS.items() if "groups" in t]
    party_count = {g: sum(in_group(p, g) for p in parties) for g in GROUPS}
    totals = None
    for s in grouped:
        t = TARGETS[s]
        ok = {n for n in range(t["count"], len(parties) + 1) if pct(t["count"], n) == t["percent"]}
        totals = ok if totals is None else totals & ok
    # the ungrouped figures of p8 (further-needs, lmo-ffp-assistance) come from the same pool
    for s in ("further-needs", "lmo-ffp-assistance"):
        t = TARGETS[s]
        totals = {n for n in totals if n >= t["count"] and ("percent" not in t or pct(t["count"], n) == t["percent"])}
    cands = {}
    for g in GROUPS:
        cands[g] = []
        for n in range(1, party_count[g] + 1):
            ks = []
            for s in grouped:
                k = [k for k in range(n + 1) if pct(k, n) == TARGETS[s]["groups"][g]]
                if not k:
                    break
                ks.append(k)
            else:
                cands[g].append((n, ks))
    found = []
    for combo in itertools.product(*[cands[r] for r in REGIONS]):
        n = sum(c[0] for c in combo)
        if n not in totals:
            continue
        for i, s in enumerate(grouped):
            if not any(sum(ks) == TARGETS[s]["count"] for ks in itertools.product(*[c[1][i] for c in combo])):
                break
        else:
            found.append(combo)
    if not found:
        fail("no regional respondent counts reproduce the printed percentages with this Party list "
             "(candidates: %s)" % {g: [c[0] for c in cands[g]] for g in GROUPS})
    combo = found[0]  # the smallest (lexicographic) solution; with this Party list it is unique
    n_g = {r: c[0] for r, c in zip(REGIONS, combo)}
    k_g = {}
    for i, s in enumerate(grouped):
        choice = next(ks for ks in itertools.product(*[c[1][i] for c in combo]) if sum(ks) == TARGETS[s]["count"])
        k_g[s] = dict(zip(REGIONS, choice))
    return n_g, k_g, {g: cands[g] for g in ("LDC", "SIDS")}


def choose(order_key, members, k):
    return sorted(members, key=order_key)[:k]


def build_answers(parties, defs):
    by_iso = {p["iso3"]: p for p in parties}
    n_g, k_g, special = pool_sizes(parties)
    grouped = [s for s, t in TARGETS.items() if "groups" in t]
    sizes = {}
    for p in parties:
        if p["iso3"] not in LATE_PARTIES:
            sizes[cell_of(p)] = sizes.get(cell_of(p), 0) + 1
    for c in {cell_of(p) for p in parties}:
        sizes.setdefault(c, 0)
    region_size = {r: sum(v for c, v in sizes.items() if c[0] == r) for r in REGIONS}

    # 1. respondent counts per cell, then yes-counts per cell for every grouped statistic; the
    #    respondent split is chosen jointly with the yes-splits (lowest total cost).
    best = None
    for (ldc_n, ldc_ks), (sids_n, sids_ks) in itertools.product(special["LDC"], special["SIDS"]):
        targets = dict(n_g, LDC=ldc_n, SIDS=sids_n)
        expected = {c: Fraction(sizes[c] * n_g[c[0]], region_size[c[0]]) if region_size[c[0]] else Fraction(0)
                    for c in sizes}
        for cost, resp in solve_cells(sizes, targets, expected, keep_all=True):
            total, yes = cost, {}
            for i, s in enumerate(grouped):
                kt = dict(k_g[s])
                sol = None
                for kl, ks in itertools.product(ldc_ks[i], sids_ks[i]):
                    kt2 = dict(kt, LDC=kl, SIDS=ks)
                    rate = {g: Fraction(kt2[g], targets[g]) for g in GROUPS if targets[g]}
                    exp = {c: resp[c] * sum(rate[g] for g in cell_groups(c)) / len(cell_groups(c)) for c in resp}
                    res = solve_cells(resp, kt2, exp)
                    if res and (sol is None or res[0][0] < sol[0]):
                        sol = res[0]
                if sol is None:
                    break
                total += sol[0]
                yes[s] = sol[1]
            else:
                if best is None or total < best[0]:
                    best = (total, resp, yes)
    if best is None:
        fail("no respondent split per cell reproduces every group percentage")
    _, resp_cells, yes_cells = best
    resp_n = {g: sum(n for c, n in resp_cells.items() if g in cell_groups(c)) for g in GROUPS}
    print("pool of respondents (p6, p8-p11): %d (%s)"
          % (sum(resp_cells.values()), ", ".join("%s %d" % (g, resp_n[g]) for g in GROUPS)))

    # 2. the pool: which Parties respond, cell by cell (late Parties never)
    pool = []
    for c, n in sorted(resp_cells.items()):
        members = [p["iso3"] for p in parties if cell_of(p) == c and p["iso3"] not in LATE_PARTIES]
        pool += choose(lambda iso: h("pool", iso), members, n)
    pool.sort()
    answers = []
    yes_sets = {}

    # 3. grouped yes/no statistics
    for s in grouped:
        q = defs[s]["question"]
        yes_code = defs[s]["answers"][0]
        chosen = set()
        for c, n in sorted(yes_cells[s].items()):
            members = [iso for iso in pool if cell_of(by_iso[iso]) == c]
            chosen |= set(choose(lambda iso: h(q, iso), members, n))
        yes_sets[s] = chosen
        answers += [(iso, q, yes_code if iso in chosen else "no") for iso in pool]

    # 4. ungrouped single-answer questions: respondents are the largest part of the pool that fits
    #    every figure printed for the question (the same Parties skip, nested), yes by propensity
    by_question = {}
    for s, d in defs.items():
        if d["denominator"] != "mentions" and s not in grouped:
            by_question.setdefault(d["question"], []).append(s)
    skip_order = sorted(pool, key=lambda iso: h("skip", iso))

    def tier(iso, kind):
        p = by_iso[iso]
        t = 0 if (p["ldc"] == "yes" or p["sids"] == "yes") else {"EEG": 2, "WEOG": 3}.get(p["group"], 1)
        return t if kind == "need" else 3 - t

    for q, sids in sorted(by_question.items()):
        def fits(n):
            for s in sids:
                t = TARGETS[s]
                if "count" in t and t["count"] > n:
                    return False
                if "percent" in t:
                    if "count" in t and pct(t["count"], n) != t["percent"]:
                        return False
                    if not any(pct(k, n) == t["percent"] for k in range(n + 1)):
                        return False
            return True
        n = next((n for n in range(len(pool), 0, -1) if fits(n)), None)
        if n is None:
            fail("no respondent count fits question %d" % q)
        resp = sorted(skip_order[:n])
        kind = PROPENSITY.get(sids[0], "need")
        order = sorted(resp, key=lambda iso: (tier(iso, kind) * 2 ** 32 + SPREAD * int(h(q, iso)[:8], 16), iso))
        given, pos = {}, 0
        for s in sids:
            t = TARGETS[s]
            if "count" in t:
                k = t["count"]
            else:
                ks = [k for k in range(n + 1) if pct(k, n) == t["percent"]]
                k = min(ks, key=lambda k: (abs(Fraction(100 * k, n) - t["percent"]), k))
            for iso in order[pos:pos + k]:
                given[iso] = defs[s]["answers"][0]
            yes_sets[s] = set(order[pos:pos + k])
            pos += k
        if pos > n:
            fail("question %d: more answers than respondents" % q)
        answers += [(iso, q, given.get(iso, "no")) for iso in resp]

    # 5. multi-answer questions (denominator: mentions)
    multi = {}
    for s, d in defs.items():
        if d["denominator"] == "mentions":
            multi.setdefault(d["question"], []).append(s)
    for q, sids in sorted(multi.items()):
        conf = MULTI_ANSWER.get(q)
        if conf is None:
            fail("question %d: no MULTI_ANSWER entry" % q)
        resp = sorted(yes_sets[conf["parent"]])
        n = len(resp)
        shares = [TARGETS[s]["percent"] for s in sids]
        total = None
        m = -(-conf["per_respondent"].numerator * n // conf["per_respondent"].denominator)
        while m <= n * len(sids):
            ranges = [[c for c in range(1, n + 1) if pct(c, m) == sh] for sh in shares]
            if all(ranges) and sum(r[0] for r in ranges) <= m <= sum(r[-1] for r in ranges) and m >= n:
                total = m
                break
            m += 1
        if total is None:
            fail("question %d: no total of answers reproduces the printed shares" % q)
        counts = [min(r, key=lambda c: (abs(Fraction(c * 100, total) - sh), c)) for r, sh in zip(ranges, shares)]
        while sum(counts) != total:  # move towards the total within each share's range
            step = 1 if sum(counts) < total else -1
            movable = [j for j in range(len(sids)) if counts[j] + step in ranges[j]]
            if not movable:
                fail("question %d: cannot reach %d answers" % (q, total))
            j = max(movable, key=lambda j: (step * (Fraction(shares[j] * total, 100) - counts[j]), -j))
            counts[j] += step
        load = {iso: 0 for iso in resp}
        for s, c in sorted(zip(sids, counts), key=lambda x: (-x[1], x[0])):
            code = defs[s]["answers"][0]
            pick = sorted(resp, key=lambda iso: (load[iso], h(q, code, iso)))[:c]
            for iso in pick:
                load[iso] += 1
                answers.append((iso, q, code))
        if min(load.values()) < 1:
            fail("question %d: a respondent gave no answer" % q)
    return answers


# ---------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------
def compute(parties, answers, d):
    """count and percent of one statistic, overall and per group: {None|group: (count, denom)}"""
    q, wanted = d["question"], set(d["answers"])
    given = {}
    mentions = {}
    for r in answers:
        if r["question"] == q:
            given.setdefault(r["party"], set()).add(r["answer"])
            mentions[r["party"]] = mentions.get(r["party"], 0) + 1
    out = {}
    for g in [None] + list(d["groups"]):
        members = [p["iso3"] for p in parties if g is None or in_group(p, g)]
        count = sum(1 for iso in members if given.get(iso, set()) & wanted)
        if d["denominator"] == "respondents":
            denom = sum(1 for iso in members if iso in given)
        elif d["denominator"] == "parties":
            denom = len(members)
        else:
            denom = sum(mentions.get(iso, 0) for iso in members)
        out[g] = (count, denom)
    return out


def check(countries_path=None):
    problems = []
    pc, parties = _read_csv(PARTIES_CSV)
    ac, answers = _read_csv(ANSWERS_CSV)
    defs = read_statistics()
    if not pc:
        problems.append("parties.csv: the first line must be a '# ...' comment on the source")
    if not ac or not ac.startswith("# SYNTHETIC:"):
        problems.append("answers.csv: the first line must be a '# SYNTHETIC: ...' comment")
    isos = [p["iso3"] for p in parties]
    if len(set(isos)) != len(isos):
        problems.append("parties.csv: duplicate iso3")
    for p in parties:
        if p["group"] not in REGIONS:
            problems.append("parties.csv: %s: group %r is not a regional group" % (p["iso3"], p["group"]))
        if p["ldc"] not in ("yes", "no") or p["sids"] not in ("yes", "no"):
            problems.append("parties.csv: %s: ldc/sids must be yes or no" % p["iso3"])
    known = set(isos)
    keys = []
    for r in answers:
        if r["party"] not in known:
            problems.append("answers.csv: unknown party " + r["party"])
        if not r["question"].isdigit():
            problems.append("answers.csv: question %r is not a number" % r["question"])
            continue
        r["question"] = int(r["question"])
        keys.append((r["party"], r["question"], r["answer"]))
    if keys != sorted(set(keys)):
        problems.append("answers.csv: rows are not sorted by party, question, answer, or are repeated")
    if countries_path and os.path.exists(countries_path):  # flags still those of the shared data?
        with open(countries_path, encoding="utf-8", newline="") as f:
            ref = {r["iso3"]: r for r in csv.DictReader(f)}
        for p in parties:
            r = ref.get(p["iso3"])
            if r is None:
                problems.append("parties.csv: %s is not in countries.csv" % p["iso3"])
            elif (p["ldc"] == "yes") != (r["ldc"] == "1") or (p["sids"] == "yes") != (r["sids"] == "1"):
                problems.append("parties.csv: %s: LDC/SIDS flags differ from countries.csv" % p["iso3"])
    for s in TARGETS:
        if s not in defs:
            problems.append("statistics.yaml: no definition for " + s)
    for s in defs:
        if s not in TARGETS:
            problems.append("statistics.yaml: %s has no printed figure to check against" % s)

    rows, mismatches, tolerated = [], 0, 0
    for s, t in TARGETS.items():
        if s not in defs:
            continue
        d = defs[s]
        res = compute(parties, answers, d)
        figures = []
        if "question" in t:
            figures.append(("question", t["question"], d["question"]))
        c, n = res[None]
        if "count" in t:
            figures.append(("count", t["count"], c))
        if "percent" in t:
            figures.append(("percent", t["percent"], pct(c, n) if n else None))
        for g, v in t.get("groups", {}).items():
            if g not in res:
                figures.append(("percent " + g, v, None))
                continue
            gc, gn = res[g]
            figures.append(("percent " + g, v, pct(gc, gn) if gn else None))
        for what, target, got in figures:
            note = ""
            if target == got:
                status = "ok"
            elif (s, what) in UNREPRODUCIBLE:
                status, note = "known", UNREPRODUCIBLE[(s, what)]
                tolerated += 1
            else:
                status = "MISMATCH"
                mismatches += 1
            base = ""
            if what == "count" or what == "percent":
                base = "%d/%d" % (c, n)
            elif what.startswith("percent "):
                base = "%d/%d" % res[what.split()[1]] if what.split()[1] in res else ""
            rows.append((s, t["para"], what, str(target), "-" if got is None else str(got), base, status, note))

    w = [max(len(r[i]) for r in rows + [("statistic", "para", "figure", "target", "computed", "count/denom", "status", "")])
         for i in range(7)]
    head = ("statistic", "para", "figure", "target", "computed", "count/denom", "status")
    print("  ".join(x.ljust(w[i]) for i, x in enumerate(head)).rstrip())
    print("  ".join("-" * w[i] for i in range(7)))
    for r in rows:
        print("  ".join(x.ljust(w[i]) for i, x in enumerate(r[:7])).rstrip() + (("  (" + r[7] + ")") if r[7] else ""))
    groups = {g: sum(in_group(p, g) for p in parties) for g in GROUPS}
    print()
    print("Parties: %d (%s)" % (len(parties), ", ".join("%s %d" % (g, groups[g]) for g in GROUPS)))
    print("answers.csv: %d rows, %d questions" % (len(answers), len({r["question"] for r in answers})))
    print("figures: %d checked, %d ok, %d known unreproducible, %d mismatched"
          % (len(rows), len(rows) - mismatches - tolerated, tolerated, mismatches))
    for p in problems:
        print("problem: " + p)
    return 1 if (mismatches or problems) else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only recompute and compare the statistics")
    ap.add_argument("--countries", default=COUNTRIES_CSV, help="path of shared/data/countries.csv")
    args = ap.parse_args()
    if args.check:
        sys.exit(check(args.countries))
    if not os.path.exists(args.countries):
        fail("cannot find %s (use --countries PATH)" % args.countries)
    parties = build_parties(args.countries)
    defs = read_statistics()
    answers = build_answers(parties, defs)
    for path, text in ((PARTIES_CSV, parties_text(parties)), (ANSWERS_CSV, answers_text(answers))):
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.replace(tmp, path)
            print("wrote " + os.path.basename(path))
        else:
            print(os.path.basename(path) + " unchanged")
    sys.exit(check(args.countries))


if __name__ == "__main__":
    main()
