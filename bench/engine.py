"""The extraction engine and the status fold alone, in this process, on one core: the
ceilings of the extract and status stages' own work, with no Kafka or Postgres."""

from __future__ import annotations

import contextlib
import os
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from services.extract.mapping import article_from_json, default_extractor, extract_claims
from services.status.fold import fold
from shared.events import Article, Claim


@contextlib.contextmanager
def one_core() -> Iterator[None]:
    """Pin this process to one CPU while measuring, where the OS allows it."""
    getter = getattr(os, "sched_getaffinity", None)
    setter = getattr(os, "sched_setaffinity", None)
    if getter is None or setter is None:
        yield
        return
    before = getter(0)
    setter(0, {min(before)})
    try:
        yield
    finally:
        setter(0, before)


@dataclass(frozen=True, slots=True)
class EngineRun:
    articles: list[Article]
    claims: list[Claim]
    failed: int
    seconds: float

    def figures(self) -> dict[str, Any]:
        n = len(self.articles)
        return {
            "articles": n,
            "claims": len(self.claims),
            "failed_articles": self.failed,
            "claims_per_article": len(self.claims) / n if n else 0.0,
            "articles_per_s": n / self.seconds if self.seconds > 0 else 0.0,
            "claims_per_s": len(self.claims) / self.seconds if self.seconds > 0 else 0.0,
        }


def as_articles(raw: Sequence[dict[str, Any]]) -> list[Article]:
    return [article_from_json(item) for item in raw]


def run_engine(articles: Sequence[Article]) -> EngineRun:
    """extract_claims on every article, as the extract service calls it. An article the
    engine fails on is counted (the service dead-letters it) and its time kept."""
    default_extractor()  # load the gazetteers outside the measurement
    claims: list[Claim] = []
    failed = 0
    with one_core():
        started = time.perf_counter()
        for article in articles:
            try:
                claims.extend(extract_claims(article))
            except Exception:
                failed += 1
        seconds = time.perf_counter() - started
    return EngineRun(list(articles), claims, failed, seconds)


def run_fold(claims: Sequence[Claim]) -> dict[str, Any]:
    """Fold each player's whole history once, as the status service refolds a player."""
    by_player: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_player[claim.player_id].append(claim)
    with one_core():
        started = time.perf_counter()
        for history in by_player.values():
            fold(history)
        seconds = time.perf_counter() - started
    return {
        "players": len(by_player),
        "claims": len(claims),
        "claims_per_s": len(claims) / seconds if seconds > 0 else 0.0,
        "players_per_s": len(by_player) / seconds if seconds > 0 else 0.0,
    }


def claim_rows(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """The claims as the rows bench.ceilings.postgres_ceiling writes."""
    return [claim.model_dump(mode="json") for claim in claims]
