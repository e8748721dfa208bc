"""Quotes in the store: one row per quote of each document, and the checked quote filters.

A row is made from the document's JSON form alone (:func:`quote_rows`), so ingest (where the
document was coded) and the migration that backfills an older store (from the stored
``doc_json``) write the same rows. Besides the quote itself (kind, words, cue, offsets) a row
holds the speaker as the document names it: the entity id, its text as written (the full
mention a later ``رودينكو`` ``refers_to``), its canonical name and actor code; the addressee,
the party spoken about and the target where the document gives them (a quote's
``addressee``/``about``/``target`` or ``medium`` fields, or the target of an event that names
the quote in its ``quote`` field); who relays the words (``relayed_by``) and the body the
speaker speaks for (``speaker_for``); the document's publication date. A role that is an
entity id (what ``marsad code`` writes) gives the entity's text as written (its first full
mention) and its actor code.

``speaker_terms`` and ``text_terms`` hold the search index's terms (:mod:`.textindex`:
harakat, hamza forms and letter variants folded, clitic-stripped forms beside each word)
between spaces, so a filter word matches as it does in search: ``' term '`` inside them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import QueryError
from ..langdata.loader import LangData
from . import textindex
from .query import check_actor_code, check_date, check_limit, code_prefix

__all__ = ["QUOTE_COLUMNS", "QUOTE_ROW", "QUOTE_ROW_0008", "ROLE_COLUMNS", "QuoteFilter", "backfill_quotes", "quote_rows", "QUOTE_KINDS"]

QUOTE_KINDS = ("direct", "indirect")
_DOC_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_CODE = re.compile(r"^[A-Z0-9]{3,30}$")

#: The columns of a quote row, in the order :func:`quote_rows` gives them.
QUOTE_ROW = (
    "doc_id", "quote_id", "position", "kind", "text", "char_start", "char_end", "sentence", "cue",
    "speaker_entity", "speaker_text", "speaker_name", "speaker_code", "addressee_code", "addressee_text",
    "about_code", "about_text", "target_code", "target_text", "medium", "published",
    "medium_code", "relayed_by_text", "relayed_by_code", "speaker_for_text", "speaker_for_code",
    "speaker_terms", "text_terms",
)
#: The columns 0012_quote_roles adds to the table 0008_quotes made.
ROLE_COLUMNS = ("medium_code", "relayed_by_text", "relayed_by_code", "speaker_for_text", "speaker_for_code")
#: The columns of the table as 0008_quotes makes it (what its backfill writes).
QUOTE_ROW_0008 = tuple(c for c in QUOTE_ROW if c not in ROLE_COLUMNS)
#: What a query gives for each quote (the term columns are the index's, not shown).
QUOTE_COLUMNS = (*QUOTE_ROW[:-2], "title", "publisher", "source_url")


def _party(value: Any) -> tuple[str | None, str | None, str | None]:
    """(code, entity id, text) of an addressee/about/target/medium value: a participant object
    ``{code, entity, text}`` (or ``name``), a plain string (a code when code-shaped), or nothing."""
    if value is None:
        return None, None, None
    if isinstance(value, str):
        text = value.strip()
        return (text, None, None) if _CODE.match(text) else (None, None, text or None)
    if isinstance(value, Mapping):
        code = value.get("code")
        text = value.get("text") or value.get("name")
        return (str(code) if code else None, value.get("entity") or None, str(text) if text else None)
    return None, None, None


def _terms(texts: list[str | None], lang: LangData) -> str | None:
    terms = " ".join(t for t in (textindex.index_terms(x, lang=lang) for x in texts if x) if t)
    return f" {terms} " if terms else None


def quote_rows(form: Mapping[str, Any], *, lang: LangData, doc_id: str | None = None,
               published: str | None = None) -> tuple[tuple[Any, ...], ...]:
    """The quote rows (:data:`QUOTE_ROW`) of one document in its JSON form (``doc_id`` and
    ``published``: the stored document's, when they are known apart from the JSON)."""
    if not isinstance(form, Mapping):
        return ()
    doc_id = doc_id or form.get("id")
    if not doc_id:
        return ()
    entities = {e.get("id"): e for e in form.get("entities") or () if isinstance(e, Mapping)}

    def full(entity_id: str | None) -> Mapping[str, Any] | None:
        """The entity and, along its ``refers_to`` chain, the first full mention."""
        seen: set[str] = set()
        while entity_id in entities and entities[entity_id].get("refers_to") and entity_id not in seen:
            seen.add(entity_id)
            entity_id = entities[entity_id]["refers_to"]
        return entities.get(entity_id)

    def entity_text(entity_id: str | None) -> str | None:
        found = entities.get(entity_id) if entity_id else None
        return (found.get("canonical") or found.get("text")) if found else None

    def role(value: Any) -> tuple[str | None, str | None]:
        """(actor code, text) of a quote's role: an entity id of the document (its first full
        mention's text as written, its actor code), or a participant object or plain text."""
        if isinstance(value, str) and value in entities:
            mention, first = entities[value], full(value) or entities[value]
            actor = mention.get("actor") or first.get("actor") or {}
            return actor.get("code"), first.get("text") or mention.get("text")
        code, entity, text = _party(value)
        return code, text or entity_text(entity)

    targets: dict[str, tuple[str | None, str | None]] = {}
    for event in form.get("events") or ():
        link = event.get("quote") if isinstance(event, Mapping) else None
        if isinstance(link, str) and link not in targets and event.get("target"):
            code, entity, text = _party(event["target"])
            targets[link] = (code, text or entity_text(entity))
    published = published or form.get("published")
    rows = []
    for position, quote in enumerate(form.get("quotes") or ()):
        quote_id = str(quote.get("id") or f"q{position}")
        speaker = quote.get("speaker")
        if isinstance(speaker, Mapping):  # a participant-style speaker
            speaker_code, speaker_entity, speaker_said = _party(speaker)
        else:
            speaker_code, speaker_entity, speaker_said = None, speaker or None, None
        mention = entities.get(speaker_entity) if speaker_entity else None
        first = full(speaker_entity) if speaker_entity else None
        actor = (mention or {}).get("actor") or (first or {}).get("actor") or {}
        speaker_code = speaker_code or actor.get("code")
        speaker_text = speaker_said or (first or mention or {}).get("text")
        speaker_name = (first or mention or {}).get("canonical")
        said = [speaker_said, (mention or {}).get("text"), (first or {}).get("text"), speaker_name]
        addressee = role(quote.get("addressee"))
        about = _party(quote.get("about"))
        target = _party(quote.get("target"))
        target_code, target_text = target[0], target[2] or entity_text(target[1])
        if target_code is None and target_text is None and quote_id in targets:
            target_code, target_text = targets[quote_id]
        medium = role(quote.get("medium"))
        relayed_by = role(quote.get("relayed_by"))
        speaker_for = role(quote.get("speaker_for"))
        rows.append((
            doc_id, quote_id, position, quote.get("kind"), quote.get("text") or "", quote.get("start"),
            quote.get("end"), quote.get("sentence"), quote.get("cue"), speaker_entity, speaker_text, speaker_name,
            speaker_code, addressee[0], addressee[1], about[0],
            about[2] or entity_text(about[1]), target_code, target_text, medium[1] or medium[0], published,
            medium[0], relayed_by[1], relayed_by[0], speaker_for[1], speaker_for[0],
            _terms(list(dict.fromkeys(x for x in said if x)), lang), _terms([quote.get("text")], lang),
        ))
    return tuple(rows)


def _insert(columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO quotes ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            "ON CONFLICT (doc_id, quote_id) DO NOTHING")


INSERT_QUOTES = _insert(QUOTE_ROW)
_OLD = tuple(QUOTE_ROW.index(c) for c in QUOTE_ROW_0008)


def backfill_quotes(db: Any, lang: Callable[[], LangData], *, batch: int = 200) -> int:
    """Write the quote rows of every stored document from its ``doc_json`` (the migration that
    adds the table runs it, so the columns it made: :data:`QUOTE_ROW_0008`; a store that old
    has no quote roles in its JSON); documents are read ``batch`` at a time in storage order.
    Returns the number of rows written."""
    written = 0
    last = 0
    langdata: LangData | None = None
    while True:
        found = db.query("SELECT seq, id, published, doc_json FROM documents WHERE seq > ? ORDER BY seq LIMIT ?",
                         (last, batch))
        if not found:
            return written
        langdata = langdata or lang()
        rows = [tuple(row[i] for i in _OLD) for _, doc_id, published, data in found
                for row in quote_rows(_json(data), lang=langdata, doc_id=doc_id, published=published)]
        db.executemany(_insert(QUOTE_ROW_0008), rows)
        written += len(rows)
        last = int(found[-1][0])


def _json(data: str) -> Any:
    """A stored document's JSON (None when it is not JSON: such a row has no quotes to give)."""
    try:
        return json.loads(data)
    except (TypeError, ValueError):
        return None


def _words(value: str, what: str, lang: LangData) -> list[tuple[str, ...]]:
    try:
        return textindex.query_groups(value, lang=lang)
    except QueryError as exc:
        raise QueryError(str(exc).replace("search query", what, 1)) from None


def _code_or_none(value: str) -> str | None:
    """The value as an actor code prefix when it looks like one (RUS, IRQGOV), else None."""
    text = value.strip()
    if not _CODE.match(text.upper()) or not text.isascii():
        return None
    return check_actor_code(text, "code")


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """Checked quote filters.

    ``speaker``: words of the speaker's name as the document writes it (matched as search
    matches: harakat, hamza forms and clitics do not matter; every word must match), or an
    actor code prefix of the speaker (RUS matches RUSGOV). ``about``: an actor code prefix of
    the target, addressee or party spoken about, or words inside the quoted text. ``since`` /
    ``until``: the document's publication date, inclusive. ``doc_id``, ``kind`` (direct,
    indirect); ``limit`` (None: all) and ``offset``."""

    speaker: str | None = None
    speaker_code: str | None = None
    speaker_groups: tuple[tuple[str, ...], ...] = ()
    about: str | None = None
    about_code: str | None = None
    about_groups: tuple[tuple[str, ...], ...] = ()
    since: str | None = None
    until: str | None = None
    doc_id: str | None = None
    kind: str | None = None
    limit: int | None = None
    offset: int = 0

    @classmethod
    def make(cls, *, lang: LangData, speaker: str | None = None, about: str | None = None,
             since: str | None = None, until: str | None = None, doc_id: str | None = None,
             kind: str | None = None, limit: Any = None, offset: Any = None) -> QuoteFilter:
        def given(value: Any, what: str) -> str | None:
            if value is None:
                return None
            if not isinstance(value, str):
                raise QueryError(f"{what} must be text")
            if len(value) > 1000:
                raise QueryError(f"{what} is longer than 1000 characters")
            return value.strip() or None

        speaker, about = given(speaker, "speaker"), given(about, "about")
        doc_id, kind = given(doc_id, "document id"), given(kind, "kind")
        if doc_id is not None and not _DOC_ID.match(doc_id):
            raise QueryError(f"document id {doc_id[:40]!r} is not an id (letters, digits, - and _)")
        if kind is not None and kind.lower() not in QUOTE_KINDS:
            raise QueryError(f"kind {kind[:40]!r} is not one of {', '.join(QUOTE_KINDS)}")

        def split(value: str | None, what: str) -> tuple[str | None, tuple[tuple[str, ...], ...]]:
            if value is None:
                return None, ()
            code = _code_or_none(value)
            try:
                return code, tuple(_words(value, what, lang))
            except QueryError:
                if code is None:
                    raise
                return code, ()

        speaker_code, speaker_groups = split(speaker, "speaker")
        about_code, about_groups = split(about, "about")
        made = cls(speaker=speaker, speaker_code=speaker_code, speaker_groups=speaker_groups, about=about,
                   about_code=about_code, about_groups=about_groups, since=check_date(since, "since"),
                   until=check_date(until, "until", end=True), doc_id=doc_id, kind=kind.lower() if kind else None,
                   limit=check_limit(limit), offset=check_limit(offset, "offset") or 0)
        if made.since and made.until and made.since > made.until:
            raise QueryError(f"since {since} is after until {until}")
        return made

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause over ``quotes q`` (``?`` placeholders only) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []

        def prefix(column: str, code: str) -> str:
            sql, values = code_prefix(column, code)
            params.extend(values)
            return sql

        def words(column: str, groups: tuple[tuple[str, ...], ...]) -> str:
            # Terms are word tokens (letters and digits: no LIKE wildcards), between spaces.
            every = []
            for group in groups:
                every.append("(" + " OR ".join(f"{column} LIKE ?" for _ in group) + ")")
                params.extend(f"% {term} %" for term in group)
            return "(" + " AND ".join(every) + ")"

        for code, groups, code_columns, words_column in (
            (self.speaker_code, self.speaker_groups, ("q.speaker_code",), "q.speaker_terms"),
            (self.about_code, self.about_groups, ("q.target_code", "q.addressee_code", "q.about_code"),
             "q.text_terms"),
        ):
            either = [prefix(column, code) for column in code_columns] if code else []
            if groups:
                either.append(words(words_column, groups))
            if either:
                clauses.append("(" + " OR ".join(either) + ")")
        if self.since:
            clauses.append("q.published >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("SUBSTR(q.published, 1, 10) <= ?")
            params.append(self.until)
        if self.doc_id:
            clauses.append("q.doc_id = ?")
            params.append(self.doc_id)
        if self.kind:
            clauses.append("q.kind = ?")
            params.append(self.kind)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


#: Newest documents first, undated last, then the document's quotes in text order.
QUOTE_ORDER = "(q.published IS NULL), q.published DESC, q.doc_id, q.position"
