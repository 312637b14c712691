"""kachin's cache: what is expensive to rebuild from a file, stored in msgspec's own encoding
(MessagePack), in $XDG_CACHE_HOME/kachin. Used by `store` (a knowledge base's verdict and
intervals) and by the layers (indexes of their files).

The rules, each of which answers a way a cache was broken before (issue 13):
- An entry is keyed by the *content* it was built from: a BLAKE2b hash of the bytes that were
  read and parsed, kachin's and msgspec's versions and the source of the modules whose code decides the value
  (the model, hence its schema; the loader; date parsing; the layers' indexes), never by a
  file's size or time.
- The folder is one kachin creates (0700) and checks: a directory, not a link, owned by the
  user and not writable by group or others; otherwise the cache is not used at all.
- An entry is written to a new temporary file (O_CREAT|O_EXCL|O_NOFOLLOW, 0600) and renamed
  into place, both relative to the folder opened once, so a planted link is never followed.
- It is opened with O_NOFOLLOW|O_NONBLOCK and read only if fstat says it is a regular file of
  the user's that no one else can read or write (a FIFO never blocks), and used only if its
  BLAKE2b checksum holds and its value has the type the caller expects.
Any failure is a miss: the caller rebuilds and carries on. KACHIN_NO_CACHE=1 turns it off."""

import os
import stat
from typing import Any

try:  # hashlib's own BLAKE2b, without the 2 ms hashlib takes to load OpenSSL (on the table path)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

MAGIC = b"kachin-cache 2\n"
_MISSES: dict[tuple[str, str], bytes] = {}  # read_cached's key of a miss, for the write after it


def cache_dir() -> str:
    """$XDG_CACHE_HOME/kachin; ~/.cache/kachin when that is unset or relative (the XDG spec)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return os.path.join(base if os.path.isabs(base) else os.path.join(os.path.expanduser("~"), ".cache"), "kachin")


def _off() -> bool:
    return os.environ.get("KACHIN_NO_CACHE", "") not in ("", "0")


_CODE: list[bytes] = []


def key(data: bytes, tag: str) -> bytes:
    """The key of a value built from `data` under `tag`."""
    h = hasher(tag)
    h.update(data)
    return h.digest()


def hasher(tag: str) -> Any:
    """A BLAKE2b hash that gives the key of the data it is then given under `tag`."""
    if not _CODE:
        import msgspec

        from kachin_cli import __version__

        # msgspec's version too: a record is decoded from the file's bytes long after they were checked
        code = blake2b(f"{MAGIC!r} {__version__} {msgspec.__version__}".encode(), digest_size=32)
        here = os.path.dirname(os.path.abspath(__file__))
        for module in ("model", "store", "dates", "cache", "layers/storage", "layers/record"):
            try:
                with open(os.path.join(here, f"{module}.py"), "rb") as f:
                    code.update(blake2b(f.read()).digest())
            except OSError:  # installed without its sources: the version says which code it is
                code.update(module.encode())
        _CODE.append(code.digest())
    return blake2b(_CODE[0] + tag.encode("utf-8", "surrogateescape") + b"\0", digest_size=32)


def _folder() -> int | None:
    """The cache folder, opened, or None: cache off, or not a folder of ours alone to write."""
    if _off():
        return None
    folder = cache_dir()
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    own = os.fstat(fd)
    if own.st_uid != os.getuid() or own.st_mode & 0o022:
        os.close(fd)
        return None
    return fd


def _name(path: str, tag: str) -> str:
    import zlib

    real = os.path.realpath(path).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(real):08x}-{os.path.basename(path)[:40]}{tag}"


def get(path: str, tag: str, content: bytes, kind: Any = Any) -> Any:
    """The value cached for `path` under `tag` with this key, or None."""
    import msgspec

    folder = _folder()
    if folder is None:
        return None
    try:
        fd = os.open(_name(path, tag), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
        with os.fdopen(fd, "rb") as f:
            own = os.fstat(f.fileno())
            if not stat.S_ISREG(own.st_mode) or own.st_uid != os.getuid() or own.st_mode & 0o077:
                return None
            blob = f.read()
        # a view, not a copy, of what may be tens of megabytes (a search index)
        head, stored, checksum, payload = blob[:15], blob[15:47], blob[47:79], memoryview(blob)[79:]
        if head != MAGIC or stored != content or checksum != blake2b(payload, digest_size=32).digest():
            return None
        return msgspec.msgpack.decode(payload, type=kind)
    except (OSError, ValueError):  # msgspec's errors are ValueErrors
        return None
    finally:
        os.close(folder)


def put(path: str, tag: str, content: bytes, value: Any) -> None:
    """Cache `value` for `path` under `tag` with this key. Failing to write is not an error."""
    import contextlib

    import msgspec

    try:
        payload = msgspec.msgpack.encode(value)
    except (TypeError, ValueError):
        return
    folder = _folder()
    if folder is None:
        return
    name = _name(path, tag)
    tmp = f"{name}.{os.getpid()}-{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + content + blake2b(payload, digest_size=32).digest() + payload)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
    finally:
        os.close(folder)


def _file_key(path: str, tag: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            return key(f.read(), tag)
    except OSError:
        return None


def read_cached(path: str, tag: str = ".cache") -> Any:
    """For a caller that reads `path` itself (the layers): what was cached for the file's
    present content under `tag`, or None. A top-level list comes back as a tuple."""
    content = None if _off() else _file_key(path, tag)
    if content is None:
        return None
    value = get(path, tag, content, tuple)
    if value is None:
        _MISSES[(path, tag)] = content
    return value


def write_cached(path: str, value: Any, tag: str = ".cache") -> None:
    """Cache `value`, built after a miss of read_cached, for the content that miss saw;
    nothing is written if the file reads differently now."""
    content = _MISSES.pop((path, tag), None)
    if content is not None and content == _file_key(path, tag):
        put(path, tag, content, value)
