"""The matcher: the knowledge base (registry people and organisations, country names and nisbas,
roles, gazetteer places) indexed by first word, and the matches at a token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...actors.names import latin_name
from ...actors.registry import Registry, pick_code
from ...langdata.loader import LangData
from ...model import Place
from ..normalize import normalize_string
from ..segment import Orthography, Token, orthography, tokenize_view

# Priority of entry kinds when two entries cover the same tokens.
_PRIORITY = {"org": 0, "person": 1, "country": 2, "role": 3, "nisba": 4, "place": 5}
# Organisation types that are named groups: a body word before one («مسلحو») is the group itself.
_NAMED_GROUPS = frozenset({"REB", "PTY"})


@dataclass(frozen=True, slots=True)
class _Entry:
    keys: tuple[str, ...]
    kind: str  # org, country, role, nisba, place
    data: Any


@dataclass(slots=True)
class _KB:
    index: dict[str, list[_Entry]]  # one-word entries by their word
    index2: dict[str, dict[str, list[_Entry]]]  # longer entries by their first two words
    first_words: frozenset[str]  # the keys of both indexes: a token needs a form among them
    country_place: dict[str, Place]
    country_name: dict[str, str]
    name_stop: frozenset[str]
    locative: frozenset[str]
    locative_proclitics: tuple[str, ...]
    title_links: frozenset[str]
    joiners: frozenset[str]
    max_name: int
    name_stem_after_article: int  # letters after the article for a tagged name to shed proclitics
    article_surname: bool
    document_roles: frozenset[str]  # bodies with these roles take the document's country
    non_name_prefixes: tuple[str, ...]
    former: frozenset[str]  # words after a title that make the holder a former one (role ELI)
    honorifics: frozenset[str]  # courtesy words between a title and its name
    place_links: tuple[str, ...]  # في / glued ب before the country a title holder serves in
    max_joined_titles: int
    quote_marks: frozenset[str]  # «» around an organisation's name after a title
    title_complement_words: int  # words of the office between a title and its organisation
    title_role_adjectives: dict[str, str]  # «المعارض» after a title's organisation: the holder's role
    role_antecedents: dict[str, frozenset[str]]  # a bare body's role id -> the role ids it refers back to
    head_links: frozenset[str]  # «برئاسة»: the named person after it heads the body before it
    coordinators: tuple[str, ...]  # proclitics that start a new conjunct («وحزب الله» after «قوات النظام»)
    translit: dict[str, Any]
    latin: Callable[[list[str], str | None], str | None]  # a person's usual Latin spelling (country hint)
    orth: Orthography
    places: dict[str, dict] = field(default_factory=dict)


def _keys(value: str, lang: LangData) -> tuple[str, ...]:
    view = normalize_string(value, lang=lang)
    return tuple(w for _, _, w in tokenize_view(view))


def _actor_data(record: Any) -> dict[str, Any]:
    """A registry record as the matcher's entry data: its fields, and the code that applies
    without a date (``_at`` picks the dated one for a document)."""
    chosen, _ = pick_code(record.codes, None)
    return {"id": record.id, "names": record.names, "english": record.english,
            "type": record.type or (chosen.role if record.kind == "org" else None), "codes": record.codes,
            "code": chosen.code, "country": chosen.country, "role": chosen.role}


def _at(data: dict[str, Any], when: str | None) -> dict[str, Any]:
    """``data`` with the code of its dated role that applies on ``when``."""
    codes = data["codes"]
    if len(codes) == 1 or when is None:
        return data
    chosen, _ = pick_code(codes, when)
    return {**data, "code": chosen.code, "country": chosen.country, "role": chosen.role}


def _build_kb(lang: LangData, registry: Registry) -> _KB:
    index: dict[str, list[_Entry]] = {}
    index2: dict[str, dict[str, list[_Entry]]] = {}
    seen: set[tuple[tuple[str, ...], str, str]] = set()
    cues = lang.table("entity_cues")
    gaz = lang.get("gazetteer", {"places": [], "stoplist": [], "common_words": []})

    def norm_set(values: list[str]) -> frozenset[str]:
        return frozenset(normalize_string(v, lang=lang) for v in values)

    countries_ar = lang.table("country_names")
    ambiguous = norm_set(countries_ar["ambiguous"])
    name_stop = norm_set(cues["name_stop"])

    def add(value: str, kind: str, data: Any, ident: str, *, guard: frozenset[str] = frozenset()) -> None:
        keys = _keys(value, lang)
        if not keys or (len(keys) == 1 and keys[0] in guard):
            return
        marker = (keys, kind, ident)
        if marker in seen:
            return
        seen.add(marker)
        entry = _Entry(keys, kind, data)
        if len(keys) == 1:
            index.setdefault(keys[0], []).append(entry)
        else:
            index2.setdefault(keys[0], {}).setdefault(keys[1], []).append(entry)

    common = {row["iso3"]: row for row in lang.table("countries")["countries"]}
    country_name = {iso3: row["name"] for iso3, row in common.items()}
    prefixes = cues["state_prefixes"]
    single_words: set[str] = set()
    for row in countries_ar["countries"]:
        iso3 = row["iso3"]
        for name in row["names"]:
            add(name, "country", iso3, iso3, guard=ambiguous)
            for prefix in prefixes:
                add(f"{prefix} {name}", "country", iso3, iso3)
            single_words.update(_keys(name, lang))
        for form in row["nisba"]:
            add(form, "nisba", iso3, iso3, guard=ambiguous)
            single_words.update(_keys(form, lang))
    # The registry: user entries first (they replace shipped ones of the same name), then the
    # curated organisations and the shipped actors.
    for record in registry.records:
        data = _actor_data(record)
        kind = "person" if record.kind == "person" else "org"
        for name in record.names:
            add(name, kind, data, record.id)
    for role in lang.table("roles")["roles"]:
        for name in role["names"]:
            add(name, "role", role, role["id"])
            single_words.update(_keys(name, lang))

    places: dict[str, dict] = {}
    country_place: dict[str, Place] = {}
    stop = set(norm_set(gaz["stoplist"]) | frozenset(gaz["common_words"]) | name_stop | frozenset(single_words))
    # A stopped word is stopped with and without the article (the matcher strips it).
    orth = orthography(lang)
    stop |= {w[k:] for w in stop if (k := orth.article_length(w)) and len(w) > k + 1}
    frozen_stop = frozenset(stop)
    for place in gaz["places"]:
        places[place["id"]] = place
        if place["feature"] == "country":
            iso3 = place["country"]
            country_place.setdefault(iso3, Place(
                name=country_name.get(iso3, iso3), country=iso3, feature="country",
                lat=place["lat"], lon=place["lon"], gazetteer_id=place["id"],
            ))
            continue
        for name in place["names"]:
            add(name, "place", place, place["id"], guard=frozen_stop)
    for iso3, row in common.items():
        if iso3 not in country_place:
            country_place[iso3] = Place(
                name=row["name"], country=iso3, feature="country",
                lat=row["capital_lat"], lon=row["capital_lon"], gazetteer_id=None,
            )
    for entries in [*index.values(), *(e for d in index2.values() for e in d.values())]:
        entries.sort(key=lambda e: (-len(e.keys), _PRIORITY[e.kind], _place_rank(e)))
    return _KB(
        index=index,
        index2=index2,
        first_words=frozenset(index) | frozenset(index2),
        country_place=country_place,
        country_name=country_name,
        name_stop=name_stop,
        locative=norm_set(cues["locative_prepositions"]),
        locative_proclitics=tuple(sorted(norm_set(cues.get("locative_proclitics", [])))),
        orth=orth,
        title_links=norm_set(cues["title_links"]),
        joiners=frozenset(cues["name_joiners"]),
        max_name=int(cues["name_max_tokens"]),
        name_stem_after_article=int(cues.get("name_stem_after_article", 0)),
        article_surname=bool(cues.get("name_article_surname")),
        document_roles=frozenset(cues.get("document_country_roles", [])),
        non_name_prefixes=tuple(normalize_string(p, lang=lang) for p in cues.get("non_name_prefixes", [])),
        former=norm_set(cues.get("former_markers", [])),
        honorifics=norm_set(cues.get("honorifics", [])),
        place_links=tuple(sorted(norm_set(cues.get("title_place_links", [])))),
        max_joined_titles=int(cues.get("max_joined_titles", 0)),
        quote_marks=frozenset(cues.get("name_quote_marks", [])),
        title_complement_words=int(cues.get("title_complement_words", 0)),
        title_role_adjectives={normalize_string(k, lang=lang): v for k, v in cues.get("title_role_adjectives", {}).items()},
        role_antecedents={r["id"]: frozenset(r["antecedents"]) for r in lang.table("roles")["roles"]
                          if r.get("antecedents")},
        head_links=norm_set(cues.get("head_links", [])),
        coordinators=tuple(sorted(norm_set(cues.get("coordinating_proclitics", [])))),
        translit=lang.table("transliteration"),
        latin=lambda words, country: latin_name(words, lang=lang, country=country),
        places=places,
    )


def _place_rank(entry: _Entry) -> int:
    if entry.kind != "place":
        return 0
    return 0 if entry.data.get("capital") else (1 if entry.data["feature"] == "city" else 2)


def _kb(lang: LangData, registry: Registry) -> _KB:
    """The matcher of ``lang`` and ``registry``: built once per process and registry version."""
    return lang.derived(f"entities.kb:{registry.version}", lambda lg: _build_kb(lg, registry))


@dataclass(frozen=True, slots=True)
class _Match:
    start: int  # token indices, end exclusive
    end: int
    entry: _Entry
    first_form: str  # the form of the first token that matched


def _matches_at(i: int, tokens: tuple[Token, ...], sent_end: int, kb: _KB) -> list[_Match]:
    """Every entry matching from token ``i``, best first."""
    out: list[_Match] = []
    if kb.first_words.isdisjoint(tokens[i].forms):
        return out  # no entry starts with any form of this token (most tokens)
    nxt = tokens[i + 1].forms if i + 1 < sent_end else ()
    index, index2 = kb.index, kb.index2
    for form in tokens[i].forms:
        single = index.get(form)
        longer = index2.get(form)
        if single is None and longer is None:
            continue
        candidates = list(single or ())
        if longer is not None:
            for second in nxt:
                candidates += longer.get(second, ())
        for entry in candidates:
            n = len(entry.keys)
            if i + n > sent_end:
                continue
            if entry.kind == "role":
                ok = all(entry.keys[k] in tokens[i + k].forms for k in range(1, n))
            else:
                # Names take proclitics only: a place name + enclitic is usually another word
                # (الرياضة, الطائفي, قمة), so the stripped form must end the token.
                ok = all(
                    entry.keys[k] in tokens[i + k].forms and _proclitic_only(entry.keys[k], tokens[i + k].norm, kb.orth)
                    for k in range(n)
                )
            if ok:
                out.append(_Match(i, i + n, entry, form))
    if len(out) > 1:
        out.sort(key=lambda m: (-(m.end - m.start), _PRIORITY[m.entry.kind], _place_rank(m.entry)))
    return out


def _ends_name(m: _Match) -> bool:
    """A KB match that cannot be part of a person's name (a place, a known person or a one-word
    title can: عمران خان, سيرغي لافروف, أمير حاتمي)."""
    kind = m.entry.kind
    if kind in ("place", "person"):
        return False  # a known person's name (لافروف) continues the name it is part of
    if kind == "role":
        return m.entry.data["kind"] == "body" or m.end - m.start > 1
    return True


def _proclitic_only(form: str, surface: str, orth: Orthography) -> bool:
    """``form`` is ``surface`` without proclitics, also when a proclitic shortened the article
    ("للحدود" = ل + "الحدود")."""
    return surface.endswith(form) or any(
        form.startswith(article) and surface.startswith(short) and surface[len(short):] == form[len(article):]
        for short, article in orth.article_rewrites)
