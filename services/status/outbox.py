"""The outbox relay: publishes status events written by the store to the status topic.

Rows are claimed with `FOR UPDATE SKIP LOCKED`, published keyed by player id in
(player, version) order, acknowledged by the broker, and only then marked sent, in the same
transaction that holds their locks. A relay that dies before marking them leaves them
unsent, and the next relay sends them again: subscribers see every version at least once
and drop the versions they have already seen.

Only one relay publishes at a time (a transaction-scoped advisory lock): with two, one
could publish a player's version 3 while the other still holds version 2.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from faststream.kafka import KafkaBroker

from services.status import metrics
from services.status.store import OUTBOX_CHANNEL
from shared.codecs import STATUS_TYPE, cloudevent_headers
from shared.kafka import TRANSIENT_ERRORS

log = logging.getLogger("touchline.status.outbox")

SOURCE = "touchline/status"
_RELAY_LOCK = 0x5747_0001


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    player_id: str
    version: int
    payload: bytes
    created_at: datetime


def event_headers(row: OutboxRow) -> dict[str, str]:
    """CloudEvents attributes: one id per (player, version), so duplicates are visible."""
    return cloudevent_headers(
        id=f"{row.player_id}:{row.version}",
        type=STATUS_TYPE,
        source=SOURCE,
        time=row.created_at,
        subject=row.player_id,
    )


class OutboxRelay:
    def __init__(
        self,
        pool: asyncpg.Pool,
        broker: KafkaBroker,
        topic: str,
        *,
        batch_size: int = 500,
        poll_interval: float = 5.0,
    ) -> None:
        self.pool = pool
        self.broker = broker
        self.topic = topic
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self._wake = asyncio.Event()

    async def publish_pending(self) -> int | None:
        """Publish one batch of unsent events; the number sent, or None when another relay
        holds the lease."""
        async with self.pool.acquire() as conn, conn.transaction():
            if not await conn.fetchval("SELECT pg_try_advisory_xact_lock($1)", _RELAY_LOCK):
                return None
            records = await conn.fetch(
                "SELECT id, player_id, version, payload, created_at FROM status_outbox"
                " WHERE sent_at IS NULL ORDER BY player_id, version LIMIT $1"
                " FOR UPDATE SKIP LOCKED",
                self.batch_size,
            )
            rows = [OutboxRow(**dict(r)) for r in records]
            if not rows:
                return 0
            await self._publish(rows)
            await conn.execute(
                "UPDATE status_outbox SET sent_at = now() WHERE id = ANY($1::bigint[])",
                [r.id for r in rows],
            )
        metrics.OUTBOX_PUBLISHED.inc(len(rows))
        return len(rows)

    async def _publish(self, rows: list[OutboxRow]) -> None:
        # Sent in order without waiting for each acknowledgement: the idempotent producer
        # keeps the order within a partition, and we wait for every acknowledgement below.
        pending: list[Any] = []
        for row in rows:
            pending.append(
                await self.broker.publish(
                    row.payload,
                    topic=self.topic,
                    key=row.player_id.encode(),
                    headers=event_headers(row),
                    no_confirm=True,
                )
            )
        await asyncio.gather(*pending)

    async def drain(self) -> int:
        """Publish until nothing is left unsent (or another relay holds the lease)."""
        total = 0
        while sent := await self.publish_pending():
            total += sent
        await self._update_pending_gauge()
        return total

    async def _update_pending_gauge(self) -> None:
        async with self.pool.acquire() as conn:
            pending = await conn.fetchval(
                "SELECT count(*) FROM status_outbox WHERE sent_at IS NULL"
            )
        metrics.OUTBOX_PENDING.set(pending)

    def _notified(self, *_: Any) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Relay until cancelled: woken by NOTIFY, polling as a fallback; an outage never
        stops it, it waits and tries again."""
        listener: PoolConnectionProxy | None = None
        try:
            while True:
                try:
                    if listener is None:
                        listener = await self.pool.acquire()
                        await listener.add_listener(OUTBOX_CHANNEL, self._notified)
                    self._wake.clear()
                    await self.drain()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)
                except Exception as error:
                    transient = isinstance(error, TRANSIENT_ERRORS)
                    log.log(
                        logging.WARNING if transient else logging.ERROR,
                        "outbox relay failed (%r); retrying",
                        error,
                        exc_info=not transient,
                    )
                    if listener is not None:
                        await self._release(listener)
                        listener = None
                    await asyncio.sleep(self.poll_interval)
        finally:
            if listener is not None:
                await self._release(listener)

    async def _release(self, listener: PoolConnectionProxy) -> None:
        with contextlib.suppress(Exception):
            await listener.remove_listener(OUTBOX_CHANNEL, self._notified)
        with contextlib.suppress(Exception):
            await self.pool.release(listener)
