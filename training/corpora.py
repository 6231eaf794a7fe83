"""Readers that turn the labelled reference data in ``../shared/training`` into :class:`Example`s.

Each reader is a generator of :class:`~training.common.Example` (``segments`` are
``(text, label)`` pairs whose texts joined give the example's string exactly):

* :func:`anystyle` — AnyStyle ``core.xml`` (BSD-2-Clause), one ``<sequence>`` a reference;
* :func:`grobid` — GROBID's citation corpus, a tar.gz of TEI files (Apache-2.0), one ``<bibl>`` a reference;
* :func:`linkedbooks` / :func:`linkedbooks_context` — LinkedBooks' CoNLL-like footnote
  tokens (MIT), one reference a note, or a reference with the prose around it;
* :func:`corpus_spans` — the citation strings of ``../shared/corpus/gold`` (no field labels:
  for evaluation only);
* :func:`split` — a held-out split by document.

Whitespace (all XML sources): every run of whitespace in the whole string becomes one
space, the string is stripped at both ends, and whitespace at the edge of a labelled
segment is given to ``other`` (so "Title " + " 1990" is ``Title`` title, `` `` other,
``1990`` date).  Label maps are the ``*_LABELS`` tables below, documented in
``docs/field-parser.md`` ("Training data").

Run ``python training/corpora.py --shared ../shared/training --out DIR`` to write
``anystyle.jsonl``, ``grobid.jsonl``, ``linkedbooks-train.jsonl`` and
``linkedbooks-valid.jsonl`` into DIR and print counts per source and label.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import io
import json
import re
import sys
import tarfile
import time
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from lxml import etree

if __package__:  # imported as training.corpora (tests): the sibling module of the package
    from .common import LABELS, OTHER, Example, write_jsonl
else:  # imported as ``corpora`` by build_model.py, or run as a script: one ``common`` module for both
    if str(Path(__file__).resolve().parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import LABELS, OTHER, Example, write_jsonl  # type: ignore[no-redef]

try:
    from citekit.errors import InputError
except ImportError:  # pragma: no cover - citekit not installed
    class InputError(Exception):  # type: ignore[no-redef]
        def __init__(self, path, message):
            super().__init__(f"{path}: {message}" if path else message)


#: Any run of whitespace (collapsed to one space).
WHITESPACE = re.compile(r"\s+")

# --------------------------------------------------------------------------------------
# Shared: normalising a list of (text, label) pieces
# --------------------------------------------------------------------------------------


def normalise_segments(pieces: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Collapse whitespace across piece boundaries and tidy the segments.

    Takes ``(text, label)`` pieces in order; returns segments where every whitespace
    run of the joined string is one space, the string has no leading or trailing
    space, whitespace at the edges of a labelled segment is ``other``, segments of
    only whitespace are ``other``, and adjacent segments with the same label are merged.
    Linear in the input.
    """
    out: list[list[str]] = []  # [text, label]
    prev_space = True  # strips leading whitespace
    for text, label in pieces:
        if not text:
            continue
        rebuilt = []  # the piece with each whitespace run → one space, none after a space
        pos = 0
        for m in WHITESPACE.finditer(text):
            chunk = text[pos:m.start()]
            if chunk:
                rebuilt.append(chunk)
                prev_space = False
            if not prev_space:
                rebuilt.append(" ")
                prev_space = True
            pos = m.end()
        chunk = text[pos:]
        if chunk:
            rebuilt.append(chunk)
            prev_space = False
        new = "".join(rebuilt)
        if new:
            out.append([new, label])
    # strip the trailing space
    while out and out[-1][0].endswith(" "):
        out[-1][0] = out[-1][0][:-1]
        if not out[-1][0]:
            out.pop()
    # merge first, so a space between two tokens of one field stays inside the field
    joined: list[list[str]] = []
    for text, label in out:
        if joined and joined[-1][1] == label:
            joined[-1][0] += text
        else:
            joined.append([text, label])
    # edge whitespace of labelled segments goes to OTHER
    split_out: list[tuple[str, str]] = []
    for text, label in joined:
        if label == OTHER or not text.strip():
            split_out.append((text, OTHER))
            continue
        core = text.strip(" ")
        lead = text[: len(text) - len(text.lstrip(" "))]
        trail = text[len(text.rstrip(" ")):]
        if lead:
            split_out.append((lead, OTHER))
        split_out.append((core, label))
        if trail:
            split_out.append((trail, OTHER))
    merged: list[list[str]] = []
    for text, label in split_out:
        if merged and merged[-1][1] == label:
            merged[-1][0] += text
        else:
            merged.append([text, label])
    return tuple((t, l) for t, l in merged)


def _has_field(segments: tuple[tuple[str, str], ...]) -> bool:
    return any(l != OTHER and t.strip() for t, l in segments)


# --------------------------------------------------------------------------------------
# 1. AnyStyle core.xml
# --------------------------------------------------------------------------------------

#: AnyStyle element → citekit label.  Source: AnyStyle's parser labels
#: (res/parser/core.xml); unknown elements → ``note``.
ANYSTYLE_LABELS: dict[str, str] = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "director": "author",
    "producer": "author",
    "title": "title",
    "container-title": "container-title",
    "journal": "container-title",
    "collection-title": "collection-title",
    "volume": "volume",
    "pages": "locator",
    "location": "place",
    "publisher": "publisher",
    "date": "date",
    "edition": "edition",
    "url": "url",
    "doi": "url",
    "note": "note",
    "genre": "note",
    "isbn": "note",
    "medium": "note",
    "source": "note",
    "citation-number": OTHER,
}

#: Consecutive AnyStyle sequences that share one ``doc`` id (the file has no documents).
ANYSTYLE_BLOCK = 25


def _xml_parser(recover: bool = False) -> etree.XMLParser:
    """An lxml parser that never resolves entities nor touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, recover=recover, huge_tree=False)


def anystyle(path: str | Path) -> Iterator[Example]:
    """Yield one ``reference`` Example per ``<sequence>`` of an AnyStyle ``core.xml``.

    ``path``: the XML file.  Labels from :data:`ANYSTYLE_LABELS` (segments kept as
    AnyStyle marks them, e.g. ``<editor>In O. C. A. and D. Card (Ed.),</editor>`` is all
    ``editor``); whitespace normalised by :func:`normalise_segments`.  ``doc`` is
    ``"anystyle-%04d" % (index // 25)``.  Raises :class:`InputError` when the file is
    missing or not XML.
    """
    path = Path(path)
    try:
        tree = etree.parse(str(path), _xml_parser())
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(str(path), f"cannot read AnyStyle XML: {exc}") from exc
    for index, seq in enumerate(tree.getroot().iter("sequence")):
        pieces: list[tuple[str, str]] = [(seq.text or "", OTHER)]
        for child in seq:
            if isinstance(child.tag, str):
                label = ANYSTYLE_LABELS.get(etree.QName(child).localname, "note")
                pieces.append(("".join(child.itertext()), label))
            pieces.append((child.tail or "", OTHER))
        segments = normalise_segments(pieces)
        if _has_field(segments):
            yield Example("anystyle", "anystyle-%04d" % (index // ANYSTYLE_BLOCK), "reference", segments)


# --------------------------------------------------------------------------------------
# 2. GROBID TEI citation corpus
# --------------------------------------------------------------------------------------

#: TEI element (local name, lower-cased; misspellings found in the corpus included) → label.
#: ``title`` and ``biblScope`` depend on attributes (see :func:`_grobid_label`).
GROBID_LABELS: dict[str, str] = {
    "author": "author",
    "authors": "author",  # one misspelt element in citations.xml
    "persname": "author",
    "forename": "author",
    "surname": "author",
    "editor": "editor",
    "date": "date",
    "pubplace": "place",
    "publisher": "publisher",
    "publishe": "publisher",  # one misspelt element
    "ptr": "url",
    "note": "note",
    "notes": "note",
    "orgname": "note",
    "page": "locator",
}

#: biblScope ``unit`` / ``type`` value → label; other units (chapter…) → note.
GROBID_SCOPES: dict[str, str] = {
    "volume": "volume",
    "vol": "volume",
    "issue": "issue",
    "page": "locator",
    "pp": "locator",
    "pages": "locator",
}

#: Files with more references than this get a block suffix on their doc id
#: ("citations.xml#12"): citations.xml alone holds 3,515 references from many papers.
GROBID_BIG_FILE = 200
GROBID_BLOCK = 100

#: Han, kana, Hangul (syllables and jamo) and CJK punctuation/full-width forms.
CJK_CHAR = re.compile(r"[\u1100-\u11ff\u3000-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def cjk_share(text: str) -> float:
    """Share (0–1) of CJK characters among the non-space, non-punctuation characters of ``text``."""
    letters = [c for c in text if c.isalnum()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if CJK_CHAR.match(c)) / len(letters)


def _attr(el, name: str) -> str:
    for k, v in el.attrib.items():
        if k.rsplit("}", 1)[-1] == name:
            return v.strip().lower()
    return ""


def _grobid_label(el, bibl_has_article_title: bool) -> str:
    """The label of a direct child of ``<bibl>`` (TEI element names as GROBID uses them)."""
    name = etree.QName(el).localname.lower()
    if name == "title":
        level = _attr(el, "level") or _attr(el, "leve")  # one 'leve=' typo in the corpus
        if level == "a":
            return "title"
        if level == "j":
            return "container-title"
        if level == "s":
            return "collection-title"
        # level="m" (or none): the book title, or the proceedings/book holding an article
        return "container-title" if bibl_has_article_title else "title"
    if name == "biblscope":
        unit = _attr(el, "unit") or _attr(el, "type") or _attr(el, "level")
        return GROBID_SCOPES.get(unit, "note")
    if name == "biblstruct":  # one <biblStruct type="page"> misused for a page
        return "locator" if _attr(el, "type") == "page" else "note"
    if name == "idno":
        kind = _attr(el, "type")
        return "url" if kind in ("doi", "url") else "note"
    return GROBID_LABELS.get(name, "note")


def _grobid_pieces(el, label: str, out: list[tuple[str, str]]) -> None:
    """Append the text of ``el`` and its descendants (all with ``label``), lb → a space."""
    if etree.QName(el).localname == "lb":
        out.append((" ", label))
        return
    out.append((el.text or "", label))
    for child in el:
        if isinstance(child.tag, str):
            _grobid_pieces(child, label, out)
        out.append((child.tail or "", label))


def grobid_bibl(bibl) -> tuple[tuple[str, str], ...]:
    """Segments of one TEI ``<bibl>`` element: text directly in it is ``other``; each
    child's label from :func:`_grobid_label`, inherited by everything inside it."""
    has_a = any(
        isinstance(c.tag, str) and etree.QName(c).localname == "title" and (_attr(c, "level") or _attr(c, "leve")) == "a"
        for c in bibl
    )
    pieces: list[tuple[str, str]] = [(bibl.text or "", OTHER)]
    for child in bibl:
        if isinstance(child.tag, str):  # comments and processing instructions: tail only
            if etree.QName(child).localname == "lb":
                pieces.append((" ", OTHER))
            else:
                _grobid_pieces(child, _grobid_label(child, has_a), pieces)
        pieces.append((child.tail or "", OTHER))
    return normalise_segments(pieces)


def grobid(path: str | Path, exclude_cjk: bool = False, cjk_threshold: float = 0.5) -> Iterator[Example]:
    """Yield one ``reference`` Example per ``<bibl>`` of GROBID's citation corpus tar.gz.

    ``path``: ``citation-corpus.tar.gz`` (TEI files, read in archive order).  Files are
    parsed with ``recover=True`` because 99 of them carry ``xml:id="0"`` (not an NCName),
    the only error lxml reports on this corpus.  A file whose name was already read
    (``evaluation/`` repeats two ``corpus/`` files with small corrections) is skipped, and
    so is a reference whose exact text was already yielded.  ``<bibl>``s with no labelled
    segment are skipped.  ``exclude_cjk``: drop references whose letters are more than
    ``cjk_threshold`` CJK (the kisti_* Korean, Japanese, Chinese files).  ``doc``: the TEI
    file name, plus ``#block`` (blocks of 100) for files of more than 200 references.
    Raises :class:`InputError` if the archive cannot be read.
    """
    path = Path(path)
    seen_names: set[str] = set()
    seen_texts: set[str] = set()
    try:
        tar = tarfile.open(str(path), "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise InputError(str(path), f"cannot read GROBID archive: {exc}") from exc
    with tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".xml"):
                continue
            name = PurePosixPath(member.name).name
            if name in seen_names:
                continue
            seen_names.add(name)
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            try:
                root = etree.parse(io.BytesIO(data), _xml_parser(recover=True)).getroot()
            except etree.XMLSyntaxError as exc:
                raise InputError(f"{path}:{member.name}", f"not XML: {exc}") from exc
            if root is None:
                continue
            bibls = [b for b in root.iter("{*}bibl", "bibl")]
            big = len(bibls) > GROBID_BIG_FILE
            for index, bibl in enumerate(bibls):
                segments = grobid_bibl(bibl)
                if not _has_field(segments):
                    continue
                text = "".join(t for t, _ in segments)
                if text in seen_texts:
                    continue
                seen_texts.add(text)
                if exclude_cjk and cjk_share(text) > cjk_threshold:
                    continue
                doc = f"{name}#{index // GROBID_BLOCK}" if big else name
                yield Example("grobid", doc, "reference", segments)


# --------------------------------------------------------------------------------------
# 3. LinkedBooks (CoNLL-like footnote tokens)
# --------------------------------------------------------------------------------------

#: LinkedBooks field (2nd column) → label, decided from every value in clean_train
#: (counts in docs/field-parser.md).  Special cases in :func:`_lb_relabel`:
#: ``title`` after another title or after "in" → container-title; ``author`` runs with
#: an editor mark ("a cura di", "(eds.)", "hrsg.") → editor, with a translator mark
#: ("trad. di", "transl.") → translator; ``abbreviation`` "AA. VV.",
#: "Id." → author; ``publicationnumber-year``: years → date, punctuation → other, rest → volume.
LINKEDBOOKS_LABELS: dict[str, str] = {
    "author": "author",
    "title": "title",
    "publicationplace": "place",
    "publisher": "publisher",
    "year": "date",
    "date": "date",  # archival document dates ("29 aprile 1538")
    "pagination": "locator",
    "column": "locator",  # "col. 543"
    "cartulation": "locator",  # "c. 48r-v": folio of a register, the pinpoint
    "foliation": "locator",  # "f. 98 r"
    "numbered_ref": "locator",  # "n. 32", "doc. 257": item within a unit or edition
    "ref": "locator",  # "tav. 190", "App. II", "p. II": subdivisions
    "volume": "volume",
    "tomo": "volume",  # "t. IX"
    "series": "volume",  # "n. s.", "serie II": the series part of a journal's volume designation
    "publicationnumber-year": "volume",  # split, see above
    "publicationspecifications": "note",  # "suppl. IX", "(I ed. francese 1979)", "trans. ..."
    "abbreviation": "note",  # "op. cit.", "ibid.", "art. cit."
    "attachment": "note",  # "dispaccio del 17 giugno 1758": the archival item described
    "archivalreference": "archive",
    "archive_lib": "archive",  # "A. S. V.", "Biblioteca Universitaria di Padova"
    "box": "archive",  # "b. 79" (busta): part of the shelfmark
    "folder": "archive",  # "fasc. 2"
    "filza": "archive",
    "registry": "archive",  # "reg. 280"
    "conjunction": OTHER,  # "in", "dans"
    "o": OTHER,
}

#: Tokens that take no space before them (they start with closing punctuation).
LB_NO_SPACE_BEFORE = set(",.;:)]»”!?%")
#: Tokens that take no space after them (they end with opening punctuation).
LB_NO_SPACE_AFTER = set("([«“‘")
#: Apostrophe tokens: glued to a preceding word; glued to the next word after a short elided word (l', dell', d', qu').
LB_APOSTROPHES = {"’", "'"}
#: Editor marks in an author run ("a cura di", "cur.", "(eds.)", "hrsg. von", "dir.", "éd.").
LB_EDITOR_MARK = re.compile(r"(?:^|[\s(])(?:a cura|a c\. di|cura|curr?|ed|eds|edd|éd|éds|hrsg|hg|hgg|dir)(?=[\s.),]|$)", re.IGNORECASE)
#: Translator marks in an author run ("trad. di", "Trad, di", "transl. by", "übers. von").
LB_TRANSLATOR_MARK = re.compile(r"(?:^|[\s(])(?:trad|traduz|traduzione|transl|trans|translated|übers|übersetzt)(?=[\s.),]|$)", re.IGNORECASE)
#: Abbreviations standing for an author: "AA. VV.", "Id.", "Ead.", "Idem".
LB_AUTHOR_ABBREV = re.compile(r"^(?:AA\s?\.?\s?VV|Id|Idem|Ead|Eid|Iid)\s?\.?\s?,?$", re.IGNORECASE)
#: The word (last token of the run before a title, a ":" after it ignored) that makes the title a container.
LB_IN_WORD = re.compile(r"^(?:in|dans|en|im)\s?:?$", re.IGNORECASE)
#: A year in a publicationnumber-year field.
LB_YEAR = re.compile(r"^\(?(?:1[0-9]|20)[0-9]{2}\)?[.,:;)]*$")
#: A token of punctuation only.
LB_PUNCT = re.compile(r"^[^\w]+$")


def _lb_lines(path: Path) -> list[str]:
    """The lines of a gzipped LinkedBooks file: separated by "\\r" (the files' own
    separator) or "\\n"."""
    try:
        raw = gzip.open(str(path), "rb").read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read LinkedBooks file: {exc}") from exc
    return re.split(r"\r\n|\r|\n", raw)


def _lb_documents(path: Path) -> list[list[tuple[str, str, str, bool]]]:
    """Documents as lists of ``(token, field, bio, line_break_before)``.

    A blank line in the files is a line break of the printed page (it falls inside
    words split by a hyphen: "Vero -", "", "nese"); ``-DOCSTART-`` starts a document.
    """
    docs: list[list[tuple[str, str, str, bool]]] = []
    cur: list[tuple[str, str, str, bool]] | None = None
    brk = False
    for line in _lb_lines(path):
        parts = line.split(" ")
        if len(parts) != 4:
            brk = True
            continue
        tok, field, _typology, bio = parts
        if tok == "-DOCSTART-":
            cur = []
            docs.append(cur)
            brk = False
            continue
        if cur is None:
            cur = []
            docs.append(cur)
        cur.append((tok, field, bio, brk))
        brk = False
    return docs


def _lb_join(prev: str, tok: str, nxt: str | None) -> bool:
    """Whether ``tok`` is glued to ``prev`` (no space between them).

    Rules (simple, by token shape): closing punctuation glues left, opening punctuation
    glues right; an apostrophe glues left after a letter; a token after an apostrophe that
    follows a word of at most 4 letters (l’, dell’, d’, qu’) or before "s" glues; a lone
    "-" between a letter and a lower-case letter ("Con - vegno", "U - dine") or digits ("139 - 156") glues both sides.
    """
    if tok[0] in LB_NO_SPACE_BEFORE:
        return True
    if prev[-1] in LB_NO_SPACE_AFTER:
        return True
    if tok in LB_APOSTROPHES and prev[-1].isalpha():
        return True
    return tok == "-" and nxt is not None and (
        (prev[-1].isalpha() and nxt[0].islower()) or (prev[-1].isdigit() and nxt[0].isdigit())
    )


def _lb_separators(tokens: list[str]) -> list[str]:
    """The separator ("" or " ") before each token (the first is "")."""
    seps = [""]
    for i in range(1, len(tokens)):
        prev, tok = tokens[i - 1], tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if prev == "-" and i >= 2 and seps[i - 1] == "" and tokens[i - 2][-1:].isalnum():
            glue = True  # the other side of a glued hyphen
        elif prev in LB_APOSTROPHES and i >= 2 and seps[i - 1] == "" and tok[0].isalpha():
            word = tokens[i - 2]  # elided word (l’, dell’, qu’) or possessive ’s
            glue = (word.isalpha() and len(word) <= 4) or tok == "s"
        else:
            glue = _lb_join(prev, tok, nxt)
        seps.append("" if glue else " ")
    return seps


def _lb_relabel(tokens: list[str], fields: list[str]) -> list[str]:
    """Labels for the tokens of one reference (fields from the data; rules in
    :data:`LINKEDBOOKS_LABELS`)."""
    labels = [LINKEDBOOKS_LABELS.get(f, "note") for f in fields]
    n = len(tokens)
    # runs of one field
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        j = i
        while j < n and fields[j] == fields[i]:
            j += 1
        runs.append((i, j))
        i = j
    seen_title = False
    for r, (i, j) in enumerate(runs):
        field = fields[i]
        text = " ".join(tokens[i:j])
        if field == "title":
            prev_words = tokens[runs[r - 1][0]:runs[r - 1][1]] if r > 0 else []
            if prev_words and prev_words[-1] == ":":
                prev_words = prev_words[:-1]
            after_in = bool(prev_words) and LB_IN_WORD.match(prev_words[-1]) is not None
            if seen_title or after_in:
                for k in range(i, j):
                    labels[k] = "container-title"
            seen_title = True
        elif field == "author" and LB_EDITOR_MARK.search(text):
            for k in range(i, j):
                labels[k] = "editor"
        elif field == "author" and LB_TRANSLATOR_MARK.search(text):
            for k in range(i, j):
                labels[k] = "translator"
        elif field == "abbreviation" and LB_AUTHOR_ABBREV.match(text):
            for k in range(i, j):
                labels[k] = "author"
        elif field == "publicationnumber-year":
            years = [LB_YEAR.match(tokens[k]) is not None for k in range(i, j)]
            for k in range(i, j):
                if years[k - i]:
                    labels[k] = "date"
                elif LB_PUNCT.match(tokens[k]) and ((k > i and years[k - i - 1]) or (k + 1 < j and years[k - i + 1])):
                    labels[k] = OTHER  # the "(" ")" "," around a year
    return labels


def _lb_segments(tokens: list[str], labels: list[str]) -> tuple[tuple[str, str], ...]:
    """Join tokens into segments; a space between two tokens of one label has that
    label, between different labels it is ``other``."""
    seps = _lb_separators(tokens)
    pieces: list[tuple[str, str]] = []
    for k, (tok, label) in enumerate(zip(tokens, labels)):
        if seps[k]:
            same = k > 0 and labels[k - 1] == label
            pieces.append((seps[k], label if same else OTHER))
        pieces.append((tok, label))
    return normalise_segments(pieces)


def _lb_references(doc: list[tuple[str, str, str, bool]]) -> list[tuple[int, int]]:
    """``(start, end)`` token ranges of the references of a document: b-r starts one,
    e-r ends it; an ``o`` token, a new b-r or the end of the document closes an open one,
    and an i-r/e-r with none open starts one."""
    refs: list[tuple[int, int]] = []
    start: int | None = None
    for k, (_tok, _field, bio, _brk) in enumerate(doc):
        if bio == "b-r":
            if start is not None:
                refs.append((start, k))
            start = k
        elif bio in ("i-r", "e-r"):
            if start is None:
                start = k
        else:
            if start is not None:
                refs.append((start, k))
            start = None
            continue
        if bio == "e-r":
            refs.append((start, k + 1))
            start = None
    if start is not None:
        refs.append((start, len(doc)))
    return refs


def _lb_prefix(path: Path) -> str:
    stem = path.name.split(".")[0]  # clean_train.txt.gz → clean_train
    return "lb-" + (stem.split("_", 1)[1] if "_" in stem else stem)


#: Consecutive references that share one ``doc`` id.  Each file has a single
#: ``-DOCSTART-`` (its "documents" are text lines separated by blank lines), so blocks of
#: consecutive references — neighbouring lines of one book — stand in for documents.
LB_BLOCK = 25


def linkedbooks(path: str | Path) -> Iterator[Example]:
    """Yield one ``note`` Example per reference of a LinkedBooks file.

    ``path``: ``clean_train.txt.gz`` or ``clean_valid.txt.gz`` (token field typology bio,
    "\\r"-separated).  Text rebuilt from the tokens by :func:`_lb_separators`; labels by
    :func:`_lb_relabel`.  ``doc``: ``"lb-train-%05d" % (reference index // 25)``
    (``lb-valid-…``): see :data:`LB_BLOCK`.
    """
    path = Path(path)
    prefix = _lb_prefix(path)
    n = 0
    for doc in _lb_documents(path):
        for start, end in _lb_references(doc):
            toks = doc[start:end]
            tokens = [t[0] for t in toks]
            labels = _lb_relabel(tokens, [t[1] for t in toks])
            segments = _lb_segments(tokens, labels)
            if _has_field(segments):
                yield Example("linkedbooks", "%s-%05d" % (prefix, n // LB_BLOCK), "note", segments)
            n += 1


#: Most tokens in one context window of :func:`linkedbooks_context`.
LB_WINDOW = 60


def linkedbooks_context(path: str | Path, window: int = LB_WINDOW) -> Iterator[Example]:
    """Yield, per reference that has prose around it, a ``note`` Example of the reference
    plus up to ``window`` tokens in all of the out-of-reference tokens either side of it
    (labelled ``other``; the budget is split evenly, a side with fewer tokens leaves the
    rest to the other).  Context stops at a neighbouring reference.  References longer
    than the window and references with no prose beside them are not repeated here.
    """
    path = Path(path)
    prefix = _lb_prefix(path)
    n = -1
    for doc in _lb_documents(path):
        refs = _lb_references(doc)
        for r, (start, end) in enumerate(refs):
            n += 1
            room = window - (end - start)
            if room <= 0:
                continue
            left_limit = refs[r - 1][1] if r > 0 else 0
            right_limit = refs[r + 1][0] if r + 1 < len(refs) else len(doc)
            left_avail, right_avail = start - left_limit, right_limit - end
            left = min(left_avail, room // 2)
            right = min(right_avail, room - left)
            left = min(left_avail, room - right)
            if left == 0 and right == 0:
                continue
            toks = doc[start - left:end + right]
            ref_labels = _lb_relabel([t[0] for t in doc[start:end]], [t[1] for t in doc[start:end]])
            labels = [OTHER] * left + ref_labels + [OTHER] * right
            segments = _lb_segments([t[0] for t in toks], labels)
            if _has_field(segments):
                yield Example("linkedbooks", "%s-%05d" % (prefix, n // LB_BLOCK), "note", segments)


# --------------------------------------------------------------------------------------
# 4. The project's own corpus: citation strings for evaluation
# --------------------------------------------------------------------------------------


def corpus_spans(corpus_dir: str | Path) -> list[tuple[str, str]]:
    """``(doc, text)`` of every gold citation of ``corpus_dir/gold/<doc>/citations.jsonl``
    whose ``text`` is exactly ``<doc>.txt[start:end]`` (others are left out).

    For evaluation only: the gold has no field-level labels, so no :class:`Example`
    is made from it (a guessed labelling would teach the model our own parser's errors).
    """
    corpus_dir = Path(corpus_dir)
    out: list[tuple[str, str]] = []
    for gold in sorted((corpus_dir / "gold").glob("*/citations.jsonl")):
        doc = gold.parent.name
        src = corpus_dir / f"{doc}.txt"
        text = src.read_text(encoding="utf-8") if src.exists() else None
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            c = json.loads(line)
            if text is not None and text[c["start"]:c["end"]] != c["text"]:
                continue
            out.append((doc, c["text"]))
    return out


# --------------------------------------------------------------------------------------
# 5. Split by document
# --------------------------------------------------------------------------------------


def _doc_draw(doc: str, seed: int) -> float:
    """A stable draw in [0, 1) for a document id (SHA-1 of ``"seed:doc"``)."""
    h = hashlib.sha1(f"{seed}:{doc}".encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def split(examples: Iterable[Example], held_out_fraction: float = 0.1, seed: int = 13) -> tuple[list[Example], list[Example]]:
    """``(train, test)``: an example is held out when its document's stable draw is below
    ``held_out_fraction``, so every document is wholly on one side; about that fraction
    of documents (not of examples) is held out.  Same input and seed, same split."""
    train: list[Example] = []
    test: list[Example] = []
    for ex in examples:
        (test if _doc_draw(ex.doc, seed) < held_out_fraction else train).append(ex)
    return train, test


# --------------------------------------------------------------------------------------
# 6. Command line
# --------------------------------------------------------------------------------------


def _counts(name: str, examples: list[Example]) -> str:
    segs: collections.Counter[str] = collections.Counter()
    chars: collections.Counter[str] = collections.Counter()
    for ex in examples:
        for t, l in ex.segments:
            segs[l] += 1
            chars[l] += len(t)
    docs = len({ex.doc for ex in examples})
    lines = [f"{name}: {len(examples)} examples, {docs} docs, {sum(chars.values())} chars"]
    for label in (*LABELS, OTHER):
        if segs[label]:
            lines.append(f"  {label:<17}{segs[label]:>8} segs {chars[label]:>10} chars")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write every source as JSONL into ``--out`` and print counts per source and label."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared/training", help="the shared training folder")
    ap.add_argument("--out", required=True, help="directory for the JSONL files")
    ap.add_argument("--exclude-cjk", action="store_true", help="drop mostly-CJK GROBID references")
    ap.add_argument("--context", action="store_true", help="also write linkedbooks-context-{train,valid}.jsonl")
    args = ap.parse_args(argv)
    shared, out = Path(args.shared), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    jobs: list[tuple[str, Iterable[Example]]] = [
        ("anystyle", anystyle(shared / "anystyle" / "core.xml")),
        ("grobid", grobid(shared / "grobid" / "citation-corpus.tar.gz", exclude_cjk=args.exclude_cjk)),
        ("linkedbooks-train", linkedbooks(shared / "linkedbooks" / "clean_train.txt.gz")),
        ("linkedbooks-valid", linkedbooks(shared / "linkedbooks" / "clean_valid.txt.gz")),
    ]
    if args.context:
        jobs += [
            ("linkedbooks-context-train", linkedbooks_context(shared / "linkedbooks" / "clean_train.txt.gz")),
            ("linkedbooks-context-valid", linkedbooks_context(shared / "linkedbooks" / "clean_valid.txt.gz")),
        ]
    for name, gen in jobs:
        examples = list(gen)
        write_jsonl(examples, out / f"{name}.jsonl")
        print(_counts(name, examples))
    print(f"written to {out} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
