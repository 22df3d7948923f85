"""Ingestor.submit alone, with a de-duplication table that fails as Postgres does when it
goes away: every such failure is `Unavailable("postgres")` (the HTTP door's 503, the inbox's
retry), never an unexplained error (a 500, a dead letter)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from services.ingest.dedup import Outcome, Publish
from services.ingest.normalise import Limits, normalise
from services.ingest.pipeline import Ingestor, Unavailable
from shared.events import Article
from tests.infra import CONNECTION_LOST


class FailingSeenTable:
    def __init__(self, error: Exception) -> None:
        self.error = error

    async def admit(self, articles: Sequence[Article], publish: Publish) -> list[Outcome]:
        raise self.error


class UnusedPublisher:
    async def publish(self, articles: Sequence[Article]) -> None:
        raise AssertionError("nothing is published when the table cannot be reached")


def article() -> Article:
    result = normalise(
        {"text": "Mohamed Salah has signed a new contract with Liverpool."},
        now=datetime.now(UTC),
        via="http",
        limits=Limits(),
    )
    assert isinstance(result, Article)
    return result


@pytest.mark.parametrize("outage", CONNECTION_LOST, ids=lambda e: type(e).__name__)
async def test_a_lost_database_connection_is_unavailable_postgres(outage: Exception) -> None:
    seen: Any = FailingSeenTable(outage)
    publisher: Any = UnusedPublisher()
    ingestor = Ingestor(seen, publisher, limits=Limits())

    with pytest.raises(Unavailable) as raised:
        await ingestor.submit([article()], via="http")

    assert raised.value.dependency == "postgres"
