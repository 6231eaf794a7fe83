"""Rich text for the CSL engine: markup as sentinel characters until the very end.

citeproc-py formats with HTML tags as soon as an element renders, so later steps
(text-case, punctuation-in-quote, nested quotes, italics inside italics) see tags
they cannot reason about.  Here every formatting decision is a pair of Unicode
private-use *sentinels* in the string; :func:`finish` turns the finished string into
HTML or plain text in one pass, applying the rules of CSL 1.0.2 "Formatting" and
"Punctuation in quotes" and citeproc-js's flip-flop behaviour:

* field markup (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<sc>``, small-caps spans,
  ``<span class="nocase">``, ``<span class="nodecor">``) and paired straight or curly
  quotes in field values become sentinels (:func:`parse_field`); unpaired ones stay
  literal text;
* italics inside italics render upright (``<span style="font-style:normal;">``),
  likewise bold and small caps (spec: "Formatting", flip-flop);
* quotes nest: outer quotes are the locale's ``open-quote``/``close-quote``, inner ones
  ``open-inner-quote``/``close-inner-quote``; a straight apostrophe becomes ``’``;
* with the locale option ``punctuation-in-quote``, a period or comma after a closing
  quote moves inside it (spec: "Locale Options");
* punctuation meeting punctuation across markup is merged by the table citeproc-js
  uses (fixtures punctuation_FullMonty*), e.g. ``reference.`` + ``.`` -> ``reference.``.
"""

from __future__ import annotations

import re

# --- sentinels -----------------------------------------------------------------------

ITALIC = ("\ue000", "\ue001")
BOLD = ("\ue002", "\ue003")
SMALLCAPS = ("\ue004", "\ue005")
SUP = ("\ue006", "\ue007")
SUB = ("\ue008", "\ue009")
UNDERLINE = ("\ue00a", "\ue00b")
NOCASE = ("\ue00c", "\ue00d")
QUOTE = ("\ue00e", "\ue00f")
NODECOR = ("\ue010", "\ue011")
SQUOTE = ("\ue018", "\ue019")  # single quotes written in a field  # all decorations reset to normal
UPRIGHT = ("\ue012", "\ue013")  # font-style="normal" asked for by the style
BASELINE = ("\ue014", "\ue015")
LIGHT = ("\ue016", "\ue017")
#: quotes typed in a cite's prefix or suffix: rendered like any quotes, but punctuation
#: is never moved into them (citeproc-js; affix_CommaAfterQuote, label_EditorTranslator2)
UQUOTE = ("\ue01a", "\ue01b")
_PAIRS = (ITALIC, BOLD, SMALLCAPS, SUP, SUB, UNDERLINE, NOCASE, QUOTE, SQUOTE, NODECOR, UPRIGHT, BASELINE, LIGHT, UQUOTE)
_QUOTE_CLOSERS = (QUOTE[1], SQUOTE[1], UQUOTE[1])
SENTINELS = frozenset(c for p in _PAIRS for c in p)
OPENERS = {p[0]: p for p in _PAIRS}
CLOSERS = {p[1]: p for p in _PAIRS}
#: Sentinels and nothing else, to strip them from a key or a sort string.
SENTINEL_RUN = re.compile("[\ue000-\ue01b]+")


def wrap(pair: tuple[str, str], text) -> str:
    """``text`` between the two sentinels of ``pair``."""
    return pair[0] + str(text) + pair[1]


def plain(s: str) -> str:
    """``s`` without sentinels (for sort keys and comparisons)."""
    return SENTINEL_RUN.sub("", str(s))


# --- field values -------------------------------------------------------------------------

#: Inline markup CSL processors accept in field values (citeproc-js "rich text").
FIELD_TAG = re.compile(
    r'<(?P<close>/?)(?P<tag>i|b|sup|sub|sc|span)(?P<attrs>(?:\s+[a-z-]+="[^"<>]*")*)\s*>',
    re.IGNORECASE,
)
_SPAN_KIND = {
    "font-variant:small-caps;": SMALLCAPS,
    "font-style:italic;": ITALIC,
    "font-weight:bold;": BOLD,
}


def _span_pair(attrs: str) -> tuple[str, str] | None:
    a = attrs.replace(" ", "").lower()
    if 'class="nocase"' in a:
        return NOCASE
    if 'class="nodecor"' in a:
        return NODECOR
    for style, pair in _SPAN_KIND.items():
        if style.rstrip(";") in a:
            return pair
    return None


_TAG_PAIR = {"i": ITALIC, "b": BOLD, "sup": SUP, "sub": SUB, "sc": SMALLCAPS}


def parse_field(value: str) -> str:
    """A field value with its paired markup and quotes turned into sentinels."""
    s = str(value)
    if "<" in s:
        s = _parse_tags(s)
    if any(q in s for q in "\"'“”‘’"):
        s = _parse_quotes(s)
    return s


def typed_affix(value: str) -> str:
    """A cite prefix or suffix as typed by the writer: markup and quotes parsed like
    field text, its quotes marked so that punctuation is not moved into them."""
    s = parse_field(value)
    for pair in (QUOTE, SQUOTE):
        s = s.replace(pair[0], UQUOTE[0]).replace(pair[1], UQUOTE[1])
    return s


def _parse_tags(s: str) -> str:
    """Replace matched tag pairs; unmatched tags stay literal text."""
    tokens = list(FIELD_TAG.finditer(s))
    if not tokens:
        return s
    repl: dict[int, str] = {}
    stack: list[tuple[str, int, tuple[str, str] | None]] = []
    for i, m in enumerate(tokens):
        tag = m.group("tag").lower()
        if m.group("close"):
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == tag:
                    _, j, pair = stack[depth]
                    del stack[depth:]
                    if pair is not None:
                        repl[j] = pair[0]
                        repl[i] = pair[1]
                    else:  # an unrecognised span: drop both tags, keep the text
                        repl[j] = repl[i] = ""
                    break
        else:
            pair = _TAG_PAIR.get(tag) if tag != "span" else _span_pair(m.group("attrs") or "")
            stack.append((tag, i, pair))
    out, last = [], 0
    for i, m in enumerate(tokens):
        if i in repl:
            out.append(s[last : m.start()])
            out.append(repl[i])
            last = m.end()
    out.append(s[last:])
    return "".join(out)


_WORDCHAR = re.compile(r"\w", re.UNICODE)


def _is_word(ch: str) -> bool:
    return bool(ch) and bool(_WORDCHAR.match(ch))


def _parse_quotes(s: str) -> str:
    """Paired quotes -> QUOTE sentinels; a lone straight apostrophe -> ’."""
    chars = list(s)
    n = len(chars)
    stack: list[tuple[str, int]] = []  # (kind, index)
    for i, ch in enumerate(chars):
        prev = chars[i - 1] if i else ""
        nxt = chars[i + 1] if i + 1 < n else ""
        if ch == '"':
            if stack and stack[-1][0] == '"' and prev and not prev.isspace():
                j = stack.pop()[1]
                chars[j], chars[i] = QUOTE[0], QUOTE[1]
            elif (not prev or not _is_word(prev)) and nxt and not nxt.isspace():
                stack.append(('"', i))
        elif ch in "“":
            stack.append(("“", i))
        elif ch == "”":
            if stack and stack[-1][0] == "“":
                j = stack.pop()[1]
                chars[j], chars[i] = QUOTE[0], QUOTE[1]
        elif ch in "'‘":
            if stack and stack[-1][0] == "'" and ch == "'" and prev and not prev.isspace() and not _is_word(nxt):
                j = stack.pop()[1]
                chars[j], chars[i] = SQUOTE[0], SQUOTE[1]
            elif (not prev or not _is_word(prev)) and nxt and not nxt.isspace() and (ch == "‘" or _has_close(chars, i)):
                stack.append(("'", i))
            elif ch == "'":
                chars[i] = "’"
        elif ch == "’":
            if stack and stack[-1][0] == "'" and not _is_word(nxt):
                j = stack.pop()[1]
                chars[j], chars[i] = SQUOTE[0], SQUOTE[1]
    for kind, j in stack:  # unmatched openers: an apostrophe stays an apostrophe
        if chars[j] == "'":
            chars[j] = "’"
    return "".join(chars)


def _has_close(chars: list[str], i: int) -> bool:
    for k in range(i + 1, len(chars)):
        if chars[k] in "'’" and not _is_word(chars[k + 1] if k + 1 < len(chars) else ""):
            return True
    return False


# --- text case ---------------------------------------------------------------------------

STOP_WORDS = frozenset(
    "a according aboard about across after against al along alongside amid among an and anti around as at "
    "back before behind below beside besides between beyond but by d da de del der des down du during "
    "ere except for from in inside into like near nor of off on onto or over out past per plus "
    "since so than the through till to toward towards under underneath unlike until up upon van versus via "
    "von vs. with within without yet".split()
) | frozenset(
    # the rest of citeproc-js's SKIP_WORDS (one-word entries): "L'Ancien Régime et la Révolution"
    "above afore amidst amongst anenst apropos apud aside astride athwart atop barring beneath circa despite "
    "et forenenst given lest modulo next notwithstanding qua sans throughout thruout unto v. vs v "
    "vis-à-vis d' c ca".split()
)
#: The parts of a word between full stops ("e.g." -> "e", "g"), as citeproc-js's title case sees them.
_STOP_PIECE = re.compile(r"[^.]+")
_WORD_SPLIT = re.compile(r"[\s/\u2013\u2014\-\u00a0:]+|[^\s/\u2013\u2014\-\u00a0:]+")


def apply_case(s: str, mode: str, lang: str = "en") -> str:
    """CSL ``text-case`` on a sentinel string; text inside nocase sentinels is left alone."""
    chars = list(s)
    visible: list[int] = []
    protected: set[int] = set()
    depth = 0
    for i, ch in enumerate(chars):
        if ch == NOCASE[0]:
            depth += 1
        elif ch == NOCASE[1]:
            depth = max(0, depth - 1)
        elif ch in SENTINELS:
            if ch in (SMALLCAPS[0], SUP[0], SUB[0]):
                depth += 1  # citeproc-js leaves small caps, sup and sub uncased
            elif ch in (SMALLCAPS[1], SUP[1], SUB[1]):
                depth = max(0, depth - 1)
        else:
            visible.append(i)
            if depth:
                protected.add(i)
    text = "".join(chars[i] for i in visible)

    def put(k: int, new: str) -> None:
        i = visible[k]
        if i not in protected:
            chars[i] = new

    if mode in ("lowercase", "uppercase"):
        for k, ch in enumerate(text):
            put(k, ch.lower() if mode == "lowercase" else ch.upper())
        return "".join(chars)
    words = [(m.start(), m.group()) for m in _WORD_SPLIT.finditer(text)]
    real = [(st, w) for st, w in words if not w[0].isspace() and w[0] not in "/\u2013\u2014-\u00a0:"]
    if mode == "capitalize-first":
        if real:
            st, w = real[0]
            _cap(w, st, put)
    elif mode == "capitalize-all":
        for st, w in real:
            _cap(w, st, put)
    elif mode == "sentence":
        whole_upper = text.isupper()
        for st, w in real:
            if whole_upper or not (w.isupper() and len(w) > 1):
                for k, ch in enumerate(w):
                    put(st + k, ch.lower())
        if real:
            _cap(real[0][1], real[0][0], put)
    elif mode == "title":
        if not lang.startswith("en"):
            return s
        last_start = real[-1][0] if real else -1
        prev = ""  # the last non-space character before the current word
        for st, w in words:
            if w[0].isspace() or w[0] in "/\u2013\u2014-\u00a0:":
                prev = w.rstrip()[-1:] or prev
                continue
            after_colon = prev in ("", ":", "?", "!")  # citeproc-js: not after "." ("The War. a History")
            numbered_compound = st > 0 and text[st - 1] == "-" and (text[: st - 1].split()[-1:] or [""])[0][:1].isdigit()
            prev = w[-1]
            if numbered_compound:  # "07-x" stays as written
                continue
            # citeproc-js splits words at full stops too: "e.g." and "u.s." are one-letter words
            pieces = [(st + m.start(), m.group()) for m in _STOP_PIECE.finditer(w)] if "." in w.rstrip(".") else [(st, w)]
            for n, (pst, piece) in enumerate(pieces):
                first = after_colon and n == 0
                core = piece.strip("\"'“”‘’()[].,;!?").lower()
                if core in STOP_WORDS and not first and (st != last_start or n < len(pieces) - 1):
                    continue
                if len(core) == 1 and not first:
                    # citeproc-js capitalises a one-letter word only first, after ":?!" or before a
                    # hyphen ("X-Rays"; never a lone Greek letter: "β-Carotine"), also when it ends
                    # the title ("4th-10th c.", "Plan b"): its title() and last-word rule need
                    # word.length > 1
                    if text[pst + len(piece): pst + len(piece) + 1] != "-" or "\u0370" <= core <= "\u03ff":
                        continue
                if piece == piece.lower():
                    _cap(piece, pst, put)
    return "".join(chars)


def _cap(word: str, start: int, put) -> None:
    """Upper-case the first letter of ``word`` (at ``start``), unless a digit comes first."""
    for k, ch in enumerate(word):
        if ch.isalpha():
            put(start + k, ch.upper())
            return
        if ch.isdigit():
            return


# --- finishing --------------------------------------------------------------------------

#: Merge of two adjacent punctuation marks, left + right -> result (punctuation_FullMonty*).
PUNCT_MERGE = {
    (":", ":"): ":", (".", ":"): ".:", (";", ":"): ";", ("!", ":"): "!", ("?", ":"): "?", (",", ":"): ",:",
    (":", "."): ":", (".", "."): ".", (";", "."): ";", ("!", "."): "!", ("?", "."): "?", (",", "."): ",.",
    (":", ";"): ":;", (".", ";"): ".;", (";", ";"): ";", ("!", ";"): "!;", ("?", ";"): "?;", (",", ";"): ",;",
    (":", "!"): "!", (".", "!"): ".!", (";", "!"): "!", ("!", "!"): "!", ("?", "!"): "?!", (",", "!"): ",!",
    (":", "?"): "?", (".", "?"): ".?", (";", "?"): "?", ("!", "?"): "!?", ("?", "?"): "?", (",", "?"): ",?",
    (":", ","): ":,", (".", ","): ".,", (";", ","): ";,", ("!", ","): "!,", ("?", ","): "?,", (",", ","): ",",
}
PUNCT = frozenset(".,;:!?")
#: Punctuation that moves inside a closing quote when the locale asks for it.
MOVES_INTO_QUOTE = frozenset(".,?!")


class Quotes:
    """The four quote marks of a locale."""

    def __init__(self, outer=("“", "”"), inner=("‘", "’"), punctuation_in_quote: bool = False) -> None:
        self.outer, self.inner, self.piq = outer, inner, punctuation_in_quote


def _tokens(s: str) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    for ch in s:
        if ch in SENTINELS:
            if buf:
                out.append("".join(buf))
                buf = []
            out.append(ch)
        else:
            buf.append(ch)
    if buf:
        out.append("".join(buf))
    return out


def _move_into_quotes(toks: list[str]) -> None:
    for i, t in enumerate(toks):
        if t not in (QUOTE[1], SQUOTE[1]):
            continue
        # skip closing formatting after the quote (<i>“A”</i>. -> <i>“A.”</i>)
        j = i + 1
        while j < len(toks) and toks[j] in CLOSERS and toks[j] not in _QUOTE_CLOSERS:
            j += 1
        if j < len(toks) and toks[j] and toks[j] not in SENTINELS and toks[j][0] in MOVES_INTO_QUOTE:
            p = toks[j][0]
            toks[j] = toks[j][1:]
            k = i - 1  # the quoted text's last character, across closing markup
            while k >= 0 and toks[k] in CLOSERS:
                k -= 1
            if k >= 0 and toks[k] and toks[k] not in SENTINELS and toks[k][-1] in PUNCT:
                merged = PUNCT_MERGE.get((toks[k][-1], p), toks[k][-1] + p)
                if len(merged) == 1:  # “Below?” + "." -> “Below?” (punctuation_FullMonty*)
                    toks[k] = toks[k][:-1] + merged
                    continue
            toks[i] = p + t  # merged below: punctuation, then the quote


def _merge_punctuation(toks: list[str]) -> list[str]:
    """Merge punctuation meeting across closing markup, and collapse doubled spaces."""
    flat = _tokens("".join(toks))
    out: list[str] = []
    for t in flat:
        if t in SENTINELS or not t:
            out.append(t)
            continue
        # find the last text character before this token, across closers only
        k = len(out) - 1
        while k >= 0 and out[k] in SENTINELS and out[k] in CLOSERS and out[k] not in _QUOTE_CLOSERS:
            k -= 1
        if k >= 0 and k < len(out) - 1 and out[k] not in SENTINELS and out[k]:
            left = out[k][-1]
            right = t[0]
            if left in PUNCT and right in PUNCT:
                merged = PUNCT_MERGE.get((left, right), left + right)
                if len(merged) == 1:
                    out[k] = out[k][:-1] + merged
                    t = t[1:]
            elif left == " " and right == " ":
                t = t[1:]
        if t:
            out.append(t)
    return out


def _edge(s: str, last: bool) -> int:
    """Index of the last (or first) character of ``s`` that is not a sentinel, or -1."""
    rng = range(len(s) - 1, -1, -1) if last else range(len(s))
    for i in rng:
        if s[i] not in SENTINELS:
            return i
    return -1


def seam(left: str, right: str) -> str:
    """``left + right`` with a doubled space or clashing punctuation at the seam merged
    (citeproc-py's normalize_seam, seeing through sentinels; PUNCT_MERGE)."""
    if not left or not right:
        return left + right
    i, j = _edge(left, True), _edge(right, False)
    if i < 0 or j < 0:
        return left + right
    a, b = left[i], right[j]
    if a == " " and b == " ":
        return left + right[:j] + right[j + 1 :]
    if a in PUNCT and b in PUNCT:
        merged = PUNCT_MERGE.get((a, b), a + b)
        if len(merged) == 1:
            return left[:i] + merged + left[i + 1 :] + right[:j] + right[j + 1 :]
    return left + right


_HTML_OPEN = {
    ITALIC: ("<i>", "</i>", '<span style="font-style:normal;">', "</span>"),
    BOLD: ("<b>", "</b>", '<span style="font-weight:normal;">', "</span>"),
    SMALLCAPS: ('<span style="font-variant:small-caps;">', "</span>", '<span style="font-variant:normal;">', "</span>"),
}
_SIMPLE = {
    SUP: ("<sup>", "</sup>"),
    SUB: ("<sub>", "</sub>"),
    UNDERLINE: ('<span style="text-decoration:underline;">', "</span>"),
    BASELINE: ('<span style="baseline">', "</span>"),
    LIGHT: ('<span style="font-weight:light;">', "</span>"),
}


#: display="…" marker pairs (outside the formatting sentinels; left in place by finish
#: and replaced by :func:`display`).
DISPLAY = {
    "block": ("\ue030", "\ue031"),
    "left-margin": ("\ue032", "\ue033"),
    "right-inline": ("\ue034", "\ue035"),
    "indent": ("\ue036", "\ue037"),
}
_DISPLAY_HTML = {
    "block": ("\n\n    <div class=\"csl-block\">", "</div>\n"),
    "left-margin": ("\n    <div class=\"csl-left-margin\">", "</div>"),
    "right-inline": ("<div class=\"csl-right-inline\">", "</div>\n  "),
    "indent": ("<div class=\"csl-indent\">", "</div>\n  "),
}
#: citeproc-js's text format: a block on a new line, an indent on a new indented line,
#: a space after the left margin
_DISPLAY_TEXT = {"block": ("\n", ""), "left-margin": ("", " "), "right-inline": ("", ""), "indent": ("\n    ", "")}
_DISPLAY_CLOSERS = frozenset(c for _, c in DISPLAY.values())


def display(text: str, fmt: str = "html") -> str:
    """Display markers of a finished entry as citeproc-js writes them: HTML divs
    (``csl-block`` on lines of its own, ``csl-left-margin`` + ``csl-right-inline``,
    ``csl-indent``), or as citeproc-js's text format does (CSL 1.0.2 "Display";
    the layout suffix was moved inside the last element by :func:`display_tail`)."""
    if not any(o in text for o, _ in DISPLAY.values()):
        return text
    for kind, (o, c) in DISPLAY.items():
        ho, hc = (_DISPLAY_HTML if fmt == "html" else _DISPLAY_TEXT)[kind]
        text = text.replace(o, ho).replace(c, hc)
    return text


def display_tail(text: str) -> str:
    """A sentinel string with the text after its last display element (the layout
    suffix) moved inside that element, before :func:`finish` so that punctuation
    still moves into quotes ("Here</span>.</div>", "2015.”</div>"; fixtures
    bugreports_SmallCapsEscape, bugreports_NoCaseEscape)."""
    last = max(text.rfind(c) for c in _DISPLAY_CLOSERS)
    if 0 <= last < len(text) - 1 and not any(o in text[last:] for o, _ in DISPLAY.values()):
        text = text[:last] + text[last + 1:] + text[last]
    return text


def escape_html(text: str) -> str:
    return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


def _superscripts() -> dict[str, str]:
    """Unicode superscript characters -> their base text: every character whose
    decomposition is ``<super>`` (ª ² ʳ ᵉ ℠ ㆒ …), plus four modifier letters that have
    none but citeproc-js also raises (ˀ ˁ and Arabic small waw/yeh)."""
    import unicodedata

    table = {"\u02c0": "\u0294", "\u02c1": "\u0295", "\u06e5": "\u0648", "\u06e6": "\u064a"}
    for start, end in ((0x00A0, 0x3400), (0xA000, 0xAC00)):
        for code in range(start, end):
            d = unicodedata.decomposition(chr(code))
            if d.startswith("<super>"):
                table[chr(code)] = "".join(chr(int(x, 16)) for x in d.split()[1:])
    return table


#: superscript character -> base text; HTML output writes ``<sup>base</sup>`` for each
#: (citeproc-js; fixtures magic_SuperscriptChars, number_NewOrdinalsEdition: "1ʳᵉ" ->
#: "1<sup>r</sup><sup>e</sup>")
SUPERSCRIPTS = _superscripts()
_SUPERSCRIPT = re.compile("[" + "".join(sorted(SUPERSCRIPTS)) + "]")


def _html_text(text: str) -> str:
    text = escape_html(text)
    if _SUPERSCRIPT.search(text) is None:
        return text
    return _SUPERSCRIPT.sub(lambda m: "<sup>" + SUPERSCRIPTS[m.group()] + "</sup>", text)


def finish(s: str, fmt: str = "html", quotes: Quotes | None = None) -> str:
    """The final HTML (``fmt="html"``) or plain text of a sentinel string."""
    s = str(s)
    quotes = quotes or Quotes()
    toks = _tokens(s)
    if quotes.piq:
        _move_into_quotes(toks)
    toks = _merge_punctuation(toks)
    out: list[str] = []
    html = fmt == "html"
    active = {ITALIC: 0, BOLD: 0, SMALLCAPS: 0}
    stack: list[tuple[tuple[str, str], str, dict | None]] = []  # (pair, closing text, saved state)
    qkinds: list[str] = []
    for t in toks:
        if t in OPENERS:
            pair = OPENERS[t]
            close, saved = "", None
            if pair in (QUOTE, SQUOTE, UQUOTE):
                enclosing = qkinds[-1] if qkinds else None
                # quotes typed in a field, single or double, are quotes like the
                # style's own: the locale's outer marks at the top, inner marks inside
                # (citeproc-js flip-flop; fixtures flipflop_SingleBeforeColon,
                # flipflop_QuotesInFieldNotOnNode, affix_CommaAfterQuote)
                kind = "single" if enclosing == "double" else "double"
                mark = quotes.outer if kind == "double" else quotes.inner
                out.append(mark[0])
                close = mark[1]
                qkinds.append(kind)
            elif pair in _HTML_OPEN:
                o, c, no, nc = _HTML_OPEN[pair]
                flipped = active[pair] % 2 == 1
                if html:
                    out.append(no if flipped else o)
                    close = nc if flipped else c
                active[pair] += 1
            elif pair in (UPRIGHT, NODECOR):
                resets = [ITALIC] if pair == UPRIGHT else list(_HTML_OPEN)
                saved = dict(active)
                opened = [_HTML_OPEN[p][2:] for p in resets if active[p] % 2]
                if html and opened:
                    out.append("".join(o for o, _ in opened))
                    close = "".join(c for _, c in reversed(opened))
                for p in resets:
                    active[p] = 0
            elif pair in _SIMPLE and html:
                out.append(_SIMPLE[pair][0])
                close = _SIMPLE[pair][1]
            stack.append((pair, close, saved))
        elif t in CLOSERS:
            pair = CLOSERS[t]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == pair:
                    p, close, saved = stack.pop(k)
                    out.append(close)
                    if p in (QUOTE, SQUOTE, UQUOTE):
                        qkinds.pop()
                    elif p in active:
                        active[p] -= 1
                    elif saved is not None:
                        active.update(saved)
                    break
        else:
            out.append(_html_text(t) if html else t)
    while stack:
        out.append(stack.pop()[1])
    return "".join(out)
