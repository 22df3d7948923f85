"""The articles handler alone, with fakes for Kafka and the engine.

What needs the broker (acks, commits, redelivery, groups) is in
tests/integration/test_extract_service.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

import orjson
import pytest
from aiokafka.errors import KafkaConnectionError
from aiokafka.structs import ConsumerRecord
from prometheus_client import REGISTRY

from services.extract.consumer import ArticlesHandler, claim_headers, group_id
from services.extract.engine.model import ArticleInput, ExtractedClaim
from shared.codecs import CLAIM_TYPE, encode
from shared.events import Article, Claim, DeadLetter
from shared.kafka import DeadLetters
from shared.settings import Settings

TOPIC = "t.articles"
NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _record(value: bytes, offset: int, key: bytes | None = b"k") -> ConsumerRecord[Any, Any]:
    return ConsumerRecord(
        topic=TOPIC,
        partition=0,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=key,
        value=value,
        checksum=None,
        serialized_key_size=len(key or b""),
        serialized_value_size=len(value),
        headers=[],
    )


def _article(article_id: str, text: str) -> bytes:
    return encode(Article(id=article_id, published=NOW, ingested_at=NOW, text=text))


class FakeEngine:
    """Finds `<Name> signs for <Club>.` sentences; raises on articles containing `CRASH`."""

    name = "fake"

    def extract(self, article: ArticleInput) -> list[ExtractedClaim]:
        if "CRASH" in article.text:
            raise RuntimeError("engine exploded")
        claims = []
        start = 0
        for position, sentence in enumerate(article.text.split(". ")):
            player, _, club = sentence.rstrip(".").partition(" signs for ")
            if club:
                claims.append(
                    ExtractedClaim(
                        player=player,
                        kind="transfer_completed",
                        club=club,
                        polarity="affirmed",
                        certainty="reported",
                        source=None,
                        timeframe=None,
                        evidence_text=sentence,
                        evidence_start=start,
                        evidence_end=start + len(sentence),
                        position=position,
                    )
                )
            start += len(sentence) + 2
        return claims


@dataclass
class FakeBroker:
    """Stands in for KafkaBroker.publish as DeadLetters uses it: acknowledged at once."""

    published: list[dict[str, Any]] = field(default_factory=list)

    async def publish(self, message: bytes, **options: Any) -> None:
        self.published.append({"value": message, **options})


@dataclass
class FakeSink:
    """Publishes claims; the first `failures` acks fail as a broker outage would."""

    failures: int = 0
    sent: list[Claim] = field(default_factory=list)
    acked: list[Claim] = field(default_factory=list)

    async def __call__(self, claim: Claim) -> asyncio.Future[Any]:
        self.sent.append(claim)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if self.failures:
            self.failures -= 1
            future.set_exception(KafkaConnectionError("broker away"))
        else:
            self.acked.append(claim)
            future.set_result(None)
        return future


def _handler(sink: FakeSink, broker: FakeBroker) -> ArticlesHandler:
    return ArticlesHandler(
        send=sink,
        dead_letters=DeadLetters(cast(Any, broker), "extract"),
        extractor=FakeEngine(),
    )


def _metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_claims_of_the_batch_are_published_and_poison_dead_lettered() -> None:
    sink, broker = FakeSink(), FakeBroker()
    before = _metric("touchline_extract_claims_total", kind="transfer_completed")
    records = [
        _record(_article("a1", "Declan Rice signs for Arsenal. Kai Havertz signs for Arsenal."), 0),
        _record(b"{not json", 1),
        _record(_article("a2", "CRASH. Mason Mount signs for Manchester United."), 2),
        _record(b'{"schema_version": 2}', 3),
        _record(_article("a3", "Moises Caicedo signs for Chelsea."), 4),
    ]

    outcome = await _handler(sink, broker)(records)

    assert [c.player_id for c in sink.acked] == ["declan-rice", "kai-havertz", "moises-caicedo"]
    assert outcome.claims == sink.acked
    assert (outcome.extracted, outcome.dead_lettered) == (2, 3)
    letters = {orjson.loads(p["value"])["offset"]: p for p in broker.published}
    assert set(letters) == {1, 2, 3}
    assert all(p["topic"] == "t.articles.dlq" for p in broker.published)
    reasons = {o: DeadLetter.model_validate_json(p["value"]).reason for o, p in letters.items()}
    assert reasons[1].startswith("invalid JSON")
    assert reasons[2] == "extraction failed: RuntimeError: engine exploded"
    assert reasons[3] == "schema_version: expected 1, got 2"
    after = _metric("touchline_extract_claims_total", kind="transfer_completed")
    assert after - before == 3


async def test_a_transient_publish_failure_is_retried_without_resending_acked_claims() -> None:
    sink, broker = FakeSink(failures=1), FakeBroker()
    before = _metric("touchline_extract_errors_total", reason="transient")
    text = "Declan Rice signs for Arsenal. Kai Havertz signs for Arsenal."

    outcome = await _handler(sink, broker)([_record(_article("a1", text), 0)])

    assert [c.player_id for c in sink.acked] == ["kai-havertz", "declan-rice"]
    assert [c.player_id for c in sink.sent] == ["declan-rice", "kai-havertz", "declan-rice"]
    assert len(outcome.claims) == 2
    assert broker.published == []
    assert _metric("touchline_extract_errors_total", reason="transient") - before == 1


async def test_an_empty_article_batch_publishes_nothing() -> None:
    sink, broker = FakeSink(), FakeBroker()
    outcome = await _handler(sink, broker)([_record(_article("a1", "Nothing happened."), 0)])
    assert (outcome.claims, outcome.extracted, outcome.dead_lettered) == ([], 1, 0)
    assert sink.sent == [] and broker.published == []


def test_claim_headers_are_cloudevents_with_the_player_as_subject() -> None:
    text = "Declan Rice signs for Arsenal."
    claim = Claim.model_validate(
        {
            "id": "c1",
            "article_id": "a1",
            "player": "Declan Rice",
            "player_id": "declan-rice",
            "kind": "transfer_completed",
            "evidence": {"text": text, "start": 0, "end": len(text)},
            "published": NOW,
        }
    )
    headers = claim_headers(claim)
    assert headers["ce_id"] == "c1"
    assert headers["ce_type"] == CLAIM_TYPE
    assert headers["ce_subject"] == "declan-rice"
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_time"] == NOW.isoformat()


@pytest.mark.parametrize(
    ("prefix", "group"), [("touchline.", "touchline-extract"), ("test.ab12.", "test.ab12-extract")]
)
def test_group_id_follows_the_topic_prefix(prefix: str, group: str) -> None:
    assert group_id(Settings(topic_prefix=prefix)) == group
