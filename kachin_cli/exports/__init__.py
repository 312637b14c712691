"""Formats a user takes to other tools, one module each (each: records -> str, nothing else).

`timelinejs` (TimelineJS3 JSON), `geojson` (RFC 7946), `csl` (citations: text, CSL-JSON,
BibTeX). A command picks a module by its format name with `module(name)`. What they share
lives here: a record's dates as numbers at the precision the record knows."""

from __future__ import annotations

import sys
from types import ModuleType

# `--format` names that are an export module (the module's name with '-' for '_').
LISTING_EXPORTS = ("timelinejs", "geojson")


def module(name: str) -> ModuleType:
    """The export module of a format name: 'timelinejs' -> kachin_cli.exports.timelinejs."""
    full = f"kachin_cli.exports.{name.replace('-', '_')}"
    # __import__ rather than importlib.import_module: it is what `-X importtime` sees,
    # so the lazy-import test sees it too
    __import__(full)
    return sys.modules[full]


def date_parts(text: str | None) -> list[int]:
    """'2014-11-19' -> [2014, 11, 19]; '2012-03' -> [2012, 3]; '1994' -> [1994]: the
    date at the precision it is known, never padded with a guessed month or day."""
    if not text:
        return []
    return [int(p) for p in text.split("-")]


PRECISIONS = {1: "year", 2: "month", 3: "day"}


def date_precision(text: str | None) -> str | None:
    """'day', 'month' or 'year': how precisely an ISO date at reduced precision is known."""
    return PRECISIONS.get(len(date_parts(text))) if text else None
