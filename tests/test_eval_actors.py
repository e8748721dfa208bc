"""``marsad eval actors``: code slots, name folding, overlap matching, the figures, the gold
reader's one-line errors and the floors on the hand-annotated actor set."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from marsad.cli import root
from marsad.errors import InputError
from marsad.evaluation.actors import (
    GOLD_FIELDS,
    GoldActor,
    code_slots,
    match_mention,
    name_key,
    read_gold_actors,
    score_mentions,
)
from marsad.model import Actor, Entity

URL = "http://example.test/a"
TEXT = "قال رئيس الوزراء العراقي حيدر العبادي إن الحكومة ستدعم المزارعين. وأضاف العبادي أن الأمم المتحدة ترحب."


def span(words: str, after: int = 0) -> tuple[int, int]:
    i = TEXT.index(words, after)
    return i, i + len(words)


def gold(words: str, code: str, english: str | None, basis: str, after: int = 0) -> GoldActor:
    a, b = span(words, after)
    return GoldActor(url=URL, start=a, end=b, span=words, code=code, english=english, basis=basis, type="person")


def entity(words: str, code: str | None, canonical: str | None = None, after: int = 0) -> Entity:
    a, b = span(words, after)
    return Entity(id=f"e{a}", type="PER", text=words, start=a, end=b, canonical=canonical,
                  actor=Actor(code=code) if code else None)


def test_code_slots_read_country_and_role():
    assert code_slots("IRQGOV") == ("IRQ", "GOV")
    assert code_slots("IGOUNO") == ("IGO", "UNO")
    assert code_slots("YEMREBHTH") == ("YEM", "REB")
    assert code_slots("GOV") == ("", "GOV")
    assert code_slots("TUR") == ("TUR", "")
    assert code_slots("---") == ("", "") and code_slots(None) == ("", "")


def test_name_key_folds_case_accents_hyphens_and_brackets():
    assert name_key("Haider al-Abadi") == name_key("haider Al Abadi")
    assert name_key("François Hollande") == "francois hollande"
    assert name_key("Islamic State (ISIS)") == name_key("Islamic State")
    assert name_key("Hidr Albadi") != name_key("Haider al-Abadi")
    assert name_key(None) == ""


def test_match_takes_the_entity_sharing_most_characters_then_a_coded_one():
    g = gold("حيدر العبادي", "IRQGOV", "Haider al-Abadi", "nisba")
    whole = entity("حيدر العبادي", "IRQGOV")
    part = entity("العبادي", "IRQGOV")
    assert match_mention(g, [part, whole]) is whole
    uncoded = entity("حيدر العبادي", None)
    assert match_mention(g, [uncoded, whole]) is whole
    assert match_mention(g, [entity("الحكومة", "GOV")]) is None


def test_scores_found_country_role_name_and_basis():
    abadi = gold("حيدر العبادي", "IRQGOV", "Haider al-Abadi", "nisba")
    government = gold("الحكومة", "IRQGOV", None, "document")
    later = gold("العبادي", "IRQGOV", "Haider al-Abadi", "coref", after=span("وأضاف")[0])
    un = gold("الأمم المتحدة", "IGOUNO", "United Nations", "name")
    pairs = [
        (abadi, entity("حيدر العبادي", "IRQGOV", "Haider Al-Abadi")),  # all right
        (government, entity("الحكومة", "GOV")),  # role right, no country
        (later, None),  # missed
        (un, entity("الأمم المتحدة", "IGOUNO", "United Nations (UN)")),
    ]
    out = score_mentions(pairs, errors=True)
    assert out["mentions"] == 4 and out["found"] == 0.75
    assert out["country"] == 0.5 and out["role"] == 0.75 and out["country_role"] == 0.5
    assert out["country_role_of_found"] == 0.6667
    assert out["name"] == {"accuracy": 0.6667, "correct": 2, "scored": 3}
    assert out["by_basis"]["document"] == {"gold": 1, "found": 1.0, "country": 0.0, "role": 1.0, "country_role": 0.0}
    assert out["by_basis"]["coref"]["found"] == 0.0
    assert [(e["span"], e["wrong"]) for e in out["errors"]] == [
        ("الحكومة", ["country"]), ("العبادي", ["found", "country", "role", "name"])]


def _record(words: str, code: str, **extra) -> dict:
    a, b = span(words)
    country, role = code_slots(code)
    return {"url": URL, "zip": "2015-08-10.zip", "outlet": "example", "start": a, "end": b, "span": words,
            "code": code, "country": country, "role": role, "english": None, "basis": "nisba", "type": "person",
            **extra}


def test_read_gold_rejects_bad_records(tmp_path):
    ok = _record("حيدر العبادي", "IRQGOV")
    cases = {
        "offsets": (ok | {"end": ok["start"]}, "start and end must be integers"),
        "span": (ok | {"span": "حيدر"}, "span must be the text between start and end"),
        "code": (ok | {"code": "IRQGO"}, "code must be a CAMEO code"),
        "slots": (ok | {"role": "MIL"}, "country and role must be the slots of IRQGOV"),
        "basis": (ok | {"basis": "guess"}, "basis must be one of"),
        "type": (ok | {"type": "someone"}, "type must be one of"),
    }
    for name, (rec, message) in cases.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_text("\n" + json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
        with pytest.raises(InputError, match=f"line 2: {message}"):
            read_gold_actors(path)
    missing = {k: v for k, v in ok.items() if k != "basis"}
    path = tmp_path / "missing.jsonl"
    path.write_text(json.dumps(missing, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1 is not a gold actor mention .missing basis."):
        read_gold_actors(path)
    assert set(GOLD_FIELDS) <= set(ok)


@pytest.fixture
def corpus(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    with zipfile.ZipFile(raw / "2015-08-10.zip", "w") as zf:
        zf.writestr("example.json", json.dumps([{"source": "example", "url": URL, "date_extracted": "2015-08-10",
                                                  "content": TEXT}], ensure_ascii=False))
    lines = [_record("حيدر العبادي", "IRQGOV", english="Haider al-Abadi"),
             _record("الأمم المتحدة", "IGOUNO", english="United Nations", basis="name", type="organisation")]
    gold_file = tmp_path / "actors.jsonl"
    gold_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    return raw, gold_file, lines


def test_cli_scores_a_small_gold(corpus):
    raw, gold_file, _ = corpus
    result = CliRunner().invoke(root, ["eval", "actors", str(gold_file), "--corpus", str(raw), "--errors"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["gold"] == {"file": str(gold_file), "articles": 1, "outlets": 1, "mentions": 2}
    assert out["found"] == 1.0 and out["country_role"] == 1.0  # the title's nisba; the UN's own code
    assert out["name"]["scored"] == 2 and isinstance(out["errors"], list)


def test_cli_drifted_span_and_absent_corpus_are_one_line_errors(corpus, tmp_path):
    raw, gold_file, lines = corpus
    drifted = dict(lines[0], start=lines[0]["start"] + 1, end=lines[0]["end"] + 1)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(drifted, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(root, ["eval", "actors", str(bad), "--corpus", str(raw)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"marsad: error: {bad}: line 1: span does not match the article's text at "
        f"{drifted['start']}:{drifted['end']}"]
    result = CliRunner().invoke(root, ["eval", "actors", str(gold_file), "--corpus", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "corpus not found at" in result.output and "Traceback" not in result.output


@pytest.mark.shared
def test_actor_gold_floors(shared_dir):
    """Actor codes on the hand-annotated actor set: the floors in the quality gate."""
    from pathlib import Path

    from marsad.evaluation.actors import evaluate_actors

    repo = Path(__file__).resolve().parent.parent
    gate = json.loads((repo / "tests" / "quality_gate.json").read_text(encoding="utf-8"))
    result = evaluate_actors(repo / "tests" / "annotations" / "actors.jsonl",
                             shared_dir / "data" / "corpora" / "saudinewsnet" / "raw")
    assert result["gold"]["mentions"] >= 150 and result["gold"]["articles"] >= 20 and result["gold"]["outlets"] >= 5
    assert result["found"] >= gate["actors_found"]
    assert result["country_role"] >= gate["actors_country_role_accuracy"]
    assert result["name"]["accuracy"] >= gate["actors_name_accuracy"]
