"""One fact stated several times becomes one claim with its strongest evidence."""

from __future__ import annotations

from services.extract.engine.model import ExtractedClaim

# Higher is stronger on record.
_RANK = {"confirmed": 3, "reported": 2, "rumoured": 1, "speculative": 0}


def _strength(c: ExtractedClaim) -> tuple[int, int, int, int, int]:
    return (
        _RANK.get(c.certainty, 0),
        1 if c.source else 0,
        1 if c.timeframe else 0,
        len(c.details),
        -len(c.evidence_text),
    )


def strongest(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """One claim per (player, kind, club, polarity), the strongest, in the order of the
    fact's first position. The claims are returned as they are (positions unchanged)."""
    best: dict[tuple[str, str, str | None, str], ExtractedClaim] = {}
    first: dict[tuple[str, str, str | None, str], int] = {}
    for c in claims:
        k = c.key()
        if k not in best:
            best[k] = c
            first[k] = c.position
        elif _strength(c) > _strength(best[k]):
            best[k] = c
    return sorted(best.values(), key=lambda c: first[c.key()])


def merge_claims(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """Keep one claim per (player, kind, club, polarity), the strongest; first position."""
    return [c.at(i) for i, c in enumerate(strongest(claims))]
