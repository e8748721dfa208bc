"""Entities, actors and places: the knowledge base and gazetteer matched over tokens, people
found from their titles, an optional NER model, and in-document coreference.

Matching runs over each token's clitic-stripped ``forms`` with a dictionary keyed by the
first word of every entry (multiword entries match token sequences; the longest match wins).
What can be matched is language data: ``country_names``, ``organizations``, ``roles``,
``gazetteer``, ``entity_cues``, ``transliteration`` (and ``countries`` in ``common``).

Resolution:

* a country name is LOC with the country's actor code (ISO3) and place; a nisba alone
  (``الطاجيكية``) is MISC with the country; a capital is LOC with its place, and also its
  government (``RUSGOV``) unless a locative preposition precedes it (metonymy);
* a body word (``الجيش``, ``وزارة الدفاع``) followed by a nisba or country is ORG with
  ``<ISO3><ROLE>``; an organisation keeps its own code and absorbs a following nisba;
* a person title (``نائب وزير الخارجية الروسي``) followed by a name gives a PER for the name
  with the actor and title; a title with a country but no name is itself a PER mention;
* a later mention of a person's last name refers to the first full mention (``refers_to``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..actors.names import latin_name
from ..actors.names import romanize_letters as romanize
from ..actors.registry import Registry, actor_registry, pick_code
from ..langdata.loader import LangData
from ..model import Actor, Entity, Place
from ..settings import Settings
from .metadata import Metadata
from .normalize import NormalizedText, normalize_string
from .segment import Orthography, Segmentation, Token, orthography, tokenize_view

__all__ = ["extract_entities", "romanize"]

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


def _ner_tags(
    text: str, seg: Segmentation, settings: Settings
) -> tuple[list[str], Callable[[str], bool] | None] | None:
    """The tagger's tags for every token, and its vocabulary test when it has one."""
    if not getattr(settings, "ner", False):
        return None
    try:
        from ..ner import load_ner_model

        model = load_ner_model()
    except Exception:  # noqa: BLE001 - no model or no tagger installed: dictionary only
        return None
    # One batch per document: the decoder steps all sentences together (same tags as one by one).
    sentences = [[text[t.start:t.end] for t in seg.tokens[first:last]] for first, last in seg.sentence_tokens]
    sentences = [words for words in sentences if words]
    tag_many = getattr(model, "tag_many", None)  # a tagger may offer only ``tag(words)``
    tagged = tag_many(sentences) if tag_many is not None else [model.tag(words) for words in sentences]
    tags: list[str] = []
    for words, got in zip(sentences, tagged, strict=True):
        got = list(got)
        tags += got if len(got) == len(words) else ["O"] * len(words)
    return tags, getattr(model, "knows", None)


def extract_entities(
    text: str, norm: NormalizedText, seg: Segmentation, meta: Metadata, *, lang: LangData, settings: Settings
) -> tuple[Entity, ...]:
    if "country_names" not in lang or "roles" not in lang:
        return ()
    kb = _kb(lang, actor_registry(lang, settings.actors))
    when = getattr(meta, "published", None)  # dated roles apply on the article's date
    tokens = seg.tokens
    n = len(tokens)
    sent_end = [0] * n
    for first, last in seg.sentence_tokens:
        for t in range(first, last):
            sent_end[t] = last
    is_word = [t.norm[:1].isalpha() for t in tokens]
    # Whether any entry starts with a form of the token (else it has no matches): most do not.
    first_words = kb.first_words
    may_match = [w and not first_words.isdisjoint(t.forms) for w, t in zip(is_word, tokens, strict=True)]
    ner, knows = _ner_tags(text, seg, settings) or (None, None)
    match_cache: dict[int, list[_Match]] = {}

    def matches(i: int) -> list[_Match]:
        got = match_cache.get(i)
        if got is None:
            got = match_cache[i] = _matches_at(i, tokens, sent_end[i], kb) if is_word[i] else []
        return got

    def first_of(i: int, kind: str, *, role_kind: str | None = None) -> _Match | None:
        if i >= n:
            return None
        for m in matches(i):
            if m.entry.kind == kind and (role_kind is None or m.entry.data["kind"] == role_kind):
                return m
        return None

    drafts: list[_Draft] = []
    claimed = [False] * n

    def add(draft: _Draft) -> None:
        drafts.append(draft)
        for t in range(*draft.tokens):
            claimed[t] = True

    # The publisher named in the dateline ("پاکستان پوائنٹ نیوز") is one media organisation,
    # not a place and a stray name: claim its tokens before any dictionary or model looks.
    publisher = getattr(meta, "publisher", None)
    if publisher is not None and publisher.start is not None and publisher.end is not None:
        inside = [t.index for t in tokens if publisher.start <= t.start and t.end <= publisher.end]
        if inside:
            a, b = inside[0], inside[-1] + 1
            country = _agency_country(lang, publisher.name)
            actor = Actor(code=f"{country}MED", country=country, role="MED") if country else None
            add(_Draft("ORG", tokens[a].start, tokens[b - 1].end, (a, b), "dateline:publisher", actor=actor,
                       canonical=publisher.name))

    def country_after(j: int) -> tuple[str | None, int, Any]:
        """A nisba or country name (or an organisation) right after a role word."""
        if j >= n or sent_end[j] != sent_end[j - 1]:
            return None, j, None
        best = matches(j)[0] if matches(j) else None
        if best is None:
            return None, j, None
        if best.entry.kind in ("nisba", "country"):
            return best.entry.data, best.end, None
        if best.entry.kind == "org":
            org = _at(best.entry.data, when)
            return org.get("country"), best.end, org
        return None, j, None

    def place_after(k: int, limit: int) -> tuple[str | None, int]:
        """A country introduced by a place link (``في X``, ``بدولة X``) at token ``k``."""
        if k < n and sent_end[k] == limit and tokens[k].norm in kb.place_links:
            k += 1
        if k >= n or sent_end[k] != limit or not matches(k):
            return None, k
        best = matches(k)[0]
        if best.entry.kind != "country":
            return None, k
        glued = tokens[k].norm[: max(0, tokens[k].norm.find(best.first_form))]
        linked = tokens[k - 1].norm in kb.place_links or any(p in glued for p in kb.place_links)
        return (best.entry.data, best.end) if linked else (None, k)

    def known_person(m: _Match) -> bool:
        """Whether a person match names the registry's person: an entry written without the
        article does not match a word that has it («في البحر» is not the registry's «بحر»)."""
        tok = tokens[m.start].norm
        glued = tok[: max(0, tok.find(m.first_form))]
        return not (glued.endswith(kb.orth.articles) and not kb.orth.has_article(m.first_form))

    def name_after(j: int, heuristic: bool, limit: int) -> tuple[int, int] | None:
        """Tokens of a person's name starting at ``j`` (NER tags when present, else heuristics)."""
        if j >= n or sent_end[j] != limit:
            return None  # the name must be in the title's sentence
        known = next((x for x in matches(j) if x.entry.kind == "person" and known_person(x)), None)
        if known is not None and not claimed[j]:
            return j, known.end
        if ner is not None and ner[j].endswith("PER") and not claimed[j]:
            k = j + 1
            while k < sent_end[j] and ner[k] == "I-PER":
                k += 1
            return j, k
        if not heuristic:
            return None
        if ner is not None and knows is not None and ner[j] == "O" and knows(tokens[j].norm):
            return None  # a word the tagger knows and tags as no name (تأتي, سيجري) starts no name
        words = 0
        k = j
        while k < sent_end[j] and words < kb.max_name:
            tok = tokens[k]
            if (
                tok.norm in kb.joiners and k > j and k + 1 < n and tokens[k - 1].end == tok.start
                and tokens[k + 1].start == tok.end
            ):
                k += 1
                continue
            if not is_word[k] or len(tok.norm) < 2 or any(
                f in kb.name_stop for f in tok.forms if f == tok.norm or (len(f) > 2 and tok.norm.endswith(f))
            ):
                break
            if tok.norm.startswith(kb.non_name_prefixes):
                break  # بالتعاون, للصحافيين: a common noun, never a name
            if kb.orth.has_article(tok.norm):
                if kb.article_surname and words == 1 and k > j and not kb.orth.has_article(tokens[k - 1].norm):
                    words += 1
                    k += 1
                break
            if claimed[k] or any(_ends_name(x) for x in matches(k)):
                break
            words += 1
            k += 1
        while k > j and tokens[k - 1].norm in kb.joiners:
            k -= 1
        return (j, k) if words else None

    i = 0
    while i < n:
        if claimed[i] or not may_match[i] or not matches(i):
            i += 1
            continue
        m = matches(i)[0]
        kind = m.entry.kind
        if kind == "role":
            # A modifier (نائب) before a person title makes one compound title.
            role = m.entry.data
            start_match = m
            prefix = ""
            mod = first_of(i, "role", role_kind="modifier")
            if mod is not None:
                nxt = first_of(mod.end, "role", role_kind="person")
                if nxt is not None:
                    role = nxt.entry.data
                    prefix = mod.entry.data["title"] + " "
                    m = _Match(i, nxt.end, nxt.entry, start_match.first_form)
            if role["kind"] == "modifier":
                alt = next((x for x in matches(i) if x.entry.kind == "role" and x.entry.data["kind"] != "modifier"),
                           None)
                if alt is None:
                    i += 1
                    continue
                m, role = alt, alt.entry.data
            country, j, org = country_after(m.end)
            title = prefix + role["title"]
            role_code = role["role"]
            if role["kind"] == "person" and country is None and org is None:
                # «المتحدث باسم وزارة الخارجية الأمريكية»: the country of the body the title is of
                body = first_of(m.end, "role", role_kind="body") if m.end < n and sent_end[m.end] == sent_end[i] else None
                if body is not None:
                    country, j, org = country_after(body.end)
                    if country is None and org is None:
                        j = m.end
                    elif role.get("takes_body_role") and body.entry.data["role"]:
                        role_code = body.entry.data["role"]
            if role["kind"] == "person" and country is None and org is None:
                # «نائب رئيس مجلس الوزراء وزير الداخلية بدولة الكويت»: the country the holder of
                # the title (or of the titles joined to it) serves in
                k2 = j
                for _ in range(kb.max_joined_titles):
                    nxt = first_of(k2, "role", role_kind="person") if k2 < n and sent_end[k2] == sent_end[i] else None
                    if nxt is None:
                        break
                    k2 = nxt.end
                served, after = place_after(k2, sent_end[i])
                if served is not None:
                    country, j = served, after
            if role["kind"] == "person":
                # «رئيس الحكومة التونسية السابق», «الرئيس المعزول»: a former holder (CAMEO ELI)
                for at in (m.end, j):
                    if at < n and sent_end[at] == sent_end[i] and not kb.former.isdisjoint(tokens[at].forms):
                        role_code = "ELI"
                        if at == j:
                            j += 1
                        break
            if role["kind"] == "body" and country is None and org is None:
                # «وزارة المالية الألمانية», «السلطات الصحية الأردنية»: a nisba after the complement
                for skip in range(1, int(role.get("complement_words", 0)) + 1):
                    at = m.end + skip
                    if at >= n or sent_end[at] != sent_end[i] or not all(is_word[t] for t in range(m.end, at)):
                        break
                    got, after, via = country_after(at)
                    if got is not None and via is None and matches(at)[0].entry.kind == "nisba":
                        country, j = got, after
                        break
            if role["kind"] == "body":
                if org is not None and org.get("type") in _NAMED_GROUPS:
                    # «مسلحو الحوثي», «ميليشيات حزب الله»: the fighters of a named group are the
                    # group, with its one code (not the country + the body's role: YEMUAF).
                    actor = Actor(code=org["code"], country=org.get("country"), role=org.get("role"), title=title)
                elif org is not None and country is None and org.get("role") is None:
                    code = org["code"] + (role["role"] or "")
                    actor = Actor(code=code, country=None, role=role["role"], title=title)
                else:
                    actor = _actor(country, role["role"], title)
                start, end = _span(tokens, m.start, j, start_match.first_form, norm, kb.orth)
                place = kb.country_place.get(country) if country else None
                add(_Draft("ORG", start, end, (m.start, j), f"kb:role:{role['id']}", actor=actor, place=place,
                           canonical=(org or {}).get("english"),
                           single=j - m.start == 1 and kb.orth.has_article(start_match.first_form)
                           and _proclitic_only(start_match.first_form, tokens[m.start].norm, kb.orth)))
                i = j
                continue
            # A person title: [nisba/country] [link + place] [،] name
            if org is not None:
                actor = Actor(code=org["code"], country=org.get("country"), role=role_code, title=title)
            else:
                actor = _actor(country, role_code, title)
            k = j
            if k + 1 < sent_end[m.start] and tokens[k].norm in kb.title_links and matches(k + 1):
                k = matches(k + 1)[0].end
            if k < n and tokens[k].norm in kb.orth.commas:
                k += 1
            span = name_after(k, heuristic=bool(country or org is not None), limit=sent_end[m.start])
            for t in range(m.start, j):
                claimed[t] = True
            if span is not None:
                a, b = span
                joined = _join_hyphens(tokens, a, b, text)
                known = next((x for x in matches(a) if x.entry.kind == "person" and x.end == b), None)
                if known is not None and actor.country is None and org is None:
                    person = _at(known.entry.data, when)
                    if role_code == "ELI" and person["country"]:
                        actor = Actor(code=person["country"] + "ELI", country=person["country"], role="ELI", title=title)
                    else:
                        actor = Actor(code=person["code"], country=person["country"],
                                      role=role["role"] or person["role"], title=title)
                add(_Draft("PER", tokens[a].start, tokens[b - 1].end, (a, b), f"title:{role['id']}", actor=actor,
                           canonical=(known.entry.data.get("english") if known is not None else None)
                           or kb.latin(joined, actor.country),
                           name_key=tuple(tokens[t].norm for t in range(a, b) if tokens[t].is_word)))
            else:
                start, end = _span(tokens, m.start, j, start_match.first_form, norm, kb.orth)
                drafts.append(_Draft("PER", start, end, (m.start, j), f"title:{role['id']}", actor=actor,
                                     tentative=not (country or org is not None)))
            i = j
            continue
        start, end = _span(tokens, m.start, m.end, m.first_form, norm, kb.orth)
        j = m.end
        if kind == "org":
            org = _at(m.entry.data, when)
            country = org.get("country")
            nis = first_of(j, "nisba") if j < n and sent_end[j] == sent_end[i] else None
            code = org["code"]
            if nis is not None and nis.start == j:
                if country and country != nis.entry.data and org.get("role"):
                    # «وزارة العمل الفلبينية»: the text's nisba outweighs the registry's country
                    code = nis.entry.data + org["role"]
                country = nis.entry.data if code != org["code"] else country or nis.entry.data
                j = nis.end
                end = tokens[j - 1].end
            actor = Actor(code=code, country=country, role=org.get("role"), title=None)
            add(_Draft("ORG", start, end, (m.start, j), f"kb:{org['id']}", actor=actor, canonical=org["english"]))
        elif kind == "person":
            if not known_person(m):
                i += 1
                continue
            person = _at(m.entry.data, when)
            actor = Actor(code=person["code"], country=person["country"], role=person["role"], title=None)
            add(_Draft("PER", start, end, (m.start, j), f"kb:person:{person['id']}", actor=actor,
                       canonical=m.entry.data.get("english") or kb.latin(_join_hyphens(tokens, m.start, j, text),
                                                                        person["country"]),
                       name_key=tuple(tokens[t].norm for t in range(m.start, j) if is_word[t])))
        elif kind == "country":
            iso3 = m.entry.data
            add(_Draft("LOC", start, end, (m.start, j), f"kb:country:{iso3}", actor=Actor(code=iso3, country=iso3),
                       place=kb.country_place.get(iso3), canonical=kb.country_name.get(iso3)))
        elif kind == "nisba":
            iso3 = m.entry.data
            add(_Draft("MISC", start, end, (m.start, j), f"kb:nisba:{iso3}", actor=Actor(code=iso3, country=iso3),
                       place=kb.country_place.get(iso3), canonical=kb.country_name.get(iso3)))
        else:
            place = m.entry.data
            actor = None
            if place.get("capital"):
                before = tokens[i - 1].norm if i > 0 and sent_end[i - 1] == sent_end[i] else ""
                proclitic = tokens[i].norm[: max(0, tokens[i].norm.find(m.first_form))]
                locative = before in kb.locative or any(p in proclitic for p in kb.locative_proclitics)
                if not locative:
                    actor = Actor(code=place["country"] + "GOV", country=place["country"], role="GOV", title=None)
            add(_Draft("LOC", start, end, (m.start, j), f"gazetteer:{place['id']}", actor=actor,
                       place=Place(name=text[start:end], country=place["country"], feature=place["feature"],
                                   lat=place["lat"], lon=place["lon"], gazetteer_id=place["id"])))
        i = j

    if ner is not None:
        _add_ner(ner, tokens, claimed, drafts, text, kb, norm, knows)
    _appositions(drafts, tokens, kb)
    _coreference(drafts, tokens, claimed, sent_end, kb, norm, text)
    drafts[:] = [d for d in drafts if not d.tentative]
    _fill_countries(drafts, getattr(meta, "dateline", None), kb.document_roles)
    return _finish(drafts, text)


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


def _agency_country(lang: LangData, name: str | None) -> str | None:
    """The country of a news outlet by its canonical name (``news_agencies`` table)."""
    if not name or "news_agencies" not in lang:
        return None
    for agency in lang.table("news_agencies")["agencies"]:
        if agency.get("name") == name:
            return agency.get("country")
    return None


def _name_start(tokens: tuple[Token, ...], i: int, norm: NormalizedText, kb: _KB,
                knows: Callable[[str], bool] | None) -> int:
    """Where a tagged name starting at token ``i`` starts in the original: after proclitics
    glued before its article ("والشرق الأوسط" -> "الشرق الأوسط") when the tagger's vocabulary
    knows the word with the article (not "كالينينجراد", "سالزبورغ": no "الينينجراد") and at
    least ``name_stem_after_article`` letters follow the article (in "والد" the و is a root
    letter), else at the token."""
    tok = tokens[i]
    if knows is None or not kb.name_stem_after_article:
        return tok.start
    for form in tok.forms[1:]:
        k = kb.orth.article_length(form)
        if k and len(form) - k >= kb.name_stem_after_article and tok.norm.find(form) > 0 and knows(form):
            return _span(tokens, i, i + 1, form, norm, kb.orth)[0]
    return tok.start


def _add_ner(
    ner: list[str], tokens: tuple[Token, ...], claimed: list[bool], drafts: list[_Draft], text: str, kb: _KB,
    norm: NormalizedText, knows: Callable[[str], bool] | None,
) -> None:
    i = 0
    n = len(tokens)
    while i < n:
        tag = ner[i]
        if not tag.startswith("B-") and not tag.startswith("I-"):
            i += 1
            continue
        kind = tag[2:]
        j = i + 1
        while j < n and ner[j] == f"I-{kind}" and tokens[j].sentence == tokens[i].sentence:
            j += 1
        if not any(claimed[i:j]):
            start = _name_start(tokens, i, norm, kb, knows)
            draft = _Draft(kind, start, tokens[j - 1].end, (i, j), "ner")
            if kind == "PER":
                draft.canonical = kb.latin(_join_hyphens(tokens, i, j, text, start=start), None)
                draft.name_key = tuple(tokens[t].norm for t in range(i, j) if tokens[t].is_word)
            drafts.append(draft)
            for t in range(i, j):
                claimed[t] = True
        i = j


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
            if same is not None:
                d.refers = id(same)
                d.tentative = False


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


def _fill_countries(drafts: list[_Draft], dateline: tuple[int, int] | None, document_roles: frozenset[str]) -> None:
    """A role with no country (``GOV`` from «الحكومة», «الوزارة»; a title without a nisba) takes,
    in this order: the country of the latest body before it with the same role («وزارة العمل
    السعودية ... الوزارة»), the country of the dateline's place, the document's dominant country
    (the most frequent country of its coded mentions, when one leads). ``basis`` says which."""
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
    for k, d in enumerate(drafts):
        if not role_only(d):
            continue
        assert d.actor is not None
        earlier = next((x for x in reversed(drafts[:k]) if x.type == d.type == "ORG" and x.actor is not None
                        and x.actor.country and x.actor.role == d.actor.role), None)
        if earlier is not None:
            country, how = earlier.actor.country, "coref:body"  # type: ignore[union-attr]
        elif d.type == "ORG" and d.actor.role not in document_roles:
            continue  # a body («الشرطة», «المتظاهرون») is not given the document's country; an army is
        elif placed is not None:
            country, how = placed, "document:dateline"
        elif dominant is not None:
            country, how = dominant, "document:dominant"
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
