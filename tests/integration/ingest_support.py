"""What the ingest integration tests share: the service running in-process, a free port,
and what it published."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from fastapi import FastAPI

from services.ingest.main import build_app
from shared.events import Article
from shared.settings import Settings
from shared.topics import Topics


@asynccontextmanager
async def running_app(settings: Settings, **options: Any) -> AsyncIterator[FastAPI]:
    """The ingest app with its lifespan entered: Postgres migrated, Kafka connecting."""
    app = build_app(settings, **options)
    async with app.router.lifespan_context(app):
        yield app


def free_port() -> int:
    """A port nothing listens on (for a server to take, or to stand for a service away)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


async def topic_records(settings: Settings, topic: str) -> list[Any]:
    """Every record on the topic now: read from the beginning up to the end offsets."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    try:
        (spec,) = [s for s in Topics.from_settings(settings).specs(settings) if s.name == topic]
        partitions = [TopicPartition(topic, p) for p in range(spec.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        records: list[Any] = []
        while [tp for tp in partitions if await consumer.position(tp) < end[tp]]:
            for batch in (await consumer.getmany(timeout_ms=1000)).values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()


async def articles(settings: Settings) -> list[Article]:
    """Every article on the articles topic now."""
    records = await topic_records(settings, Topics.from_settings(settings).articles)
    return [Article.model_validate(orjson.loads(r.value)) for r in records]
