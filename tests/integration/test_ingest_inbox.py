"""The Kafka door: what goes into the inbox comes out on the articles topic, or on the
inbox's dead-letter topic with its reason and original bytes; nothing is dropped."""

from __future__ import annotations

import asyncio
import base64
import uuid
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from fastapi import FastAPI

from services.ingest.inbox import group_id
from shared.events import Article, DeadLetter
from shared.settings import Settings
from shared.topics import Topics
from tests.integration.ingest_support import running_app, topic_records

pytestmark = pytest.mark.integration


async def wait_for(settings: Settings, topic: str, count: int) -> list[Any]:
    """The topic's records once it holds `count` (a bounded wait, not a timing check)."""
    for _ in range(120):
        records = await topic_records(settings, topic)
        if len(records) >= count:
            return records
        await asyncio.sleep(0.5)
    return await topic_records(settings, topic)


@pytest.fixture(scope="module")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    async with running_app(settings) as application:
        yield application


def article(n: int, **extra: Any) -> bytes:
    text = f"Inbox article {n}: Salah signs a new contract with Liverpool. {uuid.uuid4().hex}"
    return orjson.dumps({"text": text, **extra})


BAD: list[tuple[bytes | None, str]] = [
    (b"", "article: empty message"),
    (None, "article: empty message"),  # a tombstone
    (b"{not json", "article: not valid JSON"),
    (b"\xff\xfeSalah \x80", "article: not valid UTF-8"),
    (b"[1, 2, 3]", "article: expected a JSON object, got array"),
    (orjson.dumps({"text": ""}), "text: empty"),
    (orjson.dumps({"text": "   \n  "}), "text: empty"),
    (orjson.dumps({"text": "<p></p><div> </div>"}), "text: empty after cleaning"),
    (orjson.dumps({"title": "no text"}), "text: required field is missing"),
    (orjson.dumps({"text": 5}), "text: expected a string, got number"),
    (orjson.dumps({"text": "ok", "published": "31/31/2025"}), "published: not an ISO 8601"),
    (orjson.dumps({"text": "ok", "url": "www.example.com"}), "url: not an absolute http(s)"),
    (orjson.dumps({"text": "x" * 3_000}), "article: too large"),
]


async def test_in_equals_out_plus_dead_letters(app: FastAPI, settings: Settings) -> None:
    topics = Topics.from_settings(settings)
    good = [article(n) for n in range(25)]
    good.append(article(99, url="https://example.com/inbox/one", published="2025-03-01"))
    duplicate = article(100, url="https://example.com/inbox/one?utm_medium=social")
    bad = [(raw, reason) for raw, reason in BAD if reason != "article: too large"]

    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    try:
        sent: list[bytes | None] = []
        for index, raw in enumerate([*good, *(r for r, _ in bad)]):
            # One binary header: FastStream would choke on it if we let it decode headers.
            headers = [("trace", b"\xff\x00")] if index == 3 else []
            await producer.send_and_wait(
                topics.inbox, raw, key=f"k{index}".encode(), headers=headers
            )
            sent.append(raw)
        # Same key as its first copy, so the same partition: order holds only within one.
        await producer.send_and_wait(topics.inbox, duplicate, key=f"k{len(good) - 1}".encode())
    finally:
        await producer.stop()

    went_in = len(sent) + 1
    dead = await wait_for(settings, Topics.dlq(topics.inbox), len(bad))
    out = await wait_for(settings, topics.articles, len(good))

    # Counted: everything that went in came out once, as an article or a dead letter; the
    # duplicate was caught, not published.
    assert len(out) == len(good)
    assert len(dead) == len(bad)
    assert went_in == len(out) + len(dead) + 1

    texts = {Article.model_validate(orjson.loads(r.value)).text for r in out}
    assert texts == {orjson.loads(raw)["text"] for raw in good}
    assert all(r.key == orjson.loads(r.value)["id"].encode() for r in out)

    letters = {
        letter.key: letter
        for letter in (DeadLetter.model_validate(orjson.loads(r.value)) for r in dead)
    }
    for offset, (raw, reason) in enumerate(bad, start=len(good)):
        letter = letters[f"k{offset}"]
        assert letter.reason.startswith(reason), (letter.reason, reason)
        assert letter.topic == topics.inbox
        assert letter.service == "ingest"
        original = (
            base64.b64decode(letter.original)
            if letter.original_encoding == "base64"
            else letter.original.encode()
        )
        assert original == (raw or b"")

    # The offsets are committed once the outputs are acknowledged: the group is at the end.
    await wait_committed(settings, topics.inbox)


async def wait_committed(settings: Settings, topic: str) -> None:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=group_id(settings),
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(settings.topic_partitions)]
        end = await consumer.end_offsets(partitions)
        for _ in range(120):
            committed = {tp: await consumer.committed(tp) for tp in partitions}
            if all(committed[tp] == end[tp] for tp in partitions):
                return
            await asyncio.sleep(0.5)
        pytest.fail(f"inbox offsets not committed: {committed} != {end}")
    finally:
        await consumer.stop()


async def test_an_oversized_message_is_dead_lettered(settings: Settings) -> None:
    small = settings.model_copy(
        update={"topic_prefix": f"{settings.topic_prefix}small.", "ingest_max_article_bytes": 2_500}
    )
    topics = Topics.from_settings(small)
    async with running_app(small):
        producer = AIOKafkaProducer(bootstrap_servers=small.kafka_bootstrap_servers)
        await producer.start()
        try:
            raw = orjson.dumps({"text": "x" * 3_000})
            await producer.send_and_wait(topics.inbox, raw)
            await producer.send_and_wait(topics.inbox, article(1))
        finally:
            await producer.stop()
        (letter,) = await wait_for(small, Topics.dlq(topics.inbox), 1)
        (published,) = await wait_for(small, topics.articles, 1)
    reason = DeadLetter.model_validate(orjson.loads(letter.value)).reason
    assert reason == f"article: too large: {len(raw)} bytes, the maximum is 2500"
    assert orjson.loads(published.value)["text"].startswith("Inbox article 1")
