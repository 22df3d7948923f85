"""Composition root of the status service: Postgres, the claims consumer, the outbox
relay and the HTTP API, wired together in one FastAPI lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.status.consumer import ClaimsHandler, dead_letters, subscribe_claims
from services.status.http import router
from services.status.outbox import OutboxRelay
from services.status.store import BatchResult, apply_migrations
from shared.db import create_pool
from shared.kafka import ensure_topics, make_broker, retry_transient
from shared.settings import Settings
from shared.web import ops_router
from shared.web import serve as serve_http

log = logging.getLogger("touchline.status")


async def connect_database(settings: Settings) -> asyncpg.Pool:
    """A pool with the schema migrated; waits for a database that is still starting."""
    await retry_transient(
        lambda: apply_migrations(settings.postgres_dsn), what="migrating the status schema"
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
            handler = ClaimsHandler(pool, dead_letters(broker), after_transaction)
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

    async def ready() -> dict[str, bool]:
        checks = {"postgres": False, "kafka": False}
        pool: asyncpg.Pool | None = getattr(app.state, "pool", None)
        if pool is not None:
            with contextlib.suppress(Exception):
                checks["postgres"] = await pool.fetchval("SELECT 1") == 1
        broker = getattr(app.state, "broker", None)
        if broker is not None:
            with contextlib.suppress(Exception):
                checks["kafka"] = bool(await broker.ping(timeout=3.0))
        return checks

    app = FastAPI(
        title="Touchline status",
        version="1.0.0",
        description="Each player's current contract and transfer picture, folded from claims,"
        " with the evidence behind it.",
        lifespan=lifespan,
    )
    app.include_router(router)
    app.include_router(ops_router(ready))

    @app.exception_handler(asyncpg.PostgresConnectionError)
    @app.exception_handler(asyncpg.InterfaceError)
    @app.exception_handler(OSError)
    async def database_away(request: Request, error: Exception) -> JSONResponse:
        log.warning("query failed, database unavailable: %r", error)
        return JSONResponse({"detail": "the status database is unavailable"}, status_code=503)

    return app


def serve(settings: Settings) -> None:
    serve_http(
        build_app(settings),
        host=settings.http_host,
        port=settings.status_http_port,
        log_level=settings.log_level,
    )
