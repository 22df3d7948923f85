"""Poison messages on each input topic, and the check that each one reached the matching
dead-letter topic with a reason.

Every poison record carries a key of its own (`poison:<topic kind>:<case>`), which the
dead-letter record keeps, so each one is found again without guessing.

The 10 MB payload: the broker's default message.max.bytes is about 1 MB, so a producer
could not even put it on the topic, and a rejection by the broker lands nowhere. The run
creates its topics itself with max.message.bytes raised on the three input topics and
their dead-letter topics (this run's topics only) and produces it with a larger
max_request_size: it then reaches the services, which must dead-letter it with a reason
(or reject it at the door) like any other poison.
"""

from __future__ import annotations

import asyncio
import base64
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from harness.observe import read_topic
from shared.settings import Settings
from shared.topics import Topics

BIG_BYTES = 10 * 1024 * 1024
TOPIC_MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Poison:
    topic: str
    case: str
    key: bytes
    value: bytes


@dataclass(frozen=True, slots=True)
class Landing:
    poison: Poison
    reason: str | None  # None: not found on the dead-letter topic
    service: str | None = None

    @property
    def landed(self) -> bool:
        return bool(self.reason)


def _article_event(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    body: dict[str, Any] = {
        "schema_version": 1,
        "id": f"poison-{uuid.uuid4().hex[:8]}",
        "url": "https://poison.touchline.invalid/a",
        "published": now,
        "text": "Nothing of note happened in a match nobody watched.",
        "ingested_at": now,
    }
    body.update(overrides)
    return body


def _claim_event(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    body: dict[str, Any] = {
        "schema_version": 1,
        "id": f"poison-{uuid.uuid4().hex[:8]}",
        "article_id": "poison",
        "player": "Nobody Atall",
        "player_id": "nobody-atall",
        "kind": "transfer_interest",
        "evidence": {"text": "x", "start": 0, "end": 1},
        "published": now,
    }
    body.update(overrides)
    return body


def _inbox_article(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "url": "https://poison.touchline.invalid/inbox",
        "text": "Nothing of note happened in a match nobody watched.",
    }
    body.update(overrides)
    return body


def _big_object() -> bytes:
    """A 10 MB JSON object that is valid JSON but no event: required fields are missing."""
    return orjson.dumps({"schema_version": 1, "padding": "x" * BIG_BYTES})


def poison_for(topics: Topics) -> list[Poison]:
    """Five kinds of poison for each of the three input topics."""
    shapes: dict[str, tuple[str, Any, Any]] = {
        # topic kind: (topic, a good-looking event builder, its missing-fields variant)
        "inbox": (topics.inbox, _inbox_article, {"title": "no text, no url"}),
        "articles": (topics.articles, _article_event, {"schema_version": 1, "id": "x"}),
        "claims": (topics.claims, _claim_event, {"schema_version": 1, "id": "y"}),
    }
    out: list[Poison] = []
    for kind, (topic, build, missing) in shapes.items():
        cases = {
            "invalid-json": b'{"schema_version": 1, "id": "unterminated',
            "wrong-schema-version": orjson.dumps(build(schema_version=99)),
            "missing-fields": orjson.dumps(missing),
            "10mb": _big_object(),
            "invalid-utf8": b'{"text": "caf\xe9 \xff\xfe", "schema_version": 1}',
        }
        out += [
            Poison(topic, case, f"poison:{kind}:{case}".encode(), value)
            for case, value in cases.items()
        ]
    return out


async def allow_big_messages(settings: Settings) -> None:
    """Create this run's topics before the services do (their ensure_topics then finds
    them), with max.message.bytes raised on the input and dead-letter topics only."""
    topics = Topics.from_settings(settings)
    big = {topics.inbox, topics.articles, topics.claims}
    big |= {Topics.dlq(t) for t in big}
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers, **settings.kafka_security()
    )
    await admin.start()
    try:
        await admin.create_topics(
            [
                NewTopic(
                    spec.name,
                    spec.partitions,
                    spec.replication,
                    topic_configs=spec.config
                    | ({"max.message.bytes": str(TOPIC_MAX_BYTES)} if spec.name in big else {}),
                )
                for spec in topics.specs(settings)
            ]
        )
    finally:
        await admin.close()


async def send_poison(settings: Settings, poison: Sequence[Poison]) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        acks="all",
        max_request_size=TOPIC_MAX_BYTES,
        **settings.kafka_security(),
    )
    await producer.start()
    try:
        for item in poison:
            await producer.send_and_wait(
                item.topic, item.value, key=item.key, headers=[("x-chaos", b"poison")]
            )
    finally:
        await producer.stop()


def _reason(value: bytes) -> tuple[str | None, str | None]:
    try:
        letter = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None, None
    return letter.get("reason"), letter.get("service")


async def landings(
    settings: Settings, poison: Sequence[Poison], *, within_s: float = 120.0
) -> list[Landing]:
    """Where each poison record ended: its dead-letter record's reason, or nothing."""
    deadline = time.monotonic() + within_s
    found: dict[bytes, tuple[str | None, str | None]] = {}
    while True:
        for topic in sorted({p.topic for p in poison}):
            for record in await read_topic(settings, Topics.dlq(topic)):
                if record.key and record.key.startswith(b"poison:"):
                    found.setdefault(record.key, _reason(record.value))
        if all(p.key in found for p in poison) or time.monotonic() > deadline:
            break
        await asyncio.sleep(2.0)
    return [Landing(p, *found.get(p.key, (None, None))) for p in poison]


async def other_letters(settings: Settings, topics: Topics) -> list[str]:
    """Every dead letter on the run's dead-letter topics that is not an injected poison
    record, as `service: reason`: in a run whose input is valid, each one is a loss."""
    letters = []
    for topic in (topics.inbox, topics.articles, topics.claims):
        for record in await read_topic(settings, Topics.dlq(topic)):
            if not (record.key or b"").startswith(b"poison:"):
                reason, service = _reason(record.value)
                letters.append(f"{service}: {reason}")
    return letters


def describe(value: bytes, limit: int = 60) -> str:
    if len(value) > limit:
        return f"{len(value):,} bytes"
    try:
        return value.decode()
    except UnicodeDecodeError:
        return "b64:" + base64.b64encode(value).decode()
