"""The roles around a quote besides its speaker, read from the quote's clause: the tokens of
its cue's sentence between the quotes on either side (and a source marker right after it:
"«…»، بحسب ما ذكرته وكالة فارس").

* **medium**, the outlet or channel that carried the words: an outlet entity (actor role in
  ``medium_roles``), a quoted name after a glued ``لـ`` or a ``medium_prepositions`` word
  ("لـ«عكاظ»", "في تصريح إلى «الوطن»"), a medium noun and its name ("لصحيفة ميليت"), a
  platform ("تويتر"), else a channel ("تسجيل صوتي", "موقعها الالكتروني"), in that order;
* **relayed_by**, who passes the speaker's words on: the subject of a relay cue before its
  particle ("ونقل محامي النادي عن سعدات قوله"), the subject before ``نقلا عن``, or the speaker
  whose reported clause holds nothing but this quote's cue ("وأضاف فوزي أن العربي أبلغ …");
  an outlet there is the medium instead ("ونقلت رويترز عن …");
* **addressee**, who it was said to: after an addressing word ("مخاطبا") or phrase ("في اتصال
  هاتفي مع"), the object of a cue that names the hearer ("أبلغ المبعوث أن"), a name after a
  glued ``لـ`` that is no medium ("قال لـX"), a hearer noun glued to it ("للصحفيين");
* **speaker_for**, the body a titled speaker speaks for: an organisation after a title next to
  the speaker's name ("المتحدث باسم وزارة الصحة حسام عبد الغفار").

Each is an entity id: a recognised entity, else an entity the stage adds for the phrase (basis
``medium``, ``addressee``, ``relayed_by`` or ``speaker_for``). A subjectless quote in the same
sentence as its speaker's last one keeps that quote's roles; ``speaker_for`` holds for all the
speaker's later quotes. Every word list is language data (``ar/quote_cues.json``). Each lookup
stays inside the clause or uses an index (quote spans by bisection, mentions by speaker), so the
pass is not quadratic in article length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from ...model import Entity, Quote
from .phrases import match_phrase, skippable
from .reading import Reading
from .speakers import resolve_entity

__all__ = ["Roles"]

_ROLE_FIELDS = ("medium", "relayed_by", "addressee", "speaker_for")


class Roles(Reading):
    """The role rules over an article's indexes (mixed into the walk)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - Article's
        super().__init__(*args, **kwargs)
        self.init_roles()

    def init_roles(self) -> None:
        self.quote_cue: dict[tuple[int, int], int] = {}  # (start, end) of a quote -> its cue token
        self.relayers: dict[int, str] = {}  # cue token -> the speaker whose reported clause holds it
        self.role_mentions: dict[tuple[int, int, str], Entity] = {}
        self._by_root: dict[str, list[Entity]] | None = None  # speakers' mentions (the walk's entities)
        self.span_starts: list[int] = []  # the quotes' starts and ends, each sorted (set by with_roles)
        self.span_ends: list[int] = []

    # -- the clause -------------------------------------------------------------------------

    def clause(self, q: Quote, cue_i: int | None, spans: Sequence[tuple[int, int]]) -> list[int]:
        """Token indices of the quote's clause: its cue's sentence between the quotes before
        and after the cue (other quotes and quoted speech left out), and a source-marked
        trailer after the quote."""
        anchor = self.tokens[cue_i] if cue_i is not None else None
        s = anchor.sentence if anchor is not None else q.sentence
        if s is None:
            return []
        first, last = self.seg.sentence_tokens[s]
        pos = anchor.start if anchor is not None else q.start
        k = bisect_right(self.span_ends, pos)
        lo = max(self.span_ends[k - 1] if k else 0, self.tokens[first].start if first < len(self.tokens) else 0)
        k = bisect_left(self.span_starts, anchor.end if anchor is not None else q.end)
        hi = self.span_starts[k] if k < len(self.span_starts) else len(self.text)
        out = [k for k in range(first, last) if lo <= self.tokens[k].start and self.tokens[k].end <= hi
               and not self.inside_direct(self.tokens[k].start) and not self._in_spans(self.tokens[k].start, spans)]
        return out + self._trailer(q, spans)

    def _in_spans(self, pos: int, spans: Sequence[tuple[int, int]]) -> bool:
        k = bisect_right(spans, (pos, len(self.text) + 1)) - 1
        return any(a <= pos < b for a, b in spans[max(0, k - 3):k + 1])

    def _trailer(self, q: Quote, spans: Sequence[tuple[int, int]]) -> list[int]:
        """"«…»، بحسب ما ذكرته وكالة فارس": the rest of the sentence after a quote when a source
        marker opens it."""
        k = bisect_left(self.starts, q.end)
        if k >= len(self.tokens):
            return []
        s = self.tokens[k].sentence
        _, last = self.seg.sentence_tokens[s]
        head = [j for j in range(k, min(last, k + 3)) if self.tokens[j].is_word]
        if not head or self.cues.sources.keys().isdisjoint(self.tokens[head[0]].forms):
            return []
        return [j for j in range(k, last) if not self.inside_direct(self.tokens[j].start)
                and not self._in_spans(self.tokens[j].start, spans)]

    # -- helpers ----------------------------------------------------------------------------

    def root(self, entity_id: str | None) -> str | None:
        return resolve_entity(entity_id, self.by_id) if entity_id else None

    def covers_speaker(self, a: int, b: int, speaker: str | None) -> bool:
        """Characters ``a``..``b`` overlap a mention of the speaker."""
        if speaker is None:
            return False
        return any(e.start < b and a < e.end for e in self.speaker_mentions(speaker))

    def speaker_mentions(self, speaker: str) -> list[Entity]:
        """The entity and every mention whose ``refers_to`` chain ends at it (indexed once)."""
        if self._by_root is None:
            self._by_root = {}
            for e in self.by_id.values():
                self._by_root.setdefault(self.root(e.id) or e.id, []).append(e)
        return self._by_root.get(speaker, [])

    def entity_at(self, k: int) -> Entity | None:
        """The entity token ``k`` starts or lies in."""
        ent = self.ent_at_token.get(k)
        if ent is not None or k not in self.in_entity:
            return ent
        j = k
        while j > 0 and j not in self.ent_at_token:
            j -= 1
        ent = self.ent_at_token.get(j)
        return ent if ent is not None and self.ent_token_end[ent.id] > k else None

    def role_entity(self, a: int, b: int, basis: str, kind: str = "ORG") -> Entity:
        """The entity for characters ``a``..``b``: a recognised one starting there, else one
        added for the phrase."""
        k = self.token_at.get(a)
        ent = self.entity_at(k) if k is not None else None
        if ent is not None and ent.start < b and a < ent.end and not (ent.start < a and b <= ent.end and ent.type == "PER"):
            return ent  # (not the title entity a body is named inside)
        key = (a, b, basis)
        if key not in self.role_mentions:
            ent = Entity(id=f"q{len(self.mentions) + 1}", type=kind, text=self.text[a:b], start=a, end=b, basis=basis)
            self.mentions.append(ent)
            self.by_id[ent.id] = ent
            self.role_mentions[key] = ent
        return self.role_mentions[key]

    def word_start(self, k: int, words: frozenset[str]) -> int:
        """Where the form of token ``k`` that is one of ``words`` starts in the text: after a
        glued prefix ("لصحيفة" -> "صحيفة")."""
        tok = self.tokens[k]
        form = max((f for f in tok.forms if f in words and tok.norm.endswith(f)), key=len, default=tok.norm)
        skip = len(tok.norm) - len(form)
        a = tok.start
        while skip > 0 and a < tok.end:
            if self.text[a] not in self.deleted:
                skip -= 1
            a += 1
        while a < tok.end and self.text[a] in self.deleted:
            a += 1
        return a

    def is_outlet(self, ent: Entity) -> bool:
        return ent.actor is not None and ent.actor.role in self.cues.medium_roles

    def with_modifiers(self, k: int, limit: int) -> int:
        """One past token ``k`` and the adjectives with the article after it ("الصوتي",
        "الالكتروني", "الإخبارية"), at most two."""
        end = k + 1
        while end < limit and end - k <= 2 and self.tokens[end].sentence == self.tokens[k].sentence \
                and self.orth.has_article(self.tokens[end].norm) and self.tokens[end].norm.endswith(self.cues.modifier_endings) \
                and end not in self.ent_at_token:
            end += 1
        return end

    def bracketed(self, k: int) -> tuple[int, int] | None:
        """Characters of a short name in brackets that token ``k`` opens ("(عكاظ)"), or None."""
        closing = dict(self.cues.name_brackets).get(self.tokens[k].norm)
        if closing is None:
            return None
        for j in range(k + 1, min(len(self.tokens), k + 5)):
            if self.tokens[j].norm == closing:
                return (self.tokens[k].start, self.tokens[j].end) if j > k + 1 else None
            if self.tokens[j].sentence != self.tokens[k].sentence:
                return None
        return None

    def name_after(self, k: int) -> tuple[int, int] | None:
        """Characters of the quoted or bracketed name or the entity right after token ``k`` (marks
        kept)."""
        if k + 1 >= len(self.tokens) or self.tokens[k + 1].sentence != self.tokens[k].sentence:
            return None
        nxt = self.tokens[k + 1]
        n = self.name_spans.first(nxt.start)
        if n is not None:
            return self.names[n]
        bracketed = self.bracketed(k + 1)
        if bracketed is not None:
            return bracketed  # "قناة (التلفزيون العربي)": the name in brackets, not a speaker's body
        ent = self.ent_at_token.get(k + 1)
        return (ent.start, ent.end) if ent is not None else None

    def phrase_after(self, k: int, limit: int) -> tuple[int, int] | None:
        """Characters of the name or noun phrase that follows token ``k``: an entity, a quoted
        name, else words up to a particle, a cue or a punctuation mark (at most four)."""
        span = self.name_after(k)
        if span is not None:
            return span
        j = k + 1
        end = j
        while end < limit and end - j < 4 and self.tokens[end].is_word and self.tokens[end].sentence == self.tokens[k].sentence \
                and not self.is_complementizer(self.tokens[end]) and self.tokens[end].norm not in self.cues.function_words \
                and self.cue_of(self.tokens[end]) is None and not (end > j and self.tokens[end].norm in self.cues.subject_blockers):
            end += 1
        if end == j or self.tokens[j].norm in self.cues.subject_blockers:
            return None
        return self.tokens[j].start, self.tokens[end - 1].end

    # -- the roles --------------------------------------------------------------------------

    def medium_of(self, frame: Sequence[int], cue_i: int | None, speaker: str | None) -> Entity | None:
        """The best medium candidate of the clause (see the module docstring), nearest the cue."""
        best: tuple[int, int, int, int] | None = None  # (rank, distance, start, end)
        limit = (frame[-1] + 1) if frame else 0
        inside = set(frame)
        for k in frame:
            found = self._medium_at(k, limit, inside, cue_i)
            if found is None:
                continue
            rank, a, b = found
            if self.covers_speaker(a, b, speaker):
                continue
            dist = abs(k - cue_i) if cue_i is not None else 0
            if best is None or (rank, dist) < best[:2]:
                best = (rank, dist, a, b)
        if best is None:
            return None
        return self.role_entity(best[2], best[3], "medium")

    def _medium_at(self, k: int, limit: int, inside: set[int], cue_i: int | None) -> tuple[int, int, int] | None:
        """``(rank, start, end)`` of a medium that token ``k`` opens, or None."""
        tok = self.tokens[k]
        ent = self.ent_at_token.get(k)
        if ent is not None and self.is_outlet(ent):
            return 0, ent.start, ent.end
        if not tok.is_word and tok.start in self.name_spans:
            n = self.name_spans.first(tok.start)
            open_, close = self.names[n]
            if open_ == tok.start:
                before = k - 1  # the token before the mark ("لـ«": the tatweel belongs to no token)
                if before in inside and (before == cue_i or
                        self.tokens[before].norm in self.cues.addressee_prefixes
                        or self.tokens[before].norm in self.cues.medium_prepositions
                        or self.tokens[before].norm.startswith(self.cues.addressee_prefixes) and not self.tokens[before].is_word):
                    return 0, open_, close  # "لـ«عكاظ»", "في تصريح إلى \"الوطن\"", "وأبلغ \"الوطن\""
        if (tok.norm in self.cues.addressee_prefixes or tok.norm in self.cues.medium_prepositions) and k + 1 in inside:
            span = self.bracketed(k + 1)
            if span is not None:
                return 0, span[0], span[1]  # "أكد لـ(عكاظ)"
        if tok.is_word and not self.cues.media_nouns.isdisjoint(tok.forms) and self.medium_noun(k):
            a = self.word_start(k, self.cues.media_nouns)
            name = self.name_after(k)
            if name is not None:
                return 1, a, name[1]  # "لصحيفة ميليت", "قناة (التلفزيون العربي)"
            return 1, a, self.tokens[self.with_modifiers(k, limit) - 1].end
        n = match_phrase(self.tokens, k, limit, self.cues.platform_words)
        if n:
            return 1, tok.start, self.tokens[k + n - 1].end
        n = match_phrase(self.tokens, k, limit, self.cues.channel_words)
        if n:
            return 2, tok.start, self.tokens[self.with_modifiers(k + n - 1, limit) - 1].end
        return None

    def addressee_of(self, frame: Sequence[int], cue_i: int | None, speaker: str | None,
                     medium: Entity | None) -> Entity | None:
        """Who the words were said to: after an addressing word or phrase, else a name glued to
        a ``لـ`` after the cue that is no medium."""
        if not frame:
            return None
        limit = self.seg.sentence_tokens[self.tokens[frame[0]].sentence][1]
        for k in frame:
            tok = self.tokens[k]
            n = 1 if tok.norm in self.cues.addressee_words else match_phrase(self.tokens, k, limit, self.cues.addressee_phrases)
            if not n or self.text[tok.start:tok.end].lstrip(self.cues.conjunction_letters) in self.cues.addressee_false_friends:
                continue  # "إمام وخطيب المسجد الحرام": the imam, not "أمام" (before)
            j = k + n - 1
            while (skip := skippable(self.tokens, j + 1, limit, self.cues)) and not self.cues.addressee_links.intersection(
                    t.norm for t in self.tokens[j + 1:j + 1 + skip]):
                j += skip  # "في لقائه أمس مع …"
            if j + 1 < limit and self.tokens[j + 1].norm in self.cues.addressee_links:
                j += 1
            if self._glued_content(j + 1, limit):
                continue  # "مطالبا بضرورة …", "داعيا للنهوض …": what was asked for, not of whom
            span = self.phrase_after(j, limit)
            if span is not None and not self.covers_speaker(*span, speaker) and not self._is(medium, span):
                return self.role_entity(*span, "addressee", "PER")
        if cue_i is not None and (found := self.cue_object(cue_i, limit, speaker, medium)) is not None:
            return found
        for k in frame:
            if cue_i is None or k <= cue_i:
                continue
            ent = self.ent_at_token.get(k)
            if ent is None or self.is_outlet(ent) or self._is(medium, (ent.start, ent.end)) \
                    or self.root(ent.id) == speaker or not self.speaker_ok(ent):
                continue
            if self.addressee(ent) and not (k > 0 and self.medium_noun(k - 1)) and not self._after_title(k):
                return ent
        for k in frame:
            if cue_i is not None and k > cue_i and k not in self.in_entity and self._hearer_glued(k):
                end = self.with_modifiers(k, limit)  # "قائلا في تصريحات للصحفيين", "للشعب المصري"
                return self.role_entity(self.word_start(k, self.cues.hearer_nouns), self.tokens[end - 1].end,
                                        "addressee", "PER")
        return None

    def _hearer_glued(self, k: int) -> bool:
        """Token ``k`` is a hearer noun glued to لـ with the article ("للصحفيين", "للشعب")."""
        tok = self.tokens[k]
        return tok.norm.lstrip(self.cues.conjunction_letters).startswith(self.short_articles) \
            and any(self.head_of(f) in self.cues.hearer_nouns for f in tok.forms)

    def _glued_content(self, j: int, limit: int) -> bool:
        """Token ``j`` is a noun glued to a preposition (بضرورة، للنهوض) that names no one."""
        if j >= limit or j in self.in_entity:
            return False
        tok = self.tokens[j]
        return tok.norm[:1] in self.cues.speaker_for_prefixes and tok.norm[1:] in tok.forms and not self.speaker_like(tok)

    def cue_object(self, cue_i: int, limit: int, speaker: str | None, medium: Entity | None) -> Entity | None:
        """The object of a cue that names who is spoken to ("أبلغ المبعوث أن", "ودعا سمو
        الأمير المولى أن", "مطالبا دول الخليج بـ", "وأهابت الوزارة بالمواطنين"): the first
        phrase after the cue that is not its speaker, before what was said."""
        cue = self.cue_of(self.tokens[cue_i])
        if cue is None or cue.id not in self.cues.addressee_cues:
            return None
        j = cue_i + 1
        for m in self.speaker_mentions(speaker) if speaker else ():
            k = self.token_at.get(m.start)
            if k is not None and cue_i < k < limit and self.tokens[k].sentence == self.tokens[cue_i].sentence:
                j = max(j, self.ent_token_end.get(m.id, k + 1))  # "ودعا سمو الأمير سعود المولى أن": after the subject
        while j < min(limit, max(j, cue_i) + self.cues.max_distance):
            tok = self.tokens[j]
            if self.is_complementizer(tok) or self.speech_colon(j) or tok.start in self.direct_opens \
                    or tok.norm in cue.content_particles or tok.norm in self.cues.subject_blockers \
                    or (tok.norm[:1] in cue.content_particles and tok.norm[1:] in tok.forms):
                return None  # "طالب بضرورة", "دعا لاستمرار": what was said, not to whom
            if not tok.is_word or tok.norm in self.cues.honorifics or tok.norm in self.cues.pronoun_subjects \
                    or self.covers_speaker(tok.start, tok.end, speaker) or self._is(medium, (tok.start, tok.end)) \
                    or tok.norm in self.cues.function_words:
                j += 1
                continue
            ent = self.entity_at(j)
            if ent is not None:
                return ent if self.speaker_ok(ent) else None
            span = self.phrase_after(j - 1, limit)
            if span is None or not (self.speaker_like(tok) or any(self.head_of(f) in self.cues.hearer_nouns for f in tok.forms)):
                return None  # "أكد استمرار الدعم": a noun object is what was said
            a = span[0]
            if tok.norm[:1] in self.cues.speaker_for_prefixes and tok.norm[1:] in tok.forms:
                a = self.word_start(j, frozenset({tok.norm[1:]}))  # "بالمواطنين": the glued preposition is not the addressee
            return self.role_entity(a, span[1], "addressee", "PER")
        return None

    @staticmethod
    def _is(ent: Entity | None, span: tuple[int, int]) -> bool:
        return ent is not None and ent.start < span[1] and span[0] < ent.end

    def _after_title(self, k: int) -> bool:
        """Token ``k`` follows a title or a body ("رئيس الهيئة العامة للسياحة"): it names whose
        title it is, not who is spoken to."""
        return k > 0 and self.tokens[k - 1].is_word and ((k - 1) in self.in_entity or self.speaker_like(self.tokens[k - 1])
                                                          or self.orth.has_article(self.tokens[k - 1].norm))

    def relayer_of(self, frame: Sequence[int], cue_i: int | None, speaker: str | None) -> tuple[Entity | None, bool]:
        """Who relays the words, and whether that is an outlet (then it is the medium)."""
        if cue_i is None:
            return None, False
        cue = self.cue_of(self.tokens[cue_i])
        particles = cue.relay_particles if cue is not None else frozenset()
        for k in frame:
            if k <= cue_i:
                continue
            tok = self.tokens[k]
            if tok.norm in particles or tok.norm in self.cues.relay_words:
                return self._subject_between(cue_i + 1, k, speaker)
        relayer = self.relayers.get(cue_i)
        if relayer is not None and relayer != speaker and relayer in self.by_id:
            return self.by_id[relayer], False
        return None, False

    def _subject_between(self, a: int, b: int, speaker: str | None) -> tuple[Entity | None, bool]:
        """The subject named in tokens ``a``..``b - 1``: an entity, else a phrase that can name
        a speaker ("محامي نادي الأسير")."""
        for k in range(a, b):
            ent = self.ent_at_token.get(k)
            if ent is not None and self.root(ent.id) != speaker and (self.speaker_ok(ent) or self.is_outlet(ent)):
                outlet = self.is_outlet(ent) or (k > 0 and not self.cues.media_nouns.isdisjoint(self.tokens[k - 1].forms))
                return ent, outlet
        for k in range(a, b):
            tok = self.tokens[k]
            if not tok.is_word or skippable_word(self, k):
                continue
            if not self.cues.media_nouns.isdisjoint(tok.forms):
                end = self.with_modifiers(k, b)
                return self.role_entity(self.word_start(k, self.cues.media_nouns), self.tokens[end - 1].end, "medium"), True
            if self.can_name(k):
                end = min(self.phrase_end(k, self.tokens[b - 1].end), b)
                if not self.covers_speaker(tok.start, self.tokens[end - 1].end, speaker):
                    return self.role_entity(tok.start, self.tokens[end - 1].end, "relayed_by", "PER"), False
            return None, False
        return None, False

    def speaker_for_of(self, frame: Sequence[int], speaker: str | None, taken: Sequence[Entity] = ()) -> Entity | None:
        """The body a titled speaker speaks for: a body after a title next to the speaker's
        name ("المتحدث باسم وزارة الصحة حسام عبد الغفار", "أحمد فوزي المتحدث باسم الأمم
        المتحدة", "المدير التنفيذي لشركة مترو جدة الدكتور …"), or the speaker itself when it is
        a body after a title ("قال متحدث باسم الأمم المتحدة")."""
        spk = self.by_id.get(speaker or "")
        if spk is None:
            return None
        inside = set(frame)
        mentions = [m for m in self.speaker_mentions(spk.id) if self.token_at.get(m.start) in inside]
        if spk.type != "PER":
            k = next((self.token_at.get(m.start) for m in mentions), None)
            return spk if k is not None and self._titled(k) else None
        for m in mentions:
            body = self._body_in_title(m)
            if body is not None:
                return body  # "المتحدث باسم السفارة" as the speaker
        for m in mentions:
            mk = self.token_at.get(m.start)
            m_end = self.ent_token_end.get(m.id, (mk or 0) + 1)
            if mk is None:
                continue
            window = [k for k in range(max(0, mk - self.cues.speaker_phrase_words - 2), mk)] + \
                     [k for k in range(m_end, m_end + self.cues.speaker_phrase_words + 2)]
            for k in window:
                if k not in inside or any(e.start <= self.tokens[k].start < e.end for e in taken):
                    continue  # "ونقل محامي نادي الأسير عن سعدات": the relayer's body, not the speaker's
                body = self._unit_after_link(k)
                if body is not None:
                    return body
                body = self._body_at(k, spk)
                if body is not None and self._titled(k):
                    return body
                title = self.ent_at_token.get(k)
                if title is not None and title.type == "PER" and title.id != m.id and self.root(title.id) != spk.id \
                        and (body := self._body_in_title(title)) is not None:
                    return body  # "أحمد فوزي المتحدث باسم الأمم المتحدة": a title entity beside the name
        return None

    def _unit_after_link(self, k: int) -> Entity | None:
        """The unit that token ``k`` opens after a link word and that an affiliation word closes
        ("الناطق باسم اللواء الأول مشاة التابع للجيش الليبي" -> "اللواء الأول مشاة"): the body
        spoken for, though no entity and no body noun names it; or None."""
        if k == 0 or k in self.in_entity or not self.tokens[k].is_word or self.tokens[k - 1].norm not in self.cues.speaker_for_links:
            return None
        for end in range(k + 1, min(len(self.tokens), k + self.cues.speaker_phrase_words)):
            tok = self.tokens[end]
            if tok.norm in self.cues.affiliation_words:
                return self.role_entity(self.tokens[k].start, self.tokens[end - 1].end, "speaker_for")
            if not tok.is_word or tok.sentence != self.tokens[k].sentence or end in self.in_entity:
                return None
        return None

    def _body_in_title(self, title: Entity) -> Entity | None:
        """The body named inside a title entity after a link word ("المتحدث باسم الأمم المتحدة"
        -> "الأمم المتحدة"), or None."""
        k = self.token_at.get(title.start)
        end = self.ent_token_end.get(title.id)
        if k is None or end is None:
            return None
        for j in range(k + 1, end - 1):
            if self.tokens[j].norm in self.cues.speaker_for_links and self.speaker_like(self.tokens[k]) \
                    and self.tokens[k].norm not in self.cues.excluded_titles:
                return self.role_entity(self.tokens[j + 1].start, title.end, "speaker_for")
        return None

    def _body_at(self, k: int, spk: Entity) -> Entity | None:
        """The body that token ``k`` opens: an organisation entity, else a phrase headed by a
        body noun ("لشركة مترو جدة" -> "شركة مترو جدة", "في السفارة" -> "السفارة")."""
        ent = self.ent_at_token.get(k)
        if ent is not None:
            return ent if ent.type == "ORG" and not self.is_outlet(ent) and ent.id != spk.id else None
        tok = self.tokens[k]
        if not tok.is_word or k in self.in_entity:
            return None
        heads = {self.head_of(f) for f in tok.forms}
        if heads.isdisjoint(self.cues.body_heads):
            return None
        end = k + 1
        while end < len(self.tokens) and end - k < 4 and self.tokens[end].is_word \
                and self.tokens[end].sentence == tok.sentence and not self.is_complementizer(self.tokens[end]) \
                and self.tokens[end].norm not in self.cues.function_words and self.cue_of(self.tokens[end]) is None \
                and not self.speaker_like(self.tokens[end]) and self.tokens[end].norm not in self.cues.honorifics \
                and self.tokens[end].norm not in self.cues.subject_blockers \
                and not (end in self.ent_at_token and self.ent_at_token[end].type == "PER"):
            end = self.ent_token_end[self.ent_at_token[end].id] if end in self.ent_at_token else end + 1
        a = self.word_start(k, frozenset(f for f in tok.forms if self.head_of(f) in self.cues.body_heads))
        return self.role_entity(a, self.tokens[end - 1].end, "speaker_for")

    def _titled(self, k: int) -> bool:
        """Token ``k`` follows a title, directly, after a link word or with a glued prefix
        ("وكيل وزارة الصحة", "المتحدث باسم الأمم المتحدة", "المتحدث الرسمي لوزارة التعليم",
        "قيادي في «طالبان»"), the title's adjectives between them."""
        j = k - 1
        while j >= 0 and not self.tokens[j].is_word and self.tokens[j].start in self.name_spans:
            j -= 1  # the mark of a quoted body: "«طالبان»"
        if j >= 0 and (self.tokens[j].norm in self.cues.speaker_for_links or self.tokens[j].forms[0] in self.cues.speaker_for_links):
            j -= 1
        while j >= 0 and j > k - 4 and self.orth.has_article(self.tokens[j].norm) and self.tokens[j].norm.endswith(self.cues.modifier_endings):
            j -= 1  # "المتحدث الرسمي"
        for back in range(j, max(-1, j - 4), -1):  # "مدير العلاقات العامة والإعلام بصحة تبوك": the title's complement
            if back < 0 or not self.tokens[back].is_word or back in self.in_entity and back != j \
                    or self.tokens[back].norm in self.cues.function_words or self.cue_of(self.tokens[back]) is not None:
                return False
            if self._title_word(back):
                return True
            if back == j and self.glued_prefix(k) is None:
                return False  # only a glued body ("بصحة") takes a complement before it
        return False

    def glued_prefix(self, k: int) -> str | None:
        tok = self.tokens[k]
        return tok.norm[:1] if tok.norm[:1] in self.cues.speaker_for_prefixes and tok.norm[1:] in tok.forms else None

    def _title_word(self, j: int) -> bool:
        head = self.head_of(self.tokens[j].norm)
        if j in self.in_entity and head not in self.cues.speaker_heads:
            return False
        return (self.speaker_like(self.tokens[j]) or head in self.cues.representative_titles) \
            and head not in self.cues.body_heads and head not in self.cues.excluded_titles

    def relay_from(self, j: int, last: int, speaker: str) -> None:
        """The reported clause of ``speaker`` from token ``j`` holds only another speaker's
        words: the first cue there is relayed by ``speaker``."""
        k = next((k for k in range(j, last) if self.cue_of(self.tokens[k]) is not None), None)
        if k is not None:
            self.relayers.setdefault(k, speaker)

    # -- the pass over the quotes ----------------------------------------------------------

    def with_roles(self, quotes: Sequence[Quote]) -> tuple[Quote, ...]:
        """Every quote with its medium, relayed_by, addressee and speaker_for."""
        spans = sorted((q.start, q.end) for q in quotes)
        self.span_starts, self.span_ends = sorted(a for a, _ in spans), sorted(b for _, b in spans)
        out: list[Quote] = []
        last: dict[str, tuple[Quote, int | None]] = {}  # speaker -> its last quote and that quote's sentence
        for q in quotes:
            cue_i = self.quote_cue.get((q.start, q.end), self.cue_token(q))
            frame = self.clause(q, cue_i, spans)
            speaker = q.speaker
            medium = self.medium_of(frame, cue_i, speaker)
            relayer, outlet = self.relayer_of(frame, cue_i, speaker)
            if outlet:
                medium, relayer = medium or relayer, None
            addressee = self.addressee_of(frame, cue_i, speaker, medium)
            taken = [e for e in (medium, relayer, addressee) if e is not None]
            speaker_for = self.speaker_for_of(frame, speaker, taken)
            roles = {"medium": medium, "relayed_by": relayer, "addressee": addressee, "speaker_for": speaker_for}
            values = {f: (e.id if e is not None else None) for f, e in roles.items()}
            starts = {self.tokens[k].start for k in frame}
            named = speaker is not None and any(m.start in starts for m in self.speaker_mentions(speaker))
            prev = last.get(speaker or "")
            if speaker is not None and prev is not None:
                # the body a speaker speaks for holds for all its quotes; the clause's roles for
                # a subjectless continuation in the same sentence ("…، معتبرا أن")
                near = not named and self._near(prev[1], q.sentence)
                values = {f: values[f] or (getattr(prev[0], f) if near or f == "speaker_for" else None) for f in _ROLE_FIELDS}
            new = replace(q, **values)
            out.append(new)
            if speaker is not None:
                last[speaker] = (new, q.sentence)
        return tuple(out)

    def cue_token(self, q: Quote) -> int | None:
        """The token of a quote's cue in its sentence, for the quotes the walk did not record
        (source markers)."""
        if q.cue is None or q.sentence is None:
            return None
        first, last = self.seg.sentence_tokens[q.sentence]
        return next((k for k in range(first, last) if self.text[self.tokens[k].start:self.tokens[k].end] == q.cue), None)

    def _near(self, before: int | None, now: int | None) -> bool:
        return before is not None and now is not None and now == before


def skippable_word(roles: Roles, k: int) -> bool:
    tok = roles.tokens[k]
    return tok.norm in roles.cues.function_words or tok.norm in roles.cues.subject_blockers or roles.is_complementizer(tok)
