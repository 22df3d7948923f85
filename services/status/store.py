"""Postgres writes of the status service: claims in, pictures, history and outbox out.

Everything a batch of claims changes is written in one transaction: the new claims, the
recomputed picture of every touched player, a history row and an outbox event per change.
A player's rows are serialised by a transaction-scoped advisory lock, so two consumers
(say, during a rebalance) can never interleave or duplicate his versions.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from services.status.fold import next_status, status_digest
from shared.codecs import encode
from shared.events import Claim, PlayerStatus
from shared.ids import slug

log = logging.getLogger("touchline.status.store")

# Postgres NOTIFY channel that wakes the outbox relay.
OUTBOX_CHANNEL = "touchline_status_outbox"
# First key of the two-key advisory lock that serialises one player's versions.
_PLAYER_LOCK_SPACE = 0x5747

# A connection of our own or one borrowed from a pool: both run our statements.
Conn = asyncpg.Connection | PoolConnectionProxy


class ClaimCache:
    """Parsed claims by id, the least recently used dropped beyond `max_claims`.

    Refolding a player needs his whole history, and reading it back from Postgres meant
    shipping and re-validating every one of his claims on every batch that touched him: the
    status stage's main cost (docs/benchmarks.md). A stored claim row never changes (the
    insert is ON CONFLICT DO NOTHING, never an update), so a parsed copy stays true.
    """

    def __init__(self, max_claims: int = 50_000) -> None:
        self.max_claims = max_claims
        self._claims: OrderedDict[str, Claim] = OrderedDict()

    def __len__(self) -> int:
        return len(self._claims)

    def lookup(self, claim_ids: Iterable[str]) -> dict[str, Claim]:
        """The cached ones among `claim_ids`, marked as recently used."""
        found: dict[str, Claim] = {}
        for claim_id in claim_ids:
            claim = self._claims.get(claim_id)
            if claim is not None:
                self._claims.move_to_end(claim_id)
                found[claim_id] = claim
        return found

    def put_many(self, claims: Iterable[Claim]) -> None:
        for claim in claims:
            self._claims[claim.id] = claim
            self._claims.move_to_end(claim.id)
        while len(self._claims) > self.max_claims:
            self._claims.popitem(last=False)


@dataclass(frozen=True, slots=True)
class BatchResult:
    received: int
    stored: int  # claims not seen before
    changed: tuple[PlayerStatus, ...] = field(default=())


def picture_columns(status: PlayerStatus) -> dict[str, Any]:
    """The filterable columns of a picture row, derived from the picture itself."""
    return {
        "player_id": status.player_id,
        "player": status.player,
        "version": status.version,
        "picture": status.model_dump(mode="json"),
        "digest": status_digest(status),
        "current_club": status.current_club,
        "current_club_key": slug(status.current_club) if status.current_club else None,
        "contract_state": status.contract.state if status.contract else None,
        "outlook": status.outlook.verdict,
        "suitor_keys": sorted({slug(s.club) for s in status.suitors if s.club}),
        "as_of": status.as_of,
    }


def _claim_row(claim: Claim) -> tuple[Any, ...]:
    return (
        claim.id,
        claim.player_id,
        claim.article_id,
        claim.published,
        claim.position,
        claim.model_dump(mode="json"),
    )


_INSERT_CLAIMS = """
INSERT INTO status_claims (id, player_id, article_id, published, position, claim)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::jsonb[])
ON CONFLICT (id) DO NOTHING
RETURNING id, player_id
"""

_UPSERT_PICTURE = """
INSERT INTO status_pictures (player_id, player, version, picture, digest, current_club,
    current_club_key, contract_state, outlook, suitor_keys, as_of, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
ON CONFLICT (player_id) DO UPDATE SET
    player = EXCLUDED.player, version = EXCLUDED.version, picture = EXCLUDED.picture,
    digest = EXCLUDED.digest, current_club = EXCLUDED.current_club,
    current_club_key = EXCLUDED.current_club_key, contract_state = EXCLUDED.contract_state,
    outlook = EXCLUDED.outlook, suitor_keys = EXCLUDED.suitor_keys, as_of = EXCLUDED.as_of,
    updated_at = now()
"""


async def insert_claims(
    conn: Conn, claims: Sequence[Claim], cache: ClaimCache | None = None
) -> list[str]:
    """Store the claims not seen before; returns the player of each one stored. The stored
    ones go into `cache` as written, so their refold need not read them back."""
    if not claims:
        return []
    # One row per id, in id order: concurrent inserters then take row locks in one order.
    by_id = {c.id: c for c in claims}
    unique = sorted(by_id.values(), key=lambda c: c.id)
    columns = list(zip(*(_claim_row(c) for c in unique), strict=True))
    rows = await conn.fetch(_INSERT_CLAIMS, *[list(col) for col in columns])
    if cache is not None:
        cache.put_many(by_id[row["id"]] for row in rows)
    return [row["player_id"] for row in rows]


async def lock_players(conn: Conn, player_ids: Iterable[str]) -> list[str]:
    """Take each player's lock in sorted order (no deadlock between two lockers)."""
    ordered = sorted(set(player_ids))
    await conn.executemany(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        [(_PLAYER_LOCK_SPACE, pid) for pid in ordered],
    )
    return ordered


async def recompute(
    conn: Conn, player_ids: Iterable[str], cache: ClaimCache | None = None
) -> list[PlayerStatus]:
    """Refold each player from all his stored claims and write what changed. Runs inside
    the caller's transaction; returns the new statuses (one per changed player)."""
    ordered = await lock_players(conn, player_ids)
    if not ordered:
        return []
    previous = {
        row["player_id"]: PlayerStatus.model_validate(row["picture"])
        for row in await conn.fetch(
            "SELECT player_id, picture FROM status_pictures WHERE player_id = ANY($1::text[])",
            ordered,
        )
    }
    claims = await (
        histories(conn, ordered) if cache is None else cached_histories(conn, ordered, cache)
    )

    changed = [
        status
        for pid in ordered
        if (status := next_status(previous.get(pid), claims[pid])) is not None
    ]
    if changed:
        await write_changes(conn, changed)
    return changed


_HISTORY_ORDER = " ORDER BY player_id, published, article_id, position, id"


async def histories(conn: Conn, ordered: list[str]) -> dict[str, list[Claim]]:
    """Each player's claims in the fold's storage order, read and parsed from Postgres."""
    claims: dict[str, list[Claim]] = {pid: [] for pid in ordered}
    for row in await conn.fetch(
        "SELECT player_id, claim FROM status_claims WHERE player_id = ANY($1::text[])"
        + _HISTORY_ORDER,
        ordered,
    ):
        claims[row["player_id"]].append(Claim.model_validate(row["claim"]))
    return claims


async def cached_histories(
    conn: Conn, ordered: list[str], cache: ClaimCache
) -> dict[str, list[Claim]]:
    """The same, reading only the ids of the history and the claims the cache lacks: Postgres
    still says which claims a player has, the cache only spares re-parsing them."""
    rows = await conn.fetch(
        "SELECT player_id, id FROM status_claims WHERE player_id = ANY($1::text[])"
        + _HISTORY_ORDER,
        ordered,
    )
    known = cache.lookup(row["id"] for row in rows)
    missing = [row["id"] for row in rows if row["id"] not in known]
    if missing:
        parsed = [
            Claim.model_validate(row["claim"])
            for row in await conn.fetch(
                "SELECT claim FROM status_claims WHERE id = ANY($1::text[])", missing
            )
        ]
        known.update((claim.id, claim) for claim in parsed)
        cache.put_many(parsed)
    claims: dict[str, list[Claim]] = {pid: [] for pid in ordered}
    for row in rows:
        claims[row["player_id"]].append(known[row["id"]])
    return claims


async def write_changes(conn: Conn, changed: Sequence[PlayerStatus]) -> None:
    """Picture, history row and outbox event of each change; wakes the relay on commit."""
    columns = [picture_columns(s) for s in changed]
    await conn.executemany(_UPSERT_PICTURE, [tuple(c.values()) for c in columns])
    await conn.executemany(
        "INSERT INTO status_history (player_id, version, picture, digest) VALUES ($1, $2, $3, $4)",
        [(c["player_id"], c["version"], c["picture"], c["digest"]) for c in columns],
    )
    await conn.executemany(
        "INSERT INTO status_outbox (player_id, version, payload) VALUES ($1, $2, $3)",
        [(s.player_id, s.version, encode(s)) for s in changed],
    )
    # Delivered only if the transaction commits.
    await conn.execute(f"NOTIFY {OUTBOX_CHANNEL}")


async def apply_claims(
    pool: asyncpg.Pool, claims: Sequence[Claim], cache: ClaimCache | None = None
) -> BatchResult:
    """One batch, one transaction: store new claims and refold the players they touch.
    A batch whose claims are all known already changes nothing."""
    async with pool.acquire() as conn, conn.transaction():
        stored = await insert_claims(conn, claims, cache)
        changed = await recompute(conn, stored, cache)
    return BatchResult(received=len(claims), stored=len(stored), changed=tuple(changed))
