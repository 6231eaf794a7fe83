"""Token features for the field parser's CRF.

For each token: its lower-cased form, shape, character class, case, length, whether a
space precedes and follows it, year and Roman-numeral tests, gazetteer memberships
(:mod:`citekit.fields.gazetteer`), its place in the string, whether it stands inside
brackets or quotation marks, how many commas / full stops / colons came before it, and
the same cheap facts about the two tokens on each side.  AnyStyle and GROBID use
features of these kinds (token shape, punctuation, position, dictionaries); the window
of two and the counts are ours.

``features(tokens)`` takes the tokens of one string and returns one list of feature
strings per token (python-crfsuite's item format), in linear time.  The tagger does not make
the strings: :func:`emissions` sums the same features' weights from a :class:`SumTable` of
weights summed ahead (per word, per combination of context facts), exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from . import gazetteer as G
from .tokens import Token

#: A Roman numeral (either case), up to 3999.
ROMAN = re.compile(r"(?i)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}
#: Quotation marks: opening, closing, and the ones that toggle.
_QOPEN = set("“‘«„‚‹")
_QCLOSE = set("”’»‹›")
_QTOGGLE = set('"')

_SHAPE_MAP = str.maketrans(
    {**{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, **{c: "x" for c in "abcdefghijklmnopqrstuvwxyz"}, **{c: "d" for c in "0123456789"}}
)


def _shape(w: str) -> str:
    """Collapsed shape: ``Lenin`` -> ``Xx``, ``USSR`` -> ``XX``, ``1977`` -> ``dddd`` (digits counted to 4)."""
    if w.isdigit():
        return "d" * min(len(w), 4)
    out: list[str] = []
    run = 0
    for c in w:
        k = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if out and out[-1] == k:
            run += 1
            if k == "X" and run == 2:
                out.append("X")  # two or more capitals in a row: "XX"
            continue
        if out and k == "X" and out[-1] == "X":
            continue
        out.append(k)
        run = 1
        if len(out) > 4:
            break  # the shape is cut to 4 below, and what is written stays written
    return "".join(out)[:4]


#: Gazetteer feature names and their word lists, in the order the features are written.
_GAZETTEERS = (
    ("month", G.MONTHS),
    ("loc", G.LOCATOR_TERMS),
    ("edt", G.EDITOR_TERMS),
    ("rel", G.RELATION_TERMS),
    ("short", G.SHORT_TERMS),
    ("conn", G.CONNECTORS),
    ("pub", G.PUBLISHER_WORDS),
    ("jour", G.JOURNAL_WORDS),
    ("edn", G.EDITION_WORDS),
    ("given", G.GIVEN_NAMES),
    ("fn", G.FUNCTION_WORDS),
)


def _gaz(low: str, word: bool) -> tuple[str, ...]:
    """The gazetteers a lower-cased word is in (none for punctuation and numbers)."""
    return tuple(name for name, words in _GAZETTEERS if low in words) if word else ()


@lru_cache(maxsize=65536)
def _static(w: str) -> tuple[str, bool, bool]:
    """(lower-cased text cut to 24 characters, all digits, a year 1400-2099)."""
    low = w.lower()
    digit = w.isdigit()
    if len(w) == 5 and w[:4].isdecimal() and w[4].isalpha():  # "1983b": a year with its suffix
        return low, False, 1400 <= int(w[:4]) <= 2099
    # isdecimal before int(): "¹²¹¹" is isdigit() but no int (issue 13's fuzzing)
    return (low if len(low) <= 24 else low[:24]), digit, digit and len(w) == 4 and w.isdecimal() and 1400 <= int(w) <= 2099


def _running(texts: list[str], statics: list[tuple[str, bool, bool]]) -> tuple[list, ...]:
    """The running facts of a string, each as it stood before token ``i``: inside brackets, inside
    quotation marks, commas (to 4), full stops (to 4), colons (to 2), a year seen, a digit seen,
    field-ending full stops (to 5: after a word of 3+ letters, a number or a bracket), a closing
    quotation mark seen (a quoted title is over), an "In"/"in:" after a field boundary (a container
    opens).  Ten lists of ``len(texts)``; one definition for :func:`_base` and :func:`feature_rows`."""
    n = len(texts)
    c_br, c_q, c_syear, c_sdig, c_qb, c_ain = ([False] * n for _ in range(6))
    c_commas, c_periods, c_colons, c_breaks = ([0] * n for _ in range(4))
    depth = 0
    quote = False
    commas = periods = colons = breaks = 0
    seen_year = seen_digit = quoted_before = after_in = False
    prev_low = ""
    for i in range(n):
        w = texts[i]
        lowt, digit, year = statics[i]
        c_br[i] = depth > 0
        c_q[i] = quote
        c_commas[i] = commas if commas < 4 else 4
        c_periods[i] = periods if periods < 4 else 4
        c_colons[i] = colons if colons < 2 else 2
        c_syear[i] = seen_year
        c_sdig[i] = seen_digit
        c_breaks[i] = breaks if breaks < 5 else 5
        c_qb[i] = quoted_before
        c_ain[i] = after_in
        if w in _OPEN:
            depth = min(depth + 1, 3)
        elif w in _CLOSE:
            depth = max(depth - 1, 0)
        elif w in _QOPEN:
            quote = True
        elif w in _QCLOSE or (w == "’" and quote):
            quote = False
            quoted_before = True
        elif w in _QTOGGLE:
            quote = not quote
        elif w == ",":
            commas += 1
        elif w == ".":
            periods += 1
            if i > 0 and (len(prev_low) >= 3 and prev_low.isalpha() or prev_low.isdigit() or prev_low in (")", "]")):
                breaks += 1
        elif w == ":":
            colons += 1
        if lowt in _IN_WORDS and prev_low in _IN_AFTER:
            after_in = True
        prev_low = lowt
        if year:
            seen_year = True
        if digit:
            seen_digit = True
    return c_br, c_q, c_commas, c_periods, c_colons, c_syear, c_sdig, c_breaks, c_qb, c_ain


#: :func:`_running`'s tests of a token's text, in its order (the first that holds): 1 an opening
#: bracket, 2 a closing one, 3 an opening quotation mark, 4 a closing one, 5 one that toggles,
#: 6 a comma, 7 a full stop, 8 a colon.
_KIND: dict[str, int] = {}
for _k, _chars in enumerate((_OPEN, _CLOSE, _QOPEN, _QCLOSE, _QTOGGLE, ",", ".", ":"), 1):
    for _c in _chars:
        _KIND.setdefault(_c, _k)


def _running_codes(texts: list[str], statics: list[tuple[str, bool, bool]]) -> tuple[list[int], list[int], list[int]]:
    """:func:`_running`'s facts as two numbers per token, as :meth:`SumTable` indexes them:
    ``15 * commas + 3 * full stops + colons`` and ``64 * breaks + 32 * in brackets + 16 * in
    quotes + 8 * year seen + 4 * digit seen + 2 * quoted before + after "In"`` (each as it stood
    before the token, capped as there), and the sentence chunks' starts (0, the tokens after a
    counted break, ``len(texts)``).  The same state machine, updated only when a fact changes;
    ``tests/test_fields_fast_path.py`` compares the emissions of the two on many strings."""
    n = len(texts)
    counts: list[int] = []
    flags: list[int] = []
    starts = [0]
    kind_of = _KIND.get
    in_words, in_after = _IN_WORDS, _IN_AFTER
    depth = commas = periods = colons = breaks = 0
    quote = seen_year = seen_digit = quoted_before = after_in = False
    prev_low = ""
    c1 = c2 = 0
    for i in range(n):
        lowt, digit, year = statics[i]
        counts.append(c1)
        flags.append(c2)
        k = kind_of(texts[i])
        changed = False
        if k is not None:
            changed = True
            if k == 1:
                depth = min(depth + 1, 3)
            elif k == 2:
                depth = max(depth - 1, 0)
            elif k == 3:
                quote = True
            elif k == 4:
                quote = False
                quoted_before = True
            elif k == 5:
                quote = not quote
            elif k == 6:
                commas += 1
            elif k == 7:
                periods += 1
                if i > 0 and (len(prev_low) >= 3 and prev_low.isalpha() or prev_low.isdigit() or prev_low in (")", "]")):
                    if breaks < 5 and i + 1 < n:
                        starts.append(i + 1)
                    breaks += 1
            else:
                colons += 1
            c1 = (commas if commas < 4 else 4) * 15 + (periods if periods < 4 else 4) * 3 + (colons if colons < 2 else 2)
        if not after_in and lowt in in_words and prev_low in in_after:
            after_in = changed = True
        prev_low = lowt
        if year and not seen_year:
            seen_year = changed = True
        if digit and not seen_digit:
            seen_digit = changed = True
        if changed:
            c2 = (breaks if breaks < 5 else 5) * 64 + (depth > 0) * 32 + quote * 16 + seen_year * 8 + seen_digit * 4 + quoted_before * 2 + after_in
    starts.append(n)
    return counts, flags, starts


_IN_WORDS = frozenset(("in", "im", "dans", "en"))
_IN_AFTER = frozenset(("", ".", ",", ")", "]", ":", "–", "—", "-", "”", "’", "»", '"'))


def _base(tokens: list[Token]) -> list[dict]:
    n = len(tokens)
    place_mark = _place_marks([t.text.lower() for t in tokens])
    texts = [t.text for t in tokens]
    statics = [_static(w) for w in texts]
    br, q, cm, pd, cl, sy, sd, bk, qb, ain = _running(texts, statics)
    out = []
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < n else None
        out.append({
            "low": statics[i][0],
            "sp": t.space,
            "spn": nxt.space if nxt is not None else True,
            "dot": nxt is not None and nxt.text == "." and not nxt.space,
            "place": place_mark[i],
            "year": statics[i][2],
            "in_br": br[i],
            "in_q": q[i],
            "commas": cm[i],
            "periods": pd[i],
            "colons": cl[i],
            "seen_year": sy[i],
            "seen_digit": sd[i],
            "breaks": bk[i],
            "quoted_before": qb[i],
            "after_in": ain[i],
        })
    _chunks(tokens, out)
    return out


_CHUNK_MARKS = {",", ";", ":", "(", ")", "[", "]"}


def _chunks(tokens: list[Token], out: list[dict]) -> None:
    """Give each token a summary of its sentence chunk (between field-ending full stops) and of
    its comma chunk (between commas, colons, semicolons and brackets), and of the next comma chunk:
    a chunk with a number after a title-like chunk is where a container or locator starts."""
    texts = [t.text for t in tokens]
    years = [d["year"] for d in out]
    n = len(tokens)
    # sentence chunks: a break is counted on the full stop token itself (see _base)
    starts = [0]
    for i in range(1, n):
        if out[i]["breaks"] != out[i - 1]["breaks"]:
            starts.append(i)
    starts.append(n)
    for a, b in zip(starts, starts[1:]):
        summ = _summary(texts, years, a, b)
        for k in range(a, b):
            out[k]["pchunk"] = summ
    cstarts = [0]
    for i in range(n):
        if tokens[i].text in _CHUNK_MARKS:  # the mark is a chunk of its own
            if cstarts[-1] != i:
                cstarts.append(i)
            if i + 1 < n:
                cstarts.append(i + 1)
        elif i > 0 and out[i]["breaks"] != out[i - 1]["breaks"] and cstarts[-1] != i:
            cstarts.append(i)
    cstarts.append(n)
    spans = list(zip(cstarts, cstarts[1:]))
    summaries = [_summary(texts, years, a, b) for a, b in spans]
    # the next chunk that is not a punctuation mark of its own
    nxt = "end"
    following = [""] * len(spans)
    for j in range(len(spans) - 1, -1, -1):
        following[j] = nxt
        a, b = spans[j]
        if not (b - a == 1 and tokens[a].text in _CHUNK_MARKS):
            nxt = summaries[j]
    for j, (a, b) in enumerate(spans):
        for k in range(a, b):
            out[k]["cchunk"] = summaries[j]
            out[k]["cnext"] = following[j]


_OFFSETS = (-2, -1, 1, 2)
#: "-2:", "-1:", "+1:", "+2:": the prefixes of the features a word lends its neighbours.
_OFFSET_PREFIX = tuple("%+d:" % off for off in _OFFSETS)
#: Context feature strings, made once.
_POS = ["pos=%d" % k for k in range(11)]
_CM = ["cm=%d" % k for k in range(5)]
_PD = ["pd=%d" % k for k in range(5)]
_CL = ["cl=%d" % k for k in range(3)]
_BR = ["br=%d" % k for k in range(6)]


@lru_cache(maxsize=65536)
def _word(w: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The features a token has by its text alone, and those it lends its neighbours (per offset)."""
    low = w.lower()
    lowt = low if len(low) <= 24 else low[:24]
    alpha = w.isalpha()
    digit = w.isdigit()
    shape = _shape(w)
    own = ["b", "w=" + lowt, "s=" + shape, "c=" + ("A" if alpha else "D" if digit else "P")]
    lend = ["w=" + lowt, "s=" + shape]
    if alpha:
        if w[0].isupper():
            own.append("cap")
            if len(w) > 1 and w.isupper():
                own.append("upper")
        elif w.islower():
            own.append("lower")
        own.append("len=%d" % min(len(w), 8))
        if len(w) > 3:
            own.append("suf=" + low[-3:])
        if len(w) <= 8 and ROMAN.fullmatch(w) is not None:
            own.append("roman")
        for g in _gaz(low, True):
            own.append("g=" + g)
            lend.append("g=" + g)
    elif digit:
        own.append("dl=%d" % min(len(w), 5))
        if len(w) == 4 and w.isdecimal() and 1400 <= int(w) <= 2099:
            own.append("year")
            lend.append("year")
    elif len(w) == 5 and w[:4].isdecimal() and 1400 <= int(w[:4]) <= 2099:
        own.extend(("year", "ysuf"))
        lend.append("year")
    nb = tuple(tuple([p + x for x in lend]) for p in _OFFSET_PREFIX)
    return tuple(own), nb


def _name_order(tokens: list[Token]) -> str:
    """How the string opens: ``gf`` with a given name or initials before a family name and no
    comma between ("Robert Service, Lenin: …", "E. H. Carr, …"), ``fg`` with a family name and a
    comma ("Service, Robert"), ``-`` otherwise.  Chicago notes put the given name first; reference
    lists the family name; after ``gf`` the first comma ends the names."""
    words = 0
    first_given = False
    for k, t in enumerate(tokens[:12]):
        w = t.text
        if w == ",":
            return "fg" if words == 1 else ("gf" if first_given and words >= 2 else "-")
        if w.isalpha():
            if words == 0:
                first_given = w.lower() in G.GIVEN_NAMES or (len(w) <= 2 and w.isupper())
            words += 1
        elif w not in (".", "-", "’", "'"):
            return "-"
    return "-"


def features(tokens: list[Token]) -> list[list[str]]:
    """One list of feature strings per token (see the module docstring)."""
    base = _base(tokens)
    words = [_word(t.text) for t in tokens]
    n = len(tokens)
    order = "no=" + _name_order(tokens)
    out: list[list[str]] = []
    for i, d in enumerate(base):
        f = list(words[i][0])
        f.append(order)
        f.append(_POS[10 * i // n])
        f.append(_CM[d["commas"]])
        f.append(_PD[d["periods"]])
        f.append(_CL[d["colons"]])
        if i == 0:
            f.append("first")
        if i == n - 1:
            f.append("last")
        if not d["sp"]:
            f.append("nosp")
        if not d["spn"]:
            f.append("nospn")
        if d["dot"]:
            f.append("dot")
        if d["place"]:
            f.append("place")
        if d["in_br"]:
            f.append("inbr")
        if d["in_q"]:
            f.append("inq")
        if d["seen_year"]:
            f.append("syear")
        if d["seen_digit"]:
            f.append("sdig")
        f.append(_BR[d["breaks"]])
        f.append("pc=" + d["pchunk"])
        f.append("cc=" + d["cchunk"])
        f.append("cn=" + d["cnext"])
        if d["quoted_before"]:
            f.append("qb")
        if d["after_in"]:
            f.append("ain")
        for k, off in enumerate(_OFFSETS):
            j = i + off
            if 0 <= j < n:
                f.extend(words[j][1][k])
                if base[j]["place"]:
                    f.append("%+d:place" % off)
            elif off in (-1, 1):
                f.append("%+d:none" % off)
        if 0 < i < n - 1:
            f.append("bg=" + base[i - 1]["low"] + "|" + d["low"])
        out.append(f)
    return out


class RowEncoder:
    """One model's feature rows, for tagging without feature strings.

    ``rows`` maps a feature string to its row of the model's state-weight matrix; ``zero`` is
    the all-zero row that stands for a feature the model does not know (see
    :func:`citekit.fields.crf._emissions`).  The encoder keeps, per word, the rows of the
    features the word has by its text alone and of those it lends its neighbours (the word
    features of :func:`_word`), and the rows of the context features (position, counts, chunk
    summaries, flags), so that :func:`feature_rows` makes only the bigram string per token.
    The word memo is emptied when it holds :attr:`MAX_WORDS` words (memory stays bounded on
    any input).  :attr:`table` holds the summed weights :func:`emissions` tags with (made on
    first use; :meth:`clear` empties it but for its fixed part)."""

    MAX_WORDS = 200_000

    def __init__(self, rows: Any, zero: int) -> None:  # a dict, or anything with its get()
        self.rows = rows
        self.get = rows.get
        self.zero = zero
        z = zero
        g = rows.get
        self.pos = [g(x, z) for x in _POS]
        self.cm = [g(x, z) for x in _CM]
        self.pd = [g(x, z) for x in _PD]
        self.cl = [g(x, z) for x in _CL]
        self.br = [g(x, z) for x in _BR]
        self.flag = {x: g(x, z) for x in ("first", "last", "nosp", "nospn", "dot", "place", "inbr", "inq", "syear", "sdig", "qb", "ain")}
        self.off_place = [g("%+d:place" % off, z) for off in _OFFSETS]
        self.off_none = [g("%+d:none" % off, z) for off in _OFFSETS]
        self._ctx: dict[str, int] = {}
        self._words: dict[str, tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]] = {}
        self.table: Any = None  # the summed weights of :func:`emissions` (:class:`SumTable`), made on first use

    def clear(self) -> None:
        """Forget the words and context strings seen (the fixed context rows stay)."""
        self._words.clear()
        self._ctx.clear()
        if self.table is not None:
            self.table.reset()  # its fixed part is the model's

    def lookup(self) -> Any:
        """The fastest ``get`` of the rows now: a dict's own once the model's rows are a dict
        (``crf._Rows.getter``), else theirs."""
        getter = getattr(self.rows, "getter", None)
        return getter() if getter is not None else self.rows.get

    def ctx(self, s: str) -> int:
        """The row of a context feature string (memoised: chunk summaries and name orders are few)."""
        r = self._ctx.get(s)
        if r is None:
            r = self._ctx[s] = self.get(s, self.zero)
        return r

    def rows_of(self, strings: list[str]) -> list[int]:
        """The rows of ``strings`` (``zero`` for unknown ones), looked up together when the rows
        can (``crf._Rows.rows_of``: one binary search for all the new ones)."""
        many = getattr(self.rows, "rows_of", None)
        if many is not None:
            return many(strings, self.zero)
        g, z = self.get, self.zero
        return [g(s, z) for s in strings]

    def words(self, texts: list[str], extra: list[str]) -> tuple[list[tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]], list[int]]:
        """:meth:`word` of each of ``texts``, and the rows of the strings ``extra``: the new words'
        feature strings and ``extra`` looked up together (:meth:`rows_of`)."""
        memo = self._words
        out = [memo.get(w) for w in texts]
        if None not in out:
            return out, self.rows_of(extra)  # type: ignore[return-value]
        new = list(dict.fromkeys(w for w, r in zip(texts, out) if r is None))
        feats = [_word(w) for w in new]
        rows = self.rows_of(extra + [x for own, nb in feats for part in (own, *nb) for x in part])
        got = {}
        k = len(extra)
        for w, (own, nb) in zip(new, feats):
            parts = []
            for part in (own, *nb):
                parts.append(tuple(rows[k : k + len(part)]))
                k += len(part)
            r = got[w] = (parts[0], tuple(parts[1:]))
            if len(memo) >= self.MAX_WORDS:
                memo.clear()
            memo[w] = r
        return [r if r is not None else got[w] for w, r in zip(texts, out)], rows[: len(extra)]

    def word(self, w: str) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]:
        """The rows of :func:`_word`'s features of ``w``: its own, and per offset those it lends."""
        r = self._words.get(w)
        if r is None:
            own, nb = _word(w)
            g, z = self.lookup(), self.zero
            r = (tuple([g(x, z) for x in own]), tuple([tuple([g(x, z) for x in lend]) for lend in nb]))
            if len(self._words) >= self.MAX_WORDS:
                self._words.clear()
            self._words[w] = r
        return r


def _place_marks(lows: list[str]) -> list[bool]:
    """Per token, whether it is (part of) a place of the gazetteer (as :func:`_base` marks them)."""
    single, multi = G.places()
    marks = [low in single for low in lows]
    if multi and not multi.keys().isdisjoint(lows):  # (the first words of the names: no other can start one)
        words = [(i, low) for i, low in enumerate(lows) if low.isalnum()]
        for k, (_, w0) in enumerate(words):
            for m in multi.get(w0, ()):
                L = len(m)
                if k + L <= len(words) and tuple(w for _, w in words[k : k + L]) == m:
                    for j in range(words[k][0], words[k + L - 1][0] + 1):
                        marks[j] = True
    return marks


def _summary(texts: list[str], years: list[bool], a: int, b: int) -> str:
    """What a chunk (tokens a..b-1) holds: digits (d), a year (y), its length, title case (T)."""
    has_digit = has_year = False
    alpha = caps = 0
    for k in range(a, b):
        if years[k]:
            has_year = True
            continue
        w = texts[k]
        if w.isdigit():
            has_digit = True
        elif w.isalpha():
            alpha += 1
            if w[0].isupper():
                caps += 1
    n = b - a
    size = "1" if n <= 1 else "3" if n <= 3 else "8" if n <= 8 else "9"
    tc = "T" if alpha >= 2 and caps * 5 >= alpha * 4 else "t" if alpha >= 2 else "-"
    return ("y" if has_year else "") + ("d" if has_digit else "") + size + tc


def _context_strings(tokens: list[Token], texts: list[str], statics: list[tuple[str, bool, bool]], c_breaks: list[int]) -> tuple[list[str], tuple]:
    """The context feature strings of a string that are not per-token flags: its name order,
    the summary of each sentence chunk, of each comma chunk and of the comma chunk after it
    (:func:`_chunks`, one string per chunk), and the bigram of each inner token, in that order;
    and the chunk layout :func:`_context_rows` spreads their rows with."""
    n = len(texts)
    years = [x[2] for x in statics]
    lows = [x[0] for x in statics]
    # chunk summaries (_chunks): sentence chunks, comma chunks and the next comma chunk
    starts_s = [0] + [i for i in range(1, n) if c_breaks[i] != c_breaks[i - 1]] + [n]
    strs = ["no=" + _name_order(tokens)]
    strs.extend(["pc=" + _summary(texts, years, a, b) for a, b in zip(starts_s, starts_s[1:])])
    cstarts = [0]
    for i in range(n):
        if texts[i] in _CHUNK_MARKS:
            if cstarts[-1] != i:
                cstarts.append(i)
            if i + 1 < n:
                cstarts.append(i + 1)
        elif i > 0 and c_breaks[i] != c_breaks[i - 1] and cstarts[-1] != i:
            cstarts.append(i)
    cstarts.append(n)
    spans = list(zip(cstarts, cstarts[1:]))
    summaries = [_summary(texts, years, a, b) for a, b in spans]
    following = [""] * len(spans)
    nxt = "end"
    for j in range(len(spans) - 1, -1, -1):
        following[j] = nxt
        a, b = spans[j]
        if not (b - a == 1 and texts[a] in _CHUNK_MARKS):
            nxt = summaries[j]
    strs.extend(["cc=" + x for x in summaries])
    strs.extend(["cn=" + x for x in following])
    strs.extend(["bg=" + lows[i - 1] + "|" + lows[i] for i in range(1, n - 1)])
    return strs, (starts_s, spans)


def _context_rows(got: list[int], n: int, layout: tuple) -> tuple[int, list[int], list[int], list[int], list[int]]:
    """The rows ``got`` of :func:`_context_strings`'s strings per token: ``(name order,
    sentence-chunk rows, comma-chunk rows, next-chunk rows, bigram rows of tokens 1..n-2)``."""
    starts_s, spans = layout
    n_p, n_c = len(starts_s), len(spans)
    pcs: list[int] = [0] * n
    for j, (a, b) in enumerate(zip(starts_s, starts_s[1:]), 1):
        pcs[a:b] = [got[j]] * (b - a)
    ccs: list[int] = [0] * n
    cns: list[int] = [0] * n
    for j, (a, b) in enumerate(spans):
        ccs[a:b] = [got[n_p + j]] * (b - a)
        cns[a:b] = [got[n_p + n_c + j]] * (b - a)
    return got[0], pcs, ccs, cns, got[n_p + 2 * n_c :]


def feature_rows(tokens: list[Token], enc: RowEncoder) -> tuple[list[int], list[int]]:
    """The rows of :func:`features` without the strings: ``(rows, starts)``, token ``i``'s rows
    being ``rows[starts[i]:starts[i + 1]]``, in the order :func:`features` lists the strings
    (``enc.zero`` where the model does not know one), so that the summed weights are the same
    floating-point numbers.  The facts of :func:`_base` and :func:`_chunks` are computed here
    again in plain lists (no dict per token); ``tests/test_fields_fast_path.py`` compares the two
    paths on many strings."""
    n = len(tokens)
    texts = [t.text for t in tokens]
    statics = [_static(w) for w in texts]
    place = _place_marks([w.lower() for w in texts])
    # the running facts of _base, each as it stood before token i
    c_br, c_q, c_commas, c_periods, c_colons, c_syear, c_sdig, c_breaks, c_qb, c_ain = _running(texts, statics)
    strs, layout = _context_strings(tokens, texts, statics, c_breaks)
    # the rows, in the order of features(): the new words' strings and these looked up together
    words, got = enc.words(texts, strs)
    order, pcs, ccs, cns, bigrams = _context_rows(got, n, layout)
    flag = enc.flag
    pos, cm, pd, cl, br = enc.pos, enc.cm, enc.pd, enc.cl, enc.br
    f_first, f_last, f_nosp, f_nospn, f_dot, f_place = flag["first"], flag["last"], flag["nosp"], flag["nospn"], flag["dot"], flag["place"]
    f_inbr, f_inq, f_syear, f_sdig, f_qb, f_ain = flag["inbr"], flag["inq"], flag["syear"], flag["sdig"], flag["qb"], flag["ain"]
    (pl_m2, pl_m1, pl_p1, pl_p2), none_m1, none_p1 = enc.off_place, enc.off_none[1], enc.off_none[2]
    idx: list[int] = []
    starts: list[int] = []
    add = idx.append
    extend = idx.extend
    last = n - 1
    for i in range(n):
        starts.append(len(idx))
        extend(words[i][0])
        extend((order, pos[10 * i // n], cm[c_commas[i]], pd[c_periods[i]], cl[c_colons[i]]))
        if i == 0:
            add(f_first)
        if i == last:
            add(f_last)
            if not tokens[i].space:
                add(f_nosp)
        else:
            if not tokens[i].space:
                add(f_nosp)
            nt = tokens[i + 1]
            if not nt.space:
                add(f_nospn)
                if nt.text == ".":
                    add(f_dot)
        if place[i]:
            add(f_place)
        if c_br[i]:
            add(f_inbr)
        if c_q[i]:
            add(f_inq)
        if c_syear[i]:
            add(f_syear)
        if c_sdig[i]:
            add(f_sdig)
        extend((br[c_breaks[i]], pcs[i], ccs[i], cns[i]))
        if c_qb[i]:
            add(f_qb)
        if c_ain[i]:
            add(f_ain)
        if i >= 2:
            extend(words[i - 2][1][0])
            if place[i - 2]:
                add(pl_m2)
        if i >= 1:
            extend(words[i - 1][1][1])
            if place[i - 1]:
                add(pl_m1)
        else:
            add(none_m1)
        if i < last:
            extend(words[i + 1][1][2])
            if place[i + 1]:
                add(pl_p1)
        else:
            add(none_p1)
        if i + 2 <= last:
            extend(words[i + 2][1][3])
            if place[i + 2]:
                add(pl_p2)
        if 0 < i < last:
            add(bigrams[i - 1])
    return idx, starts



#: Chunk summary codes (:func:`_chunk_code`) -> the summary strings of :func:`_summary`.
_SUMMARIES = tuple(("y" if y else "") + ("d" if d else "") + size + tc for y in (0, 1) for d in (0, 1) for size in "1389" for tc in "Tt-")
#: A word's class for the chunk summaries, the chunk marks and the "dot" feature (:func:`_category`).
_C_OTHER, _C_YEAR, _C_DIGIT, _C_LOWER, _C_CAP, _C_MARK, _C_STOP = range(7)
#: Name orders (:func:`_name_order`) -> their place among the order rows of :class:`SumTable`.
_ORDERS = {"gf": 0, "fg": 1, "-": 2}


def _category(w: str, static: tuple[str, bool, bool]) -> int:
    """What :func:`_summary` counts a word as (a year, digits, a word with a capital or without),
    or a chunk mark (:data:`_CHUNK_MARKS`), or a full stop."""
    if static[2]:
        return _C_YEAR
    if w.isdigit():
        return _C_DIGIT
    if w.isalpha():
        return _C_CAP if w[0].isupper() else _C_LOWER
    return _C_MARK if w in _CHUNK_MARKS else _C_STOP if w == "." else _C_OTHER


def _chunk_code(cats: list[int], a: int, b: int) -> int:
    """:func:`_summary` of tokens a..b-1 from their categories, as an index of :data:`_SUMMARIES`."""
    c = cats[a:b]
    lower, caps = c.count(_C_LOWER), c.count(_C_CAP)
    alpha = lower + caps
    n = b - a
    size = 0 if n <= 1 else 1 if n <= 3 else 2 if n <= 8 else 3
    tc = 0 if alpha >= 2 and caps * 5 >= alpha * 4 else 1 if alpha >= 2 else 2
    return (((_C_YEAR in c) * 2 + (_C_DIGIT in c)) * 4 + size) * 3 + tc


class SumTable:
    """Summed feature weights, float64, one row of ``labels`` numbers each, for :func:`emissions`.

    A fixed part, made once per model from its rows: zeros (rows 0-4: the padding and absent
    features); the running counts (:attr:`COUNTS`: ``15 * commas + 3 * full stops + colons``)
    and breaks and flags (:attr:`BREAKS`: ``64 * breaks + 32 * in brackets + 16 * in quotes + 8 *
    year seen + 4 * digit seen + 2 * quoted before + after "In"``); for the tokens two before,
    one before, the token itself, one after and two after a token, what their marks give it
    (:attr:`MARKS`, 16 rows each, indexed by that token's bits: 1 no space before it, 2 a full
    stop, 4 a place, 8 padding, i.e. the edge of the string: "first", "-1:none" …); the
    positions, the name orders and the chunk summaries (``pc``, ``cc``, ``cn`` of
    :data:`_SUMMARIES`, and ``cn=end``).  Then, as they are met: per word five rows (its own
    features and those it lends at -2, -1, +1, +2: :func:`_word`), and a row per bigram the
    model knows.  Emptied back to the fixed part when it holds :attr:`MAX_ROWS` rows (144 bytes
    each with 18 labels, 38 MB at most: memory stays bounded)."""

    MAX_ROWS = 1 << 18

    def __init__(self, enc: RowEncoder, state: Any) -> None:
        import numpy as np

        self.enc = enc
        self.state = state
        zero = enc.zero
        groups: list[list[str]] = [[]] * 5
        self.COUNTS = len(groups)
        groups += [[_CM[c], _PD[p], _CL[k]] for c in range(5) for p in range(5) for k in range(3)]
        self.BREAKS = len(groups)
        flags = ("inbr", "inq", "syear", "sdig", "qb", "ain")
        groups += [[_BR[b]] + [f for j, f in enumerate(flags) if code >> (5 - j) & 1] for b in range(6) for code in range(64)]
        # what a token with bits v gives the tokens 2 after, 1 after, itself, 1 before, 2 before it
        by_offset = (
            lambda v: ["-2:place"] if v & 4 else [],
            lambda v: (["-1:place"] if v & 4 else []) + (["first", "-1:none"] if v & 8 else []),
            lambda v: (["nosp"] if v & 1 else []) + (["place"] if v & 4 else []),
            lambda v: (["nospn"] + (["dot"] if v & 2 else []) if v & 1 else []) + (["+1:place"] if v & 4 else []) + (["last", "+1:none"] if v & 8 else []),
            lambda v: ["+2:place"] if v & 4 else [],
        )
        self.MARKS = []
        for f in by_offset:
            self.MARKS.append(len(groups))
            groups += [f(v) for v in range(16)]
        self.POS = len(groups)
        groups += [[x] for x in _POS]
        self.ORDER = len(groups)
        groups += [["no=" + x] for x in _ORDERS]
        self.PC = len(groups)
        groups += [["pc=" + x] for x in _SUMMARIES]
        self.CC = len(groups)
        groups += [["cc=" + x] for x in _SUMMARIES]
        self.CN = len(groups)
        groups += [["cn=" + x] for x in _SUMMARIES] + [["cn=end"]]
        self.CN_END = self.CN + len(_SUMMARIES)
        rows = enc.rows_of([x for g in groups for x in g])
        idx: list[int] = []
        starts: list[int] = []
        k = 0
        for g in groups:
            starts.append(len(idx))
            idx.extend(rows[k : k + len(g)])
            idx.append(zero)  # no group is empty
            k += len(g)
        fixed = np.add.reduceat(state[np.asarray(idx, dtype=np.intp)].astype(np.float64), np.asarray(starts, dtype=np.intp), axis=0)
        self.fixed = len(groups)
        self.T = np.zeros((max(4096, 2 * self.fixed), state.shape[1]))
        self.T[: self.fixed] = fixed
        self.n = self.fixed
        # added to the 18 index rows of emissions(): the word at -2 lends its part 1, at -1 its part 2,
        # its own is part 0 …; the marks' tables; the counts' and the flags' tables; the rest are rows
        self.offsets = np.array([1, 2, 0, 3, 4, *self.MARKS, self.COUNTS, self.BREAKS, 0, 0, 0, 0, 0, 0], dtype=np.intp)[:, None]
        self._words: dict[str, int] = {}  # word -> 8 * its first row + its category
        self._lows: dict[int, str] = {}  # a word's key -> its lower-cased text (bigrams)
        self._bigrams: dict[int, int] = {}  # the keys of two words -> the bigram's row (0: unknown)
        self._pos: dict[int, list[int]] = {}
        # rows reserved, summed by flush(): per row its start in _sums, the state rows to add
        self._starts: list[int] = []
        self._sums: list[int] = []

    def reset(self) -> None:
        """Forget the words and bigrams (the fixed part stays)."""
        self.n = self.fixed
        self._words = {}
        self._lows = {}
        self._bigrams = {}
        self._starts = []
        self._sums = []

    def lookup(self, texts: list[str], statics: list[tuple[str, bool, bool]]) -> tuple[list[int], list[int]]:
        """Per word of ``texts``, its key, ``8 * its first row + its category`` (:func:`_category`),
        and per token the row of its bigram (0 for the first and last token and for a bigram
        the model does not know).  The rows of the words and bigrams met for the first time are
        reserved here and summed by :meth:`flush` (the feature strings of both looked up together)."""
        memo = self._words
        keys = [memo.get(w, -1) for w in texts]
        strings: list[str] = []
        sizes: list[int] = []
        if -1 in keys:
            new = {w: st for w, st, k in zip(texts, statics, keys) if k < 0}
            lows = self._lows
            for w, st in new.items():
                key = memo[w] = 8 * self.n + _category(w, st)
                lows[key] = st[0]
                own, lend = _word(w)
                for part in (own, *lend):  # five rows, none empty
                    sizes.append(len(part))
                    strings += part
                self.n += 5
            keys = [k if k >= 0 else memo[w] for w, k in zip(texts, keys)]
        n = len(keys)
        if n < 3:
            if strings:
                self._resolve(strings, sizes, [])
            return keys, [0] * n
        bmemo = self._bigrams
        pairs = [a << 32 | b for a, b in zip(keys, keys[1 : n - 1])]
        got = [bmemo.get(p, -1) for p in pairs]
        if -1 in got or strings:
            lows = self._lows
            miss = list(dict.fromkeys(p for p, r in zip(pairs, got) if r < 0))
            self._resolve(strings, sizes, miss, ["bg=" + lows[p >> 32] + "|" + lows[p & 0xFFFFFFFF] for p in miss])
            got = [bmemo[p] for p in pairs]
        return keys, [0, *got, 0]

    def _resolve(self, strings: list[str], sizes: list[int], pairs: list[int], bigram_strings: list[str] = ()) -> None:  # type: ignore[assignment]
        """Look up the new words' feature strings (``sizes``: how many make each reserved row)
        and the new bigrams' together; a bigram the model knows gets the next row."""
        enc = self.enc
        rows = enc.rows_of(strings + list(bigram_strings))
        sums, starts = self._sums, self._starts
        k = len(sums)
        for size in sizes:
            starts.append(k)
            k += size
        sums += rows[: len(strings)]
        zero = enc.zero
        bmemo = self._bigrams
        for p, r in zip(pairs, rows[len(strings) :]):
            if r == zero:
                bmemo[p] = 0
            else:
                bmemo[p] = self.n
                starts.append(len(sums))
                sums.append(r)
                self.n += 1

    def flush(self) -> None:
        """Sum the rows reserved by :meth:`lookup` into the table (one NumPy step for all)."""
        if not self._starts:
            return
        import numpy as np

        first = self.n - len(self._starts)
        if self.n > self.T.shape[0]:
            T = np.zeros((max(self.n, 2 * self.T.shape[0]), self.T.shape[1]))
            T[:first] = self.T[:first]
            self.T = T
        self.T[first : self.n] = np.add.reduceat(
            self.state[np.asarray(self._sums, dtype=np.intp)].astype(np.float64), np.asarray(self._starts, dtype=np.intp), axis=0
        )
        self._sums = []
        self._starts = []

    def positions(self, n: int) -> list[int]:
        """The position rows of a string of ``n`` tokens."""
        r = self._pos.get(n)
        if r is None:
            if len(self._pos) >= 256:
                self._pos.clear()
            base = self.POS
            r = self._pos[n] = [base + 10 * i // n for i in range(n)]
        return r

    def chunks(self, cats: list[int], starts_s: list[int]) -> tuple[list[int], list[int], list[int]]:
        """Per token, the rows of its sentence chunk's summary, its comma chunk's and the next
        comma chunk's (:func:`_chunks`; ``starts_s``: the sentence chunks' starts, then the length)."""
        n = len(cats)
        pcs: list[int] = []
        base = self.PC
        for a, b in zip(starts_s, starts_s[1:]):
            pcs += [base + _chunk_code(cats, a, b)] * (b - a)
        # a chunk mark is a chunk of its own; a field-ending full stop starts one
        marks = [i for i, c in enumerate(cats) if c == _C_MARK]
        cstarts = sorted({*starts_s, *marks, *[i + 1 for i in marks]})  # 0 … n
        spans = list(zip(cstarts, cstarts[1:]))
        codes = [_chunk_code(cats, a, b) for a, b in spans]
        ccs: list[int] = []
        cns: list[int] = []
        nxt = self.CN_END
        follow = [0] * len(spans)
        for j in range(len(spans) - 1, -1, -1):
            follow[j] = nxt
            a, b = spans[j]
            if not (b - a == 1 and cats[a] == _C_MARK):
                nxt = self.CN + codes[j]
        cc = self.CC
        for (a, b), code, f in zip(spans, codes, follow):
            ccs += [cc + code] * (b - a)
            cns += [f] * (b - a)
        return pcs, ccs, cns


def emissions(token_lists: list[list[Token]], enc: RowEncoder, state: Any) -> list[Any]:
    """Per string of ``token_lists`` (each one token or more), the emission matrix: per token and
    label, the sum of the state weights of the token's features (:func:`features`), tokens x
    labels, float64 (views into one array per call).

    The weights are summed ahead in a :class:`SumTable`: per word, those of the features it has
    by its text alone and of those it lends the tokens two and one before and after it
    (:func:`_word`); once per model, those of each combination of the running counts and flags,
    of the marks a token gives its neighbours, and of the other context features with a few
    values.  A token's emissions are then the sum of 18 rows of the table (its word's own row,
    the lent rows of the words around it, the running counts, the breaks and flags, five mark
    rows, name order, position, three chunk summaries, bigram); the strings are laid out end to
    end with two padding tokens (zero rows) between them, so the NumPy steps are a dozen per
    call, not per token or string.

    The sums are done in float64 and are exact, so their order does not matter and they are
    the sums :func:`citekit.fields.crf._emissions` makes of the feature strings' rows: the
    model's weights are float32 of at least 2**-20 (0.95e-6) in magnitude, so multiples of
    2**-43, and the weights of a token's features add up to less than 2**10 in magnitude, so
    every partial sum is a multiple of 2**-43 under 2**10: 53 bits, a float64's precision
    (``tests/test_fields_emissions.py`` checks the shipped model: at most 102 features a token)."""
    import numpy as np

    tab = enc.table
    if tab is None or tab.state is not state:
        tab = enc.table = SumTable(enc, state)
    elif tab.n >= tab.MAX_ROWS:
        tab.reset()  # every row used below is made after this
    cols: list[list[int]] = [[] for _ in range(10)]  # counts, flags, word, marks, order, position, 3 chunk rows, bigram
    counts_col, flags_col, word_col, mark_col = cols[:4]
    rest = cols[4:]
    where: list[tuple[int, int]] = []
    pad2, mark_pad2 = [0, 0], [8, 8]
    for toks in token_lists:
        n = len(toks)
        texts = [t.text for t in toks]
        statics = [_static(w) for w in texts]
        place = _place_marks([w.lower() for w in texts])
        counts, flags, starts = _running_codes(texts, statics)
        keys, bigrams = tab.lookup(texts, statics)
        cats = [k & 7 for k in keys]
        counts_col += pad2
        counts_col += counts
        flags_col += pad2
        flags_col += flags
        where.append((len(word_col), n))
        word_col += pad2
        word_col += keys
        mark_col += mark_pad2
        mark_col += [(not t.space) | (c == _C_STOP) << 1 | p << 2 for t, c, p in zip(toks, cats, place)]
        pcs, ccs, cns = tab.chunks(cats, starts)
        for col, vals in zip(rest, ([tab.ORDER + _ORDERS[_name_order(toks)]] * n, tab.positions(n), pcs, ccs, cns, bigrams)):
            col += pad2
            col += vals
    for col in cols:
        col += pad2
    mark_col[-2:] = mark_pad2
    tab.flush()
    A = np.asarray(cols, dtype=np.intp)
    M = A.shape[1] - 4  # tokens, padding between strings included
    blocks = A[2] >> 3  # a word's first row (its key: 8 * first row + category)
    marks = A[3]
    # per token 18 rows: the words at -2 … +2 (lent parts, own), the marks of the tokens at -2 … +2,
    # the running counts and flags, name order, position, chunk summaries, bigram
    idx = np.concatenate((*[blocks[k : k + M] for k in range(5)], *[marks[k : k + M] for k in range(5)], *A[:2, 2:-2], *A[4:, 2:-2]))
    idx = idx.reshape(18, M)
    idx += tab.offsets
    em = np.take(tab.T, idx, axis=0).sum(axis=0)  # (18, tokens, labels): summed over the first axis, the fastest
    return [em[a : a + n] for a, n in where]
