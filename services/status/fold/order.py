"""Event-time order and deduplication of a player's claims (rules 1 to 3 of status.md).

The fold never looks at arrival order: it deduplicates by claim id, then sorts by when the
claim was said. Both steps give the same result for every permutation of the same input.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import orjson
from pydantic import BaseModel

from shared.events import Claim

# (published in UTC, article id, position within the article, claim id): a total order.
OrderKey = tuple[datetime, str, int, str]


def canonical_json(model: BaseModel) -> bytes:
    """The model as JSON with sorted keys: the same content always gives the same bytes."""
    return orjson.dumps(model.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)


def order_key(claim: Claim) -> OrderKey:
    return (claim.published.astimezone(UTC), claim.article_id, claim.position, claim.id)


def dedup(claims: Iterable[Claim]) -> list[Claim]:
    """One claim per id. Two different claims under one id (an extractor re-run that changed
    its mind) resolve to the one with the greatest canonical JSON, whatever their order."""
    by_id: dict[str, Claim] = {}
    for claim in claims:
        held = by_id.get(claim.id)
        if held is None or (held != claim and canonical_json(claim) > canonical_json(held)):
            by_id[claim.id] = claim
    return list(by_id.values())


def in_event_order(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """Deduplicated claims sorted by event time, ties by article, position and claim id."""
    return tuple(sorted(dedup(claims), key=order_key))
