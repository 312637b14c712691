"""Making text from data or from the user safe for a terminal, with no heavy imports.

`inert()` keeps text literal and turns control characters (C0 but tab and newline,
DEL, C1), bidi overrides and zero-width marks into visible escapes such as `\\x1b`,
so nothing in a knowledge-base file or a typed argument can drive the terminal.
`to_json()` keeps the real values; the JSON encoder escapes them."""

from __future__ import annotations

from typing import Any

# C0 controls but tab and newline, DEL, C1 controls, and the bidi and zero-width marks
# that can reorder or hide text. A translate table: no regex to compile at start-up.
_UNSAFE_CODES = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x061C,
                 *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]
_VISIBLE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _UNSAFE_CODES}


def inert(value: object) -> str:
    """Data text made safe to show: every control character visible, nothing hidden."""
    text = "" if value is None else str(value)
    # Every code that is escaped is one Python counts unprintable (Cc or Cf): a printable
    # text, the common case, is returned as it is, without a dictionary lookup per character.
    return text if text.isprintable() else text.translate(_VISIBLE)


def one_line(value: object) -> str:
    """inert(), with newlines and tabs folded to spaces: for messages and table cells."""
    return inert(value).replace("\n", " ").replace("\t", " ")


# How much of a value a message repeats: enough to recognise it, never a screenful.
ECHO_LIMIT = 80


def quoted(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value the user typed (or a file holds), as messages repeat it: in quotes, on one
    line, control characters visible, and cut to `limit` characters with an ellipsis.
    Unlike repr() it leaves backslashes alone, so what you typed is what you read."""
    text = one_line(value)
    if len(text) > limit:
        text = text[:limit - 1] + "\u2026"
    return f"'{text}'"


def to_json(value: Any, pretty: bool = False) -> str:
    """JSON text for output. With ensure_ascii the encoder escapes every character outside
    ASCII, C1 controls and bidi marks included, so nothing raw reaches a terminal, and a
    JSON reader gets the real values back. Indented for a person at a terminal; compact
    otherwise, as gh does, which also lets json use its C encoder (five times faster)."""
    import json

    return json.dumps(value, ensure_ascii=True, indent=2 if pretty else None, default=str)


# A spreadsheet reads a cell starting with one of these as a formula (`=cmd|' /C calc'!A0`).
# (OWASP also lists a carriage return, which inert() has already made a visible `\x0d`.)
FORMULA_STARTS = ("=", "+", "-", "@", "\t")


def csv_cell(value: object) -> str:
    """inert(), and a text that a spreadsheet would run as a formula made literal with a
    leading apostrophe (OWASP's advice); numbers such as -1 stay as they are."""
    text = inert(value)
    if text.startswith(FORMULA_STARTS):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text
