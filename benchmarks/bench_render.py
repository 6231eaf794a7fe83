"""Time CSL rendering end to end: N entries + N citations in one style.

    python benchmarks/bench_render.py [--entries 1000] [--style chicago-author-date]

Builds N synthetic history/political-theory items (books, chapters, articles;
1-5 authors, shared surnames so that disambiguation and year-suffixes happen),
cites each once in N clusters with page locators, and renders the citations and
the bibliography through citekit's engine (citeproc-py + citekit.citeproc_compat).
Target (issue 3): 1,000 + 1,000 in chicago-author-date within 5 s on this machine.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = ["Carr", "Nove", "Deutscher", "Medvedev", "Liebman", "Cliff", "Serge", "Schapiro", "Reed", "Harman",
            "Davies", "Fitzpatrick", "Pipes", "Figes", "Rabinowitch", "Smith", "Service", "Kotkin", "Lewin", "Cohen"]
GIVEN = ["Edward", "Alec", "Isaac", "Roy", "Marcel", "Tony", "Victor", "Leonard", "John", "Chris", "Robert",
         "Sheila", "Richard", "Orlando", "Alexander", "Stephen", "Moshe", "Ana", "Lars", "Eric"]
WORDS = ["Revolution", "Soviet", "State", "Party", "Workers", "Bolshevik", "Economy", "Russia", "Power", "Class",
         "History", "Socialism", "Peasants", "Industry", "Democracy", "Terror", "Stalin", "Lenin", "Trotsky", "Planning"]


def make_items(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    items = []
    for i in range(n):
        k = rnd.choice([1, 1, 1, 2, 2, 3, 4, 5])
        authors = [{"family": rnd.choice(SURNAMES), "given": rnd.choice(GIVEN)} for _ in range(k)]
        title = " ".join(rnd.sample(WORDS, rnd.randint(2, 6)))
        kind = rnd.choice(["book", "book", "chapter", "article-journal"])
        item = {"id": f"item{i}", "type": kind, "author": authors, "title": f"The {title}",
                "issued": {"date-parts": [[rnd.randint(1917, 2020)]]}}
        if kind == "book":
            item.update(publisher=rnd.choice(["Macmillan", "Pluto Press", "Verso", "Penguin"]),
                        **{"publisher-place": rnd.choice(["London", "New York", "Moscow"])})
        elif kind == "chapter":
            item.update({"container-title": f"Essays on the {rnd.choice(WORDS)}", "page": f"{rnd.randint(1, 300)}-{rnd.randint(301, 400)}",
                         "publisher": "Verso", "editor": [{"family": rnd.choice(SURNAMES), "given": rnd.choice(GIVEN)}]})
        else:
            item.update({"container-title": rnd.choice(["Soviet Studies", "Slavic Review", "Critique"]),
                         "volume": str(rnd.randint(1, 60)), "issue": str(rnd.randint(1, 4)), "page": f"{rnd.randint(1, 300)}-{rnd.randint(301, 400)}"})
        items.append(item)
    return items


def main(argv: list[str]) -> int:
    n = int(argv[argv.index("--entries") + 1]) if "--entries" in argv else 1000
    style = argv[argv.index("--style") + 1] if "--style" in argv else "chicago-author-date"
    from citekit.render import Bibliography

    items = make_items(n)
    rnd = random.Random(11)
    clusters = [(0, [{"id": it["id"], "locator": str(rnd.randint(1, 500)), "label": "page"}]) for it in items]
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        cites, entries = Bibliography(items).render_document(clusters, style, fmt="html")
        runs.append(time.perf_counter() - t0)
    total = sorted(runs)[1]
    print(f"style {style}: {n} citations + {len(entries)} entries, median of 3 runs {total:.2f} s "
          f"({(n + len(entries)) / total:.0f} entries+citations/s); target <= 5 s")
    print("sample:", cites[0], "|", entries[0])
    js = _citeproc_js(items, clusters, style)
    if js is not None:
        print(f"citeproc-js, same job, median of 3 runs in node: {js:.2f} s; citekit / citeproc-js = {total / js:.2f} "
              "(issue 17: <= 1)")
    return 0


def _citeproc_js(items: list[dict], clusters: list, style: str) -> float | None:
    """citeproc-js's median time for the same job (``benchmarks/citeproc_js/bench.js``), or None
    with the reason on stderr when node or the npm package ``citeproc`` is missing (NODE_PATH,
    else ``benchmarks/citeproc_js/node_modules``: ``npm install --prefix benchmarks/citeproc_js citeproc``)."""
    import json
    import os
    import shutil
    import subprocess
    import tempfile

    from citekit.render import find_style

    node = shutil.which("node")
    here = ROOT / "benchmarks" / "citeproc_js"
    node_path = os.environ.get("NODE_PATH") or str(here / "node_modules")
    if node is None or not any((Path(p) / "citeproc").is_dir() for p in node_path.split(os.pathsep)):
        print("citeproc-js: not measured (needs node and the npm package citeproc on NODE_PATH)", file=sys.stderr)
        return None
    import citeproc

    path = find_style(style)
    xml = path.read_text(encoding="utf-8")
    import re

    lang = (re.search(r'default-locale="([^"]+)"', xml) or [None, "en-US"])[1]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump({"items": items, "clusters": [cites for _, cites in clusters]}, fh)
    try:
        out = subprocess.run([node, str(here / "bench.js"), fh.name, str(path), citeproc.LOCALES_PATH, lang, "3"],
                             env=dict(os.environ, NODE_PATH=node_path), capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(fh.name)
    if out.returncode != 0:
        print("citeproc-js failed:", out.stderr.strip()[-500:], file=sys.stderr)
        return None
    res = json.loads(out.stdout)
    print("citeproc-js sample:", res["sample"][0], "|", res["sample"][1], f"({res['entries']} entries)")
    return sorted(res["seconds"])[len(res["seconds"]) // 2]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
