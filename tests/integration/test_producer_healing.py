"""The self-healing producer against the real broker.

The producer is broken the way a broker restart breaks it: a gap in its sequence numbers
for a partition, so the broker itself answers OutOfOrderSequenceNumber, which aiokafka
never recovers from (shared.producer).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import OutOfOrderSequenceNumber
from faststream.kafka import KafkaBroker

from shared.kafka import ensure_topics, make_broker, retry_transient
from shared.producer import HealingProducer
from shared.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture
async def broker(settings: Settings) -> AsyncIterator[KafkaBroker]:
    await ensure_topics(settings)
    broker = make_broker(settings, service="test-healing")
    await broker.start()
    try:
        yield broker
    finally:
        await broker.stop()


def _healing(broker: KafkaBroker) -> HealingProducer:
    producer = broker.config.broker_config.producer
    assert isinstance(producer, HealingProducer)
    return producer


def _break(healing: HealingProducer, topic: str, partition: int) -> Any:
    """Open a gap in the producer's sequence numbers, as batches lost across a broker
    restart do; returns the broken aiokafka producer."""
    broken = healing.current
    broken._txn_manager.increment_sequence_number(TopicPartition(topic, partition), 5)
    return broken


async def _read(settings: Settings, topic: str, partition: int) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=f"test-{uuid.uuid4().hex}",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        end = (await consumer.end_offsets([tp]))[tp]
        values: list[bytes] = []
        while await consumer.position(tp) < end:
            batch = await consumer.getmany(tp, timeout_ms=2_000)
            values.extend(r.value or b"" for r in batch.get(tp, []))
        return values
    finally:
        await consumer.stop()


@pytest.mark.parametrize("no_confirm", [False, True], ids=["awaited", "no_confirm"])
async def test_a_broken_producer_is_replaced_and_the_retry_is_written_once(
    broker: KafkaBroker, settings: Settings, no_confirm: bool
) -> None:
    topic, partition = f"{settings.topic_prefix}claims", int(no_confirm)
    healing = _healing(broker)

    async def send(value: bytes) -> None:
        """Publish and wait for the acknowledgement, either way round."""
        sent = await broker.publish(value, topic=topic, partition=partition, no_confirm=no_confirm)
        if no_confirm:
            await sent

    await send(b"before")
    broken = _break(healing, topic, partition)
    with pytest.raises(OutOfOrderSequenceNumber):
        await send(b"rejected")
    await healing.quiesce()  # with no_confirm the renewal runs beside the caller
    assert healing.renewals == 1
    assert healing.current is not broken

    # What a service does with the error: retry it as transient, through the new producer.
    await retry_transient(lambda: send(b"retried"), what="test publish")
    assert await _read(settings, topic, partition) == [b"before", b"retried"]


async def test_many_failures_of_one_producer_replace_it_once(
    broker: KafkaBroker, settings: Settings
) -> None:
    topic = f"{settings.topic_prefix}claims"
    healing = _healing(broker)
    state = healing._producer
    await asyncio.gather(*(healing.renew(state) for _ in range(5)))
    assert healing.renewals == 1
    await broker.publish(b"after", topic=topic, partition=2)
    assert await _read(settings, topic, 2) == [b"after"]


def test_brokers_without_idempotence_keep_faststreams_producer(settings: Settings) -> None:
    broker = make_broker(settings, service="plain", enable_idempotence=False)
    assert not isinstance(broker.config.broker_config.producer, HealingProducer)
