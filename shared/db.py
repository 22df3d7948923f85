"""Postgres access every service shares: a pool with JSON codecs, and versioned migrations.

asyncpg returns json/jsonb as str unless a codec is registered (engineering.md); we register
orjson so rows come back as Python objects.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import orjson

log = logging.getLogger("touchline.db")

# What asyncpg raises when Postgres is away, restarting or busy: an outage to wait out (or
# answer 503), never a verdict on the data.
DATABASE_AWAY: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.SerializationError,
    asyncpg.DeadlockDetectedError,
    asyncpg.AdminShutdownError,
    # What asyncpg raises (instead of a connection error) when the server drops a connection
    # in the middle of an operation and the pool then resets it (MagicStack/asyncpg#784); the
    # pool closes that connection, so a retry gets a fresh one.
    asyncpg.InternalClientError,
)

_MIGRATION_NAME = re.compile(r"^(\d{3,})_([a-z0-9_]+)\.sql$")


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


async def _init_connection(connection: asyncpg.Connection) -> None:
    for kind in ("json", "jsonb"):
        await connection.set_type_codec(
            kind, encoder=_dumps, decoder=orjson.loads, schema="pg_catalog"
        )


async def create_pool(dsn: str, *, max_size: int = 10, min_size: int = 1) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, init=_init_connection
    )
    assert pool is not None  # asyncpg types the pool as optional
    return pool


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def load_migrations(directory: Path) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise ValueError(f"migration file name must look like 001_name.sql: {path}")
        migrations.append(Migration(int(match[1]), match[2], path.read_text()))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise ValueError(f"duplicate migration versions in {directory}")
    return migrations


def _lock_key(component: str) -> int:
    # Advisory locks take a bigint; one lock per component lets services migrate in parallel.
    return int.from_bytes(
        hashlib.sha256(f"touchline:{component}".encode()).digest()[:8], "big", signed=True
    )


async def migrate(connection: asyncpg.Connection, component: str, directory: Path) -> list[int]:
    """Apply the pending migrations of `component` under an advisory lock, each in its own
    transaction; a changed already-applied migration is an error, not a silent drift."""
    async with connection.transaction():
        # CREATE TABLE IF NOT EXISTS is not safe against a concurrent one (two services
        # starting on a fresh database fail with a unique violation on pg_type): serialise it.
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _lock_key("schema_migrations"))
        await connection.execute(
            """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            component  text        NOT NULL,
            version    integer     NOT NULL,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (component, version)
        )
        """
        )
    applied: list[int] = []
    key = _lock_key(component)
    await connection.execute("SELECT pg_advisory_lock($1)", key)
    try:
        done = {
            row["version"]: row["checksum"]
            for row in await connection.fetch(
                "SELECT version, checksum FROM schema_migrations WHERE component = $1", component
            )
        }
        for migration in load_migrations(directory):
            if migration.version in done:
                if done[migration.version] != migration.checksum:
                    raise RuntimeError(
                        f"migration {component}/{migration.version}_{migration.name} was "
                        "changed after it was applied; add a new migration instead"
                    )
                continue
            async with connection.transaction():
                await connection.execute(migration.sql)
                await connection.execute(
                    "INSERT INTO schema_migrations (component, version, name, checksum)"
                    " VALUES ($1, $2, $3, $4)",
                    component,
                    migration.version,
                    migration.name,
                    migration.checksum,
                )
            applied.append(migration.version)
            log.info("applied migration %s/%03d_%s", component, migration.version, migration.name)
    finally:
        await connection.execute("SELECT pg_advisory_unlock($1)", key)
    return applied


async def migrate_database(dsn: str, component: str, directory: Path) -> list[int]:
    """`migrate` on a connection of its own, for a caller that has none (yet)."""
    connection = await asyncpg.connect(dsn)
    try:
        return await migrate(connection, component, directory)
    finally:
        await connection.close()
