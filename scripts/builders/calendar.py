"""Build ``ar/calendar.json``: Gregorian month names of every Arabic dialect family, Hijri month
names and weekday names, each with where it came from.

Sources:

* CLDR through ``babel.dates.get_month_names('wide', ...)`` / ``get_day_names`` for the locales
  listed in ``LOCALES`` (Unicode licence): Egyptian/Gulf (``يناير``), Levantine/Iraqi
  (``كانون الثاني``), Maghrebi (``جانفي``, ``يوليوز``) and Mauritanian names;
* the ``hijridate`` package's Arabic month names (MIT) for the Hijri calendar;
* ``ADDITIONS`` below: spellings seen in news that CLDR does not list (``يونيه``, ``يوليه``,
  ``مايس``, ``تشرين أول``, ``ذي الحجة`` ...), curated by the Marsad developers (MIT).

Entries are written in ordinary spelling; variants that only differ by hamza, ta marbuta,
alef maqsura or harakat are not spelled out because the times stage matches the normalized
view. Duplicates are merged, their locales listed together.
"""

from __future__ import annotations

from pathlib import Path

NEEDS_SHARED = False

# Locale -> dialect family. Every Arabic locale CLDR has that uses its own month names.
LOCALES: dict[str, str] = {
    "ar": "standard",
    "ar_EG": "egypt_gulf",
    "ar_SA": "egypt_gulf",
    "ar_AE": "egypt_gulf",
    "ar_KW": "egypt_gulf",
    "ar_QA": "egypt_gulf",
    "ar_BH": "egypt_gulf",
    "ar_OM": "egypt_gulf",
    "ar_YE": "egypt_gulf",
    "ar_SD": "egypt_gulf",
    "ar_LY": "egypt_gulf",
    "ar_LB": "levant_iraq",
    "ar_SY": "levant_iraq",
    "ar_IQ": "levant_iraq",
    "ar_JO": "levant_iraq",
    "ar_PS": "levant_iraq",
    "ar_DZ": "maghreb",
    "ar_TN": "maghreb",
    "ar_MA": "maghreb",
    "ar_MR": "maghreb",
}

# Curated additions: (name, month number, dialect family, note).
ADDITIONS: dict[str, list[tuple[str, int, str, str]]] = {
    "gregorian": [
        ("يونيه", 6, "egypt_gulf", "Egyptian spelling"),
        ("يوليه", 7, "egypt_gulf", "Egyptian spelling"),
        ("ابريل", 4, "egypt_gulf", "spelling without hamza"),
        ("مايس", 5, "levant_iraq", "Iraqi name of May"),
        ("كانون ثاني", 1, "levant_iraq", "without the article"),
        ("تشرين أول", 10, "levant_iraq", "without the article"),
        ("تشرين ثاني", 11, "levant_iraq", "without the article"),
        ("كانون أول", 12, "levant_iraq", "without the article"),
        ("جانفييه", 1, "maghreb", "French-style spelling"),
        ("فيفريه", 2, "maghreb", "French-style spelling"),
        ("جويلييه", 7, "maghreb", "French-style spelling"),
        ("يوليوز", 7, "maghreb", "Moroccan"),
        ("أغشت", 8, "maghreb", "Mauritanian"),
    ],
    "hijri": [
        ("المحرم", 1, "hijri", "with the article"),
        ("محرم الحرام", 1, "hijri", "full name"),
        ("صفر الخير", 2, "hijri", "full name"),
        ("ربيع أول", 3, "hijri", "without the article"),
        ("ربيع الآخر", 4, "hijri", "alternative name"),
        ("ربيع آخر", 4, "hijri", "alternative name"),
        ("ربيع ثاني", 4, "hijri", "without the article"),
        ("جمادى الأول", 5, "hijri", "masculine form"),
        ("جمادى أولى", 5, "hijri", "without the article"),
        ("جمادى الثانية", 6, "hijri", "alternative name"),
        ("جمادى الآخر", 6, "hijri", "masculine form"),
        ("جمادى الثاني", 6, "hijri", "masculine form"),
        ("رجب المرجب", 7, "hijri", "full name"),
        ("شعبان المعظم", 8, "hijri", "full name"),
        ("رمضان المبارك", 9, "hijri", "full name"),
        ("شوال المكرم", 10, "hijri", "full name"),
        ("ذي القعدة", 11, "hijri", "genitive"),
        ("ذا القعدة", 11, "hijri", "accusative"),
        ("ذي الحجة", 12, "hijri", "genitive"),
        ("ذا الحجة", 12, "hijri", "accusative"),
    ],
}

WEEKDAY_ADDITIONS: list[tuple[str, int, str]] = [
    ("الإثنين", 0, "spelling with hamza (CLDR date fields)"),
]


def _entries(names: list[tuple[str, int, str, str]]) -> list[dict]:
    merged: dict[str, dict] = {}
    for name, month, where, source in names:
        entry = merged.setdefault(name, {"name": name, "month": month, "families": [], "sources": []})
        if entry["month"] != month:
            raise ValueError(f"{name!r} names two months ({entry['month']} and {month})")
        if where not in entry["families"]:
            entry["families"].append(where)
        if source not in entry["sources"]:
            entry["sources"].append(source)
    return sorted(merged.values(), key=lambda e: (e["month"], e["name"]))


def build(shared: Path | None) -> dict[str, dict]:
    from babel.dates import get_day_names, get_month_names
    from hijridate import Hijri

    gregorian: list[tuple[str, int, str, str]] = []
    for locale, family in LOCALES.items():
        for context in ("format", "stand-alone"):
            for month, name in get_month_names("wide", context=context, locale=locale).items():
                gregorian.append((name, month, family, f"cldr:{locale}"))
    gregorian += [(n, m, f, f"curated: {note}") for n, m, f, note in ADDITIONS["gregorian"]]

    hijri: list[tuple[str, int, str, str]] = [
        (Hijri(1440, month, 1).month_name("ar"), month, "hijri", "hijridate") for month in range(1, 13)
    ]
    hijri += [(n, m, f, f"curated: {note}") for n, m, f, note in ADDITIONS["hijri"]]

    days: dict[str, dict] = {}
    for context in ("format", "stand-alone"):
        for weekday, name in get_day_names("wide", context=context, locale="ar").items():
            days.setdefault(name, {"name": name, "weekday": weekday, "sources": ["cldr:ar"]})
    for name, weekday, note in WEEKDAY_ADDITIONS:
        days.setdefault(name, {"name": name, "weekday": weekday, "sources": [f"curated: {note}"]})

    table = {
        "meta": {
            "source": "CLDR via babel (month and day names of the Arabic locales), hijridate "
            "(Hijri month names), curated additions in scripts/builders/calendar.py",
            "licence": "Unicode-3.0 (CLDR); MIT (hijridate, curated additions)",
            "generated_by": "scripts/builders/calendar.py",
            "notes": "weekday numbers: Monday=0 ... Sunday=6 (Python's date.weekday())",
        },
        "gregorian_months": _entries(gregorian),
        "hijri_months": _entries(hijri),
        "weekdays": sorted(days.values(), key=lambda d: (d["weekday"], d["name"])),
    }
    return {"ar/calendar.json": table}
