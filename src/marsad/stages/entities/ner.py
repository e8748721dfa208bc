"""The optional NER model's tags and the entities it adds where the knowledge base found none."""

from __future__ import annotations

from collections.abc import Callable

from ...errors import MarsadError
from ...settings import Settings
from ..normalize import NormalizedText
from ..segment import Segmentation, Token
from .drafts import _Draft, _join_hyphens, _span
from .kb import _KB


def _ner_tags(
    text: str, seg: Segmentation, settings: Settings
) -> tuple[list[str], Callable[[str], bool] | None] | None:
    """The tagger's tags for every token, and its vocabulary test when it has one."""
    if not getattr(settings, "ner", False):
        return None
    from ... import ner  # looked up at call time (tests put a fake tagger there)

    try:
        model = ner.load_ner_model()
    except MarsadError:  # no model shipped, or it will not read: dictionary only (a broken install fails)
        return None
    # One batch per document: the decoder steps all sentences together (same tags as one by one).
    sentences = [[text[t.start:t.end] for t in seg.tokens[first:last]] for first, last in seg.sentence_tokens]
    sentences = [words for words in sentences if words]
    tag_many = getattr(model, "tag_many", None)  # a tagger may offer only ``tag(words)``
    tagged = tag_many(sentences) if tag_many is not None else [model.tag(words) for words in sentences]
    tags: list[str] = []
    for words, got in zip(sentences, tagged, strict=True):
        got = list(got)
        tags += got if len(got) == len(words) else ["O"] * len(words)
    return tags, getattr(model, "knows", None)


def _name_start(tokens: tuple[Token, ...], i: int, norm: NormalizedText, kb: _KB,
                knows: Callable[[str], bool] | None) -> int:
    """Where a tagged name starting at token ``i`` starts in the original: after proclitics
    glued before its article ("والشرق الأوسط" -> "الشرق الأوسط") when the tagger's vocabulary
    knows the word with the article (not "كالينينجراد", "سالزبورغ": no "الينينجراد") and at
    least ``name_stem_after_article`` letters follow the article (in "والد" the و is a root
    letter), else at the token."""
    tok = tokens[i]
    if knows is None or not kb.name_stem_after_article:
        return tok.start
    for form in tok.forms[1:]:
        k = kb.orth.article_length(form)
        if k and len(form) - k >= kb.name_stem_after_article and tok.norm.find(form) > 0 and knows(form):
            return _span(tokens, i, i + 1, form, norm, kb.orth)[0]
    return tok.start


def _add_ner(
    ner: list[str], tokens: tuple[Token, ...], claimed: list[bool], drafts: list[_Draft], text: str, kb: _KB,
    norm: NormalizedText, knows: Callable[[str], bool] | None,
) -> None:
    i = 0
    n = len(tokens)
    while i < n:
        tag = ner[i]
        if not tag.startswith("B-") and not tag.startswith("I-"):
            i += 1
            continue
        kind = tag[2:]
        j = i + 1
        while j < n and ner[j] == f"I-{kind}" and tokens[j].sentence == tokens[i].sentence:
            j += 1
        if not any(claimed[i:j]):
            start = _name_start(tokens, i, norm, kb, knows)
            draft = _Draft(kind, start, tokens[j - 1].end, (i, j), "ner")
            if kind == "PER":
                draft.canonical = kb.latin(_join_hyphens(tokens, i, j, text, start=start), None)
                draft.name_key = tuple(tokens[t].norm for t in range(i, j) if tokens[t].is_word)
            drafts.append(draft)
            for t in range(i, j):
                claimed[t] = True
        i = j
