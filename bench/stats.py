"""The arithmetic of a benchmark: percentiles, rates, ratios to ceilings, and latencies
from timestamps. Pure functions, so they are tested on their own."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between closest ranks, as
    numpy's default; NaN for no values."""
    if not values:
        return math.nan
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = math.ceil(position)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: Sequence[float]) -> dict[str, float]:
    """count, p50, p95, p99, mean and max of a list of durations."""
    return {
        "count": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "mean": sum(values) / len(values) if values else math.nan,
        "max": max(values) if values else math.nan,
    }


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else math.nan


def span_rate(timestamps: Sequence[float]) -> float:
    """Items per second over the span of their timestamps: n-1 intervals between n items."""
    if len(timestamps) < 2:
        return math.nan
    return rate(len(timestamps) - 1, max(timestamps) - min(timestamps))


def ratio(measured: float, ceiling: float) -> float:
    """measured / ceiling; NaN when either is unknown or the ceiling is zero."""
    if math.isnan(measured) or math.isnan(ceiling) or ceiling <= 0:
        return math.nan
    return measured / ceiling


@dataclass(frozen=True, slots=True)
class ClaimSeen:
    """One claim as the pipeline stored it."""

    id: str
    article_id: str
    player_id: str
    stored_at: float  # status_claims.received_at: the storing transaction's time


def first_arrival_from(
    arrivals: Iterable[tuple[str, int, float]],
) -> dict[str, list[tuple[int, float]]]:
    """Per player, (version, earliest arrival of this version or any later one), by version:
    a subscriber has seen a picture at least as new as v from that moment."""
    first: dict[str, dict[int, float]] = defaultdict(dict)
    for player, version, arrived in arrivals:
        known = first[player].get(version)
        if known is None or arrived < known:
            first[player][version] = arrived
    table: dict[str, list[tuple[int, float]]] = {}
    for player, versions in first.items():
        rows = sorted(versions.items())
        suffix: list[tuple[int, float]] = []
        best = math.inf
        for version, arrived in reversed(rows):
            best = min(best, arrived)
            suffix.append((version, best))
        table[player] = list(reversed(suffix))
    return table


def visible_version(history: Sequence[tuple[int, float]], stored_at: float) -> int | None:
    """The first version of a player's picture folded with a claim stored at `stored_at`:
    the one written by the same transaction (same time) or the next one after it."""
    candidates = [version for version, changed_at in history if changed_at >= stored_at]
    return min(candidates) if candidates else None


def article_latencies(
    acked: Mapping[str, float],
    claims: Iterable[ClaimSeen],
    history: Mapping[str, Sequence[tuple[int, float]]],
    arrivals: Iterable[tuple[str, int, float]],
) -> dict[str, float]:
    """Per article: from its ingest acknowledgement to the first status event, of any of its
    players, whose picture was folded with one of its claims. Articles with no claim, or
    whose claims never reached a status event, have no latency."""
    seen = first_arrival_from(arrivals)
    best: dict[str, float] = {}
    for claim in claims:
        ack = acked.get(claim.article_id)
        if ack is None:
            continue
        version = visible_version(history.get(claim.player_id, ()), claim.stored_at)
        if version is None:
            continue
        arrived = next((t for v, t in seen.get(claim.player_id, ()) if v >= version), None)
        if arrived is None:
            continue
        latency = arrived - ack
        if claim.article_id not in best or latency < best[claim.article_id]:
            best[claim.article_id] = latency
    return best


def cited_latencies(
    acked: Mapping[str, float],
    claim_article: Mapping[str, str],
    events: Iterable[tuple[float, frozenset[str]]],
) -> dict[str, float]:
    """Per article: from its acknowledgement to the first status event whose picture cites
    one of its claim ids as evidence. Only articles whose claims a picture cites count."""
    best: dict[str, float] = {}
    for arrived, claim_ids in events:
        for claim_id in claim_ids:
            article = claim_article.get(claim_id)
            if article is None or article not in acked:
                continue
            latency = arrived - acked[article]
            if article not in best or latency < best[article]:
                best[article] = latency
    return best


def ratios(stages: Mapping[str, float], ceilings: Mapping[str, float]) -> dict[str, float]:
    """Each stage as a fraction of the ceiling of the same name."""
    return {name: ratio(value, ceilings.get(name, math.nan)) for name, value in stages.items()}


def rounded(value: Any, digits: int = 3) -> Any:
    """JSON-friendly: floats rounded, NaN as None, recursively."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v, digits) for v in value]
    return value
