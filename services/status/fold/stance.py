"""The player's own stance: the latest stance claim by event time decides.

An affirmed `player_wants_exit` is `wants_exit`, an affirmed `player_wants_stay` is
`wants_stay`; a denial ("he does not want to move halfway through the season") states no
stance (None): not wanting to leave is not wanting to stay. Denials still move the outlook.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shared.events import Claim

STANCE_OF_KIND: dict[str, str] = {
    "player_wants_exit": "wants_exit",
    "player_wants_stay": "wants_stay",
}


@dataclass(frozen=True, slots=True)
class StanceTrack:
    latest: Claim | None = None
    claims: tuple[Claim, ...] = ()


def apply_stance(track: StanceTrack, claim: Claim) -> StanceTrack:
    return StanceTrack(latest=claim, claims=(*track.claims, claim))


def fold_stance(claims: Iterable[Claim]) -> StanceTrack:
    track = StanceTrack()
    for claim in claims:
        track = apply_stance(track, claim)
    return track


def stance(track: StanceTrack) -> str | None:
    if track.latest is None or track.latest.polarity != "affirmed":
        return None
    return STANCE_OF_KIND[track.latest.kind]


def stance_claims(track: StanceTrack) -> tuple[str, ...]:
    """The claims saying what the latest one says (same kind and polarity), event order."""
    latest = track.latest
    if latest is None:
        return ()
    return tuple(
        c.id for c in track.claims if (c.kind, c.polarity) == (latest.kind, latest.polarity)
    )
