"""Where the player is: the latest of his effective move and the clubs his contract claims
name (status.md: "from contract claims, or the suitor of a completed transfer")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from shared.events import Claim

from .order import order_key
from .settlement import club_key, is_fact
from .suitors import Suitors


def effective_move(ordered: Sequence[Claim], suitors: Suitors) -> Claim | None:
    """The latest completed move stated as fact (not speculative) that no later collapse
    of the same club undid."""
    for claim in reversed(ordered):
        if claim.kind == "transfer_completed" and is_fact(claim):
            collapse = suitors[club_key(claim.club)].last_collapse
            if collapse is None or collapse < order_key(claim):
                return claim
    return None


def current_club(
    move: Claim | None, contract_claims: Iterable[Claim]
) -> tuple[str | None, tuple[str, ...]]:
    """The club and the claims naming it; a move to an unnamed club leaves it None (he is
    gone, nobody says where), with the move as its evidence."""
    residence = [*([move] if move is not None else []), *(c for c in contract_claims if c.club)]
    if not residence:
        return None, ()
    latest = residence[-1]
    key = club_key(latest.club)
    return latest.club, tuple(c.id for c in residence if club_key(c.club) == key)
