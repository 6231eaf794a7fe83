"""The command line: a thin shell over the public API.

Exit codes: 0 success, 1 problems found (``check``), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from .errors import CitekitError, ConfigError, InputError
from .load import FORMATS


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="citekit", description="Find, resolve and check citations in scholarly prose.")
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="find and resolve every citation in a text")
    e.add_argument("files", nargs="+", metavar="FILE", help="texts: files, directories (searched for .txt .md .html .docx…) or - for stdin")
    e.add_argument("--bib", action="append", metavar="FILE", help="your own .bib or CSL-JSON library (wins over the bundled one)")
    e.add_argument("--format", choices=("table", "json", "jsonl", "csljson"), default="table",
                   help="json: one object (a list of them for several files); jsonl: one line per file; csljson: the records")
    _common(e)
    _corpus_options(e)
    e.add_argument("--input-format", choices=FORMATS, help="force the input format (default: from extension and content)")

    c = sub.add_parser("check", help="report citation problems (exit 1 when there are any)")
    c.add_argument("files", nargs="+", metavar="FILE", help="texts: files, directories (searched for .txt .md .html .docx…) or - for stdin")
    c.add_argument("--bib", action="append", metavar="FILE", help="your own .bib or CSL-JSON library")
    c.add_argument("--format", choices=("text", "json", "jsonl", "sarif"), default="text")
    c.add_argument("--statistics", action="store_true", help="print the number of problems per rule instead of the problems")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found (2 still means bad input)")
    c.add_argument("--input-format", choices=FORMATS, help="force the input format (default: from extension and content)")
    c.add_argument("--select", metavar="CODES", help="comma-separated rule codes, prefixes or names to run (default: all)")
    c.add_argument("--ignore", metavar="CODES", help="comma-separated rule codes, prefixes or names to skip")
    c.add_argument("--config", metavar="PYPROJECT", help="read [tool.citekit] from this file (default: nearest pyproject.toml)")
    c.add_argument("--no-config", action="store_true", help="ignore pyproject.toml")
    _common(c)
    _corpus_options(c)

    b = sub.add_parser("bib", help="the reference list of a text, .bib or CSL-JSON file, in a CSL style or exported")
    b.add_argument("files", nargs="+", metavar="FILE", help="texts (extracted first), .bib or CSL-JSON .json files, directories of texts, or - (a text on stdin)")
    b.add_argument("--bib", action="append", metavar="FILE", help="your own library, for texts")
    b.add_argument("--style", default=None, help="a CSL style name or .csl path (default: chicago-author-date; with --notes chicago-notes-bibliography)")
    b.add_argument("--locale", default=None, help="a CSL locale such as en-GB, fr-FR (default: the style's default-locale, else en-US)")
    b.add_argument("--format", choices=("text", "html", "markdown", "bibtex", "biblatex", "csljson"), default="text")
    b.add_argument("--input-format", choices=FORMATS, help="force the input format of a text")
    b.add_argument("--notes", action="store_true", help="render every citation of a text as a note (note styles: ibid and short forms from the note numbers), one line per note")
    _common(b)
    _corpus_options(b)

    r = sub.add_parser("parse", help="parse references or citations, one a line, into CSL-JSON or BibTeX (the trained field parser)")
    r.add_argument("files", nargs="*", default=["-"], metavar="FILE", help="UTF-8 text files with one reference or citation a line, or - for stdin (default)")
    r.add_argument("--format", choices=("csljson", "json", "bibtex", "biblatex"), default="csljson", help="csljson: a JSON array of CSL-JSON items in input order; json: each line's labelled segments and item; bibtex/biblatex")
    _common(r)

    u = sub.add_parser("rule", help="explain a checker rule (example, why it matters, fix); without CODE, list the rules")
    u.add_argument("code", nargs="?", metavar="CODE", help="a rule code (S202) or name (ibid-ambiguous)")
    _common(u)

    a = sub.add_parser("annotate", help="one self-contained HTML report of a text's citations and problems (docs/annotate.md)")
    a.add_argument("file", metavar="FILE", help="a text (plain, Markdown, HTML, DOCX)")
    a.add_argument("--style", default="chicago-notes-bibliography", help="a CSL style name or .csl path for records and the reference list")
    a.add_argument("--locale", default=None, help="a CSL locale (default: the style's)")
    a.add_argument("--bib", action="append", metavar="FILE", help="your own .bib or CSL-JSON library")
    a.add_argument("--input-format", choices=FORMATS, help="force the input format")
    _common(a)

    v = sub.add_parser("convert", help="hand-typed citations to pandoc Markdown or biblatex LaTeX, with a .bib (docs/convert.md)")
    v.add_argument("file", metavar="FILE", help="a text (plain, Markdown, HTML, DOCX)")
    v.add_argument("--to", choices=("markdown", "latex"), default="markdown")
    v.add_argument("--bib", metavar="OUT.bib", help="write the .bib of the converted citations here (default: next to -o, else none)")
    v.add_argument("--library", action="append", metavar="FILE", help="your own .bib or CSL-JSON library for resolving")
    v.add_argument("--report", metavar="FILE", help="also list the citations left as written in FILE")
    v.add_argument("--input-format", choices=FORMATS, help="force the input format")
    _common(v)
    return p


def _common(sp: argparse.ArgumentParser) -> None:
    """Options every verb takes (ruff's and pandoc's conventions)."""
    sp.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE instead of stdout")
    sp.add_argument("-q", "--quiet", action="store_true", help="print results and errors only: no summary, warnings or progress")
    sp.add_argument("-v", "--verbose", action="store_true", help="also print each file's counts and time on stderr")
    sp.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                    help="colour on the terminal (auto: only when writing to a terminal and NO_COLOR is unset)")


class _Version(argparse.Action):
    """``--version``: reads the package metadata only when asked (a one-shot run skips it)."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        from . import __version__

        sys.stdout.write(f"citekit {__version__}\n")
        parser.exit()


def _jobs(value: str) -> int:
    """``--jobs N``: a whole number >= 0, 0 meaning all cores (GNU make's and xargs -P's
    convention for "as many as the machine has"); anything else is a usage error (exit 2)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number (give N >= 1 processes, or 0 for all cores)") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{n} processes: give N >= 1, or 0 for all cores")
    return n


def _corpus_options(sp: argparse.ArgumentParser) -> None:
    """Options of the verbs that read a corpus (extract, check, bib; docs/corpus.md)."""
    sp.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                    help="processes (or Dask workers of a local cluster) to use; 0 (the default): all cores")
    sp.add_argument("--engine", choices=("process", "dask"), default="process", help="process: a pool on this machine; dask: tasks on a Dask cluster (pip install citekit-humanities[dask])")
    sp.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler (tcp://host:8786); default: a local cluster of --jobs workers")
    sp.add_argument("--cache", metavar="DIR", help="keep each file's result in DIR, keyed by its content and citekit's version: a re-run reads changed files only")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if getattr(args, "locale", None):  # once, before any file is read: de_DE is de-DE, xx-YY is refused (exit 2)
            from .locales import normalise_locale

            tag = normalise_locale(args.locale)
            if tag != args.locale and not args.quiet:
                _error(args, f"--locale {args.locale!r} read as {tag!r}", "warning")
            args.locale = tag
        if args.command == "extract":
            return _extract(args)
        if args.command == "rule":
            from .ruledoc import explain, listing

            _emit(args, explain(args.code) if args.code else listing())
            return 0
        if args.command == "check":
            return _check(args)
        if args.command == "bib":
            return _bib(args)
        if args.command == "parse":
            return _parse(args)
        if args.command in ("annotate", "convert"):
            from .annotate import cli_annotate
            from .convert import cli_convert

            return (cli_annotate if args.command == "annotate" else cli_convert)(args, _emit)
    except CitekitError as exc:
        _error(args, str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    parser.print_usage(sys.stderr)
    return 2


# --- many inputs: files, directories, stdin (citekit/batch.py) ---------------------------------


def _inputs(args: argparse.Namespace) -> list:
    """The FILE arguments as :class:`citekit.batch.Input` items (missing ones as errors, in place)."""
    from .batch import expand

    return expand(args.files, exclude=[args.output] if args.output else [])


def _single(args: argparse.Namespace) -> bool:
    """One FILE argument that is not a directory: output keeps the one-file shape (an object, not a list)."""
    return len(args.files) == 1 and not _path(args.files[0]).is_dir()


def _run(worker, items: list, args: argparse.Namespace, opts: dict, *, merge: bool = False, extra=None):
    """Run a worker over every input (``--jobs`` processes or ``--engine dask``, largest first,
    ``--cache``; citekit/corpus.py) with a progress bar on a terminal; report per-file errors
    (and with --verbose, counts and times) on stderr.  Returns (results in input order, the
    merged :class:`citekit.corpus.Corpus` when ``merge``).  The summary table is written on
    stderr with --verbose or when the progress bar was shown; ``extra(results, corpus)`` gives
    more ``(code, count)`` problems for it (check's corpus rule)."""
    import time

    from .batch import Input, Progress
    from .corpus import default_jobs, execute, summary_table

    todo = [it for it in items if isinstance(it, Input)]
    enabled = not args.quiet and _isatty(sys.stderr)
    t0 = time.perf_counter()
    explicit = getattr(args, "jobs", 0) or 0
    jobs = explicit if explicit > 0 else default_jobs()
    if merge:
        opts = {**opts, "corpus": True}
    with Progress(len(items), enabled=enabled, first=todo[0].name if todo else "") as bar:
        results, corpus = execute(worker, items, opts, jobs=explicit if explicit > 0 else None, engine=getattr(args, "engine", "process"),
                                  scheduler=getattr(args, "scheduler", None), cache=getattr(args, "cache", None),
                                  progress=bar, merge_records=merge)
    for r in results:
        if r.error:
            _error(args, r.error)
        elif args.verbose:
            print(f"citekit: {r.name}: {r.citations} citations, {r.records} records"
                  f"{f', {r.problems} problems' if args.command == 'check' else ''}, {r.seconds:.2f} s"
                  f"{' (cache)' if r.cached else ''}", file=sys.stderr)
    if not args.quiet and (args.verbose or bar.shown):
        table = summary_table(results, time.perf_counter() - t0, corpus=corpus, extra_counts=extra(results, corpus) if extra else (),
                              jobs=min(jobs, max(1, len(todo))), engine=getattr(args, "engine", "process"))
        print(table, file=sys.stderr)
    return results, corpus


def _extract(args: argparse.Namespace) -> int:
    """``citekit extract FILE...``: table, json (an object, or a list for several inputs), jsonl, csljson."""
    import json

    from .batch import extract_one
    from .output import SCHEMA

    merge = args.format == "csljson" and not _single(args)  # several texts: one merged record per work
    results, corpus = _run(extract_one, _inputs(args), args, {"library": args.bib, "input_format": args.input_format, "format": args.format}, merge=merge)
    ok = [r for r in results if r.error is None]
    if args.format == "jsonl":
        out = "".join(
            json.dumps(r.value if r.error is None else {"schema": SCHEMA, "source": r.name, "error": r.error}, ensure_ascii=False) + "\n"
            for r in results
        )
    elif args.format == "json":
        out = json.dumps(ok[0].value if _single(args) and ok else [r.value for r in ok], ensure_ascii=False, indent=2) if ok or not _single(args) else ""
    elif args.format == "csljson" and corpus is not None:  # the corpus's records, each with the files and places citing it
        out = json.dumps([rec.to_csl() for rec in corpus.records], ensure_ascii=False, indent=2) if ok else ""
    elif args.format == "csljson":
        out = json.dumps(ok[0].value, ensure_ascii=False, indent=2) if ok else ""
    elif _single(args):
        out = ok[0].value if ok else ""
    else:
        out = "\n".join(f"==> {r.name} <==\n{r.value.rstrip()}\n" for r in ok)
    _emit(args, out)
    return 2 if len(ok) < len(results) else 0


def _check(args: argparse.Namespace) -> int:
    """``citekit check FILE...``: text (ruff-style lines and one summary), json, jsonl, sarif; --statistics."""
    import json
    from collections import Counter

    from .batch import check_config, check_one
    from .checks import RULES
    from .output import SCHEMA

    opts = {k: getattr(args, k) for k in ("input_format", "format", "config", "no_config", "select", "ignore")}
    opts["library"] = args.bib
    config = check_config(None, opts)  # a bad --config/--select/--ignore is one error (exit 2) before any file is read
    merge = not _single(args) and config.enabled(RULES["C601"])  # the corpus rule needs the merged records

    def corpus_found(results, corpus) -> list:
        from .corpus import corpus_problems

        return corpus_problems(corpus) if corpus is not None else []

    results, corpus = _run(check_one, _inputs(args), args, opts, merge=merge,
                           extra=lambda res, cor: [("C601", 1) for _ in corpus_found(res, cor)])
    ok = [r for r in results if r.error is None]
    total = sum(r.problems for r in ok)
    counts: Counter = Counter()
    for r in ok:
        counts.update(dict(r.counts))
    extra: dict = {}  # file name -> its C601 problems
    for p in corpus_found(results, corpus):
        extra.setdefault(p.source, []).append(p)
        counts[(p.code, p.type)] += 1
        total += 1
    for r in ok:
        for p in extra.get(r.name, ()):
            if isinstance(r.value, dict) and "problems" in r.value:  # json, jsonl
                r.value["problems"].append({k: getattr(p, k) for k in ("code", "type", "severity", "start", "end", "line", "column", "message", "fix")})
            elif isinstance(r.value, dict) and "runs" in r.value:  # sarif
                from .output import sarif_result

                r.value["runs"][0]["results"].append(sarif_result(p, r.name))
            elif isinstance(r.value, list):  # text lines
                r.value.append(f"{r.name}:{p.line}:{p.column}: {p.code} [{p.type}] {p.message} (fix: {p.fix})")
    with_problems = sum(1 for r in ok if r.problems or r.name in extra)
    files = (with_problems, len(ok))
    color = not args.output and _color(args, sys.stdout)
    if args.statistics:
        lines = [f"{n:>5}  {_paint(code, 'red', 'bold', on=color)}  [{typ}]" for (code, typ), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        out = "\n".join(lines + ([] if args.quiet else [_summary(counts, RULES, files)]))
    elif args.format == "jsonl":
        out = "".join(
            json.dumps(r.value if r.error is None else {"schema": SCHEMA, "source": r.name, "error": r.error}, ensure_ascii=False) + "\n"
            for r in results
        )
    elif args.format == "json":
        out = json.dumps(ok[0].value if _single(args) and ok else [r.value for r in ok], ensure_ascii=False, indent=2) if ok or not _single(args) else ""
    elif args.format == "sarif":  # one run: every file's results, the unreadable files as notifications
        from .output import sarif_log

        log = sarif_log([x for r in ok for x in r.value["runs"][0]["results"]], [(r.name, r.error) for r in results if r.error])
        out = json.dumps(log, ensure_ascii=False, indent=2)
    else:
        lines = [_color_line(line, color) for r in ok for line in r.value]
        if not args.quiet and ok:
            lines.append(_summary(counts, RULES, files))
        out = "\n".join(lines)
    _emit(args, out)
    if len(ok) < len(results):
        return 2
    return 1 if total and not args.exit_zero else 0


def _summary(counts, rules, files: tuple[int, int]) -> str:
    """``Found 3 problems (1 error, 2 warnings).`` / ``All checks passed.``; for several files
    ``files`` = (files with problems, files checked) reads ``Found 19 problems in 7 of 10 files
    checked (…)`` / ``All checks passed (10 files checked).``"""
    from collections import Counter

    total = sum(counts.values())
    bad, checked = files
    if not total:
        return f"All checks passed ({checked} files checked)." if checked > 1 else "All checks passed."
    where = f" in {bad} of {checked} files checked" if checked > 1 else ""
    sev: Counter = Counter()
    for (code, _), n in counts.items():
        sev[rules[code].severity if code in rules else "warning"] += n
    detail = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in sorted(sev.items()))
    return f"Found {total} problem{'s' if total != 1 else ''}{where} ({detail})."


# --- terminal and output -------------------------------------------------------------------------


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _color(args: argparse.Namespace | None, stream) -> bool:
    from .batch import use_color

    return use_color(getattr(args, "color", "auto") or "auto", stream)


def _paint(text: str, *styles: str, on: bool) -> str:
    from .batch import paint

    return paint(text, *styles, on=on)


def _color_line(line: str, on: bool) -> str:
    """A ruff-style problem line with its location bold and its code red."""
    if not on:
        return line
    import re

    m = re.match(r"(?P<loc>[^\n]*?:[0-9]+:[0-9]+:) (?P<code>[A-Z][0-9]{3}) ", line)  # file:line:col: CODE
    if not m:
        return line
    return f"{_paint(m['loc'], 'bold', on=on)} {_paint(m['code'], 'red', 'bold', on=on)} {line[m.end():]}"


def _error(args: argparse.Namespace | None, message: str, kind: str = "error") -> None:
    """One line on stderr: ``citekit: error: FILE: message``."""
    from .output import printable

    on = _color(args, sys.stderr)
    label = _paint(f"{kind}:", "red" if kind == "error" else "yellow", "bold", on=on)
    print(f"citekit: {label} {printable(message, newlines=False)}", file=sys.stderr)


def _emit(args: argparse.Namespace, out: str) -> None:
    """Write a verb's output to ``-o FILE`` (UTF-8) or stdout, newline-terminated (nothing for empty output)."""
    if out and not out.endswith("\n"):
        out += "\n"
    if getattr(args, "output", None):
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(out)
        except OSError as exc:
            raise InputError(args.output, f"cannot write: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(out)


def _bib(args: argparse.Namespace) -> int:
    """``citekit bib FILE...``: each input's reference list (or notes) in turn; csljson merged into one array."""
    import json

    if args.notes and args.format not in ("text", "html", "markdown"):
        raise InputError(None, f"--notes renders text, html or markdown, not {args.format}")
    items = _inputs(args)
    bib_files = (".bib", ".json", ".csljson", ".bibtex", ".biblatex")
    if not args.notes and not _single(args) and not any(getattr(it, "path", None) and _path(it.path).suffix.lower() in bib_files for it in items):
        # texts of a corpus: one bibliography of the merged records (docs/corpus.md)
        from .batch import extract_one
        from .render import Bibliography

        results, corpus = _run(extract_one, items, args, {"library": args.bib, "input_format": args.input_format, "format": "csljson"}, merge=True)
        ok = [r for r in results if r.error is None]
        records = corpus.records if corpus is not None else ()
        out = _render_bib(args, Bibliography(dict(rec.csl) for rec in records if not rec.periodical)) if ok else ""
        _emit(args, out)
        return 2 if len(ok) < len(results) else 0
    results, _ = _run(_bib_worker, items, args, {"args": args})
    ok = [r for r in results if r.error is None]
    if args.format == "csljson" and len(ok) > 1:
        seen: dict = {}
        for r in ok:
            for item in json.loads(r.value):
                seen.setdefault(item.get("id"), item)
        out = json.dumps(list(seen.values()), ensure_ascii=False, indent=2)
    else:
        out = "\n".join(r.value.rstrip("\n") + "\n" for r in ok if r.value)
    _emit(args, out)
    return 2 if len(ok) < len(results) else 0


def _bib_worker(item, opts: dict):
    """One input of ``citekit bib`` as a :class:`citekit.batch.FileResult` (errors kept, not raised)."""
    from .batch import FileResult, _timed

    return _timed(item.name, lambda: FileResult(item.name, _bib_one(opts["args"], item)))


def _bib_one(args: argparse.Namespace, item) -> str:
    from .batch import extract_input
    from .render import Bibliography, load_bibliography, note_clusters

    if args.notes:
        path = _path(item.path or item.name)
        if path.suffix.lower() in (".bib", ".json", ".csljson", ".bibtex", ".biblatex"):
            raise InputError(str(path), "--notes needs a text with citations, not a bibliography file (drop --notes to render its entries)")
        if args.format not in ("text", "html", "markdown"):
            raise InputError(None, f"--notes renders text, html or markdown, not {args.format}")
        ex = extract_input(item, library=args.bib, input_format=args.input_format)
        items, clusters = note_clusters(ex)
        texts = Bibliography(items).cite(
            [(n, cites) for _, n, cites in clusters], args.style or "chicago-notes-bibliography", locale=args.locale, fmt=args.format
        )
        from .output import printable

        return "\n".join(f"{label}: {text if args.format == 'html' else printable(text, newlines=False)}" for (label, _, _), text in zip(clusters, texts))
    if item.path is None:  # a text on stdin
        bib = Bibliography.from_extraction(extract_input(item, library=args.bib, input_format=args.input_format))
    else:
        bib = load_bibliography(_path(item.path), library=args.bib or _front_matter_library(item.path), input_format=args.input_format)
    return _render_bib(args, bib)


def _front_matter_library(path: str) -> list[str] | None:
    """The ``bibliography:`` files of a pandoc Markdown file's YAML front matter (used when
    no ``--bib`` is given, as pandoc does); None for other files or when there are none."""
    from .bibio import front_matter_library

    return front_matter_library(_path(path))


def _render_bib(args: argparse.Namespace, bib) -> str:
    """A :class:`citekit.render.Bibliography` in ``--format`` (and ``--style``/``--locale``); its
    problems as warnings on stderr unless --quiet."""
    if args.format == "csljson":
        out = bib.to_csljson()
    elif args.format in ("bibtex", "biblatex"):
        out = bib.to_bibtex(biblatex=args.format == "biblatex")
    else:
        entries = bib.render(args.style or "chicago-author-date", locale=args.locale, fmt=args.format)
        if args.format == "html":
            out = '<div class="csl-bib-body">\n' + "".join(f'  <div class="csl-entry">{e}</div>\n' for e in entries) + "</div>"
        else:  # text and markdown: one entry a line, no terminal control sequence from the data
            from .output import printable

            out = "\n".join(printable(e, newlines=False) for e in entries)
    if not args.quiet:
        for problem in bib.problems:
            _error(args, str(problem), "warning")
    return out


def _parse(args: argparse.Namespace) -> int:
    """``citekit parse``: one item per input line, in input order (blank lines give an item with an empty note)."""
    from .fields.record import parse_lines_output

    lines: list[str] = []
    bad = 0
    for name in args.files:
        try:
            lines.extend(_read_lines(name))
        except CitekitError as exc:
            _error(args, str(exc))
            bad += 1
    if bad == len(args.files):
        return 2
    _emit(args, parse_lines_output(lines, args.format))
    return 2 if bad else 0


def _read_lines(name: str) -> list[str]:
    """The lines of a UTF-8 file or of stdin (``-``); :class:`InputError` for anything else."""
    import os
    import stat

    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            st = os.stat(name)
        except OSError as exc:
            raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
        if not stat.S_ISREG(st.st_mode):
            raise InputError(name, "not a regular file (a directory, FIFO or device)")
        with open(name, "rb") as fh:
            data = fh.read()
    from .load.text import decode_bytes  # the messages of extract: byte, offset, line, "re-save as UTF-8"; UTF-16/32

    return decode_bytes(data, name).splitlines()


def _path(p: str):
    from pathlib import Path

    return Path(p)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
