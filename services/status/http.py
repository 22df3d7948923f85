"""HTTP routes of the status service: players, their pictures and evidence, clubs."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import APIRouter, HTTPException, Query, Request

from services.status import queries
from services.status.queries import ClubSituations, PlayerPage, Timeline
from shared.events import PlayerStatus
from shared.vocabulary import ContractState, Outlook

router = APIRouter(tags=["players"])


def _text(name: str, value: str | None) -> str | None:
    # Postgres text cannot hold NUL: say so rather than fail inside the query.
    if value is not None and "\x00" in value:
        raise HTTPException(422, f"{name} must not contain a NUL character")
    return value


def _pool(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool | None = getattr(request.app.state, "pool", None)
    if pool is None:
        raise HTTPException(503, "the status database is not connected yet")
    return pool


@router.get("/players", response_model=PlayerPage, summary="List players")
async def list_players(
    request: Request,
    club: Annotated[str | None, Query(description="Current club (name or slug)")] = None,
    contract_state: ContractState | None = None,
    suitor: Annotated[str | None, Query(description="A club among his suitors")] = None,
    outlook: Outlook | None = None,
    q: Annotated[str | None, Query(description="Part of the player's name", max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
) -> PlayerPage:
    return await queries.list_players(
        _pool(request),
        club=_text("club", club),
        contract_state=contract_state,
        suitor=_text("suitor", suitor),
        outlook=outlook,
        q=_text("q", q),
        limit=limit,
        cursor=_text("cursor", cursor),
    )


@router.get(
    "/players/{player_id}",
    response_model=PlayerStatus,
    summary="One player's picture",
    responses={404: {"description": "No picture for this player"}},
)
async def get_player(request: Request, player_id: str) -> PlayerStatus:
    status = await queries.get_player(_pool(request), _text("player_id", player_id) or "")
    if status is None:
        raise HTTPException(404, f"no picture for player {player_id!r}")
    return status


@router.get(
    "/players/{player_id}/timeline",
    response_model=Timeline,
    summary="A player's evidence timeline",
    responses={404: {"description": "No claims about this player"}},
)
async def get_timeline(request: Request, player_id: str) -> Timeline:
    found = await queries.timeline(_pool(request), _text("player_id", player_id) or "")
    if found is None:
        raise HTTPException(404, f"no claims about player {player_id!r}")
    return found


@router.get(
    "/clubs/{club}/situations",
    response_model=ClubSituations,
    summary="A club's incoming and outgoing situations",
)
async def get_club_situations(request: Request, club: str) -> ClubSituations:
    return await queries.club_situations(_pool(request), _text("club", club) or "")
