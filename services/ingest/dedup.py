"""The memory of what ingest has published, in its own Postgres table `ingest_seen`.

The choice: mark and publish in ONE transaction. `INSERT ... ON CONFLICT DO NOTHING
RETURNING` claims each article's key; the new ones are published and the broker's
acknowledgement awaited while the transaction is open; only then does it commit.

- A failed publish raises, the transaction rolls back, nothing is marked: a retry is "new".
  A crash mid-publish drops the connection and Postgres rolls back the same way, so no key
  is ever left claimed by a publish that did not happen.
- Two concurrent pushes of the same article: the second INSERT waits on the first's
  uncommitted key, then sees the committed row and answers "duplicate" (one "new" only,
  and a "duplicate" answer never publishes).
- The one window left: the broker acknowledged but the commit failed (Postgres went away
  between the two). The push is answered with an error, the article is on the topic, and
  a retry publishes it again and is answered "new". That is at-least-once with the same
  deterministic article id and key, which consumers already treat idempotently; never a
  loss.

Keys are claimed in sorted order so that two batches sharing articles cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import asyncpg

from services.ingest.normalise import dedup_key
from shared.events import Article

Status = Literal["new", "duplicate"]
Publish = Callable[[Sequence[Article]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Outcome:
    article: Article
    # For a duplicate, the id the first push of this article got.
    article_id: str
    status: Status


class SeenTable:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def admit(self, articles: Sequence[Article], publish: Publish) -> list[Outcome]:
        """Publish the articles not seen before, remember them, and say which were new."""
        if not articles:
            return []
        keys = [dedup_key(a) for a in articles]
        first: dict[str, Article] = {}
        for key, article in zip(keys, articles, strict=True):
            first.setdefault(key, article)
        ordered = sorted(first)

        async with self._pool.acquire() as conn, conn.transaction():
            inserted = {
                row["dedup_key"]
                for row in await conn.fetch(
                    """
                    INSERT INTO ingest_seen (dedup_key, article_id, url, via)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
                    ON CONFLICT (dedup_key) DO NOTHING
                    RETURNING dedup_key
                    """,
                    ordered,
                    [first[k].id for k in ordered],
                    [first[k].url for k in ordered],
                    [first[k].via for k in ordered],
                )
            }
            known = {
                row["dedup_key"]: row["article_id"]
                for row in await conn.fetch(
                    "SELECT dedup_key, article_id FROM ingest_seen WHERE dedup_key = ANY($1)",
                    [k for k in ordered if k not in inserted],
                )
            }
            # Published in the order given; claimed in sorted order above.
            await publish([first[k] for k in first if k in inserted])

        outcomes: list[Outcome] = []
        announced: set[str] = set()
        for key, article in zip(keys, articles, strict=True):
            if key in inserted and key not in announced:
                announced.add(key)
                outcomes.append(Outcome(article, article.id, "new"))
            else:
                outcomes.append(Outcome(article, known.get(key, first[key].id), "duplicate"))
        return outcomes
