"""The articles consumer: each batch of articles becomes claim events, one per claim.

How the batch subscriber behaves (faststream 0.7.8 / aiokafka 0.14, checked on the real
broker; the pattern for every consumer is in docs/kafka-consumers.md):

- `broker.subscriber(topic, batch=True, group_id=..., ack_policy=AckPolicy.NACK_ON_ERROR,
  auto_offset_reset="earliest", max_records=N, batch_timeout_ms=T)` hands the handler one
  `consumer.getmany(timeout_ms=T, max_records=N)`: up to N records, possibly from several
  partitions. Any policy but ACK_FIRST turns aiokafka's auto-commit off.
- The handler takes `msg: KafkaMessage` (faststream.kafka.annotations); the ConsumerRecords
  are `msg.raw_message`, a tuple (shared.kafka.raw_records).
- NACK_ON_ERROR: a handler that returns commits the consumer's positions (the whole
  batch); one that raises seeks every partition of the batch back to its first record, so
  the batch is read again, and a restart with the same group resumes after the last commit.
- FastStream json-decodes every value before the handler runs, even a handler that takes
  no body: one invalid record then fails the batch before our code sees it, and under
  NACK_ON_ERROR it loops for ever. A record whose header is not UTF-8 is dropped by the
  parser with only a log line. Hence `decoder=keep_raw, parser=tolerant_headers`
  (shared.kafka.batch_options), and decoding here with shared.kafka.decode_batch.

So: poison records go to `<articles>.dlq`; an engine failure on one article sends that
article there with the reason and the batch goes on; all claims of the batch are published
(keyed by player id, CloudEvents headers) and every acknowledgement awaited before the
handler returns, which is what lets the offsets be committed. Transient Kafka errors while
publishing are retried in place; anything else raised re-reads the batch. Claim ids are
deterministic, so a re-read re-emits the same events, which the status fold ignores.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiokafka.structs import ConsumerRecord
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from services.extract import metrics
from services.extract.engine.interface import Extractor
from services.extract.mapping import extract_claims
from shared.codecs import CLAIM_TYPE, cloudevent_headers, decode, encode
from shared.events import Article, Claim
from shared.kafka import (
    TRANSIENT_ERRORS,
    DeadLetters,
    batch_options,
    consumer_group,
    decode_batch,
    raw_records,
    retry_transient,
)
from shared.settings import Settings
from shared.topics import Topics

log = logging.getLogger("touchline.extract.consumer")

SERVICE = "extract"
CE_SOURCE = "/touchline/extract"


def group_id(settings: Settings) -> str:
    return consumer_group(settings, SERVICE)


def decode_article(raw: bytes) -> Article:
    return decode(Article, raw)


def claim_headers(claim: Claim) -> dict[str, str]:
    return cloudevent_headers(
        id=claim.id,
        type=CLAIM_TYPE,
        source=CE_SOURCE,
        time=claim.published,
        subject=claim.player_id,
    )


class ClaimSink(Protocol):
    """Starts publishing one claim; the returned future resolves on the broker's ack."""

    async def __call__(self, claim: Claim) -> asyncio.Future[Any]: ...


def kafka_sink(broker: KafkaBroker, topic: str) -> ClaimSink:
    async def send(claim: Claim) -> asyncio.Future[Any]:
        return await broker.publish(
            encode(claim),
            topic=topic,
            key=claim.player_id.encode(),
            headers=claim_headers(claim),
            no_confirm=True,
        )

    return send


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    claims: list[Claim] = field(default_factory=list)
    extracted: int = 0
    dead_lettered: int = 0


@dataclass(frozen=True, slots=True)
class ArticlesHandler:
    send: ClaimSink
    dead_letters: DeadLetters
    extractor: Extractor

    async def __call__(self, records: Sequence[ConsumerRecord[Any, Any]]) -> BatchOutcome:
        metrics.BATCH_SIZE.observe(len(records))
        decoded = await decode_batch(records, decode_article, self.dead_letters)
        poison = len(records) - len(decoded)
        metrics.ERRORS.labels("poison").inc(poison)
        claims: list[Claim] = []
        failed = 0
        for item in decoded:
            found = await self._extract(item.record, item.value)
            if found is None:
                failed += 1
            else:
                claims.extend(found)
        await self._publish_all(claims)
        for claim in claims:
            metrics.CLAIMS.labels(claim.kind).inc()
        metrics.ARTICLES.labels("extracted").inc(len(decoded) - failed)
        metrics.ARTICLES.labels("dead_lettered").inc(poison + failed)
        return BatchOutcome(claims, len(decoded) - failed, poison + failed)

    async def _extract(
        self, record: ConsumerRecord[Any, Any], article: Article
    ) -> list[Claim] | None:
        """The article's claims, or None once it is dead-lettered because the engine failed."""
        started = time.perf_counter()
        try:
            # In a thread: a long article must not starve the consumer's heartbeats.
            return await asyncio.to_thread(extract_claims, article, self.extractor)
        except Exception as error:
            log.exception("extraction failed for article %s", article.id)
            metrics.ERRORS.labels("engine").inc()
            send = functools.partial(
                self.dead_letters.send,
                topic=record.topic,
                raw=record.value or b"",
                reason=f"extraction failed: {type(error).__name__}: {error}",
                error_type=type(error).__name__,
                key=record.key,
                partition=record.partition,
                offset=record.offset,
            )
            await retry_transient(
                send, what="dead-lettering an article", is_transient=_counted_transient
            )
            return None
        finally:
            metrics.LATENCY.observe(time.perf_counter() - started)

    async def _publish_all(self, claims: Sequence[Claim]) -> None:
        pending = list(claims)
        await retry_transient(
            functools.partial(self._publish_pending, pending),
            what="publishing claims",
            is_transient=_counted_transient,
        )

    async def _publish_pending(self, pending: list[Claim]) -> None:
        """Publish every pending claim and await all acks; the acknowledged ones leave
        `pending`, so a retry after a transient failure sends only the rest."""
        futures: list[asyncio.Future[Any]] = []
        try:
            for claim in pending:
                futures.append(await self.send(claim))
        finally:
            # Even when starting a send failed, settle the ones already started.
            results = await asyncio.gather(*futures, return_exceptions=True)
            errors = [r for r in results if isinstance(r, BaseException)]
            pending[:] = [
                c for c, r in zip(pending, results, strict=False) if isinstance(r, BaseException)
            ] + pending[len(futures) :]
        if errors:
            raise errors[0]


def _counted_transient(error: BaseException) -> bool:
    transient = isinstance(error, TRANSIENT_ERRORS)
    if transient:
        metrics.ERRORS.labels("transient").inc()
    return transient


def register(broker: KafkaBroker, settings: Settings, extractor: Extractor) -> ArticlesHandler:
    """Subscribe the articles handler to the articles topic of `settings`."""
    topics = Topics.from_settings(settings)
    handler = ArticlesHandler(
        send=kafka_sink(broker, topics.claims),
        dead_letters=DeadLetters(broker, SERVICE),
        extractor=extractor,
    )

    async def on_articles(msg: KafkaMessage) -> None:
        await handler(raw_records(msg))

    broker.subscriber(topics.articles, **batch_options(settings, group_id=group_id(settings)))(
        on_articles
    )
    return handler
