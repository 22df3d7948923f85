"""Throwaway databases and topics on the real Kafka and Postgres, for the fixtures that give
a test session, module or test its own; and Postgres dropping connections, for the tests
that check nothing is lost when it does."""

from __future__ import annotations

import asyncio
import random
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient

from shared.settings import Settings


async def admin_execute(dsn: str, sql: str) -> None:
    """One statement on a connection of its own, closed afterwards."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def create_database(dsn: str, name: str) -> str:
    """Create database `name` on the server of `dsn`; returns its URL."""
    await admin_execute(dsn, f'CREATE DATABASE "{name}"')
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


async def drop_database(dsn: str, name: str) -> None:
    await admin_execute(dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def delete_topics(settings: Settings) -> None:
    """Delete every topic under the settings' prefix, so the broker does not accumulate
    test topics."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        ours = [t for t in await admin.list_topics() if t.startswith(settings.topic_prefix)]
        if ours:
            await admin.delete_topics(ours)
    finally:
        await admin.close()


# What asyncpg raises when Postgres drops a connection (a restart, a failover): the errors
# the tests that call terminate_backends and the chaos postgres scenario met on the real
# server, and the base class of the connection errors.
CONNECTION_LOST: list[Exception] = [
    asyncpg.PostgresConnectionError("database restarting"),
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle"),
    asyncpg.InterfaceError("cannot call Transaction.__aexit__(): the connection is closed"),
    asyncpg.InternalClientError("cannot switch to state 15; another operation (2) is in progress"),
    asyncpg.CannotConnectNowError("the database system is shutting down"),
    ConnectionRefusedError(111, "Connect call failed"),
]


async def terminate_backends(settings: Settings, stop: asyncio.Event, rounds: int) -> int:
    """Kill the other client connections to the settings' database, `rounds` times at random
    moments a few milliseconds apart, as a Postgres restart does; returns how many it
    terminated."""
    conn = await asyncpg.connect(settings.postgres_dsn)
    killed = 0
    try:
        for _ in range(rounds):
            if stop.is_set():
                break
            killed += await conn.fetchval(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND backend_type = 'client backend' AND usename = current_user"
            )
            await asyncio.sleep(random.uniform(0.005, 0.05))
    finally:
        await conn.close()
    return killed
