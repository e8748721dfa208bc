"""One article's indexes for the quote rules (tokens, entities by token, quoted names and
stretches, sentences) and the predicates on single tokens and entities that every rule uses:
built once per article, so that no rule walks the whole document for each token or quote
(quadratic in article length). The rules live in ``subjects`` (who speaks), ``reading`` (where
speech starts and ends) and ``extract`` (the walk over cues and quoted stretches)."""

from __future__ import annotations

from bisect import bisect_left

from ...langdata.loader import LangData
from ...model import Entity
from ..normalize import deleted_characters
from ..segment import Segmentation, Token, char_to_token
from ..verbs import verb_ok
from .cues import NO_SUFFIX, Cue, quote_cues
from .marks import Intervals, last_non_space, quoted_spans
from .speakers import is_addressee

__all__ = ["Article"]


class Article:
    """The indexes of one article and the state of the walk over it (the current speaker, the
    cues used, the end of the last reported clause)."""

    def __init__(self, text: str, seg: Segmentation, entities: tuple[Entity, ...], *, lang: LangData) -> None:
        self.text = text
        self.seg = seg
        self.cues = quote_cues(lang)
        self.orth = self.cues.orth
        self.deleted = deleted_characters(lang)
        self.verbs = self.cues.verbs.keys()
        self.tokens = self.seg.tokens
        self.by_id = {e.id: e for e in entities}
        self.token_at = char_to_token(self.seg)
        self.ent_at_token: dict[int, Entity] = {}
        for ent in entities:
            i = self.token_at.get(ent.start)
            if i is not None and i not in self.ent_at_token:
                self.ent_at_token[i] = ent
        self.person_starts = sorted((e.start, e.id) for e in entities if e.type == "PER")
        self.in_entity: set[int] = set()
        for ent in entities:
            self.in_entity.update(self.token_at.covering(ent.start, ent.end))
        self.ent_token_end: dict[str, int] = {}
        for ent in entities:
            last = self.token_at.get(max(ent.start, ent.end - 1))
            self.ent_token_end[ent.id] = (last + 1) if last is not None else self.token_at.get(ent.start, 0) + 1

        self.directs: list[tuple[int, int, int, int]] = []
        self.names: list[tuple[int, int]] = []  # quoted names and titles: "في تصريحات لـ «عكاظ»", "\"يونيد\""
        self.starts = [t.start for t in self.tokens]
        self.ends = [t.end for t in self.tokens]
        for span in quoted_spans(self.text, self.cues.marks, breaks=self.cues.paragraph_breaks, colons="".join(self.cues.colons)):
            open_, close, a, b = span
            last = last_non_space(self.text, open_)  # the character before the mark
            words = sum(1 for t in self.tokens[bisect_left(self.starts, a):bisect_left(self.starts, b)] if t.is_word)
            prev_i = self.token_at.get(last)
            after_prefix = prev_i is not None and self.tokens[prev_i].norm in self.cues.addressee_prefixes
            # "بعنوان «الدمام.. المعاناة …»", "تحت شعار «…»": a title or a slogan, not a quote
            after_title = prev_i is not None and not self.cues.title_nouns.isdisjoint(self.tokens[prev_i].forms)
            if after_title or self.text[last:last + 1] not in self.cues.colons and (words < self.cues.min_direct_words or after_prefix):
                self.names.append((open_, close))  # close: one past the closing mark
            else:
                self.directs.append(span)
        # Every lookup below stays inside the sentence or uses these indexes: a lookup that walks
        # the whole document for each token or quote is quadratic in article length.
        self.name_spans = Intervals(self.names)
        self.direct_spans = Intervals([(o, c) for o, c, _, _ in self.directs])
        self.direct_opens = {o for o, _, _, _ in self.directs}
        self.sentence_spans = Intervals([(s.start, s.end) for s in self.seg.sentences])
        self.short_articles = tuple(short for short, _ in self.orth.article_rewrites
                                    if short[:1] in self.cues.addressee_prefixes)  # "لل": لـ + the article
        # unnamed speakers named by their phrase ("المصدر", "إدارة مرور الشرقية"): entities the
        # walk adds, and each head word's mentions by position for the definite anaphors
        self.mentions: list[Entity] = []
        self.heads: dict[str, list[tuple[int, str]]] = {}
        for ent in entities:
            k = self.token_at.get(ent.start)
            if k is None:
                continue
            self.add_head(self.tokens[k].norm, ent.start, ent.id)
            if k > 0 and self.tokens[k - 1].is_word and self.tokens[k - 1].sentence == self.tokens[k].sentence:
                self.add_head(self.tokens[k - 1].norm, ent.start, ent.id)  # "شركة الاتحاد": الاتحاد is a شركة
        # the state of the walk over the article
        self.current: str | None = None  # the current speaker
        self.current_sentence: int | None = None  # where the current speaker was last named
        self.used_cues: set[int] = set()
        self.absorbed: set[int] = set()  # quoted stretches inside a reported clause: part of its quote
        self.reported_until = -1  # the end of the last reported clause: a cue inside it is part of what was said

    def head_of(self, word: str) -> str:
        """A head noun without its conjunction and article: "والشركة" -> "شركة"."""
        if word[:1] in self.cues.conjunction_letters and self.orth.has_article(word[1:]):
            word = word[1:]
        return word[self.orth.article_length(word):]

    def add_head(self, word: str, pos: int, entity_id: str) -> None:
        head = self.head_of(word)
        if head and head not in self.cues.function_words:
            self.heads.setdefault(head, []).append((pos, entity_id))

    def past_name(self, j: int) -> int:
        """The first token after the quoted name token ``j`` stands in, or ``j`` itself (also
        when the name is a recognised entity: "تقول «النصرة» إن")."""
        n = self.name_spans.first(self.tokens[j].start)
        if n is None:
            return j
        c = self.names[n][1]
        k = j
        while k < len(self.tokens) and self.tokens[k].start < c:
            if k in self.ent_at_token:
                return j
            k += 1
        return k

    def speech_colon(self, j: int) -> bool:
        """A colon token that opens speech, not one inside a time or a score ("1:39")."""
        if self.tokens[j].norm not in self.cues.colons:
            return False
        return not (0 < j < len(self.tokens) - 1 and self.tokens[j - 1].is_number and self.tokens[j + 1].is_number
                    and self.tokens[j - 1].end == self.tokens[j].start and self.tokens[j].end == self.tokens[j + 1].start)

    def inside_direct(self, pos: int) -> bool:
        return pos in self.direct_spans

    def sentence_of(self, pos: int) -> int | None:
        return self.sentence_spans.first(pos)

    def speaker_ok(self, ent: Entity) -> bool:
        if ent.type == "PER" and self.names_place(ent):
            return False  # "بمطار الأمير محمد بن عبدالعزيز": the airport's name, no speaker
        # a nisba adjective ("اليمنية", MISC) modifies a speaker; it never is one, unless quoted
        # as a name ("وأشار \"هندي\" إلى": a surname)
        return ent.type in ("PER", "ORG") or (ent.actor is not None and ent.type != "MISC") \
            or (ent.type == "MISC" and self.name_spans.first(ent.start) is not None)

    def names_place(self, ent: Entity) -> bool:
        """The person names a place: a place noun, and honorifics, stand right before it
        ("بمطار الأمير محمد بن عبدالعزيز", "مستشفى الملك فهد")."""
        k = self.token_at.get(ent.start)
        if k is None:
            return False
        j = k - 1
        while j >= 0 and j > k - 4 and self.tokens[j].norm in self.cues.honorifics:
            j -= 1
        return j >= 0 and self.tokens[j].sentence == self.tokens[k].sentence \
            and any(self.head_of(f) in self.cues.place_name_heads for f in self.tokens[j].forms)

    def addressee(self, ent: Entity) -> bool:
        """Said to, or carried by, the entity: after a ``لـ`` ("لوكالة رويترز"), glued to one
        with the article ("للمؤسسة العامة"), or a medium's name after a medium noun governed by a
        preposition ("لصحيفة ميليت", "في مقابلة مع قناة …")."""
        if is_addressee(self.text, ent, self.tokens, self.token_at, self.cues.addressee_prefixes,
                        conjunctions=self.cues.conjunction_letters, deleted=self.deleted):
            return True
        i = self.token_at.get(ent.start)
        if i is None:
            return False
        tok = self.tokens[i]
        if tok.start == ent.start and tok.norm.lstrip(self.cues.conjunction_letters).startswith(self.short_articles):
            return True
        if any(t.norm in self.cues.addressee_words for t in self.tokens[max(0, i - 4):i] if t.sentence == tok.sentence):
            return True  # "وأضاف مخاطبا رئيس الوزراء أحمد داود أوغلو": spoken to
        return i > 0 and self.medium_noun(i - 1)

    def medium_noun(self, j: int) -> bool:
        """Token ``j`` is a medium noun (صحيفة، وكالة، قناة) after a preposition or with a glued
        ``لـ``/``بـ``: what follows is the medium, not the speaker."""
        tok = self.tokens[j]
        if self.cues.media_nouns.isdisjoint(tok.forms) or tok.norm in self.cues.media_nouns and not (
                j > 0 and (self.tokens[j - 1].norm in self.cues.subject_blockers or self.tokens[j - 1].norm in self.cues.addressee_prefixes
                           or self.tokens[j - 1].norm in self.cues.nominal_cue_blockers)):
            return False
        return True

    def cue_of(self, tok: Token) -> Cue | None:
        if self.verbs.isdisjoint(tok.forms) or tok.norm in self.cues.non_cue_words or tok.norm.startswith(self.cues.jussive_prefixes):
            return None  # "ردا على": no speech; "فليحذر الناس": a command
        for form in tok.forms:
            cue = self.cues.verbs.get(form)
            if cue is None or not verb_ok(tok.norm, form, self.cues.proclitics, NO_SUFFIX if cue.intransitive else self.cues.suffixes):
                continue
            prev = self.tokens[tok.index - 1].norm if tok.index > 0 else ""
            if tok.norm in self.cues.subject_blockers and tok.index > 0 and self.tokens[tok.index - 1].is_word \
                    and self.tokens[tok.index - 1].sentence == tok.sentence and prev not in self.cues.conjunctions \
                    and prev not in self.cues.function_words:
                return None  # "اشتباكات بين قوات الأمن": the preposition, not the verb بيّن
            if tok.norm in self.cues.background_words:
                nxt = self.tokens[tok.index + 1] if tok.index + 1 < len(self.tokens) else None
                if nxt is not None and (nxt.norm in self.cues.complementizers or nxt.forms[0] in self.cues.complementizers
                                        or nxt.norm in self.cues.content_firsts):
                    return None  # "يذكر أن …", "يشار إلى أن …": the writer's background
            if cue.nominal and prev in self.cues.nominal_cue_blockers:
                return None  # "قال X في تصريحات": a circumstance of قال
            if not cue.nominal and prev in self.cues.cue_blockers_before:
                return None  # "يكفي أن تقول": a subjunctive, not reported speech
            return cue
        return None

    def is_complementizer(self, tok: Token) -> bool:
        return tok.norm in self.cues.complementizers or tok.forms[0] in self.cues.complementizers

    def carries_object(self, tok: Token) -> bool:
        for form in tok.forms:
            if form in self.cues.verbs:
                k = tok.norm.find(form)
                return k != -1 and bool(tok.norm[k + len(form):])
        return False

    def conjoined(self, i: int) -> bool:
        """"ونفى X …، وقال": a cue joined by و/ف to an earlier one shares its subject."""
        n = self.tokens[i].norm
        return (n[:1] in self.cues.conjunctions and n[1:] in self.cues.verbs) or (i > 0 and self.tokens[i - 1].norm in self.cues.conjunctions)
