"""A private pipeline for one run: a throwaway database, a topic prefix of its own, and
the three services as separate processes on free ports.

The same approach as tests/conftest.py, so a benchmark or chaos run never sees another
run's (or a test's) topics and rows, and leaves nothing behind but its topics.
"""

from __future__ import annotations

import asyncio
import uuid
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from harness.processes import SERVICES, ServiceProcesses, with_free_ports
from shared.settings import Settings
from shared.topics import Topics


def database_url(admin_dsn: str, name: str) -> str:
    parts = urlsplit(admin_dsn)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


async def create_database(admin_dsn: str, name: str) -> str:
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return database_url(admin_dsn, name)


async def drop_database(admin_dsn: str, name: str, *, attempts: int = 5) -> None:
    """Drop the database; a failure is a warning, never a failed run: a session of another
    role (a superuser's tool looking at every database) cannot be forced out by us."""
    for attempt in range(1, attempts + 1):
        try:
            conn = await asyncpg.connect(admin_dsn)
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await conn.close()
            return
        except (OSError, asyncpg.PostgresError) as error:
            if attempt == attempts:
                warnings.warn(f"could not drop database {name}: {error!r}", stacklevel=2)
                return
            await asyncio.sleep(attempt)


@dataclass
class Sandbox:
    """One run's settings, topics and service processes."""

    name: str
    settings: Settings
    topics: Topics
    services: ServiceProcesses


@asynccontextmanager
async def sandbox(
    base: Settings,
    kind: str,
    log_root: Path,
    *,
    start: bool = True,
    extra_env: dict[str, str] | None = None,
) -> AsyncIterator[Sandbox]:
    """`touchline_<kind>_<hex>` database and `<kind>.<hex>.` topics; the services started
    (and ready) unless `start` is false; everything stopped and the database dropped at the
    end, even when the run fails."""
    token = uuid.uuid4().hex[:10]
    name = f"touchline_{kind}_{token}"
    dsn = await create_database(base.postgres_dsn, name)
    settings = with_free_ports(
        base.model_copy(update={"topic_prefix": f"{kind}.{token}.", "postgres_url": dsn})
    )
    processes = ServiceProcesses(settings, log_root / f"{kind}-{token}", extra_env or {})
    box = Sandbox(name, settings, Topics.from_settings(settings), processes)
    try:
        if start:
            processes.start()
            await processes.wait_ready()
        yield box
    finally:
        processes.stop(SERVICES)
        await drop_database(base.postgres_dsn, name)
