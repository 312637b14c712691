"""Events -> TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

One slide per event: `start_date` (and `end_date` for a span) as {year, month, day} with
only the parts the record knows, numbers, not strings; `text.headline` and `text.text`;
`group`, the event's phase; `unique_id`, the record id. The phases the events fall in are
`eras`. TimelineJS shows `text` as HTML, so every piece of data is HTML-escaped."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from kachin_cli import model
from kachin_cli.exports import date_parts

CREDIT = ("Facts, dates and figures from the encyclopedia article \u00abKachin conflict\u00bb and the reporting "
          "it cites, as the kachin knowledge base records them.")
_KEYS = ("year", "month", "day")


def tl_date(text: str) -> dict[str, int]:
    """'2012-03' -> {'year': 2012, 'month': 3}."""
    return dict(zip(_KEYS, date_parts(text), strict=False))


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _sources(kb: model.KnowledgeBase, record: Any) -> str:
    names = []
    for c in record.sources:
        src = kb.get(c.source)
        name = src.label if src is not None else c.source
        names.append(name + (f", section {c.section}" if c.section and c.source == "article" else
                             f" (cited in the article, section {c.section})" if c.section else ""))
    return "Sources: " + "; ".join(names) + "." if names else ""


def _text(kb: model.KnowledgeBase, e: model.Event) -> str:
    parts = [f"<p>{_esc(e.summary)}</p>"]
    if e.date_note:
        parts.append(f"<p><em>Date: {_esc(e.date_note)}</em></p>")
    if e.claimed_by:
        parts.append(f"<p>Claimed by: {_esc(e.claimed_by)}</p>")
    src = _sources(kb, e)
    if src:
        parts.append(f"<p><small>{_esc(src)}</small></p>")
    return "".join(parts)


def _eras(kb: model.KnowledgeBase, events: Sequence[model.Event]) -> list[dict[str, Any]]:
    """The phases the events overlap, but not a phase that only holds others (the whole
    Myanmar conflict). A phase still going on ends, as an era must, on the day the
    knowledge base was revised, and says so."""
    if not events:
        return []
    first = min(e.first for e in events if e.first)
    last = max(e.last for e in events if e.last)
    parents = {p.part_of for p in kb.phases if p.part_of}
    eras = []
    for p in kb.phases:
        if p.part_of is None and p.id in parents:
            continue
        if p.first is None or p.last < first or p.first > last:
            continue
        end = p.end or kb.revised
        if not end:
            continue
        headline = p.name if p.end else f"{p.name} (ongoing as of {kb.revised})"
        eras.append({"start_date": tl_date(p.start), "end_date": tl_date(end),
                     "text": {"headline": _esc(headline), "text": _esc(p.summary)}, "unique_id": f"era-{p.id}"})
    return eras


def dumps(kb: model.KnowledgeBase, events: Sequence[model.Event]) -> str:
    phases = {p.id: p.name for p in kb.phases}
    slides = []
    for e in events:
        slide: dict[str, Any] = {"start_date": tl_date(e.date)}
        if e.end_date:
            slide["end_date"] = tl_date(e.end_date)
        slide["text"] = {"headline": _esc(e.title), "text": _text(kb, e)}
        if e.phase:
            slide["group"] = phases.get(e.phase, e.phase)
        slide["unique_id"] = e.id
        slides.append(slide)
    doc = {"title": {"text": {"headline": "The Kachin conflict", "text": f"<p>{_esc(CREDIT)}</p>"}},
           "events": slides, "eras": _eras(kb, events)}
    return json.dumps(doc, ensure_ascii=True, indent=1) + "\n"


def note(kb: model.KnowledgeBase, events: Sequence[model.Event]) -> str | None:
    return None
