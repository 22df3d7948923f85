"""The projector: a player's claims, in event order, folded into his picture.

    fold(claims) -> PictureContent | None      the picture, without a version
    next_status(previous, claims)              a new PlayerStatus when the picture changed
    status_digest(status)                      sha256 of the picture without its version

Each part of the picture is its own small fold over the claims that concern it (suitors,
contract, stance); the parts meet here, where a done move resets the contract cycle and
the latest settling claim (a move or an extension reported as fact) discounts everything
said before it. No I/O, no clock, no randomness: the same claims give the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Annotated

import orjson
from pydantic import BaseModel, Field

from shared.events import Claim, PlayerPicture, PlayerStatus, SuitorPicture
from shared.vocabulary import CONTRACT_KINDS, STANCE_KINDS

from .contract import EXTENDED, ContractTrack, apply_contract, contract_picture
from .current_club import current_club, effective_move
from .order import in_event_order, order_key
from .outlook import outlook_picture
from .settlement import Settlement, club_key, settlement_of, settles
from .stance import fold_stance, stance, stance_claims
from .suitors import SUITOR_ORDER, fold_suitors, is_suitor_claim, suitor_picture


class PictureContent(PlayerPicture):
    """Every field of PlayerStatus except `version`: what the fold decides."""

    as_of: datetime
    claim_count: Annotated[int, Field(ge=0)] = 0

    def with_version(self, version: int) -> PlayerStatus:
        return PlayerStatus(**dict(self), version=version)


def fold_contract(claims: Iterable[Claim]) -> ContractTrack:
    track = ContractTrack()
    for claim in claims:
        track = apply_contract(track, claim)
    return track


def _one_player(ordered: Sequence[Claim]) -> None:
    player_ids = sorted({c.player_id for c in ordered})
    if len(player_ids) > 1:
        raise ValueError(f"claims of more than one player: {', '.join(player_ids)}")


def _latest_settlement(move: Claim | None, contract: ContractTrack) -> Settlement | None:
    candidates = [settlement_of(move)] if move is not None and settles(move) else []
    if contract.reached == EXTENDED:
        extensions = [c for c in contract.claims if c.kind == "contract_extended" and settles(c)]
        candidates += [settlement_of(c) for c in extensions[-1:]]
    return max(candidates, key=lambda s: s.key, default=None)


def _rank_key(suitor: SuitorPicture) -> tuple[float, int, bool, str]:
    stage = SUITOR_ORDER.index(suitor.stage) if suitor.stage != "collapsed" else -1
    return (-suitor.probability, -stage, suitor.club is None, (suitor.club or "").casefold())


def fold(claims: Iterable[Claim]) -> PictureContent | None:
    """All claims of one player (ValueError if they name several) into his picture; None
    when there is no claim."""
    ordered = in_event_order(claims)
    if not ordered:
        return None
    _one_player(ordered)
    as_of = ordered[-1].published.astimezone(UTC)
    event_rank = {c.id: n for n, c in enumerate(ordered)}

    suitor_tracks = fold_suitors(c for c in ordered if is_suitor_claim(c))
    move = effective_move(ordered, suitor_tracks)
    since = order_key(move) if move is not None else None
    contract_track = fold_contract(
        c for c in ordered if c.kind in CONTRACT_KINDS and (since is None or order_key(c) > since)
    )
    settlement = _latest_settlement(move, contract_track)
    settled_move = move if move is not None and settles(move) else None
    stance_track = fold_stance(c for c in ordered if c.kind in STANCE_KINDS)

    contract = contract_picture(contract_track, as_of)
    mover = club_key(settled_move.club) if settled_move is not None else None
    suitors = tuple(
        sorted(
            (
                suitor_picture(track, as_of, settlement, settled_move if key == mover else None)
                for key, track in suitor_tracks.items()
            ),
            key=_rank_key,
        )
    )
    club, club_claims = current_club(move, contract_track.claims)
    return PictureContent(
        player_id=ordered[-1].player_id,
        player=ordered[-1].player,
        current_club=club,
        current_club_claims=club_claims,
        contract=contract,
        suitors=suitors,
        outlook=outlook_picture(
            contract=contract,
            suitors=suitors,
            stance_claims=stance_track.claims,
            current_club=club,
            as_of=as_of,
            settlement=settlement,
            event_rank=event_rank,
        ),
        stance=stance(stance_track),
        stance_claims=stance_claims(stance_track),
        as_of=as_of,
        claim_count=len(ordered),
    )


def content_json(content: BaseModel) -> bytes:
    """Canonical JSON of a picture without its version: sorted keys, orjson."""
    data = content.model_dump(mode="json", exclude={"version"})
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def status_digest(status: PlayerStatus | PictureContent) -> str:
    """sha256 of the canonical JSON of the picture without its version."""
    return hashlib.sha256(content_json(status)).hexdigest()


def next_status(previous: PlayerStatus | None, claims: Iterable[Claim]) -> PlayerStatus | None:
    """The new status when folding `claims` (the player's whole history) changes the
    picture: version previous.version + 1, or 1 for a first picture. None when nothing
    changed (one change, one event), or when there is no claim at all."""
    content = fold(claims)
    if content is None:
        return None
    if previous is None:
        return content.with_version(1)
    if status_digest(content) == status_digest(previous):
        return None
    return content.with_version(previous.version + 1)
