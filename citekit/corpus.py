"""Corpus mode: thousands of texts in one run, one knowledge of the corpus (issue 16).

Three things on top of :mod:`citekit.batch` (which reads one input per worker call):

* **Engines** (:func:`execute`): the inputs run largest first, on a process pool of ``jobs``
  processes (``engine="process"``, the default: all cores; one job runs in this process) or
  as tasks on a Dask cluster (``engine="dask"``, ``scheduler`` an address such as
  ``tcp://10.0.0.5:8786``, else a ``LocalCluster`` of ``jobs`` worker processes).  Results
  come back in input order whatever the engine, so the output does not depend on it.
* **Corpus records** (:func:`merge`): each file's records are merged across files with the
  resolver's own rule (:func:`citekit.resolve.match_score`: authors fit and titles score
  ``>= TITLE_MATCH``; knowledge-base and periodical records by their key; title-less
  author-date records by their key), each merged record listing the files and lines that
  cite it.  On Dask the merge is a reduce task on the cluster.  :func:`corpus_problems`
  reports rule C601 (corpus-variant, docs/rules.md): one work under different titles or
  years in different files.
* **A cache** (:class:`Cache`, ``--cache DIR``): one JSON file per (file content hash,
  citekit version, field-model hash, knowledge-base hash, worker and options), so a re-run
  after editing one chapter re-reads one chapter.

Python: ``citekit.corpus.run(paths, engine="dask")`` returns a :class:`CorpusRun`.
Dask is imported only for ``engine="dask"`` (``pip install citekit-humanities[dask]``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from attrs import evolve, field, frozen

from .batch import FileResult, Input, Progress, expand
from .errors import CitekitError

#: The engines :func:`execute` knows.
ENGINES = ("process", "dask")


def default_jobs() -> int:
    """All cores this process may use (``os.sched_getaffinity`` where it exists, else ``os.cpu_count``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _size(item: Input) -> int:
    if item.path is None:
        return len(item.data or b"")
    try:
        return os.path.getsize(item.path)
    except OSError:
        return 0


# --- the cache -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _environment_hash() -> str:
    """Hash of what changes results besides the file: citekit's version, the trained field
    parser (every file of ``citekit/fields/data/``: the model) and the bundled knowledge base's files."""
    from . import __version__
    from .knowledge import references_dir

    h = hashlib.sha256(f"citekit {__version__}\0".encode())
    models = sorted((Path(__file__).resolve().parent / "fields" / "data").glob("*"))
    for p in [*models, *sorted(references_dir().glob("*"))]:
        if p.is_file():
            h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


@frozen
class Cache:
    """Per-file results kept in ``directory`` (created when missing), one ``<sha256>.json`` each.

    The key hashes the file's bytes, :func:`_environment_hash` (citekit version, field model,
    knowledge base), the worker's name, its options and the bytes of any ``--bib`` library,
    so a changed file, option, model or library is read again.  Writes are atomic (a temporary
    file renamed), so pool processes and Dask workers may share one directory.
    """

    directory: str

    def key(self, item: Input, worker: str, opts: dict[str, Any]) -> str:
        """The hex key of one input; reads the file's bytes (OSError propagates)."""
        h = hashlib.sha256(_environment_hash().encode())
        h.update(worker.encode() + b"\0" + json.dumps(opts, sort_keys=True, default=str).encode())
        for lib in opts.get("library") or ():
            if isinstance(lib, (str, os.PathLike)) and os.path.isfile(lib):
                h.update(Path(lib).read_bytes())
        h.update(item.name.encode() + b"\0")  # names appear in the output
        h.update(Path(item.path).read_bytes() if item.path is not None else (item.data or b""))
        return h.hexdigest()

    def get(self, key: str) -> FileResult | None:
        """The stored result, or None (missing or unreadable entries are misses)."""
        try:
            with open(os.path.join(self.directory, key + ".json"), encoding="utf-8") as fh:
                d = json.load(fh)
        except (OSError, ValueError):
            return None
        d["counts"] = tuple((tuple(k), n) for k, n in d.get("counts", ()))
        return FileResult(**d, cached=True)

    def put(self, key: str, res: FileResult) -> None:
        """Store a result (errors are not stored: an unreadable file is tried again)."""
        from attrs import asdict

        if res.error is not None:
            return
        d = asdict(res, recurse=False)
        d.pop("cached", None)
        os.makedirs(self.directory, exist_ok=True)
        tmp = os.path.join(self.directory, f".{key}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(d, fh, ensure_ascii=False)
        os.replace(tmp, os.path.join(self.directory, key + ".json"))


@frozen
class CachedWorker:
    """A worker wrapped by a :class:`Cache` (picklable: a process pool or Dask ships it)."""

    worker: Callable[..., FileResult]
    cache: Cache

    def __call__(self, item: Input, opts: dict[str, Any]) -> FileResult:
        name = getattr(self.worker, "__qualname__", repr(self.worker))
        key_opts = {k: v for k, v in opts.items() if k != "args"}
        if "args" in opts:  # citekit bib's worker: its options are the parsed arguments
            key_opts["args"] = {k: v for k, v in sorted(vars(opts["args"]).items()) if k not in ("output", "quiet", "verbose", "color")}
        if self.worker.__name__ == "check_one" and item.path is not None:
            from .batch import check_config

            key_opts["config"] = repr(check_config(Path(item.path).parent, opts))  # the pyproject.toml that applies
        try:
            key = self.cache.key(item, name, key_opts)
        except OSError:
            return self.worker(item, opts)  # reported by the worker as usual
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        res = self.worker(item, opts)
        try:
            self.cache.put(key, res)
        except OSError:  # a read-only cache is a slower run, not a failed one
            pass
        return res


# --- engines -------------------------------------------------------------------------------------


#: Bytes of input under which a run without an explicit ``jobs`` stays in this process: about
#: 50 ms of extraction, less than forking, warming up and feeding a pool (measured 2026-12-01).
SMALL_RUN = 100_000


def _call(worker: Callable[..., FileResult], opts: dict[str, Any], item: Input) -> FileResult:
    return worker(item, opts)


def execute(
    worker: Callable[..., FileResult],
    items: Sequence[Input | FileResult],
    opts: dict[str, Any],
    *,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    cache: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    merge_records: bool = False,
) -> tuple[list[FileResult], Corpus | None]:
    """Run ``worker(item, opts)`` on every :class:`Input` of ``items`` (largest first) with
    ``engine``; returns the FileResults in ``items`` order (FileResults in ``items`` — names that
    did not exist — pass through) and, with ``merge_records``, the :class:`Corpus` (``opts`` must
    then hold ``"corpus": True`` so the workers return their records).

    ``jobs``: processes (default :func:`default_jobs`, but inputs under :data:`SMALL_RUN` bytes in
    all run here: a pool costs more than they do; 1 runs here, without a pool) or Dask workers
    of a LocalCluster.  ``cache``: a directory for :class:`Cache`.
    Raises :class:`CitekitError` for an unknown engine or a missing Dask."""
    if engine not in ENGINES:
        raise CitekitError(f"unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
    explicit = jobs is not None and jobs > 0
    jobs = jobs if jobs is not None and jobs > 0 else default_jobs()
    if cache is not None:
        worker = CachedWorker(worker, Cache(str(cache)))
    todo = [(i, it) for i, it in enumerate(items) if isinstance(it, Input)]
    order = sorted(todo, key=lambda t: (-_size(t[1]), t[0]))  # largest first: the last task is a short one
    done: dict[int, FileResult] = {}
    merged: Corpus | None = None
    fn = functools.partial(_call, worker, opts)
    if engine == "dask":
        done, merged = _run_dask(fn, order, jobs, scheduler, progress, merge_records)
    elif jobs == 1 or len(order) <= 1 or (not explicit and sum(_size(it) for _, it in order) < SMALL_RUN):
        for i, it in order:
            done[i] = fn(it)
            if progress is not None:
                progress.advance(it.name)
    else:
        import multiprocessing as mp

        import gc

        forking = "fork" in mp.get_all_start_methods() and sys.platform != "darwin"
        workers = min(jobs, len(order))
        if forking:
            _warm_up()  # the workers inherit the knowledge base, the field model, compiled patterns
            gc.freeze()  # (the Python docs' advice before fork: the children's collections do not copy the heap)
            try:
                got = _run_forked(fn, [it for _, it in order], workers, progress)
            finally:
                gc.unfreeze()
            done = {i: got[k] for k, (i, _) in enumerate(order)}
        else:  # spawn (macOS, Windows): a pool of fresh interpreters, each importing citekit
            chunk = max(1, min(16, len(order) // (workers * 8)))  # a few hundred µs of IPC per task: batch small files
            with mp.get_context().Pool(workers) as pool:
                for (i, it), res in zip(order, pool.imap(fn, [it for _, it in order], chunksize=chunk)):
                    done[i] = res
                    if progress is not None:
                        progress.advance(it.name)
    out = [done[i] if isinstance(it, Input) else it for i, it in enumerate(items)]
    if progress is not None:
        for passed in items:
            if not isinstance(passed, Input):
                progress.advance("")
    if merge_records and merged is None:
        merged = merge([(r.name, r.corpus) for r in out if r.error is None and r.corpus is not None])
    return out, merged


def _take(counter: Any, lock: Any) -> int:
    """The next index of the shared largest-first order (one increment under the lock)."""
    with lock:
        j = counter.value
        counter.value = j + 1
    return j


def _drain(fn: Callable[[Input], FileResult], items: Sequence[Input], counter: Any, lock: Any, conn: Any) -> None:
    """A forked worker: take the next item of ``items`` until none is left, send ``(index,
    result)`` for each (``(index, exception)`` with a flag when ``fn`` raised), then close."""
    try:
        while (j := _take(counter, lock)) < len(items):
            try:
                conn.send((j, True, fn(items[j])))
            except Exception as exc:  # noqa: BLE001 - the parent re-raises it, as a pool would
                try:
                    conn.send((j, False, exc))
                except Exception:  # noqa: BLE001 - an exception that does not pickle
                    conn.send((j, False, CitekitError(f"{getattr(items[j], 'name', f'item {j}')}: {type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def _run_forked(fn: Callable[[Input], FileResult], items: Sequence[Input], workers: int,
                progress: Progress | None) -> list[FileResult]:
    """``[fn(it) for it in items]`` computed by this process and ``workers - 1`` processes forked
    from it, each taking the next item of ``items`` (largest first) from a shared counter until
    none is left.  This process works too, rather than waiting on a pool of ``workers``: on a
    2-core machine a pool leaves one core's worth of start-up and feeding idle (200 short
    documents: 1.31x one process with a pool of two, measured 2026-12-01 with
    ``benchmarks/bench_corpus.py``).  Results come back through one pipe per child, read by a
    thread of this process so that a child never waits on a full pipe.  An item a child took and
    did not return (the child was killed) is run here; an exception ``fn`` raised in a child is
    raised here after every child has ended, as :class:`multiprocessing.pool.Pool` would."""
    import multiprocessing as mp
    import threading
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork")
    counter, lock = ctx.RawValue("q", 0), ctx.Lock()
    for stream in (sys.stdout, sys.stderr):  # a child flushes what it inherited when it ends
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    children, conns = [], []
    for _ in range(workers - 1):
        r, w = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_drain, args=(fn, items, counter, lock, w), daemon=True)
        child.start()
        w.close()
        children.append(child)
        conns.append(r)
    results: dict[int, FileResult] = {}
    raised: list[BaseException] = []

    def collect() -> None:
        live = list(conns)
        while live:
            for c in wait(live):
                try:
                    j, ok, value = c.recv()
                except (EOFError, OSError):
                    live.remove(c)
                    c.close()
                    continue
                if ok:
                    results[j] = value
                    if progress is not None:
                        progress.advance(items[j].name)
                else:
                    raised.append(value)

    reader = threading.Thread(target=collect, name="citekit-results", daemon=True)
    reader.start()
    try:
        while (j := _take(counter, lock)) < len(items):
            results[j] = fn(items[j])
            if progress is not None:
                progress.advance(items[j].name)
    finally:
        reader.join()
        for child in children:
            child.join()
    if raised:
        raise raised[0]
    for j, it in enumerate(items):
        if j not in results:  # taken by a child that died before returning it
            results[j] = fn(it)
            if progress is not None:
                progress.advance(it.name)
    return [results[j] for j in range(len(items))]


#: A note that takes every stage (structure, detect, parse with the field model, resolve with the
#: knowledge base) once, so that what loads on first use is loaded before the pool forks.
_WARM_UP = "A claim.[1]\n\nNotes\n\n[1] E.H. Carr, The Bolshevik Revolution, Vol. 1, London 1950, p. 5; ibid., p. 7.\n"


#: Set once :func:`_warm_up` has run in this process: what it loads (modules, compiled patterns,
#: the knowledge base, the field model) stays loaded, so a second run (a library caller, the
#: benchmark's timed runs) does not pay it again in the parent while the workers wait.
_WARMED = False


def _warm_up() -> None:
    """Run :data:`_WARM_UP` through the pipeline and one reference through the field parser
    (whose model loads on first use) in this process, once; errors ignored: a warm-up only."""
    global _WARMED
    if _WARMED:
        return
    try:
        from .fields import parse_reference
        from .pipeline import extract_text

        extract_text(_WARM_UP)
        parse_reference("Carr, E. H. 1950. The Bolshevik Revolution, 1917-1923. Vol. 1. London: Macmillan.")
        _WARMED = True
    except Exception:  # noqa: BLE001 - a failed warm-up only costs the workers their own
        pass


#: Items under which :func:`map_in_order` stays in this process: 400 references are about
#: 0.25 s of field parsing, several times what forking and feeding two workers cost (measured
#: 2026-12-01 with ``benchmarks/bench_parse.py``).
MAP_MIN_ITEMS = 400


def map_in_order(fn_many: Callable[[list[Any]], list[Any]], items: Sequence[Any], *, jobs: int | None = None,
                 min_items: int = MAP_MIN_ITEMS, warm_up: Callable[[], Any] | None = None) -> list[Any]:
    """``fn_many(items)`` (a list of one result per item, in order), computed by up to ``jobs``
    processes (default :func:`default_jobs`) forked from this one when there are at least
    ``min_items`` items, each given contiguous pieces of ``items``; the results in ``items`` order
    either way.  ``warm_up`` runs here before the fork, so that what ``fn_many`` loads on first
    use (the field model) is loaded once and shared with the workers.  ``fn_many`` must be a
    module-level function (the pool pickles it by name).  Where processes cannot be forked
    (macOS, Windows), and for ``jobs`` 1, everything runs in this process.  Four pieces per
    worker: one that finishes early takes the next (:func:`_run_forked`: this process is one of
    the ``jobs``)."""
    import multiprocessing as mp

    items = list(items)
    jobs = jobs if jobs is not None and jobs > 0 else default_jobs()
    forking = "fork" in mp.get_all_start_methods() and sys.platform != "darwin"
    if jobs == 1 or len(items) < max(2, min_items) or not forking:
        return fn_many(items)
    import gc

    if warm_up is not None:
        warm_up()
    workers = min(jobs, len(items))
    k = min(len(items), workers * 4)
    bounds = [len(items) * i // k for i in range(k + 1)]
    chunks = [items[a:b] for a, b in zip(bounds, bounds[1:])]
    gc.freeze()  # the children's collections do not copy the inherited heap (Python docs on fork)
    try:
        parts = _run_forked(fn_many, chunks, workers, None)  # this process takes pieces too
    finally:
        gc.unfreeze()
    out = [r for part in parts for r in part]
    if len(out) != len(items):
        raise CitekitError(f"map_in_order: {len(out)} results for {len(items)} items")
    return out


def _reduce(results: list[FileResult], names: list[str]) -> Corpus:
    """The Dask reduce step: the results (in largest-first order) merged in input order."""
    by_name = {r.name: r for r in results}
    return merge([(n, by_name[n].corpus) for n in names if by_name[n].error is None and by_name[n].corpus is not None])


def _run_dask(fn, order, jobs, scheduler, progress, merge_records):
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise CitekitError("--engine dask needs Dask: pip install 'citekit-humanities[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        items = [it for _, it in order]
        futures = client.map(fn, items, pure=False)
        where = {f.key: n for n, f in enumerate(futures)}
        reduced = None
        if merge_records:
            names = [it.name for _, it in sorted(order, key=lambda t: t[0])]  # input order
            reduced = client.submit(_reduce, futures, names, pure=False)
        for fut in as_completed(futures):
            if progress is not None:
                progress.advance(items[where[fut.key]].name)
        results = client.gather(futures)
        done = {i: r for (i, _), r in zip(order, results)}
        return done, reduced.result() if reduced is not None else None
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- corpus records ------------------------------------------------------------------------------


def file_records(ex: Any) -> list[dict[str, Any]]:
    """One extraction's records for :func:`merge` (JSON-shaped, so they cache and ship):
    ``[{"key", "csl", "kb", "periodical", "places": [[line, column], ...]}]``, places being the
    1-based line and column in the file of each citation that names the record."""
    out = []
    cites = ex.citations
    for r in ex.records:
        places = []
        for i in r.sources:
            if 0 <= i < len(cites):
                places.append(list(ex.document.line_col(cites[i].start)))
        out.append({"key": r.key, "csl": dict(r.csl), "kb": r.kb, "periodical": r.periodical, "places": places})
    return out


@frozen
class CorpusRecord:
    """One work of the corpus: ``key`` (unique in the corpus), ``csl`` (CSL-JSON, ``id`` = key,
    merged: the first file's fields, gaps filled from later files), ``cited_in``: per file, in
    input order, ``(file, key in that file, ((line, column), ...))``; ``kb``: from the knowledge base."""

    key: str
    csl: dict[str, Any] = field(eq=False)
    cited_in: tuple[tuple[str, str, tuple[tuple[int, int], ...]], ...] = ()
    kb: bool = False
    periodical: bool = False
    #: per file: (file, title, year) as that file gives them (for rule C601)
    forms: tuple[tuple[str, str, str], ...] = field(default=(), eq=False)

    @property
    def files(self) -> tuple[str, ...]:
        """The files citing this work, in input order."""
        return tuple(dict.fromkeys(f for f, _, _ in self.cited_in))

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON item with ``citekit-cited-in``: ``[{"file", "key", "places": [[line, column]]}]``."""
        return {**self.csl, "citekit-cited-in": [{"file": f, "key": k, "places": [list(p) for p in pl]} for f, k, pl in self.cited_in]}


@frozen
class Corpus:
    """The merged records of a corpus, in order of first appearance (files in input order)."""

    records: tuple[CorpusRecord, ...] = ()
    #: records before merging (summed over files)
    file_records: int = 0


def _year(csl: dict[str, Any]) -> str:
    parts = (csl.get("issued") or {}).get("date-parts") if isinstance(csl.get("issued"), dict) else None
    try:
        return str(parts[0][0]) if parts and parts[0] and parts[0][0] else ""
    except (TypeError, IndexError, KeyError):
        return ""


class _Group:
    __slots__ = ("key", "csl", "kb", "periodical", "titles", "surnames", "cited_in", "forms", "order")

    def __init__(self, rec: dict[str, Any], order: int) -> None:
        self.key = rec["key"]
        self.csl = dict(rec["csl"])
        self.kb = bool(rec.get("kb"))
        self.periodical = bool(rec.get("periodical"))
        self.titles: dict[str, None] = {}
        self.surnames: dict[str, None] = {}
        self.cited_in: list[tuple[str, str, tuple[tuple[int, int], ...]]] = []
        self.forms: list[tuple[str, str, str]] = []
        self.order = order


def _work(csl: dict[str, Any]) -> Any:
    from .knowledge import work_from_csl

    return work_from_csl({**csl, "id": csl.get("id") or "x"})


def merge(files: Iterable[tuple[str, list[dict[str, Any]]]]) -> Corpus:
    """Merge per-file records (``(file name, file_records(ex))``, in input order) into one
    :class:`Corpus`.  Same work: the same knowledge-base or periodical key; else authors that fit
    and a title scoring ``>= resolve.TITLE_MATCH`` against any title the merged record has had
    (the resolver's author + title rule, best score, ties to the earlier record); records without
    a title (author-date keys with no reference entry) by their key.  Deterministic: the result
    depends only on the files' order and contents, not on which engine or worker ran them."""
    from .resolve import TITLE_MATCH, match_score

    groups: list[_Group] = []
    by_key: dict[tuple[str, str], _Group] = {}  # ("kb"|"periodical"|"untitled", key)
    by_initial: dict[str, list[_Group]] = {}  # first letter of a folded surname's last word ("" none)
    total = 0
    for name, recs in files:
        for rec in recs:
            total += 1
            csl = rec["csl"]
            title = str(csl.get("title") or "")
            g: _Group | None = None
            exact = "kb" if rec.get("kb") else "periodical" if rec.get("periodical") else "untitled" if not title else None
            w = _work(csl)
            if exact is not None:
                g = by_key.get((exact, rec["key"]))
            else:
                cited = tuple(s for s in w.surnames if s)
                initials = {s.rsplit(" ", 1)[-1][:1] for s in cited} or {""}
                best: tuple[float, int, _Group] | None = None
                seen: set[int] = set()
                for ini in sorted(initials):
                    for cand in by_initial.get(ini, ()):
                        if id(cand) in seen:
                            continue
                        seen.add(id(cand))
                        score = match_score(title, cited, tuple(cand.surnames), tuple(cand.titles))
                        if score >= TITLE_MATCH and (best is None or (score, -cand.order) > best[:2]):
                            best = (score, -cand.order, cand)
                g = best[2] if best is not None else None
            if g is None:
                g = _Group(rec, len(groups))
                groups.append(g)
                if exact is not None:
                    by_key[(exact, rec["key"])] = g
            else:
                for k, v in csl.items():
                    g.csl.setdefault(k, v)
            if exact is None:
                new_surnames = [s for s in w.surnames if s and s not in g.surnames]
                for s in new_surnames:
                    g.surnames[s] = None
                if not g.cited_in or new_surnames:
                    for ini in {s.rsplit(" ", 1)[-1][:1] for s in g.surnames} or {""}:
                        lst = by_initial.setdefault(ini, [])
                        if g not in lst:
                            lst.append(g)
                for t in w.titles:
                    if t:
                        g.titles[t] = None
            g.cited_in.append((name, rec["key"], tuple(tuple(p) for p in rec.get("places", ()))))
            g.forms.append((name, title, _year(csl)))
    used: set[str] = set()
    out = []
    for g in groups:
        key = g.key
        n = 2
        while key in used:
            key, n = f"{g.key}-{n}", n + 1
        used.add(key)
        out.append(CorpusRecord(key, {**g.csl, "id": key}, tuple(g.cited_in), g.kb, g.periodical, tuple(g.forms)))
    return Corpus(tuple(out), total)


# --- rule C601: one work under different titles or years in different files ----------------------


def _short_of(a: str, b: str) -> bool:
    """Is folded title ``a`` the same as ``b`` or a short title of it, by rule V301's own test
    (:func:`citekit.checks._short_title_of`: the first words, or up to three key words)?"""
    from .checks import _short_title_of

    return b == a or _short_title_of(a, b)


def corpus_problems(corpus: Corpus) -> list[Any]:
    """Rule C601 ``corpus-variant`` (docs/rules.md) over a :class:`Corpus`: for a work cited in
    two or more files (periodicals excepted: their issues differ by date), each file whose title
    (folded; a short title made of the full title's first words is not a variant) or year differs
    from the form most files give.  Problems are :class:`citekit.Problem` objects, as
    :func:`citekit.check` returns, with ``source`` the file's name, ``line``/``column`` the file's
    first citation of the work and ``start``/``end`` None (no offset into one text); in input order."""
    from .checks import Problem
    from .knowledge import fold

    out = []
    for rec in corpus.records:
        if rec.periodical or len(rec.files) < 2:
            continue
        first: dict[str, tuple[str, str]] = {}
        for f, title, year in rec.forms:
            first.setdefault(f, (fold(title), year))
        titles = Counter(t for t, _ in first.values() if t)
        years = Counter(y for _, y in first.values() if y)
        top_title = max(titles, key=lambda t: (titles[t], -list(titles).index(t))) if titles else ""
        top_year = max(years, key=lambda y: (years[y], -list(years).index(y))) if years else ""
        shown = {fold(t): t for _, t, _ in rec.forms}
        where = {f: (pl[0] if pl else (1, 1)) for f, _, pl in reversed(rec.cited_in)}
        for f, (t, y) in first.items():
            what = []
            if t and top_title and not (_short_of(t, top_title) or _short_of(top_title, t)):
                what.append(f"title {shown.get(t, t)!r} where {titles[top_title]} of {len(first)} files give {shown.get(top_title, top_title)!r}")
            if y and top_year and y != top_year:
                what.append(f"year {y} where {years[top_year]} of {len(first)} files give {top_year}")
            if not what:
                continue
            line, col = where.get(f, (1, 1))
            out.append(Problem(
                "C601", "corpus-variant", "warning", None, None, line, col, f"{rec.key}: {'; '.join(what)}",
                "cite one edition under one title across the corpus, or say which edition this file uses", f,
            ))
    return out


# --- the Python entry point and the summary ------------------------------------------------------


@frozen
class CorpusRun:
    """What :func:`run` returns: ``files`` (one :class:`FileResult` per input, in input order;
    ``value`` is ``extract --format json``'s dict, ``error`` set for an unreadable file),
    ``corpus`` (the merged records), ``problems`` (rule C601: :class:`citekit.Problem` objects,
    the type :func:`citekit.check` returns, each with its file in ``source``), ``seconds`` (wall time)."""

    files: tuple[FileResult, ...]
    corpus: Corpus
    problems: tuple[Any, ...] = ()
    seconds: float = 0.0

    @property
    def errors(self) -> list[str]:
        """One line per unreadable input."""
        return [r.error for r in self.files if r.error]


def run(
    paths: Sequence[str | os.PathLike[str]],
    *,
    engine: str = "process",
    jobs: int | None = None,
    scheduler: str | None = None,
    cache: str | os.PathLike[str] | None = None,
    library: Any = None,
    input_format: str | None = None,
) -> CorpusRun:
    """Extract every text under ``paths`` (files and directories, as the CLI expands them) with
    ``engine`` (``"process"`` or ``"dask"``) and merge their records.  An unreadable file is kept
    as a FileResult with ``error`` and skipped; nothing is raised for it.  Raises
    :class:`CitekitError` for an unknown engine or ``engine="dask"`` without Dask installed."""
    from .batch import extract_one

    t0 = time.perf_counter()
    items = expand([os.fspath(p) for p in paths])
    opts = {"library": library, "input_format": input_format, "format": "json", "corpus": True}
    results, corpus = execute(extract_one, items, opts, jobs=jobs, engine=engine, scheduler=scheduler, cache=cache, merge_records=True)
    assert corpus is not None
    return CorpusRun(tuple(results), corpus, tuple(corpus_problems(corpus)), time.perf_counter() - t0)


def summary_table(results: Sequence[FileResult], seconds: float, *, corpus: Corpus | None = None,
                  extra_counts: Iterable[tuple[str, int]] = (), jobs: int = 1, engine: str = "process") -> str:
    """The table written on stderr at the end of a run: files (unreadable, from the cache),
    citations, unresolved, records (merged), problems by rule, time (and files per second)."""
    ok = [r for r in results if r.error is None]
    counts: Counter = Counter()
    for r in ok:
        for (code, _), n in r.counts:
            counts[code] += n
    for code, n in extra_counts:
        counts[code] += n
    bad = len(results) - len(ok)
    cached = sum(1 for r in ok if r.cached)
    notes = ", ".join(x for x in (f"{bad} unreadable" if bad else "", f"{cached} from the cache" if cached else "") if x)
    rows = [
        ("files", f"{len(results):,}", notes),
        ("citations", f"{sum(r.citations for r in ok):,}", ""),
        ("unresolved", f"{sum(r.unresolved for r in ok):,}", ""),
    ]
    if corpus is not None:
        rows.append(("records", f"{len(corpus.records):,}", f"merged from {corpus.file_records:,} in the files"))
    if counts or any(r.counts for r in ok) or extra_counts:
        rows.append(("problems", f"{sum(counts.values()):,}", "  ".join(f"{c} {n}" for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))))
    rate = len(results) / seconds if seconds > 0 else 0.0
    where = f"{jobs} job{'s' if jobs != 1 else ''}" if engine == "process" else "dask"
    rows.append(("time", f"{seconds:.2f} s", f"{where}, {rate:.1f} files/s"))
    w = max(len(v) for _, v, _ in rows)
    return "\n".join(f"{k:<11}{v:>{w}}  {n}".rstrip() for k, v, n in rows)
