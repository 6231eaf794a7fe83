"""Written dates as CSL-JSON ``date-parts`` (issue 14: a newspaper issue's day reaches the renderer).

A citation writes a periodical issue's date, a web page's publication or access date, in the
language of the text: "12 March 1921", "March 12, 1921", "5 marzo 1915", "3. März 1919",
"12 mars 1871", "12 de marzo de 1921", "10 Oct. 2012", "14/11/85", "1921-03-12",
"12 марта 1921".  :func:`date_parts` reads one into ``[year, month, day]`` (CSL-JSON 1.0.2
``date-parts``: integers, most significant first; a month without a day gives two parts).
Month names: English, French, German, Spanish, Italian, Portuguese, Dutch and Russian (the
languages citekit reads; the month words of :data:`citekit.patterns.FOREIGN_WORD_DATE` and
:data:`citekit.patterns.WORD_DATE` and more).  Day-first numeric dates ("14/11/85", "24.5.89")
are read as the European and British press writes them (Chicago Manual 17th ed. 9.36 notes
the day-month order outside the United States); a two-digit year is 19xx.
"""

from __future__ import annotations

import unicodedata

from . import patterns as P

#: Month words (accents folded, lower case, no full stop) -> month number.
_MONTHS: dict[str, int] = {}
for _n, _words in enumerate((
    "january jan janvier janv januar janner jaenner enero ene gennaio genn janeiro januari januarij января январь jänner",
    "february feb febr fevrier fevr februar febrero febbraio febb fevereiro februari февраля февраль",
    "march mar mars marz maerz marzo mar marco maart марта март",
    "april apr avril avr abril aprile апреля апрель",
    "may mai mayo maggio magg maio mei мая май",
    "june jun juin juni junio giugno junho июня июнь",
    "july jul juillet juil juli julio luglio julho июля июль",
    "august aug aout august agosto ago augustus августа август",
    "september sep sept septembre septiembre setiembre settembre sett setembro сентября сентябрь",
    "october oct octobre oktober octubre ottobre ott outubro okt октября октябрь",
    "november nov novembre noviembre novembro ноября ноябрь",
    "december dec decembre dezember dez diciembre dic dicembre dezembro desember декабря декабрь",
), start=1):
    for _w in _words.split():
        _MONTHS.setdefault(_w, _n)

#: An ISO date "1921-03-12" (groups y, m, d); never "1910-11", a span of years.
_ISO = P.LazyPattern(r"(?<!\d)(?P<y>1[5-9]\d\d|20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
#: Day-first numerals "14/11/85", "24.5.1989" (groups d, m, y).
_NUMERIC = P.LazyPattern(r"(?<![\d/.])(?P<d>[0-3]?\d)[/.](?P<m>[01]?\d)[/.](?P<y>\d{4}|\d{2})(?![\d/])")
#: A word date in any order: an optional day, a month word (letters, then an optional full
#: stop), an optional day, a year.  "de" (Spanish, Portuguese) and "," may stand between.
_WORD = P.LazyPattern(
    r"(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th|er|\.|º|°)?[ \t\u00a0]+(?:de[ \t]+)?)?"
    r"(?<![^\W\d_])(?P<month>[^\W\d_]{3,10})\.?"
    r"(?:[ \t\u00a0]+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)?,?[ \t\u00a0]+(?:de[ \t]+)?"
    r"(?P<y>1[5-9]\d\d|20\d\d)(?!\d)"
)


def _fold(word: str) -> str:
    s = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in s if not unicodedata.combining(c) or c == "\u0306")  # keep Russian й


#: The language a month word is written in (ISO 639-1), where it is not English: a note dated
#: "5 marzo 1915" is written in Italian (or Spanish: either is not English for title case).
_MONTH_LANGUAGE = {
    **dict.fromkeys("janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split(), "fr"),
    **dict.fromkeys("januar februar marz maerz juni juli oktober dezember janner".split(), "de"),
    **dict.fromkeys("gennaio febbraio marzo aprile maggio giugno luglio settembre ottobre dicembre".split(), "it"),
    **dict.fromkeys("enero febrero abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre".split(), "es"),
    **dict.fromkeys("janeiro fevereiro marco maio junho julho setembro outubro novembro dezembro".split(), "pt"),
}


def month_language(text: str | None) -> str | None:
    """The language of the first non-English month word of ``text`` ("5 marzo 1915" -> "it",
    "3. März 1919" -> "de"), else None."""
    got = date_span(text)
    if got is None or text is None:
        return None
    for w in text[got[0] : got[1]].split():
        lang = _MONTH_LANGUAGE.get(_fold(w.strip(".,")))
        if lang:
            return lang
    return None


def month_number(word: str) -> int | None:
    """1–12 for a month word in one of the eight languages ("März", "marzo", "Oct.", "марта"), else None."""
    w = _fold(word.strip().rstrip("."))
    return _MONTHS.get(w) or _MONTHS.get(unicodedata.normalize("NFC", w))


def date_parts(text: str | None) -> list[int] | None:
    """The first date of ``text`` as ``[year, month, day]`` (or ``[year, month]`` without a day),
    CSL-JSON ``date-parts`` order; None when ``text`` holds no month (a bare year is no full date:
    callers keep their year).  Invalid days and months (32, 13) give None.  Linear in ``text``."""
    got = date_span(text)
    return got[2] if got else None


def date_span(text: str | None) -> tuple[int, int, list[int]] | None:
    """The first date of ``text`` (see :func:`date_parts`): ``(start, end, date-parts)``, the
    character offsets of the date as written, or None."""
    if not text:
        return None
    m = _ISO.search(text)
    if m:
        got = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if got:
            return m.start(), m.end(), got
    for m in _WORD.finditer(text):
        mo = month_number(m.group("month"))
        if mo is None:
            continue
        day = m.group("d1") or m.group("d2")
        got = _valid(int(m.group("y")), mo, int(day) if day else None)
        return (m.start(), m.end(), got) if got else None
    m = _NUMERIC.search(text)
    if m:
        y = int(m.group("y"))
        got = _valid(y + 1900 if y < 100 else y, int(m.group("m")), int(m.group("d")))
        return (m.start(), m.end(), got) if got else None
    return None


def _valid(y: int, mo: int, d: int | None) -> list[int] | None:
    if not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
        return None
    return [y, mo] if d is None else [y, mo, d]
