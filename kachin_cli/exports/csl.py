"""A record's sources -> a citation to paste: plain text, CSL-JSON or BibTeX.

Each citation of a record becomes items: the encyclopedia article with the section the
fact comes from; the original reporting the article relays (newspaper, report, statement),
credited as cited in that section; a published page (a `news_report` source) with its
outlet, headline, address and date; general reference said as such. Nothing is added that
the knowledge base does not hold: no invented authors, dates or publishers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from kachin_cli import model
from kachin_cli.exports import date_parts

# CSL item types by the knowledge base's kinds of source.
CSL_TYPES = {"encyclopedia_article": "entry-encyclopedia", "news": "article-newspaper",
             "news_report": "article-newspaper", "magazine": "article-magazine", "ngo_report": "report"}
ARTICLE = "article"
_GENERAL = "general reference, not the article"


def _article_item(kb: model.KnowledgeBase, section: str | None) -> dict[str, Any]:
    src = kb.get(ARTICLE)
    item: dict[str, Any] = {"id": f"article-{_slug(section)}" if section else "article",
                            "type": "entry-encyclopedia", "title": src.label if src is not None else "Kachin conflict"}
    if section:
        item["section"] = section
    if src is not None and src.url:
        item["URL"] = src.url
    return item


def _slug(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-") or "x"


def items(kb: model.KnowledgeBase, record: Any) -> list[dict[str, Any]]:
    """The CSL items for a record's sources, in the order cited, each once. A source
    record cites itself."""
    cites = [model.Citation(source=record.id)] if isinstance(record, model.Source) else \
        list(getattr(record, "sources", ()))
    out: dict[str, dict[str, Any]] = {}
    for c in cites:
        if c.source == ARTICLE:
            item = _article_item(kb, c.section)
            out.setdefault(item["id"], item)
            continue
        src = kb.get(c.source)
        if src is None:
            continue
        item = _source_item(kb, src, c)
        key = item["id"]
        if key in out and "note" in item and item["note"] not in out[key].get("note", ""):
            out[key]["note"] += "; " + item["note"]
        out.setdefault(key, item)
        if c.section and src.kind != "general_reference":
            # the article that relays the report is cited too, at its section
            art = _article_item(kb, c.section)
            out.setdefault(art["id"], art)
    return list(out.values())


def _source_item(kb: model.KnowledgeBase, src: model.Source, c: model.Citation) -> dict[str, Any]:
    if src.kind == "general_reference":
        what = c.note or "widely documented facts"
        return {"id": src.id, "type": "article", "title": src.label,
                "note": f"{_GENERAL}: {what}"}
    item: dict[str, Any] = {"id": src.id, "type": CSL_TYPES.get(src.kind, "article")}
    if src.outlet:  # one published page: its headline in its outlet
        item["title"] = src.label
        item["container-title"] = src.outlet
    elif src.kind in ("news", "magazine"):
        item["container-title"] = src.label  # the article names the publication, not the piece
    else:
        item["title"] = src.label
    people = [kb.get(p) for p in src.people]
    authors = [{"literal": p.label} for p in people if p is not None]
    if authors:
        item["author"] = authors
    org = kb.get(src.organisation) if src.organisation else None
    if org is not None and src.kind != "news":
        item["publisher"] = org.label
    parts = date_parts(src.date)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if src.url:
        item["URL"] = src.url
    notes = []
    if c.section:
        notes.append(f"as cited in the encyclopedia article \u00ab{_article_title(kb)}\u00bb, section {c.section}")
    if c.note:
        notes.append(c.note)
    if notes:
        item["note"] = "; ".join(notes)
    return item


def _article_title(kb: model.KnowledgeBase) -> str:
    src = kb.get(ARTICLE)
    return src.label if src is not None else "Kachin conflict"


def csl_json(kb: model.KnowledgeBase, record: Any) -> str:
    return json.dumps(items(kb, record), ensure_ascii=True, indent=1) + "\n"


# ---------------------------------------------------------------- plain text


def _names(people: list[dict[str, Any]]) -> str:
    return ", ".join(p.get("literal") or f"{p['given']} {p['family']}" for p in people)


def _item_text(item: dict[str, Any]) -> str:
    if item.get("note", "").startswith(_GENERAL):
        return f"{item['title']} ({item['note']})."
    if item["type"] == "article-journal":
        return (f"{_names(item['author'])} ({item['issued']['date-parts'][0][0]}). {item['title']}. "
                f"{item['container-title']} {item['volume']}({item['issue']}): {item['page']}.")
    if item["type"] == "entry-encyclopedia":
        out = f"\u00ab{item['title']}\u00bb, encyclopedia article"
        if "section" in item:
            out += f", section \u00ab{item['section']}\u00bb"
        return out + (f", {item['URL']}" if "URL" in item else "") + "."
    parts = [_names(item.get("author", []))]
    if "title" in item:
        parts.append(f"\u00ab{item['title']}\u00bb")
    parts.append(item.get("container-title", ""))
    parts.append(item.get("publisher", ""))
    if "issued" in item:
        parts.append("-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(item["issued"]["date-parts"][0])))
    elif item["type"] != "dataset":
        parts.append("undated")
    parts.append(item.get("URL", ""))
    out = ", ".join(p for p in parts if p)
    return out + (f" ({item['note']})" if "note" in item else "") + "."


def text(kb: model.KnowledgeBase, record: Any) -> str:
    return text_of(record.id, record.label, items(kb, record))


def text_of(record_id: str, label: str, found: list[dict[str, Any]]) -> str:
    head = f"Sources of {record_id} (\u00ab{label}\u00bb):"
    if not found:
        return head + " none recorded.\n"
    return head + "\n" + "\n".join(f"{i}. {_item_text(it)}" for i, it in enumerate(found, 1)) + "\n"


# ---------------------------------------------------------------- BibTeX

_BIB_TYPES = {"article-journal": "article", "dataset": "misc",
              "article-newspaper": "article", "article-magazine": "article", "report": "techreport",
              "entry-encyclopedia": "misc", "article": "misc"}
_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def _bib(value: str) -> str:
    return "".join(_BIB_SPECIAL.get(ch, ch) for ch in value.replace("\n", " "))


def _bib_entry(record_id: str, item: dict[str, Any]) -> str:
    kind = _BIB_TYPES.get(item["type"], "misc")
    fields: list[tuple[str, str]] = []
    if "author" in item:
        fields.append(("author", " and ".join("{" + _bib(a["literal"]) + "}" if "literal" in a
                                              else _bib(f"{a['family']}, {a['given']}") for a in item["author"])))
    if "title" in item:
        fields.append(("title", "{" + _bib(item["title"]) + "}"))
    if "container-title" in item:
        fields.append(("journal" if kind == "article" else "howpublished", _bib(item["container-title"])))
    if "publisher" in item:
        fields.append(("institution" if kind == "techreport" else "publisher", _bib(item["publisher"])))
    for name in ("volume", "page"):
        if name in item:
            fields.append((name if name != "page" else "pages", _bib(item[name])))
    if "issue" in item:
        fields.append(("number", _bib(item["issue"])))
    if "issued" in item:
        parts = item["issued"]["date-parts"][0]
        fields.append(("date", "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(parts))))
        fields.append(("year", str(parts[0])))
    notes = []
    if item["type"] == "entry-encyclopedia":
        notes.append("Encyclopedia article" + (f", section \u00ab{item['section']}\u00bb" if "section" in item else ""))
    if "note" in item:
        notes.append(item["note"])
    if notes:
        fields.append(("note", _bib("; ".join(notes))))
    if "URL" in item:
        fields.append(("url", item["URL"].replace("}", "%7D").replace("{", "%7B")))
    key = re.sub(r"[^A-Za-z0-9:-]+", "-", f"{record_id}:{item['id']}")
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


def bibtex(kb: model.KnowledgeBase, record: Any) -> str:
    return bibtex_of(record.id, items(kb, record))


def bibtex_of(record_id: str, found: list[dict[str, Any]]) -> str:
    return "\n\n".join(_bib_entry(record_id, it) for it in found) + "\n" if found else ""


# ---------------------------------------------------------------- recorded events (UCDP GED)

UCDP_PUBLISHER = "Uppsala Conflict Data Program, Department of Peace and Conflict Research, Uppsala University"
# The two papers UCDP asks users of GED to cite.
UCDP_REFERENCES: tuple[dict[str, Any], ...] = (
    {"id": "sundberg-melander-2013", "type": "article-journal",
     "author": [{"family": "Sundberg", "given": "Ralph"}, {"family": "Melander", "given": "Erik"}],
     "title": "Introducing the UCDP Georeferenced Event Dataset", "container-title": "Journal of Peace Research",
     "volume": "50", "issue": "4", "page": "523-532", "issued": {"date-parts": [[2013]]}},
    {"id": "davies-pettersson-oberg-2023", "type": "article-journal",
     "author": [{"family": "Davies", "given": "Shawn"}, {"family": "Pettersson", "given": "Ther\u00e9se"},
                {"family": "\u00d6berg", "given": "Magnus"}],
     "title": "Organized violence 1989-2022, and the return of conflict between states",
     "container-title": "Journal of Peace Research", "volume": "60", "issue": "4", "page": "691-708",
     "issued": {"date-parts": [[2023]]}},
)


def recorded_items(event_id: str, *, release: str = "the release covering 1989-2023",
                   source_article: str | None = None, source_office: str | None = None,
                   source_date: str | None = None) -> list[dict[str, Any]]:
    """The citation of one recorded event (a UCDP GED row, id like 'ucdp-12345'): the
    dataset with the row's id, the reporting UCDP coded it from as the row gives it, and
    the two papers UCDP asks to be cited."""
    # UCDP's source fields hold line breaks copied from the reports: one line each here
    source_article, source_office, source_date = (" ".join(v.split()) if v else v
                                                  for v in (source_article, source_office, source_date))
    notes = [f"event {event_id}"]
    if source_article:
        notes.append(f"coded from: {source_article}")
    if source_office:
        notes.append(f"reported by {source_office}" + (f" on {source_date}" if source_date else ""))
    dataset = {"id": event_id, "type": "dataset", "title": f"UCDP Georeferenced Event Dataset ({release})",
               "publisher": UCDP_PUBLISHER, "note": "; ".join(notes)}
    return [dataset, *UCDP_REFERENCES]


STYLES: dict[str, Callable[[model.KnowledgeBase, Any], str]] = {"text": text, "csl-json": csl_json, "bibtex": bibtex}
