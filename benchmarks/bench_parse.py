"""Speed of the field parser: references parsed per second.

    python benchmarks/bench_parse.py [--n 2000] [--shared ../shared/training]

Parses ``n`` reference strings (AnyStyle's and GROBID's held-out documents, repeated to
``n`` if needed) in process with ``citekit.parse_references`` (one process; median of 5 runs,
the model loaded before timing; wall and CPU time), and from the shell with ``citekit parse
FILE`` (process start, imports and model load included; for 400 lines or more it parses in
all cores' worker processes, forked once the model is loaded: ``citekit.corpus.map_in_order``),
median of ``--shell-runs`` after one untimed run (byte-code and the model cache written, as for
a user's second run).  The target (issue 11): ``citekit parse`` >= 2,000 references/s.  The
load average is printed: on a shared machine a second worker process gets no idle core.
"""

from __future__ import annotations

import argparse
import os
import resource
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
    ap.add_argument("--shell-runs", type=int, default=3)
    args = ap.parse_args(argv)
    held = corpora.split(corpora.anystyle(args.shared / "anystyle" / "core.xml"))[1]
    held += corpora.split(corpora.grobid(args.shared / "grobid" / "citation-corpus.tar.gz", exclude_cjk=True))[1]
    lines = [ex.text for ex in held]
    lines = (lines * (args.n // len(lines) + 1))[: args.n]
    chars = sum(map(len, lines))
    citekit.parse_reference("warm up: Hobsbawm, Eric. The Age of Extremes. London, 1994.")
    times, cpu = [], []
    for _ in range(5):
        c0 = time.process_time()
        t0 = time.perf_counter()
        citekit.parse_references(lines)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    med, mcpu = statistics.median(times), statistics.median(cpu)
    one, five, _ = os.getloadavg()
    print(f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores")
    print(f"in process, one process: {len(lines)} references ({chars / len(lines):.0f} characters each) in {med:.2f} s "
          f"(median of 5) = {len(lines) / med:,.0f} references/s; CPU {mcpu:.2f} s = {len(lines) / mcpu:,.0f} references per CPU second")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cmd = [sys.executable, "-m", "citekit", "parse", fh.name]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)  # byte-code and the model cache written
    walls, cpus = [], []
    for _ in range(args.shell_runs):
        u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        walls.append(time.perf_counter() - t0)
        u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(u1.ru_utime + u1.ru_stime - u0.ru_utime - u0.ru_stime)
    dt = statistics.median(walls)
    print(f"citekit parse from the shell: {len(lines)} references in {dt:.2f} s (median of {len(walls)}; min {min(walls):.2f})"
          f" = {len(lines) / dt:,.0f} references/s; CPU {statistics.median(cpus):.2f} s in all its processes")
    Path(fh.name).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
