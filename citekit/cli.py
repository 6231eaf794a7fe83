"""The command line: a thin shell over the public API.

Exit codes: 0 success, 1 problems found (``check``), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from . import __version__
from .errors import CitekitError, ConfigError, InputError
from .load import FORMATS
from .output import to_csljson, to_json, to_table
from .pipeline import extract


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="citekit", description="Find, resolve and check citations in scholarly prose.")
    p.add_argument("--version", action="version", version=f"citekit {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="find and resolve every citation in a text")
    e.add_argument("file", help="a UTF-8 text file")
    e.add_argument("--bib", action="append", metavar="FILE", help="your own .bib or CSL-JSON library (wins over the bundled one)")
    e.add_argument("--format", choices=("table", "json", "csljson"), default="table")
    e.add_argument("--input-format", choices=FORMATS, help="force the input format (default: from extension and content)")

    c = sub.add_parser("check", help="report citation problems (exit 1 when there are any)")
    c.add_argument("file", help="a UTF-8 text file")
    c.add_argument("--bib", action="append", metavar="FILE", help="your own .bib or CSL-JSON library")
    c.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    c.add_argument("--input-format", choices=FORMATS, help="force the input format (default: from extension and content)")
    c.add_argument("--select", metavar="CODES", help="comma-separated rule codes, prefixes or names to run (default: all)")
    c.add_argument("--ignore", metavar="CODES", help="comma-separated rule codes, prefixes or names to skip")
    c.add_argument("--config", metavar="PYPROJECT", help="read [tool.citekit] from this file (default: nearest pyproject.toml)")
    c.add_argument("--no-config", action="store_true", help="ignore pyproject.toml")

    b = sub.add_parser("bib", help="the reference list of a text, .bib or CSL-JSON file, in a CSL style or exported")
    b.add_argument("file", help="a text (extracted first), a .bib, or a CSL-JSON .json")
    b.add_argument("--bib", action="append", metavar="FILE", help="your own library, for texts")
    b.add_argument("--style", default=None, help="a CSL style name or .csl path (default: chicago-author-date; with --notes chicago-notes-bibliography)")
    b.add_argument("--locale", default="en-US", help="a CSL locale such as en-GB, fr-FR (default: en-US)")
    b.add_argument("--format", choices=("text", "html", "markdown", "bibtex", "biblatex", "csljson"), default="text")
    b.add_argument("--input-format", choices=FORMATS, help="force the input format of a text")
    b.add_argument("--notes", action="store_true", help="render every citation of a text as a note (note styles: ibid and short forms from the note numbers), one line per note")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "extract":
            ex = extract(_path(args.file), library=args.bib, input_format=args.input_format)
            if args.format == "json":
                out = to_json(ex)
            elif args.format == "csljson":
                out = to_csljson(ex)
            else:
                out = to_table(ex)
            sys.stdout.write(out if out.endswith("\n") else out + "\n")
            return 0
        if args.command == "check":
            return _check(args)
        if args.command == "bib":
            return _bib(args)
    except CitekitError as exc:
        print(f"citekit: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    parser.print_usage(sys.stderr)
    return 2


def _check(args: argparse.Namespace) -> int:
    from .checks import check, config_from_mapping, find_config
    from .output import problems_to_json, problems_to_sarif, problems_to_text

    path = _path(args.file)
    table: dict = {}
    where = "[tool.citekit]"
    if args.config:
        cfg_path = _path(args.config)
        if not cfg_path.is_file():
            raise ConfigError(f"{cfg_path}: no such file")
        found, table = find_config(cfg_path)
        where = f"{found}: [tool.citekit]" if found else where
    elif not args.no_config:
        found, table = find_config(path.parent if path.parent != _path("") else _path("."))
        where = f"{found}: [tool.citekit]" if found else where
    table = dict(table)
    if args.select:
        table["select"] = [x for x in args.select.replace(" ", ",").split(",") if x]
        where = "--select"
    if args.ignore:
        table["ignore"] = list(table.get("ignore", [])) + [x for x in args.ignore.replace(" ", ",").split(",") if x]
        where = "--ignore" if not args.select else "--select/--ignore"
    config = config_from_mapping(table, where)
    ex = extract(path, library=args.bib, input_format=args.input_format)
    problems = check(ex, library=args.bib, config=config)
    if args.format == "json":
        out = problems_to_json(ex.source, problems, ex)
    elif args.format == "sarif":
        out = problems_to_sarif(ex.source, problems, ex.document.text, ex)
    else:
        out = problems_to_text(ex.source, problems)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 1 if problems else 0


def _bib(args: argparse.Namespace) -> int:
    from .render import Bibliography, load_bibliography, note_clusters

    if args.notes:
        path = _path(args.file)
        if path.suffix.lower() in (".bib", ".json", ".csljson", ".bibtex", ".biblatex"):
            raise InputError(f"{path}: --notes needs a text with citations, not a bibliography file")
        if args.format not in ("text", "html", "markdown"):
            raise InputError(f"--notes renders text, html or markdown, not {args.format}")
        ex = extract(path, library=args.bib, input_format=args.input_format)
        items, clusters = note_clusters(ex)
        texts = Bibliography(items).cite(
            [(n, cites) for _, n, cites in clusters], args.style or "chicago-notes-bibliography", locale=args.locale, fmt=args.format
        )
        out = "\n".join(f"{label}: {text}" for (label, _, _), text in zip(clusters, texts))
        sys.stdout.write(out + "\n" if out else "")
        return 0
    bib = load_bibliography(_path(args.file), library=args.bib, input_format=args.input_format)
    if args.format == "csljson":
        out = bib.to_csljson()
    elif args.format in ("bibtex", "biblatex"):
        out = bib.to_bibtex(biblatex=args.format == "biblatex")
    else:
        entries = bib.render(args.style or "chicago-author-date", locale=args.locale, fmt=args.format)
        if args.format == "html":
            out = '<div class="csl-bib-body">\n' + "".join(f'  <div class="csl-entry">{e}</div>\n' for e in entries) + "</div>"
        else:
            out = "\n".join(entries)
    for problem in bib.problems:
        print(f"citekit: warning: {problem}", file=sys.stderr)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0


def _path(p: str):
    from pathlib import Path

    return Path(p)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
