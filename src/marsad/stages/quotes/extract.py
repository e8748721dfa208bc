"""Quotes and their speakers.

Direct quotes are text between quotation marks (any style in the ``quote_cues`` table, broken
ones such as ``أن :" …"`` included) or after a cue and a colon; indirect speech follows a
reporting verb and a complementizer (``أن``, ``إن``, ``بأن``), or, for cues such as ``أعلن``,
the object after the subject ("أعلنت حركة طالبان سيطرتها …"); source markers (``بحسب``,
``وفقا لـ``) attribute the clause they close. The speaker is an entity id: the subject after the
cue, else one before it (``السفير … صرح``), else — for a subjectless continuation (``وأضاف``,
``مشيرا إلى أن``) — the current speaker. An entity after a ``لـ`` proclitic is the addressee.
All cue words are language data (``ar/quote_cues.json``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ...langdata.loader import LangData
from ...model import Entity, Quote
from ...settings import Settings
from ..normalize import NormalizedText
from ..segment import Segmentation
from .marks import last_non_space
from .phrases import skippable
from .roles import Roles
from .sources import source_marked
from .speakers import resolve_entity

__all__ = ["extract_quotes", "find_quotes", "QuoteFindings", "quotes_of", "speakers_of"]


def extract_quotes(
    text: str, norm: NormalizedText, seg: Segmentation, entities: tuple[Entity, ...], *,
    lang: LangData, settings: Settings,
) -> tuple[Quote, ...]:
    return find_quotes(text, norm, seg, entities, lang=lang, settings=settings).quotes


@dataclass(frozen=True, slots=True)
class QuoteFindings:
    """The quotes of an article and the unnamed speakers they are given to (entities with
    basis ``speaker``, ids ``q1``, ``q2`` …: "المصدر", "إدارة مرور الشرقية")."""

    quotes: tuple[Quote, ...]
    speakers: tuple[Entity, ...]
    #: entities added for the phrase of a quote's medium, addressee, relayer or speaker-for
    #: (basis ``medium``, ``addressee``, ``relayed_by``, ``speaker_for``)
    roles: tuple[Entity, ...] = ()


def find_quotes(
    text: str, norm: NormalizedText, seg: Segmentation, entities: tuple[Entity, ...], *,
    lang: LangData, settings: Settings,
) -> QuoteFindings:
    if "quote_cues" not in lang:
        return QuoteFindings((), ())
    walk = _Walk(text, seg, entities, lang=lang)
    quotes = walk.with_roles(walk.run())
    # only the unnamed speakers some quote is given to, and the role phrases some quote names
    roles = {getattr(q, f) for q in quotes for f in ("medium", "relayed_by", "addressee", "speaker_for")}
    named = {q.speaker for q in quotes} | roles  # a relayer can be an unnamed speaker of no quote of its own
    added = {m.id for m in walk.role_mentions.values()}
    return QuoteFindings(quotes,
                         tuple(m for m in walk.mentions if m.id not in added and resolve_entity(m.id, walk.by_id) in named),
                         tuple(m for m in walk.mentions if m.id in added and m.id in roles))


def quotes_of(findings: QuoteFindings, *, lang: LangData, settings: Settings) -> tuple[Quote, ...]:
    return findings.quotes


def speakers_of(findings: QuoteFindings, *, lang: LangData, settings: Settings) -> tuple[Entity, ...]:
    """The entities the quotes stage adds to the document: unnamed speakers and role phrases,
    in the order they were made."""
    return tuple(sorted((*findings.speakers, *findings.roles), key=lambda e: int(e.id[1:])))


class _Walk(Roles):
    """The walk over an article's cues and quoted stretches in text order."""

    def headline_statements(self) -> list[Quote]:
        """"الصليب الأحمر: الوضع في اليمن كارثي": a line that opens with a name and a speech
        colon is that speaker's statement (a headline), to the end of its sentence."""
        out: list[Quote] = []
        pos = 0
        for line in self.text.split("\n"):
            k = bisect_left(self.starts, pos)
            line_start = pos
            pos += len(line) + 1
            if k < len(self.tokens) and k not in self.ent_at_token:
                # "رابط الخبر بصحيفة الوئام: الصليب الأحمر: …": a label and a colon before the headline
                label = next((c for c in range(k, bisect_left(self.starts, pos)) if self.speech_colon(c)), None)
                if label is not None and label + 1 in self.ent_at_token and self.tokens[label].start > line_start:
                    k = label + 1
            ent = self.ent_at_token.get(k)
            if k >= len(self.tokens) or self.tokens[k].start >= pos or ent is None or not self.speaker_ok(ent):
                continue
            c = self.ent_token_end[ent.id]
            if c >= len(self.tokens) or self.tokens[c].start >= pos or not self.speech_colon(c) or self.inside_direct(self.tokens[c].start):
                continue
            _, s_last = self.seg.sentence_tokens[self.tokens[c].sentence]
            body = [t for t in self.tokens[c + 1:s_last] if t.start < pos and (t.is_word or t.is_number)]
            if sum(1 for t in body if t.is_word) < self.cues.min_direct_words or any(self.cue_of(t) for t in body[:1]):
                continue
            a, b = body[0].start, body[-1].end
            out.append(Quote(text=self.text[a:b], start=a, end=b, kind="direct",
                             speaker=resolve_entity(ent.id, self.by_id), cue=self.tokens[c].norm, sentence=self.tokens[c].sentence))
            self.quote_cue[(a, b)] = c
        return out

    def words_between(self, j: int, end: int) -> int:
        """The words of tokens ``j`` to ``end`` less the adverbials and fillers among them: the
        distance from a cue to its quotation mark ("قال في مقابلة مع قناة … يوم الخميس «…»")."""
        n = 0
        while j < end:
            k = skippable(self.tokens, j, end, self.cues)
            if k:
                j += k
                continue
            n += self.tokens[j].is_word
            j += 1
        return n

    def opens_own_speech(self, i: int) -> bool:
        """Cue token ``i`` opens speech of its own (a complementizer, a colon, a quotation mark or
        a spoken object follows its subject): after a closing mark it is the next statement's
        cue, not the closing cue of the quote before («…» وقال العطية إن بلاده ترفض …)."""
        cue = self.cue_of(self.tokens[i])
        how = self.scan_after(i, self.seg.sentence_tokens[self.tokens[i].sentence][1])[2]
        return cue is not None and (how == "mark" or self.speech_opens(cue, how))

    def run(self) -> tuple[Quote, ...]:
        found: list[Quote] = []
        # Items in text order: each direct span and each cue token outside direct spans.
        cue_tokens = [t.index for t in self.tokens if self.cue_of(t) is not None and not self.inside_direct(t.start)]
        cue_ends = [self.tokens[i].end for i in cue_tokens]
        items: list[tuple[int, str, int]] = [(c, "direct", k) for k, (c, _, _, _) in enumerate(self.directs)]
        items += [(self.tokens[i].start, "cue", i) for i in cue_tokens]
        items.sort()
        for _pos, kind, ref in items:
            if kind == "direct":
                open_, close, a, b = self.directs[ref]
                if open_ in self.absorbed:
                    continue  # the end of a reported clause: "أن المفاوضات «تسير على طريقها الصحيح»"
                s_idx = self.sentence_of(a) if self.sentence_of(a) is not None else self.sentence_of(open_)
                first = self.seg.sentence_tokens[s_idx][0] if s_idx is not None else 0
                cue_i: int | None = None
                last = last_non_space(self.text, open_)
                colon_before = self.text[last:last + 1] in self.cues.colons
                # the last unused cue ending before the mark, from the sentence's first token on
                # (less one): walked back from the mark, never from the end of the document
                before = bisect_right(self.ends, open_)  # tokens[:before] end at or before the mark
                for c in range(bisect_right(cue_ends, open_) - 1, -1, -1):
                    i = cue_tokens[c]
                    if i < first - 1:
                        break
                    if i not in self.used_cues:
                        # a colon marks speech: its cue may stand further back in the sentence
                        if colon_before or self.words_between(i + 1, before) <= self.cues.max_distance:
                            cue_i = i
                        break
                speaker: Entity | None = None
                cue_text: str | None = None
                if cue_i is not None:
                    self.used_cues.add(cue_i)
                    cue = self.cue_of(self.tokens[cue_i])
                    cue_text = self.text[self.tokens[cue_i].start:self.tokens[cue_i].end]
                    head_word = anonymous = titled = False
                    # a participle ("قائلا في تصريحات للصحفيين …:") has no subject after it
                    for j in range(cue_i + 1, len(self.tokens) if cue is None or not cue.subject_of_sentence else cue_i + 1):
                        if self.tokens[j].start >= open_:
                            break
                        ent = self.ent_at_token.get(j)
                        if speaker is not None:
                            if ent is not None and (self.named_after_role(speaker, ent, j) or self.provisional(speaker, ent)
                                                    or (titled and self.named_after_body(speaker, ent, j))):
                                speaker = ent  # "وقال الباحث الفلكي، …، ملهم هندي: «…»"
                                break
                            continue
                        if ent is not None and not self.addressee(ent) and (
                                (self.speaker_ok(ent) and not (head_word and ent.type == "MISC"))
                                or (anonymous and ent.actor is not None and self.tokens[j - 1].norm not in self.cues.subject_blockers)):
                            speaker = ent
                            continue
                        if ent is None and j not in self.in_entity and self.tokens[j].is_word \
                                and self.tokens[j].norm not in self.cues.function_words:
                            if not head_word:
                                anonymous = not self.cues.anonymous_heads.isdisjoint(self.tokens[j].forms)
                                titled = self.speaker_like(self.tokens[j])
                            head_word = True
                    c_first = self.seg.sentence_tokens[self.tokens[cue_i].sentence][0]
                    unnamed = self.unknown_subject_word(cue_i, open_) if speaker is None else None
                    if speaker is None and (referent := self.pronoun_referent(cue_i)) is not None:
                        speaker = referent  # "وقال سموه …: «…»"
                    elif unnamed is not None:
                        # "قال مسؤول: ...": someone not named, named by the phrase
                        speaker = self.mention(unnamed, self.phrase_end(unnamed, open_)) if self.can_name(unnamed) else None
                        if speaker is None:
                            self.current = None
                    elif speaker is None and (phrase := self.unnamed_phrase_before(cue_i, c_first)) is not None:
                        speaker = self.mention(*phrase)  # "لكن مصدرا قضائيا فرنسيا قال: «…»"
                    elif speaker is None and self.unnamed_before(cue_i, c_first):
                        first_word = self.phrase_start(cue_i - 1)  # "بعضهم يقول ..."
                        speaker = self.mention(first_word, cue_i) if self.can_name(first_word) else None
                        if speaker is None:
                            self.current = None
                    elif speaker is None and self.conjoined(cue_i) and self.current_sentence == self.tokens[cue_i].sentence:
                        pass  # "ونفى X …، وقال ...": the subject of the first cue
                    elif speaker is None and cue is not None and cue.subject_of_sentence:
                        speaker = self.sentence_subject(cue_i, c_first)  # "ويروي البيشان … قائلا:"
                    elif speaker is None and cue is not None and not cue.continuation:
                        speaker = self.speaker_before(cue_i, c_first)
                else:
                    # "..." قال X: a cue right after the closing mark
                    j = bisect_left(self.starts, close)  # the first token at or after it
                    if j < len(self.tokens):
                        tok = self.tokens[j]
                        if self.cue_of(tok) is not None and tok.start - close <= 3 and not self.opens_own_speech(j):
                            cue_i = j
                            self.used_cues.add(j)
                            cue_text = self.text[tok.start:tok.end]
                            nxt = self.ent_at_token.get(j + 1)
                            if nxt is not None and self.speaker_ok(nxt):
                                speaker = nxt
                if cue_i is None:
                    continue  # quotation marks without a cue: a title or a scare quote
                speaker_id = resolve_entity(speaker.id, self.by_id) if speaker else self.current
                if speaker is not None:
                    self.current, self.current_sentence = speaker_id, self.tokens[cue_i].sentence
                found.append(Quote(text=self.text[a:b], start=a, end=b, kind="direct", speaker=speaker_id,
                                   cue=cue_text, sentence=s_idx))
                self.quote_cue[(a, b)] = cue_i
                continue
            i = ref
            if i in self.used_cues or self.tokens[i].start < self.reported_until:
                continue  # "…، الأمر الذي يؤكد أن …" inside a reported clause is its content
            tok = self.tokens[i]
            cue = self.cue_of(tok)
            assert cue is not None
            s_first, s_last = self.seg.sentence_tokens[tok.sentence]
            speaker, start_j, how = self.scan_after(i, s_last)
            if how is None and cue.subject_of_sentence and not cue.noun_content:
                # "وأضاف دمرداش قائلا في تصريحات للصحفيين في مدينة فان …: إن …": a participle's
                # colon may stand far back, with no other cue before it
                k = i + 1
                while k < s_last and not self.speech_colon(k) and self.cue_of(self.tokens[k]) is None \
                        and self.tokens[k].start not in self.direct_opens:
                    k += 1
                if k < s_last and self.speech_colon(k):
                    start_j, how = k + 1, "colon"
            if how not in ("colon", "mark") and self.carries_object(tok):
                how = None  # "الهدنة التي أعلنتها الأمم المتحدة": the cue's object is a pronoun, no speech follows
            if not self.speech_opens(cue, how):
                if speaker is None and not cue.needs_complementizer and (phrase := self.unnamed_phrase_before(i, s_first)) is not None:
                    speaker = self.mention(*phrase)  # "هيئة الشباب والرياضة الكويتية عبرت عن صدمتها وقالت إن"
                if speaker is not None and not cue.needs_complementizer:
                    # "ونفى الفهد وجود …": no speech here, but the speaker is named (not after a cue
                    # that is one only before أن: "وبين الشيخ سلمان" is "and between")
                    self.current, self.current_sentence = resolve_entity(speaker.id, self.by_id), tok.sentence
                continue
            if speaker is None and not cue.continuation:
                speaker = self.adjacent_subject(i)  # "… أن منى العلي أكدت …": the name right before the cue
            stop = self.tokens[start_j - 1].start if start_j > 0 else tok.end
            # a participle ("واصفا إياه بأنه") has no subject after it
            unnamed = self.unknown_subject_word(i, stop) if speaker is None and not cue.subject_of_sentence else None
            if speaker is None and (referent := self.pronoun_referent(i)) is not None:
                speaker = referent  # "مؤكدا سموه أن …"
            elif unnamed is not None:
                speaker = self.mention(unnamed, self.phrase_end(unnamed, stop)) if self.can_name(unnamed) else None
                if speaker is None:
                    self.current = None  # "ذكر تقرير لمنظمة …": not named by a phrase
            elif speaker is None and (phrase := self.unnamed_phrase_before(i, s_first)) is not None:
                speaker = self.mention(*phrase)  # "وكانت شركة مترو جدة أوضحت أن"
            elif speaker is None and self.unnamed_before(i, s_first):
                first_word = self.phrase_start(i - 1)  # "لكن مصدرا قضائيا فرنسيا قال إن"
                speaker = self.mention(first_word, i) if self.can_name(first_word) else None
                if speaker is None:
                    self.current = None
            elif speaker is None and self.conjoined(i) and self.current_sentence == tok.sentence:
                pass
            elif speaker is None and cue.subject_of_sentence:
                speaker = self.sentence_subject(i, s_first)
            elif speaker is None and not cue.continuation:
                # not from inside what was reported before it ("… قوات التحالف …، وأوضح أن")
                speaker = self.speaker_before(i, max(s_first, bisect_left(self.starts, self.reported_until)))
            speaker_id = resolve_entity(speaker.id, self.by_id) if speaker else self.current
            if speaker is not None or how in ("comp", "colon"):
                self.current, self.current_sentence = speaker_id, tok.sentence
            # the speech runs to the end of the sentence or to the next quotation mark
            j = start_j
            while j < s_last and (not self.tokens[j].is_word and not self.tokens[j].is_number or self.is_complementizer(self.tokens[j])):
                if self.tokens[j].start in self.direct_opens:
                    break  # "قال عيدان: إن «…»": the quoted words are the quote, with this cue
                j += 1
            if j >= s_last or self.tokens[j].start in self.direct_opens:
                continue
            end_j = self.next_speech(j, s_last)
            if end_j <= j:
                if speaker_id is not None:
                    self.relay_from(end_j, s_last, speaker_id)
                continue  # "وأضاف المتحدث أن الرئيس أكد على …": only the relayed speaker's words follow
            if end_j == s_last and how in ("comp", "colon"):
                end_j = self.runs_on(s_last)  # "وقال فوزي إن … هادي. وسيسافر بعد ذلك إلى نيويورك …"
            # no trailing punctuation, nor the conjunction of the next cue written apart ("، و قال")
            while end_j > j and (not (self.tokens[end_j - 1].is_word or self.tokens[end_j - 1].is_number)
                                 or (end_j < s_last and self.tokens[end_j - 1].norm in self.cues.conjunctions)):
                end_j -= 1
            if how == "object" and sum(1 for t in self.tokens[j:end_j] if t.is_word) < self.cues.min_object_words:
                continue  # "كشف السبب": the statement is named, not given
            a, b = self.tokens[j].start, self.tokens[end_j - 1].end
            while b < len(self.text) and self.text[b] in self.deleted:
                b += 1  # "في 1433هـ": the tatweel after the last letter is part of the word
            first_tok = self.tokens[j]
            if how == "object" and first_tok.norm[:1] in cue.content_particles and first_tok.norm[1:] in first_tok.forms:
                a += 1  # "طالب بضرورة …", "مشيدا بالإعلام": the content starts after the glued preposition
                while a < b and self.text[a] in self.deleted:
                    a += 1
            kind = "direct" if how == "colon" else "indirect"
            found.append(Quote(text=self.text[a:b], start=a, end=b, kind=kind, speaker=speaker_id,
                               cue=self.text[tok.start:tok.end], sentence=tok.sentence))
            self.quote_cue[(a, b)] = i
            self.used_cues.update(range(i, max(i + 1, start_j)))
            self.reported_until = b
            self.absorbed.update(o for o, _, _, _ in self.directs[bisect_left(self.direct_spans.starts, a):bisect_left(self.direct_spans.starts, b)])
        found.extend(self.headline_statements())
        found.extend(source_marked(self.text, self.seg, self.cues, self.ent_at_token, self.ent_token_end, self.by_id, self.inside_direct, found))
        found.sort(key=lambda q: (q.start, q.end))
        return tuple(found)
