"""What settles a saga: a done move or a signed extension (status.md, rule 5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared.events import Claim
from shared.ids import slug

from .order import OrderKey, order_key


def club_key(club: str | None) -> str | None:
    """Clubs are compared by slug, so "Real Madrid" and "real madrid" are one club."""
    return slug(club) if club else None


def is_fact(claim: Claim) -> bool:
    """Affirmed and not a mere expectation: the claim says it happened."""
    return claim.polarity == "affirmed" and claim.certainty != "speculative"


def settles(claim: Claim) -> bool:
    """A completed move or an extension that is confirmed or reported as fact."""
    return (
        claim.kind in ("transfer_completed", "contract_extended")
        and claim.polarity == "affirmed"
        and claim.certainty in ("confirmed", "reported")
    )


@dataclass(frozen=True, slots=True)
class Settlement:
    key: OrderKey
    kind: Literal["moved", "extended"]
    club: str | None  # club key of the destination (moved) or of the contract (extended)
    claim_id: str

    def supersedes(self, claim: Claim) -> bool:
        """True for a claim said before this settlement (and so answered by it)."""
        return order_key(claim) < self.key


def settlement_of(claim: Claim) -> Settlement:
    kind: Literal["moved", "extended"] = (
        "moved" if claim.kind == "transfer_completed" else "extended"
    )
    return Settlement(order_key(claim), kind, club_key(claim.club), claim.id)
