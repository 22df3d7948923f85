"""The outlook: stay, leave or uncertain, from the contract, the suitors and the stance.

P(leave) is a logistic of log-odds: a base rate for a player in the news, moved by the
contract state (times its confidence), by the chance that any suitor lands him (noisy-OR
of their probabilities, unnamed interest included) and by the player's own stance. The
formula and thresholds are in docs/probability-model.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from shared.events import Claim, ContractPicture, OutlookPicture, SuitorPicture
from shared.vocabulary import ContractState, Outlook

from .probability import (
    SETTLED_DISCOUNT,
    logistic,
    logit,
    noisy_or,
    rounded,
    strength,
    support,
    voice,
)
from .settlement import Settlement

BASE_LEAVE = 0.2  # a player in the news, with nothing known, mostly stays
# Log-odds each contract state adds at full confidence: a running-down deal pushes out,
# renewal progress pulls in.
CONTRACT_PULL: dict[ContractState, float] = {
    "expiring": 1.2,
    "talks": 0.6,
    "offer": 0.3,
    "offer_rejected": 1.0,
    "agreement_near": -1.5,
    "extended": -4.0,
    "stalled": 1.4,
}
SUITOR_PULL = 4.0  # times the chance that some suitor lands him
STANCE_PULL = 1.5  # times the support for "wants to leave" (no club named) or "wants to stay"
DENIAL_PULL = 0.5  # times the support for "does not want to leave" or "does not want to stay"
LEAVE_AT = 0.6  # P(leave) at or above: leave
STAY_AT = 0.4  # P(leave) at or below: stay; between: uncertain


def _stance_support(
    claims: Iterable[Claim],
    kind: str,
    polarity: str,
    as_of: datetime,
    settlement: Settlement | None,
) -> float:
    return support(
        (
            voice(c),
            strength(
                c,
                as_of,
                SETTLED_DISCOUNT if settlement is not None and settlement.supersedes(c) else 1.0,
            ),
        )
        for c in claims
        if c.kind == kind and c.polarity == polarity and (kind != "player_wants_exit" or not c.club)
    )


def leave_probability(
    contract: ContractPicture | None,
    suitors: Iterable[SuitorPicture],
    stance_claims: tuple[Claim, ...],
    as_of: datetime,
    settlement: Settlement | None,
) -> float:
    z = logit(BASE_LEAVE)
    if contract is not None:
        z += CONTRACT_PULL[contract.state] * contract.confidence
    z += SUITOR_PULL * noisy_or(s.probability for s in suitors)

    def stance_term(kind: str, polarity: str) -> float:
        return _stance_support(stance_claims, kind, polarity, as_of, settlement)

    z += STANCE_PULL * stance_term("player_wants_exit", "affirmed")
    z -= STANCE_PULL * stance_term("player_wants_stay", "affirmed")
    z -= DENIAL_PULL * stance_term("player_wants_exit", "denied")
    z += DENIAL_PULL * stance_term("player_wants_stay", "denied")
    return logistic(z)


def verdict(p_leave: float) -> Outlook:
    if p_leave >= LEAVE_AT:
        return "leave"
    if p_leave <= STAY_AT:
        return "stay"
    return "uncertain"


def outlook_picture(
    *,
    contract: ContractPicture | None,
    suitors: tuple[SuitorPicture, ...],
    stance_claims: tuple[Claim, ...],
    current_club: str | None,
    as_of: datetime,
    settlement: Settlement | None,
    event_rank: Mapping[str, int],
) -> OutlookPicture:
    """`suitors` come ranked, most likely first; `event_rank` orders claim ids by event time."""
    lead = suitors[0] if suitors and suitors[0].probability > 0 else None
    if settlement is not None and settlement.kind == "moved":
        mover = next(s for s in suitors if settlement.claim_id in s.claims)
        return OutlookPicture(
            verdict="leave",
            destination=mover.club,
            probability=mover.probability,
            claims=mover.claims,
        )
    p_leave = leave_probability(contract, suitors, stance_claims, as_of, settlement)
    call = verdict(p_leave)
    evidence = {
        *(contract.claims if contract is not None else ()),
        *(lead.claims if lead is not None else ()),
        *(c.id for c in stance_claims),
    }
    claims = tuple(sorted(evidence, key=event_rank.__getitem__))
    if call == "stay":
        return OutlookPicture(
            verdict=call,
            destination=current_club,
            probability=rounded(1.0 - p_leave),
            claims=claims,
        )
    if lead is None:
        return OutlookPicture(verdict=call, probability=rounded(p_leave), claims=claims)
    share = lead.probability / sum(s.probability for s in suitors)
    return OutlookPicture(
        verdict=call, destination=lead.club, probability=rounded(p_leave * share), claims=claims
    )
