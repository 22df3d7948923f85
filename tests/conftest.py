"""Fixtures for tests that talk to the real Kafka and Postgres started by deploy/infra.sh.

Each test module gets its own topic prefix and each session its own database, so tests
never see each other's messages or rows, and re-runs start clean.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import asyncpg
import pytest

from harness.paths import CORPUS_DIR, SEED_ARTICLE, TEAM_SHARED
from shared.settings import Settings, load_settings
from tests.infra import create_database, delete_topics, drop_database

__all__ = ["CORPUS_DIR", "SEED_ARTICLE", "TEAM_SHARED"]


def _reachable(hostport: str) -> bool:
    host, _, port = hostport.split(",")[0].rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def infra(base_settings: Settings) -> Settings:
    """The real infrastructure; a clear failure (never a skip) when it is not running."""
    url = urlsplit(base_settings.postgres_dsn)
    problems = []
    if not _reachable(base_settings.kafka_bootstrap_servers):
        problems.append(f"Kafka at {base_settings.kafka_bootstrap_servers}")
    if not _reachable(f"{url.hostname}:{url.port or 5432}"):
        problems.append(f"Postgres at {url.hostname}:{url.port}")
    if problems:
        pytest.fail(
            "infrastructure not running: " + ", ".join(problems) + " — start it with `make up`",
            pytrace=False,
        )
    return base_settings


@pytest.fixture(scope="session")
def database_url(infra: Settings) -> Iterator[str]:
    """A throwaway database for this test session, dropped at the end."""
    name = f"touchline_test_{uuid.uuid4().hex[:10]}"
    yield asyncio.run(create_database(infra.postgres_dsn, name))
    asyncio.run(drop_database(infra.postgres_dsn, name))


@pytest.fixture(scope="module")
def settings(infra: Settings, database_url: str) -> Iterator[Settings]:
    """Settings with a topic prefix of its own, so each module has private topics; they are
    deleted afterwards so the broker does not accumulate test topics."""
    prefix = f"test.{uuid.uuid4().hex[:8]}."
    private = infra.model_copy(update={"topic_prefix": prefix, "postgres_url": database_url})
    yield private
    asyncio.run(delete_topics(private))


@pytest.fixture
async def pg(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(settings.postgres_dsn)
    try:
        yield conn
    finally:
        await conn.close()
