"""Publishes articles to the articles topic, keyed by article id, with CloudEvents headers,
and returns only once the broker has acknowledged every one of them (acks=all)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from faststream.kafka import KafkaBroker

from services.ingest.metrics import PUBLISH_SECONDS
from shared.codecs import ARTICLE_TYPE, cloudevent_headers, encode
from shared.events import Article

SOURCE = "/touchline/ingest"


class KafkaUnavailable(RuntimeError):
    """The broker is not connected or did not acknowledge in time."""


class ArticlePublisher:
    def __init__(self, broker: KafkaBroker, topic: str, *, timeout_s: float = 30.0) -> None:
        self._broker = broker
        self._topic = topic
        self._timeout_s = timeout_s
        # Set by the composition root once the broker has connected.
        self.connected = False

    async def publish(self, articles: Sequence[Article]) -> None:
        if not articles:
            return
        if not self.connected:
            raise KafkaUnavailable("Kafka is not connected")
        started = time.perf_counter()
        try:
            # One send per article; the producer batches them, and gather awaits every ack.
            async with asyncio.timeout(self._timeout_s):
                await asyncio.gather(*(self._send(a) for a in articles))
        except TimeoutError:
            raise KafkaUnavailable(
                f"Kafka did not acknowledge within {self._timeout_s:.0f}s"
            ) from None
        PUBLISH_SECONDS.observe(time.perf_counter() - started)

    async def _send(self, article: Article) -> None:
        await self._broker.publish(
            encode(article),
            topic=self._topic,
            key=article.id.encode(),
            headers=cloudevent_headers(
                id=article.id,
                type=ARTICLE_TYPE,
                source=SOURCE,
                time=article.ingested_at,
                subject=article.canonical_url,
            ),
        )
