"""Extraction speed, in process, warm, median of several runs.

    python benchmarks/bench_extract.py [FILE ...]   (default: ../shared/corpus/*.txt)

Prints MB/s and citations/s per file, then the time of adversarial inputs
(every pattern must be linear-time).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from citekit.knowledge import bundled
from citekit.pipeline import extract_text

ROOT = Path(__file__).resolve().parent.parent


def bench(text: str, runs: int = 7) -> tuple[float, int]:
    kb = bundled()
    extract_text(text, kb=kb)  # warm: knowledge base loaded, patterns compiled
    times = []
    n = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        ex = extract_text(text, kb=kb)
        times.append(time.perf_counter() - t0)
        n = len(ex.citations)
    return statistics.median(times), n


def main(argv: list[str]) -> None:
    files = [Path(a) for a in argv] or sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    for f in files:
        text = f.read_text(encoding="utf-8")
        t, n = bench(text)
        mb = len(text.encode("utf-8")) / 1e6
        print(f"{f.name:<14} {mb:6.3f} MB  {t * 1000:8.1f} ms  {mb / t:7.1f} MB/s  {n / t:9.0f} citations/s")
    print("adversarial inputs (1 MB each):")
    for name, text in [
        ("((((", "(" * 1_000_000),
        ("))((", ")" * 500_000 + "(" * 500_000),
        ("(p. 1 ×", "(p. 1" * 200_000),
        (".1.1.1", ".1" * 500_000),
        ("punctuation", ("().,;:[]“”‘’-–" * 80_000)[:1_000_000]),
    ]:
        t0 = time.perf_counter()
        extract_text(text)
        print(f"  {name:<12} {time.perf_counter() - t0:6.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
