"""How evidence becomes a probability: weights, fading and the noisy-OR over voices.

See docs/probability-model.md for the reasoning. Every function here is pure: time is
measured against `as_of`, the event time of the newest claim, never the wall clock.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import datetime

from shared.events import Claim
from shared.ids import slug

# How much a claim counts, by who says it (claims.md: certainty).
CERTAINTY_WEIGHT: dict[str, float] = {
    "confirmed": 0.95,
    "reported": 0.75,
    "rumoured": 0.5,
    "speculative": 0.3,
}

# Half-life of a claim's weight, in days: rumours fade fast, on-record facts slowly.
HALF_LIFE_DAYS: dict[str, float] = {
    "confirmed": 180.0,
    "reported": 90.0,
    "rumoured": 30.0,
    "speculative": 30.0,
}

# The n-th claim (counting from 0, strongest first) of one voice counts REPEAT_WEIGHT**n.
REPEAT_WEIGHT = 0.3

# Evidence said before the latest settling claim (a done move, a signed extension) counts
# this much: the question it was about has been answered.
SETTLED_DISCOUNT = 0.05

SECONDS_PER_DAY = 86_400.0

# A source that names nobody ("sources", "a club source", "reports") is the outlet's own
# voice; a named one (a journalist, another outlet) is the same voice wherever repeated.
_ANONYMOUS_SOURCE = re.compile(
    r"\b(sources?|insiders?|reports?|camp|close to|people|understood|understands)\b",
    re.IGNORECASE,
)


def voice(claim: Claim) -> str:
    """The independent voice behind a claim: the named source when there is one, else the
    outlet. Two outlets repeating one journalist are one voice; one outlet with two named
    sources is two."""
    if claim.source and not _ANONYMOUS_SOURCE.search(claim.source):
        return f"source:{slug(claim.source)}"
    return f"outlet:{slug(claim.outlet) if claim.outlet else '-'}"


def fade(claim: Claim, as_of: datetime) -> float:
    """Exponential decay of a claim's weight with its age at `as_of`."""
    age_days = max(0.0, (as_of - claim.published).total_seconds() / SECONDS_PER_DAY)
    return float(0.5 ** (age_days / HALF_LIFE_DAYS[claim.certainty]))


def strength(claim: Claim, as_of: datetime, factor: float = 1.0) -> float:
    """What one claim says, in [0, 1]: certainty weight x what the claim means x fading."""
    return CERTAINTY_WEIGHT[claim.certainty] * factor * fade(claim, as_of)


Weighed = tuple[str, float]  # (voice, strength)


def support(weighed: Iterable[Weighed]) -> float:
    """Noisy-OR over independent voices; within a voice the strongest claim counts fully
    and each repeat by REPEAT_WEIGHT less. Sorted first, so the order of `weighed` (and
    with it the arrival order of claims) cannot change a single bit of the result."""
    by_voice: dict[str, list[float]] = {}
    for name, value in weighed:
        by_voice.setdefault(name, []).append(value)
    miss = 1.0
    for name in sorted(by_voice):
        for rank, value in enumerate(sorted(by_voice[name], reverse=True)):
            miss *= 1.0 - min(1.0, value) * REPEAT_WEIGHT**rank
    return 1.0 - miss


def noisy_or(values: Iterable[float]) -> float:
    miss = 1.0
    for value in sorted(values):
        miss *= 1.0 - value
    return 1.0 - miss


def logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def rounded(p: float) -> float:
    """Probabilities are published to four decimals, clamped to [0, 1]."""
    return round(min(1.0, max(0.0, p)), 4)
