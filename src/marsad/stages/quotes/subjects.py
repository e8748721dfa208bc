"""Who speaks: the subject of a cue after it, before it, at the head of its sentence, an
unnamed one, a role phrase and the name it describes."""

from __future__ import annotations

from bisect import bisect_left

from ...model import Entity
from ..segment import Token
from .article import Article
from .phrases import skippable

__all__ = ["Subjects"]


class Subjects(Article):
    def provisional(self, first: Entity, ent: Entity) -> bool:
        """``first`` is the nisba of an unnamed source's phrase ("وزير الخارجية الروسي") and
        ``ent`` a name or body after it ("سيرغي لافروف"): the name speaks."""
        return first.type == "MISC" and ent.type in ("PER", "ORG") and self.speaker_ok(ent) and not self.addressee(ent)

    def named_after_body(self, first: Entity, ent: Entity, j: int) -> bool:
        """``first`` is the body in a title ("المتحدث باسم وزارة الصحة", "وكيل وزارة الصحة") and
        ``ent`` (at token ``j``) the person who holds it ("حسام عبد الغفار"): the person speaks,
        unless a preposition stands between them ("… في لقاء مع الرئيس")."""
        if first.type == "PER" or ent.type != "PER" or self.addressee(ent):
            return False
        return not any(t.norm in self.cues.subject_blockers or t.forms[0] in self.cues.subject_blockers
                       for t in self.tokens[self.ent_token_end[first.id]:j])

    def named_after_role(self, first: Entity, ent: Entity, j: int) -> bool:
        """``ent`` (at token ``j``) names the person that ``first``, a role phrase with the
        article (الباحث الفلكي، المتحدث الرسمي), describes: a person name after a comma, not
        after a preposition nor said to."""
        if first.type != "PER" or ent.type not in ("PER", "MISC") or self.addressee(ent):
            return False
        if ent.type == "MISC" and self.speaker_ok(ent):
            return True  # a quoted name after the title: "وقال الباحث الفلكي \"هندي\":"
        if ent.type == "MISC" and not (j > 0 and self.tokens[j - 1].is_word and (j - 1) not in self.in_entity
                                       and not self.orth.has_article(self.tokens[j - 1].norm)
                                       and self.tokens[j - 1].norm not in self.cues.function_words):
            return False  # a nisba read as a surname only after a given name ("ملهم بن محمد هندي")
        k = self.token_at.get(first.start)
        if k is None or not self.orth.has_article(self.tokens[k].norm.lstrip(self.cues.conjunction_letters)):
            return False
        if self.orth.has_article(self.tokens[j].norm) or self.tokens[j - 1].norm in self.cues.subject_blockers:
            return False
        return any(t.norm in self.orth.commas for t in self.tokens[self.ent_token_end[first.id]:j])

    def unknown_subject(self, i: int, stop: int) -> bool:
        """Words between the cue and ``stop`` that are no entity, adverbial, filler or
        complementizer: a subject we cannot resolve ("قال مسؤول أمني إن")."""
        return self.unknown_subject_word(i, stop) is not None

    def unknown_subject_word(self, i: int, stop: int) -> int | None:
        """The token where :meth:`unknown_subject` finds its subject, or None."""
        cue = self.cue_of(self.tokens[i])
        particles = cue.content_particles if cue is not None else frozenset()
        in_phrase = False  # inside a prepositional phrase
        after_to = False  # right after a lone "لـ": a quoted name is the medium
        j = i + 1
        while j < len(self.tokens) and self.tokens[j].start < stop:
            if self.tokens[j].norm in particles or (self.tokens[j].norm[:1] in particles and self.tokens[j].norm[1:] in self.tokens[j].forms):
                return None  # "وشدد على ضرورة أن …": after the cue's preposition comes what was said
            if self.past_name(j) != j:
                if not after_to and not in_phrase:
                    # "وقال \"الشقيق\":": a quoted word that is no entity is the subject
                    k = j
                    while k < self.past_name(j) and not self.tokens[k].is_word:
                        k += 1
                    if k < self.past_name(j):
                        return k
                j = self.past_name(j)
                continue
            tok = self.tokens[j]
            after_to = False
            if tok.norm in self.cues.relay_words:
                in_phrase = False  # "… نقلا عن مصدر أمني": the relayed source is the subject
                j += 2 if j + 1 < len(self.tokens) and self.tokens[j + 1].norm in self.cues.subject_blockers else 1
                continue
            if tok.norm in self.cues.pronoun_subjects:
                return None  # "وقال سموه": the current speaker
            if tok.norm in self.cues.honorifics:
                k = j
                while k < len(self.tokens) and self.tokens[k].norm in self.cues.honorifics and k not in self.ent_at_token:
                    k += 1
                named = self.ent_at_token.get(k)
                if named is not None and named.type == "PER":
                    j = k  # "ودعا سمو الأمير سعود بن نايف": the titles of the name after them
                    continue
            if tok.norm in self.cues.addressee_words:
                return None  # "وأضاف مخاطبا رئيس الحكومة …": who is spoken to, not a subject
            if tok.norm in self.cues.addressee_prefixes:
                after_to = True
                j += 1  # a lone "لـ" before a quoted medium: "وقال لـ\"الاقتصادية\" مصدر خليجي"
                continue
            if tok.norm in self.cues.subject_blockers:
                in_phrase = True  # "وأكدت في الوقت نفسه أن": a circumstance, not a subject
                j += 1
                continue
            if tok.norm in self.orth.commas:
                in_phrase = False
            elif in_phrase and tok.is_word and self.cues.anonymous_heads.isdisjoint(tok.forms):
                j += 1  # (but "قال في تصريح صحفي مصدر مسؤول": an unnamed source after it)
                continue
            if j in self.ent_at_token:
                if j == i + 1 and not self.speaker_ok(self.ent_at_token[j]):
                    return j  # "يقول كوان" with كوان read as a place: a subject we cannot resolve
                j = max(j + 1, self.ent_token_end[self.ent_at_token[j].id])
                continue
            k = skippable(self.tokens, j, len(self.tokens), self.cues)
            if k:
                j += k
                continue
            if tok.is_word and tok.norm not in self.cues.complementizers and tok.forms[0] not in self.cues.complementizers \
                    and j not in self.in_entity:
                return j
            j += 1
        return None

    def phrase_end(self, j: int, stop: int) -> int:
        """One past the last token of the unnamed subject phrase that starts at token ``j``
        ("مصدر خليجي", "المدير التنفيذي لشركة مترو جدة"): its words up to a punctuation mark,
        a complementizer, a particle, an adverbial or a cue, at most ``speaker_phrase_words``."""
        k = j + 1
        s = self.tokens[j].sentence
        while k < len(self.tokens) and k - j < self.cues.speaker_phrase_words and self.tokens[k].start < stop:
            tok = self.tokens[k]
            if (tok.sentence != s or not tok.is_word or self.is_complementizer(tok) or tok.norm in self.cues.function_words
                    or tok.forms[0] in self.cues.function_words or self.cue_of(tok) is not None
                    or tok.norm in self.cues.addressee_words or skippable(self.tokens, k, len(self.tokens), self.cues)
                    or self.inside_direct(tok.start)):
                break
            k += 1
        return k

    def phrase_start(self, j: int) -> int:
        """The first token of the unnamed subject phrase that ends at token ``j`` (before its
        cue: "لكن مصدرا قضائيا فرنسيا قال")."""
        k = j
        s = self.tokens[j].sentence
        while k > 0 and j - k + 1 < self.cues.speaker_phrase_words:
            tok = self.tokens[k - 1]
            if (tok.sentence != s or not tok.is_word or self.is_complementizer(tok) or tok.norm in self.cues.function_words
                    or tok.forms[0] in self.cues.function_words or self.cue_of(tok) is not None
                    or tok.norm in self.cues.conjunctions or self.inside_direct(tok.start)):
                break
            k -= 1
        return k

    def speaker_like(self, tok: Token) -> bool:
        """A word that can head an unnamed speaker's phrase: a source, title, kin or body noun
        (``speaker_heads`` and the others), or a human plural (المعتصمون، مشرعون)."""
        heads = self.cues.speaker_heads
        if not heads.isdisjoint(tok.forms) or (tok.norm.endswith("ا") and tok.norm[:-1] in heads):
            return True  # "مصدرا قضائيا": the accusative
        return len(tok.norm) > 4 and tok.norm.endswith(self.cues.human_plural_endings)

    def can_name(self, j: int) -> bool:
        """Token ``j`` can open an unnamed speaker's phrase: a quoted word ("وقال \"الشقيق\":")
        or a word that can head one, not glued to a preposition with the article ("تقرير
        للتنمية الصناعية": whose report, not who speaks)."""
        tok = self.tokens[j]
        if not tok.is_word or tok.norm.lstrip(self.cues.conjunction_letters).startswith(self.short_articles) \
                or tok.norm in self.cues.addressee_prefixes:
            return False
        if tok.start in self.name_spans or self.speaker_like(tok):
            return True
        # any other single word right before what was said: a name the entity stage missed
        # ("ذكرت النصرة أن", "أشار صالحي إلى"), not a noun object ("أوضح سبب ذلك أنها")
        nxt = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
        if tok.norm in self.cues.name_stop or tok.forms[-1] in self.cues.name_stop:
            return False  # "أكد له أن": a pronoun, never a name
        return nxt is not None and (self.is_complementizer(nxt) or nxt.norm in self.cues.content_firsts
                                    or nxt.norm in self.orth.commas or nxt.norm in self.cues.colons)

    def mention(self, a: int, b: int) -> Entity:
        """The unnamed speaker of tokens ``a``..``b - 1`` as an entity (basis ``speaker``): an
        organisation when its head is a body noun (شركة، إدارة، وزارة), else a person; a definite
        head refers to the last mention with the same head ("الشركة" -> "شركة الاتحاد", "المصدر"
        -> "مصدر خليجي"), a generic one ("الرجل") to the last person who spoke."""
        first = self.tokens[a]
        start, end = first.start, self.tokens[b - 1].end
        if first.norm[:1] in self.cues.conjunction_letters and self.orth.has_article(first.norm[1:]):
            start += 1  # "والشركة": the conjunction is not part of the name
        head = self.head_of(first.norm)
        refers: str | None = None
        if self.orth.has_article(first.norm.lstrip(self.cues.conjunction_letters)):
            if head in self.cues.generic_person_heads:
                last = self.by_id.get(self.current or "")
                refers = last.id if last is not None and last.type == "PER" else None
            else:
                earlier = [eid for pos, eid in self.heads.get(head, ()) if pos < start]
                refers = earlier[-1] if earlier else None
        kind = "ORG" if head in self.cues.body_heads or first.norm in self.cues.body_heads else "PER"
        ent = Entity(id=f"q{len(self.mentions) + 1}", type=kind, text=self.text[start:end], start=start, end=end,
                     refers_to=refers, basis="speaker")
        self.mentions.append(ent)
        self.by_id[ent.id] = ent
        self.add_head(first.norm, start, ent.id)
        return ent

    def opening_subject(self, i: int, first: int) -> Entity | None:
        """"جيمس لين، الرئيس العالمي لشركة …، يقول": the sentence opens with a name and an apposition."""
        j = first
        while j < i and (not self.tokens[j].is_word or self.tokens[j].norm in self.cues.conjunctions):
            j += 1
        ent = self.ent_at_token.get(j)
        if ent is None or ent.type not in ("PER", "ORG") or not self.speaker_ok(ent) or self.inside_direct(ent.start):
            return None
        end = self.ent_token_end[ent.id]
        if end < i and self.tokens[end].norm in self.orth.commas:
            return ent
        return None

    def unnamed_before(self, i: int, first: int) -> bool:
        """"لكن بعضهم يقول": a word that is no name and no particle stands as the cue's subject."""
        tok = self.tokens[i]
        cue = self.cue_of(tok)
        if cue is None or cue.continuation or cue.subject_of_sentence:
            return False  # "… كلاعب قائلا": a participle follows its clause, it has no subject of its own
        if i <= first or tok.norm[:1] in self.cues.conjunctions and tok.norm[1:] in self.cues.verbs:
            return False
        prev = self.tokens[i - 1]
        if not (prev.is_word and (i - 1) not in self.in_entity and prev.norm not in self.cues.function_words
                and prev.forms[0] not in self.cues.function_words and self.cue_of(prev) is None):
            return False
        opener = next((t for t in self.tokens[first:i] if t.is_word and t.norm not in self.cues.conjunctions), None)
        if opener is not None:
            word = opener.norm
            if word[:1] in self.cues.conjunctions and word[1:] in self.cues.adverbial_openers:
                word = word[1:]
            if word in self.cues.adverbial_openers:
                return False  # "وفي ذات السياق أكد", "وحول تفاصيل الدراسة بين": a fronted phrase
        return True

    def pronoun_referent(self, i: int) -> Entity | None:
        """"وقال سموه", "مؤكدا سموه": an honorific pronoun right after cue ``i`` is the current
        speaker when a person, else the last person named before the cue."""
        if i + 1 >= len(self.tokens) or self.tokens[i + 1].norm not in self.cues.pronoun_subjects:
            return None
        current = self.by_id.get(self.current or "")
        if current is not None and current.type == "PER":
            return current
        k = bisect_left(self.person_starts, (self.tokens[i].start, ""))
        while k > 0:
            k -= 1
            ent = self.by_id[self.person_starts[k][1]]
            if not self.inside_direct(ent.start) and not self.addressee(ent):
                return ent
        return None

    def unnamed_phrase_before(self, i: int, first: int) -> tuple[int, int] | None:
        """The unnamed subject phrase that opens the clause of cue ``i`` before it ("وكانت شركة
        مترو جدة أوضحت أن", "لكن مصدرا قضائيا فرنسيا قال", "غير أن ناشطين يقولون"): tokens
        ``(start, end)`` headed by a word that can name a speaker, with no person or body in it."""
        cue = self.cue_of(self.tokens[i])
        if cue is None or cue.continuation or cue.subject_of_sentence or self.conjoined(i):
            return None
        end = i
        while end - 1 >= first and self.tokens[end - 1].norm in self.cues.function_words \
                and self.tokens[end - 1].norm not in self.cues.complementizers and self.tokens[end - 1].norm not in self.cues.subject_blockers:
            end -= 1  # "مشرعون أمريكيون قد دعوا"
        k = end - 1
        while k >= first and end - k <= self.cues.speaker_phrase_words:
            t = self.tokens[k]
            if not t.is_word or t.norm in self.cues.function_words or t.forms[0] in self.cues.function_words \
                    or t.norm in self.cues.conjunctions or t.norm in self.cues.auxiliaries or self.cue_of(t) is not None \
                    or self.inside_direct(t.start):
                break
            if k in self.in_entity:
                j = k
                while j not in self.ent_at_token and j > first:
                    j -= 1
                ent = self.ent_at_token.get(j)
                if ent is not None and ent.type in ("PER", "ORG"):
                    return None  # a name: the other rules find it
            k -= 1
        start = k + 1
        if start >= end or (k >= first and self.tokens[k].is_word and (self.tokens[k].norm in self.cues.subject_blockers or not (
                self.tokens[k].norm in self.cues.function_words or self.tokens[k].norm in self.cues.conjunctions
                or self.tokens[k].norm in self.cues.auxiliaries or self.is_complementizer(self.tokens[k])))):
            return None  # not the opening of the clause ("… إلى محافظة عدن تؤكد أن": after a preposition)
        if not self.can_name(start) or not (self.speaker_like(self.tokens[start]) or self.tokens[start].start in self.name_spans):
            return None
        return start, end

    def sentence_subject(self, i: int, first: int) -> Entity | None:
        """The first named subject of the sentence before token ``i`` (not after a preposition)."""
        for j in range(first, i):
            ent = self.ent_at_token.get(j)
            if ent is None or self.inside_direct(ent.start) or not self.speaker_ok(ent) or self.addressee(ent):
                continue
            prev = self.tokens[j - 1].forms[0] if j > first else ""
            if prev in self.cues.nominal_cue_blockers or prev in self.cues.subject_blockers:
                continue
            if ent.type not in ("PER", "ORG") and any(t.is_word and t.norm not in self.cues.conjunctions
                                                      for t in self.tokens[first:j]):
                continue  # a place speaks for its government only as the sentence's opening subject
            return ent
        return None

    def adjacent_subject(self, i: int) -> Entity | None:
        """The name that ends right before cue ``i`` (subject before verb: "منى العلي أكدت"),
        unless a preposition governs it ("مع الوزير قال")."""
        if i == 0 or (i - 1) not in self.in_entity:
            return None
        j = i - 1
        while j > 0 and (j - 1) in self.in_entity and j not in self.ent_at_token:
            j -= 1
        ent = self.ent_at_token.get(j)
        if ent is None or self.ent_token_end[ent.id] != i or not self.speaker_ok(ent) or self.addressee(ent) \
                or self.inside_direct(ent.start) or self.tokens[j].sentence != self.tokens[i].sentence:
            return None
        if j > 0 and self.tokens[j - 1].forms[0] in self.cues.subject_blockers:
            return None
        return ent

    def speaker_before(self, i: int, first: int) -> Entity | None:
        opening = self.opening_subject(i, first)
        if opening is not None:
            return opening
        best: Entity | None = None
        for j in range(i - 1, first - 1, -1):
            ent = self.ent_at_token.get(j)
            if ent is None or self.inside_direct(ent.start) or ent.end > self.tokens[i].start:
                continue
            if not self.speaker_ok(ent) or self.addressee(ent):
                continue
            prev = self.tokens[j - 1].forms[0] if j > first else ""
            if prev in self.cues.subject_blockers:
                continue
            if ent.type in ("PER", "ORG"):
                return ent
            if self.ent_token_end[ent.id] == i:
                best = best or ent  # a place as a government only right before the cue ("موسكو تقول")
        return best
