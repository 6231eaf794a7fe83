"""Field accuracy of the field parser on held-out labelled references.

    python benchmarks/field_accuracy.py [--model PATH] [--rules] [--shared ../shared/training]

Held-out sets: the documents that ``training/corpora.py``'s ``split`` holds out of
AnyStyle, GROBID (CJK files left out) and LinkedBooks' training file (the same split the
model builder uses, so none of them was trained on), and the whole of LinkedBooks'
validation file.  For each field, accuracy = strings where the parsed value equals the
labelled one / strings where either the label or the parse has that field (a value found
where the label has none counts against).  Values are compared normalised: first
author = first family name, case- and accent-folded; year = the four digits; title,
container, place, publisher = folded words; volume, issue = the number; pages = the
normalised range.  ``--rules`` measures citekit's rule parser (``parse_reference_entry``)
on the same strings, for comparison.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "training"), str(ROOT)]

import corpora  # noqa: E402
from build_model import token_labels  # noqa: E402

from citekit.fields import crf  # noqa: E402
from citekit.fields.record import fields_from_segments  # noqa: E402
from citekit.knowledge import fold  # noqa: E402
from citekit.model import Fields  # noqa: E402

FIELDS = ("first author", "year", "title", "container", "volume", "issue", "pages", "place", "publisher", "editor")


def _words(s: str | None) -> str | None:
    if not s:
        return None
    return " ".join("".join(c if c.isalnum() else " " for c in fold(s)).split()) or None


#: A connector word some data sets label as part of the container ("In Proceedings of …",
#: "Vol. 6 of Sämtliche Werke"); CSL's container-title never holds it (AnyStyle's core.xml does).
_CONTAINER_LEAD = ("in ", "of ", "dans ", "im ", "en ")


def _container(s: str | None) -> str | None:
    w = _words(s)
    if w:
        for lead in _CONTAINER_LEAD:
            if w.startswith(lead) and len(w) > len(lead):
                return w[len(lead) :]
    return w


def values(f: Fields) -> dict[str, str | None]:
    """The normalised value of each measured field."""
    first = f.authors[0].key if f.authors else None
    return {
        "first author": _words(first),
        "year": f.year,
        "title": _words(f.title),
        "container": _container(f.container),
        "volume": f.volume,
        "issue": f.issue,
        "pages": f.pages,
        "place": _words(f.place),
        "publisher": _words(f.publisher),
        "editor": _words(f.editors[0].key) if f.editors else None,
    }


def truth(ex) -> Fields:
    toks, labels = token_labels(ex)
    return fields_from_segments(ex.text, crf.runs(list(zip(toks, labels))))


def held_out(shared: Path) -> dict[str, list]:
    sets = {
        "anystyle": corpora.split(corpora.anystyle(shared / "anystyle" / "core.xml"))[1],
        "grobid": corpora.split(corpora.grobid(shared / "grobid" / "citation-corpus.tar.gz", exclude_cjk=True))[1],
        "linkedbooks-train-held-out": corpora.split(corpora.linkedbooks(shared / "linkedbooks" / "clean_train.txt.gz"))[1],
        "linkedbooks-valid": list(corpora.linkedbooks(shared / "linkedbooks" / "clean_valid.txt.gz")),
    }
    return sets


def score(examples, parse) -> tuple[dict[str, float], float, int]:
    hit: Counter = Counter()
    seen: Counter = Counter()
    all_right = 0
    for ex in examples:
        t = values(truth(ex))
        p = values(parse(ex.text))
        ok = True
        for k in FIELDS:
            if t[k] or p[k]:
                seen[k] += 1
                if t[k] == p[k]:
                    hit[k] += 1
                else:
                    ok = False
        all_right += ok
    return {k: hit[k] / seen[k] for k in FIELDS if seen[k]}, all_right / max(1, len(examples)), len(examples)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "training")
    ap.add_argument("--model", type=Path, default=None, help="a model file (default: the shipped one)")
    ap.add_argument("--rules", action="store_true", help="also measure the rule parser")
    args = ap.parse_args(argv)
    if args.model:
        crf.model_path = lambda: args.model  # type: ignore[assignment]
        crf._model.cache_clear()

    def crf_parse(s: str) -> Fields:
        return fields_from_segments(s, crf.segments(s))

    parsers = [("crf", crf_parse)]
    if args.rules:
        from citekit.knowledge import bundled
        from citekit.parse import parse_reference_entry

        kb = bundled()
        parsers.append(("rules", lambda s: parse_reference_entry(s, kb) or Fields()))
    sets = held_out(args.shared)
    print("set | parser | n | " + " | ".join(FIELDS) + " | all fields right")
    for name, exs in sets.items():
        for pname, parse in parsers:
            t0 = time.time()
            acc, whole, n = score(exs, parse)
            dt = time.time() - t0
            cells = " | ".join(f"{acc[k]:.3f}" if k in acc else "–" for k in FIELDS)
            print(f"{name} | {pname} | {n} | {cells} | {whole:.3f}   ({n / dt:.0f}/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
