"""The contract track: one small function per contract claim kind, and its picture.

State is the most advanced stage of renewal reached (status.md order), except `stalled`
when the latest non-speculative talks claim is a stall or a denied agreement. An
expectation moves the state less than a fact: a speculative `contract_extended` ("all
signs point to him staying") means an agreement is near, any other speculative claim means
talks at most.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from shared.events import Claim, ContractPicture
from shared.vocabulary import ContractState

from .probability import rounded, strength, support, voice
from .settlement import is_fact

CONTRACT_ORDER: tuple[ContractState, ...] = (
    "expiring",
    "talks",
    "offer",
    "offer_rejected",
    "agreement_near",
    "extended",
)
RANK: dict[str, int] = {f"contract_{state}": n for n, state in enumerate(CONTRACT_ORDER)}
TALKS, AGREEMENT_NEAR, EXTENDED = 1, 4, 5

# The claim kind whose denial contradicts each state.
STATE_KIND: dict[ContractState, str] = {
    **{state: f"contract_{state}" for state in CONTRACT_ORDER},
    "stalled": "contract_talks_stalled",
}


@dataclass(frozen=True, slots=True)
class ContractTrack:
    """The current contract cycle: reset by a move, and by a new expiry after an extension."""

    reached: int | None = None
    stalled: bool = False
    club: str | None = None
    expiry: str | None = None
    claims: tuple[Claim, ...] = ()


def rank_reached(claim: Claim) -> int:
    """How far an affirmed claim moves the state; expectations are capped."""
    rank = RANK[claim.kind]
    if claim.certainty != "speculative":
        return rank
    return min(rank, AGREEMENT_NEAR if rank == EXTENDED else TALKS)


def _record(track: ContractTrack, claim: Claim, **changes: Any) -> ContractTrack:
    return replace(track, club=claim.club or track.club, claims=(*track.claims, claim), **changes)


def _raise(track: ContractTrack, claim: Claim) -> int | None:
    if claim.polarity != "affirmed":
        return track.reached
    return max(track.reached if track.reached is not None else -1, rank_reached(claim))


def _stall_after(track: ContractTrack, claim: Claim, stalls: bool) -> bool:
    """The latest non-speculative talks claim decides whether talks are stalled."""
    return track.stalled if claim.certainty == "speculative" else stalls


def on_expiring(track: ContractTrack, claim: Claim) -> ContractTrack:
    if is_fact(claim) and track.reached == EXTENDED:
        track = ContractTrack()  # the extended deal is now the one running out
    if claim.polarity != "affirmed":
        return _record(track, claim)
    expiry = claim.details.contract_until or claim.timeframe or track.expiry
    return _record(track, claim, reached=_raise(track, claim), expiry=expiry)


def on_negotiation(track: ContractTrack, claim: Claim) -> ContractTrack:
    """contract_talks, contract_offer, contract_offer_rejected, contract_agreement_near."""
    denied_agreement = claim.kind == "contract_agreement_near" and claim.polarity == "denied"
    return _record(
        track,
        claim,
        reached=_raise(track, claim),
        stalled=_stall_after(track, claim, denied_agreement),
    )


def on_stalled(track: ContractTrack, claim: Claim) -> ContractTrack:
    return _record(track, claim, stalled=_stall_after(track, claim, claim.polarity == "affirmed"))


def on_extended(track: ContractTrack, claim: Claim) -> ContractTrack:
    expiry = (claim.details.contract_until or track.expiry) if is_fact(claim) else track.expiry
    return _record(
        track,
        claim,
        reached=_raise(track, claim),
        stalled=_stall_after(track, claim, False),
        expiry=expiry,
    )


CONTRACT_HANDLERS: dict[str, Callable[[ContractTrack, Claim], ContractTrack]] = {
    "contract_expiring": on_expiring,
    "contract_talks": on_negotiation,
    "contract_offer": on_negotiation,
    "contract_offer_rejected": on_negotiation,
    "contract_agreement_near": on_negotiation,
    "contract_talks_stalled": on_stalled,
    "contract_extended": on_extended,
}


def apply_contract(track: ContractTrack, claim: Claim) -> ContractTrack:
    return CONTRACT_HANDLERS[claim.kind](track, claim)


def contract_state(track: ContractTrack) -> ContractState:
    if track.reached == EXTENDED:
        return "extended"
    if track.stalled:
        return "stalled"
    return CONTRACT_ORDER[track.reached or 0]


def _supports(claim: Claim, state: ContractState) -> bool:
    if state == "stalled":
        return (claim.kind == "contract_talks_stalled" and claim.polarity == "affirmed") or (
            claim.kind == "contract_agreement_near" and claim.polarity == "denied"
        )
    return (
        claim.polarity == "affirmed"
        and claim.kind in RANK
        and rank_reached(claim) >= CONTRACT_ORDER.index(state)
    )


def contract_confidence(track: ContractTrack, state: ContractState, as_of: datetime) -> float:
    """Evidence for the state (noisy-OR over voices) times one minus evidence against it."""
    backing = support((voice(c), strength(c, as_of)) for c in track.claims if _supports(c, state))
    against = support(
        (voice(c), strength(c, as_of))
        for c in track.claims
        if c.polarity == "denied" and c.kind == STATE_KIND[state]
    )
    return backing * (1.0 - against)


def contract_picture(track: ContractTrack, as_of: datetime) -> ContractPicture | None:
    if not track.claims:
        return None
    state = contract_state(track)
    return ContractPicture(
        state=state,
        club=track.club,
        expiry=track.expiry,
        confidence=rounded(contract_confidence(track, state, as_of)),
        claims=tuple(c.id for c in track.claims),
    )
