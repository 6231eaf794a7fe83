"""``citekit annotate``: one self-contained HTML report of a text's citations.

:func:`annotate` takes an :class:`~citekit.model.Extraction` (and optionally the
problems :func:`citekit.check` found) and returns an HTML document as a ``str``:

* the text as read (``Extraction.text``, white space kept with ``pre-wrap``), every
  citation highlighted by its form, note markers and note numbers linked both ways;
* a details panel: click or focus a citation to see its record rendered in a CSL style,
  its locator, and for ibid / op. cit. / short forms a link to the citation it leans on;
  unresolved and ambiguous citations stand out;
* every check problem marked in place (code and message) and counted per rule;
* the reference list in the style, each entry with its citation count and back-links.

The page needs no network: CSS and JS are inline, fonts are the system's.  Everything
that comes from the input is escaped (:func:`html.escape` for text; CSL output passes a
tag whitelist, :func:`_clean_csl_html`).  Markup is built by walking character offsets
(:func:`_weave`), never by searching and replacing text, so a citation's HTML always
stands on ``text[c.start:c.end]``.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from typing import Any, Iterable, Sequence

from attrs import frozen

from .model import Citation, Extraction

__all__ = ["annotate", "FORM_LABELS"]

#: Human labels of ``Form`` values, in legend order.
FORM_LABELS: dict[str, str] = {
    "full": "full",
    "short": "short form",
    "abbrev": "abbreviation",
    "ibid": "ibid.",
    "opcit": "op. cit.",
    "author-date": "author-date",
    "periodical": "periodical",
    "date": "date (periodical)",
    "reflist": "reference list",
    "keyed": "keyed",
    "numeric": "numeric",
    "other": "other",
}

#: Forms whose record comes from an earlier citation; their details link to it.
_LEANING = ("ibid", "opcit", "short")

#: A tag in CSL engine output: ``</i>``, ``<span style="…">``.  Attributes are bounded, no nesting.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,10})([^<>]{0,300})>")
#: Tags CSL HTML output may keep (citeproc-js / citeproc-py's html formatter).
_ALLOWED_TAGS = frozenset({"i", "b", "em", "strong", "sup", "sub", "span", "div"})
#: The CSL classes / inline styles we keep, as classes (everything else is dropped).
_CSL_CLASS = re.compile(r'class="(csl-[a-z-]{1,30})"')
_SMALL_CAPS = "small-caps"


@frozen
class _Elem:
    """An inline element over ``[start, end)`` of the text: HTML for its first and later
    fragments (an element that crosses another is closed and reopened) and its rank
    (lower opens outside higher when both start at one offset)."""

    start: int
    end: int
    rank: int
    tag: str
    first: str  #: attributes of the first fragment (ids live here)
    cont: str  #: attributes of continuation fragments


def _esc(s: Any) -> str:
    return html.escape(str(s), quote=True)


def _clean_csl_html(s: str) -> str:
    """CSL engine HTML reduced to a whitelist of tags without attributes (a ``csl-*`` class
    and small caps survive as classes); text outside tags is kept as the engine escaped it,
    a stray ``<`` or ``>`` is escaped.  Linear: one regex pass with bounded attributes."""
    out: list[str] = []
    pos = 0
    for m in _TAG.finditer(s):
        out.append(s[pos : m.start()].replace("<", "&lt;").replace(">", "&gt;"))
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if name not in _ALLOWED_TAGS:
            continue
        if closing:
            out.append(f"</{name}>")
            continue
        cls = _CSL_CLASS.search(attrs)
        classes = [cls.group(1)] if cls else []
        if _SMALL_CAPS in attrs:
            classes.append("sc")
        out.append(f'<{name} class="{" ".join(classes)}">' if classes else f"<{name}>")
    out.append(s[pos:].replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(out)


def _weave(text: str, elems: Sequence[_Elem], points: Iterable[tuple[int, int, str]]) -> str:
    """The escaped ``text`` with ``elems`` wrapped around their spans and ``points``
    (``(offset, order, html)``) inserted at their offsets.  Elements that cross are
    closed and reopened (the reopened fragment gets ``cont`` attributes), so the output
    is always well nested.  O((n + e) log e) for n characters and e elements."""
    starts: dict[int, list[_Elem]] = defaultdict(list)
    bounds = {0, len(text)}
    for e in elems:
        if e.end <= e.start:
            continue
        starts[e.start].append(e)
        bounds.add(e.start)
        bounds.add(e.end)
    at: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for off, order, h in points:
        at[off].append((order, h))
        bounds.add(off)
    out: list[str] = []
    stack: list[_Elem] = []
    order = sorted(b for b in bounds if 0 <= b <= len(text))
    for i, pos in enumerate(order):
        if any(e.end <= pos for e in stack):  # close what ends here, reopen what crosses it
            keep = []
            while stack:
                e = stack.pop()
                out.append(f"</{e.tag}>")
                if e.end > pos:
                    keep.append(e)
            for e in reversed(keep):
                out.append(f"<{e.tag}{e.cont}>")
                stack.append(e)
        for _, h in sorted(at.get(pos, ()), key=lambda x: x[0]):
            out.append(h)
        for e in sorted(starts.get(pos, ()), key=lambda e: (e.rank, -e.end)):
            out.append(f"<{e.tag}{e.first}>")
            stack.append(e)
        nxt = order[i + 1] if i + 1 < len(order) else len(text)
        out.append(_esc(text[pos:nxt]).replace("&#x27;", "'"))
    while stack:
        out.append(f"</{stack.pop().tag}>")
    return "".join(out)


def _render_records(ex: Extraction, style: str, locale: str | None) -> tuple[list[str], dict[str, str], list[str]]:
    """``(keys in the style's bibliography order, key -> cleaned HTML entry, warnings)``.

    Every record is rendered, periodicals included (a report shows what was cited).  A
    record the style gives no printed form falls back to its escaped title."""
    from .citeproc_compat import Cite
    from .errors import StyleError
    from .render import make_engine

    items = [dict(r.csl) for r in ex.records]
    keys = [r.key for r in ex.records]
    warnings: list[str] = []
    entries: dict[str, str] = {}
    order: list[str] = []
    if items:
        try:
            engine = make_engine(style, items, locale=locale, fmt="html")
            if engine.has_bibliography():
                engine.register(Cite(k) for k in keys)
                rendered = engine.bibliography_entries()
                omitted = set(getattr(engine, "omitted", ()))
                by_lower = {k.lower(): k for k in keys}
                placed = [by_lower.get(str(it.key).lower()) for it in engine.bib.items if it.key not in omitted]
                if len(placed) == len(rendered) and all(placed):
                    for k, h in zip(placed, rendered):
                        entries[k] = _clean_csl_html(h)
                        order.append(k)
                else:
                    warnings.append("the style's bibliography could not be matched to records; titles shown")
            else:
                cites = engine.cite_clusters([(i + 1, [Cite(k)]) for i, k in enumerate(keys)])
                for k, h in zip(keys, cites):
                    entries[k] = _clean_csl_html(h)
                order = sorted(keys, key=lambda k: re.sub(r"<[^>]{0,300}>", "", entries[k]).lower())
        except StyleError as exc:
            warnings.append(str(exc))
    for r in ex.records:
        if r.key not in entries:
            csl = r.csl
            names = ", ".join(n.get("family") or n.get("literal") or "" for n in csl.get("author", []) or [])
            entries[r.key] = _esc(f"{names + '. ' if names else ''}{csl.get('title') or r.key}.")
            order.append(r.key)
    return order, entries, warnings


def _locator_text(ref) -> str:
    bits = []
    if ref.volume:
        bits.append(f"vol. {ref.volume}")
    if ref.pages:
        bits.append(("pp. " if ("-" in ref.pages or "," in ref.pages) else "p. ") + ref.pages.replace(",", ", "))
    elif ref.locator:
        bits.append(f"{ref.label or ''} {ref.locator}".strip())
    return ", ".join(bits)


def _leans_on(ex: Extraction) -> dict[int, list[int | None]]:
    """For each citation of a leaning form, per ref: the index of the citation it resolved
    to (the resolver's antecedent, else the first earlier full/abbreviated citation of the
    same record, else the first earlier citation of it)."""
    first_full: dict[str, int] = {}
    first_any: dict[str, int] = {}
    out: dict[int, list[int | None]] = {}
    for i, c in enumerate(ex.citations):
        if c.form.value in _LEANING:
            out[i] = [
                r.antecedent if r.antecedent is not None else (first_full.get(r.record) if r.record else None) or (first_any.get(r.record) if r.record else None)
                for r in c.refs
            ]
        for r in c.refs:
            if r.record:
                first_any.setdefault(r.record, i)
                if c.form.value not in _LEANING:
                    first_full.setdefault(r.record, i)
    return out


def _label(c: Citation, n: int = 60) -> str:
    t = " ".join(c.text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def annotate(
    extraction: Extraction,
    *,
    problems: Sequence[Any] | None = None,
    style: str = "chicago-notes-bibliography",
    locale: str | None = None,
    title: str | None = None,
) -> str:
    """The HTML report of ``extraction`` as one self-contained ``str`` (UTF-8 when saved).

    ``problems``: :class:`citekit.Problem` objects (offsets into ``extraction.text``);
    None runs :func:`citekit.check` with its defaults, ``[]`` shows none.  ``style``: a
    CSL style name or .csl path for the records and the reference list (default
    chicago-notes-bibliography); ``locale``: a CSL locale or None for the style's.
    ``title``: the page title (default: the source's name).  Raises
    :class:`citekit.StyleError` only for a style that cannot be loaded at all; a style
    that cannot render a record falls back to its title.

    Element ids (stable, used by tests and links): ``c-<i>`` citation *i* (0-based index
    into ``extraction.citations``), ``t-<i>`` its details template, ``m-<chapter>-<n>``
    the first marker of note *n*, ``n-<chapter>-<n>`` the note, ``p-<j>`` problem *j*,
    ``r-<key>`` a reference-list entry."""
    from .render import resolve_style

    resolve_style(style)  # a style that cannot be found fails before any work (StyleError)
    if problems is None:
        from .checks import check

        problems = check(extraction)
    ex = extraction
    text = ex.text
    cits = ex.citations
    order, entries, warnings = _render_records(ex, style, locale)
    leans = _leans_on(ex)
    cited_by: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cits):
        for r in c.refs:
            if r.record and (not cited_by[r.record] or cited_by[r.record][-1] != i):
                cited_by[r.record].append(i)

    elems: list[_Elem] = []
    points: list[tuple[int, int, str]] = []
    # citations (outermost)
    for i, c in enumerate(cits):
        cls = ["cite", "f-" + c.form.value]
        if not c.resolved:
            cls.append("unres")
        if any(r.ambiguous for r in c.refs):
            cls.append("amb")
        common = f' class="{" ".join(cls)}" data-i="{i}"'
        elems.append(_Elem(c.start, c.end, 0, "span", f' id="c-{i}" tabindex="0" role="button" aria-controls="detail"{common}', common))
    # note markers and note labels, linked both ways
    note_ids = {(n.chapter, n.number) for n in ex.notes}
    marker_ids: dict[tuple[int, int], str] = {}
    for m in ex.markers:
        key = (m.chapter, m.note)
        if key in marker_ids:
            mid = f"m-{m.chapter}-{m.note}-{m.start}"
        else:
            mid = marker_ids[key] = f"m-{m.chapter}-{m.note}"
        if m.has_note and key in note_ids:
            elems.append(_Elem(m.start, m.end, 1, "a", f' id="{mid}" class="mk" href="#n-{m.chapter}-{m.note}" aria-label="note {m.note}"', ' class="mk"'))
        else:
            elems.append(_Elem(m.start, m.end, 1, "span", f' id="{mid}" class="mk nonote" title="no note {m.note}"', ' class="mk nonote"'))
    for n in ex.notes:
        nid = f"n-{n.chapter}-{n.number}"
        back = marker_ids.get((n.chapter, n.number))
        lab_end = n.start
        while lab_end > n.label_start and text[lab_end - 1].isspace():
            lab_end -= 1
        if lab_end > n.label_start:
            attrs = f' id="{nid}" class="nl"' + (f' href="#{back}" aria-label="back to the text of note {n.number}"' if back else "")
            elems.append(_Elem(n.label_start, lab_end, 1, "a" if back else "span", attrs, ' class="nl"'))
        else:
            points.append((n.start, 0, f'<a id="{nid}" class="nl"' + (f' href="#{back}">↑{n.number}</a> ' if back else f">{n.number}</a> ")))
    # check problems: the span underlined, a badge (code + message) after it
    probs = [p for p in problems if 0 <= p.start <= len(text)]
    for j, p in enumerate(probs):
        end = min(max(p.end, p.start), len(text))
        sev = _esc(p.severity)
        if end > p.start:
            elems.append(_Elem(p.start, end, 2, "span", f' class="pm sev-{sev}" data-p="{j}"', f' class="pm sev-{sev}"'))
        fix = f" — {p.fix}" if getattr(p, "fix", None) else ""
        points.append(
            (end, 1, f'<a class="pb sev-{sev}" id="p-{j}" href="#pl-{j}" tabindex="0"><b>{_esc(p.code)}</b><span class="msg">{_esc(p.message)}{_esc(fix)}</span></a>')
        )
    body = _weave(text, elems, points)

    # details templates
    tmpl: list[str] = []
    for i, c in enumerate(cits):
        line, col = ex.document.line_col(c.start)
        parts = [
            f'<template id="t-{i}"><h3><span class="sw f-{c.form.value}"></span>{_esc(FORM_LABELS.get(c.form.value, c.form.value))}'
            f' citation {i + 1} <small>line {line}, col. {col}</small></h3>',
            f'<blockquote class="src">{_esc(c.text)}</blockquote>',
        ]
        if not c.refs:
            parts.append('<p class="warn">Unresolved: no record.</p>')
        for k, r in enumerate(c.refs):
            parts.append('<div class="ref">')
            if r.role != "cited":
                parts.append(f'<p class="role">{_esc(r.role)}</p>')
            if r.record:
                parts.append(f'<div class="rec">{entries.get(r.record, _esc(r.record))}</div>')
                parts.append(f'<p><a href="#r-{_esc(r.record)}">in the reference list</a> · key <code>{_esc(r.record)}</code></p>')
            else:
                parts.append('<p class="warn">Unresolved: no record found for this work.</p>')
            loc = _locator_text(r)
            parts.append(f'<p class="loc">Locator: <b>{_esc(loc) if loc else "none"}</b></p>')
            if r.ambiguous:
                cands = ", ".join(f"<code>{_esc(x)}</code>" for x in r.candidates) or "several"
                parts.append(f'<p class="warn">Ambiguous: could be {cands}.</p>')
            target = (leans.get(i) or [None] * len(c.refs))[k] if i in leans else None
            if target is not None and 0 <= target < len(cits) and target != i:
                parts.append(f'<p>Resolved to <a class="jump" href="#c-{target}">citation {target + 1}: “{_esc(_label(cits[target]))}”</a></p>')
            elif i in leans:
                parts.append('<p class="warn">Leans on no earlier citation.</p>')
            if r.reason:
                parts.append(f'<p class="why">How: {_esc(r.reason)}</p>')
            parts.append("</div>")
        tmpl.append("".join(parts) + "</template>")

    # side panel: counts
    forms = Counter(c.form.value for c in cits)
    unresolved = [i for i, c in enumerate(cits) if not c.resolved]
    ambiguous = [i for i, c in enumerate(cits) if any(r.ambiguous for r in c.refs)]
    legend = "".join(
        f'<li><span class="sw f-{_esc(f)}"></span>{_esc(FORM_LABELS.get(f, f))} <b>{forms[f]}</b></li>' for f in FORM_LABELS if forms.get(f)
    )

    def links(idx: list[int], limit: int = 60) -> str:
        s = " ".join(f'<a href="#c-{i}" class="jump">{i + 1}</a>' for i in idx[:limit])
        return s + (f" … and {len(idx) - limit} more" if len(idx) > limit else "")

    by_rule: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(probs):
        by_rule[p.code].append(j)
    rule_rows = []
    for code in sorted(by_rule):
        js = by_rule[code]
        p0 = probs[js[0]]
        items = "".join(
            f'<li id="pl-{j}"><a href="#p-{j}">line {probs[j].line}</a>: {_esc(probs[j].message)}</li>' for j in js
        )
        rule_rows.append(
            f'<details class="rule"><summary><b class="sev-{_esc(p0.severity)}">{_esc(code)}</b> {_esc(p0.type)} <span class="n">{len(js)}</span></summary><ol>{items}</ol></details>'
        )
    problems_html = "".join(rule_rows) or "<p>No problems found.</p>"

    # reference list
    refs_html = []
    for key in order:
        where = cited_by.get(key, [])
        # the links are citation numbers (the report's own count, in text order), not note
        # numbers: labelled "#n", with the notes they stand in named after them
        back = ", ".join(f'<a href="#c-{i}" class="jump" title="citation {i + 1}">#{i + 1}</a>' for i in where)
        notes = list(dict.fromkeys(ex.citations[i].note for i in where if ex.citations[i].note is not None))
        in_notes = f" (note{'s' if len(notes) > 1 else ''} {', '.join(str(x) for x in notes)})" if notes else ""
        n = len(where)
        refs_html.append(
            f'<li id="r-{_esc(key)}"><div class="rec">{entries[key]}</div><p class="cited">cited {n} time{"" if n == 1 else "s"}'
            f'{": citation" + ("s " if n > 1 else " ") + back + in_notes if back else ""}</p></li>'
        )
    warn_html = "".join(f'<p class="warn">{_esc(w)}</p>' for w in warnings)

    name = title or str(ex.source or "text")
    return _PAGE.format(
        title=_esc(name),
        css=_CSS,
        js=_JS,
        style=_esc(style),
        ncit=len(cits),
        nrec=len(ex.records),
        nnotes=len(ex.notes),
        nprob=len(probs),
        legend=legend,
        unresolved=f"<p>Unresolved <b>{len(unresolved)}</b>{': ' + links(unresolved) if unresolved else ''}</p>",
        ambiguous=f"<p>Ambiguous <b>{len(ambiguous)}</b>{': ' + links(ambiguous) if ambiguous else ''}</p>",
        problems=problems_html,
        body=body,
        templates="".join(tmpl),
        refs="".join(refs_html),
        warnings=warn_html,
    )


_CSS = """
:root{--bg:#fdfcf9;--fg:#1d1d1f;--mut:#5f6368;--line:#e3e0d8;--panel:#fff;
--full:#dbe8ff;--short:#d5f2ec;--abbrev:#ece0ff;--ibid:#ffe6c7;--opcit:#ffefb0;--ad:#e0e4ff;--per:#dff3d6;--date:#eef8e6;--ref:#ececec;--oth:#f4e4ef;
--err:#c62828;--wrn:#b26a00;--inf:#1565c0;--sel:#1a73e8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 Georgia,"Times New Roman",serif}
header{padding:.8rem 1.2rem;border-bottom:1px solid var(--line);background:#fff;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
header h1{font-size:1.15rem;margin:0 0 .2rem;word-break:break-all}
header p{margin:0;color:var(--mut);font-size:.9rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.3rem;z-index:9}
.wrap{display:grid;grid-template-columns:minmax(0,1fr) 22rem;gap:0;max-width:84rem;margin:0 auto}
main{padding:1rem 1.6rem 3rem;min-width:0}
.text{white-space:pre-wrap;overflow-wrap:anywhere;max-width:46rem}
aside{border-left:1px solid var(--line);background:#faf8f3;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
.side{position:sticky;top:0;max-height:100vh;overflow:auto;padding:1rem}
aside h2,#refs h2{font:600 .95rem system-ui,sans-serif;margin:1rem 0 .4rem;text-transform:uppercase;letter-spacing:.04em;color:var(--mut)}
#detail{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.7rem .9rem;box-shadow:0 1px 3px rgba(0,0,0,.06)}
#detail h3{font-size:1rem;margin:0 0 .4rem}#detail h3 small{color:var(--mut);font-weight:400}
#detail .src{margin:.3rem 0 .6rem;padding:.3rem .6rem;border-left:3px solid var(--line);font-family:Georgia,serif;color:#333}
#detail .ref{border-top:1px dashed var(--line);padding-top:.4rem;margin-top:.4rem}
#detail p{margin:.25rem 0}.rec{font-family:Georgia,serif}.why{color:var(--mut);font-size:.85em}.role{font-weight:600;color:var(--inf)}
#close{float:right;border:0;background:none;font-size:1.2rem;cursor:pointer;line-height:1}
.hint{color:var(--mut)}
.legend{list-style:none;padding:0;margin:0;columns:2}.legend li{break-inside:avoid}
.sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.35em;vertical-align:-.1em;border:1px solid rgba(0,0,0,.15)}
.cite{border-radius:3px;padding:0 .1em;cursor:pointer;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.f-full{background:var(--full)}.f-short{background:var(--short)}.f-abbrev{background:var(--abbrev)}.f-ibid{background:var(--ibid)}
.f-opcit{background:var(--opcit)}.f-author-date{background:var(--ad)}.f-periodical{background:var(--per)}.f-date{background:var(--date)}
.f-reflist{background:var(--ref)}.f-keyed,.f-numeric,.f-other{background:var(--oth)}
.cite.unres{background:#ffd9d9;outline:2px dashed var(--err);outline-offset:1px}
.cite.amb{outline:2px dotted var(--wrn);outline-offset:1px}
.cite:hover{filter:brightness(.95)}
.cite:focus,.cite.sel{outline:2px solid var(--sel);outline-offset:1px}
a{color:#1558b0}a:focus-visible,summary:focus-visible,button:focus-visible{outline:2px solid var(--sel);outline-offset:2px}
.mk{font-size:.8em;vertical-align:super;line-height:0;text-decoration:none;font-weight:600}
.mk.nonote{color:var(--err)}
.nl{font-weight:700;text-decoration:none}
:target{scroll-margin-top:30vh}
.pm{text-decoration:underline wavy;text-decoration-thickness:1px;text-underline-offset:3px}
.pm.sev-error{text-decoration-color:var(--err)}.pm.sev-warning{text-decoration-color:var(--wrn)}.pm.sev-info{text-decoration-color:var(--inf)}
.pb{position:relative;display:inline-block;font:600 .68em/1.3 system-ui,sans-serif;padding:0 .3em;margin:0 .15em;border-radius:3px;color:#fff;text-decoration:none;vertical-align:.15em;white-space:nowrap}
.pb b{font-weight:600}
.pb.sev-error{background:var(--err)}.pb.sev-warning{background:var(--wrn)}.pb.sev-info{background:var(--inf)}
.pb .msg{display:none;position:absolute;left:0;top:1.6em;z-index:5;width:max-content;max-width:min(22rem,80vw);white-space:normal;background:#222;color:#fff;padding:.35em .5em;border-radius:4px;font-weight:400;font-size:1.25em}
.pb:hover .msg,.pb:focus .msg{display:block}
summary .sev-error{color:var(--err)}summary .sev-warning{color:var(--wrn)}summary .sev-info{color:var(--inf)}
details.rule summary{cursor:pointer;padding:.15rem 0}details.rule .n{float:right;font-weight:700}
details.rule ol{margin:.2rem 0 .5rem;padding-left:1.3rem}
.warn{color:var(--err)}
#refs{border-top:1px solid var(--line);margin-top:2rem;max-width:46rem}
#refs ol{padding-left:1.5rem}#refs li{margin:.5rem 0}#refs .cited{margin:.1rem 0;font:13px system-ui,sans-serif;color:var(--mut)}
#refs .cited a{margin-right:.25em}
.sc{font-variant:small-caps}
.csl-left-margin{display:inline;margin-right:.4em}.csl-right-inline{display:inline}
@media (max-width:800px){
 .wrap{display:block}main{padding:.8rem .9rem 45vh}
 aside{border-left:0;border-top:1px solid var(--line)}
 .side{position:static;max-height:none}
 #detail{position:fixed;left:0;right:0;bottom:0;max-height:45vh;overflow:auto;z-index:10;border-radius:10px 10px 0 0;margin:0;box-shadow:0 -2px 10px rgba(0,0,0,.15)}
 #detail.empty{display:none}
 .legend{columns:1}
}
@media print{
 header,main{padding:0}body{background:#fff;font-size:11pt}
 .wrap{display:block}aside .side{position:static;max-height:none}
 #detail,.skip,#close,.hint{display:none}
 .cite{background:none;border-bottom:1.5px solid #777;border-radius:0}
 .cite.unres{outline:0;border-bottom:2px dashed #000}
 .pb{color:#000!important;background:none!important;border:1px solid #000}
 details.rule ol{display:block}
 a{color:inherit;text-decoration:none}
}
"""

_JS = """
(function(){
var panel=document.getElementById('detail'),body=document.getElementById('detail-body'),last=null;
function show(i){var t=document.getElementById('t-'+i);if(!t)return;
 body.replaceChildren(t.content.cloneNode(true));panel.classList.remove('empty');
 document.querySelectorAll('.cite.sel').forEach(function(e){e.classList.remove('sel')});
 document.querySelectorAll('.cite[data-i="'+i+'"]').forEach(function(e){e.classList.add('sel')});
 panel.setAttribute('data-shown',i);}
function go(id){var el=document.getElementById(id);if(!el)return false;
 el.scrollIntoView({block:'center'});if(el.classList.contains('cite')){el.focus({preventScroll:true});show(el.getAttribute('data-i'));}
 else{if(!el.hasAttribute('tabindex'))el.setAttribute('tabindex','-1');el.focus({preventScroll:true});}
 history.replaceState(null,'','#'+id);return true;}
document.addEventListener('click',function(e){
 var a=e.target.closest('a[href^="#"]');
 if(a){var id=a.getAttribute('href').slice(1);if(go(id))e.preventDefault();return;}
 var c=e.target.closest('.cite');if(c){last=c;show(c.getAttribute('data-i'));}});
document.addEventListener('focusin',function(e){var c=e.target.closest&&e.target.closest('.cite');if(c){last=c;show(c.getAttribute('data-i'));}});
document.addEventListener('keydown',function(e){
 var c=e.target.closest&&e.target.closest('.cite');
 if(c&&(e.key==='Enter'||e.key===' ')){e.preventDefault();show(c.getAttribute('data-i'));var f=body.querySelector('a');if(f)f.focus();}
 if(e.key==='Escape'&&!panel.classList.contains('empty')){panel.classList.add('empty');if(last)last.focus();}});
document.getElementById('close').addEventListener('click',function(){panel.classList.add('empty');if(last)last.focus();});
if(location.hash)go(location.hash.slice(1));
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Citations: {title}</title>
<style>{css}</style></head>
<body>
<a class="skip" href="#text">Skip to the text</a>
<header><h1>Citations in {title}</h1>
<p>{ncit} citations · {nrec} works · {nnotes} notes · {nprob} problems · records in {style}</p></header>
<div class="wrap">
<main id="main"><article class="text" id="text">{body}</article>
<section id="refs" aria-label="Reference list"><h2>Reference list</h2>{warnings}<ol>{refs}</ol></section></main>
<aside><div class="side">
<section id="detail" class="empty" aria-live="polite" aria-label="Citation details"><button id="close" type="button" aria-label="Close details">×</button>
<div id="detail-body"><p class="hint">Click a highlighted citation, or Tab to it, to see its record, locator and what it resolved to. Enter moves into this panel, Esc closes it.</p></div></section>
<h2>Citations</h2><ul class="legend">{legend}</ul>{unresolved}{ambiguous}
<h2>Problems ({nprob})</h2>{problems}
</div></aside></div>
{templates}
<script>{js}</script>
</body></html>
"""


def cli_annotate(args: Any, emit) -> int:
    """``citekit annotate FILE [-o report.html] [--style NAME] [--bib FILE]``: the report on
    ``-o`` (or stdout); problems come from :func:`citekit.check` with the nearest config's
    defaults not applied (every rule).  Returns exit code 0; errors raise ``CitekitError``."""
    import time
    from pathlib import Path

    from .checks import check
    from .pipeline import extract

    t = time.perf_counter()
    ex = extract(Path(args.file), library=args.bib, input_format=args.input_format)
    problems = check(ex, library=args.bib)
    out = annotate(ex, problems=problems, style=args.style, locale=args.locale, title=Path(args.file).name)
    emit(args, out)
    if args.verbose:
        import sys

        print(f"citekit: {args.file}: {len(ex.citations)} citations, {len(problems)} problems, "
              f"{len(out.encode('utf-8'))} bytes, {time.perf_counter() - t:.2f} s", file=sys.stderr)
    return 0
