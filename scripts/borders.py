"""Write data/borders.json, the outline `kachin map` draws: Myanmar's borders and coast.

Source: Natural Earth's Admin 0 country boundaries at 1:50m (public domain), as TopoJSON in
the npm package world-atlas 2.0.2 (ISC licence, Michael Bostock). To regenerate:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/borders.py package/countries-50m.json > data/borders.json

Each line is one TopoJSON arc of Myanmar's outline, decoded to [longitude, latitude] pairs
rounded to 0.01 degree (about a kilometre, far finer than a terminal cell), and named by the
countries it separates, or "coast" when only Myanmar uses it."""

from __future__ import annotations

import json
import sys

MYANMAR = "104"


def arcs_of(geometry: dict) -> list[int]:
    polys = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [a for poly in polys for ring in poly for a in ring]


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        topo = json.load(f)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    geoms = topo["objects"]["countries"]["geometries"]
    users: dict[int, set[str]] = {}
    for g in geoms:
        if g.get("type") in ("Polygon", "MultiPolygon"):
            for a in arcs_of(g):
                users.setdefault(a if a >= 0 else ~a, set()).add(g["properties"]["name"])
    mm = next(g for g in geoms if g.get("id") == MYANMAR)
    lines = []
    for a in sorted({a if a >= 0 else ~a for a in arcs_of(mm)}):
        x = y = 0
        points = []
        for dx, dy in topo["arcs"][a]:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 2), round(y * sy + ty, 2)])
        others = sorted(users[a] - {"Myanmar"})
        lines.append({"between": ["Myanmar", *others] if others else ["coast"], "points": points})
    out = {"source": "Natural Earth, Admin 0 country boundaries 1:50m (public domain), via the npm package "
                     "world-atlas 2.0.2 (ISC licence, Michael Bostock); see scripts/borders.py",
           "lines": lines}
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
