"""The suitor tracks: one per club that wants the player (club None: unnamed interest).

Stage is the most advanced stage reached in the current run, where a fact (affirmed, not
speculative) advances it to its own stage and an expectation ("expected to sign", "in pole
position") only to `interest`: an expected move is evidence for the probability, not a
stage reached. A collapse stated as fact ends the run (stage `collapsed`); a later fact
about the same club starts a new run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from shared.events import Claim, SuitorPicture
from shared.vocabulary import SUITOR_STAGES, SuitorStage

from .order import OrderKey, order_key
from .probability import (
    SETTLED_DISCOUNT,
    Weighed,
    noisy_or,
    rounded,
    strength,
    support,
    voice,
)
from .settlement import Settlement, club_key, is_fact

# The stages a run advances through; a collapse ends the run rather than advancing it.
SUITOR_ORDER: tuple[SuitorStage, ...] = tuple(s for s in SUITOR_STAGES if s != "collapsed")
STAGE_RANK: dict[str, int] = {f"transfer_{stage}": n for n, stage in enumerate(SUITOR_ORDER)}

# How likely the move is when the claim is true: the further the stage, the likelier.
# A rejected bid proves an approach, no more. The player wanting the club counts too.
STAGE_WEIGHT: dict[str, float] = {
    "transfer_interest": 0.25,
    "transfer_approach": 0.4,
    "transfer_bid_rejected": 0.4,
    "transfer_fee_agreed": 0.7,
    "transfer_terms_agreed": 0.75,
    "transfer_pre_contract": 0.85,
    "transfer_medical": 0.92,
    "transfer_completed": 0.99,
    "player_wants_exit": 0.5,
}
# How hard a denial pulls down: "no interest" says more than "not done yet".
# An expected collapse ("the deal could fall through") pulls like a denial.
DENIAL_WEIGHT: dict[str, float] = {
    "transfer_interest": 0.6,
    "transfer_approach": 0.5,
    "transfer_bid_rejected": 0.2,
    "transfer_fee_agreed": 0.4,
    "transfer_terms_agreed": 0.4,
    "transfer_pre_contract": 0.4,
    "transfer_medical": 0.4,
    "transfer_completed": 0.35,
    "transfer_collapsed": 0.5,
    "player_wants_exit": 0.4,
}
SETTLED_PROBABILITY = 0.99
COLLAPSED_CEILING = 0.15


def is_suitor_claim(claim: Claim) -> bool:
    """Transfer claims, and the player wanting a named club."""
    return claim.kind.startswith("transfer_") or (
        claim.kind == "player_wants_exit" and claim.club is not None
    )


@dataclass(frozen=True, slots=True)
class SuitorTrack:
    club: str | None  # as the latest claim spells it
    reached: int | None = None
    collapsed: bool = False
    last_collapse: OrderKey | None = None
    claims: tuple[Claim, ...] = ()


def _record(track: SuitorTrack, claim: Claim, **changes: Any) -> SuitorTrack:
    return replace(track, club=claim.club, claims=(*track.claims, claim), **changes)


def on_stage(track: SuitorTrack, claim: Claim) -> SuitorTrack:
    """transfer_interest ... transfer_completed."""
    if claim.polarity != "affirmed":
        return _record(track, claim)
    if claim.certainty == "speculative":
        return _record(track, claim, reached=max(track.reached or 0, 0))
    reached = None if track.collapsed else track.reached  # a fact after a collapse: new run
    rank = max(reached if reached is not None else -1, STAGE_RANK[claim.kind])
    return _record(track, claim, reached=rank, collapsed=False)


def on_collapsed(track: SuitorTrack, claim: Claim) -> SuitorTrack:
    if not is_fact(claim):
        return _record(track, claim)
    return _record(track, claim, reached=None, collapsed=True, last_collapse=order_key(claim))


def on_wants_exit(track: SuitorTrack, claim: Claim) -> SuitorTrack:
    return _record(track, claim)


SUITOR_HANDLERS: dict[str, Callable[[SuitorTrack, Claim], SuitorTrack]] = {
    **{kind: on_stage for kind in STAGE_RANK},
    "transfer_collapsed": on_collapsed,
    "player_wants_exit": on_wants_exit,
}

Suitors = dict[str | None, SuitorTrack]


def apply_suitor(suitors: Suitors, claim: Claim) -> Suitors:
    key = club_key(claim.club)
    track = suitors.get(key) or SuitorTrack(club=claim.club)
    return {**suitors, key: SUITOR_HANDLERS[claim.kind](track, claim)}


def fold_suitors(claims: Iterable[Claim]) -> Suitors:
    suitors: Suitors = {}
    for claim in claims:
        suitors = apply_suitor(suitors, claim)
    return suitors


def suitor_stage(track: SuitorTrack) -> SuitorStage:
    return "collapsed" if track.collapsed else SUITOR_ORDER[track.reached or 0]


def _weighed(
    claim: Claim, as_of: datetime, settlement: Settlement | None
) -> tuple[Weighed | None, Weighed | None]:
    """The evidence (for, against) the move one claim gives. A collapse stated as fact is no
    evidence here: it splits the runs. A denied collapse ("the deal is not off") is neutral."""
    discount = SETTLED_DISCOUNT if settlement is not None and settlement.supersedes(claim) else 1.0
    if claim.polarity == "affirmed" and claim.kind in STAGE_WEIGHT:
        return (voice(claim), strength(claim, as_of, STAGE_WEIGHT[claim.kind] * discount)), None
    pulls_down = (claim.polarity == "denied" and claim.kind != "transfer_collapsed") or (
        claim.kind == "transfer_collapsed"
        and claim.certainty == "speculative"
        and claim.polarity == "affirmed"
    )
    if pulls_down:
        return None, (voice(claim), strength(claim, as_of, DENIAL_WEIGHT[claim.kind] * discount))
    return None, None


def evidence(claims: Iterable[Claim], as_of: datetime, settlement: Settlement | None) -> float:
    """Support for the move times one minus support against it."""
    backing: list[Weighed] = []
    against: list[Weighed] = []
    for claim in claims:
        pro, con = _weighed(claim, as_of, settlement)
        if pro is not None:
            backing.append(pro)
        if con is not None:
            against.append(con)
    return support(backing) * (1.0 - support(against))


def suitor_probability(
    track: SuitorTrack,
    as_of: datetime,
    settlement: Settlement | None,
    settled_move: Claim | None,
) -> float:
    if settled_move is not None and not track.collapsed:
        key = order_key(settled_move)
        after = [c for c in track.claims if order_key(c) > key]
        return SETTLED_PROBABILITY * (
            1.0 - support(con for c in after if (con := _weighed(c, as_of, None)[1]) is not None)
        )
    if track.collapsed and track.last_collapse is not None:
        collapse = next(c for c in track.claims if order_key(c) == track.last_collapse)
        before = [c for c in track.claims if order_key(c) < track.last_collapse]
        after = [c for c in track.claims if order_key(c) > track.last_collapse]
        residue = evidence(before, as_of, settlement) * (1.0 - strength(collapse, as_of))
        return min(COLLAPSED_CEILING, noisy_or((residue, evidence(after, as_of, settlement))))
    run = [
        c for c in track.claims if track.last_collapse is None or order_key(c) > track.last_collapse
    ]
    return evidence(run, as_of, settlement)


def suitor_picture(
    track: SuitorTrack,
    as_of: datetime,
    settlement: Settlement | None,
    settled_move: Claim | None,
) -> SuitorPicture:
    names = {name for c in track.claims for name in (c.outlet, c.source) if name}
    return SuitorPicture(
        club=track.club,
        stage=suitor_stage(track),
        probability=rounded(suitor_probability(track, as_of, settlement, settled_move)),
        sources=tuple(sorted(names)),
        first_seen=track.claims[0].published.astimezone(UTC),
        last_seen=track.claims[-1].published.astimezone(UTC),
        claims=tuple(c.id for c in track.claims),
    )
