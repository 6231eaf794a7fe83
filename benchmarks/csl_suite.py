"""Run the official CSL processor fixtures through citekit's renderer.

    python benchmarks/csl_suite.py DIR [--failures FILE] [-v]   (DIR: ../shared/csl-test-suite)

Each fixture (MODE, CSL, INPUT, CITATION-ITEMS / CITATIONS, BIBENTRIES, RESULT)
is rendered with citekit's engine (citeproc-py through citekit.citeproc_compat) and
compared with RESULT as the citeproc-js test runner compares: citations one per
line (``..[i]``/``>>[i]`` when CITATIONS are given; ``>>`` marks each citation
whose text changed in the last step), bibliographies as ``<div class="csl-bib-body">``
with one ``<div class="csl-entry">`` per entry.  Fixtures that test
citeproc-js-only features (bibliography headers, BIBSECTION) are counted as
failures, not skipped.  Ends with the line ``passed N of M``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SECTION = re.compile(r">>=+\s*(?P<name>[A-Z-]+)\s*=+>>\n?(?P<body>.*?)\n?<<=+\s*(?P=name)\s*=+<<", re.DOTALL)


def parse_fixture(path: Path) -> dict[str, str]:
    return {m.group("name"): m.group("body") for m in _SECTION.finditer(path.read_text(encoding="utf-8"))}


def run_fixture(fx: dict[str, str]) -> list[str]:
    from citekit.citeproc_compat import Cite, Engine

    style = fx["CSL"].encode("utf-8")
    items = json.loads(fx["INPUT"])
    for i, ref in enumerate(items):
        ref.setdefault("id", i)
        ref["id"] = str(ref["id"])
        ref.setdefault("type", "book")
    mode = fx.get("MODE", "citation").strip()
    if mode == "bibliography-header" or fx.get("BIBSECTION"):
        raise NotImplementedError(mode)

    def cites(group: list[dict]) -> list:
        return [Cite.from_json(x) for x in group]

    engine = Engine(style, items)
    out: list[str] = []
    if fx.get("CITATIONS"):
        clusters: dict[str, tuple[int, list]] = {}
        previous: dict[str, str] = {}
        order: list[str] = []
        now: dict[str, str] = {}
        changed: set[str] = set()
        for entry in json.loads(fx["CITATIONS"]):
            c, pre, post = entry[0], entry[1], entry[2]
            cid = c.get("citationID") or f"c{len(clusters)}"
            notes = {p[0]: p[1] for p in pre + post}
            for pid, note in notes.items():
                if pid in clusters:
                    clusters[pid] = (note, clusters[pid][1])
            clusters[cid] = (c.get("properties", {}).get("noteIndex", 0), cites(c["citationItems"]))
            order = [p[0] for p in pre if p[0] in clusters] + [cid] + [p[0] for p in post if p[0] in clusters]
            engine = Engine(style, items)
            texts = engine.cite_clusters([clusters[i] for i in order])
            now = dict(zip(order, texts))
            # citeproc-js's processCitationCluster always returns the citation it was
            # given, re-submitted with the same text or not (integration_DuplicateItem)
            changed = {i for i in order if previous.get(i) != now[i]} | {cid}
            previous = now
        if mode == "citation":
            return [f"{'>>' if cid in changed else '..'}[{n}] {now[cid]}" for n, cid in enumerate(order)]
    elif fx.get("CITATION-ITEMS"):
        groups = json.loads(fx["CITATION-ITEMS"])
        texts = engine.cite_clusters([(n + 1, cites(g)) for n, g in enumerate(groups)])
        if mode == "citation":
            return [x for t in texts for x in t.split("\n")]
    else:
        ids = json.loads(fx["BIBENTRIES"])[-1] if fx.get("BIBENTRIES") else [r["id"] for r in items]
        group = [Cite(i) for i in ids]
        if mode == "citation":
            return engine.cite_clusters([(1, group)])[0].split("\n")
        engine.register(group)
    out.append('<div class="csl-bib-body">')
    for entry in engine.bibliography_entries():
        if entry.startswith("\n"):  # display="…" divs carry citeproc-js's own line breaks
            out.append(f'  <div class="csl-entry">{entry}</div>')
        elif '<div class="csl-left-margin">' in entry or '<div class="csl-block">' in entry:
            out.append('  <div class="csl-entry">')
            out.append("    " + entry)
            out.append("  </div>")
        else:
            out.append(f'  <div class="csl-entry">{entry}</div>')
    out.append("</div>")
    return [x for chunk in out for x in chunk.split("\n")]


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    verbose = "-v" in argv
    folder = Path(args[0]) if args else ROOT.parent / "shared" / "csl-test-suite"
    failures_file = None
    if "--failures" in argv:
        failures_file = Path(argv[argv.index("--failures") + 1])
        args = [a for a in args if Path(a) != failures_file]
    files = sorted(folder.glob("*.txt"))
    passed, failed = 0, []
    for f in files:
        fx = parse_fixture(f)
        try:
            got = run_fixture(fx)
            ok = got == fx.get("RESULT", "").splitlines()
        except Exception as exc:  # a fixture that crashes the engine is a failure
            ok = False
            got = [f"{type(exc).__name__}: {exc}"]
        if ok:
            passed += 1
        else:
            failed.append(f.stem)
            if verbose:
                print(f"FAIL {f.stem}\n  want: {fx.get('RESULT', '')[:200]!r}\n  got:  {' | '.join(got)[:200]!r}")
    if failures_file:
        failures_file.write_text("".join(name + "\n" for name in failed), encoding="utf-8")
    print(f"passed {passed} of {len(files)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
