"""Where speech starts and ends: the scan from a cue over its subject to a complementizer, a
colon, a quotation mark or a noun object, and the end of a reported clause at the next cue that
opens speech of its own."""

from __future__ import annotations

from bisect import bisect_left

from ...model import Entity
from .cues import Cue
from .phrases import skippable
from .subjects import Subjects

__all__ = ["Reading"]


class Reading(Subjects):
    def scan_after(self, i: int, limit: int) -> tuple[Entity | None, int, str | None]:
        """From cue token ``i``: the subject entity, the token where speech starts and how
        (``comp`` after a complementizer, ``colon``, ``mark``, ``object``), within the sentence."""
        speaker: Entity | None = None
        cue = self.cue_of(self.tokens[i])
        j = i + 1
        steps = 0
        after_subject: int | None = None
        head_word = False  # an unnamed subject ("مصادر") came first: a nisba after it is its modifier
        anonymous = False  # that subject is an unnamed source (مصدر، مسؤول): a nisba gives its country
        titled = False  # that subject is a title (المتحدث، وكيل): a body in it is not the speaker when a name follows
        found_object = -1  # a noun object: speech unless a complementizer follows soon ("أكد على موقعه أن")
        reading_on = False  # past a named subject's circumstances ("قال X في لقائه أمس مع … إن")
        while j < limit and (steps <= self.cues.max_distance
                             or ((found_object != -1 or reading_on) and steps <= 3 * self.cues.max_distance)):
            if self.past_name(j) != j:
                j = self.past_name(j)
                steps += 1
                continue
            tok = self.tokens[j]
            if not tok.is_word and tok.start in self.name_spans:
                j += 1  # the marks around a quoted name that is an entity: "«النصرة»"
                continue
            if tok.start in self.direct_opens or tok.norm in {a for a, _ in self.cues.marks}:
                return speaker, j, "mark"
            if self.speech_colon(j):
                return speaker, j + 1, "colon"
            if self.is_complementizer(tok):
                return speaker, j + 1, "comp"
            if found_object != -1:
                if self.cue_of(tok) is not None or tok.norm in self.orth.sentence_marks or tok.norm in self.orth.semicolons:
                    break
                j += 1
                steps += 1
                continue
            if tok.norm in self.cues.relay_words:
                # "قالت وكالة X نقلا عن مصدر أمني إن": X relays, the source speaks
                speaker, after_subject, head_word, anonymous = None, None, False, False
                j += 2 if j + 1 < limit and self.tokens[j + 1].norm in self.cues.subject_blockers else 1
                steps += 1
                continue
            if cue is not None and tok.norm in cue.relay_particles:
                # "نقلت وكالة X عن Y قوله": X relays, Y speaks
                speaker, after_subject, head_word = None, None, False
                j += 1
                steps += 1
                continue
            ent = self.ent_at_token.get(j)
            if ent is not None:
                if speaker is None and cue is not None and cue.noun_content and (
                        self.content_starts(cue, i, j) if not head_word else self.tokens[j - 1].norm in cue.content_particles):
                    # "مشيرا إلى سورية على سبيل المثال", "أشار صالحي إلى حاجة إيران": content, not a speaker
                    found_object = j
                elif speaker is None and not self.addressee(ent) and (
                        (self.speaker_ok(ent) and not (head_word and ent.type == "MISC"))
                        or (anonymous and ent.actor is not None and self.tokens[j - 1].norm not in self.cues.subject_blockers)):
                    speaker = ent  # "مصدر عسكري فرنسي": an anonymous French source, France's actor
                    after_subject = self.ent_token_end[ent.id]
                    if titled:
                        steps = 0  # "قال المتحدث باسم … العميد X": the distance counts from the named speaker
                elif speaker is not None and (self.named_after_role(speaker, ent, j) or self.provisional(speaker, ent)
                                              or (titled and self.named_after_body(speaker, ent, j))):
                    speaker = ent  # "وقال الباحث الفلكي، بقسم …، ملهم هندي:": the name, not the title
                    after_subject = self.ent_token_end[ent.id]
                    steps = 0
                j = max(j + 1, self.ent_token_end[ent.id])
                steps += 1
                continue
            k = skippable(self.tokens, j, limit, self.cues)
            if k:
                j += k
                continue
            if self.cue_of(tok) is not None and j > i + 1:
                break
            if tok.norm in self.cues.addressee_prefixes:
                j += 1  # a lone "لـ" before the addressee ("لـ «عكاظ»")
                continue
            if speaker is None and cue is not None and cue.noun_content and tok.is_word and (
                    self.content_starts(cue, i, j) if not head_word else self.tokens[j - 1].norm in cue.content_particles):
                # "مشيرا إلى إعجابه", "ودعا لاستمرار الجهود", "مؤكدا شفاء 583 حالة"; after an
                # unnamed subject, what follows the cue's preposition ("أشار الوزير إلى حاجة …")
                found_object = j
                j += 1
                steps += 1
                continue
            if speaker is None and tok.is_word and tok.norm not in self.cues.function_words:
                if not head_word:
                    anonymous = not self.cues.anonymous_heads.isdisjoint(tok.forms)
                    titled = self.speaker_like(tok)
                head_word = True
            if not tok.is_word and tok.norm not in self.orth.commas:
                if tok.norm in self.orth.sentence_marks or tok.norm in self.orth.semicolons:
                    break
            if speaker is not None and after_subject is not None and j >= after_subject and tok.is_word:
                if not (self.orth.has_article(tok.norm) and tok.norm.endswith(self.cues.modifier_endings)):
                    if cue is not None and not (cue.claim or cue.noun_content):
                        reading_on = True  # "قال X يوم أمس إن", "قالت وزارة الأمن الداخلي إن": no object reading
                    elif cue is None or not cue.noun_content:
                        return speaker, j, "object"
                    else:
                        # "أعرب X عن قلقه": the content follows the cue's preposition
                        found_object = j + 1 if tok.norm in cue.content_particles and j + 1 < limit else j
            j += 1
            steps += 1
        if found_object != -1:
            return speaker, found_object, "object"
        return speaker, -1, None

    def content_starts(self, cue: Cue, i: int, j: int) -> bool:
        """Token ``j`` opens the noun content of cue ``i`` that has no named subject: right after
        a participle ("مؤكدا شفاء"), after one of the cue's prepositions ("أشار إلى إعجابه"), or
        glued to a one-letter one ("طالب بضرورة", "دعا لاستمرار")."""
        if j == i + 1 and (cue.subject_of_sentence or (self.conjoined(i) and self.current_sentence == self.tokens[i].sentence)):
            return True  # a participle, or a verb joined to the cue of this sentence's speaker ("،وأدان اغتيال")
        tok = self.tokens[j]
        if j == i + 1 and self.current is not None and (self.conjoined(i) or (i > 0 and self.tokens[i - 1].norm in self.orth.commas)) \
                and j not in self.in_entity and tok.start not in self.name_spans and not self.orth.has_article(tok.norm) \
                and not self.speaker_like(tok) and tok.norm not in self.cues.honorifics and tok.norm not in self.cues.pronoun_subjects:
            return True  # "وأكد ضرورة استمرار التوعية": an indefinite noun that names no speaker, after a continuation
        if j > i + 1 and self.tokens[j - 1].norm in cue.content_particles:
            return True
        return tok.norm[:1] in cue.content_particles and tok.norm[1:] in tok.forms and j == i + 1

    def speech_opens(self, cue: Cue, how: str | None) -> bool:
        """What :func:`scan_after` found after ``cue`` is speech: a complementizer or a colon, or
        an object for a cue whose object is what was said (أعلن سيطرتها، أكد استمرار الدعم)."""
        if how in ("comp", "colon"):
            return True
        return how == "object" and (cue.claim or cue.noun_content) and not cue.needs_complementizer

    def runs_on(self, last: int) -> int:
        """The end of reported speech that reaches the end of its sentence (token ``last``):
        it runs on over the next sentences of its paragraph that have no cue, no quotation mark
        and no name of their own ("وقال فوزي إن ولد الشيخ أحمد سيذهب … . وسيسافر بعد ذلك إلى
        نيويورك …"), at most ``runs_on_sentences`` of them."""
        end = last
        for _ in range(self.cues.runs_on_sentences):
            if end >= len(self.tokens):
                break
            s = self.tokens[end].sentence
            first, nxt = self.seg.sentence_tokens[s]
            if first != end or "\n" in self.text[self.tokens[end - 1].end:self.tokens[end].start] \
                    or any(p in self.text[self.tokens[end - 1].end:self.tokens[end].start] for p in self.cues.paragraph_breaks):
                break
            words = self.tokens[first:nxt]
            if any(self.cue_of(t) is not None or t.start in self.direct_opens or t.start in self.name_spans
                   or t.index in self.ent_at_token or t.norm in self.cues.background_words for t in words):
                break
            end = nxt
        return end

    def next_speech(self, j: int, last: int) -> int:
        """The first token after ``j`` (before ``last``) that starts new reported speech: a cue
        after a comma, joined by و/ف or a participle ("…، مشيرا إلى أن", "…،وأدان اغتيال"), whose
        own speech follows, or any cue (not in a relative clause) followed by a complementizer or
        a colon; else ``last``."""
        k = j
        while k + 1 < last:
            k += 1
            if self.tokens[k].start in self.direct_opens:
                # "أن عملية المفاوضات «تسير على طريقها الصحيح»": a reported clause that ends in
                # quoted words is one quote, when the marks close inside the sentence
                close = self.directs[self.direct_spans.first(self.tokens[k].start)][1]
                if self.cues.colons.intersection(self.text[self.tokens[k - 1].start:self.tokens[k].start]):
                    return k
                if close > self.tokens[last - 1].end:
                    # the quoted words run on past the sentence ("أن المبعوث “يشعر أن … . أبدت
                    # الرياض …”"): to the closing mark, when it closes in the paragraph
                    if "\n" in self.text[self.tokens[k].start:close]:
                        return k
                    return bisect_left(self.starts, close)
                while k + 1 < last and self.tokens[k + 1].start < close:
                    k += 1
                continue
            cue = self.cue_of(self.tokens[k])
            if cue is None:
                continue
            prev = self.tokens[k - 1].norm
            if prev in self.cues.relative_pronouns:
                continue  # "الأمر الذي يؤكد أن …": a relative clause inside what was said
            how = self.scan_after(k, last)[2]
            if cue.subject_of_sentence or self.conjoined(k) or prev in self.orth.commas:
                if how == "mark" or self.speech_opens(cue, how):
                    return k
            elif how in ("comp", "colon") or ((k - 1) in self.in_entity and self.speech_opens(cue, how)):
                # "… لكن منى قالت إن …": speech of its own inside the clause; its subject and
                # the particles before it are not what the first speaker said
                while k - 1 >= j and (k - 1) in self.in_entity:
                    k -= 1
                while k - 1 > j and (self.tokens[k - 1].norm in self.cues.function_words or not self.tokens[k - 1].is_word):
                    k -= 1
                return k  # j itself when the clause is only the inner speaker: "أن السيسي أكد …"
        return last
