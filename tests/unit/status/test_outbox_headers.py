"""Status events carry CloudEvents headers whose id names the player and the version."""

from __future__ import annotations

from datetime import UTC, datetime

from services.status.outbox import OutboxRow, event_headers
from shared.codecs import STATUS_TYPE


def test_headers_identify_player_and_version() -> None:
    created = datetime(2025, 1, 1, 12, tzinfo=UTC)
    row = OutboxRow(id=7, player_id="virgil-van-dijk", version=3, payload=b"{}", created_at=created)
    headers = event_headers(row)
    assert headers["ce_id"] == "virgil-van-dijk:3"
    assert headers["ce_subject"] == "virgil-van-dijk"
    assert headers["ce_type"] == STATUS_TYPE
    assert headers["ce_time"] == created.isoformat()
    assert headers["content-type"] == "application/json"
