"""The feed poller: configured RSS/Atom feeds become articles.

Each poll is a conditional GET (If-None-Match / If-Modified-Since from the last answer);
a 304 costs nothing. New entries (by the feed's entry id) are turned into articles: the
entry's full content when the feed carries it, otherwise the article page is fetched and
its main text extracted. State (validators, entries already handled) lives in Postgres so
a restart neither refetches nor reposts.

The validators are saved only once every new entry of the answer was handled: an entry
that could not be fetched or published is retried at the next poll instead of hidden
behind a 304.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
import feedparser
import httpx

from services.ingest import metrics
from services.ingest.normalise import Rejection, html_document, is_language_tag
from services.ingest.pipeline import Ingestor, Unavailable
from shared.events import Article

log = logging.getLogger("touchline.ingest.feeds")

USER_AGENT = "touchline-ingest/0.1 (+https://github.com/touchline)"


@dataclass
class PollResult:
    feed_url: str
    status: int | None = None
    new: int = 0
    duplicates: int = 0
    rejected: list[str] = field(default_factory=list)
    # Entries left for the next poll (page fetch failed, broker or database away).
    deferred: int = 0
    error: str | None = None


def entry_id(entry: Any) -> str:
    for name in ("id", "link"):
        value = entry.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    blob = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()


def _full_content(entry: Any) -> str | None:
    """The entry's body when the feed carries the whole article (content:encoded, Atom
    content), not just a summary."""
    for content in entry.get("content") or ():
        value = content.get("value")
        if isinstance(value, str) and value.strip():
            return value
    return None


def _published(entry: Any) -> str | None:
    # feedparser's parsed time is UTC and copes with the zone names real feeds use
    # ("EST", "PDT") that a strict RFC 2822 reading would refuse; the raw string is the
    # fallback, and normalise names it if it cannot be read either.
    for name in ("published", "updated"):
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            year, month, day, hour, minute, second = parsed[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
        raw = entry.get(name)
        if isinstance(raw, str) and raw.strip():
            return raw
    return None


def entry_fields(entry: Any, feed: Any) -> dict[str, Any]:
    """What the feed itself says about an entry, as article fields (without the text)."""
    fields: dict[str, Any] = {}
    language = feed.get("language")
    for name, value in (
        ("url", entry.get("link")),
        ("title", entry.get("title")),
        ("author", entry.get("author")),
        ("published", _published(entry)),
        ("outlet", feed.get("title")),
        # A feed-wide tag that is not a language tag is dropped, not held against entries.
        ("language", language if isinstance(language, str) and is_language_tag(language) else None),
    ):
        if isinstance(value, str) and value.strip():
            fields[name] = value
    return fields


class FeedPoller:
    def __init__(
        self,
        pool: asyncpg.Pool,
        ingestor: Ingestor,
        client: httpx.AsyncClient,
        feeds: Sequence[str],
    ) -> None:
        self._pool = pool
        self._ingestor = ingestor
        self._client = client
        self.feeds = tuple(feeds)

    async def run(self, interval_s: float) -> None:
        """Poll every feed, then wait; for ever (cancelled at shutdown)."""
        while True:
            await self.poll_all()
            await asyncio.sleep(interval_s)

    async def poll_all(self) -> list[PollResult]:
        results = []
        for url in self.feeds:
            try:
                results.append(await self.poll(url))
            except Exception as error:  # one bad feed must not stop the others
                log.exception("polling %s failed", url)
                results.append(PollResult(url, error=repr(error)))
        return results

    async def poll(self, feed_url: str) -> PollResult:
        result = PollResult(feed_url)
        state = await self._state(feed_url)
        headers = {"User-Agent": USER_AGENT}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        try:
            response = await self._client.get(feed_url, headers=headers, follow_redirects=True)
        except httpx.HTTPError as error:
            result.error = f"fetch failed: {error!r}"
            metrics.FEED_POLLS.labels("error").inc()
            return result
        result.status = response.status_code
        metrics.FEED_POLLS.labels(str(response.status_code)).inc()
        if response.status_code != 200:
            # Unchanged (304) or failed: the validators we had stay the ones to send.
            if response.status_code != 304:
                result.error = f"HTTP {response.status_code}"
            await self._save(feed_url, state.get("etag"), state.get("last_modified"), result.status)
            return result

        parsed = feedparser.parse(
            response.content,
            response_headers={"content-type": response.headers.get("content-type", "")},
        )
        keys = [entry_id(e) for e in parsed.entries]
        seen = await self._seen_entries(feed_url, keys)
        via = f"feed:{feed_url}"
        pending: list[tuple[str, Article]] = []
        for key, entry in zip(keys, parsed.entries, strict=True):
            if key in seen:
                continue
            document = await self._document(entry, parsed.feed)
            if document is None:
                result.deferred += 1
                continue
            outcome = self._ingestor.prepare(document, via=via)
            if isinstance(outcome, Rejection):
                log.warning("feed %s entry %s rejected: %s", feed_url, key, outcome)
                result.rejected.append(f"{key}: {outcome}")
                await self._remember(feed_url, key, None, f"rejected: {outcome}")
            else:
                pending.append((key, outcome))

        if pending:
            try:
                outcomes = await self._ingestor.submit([a for _, a in pending], via=via)
            except Unavailable as error:
                result.deferred += len(pending)
                result.error = str(error)
                return result
            for (key, _), done in zip(pending, outcomes, strict=True):
                await self._remember(feed_url, key, done.article_id, done.status)
                if done.status == "new":
                    result.new += 1
                else:
                    result.duplicates += 1

        if result.deferred == 0:
            await self._save(
                feed_url,
                response.headers.get("etag"),
                response.headers.get("last-modified"),
                response.status_code,
            )
        return result

    async def _document(self, entry: Any, feed: Any) -> dict[str, Any] | None:
        fields = entry_fields(entry, feed)
        content = _full_content(entry)
        if content is not None:
            return {**fields, "text": content}
        link = fields.get("url")
        summary = entry.get("summary")
        if not link:
            return {**fields, "text": summary or ""}
        try:
            page = await self._client.get(
                link, headers={"User-Agent": USER_AGENT}, follow_redirects=True
            )
            page.raise_for_status()
        except httpx.HTTPError as error:
            log.warning("fetching the page of %s failed (%r); retrying next poll", link, error)
            return None
        # The feed's own metadata wins over what the page's markup suggests.
        return {**html_document(page.text, url=str(page.url)), **fields}

    async def _state(self, feed_url: str) -> dict[str, Any]:
        async with self._pool.acquire() as conn:
            row = await conn.fetchrow(
                "SELECT etag, last_modified FROM ingest_feeds WHERE feed_url = $1", feed_url
            )
        return dict(row) if row else {}

    async def _save(
        self, feed_url: str, etag: str | None, last_modified: str | None, status: int | None
    ) -> None:
        async with self._pool.acquire() as conn:
            await conn.execute(
                """
                INSERT INTO ingest_feeds (feed_url, etag, last_modified, last_status, last_polled)
                VALUES ($1, $2, $3, $4, now())
                ON CONFLICT (feed_url) DO UPDATE SET etag = $2, last_modified = $3,
                    last_status = $4, last_polled = now()
                """,
                feed_url,
                etag,
                last_modified,
                status,
            )

    async def _seen_entries(self, feed_url: str, keys: list[str]) -> set[str]:
        async with self._pool.acquire() as conn:
            rows = await conn.fetch(
                "SELECT entry_id FROM ingest_feed_entries"
                " WHERE feed_url = $1 AND entry_id = ANY($2)",
                feed_url,
                keys,
            )
        return {row["entry_id"] for row in rows}

    async def _remember(
        self, feed_url: str, key: str, article_id: str | None, outcome: str
    ) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO ingest_feeds (feed_url) VALUES ($1) ON CONFLICT DO NOTHING", feed_url
            )
            await conn.execute(
                """
                INSERT INTO ingest_feed_entries (feed_url, entry_id, article_id, outcome)
                VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
                """,
                feed_url,
                key,
                article_id,
                outcome[:1000],
            )
