"""`touchline push PATH... | -`: push articles from files, directories or stdin.

By default it pushes over HTTP to a running ingest service, the same door as everyone
else (tokens, limits, metrics in one place). `--direct` publishes straight to Kafka through
the same normalise and de-duplication path, for bulk loads where no service runs (seeding,
back-fills); it needs the Kafka and Postgres settings (TOUCHLINE_*).

Each input is validated locally first with the service's own rules, so a bad file is
reported without a round trip. Exit code: 0 when everything was accepted or a duplicate,
1 when anything was rejected, 2 when the service or broker could not be reached.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from services.ingest.files import Item, read_paths
from services.ingest.normalise import Limits, Rejection, normalise

app = typer.Typer()

DEFAULT_URL = "http://127.0.0.1:18081"
EXIT_OK, EXIT_REJECTED, EXIT_UNREACHABLE = 0, 1, 2
# Show a progress bar only when a run is long enough to watch.
PROGRESS_FROM = 20
CHUNK_ITEMS = 100
CHUNK_BYTES = 4_000_000


class Unreachable(Exception):
    """The service or broker could not take the articles; stop and say so."""


@dataclass
class Tally:
    accepted: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, Rejection]] = field(default_factory=list)
    unsent: int = 0
    failure: str | None = None

    def record(self, source: str, article_id: str, status: str) -> None:
        (self.accepted if status == "new" else self.duplicates).append((source, article_id))

    @property
    def exit_code(self) -> int:
        if self.failure is not None:
            return EXIT_UNREACHABLE
        return EXIT_REJECTED if self.rejected else EXIT_OK


Sender = Callable[[Sequence[Item]], list[tuple[Item, str, str] | tuple[Item, Rejection]]]


def _chunks(items: Sequence[Item]) -> list[list[Item]]:
    chunks: list[list[Item]] = []
    current: list[Item] = []
    size = 0
    for item in items:
        item_size = len(orjson.dumps(item.data))
        if current and (len(current) >= CHUNK_ITEMS or size + item_size > CHUNK_BYTES):
            chunks.append(current)
            current, size = [], 0
        current.append(item)
        size += item_size
    if current:
        chunks.append(current)
    return chunks


class HttpSender:
    """Sends chunks to `POST /articles/batch`; a 422/413 names the bad indices, which are
    recorded as rejected and the rest re-sent."""

    def __init__(self, client: httpx.Client, token: str | None) -> None:
        self._client = client
        self._headers = {"X-Touchline-Via": "cli"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"

    def __call__(
        self, chunk: Sequence[Item]
    ) -> list[tuple[Item, str, str] | tuple[Item, Rejection]]:
        results: list[tuple[Item, str, str] | tuple[Item, Rejection]] = []
        remaining = list(chunk)
        while remaining:
            try:
                response = self._client.post(
                    "/articles/batch",
                    content=orjson.dumps([i.data for i in remaining]),
                    headers={**self._headers, "Content-Type": "application/json"},
                )
            except httpx.HTTPError as error:
                raise Unreachable(f"cannot reach the ingest service: {error}") from None
            body = _json(response)
            if response.status_code == 202:
                for item, result in zip(remaining, body.get("results", []), strict=False):
                    results.append((item, result["id"], result["status"]))
                return results
            if response.status_code in (413, 422) and body.get("errors"):
                bad: dict[int, Rejection] = {}
                for problem in body["errors"]:
                    index = problem.get("index")
                    if isinstance(index, int) and 0 <= index < len(remaining):
                        bad.setdefault(index, Rejection(problem["field"], problem["reason"]))
                if bad:
                    results.extend((remaining[i], r) for i, r in sorted(bad.items()))
                    remaining = [item for i, item in enumerate(remaining) if i not in bad]
                    continue
            detail = body.get("detail") or response.text[:200]
            raise Unreachable(f"ingest service answered {response.status_code}: {detail}")
        return results


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def run_push(items: Sequence[Item], send: Sender, console: Console) -> Tally:
    """Validate locally, send the valid ones chunk by chunk, and tally the outcomes."""
    tally = Tally()
    now = datetime.now(UTC)
    valid: list[Item] = []
    for item in items:
        if item.rejection is not None or item.data is None:
            tally.rejected.append((item.source, item.rejection or Rejection("article", "empty")))
            continue
        checked = normalise(item.data, now=now, via="cli", limits=Limits())
        if isinstance(checked, Rejection):
            tally.rejected.append((item.source, checked))
        else:
            valid.append(item)

    progress = Progress(
        TextColumn("pushing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=len(valid) < PROGRESS_FROM,
    )
    sent = 0
    with progress:
        task = progress.add_task("push", total=len(valid))
        for chunk in _chunks(valid):
            try:
                outcomes = send(chunk)
            except Unreachable as error:
                tally.failure = str(error)
                tally.unsent = len(valid) - sent
                break
            for outcome in outcomes:
                if len(outcome) == 3:
                    item, article_id, status = outcome
                    tally.record(item.source, article_id, status)
                else:
                    item, rejection = outcome
                    tally.rejected.append((item.source, rejection))
            sent += len(chunk)
            progress.update(task, advance=len(chunk))
    return tally


def print_summary(tally: Tally, console: Console, *, verbose: bool) -> None:
    summary = Table(title="touchline push", show_header=False)
    summary.add_row("accepted", str(len(tally.accepted)))
    summary.add_row("duplicates", str(len(tally.duplicates)))
    summary.add_row("rejected", str(len(tally.rejected)))
    if tally.unsent:
        summary.add_row("not sent", str(tally.unsent))
    console.print(summary)
    if verbose and (tally.accepted or tally.duplicates):
        ids = Table("input", "article id", "status")
        for source, article_id in tally.accepted:
            ids.add_row(source, article_id, "new")
        for source, article_id in tally.duplicates:
            ids.add_row(source, article_id, "duplicate")
        console.print(ids)
    if tally.rejected:
        reasons = Table("input", "field", "reason", title="rejected")
        for source, rejection in tally.rejected:
            reasons.add_row(source, rejection.field, rejection.reason)
        console.print(reasons)
    if tally.failure:
        console.print(f"[red]error:[/red] {tally.failure}")


def _direct_sender_run(items: Sequence[Item], console: Console) -> Tally:
    """--direct: the same normalise + de-duplication + publish path, without the service."""
    from services.ingest.dedup import SeenTable
    from services.ingest.main import COMPONENT, MIGRATIONS, limits_of
    from services.ingest.pipeline import Ingestor, Unavailable
    from services.ingest.publisher import ArticlePublisher
    from shared.db import create_pool, migrate_database
    from shared.kafka import ensure_topics, make_broker
    from shared.settings import load_settings
    from shared.topics import Topics

    settings = load_settings()

    async def main() -> Tally:
        broker = make_broker(settings, service="cli")
        try:
            pool = await create_pool(settings.postgres_dsn, max_size=2)
        except Exception as error:
            return Tally(failure=f"cannot reach Postgres: {error}", unsent=len(items))
        try:
            await migrate_database(settings.postgres_dsn, COMPONENT, MIGRATIONS)
            try:
                await ensure_topics(settings, attempts=1)
                await broker.connect()
            except Exception as error:
                return Tally(failure=f"cannot reach Kafka: {error}", unsent=len(items))
            publisher = ArticlePublisher(broker, Topics.from_settings(settings).articles)
            publisher.connected = True
            ingestor = Ingestor(SeenTable(pool), publisher, limits_of(settings))
            loop = asyncio.get_running_loop()

            def send(chunk: Sequence[Item]) -> list[tuple[Item, str, str] | tuple[Item, Rejection]]:
                return asyncio.run_coroutine_threadsafe(submit(chunk), loop).result()

            async def submit(
                chunk: Sequence[Item],
            ) -> list[tuple[Item, str, str] | tuple[Item, Rejection]]:
                results: list[tuple[Item, str, str] | tuple[Item, Rejection]] = []
                articles = []
                for item in chunk:
                    assert item.data is not None
                    prepared = ingestor.prepare(item.data, via="cli")
                    if isinstance(prepared, Rejection):
                        results.append((item, prepared))
                    else:
                        articles.append((item, prepared))
                try:
                    outcomes = await ingestor.submit([a for _, a in articles], via="cli")
                except Unavailable as error:
                    raise Unreachable(str(error)) from None
                for (item, _), outcome in zip(articles, outcomes, strict=True):
                    results.append((item, outcome.article_id, outcome.status))
                return results

            # The tally loop is synchronous (it drives the progress bar); it runs in a
            # worker thread and hands each chunk back to this loop.
            return await asyncio.to_thread(run_push, items, send, console)
        finally:
            await broker.stop()
            await pool.close()

    return asyncio.run(main())


@app.command()
def push(
    paths: Annotated[
        list[str],
        typer.Argument(help="JSON, NDJSON, HTML or text files, directories, or - for stdin."),
    ],
    url: Annotated[
        str, typer.Option("--url", envvar="TOUCHLINE_INGEST_URL", help="The ingest service.")
    ] = DEFAULT_URL,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="TOUCHLINE_INGEST_TOKEN", help="Bearer token, if required."),
    ] = None,
    direct: Annotated[
        bool, typer.Option("--direct", help="Publish straight to Kafka (TOUCHLINE_* settings).")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every article id.")
    ] = False,
) -> None:
    """Push articles into Touchline; exit 0 all accepted, 1 some rejected, 2 unreachable."""
    out = Console()
    err = Console(stderr=True)
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    items = read_paths(paths, stdin)
    if direct:
        tally = _direct_sender_run(items, err)
    else:
        with httpx.Client(base_url=url, timeout=httpx.Timeout(60.0)) as client:
            tally = run_push(items, HttpSender(client, token), err)
    print_summary(tally, out, verbose=verbose)
    raise typer.Exit(tally.exit_code)
