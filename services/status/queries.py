"""Read side: the questions the HTTP API and `touchline status` ask of what the fold wrote."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from pydantic import BaseModel, ConfigDict, Field

from shared.events import ClaimDetails, PlayerStatus
from shared.ids import slug
from shared.vocabulary import Certainty, ClaimKind, ContractState, Outlook, Polarity

MAX_LIMIT = 200

# Queries run on a pool, a pooled connection or a connection alike.
Db = asyncpg.Pool | asyncpg.Connection | PoolConnectionProxy


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlayerSummary(_Model):
    player_id: str
    player: str
    current_club: str | None
    contract_state: ContractState | None
    outlook: Outlook
    leading_suitor: str | None = Field(description="The suitor with the highest probability")
    suitors: list[str]
    version: int
    as_of: datetime


class PlayerPage(_Model):
    items: list[PlayerSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page")


class TimelineEntry(_Model):
    claim_id: str
    kind: ClaimKind
    club: str | None
    polarity: Polarity
    certainty: Certainty
    source: str | None
    timeframe: str | None
    details: ClaimDetails
    sentence: str
    article_id: str
    url: str | None
    outlet: str | None
    published: datetime


class Timeline(_Model):
    player_id: str
    player: str
    entries: list[TimelineEntry]


class ClubSituations(_Model):
    club: str
    incoming: list[PlayerSummary] = Field(description="Players this club is a suitor of")
    outgoing: list[PlayerSummary] = Field(description="Players whose current club it is")


def summary(status: PlayerStatus) -> PlayerSummary:
    leading = max(status.suitors, key=lambda s: s.probability, default=None)
    return PlayerSummary(
        player_id=status.player_id,
        player=status.player,
        current_club=status.current_club,
        contract_state=status.contract.state if status.contract else None,
        outlook=status.outlook.verdict,
        leading_suitor=leading.club if leading else None,
        suitors=[s.club for s in status.suitors if s.club],
        version=status.version,
        as_of=status.as_of,
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_players(
    db: Db,
    *,
    club: str | None = None,
    contract_state: str | None = None,
    suitor: str | None = None,
    outlook: str | None = None,
    q: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> PlayerPage:
    """Players in id order, filtered; keyset pagination on the player id."""
    where: list[str] = []
    args: list[Any] = []

    def arg(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    if club:
        where.append(f"current_club_key = {arg(slug(club))}")
    if contract_state:
        where.append(f"contract_state = {arg(contract_state)}")
    if suitor:
        where.append(f"suitor_keys @> ARRAY[{arg(slug(suitor))}::text]")
    if outlook:
        where.append(f"outlook = {arg(outlook)}")
    if q:
        where.append(f"lower(player) LIKE {arg('%' + _escape_like(q.lower()) + '%')}")
    if cursor:
        where.append(f"player_id > {arg(cursor)}")
    limit = max(1, min(limit, MAX_LIMIT))
    sql = (
        "SELECT picture FROM status_pictures"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY player_id LIMIT {arg(limit + 1)}"
    )
    rows = await db.fetch(sql, *args)
    items = [summary(PlayerStatus.model_validate(r["picture"])) for r in rows[:limit]]
    more = len(rows) > limit
    return PlayerPage(items=items, next_cursor=items[-1].player_id if more and items else None)


async def get_player(db: Db, player_id: str) -> PlayerStatus | None:
    row = await db.fetchrow("SELECT picture FROM status_pictures WHERE player_id = $1", player_id)
    return PlayerStatus.model_validate(row["picture"]) if row else None


async def find_player_id(db: Db, name_or_id: str) -> str | None:
    """An id as given, else the slug of a name, else a unique name match."""
    for candidate in dict.fromkeys((name_or_id, slug(name_or_id))):
        if await db.fetchval("SELECT 1 FROM status_pictures WHERE player_id = $1", candidate):
            return candidate
    rows = await db.fetch(
        "SELECT player_id FROM status_pictures WHERE lower(player) LIKE $1 LIMIT 2",
        "%" + _escape_like(name_or_id.lower()) + "%",
    )
    return rows[0]["player_id"] if len(rows) == 1 else None


async def timeline(db: Db, player_id: str) -> Timeline | None:
    """Every claim stored about the player, in event-time order, with its evidence."""
    status = await get_player(db, player_id)
    rows = await db.fetch(
        "SELECT claim FROM status_claims WHERE player_id = $1"
        " ORDER BY published, article_id, position, id",
        player_id,
    )
    if status is None and not rows:
        return None
    entries = [_entry(r["claim"]) for r in rows]
    name = status.player if status else rows[0]["claim"]["player"]
    return Timeline(player_id=player_id, player=name, entries=entries)


def _entry(claim: dict[str, Any]) -> TimelineEntry:
    return TimelineEntry(
        claim_id=claim["id"],
        kind=claim["kind"],
        club=claim.get("club"),
        polarity=claim["polarity"],
        certainty=claim["certainty"],
        source=claim.get("source"),
        timeframe=claim.get("timeframe"),
        details=ClaimDetails.model_validate(claim.get("details") or {}),
        sentence=claim["evidence"]["text"],
        article_id=claim["article_id"],
        url=claim.get("url"),
        outlet=claim.get("outlet"),
        published=claim["published"],
    )


async def club_situations(db: Db, club: str) -> ClubSituations:
    key = slug(club)
    incoming = await db.fetch(
        "SELECT picture FROM status_pictures WHERE suitor_keys @> ARRAY[$1::text]"
        " ORDER BY player_id",
        key,
    )
    outgoing = await db.fetch(
        "SELECT picture FROM status_pictures WHERE current_club_key = $1 ORDER BY player_id",
        key,
    )
    return ClubSituations(
        club=club,
        incoming=[summary(PlayerStatus.model_validate(r["picture"])) for r in incoming],
        outgoing=[summary(PlayerStatus.model_validate(r["picture"])) for r in outgoing],
    )
