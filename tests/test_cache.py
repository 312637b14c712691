"""The cache of a knowledge base (issue 13), through the installed `kachin` with a cache folder
of the test's own: each way the former cache was broken gets a test, and every one of them
must end with the right answer, no traceback and no hang."""

from __future__ import annotations

import os
import random
import shutil
import stat
import zlib

import pytest
from conftest import REPO, run_installed

from kachin_cli import store

EVENT = "laiza-hq-attack-2014"
DATE = b'"date": "2014-11-19",\n   "title": "Attack on KIA headquarters near Laiza"'


@pytest.fixture
def kb(tmp_path):
    """A copy of the bundled knowledge base (checked in full: it is not the installed copy),
    the cache folder kachin uses, and a function running kachin on them."""
    home = tmp_path / "xdg-cache"
    path = tmp_path / "kachin.json"
    shutil.copyfile(REPO / "data" / "kachin.json", path)
    env = {"XDG_CACHE_HOME": str(home), "KACHIN_NO_CACHE": ""}

    def run(*args: str, timeout: float = 60) -> tuple[str, str]:
        done = run_installed("--data", str(path), *args, env=env, timeout=timeout)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout, done.stderr

    return path, home / "kachin", run


def entry(path, folder):
    """Where the cache entry of this knowledge base goes."""
    real = os.path.realpath(path).encode()
    return folder / f"{zlib.crc32(real):08x}-{path.name}.kb"


def listing_2012(run) -> str:
    return run("timeline", "--from", "2012", "--to", "2012", "--format", "json")[0]


def poisoned(good: bytes) -> bytes:
    """A well-formed entry (the right key, a checksum that holds) that moves the event into
    2012: read, it would change the listing. It stands for what someone else could plant."""
    import datetime as dt
    import hashlib
    import json
    from array import array

    import msgspec

    spans, intervals, ids = msgspec.msgpack.decode(good[79:])
    day = dt.date(2012, 11, 19).toordinal()
    spans = [[*s[:3], day, day] if s[:2] == ["2014-11-19", None] else s for s in spans]
    events = array("q", intervals["events"])
    at = [e["id"] for e in json.loads((REPO / "data" / "kachin.json").read_text())["events"]].index(EVENT)
    events[2 * at:2 * at + 2] = array("q", [day, day])
    intervals["events"] = events.tobytes()
    payload = msgspec.msgpack.encode([spans, intervals, ids])
    return good[:47] + hashlib.blake2b(payload, digest_size=32).digest() + payload


def test_a_sound_entry_is_used(kb):
    """The control for the tests below: a planted entry that passes every check is read."""
    path, folder, run = kb
    assert EVENT not in listing_2012(run)
    entry(path, folder).write_bytes(poisoned(entry(path, folder).read_bytes()))
    assert EVENT in listing_2012(run)


def test_a_run_leaves_one_entry_readable_by_its_owner_alone_in_a_folder_of_theirs(kb):
    path, folder, run = kb
    run("show", EVENT)
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".kb") == [entry(path, folder).name]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry(path, folder).stat().st_mode) == 0o600


def test_an_edit_that_keeps_size_and_mtime_is_seen(kb, tmp_path):
    path, folder, run = kb
    before = listing_2012(run)
    assert "at least 22 insurgents" in run("show", EVENT)[0]  # and now it is cached
    assert entry(path, folder).exists()
    edited = tmp_path / "edited.json"
    edited.write_bytes(path.read_bytes().replace(b"at least 22 insurgents", b"at least 99 insurgents")
                       .replace(DATE, DATE.replace(b"2014-11-19", b"2012-11-19")))
    shutil.copystat(path, edited)  # as `touch -r`: the same mtime
    shutil.copy2(edited, path)  # as `cp -p`: the same size and mtime
    assert path.stat().st_size == edited.stat().st_size
    shown = run("show", EVENT)[0]
    assert "at least 99 insurgents" in shown and "at least 22" not in shown
    after = listing_2012(run)  # the record's interval moved too: not served from the old entry
    assert EVENT not in before and EVENT in after


def test_an_edit_that_breaks_the_file_and_keeps_size_and_mtime_is_reported(kb, tmp_path):
    path, folder, run = kb
    run("show", EVENT)
    stat_before = path.stat()
    text = path.read_bytes()
    at = text.index(b'"phase": "second-conflict"', text.index(EVENT.encode()))
    path.write_bytes(text[:at] + b'"phase": "second-conflicx"' + text[at + 26:])
    os.utime(path, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    done = run_installed("--data", str(path), "show", EVENT, env={"XDG_CACHE_HOME": str(folder.parent)})
    assert done.returncode == 1
    assert "'second-conflicx' does not match any record" in done.stderr


def test_an_edit_during_a_run_is_seen_by_the_next(kb, monkeypatch):
    """The entry is keyed by the bytes that were read and parsed, not by the file as it is
    when the entry is written."""
    path, folder, run = kb
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent))
    read = store.read_bytes
    original = path.read_bytes()

    def read_then_edit(name: str) -> bytes:
        data = read(name)
        path.write_bytes(original.replace(b"at least 22 insurgents", b"at least 99 insurgents"))
        return data

    monkeypatch.setattr(store, "read_bytes", read_then_edit)
    assert "at least 22" in store.load(str(path)).get(EVENT).summary  # what this run read
    assert entry(path, folder).exists()
    assert "at least 99 insurgents" in run("show", EVENT)[0]


def test_a_symlink_planted_at_the_cache_path_is_not_followed(kb, tmp_path):
    path, folder, run = kb
    folder.mkdir(parents=True, mode=0o700)
    victim = tmp_path / "victim"
    victim.write_text("mine")
    entry(path, folder).symlink_to(victim)
    expected = listing_2012(run)
    assert victim.read_text() == "mine"
    assert listing_2012(run) == expected


def test_a_symlink_planted_at_the_temporary_path_is_not_followed(kb, tmp_path, monkeypatch):
    path, folder, run = kb
    expected = listing_2012(run)
    entry(path, folder).unlink()
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent))
    monkeypatch.setattr(os, "urandom", lambda n: b"\0" * n)  # a temporary name known in advance
    victim = tmp_path / "victim"
    victim.write_text("mine")
    os.symlink(victim, f"{entry(path, folder)}.{os.getpid()}-{'00' * 6}.tmp")
    assert store.load(str(path)).get(EVENT) is not None
    assert victim.read_text() == "mine"
    assert listing_2012(run) == expected


def test_an_entry_that_is_a_symlink_to_a_sound_entry_is_not_followed(kb, tmp_path):
    path, folder, run = kb
    expected = listing_2012(run)
    planted = tmp_path / "planted"
    planted.write_bytes(poisoned(entry(path, folder).read_bytes()))
    planted.chmod(0o600)
    entry(path, folder).unlink()
    entry(path, folder).symlink_to(planted)
    assert listing_2012(run) == expected


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777, 0o720, 0o702])
def test_a_cache_folder_that_group_or_others_can_write_is_not_used(kb, mode):
    path, folder, run = kb
    expected = listing_2012(run)
    planted = poisoned(entry(path, folder).read_bytes())
    entry(path, folder).unlink()
    folder.chmod(mode)
    assert listing_2012(run) == expected
    assert [p for p in folder.iterdir() if p.suffix == ".kb"] == []  # nothing written there
    entry(path, folder).write_bytes(planted)  # and nothing read from there
    entry(path, folder).chmod(0o600)
    assert listing_2012(run) == expected


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_cache_folder_of_another_user_is_not_used(kb):
    path, folder, run = kb
    expected = listing_2012(run)
    entry(path, folder).write_bytes(poisoned(entry(path, folder).read_bytes()))
    os.chown(folder, 65534, 65534)
    assert listing_2012(run) == expected


def test_a_cache_folder_that_is_a_symlink_is_not_used(kb, tmp_path):
    path, folder, run = kb
    expected = listing_2012(run)
    real = tmp_path / "elsewhere"
    folder.rename(real)
    entry(path, real).write_bytes(poisoned(entry(path, real).read_bytes()))
    folder.symlink_to(real)
    assert listing_2012(run) == expected


def test_a_fifo_at_the_cache_path_does_not_hang(kb):
    path, folder, run = kb
    expected = listing_2012(run)
    entry(path, folder).unlink()
    os.mkfifo(entry(path, folder))
    assert listing_2012(lambda *a: run(*a, timeout=20)) == expected


def test_each_of_60_flipped_bits_of_an_entry_gives_the_right_answer(kb, kachin, monkeypatch):
    """Each flip is read by kachin's own code in this process (`cli.run`, a knowledge base loaded
    afresh each time), and six of them, the header's among them, by the installed `kachin` too."""
    path, folder, run = kb
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent))
    monkeypatch.delenv("KACHIN_NO_CACHE", raising=False)
    expected = listing_2012(run)
    shown = run("show", EVENT)[0]
    good = entry(path, folder).read_bytes()
    bits = random.Random(13).sample(range(len(good) * 8), 54) + list(range(0, 15 * 8, 21))  # + the header's
    assert len(bits) == 60
    for i, bit in enumerate(bits):
        flipped = bytearray(good)
        flipped[bit // 8] ^= 1 << (bit % 8)
        entry(path, folder).write_bytes(bytes(flipped))
        answers = [kachin("--data", str(path), "timeline", "--from", "2012", "--to", "2012", "--format", "json"),
                   kachin("--data", str(path), "show", EVENT)]
        assert [(a.code, a.out, a.err) for a in answers] == [(0, expected, ""), (0, shown, "")], bit
        assert entry(path, folder).read_bytes()[:47] == good[:47]  # rebuilt and written again
        if i % 10 == 9:  # and through the installed kachin: 5 random flips and one of the header's
            entry(path, folder).write_bytes(bytes(flipped))
            assert listing_2012(run) == expected, bit
            assert run("show", EVENT)[0] == shown, bit


def test_no_cache_1_writes_nothing(kb):
    path, folder, run = kb
    done = run_installed("--data", str(path), "show", EVENT,
                         env={"XDG_CACHE_HOME": str(folder.parent), "KACHIN_NO_CACHE": "1"})
    assert done.returncode == 0
    assert not folder.exists()


def test_a_knowledge_base_from_the_cache_is_the_one_checked_in_full(kb, monkeypatch):
    path, folder, run = kb
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent))

    def seen(k):
        return ([(r.id, r.first, r.last) for r in k.records()],
                {kind: list(k.collection(kind).intervals()) for kind in store.DATE_FIELDS})

    full, problems = store.check(str(path))
    assert problems == [] and entry(path, folder).exists()
    store.model.SPANS.clear()  # as in a new process
    cached, problems = store.check(str(path))
    assert problems == [] and seen(cached) == seen(full)
    assert all("_intervals" in cached.collection(kind).__dict__ for kind in store.DATE_FIELDS)  # not rebuilt


def test_records_read_through_the_cache_are_decoded_only_when_asked_for_and_equal_those_checked(kb, monkeypatch):
    """A later run leaves a record undecoded (a slice of the file's bytes) until a query asks for
    it; then it is the record a full check gives, and the same object each time it is asked for."""
    import datetime as dt

    from kachin_cli import query

    path, folder, run = kb
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent))
    full, _ = store.check(str(path))
    cached, problems = store.check(str(path))
    assert problems == [] and cached.events._raw is not None  # read through the cache
    month = query.timeline(cached, start=dt.date(2014, 11, 1), end=dt.date(2014, 11, 30))
    assert [e.id for e in month] == [e.id for e in query.timeline(full, start=dt.date(2014, 11, 1),
                                                                   end=dt.date(2014, 11, 30))]
    assert EVENT in [e.id for e in month]
    decoded = [x for x in cached.events._items if x is not None]
    assert len(decoded) == len(month) < len(cached.events) / 10
    assert cached.get(EVENT) is next(e for e in month if e.id == EVENT)
    assert cached.events[-1] == full.events[-1] and cached.events[-1] is cached.events[len(cached.events) - 1]
    assert cached.events[1:3] == list(full.events)[1:3]
    assert list(cached.records()) == list(full.records())  # every record, all at once
    assert cached.get(EVENT) is month[[e.id for e in month].index(EVENT)]  # what was decoded is kept


def test_cached_ids_that_do_not_fit_the_records_are_not_used(kb, monkeypatch):
    """Ids are cached one per line: a list of another length (an id with a newline in it) is
    not trusted, and the records' own ids are read instead."""
    path, folder, run = kb
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent))
    store.check(str(path))
    cached, _ = store.check(str(path))
    raw = cached.events._raw[:2]
    firsts = [e.id for e in cached.events[:2]]
    assert store.model.Records(raw=raw, cls=store.model.Event, ids="\n".join(firsts)).ids() == firsts
    for wrong in ("one-id", "a\nb\nc", "x\n" + "\n".join(firsts)):
        assert store.model.Records(raw=raw, cls=store.model.Event, ids=wrong).ids() == firsts


def test_records_decoded_later_in_a_run_come_from_the_bytes_that_were_checked(kb, monkeypatch):
    """A record decoded after the file changed on disk is still the one of the bytes this run
    read and found in the cache: the listing never mixes two versions of the file."""
    path, folder, run = kb
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent))
    run("show", EVENT)  # checked and cached
    cached, _ = store.check(str(path))
    path.write_bytes(path.read_bytes().replace(b"at least 22 insurgents", b"at least 99 insurgents"))
    assert "at least 22 insurgents" in cached.get(EVENT).summary
    assert "at least 99 insurgents" in run("show", EVENT)[0]


# ---------------------------------------------------------------- the search index

def search_entry(path, folder):
    return entry(path, folder).with_suffix(".search")


def found(run, term: str) -> list[str]:
    return [hit["id"] for hit in __import__("json").loads(run("search", term, "--format", "json")[0])]


def test_a_search_index_is_cached_and_a_sound_planted_one_is_read(kb):
    """The control for the two tests below: the second search reads the index from the cache."""
    import hashlib

    import msgspec

    path, folder, run = kb
    hits = found(run, "laiza")
    assert "laiza" in hits and EVENT in hits
    assert stat.S_IMODE(search_entry(path, folder).stat().st_mode) == 0o600
    assert found(run, "laiza") == hits and found(run, "qzqzq") == []
    good = search_entry(path, folder).read_bytes()
    stored = msgspec.msgpack.decode(good[79:])
    stored[1], stored[3] = stored[1].replace("laiza", "qzqzq"), stored[3].replace("laiza", "qzqzq")
    payload = msgspec.msgpack.encode(stored)
    search_entry(path, folder).write_bytes(good[:47] + hashlib.blake2b(payload, digest_size=32).digest() + payload)
    assert found(run, "qzqzq")[0] == "laiza"  # what the planted index says, not the file


def test_a_search_after_an_edit_that_keeps_size_and_mtime_sees_the_edit(kb, tmp_path):
    path, folder, run = kb
    assert found(run, "hkanhtoo") == []
    assert search_entry(path, folder).exists()
    edited = tmp_path / "edited.json"
    edited.write_bytes(path.read_bytes().replace(b"at least 22 insurgents", b"at least 22 hkanhtoo"))
    shutil.copystat(path, edited)
    shutil.copy2(edited, path)  # as `cp -p`: the same size and mtime
    assert found(run, "hkanhtoo") == [EVENT]


def test_flipped_bits_of_a_search_index_entry_give_the_right_answer(kb):
    path, folder, run = kb
    expected = found(run, "laiza")
    good = search_entry(path, folder).read_bytes()
    for bit in random.Random(17).sample(range(len(good) * 8), 12) + [3, 15 * 8 + 5, 47 * 8 + 1, 79 * 8 + 2]:
        flipped = bytearray(good)
        flipped[bit // 8] ^= 1 << (bit % 8)
        search_entry(path, folder).write_bytes(bytes(flipped))
        assert found(run, "laiza") == expected, bit
