"""The fast paths give exactly what the plain ones give: normalization's plain runs, the
memoized clitic forms, batched Viterbi, the decoder's word-vector store and phrase starts, the
store's reuse of a worker's dict form. Behaviour only (no timings)."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from marsad.langdata.loader import load_langdata
from marsad.model import document_to_dict
from marsad.ner import load_ner_model
from marsad.ner.inference import Decoder, viterbi_batch
from marsad.pipeline import code_article
from marsad.stages.normalize import NormalizedText, _fold_char, folding_table, normalize, normalize_string
from marsad.stages.segment import FormsMemo, _clitics, _strip_prefixes, forms_memo, segment, token_forms
from marsad.store import open_store

from .conftest import EXAMPLE


@pytest.fixture(scope="module")
def lang():
    return load_langdata("ar")


def _char_loop(text: str, lang) -> NormalizedText:
    """The character-by-character definition of the view (what the fast path must equal)."""
    folding = folding_table(lang)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        for piece in _fold_char(ch, folding):
            if piece in " \r\f\v":
                piece = " "
            if piece == " ":
                if not out or out[-1] in " \n" or out[-1] in folding.no_space_after:
                    continue
            elif (piece == "\n" or piece in folding.no_space_before) and out and out[-1] == " ":
                out.pop(), starts.pop(), ends.pop()
            if folding.split_digits and out and piece != " " and (
                (piece.isdigit() and out[-1].isalpha()) or (piece.isalpha() and out[-1].isdigit())
            ):
                out.append(" ")
                starts.append(i)
                ends.append(i)
            out.append(piece)
            starts.append(i)
            ends.append(i + 1)
    return NormalizedText("".join(out), tuple(starts), tuple(ends), len(text))


CASES = [
    "", " ", "\n\n", "قال الرئيس", "  قال   الرئيس  \n  أمس ", "مُحَمَّدٌ", "ـالقاهرةـ", "15أيار", "أيار15",
    "١٥ أيار ٢٠٢١", "(« قال »)", "قال : نعم ، لا .", "ﻻ ﷲ ﺍﻟﻘﺪﺱ", "U.N. NATO Ünï", "ﬁnal ²½①",
    "a\u200bb\u200fc", "\ufeffنص", "x\xa0y\u2007z\u202fw\tv", "70%  و 70 %", "« نص »", "سطر \n سطر",
    "٪٫٬", "–—−", "زيارة 3أيام", "ABC١٢٣def",
]


@pytest.mark.parametrize("text", CASES)
def test_normalize_equals_the_character_loop(lang, text: str) -> None:
    assert normalize(text, lang=lang) == _char_loop(text, lang)
    assert normalize_string(text, lang=lang) == _char_loop(text, lang).text.strip()


def test_normalize_random_strings_and_example(lang) -> None:
    rng = random.Random(11)
    alphabet = list("ابتةىأإآؤئء ولا0123456789٠١٢٣ \n\t\r.,،؛:!?؟()«»“”%ـًٌَُِّْaBzﻻ\u200b\xa0\ufeffﬁ²_-")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    texts.append(EXAMPLE.read_text(encoding="utf-8"))
    for text in texts:
        assert normalize(text, lang=lang) == _char_loop(text, lang), repr(text)


def _forms_unmemoized(word: str, lang) -> tuple[str, ...]:
    cl = _clitics(lang)
    if not word[:1].isalpha():
        return (word,)
    forms: dict[str, None] = {}
    for stem in _strip_prefixes(word, cl):
        forms[stem] = None
        for suffix in cl.enclitics:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= max(cl.min_stem, 2):
                base = stem[: -len(suffix)]
                forms[base] = None
                for old, new in cl.restore:
                    if base.endswith(old):
                        forms[base[: -len(old)] + new] = None
                break
    return tuple(forms)


@pytest.mark.parametrize("word", ["لطاجيكستان", "والافغانيه", "وبحكومتهم", "فسيكتبونها", "للمدينه", "كتابه",
                                  "بهما", "وكن", "ال", "15", "،", "فلسطينيتها", "هم", "وهما"])
def test_token_forms_memo_equals_the_definition(lang, word: str) -> None:
    assert token_forms(word, lang=lang) == _forms_unmemoized(word, lang)
    assert token_forms(word, lang=lang) == _forms_unmemoized(word, lang)  # from the memo


def test_forms_memo_is_bounded_and_owned_by_the_language(lang) -> None:
    assert forms_memo(lang) is forms_memo(lang)
    memo = FormsMemo(limit=3)
    words = ["وبحكومتهم", "لطاجيكستان", "والافغانيه", "كتابه", "للمدينه"]
    for word in words * 2:
        assert memo.get(word, lang) == _forms_unmemoized(word, lang)
        assert len(memo.table) <= 3


def test_viterbi_batch_equals_one_sentence_at_a_time() -> None:
    rng = np.random.default_rng(3)
    trans = rng.normal(size=(5, 5))
    batch = [rng.normal(size=(n, 5)) for n in (3, 1, 7, 0, 2, 7, 12, 1, 4)]
    batch.append(np.zeros((6, 5)))  # all ties: the first best label wins, as alone
    alone = [viterbi_batch([em], trans)[0] for em in batch]
    assert viterbi_batch(batch, trans) == alone
    assert viterbi_batch(batch, trans, group=2) == alone
    assert [len(p) for p in alone] == [em.shape[0] for em in batch]


def test_decoder_vectors_survive_growth_and_overflow() -> None:
    model = load_ner_model()
    reference = model._decoder
    sentences = [
        ["قال", "الرئيس", "الروسي", "فلاديمير", "بوتين", "في", "موسكو", "إن", "الولايات", "المتحدة", "لم", "ترد"],
        ["زار", "وزير", "الخارجية", "الأردني", "عمان", "وجمهورية", "مصر", "العربية", "أمس"],
        ["."], ["المملكة", "العربية", "السعودية"],
    ]
    for size in (4, 10, 1000):
        small = Decoder(reference.w, model.features, cache_size=size)
        small._vectors = small._vectors[:2]  # force the store to grow
        for _ in range(2):
            for k in range(len(sentences)):
                got = small.emissions_many(sentences[k:] + sentences[:k])
                want = reference.emissions_many(sentences[k:] + sentences[:k])
                assert all(np.array_equal(a, b) for a, b in zip(got, want, strict=True))
        assert small.tag_many(sentences) == reference.tag_many(sentences)
        assert small.tag_many(sentences) == [reference.tag(s) for s in sentences]


def test_decoder_is_safe_in_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    model = load_ner_model()
    text = EXAMPLE.read_text(encoding="utf-8")
    words = text.split()
    docs = [[words[k:k + 9], words[k + 9:k + 20]] for k in range(0, len(words) - 20, 7)]
    want = [model._decoder.emissions_many(doc) for doc in docs]
    shared = Decoder(model._decoder.w, model.features, cache_size=40)  # clears often
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(shared.emissions_many, docs * 3))
    for k, ems in enumerate(got):
        assert all(np.array_equal(a, b) for a, b in zip(ems, want[k % len(docs)], strict=True))


def test_phrase_attributes_with_known_starts_equal_the_scan() -> None:
    fx = load_ner_model().features
    words = ["زار", "المملكة", "العربية", "السعودية", "ثم", "الولايات", "المتحدة", "الامريكية", "و", "جمهورية"]
    info = [fx.word_parts(w) for w in words]
    starts = [k for k, parts in enumerate(info) if not fx.phrase_first.isdisjoint(parts[1])]
    assert fx.phrase_attributes(info, starts) == fx.phrase_attributes(info)
    assert fx.phrase_attributes(info[:1]) == []


def _dump(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        rows = []
        for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
            if t not in ("documents", "entities", "events", "mentions", "search_index_content"):
                continue
            cursor = con.execute(f"SELECT * FROM {t}")
            # the stored-at time stamp differs between the two stores; dropped by name, as
            # migrations add columns after it
            keep = [k for k, d in enumerate(cursor.description) if d[0] != "ingested_at"]
            rows.extend((t, *(r[k] for k in keep)) for r in cursor)
    finally:
        con.close()
    return sorted(rows)


def test_store_keeps_a_given_dict_form_identical(tmp_path: Path, lang) -> None:
    texts = [EXAMPLE.read_text(encoding="utf-8"),
             "قال وزير الخارجية الروسي سيرغي لافروف في موسكو يوم 5 مايو 2021 إن بلاده ستدعم طاجيكستان."]
    docs = [code_article(t, lang=lang) for t in texts]
    forms = [json.loads(json.dumps(document_to_dict(d), ensure_ascii=False)) for d in docs]
    with open_store(tmp_path / "a.db") as store:
        store.ingest(docs)
    with open_store(tmp_path / "b.db") as store:
        store.ingest(docs, dict_forms=forms)
    with open_store(tmp_path / "c.db") as store:
        with pytest.raises(ValueError):
            store.ingest(docs, dict_forms=forms[:1])
    assert _dump(tmp_path / "a.db") == _dump(tmp_path / "b.db")


def test_pipeline_segments_like_before_on_the_example(lang) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    norm = normalize(text, lang=lang)
    seg = segment(text, norm, lang=lang)
    for tok in seg.tokens:
        assert (tok.start, tok.end) == norm.to_original(tok.vstart, tok.vend)
        assert tok.forms == _forms_unmemoized(tok.norm, lang)


def test_token_at_answers_like_a_dict_of_every_character(lang) -> None:
    from marsad.stages.segment import char_to_token

    text = EXAMPLE.read_text(encoding="utf-8")
    seg = segment(text, normalize(text, lang=lang), lang=lang)
    every = {pos: tok.index for tok in seg.tokens for pos in range(tok.start, tok.end)}  # the definition
    token_at = char_to_token(seg)
    for pos in range(-2, len(text) + 2):
        assert token_at.get(pos) == every.get(pos)
        assert (pos in token_at) == (pos in every)
    assert dict(token_at) == every and len(token_at) == len(every)
    for start in range(-2, len(text) + 2, 7):
        for width in (0, 1, 3, 12, 40):
            covered = sorted({every[p] for p in range(start, start + width) if p in every})
            assert list(token_at.covering(start, start + width)) == covered
    assert not token_at.covering(10, 9)
    with pytest.raises(KeyError):
        token_at[len(text) + 5]
