"""Composition root of the status service: Postgres, the claims consumer, the outbox
relay and the HTTP API, wired together in one FastAPI lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import asyncpg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.status.consumer import ClaimsHandler, dead_letters, subscribe_claims
from services.status.http import router
from services.status.outbox import OutboxRelay
from services.status.store import BatchResult, ClaimCache
from shared.db import DATABASE_AWAY, create_pool, migrate_database
from shared.kafka import ensure_topics, make_broker, retry_transient
from shared.settings import Settings
from shared.web import ops_router, readiness
from shared.web import serve as serve_http

log = logging.getLogger("touchline.status")

COMPONENT = "status"
MIGRATIONS = Path(__file__).with_name("migrations")


async def connect_database(settings: Settings) -> asyncpg.Pool:
    """A pool with the schema migrated; waits for a database that is still starting."""
    await retry_transient(
        lambda: migrate_database(settings.postgres_dsn, COMPONENT, MIGRATIONS),
        what="migrating the status schema",
    )
    return await create_pool(settings.postgres_dsn, max_size=settings.postgres_pool_max)


def build_app(
    settings: Settings,
    *,
    run_consumer: bool = True,
    run_relay: bool = True,
    after_transaction: Callable[[BatchResult], Awaitable[None]] | None = None,
) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        topics = await ensure_topics(settings)
        pool = await connect_database(settings)
        broker = make_broker(settings, service="status")
        if run_consumer:
            handler = ClaimsHandler(pool, dead_letters(broker), after_transaction, ClaimCache())
            subscribe_claims(broker, settings, handler)
        await broker.start()
        relay = OutboxRelay(pool, broker, topics.status)
        relay_task = asyncio.create_task(relay.run(), name="status-outbox-relay")
        if not run_relay:
            relay_task.cancel()
        app.state.pool, app.state.broker, app.state.relay = pool, broker, relay
        try:
            yield
        finally:
            relay_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relay_task
            await broker.stop()
            await pool.close()

    app = FastAPI(
        title="Touchline status",
        version="1.0.0",
        description="Each player's current contract and transfer picture, folded from claims,"
        " with the evidence behind it.",
        lifespan=lifespan,
    )
    app.include_router(router)
    ready = readiness(
        lambda: getattr(app.state, "broker", None), lambda: getattr(app.state, "pool", None)
    )
    app.include_router(ops_router(ready))

    async def database_away(request: Request, error: Exception) -> JSONResponse:
        log.warning("query failed, database unavailable: %r", error)
        return JSONResponse({"detail": "the status database is unavailable"}, status_code=503)

    for away in (*DATABASE_AWAY, OSError):
        app.add_exception_handler(away, database_away)

    return app


def serve(settings: Settings) -> None:
    serve_http(
        build_app(settings),
        host=settings.http_host,
        port=settings.status_http_port,
        log_level=settings.log_level,
    )
