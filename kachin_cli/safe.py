"""Making text from data or from the user safe for a terminal, with no heavy imports.

`inert()` keeps text literal and turns control characters (C0 but tab and newline,
DEL, C1), bidi overrides and zero-width marks into visible escapes such as `\\x1b`,
so nothing in a knowledge-base file or a typed argument can drive the terminal.
`to_json()` keeps real values; the encoder escapes them."""

from __future__ import annotations

import json
import re
from typing import Any

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Characters JSON may carry raw but a terminal must not see: written as \\uXXXX escapes.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(value: object) -> str:
    """Data text made safe to show: every control character visible, nothing hidden."""
    text = "" if value is None else str(value)
    return _UNSAFE.sub(_escape, text)


def one_line(value: object) -> str:
    """inert(), with newlines and tabs folded to spaces: for messages and table cells."""
    return inert(value).replace("\n", " ").replace("\t", " ")


def to_json(value: Any) -> str:
    out = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)
