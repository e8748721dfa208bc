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


from bisect import bisect_left, bisect_right

from ...langdata.loader import LangData
from ...model import Entity, Quote
from ...settings import Settings
from ..normalize import NormalizedText, deleted_characters
from ..segment import Segmentation, Token, char_to_token
from ..verbs import verb_ok
from .cues import NO_SUFFIX, Cue, quote_cues
from .marks import Intervals, last_non_space, quoted_spans
from .phrases import skippable
from .sources import source_marked
from .speakers import is_addressee, resolve_entity

__all__ = ["extract_quotes"]


def extract_quotes(
    text: str, norm: NormalizedText, seg: Segmentation, entities: tuple[Entity, ...], *,
    lang: LangData, settings: Settings,
) -> tuple[Quote, ...]:
    if "quote_cues" not in lang:
        return ()
    cues = quote_cues(lang)
    orth = cues.orth
    deleted = deleted_characters(lang)
    verbs = cues.verbs.keys()
    tokens = seg.tokens
    by_id = {e.id: e for e in entities}
    token_at = char_to_token(seg)
    ent_at_token: dict[int, Entity] = {}
    for ent in entities:
        i = token_at.get(ent.start)
        if i is not None and i not in ent_at_token:
            ent_at_token[i] = ent
    in_entity: set[int] = set()
    for ent in entities:
        in_entity.update(token_at.covering(ent.start, ent.end))
    ent_token_end: dict[str, int] = {}
    for ent in entities:
        last = token_at.get(max(ent.start, ent.end - 1))
        ent_token_end[ent.id] = (last + 1) if last is not None else token_at.get(ent.start, 0) + 1

    directs: list[tuple[int, int, int, int]] = []
    names: list[tuple[int, int]] = []  # quoted names and titles: "في تصريحات لـ «عكاظ»", "\"يونيد\""
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    for span in quoted_spans(text, cues.marks, breaks=cues.paragraph_breaks, colons="".join(cues.colons)):
        open_, close, a, b = span
        last = last_non_space(text, open_)  # the character before the mark
        words = sum(1 for t in tokens[bisect_left(starts, a):bisect_left(starts, b)] if t.is_word)
        prev_i = token_at.get(last)
        after_prefix = prev_i is not None and tokens[prev_i].norm in cues.addressee_prefixes
        if text[last:last + 1] not in cues.colons and (words < cues.min_direct_words or after_prefix):
            names.append((open_, close))  # close: one past the closing mark
        else:
            directs.append(span)
    # Every lookup below stays inside the sentence or uses these indexes: a lookup that walks
    # the whole document for each token or quote is quadratic in article length.
    name_spans = Intervals(names)
    direct_spans = Intervals([(o, c) for o, c, _, _ in directs])
    direct_opens = {o for o, _, _, _ in directs}
    sentence_spans = Intervals([(s.start, s.end) for s in seg.sentences])

    def past_name(j: int) -> int:
        """The first token after the quoted name token ``j`` stands in, or ``j`` itself (also
        when the name is a recognised entity: "تقول «النصرة» إن")."""
        n = name_spans.first(tokens[j].start)
        if n is None:
            return j
        c = names[n][1]
        k = j
        while k < len(tokens) and tokens[k].start < c:
            if k in ent_at_token:
                return j
            k += 1
        return k

    def speech_colon(j: int) -> bool:
        """A colon token that opens speech, not one inside a time or a score ("1:39")."""
        if tokens[j].norm not in cues.colons:
            return False
        return not (0 < j < len(tokens) - 1 and tokens[j - 1].is_number and tokens[j + 1].is_number
                    and tokens[j - 1].end == tokens[j].start and tokens[j].end == tokens[j + 1].start)

    def inside_direct(pos: int) -> bool:
        return pos in direct_spans

    def sentence_of(pos: int) -> int | None:
        return sentence_spans.first(pos)

    def speaker_ok(ent: Entity) -> bool:
        # a nisba adjective ("اليمنية", MISC) modifies a speaker; it never is one
        return ent.type in ("PER", "ORG") or (ent.actor is not None and ent.type != "MISC")

    short_articles = tuple(short for short, _ in orth.article_rewrites
                           if short[:1] in cues.addressee_prefixes)  # "لل": لـ + the article

    def addressee(ent: Entity) -> bool:
        """Said to, or carried by, the entity: after a ``لـ`` ("لوكالة رويترز"), glued to one
        with the article ("للمؤسسة العامة"), or a medium's name after a medium noun governed by a
        preposition ("لصحيفة ميليت", "في مقابلة مع قناة …")."""
        if is_addressee(text, ent, tokens, token_at, cues.addressee_prefixes,
                        conjunctions=cues.conjunction_letters, deleted=deleted):
            return True
        i = token_at.get(ent.start)
        if i is None:
            return False
        tok = tokens[i]
        if tok.start == ent.start and tok.norm.lstrip(cues.conjunction_letters).startswith(short_articles):
            return True
        if any(t.norm in cues.addressee_words for t in tokens[max(0, i - 4):i] if t.sentence == tok.sentence):
            return True  # "وأضاف مخاطبا رئيس الوزراء أحمد داود أوغلو": spoken to
        return i > 0 and medium_noun(i - 1)

    def medium_noun(j: int) -> bool:
        """Token ``j`` is a medium noun (صحيفة، وكالة، قناة) after a preposition or with a glued
        ``لـ``/``بـ``: what follows is the medium, not the speaker."""
        tok = tokens[j]
        if cues.media_nouns.isdisjoint(tok.forms) or tok.norm in cues.media_nouns and not (
                j > 0 and (tokens[j - 1].norm in cues.subject_blockers or tokens[j - 1].norm in cues.addressee_prefixes
                           or tokens[j - 1].norm in cues.nominal_cue_blockers)):
            return False
        return True

    def cue_of(tok: Token) -> Cue | None:
        if verbs.isdisjoint(tok.forms):
            return None
        for form in tok.forms:
            cue = cues.verbs.get(form)
            if cue is None or not verb_ok(tok.norm, form, cues.proclitics, NO_SUFFIX if cue.intransitive else cues.suffixes):
                continue
            prev = tokens[tok.index - 1].norm if tok.index > 0 else ""
            if tok.norm in cues.background_words:
                nxt = tokens[tok.index + 1] if tok.index + 1 < len(tokens) else None
                if nxt is not None and (nxt.norm in cues.complementizers or nxt.forms[0] in cues.complementizers
                                        or nxt.norm in cues.content_firsts):
                    return None  # "يذكر أن …", "يشار إلى أن …": the writer's background
            if cue.nominal and prev in cues.nominal_cue_blockers:
                return None  # "قال X في تصريحات": a circumstance of قال
            if not cue.nominal and prev in cues.cue_blockers_before:
                return None  # "يكفي أن تقول": a subjunctive, not reported speech
            return cue
        return None

    def scan_after(i: int, limit: int) -> tuple[Entity | None, int, str | None]:
        """From cue token ``i``: the subject entity, the token where speech starts and how
        (``comp`` after a complementizer, ``colon``, ``mark``, ``object``), within the sentence."""
        speaker: Entity | None = None
        cue = cue_of(tokens[i])
        j = i + 1
        steps = 0
        after_subject: int | None = None
        head_word = False  # an unnamed subject ("مصادر") came first: a nisba after it is its modifier
        anonymous = False  # that subject is an unnamed source (مصدر، مسؤول): a nisba gives its country
        found_object = -1  # a noun object: speech unless a complementizer follows soon ("أكد على موقعه أن")
        reading_on = False  # past a named subject's circumstances ("قال X في لقائه أمس مع … إن")
        while j < limit and (steps <= cues.max_distance
                             or ((found_object != -1 or reading_on) and steps <= 3 * cues.max_distance)):
            if past_name(j) != j:
                j = past_name(j)
                steps += 1
                continue
            tok = tokens[j]
            if not tok.is_word and tok.start in name_spans:
                j += 1  # the marks around a quoted name that is an entity: "«النصرة»"
                continue
            if tok.start in direct_opens or tok.norm in {a for a, _ in cues.marks}:
                return speaker, j, "mark"
            if speech_colon(j):
                return speaker, j + 1, "colon"
            if is_complementizer(tok):
                return speaker, j + 1, "comp"
            if found_object != -1:
                if cue_of(tok) is not None or tok.norm in orth.sentence_marks or tok.norm in orth.semicolons:
                    break
                j += 1
                steps += 1
                continue
            if cue is not None and tok.norm in cue.relay_particles:
                # "نقلت وكالة X عن Y قوله": X relays, Y speaks
                speaker, after_subject, head_word = None, None, False
                j += 1
                steps += 1
                continue
            ent = ent_at_token.get(j)
            if ent is not None:
                if speaker is None and cue is not None and cue.noun_content and (
                        content_starts(cue, i, j) if not head_word else tokens[j - 1].norm in cue.content_particles):
                    # "مشيرا إلى سورية على سبيل المثال", "أشار صالحي إلى حاجة إيران": content, not a speaker
                    found_object = j
                elif speaker is None and not addressee(ent) and (
                        (speaker_ok(ent) and not (head_word and ent.type == "MISC"))
                        or (anonymous and ent.actor is not None and tokens[j - 1].norm not in cues.subject_blockers)):
                    speaker = ent  # "مصدر عسكري فرنسي": an anonymous French source, France's actor
                    after_subject = ent_token_end[ent.id]
                elif speaker is not None and (named_after_role(speaker, ent, j) or provisional(speaker, ent)):
                    speaker = ent  # "وقال الباحث الفلكي، بقسم …، ملهم هندي:": the name, not the title
                    after_subject = ent_token_end[ent.id]
                j = max(j + 1, ent_token_end[ent.id])
                steps += 1
                continue
            k = skippable(tokens, j, limit, cues)
            if k:
                j += k
                continue
            if cue_of(tok) is not None and j > i + 1:
                break
            if tok.norm in cues.addressee_prefixes:
                j += 1  # a lone "لـ" before the addressee ("لـ «عكاظ»")
                continue
            if speaker is None and cue is not None and cue.noun_content and tok.is_word and (
                    content_starts(cue, i, j) if not head_word else tokens[j - 1].norm in cue.content_particles):
                # "مشيرا إلى إعجابه", "ودعا لاستمرار الجهود", "مؤكدا شفاء 583 حالة"; after an
                # unnamed subject, what follows the cue's preposition ("أشار الوزير إلى حاجة …")
                found_object = j
                j += 1
                steps += 1
                continue
            if speaker is None and tok.is_word and tok.norm not in cues.function_words:
                if not head_word:
                    anonymous = not cues.anonymous_heads.isdisjoint(tok.forms)
                head_word = True
            if not tok.is_word and tok.norm not in orth.commas:
                if tok.norm in orth.sentence_marks or tok.norm in orth.semicolons:
                    break
            if speaker is not None and after_subject is not None and j >= after_subject and tok.is_word:
                if not (orth.has_article(tok.norm) and tok.norm.endswith(cues.modifier_endings)):
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

    def provisional(first: Entity, ent: Entity) -> bool:
        """``first`` is the nisba of an unnamed source's phrase ("وزير الخارجية الروسي") and
        ``ent`` a name or body after it ("سيرغي لافروف"): the name speaks."""
        return first.type == "MISC" and ent.type in ("PER", "ORG") and speaker_ok(ent) and not addressee(ent)

    def named_after_role(first: Entity, ent: Entity, j: int) -> bool:
        """``ent`` (at token ``j``) names the person that ``first``, a role phrase with the
        article (الباحث الفلكي، المتحدث الرسمي), describes: a person name after a comma, not
        after a preposition nor said to."""
        if first.type != "PER" or ent.type != "PER" or addressee(ent):
            return False
        k = token_at.get(first.start)
        if k is None or not orth.has_article(tokens[k].norm.lstrip(cues.conjunction_letters)):
            return False
        if orth.has_article(tokens[j].norm) or tokens[j - 1].norm in cues.subject_blockers:
            return False
        return any(t.norm in orth.commas for t in tokens[ent_token_end[first.id]:j])

    def is_complementizer(tok: Token) -> bool:
        return tok.norm in cues.complementizers or tok.forms[0] in cues.complementizers

    def content_starts(cue: Cue, i: int, j: int) -> bool:
        """Token ``j`` opens the noun content of cue ``i`` that has no named subject: right after
        a participle ("مؤكدا شفاء"), after one of the cue's prepositions ("أشار إلى إعجابه"), or
        glued to a one-letter one ("طالب بضرورة", "دعا لاستمرار")."""
        if j == i + 1 and (cue.subject_of_sentence or (conjoined(i) and current_sentence == tokens[i].sentence)):
            return True  # a participle, or a verb joined to the cue of this sentence's speaker ("،وأدان اغتيال")
        if j > i + 1 and tokens[j - 1].norm in cue.content_particles:
            return True
        tok = tokens[j]
        return tok.norm[:1] in cue.content_particles and tok.norm[1:] in tok.forms and j == i + 1

    def speech_opens(cue: Cue, how: str | None) -> bool:
        """What :func:`scan_after` found after ``cue`` is speech: a complementizer or a colon, or
        an object for a cue whose object is what was said (أعلن سيطرتها، أكد استمرار الدعم)."""
        if how in ("comp", "colon"):
            return True
        return how == "object" and (cue.claim or cue.noun_content) and not cue.needs_complementizer

    def next_speech(j: int, last: int) -> int:
        """The first token after ``j`` (before ``last``) that starts new reported speech: a cue
        after a comma, joined by و/ف or a participle ("…، مشيرا إلى أن", "…،وأدان اغتيال"), whose
        own speech follows, or any cue (not in a relative clause) followed by a complementizer or
        a colon; else ``last``."""
        for k in range(j + 1, last):
            if tokens[k].start in direct_opens:
                return k
            cue = cue_of(tokens[k])
            if cue is None:
                continue
            prev = tokens[k - 1].norm
            if prev in cues.relative_pronouns:
                continue  # "الأمر الذي يؤكد أن …": a relative clause inside what was said
            how = scan_after(k, last)[2]
            if cue.subject_of_sentence or conjoined(k) or prev in orth.commas:
                if how == "mark" or speech_opens(cue, how):
                    return k
            elif how in ("comp", "colon") or ((k - 1) in in_entity and speech_opens(cue, how)):
                # "… لكن منى قالت إن …": speech of its own inside the clause; its subject and
                # the particles before it are not what the first speaker said
                while k - 1 >= j and (k - 1) in in_entity:
                    k -= 1
                while k - 1 > j and (tokens[k - 1].norm in cues.function_words or not tokens[k - 1].is_word):
                    k -= 1
                return k  # j itself when the clause is only the inner speaker: "أن السيسي أكد …"
        return last

    def unknown_subject(i: int, stop: int) -> bool:
        """Words between the cue and ``stop`` that are no entity, adverbial, filler or
        complementizer: a subject we cannot resolve ("قال مسؤول أمني إن")."""
        j = i + 1
        while j < len(tokens) and tokens[j].start < stop:
            if past_name(j) != j:
                j = past_name(j)
                continue
            tok = tokens[j]
            if tok.norm in cues.addressee_words:
                return False  # "وأضاف مخاطبا رئيس الحكومة …": who is spoken to, not a subject
            if j in ent_at_token:
                if j == i + 1 and not speaker_ok(ent_at_token[j]):
                    return True  # "يقول كوان" with كوان read as a place: a subject we cannot resolve
                j = max(j + 1, ent_token_end[ent_at_token[j].id])
                continue
            k = skippable(tokens, j, len(tokens), cues)
            if k:
                j += k
                continue
            if tok.is_word and tok.norm not in cues.complementizers and tok.forms[0] not in cues.complementizers \
                    and j not in in_entity:
                return True
            j += 1
        return False

    def opening_subject(i: int, first: int) -> Entity | None:
        """"جيمس لين، الرئيس العالمي لشركة …، يقول": the sentence opens with a name and an apposition."""
        j = first
        while j < i and (not tokens[j].is_word or tokens[j].norm in cues.conjunctions):
            j += 1
        ent = ent_at_token.get(j)
        if ent is None or ent.type not in ("PER", "ORG") or not speaker_ok(ent) or inside_direct(ent.start):
            return None
        end = ent_token_end[ent.id]
        if end < i and tokens[end].norm in orth.commas:
            return ent
        return None

    def unnamed_before(i: int, first: int) -> bool:
        """"لكن بعضهم يقول": a word that is no name and no particle stands as the cue's subject."""
        tok = tokens[i]
        cue = cue_of(tok)
        if cue is None or cue.continuation or cue.subject_of_sentence:
            return False  # "… كلاعب قائلا": a participle follows its clause, it has no subject of its own
        if i <= first or tok.norm[:1] in cues.conjunctions and tok.norm[1:] in cues.verbs:
            return False
        prev = tokens[i - 1]
        if not (prev.is_word and (i - 1) not in in_entity and prev.norm not in cues.function_words
                and prev.forms[0] not in cues.function_words and cue_of(prev) is None):
            return False
        opener = next((t for t in tokens[first:i] if t.is_word and t.norm not in cues.conjunctions), None)
        if opener is not None:
            word = opener.norm
            if word[:1] in cues.conjunctions and word[1:] in cues.adverbial_openers:
                word = word[1:]
            if word in cues.adverbial_openers:
                return False  # "وفي ذات السياق أكد", "وحول تفاصيل الدراسة بين": a fronted phrase
        return True

    def carries_object(tok: Token) -> bool:
        for form in tok.forms:
            if form in cues.verbs:
                k = tok.norm.find(form)
                return k != -1 and bool(tok.norm[k + len(form):])
        return False

    def conjoined(i: int) -> bool:
        """"ونفى X …، وقال": a cue joined by و/ف to an earlier one shares its subject."""
        n = tokens[i].norm
        return (n[:1] in cues.conjunctions and n[1:] in cues.verbs) or (i > 0 and tokens[i - 1].norm in cues.conjunctions)

    def sentence_subject(i: int, first: int) -> Entity | None:
        """The first named subject of the sentence before token ``i`` (not after a preposition)."""
        for j in range(first, i):
            ent = ent_at_token.get(j)
            if ent is None or inside_direct(ent.start) or not speaker_ok(ent) or addressee(ent):
                continue
            prev = tokens[j - 1].forms[0] if j > first else ""
            if prev in cues.nominal_cue_blockers or prev in cues.subject_blockers:
                continue
            if ent.type not in ("PER", "ORG") and any(t.is_word and t.norm not in cues.conjunctions
                                                      for t in tokens[first:j]):
                continue  # a place speaks for its government only as the sentence's opening subject
            return ent
        return None

    def adjacent_subject(i: int) -> Entity | None:
        """The name that ends right before cue ``i`` (subject before verb: "منى العلي أكدت"),
        unless a preposition governs it ("مع الوزير قال")."""
        if i == 0 or (i - 1) not in in_entity:
            return None
        j = i - 1
        while j > 0 and (j - 1) in in_entity and j not in ent_at_token:
            j -= 1
        ent = ent_at_token.get(j)
        if ent is None or ent_token_end[ent.id] != i or not speaker_ok(ent) or addressee(ent) \
                or inside_direct(ent.start) or tokens[j].sentence != tokens[i].sentence:
            return None
        if j > 0 and tokens[j - 1].forms[0] in cues.subject_blockers:
            return None
        return ent

    def speaker_before(i: int, first: int) -> Entity | None:
        opening = opening_subject(i, first)
        if opening is not None:
            return opening
        best: Entity | None = None
        for j in range(i - 1, first - 1, -1):
            ent = ent_at_token.get(j)
            if ent is None or inside_direct(ent.start) or ent.end > tokens[i].start:
                continue
            if not speaker_ok(ent) or addressee(ent):
                continue
            prev = tokens[j - 1].forms[0] if j > first else ""
            if prev in cues.subject_blockers:
                continue
            if ent.type in ("PER", "ORG"):
                return ent
            if ent_token_end[ent.id] == i:
                best = best or ent  # a place as a government only right before the cue ("موسكو تقول")
        return best

    def headline_statements() -> list[Quote]:
        """"الصليب الأحمر: الوضع في اليمن كارثي": a line that opens with a name and a speech
        colon is that speaker's statement (a headline), to the end of its sentence."""
        out: list[Quote] = []
        pos = 0
        for line in text.split("\n"):
            k = bisect_left(starts, pos)
            pos += len(line) + 1
            ent = ent_at_token.get(k)
            if k >= len(tokens) or tokens[k].start >= pos or ent is None or not speaker_ok(ent):
                continue
            c = ent_token_end[ent.id]
            if c >= len(tokens) or tokens[c].start >= pos or not speech_colon(c) or inside_direct(tokens[c].start):
                continue
            _, s_last = seg.sentence_tokens[tokens[c].sentence]
            body = [t for t in tokens[c + 1:s_last] if t.start < pos and (t.is_word or t.is_number)]
            if sum(1 for t in body if t.is_word) < cues.min_direct_words or any(cue_of(t) for t in body[:1]):
                continue
            a, b = body[0].start, body[-1].end
            out.append(Quote(text=text[a:b], start=a, end=b, kind="direct",
                             speaker=resolve_entity(ent.id, by_id), cue=tokens[c].norm, sentence=tokens[c].sentence))
        return out

    found: list[Quote] = []
    current: str | None = None
    current_sentence: int | None = None  # where the current speaker was last named
    used_cues: set[int] = set()
    reported_until = -1  # the end of the last reported clause: a cue inside it is part of what was said
    # Items in text order: each direct span and each cue token outside direct spans.
    cue_tokens = [t.index for t in tokens if cue_of(t) is not None and not inside_direct(t.start)]
    cue_ends = [tokens[i].end for i in cue_tokens]
    items: list[tuple[int, str, int]] = [(c, "direct", k) for k, (c, _, _, _) in enumerate(directs)]
    items += [(tokens[i].start, "cue", i) for i in cue_tokens]
    items.sort()
    for _pos, kind, ref in items:
        if kind == "direct":
            open_, close, a, b = directs[ref]
            s_idx = sentence_of(a) if sentence_of(a) is not None else sentence_of(open_)
            first = seg.sentence_tokens[s_idx][0] if s_idx is not None else 0
            cue_i: int | None = None
            last = last_non_space(text, open_)
            colon_before = text[last:last + 1] in cues.colons
            # the last unused cue ending before the mark, from the sentence's first token on
            # (less one): walked back from the mark, never from the end of the document
            before = bisect_right(ends, open_)  # tokens[:before] end at or before the mark
            for c in range(bisect_right(cue_ends, open_) - 1, -1, -1):
                i = cue_tokens[c]
                if i < first - 1:
                    break
                if i not in used_cues:
                    # a colon marks speech: its cue may stand further back in the sentence
                    if colon_before or sum(1 for t in tokens[i + 1:before] if t.is_word) <= cues.max_distance:
                        cue_i = i
                    break
            speaker: Entity | None = None
            cue_text: str | None = None
            if cue_i is not None:
                used_cues.add(cue_i)
                cue = cue_of(tokens[cue_i])
                cue_text = text[tokens[cue_i].start:tokens[cue_i].end]
                head_word = anonymous = False
                for j in range(cue_i + 1, len(tokens)):
                    if tokens[j].start >= open_:
                        break
                    ent = ent_at_token.get(j)
                    if speaker is not None:
                        if ent is not None and (named_after_role(speaker, ent, j) or provisional(speaker, ent)):
                            speaker = ent  # "وقال الباحث الفلكي، …، ملهم هندي: «…»"
                            break
                        continue
                    if ent is not None and not addressee(ent) and (
                            (speaker_ok(ent) and not (head_word and ent.type == "MISC"))
                            or (anonymous and ent.actor is not None and tokens[j - 1].norm not in cues.subject_blockers)):
                        speaker = ent
                        continue
                    if ent is None and j not in in_entity and tokens[j].is_word \
                            and tokens[j].norm not in cues.function_words:
                        if not head_word:
                            anonymous = not cues.anonymous_heads.isdisjoint(tokens[j].forms)
                        head_word = True
                c_first = seg.sentence_tokens[tokens[cue_i].sentence][0]
                if speaker is None and unknown_subject(cue_i, open_):
                    current = None  # "قال مسؤول: ..." : someone we cannot name
                elif speaker is None and unnamed_before(cue_i, c_first):
                    current = None  # "بعضهم يقول ..."
                elif speaker is None and conjoined(cue_i) and current_sentence == tokens[cue_i].sentence:
                    pass  # "ونفى X …، وقال ...": the subject of the first cue
                elif speaker is None and cue is not None and cue.subject_of_sentence:
                    speaker = sentence_subject(cue_i, c_first)  # "ويروي البيشان … قائلا:"
                elif speaker is None and cue is not None and not cue.continuation:
                    speaker = speaker_before(cue_i, c_first)
            else:
                # "..." قال X: a cue right after the closing mark
                j = bisect_left(starts, close)  # the first token at or after it
                if j < len(tokens):
                    tok = tokens[j]
                    if cue_of(tok) is not None and tok.start - close <= 3:
                        cue_i = j
                        used_cues.add(j)
                        cue_text = text[tok.start:tok.end]
                        nxt = ent_at_token.get(j + 1)
                        if nxt is not None and speaker_ok(nxt):
                            speaker = nxt
            if cue_i is None:
                continue  # quotation marks without a cue: a title or a scare quote
            speaker_id = resolve_entity(speaker.id, by_id) if speaker else current
            if speaker is not None:
                current, current_sentence = speaker_id, tokens[cue_i].sentence
            found.append(Quote(text=text[a:b], start=a, end=b, kind="direct", speaker=speaker_id,
                               cue=cue_text, sentence=s_idx))
            continue
        i = ref
        if i in used_cues or tokens[i].start < reported_until:
            continue  # "…، الأمر الذي يؤكد أن …" inside a reported clause is its content
        tok = tokens[i]
        cue = cue_of(tok)
        assert cue is not None
        s_first, s_last = seg.sentence_tokens[tok.sentence]
        speaker, start_j, how = scan_after(i, s_last)
        if how not in ("colon", "mark") and carries_object(tok):
            how = None  # "الهدنة التي أعلنتها الأمم المتحدة": the cue's object is a pronoun, no speech follows
        if not speech_opens(cue, how):
            if speaker is not None and not cue.needs_complementizer:
                # "ونفى الفهد وجود …": no speech here, but the speaker is named (not after a cue
                # that is one only before أن: "وبين الشيخ سلمان" is "and between")
                current, current_sentence = resolve_entity(speaker.id, by_id), tok.sentence
            continue
        if speaker is None and not cue.continuation:
            speaker = adjacent_subject(i)  # "… أن منى العلي أكدت …": the name right before the cue
        if speaker is None and unknown_subject(i, tokens[start_j - 1].start if start_j > 0 else tok.end):
            current = None
        elif speaker is None and unnamed_before(i, s_first):
            current = None
        elif speaker is None and conjoined(i) and current_sentence == tok.sentence:
            pass
        elif speaker is None and cue.subject_of_sentence:
            speaker = sentence_subject(i, s_first)
        elif speaker is None and not cue.continuation:
            # not from inside what was reported before it ("… قوات التحالف …، وأوضح أن")
            speaker = speaker_before(i, max(s_first, bisect_left(starts, reported_until)))
        speaker_id = resolve_entity(speaker.id, by_id) if speaker else current
        if speaker is not None or how in ("comp", "colon"):
            current, current_sentence = speaker_id, tok.sentence
        # the speech runs to the end of the sentence or to the next quotation mark
        j = start_j
        while j < s_last and (not tokens[j].is_word and not tokens[j].is_number or is_complementizer(tokens[j])):
            if tokens[j].start in direct_opens:
                break  # "قال عيدان: إن «…»": the quoted words are the quote, with this cue
            j += 1
        if j >= s_last or tokens[j].start in direct_opens:
            continue
        end_j = next_speech(j, s_last)
        if end_j <= j:
            continue  # "وأضاف المتحدث أن الرئيس أكد على …": only the relayed speaker's words follow
        # no trailing punctuation, nor the conjunction of the next cue written apart ("، و قال")
        while end_j > j and (not (tokens[end_j - 1].is_word or tokens[end_j - 1].is_number)
                             or (end_j < s_last and tokens[end_j - 1].norm in cues.conjunctions)):
            end_j -= 1
        if how == "object" and sum(1 for t in tokens[j:end_j] if t.is_word) < cues.min_object_words:
            continue  # "كشف السبب": the statement is named, not given
        a, b = tokens[j].start, tokens[end_j - 1].end
        kind = "direct" if how == "colon" else "indirect"
        found.append(Quote(text=text[a:b], start=a, end=b, kind=kind, speaker=speaker_id,
                           cue=text[tok.start:tok.end], sentence=tok.sentence))
        used_cues.update(range(i, max(i + 1, start_j)))
        reported_until = b
    found.extend(headline_statements())
    found.extend(source_marked(text, seg, cues, ent_at_token, ent_token_end, by_id, inside_direct, found))
    found.sort(key=lambda q: (q.start, q.end))
    return tuple(found)
