"""Composition root of the extract service: broker, articles consumer, ops endpoints."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from services.extract.consumer import register
from services.extract.engine.interface import Extractor
from services.extract.mapping import default_extractor
from shared.kafka import ensure_topics, make_broker
from shared.settings import Settings
from shared.web import ops_router, readiness
from shared.web import serve as serve_http

log = logging.getLogger("touchline.extract")


def build_app(settings: Settings, extractor: Extractor | None = None) -> FastAPI:
    broker = make_broker(settings, service="extract")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load the engine (its gazetteers) before consuming, off the event loop.
        engine = extractor if extractor is not None else await asyncio.to_thread(default_extractor)
        register(broker, settings, engine)
        await ensure_topics(settings)
        await broker.start()
        log.info("extract service consuming with the %s extractor", engine.name)
        try:
            yield
        finally:
            await broker.stop()

    app = FastAPI(title="Touchline extract", lifespan=lifespan)
    app.include_router(ops_router(readiness(lambda: broker)))
    app.state.broker = broker
    return app


def serve(settings: Settings) -> None:
    serve_http(
        build_app(settings),
        host=settings.http_host,
        port=settings.extract_http_port,
        log_level=settings.log_level,
    )
