"""Token features for the field parser's CRF.

For each token: its lower-cased form, shape, character class, case, length, whether a
space precedes and follows it, year and Roman-numeral tests, gazetteer memberships
(:mod:`citekit.fields.gazetteer`), its place in the string, whether it stands inside
brackets or quotation marks, how many commas / full stops / colons came before it, and
the same cheap facts about the two tokens on each side.  AnyStyle and GROBID use
features of these kinds (token shape, punctuation, position, dictionaries); the window
of two and the counts are ours.

``features(tokens)`` takes the tokens of one string and returns one list of feature
strings per token (python-crfsuite's item format), in linear time.
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
    any input)."""

    MAX_WORDS = 200_000
    #: Words in the word-sum table of :func:`emissions` (720 bytes each with 18 labels) before it
    #: is emptied.
    MAX_TABLE_WORDS = 50_000

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
        # emissions (:func:`emissions`): word -> row of ``_wsum``, the word's summed weights
        # (its own features, and per offset -2, -1, +1, +2 those it lends); row 0 is the padding
        self._wid: dict[str, int] = {}
        self._wsum: Any = None
        self._tables: Any = None
        self._pos_rows: dict[int, list[int]] = {}

    def clear(self) -> None:
        """Forget the words and context strings seen (the fixed context rows stay)."""
        self._words.clear()
        self._ctx.clear()
        self._wid = {}
        self._wsum = None
        self._pos_rows.clear()

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

    def word_ids(self, texts: list[str], extra: list[str], state: Any) -> tuple[list[int], list[int]]:
        """The rows of ``texts`` in the word-sum table :attr:`_wsum` (each new word's five summed
        weight rows added to it, from ``state``), and the rows of the strings ``extra``: the new
        words' feature strings and ``extra`` looked up together (:meth:`rows_of`).  The table
        grows until :func:`emissions` empties it (:attr:`MAX_TABLE_WORDS`)."""
        import numpy as np

        wid = self._wid
        out = [wid.get(w, 0) for w in texts]
        if 0 not in out:
            return out, self.rows_of(extra)
        new = list(dict.fromkeys(w for w, k in zip(texts, out) if not k))
        feats = [_word(w) for w in new]
        parts = [part for own, nb in feats for part in (own, *nb)]  # five per word, none empty
        rows = self.rows_of(extra + [x for part in parts for x in part])
        starts, k = [], 0
        for part in parts:
            starts.append(k)
            k += len(part)
        L = state.shape[1]
        # exact sums in float64 (see emissions): the same numbers in any order
        sums = np.add.reduceat(state[np.asarray(rows[len(extra) :], dtype=np.intp)].astype(np.float64), np.asarray(starts, dtype=np.intp), axis=0)
        first = len(wid) + 1
        need = first + len(new)
        tab = self._wsum
        if tab is None or tab.shape[0] < need:
            grown = np.zeros((max(need, 2 * (tab.shape[0] if tab is not None else 512)), 5, L))
            if tab is not None:
                grown[:first] = tab[:first]
            tab = self._wsum = grown
        tab[first:need] = sums.reshape(len(new), 5, L)
        for j, w in enumerate(new, first):
            wid[w] = j
        return [k or wid[w] for w, k in zip(texts, out)], rows[: len(extra)]

    def tables(self, state: Any) -> tuple[Any, Any, Any]:
        """The summed weights of the per-token context flags and counts (:func:`emissions`),
        float64, made once per model: ``(counts, breaks, marks)``.  ``counts[15 * commas + 3 *
        periods + colons]``; ``breaks[64 * breaks + 32 * in brackets + 16 * in quotes + 8 * year
        seen + 4 * digit seen + 2 * quoted before + after "In"]``; ``marks`` indexed by ten bits,
        from the highest: no space before, none after, a full stop after, first token (with
        "-1:none"), last token (with "+1:none"), a place, and a place at -2, -1, +1, +2."""
        if self._tables is None:
            import numpy as np

            L = state.shape[1]

            def w(rows: list[int]) -> Any:
                return state[np.asarray(rows, dtype=np.intp)].astype(np.float64)

            def bits(base: Any, flags: list[list[int]]) -> Any:
                zero = np.zeros(L)
                for rows in flags:  # each flag doubles the table: without it, then with it
                    base = (base[:, None, :] + np.stack([zero, w(rows).sum(axis=0)])[None]).reshape(-1, L)
                return base

            f = self.flag
            counts = (w(self.cm)[:, None, None] + w(self.pd)[None, :, None] + w(self.cl)[None, None, :]).reshape(-1, L)
            breaks = bits(w(self.br), [[f[x]] for x in ("inbr", "inq", "syear", "sdig", "qb", "ain")])
            pl = self.off_place
            marks = bits(np.zeros((1, L)), [[f["nosp"]], [f["nospn"]], [f["dot"]], [f["first"], self.off_none[1]], [f["last"], self.off_none[2]],
                                            [f["place"]], [pl[0]], [pl[1]], [pl[2]], [pl[3]]])
            self._tables = (counts, breaks, marks)
        return self._tables

    def pos_rows(self, n: int) -> list[int]:
        """The rows of the position features of a string of ``n`` tokens."""
        r = self._pos_rows.get(n)
        if r is None:
            pos = self.pos
            if len(self._pos_rows) >= 256:
                self._pos_rows.clear()
            r = self._pos_rows[n] = [pos[10 * i // n] for i in range(n)]
        return r

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
    if multi:
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


#: Pads between strings in :func:`emissions` (word 0, no flags): two, the widest window offset.
_PAD2 = [0, 0]
_NO2 = [False, False]
_YES2 = [True, True]
#: Running facts (:func:`_running`'s order: in brackets, in quotes, commas, full stops, colons,
#: year seen, digit seen, breaks, quoted before, after "In") -> the two indexes of
#: :meth:`RowEncoder.tables`.
_RUN_CODES = ((0, 0, 15, 3, 1, 0, 0, 0, 0, 0), (32, 16, 0, 0, 0, 8, 4, 64, 2, 1))


def emissions(token_lists: list[list[Token]], enc: RowEncoder, state: Any) -> list[Any]:
    """Per string of ``token_lists`` (each one token or more), the emission matrix: per token and
    label, the sum of the state weights of the token's features (:func:`features`), tokens x
    labels, float64 (views into one array per call).

    The features of a token are of two kinds.  Those of a word by its text alone, its own and
    those it lends the tokens two and one before and after it (:func:`_word`), are summed once
    per word (:meth:`RowEncoder.word_ids`: five rows of weights per word) and added to a
    string's tokens as shifted stacks of those rows.  The rest depend on the token's place in
    the string: the running counts and flags and the place marks (summed once per model in
    :meth:`RowEncoder.tables`, indexed by the token's facts), and the name order, position,
    chunk summaries and bigram (rows of ``state``).  The strings are laid out end to end, two
    padding tokens (zero weights) between them, so the NumPy steps are per call, not per token
    or string.

    The sums are done in float64 and are exact, so their order does not matter and they are
    the sums :func:`citekit.fields.crf._emissions` makes of the feature strings' rows: the
    model's weights are float32 of at least 2**-20 (0.95e-6) in magnitude, so multiples of
    2**-43, and the weights of a token's features add up to less than 2**10 in magnitude, so
    every partial sum is a multiple of 2**-43 under 2**10: 53 bits, a float64's precision
    (``tests/test_fields_emissions.py`` checks the shipped model)."""
    import numpy as np

    if len(enc._wid) >= enc.MAX_TABLE_WORDS:
        enc._wid = {}
        enc._wsum = None  # memory stays bounded; the ids below are all made after this
    zero = enc.zero
    z2 = [zero, zero]
    wids: list[int] = []
    runs: list[list] = [[] for _ in range(10)]
    spaces: list[bool] = []
    dots: list[bool] = []
    places: list[bool] = []
    cols: list[list[int]] = [[] for _ in range(6)]  # name order, position, chunk summaries, bigram
    where: list[tuple[int, int]] = []
    any_place = False
    for toks in token_lists:
        n = len(toks)
        texts = [t.text for t in toks]
        statics = [_static(w) for w in texts]
        place = _place_marks([w.lower() for w in texts])
        run = _running(texts, statics)
        strs, layout = _context_strings(toks, texts, statics, run[7])
        ids, got = enc.word_ids(texts, strs, state)
        order, pcs, ccs, cns, bigrams = _context_rows(got, n, layout)
        wids += _PAD2
        where.append((len(wids), n))
        wids += ids
        for acc, facts in zip(runs, run):
            acc += _PAD2
            acc += facts
        spaces += _YES2
        spaces += [t.space for t in toks]
        dots += _NO2
        dots += [w == "." for w in texts]
        places += _NO2
        places += place
        if not any_place and True in place:
            any_place = True
        c_order, c_pos, c_pc, c_cc, c_cn, c_bg = cols
        c_order += z2
        c_order += [order] * n
        c_pos += z2
        c_pos += enc.pos_rows(n)
        c_pc += z2
        c_pc += pcs
        c_cc += z2
        c_cc += ccs
        c_cn += z2
        c_cn += cns
        c_bg += z2
        c_bg.append(zero)
        if n > 1:
            c_bg += bigrams
            c_bg.append(zero)
    wids += _PAD2
    for acc in runs:
        acc += _PAD2
    spaces += _YES2
    dots += _NO2
    places += _NO2
    for c in cols:
        c += z2
    counts, breaks, marks = enc.tables(state)
    # the words' own sums and those they lend at -2, -1, +1, +2
    wid = np.asarray(wids, dtype=np.intp)
    W = enc._wsum[wid]
    em = W[:, 0].copy()
    em[2:] += W[:-2, 1]
    em[1:] += W[:-1, 2]
    em[:-1] += W[1:, 3]
    em[:-2] += W[2:, 4]
    # the running counts and flags
    codes = np.asarray(_RUN_CODES, dtype=np.intp) @ np.asarray(runs, dtype=np.intp)
    em += counts[codes[0]]
    em += breaks[codes[1]]
    # spaces, full stops, first and last token, places
    nosp = ~np.asarray(spaces, dtype=bool)
    pad = wid == 0
    b = nosp.astype(np.intp) << 9
    after = nosp[1:].astype(np.intp)
    b[:-1] += (after << 8) + ((after & np.asarray(dots[1:], dtype=np.intp)) << 7)
    b[1:] += (pad[:-1] & ~pad[1:]).astype(np.intp) << 6
    b[:-1] += (pad[1:] & ~pad[:-1]).astype(np.intp) << 5
    if any_place:
        pl = np.asarray(places, dtype=np.intp)
        b += pl << 4
        b[2:] += pl[:-2] << 3
        b[1:] += pl[:-1] << 2
        b[:-1] += pl[1:] << 1
        b[:-2] += pl[2:]
    em += marks[b]
    # name order, position, chunk summaries, bigram
    em += state[np.asarray(cols, dtype=np.intp)].sum(axis=0, dtype=np.float64)
    return [em[a : a + n] for a, n in where]
