"""Many inputs in one CLI run: files, directories, stdin; per-file results; progress; colour.

The command line (:mod:`citekit.cli`) turns its FILE arguments into :class:`Input` items
with :func:`expand`, runs one *worker* per item (:func:`extract_one`, :func:`check_one`:
module-level functions of picklable arguments returning a picklable :class:`FileResult`,
so a process pool can run them: ``run_all(worker, items, mapper=pool.imap)``), and writes
the results in input order.  One bad file never stops the others: its error is kept in its
:class:`FileResult` and reported on stderr with its name.

Conventions follow ruff and pandoc (issue 12): ``-`` is stdin; a directory is searched
recursively for the formats citekit reads (:data:`READABLE_SUFFIXES`, docs/formats.md);
a file named on the command line is read whatever its extension.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TextIO

from attrs import evolve, field, frozen

from .errors import CitekitError, InputError

#: Extensions a directory is searched for: the formats of docs/formats.md (text, Markdown, HTML, DOCX).
READABLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".html", ".htm", ".xhtml", ".docx"})

#: The name stdin is reported under.
STDIN = "<stdin>"


@frozen
class Input:
    """One thing to read: a file path (``path``), or stdin's bytes (``data``, read once by the parent)."""

    name: str
    path: str | None = None
    data: bytes | None = field(default=None, repr=False)


@frozen
class FileResult:
    """What a worker made of one :class:`Input`.

    ``value``: the verb's per-file output (a dict for JSON shapes, a str for text);
    ``error``: one line naming the file when it could not be read (``value`` is then None);
    ``problems``: problems found (``check``); ``counts``: problems per ``(code, type)``;
    ``citations``/``records``: counts for ``--verbose``; ``seconds``: wall time of the worker.
    """

    name: str
    value: Any = None
    error: str | None = None
    problems: int = 0
    counts: tuple[tuple[tuple[str, str], int], ...] = ()
    citations: int = 0
    records: int = 0
    seconds: float = 0.0
    #: citations with no resolved record (the corpus summary table, issue 16)
    unresolved: int = 0
    #: the file's records for the corpus merge (:func:`citekit.corpus.file_records`), when asked
    corpus: Any = field(default=None, repr=False)
    #: taken from ``--cache`` rather than read (:class:`citekit.corpus.Cache`)
    cached: bool = False


def expand(names: Sequence[str], *, exclude: Iterable[str | os.PathLike[str]] = (), stdin: Any = None) -> list[Input | FileResult]:
    """Expand FILE arguments into :class:`Input` items, in argument order.

    ``-`` reads stdin's bytes (once; ``stdin`` defaults to ``sys.stdin.buffer``); a directory
    gives every file under it with a suffix in :data:`READABLE_SUFFIXES` (sorted, hidden files
    and folders skipped); anything else is a file.  A name that does not exist gives a
    :class:`FileResult` with its error instead of an Input, so it is reported in place and the
    others still run.  ``exclude``: paths never taken from a directory (the ``-o`` file).
    A file reached twice (named, and inside a named directory) is read once, at its first place.
    """
    skip = {os.path.realpath(p) for p in exclude}
    seen: set[str] = set()
    out: list[Input | FileResult] = []
    for name in names:
        if name == "-":
            src = stdin if stdin is not None else sys.stdin.buffer
            out.append(Input(STDIN, None, src.read()))
            continue
        p = Path(name)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in READABLE_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and f.is_file()
                and os.path.realpath(f) not in skip
            )
            odd = _not_regular_under(p)  # a FIFO, socket or device in the tree: named, counted, never opened
            for f in found:
                if os.path.realpath(f) not in seen:
                    seen.add(os.path.realpath(f))
                    out.append(Input(str(f), str(f)))
            out.extend(odd)
            if not found and not odd:
                out.append(FileResult(name, error=f"{name}: no file citekit reads in this directory ({', '.join(sorted(READABLE_SUFFIXES))})"))
        elif p.exists():
            try:  # a FIFO, socket or device is refused here, before anything (a --cache key) reads it
                from .load.text import check_regular

                check_regular(p)
            except InputError as exc:
                out.append(FileResult(name, error=str(exc)))
                continue
            if os.path.realpath(p) not in seen:
                seen.add(os.path.realpath(p))
                out.append(Input(name, name))
        else:
            out.append(FileResult(name, error=f"{name}: no such file or directory"))
    return out


def _not_regular_under(root: Path) -> list[FileResult]:
    """A :class:`FileResult` with an error for each FIFO, socket or device under the directory
    ``root`` (hidden entries skipped, whatever its name or suffix): reported on stderr as "not a
    regular file, skipped" and counted as a problem in the exit code (issue 13), never opened
    (reading a FIFO would block)."""
    from .load.text import _not_regular

    out: list[FileResult] = []
    for f in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in f.relative_to(root).parts):
            continue
        try:
            st = f.lstat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode) or stat.S_ISLNK(st.st_mode):
            continue
        out.append(FileResult(str(f), error=f"{f}: is {_not_regular(st.st_mode)}, not a regular file, skipped"))
    return out


def extract_input(item: Input, *, library: Any = None, input_format: str | None = None) -> Any:
    """:func:`citekit.extract` on an Input (stdin is decoded as UTF-8 text; a DOCX needs a path)."""
    from .load.text import decode_bytes
    from .pipeline import extract

    if item.path is not None:
        return extract(path=Path(item.path), library=library, input_format=input_format)
    data = item.data or b""
    if data.startswith(b"PK\x03\x04") or input_format == "docx":
        raise InputError(item.name, "a DOCX cannot be read from stdin; give its path")
    return extract(text=decode_bytes(data, item.name), library=library, source=item.name, input_format=input_format)


def _timed(name: str, fn: Callable[[], FileResult]) -> FileResult:
    t0 = time.perf_counter()
    try:
        res = fn()
    except CitekitError as exc:
        msg = str(exc)
        return FileResult(name, error=msg if msg.startswith(name) else f"{name}: {msg}", seconds=time.perf_counter() - t0)
    except (OSError, ValueError) as exc:  # a file that breaks a loader in an unforeseen way: reported, never fatal
        return FileResult(name, error=f"{name}: cannot be read: {exc}", seconds=time.perf_counter() - t0)
    return evolve(res, seconds=time.perf_counter() - t0)


def extract_one(item: Input, opts: dict[str, Any]) -> FileResult:
    """Worker for ``citekit extract``: ``opts`` = {"library", "input_format", "format"}.

    ``value``: the JSON dict (json, jsonl), the CSL-JSON item list (csljson) or the table text.
    """

    def run() -> FileResult:
        from .output import to_dict, to_table

        ex = extract_input(item, library=opts.get("library"), input_format=opts.get("input_format"))
        fmt = opts.get("format", "table")
        if fmt in ("json", "jsonl"):
            value: Any = to_dict(ex)
        elif fmt == "csljson":
            value = [dict(r.csl) for r in ex.records]
        else:
            value = to_table(ex)
        return FileResult(item.name, value, citations=len(ex.citations), records=len(ex.records), **_corpus_fields(ex, opts))

    return _timed(item.name, run)


def _corpus_fields(ex: Any, opts: dict[str, Any]) -> dict[str, Any]:
    """``unresolved`` for every worker; ``corpus`` (the records to merge) when ``opts["corpus"]``."""
    out: dict[str, Any] = {"unresolved": sum(1 for c in ex.citations if not any(r.record for r in c.refs))}
    if opts.get("corpus"):
        from .corpus import file_records

        out["corpus"] = file_records(ex)
    return out


def check_config(where: Path | None, opts: dict[str, Any]) -> Any:
    """The :class:`citekit.Config` for a file in folder ``where`` (None: the current folder):
    ``[tool.citekit]`` of ``--config`` or the nearest pyproject.toml, then ``--select``/``--ignore``."""
    from .checks import config_from_mapping, find_config, read_config_file, validate_selectors

    table: Any = {}
    label = "[tool.citekit]"
    if opts.get("config"):
        found, table = read_config_file(opts["config"])  # that file itself, not the pyproject.toml above it
        label = str(found)
    elif not opts.get("no_config"):
        found, table = find_config(where or Path("."))
        label = f"{found}: [tool.citekit]" if found else label
    table = dict(table)
    config_from_mapping(table, label)  # the file's own errors name the file, before the options change it
    # the command line overrides the configuration (ruff's rule selection): --select replaces
    # the file's select *and* its ignore / extend-select / extend-ignore; --ignore adds to
    # what remains ("--select L401" runs L401 even when the pyproject ignores it)
    cli = {k: [x for x in opts[k].replace(" ", ",").split(",") if x] for k in ("select", "ignore") if opts.get(k)}
    for key, values in cli.items():
        validate_selectors(values, f"--{key}")
    if "select" in cli:
        for key in ("select", "ignore", "extend-select", "extend-ignore"):
            table.pop(key, None)
        table["select"] = cli["select"]
    if "ignore" in cli:
        table["ignore"] = list(table.get("ignore", [])) + cli["ignore"]
    return config_from_mapping(table, label)


def check_one(item: Input, opts: dict[str, Any]) -> FileResult:
    """Worker for ``citekit check``: ``opts`` = {"library", "input_format", "format", "config",
    "no_config", "select", "ignore"}.  A bad configuration raises :class:`ConfigError` (fatal, exit 2).

    ``value``: problem lines without the summary (text), the JSON dict (json, jsonl) or the SARIF dict.
    """
    import json

    from .checks import check
    from .output import problems_to_dict, problems_to_sarif, problems_to_text

    where = Path(item.path).parent if item.path else None
    config = check_config(where, opts)  # outside _timed: a configuration error is the user's, not the file's

    def run() -> FileResult:
        library = opts.get("library")
        if library is None and item.path is not None:  # pandoc's bibliography: in the YAML front matter
            from .bibio import front_matter_library

            library = front_matter_library(item.path)
        ex = extract_input(item, library=library, input_format=opts.get("input_format"))
        problems = check(ex, library=library, config=config)
        fmt = opts.get("format", "text")
        if fmt in ("json", "jsonl"):
            value: Any = problems_to_dict(ex.source, problems, ex)
        elif fmt == "sarif":
            value = json.loads(problems_to_sarif(ex.source, problems, ex.document.text, ex))
        else:
            value = problems_to_text(ex.source, problems).splitlines()[:-1]  # the summary is written once, at the end
        counts = Counter((p.code, p.type) for p in problems)
        return FileResult(item.name, value, problems=len(problems), counts=tuple(sorted(counts.items())),
                          citations=len(ex.citations), records=len(ex.records), **_corpus_fields(ex, opts))

    return _timed(item.name, run)


def run_all(
    worker: Callable[..., FileResult],
    items: Sequence[Input | FileResult],
    opts: dict[str, Any],
    *,
    progress: "Progress | None" = None,
    mapper: Callable[..., Iterator[FileResult]] | None = None,
) -> list[FileResult]:
    """Run ``worker`` on every Input, results in input order (items that are already
    FileResults — names that did not exist — pass through).  ``mapper``: ``map`` by default;
    a process pool's ordered ``imap`` with a picklable ``functools.partial`` fits (issue 16)."""
    from functools import partial

    todo = [it for it in items if isinstance(it, Input)]
    fn = partial(worker, opts=opts)
    results: dict[int, FileResult] = {}
    it = (mapper or map)(fn, todo)
    for n, res in enumerate(it):
        results[n] = res
        if progress is not None:
            progress.advance(todo[n + 1].name if n + 1 < len(todo) else "")
    out, n = [], 0
    for item in items:
        if isinstance(item, Input):
            out.append(results[n])
            n += 1
        else:
            out.append(item)
            if progress is not None:
                progress.advance("")
    return out


# --- terminal: progress and colour -----------------------------------------------------------


class Progress:
    """A rich progress bar on stderr that appears only once the work has run ``after`` seconds
    (default 1 s; ``CITEKIT_PROGRESS_AFTER`` overrides it, for tests), and only when
    ``enabled`` (the CLI: stderr is a terminal and not ``--quiet``).  It is transient:
    nothing of it stays on the screen, and nothing is ever written when stderr is a file or pipe.
    """

    def __init__(self, total: int, *, enabled: bool, first: str = "", after: float | None = None) -> None:
        self.total = total
        self.enabled = enabled
        self.done = 0
        self.current = first
        env = os.environ.get("CITEKIT_PROGRESS_AFTER")
        self.after = after if after is not None else float(env) if env else 1.0
        self._lock = threading.Lock()
        self._bar: Any = None
        self._task: Any = None
        self._timer: threading.Timer | None = None
        self._finished = False

    def __enter__(self) -> Progress:
        if self.enabled:
            self._timer = threading.Timer(self.after, self._start)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        with self._lock:
            if self._finished:
                return
            self._bar = bar = RichProgress(
                SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(file=sys.stderr), transient=True,
            )
            self._task = bar.add_task(self._label(), total=self.total, completed=self.done)
            bar.start()

    def _label(self) -> str:
        name = self.current
        return name if len(name) <= 40 else "…" + name[-39:]

    def advance(self, next_name: str = "") -> None:
        """One more item done; ``next_name`` is the one now being read."""
        with self._lock:
            self.done += 1
            self.current = next_name
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done, description=self._label())

    @property
    def shown(self) -> bool:
        """Whether the bar was ever displayed."""
        return self._bar is not None

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._finished = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()


def use_color(mode: str, stream: TextIO) -> bool:
    """``--color``: ``always``, ``never``, or ``auto`` = ``stream`` is a terminal and ``NO_COLOR``
    is unset or empty (https://no-color.org)."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


#: ANSI SGR codes used by :func:`paint`.
_SGR = {"bold": "1", "red": "31", "yellow": "33", "cyan": "36", "dim": "2", "green": "32"}


def paint(text: str, *styles: str, on: bool = True) -> str:
    """``text`` wrapped in ANSI colour codes when ``on``."""
    if not on or not styles:
        return text
    return f"\x1b[{';'.join(_SGR[s] for s in styles)}m{text}\x1b[0m"
