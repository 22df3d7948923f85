"""One article from ingest to player statuses, through the three services as separate
processes on the real Kafka and Postgres (issue 2's walking skeleton)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator

import asyncpg
import httpx
import orjson
import pytest
from aiokafka import AIOKafkaConsumer

from harness.paths import SEED_ARTICLE
from harness.processes import ServiceProcesses, with_free_ports
from shared.codecs import decode
from shared.events import PlayerStatus
from shared.settings import Settings
from shared.topics import Topics

pytestmark = pytest.mark.e2e

EXPECTED = {"trent-alexander-arnold", "virgil-van-dijk", "mohamed-salah"}
WAIT_S = 120


@pytest.fixture(scope="module")
def pipeline(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceProcesses]:
    processes = ServiceProcesses(with_free_ports(settings), tmp_path_factory.mktemp("logs"))
    processes.start()
    try:
        yield processes
    finally:
        processes.stop()


def _seed() -> dict[str, object]:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"the seed article is not there ({SEED_ARTICLE}): ../shared is absent")
    article = orjson.loads(SEED_ARTICLE.read_bytes())
    return {
        k: article[k] for k in ("url", "outlet", "published", "title", "text") if article.get(k)
    }


async def _status_events(settings: Settings, group: str) -> dict[str, PlayerStatus]:
    """Subscribe as a downstream user would, and collect until every expected player showed."""
    consumer = AIOKafkaConsumer(
        Topics.from_settings(settings).status,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=group,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    latest: dict[str, PlayerStatus] = {}
    deadline = time.monotonic() + WAIT_S
    try:
        while not latest.keys() >= EXPECTED and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=1000)).values():
                for record in records:
                    status = decode(PlayerStatus, record.value)
                    assert record.key == status.player_id.encode()
                    latest[status.player_id] = status
    finally:
        await consumer.stop()
    return latest


async def _pictures(dsn: str) -> dict[str, dict[str, object]]:
    deadline = time.monotonic() + WAIT_S
    while True:
        conn = await asyncpg.connect(dsn)
        try:
            rows = await conn.fetch("SELECT player_id, picture::text FROM status_pictures")
        except asyncpg.UndefinedTableError:
            rows = []
        finally:
            await conn.close()
        pictures = {r["player_id"]: orjson.loads(r["picture"]) for r in rows}
        if pictures.keys() >= EXPECTED or time.monotonic() > deadline:
            return pictures
        await asyncio.sleep(0.5)


async def test_liverpool_article_becomes_three_player_statuses(
    pipeline: ServiceProcesses, settings: Settings
) -> None:
    article = _seed()
    await pipeline.wait_ready()
    subscriber = asyncio.create_task(_status_events(settings, f"e2e-{uuid.uuid4().hex}"))

    async with httpx.AsyncClient(base_url=pipeline.url("ingest"), timeout=30) as client:
        response = await client.post("/articles", json=article)
    assert response.status_code == 202, response.text

    pictures = await _pictures(settings.postgres_dsn)
    events = await subscriber
    logs = {s: pipeline.tail(s) for s in ("ingest", "extract", "status")}
    assert pictures.keys() >= EXPECTED, f"pictures: {sorted(pictures)}\n{logs}"
    assert "jude-bellingham" not in pictures, "a passing mention must yield no picture"
    assert events.keys() >= EXPECTED, f"status events: {sorted(events)}"
    for player_id in EXPECTED:
        assert events[player_id].version >= 1
        assert events[player_id].player_id == player_id
