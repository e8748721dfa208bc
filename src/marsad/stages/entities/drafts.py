"""Entity drafts and what is decided over all of them: spans in the original, appositions,
coreference, countries for roles without one, and the finished, numbered entities."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Actor, Entity, Place
from ..normalize import NormalizedText
from ..segment import Orthography, Token
from .kb import _KB


@dataclass(slots=True)
class _Draft:
    type: str
    start: int  # original offsets
    end: int
    tokens: tuple[int, int]
    basis: str
    actor: Actor | None = None
    place: Place | None = None
    canonical: str | None = None
    refers: int | None = None  # index into drafts
    name_key: tuple[str, ...] = ()
    single: bool = True  # an anaphoric body («الوزارة», «الحكومة»; not «وزارتي الدفاع», «قوات الحدود بين
    # البلدين»): may take the country it lacks from an earlier body or the document
    tentative: bool = False  # a bare title («وزير الخارجية»): kept only when tied to a named person


def _span(tokens: tuple[Token, ...], a: int, b: int, first_form: str | None, norm: NormalizedText,
          orth: Orthography) -> tuple[int, int]:
    """Original span of tokens ``a..b``, without the first token's proclitics (keeping ال)."""
    tok = tokens[a]
    start = tok.start
    if first_form and first_form != tok.norm:
        k = tok.norm.find(first_form)
        if k > 0:
            article = next((x for x in orth.articles if tok.norm[max(0, k - len(x)):k] == x), None)
            if article is not None and not first_form.startswith(article):
                k -= len(article)
            if k > 0:
                start = norm.to_original(tok.vstart + k, tok.vend)[0]
    return start, tokens[b - 1].end


def _actor(country: str | None, role: str | None, title: str | None) -> Actor:
    code = (country or "") + (role or "")
    return Actor(code=code or "---", country=country, role=role, title=title)


def _join_hyphens(tokens: tuple[Token, ...], a: int, b: int, text: str, *, start: int | None = None) -> list[str]:
    """The words of tokens ``a..b`` with hyphenated parts joined (``start``: where the first
    word starts, when proclitics before it are not part of the name)."""
    words: list[str] = []
    for t in range(a, b):
        piece = text[max(tokens[t].start, start or 0):tokens[t].end]
        if words and t > a and tokens[t - 1].end == tokens[t].start and (
            piece == "-" or words[-1].endswith("-")
        ):
            words[-1] += piece
        else:
            words.append(piece)
    return words


def _coreference(
    drafts: list[_Draft], tokens: tuple[Token, ...], claimed: list[bool], sent_end: list[int], kb: _KB,
    norm: NormalizedText, text: str,
) -> None:
    drafts.sort(key=lambda d: d.start)
    named = [d for d in drafts if d.type == "PER" and d.name_key]
    first_full: dict[tuple[str, ...], _Draft] = {}
    by_part: dict[str, _Draft] = {}
    for d in named:
        first_full.setdefault(d.name_key, d)
        if len(d.name_key) > 1:
            by_part.setdefault(d.name_key[-1], d)
    # A repeated or shortened name refers to the first full mention.
    for d in named:
        target = first_full.get(d.name_key)
        if len(d.name_key) == 1 and d.name_key[0] in by_part and by_part[d.name_key[0]] is not d:
            d.refers = id(by_part[d.name_key[0]])
        elif target is not d and target is not None and target.start < d.start:
            d.refers = id(target)
    # A bare last name elsewhere in the text.
    for t, tok in enumerate(tokens if by_part else ()):
        if claimed[t] or not tok.is_word:
            continue
        hit = next((f for f in tok.forms if f in by_part and f not in kb.name_stop), None)
        if hit is None:
            continue
        target = by_part[hit]
        start, end = _span(tokens, t, t + 1, hit, norm, kb.orth)
        drafts.append(_Draft("PER", start, end, (t, t + 1), "coref", actor=target.actor,
                             canonical=target.canonical, refers=id(target), name_key=(hit,)))
        claimed[t] = True
    # A title mention without a name ("the Russian deputy foreign minister") refers to the named
    # person with the same title and country, if the text names one.
    titled: dict[str, _Draft] = {}  # title -> the latest coded title mention so far (drafts in text order)
    for d in drafts:
        if d.type == "PER" and not d.name_key and d.actor is not None and d.refers is None:
            same = next((x for x in named if x.actor is not None and x.actor.title == d.actor.title
                         and x.actor.country == d.actor.country), None)
            if same is None:
                # «وقال وزير الخارجية», «الوزير السعودي», «وأشار المتحدث»: the latest named person
                # before it with that title (or a title ending so), of the same country if it has one
                same = next((x for x in reversed(named) if x.start < d.start and x.actor is not None
                             and x.actor.title and (x.actor.title == d.actor.title
                                                    or x.actor.title.endswith(" " + (d.actor.title or "")))
                             and (d.actor.country is None or x.actor.country == d.actor.country)), None)
                if same is not None:
                    d.basis = f"{d.basis}+coref"
            if same is None and d.tentative:
                # «ودعا الأمين العام» after «الأمين العام لجامعة الدول العربية»: the latest earlier
                # mention of the same title that has a code of its own
                same = titled.get(d.actor.title or "")
                if same is not None:
                    d.basis = f"{d.basis}+coref"
            if same is not None:
                d.refers = id(same)
                d.tentative = False
            elif not d.tentative and d.actor.title and (d.actor.country or d.actor.code not in ("---", d.actor.role)):
                titled[d.actor.title] = d


def _appositions(drafts: list[_Draft], tokens: tuple[Token, ...], kb: _KB) -> None:
    """A title right before or after a named person without a code («حمادي الجبالي رئيس الحكومة
    التونسية السابق», «وزير الداخلية بمملكة البحرين الشيخ راشد ...») is that person's: the name
    takes the title's actor and the title refers to the name."""
    drafts.sort(key=lambda d: d.start)
    by_first = {d.tokens[0]: d for d in drafts}

    def next_draft(d: _Draft) -> _Draft | None:
        k = d.tokens[1]
        while k < len(tokens) and tokens[k].sentence == tokens[d.tokens[0]].sentence and k not in by_first and (
                tokens[k].norm in kb.orth.commas or not kb.honorifics.isdisjoint(tokens[k].forms)):
            k += 1
        return by_first.get(k)

    def uncoded(d: _Draft) -> bool:
        return d.type == "PER" and bool(d.name_key) and (d.actor is None or d.actor.country is None)

    def title_only(d: _Draft) -> bool:
        return d.type == "PER" and not d.name_key and d.actor is not None and d.basis.startswith("title:")

    for d in drafts:
        e = next_draft(d)
        if e is None:
            continue
        if title_only(d) and uncoded(e) and e.refers is None:
            name, title = e, d
        elif uncoded(d) and title_only(e) and d.refers is None and e.tokens[0] == d.tokens[1] \
                and e.start == tokens[e.tokens[0]].start:
            # a title right after the name, with nothing between (not «، ووزير ...»: the next one)
            name, title = d, e
        else:
            continue
        if name.actor is not None and title.actor is not None and title.actor.country is None:
            continue  # a bare title adds nothing to a name that has a role already
        name.actor = title.actor
        name.basis = f"{name.basis}+apposition:{title.basis.removeprefix('title:')}"
        title.refers = id(name)
        title.tentative = False


def _role_id(d: _Draft) -> str | None:
    """The roles.json id of a body or title draft («kb:role:defence-ministry+…» -> defence-ministry,
    «title:defence-minister» -> defence-minister)."""
    for prefix in ("kb:role:", "title:"):
        if d.basis.startswith(prefix):
            return d.basis.removeprefix(prefix).split("+", 1)[0]
    return None


def _heads(drafts: list[_Draft], tokens: tuple[Token, ...], kb: _KB) -> None:
    """A named person with no country right after a head link («الحكومة الليبية السابقة، برئاسة عبد
    الرحيم الكيب», «وفود من حركة حماس برئاسة خالد مشعل») heads the latest body before it in its
    sentence that has a country: the person takes the body's code."""
    drafts.sort(key=lambda d: d.start)
    body: _Draft | None = None  # the latest coded ORG draft so far
    for d in drafts:
        a = d.tokens[0]
        if body is not None and tokens[body.tokens[0]].sentence != tokens[a].sentence:
            body = None
        if d.type == "ORG" and d.actor is not None and d.actor.country:
            body = d
            continue
        if d.type != "PER" or not d.name_key or body is None or (d.actor is not None and d.actor.country):
            continue
        k = a - 1
        while k > body.tokens[1] and not kb.honorifics.isdisjoint(tokens[k].forms):
            k -= 1
        if k >= body.tokens[1] and not kb.head_links.isdisjoint(tokens[k].forms[:2]):
            assert body.actor is not None
            d.actor = Actor(code=body.actor.code, country=body.actor.country, role=body.actor.role, title=None)
            d.basis = f"{d.basis}+head_of:{body.basis}"


def _fill_countries(drafts: list[_Draft], dateline: tuple[int, int] | None, document_roles: frozenset[str],
                    antecedents: dict[str, frozenset[str]] | None = None) -> None:
    """A role with no country (``GOV`` from «الحكومة», «الوزارة»; a title without a nisba) takes,
    in this order: the country of the latest body before it with the same role («وزارة العمل
    السعودية ... الوزارة»), the document's dominant country (the most frequent country of its
    coded mentions, when one leads), the country of the dateline's place (where the story was
    filed: «الرياض – واس» over a story of Yemen's president in Riyadh is Yemen's). ``basis`` says which."""
    drafts.sort(key=lambda d: d.start)

    def role_only(d: _Draft) -> bool:
        a = d.actor
        return (d.type in ("PER", "ORG") and d.refers is None and d.single and a is not None and a.country is None
                and a.role is not None and a.code == a.role)

    counts: dict[str, int] = {}
    for d in drafts:
        country = d.actor.country if d.actor is not None else (d.place.country if d.place is not None else None)
        if country:
            counts[country] = counts.get(country, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    dominant = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    placed = None
    if dateline is not None:
        placed = next((d.place.country for d in drafts if d.type == "LOC" and d.place is not None
                       and d.place.country and dateline[0] <= d.start and d.end <= dateline[1]), None)
    latest: dict[str, _Draft] = {}  # role id -> the latest body or title of that id with a country, in text order
    for k, d in enumerate(drafts):
        rid = _role_id(d)
        if rid is not None and d.actor is not None and d.actor.country:
            latest[rid] = d
        if not role_only(d):
            continue
        assert d.actor is not None
        ante = [latest[a] for a in (antecedents or {}).get(rid or "", ()) if a in latest]
        if ante:
            # «وزير الدفاع العراقي … مسؤولو الوزارة»: the ministry named before (or its minister), its
            # country and role
            x = max(ante, key=lambda b: b.start)
            assert x.actor is not None
            d.actor = Actor(code=x.actor.code, country=x.actor.country, role=x.actor.role, title=d.actor.title)
            d.basis = f"{d.basis}+coref:body"
            continue
        earlier = next((x for x in reversed(drafts[:k]) if x.type == d.type == "ORG" and x.actor is not None
                        and x.actor.country and x.actor.role == d.actor.role), None)
        if earlier is not None:
            country, how = earlier.actor.country, "coref:body"  # type: ignore[union-attr]
        elif d.type == "ORG" and d.actor.role not in document_roles:
            continue  # a body («الشرطة», «المتظاهرون») is not given the document's country; an army is
        elif dominant is not None:
            country, how = dominant, "document:dominant"
        elif placed is not None:
            country, how = placed, "document:dateline"
        else:
            continue
        d.actor = Actor(code=country + d.actor.code, country=country, role=d.actor.role, title=d.actor.title)
        d.basis = f"{d.basis}+{how}"


def _finish(drafts: list[_Draft], text: str) -> tuple[Entity, ...]:
    drafts.sort(key=lambda d: (d.start, d.end))
    ids = {id(d): f"e{k + 1}" for k, d in enumerate(drafts)}
    by_id = {id(d): d for d in drafts}
    out: list[Entity] = []
    for d in drafts:
        actor = d.actor
        canonical = d.canonical
        seen = {id(d)}
        while d.refers is not None and d.refers in by_id and by_id[d.refers].refers is not None \
                and by_id[d.refers].refers not in seen:
            seen.add(d.refers)
            d.refers = by_id[d.refers].refers  # point at the first full mention, not a chain
        if d.refers is not None and d.refers in by_id:
            target = by_id[d.refers]
            if actor is None or (actor.country is None and target.actor is not None):
                actor = target.actor  # a bare title or a short name: the named person's code
            canonical = canonical if d.name_key else (target.canonical or canonical)
        out.append(Entity(
            id=ids[id(d)], type=d.type, text=text[d.start:d.end], start=d.start, end=d.end,
            canonical=canonical, refers_to=ids.get(d.refers) if d.refers is not None else None,
            actor=actor, place=d.place, basis=d.basis,
        ))
    return tuple(out)
