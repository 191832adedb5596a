#!/usr/bin/env python3
"""`make bench`: Plenary against a Python + Jinja2 peer and against the libxml2 floor.

    python3 bench/run.py [--count 1000] [--runs 3] [--work /tmp/plenary-bench] [--plenary PATH]
                         [--sample 8] [--no-peer] [--peer-jobs2] [--no-results]

1. Generates a synthetic meeting of COUNT notes (bench/gen.py) in WORK (outside the repository).
2. Times, side by side and interleaved (round 1 of every configuration, then round 2, …), each
   configuration RUNS times, into an empty output folder each time:
     plenary   XML only and XML + HTML, --jobs 1 and --jobs 2 (release build)
     peer      the same documents with bench/peer/peer.py (Python, PyYAML, Jinja2), one process
     floor     libxml2 (lxml) parsing and serialising Plenary's own output, no rendering
   and a no-op `plenary build` of the bundled meeting (a second build into the same folder).
3. Checks on a sample of documents that the peer and Plenary produce the same elements,
   attributes and text (bench/compare.py), in the XML, the HTML and each figure's SVG file.
4. Prints documents/s, MB/s, CPU time, peak RSS and the ratios; keeps every raw run in
   bench/runs/<date>.json (git-ignored) and appends the medians to bench/RESULTS.md.

A document is one note in one language (COUNT notes × 2 languages); for XML + HTML it is both
files of that language.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import compare  # noqa: E402

TRIVIAL_PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- bench: a trivial page, so that a build costs (almost) only its Akoma Ntoso XML. -->
<html xmlns:t="urn:plenary:template"><body><p>{doc.symbol}</p></body></html>
"""
TRIVIAL_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns:t="urn:plenary:template"><body><p>index</p></body></html>
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_measured(command, cwd, stdout_path=None):
    """Runs `command`, returns wall seconds, CPU seconds, peak RSS (MB), exit code and stdout."""
    out = open(stdout_path or os.devnull, "wb")
    err_path = (stdout_path or "/tmp/plenary-bench-stderr") + ".err"
    err = open(err_path, "wb")
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    out.close()
    err.close()
    text = open(stdout_path).read() if stdout_path else ""
    error = open(err_path, errors="replace").read()
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "user": usage.ru_utime, "sys": usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024.0, "exit": process.returncode, "stdout": text[-2000:],
            "stderr": error[-2000:], "load": os.getloadavg()[0]}


# The notes gen.py wrote (n0001 …): the documents the bench counts and compares. Plenary also
# builds the provisional agenda (cp-6-1), which the peer skips; its two small files are left out.
NOTES = "n[0-9]*"


def count_files(folder, extension):
    return len(glob.glob(os.path.join(folder, NOTES, "*." + extension)))


def folder_bytes(folder, extension):
    return sum(os.path.getsize(p) for p in glob.glob(os.path.join(folder, NOTES, "*." + extension)))


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"host": platform.node(), "cores": os.cpu_count(), "cpu": model, "kernel": platform.release(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)}


def versions(plenary):
    def output(command):
        try:
            return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    import jinja2
    import yaml
    from lxml import etree
    dirty = output(["git", "status", "--porcelain", "--untracked-files=no", "--", "Sources", "Package.swift", "Templates"])
    return {
        "commit": output(["git", "rev-parse", "--short", "HEAD"]),
        "sources_modified": len([line for line in dirty.splitlines() if line.strip()]),
        "swift": output(["swift", "--version"]).splitlines()[0] if output(["swift", "--version"]) else "",
        "python": platform.python_version(), "jinja2": jinja2.__version__, "pyyaml": yaml.__version__,
        "yaml_loader": "CSafeLoader" if getattr(yaml, "__with_libyaml__", False) else "SafeLoader (pure Python)",
        "lxml": etree.__version__, "libxml2_lxml": ".".join(map(str, etree.LIBXML_VERSION)),
        "libxml2_system": output(["pkg-config", "--modversion", "libxml-2.0"]),
        "plenary": os.path.relpath(plenary, REPO) if plenary.startswith(REPO) else plenary,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=os.environ.get("BENCH_WORK", "/tmp/plenary-bench"))
    parser.add_argument("--plenary", default=os.path.join(REPO, ".build-bench", "release", "plenary"))
    parser.add_argument("--templates", default=os.path.join(REPO, "Templates"))
    parser.add_argument("--sample", type=int, default=8, help="notes checked peer against Plenary (× languages × formats)")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--peer-jobs2", action="store_true", help="also time the peer with 2 processes")
    parser.add_argument("--noop-runs", type=int, default=5)
    parser.add_argument("--no-results", action="store_true", help="do not append to bench/RESULTS.md")
    args = parser.parse_args()
    if args.runs < 1:
        sys.exit("--runs must be at least 1")
    plenary = os.path.abspath(args.plenary)
    if not os.access(plenary, os.X_OK):
        sys.exit("bench: no Plenary binary at %s (bench/run.sh builds it)" % plenary)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    templates = os.path.abspath(args.templates)
    stamp = datetime.datetime.now(datetime.timezone.utc)
    info = {"date": stamp.strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(), "versions": versions(plenary),
            "count": args.count, "runs": args.runs}

    # 1. The meeting.
    meeting_name = "bench-%d" % args.count
    meeting = os.path.join(work, "meetings", meeting_name)
    log("bench: generating %d notes in %s" % (args.count, meeting))
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--count", str(args.count), "--out", meeting], check=True)
    source_bytes = sum(os.path.getsize(os.path.join(r, n)) for r, _, ns in os.walk(meeting) for n in ns)
    documents = args.count * 2
    stats = os.path.join(work, "stats.json")
    with open(stats, "w") as f:
        subprocess.run([plenary, "stats", meeting, "--format", "json", "--templates", templates], check=True, stdout=f, cwd=work)

    # XML only: Plenary's own switch if it has one, else templates whose pages are trivial.
    help_text = subprocess.run([plenary, "build", "--help"], capture_output=True, text=True).stdout
    if "--formats" in help_text:
        xml_only = ["--formats", "akn"]
        xml_only_templates = templates
        info["xml_only"] = "plenary build --formats akn"
    else:
        xml_only = []
        xml_only_templates = os.path.join(work, "templates-xml-only")
        shutil.rmtree(xml_only_templates, ignore_errors=True)
        shutil.copytree(templates, xml_only_templates)
        for name in ("note.html.xml", "decision.html.xml"):
            with open(os.path.join(xml_only_templates, name), "w") as f:
                f.write(TRIVIAL_PAGE)
        with open(os.path.join(xml_only_templates, "index.html.xml"), "w") as f:
            f.write(TRIVIAL_INDEX)
        info["xml_only"] = "approximation: Templates/ copy whose HTML pages are trivial (plenary has no --formats)"

    outputs = os.path.join(work, "out")

    def plenary_run(jobs, xml):
        def command(out):
            return [plenary, "build", os.path.join("meetings", meeting_name), "--output", out, "--jobs", str(jobs),
                    "--quiet", "--templates", xml_only_templates if xml else templates] + (xml_only if xml else [])
        return command

    def peer_run(jobs, xml):
        def command(out):
            return [sys.executable, os.path.join(HERE, "peer", "peer.py"), meeting, "--out", out, "--stats", stats,
                    "--templates", templates, "--formats", "akn" if xml else "akn,html", "--jobs", str(jobs)]
        return command

    configs = [
        ("plenary-xml-j1", "plenary", "xml", 1, plenary_run(1, True)),
        ("plenary-xml-j2", "plenary", "xml", 2, plenary_run(2, True)),
        ("plenary-all-j1", "plenary", "all", 1, plenary_run(1, False)),
        ("plenary-all-j2", "plenary", "all", 2, plenary_run(2, False)),
    ]
    if not args.no_peer:
        configs += [("peer-xml-j1", "peer", "xml", 1, peer_run(1, True)),
                    ("peer-all-j1", "peer", "all", 1, peer_run(1, False))]
        if args.peer_jobs2:
            configs.append(("peer-all-j2", "peer", "all", 2, peer_run(2, False)))

    # 2. The runs, interleaved. Every run starts from an empty output folder (Plenary skips
    #    documents whose inputs did not change since the last build into the same folder).
    raw = {name: [] for name, *_ in configs}
    raw["floor-xml"], raw["floor-all"] = [], []
    kept = {}
    for round_ in range(1, args.runs + 1):
        for name, tool, formats, jobs, command in configs:
            out = os.path.join(outputs, name)
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            result = run_measured(command(out), cwd=work, stdout_path=os.path.join(work, name + ".stdout"))
            folder = os.path.join(out, meeting_name)
            result["xml_files"] = count_files(folder, "xml")
            result["html_files"] = count_files(folder, "html")
            expected_html = documents if formats == "all" else None
            ok = result["exit"] == 0 and result["xml_files"] == documents and (
                expected_html is None or result["html_files"] == expected_html)
            result["ok"] = ok
            if tool == "peer" and result["stdout"].strip():
                try:
                    result["peer"] = json.loads(result["stdout"].strip().splitlines()[-1])
                except ValueError:
                    pass
            raw[name].append({k: v for k, v in result.items() if k not in ("stdout",)})
            log("bench: round %d %-15s %7.2f s wall %7.2f s CPU %6.1f MB%s" % (
                round_, name, result["wall"], result["cpu"], result["rss_mb"],
                "" if ok else "  FAILED (exit %d, %d xml, %d html): %s" % (
                    result["exit"], result["xml_files"], result["html_files"], result["stderr"][-300:])))
            kept[name] = folder
        # The floor, on the files this round's Plenary XML + HTML build wrote.
        for floor_name, formats in (("floor-xml", "xml"), ("floor-all", "xml,html")):
            result = run_measured([sys.executable, os.path.join(HERE, "floor.py"), kept["plenary-all-j1"], "--formats", formats],
                                  cwd=work, stdout_path=os.path.join(work, floor_name + ".stdout"))
            try:
                result.update(json.loads(result["stdout"].strip().splitlines()[-1]))
                result["ok"] = result["exit"] == 0
            except (ValueError, IndexError):
                result["ok"] = False
            raw[floor_name].append({k: v for k, v in result.items() if k != "stdout"})
            log("bench: round %d %-15s %7.2f s parse+serialise (%s)" % (round_, floor_name, result.get("seconds", float("nan")),
                                                                         "ok" if result["ok"] else result["stderr"][-300:]))

    xml_bytes = folder_bytes(kept["plenary-all-j1"], "xml")
    html_bytes = folder_bytes(kept["plenary-all-j1"], "html")

    # 3. Same content: the peer against Plenary on a sample of documents.
    checks = {"checked": 0, "same": 0, "identical_bytes": 0, "differences": []}
    if not args.no_peer:
        step = max(1, args.count // max(1, args.sample))
        sample = ["n%04d" % i for i in range(1, args.count + 1, step)][:args.sample]
        checks["svg"] = 0
        for doc in sample:
            for lang in ("en", "zh"):
                # The document's two files, and the figures' SVG files written beside the XML
                # (`en.figure-1.svg`) by either side: one missing on the other side differs.
                figures = sorted({os.path.basename(p) for side in ("plenary-all-j1", "peer-all-j1")
                                  for p in glob.glob(os.path.join(kept[side], doc, "%s.figure-*.svg" % lang))})
                checks["svg"] += len(figures)
                for name in ["%s.xml" % lang, "%s.html" % lang] + figures:
                    a = os.path.join(kept["plenary-all-j1"], doc, name)
                    b = os.path.join(kept["peer-all-j1"], doc, name)
                    checks["checked"] += 1
                    missing = [side for side, path in (("Plenary", a), ("the peer", b)) if not os.path.exists(path)]
                    if missing:
                        difference, same_bytes = "not written by " + " and ".join(missing), False
                    else:
                        difference, same_bytes = compare.compare(a, b)
                    if difference:
                        checks["differences"].append("%s/%s: %s" % (doc, name, difference))
                    else:
                        checks["same"] += 1
                        checks["identical_bytes"] += same_bytes
        log("bench: peer vs Plenary: %d sampled notes × 2 languages, their XML, HTML and %d figures' SVG files" % (
            len(sample), checks["svg"]))
        log("bench: peer vs Plenary on %d files: %d the same (%d byte for byte)%s" % (
            checks["checked"], checks["same"], checks["identical_bytes"],
            "".join("\n  " + d for d in checks["differences"][:10])))

    # 4. A no-op build of the bundled meeting: the second build into the same folder.
    noop_out = os.path.join(work, "noop")
    shutil.rmtree(noop_out, ignore_errors=True)
    noop_command = [plenary, "build", "Meetings/bs-copmop-6", "--output", noop_out, "--quiet", "--templates", templates]
    prime = run_measured(noop_command, cwd=REPO)
    noop = []
    for _ in range(args.noop_runs):
        noop.append(run_measured(noop_command, cwd=REPO))
    raw["noop-bundled"] = [{k: v for k, v in r.items() if k != "stdout"} for r in [prime] + noop]
    noop_ok = prime["exit"] == 0 and all(r["exit"] == 0 for r in noop)
    log("bench: no-op build of the bundled meeting: first %.3f s, then %s s" % (
        prime["wall"], ", ".join("%.3f" % r["wall"] for r in noop)))

    # 5. Summary.
    def med(name, key="wall"):
        values = [r[key] for r in raw.get(name, []) if r.get("ok", True) and key in r]
        return statistics.median(values) if values else None

    rows = []
    for name, tool, formats, jobs, _ in configs:
        wall = med(name)
        produced = xml_bytes + (html_bytes if formats == "all" else 0)
        rows.append({"name": name, "what": "%s %s, --jobs %d" % (tool, "XML" if formats == "xml" else "XML+HTML", jobs),
                     "wall": wall, "cpu": med(name, "cpu"), "rss": max((r["rss_mb"] for r in raw[name]), default=None),
                     "docs_per_s": documents / wall if wall else None, "mb_per_s": produced / 1e6 / wall if wall else None,
                     "runs": len(raw[name]), "ok": all(r["ok"] for r in raw[name])})
    for name, formats in (("floor-xml", "xml"), ("floor-all", "all")):
        seconds = med(name, "seconds")
        produced = xml_bytes + (html_bytes if formats == "all" else 0)
        rows.append({"name": name, "what": "floor: libxml2 (lxml) parse+serialise %s (every file held in memory)" % ("XML" if formats == "xml" else "XML+HTML"),
                     "wall": seconds, "cpu": None, "rss": max((r["rss_mb"] for r in raw[name]), default=None),
                     "docs_per_s": documents / seconds if seconds else None,
                     "mb_per_s": produced / 1e6 / seconds if seconds else None,
                     "runs": len(raw[name]), "ok": all(r["ok"] for r in raw[name])})
    by = {row["name"]: row for row in rows}

    def ratio(a, b):
        return a / b if a and b else None

    targets = []
    peer_xml = by.get("peer-xml-j1")
    t1 = ratio(by["plenary-xml-j1"]["docs_per_s"], peer_xml["docs_per_s"] if peer_xml else None)
    targets.append(("XML rendering ≥10× the peer's documents/s, one core (plenary-xml-j1 / peer-xml-j1)",
                    "%.1f×" % t1 if t1 else "n/a", t1 is not None and t1 >= 10))
    t2 = by["plenary-all-j2"]["wall"]
    targets.append(("%d×2 batch XML+HTML under 2 s wall, --jobs 2" % args.count, "%.2f s" % t2 if t2 else "n/a",
                    t2 is not None and t2 < 2.0))
    t3 = ratio(by["plenary-xml-j1"]["wall"], by["floor-xml"]["wall"])
    t3b = ratio(by["plenary-all-j1"]["wall"], by["floor-all"]["wall"])
    targets.append(("per document within 2× of the libxml2 floor (plenary-xml-j1 / floor-xml; XML+HTML: plenary-all-j1 / floor-all)",
                    "%.1f× (XML+HTML %.1f×)" % (t3, t3b) if t3 and t3b else "n/a", t3 is not None and t3 <= 2.0))
    t4 = ratio(by["plenary-all-j1"]["wall"], by["plenary-all-j2"]["wall"])
    t4x = ratio(by["plenary-xml-j1"]["wall"], by["plenary-xml-j2"]["wall"])
    targets.append(("--jobs 2 ≥1.7× faster than --jobs 1 (XML+HTML; XML only)",
                    "%.2f× (XML only %.2f×)" % (t4, t4x) if t4 and t4x else "n/a", t4 is not None and t4 >= 1.7))
    t5 = max(by[n]["rss"] for n in ("plenary-xml-j1", "plenary-xml-j2", "plenary-all-j1", "plenary-all-j2"))
    targets.append(("peak RSS under 100 MB (largest Plenary run)", "%.0f MB" % t5, t5 < 100))
    t6 = statistics.median(r["wall"] for r in noop) if noop else None
    targets.append(("no-op `plenary build` of the bundled meeting under 50 ms", "%.0f ms" % (t6 * 1000) if t6 else "n/a",
                    noop_ok and t6 is not None and t6 < 0.05))

    def f(value, spec):
        return "–" if value is None else spec % value

    table = ["| run | wall s (median) | CPU s | documents/s | MB/s | peak RSS MB | runs |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        table.append("| %s%s | %s | %s | %s | %s | %s | %d |" % (
            row["what"], "" if row["ok"] else " **(FAILED)**", f(row["wall"], "%.2f"), f(row["cpu"], "%.2f"),
            f(row["docs_per_s"], "%.0f"), f(row["mb_per_s"], "%.1f"), f(row["rss"], "%.0f"), row["runs"]))
    table.append("| no-op build of the bundled meeting (its 6 documents) | %s | %s | | | %s | %d |" % (
        f(t6, "%.3f"), f(statistics.median(r["cpu"] for r in noop) if noop else None, "%.3f"),
        f(max(r["rss_mb"] for r in noop) if noop else None, "%.0f"), len(noop)))
    ratios = ["| ratio | value |", "|---|---:|"]
    ratios.append("| Plenary / peer, documents/s, XML, one core | %s |" % f(t1, "%.1f×"))
    ratios.append("| Plenary / peer, documents/s, XML+HTML, one core | %s |" % f(
        ratio(by["plenary-all-j1"]["docs_per_s"], by["peer-all-j1"]["docs_per_s"]) if "peer-all-j1" in by else None, "%.1f×"))
    ratios.append("| Plenary / floor, time per document, XML (--jobs 1) | %s |" % f(t3, "%.1f×"))
    ratios.append("| Plenary / floor, time per document, XML+HTML (--jobs 1) | %s |" % f(t3b, "%.1f×"))
    ratios.append("| --jobs 1 / --jobs 2 wall, XML+HTML | %s |" % f(t4, "%.2f×"))
    ratios.append("| --jobs 1 / --jobs 2 wall, XML only | %s |" % f(t4x, "%.2f×"))
    goal = ["| target | measured | met |", "|---|---|---|"]
    for what, measured, met in targets:
        goal.append("| %s | %s | %s |" % (what, measured, "yes" if met else "**no**"))

    v, m = info["versions"], info["machine"]
    loads = [r["load"] for name in raw for r in raw[name] if "load" in r]
    # Other processes on the machine slow the wall times down, --jobs 2 most of all: say so.
    single = [r for name, *_ in configs if name.endswith("-j1") for r in raw[name] if r.get("ok")]
    share = sum(r["cpu"] for r in single) / sum(r["wall"] for r in single) if single else 1.0
    contention = ""
    if share < 0.95 or (loads and max(loads) > 2.5):
        contention = ("**Contention:** the one-process runs got %.0f%% of a core on average (CPU s / wall s; the rest is "
                      "waiting for the disk — Plenary syncs every file it writes, the peer does not — or for other "
                      "processes) and the load average reached %.1f on %d cores. Where other processes were running, "
                      "the wall times, and the --jobs 2 speed-up most of all, are pessimistic; the CPU times are not.\n" % (
                          100 * share, max(loads), m["cores"]))
    peer_phases = ""
    peer_runs = [r["peer"]["timing"] for r in raw.get("peer-all-j1", []) if "peer" in r]
    if peer_runs:
        keys = ("load", "resolve", "render", "write", "total")
        peer_phases = "Peer phases (XML+HTML, median s): " + ", ".join(
            "%s %.1f" % (k, statistics.median(t[k] for t in peer_runs)) for k in keys if all(k in t for t in peer_runs)) + ".\n"
    report = (
        "## %s — %s, %d cores, %s\n\n" % (info["date"], m["host"], m["cores"], m["cpu"])
        + "Plenary %s%s (`%s`), %s; libxml2 %s. Peer: Python %s, Jinja2 %s, PyYAML %s with %s. "
          "Floor: lxml %s on libxml2 %s. Load average during the runs %.1f–%.1f (other work on the machine).\n\n" % (
            v["commit"], " + %d modified source files" % v["sources_modified"] if v["sources_modified"] else "",
            v["plenary"], v["swift"], v["libxml2_system"], v["python"], v["jinja2"], v["pyyaml"], v["yaml_loader"],
            v["lxml"], v["libxml2_lxml"], min(loads), max(loads))
        + "Batch: %d notes × 2 languages = %d documents (copies of cp-6-7, %.0f MB of sources; Plenary also builds the "
          "provisional agenda, not counted); output %.0f MB XML + "
          "%.0f MB HTML. XML only: %s. Median of %d runs; a document is one note in one language.\n\n" % (
            args.count, documents, source_bytes / 1e6, xml_bytes / 1e6, html_bytes / 1e6, info["xml_only"], args.runs)
        + "\n".join(table) + "\n\n" + "\n".join(ratios) + "\n\n" + "\n".join(goal) + "\n\n"
        + contention + peer_phases
        + ("Peer against Plenary: %d files of %d sampled notes compared (XML, HTML and %d figures' SVG); %d have the same "
           "elements, attributes and text (%d byte for byte)%s.\n" % (checks["checked"], args.sample, checks.get("svg", 0),
                                                                    checks["same"], checks["identical_bytes"],
                                         "; differences: " + "; ".join(checks["differences"][:5]) if checks["differences"] else "")
           if checks["checked"] else "")
    )
    print()
    print(report)

    runs_dir = os.path.join(HERE, "runs")
    os.makedirs(runs_dir, exist_ok=True)
    raw_path = os.path.join(runs_dir, stamp.strftime("%Y-%m-%dT%H%M%SZ") + ".json")
    with open(raw_path, "w") as out:
        json.dump({"info": info, "raw": raw, "rows": rows, "targets": targets, "checks": checks,
                   "bytes": {"sources": source_bytes, "xml": xml_bytes, "html": html_bytes}}, out, indent=1)
    log("bench: raw runs in %s" % os.path.relpath(raw_path, REPO))
    if not args.no_results:
        path = os.path.join(HERE, "RESULTS.md")
        if not os.path.exists(path):
            with open(path, "w") as out:
                out.write("# Benchmark results\n\n`make bench` (bench/run.sh) appends one section per run; the raw runs are in "
                          "bench/runs/ (not committed). See bench/README.md for what is measured.\n\n")
        with open(path, "a") as out:
            out.write(report + "\n")
        log("bench: appended to bench/RESULTS.md")
    failed = [row["name"] for row in rows if not row["ok"]] + ([] if noop_ok else ["noop-bundled"])
    if failed or checks["differences"]:
        log("bench: FAILED runs: %s%s" % (", ".join(failed) or "none", "; peer differs from Plenary" if checks["differences"] else ""))
        sys.exit(1)


if __name__ == "__main__":
    main()
