"""NER: conlleval-style scoring, the numpy CRF decoder, the shipped model, ``marsad eval ner``."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from marsad.cli import root
from marsad.evaluation.ner import chunks, evaluate_tags, map_tag, read_conll
from marsad.langdata.loader import load_langdata
from marsad.ner import load_ner_model, repair_bio
from marsad.ner.data import ANERCORP_TRAIN, anercorp_train_dev, split_train_dev
from marsad.ner.features import FastNormalizer
from marsad.ner.inference import viterbi, viterbi_batch
from marsad.stages.normalize import normalize_string

SHARED = Path(__file__).resolve().parents[2] / "shared"
GATE = Path(__file__).resolve().parent / "quality_gate.json"


# --- chunks and scores (conlleval conventions) ---------------------------------------------

@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["O", "O"], []),
        (["B-PER", "I-PER", "O"], [(0, 2, "PER")]),
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        (["I-LOC", "I-LOC", "O"], [(0, 2, "LOC")]),  # I- after O starts a chunk
        (["O", "I-LOC"], [(1, 2, "LOC")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),  # type change starts a new chunk
        (["B-ORG", "I-ORG", "I-ORG"], [(0, 3, "ORG")]),
        (["B-ORG", "O", "I-ORG"], [(0, 1, "ORG"), (2, 3, "ORG")]),
        (["B-MISC"], [(0, 1, "MISC")]),
        (["S-LOC", "B-PER", "E-PER", "O"], [(0, 1, "LOC"), (1, 3, "PER")]),  # IOBES
        (["B-PER", "I-PER", "B-PER", "I-PER"], [(0, 2, "PER"), (2, 4, "PER")]),
    ],
)
def test_chunks(tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert chunks(tags) == expected


def test_scores_exact_boundary_and_type_errors() -> None:
    gold = [
        ["B-PER", "I-PER", "O", "B-LOC", "O"],
        ["B-ORG", "I-ORG", "I-ORG", "O", "B-MISC"],
        ["O", "B-LOC", "O"],
    ]
    pred = [
        ["B-PER", "I-PER", "O", "B-LOC", "O"],  # 2 correct
        ["B-ORG", "I-ORG", "O", "O", "B-LOC"],  # ORG boundary error; MISC predicted as LOC
        ["O", "B-LOC", "B-PER"],  # LOC correct; spurious PER
    ]
    r = evaluate_tags(gold, pred)
    # gold chunks 5, predicted 6, correct 3: P = 3/6, R = 3/5, F1 = 2PR/(P+R) = 6/11
    assert r["overall"] == {"precision": 0.5, "recall": 0.6, "f1": 0.5455, "gold": 5, "predicted": 6,
                            "correct": 3}
    assert r["per_type"]["PER"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "gold": 1, "predicted": 2,
                                    "correct": 1}
    assert r["per_type"]["LOC"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "gold": 2, "predicted": 3,
                                    "correct": 2}
    assert r["per_type"]["ORG"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 1, "predicted": 1,
                                    "correct": 0}
    assert r["per_type"]["MISC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 1, "predicted": 0,
                                     "correct": 0}
    assert r["tokens"] == 13
    assert r["accuracy"] == round(10 / 13, 4)


def test_scores_i_after_o_counts_like_conlleval() -> None:
    # conlleval: a predicted I-PER after O is a chunk start, so this prediction is correct.
    r = evaluate_tags([["O", "B-PER", "I-PER"]], [["O", "I-PER", "I-PER"]])
    assert r["overall"]["f1"] == 1.0
    r = evaluate_tags([["B-PER", "I-PER", "I-PER"]], [["B-PER", "I-PER", "O"]])
    assert r["overall"]["correct"] == 0 and r["overall"]["precision"] == 0.0


def test_scores_empty_and_mismatch() -> None:
    r = evaluate_tags([["O", "O"]], [["O", "O"]])
    assert r["overall"]["f1"] == 0.0 and r["overall"]["gold"] == 0 and r["accuracy"] == 1.0
    with pytest.raises(ValueError):
        evaluate_tags([["O"]], [["O", "O"]])


@pytest.mark.parametrize(
    ("tag", "mapped"),
    [("B-PERS", "B-PER"), ("I-PERS", "I-PER"), ("B-MIS0", "B-MISC"), ("I-MIS3", "I-MISC"), ("B-MIS", "B-MISC"),
     ("O", "O"), ("B-LOC", "B-LOC"), ("I-ORG", "I-ORG"), ("B-MISC", "B-MISC")],
)
def test_map_tag(tag: str, mapped: str) -> None:
    assert map_tag(tag) == mapped


@pytest.mark.parametrize(
    ("tags", "repaired"),
    [(["O", "I-PER"], ["O", "B-PER"]), (["B-LOC", "I-ORG"], ["B-LOC", "B-ORG"]),
     (["B-PER", "I-PER"], ["B-PER", "I-PER"]), (["I-MISC"], ["B-MISC"])],
)
def test_repair_bio(tags: list[str], repaired: list[str]) -> None:
    assert repair_bio(tags) == repaired


def test_read_conll_and_split(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_text("محمد B-PERS\nقال O\n\nفي O\nمصر B-LOC\n\n\nاليونيفيل B-MIS1\n", encoding="utf-8")
    data = read_conll(path)
    assert data == [(["محمد", "قال"], ["B-PER", "O"]), (["في", "مصر"], ["O", "B-LOC"]),
                    (["اليونيفيل"], ["B-MISC"])]
    train, dev = split_train_dev(list(range(20)))
    assert dev == [18, 19] and train == list(range(18))


# --- the numpy decoder ----------------------------------------------------------------------

def _brute_force(em: np.ndarray, trans: np.ndarray) -> list[int]:
    best, best_path = -np.inf, None
    for path in itertools.product(range(em.shape[1]), repeat=em.shape[0]):
        s = sum(em[t, y] for t, y in enumerate(path)) + sum(trans[a, b] for a, b in itertools.pairwise(path))
        if s > best:
            best, best_path = s, list(path)
    return best_path  # type: ignore[return-value]


def test_viterbi_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    trans = rng.normal(size=(3, 3))
    batch = [rng.normal(size=(n, 3)) for n in (1, 2, 3, 4, 5, 1, 4)]
    expected = [_brute_force(em, trans) for em in batch]
    assert [viterbi(em, trans) for em in batch] == expected
    assert viterbi_batch(batch, trans, group=3) == expected


# --- normalization fast path -----------------------------------------------------------------

WORDS = ["الأمم", "إيران", "مُحَمَّد", "ـالقاهرةـ", "ی", "کابل", "١٥أيار", "15", "U.N", "NATO", "ﺍﻟﻘﺪﺱ",
         "شيء", "مؤتمر", "\u200fبغداد", "2021", "١٢٣", "Ab12", "–", "x\u00a0y", "٪", "ﻻ"]


@pytest.mark.parametrize("word", WORDS)
def test_fast_normalizer_equals_pipeline(word: str) -> None:
    lang = load_langdata("ar")
    assert FastNormalizer(lang)(word) == normalize_string(word, lang=lang)


# --- the shipped model ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def model():
    return load_ner_model()


def _entities(words: list[str], tags: list[str]) -> list[tuple[str, str]]:
    return [(" ".join(words[s:e]), kind) for s, e, kind in chunks(tags)]


def test_model_is_cached(model) -> None:
    assert load_ner_model() is model


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("قال الرئيس الأمريكي جورج بوش إن الولايات المتحدة لن تنسحب من العراق .",
         [("جورج بوش", "PER"), ("الولايات المتحدة", "LOC"), ("العراق", "LOC")]),
        ("وصل وزير الخارجية المصري أحمد أبو الغيط إلى باريس أمس .",
         [("أحمد أبو الغيط", "PER"), ("باريس", "LOC")]),
        ("أعلنت وزارة الدفاع الروسية اليوم عن مناورات في طاجيكستان .",
         [("طاجيكستان", "LOC")]),
    ],
)
def test_model_tags_known_names(model, sentence: str, expected: list[tuple[str, str]]) -> None:
    words = sentence.split()
    tags = model.tag(words)
    assert len(tags) == len(words)
    found = _entities(words, tags)
    for item in expected:
        assert item in found, (found, tags)


def test_model_tag_many_and_edge_cases(model) -> None:
    sents = [["ذهب", "محمد", "إلى", "القاهرة"], [], ["."], ["لبنان"]]
    out = model.tag_many(sents)
    assert [len(t) for t in out] == [4, 0, 1, 1]
    assert out[0] == model.tag(sents[0])
    assert out[1] == [] and out[2] == ["O"]
    assert all(t == "O" or t[2:] in {"PER", "LOC", "ORG", "MISC"} for tags in out for t in tags)


def test_cli_eval_ner(tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("وصل O\nالرئيس O\nإلى O\nباريس B-LOC\n\nقال O\nجورج B-PERS\nبوش I-PERS\n",
                    encoding="utf-8")
    result = CliRunner().invoke(root, ["eval", "ner", str(gold)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["tokens"] == 7 and data["sentences"] == 2
    assert data["overall"]["gold"] == 2
    assert set(data["overall"]) == {"precision", "recall", "f1", "gold", "predicted", "correct"}
    assert data["tokens_per_second"] > 0


def test_cli_eval_ner_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("onlyonefield\n", encoding="utf-8")
    result = CliRunner().invoke(root, ["eval", "ner", str(bad)])
    assert result.exit_code == 2 and "line 1" in result.output
    result = CliRunner().invoke(root, ["eval", "ner", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    result = CliRunner().invoke(root, ["eval", "ner", str(bad), "--model", str(tmp_path)])
    assert result.exit_code == 1 and "no NER model" in result.output


def test_gate_file_is_flat() -> None:
    gate = json.loads(GATE.read_text(encoding="utf-8"))
    assert isinstance(gate, dict) and all(not isinstance(v, dict | list) for v in gate.values())
    assert gate["ner_dev_f1"] >= 0.72


# --- on ../shared ---------------------------------------------------------------------------

needs_shared = pytest.mark.skipif(not (SHARED / ANERCORP_TRAIN).is_file(), reason="../shared ANERcorp absent")


@pytest.mark.shared
@needs_shared
def test_dev_f1_floor(model) -> None:
    from marsad.evaluation.ner import evaluate_tags as score

    _, dev = anercorp_train_dev(SHARED)
    pred = model.tag_many([w for w, _ in dev])
    result = score([t for _, t in dev], pred)
    floor = json.loads(GATE.read_text(encoding="utf-8"))["ner_dev_f1"]
    assert result["overall"]["f1"] >= floor, result["overall"]


@pytest.mark.shared
@needs_shared
def test_fast_normalizer_on_anercorp() -> None:
    lang = load_langdata("ar")
    fast = FastNormalizer(lang)
    train, dev = anercorp_train_dev(SHARED)
    words = {w for s, _ in train + dev for w in s}
    bad = [w for w in words if fast(w) != normalize_string(w, lang=lang)]
    assert not bad, bad[:10]


def test_word_cache_overflow_keeps_every_word_of_the_batch() -> None:
    """When the bounded word cache is cleared mid-batch, words cached before must be
    recomputed, not lost (a KeyError in long ingests)."""
    from marsad.ner import load_ner_model
    from marsad.ner.inference import Decoder

    model = load_ner_model()
    small = Decoder(model._decoder.w, model.features, cache_size=6)
    first = ["قال", "الرئيس", "الروسي", "في", "موسكو"]
    second = ["قال", "وزير", "الخارجية", "الأردني", "في", "عمان", "أمس"]
    small.emissions_many([first])
    again = small.emissions_many([second])  # overflows: 5 cached + 5 new > 6
    reference = model._decoder.emissions_many([second])
    assert len(again) == 1 and again[0].shape == reference[0].shape
    assert (abs(again[0] - reference[0]) < 1e-5).all()
