"""``extract_entities``: the walk over an article's tokens (knowledge-base matches, titles and
the names after them, organisations with their nisba), then NER, appositions, coreference."""

from __future__ import annotations

from typing import Any

from ...actors.registry import actor_registry
from ...langdata.loader import LangData
from ...model import Actor, Entity, Place
from ...settings import Settings
from ..metadata import Metadata
from ..normalize import NormalizedText
from ..segment import Segmentation
from ..verbs import future_verb_forms
from .drafts import (
    _actor,
    _appositions,
    _coreference,
    _Draft,
    _fill_countries,
    _finish,
    _heads,
    _join_hyphens,
    _span,
)
from .kb import _NAMED_GROUPS, _at, _ends_name, _kb, _Match, _matches_at, _proclitic_only
from .ner import _add_ner, _ner_tags


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
    future_verbs = future_verb_forms(lang)
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
        glued = tokens[j].norm[: max(0, tokens[j].norm.find(best.first_form))]
        if glued.startswith(kb.coordinators):
            return None, j, None  # «قوات النظام وحزب الله»: the next conjunct, not the body's complement
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

    def org_after_office(k: int, limit: int) -> tuple[str | None, int, Any] | None:
        """The organisation after the words of an office («المكتب السياسي لحركة «حماس»»): at most
        ``title_complement_words`` nouns with the article or a glued ل/ب, and quotation marks."""
        words = 0
        while k < n and sent_end[k] == limit:
            tok = tokens[k]
            if tok.norm in kb.quote_marks:
                k += 1
                continue
            if not is_word[k] or claimed[k]:
                return None
            got = next((x for x in matches(k) if x.entry.kind == "org"), None)
            if got is not None:
                data = _at(got.entry.data, when)
                return (data.get("country"), got.end, data) if words else None
            glued = tok.norm[:1] in kb.locative_proclitics and any(
                f != tok.norm and tok.norm.endswith(f) and len(tok.norm) - len(f) == 1 for f in tok.forms)
            if words >= kb.title_complement_words or not (kb.orth.has_article(tok.norm) or glued) \
                    or not kb.name_stop.isdisjoint(tok.forms[:1]):
                return None
            words += 1
            k += 1
        return None

    def _definite(form: str, surface: str) -> bool:
        """The body word stands with the article and nothing but proclitics before it: «الحكومة»,
        «للحكومة», and «الوزارة» for the entry «وزارة» (the matcher strips the article)."""
        if kb.orth.has_article(form):
            return _proclitic_only(form, surface, kb.orth)
        k = surface.rfind(form)
        return k > 0 and surface.endswith(form) and surface[:k].endswith(kb.orth.articles)

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
            while k < sent_end[j] and ner[k] == "I-PER" and future_verbs.isdisjoint(tokens[k].forms):
                k += 1  # «فؤاد معصوم سيزور عمان»: a future verb ends the name the tagger runs on
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
            if tok.norm.startswith(kb.non_name_prefixes) or not future_verbs.isdisjoint(tok.forms):
                break  # بالتعاون, للصحافيين: a common noun, never a name; سيزور: a verb
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
                # «رئيس المكتب السياسي لحركة «حماس»»: the organisation of the office the title heads
                got_org = org_after_office(m.end, sent_end[i])
                if got_org is not None:
                    country, j, org = got_org
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
                if (country is not None or org is not None) and j < n and sent_end[j] == sent_end[i] \
                        and tokens[j].norm in kb.title_role_adjectives:
                    # «رئيس الائتلاف السوري المعارض»: an adjective that says the holder's role
                    role_code = kb.title_role_adjectives[tokens[j].norm]
                    j += 1
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
            if role["kind"] == "body" and role.get("needs_country") and country is None and org is None:
                i += 1  # «إلى الجانب»: no actor without its country («الجانب الروسي»)
                continue
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
                           single=bool(role.get("of_state")) or (
                               j - m.start == 1 and _definite(start_match.first_form, tokens[m.start].norm))))
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
            while k < n and sent_end[k] == sent_end[m.start] and tokens[k].norm in kb.quote_marks:
                k += 1  # «لحركة «حماس»، خالد مشعل»
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
    _heads(drafts, tokens, kb)
    _coreference(drafts, tokens, claimed, sent_end, kb, norm, text)
    drafts[:] = [d for d in drafts if not d.tentative]
    _fill_countries(drafts, getattr(meta, "dateline", None), kb.document_roles, kb.role_antecedents)
    return _finish(drafts, text)


def _agency_country(lang: LangData, name: str | None) -> str | None:
    """The country of a news outlet by its canonical name (``news_agencies`` table)."""
    if not name or "news_agencies" not in lang:
        return None
    for agency in lang.table("news_agencies")["agencies"]:
        if agency.get("name") == name:
            return agency.get("country")
    return None
