"""Refold every stored player after a change to the fold; publish only what changed."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from services.status.outbox import OutboxRelay
from services.status.store import recompute
from shared.events import PlayerStatus
from shared.kafka import ensure_topics, make_broker
from shared.settings import Settings

log = logging.getLogger("touchline.status.rebuild")

# Players refolded per transaction: short locks beside a live consumer.
CHUNK = 100


async def all_player_ids(pool: asyncpg.Pool) -> list[str]:
    rows = await pool.fetch("SELECT DISTINCT player_id FROM status_claims ORDER BY player_id")
    return [row["player_id"] for row in rows]


async def rebuild(pool: asyncpg.Pool, *, chunk: int = CHUNK) -> list[PlayerStatus]:
    """Refold every player from his stored claims, a chunk of players per transaction.
    Each player goes through the same locked recompute as the consumer, so a rebuild can
    run beside a live service; only pictures that changed get a version and an event."""
    return await _refold(pool, await all_player_ids(pool), chunk)


async def _refold(pool: asyncpg.Pool, players: Sequence[str], chunk: int) -> list[PlayerStatus]:
    changed: list[PlayerStatus] = []
    for start in range(0, len(players), chunk):
        async with pool.acquire() as conn, conn.transaction():
            changed.extend(await recompute(conn, players[start : start + chunk]))
    log.info("rebuild: %d players refolded, %d pictures changed", len(players), len(changed))
    return changed


@dataclass(frozen=True, slots=True)
class RebuildReport:
    players: int
    changed: int
    published: int | None  # None when left to the running relay


async def rebuild_and_publish(
    settings: Settings, pool: asyncpg.Pool, *, publish: bool = True
) -> RebuildReport:
    players = await all_player_ids(pool)
    changed = await _refold(pool, players, CHUNK)
    if not publish:
        return RebuildReport(len(players), len(changed), None)
    topics = await ensure_topics(settings)
    broker = make_broker(settings, service="status-rebuild")
    await broker.start()
    try:
        sent = await OutboxRelay(pool, broker, topics.status).drain()
    finally:
        await broker.stop()
    return RebuildReport(len(players), len(changed), sent)
