"""HTTP pieces every service exposes: /health, /ready, /metrics, and the uvicorn runner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import uvicorn
from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

ReadyCheck = Callable[[], Awaitable[dict[str, bool]]]


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
