"""The shared Kafka plumbing against the real broker: topics and the dead-letter step."""

from __future__ import annotations

import uuid

import orjson
import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from shared.codecs import decode
from shared.events import DeadLetter
from shared.kafka import DeadLetters, ensure_topics, make_broker
from shared.settings import Settings
from shared.topics import Topics

pytestmark = pytest.mark.integration


async def _describe(settings: Settings) -> dict[str, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        wanted = [s.name for s in Topics.from_settings(settings).specs(settings)]
        described = await admin.describe_topics(wanted)
        return {t["topic"]: len(t["partitions"]) for t in described if t["error_code"] == 0}
    finally:
        await admin.close()


async def test_ensure_topics_is_idempotent_and_creates_every_topic(settings: Settings) -> None:
    topics = await ensure_topics(settings)
    again = await ensure_topics(settings)  # a second replica starting must not fail
    assert topics == again
    partitions = await _describe(settings)
    assert partitions[topics.claims] == settings.topic_partitions
    assert partitions[Topics.dlq(topics.inbox)] == 1
    assert set(partitions) == {s.name for s in topics.specs(settings)}


async def test_dead_letter_keeps_reason_and_original_bytes(settings: Settings) -> None:
    topics = await ensure_topics(settings)
    broker = make_broker(settings, service="test")
    await broker.start()
    try:
        letters = DeadLetters(broker, "test")
        await letters.send(
            topic=topics.inbox,
            raw=b"\xff\xfenot utf-8",
            reason="invalid UTF-8",
            error_type="PoisonMessage",
            key=b"k1",
            partition=0,
            offset=41,
        )
        await letters.send(
            topic=topics.inbox,
            raw=b'{"text": ""}',
            reason="text: empty",
            error_type="PoisonMessage",
        )
    finally:
        await broker.stop()

    consumer = AIOKafkaConsumer(
        Topics.dlq(topics.inbox),
        bootstrap_servers=settings.kafka_bootstrap_servers,
        auto_offset_reset="earliest",
        group_id=f"test-{uuid.uuid4().hex}",
    )
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=10_000, max_records=10)
        records = [r for rs in batches.values() for r in rs]
    finally:
        await consumer.stop()
    letters_read = [decode(DeadLetter, r.value) for r in records]
    assert [d.reason for d in letters_read] == ["invalid UTF-8", "text: empty"]
    first, second = letters_read
    assert first.original_encoding == "base64" and first.offset == 41 and first.key == "k1"
    assert second.original_encoding == "utf-8"
    assert orjson.loads(second.original) == {"text": ""}
    assert records[0].key == b"k1"
