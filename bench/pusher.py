"""Push articles through the ingest HTTP batch endpoint, at a fixed rate or as fast as the
service answers, recording when each article was acknowledged (the 202).

A 503 (Kafka or Postgres away) or a dropped connection is retried until the article is
accepted, as a well-behaved producer would: under chaos that is what keeps "nothing
lost" a property of the pipeline rather than of the pusher. A retry after an ambiguous
failure may publish an article twice; ingest answers "duplicate" for what it already has,
and consumers treat the same article id idempotently.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

BATCH_PATH = "/articles/batch"


class PushRejected(RuntimeError):
    """Ingest answered 4xx: the generator produced something ingest refuses (a bug)."""


@dataclass
class PushLog:
    """What was pushed and when: wall-clock times (time.time()), comparable with the
    arrival times the status watcher records in the same process."""

    acked: dict[str, float] = field(default_factory=dict)  # article id -> ack time
    sent: dict[str, float] = field(default_factory=dict)  # article id -> first send time
    url_ids: dict[str, str] = field(default_factory=dict)  # url -> article id
    duplicates: int = 0
    retries: int = 0
    started: float = 0.0
    finished: float = 0.0

    @property
    def seconds(self) -> float:
        return self.finished - self.started

    @property
    def articles_per_s(self) -> float:
        return len(self.acked) / self.seconds if self.seconds > 0 else 0.0


async def post_batch(
    client: httpx.AsyncClient,
    batch: Sequence[dict[str, Any]],
    log: PushLog,
    *,
    give_up_after_s: float = 600.0,
) -> None:
    """POST one batch until it is acknowledged; record each article's ack time."""
    body = orjson.dumps(list(batch))
    first_sent = time.time()
    deadline = time.monotonic() + give_up_after_s
    delay = 0.2
    while True:
        try:
            response = await client.post(
                BATCH_PATH, content=body, headers={"content-type": "application/json"}
            )
        except httpx.HTTPError:
            response = None
        if response is not None and response.status_code == 202:
            break
        if response is not None and 400 <= response.status_code < 500:
            raise PushRejected(f"ingest answered {response.status_code}: {response.text[:500]}")
        if time.monotonic() > deadline:
            what = f"{response.status_code} {response.text[:300]}" if response is not None else "-"
            raise TimeoutError(f"ingest did not accept a batch within {give_up_after_s}s: {what}")
        log.retries += 1
        await asyncio.sleep(delay)
        delay = min(delay * 2, 2.0)
    acked = time.time()
    for item, result in zip(batch, response.json()["results"], strict=True):
        article_id = result["id"]
        log.acked.setdefault(article_id, acked)
        log.sent.setdefault(article_id, first_sent)
        log.url_ids[item["url"]] = article_id
        log.duplicates += result["status"] == "duplicate"


def batches(articles: Sequence[dict[str, Any]], size: int) -> list[Sequence[dict[str, Any]]]:
    return [articles[i : i + size] for i in range(0, len(articles), max(size, 1))]


async def push(
    base_url: str,
    articles: Sequence[dict[str, Any]],
    *,
    rate: float | None = None,
    batch_size: int = 50,
    concurrency: int = 4,
    give_up_after_s: float = 600.0,
) -> PushLog:
    """Push every article. With `rate` (articles/s), batch k leaves at k*batch_size/rate
    seconds whatever the previous answers (an open-loop load, so a slow service shows as
    latency, not as a slower pusher); without, `concurrency` requests are kept in flight."""
    log = PushLog()
    chunks = batches(articles, batch_size)
    limits = httpx.Limits(max_connections=max(concurrency, 8))
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        log.started = time.time()
        if rate is not None:
            await _open_loop(client, chunks, log, batch_size / rate, give_up_after_s)
        else:
            await _closed_loop(client, chunks, log, concurrency, give_up_after_s)
        log.finished = time.time()
    return log


async def _open_loop(
    client: httpx.AsyncClient,
    chunks: Sequence[Sequence[dict[str, Any]]],
    log: PushLog,
    interval: float,
    give_up_after_s: float,
) -> None:
    started = time.monotonic()
    tasks: list[asyncio.Task[None]] = []
    for k, chunk in enumerate(chunks):
        delay = started + k * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(
            asyncio.create_task(post_batch(client, chunk, log, give_up_after_s=give_up_after_s))
        )
    await asyncio.gather(*tasks)


async def _closed_loop(
    client: httpx.AsyncClient,
    chunks: Sequence[Sequence[dict[str, Any]]],
    log: PushLog,
    concurrency: int,
    give_up_after_s: float,
) -> None:
    queue: asyncio.Queue[Sequence[dict[str, Any]]] = asyncio.Queue()
    for chunk in chunks:
        queue.put_nowait(chunk)

    async def worker() -> None:
        while not queue.empty():
            await post_batch(client, queue.get_nowait(), log, give_up_after_s=give_up_after_s)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
