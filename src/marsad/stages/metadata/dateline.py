"""The shapes of a dateline at the top of an article: a parenthesised credit ("القاهرة (رويترز)
3 مارس 2016 -"), short pieces between separators ("سبق- الرياض:"), or a short line that is
only a place, a credit and a date ("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس")."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ...langdata.loader import LangData
from ..times import dates_in_tokens
from .agencies import _agency_hits, _Hit
from .context import _Ctx, _Dateline
from .dates import _chosen, _dates, _numeric_day_month
from .text import WORD, word_count

# Structure of datelines (not language data: punctuation and sizes).
_MAX_SHORT_LINE = 110  # characters of a line that is only a dateline ("عين اليوم – أنقرة")
_MAX_SHORT_WORDS = 14
_MAX_HEAD = 90  # characters at the start of a paragraph searched for "سبق- الرياض:" style heads
_MAX_PIECE_WORDS = 4
_MAX_BYLINE_WORDS = 3  # an author's name beside the place of a byline ("أحمد البشيري – الباحة")
_SENTENCE_END = ".!?؟"
_MAX_DATE_ONLY_WORDS = 6  # a dateline line without an agency: place and date only
_PAREN_START = 60  # a dateline "(...)" opens within this many characters of its line
_PAREN_LEN = 160
_LINES_SEARCHED = 3  # non-empty lines after the title
_BULLETS = "-*\u2022\u25cf\u25aa"
_MAX_BULLETS = 8
_HEAD_SEPARATORS = "-:|،,\u2013\u2014"  # what closes a date after a credit


def _letters(lang: LangData) -> tuple[tuple[str, str], ...]:
    """The Unicode ranges of the language's letters (its ``encodings`` table), derived once."""
    return lang.derived("metadata.letters", lambda ld: tuple(
        (lo, hi) for lo, hi in ld.get("encodings", {}).get("script_ranges", ())))


def _content_start(view: str, s: int, e: int, letters: tuple[tuple[str, str], ...]) -> int:
    """Skip leading words without the language's letters or digits (site debris: "Next
    Previous"). ``letters``: the Unicode ranges of the language's script (its ``encodings``
    table); without them any letter counts."""
    i = s
    while i < e:
        ch = view[i]
        if ch == "(" or ch.isdigit() or (any(lo <= ch <= hi for lo, hi in letters) if letters else ch.isalpha()):
            return i
        i += 1
    return s


def _trim(view: str, s: int, e: int) -> tuple[int, int]:
    strip = set(" -/:،,|.") | {"\u2013", "\u2014"}
    while s < e and view[s] in strip:
        s += 1
    while e > s and view[e - 1] in strip:
        e -= 1
    return s, e


def _elements(ctx: _Ctx, s: int, e: int, spans: Sequence[tuple[int, int]]) -> int:
    """Words of view ``[s, e)``, an agency name or a date (``spans``) counting as one word and a
    date link ("الموافق") as none."""
    n = sum(1 for a, _ in spans if s <= a < e)
    for m in WORD.finditer(ctx.view, s, e):
        if any(a <= m.start() < b for a, b in spans):
            continue
        if spans and m.group() in ctx.links:
            continue
        n += 1
    return n


def _credits(ctx: _Ctx, s: int, e: int, *, line: bool = False) -> list[_Hit]:
    """The agencies named in dateline ``[s, e)``. An abbreviation that the times stage reads as
    a date ("اليوم", today; also the outlet اليوم) credits only when it opens a dateline that
    goes on ("اليوم - الدمام"): not after words ("قال مسؤولون، اليوم (الثلاثاء)"), not alone
    ("اليوم، وبعد إغلاق الملف ...")."""
    hits = _agency_hits(ctx.view, s, e, ctx.matcher, line=line)
    view = ctx.view
    return [h for h in hits if not h.abbreviation
            or (not WORD.search(view, s, h.vstart) and WORD.search(view, h.vend, e))
            or not _is_date_word(ctx, h)]


def _is_date_word(ctx: _Ctx, hit: _Hit) -> bool:
    tokens = ctx.tokens
    lo = bisect_left(tokens, hit.vstart, key=lambda t: t.vstart)
    hi = bisect_left(tokens, hit.vend, key=lambda t: t.vstart)
    return any(tokens[d.start].vstart <= hit.vstart and hit.vend <= tokens[d.end - 1].vend
               for d in dates_in_tokens(tokens, lo, hi, lang=ctx.lang))


def _accept(ctx: _Ctx, s: int, e: int, *, line: bool = False) -> _Dateline | None:
    view = ctx.view
    s, e = _trim(view, s, e)
    if e <= s:
        return None
    hits = _credits(ctx, s, e, line=line)
    dates = _dates(ctx, s, e, hits) or _numeric_day_month(ctx, s, e, hits)
    if not hits:  # a day and month alone ("15 أغسطس: صحا الجو") date only a credited dateline
        dates = [d for d in dates if not d.yearless]
    if not hits and not dates:
        return None
    if not hits and line and _elements(ctx, s, e, [(d.vstart, d.vend) for d in dates]) > _MAX_DATE_ONLY_WORDS:
        return None  # a short sentence with a date ("قتل 5 أشخاص في 3 يوليو 2015") is not a dateline
    return _Dateline(s, e, tuple(hits), _chosen(dates))


def _piece_words(ctx: _Ctx, s: int, e: int) -> int:
    """Words of a dateline piece; in a piece that names an agency its dates count as none
    ("بيروت 3 آذار 2016 (أ ف ب)" is four words, like "بيروت (أ ف ب)"), elsewhere a date is
    words like any other ("عقد في 3 مارس 2016:" is running text)."""
    words = word_count(ctx.view, s, e)
    hits = _credits(ctx, s, e)
    if not hits:
        return words
    dates = _dates(ctx, s, e, hits)
    return words - sum(word_count(ctx.view, d.vstart, d.vend) for d in dates) - sum(
        1 for m in WORD.finditer(ctx.view, s, e) if dates and m.group() in ctx.links)


def _date_after(ctx: _Ctx, at: int, e: int) -> tuple[int, str] | None:
    """(end, ISO) of a date starting at ``at`` (spaces skipped) that closes its dateline: only
    dates and date links up to a separator or the line's end ("القاهرة (رويترز) 3 مارس 2016 -")."""
    view = ctx.view
    while at < e and view[at] == " ":
        at += 1
    stop = at
    while stop < e and view[stop] not in _HEAD_SEPARATORS:
        stop += 1
    dates = _dates(ctx, at, stop)
    if not dates or dates[0].vstart != at:
        return None
    if _elements(ctx, at, stop, [(d.vstart, d.vend) for d in dates]) != len(dates):
        return None  # running text after the date ("(رويترز) 3 مارس 2016 قال ...")
    return dates[-1].vend, _chosen(dates) or dates[0].iso


def _paren_dateline(ctx: _Ctx, s: int, e: int) -> _Dateline | None:
    view = ctx.view
    open_at = view.find("(", s, min(e, s + _PAREN_START))
    if open_at < 0:
        return None
    close_at = view.find(")", open_at + 1, min(e, open_at + _PAREN_LEN))
    if close_at < 0:
        return None
    inner = _accept(ctx, open_at + 1, close_at)
    if inner is None or not inner.hits:
        return None  # "نشرت «المدينة» يوم الأحد (5/7/2015م) تقريرا": a date inside running text
    end = close_at + 1
    when = inner.date
    after = _date_after(ctx, end, e)  # "موسكو (سبوتنيك) 22 يوليو 2021 - ..."
    if after is not None:
        end, when = after[0], when or after[1]
    prefix = view[s:open_at].strip(" -\u2013")
    if not prefix:
        return _Dateline(open_at, end, inner.hits, when) if end > close_at + 1 else inner
    if any(ch in ".:؛" for ch in prefix):
        return None
    last = WORD.findall(view, s, open_at)[-1:]
    if last and last[0] in ctx.shapes.credit_objects:
        return None  # "كشف لـ(عكاظ) عميد ...": the outlet is the object of running text
    # "القاهرة (رويترز)", "بيروت 3 آذار 2016 (أ ف ب)": the place (and date) before a credit
    # belong to it; more words are running text ("نشرت «المدينة» يوم الأحد (واس)").
    dates = _dates(ctx, s, open_at) or _numeric_day_month(ctx, s, open_at, inner.hits)
    if _elements(ctx, s, open_at, [(d.vstart, d.vend) for d in dates]) > 3:
        return None
    return _Dateline(s, end, inner.hits, when or _chosen(dates))


def _head_dateline(ctx: _Ctx, s: int, e: int) -> _Dateline | None:
    """"سبق- الرياض:", "خالد علي– سبق– جدة:", "القاهرة - رويترز -", "القاهرة (رويترز) 3 مارس
    2016 -": short pieces joined by separators at the start of a paragraph."""
    view = ctx.view
    hi = min(e, s + _MAX_HEAD)
    # a slash inside a numeric date ("5/7/2015") separates nothing
    pieces = re.split(r"([\-:|،,\u2013\u2014]|(?<!\d)/|/(?!\d))", view[s:hi])
    pos = s
    end = s
    separators = 0
    spans: list[tuple[int, int]] = []  # the pieces with words
    for k in range(0, len(pieces), 2):
        piece = pieces[k]
        sep = pieces[k + 1] if k + 1 < len(pieces) else ""
        if k + 1 >= len(pieces) and hi < e:
            break  # the piece runs past the head: not a dateline piece
        pos_end = pos + len(piece)
        n = _piece_words(ctx, pos, pos_end)
        if n > _MAX_PIECE_WORDS:
            break
        if n:
            end = pos_end
            spans.append(_trim(view, pos, pos_end))
        pos = pos_end + len(sep)
        if sep:
            separators += 1
        if sep == ":":
            break
    if separators == 0 or end <= s:
        return None
    found = _accept(ctx, s, end)
    if found is not None and found.hits:
        return found
    # pieces without a credit are running text ("يغادر – بمشيئة الله – يوم غد الخميس 14 / 10 /
    # 1436هـ") unless they are a byline (author and place); a line that is only a place and a
    # date is read whole (_line_dateline)
    return _byline(ctx, spans, e)


def _byline(ctx: _Ctx, spans: Sequence[tuple[int, int]], e: int) -> _Dateline | None:
    """A line that is only an author and a place between separators ("أحمد البشيري – الباحة",
    "أبها - مريم الجابر", "بريدة، تقرير - منصور الجفن"): two or three pieces, the first or the
    last a gazetteer place, the others of at most ``_MAX_BYLINE_WORDS`` words, no number."""
    view, places = ctx.view, ctx.shapes.places
    if not places or not 2 <= len(spans) <= 3:
        return None
    s, end = spans[0][0], spans[-1][1]
    rest = _trim(view, end, e)
    if rest[1] > rest[0] or any(ch.isdigit() for ch in view[s:end]):
        return None  # more after the pieces, or a score or date: not a byline
    texts = [view[a:b] for a, b in spans]
    at = 0 if texts[0] in places else len(texts) - 1 if texts[-1] in places else None
    if at is None or any(word_count(view, a, b) > _MAX_BYLINE_WORDS for k, (a, b) in enumerate(spans) if k != at):
        return None
    return _Dateline(s, end, (), None)


def _line_dateline(ctx: _Ctx, s: int, e: int, letters: tuple[tuple[str, str], ...]
                   ) -> tuple[_Dateline | None, bool]:
    """The dateline of one line, and whether the line may be followed by one (it is short and
    not a sentence: a title-like line); running text ends the search."""
    view = ctx.view
    s = _content_start(view, s, e, letters)
    if view[s] == "(":  # "(پاکستان پوائنٹ نیوز / سبوتنيك - 22 يوليو 2021ء) أعلن ..."
        found = _paren_dateline(ctx, s, e) or _head_dateline(ctx, s, e)
    else:  # "الرياض - وكالة الأنباء السعودية (واس): ...", "القاهرة (رويترز) - ..."
        found = _head_dateline(ctx, s, e) or _paren_dateline(ctx, s, e)
    if found is not None:
        return found, False
    if e - s <= _MAX_SHORT_LINE and word_count(view, s, e) <= _MAX_SHORT_WORDS and view[e - 1] not in _SENTENCE_END:
        return _accept(ctx, s, e, line=True), True
    return None, False


def _find_dateline(ctx: _Ctx, lines: list[tuple[int, int]], first: int) -> _Dateline | None:
    searched = 0
    letters = _letters(ctx.lang)
    place_at: int | None = None  # a line above that is only a place ("الرياض")
    for k in range(first, min(len(lines), first + _LINES_SEARCHED + _MAX_BULLETS)):
        s, e = lines[k]
        if ctx.view[s] in _BULLETS:
            continue  # summary bullets above the story ("- نجاح عمليات التحالف ...")
        searched += 1
        if searched > _LINES_SEARCHED:
            break
        found, go_on = _line_dateline(ctx, s, e, letters)
        if found is not None:
            if go_on and found.date is None and found.hits and k + 1 < len(lines):
                found = _dated_below(ctx, found, lines[k + 1], letters)
            return found if place_at is None else _Dateline(place_at, found.vend, found.hits, found.date)
        if not go_on:
            return None  # the first paragraph of running text: the last place a dateline can be
        c = _content_start(ctx.view, s, e, letters)
        place_at = c if ctx.view[c:e] in ctx.shapes.places else None
    return None


def _dated_below(ctx: _Ctx, found: _Dateline, below: tuple[int, int],
                 letters: tuple[tuple[str, str], ...]) -> _Dateline:
    """A credit line without a date followed by the line of its date ("وكالة الأنباء السعودية
    تحييكم وتبدأ بثها اليوم" above "الإثنين 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس"): one
    dateline over both, when the lower line credits no other agency."""
    nxt, _ = _line_dateline(ctx, *below, letters)
    ids = {h.agency.id for h in found.hits}
    if nxt is None or not nxt.date or any(h.agency.id not in ids for h in nxt.hits):
        return found
    return _Dateline(found.vstart, nxt.vend, found.hits, nxt.date)
