"""Later references to a player: pronouns, surnames and descriptions ("the 26-year-old",
"the England international", "the Dutchman", "the central defender", "the club captain")
resolve to the salient player: the last player named before them."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from services.extract.engine.cues import Gated
from services.extract.engine.people import PersonMention

_POSITIONS = (
    r"striker|forward|winger|midfielder|defender|goalkeeper|keeper|centre-back|"
    r"center-back|centre-half|central defender|full-back|right-back|left-back|wing-back|"
    r"playmaker|attacker|frontman|youngster|teenager|player|star|superstar|ace|"
    r"captain|club captain|talisman|international|veteran|academy product|"
    r"hitman|marksman|stopper|shot-stopper|number nine|no 10|skipper"
)
_DEMONYMS = (
    r"dutchman|frenchman|spaniard|englishman|irishman|scotsman|welshman|dane|swede|"
    r"norwegian|german|argentine|argentinian|brazilian|portuguese|italian|belgian|"
    r"egyptian|moroccan|nigerian|ghanaian|canadian|japanese|korean|pole|croat|serb|"
    r"slovenian|hungarian|uruguayan|colombian|senegalese|ukrainian|austrian|swiss|"
    r"algerian|ivorian|cameroonian|mexican|american|georgian|turk|czech"
)
_REFERENCE = re.compile(
    r"\b(?:he|him|his|himself)\b"
    r"|\bthe (?:\d+-year-old|\w+-year-old)\b"
    r"|\bthe (?:former [\w\s]{1,25}? |[\w-]+ ){0,3}?(?:" + _POSITIONS + r")\b"
    r"|\bthe (?:" + _DEMONYMS + r")\b"
)

# Closest player named no further back than this (characters) is the antecedent.
_MAX_DISTANCE = 1500


@dataclass(frozen=True, slots=True)
class Reference:
    start: int
    end: int
    player: str


def resolve_references(
    folded: str, start: int, end: int, people: list[PersonMention], starts: list[int]
) -> list[Reference]:
    """References in folded[start:end], each tied to the last player named before it."""
    out: list[Reference] = []
    # A group reference names its size ("trio", "two"): without such a word, none.
    if _GROUP_CUE.may_match(folded[start:end]):
        for m in _GROUP.finditer(folded, start, end):
            size = _GROUP_SIZE[m.group(1)]
            for member in recent_players(m.start(), people, starts, size):
                out.append(Reference(m.start(), m.end(), member))
    memo: dict[int, str | None] = {}
    for m in _REFERENCE.finditer(folded, start, end):
        # Within a sentence the antecedent depends on the last name before, not on
        # the exact position: work it out once per such name.
        key = bisect_left(starts, m.start())
        if key not in memo:
            memo[key] = salient_player(m.start(), people, starts)
        name = memo[key]
        if name is not None:
            out.append(Reference(m.start(), m.end(), name))
    return out


# "the trio", "both men": the last players named, as many as the group has.
_GROUP = re.compile(
    r"\b(?:the|any of the|all of the|both of the|all|both)\s+"
    r"(trio|duo|pair|three|two|men|players)\b"
)
_GROUP_SIZE = {"trio": 3, "three": 3, "duo": 2, "pair": 2, "two": 2, "men": 2, "players": 2}
_GROUP_CUE = Gated(_GROUP, tuple(_GROUP_SIZE))


def recent_players(
    pos: int, people: list[PersonMention], starts: list[int], size: int
) -> list[str]:
    names: list[str] = []
    j = bisect_left(starts, pos) - 1
    while j >= 0 and len(names) < size and pos - people[j].end <= _MAX_DISTANCE:
        p = people[j]
        if p.is_player and p.name not in names:
            names.append(p.name)
        j -= 1
    return names if len(names) == size else []


def salient_player(
    pos: int,
    people: list[PersonMention],
    starts: list[int],
    max_distance: int = _MAX_DISTANCE,
    *,
    recency_bonus: float = 1.5,
    near_wins: bool = True,
) -> str | None:
    """The player a reference at `pos` stands for: among players named in the preceding
    stretch of text, the most talked-about one so far, the latest on a tie."""
    i = bisect_left(starts, pos) - 1
    if near_wins and i >= 0 and people[i].is_player and pos - people[i].end <= 120:
        # A name just before in the same stretch of text is the antecedent.
        return people[i].name
    recent: dict[str, int] = {}
    order: dict[str, int] = {}
    j = i
    while j >= 0 and pos - people[j].end <= max_distance:
        p = people[j]
        if p.is_player:
            recent[p.name] = recent.get(p.name, 0) + 1
            order.setdefault(p.name, j)
        j -= 1
    if not recent:
        return None
    # The last-named player gets a bonus: a pronoun usually picks up the latest name.
    last = max(order, key=lambda n: order[n])
    return max(recent, key=lambda n: (recent[n] + (recency_bonus if n == last else 0), order[n]))
