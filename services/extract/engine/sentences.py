"""Sentence and clause splitting that keeps character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence longer than this is cut: rules run on bounded input whatever the article.
MAX_SENTENCE = 600

_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "vs",
        "v",
        "no",
        "nos",
        "man",
        "utd",
        "fc",
        "co",
        "inc",
        "ltd",
        "etc",
        "approx",
        "est",
        "fig",
        "gen",
        "col",
        "lt",
        "sgt",
        "prof",
        "rev",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "p",
        "pp",
        "al",
    }
)

# Candidate boundaries: end punctuation (with closing quotes/brackets) then space, or
# a line break. Decimals ("£80.5m") never match because no space follows the point.
# Written to start with a plain character class, which lets the regex engine skip fast
# to the next candidate: a line break is a boundary by itself; after end punctuation,
# more of it, closing quotes or brackets, then a space must follow.
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=\n)|[.!?…]*[\"'”’)\]]*(?=\s))")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.$")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


def _trimmed(text: str, start: int, end: int, base: int = 0) -> Span | None:
    """text[start:end] without surrounding whitespace, offsets shifted by `base`."""
    # str.strip() drops exactly the characters str.isspace() accepts, in C.
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    start += piece.index(stripped[0])  # what precedes the first kept character is space
    return Span(base + start, base + start + len(stripped), stripped)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` closes an abbreviation or an initial."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[Span]:
    """Sentences of `text` as spans; `text[s.start:s.end] == s.text` always holds."""
    spans: list[Span] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        mark = m.group()
        if mark != "\n":
            if (
                mark[0] == "."
                and len(mark.rstrip("\"'”’)]")) == 1
                and _is_abbreviation(text, m.start())
            ):
                continue
            # The next sentence should start like one: capital, digit, quote or bracket.
            k = end
            while k < n and text[k] in " \t":
                k += 1
            if k < n and text[k] != "\n" and text[k].islower():
                continue
        _emit(text, start, end, spans)
        start = end
    _emit(text, start, n, spans)
    return spans


def _emit(text: str, start: int, end: int, out: list[Span]) -> None:
    # Over-long sentences are cut into bounded windows, at a space where possible.
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        span = _trimmed(text, start, cut)
        if span:
            out.append(span)
        start = cut
    span = _trimmed(text, start, end)
    if span:
        out.append(span)


# Clause boundaries inside a sentence: semicolons, dashes, and contrastive conjunctions.
# The alternatives are grouped by their first character (";", ":", ".", ",", a space),
# in their order of preference, so that each position tries only the ones that can
# start there.
_CONTRASTIVE = r"(?:but|while|whereas|although|though|however|despite|amid|because)\s"
_CLAUSE_BOUNDARY = re.compile(
    r";|:\s|\.\s"
    r"|,\s(?:" + _CONTRASTIVE + r"|(?:after|before|with|as|who|which|since|so|and|having|"
    r"raising|making|leaving|meaning|giving|rather)\s)"
    r"|\s(?:[-–—]\s|" + _CONTRASTIVE + r"|after\s|who\s|"
    r"and\s(?=(?:have|has|had|are|is|was|were|will|would|could|then|they|he)\b))",
    re.IGNORECASE,
)


def split_clauses(sentence: Span) -> list[Span]:
    """Clauses of a sentence (offsets into the article, like the sentence's own)."""
    out: list[Span] = []
    base = sentence.start
    text = sentence.text
    start = 0
    for m in _CLAUSE_BOUNDARY.finditer(text):
        cut = m.start()
        if cut > start:
            span = _trimmed(text, start, cut, base)
            if span:
                out.append(span)
        start = cut
    span = _trimmed(text, start, len(text), base)
    if span:
        out.append(span)
    return out
