"""The claims consumer: each batch of claims becomes one Postgres transaction.

Offsets are committed only after the transaction (ack policy NACK_ON_ERROR: the commit
follows a handler that returns; a handler that raises rewinds to the batch's first
records). A crash between commit of the transaction and of the offsets redelivers the
batch, whose claims are then all known: nothing changes and nothing is published twice.

Poison records (undecodable, wrong schema) go to the claims dead-letter topic. Transient
failures (Postgres or Kafka away) are retried without end. A player whose claims the fold
cannot take (a bug, not an outage) has them dead-lettered with the reason, so one player
never stalls the others.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from aiokafka.structs import ConsumerRecord
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from services.status import metrics
from services.status.store import BatchResult, ClaimCache, apply_claims
from shared.codecs import decode
from shared.events import Claim, PlayerStatus
from shared.kafka import (
    DeadLetters,
    Decoded,
    batch_options,
    consumer_group,
    decode_batch,
    raw_records,
    retry_transient,
)
from shared.settings import Settings
from shared.topics import Topics

log = logging.getLogger("touchline.status.consumer")

SERVICE = "status"


def group_id(settings: Settings) -> str:
    return consumer_group(settings, SERVICE)


def decode_claim(raw: bytes) -> Claim:
    return decode(Claim, raw)


@dataclass(frozen=True, slots=True)
class ClaimsHandler:
    pool: asyncpg.Pool
    dead_letters: DeadLetters
    # Called after each transaction commits, before the offsets are: a seam for tests.
    after_transaction: Callable[[BatchResult], Awaitable[None]] | None = None
    # Parsed claims kept between batches, so a refold reads only ids back (store.ClaimCache).
    cache: ClaimCache | None = None

    async def __call__(self, records: Sequence[ConsumerRecord[Any, Any]]) -> BatchResult:
        started = time.perf_counter()
        metrics.CLAIMS_RECEIVED.inc(len(records))
        decoded = await decode_batch(records, decode_claim, self.dead_letters)
        metrics.CLAIMS_DEAD_LETTERED.inc(len(records) - len(decoded))
        try:
            result = await self._apply([d.value for d in decoded], what="claims batch")
        except Exception as error:
            log.error("batch failed (%r); retrying player by player", error, exc_info=True)
            result = await self._apply_each_player(decoded)
        metrics.CLAIMS_STORED.inc(result.stored)
        metrics.PICTURES_CHANGED.inc(len(result.changed))
        metrics.BATCH_SECONDS.observe(time.perf_counter() - started)
        if self.after_transaction is not None:
            await self.after_transaction(result)
        return result

    async def _apply(self, claims: Sequence[Claim], *, what: str) -> BatchResult:
        if self.cache is None:
            return await retry_transient(lambda: apply_claims(self.pool, claims), what=what)
        cache = self.cache
        return await retry_transient(lambda: apply_claims(self.pool, claims, cache), what=what)

    async def _apply_each_player(self, decoded: Sequence[Decoded[Claim]]) -> BatchResult:
        by_player: dict[str, list[Decoded[Claim]]] = {}
        for item in decoded:
            by_player.setdefault(item.value.player_id, []).append(item)
        received = stored = 0
        changed: list[PlayerStatus] = []
        for player_id, items in sorted(by_player.items()):
            try:
                result = await self._apply([i.value for i in items], what=f"claims of {player_id}")
            except Exception as error:
                reason = f"cannot fold the claims of {player_id}: {error!r}"
                for item in items:
                    await self.dead_letters.send_record(item.record, RuntimeError(reason))
                metrics.CLAIMS_DEAD_LETTERED.inc(len(items))
                continue
            received += result.received
            stored += result.stored
            changed.extend(result.changed)
        return BatchResult(received=received, stored=stored, changed=tuple(changed))


def subscribe_claims(broker: KafkaBroker, settings: Settings, handler: ClaimsHandler) -> Any:
    """Register the batch subscriber on the claims topic; returns the subscriber."""
    subscriber = broker.subscriber(
        Topics.from_settings(settings).claims,
        **batch_options(settings, group_id=group_id(settings)),
        title="status/claims",
        description="Claims folded into player pictures; one Postgres transaction per batch.",
    )

    async def on_claims(message: KafkaMessage) -> None:
        await handler(raw_records(message))

    subscriber(on_claims)
    return subscriber


def dead_letters(broker: KafkaBroker) -> DeadLetters:
    return DeadLetters(broker, SERVICE)
