"""The output contract: real output validates against the project's schema and the shared one,
and the project's schema keeps every field of the shared contract."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from marsad import code_article, document_from_dict, document_to_dict

from .conftest import REPO, SHARED

PROJECT_SCHEMA = REPO / "src" / "marsad" / "schema" / "document.schema.json"
SHARED_SCHEMA = SHARED / "design" / "document.schema.json"


def _validator(path: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def example_doc(example_text):
    return code_article(example_text)


def test_example_output_validates_against_project_schema(example_doc) -> None:
    errors = list(_validator(PROJECT_SCHEMA).iter_errors(document_to_dict(example_doc)))
    assert not errors, [e.message for e in errors[:5]]


@pytest.mark.shared
def test_example_output_validates_against_shared_contract(example_doc) -> None:
    errors = list(_validator(SHARED_SCHEMA).iter_errors(document_to_dict(example_doc)))
    assert not errors, [e.message for e in errors[:5]]


@pytest.mark.shared
def test_project_schema_keeps_every_shared_field() -> None:
    shared = json.loads(SHARED_SCHEMA.read_text(encoding="utf-8"))
    ours = json.loads(PROJECT_SCHEMA.read_text(encoding="utf-8"))
    assert set(shared["required"]) <= set(ours["required"])
    for name, spec in shared["properties"].items():
        assert name in ours["properties"], name
        if "items" in spec and "properties" in spec["items"]:
            theirs = spec["items"]["properties"]
            mine = ours["properties"][name]["items"]["properties"]
            assert set(theirs) <= set(mine), (name, set(theirs) - set(mine))
            assert set(spec["items"].get("required", [])) <= set(ours["properties"][name]["items"].get("required", []))
    for name, spec in shared["$defs"].items():
        assert set(spec.get("properties", {})) <= set(ours["$defs"][name].get("properties", {})), name


def test_unknown_field_is_rejected_by_project_schema(example_doc) -> None:
    data = document_to_dict(example_doc)
    data["surprise"] = 1
    assert not _validator(PROJECT_SCHEMA).is_valid(data)


def test_round_trip_through_json(example_doc) -> None:
    data = json.loads(json.dumps(document_to_dict(example_doc), ensure_ascii=False))
    again = document_from_dict(data)
    assert document_to_dict(again) == document_to_dict(example_doc)


def test_every_span_points_into_text(example_doc) -> None:
    data = document_to_dict(example_doc)
    text = data["text"]
    for kind in ("sentences", "entities", "times", "quantities", "quotes", "events"):
        for item in data[kind]:
            assert text[item["start"]:item["end"]] == item["text"], (kind, item)


def test_modalities_constant_is_the_schema_enum() -> None:
    from marsad.model import MODALITIES

    schema = json.loads((REPO / "src" / "marsad" / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "modality" in node and isinstance(node["modality"], dict) and "enum" in node["modality"]:
                found.append(tuple(node["modality"]["enum"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert found and set(found) == {MODALITIES}


@pytest.mark.parametrize("dateline", ["القاهرة (رويترز) 3 مارس 2016 -", "موسكو (سبوتنيك) 22 يوليو 2021 -"])
def test_wire_dated_output_validates(dateline: str) -> None:
    doc = code_article(f"{dateline} قال المسؤول في بيان إن المحادثات ستستمر خلال الأسبوع المقبل بين الطرفين.")
    assert doc.published in ("2016-03-03", "2021-07-22") and doc.published_basis == "dateline"
    assert doc.wire is not None and doc.wire.name in ("Reuters", "Sputnik")
    errors = list(_validator(PROJECT_SCHEMA).iter_errors(document_to_dict(doc)))
    assert not errors, [e.message for e in errors[:5]]


ROLE_TEXT = ("وقال المتحدث باسم وزارة الصحة حسام عبد الغفار لوكالة أنباء الشرق الأوسط إن أربعة أشخاص أصيبوا في الانفجار. "
             "وأكد لـ«عكاظ» الشيخ صالح لنجف أن القبائل لن تقبل بالحوار مع المتمردين. "
             "ونقل محامي نادي الأسير عن القيادي أحمد سعدات قوله إن الإضراب سيستمر حتى تحقيق المطالب. "
             "وأضاف دمرداش مخاطبا رئيس الوزراء أحمد داود أوغلو: «قد يتشكل ائتلاف وقد لا يتشكل».")


def test_quote_roles_validate_and_name_entities_of_the_document() -> None:
    doc = code_article(ROLE_TEXT)
    plain = document_to_dict(doc)
    errors = list(_validator(PROJECT_SCHEMA).iter_errors(plain))
    assert not errors, [e.message for e in errors[:5]]
    ids = {e["id"] for e in plain["entities"]}
    roles = [(q[f], f) for q in plain["quotes"] for f in ("medium", "relayed_by", "addressee", "speaker_for") if q[f]]
    assert {f for _, f in roles} == {"medium", "relayed_by", "addressee", "speaker_for"}
    assert all(value in ids for value, _ in roles)
    assert document_from_dict(plain) == doc


@pytest.mark.shared
def test_quote_roles_validate_against_shared_contract() -> None:
    errors = list(_validator(SHARED_SCHEMA).iter_errors(document_to_dict(code_article(ROLE_TEXT))))
    assert not errors, [e.message for e in errors[:5]]
