"""The search index kept in kachin's cache, a past tense read as an event's type, a typo of a
name that has an alias, and a knowledge base built by hand (issue 16's survivors of
query._stored_index, query._word_hits, query._Index.build and model.KnowledgeBase).

Run in-process, with a cache folder of the test's own: what a later search reads is what the
first one wrote, under the key of the file's content; a planted entry that passes every check
is what the search then sees, which shows the entry is read."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zlib

import msgspec
import pytest
from conftest import MINI, derived

from kachin_cli import cache, model, query, store


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """The fixture knowledge base at a path of its own, and kachin's cache in the test's folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("KACHIN_NO_CACHE", raising=False)
    path = tmp_path / "kb.json"
    shutil.copyfile(MINI, path)
    return path


def entry(path) -> str:
    real = os.path.realpath(path).encode()
    return os.path.join(cache.cache_dir(), f"{zlib.crc32(real):08x}-{path.name}.search")


def ids(hits) -> list[str]:
    return [h.record.id for h in hits]


def test_a_search_writes_the_index_and_links_under_the_files_content_key(copy):
    kb = store.load(copy)
    laiza = ids(query.find(kb, "laiza"))
    assert sorted(os.listdir(cache.cache_dir())) == sorted([os.path.basename(entry(copy))[:-7] + ".kb",
                                                             os.path.basename(entry(copy))])
    with open(entry(copy), "rb") as f:
        blob = f.read()
    with open(query.__file__, "rb") as f:
        assert blob[15:47] == cache.key(kb.cache["file-key"] + f.read(), ".search")
    fresh = query._Index.build(store.load(MINI))
    fresh_links = query._links(store.load(MINI), fresh)
    assert msgspec.msgpack.decode(blob[79:]) == [fresh.kind_starts, fresh.names, fresh.name_starts.tobytes(),
                                                  fresh.texts, fresh.text_starts.tobytes(), fresh.vocabulary,
                                                  fresh_links]
    assert ids(query.find(store.load(copy), "laiza")) == laiza  # read back: the same answer


def test_a_search_index_is_cached_when_the_search_code_has_no_source_file(copy, monkeypatch, tmp_path):
    monkeypatch.setattr(query, "__file__", str(tmp_path / "missing" / "query.py"))
    kb = store.load(copy)
    assert "laiza" in ids(query.find(kb, "laiza"))
    with open(entry(copy), "rb") as f:
        assert f.read()[15:47] == cache.key(kb.cache["file-key"] + b"query", ".search")
    assert ids(query.find(store.load(copy), "laiza")) == ids(query.find(kb, "laiza"))


def plant(path, change) -> None:
    """Rewrite the search entry of `path` with `change(stored)` applied, checksum and all."""
    with open(entry(path), "rb") as f:
        blob = f.read()
    stored = msgspec.msgpack.decode(blob[79:])
    change(stored)
    payload = msgspec.msgpack.encode(stored)
    with open(entry(path), "wb") as f:
        f.write(blob[:47] + hashlib.blake2b(payload, digest_size=32).digest() + payload)


def test_a_later_search_reads_the_index_from_the_cache(copy):
    query.find(store.load(copy), "laiza")
    assert query.find(store.load(copy), "qzqzq") == []

    def rename(stored):
        stored[1], stored[3] = stored[1].replace("laiza", "qzqzq"), stored[3].replace("laiza", "qzqzq")

    plant(copy, rename)
    hits = query.find(store.load(copy), "qzqzq")
    assert [(h.record.id, h.match) for h in hits][0] == ("laiza", "exact")


def test_a_later_search_reads_the_links_from_the_cache(copy):
    kb = store.load(copy)
    before = ids(query.find(kb, "lashio"))
    assert "laiza-attack-2014" not in before
    attack = query._index(kb).kind_starts[query.KIND_NAMES.index("events")] + kb.locate("laiza-attack-2014")[1]

    def link(stored):  # the planted links say the attack names Lashio
        stored[6]["lashio"] = [*stored[6].get("lashio", []), attack]

    plant(copy, link)
    assert "laiza-attack-2014" in ids(query.find(store.load(copy), "lashio"))


def test_an_index_read_back_finds_records_at_the_end_of_each_kind(copy):
    kb = store.load(copy)
    last = [kb.collection(kind)[-1].id for kind in query.KIND_NAMES if kb.collection(kind)]
    query.find(kb, "laiza")
    again = store.load(copy)
    for rid in last:
        assert rid in ids(query.find(again, rid)), rid


@pytest.mark.parametrize("part", range(7))
def test_an_entry_of_the_wrong_shape_is_a_miss(copy, part):
    """An entry whose checksum holds but whose values are not what an index holds (planted, or
    written by other code) is rebuilt from the file, not used."""
    expected = ids(query.find(store.load(copy), "laiza"))

    def spoil(stored):
        stored[part] = 5 if part else "5"

    plant(copy, spoil)
    assert ids(query.find(store.load(copy), "laiza")) == expected


def test_a_knowledge_base_not_read_from_a_file_is_searched_without_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    kb, problems = store.validate(json.loads(MINI.read_text(encoding="utf-8")))
    assert problems == [] and "file-key" not in kb.cache
    # 'laiza' names a place: the records linking to it are found through the links too
    found = ids(query.find(kb, "laiza"))
    assert "laiza-attack-2014" in found
    assert not (tmp_path / "xdg").exists()  # nothing cached
    assert found == ids(query.find(store.load(MINI), "laiza"))


def test_only_a_final_ed_goes_before_matching_types():
    kb = store.load(MINI)
    # 'capxed' less 'ed' is 'capx', which starts no type ('cap' would start 'capture')
    assert query.find(kb, "capxed") == []


def _one_word_name_with_an_alias(raw: dict) -> None:
    raw["places"].append({"id": "tanai", "name": "Tanai", "aliases": ["Danai"], "kind": "town",
                          "country": "Myanmar", "summary": "A town.", "sources": [{"source": "article"}]})


def test_a_typo_of_a_name_with_an_alias_is_a_fuzzy_match(tmp_path):
    kb = store.load(derived(tmp_path, _one_word_name_with_an_alias))
    assert [(h.record.id, h.match) for h in query.find(kb, "tannai")] == [("tanai", "fuzzy")]
    assert {"tanai", "danai"} <= set(query._index(kb).vocabulary)


def test_a_knowledge_base_built_by_hand_has_no_path_unless_given():
    assert model.KnowledgeBase().path == ""
    assert model.KnowledgeBase("mine.json").path == "mine.json"
