"""The actor registry: shipped tables, dated roles, the user registry (TSV and YAML, all or
nothing), ``marsad actors resolve | import | list``, ``--actors`` on ``code`` and ``ingest``, the
registry version the store keeps, and unambiguous codes across every table."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.actors import actor_registry, build_registry, load_user_registry, pick_code
from marsad.actors.petrarch import parse
from marsad.actors.registry import DatedCode
from marsad.cli import root
from marsad.errors import RegistryError
from marsad.settings import Settings
from marsad.stages.normalize import normalize_string
from marsad.stages.segment import tokenize_view

from .conftest import EXAMPLE

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
HEADER = "name\tcode\tfrom\tto\taliases\tkind\tenglish\n"


def run(*args: str):
    return CliRunner().invoke(root, list(args), catch_exceptions=False)


def countries(lang) -> frozenset[str]:
    return frozenset(row["iso3"] for row in lang.table("countries")["countries"])


def key(value: str, lang) -> tuple[str, ...]:
    return tuple(w for _, _, w in tokenize_view(normalize_string(value, lang=lang)))


# --- codes -------------------------------------------------------------------------------------------------------

def test_one_group_one_code_across_every_table(lang) -> None:
    """An organisation's name gives one code whichever table holds it (the Houthis were HTI in
    one table and YEMUAF in a sentence); no organisation code is a country code."""
    registry = actor_registry(lang)
    iso3 = countries(lang)
    codes: dict[tuple[str, ...], set[str]] = {}
    for record in registry.records:
        if record.kind != "org":
            continue
        for name in record.names:
            codes.setdefault(key(name, lang), set()).update(c.code for c in record.codes if not (c.start or c.end))
        for c in record.codes:
            assert c.code not in iso3, (record.id, c.code)
    ambiguous = {k: v for k, v in codes.items() if len(v) > 1}
    assert not ambiguous
    assert codes[key("الحوثيين", lang)] == {"YEMREBHTH"} and codes[key("طالبان", lang)] == {"AFGREBTAL"}


# --- dated roles -------------------------------------------------------------------------------------------------

ROLES = (DatedCode("IRQGOV", "IRQ", "GOV", "2006-05-20", "2014-09-08"),
         DatedCode("IRQELI", "IRQ", "ELI", "2014-09-08", None))


@pytest.mark.parametrize(("when", "code", "why"), [
    ("2010-01-01", "IRQGOV", "covers"), ("2016-01-01", "IRQELI", "covers"),
    ("2014-09-08", "IRQELI", "covers"),  # both cover the day: the one that starts latest
    ("2001-01-01", "IRQGOV", "earliest role"), (None, "IRQELI", "most recent"),
])
def test_the_role_that_applies_on_a_date(when, code: str, why: str) -> None:
    chosen, reason = pick_code(ROLES, when)
    assert chosen.code == code and why in reason


def test_a_dated_role_applies_by_the_article_date(lang) -> None:
    from marsad.pipeline import code_article

    text = "قال نوري المالكي إن الحكومة ستواصل عملها."
    before = code_article(text, published="2012-03-01", lang=lang, settings=Settings(ner=False))
    after = code_article(text, published="2015-03-01", lang=lang, settings=Settings(ner=False))

    def maliki(doc):
        return next(e for e in doc.entities if e.text == "نوري المالكي").actor.code

    assert (maliki(before), maliki(after)) == ("IRQGOV", "IRQELI")


def test_registry_people_carry_their_usual_english_spelling(lang) -> None:
    # ``english_names`` of the filter file (rule 9 of scripts/builders/actors.py): the usual
    # spelling, not the transliteration of the mention ("Putin", "Abdullah Saleh")
    from marsad.pipeline import code_article

    doc = code_article("وقال بوتين إن روسيا ستدعم طاجيكستان، فيما التقى عبد الله صالح وفدا من حزبه.",
                       published="2015-08-01", lang=lang, settings=Settings(ner=False))
    names = {e.text: e.canonical for e in doc.entities if e.type == "PER"}
    assert names["بوتين"] == "Vladimir Putin"
    assert names["عبد الله صالح"] == "Ali Abdullah Saleh"


def test_curated_additions_are_well_formed() -> None:
    # scripts/sources/actors_filter.json: ids unique, Arabic names, CAMEO codes, ranges in order
    import re

    curated = json.loads((REPO / "scripts" / "sources" / "actors_filter.json").read_text(encoding="utf-8"))
    rows = curated["additions"]
    ids = [a["id"] for a in rows]
    assert len(set(ids)) == len(ids)
    for a in rows:
        assert re.fullmatch(r"[a-z0-9-]+", a["id"]) and a["kind"] in {"person", "organisation", "group"}, a
        assert all(re.fullmatch(r"[\u0621-\u064A ]+", n) for n in a["names"]), a
        for c in a["codes"]:
            assert re.fullmatch(r"([A-Z]{3}){1,3}", c["code"]), a
            assert c["from"] is None or c["to"] is None or c["from"] < c["to"], a


def test_office_holders_the_source_lacks_are_added_with_dated_codes(lang) -> None:
    # the curated additions: a bare surname codes its holder on the article's date
    from marsad.pipeline import code_article

    text = "وقال السيسي إن مصر ستدعم الحوار، فيما التقى كيري وزير الخارجية الإيراني محمد جواد ظريف."
    doc = code_article(text, published="2015-08-01", lang=lang, settings=Settings(ner=False))
    found = {e.text: (e.actor.code if e.actor else None, e.canonical) for e in doc.entities if e.type == "PER"}
    assert found["السيسي"] == ("EGYGOV", "Abdel Fattah el-Sisi")
    assert found["كيري"] == ("USAGOV", "John Kerry")
    assert found["محمد جواد ظريف"] == ("IRNGOV", "Mohammad Javad Zarif")



@pytest.mark.skipif(not (SHARED_DATA / "dictionaries" / "universalpetrarch-ar").is_dir(),
                    reason="needs ../shared (the UniversalPetrarch Arabic dictionary)")
def test_an_english_name_for_no_kept_person_fails_the_build(monkeypatch, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("actors_builder", REPO / "scripts" / "builders" / "actors.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    curated = json.loads(builder.FILTER.read_text(encoding="utf-8"))
    curated["english_names"] = {**curated["english_names"], "شخص لا وجود له": "Nobody"}
    stale = tmp_path / "actors_filter.json"
    stale.write_text(json.dumps(curated, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(builder, "FILTER", stale)
    with pytest.raises(ValueError, match="english_names: 1 name"):
        builder.build(SHARED_DATA)


# --- PETRARCH / Phoenix dictionaries ------------------------------------------------------------------------------

PHOENIX = """# a Phoenix-style actors file
BAN_KI-MOON
+UN_SECRETARY-GENERAL_BAN_KI-MOON
+BAN_KI_MOON
\t[IGOUNO >20070101]
\t[KORGOVBUS 20040117-20061201]
KOFI_ANNAN_  [IGOUNO 970101-061231] [ELI]  # two codes on one line, six-digit dates
BAD_ONE_ [?MIL 19980218-20050918]
NOBODY_ [---]
"""


def test_petrarch_format() -> None:
    parsed = parse(PHOENIX)
    names = [e.name for e in parsed.entries]
    assert names == ["BAN KI-MOON", "KOFI ANNAN", "BAD ONE", "NOBODY"]
    ban, annan = parsed.entries[:2]
    assert [a for a, _ in ban.aliases] == ["UN SECRETARY-GENERAL BAN KI-MOON", "BAN KI MOON"]
    assert [(c.code, str(c.start), str(c.end)) for c in ban.codes] == [
        ("IGOUNO", "2007-01-01", "None"), ("KORGOVBUS", "2004-01-17", "2006-12-01")]
    assert [(c.code, str(c.start), str(c.end)) for c in annan.codes] == [
        ("IGOUNO", "1997-01-01", "2006-12-31"), ("ELI", "None", "None")]
    assert parsed.entries[3].codes == [] and parsed.problems == [(8, "malformed code [?MIL 19980218-20050918]")]


# --- the user registry --------------------------------------------------------------------------------------------

@pytest.fixture
def user(tmp_path: Path) -> Path:
    path = tmp_path / "project.tsv"
    path.write_text(
        "# a project's actors\n" + HEADER
        + "حيدر العبادي\tIRQGOV\t2014-09-08\t2020-05-07\tالعبادي\tperson\tHaider al-Abadi\n"
        + "حيدر العبادي\tIRQLEG\t2006-01-01\t2014-09-07\t\tperson\t\n"
        + "الحوثيين\tYEMGOVHTH\t2014-09-21\t\tالحوثيون|أنصار الله\torg\tHouthis (Sanaa)\n"
        + "طالبان\t---\t\t\t\torg\t\n", encoding="utf-8")
    return path


def test_user_registry_adds_overrides_and_removes(lang, user: Path) -> None:
    registry = build_registry(lang, user)
    abadi = next(r for r in registry.records if r.names[0] == "حيدر العبادي")
    assert abadi.names == ("حيدر العبادي", "العبادي") and len(abadi.codes) == 2 and abadi.line == 3
    assert pick_code(abadi.codes, "2010-01-01")[0].code == "IRQLEG"
    houthis = [r for r in registry.records if "الحوثيين" in r.names]
    assert [r.codes[0].code for r in houthis] == ["YEMGOVHTH"]  # the shipped entry no longer answers
    assert "houthis" in {r.id for r in registry.overridden}
    assert not any("طالبان" in r.names for r in registry.records)  # removed
    assert registry.version != actor_registry(lang).version


@pytest.mark.parametrize(("body", "line", "message"), [
    (HEADER + "حيدر العبادي\tIRQGOV\n" + "فلان\tHTX\n", 3, "does not begin with a known country"),
    (HEADER + "\tIRQGOV\n", 2, "the name is empty"),
    (HEADER + "فلان\t\n", 2, "has no code"),
    (HEADER + "فلان\tIRQGOV\t2014-13-01\n", 2, "dates are YYYY-MM-DD"),
    (HEADER + "فلان\tIRQGOV\t2014-01-01\t2013-01-01\n", 2, "ends (2013-01-01) before it starts"),
    (HEADER + "فلان\tIRQGOV\t\t\t\tpeople\n", 2, "kind 'people'"),
    (HEADER + "فلان\tirqgov\n", 2, "not CAMEO blocks"),
    ("name\tcode\tcolour\n", 1, "unknown column 'colour'"),
    ("# only a comment\n", 1, "empty registry"),
    (HEADER + "فلان\tIRQGOV\t\t\t\t\t\textra\n", 2, "fields"),
    ("name\tcode\tcountry\nفلان\tIRQGOV\tSYR\n", 2, "does not match the code"),
])
def test_a_bad_registry_is_one_error_naming_the_line(lang, tmp_path: Path, body: str, line: int,
                                                      message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_user_registry(path, countries=countries(lang))
    text = str(info.value)
    assert text.startswith(f"{path}:{line}: ") and message in text and "\n" not in text


def test_yaml_registry(lang, tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    good = tmp_path / "project.yaml"
    good.write_text("- name: حيدر العبادي\n  kind: person\n  aliases: [العبادي]\n  codes:\n"
                    "    - {code: IRQLEG, from: 2006-01-01, to: 2014-09-07}\n"
                    "    - {code: IRQGOV, from: 2014-09-08, to: 2020-05-07}\n"
                    "- name: الحوثيين\n  kind: org\n  code: YEMREBHTH\n", encoding="utf-8")
    records = load_user_registry(good, countries=countries(lang))
    assert [len(r.codes) for r in records] == [2, 1] and records[0].names == ("حيدر العبادي", "العبادي")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: حيدر العبادي\n  code: IRQGOV\n- name: فلان\n  colour: red\n  code: IRQGOV\n",
                   encoding="utf-8")
    with pytest.raises(RegistryError, match=rf"^{bad}:4: unknown field 'colour'"):
        load_user_registry(bad, countries=countries(lang))


# --- the command line, end to end ----------------------------------------------------------------------------------

def test_resolve_shows_the_entry_and_the_dated_role() -> None:
    got = run("actors", "resolve", "نوري المالكي", "--date", "2012-03-01")
    assert got.exit_code == 0, got.output
    assert "ar/actors.json entry up-" in got.output and "actor_dict_ar_v4.txt line" in got.output
    assert "role used: IRQGOV 2010-12-21..2014-09-08 (role 2010-12-21..2014-09-08 covers 2012-03-01)" in got.output
    later = json.loads(run("actors", "resolve", "نوري المالكي", "--date", "2015-03-01", "--format", "json").output)
    assert later["entries"][0]["code"] == "IRQELI" and later["entities"][0]["code"] == "IRQELI"
    group = json.loads(run("actors", "resolve", "هاجم المسلحون الحوثيون مدينة عدن", "--format", "json").output)
    assert [e["code"] for e in group["entities"] if e["type"] == "ORG"] == ["YEMREBHTH"]


def test_resolve_with_a_user_registry(user: Path) -> None:
    got = run("actors", "resolve", "الحوثيين", "--date", "2016-01-01", "--actors", str(user))
    assert got.exit_code == 0, got.output
    assert f"entry org -> YEMGOVHTH: user registry {user} line 5" in got.output
    assert "overrides langdata ar/organizations.json entry houthis (YEMREBHTH)" in got.output
    assert "entity ORG «الحوثيين» -> YEMGOVHTH" in got.output


def test_resolve_rejects_a_bad_date_and_a_bad_registry(tmp_path: Path) -> None:
    got = run("actors", "resolve", "طالبان", "--date", "2016-13-01")
    assert got.exit_code == 2 and "not a date" in got.output
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "فلان\tHTX\n", encoding="utf-8")
    got = CliRunner().invoke(root, ["actors", "resolve", "طالبان", "--actors", str(bad)])
    assert got.exit_code == 2 and got.output.strip().count("\n") == 0
    assert got.output.startswith(f"marsad: error: {bad}:2: ")


def test_code_with_a_bad_registry_codes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "حيدر العبادي\tIRQGOV\n" + "فلان\tIRQGOV\t2020-01-01\t2019-01-01\n", encoding="utf-8")
    got = CliRunner().invoke(root, ["code", str(EXAMPLE), "--actors", str(bad)])
    assert got.exit_code == 2 and got.output.strip().splitlines() == [
        f"marsad: error: {bad}:3: the role ends (2019-01-01) before it starts (2020-01-01)"]


def test_import_a_phoenix_dictionary_then_code_with_it(tmp_path: Path) -> None:
    dictionary = tmp_path / "project.actors.txt"
    dictionary.write_text(
        "# our analysts' dictionary\n"
        "رستم_إمام_علي_\n+رستم_امام_علي\n\t[TJKGOV >20200417]\n\t[TJKLEG 20150101-20200416]\n"
        "حركة_أنصار_الشرق_ [AFGREBANS]\n"
        "سيء_ [?MIL]\n", encoding="utf-8")
    out = tmp_path / "project.tsv"
    got = run("actors", "import", str(dictionary), "--out", str(out))
    assert got.exit_code == 0, got.output
    assert "3 entries read, 2 imported as 3 rows (2 dated roles)" in got.output and "line 7: malformed code" in got.output
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()[2:]]
    assert [(r[0], r[1], r[4], r[5]) for r in rows] == [
        ("رستم إمام علي", "TJKGOV", "2020-04-17", ""), ("رستم إمام علي", "TJKLEG", "2015-01-01", "2020-04-16"),
        ("حركة أنصار الشرق", "AFGREBANS", "", "")]
    assert run("actors", "import", str(dictionary), "--out", str(out)).exit_code == 2  # exists: --force
    article = tmp_path / "a.txt"
    article.write_text("قال رستم إمام علي إن حركة أنصار الشرق هاجمت القرية.", encoding="utf-8")
    coded = run("code", str(article), "--published", "2021-05-01", "--actors", str(out))
    entities = {e["text"]: e for e in json.loads(coded.output)["entities"]}
    assert entities["رستم إمام علي"]["actor"]["code"] == "TJKGOV"
    assert entities["حركة أنصار الشرق"]["actor"]["code"] == "AFGREBANS"
    earlier = run("code", str(article), "--published", "2018-05-01", "--actors", str(out))
    assert {e["text"]: e for e in json.loads(earlier.output)["entities"]}["رستم إمام علي"]["actor"]["code"] == "TJKLEG"
    plain = json.loads(run("code", str(article)).output)["entities"]
    assert not any((e["actor"] or {}).get("code") in ("TJKGOV", "AFGREBANS") for e in plain)  # the shipped one


def test_actors_list_is_the_store_listing(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    assert run("ingest", str(EXAMPLE), "--db", db, "-q", "-j", "1").exit_code == 0
    default = run("actors", "--db", db, "--format", "jsonl").output
    listed = run("actors", "list", "--db", db, "--format", "jsonl").output
    assert default == listed and "AFGREBTAL" in default


def test_the_store_records_the_registry_version(tmp_path: Path, user: Path, lang) -> None:
    plain, custom = str(tmp_path / "plain.db"), str(tmp_path / "custom.db")
    assert run("ingest", str(EXAMPLE), "--db", plain, "-q", "-j", "1").exit_code == 0
    got = run("ingest", str(EXAMPLE), "--db", custom, "-q", "-j", "1", "--actors", str(user))
    assert got.exit_code == 0, got.output
    versions = {}
    for db in (plain, custom):
        with sqlite3.connect(db) as con:
            versions[db] = con.execute("SELECT registry_version FROM documents").fetchall()
    assert versions[plain] == [(actor_registry(lang).version,)]
    assert versions[custom] == [(build_registry(lang, user).version,)] and versions[custom] != versions[plain]
    stats = json.loads(run("stats", "--db", custom, "--format", "json").output)
    assert stats["registry_versions"] == [{"version": versions[custom][0][0], "documents": 1}]
    assert "0007_registry_version" in stats["migrations"]
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tcode\nفلان\tXX\n", encoding="utf-8")
    refused = CliRunner().invoke(root, ["ingest", str(EXAMPLE), "--db", str(tmp_path / "n.db"), "-q",
                                        "--actors", str(bad)])
    assert refused.exit_code == 2 and not (tmp_path / "n.db").exists()
    assert refused.output.strip().splitlines() == [f"marsad: error: {bad}:2: code 'XX' is not CAMEO blocks of "
                                                   "three capital letters"]


# --- the shipped table is a build of ../shared ----------------------------------------------------------------------

@pytest.mark.shared
def test_shipped_actors_table_equals_a_fresh_build() -> None:
    spec = importlib.util.spec_from_file_location("build_langdata", REPO / "scripts" / "build_langdata.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    outputs, skipped = module.build_all(SHARED_DATA, ["actors"])
    assert not skipped and list(outputs) == ["ar/actors.json"]
    assert (module.LANGDATA / "ar" / "actors.json").read_text(encoding="utf-8") == outputs["ar/actors.json"]
    meta = json.loads(outputs["ar/actors.json"])["meta"]
    assert "entries read: 5968" in meta["notes"] and "MIT" in meta["licence"]
