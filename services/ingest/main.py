"""Composition root of the ingest service: settings in, a FastAPI app out.

The lifespan opens Postgres (migrating `ingest_*` tables), then connects Kafka in the
background: the service starts and answers even when the broker is away (503 and a
not-ready /ready), and picks Kafka up as soon as it is reachable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker

from services.ingest.dedup import SeenTable
from services.ingest.feeds import FeedPoller
from services.ingest.http import HttpProblem, ingest_router
from services.ingest.inbox import register_inbox
from services.ingest.normalise import Limits
from services.ingest.pipeline import Ingestor
from services.ingest.publisher import ArticlePublisher
from shared.db import create_pool, migrate_database
from shared.kafka import TRANSIENT_ERRORS, ensure_topics, make_broker, retry_transient
from shared.settings import Settings
from shared.topics import Topics
from shared.web import ops_router, readiness
from shared.web import serve as serve_app

log = logging.getLogger("touchline.ingest")

COMPONENT = "ingest"
MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass
class Runtime:
    """What the lifespan opens and the routes and handlers use."""

    settings: Settings
    broker: KafkaBroker
    topics: Topics
    publisher: ArticlePublisher
    pool: asyncpg.Pool | None = None
    ingestor: Ingestor | None = None
    poller: FeedPoller | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def require_ingestor(self) -> Ingestor:
        if self.ingestor is None:
            raise RuntimeError("ingest is not started")
        return self.ingestor


def limits_of(settings: Settings) -> Limits:
    return Limits(max_article_bytes=settings.ingest_max_article_bytes)


async def open_database(settings: Settings) -> asyncpg.Pool:
    pool = await retry_transient(
        lambda: create_pool(settings.postgres_dsn, max_size=settings.postgres_pool_max),
        what="connect to Postgres",
    )
    await migrate_database(settings.postgres_dsn, COMPONENT, MIGRATIONS)
    return pool


async def connect_kafka(
    settings: Settings, broker: KafkaBroker, publisher: ArticlePublisher
) -> None:
    """Create the topics and start the broker (producer and inbox subscriber), retrying
    until Kafka answers."""
    delay = 0.5
    while True:
        try:
            await ensure_topics(settings, attempts=1)
            await broker.start()
        except Exception as error:
            if not isinstance(error, TRANSIENT_ERRORS):
                log.exception("connecting to Kafka failed")
            else:
                log.warning("Kafka not reachable (%r); retrying in %.1fs", error, delay)
            with contextlib.suppress(Exception):
                await broker.stop()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)
            continue
        publisher.connected = True
        log.info("connected to Kafka at %s", settings.kafka_bootstrap_servers)
        return


def build_app(settings: Settings, *, kafka_wait_s: float = 30.0) -> FastAPI:
    """The ingest app. Its lifespan waits up to `kafka_wait_s` for Kafka before serving;
    after that it serves anyway (503 for pushes) while still connecting."""
    broker = make_broker(settings, service="ingest")
    topics = Topics.from_settings(settings)
    runtime = Runtime(settings, broker, topics, ArticlePublisher(broker, topics.articles))
    register_inbox(broker, settings, topic=topics.inbox, ingestor=runtime.require_ingestor)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime.pool = await open_database(settings)
        runtime.ingestor = Ingestor(SeenTable(runtime.pool), runtime.publisher, limits_of(settings))
        connecting = asyncio.create_task(connect_kafka(settings, broker, runtime.publisher))
        runtime.tasks.append(connecting)
        if kafka_wait_s > 0:
            await asyncio.wait([connecting], timeout=kafka_wait_s)
        client = httpx.AsyncClient(timeout=httpx.Timeout(20.0))
        if settings.ingest_feeds:
            runtime.poller = FeedPoller(
                runtime.pool, runtime.ingestor, client, settings.ingest_feeds
            )
            runtime.tasks.append(
                asyncio.create_task(runtime.poller.run(settings.ingest_feed_interval_s))
            )
        try:
            yield
        finally:
            for task in runtime.tasks:
                task.cancel()
            await asyncio.gather(*runtime.tasks, return_exceptions=True)
            runtime.publisher.connected = False
            with contextlib.suppress(Exception):
                await broker.stop()
            await client.aclose()
            await runtime.pool.close()

    app = FastAPI(
        title="Touchline ingest",
        version="1.0.0",
        description=(
            "The only door into the Touchline pipeline: push articles (one, or a batch as a "
            "JSON array or NDJSON); each is validated, normalised, de-duplicated and "
            "published to the articles topic. 202 means the broker acknowledged it."
        ),
        lifespan=lifespan,
    )
    app.state.runtime = runtime

    @app.exception_handler(HttpProblem)
    async def problem(request: Request, error: HttpProblem) -> JSONResponse:
        return error.response()

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"]), "reason": str(e["msg"])}
            for e in error.errors()
        ]
        return JSONResponse({"detail": "invalid request", "errors": problems}, status_code=400)

    app.include_router(
        ingest_router(
            lambda: runtime.ingestor,
            tokens=settings.ingest_tokens,
            max_request_bytes=settings.ingest_max_request_bytes,
            max_article_bytes=settings.ingest_max_article_bytes,
        )
    )
    ready = readiness(
        lambda: broker if runtime.publisher.connected else None,
        lambda: runtime.pool,
        timeout_s=2.0,
    )
    app.include_router(ops_router(ready))
    return app


def serve(settings: Settings) -> None:
    serve_app(
        build_app(settings),
        host=settings.http_host,
        port=settings.ingest_http_port,
        log_level=settings.log_level,
    )
