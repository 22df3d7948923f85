"""Who says it sets certainty; who it is attributed to is the source."""

from __future__ import annotations

import functools
import re
from typing import Any

from services.extract.engine.cues import CONFIRMED_CUE, RUMOURED_CUE, SPECULATIVE_CUE
from services.extract.engine.normal import fold

_NAME = (
    r"((?:[A-Z][\w'’.&-]*|[Ll]'[A-Z]\w*|de|del|dello|di)"
    r"(?: (?:[A-Z][\w'’.&-]*|de|del|dello|di|of|and(?= [A-Z])))*)"
)
_ATTRIBUTION = [
    # "Per European football transfer journalist Fabrizio Romano"
    re.compile(
        r"\b(?:[Pp]er|[Aa]ccording to|[Vv]ia|[Bb]y) (?:[\w-]+ ){0,4}?(?:journalist|reporter|"
        r"correspondent|outlet|insider|expert|newspaper|broadcaster|daily) " + _NAME
    ),
    re.compile(
        r"[Aa]ccording to (?:the |a |an )?(?:(?:Italian|Spanish|German|French|Portuguese|"
        r"English|respected|reliable|journalist|outlet|newspaper|paper|daily|"
        r"publication|broadcaster|reporter|portal|transfer guru|insider|media) )*" + _NAME
    ),
    re.compile(
        r"\b(?:[Aa]s per|[Pp]er|[Vv]ia|[Aa]s (?:first |originally )?reported by|[Rr]eported by|"
        r"sources told) (?:the |journalist )?" + _NAME
    ),
    re.compile(
        _NAME + r",? (?:has |have |had )?(?:reported|reports|claim|claims|claimed|"
        r"understands|state|states|stated|suggested|suggests|said|says|revealed|"
        r"wrote|writes|posted|tweeted|insists|added)\b"
    ),
    re.compile(r"\(" + _NAME + r"\)\W*$"),
]
# Per pattern above, words one of which each of its matches holds (in lower case): a
# sentence with none of them is not searched with that pattern at all.
_ATTRIBUTION_WORDS: tuple[tuple[str, ...], ...] = (
    (
        "journalist",
        "reporter",
        "correspondent",
        "outlet",
        "insider",
        "expert",
        "newspaper",
        "broadcaster",
        "daily",
    ),
    ("according to",),
    ("per ", "via ", "reported by ", "sources told "),
    (
        "report",
        "claim",
        "understands",
        "state",
        "suggest",
        "said",
        "says",
        "revealed",
        "wrote",
        "writes",
        "posted",
        "tweeted",
        "insists",
        "added",
    ),
    ("(",),
)
_GENERIC = re.compile(
    r"\b(multiple reports|media reports|widespread reports|german media|spanish media|"
    r"italian media|reports in \w+|reports out of \w+|club source|a source|sources|"
    r"reports|a report|journalists)\b"
)
_LOWER_FIRST = frozenset(
    {"reports", "sources", "a", "multiple", "media", "widespread", "journalists", "club"}
)
_NOT_SOURCE = frozenset(
    {
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "the",
        "this",
        "that",
        "there",
        "who",
        "which",
        "what",
        "and",
        "but",
        "as",
        "however",
        "according",
    }
)


_CUE_WORDS = (
    "according",
    "per ",
    "via ",
    "reported",
    "told",
    "report",
    "claim",
    "understand",
    "stat",
    "said",
    "says",
    "revealed",
    "wrote",
    "writes",
    "posted",
    "tweeted",
    "insists",
    "added",
    "(",
)
_GENERIC_WORDS = ("report", "source", "media", "journalist")


@functools.cache
def _cue_automaton() -> Any:
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(list(_CUE_WORDS + _GENERIC_WORDS))


@functools.cache
def _attribution_words() -> tuple[Any, list[int]]:
    """One automaton over the words of `_ATTRIBUTION_WORDS`, and the pattern of each."""
    import ahocorasick_rs

    words = [w for ws in _ATTRIBUTION_WORDS for w in ws]
    owner = [i for i, ws in enumerate(_ATTRIBUTION_WORDS) for _ in ws]
    return ahocorasick_rs.AhoCorasick(words), owner


def find_source(
    sentence: str, people_names: dict[str, bool], folded: str | None = None
) -> str | None:
    """The named attribution in the sentence, if any: an outlet, a journalist, "sources".

    `people_names` maps person surfaces to whether they are players: a player's own
    words are handled as quotes, not as a source attribution. `folded` is the sentence
    folded, when the caller has it."""
    low = folded if folded is not None else fold(sentence)
    hits = _cue_automaton().find_matches_as_indexes(low, overlapping=True)
    n_cues = len(_CUE_WORDS)
    cues = [start for idx, start, _ in hits if idx < n_cues]
    generic = any(idx >= n_cues for idx, _, _ in hits)
    patterns: list[re.Pattern[str]] = []
    if cues:
        ac, owner = _attribution_words()
        found = ac.find_matches_as_indexes(sentence.lower(), overlapping=True)
        present = {owner[idx] for idx, _, _ in found}
        patterns = [pat for i, pat in enumerate(_ATTRIBUTION) if i in present]
    # Each pattern holds a cue word: look only around the cues, not all the text. In a
    # short sentence the windows of several cues are the same: each is searched once.
    windows = list(dict.fromkeys((max(0, c - 90), min(len(sentence), c + 120)) for c in cues))
    for pat in patterns:
        matches = []
        for lo, hi in windows:
            m0 = pat.search(sentence, lo, hi)
            if m0 is not None:
                matches.append(m0)
        for m in sorted(matches, key=lambda x: x.start()):
            name = m.group(1).strip(" .,'’")
            # "The Athletic's David Ornstein": the journalist, not the outlet's possessive.
            name = re.split(r"['’]s ", name)[-1]
            words = name.split()
            if not words or (
                fold(words[0]) in _NOT_SOURCE and not (words[0] == "The" and len(words) > 1)
            ):
                continue
            if people_names.get(name) is True:
                continue
            return name
    g = _GENERIC.search(low) if generic else None
    if g:
        word = sentence[g.start(1) : g.end(1)]  # as written: "German media"
        if word.lower() == "a source":
            return "sources"
        if word.split()[0].lower() in _LOWER_FIRST:
            word = word[0].lower() + word[1:]
        return word
    return None


GENERIC_SOURCES = frozenset({"reports", "a report", "sources", "media reports"})


def same_outlet(source: str | None, outlet: str | None) -> bool:
    """An outlet citing itself ("Sky Sports News understands" in Sky Sports) is no source."""
    if not source or not outlet:
        return False
    a = fold(source).replace(" ", "")
    b = fold(outlet.split("(")[0]).replace(" ", "")
    return bool(a and b) and (a.startswith(b) or b.startswith(a) or a in b or b in a)


def certainty_of(
    *,
    window: str,
    sentence_folded: str,
    forced: str | None,
    quoted: bool,
    source: str | None,
    self_cited: bool,
    roundup: bool,
    clause_folded: str = "",
    factual: bool = False,
) -> str:
    """`window` is the folded text from the clause start up to the trigger's end.
    A `factual` claim (a contract running out) is not hedged by "will"."""
    if forced:
        return forced
    if not factual and SPECULATIVE_CUE.found(window):
        return "speculative"
    if quoted:
        return "confirmed"
    if not source and CONFIRMED_CUE.found(sentence_folded):
        return "confirmed"
    if self_cited:
        return "reported"
    # Attribution: a named source in the sentence, a round-up's outlet, or a hedge word
    # in the claim's own clause ("reportedly", "understood", "linked").
    if source or roundup or RUMOURED_CUE.found(clause_folded or sentence_folded):
        return "rumoured"
    return "reported"
