"""Rule 6: one change, one event; and the digest ignores only the version."""

from __future__ import annotations

from fold_support import claim

from services.status.fold import fold, next_status, status_digest
from shared.events import PlayerStatus


def test_first_status_is_version_one() -> None:
    status = next_status(None, [claim("transfer_interest")])
    assert status is not None and status.version == 1


def test_no_claims_no_status() -> None:
    assert next_status(None, []) is None


def test_a_change_bumps_the_version_by_one() -> None:
    first = next_status(None, [claim("transfer_interest")])
    assert first is not None
    second = next_status(first, [claim("transfer_interest"), claim("transfer_approach", day=1)])
    assert second is not None
    assert second.version == 2
    assert second.suitors[0].stage == "approach"


def test_no_change_no_event() -> None:
    history = [claim("transfer_interest"), claim("contract_expiring", "Liverpool")]
    first = next_status(None, history)
    assert first is not None
    assert next_status(first, history) is None
    assert next_status(first, [*history, history[0]]) is None  # a redelivered claim
    assert next_status(first, list(reversed(history))) is None


def test_a_status_read_back_from_json_compares_equal() -> None:
    history = [claim("transfer_interest"), claim("contract_expiring", "Liverpool", day=2)]
    first = next_status(None, history)
    assert first is not None
    stored = PlayerStatus.model_validate_json(first.model_dump_json())
    assert next_status(stored, history) is None
    assert status_digest(stored) == status_digest(first)


def test_the_digest_ignores_only_the_version() -> None:
    content = fold([claim("transfer_interest")])
    assert content is not None
    one, seven = content.with_version(1), content.with_version(7)
    assert status_digest(one) == status_digest(seven) == status_digest(content)
    moved = one.model_copy(update={"current_club": "Chelsea"})
    assert status_digest(moved) != status_digest(one)
    assert len(status_digest(one)) == 64
