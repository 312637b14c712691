"""Pure filters and search over a KnowledgeBase: records in, records out, nothing printed.

Name matching is one policy used everywhere (search, show, --place, --actor, commanders):
text is normalised (case, diacritics, apostrophes, punctuation, Zau/Zaw-style spelling
variants), then a record matches exactly, by prefix, by containing the term, or fuzzily
(rapidfuzz, imported only when a search needs it). Better tiers hide worse ones where a
filter needs a set of records; search shows all tiers, best first."""


import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from math import inf
from typing import Any

from kachin_cli import model
from kachin_cli.errors import NotFoundError, QueryError
from kachin_cli.safe import quoted

# Spelling variants of the same word, mapped to one form: Burmese and Kachin
# transliterations, and British/American spellings of organisation names.
VARIANTS = {
    "zau": "zaw", "defense": "defence", "organization": "organisation", "center": "centre",
    "labor": "labour", "toungoo": "taungoo", "banmaw": "bhamo", "phakant": "hpakant",
    "hpakan": "hpakant", "burmese": "burma", "myanmar": "burma",
}
# Apostrophes vanish ("N'Ban" -> "nban"); everything else not a letter or digit splits words.
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc\u02bb`\u00b4"))
_ASCII_WORDS: dict[int, str | None] = {c: " " for c in range(128) if not chr(c).isalnum()}
_ASCII_WORDS.update(dict.fromkeys(map(ord, "'`")))

EXACT, PREFIX, CONTAINS, FUZZY, WORDS, PARTIAL = 0, 1, 2, 3, 4, 5
MATCH_NAMES = {EXACT: "exact", PREFIX: "prefix", CONTAINS: "contains", FUZZY: "fuzzy", WORDS: "all words",
               PARTIAL: "some words"}
FUZZY_CUTOFF = 80.0
# Records found by their title words and text, not by a name one might misspell.
UNNAMED_KINDS = frozenset({"event", "figure"})
_ORDER: tuple[Any, ...] = (model.Person, model.Organisation, model.Place, model.Event, model.Talk, model.Figure,
                           model.Phase, model.Source)
KIND_ORDER = {cls.KIND: i for i, cls in enumerate(_ORDER)}


def normalize(text: str, variants: bool = True) -> str:
    """'N’Ban La' -> 'nban la'; 'Zau Tu' -> 'zaw tu'; 'Myitkyina–Bhamo' -> 'myitkyina bhamo'.

    Letters and digits of every script are kept ('မြစ်ကြီးနား' stays itself, less the marks
    that only position a sign), so Burmese, Jinghpaw or Arabic names match as text; what has
    none ('???', a zero-width space) normalises to '' and callers refuse it (see is_searchable)."""
    if text.isascii():  # almost all text: one pass of str.translate, at C speed
        words = text.lower().translate(_ASCII_WORDS).split()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().translate(_APOSTROPHES)
        # Spacing and non-spacing vowel signs (categories Mc, Mn) belong to the word they are in:
        # Burmese and other Brahmic scripts write most vowels with them.
        words = "".join(ch if ch.isalnum() or unicodedata.category(ch)[0] == "M" else " " for ch in text).split()
    return " ".join(VARIANTS.get(w, w) for w in words) if variants else " ".join(words)


def is_searchable(term: str) -> bool:
    """Whether a term has anything to look for once normalised: '???', '.', '*' and a
    zero-width space have not, and would otherwise match every record or none."""
    return bool(normalize(term))


def require_searchable(term: str, what: str) -> None:
    """Raise a usage error for a term with no letters or digits (see is_searchable)."""
    if not is_searchable(term):
        raise QueryError(f"{what} {quoted(term)} has no letters or digits to look for")


_SEP = "\x1e"  # between texts normalised together: not a letter or digit, kept by the table below
_KEEP_SEP = {**_ASCII_WORDS, ord(_SEP): _SEP}


def normalize_many(texts: list[str]) -> list[str]:
    """[normalize(t) for t in texts], with the ASCII ones (almost all) done together: one
    lower() and one translate() over all of them, and a search for each spelling variant,
    at C speed, instead of a pass per text and a lookup per word."""
    import re

    plain = [i for i, t in enumerate(texts) if t.isascii() and _SEP not in t]
    joined = _SEP.join(texts[i] for i in plain).lower().translate(_KEEP_SEP)
    for word, same in VARIANTS.items():
        if word in joined:  # a whole word only: not the "zau" of "zaudat"
            joined = re.sub(word + "(?![a-z0-9])", lambda m, w=word, s=same: w if m.start() and  # type: ignore[misc]
                            m.string[m.start() - 1].isalnum() else s, joined)
    out = [t if t.isascii() and _SEP not in t else normalize(t) for t in texts]
    # no plain text at all (no records of a kind, or only non-ASCII names): '' splits into one part
    for i, text in zip(plain, joined.split(_SEP) if plain else (), strict=True):
        out[i] = " ".join(text.split())
    return out


def names_of(record: model.Record) -> tuple[str, ...]:
    """The strings a record is known by: its name or title, aliases, abbreviations."""
    out = [record.label]
    for attr in ("aliases", "abbreviations"):
        out.extend(getattr(record, attr, ()))
    return tuple(out)


def text_of(record: model.Record) -> str:
    parts = [getattr(record, a, None) or "" for a in ("summary", "description", "outcome", "date_note", "claimed_by")]
    parts.extend(getattr(record, "notes", ()))
    return " ".join(p for p in parts if p)


KIND_NAMES = tuple(model.KINDS)
_NAME_SEP, _ENTRY_SEP = "\x1f", "\n"  # normalised text holds only letters, digits, marks and spaces


class _Index:
    """What search looks at, for every record in kind order: its normalised names (joined
    into one string, `\x1f` between names, a newline between records), its normalised text
    (likewise), where each record starts in both, and the words of the names. Built on
    the first search of a process. A search runs str.find over two strings
    and decodes only the records it finds: at 100,000 events that is a fraction of a second."""

    __slots__ = ("kind_starts", "names", "name_starts", "texts", "text_starts", "vocabulary")

    def __init__(self, kind_starts: list[int], names: str, name_starts: Any, texts: str, text_starts: Any,
                 vocabulary: list[str]) -> None:
        self.kind_starts = kind_starts  # the first entry of each kind, and the total
        self.names, self.name_starts = names, name_starts
        self.texts, self.text_starts = texts, text_starts
        self.vocabulary = vocabulary

    @classmethod
    def build(cls, kb: model.KnowledgeBase) -> "_Index":
        from array import array

        kind_starts, names, texts = [0], [], []
        words: set[str] = set()
        for kind in KIND_NAMES:
            records = kb.collection(kind)
            known_as = [names_of(r) for r in records]
            flat = iter(normalize_many([n for each in known_as for n in each]))
            entries = [_NAME_SEP.join([next(flat) for _ in each]) for each in known_as]
            names.extend(entries)
            texts.extend(normalize_many([text_of(r) for r in records]))
            if model.KINDS[kind].KIND not in UNNAMED_KINDS:
                words.update(" ".join(entries).replace(_NAME_SEP, " ").split())
            kind_starts.append(len(names))
        return cls(kind_starts, _ENTRY_SEP.join(names), array("q", _starts(names)),
                   _ENTRY_SEP.join(texts), array("q", _starts(texts)), sorted(words))

    def entry_names(self, n: int) -> list[str]:
        end = self.name_starts[n + 1] - 1 if n + 1 < len(self.name_starts) else len(self.names)
        return self.names[self.name_starts[n]:end].split(_NAME_SEP)

    def kind_of(self, n: int) -> int:
        return bisect_right(self.kind_starts, n) - 1

    def occurrences(self, text: str, starts: Any, q: str) -> Iterator[int]:
        """The entries whose part of `text` contains q, each once, in order."""
        pos = text.find(q)
        while pos >= 0:
            n = bisect_right(starts, pos) - 1
            yield n
            nxt = starts[n + 1] if n + 1 < len(starts) else len(text)
            pos = text.find(q, max(nxt, pos + 1))


def _starts(parts: list[str]) -> list[int]:
    out, pos = [], 0
    for p in parts:
        out.append(pos)
        pos += len(p) + 1
    return out


def _index(kb: model.KnowledgeBase) -> _Index:
    index = kb.cache.get("search-index")
    if index is None:
        index = kb.cache["search-index"] = _stored_index(kb)
    return index


_STORED = tuple[list[int], str, bytes, str, bytes, list[str], dict[str, list[int]]]


def _stored_index(kb: model.KnowledgeBase) -> _Index:
    """The search index and links of a file loaded through the cache (`store` gives its
    content key): read from the cache when this file's content was searched before, else
    built, and cached for the next run. (At 100,000 events: 2.5 s to build, 0.1 s to read.)
    The key covers this module's own source too, which decides what the index holds."""
    from array import array

    from kachin_cli import cache

    file_key = kb.cache.get("file-key")
    if file_key is None:
        return _Index.build(kb)
    try:
        with open(__file__, "rb") as f:
            code = f.read()
    except OSError:  # installed without its sources (a zip): kachin's version in the key says which code
        code = b"query"
    content = cache.key(file_key + code, ".search")
    stored = cache.get(kb.path, ".search", content, _STORED)
    if stored is not None:
        kind_starts, names, name_starts, texts, text_starts, vocabulary, links = stored
        kb.cache["search-links"] = links
        return _Index(kind_starts, names, array("q", name_starts), texts, array("q", text_starts), vocabulary)
    index = _Index.build(kb)
    links = _links(kb, index)
    cache.put(kb.path, ".search", content, (index.kind_starts, index.names, index.name_starts.tobytes(), index.texts,
                                            index.text_starts.tobytes(), index.vocabulary, links))
    return index


class Hit:
    """One search result. (Small classes here rather than NamedTuples: a NamedTuple class
    costs 0.15 ms to create at start-up, a plain one almost nothing.)"""

    __slots__ = ("record", "rank", "matched", "score")

    def __init__(self, record: Any, rank: int, matched: str, score: float = 100.0) -> None:
        self.record = record
        self.rank = rank
        self.matched = matched  # the name or text the term matched
        self.score = score

    def __repr__(self) -> str:
        return f"Hit({self.record.id!r}, {self.match}, {self.matched!r}, {self.score:.0f})"

    @property
    def match(self) -> str:
        return MATCH_NAMES[self.rank]


def _match_name(q: str, name: str) -> tuple[int, float] | None:
    """How well the normalised term matches one normalised name: (rank, score)."""
    if name == q:
        return EXACT, 100.0
    if name.startswith(q):
        return PREFIX, 100.0
    if f" {q}" in f" {name}":  # a later word starts with the term: ranks just below
        return PREFIX, 90.0
    if q in name:
        return CONTAINS, 100.0
    return None


def find(kb: model.KnowledgeBase, term: str, *, kinds: Iterable[str] | None = None,
         names_only: bool = False) -> list[Hit]:
    """Every record matching `term`, best first: exact name, name prefix (of any word),
    term contained in a name or in the text, then fuzzy matches on names."""
    q = normalize(term)
    if not q:
        return []
    index = _index(kb)
    wanted = {KIND_NAMES.index(k) for k in kinds} if kinds is not None else set(range(len(KIND_NAMES)))
    found: dict[int, tuple[int, float, int]] = {}  # entry -> (rank, score, which name; -1 id or text)
    where = kb.locate(term.strip())
    if where is not None and KIND_NAMES.index(where[0]) in wanted:
        found[index.kind_starts[KIND_NAMES.index(where[0])] + where[1]] = (EXACT, 100.0, -1)
    for n in index.occurrences(index.names, index.name_starts, q):
        if index.kind_of(n) not in wanted:
            continue
        for j, name in enumerate(index.entry_names(n)):
            match = _match_name(q, name)
            best = found.get(n)
            if match and (best is None or (match[0], -match[1]) < (best[0], -best[1])):
                found[n] = (match[0], match[1], j)
    if not names_only:
        for n in index.occurrences(index.texts, index.text_starts, q):
            if n not in found and index.kind_of(n) in wanted:
                found[n] = (CONTAINS, 100.0, -1)
    hits = [_hit(kb, index, n, *best) for n, best in found.items()]
    words = [] if names_only else _by_words(kb, index, q, wanted, {id(h.record) for h in hits})
    clean = {id(h.record) for h in words if "typo for" not in h.matched}
    if len(q) >= 3 and (len(q.split()) == 1 or not clean):
        # a record holding every word as written is found as such; one holding them only with
        # a typo is better found as a name with a typo, when it is one (several words: only
        # when no record holds them all as written, so that a typo is likely)
        fuzzy = [h for h in _fuzzy(kb, index, q, wanted, set(found)) if id(h.record) not in clean]
        named = {id(h.record) for h in fuzzy}
        hits.extend(fuzzy)
        words = [h for h in words if id(h.record) not in named]
    hits.extend(words)
    if not hits and not names_only:
        hits = _by_words(kb, index, q, wanted, set(), partial=True)
    hits.sort(key=lambda h: (h.rank, -h.score, KIND_ORDER.get(h.record.KIND, 99), _sort_date(h.record), h.record.label))
    return hits


# ---------------------------------------------------------------- words in any order
# A term of several words (or one word a record holds only through a link) matches a record
# holding every word, in any order, anywhere in what a reader sees of it: its names and text,
# the names of the places, people and organisations it links to, an event's type, and its year
# (of its first or last day). A word matches
# the start of a word ('airstrike' finds 'airstrikes'); a plural also matches its singular
# ('mines' finds 'mine'); a word found nowhere in the data is taken for a typo and matches the
# words closest to it. Each hit says how each word was found, unless in the record's own words.

_TYPO_CUTOFF = 80.0
# How much each way of finding a word lowers a record's score: its own words first.
_COST = {"name": 0.0, "own": 1.0, "singular": 2.0, "place": 4.0, "person": 4.0, "organisation": 4.0, "type": 4.0,
         "year": 4.0, "typo": 15.0}


def _word_starts(text: str, starts: Any, w: str) -> Iterator[int]:
    """The entries of `text` in which some word starts with w, each once, in order."""
    pos = text.find(w)
    n_starts = len(starts)
    while pos >= 0:
        if pos == 0 or text[pos - 1] in " \n\x1f":
            n = bisect_right(starts, pos) - 1
            yield n
            pos = text.find(w, starts[n + 1] if n + 1 < n_starts else len(text))
        else:
            pos = text.find(w, pos + 1)


def _links(kb: model.KnowledgeBase, index: _Index) -> dict[str, list[int]]:
    """For each record id, the index entries of the records that link to it by a place,
    person, organisation or venue (built once, on the first search that needs it)."""
    links = kb.cache.get("search-links")
    if links is None:
        links = {}
        fields = {"events": ("places", "people", "organisations"),
                  "talks": ("venue", "parties", "mediators", "observers", "people"),
                  "figures": ("organisations",)}
        for kind, names in fields.items():
            base = index.kind_starts[KIND_NAMES.index(kind)]
            for i, r in enumerate(kb.collection(kind)):
                for name in names:
                    value = getattr(r, name)
                    for rid in (value,) if isinstance(value, str) else value or ():
                        links.setdefault(rid, []).append(base + i)
        kb.cache["search-links"] = links
    return links


def _vocabulary(kb: model.KnowledgeBase, index: _Index) -> list[str]:
    words = kb.cache.get("search-words")
    if words is None:
        words = kb.cache["search-words"] = sorted(set(index.names.split()) | set(index.texts.split()))
    return words


_OPEN_END = model.OPEN_END.toordinal()


def _word_hits(kb: model.KnowledgeBase, index: _Index, w: str) -> dict[int, tuple[str, str]]:
    """Every entry holding the word w, with how: (way, detail)."""
    found: dict[int, tuple[str, str]] = {}

    def own(form: str, way: str, detail: str) -> None:
        for text, starts, where in ((index.names, index.name_starts, "name"), (index.texts, index.text_starts, way)):
            for n in _word_starts(text, starts, form):
                found.setdefault(n, (where if way == "own" else way, detail))

    own(w, "own", "")
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        own(w[:-1], "singular", w[:-1])
    named = [(n, KIND_NAMES[index.kind_of(n)]) for n in _word_starts(index.names, index.name_starts, w)]
    links = None
    for n, kind in named:
        if kind in ("places", "people", "organisations"):
            links = links if links is not None else _links(kb, index)
            record = _record(kb, index, n)
            for m in links.get(record.id, ()):
                found.setdefault(m, (model.KINDS[kind].KIND, record.label))
    # an event's type by its word, a plural or a past tense: 'airstrikes', 'captured' ('captur'
    # starts 'capture'), 'attacked'
    cut = 1 if len(w) > 3 and w.endswith("s") else 2 if len(w) > 4 and w.endswith("ed") else 0
    for form in (w, w[:-cut]) if cut else (w,):
        types = {t for t in model.EVENT_TYPES if any(x.startswith(form) for x in t.split("_"))}
        if types:
            base = index.kind_starts[KIND_NAMES.index("events")]
            for i, e in enumerate(kb.events):
                if e.type in types:
                    found.setdefault(base + i, ("type", e.type.replace("_", " ")))
    if len(w) == 4 and w.isdigit():
        year = int(w)
        for kind in ("events", "talks", "figures", "phases"):
            spans = kb.collection(kind).intervals()
            base = index.kind_starts[KIND_NAMES.index(kind)]
            for i in range(0, len(spans), 2):  # an open end (a phase going on, a running total) has no year
                if spans[i] >= 0 and (year == date.fromordinal(spans[i]).year or spans[i + 1] != _OPEN_END
                                      and year == date.fromordinal(spans[i + 1]).year):
                    found.setdefault(base + i // 2, ("year", w))
    if not found and len(w) >= 4 and not w.isdigit():
        from rapidfuzz import fuzz, process

        for near, _score, _i in process.extract(w, _vocabulary(kb, index), scorer=fuzz.ratio,
                                                 score_cutoff=_TYPO_CUTOFF, limit=5):
            for text, starts in ((index.names, index.name_starts), (index.texts, index.text_starts)):
                for n in _word_starts(text, starts, near):
                    found.setdefault(n, ("typo", near))
    return found


def _by_words(kb: model.KnowledgeBase, index: _Index, q: str, wanted: set[int], exclude: set[int],
              partial: bool = False) -> list[Hit]:
    """The records holding every word of q, in any order (rank WORDS), scored by how the
    words were found; when there is none and nothing matched otherwise, the records holding
    the most of them (rank PARTIAL)."""
    words = list(dict.fromkeys(q.split()))
    per_word = [_word_hits(kb, index, w) for w in words]
    everywhere = set.intersection(*(set(f) for f in per_word)) if per_word else set()
    out = []
    for n in everywhere:
        if index.kind_of(n) not in wanted:
            continue
        record = _record(kb, index, n)
        if id(record) in exclude:
            continue
        hows = [f[n] for f in per_word]
        out.append(Hit(record, WORDS, _how(words, hows, every=False), 100.0 - sum(_COST[way] for way, _ in hows)))
    if not partial or out or len(words) < 2:
        return out
    counts: dict[int, int] = {}
    for f in per_word:
        for n in f:
            counts[n] = counts.get(n, 0) + 1
    for n, k in counts.items():
        if index.kind_of(n) in wanted:
            hows = [f[n] for f in per_word if n in f]
            score = 100.0 * k / len(words) - sum(_COST[way] for way, _ in hows)
            said = _how([w for w, f in zip(words, per_word, strict=True) if n in f], hows, every=True)
            out.append(Hit(_record(kb, index, n), PARTIAL, said, score))
    return out


def _how(words: list[str], hows: list[tuple[str, str]], every: bool) -> str:
    """How the words were found: 'text' when each is in the record's own words (unless
    `every` word is to be listed); else the words, each found otherwise with how:
    'laiza (place Laiza), 1994 (its year), airstirke (typo for airstrike)'."""
    said = []
    for w, (way, detail) in zip(words, hows, strict=True):
        if way == "typo":
            said.append(f"{w} (typo for {detail})")
        elif way == "singular":
            said.append(f"{w} (as {detail})")
        elif way == "year":
            said.append(f"{w} (its year)")
        elif way not in ("own", "name"):
            said.append(f"{w} ({way} {detail})")
        elif every:
            said.append(w)
    return ", ".join(said) if said else "text"


def _record(kb: model.KnowledgeBase, index: _Index, n: int) -> Any:
    kind = index.kind_of(n)
    return kb.collection(KIND_NAMES[kind])[n - index.kind_starts[kind]]


def _hit(kb: model.KnowledgeBase, index: _Index, n: int, rank: int, score: float, j: int) -> Hit:
    record = _record(kb, index, n)
    matched = names_of(record)[j] if j >= 0 else record.id if rank == EXACT else "text"
    return Hit(record, rank, matched, score)


def _windows(name: str, n: int) -> list[str]:
    """The runs of `n` consecutive words in `name` (the whole name if it is shorter)."""
    words = name.split()
    if len(words) <= n:
        return [name]
    return [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]


def _fuzzy(kb: model.KnowledgeBase, index: _Index, q: str, wanted: set[int], exclude: set[int]) -> list[Hit]:
    """Typo-tolerant matches on names: the term against every run of as many words in a
    name, scored by plain edit-distance ratio, so a short name cannot score high against a
    long term ('UN' is not 'Min Aung Hliang') nor a long name against a short one.
    Candidates come from the vocabulary of name words: records with a word like one of
    the term's words (a typo in one word of several is forgiven)."""
    from rapidfuzz import fuzz, process  # ~20 ms to import: only when a search needs it

    q_words = q.split()
    similar: set[str] = set()
    for w in q_words:
        cutoff = FUZZY_CUTOFF if len(q_words) == 1 else 60.0
        similar.update(m for m, _score, _i in process.extract(w, index.vocabulary, scorer=fuzz.ratio,
                                                               score_cutoff=cutoff, limit=None))
    candidates: set[int] = set()
    for word in similar:
        for n in index.occurrences(index.names, index.name_starts, word):
            kind = index.kind_of(n)
            if n not in exclude and kind in wanted and model.KINDS[KIND_NAMES[kind]].KIND not in UNNAMED_KINDS:
                candidates.add(n)
    size = len(q_words)
    hits = []
    for n in candidates:
        best: tuple[float, int] | None = None
        for j, name in enumerate(index.entry_names(n)):
            for window in _windows(name, size):
                score = fuzz.ratio(q, window, score_cutoff=FUZZY_CUTOFF)
                if score and (best is None or score > best[0]):
                    best = (float(score), j)
        if best is not None:
            hits.append(_hit(kb, index, n, FUZZY, best[0], best[1]))
    return hits


def best_tier(hits: Sequence[Hit]) -> list[Hit]:
    """The hits of the best rank present: a filter uses only its clearest matches."""
    if not hits:
        return []
    top = min(h.rank for h in hits)
    # exact and prefix matches are both deliberate: keep both tiers together
    limit = PREFIX if top <= PREFIX else top
    return [h for h in hits if h.rank <= limit]


def _sort_date(record: model.Record) -> date:
    return getattr(record, "first", None) or date.max


# ---------------------------------------------------------------- filters


def phase_ids(kb: model.KnowledgeBase, name: str) -> set[str]:
    """A phase by id or name, with the phases that are part of it."""
    q = normalize(name)
    found = [p for p in kb.phases if q in (normalize(p.id), normalize(p.name))]
    if not found:
        choices = ", ".join(p.id for p in kb.phases)
        raise QueryError(f"no phase {quoted(name)}; choose one of: {choices}")
    return _descendants(kb.phases, {found[0].id}, "part_of")


def _descendants(records: Iterable[model.Record], roots: set[str], link: str) -> set[str]:
    """The roots and every record below them by `link` (children first collected per
    parent, then walked once: linear however deep the tree)."""
    children: dict[str, list[str]] = {}
    for r in records:
        up = getattr(r, link, None)
        if up is not None:
            children.setdefault(up, []).append(r.id)
    ids = set(roots)
    todo = list(roots)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in ids:
                ids.add(child)
                todo.append(child)
    return ids


def place_ids(kb: model.KnowledgeBase, term: str) -> set[str]:
    """The places matching `term` and every place inside them: by `within` at any depth, and
    by `state` for places that name their state without a `within` link (a state the data
    names only there, with no record of its own, is matched by that name)."""
    hits = best_tier(find(kb, term, kinds=["places"], names_only=True))
    found = {h.record.id for h in hits}
    names = {normalize(n) for h in hits for n in names_of(h.record)} or {normalize(term)}
    return contained_places(kb, found, names)


def contained_places(kb: model.KnowledgeBase, roots: set[str], names: set[str] | None = None) -> set[str]:
    """The places `roots` and every place inside them, by `within` at any depth and by `state`
    (a place naming as its state one of the roots' names, or one of `names`)."""
    if names is None:
        names = {normalize(n) for rid in roots if (r := kb.get(rid)) is not None for n in names_of(r)}
    found = set(roots)
    found.update(p.id for p in kb.places if p.state and normalize(p.state) in names)
    return _descendants(kb.places, found, "within")


def actor_ids(kb: model.KnowledgeBase, term: str) -> set[str]:
    hits = best_tier(find(kb, term, kinds=["people", "organisations"], names_only=True))
    return _descendants(kb.organisations, {h.record.id for h in hits}, "parent")


def terms_of(value: str | Sequence[str] | None) -> list[str]:
    """A filter's terms: one given as a string, or several (a repeated option)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _did_you_mean(kb: model.KnowledgeBase, term: str, kinds: Sequence[str]) -> str:
    """'; did you mean 'Laiza' or 'Lashio'?' for the records of `kinds` whose names are close
    to `term` (looser than a filter's own typo tolerance), or ''."""
    from rapidfuzz import fuzz, process

    q = normalize(term)
    choices: dict[str, str] = {}
    for kind in kinds:
        for r in kb.collection(kind):
            for n in names_of(r):
                choices.setdefault(normalize(n), r.label)
    # A short name (an abbreviation such as SNA) or a short term is close only when close as
    # a whole: WRatio finds 'sna' inside 'bogusname' and 'sa' of 'ksa' in 'Saw Maung'. Every
    # close name is kept until then: a record with many close names (or short names dropped
    # here) must not push the other close records out of the three suggested.
    found = [hit for hit in process.extract(q, list(choices), scorer=fuzz.WRatio, score_cutoff=70, limit=None)
             if min(len(q), len(hit[0])) > 3 or fuzz.ratio(q, hit[0]) >= 70]
    near = list(dict.fromkeys(choices[name] for name, _score, _i in found))[:3]
    if not near:
        return ""
    said = [quoted(n) for n in near]
    return "; did you mean " + (said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]) + "?"


def close_readings(kb: model.KnowledgeBase, place: str | Sequence[str] | None = None,
                   actor: str | Sequence[str] | None = None) -> list[str]:
    """What a filter read a misspelt term as, so that a reader sees it: "--place 'lashoi'
    read as 'Lashio' (a close spelling)", for each term whose best match is only fuzzy."""
    notes = []
    for option, terms, kinds in (("--place", place, ["places"]), ("--actor", actor, ["people", "organisations"])):
        for term in terms_of(terms):
            top = best_tier(find(kb, term, kinds=kinds, names_only=True))
            if top and top[0].rank == FUZZY:
                names = list(dict.fromkeys(h.record.label for h in top))
                said = " or ".join(quoted(n) for n in names[:3]) + (" and others" if len(names) > 3 else "")
                notes.append(f"{option} {quoted(term)} read as {said} (a close spelling).")
    return notes


def matched_places(kb: model.KnowledgeBase, terms: str | Sequence[str] | None) -> set[str] | None:
    """The places of a --place filter (any of its terms, each with the places within it), or
    None without one. A term that matches no place is an error naming it, not an empty answer."""
    if not terms_of(terms):
        return None
    out: set[str] = set()
    for term in terms_of(terms):
        require_searchable(term, "the place")
        found = place_ids(kb, term)
        if not found:
            raise NotFoundError(f"no place matches {quoted(term)}{_did_you_mean(kb, term, ['places'])}")
        out |= found
    return out


def matched_actors(kb: model.KnowledgeBase, terms: str | Sequence[str] | None, *,
                   sides_too: bool = False) -> list[tuple[str, set[str]]] | None:
    """Each term of an --actor filter with the people and organisations it matches (and the
    units of those organisations), or None without one. An unknown actor is an error, unless
    `sides_too`: recorded events are also matched by their sides' own words, which name
    actors the knowledge base may not have ('Government of Myanmar (Burma)')."""
    if not terms_of(terms):
        return None
    out = []
    for term in terms_of(terms):
        require_searchable(term, "the actor")
        found = actor_ids(kb, term)
        if not found and not sides_too:
            raise NotFoundError(f"no person or organisation matches {quoted(term)}"
                                f"{_did_you_mean(kb, term, ['people', 'organisations'])}")
        out.append((term, found))
    return out


class About:
    """What `--about TERM` means: an event about TERM involves it as an actor (a person, an
    organisation or one of its units), happened at it as a place (or within it), or names it
    in its own words. One term, the three questions a reader means by 'about'."""

    __slots__ = ("term", "needle", "actors", "places")

    def __init__(self, kb: model.KnowledgeBase, term: str) -> None:
        require_searchable(term, "the term")  # '' would be in every event's text
        self.term = term
        self.needle = normalize(term)
        self.actors = actor_ids(kb, term)
        self.places = place_ids(kb, term)

    def event(self, e: model.Event) -> bool:
        return bool(self.actors.intersection(e.people) or self.actors.intersection(e.organisations)
                    or self.places.intersection(e.places)) or self.needle in normalize(f"{e.title} {text_of(e)}")


def side_ids(kb: model.KnowledgeBase, sides: Iterable[str]) -> set[str]:
    """The people and organisations on any of these sides."""
    wanted = set(sides)
    return {r.id for r in (*kb.people, *kb.organisations) if r.side in wanted}


def side_names(kb: model.KnowledgeBase, sides: Iterable[str]) -> set[str]:
    """The normalised names of the organisations on any of these sides, as a recorded
    event's sides may carry them."""
    wanted = set(sides)
    return {normalize(n) for o in kb.organisations if o.side in wanted for n in names_of(o)}


def _on_sides(e: Any, names: set[str]) -> bool:
    # UCDP writes 'Government of Myanmar (Burma)': a name followed by a gloss counts
    for side in (e.side_a, e.side_b):
        n = normalize(side) if side else ""
        if n and (n in names or any(n.startswith(name + " ") for name in names)):
            return True
    return False


def timeline(kb: model.KnowledgeBase, *, start: date | None = None, end: date | None = None,
             phase: str | None = None, type: str | Sequence[str] | None = None,
             place: str | Sequence[str] | None = None, actor: str | Sequence[str] | None = None,
             text: str | None = None, about: str | None = None,
             sides: Sequence[str] | None = None, reverse: bool = False,
             actors_may_be_sides: bool = False) -> list[model.Event]:
    """Events in chronological order (or reversed), filtered; every filter given must hold,
    and a filter given several values (types, places, actors, sides) holds for any of them.
    A place or actor matching no record is an error (with `actors_may_be_sides`, as beside
    recorded events, an actor may be a name only their sides carry: it then matches no event)."""
    on_side = side_ids(kb, sides) if sides else None
    phases = phase_ids(kb, phase) if phase else None
    types = set(terms_of(type)) or None
    places = matched_places(kb, place)
    found_actors = matched_actors(kb, actor, sides_too=actors_may_be_sides)
    actors = set().union(*(ids for _term, ids in found_actors)) if found_actors is not None else None
    if text is not None:
        require_searchable(text, "the search term")  # '' would be in every event's text
    # the words of --search, as `search` finds them (any order, typos forgiven), partial matches aside
    worded = {id(h.record) for h in find(kb, text, kinds=["events"]) if h.rank != PARTIAL} if text else None
    topic = About(kb, about) if about else None
    out = []
    for i in kb.events.positions(start, end):
        e = kb.events[i]
        if phases is not None and e.phase not in phases:
            continue
        if types is not None and e.type not in types:
            continue
        if places is not None and not places.intersection(e.places):
            continue
        if actors is not None and not (actors.intersection(e.people) or actors.intersection(e.organisations)):
            continue
        if worded is not None and id(e) not in worded:
            continue
        if topic is not None and not topic.event(e):
            continue
        if on_side is not None and not (on_side.intersection(e.organisations) or on_side.intersection(e.people)):
            continue
        out.append(i)
    spans = kb.events.intervals()  # (e.first, e.last), as ordinals: an event always has a date
    out.sort(key=lambda i: (spans[2 * i], spans[2 * i + 1]), reverse=reverse)
    return list(map(kb.events.__getitem__, out))


SIDE_ORDER = {s: i for i, s in enumerate(model.SIDES)}


def tenure(p: model.Person) -> tuple[int | None, int | None]:
    """The first and the last year a person is known in a role; the last is None while a
    role runs on or when no end is known."""
    starts = [r.start for r in p.roles if r.start is not None] + [y for r in p.roles for y in r.attested]
    ends = [r.end for r in p.roles if r.end is not None] + [y for r in p.roles for y in r.attested]
    open_ended = any(r.start is not None and r.end is None for r in p.roles)
    return (min(starts) if starts else None, None if open_ended or not ends else max(ends))


def _first_year(p: model.Person) -> float:
    first, last = tenure(p)  # no year known: after every year, however large (years are unbounded)
    return first if first is not None else last if last is not None else inf


class PeopleResult:
    __slots__ = ("people", "unknown_tenure")

    def __init__(self, people: list[model.Person], unknown_tenure: list[model.Person]) -> None:
        self.people = people
        self.unknown_tenure = unknown_tenure


def people(kb: model.KnowledgeBase, *, term: str | None = None, side: str | None = None,
           active_in: int | None = None) -> PeopleResult:
    """Commanders and leaders, by side and then by when they first held a role."""
    pool: list[model.Person] = list(kb.people)
    if term:
        hits = best_tier(find(kb, term, kinds=["people"], names_only=True))
        keep = {h.record.id for h in hits}
        pool = [p for p in pool if p.id in keep]
    if side:
        pool = [p for p in pool if p.side == side]
    unknown: list[model.Person] = []
    if active_in is not None:
        kept = []
        as_of = revised_year(kb)
        for p in pool:
            states = [r.active_in(active_in, as_of) for r in p.roles]
            if any(s is True for s in states):
                kept.append(p)
            elif any(s is None for s in states) or not states:
                unknown.append(p)
        pool = kept
    pool.sort(key=lambda p: (SIDE_ORDER.get(p.side, 9), _first_year(p), p.name))
    return PeopleResult(pool, unknown)


class TalksResult:
    __slots__ = ("talks", "undated_left_out")

    def __init__(self, talks: list[model.Talk], undated_left_out: int = 0) -> None:
        self.talks = talks
        self.undated_left_out = undated_left_out


def talks(kb: model.KnowledgeBase, *, start: date | None = None, end: date | None = None) -> TalksResult:
    """Ceasefires, talks and peace-process statements by date; undated ones last, and
    left out (and counted) when a date range is asked for."""
    def by_date(talks: Iterable[model.Talk]) -> list[model.Talk]:
        return sorted(talks, key=lambda t: (t.first, t.last))

    dated = kb.talks.dated()
    if start is None and end is None:
        undated = [t for t, d in zip(kb.talks, dated, strict=True) if not d]
        return TalksResult(by_date(t for t, d in zip(kb.talks, dated, strict=True) if d) + undated)
    return TalksResult(by_date(kb.talks.overlapping(start, end)), dated.count(False))


def figures(kb: model.KnowledgeBase, *, start: date | None = None, end: date | None = None,
            category: str | None = None) -> list[model.Figure]:
    out = [f for f in kb.figures.overlapping(start, end) if category is None or f.category == category]
    out.sort(key=lambda f: (f.first or date.max, f.last or date.max))
    return out


class ClaimRow:
    """One report of a toll in `casualties --by event`: the figure, the event it belongs to,
    and where it stands among the event's other reports."""

    __slots__ = ("event", "figure", "toll_size", "claimants", "first_of_event", "first_of_toll")

    def __init__(self, event: Any, figure: model.Figure, toll_size: int, claimants: list[str],
                 first_of_event: bool, first_of_toll: bool) -> None:
        self.event = event
        self.figure = figure
        self.toll_size = toll_size  # reports of the same toll (category and whose losses)
        self.claimants = claimants  # everyone who gave a figure for this event, the article included
        self.first_of_event = first_of_event
        self.first_of_toll = first_of_toll


ARTICLE_CLAIM = "the article"


def claims_by_event(kb: model.KnowledgeBase, *, start: date | None = None, end: date | None = None,
                    category: str | None = None) -> list[ClaimRow]:
    """The figures that belong to an event, grouped by event and then by toll (category and
    whose losses), each report on its own row and never merged, so that competing claims for
    the same fight stand side by side. The dates choose the events; every report about an
    event is shown, however much later it came. Events in date order; reports by date."""
    wanted = {e.id for e in kb.events.overlapping(start, end)}
    groups: dict[str, dict[tuple[str, str], list[model.Figure]]] = {}
    for f in kb.figures:
        if f.event in wanted and (category is None or f.category == category):
            groups.setdefault(f.event, {}).setdefault((f.category, f.party), []).append(f)
    events = [kb.get(eid) for eid in groups]
    events.sort(key=lambda e: (e.first, e.last, e.id))
    rows: list[ClaimRow] = []
    for event in events:
        tolls = groups[event.id]
        claimants = sorted({f.claimed_by or ARTICLE_CLAIM for fs in tolls.values() for f in fs})
        first_of_event = True
        for key in sorted(tolls):
            reports = sorted(tolls[key], key=lambda f: (f.first or date.max, f.id))
            for i, f in enumerate(reports):
                rows.append(ClaimRow(event, f, len(reports), claimants, first_of_event, i == 0))
                first_of_event = False
    return rows


# Categories that get a per-year chart of lower bounds: each counts one kind of thing (people,
# or villages). Not materiel destroyed, whose figures count helicopters, homes, tanker trucks:
# the largest of 1 helicopter and 6 trucks is no number of anything.
SUMMABLE = ("killed", "wounded", "captured", "hostages", "displaced", "refugees", "trapped",
            "villages_abandoned", "child_soldiers_released")
LOWER_BOUNDS = ("at_least", "more_than", "range", "as_little_as")
# Parties whose people cannot overlap: a soldier of the government side is not a Kachin
# fighter, and neither is a civilian. "mixed" and "unspecified" may count anyone.
DISJOINT_PARTIES = ("government", "kachin", "civilians")
# How a year's number was found (see per_year). In the order of the chart's legend.
RULE_SINGLE = "single"  # the year's one report with a number
RULE_LARGEST = "largest"  # the largest single report: the others may count the same people
RULE_BY_SIDE = "by side"  # the largest report of each side, added: sides count different people
RULES = (RULE_SINGLE, RULE_LARGEST, RULE_BY_SIDE)


class YearTotal:
    """One category's lower bound for one year, and the rule that produced it. A year
    with no figure at all has `records == []` and `total is None`, so a chart shows the gap."""

    __slots__ = ("year", "category", "total", "rule", "counted", "lower_bound", "approximate", "unquantified",
                 "records", "left_out")

    def __init__(self, year: int, category: str, *, total: int | None, rule: str | None,
                 counted: list[model.Figure], lower_bound: bool, approximate: bool, unquantified: int,
                 records: list[model.Figure], left_out: int = 0) -> None:
        self.year = year
        self.category = category
        self.total = total  # None: no figure of that year has a number
        self.rule = rule  # one of RULES, None when there is no number
        self.counted = counted  # the figures the number rests on (one, or one per side)
        self.lower_bound = lower_bound  # the true number may be larger: "at least"
        self.approximate = approximate  # some counted figure is "about"
        self.unquantified = unquantified  # figures in that year with no number ("several", "hundreds")
        self.records = records  # every figure of that year
        self.left_out = left_out  # reports of a toll already counted (see one_report_per_toll)


def per_year(figs: Iterable[model.Figure], category: str, *, start: date | None = None,
             end: date | None = None) -> tuple[list[YearTotal], list[model.Figure]]:
    """A lower bound per year for one category, from the figures that fall within a single
    year, for every year from the first to the last that has one, or from `start` to `end`
    when asked (years with no figure are there too, empty). Reports are never added unless they count different people:

    1. Reports of one event's toll (same event, party and unit) count once: one claimant's
       reports at their largest, competing claimants' at the smallest of those, which every
       claimant's report reaches.
    2. Reports that may count the same people are never added: the year's number is the
       largest single report (rule "largest"; "single" when there is only one).
    3. Only reports of different sides (government, Kachin, civilians) count different people:
       when the largest report of each side, added, is more than the largest report, that sum
       is the year's number (rule "by side").

    Running totals and figures spanning several years are never added to a year: they are
    returned apart. Returns (one entry per year, figures left out)."""
    by_year: dict[int, list[model.Figure]] = {}
    spanning: list[model.Figure] = []
    for f in figs:
        if f.category != category:
            continue
        if f.cumulative or f.first is None or f.last is None or f.first.year != f.last.year:
            spanning.append(f)
        else:
            by_year.setdefault(f.first.year, []).append(f)
    if not by_year:
        return [], spanning
    first = min(by_year) if start is None else min(start.year, min(by_year))
    last = max(by_year) if end is None else max(end.year, max(by_year))
    totals = []
    for year in range(first, last + 1):
        recs = by_year.get(year, [])
        numbered = [f for f in recs if f.qualifier not in ("vague", "unknown")]
        if not numbered:
            totals.append(YearTotal(year, category, total=None, rule=None, counted=[], lower_bound=False,
                                    approximate=False, unquantified=len(recs), records=recs))
            continue
        tolls = one_report_per_toll(numbered)
        counted = _lower_bound(tolls)
        totals.append(YearTotal(
            year, category, total=sum(_value(f) for f in counted),
            rule=RULE_BY_SIDE if len(counted) > 1 else RULE_SINGLE if len(numbered) == 1 else RULE_LARGEST,
            counted=counted,
            # a report not added may hold more than the number says
            lower_bound=len(counted) < len(numbered) or any(f.qualifier in LOWER_BOUNDS for f in counted),
            approximate=any(f.qualifier == "about" for f in counted),
            unquantified=len(recs) - len(numbered), records=recs, left_out=len(numbered) - len(tolls)))
    return totals, spanning


def _lower_bound(tolls: Sequence[model.Figure]) -> list[model.Figure]:
    """The figures whose sum is the year's lower bound: the largest of each side when
    more than one side has figures and their sum is more than the largest single
    report, else that largest report. Ties go to the exact figure, then to the first."""
    def key(f: model.Figure) -> tuple[int, bool]:
        return _value(f), f.qualifier != "about"

    largest = max(tolls, key=key)
    sides: dict[str, model.Figure] = {}
    for f in tolls:
        if f.party in DISJOINT_PARTIES and (f.party not in sides or key(f) > key(sides[f.party])):
            sides[f.party] = f
    if len(sides) > 1 and sum(_value(f) for f in sides.values()) > _value(largest):
        return [sides[p] for p in DISJOINT_PARTIES if p in sides]
    return [largest]


def _value(f: model.Figure) -> int:
    return (f.low if f.qualifier == "range" else f.count) or 0


def one_report_per_toll(figs: Sequence[model.Figure]) -> list[model.Figure]:
    """One number per event's toll (same event, party and unit). Reports by different
    claimants are alternatives, not additions: keep the smallest, which every claimant's
    report reaches, so that a sum can say "at least" and be true. Reports by one claimant
    may count different people (Kachin and Shanni farmers) or the same: keep its largest,
    which its reports reach without adding them."""
    out: list[model.Figure] = []
    claims: dict[tuple[str, str, str | None], dict[str | None, model.Figure]] = {}
    for f in figs:
        if f.event is None:
            out.append(f)
            continue
        by_claimant = claims.setdefault((f.event, f.party, f.unit), {})
        if f.claimed_by not in by_claimant or _value(f) > _value(by_claimant[f.claimed_by]):
            by_claimant[f.claimed_by] = f
    kept = set()
    for by_claimant in claims.values():
        smallest = None
        for f in by_claimant.values():  # in file order: a tie goes to the first claimant
            if smallest is None or _value(f) < _value(smallest):
                smallest = f
        kept.add(id(smallest))
    return out + [f for f in figs if id(f) in kept]


# ---------------------------------------------------------------- show


def resolve(kb: model.KnowledgeBase, id_or_name: str) -> tuple[model.Record | None, list[Hit]]:
    """The record with that id, or else the one record whose name matches best.
    Returns (record, []) on a clear answer and (None, candidates) otherwise."""
    record = kb.get(id_or_name.strip())
    if record is not None:
        return record, []
    hits = find(kb, id_or_name, names_only=True)
    top = best_tier(hits)
    if top and top[0].rank == EXACT:
        exact = [h for h in top if h.rank == EXACT]
        if len(exact) == 1:
            return exact[0].record, []
        return None, exact
    if len(top) == 1:
        return top[0].record, []
    return None, top


def related(kb: model.KnowledgeBase, record: model.Record) -> dict[str, list[model.Record]]:
    """Records linked to this one, in either direction, grouped under a heading."""
    def ids(*names: str) -> list[model.Record]:
        out: list[model.Record] = []
        for name in names:
            value = getattr(record, name, None)
            for rid in (value if isinstance(value, tuple) else (value,) if value else ()):
                r = kb.get(rid)
                if r is not None and r not in out:
                    out.append(r)
        return out

    rid = record.id
    groups: dict[str, list[model.Record]] = {}
    if isinstance(record, model.Event):
        # a link written on either side counts: a figure naming its event, a talk its events
        groups = {"Phase": ids("phase"), "People": ids("people"), "Organisations": ids("organisations"),
                  "Places": ids("places"),
                  "Figures": list(dict.fromkeys([*ids("figures"), *(f for f in kb.figures if f.event == rid)])),
                  "Talks": list(dict.fromkeys([*ids("talks"), *(t for t in kb.talks if rid in t.events)]))}
    elif isinstance(record, model.Person):
        orgs = [kb.get(r.organisation) for r in record.roles if r.organisation]
        groups = {"Organisations": [o for o in dict.fromkeys(orgs) if o is not None],
                  "Events": [e for e in kb.events if rid in e.people],
                  "Talks": [t for t in kb.talks if rid in t.people]}
    elif isinstance(record, model.Organisation):
        # as --actor: its units' events are its own too, listed apart so that a reader sees why
        units = _descendants(kb.organisations, {rid}, "parent") - {rid}
        groups = {"Part of": ids("parent"),
                  "Units and branches": [o for o in kb.organisations if o.parent == rid],
                  "People": [p for p in kb.people if any(r.organisation == rid for r in p.roles)],
                  "Events": [e for e in kb.events if rid in e.organisations],
                  "Events of its units": [e for e in kb.events
                                          if rid not in e.organisations and units.intersection(e.organisations)],
                  "Talks": [t for t in kb.talks if rid in t.parties + t.mediators + t.observers or t.venue == rid],
                  "Figures": [f for f in kb.figures if rid in f.organisations]}
    elif isinstance(record, model.Place):
        inside = contained_places(kb, {rid})  # as --place: by `within` at any depth, and by `state`
        names = {normalize(n) for n in names_of(record)}
        groups = {"Within": ids("within"),
                  "Places within": [p for p in kb.places if p.within == rid
                                    or (p.within is None and p.state and normalize(p.state) in names)],
                  "Events": [e for e in kb.events if inside.intersection(e.places)],
                  "Talks": [t for t in kb.talks if t.venue in inside]}
    elif isinstance(record, model.Talk):
        groups = {"Venue": ids("venue"), "Parties": ids("parties"), "Mediators": ids("mediators"),
                  "Observers": ids("observers"), "People": ids("people"),
                  # an event naming the talk is linked too, as a figure naming its event is
                  "Events": ids("events") + [e for e in kb.events if rid in e.talks and e.id not in record.events]}
    elif isinstance(record, model.Figure):
        groups = {"Event": ids("event"), "Organisations": ids("organisations")}
    elif isinstance(record, model.Phase):
        inside = _descendants(kb.phases, {rid}, "part_of")
        groups = {"Part of": ids("part_of"), "Periods within": [p for p in kb.phases if p.part_of == rid],
                  "Events": [e for e in kb.events if e.phase in inside]}
    elif isinstance(record, model.Source):
        groups = {"Organisation": ids("organisation"), "People": ids("people"),
                  "Cited by": [r for r in kb.records() if any(
                      isinstance(c, model.Citation) and c.source == rid for c in getattr(r, "sources", ()))]}
    return {k: v for k, v in groups.items() if v}


# ---------------------------------------------------------------- places and where things happened

# Kinds of place too large to stand for where something happened: never drawn as a point.
NOT_POINTS = frozenset({"country", "state", "region", "province"})


def point_of(place: Any) -> tuple[float, float] | None:
    """(lon, lat) of a place that can be drawn as a point, else None."""
    if not isinstance(place, model.Place) or place.coordinates is None or place.kind in NOT_POINTS:
        return None
    return (place.coordinates.lon, place.coordinates.lat)


def located_places(kb: model.KnowledgeBase, record: Any) -> list[model.Place]:
    """The places whose own coordinates locate a record: a place itself, a talk's venue,
    an event's places. Never a containing place's coordinates, never a country's."""
    if isinstance(record, model.Place):
        ids: tuple[str, ...] = (record.id,)
    elif isinstance(record, model.Talk):
        ids = (record.venue,) if record.venue else ()
    else:
        ids = tuple(getattr(record, "places", ()) or ())
    return [p for p in (kb.get(i) for i in ids) if point_of(p) is not None]


def places(kb: model.KnowledgeBase, *, term: str | None = None) -> list[model.Place]:
    """Places by name, or those matching `term` and the places within them."""
    pool = list(kb.places)
    if term:
        keep = place_ids(kb, term)
        pool = [p for p in pool if p.id in keep]
    return sorted(pool, key=lambda p: normalize(p.name))


def events_per_place(kb: model.KnowledgeBase, events: Iterable[model.Event]
                     ) -> tuple[list[tuple[model.Place, int]], int]:
    """Every place that can be drawn, with how many of `events` name it (an event at two
    places counts at each), and the number of events at no such place."""
    counts = {p.id: 0 for p in kb.places if point_of(p) is not None}
    unplaced = 0
    for e in events:
        located = located_places(kb, e)
        if not located:
            unplaced += 1
        for p in located:
            counts[p.id] += 1
    return [(kb.get(pid), n) for pid, n in counts.items()], unplaced


def events_at(kb: model.KnowledgeBase) -> dict[str, int]:
    """How many events name each place (by id), in one pass over the events."""
    from collections import Counter

    return Counter(pid for e in kb.events for pid in set(e.places))


# ---------------------------------------------------------------- overview


def period(kb: model.KnowledgeBase) -> tuple[date, date] | None:
    spans = kb.events.intervals()
    firsts = [f for f in spans[0::2] if f >= 0]
    if not firsts:
        return None
    return date.fromordinal(min(firsts)), date.fromordinal(max(spans[1::2]))


def events_end(kb: model.KnowledgeBase) -> date | None:
    """The last day any event of the knowledge base reaches: where its knowledge stops."""
    span = period(kb)
    return span[1] if span else None


def revised_year(kb: model.KnowledgeBase) -> int | None:
    return int(kb.revised[:4]) if kb.revised else None


def leader_gaps(kb: model.KnowledgeBase, side: str) -> list[tuple[int, int]]:
    """The runs of years, from the first year anyone of `side` is known in a role to the
    year of the last revision (or the last year known), in which no tenure in the data
    covers the year."""
    as_of = revised_year(kb)
    roles = [r for p in kb.people if p.side == side for r in p.roles]
    known = [y for r in roles for y in (r.start, r.end, *r.attested) if y is not None]
    if not known:
        return []
    last = max(known + ([as_of] if as_of is not None else []))
    gaps: list[tuple[int, int]] = []
    for year in range(min(known), last + 1):
        if any(r.active_in(year, as_of) is True for r in roles):
            continue
        if gaps and gaps[-1][1] == year - 1:
            gaps[-1] = (gaps[-1][0], year)
        else:
            gaps.append((year, year))
    return gaps


def headline_figures(kb: model.KnowledgeBase) -> list[model.Figure]:
    """The figures the article puts up front: those from its infobox and its lead."""
    return [f for f in kb.figures
            if any(c.source == "article" and c.section in ("Infobox", "Lead") for c in f.sources)]


# ---------------------------------------------------------------- recorded events (layers)
# Rows of event datasets (kachin_cli.layers.record.RecordedEvent), filtered with the same
# meaning as the narrative's events, and linked to the knowledge base's places.

# A recorded event within this distance of a place's coordinates is "near" it.
NEAR_KM = 10.0
_PLACE_SUFFIXES = frozenset({"town", "village", "city", "area"})


def _place_key(text: str) -> str:
    """UCDP's 'Laiza town' -> 'laiza'; 'Hpakant township' stays 'hpakant township'."""
    words = normalize(text).split()
    while len(words) > 1 and words[-1] in _PLACE_SUFFIXES:
        words.pop()
    return " ".join(words)


def _places_by_name(kb: model.KnowledgeBase) -> dict[str, list[model.Place]]:
    index = kb.cache.get("places-by-name")
    if index is None:
        index = {}
        for p in kb.places:
            for n in names_of(p):
                key = _place_key(n)
                if key and p not in index.get(key, []):
                    index.setdefault(key, []).append(p)
        kb.cache["places-by-name"] = index
    return index


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from math import asin, cos, radians, sin, sqrt

    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(a))


def place_links(kb: model.KnowledgeBase, event: Any) -> list[tuple[model.Place, str]]:
    """The knowledge base's places a recorded event happened at or near, each with how the
    link was made. Only locations known well enough are linked: by name when the dataset
    places the event at a named location or district (precision 1-3), by distance (within
    NEAR_KM of the place's coordinates) when it is within 25 km of its point (1-2). A row
    placed only at the province or the country (its point is then a centroid) is never linked."""
    from kachin_cli.layers.record import DISTANCE_LINK_PRECISION, NAME_LINK_PRECISION, WHERE_PRECISION

    prec = event.where_prec
    if prec is None or prec > NAME_LINK_PRECISION:
        return []
    out: list[tuple[model.Place, str]] = []
    for p in _places_by_name(kb).get(_place_key(event.place), []) if event.place else []:
        out.append((p, f"by name: the dataset's location {quoted(event.place)} ({WHERE_PRECISION[prec]})"))
    if prec <= DISTANCE_LINK_PRECISION and event.placed:
        for p in kb.places:
            if p.coordinates is None or any(p is q for q, _ in out):
                continue
            km = km_between(event.latitude, event.longitude, p.coordinates.lat, p.coordinates.lon)
            if km <= NEAR_KM:
                out.append((p, f"by distance: {km:.1f} km from {p.name}'s coordinates "
                               f"(the dataset's location {quoted(event.place)}, {WHERE_PRECISION[prec]})"))
    return out


def _in_places(kb: model.KnowledgeBase, event: Any, places: set[str], names: set[str]) -> bool:
    if any(p.id in places for p, _ in place_links(kb, event)):
        return True
    # a district or state named like a matched place holds every event located within it
    prec = event.where_prec
    return prec is not None and prec <= 4 and bool(
        {_place_key(event.adm_1), _place_key(event.adm_2)} & names)


def _sides_match(event: Any, term: str, names: set[str]) -> bool:
    sides = {normalize(s) for s in (event.side_a, event.side_b) if s}
    # each side on its own: a term running from one side into the other names neither
    return any(f" {term} " in f" {side} " for side in sides) or bool(sides & names)


def _actor_names(kb: model.KnowledgeBase, term: str) -> set[str]:
    """The names a recorded event's sides may carry for the actors matching `term`: their
    own, and those of the organisations they belong to (UCDP codes the KIA's war under its
    parent, the KIO)."""
    names: set[str] = set()
    for aid in actor_ids(kb, term):
        record = kb.get(aid)
        seen: set[str] = set()
        while record is not None and record.id not in seen:
            seen.add(record.id)
            names.update(normalize(n) for n in names_of(record))
            parent = getattr(record, "parent", None)
            record = kb.get(parent) if parent else None
    return names


def _recorded_text(e: Any) -> str:
    return normalize(" ".join((e.place, e.where_description, e.side_a, e.side_b, e.dyad_name, e.source_headline,
                               e.notes)))


def recorded(kb: model.KnowledgeBase, rows: Iterable[Any], *, start: date | None = None, end: date | None = None,
             phase: str | None = None, place: str | Sequence[str] | None = None,
             actor: str | Sequence[str] | None = None,
             text: str | None = None, about: str | None = None, sides: Sequence[str] | None = None,
             reverse: bool = False) -> list[Any]:
    """Recorded events filtered as `timeline` filters the narrative's: by overlapping dates,
    by the dates of a phase, at a place (or within it), involving an actor (by the side's
    name, or the name of the organisation the actor belongs to), containing a text, or
    about a term (any of the three); in chronological order. Several places or actors:
    any of them."""
    if phase:
        spans = [(p.first, p.last) for p in kb.phases if p.id in phase_ids(kb, phase) and p.first]
        lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
        start, end = max(filter(None, (start, lo))), min(filter(None, (end, hi)))
    places = matched_places(kb, place)
    place_names = {_place_key(n) for pid in places for n in names_of(kb.get(pid))} if places else set()
    actors = [(normalize(a), _actor_names(kb, a)) for a in terms_of(actor)]
    on_side = side_names(kb, sides) if sides else None
    if text is not None:
        require_searchable(text, "the search term")
    needle = normalize(text) if text else None
    if about:
        about_places = place_ids(kb, about)
        about_place_names = {_place_key(n) for pid in about_places for n in names_of(kb.get(pid))}
        about_actors, about_needle = _actor_names(kb, about), normalize(about)
    out = []
    for e in rows:
        if (start is not None and e.date_end < start) or (end is not None and e.date_start > end):
            continue
        if places is not None and not _in_places(kb, e, places, place_names):
            continue
        if actors and not any(_sides_match(e, needle_a, names_a) for needle_a, names_a in actors):
            continue
        if needle is not None and not all(f" {w}" in f" {_recorded_text(e)}" for w in needle.split()):
            continue
        if about and not (_sides_match(e, about_needle, about_actors)
                          or (about_places and _in_places(kb, e, about_places, about_place_names))
                          or about_needle in _recorded_text(e)):
            continue
        if on_side is not None and not _on_sides(e, on_side):
            continue
        out.append(e)
    out.sort(key=lambda e: (e.date_start, e.date_end, e.id), reverse=reverse)
    return out


def recorded_at(kb: model.KnowledgeBase, place: model.Place, rows: Iterable[Any]) -> list[tuple[Any, str]]:
    """The recorded events linked to a place (or a place within it), with how."""
    inside = contained_places(kb, {place.id})
    out = []
    for e in rows:
        for p, how in place_links(kb, e):
            if p.id in inside:
                out.append((e, how if p.id == place.id else f"{how}, in {p.name}"))
                break
    out.sort(key=lambda x: (x[0].date_start, x[0].id))
    return out


def interleave(events: Sequence[model.Event], rows: Sequence[Any], reverse: bool = False) -> list[Any]:
    """The narrative's events and recorded ones in one chronological order."""
    def key(r: Any) -> tuple[date, date, int]:
        if isinstance(r, model.Event):
            return (r.first or date.max, r.last or date.max, 0)
        return (r.date_start, r.date_end, 1)

    return sorted([*events, *rows], key=key, reverse=reverse)


class RecordedYear:
    """One year of recorded deaths beside the narrative's claims for it."""

    __slots__ = ("year", "events", "low", "best", "high", "claims")

    def __init__(self, year: int, events: int, low: int | None, best: int | None, high: int | None,
                 claims: list[model.Figure]) -> None:
        self.year, self.events, self.low, self.best, self.high, self.claims = year, events, low, best, high, claims


def by_year(kb: model.KnowledgeBase, rows: Iterable[Any], first: int, last: int,
            conflict: int | None) -> list[RecordedYear]:
    """For every year from `first` to `last`: the recorded events' count and low, best and
    high deaths (of UCDP conflict `conflict` only, when given; a dataset without low or high
    estimates has None there), beside the narrative's killed figures dated within that year."""
    sums: dict[int, list[Any]] = {}
    for e in rows:
        if conflict is not None and e.conflict_id != conflict:
            continue
        year = e.year if e.year is not None else e.date_start.year
        s = sums.setdefault(year, [0, 0, 0, 0, False, False])
        s[0] += 1
        s[2] += e.best or 0
        # a row without a low or high estimate (ACLED gives one number) leaves that sum unknown
        if e.low is None:
            s[4] = True
        else:
            s[1] += e.low
        if e.high is None:
            s[5] = True
        else:
            s[3] += e.high
    claims: dict[int, list[model.Figure]] = {}
    for f in figures(kb, category="killed"):
        if f.first is not None and f.last is not None and f.first.year == f.last.year and first <= f.first.year <= last:
            claims.setdefault(f.first.year, []).append(f)
    out = []
    for year in range(first, last + 1):
        found = sums.get(year)
        if found is None:
            out.append(RecordedYear(year, 0, None, None, None, claims.get(year, [])))
            continue
        count, low, best, high, no_low, no_high = found
        out.append(RecordedYear(year, count, None if no_low else low, best, None if no_high else high,
                                claims.get(year, [])))
    return out
