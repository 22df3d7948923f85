"""The filter columns of a picture row come from the picture itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.status.fold import next_status, status_digest
from services.status.store import picture_columns
from shared.events import Claim, PlayerStatus

SEED = Path(__file__).with_name("fold_seed_claims.json")


def picture(player_id: str) -> PlayerStatus:
    if not SEED.exists():
        pytest.skip(f"fold fixture absent: {SEED}")
    claims = [Claim.model_validate(c) for c in json.loads(SEED.read_text())]
    status = next_status(None, [c for c in claims if c.player_id == player_id])
    assert status is not None
    return status


def test_columns_of_a_player_with_a_named_suitor() -> None:
    status = picture("trent-alexander-arnold")
    columns = picture_columns(status)
    assert columns["player_id"] == "trent-alexander-arnold"
    assert columns["current_club_key"] == "liverpool"
    assert columns["contract_state"] == status.contract.state if status.contract else None
    assert columns["suitor_keys"] == ["real-madrid"]
    assert columns["outlook"] == status.outlook.verdict
    assert columns["digest"] == status_digest(status)
    assert PlayerStatus.model_validate(columns["picture"]) == status


def test_an_unnamed_suitor_gives_no_suitor_key() -> None:
    columns = picture_columns(picture("mohamed-salah"))
    assert columns["suitor_keys"] == []
