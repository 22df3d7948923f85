"""Throwaway databases and topics on the real Kafka and Postgres, for the fixtures that give
a test session, module or test its own."""

from __future__ import annotations

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
