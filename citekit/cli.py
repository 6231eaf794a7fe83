"""The command line: a thin shell over the public API.

Exit codes: 0 success, 1 problems found (``check``), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from . import __version__
from .errors import CitekitError
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
            ex = extract(_path(args.file), library=args.bib)
            if args.format == "json":
                out = to_json(ex)
            elif args.format == "csljson":
                out = to_csljson(ex)
            else:
                out = to_table(ex)
            sys.stdout.write(out if out.endswith("\n") else out + "\n")
            return 0
    except CitekitError as exc:
        print(f"citekit: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    parser.print_usage(sys.stderr)
    return 2


def _path(p: str):
    from pathlib import Path

    return Path(p)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
