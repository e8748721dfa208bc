"""Build the observatory's bundled world map from the npm ``world-atlas`` package.

    python scripts/build_world_map.py [--topojson PATH] [--check]

Without ``--topojson`` it runs ``npm pack world-atlas@2`` in a temporary folder (build time
only: the web pages never fetch anything) and reads ``countries-110m.json`` from the tarball.
The TopoJSON arcs are decoded and projected (equirectangular, 2 units per degree: x = (lon +
180) * 2, y = (90 - lat) * 2, a 720 x 360 plane) into one SVG path per country, written to
``src/marsad/web/static/world-110m.json``. Rings that cross the antimeridian are unwrapped and
drawn twice (shifted by 360 degrees) so the SVG view box clips them; rings around a pole are
closed along the map edge.

Data: Natural Earth 1:110m Admin 0 countries (public domain) via world-atlas 2 (ISC licence,
Copyright Michael Bostock). ``--check`` exits 1 when a fresh build differs from the committed file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src" / "marsad" / "web" / "static" / "world-110m.json"
LICENCE = TARGET.with_suffix(".LICENSE.txt")
LICENCE_HEAD = """world-110m.json: country shapes for the Marsad observatory's map.

Derived by scripts/build_world_map.py (projected to SVG paths) from countries-110m.json of the npm
package {source}, a TopoJSON redistribution of Natural Earth 1:110m Admin 0 countries.

Natural Earth (https://www.naturalearthdata.com/): public domain.
world-atlas: ISC licence, reproduced below.

"""
PACKAGE = "world-atlas@2"
MEMBER = "package/countries-110m.json"
SCALE = 2.0  # SVG units per degree
WIDTH, HEIGHT = 360 * SCALE, 180 * SCALE

Point = tuple[float, float]


def fetch_topology() -> tuple[dict[str, Any], str, str]:
    """``npm pack`` the package into a temporary folder and read the 110m countries and the
    package's licence."""
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, capture_output=True, text=True,
                              check=True, timeout=300)
        name = done.stdout.strip().splitlines()[-1]
        with tarfile.open(Path(tmp) / name) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise SystemExit(f"{name} has no {MEMBER}")
            data = json.loads(member.read().decode("utf-8"))
            meta = json.loads(tar.extractfile("package/package.json").read().decode("utf-8"))  # type: ignore[union-attr]
            licence = tar.extractfile("package/LICENSE").read().decode("utf-8")  # type: ignore[union-attr]
    return data, f"world-atlas {meta.get('version', '?')}", licence


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Delta-decoded, de-quantized arcs in (lon, lat) degrees."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        points: list[Point] = []
        x = y = 0.0
        for position in arc:
            if transform:
                x += position[0]
                y += position[1]
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(points: list[Point]) -> list[Point]:
    """Longitudes made continuous (no jump over 180 degrees between neighbours)."""
    out: list[Point] = []
    shift = 0.0
    for i, (lon, lat) in enumerate(points):
        if i:
            prev = points[i - 1][0]
            if lon - prev > 180:
                shift -= 360
            elif prev - lon > 180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def ring_paths(points: list[Point]) -> list[str]:
    """One or more closed SVG subpaths for one ring."""
    if len(points) < 3:
        return []
    pts = unwrap(points)
    if abs(pts[-1][0] - pts[0][0]) > 180:  # goes round a pole: close along the map edge
        pole = 90.0 if sum(lat for _, lat in pts) > 0 else -90.0
        pts = pts + [(pts[-1][0], pole), (pts[0][0], pole)]
        base = min(lon for lon, _ in pts)
        pts = [(lon - base - 180, lat) for lon, lat in pts] if base > -180 else pts
    lo, hi = min(lon for lon, _ in pts), max(lon for lon, _ in pts)
    shifts = [0.0]
    if hi > 180:
        shifts.append(-360.0)
    if lo < -180:
        shifts.append(360.0)
    return [path(pts, shift) for shift in shifts]


def project(lon: float, lat: float) -> Point:
    return (lon + 180.0) * SCALE, (90.0 - lat) * SCALE


def path(points: list[Point], shift: float) -> str:
    parts: list[str] = []
    last = ""
    for lon, lat in points:
        x, y = project(lon + shift, lat)
        cell = f"{x:.1f},{y:.1f}"
        if cell != last:
            parts.append(cell)
            last = cell
    return "M" + "L".join(parts) + "Z"


def build(topology: dict[str, Any], source: str) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry.get("arcs", []) if kind == "MultiPolygon" else []
        subpaths = [sub for polygon in polygons for ring in polygon for sub in ring_paths(ring_points(ring, arcs))]
        if not subpaths:
            continue
        countries.append({"id": str(geometry.get("id", "")), "name": (geometry.get("properties") or {}).get("name", ""),
                          "d": "".join(subpaths)})
    countries.sort(key=lambda c: (c["id"], c["name"]))
    return {
        "meta": {
            "source": f"Natural Earth 1:110m Admin 0 countries (v4.1.0) via the npm package {source}",
            "licence": "Natural Earth: public domain; world-atlas: ISC licence, Copyright 2013-2019 Michael Bostock",
            "generated_by": "scripts/build_world_map.py",
            "projection": "equirectangular: x = (lon + 180) * 2, y = (90 - lat) * 2",
        },
        "width": WIDTH,
        "height": HEIGHT,
        "scale": SCALE,
        "countries": countries,
    }


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topojson", type=Path, help="countries-110m.json already on disk (skips npm pack)")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is not up to date")
    args = parser.parse_args(argv)
    licence: str | None = None
    if args.topojson:
        topology, source = json.loads(args.topojson.read_text(encoding="utf-8")), "world-atlas 2"
        package = args.topojson.parent / "package.json"
        if package.exists():
            source = f"world-atlas {json.loads(package.read_text(encoding='utf-8')).get('version', '?')}"
        beside = args.topojson.parent / "LICENSE"
        licence = beside.read_text(encoding="utf-8") if beside.exists() else None
    else:
        topology, source, licence = fetch_topology()
    text = render(build(topology, source))
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(REPO)} is out of date: run scripts/build_world_map.py", file=sys.stderr)
            return 1
        print(f"{TARGET.relative_to(REPO)} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    if licence is not None:
        LICENCE.write_text(LICENCE_HEAD.format(source=source) + licence, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)}: {len(text)} bytes, {text.count(chr(34) + 'd' + chr(34))} countries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
