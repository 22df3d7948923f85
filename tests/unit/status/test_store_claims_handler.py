"""The claims handler alone, with a fake store and a fake dead-letter topic: what goes
where when records are poison, the database is briefly away, or one player cannot fold."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiokafka.structs import ConsumerRecord

from services.status import consumer
from services.status.consumer import ClaimsHandler, group_id
from services.status.store import BatchResult
from shared.codecs import encode
from shared.events import Claim
from shared.settings import Settings
from tests.infra import CONNECTION_LOST

SEED = Path(__file__).with_name("fold_seed_claims.json")


def seed_claims() -> list[Claim]:
    if not SEED.exists():
        pytest.skip(f"fold fixture absent: {SEED}")
    return [Claim.model_validate(c) for c in json.loads(SEED.read_text())]


def record(value: bytes, offset: int, key: str = "k") -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord("t.claims", 0, offset, 0, 0, key.encode(), value, None, 1, 1, [])


class FakeDeadLetters:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send_record(self, rec: ConsumerRecord[Any, Any], error: BaseException) -> None:
        self.sent.append((rec.offset, str(error)))


class FakeStore:
    """apply_claims that fails as told: transiently a number of times, or for ever for a
    given player."""

    def __init__(
        self,
        *,
        transient_failures: int = 0,
        broken_player: str | None = None,
        outage: Exception | None = None,
    ):
        self.transient_failures = transient_failures
        self.outage = outage or asyncpg.PostgresConnectionError("database restarting")
        self.broken_player = broken_player
        self.applied: list[list[str]] = []

    async def __call__(self, pool: Any, claims: Sequence[Claim]) -> BatchResult:
        if self.transient_failures:
            self.transient_failures -= 1
            raise self.outage
        if any(c.player_id == self.broken_player for c in claims):
            raise ValueError("the fold cannot take this")
        self.applied.append([c.id for c in claims])
        return BatchResult(received=len(claims), stored=len(claims))


def handler(store: FakeStore, monkeypatch: pytest.MonkeyPatch) -> tuple[ClaimsHandler, Any]:
    monkeypatch.setattr(consumer, "apply_claims", store)
    letters = FakeDeadLetters()
    return ClaimsHandler(pool=None, dead_letters=letters), letters  # type: ignore[arg-type]


async def test_poison_records_are_dead_lettered_and_the_rest_applied(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claims = seed_claims()[:3]
    store = FakeStore()
    handle, letters = handler(store, monkeypatch)
    records = [record(b"{oops", 0), *(record(encode(c), n + 1) for n, c in enumerate(claims))]

    result = await handle(records)

    assert [offset for offset, _ in letters.sent] == [0]
    assert "invalid JSON" in letters.sent[0][1]
    assert store.applied == [[c.id for c in claims]]
    assert result.stored == 3


@pytest.mark.parametrize("outage", CONNECTION_LOST, ids=lambda e: type(e).__name__)
async def test_transient_failures_are_retried_not_dead_lettered(
    monkeypatch: pytest.MonkeyPatch, outage: Exception
) -> None:
    claims = seed_claims()[:2]
    store = FakeStore(transient_failures=2, outage=outage)
    handle, letters = handler(store, monkeypatch)

    result = await handle([record(encode(c), n) for n, c in enumerate(claims)])

    assert letters.sent == []
    assert result.stored == 2


async def test_a_player_the_fold_cannot_take_does_not_stall_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claims = seed_claims()
    store = FakeStore(broken_player="mohamed-salah")
    handle, letters = handler(store, monkeypatch)
    records = [record(encode(c), n) for n, c in enumerate(claims)]

    result = await handle(records)

    salah = [n for n, c in enumerate(claims) if c.player_id == "mohamed-salah"]
    assert sorted(offset for offset, _ in letters.sent) == salah
    assert all("mohamed-salah" in reason for _, reason in letters.sent)
    applied = {cid for batch in store.applied for cid in batch}
    assert applied == {c.id for c in claims if c.player_id != "mohamed-salah"}
    assert result.stored == len(claims) - len(salah)


def test_group_is_private_to_a_topic_prefix() -> None:
    assert group_id(Settings(topic_prefix="touchline.")) == "touchline-status"
    assert group_id(Settings(topic_prefix="test.ab12.")) == "test.ab12-status"
