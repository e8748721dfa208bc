"""Quote detection and speaker scores against hand-annotated quotes (``marsad eval quotes``).

The gold (criteria in ``docs/annotation/quotes.md``) is one JSON object a line naming its
article by URL with character offsets into the article's ``content``; a second file lists
the articles that were annotated exhaustively (``url<TAB>zip<TAB>outlet<TAB>count``). Only
those articles are scored, and every system quote in them counts.

Rules (the same for every article):

* **Spans** are compared after trimming white space, punctuation and quotation marks from both
  ends (Unicode categories Z*, P* and C*), so ``«…»`` and ``…`` are the same span.
* **Overlap match**: a system quote and a gold quote match when their trimmed spans share at
  least half of the shorter one's characters. Matching is one-to-one: pairs are taken by
  largest shared length first (ties: earlier gold start, then earlier system start); a second
  system quote inside an already matched gold quote is a false positive and is also counted as
  a ``fragment``.
* **Exact match**: the same trimmed start and end.
* **Speaker** of a matched pair with a gold speaker: the system speaker is an entity; its
  *mentions* are that entity and every entity whose ``refers_to`` chain ends at the same entity.
  The speaker is right when one of those mentions shares at least one character with the gold
  ``speaker`` or ``speaker_for`` mention, or has the same normalised text (Marsad's folding,
  surrounding marks trimmed) as one of them. A quote without a system speaker is wrong; a
  gold quote without a speaker (type ``unknown``) is left out of speaker accuracy.
* **Roles** (``medium``, ``relayed_by``, ``addressee``, ``speaker_for``), over the matched
  pairs where the gold or the system gives the field a value: the system value (an entity
  id) is right when one of its mentions shares a character with the gold mention or has its
  normalised text, as for the speaker. ``precision`` is right / system values, ``recall``
  right / gold values, ``accuracy`` right / pairs where either has one.
* **Kinds**: gold quotes are ``direct``, ``direct_partial`` (direct with ``partial: true``) and
  ``indirect``. Recall of a kind is over the gold quotes of that kind; precision of ``direct``
  and ``indirect`` is over the system quotes of that kind (the system does not mark partial
  quotes, so ``direct_partial`` has no precision); ``kind_agreement`` is the share of matched
  pairs where the system's direct/indirect equals the gold's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Entity, Quote
from .corpus import numbered_annotations

__all__ = [
    "GOLD_FIELDS", "KINDS", "MENTION_FIELDS", "ROLE_FIELDS", "GoldArticle", "GoldQuote", "Mention",
    "articles_path", "evaluate_quotes", "match_quotes", "read_gold_articles", "read_gold_quotes",
    "score_article", "speaker_correct", "summarize", "trim_span",
]

GOLD_FIELDS = ("url", "zip", "outlet", "start", "end", "head", "tail", "kind", "partial", "speaker",
               "speaker_type", "speaker_for", "relayed_by", "medium", "addressee", "cue", "note")
MENTION_FIELDS = ("speaker", "speaker_for", "relayed_by", "medium", "addressee", "cue")
SPEAKER_TYPES = frozenset({"person", "organisation", "government", "anonymous", "unknown"})
KINDS = ("direct", "direct_partial", "indirect")
#: The roles of a quote besides its speaker, scored over matched pairs.
ROLE_FIELDS = ("medium", "relayed_by", "addressee", "speaker_for")
#: What ``evaluate_quotes`` prints under ``rule``.
RULE = ("spans trimmed of spaces, punctuation and quotation marks; overlap match: shared characters "
        ">= 50% of the shorter span, one-to-one, best fit (shared / union) first; exact match: same trimmed start "
        "and end; speaker right when a mention of the system speaker entity (it and its refers_to "
        "chain) overlaps the gold speaker or speaker_for mention or has its normalised text; "
        "roles (medium, relayed_by, addressee, speaker_for) the same way against their gold mention, "
        "over matched pairs where gold or system has a value")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class GoldQuote:
    url: str
    start: int
    end: int
    kind: str  # direct, direct_partial, indirect
    speaker: Mention | None
    speaker_for: Mention | None
    speaker_type: str
    head: str = ""
    tail: str = ""
    line: int = 0
    medium: Mention | None = None
    relayed_by: Mention | None = None
    addressee: Mention | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    url: str
    zip: str
    outlet: str
    quotes: int


def _mention(value: Any, field: str, n: int, path: str) -> Mention | None:
    if value is None:
        return None
    if (not isinstance(value, dict) or not isinstance(value.get("start"), int)
            or not isinstance(value.get("end"), int) or not isinstance(value.get("text"), str)
            or not 0 <= value["start"] < value["end"]
            or value["end"] - value["start"] != len(value["text"])):
        raise InputError(f"line {n}: {field} must be null or {{start, end, text}} with end - start = len(text)",
                         path=path)
    return Mention(value["start"], value["end"], value["text"])


def read_gold_quotes(path: str | Path) -> list[GoldQuote]:
    """The gold quotes of a JSONL file; a malformed line is an ``InputError`` naming the line."""
    out: list[GoldQuote] = []
    for n, rec in numbered_annotations(path, required=GOLD_FIELDS, what="a gold quote"):
        start, end = rec["start"], rec["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            raise InputError(f"line {n}: start and end must be integers with 0 <= start < end", path=str(path))
        if rec["kind"] not in ("direct", "indirect") or not isinstance(rec["partial"], bool):
            raise InputError(f"line {n}: kind must be direct or indirect and partial true or false",
                             path=str(path))
        if rec["partial"] and rec["kind"] != "direct":
            raise InputError(f"line {n}: only a direct quote can be partial", path=str(path))
        if rec["speaker_type"] not in SPEAKER_TYPES:
            raise InputError(f"line {n}: speaker_type must be one of {', '.join(sorted(SPEAKER_TYPES))}",
                             path=str(path))
        if not isinstance(rec["url"], str) or not isinstance(rec["head"], str) or not isinstance(rec["tail"], str):
            raise InputError(f"line {n}: url, head and tail must be strings", path=str(path))
        mentions = {f: _mention(rec[f], f, n, str(path)) for f in MENTION_FIELDS}
        kind = "direct_partial" if rec["partial"] else rec["kind"]
        out.append(GoldQuote(url=rec["url"], start=start, end=end, kind=kind, speaker=mentions["speaker"],
                             speaker_for=mentions["speaker_for"], speaker_type=rec["speaker_type"],
                             head=rec["head"], tail=rec["tail"], line=n, medium=mentions["medium"],
                             relayed_by=mentions["relayed_by"], addressee=mentions["addressee"]))
    return out


def articles_path(gold: str | Path) -> Path:
    """The article list beside a gold file: ``FILE.articles``, else ``STEM.articles.tsv``."""
    p = Path(gold)
    first = p.with_name(p.name + ".articles")
    if first.is_file():
        return first
    return p.with_name(p.stem + ".articles.tsv")


def read_gold_articles(path: str | Path) -> list[GoldArticle]:
    """``url<TAB>zip<TAB>outlet<TAB>count`` lines; a malformed line is an error naming it."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such article list (url, zip, outlet, count a line)", path=str(path))
    out: list[GoldArticle] = []
    seen: set[str] = set()
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 4 or not parts[3].strip().isdigit() or not parts[0].strip():
            raise InputError(f"line {n} is not url<TAB>zip<TAB>outlet<TAB>count", path=str(path))
        url = parts[0].strip()
        if url in seen:
            raise InputError(f"line {n}: {url} is listed twice", path=str(path))
        seen.add(url)
        out.append(GoldArticle(url=url, zip=parts[1].strip(), outlet=parts[2].strip(), quotes=int(parts[3])))
    return out


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "ZPC"


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without white space, punctuation and quotation marks at either end."""
    while start < end and _is_mark(text[start]):
        start += 1
    while end > start and _is_mark(text[end - 1]):
        end -= 1
    return start, end


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_quotes(gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, system index)`` pairs of spans sharing >= half the shorter span."""
    candidates: list[tuple[float, int, int, int, int, int]] = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            shared = _shared(g, s)
            shorter = min(g[1] - g[0], s[1] - s[0])
            if shorter > 0 and 2 * shared >= shorter:
                union = max(g[1], s[1]) - min(g[0], s[0])
                candidates.append((-shared / union, -shared, g[0], s[0], gi, si))
    candidates.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, gi, si in candidates:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


def _root(entity_id: str, by_id: Mapping[str, Entity]) -> str:
    seen: set[str] = set()
    while entity_id in by_id and by_id[entity_id].refers_to and entity_id not in seen:
        seen.add(entity_id)
        entity_id = by_id[entity_id].refers_to or entity_id
    return entity_id


def speaker_correct(gold: GoldQuote, speaker: str | None, entities: Sequence[Entity], *,
                    fold: Callable[[str], str]) -> bool:
    """The system speaker (an entity id) is the gold speaker: one of its mentions overlaps the
    gold speaker or speaker_for mention or has the same ``fold``-ed text."""
    targets = [m for m in (gold.speaker, gold.speaker_for) if m is not None]
    return mention_correct(targets, speaker, entities, fold=fold)


def mention_correct(targets: Sequence[Mention], entity_id: str | None, entities: Sequence[Entity], *,
                    fold: Callable[[str], str]) -> bool:
    """The entity ``entity_id`` is one of the gold ``targets``: one of its mentions (it and
    every entity whose ``refers_to`` chain ends where its own does) overlaps a target or has
    the same ``fold``-ed text."""
    if entity_id is None or not targets:
        return False
    by_id = {e.id: e for e in entities}
    if entity_id not in by_id:
        return False
    root = _root(entity_id, by_id)
    mentions = [e for e in entities if _root(e.id, by_id) == root]
    folded = {fold(t.text) for t in targets}
    for e in mentions:
        if any(_shared((e.start, e.end), (t.start, t.end)) > 0 for t in targets):
            return True
        if fold(e.text) in folded:
            return True
    return False


def score_roles(gold: GoldQuote, system: Quote, entities: Sequence[Entity], *,
                fold: Callable[[str], str]) -> dict[str, dict[str, int]]:
    """Per role field of one matched pair: whether gold and system give a value and whether
    the system's is right (``gold``, ``system``, ``correct``, ``either`` as 0/1)."""
    out: dict[str, dict[str, int]] = {}
    for field in ROLE_FIELDS:
        g: Mention | None = getattr(gold, field)
        s: str | None = getattr(system, field, None)
        right = g is not None and mention_correct([g], s, entities, fold=fold)
        out[field] = {"gold": int(g is not None), "system": int(s is not None), "correct": int(right),
                      "either": int(g is not None or s is not None)}
    return out


def _fold_with(fold: Callable[[str], str]) -> Callable[[str], str]:
    def folded(value: str) -> str:
        a, b = trim_span(value, 0, len(value))
        return " ".join(fold(value[a:b]).split())
    return folded


def score_article(text: str, gold: Sequence[GoldQuote], system: Sequence[Quote], entities: Sequence[Entity], *,
                  fold: Callable[[str], str]) -> dict[str, Any]:
    """Counts of one article: what ``summarize`` adds up. Pure."""
    fold = _fold_with(fold)
    g_spans = [trim_span(text, q.start, q.end) for q in gold]
    s_spans = [trim_span(text, q.start, q.end) for q in system]
    pairs = match_quotes(g_spans, s_spans)
    exact_g = {gi for gi, g in enumerate(g_spans) if g in set(s_spans)}
    exact_s = {si for si, s in enumerate(s_spans) if s in set(g_spans)}
    matched_s = {si for _, si in pairs}
    fragments = sum(1 for si, s in enumerate(s_spans) if si not in matched_s
                    and any(2 * _shared(g, s) >= s[1] - s[0] > 0 for g in g_spans))
    kinds: dict[str, dict[str, int]] = {k: {"gold": 0, "found": 0, "exact": 0, "speaker_scored": 0,
                                            "speaker_correct": 0, "system": 0, "system_matched": 0}
                                        for k in KINDS}
    for gi, q in enumerate(gold):
        kinds[q.kind]["gold"] += 1
        kinds[q.kind]["exact"] += gi in exact_g
    speaker_scored = speaker_right = no_gold_speaker = no_system_speaker = kind_same = 0
    errors: list[dict[str, Any]] = []
    roles: dict[str, dict[str, int]] = {f: {"gold": 0, "system": 0, "correct": 0, "either": 0} for f in ROLE_FIELDS}
    names = {e.id: e.text for e in entities}
    for gi, si in pairs:
        g, s = gold[gi], system[si]
        k = kinds[g.kind]
        k["found"] += 1
        kind_same += s.kind == ("indirect" if g.kind == "indirect" else "direct")
        for field, c in score_roles(g, s, entities, fold=fold).items():
            for key, value in c.items():
                roles[field][key] += value
            if c["either"] and not c["correct"]:
                gm: Mention | None = getattr(g, field)
                errors.append({"type": field, "line": g.line, "start": g.start, "gold": gm.text if gm else None,
                               "system": names.get(getattr(s, field) or "")})
        if g.speaker is None and g.speaker_for is None:
            no_gold_speaker += 1
            continue
        right = speaker_correct(g, s.speaker, entities, fold=fold)
        speaker_scored += 1
        k["speaker_scored"] += 1
        speaker_right += right
        k["speaker_correct"] += right
        no_system_speaker += s.speaker is None
        if not right:
            by_id = {e.id: e for e in entities}
            ent = by_id.get(s.speaker or "")
            errors.append({"type": "speaker", "line": g.line, "start": g.start, "gold_speaker":
                           g.speaker.text if g.speaker else None,
                           "system_speaker": ent.text if ent else None})
    for si, s in enumerate(system):
        k = kinds["indirect" if s.kind == "indirect" else "direct"]
        k["system"] += 1
        k["system_matched"] += si in matched_s
    found_g = {gi for gi, _ in pairs}
    for gi, g in enumerate(gold):
        if gi not in found_g:
            errors.append({"type": "missed", "line": g.line, "start": g.start, "kind": g.kind, "head": g.head})
    for si, s in enumerate(system):
        if si not in matched_s:
            errors.append({"type": "spurious", "start": s.start, "end": s.end, "kind": s.kind, "cue": s.cue,
                           "fragment": any(2 * _shared(g, s_spans[si]) >= s_spans[si][1] - s_spans[si][0] > 0
                                           for g in g_spans)})
    return {
        "gold": len(gold), "system": len(system), "matched": len(pairs),
        "exact_gold": len(exact_g), "exact_system": len(exact_s), "fragments": fragments,
        "speaker_scored": speaker_scored, "speaker_correct": speaker_right,
        "no_gold_speaker": no_gold_speaker, "no_system_speaker": no_system_speaker,
        "kind_same": kind_same, "kinds": kinds, "roles": roles, "errors": errors,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _pr(correct_system: int, system: int, correct_gold: int, gold: int) -> dict[str, Any]:
    p = correct_system / system if system else 0.0
    r = correct_gold / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": correct_gold, "fp": system - correct_system, "fn": gold - correct_gold}


def _role_figures(c: Mapping[str, int]) -> dict[str, Any]:
    right = c.get("correct", 0)
    return {"accuracy": _ratio(right, c.get("either", 0)), "precision": _ratio(right, c.get("system", 0)),
            "recall": _ratio(right, c.get("gold", 0)), "correct": right, "gold": c.get("gold", 0),
            "system": c.get("system", 0), "scored": c.get("either", 0)}


def summarize(counts: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Add up ``score_article`` counts into precision, recall, speaker accuracy and per-kind figures."""
    total: dict[str, int] = {}
    kinds: dict[str, dict[str, int]] = {k: {} for k in KINDS}
    roles: dict[str, dict[str, int]] = {f: {} for f in ROLE_FIELDS}
    for c in counts:
        for f in ROLE_FIELDS:
            for key, value in c.get("roles", {}).get(f, {}).items():
                roles[f][key] = roles[f].get(key, 0) + value
        for key, value in c.items():
            if isinstance(value, int):
                total[key] = total.get(key, 0) + value
        for k in KINDS:
            for key, value in c["kinds"][k].items():
                kinds[k][key] = kinds[k].get(key, 0) + value
    g, s, m = total.get("gold", 0), total.get("system", 0), total.get("matched", 0)
    by_kind: dict[str, Any] = {}
    for k in KINDS:
        v = kinds[k]
        entry: dict[str, Any] = {
            "gold": v.get("gold", 0), "found": v.get("found", 0),
            "recall": _ratio(v.get("found", 0), v.get("gold", 0)),
            "exact_recall": _ratio(v.get("exact", 0), v.get("gold", 0)),
            "speaker_accuracy": _ratio(v.get("speaker_correct", 0), v.get("speaker_scored", 0)),
            "speaker_scored": v.get("speaker_scored", 0),
        }
        if k != "direct_partial":
            entry["system"] = v.get("system", 0)
            entry["precision"] = _ratio(v.get("system_matched", 0), v.get("system", 0))
        by_kind[k] = entry
    return {
        "quotes": {"gold": g, "system": s},
        "overlap": _pr(m, s, m, g),
        "exact": _pr(total.get("exact_system", 0), s, total.get("exact_gold", 0), g),
        "speaker": {"accuracy": _ratio(total.get("speaker_correct", 0), total.get("speaker_scored", 0)),
                    "correct": total.get("speaker_correct", 0), "scored": total.get("speaker_scored", 0),
                    "no_system_speaker": total.get("no_system_speaker", 0),
                    "matched_without_gold_speaker": total.get("no_gold_speaker", 0)},
        "kind_agreement": _ratio(total.get("kind_same", 0), m),
        "fragments": total.get("fragments", 0),
        "by_kind": by_kind,
        "roles": {f: _role_figures(roles[f]) for f in ROLE_FIELDS},
        "rule": RULE,
    }


def _head_tail_match(text: str, q: GoldQuote) -> bool:
    """``head`` is the first 30 characters of the span (or ``content[start:start+30]`` running
    past a short span), ``tail`` the last 30 (or ``content[end-30:end]``)."""
    heads = {text[q.start:min(q.end, q.start + 30)], text[q.start:q.start + 30]}
    tails = {text[max(q.start, q.end - 30):q.end], text[max(0, q.end - 30):q.end]}
    return q.head in heads and q.tail in tails


def evaluate_quotes(gold_path: str | Path, raw_dir: str | Path, *, articles: str | Path | None = None,
                    errors: bool = False) -> dict[str, Any]:
    """Code every listed article of the gold with the pipeline and score its quotes."""
    from ..langdata.loader import load_langdata
    from ..pipeline import run_stages
    from ..settings import Settings
    from ..stages.normalize import normalize_string
    from .corpus import articles_by_url

    gold = read_gold_quotes(gold_path)
    listed = read_gold_articles(articles if articles is not None else articles_path(gold_path))
    raw = Path(raw_dir)
    if not raw.is_dir() or not any(raw.glob("*.zip")):
        raise InputError(f"corpus not found at {raw} (give --corpus DIR: the folder of SaudiNewsNet raw zips)")
    wanted = {a.url for a in listed}
    records = articles_by_url(raw, wanted)
    absent = [a.url for a in listed if a.url not in records]
    if absent:
        raise InputError(f"{len(absent)} listed article(s) not in the corpus, first {absent[0]}",
                         path=str(articles if articles is not None else articles_path(gold_path)))
    by_url: dict[str, list[GoldQuote]] = {}
    for q in gold:
        if q.url in wanted:
            text = str(records[q.url].get("content") or "")
            if q.end > len(text) or not _head_tail_match(text, q):
                raise InputError(f"line {q.line}: head or tail does not match the article's text at {q.start}:{q.end}",
                                 path=str(gold_path))
            by_url.setdefault(q.url, []).append(q)
    art_file = str(articles if articles is not None else articles_path(gold_path))
    for art in listed:
        if art.quotes != len(by_url.get(art.url, [])):
            raise InputError(f"{art.url} is listed with {art.quotes} quotes but the gold has "
                             f"{len(by_url.get(art.url, []))}", path=art_file)
    lang = load_langdata("ar")
    settings = Settings()

    def fold(value: str) -> str:
        return normalize_string(value, lang=lang)

    counts = []
    detail: list[dict[str, Any]] = []
    for art in listed:
        rec = records[art.url]
        text = str(rec.get("content") or "")
        published = str(rec.get("date_extracted") or "")[:10] or None
        state = run_stages(text, header={"published": published} if published else None, lang=lang,
                           settings=settings, until="events")
        c = score_article(text, by_url.get(art.url, []), state["quotes"], (*state["entities"], *state["speakers"]), fold=fold)
        counts.append(c)
        if errors:
            detail.extend({"url": art.url, **e} for e in c["errors"])
    result = {"gold": {"file": str(gold_path), "articles": len(listed), "outlets": len({a.outlet for a in listed}),
                       "quotes": sum(len(v) for v in by_url.values()),
                       "quotes_outside_articles": sum(1 for q in gold if q.url not in wanted)}}
    result.update(summarize(counts))
    if errors:
        result["errors"] = detail
    return result
