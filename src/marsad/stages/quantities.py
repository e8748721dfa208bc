"""Quantities: numbers in digits and in words, percentages, qualifiers and counted nouns.

Conventions (documented in the output contract):

* ``value`` is the number as a float (``"1.5 مليار"`` -> 1.5e9, ``"ثلاثة آلاف"`` -> 3000,
  ``"70 بالمئة"`` -> 70 with unit ``"percent"``). Vague plurals without a number ("عشرات",
  "آلاف المتظاهرين") give the smallest value they name (10, 1000) with qualifier ``more_than``.
* ``qualifier`` is ``more_than``, ``less_than``, ``about`` or ``exactly`` when the text says so
  ("أكثر من", "أقل من", "نحو", "بالضبط" ...); **``None`` when the text states no qualifier**
  (the number as written, with no claim that it is exact).
* ``unit`` is ``"percent"`` for percentages; for a counted noun in the ``counted_nouns`` table it
  is that entry's English gloss ("150 منطقة" -> ``"district"``, "6 دول" -> ``"country"``); for
  any other counted noun it is the noun's normalized view form (Arabic script); else ``None``.
* The span covers qualifier, number, percent phrase or counted noun, and a trailing qualifier
  ("أكثر من 150 منطقة"); ``text[start:end] == item.text``.
* Not quantities: parts of dates (a number beside a month name of the ``calendar`` table, a year
  after "عام" or with an era mark, a bare four-digit year), clock times, identifiers after cue
  nouns ("القرار 2254", "القاعدة العسكرية رقم 201"), list markers, ranks ("الـ11"), numbers with leading zeros, and numbers
  joined by "/" or ":" (dates, times, ranges of years).

All words are language data: ``numbers``, ``quantity_cues`` and the times stage's ``calendar``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..langdata.loader import LangData
from ..model import Quantity
from ..settings import Settings
from .metadata import build_month_lookup
from .normalize import NormalizedText, normalize_string
from .segment import Segmentation, Token

__all__ = ["extract_quantities", "parse_digits", "count_words"]

_YEAR_RANGE = (1300, 2100)  # bare four-digit integers in this range are years (Hijri and Gregorian)
_MAX_DIGITS = 15
_DATE_JOINERS = frozenset("/:+")  # 11/8/2015, 10:35, 5+1
_ID_PUNCT = frozenset("(:[")  # between an identifier cue and its number
_LIST_MARKS = frozenset("-).\u0640")  # "1 - تجديد", "2) ...", "1 ـ تعيين"


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class _Word:
    kind: str  # unit, ten, hundred, scale, dual, fraction, vague
    value: float
    standalone: bool = True


@dataclass(frozen=True, slots=True)
class _Tables:
    words: dict[str, _Word]
    vague: dict[str, float]
    teens: frozenset[str]
    conjunctions: frozenset[str]
    not_numbers: frozenset[str]
    percent_after: tuple[tuple[str, ...], ...]
    percent_before: frozenset[str]
    qual_before: tuple[tuple[tuple[str, ...], str], ...]
    qual_after: tuple[tuple[tuple[str, ...], str], ...]
    year_before: frozenset[str]
    year_after: frozenset[str]
    identifier_before: frozenset[str]
    time_before: frozenset[str]
    not_units: frozenset[str]
    units: dict[tuple[str, ...], str]
    glosses: frozenset[str]
    max_unit_words: int
    accusative: str
    months: frozenset[str]
    article: str
    proclitics: frozenset[str]
    unit_proclitics: frozenset[str]
    number_forms: frozenset[str]  # every number word and vague quantity (a token needs one)


def _build_tables(lang: LangData) -> _Tables:
    def norm(value: str) -> str:
        return normalize_string(value, lang=lang)

    def phrase(value: str) -> tuple[str, ...]:
        return tuple(norm(value).split())

    numbers = lang.get("numbers", {})
    cues = lang.get("quantity_cues", {})
    not_standalone = {norm(w) for w in numbers.get("not_standalone", [])}
    words: dict[str, _Word] = {}
    for group, kind in (("units", "unit"), ("tens", "ten"), ("hundreds", "hundred"), ("scales", "scale"),
                        ("duals", "dual"), ("fractions", "fraction")):
        for word, value in numbers.get(group, {}).items():
            key = norm(word)
            if key and key not in words:
                words[key] = _Word(kind, float(value), key not in not_standalone)
    vague = {norm(k): float(v) for k, v in numbers.get("vague", {}).items()}
    units: dict[tuple[str, ...], str] = {}
    for row in cues.get("counted_nouns", []):
        for form in row["forms"]:
            key = phrase(form)
            if key:
                units.setdefault(key, row["gloss"])

    def qualifiers(table: dict[str, str]) -> tuple[tuple[tuple[str, ...], str], ...]:
        rows = [(phrase(k), v) for k, v in table.items() if phrase(k)]
        return tuple(sorted(rows, key=lambda r: -len(r[0])))

    return _Tables(
        words=words,
        vague=vague,
        teens=frozenset(norm(w) for w in numbers.get("teen_suffixes", [])),
        conjunctions=frozenset(norm(w) for w in numbers.get("conjunctions", [])),
        not_numbers=frozenset(norm(w) for w in numbers.get("not_numbers", [])),
        percent_after=tuple(sorted((phrase(p) for p in cues.get("percent_after", []) if phrase(p)), key=len, reverse=True)),
        percent_before=frozenset(norm(p) for p in cues.get("percent_before", [])),
        qual_before=qualifiers(cues.get("qualifiers_before", {})),
        qual_after=qualifiers(cues.get("qualifiers_after", {})),
        year_before=frozenset(norm(w) for w in cues.get("year_before", [])),
        year_after=frozenset(norm(w) for w in cues.get("year_after", [])),
        identifier_before=frozenset(norm(w) for w in cues.get("identifier_before", [])),
        time_before=frozenset(norm(w) for w in cues.get("time_before", [])),
        not_units=frozenset(norm(w) for w in cues.get("not_units", [])),
        units=units,
        glosses=frozenset(units.values()),
        max_unit_words=max((len(k) for k in units), default=1),
        accusative=norm(cues.get("accusative_suffix", "")) if cues.get("accusative_suffix") else "",
        months=frozenset(build_month_lookup(lang)),  # not lang.derived: no nesting under its lock
        article=norm(cues.get("definite_article", "")) or "\0",
        proclitics=frozenset("".join(norm(p) for p in numbers.get("proclitics", []))),
        unit_proclitics=frozenset("".join(norm(p) for p in cues.get("not_unit_proclitics", []))),
        number_forms=frozenset(words) | frozenset(vague),
    )


def _tables(lang: LangData) -> _Tables:
    return lang.derived("quantities.tables", _build_tables)


def count_words(lang: LangData) -> frozenset[str]:
    """Normalized number words that can stand alone as a count (سبعة، ثلاثين، آلاف), and vague
    quantities (عشرات): no fractions, no أحد/واحد (``not_standalone``)."""
    t = _tables(lang)
    return frozenset(k for k, w in t.words.items() if w.standalone and w.kind != "fraction") | frozenset(t.vague)


# --------------------------------------------------------------------------- numbers


def parse_digits(token: str) -> float | None:
    """"1,000,000" -> 1e6, "1.5" -> 1.5, "1,5" -> 1.5 (decimal comma), "1.000.000" -> 1e6."""
    if not token or not token[0].isdigit() or sum(ch.isdigit() for ch in token) > _MAX_DIGITS:
        return None
    try:
        if "," in token and "." in token:
            return float(token.replace(",", ""))
        for sep in (",", "."):
            if sep in token:
                head, *rest = token.split(sep)
                if all(len(r) == 3 for r in rest) and (len(rest) > 1 or sep == ","):
                    return float(head + "".join(rest))
                if len(rest) == 1:
                    return float(head + "." + rest[0])
                return None
        return float(token)
    except ValueError:
        return None


def _word_of(tok: Token, t: _Tables, *, conj: bool = False) -> tuple[str, _Word] | None:
    """The number word ``tok`` spells (via its clitic-stripped forms), if any. With ``conj``
    the token must carry the conjunction ("وعشرين")."""
    if tok.norm in t.not_numbers:
        return None
    if conj:
        for c in t.conjunctions:
            if tok.norm.startswith(c) and tok.norm[len(c):] in t.words:
                return tok.norm[len(c):], t.words[tok.norm[len(c):]]
        return None
    for form in _prefixed_forms(tok, t):
        if form in t.not_numbers:
            return None
        if form in t.words:
            return form, t.words[form]
    return None


def _prefixed_forms(tok: Token, t: _Tables) -> list[str]:
    """The token's forms that differ from it only by number proclitics ("وثلاثة", "بنصف"); not
    the article ("الاثنين" is Monday, "المئة" belongs to "في المئة") nor "ك" ("كمية")."""
    out = []
    for form in tok.forms:
        if not tok.norm.endswith(form):
            continue
        prefix = tok.norm[: len(tok.norm) - len(form)]
        if len(prefix) <= 2 and all(ch in t.proclitics for ch in prefix):
            out.append(form)
    return out


@dataclass(slots=True)
class _Number:
    first: int  # token indices [first, last]
    last: int
    value: float
    is_year_like: bool = False
    vague: bool = False
    is_digits: bool = False
    fraction_only: bool = False


class _Accumulator:
    def __init__(self) -> None:
        self.total = 0.0
        self.group = 0.0
        self.last_scale = 0.0
        self.terms = 0
        self.prev_kind = ""
        self.prev_conj = False

    def add(self, kind: str, value: float, conj: bool) -> bool:
        """Add one term; ``False`` when it cannot continue the number."""
        if kind in ("unit", "ten", "hundred", "digits"):
            if self.prev_kind == "unit" and kind == "hundred" and value == 100 and not conj:
                self.group *= 100  # "ثلاث مئة"
            elif self.terms and not conj:
                return False
            elif kind == "digits" and self.group:
                return False
            else:
                self.group += value
        elif kind == "teen":
            if self.prev_kind != "unit" or conj or self.group >= 10:
                return False
            self.group += 10
        elif kind == "scale":
            if conj:
                return False
            self.total += (self.group or 1.0) * value
            self.group = 0.0
            self.last_scale = value
        elif kind == "dual":
            if self.group or (self.terms and not conj):
                return False
            self.total += value
        elif kind == "fraction":
            if self.terms and conj and self.last_scale and not self.group:
                self.total += value * self.last_scale  # "مليون ونصف"
            elif self.terms and not conj:
                return False
            else:
                self.group += value
        else:
            return False
        self.terms += 1
        self.prev_kind = kind
        self.prev_conj = conj
        return True

    @property
    def value(self) -> float:
        return self.total + self.group


def _read_number(toks: tuple[Token, ...], i: int, end: int, t: _Tables) -> _Number | None:
    """The number starting at token ``i`` (digits and/or words), ``None`` if there is none."""
    tok = toks[i]
    acc = _Accumulator()
    standalone_ok = True
    is_digits = False
    if tok.is_number:
        value = parse_digits(tok.norm)
        if value is None:
            return None
        acc.add("digits", value, False)
        is_digits = True
    else:
        if t.number_forms.isdisjoint(tok.forms):
            return None  # no form is a number word or a vague quantity (the usual case)
        if any(f in t.vague for f in _prefixed_forms(tok, t)):
            return _vague(toks, i, end, t)
        found = _word_of(tok, t)
        if found is None:
            return None
        _, word = found
        acc.add(word.kind, word.value, False)
        standalone_ok = word.standalone
    last = i
    j = i + 1
    while j < end:
        nxt = toks[j]
        conj = False
        step = j
        if nxt.norm in t.conjunctions and j + 1 < end:
            conj, step = True, j + 1  # "مليون و 200 ألف": the conjunction split off a number
            nxt = toks[step]
        if nxt.is_number:
            value = parse_digits(nxt.norm)
            if value is None or not conj or not acc.add("digits", value, True):
                break
        else:
            found = None if conj else _word_of(nxt, t, conj=True)
            if found is not None:
                conj = True  # "وعشرين"
            else:
                found = _word_of(nxt, t)
            if found is None:
                break
            form, word = found
            kind = "teen" if form in t.teens and acc.prev_kind == "unit" and not conj else word.kind
            if not acc.add(kind, word.value, conj):
                break
            standalone_ok = True
        last = step
        j = step + 1
    if not standalone_ok:
        return None
    value = acc.value
    if value <= 0 or math.isinf(value):
        return None
    if last == i and not is_digits and acc.prev_kind == "fraction":
        fraction_only = True
    else:
        fraction_only = False
    year_like = (
        is_digits and last == i and tok.norm.isdigit() and len(tok.norm) == 4
        and _YEAR_RANGE[0] <= value <= _YEAR_RANGE[1]
    )
    return _Number(i, last, value, is_year_like=year_like, is_digits=is_digits and last == i,
                   fraction_only=fraction_only)


def _vague(toks: tuple[Token, ...], i: int, end: int, t: _Tables) -> _Number | None:
    """"عشرات", "آلاف", "عشرات الآلاف": at least this many."""
    value = next((t.vague[f] for f in _prefixed_forms(toks[i], t) if f in t.vague), None)
    if value is None:
        return None
    last = i
    if i + 1 < end and toks[i + 1].norm.startswith(t.article):
        more = t.vague.get(toks[i + 1].norm[len(t.article):])
        if more is not None:
            value *= more  # "عشرات الآلاف" = tens of thousands
            last = i + 1
    return _Number(i, last, value, vague=True)


# --------------------------------------------------------------------------- context


def _phrase_before(toks: tuple[Token, ...], i: int, lo: int, phrases: tuple[tuple[tuple[str, ...], str], ...]
                   ) -> tuple[int, str] | None:
    """A phrase ending right before token ``i``: (first token index, label). The phrase's first
    word may carry a proclitic ("بأكثر من")."""
    for words, label in phrases:
        k = len(words)
        if i - k < lo:
            continue
        window = toks[i - k:i]
        if all(window[n].norm == words[n] for n in range(1, k)) and words[0] in window[0].forms:
            return i - k, label
    return None


def _phrase_after(toks: tuple[Token, ...], j: int, hi: int, phrases) -> tuple[int, str] | None:
    """A phrase starting at token ``j``: (last token index, label)."""
    for words, label in phrases:
        k = len(words)
        if j + k > hi:
            continue
        if all(toks[j + n].norm == words[n] for n in range(k)):
            return j + k - 1, label
    return None


def _dash_date(toks: tuple[Token, ...], i: int, lo: int, hi: int) -> bool:
    """Is token ``i`` one of three numbers joined by dashes (28 - 7 - 1433)?"""
    for start in (i - 4, i - 2, i):
        if start < lo or start + 4 >= hi:
            continue
        chain = toks[start:start + 5]
        if all(chain[n].is_number for n in (0, 2, 4)) and chain[1].norm == "-" and chain[3].norm == "-":
            return True
    return False


def _glued_digits(toks: tuple[Token, ...], a: int, b: int, c: int, hi: int) -> bool:
    if a < 0 or c >= hi:
        return False
    return (toks[a].is_number and toks[b].is_word and len(toks[b].norm) == 1 and toks[c].is_number
            and toks[a].end == toks[b].start and toks[b].end == toks[c].start)


def _is_month(tok: Token, t: _Tables) -> bool:
    # Proclitics only ("بيوليو"): "بالمائة" minus its enclitic would be "ماي" (May).
    return any(f in t.months for f in tok.forms if tok.norm.endswith(f))


def _is_month_at(toks: tuple[Token, ...], k: int, hi: int, t: _Tables) -> bool:
    """A month name starts at token ``k`` (one word, or two: "ذي القعدة", "ربيع الأول")."""
    if k >= hi:
        return False
    if _is_month(toks[k], t):
        return True
    return k + 1 < hi and any(
        f"{f} {toks[k + 1].norm}" in t.months for f in toks[k].forms if toks[k].norm.endswith(f)
    )


def _date_context(text: str, toks: tuple[Token, ...], num: _Number, lo: int, hi: int, t: _Tables) -> bool:
    """Is the number part of a date or a time, or an identifier?"""
    first, last = num.first, num.last
    if not num.is_digits:
        if first - 1 >= lo and toks[first - 1].norm.startswith(t.article) and toks[first].norm in t.teens:
            return True  # "الخامسة عشرة": the second half of an ordinal
        # Word numbers: only "beside a month" counts ("الخامس عشر من يوليو" is ordinal anyway).
        return _is_month_at(toks, last + 1, hi, t)
    tok = toks[first]
    if len(tok.norm) > 1 and tok.norm[0] == "0" and tok.norm[1].isdigit():
        return True  # "01", "07": dates, codes
    # Beside a month name: "22 يوليو", "يوليو 2021", "أيلول/سبتمبر 2013", "15 أيار/ مايو".
    if _is_month_at(toks, last + 1, hi, t):
        return True
    k = first - 1
    while k >= lo and (toks[k].norm in _DATE_JOINERS or toks[k].norm == "-"):
        k -= 1
    if k >= lo and (_is_month(toks[k], t) or (k - 1 >= lo and _is_month_at(toks, k - 1, hi, t))):
        return True
    # "من 22 إلى 25 يوليو", "22 و23 يوليو": the first day of a range.
    if last + 2 < hi and toks[last + 2].is_number and _is_month_at(toks, last + 3, hi, t):
        return True
    # A list marker at the start of a sentence: "1 - تجديد", "2) ...", "1 ـ تعيين".
    if first - 1 >= lo and toks[first - 1].norm == t.article:
        return True  # "المركز الـ11": an ordinal rank
    if first == lo and last + 1 < hi and (
        toks[last + 1].norm in _LIST_MARKS or any(ch in _LIST_MARKS for ch in text[toks[last].end:toks[last + 1].start])
    ):
        return True
    # "5ر557": digits glued to digits by a letter (a mangled decimal): not readable with confidence.
    if _glued_digits(toks, last, last + 1, last + 2, hi) or _glued_digits(toks, first - 2, first - 1, first, hi):
        return True
    # Joined by "/" or ":" to another number: dates (11/8/2015), times (10:35), 1435/1436.
    if first - 2 >= lo and toks[first - 1].norm in _DATE_JOINERS and toks[first - 2].is_number:
        return True
    if last + 2 < hi and toks[last + 1].norm in _DATE_JOINERS and toks[last + 2].is_number:
        return True
    if first - 1 >= lo:
        before = toks[first - 1]
        if any(f in t.year_before for f in before.forms) and num.is_year_like:
            return True
        if any(f in t.time_before for f in before.forms):
            return True
    if num.is_year_like and last + 1 < hi and toks[last + 1].norm in t.year_after:
        return True  # "2015م", "1436هـ" (but "100م" is a hundred metres)
    # Identifiers: "رقم 201", "القرار 2254", "القاعدة العسكرية 201" (definite adjectives between),
    # "رقم (1004)", "الآية: 30".
    k = first - 1
    while k >= lo and toks[k].norm in _ID_PUNCT:
        k -= 1
    steps = 0
    while k >= lo and steps <= 2:
        cand = toks[k]
        if cand.norm in t.identifier_before or any(f in t.identifier_before for f in cand.forms[:2]):
            return True
        if not (cand.is_word and cand.norm.startswith(t.article)):
            break
        k -= 1
        steps += 1
    # Codes: digits glued to letters ("ام اتش17", "إف16"; not a one-letter clitic: "بـ5000", "و12").
    if first - 1 >= lo and toks[first - 1].is_word and text[toks[first - 1].end:tok.start].strip("\u0640") == "":
        prev = toks[first - 1].norm
        if prev != t.article and (len(prev) >= 3 or prev.isascii()):
            return True
    # "5+1", "G+7"; "28 - 7 - 1433": a date written with dashes.
    if (first - 1 >= lo and toks[first - 1].norm == "+") or (last + 1 < hi and toks[last + 1].norm == "+"):
        return True
    return _dash_date(toks, first, lo, hi)


def _unit_at(toks: tuple[Token, ...], j: int, hi: int, t: _Tables, *, definite_ok: bool
             ) -> tuple[int, str] | None:
    """The counted noun starting at token ``j``: (last token index, unit)."""
    if j >= hi or not toks[j].is_word:
        return None
    tok = toks[j]
    if not definite_ok and tok.norm.startswith(t.article):
        return None
    # Table nouns (longest first), with tanwin alef removed ("منطقةً" -> "منطقة").
    for k in range(min(t.max_unit_words, hi - j), 0, -1):
        window = toks[j:j + k]
        if not all(w.is_word for w in window):
            continue
        rests = ([w.norm for w in window[1:]], [_bare(w.norm, t) for w in window[1:]])
        for head in window[0].forms:
            for candidate in (head, _bare(head, t)):
                for rest in rests:
                    key = (candidate, *rest)
                    if key in t.units:
                        return j + k - 1, t.units[key]
    norm = tok.norm
    if len(norm) < 2 or any(f in t.not_units for f in tok.forms):
        return None
    if len(tok.forms) > 1 and tok.forms[1] == norm[1:] and norm[0] in t.unit_proclitics and len(norm) > 4:
        return None  # "بجروح", "وأصيب": a preposition or a new clause, not a counted noun
    if _is_month(tok, t) or norm in t.words or norm in t.vague:
        return None
    if not definite_ok and any(f.startswith(t.article) for f in tok.forms):
        return None  # "للفرع": a definite noun after a preposition, not a counted noun
    if norm.startswith(t.article):
        norm = next((f for f in tok.forms if not f.startswith(t.article) and len(f) >= 2), norm)
    if not all("\u0600" <= ch <= "\u06ff" for ch in norm):
        return None
    return j, _bare(norm, t)


def _bare(word: str, t: _Tables) -> str:
    if t.accusative and word.endswith(t.accusative) and len(word) > len(t.accusative) + 2:
        return word[: -len(t.accusative)]
    return word


# --------------------------------------------------------------------------- the stage


def _sentence_quantities(text: str, norm: NormalizedText, toks: tuple[Token, ...], lo: int, hi: int,
                         t: _Tables) -> list[Quantity]:
    out: list[Quantity] = []
    i = lo
    number_forms = t.number_forms
    while i < hi:
        tok = toks[i]
        lead = tok.norm[:1]
        if not lead.isdigit() and (not lead.isalpha() or number_forms.isdisjoint(tok.forms)):
            i += 1  # neither digits nor a number word (as _read_number would find): most tokens
            continue
        num = _read_number(toks, i, hi, t)
        if num is None:
            i += 1
            continue
        if _date_context(text, toks, num, lo, hi, t):
            i = num.last + 1
            continue
        first, last = num.first, num.last
        unit: str | None = None
        qualifier: str | None = "more_than" if num.vague else None
        # Percent: "70 بالمئة", "70 في المئة", "70%", "%70".
        pct = _phrase_after(toks, last + 1, hi, tuple((p, "percent") for p in t.percent_after))
        if pct is not None:
            unit, last = "percent", pct[0]
        elif first - 1 >= lo and toks[first - 1].norm in t.percent_before and not (
            first - 2 >= lo and toks[first - 2].is_number
        ):
            unit, first = "percent", first - 1
        else:
            found = _unit_at(toks, last + 1, hi, t, definite_ok=num.vague)
            if found is not None:
                last, unit = found
        if num.fraction_only and unit not in t.glosses:
            i = num.last + 1
            continue  # "ونصف" alone: half of something said before
        if num.is_year_like and unit is None:
            i = num.last + 1
            continue  # a bare year: "في اواخر 2012"
        if num.is_year_like and unit is not None and unit not in t.glosses and unit != "percent":
            i = num.last + 1
            continue  # "منذ 2011 قتل": a year followed by a verb, not a count
        before = _phrase_before(toks, first, lo, t.qual_before)
        if before is not None:
            first, qualifier = before
        after = _phrase_after(toks, last + 1, hi, t.qual_after)
        if after is not None:
            last = after[0]
            qualifier = after[1] if before is None else qualifier
        vs, ve = toks[first].vstart, toks[last].vend
        if before is None and toks[first].is_word:
            # "بثلاثة أيام": the span starts at the number word, after its proclitic.
            forms = _prefixed_forms(toks[first], t)
            number_form = next((f for f in forms if f in t.words or f in t.vague), toks[first].norm)
            vs += len(toks[first].norm) - len(number_form)
        if before is not None:
            # "بأكثر من": the span starts at the cue word, after its proclitic.
            head = toks[first].norm
            cue = next((words[0] for words, _ in t.qual_before if words[0] in toks[first].forms
                        and head.endswith(words[0])), head)
            vs += len(head) - len(cue)
        start, end = norm.to_original(vs, ve)
        out.append(Quantity(text=text[start:end], start=start, end=end, value=num.value, unit=unit,
                            qualifier=qualifier))
        i = max(num.last, last) + 1
    return out


def extract_quantities(
    text: str, norm: NormalizedText, seg: Segmentation, *, lang: LangData, settings: Settings
) -> tuple[Quantity, ...]:
    """Every quantity of the text, in order (see the module docstring for the conventions)."""
    t = _tables(lang)
    toks = seg.tokens
    out: list[Quantity] = []
    for lo, hi in seg.sentence_tokens:
        out.extend(_sentence_quantities(text, norm, toks, lo, hi, t))
    return tuple(out)
