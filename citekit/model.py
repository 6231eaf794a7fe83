"""citekit's data model: small frozen ``attrs`` classes.

Spans are ``(start, end)`` character offsets into :attr:`Document.text` (a
Python ``str``).  A citation keeps its ``text`` as written so that it can be
printed without the document; ``document.text[c.start:c.end] == c.text``
always holds (tested).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal, Mapping

import attrs
from attrs import field, frozen

Role = Literal["cited", "quoted-in", "original"]


class Form(str, Enum):
    """How a citation is written (see docs/json-schema.md)."""

    FULL = "full"  #: author and title (or title) of a work not abbreviated
    SHORT = "short"  #: a shortened form: author only, title only, author + short title
    ABBREV = "abbrev"  #: a declared or conventional abbreviation (LCW, MECW, VI Lenin CW)
    IBID = "ibid"  #: ibid. / ibidem
    OPCIT = "opcit"  #: op. cit. / loc. cit.
    PERIODICAL = "periodical"  #: a newspaper or journal with an issue date
    DATE = "date"  #: a bare date pointing back to a periodical named in the sentence
    REFLIST = "reflist"  #: an entry of a reference list
    AUTHOR_DATE = "author-date"  #: an author-date key (Cliff, 1974, p121)
    KEYED = "keyed"  #: an already-keyed citation (pandoc ``[@key]``)
    NUMERIC = "numeric"  #: a number pointing into a numbered reference list (``[12, p. 5]``)
    OTHER = "other"


@frozen
class Name:
    """A personal or corporate name, CSL-shaped."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    def csl(self) -> dict[str, str]:
        """The CSL-JSON name object."""
        if self.literal:
            return {"literal": self.literal}
        out = {"family": self.family or ""}
        if self.given:
            out["given"] = self.given
        return out

    @property
    def key(self) -> str:
        """The name used for matching (family name or literal)."""
        return (self.family or self.literal or "").strip()


@frozen
class Fields:
    """What one cited source says, as parsed from the citation text.

    One citation may have several parts ("… p. 5. Quoted by T. Cliff, …, p. 121.");
    each part is a :class:`Fields` with its own role.
    """

    role: Role = "cited"
    relation: str | None = None  #: "quoted in", "see", "see also", "cited in", ...
    authors: tuple[Name, ...] = ()
    authors_text: str | None = None  #: the authors exactly as written
    editors: tuple[Name, ...] = ()
    translators: tuple[Name, ...] = ()  #: "trans. Alan Forrest", "traduit par", "übers. v." (CSL "translator")
    et_al: bool = False
    title: str | None = None
    item_title: str | None = None  #: a chapter, article or letter inside the work
    item_author: str | None = None  #: "by Marx" after an item
    container: str | None = None  #: journal or book an article appears in
    periodical: str | None = None  #: the periodical's name, for newspaper citations
    issue_date: str | None = None  #: date of a periodical issue, as written
    issue: str | None = None
    volume: str | None = None
    pages: str | None = None
    page_label: str | None = None  #: "p.", "pp", "pages" as written
    note_locator: str | None = None
    #: the CSL label of a locator that is not a page or a volume ("chapter", "folio", "line",
    #: "section", "note", …; citekit/locators.py), and its normalised value
    locator_label: str | None = None
    locator: str | None = None
    locator_suffix: str | None = None  #: "f.", "ff.", "et seq.", "passim" after the page or locator
    archive: str | None = None  #: an archive's name ("RGASPI", "Archives nationales")
    archive_location: str | None = None  #: its shelfmark ("f. 17, op. 3, d. 45", "H 1418")
    supra_note: str | None = None  #: "supra n. 12": the note whose work is meant
    same_author: bool = False  #: "Idem, Title" / "Ders., Titel": the author of the previous citation
    year: str | None = None
    year_suffix: str | None = None
    original_year: str | None = None  #: the work's first publication ("1st ed. 1867", "[1902]", "Erstausgabe 1925"): CSL "original-date"
    place: str | None = None
    publisher: str | None = None
    edition: str | None = None
    doi: str | None = None  #: "10.1017/S1816…" from "https://doi.org/10.1017/S1816…" or "doi:10.…" (CSL "DOI")
    number_of_volumes: str | None = None  #: "2" of "2 vols.", "2 Bde.", "2 t." (CSL "number-of-volumes")
    genre: str | None = None  #: "Exhibition catalogue", "PhD diss.", "Ausstellungskatalog" (CSL "genre")
    remarks: tuple[str, ...] = ()
    short: str | None = None  #: "ibid" | "opcit" | "loccit" | "idem" | None
    abbreviation: str | None = None  #: LCW, MECW, CW ...
    declares: str | None = None  #: an abbreviation this citation declares
    keyed: str | None = None  #: a pandoc citation key
    author_date: bool = False  #: written as an author-date key
    name_or_title: str | None = None  #: a lone segment that may be an author or a title
    url: str | None = None  #: the web address of an online source, as written (CSL "URL")
    accessed: str | None = None  #: its access date, as written ("3 Mar. 2024"; CSL "accessed")

    @property
    def surnames(self) -> tuple[str, ...]:
        """Family names (or literals) of the authors, for matching."""
        return tuple(n.key for n in self.authors if n.key)

    @property
    def creator_surnames(self) -> tuple[str, ...]:
        """The authors' family names, else the editors' (an edited volume is known by its editors)."""
        return self.surnames or tuple(n.key for n in self.editors if n.key)


@frozen
class Ref:
    """A resolved (or unresolved) reference from a citation to a record."""

    record: str | None
    volume: str | None = None
    pages: str | None = None
    role: Role = "cited"
    reason: str = ""  #: how it was resolved: "ibid of #12", "abbreviation LCW", "kb", ...
    antecedent: int | None = None  #: index of the citation this one leans on
    ambiguous: bool = False
    candidates: tuple[str, ...] = ()
    #: the CSL label of ``locator`` ("chapter", "folio", …) when the citation points to something
    #: other than pages; None with pages (their label is "page")
    label: str | None = None
    locator: str | None = None

    @property
    def resolved(self) -> bool:
        return self.record is not None


@frozen
class Citation:
    """One citation found in the text."""

    start: int
    end: int
    text: str
    form: Form
    note: int | None = None  #: the number of the note it stands in, if any
    chapter: int = 0  #: the note-numbering chapter it belongs to
    region: Literal["body", "note", "reflist"] = "body"
    parts: tuple[Fields, ...] = ()
    refs: tuple[Ref, ...] = ()
    unclosed: bool = False  #: its opening parenthesis is never closed

    @property
    def resolved(self) -> bool:
        return bool(self.refs) and all(r.resolved for r in self.refs)

    def with_refs(self, refs: tuple["Ref", ...]) -> "Citation":
        """A copy with ``refs`` set (cheaper than ``attrs.evolve`` in the resolver's loop)."""
        return Citation(self.start, self.end, self.text, self.form, self.note, self.chapter, self.region, self.parts, refs, self.unclosed)


@frozen
class Note:
    """A note body: ``start``/``end`` exclude its number and any back-link arrow."""

    number: int
    start: int
    end: int
    chapter: int = 0
    label_start: int = 0  #: where the note's number (``12.`` or ``[12]``) starts


@frozen
class Marker:
    """An in-text note marker (``start``/``end`` of the digits, of ``[n]`` or of ``(n)``)."""

    start: int
    end: int
    note: int
    chapter: int = 0
    kind: Literal["bracket", "glued", "caret", "superscript", "paren", "explicit"] = "glued"
    has_note: bool = True


@frozen
class Region:
    """A structural region of the document: a note section or a reference list."""

    kind: Literal["notes", "reflist"]
    start: int
    end: int
    heading: tuple[int, int] | None = None


@frozen
class Record:
    """One normalised work, CSL-JSON shaped.

    ``csl`` is a plain dict in CSL-JSON form (``id`` is the key); treat it as
    read-only.  ``sources`` are the indices of the citations that name it;
    ``kb`` tells whether the knowledge base (or the user's library) supplied it.
    """

    key: str
    csl: Mapping[str, Any] = field(eq=False)
    sources: tuple[int, ...] = ()
    kb: bool = False
    periodical: bool = False


@frozen
class Document:
    """A loaded text and its structure."""

    source: str
    text: str
    notes: tuple[Note, ...] = ()
    markers: tuple[Marker, ...] = ()
    regions: tuple[Region, ...] = ()
    #: Maps a text offset back to the source file (line, column); see load/.
    offset_map: Any = None
    #: The input format: text, markdown, html, docx, pdftext.
    format: str = "text"

    def __repr__(self) -> str:
        """Counts, not contents: ``<Document 'ch1.txt' text, 451,205 chars, 88 notes, 90 markers>``."""
        return f"<Document {self.source!r} {self.format}, {len(self.text):,} chars, {len(self.notes)} notes, {len(self.markers)} markers>"

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the source file's own text (equal for plain text; see load/)."""
        if self.offset_map is not None and hasattr(self.offset_map, "source_span"):
            return self.offset_map.source_span(start, end)
        return start, end

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset`` in the source file."""
        if self.offset_map is not None:
            return self.offset_map.line_col(offset)
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col


@frozen
class Extraction:
    """The result of :func:`citekit.extract`."""

    document: Document
    citations: tuple[Citation, ...]
    records: tuple[Record, ...]

    def __repr__(self) -> str:
        """Counts, not contents: ``<Extraction 'ch1.txt': 1,203 citations, 95 records, 88 notes>``."""
        return (
            f"<Extraction {self.document.source!r}: {len(self.citations):,} citations, "
            f"{len(self.records):,} records, {len(self.document.notes):,} notes>"
        )

    @property
    def source(self) -> str:
        return self.document.source

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def notes(self) -> tuple[Note, ...]:
        return self.document.notes

    @property
    def markers(self) -> tuple[Marker, ...]:
        return self.document.markers

    def record(self, key: str) -> Record | None:
        """The record with ``key``, or None."""
        for r in self.records:
            if r.key == key:
                return r
        return None


evolve = attrs.evolve
