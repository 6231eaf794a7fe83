"""Checker recall against the corpus's gold problems, and its speed.

    python benchmarks/check_corpus.py [CORPUS_DIR]   (default: ../shared/corpus)

For each text: every gold problem whose type is a citekit rule type counts as
found when a reported problem has that type and an overlapping span.  Prints
recall per text, the reports that match no gold problem (to review by hand:
see docs/rules.md, "Reports beyond the gold"), and the time of extract + check.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from citekit import extract
from citekit.checks import RULES, check

ROOT = Path(__file__).resolve().parent.parent
TYPES = {r.name for r in RULES.values()}


def score(corpus: Path, name: str) -> dict:
    text_path = corpus / f"{name}.txt"
    gold_path = corpus / "gold" / name / "problems.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()] if gold_path.exists() else []
    typed = [g for g in gold if g["type"] in TYPES]
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        problems = check(extract(text_path))
        times.append(time.perf_counter() - t0)
    found = [g for g in typed if any(p.type == g["type"] and p.start < g["end"] and g["start"] < p.end for p in problems)]
    beyond = [p for p in problems if not any(p.start < g["end"] and g["start"] < p.end for g in gold)]
    return {
        "name": name,
        "gold": len(typed),
        "found": len(found),
        "recall": len(found) / len(typed) if typed else 1.0,
        "reported": len(problems),
        "missed": [g for g in typed if g not in found],
        "beyond": beyond,
        "ms": statistics.median(times) * 1000,
    }


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus"
    worst = 1.0
    for t in sorted(corpus.glob("*.txt")):
        r = score(corpus, t.stem)
        worst = min(worst, r["recall"])
        print(f"{r['name']:<6} gold {r['gold']:>2}  found {r['found']:>2}  recall {r['recall']:.2f}  reported {r['reported']:>3}  "
              f"extract+check {r['ms']:.0f} ms")
        for g in r["missed"]:
            print(f"    MISSED {g['type']} {g['start']}-{g['end']}: {g['detail'][:90]}")
        for p in r["beyond"]:
            print(f"    beyond gold: {p.code} {p.type} line {p.line}: {p.message[:100]}")
    print(f"lowest recall {worst:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
