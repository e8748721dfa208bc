"""Who speaks: the subject of a cue after it, before it, at the head of its sentence, an
unnamed one, a role phrase and the name it describes."""

from __future__ import annotations

from ...model import Entity
from .article import Article
from .phrases import skippable

__all__ = ["Subjects"]


class Subjects(Article):
    def provisional(self, first: Entity, ent: Entity) -> bool:
        """``first`` is the nisba of an unnamed source's phrase ("وزير الخارجية الروسي") and
        ``ent`` a name or body after it ("سيرغي لافروف"): the name speaks."""
        return first.type == "MISC" and ent.type in ("PER", "ORG") and self.speaker_ok(ent) and not self.addressee(ent)

    def named_after_role(self, first: Entity, ent: Entity, j: int) -> bool:
        """``ent`` (at token ``j``) names the person that ``first``, a role phrase with the
        article (الباحث الفلكي، المتحدث الرسمي), describes: a person name after a comma, not
        after a preposition nor said to."""
        if first.type != "PER" or ent.type != "PER" or self.addressee(ent):
            return False
        k = self.token_at.get(first.start)
        if k is None or not self.orth.has_article(self.tokens[k].norm.lstrip(self.cues.conjunction_letters)):
            return False
        if self.orth.has_article(self.tokens[j].norm) or self.tokens[j - 1].norm in self.cues.subject_blockers:
            return False
        return any(t.norm in self.orth.commas for t in self.tokens[self.ent_token_end[first.id]:j])

    def unknown_subject(self, i: int, stop: int) -> bool:
        """Words between the cue and ``stop`` that are no entity, adverbial, filler or
        complementizer: a subject we cannot resolve ("قال مسؤول أمني إن")."""
        j = i + 1
        while j < len(self.tokens) and self.tokens[j].start < stop:
            if self.past_name(j) != j:
                j = self.past_name(j)
                continue
            tok = self.tokens[j]
            if tok.norm in self.cues.addressee_words:
                return False  # "وأضاف مخاطبا رئيس الحكومة …": who is spoken to, not a subject
            if j in self.ent_at_token:
                if j == i + 1 and not self.speaker_ok(self.ent_at_token[j]):
                    return True  # "يقول كوان" with كوان read as a place: a subject we cannot resolve
                j = max(j + 1, self.ent_token_end[self.ent_at_token[j].id])
                continue
            k = skippable(self.tokens, j, len(self.tokens), self.cues)
            if k:
                j += k
                continue
            if tok.is_word and tok.norm not in self.cues.complementizers and tok.forms[0] not in self.cues.complementizers \
                    and j not in self.in_entity:
                return True
            j += 1
        return False

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
