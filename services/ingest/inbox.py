"""The Kafka door: external producers' articles on the inbox topic.

Each batch: every record is normalised; the rejected ones go to the inbox's dead-letter
topic with the reason and the original bytes; the good ones are de-duplicated and
published. The handler returns (and FastStream commits the offsets) only after the broker
acknowledged every output; a Kafka or Postgres outage is retried, never dead-lettered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

from aiokafka.structs import ConsumerRecord
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from services.ingest.normalise import Rejection
from services.ingest.pipeline import Ingestor, Unavailable
from shared.events import Article
from shared.kafka import (
    TRANSIENT_ERRORS,
    DeadLetters,
    batch_options,
    consumer_group,
    raw_records,
    retry_transient,
)
from shared.settings import Settings

log = logging.getLogger("touchline.ingest.inbox")

SERVICE = "ingest"
VIA = "inbox"


def group_id(settings: Settings) -> str:
    return consumer_group(settings, SERVICE)


def _is_transient(error: BaseException) -> bool:
    return isinstance(error, (Unavailable, *TRANSIENT_ERRORS))


async def handle_records(
    records: Sequence[ConsumerRecord[Any, Any]],
    ingestor: Ingestor,
    dead_letters: DeadLetters,
) -> tuple[int, int]:
    """Process one batch; returns (articles submitted, records dead-lettered)."""
    articles: list[tuple[ConsumerRecord[Any, Any], Article]] = []
    rejected: list[tuple[ConsumerRecord[Any, Any], str, str]] = []
    for record in records:
        try:
            result = ingestor.prepare(record.value or b"", via=VIA)
        except Exception as error:  # a bug must not lose the message nor stall the inbox
            log.exception("normalising %s@%s failed", record.topic, record.offset)
            rejected.append((record, f"ingest failed: {error!r}", type(error).__name__))
            continue
        if isinstance(result, Rejection):
            rejected.append((record, str(result), "Rejection"))
        else:
            articles.append((record, result))

    if articles:
        try:
            await _submit([a for _, a in articles], ingestor)
        except Exception:
            # Not an outage (those are retried inside): find the article at fault, one by
            # one, so that it alone goes to the dead-letter topic.
            log.exception("publishing an inbox batch failed; retrying one by one")
            for record, article in list(articles):
                try:
                    await _submit([article], ingestor)
                except Exception as error:
                    articles.remove((record, article))
                    rejected.append((record, f"ingest failed: {error!r}", type(error).__name__))

    if rejected:
        await _dead_letter(rejected, dead_letters)
    return len(articles), len(rejected)


async def _submit(articles: Sequence[Article], ingestor: Ingestor) -> None:
    outcomes = await retry_transient(
        lambda: ingestor.submit(articles, via=VIA),
        what="publish inbox articles",
        is_transient=_is_transient,
    )
    duplicates = sum(1 for o in outcomes if o.status == "duplicate")
    if duplicates:
        log.info("inbox: %d of %d articles were duplicates", duplicates, len(outcomes))


async def _dead_letter(
    rejected: Sequence[tuple[ConsumerRecord[Any, Any], str, str]], dead_letters: DeadLetters
) -> None:
    async def send_all() -> None:
        await asyncio.gather(
            *(
                dead_letters.send(
                    topic=record.topic,
                    raw=record.value or b"",
                    reason=reason,
                    error_type=error_type,
                    key=record.key,
                    partition=record.partition,
                    offset=record.offset,
                )
                for record, reason, error_type in rejected
            )
        )

    await retry_transient(send_all, what="dead-letter rejected inbox records")


def register_inbox(
    broker: KafkaBroker,
    settings: Settings,
    *,
    topic: str,
    ingestor: Callable[[], Ingestor],
) -> None:
    """Subscribe the inbox handler; `ingestor` is resolved per batch because the pool it
    needs is opened in the application's lifespan, after this registration."""
    dead_letters = DeadLetters(broker, SERVICE)

    async def on_inbox(message: KafkaMessage) -> None:
        await handle_records(raw_records(message), ingestor(), dead_letters)

    # Batches handed over raw (a message that is not JSON must reach normalise to be
    # dead-lettered), offsets committed only when the handler returns (shared.kafka).
    broker.subscriber(topic, **batch_options(settings, group_id=group_id(settings)))(on_inbox)
