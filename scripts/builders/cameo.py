"""Build ``common/cameo.json``: every CAMEO event code with its name, Goldstein score,
QuadClass and PLOVER type/mode/context.

Sources (in ``shared/data``):

* ``cameo/CAMEO.eventcodes.txt`` (GDELT lookup table; three known typos fixed below, see its README),
* ``cameo/CAMEO.goldsteinscale.txt`` (GDELT Goldstein scores),
* ``events/en-plover/CAMEO2PLOVER-2021.txt`` (the official CAMEO to PLOVER mapping, PLOVER 0.8).

QuadClass follows GDELT: roots 01-05 verbal cooperation (1), 06-09 material cooperation (2),
10-14 verbal conflict (3), 15-20 material conflict (4). A code the PLOVER table does not list
takes the PLOVER type of its nearest listed ancestor (``plover_basis: "parent"``); the table
has no entries for roots 01 (public statement) and 02 (appeal): PLOVER folds CAMEO appeals
into REQUEST (PLOVER manual 0.8, "REQUEST"), which is recorded with ``plover_basis: "manual"``,
and public statements have no PLOVER type (``plover: null``).
"""

from __future__ import annotations

import re
from pathlib import Path

NEEDS_SHARED = True

TARGET = "common/cameo.json"

# The three known defects of the GDELT event-code table (cameo/README.md).
_NAME_FIXES = {
    "033": ("matyerial", "material"),
}
_THIRD_LOCATION = "Meet at a 'third' location"
_MERGED = re.compile(r"^(?P<name>.*?)(?P<code>\d{3,4}):\[(?P<gold>-?\d+(?:\.\d+)?)\]\s*(?P<rest>.*)$")

# PLOVER manual 0.8: CAMEO 02 (appeal) is part of REQUEST; CAMEO 01 has no PLOVER category.
_MANUAL_ROOTS = {"02": "REQUEST"}


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").split("\n")


def _event_codes(path: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for line in _read_lines(path)[1:]:
        if not line.strip():
            continue
        code, _, name = line.partition("\t")
        code = code.strip()
        if len(code) < 2:  # the QuadClass headings "1".."4"
            continue
        name = name.strip()
        merged = _MERGED.match(name)
        if merged:  # "Demand de-escalation of military engagement106:[-5.0] Demand withdrawal"
            names[code] = merged["name"].strip()
            names[merged["code"]] = merged["rest"].strip()
            continue
        if code == "044":
            name = _THIRD_LOCATION
        if code in _NAME_FIXES:
            old, new = _NAME_FIXES[code]
            name = name.replace(old, new)
        names[code] = name
    return names


def _goldstein(path: Path) -> dict[str, float]:
    scores: dict[str, float] = {}
    for line in _read_lines(path)[1:]:
        if line.strip():
            code, _, value = line.partition("\t")
            scores[code.strip()] = float(value)
    return scores


def _plover(path: Path) -> dict[str, tuple[str, str | None, str | None]]:
    table: dict[str, tuple[str, str | None, str | None]] = {}
    for line in _read_lines(path):
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        kind = parts[0]
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        context = parts[2] if len(parts) > 2 and parts[2] else None
        code = m.group(1)
        if kind and code not in table:
            table[code] = (kind, mode, context)
    return table


def quad_class(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


def build(shared: Path | None) -> dict[str, dict]:
    if shared is None:
        return {}
    names = _event_codes(shared / "cameo" / "CAMEO.eventcodes.txt")
    gold = _goldstein(shared / "cameo" / "CAMEO.goldsteinscale.txt")
    plover = _plover(shared / "events" / "en-plover" / "CAMEO2PLOVER-2021.txt")
    codes: dict[str, dict] = {}
    for code in sorted(names, key=lambda c: (c[:2], c)):
        entry: dict = {"name": names[code], "root": code[:2], "quad_class": quad_class(code[:2])}
        entry["goldstein"] = gold.get(code, gold.get(code[:3], gold.get(code[:2])))
        basis = "table"
        found = None
        for k in range(len(code), 1, -1):
            if code[:k] in plover:
                found = plover[code[:k]]
                basis = "table" if k == len(code) else "parent"
                break
        if found is None and code[:2] in _MANUAL_ROOTS:
            found, basis = (_MANUAL_ROOTS[code[:2]], None, None), "manual"
        entry["plover"] = found[0] if found else None
        entry["plover_mode"] = found[1] if found else None
        entry["plover_context"] = found[2] if found else None
        entry["plover_basis"] = basis if found else None
        codes[code] = entry
    data = {
        "meta": {
            "source": "GDELT CAMEO lookup tables (CAMEO.eventcodes.txt, CAMEO.goldsteinscale.txt) and the "
            "official CAMEO2PLOVER-2021.txt mapping (openeventdata/PLOVER @5e0c24f)",
            "licence": "CAMEO codebook facts (public); PLOVER mapping CC BY-SA 4.0",
            "generated_by": "scripts/builders/cameo.py",
            "notes": "QuadClass from the root (GDELT rule); plover_basis: table (listed), parent (nearest "
            "listed ancestor), manual (PLOVER manual: CAMEO 02 is REQUEST); root 01 has no PLOVER type",
        },
        "codes": codes,
    }
    return {TARGET: data}
