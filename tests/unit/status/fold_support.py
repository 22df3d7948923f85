"""Claim factories and hypothesis strategies shared by the test_fold_* modules."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from hypothesis import strategies as st

from services.status.fold import PictureContent, fold
from shared import ids
from shared.events import Claim, ClaimDetails, Evidence, SuitorPicture
from shared.vocabulary import CLAIM_KINDS

T0 = datetime(2025, 1, 1, tzinfo=UTC)
PLAYER = "Trent Alexander-Arnold"
SEED_FIXTURE = Path(__file__).with_name("fold_seed_claims.json")


def claim(
    kind: str,
    club: str | None = "Real Madrid",
    *,
    polarity: str = "affirmed",
    certainty: str = "reported",
    source: str | None = None,
    outlet: str | None = "TEAMtalk",
    day: float = 0,
    article: str | None = None,
    position: int = 0,
    player: str = PLAYER,
    timeframe: str | None = None,
    details: dict[str, Any] | None = None,
) -> Claim:
    """A claim `day` days after 2025-01-01; its own article unless `article` is given."""
    article = article or f"{outlet or '-'}:{day}:{position}"
    return Claim(
        id=ids.claim_id(article_id=article, kind=kind, player=player, club=club, polarity=polarity),
        article_id=article,
        player=player,
        player_id=ids.player_id(player),
        kind=kind,  # type: ignore[arg-type]
        club=club,
        polarity=polarity,  # type: ignore[arg-type]
        certainty=certainty,  # type: ignore[arg-type]
        source=source,
        timeframe=timeframe,
        details=ClaimDetails.model_validate(details or {}),
        evidence=Evidence(text=f"{kind} {club}", start=0, end=len(f"{kind} {club}")),
        published=T0 + timedelta(days=day),
        outlet=outlet,
        position=position,
    )


def picture(claims: Iterable[Claim]) -> PictureContent:
    content = fold(claims)
    assert content is not None
    return content


def dump(content: PictureContent | None) -> bytes:
    return orjson.dumps(None if content is None else content.model_dump(mode="json"))


def suitor(content: PictureContent, club: str | None) -> SuitorPicture:
    return next(s for s in content.suitors if s.club == club)


def probability(claims: Iterable[Claim], club: str | None = "Real Madrid") -> float:
    return suitor(picture(claims), club).probability


def seed_claims() -> list[Claim]:
    return [Claim.model_validate(c) for c in json.loads(SEED_FIXTURE.read_text("utf-8"))]


# Strategies: random claims of one player, drawn from small sets so that clubs, outlets,
# articles, event times and even claim ids collide often.
CLUBS = ("Real Madrid", "Chelsea", "Liverpool", None)
OUTLETS = ("TEAMtalk", "BBC Sport", "Sky Sports", None)
SOURCES = (None, "sources", "club source", "Fabrizio Romano", "David Ornstein")
ARTICLES = ("a1", "a2", "a3", "a4", "a5", "a6")


@st.composite
def claims_of_one_player(draw: st.DrawFn) -> Claim:
    hours = draw(st.integers(min_value=0, max_value=24 * 200).map(lambda h: h - h % 6))
    return claim(
        draw(st.sampled_from(CLAIM_KINDS)),
        draw(st.sampled_from(CLUBS)),
        polarity=draw(st.sampled_from(("affirmed", "affirmed", "denied"))),
        certainty=draw(st.sampled_from(("confirmed", "reported", "rumoured", "speculative"))),
        source=draw(st.sampled_from(SOURCES)),
        outlet=draw(st.sampled_from(OUTLETS)),
        day=hours / 24,
        article=draw(st.sampled_from(ARTICLES)),
        position=draw(st.integers(min_value=0, max_value=4)),
        timeframe=draw(st.sampled_from((None, "2025-06-30", "2024-25"))),
        details=draw(st.sampled_from(({}, {"contract_until": "2027"}, {"deal_type": "free"}))),
    )


histories = st.lists(claims_of_one_player(), min_size=1, max_size=40)
