"""The path every door shares: normalise, then de-duplicate and publish, with metrics."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from aiokafka.errors import KafkaError

from services.ingest import metrics
from services.ingest.dedup import Outcome, SeenTable
from services.ingest.normalise import Limits, Rejection, normalise, normalise_bytes
from services.ingest.publisher import ArticlePublisher, KafkaUnavailable
from shared.events import Article
from shared.kafka import TRANSIENT_ERRORS


class Unavailable(RuntimeError):
    """A dependency (Kafka or Postgres) is away; nothing was accepted, retry later."""

    def __init__(self, dependency: str, detail: str) -> None:
        super().__init__(f"{dependency} unavailable: {detail}")
        self.dependency = dependency
        self.detail = detail


def _now() -> datetime:
    return datetime.now(UTC)


class Ingestor:
    def __init__(
        self,
        seen: SeenTable,
        publisher: ArticlePublisher,
        limits: Limits,
        *,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.seen = seen
        self.publisher = publisher
        self.limits = limits
        self._clock = clock

    def prepare(self, data: Mapping[str, Any] | bytes, *, via: str) -> Article | Rejection:
        """Validate and normalise one input; a rejection is counted here, once."""
        now = self._clock()
        if isinstance(data, bytes):
            result = normalise_bytes(data, now=now, via=via, limits=self.limits)
        else:
            result = normalise(data, now=now, via=via, limits=self.limits)
        if isinstance(result, Rejection):
            metrics.REJECTED.labels(metrics.door(via), result.field).inc()
        return result

    async def submit(self, articles: Sequence[Article], *, via: str) -> list[Outcome]:
        """Publish what is new and remember it; raises Unavailable when Kafka or Postgres is
        away, in which case nothing of this call is remembered as seen."""
        label = metrics.door(via)
        try:
            outcomes = await self.seen.admit(articles, self.publisher.publish)
        except (KafkaUnavailable, KafkaError) as error:
            metrics.UNAVAILABLE.labels(label, "kafka").inc()
            raise Unavailable("kafka", str(error) or type(error).__name__) from error
        except TRANSIENT_ERRORS as error:
            metrics.UNAVAILABLE.labels(label, "postgres").inc()
            raise Unavailable("postgres", str(error) or type(error).__name__) from error
        for outcome in outcomes:
            counter = metrics.ACCEPTED if outcome.status == "new" else metrics.DUPLICATES
            counter.labels(label).inc()
        return outcomes
