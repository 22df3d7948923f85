"""End-to-end runs through the real pipeline: the three services as processes on the real
Kafka and Postgres, each run in a sandbox of its own (bench.sandbox).

- `end_to_end`: every service running; push at a fixed rate or as fast as possible;
  latency from each article's 202 to the first status event folded with one of its
  claims; sustained rates; each stage's output rate from the records' own timestamps;
  peak memory of each service.
- `staged`: one stage at a time on a full input (ingest alone, then extract draining the
  articles topic, then status draining the claims topic): each stage's own capacity, to
  set against its ceiling.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from bench.pusher import PushLog, push
from bench.sandbox import Sandbox, sandbox
from bench.stats import (
    ClaimSeen,
    article_latencies,
    cited_latencies,
    rate,
    span_rate,
    summary,
)
from bench.watch import MemorySampler, StatusWatcher
from harness.observe import read_topic, wait_until_drained, wait_until_settled
from shared.kafka import consumer_group
from shared.settings import Settings

MB = 1024 * 1024


def extract_group(settings: Settings) -> str:
    return consumer_group(settings, "extract")


def status_group(settings: Settings) -> str:
    return consumer_group(settings, "status")


def drain_groups(box: Sandbox) -> dict[str, str]:
    return {
        extract_group(box.settings): box.topics.articles,
        status_group(box.settings): box.topics.claims,
    }


async def settle(box: Sandbox, *, within_s: float = 900.0) -> float:
    """Wait until extract and status have consumed everything and the outbox is empty;
    returns when the consumers were first seen drained."""
    drained = await wait_until_drained(box.settings, drain_groups(box), within_s=within_s)
    await wait_until_settled(box.settings, quiet_s=1.0, within_s=within_s)
    return drained


async def stored_claims(settings: Settings) -> list[ClaimSeen]:
    conn = await asyncpg.connect(settings.postgres_dsn)
    try:
        rows = await conn.fetch("SELECT id, article_id, player_id, received_at FROM status_claims")
    finally:
        await conn.close()
    return [
        ClaimSeen(r["id"], r["article_id"], r["player_id"], r["received_at"].timestamp())
        for r in rows
    ]


async def history(settings: Settings) -> dict[str, list[tuple[int, float]]]:
    conn = await asyncpg.connect(settings.postgres_dsn)
    try:
        rows = await conn.fetch("SELECT player_id, version, changed_at FROM status_history")
    finally:
        await conn.close()
    table: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for r in rows:
        table[r["player_id"]].append((r["version"], r["changed_at"].timestamp()))
    return dict(table)


async def topic_timestamps(settings: Settings, topic: str) -> list[float]:
    return [r.timestamp / 1000 for r in await read_topic(settings, topic)]


async def end_to_end(
    base: Settings,
    articles: Sequence[dict[str, Any]],
    *,
    log_root: Path,
    rate_per_s: float | None,
    batch_size: int,
    concurrency: int,
) -> dict[str, Any]:
    async with sandbox(base, "bench", log_root) as box:
        watcher = StatusWatcher(box.settings, box.topics.status)
        await watcher.start()
        sampler = MemorySampler(box.services.pids())
        sampler.start()
        try:
            log = await push(
                box.services.url("ingest"),
                articles,
                rate=rate_per_s,
                batch_size=batch_size,
                concurrency=concurrency,
            )
            await settle(box)
            await asyncio.sleep(1.0)  # let the watcher receive the last events
        finally:
            await sampler.stop()
            await watcher.stop()
        return await _end_to_end_figures(box, log, watcher, sampler)


async def _end_to_end_figures(
    box: Sandbox, log: PushLog, watcher: StatusWatcher, sampler: MemorySampler
) -> dict[str, Any]:
    claims = await stored_claims(box.settings)
    versions = await history(box.settings)
    article_ts = await topic_timestamps(box.settings, box.topics.articles)
    claim_records = await read_topic(box.settings, box.topics.claims)
    claim_ts = [r.timestamp / 1000 for r in claim_records]
    claim_article = {c.id: c.article_id for c in claims}
    arrivals = watcher.arrivals

    visible = article_latencies(
        log.acked, claims, versions, ((a.player_id, a.version, a.arrived) for a in arrivals)
    )
    cited = cited_latencies(log.acked, claim_article, ((a.arrived, a.claim_ids) for a in arrivals))
    last_event = max((a.arrived for a in arrivals), default=log.finished)
    seconds = last_event - log.started
    stored_ts = [c.stored_at for c in claims]
    return {
        "articles": len(log.acked),
        "claims": len(claims),
        "claims_on_topic": len(claim_records),
        "status_events": len(arrivals),
        "players": len(versions),
        "push": {
            "seconds": log.seconds,
            "articles_per_s": log.articles_per_s,
            "retries": log.retries,
            "duplicates": log.duplicates,
        },
        "end_to_end": {
            "seconds": seconds,
            "articles_per_s": rate(len(log.acked), seconds),
            "claims_per_s": rate(len(claims), seconds),
        },
        "latency_s": summary(sorted(visible.values())),
        "latency_cited_s": summary(sorted(cited.values())),
        "stages": {
            "ingest_articles_per_s": span_rate(article_ts),
            "extract_claims_per_s": span_rate(claim_ts),
            "status_claims_per_s": span_rate(stored_ts),
            "status_events_per_s": span_rate([a.produced for a in arrivals]),
        },
        "peak_rss_mb": {k: v / MB for k, v in sorted(sampler.peak_bytes.items())},
    }


async def staged(
    base: Settings,
    articles: Sequence[dict[str, Any]],
    *,
    log_root: Path,
    batch_size: int,
    concurrency: int,
) -> dict[str, Any]:
    """Each stage alone on the whole input: its capacity, free of the others' CPU use."""
    async with sandbox(base, "bench", log_root, start=False) as box:
        services = box.services
        services.start(["ingest"])
        await services.wait_ready(["ingest"])
        log = await push(
            services.url("ingest"), articles, batch_size=batch_size, concurrency=concurrency
        )

        services.start(["extract"])
        await services.wait_ready(["extract"])
        extract_started = time.time()
        extract_done = await wait_until_drained(
            box.settings, {extract_group(box.settings): box.topics.articles}
        )
        claims_on_topic = len(await read_topic(box.settings, box.topics.claims))

        services.start(["status"])
        await services.wait_ready(["status"])
        status_started = time.time()
        await wait_until_drained(box.settings, {status_group(box.settings): box.topics.claims})
        await wait_until_settled(box.settings, quiet_s=0.5)
        status_done = time.time()
        claims = await stored_claims(box.settings)

        extract_s = extract_done - extract_started
        status_s = status_done - status_started
        return {
            "articles": len(log.acked),
            "claims": len(claims),
            "ingest": {
                "seconds": log.seconds,
                "articles_per_s": log.articles_per_s,
            },
            "extract": {
                "seconds": extract_s,
                "articles_per_s": rate(len(log.acked), extract_s),
                "claims_per_s": rate(claims_on_topic, extract_s),
            },
            "status": {
                "seconds": status_s,
                "claims_per_s": rate(len(claims), status_s),
                "articles_per_s": rate(len(log.acked), status_s),
            },
        }


def encoded_articles(articles: Sequence[dict[str, Any]]) -> list[bytes]:
    """The articles as the bytes ingest publishes (for the Kafka ceiling's message size)."""
    from bench.engine import as_articles
    from shared.codecs import encode

    return [encode(a) for a in as_articles(articles)]


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
