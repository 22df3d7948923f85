"""HTTP pieces every service exposes: /health, /ready, /metrics, and the uvicorn runner."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import asyncpg
import uvicorn
from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

ReadyCheck = Callable[[], Awaitable[dict[str, bool]]]


def readiness(
    broker: Callable[[], KafkaBroker | None],
    pool: Callable[[], asyncpg.Pool | None] | None = None,
    *,
    timeout_s: float = 3.0,
) -> ReadyCheck:
    """The `/ready` check: Kafka answers a ping and, for a service with a database, Postgres
    answers `SELECT 1`. Getters, because both are opened in the lifespan, after the app is
    built; a getter that returns None (not open yet, not connected) means not ready."""

    async def ready() -> dict[str, bool]:
        checks = {"kafka": await _kafka_answers(broker(), timeout_s)}
        if pool is not None:
            checks["postgres"] = await _postgres_answers(pool(), timeout_s)
        return checks

    return ready


async def _kafka_answers(broker: KafkaBroker | None, timeout_s: float) -> bool:
    if broker is None:
        return False
    with contextlib.suppress(Exception):
        return bool(await broker.ping(timeout=timeout_s))
    return False


async def _postgres_answers(pool: asyncpg.Pool | None, timeout_s: float) -> bool:
    if pool is None:
        return False
    with contextlib.suppress(Exception):
        async with asyncio.timeout(timeout_s):
            return bool(await pool.fetchval("SELECT 1") == 1)
    return False


def ops_router(ready: ReadyCheck) -> APIRouter:
    """`/health` says the process is alive; `/ready` asks its dependencies (Kafka, Postgres)
    and answers 503 naming the ones that are not; `/metrics` is Prometheus text."""
    router = APIRouter(tags=["operations"])

    @router.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready")
    async def readiness() -> JSONResponse:
        checks = await ready()
        ok = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "not ready", "checks": checks},
            status_code=200 if ok else 503,
        )

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


def serve(app: FastAPI, *, host: str, port: int, log_level: str) -> None:
    uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), access_log=False)
