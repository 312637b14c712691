"""What `store.read_bytes` and `store.check` say about a file, in-process (issue 16: survivors of
the first mutation run to reach them, 5 December 2026). The same cases run through the installed
`kachin` in test_hostile.py, but mutmut credits only a test that calls the function in its own
process, and some of these asserted only a part of the line: here each asserts the whole line."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from conftest import MINI, without_waiting

from kachin_cli import store
from kachin_cli.errors import DataError


def message(path: str | Path) -> str:
    with pytest.raises(DataError) as info:
        store.check(str(path))
    return str(info.value)


def test_a_fifo_is_refused_at_once_as_not_a_regular_file(tmp_path):
    """No one writes to the FIFO: opening it to read without O_NONBLOCK would wait for ever."""
    fifo = tmp_path / "kb.json"
    os.mkfifo(fifo)
    assert without_waiting(fifo, lambda: message(fifo)) == [f"{fifo}: not a regular file"]


def test_a_device_and_a_directory_are_named_for_what_they_are(tmp_path):
    assert message("/dev/zero") == "/dev/zero: not a regular file"
    assert message(tmp_path) == f"{tmp_path}: is a directory, not a knowledge-base file"


def _denied(tmp_path: Path) -> str:
    """A file this process may not read: as root (the project machine, CI), a sysctl file
    that is write-only even for root; otherwise a file with no permissions."""
    if os.geteuid() == 0:
        path = "/proc/sys/vm/drop_caches"
        try:
            os.close(os.open(path, os.O_RDONLY))
        except PermissionError:
            return path
        except OSError:
            pass
        pytest.skip("no file that root may not read")
    path = tmp_path / "kb.json"
    path.write_text("{}")
    path.chmod(0)
    return str(path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_file_that_may_not_be_read_says_permission_denied(tmp_path):
    path = _denied(tmp_path)
    assert message(path) == f"{path}: permission denied"


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_other_read_failures_give_the_systems_own_words(tmp_path):
    import errno

    assert message("/proc/self/mem") == f"/proc/self/mem: cannot read ({os.strerror(errno.EIO)})"
    file = tmp_path / "kb.json"
    file.write_text("{}")
    inside = file / "more.json"  # a path through a file: ENOTDIR
    assert message(inside) == f"{inside}: cannot read ({os.strerror(errno.ENOTDIR)})"


def test_empty_and_blank_files(tmp_path):
    empty, blank = tmp_path / "empty.json", tmp_path / "blank.json"
    empty.write_bytes(b"")
    blank.write_bytes(b" \n\t\r\n")
    assert message(empty) == f"{empty}: the file is empty"
    assert message(blank) == f"{blank}: the file contains no JSON, only blank space"


def test_a_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "kb.json"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    assert store.read_bytes(str(path)) == MINI.read_bytes()
    kb, problems = store.check(str(path))
    assert problems == [] and kb is not None
    assert kb.events.ids() == store.load(MINI).events.ids()


def test_a_trusted_file_that_is_not_utf8_gets_one_line(tmp_path):
    """The bundled file is trusted (no scan for repeated keys, which would have found bad UTF-8
    first): one damaged in the installation still gets one line, not a traceback."""
    raw = MINI.read_bytes()
    at = raw.index(b'"title"') + len(b'"title": "')
    path = tmp_path / "kb.json"
    path.write_bytes(raw[:at] + b"\xff" + raw[at:])
    for trusted in (True, False):
        with pytest.raises(DataError) as info:
            store.check(str(path), trusted=trusted)
        assert str(info.value) == f"{path}: not UTF-8 text"


def test_loading_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """check() switches the collector off while it builds the records: it is on again after."""
    assert gc.isenabled()
    store.check(str(MINI))
    assert gc.isenabled()
    gc.disable()
    try:
        store.check(str(MINI))
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


# -- what a cache key is made of (cache.key) ------------------------------------------------------

KEYED_MODULES = ("model", "store", "dates", "cache", "layers/storage", "layers/record")


@pytest.fixture
def sources(tmp_path, monkeypatch):
    """A copy of the modules whose source keys the cache, where `cache` looks for them."""
    import shutil

    from kachin_cli import cache

    here = Path(cache.__file__).resolve().parent
    copy = tmp_path / "kachin_cli"
    for module in KEYED_MODULES:
        (copy / module).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(here / f"{module}.py", copy / f"{module}.py")
    monkeypatch.setattr(cache, "__file__", str(copy / "cache.py"))
    monkeypatch.setattr(cache, "_CODE", [])
    return copy


def _key() -> bytes:
    from kachin_cli import cache

    cache._CODE.clear()  # the code's hash is worked out once a process: again, as a new process would
    return cache.key(b'{"events": []}', ".kb")


@pytest.mark.parametrize("module", KEYED_MODULES)
def test_an_edit_to_the_code_that_decides_a_value_changes_its_key(sources, module):
    """An entry written by other code (a kachin upgraded in place, a source checkout being edited)
    is never read as this code's: each module's source is part of the key."""
    before = _key()
    assert _key() == before  # the same code, the same key
    with open(sources / f"{module}.py", "a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    assert _key() != before


def test_another_version_of_kachin_has_other_keys(sources, monkeypatch):
    import kachin_cli

    before = _key()
    monkeypatch.setattr(kachin_cli, "__version__", kachin_cli.__version__ + ".post1")
    assert _key() != before


def test_another_version_of_msgspec_has_other_keys(sources, monkeypatch):
    """Records are decoded from the file's bytes long after the run that checked them: by
    another msgspec, they are checked again."""
    import msgspec

    before = _key()
    monkeypatch.setattr(msgspec, "__version__", msgspec.__version__ + ".post1")
    assert _key() != before


def test_a_key_depends_on_the_bytes_and_the_tag(sources):
    from kachin_cli import cache

    assert cache.key(b"[1]", ".kb") != cache.key(b"[2]", ".kb")
    assert cache.key(b"[1]", ".kb") != cache.key(b"[1]", ".search")
    assert len(cache.key(b"[1]", ".kb")) == 32  # as the entry's header stores it


def test_a_knowledge_base_built_from_parsed_json_has_no_path():
    """`validate` (the full report) gives a knowledge base read from no file: its path is empty
    until `check` sets the file's."""
    import json

    kb, problems = store.validate(json.loads(MINI.read_text(encoding="utf-8")))
    assert problems == [] and kb is not None
    assert kb.path == ""
    assert store.load(MINI).path == str(MINI)


def test_installed_without_sources_the_version_keys_the_code(sources):
    """A kachin installed from bytecode alone has no .py files to hash: the key is still made,
    from the version and the modules' names, and is the same on every run."""
    import shutil

    shutil.rmtree(sources)
    first = _key()
    assert len(first) == 32 and _key() == first


# -- the cache folder, read and written in-process ------------------------------------------------


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    from kachin_cli import cache

    monkeypatch.delenv("KACHIN_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == str(tmp_path / "xdg" / "kachin")
    return tmp_path / "xdg" / "kachin"


def test_a_cache_folder_that_is_a_symlink_is_neither_read_nor_written(tmp_path, cache_home):
    """Someone who can write where the link points must not choose what kachin reads."""
    from kachin_cli import cache

    path, content = str(tmp_path / "kb.json"), cache.key(b"{}", ".kb")
    cache.put(path, ".kb", content, ["sound"])
    assert cache.get(path, ".kb", content) == ["sound"]  # a folder of the user's own: used
    elsewhere = tmp_path / "elsewhere"
    cache_home.rename(elsewhere)
    cache_home.symlink_to(elsewhere)
    planted = sorted(p.name for p in elsewhere.iterdir())
    assert cache.get(path, ".kb", content) is None  # the entry behind the link is not read
    cache.put(path, ".kb", cache.key(b"[]", ".kb"), ["other"])
    assert sorted(p.name for p in elsewhere.iterdir()) == planted  # and nothing is written there
