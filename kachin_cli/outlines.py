"""The map outline that ships with kachin: Myanmar's borders and coast (`data/borders.json`,
from Natural Earth's 1:50m country boundaries, public domain, by way of the npm package
world-atlas; `scripts/borders.py` makes it). Read only by `kachin map`."""

from __future__ import annotations

import json
import os

CREDIT = "Borders: Natural Earth 1:50m (public domain)."
# Where to write each neighbour's name when that spot is on the map: a point well inside
# the country, near the Kachin region.
COUNTRY_LABELS = (("CHINA", 25.8, 99.6), ("INDIA", 27.6, 94.8), ("THAILAND", 18.5, 100.5),
                  ("LAOS", 20.9, 101.6), ("BANGLADESH", 22.8, 91.6))


def path() -> str:
    """Inside the wheel `kachin_cli/data/borders.json`; in a source checkout `data/borders.json`."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "borders.json")
    return packaged if os.path.isfile(packaged) else os.path.join(os.path.dirname(here), "data", "borders.json")


def lines() -> list[list[tuple[float, float]]]:
    """Each border or stretch of coast as (longitude, latitude) points; none when the file
    is missing or unreadable (the map is then drawn without outlines, and says so)."""
    try:
        with open(path(), encoding="utf-8") as f:
            data = json.load(f)
        return [[(float(lon), float(lat)) for lon, lat in line["points"]] for line in data["lines"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []
