"""Speed of the field parser: references parsed per second.

    python benchmarks/bench_parse.py [--n 2000] [--shared ../shared/training]

Parses ``n`` reference strings (AnyStyle's and GROBID's held-out documents, repeated to
``n`` if needed) in process with ``citekit.parse_references`` (median of 5 runs, the model
loaded before timing), and once from the shell with ``citekit parse FILE`` (process start,
imports and model load included).  The target (issue 11): ``citekit parse`` >= 2,000
references/s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "training"), str(ROOT)]

import corpora  # noqa: E402

import citekit  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "training")
    args = ap.parse_args(argv)
    held = corpora.split(corpora.anystyle(args.shared / "anystyle" / "core.xml"))[1]
    held += corpora.split(corpora.grobid(args.shared / "grobid" / "citation-corpus.tar.gz", exclude_cjk=True))[1]
    lines = [ex.text for ex in held]
    lines = (lines * (args.n // len(lines) + 1))[: args.n]
    chars = sum(map(len, lines))
    citekit.parse_reference("warm up: Hobsbawm, Eric. The Age of Extremes. London, 1994.")
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        citekit.parse_references(lines)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"in process: {len(lines)} references ({chars / len(lines):.0f} characters each) in {med:.2f} s "
          f"(median of 5) = {len(lines) / med:,.0f} references/s")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "citekit", "parse", fh.name], check=True, stdout=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    print(f"citekit parse from the shell: {len(lines)} references in {dt:.2f} s = {len(lines) / dt:,.0f} references/s")
    Path(fh.name).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
