"""The cue table (``ar/quote_cues.json``) compiled once per language: reporting verbs and nouns, source
markers, complementizers, skippable phrases, quotation marks."""

from __future__ import annotations

from dataclasses import dataclass

from ...langdata.loader import LangData
from ..normalize import normalize_string
from ..segment import Orthography, orthography
from ..verbs import verb_surface_forms

__all__ = ["Cue", "QuoteCues", "quote_cues", "NO_SUFFIX"]


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    continuation: bool
    claim: bool
    negates: bool
    intransitive: bool = False
    nominal: bool = False
    needs_complementizer: bool = False
    subject_of_sentence: bool = False
    noun_content: bool = False  # a noun object is what was said (أكد استمرار الدعم)
    content_particles: frozenset[str] = frozenset()  # أشار إلى، طالب بـ: the content follows them
    relay_particles: frozenset[str] = frozenset()  # نقل X عن Y: after them the speaker is named


@dataclass(frozen=True, slots=True)
class QuoteCues:
    verbs: dict[str, Cue]  # normalized form -> cue
    sources: dict[str, tuple[str, ...]]  # normalized source-marker word -> particles
    complementizers: frozenset[str]
    fillers: tuple[tuple[str, ...], ...]
    adverbials: tuple[tuple[str, ...], ...]
    phrase_firsts: frozenset[str]  # the first words of the fillers and adverbials
    addressee_prefixes: tuple[str, ...]
    marks: tuple[tuple[str, str], ...]
    colons: frozenset[str]
    max_distance: int
    proclitics: frozenset[str]
    suffixes: frozenset[str]
    orth: Orthography  # the article and punctuation (segmentation table)
    min_direct_words: int = 1
    min_object_words: int = 1
    nominal_cue_blockers: frozenset[str] = frozenset()
    cue_blockers_before: frozenset[str] = frozenset()
    subject_blockers: frozenset[str] = frozenset()
    conjunctions: frozenset[str] = frozenset()
    conjunction_letters: str = ""  # the one-letter conjunctions, for str.lstrip
    modifier_endings: tuple[str, ...] = ()
    function_words: frozenset[str] = frozenset()
    adverbial_openers: frozenset[str] = frozenset()
    media_nouns: frozenset[str] = frozenset()
    place_name_heads: frozenset[str] = frozenset()  # "بمطار الأمير محمد …": the person names the place
    title_nouns: frozenset[str] = frozenset()  # "بعنوان «…»": a quoted stretch after one is a title
    paragraph_breaks: tuple[str, ...] = ()
    relative_pronouns: frozenset[str] = frozenset()
    addressee_words: frozenset[str] = frozenset()
    background_words: frozenset[str] = frozenset()
    anonymous_heads: frozenset[str] = frozenset()
    content_firsts: frozenset[str] = frozenset()  # every cue's content particles (يشار إلى أن)
    body_heads: frozenset[str] = frozenset()  # an unnamed speaker so headed is an organisation
    generic_person_heads: frozenset[str] = frozenset()  # "الرجل": the last person who spoke
    speaker_phrase_words: int = 6
    speaker_heads: frozenset[str] = frozenset()  # words that can name an unnamed speaker
    human_plural_endings: tuple[str, ...] = ()
    pronoun_subjects: frozenset[str] = frozenset()  # "سموه": the current speaker
    non_cue_words: frozenset[str] = frozenset()  # "ردا على": no speech
    relay_words: frozenset[str] = frozenset()  # "نقلا عن Y": Y speaks
    runs_on_sentences: int = 0  # reported speech runs on over this many cueless sentences
    auxiliaries: frozenset[str] = frozenset()  # "وكانت": opens a clause before its subject
    jussive_prefixes: tuple[str, ...] = ()  # "فليحذر": a command
    honorifics: frozenset[str] = frozenset()  # "سمو الأمير": part of the name after it (entity_cues.json)
    name_stop: frozenset[str] = frozenset()  # words that are never a name (entity_cues.json: له، أيضا، أمس)
    # the roles around a quote (``roles``): medium, addressee, relayed-by, speaker-for
    platform_words: tuple[tuple[str, ...], ...] = ()  # تويتر، فيس بوك: a medium by name
    channel_words: tuple[tuple[str, ...], ...] = ()  # تسجيل، مقطع، حساب: a medium, when nothing better is named
    medium_roles: frozenset[str] = frozenset()  # actor roles of outlets (MED): an outlet entity is a medium
    medium_prepositions: frozenset[str] = frozenset()  # "في تصريح إلى «الوطن»": a quoted name after one is the medium
    addressee_phrases: tuple[tuple[str, ...], ...] = ()  # "في اتصال هاتفي مع X": X is spoken to
    speaker_for_links: frozenset[str] = frozenset()  # "المتحدث باسم X": X is the body spoken for
    speaker_for_prefixes: tuple[str, ...] = ()
    affiliation_words: frozenset[str] = frozenset()  # "اللواء الأول مشاة التابع للجيش": the unit before one is the body
    name_brackets: tuple[tuple[str, str], ...] = ()  # "لـ(عكاظ)": a bracketed name after لـ is the medium
    excluded_titles: frozenset[str] = frozenset()
    representative_titles: frozenset[str] = frozenset()  # "ممثل حركة حماس": titles that speak for a body  # "عضو في مجلس …": a member speaks for no body
    addressee_cues: frozenset[str] = frozenset()  # cue ids whose object is who is spoken to (أبلغ، دعا، طالب)
    addressee_links: frozenset[str] = frozenset()
    addressee_false_friends: frozenset[str] = frozenset()  # "إمام" (imam) is not "أمام" (before): raw spellings
    hearer_nouns: frozenset[str] = frozenset()  # "للصحفيين", "دعا المولى": nouns of who is spoken to  # "في لقائه أمس مع X": the particle before X  # "المتحدث الرسمي لوزارة التعليم": glued to the body


def quote_cues(lang: LangData) -> QuoteCues:
    return lang.derived("quotes.cues", _build_cues)


def _build_cues(lang: LangData) -> QuoteCues:
    spec = lang.table("quote_cues")

    def norm(value: str) -> str:
        return normalize_string(value, lang=lang)

    verbs: dict[str, Cue] = {}
    for row in spec["verb_cues"]:
        cue = Cue(row["id"], bool(row.get("continuation")), bool(row.get("claim")), bool(row.get("negates")),
                  intransitive=bool(row.get("intransitive")), nominal=bool(row.get("nominal")),
                  needs_complementizer=bool(row.get("needs_complementizer")),
                  subject_of_sentence=bool(row.get("subject_of_sentence")),
                  noun_content=bool(row.get("noun_content")),
                  content_particles=frozenset(norm(p) for p in row.get("content_particles", [])),
                  relay_particles=frozenset(norm(p) for p in row.get("relay_particles", [])))
        forms: set[str] = set()
        for past, present in row.get("verbs", []):
            forms |= verb_surface_forms(lang, past, present)
        forms |= {norm(w) for w in row.get("words", [])}
        for form in forms:
            verbs.setdefault(form, cue)
    sources: dict[str, tuple[str, ...]] = {}
    for row in spec["source_cues"]:
        particles = tuple(norm(p) for p in row.get("particles", []))
        for word in row["words"]:
            sources[norm(word)] = particles

    def phrases(values: list[str]) -> tuple[tuple[str, ...], ...]:
        out = {tuple(norm(v).split()) for v in values}
        return tuple(sorted(out, key=len, reverse=True))

    pronouns = {norm(p) for p in lang.table("verb_forms").get("object_suffixes", [])} | {""}
    fillers = phrases(spec.get("fillers", []))
    adverbials = phrases(spec.get("adverbials", []))
    return QuoteCues(
        verbs=verbs,
        sources=sources,
        # a complementizer carries the subject pronoun of what follows: أنه، إنها، بأنهم
        complementizers=frozenset(norm(c) + s for c in spec["complementizers"] for s in pronouns),
        fillers=fillers,
        adverbials=adverbials,
        phrase_firsts=frozenset(p[0] for p in (*fillers, *adverbials) if p),
        addressee_prefixes=tuple(norm(p) for p in spec.get("addressee_prefixes", [])),
        marks=tuple((a, b) for a, b in spec["quote_marks"]),
        colons=frozenset(spec["colon"]),
        max_distance=int(spec.get("max_cue_distance", 8)),
        proclitics=frozenset(norm(p) for p in lang.table("verb_forms").get("verb_proclitics", [])) | {""},
        suffixes=frozenset(norm(p) for p in lang.table("verb_forms").get("object_suffixes", [])) | {""},
        min_direct_words=int(spec.get("min_direct_words", 1)),
        min_object_words=int(spec.get("min_object_words", 1)),
        nominal_cue_blockers=frozenset(norm(w) for w in spec.get("nominal_cue_blockers", [])),
        cue_blockers_before=frozenset(norm(w) for w in spec.get("cue_blockers_before", [])),
        subject_blockers=frozenset(norm(w) for w in spec.get("subject_blockers", [])),
        conjunctions=frozenset(norm(w) for w in spec.get("conjunctions", [])),
        conjunction_letters="".join(sorted({norm(w) for w in spec.get("conjunctions", []) if len(norm(w)) == 1})),
        modifier_endings=tuple(norm(w) for w in spec.get("modifier_endings", [])),
        orth=orthography(lang),
        function_words=frozenset(norm(w) for w in spec.get("function_words", [])),
        adverbial_openers=frozenset(norm(w) for w in spec.get("adverbial_openers", [])),
        media_nouns=frozenset(norm(w) for w in spec.get("media_nouns", [])),
        place_name_heads=frozenset(norm(w) for w in spec.get("place_name_heads", [])),
        title_nouns=frozenset(norm(w) for w in spec.get("title_nouns", [])),
        paragraph_breaks=tuple(spec.get("paragraph_breaks", [])),
        relative_pronouns=frozenset(norm(w) for w in spec.get("relative_pronouns", [])),
        addressee_words=frozenset(norm(w) for w in spec.get("addressee_words", [])),
        background_words=frozenset(norm(w) for w in spec.get("background_words", [])),
        anonymous_heads=frozenset(norm(w) for w in spec.get("anonymous_heads", [])),
        content_firsts=frozenset(p for cue in verbs.values() for p in cue.content_particles),
        body_heads=frozenset(norm(w) for w in spec.get("body_heads", [])),
        generic_person_heads=frozenset(norm(w) for w in spec.get("generic_person_heads", [])),
        speaker_phrase_words=int(spec.get("speaker_phrase_words", 6)),
        speaker_heads=frozenset(norm(w) for w in (*spec.get("speaker_heads", []), *spec.get("anonymous_heads", []),
                                                  *spec.get("body_heads", []), *spec.get("generic_person_heads", []),
                                                  *_role_heads(lang))),
        human_plural_endings=tuple(norm(w) for w in spec.get("human_plural_endings", [])),
        pronoun_subjects=frozenset(norm(w) for w in spec.get("pronoun_subjects", [])),
        non_cue_words=frozenset(norm(w) for w in spec.get("non_cue_words", [])),
        relay_words=frozenset(norm(w) for w in spec.get("relay_words", [])),
        runs_on_sentences=int(spec.get("runs_on_sentences", 0)),
        auxiliaries=frozenset(norm(w) for w in spec.get("auxiliaries", [])),
        jussive_prefixes=tuple(norm(w) for w in spec.get("jussive_prefixes", [])),
        honorifics=frozenset(norm(w) for w in (lang.table("entity_cues").get("honorifics", []) if "entity_cues" in lang else [])),
        name_stop=frozenset(norm(w) for w in (lang.table("entity_cues").get("name_stop", []) if "entity_cues" in lang else [])),
        platform_words=phrases(spec.get("platform_words", [])),
        channel_words=phrases(spec.get("channel_words", [])),
        medium_roles=frozenset(spec.get("medium_roles", [])),
        medium_prepositions=frozenset(norm(w) for w in spec.get("medium_prepositions", [])),
        addressee_phrases=phrases(spec.get("addressee_phrases", [])),
        speaker_for_links=frozenset(norm(w) for w in spec.get("speaker_for_links", [])),
        speaker_for_prefixes=tuple(norm(w) for w in spec.get("speaker_for_prefixes", [])),
        affiliation_words=frozenset(norm(w) for w in spec.get("affiliation_words", [])),
        addressee_cues=frozenset(spec.get("addressee_cues", [])),
        name_brackets=tuple((a, b) for a, b in spec.get("name_brackets", [])),
        representative_titles=frozenset(norm(w) for w in spec.get("representative_titles", [])),
        excluded_titles=frozenset(norm(w) for w in spec.get("excluded_titles", [])),
        hearer_nouns=frozenset(norm(w) for w in spec.get("hearer_nouns", [])),
        addressee_links=frozenset(norm(w) for w in spec.get("addressee_links", [])),
        # compared with the text as written: normalisation folds the hamza that tells them apart
        addressee_false_friends=frozenset(spec.get("addressee_false_friends", [])),
    )


def _role_heads(lang: LangData) -> list[str]:
    """The first word of every title of ``roles.json`` (رئيس، وزير، المتحدث), without the article."""
    if "roles" not in lang:
        return []
    articles = tuple(orthography(lang).articles)
    out = []
    for role in lang.table("roles")["roles"]:
        for name in role.get("names", []):
            word = normalize_string(name, lang=lang).split()[0]
            out.append(word[len(a):] if (a := next((a for a in articles if word.startswith(a)), "")) else word)
    return out


NO_SUFFIX = frozenset({""})
