"""Run the official CSL processor fixtures through citekit's renderer.

    python benchmarks/csl_suite.py DIR [--failures FILE] [-v]   (DIR: ../shared/csl-test-suite)

Each fixture (MODE, CSL, INPUT, CITATION-ITEMS / CITATIONS, BIBENTRIES, RESULT)
is rendered with citekit.render.load_style (citeproc-py underneath, through
citekit's compatibility layer once it exists) and compared with RESULT as the
citeproc-js test runner compares: citations one per line (``..[i]``/``>>[i]``
when CITATIONS are given), bibliographies as ``<div class="csl-bib-body">``
with one ``<div class="csl-entry">`` per entry.  Fixtures that test
citeproc-js-only features (bibliography headers, BIBSECTION) are counted as
failures, not skipped.  Ends with the line ``passed N of M``.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SECTION = re.compile(r">>=+\s*(?P<name>[A-Z-]+)\s*=+>>\n?(?P<body>.*?)\n?<<=+\s*(?P=name)\s*=+<<", re.DOTALL)


def parse_fixture(path: Path) -> dict[str, str]:
    return {m.group("name"): m.group("body") for m in _SECTION.finditer(path.read_text(encoding="utf-8"))}


def run_fixture(fx: dict[str, str]) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source import Locator
    from citeproc.source.json import CiteProcJSON

    from citekit.render import load_style

    style = load_style(fx["CSL"].encode("utf-8"))
    items = json.loads(fx["INPUT"])
    for i, ref in enumerate(items):
        ref.setdefault("id", i)
        ref["id"] = str(ref["id"])
        ref.setdefault("type", "book")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(items)
    bib = CitationStylesBibliography(style, source, formatter.html)

    def item(data: dict) -> CitationItem:
        opts = {}
        for k, v in data.items():
            if k in ("id", "label"):
                continue
            if k == "locator":
                opts["locator"] = Locator(data.get("label", "page"), v)
            else:
                opts[k.replace("-", "_")] = v
        return CitationItem(str(data["id"]), **opts)

    mode = fx.get("MODE", "citation").strip()
    numbered = False
    if fx.get("CITATION-ITEMS"):
        citations = [Citation([item(x) for x in group]) for group in json.loads(fx["CITATION-ITEMS"])]
    elif fx.get("CITATIONS"):
        numbered = True
        citations = []
        for entry in json.loads(fx["CITATIONS"]):
            c = entry[0]
            cit = Citation([item(x) for x in c["citationItems"]])
            cit.key = c.get("citationID")
            cit.note_index = c.get("properties", {}).get("noteIndex", 0)
            citations.append(cit)
    elif fx.get("BIBENTRIES"):
        citations = [Citation([item({"id": x}) for x in json.loads(fx["BIBENTRIES"])[-1]])]
    else:
        citations = [Citation([item({"id": r["id"]}) for r in items])]
    for c in citations:
        bib.register(c)
    if style.has_bibliography():
        bib.sort()
    out: list[str] = []
    if mode == "citation":
        for i, c in enumerate(citations):
            text = bib.cite(c, lambda _: None)
            out.append(f"{'>>' if i == len(citations) - 1 else '..'}[{i}] {text}" if numbered else str(text))
    elif mode.startswith("bibliography"):
        if mode == "bibliography-header" or fx.get("BIBSECTION"):
            raise NotImplementedError(mode)
        out.append('<div class="csl-bib-body">')
        for entry in bib.bibliography():
            out.append(f'  <div class="csl-entry">{entry}</div>')
        out.append("</div>")
    lines = [x for chunk in out for x in str(chunk).split("\n")]
    return [x.replace("&amp;", "&#38;") for x in lines]


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
