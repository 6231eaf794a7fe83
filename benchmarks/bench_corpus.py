"""Corpus mode (issue 16): documents per second, peak memory, and one-shot start-up.

    python benchmarks/bench_corpus.py [--docs 200|2000] [--runs 3] [--no-dask] [--startup-only] [--startup-runs 11]

* **Corpus**: the corpus texts (../shared/corpus/*.txt) split at paragraph breaks into 200
  documents of about equal size (``--docs 2000``: ten copies of those 200 under other names),
  written to a temporary folder.  Each document is read by ``batch.extract_one``
  (``--format jsonl`` values) with :func:`citekit.corpus.execute`: one by one in this process
  (``jobs=1``), this process and one forked from it (``--jobs 2``), and a Dask ``LocalCluster`` of 2 worker
  processes (started once, not timed; its start-up is printed).  Medians of ``--runs``; the
  Dask output is compared with the pool's (it must be identical).  Peak memory: ``citekit extract
  DIR --format jsonl -o FILE --jobs N`` run as a command, the largest resident set of it and its
  workers (``getrusage(RUSAGE_CHILDREN).ru_maxrss``).
* **Start-up**: ``citekit check ../shared/corpus/000a.txt`` from the shell, this tree against a
  commit (``--base``, default ``HEAD``; issue 16's target is against ``a1385bd``: ``git archive``,
  plus the field model if untracked), alternating, median of ``--startup-runs``, each with
  byte-code cached (a temporary ``PYTHONPYCACHEPREFIX``; ``PYTHONDONTWRITEBYTECODE`` removed) and
  the knowledge-base and model caches warm, as a user's second run is.  Wall and CPU seconds
  (the child's user + system time): on a shared machine CPU is the steadier figure.
* The in-process rates also give the CPU seconds of this process and of the pool's workers, and
  from them what ``--jobs 2`` would give on two idle cores: one process's CPU time over the
  larger of the parent's and its one forked worker's (the parent takes items too,
  :func:`citekit.corpus._run_forked`).

The machine is shared: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def make_documents(folder: Path, n: int = 200, copies: int = 1) -> list[Path]:
    """Split the corpus texts at blank lines into ``n`` documents (each text into a number of
    pieces proportional to its size, cut where the running size passes each equal share),
    written as ``folder/dCC-NNNN.txt``; ``copies`` > 1 writes the set again under other names.
    Returns the paths."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    total = sum(len(t) for t in texts)
    exact = [n * len(t) / total for t in texts]
    shares = [max(1, int(x)) for x in exact]
    for k in sorted(range(len(texts)), key=lambda k: exact[k] - int(exact[k]), reverse=True)[: n - sum(shares)]:
        shares[k] += 1  # largest remainders: the shares add up to n
    docs: list[str] = []
    for t, share in zip(texts, shares):
        paras = t.split("\n\n")
        size = len(t) / share
        cur: list[str] = []
        run = 0
        made = 0
        for i, p in enumerate(paras):
            cur.append(p)
            run += len(p) + 2
            left = len(paras) - i - 1
            if made < share - 1 and (run >= size * (made + 1) or left <= share - 1 - made):
                docs.append("\n\n".join(cur))
                cur, made = [], made + 1
        docs.append("\n\n".join(cur))
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for c in range(copies):
        for i, d in enumerate(docs):
            p = folder / f"d{c:02d}-{i:04d}.txt"
            p.write_text(d, encoding="utf-8")
            out.append(p)
    return out


#: Loaded once per process, not memos of a text (as in bench_extract.py): the knowledge base, the
#: field parser's model and its gazetteer of places.  (Clearing the model too made every timed run
#: load it again, about 0.1 s of 0.3 s for 200 documents: in one process inside the run, with
#: ``--jobs 2`` in the parent before the fork, where nothing else runs; fixed 2026-12-01.)
_RESOURCES = {"bundled", "_model", "places"}


def clear_memos() -> None:
    """Empty every ``functools.lru_cache`` of citekit but :data:`_RESOURCES`: each timed run meets
    the documents as new texts, in this process and in the workers forked from it."""
    for name, mod in list(sys.modules.items()):
        if name.startswith("citekit") and mod is not None:
            for v in vars(mod).values():
                if hasattr(v, "cache_clear") and getattr(v, "__module__", "").startswith("citekit") and getattr(v, "__name__", "") not in _RESOURCES:
                    v.cache_clear()


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def corpus_rates(folder: Path, runs: int, dask: bool) -> None:
    from citekit.batch import expand, extract_one
    from citekit.corpus import execute

    items = expand([str(folder)])
    opts = {"format": "jsonl", "corpus": True}
    n = len(items)
    execute(extract_one, items[:3], opts, jobs=1)  # imports, knowledge base, patterns: not timed

    cpu: dict[str, tuple[float, float]] = {}

    def timed(**kw):
        times, last, own, kids = [], None, [], []
        for _ in range(runs):
            clear_memos()
            c0, k0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            last = execute(extract_one, items, opts, merge_records=True, **kw)
            times.append(time.perf_counter() - t0)
            k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            own.append(time.process_time() - c0)
            kids.append(k1.ru_utime + k1.ru_stime - k0.ru_utime - k0.ru_stime)
        cpu[str(kw.get("jobs", kw.get("engine")))] = (statistics.median(own), statistics.median(kids))
        return statistics.median(times), times, last

    print(f"{n} documents, {sum(p.stat().st_size for p in folder.iterdir()) / 1e6:.2f} MB; {_load()}")
    one, t1, (r1, c1) = timed(jobs=1)
    print(f"  one process : {n / one:7.1f} docs/s  (median of {runs}: {one:.2f} s; runs {', '.join(f'{t:.2f}' for t in t1)})")
    two, t2, (r2, c2) = timed(jobs=2)
    print(f"  --jobs 2    : {n / two:7.1f} docs/s  ({two:.2f} s; runs {', '.join(f'{t:.2f}' for t in t2)}) = {one / two:.2f}x one process")
    same = [x.value for x in r1] == [x.value for x in r2] and c1 == c2
    print(f"  pool output identical to one process: {same}; {len(c2.records)} corpus records from {c2.file_records}")
    (one_cpu, _), (parent, workers) = cpu["1"], cpu["2"]
    print(f"  CPU: one process {one_cpu:.3f} s; --jobs 2 parent {parent:.3f} s + workers {workers:.3f} s"
          f" -> on two idle cores about {one_cpu / max(parent, workers):.2f}x one process")
    if dask:
        from dask.distributed import LocalCluster

        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        start = time.perf_counter() - t0
        try:
            execute(extract_one, items[:4], opts, engine="dask", scheduler=cluster.scheduler_address)  # workers import citekit
            d, td, (rd, cd) = timed(engine="dask", scheduler=cluster.scheduler_address)
        finally:
            cluster.close()
        same = [x.value for x in rd] == [x.value for x in r2] and cd == c2
        if not same:  # name the first difference (another tree edited under a running benchmark shows here)
            diff = next((a.name for a, b in zip(r2, rd) if a.value != b.value), "the merged records")
            print(f"  (dask and pool differ first at {diff})")
        print(f"  dask 2 procs: {n / d:7.1f} docs/s  ({d:.2f} s; runs {', '.join(f'{t:.2f}' for t in td)}) = {one / d:.2f}x one process;"
              f" cluster start {start:.1f} s; output identical to the pool: {same}")


def peak_memory(folder: Path, jobs: int) -> tuple[float, float, float]:
    """(wall seconds, peak MB, CPU seconds of all its processes) of ``citekit extract FOLDER
    --format jsonl -o FILE --jobs N`` as a command."""
    out = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    code = (f"import resource, subprocess, sys, time; t=time.perf_counter(); "
            f"subprocess.run([sys.executable, '-m', 'citekit', 'extract', {str(folder)!r}, '--format', 'jsonl', '-o', {str(out)!r}, '--jobs', '{jobs}', '-q']); "
            f"u=resource.getrusage(resource.RUSAGE_CHILDREN); print(time.perf_counter()-t, u.ru_maxrss, u.ru_utime+u.ru_stime)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    out.unlink()
    secs, kb, cpu = res.stdout.split()
    return float(secs), int(kb) / 1024, float(cpu)


def startup(runs: int, prev_model: str | None = None, base: str = "HEAD") -> None:
    """``citekit check 000a.txt`` from the shell: commit ``base`` against this tree.
    ``prev_model``: a field-parser model file for the previous commit when its own (untracked
    in git) is no longer in the working tree; it is copied under the name that commit's
    ``citekit/fields/crf.py`` expects."""
    tmp = Path(tempfile.mkdtemp(prefix="citekit-startup-"))
    try:
        prev = tmp / "prev"
        prev.mkdir()
        archive = subprocess.run(["git", "archive", base], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(prev)], input=archive, check=True)
        model = ROOT / "citekit" / "fields" / "data"
        if model.is_dir() and not (prev / "citekit" / "fields" / "data").is_dir():
            shutil.copytree(model, prev / "citekit" / "fields" / "data")  # untracked in git, part of the install
        if prev_model:
            import re

            src = (prev / "citekit" / "fields" / "crf.py").read_text(encoding="utf-8")
            m = re.search(r"fields\.(?:crfsuite|npz)", src)
            shutil.copy(prev_model, prev / "citekit" / "fields" / "data" / (m.group(0) if m else Path(prev_model).name))
        head = subprocess.run(["git", "rev-parse", "--short", base], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pyc")
        env["CITEKIT_CACHE_DIR"] = str(tmp / "kb")
        text = str(CORPUS / "000a.txt")
        trees = {f"commit {head}": prev, "this tree": ROOT}
        cmd = {name: [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(t)!r}); from citekit.cli import main; sys.exit(main(sys.argv[1:]))",
                      "check", text] for name, t in trees.items()}
        for name, c in cmd.items():  # byte-code compiled, knowledge-base cache written
            r = subprocess.run(c, capture_output=True, env=env)
            if r.returncode not in (0, 1):
                sys.exit(f"{name} cannot check 000a.txt (exit {r.returncode}): {r.stderr.decode()[-300:]}"
                         "\n(the previous commit's model is untracked: give one with --prev-model FILE)")
            where = subprocess.run([c[0], "-c", f"import sys; sys.path.insert(0, {str(trees[name])!r}); import citekit; print(citekit.__file__)"],
                                   capture_output=True, text=True, env=env).stdout.strip()
            assert where.startswith(str(trees[name])), (name, where)
        times: dict[str, list[float]] = {name: [] for name in cmd}
        cpus: dict[str, list[float]] = {name: [] for name in cmd}
        ratios: list[float] = []
        outs: dict[str, bytes] = {}
        for _ in range(runs):
            for name, c in cmd.items():
                u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                r = subprocess.run(c, capture_output=True, env=env)
                times[name].append(time.perf_counter() - t0)
                u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus[name].append(u1.ru_utime + u1.ru_stime - u0.ru_utime - u0.ru_stime)
                outs[name] = r.stdout
            (_, ca), (_, cb) = cpus.items()
            ratios.append(cb[-1] / ca[-1])  # pair by pair: the machine's speed drifts less within a pair
        print(f"citekit check 000a.txt from the shell, median of {runs} alternating runs; {_load()}")
        meds = {name: statistics.median(ts) for name, ts in times.items()}
        for name, ts in times.items():
            print(f"  {name:<28} wall {meds[name]:.3f} s (min {min(ts):.3f}, max {max(ts):.3f}),"
                  f" CPU {statistics.median(cpus[name]):.3f} s (min {min(cpus[name]):.3f})")
        a, b = meds.values()
        print(f"  ratio this tree / commit {head}: wall {b / a:.2f}, CPU {statistics.median(ratios):.2f} (median of the pairs)"
              f"  (output identical: {len(set(outs.values())) == 1})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200, choices=(200, 2000))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--startup-only", action="store_true")
    ap.add_argument("--corpus-only", action="store_true")
    ap.add_argument("--startup-runs", type=int, default=11)
    ap.add_argument("--prev-model", metavar="FILE", help="the field model for the base commit when the working tree has another")
    ap.add_argument("--base", default="HEAD", help="the commit the start-up is compared with (issue 16: a1385bd)")
    args = ap.parse_args()
    if not args.corpus_only:
        startup(args.startup_runs, args.prev_model, args.base)
    if args.startup_only:
        return
    with tempfile.TemporaryDirectory(prefix="citekit-corpus-") as d:
        folder = Path(d) / "docs"
        make_documents(folder, 200, copies=args.docs // 200)
        corpus_rates(folder, args.runs, not args.no_dask)
        print(f"as commands, `citekit extract DIR --format jsonl -o FILE --jobs N` (start-up included), median of {args.runs}; {_load()}")
        base = None
        for jobs in (1, 2):
            runs = [peak_memory(folder, jobs) for _ in range(args.runs)]
            secs = statistics.median(r[0] for r in runs)
            base = base or secs
            cpu = statistics.median(r[2] for r in runs)
            print(f"  --jobs {jobs}: {secs:.2f} s = {len(list(folder.iterdir())) / secs:.1f} docs/s ({base / secs:.2f}x --jobs 1),"
                  f" CPU {cpu:.2f} s in all processes, peak RSS {max(r[1] for r in runs):.0f} MB (largest process)")


if __name__ == "__main__":
    main()
