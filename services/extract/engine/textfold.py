"""Same-length text folding for the gazetteer, the player registry and the engine.

`fold_text` lower-cases, strips accents and straightens quotes and dashes without ever
changing the length of the text, so an offset into the folded text is an offset into the
original too. `match_key` goes one step further for the automata: ASCII only, every
character that cannot be part of a word becomes a space, so "Al-Hilal", "Al Hilal" and
"St James’ Park" / "St James' Park" fold to the same bytes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

# Characters whose fold is not what NFKD + casefold gives, or whose fold changes length.
_SPECIAL: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u00ad": "-",  # soft hyphen: invisible, but it must not glue words together
    "\u00df": "s",
    "\u1e9e": "s",  # ß folds to "ss": one-character stand-in
    "\u00f8": "o",
    "\u00d8": "o",
    "\u0153": "o",
    "\u0152": "o",
    "\u00e6": "a",
    "\u00c6": "a",
    "\u0142": "l",
    "\u0141": "l",
    "\u0111": "d",
    "\u0110": "d",
    "\u00f0": "d",
    "\u00d0": "d",
    "\u00fe": "t",
    "\u00de": "t",
    "\u0131": "i",
    "\u0130": "i",
    "\u0127": "h",
    "\u0126": "h",
}

# One class, then the same class repeated: a pattern starting with a plain class is
# scanned far faster than one starting with a repeat (same matches).
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")


@functools.cache
def _fold_char(ch: str) -> str:
    special = _SPECIAL.get(ch)
    if special is not None:
        return special
    low = ch.casefold()
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    if len(base) == 1:
        return base
    if base and base[0].isalnum():
        return base[0]  # e.g. a ligature: keep the first letter as same-length stand-in
    return low if len(low) == 1 else ch


def _key_char(ch: str) -> str:
    folded = _fold_char(ch)
    if folded.isascii():
        return folded  # punctuation among them becomes a space in the byte table
    # A letter with no ASCII fold (Cyrillic, Arabic, ...) is still a word character:
    # \x01 keeps word boundaries right and never matches a pattern.
    return "\x01" if folded.isalnum() else " "


class _LazyTable(dict[int, str]):
    """str.translate table filled on first sight of each character."""

    def __init__(self, fn: Callable[[str], str]) -> None:
        super().__init__()
        self._fn = fn

    def __missing__(self, code: int) -> str:
        value = self._fn(chr(code))
        self[code] = value
        return value


_FOLD_TABLE = _LazyTable(_fold_char)
_KEY_TABLE_UNICODE = _LazyTable(_key_char)


def fold_text(text: str) -> str:
    """Lower-cased, accent-free, quotes and dashes straightened; `len` is unchanged."""
    if text.isascii():
        return text.lower()
    # Only the non-ASCII runs go through the lazy table; str.lower() does the rest in C.
    folded = _NON_ASCII_RUN.sub(lambda m: m.group().translate(_FOLD_TABLE), text).lower()
    if len(folded) != len(text):  # defensive: a stray char whose lower() grows
        folded = "".join(c if len(c) == 1 else "?" for c in map(str.lower, folded))
    return folded


def _key_table() -> bytes:
    table = bytearray(b" " * 256)
    for c in range(ord("a"), ord("z") + 1):
        table[c] = c
        table[c - 32] = c
    for c in range(ord("0"), ord("9") + 1):
        table[c] = c
    table[1] = 1
    return bytes(table)


_KEY_TABLE = _key_table()


def match_key(text: str) -> bytes:
    """ASCII bytes, same length as `text`: folded letters and digits, everything else a
    space (non-ASCII letters without an ASCII fold become \\x01)."""
    if not text.isascii():
        text = _NON_ASCII_RUN.sub(lambda m: m.group().translate(_KEY_TABLE_UNICODE), text)
    # The byte table lower-cases ASCII and blanks every non-word byte in one C pass.
    return text.encode("ascii").translate(_KEY_TABLE)


@functools.lru_cache(maxsize=4)
def text_key(text: str) -> bytes:
    """`match_key` of a whole text after a sentinel space (patterns start at a word
    start). The gazetteer and the registry scan the same article: worked out once."""
    return b" " + match_key(text)


def phrase_key(text: str) -> str:
    """Lookup key of a name: `match_key` with runs of separators collapsed, stripped."""
    return " ".join(match_key(text).decode("ascii").split())


def case_matches(template: str, surface: str, free_prefix: int = 0) -> bool:
    """Every upper-case letter of `template` (past `free_prefix` characters) is upper case
    in `surface` too. Lower-case template letters may be either case, so an all-caps
    headline still matches. Both strings have the same length by construction."""
    return all(surface[i].isupper() for i in _upper_at(template, free_prefix))


@functools.lru_cache(maxsize=65536)  # templates are the gazetteer's and registry's names
def _upper_at(template: str, free_prefix: int) -> tuple[int, ...]:
    """Positions of the upper-case letters of `template` past `free_prefix`."""
    return tuple(i for i in range(free_prefix, len(template)) if template[i].isupper())
