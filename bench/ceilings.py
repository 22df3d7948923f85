"""The raw ceilings of this machine, measured in the same run as the pipeline so the
pipeline's figures can be read as ratios that hold across noisy machines."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg
import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.settings import Settings


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


async def kafka_ceiling(settings: Settings, payloads: Sequence[bytes]) -> dict[str, Any]:
    """aiokafka alone: produce the payloads with the services' producer settings (acks=all,
    idempotent, gzip), then consume them, with no processing either side."""
    topic = f"{settings.topic_prefix}bench.raw.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers, **settings.kafka_security()
    )
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, settings.topic_partitions, 1)])
    finally:
        await admin.close()

    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        acks="all",
        enable_idempotence=True,
        compression_type="gzip",
        linger_ms=5,
        **settings.kafka_security(),
    )
    await producer.start()
    await producer.partitions_for(topic)  # metadata of the new topic, outside the timing
    started = time.perf_counter()
    try:
        futures = [
            await producer.send(topic, value, key=str(i).encode())
            for i, value in enumerate(payloads)
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    produce_s = time.perf_counter() - started

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        auto_offset_reset="earliest",
        group_id=f"bench-{uuid.uuid4().hex}",
        **settings.kafka_security(),
    )
    await consumer.start()
    seen = 0
    started = time.perf_counter()
    try:
        while seen < len(payloads):
            batches = await consumer.getmany(timeout_ms=1000, max_records=1000)
            seen += sum(len(records) for records in batches.values())
    finally:
        await consumer.stop()
    consume_s = time.perf_counter() - started
    return {
        "messages": len(payloads),
        "message_bytes": sum(map(len, payloads)) // max(len(payloads), 1),
        "produce_per_s": rate(len(payloads), produce_s),
        "consume_per_s": rate(seen, consume_s),
    }


async def postgres_ceiling(dsn: str, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """asyncpg alone: insert the same claim rows (jsonb) in batches, no logic."""
    conn = await asyncpg.connect(dsn)
    table = f"bench_raw_{uuid.uuid4().hex[:8]}"
    try:
        await conn.execute(
            f"CREATE TABLE {table} (id text PRIMARY KEY, player_id text, claim jsonb)"
        )
        started = time.perf_counter()
        for i in range(0, len(rows), 200):
            chunk = rows[i : i + 200]
            async with conn.transaction():
                await conn.executemany(
                    f"INSERT INTO {table} VALUES ($1, $2, $3::jsonb) ON CONFLICT DO NOTHING",
                    [(r["id"], r["player_id"], orjson.dumps(r).decode()) for r in chunk],
                )
        seconds = time.perf_counter() - started
        await conn.execute(f"DROP TABLE {table}")
    finally:
        await conn.close()
    return {"rows": len(rows), "rows_per_s": rate(len(rows), seconds)}
