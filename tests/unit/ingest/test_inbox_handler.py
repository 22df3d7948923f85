"""The inbox handler with fakes: bad records dead-lettered with their reason, good ones
submitted, and an outage retried rather than dead-lettered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from aiokafka.structs import ConsumerRecord

from services.ingest.dedup import Outcome
from services.ingest.inbox import handle_records
from services.ingest.normalise import Limits, Rejection, normalise_bytes
from services.ingest.pipeline import Unavailable
from shared.events import Article


def record(offset: int, value: bytes | None) -> ConsumerRecord[Any, Any]:
    return ConsumerRecord(
        topic="inbox",
        partition=0,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=b"k",
        value=value,
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=len(value or b""),
        headers=(),
    )


class FakeIngestor:
    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.submitted: list[list[Article]] = []

    def prepare(self, data: bytes, *, via: str) -> Article | Rejection:
        return normalise_bytes(data, now=datetime.now(UTC), via=via, limits=Limits())

    async def submit(self, articles: Sequence[Article], *, via: str) -> list[Outcome]:
        if self.failures:
            self.failures -= 1
            raise Unavailable("kafka", "broker away")
        if any("poison" in a.text for a in articles):
            raise ValueError("the database refused it")
        self.submitted.append(list(articles))
        return [Outcome(a, a.id, "new") for a in articles]


class FakeDeadLetters:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send(self, **letter: Any) -> None:
        self.sent.append(letter)


async def test_bad_records_go_to_the_dead_letters_and_good_ones_are_submitted() -> None:
    ingestor, letters = FakeIngestor(), FakeDeadLetters()
    records = [
        record(0, orjson.dumps({"text": "Salah signs."})),
        record(1, b"{oops"),
        record(2, None),
        record(3, orjson.dumps({"text": "ok", "published": "never"})),
    ]
    done = await handle_records(records, ingestor, letters)  # type: ignore[arg-type]
    assert done == (1, 3)
    assert [a.text for a in ingestor.submitted[0]] == ["Salah signs."]
    assert [(s["offset"], s["reason"].split(":")[0]) for s in letters.sent] == [
        (1, "article"),
        (2, "article"),
        (3, "published"),
    ]
    assert letters.sent[0]["raw"] == b"{oops"


async def test_an_outage_is_retried_not_dead_lettered() -> None:
    ingestor, letters = FakeIngestor(failures=2), FakeDeadLetters()
    done = await handle_records(
        [record(0, orjson.dumps({"text": "Salah signs."}))],
        ingestor,  # type: ignore[arg-type]
        letters,  # type: ignore[arg-type]
    )
    assert done == (1, 0)
    assert letters.sent == []
    assert len(ingestor.submitted) == 1


async def test_an_article_that_fails_for_good_is_dead_lettered_alone() -> None:
    ingestor, letters = FakeIngestor(), FakeDeadLetters()
    records = [
        record(0, orjson.dumps({"text": "Salah signs."})),
        record(1, orjson.dumps({"text": "poison pill"})),
        record(2, orjson.dumps({"text": "Trent leaves."})),
    ]
    done = await handle_records(records, ingestor, letters)  # type: ignore[arg-type]
    assert done == (2, 1)
    assert [[a.text for a in batch] for batch in ingestor.submitted] == [
        ["Salah signs."],
        ["Trent leaves."],
    ]
    (letter,) = letters.sent
    assert (letter["offset"], letter["error_type"]) == (1, "ValueError")
    assert "the database refused it" in letter["reason"]
