"""Text no column may hold: NUL characters and lone UTF-16 surrogates (they break reads)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def text_problem(value: str) -> str | None:
    """What is wrong with `value` as stored text, or None."""
    if "\x00" in value:
        return "the NUL character (\\u0000)"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "a lone UTF-16 surrogate (\\ud800-\\udfff without its pair)"
    return None


def strings_in(value: Any) -> Iterator[str]:
    """Every string of a JSON value, keys included (iterative: depth is not bounded here)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            yield current
        elif isinstance(current, dict):
            yield from (key for key in current if isinstance(key, str))
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
