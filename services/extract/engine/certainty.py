"""Who says it sets certainty; who it is attributed to is the source."""

from __future__ import annotations

import re

from services.extract.engine.cues import CONFIRMED, RUMOURED, SPECULATIVE
from services.extract.engine.normal import fold

_NAME = (
    r"((?:[A-Z][\w'’.&-]*|[Ll]'[A-Z]\w*|de|del|dello|di)"
    r"(?: (?:[A-Z][\w'’.&-]*|de|del|dello|di|of))*)"
)
_ATTRIBUTION = [
    re.compile(
        r"[Aa]ccording to (?:the |a |an )?(?:(?:Italian|Spanish|German|French|Portuguese|"
        r"English|respected|reliable|journalist|outlet|newspaper|paper|daily|"
        r"publication|broadcaster|reporter|portal|transfer guru|insider|media) )*" + _NAME
    ),
    re.compile(
        r"\b(?:[Aa]s per|[Pp]er|[Vv]ia|[Aa]s reported by|[Rr]eported by|told) (?:the |journalist )?"
        + _NAME
    ),
    re.compile(
        _NAME + r",? (?:has |have |had )?(?:reported|reports|claim|claims|claimed|"
        r"understands|state|states|stated|suggested|suggests|said|says|revealed|"
        r"wrote|writes|posted|tweeted|insists|added)\b"
    ),
    re.compile(r"\(" + _NAME + r"\)\W*$"),
]
_GENERIC = re.compile(
    r"\b(multiple reports|media reports|widespread reports|german media|spanish media|"
    r"italian media|reports in \w+|reports out of \w+|club source|a source|sources|"
    r"reports|a report|journalists)\b"
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


def find_source(sentence: str, people_names: dict[str, bool]) -> str | None:
    """The named attribution in the sentence, if any: an outlet, a journalist, "sources".

    `people_names` maps person surfaces to whether they are players: a player's own
    words are handled as quotes, not as a source attribution."""
    for pat in _ATTRIBUTION:
        for m in pat.finditer(sentence):
            name = m.group(1).strip(" .,'’")
            if not name or fold(name.split()[0]) in _NOT_SOURCE:
                continue
            if people_names.get(name) is True:
                continue
            return name
    g = _GENERIC.search(fold(sentence))
    if g:
        word = g.group(1)
        if word == "a source":
            return "sources"
        return word
    return None


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
) -> str:
    """`window` is the folded text from the clause start up to the trigger's end."""
    if forced:
        return forced
    if SPECULATIVE.search(window):
        return "speculative"
    if quoted:
        return "confirmed"
    if CONFIRMED.search(sentence_folded) and not source:
        return "confirmed"
    if self_cited:
        return "reported"
    if source or roundup or RUMOURED.search(sentence_folded):
        return "rumoured"
    return "reported"
