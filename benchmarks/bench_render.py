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
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
