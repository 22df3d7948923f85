"""Same-length text folding: lower case, accents off, curly quotes and dashes straightened.

Every rule matches on the folded text, and because folding never changes the length, a
match's offsets are offsets into the original text too.
"""

from __future__ import annotations

import functools
import re
import unicodedata


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x250):  # Latin-1 and Latin Extended-A/B: where football names live
        ch = chr(code)
        low = ch.lower()
        if len(low) != 1:
            continue
        base = unicodedata.normalize("NFKD", low)[:1] or low
        if not base.isascii() or not (base.isalnum() or base == low):
            base = low
        if base != ch:
            table[code] = base
    specials = {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
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
        "\u2009": " ",
        "\u202f": " ",
        "\u00df": "s",
        "\u00f8": "o",
        "\u00d8": "o",
        "\u0142": "l",
        "\u0141": "l",
        "\u0111": "d",
        "\u0110": "d",
        "\u00e6": "a",
        "\u00c6": "a",
        "\u0131": "i",
        "\u0130": "i",
    }
    for k, v in specials.items():
        table[ord(k)] = v
    return table


_TABLE = _build_table()


# The table maps ASCII exactly as str.lower() does; ASCII text is lowered in C at once
# and only the non-ASCII runs go through the (much slower, per character) dict table.
# (One class, then the same class repeated: a pattern that starts with a plain class
# is scanned far faster than one that starts with a repeat.)
_NON_ASCII_SPLIT = re.compile(r"([^\x00-\x7f][^\x00-\x7f]*)")


def fold(text: str) -> str:
    """Lower-cased, accent-free, same length as `text` (one character for one)."""
    if len(text) < 40:
        return _fold_short(text)  # names and words recur: remember them
    if text.isascii():
        return text.lower()
    parts = _NON_ASCII_SPLIT.split(text)  # even: ASCII runs, odd: non-ASCII runs
    return "".join(p.translate(_TABLE) if i % 2 else p.lower() for i, p in enumerate(parts))


@functools.lru_cache(maxsize=32768)
def _fold_short(text: str) -> str:
    return text.translate(_TABLE)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def surname_key(name: str) -> str:
    """The scorer's player key: lower case, accents removed, last word of the name."""
    words = strip_accents(name).lower().split()
    return words[-1] if words else ""


# Three or more all-caps words in a row (separated by spaces or punctuation): a headline.
_CAPS_RUN = re.compile(
    r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+(?:[ \t:;,.!?\"“”‘’–—-]{1,4}[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+){2,}"
)
_CAPS_WORD = re.compile(r"[^\W\d_]{2,}(?:['’\-][^\W\d_]+)*")


def decap_headlines(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Headlines in capitals ("LIVERPOOL REJECT SALAH BID") in title case, so that names
    and clubs read as names; same length as `text`, other text untouched. Also returns
    the spans changed: every word there is capitalised, so names in them need proof."""
    spans: list[tuple[int, int]] = []
    out: list[str] | None = None
    for m in _CAPS_RUN.finditer(text):
        seg = m.group()
        if len(seg) < 12:
            continue
        if out is None:
            out = list(text)
        spans.append((m.start(), m.end()))
        for w in _CAPS_WORD.finditer(seg):
            word = w.group()
            titled = word[0] + word[1:].lower()
            if len(titled) != len(word):
                continue  # a character whose lower case is longer: leave the word
            start = m.start() + w.start()
            out[start : start + len(word)] = titled
    return ("".join(out) if out is not None else text), spans
