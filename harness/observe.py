"""Read what the pipeline produced: topics, the status tables, and one digest of it all.

The chaos suite compares these between a clean run and a run with faults; the benchmarks
read record timestamps from them.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

import asyncpg
import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.settings import Settings

# aiokafka ships no type hints; a record is a ConsumerRecord of bytes.
Record: TypeAlias = Any


async def read_topic(
    settings: Settings,
    topic: str,
    *,
    until: Callable[[list[Record]], bool] | None = None,
    idle_s: float = 3.0,
    within_s: float = 300.0,
) -> list[Record]:
    """Everything on `topic` from the beginning: up to the end offsets at the time of the
    call, or, with `until`, until it holds (or nothing new came for `idle_s`)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        client_id=f"observe-{uuid.uuid4().hex[:6]}",
    )
    await consumer.start()
    records: list[Record] = []
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not partitions:
            await consumer._client.force_metadata_update()  # topic may be new to this client
            found = consumer.partitions_for_topic(topic) or ()
            partitions = [TopicPartition(topic, p) for p in found]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        deadline = time.monotonic() + within_s
        last_new = time.monotonic()
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500, max_records=2000)
            got = [r for rs in batches.values() for r in rs]
            records.extend(got)
            if got:
                last_new = time.monotonic()
            if until is None:
                positions = {tp: await consumer.position(tp) for tp in partitions}
                if all(positions[tp] >= ends[tp] for tp in partitions):
                    break
            elif until(records) or time.monotonic() - last_new > idle_s:
                break
    finally:
        await consumer.stop()
    return records


@dataclass(frozen=True, slots=True)
class FinalState:
    """What a run ended with, reduced to comparable digests."""

    pictures: dict[str, str]  # player id -> digest of his picture without its version
    claim_ids: frozenset[str]
    topic_versions: dict[str, int]  # player id -> last version seen on the status topic
    table_versions: dict[str, int]  # player id -> version in Postgres
    topic_digests: dict[str, str]  # player id -> digest of the last picture on the topic

    @property
    def digest(self) -> str:
        body = orjson.dumps(
            {"pictures": self.pictures, "claims": sorted(self.claim_ids)},
            option=orjson.OPT_SORT_KEYS,
        )
        return hashlib.sha256(body).hexdigest()


def picture_digest(picture: dict[str, Any]) -> str:
    content = {k: v for k, v in picture.items() if k != "version"}
    return hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()


async def final_state(settings: Settings, status_topic: str) -> FinalState:
    conn = await asyncpg.connect(settings.postgres_dsn)
    try:
        rows = await conn.fetch("SELECT player_id, version, picture::text FROM status_pictures")
        claim_rows = await conn.fetch("SELECT id FROM status_claims")
    finally:
        await conn.close()
    pictures = {r["player_id"]: picture_digest(orjson.loads(r["picture"])) for r in rows}
    table_versions = {r["player_id"]: r["version"] for r in rows}
    topic_versions: dict[str, int] = {}
    topic_digests: dict[str, str] = {}
    for record in await read_topic(settings, status_topic):
        status = orjson.loads(record.value)
        player = status["player_id"]
        # Delivery is at least once: a subscriber keeps the highest version it saw.
        if status["version"] >= topic_versions.get(player, 0):
            topic_versions[player] = status["version"]
            topic_digests[player] = picture_digest(status)
    return FinalState(
        pictures=pictures,
        claim_ids=frozenset(r["id"] for r in claim_rows),
        topic_versions=topic_versions,
        table_versions=table_versions,
        topic_digests=topic_digests,
    )


async def wait_until_settled(
    settings: Settings,
    *,
    expected_claims: int | None = None,
    quiet_s: float = 5.0,
    within_s: float = 600.0,
) -> None:
    """Wait until the status tables stop changing and the outbox is empty."""
    deadline = time.monotonic() + within_s
    last: tuple[Any, ...] | None = None
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        try:
            conn = await asyncpg.connect(settings.postgres_dsn)
            try:
                now = tuple(
                    await conn.fetchrow(
                        "SELECT (SELECT count(*) FROM status_claims),"
                        " (SELECT coalesce(sum(version), 0) FROM status_pictures),"
                        " (SELECT count(*) FROM status_outbox WHERE sent_at IS NULL)"
                    )
                    or ()
                )
            finally:
                await conn.close()
        except (OSError, asyncpg.PostgresError):
            now = None  # the database may be restarting under chaos
        if now is None or now != last:
            last, stable_since = now, time.monotonic()
        elif (
            now[2] == 0
            and (expected_claims is None or now[0] >= expected_claims)
            and time.monotonic() - stable_since >= quiet_s
        ):
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"pipeline did not settle within {within_s}s (last: {last})")


async def group_lag(settings: Settings, group: str, topic: str) -> int | None:
    """How many records of `topic` the consumer group has not committed yet; None when the
    group has committed nothing (not started, or still joining)."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers, **settings.kafka_security()
    )
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        **settings.kafka_security(),
    )
    await admin.start()
    await consumer.start()
    try:
        committed = {
            tp: meta.offset
            for tp, meta in (await admin.list_consumer_group_offsets(group)).items()
            if tp.topic == topic
        }
        await consumer._client.force_metadata_update()
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
        await admin.close()
    if not committed:
        return None if any(ends.values()) else 0
    lag: int = sum(max(end - committed.get(tp, 0), 0) for tp, end in ends.items())
    return lag


async def wait_until_drained(
    settings: Settings,
    lags: dict[str, str],
    *,
    poll_s: float = 0.25,
    within_s: float = 600.0,
) -> float:
    """Wait until every consumer group (group -> topic) has committed to the end of its
    topic; returns the time.time() at which that was first seen."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            pending = [await group_lag(settings, g, t) for g, t in lags.items()]
        except Exception:  # Kafka may be restarting under chaos; ask again
            pending = [None]
        if all(p == 0 for p in pending):
            return time.time()
        await asyncio.sleep(poll_s)
    raise TimeoutError(f"consumer groups {sorted(lags)} did not drain within {within_s}s")
