"""The extract service against the real Kafka and the real engine.

Articles in, claims out keyed by player id with CloudEvents headers; poison to
`<articles>.dlq` with its reason while the service keeps going; offsets committed, so a
restart with the same group re-emits nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord

from services.extract.consumer import group_id
from services.extract.main import build_app
from services.extract.mapping import article_from_json
from shared.codecs import CLAIM_TYPE, decode, encode, headers_as_text
from shared.events import Article, Claim, DeadLetter
from shared.kafka import ensure_topics, make_broker
from shared.settings import Settings
from shared.topics import Topics
from tests.conftest import SEED_ARTICLE

pytestmark = pytest.mark.integration

# Generous: only a broken service takes this long; nothing is asserted about speed.
PATIENCE_S = 90.0
NOW = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)

RICE = "Arsenal have completed the signing of Declan Rice from West Ham."
CAICEDO = "Chelsea have completed the signing of Moises Caicedo from Brighton."
MADDISON = "Tottenham have completed the signing of James Maddison from Leicester."
MOUNT = "Manchester United have completed the signing of Mason Mount from Chelsea."


def _article(text: str) -> Article:
    return article_from_json({"text": text, "published": "2023-07-15", "outlet": "Test"}, now=NOW)


async def _publish(settings: Settings, messages: list[tuple[bytes, bytes]]) -> None:
    """Publish (key, value) pairs to the articles topic as ingest would, JSON-typed."""
    broker = make_broker(settings, service="test-producer")
    await broker.connect()
    try:
        for key, value in messages:
            await broker.publish(
                value,
                topic=Topics.from_settings(settings).articles,
                key=key,
                headers={"content-type": "application/json"},
            )
    finally:
        await broker.stop()


async def _publish_with_bad_header(settings: Settings, key: bytes, value: bytes) -> None:
    """A header FastStream's own parser would choke on (not UTF-8)."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    try:
        topic = Topics.from_settings(settings).articles
        await producer.send_and_wait(topic, value, key=key, headers=[("x-trace", b"\xff\xfe")])
    finally:
        await producer.stop()


async def _read_until(
    settings: Settings,
    topic: str,
    done: Callable[[list[ConsumerRecord[Any, Any]]], bool],
) -> list[ConsumerRecord[Any, Any]]:
    """Every record of `topic` from the start, read until `done` holds (or patience ends)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = await _partitions(settings, topic)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        records: list[ConsumerRecord[Any, Any]] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PATIENCE_S
        while not done(records) and loop.time() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            records.extend(r for rs in batches.values() for r in rs)
        # Whatever else has arrived by now counts too (a duplicate must not hide).
        batches = await consumer.getmany(timeout_ms=1000)
        records.extend(r for rs in batches.values() for r in rs)
        return records
    finally:
        await consumer.stop()


async def _partitions(settings: Settings, topic: str) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return [TopicPartition(topic, p["partition"]) for p in described["partitions"]]


async def _uncommitted(settings: Settings) -> dict[int, tuple[int, int]]:
    """Partitions of the articles topic whose committed offset is behind the end."""
    topic = Topics.from_settings(settings).articles
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(group_id(settings))
        ends = await consumer.end_offsets(await _partitions(settings, topic))
    finally:
        await consumer.stop()
        await admin.close()
    behind = {}
    for tp, end in ends.items():
        done = committed[tp].offset if tp in committed else 0
        if done != end:
            behind[tp.partition] = (done, end)
    return behind


def _claims(records: list[ConsumerRecord[Any, Any]]) -> list[Claim]:
    return [decode(Claim, r.value) for r in records]


def _has(player: str) -> Callable[[list[ConsumerRecord[Any, Any]]], bool]:
    return lambda records: any(c.player_id == player for c in _claims(records))


@pytest.fixture(scope="module")
def seed() -> Article | None:
    if not SEED_ARTICLE.exists():
        return None
    return article_from_json(json.loads(SEED_ARTICLE.read_text()), now=NOW)


async def test_articles_become_claims_and_poison_is_dead_lettered(
    settings: Settings, seed: Article | None
) -> None:
    topics = await ensure_topics(settings)
    good = [_article(RICE)] + ([seed] if seed else [])
    caicedo = _article(CAICEDO)
    wrong_version = {**_article(MOUNT).model_dump(mode="json"), "schema_version": 2}
    no_text = {k: v for k, v in _article(MOUNT).model_dump(mode="json").items() if k != "text"}
    poison = [
        (b"p1", b'{"id": "broken", '),
        (b"p2", json.dumps(wrong_version).encode()),
        (b"p3", json.dumps(no_text).encode()),
        (b"p4", b"\xff\xfe\x00not utf-8"),
    ]
    # Poison first and between the good ones: the service must get past it.
    await _publish(settings, [*poison[:2], *((a.id.encode(), encode(a)) for a in good)])
    await _publish(settings, poison[2:])
    await _publish_with_bad_header(settings, caicedo.id.encode(), encode(caicedo))

    app = build_app(settings)
    async with app.router.lifespan_context(app):
        expected = ["declan-rice", "moises-caicedo"]
        records = await _read_until(
            settings, topics.claims, lambda rs: all(_has(p)(rs) for p in expected)
        )
        letters_raw = await _read_until(
            settings, Topics.dlq(topics.articles), lambda rs: len(rs) >= len(poison)
        )
        # Still consuming after the poison: a later article is extracted too.
        mount = _article(MOUNT)
        await _publish(settings, [(mount.id.encode(), encode(mount))])
        records = await _read_until(settings, topics.claims, _has("mason-mount"))
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://extract"
        ) as http:
            ready = await http.get("/ready")
            exposed = (await http.get("/metrics")).text
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"kafka": True}
    assert 'touchline_extract_claims_total{kind="transfer_completed"}' in exposed
    assert 'touchline_extract_articles_total{outcome="dead_lettered"}' in exposed

    claims = _claims(records)
    by_player = {(c.player_id, c.kind, c.club) for c in claims}
    assert ("declan-rice", "transfer_completed", "Arsenal") in by_player
    assert ("moises-caicedo", "transfer_completed", "Chelsea") in by_player
    assert ("mason-mount", "transfer_completed", "Manchester United") in by_player
    for record, claim in zip(records, claims, strict=True):
        assert record.key == claim.player_id.encode()
        headers = headers_as_text(record.headers)
        assert headers["ce_type"] == CLAIM_TYPE
        assert headers["ce_id"] == claim.id
        assert headers["ce_subject"] == claim.player_id
        assert headers["ce_specversion"] == "1.0"
    letters = [decode(DeadLetter, r.value) for r in letters_raw]
    reasons = {letter.key: letter.reason for letter in letters}
    assert len(letters) == len(poison)
    assert reasons["p1"].startswith("invalid JSON")
    assert reasons["p2"] == "schema_version: expected 1, got 2"
    assert reasons["p3"] == "text: Field required"
    assert reasons["p4"].startswith("invalid JSON")
    utf8 = next(letter for letter in letters if letter.key == "p4")
    assert utf8.original_encoding == "base64"
    assert {letter.topic for letter in letters} == {topics.articles}
    if seed is None:
        pytest.skip(f"seed article absent ({SEED_ARTICLE}); synthetic articles passed")
    seed_claims = [c for c in claims if c.article_id == seed.id]
    assert "trent-alexander-arnold" in {c.player_id for c in seed_claims}
    for claim in seed_claims:
        assert seed.text[claim.evidence.start : claim.evidence.end] == claim.evidence.text


async def test_a_restart_with_the_same_group_does_not_re_emit(settings: Settings) -> None:
    """Runs after the test above on the same topics: everything so far was committed."""
    topics = Topics.from_settings(settings)
    assert await _uncommitted(settings) == {}
    before = await _read_until(settings, topics.claims, _has("mason-mount"))

    app = build_app(settings)
    async with app.router.lifespan_context(app):
        later = _article(MADDISON)
        await _publish(settings, [(later.id.encode(), encode(later))])
        after = await _read_until(
            settings,
            topics.claims,
            lambda rs: any(c.article_id == later.id for c in _claims(rs)),
        )

    assert await _uncommitted(settings) == {}
    seen_before = {(r.partition, r.offset) for r in before}
    new = [r for r in after if (r.partition, r.offset) not in seen_before]
    assert {c.article_id for c in _claims(new)} == {later.id}
    counts = Counter(headers_as_text(r.headers)["ce_id"] for r in after)
    assert max(counts.values()) == 1
